/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_report.c - lockscope report verify FILE [--key PUBKEY] | report
 * show FILE [--key PUBKEY] | report render FILE --out FILE.pdf: check a
 * visit report's integrity, print a summary of it, or draw it as pages
 * (src/visit/report.h, src/present/report_page.h, man/lockscope-report.5).
 *
 * Exit: 0 verified by a trusted signer; 1 a report that does not verify
 * (changed, unsigned without --allow-unsigned, signed by a key neither
 * this laptop's, nor trusted, nor given with --key); 65 not a report (not
 * JSON, no schema, unreadable as a report); 74 I/O errors.  show prints
 * the summary first, then exits the same way.  render draws only a
 * report that verifies, and leaves no file behind when it does not.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "cmd/cmd.h"
#include "present/report_page.h"
#include "profile/profile.h"
#include "records/records.h"
#include "records/store.h"
#include "util/durable.h"
#include "util/hex.h"
#include "util/text.h"
#include "visit/report.h"

#define SHOW_COLS	80

/* s as printable text fitting cols columns, cut with "~". */
static const char *
show_fit(const char *s, char *out, size_t cap, size_t cols)
{
	size_t	n, k;

	n = text_sanitize((const uint8_t *)s, strlen(s), out, cap);
	if (text_width(out) <= cols)
		return out;
	/* Cut on a character boundary to cols - 1 columns, then "~". */
	for (k = n; k > 0; k--) {
		if (((unsigned char)out[k] & 0xc0) == 0x80)
			continue;
		out[k] = '\0';
		if (text_width(out) + 1 <= cols)
			break;
	}
	n = strlen(out);
	snprintf(out + n, cap - n, "~");
	return out;
}

/* Member key of o as text fitting cols columns ("-" if none). */
static const char *
show_str(const cJSON *o, const char *key, char *out, size_t cap,
    size_t cols)
{
	const cJSON	*it = cJSON_GetObjectItemCaseSensitive(o, key);
	char		 num[40];
	const char	*s;

	if (cJSON_IsString(it))
		s = it->valuestring;
	else if (cJSON_IsNumber(it) && report_number(it->valuedouble, num,
	    sizeof num))
		s = num;
	else if (cJSON_IsBool(it))
		s = cJSON_IsTrue(it) ? "yes" : "no";
	else
		s = "-";
	return show_fit(s, out, cap, cols);
}

/*
 * Member key of o, a UTC time ("2026-11-23T12:04:31Z" as the report has
 * it), in the laptop's local time with its zone; as it is otherwise.
 */
static const char *
show_time(const cJSON *o, const char *key, char *out, size_t cap)
{
	const cJSON	*it = cJSON_GetObjectItemCaseSensitive(o, key);
	struct tm	 tm, lt;
	time_t		 t;

	if (!cJSON_IsString(it))
		return show_fit("-", out, cap, 40);
	memset(&tm, 0, sizeof tm);
	if (sscanf(it->valuestring, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year,
	    &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) !=
	    6)
		return show_fit(it->valuestring, out, cap, 40);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	if ((t = timegm(&tm)) == (time_t)-1 || localtime_r(&t, &lt) == NULL ||
	    strftime(out, cap, "%Y-%m-%d %H:%M:%S %Z", &lt) == 0)
		return show_fit(it->valuestring, out, cap, 40);
	return out;
}


/* text, whole, wrapped at SHOW_COLS after an indent of ind columns. */
static void
show_wrap(const char *label, const char *text, size_t ind)
{
	char	 buf[1024], *p, *sp;
	size_t	 w = SHOW_COLS - ind, n;

	text_sanitize((const uint8_t *)text, strlen(text), buf, sizeof buf);
	p = buf;
	do {
		n = strlen(p);
		if (text_width(p) > w) {
			/* Break at the last space within the width. */
			for (sp = p + (w < n ? w : n); sp > p && *sp != ' ';
			    sp--)
				;
			if (sp == p)
				sp = p + w;
			n = (size_t)(sp - p);
		}
		printf("%-*s%.*s\n", (int)ind, label, (int)n, p);
		label = "";
		p += n;
		while (*p == ' ')
			p++;
	} while (*p != '\0');
}

