/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * transport.h - HCI transports behind one ops table.
 *
 * A transport moves whole HCI packets (H4 packet indicator + packet)
 * between the host and a controller.  The HCI host above never sees a
 * socket type: it polls transport_fd(), calls transport_read() when it is
 * readable and transport_write() to send.
 *
 * The implementations (kernel socket, user channel, H4 stream, USB) live
 * in adapters/, which also maps an adapter spec to one of them
 * (adapters/adapters.h).
 *
 * One fd for poll(2): the socket and serial transports have exactly one.
 * libusb has several (the usbfs device fd, where completed transfers
 * show up as POLLOUT, plus its own event and timer fds), so the USB
 * transport's fd is an epoll instance watching all of them, kept up to
 * date through libusb's pollfd notifiers (libusb_set_pollfd_notifiers).
 * The epoll fd is readable whenever libusb has work; transport_read()
 * then runs libusb's event handling with a zero timeout, and the
 * callbacks of completed transfers deliver the packets.  Nothing blocks
 * and no thread is started.
 */
#ifndef LS_HCI_TRANSPORT_H
#define LS_HCI_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

/* The kernel owns the controller: the host must not reset it or change
   its event masks, and the kernel does command flow control. */
#define TRANSPORT_SHARED	0x01
/* A known controller whose extended scanning or extended create
   connection is advertised but broken (the usb quirk table): bring-up
   uses the legacy commands. */
#define TRANSPORT_NO_EXT_SCAN	0x02

struct transport;

/* Options for transport_open_opts(); zero means the default. */
struct transport_opts {
	bool		usb_detach;	/* usb: detach the kernel's driver
					   (btusb) if bound; reattached on
					   close */
};

/* One whole packet; pkt lives during the call only. */
typedef void	(*transport_pkt_fn)(uint8_t type, const uint8_t *pkt,
		    size_t len, void *arg);

struct transport_ops {
	const char	*name;		/* "bluez", "user", "usb", "h4-..." */
	/* Open from the spec remainder; fill t->fd. */
	enum ls_err	(*open)(struct transport *t, const char *arg,
			    struct ls_errbuf *eb);
	void		(*close)(struct transport *t);
	/* Read what is available, call fn per packet.  LS_EUNAVAIL when
	   the other end went away. */
	enum ls_err	(*read)(struct transport *t, transport_pkt_fn fn,
			    void *arg, struct ls_errbuf *eb);
	/* Send one packet (without indicator) of the given H4 type. */
	enum ls_err	(*write)(struct transport *t, uint8_t type,
			    const uint8_t *pkt, size_t len,
			    struct ls_errbuf *eb);
};

struct transport {
	const struct transport_ops *ops;
	int		 fd;		/* for poll(2); -1 when closed */
	unsigned	 flags;		/* TRANSPORT_* */
	char		 spec[256];	/* as given, for messages */
	void		*priv;		/* owned by the ops */
	struct transport_opts opts;	/* as given to open */
	uint64_t	 rx_bytes, tx_bytes;
};

/*
 * Open an adapter from a spec (what --adapter gave).  On success *out is
 * a transport to free with transport_free().  Errors: LS_EUSAGE (bad
 * spec), LS_EUNAVAIL (absent, down, or refused), LS_EPERM (needs
 * privileges), LS_EIO.  The layers above take this as a parameter; only
 * the command picks the implementation (adapters_open_hci()).
 */
typedef enum ls_err (*transport_open_fn)(const char *spec,
		    const struct transport_opts *opts, struct transport **out,
		    struct ls_errbuf *eb);

/*
 * For implementations: allocate a transport for ops, open it with arg
 * (the spec's remainder) and fill *out.  spec is kept for messages
 * (the caller has refused one too long for struct transport's copy);
 * opts may be NULL.  Nothing is left allocated on failure.
 */
enum ls_err	 transport_open_with(const struct transport_ops *ops,
		    const char *arg, const char *spec,
		    const struct transport_opts *opts, struct transport **out,
		    struct ls_errbuf *eb);

/* Close and free.  NULL is a no-op. */
void		 transport_free(struct transport *);

enum ls_err	 transport_read(struct transport *, transport_pkt_fn, void *arg,
		    struct ls_errbuf *);
enum ls_err	 transport_write(struct transport *, uint8_t type,
		    const uint8_t *pkt, size_t len, struct ls_errbuf *);

/*
 * Write all of buf to a non-blocking fd, waiting at most timeout_ms for
 * it to drain.  Shared by the byte-stream transports.
 */
enum ls_err	 transport_write_all(int fd, const uint8_t *buf, size_t len,
		    int timeout_ms, const char *spec, struct ls_errbuf *);


#endif
