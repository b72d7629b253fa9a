/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_profile.c - lockscope profile list | show ID | lint FILE...
 *
 * list and show read the profile directory (src/profile: $LOCKSCOPE_
 * PROFILES, the tree's profiles/ beside the binary, then the installed
 * ones); lint judges the files it is given, alone and against each other
 * (duplicate ids).  Format: man/lockscope-profile.5.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "cmd/cmd.h"
#include "present/devices.h"
#include "profile/profile.h"
#include "util/text.h"

#define PROFILE_COLS	80

/* Print words of s wrapped at PROFILE_COLS: first line after col
 * columns already used, continuation lines indented by indent. */
static void
cmd_profile_wrap(const char *s, size_t col, size_t indent)
{
	const char	*w, *e;
	char		 word[512];
	size_t		 n, width;
	bool		 first = true;

	for (w = s; *w != '\0'; w = e) {
		while (*w == ' ')
			w++;
		if (*w == '\0')
			break;
		for (e = w; *e != '\0' && *e != ' '; e++)
			;
		n = (size_t)(e - w);
		if (n >= sizeof word)
			n = sizeof word - 1;
		memcpy(word, w, n);
		word[n] = '\0';
		width = text_width(word);
		if (!first && col + 1 + width > PROFILE_COLS) {
			printf("\n%*s", (int)indent, "");
			col = indent;
		} else if (!first) {
			putchar(' ');
			col++;
		}
		fputs(word, stdout);
		col += width;
		first = false;
	}
	putchar('\n');
}

static void
cmd_profile_field(const char *label, const char *value)
{
	printf("%-14s", label);
	cmd_profile_wrap(value, 14, 14);
}

static void
cmd_profile_show_text(const struct profile *p)
{
	const struct profile_battery	*b = profile_battery(p);
	const struct profile_code_slots	*cs = profile_code_slots(p);
	char				 buf[1024], c[256];
	size_t				 i, k, l;
	unsigned			 bit;

	printf("%s: %s, family %s\n", profile_id(p), profile_vendor(p),
	    profile_family(p));
	cmd_profile_field("File:", profile_file(p));
	buf[0] = '\0';
	for (i = 0; i < profile_n_models(p); i++)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s",
		    i > 0 ? "; " : "", profile_model(p, i));
	cmd_profile_field("Models:", buf);
	for (i = 0; i < profile_n_rules(p); i++) {
		profile_rule_str(p, i, c, sizeof c);
		snprintf(buf, sizeof buf, "%s%s", i > 0 ? "or " : "", c);
		cmd_profile_field(i == 0 ? "Match:" : "", buf);
	}
	snprintf(buf, sizeof buf, "priority %d", profile_priority(p));
	cmd_profile_field("", buf);
	buf[0] = '\0';
	if (b->min_percent >= 0)
		snprintf(buf, sizeof buf, "at least %d %%", b->min_percent);
	if (b->min_volts >= 0)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf),
		    "%sat least %.2f V", buf[0] != '\0' ? ", " : "",
		    b->min_volts);
	snprintf(buf + strlen(buf), sizeof buf - strlen(buf),
	    " before reset or enrollment [%s]", b->source);
	cmd_profile_field("Battery:", buf);
	if (b->chemistry != NULL) {
		snprintf(buf, sizeof buf, "%s [%s]", b->chemistry,
		    b->chemistry_source);
		cmd_profile_field("Chemistry:", buf);
	}
	if (cs->from == PROFILE_SLOTS_GATT)
		snprintf(buf, sizeof buf, "GATT characteristic %s [%s]",
		    cs->uuid, cs->source);
	else
		snprintf(buf, sizeof buf, "attested by the technician");
	cmd_profile_field("Code slots:", buf);
	buf[0] = '\0';
	for (bit = 1; bit < (1u << PROFILE_CRED_COUNT); bit <<= 1)
		if (profile_credentials(p) & bit)
			snprintf(buf + strlen(buf), sizeof buf - strlen(buf),
			    "%s%s", buf[0] != '\0' ? ", " : "",
			    profile_cred_name(bit));
	cmd_profile_field("Credentials:", buf);
	for (i = 0; i < profile_n_firmware_notes(p); i++) {
		snprintf(buf, sizeof buf, "%s [%s]",
		    profile_firmware_note(p, i), profile_firmware_source(p));
		cmd_profile_field(i == 0 ? "Firmware:" : "", buf);
	}
	printf("\nSources:\n");
	for (i = 0; i < profile_n_sources(p); i++) {
		const struct profile_source	*s = profile_source(p, i);

		snprintf(buf, sizeof buf, "[%s] %s", s->id, s->title);
		printf("  ");
		cmd_profile_wrap(buf, 2, 6);
		printf("      %s\n      accessed %s\n", s->url, s->accessed);
	}
	printf("\nProcedure:\n");
	for (i = 0; i < profile_n_phases(p); i++) {
		const struct profile_phase	*ph = profile_phase_at(p, i);

		printf("  %s\n", profile_phase_name(ph->id));
		for (k = 0; k < ph->n_steps; k++) {
			const struct profile_step	*st = &ph->steps[k];

			snprintf(buf, sizeof buf, "%s (%s): %s [%s]", st->id,
			    profile_kind_name(st->kind), st->title,
			    st->source);
			printf("    %zu. ", k + 1);
			cmd_profile_wrap(buf, 7, 7);
			for (l = 0; l < st->n_instructions; l++) {
				printf("       - ");
				cmd_profile_wrap(st->instructions[l], 9, 9);
			}
			if (st->time_limit_s > 0)
				printf("       time limit: %d s\n",
				    st->time_limit_s);
			if (st->has_verify) {
				snprintf(buf, sizeof buf, "verify: %s",
				    profile_cond_str(&st->verify, c,
				    sizeof c));
				printf("       ");
				cmd_profile_wrap(buf, 7, 15);
			}
		}
	}
}

