/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * journal.c - append-only, synced visit journal and its replay.
 *
 * Framing and record kinds: journal.h.  Each record is built with cJSON,
 * framed with its length and SHA-256 (libsodium crypto_hash_sha256),
 * written with one write(2) loop and made durable with fdatasync(2)
 * before the append returns.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "util/durable.h"
#include "util/hex.h"
#include "util/json_check.h"
#include "visit/answers.h"
#include "visit/journal.h"

#define JOURNAL_PREFIX	(8 + 1 + 64 + 1)	/* "LLLLLLLL HASH " */

struct journal {
	int		 fd;
	char		 path[PATH_MAX];
	size_t		 seq;		/* next record number */
	off_t		 size;		/* end of the last good record */
	bool		 broken;	/* a failed append: refuse more */
};

/* ---- opening and locking ---------------------------------------------- */

static enum ls_err
journal_lock(int fd, const char *path, struct ls_errbuf *eb)
{
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		return LS_OK;
	if (errno == EWOULDBLOCK)
		return ls_err_set(eb, LS_EUNAVAIL, "journal '%s' is in use by "
		    "another visit", path);
	return ls_err_set(eb, LS_EIO, "cannot lock journal '%s': %s", path,
	    strerror(errno));
}

static struct journal *
journal_alloc(int fd, const char *path)
{
	struct journal	*j;

	if ((j = calloc(1, sizeof *j)) == NULL)
		return NULL;
	j->fd = fd;
	snprintf(j->path, sizeof j->path, "%s", path);
	return j;
}

enum ls_err
journal_create(const char *path, struct journal **out, struct ls_errbuf *eb)
{
	struct journal	*j;
	enum ls_err	 e;
	int		 fd;

	*out = NULL;
	if (sodium_init() < 0)
		return ls_err_set(eb, LS_EINTERNAL, "cannot initialise "
		    "libsodium");
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return ls_err_set(eb, LS_EINPUT, "journal '%s' already "
			    "exists (resume it, or choose another file)", path);
		e = ls_err_from_errno(errno);
		return ls_err_set(eb, e == LS_EPERM ? LS_EPERM : LS_EIO,
		    "cannot create journal '%s': %s", path, strerror(errno));
	}
	if ((e = journal_lock(fd, path, eb)) != LS_OK ||
	    (e = durable_sync_dir(path, eb)) != LS_OK) {
		close(fd);
		unlink(path);
		return e;
	}
	if ((j = journal_alloc(fd, path)) == NULL) {
		close(fd);
		unlink(path);
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	}
	*out = j;
	return LS_OK;
}

void
journal_close(struct journal *j)
{
	if (j == NULL)
		return;
	close(j->fd);		/* releases the flock */
	free(j);
}

size_t
journal_records(const struct journal *j)
{
	return j->seq;
}

/* ---- replay ---------------------------------------------------------- */

/* Parse context: the record being applied, for error messages. */
struct journal_rp {
	struct visit		*v;
	size_t			 rec;
	struct ls_errbuf	*eb;
};

static enum ls_err
journal_bad(struct journal_rp *p, const char *what)
{
	/* journal_parse prefixes the record number. */
	return ls_err_set(p->eb, LS_EINPUT, "%s", what);
}

/* Optional string member: NULL when absent or null; *ok false if wrong. */
static const char *
journal_str(const cJSON *o, const char *key, bool *ok)
{
	const cJSON	*it = cJSON_GetObjectItemCaseSensitive(o, key);

	if (it == NULL || cJSON_IsNull(it))
		return NULL;
	if (!cJSON_IsString(it)) {
		*ok = false;
		return NULL;
	}
	return it->valuestring;
}

/* Non-negative integral number member (µs times); false if wrong. */
static bool
journal_u64(const cJSON *o, const char *key, uint64_t *out)
{
	const cJSON	*it = cJSON_GetObjectItemCaseSensitive(o, key);

	if (it == NULL || cJSON_IsNull(it)) {
		*out = 0;
		return true;
	}
	if (!cJSON_IsNumber(it) || !(it->valuedouble >= 0) ||
	    it->valuedouble > 9007199254740992.0 ||
	    it->valuedouble != floor(it->valuedouble))
		return false;
	*out = (uint64_t)it->valuedouble;
	return true;
}

static enum ls_err
journal_apply_intake(struct journal_rp *p, const cJSON *o)
{
	const cJSON	*arr, *it;
	bool		 ok = true;
	const char	*t, *s, *w;
	unsigned	 bit;

	t = journal_str(o, "technician", &ok);
	s = journal_str(o, "site", &ok);
	w = journal_str(o, "work_order", &ok);
	if (!ok)
		return journal_bad(p, "intake strings must be strings");
	visit_set_intake(p->v, t, s, w);
	arr = cJSON_GetObjectItemCaseSensitive(o, "symptoms");
	if (arr != NULL && !cJSON_IsArray(arr))
		return journal_bad(p, "symptoms must be an array");
	cJSON_ArrayForEach(it, arr) {
		if (!cJSON_IsString(it) ||
		    visit_add_symptom(p->v, it->valuestring, p->eb) != LS_OK)
			return journal_bad(p, "bad symptom");
	}
	arr = cJSON_GetObjectItemCaseSensitive(o, "access");
	if (arr != NULL && !cJSON_IsArray(arr))
		return journal_bad(p, "access must be an array");
	cJSON_ArrayForEach(it, arr) {
		if (!cJSON_IsString(it) ||
		    (bit = visit_access_bit(it->valuestring)) == 0)
			return journal_bad(p, "bad access path");
		p->v->access |= bit;
	}
	return LS_OK;
}

