/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * host.c - HCI host: command queue and credits, completion matching,
 * timeouts, event dispatch.
 *
 * Flow control (Core 5.4 Vol 4 Part E §4.4): the host may send a command
 * only while the controller's credit count (Num_HCI_Command_Packets from
 * the last Command Complete or Command Status) is non-zero.  Credits
 * start at 1.  When a command times out the credit is restored so that a
 * later command can still go out, as BlueZ's src/shared/hci.c does.  On a
 * shared (kernel) transport the kernel does flow control, so credits are
 * not enforced and completions for other processes' commands are ignored.
 *
 * Every command's deadline runs from the moment it is queued, not from
 * when it goes out: a controller that reports Num_HCI_Command_Packets 0
 * and never frees a slot would otherwise hold queued commands forever
 * (the kernel guards the same case with hci_ncmd_timeout).  When the
 * deadline of a command that could not go out passes while no command is
 * outstanding, nothing the controller can still say will free a slot, so
 * the host dies with that reason and every caller learns it.
 *
 * Hardware Error (§7.7.16) on an exclusive transport: the controller has
 * lost its state (UART boards report it after a framing error or a
 * brown-out).  With no connection up the host recovers as the kernel
 * does in hci_error_reset(): it sends HCI Reset ahead of everything,
 * then the state-setting commands that last succeeded (event masks,
 * random address, scan parameters and enable), and sends again the
 * commands that were waiting for answers.  With a connection up, on a
 * shared transport, or after HOST_MAX_RECOVERIES, it dies as before.
 */
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "hci/hcidef.h"
#include "hci/hcievt.h"
#include "hci/host.h"
#include "util/cursor.h"
#include "util/log.h"

#define HOST_MAX_QUEUE	64
#define HOST_MAX_RECOVERIES	3
#define HOST_STATE_CMDS	8
#define HOST_PHY_MEMORY	32

/* An advertiser heard on a primary PHY (host_note_phy). */
struct host_phy {
	uint8_t		addr[6];
	uint8_t		type;
	uint8_t		phy;
};

/* A state-setting command that succeeded, for replay after a reset. */
struct host_state {
	uint16_t	opcode;
	uint8_t		plen;
	uint8_t		params[255];
};

struct host_cmd {
	unsigned	 id;
	uint16_t	 opcode;
	uint8_t		 plen;
	uint8_t		 params[255];
	bool		 sent;
	bool		 internal;	/* recovery: not remembered */
	unsigned	 timer;
	host_cmd_fn	 fn;
	void		*arg;
	host_destroy_fn	 destroy;
	struct host	*host;
	struct host_cmd	*next;
};

struct host_sub {
	unsigned	 id;
	bool		 le;
	uint8_t		 code;
	host_evt_fn	 fn;
	void		*arg;
	host_destroy_fn	 destroy;
	bool		 removed;
	struct host_sub	*next;
};

struct host {
	struct loop		*loop;
	struct transport	*t;
	unsigned		 fd_id;
	unsigned		 next_id;
	unsigned		 credits;
	unsigned		 timeout_ms;
	struct host_cmd		*queue;		/* FIFO: sent ones first */
	size_t			 nqueued;
	struct host_sub		*subs;
	int			 dispatching;
	bool			 dead;
	struct ls_errbuf	 why;
	host_dead_fn		 dead_fn;
	void			*dead_arg;
	host_tap_fn		 tap_fn;
	void			*tap_arg;
	host_acl_fn		 acl_fn;
	void			*acl_arg;
	struct host_stats	 stats;
	struct host_state	 state[HOST_STATE_CMDS];
	size_t			 nstate;
	unsigned		 links;		/* LE connections up */
	struct host_phy		 phys[HOST_PHY_MEMORY];	/* ring */
	size_t			 nphys, phy_next;
};

static void	host_pump(struct host *);

static unsigned
host_id(struct host *h)
{
	unsigned	id = h->next_id++;

	if (h->next_id == 0)
		h->next_id = 1;
	return id;
}

static void
host_unlink(struct host *h, struct host_cmd *c)
{
	struct host_cmd	**pp;

	for (pp = &h->queue; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			h->nqueued--;
			return;
		}
	}
}

/* Remove c, call its callback (unless NULL fn), destroy and free it. */
static void
host_finish(struct host *h, struct host_cmd *c, enum ls_err err,
    uint8_t status, const uint8_t *ret, size_t len)
{
	host_unlink(h, c);
	if (c->timer != 0)
		loop_cancel_timer(h->loop, c->timer);
	if (c->fn != NULL)
		c->fn(err, status, ret, len, c->arg);
	if (c->destroy != NULL)
		c->destroy(c->arg);
	free(c);
}

