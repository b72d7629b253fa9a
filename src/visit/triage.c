/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * triage.c - least invasive next step first (the order is described in
 * lockscope-internals(7), THE VISIT).
 *
 * Rules are a table, checked in order of invasiveness: power, then the
 * account and authorization paths, then connectivity and pairing, then
 * codes; a reset is never the first advice.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"
#include "visit/answers.h"
#include "visit/triage.h"
#include "visit/visit.h"

#define TRIAGE_SYM(in, s)	(((in)->symptoms & answers_symptom_bit(s)) != 0)
#define TRIAGE_ACC(in, a)	(((in)->access & (a)) != 0)

struct triage_rule {
	const char	*id;
	bool		(*applies)(const struct triage_input *);
	void		(*say)(const struct triage_input *, char *, size_t);
	enum profile_remedy (*remedy)(const struct triage_input *);
};

static enum profile_remedy
triage_rm_battery(const struct triage_input *in)
{
	(void)in;
	return PROFILE_RM_BATTERY;
}

static enum profile_remedy
triage_rm_none(const struct triage_input *in)
{
	(void)in;
	return PROFILE_RM_DIAGNOSE_ONLY;
}

static enum profile_remedy
triage_rm_clock(const struct triage_input *in)
{
	(void)in;
	return PROFILE_RM_CLOCK;
}

static enum profile_remedy
triage_rm_creds(const struct triage_input *in)
{
	(void)in;
	return PROFILE_RM_CREDENTIALS;
}

static enum profile_remedy
triage_rm_reenroll(const struct triage_input *in)
{
	(void)in;
	return PROFILE_RM_RE_ENROLL;
}

static enum profile_remedy
triage_rm_pairing(const struct triage_input *in)
{
	return in->pairing == TRIAGE_PAIR_PAIRED ? PROFILE_RM_RE_ENROLL :
	    PROFILE_RM_DIAGNOSE_ONLY;
}

static bool
triage_cells(const struct triage_input *in)
{
	return in->cells_replaced;
}

static void
triage_cells_say(const struct triage_input *in, char *b, size_t n)
{
	(void)in;
	snprintf(b, n, "New cells fitted and the power check passed: finish "
	    "the battery job with a door test; change nothing else.");
}

static bool
triage_power(const struct triage_input *in)
{
	return in->battery == TRIAGE_BATT_LOW ||
	    in->battery == TRIAGE_BATT_CRITICAL;
}

static void
triage_power_say(const struct triage_input *in, char *b, size_t n)
{
	snprintf(b, n, "Battery %s: replace the cells before anything else; "
	    "enrollment draws more power than turning the bolt.",
	    in->battery == TRIAGE_BATT_CRITICAL ? "critical" : "low");
}

static bool
triage_sign_in(const struct triage_input *in)
{
	return TRIAGE_SYM(in, "app-cannot-sign-in");
}

static void
triage_sign_in_say(const struct triage_input *in, char *b, size_t n)
{
	(void)in;
	snprintf(b, n, "App cannot sign in: recover the account (password "
	    "reset, vendor support) first; a lock reset does not fix an "
	    "account.");
}

static bool
triage_roles(const struct triage_input *in)
{
	return TRIAGE_SYM(in, "app-view-no-unlock");
}

static void
triage_roles_say(const struct triage_input *in, char *b, size_t n)
{
	(void)in;
	snprintf(b, n, "App can view but not unlock: review this user's role "
	    "and access schedule in the owner's app; no reset is needed.");
}

static bool
triage_missing(const struct triage_input *in)
{
	return TRIAGE_SYM(in, "lock-missing-from-app") ||
	    TRIAGE_SYM(in, "ownership-change");
}

static void
triage_missing_say(const struct triage_input *in, char *b, size_t n)
{
	snprintf(b, n, "%s: confirm the ownership transfer (or the lost "
	    "enrollment after an account migration) with the owner before "
	    "any reset.", TRIAGE_SYM(in, "lock-missing-from-app") ?
	    "Lock missing from the app" : "New owner");
}

static bool
triage_offline(const struct triage_input *in)
{
	return TRIAGE_SYM(in, "lock-offline");
}

static void
triage_offline_say(const struct triage_input *in, char *b, size_t n)
{
	if (in->lock_seen)
		snprintf(b, n, "Lock shows offline but advertises here, so "
		    "its radio works: check the hub or bridge and any Wi-Fi "
		    "change.");
	else
		snprintf(b, n, "Lock shows offline and is not heard here: "
		    "check the battery, then the hub or bridge and Wi-Fi.");
}

static bool
triage_pairing(const struct triage_input *in)
{
	return TRIAGE_SYM(in, "pairing-fails");
}

