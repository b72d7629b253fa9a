/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * visit.c - the service visit data model: setters with caps, sanitised
 * strings and the secret guard on reading names.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>
#include <cjson/cJSON.h>

#include "util/hex.h"
#include "util/text.h"
#include "profile/profile.h"
#include "visit/visit.h"

/* The canonical phases, in order (lockscope-profile(5), Procedure). */
static const char *const visit_phases[] = {
	"intake", "ownership", "power", "baseline", "reset", "verify-reset",
	"enroll", "verify-enroll", "credentials", "door-test", "closeout",
	NULL
};

/* The app-locked-out triage table, then the other symptoms
   (lockscope-report(5), Symptoms). */
static const char *const visit_symptoms[] = {
	"app-cannot-sign-in", "lock-offline", "lock-missing-from-app",
	"pairing-fails", "app-view-no-unlock", "codes-unknown",
	"codes-not-accepted", "credential-fails", "battery-low",
	"ownership-change", "door-mechanical", NULL
};

static const struct {
	const char	*name;
	unsigned	 bit;
} visit_access_tab[] = {
	{ "physical-key", VISIT_ACCESS_PHYSICAL_KEY },
	{ "keypad", VISIT_ACCESS_KEYPAD },
	{ "local-ble", VISIT_ACCESS_LOCAL_BLE },
	{ "cloud", VISIT_ACCESS_CLOUD },
};

static const char *const visit_status_names[] = {
	[VS_PENDING] = "pending", [VS_RUNNING] = "running",
	[VS_PASSED] = "passed", [VS_FAILED] = "failed",
	[VS_SKIPPED] = "skipped", [VS_BLOCKED] = "blocked",
};

static const char *const visit_outcome_names[] = {
	[VO_NONE] = NULL, [VO_COMPLETED] = "completed",
	[VO_COMPLETED_WITH_FAILURES] = "completed-with-failures",
	[VO_BLOCKED] = "blocked", [VO_ABORTED] = "aborted",
};

/* Words that make a reading name sensitive (exact word match). */
static const char *const visit_secret_words[] = {
	"code", "codes", "pin", "pins", "key", "keys", "uid", "token",
	"tokens", "secret", "passwd", "pwd", NULL
};
/* Substrings that make a word sensitive ("passcode", "setupcode"). */
static const char *const visit_secret_parts[] = {
	"code", "pass", "secret", NULL
};
/* Last words that make a sensitive name a count. */
static const char *const visit_count_words[] = {
	"count", "slots", "active", "removed", "used", NULL
};

static void
visit_copy(char *dst, size_t cap, const char *src)
{
	if (src == NULL)
		src = "";
	text_sanitize((const uint8_t *)src, strlen(src), dst, cap);
}

struct visit *
visit_new(void)
{
	return calloc(1, sizeof(struct visit));
}

void
visit_free(struct visit *v)
{
	free(v);
}

enum ls_err
visit_begin(struct visit *v, uint64_t started_us, struct ls_errbuf *eb)
{
	uint8_t	raw[VISIT_ID_LEN / 2];

	if (sodium_init() < 0)
		return ls_err_set(eb, LS_EINTERNAL, "cannot initialise "
		    "libsodium");
	randombytes_buf(raw, sizeof raw);
	hex_encode(raw, sizeof raw, v->id);
	v->started_us = started_us;
	return LS_OK;
}

enum ls_err
visit_set_id(struct visit *v, const char *id, struct ls_errbuf *eb)
{
	size_t	i;

	for (i = 0; id[i] != '\0'; i++)
		if (!isxdigit((unsigned char)id[i]) ||
		    isupper((unsigned char)id[i]))
			break;
	if (i != VISIT_ID_LEN || id[i] != '\0')
		return ls_err_set(eb, LS_EINPUT, "visit id: want %d lower-case "
		    "hex characters", VISIT_ID_LEN);
	memcpy(v->id, id, VISIT_ID_LEN + 1);
	return LS_OK;
}

