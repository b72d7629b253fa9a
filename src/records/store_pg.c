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
 *
 * libpq is loaded with dlopen(3) when a server is first named, not
 * linked: it brings some twenty libraries (TLS, Kerberos, LDAP) whose
 * loading would double the start-up time of every lockscope command.
 */
#include <dlfcn.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "records/store.h"

#define STORE_PG_SQL_MAX	8192	/* a statement, $n numbered */

#define STORE_PG_LIBPQ		"libpq.so.5"

/* The libpq functions used, found by dlsym. */
struct store_pg_lib {
	void			*handle;
	PGconn			*(*connectdb)(const char *);
	ConnStatusType		 (*status)(const PGconn *);
	char			*(*errormessage)(const PGconn *);
	void			 (*finish)(PGconn *);
	PQnoticeProcessor	 (*setnoticeprocessor)(PGconn *,
				    PQnoticeProcessor, void *);
	PGresult		*(*exec)(PGconn *, const char *);
	ExecStatusType		 (*resultstatus)(const PGresult *);
	char			*(*resulterrorfield)(const PGresult *, int);
	char			*(*resulterrormessage)(const PGresult *);
	void			 (*clear)(PGresult *);
	PGresult		*(*prepare)(PGconn *, const char *,
				    const char *, int, const Oid *);
	PGresult		*(*execprepared)(PGconn *, const char *, int,
				    const char *const *, const int *,
				    const int *, int);
	int			 (*ntuples)(const PGresult *);
	int			 (*nfields)(const PGresult *);
	int			 (*getisnull)(const PGresult *, int, int);
	char			*(*getvalue)(const PGresult *, int, int);
};
static struct store_pg_lib	store_pg_lib;

static const struct {
	const char	*name;
	size_t		 off;
} store_pg_syms[] = {
#define STORE_PG_SYM(n, m) { n, offsetof(struct store_pg_lib, m) }
	STORE_PG_SYM("PQconnectdb", connectdb),
	STORE_PG_SYM("PQstatus", status),
	STORE_PG_SYM("PQerrorMessage", errormessage),
	STORE_PG_SYM("PQfinish", finish),
	STORE_PG_SYM("PQsetNoticeProcessor", setnoticeprocessor),
	STORE_PG_SYM("PQexec", exec),
	STORE_PG_SYM("PQresultStatus", resultstatus),
	STORE_PG_SYM("PQresultErrorField", resulterrorfield),
	STORE_PG_SYM("PQresultErrorMessage", resulterrormessage),
	STORE_PG_SYM("PQclear", clear),
	STORE_PG_SYM("PQprepare", prepare),
	STORE_PG_SYM("PQexecPrepared", execprepared),
	STORE_PG_SYM("PQntuples", ntuples),
	STORE_PG_SYM("PQnfields", nfields),
	STORE_PG_SYM("PQgetisnull", getisnull),
	STORE_PG_SYM("PQgetvalue", getvalue),
#undef STORE_PG_SYM
};