/*
 * A count of codes, keys or passwords (a name visit_reading_name_ok
 * allows only as a count) holds at most what the answers file accepts
 * (ANS_COUNT_MAX): a journal is not a way around the answers' limits.
 */
static bool
journal_count_ok(struct journal_rp *p, const char *name,
    const struct reading *r)
{
	static const char *const words[] = { "code", "key", "pass", "pin",
	    "secret", "token", "uid" };
	size_t	i;

	if (name == NULL || r->kind != RD_INT || !reading_has_value(r))
		return true;
	for (i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strstr(name, words[i]) != NULL &&
		    (r->i < 0 || r->i > ANS_COUNT_MAX)) {
			ls_err_set(p->eb, LS_EINPUT, "%s: a count 0..%d, "
			    "never a code", name, ANS_COUNT_MAX);
			return false;
		}
	return true;
}

static enum ls_err
journal_apply_rset(struct journal_rp *p, struct visit_rset *set,
    const cJSON *o)
{
	const cJSON	*it;
	struct reading	 r;

	if (o == NULL || cJSON_IsNull(o))
		return LS_OK;
	if (!cJSON_IsObject(o))
		return journal_bad(p, "readings must be an object");
	cJSON_ArrayForEach(it, o) {
		if (!reading_from_json(it, &r) ||
		    !journal_count_ok(p, it->string, &r))
			return journal_bad(p, "bad reading");
		if (visit_rset_put(set, it->string, &r, p->eb) != LS_OK)
			return journal_bad(p, "reading refused");
	}
	return LS_OK;
}

/* Find or add the step described by o; *idx its index. */
static enum ls_err
journal_step_ref(struct journal_rp *p, const cJSON *o, size_t *idx)
{
	const char	*id, *phase, *title;
	bool		 ok = true;
	long		 k;

	id = journal_str(o, "id", &ok);
	phase = journal_str(o, "phase", &ok);
	title = journal_str(o, "title", &ok);
	if (!ok || id == NULL)
		return journal_bad(p, "step without an id");
	if ((k = visit_step_find(p->v, id)) >= 0) {
		*idx = (size_t)k;
		return LS_OK;
	}
	if (phase == NULL ||
	    visit_step_add(p->v, id, phase, title, idx, p->eb) != LS_OK)
		return journal_bad(p, "bad step");
	return LS_OK;
}

static enum ls_err
journal_apply_step(struct journal_rp *p, const cJSON *o)
{
	struct visit_step	*s;
	enum visit_status	 st;
	const char		*status, *note, *skip;
	uint64_t		 a, b;
	size_t			 idx;
	bool			 ok = true;

	if (!cJSON_IsObject(o))
		return journal_bad(p, "step must be an object");
	if (journal_step_ref(p, o, &idx) != LS_OK)
		return LS_EINPUT;
	s = &p->v->steps[idx];
	status = journal_str(o, "status", &ok);
	note = journal_str(o, "note", &ok);
	if (!ok || status == NULL || !visit_status_parse(status, &st))
		return journal_bad(p, "bad step status");
	if (!journal_u64(o, "started", &a) || !journal_u64(o, "finished", &b))
		return journal_bad(p, "bad step times");
	skip = journal_str(o, "skip", &ok);
	if (!ok || visit_step_skip(p->v, idx, skip != NULL ? skip : "",
	    p->eb) != LS_OK)
		return journal_bad(p, "bad step skip reason");
	s->status = st;
	s->started_us = a;
	s->finished_us = b;
	visit_step_note(p->v, idx, note != NULL ? note : "");
	s->evidence.n = 0;
	return journal_apply_rset(p, &s->evidence,
	    cJSON_GetObjectItemCaseSensitive(o, "evidence"));
}

static enum ls_err
journal_apply_device(struct journal_rp *p, const cJSON *o)
{
	struct visit_device	 d;
	const char		*f[7];
	static const char *const keys[7] = { "address", "address_type",
	    "name", "family", "vendor", "model", "profile" };
	bool			 ok = true;
	size_t			 i;

	for (i = 0; i < 7; i++)
		f[i] = journal_str(o, keys[i], &ok);
	if (!ok || f[0] == NULL)
		return journal_bad(p, "bad device");
	memset(&d, 0, sizeof d);
	snprintf(d.address, sizeof d.address, "%s", f[0]);
	snprintf(d.address_type, sizeof d.address_type, "%s",
	    f[1] != NULL ? f[1] : "");
	snprintf(d.name, sizeof d.name, "%s", f[2] != NULL ? f[2] : "");
	snprintf(d.family, sizeof d.family, "%s", f[3] != NULL ? f[3] : "");
	snprintf(d.vendor, sizeof d.vendor, "%s", f[4] != NULL ? f[4] : "");
	snprintf(d.model, sizeof d.model, "%s", f[5] != NULL ? f[5] : "");
	snprintf(d.profile, sizeof d.profile, "%s", f[6] != NULL ? f[6] : "");
	if (strlen(f[0]) >= sizeof d.address ||
	    visit_device_add(p->v, &d, NULL, p->eb) != LS_OK)
		return journal_bad(p, "bad device");
	return LS_OK;
}

static enum ls_err
journal_apply_remedy(struct journal_rp *p, const cJSON *o)
{
	const char	*id, *adv, *by, *why;
	uint64_t	 t;
	bool		 ok = true;

	id = journal_str(o, "remedy", &ok);
	adv = journal_str(o, "advised", &ok);
	by = journal_str(o, "chosen_by", &ok);
	why = journal_str(o, "reason", &ok);
	if (!ok || id == NULL || adv == NULL || by == NULL ||
	    !journal_u64(o, "at", &t) ||
	    visit_set_remedy(p->v, id, adv, by, why, t, p->eb) != LS_OK)
		return journal_bad(p, "bad remedy");
	return LS_OK;
}