void
visit_set_intake(struct visit *v, const char *technician, const char *site,
    const char *work_order)
{
	if (technician != NULL)
		visit_copy(v->technician, sizeof v->technician, technician);
	if (site != NULL)
		visit_copy(v->site, sizeof v->site, site);
	if (work_order != NULL)
		visit_copy(v->work_order, sizeof v->work_order, work_order);
}

static int
visit_lookup(const char *const *tab, const char *s)
{
	int	i;

	for (i = 0; tab[i] != NULL; i++)
		if (strcmp(tab[i], s) == 0)
			return i;
	return -1;
}

bool
visit_symptom_valid(const char *id)
{
	return visit_lookup(visit_symptoms, id) >= 0;
}

const char *
visit_symptom_name(size_t idx)
{
	if (idx >= sizeof visit_symptoms / sizeof visit_symptoms[0])
		return NULL;
	return visit_symptoms[idx];
}

enum ls_err
visit_add_symptom(struct visit *v, const char *id, struct ls_errbuf *eb)
{
	char	safe[32];
	size_t	i;

	if (!visit_symptom_valid(id)) {
		visit_copy(safe, sizeof safe, id);
		return ls_err_set(eb, LS_EINPUT, "unknown symptom '%s'", safe);
	}
	for (i = 0; i < v->nsymptoms; i++)
		if (strcmp(v->symptoms[i], id) == 0)
			return LS_OK;
	if (v->nsymptoms >= VISIT_MAX_SYMPTOMS)
		return ls_err_set(eb, LS_ENOMEM, "more than %d symptoms",
		    VISIT_MAX_SYMPTOMS);
	snprintf(v->symptoms[v->nsymptoms++], sizeof v->symptoms[0], "%s",
	    id);
	return LS_OK;
}

unsigned
visit_access_bit(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof visit_access_tab / sizeof visit_access_tab[0];
	    i++)
		if (strcmp(visit_access_tab[i].name, name) == 0)
			return visit_access_tab[i].bit;
	return 0;
}

const char *
visit_access_name(unsigned bit)
{
	size_t	i;

	for (i = 0; i < sizeof visit_access_tab / sizeof visit_access_tab[0];
	    i++)
		if (visit_access_tab[i].bit == bit)
			return visit_access_tab[i].name;
	return NULL;
}

enum ls_err
visit_add_access(struct visit *v, const char *name, struct ls_errbuf *eb)
{
	unsigned	bit = visit_access_bit(name);
	char		safe[32];

	if (bit == 0) {
		visit_copy(safe, sizeof safe, name);
		return ls_err_set(eb, LS_EINPUT, "unknown access path '%s' "
		    "(physical-key, keypad, local-ble, cloud)", safe);
	}
	v->access |= bit;
	return LS_OK;
}

void
visit_set_authorization(struct visit *v, bool verified, const char *method)
{
	v->auth_set = true;
	v->ownership_verified = verified;
	visit_copy(v->auth_method, sizeof v->auth_method, method);
}

long
visit_device_find(const struct visit *v, const char *address)
{
	size_t	i;

	for (i = 0; i < v->ndevices; i++)
		if (strcasecmp(v->devices[i].address, address) == 0)
			return (long)i;
	return -1;
}

enum ls_err
visit_device_add(struct visit *v, const struct visit_device *in, size_t *idx,
    struct ls_errbuf *eb)
{
	struct visit_device	*d;
	uint8_t			 a[6];
	char			 safe[24];
	long			 found;

	if (!hex_addr_parse(in->address, a)) {
		visit_copy(safe, sizeof safe, in->address);
		return ls_err_set(eb, LS_EINPUT, "bad device address '%s'",
		    safe);
	}
	if (in->address_type[0] != '\0' &&
	    strcmp(in->address_type, "public") != 0 &&
	    strcmp(in->address_type, "random") != 0)
		return ls_err_set(eb, LS_EINPUT, "bad address type (want "
		    "public or random)");
	if ((found = visit_device_find(v, in->address)) < 0) {
		if (v->ndevices >= VISIT_MAX_DEVICES)
			return ls_err_set(eb, LS_ENOMEM, "more than %d "
			    "devices", VISIT_MAX_DEVICES);
		found = (long)v->ndevices++;
		memset(&v->devices[found], 0, sizeof v->devices[0]);
	}
	d = &v->devices[found];
	hex_addr_str(a, d->address);
	snprintf(d->address_type, sizeof d->address_type, "%s",
	    in->address_type);
	visit_copy(d->name, sizeof d->name, in->name);
	visit_copy(d->family, sizeof d->family, in->family);
	visit_copy(d->vendor, sizeof d->vendor, in->vendor);
	visit_copy(d->model, sizeof d->model, in->model);
	visit_copy(d->profile, sizeof d->profile, in->profile);
	if (idx != NULL)
		*idx = (size_t)found;
	return LS_OK;
}

