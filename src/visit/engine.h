/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * engine.h - the visit engine: a UI-agnostic state machine that walks a
 * procedure's steps in the canonical phase order (lockscope-profile(5)),
 * gates the reset on ownership and power, and verifies physical steps
 * against what the radio observes.
 *
 * The engine does no I/O.  Its driver (batch mode, the TUI) feeds it
 * answers (engine_answer), readings (engine_observe) and time
 * (engine_tick); the engine calls back through struct eng_ops to ask the
 * technician, to take measurements, to record step transitions durably and
 * to announce observations.  Times are the driver's: a monotonic clock in
 * ms for timeouts and a wall clock in µs for the record.
 *
 * Step life: pending -> running -> passed | failed | skipped | blocked.
 * A step is recorded (ops->record) when it starts and when it ends; the
 * engine moves on only when the record call succeeded (the journal synced
 * it).  Steps already finished in an earlier run are given back with
 * engine_resume() before engine_start() and are not repeated.
 *
 * Gates: no step of the phases reset, verify-reset, enroll, verify-enroll
 * or credentials starts unless every step of the ownership and power
 * phases passed, nor a door-test step unless ownership passed; such steps
 * become "blocked" and the visit goes on to the door test and closeout.
 *
 * Conditions are the profile's (struct profile_cond, judged by
 * profile_cond_eval on readings named by profile_reading_name).  The
 * engine adds a memory for "becomes": every change of a reading is kept,
 * and a "becomes" is met by a change to one of its values observed since
 * the last "becomes" on that reading was judged, so a lock that flipped
 * while an earlier step ran still counts, once.  A reading that has held
 * the value since it was first seen, and on which no "becomes" was judged
 * yet (a visit resumed after the change), also meets it.  A condition
 * with within_s > 0 may wait that long for the radio; with 0 it is judged
 * at once.
 *
 * Remedies (lockscope-profile(5), REMEDIES).  After the last baseline
 * step the visit follows one remedy path (enum profile_remedy).  The
 * engine stops before the first step past the baseline
 * (ENG_WAITING_REMEDY) and calls ops->choose_remedy with the triage's
 * advice (engine_advise, else diagnose-only) and the remedies the
 * profile supports (engine_set_remedies); the driver answers with
 * engine_choose_remedy(): the advice accepted, or another supported
 * remedy with a reason (required when the choice differs).  The choice
 * is recorded (ops->record_remedy) before any later step runs.  A step
 * whose remedies mask (eng_step.remedies, 0 = every path) does not hold
 * the chosen remedy ends skipped with skip ENG_SKIP_NOT_APPLICABLE: never
 * failed, never passed.  Without ops->choose_remedy the advice is
 * accepted.  A resumed visit gives its recorded choice back with
 * engine_choose_remedy() before engine_start().
 *
 * Skipping.  engine_skip() ends the running step skipped
 * (ENG_SKIP_TECHNICIAN) with the technician's reason, while it waits for
 * an answer, a measurement, the radio or a battery reading.  Ownership
 * steps are never skipped, and skipping cannot open a gate: the gates
 * want the ownership and power steps passed, not merely ended.  A step
 * the technician did not answer at all (engine_answer with NULL) ends
 * skipped with ENG_SKIP_NOT_ATTESTED, unless the radio can judge it.
 *
 * Power.  A power measurement that fails does not end at once: the step
 * waits (ENG_WAITING_POWER, ops->ask is called) for either
 * engine_battery_replaced() -- new cells fitted: the engine then waits
 * (ENG_WAITING_BATTERY) for a battery reading taken after that moment
 * (advertising or GATT, through engine_observe) that meets the step's
 * condition, for at most ENG_BATTERY_WAIT_S, and records the readings
 * before and after and battery_replaced as evidence -- or any answer,
 * skip or NULL, which ends the check failed (skip: skipped).  The power gate
 * holds only the phases that need the lock's electronics (reset to
 * credentials); the door test and closeout run whatever the power check
 * said.  Ownership gates reset to door-test.
 *
 * Stale.  engine_set_stale(e, true) says the target lock has gone silent
 * (devtab_stale): while set no verification passes on the radio; it keeps
 * waiting and its window can still run out.
 */