static enum ls_err
journal_apply_triage(struct journal_rp *p, const cJSON *o)
{
	const cJSON	*a = cJSON_GetObjectItemCaseSensitive(o, "advice");
	const cJSON	*it;
	const char	*id, *rm, *text;
	bool		 ok = true;

	if (!cJSON_IsArray(a))
		return journal_bad(p, "triage without advice");
	visit_triage_clear(p->v);
	cJSON_ArrayForEach(it, a) {
		if (!cJSON_IsObject(it))
			return journal_bad(p, "bad triage advice");
		id = journal_str(it, "id", &ok);
		rm = journal_str(it, "remedy", &ok);
		text = journal_str(it, "text", &ok);
		if (!ok || id == NULL || rm == NULL || text == NULL)
			return journal_bad(p, "bad triage advice");
		visit_triage_add(p->v, id, rm, text);
	}
	return LS_OK;
}

/* A "signal" record: its windows, in order, into the series. */
static enum ls_err
journal_apply_signal(struct journal_rp *p, const cJSON *o)
{
	const cJSON	*a, *x;
	uint64_t	 base, at;
	double		 h, sum;

	a = cJSON_GetObjectItemCaseSensitive(o, "samples");
	if (!journal_u64(o, "interval_ms", &base) || base == 0 ||
	    base > UINT32_MAX || !cJSON_IsArray(a) ||
	    cJSON_GetArraySize(a) > JOURNAL_SIGNAL_MAX)
		return journal_bad(p, "bad signal record");
	cJSON_ArrayForEach(x, a) {
		if (!cJSON_IsArray(x) || cJSON_GetArraySize(x) != 3 ||
		    !cJSON_IsNumber(cJSON_GetArrayItem(x, 0)) ||
		    !cJSON_IsNumber(cJSON_GetArrayItem(x, 1)) ||
		    !cJSON_IsNumber(cJSON_GetArrayItem(x, 2)))
			return journal_bad(p, "bad signal sample");
		h = cJSON_GetArrayItem(x, 1)->valuedouble;
		sum = cJSON_GetArrayItem(x, 2)->valuedouble;
		at = 0;
		if (cJSON_GetArrayItem(x, 0)->valuedouble < 0 ||
		    cJSON_GetArrayItem(x, 0)->valuedouble >
		    9007199254740992.0 || !(h >= 0 && h <= 1000000) ||
		    h != floor(h) || !(fabs(sum) <= 1e9) || sum != floor(sum))
			return journal_bad(p, "bad signal sample");
		at = (uint64_t)cJSON_GetArrayItem(x, 0)->valuedouble;
		if (visit_signal_add(p->v, (uint32_t)base, at, (uint32_t)h,
		    (int64_t)sum, p->eb) != LS_OK)
			return journal_bad(p, "bad signal sample");
	}
	return LS_OK;
}

static enum ls_err
journal_apply(struct journal_rp *p, const cJSON *o)
{
	const cJSON		*it;
	const char		*kind, *s, *name;
	struct reading		 r;
	enum visit_outcome	 oc;
	uint64_t		 t;
	size_t			 idx;
	bool			 ok = true;
	long			 k;

	if (!cJSON_IsObject(o))
		return journal_bad(p, "not a JSON object");
	it = cJSON_GetObjectItemCaseSensitive(o, "seq");
	if (!cJSON_IsNumber(it) || it->valuedouble != (double)p->rec)
		return journal_bad(p, "out of sequence");
	kind = journal_str(o, "kind", &ok);
	if (kind == NULL)
		return journal_bad(p, "no kind");
	if ((p->rec == 0) != (strcmp(kind, "visit-start") == 0))
		return journal_bad(p, p->rec == 0 ? "journal does not start "
		    "with visit-start" : "a second visit-start");
	if (strcmp(kind, "visit-start") == 0) {
		s = journal_str(o, "format", &ok);
		if (s == NULL || strcmp(s, JOURNAL_FORMAT) != 0)
			return journal_bad(p, "not a " JOURNAL_FORMAT
			    " journal");
		s = journal_str(o, "id", &ok);
		if (s == NULL || visit_set_id(p->v, s, p->eb) != LS_OK)
			return journal_bad(p, "bad visit id");
		if (!journal_u64(o, "started", &t))
			return journal_bad(p, "bad start time");
		p->v->started_us = t;
		return journal_apply_intake(p, o);
	}
	if (strcmp(kind, "intake") == 0)
		return journal_apply_intake(p, o);
	if (strcmp(kind, "authorization") == 0) {
		it = cJSON_GetObjectItemCaseSensitive(o, "ownership_verified");
		s = journal_str(o, "method", &ok);
		if (!cJSON_IsBool(it) || !ok)
			return journal_bad(p, "bad authorization");
		visit_set_authorization(p->v, cJSON_IsTrue(it), s);
		return LS_OK;
	}
	if (strcmp(kind, "device") == 0)
		return journal_apply_device(p, o);
	if (strcmp(kind, "reading") == 0) {
		s = journal_str(o, "device", &ok);
		name = journal_str(o, "name", &ok);
		if (!ok || s == NULL || name == NULL ||
		    (k = visit_device_find(p->v, s)) < 0)
			return journal_bad(p, "reading for an unknown device");
		s = journal_str(o, "when", &ok);
		if (s == NULL || (strcmp(s, "before") != 0 &&
		    strcmp(s, "after") != 0))
			return journal_bad(p, "bad reading time (before or "
			    "after)");
		if (!reading_from_json(cJSON_GetObjectItemCaseSensitive(o,
		    "reading"), &r) || !journal_count_ok(p, name, &r) ||
		    visit_device_reading(p->v, (size_t)k,
		    s[0] == 'b' ? VISIT_BEFORE : VISIT_AFTER, name, &r,
		    p->eb) != LS_OK)
			return journal_bad(p, "bad reading");
		return LS_OK;
	}
	if (strcmp(kind, "plan") == 0) {
		it = cJSON_GetObjectItemCaseSensitive(o, "steps");
		if (!cJSON_IsArray(it))
			return journal_bad(p, "plan without steps");
		cJSON_ArrayForEach(o, it) {
			if (!cJSON_IsObject(o) ||
			    journal_step_ref(p, o, &idx) != LS_OK)
				return journal_bad(p, "bad planned step");
		}
		return LS_OK;
	}
	if (strcmp(kind, "step-start") == 0 ||
	    strcmp(kind, "step-finish") == 0)
		return journal_apply_step(p,
		    cJSON_GetObjectItemCaseSensitive(o, "step"));
	if (strcmp(kind, "evidence") == 0) {
		s = journal_str(o, "step", &ok);
		name = journal_str(o, "name", &ok);
		if (!ok || s == NULL || name == NULL ||
		    (k = visit_step_find(p->v, s)) < 0)
			return journal_bad(p, "evidence for an unknown step");
		if (!reading_from_json(cJSON_GetObjectItemCaseSensitive(o,
		    "reading"), &r) || !journal_count_ok(p, name, &r) ||
		    visit_step_evidence(p->v, (size_t)k,
		    name, &r, p->eb) != LS_OK)
			return journal_bad(p, "bad evidence");
		return LS_OK;
	}
	if (strcmp(kind, "resume") == 0) {
		p->v->resumes++;
		return LS_OK;
	}
	if (strcmp(kind, "reopen") == 0) {
		/* A finished visit continued on purpose: open again. */
		if (journal_str(o, "reason", &ok) == NULL || !ok)
			return journal_bad(p, "a reopen needs its reason");
		p->v->outcome = VO_NONE;
		p->v->outcome_text[0] = '\0';
		return LS_OK;
	}
	if (strcmp(kind, "remedy") == 0)
		return journal_apply_remedy(p, o);
	if (strcmp(kind, "triage") == 0)
		return journal_apply_triage(p, o);
	if (strcmp(kind, "signal") == 0)
		return journal_apply_signal(p, o);
	if (strcmp(kind, "outcome") == 0) {
		s = journal_str(o, "outcome", &ok);
		name = journal_str(o, "text", &ok);
		if (!ok || s == NULL || !visit_outcome_parse(s, &oc) ||
		    !journal_u64(o, "finished", &t))
			return journal_bad(p, "bad outcome");
		visit_set_outcome(p->v, oc, name, t);
		return LS_OK;
	}
	return journal_bad(p, "unknown kind");
}