enum ls_err
visit_device_reading(struct visit *v, size_t idx, enum visit_when when,
    const char *name, const struct reading *r, struct ls_errbuf *eb)
{
	if (idx >= v->ndevices)
		return ls_err_set(eb, LS_EINTERNAL, "no device %zu", idx);
	return visit_rset_put(when == VISIT_BEFORE ? &v->devices[idx].before :
	    &v->devices[idx].after, name, r, eb);
}

/* [a-z0-9]+ words joined by single '-' or '.'. */
static bool
visit_id_ok(const char *id)
{
	size_t	i, n = strlen(id);

	if (n == 0 || n >= VISIT_NAME_MAX)
		return false;
	for (i = 0; i < n; i++) {
		if (islower((unsigned char)id[i]) ||
		    isdigit((unsigned char)id[i]))
			continue;
		if ((id[i] == '-' || id[i] == '.') && i > 0 && i + 1 < n &&
		    id[i + 1] != '-' && id[i + 1] != '.')
			continue;
		return false;
	}
	return true;
}

int
visit_phase_index(const char *phase)
{
	return visit_lookup(visit_phases, phase);
}

const char *
visit_phase_name(int idx)
{
	if (idx < 0 || (size_t)idx >= sizeof visit_phases /
	    sizeof visit_phases[0])
		return NULL;
	return visit_phases[idx];
}

long
visit_step_find(const struct visit *v, const char *id)
{
	size_t	i;

	for (i = 0; i < v->nsteps; i++)
		if (strcmp(v->steps[i].id, id) == 0)
			return (long)i;
	return -1;
}

enum ls_err
visit_step_add(struct visit *v, const char *id, const char *phase,
    const char *title, size_t *idx, struct ls_errbuf *eb)
{
	struct visit_step	*s;
	char			 safe[VISIT_NAME_MAX];

	visit_copy(safe, sizeof safe, id);
	if (!visit_id_ok(id))
		return ls_err_set(eb, LS_EINPUT, "bad step id '%s' (want "
		    "lower-case words joined by '-' or '.')", safe);
	if (visit_phase_index(phase) < 0) {
		visit_copy(safe, sizeof safe, phase);
		return ls_err_set(eb, LS_EINPUT, "unknown phase '%s'", safe);
	}
	if (visit_step_find(v, id) >= 0)
		return ls_err_set(eb, LS_EINPUT, "duplicate step id '%s'",
		    safe);
	if (v->nsteps >= VISIT_MAX_STEPS)
		return ls_err_set(eb, LS_ENOMEM, "more than %d steps",
		    VISIT_MAX_STEPS);
	s = &v->steps[v->nsteps];
	memset(s, 0, sizeof *s);
	snprintf(s->id, sizeof s->id, "%s", id);
	snprintf(s->phase, sizeof s->phase, "%s", phase);
	visit_copy(s->title, sizeof s->title, title);
	s->status = VS_PENDING;
	if (idx != NULL)
		*idx = v->nsteps;
	v->nsteps++;
	return LS_OK;
}

enum ls_err
visit_step_start(struct visit *v, size_t idx, uint64_t at_us,
    struct ls_errbuf *eb)
{
	struct visit_step	*s;

	if (idx >= v->nsteps)
		return ls_err_set(eb, LS_EINTERNAL, "no step %zu", idx);
	s = &v->steps[idx];
	if (s->status != VS_PENDING && s->status != VS_RUNNING)
		return ls_err_set(eb, LS_EINPUT, "step '%s' already finished",
		    s->id);
	s->status = VS_RUNNING;
	s->started_us = at_us;
	return LS_OK;
}