static cJSON *
cmd_profile_summary_json(const struct profile *p)
{
	cJSON	*o = cJSON_CreateObject(), *m;
	size_t	 i;

	if (o == NULL)
		return NULL;
	cJSON_AddStringToObject(o, "type", "profile");
	cJSON_AddStringToObject(o, "id", profile_id(p));
	cJSON_AddStringToObject(o, "vendor", profile_vendor(p));
	cJSON_AddStringToObject(o, "family", profile_family(p));
	m = cJSON_AddArrayToObject(o, "models");
	for (i = 0; m != NULL && i < profile_n_models(p); i++)
		cJSON_AddItemToArray(m, cJSON_CreateString(
		    profile_model(p, i)));
	cJSON_AddNumberToObject(o, "sources", (double)profile_n_sources(p));
	cJSON_AddStringToObject(o, "file", profile_file(p));
	return o;
}

static int
cmd_profile_load(const struct cmd_entry *ce, struct profile_set **set,
    char *dir, size_t dirlen)
{
	struct ls_errbuf	eb;

	ls_err_clear(&eb);
	if (profile_set_load_default(set, dir, dirlen, &eb) != LS_OK)
		return cmd_fail(ce, &eb);
	return 0;
}

static int
cmd_profile_list(const struct cmd_entry *ce, bool json)
{
	struct profile_set	*set;
	char			 dir[PATH_MAX], models[256];
	cJSON			*o;
	size_t			 i, k;
	int			 rc;

	if ((rc = cmd_profile_load(ce, &set, dir, sizeof dir)) != 0)
		return rc;
	if (!json)
		printf("%-12s %-28s %-12s %-7s %s\n", "ID", "VENDOR", "FAMILY",
		    "SOURCES", "MODELS");
	for (i = 0; i < profile_set_count(set); i++) {
		const struct profile	*p = profile_set_at(set, i);

		if (json) {
			o = cmd_profile_summary_json(p);
			rc = o != NULL && devices_print_json(stdout, o);
			cJSON_Delete(o);
			if (!rc)
				break;
			continue;
		}
		models[0] = '\0';
		for (k = 0; k < profile_n_models(p); k++)
			snprintf(models + strlen(models), sizeof models -
			    strlen(models), "%s%s", k > 0 ? "; " : "",
			    profile_model(p, k));
		printf("%-12s %-28.28s %-12s %7zu %s\n", profile_id(p),
		    profile_vendor(p), profile_family(p),
		    profile_n_sources(p), models);
	}
	if (json) {
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "type", "summary");
		cJSON_AddStringToObject(o, "command", "profile list");
		cJSON_AddStringToObject(o, "dir", dir);
		cJSON_AddNumberToObject(o, "profiles",
		    (double)profile_set_count(set));
		devices_print_json(stdout, o);
		cJSON_Delete(o);
	}
	profile_set_free(set);
	return 0;
}