/*
 * Check one framed line [p, p + n) (newline excluded).  Returns the JSON
 * start or NULL when the framing or digest is wrong.
 */
static const char *
journal_frame_ok(const char *p, size_t n, size_t *jlen)
{
	uint8_t		want[crypto_hash_sha256_BYTES];
	uint8_t		got[crypto_hash_sha256_BYTES];
	char		lenhex[9], hexd[65];
	long		l;
	size_t		i;

	if (n < JOURNAL_PREFIX + 2 || p[8] != ' ' || p[8 + 1 + 64] != ' ')
		return NULL;
	for (i = 0; i < 8; i++)
		if (!((p[i] >= '0' && p[i] <= '9') ||
		    (p[i] >= 'a' && p[i] <= 'f')))
			return NULL;
	memcpy(lenhex, p, 8);
	lenhex[8] = '\0';
	l = strtol(lenhex, NULL, 16);
	if (l < 2 || l > JOURNAL_RECORD_MAX ||
	    (size_t)l != n - JOURNAL_PREFIX)
		return NULL;
	memcpy(hexd, p + 9, 64);
	hexd[64] = '\0';
	if (hex_decode(hexd, want, sizeof want) != (long)sizeof want)
		return NULL;
	crypto_hash_sha256(got, (const uint8_t *)p + JOURNAL_PREFIX,
	    (size_t)l);
	if (sodium_memcmp(got, want, sizeof got) != 0)
		return NULL;
	*jlen = (size_t)l;
	return p + JOURNAL_PREFIX;
}

/*
 * Could [p, p + n) be the start of a record cut short, or blocks the file
 * system allocated but never wrote?  Anything else at the end of a file
 * is not an interrupted write, and is never truncated away.
 */
static bool
journal_torn_shape(const char *p, size_t n)
{
	size_t	i;

	for (i = 0; i < n && p[i] == '\0'; i++)
		;
	if (i == n)
		return true;
	for (i = 0; i < n && i < JOURNAL_PREFIX; i++) {
		if (i == 8 || i == JOURNAL_PREFIX - 1) {
			if (p[i] != ' ')
				return false;
		} else if (!((p[i] >= '0' && p[i] <= '9') ||
		    (p[i] >= 'a' && p[i] <= 'f')))
			return false;
	}
	return true;
}

/* One record's JSON through jc_parse; *o the tree (caller frees). */
static enum ls_err
journal_json(const char *js, size_t len, cJSON **o, struct ls_errbuf *eb)
{
	struct jc	c;

	ls_err_clear(eb);
	jc_init(&c, NULL, eb);
	if (jc_parse(&c, js, len, 0, o) != LS_OK)
		return c.code;
	if (jc_no_dups(&c, *o) != LS_OK) {
		cJSON_Delete(*o);
		*o = NULL;
		return c.code;
	}
	return LS_OK;
}

