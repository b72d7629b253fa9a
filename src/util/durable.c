/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * durable.c - writes and syncs for the visit layer, with a test hook.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/durable.h"

static durable_write_fn	durable_hook_write;
static durable_sync_fn	durable_hook_sync;

void
durable_set_hooks(durable_write_fn w, durable_sync_fn s)
{
	durable_hook_write = w;
	durable_hook_sync = s;
}

enum ls_err
durable_write_all(int fd, const void *p, size_t n, const char *what,
    struct ls_errbuf *eb)
{
	const char	*c = p;
	ssize_t		 w;

	while (n > 0) {
		w = durable_hook_write != NULL ? durable_hook_write(fd, c, n) :
		    write(fd, c, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return ls_err_set(eb, ls_err_from_errno(errno) ==
			    LS_EPERM ? LS_EPERM : LS_EIO, "cannot write %s: %s",
			    what, strerror(errno));
		if (w == 0)
			return ls_err_set(eb, LS_EIO, "cannot write %s: no "
			    "progress", what);
		c += w;
		n -= (size_t)w;
	}
	return LS_OK;
}

enum ls_err
durable_sync(int fd, bool data_only, const char *what, struct ls_errbuf *eb)
{
	int	r;

	if (durable_hook_sync != NULL)
		r = durable_hook_sync(fd);
	else
		r = data_only ? fdatasync(fd) : fsync(fd);
	if (r != 0)
		return ls_err_set(eb, LS_EIO, "cannot sync %s: %s", what,
		    strerror(errno));
	return LS_OK;
}

enum ls_err
durable_sync_dir(const char *path, struct ls_errbuf *eb)
{
	char	copy[PATH_MAX], *dir;
	int	fd;

	if (snprintf(copy, sizeof copy, "%s", path) >= (int)sizeof copy)
		return ls_err_set(eb, LS_EINPUT, "path too long: %.64s...",
		    path);
	dir = dirname(copy);
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return ls_err_set(eb, ls_err_from_errno(errno) == LS_EPERM ?
		    LS_EPERM : LS_EIO, "cannot open directory '%s': %s", dir,
		    strerror(errno));
	/* Some file systems refuse fsync on a directory; that is not fatal. */
	if (fsync(fd) != 0 && errno != EINVAL && errno != EROFS) {
		close(fd);
		return ls_err_set(eb, LS_EIO, "cannot sync directory '%s': %s",
		    dir, strerror(errno));
	}
	close(fd);
	return LS_OK;
}

/* The kind of file at st, for a refusal. */
static const char *
durable_kind(const struct stat *st)
{
	if (S_ISDIR(st->st_mode))
		return "a directory";
	if (S_ISCHR(st->st_mode))
		return "a character device";
	if (S_ISBLK(st->st_mode))
		return "a block device";
	if (S_ISFIFO(st->st_mode))
		return "a FIFO";
	if (S_ISSOCK(st->st_mode))
		return "a socket";
	return "not a regular file";
}

/* The directory part of path into buf ("." when there is none). */
static enum ls_err
durable_dirname(const char *path, char *buf, size_t len,
    struct ls_errbuf *eb)
{
	char	copy[PATH_MAX];

	if (snprintf(copy, sizeof copy, "%s", path) >= (int)sizeof copy)
		return ls_err_set(eb, LS_EUSAGE, "path too long: %.64s...",
		    path);
	if (snprintf(buf, len, "%s", dirname(copy)) >= (int)len)
		return ls_err_set(eb, LS_EUSAGE, "path too long: %.64s...",
		    path);
	return LS_OK;
}

enum ls_err
durable_check_output(const char *path, const char *what,
    struct ls_errbuf *eb)
{
	char		dir[PATH_MAX];
	struct stat	st;
	enum ls_err	e;
	size_t		n = strlen(path);

