/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_report_page.c - unit tests for src/present/report_page.c: a
 * report laid out and written as PDF and PNG, paper sizes, text that
 * runs on over pages, the page and paragraph limits, reports of odd
 * shape (members of the wrong type, absent, non-finite numbers), and a
 * write error.  What the pages say is checked on real visits' reports
 * by tests/integration/t_render.sh (pdftotext).
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <cjson/cJSON.h>

#include "present/report_page.h"

#define T_SHA	"70015818618faadfe5b905592b1fe22e" \
		"41507662e3366bd11fa4e7d189909e5d"

/* A small report with the shape lockscope-report(5) gives. */
static const char t_report[] =
    "{\"schema\":\"lockscope-report/1\","
    "\"visit\":{\"id\":\"49423167697e588e\","
    "\"started\":\"2026-12-08T00:48:03.298Z\","
    "\"finished\":\"2026-12-08T00:49:07.343Z\",\"technician\":\"A. Smith\","
    "\"site\":\"Rental unit 4B\",\"work_order\":\"WO-77\","
    "\"symptoms\":[\"pairing-fails\"]},"
    "\"authorization\":{\"ownership_verified\":true,\"method\":\"deed\"},"
    "\"devices\":[{\"address\":\"C4:7C:8D:6A:12:01\",\"address_type\":"
    "\"random\",\"name\":\"S202F\",\"family\":\"ttlock\",\"vendor\":"
    "\"TTLock\",\"model\":\"room lock\",\"profile\":\"ttlock\","
    "\"readings_before\":{\"battery_percent\":{\"value\":80,"
    "\"provenance\":\"observed\",\"at\":\"2026-12-08T00:48:03.299Z\"},"
    "\"clock_skew_s\":{\"value\":-1255683,\"provenance\":\"observed\"},"
    "\"rssi\":{\"value\":-59,\"provenance\":\"observed\","
    "\"at\":\"2026-12-08T00:48:03.299Z\"}},"
    "\"readings_after\":{\"rssi\":{\"value\":-61,\"provenance\":"
    "\"observed\",\"at\":\"2026-12-08T00:49:07.343Z\"}}}],"
    "\"steps\":[{\"id\":\"power-battery\",\"title\":\"Check the battery\","
    "\"status\":\"failed\",\"state\":\"failed\",\"evidence\":{},"
    "\"note\":\"saw 5\"},{\"id\":\"reset-lock\",\"title\":\"Reset\","
    "\"status\":\"skipped\",\"state\":\"blocked\",\"evidence\":{},"
    "\"note\":null}],"
    "\"triage\":[{\"id\":\"replace-cells\",\"remedy\":\"battery\","
    "\"text\":\"Battery critical: replace the cells\"}],"
    "\"remedy\":{\"id\":\"battery\",\"advised\":\"battery\",\"chosen_by\":"
    "\"triage-accepted\",\"reason\":null,\"battery_replaced\":true},"
    "\"summary\":{\"steps\":2,\"passed\":0,\"failed\":1,\"skipped\":0,"
    "\"blocked\":1,\"not_run\":0},"
    "\"outcome\":{\"result\":\"blocked\",\"text\":\"A gate stopped it.\"}}";

static struct report_page_info
t_info(enum report_paper paper)
{
	struct report_page_info	in;

	memset(&in, 0, sizeof in);
	in.paper = paper;
	in.sha256 = T_SHA;
	in.verify_cmd = "lockscope report verify visit.json";
	return in;
}

/* Lay out text (a report) and return the document; fails the test
   when it does not lay out. */
static struct report_doc *
t_doc(const char *text, enum report_paper paper)
{
	struct report_page_info	 in = t_info(paper);
	struct report_doc	*doc = NULL;
	struct ls_errbuf	 eb;
	cJSON			*r = cJSON_Parse(text);

	assert_non_null(r);
	ls_err_clear(&eb);
	assert_int_equal(report_doc_new(r, &in, &doc, &eb), LS_OK);
	cJSON_Delete(r);
	assert_non_null(doc);
	return doc;
}

/* Write a page (SIZE_MAX: the PDF) to a temporary file; its bytes. */
static char *
t_write(struct report_doc *doc, size_t page, size_t *len)
{
	char			 path[] = "/tmp/test_report_page.XXXXXX";
	struct ls_errbuf	 eb;
	char			*buf;
	FILE			*f;
	int			 fd = mkstemp(path);

	assert_true(fd >= 0);
	ls_err_clear(&eb);
	if (page == SIZE_MAX)
		assert_int_equal(report_doc_pdf(doc, fd, path, &eb), LS_OK);
	else
		assert_int_equal(report_doc_png(doc, page, fd, path, &eb),
		    LS_OK);
	close(fd);
	f = fopen(path, "rb");
	assert_non_null(f);
	buf = malloc(8 << 20);
	assert_non_null(buf);
	*len = fread(buf, 1, 8 << 20, f);
	fclose(f);
	unlink(path);
	return buf;
}

