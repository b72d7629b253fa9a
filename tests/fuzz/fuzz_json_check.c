/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_json_check.c - libFuzzer harness for the strict JSON checker and
 * its positions (src/util/json_check.c).
 *
 * Any bytes go through jc_parse (with JC_STRICT when the first byte is
 * odd); a refusal must carry a message.  A tree is checked against a
 * fixed key table and every object as a map, and the first few hundred
 * nodes are found again in the text: the position of a value must hold
 * the first byte of that value ('"', '{', '[', 't', 'f', 'n', '-' or a
 * digit, as its type says) and the position of a member name a '"'; the
 * root's path is empty; line and column must agree with a count of the
 * newlines.  Corpus: tests/fuzz/corpus/json_check/.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "util/json_check.h"

#define FZ_MAX		(64u * 1024)
#define FZ_NODES	300

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const struct jc_key fz_keys[] = {
	{ "id", JC_STRING, true },
	{ "n", JC_NUMBER | JC_NULL, false },
	{ "list", JC_ARRAY, false },
	{ "obj", JC_OBJECT, false },
	{ "flag", JC_BOOL, false },
	{ NULL, 0, false }
};

static void
fz_check_at(const struct jc *c, const cJSON *v, const char *text, size_t n)
{
	char		path[JC_PATH_MAX];
	size_t		off, line, col, i, nl = 0;
	uint8_t		ch;
	unsigned	t;

	if (!jc_path(c, v, path, sizeof path))
		abort();
	/* Only the root, or a member named "" at the top, has no path. */
	if ((v == c->root && path[0] != '\0') || strlen(path) >= sizeof path)
		abort();
	if (!jc_locate(c, v, false, &off) || off >= n)
		abort();
	ch = (uint8_t)text[off];
	t = jc_type_of(v);
	if ((t == JC_STRING && ch != '"') || (t == JC_OBJECT && ch != '{') ||
	    (t == JC_ARRAY && ch != '[') || (t == JC_NULL && ch != 'n') ||
	    (t == JC_BOOL && ch != 't' && ch != 'f') ||
	    (t == JC_NUMBER && ch != '-' && (ch < '0' || ch > '9')))
		abort();
	if (v != c->root && v->string != NULL) {
		if (!jc_locate(c, v, true, &off) || off >= n ||
		    text[off] != '"')
			abort();
	}
	jc_linecol(text, n, off, &line, &col);
	for (i = 0; i < off; i++)
		if (text[i] == '\n')
			nl++;
	if (line != nl + 1 || col < 1 || col > off + 1)
		abort();
}

/* Visit up to *budget nodes below v, depth first. */
static void
fz_walk(const struct jc *c, const cJSON *v, const char *text, size_t n,
    size_t *budget)
{
	const cJSON	*k;

	if (*budget == 0)
		return;
	(*budget)--;
	fz_check_at(c, v, text, n);
	if (cJSON_IsObject(v) && jc_map(c, v, 1000) != LS_OK &&
	    c->eb->code == LS_OK)
		abort();
	for (k = v->child; k != NULL; k = k->next)
		fz_walk(c, k, text, n, budget);
}

int
LLVMFuzzerTestOneInput(const uint8_t *p, size_t n)
{
	struct ls_errbuf	 eb;
	struct jc		 c;
	cJSON			*root;
	size_t			 budget = FZ_NODES;
	const char		*text;

	if (n == 0 || n > FZ_MAX)
		return 0;
	text = (const char *)p + 1;
	ls_err_clear(&eb);
	jc_init(&c, "fuzz.json", &eb);
	if (jc_parse(&c, text, n - 1, (p[0] & 1) ? JC_STRICT : 0,
	    &root) != LS_OK) {
		if (root != NULL || eb.code != LS_EINPUT ||
		    strncmp(eb.msg, "fuzz.json: ", 11) != 0)
			abort();
		return 0;
	}
	if (jc_object(&c, root, fz_keys) != LS_OK && eb.code != LS_EINPUT)
		abort();
	ls_err_clear(&eb);
	fz_walk(&c, root, text, n - 1, &budget);
	cJSON_Delete(root);
	return 0;
}
