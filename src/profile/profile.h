/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * profile.h - vendor profiles: what a lock family needs during a service
 * visit (battery thresholds, where code counts come from, which
 * credentials it takes) and its procedure as the canonical phases of
 * lockscope-profile(5), each step citing the public source it comes from.
 *
 * Profiles are data (profiles/NAME.json, format in lockscope-profile(5)).
 * profile_parse() validates strictly (util/json_check.h): unknown keys,
 * duplicate keys, wrong types, values out of range, phases out of
 * canonical order, reset phases without ownership and power before them,
 * and steps citing an undeclared source are refused with a path-qualified
 * message such as "procedure[4].steps[1].verify.within_s: must be
 * 1..3600 (line 40, column 30)" (the loader prefixes the file name).
 *
 * A validated profile is read through the const views below; they stay
 * valid until profile_free() (or profile_set_free() of the set holding
 * the profile).  Nothing here prints, exits or touches the radio.
 */
#ifndef LS_PROFILE_PROFILE_H
#define LS_PROFILE_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"
#include "util/reading.h"

struct cJSON;

#define PROFILE_FORMAT		1	/* "profile": 1 */
#define PROFILE_FILE_MAX	(256 * 1024)	/* bytes per profile file */
#define PROFILE_SET_MAX		256	/* profiles per directory */
#define PROFILE_ID_MAX		48	/* characters in an id */
#define PROFILE_WITHIN_MAX	3600	/* within_s, time_limit_s: 1..this */

/* Canonical phases, in their order (lockscope-profile(5)). */
enum profile_phase_id {
	PROFILE_PH_INTAKE,
	PROFILE_PH_OWNERSHIP,
	PROFILE_PH_POWER,
	PROFILE_PH_BASELINE,
	PROFILE_PH_RESET,
	PROFILE_PH_VERIFY_RESET,
	PROFILE_PH_ENROLL,
	PROFILE_PH_VERIFY_ENROLL,
	PROFILE_PH_CREDENTIALS,
	PROFILE_PH_DOOR_TEST,
	PROFILE_PH_CLOSEOUT,
	PROFILE_PH_COUNT
};

enum profile_step_kind {
	PROFILE_KIND_ATTEST,		/* the technician states a fact */
	PROFILE_KIND_PHYSICAL,		/* the technician acts on the lock */
	PROFILE_KIND_EXTERNAL_APP,	/* the technician uses a vendor app */
	PROFILE_KIND_MEASURE,		/* the tool takes readings */
	PROFILE_KIND_VERIFY		/* the tool checks a condition */
};

/*
 * Remedies: the one path a visit follows after the baseline, least
 * invasive first (lockscope-profile(5), REMEDIES).  A profile declares
 * which its vendor supports, each with a source; a step may name the
 * remedies whose path it belongs to.
 */
enum profile_remedy {
	PROFILE_RM_DIAGNOSE_ONLY,	/* "diagnose-only": change nothing */
	PROFILE_RM_BATTERY,		/* "battery": new cells, measured */
	PROFILE_RM_CLOCK,		/* "clock": owner sets the time */
	PROFILE_RM_CREDENTIALS,		/* "credentials": clean up codes */
	PROFILE_RM_RE_ENROLL,		/* "re-enroll": remove and re-add in
					   the vendor app, no reset */
	PROFILE_RM_FACTORY_RESET,	/* "factory-reset": the last resort */
	PROFILE_RM_COUNT
};

#define PROFILE_RM_BIT(r)	(1u << (unsigned)(r))
#define PROFILE_RM_ALL		((1u << PROFILE_RM_COUNT) - 1)

/* A remedy the vendor supports, and the source that documents it. */
struct profile_remedy_decl {
	enum profile_remedy	 id;
	const char		*source;	/* a profile_source id */
};

/* Readings a condition may name; each has one value type. */
enum profile_reading {
	PROFILE_RD_PAIRING_STATE,	/* text: unpaired, pairing_window,
					   paired, unknown */
	PROFILE_RD_BATTERY_PERCENT,	/* number 0..100 */
	PROFILE_RD_BATTERY_VOLTS,	/* number */
	PROFILE_RD_FIRMWARE,		/* text */
	PROFILE_RD_LOCK_STATE,		/* text ("locked", "unlocked"...) */
	PROFILE_RD_CODES_ACTIVE,	/* integer count, never values */
	PROFILE_RD_CODES_TEMPORARY,	/* integer count */
	PROFILE_RD_CLOCK_SKEW_S,	/* number, seconds */
	PROFILE_RD_OWNERSHIP_VERIFIED,	/* boolean */
	PROFILE_RD_RESULT,		/* text: done, pass, fail */
	PROFILE_RD_COUNT
};

