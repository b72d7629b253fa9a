/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * profile_set.c - the loaded profiles: directory loading, the default
 * search order, lookup by id, and matching a decoded device to the most
 * specific profile (falling back to the generic BLE lock profile).
 */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "adv/devtab.h"
#include "profile/profile_int.h"
#include "util/text.h"

#ifndef LS_DATADIR
#define LS_DATADIR	"/usr/local/share/lockscope"
#endif

#define PROFILE_GENERIC_ID	"generic"

struct profile_set {
	size_t		 n;
	struct profile	*p[PROFILE_SET_MAX];	/* sorted by id */
};

struct profile_set *
profile_set_new(void)
{
	return calloc(1, sizeof(struct profile_set));
}

void
profile_set_free(struct profile_set *s)
{
	size_t	i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++)
		profile_free(s->p[i]);
	free(s);
}

enum ls_err
profile_set_add(struct profile_set *s, struct profile *p,
    struct ls_errbuf *eb)
{
	const struct profile	*old;
	size_t			 i;

	old = profile_set_find(s, profile_id(p));
	if (old != NULL) {
		ls_err_set(eb, LS_EINPUT, "%s: id: '%s' is already defined in "
		    "%s", profile_file(p), profile_id(p), profile_file(old));
		profile_free(p);
		return LS_EINPUT;
	}
	if (s->n == PROFILE_SET_MAX) {
		ls_err_set(eb, LS_EINPUT, "%s: more than %d profiles",
		    profile_file(p), PROFILE_SET_MAX);
		profile_free(p);
		return LS_EINPUT;
	}
	for (i = s->n; i > 0 && strcmp(profile_id(s->p[i - 1]),
	    profile_id(p)) > 0; i--)
		s->p[i] = s->p[i - 1];
	s->p[i] = p;
	s->n++;
	return LS_OK;
}

static int
profile_set_namecmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool
profile_set_is_json(const char *name)
{
	size_t	n = strlen(name);

	return name[0] != '.' && n > 5 && strcmp(name + n - 5, ".json") == 0;
}

enum ls_err
profile_set_load_dir(struct profile_set *s, const char *dir,
    struct ls_errbuf *eb)
{
	DIR		*d;
	struct dirent	*de;
	char		*names[PROFILE_SET_MAX + 1], path[PATH_MAX];
	struct profile	*p;
	size_t		 n = 0, i;
	enum ls_err	 rc = LS_OK;
	int		 e;

