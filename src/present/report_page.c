/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report_page.c - lay out and draw a visit report as pages (cairo for
 * drawing, pango for text).
 *
 * Layout is a flow: a cursor walks down the page, and every paragraph is
 * broken into lines by pango at its column's width; each line is placed
 * on its own, so a paragraph longer than what is left of a page goes on
 * on the next one.  Lines of side-by-side columns (label and value, a
 * step's mark, title and status) advance together.  What is placed is
 * kept as a list of drawing operations per page, replayed on a PDF page
 * or, scaled, on an image: one drawing, two outputs.  Text is set with
 * pango_layout_set_text (never markup), after text_sanitize, so nothing
 * in a report can inject markup or control characters.
 *
 * Not done here: verifying the report (the caller did), reading
 * anything the report does not hold (but the profile's battery
 * thresholds, labelled as such), inventing data for a chart.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <cjson/cJSON.h>
#include <pango/pangocairo.h>

#include "present/report_page.h"
#include "util/durable.h"
#include "util/json_canon.h"
#include "util/text.h"

/* The Makefile defines it; builds that do not (fuzzing) say so. */
#ifndef LS_VERSION
#define LS_VERSION	"unknown"
#endif

#define PAGE_MARGIN	50.0	/* points, every side */
#define PAGE_FOOTER	24.0	/* below the flow, above the margin */
#define PAGE_LABEL_W	112.0	/* label column of label/value rows */
#define PAGE_GAP	10.0	/* between columns */
#define PAGE_LEAD	1.5	/* extra space between lines */
#define PAGE_MARK	9.0	/* side of a step's mark */
#define PAGE_TEXT_MAX	8192	/* bytes of one paragraph, at most (a
				   visit's notes stop at 511) */
#define PAGE_MAX	100	/* pages, at most */
#define PAGE_SAMPLES	512	/* points of a chart, at most (a visit's
				   signal series stops at 360) */
#define PAGE_CHART_H	130.0

enum page_style {
	PS_BODY,
	PS_BOLD,
	PS_SMALL,
	PS_MONO,
	PS_H1,
	PS_H2,
	PS_COUNT
};

static const char *const page_fonts[PS_COUNT] = {
	[PS_BODY] = "DejaVu Sans, sans-serif 9.5",
	[PS_BOLD] = "DejaVu Sans, sans-serif Bold 9.5",
	[PS_SMALL] = "DejaVu Sans, sans-serif 8",
	[PS_MONO] = "DejaVu Sans Mono, monospace 8",
	[PS_H1] = "DejaVu Sans, sans-serif Bold 17",
	[PS_H2] = "DejaVu Sans, sans-serif Bold 11.5",
};

enum page_mark {
	MARK_PASSED,
	MARK_FAILED,
	MARK_SKIPPED,
	MARK_NONE
};

enum page_op_kind {
	OP_LINE,		/* a line of text: x left edge, y baseline */
	OP_RULE,		/* a line from (x, y) to (x + w, y + h) */
	OP_BOX,			/* a rectangle outline */
	OP_MARK,		/* a step's mark in a PAGE_MARK square */
	OP_CHART		/* a chart's drawing (not its text) */
};

struct page_op {
	enum page_op_kind	 kind;
	double			 x, y, w, h;
	double			 width;		/* stroke width */
	PangoLayoutLine		*line;		/* OP_LINE: a reference */
	enum page_mark		 mark;		/* OP_MARK */
	unsigned		 chart;		/* OP_CHART: PAGE_CH_* */
};

struct page {
	struct page_op		*ops;
	size_t			 n, cap;
};

/* A chart's points in time order: the signal, the battery. */
enum { PAGE_CH_SIGNAL, PAGE_CH_BATTERY, PAGE_CH_COUNT };

struct page_chart {
	size_t			 n;
	double			 t[PAGE_SAMPLES];	/* seconds */
	double			 dbm[PAGE_SAMPLES];	/* value; NAN: a gap */
	double			 t0, t1, lo, hi;	/* axes */
	double			 step;			/* grid, in values */
	double			 gap_s;	/* neighbours further apart than this
					   are not joined; 0: always */
	bool			 dots;	/* a dot on every point */
};

struct report_doc {
	PangoFontMap		*fontmap;
	PangoContext		*ctx;
	PangoFontDescription	*font[PS_COUNT];
	PangoAttrList		*attrs;			/* every layout's */
	double			 pw, ph;		/* page, points */
	double			 y;			/* flow cursor */
	struct page		*pages;
	size_t			 npages, cap;
	struct page_chart	 chart[PAGE_CH_COUNT];
	char			*sha256;
	char			*title;
	char			*footer;
	bool			 oom;
	bool			 full;		/* PAGE_MAX pages: no more */
};

/* One line of a laid out paragraph, in points from its layout's top. */
struct page_line {
	PangoLayoutLine		*line;
	double			 x, top, height, baseline;
};

/* One column of a flowed row. */
struct page_col {
	double			 x, w;
	const char		*text;
	enum page_style		 style;
};

/* ---- small text helpers ---------------------------------------------- */

/* Member key of o as a string, or NULL. */
static const char *
page_str(const cJSON *o, const char *key)
{
	const cJSON	*it = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(it) ? it->valuestring : NULL;
}

/* s, or dflt when s is NULL or empty. */
static const char *
page_or(const char *s, const char *dflt)
{
	return s != NULL && s[0] != '\0' ? s : dflt;
}

/* "2026-12-08T00:48:03.298Z" (or without milliseconds) as time_t. */
static bool
page_parse_time(const char *s, time_t *out)
{
	struct tm	tm;
	int		y, mo, d, h, mi, se;
	char		z;

	if (s == NULL || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h,
	    &mi, &se) != 6)
		return false;
	z = s[strlen(s) - 1];
	if (z != 'Z' || y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 ||
	    h > 23 || mi > 59 || se > 60)
		return false;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	*out = timegm(&tm);
	return *out != (time_t)-1;
}

/* Seconds (with the milliseconds) of an RFC 3339 time, or NAN. */
static double
page_time_s(const char *s)
{
	time_t		 t;
	const char	*dot;

	if (!page_parse_time(s, &t))
		return NAN;
	dot = strchr(s, '.');
	return (double)t + (dot != NULL ? strtod(dot, NULL) : 0.0);
}

/* How page_local writes a time. */
enum page_tfmt {
	TF_DAY,			/* "Tuesday  8 December 2026, 00:48" */
	TF_HM,			/* "00:48" */
	TF_HMS,			/* "00:48:03" */
	TF_HMSZ,		/* "00:48:03 CET" */
	TF_ZONE,		/* "CET (UTC+0100)" */
	TF_DATE			/* "2026-12-08" */
};

/* t in the laptop's local time (TZ). */
static void
page_local(time_t t, enum page_tfmt f, char *buf, size_t len)
{
	struct tm	tm;
	size_t		n = 0;

	if (localtime_r(&t, &tm) != NULL) {
		switch (f) {
		case TF_DAY:
			n = strftime(buf, len, "%A %e %B %Y, %H:%M", &tm);
			break;
		case TF_HM:
			n = strftime(buf, len, "%H:%M", &tm);
			break;
		case TF_HMS:
			n = strftime(buf, len, "%H:%M:%S", &tm);
			break;
		case TF_HMSZ:
			n = strftime(buf, len, "%H:%M:%S %Z", &tm);
			break;
		case TF_ZONE:
			n = strftime(buf, len, "%Z (UTC%z)", &tm);
			break;
		case TF_DATE:
			n = strftime(buf, len, "%Y-%m-%d", &tm);
			break;
		}
	}
	if (n == 0)
		snprintf(buf, len, "?");
}

/*
 * The visit's date and local time with the zone: "Tuesday 8 December
 * 2026, 00:48 to 00:52 CET (UTC+0100)".
 */
static void
page_when(const char *started, const char *finished, char *buf, size_t len)
{
	time_t	a, b;
	char	d1[80], d2[80], z[40];

	if (!page_parse_time(started, &a)) {
		snprintf(buf, len, "not recorded");
		return;
	}
	page_local(a, TF_DAY, d1, sizeof d1);
	page_local(a, TF_ZONE, z, sizeof z);
	if (!page_parse_time(finished, &b)) {
		snprintf(buf, len, "%s %s, not finished", d1, z);
		return;
	}
	page_local(b, TF_HM, d2, sizeof d2);
	if (b - a >= 86400 || b < a)
		page_local(b, TF_DAY, d2, sizeof d2);
	snprintf(buf, len, "%s to %s %s", d1, d2, z);
}

