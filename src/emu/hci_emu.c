/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hci_emu.c - hci-emu(1): an emulated LE controller for a scenario file,
 * served as an H4 byte stream on a unix socket (lockscope-scenario(5)).
 *
 * This file is the I/O shell around controller.c: sockets, the poll loop, the
 * control socket line protocol and the I/O-level faults (garbage,
 * fragment, hangup).  The controller itself never sees a file descriptor.
 *
 * One host connection at a time; others wait in the listen backlog.  When
 * the host disconnects, the controller goes back to its power-on state
 * and the next connection is accepted.  The listening socket appears
 * under its final name only once listen(2) was done (bind to a temporary
 * name, then rename), so a test may connect as soon as the file exists.
 *
 * It does not emulate a serial line (no baud rate, no flow control
 * lines) and it does not speak the HCI user-channel or monitor protocols.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "emu/controller.h"
#include "emu/emu_list.h"
#include "emu/scenario.h"
#include "hci/h4.h"
#include "hci/hcidef.h"
#include "util/err.h"
#include "util/hex.h"
#include "util/log.h"
#include "util/loop.h"

#define EMU_NAME		"hci-emu"
#define EMU_LINE_MAX		256	/* control line, without newline */
#define EMU_MAX_CLIENTS		16
#define EMU_CLIENT_OUT		4096	/* unread replies before we give up */
#define EMU_READ_MAX		4096

struct emu;

struct emu_client {
	struct emu	*owner;
	int		 fd;		/* -1: slot free */
	unsigned	 id;
	char		 in[EMU_LINE_MAX + 1];
	size_t		 inlen;
	bool		 skipping;	/* in an over-long line */
	char		 out[EMU_CLIENT_OUT];
	size_t		 outlen;
};

struct emu {
	struct loop		*loop;
	struct scn		*scn;
	struct ectl		*ctl;
	unsigned		 faults;
	uint64_t		 rng;

	const char		*listen_path;
	bool			 listen_made;	/* we created the file */
	int			 lfd;
	unsigned		 lid;
	int			 hfd;		/* host, -1 when none */
	unsigned		 hid;
	size_t			 pkt_left;	/* of the packet
						   being written */
	bool			 junk_done;	/* garbage decided for it */
	uint64_t		 hosts;		/* connections so far */
	struct ectl_stats	 at_connect;	/* for per-host counts */

	const char		*control_path;
	bool			 control_made;
	int			 cfd;
	unsigned		 cid;
	struct emu_client	 clients[EMU_MAX_CLIENTS];

	unsigned		 timer;
};

static void	emu_arm(struct emu *);
static void	emu_host_events(struct emu *);
static bool	emu_client_send(struct emu *, struct emu_client *,
		    const char *, ...) __attribute__((format(printf, 3, 4)));
static int	emu_usage_error(const char *, ...)
		    __attribute__((format(printf, 1, 2)));

static void
emu_usage(FILE *f)
{
	fprintf(f,
	    "usage: " EMU_NAME " --scenario FILE --listen unix:PATH "
	    "[--control unix:PATH]\n"
	    "               [--fault KIND]... [--seed N] "
	    "[--address XX:XX:XX:XX:XX:XX] [-v]...\n"
	    "       " EMU_NAME " --scenario FILE --list\n"
	    "       " EMU_NAME " --help | --version\n"
	    "faults: %s\n", ectl_fault_names());
}

static void
emu_log_sink(enum ls_log_level level, const char *line, void *arg)
{
	(void)arg;
	fprintf(stderr, EMU_NAME ": %s%s\n",
	    level == LS_LOG_ERROR ? "error: " :
	    level == LS_LOG_WARN ? "warning: " : "", line);
}

static uint32_t
emu_rand(struct emu *e)
{
	e->rng ^= e->rng << 13;
	e->rng ^= e->rng >> 7;
	e->rng ^= e->rng << 17;
	return (uint32_t)(e->rng >> 32);
}

