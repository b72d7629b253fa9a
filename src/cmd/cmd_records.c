/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cmd_records.c - lockscope records: the service records database
 * (src/records/records.h, lockscope-records(1)).
 *
 *   add FILE...      verify each report, then keep it (once, by digest)
 *   list [filters]   the visits, oldest first; --json as NDJSON
 *   lock ID          one lock's history, with a battery chart
 *   export --csv     one row per visit and lock, for spreadsheets
 *   push --to URL    the reports the other database lacks
 *   trust add KEY | trust list | trust remove KEY
 *
 * The database: --db PATH|URL, else $LOCKSCOPE_DB, else
 * $XDG_DATA_HOME/lockscope/records.db (~/.local/share/... without it).
 * Text from reports is printed sanitised (util/text.h): a site name
 * cannot move the cursor.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "cmd/cmd.h"
#include "records/records.h"
#include "records/store.h"
#include "util/text.h"

#define RECORDS_CHART_COLS	50
#define RECORDS_ROWS_MAX	100000	/* lock: visits charted, at most */

static const struct cmd_opt records_opts[] = {
	{ 'D', "db", CMD_ARG_STRING, CMD_OPT_LONG_ONLY, .env = "LOCKSCOPE_DB",
	    .help = "the records database: a file, or postgresql://..." },
	{ 's', "site", CMD_ARG_STRING, CMD_OPT_LONG_ONLY,
	    .help = "list: visits of this site only" },
	{ 'L', "lock", CMD_ARG_STRING, CMD_OPT_LONG_ONLY,
	    .help = "list: visits of this lock only (id, address or serial)" },
	{ 'T', "technician", CMD_ARG_STRING, CMD_OPT_LONG_ONLY,
	    .help = "list: visits by this technician only" },
	{ 'S', "since", CMD_ARG_STRING, CMD_OPT_LONG_ONLY,
	    .help = "list: visits started on or after this date" },
	{ 'U', "until", CMD_ARG_STRING, CMD_OPT_LONG_ONLY,
	    .help = "list: visits started on or before this date" },
	{ 'O', "outcome", CMD_ARG_STRING, CMD_OPT_LONG_ONLY,
	    .help = "list: visits with this outcome only" },
	{ 'j', "json", CMD_ARG_NONE, 0,
	    .help = "list, lock: NDJSON, one visit per line" },
	{ 'C', "csv", CMD_ARG_NONE, CMD_OPT_LONG_ONLY,
	    .help = "export: comma-separated values (RFC 4180)" },
	{ 'G', "chart", CMD_ARG_NONE, CMD_OPT_LONG_ONLY,
	    .help = "lock: the battery chart even when not on a terminal" },
	{ 'P', "to", CMD_ARG_STRING, CMD_OPT_LONG_ONLY,
	    .help = "push: the database to send to" },
	{ 'h', "help", CMD_ARG_HELP, 0, .help = "this help" },
	{ .name = NULL }
};

/* Columns that hold numbers (JSON numbers; no CSV formula guard). */
static bool
records_cmd_numeric(int c)
{
	return c == RC_BATTERY_PERCENT_BEFORE || c == RC_BATTERY_VOLTS_BEFORE ||
	    c == RC_BATTERY_PERCENT_AFTER || c == RC_BATTERY_VOLTS_AFTER ||
	    c == RC_CLOCK_SKEW_S || c == RC_CODES_ACTIVE;
}

/* s sanitised into out, cut with "~" to cols columns; "-" for NULL. */
static const char *
records_cmd_fit(const char *s, char *out, size_t cap, size_t cols)
{
	size_t	k;

	if (s == NULL)
		s = "-";
	text_sanitize((const uint8_t *)s, strlen(s), out, cap);
	if (text_width(out) <= cols)
		return out;
	for (k = strlen(out); k > 0; k--) {
		if (((unsigned char)out[k] & 0xc0) == 0x80)
			continue;
		out[k] = '\0';
		if (text_width(out) + 1 <= cols)
			break;
	}
	k = strlen(out);
	snprintf(out + k, cap - k, "~");
	return out;
}

