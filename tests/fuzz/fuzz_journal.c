/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_journal.c - libFuzzer harness for the journal replay
 * (src/visit/journal.c journal_parse).
 *
 * The input is a journal file.  Checked: no crash, no leak; the scan
 * stays inside the input; a replayed visit respects the model's caps
 * and builds a report whose canonical form is produced.
 * Corpus: tests/fuzz/corpus/journal/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cjson/cJSON.h>

#include "visit/journal.h"
#include "visit/report.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *p, size_t n)
{
	struct journal_scan	 scan;
	struct visit		*v;
	cJSON			*r;
	char			*s;
	size_t			 len;

	if (n > 1 << 20)
		return 0;
	if ((v = visit_new()) == NULL)
		abort();
	if (journal_parse((const char *)p, n, v, &scan, NULL) == LS_OK) {
		if (scan.good_len > n || (scan.torn && scan.good_len +
		    scan.torn_bytes != n))
			abort();
		if (v->nsteps > VISIT_MAX_STEPS ||
		    v->ndevices > VISIT_MAX_DEVICES ||
		    v->nsymptoms > VISIT_MAX_SYMPTOMS)
			abort();
		if ((r = report_build(v, NULL, NULL)) != NULL) {
			if (report_canonical(r, false, &s, &len, NULL) ==
			    LS_OK)
				free(s);
			cJSON_Delete(r);
		}
	}
	visit_free(v);
	return 0;
}