/* Known reading names in words; others get their name with spaces. */
static const struct {
	const char	*name, *words, *unit;
} page_names[] = {
	{ "battery_percent", "Battery", " %" },
	{ "battery_volts", "Battery voltage", " V" },
	{ "battery_percent_before", "Battery on the old cells", " %" },
	{ "battery_volts_before", "Battery voltage on the old cells", " V" },
	{ "battery_level", "Battery level", "" },
	{ "battery_replaced", "New cells fitted", "" },
	{ "clock_skew_s", "Lock clock", "" },
	{ "pairing_state", "Pairing state", "" },
	{ "lock_state", "Lock state", "" },
	{ "firmware", "Firmware", "" },
	{ "serial", "Serial number", "" },
	{ "serial_number", "Serial number", "" },
	{ "model", "Model", "" },
	{ "rssi", "Signal", " dBm" },
	{ "codes_active", "Active codes (count)", "" },
	{ "code_slots", "Code slots (count)", "" },
	{ "ownership_verified", "Ownership verified", "" },
};

static size_t
page_reading_find(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof page_names / sizeof page_names[0]; i++)
		if (strcmp(page_names[i].name, name) == 0)
			return i;
	return SIZE_MAX;
}

static void
page_reading_name(const char *name, char *buf, size_t len)
{
	size_t	i = page_reading_find(name), k;

	if (i != SIZE_MAX) {
		snprintf(buf, len, "%s", page_names[i].words);
		return;
	}
	text_sanitize((const uint8_t *)name, strlen(name), buf, len);
	for (k = 0; buf[k] != '\0'; k++)
		if (buf[k] == '_')
			buf[k] = ' ';
	if (buf[0] >= 'a' && buf[0] <= 'z')
		buf[0] = (char)(buf[0] - 'a' + 'A');
}

/*
 * A reading's value in words: "80 %", "20 d 12 h behind", "paired",
 * "not available (needs vendor authorization)".  Codes are counts in a
 * report (lockscope-report(5)); only those counts reach here.
 */
static void
page_reading_value(const char *name, const cJSON *r, char *buf, size_t len)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(r, "value");
	const char	*prov = page_or(page_str(r, "provenance"), "");
	const char	*reason = page_str(r, "reason");
	size_t		 i = page_reading_find(name);
	char		 num[40], s[200];

	if (cJSON_IsNumber(v) && strcmp(name, "clock_skew_s") == 0 &&
	    fabs(v->valuedouble) < 1e15) {
		if (v->valuedouble == 0)
			snprintf(s, sizeof s, "in step with the laptop");
		else
			text_skew((int64_t)v->valuedouble, s, sizeof s);
	} else if (cJSON_IsNumber(v) && jcs_number(v->valuedouble, num,
	    sizeof num))
		snprintf(s, sizeof s, "%s%s", num, i != SIZE_MAX ?
		    page_names[i].unit : "");
	else if (cJSON_IsBool(v))
		snprintf(s, sizeof s, "%s", cJSON_IsTrue(v) ? "yes" : "no");
	else if (cJSON_IsString(v))
		text_sanitize((const uint8_t *)v->valuestring,
		    strlen(v->valuestring), s, sizeof s);
	else if (reason != NULL)
		snprintf(s, sizeof s, "not available (%.120s)", reason);
	else
		snprintf(s, sizeof s, "not available");
	if (strcmp(prov, "attested") == 0)
		snprintf(buf, len, "%s (technician)", s);
	else
		snprintf(buf, len, "%s", s);
}

/* ---- pages and operations -------------------------------------------- */

static double
page_top(const struct report_doc *doc)
{
	(void)doc;
	return PAGE_MARGIN;
}

/*
 * Where the flow must stop on a page (the footer lies below; the last
 * page allowed keeps room for the notice that the rendering stops).
 */
static double
page_bottom(const struct report_doc *doc)
{
	return doc->ph - PAGE_MARGIN - PAGE_FOOTER -
	    (doc->npages == PAGE_MAX ? 2 * PAGE_FOOTER : 0);
}

static double
page_width(const struct report_doc *doc)
{
	return doc->pw - 2 * PAGE_MARGIN;
}

static void
page_new(struct report_doc *doc)
{
	struct page	*p;
	size_t		 cap;

	if (doc->npages == doc->cap) {
		cap = doc->cap == 0 ? 4 : doc->cap * 2;
		if ((p = reallocarray(doc->pages, cap, sizeof *p)) == NULL) {
			doc->oom = true;
			return;
		}
		doc->pages = p;
		doc->cap = cap;
	}
	memset(&doc->pages[doc->npages++], 0, sizeof *doc->pages);
	doc->y = page_top(doc);
}

/* Add op to the last page; a line's reference passes to the page. */
static void
page_add(struct report_doc *doc, const struct page_op *op)
{
	struct page	*p;
	struct page_op	*ops;
	size_t		 cap;

	if (doc->oom || doc->npages == 0 || (doc->full &&
	    op->kind != OP_LINE))
		goto fail;
	p = &doc->pages[doc->npages - 1];
	if (p->n == p->cap) {
		cap = p->cap == 0 ? 64 : p->cap * 2;
		if ((ops = reallocarray(p->ops, cap, sizeof *ops)) == NULL) {
			doc->oom = true;
			goto fail;
		}
		p->ops = ops;
		p->cap = cap;
	}
	p->ops[p->n++] = *op;
	return;
fail:
	if (op->line != NULL)
		pango_layout_line_unref(op->line);
}

static PangoLayout *page_layout(struct report_doc *, const char *,
		    enum page_style, double);

/*
 * Start a new page unless h points are left on this one.  Past PAGE_MAX
 * pages (only a forged report gets there: a visit's texts are short),
 * say so on the last page and take nothing more.
 */
static void
page_need(struct report_doc *doc, double h)
{
	struct page_op	 op;
	PangoLayout	*l;

	if (doc->full || doc->y + h <= page_bottom(doc) ||
	    doc->y <= page_top(doc))
		return;
	if (doc->npages < PAGE_MAX) {
		page_new(doc);
		return;
	}
	doc->full = true;
	l = page_layout(doc, "The rendering stops here, at its page limit: "
	    "the rest is in the JSON report.", PS_BOLD, page_width(doc));
	if (l == NULL)
		return;
	memset(&op, 0, sizeof op);
	op.kind = OP_LINE;
	op.line = pango_layout_line_ref(pango_layout_get_line_readonly(l,
	    0));
	op.x = PAGE_MARGIN;
	op.y = doc->y + 12;
	page_add(doc, &op);
	g_object_unref(l);
}

static void
page_rule(struct report_doc *doc, double x, double y, double w, double h,
    double width)
{
	struct page_op	op = { .kind = OP_RULE, .x = x, .y = y, .w = w,
			    .h = h, .width = width };

	page_add(doc, &op);
}

/*
 * text sanitised (control characters, bidirectional overrides and bad
 * UTF-8 replaced) as a layout of width w points.
 */