/* "unix:PATH" -> PATH, or NULL. */
static const char *
emu_unix_spec(const char *spec)
{
	if (strncmp(spec, "unix:", 5) != 0 || spec[5] == '\0')
		return NULL;
	return spec + 5;
}

/*
 * Listen on a unix stream socket at path.  A stale socket file is
 * removed; a live one (something accepts connections) or a file that is
 * not a socket is an error.  The socket is bound to a temporary name and
 * renamed once listening.
 */
static enum ls_err
emu_listen(const char *path, int *out, struct ls_errbuf *eb)
{
	struct sockaddr_un	 sa, tmp;
	struct stat		 st;
	const char		*slash;
	enum ls_err		 err;
	int			 fd, probe, n;
	bool			 use_tmp;

	*out = -1;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof sa.sun_path)
		return ls_err_set(eb, LS_EUSAGE, "cannot listen on '%s': path "
		    "longer than %zu bytes", path, sizeof sa.sun_path - 1);
	memcpy(sa.sun_path, path, strlen(path) + 1);
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode))
			return ls_err_set(eb, LS_EIO, "cannot listen on '%s': "
			    "file exists and is not a socket", path);
		probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (probe != -1 && connect(probe, (struct sockaddr *)&sa,
		    sizeof sa) == 0) {
			close(probe);
			return ls_err_set(eb, LS_EIO, "cannot listen on '%s': "
			    "another process is listening there", path);
		}
		if (probe != -1)
			close(probe);
		if (unlink(path) == -1 && errno != ENOENT)
			return ls_err_set(eb, ls_err_from_errno(errno) ==
			    LS_EPERM ? LS_EPERM : LS_EIO, "cannot remove stale "
			    "socket '%s': %s", path, strerror(errno));
	}
	memset(&tmp, 0, sizeof tmp);
	tmp.sun_family = AF_UNIX;
	slash = strrchr(path, '/');
	n = snprintf(tmp.sun_path, sizeof tmp.sun_path, "%.*s.hci-emu-%ld",
	    slash == NULL ? 0 : (int)(slash - path + 1), path, (long)getpid());
	use_tmp = n > 0 && (size_t)n < sizeof tmp.sun_path;
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0)) == -1)
		return ls_err_set(eb, LS_EIO, "cannot listen on '%s': "
		    "socket: %s", path, strerror(errno));
	if (use_tmp)
		unlink(tmp.sun_path);
	if (bind(fd, (struct sockaddr *)(use_tmp ? &tmp : &sa),
	    sizeof sa) == -1 || listen(fd, 8) == -1 ||
	    (use_tmp && rename(tmp.sun_path, path) == -1)) {
		n = errno;
		err = n == EACCES || n == EPERM || n == EROFS ? LS_EPERM :
		    LS_EIO;
		if (use_tmp)
			unlink(tmp.sun_path);
		close(fd);
		return ls_err_set(eb, err, "cannot listen on '%s': %s", path,
		    strerror(n));
	}
	*out = fd;
	return LS_OK;
}

/* ---- host connection ---- */

static void
emu_host_close(struct emu *e, const char *why)
{
	struct ectl_stats	st;

	if (e->hfd == -1)
		return;
	ectl_stats(e->ctl, &st);
	ls_log(LS_LOG_INFO, "host %" PRIu64 " gone (%s): %" PRIu64
	    " commands, %" PRIu64 " reports, %" PRIu64 " dropped",
	    e->hosts, why, st.commands - e->at_connect.commands,
	    st.reports - e->at_connect.reports,
	    st.dropped - e->at_connect.dropped);
	loop_remove_fd(e->loop, e->hid);
	close(e->hfd);
	e->hfd = -1;
	e->hid = 0;
	ectl_reset(e->ctl);
	e->pkt_left = 0;
	e->junk_done = false;
	loop_set_events(e->loop, e->lid, POLLIN);
}

