/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report.c - the JSON audit report: build from a visit, canonicalise,
 * digest and sign (libsodium), write atomically, verify.
 *
 * The canonical form (RFC 8785) and the strict RFC 8259 grammar check
 * that verification starts with are util/json_canon.c; the integrity
 * section is checked with util/json_check.c, so its errors read like
 * those of every other JSON file the tool reads.  Not done here: any
 * JSON serialisation of its own, reading the report's body for meaning
 * (cmd_report shows it).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "util/battery.h"
#include "util/durable.h"
#include "util/hex.h"
#include "util/json_canon.h"
#include "util/json_check.h"
#include "visit/report.h"

/* The Makefile defines it; builds that do not (fuzzing) say so. */
#ifndef LS_VERSION
#define LS_VERSION	"unknown"
#endif

/* ---- canonical form (util/json_canon.c) ------------------------------- */

bool
report_number(double d, char *out, size_t cap)
{
	return jcs_number(d, out, cap);
}

enum ls_err
report_canonical(const cJSON *o, bool skip_integrity, char **out,
    size_t *len, struct ls_errbuf *eb)
{
	struct ls_errbuf	mine;
	enum ls_err		e;

	ls_err_clear(&mine);
	e = jcs_canonical(o, skip_integrity ? "integrity" : NULL,
	    2 * (size_t)REPORT_FILE_MAX, out, len, &mine);
	if (e == LS_ENOMEM)
		return ls_err_set(eb, LS_ENOMEM, "report larger than %d bytes "
		    "or out of memory", REPORT_FILE_MAX);
	ls_err_copy(eb, &mine);
	return e;
}

/* ---- building -------------------------------------------------------- */

static void
report_add_str(cJSON *o, const char *k, const char *s)
{
	if (s != NULL && s[0] != '\0')
		cJSON_AddStringToObject(o, k, s);
	else
		cJSON_AddNullToObject(o, k);
}

static void
report_add_time(cJSON *o, const char *k, uint64_t us)
{
	char	ts[32];

	if (us == 0) {
		cJSON_AddNullToObject(o, k);
		return;
	}
	reading_time_iso(us, ts, sizeof ts);
	cJSON_AddStringToObject(o, k, ts);
}

/* The battery object every output shares (util/battery.h). */
static cJSON *
report_battery(const struct visit_rset *set, const struct visit_rset *or)
{
	struct battery	b;

	battery_init(&b);
	battery_from_readings(&b, visit_rset_get(set, "battery_percent"),
	    visit_rset_get(set, "battery_volts"), false);
	if (or != NULL && !battery_known(&b))
		battery_from_readings(&b, visit_rset_get(or,
		    "battery_percent"), visit_rset_get(or, "battery_volts"),
		    false);
	return battery_json(&b);
}

const char *
report_status(enum visit_status s)
{
	switch (s) {
	case VS_PASSED:
		return "passed";
	case VS_FAILED:
	case VS_RUNNING:
		return "failed";
	default:
		return "skipped";
	}
}

/* New cells were fitted during the visit (a step's evidence says so). */
static bool
report_cells_replaced(const struct visit *v)
{
	const struct reading	*r;
	size_t			 i;

	for (i = 0; i < v->nsteps; i++)
		if ((r = visit_rset_get(&v->steps[i].evidence,
		    "battery_replaced")) != NULL && r->kind == RD_BOOL &&
		    r->b)
			return true;
	return false;
}

/* "triage" (the advice at the baseline, whole) and "remedy". */
static enum ls_err
report_remedy(cJSON *r, const struct visit *v)
{
	cJSON	*a, *x, *o;
	size_t	 i;

	if ((a = cJSON_AddArrayToObject(r, "triage")) == NULL)
		return LS_ENOMEM;
	for (i = 0; i < v->ntriage; i++) {
		if ((x = cJSON_CreateObject()) == NULL ||
		    !cJSON_AddItemToArray(a, x))
			return LS_ENOMEM;
		cJSON_AddStringToObject(x, "id", v->triage[i].id);
		cJSON_AddStringToObject(x, "remedy", v->triage[i].remedy);
		cJSON_AddStringToObject(x, "text", v->triage[i].text);
	}
	if (!v->remedy.set) {
		cJSON_AddNullToObject(r, "remedy");
		return LS_OK;
	}
	if ((o = cJSON_AddObjectToObject(r, "remedy")) == NULL)
		return LS_ENOMEM;
	cJSON_AddStringToObject(o, "id", v->remedy.id);
	cJSON_AddStringToObject(o, "advised", v->remedy.advised);
	cJSON_AddStringToObject(o, "chosen_by", v->remedy.by);
	report_add_str(o, "reason", v->remedy.reason);
	report_add_time(o, "chosen", v->remedy.at_us);
	cJSON_AddBoolToObject(o, "battery_replaced",
	    report_cells_replaced(v));
	return LS_OK;
}

