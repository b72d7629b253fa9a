/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * kill_at_sync.c - an LD_PRELOAD shim for t_kill_sync.sh: counts the
 * sync points of a run (fsync, fdatasync, rename) and, with
 * LS_KILL_AT=N, kills the process with SIGKILL just before the N-th, as
 * a power cut or kill -9 would land between two durable steps.  With
 * LS_SYNC_LOG=FILE, each sync point appends its name to FILE.  Built by
 * the test itself; not part of lockscope.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static long	kill_seen;

/* LS_KILL_AT as a count; -1 (never) unless it is a decimal number. */
static long
kill_at(const char *s)
{
	char	*end;
	long	 n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || n < 1)
		return -1;
	return n;
}

static void
kill_point(const char *name)
{
	const char	*at = getenv("LS_KILL_AT");
	const char	*log = getenv("LS_SYNC_LOG");
	int		 fd;

	kill_seen++;
	if (log != NULL && (fd = open(log, O_WRONLY | O_APPEND | O_CREAT,
	    0600)) >= 0) {
		(void)!write(fd, name, strlen(name));
		(void)!write(fd, "\n", 1);
		close(fd);
	}
	if (at != NULL && kill_at(at) == kill_seen)
		raise(SIGKILL);
}

int
fsync(int fd)
{
	static int	(*real)(int);

	if (real == NULL)
		real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
	kill_point("fsync");
	return real(fd);
}

int
fdatasync(int fd)
{
	static int	(*real)(int);

	if (real == NULL)
		real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
	kill_point("fdatasync");
	return real(fd);
}

int
rename(const char *a, const char *b)
{
	static int	(*real)(const char *, const char *);

	if (real == NULL)
		real = (int (*)(const char *, const char *))dlsym(RTLD_NEXT,
		    "rename");
	kill_point("rename");
	return real(a, b);
}