/* A few bytes that are no H4 packet indicator, before some packets. */
static void
emu_junk(struct emu *e)
{
	uint8_t	junk[4];
	size_t	n, i;

	if (emu_rand(e) % 4 != 0)
		return;
	n = 1 + emu_rand(e) % sizeof junk;
	for (i = 0; i < n; i++)
		junk[i] = (uint8_t)(HC_PKT_ISO + 1 + emu_rand(e) %
		    (256 - HC_PKT_ISO - 1));
	if (send(e->hfd, junk, n, MSG_NOSIGNAL | MSG_DONTWAIT) < 0) {
		/* A full socket simply gets no junk this time. */
	}
}

/*
 * stray-byte: one 0x04 (the event indicator, as line noise would look)
 * right before the Command Complete of a Reset.
 */
static void
emu_stray(struct emu *e, const uint8_t *p, size_t n)
{
	static const uint8_t	stray = HC_PKT_EVT;

	if (n < 7 || p[0] != HC_PKT_EVT || p[1] != HC_EVT_CMD_COMPLETE ||
	    (p[4] | p[5] << 8) != HC_OP_RESET)
		return;
	if (send(e->hfd, &stray, 1, MSG_NOSIGNAL | MSG_DONTWAIT) < 0) {
		/* A full socket gets no stray byte this time. */
	}
}

/* Length of the whole H4 packet (events or ACL) at the head of p. */
static size_t
emu_pkt_len(const uint8_t *p)
{
	return 1 + h4_header_len(p[0]) + h4_payload_len(p[0], p + 1);
}

/*
 * Write queued output to the host until it is all written or the socket
 * is full.  Keeps track of packet boundaries for the garbage and fragment
 * faults.  Returns false when the host connection failed.
 */
static bool
emu_flush(struct emu *e)
{
	const uint8_t	*p, *q;
	size_t		 n, chunk, m, take;
	ssize_t		 w;

	while (e->hfd != -1) {
		p = ectl_out_peek(e->ctl, &n);
		if (n == 0)
			return true;
		if (e->pkt_left == 0) {
			e->pkt_left = emu_pkt_len(p);
			e->junk_done = false;
		}
		if (!e->junk_done) {
			e->junk_done = true;
			if (e->faults & ECTL_FAULT_GARBAGE)
				emu_junk(e);
			if (e->faults & ECTL_FAULT_STRAY_BYTE)
				emu_stray(e, p, n);
		}
		chunk = n;
		if (e->faults & (ECTL_FAULT_GARBAGE | ECTL_FAULT_FRAGMENT |
		    ECTL_FAULT_STRAY_BYTE))
			chunk = e->pkt_left;
		if ((e->faults & ECTL_FAULT_FRAGMENT) &&
		    (take = 1 + emu_rand(e) % 3) < chunk)
			chunk = take;
		w = send(e->hfd, p, chunk, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return true;
			return false;
		}
		/* Walk the packet boundaries crossed by what was written. */
		for (q = p, m = (size_t)w; m > 0;) {
			if (e->pkt_left == 0) {
				e->pkt_left = emu_pkt_len(q);
				e->junk_done = false;
			}
			take = m < e->pkt_left ? m : e->pkt_left;
			e->pkt_left -= take;
			q += take;
			m -= take;
		}
		ectl_out_consume(e->ctl, (size_t)w);
	}
	return true;
}

static void
emu_host_events(struct emu *e)
{
	size_t	n;
	short	ev = 0;

	if (e->hfd == -1)
		return;
	ectl_out_peek(e->ctl, &n);
	if (!ectl_out_full(e->ctl) && !ectl_hangup(e->ctl))
		ev |= POLLIN;
	if (n > 0)
		ev |= POLLOUT;
	loop_set_events(e->loop, e->hid, ev);
}