#ifndef LS_VISIT_ENGINE_H
#define LS_VISIT_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "profile/profile.h"
#include "util/err.h"
#include "util/reading.h"
#include "visit/answers.h"

enum eng_phase {
	ENG_PH_INTAKE,
	ENG_PH_OWNERSHIP,
	ENG_PH_POWER,
	ENG_PH_BASELINE,
	ENG_PH_RESET,
	ENG_PH_VERIFY_RESET,
	ENG_PH_ENROLL,
	ENG_PH_VERIFY_ENROLL,
	ENG_PH_CREDENTIALS,
	ENG_PH_DOOR_TEST,
	ENG_PH_CLOSEOUT,
	ENG_PH_COUNT
};

enum eng_kind {
	ENG_K_ATTEST,		/* the technician states a fact */
	ENG_K_PHYSICAL,		/* the technician does something at the lock */
	ENG_K_EXTERNAL,		/* ... in the vendor's app */
	ENG_K_MEASURE,		/* the tool takes readings */
	ENG_K_VERIFY		/* the tool watches for conditions */
};

#define ENG_NAME_MAX	32
#define ENG_ID_MAX	64
#define ENG_TITLE_MAX	96
#define ENG_TEXT_MAX	640
#define ENG_NOTE_MAX	512
#define ENG_MAX_COND	4
#define ENG_MAX_STEPS	64
#define ENG_MAX_EVID	8
#define ENG_MAX_READ	32	/* distinct reading names */
#define ENG_MAX_HIST	64	/* remembered changes per reading */
#define ENG_BATTERY_WAIT_S 300	/* a fresh reading after new cells */

struct eng_step {
	char		 id[ENG_ID_MAX];	/* "reset" or "reset.hold" */
	enum eng_phase	 phase;
	enum eng_kind	 kind;
	char		 title[ENG_TITLE_MAX];
	char		 instructions[ENG_TEXT_MAX];
	unsigned	 time_limit_s;		/* 0: none (countdown) */
	unsigned	 remedies;		/* PROFILE_RM_BIT set of the
						   paths it belongs to;
						   0: every path */
	size_t		 ncond;
	/* Conditions; text values borrowed from the profile, which must
	   outlive the engine. */
	struct profile_cond cond[ENG_MAX_COND];
};

enum eng_status {
	ENG_PENDING,
	ENG_RUNNING,
	ENG_PASSED,
	ENG_FAILED,
	ENG_SKIPPED,
	ENG_BLOCKED
};

/* Why a step ended skipped. */
enum eng_skip {
	ENG_SKIP_NONE,
	ENG_SKIP_TECHNICIAN,	/* engine_skip or a "skip" answer, with a
				   reason */
	ENG_SKIP_NOT_APPLICABLE, /* outside the chosen remedy's path */
	ENG_SKIP_NOT_ATTESTED	/* no answer, and nothing the radio could
				   judge */
};

struct eng_evidence {
	char		 name[ENG_NAME_MAX];
	struct reading	 r;
};

struct eng_outcome {
	enum eng_status		 status;
	enum eng_skip		 skip;		/* with ENG_SKIPPED */
	uint64_t		 started_us, finished_us;	/* wall */
	char			 note[ENG_NOTE_MAX];
	size_t			 nevidence;
	struct eng_evidence	 evidence[ENG_MAX_EVID];
};

/* Who chose the remedy. */
enum eng_chooser {
	ENG_BY_TRIAGE,		/* the triage's advice, accepted */
	ENG_BY_TECHNICIAN	/* another remedy, with a reason */
};

/* The remedy choice, as recorded. */
struct eng_choice {
	enum profile_remedy	 remedy;
	enum profile_remedy	 advised;	/* the triage's advice */
	enum eng_chooser	 by;
	char			 reason[ENG_NOTE_MAX];	/* "" with
							   ENG_BY_TRIAGE */
	uint64_t		 at_us;		/* wall */
};

