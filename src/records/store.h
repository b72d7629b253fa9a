/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store.h - the one interface the service records use to reach a
 * database, and the two backends behind it: SQLite (libsqlite3) for the
 * laptop, PostgreSQL (libpq) for the company's server.
 *
 * The interface is deliberately small: constant SQL run as it is
 * (schema, transactions), and prepared statements whose parameters are
 * all passed as text (or NULL for SQL NULL) and whose columns are all
 * read as text.  Parameters are written "?" in the SQL text; the
 * PostgreSQL backend numbers them ($1, $2 ...) when it prepares.  SQL
 * text is always a constant of the program: input only ever reaches a
 * database as a parameter of a prepared statement.  Both backends take
 * the same SQL: the schema and the queries (records.c) keep to what
 * both accept (TEXT, BIGINT, DOUBLE PRECISION, CAST(? AS TEXT)).
 *
 * Nothing here prints: libpq's notices are swallowed.
 */
#ifndef LS_RECORDS_STORE_H
#define LS_RECORDS_STORE_H

#include <stdbool.h>

#include "util/err.h"

struct store;
struct store_stmt;

/* One backend: the functions store.c dispatches to. */
struct store_ops {
	const char	*name;		/* "sqlite" or "postgresql" */
	enum ls_err	(*open)(const char *target, void **h,
			    struct ls_errbuf *);
	void		(*close)(void *h);
	enum ls_err	(*exec)(void *h, const char *sql, struct ls_errbuf *);
	const char	*begin_schema;	/* SQL: a transaction no other
					   client's schema change can run
					   beside */
	enum ls_err	(*prepare)(void *h, const char *sql, void **st,
			    struct ls_errbuf *);
	enum ls_err	(*run)(void *st, int n, const char *const *params,
			    struct ls_errbuf *);
	enum ls_err	(*next)(void *st, bool *row, struct ls_errbuf *);
	const char	*(*column)(void *st, int i);
	void		(*done)(void *st);
	void		(*finalize)(void *st);
};

extern const struct store_ops	store_sqlite_ops;
extern const struct store_ops	store_pg_ops;

/* True when target names a PostgreSQL server (postgresql:// or
   postgres://), not a file. */
bool		store_is_url(const char *target);

/*
 * Open target: a PostgreSQL connection URI, else the path of an SQLite
 * database file (created, mode 0600, when missing; its directory must
 * exist).  LS_EUNAVAIL when the server cannot be reached, LS_EIO or
 * LS_EPERM when the file cannot be opened, LS_EINPUT when it is not a
 * database.  Free with store_close.
 */
enum ls_err	store_open(const char *target, struct store **,
		    struct ls_errbuf *);

/* Close, finalizing nothing: finalize statements first.  NULL: no-op. */
void		store_close(struct store *);

/* "sqlite" or "postgresql". */
const char	*store_backend(const struct store *);

/* Run constant SQL (no parameters, no rows read). */
enum ls_err	store_exec(struct store *, const char *sql,
		    struct ls_errbuf *);

/*
 * Begin the transaction in which the schema is created or migrated: two
 * programs opening a new database at once take turns (SQLite: BEGIN
 * IMMEDIATE; PostgreSQL: a transaction-scoped advisory lock).
 */
enum ls_err	store_begin_schema(struct store *, struct ls_errbuf *);

/* Prepare constant SQL with "?" parameters.  Free with store_finalize. */
enum ls_err	store_prepare(struct store *, const char *sql,
		    struct store_stmt **, struct ls_errbuf *);

/*
 * Run st with n text parameters (params[i] NULL for SQL NULL; the
 * strings need only live during the call).  Read the rows with
 * store_next, then call store_done (also after an error).
 */
enum ls_err	store_run(struct store_stmt *, int n,
		    const char *const *params, struct ls_errbuf *);

/* The next row: *row true while there is one. */
enum ls_err	store_next(struct store_stmt *, bool *row,
		    struct ls_errbuf *);

/* Column i of the current row as text, NULL for SQL NULL; lives until
   the next store_next or store_done. */
const char	*store_column(struct store_stmt *, int i);

/* Forget the rows of the last run; the statement can run again. */
void		store_done(struct store_stmt *);

/* NULL is a no-op. */
void		store_finalize(struct store_stmt *);

#endif
