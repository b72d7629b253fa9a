/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_cmd_args.c - unit tests for src/cmd/cmd_args.c (a command line
 * read against an option table) and for the commands' tables: each
 * command's --help names every option in its table and nothing else,
 * and scripts/lockscope.bash-completion offers them (curl's habit of a
 * test keeping help and code in step).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cmd/cmd.h"

#define T_ENV		"LOCKSCOPE_TEST_CMD_ARGS"
#define T_COMPLETION	"scripts/lockscope.bash-completion"

static const struct cmd_opt t_opts[] = {
	{ 'a', "adapter", CMD_ARG_STRING, 0, .env = T_ENV,
	    .help = "a string with an environment default" },
	{ 'c', "capture", CMD_ARG_STRING, 0, .help = "a plain string" },
	{ 'j', "json", CMD_ARG_NONE, 0, .help = "a switch" },
	{ 'J', "json-lines", CMD_ARG_NONE, 0,
	    .help = "a switch whose name begins with another's" },
	{ 'm', "max-devices", CMD_ARG_COUNT, 0, .min = 1, .max = 1000,
	    .what = "--max-devices", .want = "want 1 to 1000",
	    .help = "a count" },
	{ 't', "timeout", CMD_ARG_SECONDS, CMD_OPT_ABOVE_MIN, .max = 600,
	    .what = "timeout", .want = "want seconds, more than 0 up to 600",
	    .help = "seconds, more than 0" },
	{ 'd', "duration", CMD_ARG_SECONDS, 0, .max = 60,
	    .what = "duration", .want = "want seconds, 0 to 60",
	    .help = "seconds, 0 allowed" },
	{ 'L', "legacy", CMD_ARG_NONE, CMD_OPT_LONG_ONLY,
	    .help = "a switch with no short form" },
	{ 'h', "help", CMD_ARG_HELP, 0, .help = "this help" },
	{ .name = NULL }
};

/* Parse the words after a made-up command name; flags as given. */
static enum cmd_args_status
t_parse_flags(struct cmd_args *a, char **argv, int flags)
{
	int	argc;

	for (argc = 0; argv[argc] != NULL; argc++)
		;
	return cmd_args_parse(a, t_opts, argc, argv, flags);
}

static enum cmd_args_status
t_parse(struct cmd_args *a, char **argv)
{
	return t_parse_flags(a, argv, 0);
}

static int
t_setup(void **state)
{
	(void)state;
	unsetenv(T_ENV);
	return 0;
}

static void
test_short_and_long(void **state)
{
	struct cmd_args	a;
	char		*v1[] = { "x", "-a", "hci0", "--json", "-c", "f.snoop",
			    NULL };
	char		*v2[] = { "x", "--adapter", "hci1", "-j", "--capture",
			    "g", "--legacy", NULL };

	(void)state;
	assert_int_equal(t_parse(&a, v1), CMD_ARGS_OK);
	assert_string_equal(cmd_args_get(&a, 'a'), "hci0");
	assert_string_equal(cmd_args_get(&a, 'c'), "f.snoop");
	assert_int_equal(cmd_args_has(&a, 'j'), 1);
	assert_int_equal(cmd_args_has(&a, 'J'), 0);
	assert_int_equal(cmd_args_has(&a, 'L'), 0);
	assert_int_equal(cmd_args_count(&a), 0);

	assert_int_equal(t_parse(&a, v2), CMD_ARGS_OK);
	assert_string_equal(cmd_args_get(&a, 'a'), "hci1");
	assert_string_equal(cmd_args_get(&a, 'c'), "g");
	assert_int_equal(cmd_args_has(&a, 'j'), 1);
	assert_int_equal(cmd_args_has(&a, 'L'), 1);
	/* A key not in the table. */
	assert_int_equal(cmd_args_has(&a, 'z'), 0);
	assert_null(cmd_args_get(&a, 'z'));
}

