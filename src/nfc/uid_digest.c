/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * uid_digest.c - the per-installation UID secret and keyed digests; see
 * uid_digest.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "nfc/uid_digest.h"
#include "util/hex.h"

/* Make every missing directory of path's parent, mode 0700. */
static enum ls_err
uid_digest_mkdirs(const char *path, struct ls_errbuf *eb)
{
	char	dir[PATH_MAX];
	char	*s;

	if (strlen(path) >= sizeof dir)
		return ls_err_set(eb, LS_EINPUT, "%s: path too long", path);
	snprintf(dir, sizeof dir, "%s", path);
	if ((s = strrchr(dir, '/')) == NULL || s == dir)
		return LS_OK;
	*s = '\0';
	for (s = dir + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(dir, 0700) == -1 && errno != EEXIST)
			return ls_err_set(eb, ls_err_from_errno(errno),
			    "cannot create %s: %s", dir, strerror(errno));
		*s = '/';
	}
	if (mkdir(dir, 0700) == -1 && errno != EEXIST)
		return ls_err_set(eb, ls_err_from_errno(errno),
		    "cannot create %s: %s", dir, strerror(errno));
	return LS_OK;
}

static enum ls_err
uid_digest_path(char *out, size_t cap, struct ls_errbuf *eb)
{
	const char	*env = getenv("LOCKSCOPE_UID_KEY");
	const char	*xdg = getenv("XDG_CONFIG_HOME");
	const char	*home = getenv("HOME");
	int		 n;

	if (env != NULL && *env != '\0')
		n = snprintf(out, cap, "%s", env);
	else if (xdg != NULL && *xdg == '/')
		n = snprintf(out, cap, "%s/lockscope/uid.key", xdg);
	else if (home != NULL && *home != '\0')
		n = snprintf(out, cap, "%s/.config/lockscope/uid.key", home);
	else
		return ls_err_set(eb, LS_EINPUT, "no place for the UID key: "
		    "set HOME, XDG_CONFIG_HOME or LOCKSCOPE_UID_KEY");
	if (n < 0 || (size_t)n >= cap)
		return ls_err_set(eb, LS_EINPUT, "UID key path too long");
	return LS_OK;
}

/* Create path with a fresh secret unless it exists (then LS_OK too). */
static enum ls_err
uid_digest_create(const char *path, struct ls_errbuf *eb)
{
	uint8_t		 key[UID_DIGEST_LEN];
	char		 tmp[PATH_MAX];
	enum ls_err	 e = LS_OK;
	int		 fd;

	if (snprintf(tmp, sizeof tmp, "%s.XXXXXX", path) >= (int)sizeof tmp)
		return ls_err_set(eb, LS_EINPUT, "UID key path too long");
	if ((fd = mkstemp(tmp)) == -1)	/* mode 0600 */
		return ls_err_set(eb, ls_err_from_errno(errno), "cannot "
		    "create the UID key %s: %s", path, strerror(errno));
	randombytes_buf(key, sizeof key);
	if (write(fd, key, sizeof key) != (ssize_t)sizeof key ||
	    fsync(fd) == -1)
		e = ls_err_set(eb, LS_EIO, "cannot write the UID key %s: %s",
		    tmp, strerror(errno));
	sodium_memzero(key, sizeof key);
	if (close(fd) == -1 && e == LS_OK)
		e = ls_err_set(eb, LS_EIO, "cannot write the UID key %s: %s",
		    tmp, strerror(errno));
	/* link(2) never replaces: a key made meanwhile by another run wins. */
	if (e == LS_OK && link(tmp, path) == -1 && errno != EEXIST)
		e = ls_err_set(eb, ls_err_from_errno(errno), "cannot create "
		    "the UID key %s: %s", path, strerror(errno));
	unlink(tmp);
	return e;
}

enum ls_err
uid_digest_load(uint8_t key[UID_DIGEST_LEN], char *path_out, size_t cap,
    struct ls_errbuf *eb)
{
	char		 path[PATH_MAX];
	struct stat	 st;
	uint8_t		 extra;
	enum ls_err	 e;
	ssize_t		 r;
	int		 fd;

	if (sodium_init() < 0)
		return ls_err_set(eb, LS_EINTERNAL, "libsodium did not "
		    "initialise");
	if ((e = uid_digest_path(path, sizeof path, eb)) != LS_OK)
		return e;
	if (path_out != NULL && cap > 0)
		snprintf(path_out, cap, "%s", path);
	if (access(path, F_OK) == -1 && errno == ENOENT) {
		if ((e = uid_digest_mkdirs(path, eb)) != LS_OK ||
		    (e = uid_digest_create(path, eb)) != LS_OK)
			return e;
	}
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC |
	    O_NONBLOCK)) == -1)
		return ls_err_set(eb, ls_err_from_errno(errno), "cannot read "
		    "the UID key %s: %s", path, strerror(errno));
	/* The same rule as the signing key (visit/key.c): a regular file
	   that group and others cannot read. */
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return ls_err_set(eb, LS_EINPUT, "UID key %s is not a regular "
		    "file", path);
	}
	if ((st.st_mode & 077) != 0) {
		close(fd);
		return ls_err_set(eb, LS_EPERM, "UID key %s is accessible by "
		    "others (mode %04o); chmod 600 it", path,
		    (unsigned)(st.st_mode & 07777));
	}
	r = read(fd, key, UID_DIGEST_LEN);
	if (r == UID_DIGEST_LEN && read(fd, &extra, 1) != 0)
		r = -2;
	close(fd);
	if (r != UID_DIGEST_LEN) {
		sodium_memzero(key, UID_DIGEST_LEN);
		return ls_err_set(eb, r == -1 ? LS_EIO : LS_EINPUT, "UID key "
		    "%s: %s", path, r == -1 ? strerror(errno) :
		    "not 32 bytes (remove it to make a new one; digests "
		    "from earlier visits will then differ)");
	}
	return LS_OK;
}

void
uid_digest_digest(const uint8_t key[UID_DIGEST_LEN], const uint8_t *uid,
    size_t n, char out[65])
{
	uint8_t	mac[crypto_auth_hmacsha256_BYTES];

	crypto_auth_hmacsha256(mac, uid, n, key);
	hex_encode(mac, sizeof mac, out);
	sodium_memzero(mac, sizeof mac);
}
