/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * journal.h - the visit journal: an append-only file of records, each
 * synced to disk before the call that writes it returns, and its replay
 * into a struct visit (resume after a crash or a kill).  The format is
 * documented in lockscope-report(5), JOURNAL.
 *
 * Framing (one record per line):
 *
 *   LLLLLLLL SSSS...64...SSSS {json}\n
 *
 * LLLLLLLL is the byte length of {json} as 8 lower-case hex digits,
 * S... the SHA-256 of {json} in lower-case hex (libsodium), then one
 * space, the JSON object (no newline inside; cJSON escapes control
 * characters), and '\n'.  The object always has "seq" (0, 1, 2, ... in
 * file order), "kind" and "at" (wall clock, µs since 1970).  Kinds:
 *
 *   visit-start    first record only: "format":"lockscope-journal/1",
 *                  id, started, technician, site, work_order, symptoms,
 *                  access
 *   intake         technician, site, work_order, symptoms, access
 *   authorization  ownership_verified, method
 *   device         address, address_type, name, family, vendor, model,
 *                  profile (added or updated by address)
 *   reading        device (address), when ("before"|"after"), name,
 *                  reading (util/reading.h JSON)
 *   plan           steps: [{id, phase, title}] (pending steps, added
 *                  when missing)
 *   step-start     step: the whole step (id, phase, title, status,
 *   step-finish    started, finished, evidence, note, and "skip" when
 *                  skipped for a reason), added or replaced
 *   evidence       step (id), name, reading
 *   remedy         remedy, advised, chosen_by ("technician" |
 *                  "triage-accepted"), reason (the remedy chosen after
 *                  the baseline)
 *   triage         advice: [{id, remedy, text}] (the baseline's triage)
 *   resume         (a resumed run begins)
 *   reopen         reason (a finished visit continued with --reopen;
 *                  its outcome is open again)
 *   outcome        outcome, text, finished
 *   signal         interval_ms, samples: [[at, heard, sum], ...] (the
 *                  target's signal windows since the last such record:
 *                  start in µs, reports heard, their RSSI summed;
 *                  fed to visit_signal_add in order)
 *
 * Replay: a bad record at the end of the file (no newline, short, wrong
 * length, wrong digest, not JSON) that has the shape of the start of a
 * record (hex length, space, hex digest, space), or is all zero bytes,
 * is an interrupted write: it is dropped, the file is truncated back to
 * the last good record and a warning is returned.  Other bytes at the
 * end are not a journal (LS_EINPUT; never truncated).  A bad record followed by
 * more data, or a record whose digest is right but whose content is wrong, is
 * corruption: LS_EINPUT naming the record number.  The file is locked (flock)
 * while open, so two visits cannot append to one journal.  Nothing here prints.
 */
#ifndef LS_VISIT_JOURNAL_H
#define LS_VISIT_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"
#include "visit/visit.h"

#define JOURNAL_FORMAT		"lockscope-journal/1"
#define JOURNAL_RECORD_MAX	(64 * 1024)	/* JSON bytes per record */
#define JOURNAL_MAX_RECORDS	20000
#define JOURNAL_FILE_MAX	\
	((size_t)JOURNAL_MAX_RECORDS * (JOURNAL_RECORD_MAX + 76))
#define JOURNAL_WARN_MAX	256

struct journal;

/* What a replay found. */
struct journal_scan {
	size_t		 records;	/* good records */
	size_t		 good_len;	/* bytes up to the end of the
					   last one */
	bool		 torn;		/* an incomplete last record dropped */
	size_t		 torn_bytes;	/* its length */
	bool		 opened;	/* a "plan" record: the opening
					   records are all there */
};

/*
 * Create a new journal at path (mode 0600; the file must not exist:
 * LS_EINPUT then) and lock it.  Free with journal_close().
 */
enum ls_err	journal_create(const char *path, struct journal **out,
		    struct ls_errbuf *);

/*
 * Open an existing journal for appending, lock it (LS_EUNAVAIL when
 * another process holds it), replay it into v (which should be fresh
 * from visit_new) and drop an incomplete last record, truncating the
 * file.  warn (JOURNAL_WARN_MAX bytes; may be NULL) receives a sentence
 * about a dropped record, else "".  LS_EINPUT on corruption.  A journal
 * with no complete record (empty, or killed while writing its first)
 * leaves v untouched (v->id stays ""): the caller starts the visit
 * afresh with visit_begin() and journal_visit_start().  So does a
 * journal killed among its opening records (visit-start, intake,
 * authorization, device, plan; no "plan" record yet): it is cut back to
 * empty and warn says so.
 */
enum ls_err	journal_resume(const char *path, struct visit *v,
		    struct journal **out, char *warn, size_t warnlen,
		    struct ls_errbuf *);

/*
 * journal_resume() then journal_close(): rebuild v from the file, as far
 * as it goes (a journal cut among its opening records is replayed as it
 * is, not emptied).
 */
enum ls_err	journal_load(const char *path, struct visit *v, char *warn,
		    size_t warnlen, struct ls_errbuf *);

/*
 * Replay n bytes of journal into v without touching any file (used by
 * journal_resume and the fuzzer).  *scan says how far it got.
 */
enum ls_err	journal_parse(const char *buf, size_t n, struct visit *v,
		    struct journal_scan *scan, struct ls_errbuf *);

/* Close and unlock; NULL is a no-op. */
void		journal_close(struct journal *);

/* Records written so far (next seq). */
size_t		journal_records(const struct journal *);

/*
 * Appends.  Each writes one record describing the current state of that
 * part of v, with write(2), then fdatasync(2), and returns only then.  On
 * failure the file is cut back to its previous end and the journal
 * refuses further appends (LS_EIO).  at_us is the record's time.
 */
enum ls_err	journal_visit_start(struct journal *, const struct visit *,
		    struct ls_errbuf *);
enum ls_err	journal_intake(struct journal *, const struct visit *,
		    uint64_t at_us, struct ls_errbuf *);
enum ls_err	journal_authorization(struct journal *, const struct visit *,
		    uint64_t at_us, struct ls_errbuf *);
enum ls_err	journal_device(struct journal *, const struct visit *,
		    size_t dev, uint64_t at_us, struct ls_errbuf *);
enum ls_err	journal_reading(struct journal *, const struct visit *,
		    size_t dev, enum visit_when, const char *name,
		    uint64_t at_us, struct ls_errbuf *);
enum ls_err	journal_plan(struct journal *, const struct visit *,
		    uint64_t at_us, struct ls_errbuf *);
enum ls_err	journal_step_start(struct journal *, const struct visit *,
		    size_t step, struct ls_errbuf *);
enum ls_err	journal_step_finish(struct journal *, const struct visit *,
		    size_t step, struct ls_errbuf *);
enum ls_err	journal_evidence(struct journal *, const struct visit *,
		    size_t step, const char *name, uint64_t at_us,
		    struct ls_errbuf *);
/*
 * A finished visit continued on purpose: record why (reason, already
 * checked by the caller) and clear v's outcome.
 */
enum ls_err	journal_reopen(struct journal *, struct visit *,
		    const char *reason, uint64_t at_us, struct ls_errbuf *);
/* Count a resume in v (v->resumes++) and record it. */
enum ls_err	journal_resumed(struct journal *, struct visit *,
		    uint64_t at_us, struct ls_errbuf *);
enum ls_err	journal_outcome(struct journal *, const struct visit *,
		    struct ls_errbuf *);

/* The remedy chosen (v->remedy) and the triage advice (v->triage). */
enum ls_err	journal_remedy(struct journal *, const struct visit *,
		    struct ls_errbuf *);
enum ls_err	journal_triage(struct journal *, const struct visit *,
		    uint64_t at_us, struct ls_errbuf *);

/*
 * n signal windows of base_ms each (visit.h, struct visit_sample), the
 * ones not yet journaled; n at most JOURNAL_SIGNAL_MAX.
 */
#define JOURNAL_SIGNAL_MAX	512
enum ls_err	journal_signal(struct journal *, uint32_t base_ms,
		    const struct visit_sample *, size_t n, uint64_t at_us,
		    struct ls_errbuf *);

#endif
