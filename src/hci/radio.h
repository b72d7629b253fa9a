/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * radio.h - open an adapter and bring its controller up, for commands
 * that talk to a controller (scan, inspect, visit), with the run's HCI
 * traffic captured when asked.
 */
#ifndef LS_HCI_RADIO_H
#define LS_HCI_RADIO_H

#include <stdbool.h>

#include "hci/bringup.h"
#include "hci/btsnoop.h"
#include "hci/host.h"
#include "hci/transport.h"
#include "util/loop.h"

struct radio {
	struct loop		*loop;		/* borrowed */
	struct transport	*t;
	struct host		*host;
	struct bringup_info	 info;
	bool			 interrupted;	/* loop stopped by a signal */
	struct btsnoop		*capture;	/* --capture, or NULL */
	struct ls_errbuf	 capture_eb;	/* why it stopped early */
	host_tap_fn		 tap;		/* the caller's tap */
	void			*tap_arg;
	void			(*capture_failed)(void *);
};

/* What radio_open_opts() takes beyond the spec; zero = defaults, but
   for open, which is required. */
struct radio_opts {
	transport_open_fn open;		/* opens the spec: the command's
					   choice (adapters_open_hci) */
	host_tap_fn	 tap;		/* every packet, for captures */
	void		*tap_arg;
	bool		 detach;	/* --detach: a USB dongle bound to the
					   kernel's driver is detached from it
					   (and reattached on close) */
	const char	*capture;	/* --capture FILE: every HCI packet
					   into FILE as btsnoop (H4, 1002) */
	void		(*capture_failed)(void *tap_arg);
					/* once, when a write fails: the
					   capture then stops */
};

/*
 * Open spec and run the bring-up sequence, running loop until it
 * finishes (every command has a timeout, so this is bounded).  o gives
 * the opener (required), the tap, which sees every packet from the
 * first command on, and the capture file, created before the adapter is
 * opened.  On failure everything is released.  If the loop is stopped
 * by someone else (Ctrl-C), returns LS_EFAIL with r->interrupted set.
 * Commands that open a radio offer --detach and --capture and pass
 * them here.
 */
enum ls_err	radio_open_opts(struct radio *r, const char *spec,
		    struct loop *loop, const struct radio_opts *o,
		    struct ls_errbuf *eb);

/*
 * Finish the capture file (none: LS_OK): LS_OK when it holds every
 * packet, else why not (a write or the final flush failed, naming the
 * file).
 */
enum ls_err	radio_capture_end(struct radio *r, struct ls_errbuf *eb);

/* Release what radio_open_opts() made.  Safe on a zeroed struct. */
void		radio_close(struct radio *r);

#endif