/* The day of an RFC 3339 time ("2026-03-01"), "-" for NULL. */
static const char *
records_cmd_date(const char *s, char *out, size_t cap)
{
	char	tmp[16];

	if (s == NULL)
		return "-";
	snprintf(tmp, sizeof tmp, "%.10s", s);
	return records_cmd_fit(tmp, out, cap, 10);
}

/* The default database path, its directory created (0700). */
static enum ls_err
records_cmd_default(char *buf, size_t cap, struct ls_errbuf *eb)
{
	const char	*x = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	char		 dir[4096];
	size_t		 i;
	int		 n;

	if (x != NULL && x[0] == '/')
		n = snprintf(dir, sizeof dir, "%s/lockscope", x);
	else if (home != NULL && home[0] == '/')
		n = snprintf(dir, sizeof dir, "%s/.local/share/lockscope",
		    home);
	else
		return ls_err_set(eb, LS_EINPUT, "no place for the records "
		    "database (set HOME, XDG_DATA_HOME or LOCKSCOPE_DB, or "
		    "give --db)");
	if (n < 0 || (size_t)n >= sizeof dir || (size_t)n + 12 >= cap)
		return ls_err_set(eb, LS_EINPUT, "records database path too "
		    "long");
	for (i = 1; dir[i] != '\0'; i++) {
		if (dir[i] != '/')
			continue;
		dir[i] = '\0';
		if (mkdir(dir, 0700) == -1 && errno != EEXIST)
			return ls_err_set(eb, ls_err_from_errno(errno),
			    "cannot create '%s': %s", dir, strerror(errno));
		dir[i] = '/';
	}
	if (mkdir(dir, 0700) == -1 && errno != EEXIST)
		return ls_err_set(eb, ls_err_from_errno(errno),
		    "cannot create '%s': %s", dir, strerror(errno));
	snprintf(buf, cap, "%s/records.db", dir);
	return LS_OK;
}

const char *
cmd_records_db(const char *db, char *buf, size_t cap, struct ls_errbuf *eb)
{
	if (db != NULL && *db != '\0')
		return db;
	if (records_cmd_default(buf, cap, eb) != LS_OK)
		return NULL;
	return buf;
}

enum ls_err
cmd_records_open(const char *db, struct records **r, struct ls_errbuf *eb)
{
	char	path[4200];

	if ((db = cmd_records_db(db, path, sizeof path, eb)) == NULL)
		return eb->code;
	if (records_open(db, r, eb) != LS_OK) {
		/* Never repeat a URI: it may hold a password. */
		if (!store_is_url(db))
			ls_err_prefix(eb, "%s", db);
		return eb->code;
	}
	return LS_OK;
}

/* ---- add ----------------------------------------------------------- */

static int
records_cmd_add(const struct cmd_entry *ce, struct records *r,
    struct cmd_args *args)
{
	struct ls_errbuf	 eb;
	struct report_check	 chk;
	const char		*f;
	int			 i, rc = 0, frc;
	bool			 added, refused;

	if (cmd_args_count(args) < 2)
		return cmd_usage(ce, "add: no report file given");
	for (i = 1; (f = cmd_args_string(args, i)) != NULL; i++) {
		ls_err_clear(&eb);
		if (records_add_file(r, f, &added, &refused, &chk, &eb) !=
		    LS_OK) {
			ls_err_prefix(&eb, "%s", f);
			frc = cmd_fail(ce, &eb);
			/* The database itself failing stops the run. */
			if (!refused)
				return frc;
			if (frc > rc)
				rc = frc;
			continue;
		}
		printf("%s: %s: sha256 %s, %s%s\n", f, added ? "added" :
		    "already in the records", chk.sha256, chk.is_signed ?
		    "signed by " : "not signed", chk.is_signed ?
		    chk.fingerprint : "");
	}
	return rc;
}