static void
triage_pairing_say(const struct triage_input *in, char *b, size_t n)
{
	if (in->pairing == TRIAGE_PAIR_PAIRED)
		snprintf(b, n, "Pairing fails and the lock reports it is "
		    "paired: a previous owner's credential is still present; "
		    "remove it in that owner's app, or reset once ownership "
		    "is confirmed.");
	else
		snprintf(b, n, "Pairing fails: check the phone's Bluetooth "
		    "and location permissions, app and firmware versions, "
		    "stand within a metre and retry inside the pairing "
		    "window.");
}

static bool
triage_clock(const struct triage_input *in)
{
	return in->has_clock_skew && (in->clock_skew_s > TRIAGE_CLOCK_SKEW_S
	    || in->clock_skew_s < -TRIAGE_CLOCK_SKEW_S);
}

static void
triage_clock_say(const struct triage_input *in, char *b, size_t n)
{
	char	d[48];

	snprintf(b, n, "The lock's clock is off (lock clock %s): "
	    "scheduled codes fail on a wrong clock; set the time from the "
	    "owner's app.", text_skew(in->clock_skew_s, d, sizeof d));
}

static bool
triage_rejected(const struct triage_input *in)
{
	return TRIAGE_SYM(in, "codes-not-accepted");
}

static void
triage_rejected_say(const struct triage_input *in, char *b, size_t n)
{
	(void)in;
	snprintf(b, n, "Codes known but not accepted: check each code's role "
	    "and schedule, then the keypad itself.");
}

static bool
triage_unknown_codes(const struct triage_input *in)
{
	return TRIAGE_SYM(in, "codes-unknown");
}

static void
triage_unknown_codes_say(const struct triage_input *in, char *b, size_t n)
{
	snprintf(b, n, "Codes unknown: the owner re-issues codes from the "
	    "app%s; reset only if no admin access remains.",
	    in->access_given && !TRIAGE_ACC(in, VISIT_ACCESS_LOCAL_BLE) &&
	    !TRIAGE_ACC(in, VISIT_ACCESS_CLOUD) ? " (no app path works now)" :
	    "");
}

static bool
triage_door(const struct triage_input *in)
{
	return in->access_given && in->access != 0;
}

static void
triage_door_say(const struct triage_input *in, char *b, size_t n)
{
	unsigned	k;
	size_t		len;

	len = (size_t)snprintf(b, n, "Still working:");
	for (k = 1; k <= VISIT_ACCESS_ALL && len < n; k <<= 1)
		if (TRIAGE_ACC(in, k))
			len += (size_t)snprintf(b + len, n - len, " %s",
			    visit_access_name(k));
	if (len < n)
		snprintf(b + len, n - len, "; treat it as an authorization "
		    "problem until a door test shows a hardware fault.");
}

/* In order: least invasive first. */
static const struct triage_rule triage_rules[] = {
	{ "cells-replaced", triage_cells, triage_cells_say,
	  triage_rm_battery },
	{ "replace-cells", triage_power, triage_power_say, triage_rm_battery },
	{ "account-recovery", triage_sign_in, triage_sign_in_say,
	  triage_rm_none },
	{ "review-roles", triage_roles, triage_roles_say, triage_rm_creds },
	{ "set-clock", triage_clock, triage_clock_say, triage_rm_clock },
	{ "check-ownership-transfer", triage_missing, triage_missing_say,
	  triage_rm_reenroll },
	{ "check-connectivity", triage_offline, triage_offline_say,
	  triage_rm_none },
	{ "pairing-checks", triage_pairing, triage_pairing_say,
	  triage_rm_pairing },
	{ "check-code-schedule", triage_rejected, triage_rejected_say,
	  triage_rm_creds },
	{ "reissue-codes", triage_unknown_codes, triage_unknown_codes_say,
	  triage_rm_creds },
	{ "access-paths", triage_door, triage_door_say, triage_rm_none },
};

size_t
triage_run(const struct triage_input *in, struct triage_advice *out)
{
	size_t	i, n = 0;

	for (i = 0; i < sizeof triage_rules / sizeof triage_rules[0] &&
	    n < TRIAGE_MAX; i++) {
		if (!triage_rules[i].applies(in))
			continue;
		out[n].id = triage_rules[i].id;
		triage_rules[i].say(in, out[n].text, sizeof out[n].text);
		out[n].remedy = triage_rules[i].remedy(in);
		n++;
	}
	if (n == 0) {
		out[0].id = "follow-checklist";
		snprintf(out[0].text, sizeof out[0].text, "Nothing points "
		    "away from the procedure: follow the checklist, power and "
		    "ownership first.");
		out[0].remedy = PROFILE_RM_DIAGNOSE_ONLY;
		n = 1;
	}
	return n;
}

enum profile_remedy
triage_remedy(const struct triage_advice *adv, size_t n, unsigned supported)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (supported & PROFILE_RM_BIT(adv[i].remedy))
			return adv[i].remedy;
	return PROFILE_RM_DIAGNOSE_ONLY;
}
