/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_doctor.c - libFuzzer harness for doctor's text parsers
 * (src/doctor/parse.c): the recorded probe file, /proc/PID/status
 * (CapEff) and /proc/modules.  Every input goes through all three, then
 * the checks run over whatever the probe file produced (they must not
 * crash on any input the parser accepts).  Corpus:
 * tests/fuzz/corpus/doctor/.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doctor/doctor.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *p, size_t n)
{
	static struct doctor_input	in;
	static struct doctor_report	rep;
	uint64_t			cap;
	size_t				i;

	memset(&in, 0, sizeof in);
	/* Two adapters the probe file may name. */
	in.nhci = 2;
	snprintf(in.hci[0].name, sizeof in.hci[0].name, "hci0");
	snprintf(in.hci[1].name, sizeof in.hci[1].name, "hci1");
	(void)doctor_parse_capeff((const char *)p, n, &cap);
	doctor_parse_modules((const char *)p, n, &in);
	if (doctor_parse_probe((const char *)p, n, &in, NULL) == LS_OK) {
		if (in.nusb > DOCTOR_MAX_USB || in.nnfc > DOCTOR_MAX_NFC)
			abort();
		for (i = 0; i < in.nnfc; i++)
			if (memchr(in.nfc[i], '\0', sizeof in.nfc[i]) == NULL)
				abort();
		doctor_run(&in, DOCTOR_MODE_KERNEL, &rep);
		doctor_run(&in, DOCTOR_MODE_USB, &rep);
		if (rep.n != 12)
			abort();
	}
	return 0;
}