static void
emu_on_host(int fd, short revents, void *arg)
{
	struct emu	*e = arg;
	uint8_t		 buf[EMU_READ_MAX];
	ssize_t		 r;

	if ((revents & POLLIN) && !ectl_out_full(e->ctl)) {
		r = read(fd, buf, sizeof buf);
		if (r > 0)
			ectl_input(e->ctl, buf, (size_t)r, loop_now_ms());
		else if (r == 0) {
			emu_host_close(e, "end of stream");
			emu_arm(e);
			return;
		} else if (errno != EAGAIN && errno != EINTR) {
			emu_host_close(e, strerror(errno));
			emu_arm(e);
			return;
		}
	} else if (revents & (POLLERR | POLLHUP | POLLNVAL)) {
		emu_host_close(e, "hang-up");
		emu_arm(e);
		return;
	}
	if (!emu_flush(e))
		emu_host_close(e, strerror(errno));
	else if (ectl_hangup(e->ctl))
		emu_host_close(e, "fault hangup");
	emu_host_events(e);
	emu_arm(e);
}

static void
emu_on_listen(int fd, short revents, void *arg)
{
	struct emu	*e = arg;
	int		 h;

	(void)revents;
	if (e->hfd != -1) {
		/* Not expected: the listen fd is not polled meanwhile. */
		loop_set_events(e->loop, e->lid, 0);
		return;
	}
	h = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (h == -1) {
		if (errno != EAGAIN && errno != EINTR &&
		    errno != ECONNABORTED)
			ls_log(LS_LOG_WARN, "accept: %s", strerror(errno));
		return;
	}
	e->hid = loop_add_fd(e->loop, h, POLLIN, emu_on_host, e);
	if (e->hid == 0) {
		ls_log(LS_LOG_ERROR, "out of memory: host connection refused");
		close(h);
		return;
	}
	e->hfd = h;
	e->hosts++;
	ectl_stats(e->ctl, &e->at_connect);
	e->pkt_left = 0;
	e->junk_done = false;
	loop_set_events(e->loop, e->lid, 0);
	ls_log(LS_LOG_INFO, "host %" PRIu64 " connected", e->hosts);
}

/* ---- timer ---- */

static void
emu_on_timer(void *arg)
{
	struct emu	*e = arg;

	e->timer = 0;
	ectl_tick(e->ctl, loop_now_ms());
	if (e->hfd != -1 && !emu_flush(e))
		emu_host_close(e, strerror(errno));
	emu_host_events(e);
	emu_arm(e);
}

/* (Re)arm the one timer for when the controller next has work. */
static void
emu_arm(struct emu *e)
{
	uint64_t	next, now;

	if (e->timer != 0) {
		loop_cancel_timer(e->loop, e->timer);
		e->timer = 0;
	}
	next = ectl_next_due(e->ctl);
	if (next == UINT64_MAX)
		return;
	now = loop_now_ms();
	e->timer = loop_add_timer(e->loop, next > now ? next - now : 0,
	    emu_on_timer, e);
}

/* ---- control socket ---- */

static void
emu_client_close(struct emu *e, struct emu_client *cl)
{
	loop_remove_fd(e->loop, cl->id);
	close(cl->fd);
	cl->fd = -1;
	cl->id = 0;
}

/* Queue a reply line; false (client closed) if it does not fit. */
static bool
emu_client_send(struct emu *e, struct emu_client *cl, const char *fmt, ...)
{
	char	line[EMU_LINE_MAX + 128];
	va_list	ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof line - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return true;
	if ((size_t)n > sizeof line - 2)
		n = (int)sizeof line - 2;
	line[n++] = '\n';
	if (cl->outlen + (size_t)n > sizeof cl->out) {
		ls_log(LS_LOG_WARN, "control client not reading; closed");
		emu_client_close(e, cl);
		return false;
	}
	memcpy(cl->out + cl->outlen, line, (size_t)n);
	cl->outlen += (size_t)n;
	return true;
}

