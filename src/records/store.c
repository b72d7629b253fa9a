/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * store.c - pick the backend for a database target and dispatch to it
 * (store.h).
 */
#include <stdlib.h>
#include <string.h>

#include "records/store.h"

struct store {
	const struct store_ops	*ops;
	void			*h;
};

struct store_stmt {
	const struct store_ops	*ops;
	void			*st;
};

bool
store_is_url(const char *target)
{
	return strncmp(target, "postgresql://", 13) == 0 ||
	    strncmp(target, "postgres://", 11) == 0;
}

enum ls_err
store_open(const char *target, struct store **out, struct ls_errbuf *eb)
{
	struct store	*s;
	enum ls_err	 e;

	*out = NULL;
	if ((s = calloc(1, sizeof *s)) == NULL)
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	s->ops = store_is_url(target) ? &store_pg_ops : &store_sqlite_ops;
	if ((e = s->ops->open(target, &s->h, eb)) != LS_OK) {
		free(s);
		return e;
	}
	*out = s;
	return LS_OK;
}

void
store_close(struct store *s)
{
	if (s == NULL)
		return;
	s->ops->close(s->h);
	free(s);
}

const char *
store_backend(const struct store *s)
{
	return s->ops->name;
}

enum ls_err
store_exec(struct store *s, const char *sql, struct ls_errbuf *eb)
{
	return s->ops->exec(s->h, sql, eb);
}

enum ls_err
store_begin_schema(struct store *s, struct ls_errbuf *eb)
{
	return s->ops->exec(s->h, s->ops->begin_schema, eb);
}

enum ls_err
store_prepare(struct store *s, const char *sql, struct store_stmt **out,
    struct ls_errbuf *eb)
{
	struct store_stmt	*st;
	enum ls_err		 e;

	*out = NULL;
	if ((st = calloc(1, sizeof *st)) == NULL)
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	st->ops = s->ops;
	if ((e = s->ops->prepare(s->h, sql, &st->st, eb)) != LS_OK) {
		free(st);
		return e;
	}
	*out = st;
	return LS_OK;
}

enum ls_err
store_run(struct store_stmt *st, int n, const char *const *params,
    struct ls_errbuf *eb)
{
	return st->ops->run(st->st, n, params, eb);
}

enum ls_err
store_next(struct store_stmt *st, bool *row, struct ls_errbuf *eb)
{
	return st->ops->next(st->st, row, eb);
}

const char *
store_column(struct store_stmt *st, int i)
{
	return st->ops->column(st->st, i);
}

void
store_done(struct store_stmt *st)
{
	st->ops->done(st->st);
}

void
store_finalize(struct store_stmt *st)
{
	if (st == NULL)
		return;
	st->ops->finalize(st->st);
	free(st);
}