static void
test_pdf_and_png(void **state)
{
	struct report_doc	*doc = t_doc(t_report, REPORT_PAPER_A4);
	char			*b;
	size_t			 n;

	(void)state;
	assert_true(report_doc_pages(doc) >= 1);
	b = t_write(doc, SIZE_MAX, &n);
	assert_true(n > 1000);
	assert_memory_equal(b, "%PDF-", 5);
	/* The digest in the metadata (cairo writes the Info dictionary
	   as plain text). */
	assert_non_null(memmem(b, n, "sha256:" T_SHA, 7 + 64));
	assert_non_null(memmem(b, n, "lockscope-report/1 sha256 " T_SHA,
	    26 + 64));
	free(b);
	b = t_write(doc, 0, &n);
	assert_memory_equal(b, "\x89PNG\r\n\x1a\n", 8);
	/* A4 at 150 dpi: 1241 x 1754 in the IHDR chunk. */
	assert_memory_equal(b + 16, "\x00\x00\x04\xd9\x00\x00\x06\xda", 8);
	free(b);
	report_doc_free(doc);
}

static void
test_letter(void **state)
{
	struct report_doc	*doc = t_doc(t_report, REPORT_PAPER_LETTER);
	char			*b;
	size_t			 n;

	(void)state;
	b = t_write(doc, 0, &n);
	/* 8.5 x 11 in at 150 dpi: 1275 x 1650. */
	assert_memory_equal(b + 16, "\x00\x00\x04\xfb\x00\x00\x06\x72", 8);
	free(b);
	b = t_write(doc, SIZE_MAX, &n);
	assert_non_null(memmem(b, n, "612 792", 7));
	free(b);
	report_doc_free(doc);
}

/* A report whose steps carry notes of len bytes each. */
static char *
t_long(size_t nsteps, size_t len)
{
	cJSON	*r = cJSON_Parse(t_report), *steps, *st;
	char	*note, *out;
	size_t	 i;

	assert_non_null(r);
	steps = cJSON_GetObjectItemCaseSensitive(r, "steps");
	note = malloc(len + 1);
	assert_non_null(note);
	for (i = 0; i < len; i++)
		note[i] = i % 7 == 6 ? ' ' : 'a' + (char)(i % 26);
	note[len] = '\0';
	for (i = 0; i < nsteps; i++) {
		st = cJSON_CreateObject();
		cJSON_AddStringToObject(st, "title", "A step");
		cJSON_AddStringToObject(st, "status", "passed");
		cJSON_AddStringToObject(st, "note", note);
		cJSON_AddItemToArray(steps, st);
	}
	free(note);
	out = cJSON_PrintUnformatted(r);
	cJSON_Delete(r);
	return out;
}

static void
test_runs_on(void **state)
{
	char			*text = t_long(1, 8000);
	struct report_doc	*doc = t_doc(text, REPORT_PAPER_A4);

	(void)state;
	/* 8000 bytes of note do not fit on the first page. */
	assert_true(report_doc_pages(doc) >= 2);
	report_doc_free(doc);
	free(text);
}

static void
test_limits(void **state)
{
	char			*text = t_long(400, 100000);
	struct report_doc	*doc = t_doc(text, REPORT_PAPER_A4);
	char			*b;
	size_t			 n;

	(void)state;
	/* 400 notes of 100 KB: cut to 8 KB each, and 100 pages at most. */
	assert_int_equal(report_doc_pages(doc), 100);
	b = t_write(doc, 99, &n);
	assert_memory_equal(b, "\x89PNG", 4);
	free(b);
	report_doc_free(doc);
	free(text);
}

/*
 * The two charts: a signal series with gaps, out-of-order and malformed
 * samples, a series never heard, a bad width; the battery over time in
 * each records state, with percent, volts only, and bad points.
 */
