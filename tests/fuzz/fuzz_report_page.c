/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_report_page.c - libFuzzer harness for the report's pages
 * (src/present/report_page.c): any JSON laid out and drawn as a PDF.
 * render draws only reports that verify, but a digest alone can be
 * recomputed by anyone, so every member may have any type and any size.
 * Corpus: tests/fuzz/corpus/report_page/ (a demo visit's report, one with
 * triage, remedy and notes in four scripts, members of the wrong type).
 *
 * Checks: every JSON value lays out (LS_OK) into 1 to 100 pages, and the
 * PDF is written.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "present/report_page.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int			 fd = -1;
	struct report_page_info		 in = {
		.paper = REPORT_PAPER_A4,
		.sha256 = "0123456789abcdef0123456789abcdef"
		    "0123456789abcdef0123456789abcdef",
		.verify_cmd = "lockscope report verify fuzz.json",
	};
	struct report_doc		*doc = NULL;
	struct ls_errbuf		 eb;
	cJSON				*r;

	if (size > 256 * 1024)
		return 0;
	if (fd < 0 && (fd = open("/dev/null", O_WRONLY)) < 0)
		abort();
	if ((r = cJSON_ParseWithLength((const char *)data, size)) == NULL)
		return 0;
	ls_err_clear(&eb);
	if (size % 2 == 1)
		in.paper = REPORT_PAPER_LETTER;
	if (report_doc_new(r, &in, &doc, &eb) != LS_OK)
		abort();
	if (report_doc_pages(doc) < 1 || report_doc_pages(doc) > 100)
		abort();
	if (report_doc_pdf(doc, fd, "/dev/null", &eb) != LS_OK)
		abort();
	report_doc_free(doc);
	cJSON_Delete(r);
	return 0;
}
