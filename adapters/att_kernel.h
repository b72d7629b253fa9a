/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * att_kernel.h - the ATT bearer of the BlueZ kernel stack: an L2CAP LE
 * socket on the ATT fixed channel, for "--adapter hciN".
 *
 * With the kernel stack the kernel owns connections: it creates the LE
 * link when the socket connects and tears it down when the socket
 * closes, and answers L2CAP signalling and SMP itself.  Our ATT client
 * channel (src/gatt/att_bearer.h) runs over the socket unchanged.
 */
#ifndef LS_ADAPTERS_ATT_KERNEL_H
#define LS_ADAPTERS_ATT_KERNEL_H

#include "gatt/att_bearer.h"

/*
 * The link interface the GATT read takes (gatt/att_bearer.h):
 * open connects to addr (little-endian) of addr_type (0 public, 1 random)
 * through adapter spec ("hci0"), waiting at most timeout_ms, the socket
 * watched in loop.  Errors: LS_EUNAVAIL (no Bluetooth in this kernel, no
 * such adapter, the device did not connect), LS_ETIMEOUT, LS_EPERM.
 * free closes the socket (the kernel disconnects); NULL is a no-op.
 */
extern const struct att_link_ops att_kernel_link;

#endif
