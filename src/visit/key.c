/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * key.c - technician Ed25519 key: create, load, sign, fingerprint.
 *
 * libsodium: crypto_sign_seed_keypair, crypto_sign_detached,
 * crypto_sign_verify_detached, crypto_hash_sha256; the secret key lives
 * in sodium_malloc'd memory and is wiped on free.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "util/durable.h"
#include "util/hex.h"
#include "visit/key.h"

#define KEY_FILE_MAX	256

struct key {
	uint8_t	pk[crypto_sign_PUBLICKEYBYTES];
	uint8_t	sk[crypto_sign_SECRETKEYBYTES];
};

enum ls_err
key_path(char *buf, size_t len, struct ls_errbuf *eb)
{
	const char	*env, *home;
	struct passwd	*pw;
	int		 r;

	if ((env = getenv("LOCKSCOPE_KEY")) != NULL && *env != '\0')
		r = snprintf(buf, len, "%s", env);
	else if ((env = getenv("XDG_CONFIG_HOME")) != NULL && env[0] == '/')
		r = snprintf(buf, len, "%s/lockscope/technician.key", env);
	else {
		home = getenv("HOME");
		if ((home == NULL || home[0] != '/') &&
		    (pw = getpwuid(getuid())) != NULL)
			home = pw->pw_dir;
		if (home == NULL || home[0] != '/')
			return ls_err_set(eb, LS_EINPUT, "no home directory "
			    "for the key (set HOME, XDG_CONFIG_HOME or "
			    "LOCKSCOPE_KEY)");
		r = snprintf(buf, len, "%s/.config/lockscope/technician.key",
		    home);
	}
	if (r < 0 || (size_t)r >= len)
		return ls_err_set(eb, LS_EINPUT, "key path too long");
	return LS_OK;
}

/* mkdir -p for the key's directory; new directories get 0700. */
static enum ls_err
key_mkdirs(const char *path, struct ls_errbuf *eb)
{
	char	dir[PATH_MAX], *p, c;

	if (snprintf(dir, sizeof dir, "%s", path) >= (int)sizeof dir)
		return ls_err_set(eb, LS_EINPUT, "key path too long");
	if ((p = strrchr(dir, '/')) == NULL || p == dir)
		return LS_OK;
	*p = '\0';
	for (p = dir + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		c = *p;
		*p = '\0';
		if (mkdir(dir, 0700) == 0) {
			/* mkdir honours the umask; make it 0700 exactly. */
			if (chmod(dir, 0700) != 0)
				return ls_err_set(eb, LS_EIO, "cannot chmod "
				    "'%s': %s", dir, strerror(errno));
		} else if (errno != EEXIST)
			return ls_err_set(eb, ls_err_from_errno(errno) ==
			    LS_EPERM ? LS_EPERM : LS_EIO, "cannot create "
			    "directory '%s': %s", dir, strerror(errno));
		*p = c;
		if (c == '\0')
			break;
	}
	return LS_OK;
}

enum ls_err
key_pub_path(const char *path, char *buf, size_t len, struct ls_errbuf *eb)
{
	size_t	n = strlen(path);
	int	r;

	if (n > 4 && strcmp(path + n - 4, ".key") == 0)
		r = snprintf(buf, len, "%.*s.pub", (int)(n - 4), path);
	else
		r = snprintf(buf, len, "%s.pub", path);
	if (r < 0 || (size_t)r >= len)
		return ls_err_set(eb, LS_EINPUT, "key path too long");
	return LS_OK;
}

/* The public key file: "lockscope-ed25519 HEX\n", mode 0644. */
static enum ls_err
key_write_pub(const char *path, const uint8_t pk[KEY_PUBLIC_BYTES],
    struct ls_errbuf *eb)
{
	char		 pub[PATH_MAX], tmp[PATH_MAX + 16];
	char		 line[sizeof KEY_PUB_TAG + 2 * KEY_PUBLIC_BYTES + 2];
	char		 hx[2 * KEY_PUBLIC_BYTES + 1];
	enum ls_err	 e;
	int		 fd;

