/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hci_h4_stream.c - H4 over a byte stream: a unix stream socket (the
 * emulator, or a bridge) or a serial line.
 *
 * H4 framing is Bluetooth Core 5.4 Vol 4 Part A §2 (src/hci/h4.c).  The
 * serial line is put in raw mode (termios), 8N1, with RTS/CTS flow
 * control as Vol 4 Part A §1 recommends, or without it
 * ("h4:/dev/ttyACM0:115200:noflow") for boards that do not wire RTS/CTS;
 * the baud rate defaults to 1000000 (Zephyr's hci_uart) and is chosen
 * with "h4:/dev/ttyACM0:115200".
 *
 * The read/write half (transport_h4_*) is shared with the HCI user
 * channel (hci_user_channel.c), which carries the same H4 packets: one host
 * path above the socket for both.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include "adapters/adapters.h"
#include "adapters/hci_transports.h"
#include "hci/h4.h"

#define H4S_WRITE_TIMEOUT_MS	2000

struct h4s {
	struct h4_framer	 framer;
};

static enum ls_err
h4s_open_errno(struct transport *t, const char *what, int e,
    struct ls_errbuf *eb)
{
	enum ls_err	code = ls_err_from_errno(e);

	if (code == LS_EPERM)
		return ls_err_set(eb, code, "cannot open adapter '%s': %s: "
		    "permission denied (%s)", t->spec, what,
		    t->ops == &transport_h4_tty_ops ? "is your user in the "
		    "'dialout' group?" : "check the socket's owner and mode");
	return ls_err_set(eb, code, "cannot open adapter '%s': %s: %s",
	    t->spec, what, strerror(e));
}

enum ls_err
transport_h4_priv(struct transport *t, struct ls_errbuf *eb)
{
	struct h4s	*h;

	h = calloc(1, sizeof *h);
	if (h == NULL)
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	h4_init(&h->framer);
	t->priv = h;
	return LS_OK;
}

static enum ls_err
h4s_unix_open(struct transport *t, const char *path, struct ls_errbuf *eb)
{
	struct sockaddr_un	sun;
	int			fd;

	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	if (*path == '\0' || strlen(path) >= sizeof sun.sun_path)
		return ls_err_set(eb, LS_EUSAGE, "adapter '%s': bad socket "
		    "path", t->spec);
	snprintf(sun.sun_path, sizeof sun.sun_path, "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd == -1)
		return h4s_open_errno(t, "socket", errno, eb);
	if (connect(fd, (struct sockaddr *)&sun, sizeof sun) == -1) {
		int	e = errno;

		close(fd);
		if (e == ENOENT || e == ECONNREFUSED)
			return ls_err_set(eb, LS_EUNAVAIL, "cannot open "
			    "adapter '%s': nothing is listening on %s", t->spec,
			    path);
		return h4s_open_errno(t, path, e, eb);
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	t->fd = fd;
	return transport_h4_priv(t, eb);
}

static const struct {
	unsigned long	baud;
	speed_t		speed;
} h4s_bauds[] = {
	{ 9600, B9600 }, { 19200, B19200 }, { 38400, B38400 },
	{ 57600, B57600 }, { 115200, B115200 }, { 230400, B230400 },
	{ 460800, B460800 }, { 500000, B500000 }, { 921600, B921600 },
	{ 1000000, B1000000 }, { 1500000, B1500000 }, { 2000000, B2000000 },
	{ 3000000, B3000000 }, { 4000000, B4000000 },
};

enum ls_err
h4_tty_spec_parse(const char *spec, const char *arg, char *path,
    size_t cap, unsigned long *baud, bool *flow, struct ls_errbuf *eb)
{
	char		*colon, *end;
	size_t		 i;
	bool		 known = false;

	*baud = H4_TTY_BAUD_DEFAULT;
	*flow = true;
	if (cap == 0 || strlen(arg) >= cap || *arg == '\0' || *arg == ':')
		return ls_err_set(eb, LS_EUSAGE, "adapter '%s': bad device "
		    "path", spec);
	snprintf(path, cap, "%s", arg);
	if ((colon = strrchr(path, ':')) != NULL &&
	    strcmp(colon + 1, "noflow") == 0) {
		*flow = false;
		*colon = '\0';
		colon = strrchr(path, ':');
	}
	if (colon != NULL) {
		errno = 0;
		*baud = strtoul(colon + 1, &end, 10);
		if (colon[1] < '0' || colon[1] > '9' || *end != '\0' ||
		    errno != 0)
			return ls_err_set(eb, LS_EUSAGE, "adapter '%s': bad "
			    "baud rate '%s' (want h4:PATH[:BAUD][:noflow])",
			    spec, colon + 1);
		*colon = '\0';
	}
	if (path[0] == '\0')
		return ls_err_set(eb, LS_EUSAGE, "adapter '%s': bad device "
		    "path", spec);
	for (i = 0; i < sizeof h4s_bauds / sizeof h4s_bauds[0]; i++)
		if (h4s_bauds[i].baud == *baud)
			known = true;
	if (!known)
		return ls_err_set(eb, LS_EUSAGE, "adapter '%s': unsupported "
		    "baud rate %lu (9600 to 4000000)", spec, *baud);
	return LS_OK;
}

static enum ls_err
h4s_tty_open(struct transport *t, const char *arg, struct ls_errbuf *eb)
{
	char		 path[256];
	unsigned long	 baud;
	speed_t		 speed = 0;
	struct termios	 tio;
	size_t		 i;
	int		 fd;
	bool		 flow;

	if (h4_tty_spec_parse(t->spec, arg, path, sizeof path, &baud, &flow,
	    eb) != LS_OK)
		return eb->code;
	for (i = 0; i < sizeof h4s_bauds / sizeof h4s_bauds[0]; i++)
		if (h4s_bauds[i].baud == baud)
			speed = h4s_bauds[i].speed;

	fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd == -1)
		return h4s_open_errno(t, path, errno, eb);
	if (!isatty(fd)) {
		close(fd);
		return ls_err_set(eb, LS_EUSAGE, "adapter '%s': %s is not a "
		    "serial line (for a unix socket use h4:unix:PATH)",
		    t->spec, path);
	}
	if (tcgetattr(fd, &tio) == -1) {
		int	e = errno;

		close(fd);
		return h4s_open_errno(t, "tcgetattr", e, eb);
	}
	cfmakeraw(&tio);
	tio.c_cflag |= CLOCAL | CREAD;
	if (flow)
		tio.c_cflag |= CRTSCTS;
	else
		tio.c_cflag &= ~(tcflag_t)CRTSCTS;
	tio.c_cflag &= ~(CSTOPB | PARENB);
	/*
	 * VMIN 1: with O_NONBLOCK an empty line gives EAGAIN.  (VMIN 0 makes
	 * read(2) return 0 when nothing is waiting, which looks like EOF.)
	 */
	tio.c_cc[VMIN] = 1;
	tio.c_cc[VTIME] = 0;
	cfsetispeed(&tio, speed);
	cfsetospeed(&tio, speed);
	if (tcsetattr(fd, TCSANOW, &tio) == -1) {
		int	e = errno;

		close(fd);
		return h4s_open_errno(t, "tcsetattr", e, eb);
	}
	tcflush(fd, TCIOFLUSH);
	t->fd = fd;
	return transport_h4_priv(t, eb);
}

enum ls_err
transport_h4_fd(int fd, const char *spec, struct transport **out,
    struct ls_errbuf *eb)
{
	struct transport	*t;
	enum ls_err		 err;

	*out = NULL;
	t = calloc(1, sizeof *t);
	if (t == NULL) {
		close(fd);
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	}
	t->ops = &transport_h4_unix_ops;
	t->fd = fd;
	snprintf(t->spec, sizeof t->spec, "%s", spec);
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	err = transport_h4_priv(t, eb);
	if (err != LS_OK) {
		transport_free(t);
		return err;
	}
	*out = t;
	return LS_OK;
}

void
transport_h4_close(struct transport *t)
{
	free(t->priv);
	t->priv = NULL;
}

enum ls_err
transport_h4_read(struct transport *t, transport_pkt_fn fn, void *arg,
    struct ls_errbuf *eb)
{
	struct h4s	*h = t->priv;
	uint8_t		 buf[4096];
	ssize_t		 r;
	int		 i;

	/* Bounded: a flooding controller cannot starve timers. */
	for (i = 0; i < 16; i++) {
		r = read(t->fd, buf, sizeof buf);
		if (r > 0) {
			t->rx_bytes += (uint64_t)r;
			h4_feed(&h->framer, buf, (size_t)r, fn, arg);
			continue;
		}
		if (r == 0)
			return ls_err_set(eb, LS_EUNAVAIL, "adapter '%s': "
			    "connection closed by the controller", t->spec);
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return LS_OK;
		if (errno == ECONNRESET || errno == EPIPE)
			return ls_err_set(eb, LS_EUNAVAIL, "adapter '%s': "
			    "connection reset by the controller", t->spec);
		return ls_err_set(eb, ls_err_from_errno(errno) == LS_EUNAVAIL ?
		    LS_EUNAVAIL : LS_EIO, "adapter '%s': read: %s", t->spec,
		    strerror(errno));
	}
	return LS_OK;
}

enum ls_err
transport_h4_write(struct transport *t, uint8_t type, const uint8_t *pkt,
    size_t len, struct ls_errbuf *eb)
{
	uint8_t	buf[1 + H4_MAX_PKT];

	if (len > H4_MAX_PKT)
		return ls_err_set(eb, LS_EINTERNAL, "packet too long");
	buf[0] = type;
	memcpy(buf + 1, pkt, len);
	return transport_write_all(t->fd, buf, len + 1, H4S_WRITE_TIMEOUT_MS,
	    t->spec, eb);
}

const struct transport_ops transport_h4_unix_ops = {
	.name = "h4-unix",
	.open = h4s_unix_open,
	.close = transport_h4_close,
	.read = transport_h4_read,
	.write = transport_h4_write,
};

const struct transport_ops transport_h4_tty_ops = {
	.name = "h4-tty",
	.open = h4s_tty_open,
	.close = transport_h4_close,
	.read = transport_h4_read,
	.write = transport_h4_write,
};
