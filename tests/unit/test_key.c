/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_key.c - unit tests for src/visit/key.c: file and directory modes
 * whatever the umask, no silent replacement, --force, refusal of a key
 * readable by others, the public key file, fingerprints.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "util/hex.h"
#include "visit/key.h"
#include "tests/unit/visit_test.h"

static void
test_key_file(void **state)
{
	uint8_t		 pk1[KEY_PUBLIC_BYTES], pk2[KEY_PUBLIC_BYTES];
	char		*dir = vt_tmpdir(), path[256], d2[256],
	    fpr[KEY_FPR_LEN];
	char		 hx[65];
	struct stat	 st;
	struct key	*k;
	struct ls_errbuf eb;
	mode_t		 old;
	FILE		*f;
	char		 line[128];

	(void)state;
	old = umask(0);		/* the modes must not depend on the umask */
	snprintf(path, sizeof path, "%s/a/lockscope/technician.key", dir);
	assert_int_equal(key_init(path, false, pk1, NULL), LS_OK);
	umask(old);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	snprintf(d2, sizeof d2, "%s/a/lockscope", dir);
	assert_int_equal(stat(d2, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	ls_err_clear(&eb);
	assert_int_equal(key_init(path, false, pk2, &eb), LS_EINPUT);
	assert_non_null(strstr(eb.msg, "exists"));
	assert_int_equal(key_load(path, &k, NULL), LS_OK);
	assert_memory_equal(key_public(k), pk1, sizeof pk1);
	key_free(k);
	assert_int_equal(key_init(path, true, pk2, NULL), LS_OK);
	assert_memory_not_equal(pk1, pk2, sizeof pk1);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* The file holds the seed; never the public key's text twice. */
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof line, f));
	fclose(f);
	assert_int_equal(strlen(line), 65);
	/* Readable by others: refused. */
	assert_int_equal(chmod(path, 0644), 0);
	ls_err_clear(&eb);
	assert_int_equal(key_load(path, &k, &eb), LS_EPERM);
	assert_non_null(strstr(eb.msg, "chmod 600"));
	snprintf(d2, sizeof d2, "%s/missing.key", dir);
	assert_int_equal(key_load(d2, &k, NULL), LS_EUNAVAIL);
	/* Fingerprint form; public key parsing. */
	key_fingerprint(pk2, fpr);
	assert_int_equal(strlen(fpr), 7 + 8 * 4 + 7);
	assert_memory_equal(fpr, "SHA256:", 7);
	hex_encode(pk2, sizeof pk2, hx);
	assert_int_equal(key_parse_public(hx, pk1, NULL), LS_OK);
	assert_memory_equal(pk1, pk2, sizeof pk1);
	assert_int_equal(key_parse_public("abcd", pk1, NULL), LS_EINPUT);
	/* The public key file, not the secret one, works as --key. */
	snprintf(d2, sizeof d2, "%s/a/lockscope/technician.pub", dir);
	assert_int_equal(stat(d2, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	memset(pk1, 0, sizeof pk1);
	assert_int_equal(key_parse_public(d2, pk1, NULL), LS_OK);
	assert_memory_equal(pk1, pk2, sizeof pk1);
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(key_parse_public(path, pk1, NULL), LS_EINPUT);
	vt_rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
