/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * answers.c - batch answers (lockscope-visit(1)): strict parse, path-qualified
 * errors, and the "counts, never values" guard on free text.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "util/text.h"
#include "visit/answers.h"
#include "visit/visit.h"

static const char *const ans_result_names[] = {
	[ANS_RES_NONE] = "none",
	[ANS_RES_DONE] = "done",
	[ANS_RES_PASS] = "pass",
	[ANS_RES_FAIL] = "fail",
	[ANS_RES_SKIP] = "skip",
};

/* Where we are in the file, for messages. */
struct ans_ctx {
	const char		*name;
	struct ls_errbuf	*eb;
	char			 path[160];
};

static enum ls_err	ans_fail(struct ans_ctx *, const char *, ...)
			    __attribute__((format(printf, 2, 3)));

static enum ls_err
ans_fail(struct ans_ctx *c, const char *fmt, ...)
{
	char	msg[256];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (c->path[0] != '\0')
		return ls_err_set(c->eb, LS_EINPUT, "%s: %s: %s", c->name,
		    c->path, msg);
	return ls_err_set(c->eb, LS_EINPUT, "%s: %s", c->name, msg);
}

/* Set the path to "prefix.key" (or "key"); returns the old length. */
static size_t
ans_push(struct ans_ctx *c, const char *key)
{
	size_t	old = strlen(c->path);

	snprintf(c->path + old, sizeof c->path - old, "%s%s",
	    old > 0 ? "." : "", key);
	return old;
}

static void
ans_pop(struct ans_ctx *c, size_t old)
{
	c->path[old] = '\0';
}

/* Index of s in names[0..n), or -1. */
static int
ans_lookup(const char *const *names, size_t n, const char *s)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

/* True when s is in the NULL-terminated list. */
static bool
ans_listed(const char *const *list, const char *s)
{
	for (; *list != NULL; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

/* Refuse keys of o that are not in the NULL-terminated list. */
static enum ls_err
ans_keys(struct ans_ctx *c, const cJSON *o, const char *const *keys)
{
	const cJSON	*k;
	char		 q[64];

	cJSON_ArrayForEach(k, o) {
		if (ans_listed(keys, k->string))
			continue;
		text_sanitize((const uint8_t *)k->string, strlen(k->string),
		    q, sizeof q);
		return ans_fail(c, "unknown key '%s'", q);
	}
	return LS_OK;
}

static bool
ans_has_digit_run(const char *s)
{
	int	run = 0;

	for (; *s != '\0'; s++) {
		run = (*s >= '0' && *s <= '9') ? run + 1 : 0;
		if (run >= ANS_DIGIT_RUN)
			return true;
	}
	return false;
}

/*
 * A text field: a string of at most cap - 1 bytes, printable once
 * sanitised; digits runs refused unless digits_ok.
 */
static enum ls_err
ans_text(struct ans_ctx *c, const cJSON *o, const char *key, char *out,
    size_t cap, bool required, bool digits_ok)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, key);
	size_t		 old, n;
	enum ls_err	 e = LS_OK;

	out[0] = '\0';
	if (v == NULL) {
		if (required)
			return ans_fail(c, "missing '%s'", key);
		return LS_OK;
	}
	old = ans_push(c, key);
	if (!cJSON_IsString(v))
		e = ans_fail(c, "must be a string");
	else if ((n = strlen(v->valuestring)) >= cap)
		e = ans_fail(c, "too long (%zu bytes, at most %zu)", n,
		    cap - 1);
	else if (!digits_ok && ans_has_digit_run(v->valuestring))
		e = ans_fail(c, "holds %d or more digits in a row, which may "
		    "be a code; write counts, never codes", ANS_DIGIT_RUN);
	else
		text_sanitize((const uint8_t *)v->valuestring, n, out, cap);
	ans_pop(c, old);
	return e;
}

enum ls_err
answers_text_check(const char *field, const char *text, size_t cap,
    bool digits_ok, struct ls_errbuf *eb)
{
	size_t	n = strlen(text);

	if (n >= cap)
		return ls_err_set(eb, LS_EINPUT, "%s: too long (%zu bytes, at "
		    "most %zu)", field, n, cap - 1);
	if (!digits_ok && ans_has_digit_run(text))
		return ls_err_set(eb, LS_EINPUT, "%s: holds %d or more digits "
		    "in a row, which may be a code; write counts, never codes",
		    field, ANS_DIGIT_RUN);
	return LS_OK;
}

