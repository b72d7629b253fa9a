/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hci_socket.c - the BlueZ kernel stack through a raw HCI socket
 * (libbluetooth), for "--adapter hci0".
 *
 * The kernel owns this controller (bluetoothd may be using it), so the
 * transport is marked TRANSPORT_SHARED: the host does not reset it or
 * change its event masks, and leaves command flow control to the kernel.
 * An event filter (HCI_FILTER, as hcitool's lescan sets) passes only the
 * events the host handles.  Each read(2) on the socket returns one
 * packet, already framed, with the H4 indicator first.
 *
 * Privileges: sending LE scan commands on a raw socket needs CAP_NET_RAW
 * (and CAP_NET_ADMIN for some); the kernel answers EPERM otherwise.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <bluetooth/bluetooth.h>
#include <bluetooth/hci.h>
#include <bluetooth/hci_lib.h>

#include "adapters/hci_transports.h"
#include "hci/h4.h"

#define BZR_WRITE_TIMEOUT_MS	2000

static const char	bzr_perm_hint[] = "need CAP_NET_RAW and CAP_NET_ADMIN: "
			    "run as root, or grant them with 'sudo setcap "
			    "cap_net_raw,cap_net_admin+eip $(command -v "
			    "lockscope)'";

static enum ls_err
bzr_errno(struct transport *t, const char *what, int e, struct ls_errbuf *eb)
{
	switch (e) {
	case EPERM:
	case EACCES:
		return ls_err_set(eb, LS_EPERM, "cannot open adapter '%s': "
		    "permission denied (%s)", t->spec, bzr_perm_hint);
	case EAFNOSUPPORT:
	case EPROTONOSUPPORT:
		return ls_err_set(eb, LS_EUNAVAIL, "cannot open adapter '%s': "
		    "this kernel has no Bluetooth support (load the "
		    "'bluetooth' module, or use an h4: adapter)", t->spec);
	case ENODEV:
	case ENXIO:
		return ls_err_set(eb, LS_EUNAVAIL, "cannot open adapter '%s': "
		    "no such adapter (list them with 'btmgmt info' or "
		    "'hciconfig')", t->spec);
	case ERFKILL:
		return ls_err_set(eb, LS_EUNAVAIL, "cannot open adapter '%s': "
		    "blocked by rfkill (run 'rfkill unblock bluetooth')",
		    t->spec);
	default:
		return ls_err_set(eb, ls_err_from_errno(e), "cannot open "
		    "adapter '%s': %s: %s", t->spec, what, strerror(e));
	}
}

static enum ls_err
bzr_open(struct transport *t, const char *arg, struct ls_errbuf *eb)
{
	struct hci_dev_info	di;
	struct hci_filter	flt;
	const char		*p;
	int			 id, fd;

	for (p = arg + 3; *p != '\0'; p++)
		if (*p < '0' || *p > '9')
			break;
	if (arg[3] == '\0' || *p != '\0')
		return ls_err_set(eb, LS_EUSAGE, "adapter '%s': unknown spec "
		    "(want hciN, e.g. hci0)", t->spec);

	/* Probe the address family first for a clear message. */
	fd = socket(AF_BLUETOOTH, SOCK_RAW | SOCK_CLOEXEC, BTPROTO_HCI);
	if (fd == -1)
		return bzr_errno(t, "socket", errno, eb);
	close(fd);

	id = hci_devid(arg);
	if (id < 0)
		return bzr_errno(t, "hci_devid", errno ? errno : ENODEV, eb);
	if (hci_devinfo(id, &di) < 0)
		return bzr_errno(t, "hci_devinfo", errno, eb);
	if (!hci_test_bit(HCI_UP, &di.flags))
		return ls_err_set(eb, LS_EUNAVAIL, "cannot open adapter '%s': "
		    "the adapter is down (power it on with 'bluetoothctl "
		    "power on'; check 'rfkill list')", t->spec);

	fd = hci_open_dev(id);
	if (fd < 0)
		return bzr_errno(t, "hci_open_dev", errno, eb);
	hci_filter_clear(&flt);
	hci_filter_set_ptype(HCI_EVENT_PKT, &flt);
	hci_filter_set_event(EVT_CMD_COMPLETE, &flt);
	hci_filter_set_event(EVT_CMD_STATUS, &flt);
	hci_filter_set_event(EVT_LE_META_EVENT, &flt);
	hci_filter_set_event(EVT_HARDWARE_ERROR, &flt);
	hci_filter_set_event(EVT_DISCONN_COMPLETE, &flt);
	if (setsockopt(fd, SOL_HCI, HCI_FILTER, &flt, sizeof flt) < 0) {
		int	e = errno;

		close(fd);
		return bzr_errno(t, "HCI_FILTER", e, eb);
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	t->fd = fd;
	t->flags |= TRANSPORT_SHARED;
	return LS_OK;
}

static void
bzr_close(struct transport *t)
{
	(void)t;
}

static enum ls_err
bzr_read(struct transport *t, transport_pkt_fn fn, void *arg,
    struct ls_errbuf *eb)
{
	uint8_t	buf[HCI_MAX_FRAME_SIZE];
	ssize_t	r;
	int	i;

	for (i = 0; i < 64; i++) {
		r = read(t->fd, buf, sizeof buf);
		if (r > 1) {
			t->rx_bytes += (uint64_t)r;
			fn(buf[0], buf + 1, (size_t)r - 1, arg);
			continue;
		}
		if (r >= 0)
			continue;
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return LS_OK;
		if (errno == ENODEV || errno == ENETDOWN)
			return ls_err_set(eb, LS_EUNAVAIL, "adapter '%s' went "
			    "away (unplugged or powered off)", t->spec);
		return ls_err_set(eb, LS_EIO, "adapter '%s': read: %s",
		    t->spec, strerror(errno));
	}
	return LS_OK;
}

static enum ls_err
bzr_write(struct transport *t, uint8_t type, const uint8_t *pkt, size_t len,
    struct ls_errbuf *eb)
{
	uint8_t	buf[1 + H4_MAX_PKT];
	ssize_t	w;

	if (len > H4_MAX_PKT)
		return ls_err_set(eb, LS_EINTERNAL, "packet too long");
	buf[0] = type;
	memcpy(buf + 1, pkt, len);
	w = write(t->fd, buf, len + 1);
	if (w == (ssize_t)(len + 1))
		return LS_OK;
	if (w == -1 && (errno == EPERM || errno == EACCES))
		return ls_err_set(eb, LS_EPERM, "adapter '%s': the kernel "
		    "refused an HCI command: permission denied (%s)", t->spec,
		    bzr_perm_hint);
	if (w == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return transport_write_all(t->fd, buf, len + 1,
		    BZR_WRITE_TIMEOUT_MS, t->spec, eb);
	if (w == -1 && (errno == ENODEV || errno == ENETDOWN))
		return ls_err_set(eb, LS_EUNAVAIL, "adapter '%s' went away "
		    "(unplugged or powered off)", t->spec);
	return ls_err_set(eb, LS_EIO, "adapter '%s': write: %s", t->spec,
	    w == -1 ? strerror(errno) : "short write");
}

const struct transport_ops transport_bluez_ops = {
	.name = "bluez",
	.open = bzr_open,
	.close = bzr_close,
	.read = bzr_read,
	.write = bzr_write,
};