static void
host_die(struct host *h, const struct ls_errbuf *why)
{
	struct host_cmd	*c;

	if (h->dead)
		return;
	h->dead = true;
	h->why = *why;
	if (h->fd_id != 0) {
		loop_remove_fd(h->loop, h->fd_id);
		h->fd_id = 0;
	}
	ls_log(LS_LOG_DEBUG, "host: dead: %s", why->msg);
	while ((c = h->queue) != NULL)
		host_finish(h, c, why->code, 0xff, NULL, 0);
	if (h->dead_fn != NULL)
		h->dead_fn(&h->why, h->dead_arg);
}

static bool
host_outstanding(const struct host *h)
{
	const struct host_cmd	*c;

	for (c = h->queue; c != NULL; c = c->next)
		if (c->sent)
			return true;
	return false;
}

static void
host_cmd_timeout(void *arg)
{
	struct host_cmd		*c = arg;
	struct host		*h = c->host;
	struct ls_errbuf	 eb;

	c->timer = 0;
	h->stats.timeouts++;
	if (!c->sent && !host_outstanding(h)) {
		h->stats.credit_stalls++;
		ls_err_clear(&eb);
		ls_err_set(&eb, LS_EUNAVAIL, "adapter '%s': the controller "
		    "allowed no HCI command for %u ms (it reported "
		    "Num_HCI_Command_Packets 0 and never freed a slot); "
		    "command 0x%04x was not sent", h->t->spec,
		    h->timeout_ms, c->opcode);
		host_die(h, &eb);
		return;
	}
	if (!c->sent) {
		/* Behind a command that is itself overdue. */
		ls_log(LS_LOG_DEBUG, "host: command 0x%04x: not sent in %u "
		    "ms", c->opcode, h->timeout_ms);
		host_finish(h, c, LS_ETIMEOUT, 0xff, NULL, 0);
		return;
	}
	ls_log(LS_LOG_DEBUG, "host: command 0x%04x: no answer in %u ms",
	    c->opcode, h->timeout_ms);
	if (h->credits == 0)
		h->credits = 1;
	host_finish(h, c, LS_ETIMEOUT, 0xff, NULL, 0);
	host_pump(h);
}

/* Send queued commands while credits allow. */
static void
host_pump(struct host *h)
{
	struct ls_errbuf	 eb;
	struct host_cmd		*c;
	uint8_t			 pkt[3 + 255];

	for (c = h->queue; c != NULL && !h->dead; c = c->next) {
		if (c->sent)
			continue;
		if (!host_shared(h) && h->credits == 0)
			return;
		put_le16(pkt, c->opcode);
		pkt[2] = c->plen;
		memcpy(pkt + 3, c->params, c->plen);
		ls_err_clear(&eb);
		if (h->tap_fn != NULL)
			h->tap_fn(0, HC_PKT_CMD, pkt, 3u + c->plen,
			    h->tap_arg);
		if (transport_write(h->t, HC_PKT_CMD, pkt, 3u + c->plen,
		    &eb) != LS_OK) {
			host_die(h, &eb);
			return;
		}
		ls_log(LS_LOG_DEBUG, "host: > command 0x%04x plen %u",
		    c->opcode, c->plen);
		c->sent = true;
		h->stats.cmds_sent++;
		if (h->credits > 0)
			h->credits--;
	}
}

static bool
host_state_op(uint16_t op)
{
	switch (op) {
	case HC_OP_SET_EVENT_MASK:
	case HC_OP_WRITE_LE_HOST_SUPPORTED:
	case HC_OP_LE_SET_EVENT_MASK:
	case HC_OP_LE_SET_RANDOM_ADDRESS:
	case HC_OP_LE_SET_SCAN_PARAMS:
	case HC_OP_LE_SET_SCAN_ENABLE:
	case HC_OP_LE_SET_EXT_SCAN_PARAMS:
	case HC_OP_LE_SET_EXT_SCAN_ENABLE:
		return true;
	default:
		return false;
	}
}