enum ls_err
journal_parse(const char *buf, size_t n, struct visit *v,
    struct journal_scan *scan, struct ls_errbuf *eb)
{
	struct journal_rp	 p;
	struct ls_errbuf	 jeb;
	const cJSON		*kind;
	const char		*nl, *js;
	size_t			 off = 0, len, jlen;
	cJSON			*o;
	enum ls_err		 e;

	memset(scan, 0, sizeof *scan);
	if (sodium_init() < 0)
		return ls_err_set(eb, LS_EINTERNAL, "cannot initialise "
		    "libsodium");
	p.v = v;
	p.eb = eb;
	for (p.rec = 0; off < n; p.rec++) {
		nl = memchr(buf + off, '\n', n - off);
		len = nl != NULL ? (size_t)(nl - (buf + off)) : n - off;
		/* Longer than any record lockscope writes: not a torn write
		   either, since a write is never longer than its record. */
		if (len > JOURNAL_PREFIX + JOURNAL_RECORD_MAX)
			return ls_err_set(eb, LS_EINPUT, "record %zu (byte "
			    "%zu): longer than the %d-byte record limit",
			    p.rec, off, JOURNAL_RECORD_MAX);
		js = nl != NULL ? journal_frame_ok(buf + off, len, &jlen) :
		    NULL;
		o = NULL;
		/* The one strict JSON reader (util/json_check.h), as for
		   answers and reports: a key twice, \u0000, bad UTF-8. */
		if (js != NULL && journal_json(js, jlen, &o, &jeb) != LS_OK)
			return ls_err_set(eb, LS_EINPUT, "record %zu (byte "
			    "%zu): %s", p.rec, off, jeb.msg);
		if (o == NULL) {
			if ((nl == NULL || (size_t)(nl - buf) + 1 == n) &&
			    journal_torn_shape(buf + off, n - off)) {
				/* An interrupted last write. */
				scan->torn = true;
				scan->torn_bytes = n - off;
				break;
			}
			if (nl == NULL || (size_t)(nl - buf) + 1 == n)
				return ls_err_set(eb, LS_EINPUT, "record %zu "
				    "(byte %zu): not a journal record", p.rec,
				    off);
			return ls_err_set(eb, LS_EINPUT, "record %zu (byte "
			    "%zu): damaged (bad length, digest or JSON) and "
			    "followed by more records", p.rec, off);
		}
		if (p.rec >= JOURNAL_MAX_RECORDS) {
			cJSON_Delete(o);
			return ls_err_set(eb, LS_EINPUT, "more than %d "
			    "records", JOURNAL_MAX_RECORDS);
		}
		e = journal_apply(&p, o);
		kind = cJSON_GetObjectItemCaseSensitive(o, "kind");
		if (e == LS_OK && cJSON_IsString(kind) &&
		    strcmp(kind->valuestring, "plan") == 0)
			scan->opened = true;
		cJSON_Delete(o);
		if (e != LS_OK) {
			ls_err_prefix(eb, "record %zu", p.rec);
			return e;
		}
		off += len + 1;
		scan->records = p.rec + 1;
		scan->good_len = off;
	}
	return LS_OK;
}

/* Cut the journal back to len bytes, durably. */
static enum ls_err
journal_cut(int fd, const char *path, size_t len, struct ls_errbuf *eb)
{
	if (ftruncate(fd, (off_t)len) != 0)
		return ls_err_set(eb, LS_EIO, "cannot truncate journal '%s': "
		    "%s", path, strerror(errno));
	return durable_sync(fd, true, path, eb);
}

/*
 * Replay buf into a scratch visit: does the journal get past its
 * opening records (visit-start ... plan)?  *scan as journal_parse.
 */
static enum ls_err
journal_opened(const char *path, const char *buf, size_t n,
    struct journal_scan *scan, size_t *ndevices, struct ls_errbuf *eb)
{
	struct visit	*tmp;
	enum ls_err	 e;

	if ((tmp = visit_new()) == NULL)
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	if ((e = journal_parse(buf, n, tmp, scan, eb)) != LS_OK)
		ls_err_prefix(eb, "journal '%s'", path);
	*ndevices = tmp->ndevices;
	visit_free(tmp);
	return e;
}

/* journal_resume, and journal_load when !restart: leave the file be. */
static enum ls_err
journal_open_replay(const char *path, struct visit *v, struct journal **out,
    char *warn, size_t warnlen, bool restart, struct ls_errbuf *eb)
{
	struct journal_scan	 scan;
	struct journal		*j;
	enum ls_err		 e;
	char			*buf = NULL;
	size_t			 n, ndev = 0;
	int			 fd;

	*out = NULL;
	if (warn != NULL && warnlen > 0)
		warn[0] = '\0';
	if ((fd = open(path, O_RDWR | O_CLOEXEC)) < 0) {
		e = ls_err_from_errno(errno);
		if (e != LS_EPERM)
			e = errno == ENOENT ? LS_EINPUT : LS_EIO;
		return ls_err_set(eb, e, "cannot open journal '%s': %s", path,
		    strerror(errno));
	}
	if ((e = journal_lock(fd, path, eb)) != LS_OK ||
	    (e = durable_read_fd(fd, path, JOURNAL_FILE_MAX, &buf, &n, eb)) !=
	    LS_OK)
		goto fail;
	if (restart &&
	    (e = journal_opened(path, buf, n, &scan, &ndev, eb)) != LS_OK)
		goto fail;
	/*
	 * Without its device the journal is an intake-only one (kept when
	 * the lock was not heard, or killed that early), which the session
	 * resumes; with a device but no plan it cannot go on.
	 */
	if (restart && scan.records > 0 && !scan.opened && ndev > 0) {
		/* Killed among its opening records: nothing was checked
		   yet, so the visit starts again from an empty journal. */
		if ((e = journal_cut(fd, path, 0, eb)) != LS_OK)
			goto fail;
		if (warn != NULL)
			snprintf(warn, warnlen, "journal '%s': the visit was "
			    "interrupted before it started (%zu of its opening "
			    "records written); starting it afresh", path,
			    scan.records);
		scan.records = 0;
		scan.good_len = 0;
		scan.torn = false;
	} else if ((e = journal_parse(buf, n, v, &scan, eb)) != LS_OK) {
		ls_err_prefix(eb, "journal '%s'", path);
		goto fail;
	}
	if (scan.torn) {
		if ((e = journal_cut(fd, path, scan.good_len, eb)) != LS_OK)
			goto fail;
		if (warn != NULL)
			snprintf(warn, warnlen, "journal '%s': record %zu was "
			    "interrupted while being written (%zu bytes); "
			    "dropped, %zu records kept%s", path, scan.records,
			    scan.torn_bytes, scan.records, scan.records == 0 ?
			    " (the visit had not started)" : "");
	}
	if (lseek(fd, (off_t)scan.good_len, SEEK_SET) < 0) {
		e = ls_err_set(eb, LS_EIO, "cannot seek journal '%s': %s",
		    path, strerror(errno));
		goto fail;
	}
	if ((j = journal_alloc(fd, path)) == NULL) {
		e = ls_err_set(eb, LS_ENOMEM, "out of memory");
		goto fail;
	}
	j->seq = scan.records;
	j->size = (off_t)scan.good_len;
	free(buf);
	*out = j;
	return LS_OK;
fail:
	free(buf);
	close(fd);
	return e;
}