static void
test_clusters_and_attached(void **state)
{
	struct cmd_args	a;
	char		*v1[] = { "x", "-jahci0", NULL };
	char		*v2[] = { "x", "-ja", "hci2", "-jJ", NULL };
	char		*v3[] = { "x", "-m5", "-t", "2.5", NULL };

	(void)state;
	assert_int_equal(t_parse(&a, v1), CMD_ARGS_OK);
	assert_int_equal(cmd_args_has(&a, 'j'), 1);
	assert_string_equal(cmd_args_get(&a, 'a'), "hci0");

	assert_int_equal(t_parse(&a, v2), CMD_ARGS_OK);
	assert_int_equal(cmd_args_has(&a, 'j'), 2);	/* counted */
	assert_int_equal(cmd_args_has(&a, 'J'), 1);
	assert_string_equal(cmd_args_get(&a, 'a'), "hci2");

	assert_int_equal(t_parse(&a, v3), CMD_ARGS_OK);
	assert_true(cmd_args_number(&a, 'm', 99) == 5);
	assert_true(cmd_args_number(&a, 't', 99) == 2.5);
	assert_true(cmd_args_number(&a, 'd', 7) == 7);	/* not given */
}

static void
test_equals_forms(void **state)
{
	struct cmd_args	a;
	char		*v1[] = { "x", "--adapter=hci3", "--capture=", NULL };
	char		*v2[] = { "x", "--adapter=a=b", "--timeout=1", NULL };
	char		*v3[] = { "x", "--json=1", NULL };

	(void)state;
	assert_int_equal(t_parse(&a, v1), CMD_ARGS_OK);
	assert_string_equal(cmd_args_get(&a, 'a'), "hci3");
	assert_string_equal(cmd_args_get(&a, 'c'), "");
	assert_int_equal(cmd_args_has(&a, 'c'), 1);

	assert_int_equal(t_parse(&a, v2), CMD_ARGS_OK);
	assert_string_equal(cmd_args_get(&a, 'a'), "a=b");
	assert_true(cmd_args_number(&a, 't', 0) == 1);

	/* A switch takes no "=value". */
	assert_int_equal(t_parse(&a, v3), CMD_ARGS_BAD_OPTION);
	assert_string_equal(a.bad, "--json=1");
}

static void
test_abbreviations(void **state)
{
	struct cmd_args	a;
	char		*v1[] = { "x", "--ad", "hci0", "--max=3", "--leg",
			    NULL };
	char		*v2[] = { "x", "--json", NULL };	/* exact wins */
	char		*v3[] = { "x", "--js", NULL };		/* ambiguous */
	char		*v4[] = { "x", "--d", "1", NULL };
	char		*v5[] = { "x", "--=x", NULL };

	(void)state;
	assert_int_equal(t_parse(&a, v1), CMD_ARGS_OK);
	assert_string_equal(cmd_args_get(&a, 'a'), "hci0");
	assert_true(cmd_args_number(&a, 'm', 0) == 3);
	assert_int_equal(cmd_args_has(&a, 'L'), 1);

	assert_int_equal(t_parse(&a, v2), CMD_ARGS_OK);
	assert_int_equal(cmd_args_has(&a, 'j'), 1);
	assert_int_equal(cmd_args_has(&a, 'J'), 0);

	assert_int_equal(t_parse(&a, v3), CMD_ARGS_BAD_OPTION);
	assert_string_equal(a.bad, "--js");
	/* "--d" is only duration here. */
	assert_int_equal(t_parse(&a, v4), CMD_ARGS_OK);
	assert_true(cmd_args_number(&a, 'd', 0) == 1);
	assert_int_equal(t_parse(&a, v5), CMD_ARGS_BAD_OPTION);
}

static void
test_missing_argument(void **state)
{
	struct cmd_args	a;
	char		*v1[] = { "x", "--adapter", NULL };
	char		*v2[] = { "x", "-j", "-a", NULL };
	char		*v3[] = { "x", "-ja", NULL };
	char		*v4[] = { "x", "-a", "--json", NULL };

	(void)state;
	assert_int_equal(t_parse(&a, v1), CMD_ARGS_BAD_OPTION);
	assert_string_equal(a.bad, "--adapter");
	assert_int_equal(t_parse(&a, v2), CMD_ARGS_BAD_OPTION);
	assert_string_equal(a.bad, "-a");
	assert_int_equal(t_parse(&a, v3), CMD_ARGS_BAD_OPTION);
	assert_string_equal(a.bad, "-ja");
	/* The next word is the argument, whatever it looks like. */
	assert_int_equal(t_parse(&a, v4), CMD_ARGS_OK);
	assert_string_equal(cmd_args_get(&a, 'a'), "--json");
	assert_int_equal(cmd_args_has(&a, 'j'), 0);
}

