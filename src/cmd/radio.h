/*
 * radio.h - open an adapter and bring its controller up, for commands
 * that talk to a controller (scan; later inspect and visit).
 */
#ifndef LS_RADIO_H
#define LS_RADIO_H

#include <stdbool.h>

#include "../bt/ctrl.h"
#include "../bt/host.h"
#include "../util/loop.h"

struct radio {
	struct loop		*loop;		/* borrowed */
	struct transport	*t;
	struct host		*host;
	struct ctrl_info	 info;
	bool			 interrupted;	/* loop stopped by a signal */
};

/* What radio_open_opts() takes beyond the spec; zero = defaults. */
struct radio_opts {
	host_tap_fn	 tap;		/* every packet, for captures */
	void		*tap_arg;
	bool		 detach;	/* --detach: a USB dongle bound to the
					   kernel's driver is detached from it
					   (and reattached on close) */
};

/*
 * Open spec and run the bring-up sequence, running loop until it
 * finishes (every command has a timeout, so this is bounded).  tap (may
 * be NULL) sees every packet from the first command on, for captures.
 * On failure everything is released.  If the loop is stopped by someone
 * else (Ctrl-C), returns LS_EFAIL with r->interrupted set.
 */
enum ls_err	radio_open(struct radio *r, const char *spec,
		    struct loop *loop, host_tap_fn tap, void *tap_arg,
		    struct ls_errbuf *eb);

/* The same with options (o may be NULL).  Commands that open a radio
   offer --detach and pass it here. */
enum ls_err	radio_open_opts(struct radio *r, const char *spec,
		    struct loop *loop, const struct radio_opts *o,
		    struct ls_errbuf *eb);

/* Release what radio_open() made.  Safe on a zeroed struct. */
void		radio_close(struct radio *r);

#endif