static bool
emu_client_flush(struct emu *e, struct emu_client *cl)
{
	ssize_t	w;

	while (cl->outlen > 0) {
		w = send(cl->fd, cl->out, cl->outlen,
		    MSG_NOSIGNAL | MSG_DONTWAIT);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (w < 0) {
			emu_client_close(e, cl);
			return false;
		}
		memmove(cl->out, cl->out + w, cl->outlen - (size_t)w);
		cl->outlen -= (size_t)w;
	}
	loop_set_events(e->loop, cl->id,
	    (short)(POLLIN | (cl->outlen > 0 ? POLLOUT : 0)));
	return true;
}

/* Handle one control line; false when the client was closed. */
static bool
emu_control_line(struct emu *e, struct emu_client *cl, char *line)
{
	struct ls_errbuf	 eb;
	struct ectl_stats	 st;
	char			*w[4], *save = NULL, *t;
	size_t			 n = 0;

	for (t = strtok_r(line, " \t\r", &save); t != NULL;
	    t = strtok_r(NULL, " \t\r", &save)) {
		if (n < 4)
			w[n] = t;
		n++;
	}
	if (n == 0)
		return true;
	if (strcmp(w[0], "state") == 0) {
		if (n != 3)
			return emu_client_send(e, cl,
			    "error: usage: state DEVICE-ID STATE");
		ls_err_clear(&eb);
		if (ectl_set_state(e->ctl, w[1], w[2], &eb) != LS_OK)
			return emu_client_send(e, cl, "error: %s", eb.msg);
		emu_arm(e);
		return emu_client_send(e, cl, "ok");
	}
	if (strcmp(w[0], "advertise") == 0) {
		if (n != 3 || (strcmp(w[2], "on") != 0 &&
		    strcmp(w[2], "off") != 0))
			return emu_client_send(e, cl,
			    "error: usage: advertise DEVICE-ID off|on");
		ls_err_clear(&eb);
		if (ectl_set_advertising(e->ctl, w[1], strcmp(w[2], "on") == 0,
		    &eb) != LS_OK)
			return emu_client_send(e, cl, "error: %s", eb.msg);
		return emu_client_send(e, cl, "ok");
	}
	if (strcmp(w[0], "rssi") == 0) {
		char	*end;
		long	 v;

		errno = 0;
		v = n == 3 ? strtol(w[2], &end, 10) : 0;
		if (n != 3 || errno != 0 || end == w[2] || *end != '\0' ||
		    v < INT_MIN || v > INT_MAX)
			return emu_client_send(e, cl,
			    "error: usage: rssi DEVICE-ID DBM");
		ls_err_clear(&eb);
		if (ectl_set_rssi(e->ctl, w[1], (int)v, &eb) != LS_OK)
			return emu_client_send(e, cl, "error: %s", eb.msg);
		return emu_client_send(e, cl, "ok");
	}
	if (strcmp(w[0], "stats") == 0 && n == 2) {
		struct ectl_dev_stats	ds;

		ls_err_clear(&eb);
		if (ectl_dev_stats(e->ctl, w[1], &ds, &eb) != LS_OK)
			return emu_client_send(e, cl, "error: %s", eb.msg);
		return emu_client_send(e, cl, "ok att_requests %" PRIu64
		    " att_total %" PRIu64 " connections %" PRIu64
		    " connected %d writes %" PRIu64 " notifications %" PRIu64
		    " pairing_not_supported %" PRIu64 " pairing_requests %"
		    PRIu64 " param_accepted %" PRIu64 " param_rejected %"
		    PRIu64 " ll_param_replied %" PRIu64 " ll_param_refused %"
		    PRIu64 " value_reads %" PRIu64 " vendor_value_reads %"
		    PRIu64, ds.att_requests, ds.att_total, ds.connections,
		    ds.connected ? 1 : 0, ds.writes, ds.notifications,
		    ds.smp_not_supported, ds.smp_pairing, ds.param_accepted,
		    ds.param_rejected, ds.ll_param_replied, ds.ll_param_refused,
		    ds.value_reads, ds.vendor_reads);
	}
	if (strcmp(w[0], "stats") == 0 && n == 1) {
		ectl_stats(e->ctl, &st);
		return emu_client_send(e, cl, "ok host %s commands %" PRIu64
		    " unknown %" PRIu64 " reports %" PRIu64 " dropped %" PRIu64
		    " junk %" PRIu64 " switches %" PRIu64 " connections %"
		    PRIu64 " disconnections %" PRIu64 " acl_in %" PRIu64
		    " acl_out %" PRIu64 " acl_unknown %" PRIu64
		    " acl_violations %" PRIu64 " l2cap_dropped %" PRIu64,
		    e->hfd != -1 ? "connected" : "none", st.commands,
		    st.unknown, st.reports, st.dropped, st.junk, st.switches,
		    st.connections, st.disconnections, st.acl_in, st.acl_out,
		    st.acl_unknown, st.acl_violations, st.l2cap_dropped);
	}
	if (strcmp(w[0], "quit") == 0 && n == 1) {
		emu_client_send(e, cl, "ok");
		if (cl->fd != -1) {
			emu_client_flush(e, cl);
			if (cl->fd != -1)
				emu_client_close(e, cl);
		}
		return false;
	}
	return emu_client_send(e, cl, "error: unknown command");
}

