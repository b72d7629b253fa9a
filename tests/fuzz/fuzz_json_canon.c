/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_json_canon.c - libFuzzer harness for the RFC 8785 canonical form
 * and the strict grammar check (src/util/json_canon.c).
 *
 * Checked: no crash, no leak; text that passes jcs_strict parses with
 * cJSON; its canonical form passes jcs_strict too and is a fixed point
 * (canonicalising it again gives the same bytes) and is NUL-terminated;
 * the first 8 bytes read as a double print in a form strtod reads back
 * exactly.  Corpus: tests/fuzz/corpus/json_canon/.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "util/json_canon.h"

#define FZ_MAX	(1u << 20)

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fz_number(const uint8_t *p, size_t n)
{
	char	out[32];
	double	d;

	if (n < 8)
		return;
	memcpy(&d, p, sizeof d);
	if (!jcs_number(d, out, sizeof out)) {
		if (isfinite(d))
			abort();
		return;
	}
	if (strlen(out) >= sizeof out || strtod(out, NULL) != d)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *p, size_t n)
{
	const char	*why;
	cJSON		*tree, *again;
	char		*c1, *c2;
	size_t		 off, l1, l2;

	if (n > FZ_MAX)
		return 0;
	fz_number(p, n);
	if (!jcs_strict((const char *)p, n, &off, &why)) {
		if (why == NULL || off > n)
			abort();
		return 0;
	}
	if ((tree = cJSON_ParseWithLength((const char *)p, n)) == NULL)
		abort();
	if (jcs_canonical(tree, NULL, 4 * FZ_MAX, &c1, &l1, NULL) == LS_OK) {
		if (c1[l1] != '\0' || !jcs_strict(c1, l1, &off, &why))
			abort();
		if ((again = cJSON_ParseWithLength(c1, l1)) == NULL)
			abort();
		if (jcs_canonical(again, NULL, 4 * FZ_MAX, &c2, &l2,
		    NULL) != LS_OK || l1 != l2 || memcmp(c1, c2, l1) != 0)
			abort();
		free(c2);
		cJSON_Delete(again);
		free(c1);
	}
	cJSON_Delete(tree);
	return 0;
}
