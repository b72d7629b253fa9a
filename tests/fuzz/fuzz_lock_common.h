/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_lock_common.h - the body shared by the lock-decoder harnesses
 * (tests/fuzz/fuzz_lock_<family>.c): the input is advertising data; it
 * is parsed, handed to one decoder, and the result's contract checked.
 * Include once per harness after defining FUZZ_LOCKDEC.
 */
#ifndef LS_TESTS_FUZZ_FUZZ_LOCK_COMMON_H
#define LS_TESTS_FUZZ_FUZZ_LOCK_COMMON_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "adv/ad.h"
#include "adv/decoders/lockdec.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const fuzz_lock_families[] = {
	"homekit", "matter", "ttlock", "nuki", "switchbot", "yale-august",
	"sesame", "tuya", "xiaomi", "airbnk", "schlage", "tedee", "danalock",
	"ultraloq", "igloohome", "noke", "yeelock", "dormakaba",
	"generic",
};

static void
fuzz_lock_check(const struct lockdec_out *o)
{
	size_t	i;
	int	ok = o->family == NULL;

	for (i = 0; !ok && i < sizeof fuzz_lock_families /
	    sizeof fuzz_lock_families[0]; i++)
		ok = strcmp(o->family, fuzz_lock_families[i]) == 0;
	if (!ok)
		abort();
	if (o->pairing_state != NULL &&
	    strcmp(o->pairing_state, LOCKDEC_UNPAIRED) != 0 &&
	    strcmp(o->pairing_state, LOCKDEC_WINDOW) != 0 &&
	    strcmp(o->pairing_state, LOCKDEC_PAIRED) != 0 &&
	    strcmp(o->pairing_state, LOCKDEC_UNKNOWN) != 0)
		abort();
	if (o->battery_percent < -1 || o->battery_percent > 100)
		abort();
	if (o->battery_mv < -1 || o->battery_mv > 100000)
		abort();
	if (memchr(o->model, 0, sizeof o->model) == NULL ||
	    memchr(o->evidence, 0, sizeof o->evidence) == NULL ||
	    memchr(o->lock_state, 0, sizeof o->lock_state) == NULL ||
	    memchr(o->protocol, 0, sizeof o->protocol) == NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *p, size_t n)
{
	static const uint8_t	addr[6] =
	    { 0x01, 0x12, 0x6a, 0x8d, 0x7c, 0xc4 };
	struct ad_info		ad;
	struct lockdec_out	out;

	ad_parse(p, n, &ad);
	lockdec_out_init(&out);
	if (FUZZ_LOCKDEC.decode(&ad, addr, &out))
		fuzz_lock_check(&out);
	return 0;
}

#endif
