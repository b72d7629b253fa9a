/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * lockdec_test.h - helpers shared by the lock-decoder unit tests
 * (tests/unit/test_lockdec_<family>.c, one per src/adv/decoders/lockdec_*.c).
 *
 * Each helper takes the decoder under test (a const struct lockdec *)
 * and the device address it is handed, so one file can test one decoder
 * against several addresses.  They turn hex vectors into bytes, run a
 * decoder the way lock.c does (ad_parse, lockdec_out_init, decode), cut
 * vectors short to check that every shortened input still gives a sane
 * result, and check what any result of any decoder must keep: the
 * contract of src/adv/decoders/lockdec.h, as tests/fuzz/fuzz_lock_common.h
 * checks it.
 *
 * It deliberately holds nothing about one family: what a Nuki or a Tuya
 * result must say stays in that family's test file, which passes its own
 * check function where a helper takes one.  Every function is static
 * inline, so a test that uses only some of them still builds with
 * -Wall -Wextra -Werror.  Include after <cmocka.h> (and <setjmp.h>,
 * <stdarg.h>, <stddef.h> before it, as cmocka requires).
 */
#ifndef LS_TESTS_UNIT_LOCKDEC_TEST_H
#define LS_TESTS_UNIT_LOCKDEC_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "adv/ad.h"
#include "adv/decoders/lockdec.h"
#include "util/hex.h"

/* Longest vector a helper copies: more than any AD a test builds. */
#define LOCKDEC_TEST_MAX	256

/*
 * A check run on every result a decoder returned true for; it fails the
 * test through cmocka's assert_*() when the result breaks a rule.
 */
typedef void	(*lockdec_test_check_fn)(const struct lockdec_out *o);

/*
 * Decode the hex string hex (no separators) into b, which holds cap
 * bytes.  Fails the test when hex is not valid hex or does not fit.
 * Returns the number of bytes written.
 */
static inline size_t
lockdec_test_unhex(const char *hex, uint8_t *b, size_t cap)
{
	long	n = hex_decode(hex, b, cap);

	assert_true(n >= 0);
	return (size_t)n;
}

/*
 * Run dec on already parsed advertising data ad (e.g. an advertisement
 * and its scan response merged), seen from address addr (little-endian):
 * o is reset with lockdec_out_init() first, as lock.c does.  Returns
 * what the decoder returns; o holds what it filled.
 */
static inline bool
lockdec_test_run(const struct lockdec *dec, const uint8_t addr[6],
    const struct ad_info *ad, struct lockdec_out *o)
{
	lockdec_out_init(o);
	return dec->decode(ad, addr, o);
}

/*
 * Parse the n bytes of advertising data at p (p may be NULL when n is 0)
 * and run dec on them as lockdec_test_run() does.  ad_parse() never
 * fails (malformed structures are skipped), which is asserted.
 */
static inline bool
lockdec_test_decode(const struct lockdec *dec, const uint8_t addr[6],
    const uint8_t *p, size_t n, struct lockdec_out *o)
{
	struct ad_info	ad;

	assert_int_equal(ad_parse(p, n, &ad), LS_OK);
	return lockdec_test_run(dec, addr, &ad, o);
}

/*
 * lockdec_test_decode() on the advertising data written as hex.  Fails
 * the test when hex is not valid or longer than LOCKDEC_TEST_MAX bytes.
 */
static inline bool
lockdec_test_decode_hex(const struct lockdec *dec, const uint8_t addr[6],
    const char *hex, struct lockdec_out *o)
{
	uint8_t	b[LOCKDEC_TEST_MAX];
	size_t	n = lockdec_test_unhex(hex, b, sizeof b);

	return lockdec_test_decode(dec, addr, b, n, o);
}

/*
 * The pairing state got is one of the LOCKDEC_* strings, want.  Compared
 * by content: identical literals in two objects need not share an
 * address (they do not under ASan).
 */
static inline void
lockdec_test_assert_pairing(const char *got, const char *want)
{
	assert_non_null(got);
	assert_string_equal(got, want);
}

/*
 * got is NULL (the signal says nothing about pairing) or equal to one of
 * a, b, c; pass NULL for the ones a family never reports.
 */
static inline void
lockdec_test_assert_pairing_in(const char *got, const char *a,
    const char *b, const char *c)
{
	if (got == NULL)
		return;
	assert_true((a != NULL && strcmp(got, a) == 0) ||
	    (b != NULL && strcmp(got, b) == 0) ||
	    (c != NULL && strcmp(got, c) == 0));
}

/* Every text field of o is NUL-terminated inside its array. */
static inline void
lockdec_test_assert_terminated(const struct lockdec_out *o)
{
	assert_non_null(memchr(o->model, 0, sizeof o->model));
	assert_non_null(memchr(o->evidence, 0, sizeof o->evidence));
	assert_non_null(memchr(o->lock_state, 0, sizeof o->lock_state));
	assert_non_null(memchr(o->protocol, 0, sizeof o->protocol));
}