static void
emu_client_io(int fd, short revents, void *arg)
{
	struct emu_client	*cl = arg;
	struct emu		*e = cl->owner;
	char			 buf[512];
	ssize_t			 r, i;

	(void)fd;
	if (revents & POLLOUT) {
		if (!emu_client_flush(e, cl))
			return;
	}
	if (!(revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)))
		return;
	r = read(cl->fd, buf, sizeof buf);
	if (r < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (r <= 0) {
		emu_client_close(e, cl);
		return;
	}
	for (i = 0; i < r; i++) {
		if (buf[i] == '\n') {
			if (cl->skipping) {
				cl->skipping = false;
				if (!emu_client_send(e, cl,
				    "error: line longer than %d bytes",
				    EMU_LINE_MAX))
					return;
				continue;
			}
			cl->in[cl->inlen] = '\0';
			cl->inlen = 0;
			if (!emu_control_line(e, cl, cl->in))
				return;
		} else if (cl->skipping)
			continue;
		else if (cl->inlen == EMU_LINE_MAX) {
			cl->skipping = true;
			cl->inlen = 0;
		} else
			cl->in[cl->inlen++] = buf[i];
	}
	emu_client_flush(e, cl);
}

static void
emu_on_control(int fd, short revents, void *arg)
{
	struct emu		*e = arg;
	struct emu_client	*cl;
	size_t			 i;
	int			 c;

	(void)revents;
	c = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (c == -1)
		return;
	for (i = 0; i < EMU_MAX_CLIENTS; i++)
		if (e->clients[i].fd == -1)
			break;
	if (i == EMU_MAX_CLIENTS) {
		static const char	msg[] = "error: too many clients\n";

		if (send(c, msg, sizeof msg - 1, MSG_NOSIGNAL |
		    MSG_DONTWAIT) < 0) {
			/* Closing anyway. */
		}
		close(c);
		return;
	}
	cl = &e->clients[i];
	memset(cl, 0, sizeof *cl);
	cl->owner = e;
	cl->id = loop_add_fd(e->loop, c, POLLIN, emu_client_io, cl);
	if (cl->id == 0) {
		close(c);
		cl->fd = -1;
		return;
	}
	cl->fd = c;
}

/* ---- main ---- */

static void
emu_on_signal(int signo, void *arg)
{
	struct emu	*e = arg;

	ls_log(LS_LOG_INFO, "signal %d: exiting", signo);
	loop_stop(e->loop);
}