/* "value (provenance)" of a reading object. */
static const char *
show_reading(const cJSON *r, char *out, size_t cap, size_t cols)
{
	char		 v[160], p[32], tmp[200];
	const cJSON	*val;

	if (!cJSON_IsObject(r))
		return "-";
	val = cJSON_GetObjectItemCaseSensitive(r, "value");
	if (r->string != NULL && strcmp(r->string, "clock_skew_s") == 0 &&
	    cJSON_IsNumber(val) && fabs(val->valuedouble) < 1e15)
		text_skew((int64_t)val->valuedouble, v, sizeof v);
	else
		show_str(r, "value", v, sizeof v, cols);
	show_str(r, "provenance", p, sizeof p, 12);
	snprintf(tmp, sizeof tmp, "%s (%s)", v, p);
	return show_fit(tmp, out, cap, cols);
}

static void
show_list(const char *label, const cJSON *arr)
{
	const cJSON	*it;
	char		 buf[64], line[SHOW_COLS * 4];
	size_t		 w = 0;

	line[0] = '\0';
	cJSON_ArrayForEach(it, arr) {
		if (!cJSON_IsString(it))
			continue;
		text_sanitize((const uint8_t *)it->valuestring,
		    strlen(it->valuestring), buf, 32);
		if (w > 0 && w + strlen(buf) + 2 > SHOW_COLS - 14) {
			printf("  %-11s %s\n", label, line);
			label = "";
			line[0] = '\0';
			w = 0;
		}
		w += (size_t)snprintf(line + strlen(line), sizeof line -
		    strlen(line), "%s%s", w > 0 ? ", " : "", buf);
	}
	printf("  %-11s %s\n", label, line[0] != '\0' ? line : "-");
}

static void
show_rsets(const cJSON *before, const cJSON *after)
{
	const cJSON	*it, *b;
	char		 name[32], x[40], y[40];

	printf("    %-24s %-25s %s\n", "reading", "before", "after");
	cJSON_ArrayForEach(it, before) {
		text_sanitize((const uint8_t *)it->string, strlen(it->string),
		    name, 25);
		b = cJSON_GetObjectItemCaseSensitive(after, it->string);
		printf("    %-24s %-25s %s\n", name,
		    show_reading(it, x, sizeof x, 25),
		    show_reading(b, y, sizeof y, 25));
	}
	cJSON_ArrayForEach(it, after) {
		if (cJSON_GetObjectItemCaseSensitive(before, it->string) !=
		    NULL)
			continue;
		text_sanitize((const uint8_t *)it->string, strlen(it->string),
		    name, 25);
		printf("    %-24s %-25s %s\n", name, "-",
		    show_reading(it, y, sizeof y, 25));
	}
}

/* The status column: the contract's status, or why it was skipped. */
static const char *
show_step_status(const cJSON *st, char *out, size_t cap)
{
	const cJSON	*k = cJSON_GetObjectItemCaseSensitive(st,
			    "skip_reason");

	if (cJSON_IsString(k) && strcmp(k->valuestring, "not-applicable") ==
	    0)
		return show_fit("n/a", out, cap, 8);
	if (cJSON_IsString(k) && strcmp(k->valuestring, "not-attested") == 0)
		return show_fit("unattest", out, cap, 8);
	return show_str(st, "status", out, cap, 8);
}

/* The triage's advice, whole, and the remedy followed. */
static void
show_remedy(const cJSON *r)
{
	const cJSON	*tri = cJSON_GetObjectItemCaseSensitive(r, "triage");
	const cJSON	*rm = cJSON_GetObjectItemCaseSensitive(r, "remedy");
	const cJSON	*it;
	char		 b1[200], b2[200], b3[600], b4[80], line[1024];
	size_t		 i = 0;

	cJSON_ArrayForEach(it, tri) {
		show_str(it, "text", b3, sizeof b3, sizeof b3);
		snprintf(line, sizeof line, "%s (%s)", b3, show_str(it,
		    "remedy", b1, sizeof b1, 20));
		show_wrap(i++ == 0 ? "triage" : "", line, 14);
	}
	if (!cJSON_IsObject(rm))
		return;
	show_str(rm, "id", b1, sizeof b1, 20);
	show_str(rm, "advised", b2, sizeof b2, 20);
	it = cJSON_GetObjectItemCaseSensitive(rm, "chosen_by");
	if (cJSON_IsString(it) && strcmp(it->valuestring, "technician") == 0)
		snprintf(line, sizeof line, "%s, chosen by the technician (the "
		    "triage advised %s): %s", b1, b2, show_str(rm, "reason", b3,
		    sizeof b3, sizeof b3));
	else
		snprintf(line, sizeof line, "%s, the triage's advice, "
		    "accepted", b1);
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(rm,
	    "battery_replaced")))
		snprintf(line + strlen(line), sizeof line - strlen(line),
		    "; battery replaced");
	snprintf(line + strlen(line), sizeof line - strlen(line), "; at %s",
	    show_time(rm, "chosen", b4, sizeof b4));
	show_wrap("remedy", line, 14);
}

