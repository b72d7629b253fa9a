/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_report.c - lockscope report verify FILE [--key PUBKEY] | report
 * show FILE [--key PUBKEY]: check a visit report's integrity, or print a
 * summary of it (src/visit/report.h, man/lockscope-report.5).
 *
 * Exit: 0 verified; 1 a report that does not verify (changed, unsigned
 * when --key is given, signed by another key); 65 not a report (not
 * JSON, no schema, unreadable as a report); 74 I/O errors.  show prints
 * the summary first, then exits the same way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* "value (provenance)" of a reading object. */
static const char *
show_reading(const cJSON *r, char *out, size_t cap, size_t cols)
{
	char	v[160], p[32], tmp[200];

	if (!cJSON_IsObject(r))
		return "-";
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

static void
show_summary(const cJSON *r)
{
	const cJSON	*v, *a, *d, *s, *o, *it, *ev;
	char		 b1[200], b2[200], b3[200], b4[420];

	v = cJSON_GetObjectItemCaseSensitive(r, "visit");
	printf("visit %s\n", show_str(v, "id", b1, sizeof b1, 40));
	printf("  %-11s %s\n", "started", show_str(v, "started", b1,
	    sizeof b1, 60));
	printf("  %-11s %s\n", "finished", show_str(v, "finished", b1,
	    sizeof b1, 60));
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
	printf("steps\n");
	s = cJSON_GetObjectItemCaseSensitive(r, "steps");
	cJSON_ArrayForEach(it, s) {
		printf("  %-8s %-24s %s\n", show_str(it, "status", b1,
		    sizeof b1, 8), show_str(it, "id", b2, sizeof b2, 24),
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

static const struct cmd_opt report_opts[] = {
	{ 'k', "key", CMD_ARG_STRING, 0,
	    .help = "require a signature by this public key" },
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
	if (e != LS_OK) {
		if (strcmp(sub, "show") == 0 && e == LS_EFAIL)
			printf("integrity   FAILED: %s\n", eb.msg);
		ls_err_prefix(&eb, "%s", file);
		rc = cmd_fail(ce, &eb);
	} else if (strcmp(sub, "show") == 0) {
		printf("integrity   ok, %s%s\n  sha256 %s\n",
		    chk.is_signed ? "signed by " : "digest only, not signed",
		    chk.is_signed ? chk.fingerprint : "", chk.sha256);
		rc = 0;
	} else {
		if (chk.is_signed)
			printf("%s: ok: sha256 %s, signed by %s\n", file,
			    chk.sha256, chk.fingerprint);
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
	.usage = "verify FILE [--key PUBKEY] | show FILE [--key PUBKEY]",
	.summary = "verify a visit report's digest and signature, or "
	    "summarise it",
	.help =
	    "verify checks that the SHA-256 of the report's canonical body "
	    "(RFC 8785)\nmatches and, when signed, that the Ed25519 "
	    "signature verifies; exit 0 when\nit does, 1 when the report "
	    "was changed, 65 when it is not a report.\nshow prints a "
	    "summary, then the same verdict.\n\n"
	    "Options:\n"
	    "  -k, --key PUBKEY    require a signature by this public key "
	    "(64 hex digits,\n"
	    "                      or a technician.pub file)\n"
	    "  -h, --help          this help\n",
	.options = report_opts,
	.exec = report_exec,
};