/* ---- list, lock, export --------------------------------------------- */

static void
records_cmd_json_row(const char *const *row, void *arg)
{
	cJSON	*o = cJSON_CreateObject();
	char	*s;
	int	 c;

	(void)arg;
	if (o == NULL)
		return;
	cJSON_AddStringToObject(o, "type", "visit");
	cJSON_AddStringToObject(o, "schema", "lockscope-records/1");
	for (c = 0; c < RC_COUNT; c++) {
		if (row[c] == NULL)
			cJSON_AddNullToObject(o, records_col_name(c));
		else if (records_cmd_numeric(c))
			cJSON_AddNumberToObject(o, records_col_name(c),
			    strtod(row[c], NULL));
		else if (c == RC_BATTERY_REPLACED)
			cJSON_AddBoolToObject(o, records_col_name(c),
			    strcmp(row[c], "true") == 0);
		else
			cJSON_AddStringToObject(o, records_col_name(c),
			    row[c]);
	}
	if ((s = cJSON_PrintUnformatted(o)) != NULL)
		printf("%s\n", s);
	free(s);
	cJSON_Delete(o);
}

/* A short word for the outcome in a table. */
static const char *
records_cmd_outcome(const char *o)
{
	if (o != NULL && strcmp(o, "completed-with-failures") == 0)
		return "failures";
	return o;
}

/* The flag column: "!" untrusted signer, "~" unsigned, " " trusted. */
static char
records_cmd_mark(const char *trust)
{
	if (trust == NULL || strcmp(trust, "unsigned") == 0)
		return '~';
	return strcmp(trust, "trusted") == 0 ? ' ' : '!';
}

struct records_cmd_list {
	size_t	rows;
	bool	untrusted, unsigned_;
};

static void
records_cmd_list_row(const char *const *row, void *arg)
{
	struct records_cmd_list	*l = arg;
	char			 d[16], s[64], t[64], k[80], o[40];
	char			 m = records_cmd_mark(row[RC_TRUST]);

	if (l->rows++ == 0)
		printf("  %-10s %-12s %-10s %-17s %-10s %s\n", "date", "site",
		    "technician", "lock", "outcome", "remedy");
	l->untrusted |= m == '!';
	l->unsigned_ |= m == '~';
	printf("%c %-10s %-12s %-10s %-17s %-10s %s\n", m,
	    records_cmd_date(row[RC_STARTED], d, sizeof d),
	    records_cmd_fit(row[RC_SITE], s, sizeof s, 12),
	    records_cmd_fit(row[RC_TECHNICIAN], t, sizeof t, 10),
	    records_cmd_fit(row[RC_ADDRESS] != NULL ? row[RC_ADDRESS] :
	    row[RC_LOCK_ID], k, sizeof k, 17),
	    records_cmd_fit(records_cmd_outcome(row[RC_OUTCOME]), o,
	    sizeof o, 10), row[RC_REMEDY] != NULL ? row[RC_REMEDY] : "-");
}

static void
records_cmd_legend(bool untrusted, bool unsigned_)
{
	if (untrusted)
		printf("! signed by a key not in the trust list (lockscope "
		    "records trust)\n");
	if (unsigned_)
		printf("~ not signed\n");
}

/* Read the list filters; 0, or the exit status of a usage error. */
static int
records_cmd_filter(const struct cmd_entry *ce, struct cmd_args *args,
    struct records_filter *f)
{
	memset(f, 0, sizeof *f);
	f->site = cmd_args_get(args, 's');
	f->lock = cmd_args_get(args, 'L');
	f->technician = cmd_args_get(args, 'T');
	f->since = cmd_args_get(args, 'S');
	f->until = cmd_args_get(args, 'U');
	f->outcome = cmd_args_get(args, 'O');
	if (f->since != NULL && !records_date_ok(f->since))
		return cmd_usage(ce, "bad date '%s' (want YYYY-MM-DD or "
		    "YYYY-MM-DDTHH:MM:SSZ)", f->since);
	if (f->until != NULL && !records_date_ok(f->until))
		return cmd_usage(ce, "bad date '%s' (want YYYY-MM-DD or "
		    "YYYY-MM-DDTHH:MM:SSZ)", f->until);
	return 0;
}