static void
emu_cleanup(struct emu *e)
{
	size_t	i;

	for (i = 0; i < EMU_MAX_CLIENTS; i++)
		if (e->clients[i].fd != -1)
			close(e->clients[i].fd);
	if (e->hfd != -1)
		close(e->hfd);
	if (e->lfd != -1)
		close(e->lfd);
	if (e->cfd != -1)
		close(e->cfd);
	if (e->listen_made)
		unlink(e->listen_path);
	if (e->control_made)
		unlink(e->control_path);
	loop_free(e->loop);
	ectl_free(e->ctl);
	scn_free(e->scn);
}

static int
emu_usage_error(const char *fmt, ...)
{
	va_list	ap;

	fprintf(stderr, EMU_NAME ": ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	emu_usage(stderr);
	return ls_err_exit(LS_EUSAGE);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "scenario",	required_argument,	NULL, 's' },
		{ "listen",	required_argument,	NULL, 'l' },
		{ "control",	required_argument,	NULL, 'c' },
		{ "fault",	required_argument,	NULL, 'f' },
		{ "seed",	required_argument,	NULL, 'S' },
		{ "address",	required_argument,	NULL, 'a' },
		{ "list",	no_argument,		NULL, 'L' },
		{ "verbose",	no_argument,		NULL, 'v' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "version",	no_argument,		NULL, 'V' },
		{ NULL,		0,			NULL, 0 }
	};
	struct emu		 e;
	struct ectl_opts	 o;
	struct ls_errbuf	 eb;
	const char		*scenario = NULL, *listen_spec = NULL;
	const char		*control_spec = NULL;
	char			*end;
	unsigned		 bit;
	enum ls_err		 err;
	size_t			 i;
	int			 ch, verbose = 0, rc = 0;
	bool			 list = false;

	memset(&e, 0, sizeof e);
	memset(&o, 0, sizeof o);
	e.lfd = e.hfd = e.cfd = -1;
	for (i = 0; i < EMU_MAX_CLIENTS; i++)
		e.clients[i].fd = -1;
	hex_addr_parse(ECTL_BDADDR_DEFAULT, o.bdaddr);
	o.seed = 1;

	while ((ch = getopt_long(argc, argv, "vh", longopts, NULL)) != -1) {
		switch (ch) {
		case 's':
			scenario = optarg;
			break;
		case 'l':
			listen_spec = optarg;
			break;
		case 'c':
			control_spec = optarg;
			break;
		case 'f':
			if ((bit = ectl_fault_parse(optarg)) == 0)
				return emu_usage_error("unknown fault '%s' "
				    "(want %s)", optarg, ectl_fault_names());
			o.faults |= bit;
			break;
		case 'S':
			errno = 0;
			o.seed = strtoull(optarg, &end, 0);
			if (errno != 0 || end == optarg || *end != '\0' ||
			    optarg[0] == '-')
				return emu_usage_error("bad seed '%s' (want a "
				    "non-negative integer)", optarg);
			break;
		case 'a':
			if (!hex_addr_parse(optarg, o.bdaddr))
				return emu_usage_error("bad address '%s' (want "
				    "XX:XX:XX:XX:XX:XX)", optarg);
			break;
		case 'L':
			list = true;
			break;
		case 'v':
			verbose++;
			break;
		case 'h':
			emu_usage(stdout);
			return 0;
		case 'V':
			printf(EMU_NAME " %s\n", LS_VERSION);
			return 0;
		default:
			emu_usage(stderr);
			return ls_err_exit(LS_EUSAGE);
		}
	}
	if (optind < argc)
		return emu_usage_error("unexpected argument '%s'",
		    argv[optind]);
	if (scenario == NULL)
		return emu_usage_error("--scenario is required");
	if (list) {
		if (listen_spec != NULL || control_spec != NULL)
			return emu_usage_error("--list does not serve; drop "
			    "--listen and --control");
		ls_err_clear(&eb);
		if ((err = scn_load(scenario, &e.scn, &eb)) != LS_OK) {
			fprintf(stderr, EMU_NAME ": %s\n", eb.msg);
			return ls_err_exit(err);
		}
		emu_list(stdout, e.scn);
		scn_free(e.scn);
		if (fflush(stdout) != 0 || ferror(stdout)) {
			fprintf(stderr, EMU_NAME ": standard output: %s\n",
			    strerror(errno));
			return ls_err_exit(LS_EIO);
		}
		return 0;
	}
	if (listen_spec == NULL)
		return emu_usage_error("--listen is required");
	if ((e.listen_path = emu_unix_spec(listen_spec)) == NULL)
		return emu_usage_error("bad --listen '%s' (want unix:PATH)",
		    listen_spec);
	if (control_spec != NULL &&
	    (e.control_path = emu_unix_spec(control_spec)) == NULL)
		return emu_usage_error("bad --control '%s' (want unix:PATH)",
		    control_spec);
	if (e.control_path != NULL &&
	    strcmp(e.control_path, e.listen_path) == 0)
		return emu_usage_error("--control and --listen name the same "
		    "socket");

	ls_log_set_sink(emu_log_sink, NULL, verbose >= 2 ? LS_LOG_DEBUG :
	    verbose == 1 ? LS_LOG_INFO : LS_LOG_WARN);
	signal(SIGPIPE, SIG_IGN);
	ls_err_clear(&eb);

	if ((err = scn_load(scenario, &e.scn, &eb)) != LS_OK) {
		fprintf(stderr, EMU_NAME ": %s\n", eb.msg);
		return ls_err_exit(err);
	}
	e.faults = o.faults;
	e.rng = o.seed * 0x9e3779b97f4a7c15ULL + 1;
	o.origin_ms = loop_now_ms();
	if ((e.ctl = ectl_new(e.scn, &o)) == NULL ||
	    (e.loop = loop_new()) == NULL) {
		fprintf(stderr, EMU_NAME ": out of memory\n");
		emu_cleanup(&e);
		return ls_err_exit(LS_ENOMEM);
	}
	if ((err = emu_listen(e.listen_path, &e.lfd, &eb)) != LS_OK)
		goto fail;
	e.listen_made = true;
	if (e.control_path != NULL) {
		if ((err = emu_listen(e.control_path, &e.cfd, &eb)) != LS_OK)
			goto fail;
		e.control_made = true;
	}
	if ((e.lid = loop_add_fd(e.loop, e.lfd, POLLIN, emu_on_listen,
	    &e)) == 0 ||
	    (e.cfd != -1 && (e.cid = loop_add_fd(e.loop, e.cfd, POLLIN,
	    emu_on_control, &e)) == 0) ||
	    !loop_add_signal(e.loop, SIGINT, emu_on_signal, &e) ||
	    !loop_add_signal(e.loop, SIGTERM, emu_on_signal, &e)) {
		err = ls_err_set(&eb, LS_ENOMEM, "cannot set up the event "
		    "loop");
		goto fail;
	}
	ls_log(LS_LOG_INFO, "scenario '%s': %zu BLE devices, %zu timeline "
	    "entries; listening on %s", scn_name(e.scn), scn_ble_count(e.scn),
	    scn_timeline_count(e.scn), e.listen_path);
	emu_arm(&e);
	if (loop_run(e.loop) == -1) {
		fprintf(stderr, EMU_NAME ": event loop: %s\n", strerror(errno));
		rc = ls_err_exit(LS_EIO);
	}
	emu_cleanup(&e);
	return rc;
fail:
	fprintf(stderr, EMU_NAME ": %s\n", eb.msg);
	emu_cleanup(&e);
	return ls_err_exit(err);
}
