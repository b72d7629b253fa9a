/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd.c - the command table, and what every command does alike: read
 * its command line against its option table, print its help, its usage
 * errors and its failures.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "adapters/default_adapter.h"
#include "cmd/cmd.h"
#include "present/devices.h"

struct cmd_globals	cmd_g;

const struct cmd_entry *const cmd_table[] = {
	&cmd_scan_entry,
	&cmd_find_entry,
	&cmd_replay_entry,
	&cmd_inspect_entry,
	&cmd_nfc_entry,
	&cmd_visit_entry,
	&cmd_report_entry,
	&cmd_records_entry,
	&cmd_key_entry,
	&cmd_profile_entry,
	&cmd_doctor_entry,
};
const size_t	cmd_table_size = sizeof cmd_table / sizeof cmd_table[0];

int
cmd_run(const struct cmd_entry *ce, int argc, char **argv)
{
	struct cmd_args	args;
	int		flags = 0;

	if (getenv("POSIXLY_CORRECT") != NULL)
		flags |= CMD_ARGS_IN_ORDER;
	switch (cmd_args_parse(&args, ce->options, argc, argv, flags)) {
	case CMD_ARGS_OK:
		break;
	case CMD_ARGS_HELP:
		return cmd_help(ce);
	case CMD_ARGS_BAD_OPTION:
		return cmd_usage(ce, "unknown or incomplete option '%s'",
		    args.bad);
	case CMD_ARGS_BAD_NUMBER:
		return cmd_usage(ce, "bad %s '%s' (%s)", args.bad_opt->what,
		    args.bad, args.bad_opt->want);
	}
	return ce->exec(ce, &args);
}

int
cmd_fail(const struct cmd_entry *ce, const struct ls_errbuf *eb)
{
	fprintf(stderr, "lockscope %s: %s\n", ce->name, eb->msg);
	if (cmd_g.verbose > 0 && eb->file != NULL)
		fprintf(stderr, "lockscope %s: (detected at %s:%d)\n",
		    ce->name, eb->file, eb->line);
	return ls_err_exit(eb->code);
}

int
cmd_usage(const struct cmd_entry *ce, const char *fmt, ...)
{
	va_list	ap;

	fprintf(stderr, "lockscope %s: ", ce->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: lockscope %s %s\n", ce->name, ce->usage);
	return ls_err_exit(LS_EUSAGE);
}

int
cmd_help(const struct cmd_entry *ce)
{
	printf("usage: lockscope %s %s\n\n%s\n\n%s", ce->name, ce->usage,
	    ce->summary, ce->help);
	return 0;
}

const char *
cmd_adapter(const struct cmd_entry *ce, const char *spec, char *buf,
    size_t cap, int *rc)
{
	struct ls_errbuf	eb;
	char			why[64];

	if (spec != NULL && *spec != '\0')
		return spec;
	ls_err_clear(&eb);
	/* The test suite's seam: candidates instead of the real probe. */
	if (default_adapter_find(getenv("LOCKSCOPE_TEST_ADAPTERS"), buf, cap,
	    why, sizeof why, &eb) != LS_OK) {
		*rc = cmd_fail(ce, &eb);
		return NULL;
	}
	fprintf(stderr, "lockscope: using adapter %s (%s)\n", buf, why);
	return buf;
}

int
cmd_filter(const struct cmd_entry *ce, const struct cmd_args *args,
    struct devices_filter *f)
{
	f->locks_only = cmd_args_has(args, CMD_KEY_LOCKS_ONLY) > 0;
	f->family = cmd_args_get(args, CMD_KEY_FAMILY);
	f->name = cmd_args_get(args, CMD_KEY_NAME);
	if (f->family != NULL && !devices_family_known(f->family))
		return cmd_usage(ce, "unknown family '%s' (want one of "
		    "lockscope-ndjson(5): homekit, matter, ttlock, nuki, "
		    "switchbot, yale-august, sesame, tuya, xiaomi, airbnk, "
		    "schlage, tedee, danalock, ultraloq, igloohome, noke, "
		    "generic)", f->family);
	return 0;
}
