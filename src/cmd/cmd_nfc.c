/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_nfc.c - lockscope nfc: what credentials and setup tags are on the
 * reader, how clonable they are, and which product a setup tag belongs
 * to, without raw UIDs or setup codes (lockscope-nfc(1)).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/adapters.h"
#include "cmd/cmd.h"
#include "present/devices.h"
#include "present/tags.h"
#include "util/loop.h"

#define NFC_MAX_WAIT	3600	/* s, at most, for --timeout */

static volatile bool	nfc_stop;

static void
nfc_on_signal(int signo)
{
	(void)signo;
	nfc_stop = true;
}

static const struct cmd_opt nfc_opts[] = {
	{ 'n', "nfc", CMD_ARG_STRING, 0, .env = "LOCKSCOPE_NFC",
	    .help = "the libnfc connstring of the reader" },
	{ 'j', "json", CMD_ARG_NONE, 0,
	    .help = "NDJSON: a tag line per tag, then a summary" },
	{ 't', "timeout", CMD_ARG_SECONDS, 0, .max = NFC_MAX_WAIT,
	    .what = "timeout",
	    .want = "want seconds, 0 to " CMD_STR(NFC_MAX_WAIT),
	    .help = "wait this long for a tag in an empty field" },
	{ 'h', "help", CMD_ARG_HELP, 0, .help = "this help" },
	{ .name = NULL }
};

static int
nfc_exec(const struct cmd_entry *ce, struct cmd_args *args)
{
	struct tag_collection	*run;
	struct ls_errbuf	 eb;
	struct sigaction	 sa;
	const char		*conn = cmd_args_get(args, 'n');
	char			 counts[160];
	uint64_t		 t0, seen;
	double			 wait_s, secs;
	bool			 json = cmd_args_has(args, 'j');
	bool			 failed_write = false;
	size_t			 i;
	cJSON			*o;
	enum ls_err		 e;
	int			 rc;

	wait_s = cmd_args_number(args, 't', 0);
	if (cmd_args_count(args) > 0)
		return cmd_usage(ce, "unexpected argument '%s'",
		    cmd_args_string(args, 0));
	if (conn == NULL || *conn == '\0')
		return cmd_usage(ce, "no reader given (use --nfc CONN or set "
		    "LOCKSCOPE_NFC; e.g. pn532_uart:/dev/ttyUSB0)");

	ls_err_clear(&eb);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = nfc_on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if ((run = calloc(1, sizeof *run)) == NULL) {
		ls_err_set(&eb, LS_ENOMEM, "out of memory");
		return cmd_fail(ce, &eb);
	}
	t0 = loop_now_ms();
	e = tag_collect(&adapters_nfc_reader, conn, wait_s, &nfc_stop, run,
	    &eb);
	secs = (loop_now_ms() - t0) / 1000.0;
	if (e != LS_OK) {
		/* Ctrl-C during a libnfc wait shows up as a reader error. */
		if (nfc_stop) {
			fprintf(stderr, "lockscope nfc: interrupted\n");
			rc = 130;
		} else
			rc = cmd_fail(ce, &eb);
		free(run);
		return rc;
	}
	tags_counts(run, counts, sizeof counts);
	if (json) {
		seen = loop_wall_us();
		for (i = 0; i < run->n; i++) {
			o = tags_json(&run->rep[i], seen);
			if (o == NULL || !devices_print_json(stdout, o))
				failed_write = true;
			cJSON_Delete(o);
		}
		if ((o = devices_ndjson_object("summary")) == NULL) {
			free(run);
			ls_err_set(&eb, LS_ENOMEM, "out of memory");
			return cmd_fail(ce, &eb);
		}
		cJSON_AddStringToObject(o, "command", "nfc");
		cJSON_AddStringToObject(o, "reader", run->reader);
		cJSON_AddStringToObject(o, "chip", run->chip);
		cJSON_AddNumberToObject(o, "tags", (double)run->n);
		cJSON_AddNumberToObject(o, "clonable",
		    (double)run->by_sec[TAG_SEC_CLONABLE]);
		cJSON_AddNumberToObject(o, "weak",
		    (double)run->by_sec[TAG_SEC_WEAK]);
		cJSON_AddNumberToObject(o, "strong",
		    (double)run->by_sec[TAG_SEC_STRONG]);
		cJSON_AddNumberToObject(o, "unknown",
		    (double)run->by_sec[TAG_SEC_UNKNOWN]);
		cJSON_AddNumberToObject(o, "setup_payloads",
		    (double)run->setups);
		cJSON_AddNumberToObject(o, "duration_s",
		    (double)(int)(secs * 10) / 10);
		cJSON_AddBoolToObject(o, "interrupted", nfc_stop);
		cJSON_AddNullToObject(o, "error");
		if (!devices_print_json(stdout, o))
			failed_write = true;
		cJSON_Delete(o);
	} else {
		printf("lockscope nfc  %s%s%s\n", run->reader,
		    run->chip[0] ? "  " : "", run->chip);
		if (run->n > 0)
			tags_table(stdout, run);
		printf("%s in %.1f s%s\n", counts, secs,
		    nfc_stop ? ", interrupted" : "");
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		failed_write = true;
	free(run);
	if (failed_write) {
		ls_err_set(&eb, LS_EIO, "cannot write to standard output");
		return cmd_fail(ce, &eb);
	}
	return 0;
}

const struct cmd_entry cmd_nfc_entry = {
	.name = "nfc",
	.usage = "--nfc CONN [--json] [--timeout SECONDS]",
	.summary = "identify NFC credentials and setup tags on a reader",
	.help =
	    "Options:\n"
	    "  -n, --nfc CONN          libnfc connstring: "
	    "pn532_uart:/dev/ttyUSB0,\n"
	    "                          acr122_usb, pn53x_usb "
	    "(default: $LOCKSCOPE_NFC)\n"
	    "  -j, --json              NDJSON: a tag line per tag, then a "
	    "summary line\n"
	    "  -t, --timeout SECONDS   wait up to SECONDS for a tag when the "
	    "field is\n"
	    "                          empty (default 0: look once)\n"
	    "  -h, --help              this help\n"
	    "\n"
	    "UIDs are shown only as uid_sha256, keyed with the secret in\n"
	    "$LOCKSCOPE_UID_KEY or ~/.config/lockscope/uid.key (made at "
	    "first use).\n",
	.options = nfc_opts,
	.exec = nfc_exec,
};
