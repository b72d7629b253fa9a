/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_report.c - libFuzzer harness for report verification: the strict
 * JSON check, the cJSON parse, the integrity checks and the RFC 8785
 * canonicaliser (src/visit/report.c report_verify, report_canonical).
 *
 * Checked: no crash, no leak; when the input parses, its canonical form
 * is a fixed point (canonicalising the canonical text again gives the
 * same bytes) and a report that verifies still verifies in canonical
 * form.  Corpus: tests/fuzz/corpus/report/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "visit/report.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *p, size_t n)
{
	struct report_check	 chk;
	enum ls_err		 e;
	cJSON			*tree = NULL, *again;
	char			*c1, *c2;
	size_t			 l1, l2;

	if (n > 1 << 20)
		return 0;
	e = report_verify((const char *)p, n, NULL, &chk, &tree, NULL);
	if (tree == NULL)
		return 0;
	if (report_canonical(tree, false, &c1, &l1, NULL) == LS_OK) {
		if ((again = cJSON_ParseWithLength(c1, l1)) == NULL)
			abort();
		if (report_canonical(again, false, &c2, &l2, NULL) != LS_OK ||
		    l1 != l2 || memcmp(c1, c2, l1) != 0)
			abort();
		free(c2);
		cJSON_Delete(again);
		if (e == LS_OK && report_verify(c1, l1, NULL, &chk, NULL,
		    NULL) != LS_OK)
			abort();
		free(c1);
	}
	cJSON_Delete(tree);
	return 0;
}
