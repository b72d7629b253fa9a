/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * scan.h - LE scanning: legacy or extended, active or passive, and the
 * advertising reports it produces.
 * Bluetooth Core 5.4 Vol 4 Part E §7.8.10-11 (legacy), §7.8.64-65
 * (extended); §3.1.1: a host must not mix the two command sets, so one
 * is chosen from the controller's features and used throughout.
 */
#ifndef LS_HCI_SCAN_H
#define LS_HCI_SCAN_H

#include <stdbool.h>
#include <stdint.h>

#include "hci/bringup.h"
#include "hci/extadv.h"
#include "hci/hcievt.h"
#include "hci/host.h"

struct scan_params {
	bool	passive;	/* no SCAN_REQ: no scan responses */
	bool	filter_dup;	/* controller filters duplicates */
	bool	force_legacy;	/* use legacy commands even if extended
				   scanning is supported */
};

/* One report; it lives during the call only. */
typedef void	(*scan_report_fn)(const struct hcievt_adv_report *, void *arg);

/* Scanning started or stopped (eb->code LS_OK), or failed. */
typedef void	(*scan_done_fn)(const struct ls_errbuf *eb, void *arg);

struct scan;

/*
 * New scanner on host for a controller described by info (both borrowed,
 * must outlive it).  report fires for every well-formed report while
 * scanning.  NULL when out of memory.
 */
struct scan	*scan_new(struct host *, const struct bringup_info *,
		    const struct scan_params *, scan_report_fn report,
		    void *arg);

/* Unsubscribe and free (does not send anything).  NULL is a no-op. */
void		 scan_free(struct scan *);

/*
 * Set parameters and enable scanning; done fires once.  On a shared
 * controller, scanning is first disabled (the kernel may be running a
 * background scan) and a refusal of that is ignored.
 */
void		 scan_start(struct scan *, scan_done_fn done, void *arg);

/* Disable scanning; done fires once (also on timeout or a dead host). */
void		 scan_stop(struct scan *, scan_done_fn done, void *arg);

bool		 scan_extended(const struct scan *);

/*
 * True once extended scanning gave no report for a few seconds and the
 * scan switched to legacy commands (after an HCI Reset, as a controller
 * may refuse mixing the two); scan_extended() is then false.  Not on a
 * shared (kernel) transport, whose choice is followed.
 */
bool		 scan_fell_back(const struct scan *);
uint64_t	 scan_reports(const struct scan *);
uint64_t	 scan_malformed(const struct scan *);

/*
 * Extended advertisements reassembled from several reports, and those
 * dropped as truncated, too long or never completed (extadv.h).
 * scan_reports() counts the reports as they came, pieces included.
 */
const struct extadv_stats *scan_extadv_stats(const struct scan *);

#endif
