/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_args.c - a command line read once against a command's option
 * table (cmd.h), the way getopt_long(3) read it before with its GNU
 * argument permutation: the same short and long forms, the same unique
 * prefixes of long names, the same words taken as arguments.  Numbers
 * are checked here against the table's range.  Nothing is printed: the
 * caller says what was refused.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"

/* The walk over argv. */
struct cmd_args_walk {
	struct cmd_args	*a;
	int		 argc;
	char		**argv;
	int		 next;		/* the next word to read */
};

static bool
cmd_args_takes_arg(const struct cmd_opt *o)
{
	return o->arg != CMD_ARG_NONE && o->arg != CMD_ARG_HELP;
}

/* The index of the option with this key in opts, or -1. */
static int
cmd_args_index(const struct cmd_opt *opts, int key)
{
	int	i;

	for (i = 0; opts[i].name != NULL; i++)
		if (opts[i].key == key)
			return i;
	return -1;
}

/* The short option ch: its index, or -1. */
static int
cmd_args_find_short(const struct cmd_opt *opts, char ch)
{
	int	i;

	for (i = 0; opts[i].name != NULL; i++)
		if (opts[i].key == (unsigned char)ch &&
		    (opts[i].flags & CMD_OPT_LONG_ONLY) == 0)
			return i;
	return -1;
}

/*
 * The long option named by the first len bytes of name: an exact name,
 * else the one name they begin.  -1 when none or more than one does.
 */
static int
cmd_args_find_long(const struct cmd_opt *opts, const char *name,
    size_t len)
{
	int	i, found = -1;

	for (i = 0; opts[i].name != NULL; i++)
		if (strlen(opts[i].name) == len &&
		    strncmp(opts[i].name, name, len) == 0)
			return i;
	for (i = 0; opts[i].name != NULL; i++) {
		if (strncmp(opts[i].name, name, len) != 0)
			continue;
		if (found >= 0)
			return -1;
		found = i;
	}
	return found;
}

/*
 * s is written in decimal digits, with at most one '.' between digits:
 * strtod would also take "0x10", "1e2", " 3" or "inf".
 */
static bool
cmd_args_decimal(const char *s)
{
	size_t	i, digits = 0;
	bool	dot = false;

	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (s[i] == '.' && !dot && digits > 0 &&
		    s[i + 1] >= '0' && s[i + 1] <= '9')
			dot = true;
		else
			return false;
	}
	return digits > 0;
}

/* s as seconds in o's range ("3", "2.5"). */
static bool
cmd_args_seconds(const struct cmd_opt *o, const char *s, double *out)
{
	char	*end;
	double	 v;

	if (!cmd_args_decimal(s))
		return false;
	v = strtod(s, &end);
	if (*end != '\0' || !(v >= o->min && v <= o->max))
		return false;
	if ((o->flags & CMD_OPT_ABOVE_MIN) != 0 && v <= o->min)
		return false;
	*out = v;
	return true;
}

/* s as a whole decimal number in o's range (strtoul's reading). */
static bool
cmd_args_count_of(const struct cmd_opt *o, const char *s, double *out)
{
	unsigned long	 n;
	char		*end;

	n = strtoul(s, &end, 10);
	if (*s == '\0' || *end != '\0' || (double)n < o->min ||
	    (double)n > o->max)
		return false;
	if ((o->flags & CMD_OPT_ABOVE_MIN) != 0 && (double)n <= o->min)
		return false;
	*out = (double)n;
	return true;
}

static enum cmd_args_status
cmd_args_refuse(struct cmd_args *a, const char *word)
{
	a->bad = word;
	return CMD_ARGS_BAD_OPTION;
}

/* Option i was given, with arg (NULL for a switch). */
static enum cmd_args_status
cmd_args_set(struct cmd_args *a, int i, const char *arg)
{
	const struct cmd_opt	*o = &a->opts[i];
	bool			 ok = true;

	if (o->arg == CMD_ARG_SECONDS)
		ok = cmd_args_seconds(o, arg, &a->v[i].number);
	else if (o->arg == CMD_ARG_COUNT)
		ok = cmd_args_count_of(o, arg, &a->v[i].number);
	if (!ok) {
		a->bad = arg;
		a->bad_opt = o;
		return CMD_ARGS_BAD_NUMBER;
	}
	a->v[i].count++;
	if (arg != NULL)
		a->v[i].value = arg;
	return o->arg == CMD_ARG_HELP ? CMD_ARGS_HELP : CMD_ARGS_OK;
}

