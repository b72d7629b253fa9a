/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hci_mgmt.c - open the kernel's Bluetooth management socket.
 *
 * The control channel takes no device (net/bluetooth/hci_sock.c
 * hci_sock_bind: HCI_CHANNEL_CONTROL needs hci_dev HCI_DEV_NONE);
 * commands that change settings need CAP_NET_ADMIN, which the kernel
 * checks per command (an unprivileged socket only reads).
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <bluetooth/bluetooth.h>
#include <bluetooth/hci.h>

#include "adapters/hci_mgmt.h"

enum ls_err
mgmt_socket_open(int *fd, struct ls_errbuf *eb)
{
	struct sockaddr_hci	a;
	int			s, e;

	s = socket(AF_BLUETOOTH, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
	    BTPROTO_HCI);
	if (s == -1) {
		e = errno;
		if (e == EAFNOSUPPORT || e == EPROTONOSUPPORT)
			return ls_err_set(eb, LS_EUNAVAIL, "cannot open the "
			    "Bluetooth management socket: this kernel has no "
			    "Bluetooth support");
		return ls_err_set(eb, ls_err_from_errno(e), "cannot open the "
		    "Bluetooth management socket: %s", strerror(e));
	}
	memset(&a, 0, sizeof a);
	a.hci_family = AF_BLUETOOTH;
	a.hci_dev = HCI_DEV_NONE;
	a.hci_channel = HCI_CHANNEL_CONTROL;
	if (bind(s, (struct sockaddr *)&a, sizeof a) == -1) {
		e = errno;
		close(s);
		return ls_err_set(eb, ls_err_from_errno(e), "cannot bind the "
		    "Bluetooth management socket: %s%s", strerror(e),
		    e == EPERM || e == EACCES ? " (it needs CAP_NET_ADMIN; "
		    "see 'lockscope doctor')" : "");
	}
	*fd = s;
	return LS_OK;
}
