/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan.c - profile procedure -> engine steps.  The profile's phase and
 * kind lists are the engine's (lockscope-profile(5)), mapped by name so
 * neither depends on the other's enum order.
 */
#include <stdio.h>
#include <string.h>

#include "visit/plan.h"

static enum eng_kind
plan_kind(enum profile_step_kind k)
{
	static const struct {
		enum profile_step_kind	p;
		enum eng_kind		e;
	} map[] = {
		{ PROFILE_KIND_ATTEST, ENG_K_ATTEST },
		{ PROFILE_KIND_PHYSICAL, ENG_K_PHYSICAL },
		{ PROFILE_KIND_EXTERNAL_APP, ENG_K_EXTERNAL },
		{ PROFILE_KIND_MEASURE, ENG_K_MEASURE },
		{ PROFILE_KIND_VERIFY, ENG_K_VERIFY },
	};
	size_t	i;

	for (i = 0; i < sizeof map / sizeof map[0]; i++)
		if (map[i].p == k)
			return map[i].e;
	return ENG_K_ATTEST;
}

enum ls_err
plan_from_profile(const struct profile *p, struct eng_step *out, size_t max,
    size_t *n, struct ls_errbuf *eb)
{
	const struct profile_phase	*ph;
	const struct profile_step	*ps;
	struct eng_step			*s;
	size_t				 i, j, k, len;

	*n = 0;
	for (i = 0; i < profile_n_phases(p); i++) {
		ph = profile_phase_at(p, i);
		for (j = 0; j < ph->n_steps; j++) {
			ps = &ph->steps[j];
			if (*n == max)
				return ls_err_set(eb, LS_EINPUT, "profile %s: "
				    "more than %zu steps", profile_id(p), max);
			s = &out[(*n)++];
			memset(s, 0, sizeof *s);
			snprintf(s->id, sizeof s->id, "%s", ps->id);
			snprintf(s->title, sizeof s->title, "%s", ps->title);
			if (!engine_phase_parse(profile_phase_name(ph->id),
			    &s->phase))
				return ls_err_set(eb, LS_EINTERNAL, "profile "
				    "%s: phase %d", profile_id(p), (int)ph->id);
			s->kind = plan_kind(ps->kind);
			s->time_limit_s = ps->time_limit_s > 0 ?
			    (unsigned)ps->time_limit_s : 0;
			for (k = 0, len = 0; k < ps->n_instructions &&
			    len < sizeof s->instructions; k++)
				len += (size_t)snprintf(s->instructions + len,
				    sizeof s->instructions - len, "%s%s",
				    k > 0 ? "\n" : "", ps->instructions[k]);
			s->remedies = profile_step_remedies(ps, ph->id);
			if (ps->has_verify) {
				s->cond[0] = ps->verify;
				s->ncond = 1;
			}
		}
	}
	return LS_OK;
}