static PangoLayout *
page_layout(struct report_doc *doc, const char *text, enum page_style st,
    double w)
{
	PangoLayout	*l;
	size_t		 n = strnlen(text, PAGE_TEXT_MAX);
	char		*s;

	if ((s = malloc(n + 32)) == NULL) {
		doc->oom = true;
		return NULL;
	}
	text_sanitize((const uint8_t *)text, n, s, n + 1);
	if (n == PAGE_TEXT_MAX && text[n] != '\0')
		snprintf(s + strlen(s), n + 32 - strlen(s), " [cut]");
	l = pango_layout_new(doc->ctx);
	pango_layout_set_font_description(l, doc->font[st]);
	/* No ligatures: "fi" stays two letters for search and pdftotext. */
	pango_layout_set_attributes(l, doc->attrs);
	pango_layout_set_width(l, (int)(w * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_text(l, s, -1);
	free(s);
	return l;
}

/* The lines of l (references), at most cap; returns how many. */
static size_t
page_lines(PangoLayout *l, struct page_line *out, size_t cap)
{
	PangoLayoutIter	*it;
	PangoRectangle	 lr;
	size_t		 n = 0;

	if (l == NULL)
		return 0;
	it = pango_layout_get_iter(l);
	do {
		if (n == cap)
			break;
		pango_layout_iter_get_line_extents(it, NULL, &lr);
		out[n].line = pango_layout_line_ref(
		    pango_layout_iter_get_line_readonly(it));
		out[n].x = (double)lr.x / PANGO_SCALE;
		out[n].top = (double)lr.y / PANGO_SCALE;
		out[n].height = (double)lr.height / PANGO_SCALE;
		out[n].baseline = (double)pango_layout_iter_get_baseline(it) /
		    PANGO_SCALE;
		n++;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	return n;
}

#define PAGE_COLS	4

/*
 * Flow side-by-side columns: their lines advance together, a row of
 * lines going to the next page when it does not fit.  mark (not
 * MARK_NONE) is drawn left of the first line, at mark_x.
 */
static void
page_flow_mark(struct report_doc *doc, const struct page_col *cols,
    size_t ncol, enum page_mark mark, double mark_x)
{
	struct page_line	*lines[PAGE_COLS];
	PangoLayout		*l;
	struct page_op		 op;
	size_t			 n[PAGE_COLS], c, r, rows = 0, cap;
	double			 h;

	if (doc->full)
		return;
	for (c = 0; c < ncol && c < PAGE_COLS; c++) {
		n[c] = 0;
		lines[c] = NULL;
		if (cols[c].text == NULL || cols[c].text[0] == '\0')
			continue;
		l = page_layout(doc, cols[c].text, cols[c].style, cols[c].w);
		if (l == NULL)
			continue;
		/* A line holds a character at least; "\n" ends one. */
		cap = strnlen(cols[c].text, PAGE_TEXT_MAX) + 2;
		if ((lines[c] = calloc(cap, sizeof *lines[c])) == NULL)
			doc->oom = true;
		else
			n[c] = page_lines(l, lines[c], cap);
		g_object_unref(l);
		if (n[c] > rows)
			rows = n[c];
	}
	for (r = 0; r < rows; r++) {
		h = 0;
		for (c = 0; c < ncol; c++)
			if (r < n[c] && lines[c][r].height > h)
				h = lines[c][r].height;
		h += PAGE_LEAD;
		page_need(doc, h);
		if (doc->full)
			break;
		if (r == 0 && mark != MARK_NONE) {
			memset(&op, 0, sizeof op);
			op.kind = OP_MARK;
			op.mark = mark;
			op.x = mark_x;
			op.y = doc->y + 1.5;
			op.w = op.h = PAGE_MARK;
			page_add(doc, &op);
		}
		for (c = 0; c < ncol; c++) {
			if (r >= n[c])
				continue;
			memset(&op, 0, sizeof op);
			op.kind = OP_LINE;
			op.line = lines[c][r].line;
			lines[c][r].line = NULL;
			op.x = cols[c].x + lines[c][r].x;
			op.y = doc->y + lines[c][r].baseline -
			    lines[c][r].top;
			page_add(doc, &op);
		}
		doc->y += h;
	}
	for (c = 0; c < ncol && c < PAGE_COLS; c++) {
		for (r = 0; r < n[c]; r++)
			if (lines[c][r].line != NULL)
				pango_layout_line_unref(lines[c][r].line);
		free(lines[c]);
	}
}

static void
page_flow(struct report_doc *doc, const struct page_col *cols, size_t ncol)
{
	page_flow_mark(doc, cols, ncol, MARK_NONE, 0);
}

/* A paragraph across the text width, indented by indent points. */
static void
page_para(struct report_doc *doc, const char *text, enum page_style st,
    double indent)
{
	struct page_col	col = { PAGE_MARGIN + indent, page_width(doc) -
			    indent, text, st };

	page_flow(doc, &col, 1);
}

/* "Label   value" with the value wrapping in its column. */
static void
page_row(struct report_doc *doc, const char *label, const char *value,
    enum page_style vst)
{
	struct page_col	cols[2] = {
		{ PAGE_MARGIN, PAGE_LABEL_W - PAGE_GAP, label, PS_BOLD },
		{ PAGE_MARGIN + PAGE_LABEL_W, page_width(doc) - PAGE_LABEL_W,
		    value, vst },
	};

	page_flow(doc, cols, 2);
}

/* A section heading with a rule under it, kept with need more points. */
static void
page_heading(struct report_doc *doc, const char *text, double need)
{
	doc->y += 10;
	page_need(doc, 22 + need);
	page_para(doc, text, PS_H2, 0);
	page_rule(doc, PAGE_MARGIN, doc->y + 1, page_width(doc), 0, 0.6);
	doc->y += 5;
}

/* ---- the report's sections ------------------------------------------- */

/* An outcome result in words. */
static const char *
page_outcome_words(const char *result)
{
	static const struct { const char *id, *words; } w[] = {
		{ "completed", "Completed" },
		{ "completed-with-failures", "Completed, with failures" },
		{ "blocked", "Blocked: the work could not go on" },
		{ "aborted", "Aborted" },
		{ "incomplete", "Not finished" },
	};
	size_t	i;

	for (i = 0; result != NULL && i < sizeof w / sizeof w[0]; i++)
		if (strcmp(w[i].id, result) == 0)
			return w[i].words;
	return page_or(result, "Not recorded");
}

/* A remedy id in words. */
static const char *
page_remedy_words(const char *id)
{
	static const struct { const char *id, *words; } w[] = {
		{ "diagnose-only", "Diagnose only (no change to the lock)" },
		{ "battery", "Battery: new cells" },
		{ "clock", "Clock: set the lock's time" },
		{ "credentials", "Credentials: review the codes and cards" },
		{ "re-enroll", "Re-enroll the owner" },
		{ "factory-reset", "Factory reset" },
	};
	size_t	i;

	for (i = 0; id != NULL && i < sizeof w / sizeof w[0]; i++)
		if (strcmp(w[i].id, id) == 0)
			return w[i].words;
	return page_or(id, "not recorded");
}

/* A step's mark and status words from its status and state. */
static enum page_mark
page_step_status(const cJSON *step, const char **words)
{
	const char	*status = page_or(page_str(step, "status"), "");
	const char	*state = page_or(page_str(step, "state"), status);
	static const struct { const char *state, *words; } w[] = {
		{ "passed", "Passed" },
		{ "failed", "FAILED" },
		{ "interrupted", "FAILED (interrupted)" },
		{ "skipped", "Skipped" },
		{ "blocked", "Not started: blocked" },
		{ "not-run", "Not run" },
		{ "not-applicable", "Not applicable" },
		{ "not-attested", "Not attested" },
	};
	size_t	i;

	*words = state;
	for (i = 0; i < sizeof w / sizeof w[0]; i++)
		if (strcmp(w[i].state, state) == 0)
			*words = w[i].words;
	if (strcmp(status, "passed") == 0)
		return MARK_PASSED;
	if (strcmp(status, "failed") == 0)
		return MARK_FAILED;
	return MARK_SKIPPED;
}

static void
page_visit(struct report_doc *doc, const cJSON *r)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(r, "visit");
	const cJSON	*a = cJSON_GetObjectItemCaseSensitive(r,
			    "authorization");
	const cJSON	*ov = cJSON_GetObjectItemCaseSensitive(a,
			    "ownership_verified");
	const cJSON	*it;
	char		 buf[512];
	size_t		 n;

	page_para(doc, "Service visit report", PS_H1, 0);
	doc->y += 4;
	page_row(doc, "Site", page_or(page_str(v, "site"), "not recorded"),
	    PS_BODY);
	page_row(doc, "Work order", page_or(page_str(v, "work_order"),
	    "not recorded"), PS_BODY);
	page_row(doc, "Technician", page_or(page_str(v, "technician"),
	    "not recorded"), PS_BODY);
	page_when(page_str(v, "started"), page_str(v, "finished"), buf,
	    sizeof buf);
	page_row(doc, "Date", buf, PS_BODY);
	page_row(doc, "Visit", page_or(page_str(v, "id"), "-"), PS_BODY);
	buf[0] = '\0';
	n = 0;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(v,
	    "symptoms"))
		if (cJSON_IsString(it) && n < sizeof buf)
			n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s",
			    n > 0 ? ", " : "", it->valuestring);
	page_row(doc, "Symptoms", n > 0 ? buf : "none recorded", PS_BODY);
	snprintf(buf, sizeof buf, "%s%s%s%s", cJSON_IsTrue(ov) ? "verified" :
	    cJSON_IsFalse(ov) ? "NOT verified" : "not checked",
	    page_str(a, "method") != NULL ? " (" : "",
	    page_or(page_str(a, "method"), ""),
	    page_str(a, "method") != NULL ? ")" : "");
	page_row(doc, "Ownership", buf, PS_BODY);
}

