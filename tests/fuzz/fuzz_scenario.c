/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_scenario.c - libFuzzer harness for the scenario loader
 * (src/emu/scenario.c, on util/json_check): any bytes are parsed and
 * validated; a refusal must carry a message naming the file, and a
 * scenario that loads is walked through its accessors, so a record
 * pointing at freed or unset memory shows up under ASan.  Corpus:
 * tests/fuzz/corpus/scenario/ (the test scenarios and the bad ones).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "emu/scenario.h"

#define FZ_MAX	(256u * 1024)

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *p, size_t n)
{
	struct ls_errbuf	 eb;
	struct scn		*s = NULL;
	const struct scn_ble	*d;
	const struct scn_event	*ev;
	char			 u[37];
	size_t			 i, k;
	volatile size_t		 sink = 0;

	if (n > FZ_MAX)
		return 0;
	ls_err_clear(&eb);
	if (scn_parse("fuzz.json", (const char *)p, n, &s, &eb) != LS_OK) {
		if (s != NULL || eb.code == LS_OK ||
		    strncmp(eb.msg, "fuzz.json: ", 11) != 0)
			abort();
		return 0;
	}
	sink += strlen(scn_name(s));
	for (i = 0; i < scn_ble_count(s); i++) {
		d = scn_ble(s, i);
		if (scn_ble_find(s, d->id) != d || d->nstates < 1 ||
		    d->adv.len > SCN_ADV_MAX)
			abort();
		for (k = 0; k < d->nchars; k++)
			sink += strlen(scn_uuid_str(&d->chars[k].uuid, u)) +
			    d->chars[k].len;
		for (k = 0; k < d->nstates; k++)
			if (scn_state_find(d, d->states[k].name) < 0)
				abort();
	}
	for (i = 0; i < scn_nfc_count(s); i++)
		sink += scn_nfc(s, i)->uid_len + scn_nfc(s, i)->pages_len;
	for (i = 0; i < scn_timeline_count(s); i++) {
		ev = scn_timeline(s, i);
		if (ev->dev >= scn_ble_count(s) ||
		    ev->state >= scn_ble(s, ev->dev)->nstates ||
		    (i > 0 && scn_timeline(s, i - 1)->at_ms > ev->at_ms))
			abort();
	}
	(void)sink;
	scn_free(s);
	return 0;
}
