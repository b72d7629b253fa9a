/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * plan.h - a profile's procedure as the engine's steps.
 */
#ifndef LS_VISIT_PLAN_H
#define LS_VISIT_PLAN_H

#include <stddef.h>

#include "profile/profile.h"
#include "util/err.h"
#include "visit/engine.h"

/*
 * Fill out[0..max) with p's steps in order; *n gets the count.  Text
 * values in conditions are borrowed from p, which must outlive the
 * engine.  LS_EINPUT when the procedure has more than max steps.
 */
enum ls_err	plan_from_profile(const struct profile *p,
		    struct eng_step *out, size_t max, size_t *n,
		    struct ls_errbuf *eb);

#endif