static int
records_cmd_list(const struct cmd_entry *ce, struct records *r,
    struct cmd_args *args)
{
	struct ls_errbuf	 eb;
	struct records_filter	 f;
	struct records_cmd_list	 l;
	int			 rc;

	if (cmd_args_count(args) > 1)
		return cmd_usage(ce, "unexpected argument '%s'",
		    cmd_args_string(args, 1));
	if ((rc = records_cmd_filter(ce, args, &f)) != 0)
		return rc;
	memset(&l, 0, sizeof l);
	ls_err_clear(&eb);
	if (records_list(r, &f, cmd_args_has(args, 'j') ?
	    records_cmd_json_row : records_cmd_list_row, &l, &eb) != LS_OK)
		return cmd_fail(ce, &eb);
	if (!cmd_args_has(args, 'j')) {
		if (l.rows == 0)
			printf("no visits in the records match\n");
		records_cmd_legend(l.untrusted, l.unsigned_);
	}
	return 0;
}

/* One lock's visits, kept for the table and the chart. */
struct records_cmd_lock {
	char	*(*rows)[RC_COUNT];
	size_t	 n, cap;
	bool	 oom;
};

static void
records_cmd_lock_row(const char *const *row, void *arg)
{
	struct records_cmd_lock	*h = arg;
	void			*x;
	int			 c;

	if (h->oom || h->n >= RECORDS_ROWS_MAX)
		return;
	if (h->n == h->cap) {
		h->cap = h->cap == 0 ? 16 : h->cap * 2;
		if ((x = realloc(h->rows, h->cap * sizeof *h->rows)) == NULL) {
			h->oom = true;
			return;
		}
		h->rows = x;
	}
	for (c = 0; c < RC_COUNT; c++)
		h->rows[h->n][c] = row[c] != NULL ? strdup(row[c]) : NULL;
	h->n++;
}

/* Seconds of skew in a few characters ("+706d", "-61m", "3s"). */
static const char *
records_cmd_skew(const char *s, char *out, size_t cap)
{
	long long	v, a;

	if (s == NULL)
		return "-";
	v = strtoll(s, NULL, 10);
	a = v < 0 ? -v : v;
	if (a >= 86400)
		snprintf(out, cap, "%+lldd", v / 86400);
	else if (a >= 3600)
		snprintf(out, cap, "%+lldh", v / 3600);
	else if (a >= 60)
		snprintf(out, cap, "%+lldm", v / 60);
	else
		snprintf(out, cap, "%+llds", v);
	return out;
}

/* "71%>70%", "3.01V", "-": the battery found and left. */
static const char *
records_cmd_battery(char **row, char *out, size_t cap)
{
	const char	*b = row[RC_BATTERY_PERCENT_BEFORE];
	const char	*a = row[RC_BATTERY_PERCENT_AFTER];

	if (b != NULL && a != NULL && strcmp(a, b) != 0)
		snprintf(out, cap, "%s%%>%s%%", b, a);
	else if (b != NULL || a != NULL)
		snprintf(out, cap, "%s%%", b != NULL ? b : a);
	else if (row[RC_BATTERY_VOLTS_BEFORE] != NULL)
		snprintf(out, cap, "%sV", row[RC_BATTERY_VOLTS_BEFORE]);
	else if (row[RC_BATTERY_VOLTS_AFTER] != NULL)
		snprintf(out, cap, "%sV", row[RC_BATTERY_VOLTS_AFTER]);
	else
		snprintf(out, cap, "-");
	return out;
}