enum profile_op {
	PROFILE_OP_EQUALS,	/* current value is (one of) value */
	PROFILE_OP_BECOMES,	/* changed to (one of) value: previous
				   differed, current matches */
	PROFILE_OP_AT_LEAST,	/* number >= value */
	PROFILE_OP_AT_MOST,	/* number <= value */
	PROFILE_OP_PRESENT,	/* has a value (true) / has none (false) */
	PROFILE_OP_MAGNITUDE_AT_MOST	/* |number| <= value (a clock skew
					   either way) */
};

#define PROFILE_COND_VALUES	8	/* alternatives in equals/becomes */

/* A scalar value of a condition: its type is the reading's. */
struct profile_value {
	enum rd_kind	 kind;		/* RD_TEXT, RD_REAL, RD_BOOL */
	const char	*text;		/* RD_TEXT */
	double		 num;		/* RD_REAL (integers too) */
	bool		 b;		/* RD_BOOL, and present's operand */
};

struct profile_cond {
	enum profile_reading	 reading;
	enum profile_op		 op;
	size_t			 n_values;	/* 1, or more for equals/becomes
						   given a list */
	struct profile_value	 values[PROFILE_COND_VALUES];
	int			 within_s;	/* 0: evaluated once */
	bool			 observed;	/* attested readings do
						   not count */
};

struct profile_step {
	const char		 *id;		/* unique in the profile */
	enum profile_step_kind	  kind;
	const char		 *title;
	size_t			  n_instructions;
	const char *const	 *instructions;	/* short lines */
	const char		 *source;	/* a profile_source id */
	int			  time_limit_s;	/* 0: none */
	bool			  has_verify;
	struct profile_cond	  verify;	/* when has_verify */
	/* PROFILE_RM_BIT set of the remedy paths the step belongs to, as
	   the file says ("remedies"); 0: not given, the phase's default
	   (profile_step_remedies). */
	unsigned		  remedies;
};

struct profile_phase {
	enum profile_phase_id	 id;
	size_t			 n_steps;	/* >= 1 */
	const struct profile_step *steps;
};

struct profile_source {
	const char	*id;
	const char	*title;
	const char	*url;		/* https://..., or man:... for
					   lockscope's own procedure */
	const char	*accessed;	/* YYYY-MM-DD */
};

struct profile_battery {
	const char	*chemistry;		/* NULL: not stated */
	const char	*chemistry_source;	/* source id, with chemistry */
	int		 min_percent;		/* -1: none */
	double		 min_volts;		/* < 0: none */
	const char	*source;		/* source of the thresholds */
};

enum profile_slots_from {
	PROFILE_SLOTS_ATTESTED,		/* the technician counts them */
	PROFILE_SLOTS_GATT		/* a characteristic declared a count */
};

struct profile_code_slots {
	enum profile_slots_from	 from;
	const char		*uuid;		/* GATT: canonical 128-bit text,
						   lowercase; NULL otherwise */
	const char		*source;	/* GATT: source id; else NULL */
};

/* Credential technologies (bit set). */
#define PROFILE_CRED_KEY		0x0001	/* "key" (mechanical) */
#define PROFILE_CRED_KEYPAD		0x0002	/* "keypad" */
#define PROFILE_CRED_BLE_PHONE		0x0004	/* "ble-phone" */
#define PROFILE_CRED_BLE_FOB		0x0008	/* "ble-fob" */
#define PROFILE_CRED_BLE_RING		0x0010	/* "ble-ring" */
#define PROFILE_CRED_NFC_CARD		0x0020	/* "nfc-card" */
#define PROFILE_CRED_NFC_RING		0x0040	/* "nfc-ring" */
#define PROFILE_CRED_NFC_PHONE		0x0080	/* "nfc-phone" */
#define PROFILE_CRED_FINGERPRINT	0x0100	/* "fingerprint" */
#define PROFILE_CRED_FACE		0x0200	/* "face" */
#define PROFILE_CRED_Z_WAVE		0x0400	/* "z-wave" */
#define PROFILE_CRED_ZIGBEE		0x0800	/* "zigbee" */
#define PROFILE_CRED_WIFI		0x1000	/* "wifi" (cloud/remote) */
#define PROFILE_CRED_COUNT		13

struct profile;

/*
 * Parse and validate one profile from len bytes of JSON text (no NUL
 * needed).  name (a file name, may be NULL) is kept for profile_file()
 * and is not put in error messages: callers prefix it.  On success *out
 * is a new profile (free with profile_free).  On failure returns
 * LS_EINPUT with eb holding "PATH: problem (line L, column C)" (or "not
 * valid JSON (line L, column C)"), and *out is NULL.
 */
enum ls_err	 profile_parse(const char *text, size_t len, const char *name,
		    struct profile **out, struct ls_errbuf *eb);

