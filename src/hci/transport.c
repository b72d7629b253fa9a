/*
 * transport.c - adapter spec parsing and the calls shared by transports.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/loop.h"
#include "hci/transport.h"

static const struct {
	const char			*prefix;
	const struct transport_ops	*ops;
	const char			*later;	/* not built yet: why */
} transport_specs[] = {
	{ "h4:unix:",	&transport_h4_unix_ops,	NULL },
	{ "h4:",	&transport_h4_tty_ops,	NULL },
	{ "user:",	&transport_user_ops,	NULL },
	{ "usb",	&transport_usb_ops,	NULL },
	{ "replay:",	NULL, "use 'lockscope replay FILE' for captures" },
};

enum ls_err
transport_open(const char *spec, struct transport **out,
    struct ls_errbuf *eb)
{
	return transport_open_opts(spec, NULL, out, eb);
}

enum ls_err
transport_open_opts(const char *spec, const struct transport_opts *opts,
    struct transport **out, struct ls_errbuf *eb)
{
	const struct transport_ops	*ops = NULL;
	struct transport		*t;
	const char			*arg = NULL;
	enum ls_err			 err;
	size_t				 i, plen;

	*out = NULL;
	if (spec == NULL || *spec == '\0')
		return ls_err_set(eb, LS_EUSAGE, "no adapter given (use "
		    "--adapter or LOCKSCOPE_ADAPTER, e.g. hci0)");
	if (strlen(spec) >= sizeof t->spec)
		return ls_err_set(eb, LS_EUSAGE, "adapter spec too long");
	if (strncmp(spec, "hci", 3) == 0) {
		ops = &transport_bluez_ops;
		arg = spec;
	}
	for (i = 0; ops == NULL &&
	    i < sizeof transport_specs / sizeof transport_specs[0]; i++) {
		plen = strlen(transport_specs[i].prefix);
		if (strncmp(spec, transport_specs[i].prefix, plen) != 0)
			continue;
		if (transport_specs[i].ops == NULL)
			return ls_err_set(eb, LS_EUSAGE, "adapter '%s': %s",
			    spec, transport_specs[i].later);
		ops = transport_specs[i].ops;
		arg = spec + plen;
	}
	if (ops == NULL)
		return ls_err_set(eb, LS_EUSAGE, "adapter '%s': unknown spec "
		    "(want hciN, user:hciN, h4:unix:PATH, h4:/dev/TTY[:BAUD] "
		    "or usb[:VID:PID])", spec);

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