static void
test_unknown_option(void **state)
{
	struct cmd_args	a;
	char		*v1[] = { "x", "--bogus", NULL };
	char		*v2[] = { "x", "-x", NULL };
	char		*v3[] = { "x", "-jx", NULL };
	char		*v4[] = { "x", "-xj", NULL };
	char		*v5[] = { "x", "-L", NULL };	/* long only */
	char		*v6[] = { "x", "---json", NULL };
	char		*v7[] = { "x", "--bogus", "-h", NULL };

	(void)state;
	assert_int_equal(t_parse(&a, v1), CMD_ARGS_BAD_OPTION);
	assert_string_equal(a.bad, "--bogus");
	assert_int_equal(t_parse(&a, v2), CMD_ARGS_BAD_OPTION);
	assert_string_equal(a.bad, "-x");
	assert_int_equal(t_parse(&a, v3), CMD_ARGS_BAD_OPTION);
	assert_string_equal(a.bad, "-jx");
	assert_int_equal(t_parse(&a, v4), CMD_ARGS_BAD_OPTION);
	assert_string_equal(a.bad, "-xj");
	assert_int_equal(t_parse(&a, v5), CMD_ARGS_BAD_OPTION);
	assert_string_equal(a.bad, "-L");
	assert_int_equal(t_parse(&a, v6), CMD_ARGS_BAD_OPTION);
	/* The first problem wins, even before a help option. */
	assert_int_equal(t_parse(&a, v7), CMD_ARGS_BAD_OPTION);
	assert_string_equal(a.bad, "--bogus");
}

static void
test_help_stops(void **state)
{
	struct cmd_args	a;
	char		*v1[] = { "x", "--help", "--bogus", NULL };
	char		*v2[] = { "x", "-jh", "-t", "abc", NULL };
	char		*v3[] = { "x", "stray", "--he", NULL };
	char		*v4[] = { "x", "-t", "abc", "--help", NULL };

	(void)state;
	assert_int_equal(t_parse(&a, v1), CMD_ARGS_HELP);
	assert_int_equal(t_parse(&a, v2), CMD_ARGS_HELP);
	assert_int_equal(t_parse(&a, v3), CMD_ARGS_HELP);
	assert_int_equal(t_parse(&a, v4), CMD_ARGS_BAD_NUMBER);
}

/* word as the argument of option opt: the status, a.bad_opt checked. */
static enum cmd_args_status
t_number(const char *opt, const char *word)
{
	struct cmd_args		a;
	enum cmd_args_status	st;
	char			*v[] = { "x", (char *)opt, (char *)word, NULL };

	st = t_parse(&a, v);
	if (st == CMD_ARGS_BAD_NUMBER) {
		assert_string_equal(a.bad, word);
		assert_non_null(a.bad_opt);
		assert_string_equal(a.bad_opt->name, opt + 2);
	}
	return st;
}

static void
test_numbers(void **state)
{
	static const char *const bad_seconds[] = { "abc", "", "-1", "1e9",
	    "601", "nan", "inf", "2s", "0", "0x10", "1e1", " 3", "3.",
	    ".5" };
	static const char *const bad_counts[] = { "0", "1001", "", "x",
	    "5x", "-1", "1.5", "0x10", "99999999999999999999999" };
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof bad_seconds / sizeof bad_seconds[0]; i++)
		assert_int_equal(t_number("--timeout", bad_seconds[i]),
		    CMD_ARGS_BAD_NUMBER);
	for (i = 0; i < sizeof bad_counts / sizeof bad_counts[0]; i++)
		assert_int_equal(t_number("--max-devices", bad_counts[i]),
		    CMD_ARGS_BAD_NUMBER);
	/* 0 is refused by timeout (more than 0) but not by duration. */
	assert_int_equal(t_number("--duration", "0"), CMD_ARGS_OK);
	assert_int_equal(t_number("--duration", "61"), CMD_ARGS_BAD_NUMBER);
	assert_int_equal(t_number("--timeout", "600"), CMD_ARGS_OK);
	assert_int_equal(t_number("--timeout", "0.001"), CMD_ARGS_OK);
	assert_int_equal(t_number("--max-devices", "1"), CMD_ARGS_OK);
	assert_int_equal(t_number("--max-devices", "1000"), CMD_ARGS_OK);
	/* strtoul's reading, as before: a sign, leading blanks. */
	assert_int_equal(t_number("--max-devices", "+7"), CMD_ARGS_OK);
	assert_int_equal(t_number("--max-devices", " 7"), CMD_ARGS_OK);
}

