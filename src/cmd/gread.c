/*
 * gread.c - one GATT inspection of a device over an open radio (see
 * gread.h).
 *
 * Phases, every wait bounded:
 *   1. connect: our LE connection over HCI (exclusive transports) or the
 *      kernel's L2CAP socket (hciN), at most connect_ms;
 *   2. GATT inspection (src/bt/gatt.h), att_ms per request;
 *   3. connection RSSI (after a clean read), disconnect.
 * Only values of known standard characteristics are read (gattstd.h).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../adapters/att_kernel.h"
#include "../bt/att.h"
#include "../bt/att_bearer.h"
#include "../bt/conn.h"
#include "../bt/gatt.h"
#include "../bt/hcidef.h"
#include "../bt/l2cap.h"
#include "../util/hex.h"
#include "gread.h"

#define GREAD_STOP_MS	2000	/* Disconnection Complete */

enum gread_phase {
	GREAD_CONNECT,
	GREAD_GATT,
	GREAD_RSSI,
	GREAD_CLOSE,
	GREAD_END
};

struct gread {
	struct loop		*loop;
	struct radio		*radio;
	struct conn		*conn;
	struct l2cap		*l2cap;
	struct att_kernel	*katt;
	struct att		*att;
	struct gatt		*gatt;
	struct gatt_result	*res;
	int			*conn_rssi;
	struct gread_opts	 o;
	enum gread_phase	 phase;
	uint8_t			 addr[6];
	char			 addr_str[18];
	bool			 gatt_done;
	uint64_t		 t_conn;
	struct ls_errbuf	 eb;		/* first failure */
	gread_done_fn		 done;
	void			*arg;
};

static void	gread_close(struct gread *);

static void
gread_end(struct gread *g)
{
	if (g->phase == GREAD_END)
		return;
	g->phase = GREAD_END;
	g->done(&g->eb, g->arg);
}

static void
gread_gatt_finished(const struct ls_errbuf *eb, void *arg)
{
	struct gread	*g = arg;

	g->gatt_done = true;
	if (eb->code != LS_OK)
		ls_err_set_at(&g->eb, eb->file, eb->line, eb->code,
		    "device %s: %s", g->addr_str, eb->msg);
	gread_close(g);
}

static void
gread_run_gatt(struct gread *g, const struct att_bearer_ops *ops,
    void *priv)
{
	struct gatt_opts	o;
	struct tm		tm;
	time_t			now = time(NULL);

	g->phase = GREAD_GATT;
	g->t_conn = loop_now_ms();
	g->att = att_new(g->loop, ops, priv);
	g->gatt = g->att != NULL ? gatt_new(g->att, g->loop) : NULL;
	if (g->gatt == NULL) {
		ls_err_set(&g->eb, LS_ENOMEM, "out of memory");
		gread_close(g);
		return;
	}
	if (g->l2cap != NULL)
		l2cap_set_att(g->l2cap, g->att);
	if (g->katt != NULL)
		att_kernel_set_att(g->katt, g->att);
	memset(&o, 0, sizeof o);
	o.timeout_ms = g->o.att_ms;
	o.full = g->o.full;
	localtime_r(&now, &tm);
	o.utc_offset_s = tm.tm_gmtoff;
	gatt_inspect(g->gatt, &o, g->res, gread_gatt_finished, g);
}

static void
gread_lost(const struct ls_errbuf *why, void *arg)
{
	struct gread	*g = arg;

	if (g->att != NULL)
		att_lost(g->att, why);	/* gatt reports it */
	else {
		ls_err_copy(&g->eb, why);
		gread_end(g);
	}
}

static void
gread_connected(const struct ls_errbuf *eb, void *arg)
{
	struct gread	*g = arg;

	if (eb->code != LS_OK) {
		if (eb->code == LS_ETIMEOUT)
			ls_err_set(&g->eb, LS_EUNAVAIL, "%s", eb->msg);
		else
			ls_err_copy(&g->eb, eb);
		/* A connection that raced the cancel is taken down. */
		gread_close(g);
		return;
	}
	conn_set_lost(g->conn, gread_lost, g);
	g->l2cap = l2cap_new(g->conn);
	if (g->l2cap == NULL) {
		ls_err_set(&g->eb, LS_ENOMEM, "out of memory");
		gread_close(g);
		return;
	}
	gread_run_gatt(g, &l2cap_att_ops, g->l2cap);
}