/*
 * Read and parse a file (at most PROFILE_FILE_MAX bytes).  Errors are
 * prefixed with the path: "profiles/nuki.json: missing key 'id' (line
 * 1, column 1)".  I/O
 * failures return LS_EIO/LS_EPERM/LS_EINPUT (not found).
 */
enum ls_err	 profile_load_file(const char *path, struct profile **out,
		    struct ls_errbuf *eb);

/* Free a profile.  NULL is a no-op. */
void		 profile_free(struct profile *);

/*
 * The validated document as parsed (a cJSON object), for printing it
 * whole (profile show --json).  Borrowed: lives as long as the profile.
 */
const struct cJSON *profile_json(const struct profile *);

/* Scalars; strings live as long as the profile. */
const char	*profile_id(const struct profile *);
const char	*profile_vendor(const struct profile *);
const char	*profile_family(const struct profile *);
const char	*profile_file(const struct profile *);	/* "" if none */
int		 profile_priority(const struct profile *);

size_t		 profile_n_models(const struct profile *);
const char	*profile_model(const struct profile *, size_t i);

/* Match rules, and one in words ("family nuki, company_id 0x05ba"). */
size_t		 profile_n_rules(const struct profile *);
char		*profile_rule_str(const struct profile *, size_t i, char *buf,
		    size_t len);

size_t		 profile_n_sources(const struct profile *);
const struct profile_source *profile_source(const struct profile *,
		    size_t i);
/* The source with this id, or NULL. */
const struct profile_source *profile_source_find(const struct profile *,
		    const char *id);

/* Battery thresholds; never NULL (every profile states them). */
const struct profile_battery *profile_battery(const struct profile *);

/* Firmware notes (may be none) and the source they cite (NULL if none). */
size_t		 profile_n_firmware_notes(const struct profile *);
const char	*profile_firmware_note(const struct profile *, size_t i);
const char	*profile_firmware_source(const struct profile *);

/* Where code-slot counts come from; never NULL. */
const struct profile_code_slots *profile_code_slots(const struct profile *);

/* Credential technologies the lock accepts: PROFILE_CRED_* bits. */
unsigned	 profile_credentials(const struct profile *);

/*
 * Remedies the vendor supports (PROFILE_RM_BIT set) and each one's
 * declaration (NULL when not supported).  A profile without "remedies"
 * supports diagnose-only and factory-reset (the procedure as written).
 */
unsigned	 profile_remedies(const struct profile *);
const struct profile_remedy_decl *profile_remedy_decl(const struct profile *,
		    enum profile_remedy);
/*
 * The remedy paths a step of phase ph belongs to: its own "remedies",
 * else the phase's default: phases up to baseline, door-test and
 * closeout belong to every path (0 is returned: no restriction); reset
 * and verify-reset to factory-reset; enroll and verify-enroll to
 * re-enroll and factory-reset; credentials to credentials, re-enroll and
 * factory-reset.
 */
unsigned	 profile_step_remedies(const struct profile_step *,
		    enum profile_phase_id ph);

/* Phases present, in canonical order. */
size_t		 profile_n_phases(const struct profile *);
const struct profile_phase *profile_phase_at(const struct profile *,
		    size_t i);
/* The phase, or NULL when the profile skips it. */
const struct profile_phase *profile_phase_find(const struct profile *,
		    enum profile_phase_id);
/* The step with this id and its phase (*phase may be NULL), or NULL. */
const struct profile_step *profile_step_find(const struct profile *,
		    const char *id, const struct profile_phase **phase);

/* Names as in the file ("verify-reset", "external-app", "battery_percent",
 * "becomes", "ble-phone"); NULL when out of range. */
const char	*profile_phase_name(enum profile_phase_id);
const char	*profile_kind_name(enum profile_step_kind);
const char	*profile_reading_name(enum profile_reading);
const char	*profile_op_name(enum profile_op);
const char	*profile_cred_name(unsigned bit);
const char	*profile_remedy_name(enum profile_remedy);
bool		 profile_remedy_from_name(const char *,
		    enum profile_remedy *);
/* Phase and reading by name; false when unknown. */
bool		 profile_phase_from_name(const char *, enum profile_phase_id *);
bool		 profile_reading_from_name(const char *,
		    enum profile_reading *);

/* --- conditions --- */

enum profile_verdict {
	PROFILE_MET,		/* the condition holds */
	PROFILE_NOT_YET,	/* not yet; keep watching (within_s left) */
	PROFILE_FAILED		/* cannot hold any more, or does not hold
				   and there is no time window */
};