enum ls_err
journal_resume(const char *path, struct visit *v, struct journal **out,
    char *warn, size_t warnlen, struct ls_errbuf *eb)
{
	return journal_open_replay(path, v, out, warn, warnlen, true, eb);
}

enum ls_err
journal_load(const char *path, struct visit *v, char *warn, size_t warnlen,
    struct ls_errbuf *eb)
{
	struct journal	*j;
	enum ls_err	 e;

	if ((e = journal_open_replay(path, v, &j, warn, warnlen, false,
	    eb)) != LS_OK)
		return e;
	journal_close(j);
	return LS_OK;
}

/* ---- appends --------------------------------------------------------- */

static cJSON *
journal_record(const struct journal *j, const char *kind, uint64_t at_us)
{
	cJSON	*o;

	if ((o = cJSON_CreateObject()) == NULL)
		return NULL;
	cJSON_AddNumberToObject(o, "seq", (double)j->seq);
	cJSON_AddStringToObject(o, "kind", kind);
	cJSON_AddNumberToObject(o, "at", (double)at_us);
	return o;
}

/* Frame, write, sync; consumes o. */
static enum ls_err
journal_put(struct journal *j, cJSON *o, struct ls_errbuf *eb)
{
	uint8_t		 h[crypto_hash_sha256_BYTES];
	char		 hx[65], *js, *line = NULL;
	size_t		 jl;
	enum ls_err	 e;

	if (j->broken) {
		cJSON_Delete(o);
		return ls_err_set(eb, LS_EIO, "journal '%s': an earlier write "
		    "failed; no more records accepted", j->path);
	}
	if (j->seq >= JOURNAL_MAX_RECORDS) {
		cJSON_Delete(o);
		return ls_err_set(eb, LS_ENOMEM, "journal '%s': more than %d "
		    "records", j->path, JOURNAL_MAX_RECORDS);
	}
	js = o != NULL ? cJSON_PrintUnformatted(o) : NULL;
	cJSON_Delete(o);
	if (js == NULL)
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	jl = strlen(js);
	if (jl > JOURNAL_RECORD_MAX) {
		free(js);
		return ls_err_set(eb, LS_ENOMEM, "journal record of %zu bytes "
		    "over the %d-byte cap", jl, JOURNAL_RECORD_MAX);
	}
	if ((line = malloc(JOURNAL_PREFIX + jl + 2)) == NULL) {
		free(js);
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	}
	crypto_hash_sha256(h, (const uint8_t *)js, jl);
	hex_encode(h, sizeof h, hx);
	snprintf(line, JOURNAL_PREFIX + 1, "%08zx %s ", jl, hx);
	memcpy(line + JOURNAL_PREFIX, js, jl);
	line[JOURNAL_PREFIX + jl] = '\n';
	free(js);
	e = durable_write_all(j->fd, line, JOURNAL_PREFIX + jl + 1,
	    j->path, eb);
	if (e == LS_OK)
		e = durable_sync(j->fd, true, j->path, eb);
	free(line);
	if (e != LS_OK) {
		/* Cut a partial record off so the file stays replayable. */
		if (ftruncate(j->fd, j->size) == 0)
			(void)lseek(j->fd, j->size, SEEK_SET);
		j->broken = true;
		return e;
	}
	j->size += (off_t)(JOURNAL_PREFIX + jl + 1);
	j->seq++;
	return LS_OK;
}

static void
journal_add_str(cJSON *o, const char *key, const char *s)
{
	if (s[0] != '\0')
		cJSON_AddStringToObject(o, key, s);
	else
		cJSON_AddNullToObject(o, key);
}

static void
journal_add_intake(cJSON *o, const struct visit *v)
{
	cJSON	*a;
	size_t	 i;
	unsigned bit;

	journal_add_str(o, "technician", v->technician);
	journal_add_str(o, "site", v->site);
	journal_add_str(o, "work_order", v->work_order);
	a = cJSON_AddArrayToObject(o, "symptoms");
	for (i = 0; a != NULL && i < v->nsymptoms; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(v->symptoms[i]));
	a = cJSON_AddArrayToObject(o, "access");
	for (bit = 1; a != NULL && bit <= VISIT_ACCESS_ALL; bit <<= 1)
		if (v->access & bit)
			cJSON_AddItemToArray(a,
			    cJSON_CreateString(visit_access_name(bit)));
}