/* The reading name of set, before or after ("readings_before"). */
static const cJSON *
page_reading(const cJSON *dev, const char *set, const char *name)
{
	return cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(dev, set), name);
}

/* A device's reading name in words, after else before, or NULL. */
static const char *
page_reading_any(const cJSON *dev, const char *name, char *buf, size_t len)
{
	const cJSON	*r = page_reading(dev, "readings_after", name);
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(r, "value");

	if (v == NULL || cJSON_IsNull(v))
		r = page_reading(dev, "readings_before", name);
	if (r == NULL)
		return NULL;
	page_reading_value(name, r, buf, len);
	return buf;
}

static void
page_lock(struct report_doc *doc, const cJSON *dev)
{
	char		 buf[512], v[200];
	const char	*s;

	page_heading(doc, "The lock", 40);
	page_row(doc, "Name", page_or(page_str(dev, "name"), "no name"),
	    PS_BODY);
	snprintf(buf, sizeof buf, "%s, family %s, model %s",
	    page_or(page_str(dev, "vendor"), "vendor unknown"),
	    page_or(page_str(dev, "family"), "unknown"),
	    page_or(page_str(dev, "model"), "unknown"));
	page_row(doc, "Lock", buf, PS_BODY);
	s = page_reading_any(dev, "serial_number", v, sizeof v);
	if (s == NULL)
		s = page_reading_any(dev, "serial", v, sizeof v);
	page_row(doc, "Serial number", page_or(s, "not read"), PS_BODY);
	s = page_reading_any(dev, "firmware", v, sizeof v);
	page_row(doc, "Firmware", page_or(s, "not read"), PS_BODY);
	snprintf(buf, sizeof buf, "%s (%s)", page_or(page_str(dev, "address"),
	    "-"), page_or(page_str(dev, "address_type"), "type unknown"));
	page_row(doc, "Address", buf, PS_BODY);
	page_row(doc, "Profile", page_or(page_str(dev, "profile"), "none"),
	    PS_BODY);
}

/* The triage's advice and the remedy, when the report holds them. */
static void
page_remedy(struct report_doc *doc, const cJSON *r)
{
	const cJSON	*tri = cJSON_GetObjectItemCaseSensitive(r, "triage");
	const cJSON	*rem = cJSON_GetObjectItemCaseSensitive(r, "remedy");
	const cJSON	*it;
	const char	*by, *reason, *t;
	char		 buf[1024];
	size_t		 i = 0;

	if (!cJSON_IsArray(tri) && !cJSON_IsObject(rem))
		return;
	page_heading(doc, "Triage advice and remedy", 30);
	cJSON_ArrayForEach(it, tri) {
		if ((t = page_str(it, "text")) == NULL)
			continue;
		snprintf(buf, sizeof buf, "%zu. %s", ++i, t);
		page_para(doc, buf, PS_BODY, 0);
	}
	if (cJSON_IsArray(tri) && i == 0)
		page_para(doc, "The triage gave no advice (the visit ended "
		    "before the baseline, or nothing called for a remedy).",
		    PS_BODY, 0);
	doc->y += 3;
	if (!cJSON_IsObject(rem)) {
		page_row(doc, "Remedy", "none chosen", PS_BODY);
		return;
	}
	page_row(doc, "Remedy", page_remedy_words(page_str(rem, "id")),
	    PS_BOLD);
	by = page_or(page_str(rem, "chosen_by"), "");
	reason = page_str(rem, "reason");
	if (strcmp(by, "triage-accepted") == 0)
		snprintf(buf, sizeof buf, "the triage's advice, accepted by "
		    "the technician");
	else if (strcmp(by, "technician") == 0 && page_str(rem, "advised") !=
	    NULL && page_str(rem, "id") != NULL &&
	    strcmp(page_str(rem, "advised"), page_str(rem, "id")) != 0)
		snprintf(buf, sizeof buf, "the technician, instead of the "
		    "advised remedy (%s)%s%s", page_remedy_words(page_str(rem,
		    "advised")), reason != NULL ? ".  Reason: " : "",
		    page_or(reason, ""));
	else if (strcmp(by, "technician") == 0)
		snprintf(buf, sizeof buf, "the technician%s%s",
		    reason != NULL ? ".  Reason: " : "", page_or(reason, ""));
	else
		snprintf(buf, sizeof buf, "%s", page_or(by, "not recorded"));
	page_row(doc, "Chosen by", buf, PS_BODY);
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(rem,
	    "battery_replaced")))
		page_row(doc, "Battery", "new cells were fitted during the "
		    "visit", PS_BODY);
}

/* A count of the summary (0 when absent or not a small number). */
static int
page_count(const cJSON *s, const char *key)
{
	const cJSON	*it = cJSON_GetObjectItemCaseSensitive(s, key);

	return cJSON_IsNumber(it) && it->valuedouble >= 0 &&
	    it->valuedouble < 1e6 ? (int)it->valuedouble : 0;
}

static void
page_outcome(struct report_doc *doc, const cJSON *r)
{
	const cJSON	*o = cJSON_GetObjectItemCaseSensitive(r, "outcome");
	const cJSON	*s = cJSON_GetObjectItemCaseSensitive(r, "summary");
	struct page_op	 op;
	double		 y0;
	size_t		 p0;
	char		 buf[256];

	page_heading(doc, "Outcome", 36);
	p0 = doc->npages;
	y0 = doc->y;
	doc->y += 5;
	page_para(doc, page_outcome_words(page_str(o, "result")), PS_H2, 8);
	page_para(doc, page_or(page_str(o, "text"), ""), PS_BODY, 8);
	if (cJSON_IsObject(s)) {
		snprintf(buf, sizeof buf, "%d steps: %d passed, %d failed, %d "
		    "skipped or not started", page_count(s, "steps"),
		    page_count(s, "passed"), page_count(s, "failed"),
		    page_count(s, "skipped") + page_count(s, "blocked") +
		    page_count(s, "not_run"));
		page_para(doc, buf, PS_SMALL, 8);
	}
	doc->y += 5;
	/* A frame, when the block stayed on one page. */
	if (doc->npages == p0) {
		memset(&op, 0, sizeof op);
		op.kind = OP_BOX;
		op.x = PAGE_MARGIN;
		op.y = y0;
		op.w = page_width(doc);
		op.h = doc->y - y0;
		op.width = 1.2;
		page_add(doc, &op);
	}
}

/* "name: value; name: value" of a step's evidence. */
static void
page_evidence(const cJSON *ev, char *buf, size_t len)
{
	const cJSON	*it;
	char		 name[64], val[200];
	size_t		 n = 0;

	buf[0] = '\0';
	cJSON_ArrayForEach(it, ev) {
		if (it->string == NULL || n >= len)
			continue;
		page_reading_name(it->string, name, sizeof name);
		page_reading_value(it->string, it, val, sizeof val);
		n += (size_t)snprintf(buf + n, len - n, "%s%s: %s",
		    n > 0 ? "; " : "", name, val);
	}
}

static void
page_steps(struct report_doc *doc, const cJSON *r)
{
	const cJSON	*it;
	const char	*words, *note;
	enum page_mark	 m;
	double		 tx = PAGE_MARGIN + PAGE_MARK + 7, sw = 118;
	double		 tw = page_width(doc) - (tx - PAGE_MARGIN) - sw -
			    PAGE_GAP;
	char		 ev[1024];
	struct page_col	 cols[2];

	page_heading(doc, "Steps", 30);
	page_para(doc, "Marks: a tick in a box passed; a filled box with a "
	    "cross failed; a dash in a box was skipped or did not apply.",
	    PS_SMALL, 0);
	doc->y += 4;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(r, "steps")) {
		m = page_step_status(it, &words);
		page_need(doc, 24);
		cols[0] = (struct page_col){ tx, tw,
		    page_or(page_str(it, "title"), page_or(page_str(it, "id"),
		    "untitled step")), PS_BOLD };
		cols[1] = (struct page_col){ tx + tw + PAGE_GAP, sw, words,
		    m == MARK_FAILED ? PS_BOLD : PS_BODY };
		page_flow_mark(doc, cols, 2, m, PAGE_MARGIN);
		/* A step off the remedy's path: its status says it all. */
		if ((note = page_str(it, "note")) != NULL &&
		    strcmp(page_or(page_str(it, "state"), ""),
		    "not-applicable") != 0)
			page_para(doc, note, PS_BODY, tx - PAGE_MARGIN);
		page_evidence(cJSON_GetObjectItemCaseSensitive(it,
		    "evidence"), ev, sizeof ev);
		if (ev[0] != '\0')
			page_para(doc, ev, PS_SMALL, tx - PAGE_MARGIN);
		doc->y += 4;
	}
}

