/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * gatt_client.c - the GATT client inspection (gatt_client.h).
 *
 * Response layouts: Core 5.4 Vol 3 Part F §3.4.4.10 (Read By Group Type
 * Response: length, then {start(2), end group(2), UUID}), §3.4.4.2 (Read
 * By Type Response: length, then {handle(2), value}), with the
 * characteristic declaration value of Vol 3 Part G §3.3.1 (properties,
 * value handle(2), UUID); §3.4.4.12 (Read Multiple Variable Length
 * Response: {length(2), value} tuples, the last possibly truncated, and
 * nothing beyond ATT_MTU - 1); §3.4.4.4/6 (Read / Read Blob Response).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gatt/att.h"
#include "gatt/gatt_client.h"
#include "util/cursor.h"
#include "util/log.h"

/* Bluetooth Base UUID 00000000-0000-1000-8000-00805F9B34FB, LE
   (Vol 3 Part B §2.5.1); octets 12-13 carry a 16-bit UUID. */
static const uint8_t gatt_base_uuid[16] = {
	0xfb, 0x34, 0x9b, 0x5f, 0x80, 0x00, 0x00, 0x80,
	0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00
};

#define GATT_MAX_STD	16	/* standard values in one inspection */
#define GATT_MAX_VALS	(GATT_MAX_STD + GATT_MAX_SERVICES + GATT_MAX_CHARS)
#define GATT_DECL_MAX	19	/* properties, value handle, 128-bit UUID */

enum gatt_step {
	GATT_S_MTU,
	GATT_S_INFO,		/* Find Information route: the layout */
	GATT_S_RUN,		/* ... a run of 128-bit declarations */
	GATT_S_TAIL,		/* ... any declaration after the run? */
	GATT_S_SERVICES,
	GATT_S_CHARS,
	GATT_S_READ,
	GATT_S_DONE
};

/* What a read fetches: a standard value, or a declaration's value. */
enum gatt_vkind {
	GATT_V_STD,
	GATT_V_SVC,		/* service declaration: its UUID */
	GATT_V_CHR		/* characteristic declaration */
};

struct gatt_val {
	enum gatt_vkind	 kind;
	size_t		 idx;		/* GATT_V_SVC/CHR: services/chars */
	uint16_t	 uuid;
	uint16_t	 handle;
	uint16_t	 fixed;		/* exact size or 0 */
	size_t		 len;
	bool		 done, failed, truncated;
	const char	*reason;	/* when failed */
	uint8_t		 buf[ATT_MAX_VALUE_LEN];
};

struct gatt {
	struct att		*att;
	struct loop		*loop;
	struct gatt_opts	 opts;
	struct gatt_result	*out;
	gatt_done_fn		 done;
	void			*arg;
	unsigned		 req;
	enum gatt_step		 step;
	uint8_t			 req_op;
	uint16_t		 next, bound;
	size_t			 svc;		/* full mode: service index */
	bool			 fi;		/* Find Information route */
	struct gatt_info	 info;
	uint16_t		 run;		/* declaration a run
						   starts at */
	uint16_t		 char_from;	/* suffix: declarations from */
	int			 open_svc;	/* suffix: service left open */
	struct gatt_val		 vals[GATT_MAX_VALS];
	size_t			 nvals;
	bool			 rmv_unsupp, rm_unsupp;
	size_t			 want[GATT_MAX_VALS];	/* in this request */
	size_t			 nwant;
	size_t			 blob;		/* val being read long */
};

static void	gatt_read_next(struct gatt *);
static void	gatt_chars_next(struct gatt *);

uint16_t
gatt_uuid16(const struct gatt_uuid *u)
{
	if (u->len == 2)
		return (uint16_t)(u->v[0] | u->v[1] << 8);
	if (u->len == 16 && memcmp(u->v, gatt_base_uuid, 12) == 0 &&
	    u->v[14] == 0 && u->v[15] == 0)
		return (uint16_t)(u->v[12] | u->v[13] << 8);
	return 0;
}

char *
gatt_uuid_str(const struct gatt_uuid *u, char out[37])
{
	uint16_t	u16 = gatt_uuid16(u);
	const uint8_t	*v = u->v;

	if (u16 != 0 || u->len == 2) {
		snprintf(out, 37, "%04x", u16);
		return out;
	}
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", v[15], v[14], v[13], v[12], v[11],
	    v[10], v[9], v[8], v[7], v[6], v[5], v[4], v[3], v[2], v[1],
	    v[0]);
	return out;
}

