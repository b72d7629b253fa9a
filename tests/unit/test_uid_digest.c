/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_uid_digest.c - unit tests for src/nfc/uid_digest.c: the secret is made
 * once (mode 0600, directories 0700), kept, refused when damaged, found
 * through LOCKSCOPE_UID_KEY, XDG_CONFIG_HOME and HOME in that order; the
 * digest is HMAC-SHA256.
 *
 * Digest vector: HMAC-SHA256 with key 00 01 .. 1f over 04 a1 b2 c3 d4 e5
 * f6, computed independently with Python's hmac module
 * (hmac.new(bytes(range(32)), bytes.fromhex("04a1b2c3d4e5f6"),
 * "sha256").hexdigest()).
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

#include "nfc/uid_digest.h"

static char	uk_dir[64];

static int
uk_setup(void **state)
{
	(void)state;
	snprintf(uk_dir, sizeof uk_dir, "/tmp/uid-digest-test.XXXXXX");
	if (mkdtemp(uk_dir) == NULL)
		return -1;
	unsetenv("LOCKSCOPE_UID_KEY");
	return 0;
}

static int
uk_teardown(void **state)
{
	char	cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", uk_dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
test_create_and_keep(void **state)
{
	uint8_t		a[UID_DIGEST_LEN], b[UID_DIGEST_LEN];
	char		path[256], want[256];
	struct stat	st;

	(void)state;
	snprintf(want, sizeof want, "%s/xdg/lockscope/uid.key", uk_dir);
	snprintf(path, sizeof path, "%s/xdg", uk_dir);
	setenv("XDG_CONFIG_HOME", path, 1);
	assert_int_equal(uid_digest_load(a, path, sizeof path, NULL), LS_OK);
	assert_string_equal(path, want);
	assert_int_equal(stat(want, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, UID_DIGEST_LEN);
	snprintf(path, sizeof path, "%s/xdg/lockscope", uk_dir);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	/* Loaded again: the same secret. */
	assert_int_equal(uid_digest_load(b, NULL, 0, NULL), LS_OK);
	assert_memory_equal(a, b, UID_DIGEST_LEN);
	/* No temporary file left behind. */
	snprintf(path, sizeof path, "ls %s/xdg/lockscope | grep -qv "
	    "'^uid.key$'", uk_dir);
	assert_int_not_equal(system(path), 0);
}

static void
test_env_and_home(void **state)
{
	uint8_t			k[UID_DIGEST_LEN];
	char			path[256], got[256];
	struct ls_errbuf	eb;
	FILE			*f;

	(void)state;
	/* HOME when XDG_CONFIG_HOME is unset or relative. */
	snprintf(path, sizeof path, "%s/home", uk_dir);
	setenv("HOME", path, 1);
	setenv("XDG_CONFIG_HOME", "relative", 1);
	assert_int_equal(uid_digest_load(k, got, sizeof got, NULL), LS_OK);
	snprintf(path, sizeof path, "%s/home/.config/lockscope/uid.key",
	    uk_dir);
	assert_string_equal(got, path);
	/* LOCKSCOPE_UID_KEY wins. */
	snprintf(path, sizeof path, "%s/explicit.key", uk_dir);
	setenv("LOCKSCOPE_UID_KEY", path, 1);
	assert_int_equal(uid_digest_load(k, got, sizeof got, NULL), LS_OK);
	assert_string_equal(got, path);
	/* A damaged key is refused, not replaced. */
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("short", f);
	fclose(f);
	assert_int_equal(chmod(path, 0600), 0);
	ls_err_clear(&eb);
	assert_int_equal(uid_digest_load(k, NULL, 0, &eb), LS_EINPUT);
	assert_non_null(strstr(eb.msg, "not 32 bytes"));
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "%040d", 0);
	fclose(f);
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(uid_digest_load(k, NULL, 0, NULL), LS_EINPUT);
	/* A directory that cannot exist. */
	setenv("LOCKSCOPE_UID_KEY", "/proc/nonexistent/dir/uid.key", 1);
	assert_int_not_equal(uid_digest_load(k, NULL, 0, NULL), LS_OK);
	unsetenv("LOCKSCOPE_UID_KEY");
}

/* A key others may read is refused, as the signing key is (issue 18). */
static void
test_mode_refused(void **state)
{
	uint8_t			k[UID_DIGEST_LEN];
	char			path[256];
	struct ls_errbuf	eb;

	(void)state;
	snprintf(path, sizeof path, "%s/open.key", uk_dir);
	setenv("LOCKSCOPE_UID_KEY", path, 1);
	assert_int_equal(uid_digest_load(k, NULL, 0, NULL), LS_OK);
	assert_int_equal(chmod(path, 0644), 0);
	ls_err_clear(&eb);
	assert_int_equal(uid_digest_load(k, NULL, 0, &eb), LS_EPERM);
	assert_non_null(strstr(eb.msg, "chmod 600"));
	assert_int_equal(chmod(path, 0640), 0);
	assert_int_equal(uid_digest_load(k, NULL, 0, NULL), LS_EPERM);
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(uid_digest_load(k, NULL, 0, NULL), LS_OK);
	unsetenv("LOCKSCOPE_UID_KEY");
}

static void
test_digest(void **state)
{
	static const uint8_t uid[] = { 0x04, 0xa1, 0xb2, 0xc3, 0xd4, 0xe5,
	    0xf6 };
	uint8_t	key[UID_DIGEST_LEN];
	char	out[65];
	size_t	i;

	(void)state;
	for (i = 0; i < UID_DIGEST_LEN; i++)
		key[i] = (uint8_t)i;
	uid_digest_digest(key, uid, sizeof uid, out);
	assert_string_equal(out,
	    "34ebad1fe03df3bfbc7a3b6df1f0ac0a3d12f479"
	    "9273c0f1a36dbf2b1fb092cf");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create_and_keep),
		cmocka_unit_test(test_env_and_home),
		cmocka_unit_test(test_mode_refused),
		cmocka_unit_test(test_digest),
	};

	return cmocka_run_group_tests_name("uid_digest", tests, uk_setup,
	    uk_teardown);
}