enum ls_err
visit_step_finish(struct visit *v, size_t idx, enum visit_status st,
    uint64_t at_us, const char *note, struct ls_errbuf *eb)
{
	struct visit_step	*s;

	if (idx >= v->nsteps)
		return ls_err_set(eb, LS_EINTERNAL, "no step %zu", idx);
	if (st != VS_PASSED && st != VS_FAILED && st != VS_SKIPPED &&
	    st != VS_BLOCKED)
		return ls_err_set(eb, LS_EINTERNAL, "step finish with status "
		    "%d", (int)st);
	s = &v->steps[idx];
	s->status = st;
	s->finished_us = at_us;
	if (note != NULL)
		visit_copy(s->note, sizeof s->note, note);
	return LS_OK;
}

enum ls_err
visit_step_evidence(struct visit *v, size_t idx, const char *name,
    const struct reading *r, struct ls_errbuf *eb)
{
	if (idx >= v->nsteps)
		return ls_err_set(eb, LS_EINTERNAL, "no step %zu", idx);
	return visit_rset_put(&v->steps[idx].evidence, name, r, eb);
}

void
visit_step_note(struct visit *v, size_t idx, const char *note)
{
	if (idx < v->nsteps)
		visit_copy(v->steps[idx].note, sizeof v->steps[idx].note, note);
}

enum ls_err
visit_step_skip(struct visit *v, size_t idx, const char *why,
    struct ls_errbuf *eb)
{
	static const char *const ok[] = {
		"", "technician", "not-applicable", "not-attested", NULL
	};
	size_t	i;

	if (idx >= v->nsteps)
		return ls_err_set(eb, LS_EINPUT, "no step %zu", idx);
	for (i = 0; ok[i] != NULL; i++)
		if (strcmp(ok[i], why) == 0) {
			snprintf(v->steps[idx].skip, sizeof v->steps[idx].skip,
			    "%s", why);
			return LS_OK;
		}
	return ls_err_set(eb, LS_EINPUT, "step %s: bad skip reason",
	    v->steps[idx].id);
}

enum ls_err
visit_set_remedy(struct visit *v, const char *id, const char *advised,
    const char *by, const char *reason, uint64_t at_us,
    struct ls_errbuf *eb)
{
	enum profile_remedy	r;
	bool			tech;

	if (!profile_remedy_from_name(id, &r) ||
	    !profile_remedy_from_name(advised, &r))
		return ls_err_set(eb, LS_EINPUT, "bad remedy");
	tech = strcmp(by, "technician") == 0;
	if (!tech && strcmp(by, "triage-accepted") != 0)
		return ls_err_set(eb, LS_EINPUT, "bad remedy chooser '%s'",
		    by);
	if (tech && (reason == NULL || reason[0] == '\0'))
		return ls_err_set(eb, LS_EINPUT, "remedy %s: a choice other "
		    "than the triage's advice needs a reason", id);
	memset(&v->remedy, 0, sizeof v->remedy);
	v->remedy.set = true;
	visit_copy(v->remedy.id, sizeof v->remedy.id, id);
	visit_copy(v->remedy.advised, sizeof v->remedy.advised, advised);
	visit_copy(v->remedy.by, sizeof v->remedy.by, by);
	visit_copy(v->remedy.reason, sizeof v->remedy.reason,
	    reason != NULL ? reason : "");
	v->remedy.at_us = at_us;
	return LS_OK;
}

void
visit_triage_clear(struct visit *v)
{
	v->ntriage = 0;
}

void
visit_triage_add(struct visit *v, const char *id, const char *remedy,
    const char *text)
{
	struct visit_advice	*a;

	if (v->ntriage == VISIT_TRIAGE_MAX)
		return;
	a = &v->triage[v->ntriage++];
	visit_copy(a->id, sizeof a->id, id);
	visit_copy(a->remedy, sizeof a->remedy, remedy);
	visit_copy(a->text, sizeof a->text, text);
}

