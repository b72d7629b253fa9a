/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * visit.h - the service visit as data: intake, authorization, devices
 * with readings before and after, checklist steps with evidence, outcome.
 *
 * This is the model that the visit engine fills, the journal records and
 * replays (journal.h) and the report is built from (report.h).  It does
 * no I/O and never prints.
 *
 * The struct is visible so the engine, the journal and the report can
 * read it; change it only through the functions below, which sanitise
 * every string (util/text.h), enforce the caps and refuse anything that
 * could carry a secret (visit_reading_name_ok).
 *
 * Symptoms (lockscope-report(5), Symptoms: the app-locked-out triage
 * table and what it implies):
 *   app-cannot-sign-in    the owner cannot sign in to the vendor app
 *   lock-offline          the app shows the lock offline
 *   lock-missing-from-app the lock is gone from the owner's app
 *   pairing-fails         enrollment / pairing does not complete
 *   app-view-no-unlock    the app shows the lock but cannot unlock it
 *   codes-unknown         nobody knows the active codes
 *   codes-not-accepted    known codes are refused (clock, schedule)
 *   credential-fails      a ring, card, fob or fingerprint is refused
 *   battery-low           low battery warnings or erratic behaviour
 *   ownership-change      new owner or tenant: remove prior access
 *   door-mechanical       bolt or latch binds, does not throw fully
 * Access paths that still work: physical-key, keypad, local-ble, cloud.
 */
#ifndef LS_VISIT_VISIT_H
#define LS_VISIT_VISIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"
#include "util/reading.h"

struct cJSON;

#define VISIT_ID_LEN		16	/* hex characters of a visit id */
#define VISIT_STR_MAX		128	/* technician, site, ...,
					   NUL included */
#define VISIT_NOTE_MAX		512	/* step notes, outcome text */
#define VISIT_NAME_MAX		48	/* reading names, step and phase ids */
#define VISIT_MAX_SYMPTOMS	16
#define VISIT_MAX_DEVICES	8
#define VISIT_MAX_STEPS		96
#define VISIT_MAX_READINGS	32	/* per named reading set */
#define VISIT_TRIAGE_MAX	12	/* advice items kept */
#define VISIT_TRIAGE_TEXT	240

/* Access paths, a bit mask. */
#define VISIT_ACCESS_PHYSICAL_KEY	0x01u
#define VISIT_ACCESS_KEYPAD		0x02u
#define VISIT_ACCESS_LOCAL_BLE		0x04u
#define VISIT_ACCESS_CLOUD		0x08u
#define VISIT_ACCESS_ALL		0x0fu

enum visit_status {
	VS_PENDING = 0,		/* not started */
	VS_RUNNING,		/* started, not finished */
	VS_PASSED,
	VS_FAILED,
	VS_SKIPPED,		/* does not apply, or the technician skipped */
	VS_BLOCKED		/* a gate (ownership, power) stopped it */
};

enum visit_outcome {
	VO_NONE = 0,		/* visit not closed */
	VO_COMPLETED,		/* every step passed or was skipped */
	VO_COMPLETED_WITH_FAILURES,
	VO_BLOCKED,		/* a gate stopped the procedure */
	VO_ABORTED		/* stopped by the technician or an error */
};

/* One named reading ("battery_percent", "code_slots"). */
struct visit_named {
	char		 name[VISIT_NAME_MAX];
	struct reading	 r;
};

/* A set of named readings, in insertion order, names unique. */
struct visit_rset {
	size_t			 n;
	struct visit_named	 v[VISIT_MAX_READINGS];
};

struct visit_device {
	char		 address[18];		/* "C4:7C:8D:6A:12:01" */
	char		 address_type[8];	/* "public" | "random" */
	char		 name[VISIT_STR_MAX];	/* "" = unknown */
	char		 family[24];
	char		 vendor[VISIT_STR_MAX];
	char		 model[VISIT_STR_MAX];
	char		 profile[VISIT_NAME_MAX];
	struct visit_rset before;
	struct visit_rset after;
};

enum visit_when { VISIT_BEFORE, VISIT_AFTER };

struct visit_step {
	char		 id[VISIT_NAME_MAX];	/* "reset",
						   "reset.hold-button" */
	char		 phase[16];		/* canonical phase */
	char		 title[VISIT_STR_MAX];
	enum visit_status status;
	uint64_t	 started_us;		/* wall clock,
						   0 = not started */
	uint64_t	 finished_us;		/* 0 = not finished */
	struct visit_rset evidence;
	char		 note[VISIT_NOTE_MAX];
	/* Why a skipped step was skipped: "technician", "not-applicable",
	   "not-attested"; "" otherwise (visit_step_skip). */
	char		 skip[16];
};

/* One item of the triage's advice at the baseline, least invasive first. */
struct visit_advice {
	char		 id[40];		/* "replace-cells" */
	char		 remedy[24];		/* the remedy it points to */
	char		 text[VISIT_TRIAGE_TEXT];
};