/* The profile's battery minimum in words, or "". */
static void
page_threshold(const struct profile_set *ps, const char *profile_id,
    char *buf, size_t len)
{
	const struct profile		*p;
	const struct profile_battery	*b;
	char				 v[40];

	buf[0] = '\0';
	if (ps == NULL || profile_id == NULL ||
	    (p = profile_set_find(ps, profile_id)) == NULL)
		return;
	b = profile_battery(p);
	if (b->min_percent >= 0)
		snprintf(buf, len, "minimum %d %%", b->min_percent);
	else if (b->min_volts >= 0 && jcs_number(b->min_volts, v, sizeof v))
		snprintf(buf, len, "minimum %s V", v);
	else
		return;
	snprintf(buf + strlen(buf), len - strlen(buf), " (profile %s as "
	    "installed when this page was made)", profile_id);
}

static void
page_readings(struct report_doc *doc, const cJSON *dev,
    const struct profile_set *ps)
{
	const cJSON	*before = cJSON_GetObjectItemCaseSensitive(dev,
			    "readings_before");
	const cJSON	*after = cJSON_GetObjectItemCaseSensitive(dev,
			    "readings_after");
	const cJSON	*set, *it, *b, *a;
	double		 w = page_width(doc), c1 = 130, c2 = (w - c1) / 2;
	char		 name[64], vb[256], va[256], th[200];
	struct page_col	 cols[3] = {
		{ PAGE_MARGIN, c1 - PAGE_GAP, "Reading", PS_BOLD },
		{ PAGE_MARGIN + c1, c2 - PAGE_GAP, "Before", PS_BOLD },
		{ PAGE_MARGIN + c1 + c2, c2, "After", PS_BOLD },
	};
	int		 pass;

	page_heading(doc, "Readings before and after", 40);
	page_flow(doc, cols, 3);
	page_rule(doc, PAGE_MARGIN, doc->y, w, 0, 0.4);
	doc->y += 2;
	/* Before's names in order, then those only after has. */
	for (pass = 0; pass < 2; pass++) {
		set = pass == 0 ? before : after;
		cJSON_ArrayForEach(it, set) {
			if (it->string == NULL)
				continue;
			if (pass == 1 && cJSON_GetObjectItemCaseSensitive(
			    before, it->string) != NULL)
				continue;
			b = cJSON_GetObjectItemCaseSensitive(before,
			    it->string);
			a = cJSON_GetObjectItemCaseSensitive(after,
			    it->string);
			page_reading_name(it->string, name, sizeof name);
			if (b != NULL)
				page_reading_value(it->string, b, vb,
				    sizeof vb);
			else
				snprintf(vb, sizeof vb, "-");
			if (a != NULL)
				page_reading_value(it->string, a, va,
				    sizeof va);
			else
				snprintf(va, sizeof va, "-");
			cols[0].text = name;
			cols[0].style = PS_BODY;
			cols[1].text = vb;
			cols[1].style = PS_BODY;
			cols[2].text = va;
			cols[2].style = PS_BODY;
			page_flow(doc, cols, 3);
		}
	}
	page_threshold(ps, page_str(dev, "profile"), th, sizeof th);
	if (th[0] != '\0') {
		snprintf(vb, sizeof vb, "Battery %s.", th);
		page_para(doc, vb, PS_SMALL, 0);
	}
}

/* One signal reading (name "rssi", a number, a time) into the chart. */
static void
page_sample(struct page_chart *ch, const cJSON *r)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(r, "value");
	double		 t = page_time_s(page_str(r, "at"));
	size_t		 i;

	if (!cJSON_IsNumber(v) || isnan(t) || v->valuedouble < -127 ||
	    v->valuedouble > 20 || ch->n == PAGE_SAMPLES)
		return;
	/* The same reading often stands as evidence too: once only. */
	for (i = 0; i < ch->n; i++)
		if (ch->t[i] == t && ch->dbm[i] == v->valuedouble)
			return;
	for (i = ch->n; i > 0 && ch->t[i - 1] > t; i--) {
		ch->t[i] = ch->t[i - 1];
		ch->dbm[i] = ch->dbm[i - 1];
	}
	ch->t[i] = t;
	ch->dbm[i] = v->valuedouble;
	ch->n++;
}

/*
 * The lock's signal readings the report holds: "rssi" before and after
 * and in any step's evidence.  A report keeps readings, not a trace, so
 * these are the points there are; nothing is interpolated.
 */
static void
page_collect(struct page_chart *ch, const cJSON *r, const cJSON *dev)
{
	const cJSON	*it;

	memset(ch, 0, sizeof *ch);
	page_sample(ch, page_reading(dev, "readings_before", "rssi"));
	page_sample(ch, page_reading(dev, "readings_after", "rssi"));
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(r, "steps"))
		page_sample(ch, cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(it, "evidence"),
		    "rssi"));
}

/*
 * A chart's frame, grid and curve (OP_CHART), its labels as lines: the
 * values down the left (prec decimals, their unit above), the first, middle and
 * last times under it in the laptop's local time (tf), and what the
 * time axis is.
 */
static void
page_chart_put(struct report_doc *doc, unsigned which, const char *unit,
    int prec, enum page_tfmt tf)
{
	struct page_chart	*ch = &doc->chart[which];
	struct page_op		 op;
	struct page_col		 col, ends[3];
	PangoLayout		*l;
	double			 x0, y0, w, h, v;
	char			 lab[3][48], zone[48], a[64];
	size_t			 i;
	int			 lw;

	page_need(doc, PAGE_CHART_H + 30);
	col = (struct page_col){ PAGE_MARGIN, 80, unit, PS_SMALL };
	page_flow(doc, &col, 1);
	x0 = PAGE_MARGIN + 46;
	y0 = doc->y + 6;
	w = page_width(doc) - 56;
	h = PAGE_CHART_H - 24;
	memset(&op, 0, sizeof op);
	op.kind = OP_CHART;
	op.chart = which;
	op.x = x0;
	op.y = y0;
	op.w = w;
	op.h = h;
	op.width = 1;
	page_add(doc, &op);
	/* The value labels left of the frame, one per grid line. */
	for (v = ch->lo; v <= ch->hi + ch->step / 1000; v += ch->step) {
		snprintf(a, sizeof a, "%.*f", prec, v);
		col = (struct page_col){ PAGE_MARGIN, 40, a, PS_SMALL };
		doc->y = y0 + h - (v - ch->lo) / (ch->hi - ch->lo) * h - 5;
		page_flow(doc, &col, 1);
	}
	doc->y = y0 + h + 3;
	page_local((time_t)ch->t0, tf, lab[0], sizeof lab[0]);
	page_local((time_t)((ch->t0 + ch->t1) / 2), tf, lab[1],
	    sizeof lab[1]);
	page_local((time_t)ch->t1, tf, lab[2], sizeof lab[2]);
	for (i = 0; i < 3; i++) {
		ends[i] = (struct page_col){ x0, w / 3 - PAGE_GAP, lab[i],
		    PS_SMALL };
		if (i == 0 || (l = page_layout(doc, lab[i], PS_SMALL,
		    w / 3)) == NULL)
			continue;
		lw = 0;
		pango_layout_get_size(l, &lw, NULL);
		g_object_unref(l);
		/* The middle one centred, the last flush right. */
		ends[i].w = (double)lw / PANGO_SCALE + 1;
		ends[i].x = i == 1 ? x0 + (w - ends[i].w) / 2 :
		    x0 + w - ends[i].w + 1;
	}
	page_flow(doc, ends, 3);
	page_local((time_t)ch->t0, TF_ZONE, zone, sizeof zone);
	snprintf(a, sizeof a, "Local time, %s", zone);
	col = (struct page_col){ x0, w, a, PS_SMALL };
	page_flow(doc, &col, 1);
	doc->y += 4;
}

/*
 * The report's signal series ("signal": interval_s and samples of at and
 * rssi, null for a window with nothing heard) into ch.  False when the
 * report has none or it is not one.
 */
