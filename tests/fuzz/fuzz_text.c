/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_text.c - libFuzzer harness for src/util/text.c.
 *
 * The first byte picks the output capacity (0-255); the rest is the
 * untrusted text.  Checked: the output is NUL-terminated inside the cap,
 * holds no control byte, is a fixed point of text_sanitize() (so it is
 * valid UTF-8 by the sanitiser's own rules) and its width is bounded.
 * Corpus: tests/fuzz/corpus/text/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/text.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *p, size_t n)
{
	char	*out, *again;
	size_t	 cap, r, r2, i;

	if (n == 0 || n > 4096)
		return 0;
	cap = p[0];
	p++;
	n--;
	/* Exact-size heap buffers so ASan sees any overrun. */
	out = malloc(cap + 1);
	again = malloc(cap + 1);
	if (out == NULL || again == NULL)
		abort();
	r = text_sanitize(p, n, out, cap);
	if (cap == 0) {
		if (r != 0)
			abort();
		goto done;
	}
	if (r >= cap || out[r] != '\0' || strlen(out) != r || r > n)
		abort();
	for (i = 0; i < r; i++)
		if ((unsigned char)out[i] < 0x20 || out[i] == 0x7f)
			abort();
	r2 = text_sanitize((const uint8_t *)out, r, again, cap);
	if (r2 != r || memcmp(out, again, r) != 0)
		abort();
	if (text_width(out) > 2 * r)
		abort();
done:
	free(out);
	free(again);
	return 0;
}
