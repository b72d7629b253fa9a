/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hci_rig.h - a scripted controller for host-side unit tests, shared by
 * test_host.c and test_conn.c: the host under test talks H4 over one end
 * of a socketpair; the script on the other end expects exact packets
 * (E), sends packets (S), waits for silence (W) or hangs up (C), and any
 * unexpected packet fails the test (BlueZ unit/test-*.c habit).
 *
 * Static functions: include once per test program, after the system,
 * cmocka and lockscope headers the test uses.  Define RIG_EXTRA
 * (more members of struct rig, possibly empty) before including.
 */
#ifndef LS_TESTS_UNIT_HCI_RIG_H
#define LS_TESTS_UNIT_HCI_RIG_H

#ifndef RIG_EXTRA
#define RIG_EXTRA
#endif

/* E: the host must send this; S: send this to the host; W: nothing may
   arrive for this many ms; C: close the controller's end. */
struct step {
	char		 op;
	const char	*hex;
	unsigned	 ms;
};

struct peer {
	struct loop		*loop;
	int			 fd;
	unsigned		 fd_id, timer;
	struct h4_framer	 framer;
	const struct step	*steps;
	size_t			 n, i;
	bool			 waiting;
	char			 fail[256];
};

struct rig {
	struct loop		*loop;
	struct transport	*t;
	struct host		*host;
	struct peer		 peer;
	struct bringup_info	 info;
	bool			 done;
	struct ls_errbuf	 eb;
	bool			 dead;
	struct ls_errbuf	 why;
	unsigned		 guard;
	bool			 guard_fired;
	RIG_EXTRA
};

static void	peer_run(struct peer *);

static void
peer_failf(struct peer *p, const char *fmt, ...)
{
	va_list	ap;

	if (p->fail[0] != '\0')
		return;
	va_start(ap, fmt);
	vsnprintf(p->fail, sizeof p->fail, fmt, ap);
	va_end(ap);
	loop_stop(p->loop);
}

static void
peer_wait_over(void *arg)
{
	struct peer	*p = arg;

	p->timer = 0;
	p->waiting = false;
	p->i++;
	peer_run(p);
}

/* Perform S, W and C steps until the next E step. */
static void
peer_run(struct peer *p)
{
	uint8_t	buf[300];
	long	n;

	while (p->i < p->n && !p->waiting) {
		const struct step *s = &p->steps[p->i];

		switch (s->op) {
		case 'S':
			n = hex_decode(s->hex, buf, sizeof buf);
			assert_true(n > 0);
			assert_int_equal(write(p->fd, buf, (size_t)n), n);
			p->i++;
			break;
		case 'W':
			p->waiting = true;
			p->timer = loop_add_timer(p->loop, s->ms,
			    peer_wait_over, p);
			return;
		case 'C':
			loop_remove_fd(p->loop, p->fd_id);
			p->fd_id = 0;
			close(p->fd);
			p->fd = -1;
			p->i++;
			break;
		default:
			return;
		}
	}
}

static void
peer_packet(uint8_t type, const uint8_t *pkt, size_t len, void *arg)
{
	struct peer	*p = arg;
	char		 got[2 * 300 + 3];
	uint8_t		 raw[300];

	raw[0] = type;
	memcpy(raw + 1, pkt, len);
	hex_encode(raw, len + 1, got);
	if (p->waiting) {
		peer_failf(p, "step %zu: host sent %s while it must wait",
		    p->i, got);
		return;
	}
	if (p->i >= p->n || p->steps[p->i].op != 'E') {
		peer_failf(p, "step %zu: unexpected packet %s", p->i, got);
		return;
	}
	if (strcmp(got, p->steps[p->i].hex) != 0) {
		peer_failf(p, "step %zu: want %s, got %s", p->i,
		    p->steps[p->i].hex, got);
		return;
	}
	p->i++;
	peer_run(p);
}

static void
peer_readable(int fd, short revents, void *arg)
{
	struct peer	*p = arg;
	uint8_t		 buf[1024];
	ssize_t		 r;

	(void)revents;
	r = read(fd, buf, sizeof buf);
	if (r > 0)
		h4_feed(&p->framer, buf, (size_t)r, peer_packet, p);
}

static void
rig_guard(void *arg)
{
	struct rig	*r = arg;

	r->guard = 0;
	r->guard_fired = true;
	loop_stop(r->loop);
}

static void
rig_dead(const struct ls_errbuf *why, void *arg)
{
	struct rig	*r = arg;

	r->dead = true;
	r->why = *why;
}

static void
rig_setup(struct rig *r, const struct step *steps, size_t n, bool shared)
{
	struct ls_errbuf	eb;
	int			sv[2];

	memset(r, 0, sizeof *r);
	ls_err_clear(&eb);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	r->loop = loop_new();
	assert_non_null(r->loop);
	assert_int_equal(transport_h4_fd(sv[0], "test", &r->t, &eb), LS_OK);
	if (shared)
		r->t->flags |= TRANSPORT_SHARED;
	r->host = host_new(r->loop, r->t);
	assert_non_null(r->host);
	host_set_cmd_timeout(r->host, 100);
	host_set_dead(r->host, rig_dead, r);
	r->peer.loop = r->loop;
	r->peer.fd = sv[1];
	r->peer.steps = steps;
	r->peer.n = n;
	h4_init(&r->peer.framer);
	r->peer.fd_id = loop_add_fd(r->loop, sv[1], 0x001 /* POLLIN */,
	    peer_readable, &r->peer);
	peer_run(&r->peer);
}

/* Run until stopped (by a callback or the 2 s guard). */
static void
rig_run(struct rig *r)
{
	r->guard = loop_add_timer(r->loop, 2000, rig_guard, r);
	loop_run(r->loop);
	if (r->guard != 0)
		loop_cancel_timer(r->loop, r->guard);
}

static void
rig_check_script(struct rig *r)
{
	if (r->peer.fail[0] != '\0')
		fail_msg("%s", r->peer.fail);
	if (r->peer.i != r->peer.n)
		fail_msg("script stopped at step %zu of %zu", r->peer.i,
		    r->peer.n);
}

static void
rig_teardown(struct rig *r)
{
	host_free(r->host);
	transport_free(r->t);
	if (r->peer.fd != -1)
		close(r->peer.fd);
	loop_free(r->loop);
}

static void
rig_done(const struct ls_errbuf *eb, void *arg)
{
	struct rig	*r = arg;

	r->done = true;
	r->eb = *eb;
	loop_stop(r->loop);
}

#endif