static void
show_summary(const cJSON *r)
{
	const cJSON	*v, *a, *d, *s, *o, *it, *ev;
	char		 b1[200], b2[200], b3[200], b4[420];

	v = cJSON_GetObjectItemCaseSensitive(r, "visit");
	printf("visit %s\n", show_str(v, "id", b1, sizeof b1, 40));
	printf("  %-11s %s\n", "started", show_time(v, "started", b1,
	    sizeof b1));
	printf("  %-11s %s\n", "finished", show_time(v, "finished", b1,
	    sizeof b1));
	printf("  %-11s %s\n", "technician", show_str(v, "technician", b1,
	    sizeof b1, 66));
	printf("  %-11s %s\n", "site", show_str(v, "site", b1, sizeof b1,
	    66));
	printf("  %-11s %s\n", "work order", show_str(v, "work_order", b1,
	    sizeof b1, 66));
	show_list("symptoms", cJSON_GetObjectItemCaseSensitive(v,
	    "symptoms"));
	show_list("access", cJSON_GetObjectItemCaseSensitive(v,
	    "access_paths"));
	a = cJSON_GetObjectItemCaseSensitive(r, "authorization");
	it = cJSON_GetObjectItemCaseSensitive(a, "ownership_verified");
	show_str(a, "method", b1, sizeof b1, 50);
	printf("  %-11s %s%s%s%s\n", "ownership", cJSON_IsTrue(it) ?
	    "verified" : cJSON_IsFalse(it) ? "NOT verified" : "not checked",
	    strcmp(b1, "-") != 0 ? " (" : "", strcmp(b1, "-") != 0 ? b1 : "",
	    strcmp(b1, "-") != 0 ? ")" : "");
	d = cJSON_GetObjectItemCaseSensitive(r, "devices");
	cJSON_ArrayForEach(it, d) {
		printf("device %s (%s)  %s\n", show_str(it, "address", b1,
		    sizeof b1, 17), show_str(it, "address_type", b2,
		    sizeof b2, 6), show_str(it, "name", b3, sizeof b3, 44));
		printf("  %-11s %s / %s / %s\n", "identity", show_str(it,
		    "vendor", b1, sizeof b1, 20), show_str(it, "family", b2,
		    sizeof b2, 14), show_str(it, "model", b3, sizeof b3, 28));
		printf("  %-11s %s\n", "profile", show_str(it, "profile", b1,
		    sizeof b1, 60));
		show_rsets(cJSON_GetObjectItemCaseSensitive(it,
		    "readings_before"), cJSON_GetObjectItemCaseSensitive(it,
		    "readings_after"));
	}
	show_remedy(r);
	printf("steps\n");
	s = cJSON_GetObjectItemCaseSensitive(r, "steps");
	cJSON_ArrayForEach(it, s) {
		printf("  %-8s %-24s %s\n", show_step_status(it, b1,
		    sizeof b1), show_str(it, "id", b2, sizeof b2, 24),
		    show_str(it, "title", b3, sizeof b3, 43));
		if (cJSON_IsString(cJSON_GetObjectItemCaseSensitive(it,
		    "note")))
			printf("  %-8s %-24s %s\n", "", "", show_str(it, "note",
			    b1, sizeof b1, 43));
		cJSON_ArrayForEach(ev, cJSON_GetObjectItemCaseSensitive(it,
		    "evidence")) {
			show_fit(ev->string, b2, 32, 20);
			show_reading(ev, b3, sizeof b3, 40);
			snprintf(b4, sizeof b4, "%s = %s", b2, b3);
			printf("  %-8s %-24s %s\n", "", "", show_fit(b4, b1,
			    sizeof b1, 43));
		}
	}
	o = cJSON_GetObjectItemCaseSensitive(r, "outcome");
	printf("outcome %s: %s\n", show_str(o, "result", b1, sizeof b1, 24),
	    show_str(o, "text", b2, sizeof b2, 44));
}