	if ((e = key_pub_path(path, pub, sizeof pub, eb)) != LS_OK)
		return e;
	snprintf(tmp, sizeof tmp, "%s.tmp.XXXXXX", pub);
	if ((fd = mkstemp(tmp)) < 0)
		return ls_err_set(eb, LS_EIO, "cannot create '%s': %s", pub,
		    strerror(errno));
	snprintf(line, sizeof line, "%s %s\n", KEY_PUB_TAG,
	    hex_encode(pk, KEY_PUBLIC_BYTES, hx));
	e = fchmod(fd, 0644) != 0 ? ls_err_set(eb, LS_EIO, "cannot chmod "
	    "'%s': %s", pub, strerror(errno)) : LS_OK;
	if (e == LS_OK)
		e = durable_write_all(fd, line, strlen(line), pub, eb);
	if (e == LS_OK)
		e = durable_sync(fd, false, pub, eb);
	close(fd);
	if (e == LS_OK)
		e = durable_rename(tmp, pub, "public key", eb);
	if (e != LS_OK)
		unlink(tmp);
	return e;
}

/* The key and its public file may be replaced: regular files only. */
static enum ls_err
key_check_outputs(const char *path, struct ls_errbuf *eb)
{
	char		pub[PATH_MAX];
	enum ls_err	e;

	if ((e = durable_check_output(path, "key", eb)) != LS_OK ||
	    (e = key_pub_path(path, pub, sizeof pub, eb)) != LS_OK)
		return e;
	return durable_check_output(pub, "public key", eb);
}

enum ls_err
key_init(const char *path, bool force, uint8_t pk_out[KEY_PUBLIC_BYTES],
    struct ls_errbuf *eb)
{
	uint8_t		 seed[crypto_sign_SEEDBYTES];
	uint8_t		 pk[crypto_sign_PUBLICKEYBYTES];
	uint8_t		*sk;
	char		 tmp[PATH_MAX], line[2 * sizeof seed + 2];
	enum ls_err	 e;
	int		 fd;

	if (sodium_init() < 0)
		return ls_err_set(eb, LS_EINTERNAL, "cannot initialise "
		    "libsodium");
	if (!force && access(path, F_OK) == 0)
		return ls_err_set(eb, LS_EINPUT, "a key already exists at "
		    "'%s' (--force replaces it)", path);
	if ((e = key_mkdirs(path, eb)) != LS_OK ||
	    (e = key_check_outputs(path, eb)) != LS_OK)
		return e;
	if (snprintf(tmp, sizeof tmp, "%s.tmp.XXXXXX", path) >=
	    (int)sizeof tmp)
		return ls_err_set(eb, LS_EINPUT, "key path too long");
	/* mkstemp: O_CREAT | O_EXCL, mode 0600 whatever the umask. */
	if ((fd = mkstemp(tmp)) < 0)
		return ls_err_set(eb, ls_err_from_errno(errno) == LS_EPERM ?
		    LS_EPERM : LS_EIO, "cannot create key file in '%s': %s",
		    path, strerror(errno));
	if ((sk = sodium_malloc(crypto_sign_SECRETKEYBYTES)) == NULL) {
		e = ls_err_set(eb, LS_ENOMEM, "out of memory");
		goto fail;
	}
	randombytes_buf(seed, sizeof seed);
	crypto_sign_seed_keypair(pk, sk, seed);
	sodium_free(sk);
	hex_encode(seed, sizeof seed, line);
	sodium_memzero(seed, sizeof seed);
	snprintf(line + 2 * sizeof seed, sizeof line - 2 * sizeof seed, "\n");
	e = fchmod(fd, 0600) != 0 ? ls_err_set(eb, LS_EIO, "cannot chmod "
	    "key file: %s", strerror(errno)) : LS_OK;
	if (e == LS_OK)
		e = durable_write_all(fd, line, strlen(line), "key file", eb);
	sodium_memzero(line, sizeof line);
	if (e == LS_OK)
		e = durable_sync(fd, false, "key file", eb);
	if (e != LS_OK)
		goto fail;
	close(fd);
	fd = -1;
	if (force) {
		if ((e = durable_rename(tmp, path, "key", eb)) != LS_OK)
			goto fail;
	} else {
		/* link(2) fails on an existing name: no-replace install. */
		if (link(tmp, path) != 0) {
			e = errno == EEXIST ? ls_err_set(eb, LS_EINPUT, "a key "
			    "already exists at '%s' (--force replaces it)",
			    path) : ls_err_set(eb, LS_EIO, "cannot install key "
			    "'%s': %s", path, strerror(errno));
			goto fail;
		}
		unlink(tmp);
	}
	if ((e = key_write_pub(path, pk, eb)) != LS_OK ||
	    (e = durable_sync_dir(path, eb)) != LS_OK)
		return e;
	if (pk_out != NULL)
		memcpy(pk_out, pk, sizeof pk);
	return LS_OK;
fail:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return e;
}

