/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_default_adapter.c - libFuzzer harness for the default adapter's
 * parsers and choice (adapters/default_adapter.c): an input is read
 * both as a LOCKSCOPE_TEST_ADAPTERS list and as a doctor probe file
 * whose adapters become candidates; the choice over either must name a
 * usable candidate, NUL-terminated, or refuse with a message.  Corpus:
 * tests/fuzz/corpus/default_adapter/.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapters/default_adapter.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_check(const struct default_adapter_cand *c, size_t n)
{
	size_t	i, at = n;

	for (i = 0; i < n; i++)
		if (memchr(c[i].spec, '\0', sizeof c[i].spec) == NULL ||
		    memchr(c[i].note, '\0', sizeof c[i].note) == NULL)
			abort();
	if (default_adapter_pick(c, n, &at) == DEFAULT_ADAPTER_ONE &&
	    (at >= n || !c[at].usable))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *p, size_t n)
{
	static struct default_adapter_cand	c[DEFAULT_ADAPTER_MAX];
	static struct doctor_input		in;
	struct ls_errbuf			eb;
	char					*s, spec[128], why[64];
	size_t					k;

	if ((s = malloc(n + 1)) == NULL)
		return 0;
	memcpy(s, p, n);
	s[n] = '\0';
	k = default_adapter_parse(s, c, DEFAULT_ADAPTER_MAX);
	if (k > DEFAULT_ADAPTER_MAX)
		abort();
	fuzz_check(c, k);
	ls_err_clear(&eb);
	if (default_adapter_find(s, spec, sizeof spec, why, sizeof why,
	    &eb) == LS_OK) {
		if (memchr(spec, '\0', sizeof spec) == NULL)
			abort();
	} else if (eb.msg[0] == '\0')
		abort();

	memset(&in, 0, sizeof in);
	in.nhci = 2;
	snprintf(in.hci[0].name, sizeof in.hci[0].name, "hci0");
	snprintf(in.hci[1].name, sizeof in.hci[1].name, "hci1");
	if (doctor_parse_probe((const char *)p, n, &in, NULL) == LS_OK) {
		k = default_adapter_candidates(&in, c, DEFAULT_ADAPTER_MAX);
		if (k > DEFAULT_ADAPTER_MAX)
			abort();
		fuzz_check(c, k);
	}
	free(s);
	return 0;
}