/* An array of names into a bit set; bit() gives 0 for unknown names. */
static enum ls_err
ans_names(struct ans_ctx *c, const cJSON *o, const char *key,
    uint32_t (*bit)(const char *), uint32_t *out, bool *given)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, key);
	const cJSON	*it;
	size_t		 old, i = 0;
	char		 q[64], seg[16];
	uint32_t	 b;
	enum ls_err	 e = LS_OK;

	*out = 0;
	if (given != NULL)
		*given = v != NULL;
	if (v == NULL)
		return LS_OK;
	old = ans_push(c, key);
	if (!cJSON_IsArray(v)) {
		e = ans_fail(c, "must be an array of names");
		goto out;
	}
	cJSON_ArrayForEach(it, v) {
		snprintf(seg, sizeof seg, "[%zu]", i++);
		strncat(c->path, seg, sizeof c->path - strlen(c->path) - 1);
		if (!cJSON_IsString(it)) {
			e = ans_fail(c, "must be a string");
			goto out;
		}
		if ((b = bit(it->valuestring)) == 0) {
			text_sanitize((const uint8_t *)it->valuestring,
			    strlen(it->valuestring), q, sizeof q);
			e = ans_fail(c, "unknown name '%s'", q);
			goto out;
		}
		*out |= b;
		c->path[strlen(c->path) - strlen(seg)] = '\0';
	}
out:
	ans_pop(c, old);
	return e;
}

static uint32_t
ans_access_bit(const char *name)
{
	return visit_access_bit(name);
}

static enum ls_err
ans_count(struct ans_ctx *c, const cJSON *o, const char *key, int *out,
    unsigned bit, unsigned *has)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, key);
	size_t		 old;
	enum ls_err	 e = LS_OK;

	if (v == NULL)
		return LS_OK;
	old = ans_push(c, key);
	if (!cJSON_IsNumber(v) || v->valuedouble != (double)(int)v->valuedouble
	    || v->valuedouble < 0 || v->valuedouble > ANS_COUNT_MAX)
		e = ans_fail(c, "must be a count, a whole number 0..%d (a "
		    "number of codes, never a code)", ANS_COUNT_MAX);
	else {
		*out = (int)v->valuedouble;
		*has |= bit;
	}
	ans_pop(c, old);
	return e;
}

static enum ls_err
ans_flag(struct ans_ctx *c, const cJSON *o, const char *key, bool *out,
    unsigned bit, unsigned *has)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, key);
	size_t		 old;
	enum ls_err	 e = LS_OK;

	if (v == NULL)
		return LS_OK;
	old = ans_push(c, key);
	if (!cJSON_IsBool(v))
		e = ans_fail(c, "must be true or false");
	else {
		*out = cJSON_IsTrue(v);
		*has |= bit;
	}
	ans_pop(c, old);
	return e;
}

static bool
ans_id_ok(const char *s)
{
	size_t	n = strlen(s), i;

	if (n == 0 || n >= ANS_ID_MAX)
		return false;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' &&
		    s[i] <= '9') || s[i] == '-' || s[i] == '.'))
			return false;
	return true;
}

