/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * proximity.h - the proximity finder's model (lockscope-find(1)): which
 * device is the target, its smoothed signal over the last minute, the
 * trend (closer, farther, steady) and how fast the bell rings.  Pure: no
 * curses, no clock of its own (every call takes the time), so the unit
 * tests drive it in made-up time.
 *
 * The smoothed signal is the device table's (struct dev rssi_avg); a
 * sample is taken when the device was heard since the last one.  The
 * trend compares the mean smoothed signal of the last second with that
 * of the second two seconds before: more than PROXIMITY_TREND_DB
 * stronger is "closer", weaker "farther", else "steady".  So a step
 * shows within three seconds of its first report.  Silence is the
 * device table's judgement (devtab_stale()), passed in by the caller.
 */
#ifndef LS_PRESENT_PROXIMITY_H
#define LS_PRESENT_PROXIMITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "adv/ad.h"
#include "adv/devtab.h"

#define PROXIMITY_TREND_DB	3.0	/* dB between the two windows */
#define PROXIMITY_WINDOW_MS	1000	/* each window */
#define PROXIMITY_GAP_MS	2000	/* from the old window to the new */
#define PROXIMITY_HIST_S	60	/* the history graph, seconds */
#define PROXIMITY_SAMPLES	1024	/* kept; samples closer than
					   PROXIMITY_MIN_STEP_MS merge */
#define PROXIMITY_MIN_STEP_MS	100
#define PROXIMITY_RSSI_LOW	-100	/* meter 0 % */
#define PROXIMITY_RSSI_HIGH	-30	/* meter 100 % */

/* What to look for: an address (either address type), or a name. */
struct proximity_target {
	bool		by_addr;
	uint8_t		addr[6];		/* by_addr */
	char		name[4 * AD_NAME_MAX + 1];	/* else */
	bool		bound;		/* found: addr/addr_type fixed */
	uint8_t		addr_type;	/* bound */
};

/*
 * Read arg: "C4:7C:8D:6A:12:01" is an address, anything else a name
 * (the advertised local name, case-insensitive, whole).  False when arg
 * is empty or too long for a name.
 */
bool	proximity_target_parse(struct proximity_target *, const char *arg);

/* Whether d is the target (by address, or by its sanitised name). */
bool	proximity_target_match(const struct proximity_target *,
	    const struct dev *d);

/*
 * The target in devs[0..n) (borrowed).  Before it is bound: the first
 * device heard that matches (earliest first_seen_ms), which then binds
 * the target to its address and address type, so that a second device
 * of the same name cannot take over; *others gets how many other devices
 * match (NULL: not wanted).  Returns NULL when none is there.
 */
struct dev *proximity_target_find(struct proximity_target *,
	    struct dev *const *devs, size_t n, size_t *others);

enum proximity_trend {
	PROXIMITY_SEARCHING,	/* never heard */
	PROXIMITY_STEADY,
	PROXIMITY_CLOSER,
	PROXIMITY_FARTHER,
	PROXIMITY_SILENT	/* not heard lately (devtab_stale) */
};

struct proximity_sample {
	uint64_t	t_ms;		/* the report's wall clock */
	double		avg;		/* smoothed RSSI then, dBm */
};

struct proximity {
	struct proximity_sample	 s[PROXIMITY_SAMPLES];	/* a ring */
	size_t			 head;	/* next slot */
	size_t			 n;
	bool			 heard;
	int			 rssi;		/* last, dBm */
	double			 avg;		/* last smoothed, dBm */
	uint64_t		 last_seen_ms;
};

void	proximity_init(struct proximity *);

/*
 * The target's state at now_ms: last report at last_seen_ms, its RSSI
 * and smoothed RSSI.  A sample is added when last_seen_ms moved on.
 */
void	proximity_sample(struct proximity *, uint64_t last_seen_ms,
	    int rssi, double rssi_avg);

/* The trend at now_ms; stale: devtab_stale() of the target now. */
enum proximity_trend proximity_trend(const struct proximity *,
	    uint64_t now_ms, bool stale);
/* "searching", "steady", "closer", "farther", "silent". */
const char	*proximity_trend_name(enum proximity_trend);

/*
 * The history graph: out[i] is the mean smoothed RSSI of the second
 * PROXIMITY_HIST_S - 1 - i seconds before now_ms (out[last] the current
 * second), has[i] whether there was a sample in it.
 */
void	proximity_history(const struct proximity *, uint64_t now_ms,
	    double out[PROXIMITY_HIST_S], bool has[PROXIMITY_HIST_S]);

/* The meter: 0 at PROXIMITY_RSSI_LOW and below, 100 at _HIGH and above. */
int	proximity_meter(double rssi_avg);

/*
 * Milliseconds between two bells for a smoothed signal: 2000 at -95 dBm
 * and below, falling steadily to 150 at -35 dBm and above (the stronger
 * the signal, the faster the bell).
 */
unsigned	proximity_bell_ms(double rssi_avg);

#endif
