/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * err.h - one error enum for the whole tool, and an error buffer in which
 * the first failure wins.
 *
 * Every fallible function returns an enum ls_err and, when given a non-NULL
 * struct ls_errbuf, describes the failure there.  Later failures never
 * overwrite the first one, so the message a person sees names the root
 * cause, not its consequences (the curl "failf" habit).
 *
 * Bad bytes from a peer, a file or a profile go through LS_MALFORMED(),
 * which also records the source file and line where the problem was first
 * detected (the SQLite SQLITE_CORRUPT_BKPT habit); -v prints it.
 */
#ifndef LS_UTIL_ERR_H
#define LS_UTIL_ERR_H

#include <stddef.h>

enum ls_err {
	LS_OK = 0,
	LS_EUSAGE,		/* bad command line */
	LS_EINPUT,		/* bad input data: file, scenario, profile */
	LS_EMALFORMED,		/* bad bytes from a peer (radio, controller) */
	LS_EUNAVAIL,		/* adapter or device absent or not answering */
	LS_ETIMEOUT,		/* a wait ran out */
	LS_EIO,			/* I/O error */
	LS_EPERM,		/* permission denied */
	LS_ENOMEM,		/* out of memory or over a cap */
	LS_EFAIL,		/* run completed but something failed */
	LS_EINTERNAL		/* programmer error; should not happen */
};

struct ls_errbuf {
	enum ls_err	 code;		/* LS_OK while nothing failed */
	char		 msg[512];	/* human sentence,
					   no trailing newline */
	const char	*file;		/* where first detected
					   (static string) */
	int		 line;
};

/* Reset an error buffer to "no error".  NULL is a no-op. */
void		 ls_err_clear(struct ls_errbuf *);

/*
 * Record an error unless one is already recorded.  eb may be NULL.
 * Returns code, so callers can write "return ls_err_set(eb, ...)".
 */
enum ls_err	 ls_err_set_at(struct ls_errbuf *eb, const char *file, int line,
		    enum ls_err code, const char *fmt, ...)
		    __attribute__((format(printf, 5, 6)));

#define ls_err_set(eb, code, ...) \
	ls_err_set_at((eb), __FILE__, __LINE__, (code), __VA_ARGS__)
#define LS_MALFORMED(eb, ...) \
	ls_err_set_at((eb), __FILE__, __LINE__, LS_EMALFORMED, __VA_ARGS__)

/*
 * Record src's error in dst, where it was first detected included, unless
 * dst already has one (first wins).  Returns src->code; LS_OK (and no
 * change) when src holds no error.  dst may be NULL.
 */
enum ls_err	 ls_err_copy(struct ls_errbuf *dst,
		    const struct ls_errbuf *src);

/*
 * Prefix the recorded message with "what: " (e.g. the file name) so lower
 * layers need not know it.  No-op when no error is recorded.
 */
void		 ls_err_prefix(struct ls_errbuf *, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));

/* Static name of an error code, e.g. "permission denied". */
const char	*ls_err_str(enum ls_err);

/* Exit code for an error code (lockscope(1), EXIT STATUS). */
int		 ls_err_exit(enum ls_err);

/* Map an errno value to the error enum (EACCES -> LS_EPERM, ...). */
enum ls_err	 ls_err_from_errno(int);

#endif