static void
test_env_default(void **state)
{
	struct cmd_args	a;
	char		*v1[] = { "x", NULL };
	char		*v2[] = { "x", "-a", "hci9", NULL };
	char		*v3[] = { "x", "--adapter=", NULL };

	(void)state;
	assert_int_equal(t_parse(&a, v1), CMD_ARGS_OK);
	assert_null(cmd_args_get(&a, 'a'));

	setenv(T_ENV, "h4:unix:/run/emu.sock", 1);
	assert_int_equal(t_parse(&a, v1), CMD_ARGS_OK);
	assert_string_equal(cmd_args_get(&a, 'a'), "h4:unix:/run/emu.sock");
	assert_int_equal(cmd_args_has(&a, 'a'), 0);	/* not given */
	assert_null(cmd_args_get(&a, 'c'));		/* no default */

	assert_int_equal(t_parse(&a, v2), CMD_ARGS_OK);
	assert_string_equal(cmd_args_get(&a, 'a'), "hci9");
	assert_int_equal(cmd_args_has(&a, 'a'), 1);
	/* Even an empty argument overrides the environment. */
	assert_int_equal(t_parse(&a, v3), CMD_ARGS_OK);
	assert_string_equal(cmd_args_get(&a, 'a'), "");
	unsetenv(T_ENV);
}

static void
test_operands(void **state)
{
	struct cmd_args	a;
	char		*v1[] = { "x", "p1", "-j", "p2", "-", "--", "-a",
			    "--json", NULL };
	char		*v2[] = { "x", "show", "ID", "--json", NULL };
	char		*v3[] = { "x", "--", NULL };

	(void)state;
	assert_int_equal(t_parse(&a, v1), CMD_ARGS_OK);
	assert_int_equal(cmd_args_has(&a, 'j'), 1);
	assert_null(cmd_args_get(&a, 'a'));
	assert_int_equal(cmd_args_count(&a), 5);
	assert_string_equal(cmd_args_string(&a, 0), "p1");
	assert_string_equal(cmd_args_string(&a, 1), "p2");
	assert_string_equal(cmd_args_string(&a, 2), "-");
	assert_string_equal(cmd_args_string(&a, 3), "-a");
	assert_string_equal(cmd_args_string(&a, 4), "--json");
	assert_null(cmd_args_string(&a, 5));
	assert_null(cmd_args_string(&a, -1));

	/* Options after the operands, as getopt_long(3) permuted them. */
	assert_int_equal(t_parse(&a, v2), CMD_ARGS_OK);
	assert_int_equal(cmd_args_count(&a), 2);
	assert_string_equal(cmd_args_string(&a, 1), "ID");
	assert_int_equal(cmd_args_has(&a, 'j'), 1);

	assert_int_equal(t_parse(&a, v3), CMD_ARGS_OK);
	assert_int_equal(cmd_args_count(&a), 0);
}

static void
test_in_order(void **state)
{
	struct cmd_args	a;
	char		*v[] = { "x", "-j", "FILE", "--json", "--", NULL };

	(void)state;
	/* POSIXLY_CORRECT: the first operand ends the options. */
	assert_int_equal(t_parse_flags(&a, v, CMD_ARGS_IN_ORDER),
	    CMD_ARGS_OK);
	assert_int_equal(cmd_args_has(&a, 'j'), 1);
	assert_int_equal(cmd_args_count(&a), 3);
	assert_string_equal(cmd_args_string(&a, 0), "FILE");
	assert_string_equal(cmd_args_string(&a, 1), "--json");
	assert_string_equal(cmd_args_string(&a, 2), "--");
}

