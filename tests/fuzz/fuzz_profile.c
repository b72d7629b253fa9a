/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_profile.c - libFuzzer harness for the profile loader
 * (src/profile/profile.c): any bytes are parsed and validated; a valid
 * profile is then walked through every accessor and its conditions are
 * evaluated, so a view pointing at freed or unset memory shows up under
 * ASan.  Corpus: tests/fuzz/corpus/profile/ (the shipped profiles, the
 * minimal test profile and every bad file of tests/profiles/bad/).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "profile/profile.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	struct profile		*p = NULL;
	struct ls_errbuf	 eb;
	struct reading		 prev, cur;
	char			 buf[256];
	size_t			 i, k, l;
	volatile size_t		 sink = 0;

	ls_err_clear(&eb);
	if (profile_parse((const char *)data, n, "fuzz", &p, &eb) != LS_OK) {
		if (p != NULL || eb.code == LS_OK || strlen(eb.msg) == 0)
			abort();
		return 0;
	}
	sink += strlen(profile_id(p)) + strlen(profile_vendor(p)) +
	    strlen(profile_family(p));
	for (i = 0; i < profile_n_models(p); i++)
		sink += strlen(profile_model(p, i));
	for (i = 0; i < profile_n_rules(p); i++)
		sink += strlen(profile_rule_str(p, i, buf, sizeof buf));
	for (i = 0; i < profile_n_sources(p); i++) {
		const struct profile_source *s = profile_source(p, i);

		sink += strlen(s->id) + strlen(s->title) + strlen(s->url) +
		    strlen(s->accessed);
	}
	for (i = 0; i < profile_n_firmware_notes(p); i++)
		sink += strlen(profile_firmware_note(p, i));
	if (profile_code_slots(p)->uuid != NULL)
		sink += strlen(profile_code_slots(p)->uuid);
	if (profile_battery(p)->source == NULL)
		abort();
	reading_text(&prev, RD_OBSERVED, "paired", "advertisement", 1);
	reading_int(&cur, RD_OBSERVED, 42, "advertisement", 2);
	for (i = 0; i < profile_n_phases(p); i++) {
		const struct profile_phase *ph = profile_phase_at(p, i);

		if (ph->n_steps == 0 || profile_phase_name(ph->id) == NULL)
			abort();
		for (k = 0; k < ph->n_steps; k++) {
			const struct profile_step *st = &ph->steps[k];

			if (profile_source_find(p, st->source) == NULL ||
			    profile_step_find(p, st->id, NULL) == NULL)
				abort();
			sink += strlen(st->title);
			for (l = 0; l < st->n_instructions; l++)
				sink += strlen(st->instructions[l]);
			if (st->has_verify) {
				sink += strlen(profile_cond_str(&st->verify,
				    buf, sizeof buf));
				sink += profile_cond_eval(&st->verify, &prev,
				    &cur, 1.0);
				sink += profile_cond_eval(&st->verify, NULL,
				    &prev, 1e9);
			}
		}
	}
	(void)sink;
	profile_free(p);
	return 0;
}
