/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store_sqlite.c - the SQLite backend of store.h (libsqlite3), the
 * laptop's records database.
 *
 * The database runs in WAL mode with synchronous=NORMAL: a commit is
 * atomic and a killed process (or a crash of the program) never leaves
 * a half-written report; after a power cut the last commits may be
 * lost, never half kept.  A second lockscope waits up to 10 s for the
 * other's write to finish.  The file is created mode 0600: reports name
 * sites and technicians.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "records/store.h"

#define STORE_SQLITE_BUSY_MS	10000
#define STORE_SQLITE_RETRY_MS	20	/* between tries of the WAL switch */

struct store_sqlite_stmt {
	sqlite3		*db;
	sqlite3_stmt	*st;
	bool		 pending;	/* run stepped to a row not read */
	int		 rc;		/* the last step's result */
};

static enum ls_err
store_sqlite_err(sqlite3 *db, int rc, const char *what,
    struct ls_errbuf *eb)
{
	enum ls_err	code;

	switch (rc & 0xff) {
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
	case SQLITE_FORMAT:
		code = LS_EINPUT;
		break;
	case SQLITE_PERM:
	case SQLITE_READONLY:
	case SQLITE_AUTH:
		code = LS_EPERM;
		break;
	case SQLITE_NOMEM:
		code = LS_ENOMEM;
		break;
	case SQLITE_CONSTRAINT:
	case SQLITE_ERROR:
	case SQLITE_MISMATCH:
		code = LS_EINPUT;
		break;
	default:
		code = LS_EIO;
		break;
	}
	return ls_err_set(eb, code, "%s: %s", what, db != NULL ?
	    sqlite3_errmsg(db) : sqlite3_errstr(rc));
}

