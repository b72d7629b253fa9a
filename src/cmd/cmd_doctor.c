/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_doctor.c - lockscope doctor: is this laptop ready?  Each finding
 * with the command that fixes it.
 *
 * The probe and the checks are src/doctor/ (no printing there); this
 * file prints them, as short wrapped lines or NDJSON, and picks the exit
 * status: 0 when no check is warn or fail, 1 otherwise.
 * LOCKSCOPE_SYSROOT points the probe at a recorded fixture directory
 * instead of the real system (a testing aid; lockscope-doctor(1)).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "adapters/system_probe.h"
#include "cmd/cmd.h"
#include "doctor/doctor.h"
#include "present/devices.h"

#define DOCTOR_WIDTH	80
#define DOCTOR_INDENT	5

/* Print text wrapped at spaces to DOCTOR_WIDTH, continuation lines
   indented; the first line starts at column col. */
static void
doctor_wrap(FILE *f, const char *text, size_t col)
{
	const char	*p = text, *sp, *brk;
	size_t		 room;

	for (;;) {
		room = DOCTOR_WIDTH > col ? DOCTOR_WIDTH - col : 20;
		if (strlen(p) <= room) {
			fprintf(f, "%s\n", p);
			return;
		}
		brk = NULL;
		for (sp = p; *sp != '\0' && (size_t)(sp - p) <= room; sp++)
			if (*sp == ' ')
				brk = sp;
		if (brk == NULL)
			brk = strchr(p, ' ');
		if (brk == NULL) {
			fprintf(f, "%s\n", p);
			return;
		}
		fprintf(f, "%.*s\n%*s", (int)(brk - p), p, DOCTOR_INDENT, "");
		p = brk + 1;
		col = DOCTOR_INDENT;
	}
}

static void
doctor_print_human(FILE *f, const struct doctor_report *r)
{
	static const char *const label[] = { "ok  ", "info", "WARN", "FAIL" };
	static const char *const color[] = { "\033[32m", "", "\033[33m",
	    "\033[1;31m" };
	const struct doctor_check	*c;
	char				 head[700];
	size_t				 i;

	for (i = 0; i < r->n; i++) {
		c = &r->check[i];
		if (cmd_g.color && color[c->status][0] != '\0')
			fprintf(f, "%s%s\033[0m ", color[c->status],
			    label[c->status]);
		else
			fprintf(f, "%s ", label[c->status]);
		snprintf(head, sizeof head, "%s: %s", c->id, c->finding);
		doctor_wrap(f, head, DOCTOR_INDENT);
		if (c->fix[0] != '\0' && c->status != DOCTOR_OK) {
			fprintf(f, "%*sfix: ", DOCTOR_INDENT, "");
			doctor_wrap(f, c->fix, DOCTOR_INDENT + 5);
		}
	}
	if (doctor_ready(r))
		fprintf(f, "ready: no check failed or warned\n");
	else
		fprintf(f, "not ready: %u failed, %u warned (fix the FAIL "
		    "lines first)\n", r->count[DOCTOR_FAIL],
		    r->count[DOCTOR_WARN]);
}

static const char *
doctor_mode_name(enum doctor_mode m)
{
	static const char *const names[] = { "hci", "user", "usb", "other" };

	return names[m];
}

static int
doctor_print_json(FILE *f, const struct doctor_report *r,
    enum doctor_mode mode, const char *sysroot)
{
	const struct doctor_check	*c;
	cJSON				*o;
	size_t				 i;
	int				 ok = 1;

