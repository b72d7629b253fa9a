/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd.h - the command table and what commands share.
 *
 * One file per command, each defining a const struct cmd_entry (the tmux
 * habit).  Commands are the only layer that prints and picks exit codes
 * (lockscope(1) EXIT STATUS): they turn an ls_errbuf into "lockscope CMD: message".
 */
#ifndef LS_CMD_CMD_H
#define LS_CMD_CMD_H

#include <stdbool.h>

#include "util/err.h"

struct cmd_entry {
	const char	*name;
	const char	*usage;		/* man-synopsis form, after the name */
	const char	*summary;	/* one line for the command list */
	const char	*help;		/* option list for --help */
	int		(*exec)(const struct cmd_entry *, int argc,
			    char **argv);
};

extern const struct cmd_entry	cmd_scan_entry;
extern const struct cmd_entry	cmd_replay_entry;
extern const struct cmd_entry	cmd_inspect_entry;
extern const struct cmd_entry	cmd_nfc_entry;
extern const struct cmd_entry	cmd_visit_entry;
extern const struct cmd_entry	cmd_report_entry;
extern const struct cmd_entry	cmd_key_entry;
extern const struct cmd_entry	cmd_profile_entry;
extern const struct cmd_entry	cmd_doctor_entry;

/* Global options, set by main before a command runs. */
struct cmd_globals {
	int		 verbose;	/* -v count */
	bool		 color;		/* colour allowed (tty, no NO_COLOR) */
};
extern struct cmd_globals	cmd_g;

/* Print "lockscope CMD: message" (+ where with -v); return exit code. */
int		cmd_fail(const struct cmd_entry *, const struct ls_errbuf *);

/* Print a usage error and the synopsis; return 64. */
int		cmd_usage(const struct cmd_entry *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

/*
 * The usage error for the option getopt_long() just refused
 * (argv[optind - 1]: unknown, or missing its argument); returns 64.
 */
int		cmd_bad_option(const struct cmd_entry *, char **argv);

/* Print the command's --help text to stdout; return 0. */
int		cmd_help(const struct cmd_entry *);

/*
 * Parse a duration in seconds ("3", "2.5") in [0, max].  False on
 * anything else.
 */
bool		cmd_parse_seconds(const char *s, double max, double *out);

#endif
