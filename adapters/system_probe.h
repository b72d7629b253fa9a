/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * system_probe.h - what the laptop looks like, for lockscope doctor's
 * checks (src/doctor/doctor.h): adapters, radio kill switches,
 * capabilities, kernel modules, daemons, USB dongles, NFC readers and
 * lockscope's udev rule.
 */
#ifndef LS_ADAPTERS_SYSTEM_PROBE_H
#define LS_ADAPTERS_SYSTEM_PROBE_H

#include "doctor/doctor.h"
#include "util/err.h"

/*
 * Fill *in.  sysroot NULL probes the real system; otherwise every file
 * is read under sysroot and the non-file results come from
 * sysroot/probe.  Errors: LS_EINPUT for a malformed probe file (with
 * its line), LS_EIO for an unreadable sysroot.  Missing files are not
 * errors: they are findings.
 */
enum ls_err	system_probe(const char *sysroot, struct doctor_input *in,
		    struct ls_errbuf *eb);

/*
 * Only what picking a default adapter needs (default_adapter.h): the
 * kernel's adapters and whether each is up, and the USB devices; no
 * files beyond sys/class/bluetooth, no libnfc.  Never fails today
 * (what cannot be probed is missing from *in); LS_OK.
 */
enum ls_err	system_probe_adapters(struct doctor_input *in,
		    struct ls_errbuf *eb);

#endif