void
visit_set_outcome(struct visit *v, enum visit_outcome o, const char *text,
    uint64_t finished_us)
{
	v->outcome = o;
	visit_copy(v->outcome_text, sizeof v->outcome_text, text);
	v->finished_us = finished_us;
}

/* Merge neighbours pairwise: half the samples, twice the width. */
static void
visit_signal_halve(struct visit_signal *sig)
{
	size_t	i, k;

	for (i = 0, k = 0; i < sig->n; i += 2, k++) {
		sig->s[k] = sig->s[i];
		if (i + 1 < sig->n) {
			sig->s[k].heard += sig->s[i + 1].heard;
			sig->s[k].sum += sig->s[i + 1].sum;
		}
	}
	sig->n = k;
	sig->width_ms *= 2;
}

enum ls_err
visit_signal_add(struct visit *v, uint32_t base_ms, uint64_t at_us,
    uint32_t heard, int64_t sum, struct ls_errbuf *eb)
{
	struct visit_signal	*sig = &v->signal;
	struct visit_sample	*last;
	int			 pass;

	if (base_ms == 0 || base_ms > 3600 * 1000 || heard > 1000000 ||
	    (heard == 0 && sum != 0) || (heard > 0 &&
	    (sum < -127 * (int64_t)heard || sum > 20 * (int64_t)heard)))
		return ls_err_set(eb, LS_EINPUT, "bad signal sample");
	if (sig->n == 0)
		sig->base_ms = sig->width_ms = base_ms;
	for (pass = 0; sig->n > 0 && pass < 2; pass++) {
		last = &sig->s[sig->n - 1];
		if (at_us < last->at_us)
			return LS_OK;		/* out of order: dropped */
		if (at_us - last->at_us < (uint64_t)sig->width_ms * 1000) {
			last->heard += heard;
			last->sum += sum;
			return LS_OK;
		}
		if (sig->n < VISIT_SIGNAL_MAX || sig->width_ms > UINT32_MAX / 2)
			break;
		visit_signal_halve(sig);
	}
	if (sig->n == VISIT_SIGNAL_MAX)
		return LS_OK;			/* width at its cap */
	sig->s[sig->n].at_us = at_us;
	sig->s[sig->n].heard = heard;
	sig->s[sig->n].sum = sum;
	sig->n++;
	return LS_OK;
}

bool
visit_signal_mean(const struct visit_signal *sig, size_t i, int *dbm)
{
	double	m;

	if (i >= sig->n || sig->s[i].heard == 0)
		return false;
	m = (double)sig->s[i].sum / sig->s[i].heard;
	*dbm = (int)(m < 0 ? m - 0.5 : m + 0.5);
	return true;
}

static bool
visit_word_in(const char *w, size_t n, const char *const *tab)
{
	size_t	i;

	for (i = 0; tab[i] != NULL; i++)
		if (strlen(tab[i]) == n && memcmp(tab[i], w, n) == 0)
			return true;
	return false;
}

static bool
visit_word_has(const char *w, size_t n, const char *const *parts)
{
	size_t	i, k, pl;

	for (i = 0; parts[i] != NULL; i++) {
		pl = strlen(parts[i]);
		for (k = 0; k + pl <= n; k++)
			if (memcmp(w + k, parts[i], pl) == 0)
				return true;
	}
	return false;
}

bool
visit_reading_name_ok(const char *name, const struct reading *r,
    struct ls_errbuf *eb)
{
	const char	*w, *last = name;
	size_t		 i, n = strlen(name), wl, lastlen = 0;
	bool		 sensitive = false;
	char		 safe[VISIT_NAME_MAX];

