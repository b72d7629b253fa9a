/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * durable.h - the file writes of the visit layer (journal, report, key), with
 * one fault-injection hook for tests.
 *
 * Every write and sync of a journal record, a report or a key file goes
 * through here, so a test can make the n-th write fail or come up short
 * (the SQLite fault-injection habit) and check that no partial file is
 * left behind.  Nothing here prints.
 */
#ifndef LS_UTIL_DURABLE_H
#define LS_UTIL_DURABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "util/err.h"

/*
 * Test hook: called instead of write(2) / fsync(2) when installed (NULL
 * restores the real calls).  Not for production code.
 */
typedef ssize_t	(*durable_write_fn)(int fd, const void *p, size_t n);
typedef int	(*durable_sync_fn)(int fd);
void		durable_set_hooks(durable_write_fn, durable_sync_fn);

/*
 * Write all n bytes (retrying short writes and EINTR).  On failure fills
 * eb with "cannot write WHAT: reason" and returns the error; some bytes
 * may have been written.
 */
enum ls_err	durable_write_all(int fd, const void *p, size_t n,
		    const char *what, struct ls_errbuf *eb);

/* fdatasync (data_only) or fsync; "cannot sync WHAT: reason" on failure. */
enum ls_err	durable_sync(int fd, bool data_only, const char *what,
		    struct ls_errbuf *eb);

/* fsync the directory holding path (after a rename or a create). */
enum ls_err	durable_sync_dir(const char *path, struct ls_errbuf *eb);

/*
 * An output file named on the command line (what: "--out"), checked
 * before anything runs: not empty; when something exists at path (links
 * followed), a regular file, never a directory, device, FIFO or socket;
 * its directory exists and is writable.  An existing regular file is
 * later replaced only by durable_rename().  LS_EUSAGE for the kind of
 * path, LS_EPERM or LS_EIO for the directory.
 */
enum ls_err	durable_check_output(const char *path, const char *what,
		    struct ls_errbuf *eb);

/*
 * True when paths a and b name the same file: the same device and inode
 * where both exist, else the same directory (device and inode) and the
 * same last component.
 */
bool		durable_same_file(const char *a, const char *b);

/*
 * rename(2) of a finished temporary file over path, refusing (LS_EUSAGE)
 * when what is at path now is not a regular file: a device, FIFO, socket
 * or directory is never replaced.  "cannot install WHAT" on failure.
 */
enum ls_err	durable_rename(const char *tmp, const char *path,
		    const char *what, struct ls_errbuf *eb);

/*
 * Open an input file that must be a regular file, read-only: a FIFO,
 * device, socket or directory is refused (LS_EINPUT, "'PATH' is a FIFO,
 * not a regular file") without blocking on it.  A missing file is
 * LS_EINPUT, permission LS_EPERM, else LS_EIO.  Returns the fd, or -1.
 */
int		durable_open_input(const char *path, struct ls_errbuf *eb);

/*
 * Read a whole regular file of at most cap bytes into a malloc'd buffer
 * (NUL-terminated, *len excludes the NUL).  Larger files: LS_EINPUT.
 */
enum ls_err	durable_read_file(const char *path, size_t cap, char **out,
		    size_t *len, struct ls_errbuf *eb);

/* Same from an open fd, from its current offset. */
enum ls_err	durable_read_fd(int fd, const char *what, size_t cap,
		    char **out, size_t *len, struct ls_errbuf *eb);

#endif