static const char *
records_cmd_pairing(const char *s)
{
	if (s == NULL)
		return "?";
	if (strcmp(s, "pairing_window") == 0)
		return "window";
	return s;
}

static void
records_cmd_chart(struct records_cmd_lock *h)
{
	char		d[16];
	const char	*p;
	double		v;
	size_t		i;
	int		w, k;

	printf("battery at arrival\n");
	for (i = 0; i < h->n; i++) {
		p = h->rows[i][RC_BATTERY_PERCENT_BEFORE];
		if (p == NULL)
			p = h->rows[i][RC_BATTERY_PERCENT_AFTER];
		records_cmd_date(h->rows[i][RC_STARTED], d, sizeof d);
		if (p == NULL) {
			printf("  %-10s | no reading\n", d);
			continue;
		}
		v = strtod(p, NULL);
		v = v < 0 ? 0 : v > 100 ? 100 : v;
		w = (int)(v * RECORDS_CHART_COLS / 100.0 + 0.5);
		printf("  %-10s |", d);
		for (k = 0; k < w; k++)
			putchar('#');
		printf(" %s%%\n", p);
	}
}

static void
records_cmd_lock_table(struct records_cmd_lock *h)
{
	char		 b1[80], b2[40], b3[40], b4[40], b5[40], b6[40], b7[40];
	const char	*fw, *prev = NULL;
	bool		 untrusted = false, unsigned_ = false;
	char		 m;
	size_t		 i;
	char		**r0 = h->rows[h->n - 1];

	printf("lock %s\n", records_cmd_fit(r0[RC_LOCK_ID], b1, sizeof b1,
	    74));
	printf("  %s / %s / %s\n", records_cmd_fit(r0[RC_VENDOR], b2,
	    sizeof b2, 30), records_cmd_fit(r0[RC_FAMILY], b3, sizeof b3,
	    14), records_cmd_fit(r0[RC_MODEL], b4, sizeof b4, 24));
	printf("  address %s%s%s%s\n", records_cmd_fit(r0[RC_ADDRESS], b5,
	    sizeof b5, 17), r0[RC_ADDRESS_TYPE] != NULL ? " (" : "",
	    r0[RC_ADDRESS_TYPE] != NULL ? records_cmd_fit(
	    r0[RC_ADDRESS_TYPE], b6, sizeof b6, 8) : "",
	    r0[RC_ADDRESS_TYPE] != NULL ? ")" : "");
	if (r0[RC_ID_NOTE] != NULL)
		printf("  note: %s\n", records_cmd_fit(r0[RC_ID_NOTE], b1,
		    sizeof b1, 72));
	printf("  %-10s %-9s %-9s %-6s %-15s %-13s %s\n", "date",
	    "battery", "firmware", "clock", "pairing", "remedy", "outcome");
	for (i = 0; i < h->n; i++) {
		char	**r = h->rows[i];

		m = records_cmd_mark(r[RC_TRUST]);
		untrusted |= m == '!';
		unsigned_ |= m == '~';
		snprintf(b6, sizeof b6, "%s>%s",
		    records_cmd_pairing(r[RC_PAIRING_BEFORE]),
		    records_cmd_pairing(r[RC_PAIRING_AFTER]));
		fw = r[RC_FIRMWARE_AFTER] != NULL ? r[RC_FIRMWARE_AFTER] :
		    r[RC_FIRMWARE_BEFORE];
		printf("%c %-10s %-9s %-9s %-6s %-15s %-13s %s\n", m,
		    records_cmd_date(r[RC_STARTED], b1, sizeof b1),
		    records_cmd_battery(r, b2, sizeof b2),
		    records_cmd_fit(fw, b3, sizeof b3, 9),
		    records_cmd_skew(r[RC_CLOCK_SKEW_S], b4, sizeof b4),
		    records_cmd_fit(b6, b5, sizeof b5, 15),
		    r[RC_REMEDY] != NULL ? records_cmd_fit(r[RC_REMEDY], b7,
		    sizeof b7, 13) : "-",
		    records_cmd_outcome(r[RC_OUTCOME]) != NULL ?
		    records_cmd_outcome(r[RC_OUTCOME]) : "-");
	}
	/* Firmware changes between visits, and within one. */
	for (i = 0; i < h->n; i++) {
		char	**r = h->rows[i];

		if (r[RC_FIRMWARE_BEFORE] != NULL && prev != NULL &&
		    strcmp(prev, r[RC_FIRMWARE_BEFORE]) != 0)
			printf("firmware %s -> %s before the visit of %s\n",
			    records_cmd_fit(prev, b1, sizeof b1, 16),
			    records_cmd_fit(r[RC_FIRMWARE_BEFORE], b2,
			    sizeof b2, 16), records_cmd_date(r[RC_STARTED],
			    b3, sizeof b3));
		if (r[RC_FIRMWARE_BEFORE] != NULL && r[RC_FIRMWARE_AFTER] !=
		    NULL && strcmp(r[RC_FIRMWARE_BEFORE],
		    r[RC_FIRMWARE_AFTER]) != 0)
			printf("firmware %s -> %s during the visit of %s\n",
			    records_cmd_fit(r[RC_FIRMWARE_BEFORE], b1,
			    sizeof b1, 16), records_cmd_fit(
			    r[RC_FIRMWARE_AFTER], b2, sizeof b2, 16),
			    records_cmd_date(r[RC_STARTED], b3, sizeof b3));
		if (r[RC_FIRMWARE_AFTER] != NULL)
			prev = r[RC_FIRMWARE_AFTER];
		else if (r[RC_FIRMWARE_BEFORE] != NULL)
			prev = r[RC_FIRMWARE_BEFORE];
	}
	records_cmd_legend(untrusted, unsigned_);
}

