/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * triage.h - the least invasive next step, from the symptoms the customer
 * reports, the access paths that still work and what the radio shows
 * (lockscope-internals(7), THE VISIT: power first; treat an app lock-out
 * as an authorization-path failure until a door test shows a hardware
 * fault; reset only after ownership is confirmed).
 *
 * Advice only: triage never blocks a step.  The engine's gates (ownership,
 * power) do that.
 */
#ifndef LS_VISIT_TRIAGE_H
#define LS_VISIT_TRIAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "profile/profile.h"

enum triage_battery {
	TRIAGE_BATT_UNKNOWN = 0,
	TRIAGE_BATT_OK,
	TRIAGE_BATT_LOW,		/* below the profile's threshold */
	TRIAGE_BATT_CRITICAL
};

enum triage_pairing {
	TRIAGE_PAIR_UNKNOWN = 0,
	TRIAGE_PAIR_UNPAIRED,
	TRIAGE_PAIR_WINDOW,
	TRIAGE_PAIR_PAIRED
};

/* What triage looks at. */
struct triage_input {
	uint32_t		symptoms;	/* answers_symptom_bit() bits */
	unsigned		access;		/* VISIT_ACCESS_* bits */
	bool			access_given;
	bool			lock_seen;	/* advertising nearby */
	enum triage_battery	battery;
	enum triage_pairing	pairing;
	bool			has_clock_skew;
	int64_t			clock_skew_s;	/* lock minus laptop */
	bool			cells_replaced;	/* and the power check
						   passed after */
};

#define TRIAGE_MAX		12
#define TRIAGE_TEXT_MAX		240
#define TRIAGE_CLOCK_SKEW_S	300	/* beyond this, schedules misfire */

struct triage_advice {
	const char	*id;			/* stable,
						   e.g. "replace-cells" */
	char		 text[TRIAGE_TEXT_MAX];	/* one sentence or two */
	enum profile_remedy remedy;		/* the path it points to */
};

/*
 * Fill out[] (at most TRIAGE_MAX) with advice, least invasive first; the
 * first item is the suggested next step.  Returns the count (>= 1: with
 * nothing to go on, the advice is to follow the checklist).
 */
size_t	triage_run(const struct triage_input *, struct triage_advice *out);

/*
 * The remedy to propose: that of the first item whose remedy is in
 * supported (PROFILE_RM_BIT set), else diagnose-only.
 */
enum profile_remedy triage_remedy(const struct triage_advice *, size_t n,
	    unsigned supported);

#endif