/*
 * "signal": the target lock's signal over the visit (visit.h), each
 * sample its window's start and mean RSSI, null for a window in which
 * nothing was heard.  Absent when no window closed.
 */
static enum ls_err
report_signal(cJSON *r, const struct visit *v)
{
	const struct visit_signal	*sig = &v->signal;
	cJSON				*o, *a, *x;
	size_t				 i;
	int				 dbm;

	if (sig->n == 0)
		return LS_OK;
	if ((o = cJSON_AddObjectToObject(r, "signal")) == NULL ||
	    cJSON_AddNumberToObject(o, "interval_s",
	    (double)sig->width_ms / 1000) == NULL ||
	    (a = cJSON_AddArrayToObject(o, "samples")) == NULL)
		return LS_ENOMEM;
	for (i = 0; i < sig->n; i++) {
		if ((x = cJSON_CreateObject()) == NULL)
			return LS_ENOMEM;
		cJSON_AddItemToArray(a, x);
		report_add_time(x, "at", sig->s[i].at_us);
		if (visit_signal_mean(sig, i, &dbm)) {
			if (cJSON_AddNumberToObject(x, "rssi", dbm) == NULL)
				return LS_ENOMEM;
		} else if (cJSON_AddNullToObject(x, "rssi") == NULL)
			return LS_ENOMEM;
		if (cJSON_GetObjectItemCaseSensitive(x, "at") == NULL)
			return LS_ENOMEM;
	}
	return LS_OK;
}

cJSON *
report_build(const struct visit *v, const uint8_t *signer_pk,
    struct ls_errbuf *eb)
{
	const struct visit_device	*d;
	const struct visit_step		*s;
	cJSON				*r, *o, *a, *x;
	char				 hx[2 * KEY_PUBLIC_BYTES + 1];
	char				 fpr[KEY_FPR_LEN];
	size_t				 i, cnt[VS_BLOCKED + 1];
	unsigned			 bit;

	if ((r = cJSON_CreateObject()) == NULL)
		goto oom;
	cJSON_AddStringToObject(r, "schema", REPORT_SCHEMA);
	o = cJSON_AddObjectToObject(r, "tool");
	cJSON_AddStringToObject(o, "name", "lockscope");
	cJSON_AddStringToObject(o, "version", LS_VERSION);

	o = cJSON_AddObjectToObject(r, "visit");
	report_add_str(o, "id", v->id);
	report_add_time(o, "started", v->started_us);
	report_add_time(o, "finished", v->finished_us);
	report_add_str(o, "technician", v->technician);
	report_add_str(o, "site", v->site);
	report_add_str(o, "work_order", v->work_order);
	a = cJSON_AddArrayToObject(o, "symptoms");
	for (i = 0; i < v->nsymptoms; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(v->symptoms[i]));
	a = cJSON_AddArrayToObject(o, "access_paths");
	for (bit = 1; bit <= VISIT_ACCESS_ALL; bit <<= 1)
		if (v->access & bit)
			cJSON_AddItemToArray(a,
			    cJSON_CreateString(visit_access_name(bit)));
	cJSON_AddNumberToObject(o, "resumed", v->resumes);

	o = cJSON_AddObjectToObject(r, "authorization");
	if (v->auth_set)
		cJSON_AddBoolToObject(o, "ownership_verified",
		    v->ownership_verified);
	else
		cJSON_AddNullToObject(o, "ownership_verified");
	report_add_str(o, "method", v->auth_method);

	if (signer_pk != NULL) {
		o = cJSON_AddObjectToObject(r, "signer");
		cJSON_AddStringToObject(o, "public_key",
		    hex_encode(signer_pk, KEY_PUBLIC_BYTES, hx));
		key_fingerprint(signer_pk, fpr);
		cJSON_AddStringToObject(o, "fingerprint", fpr);
	} else
		cJSON_AddNullToObject(r, "signer");

