/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * oneshot.c - one GATT inspection of a device over an open radio (see
 * oneshot.h).
 *
 * Phases, every wait bounded:
 *   1. connect: our LE connection over HCI (exclusive transports) or the
 *      kernel's L2CAP socket (hciN), at most connect_ms;
 *   2. GATT inspection (src/gatt/gatt_client.h), att_ms per request;
 *   3. connection RSSI (after a clean read), disconnect.
 * Only values of known standard characteristics are read (std_chars.h).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gatt/att.h"
#include "gatt/att_bearer.h"
#include "gatt/gatt_client.h"
#include "gatt/l2cap.h"
#include "gatt/oneshot.h"
#include "hci/conn.h"
#include "hci/hcidef.h"
#include "util/hex.h"

#define ONESHOT_STOP_MS	2000	/* Disconnection Complete */

enum oneshot_phase {
	ONESHOT_CONNECT,
	ONESHOT_GATT,
	ONESHOT_RSSI,
	ONESHOT_CLOSE,
	ONESHOT_END
};

struct oneshot {
	struct loop		*loop;
	struct radio		*radio;
	struct conn		*conn;
	struct l2cap		*l2cap;
	void			*katt;	/* o.shared_att's link */
	struct att		*att;
	struct gatt		*gatt;
	struct gatt_result	*res;
	int			*conn_rssi;
	struct oneshot_opts	 o;
	enum oneshot_phase	 phase;
	uint8_t			 addr[6];
	char			 addr_str[18];
	bool			 gatt_done;
	uint64_t		 t_conn;
	struct ls_errbuf	 eb;		/* first failure */
	oneshot_done_fn		 done;
	void			*arg;
};

static void	oneshot_close(struct oneshot *);

static void
oneshot_end(struct oneshot *g)
{
	if (g->phase == ONESHOT_END)
		return;
	g->phase = ONESHOT_END;
	g->done(&g->eb, g->arg);
}

static void
oneshot_gatt_finished(const struct ls_errbuf *eb, void *arg)
{
	struct oneshot	*g = arg;

	g->gatt_done = true;
	if (eb->code != LS_OK)
		ls_err_set_at(&g->eb, eb->file, eb->line, eb->code,
		    "device %s: %s", g->addr_str, eb->msg);
	oneshot_close(g);
}

static void
oneshot_run_gatt(struct oneshot *g, const struct att_bearer_ops *ops,
    void *priv)
{
	struct gatt_opts	o;
	struct tm		tm;
	time_t			now = time(NULL);

	g->phase = ONESHOT_GATT;
	g->t_conn = loop_now_ms();
	g->att = att_new(g->loop, ops, priv);
	g->gatt = g->att != NULL ? gatt_new(g->att, g->loop) : NULL;
	if (g->gatt == NULL) {
		ls_err_set(&g->eb, LS_ENOMEM, "out of memory");
		oneshot_close(g);
		return;
	}
	if (g->l2cap != NULL)
		l2cap_set_att(g->l2cap, g->att);
	if (g->katt != NULL)
		g->o.shared_att->set_att(g->katt, g->att);
	memset(&o, 0, sizeof o);
	o.timeout_ms = g->o.att_ms;
	o.full = g->o.full;
	localtime_r(&now, &tm);
	o.utc_offset_s = tm.tm_gmtoff;
	gatt_inspect(g->gatt, &o, g->res, oneshot_gatt_finished, g);
}

static void
oneshot_lost(const struct ls_errbuf *why, void *arg)
{
	struct oneshot	*g = arg;

	if (g->att != NULL)
		att_lost(g->att, why);	/* gatt reports it */
	else {
		ls_err_copy(&g->eb, why);
		oneshot_end(g);
	}
}

static void
oneshot_connected(const struct ls_errbuf *eb, void *arg)
{
	struct oneshot	*g = arg;

	if (eb->code != LS_OK) {
		if (eb->code == LS_ETIMEOUT)
			ls_err_set(&g->eb, LS_EUNAVAIL, "%s", eb->msg);
		else
			ls_err_copy(&g->eb, eb);
		/* A connection that raced the cancel is taken down. */
		oneshot_close(g);
		return;
	}
	conn_set_lost(g->conn, oneshot_lost, g);
	g->l2cap = l2cap_new(g->conn);
	if (g->l2cap == NULL) {
		ls_err_set(&g->eb, LS_ENOMEM, "out of memory");
		oneshot_close(g);
		return;
	}
	oneshot_run_gatt(g, &l2cap_att_ops, g->l2cap);
}