	if (n == 0)
		return ls_err_set(eb, LS_EUSAGE, "%s: empty file name", what);
	if (path[n - 1] == '/')
		return ls_err_set(eb, LS_EUSAGE, "%s '%s': a directory, not a "
		    "file", what, path);
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return ls_err_set(eb, LS_EUSAGE, "%s '%s' is %s: refusing to "
		    "replace it (name a regular file)", what, path,
		    durable_kind(&st));
	if ((e = durable_dirname(path, dir, sizeof dir, eb)) != LS_OK)
		return e;
	if (stat(dir, &st) != 0)
		return ls_err_set(eb, errno == EACCES ? LS_EPERM : LS_EIO,
		    "cannot create %s '%s': %s (directory '%s')", what,
		    path, strerror(errno), dir);
	if (!S_ISDIR(st.st_mode))
		return ls_err_set(eb, LS_EUSAGE, "%s '%s': '%s' is not a "
		    "directory", what, path, dir);
	if (access(dir, W_OK | X_OK) != 0)
		return ls_err_set(eb, errno == EACCES || errno == EROFS ?
		    LS_EPERM : LS_EIO, "%s '%s': cannot write in directory "
		    "'%s': %s", what, path, dir, strerror(errno));
	return LS_OK;
}

bool
durable_same_file(const char *a, const char *b)
{
	char		da[PATH_MAX], db[PATH_MAX], ca[PATH_MAX], cb[PATH_MAX];
	struct stat	sa, sb;
	int		ea, eb_;

	ea = stat(a, &sa);
	eb_ = stat(b, &sb);
	if (ea == 0 && eb_ == 0)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	if (ea == 0 || eb_ == 0)
		return false;	/* one exists, the other not: different */
	if (durable_dirname(a, da, sizeof da, NULL) != LS_OK ||
	    durable_dirname(b, db, sizeof db, NULL) != LS_OK)
		return strcmp(a, b) == 0;
	if (stat(da, &sa) != 0 || stat(db, &sb) != 0)
		return strcmp(a, b) == 0;
	if (sa.st_dev != sb.st_dev || sa.st_ino != sb.st_ino)
		return false;
	snprintf(ca, sizeof ca, "%s", a);
	snprintf(cb, sizeof cb, "%s", b);
	return strcmp(basename(ca), basename(cb)) == 0;
}

enum ls_err
durable_rename(const char *tmp, const char *path, const char *what,
    struct ls_errbuf *eb)
{
	struct stat	st;

	/* The command checked before it ran; things may have moved since. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return ls_err_set(eb, LS_EUSAGE, "%s '%s' is %s: refusing to "
		    "replace it", what, path, durable_kind(&st));
	if (rename(tmp, path) != 0)
		return ls_err_set(eb, ls_err_from_errno(errno) == LS_EPERM ?
		    LS_EPERM : LS_EIO, "cannot install %s '%s': %s", what,
		    path, strerror(errno));
	return LS_OK;
}

enum ls_err
durable_read_fd(int fd, const char *what, size_t cap, char **out, size_t *len,
    struct ls_errbuf *eb)
{
	char	*buf = NULL, *nb;
	size_t	 n = 0, sz = 0;
	ssize_t	 r;

	for (;;) {
		if (n + 1 >= sz) {
			if (sz > cap + 1) {
				free(buf);
				return ls_err_set(eb, LS_EINPUT, "%s: larger "
				    "than %zu bytes", what, cap);
			}
			sz = sz == 0 ? 4096 : sz * 2;
			if ((nb = realloc(buf, sz)) == NULL) {
				free(buf);
				return ls_err_set(eb, LS_ENOMEM, "out of "
				    "memory reading %s", what);
			}
			buf = nb;
		}
		r = read(fd, buf + n, sz - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(buf);
			return ls_err_set(eb, LS_EIO, "cannot read %s: %s",
			    what, strerror(errno));
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > cap) {
			free(buf);
			return ls_err_set(eb, LS_EINPUT, "%s: larger than %zu "
			    "bytes", what, cap);
		}
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return LS_OK;
}

int
durable_open_input(const char *path, struct ls_errbuf *eb)
{
	struct stat	st;
	enum ls_err	e;
	int		fd, fl;

	/* O_NONBLOCK: opening a FIFO with no writer must not wait. */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK |
	    O_NOCTTY)) < 0) {
		e = ls_err_from_errno(errno);
		if (e != LS_EPERM)
			e = errno == ENOENT ? LS_EINPUT : LS_EIO;
		ls_err_set(eb, e, "cannot open '%s': %s", path,
		    strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		ls_err_set(eb, LS_EINPUT, "'%s' is %s, not a regular file",
		    path, durable_kind(&st));
		return -1;
	}
	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == -1) {
		close(fd);
		ls_err_set(eb, LS_EIO, "cannot read '%s': %s", path,
		    strerror(errno));
		return -1;
	}
	return fd;
}

enum ls_err
durable_read_file(const char *path, size_t cap, char **out, size_t *len,
    struct ls_errbuf *eb)
{
	enum ls_err	e;
	int		fd;

	if ((fd = durable_open_input(path, eb)) < 0)
		return eb != NULL ? eb->code : LS_EINPUT;
	e = durable_read_fd(fd, path, cap, out, len, eb);
	close(fd);
	return e;
}
