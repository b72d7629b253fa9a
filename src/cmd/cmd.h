/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd.h - the command table and what commands share.
 *
 * One file per command, each defining a const struct cmd_entry (the tmux
 * habit): its name, synopsis, help and a table of its options.  The
 * command line is read once against that table (cmd_args.c) before the
 * command's exec runs; exec reads the options with cmd_args_get() and
 * friends.  Commands are the only layer that prints and picks exit codes
 * (lockscope(1) EXIT STATUS): they turn an ls_errbuf into "lockscope CMD:
 * message".
 */
#ifndef LS_CMD_CMD_H
#define LS_CMD_CMD_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

/* A number as a string literal, after macro expansion (for messages). */
#define CMD_STR(x)	CMD_STR_(x)
#define CMD_STR_(x)	#x

#define CMD_MAX_DEVICES	1000000	/* --max-devices, at most (scan, replay) */

/* What an option takes. */
enum cmd_opt_arg {
	CMD_ARG_NONE,		/* nothing: a switch */
	CMD_ARG_HELP,		/* nothing; reading stops, the help is shown */
	CMD_ARG_STRING,		/* any text, "" included */
	CMD_ARG_SECONDS,	/* a decimal number of seconds in the range */
	CMD_ARG_COUNT		/* a whole decimal number in the range */
};

/* cmd_opt flags. */
#define CMD_OPT_LONG_ONLY	0x1	/* key is not a short option */
#define CMD_OPT_HIDDEN		0x2	/* left out of --help (a testing aid) */
#define CMD_OPT_ABOVE_MIN	0x4	/* numbers: more than min, not equal */

/*
 * One option of a command.  A table of them ends with an entry whose
 * name is NULL.  Keys are unique in a table; the key is also the short
 * option ("-a") unless CMD_OPT_LONG_ONLY.  Numbers out of [min, max] are
 * refused with "bad WHAT 'ARG' (WANT)".
 */
struct cmd_opt {
	int			 key;
	const char		*name;		/* the long option, no "--" */
	enum cmd_opt_arg	 arg;
	int			 flags;
	const char		*env;		/* string default from here */
	double			 min, max;	/* numbers: the range */
	const char		*what;		/* numbers: "bad WHAT ..." */
	const char		*want;		/* numbers: "(WANT)" */
	const char		*help;		/* one line */
};

#define CMD_OPTS_MAX		24	/* options in one table, at most */

/* cmd_args_parse() flags. */
#define CMD_ARGS_IN_ORDER	0x1	/* the first operand ends the options */

/* What reading a command line came to. */
enum cmd_args_status {
	CMD_ARGS_OK,
	CMD_ARGS_HELP,		/* a help option: the rest was not read */
	CMD_ARGS_BAD_OPTION,	/* bad: unknown, ambiguous, argument wrong */
	CMD_ARGS_BAD_NUMBER	/* bad: the argument of bad_opt */
};

/*
 * A command line read against a table.  Read it through the functions
 * below; it points into the table and into argv.
 */
struct cmd_args {
	const struct cmd_opt	*opts;
	struct {
		int		 count;		/* times given */
		const char	*value;		/* last argument or default */
		double		 number;	/* numbers: last value */
	}			 v[CMD_OPTS_MAX];
	int			 argc;		/* operands */
	char			**argv;
	const char		*bad;		/* what was refused */
	const struct cmd_opt	*bad_opt;
};

struct cmd_entry {
	const char		*name;
	const char		*usage;		/* man-synopsis form, after
						   the name */
	const char		*summary;	/* one line for the list */
	const char		*help;		/* option list for --help */
	const struct cmd_opt	*options;	/* its options */
	int			(*exec)(const struct cmd_entry *,
				    struct cmd_args *);
};

extern const struct cmd_entry	cmd_scan_entry;
extern const struct cmd_entry	cmd_find_entry;
extern const struct cmd_entry	cmd_replay_entry;
extern const struct cmd_entry	cmd_inspect_entry;
extern const struct cmd_entry	cmd_nfc_entry;
extern const struct cmd_entry	cmd_visit_entry;
extern const struct cmd_entry	cmd_report_entry;
extern const struct cmd_entry	cmd_records_entry;
extern const struct cmd_entry	cmd_key_entry;
extern const struct cmd_entry	cmd_profile_entry;
extern const struct cmd_entry	cmd_doctor_entry;

/* Every command, in the order of "lockscope --help". */
extern const struct cmd_entry *const	cmd_table[];
extern const size_t			cmd_table_size;

/* Global options, set by main before a command runs. */
struct cmd_globals {
	int		 verbose;	/* -v count */
	bool		 color;		/* colour allowed (tty, no NO_COLOR) */
};
extern struct cmd_globals	cmd_g;

