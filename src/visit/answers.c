/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * answers.c - batch answers (lockscope-visit(1)): strict parse on
 * util/json_check (key tables, path-qualified and positioned errors) and
 * the "counts, never values" guard on free text.  Error messages never
 * echo a text field's value: it may hold the code the guard refuses.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "util/durable.h"
#include "util/json_check.h"
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
	struct jc	 c;
};

#define ANS_FAIL(ctx, at, ...)		jc_fail(&(ctx)->c, (at), __VA_ARGS__)

/* The keys of each object (lockscope-visit(1), answers.h). */
static const struct jc_key ans_top_keys[] = {
	{ "technician", JC_STRING, true },
	{ "site", JC_STRING, false },
	{ "work_order", JC_STRING, false },
	{ "symptoms", JC_ARRAY, false },
	{ "access", JC_ARRAY, false },
	{ "ownership", JC_OBJECT, false },
	{ "remedy", JC_STRING, false },
	{ "remedy_reason", JC_STRING, false },
	{ "battery_replaced", JC_BOOL, false },
	{ "steps", JC_OBJECT, false },
	{ NULL, 0, false }
};

static const struct jc_key ans_ownership_keys[] = {
	{ "verified", JC_BOOL, false },
	{ "method", JC_STRING, false },
	{ NULL, 0, false }
};

static const struct jc_key ans_step_keys[] = {
	{ "result", JC_STRING, false },
	{ "note", JC_STRING, false },
	{ "codes_active", JC_NUMBER, false },
	{ "codes_admin", JC_NUMBER, false },
	{ "codes_user", JC_NUMBER, false },
	{ "codes_temporary", JC_NUMBER, false },
	{ "temporary_removed", JC_BOOL, false },
	{ "battery_replaced", JC_BOOL, false },
	{ NULL, 0, false }
};

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

static bool
ans_has_digit_run(const char *s)
{
	return text_may_be_code(s);
}

/* Edit distance (Levenshtein) of two short ids, capped at 99. */
static size_t
ans_distance(const char *a, const char *b)
{
	size_t	la = strlen(a), lb = strlen(b), i, j, d[ANS_ID_MAX + 1];
	size_t	prev, cur;

	if (la > ANS_ID_MAX || lb > ANS_ID_MAX)
		return 99;
	for (j = 0; j <= lb; j++)
		d[j] = j;
	for (i = 1; i <= la; i++) {
		prev = d[0];
		d[0] = i;
		for (j = 1; j <= lb; j++) {
			cur = d[j];
			d[j] = a[i - 1] == b[j - 1] ? prev : 1 + (prev <
			    d[j] ? (prev < d[j - 1] ? prev : d[j - 1]) :
			    (d[j] < d[j - 1] ? d[j] : d[j - 1]));
			prev = cur;
		}
	}
	return d[lb];
}

/* Unknown keys of o, refused naming the nearest known one. */
static enum ls_err
ans_keys(struct ans_ctx *c, const cJSON *o, const struct jc_key *keys)
{
	const cJSON		*m;
	const struct jc_key	*k, *best;
	char			 q[JC_QUOTE_MAX];
	size_t			 d, bd;

	if (!cJSON_IsObject(o))
		return jc_object(&c->c, o, keys);
	cJSON_ArrayForEach(m, o) {
		if (m->string == NULL)
			continue;
		best = NULL;
		bd = 99;
		for (k = keys; k->name != NULL; k++) {
			if (strcmp(k->name, m->string) == 0)
				break;
			if ((d = ans_distance(k->name, m->string)) < bd) {
				bd = d;
				best = k;
			}
		}
		if (k->name != NULL)
			continue;
		if (best != NULL && bd <= 3)
			return jc_fail_name(&c->c, m, "unknown key '%s'; did "
			    "you mean '%s'?", jc_quote(m->string, q,
			    sizeof q), best->name);
	}
	return jc_object(&c->c, o, keys);
}

/*
 * A text field (a string, as the key table says): at most cap - 1 bytes,
 * kept sanitised; digit runs refused unless digits_ok.
 */
static enum ls_err
ans_text(struct ans_ctx *c, const cJSON *o, const char *key, char *out,
    size_t cap, bool digits_ok)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, key);
	size_t		 n;

	out[0] = '\0';
	if (v == NULL)
		return LS_OK;
	if ((n = strlen(v->valuestring)) >= cap)
		return ANS_FAIL(c, v, "too long (%zu bytes, at most %zu)", n,
		    cap - 1);
	if (!digits_ok && ans_has_digit_run(v->valuestring))
		return ANS_FAIL(c, v, "holds %d or more digits in a row, which "
		    "may be a code; write counts, never codes", ANS_DIGIT_RUN);
	text_sanitize((const uint8_t *)v->valuestring, n, out, cap);
	return LS_OK;
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
	char		 q[JC_QUOTE_MAX];
	uint32_t	 b;
	enum ls_err	 e;

	*out = 0;
	if (given != NULL)
		*given = v != NULL;
	if (v == NULL)
		return LS_OK;
	cJSON_ArrayForEach(it, v) {
		if ((e = jc_type(&c->c, it, JC_STRING)) != LS_OK)
			return e;
		if ((b = bit(it->valuestring)) == 0)
			return ANS_FAIL(c, it, "unknown name '%s'",
			    jc_quote(it->valuestring, q, sizeof q));
		*out |= b;
	}
	return LS_OK;
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

	if (v == NULL)
		return LS_OK;
	if (v->valuedouble != (double)(int)v->valuedouble ||
	    v->valuedouble < 0 || v->valuedouble > ANS_COUNT_MAX)
		return ANS_FAIL(c, v, "must be a count, a whole number 0..%d "
		    "(a number of codes, never a code)", ANS_COUNT_MAX);
	*out = (int)v->valuedouble;
	*has |= bit;
	return LS_OK;
}