struct engine;

struct eng_ops {
	/*
	 * The running step needs the technician (attest, physical,
	 * external, or a measure whose reading is missing): show it, and
	 * call engine_answer() now (batch) or later (TUI).
	 */
	void		(*ask)(void *arg, const struct eng_step *);
	/*
	 * A measure step: take fresh readings, feed them with
	 * engine_observe(), then call engine_measured() (now or later).
	 */
	void		(*measure)(void *arg, const struct eng_step *);
	/*
	 * Record a transition durably before returning (o->status is
	 * ENG_RUNNING on start).  An error stops the engine (engine_error).
	 */
	enum ls_err	(*record)(void *arg, const struct eng_step *,
			    const struct eng_outcome *, struct ls_errbuf *);
	/* Tell the technician something now; text lives during the call. */
	void		(*notice)(void *arg, const char *text);
	/*
	 * The baseline is done: choose the remedy (advised: the triage's;
	 * supported: PROFILE_RM_BIT set) and call engine_choose_remedy()
	 * now (batch) or later (screen).  NULL: the advice is accepted.
	 */
	void		(*choose_remedy)(void *arg, enum profile_remedy advised,
			    unsigned supported);
	/*
	 * Record the remedy choice durably before returning, as record.
	 * NULL: nothing to record.
	 */
	enum ls_err	(*record_remedy)(void *arg, const struct eng_choice *,
			    struct ls_errbuf *);
	/*
	 * The running step now waits for the radio (a verification) or
	 * for a fresh battery reading: the driver may engine_skip() it now
	 * (batch) or show a skip key.  May be NULL.
	 */
	void		(*waiting)(void *arg, const struct eng_step *);
};

/*
 * A new engine over a copy of steps[0..n) (n <= ENG_MAX_STEPS, phases in
 * canonical order; checked: LS_EINPUT otherwise).  ops and arg are
 * borrowed for the engine's life.
 */
enum ls_err	 engine_new(const struct eng_step *steps, size_t n,
		    const struct eng_ops *ops, void *arg,
		    struct engine **out, struct ls_errbuf *eb);
void		 engine_free(struct engine *);

/* Before engine_start: step id finished in an earlier run with o. */
enum ls_err	 engine_resume(struct engine *, const char *id,
		    const struct eng_outcome *o, struct ls_errbuf *eb);

/* Begin (or continue after resume) at the first unfinished step. */
void		 engine_start(struct engine *, uint64_t now_ms,
		    uint64_t wall_us);

/*
 * The technician's answer for the running step (borrowed).  Ignored when
 * the running step is not waiting for one.
 */
void		 engine_answer(struct engine *, const struct ans_step *,
		    uint64_t now_ms, uint64_t wall_us);

/*
 * A reading of the target device (name, e.g. "pairing_state"; r is
 * copied).  Re-judges a waiting verification.
 */
void		 engine_observe(struct engine *, const char *name,
		    const struct reading *r, uint64_t now_ms, uint64_t wall_us);

/* The measurement asked for by ops->measure is complete. */
void		 engine_measured(struct engine *, uint64_t now_ms,
		    uint64_t wall_us);

/*
 * Time passes: time limits and verification windows run out.  Returns the
 * next deadline in ms (monotonic), or 0 when nothing waits on time.
 */
uint64_t	 engine_tick(struct engine *, uint64_t now_ms,
		    uint64_t wall_us);

/* Add a sentence to the running step's note (e.g. triage advice). */
void		 engine_note(struct engine *, const char *text);

/*
 * Before engine_start: the remedies the profile supports (PROFILE_RM_BIT
 * set; diagnose-only is always allowed).  Default: every remedy.
 */
void		 engine_set_remedies(struct engine *, unsigned supported);
/* The triage's advice, any time before the choice.  Default: diagnose-
   only.  An unsupported remedy is taken as diagnose-only. */