static void
test_last_wins(void **state)
{
	struct cmd_args	a;
	char		*v[] = { "x", "-a", "one", "--adapter", "two", "-t1",
			    "-t", "3", NULL };

	(void)state;
	assert_int_equal(t_parse(&a, v), CMD_ARGS_OK);
	assert_string_equal(cmd_args_get(&a, 'a'), "two");
	assert_int_equal(cmd_args_has(&a, 'a'), 2);
	assert_true(cmd_args_number(&a, 't', 0) == 3);
}

/* ---- the commands' tables ------------------------------------------ */

static size_t
t_nopts(const struct cmd_opt *opts)
{
	size_t	n;

	for (n = 0; opts[n].name != NULL; n++)
		;
	return n;
}

static void
test_tables_well_formed(void **state)
{
	const struct cmd_entry	*ce;
	const struct cmd_opt	*o;
	char			 max[32];
	size_t			 i, k, l, n;
	bool			 help;

	(void)state;
	assert_true(cmd_table_size > 0);
	for (i = 0; i < cmd_table_size; i++) {
		ce = cmd_table[i];
		assert_non_null(ce->options);
		n = t_nopts(ce->options);
		assert_true(n <= CMD_OPTS_MAX);
		help = false;
		for (k = 0; k < n; k++) {
			o = &ce->options[k];
			assert_true(o->key > ' ' && o->key < 0x7f);
			assert_non_null(o->help);
			assert_true(o->help[0] != '\0');
			assert_null(strchr(o->help, '\n'));
			for (l = k + 1; l < n; l++) {
				assert_true(o->key != ce->options[l].key);
				assert_string_not_equal(o->name,
				    ce->options[l].name);
			}
			if (o->arg == CMD_ARG_HELP) {
				assert_int_equal(o->key, 'h');
				assert_string_equal(o->name, "help");
				help = true;
			}
			if (o->env != NULL)
				assert_int_equal(o->arg, CMD_ARG_STRING);
			if (o->arg != CMD_ARG_SECONDS &&
			    o->arg != CMD_ARG_COUNT)
				continue;
			/* The message states the range that is checked. */
			assert_non_null(o->what);
			assert_non_null(o->want);
			snprintf(max, sizeof max, " %.0f", o->max);
			assert_non_null(strstr(o->want, max));
		}
		assert_true(help);
	}
}

