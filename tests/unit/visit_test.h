/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * visit_test.h - a sample service visit and temporary directories for
 * the visit, journal and report unit tests.  Included by one test file
 * each (static functions).
 */
#ifndef LS_TESTS_UNIT_VISIT_TEST_H
#define LS_TESTS_UNIT_VISIT_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/reading.h"
#include "visit/visit.h"

/* 2026-11-23T12:04:31Z, whole seconds so readings replay exactly. */
#define VT_AT	(UINT64_C(1795435471) * 1000000)

/* Each test file uses some of these. */
#define VT_MAYBE_UNUSED	__attribute__((unused))

/* The sample visit: one TTLock front door, a failed door test. */
VT_MAYBE_UNUSED static struct visit *
vt_sample(void)
{
	struct visit_device	 d;
	struct reading		 r;
	struct visit		*v = visit_new();
	size_t			 i, k;
	static const struct {
		const char		*id, *phase, *title;
		enum visit_status	 st;
		const char		*note;
	} steps[] = {
		{ "intake", "intake", "Intake", VS_PASSED, NULL },
		{ "ownership", "ownership", "Verify ownership", VS_PASSED,
		    "deed and photo ID" },
		{ "power", "power", "Battery before reset", VS_PASSED, NULL },
		{ "reset.hold-button", "reset", "Hold the reset button",
		    VS_PASSED, NULL },
		{ "credentials", "credentials", "Count active codes",
		    VS_PASSED, NULL },
		{ "door-test", "door-test", "Throw the bolt at the door",
		    VS_FAILED, "bolt drags on the strike" },
		{ "closeout", "closeout", "Close out", VS_SKIPPED, NULL },
	};

	if (v == NULL || visit_begin(v, VT_AT, NULL) != LS_OK)
		abort();
	visit_set_intake(v, "Jane Roe", "Rental unit 4B", "WO-1234");
	visit_add_symptom(v, "pairing-fails", NULL);
	visit_add_symptom(v, "lock-offline", NULL);
	visit_add_access(v, "keypad", NULL);
	visit_add_access(v, "physical-key", NULL);
	visit_set_authorization(v, true, "deed and photo ID");
	memset(&d, 0, sizeof d);
	snprintf(d.address, sizeof d.address, "C4:7C:8D:6A:12:01");
	snprintf(d.address_type, sizeof d.address_type, "random");
	snprintf(d.name, sizeof d.name, "Front door");
	snprintf(d.family, sizeof d.family, "ttlock");
	snprintf(d.vendor, sizeof d.vendor, "TTLock");
	snprintf(d.model, sizeof d.model, "M201");
	snprintf(d.profile, sizeof d.profile, "ttlock");
	if (visit_device_add(v, &d, &k, NULL) != LS_OK)
		abort();
	reading_int(&r, RD_OBSERVED, 80, "advertisement", VT_AT);
	visit_device_reading(v, k, VISIT_BEFORE, "battery_percent", &r, NULL);
	reading_real(&r, RD_OBSERVED, 3.01, "gatt 2bf0", VT_AT);
	visit_device_reading(v, k, VISIT_BEFORE, "battery_volts", &r, NULL);
	reading_text(&r, RD_OBSERVED, "paired", "advertisement", VT_AT);
	visit_device_reading(v, k, VISIT_BEFORE, "pairing_state", &r, NULL);
	reading_unavailable(&r, "gatt 2a26", "needs vendor authorization",
	    VT_AT);
	visit_device_reading(v, k, VISIT_BEFORE, "firmware", &r, NULL);
	reading_int(&r, RD_ATTESTED, 3, "technician", VT_AT);
	visit_device_reading(v, k, VISIT_AFTER, "code_slots", &r, NULL);
	reading_text(&r, RD_OBSERVED, "paired", "advertisement",
	    VT_AT + 600000000);
	visit_device_reading(v, k, VISIT_AFTER, "pairing_state", &r, NULL);
	for (i = 0; i < sizeof steps / sizeof steps[0]; i++)
		if (visit_step_add(v, steps[i].id, steps[i].phase,
		    steps[i].title, &k, NULL) != LS_OK)
			abort();
	for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		if (steps[i].st != VS_SKIPPED)
			visit_step_start(v, i, VT_AT + i * 60000000, NULL);
		visit_step_finish(v, i, steps[i].st, steps[i].st ==
		    VS_SKIPPED ? 0 : VT_AT + i * 60000000 + 30000000,
		    steps[i].note, NULL);
	}
	reading_text(&r, RD_OBSERVED, "unpaired", "advertisement",
	    VT_AT + 200000000);
	visit_step_evidence(v, 3, "pairing_state", &r, NULL);
	reading_int(&r, RD_ATTESTED, 3, "technician", VT_AT + 240000000);
	visit_step_evidence(v, 4, "codes_active", &r, NULL);
	visit_set_outcome(v, VO_COMPLETED_WITH_FAILURES, "door test failed",
	    VT_AT + 900000000);
	return v;
}

/* A fresh temporary directory (caller removes it with vt_rmdir). */
VT_MAYBE_UNUSED static char *
vt_tmpdir(void)
{
	char	tmpl[] = "/tmp/lockscope-unit.XXXXXX", *d;

	if (mkdtemp(tmpl) == NULL || (d = strdup(tmpl)) == NULL)
		abort();
	return d;
}

VT_MAYBE_UNUSED static void
vt_rmdir(char *d)
{
	char	cmd[256];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", d);
	if (system(cmd) != 0)
		abort();
	free(d);
}

#endif