static enum ls_err
ans_step(struct ans_ctx *c, const cJSON *o, struct ans_step *st)
{
	static const char *const keys[] = { "result", "note",
	    "codes_active", "codes_admin", "codes_user", "codes_temporary",
	    "temporary_removed", "battery_replaced", NULL };
	const cJSON	*v;
	size_t		 old;
	char		 q[64];
	int		 k;
	enum ls_err	 e;

	if (!cJSON_IsObject(o))
		return ans_fail(c, "must be an object");
	if ((e = ans_keys(c, o, keys)) != LS_OK)
		return e;
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "result")) != NULL) {
		old = ans_push(c, "result");
		k = cJSON_IsString(v) ? ans_lookup(ans_result_names + 1,
		    ANS_RES_SKIP, v->valuestring) : -1;
		if (k < 0) {
			q[0] = '\0';
			if (cJSON_IsString(v))
				text_sanitize((const uint8_t *)v->valuestring,
				    strlen(v->valuestring), q, sizeof q);
			e = ans_fail(c, "'%s' is not one of done, pass, fail, "
			    "skip", q);
			ans_pop(c, old);
			return e;
		}
		st->result = (enum ans_result)(k + 1);
		ans_pop(c, old);
	}
	if ((e = ans_text(c, o, "note", st->note, sizeof st->note, false,
	    false)) != LS_OK ||
	    (e = ans_count(c, o, "codes_active", &st->codes_active,
	    ANS_HAS_CODES_ACTIVE, &st->has)) != LS_OK ||
	    (e = ans_count(c, o, "codes_admin", &st->codes_admin,
	    ANS_HAS_CODES_ADMIN, &st->has)) != LS_OK ||
	    (e = ans_count(c, o, "codes_user", &st->codes_user,
	    ANS_HAS_CODES_USER, &st->has)) != LS_OK ||
	    (e = ans_count(c, o, "codes_temporary", &st->codes_temporary,
	    ANS_HAS_CODES_TEMP, &st->has)) != LS_OK ||
	    (e = ans_flag(c, o, "temporary_removed", &st->temporary_removed,
	    ANS_HAS_TEMP_REMOVED, &st->has)) != LS_OK ||
	    (e = ans_flag(c, o, "battery_replaced", &st->battery_replaced,
	    ANS_HAS_BATT_REPLACED, &st->has)) != LS_OK)
		return e;
	return LS_OK;
}

static enum ls_err
ans_steps(struct ans_ctx *c, const cJSON *o, struct answers *a)
{
	const cJSON	*it;
	size_t		 old, i;
	char		 q[64];
	enum ls_err	 e;

	if (o == NULL)
		return LS_OK;
	old = ans_push(c, "steps");
	if (!cJSON_IsObject(o)) {
		e = ans_fail(c, "must be an object keyed by phase or step id");
		ans_pop(c, old);
		return e;
	}
	cJSON_ArrayForEach(it, o) {
		text_sanitize((const uint8_t *)it->string, strlen(it->string),
		    q, sizeof q);
		if (!ans_id_ok(it->string)) {
			e = ans_fail(c, "'%s' is not a phase or step id "
			    "(a-z, 0-9, '-', '.')", q);
			goto out;
		}
		for (i = 0; i < a->nsteps; i++)
			if (strcmp(a->steps[i].id, it->string) == 0)
				break;
		if (i < a->nsteps) {
			e = ans_fail(c, "'%s' answered twice", q);
			goto out;
		}
		if (a->nsteps == ANS_MAX_STEPS) {
			e = ans_fail(c, "more than %d step answers",
			    ANS_MAX_STEPS);
			goto out;
		}
		struct ans_step *st = &a->steps[a->nsteps++];
		size_t	 o2 = ans_push(c, it->string);

		memset(st, 0, sizeof *st);
		snprintf(st->id, sizeof st->id, "%s", it->string);
		e = ans_step(c, it, st);
		ans_pop(c, o2);
		if (e != LS_OK)
			goto out;
	}
	e = LS_OK;
out:
	ans_pop(c, old);
	return e;
}

static enum ls_err
ans_ownership(struct ans_ctx *c, const cJSON *o, struct answers *a)
{
	static const char *const keys[] = { "verified", "method", NULL };
	const cJSON	*v;
	size_t		 old;
	enum ls_err	 e;

	if (o == NULL)
		return LS_OK;		/* not verified */
	old = ans_push(c, "ownership");
	if (!cJSON_IsObject(o)) {
		e = ans_fail(c, "must be an object");
		goto out;
	}
	if ((e = ans_keys(c, o, keys)) != LS_OK)
		goto out;
	v = cJSON_GetObjectItemCaseSensitive(o, "verified");
	if (v != NULL && !cJSON_IsBool(v)) {
		ans_push(c, "verified");
		e = ans_fail(c, "must be true or false");
		goto out;
	}
	a->ownership_verified = cJSON_IsTrue(v);
	if ((e = ans_text(c, o, "method", a->ownership_method,
	    sizeof a->ownership_method, a->ownership_verified, false)) !=
	    LS_OK)
		goto out;
	if (a->ownership_verified && a->ownership_method[0] == '\0') {
		ans_push(c, "method");
		e = ans_fail(c, "must say how ownership was verified");
	}
out:
	ans_pop(c, old);
	return e;
}