	for (i = 0; i < r->n; i++) {
		c = &r->check[i];
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "type", "check");
		cJSON_AddStringToObject(o, "id", c->id);
		cJSON_AddStringToObject(o, "status",
		    doctor_status_name(c->status));
		cJSON_AddStringToObject(o, "finding", c->finding);
		if (c->fix[0] != '\0')
			cJSON_AddStringToObject(o, "fix", c->fix);
		else
			cJSON_AddNullToObject(o, "fix");
		ok &= devices_print_json(f, o);
		cJSON_Delete(o);
	}
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "type", "summary");
	cJSON_AddStringToObject(o, "command", "doctor");
	cJSON_AddBoolToObject(o, "ready", doctor_ready(r));
	cJSON_AddNumberToObject(o, "ok", r->count[DOCTOR_OK]);
	cJSON_AddNumberToObject(o, "info", r->count[DOCTOR_INFO]);
	cJSON_AddNumberToObject(o, "warn", r->count[DOCTOR_WARN]);
	cJSON_AddNumberToObject(o, "fail", r->count[DOCTOR_FAIL]);
	cJSON_AddStringToObject(o, "adapter_mode", doctor_mode_name(mode));
	if (sysroot != NULL)
		cJSON_AddStringToObject(o, "sysroot", sysroot);
	else
		cJSON_AddNullToObject(o, "sysroot");
	ok &= devices_print_json(f, o);
	cJSON_Delete(o);
	return ok;
}

static const struct cmd_opt doctor_opts[] = {
	{ 'a', "adapter", CMD_ARG_STRING, 0, .env = "LOCKSCOPE_ADAPTER",
	    .help = "judge for this adapter: hciN, user:hciN, usb[:VID:PID]" },
	{ 'j', "json", CMD_ARG_NONE, 0,
	    .help = "NDJSON: a check line per check, then a summary" },
	{ 'h', "help", CMD_ARG_HELP, 0, .help = "this help" },
	{ .name = NULL }
};

static int
doctor_exec(const struct cmd_entry *ce, struct cmd_args *args)
{
	struct doctor_input	*in;
	struct doctor_report	*rep;
	struct ls_errbuf	 eb;
	const char		*spec = cmd_args_get(args, 'a');
	const char		*sysroot = getenv("LOCKSCOPE_SYSROOT");
	enum doctor_mode	 mode;
	bool			 json = cmd_args_has(args, 'j');
	int			 rc, wok;

	if (cmd_args_count(args) > 0)
		return cmd_usage(ce, "unexpected argument '%s'",
		    cmd_args_string(args, 0));
	if (sysroot != NULL && *sysroot == '\0')
		sysroot = NULL;
	mode = doctor_mode_of(spec);

	ls_err_clear(&eb);
	in = calloc(1, sizeof *in);
	rep = calloc(1, sizeof *rep);
	if (in == NULL || rep == NULL) {
		free(in);
		free(rep);
		ls_err_set(&eb, LS_ENOMEM, "out of memory");
		return cmd_fail(ce, &eb);
	}
	/* libnfc logs to stderr by default; doctor reports its view. */
	setenv("LIBNFC_LOG_LEVEL", "0", 0);
	if (system_probe(sysroot, in, &eb) != LS_OK) {
		rc = cmd_fail(ce, &eb);
		goto out;
	}
	doctor_run(in, mode, rep);
	if (json)
		wok = doctor_print_json(stdout, rep, mode, sysroot);
	else {
		doctor_print_human(stdout, rep);
		wok = 1;
	}
	fflush(stdout);
	if (!wok || ferror(stdout)) {
		ls_err_set(&eb, LS_EIO, "cannot write to standard output");
		rc = cmd_fail(ce, &eb);
	} else
		rc = doctor_ready(rep) ? 0 : 1;
out:
	free(in);
	free(rep);
	return rc;
}

const struct cmd_entry cmd_doctor_entry = {
	.name = "doctor",
	.usage = "[--adapter SPEC] [--json]",
	.summary = "check this laptop: adapters, rfkill, permissions, NFC "
	    "readers",
	.help =
	    "Options:\n"
	    "  -a, --adapter SPEC  judge for this adapter: hciN (default), "
	    "user:hciN,\n"
	    "                      usb[:VID:PID] (default: "
	    "$LOCKSCOPE_ADAPTER)\n"
	    "  -j, --json          NDJSON: one check line per check, then a "
	    "summary\n"
	    "  -h, --help          this help\n\n"
	    "Exit status: 0 when no check is WARN or FAIL, 1 otherwise.\n",
	.options = doctor_opts,
	.exec = doctor_exec,
};