/* Keep the latest successful state command of each kind, in order. */
static void
host_remember(struct host *h, const struct host_cmd *c)
{
	size_t	i;

	if (c->opcode == HC_OP_RESET) {
		h->nstate = 0;
		return;
	}
	if (!host_state_op(c->opcode))
		return;
	for (i = 0; i < h->nstate; i++)
		if (h->state[i].opcode == c->opcode) {
			memmove(&h->state[i], &h->state[i + 1],
			    (h->nstate - i - 1) * sizeof h->state[0]);
			h->nstate--;
			break;
		}
	/* Scanning off is the state after a reset: nothing to replay. */
	if ((c->opcode == HC_OP_LE_SET_SCAN_ENABLE ||
	    c->opcode == HC_OP_LE_SET_EXT_SCAN_ENABLE) &&
	    (c->plen == 0 || c->params[0] == 0))
		return;
	if (h->nstate == HOST_STATE_CMDS)
		return;
	h->state[h->nstate].opcode = c->opcode;
	h->state[h->nstate].plen = c->plen;
	memcpy(h->state[h->nstate].params, c->params, c->plen);
	h->nstate++;
}

static void
host_recover_answer(enum ls_err err, uint8_t status, const uint8_t *ret,
    size_t len, void *arg)
{
	(void)ret;
	(void)len;
	if (err != LS_OK || status != HC_SUCCESS)
		ls_log(LS_LOG_WARN, "host: recovery command 0x%04x failed "
		    "(%s, status 0x%02x)", (unsigned)(uintptr_t)arg,
		    ls_err_str(err), status);
}

/*
 * Queue an internal command at *pp (front part of the queue).  False
 * when out of memory.
 */
static bool
host_queue_internal(struct host *h, struct host_cmd ***pp, uint16_t op,
    const uint8_t *params, uint8_t plen)
{
	struct host_cmd	*c;

	if ((c = calloc(1, sizeof *c)) == NULL)
		return false;
	c->id = host_id(h);
	c->opcode = op;
	c->plen = plen;
	if (plen > 0)
		memcpy(c->params, params, plen);
	c->internal = true;
	c->fn = host_recover_answer;
	c->arg = (void *)(uintptr_t)op;
	c->host = h;
	c->timer = loop_add_timer(h->loop, h->timeout_ms, host_cmd_timeout,
	    c);
	c->next = **pp;
	**pp = c;
	*pp = &c->next;
	h->nqueued++;
	return true;
}

/* Hardware Error: reset and restore, or die (see the top). */
static void
host_hw_error(struct host *h, uint8_t code)
{
	struct ls_errbuf	  eb;
	struct host_cmd		**pp, *c;
	size_t			  i;

	ls_err_clear(&eb);
	if (host_shared(h) || h->links > 0 ||
	    h->stats.hw_recoveries >= HOST_MAX_RECOVERIES) {
		ls_err_set(&eb, LS_EUNAVAIL, "adapter '%s': controller "
		    "reported a hardware error (code 0x%02x)%s", h->t->spec,
		    code, h->links > 0 ? " with a connection up" :
		    h->stats.hw_recoveries >= HOST_MAX_RECOVERIES ?
		    " again after resets" : "");
		host_die(h, &eb);
		return;
	}
	h->stats.hw_recoveries++;
	ls_log(LS_LOG_INFO, "host: controller reported a hardware error "
	    "(code 0x%02x): resetting it and restoring %zu settings", code,
	    h->nstate);
	/* Commands in flight are lost with the controller's state. */
	for (c = h->queue; c != NULL; c = c->next)
		c->sent = false;
	h->credits = 1;
	pp = &h->queue;
	if (!host_queue_internal(h, &pp, HC_OP_RESET, NULL, 0))
		goto oom;
	for (i = 0; i < h->nstate; i++)
		if (!host_queue_internal(h, &pp, h->state[i].opcode,
		    h->state[i].params, h->state[i].plen))
			goto oom;
	return;
oom:
	ls_err_set(&eb, LS_ENOMEM, "adapter '%s': out of memory recovering "
	    "from a hardware error", h->t->spec);
	host_die(h, &eb);
}

static struct host_cmd *
host_find_sent(struct host *h, uint16_t opcode)
{
	struct host_cmd	*c;

	for (c = h->queue; c != NULL; c = c->next)
		if (c->sent && c->opcode == opcode)
			return c;
	return NULL;
}

static void
host_credits(struct host *h, uint8_t ncmd)
{
	if (!host_shared(h))
		h->credits = ncmd;
}

