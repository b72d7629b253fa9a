/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * main.c - lockscope [global options] COMMAND [options]: the global
 * options, then the command (cmd_run() reads its own options).
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "util/log.h"

static void
main_usage(FILE *f)
{
	size_t	i;

	fprintf(f, "usage: lockscope [-v] [--help] [--version] COMMAND "
	    "[options]\n\n"
	    "Field diagnostics for smart locks over Bluetooth LE.\n\n"
	    "Commands:\n");
	for (i = 0; i < cmd_table_size; i++)
		fprintf(f, "  %-10s %s\n", cmd_table[i]->name,
		    cmd_table[i]->summary);
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
		for (i = 0; i < cmd_table_size; i++)
			if (strcmp(argv[optind], cmd_table[i]->name) == 0)
				return cmd_help(cmd_table[i]);
	}
	for (i = 0; i < cmd_table_size; i++)
		if (strcmp(argv[optind], cmd_table[i]->name) == 0)
			return cmd_run(cmd_table[i], argc - optind,
			    argv + optind);
	fprintf(stderr, "lockscope: unknown command '%s'\n", argv[optind]);
	main_usage(stderr);
	return 64;
}