enum ls_err
gatt_parse_services(const uint8_t *pdu, size_t n, struct gatt_result *out,
    uint16_t *last, struct ls_errbuf *eb)
{
	struct cur		 c;
	struct gatt_service	 s;
	uint8_t			 len;

	cur_init(&c, pdu, n);
	if (cur_u8(&c) != ATT_OP_READ_BY_GROUP_RSP)
		return LS_MALFORMED(eb, "not a Read By Group Type Response");
	len = cur_u8(&c);
	if (!cur_ok(&c) || (len != 6 && len != 20) || cur_left(&c) == 0 ||
	    cur_left(&c) % len != 0)
		return LS_MALFORMED(eb, "Read By Group Type Response: bad "
		    "length %u for %zu bytes", len, n);
	while (cur_left(&c) > 0) {
		memset(&s, 0, sizeof s);
		s.start = cur_le16(&c);
		s.end = cur_le16(&c);
		s.uuid.len = (uint8_t)(len - 4);
		cur_copy(&c, s.uuid.v, s.uuid.len);
		if (s.start == 0 || s.end < s.start)
			return LS_MALFORMED(eb, "service with handles "
			    "0x%04x-0x%04x", s.start, s.end);
		if (out->nservices > 0 &&
		    s.start <= out->services[out->nservices - 1].end)
			return LS_MALFORMED(eb, "services out of order at "
			    "0x%04x", s.start);
		*last = s.end;
		if (out->nservices == GATT_MAX_SERVICES) {
			out->capped = true;
			return LS_OK;
		}
		out->services[out->nservices++] = s;
	}
	return LS_OK;
}

enum ls_err
gatt_parse_chars(const uint8_t *pdu, size_t n, struct gatt_result *out,
    uint16_t *last, struct ls_errbuf *eb)
{
	struct cur		 c;
	struct gatt_char	 ch;
	uint8_t			 len;

	cur_init(&c, pdu, n);
	if (cur_u8(&c) != ATT_OP_READ_BY_TYPE_RSP)
		return LS_MALFORMED(eb, "not a Read By Type Response");
	len = cur_u8(&c);
	if (!cur_ok(&c) || (len != 7 && len != 21) || cur_left(&c) == 0 ||
	    cur_left(&c) % len != 0)
		return LS_MALFORMED(eb, "Read By Type Response: bad length "
		    "%u for %zu bytes", len, n);
	while (cur_left(&c) > 0) {
		memset(&ch, 0, sizeof ch);
		ch.decl = cur_le16(&c);
		ch.props = cur_u8(&c);
		ch.value = cur_le16(&c);
		ch.uuid.len = (uint8_t)(len - 5);
		cur_copy(&c, ch.uuid.v, ch.uuid.len);
		ch.service = -1;
		if (ch.decl == 0 || ch.value <= ch.decl)
			return LS_MALFORMED(eb, "characteristic declaration "
			    "0x%04x with value handle 0x%04x", ch.decl,
			    ch.value);
		if (out->nchars > 0 &&
		    ch.decl <= out->chars[out->nchars - 1].decl)
			return LS_MALFORMED(eb, "characteristics out of order "
			    "at 0x%04x", ch.decl);
		*last = ch.decl;
		if (out->nchars == GATT_MAX_CHARS) {
			out->capped = true;
			return LS_OK;
		}
		out->chars[out->nchars++] = ch;
	}
	return LS_OK;
}

/* Close the open service at handle end. */
static void
gatt_info_close(struct gatt_result *out, struct gatt_info *in, uint16_t end)
{
	if (in->open && out->nservices > 0)
		out->services[out->nservices - 1].end = end;
	in->open = false;
}

/* One Find Information pair: attribute h has type u. */
static enum ls_err
gatt_info_pair(struct gatt_result *out, struct gatt_info *in, uint16_t h,
    const struct gatt_uuid *u, struct ls_errbuf *eb)
{
	struct gatt_char	*ch;
	uint16_t		 t = u->len == 2 ? gatt_uuid16(u) : 0;

	if (h == 0 || h < in->next || (in->last != 0 && h <= in->last))
		return LS_MALFORMED(eb, "Find Information Response: handle "
		    "0x%04x out of order", h);
	in->last = h;
	if (t == ATT_UUID_PRIMARY || t == ATT_UUID_SECONDARY)
		gatt_info_close(out, in, (uint16_t)(h - 1));
	if (t == ATT_UUID_PRIMARY) {
		if (out->nservices == GATT_MAX_SERVICES) {
			out->capped = true;
			return LS_OK;
		}
		memset(&out->services[out->nservices], 0,
		    sizeof out->services[0]);
		out->services[out->nservices].start = h;
		out->services[out->nservices].unread = true;
		out->nservices++;
		in->open = true;
	} else if (t == ATT_UUID_CHARACTERISTIC) {
		if (h == 0xffff)
			return LS_MALFORMED(eb, "characteristic declaration "
			    "at 0xffff has no room for its value");
		if (out->nchars == GATT_MAX_CHARS) {
			out->capped = true;
			return LS_OK;
		}
		ch = &out->chars[out->nchars++];
		memset(ch, 0, sizeof *ch);
		ch->decl = h;
		ch->value = (uint16_t)(h + 1);
		ch->service = -1;
		ch->unread = true;
	} else if (out->nchars > 0 &&
	    (ch = &out->chars[out->nchars - 1])->value == h &&
	    ch->unread && ch->uuid.len == 0)
		ch->uuid = *u;		/* the value after its declaration */
	if (in->open)
		out->services[out->nservices - 1].end = h;
	return LS_OK;
}