/* word is "--name", "--name=ARG" or a prefix of a name. */
static enum cmd_args_status
cmd_args_long(struct cmd_args_walk *w, const char *word)
{
	const char	*name = word + 2, *eq;
	size_t		 len;
	int		 i;

	eq = strchr(name, '=');
	len = eq != NULL ? (size_t)(eq - name) : strlen(name);
	if ((i = cmd_args_find_long(w->a->opts, name, len)) < 0)
		return cmd_args_refuse(w->a, word);
	if (!cmd_args_takes_arg(&w->a->opts[i])) {
		if (eq != NULL)
			return cmd_args_refuse(w->a, word);
		return cmd_args_set(w->a, i, NULL);
	}
	if (eq != NULL)
		return cmd_args_set(w->a, i, eq + 1);
	if (w->next >= w->argc)
		return cmd_args_refuse(w->a, word);
	return cmd_args_set(w->a, i, w->argv[w->next++]);
}

/* word is "-x", a cluster "-xyz", or ends in an argument ("-ahci0"). */
static enum cmd_args_status
cmd_args_short(struct cmd_args_walk *w, const char *word)
{
	enum cmd_args_status	 st;
	const char		*p;
	int			 i;

	for (p = word + 1; *p != '\0'; p++) {
		if ((i = cmd_args_find_short(w->a->opts, *p)) < 0)
			return cmd_args_refuse(w->a, word);
		if (cmd_args_takes_arg(&w->a->opts[i])) {
			if (p[1] != '\0')
				return cmd_args_set(w->a, i, p + 1);
			if (w->next >= w->argc)
				return cmd_args_refuse(w->a, word);
			return cmd_args_set(w->a, i, w->argv[w->next++]);
		}
		if ((st = cmd_args_set(w->a, i, NULL)) != CMD_ARGS_OK)
			return st;
	}
	return CMD_ARGS_OK;
}

static void
cmd_args_init(struct cmd_args *a, const struct cmd_opt *opts)
{
	int	i;

	memset(a, 0, sizeof *a);
	a->opts = opts;
	for (i = 0; opts[i].name != NULL; i++) {
		assert(i < CMD_OPTS_MAX);
		if (opts[i].env != NULL)
			a->v[i].value = getenv(opts[i].env);
	}
}

enum cmd_args_status
cmd_args_parse(struct cmd_args *a, const struct cmd_opt *opts, int argc,
    char **argv, int flags)
{
	struct cmd_args_walk	 w = { a, argc, argv, 1 };
	enum cmd_args_status	 st;
	char			*word;
	int			 nops = 1;	/* operands go to argv[nops] */

	cmd_args_init(a, opts);
	while (w.next < argc) {
		word = argv[w.next++];
		if (strcmp(word, "--") == 0)
			break;
		if (word[0] != '-' || word[1] == '\0') {
			if ((flags & CMD_ARGS_IN_ORDER) != 0) {
				w.next--;
				break;
			}
			argv[nops++] = word;
			continue;
		}
		if (word[1] == '-')
			st = cmd_args_long(&w, word);
		else
			st = cmd_args_short(&w, word);
		if (st != CMD_ARGS_OK)
			return st;
	}
	while (w.next < argc)
		argv[nops++] = argv[w.next++];
	a->argc = nops - 1;
	a->argv = argv + 1;
	return CMD_ARGS_OK;
}

int
cmd_args_has(const struct cmd_args *a, int key)
{
	int	i = cmd_args_index(a->opts, key);

	return i < 0 ? 0 : a->v[i].count;
}

const char *
cmd_args_get(const struct cmd_args *a, int key)
{
	int	i = cmd_args_index(a->opts, key);

	return i < 0 ? NULL : a->v[i].value;
}

double
cmd_args_number(const struct cmd_args *a, int key, double def)
{
	int	i = cmd_args_index(a->opts, key);

	return i < 0 || a->v[i].count == 0 ? def : a->v[i].number;
}

int
cmd_args_count(const struct cmd_args *a)
{
	return a->argc;
}

const char *
cmd_args_string(const struct cmd_args *a, int i)
{
	return i >= 0 && i < a->argc ? a->argv[i] : NULL;
}