static int
records_cmd_lock(const struct cmd_entry *ce, struct records *r,
    struct cmd_args *args)
{
	struct ls_errbuf	 eb;
	struct records_filter	 f;
	struct records_cmd_lock	 h;
	const char		*id = cmd_args_string(args, 1);
	const char *const	*row;
	size_t			 i;
	int			 c, rc = 0;

	if (id == NULL)
		return cmd_usage(ce, "lock: no lock id given");
	if (cmd_args_count(args) > 2)
		return cmd_usage(ce, "unexpected argument '%s'",
		    cmd_args_string(args, 2));
	memset(&f, 0, sizeof f);
	memset(&h, 0, sizeof h);
	f.lock = id;
	ls_err_clear(&eb);
	if (records_list(r, &f, records_cmd_lock_row, &h, &eb) != LS_OK)
		rc = cmd_fail(ce, &eb);
	else if (h.oom) {
		ls_err_set(&eb, LS_ENOMEM, "out of memory");
		rc = cmd_fail(ce, &eb);
	} else if (h.n == 0) {
		ls_err_set(&eb, LS_EINPUT, "no lock '%s' in the records "
		    "(give an id, address or serial from 'lockscope records "
		    "list')", id);
		rc = cmd_fail(ce, &eb);
	} else if (cmd_args_has(args, 'j')) {
		for (i = 0; i < h.n; i++) {
			row = (const char *const *)h.rows[i];
			records_cmd_json_row(row, NULL);
		}
	} else {
		records_cmd_lock_table(&h);
		if (cmd_args_has(args, 'G') || isatty(STDOUT_FILENO))
			records_cmd_chart(&h);
	}
	for (i = 0; i < h.n; i++)
		for (c = 0; c < RC_COUNT; c++)
			free(h.rows[i][c]);
	free(h.rows);
	return rc;
}

/* One CSV field (RFC 4180), with a guard against spreadsheet formulas. */
static void
records_cmd_csv_field(const char *s, bool number)
{
	bool	quote;

	if (s == NULL)
		return;
	quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		putchar('"');
	/* A cell that begins like a formula is read as text. */
	if (!number && *s != '\0' && strchr("=+-@\t\r", *s) != NULL)
		putchar('\'');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			putchar('"');
		putchar(*s);
	}
	if (quote)
		putchar('"');
}