enum ls_err
gatt_parse_info(const uint8_t *pdu, size_t n, struct gatt_result *out,
    struct gatt_info *in, struct ls_errbuf *eb)
{
	struct cur		 c;
	struct gatt_uuid	 u;
	enum ls_err		 err;
	uint8_t			 fmt;
	uint16_t		 h;

	cur_init(&c, pdu, n);
	if (cur_u8(&c) != ATT_OP_FIND_INFO_RSP)
		return LS_MALFORMED(eb, "not a Find Information Response");
	fmt = cur_u8(&c);
	memset(&u, 0, sizeof u);
	u.len = fmt == 1 ? 2 : 16;	/* §3.4.3.2 Format */
	if (!cur_ok(&c) || (fmt != 1 && fmt != 2) || cur_left(&c) == 0 ||
	    cur_left(&c) % (2u + u.len) != 0)
		return LS_MALFORMED(eb, "Find Information Response: format "
		    "%u for %zu bytes", fmt, n);
	while (cur_left(&c) > 0 && !out->capped) {
		h = cur_le16(&c);
		cur_copy(&c, u.v, u.len);
		if ((err = gatt_info_pair(out, in, h, &u, eb)) != LS_OK)
			return err;
	}
	in->next = in->last == 0xffff ? 0 : (uint16_t)(in->last + 1);
	return LS_OK;
}

struct gatt *
gatt_new(struct att *a, struct loop *loop)
{
	struct gatt	*g;

	if ((g = calloc(1, sizeof *g)) == NULL)
		return NULL;
	g->att = a;
	g->loop = loop;
	return g;
}

void
gatt_free(struct gatt *g)
{
	if (g == NULL)
		return;
	if (g->req != 0)
		att_cancel(g->att, g->req);
	free(g);
}

static void
gatt_finish(struct gatt *g, const struct ls_errbuf *eb)
{
	gatt_done_fn	fn = g->done;

	g->step = GATT_S_DONE;
	g->done = NULL;
	if (fn != NULL)
		fn(eb, g->arg);
}