/*
 * Who signed a report that verified, against the keys trusted here: 0
 * when the signer is the laptop's own key or in the trust list (--key
 * was checked by report_verify), or unsigned with --allow-unsigned; else
 * 1 with the reason in eb.  *why (static) names what trusted it.
 */
static int
report_trust_verdict(const struct report_check *chk, bool keyarg,
    bool allow_unsigned, const char **why, struct ls_errbuf *eb)
{
	bool	trusted;

	*why = keyarg ? "--key" : NULL;
	if (!chk->is_signed) {
		if (allow_unsigned)
			return 0;
		ls_err_set(eb, LS_EFAIL, "not signed, so not from a known "
		    "key (--allow-unsigned accepts a digest only)");
		return 1;
	}
	if (keyarg)
		return 0;
	if (key_is_trusted(chk->public_key, &trusted, why, eb) != LS_OK)
		return -1;
	if (trusted)
		return 0;
	ls_err_set(eb, LS_EFAIL, "signed by %s, a key not trusted here "
	    "(lockscope key trust add PUBKEY, or --key PUBKEY)",
	    chk->fingerprint);
	return 1;
}

/* "integrity   FAILED: why", wrapped within the summary's width. */
static void
show_failed(const char *why)
{
	char	buf[600];

	snprintf(buf, sizeof buf, "FAILED: %s", why);
	show_wrap("integrity", buf, 12);
}

static const struct cmd_opt report_opts[] = {
	{ 'k', "key", CMD_ARG_STRING, 0,
	    .help = "require a signature by this public key" },
	{ 'o', "out", CMD_ARG_STRING, 0,
	    .help = "render: the PDF (or the page images' name) to write" },
	{ 'P', "paper", CMD_ARG_STRING, CMD_OPT_LONG_ONLY,
	    .help = "render: a4 (default) or letter" },
	{ 'F', "format", CMD_ARG_STRING, CMD_OPT_LONG_ONLY,
	    .help = "render: pdf (default) or png" },
	{ 'D', "db", CMD_ARG_STRING, CMD_OPT_LONG_ONLY, .env = "LOCKSCOPE_DB",
	    .help = "render: the records database for the battery chart" },
	{ 'N', "no-records", CMD_ARG_NONE, CMD_OPT_LONG_ONLY,
	    .help = "render: no battery chart, no records database" },
	{ 'u', "allow-unsigned", CMD_ARG_NONE, 0,
	    .help = "accept a report with a digest but no signature" },
	{ 'h', "help", CMD_ARG_HELP, 0, .help = "this help" },
	{ .name = NULL }
};

/* ---- render ---------------------------------------------------------- */

#define RENDER_PAGES_MAX	999	/* page images, at most */

/* A temporary file beside path (".NAME.XXXXXX"), opened into *fd. */
static enum ls_err
render_tmp(const char *path, char *tmp, size_t cap, int *fd,
    struct ls_errbuf *eb)
{
	const char	*slash = strrchr(path, '/');
	int		 r;

	if (slash != NULL)
		r = snprintf(tmp, cap, "%.*s/.%s.XXXXXX", (int)(slash - path),
		    path, slash + 1);
	else
		r = snprintf(tmp, cap, ".%s.XXXXXX", path);
	if (r < 0 || (size_t)r >= cap)
		return ls_err_set(eb, LS_EINPUT, "'%s': path too long", path);
	if ((*fd = mkstemp(tmp)) < 0)
		return ls_err_set(eb, ls_err_from_errno(errno) == LS_EPERM ?
		    LS_EPERM : LS_EIO, "cannot create a temporary file for "
		    "'%s': %s", path, strerror(errno));
	if (fchmod(*fd, 0644) != 0) {
		close(*fd);
		unlink(tmp);
		return ls_err_set(eb, LS_EIO, "cannot chmod '%s': %s", tmp,
		    strerror(errno));
	}
	return LS_OK;
}

/* path may be written: absent, or a regular file (never a device,
   a directory, a fifo or a symbolic link). */
static enum ls_err
render_target_ok(const char *path, struct ls_errbuf *eb)
{
	struct stat	st;

	if (lstat(path, &st) != 0)
		return errno == ENOENT ? LS_OK : ls_err_set(eb, LS_EIO,
		    "cannot check '%s': %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return ls_err_set(eb, LS_EIO, "'%s' exists and is not a "
		    "regular file: not replaced", path);
	return LS_OK;
}