	visit_copy(safe, sizeof safe, name);
	if (n == 0 || n >= VISIT_NAME_MAX || !islower((unsigned char)name[0]))
		goto bad;
	for (i = 0; i < n; i++)
		if (!islower((unsigned char)name[i]) &&
		    !isdigit((unsigned char)name[i]) && name[i] != '_' &&
		    name[i] != '.' && name[i] != '-')
			goto bad;
	for (w = name; *w != '\0'; w += wl) {
		while (*w == '_' || *w == '.' || *w == '-')
			w++;
		wl = strcspn(w, "_.-");
		if (wl == 0)
			break;
		if (visit_word_in(w, wl, visit_secret_words) ||
		    visit_word_has(w, wl, visit_secret_parts))
			sensitive = true;
		last = w;
		lastlen = wl;
	}
	if (!sensitive)
		return true;
	if (!visit_word_in(last, lastlen, visit_count_words))
		goto secret;
	/* A yes/no ("temporary_codes_removed": true) holds no secret. */
	if (r == NULL || !reading_has_value(r) ||
	    (r->kind == RD_INT && r->i >= 0) || r->kind == RD_BOOL)
		return true;
secret:
	ls_err_set(eb, LS_EINPUT, "reading '%s' could carry a secret: only "
	    "counts of codes, keys or passwords are recorded (name ending "
	    "in _count, _slots, _active, _removed or _used, integer or yes/no "
	    "value)",
	    safe);
	return false;
bad:
	ls_err_set(eb, LS_EINPUT, "bad reading name '%s' (want [a-z0-9_.-], "
	    "starting with a letter, at most %d characters)", safe,
	    VISIT_NAME_MAX - 1);
	return false;
}

enum ls_err
visit_rset_put(struct visit_rset *set, const char *name,
    const struct reading *r, struct ls_errbuf *eb)
{
	struct visit_named	*nv = NULL;
	size_t			 i;

	if (!visit_reading_name_ok(name, r, eb))
		return LS_EINPUT;
	for (i = 0; i < set->n; i++)
		if (strcmp(set->v[i].name, name) == 0)
			nv = &set->v[i];
	if (nv == NULL) {
		if (set->n >= VISIT_MAX_READINGS)
			return ls_err_set(eb, LS_ENOMEM, "more than %d "
			    "readings in one set", VISIT_MAX_READINGS);
		nv = &set->v[set->n++];
	}
	snprintf(nv->name, sizeof nv->name, "%s", name);
	nv->r = *r;
	/* Strings in a reading are shown and reported: keep them printable. */
	visit_copy(nv->r.text, sizeof nv->r.text, r->text);
	visit_copy(nv->r.source, sizeof nv->r.source, r->source);
	visit_copy(nv->r.reason, sizeof nv->r.reason, r->reason);
	return LS_OK;
}

const struct reading *
visit_rset_get(const struct visit_rset *set, const char *name)
{
	size_t	i;

	for (i = 0; i < set->n; i++)
		if (strcmp(set->v[i].name, name) == 0)
			return &set->v[i].r;
	return NULL;
}

const char *
visit_status_name(enum visit_status s)
{
	if ((size_t)s >= sizeof visit_status_names /
	    sizeof visit_status_names[0])
		return NULL;
	return visit_status_names[s];
}

bool
visit_status_parse(const char *s, enum visit_status *out)
{
	size_t	i;

	for (i = 0; i < sizeof visit_status_names /
	    sizeof visit_status_names[0]; i++)
		if (strcmp(visit_status_names[i], s) == 0) {
			*out = (enum visit_status)i;
			return true;
		}
	return false;
}

const char *
visit_outcome_name(enum visit_outcome o)
{
	if ((size_t)o >= sizeof visit_outcome_names /
	    sizeof visit_outcome_names[0])
		return NULL;
	return visit_outcome_names[o];
}

bool
visit_outcome_parse(const char *s, enum visit_outcome *out)
{
	size_t	i;

	for (i = 1; i < sizeof visit_outcome_names /
	    sizeof visit_outcome_names[0]; i++)
		if (strcmp(visit_outcome_names[i], s) == 0) {
			*out = (enum visit_outcome)i;
			return true;
		}
	return false;
}

cJSON *
visit_rset_json(const struct visit_rset *set)
{
	cJSON	*o;
	size_t	 i;

	if ((o = cJSON_CreateObject()) == NULL)
		return NULL;
	for (i = 0; i < set->n; i++)
		cJSON_AddItemToObject(o, set->v[i].name,
		    reading_json(&set->v[i].r));
	return o;
}
