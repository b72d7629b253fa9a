/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_std_chars.c - libFuzzer harness for src/gatt/std_chars.c.
 *
 * Byte 0 selects one of the known standard characteristics (mod the
 * table size); the rest is its value, decoded into one stdchar_out and
 * then turned into JSON.  Beyond ASan/UBSan it checks the contract: a
 * failure is LS_EMALFORMED, every text reading is NUL-terminated within
 * its buffer, and the JSON object is produced.
 * Corpus: tests/fuzz/corpus/std_chars/.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "gatt/std_chars.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *p, size_t n)
{
	static const struct stdchar_ctx ctx = { 1, 1795435471000000ull,
	    3600 };
	const struct stdchar_char	*t;
	struct stdchar_out		 o;
	struct ls_errbuf		 eb;
	enum ls_err			 e;
	size_t				 nt;
	cJSON				*j;

	if (n < 1)
		return 0;
	t = stdchar_table(&nt);
	memset(&o, 0, sizeof o);
	ls_err_clear(&eb);
	e = stdchar_decode(t[p[0] % nt].uuid, p + 1, n - 1, &ctx, &o, &eb);
	if (e != LS_OK && e != LS_EMALFORMED)
		abort();
	if (e != LS_OK && eb.code != LS_EMALFORMED)
		abort();
	if (memchr(o.firmware.text, '\0', sizeof o.firmware.text) == NULL ||
	    memchr(o.clock.text, '\0', sizeof o.clock.text) == NULL)
		abort();
	if ((j = stdchar_json(&o)) == NULL)
		abort();
	cJSON_Delete(j);
	return 0;
}
