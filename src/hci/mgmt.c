/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * mgmt.c - the Linux Bluetooth management protocol (mgmt.h).
 *
 * Layouts (BlueZ doc/mgmt-api.txt): Command Complete event: opcode(2),
 * status(1), return parameters; Command Status event: opcode(2),
 * status(1).  Device Found event: address(6), address type(1), RSSI(1),
 * flags(4), EIR length(2), EIR data.  One command is outstanding at a
 * time (bluetoothd's src/shared/mgmt.c queues them the same way); each
 * has a deadline from the moment it is queued.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hci/hcidef.h"
#include "hci/mgmt.h"
#include "util/cursor.h"
#include "util/log.h"

size_t
mgmt_encode(uint8_t *buf, size_t cap, uint16_t op, uint16_t index,
    const void *params, size_t plen)
{
	if (plen > MGMT_MAX_PARAMS || cap < MGMT_HDR_LEN + plen)
		return 0;
	put_le16(buf, op);
	put_le16(buf + 2, index);
	put_le16(buf + 4, (uint16_t)plen);
	if (plen > 0)
		memcpy(buf + MGMT_HDR_LEN, params, plen);
	return MGMT_HDR_LEN + plen;
}

enum ls_err
mgmt_decode(const uint8_t *p, size_t n, struct mgmt_msg *m,
    struct ls_errbuf *eb)
{
	size_t	len;

	if (n < MGMT_HDR_LEN)
		return LS_MALFORMED(eb, "management message of %zu bytes "
		    "(header is 6)", n);
	len = (size_t)(p[4] | p[5] << 8);
	if (len != n - MGMT_HDR_LEN)
		return LS_MALFORMED(eb, "management message length %zu, "
		    "%zu bytes follow", len, n - MGMT_HDR_LEN);
	m->code = (uint16_t)(p[0] | p[1] << 8);
	m->index = (uint16_t)(p[2] | p[3] << 8);
	m->params = p + MGMT_HDR_LEN;
	m->plen = len;
	return LS_OK;
}

bool
mgmt_device_found(const uint8_t *p, size_t n, struct hcievt_adv_report *r)
{
	uint32_t	flags;
	size_t		eir;
	uint8_t		type;

	if (n < 14)
		return false;
	type = p[6];
	if (type != MGMT_ADDR_LE_PUBLIC && type != MGMT_ADDR_LE_RANDOM)
		return false;
	flags = (uint32_t)p[8] | (uint32_t)p[9] << 8 |
	    (uint32_t)p[10] << 16 | (uint32_t)p[11] << 24;
	eir = (size_t)(p[12] | p[13] << 8);
	if (eir > n - 14)
		return false;
	memset(r, 0, sizeof *r);
	memcpy(r->addr, p, 6);
	r->addr_type = type == MGMT_ADDR_LE_PUBLIC ? HC_ADDR_PUBLIC :
	    HC_ADDR_RANDOM;
	r->rssi = (int8_t)p[7];
	r->tx_power = HC_TXPOWER_NONE;
	r->primary_phy = 1;
	r->sid = 0xff;
	/* The kernel merges what it heard; the flags say what kind. */
	r->evt_type = HC_EXT_EVT_LEGACY;
	if (!(flags & MGMT_DEV_FOUND_NOT_CONNECTABLE))
		r->evt_type |= HC_EXT_EVT_CONNECTABLE | HC_EXT_EVT_SCANNABLE;
	if (flags & MGMT_DEV_FOUND_SCAN_RSP)
		r->evt_type |= HC_EXT_EVT_SCAN_RSP;
	if (eir > HCIEVT_ADV_DATA_MAX)
		eir = HCIEVT_ADV_DATA_MAX;
	r->data_len = (uint8_t)eir;
	memcpy(r->data, p + 14, eir);
	return true;
}

bool
mgmt_is_pairing_event(uint16_t code)
{
	switch (code) {
	case MGMT_EV_NEW_LINK_KEY:
	case MGMT_EV_NEW_LONG_TERM_KEY:
	case MGMT_EV_PIN_CODE_REQUEST:
	case MGMT_EV_USER_CONFIRM_REQUEST:
	case MGMT_EV_USER_PASSKEY_REQUEST:
	case MGMT_EV_AUTH_FAILED:
	case MGMT_EV_PASSKEY_NOTIFY:
	case MGMT_EV_NEW_IRK:
	case MGMT_EV_NEW_CSRK:
		return true;
	default:
		return false;
	}
}

const char *
mgmt_status_str(uint8_t status)
{
	static const char *const names[] = {
		"success", "unknown command", "not connected", "failed",
		"connect failed", "authentication failed", "not paired",
		"no resources", "timeout", "already connected", "busy",
		"rejected", "not supported", "invalid parameters",
		"disconnected", "not powered", "cancelled",
		"invalid index", "RF-kill blocked", "already paired",
		"permission denied"
	};

	return status < sizeof names / sizeof names[0] ? names[status] :
	    "error";
}

/* ---- the exchanges ---- */

struct mgmt_cmd {
	uint16_t	 op;
	size_t		 len;
	uint8_t		 msg[MGMT_HDR_LEN + 64];
	bool		 sent;
	unsigned	 timer;
	mgmt_cmd_fn	 fn;
	void		*arg;
	struct mgmt	*m;
	struct mgmt_cmd	*next;
};

struct mgmt {
	struct loop	*loop;
	int		 fd;
	unsigned	 fd_id;
	uint16_t	 index;
	unsigned	 timeout_ms;
	struct mgmt_cmd	*queue;
	mgmt_evt_fn	 evt_fn;
	void		*evt_arg;
	bool		 failed;
};

static void	mgmt_pump(struct mgmt *);

static void
mgmt_finish(struct mgmt *m, struct mgmt_cmd *c, enum ls_err err,
    uint8_t status, const uint8_t *ret, size_t len)
{
	struct mgmt_cmd	**pp;

	for (pp = &m->queue; *pp != NULL; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	if (c->timer != 0)
		loop_cancel_timer(m->loop, c->timer);
	if (c->fn != NULL)
		c->fn(err, status, ret, len, c->arg);
	free(c);
}

static void
mgmt_fail_all(struct mgmt *m, enum ls_err err)
{
	m->failed = true;
	while (m->queue != NULL)
		mgmt_finish(m, m->queue, err, 0xff, NULL, 0);
}

static void
mgmt_cmd_timeout(void *arg)
{
	struct mgmt_cmd	*c = arg;
	struct mgmt	*m = c->m;

	c->timer = 0;
	ls_log(LS_LOG_DEBUG, "mgmt: command 0x%04x: no answer in %u ms",
	    c->op, m->timeout_ms);
	mgmt_finish(m, c, LS_ETIMEOUT, 0xff, NULL, 0);
	mgmt_pump(m);
}

static void
mgmt_pump(struct mgmt *m)
{
	struct mgmt_cmd	*c = m->queue;
	ssize_t		 w;

	if (c == NULL || c->sent || m->failed)
		return;
	do
		w = write(m->fd, c->msg, c->len);
	while (w == -1 && errno == EINTR);
	if (w != (ssize_t)c->len) {
		ls_log(LS_LOG_DEBUG, "mgmt: write failed: %s",
		    w == -1 ? strerror(errno) : "short write");
		mgmt_fail_all(m, LS_EIO);
		return;
	}
	c->sent = true;
}

static void
mgmt_on_answer(struct mgmt *m, const struct mgmt_msg *msg)
{
	struct mgmt_cmd	*c = m->queue;
	uint16_t	 op;

	if (msg->plen < 3)
		return;
	op = (uint16_t)(msg->params[0] | msg->params[1] << 8);
	if (c == NULL || !c->sent || c->op != op)
		return;		/* another client's, or stale */
	mgmt_finish(m, c, LS_OK, msg->params[2], msg->params + 3,
	    msg->plen - 3);
	mgmt_pump(m);
}

static void
mgmt_readable(int fd, short revents, void *arg)
{
	struct mgmt		*m = arg;
	struct mgmt_msg		 msg;
	struct ls_errbuf	 eb;
	uint8_t			 buf[MGMT_HDR_LEN + MGMT_MAX_PARAMS];
	ssize_t			 r;

	(void)revents;
	r = read(fd, buf, sizeof buf);
	if (r == -1 && (errno == EINTR || errno == EAGAIN))
		return;
	if (r <= 0) {
		loop_remove_fd(m->loop, m->fd_id);
		m->fd_id = 0;
		mgmt_fail_all(m, LS_EUNAVAIL);
		return;
	}
	ls_err_clear(&eb);
	if (mgmt_decode(buf, (size_t)r, &msg, &eb) != LS_OK) {
		ls_log(LS_LOG_DEBUG, "mgmt: %s", eb.msg);
		return;
	}
	if (msg.index != m->index)
		return;
	if (msg.code == MGMT_EV_CMD_COMPLETE ||
	    msg.code == MGMT_EV_CMD_STATUS) {
		mgmt_on_answer(m, &msg);
		return;
	}
	if (m->evt_fn != NULL)
		m->evt_fn(msg.code, msg.params, msg.plen, m->evt_arg);
}

struct mgmt *
mgmt_new(struct loop *loop, int fd, uint16_t index)
{
	struct mgmt	*m;

	if ((m = calloc(1, sizeof *m)) == NULL)
		return NULL;
	m->loop = loop;
	m->fd = fd;
	m->index = index;
	m->timeout_ms = 2000;
	m->fd_id = loop_add_fd(loop, fd, POLLIN, mgmt_readable, m);
	if (m->fd_id == 0) {
		free(m);
		return NULL;
	}
	return m;
}

void
mgmt_free(struct mgmt *m)
{
	struct mgmt_cmd	*c;

	if (m == NULL)
		return;
	while ((c = m->queue) != NULL) {
		c->fn = NULL;
		mgmt_finish(m, c, LS_EUNAVAIL, 0xff, NULL, 0);
	}
	if (m->fd_id != 0)
		loop_remove_fd(m->loop, m->fd_id);
	close(m->fd);
	free(m);
}

void
mgmt_set_timeout(struct mgmt *m, unsigned ms)
{
	m->timeout_ms = ms;
}

void
mgmt_set_events(struct mgmt *m, mgmt_evt_fn fn, void *arg)
{
	m->evt_fn = fn;
	m->evt_arg = arg;
}

bool
mgmt_send(struct mgmt *m, uint16_t op, const void *params, size_t plen,
    mgmt_cmd_fn fn, void *arg)
{
	struct mgmt_cmd	*c, **pp;

	if (m->failed || (c = calloc(1, sizeof *c)) == NULL)
		return false;
	c->len = mgmt_encode(c->msg, sizeof c->msg, op, m->index, params,
	    plen);
	if (c->len == 0) {
		free(c);
		return false;
	}
	c->op = op;
	c->fn = fn;
	c->arg = arg;
	c->m = m;
	c->timer = loop_add_timer(m->loop, m->timeout_ms, mgmt_cmd_timeout,
	    c);
	if (c->timer == 0) {
		free(c);
		return false;
	}
	for (pp = &m->queue; *pp != NULL; pp = &(*pp)->next)
		;
	*pp = c;
	mgmt_pump(m);
	return true;
}

/* ---- procedures ---- */

struct mgmt_proc {
	struct mgmt	*m;
	uint16_t	 op;
	bool		*was_on;
	mgmt_done_fn	 done;
	void		*arg;
};

static void
mgmt_proc_end(struct mgmt_proc *p, enum ls_err err, uint8_t status)
{
	struct ls_errbuf	eb;

	ls_err_clear(&eb);
	if (err == LS_ETIMEOUT)
		ls_err_set(&eb, LS_EUNAVAIL, "the kernel did not answer "
		    "management command 0x%04x", p->op);
	else if (err != LS_OK)
		ls_err_set(&eb, err, "management socket lost during command "
		    "0x%04x", p->op);
	else if (status != MGMT_STATUS_SUCCESS)
		ls_err_set(&eb, status == 0x14 ? LS_EPERM : LS_EUNAVAIL,
		    "the kernel refused management command 0x%04x (%s)",
		    p->op, mgmt_status_str(status));
	p->done(&eb, p->arg);
	free(p);
}

static void
mgmt_proc_answer(enum ls_err err, uint8_t status, const uint8_t *ret,
    size_t len, void *arg)
{
	(void)ret;
	(void)len;
	mgmt_proc_end(arg, err, status);
}

static struct mgmt_proc *
mgmt_proc_new(struct mgmt *m, uint16_t op, mgmt_done_fn done, void *arg)
{
	struct mgmt_proc	*p;

	if ((p = calloc(1, sizeof *p)) == NULL)
		return NULL;
	p->m = m;
	p->op = op;
	p->done = done;
	p->arg = arg;
	return p;
}

static bool
mgmt_proc_send(struct mgmt_proc *p, const void *params, size_t plen,
    mgmt_cmd_fn fn)
{
	if (!mgmt_send(p->m, p->op, params, plen, fn, p)) {
		free(p);
		return false;
	}
	return true;
}

bool
mgmt_discovery(struct mgmt *m, bool on, mgmt_done_fn done, void *arg)
{
	static const uint8_t	 type = MGMT_DISCOVERY_LE;
	struct mgmt_proc	*p;

	p = mgmt_proc_new(m, on ? MGMT_OP_START_DISCOVERY :
	    MGMT_OP_STOP_DISCOVERY, done, arg);
	return p != NULL && mgmt_proc_send(p, &type, 1, mgmt_proc_answer);
}

bool
mgmt_bondable(struct mgmt *m, bool on, mgmt_done_fn done, void *arg)
{
	uint8_t			 v = on ? 1 : 0;
	struct mgmt_proc	*p;

	p = mgmt_proc_new(m, MGMT_OP_SET_BONDABLE, done, arg);
	return p != NULL && mgmt_proc_send(p, &v, 1, mgmt_proc_answer);
}

static void
mgmt_bond_info(enum ls_err err, uint8_t status, const uint8_t *ret,
    size_t len, void *arg)
{
	struct mgmt_proc	*p = arg;
	uint32_t		 cur;
	uint8_t			 v = 0;

	if (err != LS_OK || status != MGMT_STATUS_SUCCESS) {
		mgmt_proc_end(p, err, status);
		return;
	}
	/* address(6) version(1) manufacturer(2) supported(4) current(4) */
	if (len < 17) {
		mgmt_proc_end(p, LS_EMALFORMED, 0xff);
		return;
	}
	cur = (uint32_t)ret[13] | (uint32_t)ret[14] << 8 |
	    (uint32_t)ret[15] << 16 | (uint32_t)ret[16] << 24;
	*p->was_on = (cur & MGMT_SETTING_BONDABLE) != 0;
	if (!*p->was_on) {
		mgmt_proc_end(p, LS_OK, MGMT_STATUS_SUCCESS);
		return;
	}
	p->op = MGMT_OP_SET_BONDABLE;
	if (!mgmt_send(p->m, p->op, &v, 1, mgmt_proc_answer, p))
		mgmt_proc_end(p, LS_EIO, 0xff);
}

bool
mgmt_bondable_off(struct mgmt *m, bool *was_on, mgmt_done_fn done,
    void *arg)
{
	struct mgmt_proc	*p;

	*was_on = false;
	if ((p = mgmt_proc_new(m, MGMT_OP_READ_INFO, done, arg)) == NULL)
		return false;
	p->was_on = was_on;
	return mgmt_proc_send(p, NULL, 0, mgmt_bond_info);
}
