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

enum ls_err
durable_read_file(const char *path, size_t cap, char **out, size_t *len,
    struct ls_errbuf *eb)
{
	struct stat	st;
	enum ls_err	e;
	int		fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		e = ls_err_from_errno(errno);
		if (e != LS_EPERM)
			e = errno == ENOENT ? LS_EINPUT : LS_EIO;
		return ls_err_set(eb, e, "cannot open '%s': %s", path,
		    strerror(errno));
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return ls_err_set(eb, LS_EINPUT, "'%s' is not a regular file",
		    path);
	}
	e = durable_read_fd(fd, path, cap, out, len, eb);
	close(fd);
	return e;
}
