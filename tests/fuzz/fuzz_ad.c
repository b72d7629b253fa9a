/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_ad.c - libFuzzer harness for the AD parser (src/adv/ad.c) and the
 * display path of what it returns (src/util/text.c).
 *
 * The input is split in two at a point chosen by its first byte: the
 * whole input is parsed as one advertisement, and the two halves as an
 * advertisement and a scan response that are then merged, as devtab does.
 * Every UUID is formatted and every name sanitised and measured; the
 * invariants the rest of the tool relies on are checked with abort().
 * Corpus: tests/fuzz/corpus/ad/ (real lock advertisements laid out as
 * the decoders' sources say, and framing edge cases).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "adv/ad.h"
#include "util/text.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fuzz_ad_check(const struct ad_info *ai)
{
	char	u[37], name[4 * AD_NAME_MAX + 1], small[8];
	size_t	i, n, len;

	if (ai->n_uuids > AD_MAX_UUIDS || ai->n_svcdata > AD_MAX_SVCDATA ||
	    ai->n_mfr > AD_MAX_MFR || ai->name_len > AD_NAME_MAX)
		abort();
	if (memchr(ai->malformed, '\0', sizeof ai->malformed) == NULL)
		abort();
	if ((ai->n_malformed == 0) != (ai->malformed[0] == '\0'))
		abort();
	for (i = 0; i < ai->n_uuids; i++) {
		len = strlen(ad_uuid_str(&ai->uuids[i], u));
		if (len != (ai->uuids[i].len == 16 ? 36u :
		    2u * ai->uuids[i].len))
			abort();
	}
	for (i = 0; i < ai->n_svcdata; i++) {
		if (ai->svcdata[i].len > AD_SVCDATA_MAX)
			abort();
		if (ad_uuid_str(&ai->svcdata[i].uuid, u)[0] == '\0')
			abort();
	}
	for (i = 0; i < ai->n_mfr; i++)
		if (ai->mfr[i].len > AD_MFR_MAX ||
		    ad_find_mfr(ai, ai->mfr[i].company) == NULL)
			abort();
	(void)ad_find_svcdata16(ai, 0xfff6);
	n = text_sanitize(ai->name, ai->name_len, name, sizeof name);
	if (n >= sizeof name || name[n] != '\0' || strlen(name) != n)
		abort();
	for (i = 0; i < n; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
			abort();
	if (text_width(name) > 2 * n)
		abort();
	n = text_sanitize(ai->name, ai->name_len, small, sizeof small);
	if (n >= sizeof small || strlen(small) != n)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *p, size_t n)
{
	struct ad_info	whole, adv, rsp, self;
	size_t		split;

	if (n > 1024)
		return 0;
	ad_parse(p, n, &whole);
	fuzz_ad_check(&whole);
	if (n == 0)
		return 0;
	split = p[0] % n;
	ad_parse(p + 1, split, &adv);
	ad_parse(p + 1 + split, n - 1 - split, &rsp);
	fuzz_ad_check(&adv);
	fuzz_ad_check(&rsp);
	ad_merge(&adv, &rsp);
	fuzz_ad_check(&adv);
	self = adv;
	ad_merge(&adv, &adv);
	if (memcmp(&self, &adv, sizeof adv) != 0)
		abort();
	(void)ad_type_name(p[0]);
	return 0;
}
