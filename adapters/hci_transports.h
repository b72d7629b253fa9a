/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hci_transports.h - what the HCI transports in adapters/ share among
 * themselves: their ops tables, which adapters.c maps specs to, and the
 * H4 half that the byte-stream transports and the user channel have in
 * common.  Not for commands: they open adapters through adapters.h.
 */
#ifndef LS_ADAPTERS_HCI_TRANSPORTS_H
#define LS_ADAPTERS_HCI_TRANSPORTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hci/transport.h"
#include "util/err.h"

/*
 * The H4 read/write half, shared by the byte-stream transports and the
 * user channel: transport_h4_priv() gives t an H4 framer (t->priv);
 * read frames whatever t->fd has, write sends indicator + packet.
 */
enum ls_err	 transport_h4_priv(struct transport *, struct ls_errbuf *);
void		 transport_h4_close(struct transport *);
enum ls_err	 transport_h4_read(struct transport *, transport_pkt_fn,
		    void *arg, struct ls_errbuf *);
enum ls_err	 transport_h4_write(struct transport *, uint8_t type,
		    const uint8_t *pkt, size_t len, struct ls_errbuf *);

extern const struct transport_ops transport_bluez_ops;
extern const struct transport_ops transport_user_ops;
extern const struct transport_ops transport_usb_ops;
/*
 * The serial H4 spec after "h4:": PATH[:BAUD][:noflow].  BAUD defaults
 * to H4_TTY_BAUD_DEFAULT (Zephyr's hci_uart and nRF Connect's HCI UART
 * run at 1 Mbit/s; 115200 is too slow for active scanning in a busy
 * building); noflow turns RTS/CTS off for boards that do not wire it.
 * path (cap bytes) gets the device path.  LS_EUSAGE naming what is bad.
 */
#define H4_TTY_BAUD_DEFAULT	1000000
enum ls_err	 h4_tty_spec_parse(const char *spec, const char *arg,
		    char *path, size_t cap, unsigned long *baud, bool *flow,
		    struct ls_errbuf *eb);

extern const struct transport_ops transport_h4_unix_ops;
extern const struct transport_ops transport_h4_tty_ops;

#endif