static void
host_on_cmd_complete(struct host *h, const uint8_t *p, size_t n)
{
	struct hcievt_cmd_complete	 cc;
	struct ls_errbuf		 eb;
	struct host_cmd			*c;

	ls_err_clear(&eb);
	if (hcievt_cmd_complete(p, n, &cc, &eb) != LS_OK) {
		host_malformed(h, &eb);
		return;
	}
	c = cc.opcode == 0 ? NULL : host_find_sent(h, cc.opcode);
	/* On a shared controller another process may have sent it. */
	if (c == NULL) {
		if (cc.opcode != 0 && !host_shared(h))
			h->stats.unexpected++;
	} else {
		if (cc.ret_len > 0 && cc.ret[0] == HC_SUCCESS && !c->internal)
			host_remember(h, c);
		host_finish(h, c, LS_OK, cc.ret_len > 0 ? cc.ret[0] : 0xff,
		    cc.ret, cc.ret_len);
	}
	if (c != NULL || !host_shared(h))
		host_credits(h, cc.ncmd);
}

static void
host_on_cmd_status(struct host *h, const uint8_t *p, size_t n)
{
	struct hcievt_cmd_status	 cs;
	struct ls_errbuf		 eb;
	struct host_cmd			*c;

	ls_err_clear(&eb);
	if (hcievt_cmd_status(p, n, &cs, &eb) != LS_OK) {
		host_malformed(h, &eb);
		return;
	}
	c = cs.opcode == 0 ? NULL : host_find_sent(h, cs.opcode);
	if (c == NULL) {
		if (cs.opcode != 0 && !host_shared(h))
			h->stats.unexpected++;
	} else {
		host_finish(h, c, LS_OK, cs.status, &cs.status, 1);
	}
	if (c != NULL || !host_shared(h))
		host_credits(h, cs.ncmd);
}

static void
host_dispatch(struct host *h, bool le, uint8_t code, const uint8_t *p,
    size_t n)
{
	struct host_sub	*s, **pp;

	h->dispatching++;
	for (s = h->subs; s != NULL && !h->dead; s = s->next)
		if (!s->removed && s->le == le && s->code == code)
			s->fn(p, n, s->arg);
	h->dispatching--;
	if (h->dispatching > 0)
		return;
	for (pp = &h->subs; *pp != NULL;) {
		s = *pp;
		if (s->removed) {
			*pp = s->next;
			if (s->destroy != NULL)
				s->destroy(s->arg);
			free(s);
		} else
			pp = &s->next;
	}
}

static void
host_on_packet(uint8_t type, const uint8_t *pkt, size_t len, void *arg)
{
	struct host		*h = arg;
	struct hcievt		 ev;
	struct ls_errbuf	 eb;

	if (h->dead)
		return;
	if (h->tap_fn != NULL)
		h->tap_fn(1, type, pkt, len, h->tap_arg);
	if (type == HC_PKT_ACL) {
		if (h->acl_fn != NULL)
			h->acl_fn(pkt, len, h->acl_arg);
		return;
	}
	if (type != HC_PKT_EVT)
		return;
	ls_err_clear(&eb);
	if (hcievt_split(pkt, len, &ev, &eb) != LS_OK) {
		host_malformed(h, &eb);
		return;
	}
	h->stats.events++;
	switch (ev.code) {
	case HC_EVT_CMD_COMPLETE:
		host_on_cmd_complete(h, ev.params, ev.plen);
		break;
	case HC_EVT_CMD_STATUS:
		host_on_cmd_status(h, ev.params, ev.plen);
		break;
	case HC_EVT_HARDWARE_ERROR:
		host_hw_error(h, ev.plen > 0 ? ev.params[0] : 0);
		if (h->dead)
			return;
		break;
	case HC_EVT_LE_META:
		if (ev.plen == 0) {
			LS_MALFORMED(&eb, "LE Meta event without subevent");
			host_malformed(h, &eb);
			return;
		}
		/* LE (Enhanced) Connection Complete, success: a link up. */
		if ((ev.params[0] == HC_LE_CONN_COMPLETE ||
		    ev.params[0] == HC_LE_ENH_CONN_COMPLETE) && ev.plen > 1 &&
		    ev.params[1] == HC_SUCCESS)
			h->links++;
		host_dispatch(h, true, ev.params[0], ev.params, ev.plen);
		break;
	case HC_EVT_DISCONN_COMPLETE:
		if (ev.plen > 0 && ev.params[0] == HC_SUCCESS && h->links > 0)
			h->links--;
		host_dispatch(h, false, ev.code, ev.params, ev.plen);
		break;
	default:
		host_dispatch(h, false, ev.code, ev.params, ev.plen);
		break;
	}
	host_pump(h);
}

