/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report_page.h - a visit report (lockscope-report(5)) laid out as
 * printed pages, drawn with cairo and pango: PDF for the customer, PNG
 * page images for messages and tests (lockscope-report(1), render).
 *
 * The layout is made once, in points, with hinting off, so the PDF and
 * the images are the same drawing at two resolutions.  Page 1 holds the
 * visit (site, work order, technician, local date and time with zone),
 * the lock, the triage advice and the remedy chosen, the outcome and the
 * steps with their marks and notes; then the readings before and after,
 * the signal chart (the report's signal series; the readings before and
 * after for an older report), the battery over time (earlier visits of
 * the lock from the records database, given by the caller, and this
 * one), and the integrity block (signer, SHA-256 and the
 * command that verifies the JSON).  Text wraps at its column's width and
 * long notes run on to further pages.
 *
 * What it renders is a report that already verified (the caller checks
 * it first): it adds nothing that is not in the report, except the
 * battery thresholds of the profile the report names, as installed now,
 * said to be so.  Nothing here prints; output goes to the descriptor the
 * caller hands over.
 */
#ifndef LS_PRESENT_REPORT_PAGE_H
#define LS_PRESENT_REPORT_PAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "profile/profile.h"
#include "util/err.h"

struct cJSON;

enum report_paper {
	REPORT_PAPER_A4,		/* 210 x 297 mm */
	REPORT_PAPER_LETTER		/* 8.5 x 11 in */
};

/* Resolution of the page images (--format png). */
#define REPORT_PAGE_PNG_DPI	150

/* What the records database gave for the battery chart. */
enum report_records {
	REPORT_RECORDS_OFF = 0,		/* not asked: no battery section */
	REPORT_RECORDS_NODB,		/* no database there */
	REPORT_RECORDS_ERROR,		/* it could not be read */
	REPORT_RECORDS_FOUND		/* asked; battery holds what it had */
};

/* One earlier visit of the lock with a battery reading. */
struct report_page_battery {
	double		 t;		/* the visit's start, s since 1970 */
	double		 percent;	/* NAN: none */
	double		 volts;		/* NAN: none */
};

/* What the pages say about the report beyond its body. */
struct report_page_info {
	enum report_paper	 paper;
	const char		*sha256;	/* verified digest, 64 hex */
	const char		*fingerprint;	/* signer's; NULL: unsigned */
	const char		*verify_cmd;	/* the command line that
						   verifies the JSON */
	const struct profile_set *profiles;	/* battery thresholds by the
						   report's profile id; may
						   be NULL */
	enum report_records	 records;
	const struct report_page_battery *battery;	/* oldest first;
							   not this
							   report's */
	size_t			 nbattery;
};

struct report_doc;

/*
 * Lay out report (a parsed lockscope-report/1 object) into pages.  The
 * info strings are copied.  Returns LS_OK and *out (free with
 * report_doc_free), or LS_ENOMEM / LS_EINTERNAL (cairo or pango could
 * not start) with eb filled.
 */
enum ls_err	 report_doc_new(const struct cJSON *report,
		    const struct report_page_info *info,
		    struct report_doc **out, struct ls_errbuf *eb);

/* Pages laid out (at least 1). */
size_t		 report_doc_pages(const struct report_doc *);

/*
 * Write the whole document as PDF to fd (what names it in messages).
 * The PDF's subject and keywords carry the report's SHA-256
 * ("lockscope-report/1 sha256 HEX" and "sha256:HEX").  LS_EIO on a
 * write error.
 */
enum ls_err	 report_doc_pdf(struct report_doc *, int fd, const char *what,
		    struct ls_errbuf *eb);

/* Write page (from 0) as a PNG image at REPORT_PAGE_PNG_DPI to fd. */
enum ls_err	 report_doc_png(struct report_doc *, size_t page, int fd,
		    const char *what, struct ls_errbuf *eb);

/* Free a document; NULL is a no-op. */
void		 report_doc_free(struct report_doc *);

#endif
