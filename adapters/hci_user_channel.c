/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hci_user_channel.c - the HCI user channel, for "--adapter user:hci0".
 *
 * A raw HCI socket bound with hci_channel HCI_CHANNEL_USER gives one
 * process exclusive use of a controller: the kernel's host stack (and
 * bluetoothd) step aside, and the socket carries H4 packets, indicator
 * first, one per read(2) and write(2) (Linux net/bluetooth/hci_sock.c;
 * BlueZ uses it the same way in tools/btproxy.c and src/shared/hci.c).
 * So everything above the socket is the H4 path: transport_h4_read/
 * transport_h4_write and the H4 framer, and the host owns the controller
 * (not TRANSPORT_SHARED: it resets it and sets the event masks).
 *
 * The kernel only grants the channel while the adapter is down (EBUSY
 * otherwise) and to a process with CAP_NET_ADMIN (EPERM otherwise).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <bluetooth/bluetooth.h>
#include <bluetooth/hci.h>

#include "adapters/hci_transports.h"

static enum ls_err
uc_errno(struct transport *t, const char *dev, int e, struct ls_errbuf *eb)
{
	switch (e) {
	case EBUSY:
	case EALREADY:
		return ls_err_set(eb, LS_EUNAVAIL, "cannot open adapter '%s': "
		    "%s is up (or another program holds its user channel): "
		    "bring it down with 'sudo hciconfig %s down' or "
		    "'btmgmt --index %s power off'", t->spec, dev, dev,
		    dev + 3);
	case EUSERS:
		/* hci_sock.c: HCI_USER_CHANNEL already set on the device. */
		return ls_err_set(eb, LS_EUNAVAIL, "cannot open adapter '%s': "
		    "another program holds the user channel of %s (only one "
		    "may at a time): stop it, or use %s through the kernel",
		    t->spec, dev, dev);
	case EPERM:
	case EACCES:
		return ls_err_set(eb, LS_EPERM, "cannot open adapter '%s': "
		    "permission denied (the user channel needs CAP_NET_ADMIN: "
		    "run as root, or 'sudo setcap "
		    "cap_net_raw,cap_net_admin+eip $(command -v lockscope)'; "
		    "see 'lockscope doctor')", t->spec);
	case EAFNOSUPPORT:
	case EPROTONOSUPPORT:
		return ls_err_set(eb, LS_EUNAVAIL, "cannot open adapter '%s': "
		    "this kernel has no Bluetooth support (load the "
		    "'bluetooth' module, or use an h4: or usb adapter)",
		    t->spec);
	case ENODEV:
	case ENXIO:
		return ls_err_set(eb, LS_EUNAVAIL, "cannot open adapter '%s': "
		    "no adapter %s (list them with 'btmgmt info' or "
		    "'ls /sys/class/bluetooth'; see 'lockscope doctor')",
		    t->spec, dev);
	case ERFKILL:
		return ls_err_set(eb, LS_EUNAVAIL, "cannot open adapter '%s': "
		    "blocked by rfkill (run 'rfkill unblock bluetooth')",
		    t->spec);
	default:
		return ls_err_set(eb, ls_err_from_errno(e), "cannot open "
		    "adapter '%s': %s", t->spec, strerror(e));
	}
}

static enum ls_err
uc_open(struct transport *t, const char *arg, struct ls_errbuf *eb)
{
	struct sockaddr_hci	 a;
	const char		*p;
	unsigned long		 id;
	char			*end;
	int			 fd, e;

	p = arg + 3;
	if (strncmp(arg, "hci", 3) != 0 || *p < '0' || *p > '9')
		return ls_err_set(eb, LS_EUSAGE, "adapter '%s': unknown spec "
		    "(want user:hciN, e.g. user:hci0)", t->spec);
	errno = 0;
	id = strtoul(p, &end, 10);
	if (*end != '\0' || errno != 0 || id > 0xfffe)
		return ls_err_set(eb, LS_EUSAGE, "adapter '%s': unknown spec "
		    "(want user:hciN, e.g. user:hci0)", t->spec);

	fd = socket(AF_BLUETOOTH, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
	    BTPROTO_HCI);
	if (fd == -1)
		return uc_errno(t, arg, errno, eb);
	memset(&a, 0, sizeof a);
	a.hci_family = AF_BLUETOOTH;
	a.hci_dev = (unsigned short)id;
	a.hci_channel = HCI_CHANNEL_USER;
	if (bind(fd, (struct sockaddr *)&a, sizeof a) == -1) {
		e = errno;
		close(fd);
		return uc_errno(t, arg, e, eb);
	}
	t->fd = fd;
	return transport_h4_priv(t, eb);
}

const struct transport_ops transport_user_ops = {
	.name = "user",
	.open = uc_open,
	.close = transport_h4_close,
	.read = transport_h4_read,
	.write = transport_h4_write,
};
