/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * profile_int.h - the body of struct profile, shared by profile.c
 * (parse, accessors), profile_set.c (matching) and profile_cond.c.
 * Not for use outside src/profile/.
 */
#ifndef LS_PROFILE_PROFILE_INT_H
#define LS_PROFILE_PROFILE_INT_H

#include "profile/profile.h"

struct cJSON;

#define PROFILE_RULES_MAX	16

/* One match rule: every criterion present must hold. */
struct profile_rule {
	const char	*family;		/* NULL: any */
	int		 company_id;		/* -1: any */
	char		 uuid[37];		/* "": any; canonical 128-bit */
	const char	*name_pattern;		/* NULL: any; fnmatch glob */
	int		 appearance;		/* -1: any */
	int		 n;			/* criteria present */
};

struct profile {
	struct cJSON		*root;		/* owns every string below */
	char			*file;		/* from strdup, or NULL */
	const char		*id, *vendor, *family;
	size_t			 n_models;
	const char		**models;
	size_t			 n_sources;
	struct profile_source	*sources;
	int			 priority;
	size_t			 n_rules;
	struct profile_rule	 rules[PROFILE_RULES_MAX];
	struct profile_battery	 battery;
	size_t			 n_fw_notes;
	const char		**fw_notes;
	const char		*fw_source;
	struct profile_code_slots slots;
	char			 slots_uuid[37];
	unsigned		 creds;
	unsigned		 remedies;	/* PROFILE_RM_BIT set */
	struct profile_remedy_decl remedy_decl[PROFILE_RM_COUNT];
	size_t			 n_phases;
	struct profile_phase	 phases[PROFILE_PH_COUNT];
	struct profile_step	*steps[PROFILE_PH_COUNT];	/* owned, each
						   with its
						   instructions array */
	size_t			 steps_alloc[PROFILE_PH_COUNT];	/* slots in
						   steps[i] (zeroed) */
};

/*
 * Canonical lowercase 128-bit text of a UUID given as 4, 8 or 36
 * characters of text ("fe24" -> "0000fe24-0000-1000-8000-00805f9b34fb").
 * False when s is not such a UUID.
 */
bool	profile_uuid_canon(const char *s, char out[37]);

#endif