/*
 * Page i's image name: --out without a ".pdf" or ".png" ending, then
 * "-N.png" ("visit.pdf" -> "visit-1.png", "visit-2.png").
 */
static enum ls_err
render_png_name(const char *out, size_t i, char *buf, size_t cap,
    struct ls_errbuf *eb)
{
	size_t	n = strlen(out);
	int	r;

	if (n > 4 && (strcasecmp(out + n - 4, ".pdf") == 0 ||
	    strcasecmp(out + n - 4, ".png") == 0))
		n -= 4;
	r = snprintf(buf, cap, "%.*s-%zu.png", (int)n, out, i + 1);
	if (r < 0 || (size_t)r >= cap)
		return ls_err_set(eb, LS_EINPUT, "'%s': path too long", out);
	return LS_OK;
}

/* Write page (or, SIZE_MAX, the PDF) of doc to path, atomically. */
static enum ls_err
render_one(struct report_doc *doc, size_t page, const char *path,
    char *tmp, size_t cap, struct ls_errbuf *eb)
{
	enum ls_err	e;
	int		fd = -1;

	if ((e = render_target_ok(path, eb)) != LS_OK ||
	    (e = render_tmp(path, tmp, cap, &fd, eb)) != LS_OK)
		return e;
	if (page == SIZE_MAX)
		e = report_doc_pdf(doc, fd, path, eb);
	else
		e = report_doc_png(doc, page, fd, path, eb);
	if (e == LS_OK)
		e = durable_sync(fd, false, path, eb);
	if (close(fd) != 0 && e == LS_OK)
		e = ls_err_set(eb, LS_EIO, "cannot write '%s': %s", path,
		    strerror(errno));
	if (e != LS_OK)
		unlink(tmp);
	return e;
}

/* Rename tmp over path (checked again: it may have appeared since). */
static enum ls_err
render_commit(const char *tmp, const char *path, struct ls_errbuf *eb)
{
	enum ls_err	e;

	if ((e = render_target_ok(path, eb)) == LS_OK &&
	    rename(tmp, path) != 0)
		e = ls_err_set(eb, ls_err_from_errno(errno) == LS_EPERM ?
		    LS_EPERM : LS_EIO, "cannot rename the page into '%s': %s",
		    path, strerror(errno));
	if (e != LS_OK)
		unlink(tmp);
	return e;
}

/* The pages of doc as out (PDF) or as numbered images; prints them. */
static enum ls_err
render_write(struct report_doc *doc, const char *out, bool png,
    struct ls_errbuf *eb)
{
	size_t		 n = report_doc_pages(doc), i, k;
	char		(*tmp)[PATH_MAX] = NULL;
	char		 name[PATH_MAX];
	enum ls_err	 e = LS_OK;

	if (!png) {
		if ((tmp = malloc(sizeof *tmp)) == NULL)
			return ls_err_set(eb, LS_ENOMEM, "out of memory");
		if ((e = render_one(doc, SIZE_MAX, out, tmp[0],
		    sizeof tmp[0], eb)) == LS_OK &&
		    (e = render_commit(tmp[0], out, eb)) == LS_OK)
			e = durable_sync_dir(out, eb);
		if (e == LS_OK)
			printf("%s: %zu page%s\n", out, n, n == 1 ? "" : "s");
		free(tmp);
		return e;
	}
	if (n > RENDER_PAGES_MAX)
		return ls_err_set(eb, LS_EINPUT, "%zu pages: more than %d "
		    "images", n, RENDER_PAGES_MAX);
	if ((tmp = calloc(n, sizeof *tmp)) == NULL)
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	/* Every page drawn before any is renamed into place. */
	for (i = 0; i < n && e == LS_OK; i++)
		if ((e = render_png_name(out, i, name, sizeof name, eb)) ==
		    LS_OK)
			e = render_one(doc, i, name, tmp[i], sizeof tmp[i], eb);
	if (e != LS_OK) {
		for (k = 0; k + 1 < i; k++)
			unlink(tmp[k]);
		free(tmp);
		return e;
	}
	for (i = 0; i < n; i++) {
		render_png_name(out, i, name, sizeof name, eb);
		if (e == LS_OK)
			e = render_commit(tmp[i], name, eb);
		else
			unlink(tmp[i]);
		if (e == LS_OK)
			printf("%s\n", name);
	}
	if (e == LS_OK)
		e = durable_sync_dir(out, eb);
	free(tmp);
	return e;
}