static bool
page_series(struct page_chart *ch, const cJSON *sig, double *interval,
    size_t *heard)
{
	const cJSON	*it, *v;
	double		 t;

	memset(ch, 0, sizeof *ch);
	*heard = 0;
	it = cJSON_GetObjectItemCaseSensitive(sig, "interval_s");
	if (!cJSON_IsObject(sig) || !cJSON_IsNumber(it) ||
	    !(it->valuedouble > 0))
		return false;
	*interval = it->valuedouble;
	/* Neighbours further apart than one window and a half were not
	   both heard in a row: the visit was not running in between. */
	ch->gap_s = *interval * 1.5;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(sig,
	    "samples")) {
		t = page_time_s(page_str(it, "at"));
		v = cJSON_GetObjectItemCaseSensitive(it, "rssi");
		if (ch->n == PAGE_SAMPLES || isnan(t) ||
		    (ch->n > 0 && t < ch->t[ch->n - 1]))
			continue;
		if (cJSON_IsNumber(v) && v->valuedouble >= -127 &&
		    v->valuedouble <= 20) {
			ch->dbm[ch->n] = v->valuedouble;
			(*heard)++;
		} else
			ch->dbm[ch->n] = NAN;
		ch->t[ch->n++] = t;
	}
	return ch->n > 0;
}

/* lo, hi and the grid step of a chart's values; false when none. */
static bool
page_range(struct page_chart *ch, double minstep)
{
	double	lo = INFINITY, hi = -INFINITY, step;
	size_t	i;

	for (i = 0; i < ch->n; i++)
		if (!isnan(ch->dbm[i])) {
			lo = fmin(lo, ch->dbm[i]);
			hi = fmax(hi, ch->dbm[i]);
		}
	if (isinf(lo))
		return false;
	/* At most 6 labels down the side. */
	ch->step = step = minstep * fmax(1, ceil((hi - lo + 2 * minstep /
	    10) / (5 * minstep)));
	ch->lo = floor((lo - minstep / 10) / step) * step;
	ch->hi = ceil((hi + minstep / 10) / step) * step;
	if (ch->hi <= ch->lo)
		ch->hi = ch->lo + step;
	ch->t0 = ch->t[0];
	ch->t1 = ch->t[ch->n - 1] > ch->t0 ? ch->t[ch->n - 1] : ch->t0 + 1;
	return true;
}

/*
 * The signal chart.  A report of this version holds the lock's signal
 * over the visit (one mean per window); an older one only the readings
 * before and after, which are charted as points, said to be so.
 */
static void
page_signal(struct report_doc *doc, const cJSON *r, const cJSON *dev)
{
	struct page_chart	*ch = &doc->chart[PAGE_CH_SIGNAL];
	double			 interval = 0;
	size_t			 heard;
	char			 buf[320], a[40], b[40];

	page_heading(doc, "Signal over the visit", PAGE_CHART_H + 40);
	if (page_series(ch, cJSON_GetObjectItemCaseSensitive(r, "signal"),
	    &interval, &heard)) {
		if (heard == 0 || !page_range(ch, 10)) {
			page_para(doc, "The lock was not heard in any window "
			    "of the signal series: no chart.", PS_BODY, 0);
			return;
		}
		page_local((time_t)ch->t0, TF_HMS, a, sizeof a);
		page_local((time_t)ch->t1, TF_HMSZ, b, sizeof b);
		snprintf(buf, sizeof buf, "Signal strength of the lock (dBm), "
		    "the mean of every %g s of the visit from %s to %s: %zu "
		    "windows, %zu with the lock heard.  Higher is stronger; a "
		    "break in the line is a time the lock was not heard.",
		    interval, a, b, ch->n, heard);
		page_para(doc, buf, PS_SMALL, 0);
		page_chart_put(doc, PAGE_CH_SIGNAL, "dBm", 0, TF_HMS);
		return;
	}
	page_para(doc, "No signal series in this report (it was written "
	    "before reports kept one).", PS_BODY, 0);
	page_collect(ch, r, dev);
	if (ch->n < 2) {
		page_para(doc, ch->n == 0 ? "The report holds no signal "
		    "reading of the lock: no chart." : "The report holds one "
		    "signal reading of the lock: no chart.", PS_BODY, 0);
		return;
	}
	ch->dots = true;
	(void)page_range(ch, 10);
	page_local((time_t)ch->t0, TF_HMS, a, sizeof a);
	page_local((time_t)ch->t1, TF_HMSZ, b, sizeof b);
	snprintf(buf, sizeof buf, "Signal strength of the lock (dBm) at the "
	    "%zu readings the report holds, %s to %s.  Higher is stronger; "
	    "points are readings, the line only joins them.", ch->n, a, b);
	page_para(doc, buf, PS_SMALL, 0);
	page_chart_put(doc, PAGE_CH_SIGNAL, "dBm", 0, TF_HMS);
}

