/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * att_kernel.c - ATT over the kernel's L2CAP LE socket (att_kernel.h).
 *
 * socket(PF_BLUETOOTH, SOCK_SEQPACKET, BTPROTO_L2CAP) bound to the
 * adapter's address with l2_cid 4 (ATT, Core 5.4 Vol 3 Part A §2.1) and
 * l2_bdaddr_type LE, then connected to the peer on the same CID: the
 * way bluez/bluez:src/shared/att.c's users (btgatt-client) open an LE
 * ATT bearer.  Each recv(2) returns one ATT PDU.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <bluetooth/bluetooth.h>
#include <bluetooth/hci.h>
#include <bluetooth/hci_lib.h>
#include <bluetooth/l2cap.h>

#include "adapters/att_kernel.h"
#include "gatt/att.h"
#include "util/log.h"

struct att_kernel {
	struct loop	*loop;
	int		 fd;
	unsigned	 fd_id;
	struct att	*att;
	char		 spec[64];
};

static enum ls_err
attk_errno(const char *spec, const char *what, int e, struct ls_errbuf *eb)
{
	switch (e) {
	case EAFNOSUPPORT:
	case EPROTONOSUPPORT:
		return ls_err_set(eb, LS_EUNAVAIL, "adapter '%s': this kernel "
		    "has no Bluetooth support (no AF_BLUETOOTH sockets; load "
		    "the 'bluetooth' module, or use an h4: adapter)", spec);
	case EPERM:
	case EACCES:
		return ls_err_set(eb, LS_EPERM, "adapter '%s': permission "
		    "denied opening an L2CAP socket", spec);
	case ENODEV:
		return ls_err_set(eb, LS_EUNAVAIL, "adapter '%s': no such "
		    "adapter", spec);
	case ETIMEDOUT:
		return ls_err_set(eb, LS_ETIMEOUT, "adapter '%s': the device "
		    "did not complete the connection in time", spec);
	case EBUSY:
		/*
		 * l2cap_core.c l2cap_chan_connect(): the connection already
		 * has a channel on this fixed CID (bluetoothd, or another
		 * client of the lock).
		 */
		return ls_err_set(eb, LS_EUNAVAIL, "adapter '%s': another "
		    "program on this computer is already connected to the "
		    "lock's ATT channel (bluetoothd or an app): disconnect it "
		    "('bluetoothctl disconnect ADDRESS') and try again", spec);
	case EHOSTDOWN:
	case EHOSTUNREACH:
	case ECONNREFUSED:
	case ECONNRESET:
		return ls_err_set(eb, LS_EUNAVAIL, "adapter '%s': the device "
		    "refused or dropped the connection (%s)", spec,
		    strerror(e));
	default:
		return ls_err_set(eb, ls_err_from_errno(e), "adapter '%s': %s: "
		    "%s", spec, what, strerror(e));
	}
}

static void
attk_readable(int fd, short revents, void *arg)
{
	struct att_kernel	*k = arg;
	struct ls_errbuf	 eb;
	uint8_t			 buf[ATT_MAX_MTU + 1];
	ssize_t			 n;

	(void)revents;
	n = recv(fd, buf, sizeof buf, 0);
	if (n > 0) {
		if (k->att != NULL)
			att_input(k->att, buf, (size_t)n);
		return;
	}
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	ls_err_clear(&eb);
	ls_err_set(&eb, LS_EUNAVAIL, "adapter '%s': the device disconnected",
	    k->spec);
	loop_remove_fd(k->loop, k->fd_id);
	k->fd_id = 0;
	if (k->att != NULL)
		att_lost(k->att, &eb);
}

static void	attk_free(void *);

static enum ls_err
attk_open(struct loop *loop, const char *spec, const uint8_t addr[6],
    uint8_t addr_type, unsigned timeout_ms, void **out, struct ls_errbuf *eb)
{
	struct sockaddr_l2	 sa;
	struct att_kernel	*k;
	struct pollfd		 pfd;
	bdaddr_t		 local;
	socklen_t		 sl;
	int			 fd, dev, e;

	*out = NULL;
	fd = socket(PF_BLUETOOTH, SOCK_SEQPACKET | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, BTPROTO_L2CAP);
	if (fd < 0)
		return attk_errno(spec, "socket", errno, eb);
	memset(&local, 0, sizeof local);
	if ((dev = hci_devid(spec)) < 0 || hci_devba(dev, &local) < 0) {
		close(fd);
		return attk_errno(spec, "adapter address", ENODEV, eb);
	}
	memset(&sa, 0, sizeof sa);
	sa.l2_family = AF_BLUETOOTH;
	bacpy(&sa.l2_bdaddr, &local);
	sa.l2_cid = htobs(ATT_CID);
	sa.l2_bdaddr_type = BDADDR_LE_PUBLIC;
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		e = errno;
		close(fd);
		return attk_errno(spec, "bind", e, eb);
	}
	memset(&sa, 0, sizeof sa);
	sa.l2_family = AF_BLUETOOTH;
	memcpy(&sa.l2_bdaddr, addr, 6);	/* bdaddr_t is little-endian */
	sa.l2_cid = htobs(ATT_CID);
	/*
	 * HCI address types 0 public, 1 random, 2 and 3 their resolved
	 * identity (public or random): the identity's kind decides.
	 */
	sa.l2_bdaddr_type = (addr_type & 1) == 0 ? BDADDR_LE_PUBLIC :
	    BDADDR_LE_RANDOM;
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		if (errno != EINPROGRESS) {
			e = errno;
			close(fd);
			return attk_errno(spec, "connect", e, eb);
		}
		pfd.fd = fd;
		pfd.events = POLLOUT;
		if (poll(&pfd, 1, (int)timeout_ms) <= 0) {
			close(fd);
			return attk_errno(spec, "connect", ETIMEDOUT, eb);
		}
		e = 0;
		sl = sizeof e;
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &sl) < 0)
			e = errno;
		if (e != 0) {
			close(fd);
			return attk_errno(spec, "connect", e, eb);
		}
	}
	if ((k = calloc(1, sizeof *k)) == NULL) {
		close(fd);
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	}
	k->loop = loop;
	k->fd = fd;
	snprintf(k->spec, sizeof k->spec, "%s", spec);
	k->fd_id = loop_add_fd(loop, fd, POLLIN, attk_readable, k);
	if (k->fd_id == 0) {
		attk_free(k);
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	}
	*out = k;
	return LS_OK;
}

static void
attk_set_att(void *priv, struct att *a)
{
	struct att_kernel	*k = priv;

	k->att = a;
}

static void
attk_free(void *priv)
{
	struct att_kernel	*k = priv;

	if (k == NULL)
		return;
	if (k->fd_id != 0)
		loop_remove_fd(k->loop, k->fd_id);
	if (k->fd >= 0)
		close(k->fd);
	free(k);
}

static enum ls_err
attk_send(void *priv, const uint8_t *pdu, size_t n, struct ls_errbuf *eb)
{
	struct att_kernel	*k = priv;

	if (send(k->fd, pdu, n, MSG_NOSIGNAL) != (ssize_t)n)
		return attk_errno(k->spec, "send", errno, eb);
	return LS_OK;
}

static const struct att_bearer_ops attk_bearer = {
	.name = "kernel-l2cap",
	.send = attk_send,
};

const struct att_link_ops att_kernel_link = {
	.bearer = &attk_bearer,
	.open = attk_open,
	.set_att = attk_set_att,
	.free = attk_free,
};