static enum ls_err
store_sqlite_open(const char *target, void **h, struct ls_errbuf *eb)
{
	sqlite3	*db = NULL;
	int	 fd, rc, tries;
	char	*msg = NULL;

	*h = NULL;
	/* Create it 0600 ourselves: sqlite would follow the umask. */
	if ((fd = open(target, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) == -1)
		return ls_err_set(eb, ls_err_from_errno(errno),
		    "cannot open records database '%s': %s", target,
		    strerror(errno));
	close(fd);
	rc = sqlite3_open_v2(target, &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		store_sqlite_err(db, rc, "cannot open records database", eb);
		sqlite3_close(db);
		return eb != NULL ? eb->code : LS_EIO;
	}
	sqlite3_busy_timeout(db, STORE_SQLITE_BUSY_MS);
	/*
	 * Turning a new database to WAL needs it alone, and that wait does
	 * not go through the busy handler: another program creating it at
	 * the same moment answers "locked".  Try again, for as long as the
	 * busy timeout.
	 */
	for (tries = 0; ; tries++) {
		rc = sqlite3_exec(db, "PRAGMA journal_mode=WAL; "
		    "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;", NULL,
		    NULL, &msg);
		if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
			break;
		if (tries * STORE_SQLITE_RETRY_MS >= STORE_SQLITE_BUSY_MS)
			break;
		sqlite3_free(msg);
		msg = NULL;
		sqlite3_sleep(STORE_SQLITE_RETRY_MS);
	}
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
		ls_err_set(eb, LS_EIO, "records database '%s' stayed busy "
		    "(another lockscope is writing it)", target);
		sqlite3_free(msg);
		sqlite3_close(db);
		return LS_EIO;
	}
	if (rc != SQLITE_OK) {
		ls_err_set(eb, (rc & 0xff) == SQLITE_NOTADB ? LS_EINPUT :
		    LS_EIO, "'%s' is not a records database: %s", target,
		    msg != NULL ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		sqlite3_close(db);
		return eb != NULL ? eb->code : LS_EINPUT;
	}
	/*
	 * Keep the WAL file when the last connection closes: a query then
	 * costs no checkpoint, unlink and re-creation of it.
	 */
	rc = 1;
	sqlite3_file_control(db, "main", SQLITE_FCNTL_PERSIST_WAL, &rc);
	*h = db;
	return LS_OK;
}

static void
store_sqlite_close(void *h)
{
	sqlite3_close(h);
}

static enum ls_err
store_sqlite_exec(void *h, const char *sql, struct ls_errbuf *eb)
{
	char	*msg = NULL;
	int	 rc;

	rc = sqlite3_exec(h, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		sqlite3_free(msg);
		return store_sqlite_err(h, rc, "records database", eb);
	}
	return LS_OK;
}

static enum ls_err
store_sqlite_prepare(void *h, const char *sql, void **out,
    struct ls_errbuf *eb)
{
	struct store_sqlite_stmt	*s;
	int				 rc;

	*out = NULL;
	if ((s = calloc(1, sizeof *s)) == NULL)
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	s->db = h;
	rc = sqlite3_prepare_v3(h, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &s->st, NULL);
	if (rc != SQLITE_OK) {
		free(s);
		return store_sqlite_err(h, rc, "records database", eb);
	}
	*out = s;
	return LS_OK;
}

static enum ls_err
store_sqlite_run(void *p, int n, const char *const *params,
    struct ls_errbuf *eb)
{
	struct store_sqlite_stmt	*s = p;
	int				 i, rc;

	sqlite3_reset(s->st);
	sqlite3_clear_bindings(s->st);
	for (i = 0; i < n; i++) {
		if (params[i] == NULL)
			rc = sqlite3_bind_null(s->st, i + 1);
		else
			rc = sqlite3_bind_text(s->st, i + 1, params[i], -1,
			    SQLITE_TRANSIENT);
		if (rc != SQLITE_OK)
			return store_sqlite_err(s->db, rc, "records database",
			    eb);
	}
	/* Step now, so a statement without rows has run when this returns. */
	s->rc = sqlite3_step(s->st);
	if (s->rc != SQLITE_ROW && s->rc != SQLITE_DONE)
		return store_sqlite_err(s->db, s->rc, "records database", eb);
	s->pending = s->rc == SQLITE_ROW;
	return LS_OK;
}

static enum ls_err
store_sqlite_next(void *p, bool *row, struct ls_errbuf *eb)
{
	struct store_sqlite_stmt	*s = p;

	if (s->pending) {
		s->pending = false;
		*row = true;
		return LS_OK;
	}
	*row = false;
	if (s->rc != SQLITE_ROW)
		return LS_OK;
	s->rc = sqlite3_step(s->st);
	if (s->rc == SQLITE_ROW) {
		*row = true;
		return LS_OK;
	}
	if (s->rc != SQLITE_DONE)
		return store_sqlite_err(s->db, s->rc, "records database", eb);
	return LS_OK;
}

static const char *
store_sqlite_column(void *p, int i)
{
	struct store_sqlite_stmt	*s = p;

	if (sqlite3_column_type(s->st, i) == SQLITE_NULL)
		return NULL;
	return (const char *)sqlite3_column_text(s->st, i);
}

static void
store_sqlite_done(void *p)
{
	struct store_sqlite_stmt	*s = p;

	sqlite3_reset(s->st);
	s->pending = false;
	s->rc = SQLITE_DONE;
}

static void
store_sqlite_finalize(void *p)
{
	struct store_sqlite_stmt	*s = p;

	sqlite3_finalize(s->st);
	free(s);
}

const struct store_ops store_sqlite_ops = {
	.name = "sqlite",
	.open = store_sqlite_open,
	.close = store_sqlite_close,
	.exec = store_sqlite_exec,
	.begin_schema = "BEGIN IMMEDIATE",
	.prepare = store_sqlite_prepare,
	.run = store_sqlite_run,
	.next = store_sqlite_next,
	.column = store_sqlite_column,
	.done = store_sqlite_done,
	.finalize = store_sqlite_finalize,
};