enum ls_err
journal_visit_start(struct journal *j, const struct visit *v,
    struct ls_errbuf *eb)
{
	cJSON	*o;

	if (j->seq != 0)
		return ls_err_set(eb, LS_EINTERNAL, "visit-start must be the "
		    "first record");
	if (v->id[0] == '\0')
		return ls_err_set(eb, LS_EINTERNAL, "visit has no id");
	if ((o = journal_record(j, "visit-start", v->started_us)) != NULL) {
		cJSON_AddStringToObject(o, "format", JOURNAL_FORMAT);
		cJSON_AddStringToObject(o, "id", v->id);
		cJSON_AddNumberToObject(o, "started", (double)v->started_us);
		journal_add_intake(o, v);
	}
	return journal_put(j, o, eb);
}

enum ls_err
journal_intake(struct journal *j, const struct visit *v, uint64_t at_us,
    struct ls_errbuf *eb)
{
	cJSON	*o;

	if ((o = journal_record(j, "intake", at_us)) != NULL)
		journal_add_intake(o, v);
	return journal_put(j, o, eb);
}

enum ls_err
journal_authorization(struct journal *j, const struct visit *v,
    uint64_t at_us, struct ls_errbuf *eb)
{
	cJSON	*o;

	if (!v->auth_set)
		return ls_err_set(eb, LS_EINTERNAL, "authorization not set");
	if ((o = journal_record(j, "authorization", at_us)) != NULL) {
		cJSON_AddBoolToObject(o, "ownership_verified",
		    v->ownership_verified);
		journal_add_str(o, "method", v->auth_method);
	}
	return journal_put(j, o, eb);
}

enum ls_err
journal_device(struct journal *j, const struct visit *v, size_t dev,
    uint64_t at_us, struct ls_errbuf *eb)
{
	const struct visit_device	*d;
	cJSON				*o;

	if (dev >= v->ndevices)
		return ls_err_set(eb, LS_EINTERNAL, "no device %zu", dev);
	d = &v->devices[dev];
	if ((o = journal_record(j, "device", at_us)) != NULL) {
		cJSON_AddStringToObject(o, "address", d->address);
		journal_add_str(o, "address_type", d->address_type);
		journal_add_str(o, "name", d->name);
		journal_add_str(o, "family", d->family);
		journal_add_str(o, "vendor", d->vendor);
		journal_add_str(o, "model", d->model);
		journal_add_str(o, "profile", d->profile);
	}
	return journal_put(j, o, eb);
}

enum ls_err
journal_reading(struct journal *j, const struct visit *v, size_t dev,
    enum visit_when when, const char *name, uint64_t at_us,
    struct ls_errbuf *eb)
{
	const struct reading	*r;
	cJSON			*o;

	if (dev >= v->ndevices)
		return ls_err_set(eb, LS_EINTERNAL, "no device %zu", dev);
	r = visit_rset_get(when == VISIT_BEFORE ? &v->devices[dev].before :
	    &v->devices[dev].after, name);
	if (r == NULL)
		return ls_err_set(eb, LS_EINTERNAL, "no reading '%s'", name);
	if ((o = journal_record(j, "reading", at_us)) != NULL) {
		cJSON_AddStringToObject(o, "device", v->devices[dev].address);
		cJSON_AddStringToObject(o, "when", when == VISIT_BEFORE ?
		    "before" : "after");
		cJSON_AddStringToObject(o, "name", name);
		cJSON_AddItemToObject(o, "reading", reading_json(r));
	}
	return journal_put(j, o, eb);
}

enum ls_err
journal_plan(struct journal *j, const struct visit *v, uint64_t at_us,
    struct ls_errbuf *eb)
{
	cJSON	*o, *a, *s;
	size_t	 i;

	if ((o = journal_record(j, "plan", at_us)) != NULL &&
	    (a = cJSON_AddArrayToObject(o, "steps")) != NULL)
		for (i = 0; i < v->nsteps; i++) {
			if ((s = cJSON_CreateObject()) == NULL)
				break;
			cJSON_AddStringToObject(s, "id", v->steps[i].id);
			cJSON_AddStringToObject(s, "phase", v->steps[i].phase);
			cJSON_AddStringToObject(s, "title", v->steps[i].title);
			cJSON_AddItemToArray(a, s);
		}
	return journal_put(j, o, eb);
}

static cJSON *
journal_step_json(const struct visit_step *s)
{
	cJSON	*o;

	if ((o = cJSON_CreateObject()) == NULL)
		return NULL;
	cJSON_AddStringToObject(o, "id", s->id);
	cJSON_AddStringToObject(o, "phase", s->phase);
	cJSON_AddStringToObject(o, "title", s->title);
	cJSON_AddStringToObject(o, "status", visit_status_name(s->status));
	cJSON_AddNumberToObject(o, "started", (double)s->started_us);
	cJSON_AddNumberToObject(o, "finished", (double)s->finished_us);
	cJSON_AddItemToObject(o, "evidence", visit_rset_json(&s->evidence));
	journal_add_str(o, "note", s->note);
	if (s->skip[0] != '\0')
		cJSON_AddStringToObject(o, "skip", s->skip);
	return o;
}

static enum ls_err
journal_step_rec(struct journal *j, const struct visit *v, size_t step,
    const char *kind, struct ls_errbuf *eb)
{
	const struct visit_step	*s;
	cJSON			*o;

	if (step >= v->nsteps)
		return ls_err_set(eb, LS_EINTERNAL, "no step %zu", step);
	s = &v->steps[step];
	if ((o = journal_record(j, kind, kind[5] == 's' ? s->started_us :
	    s->finished_us)) != NULL)
		cJSON_AddItemToObject(o, "step", journal_step_json(s));
	return journal_put(j, o, eb);
}

