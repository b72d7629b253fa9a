/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hci_mgmt.h - the kernel's Bluetooth management socket (the transport
 * of src/hci/mgmt.c).
 */
#ifndef LS_ADAPTERS_HCI_MGMT_H
#define LS_ADAPTERS_HCI_MGMT_H

#include "util/err.h"

/*
 * Open and bind a management socket (AF_BLUETOOTH, BTPROTO_HCI,
 * HCI_CHANNEL_CONTROL, no device: the index travels in each message);
 * non-blocking, close-on-exec.  *fd on success; else the error with a
 * hint (CAP_NET_ADMIN, no Bluetooth in the kernel).
 */
enum ls_err	mgmt_socket_open(int *fd, struct ls_errbuf *);

#endif