	a = cJSON_AddArrayToObject(r, "devices");
	for (i = 0; i < v->ndevices; i++) {
		d = &v->devices[i];
		if ((x = cJSON_CreateObject()) == NULL ||
		    !cJSON_AddItemToArray(a, x))
			goto oom;
		cJSON_AddStringToObject(x, "address", d->address);
		report_add_str(x, "address_type", d->address_type);
		report_add_str(x, "name", d->name);
		report_add_str(x, "family", d->family);
		report_add_str(x, "vendor", d->vendor);
		report_add_str(x, "model", d->model);
		report_add_str(x, "profile", d->profile);
		cJSON_AddItemToObject(x, "readings_before",
		    visit_rset_json(&d->before));
		cJSON_AddItemToObject(x, "readings_after",
		    visit_rset_json(&d->after));
		/* At the end (after, else before), and at the start. */
		cJSON_AddItemToObject(x, "battery",
		    report_battery(&d->after, &d->before));
		cJSON_AddItemToObject(x, "battery_before",
		    report_battery(&d->before, NULL));
	}

	memset(cnt, 0, sizeof cnt);
	a = cJSON_AddArrayToObject(r, "steps");
	for (i = 0; i < v->nsteps; i++) {
		s = &v->steps[i];
		cnt[s->status]++;
		if ((x = cJSON_CreateObject()) == NULL ||
		    !cJSON_AddItemToArray(a, x))
			goto oom;
		cJSON_AddStringToObject(x, "id", s->id);
		cJSON_AddStringToObject(x, "phase", s->phase);
		report_add_str(x, "title", s->title);
		cJSON_AddStringToObject(x, "status", report_status(s->status));
		cJSON_AddStringToObject(x, "state",
		    s->status == VS_RUNNING ? "interrupted" :
		    s->status == VS_PENDING ? "not-run" :
		    s->status == VS_SKIPPED && s->skip[0] != '\0' &&
		    strcmp(s->skip, "technician") != 0 ? s->skip :
		    visit_status_name(s->status));
		report_add_str(x, "skip_reason", s->status == VS_SKIPPED ?
		    s->skip : "");
		report_add_time(x, "started", s->started_us);
		report_add_time(x, "finished", s->finished_us);
		cJSON_AddItemToObject(x, "evidence",
		    visit_rset_json(&s->evidence));
		report_add_str(x, "note", s->note);
	}
	o = cJSON_AddObjectToObject(r, "summary");
	cJSON_AddNumberToObject(o, "steps", (double)v->nsteps);
	cJSON_AddNumberToObject(o, "passed", (double)cnt[VS_PASSED]);
	cJSON_AddNumberToObject(o, "failed",
	    (double)(cnt[VS_FAILED] + cnt[VS_RUNNING]));
	cJSON_AddNumberToObject(o, "skipped", (double)cnt[VS_SKIPPED]);
	cJSON_AddNumberToObject(o, "blocked", (double)cnt[VS_BLOCKED]);
	cJSON_AddNumberToObject(o, "not_run", (double)cnt[VS_PENDING]);

	if (report_remedy(r, v) != LS_OK || report_signal(r, v) != LS_OK)
		goto oom;

	o = cJSON_AddObjectToObject(r, "outcome");
	cJSON_AddStringToObject(o, "result", v->outcome == VO_NONE ?
	    "incomplete" : visit_outcome_name(v->outcome));
	report_add_str(o, "text", v->outcome_text);
	/* A failed allocation anywhere leaves a member out: refuse. */
	if (cJSON_GetObjectItemCaseSensitive(r, "outcome") == NULL ||
	    cJSON_GetObjectItemCaseSensitive(o, "text") == NULL)
		goto oom;
	return r;
oom:
	cJSON_Delete(r);
	ls_err_set(eb, LS_ENOMEM, "out of memory building the report");
	return NULL;
}

