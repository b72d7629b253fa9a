/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hci_usb.c - a Bluetooth USB dongle driven through libusb, for
 * "--adapter usb[:VID:PID]".
 *
 * Bluetooth Core 5.4 Vol 4 Part B (USB Transport Layer): commands go out
 * as class requests on the control endpoint, events come in on the
 * interrupt IN endpoint, ACL data on the bulk endpoints, all on
 * interface 0.  The framing (which endpoint is which, the SETUP packet,
 * reassembly across transfers) is in usb_frame.c, pure and unit-tested;
 * this file only moves transfers.
 *
 * Poll integration: t->fd is an epoll instance watching every fd libusb
 * reports (libusb_get_pollfds), kept current by libusb's pollfd
 * notifiers.  read() runs libusb_handle_events_timeout_completed() with
 * a zero timeout; completion callbacks feed the reassemblers, which hand
 * whole packets to the caller's callback.  One interrupt transfer of
 * wMaxPacketSize (as the kernel's btusb does) and one bulk transfer are
 * always in flight and resubmitted on completion.  Writes are
 * asynchronous transfers that free themselves; a failure is reported by
 * the next read.
 *
 * The device is ours (not TRANSPORT_SHARED): the host resets it.  If the
 * kernel's driver (btusb) is bound to interface 0 the open fails unless
 * --detach was given (t->opts.usb_detach); then the driver is detached
 * and reattached when the transport is closed, so the adapter returns to
 * the kernel as hciN.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <libusb.h>

#include "adapters/hci_transports.h"
#include "adapters/hci_usb.h"
#include "hci/hcidef.h"
#include "hci/usb_frame.h"
#include "util/log.h"

#define USBH_CMD_TIMEOUT_MS	1000
#define USBH_ACL_TIMEOUT_MS	2000
#define USBH_CLOSE_WAIT_MS	1000
#define USBH_ACL_BUF		H4_MAX_PKT
#define USBH_MAX_ERRORS		8	/* failed IN transfers in a row */

struct usbh {
	struct transport	*t;
	libusb_context		*ctx;
	libusb_device_handle	*dh;
	int			 epfd;
	uint16_t		 vid, pid;
	struct usbf_eps		 eps;
	bool			 claimed;
	bool			 detached;
	struct libusb_transfer	*evt_xfer, *acl_xfer;
	bool			 evt_busy, acl_busy;	/* submitted */
	bool			 closing;
	unsigned		 in_errors;		/* in a row */
	unsigned		 writes;		/* in flight */
	uint8_t			*evt_buf, *acl_buf;
	struct usbf_rx		 evt_rx, acl_rx;
	transport_pkt_fn	 fn;			/* during read only */
	void			*fn_arg;
	struct ls_errbuf	 err;			/* async failure */
};

static void
usbh_fd_added(int fd, short events, void *arg)
{
	struct usbh		*u = arg;
	struct epoll_event	 ev;

	memset(&ev, 0, sizeof ev);
	ev.events = ((events & POLLIN) ? EPOLLIN : 0) |
	    ((events & POLLOUT) ? EPOLLOUT : 0);
	ev.data.fd = fd;
	if (epoll_ctl(u->epfd, EPOLL_CTL_ADD, fd, &ev) == -1 &&
	    errno == EEXIST)
		epoll_ctl(u->epfd, EPOLL_CTL_MOD, fd, &ev);
}

static void
usbh_fd_removed(int fd, void *arg)
{
	struct usbh	*u = arg;

	epoll_ctl(u->epfd, EPOLL_CTL_DEL, fd, NULL);
}

static void
usbh_deliver(uint8_t type, const uint8_t *pkt, size_t len, void *arg)
{
	struct usbh	*u = arg;

	if (u->fn != NULL)
		u->fn(type, pkt, len, u->fn_arg);
}

static void
usbh_fail(struct usbh *u, enum libusb_transfer_status st, const char *what)
{
	if (st == LIBUSB_TRANSFER_NO_DEVICE)
		ls_err_set(&u->err, LS_EUNAVAIL, "adapter '%s' went away "
		    "(unplugged)", u->t->spec);
	else
		ls_err_set(&u->err, LS_EIO, "adapter '%s': USB %s transfer "
		    "failed (libusb status %d)", u->t->spec, what, (int)st);
}

static void LIBUSB_CALL
usbh_in_done(struct libusb_transfer *x)
{
	struct usbh	*u = x->user_data;
	bool		 evt = x == u->evt_xfer;
	struct usbf_rx	*rx = evt ? &u->evt_rx : &u->acl_rx;

	if (evt)
		u->evt_busy = false;
	else
		u->acl_busy = false;
	switch (x->status) {
	case LIBUSB_TRANSFER_COMPLETED:
		u->in_errors = 0;
		u->t->rx_bytes += (uint64_t)x->actual_length;
		usbf_rx_feed(rx, x->buffer, (size_t)x->actual_length,
		    usbh_deliver, u);
		break;
	case LIBUSB_TRANSFER_CANCELLED:
		return;
	case LIBUSB_TRANSFER_TIMED_OUT:
		break;
	case LIBUSB_TRANSFER_NO_DEVICE:
		usbh_fail(u, x->status, evt ? "event" : "ACL");
		return;
	default:
		/*
		 * Stall, overflow, error: the partial packet is lost.  A
		 * halted endpoint fails every resubmission at once, so give
		 * up after a few in a row instead of spinning.
		 */
		usbf_rx_reset(rx);
		if (++u->in_errors >= USBH_MAX_ERRORS) {
			usbh_fail(u, x->status, evt ? "event" : "ACL");
			return;
		}
		break;
	}
	if (u->closing)
		return;
	if (libusb_submit_transfer(x) == 0) {
		if (evt)
			u->evt_busy = true;
		else
			u->acl_busy = true;
	} else
		usbh_fail(u, LIBUSB_TRANSFER_ERROR, evt ? "event" : "ACL");
}

static void LIBUSB_CALL
usbh_out_done(struct libusb_transfer *x)
{
	struct usbh	*u = x->user_data;

	u->writes--;
	if (x->status != LIBUSB_TRANSFER_COMPLETED &&
	    x->status != LIBUSB_TRANSFER_CANCELLED)
		usbh_fail(u, x->status, x->type ==
		    LIBUSB_TRANSFER_TYPE_CONTROL ? "command" : "ACL out");
	/* LIBUSB_TRANSFER_FREE_BUFFER | FREE_TRANSFER: libusb frees x. */
}

/* Cancel what is in flight and wait (bounded) for it to come back. */
static void
usbh_drain(struct usbh *u)
{
	struct timeval	tv;
	int		i;

	u->closing = true;
	if (u->evt_busy)
		libusb_cancel_transfer(u->evt_xfer);
	if (u->acl_busy)
		libusb_cancel_transfer(u->acl_xfer);
	for (i = 0; i < USBH_CLOSE_WAIT_MS / 50 &&
	    (u->evt_busy || u->acl_busy || u->writes > 0); i++) {
		tv.tv_sec = 0;
		tv.tv_usec = 50000;
		libusb_handle_events_timeout_completed(u->ctx, &tv, NULL);
	}
}

static void
usbh_release(struct transport *t)
{
	struct usbh	*u = t->priv;

	if (u == NULL)
		return;
	if (u->dh != NULL)
		usbh_drain(u);
	/* Transfers still busy after the wait are leaked, not freed. */
	if (u->evt_xfer != NULL && !u->evt_busy)
		libusb_free_transfer(u->evt_xfer);
	if (u->acl_xfer != NULL && !u->acl_busy)
		libusb_free_transfer(u->acl_xfer);
	if (!u->evt_busy)
		free(u->evt_buf);
	if (!u->acl_busy)
		free(u->acl_buf);
	if (u->claimed)
		libusb_release_interface(u->dh, 0);
	if (u->detached)
		libusb_attach_kernel_driver(u->dh, 0);
	if (u->dh != NULL)
		libusb_close(u->dh);
	if (u->ctx != NULL) {
		libusb_set_pollfd_notifiers(u->ctx, NULL, NULL, NULL);
		libusb_exit(u->ctx);
	}
	free(u);
	t->priv = NULL;
}

bool
usb_hci_is_bt(libusb_device *dev, const struct libusb_device_descriptor *dd)
{
	struct libusb_config_descriptor		*cd;
	const struct libusb_interface_descriptor *id;
	bool					 bt = false;

	if (usbf_is_bt_class(dd->bDeviceClass, dd->bDeviceSubClass,
	    dd->bDeviceProtocol))
		return true;
	if (libusb_get_config_descriptor(dev, 0, &cd) != 0)
		return false;
	if (cd->bNumInterfaces > 0 && cd->interface[0].num_altsetting > 0) {
		id = &cd->interface[0].altsetting[0];
		bt = usbf_is_bt_class(id->bInterfaceClass,
		    id->bInterfaceSubClass, id->bInterfaceProtocol);
	}
	libusb_free_config_descriptor(cd);
	return bt;
}

/*
 * btusb.c's table marks the Actions Semiconductor ATS2851 (10d7:b012,
 * BTUSB_ACTIONS_SEMI) with HCI_QUIRK_BROKEN_EXT_SCAN and
 * HCI_QUIRK_BROKEN_EXT_CREATE_CONN: it advertises extended scanning
 * and reports nothing.  (Apple's BCM4377 family has the same quirk in
 * hci_bcm4377.c, but it is a PCIe device, not reachable as usb.)
 */
static const struct {
	uint16_t	 vid, pid;
	unsigned	 flags;
	const char	*name;
} usb_quirks[] = {
	{ 0x10d7, 0xb012, TRANSPORT_NO_EXT_SCAN,
	    "Actions Semiconductor ATS2851" },
};

unsigned
usb_hci_quirks(uint16_t vid, uint16_t pid, const char **name)
{
	size_t	i;

	for (i = 0; i < sizeof usb_quirks / sizeof usb_quirks[0]; i++)
		if (usb_quirks[i].vid == vid && usb_quirks[i].pid == pid) {
			if (name != NULL)
				*name = usb_quirks[i].name;
			return usb_quirks[i].flags;
		}
	return 0;
}

static enum ls_err
usbh_find(struct transport *t, struct usbh *u, const struct usbf_match *m,
    libusb_device **out, struct ls_errbuf *eb)
{
	struct libusb_device_descriptor	 dd;
	libusb_device			**list;
	ssize_t				  n, i;

	*out = NULL;
	n = libusb_get_device_list(u->ctx, &list);
	if (n < 0)
		return ls_err_set(eb, LS_EUNAVAIL, "cannot open adapter '%s': "
		    "cannot list USB devices: %s", t->spec,
		    libusb_strerror((int)n));
	for (i = 0; i < n && *out == NULL; i++) {
		if (libusb_get_device_descriptor(list[i], &dd) != 0)
			continue;
		if (m->any ? usb_hci_is_bt(list[i], &dd) :
		    (dd.idVendor == m->vid && dd.idProduct == m->pid)) {
			*out = libusb_ref_device(list[i]);
			u->vid = dd.idVendor;
			u->pid = dd.idProduct;
		}
	}
	libusb_free_device_list(list, 1);
	if (*out != NULL)
		return LS_OK;
	if (m->any)
		return ls_err_set(eb, LS_EUNAVAIL, "cannot open adapter '%s': "
		    "no Bluetooth USB dongle is plugged in (none with class "
		    "E0/01/01); plug one in, or see 'lockscope doctor'",
		    t->spec);
	return ls_err_set(eb, LS_EUNAVAIL, "cannot open adapter '%s': no USB "
	    "device %04x:%04x is plugged in (see 'lockscope doctor')",
	    t->spec, m->vid, m->pid);
}

static enum ls_err
usbh_endpoints(struct transport *t, struct usbh *u, libusb_device *dev,
    struct ls_errbuf *eb)
{
	struct libusb_config_descriptor		*cd;
	const struct libusb_interface_descriptor *id;
	struct usbf_ep				 eps[16];
	size_t					 n = 0, i;
	bool					 ok = false;

	if (libusb_get_active_config_descriptor(dev, &cd) != 0 &&
	    libusb_get_config_descriptor(dev, 0, &cd) != 0)
		return ls_err_set(eb, LS_EUNAVAIL, "cannot open adapter '%s': "
		    "cannot read the USB configuration", t->spec);
	if (cd->bNumInterfaces > 0 && cd->interface[0].num_altsetting > 0) {
		id = &cd->interface[0].altsetting[0];
		for (i = 0; i < id->bNumEndpoints && n < 16; i++, n++) {
			eps[n].address = id->endpoint[i].bEndpointAddress;
			eps[n].attributes = id->endpoint[i].bmAttributes;
			eps[n].max_packet = id->endpoint[i].wMaxPacketSize;
		}
		ok = usbf_pick_eps(eps, n, &u->eps);
	}
	libusb_free_config_descriptor(cd);
	if (!ok)
		return ls_err_set(eb, LS_EUNAVAIL, "cannot open adapter '%s': "
		    "USB device %04x:%04x is not a Bluetooth controller (no "
		    "interrupt and bulk endpoints on interface 0)", t->spec,
		    u->vid, u->pid);
	return LS_OK;
}

static enum ls_err
usbh_claim(struct transport *t, struct usbh *u, struct ls_errbuf *eb)
{
	int	r;

	r = libusb_kernel_driver_active(u->dh, 0);
	if (r == 1 && !t->opts.usb_detach)
		return ls_err_set(eb, LS_EUNAVAIL, "cannot open adapter '%s': "
		    "the kernel's Bluetooth driver (btusb) holds USB device "
		    "%04x:%04x: use it as --adapter hciN, or add --detach to "
		    "take it from the kernel until lockscope exits", t->spec,
		    u->vid, u->pid);
	if (r == 1) {
		r = libusb_detach_kernel_driver(u->dh, 0);
		if (r != 0)
			return ls_err_set(eb, r == LIBUSB_ERROR_ACCESS ?
			    LS_EPERM : LS_EUNAVAIL, "cannot open adapter "
			    "'%s': cannot detach the kernel driver: %s",
			    t->spec, libusb_strerror(r));
		u->detached = true;
	}
	r = libusb_claim_interface(u->dh, 0);
	if (r == LIBUSB_ERROR_BUSY)
		return ls_err_set(eb, LS_EUNAVAIL, "cannot open adapter '%s': "
		    "USB device %04x:%04x is in use by another program",
		    t->spec, u->vid, u->pid);
	if (r != 0)
		return ls_err_set(eb, r == LIBUSB_ERROR_ACCESS ? LS_EPERM :
		    LS_EUNAVAIL, "cannot open adapter '%s': cannot claim "
		    "interface 0: %s", t->spec, libusb_strerror(r));
	u->claimed = true;
	return LS_OK;
}

static enum ls_err
usbh_start(struct transport *t, struct usbh *u, struct ls_errbuf *eb)
{
	const struct libusb_pollfd	**pfds;
	size_t				  i;

	u->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (u->epfd == -1)
		return ls_err_set(eb, ls_err_from_errno(errno), "adapter '%s': "
		    "epoll: %s", t->spec, strerror(errno));
	t->fd = u->epfd;
	libusb_set_pollfd_notifiers(u->ctx, usbh_fd_added, usbh_fd_removed,
	    u);
	pfds = libusb_get_pollfds(u->ctx);
	if (pfds == NULL)
		return ls_err_set(eb, LS_EUNAVAIL, "adapter '%s': libusb "
		    "cannot be polled on this system", t->spec);
	for (i = 0; pfds[i] != NULL; i++)
		usbh_fd_added(pfds[i]->fd, pfds[i]->events, u);
	libusb_free_pollfds(pfds);

	usbf_rx_init(&u->evt_rx, HC_PKT_EVT);
	usbf_rx_init(&u->acl_rx, HC_PKT_ACL);
	u->evt_xfer = libusb_alloc_transfer(0);
	u->acl_xfer = libusb_alloc_transfer(0);
	u->evt_buf = malloc(u->eps.evt_max);
	u->acl_buf = malloc(USBH_ACL_BUF);
	if (u->evt_xfer == NULL || u->acl_xfer == NULL || u->evt_buf == NULL ||
	    u->acl_buf == NULL)
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	libusb_fill_interrupt_transfer(u->evt_xfer, u->dh, u->eps.evt_in,
	    u->evt_buf, u->eps.evt_max, usbh_in_done, u, 0);
	libusb_fill_bulk_transfer(u->acl_xfer, u->dh, u->eps.acl_in,
	    u->acl_buf, USBH_ACL_BUF, usbh_in_done, u, 0);
	if (libusb_submit_transfer(u->evt_xfer) != 0)
		return ls_err_set(eb, LS_EUNAVAIL, "adapter '%s': cannot "
		    "start the event transfer", t->spec);
	u->evt_busy = true;
	if (libusb_submit_transfer(u->acl_xfer) != 0)
		return ls_err_set(eb, LS_EUNAVAIL, "adapter '%s': cannot "
		    "start the ACL transfer", t->spec);
	u->acl_busy = true;
	return LS_OK;
}

static enum ls_err
usbh_open(struct transport *t, const char *arg, struct ls_errbuf *eb)
{
	struct usbf_match	 m;
	libusb_device		*dev = NULL;
	struct usbh		*u;
	enum ls_err		 err;
	int			 r;

	err = usbf_parse_spec(arg, t->spec, &m, eb);
	if (err != LS_OK)
		return err;
	u = calloc(1, sizeof *u);
	if (u == NULL)
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	u->t = t;
	u->epfd = -1;
	t->priv = u;
	r = libusb_init(&u->ctx);
	if (r != 0) {
		u->ctx = NULL;
		err = ls_err_set(eb, LS_EUNAVAIL, "cannot open adapter '%s': "
		    "USB is not available (libusb: %s); no Bluetooth USB "
		    "dongle can be used", t->spec, libusb_strerror(r));
		goto fail;
	}
	err = usbh_find(t, u, &m, &dev, eb);
	if (err != LS_OK)
		goto fail;
	err = usbh_endpoints(t, u, dev, eb);
	if (err != LS_OK)
		goto fail;
	r = libusb_open(dev, &u->dh);
	if (r != 0) {
		u->dh = NULL;
		err = ls_err_set(eb, r == LIBUSB_ERROR_ACCESS ? LS_EPERM :
		    LS_EUNAVAIL, "cannot open adapter '%s': USB device "
		    "%04x:%04x: %s%s", t->spec, u->vid, u->pid,
		    libusb_strerror(r), r == LIBUSB_ERROR_ACCESS ?
		    " (install scripts/70-lockscope.rules in "
		    "/etc/udev/rules.d and replug it; see 'lockscope doctor')" :
		    "");
		goto fail;
	}
	err = usbh_claim(t, u, eb);
	if (err == LS_OK)
		err = usbh_start(t, u, eb);
	if (err != LS_OK)
		goto fail;
	libusb_unref_device(dev);
	{
		const char	*chip = NULL;

		t->flags |= usb_hci_quirks(u->vid, u->pid, &chip);
		if (chip != NULL)
			ls_log(LS_LOG_INFO, "adapter '%s': %04x:%04x is an %s: "
			    "using legacy scanning, as the kernel does",
			    t->spec, u->vid, u->pid, chip);
	}
	return LS_OK;
fail:
	if (dev != NULL)
		libusb_unref_device(dev);
	usbh_release(t);
	if (t->fd != -1)
		close(t->fd);
	t->fd = -1;
	return err;
}

static void
usbh_close(struct transport *t)
{
	usbh_release(t);
}

static enum ls_err
usbh_read(struct transport *t, transport_pkt_fn fn, void *arg,
    struct ls_errbuf *eb)
{
	struct usbh	*u = t->priv;
	struct timeval	 tv = { 0, 0 };
	int		 r;

	if (u->err.code != LS_OK)
		return ls_err_copy(eb, &u->err);
	u->fn = fn;
	u->fn_arg = arg;
	r = libusb_handle_events_timeout_completed(u->ctx, &tv, NULL);
	u->fn = NULL;
	u->fn_arg = NULL;
	if (r != 0 && r != LIBUSB_ERROR_INTERRUPTED)
		ls_err_set(&u->err, LS_EIO, "adapter '%s': libusb: %s",
		    t->spec, libusb_strerror(r));
	if (u->err.code != LS_OK)
		return ls_err_copy(eb, &u->err);
	return LS_OK;
}

static enum ls_err
usbh_write(struct transport *t, uint8_t type, const uint8_t *pkt, size_t len,
    struct ls_errbuf *eb)
{
	struct usbh		*u = t->priv;
	struct libusb_transfer	*x;
	uint8_t			*buf;
	int			 r;

	if (u->err.code != LS_OK)
		return ls_err_copy(eb, &u->err);
	if ((type != HC_PKT_CMD && type != HC_PKT_ACL) || len > H4_MAX_PKT)
		return ls_err_set(eb, LS_EINTERNAL, "adapter '%s': cannot "
		    "send packet type 0x%02x over USB", t->spec, type);
	x = libusb_alloc_transfer(0);
	buf = malloc(LIBUSB_CONTROL_SETUP_SIZE + len);
	if (x == NULL || buf == NULL) {
		libusb_free_transfer(x);
		free(buf);
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	}
	if (type == HC_PKT_CMD) {
		usbf_cmd_setup(buf, (uint16_t)len, 0);
		memcpy(buf + LIBUSB_CONTROL_SETUP_SIZE, pkt, len);
		libusb_fill_control_transfer(x, u->dh, buf, usbh_out_done, u,
		    USBH_CMD_TIMEOUT_MS);
	} else {
		memcpy(buf, pkt, len);
		libusb_fill_bulk_transfer(x, u->dh, u->eps.acl_out, buf,
		    (int)len, usbh_out_done, u, USBH_ACL_TIMEOUT_MS);
	}
	x->flags = LIBUSB_TRANSFER_FREE_BUFFER | LIBUSB_TRANSFER_FREE_TRANSFER;
	r = libusb_submit_transfer(x);
	if (r != 0) {
		libusb_free_transfer(x);	/* frees buf too */
		if (r == LIBUSB_ERROR_NO_DEVICE)
			return ls_err_set(eb, LS_EUNAVAIL, "adapter '%s' went "
			    "away (unplugged)", t->spec);
		return ls_err_set(eb, LS_EIO, "adapter '%s': USB write: %s",
		    t->spec, libusb_strerror(r));
	}
	u->writes++;
	return LS_OK;
}

const struct transport_ops transport_usb_ops = {
	.name = "usb",
	.open = usbh_open,
	.close = usbh_close,
	.read = usbh_read,
	.write = usbh_write,
};
