/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store_pg.c - the PostgreSQL backend of store.h (libpq), the company's
 * records server.
 *
 * The target is a libpq connection URI ("postgresql://user@host/db",
 * "postgresql:///db?host=/run/postgresql" for a unix socket).  Each
 * statement is prepared once per connection under its own name; its
 * "?" parameters become $1, $2 ... in order (the SQL is a constant of
 * the program with no "?" inside a literal).  Parameters go as text;
 * the server types them from the columns they meet.  A whole result is
 * read at once (PQexecPrepared): the queries return one row per visit
 * at most.  Notices ("relation already exists, skipping") are
 * swallowed: nothing below the commands prints.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "records/store.h"

#define STORE_PG_SQL_MAX	8192	/* a statement, $n numbered */

struct store_pg {
	PGconn		*conn;
	unsigned	 nstmt;		/* statements prepared: names */
};

struct store_pg_stmt {
	struct store_pg	*pg;
	char		 name[16];
	PGresult	*res;
	int		 row;		/* the current row, -1 before */
};

/* The error code for a failed result: connection lost is "unavailable". */
static enum ls_err
store_pg_err(PGconn *conn, const PGresult *res, struct ls_errbuf *eb)
{
	const char	*state = res != NULL ?
	    PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char	*msg = res != NULL ? PQresultErrorMessage(res) : "";
	char		 buf[400];
	size_t		 n;
	enum ls_err	 code = LS_EIO;

	if (msg == NULL || *msg == '\0')
		msg = PQerrorMessage(conn);
	snprintf(buf, sizeof buf, "%s", msg);
	n = strlen(buf);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	if (PQstatus(conn) != CONNECTION_OK)
		code = LS_EUNAVAIL;
	else if (state != NULL && strncmp(state, "42501", 5) == 0)
		code = LS_EPERM;
	else if (state != NULL && (strncmp(state, "08", 2) == 0 ||
	    strncmp(state, "57", 2) == 0))
		code = LS_EUNAVAIL;
	else if (state != NULL && (strncmp(state, "22", 2) == 0 ||
	    strncmp(state, "23", 2) == 0 || strncmp(state, "42", 2) == 0))
		code = LS_EINPUT;
	return ls_err_set(eb, code, "records server: %s", buf);
}

static void
store_pg_quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

static enum ls_err
store_pg_open(const char *target, void **h, struct ls_errbuf *eb)
{
	struct store_pg	*pg;
	char		 buf[400];
	size_t		 n;

	*h = NULL;
	if ((pg = calloc(1, sizeof *pg)) == NULL)
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	pg->conn = PQconnectdb(target);
	if (pg->conn == NULL || PQstatus(pg->conn) != CONNECTION_OK) {
		snprintf(buf, sizeof buf, "%s", pg->conn != NULL ?
		    PQerrorMessage(pg->conn) : "out of memory");
		n = strlen(buf);
		while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
			buf[--n] = '\0';
		PQfinish(pg->conn);
		free(pg);
		/* The URI may carry a password: never repeat it. */
		return ls_err_set(eb, LS_EUNAVAIL, "cannot connect to the "
		    "records server: %s", buf);
	}
	PQsetNoticeProcessor(pg->conn, store_pg_quiet, NULL);
	*h = pg;
	return LS_OK;
}

static void
store_pg_close(void *h)
{
	struct store_pg	*pg = h;

	if (pg == NULL)
		return;
	PQfinish(pg->conn);
	free(pg);
}

static enum ls_err
store_pg_exec(void *h, const char *sql, struct ls_errbuf *eb)
{
	struct store_pg	*pg = h;
	PGresult	*res;
	enum ls_err	 e = LS_OK;

	res = PQexec(pg->conn, sql);
	if (PQresultStatus(res) != PGRES_COMMAND_OK &&
	    PQresultStatus(res) != PGRES_TUPLES_OK)
		e = store_pg_err(pg->conn, res, eb);
	PQclear(res);
	return e;
}

/* sql with its "?" numbered $1, $2 ... into out. */
static enum ls_err
store_pg_number(const char *sql, char *out, size_t cap, int *nparams,
    struct ls_errbuf *eb)
{
	size_t	o = 0;
	int	n = 0, w;

	for (; *sql != '\0'; sql++) {
		if (*sql == '?') {
			w = snprintf(out + o, cap - o, "$%d", ++n);
			if (w < 0 || (size_t)w >= cap - o)
				goto long_;
			o += (size_t)w;
			continue;
		}
		if (o + 1 >= cap)
			goto long_;
		out[o++] = *sql;
	}
	out[o] = '\0';
	*nparams = n;
	return LS_OK;
long_:
	return ls_err_set(eb, LS_EINTERNAL, "statement too long");
}

static enum ls_err
store_pg_prepare(void *h, const char *sql, void **out, struct ls_errbuf *eb)
{
	struct store_pg		*pg = h;
	struct store_pg_stmt	*s;
	char			 text[STORE_PG_SQL_MAX];
	PGresult		*res;
	int			 n;
	enum ls_err		 e;

	*out = NULL;
	if ((e = store_pg_number(sql, text, sizeof text, &n, eb)) != LS_OK)
		return e;
	if ((s = calloc(1, sizeof *s)) == NULL)
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	s->pg = pg;
	s->row = -1;
	snprintf(s->name, sizeof s->name, "ls%u", ++pg->nstmt);
	res = PQprepare(pg->conn, s->name, text, 0, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		e = store_pg_err(pg->conn, res, eb);
		PQclear(res);
		free(s);
		return e;
	}
	PQclear(res);
	*out = s;
	return LS_OK;
}

static enum ls_err
store_pg_run(void *p, int n, const char *const *params, struct ls_errbuf *eb)
{
	struct store_pg_stmt	*s = p;

	PQclear(s->res);
	s->row = -1;
	s->res = PQexecPrepared(s->pg->conn, s->name, n, params, NULL, NULL,
	    0);
	if (PQresultStatus(s->res) != PGRES_COMMAND_OK &&
	    PQresultStatus(s->res) != PGRES_TUPLES_OK)
		return store_pg_err(s->pg->conn, s->res, eb);
	return LS_OK;
}

static enum ls_err
store_pg_next(void *p, bool *row, struct ls_errbuf *eb)
{
	struct store_pg_stmt	*s = p;

	(void)eb;
	*row = false;
	if (s->res == NULL || PQresultStatus(s->res) != PGRES_TUPLES_OK)
		return LS_OK;
	if (s->row + 1 < PQntuples(s->res)) {
		s->row++;
		*row = true;
	}
	return LS_OK;
}

static const char *
store_pg_column(void *p, int i)
{
	struct store_pg_stmt	*s = p;

	if (s->res == NULL || s->row < 0 || i >= PQnfields(s->res) ||
	    PQgetisnull(s->res, s->row, i))
		return NULL;
	return PQgetvalue(s->res, s->row, i);
}

static void
store_pg_done(void *p)
{
	struct store_pg_stmt	*s = p;

	PQclear(s->res);
	s->res = NULL;
	s->row = -1;
}

static void
store_pg_finalize(void *p)
{
	struct store_pg_stmt	*s = p;

	PQclear(s->res);
	free(s);
}

const struct store_ops store_pg_ops = {
	.name = "postgresql",
	.open = store_pg_open,
	.close = store_pg_close,
	.exec = store_pg_exec,
	.prepare = store_pg_prepare,
	.run = store_pg_run,
	.next = store_pg_next,
	.column = store_pg_column,
	.done = store_pg_done,
	.finalize = store_pg_finalize,
};