static void
ans_flag(const cJSON *o, const char *key, bool *out, unsigned bit,
    unsigned *has)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (v == NULL)
		return;
	*out = cJSON_IsTrue(v);
	*has |= bit;
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
	const cJSON	*v;
	char		 q[JC_QUOTE_MAX];
	int		 k;
	enum ls_err	 e;

	if ((e = ans_keys(c, o, ans_step_keys)) != LS_OK)
		return e;
	if ((v = cJSON_GetObjectItemCaseSensitive(o, "result")) != NULL) {
		k = ans_lookup(ans_result_names + 1, ANS_RES_SKIP,
		    v->valuestring);
		if (k < 0)
			return ANS_FAIL(c, v, "'%s' is not one of done, pass, "
			    "fail, skip", jc_quote(v->valuestring, q,
			    sizeof q));
		st->result = (enum ans_result)(k + 1);
	}
	if ((e = ans_text(c, o, "note", st->note, sizeof st->note,
	    false)) != LS_OK ||
	    (e = ans_count(c, o, "codes_active", &st->codes_active,
	    ANS_HAS_CODES_ACTIVE, &st->has)) != LS_OK ||
	    (e = ans_count(c, o, "codes_admin", &st->codes_admin,
	    ANS_HAS_CODES_ADMIN, &st->has)) != LS_OK ||
	    (e = ans_count(c, o, "codes_user", &st->codes_user,
	    ANS_HAS_CODES_USER, &st->has)) != LS_OK ||
	    (e = ans_count(c, o, "codes_temporary", &st->codes_temporary,
	    ANS_HAS_CODES_TEMP, &st->has)) != LS_OK)
		return e;
	ans_flag(o, "temporary_removed", &st->temporary_removed,
	    ANS_HAS_TEMP_REMOVED, &st->has);
	ans_flag(o, "battery_replaced", &st->battery_replaced,
	    ANS_HAS_BATT_REPLACED, &st->has);
	if (st->result == ANS_RES_SKIP && st->note[0] == '\0')
		return ANS_FAIL(c, o, "a skip needs a \"note\" saying why");
	if (st->result == ANS_RES_SKIP && strcmp(st->id, "ownership") == 0)
		return ANS_FAIL(c, o, "ownership is never skipped: without it "
		    "the reset stays blocked");
	return LS_OK;
}

/* "steps": keyed by phase or step id, each once (jc_map). */
static enum ls_err
ans_steps(struct ans_ctx *c, const cJSON *o, struct answers *a)
{
	const cJSON	*it;
	struct ans_step	*st;
	char		 q[JC_QUOTE_MAX];
	enum ls_err	 e;

	if (o == NULL)
		return LS_OK;
	if ((e = jc_map(&c->c, o, ANS_MAX_STEPS)) != LS_OK)
		return e;
	cJSON_ArrayForEach(it, o) {
		if (!ans_id_ok(it->string))
			return jc_fail_name(&c->c, it, "'%s' is not a phase or "
			    "step id (a-z, 0-9, '-', '.')",
			    jc_quote(it->string, q, sizeof q));
		st = &a->steps[a->nsteps++];
		memset(st, 0, sizeof *st);
		snprintf(st->id, sizeof st->id, "%s", it->string);
		if ((e = ans_step(c, it, st)) != LS_OK)
			return e;
	}
	return LS_OK;
}

static enum ls_err
ans_ownership(struct ans_ctx *c, const cJSON *o, struct answers *a)
{
	enum ls_err	e;

	if (o == NULL)
		return LS_OK;		/* not verified */
	if ((e = ans_keys(c, o, ans_ownership_keys)) != LS_OK)
		return e;
	a->ownership_verified = cJSON_IsTrue(
	    cJSON_GetObjectItemCaseSensitive(o, "verified"));
	if ((e = ans_text(c, o, "method", a->ownership_method,
	    sizeof a->ownership_method, false)) != LS_OK)
		return e;
	if (!a->ownership_verified)
		return LS_OK;
	if (cJSON_GetObjectItemCaseSensitive(o, "method") == NULL)
		return ANS_FAIL(c, o, "missing key 'method' (with "
		    "\"verified\": true)");
	if (a->ownership_method[0] == '\0')
		return ANS_FAIL(c, cJSON_GetObjectItemCaseSensitive(o,
		    "method"), "must say how ownership was verified");
	return LS_OK;
}

