/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_report.c - lockscope report verify FILE [--key PUBKEY] | report
 * show FILE [--key PUBKEY]: check a visit report's integrity, or print a
 * summary of it (src/visit/report.h, man/lockscope-report.5).
 *
 * Exit: 0 verified by a trusted signer; 1 a report that does not verify
 * (changed, unsigned without --allow-unsigned, signed by a key neither
 * this laptop's, nor trusted, nor given with --key); 65 not a report (not
 * JSON, no schema, unreadable as a report); 74 I/O errors.  show prints
 * the summary first, then exits the same way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "cmd/cmd.h"
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

/* A clock skew in seconds (lock minus laptop) in words: "706 d 2 h
   behind" (the lock's clock is behind the laptop's). */
static const char *
show_skew(double s, char *out, size_t cap)
{
	char	d[40];

	if (s == 0)
		snprintf(out, cap, "on time");
	else {
		text_duration((uint64_t)(s < 0 ? -s : s), d, sizeof d);
		snprintf(out, cap, "%s %s", d, s < 0 ? "behind" : "ahead");
	}
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
	    cJSON_IsNumber(val))
		show_skew(val->valuedouble, v, sizeof v);
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
	{ 'u', "allow-unsigned", CMD_ARG_NONE, 0,
	    .help = "accept a report with a digest but no signature" },
	{ 'h', "help", CMD_ARG_HELP, 0, .help = "this help" },
	{ .name = NULL }
};

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
		return cmd_usage(ce, "no subcommand (verify or show)");
	if (strcmp(sub, "verify") != 0 && strcmp(sub, "show") != 0)
		return cmd_usage(ce, "unknown subcommand '%s' (verify or "
		    "show)", sub);
	if (file == NULL)
		return cmd_usage(ce, "no report file given");
	if (cmd_args_count(args) > 2)
		return cmd_usage(ce, "unexpected argument '%s'",
		    cmd_args_string(args, 2));
	if (keyarg != NULL && key_parse_public(keyarg, pk, &eb) != LS_OK)
		return cmd_fail(ce, &eb);
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
	    "[--key PUBKEY] [--allow-unsigned]",
	.summary = "verify a visit report's digest and signature, or "
	    "summarise it",
	.help =
	    "verify checks that the SHA-256 of the report's canonical body "
	    "(RFC 8785)\nmatches and that the Ed25519 signature verifies "
	    "by a trusted key: this\nlaptop's own, one added with 'lockscope "
	    "key trust add', or --key.  Exit 0\nwhen it does; 1 when the "
	    "report was changed, is signed by an untrusted key\n(named by "
	    "its fingerprint) or is not signed (unless --allow-unsigned); "
	    "65 when\nit is not a report.\nshow prints a "
	    "summary (the triage advice whole, the remedy, times in local "
	    "time,\nclock skews in words), then the same verdict.\n\n"
	    "Options:\n"
	    "  -k, --key PUBKEY    require a signature by this public key "
	    "(64 hex digits,\n"
	    "                      or a technician.pub file)\n"
	    "  -u, --allow-unsigned  accept a report with a digest but no "
	    "signature\n"
	    "  -h, --help          this help\n",
	.options = report_opts,
	.exec = report_exec,
};