enum ls_err
key_load(const char *path, struct key **out, struct ls_errbuf *eb)
{
	uint8_t		 seed[crypto_sign_SEEDBYTES];
	char		 buf[KEY_FILE_MAX];
	struct stat	 st;
	struct key	*k;
	ssize_t		 n;
	size_t		 len;
	int		 fd;

	*out = NULL;
	if (sodium_init() < 0)
		return ls_err_set(eb, LS_EINTERNAL, "cannot initialise "
		    "libsodium");
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0) {
		if (errno == ENOENT)
			return ls_err_set(eb, LS_EUNAVAIL, "no technician key "
			    "at '%s' (lockscope key init creates one)", path);
		return ls_err_set(eb, ls_err_from_errno(errno) == LS_EPERM ?
		    LS_EPERM : LS_EIO, "cannot open key '%s': %s", path,
		    strerror(errno));
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return ls_err_set(eb, LS_EINPUT, "key '%s' is not a regular "
		    "file", path);
	}
	if ((st.st_mode & 077) != 0) {
		close(fd);
		return ls_err_set(eb, LS_EPERM, "key '%s' is accessible by "
		    "others (mode %04o); chmod 600 it", path,
		    (unsigned)(st.st_mode & 07777));
	}
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n < 0)
		return ls_err_set(eb, LS_EIO, "cannot read key '%s': %s", path,
		    strerror(errno));
	buf[n] = '\0';
	len = strcspn(buf, "\n");
	buf[len] = '\0';
	if (len != 2 * sizeof seed ||
	    hex_decode(buf, seed, sizeof seed) != (long)sizeof seed) {
		sodium_memzero(buf, sizeof buf);
		return ls_err_set(eb, LS_EINPUT, "'%s' is not a lockscope key "
		    "file", path);
	}
	sodium_memzero(buf, sizeof buf);
	if ((k = sodium_malloc(sizeof *k)) == NULL) {
		sodium_memzero(seed, sizeof seed);
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	}
	crypto_sign_seed_keypair(k->pk, k->sk, seed);
	sodium_memzero(seed, sizeof seed);
	*out = k;
	return LS_OK;
}

void
key_free(struct key *k)
{
	if (k != NULL)
		sodium_free(k);		/* wipes */
}

const uint8_t *
key_public(const struct key *k)
{
	return k->pk;
}

void
key_sign(const struct key *k, const void *m, size_t n,
    uint8_t sig[KEY_SIG_BYTES])
{
	crypto_sign_detached(sig, NULL, m, n, k->sk);
}

bool
key_verify(const uint8_t pk[KEY_PUBLIC_BYTES], const void *m, size_t n,
    const uint8_t sig[KEY_SIG_BYTES])
{
	if (sodium_init() < 0)
		return false;
	return crypto_sign_verify_detached(sig, m, n, pk) == 0;
}

void
key_fingerprint(const uint8_t pk[KEY_PUBLIC_BYTES], char out[KEY_FPR_LEN])
{
	uint8_t	h[crypto_hash_sha256_BYTES];
	char	hx[2 * sizeof h + 1];
	size_t	n;
	int	i;

	crypto_hash_sha256(h, pk, KEY_PUBLIC_BYTES);
	hex_encode(h, 16, hx);
	n = (size_t)snprintf(out, KEY_FPR_LEN, "SHA256:");
	for (i = 0; i < 8 && n < KEY_FPR_LEN; i++)
		n += (size_t)snprintf(out + n, KEY_FPR_LEN - n, "%s%.4s",
		    i > 0 ? ":" : "", hx + 4 * i);
}