/* The remedy the visit followed after the baseline. */
struct visit_remedy {
	bool		 set;
	char		 id[24];		/* "battery" */
	char		 advised[24];		/* the triage's advice */
	char		 by[24];		/* "technician" |
						   "triage-accepted" */
	char		 reason[VISIT_NOTE_MAX];	/* "" when accepted */
	uint64_t	 at_us;
};

/*
 * The target lock's signal over the visit: a bounded series of windows,
 * each the mean RSSI of the advertising reports heard in it (heard 0: a
 * gap).  Windows come in at the base width (session.c, every
 * VISIT_SIGNAL_INTERVAL_S); when VISIT_SIGNAL_MAX are kept, neighbours
 * are merged pairwise and the width doubles, so a visit of any length
 * keeps at most VISIT_SIGNAL_MAX samples.  Sums, not means, are kept so
 * that merging and a journal replay give exactly the same series.
 */
#define VISIT_SIGNAL_MAX	360
#define VISIT_SIGNAL_INTERVAL_S	10

struct visit_sample {
	uint64_t	 at_us;		/* the window's start, wall clock */
	uint32_t	 heard;		/* reports in it; 0 = a gap */
	int64_t		 sum;		/* their RSSI, dBm, summed */
};

struct visit_signal {
	uint32_t	 base_ms;	/* width of a window as fed */
	uint32_t	 width_ms;	/* width of a sample now */
	size_t		 n;
	struct visit_sample s[VISIT_SIGNAL_MAX];
};

struct visit {
	char		 id[VISIT_ID_LEN + 1];	/* "" until visit_begin */
	uint64_t	 started_us;
	uint64_t	 finished_us;
	char		 technician[VISIT_STR_MAX];
	char		 site[VISIT_STR_MAX];
	char		 work_order[VISIT_STR_MAX];
	size_t		 nsymptoms;
	char		 symptoms[VISIT_MAX_SYMPTOMS][24];
	unsigned	 access;		/* VISIT_ACCESS_* */
	unsigned	 resumes;		/* times resumed from
						   the journal */
	/* Authorization: asked (set) or not; verified or not; how. */
	bool		 auth_set;
	bool		 ownership_verified;
	char		 auth_method[VISIT_STR_MAX];
	size_t		 ndevices;
	struct visit_device devices[VISIT_MAX_DEVICES];
	size_t		 nsteps;
	struct visit_step steps[VISIT_MAX_STEPS];
	enum visit_outcome outcome;
	char		 outcome_text[VISIT_NOTE_MAX];
	size_t		 ntriage;
	struct visit_advice triage[VISIT_TRIAGE_MAX];
	struct visit_remedy remedy;
	struct visit_signal signal;
};

/* A zeroed visit (calloc; it is large).  NULL when out of memory. */
struct visit	*visit_new(void);
/* Free; NULL is a no-op. */
void		 visit_free(struct visit *);

/*
 * Give the visit a fresh random id (16 lower-case hex characters from
 * libsodium randombytes) and its start time.  LS_EINTERNAL when libsodium
 * cannot initialise.
 */
enum ls_err	 visit_begin(struct visit *, uint64_t started_us,
		    struct ls_errbuf *);
/* Set a known id (journal replay): 16 hex characters, else LS_EINPUT. */
enum ls_err	 visit_set_id(struct visit *, const char *id,
		    struct ls_errbuf *);

/* Intake strings; NULL leaves a field as it is.  Sanitised, truncated. */
void		 visit_set_intake(struct visit *, const char *technician,
		    const char *site, const char *work_order);
/* Add a symptom id from the table above (duplicates ignored). */
enum ls_err	 visit_add_symptom(struct visit *, const char *id,
		    struct ls_errbuf *);
/* Add an access path by name ("keypad"); LS_EINPUT when unknown. */
enum ls_err	 visit_add_access(struct visit *, const char *name,
		    struct ls_errbuf *);
void		 visit_set_authorization(struct visit *, bool verified,
		    const char *method);

/*
 * Add a device (identity fields copied and sanitised; its reading sets
 * are ignored) or update the one with the same address.  *idx gets its
 * index.  LS_EINPUT on a bad address, LS_ENOMEM over the cap.
 */
enum ls_err	 visit_device_add(struct visit *, const struct visit_device *,
		    size_t *idx, struct ls_errbuf *);
/* Index of the device with this address (any case), or -1. */
long		 visit_device_find(const struct visit *, const char *address);
/* Put a named reading in a device's before or after set. */
enum ls_err	 visit_device_reading(struct visit *, size_t idx,
		    enum visit_when, const char *name, const struct reading *,
		    struct ls_errbuf *);

/*
 * Add a pending step.  id: [a-z0-9] words joined by '-' or '.', unique;
 * phase: a canonical phase id (visit_phase_index).  *idx gets its index.
 */
enum ls_err	 visit_step_add(struct visit *, const char *id,
		    const char *phase, const char *title, size_t *idx,
		    struct ls_errbuf *);