enum ls_err
report_seal(cJSON *report, const struct key *k, struct ls_errbuf *eb)
{
	uint8_t		 h[crypto_hash_sha256_BYTES], sig[KEY_SIG_BYTES];
	char		 hx[2 * KEY_SIG_BYTES + 1], *canon;
	size_t		 len;
	cJSON		*in;
	enum ls_err	 e;

	if (sodium_init() < 0)
		return ls_err_set(eb, LS_EINTERNAL, "cannot initialise "
		    "libsodium");
	if ((e = report_canonical(report, true, &canon, &len, eb)) != LS_OK)
		return e;
	crypto_hash_sha256(h, (const uint8_t *)canon, len);
	if (k != NULL)
		key_sign(k, canon, len, sig);
	free(canon);
	cJSON_DeleteItemFromObjectCaseSensitive(report, "integrity");
	if ((in = cJSON_AddObjectToObject(report, "integrity")) == NULL)
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	cJSON_AddStringToObject(in, "algorithm", k != NULL ?
	    "sha256+ed25519" : "sha256");
	cJSON_AddStringToObject(in, "canonicalization", REPORT_CANON);
	cJSON_AddStringToObject(in, "sha256", hex_encode(h, sizeof h, hx));
	if (k != NULL) {
		cJSON_AddStringToObject(in, "signature",
		    hex_encode(sig, sizeof sig, hx));
		cJSON_AddStringToObject(in, "public_key",
		    hex_encode(key_public(k), KEY_PUBLIC_BYTES, hx));
	} else {
		cJSON_AddNullToObject(in, "signature");
		cJSON_AddNullToObject(in, "public_key");
	}
	if (cJSON_GetObjectItemCaseSensitive(in, "public_key") == NULL)
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	return LS_OK;
}

/* ---- atomic write ------------------------------------------------------ */

enum ls_err
report_write(const char *path, const cJSON *report, struct ls_errbuf *eb)
{
	char		 tmp[PATH_MAX], *text, *slash;
	size_t		 len;
	enum ls_err	 e;
	int		 fd, r;

	if ((e = report_canonical(report, false, &text, &len, eb)) != LS_OK)
		return e;
	text[len] = '\n';	/* over the NUL jcs_canonical leaves */
	slash = strrchr(path, '/');
	if (slash != NULL)
		r = snprintf(tmp, sizeof tmp, "%.*s/.%s.XXXXXX",
		    (int)(slash - path), path, slash + 1);
	else
		r = snprintf(tmp, sizeof tmp, ".%s.XXXXXX", path);
	if (r < 0 || (size_t)r >= sizeof tmp) {
		free(text);
		return ls_err_set(eb, LS_EINPUT, "report path too long");
	}
	if ((fd = mkstemp(tmp)) < 0) {
		free(text);
		e = ls_err_from_errno(errno);
		return ls_err_set(eb, e == LS_EPERM ? LS_EPERM : LS_EIO,
		    "cannot create a temporary file for '%s': %s", path,
		    strerror(errno));
	}
	/* A report is a record, not a secret: readable like any file. */
	if (fchmod(fd, 0644) != 0)
		e = ls_err_set(eb, LS_EIO, "cannot chmod '%s': %s", tmp,
		    strerror(errno));
	if (e == LS_OK)
		e = durable_write_all(fd, text, len + 1, path, eb);
	free(text);
	if (e == LS_OK)
		e = durable_sync(fd, false, path, eb);
	if (close(fd) != 0 && e == LS_OK)
		e = ls_err_set(eb, LS_EIO, "cannot write '%s': %s", path,
		    strerror(errno));
	if (e == LS_OK)
		e = durable_rename(tmp, path, "report", eb);
	if (e != LS_OK) {
		unlink(tmp);
		return e;
	}
	return durable_sync_dir(path, eb);
}

size_t
report_remove_stale(const char *path)
{
	char		 dir[PATH_MAX], full[PATH_MAX];
	const char	*slash = strrchr(path, '/'), *base;
	struct dirent	*e;
	struct stat	 st;
	size_t		 bl, removed = 0;
	DIR		*d;

	base = slash != NULL ? slash + 1 : path;
	if (slash != NULL)
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
	else
		snprintf(dir, sizeof dir, ".");
	bl = strlen(base);
	if ((d = opendir(dir)) == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		/* Exactly "." + base + "." + 6 mkstemp characters. */
		if (strlen(e->d_name) != bl + 8 || e->d_name[0] != '.' ||
		    strncmp(e->d_name + 1, base, bl) != 0 ||
		    e->d_name[bl + 1] != '.')
			continue;
		if (snprintf(full, sizeof full, "%s/%s", dir, e->d_name) >=
		    (int)sizeof full || lstat(full, &st) != 0 ||
		    !S_ISREG(st.st_mode))
			continue;
		if (unlink(full) == 0)
			removed++;
	}
	closedir(d);
	return removed;
}