/*
 * The battery over time: the earlier visits of the report's lock (its
 * first device, by the records' lock identity) that the records
 * database holds with a battery reading, after the visit's work, else
 * before it.  The report itself, when it is in the database, is not an
 * earlier visit.
 */
#define RENDER_BATT_MAX	2000

struct render_batt {
	struct report_page_battery	*p;
	size_t				 n;
	const char			*self;		/* this digest */
};

static double
render_num(const char *a, const char *b)
{
	const char	*s = a != NULL ? a : b;
	char		*end;
	double		 d;

	if (s == NULL)
		return NAN;
	d = strtod(s, &end);
	return end != s && *end == '\0' && isfinite(d) ? d : NAN;
}

static void
render_batt_row(const char *const *row, void *arg)
{
	struct render_batt		*b = arg;
	struct report_page_battery	*p;
	struct tm			 tm;
	const char			*rest;

	if (b->n == RENDER_BATT_MAX || row[RC_STARTED] == NULL ||
	    (row[RC_DIGEST] != NULL && strcmp(row[RC_DIGEST], b->self) == 0))
		return;
	memset(&tm, 0, sizeof tm);
	if ((rest = strptime(row[RC_STARTED], "%Y-%m-%dT%H:%M:%S",
	    &tm)) == NULL)
		return;
	p = &b->p[b->n];
	p->t = (double)timegm(&tm);
	p->percent = render_num(row[RC_BATTERY_PERCENT_AFTER],
	    row[RC_BATTERY_PERCENT_BEFORE]);
	p->volts = render_num(row[RC_BATTERY_VOLTS_AFTER],
	    row[RC_BATTERY_VOLTS_BEFORE]);
	if (!isnan(p->percent) || !isnan(p->volts))
		b->n++;
}

/*
 * Look the report's lock up in the records database (--db, LOCKSCOPE_DB,
 * else the records command's default).  No database there, or none of
 * the lock, is no chart and no error; a database that cannot be read is
 * a warning.
 */
static void
render_records(const struct cmd_entry *ce, struct cmd_args *args,
    const cJSON *tree, struct report_page_info *info,
    struct render_batt *b)
{
	struct records_filter	 f;
	struct records		*r = NULL;
	struct ls_errbuf	 eb;
	const char		*db, *basis;
	char			 path[4200], id[RECORDS_LOCK_ID_MAX];
	const cJSON		*dev;

	info->records = REPORT_RECORDS_FOUND;
	dev = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(tree,
	    "devices"), 0);
	if (dev == NULL)
		return;
	ls_err_clear(&eb);
	if ((db = cmd_records_db(cmd_args_get(args, 'D'), path, sizeof path,
	    &eb)) == NULL || (!store_is_url(db) && access(db, F_OK) != 0)) {
		info->records = REPORT_RECORDS_NODB;
		return;
	}
	if ((b->p = calloc(RENDER_BATT_MAX, sizeof *b->p)) == NULL) {
		info->records = REPORT_RECORDS_ERROR;
		return;
	}
	records_lock_id(dev, id, &basis, NULL);
	memset(&f, 0, sizeof f);
	f.lock = id;
	if (records_open(db, &r, &eb) != LS_OK ||
	    records_list(r, &f, render_batt_row, b, &eb) != LS_OK) {
		/* Never repeat a URI: it may hold a password. */
		if (!store_is_url(db))
			ls_err_prefix(&eb, "%s", db);
		fprintf(stderr, "lockscope %s: warning: records database: %s; "
		    "no battery chart\n", ce->name, eb.msg);
		info->records = REPORT_RECORDS_ERROR;
		b->n = 0;
	}
	records_close(r);
	info->battery = b->p;
	info->nbattery = b->n;
}

/*
 * report render FILE --out OUT [--paper a4|letter] [--format pdf|png]:
 * verify FILE as report verify does, then lay it out and write it.
 */