static void
oneshot_connect(struct oneshot *g, uint8_t type)
{
	g->phase = ONESHOT_CONNECT;
	if (host_shared(g->radio->host)) {
		/* The kernel owns connections: its L2CAP socket. */
		if (g->o.shared_att == NULL) {
			ls_err_set(&g->eb, LS_EUNAVAIL, "adapter '%s': no ATT "
			    "over the kernel's connections here",
			    g->radio->t->spec);
			oneshot_end(g);
			return;
		}
		if (g->o.shared_att->open(g->loop, g->radio->t->spec, g->addr,
		    type, g->o.connect_ms, &g->katt, &g->eb) != LS_OK) {
			oneshot_end(g);
			return;
		}
		oneshot_run_gatt(g, g->o.shared_att->bearer, g->katt);
		return;
	}
	g->conn = conn_new(g->radio->host, &g->radio->info);
	if (g->conn == NULL) {
		ls_err_set(&g->eb, LS_ENOMEM, "out of memory");
		oneshot_end(g);
		return;
	}
	conn_connect(g->conn, g->addr, type, g->o.connect_ms,
	    oneshot_connected, g);
}

static void
oneshot_closed(const struct ls_errbuf *eb, void *arg)
{
	(void)eb;
	oneshot_end(arg);
}

static void
oneshot_rssi(enum ls_err err, int rssi, void *arg)
{
	struct oneshot	*g = arg;

	if (err == LS_OK)
		*g->conn_rssi = rssi;
	g->phase = ONESHOT_CLOSE;
	conn_disconnect(g->conn, ONESHOT_STOP_MS, oneshot_closed, g);
}

static void
oneshot_close(struct oneshot *g)
{
	if (g->phase == ONESHOT_CLOSE || g->phase == ONESHOT_END)
		return;
	if (g->katt != NULL) {
		g->o.shared_att->free(g->katt);	/* the system disconnects */
		g->katt = NULL;
		oneshot_end(g);
		return;
	}
	if (g->conn == NULL) {
		oneshot_end(g);
		return;
	}
	if (g->o.read_rssi && g->gatt_done && g->eb.code == LS_OK &&
	    conn_connected(g->conn)) {
		g->phase = ONESHOT_RSSI;
		conn_read_rssi(g->conn, oneshot_rssi, g);
		return;
	}
	g->phase = ONESHOT_CLOSE;
	conn_disconnect(g->conn, ONESHOT_STOP_MS, oneshot_closed, g);
}

struct oneshot *
oneshot_start(struct loop *loop, struct radio *r, const uint8_t addr[6],
    uint8_t addr_type, const struct oneshot_opts *o, struct gatt_result *out,
    int *conn_rssi, oneshot_done_fn done, void *arg)
{
	struct oneshot	*g;

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
	oneshot_connect(g, addr_type);
	return g;
}

void
oneshot_cancel(struct oneshot *g)
{
	if (g == NULL || g->phase == ONESHOT_END)
		return;
	ls_err_set(&g->eb, LS_EFAIL, "interrupted");
	oneshot_close(g);
}

void
oneshot_host_dead(struct oneshot *g, const struct ls_errbuf *why)
{
	if (g == NULL)
		return;
	ls_err_copy(&g->eb, why);
	if (g->conn != NULL)
		conn_host_dead(g->conn, why);
	oneshot_end(g);
}

uint64_t
oneshot_connected_ms(const struct oneshot *g)
{
	return g != NULL ? g->t_conn : 0;
}

bool
oneshot_gatt_done(const struct oneshot *g)
{
	return g != NULL && g->gatt_done;
}

void
oneshot_free(struct oneshot *g)
{
	if (g == NULL)
		return;
	gatt_free(g->gatt);
	l2cap_free(g->l2cap);
	if (g->katt != NULL)
		g->o.shared_att->free(g->katt);
	att_free(g->att);
	conn_free(g->conn);
	free(g);
}