enum ls_err
key_parse_public(const char *arg, uint8_t pk[KEY_PUBLIC_BYTES],
    struct ls_errbuf *eb)
{
	char		*buf = NULL, line[2 * KEY_PUBLIC_BYTES + 1];
	const char	*s;
	size_t		 n, len, tl = strlen(KEY_PUB_TAG);
	struct ls_errbuf tmp;

	if (strlen(arg) == 2 * KEY_PUBLIC_BYTES &&
	    hex_decode(arg, pk, KEY_PUBLIC_BYTES) == KEY_PUBLIC_BYTES)
		return LS_OK;
	ls_err_clear(&tmp);
	if (durable_read_file(arg, KEY_FILE_MAX, &buf, &n, &tmp) != LS_OK)
		return ls_err_set(eb, LS_EINPUT, "key '%s': neither 64 hex "
		    "digits nor a readable public key file (%s)", arg, tmp.msg);
	/* Only a public key file: never read a secret key by mistake. */
	if (strncmp(buf, KEY_PUB_TAG, tl) != 0 || buf[tl] != ' ') {
		sodium_memzero(buf, n);
		free(buf);
		return ls_err_set(eb, LS_EINPUT, "key '%s' is not a public key "
		    "file (\"%s HEX\", as 'lockscope key init' writes in "
		    "technician.pub)", arg, KEY_PUB_TAG);
	}
	s = buf + tl + 1;
	len = strcspn(s, " \t\r\n");
	if (len == 2 * KEY_PUBLIC_BYTES) {
		memcpy(line, s, len);
		line[len] = '\0';
	} else
		line[0] = '\0';
	free(buf);
	if (hex_decode(line, pk, KEY_PUBLIC_BYTES) != KEY_PUBLIC_BYTES)
		return ls_err_set(eb, LS_EINPUT, "key '%s': not a public key",
		    arg);
	return LS_OK;
}

enum ls_err
key_check_pair(const char *path, const struct key *k, bool *repaired,
    struct ls_errbuf *eb)
{
	uint8_t		pk[KEY_PUBLIC_BYTES];
	char		pub[PATH_MAX];
	enum ls_err	e;

	*repaired = false;
	if ((e = key_pub_path(path, pub, sizeof pub, eb)) != LS_OK)
		return e;
	if (access(pub, F_OK) == 0 && key_parse_public(pub, pk, NULL) ==
	    LS_OK && memcmp(pk, k->pk, sizeof pk) == 0)
		return LS_OK;
	/* Missing, damaged or the old key's: the key file decides. */
	if ((e = key_write_pub(path, k->pk, eb)) != LS_OK ||
	    (e = durable_sync_dir(path, eb)) != LS_OK)
		return e;
	*repaired = true;
	return LS_OK;
}

/* ---- the trust list ------------------------------------------------- */

enum ls_err
key_trust_path(char *buf, size_t len, struct ls_errbuf *eb)
{
	char		kp[PATH_MAX], copy[PATH_MAX];
	enum ls_err	e;
	int		r;

	if ((e = key_path(kp, sizeof kp, eb)) != LS_OK)
		return e;
	snprintf(copy, sizeof copy, "%s", kp);
	r = snprintf(buf, len, "%s/%s", dirname(copy), KEY_TRUST_FILE);
	if (r < 0 || (size_t)r >= len)
		return ls_err_set(eb, LS_EINPUT, "trust list path too long");
	return LS_OK;
}

