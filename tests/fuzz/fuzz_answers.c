/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_answers.c - libFuzzer harness for the batch answers parser
 * (src/visit/answers.c).  Corpus: tests/fuzz/corpus/answers/.
 *
 * Checks: every outcome is LS_OK or LS_EINPUT with a message; accepted
 * answers respect the caps and never keep a text field that the code
 * guard flags (text_may_be_code: a run of ANS_DIGIT_RUN digits that is
 * not a year or an ISO date) outside site and work order.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"
#include "visit/answers.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fz_no_run(const char *s)
{
	if (text_may_be_code(s))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct answers	a;
	struct ls_errbuf	eb;
	enum ls_err		e;
	size_t			i;

	ls_err_clear(&eb);
	e = answers_parse("fuzz", (const char *)data, size, &a, &eb);
	if (e != LS_OK) {
		if (e != LS_EINPUT || eb.msg[0] == '\0')
			abort();
		return 0;
	}
	if (a.nsteps > ANS_MAX_STEPS || a.technician[0] == '\0')
		abort();
	fz_no_run(a.technician);
	fz_no_run(a.ownership_method);
	fz_no_run(a.remedy_reason);
	if (a.remedy_given && profile_remedy_name(a.remedy) == NULL)
		abort();
	for (i = 0; i < a.nsteps; i++) {
		fz_no_run(a.steps[i].note);
		if (a.steps[i].codes_active < 0 ||
		    a.steps[i].codes_active > ANS_COUNT_MAX ||
		    answers_step(&a, a.steps[i].id) != &a.steps[i])
			abort();
	}
	return 0;
}