static int
render_exec(const struct cmd_entry *ce, struct cmd_args *args,
    const uint8_t *want_pk)
{
	struct ls_errbuf		 eb;
	struct report_check		 chk;
	struct report_page_info		 info;
	struct report_doc		*doc = NULL;
	struct profile_set		*ps = NULL;
	struct render_batt		 batt;
	const char			*file = cmd_args_string(args, 1);
	const char			*out = cmd_args_get(args, 'o');
	const char			*paper = cmd_args_get(args, 'P');
	const char			*format = cmd_args_get(args, 'F');
	const char			*base;
	char				 verify[PATH_MAX + 200];
	char				 pkhex[2 * KEY_PUBLIC_BYTES + 1];
	char				 dir[PATH_MAX];
	cJSON				*tree = NULL;
	enum ls_err			 e;
	bool				 png;

	ls_err_clear(&eb);
	if (out == NULL || out[0] == '\0')
		return cmd_usage(ce, "render needs --out FILE.pdf");
	if (paper != NULL && strcmp(paper, "a4") != 0 &&
	    strcmp(paper, "letter") != 0)
		return cmd_usage(ce, "bad --paper '%s' (a4 or letter)", paper);
	if (format != NULL && strcmp(format, "pdf") != 0 &&
	    strcmp(format, "png") != 0)
		return cmd_usage(ce, "bad --format '%s' (pdf or png)", format);
	png = format != NULL && strcmp(format, "png") == 0;
	e = report_verify_file(file, want_pk, &chk, &tree, &eb);
	if (e != LS_OK) {
		cJSON_Delete(tree);
		ls_err_prefix(&eb, "%s", file);
		return cmd_fail(ce, &eb);
	}
	/* The thresholds of the profile the report names, when they load. */
	if (profile_set_load_default(&ps, dir, sizeof dir, &eb) != LS_OK)
		ps = NULL;
	ls_err_clear(&eb);
	base = strrchr(file, '/') != NULL ? strrchr(file, '/') + 1 : file;
	if (chk.is_signed)
		snprintf(verify, sizeof verify, "lockscope report verify %s "
		    "--key %s", base, hex_encode(chk.public_key,
		    KEY_PUBLIC_BYTES, pkhex));
	else
		snprintf(verify, sizeof verify, "lockscope report verify %s "
		    "--allow-unsigned", base);
	memset(&info, 0, sizeof info);
	info.paper = paper != NULL && strcmp(paper, "letter") == 0 ?
	    REPORT_PAPER_LETTER : REPORT_PAPER_A4;
	info.sha256 = chk.sha256;
	info.fingerprint = chk.is_signed ? chk.fingerprint : NULL;
	info.verify_cmd = verify;
	info.profiles = ps;
	memset(&batt, 0, sizeof batt);
	batt.self = chk.sha256;
	if (!cmd_args_has(args, 'N'))
		render_records(ce, args, tree, &info, &batt);
	e = report_doc_new(tree, &info, &doc, &eb);
	cJSON_Delete(tree);
	free(batt.p);
	if (e == LS_OK)
		e = render_write(doc, out, png, &eb);
	report_doc_free(doc);
	profile_set_free(ps);
	if (e != LS_OK)
		return cmd_fail(ce, &eb);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		ls_err_set(&eb, LS_EIO, "cannot write to standard output");
		return cmd_fail(ce, &eb);
	}
	return 0;
}

