/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * transport.c - the calls every HCI transport shares: open through the
 * ops, read, write, free.  Which ops a spec names is the adapters'
 * business (adapters/adapters.c).
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hci/transport.h"
#include "util/loop.h"

enum ls_err
transport_open_with(const struct transport_ops *ops, const char *arg,
    const char *spec, const struct transport_opts *opts,
    struct transport **out, struct ls_errbuf *eb)
{
	struct transport	*t;
	enum ls_err		 err;

	*out = NULL;
	t = calloc(1, sizeof *t);
	if (t == NULL)
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	t->ops = ops;
	t->fd = -1;
	snprintf(t->spec, sizeof t->spec, "%s", spec);
	if (opts != NULL)
		t->opts = *opts;
	err = ops->open(t, arg, eb);
	if (err != LS_OK) {
		if (t->fd != -1)
			close(t->fd);
		free(t);
		return err;
	}
	*out = t;
	return LS_OK;
}

void
transport_free(struct transport *t)
{
	if (t == NULL)
		return;
	t->ops->close(t);
	if (t->fd != -1)
		close(t->fd);
	free(t);
}

enum ls_err
transport_read(struct transport *t, transport_pkt_fn fn, void *arg,
    struct ls_errbuf *eb)
{
	return t->ops->read(t, fn, arg, eb);
}

enum ls_err
transport_write(struct transport *t, uint8_t type, const uint8_t *pkt,
    size_t len, struct ls_errbuf *eb)
{
	enum ls_err	err;

	err = t->ops->write(t, type, pkt, len, eb);
	if (err == LS_OK)
		t->tx_bytes += len + 1;
	return err;
}

enum ls_err
transport_write_all(int fd, const uint8_t *buf, size_t len, int timeout_ms,
    const char *spec, struct ls_errbuf *eb)
{
	struct pollfd	pfd;
	uint64_t	deadline = loop_now_ms() + (uint64_t)timeout_ms;
	uint64_t	now;
	ssize_t		w;
	int		r;

	while (len > 0) {
		w = write(fd, buf, len);
		if (w > 0) {
			buf += w;
			len -= (size_t)w;
			continue;
		}
		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1 && errno != EAGAIN && errno != EWOULDBLOCK) {
			if (errno == EPIPE || errno == ECONNRESET)
				return ls_err_set(eb, LS_EUNAVAIL, "adapter "
				    "'%s': connection closed by the other end",
				    spec);
			return ls_err_set(eb, ls_err_from_errno(errno),
			    "adapter '%s': write: %s", spec, strerror(errno));
		}
		now = loop_now_ms();
		if (now >= deadline)
			return ls_err_set(eb, LS_ETIMEOUT, "adapter '%s': not "
			    "accepting data for %d ms", spec, timeout_ms);
		pfd.fd = fd;
		pfd.events = POLLOUT;
		r = poll(&pfd, 1, (int)(deadline - now));
		if (r == -1 && errno != EINTR)
			return ls_err_set(eb, LS_EIO, "adapter '%s': poll: %s",
			    spec, strerror(errno));
	}
	return LS_OK;
}