/* The keys of the list into *out (malloc'd; *n of them). */
static enum ls_err
key_trust_read(const char *path, uint8_t (**out)[KEY_PUBLIC_BYTES],
    size_t *n, struct ls_errbuf *eb)
{
	uint8_t		(*keys)[KEY_PUBLIC_BYTES];
	char		*buf = NULL, *line, *next, hx[2 * KEY_PUBLIC_BYTES + 1];
	size_t		 len, tl = strlen(KEY_PUB_TAG), lineno = 0;
	struct ls_errbuf tmp;
	struct stat	 st;

	*out = NULL;
	*n = 0;
	if (stat(path, &st) != 0 && errno == ENOENT)
		return LS_OK;
	ls_err_clear(&tmp);
	if (durable_read_file(path, (size_t)KEY_TRUST_MAX * 128, &buf, &len,
	    &tmp) != LS_OK)
		return ls_err_copy(eb, &tmp);
	if ((keys = calloc(KEY_TRUST_MAX, sizeof *keys)) == NULL) {
		free(buf);
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	}
	for (line = buf; line != NULL && *line != '\0'; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		if (line[0] == '\0' || line[0] == '#')
			continue;
		if (strncmp(line, KEY_PUB_TAG, tl) != 0 || line[tl] != ' ' ||
		    strlen(line + tl + 1) != 2 * KEY_PUBLIC_BYTES ||
		    *n >= KEY_TRUST_MAX) {
			free(keys);
			free(buf);
			return ls_err_set(eb, LS_EINPUT, "trust list '%s' line "
			    "%zu: not \"%s HEX\"%s", path, lineno,
			    KEY_PUB_TAG, *n >= KEY_TRUST_MAX ? " (too many "
			    "keys)" : "");
		}
		memcpy(hx, line + tl + 1, sizeof hx);
		if (hex_decode(hx, keys[*n], KEY_PUBLIC_BYTES) !=
		    KEY_PUBLIC_BYTES) {
			free(keys);
			free(buf);
			return ls_err_set(eb, LS_EINPUT, "trust list '%s' line "
			    "%zu: not a public key", path, lineno);
		}
		(*n)++;
	}
	free(buf);
	*out = keys;
	return LS_OK;
}

/* Write n keys as the new list, atomically (mode 0600). */
static enum ls_err
key_trust_write(const char *path, uint8_t (*keys)[KEY_PUBLIC_BYTES],
    size_t n, struct ls_errbuf *eb)
{
	char		 tmp[PATH_MAX + 16], hx[2 * KEY_PUBLIC_BYTES + 1];
	char		 line[sizeof KEY_PUB_TAG + 2 * KEY_PUBLIC_BYTES + 2];
	enum ls_err	 e;
	size_t		 i;
	int		 fd;

	if ((e = key_mkdirs(path, eb)) != LS_OK ||
	    (e = durable_check_output(path, "trust list", eb)) != LS_OK)
		return e;
	if (snprintf(tmp, sizeof tmp, "%s.tmp.XXXXXX", path) >=
	    (int)sizeof tmp)
		return ls_err_set(eb, LS_EINPUT, "trust list path too long");
	if ((fd = mkstemp(tmp)) < 0)
		return ls_err_set(eb, ls_err_from_errno(errno) == LS_EPERM ?
		    LS_EPERM : LS_EIO, "cannot create '%s': %s", tmp,
		    strerror(errno));
	e = fchmod(fd, 0600) != 0 ? ls_err_set(eb, LS_EIO, "cannot chmod "
	    "'%s': %s", tmp, strerror(errno)) : LS_OK;
	for (i = 0; e == LS_OK && i < n; i++) {
		snprintf(line, sizeof line, "%s %s\n", KEY_PUB_TAG,
		    hex_encode(keys[i], KEY_PUBLIC_BYTES, hx));
		e = durable_write_all(fd, line, strlen(line), path, eb);
	}
	if (e == LS_OK)
		e = durable_sync(fd, false, path, eb);
	close(fd);
	if (e == LS_OK)
		e = durable_rename(tmp, path, "trust list", eb);
	if (e != LS_OK) {
		unlink(tmp);
		return e;
	}
	return durable_sync_dir(path, eb);
}

static long
key_trust_find(uint8_t (*keys)[KEY_PUBLIC_BYTES], size_t n,
    const uint8_t pk[KEY_PUBLIC_BYTES])
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (memcmp(keys[i], pk, KEY_PUBLIC_BYTES) == 0)
			return (long)i;
	return -1;
}

