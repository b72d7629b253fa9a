/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * log.c - route diagnostics to the sink the command layer installed.
 */
#include <stdarg.h>
#include <stdio.h>

#include "util/log.h"

static ls_log_sink	 log_sink;
static void		*log_arg;
static enum ls_log_level log_max = LS_LOG_WARN;

void
ls_log_set_sink(ls_log_sink sink, void *arg, enum ls_log_level max)
{
	log_sink = sink;
	log_arg = arg;
	log_max = max;
}

int
ls_log_enabled(enum ls_log_level level)
{
	return log_sink != NULL && level <= log_max;
}

void
ls_log(enum ls_log_level level, const char *fmt, ...)
{
	char	line[1024];
	va_list	ap;

	if (!ls_log_enabled(level))
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	log_sink(level, line, log_arg);
}