/*
 * Evaluate c against the current reading cur and the reading before it,
 * prev (NULL or RD_UNSET when there is none), elapsed_s seconds after
 * the step started.  Pure.  While watching for a change the engine
 * passes the baseline (or the last observation) as prev and each new
 * observation as cur.
 *
 * A reading without a value (unset or unavailable) meets only
 * "present": false.  With c->observed, an attested reading counts as
 * no reading.  A value of the wrong type never matches.  "becomes" is
 * met only when prev had a value that was not one of the values and cur
 * is one of them: a lock that was already unpaired never "becomes"
 * unpaired.  When the condition does not hold: NOT_YET while
 * c->within_s is set and elapsed_s < within_s, FAILED otherwise.
 */
enum profile_verdict profile_cond_eval(const struct profile_cond *c,
		    const struct reading *prev, const struct reading *cur,
		    double elapsed_s);

/* "met", "not yet", "failed". */
const char	*profile_verdict_name(enum profile_verdict);

/*
 * Describe c in words into buf ("pairing_state becomes unpaired or
 * pairing_window within 60 s").  Returns buf.
 */
char		*profile_cond_str(const struct profile_cond *c, char *buf,
		    size_t len);

/* --- sets, search and matching (profile_set.c) --- */

struct profile_set;

/* An empty set; NULL when out of memory. */
struct profile_set *profile_set_new(void);

/* Free the set and every profile in it.  NULL is a no-op. */
void		 profile_set_free(struct profile_set *);

/*
 * Add p to the set, which takes ownership (also on failure, when p is
 * freed).  Refuses a second profile with the same id (LS_EINPUT, "FILE:
 * id: 'x' is already defined in OTHER").
 */
enum ls_err	 profile_set_add(struct profile_set *, struct profile *p,
		    struct ls_errbuf *eb);

/*
 * Load every *.json file of dir (not recursive; other names ignored), in
 * name order.  The first invalid file fails the whole load (its error is
 * in eb); profiles added before stay in the set.
 */
enum ls_err	 profile_set_load_dir(struct profile_set *, const char *dir,
		    struct ls_errbuf *eb);

/*
 * The directory profiles are read from: $LOCKSCOPE_PROFILES when set and
 * not empty (used even if it does not exist, so a mistake is reported);
 * else "profiles" beside the directory holding the running binary
 * (/proc/self/exe, so build/lockscope finds the tree's profiles/) when
 * that is a directory; else LS_DATADIR "/profiles".  Writes it to buf.
 * Returns buf.
 */
char		*profile_default_dir(char *buf, size_t len);

/* Load the default directory into a new set (*out).  Errors as above. */
enum ls_err	 profile_set_load_default(struct profile_set **out,
		    char *dir, size_t dirlen, struct ls_errbuf *eb);

/* Profiles, sorted by id. */
size_t		 profile_set_count(const struct profile_set *);
const struct profile *profile_set_at(const struct profile_set *, size_t i);

/* The profile with this id, or NULL. */
const struct profile *profile_set_find(const struct profile_set *,
		    const char *id);

/*
 * What the visit engine knows of a device, for matching: the fields of a
 * scan's lock record (struct dev, struct dev_lock).  Fill it with
 * profile_device_from_dev() or by hand (tests, captures).
 */
#define PROFILE_DEV_MAX_IDS	8
#define PROFILE_DEV_MAX_UUIDS	24
struct profile_device {
	const char	*family;	/* NDJSON family (lockscope(1)),
					   NULL none */
	size_t		 n_company_ids;
	uint16_t	 company_ids[PROFILE_DEV_MAX_IDS];
	size_t		 n_uuids;	/* service UUIDs advertised or with
					   service data, lowercase text as
					   ad_uuid_str() writes them */
	char		 uuids[PROFILE_DEV_MAX_UUIDS][37];
	char		 name[72];	/* sanitised local name, "" none */
	bool		 has_appearance;
	uint16_t	 appearance;
};

struct dev;
/* Fill d from a device-table record (pointers borrow from dev->lock). */
void		 profile_device_from_dev(const struct dev *,
		    struct profile_device *d);

/* Why a profile was chosen. */
struct profile_match {
	const struct profile	*profile;	/* NULL: none,
						   not even generic */
	int			 rule;		/* index in match.rules; -1 for
						   the fallback */
	int			 specificity;	/* criteria in that rule */
	bool			 fallback;	/* generic profile,
						   nothing matched */
};

/*
 * The best profile for d: among profiles with a rule whose criteria all
 * hold, the highest match priority wins, then the rule with more
 * criteria (the more specific), then the smaller id.  When none matches,
 * the profile "generic" (the generic BLE lock profile) with fallback set;
 * when that is not loaded either, profile NULL.  Returns m->profile.
 */
const struct profile *profile_set_match(const struct profile_set *,
		    const struct profile_device *d, struct profile_match *m);

/* Does profile p match d; *specificity gets the best rule's criteria. */
bool		 profile_matches(const struct profile *p,
		    const struct profile_device *d, int *rule,
		    int *specificity);

#endif