/*
 * o's evidence is NUL-terminated and printable: no control character
 * from the payload reaches a terminal.
 */
static inline void
lockdec_test_assert_evidence_printable(const struct lockdec_out *o)
{
	size_t	i;

	assert_non_null(memchr(o->evidence, 0, sizeof o->evidence));
	for (i = 0; o->evidence[i] != '\0'; i++)
		assert_true((unsigned char)o->evidence[i] >= 0x20 &&
		    o->evidence[i] != 0x7f);
}

/*
 * What any result of the decoder of family must keep (the checks of
 * fuzz_lock_common.h): a family, if any, is that one, and only a lock
 * has one; every text field is terminated.  Families add their own,
 * stricter rules (pairing states, battery).
 */
static inline void
lockdec_test_assert_contract(const struct lockdec_out *o,
    const char *family)
{
	if (o->family != NULL)
		assert_string_equal(o->family, family);
	if (!o->is_lock)
		assert_null(o->family);
	lockdec_test_assert_terminated(o);
}

/*
 * A lock of family whose signal tells only what it is: no pairing
 * state, no battery, no lock state, no model, no protocol, nothing
 * encrypted.
 */
static inline void
lockdec_test_assert_bare(const struct lockdec_out *o, const char *family)
{
	assert_true(o->is_lock);
	assert_string_equal(o->family, family);
	assert_null(o->pairing_state);
	assert_int_equal(o->battery_percent, -1);
	assert_int_equal(o->battery_mv, -1);
	assert_string_equal(o->lock_state, "");
	assert_string_equal(o->model, "");
	assert_string_equal(o->protocol, "");
	assert_false(o->encrypted);
}

/*
 * What a decoder that returned false may leave in o: no lock, family,
 * pairing state or battery, nothing encrypted.  Families that promise
 * more (an empty evidence, no vendor) check it themselves.
 */
static inline void
lockdec_test_assert_untouched(const struct lockdec_out *o)
{
	assert_false(o->is_lock);
	assert_null(o->family);
	assert_null(o->pairing_state);
	assert_int_equal(o->battery_percent, -1);
	assert_int_equal(o->battery_mv, -1);
	assert_false(o->encrypted);
}

/*
 * What a decoder that returned false and wrote nothing leaves in o:
 * lockdec_test_assert_untouched(), no vendor and no evidence either.
 */
static inline void
lockdec_test_assert_silent(const struct lockdec_out *o)
{
	lockdec_test_assert_untouched(o);
	assert_null(o->vendor);
	assert_string_equal(o->evidence, "");
}

/*
 * Run dec on every prefix of the n bytes at b, lengths 0 to n
 * inclusive, and run check on each result it returned true for.
 */
static inline void
lockdec_test_prefixes(const struct lockdec *dec, const uint8_t addr[6],
    const uint8_t *b, size_t n, lockdec_test_check_fn check)
{
	struct lockdec_out	o;
	size_t			k;

	for (k = 0; k <= n; k++)
		if (lockdec_test_decode(dec, addr, b, k, &o))
			check(&o);
}

/*
 * Cut the AD structure whose length octet is at offset off of the n
 * bytes at adv to every shorter length, keeping what follows it; then
 * cut the whole buffer at every length below n.  check runs on every
 * result dec returned true for.  Returns how many of the shortened
 * structures were still recognised; when mark is not NULL, *with_mark
 * counts those whose evidence contains mark.
 */
static inline unsigned
lockdec_test_truncations(const struct lockdec *dec, const uint8_t addr[6],
    const uint8_t *adv, size_t n, size_t off, lockdec_test_check_fn check,
    const char *mark, unsigned *with_mark)
{
	uint8_t			buf[LOCKDEC_TEST_MAX];
	struct lockdec_out	o;
	size_t			k, len, rest;
	unsigned		hits = 0;

	if (mark != NULL)
		*with_mark = 0;
	assert_true(n <= sizeof buf && off < n);
	len = adv[off];
	assert_true(off + 1 + len <= n);
	rest = n - (off + 1 + len);
	for (k = 0; k < len; k++) {
		memcpy(buf, adv, off + 1 + k);
		buf[off] = (uint8_t)k;
		memcpy(buf + off + 1 + k, adv + off + 1 + len, rest);
		if (lockdec_test_decode(dec, addr, buf, off + 1 + k + rest,
		    &o)) {
			hits++;
			check(&o);
			if (mark != NULL && strstr(o.evidence, mark) != NULL)
				++*with_mark;
		}
	}
	/* The whole buffer itself is each caller's own positive test. */
	lockdec_test_prefixes(dec, addr, adv, n - 1, check);
	return hits;
}

#endif
