/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_ndef.c - libFuzzer harness for src/nfc/ndef.c and the NDEF part
 * of src/nfc/tag_probe.c.
 *
 * The input is a Type 2 data area (bytes from page 4).  Checked: the
 * TLV finder returns a message inside the input; a parsed message's
 * records point inside its own buffer and add up to no more than the
 * message; the report built from the area holds printable summaries;
 * URI and Text expansion of every payload stays NUL-terminated.
 * Corpus: tests/fuzz/corpus/ndef/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nfc/ndef.h"
#include "nfc/tag_probe.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *p, size_t n)
{
	struct tag_report	 rep;
	struct ndef_msg		 m;
	const uint8_t		*msg;
	char			 s[128], lang[64];
	size_t			 len, i, total = 0;

	if (n > 4096)
		return 0;
	if (ndef_t2_find(p, n, &msg, &len, NULL) == LS_OK && msg != NULL) {
		if (msg < p || msg + len > p + n)
			abort();
		if (ndef_parse(msg, len, &m, NULL) == LS_OK) {
			if (m.n == 0 || m.n > NDEF_MAX_RECORDS)
				abort();
			for (i = 0; i < m.n; i++) {
				total += m.rec[i].type_len + m.rec[i].id_len +
				    m.rec[i].payload_len;
				ndef_uri(m.rec[i].payload,
				    m.rec[i].payload_len, s, sizeof s, NULL);
				if (memchr(s, '\0', sizeof s) == NULL)
					abort();
				ndef_text(m.rec[i].payload,
				    m.rec[i].payload_len, lang, sizeof lang,
				    s, sizeof s, NULL);
				if (memchr(s, '\0', sizeof s) == NULL)
					abort();
			}
			if (total > len)
				abort();
		}
		ndef_msg_release(&m);
	}
	memset(&rep, 0, sizeof rep);
	tag_ndef_report(p, n, &rep);
	if (rep.nrec > NDEF_MAX_RECORDS)
		abort();
	for (i = 0; i < rep.nrec && i < TAG_MAX_RECSUM; i++) {
		if (rep.rec[i].kind == NULL ||
		    memchr(rep.rec[i].what, '\0', sizeof rep.rec[i].what) ==
		    NULL)
			abort();
		for (len = 0; rep.rec[i].what[len] != '\0'; len++)
			if ((unsigned char)rep.rec[i].what[len] < 0x20)
				abort();
	}
	return 0;
}