static int
cmd_profile_show(const struct cmd_entry *ce, const char *id, bool json)
{
	struct profile_set	*set;
	const struct profile	*p;
	struct ls_errbuf	 eb;
	char			 dir[PATH_MAX];
	const cJSON		*c;
	cJSON			*o;
	int			 rc;

	if ((rc = cmd_profile_load(ce, &set, dir, sizeof dir)) != 0)
		return rc;
	p = profile_set_find(set, id);
	if (p == NULL) {
		ls_err_clear(&eb);
		ls_err_set(&eb, LS_EINPUT, "no profile '%s' in %s (see "
		    "'lockscope profile list')", id, dir);
		profile_set_free(set);
		return cmd_fail(ce, &eb);
	}
	if (json) {
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "type", "profile");
		cJSON_AddStringToObject(o, "file", profile_file(p));
		for (c = profile_json(p)->child; c != NULL; c = c->next)
			cJSON_AddItemToObject(o, c->string,
			    cJSON_Duplicate(c, 1));
		devices_print_json(stdout, o);
		cJSON_Delete(o);
	} else
		cmd_profile_show_text(p);
	profile_set_free(set);
	return 0;
}

/* Lint the operands from the first'th on. */
static int
cmd_profile_lint(const struct cmd_args *args, int first)
{
	struct profile_set	*set = profile_set_new();
	struct profile		*p;
	struct ls_errbuf	 eb;
	const char		*file;
	int			 i, rc = 0;

	if (set == NULL)
		return 70;
	for (i = first; i < cmd_args_count(args); i++) {
		file = cmd_args_string(args, i);
		ls_err_clear(&eb);
		if (profile_load_file(file, &p, &eb) == LS_OK &&
		    profile_set_add(set, p, &eb) == LS_OK) {
			printf("%s: ok\n", file);
			continue;
		}
		printf("%s\n", eb.msg);
		if (eb.code == LS_EIO || eb.code == LS_EPERM)
			rc = ls_err_exit(eb.code);
		else if (rc == 0)
			rc = ls_err_exit(eb.code);
	}
	profile_set_free(set);
	fflush(stdout);
	return rc;
}

static const struct cmd_opt profile_opts[] = {
	{ 'j', "json", CMD_ARG_NONE, 0, .help = "list and show: NDJSON" },
	{ 'h', "help", CMD_ARG_HELP, 0, .help = "this help" },
	{ .name = NULL }
};

static int
profile_exec(const struct cmd_entry *ce, struct cmd_args *args)
{
	const char	*sub = cmd_args_string(args, 0);
	bool		 json = cmd_args_has(args, 'j');
	int		 n = cmd_args_count(args), rc;

	if (sub == NULL)
		return cmd_usage(ce, "no subcommand given (list, show, lint)");
	if (strcmp(sub, "list") == 0) {
		if (n != 1)
			return cmd_usage(ce, "unexpected argument '%s'",
			    cmd_args_string(args, 1));
		rc = cmd_profile_list(ce, json);
	} else if (strcmp(sub, "show") == 0) {
		if (n != 2)
			return cmd_usage(ce, n == 1 ? "no profile id "
			    "given" : "unexpected argument '%s'",
			    cmd_args_string(args, n == 1 ? 1 : 2));
		rc = cmd_profile_show(ce, cmd_args_string(args, 1), json);
	} else if (strcmp(sub, "lint") == 0) {
		if (json)
			return cmd_usage(ce, "lint has no --json");
		if (n == 1)
			return cmd_usage(ce, "no file given");
		rc = cmd_profile_lint(args, 1);
	} else
		return cmd_usage(ce, "unknown subcommand '%s' (list, show, "
		    "lint)", sub);
	fflush(stdout);
	if (rc == 0 && ferror(stdout)) {
		fprintf(stderr, "lockscope %s: cannot write to standard "
		    "output\n", ce->name);
		return ls_err_exit(LS_EIO);
	}
	return rc;
}

const struct cmd_entry cmd_profile_entry = {
	.name = "profile",
	.usage = "list [--json] | show ID [--json] | lint FILE...",
	.summary = "list, show and check vendor profiles",
	.help =
	    "  list            the profiles found: id, vendor, family, "
	    "sources, models\n"
	    "  show ID         one profile, readable (80 columns)\n"
	    "  lint FILE...    validate profile files: \"FILE: ok\" or the "
	    "error, per file\n\n"
	    "Profiles are read from $LOCKSCOPE_PROFILES, else profiles/ "
	    "beside the\nbinary's directory, else the installed ones; see "
	    "lockscope-profile(5).\n\n"
	    "Options:\n"
	    "  -j, --json      list and show: NDJSON\n"
	    "  -h, --help      this help\n",
	.options = profile_opts,
	.exec = profile_exec,
};