static void
records_cmd_csv_row(const char *const *row, void *arg)
{
	int	c;

	(void)arg;
	for (c = 0; c < RC_COUNT; c++) {
		if (c > 0)
			putchar(',');
		records_cmd_csv_field(row[c], records_cmd_numeric(c));
	}
	printf("\r\n");
}

static int
records_cmd_export(const struct cmd_entry *ce, struct records *r,
    struct cmd_args *args)
{
	struct ls_errbuf	eb;
	struct records_filter	f;
	int			c, rc;

	if (!cmd_args_has(args, 'C'))
		return cmd_usage(ce, "export: give the format (--csv)");
	if (cmd_args_count(args) > 1)
		return cmd_usage(ce, "unexpected argument '%s'",
		    cmd_args_string(args, 1));
	if ((rc = records_cmd_filter(ce, args, &f)) != 0)
		return rc;
	for (c = 0; c < RC_COUNT; c++)
		printf("%s%s", c > 0 ? "," : "", records_col_name(c));
	printf("\r\n");
	ls_err_clear(&eb);
	if (records_list(r, &f, records_cmd_csv_row, NULL, &eb) != LS_OK)
		return cmd_fail(ce, &eb);
	return 0;
}

/* ---- push, trust ----------------------------------------------------- */

static int
records_cmd_push(const struct cmd_entry *ce, struct records *r,
    struct cmd_args *args)
{
	struct ls_errbuf	 eb;
	struct records		*to = NULL;
	const char		*url = cmd_args_get(args, 'P');
	size_t			 pushed, present;
	int			 rc = 0;

	if (url == NULL || *url == '\0')
		return cmd_usage(ce, "push: no --to database given");
	if (cmd_args_count(args) > 1)
		return cmd_usage(ce, "unexpected argument '%s'",
		    cmd_args_string(args, 1));
	ls_err_clear(&eb);
	if (records_open(url, &to, &eb) != LS_OK) {
		if (!store_is_url(url))
			ls_err_prefix(&eb, "%s", url);
		return cmd_fail(ce, &eb);
	}
	if (records_push(r, to, &pushed, &present, &eb) != LS_OK)
		rc = cmd_fail(ce, &eb);
	printf("pushed %zu report%s, %zu already there\n", pushed,
	    pushed == 1 ? "" : "s", present);
	records_close(to);
	return rc;
}

static void
records_cmd_trust_row(const char *key, const char *fpr, const char *added,
    void *arg)
{
	size_t	*n = arg;

	(*n)++;
	printf("%s  %s  %s\n", key != NULL ? key : "-",
	    fpr != NULL ? fpr : "-", added != NULL ? added : "-");
}

static int
records_cmd_trust(const struct cmd_entry *ce, struct records *r,
    struct cmd_args *args)
{
	struct ls_errbuf	 eb;
	const char		*sub = cmd_args_string(args, 1);
	const char		*key = cmd_args_string(args, 2);
	size_t			 n = 0;

	ls_err_clear(&eb);
	if (sub == NULL)
		return cmd_usage(ce, "trust: add, list or remove");
	if (strcmp(sub, "list") == 0) {
		if (key != NULL)
			return cmd_usage(ce, "unexpected argument '%s'", key);
		if (records_trust_list(r, records_cmd_trust_row, &n, &eb) !=
		    LS_OK)
			return cmd_fail(ce, &eb);
		if (n == 0)
			printf("no trusted keys: every signed report is "
			    "flagged\n");
		return 0;
	}
	if (strcmp(sub, "add") != 0 && strcmp(sub, "remove") != 0)
		return cmd_usage(ce, "trust: unknown '%s' (add, list or "
		    "remove)", sub);
	if (key == NULL)
		return cmd_usage(ce, "trust %s: no key given", sub);
	if (cmd_args_count(args) > 3)
		return cmd_usage(ce, "unexpected argument '%s'",
		    cmd_args_string(args, 3));
	if ((strcmp(sub, "add") == 0 ? records_trust_add(r, key, &eb) :
	    records_trust_remove(r, key, &eb)) != LS_OK)
		return cmd_fail(ce, &eb);
	return 0;
}

