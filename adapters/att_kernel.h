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

#include <stdint.h>

#include "gatt/att_bearer.h"
#include "util/err.h"
#include "util/loop.h"

struct att_kernel;

/*
 * Connect to addr (little-endian) of addr_type (0 public, 1 random)
 * through adapter spec ("hci0"), waiting at most timeout_ms.  The fd is
 * watched in loop.  Errors: LS_EUNAVAIL (no Bluetooth in this kernel, no
 * such adapter, the device did not connect), LS_ETIMEOUT, LS_EPERM.
 */
enum ls_err	 att_kernel_open(struct loop *, const char *spec,
		    const uint8_t addr[6], uint8_t addr_type,
		    unsigned timeout_ms, struct att_kernel **out,
		    struct ls_errbuf *eb);

/* Deliver received PDUs to a (and its loss). */
void		 att_kernel_set_att(struct att_kernel *, struct att *a);

/* Close the socket (the kernel disconnects).  NULL is a no-op. */
void		 att_kernel_free(struct att_kernel *);

/* Bearer ops; priv is the struct att_kernel. */
extern const struct att_bearer_ops att_kernel_ops;

/* The same as the link interface the GATT read takes. */
extern const struct att_link_ops att_kernel_link;

#endif