/* Whether c may be part of a long option's name in help text. */
static bool
t_namechar(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

/* Whether text holds "--name" as a whole option word. */
static bool
t_has_long(const char *text, const char *name)
{
	const char	*p;
	size_t		 n = strlen(name);

	for (p = strstr(text, "--"); p != NULL; p = strstr(p + 1, "--"))
		if (strncmp(p + 2, name, n) == 0 && !t_namechar(p[2 + n]))
			return true;
	return false;
}

/* The option in ce's table named by the n bytes at name, or NULL. */
static const struct cmd_opt *
t_find(const struct cmd_entry *ce, const char *name, size_t n)
{
	const struct cmd_opt	*o;

	for (o = ce->options; o->name != NULL; o++)
		if (strlen(o->name) == n && strncmp(o->name, name, n) == 0)
			return o;
	return NULL;
}

static void
test_help_names_every_option(void **state)
{
	const struct cmd_entry	*ce;
	const struct cmd_opt	*o;
	char			 want[64];
	size_t			 i;

	(void)state;
	for (i = 0; i < cmd_table_size; i++) {
		ce = cmd_table[i];
		for (o = ce->options; o->name != NULL; o++) {
			if (o->flags & CMD_OPT_HIDDEN) {
				assert_false(t_has_long(ce->help, o->name));
				continue;
			}
			if (o->flags & CMD_OPT_LONG_ONLY)
				snprintf(want, sizeof want, "\n      --%s",
				    o->name);
			else
				snprintf(want, sizeof want, "\n  -%c, --%s",
				    o->key, o->name);
			if (strstr(ce->help, want) == NULL)
				fail_msg("%s --help lacks \"%s\"", ce->name,
				    want + 1);
			if (o->arg != CMD_ARG_HELP &&
			    !t_has_long(ce->usage, o->name))
				fail_msg("%s usage lacks --%s", ce->name,
				    o->name);
		}
	}
}

static void
test_help_names_nothing_else(void **state)
{
	const struct cmd_entry	*ce;
	const char		*p, *e;
	size_t			 i;

	(void)state;
	for (i = 0; i < cmd_table_size; i++) {
		ce = cmd_table[i];
		for (p = strstr(ce->help, "--"); p != NULL;
		    p = strstr(e, "--")) {
			for (e = p + 2; t_namechar(*e); e++)
				;
			if (e == p + 2)
				continue;
			if (t_find(ce, p + 2, (size_t)(e - p - 2)) == NULL)
				fail_msg("%s --help names %.*s, not an option",
				    ce->name, (int)(e - p), p);
		}
	}
}

/* The completion file, whole (NUL-terminated, caller frees). */
static char *
t_completion(void)
{
	FILE	*f = fopen(T_COMPLETION, "r");
	char	*buf;
	size_t	 n;

	assert_non_null(f);
	buf = calloc(1, 65536);
	assert_non_null(buf);
	n = fread(buf, 1, 65535, f);
	assert_true(n > 0 && n < 65535);
	fclose(f);
	return buf;
}

/* Whether the "case $prev in" patterns of the completion hold word. */
static bool
t_prev_case_has(const char *comp, const char *word)
{
	const char	*p = strstr(comp, "case $prev in");
	const char	*end = p != NULL ? strstr(p, "esac") : NULL;
	const char	*line, *nl, *w;
	size_t		 n = strlen(word);

	assert_non_null(end);
	for (line = strchr(p, '\n') + 1; line < end; line = nl + 1) {
		nl = strchr(line, '\n');
		while (*line == '\t')
			line++;
		if (*line != '-')
			continue;	/* not a pattern line */
		for (w = line; w < nl && *w != ')'; ) {
			if (strncmp(w, word, n) == 0 &&
			    (w[n] == '|' || w[n] == ')'))
				return true;
			while (w < nl && *w != '|' && *w != ')')
				w++;
			if (*w == '|')
				w++;
		}
	}
	return false;
}

static void
test_completion_offers_every_option(void **state)
{
	const struct cmd_entry	*ce;
	const struct cmd_opt	*o;
	char			*comp = t_completion();
	char			 w[64];
	size_t			 i;

	(void)state;
	/* Long options come from "lockscope CMD --help" by this pattern,
	   which finds what test_help_names_every_option checked. */
	assert_non_null(strstr(comp, "lockscope \"$cmd\" --help"));
	assert_non_null(strstr(comp, "grep -oE -- '--[a-z][a-z0-9-]*'"));
	for (i = 0; i < cmd_table_size; i++) {
		ce = cmd_table[i];
		for (o = ce->options; o->name != NULL; o++) {
			if ((o->flags & CMD_OPT_HIDDEN) == 0)
				assert_true(t_has_long(ce->help, o->name));
			if (o->arg == CMD_ARG_NONE || o->arg == CMD_ARG_HELP)
				continue;
			/* An argument is completed as one, not as a file
			   name or an option. */
			snprintf(w, sizeof w, "--%s", o->name);
			if (!t_prev_case_has(comp, w))
				fail_msg("completion: %s %s missing after "
				    "case $prev", ce->name, w);
			snprintf(w, sizeof w, "-%c", o->key);
			if ((o->flags & CMD_OPT_LONG_ONLY) == 0 &&
			    !t_prev_case_has(comp, w))
				fail_msg("completion: %s %s missing after "
				    "case $prev", ce->name, w);
		}
	}
	free(comp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_short_and_long, t_setup),
		cmocka_unit_test_setup(test_clusters_and_attached, t_setup),
		cmocka_unit_test_setup(test_equals_forms, t_setup),
		cmocka_unit_test_setup(test_abbreviations, t_setup),
		cmocka_unit_test_setup(test_missing_argument, t_setup),
		cmocka_unit_test_setup(test_unknown_option, t_setup),
		cmocka_unit_test_setup(test_help_stops, t_setup),
		cmocka_unit_test_setup(test_numbers, t_setup),
		cmocka_unit_test_setup(test_env_default, t_setup),
		cmocka_unit_test_setup(test_operands, t_setup),
		cmocka_unit_test_setup(test_in_order, t_setup),
		cmocka_unit_test_setup(test_last_wins, t_setup),
		cmocka_unit_test(test_tables_well_formed),
		cmocka_unit_test(test_help_names_every_option),
		cmocka_unit_test(test_help_names_nothing_else),
		cmocka_unit_test(test_completion_offers_every_option),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