static int
report_exec(const struct cmd_entry *ce, struct cmd_args *args)
{
	struct ls_errbuf	 eb;
	struct report_check	 chk;
	uint8_t			 pk[KEY_PUBLIC_BYTES];
	const char		*keyarg = cmd_args_get(args, 'k');
	const char		*sub = cmd_args_string(args, 0);
	const char		*file = cmd_args_string(args, 1);
	cJSON			*tree = NULL;
	const char		*why = NULL;
	enum ls_err		 e;
	int			 rc;

	ls_err_clear(&eb);
	if (sub == NULL)
		return cmd_usage(ce, "no subcommand (verify, show or render)");
	if (strcmp(sub, "verify") != 0 && strcmp(sub, "show") != 0 &&
	    strcmp(sub, "render") != 0)
		return cmd_usage(ce, "unknown subcommand '%s' (verify, show or "
		    "render)", sub);
	if (file == NULL)
		return cmd_usage(ce, "no report file given");
	if (cmd_args_count(args) > 2)
		return cmd_usage(ce, "unexpected argument '%s'",
		    cmd_args_string(args, 2));
	if (strcmp(sub, "render") != 0 && (cmd_args_has(args, 'o') ||
	    cmd_args_has(args, 'P') || cmd_args_has(args, 'F') ||
	    cmd_args_has(args, 'N') || cmd_args_has(args, 'D')))
		return cmd_usage(ce, "--out, --paper, --format, --db and "
		    "--no-records are for render");
	if (keyarg != NULL && key_parse_public(keyarg, pk, &eb) != LS_OK)
		return cmd_fail(ce, &eb);
	if (cmd_args_has(args, 'N') && cmd_args_has(args, 'D'))
		return cmd_usage(ce, "--db and --no-records together");
	if (strcmp(sub, "render") == 0)
		return render_exec(ce, args, keyarg != NULL ? pk : NULL);
	e = report_verify_file(file, keyarg != NULL ? pk : NULL, &chk,
	    strcmp(sub, "show") == 0 ? &tree : NULL, &eb);
	if (strcmp(sub, "show") == 0 && tree != NULL &&
	    cJSON_IsObject(tree) && e != LS_EINPUT)
		show_summary(tree);
	cJSON_Delete(tree);
	if (e == LS_OK && report_trust_verdict(&chk, keyarg != NULL,
	    cmd_args_has(args, 'u'), &why, &eb) != 0)
		e = eb.code;
	if (e != LS_OK) {
		if (strcmp(sub, "show") == 0 && e == LS_EFAIL)
			show_failed(eb.msg);
		/* Said once: a read error names the file already. */
		if (strstr(eb.msg, file) == NULL)
			ls_err_prefix(&eb, "%s", file);
		rc = cmd_fail(ce, &eb);
	} else if (strcmp(sub, "show") == 0) {
		printf("integrity   ok, %s%s\n", chk.is_signed ? "signed by " :
		    "digest only, not signed", chk.is_signed ?
		    chk.fingerprint : "");
		if (why != NULL)
			printf("  trusted as %s\n", why);
		printf("  sha256 %s\n", chk.sha256);
		rc = 0;
	} else {
		if (chk.is_signed)
			printf("%s: ok: sha256 %s, signed by %s (%s)\n", file,
			    chk.sha256, chk.fingerprint, why);
		else
			printf("%s: ok: sha256 %s matches; not signed\n", file,
			    chk.sha256);
		rc = 0;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		ls_err_clear(&eb);
		ls_err_set(&eb, LS_EIO, "cannot write to standard output");
		return cmd_fail(ce, &eb);
	}
	return rc;
}

const struct cmd_entry cmd_report_entry = {
	.name = "report",
	.usage = "verify FILE [--key PUBKEY] [--allow-unsigned] | show FILE "
	    "[--key PUBKEY] [--allow-unsigned] | render FILE --out FILE.pdf "
	    "[--paper a4|letter] [--format pdf|png] [--db PATH|URL | "
	    "--no-records] [--key PUBKEY]",
	.summary = "verify a visit report's digest and signature, summarise "
	    "it, or render it as a PDF",
	.help =
	    "verify checks that the SHA-256 of the report's canonical body "
	    "(RFC 8785)\nmatches and that the Ed25519 signature verifies "
	    "by a trusted key: this\nlaptop's own, one added with 'lockscope "
	    "key trust add', or --key.  Exit 0\nwhen it does; 1 when the "
	    "report was changed, is signed by an untrusted key\n(named by "
	    "its fingerprint) or is not signed (unless --allow-unsigned); "
	    "65 when\nit is not a report.\nshow prints a "
	    "summary (the triage advice whole, the remedy, times in local "
	    "time,\nclock skews in words), then the same verdict.\nrender "
	    "draws a report that verifies as a printable PDF (or PNG page "
	    "images);\na report that does not is refused the same way, and "
	    "nothing is written.\n\n"
	    "Options:\n"
	    "  -k, --key PUBKEY    require a signature by this public key "
	    "(64 hex digits,\n"
	    "                      or a technician.pub file)\n"
	    "  -o, --out FILE      render: the PDF to write (png: FILE-1.png, "
	    "FILE-2.png, ...\n"
	    "                      without FILE's .pdf ending)\n"
	    "      --paper SIZE    render: a4 (default) or letter\n"
	    "      --format FMT    render: pdf (default) or png, page images "
	    "at 150 dpi\n"
	    "      --db PATH|URL   render: the records database whose earlier "
	    "visits of the\n"
	    "                      lock give the battery chart (default "
	    "$LOCKSCOPE_DB, else\n"
	    "                      the records command's)\n"
	    "      --no-records    render: no battery chart; no database is "
	    "opened\n"
	    "  -u, --allow-unsigned  accept a report with a digest but no "
	    "signature\n"
	    "  -h, --help          this help\n",
	.options = report_opts,
	.exec = report_exec,
};