/* A battery reading of the report's lock: after, else before. */
static double
page_batt_now(const cJSON *dev, const char *name)
{
	const cJSON	*v;

	v = cJSON_GetObjectItemCaseSensitive(page_reading(dev,
	    "readings_after", name), "value");
	if (!cJSON_IsNumber(v))
		v = cJSON_GetObjectItemCaseSensitive(page_reading(dev,
		    "readings_before", name), "value");
	return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

/*
 * The lock's battery over time: the earlier visits the records database
 * holds (the caller's points) and this one.  Percent when any point has
 * it, else volts.
 */
static void
page_battery(struct report_doc *doc, const cJSON *r, const cJSON *dev,
    const struct report_page_info *in)
{
	struct page_chart	*ch = &doc->chart[PAGE_CH_BATTERY];
	const struct report_page_battery *p;
	double			 now_t, now_v, pc, vo, v;
	bool			 percent = false;
	char			 buf[PAGE_TEXT_MAX], one[96], day[40];
	size_t			 i, len = 0;

	if (in->records == REPORT_RECORDS_OFF)
		return;
	page_heading(doc, "Battery over time", PAGE_CHART_H + 40);
	if (in->records != REPORT_RECORDS_FOUND || in->nbattery == 0) {
		page_para(doc, in->records == REPORT_RECORDS_NODB ?
		    "No records database: no earlier visits of this lock to "
		    "chart." : in->records == REPORT_RECORDS_ERROR ?
		    "The records database could not be read: no battery "
		    "chart." : "The records database holds no earlier visits "
		    "of this lock with a battery reading: no chart.",
		    PS_BODY, 0);
		return;
	}
	pc = page_batt_now(dev, "battery_percent");
	vo = page_batt_now(dev, "battery_volts");
	for (i = 0; i < in->nbattery; i++)
		if (!isnan(in->battery[i].percent))
			percent = true;
	percent = percent || !isnan(pc);
	memset(ch, 0, sizeof *ch);
	ch->dots = true;
	for (i = 0; i < in->nbattery && ch->n < PAGE_SAMPLES - 1; i++) {
		p = &in->battery[i];
		v = percent ? p->percent : p->volts;
		if (!(v >= 0 && v <= (percent ? 100 : 20)) ||
		    (ch->n > 0 && p->t < ch->t[ch->n - 1]))
			continue;
		ch->t[ch->n] = p->t;
		ch->dbm[ch->n++] = percent ? p->percent : p->volts;
		page_local((time_t)p->t, TF_DATE, day, sizeof day);
		snprintf(one, sizeof one, "%s%s %.*f%s", len > 0 ? ", " : "",
		    day, percent ? 0 : 2, percent ? p->percent : p->volts,
		    percent ? " %" : " V");
		if (len + strlen(one) < sizeof buf - 120)
			len += (size_t)snprintf(buf + len, sizeof buf - len,
			    "%s", one);
	}
	now_t = page_time_s(page_str(cJSON_GetObjectItemCaseSensitive(r,
	    "visit"), "started"));
	now_v = percent ? pc : vo;
	if (!isnan(now_t) && now_v >= 0 && now_v <= (percent ? 100 : 20) &&
	    (ch->n == 0 || now_t >= ch->t[ch->n - 1])) {
		ch->t[ch->n] = now_t;
		ch->dbm[ch->n++] = now_v;
		page_local((time_t)now_t, TF_DATE, day, sizeof day);
		snprintf(buf + len, sizeof buf - len, "%sthis visit %s %.*f%s",
		    len > 0 ? ", " : "", day, percent ? 0 : 2, now_v,
		    percent ? " %" : " V");
	}
	if (ch->n < 2 || !page_range(ch, percent ? 20 : 0.2)) {
		page_para(doc, "One battery reading of this lock, from an "
		    "earlier visit or this one: no chart.", PS_BODY, 0);
		return;
	}
	if (percent) {
		ch->lo = 0;
		ch->hi = 100;
		ch->step = 20;
	}
	page_para(doc, percent ? "The lock's battery (%) at each visit the "
	    "records database holds, and this one; points are visits, the "
	    "line only joins them." : "The lock's battery voltage at each "
	    "visit the records database holds, and this one; points are "
	    "visits, the line only joins them.", PS_SMALL, 0);
	page_para(doc, buf, PS_SMALL, 0);
	page_chart_put(doc, PAGE_CH_BATTERY, percent ? "%" : "V",
	    percent ? 0 : 1, TF_DATE);
}

static void
page_integrity(struct report_doc *doc, const struct report_page_info *in)
{
	page_heading(doc, "Integrity", 60);
	page_row(doc, "Signed by", in->fingerprint != NULL ?
	    in->fingerprint : "not signed: the report carries its digest "
	    "only, which shows accidental changes but not who wrote it",
	    in->fingerprint != NULL ? PS_MONO : PS_BODY);
	page_row(doc, "SHA-256", in->sha256, PS_MONO);
	page_row(doc, "Verify with", in->verify_cmd, PS_MONO);
	page_para(doc, "These pages are a rendering of the JSON report; "
	    "the JSON is the record.  The command above checks that its "
	    "digest (and signature) still hold, and prints the same "
	    "SHA-256.", PS_SMALL, 0);
}

/* ---- drawing ------------------------------------------------------- */

static void
page_draw_mark(cairo_t *cr, const struct page_op *op)
{
	double	x = op->x, y = op->y, s = op->w;

	cairo_set_line_width(cr, 1.1);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_rectangle(cr, x, y, s, s);
	switch (op->mark) {
	case MARK_PASSED:
		cairo_stroke(cr);
		cairo_set_line_width(cr, 1.6);
		cairo_move_to(cr, x + s * 0.2, y + s * 0.55);
		cairo_line_to(cr, x + s * 0.42, y + s * 0.8);
		cairo_line_to(cr, x + s * 0.85, y + s * 0.18);
		cairo_stroke(cr);
		break;
	case MARK_FAILED:
		cairo_fill(cr);
		cairo_set_source_rgb(cr, 1, 1, 1);
		cairo_set_line_width(cr, 1.5);
		cairo_move_to(cr, x + s * 0.22, y + s * 0.22);
		cairo_line_to(cr, x + s * 0.78, y + s * 0.78);
		cairo_move_to(cr, x + s * 0.78, y + s * 0.22);
		cairo_line_to(cr, x + s * 0.22, y + s * 0.78);
		cairo_stroke(cr);
		cairo_set_source_rgb(cr, 0, 0, 0);
		break;
	default:
		cairo_stroke(cr);
		cairo_move_to(cr, x + s * 0.25, y + s * 0.5);
		cairo_line_to(cr, x + s * 0.75, y + s * 0.5);
		cairo_stroke(cr);
		break;
	}
}

/* Where point i of ch lies in the frame of op. */
static void
page_point(const struct page_chart *ch, const struct page_op *op, size_t i,
    double *px, double *py)
{
	*px = op->x + (ch->t[i] - ch->t0) / (ch->t1 - ch->t0) * op->w;
	*py = op->y + op->h - (ch->dbm[i] - ch->lo) / (ch->hi - ch->lo) *
	    op->h;
}

/* Whether points i and i + 1 are joined by the line. */
static bool
page_joined(const struct page_chart *ch, size_t i)
{
	return i + 1 < ch->n && !isnan(ch->dbm[i]) &&
	    !isnan(ch->dbm[i + 1]) && (ch->gap_s <= 0 ||
	    ch->t[i + 1] - ch->t[i] <= ch->gap_s);
}

/*
 * Grey grid, black frame, black line: it prints in black and white.
 * The line breaks at a gap; a point joined to neither neighbour (and
 * every point of a chart of readings) gets a dot.
 */
static void
page_draw_chart(cairo_t *cr, const struct page_chart *ch,
    const struct page_op *op)
{
	double	v, px, py;
	size_t	i;
	bool	pen = false;

	if (ch->n < 1 || ch->hi <= ch->lo || ch->step <= 0 ||
	    ch->t1 <= ch->t0)
		return;
	cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
	cairo_set_line_width(cr, 0.4);
	for (v = ch->lo; v <= ch->hi + ch->step / 1000; v += ch->step) {
		py = op->y + op->h - (v - ch->lo) / (ch->hi - ch->lo) * op->h;
		cairo_move_to(cr, op->x, py);
		cairo_line_to(cr, op->x + op->w, py);
	}
	cairo_stroke(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, 0.8);
	cairo_rectangle(cr, op->x, op->y, op->w, op->h);
	cairo_stroke(cr);
	/* Nothing leaves the frame, whatever the values. */
	cairo_save(cr);
	cairo_rectangle(cr, op->x - 3, op->y - 3, op->w + 6, op->h + 6);
	cairo_clip(cr);
	cairo_set_line_width(cr, 1.2);
	cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
	for (i = 0; i < ch->n; i++) {
		if (isnan(ch->dbm[i])) {
			pen = false;
			continue;
		}
		page_point(ch, op, i, &px, &py);
		if (pen)
			cairo_line_to(cr, px, py);
		else
			cairo_move_to(cr, px, py);
		pen = page_joined(ch, i);
	}
	cairo_stroke(cr);
	for (i = 0; i < ch->n; i++) {
		if (isnan(ch->dbm[i]) || (!ch->dots && (page_joined(ch, i) ||
		    (i > 0 && page_joined(ch, i - 1)))))
			continue;
		page_point(ch, op, i, &px, &py);
		cairo_new_sub_path(cr);
		cairo_arc(cr, px, py, ch->dots ? 2.6 : 1.6, 0, 2 * M_PI);
	}
	cairo_fill(cr);
	cairo_restore(cr);
}

/* "Visit ID, SITE" left and "page i of n" right, under the flow. */
static void
page_draw_footer(struct report_doc *doc, cairo_t *cr, size_t i)
{
	PangoLayout	*l;
	char		 buf[64];
	int		 w = 0;
	double		 y = doc->ph - PAGE_MARGIN - 10;

	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, 0.4);
	cairo_move_to(cr, PAGE_MARGIN, y - 4);
	cairo_line_to(cr, doc->pw - PAGE_MARGIN, y - 4);
	cairo_stroke(cr);
	snprintf(buf, sizeof buf, "page %zu of %zu", i + 1, doc->npages);
	if ((l = page_layout(doc, buf, PS_SMALL, 100)) == NULL)
		return;
	pango_layout_get_size(l, &w, NULL);
	cairo_move_to(cr, doc->pw - PAGE_MARGIN - (double)w / PANGO_SCALE, y);
	pango_cairo_show_layout(cr, l);
	g_object_unref(l);
	if ((l = page_layout(doc, doc->footer, PS_SMALL,
	    page_width(doc) - 110)) == NULL)
		return;
	pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
	cairo_move_to(cr, PAGE_MARGIN, y);
	pango_cairo_show_layout(cr, l);
	g_object_unref(l);
}

static void
page_draw(struct report_doc *doc, cairo_t *cr, size_t i)
{
	const struct page	*p = &doc->pages[i];
	const struct page_op	*op;
	size_t			 k;

	cairo_set_source_rgb(cr, 0, 0, 0);
	for (k = 0; k < p->n; k++) {
		op = &p->ops[k];
		switch (op->kind) {
		case OP_LINE:
			cairo_move_to(cr, op->x, op->y);
			pango_cairo_show_layout_line(cr, op->line);
			cairo_new_path(cr);
			break;
		case OP_RULE:
			cairo_set_line_width(cr, op->width);
			cairo_move_to(cr, op->x, op->y);
			cairo_line_to(cr, op->x + op->w, op->y + op->h);
			cairo_stroke(cr);
			break;
		case OP_BOX:
			cairo_set_line_width(cr, op->width);
			cairo_rectangle(cr, op->x, op->y, op->w, op->h);
			cairo_stroke(cr);
			break;
		case OP_MARK:
			page_draw_mark(cr, op);
			break;
		case OP_CHART:
			page_draw_chart(cr, &doc->chart[op->chart %
			    PAGE_CH_COUNT], op);
			cairo_set_source_rgb(cr, 0, 0, 0);
			break;
		}
	}
	page_draw_footer(doc, cr, i);
}

/* ---- output ---------------------------------------------------------- */

