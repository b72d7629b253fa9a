/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * main.c - lockscope [global options] COMMAND [options]
 */
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/log.h"
#include "cmd/cmd.h"

struct cmd_globals	cmd_g;

static const struct cmd_entry *const main_cmds[] = {
	&cmd_scan_entry,
	&cmd_replay_entry,
	&cmd_inspect_entry,
	&cmd_nfc_entry,
	&cmd_visit_entry,
	&cmd_report_entry,
	&cmd_key_entry,
	&cmd_profile_entry,
	&cmd_doctor_entry,
};
#define MAIN_NCMDS	(sizeof main_cmds / sizeof main_cmds[0])

static void
main_usage(FILE *f)
{
	size_t	i;

	fprintf(f, "usage: lockscope [-v] [--help] [--version] COMMAND "
	    "[options]\n\n"
	    "Field diagnostics for smart locks over Bluetooth LE.\n\n"
	    "Commands:\n");
	for (i = 0; i < MAIN_NCMDS; i++)
		fprintf(f, "  %-10s %s\n", main_cmds[i]->name,
		    main_cmds[i]->summary);
	fprintf(f, "\nGlobal options:\n"
	    "  -v, --verbose   diagnostics on stderr (repeat for more)\n"
	    "  -h, --help      this help; 'lockscope COMMAND --help' for a "
	    "command\n"
	    "  -V, --version   print the version\n\n"
	    "Environment: LOCKSCOPE_ADAPTER (default adapter), NO_COLOR.\n"
	    "Exit codes: 0 ok, 1 something failed, 64 usage, 65 bad input "
	    "data,\n69 adapter or device unavailable, 74 I/O error, "
	    "77 permission denied.\nSee lockscope(1).\n");
}

static void
main_log_sink(enum ls_log_level level, const char *line, void *arg)
{
	static const char *const names[] = { "error", "warning", "info",
	    "debug" };

	(void)arg;
	fprintf(stderr, "lockscope: %s: %s\n", names[level], line);
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
cmd_bad_option(const struct cmd_entry *ce, char **argv)
{
	return cmd_usage(ce, "unknown or incomplete option '%s'",
	    argv[optind - 1]);
}

int
cmd_help(const struct cmd_entry *ce)
{
	printf("usage: lockscope %s %s\n\n%s\n\n%s", ce->name, ce->usage,
	    ce->summary, ce->help);
	return 0;
}

bool
cmd_parse_seconds(const char *s, double max, double *out)
{
	char	*end;
	double	 v;

	if (*s == '\0')
		return false;
	v = strtod(s, &end);
	if (*end != '\0' || !(v >= 0 && v <= max))
		return false;
	*out = v;
	return true;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char	*nc;
	size_t		 i;
	int		 ch;

	signal(SIGPIPE, SIG_IGN);
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+hvV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			main_usage(stdout);
			return 0;
		case 'v':
			cmd_g.verbose++;
			break;
		case 'V':
			printf("lockscope %s\n", LS_VERSION);
			return 0;
		default:
			fprintf(stderr, "lockscope: unknown option '%s'\n",
			    argv[optind - 1]);
			main_usage(stderr);
			return 64;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "lockscope: no command given\n");
		main_usage(stderr);
		return 64;
	}
	nc = getenv("NO_COLOR");
	cmd_g.color = (nc == NULL || *nc == '\0') && isatty(STDOUT_FILENO);
	if (cmd_g.verbose > 0)
		ls_log_set_sink(main_log_sink, NULL, cmd_g.verbose > 1 ?
		    LS_LOG_DEBUG : LS_LOG_INFO);

	if (strcmp(argv[optind], "help") == 0) {
		if (optind + 1 >= argc) {
			main_usage(stdout);
			return 0;
		}
		optind++;
		for (i = 0; i < MAIN_NCMDS; i++)
			if (strcmp(argv[optind], main_cmds[i]->name) == 0)
				return cmd_help(main_cmds[i]);
	}
	for (i = 0; i < MAIN_NCMDS; i++) {
		if (strcmp(argv[optind], main_cmds[i]->name) == 0) {
			argc -= optind;
			argv += optind;
			optind = 0;	/* full getopt reset for the command */
			opterr = 0;
			return main_cmds[i]->exec(main_cmds[i], argc, argv);
		}
	}
	fprintf(stderr, "lockscope: unknown command '%s'\n", argv[optind]);
	main_usage(stderr);
	return 64;
}