enum ls_err
key_trust_add(const char *path, const uint8_t pk[KEY_PUBLIC_BYTES],
    bool *added, struct ls_errbuf *eb)
{
	uint8_t		(*keys)[KEY_PUBLIC_BYTES];
	size_t		 n;
	enum ls_err	 e;

	*added = false;
	if ((e = key_trust_read(path, &keys, &n, eb)) != LS_OK)
		return e;
	if (keys != NULL && key_trust_find(keys, n, pk) >= 0) {
		free(keys);
		return LS_OK;
	}
	if (keys == NULL &&
	    (keys = calloc(KEY_TRUST_MAX, sizeof *keys)) == NULL)
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	if (n >= KEY_TRUST_MAX) {
		free(keys);
		return ls_err_set(eb, LS_EINPUT, "trust list '%s' is full (%d "
		    "keys)", path, KEY_TRUST_MAX);
	}
	memcpy(keys[n++], pk, KEY_PUBLIC_BYTES);
	e = key_trust_write(path, keys, n, eb);
	free(keys);
	*added = e == LS_OK;
	return e;
}

enum ls_err
key_trust_remove(const char *path, const uint8_t pk[KEY_PUBLIC_BYTES],
    struct ls_errbuf *eb)
{
	uint8_t		(*keys)[KEY_PUBLIC_BYTES];
	char		 fpr[KEY_FPR_LEN];
	size_t		 n;
	long		 at;
	enum ls_err	 e;

	if ((e = key_trust_read(path, &keys, &n, eb)) != LS_OK)
		return e;
	if (keys == NULL || (at = key_trust_find(keys, n, pk)) < 0) {
		free(keys);
		key_fingerprint(pk, fpr);
		return ls_err_set(eb, LS_EINPUT, "%s is not in the trust list "
		    "'%s'", fpr, path);
	}
	memmove(keys[at], keys[at + 1], (n - (size_t)at - 1) * sizeof *keys);
	e = key_trust_write(path, keys, n - 1, eb);
	free(keys);
	return e;
}

enum ls_err
key_trust_each(const char *path, key_trust_fn fn, void *arg,
    struct ls_errbuf *eb)
{
	uint8_t		(*keys)[KEY_PUBLIC_BYTES];
	size_t		 n, i;
	enum ls_err	 e;

	if ((e = key_trust_read(path, &keys, &n, eb)) != LS_OK)
		return e;
	for (i = 0; i < n; i++)
		fn(keys[i], arg);
	free(keys);
	return LS_OK;
}

enum ls_err
key_trust_has(const char *path, const uint8_t pk[KEY_PUBLIC_BYTES],
    bool *has, struct ls_errbuf *eb)
{
	uint8_t		(*keys)[KEY_PUBLIC_BYTES];
	size_t		 n;
	enum ls_err	 e;

	*has = false;
	if ((e = key_trust_read(path, &keys, &n, eb)) != LS_OK)
		return e;
	*has = keys != NULL && key_trust_find(keys, n, pk) >= 0;
	free(keys);
	return LS_OK;
}

/*
 * The technician's own public key: from the key itself (it signs, so
 * it decides), else technician.pub when the key cannot be read here.
 */
static bool
key_own_public(uint8_t pk[KEY_PUBLIC_BYTES])
{
	char		 kp[PATH_MAX], pub[PATH_MAX];
	struct key	*k;

	if (key_path(kp, sizeof kp, NULL) != LS_OK)
		return false;
	if (key_load(kp, &k, NULL) == LS_OK) {
		memcpy(pk, key_public(k), KEY_PUBLIC_BYTES);
		key_free(k);
		return true;
	}
	return key_pub_path(kp, pub, sizeof pub, NULL) == LS_OK &&
	    access(pub, F_OK) == 0 && key_parse_public(pub, pk, NULL) == LS_OK;
}

enum ls_err
key_is_trusted(const uint8_t pk[KEY_PUBLIC_BYTES], bool *trusted,
    const char **why, struct ls_errbuf *eb)
{
	uint8_t		own[KEY_PUBLIC_BYTES];
	char		path[PATH_MAX];
	enum ls_err	e;
	struct ls_errbuf tmp;

	*trusted = false;
	*why = NULL;
	if (key_own_public(own) && memcmp(own, pk, sizeof own) == 0) {
		*trusted = true;
		*why = "own key";
		return LS_OK;
	}
	ls_err_clear(&tmp);
	if (key_trust_path(path, sizeof path, &tmp) != LS_OK)
		return LS_OK;	/* no home: no list, nothing trusted */
	if ((e = key_trust_has(path, pk, trusted, eb)) != LS_OK)
		return e;
	if (*trusted)
		*why = "trusted key";
	return LS_OK;
}