/* "remedy", "remedy_reason", "battery_replaced" */
static enum ls_err
ans_remedy(struct ans_ctx *c, const cJSON *root, struct answers *a)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(root, "remedy");
	char		 q[JC_QUOTE_MAX];
	enum ls_err	 e;

	if (v != NULL) {
		if (!profile_remedy_from_name(v->valuestring, &a->remedy))
			return ANS_FAIL(c, v, "'%s' is not a remedy "
			    "(diagnose-only, battery, clock, credentials, "
			    "re-enroll, factory-reset)",
			    jc_quote(v->valuestring, q, sizeof q));
		a->remedy_given = true;
	}
	if ((e = ans_text(c, root, "remedy_reason", a->remedy_reason,
	    sizeof a->remedy_reason, false)) != LS_OK)
		return e;
	a->battery_replaced = cJSON_IsTrue(
	    cJSON_GetObjectItemCaseSensitive(root, "battery_replaced"));
	return LS_OK;
}

enum ls_err
answers_check_plan(const struct answers *a, const char *name,
    const char *const *ids, const char *const *phases, size_t n,
    struct ls_errbuf *eb)
{
	const struct ans_step	*st;
	const char		*best, *ph;
	size_t			 i, k, d, bd;
	int			 p;
	bool			 found;

	for (i = 0; i < a->nsteps; i++) {
		st = &a->steps[i];
		found = visit_phase_index(st->id) >= 0;
		ph = found ? st->id : NULL;
		best = NULL;
		bd = 99;
		for (k = 0; k < n && !found; k++) {
			if (strcmp(ids[k], st->id) == 0) {
				found = true;
				ph = phases[k];
			} else if ((d = ans_distance(ids[k], st->id)) < bd) {
				bd = d;
				best = ids[k];
			}
		}
		for (p = 0; !found && visit_phase_name(p) != NULL; p++)
			if ((d = ans_distance(visit_phase_name(p), st->id)) <
			    bd) {
				bd = d;
				best = visit_phase_name(p);
			}
		if (!found)
			return ls_err_set(eb, LS_EINPUT, "%s: steps.%s: no "
			    "such step or phase in this visit%s%s%s", name,
			    st->id, best != NULL ? "; did you mean '" : "",
			    best != NULL ? best : "", best != NULL ? "'?" :
			    "");
		if (st->result == ANS_RES_SKIP && ph != NULL &&
		    strcmp(ph, "ownership") == 0)
			return ls_err_set(eb, LS_EINPUT, "%s: steps.%s: "
			    "ownership is never skipped: without it the reset "
			    "stays blocked", name, st->id);
	}
	return LS_OK;
}

enum ls_err
answers_parse(const char *name, const char *text, size_t len,
    struct answers *a, struct ls_errbuf *eb)
{
	struct ans_ctx	 c;
	cJSON		*root;
	uint32_t	 access = 0;
	enum ls_err	 e;

	memset(a, 0, sizeof *a);
	jc_init(&c.c, name, eb);
	if (len > ANS_FILE_MAX)
		return ANS_FAIL(&c, NULL, "larger than %d bytes", ANS_FILE_MAX);
	if ((e = jc_parse(&c.c, text, len, 0, &root)) != LS_OK)
		return e;
	if ((e = ans_keys(&c, root, ans_top_keys)) != LS_OK ||
	    (e = ans_text(&c, root, "technician", a->technician,
	    sizeof a->technician, false)) != LS_OK ||
	    (e = ans_text(&c, root, "site", a->site, sizeof a->site,
	    true)) != LS_OK ||
	    (e = ans_text(&c, root, "work_order", a->work_order,
	    sizeof a->work_order, true)) != LS_OK ||
	    (e = ans_names(&c, root, "symptoms", answers_symptom_bit,
	    &a->symptoms, NULL)) != LS_OK ||
	    (e = ans_names(&c, root, "access", ans_access_bit, &access,
	    &a->access_given)) != LS_OK ||
	    (e = ans_ownership(&c, cJSON_GetObjectItemCaseSensitive(root,
	    "ownership"), a)) != LS_OK ||
	    (e = ans_steps(&c, cJSON_GetObjectItemCaseSensitive(root,
	    "steps"), a)) != LS_OK ||
	    (e = ans_remedy(&c, root, a)) != LS_OK)
		goto out;
	a->access = access;
	if (a->technician[0] == '\0')
		e = ANS_FAIL(&c, cJSON_GetObjectItemCaseSensitive(root,
		    "technician"), "must not be empty");
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

	if ((fd = durable_open_input(path, eb)) == -1)
		return eb != NULL ? eb->code : LS_EINPUT;
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
