/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hci_usb.h - what the USB HCI transport (hci_usb.c) shares with the
 * laptop checks (src/doctor): which USB devices are Bluetooth
 * controllers.
 */
#ifndef LS_ADAPTERS_HCI_USB_H
#define LS_ADAPTERS_HCI_USB_H

#include <stdbool.h>
#include <stdint.h>

#include <libusb.h>

/*
 * True when dev is a Bluetooth controller: class E0/01/01 on the device
 * or on its first interface (Core 5.4 Vol 4 Part B §2.1).  dd is dev's
 * device descriptor.
 */
bool	usb_hci_is_bt(libusb_device *dev,
	    const struct libusb_device_descriptor *dd);

/*
 * Known controllers that advertise what they cannot do, by USB VID:PID,
 * as the kernel's drivers/bluetooth/btusb.c marks them: TRANSPORT_*
 * flags for the transport (0 for none) and, when not NULL, *name says
 * which chip.
 */
unsigned usb_hci_quirks(uint16_t vid, uint16_t pid, const char **name);

#endif