static const struct {
	const char	*name;
	int		(*fn)(const struct cmd_entry *, struct records *,
			    struct cmd_args *);
} records_cmd_subs[] = {
	{ "add", records_cmd_add },
	{ "list", records_cmd_list },
	{ "lock", records_cmd_lock },
	{ "export", records_cmd_export },
	{ "push", records_cmd_push },
	{ "trust", records_cmd_trust },
};

static int
records_exec(const struct cmd_entry *ce, struct cmd_args *args)
{
	struct ls_errbuf	 eb;
	struct records		*r = NULL;
	const char		*sub = cmd_args_string(args, 0);
	size_t			 i;
	int			 rc;

	if (sub == NULL)
		return cmd_usage(ce, "no subcommand (add, list, lock, export, "
		    "push or trust)");
	for (i = 0; i < sizeof records_cmd_subs / sizeof records_cmd_subs[0];
	    i++)
		if (strcmp(sub, records_cmd_subs[i].name) == 0)
			break;
	if (i == sizeof records_cmd_subs / sizeof records_cmd_subs[0])
		return cmd_usage(ce, "unknown subcommand '%s' (add, list, "
		    "lock, export, push or trust)", sub);
	ls_err_clear(&eb);
	if (cmd_records_open(cmd_args_get(args, 'D'), &r, &eb) != LS_OK)
		return cmd_fail(ce, &eb);
	rc = records_cmd_subs[i].fn(ce, r, args);
	records_close(r);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		ls_err_clear(&eb);
		ls_err_set(&eb, LS_EIO, "cannot write to standard output");
		return cmd_fail(ce, &eb);
	}
	return rc;
}

const struct cmd_entry cmd_records_entry = {
	.name = "records",
	.usage = "add FILE... | list [--site S] [--lock ID] "
	    "[--technician T] [--since DATE] [--until DATE] [--outcome O] "
	    "[--json] | lock ID [--json] [--chart] | export --csv | "
	    "push --to URL | trust add KEY | trust list | trust remove KEY "
	    "[--db PATH|URL]",
	.summary = "keep visit reports in a service records database and "
	    "query them",
	.help =
	    "add verifies each report (digest and signature) and keeps it "
	    "once, by its\ndigest; list, lock and export read the records; "
	    "push sends the reports the\nother database lacks; trust names "
	    "the keys whose reports are not flagged.\nExit 1 when a report "
	    "does not verify, 65 when a file is not a report.\n\n"
	    "Options:\n"
	    "      --db PATH|URL   the records database: a file, or "
	    "postgresql://...\n"
	    "                      (default $LOCKSCOPE_DB, else\n"
	    "                      $XDG_DATA_HOME/lockscope/records.db)\n"
	    "      --site S        list: visits of this site only\n"
	    "      --lock ID       list: visits of this lock only (id, "
	    "address or serial)\n"
	    "      --technician T  list: visits by this technician only\n"
	    "      --since DATE    list: visits started on or after DATE "
	    "(YYYY-MM-DD)\n"
	    "      --until DATE    list: visits started on or before DATE\n"
	    "      --outcome O     list: visits with this outcome only\n"
	    "  -j, --json          list, lock: NDJSON, one visit per line\n"
	    "      --csv           export: comma-separated values "
	    "(RFC 4180)\n"
	    "      --chart         lock: the battery chart even when not on "
	    "a terminal\n"
	    "      --to URL        push: the database to send to (a file, or "
	    "postgresql://...)\n"
	    "  -h, --help          this help\n",
	.options = records_opts,
	.exec = records_exec,
};