/* Load libpq once; it stays loaded for the life of the process. */
static enum ls_err
store_pg_load(struct ls_errbuf *eb)
{
	const char	*why;
	void		*h, *f;
	size_t		 i;

	if (store_pg_lib.handle != NULL)
		return LS_OK;
	if ((h = dlopen(STORE_PG_LIBPQ, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		why = dlerror();
		return ls_err_set(eb, LS_EUNAVAIL, "a PostgreSQL database "
		    "needs libpq (Debian package libpq5): %s",
		    why != NULL ? why : "not found");
	}
	for (i = 0; i < sizeof store_pg_syms / sizeof store_pg_syms[0];
	    i++) {
		if ((f = dlsym(h, store_pg_syms[i].name)) == NULL) {
			dlclose(h);
			return ls_err_set(eb, LS_EUNAVAIL, "libpq lacks %s",
			    store_pg_syms[i].name);
		}
		memcpy((char *)&store_pg_lib + store_pg_syms[i].off, &f,
		    sizeof f);
	}
	store_pg_lib.handle = h;
	return LS_OK;
}

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
	    store_pg_lib.resulterrorfield(res, PG_DIAG_SQLSTATE) : NULL;
	const char	*msg = res != NULL ?
			    store_pg_lib.resulterrormessage(res) : "";
	char		 buf[400];
	size_t		 n;
	enum ls_err	 code = LS_EIO;

	if (msg == NULL || *msg == '\0')
		msg = store_pg_lib.errormessage(conn);
	snprintf(buf, sizeof buf, "%s", msg);
	n = strlen(buf);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	if (store_pg_lib.status(conn) != CONNECTION_OK)
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
	if (store_pg_load(eb) != LS_OK)
		return LS_EUNAVAIL;
	if ((pg = calloc(1, sizeof *pg)) == NULL)
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	pg->conn = store_pg_lib.connectdb(target);
	if (pg->conn == NULL ||
	    store_pg_lib.status(pg->conn) != CONNECTION_OK) {
		snprintf(buf, sizeof buf, "%s", pg->conn != NULL ?
		    store_pg_lib.errormessage(pg->conn) : "out of memory");
		n = strlen(buf);
		while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
			buf[--n] = '\0';
		store_pg_lib.finish(pg->conn);
		free(pg);
		/* The URI may carry a password: never repeat it. */
		return ls_err_set(eb, LS_EUNAVAIL, "cannot connect to the "
		    "records server: %s", buf);
	}
	store_pg_lib.setnoticeprocessor(pg->conn, store_pg_quiet, NULL);
	*h = pg;
	return LS_OK;
}

static void
store_pg_close(void *h)
{
	struct store_pg	*pg = h;

	if (pg == NULL)
		return;
	store_pg_lib.finish(pg->conn);
	free(pg);
}

static enum ls_err
store_pg_exec(void *h, const char *sql, struct ls_errbuf *eb)
{
	struct store_pg	*pg = h;
	PGresult	*res;
	enum ls_err	 e = LS_OK;

	res = store_pg_lib.exec(pg->conn, sql);
	if (store_pg_lib.resultstatus(res) != PGRES_COMMAND_OK &&
	    store_pg_lib.resultstatus(res) != PGRES_TUPLES_OK)
		e = store_pg_err(pg->conn, res, eb);
	store_pg_lib.clear(res);
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
	res = store_pg_lib.prepare(pg->conn, s->name, text, 0, NULL);
	if (store_pg_lib.resultstatus(res) != PGRES_COMMAND_OK) {
		e = store_pg_err(pg->conn, res, eb);
		store_pg_lib.clear(res);
		free(s);
		return e;
	}
	store_pg_lib.clear(res);
	*out = s;
	return LS_OK;
}

static enum ls_err
store_pg_run(void *p, int n, const char *const *params, struct ls_errbuf *eb)
{
	struct store_pg_stmt	*s = p;

	store_pg_lib.clear(s->res);
	s->row = -1;
	s->res = store_pg_lib.execprepared(s->pg->conn, s->name, n, params,
	    NULL, NULL, 0);
	if (store_pg_lib.resultstatus(s->res) != PGRES_COMMAND_OK &&
	    store_pg_lib.resultstatus(s->res) != PGRES_TUPLES_OK)
		return store_pg_err(s->pg->conn, s->res, eb);
	return LS_OK;
}

static enum ls_err
store_pg_next(void *p, bool *row, struct ls_errbuf *eb)
{
	struct store_pg_stmt	*s = p;

	(void)eb;
	*row = false;
	if (s->res == NULL ||
	    store_pg_lib.resultstatus(s->res) != PGRES_TUPLES_OK)
		return LS_OK;
	if (s->row + 1 < store_pg_lib.ntuples(s->res)) {
		s->row++;
		*row = true;
	}
	return LS_OK;
}

static const char *
store_pg_column(void *p, int i)
{
	struct store_pg_stmt	*s = p;

	if (s->res == NULL || s->row < 0 || i >= store_pg_lib.nfields(s->res) ||
	    store_pg_lib.getisnull(s->res, s->row, i))
		return NULL;
	return store_pg_lib.getvalue(s->res, s->row, i);
}

static void
store_pg_done(void *p)
{
	struct store_pg_stmt	*s = p;

	store_pg_lib.clear(s->res);
	s->res = NULL;
	s->row = -1;
}

static void
store_pg_finalize(void *p)
{
	struct store_pg_stmt	*s = p;

	store_pg_lib.clear(s->res);
	free(s);
}

const struct store_ops store_pg_ops = {
	.name = "postgresql",
	.open = store_pg_open,
	.close = store_pg_close,
	.exec = store_pg_exec,
	/* The key is arbitrary and fixed: "lockscope records" schema. */
	.begin_schema = "BEGIN; SELECT pg_advisory_xact_lock(7716354)",
	.prepare = store_pg_prepare,
	.run = store_pg_run,
	.next = store_pg_next,
	.column = store_pg_column,
	.done = store_pg_done,
	.finalize = store_pg_finalize,
};
