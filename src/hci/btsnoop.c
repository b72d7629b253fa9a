/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * btsnoop.c - btsnoop writer (datalink 1002).  See btsnoop.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hci/btsnoop.h"
#include "util/durable.h"

#define BTSNOOP_PKT_MAX	(4 + 65535)	/* an HCI packet: header, data */
#include "hci/hcidef.h"

static const struct btsnoop_filter	*btsnoop_filter;

struct btsnoop {
	const struct btsnoop_filter *filter;
	void		*fstate;	/* the filter's, for this file */
	uint8_t		*copy;		/* what the filter changes */
	FILE		*f;
	char		 path[256];
	uint64_t	 records;
	int		 failed;	/* errno of the first write error */
};

void
btsnoop_set_filter(const struct btsnoop_filter *f)
{
	btsnoop_filter = f;
}

static void
btsnoop_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static enum ls_err
btsnoop_fail(struct btsnoop *s, int e, struct ls_errbuf *eb)
{
	if (s->failed == 0)
		s->failed = e != 0 ? e : EIO;
	return ls_err_set(eb, s->failed == EACCES || s->failed == EPERM ?
	    LS_EPERM : LS_EIO, "cannot write capture '%s': %s", s->path,
	    strerror(s->failed));
}

/*
 * A new file next to path, mode 0600 (mkstemp): the capture is renamed
 * over path as soon as its header is written, so an existing regular file
 * is replaced atomically and a device or FIFO named path never is.
 */
static FILE *
btsnoop_tmp(const char *path, char *tmp, size_t len)
{
	const char	*slash = strrchr(path, '/');
	FILE		*f;
	int		 fd, r;

	if (slash != NULL)
		r = snprintf(tmp, len, "%.*s/.%s.XXXXXX", (int)(slash - path),
		    path, slash + 1);
	else
		r = snprintf(tmp, len, ".%s.XXXXXX", path);
	if (r < 0 || (size_t)r >= len) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0)
		return NULL;
	if ((f = fdopen(fd, "wb")) == NULL) {
		r = errno;
		close(fd);
		unlink(tmp);
		errno = r;
	}
	return f;
}

static void
btsnoop_free(struct btsnoop *s)
{
	if (s->fstate != NULL)
		s->filter->destroy(s->fstate);
	free(s->copy);
	free(s);
}

enum ls_err
btsnoop_create(const char *path, struct btsnoop **out, struct ls_errbuf *eb)
{
	static const uint8_t	magic[8] = { 'b', 't', 's', 'n', 'o', 'o',
				    'p', 0 };
	struct btsnoop		*s;
	uint8_t			 hdr[16];
	char			 tmp[PATH_MAX];
	enum ls_err		 err;
	int			 e;

	*out = NULL;
	if (strlen(path) >= sizeof s->path)
		return ls_err_set(eb, LS_EUSAGE, "capture path too long");
	if ((err = durable_check_output(path, "capture", eb)) != LS_OK)
		return err;
	s = calloc(1, sizeof *s);
	if (s == NULL)
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	snprintf(s->path, sizeof s->path, "%s", path);
	if ((s->filter = btsnoop_filter) != NULL &&
	    ((s->fstate = s->filter->create()) == NULL ||
	    (s->copy = malloc(BTSNOOP_PKT_MAX)) == NULL)) {
		btsnoop_free(s);
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	}
	s->f = btsnoop_tmp(path, tmp, sizeof tmp);
	if (s->f == NULL) {
		e = errno;
		btsnoop_free(s);
		return ls_err_set(eb, e == EACCES || e == EPERM ? LS_EPERM :
		    LS_EIO, "cannot create capture '%s': %s", path,
		    strerror(e));
	}
	memcpy(hdr, magic, sizeof magic);
	btsnoop_be32(hdr + 8, 1);
	btsnoop_be32(hdr + 12, BTSNOOP_DATALINK_H4);
	if (fwrite(hdr, sizeof hdr, 1, s->f) != 1 || fflush(s->f) != 0) {
		btsnoop_fail(s, errno, eb);
		fclose(s->f);
		unlink(tmp);
		btsnoop_free(s);
		return LS_EIO;
	}
	if ((err = durable_rename(tmp, path, "capture", eb)) != LS_OK) {
		fclose(s->f);
		unlink(tmp);
		btsnoop_free(s);
		return err;
	}
	*out = s;
	return LS_OK;
}

enum ls_err
btsnoop_write(struct btsnoop *s, int dir, uint8_t type, const uint8_t *pkt,
    size_t len, uint64_t unix_us, struct ls_errbuf *eb)
{
	uint8_t		rec[24 + 1];
	uint64_t	ts = unix_us + BTSNOOP_EPOCH_DELTA;
	uint32_t	flags = dir ? 1 : 0;

	if (s->failed != 0)
		return btsnoop_fail(s, s->failed, eb);
	if (type == HC_PKT_CMD || type == HC_PKT_EVT)
		flags |= 2;
	btsnoop_be32(rec, (uint32_t)len + 1);
	btsnoop_be32(rec + 4, (uint32_t)len + 1);
	btsnoop_be32(rec + 8, flags);
	btsnoop_be32(rec + 12, 0);
	btsnoop_be32(rec + 16, (uint32_t)(ts >> 32));
	btsnoop_be32(rec + 20, (uint32_t)ts);
	rec[24] = type;
	if (s->filter != NULL && len > 0) {
		if (len > BTSNOOP_PKT_MAX)
			return btsnoop_fail(s, EMSGSIZE, eb);
		memcpy(s->copy, pkt, len);
		s->filter->apply(s->fstate, dir, type, s->copy, len);
		pkt = s->copy;
	}
	if (fwrite(rec, sizeof rec, 1, s->f) != 1 ||
	    (len > 0 && fwrite(pkt, len, 1, s->f) != 1))
		return btsnoop_fail(s, errno, eb);
	s->records++;
	return LS_OK;
}

enum ls_err
btsnoop_close(struct btsnoop *s, struct ls_errbuf *eb)
{
	enum ls_err	err = LS_OK;

	if (s == NULL)
		return LS_OK;
	if (s->failed == 0 && (fflush(s->f) != 0 || fsync(fileno(s->f)) != 0))
		s->failed = errno != 0 ? errno : EIO;
	if (fclose(s->f) != 0 && s->failed == 0)
		s->failed = errno != 0 ? errno : EIO;
	if (s->failed != 0)
		err = btsnoop_fail(s, s->failed, eb);
	btsnoop_free(s);
	return err;
}

uint64_t
btsnoop_records(const struct btsnoop *s)
{
	return s->records;
}
