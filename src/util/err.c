/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * err.c - error buffer where the first failure wins; exit code mapping
 * as lockscope(1) EXIT STATUS documents it.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/err.h"

void
ls_err_clear(struct ls_errbuf *eb)
{
	if (eb == NULL)
		return;
	eb->code = LS_OK;
	eb->msg[0] = '\0';
	eb->file = NULL;
	eb->line = 0;
}

enum ls_err
ls_err_set_at(struct ls_errbuf *eb, const char *file, int line,
    enum ls_err code, const char *fmt, ...)
{
	va_list	ap;

	if (eb == NULL || eb->code != LS_OK)
		return code;
	eb->code = code;
	eb->file = file;
	eb->line = line;
	va_start(ap, fmt);
	vsnprintf(eb->msg, sizeof eb->msg, fmt, ap);
	va_end(ap);
	return code;
}

void
ls_err_prefix(struct ls_errbuf *eb, const char *fmt, ...)
{
	char	pre[256], old[sizeof eb->msg];
	size_t	plen, olen;
	va_list	ap;

	if (eb == NULL || eb->code == LS_OK)
		return;
	va_start(ap, fmt);
	vsnprintf(pre, sizeof pre, fmt, ap);
	va_end(ap);
	memcpy(old, eb->msg, sizeof old);
	/* Truncation keeps the start of the message, which matters most. */
	plen = strlen(pre);
	if (plen > sizeof eb->msg - 3)
		plen = sizeof eb->msg - 3;
	memcpy(eb->msg, pre, plen);
	memcpy(eb->msg + plen, ": ", 2);
	olen = strlen(old);
	if (olen > sizeof eb->msg - plen - 3)
		olen = sizeof eb->msg - plen - 3;
	memcpy(eb->msg + plen + 2, old, olen);
	eb->msg[plen + 2 + olen] = '\0';
}

static const struct {
	enum ls_err	 code;
	const char	*str;
	int		 exit;
} ls_err_table[] = {
	{ LS_OK,	 "success",			 0 },
	{ LS_EUSAGE,	 "usage error",			64 },
	{ LS_EINPUT,	 "bad input data",		65 },
	{ LS_EMALFORMED, "malformed data from device",	65 },
	{ LS_EUNAVAIL,	 "unavailable",			69 },
	{ LS_ETIMEOUT,	 "timed out",			69 },
	{ LS_EIO,	 "I/O error",			74 },
	{ LS_EPERM,	 "permission denied",		77 },
	{ LS_ENOMEM,	 "out of memory",		70 },
	{ LS_EFAIL,	 "failed",			 1 },
	{ LS_EINTERNAL,	 "internal error",		70 },
};

const char *
ls_err_str(enum ls_err code)
{
	size_t	i;

	for (i = 0; i < sizeof ls_err_table / sizeof ls_err_table[0]; i++)
		if (ls_err_table[i].code == code)
			return ls_err_table[i].str;
	return "unknown error";
}

int
ls_err_exit(enum ls_err code)
{
	size_t	i;

	for (i = 0; i < sizeof ls_err_table / sizeof ls_err_table[0]; i++)
		if (ls_err_table[i].code == code)
			return ls_err_table[i].exit;
	return 70;
}

enum ls_err
ls_err_from_errno(int e)
{
	switch (e) {
	case EACCES:
	case EPERM:
		return LS_EPERM;
	case ENOENT:
	case ENODEV:
	case ENXIO:
	case EAFNOSUPPORT:
	case EPROTONOSUPPORT:
	case ECONNREFUSED:
	case EHOSTDOWN:
	case ENETDOWN:
	case ERFKILL:
	case EBUSY:
		return LS_EUNAVAIL;
	case ETIMEDOUT:
		return LS_ETIMEOUT;
	case ENOMEM:
		return LS_ENOMEM;
	default:
		return LS_EIO;
	}
}

enum ls_err
ls_err_copy(struct ls_errbuf *dst, const struct ls_errbuf *src)
{
	if (src->code == LS_OK)
		return LS_OK;
	return ls_err_set_at(dst, src->file, src->line, src->code, "%s",
	    src->msg);
}