static void
host_readable(int fd, short revents, void *arg)
{
	struct host		*h = arg;
	struct ls_errbuf	 eb;

	(void)fd;
	(void)revents;
	ls_err_clear(&eb);
	if (transport_read(h->t, host_on_packet, h, &eb) != LS_OK)
		host_die(h, &eb);
}

struct host *
host_new(struct loop *loop, struct transport *t)
{
	struct host	*h;

	h = calloc(1, sizeof *h);
	if (h == NULL)
		return NULL;
	h->loop = loop;
	h->t = t;
	h->next_id = 1;
	h->credits = 1;
	h->timeout_ms = 2000;
	h->fd_id = loop_add_fd(loop, t->fd, POLLIN, host_readable, h);
	if (h->fd_id == 0) {
		free(h);
		return NULL;
	}
	return h;
}

void
host_free(struct host *h)
{
	struct host_cmd	*c;
	struct host_sub	*s;

	if (h == NULL)
		return;
	if (h->fd_id != 0)
		loop_remove_fd(h->loop, h->fd_id);
	while ((c = h->queue) != NULL) {
		c->fn = NULL;
		host_finish(h, c, LS_EUNAVAIL, 0xff, NULL, 0);
	}
	while ((s = h->subs) != NULL) {
		h->subs = s->next;
		if (s->destroy != NULL)
			s->destroy(s->arg);
		free(s);
	}
	free(h);
}

void
host_set_dead(struct host *h, host_dead_fn fn, void *arg)
{
	h->dead_fn = fn;
	h->dead_arg = arg;
}

void
host_set_tap(struct host *h, host_tap_fn fn, void *arg)
{
	h->tap_fn = fn;
	h->tap_arg = arg;
}

void
host_set_acl(struct host *h, host_acl_fn fn, void *arg)
{
	h->acl_fn = fn;
	h->acl_arg = arg;
}

enum ls_err
host_send_acl(struct host *h, const uint8_t *pkt, size_t len,
    struct ls_errbuf *eb)
{
	struct ls_errbuf	e;

	if (h->dead)
		return ls_err_copy(eb, &h->why);
	if (h->tap_fn != NULL)
		h->tap_fn(0, HC_PKT_ACL, pkt, len, h->tap_arg);
	ls_err_clear(&e);
	if (transport_write(h->t, HC_PKT_ACL, pkt, len, &e) != LS_OK) {
		host_die(h, &e);
		return ls_err_copy(eb, &e);
	}
	return LS_OK;
}

void
host_set_cmd_timeout(struct host *h, unsigned ms)
{
	h->timeout_ms = ms;
}

unsigned
host_transport_flags(const struct host *h)
{
	return h->t->flags;
}

bool
host_shared(const struct host *h)
{
	return (h->t->flags & TRANSPORT_SHARED) != 0;
}

const struct ls_errbuf *
host_dead_reason(const struct host *h)
{
	return h->dead ? &h->why : NULL;
}

struct loop *
host_loop(const struct host *h)
{
	return h->loop;
}

const char *
host_spec(const struct host *h)
{
	return h->t->spec;
}

unsigned
host_send(struct host *h, uint16_t opcode, const void *params, uint8_t plen,
    host_cmd_fn fn, void *arg, host_destroy_fn destroy)
{
	struct host_cmd	*c, **pp;
	unsigned	 id;

	if (h->dead || h->nqueued >= HOST_MAX_QUEUE ||
	    (c = calloc(1, sizeof *c)) == NULL) {
		if (destroy != NULL)
			destroy(arg);
		return 0;
	}
	c->id = host_id(h);
	c->opcode = opcode;
	c->plen = plen;
	if (plen > 0)
		memcpy(c->params, params, plen);
	c->fn = fn;
	c->arg = arg;
	c->destroy = destroy;
	c->host = h;
	for (pp = &h->queue; *pp != NULL; pp = &(*pp)->next)
		;
	c->timer = loop_add_timer(h->loop, h->timeout_ms, host_cmd_timeout,
	    c);
	if (c->timer == 0) {
		if (destroy != NULL)
			destroy(arg);
		free(c);
		return 0;
	}
	*pp = c;
	h->nqueued++;
	id = c->id;
	/* A failed write kills the host and frees c: keep its id. */
	host_pump(h);
	return id;
}

