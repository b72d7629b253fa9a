/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * log.h - diagnostics from the layers below cmd/.
 *
 * Lower layers never write to stdout or stderr.  They call ls_log(), which
 * hands the line to a sink the command layer installed (or drops it when
 * none is installed).  Lines must never carry codes, keys or passcodes.
 */
#ifndef LS_UTIL_LOG_H
#define LS_UTIL_LOG_H

enum ls_log_level {
	LS_LOG_ERROR,
	LS_LOG_WARN,
	LS_LOG_INFO,
	LS_LOG_DEBUG
};

/* A sink receives one formatted line without a trailing newline. */
typedef void	(*ls_log_sink)(enum ls_log_level, const char *line, void *arg);

/* Install a sink (NULL removes it) and the most verbose level it wants. */
void	ls_log_set_sink(ls_log_sink, void *arg, enum ls_log_level max);

/* True when a line at this level would reach the sink. */
int	ls_log_enabled(enum ls_log_level);

void	ls_log(enum ls_log_level, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#endif