	d = opendir(dir);
	if (d == NULL) {
		e = errno;
		return ls_err_set(eb, e == ENOENT || e == ENOTDIR ? LS_EINPUT :
		    ls_err_from_errno(e), "%s: cannot open profile directory: "
		    "%s", dir, strerror(e));
	}
	while ((de = readdir(d)) != NULL) {
		if (!profile_set_is_json(de->d_name))
			continue;
		if (n == PROFILE_SET_MAX) {
			rc = ls_err_set(eb, LS_EINPUT, "%s: more than %d "
			    "profiles", dir, PROFILE_SET_MAX);
			break;
		}
		if ((names[n] = strdup(de->d_name)) == NULL) {
			rc = ls_err_set(eb, LS_ENOMEM, "out of memory");
			break;
		}
		n++;
	}
	closedir(d);
	qsort(names, n, sizeof names[0], profile_set_namecmp);
	for (i = 0; i < n && rc == LS_OK; i++) {
		if ((size_t)snprintf(path, sizeof path, "%s/%s", dir,
		    names[i]) >= sizeof path) {
			rc = ls_err_set(eb, LS_EINPUT, "%s/%s: path too long",
			    dir, names[i]);
			break;
		}
		rc = profile_load_file(path, &p, eb);
		if (rc == LS_OK)
			rc = profile_set_add(s, p, eb);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	return rc;
}

static bool
profile_set_isdir(const char *path)
{
	struct stat	st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

char *
profile_default_dir(char *buf, size_t len)
{
	const char	*env = getenv("LOCKSCOPE_PROFILES");
	char		 exe[PATH_MAX], dir[PATH_MAX], *slash;
	ssize_t		 r;

	if (env != NULL && *env != '\0') {
		snprintf(buf, len, "%s", env);
		return buf;
	}
	/* Development: build/lockscope reads the tree's profiles/. */
	r = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (r > 0) {
		exe[r] = '\0';
		slash = strrchr(exe, '/');
		if (slash != NULL) {
			*slash = '\0';
			if ((size_t)snprintf(dir, sizeof dir, "%s/../profiles",
			    exe) < sizeof dir && profile_set_isdir(dir)) {
				/* Show "/src/tree/profiles", not "bin/../". */
				if (realpath(dir, exe) != NULL)
					snprintf(buf, len, "%s", exe);
				else
					snprintf(buf, len, "%s", dir);
				return buf;
			}
		}
	}
	snprintf(buf, len, "%s/profiles", LS_DATADIR);
	return buf;
}

enum ls_err
profile_set_load_default(struct profile_set **out, char *dir, size_t dirlen,
    struct ls_errbuf *eb)
{
	struct profile_set	*s;
	char			 buf[PATH_MAX];
	enum ls_err		 rc;

	*out = NULL;
	profile_default_dir(buf, sizeof buf);
	if (dir != NULL && dirlen > 0)
		snprintf(dir, dirlen, "%s", buf);
	if ((s = profile_set_new()) == NULL)
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	rc = profile_set_load_dir(s, buf, eb);
	if (rc != LS_OK) {
		profile_set_free(s);
		return rc;
	}
	*out = s;
	return LS_OK;
}

size_t
profile_set_count(const struct profile_set *s)
{
	return s->n;
}

const struct profile *
profile_set_at(const struct profile_set *s, size_t i)
{
	return i < s->n ? s->p[i] : NULL;
}

const struct profile *
profile_set_find(const struct profile_set *s, const char *id)
{
	size_t	i;

	for (i = 0; i < s->n; i++)
		if (strcmp(profile_id(s->p[i]), id) == 0)
			return s->p[i];
	return NULL;
}

void
profile_device_from_dev(const struct dev *dv, struct profile_device *d)
{
	const struct ad_info	*ad = &dv->ad;
	char			 u[37], canon[37];
	size_t			 i, k;

	memset(d, 0, sizeof *d);
	d->family = dv->lock.family;
	for (i = 0; i < ad->n_mfr && d->n_company_ids < PROFILE_DEV_MAX_IDS;
	    i++)
		d->company_ids[d->n_company_ids++] = ad->mfr[i].company;
	for (i = 0; i < ad->n_uuids + ad->n_svcdata; i++) {
		const struct ad_uuid *au = i < ad->n_uuids ? &ad->uuids[i] :
		    &ad->svcdata[i - ad->n_uuids].uuid;

		if (d->n_uuids == PROFILE_DEV_MAX_UUIDS)
			break;
		ad_uuid_str(au, u);
		if (u[0] == '\0' || !profile_uuid_canon(u, canon))
			continue;
		for (k = 0; k < d->n_uuids; k++)
			if (strcmp(d->uuids[k], u) == 0)
				break;
		if (k == d->n_uuids)
			memcpy(d->uuids[d->n_uuids++], u, sizeof u);
	}
	if (ad->has_name)
		text_sanitize(ad->name, ad->name_len, d->name, sizeof d->name);
	d->has_appearance = ad->has_appearance;
	d->appearance = ad->appearance;
}

static bool
profile_rule_holds(const struct profile_rule *r,
    const struct profile_device *d)
{
	char	canon[37];
	size_t	i;
	bool	ok;

	if (r->family != NULL && (d->family == NULL ||
	    strcmp(r->family, d->family) != 0))
		return false;
	if (r->company_id >= 0) {
		for (i = 0; i < d->n_company_ids; i++)
			if (d->company_ids[i] == (uint16_t)r->company_id)
				break;
		if (i == d->n_company_ids)
			return false;
	}
	if (r->uuid[0] != '\0') {
		ok = false;
		for (i = 0; i < d->n_uuids && !ok; i++)
			ok = profile_uuid_canon(d->uuids[i], canon) &&
			    strcmp(canon, r->uuid) == 0;
		if (!ok)
			return false;
	}
	if (r->name_pattern != NULL && (d->name[0] == '\0' ||
	    fnmatch(r->name_pattern, d->name, FNM_CASEFOLD) != 0))
		return false;
	if (r->appearance >= 0 && (!d->has_appearance ||
	    d->appearance != (uint16_t)r->appearance))
		return false;
	return true;
}

bool
profile_matches(const struct profile *p, const struct profile_device *d,
    int *rule, int *specificity)
{
	size_t	i;
	int	best = -1, spec = 0;

	for (i = 0; i < p->n_rules; i++)
		if (profile_rule_holds(&p->rules[i], d) &&
		    p->rules[i].n > spec) {
			best = (int)i;
			spec = p->rules[i].n;
		}
	if (rule != NULL)
		*rule = best;
	if (specificity != NULL)
		*specificity = spec;
	return best >= 0;
}

const struct profile *
profile_set_match(const struct profile_set *s, const struct profile_device *d,
    struct profile_match *m)
{
	struct profile_match	 best;
	size_t			 i;
	int			 rule, spec;

	memset(&best, 0, sizeof best);
	best.rule = -1;
	for (i = 0; i < s->n; i++) {
		const struct profile	*p = s->p[i];

		if (!profile_matches(p, d, &rule, &spec))
			continue;
		/* Sorted by id, so on a full tie the first (smaller) stays. */
		if (best.profile == NULL ||
		    p->priority > best.profile->priority ||
		    (p->priority == best.profile->priority &&
		    spec > best.specificity)) {
			best.profile = p;
			best.rule = rule;
			best.specificity = spec;
		}
	}
	if (best.profile == NULL) {
		best.profile = profile_set_find(s, PROFILE_GENERIC_ID);
		best.fallback = best.profile != NULL;
	}
	if (m != NULL)
		*m = best;
	return best.profile;
}