enum ls_err
report_save(const char *path, const struct visit *v, const struct key *k,
    struct ls_errbuf *eb)
{
	cJSON		*r;
	enum ls_err	 e;

	if ((r = report_build(v, k != NULL ? key_public(k) : NULL, eb)) ==
	    NULL)
		return LS_ENOMEM;
	if ((e = report_seal(r, k, eb)) == LS_OK)
		e = report_write(path, r, eb);
	cJSON_Delete(r);
	return e;
}

/* ---- verification ------------------------------------------------------ */

static bool
report_lowhex(const cJSON *it, size_t nbytes, uint8_t *out)
{
	const char	*s;
	size_t		 i;

	if (!cJSON_IsString(it))
		return false;
	s = it->valuestring;
	if (strlen(s) != 2 * nbytes)
		return false;
	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return hex_decode(s, out, nbytes) == (long)nbytes;
}

/*
 * The integrity section: every key, each once, of its type.  Failures
 * are LS_EFAIL (a report that does not verify), as the checks after it.
 */
static const struct jc_key report_ikeys[] = {
	{ "algorithm", JC_STRING, true },
	{ "canonicalization", JC_STRING, true },
	{ "sha256", JC_STRING, true },
	{ "signature", JC_STRING | JC_NULL, true },
	{ "public_key", JC_STRING | JC_NULL, true },
	{ NULL, 0, false }
};

static enum ls_err
report_check_tree(struct jc *c, const cJSON *root, const uint8_t *want_pk,
    struct report_check *chk)
{
	struct ls_errbuf *eb = c->eb;
	uint8_t		 h[crypto_hash_sha256_BYTES], want[sizeof h];
	uint8_t		 sig[KEY_SIG_BYTES], pk[KEY_PUBLIC_BYTES];
	const cJSON	*in, *it, *alg, *signer, *spk, *sfp;
	char		*canon, fpr[KEY_FPR_LEN], canon_fpr[KEY_FPR_LEN];
	size_t		 len;
	bool		 is_signed;
	enum ls_err	 e;

	it = cJSON_GetObjectItemCaseSensitive(root, "schema");
	if (!cJSON_IsObject(root) || !cJSON_IsString(it) ||
	    strcmp(it->valuestring, REPORT_SCHEMA) != 0)
		return ls_err_set(eb, LS_EINPUT, "not a lockscope report (no "
		    "\"schema\": \"%s\")", REPORT_SCHEMA);
	in = cJSON_GetObjectItemCaseSensitive(root, "integrity");
	if (!cJSON_IsObject(in))
		return ls_err_set(eb, LS_EFAIL, "no integrity section: the "
		    "report cannot be verified");
	c->code = LS_EFAIL;
	e = jc_object(c, in, report_ikeys);
	c->code = LS_EINPUT;
	if (e != LS_OK)
		return e;
	alg = cJSON_GetObjectItemCaseSensitive(in, "algorithm");
	if (!cJSON_IsString(alg) || (strcmp(alg->valuestring, "sha256") !=
	    0 && strcmp(alg->valuestring, "sha256+ed25519") != 0))
		return ls_err_set(eb, LS_EFAIL, "integrity: unknown algorithm");
	is_signed = strcmp(alg->valuestring, "sha256+ed25519") == 0;
	it = cJSON_GetObjectItemCaseSensitive(in, "canonicalization");
	if (!cJSON_IsString(it) || strcmp(it->valuestring, REPORT_CANON) != 0)
		return ls_err_set(eb, LS_EFAIL, "integrity: canonicalization "
		    "is not %s", REPORT_CANON);
	if (!report_lowhex(cJSON_GetObjectItemCaseSensitive(in, "sha256"),
	    sizeof want, want))
		return ls_err_set(eb, LS_EFAIL, "integrity: sha256 is not 64 "
		    "lower-case hex digits");

	if ((e = report_canonical(root, true, &canon, &len, eb)) != LS_OK)
		return e == LS_ENOMEM ? e : LS_EINPUT;
	/* The body has no name twice (or it has no canonical form); a
	 * second "integrity" beside the body must not hide either. */
	if ((e = jc_map(c, root, SIZE_MAX)) != LS_OK) {
		free(canon);
		return e;
	}
	crypto_hash_sha256(h, (const uint8_t *)canon, len);
	hex_encode(h, sizeof h, chk->sha256);
	if (sodium_memcmp(h, want, sizeof h) != 0) {
		free(canon);
		return ls_err_set(eb, LS_EFAIL, "sha256 mismatch: the report "
		    "was changed after it was written");
	}