/*
 * Run ce with argv[0] its name: read argv against ce->options (as
 * getopt_long(3) did, operands after options included; in order only
 * when POSIXLY_CORRECT is set), then print the help, a usage error, or
 * run ce->exec.  Returns the exit status.
 */
int		cmd_run(const struct cmd_entry *ce, int argc, char **argv);

/* Print "lockscope CMD: message" (+ where with -v); return exit code. */
int		cmd_fail(const struct cmd_entry *, const struct ls_errbuf *);

/* Print a usage error and the synopsis; return 64. */
int		cmd_usage(const struct cmd_entry *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

/* Print the command's --help text to stdout; return 0. */
int		cmd_help(const struct cmd_entry *);

/*
 * The adapter a command uses: spec when given (--adapter, or
 * LOCKSCOPE_ADAPTER through the option's env default) and not empty;
 * else the only usable adapter of the laptop
 * (adapters/default_adapter.h), copied into buf (cap bytes) and named
 * on stderr ("lockscope: using adapter hci0 (the only one up)").  When
 * there is none or several: NULL, the reason printed, *rc the exit
 * status (69).  The test suite replaces the probe with the list in
 * LOCKSCOPE_TEST_ADAPTERS (lockscope-internals(7)).
 */
const char	*cmd_adapter(const struct cmd_entry *ce, const char *spec,
		    char *buf, size_t cap, int *rc);

/*
 * Keys of the device filters and --final-only (scan, replay): put these
 * entries in the command's option table.
 */
#define CMD_KEY_LOCKS_ONLY	'K'
#define CMD_KEY_FAMILY		'Y'
#define CMD_KEY_NAME		'W'
#define CMD_KEY_FINAL_ONLY	'Z'
#define CMD_OPTS_FILTER \
	{ CMD_KEY_LOCKS_ONLY, "locks-only", CMD_ARG_NONE, CMD_OPT_LONG_ONLY, \
	    .help = "device lines only for locks" }, \
	{ CMD_KEY_FAMILY, "family", CMD_ARG_STRING, CMD_OPT_LONG_ONLY, \
	    .help = "device lines only for this lock family" }, \
	{ CMD_KEY_NAME, "name", CMD_ARG_STRING, CMD_OPT_LONG_ONLY, \
	    .help = "device lines only for names matching this glob" }, \
	{ CMD_KEY_FINAL_ONLY, "final-only", CMD_ARG_NONE, CMD_OPT_LONG_ONLY, \
	    .help = "NDJSON: only the final device lines and the summary" }

struct devices_filter;
struct records;

/*
 * The records database a command uses (cmd_records.c): db when given and
 * not empty, else $XDG_DATA_HOME/lockscope/records.db (~/.local/share/...
 * without it; its directories created, mode 0700) into buf.  NULL with
 * eb filled when there is no place for it.
 */
const char	*cmd_records_db(const char *db, char *buf, size_t cap,
		    struct ls_errbuf *eb);

/* cmd_records_db, then records_open; the message names a file, never a
   URI (it may hold a password). */
enum ls_err	cmd_records_open(const char *db, struct records **,
		    struct ls_errbuf *eb);

/*
 * Read --locks-only, --family and --name into *f (pointing into args).
 * Returns 0, or the exit status of a usage error (an unknown family).
 */
int		cmd_filter(const struct cmd_entry *ce,
		    const struct cmd_args *args, struct devices_filter *f);

/*
 * Read argv[1..argc-1] against opts into a.  Options and operands may
 * mix (operands keep their order) unless flags has CMD_ARGS_IN_ORDER;
 * "--" ends the options.  Short options cluster ("-jh") and take their
 * argument attached ("-ahci0") or as the next word; long options take
 * "--name=ARG" or "--name ARG", and any prefix naming one option only.
 * Options with an env default start from getenv() of it.  Stops at the
 * first help option or error; on an error a->bad is the word (or, for
 * CMD_ARGS_BAD_NUMBER, the argument) refused.  Reorders argv[1..]: the
 * operands end up first.  Nothing is printed or allocated.
 */
enum cmd_args_status cmd_args_parse(struct cmd_args *a,
		    const struct cmd_opt *opts, int argc, char **argv,
		    int flags);

/* How many times the option with this key was given (0: not given). */
int		cmd_args_has(const struct cmd_args *, int key);

/*
 * The option's last argument, else its environment default, else NULL.
 */
const char	*cmd_args_get(const struct cmd_args *, int key);

/* A numeric option's last value, or def when it was not given. */
double		cmd_args_number(const struct cmd_args *, int key,
		    double def);

/* The number of operands (the words that are not options). */
int		cmd_args_count(const struct cmd_args *);

/* Operand i (from 0), or NULL past the last. */
const char	*cmd_args_string(const struct cmd_args *, int i);

#endif