static void	gatt_fail(struct gatt *, enum ls_err, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

static void
gatt_fail(struct gatt *g, enum ls_err code, const char *fmt, ...)
{
	struct ls_errbuf	eb;
	char			msg[sizeof eb.msg];
	va_list			ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	ls_err_clear(&eb);
	ls_err_set(&eb, code, "%s", msg);
	gatt_finish(g, &eb);
}

static void	gatt_on_rsp(enum ls_err, const uint8_t *, size_t, void *);

static void
gatt_send(struct gatt *g, const uint8_t *pdu, size_t n)
{
	g->req_op = pdu[0];
	g->req = att_request(g->att, pdu, n, g->opts.timeout_ms, gatt_on_rsp,
	    g);
	if (g->req == 0) {
		gatt_fail(g, LS_EUNAVAIL, "the connection to the lock is "
		    "gone (before %s)", att_op_name(pdu[0]));
		return;
	}
	g->out->requests++;
}

/* Read By Group Type / Read By Type over [start, end] for a 16-bit type. */
static void
gatt_send_by_type(struct gatt *g, uint8_t op, uint16_t start, uint16_t end,
    uint16_t type)
{
	uint8_t	pdu[7];

	pdu[0] = op;
	put_le16(pdu + 1, start);
	put_le16(pdu + 3, end);
	put_le16(pdu + 5, type);
	gatt_send(g, pdu, sizeof pdu);
}

static void
gatt_services_next(struct gatt *g)
{
	g->step = GATT_S_SERVICES;
	gatt_send_by_type(g, ATT_OP_READ_BY_GROUP_REQ, g->next, 0xffff,
	    ATT_UUID_PRIMARY);
}

static void
gatt_assign(struct gatt_result *r)
{
	size_t	i, j;

	for (i = 0; i < r->nchars; i++) {
		r->chars[i].service = -1;
		for (j = 0; j < r->nservices; j++)
			if (r->chars[i].decl > r->services[j].start &&
			    r->chars[i].decl <= r->services[j].end) {
				r->chars[i].service = (int)j;
				break;
			}
	}
}

/*
 * Find Information route, after the services that start past a run:
 * the service left open ends before the first of them, or runs to the
 * end of the database (0xffff until gatt_layout_done knows better).
 */
static void
gatt_suffix_services(struct gatt *g)
{
	struct gatt_result	*r = g->out;
	size_t			 o;

	if (g->open_svc < 0)
		return;
	o = (size_t)g->open_svc;
	if (o + 1 < r->nservices) {
		r->services[o].end = (uint16_t)(r->services[o + 1].start - 1);
		g->info.open = false;
	} else
		r->services[o].end = 0xffff;
}

static void	gatt_layout_done(struct gatt *);

static void
gatt_chars_begin(struct gatt *g)
{
	struct gatt_result	*r = g->out;

	g->step = GATT_S_CHARS;
	if (g->fi) {
		gatt_suffix_services(g);
		g->next = g->char_from;
		g->bound = r->nservices > 0 ?
		    r->services[r->nservices - 1].end : 0xffff;
	} else if (r->nservices == 0) {
		g->next = 1;
		g->bound = 0xffff;
	} else if (g->opts.full) {
		g->svc = 0;
		g->next = r->services[0].start;
		g->bound = r->services[0].end;
	} else {
		g->next = r->services[0].start;
		g->bound = r->services[r->nservices - 1].end;
	}
	gatt_chars_next(g);
}

static void	gatt_read_begin(struct gatt *);

static void
gatt_chars_next(struct gatt *g)
{
	struct gatt_result	*r = g->out;

	for (;;) {
		if (g->next != 0 && g->next <= g->bound && !r->capped) {
			gatt_send_by_type(g, ATT_OP_READ_BY_TYPE_REQ, g->next,
			    g->bound, ATT_UUID_CHARACTERISTIC);
			return;
		}
		/* Baseline: one service at a time, as a plain client does. */
		if (g->opts.full && r->nservices > 0 &&
		    g->svc + 1 < r->nservices && !r->capped) {
			g->svc++;
			g->next = r->services[g->svc].start;
			g->bound = r->services[g->svc].end;
			continue;
		}
		break;
	}
	gatt_layout_done(g);
}

/* The layout is known: close the last service, assign, read. */
static void
gatt_layout_done(struct gatt *g)
{
	struct gatt_result	*r = g->out;
	const struct gatt_char	*ch;
	uint16_t		 top = g->info.last;

	if (g->fi && g->info.open && r->nservices > 0) {
		/*
		 * The last handle seen; a characteristic that notifies or
		 * indicates has a Client Characteristic Configuration
		 * after its value (Vol 3 Part G §3.3.3.3).
		 */
		ch = r->nchars > 0 ? &r->chars[r->nchars - 1] : NULL;
		if (ch != NULL && ch->value > top)
			top = ch->value;
		if (ch != NULL && !ch->unread && ch->value == top &&
		    top < 0xffff &&
		    (ch->props & (ATT_PROP_NOTIFY | ATT_PROP_INDICATE)))
			top++;
		r->services[r->nservices - 1].end = top;
		g->info.open = false;
	}
	gatt_assign(r);
	gatt_read_begin(g);
}

/* Back to service and characteristic discovery from the start. */
static void
gatt_classic_restart(struct gatt *g)
{
	struct gatt_result	*r = g->out;

	g->fi = false;
	r->used_find_info = false;
	r->nservices = r->nchars = 0;
	r->capped = false;
	g->next = 1;
	gatt_services_next(g);
}

static void
gatt_info_next(struct gatt *g)
{
	uint8_t	pdu[5];

	if (g->info.next == 0 || g->out->capped) {
		gatt_layout_done(g);
		return;
	}
	g->step = GATT_S_INFO;
	pdu[0] = ATT_OP_FIND_INFO_REQ;
	put_le16(pdu + 1, g->info.next);
	put_le16(pdu + 3, 0xffff);
	gatt_send(g, pdu, sizeof pdu);
}

/*
 * A Find Information Response.  When it stopped, with room to spare,
 * right after a characteristic declaration, the value that follows has
 * a 128-bit type: fetch the run of such declarations instead.
 */
static void
gatt_on_info(struct gatt *g, const uint8_t *pdu, size_t n)
{
	struct gatt_result	*r = g->out;
	struct ls_errbuf	 eb;

	ls_err_clear(&eb);
	if (gatt_parse_info(pdu, n, r, &g->info, &eb) != LS_OK) {
		gatt_fail(g, LS_EMALFORMED, "the lock sent a malformed "
		    "attribute list (%s)", eb.msg);
		return;
	}
	if (!r->capped && r->nchars > 0 &&
	    r->chars[r->nchars - 1].decl == g->info.last &&
	    n + 4 <= att_mtu(g->att)) {
		g->run = g->info.last;
		r->nchars--;		/* the run brings it back whole */
		g->step = GATT_S_RUN;
		gatt_send_by_type(g, ATT_OP_READ_BY_TYPE_REQ, g->run, 0xffff,
		    ATT_UUID_CHARACTERISTIC);
		return;
	}
	gatt_info_next(g);
}

/*
 * The run of declarations from g->run.  Back to back (each value right
 * after its declaration, the next declaration right after the value),
 * nothing hides between them and Find Information goes on after the
 * last value.  But when that characteristic notifies or indicates, a
 * Client Characteristic Configuration follows it (Vol 3 Part G
 * §3.3.3.3) and Find Information would take two requests to find the
 * end after it; one Read By Type from after the value instead asks
 * whether any declaration follows (GATT_S_TAIL).  Otherwise services
 * may start between the declarations, so the rest is services after
 * g->run, then declarations after the run.
 */
static void
gatt_on_run(struct gatt *g, const uint8_t *pdu, size_t n)
{
	struct gatt_result	*r = g->out;
	struct ls_errbuf	 eb;
	size_t			 i, first = r->nchars;
	uint16_t		 last = 0, top;
	bool			 tight = true;

	ls_err_clear(&eb);
	if (gatt_parse_chars(pdu, n, r, &last, &eb) != LS_OK) {
		gatt_fail(g, LS_EMALFORMED, "the lock sent a malformed "
		    "characteristic list (%s)", eb.msg);
		return;
	}
	if (r->nchars == first || r->chars[first].decl != g->run) {
		gatt_fail(g, LS_EMALFORMED, "the lock's attribute lists "
		    "disagree at handle 0x%04x", g->run);
		return;
	}
	for (i = first; i < r->nchars; i++) {
		if (r->chars[i].value != r->chars[i].decl + 1)
			tight = false;
		if (i + 1 < r->nchars &&
		    r->chars[i + 1].decl != r->chars[i].value + 1)
			tight = false;
	}
	top = r->chars[r->nchars - 1].value;
	if (top > g->info.last)
		g->info.last = top;
	if (g->info.open)
		r->services[r->nservices - 1].end = g->info.last;
	if (r->capped || top == 0xffff) {
		gatt_layout_done(g);
		return;
	}
	if (tight) {
		g->info.next = (uint16_t)(top + 1);
		if ((r->chars[r->nchars - 1].props &
		    (ATT_PROP_NOTIFY | ATT_PROP_INDICATE)) == 0) {
			gatt_info_next(g);
			return;
		}
		g->step = GATT_S_TAIL;
		gatt_send_by_type(g, ATT_OP_READ_BY_TYPE_REQ, g->info.next,
		    0xffff, ATT_UUID_CHARACTERISTIC);
		return;
	}
	g->char_from = (uint16_t)(top + 1);
	g->open_svc = g->info.open ? (int)r->nservices - 1 : -1;
	if (g->info.open)
		r->services[r->nservices - 1].end = g->run;
	g->next = (uint16_t)(g->run + 1);
	gatt_services_next(g);
}

static void
gatt_add_decl(struct gatt *g, enum gatt_vkind kind, size_t idx,
    uint16_t handle)
{
	struct gatt_val	*v;

	if (g->nvals == GATT_MAX_VALS)
		return;
	v = &g->vals[g->nvals++];
	memset(v, 0, sizeof *v);
	v->kind = kind;
	v->idx = idx;
	v->handle = handle;
}

static void
gatt_read_begin(struct gatt *g)
{
	struct gatt_result		*r = g->out;
	const struct stdchar_char	*t;
	struct gatt_val			*v;
	uint16_t			 u;
	size_t				 i, j, nstd;

	g->step = GATT_S_READ;
	g->nvals = 0;
	/* Declaration values first: they are short and never refused. */
	for (i = 0; i < r->nservices; i++)
		if (r->services[i].unread)
			gatt_add_decl(g, GATT_V_SVC, i, r->services[i].start);
	for (i = 0; i < r->nchars; i++)
		if (r->chars[i].unread)
			gatt_add_decl(g, GATT_V_CHR, i, r->chars[i].decl);
	for (i = 0, nstd = 0; i < r->nchars; i++) {
		u = gatt_uuid16(&r->chars[i].uuid);
		if (u == 0 || (t = stdchar_find(u)) == NULL)
			continue;	/* unknown: never read */
		for (j = 0; j < g->nvals; j++)
			if (g->vals[j].kind == GATT_V_STD &&
			    g->vals[j].uuid == u)
				break;
		if (j < g->nvals || nstd == GATT_MAX_STD)
			continue;
		nstd++;
		v = &g->vals[g->nvals++];
		memset(v, 0, sizeof *v);
		v->kind = GATT_V_STD;
		v->uuid = u;
		v->handle = r->chars[i].value;
		v->fixed = t->fixed_len;
		/* Properties unread: a refusal will say so instead. */
		if (!r->chars[i].unread &&
		    (r->chars[i].props & ATT_PROP_READ) == 0) {
			v->failed = true;
			v->reason = "the lock does not allow reading it";
		}
	}
	gatt_read_next(g);
}

static void
gatt_decode_all(struct gatt *g)
{
	const struct stdchar_char	*t;
	struct stdchar_ctx		 ctx;
	struct gatt_val			*v;
	size_t				 i, nt;
	uint64_t			 now = loop_wall_us();

	ctx.at_us = now;
	ctx.laptop_us = now;
	ctx.laptop_utc_offset_s = g->opts.utc_offset_s;
	for (i = 0; i < g->nvals; i++) {
		v = &g->vals[i];
		if (v->kind != GATT_V_STD)
			continue;
		if (v->failed)
			stdchar_unavailable(v->uuid, v->reason, now,
			    &g->out->std);
		else if (v->done || v->truncated)
			(void)stdchar_decode(v->uuid, v->buf, v->len, &ctx,
			    &g->out->std, NULL);
	}
	t = stdchar_table(&nt);
	for (i = 0; i < nt; i++)
		stdchar_unavailable(t[i].uuid, "not offered by this lock",
		    now, &g->out->std);
}

/*
 * Declaration values read on the Find Information route: a service's
 * UUID (2 or 16 octets), a characteristic's properties, value handle
 * and UUID (Vol 3 Part G §3.3.1).  False, with the handle, on a layout
 * error; a declaration the lock refused stays unread.
 */
static bool
gatt_apply_decls(struct gatt *g, uint16_t *bad)
{
	struct gatt_result	*r = g->out;
	struct gatt_service	*sv;
	struct gatt_char	*ch;
	struct gatt_val		*v;
	size_t			 i;

	for (i = 0; i < g->nvals; i++) {
		v = &g->vals[i];
		if (v->kind == GATT_V_STD || !v->done)
			continue;
		*bad = v->handle;
		if (v->kind == GATT_V_SVC) {
			sv = &r->services[v->idx];
			if (v->len != 2 && v->len != 16)
				return false;
			sv->uuid.len = (uint8_t)v->len;
			memcpy(sv->uuid.v, v->buf, v->len);
			sv->unread = false;
			continue;
		}
		ch = &r->chars[v->idx];
		if ((v->len != 5 && v->len != 19) ||
		    (uint16_t)(v->buf[1] | v->buf[2] << 8) <= ch->decl)
			return false;
		ch->props = v->buf[0];
		ch->value = (uint16_t)(v->buf[1] | v->buf[2] << 8);
		memset(&ch->uuid, 0, sizeof ch->uuid);
		ch->uuid.len = (uint8_t)(v->len - 3);
		memcpy(ch->uuid.v, v->buf + 3, ch->uuid.len);
		ch->unread = false;
	}
	return true;
}

static size_t
gatt_pending(struct gatt *g, size_t *idx, size_t cap)
{
	size_t	i, n = 0;

	for (i = 0; i < g->nvals && n < cap; i++)
		if (!g->vals[i].done && !g->vals[i].failed &&
		    !g->vals[i].truncated)
			idx[n++] = i;
	return n;
}

static void
gatt_send_read(struct gatt *g, size_t i)
{
	uint8_t	pdu[3];

	g->nwant = 1;
	g->want[0] = i;
	pdu[0] = ATT_OP_READ_REQ;
	put_le16(pdu + 1, g->vals[i].handle);
	gatt_send(g, pdu, sizeof pdu);
}

static void
gatt_send_blob(struct gatt *g, size_t i)
{
	uint8_t	pdu[5];

	g->blob = i;
	pdu[0] = ATT_OP_READ_BLOB_REQ;
	put_le16(pdu + 1, g->vals[i].handle);
	put_le16(pdu + 3, (uint16_t)g->vals[i].len);
	gatt_send(g, pdu, sizeof pdu);
}

static void
gatt_read_next(struct gatt *g)
{
	uint8_t		pdu[1 + 2 * GATT_MAX_VALS];
	size_t		i, n, max;
	bool		fixed = true;
	uint16_t	bad = 0;
	struct ls_errbuf ok;

	/* Finish values a response truncated first (Read Blob). */
	for (i = 0; i < g->nvals; i++)
		if (g->vals[i].truncated) {
			gatt_send_blob(g, i);
			return;
		}
	max = (att_mtu(g->att) - 1) / 2;
	if (max > GATT_MAX_VALS)
		max = GATT_MAX_VALS;
	n = gatt_pending(g, g->want, max);
	if (n == 0) {
		gatt_decode_all(g);
		if (!gatt_apply_decls(g, &bad)) {
			gatt_fail(g, LS_EMALFORMED, "the lock sent a malformed "
			    "declaration at handle 0x%04x", bad);
			return;
		}
		ls_err_clear(&ok);
		gatt_finish(g, &ok);
		return;
	}
	for (i = 0; i < n; i++)
		if (g->vals[g->want[i]].fixed == 0)
			fixed = false;
	if (n >= 2 && !g->opts.full && !g->rmv_unsupp) {
		pdu[0] = ATT_OP_READ_MULT_VAR_REQ;
	} else if (n >= 2 && !g->opts.full && fixed && !g->rm_unsupp)
		pdu[0] = ATT_OP_READ_MULT_REQ;
	else {
		gatt_send_read(g, g->want[0]);
		return;
	}
	g->nwant = n;
	for (i = 0; i < n; i++)
		put_le16(pdu + 1 + 2 * i, g->vals[g->want[i]].handle);
	gatt_send(g, pdu, 1 + 2 * n);
}

/* Append a part of a value; true when the value may go on. */
static bool
gatt_append(struct gatt_val *v, const uint8_t *p, size_t n)
{
	size_t	room = sizeof v->buf - v->len;

	if (n > room)
		n = room;
	memcpy(v->buf + v->len, p, n);
	v->len += n;
	return v->len < sizeof v->buf;
}

static void
gatt_val_failed(struct gatt_val *v, uint8_t ecode)
{
	v->failed = true;
	v->truncated = false;
	v->reason = att_ecode_reason(ecode);
}

static void
gatt_on_read_error(struct gatt *g, uint8_t op, uint16_t handle,
    uint8_t ecode)
{
	size_t	i;

	if (ecode == ATT_E_REQ_NOT_SUPP && op == ATT_OP_READ_MULT_VAR_REQ) {
		g->rmv_unsupp = true;
		return;
	}
	if (ecode == ATT_E_REQ_NOT_SUPP && op == ATT_OP_READ_MULT_REQ) {
		g->rm_unsupp = true;
		return;
	}
	if (op == ATT_OP_READ_BLOB_REQ) {
		/* Attribute Not Long / Invalid Offset: it was complete. */
		g->vals[g->blob].truncated = false;
		g->vals[g->blob].done = true;
		return;
	}
	for (i = 0; i < g->nwant; i++)
		if (g->vals[g->want[i]].handle == handle) {
			gatt_val_failed(&g->vals[g->want[i]], ecode);
			return;
		}
	/* The server named no handle we asked: drop the first. */
	gatt_val_failed(&g->vals[g->want[0]], ecode);
}

static bool
gatt_on_read_rsp(struct gatt *g, const uint8_t *pdu, size_t n)
{
	struct gatt_val	*v;
	struct cur	 c;
	size_t		 i, full = att_mtu(g->att) - 1, sum = 0, avail;
	uint16_t	 len;
	bool		 progress = false;

	switch (pdu[0]) {
	case ATT_OP_READ_RSP:
		v = &g->vals[g->want[0]];
		v->len = 0;
		if (gatt_append(v, pdu + 1, n - 1) && n - 1 == full)
			v->truncated = true;
		else
			v->done = true;
		return true;
	case ATT_OP_READ_BLOB_RSP:
		v = &g->vals[g->blob];
		if (gatt_append(v, pdu + 1, n - 1) && n - 1 == full)
			return true;
		v->truncated = false;
		v->done = true;
		return true;
	case ATT_OP_READ_MULT_RSP:
		for (i = 0; i < g->nwant; i++)
			sum += g->vals[g->want[i]].fixed;
		if (sum != n - 1) {
			/* Cannot split it reliably: read one by one. */
			g->rm_unsupp = true;
			return true;
		}
		cur_init(&c, pdu + 1, n - 1);
		for (i = 0; i < g->nwant; i++) {
			v = &g->vals[g->want[i]];
			v->len = 0;
			gatt_append(v, cur_take(&c, v->fixed), v->fixed);
			v->done = true;
		}
		return true;
	case ATT_OP_READ_MULT_VAR_RSP:
		g->out->used_rmv = true;
		cur_init(&c, pdu + 1, n - 1);
		for (i = 0; i < g->nwant && cur_left(&c) >= 2; i++) {
			v = &g->vals[g->want[i]];
			len = cur_le16(&c);
			avail = cur_left(&c) < len ? cur_left(&c) : len;
			v->len = 0;
			progress = true;
			if (v->kind != GATT_V_STD && len > GATT_DECL_MAX)
				return false;
			if (v->kind != GATT_V_STD && avail < len) {
				/* Cut: asked again, first, next time. */
				if (i == 0)
					return false;
				cur_skip(&c, avail);
				continue;
			}
			if (len > ATT_MAX_VALUE_LEN) {
				v->failed = true;
				v->reason = "malformed value";
				cur_skip(&c, avail);
				continue;
			}
			gatt_append(v, cur_take(&c, avail), avail);
			if (avail < len)
				v->truncated = true;
			else
				v->done = true;
		}
		if (cur_left(&c) != 0 && i == g->nwant)
			return false;	/* more tuples than handles */
		return progress;
	}
	return false;
}

static void
gatt_on_rsp(enum ls_err err, const uint8_t *pdu, size_t n, void *arg)
{
	struct gatt		*g = arg;
	struct gatt_result	*r = g->out;
	struct ls_errbuf	 eb;
	uint16_t		 last = 0, mtu;
	uint8_t			 ecode = 0;

	g->req = 0;
	if (err == LS_ETIMEOUT) {
		gatt_fail(g, LS_ETIMEOUT, "the lock did not answer an ATT %s "
		    "in time", att_op_name(g->req_op));
		return;
	}
	if (err == LS_EUNAVAIL) {
		gatt_fail(g, LS_EUNAVAIL, "the connection was lost during an "
		    "ATT %s", att_op_name(g->req_op));
		return;
	}
	if (err != LS_OK) {
		gatt_fail(g, LS_EMALFORMED, "the lock answered an ATT %s with "
		    "a malformed or oversized response",
		    att_op_name(g->req_op));
		return;
	}
	if (pdu[0] == ATT_OP_ERROR_RSP)
		ecode = pdu[4];
	ls_err_clear(&eb);
	switch (g->step) {
	case GATT_S_MTU:
		if (pdu[0] == ATT_OP_MTU_RSP) {
			if (n != ATT_MTU_PDU_LEN) {
				gatt_fail(g, LS_EMALFORMED, "malformed %s",
				    att_op_name(pdu[0]));
				return;
			}
			mtu = (uint16_t)(pdu[1] | pdu[2] << 8);
			att_set_mtu(g->att, mtu < ATT_MAX_MTU ? mtu :
			    ATT_MAX_MTU);
		}
		r->mtu = att_mtu(g->att);
		if (!g->opts.full && r->mtu >= GATT_FI_MIN_MTU) {
			g->fi = true;
			r->used_find_info = true;
			memset(&g->info, 0, sizeof g->info);
			g->info.next = 1;
			gatt_info_next(g);
			return;
		}
		g->next = 1;
		gatt_services_next(g);
		return;
	case GATT_S_INFO:
		if (ecode == ATT_E_NOT_FOUND) {
			g->info.next = 0;	/* past the last attribute */
			gatt_layout_done(g);
		} else if (ecode != 0)
			gatt_classic_restart(g);
		else
			gatt_on_info(g, pdu, n);
		return;
	case GATT_S_RUN:
		if (ecode != 0)
			gatt_classic_restart(g);
		else
			gatt_on_run(g, pdu, n);
		return;
	case GATT_S_TAIL:
		/*
		 * No declaration after the run: the layout is complete
		 * but for a service without characteristics after it.
		 * Some: find out what lies between by Find Information.
		 */
		if (ecode == ATT_E_NOT_FOUND)
			gatt_layout_done(g);
		else if (ecode != 0)
			gatt_classic_restart(g);
		else
			gatt_info_next(g);
		return;
	case GATT_S_SERVICES:
		if (ecode != 0) {
			gatt_chars_begin(g);	/* Attribute Not Found: done */
			return;
		}
		if (gatt_parse_services(pdu, n, r, &last, &eb) != LS_OK) {
			gatt_fail(g, LS_EMALFORMED, "the lock sent a malformed "
			    "service list (%s)", eb.msg);
			return;
		}
		if (last == 0xffff || last < g->next || r->capped) {
			gatt_chars_begin(g);
			return;
		}
		g->next = (uint16_t)(last + 1);
		gatt_services_next(g);
		return;
	case GATT_S_CHARS:
		if (ecode != 0) {
			g->next = 0;		/* Attribute Not Found: done */
			gatt_chars_next(g);
			return;
		}
		if (gatt_parse_chars(pdu, n, r, &last, &eb) != LS_OK) {
			gatt_fail(g, LS_EMALFORMED, "the lock sent a malformed "
			    "characteristic list (%s)", eb.msg);
			return;
		}
		/*
		 * The value declaration follows its characteristic
		 * declaration (Vol 3 Part G §3.3), so the next declaration
		 * is after last's value and needs a handle for its own
		 * value: no request when that cannot fit in the range.
		 */
		g->next = last >= 0xfffe || last < g->next ? 0 :
		    (uint16_t)(last + 2);
		if (g->next != 0 && g->next >= g->bound)
			g->next = 0;
		gatt_chars_next(g);
		return;
	case GATT_S_READ:
		if (ecode != 0) {
			gatt_on_read_error(g, pdu[1],
			    (uint16_t)(pdu[2] | pdu[3] << 8), ecode);
			if (g->fi && g->rmv_unsupp) {
				/* Declaration values need it: discover. */
				gatt_classic_restart(g);
				return;
			}
		} else if (!gatt_on_read_rsp(g, pdu, n)) {
			gatt_fail(g, LS_EMALFORMED, "the lock answered an ATT "
			    "%s with a malformed response",
			    att_op_name(g->req_op));
			return;
		}
		gatt_read_next(g);
		return;
	case GATT_S_DONE:
		return;
	}
}

void
gatt_inspect(struct gatt *g, const struct gatt_opts *opts,
    struct gatt_result *out, gatt_done_fn done, void *arg)
{
	uint8_t	pdu[ATT_MTU_PDU_LEN];

	g->opts = *opts;
	g->out = out;
	g->done = done;
	g->arg = arg;
	memset(out, 0, sizeof *out);
	out->mtu = att_mtu(g->att);
	g->rmv_unsupp = g->rm_unsupp = false;
	g->fi = false;
	g->open_svc = -1;
	g->step = GATT_S_MTU;
	pdu[0] = ATT_OP_MTU_REQ;
	put_le16(pdu + 1, ATT_MAX_MTU);
	gatt_send(g, pdu, sizeof pdu);
}