static void
gread_connect(struct gread *g, uint8_t type)
{
	g->phase = GREAD_CONNECT;
	if (host_shared(g->radio->host)) {
		/* The kernel owns connections: its L2CAP socket. */
		if (att_kernel_open(g->loop, g->radio->t->spec, g->addr, type,
		    g->o.connect_ms, &g->katt, &g->eb) != LS_OK) {
			gread_end(g);
			return;
		}
		gread_run_gatt(g, &att_kernel_ops, g->katt);
		return;
	}
	g->conn = conn_new(g->radio->host, &g->radio->info);
	if (g->conn == NULL) {
		ls_err_set(&g->eb, LS_ENOMEM, "out of memory");
		gread_end(g);
		return;
	}
	conn_connect(g->conn, g->addr, type, g->o.connect_ms,
	    gread_connected, g);
}

static void
gread_closed(const struct ls_errbuf *eb, void *arg)
{
	(void)eb;
	gread_end(arg);
}

static void
gread_rssi(enum ls_err err, int rssi, void *arg)
{
	struct gread	*g = arg;

	if (err == LS_OK)
		*g->conn_rssi = rssi;
	g->phase = GREAD_CLOSE;
	conn_disconnect(g->conn, GREAD_STOP_MS, gread_closed, g);
}

static void
gread_close(struct gread *g)
{
	if (g->phase == GREAD_CLOSE || g->phase == GREAD_END)
		return;
	if (g->katt != NULL) {
		att_kernel_free(g->katt);	/* the kernel disconnects */
		g->katt = NULL;
		gread_end(g);
		return;
	}
	if (g->conn == NULL) {
		gread_end(g);
		return;
	}
	if (g->o.read_rssi && g->gatt_done && g->eb.code == LS_OK &&
	    conn_connected(g->conn)) {
		g->phase = GREAD_RSSI;
		conn_read_rssi(g->conn, gread_rssi, g);
		return;
	}
	g->phase = GREAD_CLOSE;
	conn_disconnect(g->conn, GREAD_STOP_MS, gread_closed, g);
}

struct gread *
gread_start(struct loop *loop, struct radio *r, const uint8_t addr[6],
    uint8_t addr_type, const struct gread_opts *o, struct gatt_result *out,
    int *conn_rssi, gread_done_fn done, void *arg)
{
	struct gread	*g;

	if ((g = calloc(1, sizeof *g)) == NULL)
		return NULL;
	g->loop = loop;
	g->radio = r;
	g->res = out;
	g->conn_rssi = conn_rssi;
	g->o = *o;
	g->done = done;
	g->arg = arg;
	memcpy(g->addr, addr, 6);
	hex_addr_str(g->addr, g->addr_str);
	gread_connect(g, addr_type);
	return g;
}

void
gread_cancel(struct gread *g)
{
	if (g == NULL || g->phase == GREAD_END)
		return;
	ls_err_set(&g->eb, LS_EFAIL, "interrupted");
	gread_close(g);
}

void
gread_host_dead(struct gread *g, const struct ls_errbuf *why)
{
	if (g == NULL)
		return;
	ls_err_copy(&g->eb, why);
	if (g->conn != NULL)
		conn_host_dead(g->conn, why);
	gread_end(g);
}

uint64_t
gread_connected_ms(const struct gread *g)
{
	return g != NULL ? g->t_conn : 0;
}

bool
gread_gatt_done(const struct gread *g)
{
	return g != NULL && g->gatt_done;
}

void
gread_free(struct gread *g)
{
	if (g == NULL)
		return;
	gatt_free(g->gatt);
	l2cap_free(g->l2cap);
	att_kernel_free(g->katt);
	att_free(g->att);
	conn_free(g->conn);
	free(g);
}