struct page_sink {
	int			 fd;
	const char		*what;
	struct ls_errbuf	*eb;
	enum ls_err		 e;
};

static cairo_status_t
page_write(void *arg, const unsigned char *p, unsigned int n)
{
	struct page_sink	*s = arg;

	if (s->e != LS_OK)
		return CAIRO_STATUS_WRITE_ERROR;
	s->e = durable_write_all(s->fd, p, n, s->what, s->eb);
	return s->e == LS_OK ? CAIRO_STATUS_SUCCESS :
	    CAIRO_STATUS_WRITE_ERROR;
}

/* A cairo failure as an error (a write error the sink already named). */
static enum ls_err
page_cairo_err(struct page_sink *s, cairo_status_t st)
{
	if (s->e != LS_OK)
		return s->e;
	if (st == CAIRO_STATUS_SUCCESS)
		return LS_OK;
	if (st == CAIRO_STATUS_NO_MEMORY)
		return ls_err_set(s->eb, LS_ENOMEM, "out of memory drawing "
		    "'%s'", s->what);
	if (st == CAIRO_STATUS_WRITE_ERROR)
		return ls_err_set(s->eb, LS_EIO, "cannot write '%s'", s->what);
	return ls_err_set(s->eb, LS_EINTERNAL, "cannot draw '%s': %s",
	    s->what, cairo_status_to_string(st));
}

enum ls_err
report_doc_pdf(struct report_doc *doc, int fd, const char *what,
    struct ls_errbuf *eb)
{
	struct page_sink	 s = { fd, what, eb, LS_OK };
	cairo_surface_t		*sf;
	cairo_t			*cr;
	cairo_status_t		 st;
	char			 buf[128];
	size_t			 i;

	sf = cairo_pdf_surface_create_for_stream(page_write, &s, doc->pw,
	    doc->ph);
	cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_TITLE,
	    doc->title);
	snprintf(buf, sizeof buf, "lockscope-report/1 sha256 %s",
	    doc->sha256);
	cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_SUBJECT, buf);
	snprintf(buf, sizeof buf, "sha256:%s", doc->sha256);
	cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_KEYWORDS, buf);
	cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_CREATOR,
	    "lockscope " LS_VERSION);
	cr = cairo_create(sf);
	for (i = 0; i < doc->npages; i++) {
		page_draw(doc, cr, i);
		cairo_show_page(cr);
	}
	st = cairo_status(cr);
	cairo_destroy(cr);
	cairo_surface_finish(sf);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(sf);
	cairo_surface_destroy(sf);
	return page_cairo_err(&s, st);
}

enum ls_err
report_doc_png(struct report_doc *doc, size_t page, int fd, const char *what,
    struct ls_errbuf *eb)
{
	struct page_sink	 s = { fd, what, eb, LS_OK };
	cairo_surface_t		*sf;
	cairo_t			*cr;
	cairo_status_t		 st;
	double			 k = REPORT_PAGE_PNG_DPI / 72.0;

	if (page >= doc->npages)
		return ls_err_set(eb, LS_EINTERNAL, "no page %zu", page + 1);
	/* Whole pixels; 11 in at 150 dpi is 1650, not 1651. */
	sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
	    (int)ceil(doc->pw * k - 1e-6), (int)ceil(doc->ph * k - 1e-6));
	cr = cairo_create(sf);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, k, k);
	page_draw(doc, cr, page);
	st = cairo_status(cr);
	cairo_destroy(cr);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_write_to_png_stream(sf, page_write, &s);
	cairo_surface_destroy(sf);
	return page_cairo_err(&s, st);
}

/* ---- the document ---------------------------------------------------- */

size_t
report_doc_pages(const struct report_doc *doc)
{
	return doc->npages;
}

void
report_doc_free(struct report_doc *doc)
{
	size_t	i, k;

	if (doc == NULL)
		return;
	for (i = 0; i < doc->npages; i++) {
		for (k = 0; k < doc->pages[i].n; k++)
			if (doc->pages[i].ops[k].line != NULL)
				pango_layout_line_unref(
				    doc->pages[i].ops[k].line);
		free(doc->pages[i].ops);
	}
	free(doc->pages);
	for (i = 0; i < PS_COUNT; i++)
		if (doc->font[i] != NULL)
			pango_font_description_free(doc->font[i]);
	if (doc->attrs != NULL)
		pango_attr_list_unref(doc->attrs);
	if (doc->ctx != NULL)
		g_object_unref(doc->ctx);
	if (doc->fontmap != NULL)
		g_object_unref(doc->fontmap);
	free(doc->sha256);
	free(doc->title);
	free(doc->footer);
	free(doc);
}

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PAGE_ASAN	1		/* clang's way of saying it */
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(PAGE_ASAN)
/*
 * LeakSanitizer's hook for built-in suppressions.  Pango sorts font sets
 * in threads of its own, and the fontconfig patterns one of them still
 * holds when the process exits are reported as leaks of libfontconfig;
 * they are the library's, and freeing its caches at exit (FcFini) races
 * with those threads.  Only in sanitizer builds.
 */
const char	*__lsan_default_suppressions(void);

const char *
__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}
#endif

/* A context laying out in points, the same for PDF and image. */
static enum ls_err
page_context(struct report_doc *doc, struct ls_errbuf *eb)
{
	cairo_font_options_t	*fo;
	size_t			 i;

	if ((doc->fontmap = pango_cairo_font_map_new()) == NULL ||
	    (doc->ctx = pango_font_map_create_context(doc->fontmap)) == NULL)
		return ls_err_set(eb, LS_EINTERNAL, "cannot start pango");
	pango_cairo_context_set_resolution(doc->ctx, 72);
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(doc->ctx, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(doc->ctx, FALSE);
	doc->attrs = pango_attr_list_new();
	pango_attr_list_insert(doc->attrs,
	    pango_attr_font_features_new("liga 0, clig 0, dlig 0"));
	for (i = 0; i < PS_COUNT; i++)
		if ((doc->font[i] = pango_font_description_from_string(
		    page_fonts[i])) == NULL)
			return ls_err_set(eb, LS_ENOMEM, "out of memory");
	return LS_OK;
}

enum ls_err
report_doc_new(const cJSON *r, const struct report_page_info *in,
    struct report_doc **out, struct ls_errbuf *eb)
{
	struct report_doc	*doc;
	const cJSON		*v = cJSON_GetObjectItemCaseSensitive(r,
				    "visit");
	const cJSON		*devs = cJSON_GetObjectItemCaseSensitive(r,
				    "devices");
	const cJSON		*dev;
	enum ls_err		 e;
	char			 buf[512];

	*out = NULL;
	if ((doc = calloc(1, sizeof *doc)) == NULL)
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	if (in->paper == REPORT_PAPER_LETTER) {
		doc->pw = 612;
		doc->ph = 792;
	} else {
		doc->pw = 595.276;
		doc->ph = 841.89;
	}
	if ((e = page_context(doc, eb)) != LS_OK) {
		report_doc_free(doc);
		return e;
	}
	text_sanitize((const uint8_t *)page_or(page_str(v, "site"), "?"),
	    strlen(page_or(page_str(v, "site"), "?")), buf, 200);
	doc->sha256 = strdup(in->sha256);
	if (asprintf(&doc->title, "Service visit report: %s", buf) < 0)
		doc->title = NULL;
	if (asprintf(&doc->footer, "Visit %.40s, %s, lockscope %s",
	    page_or(page_str(v, "id"), "-"), buf, LS_VERSION) < 0)
		doc->footer = NULL;
	if (doc->sha256 == NULL || doc->title == NULL || doc->footer == NULL) {
		report_doc_free(doc);
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	}
	page_new(doc);
	page_visit(doc, r);
	cJSON_ArrayForEach(dev, devs)
		page_lock(doc, dev);
	if (cJSON_GetArraySize(devs) == 0)
		page_para(doc, "The report names no lock.", PS_BODY, 0);
	page_remedy(doc, r);
	page_outcome(doc, r);
	page_steps(doc, r);
	cJSON_ArrayForEach(dev, devs)
		page_readings(doc, dev, in->profiles);
	page_signal(doc, r, cJSON_GetArrayItem(devs, 0));
	page_battery(doc, r, cJSON_GetArrayItem(devs, 0), in);
	page_integrity(doc, in);
	if (doc->oom) {
		report_doc_free(doc);
		return ls_err_set(eb, LS_ENOMEM, "out of memory laying out the "
		    "report");
	}
	*out = doc;
	return LS_OK;
}