void		 engine_advise(struct engine *, enum profile_remedy);
/*
 * The remedy for the rest of the visit: while ENG_WAITING_REMEDY, or
 * before engine_start (resume).  reason (may be NULL) is required when r
 * is not the advice.  LS_EINPUT with a message when r is not supported,
 * a reason is missing, or no choice is awaited or it is made already.
 */
enum ls_err	 engine_choose_remedy(struct engine *, enum profile_remedy r,
		    const char *reason, uint64_t now_ms, uint64_t wall_us,
		    struct ls_errbuf *eb);
/* The choice made, or NULL before it. */
const struct eng_choice *engine_remedy(const struct engine *);
/* The advice given so far (engine_advise), and the supported set. */
enum profile_remedy engine_advised(const struct engine *);
unsigned	 engine_supported(const struct engine *);

/*
 * Skip the running step with the technician's reason (note, required).
 * LS_EINPUT with a message, and nothing changes, when no step waits,
 * the step is an ownership step, or note is empty.
 */
enum ls_err	 engine_skip(struct engine *, const char *note,
		    uint64_t now_ms, uint64_t wall_us, struct ls_errbuf *eb);

/*
 * New cells are fitted: measure again.  Only while ENG_WAITING_POWER
 * (LS_EINPUT otherwise).  The step then waits for a fresh reading.
 */
enum ls_err	 engine_battery_replaced(struct engine *, uint64_t now_ms,
		    uint64_t wall_us, struct ls_errbuf *eb);

/* The target lock is silent (true) or heard again (false). */
void		 engine_set_stale(struct engine *, bool stale);
bool		 engine_stale(const struct engine *);

/* What the running step waits for (engine_waiting). */
enum eng_waiting {
	ENG_WAITING_NONE,
	ENG_WAITING_ANSWER,	/* the technician (ops->ask) */
	ENG_WAITING_MEASURE,	/* engine_measured (ops->measure) */
	ENG_WAITING_VERIFY,	/* the radio, until a window closes */
	ENG_WAITING_REMEDY,	/* engine_choose_remedy (ops->choose_remedy) */
	ENG_WAITING_POWER,	/* the power check failed:
				   engine_battery_replaced or an answer */
	ENG_WAITING_BATTERY	/* a fresh battery reading, until the window
				   closes */
};

/*
 * What the running step waits for, and in *deadline_ms (may be NULL) the
 * monotonic ms a countdown runs to: the verification window while
 * verifying, else the step's time limit until it passes; 0 for none.
 */
enum eng_waiting engine_waiting(const struct engine *,
		    uint64_t *deadline_ms);

/* True once every step has an end status (closeout included). */
bool		 engine_done(const struct engine *);
/* True when some step failed or was blocked. */
bool		 engine_failed(const struct engine *);
/* A record error stopped the engine: LS_OK otherwise; eb filled. */
enum ls_err	 engine_error(const struct engine *, struct ls_errbuf *eb);

size_t		 engine_nsteps(const struct engine *);
const struct eng_step *engine_step(const struct engine *, size_t i);
const struct eng_outcome *engine_outcome(const struct engine *, size_t i);
/* Index of the running step, or engine_nsteps() when none runs. */
size_t		 engine_current(const struct engine *);
/* The latest reading of that name, or NULL. */
const struct reading *engine_reading(const struct engine *,
		    const char *name);

const char	*engine_phase_name(enum eng_phase);
bool		 engine_phase_parse(const char *, enum eng_phase *);
const char	*engine_status_name(enum eng_status);
const char	*engine_kind_name(enum eng_kind);
/* "technician", "not-applicable", "not-attested"; NULL for none. */
const char	*engine_skip_name(enum eng_skip);
bool		 engine_skip_parse(const char *, enum eng_skip *);
/* "technician", "triage-accepted". */
const char	*engine_chooser_name(enum eng_chooser);
bool		 engine_chooser_parse(const char *, enum eng_chooser *);

#endif
