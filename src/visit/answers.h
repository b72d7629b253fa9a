/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * answers.h - the batch answers file of a visit (lockscope-visit(1)), parsed
 * and validated strictly.
 *
 *   {"technician": "…", "site": "…", "work_order": "…",
 *    "symptoms": ["pairing-fails"],          (visit.h's symptom ids)
 *    "access": ["physical-key", "keypad"],            (optional)
 *    "ownership": {"verified": true, "method": "…"},
 *    "steps": {"reset": {"result": "done"},
 *              "credentials": {"codes_active": 3},
 *              "door-test": {"result": "pass", "note": "…"}}}
 *
 * "steps" is keyed by a phase id (lockscope-profile(5)) or a profile step id
 * ("reset.hold-button"); a step's answer takes these keys only:
 *   result            done | pass | fail | skip
 *   note              free text, at most ANS_NOTE_MAX - 1 bytes
 *   codes_active, codes_admin, codes_user, codes_temporary
 *                     counts 0..ANS_COUNT_MAX (never codes)
 *   temporary_removed true | false (temporary codes removed)
 *   battery_replaced  true | false
 *
 * Top level also: "remedy" (a remedy id, lockscope-profile(5): the path
 * after the baseline; without it the triage's advice is accepted),
 * "remedy_reason" (why, required by the visit when the remedy is not the
 * triage's advice) and "battery_replaced" (true: after a failed power
 * check new cells are fitted, measure again; also accepted in the power
 * step's answer).  A "skip" result needs a "note" saying why, and is
 * refused for the ownership phase.
 *
 * Counts, never values: text fields (note, method, technician,
 * remedy_reason) that text_may_be_code() flags are refused (a run of
 * ANS_DIGIT_RUN or more digits that is not a year or an ISO date);
 * site and work orders are the exception (they are numbers by nature)
 * and may hold digits.  An unknown key is refused naming the nearest
 * known one.  The file is checked like every
 * JSON input (util/json_check.h): unknown keys, a key given twice, wrong
 * types are refused, and every error names the file, the JSON path and
 * the position ("answers.json: steps.door-test.note: ... (line 5, column
 * 20)"), never the text of a field.
 */
#ifndef LS_VISIT_ANSWERS_H
#define LS_VISIT_ANSWERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/text.h"
#include "profile/profile.h"
#include "util/err.h"

#define ANS_TEXT_MAX	128	/* technician, site, work order, method */
#define ANS_NOTE_MAX	512
#define ANS_ID_MAX	64
#define ANS_MAX_STEPS	64
#define ANS_COUNT_MAX	10000
#define ANS_DIGIT_RUN	TEXT_DIGIT_RUN
#define ANS_FILE_MAX	(256 * 1024)

enum ans_result {
	ANS_RES_NONE = 0,		/* not answered */
	ANS_RES_DONE,
	ANS_RES_PASS,
	ANS_RES_FAIL,
	ANS_RES_SKIP
};

/* Which optional fields of a step answer were given. */
#define ANS_HAS_CODES_ACTIVE	0x01
#define ANS_HAS_CODES_ADMIN	0x02
#define ANS_HAS_CODES_USER	0x04
#define ANS_HAS_CODES_TEMP	0x08
#define ANS_HAS_TEMP_REMOVED	0x10
#define ANS_HAS_BATT_REPLACED	0x20

struct ans_step {
	char		 id[ANS_ID_MAX];
	enum ans_result	 result;
	unsigned	 has;			/* ANS_HAS_* */
	int		 codes_active, codes_admin, codes_user,
			 codes_temporary;
	bool		 temporary_removed, battery_replaced;
	char		 note[ANS_NOTE_MAX];
	bool		 used;			/* set by the engine */
};

struct answers {
	char		 technician[ANS_TEXT_MAX];
	char		 site[ANS_TEXT_MAX];
	char		 work_order[ANS_TEXT_MAX];
	uint32_t	 symptoms;		/* 1 << visit_symptom index */
	unsigned	 access;		/* VISIT_ACCESS_* bits */
	bool		 access_given;
	bool		 ownership_verified;
	char		 ownership_method[ANS_TEXT_MAX];
	bool		 remedy_given;		/* "remedy" */
	enum profile_remedy remedy;
	char		 remedy_reason[ANS_NOTE_MAX];	/* "remedy_reason" */
	bool		 battery_replaced;	/* top-level
						   "battery_replaced" */
	size_t		 nsteps;
	struct ans_step	 steps[ANS_MAX_STEPS];
};

/*
 * Parse answers from memory (len bytes, no NUL needed; a NUL byte is
 * refused).  name is used in messages only.  On error *a is unspecified
 * and eb says what and where (LS_EINPUT).
 */
enum ls_err	 answers_parse(const char *name, const char *text, size_t len,
		    struct answers *a, struct ls_errbuf *eb);

/* Read and parse a file (at most ANS_FILE_MAX bytes). */
enum ls_err	 answers_load(const char *path, struct answers *a,
		    struct ls_errbuf *eb);

/*
 * Against the visit's plan: every key of "steps" must be one of ids[]
 * (step ids; phases[] their phase ids) or a phase id; else LS_EINPUT
 * naming the key and the nearest valid id ("steps.door-tset: no such
 * step or phase; did you mean 'door-test'?").  A skip of an ownership
 * step is refused too.
 */
enum ls_err	 answers_check_plan(const struct answers *, const char *name,
		    const char *const *ids, const char *const *phases,
		    size_t n, struct ls_errbuf *eb);

/* The answer for a step or phase id, or NULL. */
struct ans_step	*answers_step(struct answers *, const char *id);

/*
 * The answers file's rule for one text field typed elsewhere (the
 * checklist screen): at most cap - 1 bytes and, unless digits_ok, no run
 * of ANS_DIGIT_RUN or more digits.  LS_EINPUT naming field otherwise; the
 * text itself is never echoed.
 */
enum ls_err	 answers_text_check(const char *field, const char *text,
		    size_t cap, bool digits_ok, struct ls_errbuf *eb);

/* "done", "pass", ...; NULL if out of range. */
const char	*answers_result_name(enum ans_result);

/* Bit of a symptom id in answers.symptoms, 0 when unknown. */
uint32_t	 answers_symptom_bit(const char *id);

#endif