/* Index of the step with this id, or -1. */
long		 visit_step_find(const struct visit *, const char *id);
/* Mark a step running from at_us.  LS_EINPUT when already finished. */
enum ls_err	 visit_step_start(struct visit *, size_t idx, uint64_t at_us,
		    struct ls_errbuf *);
/*
 * Finish a step: status is passed, failed, skipped or blocked; at_us its
 * finish time; note (may be NULL) replaces the note.
 */
enum ls_err	 visit_step_finish(struct visit *, size_t idx,
		    enum visit_status, uint64_t at_us, const char *note,
		    struct ls_errbuf *);
/* Put a named evidence reading on a step. */
enum ls_err	 visit_step_evidence(struct visit *, size_t idx,
		    const char *name, const struct reading *,
		    struct ls_errbuf *);
/* Replace a step's note (sanitised, truncated). */
void		 visit_step_note(struct visit *, size_t idx, const char *note);

/*
 * Why a skipped step was skipped ("technician", "not-applicable",
 * "not-attested", or "" for none); LS_EINPUT for anything else.
 */
enum ls_err	 visit_step_skip(struct visit *, size_t idx, const char *why,
		    struct ls_errbuf *);

/*
 * The remedy: id and advised are remedy ids (lockscope-profile(5)), by
 * "technician" or "triage-accepted"; reason (sanitised, may be NULL)
 * required with "technician".  LS_EINPUT otherwise.
 */
enum ls_err	 visit_set_remedy(struct visit *, const char *id,
		    const char *advised, const char *by, const char *reason,
		    uint64_t at_us, struct ls_errbuf *);

/* Replace the triage advice with nothing, then add items in order
   (id and remedy names, text sanitised; extra items dropped). */
void		 visit_triage_clear(struct visit *);
void		 visit_triage_add(struct visit *, const char *id,
		    const char *remedy, const char *text);

/*
 * Add one window of base_ms (the first window sets the series' base)
 * that started at at_us with heard reports summing to sum dBm.  A window
 * inside the last sample's span (after merging) joins it; a window
 * earlier than the last sample is ignored.  LS_EINPUT for base_ms 0,
 * heard over 1000000 or a mean outside -127..20 dBm.
 */
enum ls_err	 visit_signal_add(struct visit *, uint32_t base_ms,
		    uint64_t at_us, uint32_t heard, int64_t sum,
		    struct ls_errbuf *);
/* Mean RSSI of sample i, rounded; false for a gap. */
bool		 visit_signal_mean(const struct visit_signal *, size_t i,
		    int *dbm);

/* Close the visit: outcome, short text, finish time. */
void		 visit_set_outcome(struct visit *, enum visit_outcome,
		    const char *text, uint64_t finished_us);

/*
 * Put a named reading in a set (replacing one of the same name).  The
 * name and reading must pass visit_reading_name_ok.
 */
enum ls_err	 visit_rset_put(struct visit_rset *, const char *name,
		    const struct reading *, struct ls_errbuf *);
/* The reading of that name, or NULL. */
const struct reading *visit_rset_get(const struct visit_rset *,
		    const char *name);
/*
 * The set as a JSON object {name: reading_json(...)} in set order, for the
 * journal and the report.  Caller frees; NULL when out of memory.
 */
struct cJSON	*visit_rset_json(const struct visit_rset *);

/*
 * Secret guard (counts, never values; lockscope-report(5), Readings).
 * A reading name is 1-47 characters of [a-z0-9_.-] starting with a
 * letter.  A name is sensitive when one of its words (split at '_',
 * '.', '-') is code(s), pin(s), key(s), uid, token, secret, passwd, or
 * contains "code", "pass" or "secret" ("setupcode", "passcode",
 * "password").  A sensitive name is allowed only when its last word is
 * count, slots, active, removed or used and the reading is an integer
 * count >= 0, a boolean ("temporary_codes_removed": true) or carries no
 * value.  False (and LS_EINPUT in eb)
 * otherwise.
 */
bool		 visit_reading_name_ok(const char *name, const struct reading *,
		    struct ls_errbuf *);

/* Canonical phase index 0-10 (lockscope-profile(5) order), or -1. */
int		 visit_phase_index(const char *phase);
/* Phase id by index, NULL past the end. */
const char	*visit_phase_name(int idx);
/* True for a symptom id in the table above. */
bool		 visit_symptom_valid(const char *id);
/* Symptom id by index, NULL past the end (for help texts). */
const char	*visit_symptom_name(size_t idx);
/* Access path bit by name, 0 when unknown; name by bit. */
unsigned	 visit_access_bit(const char *name);
const char	*visit_access_name(unsigned bit);
/* "pending", "running", ...; parse: false when unknown. */
const char	*visit_status_name(enum visit_status);
bool		 visit_status_parse(const char *, enum visit_status *);
/* "completed", "completed-with-failures", "blocked", "aborted", NULL. */
const char	*visit_outcome_name(enum visit_outcome);
bool		 visit_outcome_parse(const char *, enum visit_outcome *);

#endif
