/*
 * test_conn.c - one LE connection over the HCI host (src/bt/conn.c),
 * driven over a socketpair by a scripted controller (the rig of
 * test_host.c): LE Create Connection and its completion, ACL
 * fragmentation to the controller's 27-octet buffers under Number Of
 * Completed Packets flow control, reassembly of received fragments,
 * Disconnect, and the create timeout followed by LE Create Connection
 * Cancel.  Layouts: Core 5.4 Vol 4 Part E §7.8.12, §7.8.13, §7.1.6,
 * §7.7.65.1, §7.7.5, §7.7.19, §5.4.2.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "adapters/transport.h"
#include "src/bt/conn.h"
#include "src/bt/ctrl.h"
#include "src/bt/h4.h"
#include "src/bt/hcidef.h"
#include "src/bt/host.h"
#include "src/util/hex.h"
#include "src/util/loop.h"

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
	struct ctrl_info	 info;
	struct conn		*conn;
	uint16_t		 cid;
	size_t			 frames, plen;
	bool			 done;
	struct ls_errbuf	 eb;
	bool			 dead;
	struct ls_errbuf	 why;
	unsigned		 guard;
	bool			 guard_fired;
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


static const uint8_t	tc_addr[6] = { 0x01, 0x12, 0x6a, 0x8d, 0x7c, 0xc4 };

/* LE Create Connection to C4:7C:8D:6A:12:01 (random), 30-50 ms, 4 s. */
#define TC_CREATE	"010d201960003000000101126a8d7cc4001800280000009001" \
			"00000000"
#define TC_STATUS	"040f0400010d20"
/* LE Connection Complete: handle 0x040, central, 30 ms, 4 s */
#define TC_COMPLETE	"043e1301004000000101126a8d7cc418000000900100"

static void
tc_frame(uint16_t cid, const uint8_t *p, size_t n, void *arg)
{
	struct rig	*r = arg;

	(void)p;
	r->cid = cid;
	r->plen = n;
	r->frames++;
	loop_stop(r->loop);
}

static void
tc_setup(struct rig *r, const struct step *steps, size_t n)
{
	rig_setup(r, steps, n, false);
	r->info.le_acl_mtu = 27;
	r->info.le_acl_pkts = 2;
	r->conn = conn_new(r->host, &r->info);
	assert_non_null(r->conn);
	conn_set_l2cap(r->conn, tc_frame, r);
}

static const struct step conn_script[] = {
	{ 'E', TC_CREATE, 0 },
	{ 'S', TC_STATUS, 0 },
	{ 'S', TC_COMPLETE, 0 },
	/* a 60-octet payload: 64-octet frame in 27 + 27 + 10 */
	{ 'E', "0240001b003c000400000102030405060708090a0b0c0d0e0f1011121314"
	    "1516", 0 },
	{ 'E', "0240101b001718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f"
	    "3031", 0 },
	/* two buffers in use: nothing until a Number Of Completed Packets */
	{ 'W', NULL, 50 },
	{ 'S', "0413050140000100", 0 },
	{ 'E', "0240100a0032333435363738393a3b", 0 },
	/* the lock answers in two fragments */
	{ 'S', "02402005000300040003", 0 },
	{ 'S', "0240100200f700", 0 },
	{ 'E', "01060403400013", 0 },
	{ 'S', "040f0400010604", 0 },
	{ 'S', "0405040040001600", 0 },
};

static void
test_connect_send_receive(void **state)
{
	struct rig		r;
	struct ls_errbuf	eb;
	uint8_t			payload[60];
	size_t			i;

	(void)state;
	tc_setup(&r, conn_script, sizeof conn_script / sizeof conn_script[0]);
	conn_connect(r.conn, tc_addr, 1, 1000, rig_done, &r);
	rig_run(&r);
	assert_true(r.done);
	assert_int_equal(r.eb.code, LS_OK);
	assert_true(conn_connected(r.conn));
	assert_int_equal(conn_stats(r.conn)->interval, 24);
	for (i = 0; i < sizeof payload; i++)
		payload[i] = (uint8_t)i;
	ls_err_clear(&eb);
	assert_int_equal(conn_send(r.conn, 4, payload, sizeof payload, &eb),
	    LS_OK);
	rig_run(&r);			/* until the frame arrives */
	assert_int_equal(r.frames, 1);
	assert_int_equal(r.cid, 4);
	assert_int_equal(r.plen, 3);
	r.done = false;
	conn_disconnect(r.conn, 1000, rig_done, &r);
	rig_run(&r);
	assert_true(r.done);
	assert_false(conn_connected(r.conn));
	rig_check_script(&r);
	conn_free(r.conn);
	rig_teardown(&r);
}

static const struct step timeout_script[] = {
	{ 'E', TC_CREATE, 0 },
	{ 'S', TC_STATUS, 0 },
	/* no completion: after the timeout the host cancels */
	{ 'E', "010e2000", 0 },
	{ 'S', "040e04010e2000", 0 },
	/* LE Connection Complete, status 0x02 Unknown Connection Id */
	{ 'S', "043e1301020000000000000000000000000000000000", 0 },
};

static void
test_connect_timeout(void **state)
{
	struct rig	r;

	(void)state;
	tc_setup(&r, timeout_script, sizeof timeout_script /
	    sizeof timeout_script[0]);
	conn_connect(r.conn, tc_addr, 1, 50, rig_done, &r);
	rig_run(&r);
	assert_true(r.done);
	assert_int_equal(r.eb.code, LS_ETIMEOUT);
	assert_non_null(strstr(r.eb.msg, "did not complete the connection"));
	assert_false(conn_connected(r.conn));
	rig_check_script(&r);
	conn_free(r.conn);
	rig_teardown(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_connect_send_receive),
		cmocka_unit_test(test_connect_timeout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
