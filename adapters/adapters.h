/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * adapters.h - the implementations of lockscope's hardware interfaces,
 * and the one place that maps what the user typed to one of them.  Only
 * the commands (src/cmd/) include this file.
 *
 * HCI adapter specs (--adapter, or LOCKSCOPE_ADAPTER):
 *   hciN                 BlueZ kernel stack, raw HCI socket (libbluetooth)
 *   user:hciN            HCI user channel: exclusive, adapter down
 *   h4:unix:PATH         H4 over a unix stream socket (hci-emu)
 *   h4:/dev/TTY[:BAUD]   H4 over a serial line (default 115200, RTS/CTS)
 *   usb[:VID:PID]        a USB dongle through libusb (hci_usb.c)
 * replay:FILE is refused with LS_EUSAGE pointing at 'lockscope replay'.
 *
 * The other interfaces: ATT over a connection the kernel owns
 * (att_kernel.h, for hciN), the NFC reader through libnfc
 * (adapters_nfc_reader), and the system probe of lockscope doctor
 * (system_probe.h).
 */
#ifndef LS_ADAPTERS_ADAPTERS_H
#define LS_ADAPTERS_ADAPTERS_H

#include "hci/transport.h"
#include "nfc/reader.h"
#include "util/err.h"

/*
 * Open the HCI adapter named by spec (a transport_open_fn).  Errors:
 * LS_EUSAGE (bad spec), LS_EUNAVAIL (absent, down, or refused), LS_EPERM
 * (needs privileges), LS_EIO.
 */
enum ls_err	 adapters_open_hci(const char *spec,
		    const struct transport_opts *opts, struct transport **out,
		    struct ls_errbuf *eb);

/*
 * Wrap an already connected H4 byte-stream fd (a socketpair in tests, a
 * bridge) as a transport.  Takes ownership of fd, also on failure.
 */
enum ls_err	 transport_h4_fd(int fd, const char *spec,
		    struct transport **out, struct ls_errbuf *eb);

/* The NFC reader through libnfc (reader_libnfc.c). */
extern const struct rdr_ops adapters_nfc_reader;

#endif
