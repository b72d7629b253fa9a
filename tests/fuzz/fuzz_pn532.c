/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_pn532.c - libFuzzer harness for the emulated PN532's frame parser
 * and command handlers (src/emu/pn532.c).
 *
 * The first byte picks the fault bits; the rest is what a host writes,
 * fed in pieces whose sizes come from the input itself.  Checked: no
 * crash, no over-read, output bounded by the queue cap, every output
 * frame starts with a start code.
 * Corpus: tests/fuzz/corpus/pn532/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "emu/pn532.h"
#include "emu/scenario.h"

#define FZ_SCN "{\"scenario\": 1, \"nfc\": [" \
	"{\"id\": \"t\", \"atqa\": \"0044\", \"sak\": \"00\", " \
	"\"uid\": \"04a1b2c3d4e5f6\", \"get_version\": \"0004040201000f03\", " \
	"\"pages\": \"04a1b29fc3d4e5f604480000e1101200\"}," \
	"{\"id\": \"d\", \"atqa\": \"0344\", \"sak\": \"20\", " \
	"\"uid\": \"04221144aa5b80\", \"ats\": \"067577810280\", " \
	"\"get_version\": \"04010112001a05\", \"aliro\": true}," \
	"{\"id\": \"f\", \"technology\": \"felica\", " \
	"\"uid\": \"0116040011a1b2c3\", \"system_code\": \"0003\"}," \
	"{\"id\": \"b\", \"technology\": \"nfc-b\", \"uid\": \"5a9e13c4\"}]}"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct scn	*fz_scn;

int
LLVMFuzzerTestOneInput(const uint8_t *p, size_t n)
{
	struct pemu	*e;
	const uint8_t	*out;
	size_t		 k, o;

	if (fz_scn == NULL && scn_parse("fuzz.json", FZ_SCN, strlen(FZ_SCN),
	    &fz_scn, NULL) != LS_OK)
		abort();
	if (n == 0 || n > 8192)
		return 0;
	if ((e = pemu_new(fz_scn, p[0] & 0x07)) == NULL)
		abort();
	p++;
	n--;
	while (n > 0) {
		k = 1 + p[0] % 64;
		if (k > n)
			k = n;
		pemu_input(e, p, k);
		p += k;
		n -= k;
		o = pemu_output(e, &out);
		if (o > PEMU_OUT_MAX || (o > 0 && out[0] != 0x00))
			abort();
		pemu_consume(e, o);
	}
	pemu_free(e);
	return 0;
}