enum ls_err
journal_step_start(struct journal *j, const struct visit *v, size_t step,
    struct ls_errbuf *eb)
{
	return journal_step_rec(j, v, step, "step-start", eb);
}

enum ls_err
journal_step_finish(struct journal *j, const struct visit *v, size_t step,
    struct ls_errbuf *eb)
{
	return journal_step_rec(j, v, step, "step-finish", eb);
}

enum ls_err
journal_evidence(struct journal *j, const struct visit *v, size_t step,
    const char *name, uint64_t at_us, struct ls_errbuf *eb)
{
	const struct reading	*r;
	cJSON			*o;

	if (step >= v->nsteps)
		return ls_err_set(eb, LS_EINTERNAL, "no step %zu", step);
	if ((r = visit_rset_get(&v->steps[step].evidence, name)) == NULL)
		return ls_err_set(eb, LS_EINTERNAL, "no evidence '%s'", name);
	if ((o = journal_record(j, "evidence", at_us)) != NULL) {
		cJSON_AddStringToObject(o, "step", v->steps[step].id);
		cJSON_AddStringToObject(o, "name", name);
		cJSON_AddItemToObject(o, "reading", reading_json(r));
	}
	return journal_put(j, o, eb);
}

enum ls_err
journal_reopen(struct journal *j, struct visit *v, const char *reason,
    uint64_t at_us, struct ls_errbuf *eb)
{
	cJSON		*o;
	enum ls_err	 e;

	if ((o = journal_record(j, "reopen", at_us)) != NULL)
		cJSON_AddStringToObject(o, "reason", reason);
	if ((e = journal_put(j, o, eb)) == LS_OK) {
		v->outcome = VO_NONE;
		v->outcome_text[0] = '\0';
	}
	return e;
}

enum ls_err
journal_resumed(struct journal *j, struct visit *v, uint64_t at_us,
    struct ls_errbuf *eb)
{
	enum ls_err	e;

	if ((e = journal_put(j, journal_record(j, "resume", at_us), eb)) ==
	    LS_OK)
		v->resumes++;
	return e;
}

enum ls_err
journal_outcome(struct journal *j, const struct visit *v,
    struct ls_errbuf *eb)
{
	cJSON	*o;

	if (v->outcome == VO_NONE)
		return ls_err_set(eb, LS_EINTERNAL, "no outcome set");
	if ((o = journal_record(j, "outcome", v->finished_us)) != NULL) {
		cJSON_AddStringToObject(o, "outcome",
		    visit_outcome_name(v->outcome));
		journal_add_str(o, "text", v->outcome_text);
		cJSON_AddNumberToObject(o, "finished", (double)v->finished_us);
	}
	return journal_put(j, o, eb);
}

enum ls_err
journal_remedy(struct journal *j, const struct visit *v,
    struct ls_errbuf *eb)
{
	cJSON	*o;

	if (!v->remedy.set)
		return ls_err_set(eb, LS_EINTERNAL, "no remedy chosen");
	if ((o = journal_record(j, "remedy", v->remedy.at_us)) != NULL) {
		cJSON_AddStringToObject(o, "remedy", v->remedy.id);
		cJSON_AddStringToObject(o, "advised", v->remedy.advised);
		cJSON_AddStringToObject(o, "chosen_by", v->remedy.by);
		journal_add_str(o, "reason", v->remedy.reason);
	}
	return journal_put(j, o, eb);
}

enum ls_err
journal_triage(struct journal *j, const struct visit *v, uint64_t at_us,
    struct ls_errbuf *eb)
{
	cJSON	*o, *a, *x;
	size_t	 i;

	if ((o = journal_record(j, "triage", at_us)) != NULL &&
	    (a = cJSON_AddArrayToObject(o, "advice")) != NULL)
		for (i = 0; i < v->ntriage; i++) {
			if ((x = cJSON_CreateObject()) == NULL)
				break;
			cJSON_AddStringToObject(x, "id", v->triage[i].id);
			cJSON_AddStringToObject(x, "remedy",
			    v->triage[i].remedy);
			cJSON_AddStringToObject(x, "text", v->triage[i].text);
			cJSON_AddItemToArray(a, x);
		}
	return journal_put(j, o, eb);
}

enum ls_err
journal_signal(struct journal *j, uint32_t base_ms,
    const struct visit_sample *s, size_t n, uint64_t at_us,
    struct ls_errbuf *eb)
{
	cJSON	*o, *a, *x;
	size_t	 i;

	if (n > JOURNAL_SIGNAL_MAX)
		return ls_err_set(eb, LS_EINTERNAL, "too many signal samples");
	if ((o = journal_record(j, "signal", at_us)) != NULL) {
		cJSON_AddNumberToObject(o, "interval_ms", (double)base_ms);
		if ((a = cJSON_AddArrayToObject(o, "samples")) == NULL) {
			cJSON_Delete(o);
			return ls_err_set(eb, LS_ENOMEM, "out of memory");
		}
		for (i = 0; i < n; i++) {
			if ((x = cJSON_CreateArray()) == NULL) {
				cJSON_Delete(o);
				return ls_err_set(eb, LS_ENOMEM,
				    "out of memory");
			}
			cJSON_AddItemToArray(x,
			    cJSON_CreateNumber((double)s[i].at_us));
			cJSON_AddItemToArray(x,
			    cJSON_CreateNumber((double)s[i].heard));
			cJSON_AddItemToArray(x,
			    cJSON_CreateNumber((double)s[i].sum));
			cJSON_AddItemToArray(a, x);
		}
	}
	return journal_put(j, o, eb);
}