	signer = cJSON_GetObjectItemCaseSensitive(root, "signer");
	if (!is_signed) {
		free(canon);
		if (!cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(in,
		    "signature")) || !cJSON_IsNull(
		    cJSON_GetObjectItemCaseSensitive(in, "public_key")))
			return ls_err_set(eb, LS_EFAIL, "integrity: algorithm "
			    "sha256 with a signature or key");
		if (signer != NULL && !cJSON_IsNull(signer))
			return ls_err_set(eb, LS_EFAIL, "the report names a "
			    "signer but carries no signature");
		if (want_pk != NULL)
			return ls_err_set(eb, LS_EFAIL, "the report is not "
			    "signed (a key was required)");
		return LS_OK;
	}
	if (!report_lowhex(cJSON_GetObjectItemCaseSensitive(in, "signature"),
	    sizeof sig, sig) || !report_lowhex(
	    cJSON_GetObjectItemCaseSensitive(in, "public_key"), sizeof pk,
	    pk)) {
		free(canon);
		return ls_err_set(eb, LS_EFAIL, "integrity: signature or "
		    "public_key is not lower-case hex of the right length");
	}
	spk = cJSON_GetObjectItemCaseSensitive(signer, "public_key");
	sfp = cJSON_GetObjectItemCaseSensitive(signer, "fingerprint");
	key_fingerprint(pk, fpr);
	if (!cJSON_IsObject(signer) || !cJSON_IsString(spk) ||
	    !cJSON_IsString(sfp) || strcmp(spk->valuestring,
	    cJSON_GetObjectItemCaseSensitive(in, "public_key")->valuestring) !=
	    0 || strcmp(sfp->valuestring, fpr) != 0) {
		free(canon);
		return ls_err_set(eb, LS_EFAIL, "the signer named in the "
		    "report is not the key that signed it");
	}
	if (!key_verify(pk, canon, len, sig)) {
		free(canon);
		return ls_err_set(eb, LS_EFAIL, "the signature does not "
		    "verify: the report was changed or signed by another key");
	}
	free(canon);
	chk->is_signed = true;
	memcpy(chk->public_key, pk, sizeof pk);
	snprintf(chk->fingerprint, sizeof chk->fingerprint, "%s", fpr);
	if (want_pk != NULL && sodium_memcmp(want_pk, pk, sizeof pk) != 0) {
		key_fingerprint(want_pk, canon_fpr);
		return ls_err_set(eb, LS_EFAIL, "signed by %s, not by the "
		    "required key %s", fpr, canon_fpr);
	}
	return LS_OK;
}

enum ls_err
report_verify(const char *buf, size_t n, const uint8_t *want_pk,
    struct report_check *chk, cJSON **tree, struct ls_errbuf *eb)
{
	struct jc	 c;
	cJSON		*root;
	enum ls_err	 e;

	memset(chk, 0, sizeof *chk);
	if (tree != NULL)
		*tree = NULL;
	if (sodium_init() < 0)
		return ls_err_set(eb, LS_EINTERNAL, "cannot initialise "
		    "libsodium");
	if (n > REPORT_FILE_MAX)
		return ls_err_set(eb, LS_EINPUT, "larger than %d bytes",
		    REPORT_FILE_MAX);
	jc_init(&c, NULL, eb);
	if ((e = jc_parse(&c, buf, n, JC_STRICT, &root)) != LS_OK)
		return e;
	e = report_check_tree(&c, root, want_pk, chk);
	if (tree != NULL)
		*tree = root;
	else
		cJSON_Delete(root);
	return e;
}

enum ls_err
report_verify_file(const char *path, const uint8_t *want_pk,
    struct report_check *chk, cJSON **tree, struct ls_errbuf *eb)
{
	char		*buf;
	size_t		 n;
	enum ls_err	 e;

	memset(chk, 0, sizeof *chk);
	if (tree != NULL)
		*tree = NULL;
	if ((e = durable_read_file(path, REPORT_FILE_MAX, &buf, &n, eb)) !=
	    LS_OK)
		return e;
	e = report_verify(buf, n, want_pk, chk, tree, eb);
	free(buf);
	return e;
}