enum ls_err
answers_parse(const char *name, const char *text, size_t len,
    struct answers *a, struct ls_errbuf *eb)
{
	static const char *const keys[] = { "technician", "site",
	    "work_order", "symptoms", "access", "ownership", "steps", NULL };
	struct ans_ctx	 c = { .name = name, .eb = eb };
	const char	*end = NULL;
	cJSON		*root;
	uint32_t	 access = 0;
	enum ls_err	 e;

	memset(a, 0, sizeof *a);
	if (len > ANS_FILE_MAX)
		return ans_fail(&c, "larger than %d bytes", ANS_FILE_MAX);
	root = cJSON_ParseWithLengthOpts(text, len, &end, false);
	if (root == NULL) {
		size_t	off = end != NULL && end >= text ?
		    (size_t)(end - text) : 0;

		return ans_fail(&c, "not valid JSON (near byte %zu)", off);
	}
	if (!cJSON_IsObject(root)) {
		e = ans_fail(&c, "must be a JSON object");
		goto out;
	}
	if ((e = ans_keys(&c, root, keys)) != LS_OK ||
	    (e = ans_text(&c, root, "technician", a->technician,
	    sizeof a->technician, true, false)) != LS_OK ||
	    (e = ans_text(&c, root, "site", a->site, sizeof a->site, false,
	    true)) != LS_OK ||
	    (e = ans_text(&c, root, "work_order", a->work_order,
	    sizeof a->work_order, false, true)) != LS_OK ||
	    (e = ans_names(&c, root, "symptoms", answers_symptom_bit,
	    &a->symptoms, NULL)) != LS_OK ||
	    (e = ans_names(&c, root, "access", ans_access_bit, &access,
	    &a->access_given)) != LS_OK ||
	    (e = ans_ownership(&c, cJSON_GetObjectItemCaseSensitive(root,
	    "ownership"), a)) != LS_OK ||
	    (e = ans_steps(&c, cJSON_GetObjectItemCaseSensitive(root,
	    "steps"), a)) != LS_OK)
		goto out;
	a->access = access;
	if (a->technician[0] == '\0') {
		ans_push(&c, "technician");
		e = ans_fail(&c, "must not be empty");
	}
out:
	cJSON_Delete(root);
	return e;
}

enum ls_err
answers_load(const char *path, struct answers *a, struct ls_errbuf *eb)
{
	struct stat	 sb;
	char		*buf;
	ssize_t		 r;
	size_t		 n = 0;
	int		 fd;
	enum ls_err	 e;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return ls_err_set(eb, ls_err_from_errno(errno) == LS_EPERM ?
		    LS_EPERM : LS_EINPUT, "%s: %s", path, strerror(errno));
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return ls_err_set(eb, LS_EINPUT, "%s: not a regular file",
		    path);
	}
	if (sb.st_size > ANS_FILE_MAX) {
		close(fd);
		return ls_err_set(eb, LS_EINPUT, "%s: larger than %d bytes",
		    path, ANS_FILE_MAX);
	}
	if ((buf = malloc(ANS_FILE_MAX + 1)) == NULL) {
		close(fd);
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	}
	while (n <= ANS_FILE_MAX &&
	    (r = read(fd, buf + n, ANS_FILE_MAX + 1 - n)) != 0) {
		if (r == -1) {
			if (errno == EINTR)
				continue;
			e = ls_err_set(eb, LS_EIO, "%s: %s", path,
			    strerror(errno));
			goto out;
		}
		n += (size_t)r;
	}
	e = answers_parse(path, buf, n, a, eb);
out:
	free(buf);
	close(fd);
	return e;
}

struct ans_step *
answers_step(struct answers *a, const char *id)
{
	size_t	i;

	for (i = 0; i < a->nsteps; i++)
		if (strcmp(a->steps[i].id, id) == 0)
			return &a->steps[i];
	return NULL;
}

uint32_t
answers_symptom_bit(const char *id)
{
	const char	*n;
	size_t		 i;

	for (i = 0; i < 32 && (n = visit_symptom_name(i)) != NULL; i++)
		if (strcmp(n, id) == 0)
			return UINT32_C(1) << i;
	return 0;
}

const char *
answers_result_name(enum ans_result r)
{
	return (unsigned)r <= ANS_RES_SKIP ? ans_result_names[r] : NULL;
}