static void
test_charts(void **state)
{
	static const char *const sig[] = {
		"{\"interval_s\":10,\"samples\":["
		    "{\"at\":\"2026-12-08T00:48:03.000Z\",\"rssi\":-58},"
		    "{\"at\":\"2026-12-08T00:48:13.000Z\",\"rssi\":null},"
		    "{\"at\":\"2026-12-08T00:48:23.000Z\",\"rssi\":-61},"
		    "{\"at\":\"2026-12-08T00:48:33.000Z\",\"rssi\":-70},"
		    "{\"at\":\"2026-12-08T00:48:00.000Z\",\"rssi\":-50},"
		    "{\"at\":\"2026-12-08T00:58:33.000Z\",\"rssi\":-65},"
		    "{\"at\":7,\"rssi\":-65},{\"rssi\":\"x\"},3]}",
		"{\"interval_s\":10,\"samples\":["
		    "{\"at\":\"2026-12-08T00:48:03.000Z\",\"rssi\":null}]}",
		"{\"interval_s\":0,\"samples\":[]}",
		"{\"interval_s\":1e308,\"samples\":{}}",
		"[]",
	};
	static const struct report_page_battery pts[] = {
		{ 1772356500, 61, NAN },
		{ 1784037900, NAN, 2.9 },
		{ 1700000000, 20, NAN },	/* out of order: left out */
		{ 1790000000, 1e300, NAN },
	};
	static const struct report_page_battery volts[] = {
		{ 1772356500, NAN, 3.1 },
		{ 1784037900, NAN, 2.8 },
	};
	struct report_page_info	 in = t_info(REPORT_PAPER_A4);
	struct report_doc	*doc;
	struct ls_errbuf	 eb;
	cJSON			*r;
	char			*b;
	size_t			 i, k, n;

	(void)state;
	for (i = 0; i < sizeof sig / sizeof sig[0]; i++)
		for (k = 0; k <= REPORT_RECORDS_FOUND + 1; k++) {
			r = cJSON_Parse(t_report);
			assert_non_null(r);
			cJSON_AddItemToObject(r, "signal",
			    cJSON_Parse(sig[i]));
			in.records = k > REPORT_RECORDS_FOUND ?
			    REPORT_RECORDS_FOUND : (enum report_records)k;
			in.battery = k > REPORT_RECORDS_FOUND ? volts : pts;
			in.nbattery = k > REPORT_RECORDS_FOUND ? 2 : 4;
			doc = NULL;
			ls_err_clear(&eb);
			assert_int_equal(report_doc_new(r, &in, &doc, &eb),
			    LS_OK);
			cJSON_Delete(r);
			assert_true(report_doc_pages(doc) >= 1);
			b = t_write(doc, report_doc_pages(doc) - 1, &n);
			assert_memory_equal(b, "\x89PNG\r\n\x1a\n", 8);
			free(b);
			report_doc_free(doc);
		}
}

static void
test_odd_shapes(void **state)
{
	static const char *const odd[] = {
		"{}",
		"[]",
		"{\"visit\":\"x\",\"steps\":{\"a\":1},\"devices\":7}",
		"{\"visit\":{\"site\":null,"
		    "\"started\":\"2026-13-40T25:61:61Z\"},"
		    "\"devices\":[1,\"x\",{\"readings_before\":[1,2],"
		    "\"readings_after\":{\"rssi\":{\"value\":1e308,"
		    "\"at\":\"2026-12-08T00:48:03Z\"},\"clock_skew_s\":"
		    "{\"value\":1e300}}}],"
		    "\"steps\":[1,null,{\"status\":7,\"title\":[]}],"
		    "\"triage\":[1,{\"text\":2}],\"remedy\":{\"id\":[]},"
		    "\"summary\":{\"steps\":-1e300,\"passed\":\"x\"},"
		    "\"outcome\":{\"result\":{}}}",
		"{\"visit\":{\"site\":\"\\u0007\\u202e evil \\u001b[2J\"},"
		    "\"steps\":[{\"title\":\"<b>not markup</b> &amp;\"}]}",
	};
	struct report_doc	*doc;
	char			*b;
	size_t			 i, n;

	(void)state;
	for (i = 0; i < sizeof odd / sizeof odd[0]; i++) {
		doc = t_doc(odd[i], REPORT_PAPER_A4);
		assert_true(report_doc_pages(doc) >= 1);
		b = t_write(doc, SIZE_MAX, &n);
		assert_memory_equal(b, "%PDF-", 5);
		free(b);
		report_doc_free(doc);
	}
	report_doc_free(NULL);
}

static void
test_write_error(void **state)
{
	struct report_doc	*doc = t_doc(t_report, REPORT_PAPER_A4);
	struct ls_errbuf	 eb;
	int			 fd = open("/dev/full", O_WRONLY);

	(void)state;
	if (fd < 0)
		skip();
	ls_err_clear(&eb);
	assert_int_equal(report_doc_pdf(doc, fd, "full.pdf", &eb), LS_EIO);
	assert_non_null(strstr(eb.msg, "full.pdf"));
	ls_err_clear(&eb);
	assert_int_equal(report_doc_png(doc, 0, fd, "full.png", &eb), LS_EIO);
	ls_err_clear(&eb);
	assert_int_equal(report_doc_png(doc, 5, fd, "x.png", &eb),
	    LS_EINTERNAL);
	close(fd);
	report_doc_free(doc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pdf_and_png),
		cmocka_unit_test(test_letter),
		cmocka_unit_test(test_runs_on),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_odd_shapes),
		cmocka_unit_test(test_charts),
		cmocka_unit_test(test_write_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