bool
host_cancel(struct host *h, unsigned id)
{
	struct host_cmd	*c;

	for (c = h->queue; c != NULL; c = c->next) {
		if (c->id == id) {
			/* A sent command keeps its slot until answered or
			   timed out; only its callback is dropped. */
			if (c->sent) {
				c->fn = NULL;
				return true;
			}
			c->fn = NULL;
			host_finish(h, c, LS_OK, 0, NULL, 0);
			return true;
		}
	}
	return false;
}

static unsigned
host_subscribe(struct host *h, bool le, uint8_t code, host_evt_fn fn,
    void *arg, host_destroy_fn destroy)
{
	struct host_sub	*s, **pp;

	s = calloc(1, sizeof *s);
	if (s == NULL)
		return 0;
	s->id = host_id(h);
	s->le = le;
	s->code = code;
	s->fn = fn;
	s->arg = arg;
	s->destroy = destroy;
	for (pp = &h->subs; *pp != NULL; pp = &(*pp)->next)
		;
	*pp = s;
	return s->id;
}

unsigned
host_on_event(struct host *h, uint8_t code, host_evt_fn fn, void *arg,
    host_destroy_fn destroy)
{
	return host_subscribe(h, false, code, fn, arg, destroy);
}

unsigned
host_on_le(struct host *h, uint8_t subevent, host_evt_fn fn, void *arg,
    host_destroy_fn destroy)
{
	return host_subscribe(h, true, subevent, fn, arg, destroy);
}

bool
host_off(struct host *h, unsigned id)
{
	struct host_sub	*s, **pp;

	for (pp = &h->subs; *pp != NULL; pp = &(*pp)->next) {
		s = *pp;
		if (s->id != id || s->removed)
			continue;
		if (h->dispatching > 0) {
			s->removed = true;
			return true;
		}
		*pp = s->next;
		if (s->destroy != NULL)
			s->destroy(s->arg);
		free(s);
		return true;
	}
	return false;
}

void
host_malformed(struct host *h, const struct ls_errbuf *eb)
{
	h->stats.malformed++;
	ls_log(LS_LOG_DEBUG, "host: malformed event: %s (%s:%d)", eb->msg,
	    eb->file != NULL ? eb->file : "?", eb->line);
}

const struct host_stats *
host_stats(const struct host *h)
{
	return &h->stats;
}

void
host_note_phy(struct host *h, const uint8_t addr[6], uint8_t addr_type,
    uint8_t phy)
{
	struct host_phy	*p;
	size_t		 i;

	addr_type &= 1;
	for (i = 0; i < h->nphys; i++) {
		p = &h->phys[i];
		if (p->type == addr_type && memcmp(p->addr, addr, 6) == 0) {
			p->phy = phy;
			return;
		}
	}
	p = &h->phys[h->phy_next];
	h->phy_next = (h->phy_next + 1) % HOST_PHY_MEMORY;
	if (h->nphys < HOST_PHY_MEMORY)
		h->nphys++;
	memcpy(p->addr, addr, 6);
	p->type = addr_type;
	p->phy = phy;
}

uint8_t
host_heard_phy(const struct host *h, const uint8_t addr[6],
    uint8_t addr_type)
{
	size_t	i;

	addr_type &= 1;
	for (i = 0; i < h->nphys; i++)
		if (h->phys[i].type == addr_type &&
		    memcmp(h->phys[i].addr, addr, 6) == 0)
			return h->phys[i].phy;
	return 0;
}

static bool
host_scan_op(uint16_t op)
{
	return op == HC_OP_LE_SET_SCAN_PARAMS ||
	    op == HC_OP_LE_SET_SCAN_ENABLE ||
	    op == HC_OP_LE_SET_EXT_SCAN_PARAMS ||
	    op == HC_OP_LE_SET_EXT_SCAN_ENABLE;
}

bool
host_reset_restore(struct host *h)
{
	struct host_cmd	**pp;
	size_t		  i, k;

	if (h->dead || host_shared(h))
		return false;
	for (i = k = 0; i < h->nstate; i++)
		if (!host_scan_op(h->state[i].opcode))
			h->state[k++] = h->state[i];
	h->nstate = k;
	for (pp = &h->queue; *pp != NULL; pp = &(*pp)->next)
		;
	if (!host_queue_internal(h, &pp, HC_OP_RESET, NULL, 0))
		return false;
	for (i = 0; i < h->nstate; i++)
		if (!host_queue_internal(h, &pp, h->state[i].opcode,
		    h->state[i].params, h->state[i].plen))
			return false;
	host_pump(h);
	return true;
}
