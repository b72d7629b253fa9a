/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * test_profile.c - unit tests for src/profile: a valid profile through
 * every accessor, each validation error with its exact path-qualified
 * message, the shipped profiles, matching precedence and condition
 * evaluation.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "adv/ad.h"
#include "adv/devtab.h"
#include "profile/profile.h"

/* Same text as tests/profiles/good/minimal.json. */
static const char tp_min[] =
    "{\n"
    "  \"profile\": 1,\n"
    "  \"id\": \"minimal\",\n"
    "  \"vendor\": \"Test\",\n"
    "  \"family\": \"ttlock\",\n"
    "  \"models\": [\"Test lock\"],\n"
    "  \"sources\": [\n"
    "    {\"id\": \"s1\", \"title\": \"Test source\", "
    "\"url\": \"https://example.com/manual\", \"accessed\": \"2026-11-23\"}\n"
    "  ],\n"
    "  \"match\": {\"rules\": [{\"family\": \"ttlock\"}]},\n"
    "  \"battery\": {\"min_percent\": 30, \"source\": \"s1\"},\n"
    "  \"code_slots\": {\"from\": \"attested\"},\n"
    "  \"credentials\": [\"keypad\", \"ble-phone\"],\n"
    "  \"procedure\": [\n"
    "    {\"phase\": \"intake\", \"steps\": [\n"
    "      {\"id\": \"i1\", \"kind\": \"attest\", \"title\": \"Intake\", "
    "\"instructions\": [\"Record the visit.\"], \"source\": \"s1\"}]},\n"
    "    {\"phase\": \"ownership\", \"steps\": [\n"
    "      {\"id\": \"o1\", \"kind\": \"attest\", \"title\": \"Ownership\", "
    "\"instructions\": [\"Verify ownership.\"], \"source\": \"s1\",\n"
    "       \"verify\": {\"reading\": \"ownership_verified\", "
    "\"equals\": true}}]},\n"
    "    {\"phase\": \"power\", \"steps\": [\n"
    "      {\"id\": \"p1\", \"kind\": \"measure\", \"title\": \"Battery\", "
    "\"instructions\": [\"Read the battery.\"], \"source\": \"s1\",\n"
    "       \"verify\": {\"reading\": \"battery_percent\", "
    "\"at_least\": 30}}]},\n"
    "    {\"phase\": \"reset\", \"steps\": [\n"
    "      {\"id\": \"r1\", \"kind\": \"physical\", \"title\": \"Reset\", "
    "\"instructions\": [\"Follow the manufacturer's instructions for the "
    "installed model.\"], \"source\": \"s1\", \"time_limit_s\": 120}]},\n"
    "    {\"phase\": \"verify-reset\", \"steps\": [\n"
    "      {\"id\": \"v1\", \"kind\": \"verify\", \"title\": \"Watch\", "
    "\"instructions\": [\"Watch the lock.\"], \"source\": \"s1\",\n"
    "       \"verify\": {\"reading\": \"pairing_state\", "
    "\"becomes\": \"unpaired\", \"within_s\": 60}}]}\n"
    "  ]\n"
    "}\n";

/* tp_min with the one occurrence of from replaced by to (caller frees). */
static char *
tp_replace(const char *text, const char *from, const char *to)
{
	const char	*at = strstr(text, from);
	char		*out;
	size_t		 a, f = strlen(from), t = strlen(to);

	assert_non_null(at);
	assert_null(strstr(at + 1, from));
	a = (size_t)(at - text);
	out = malloc(strlen(text) - f + t + 1);
	assert_non_null(out);
	memcpy(out, text, a);
	memcpy(out + a, to, t);
	memcpy(out + a + t, at + f, strlen(at + f) + 1);
	return out;
}

static struct profile *
tp_parse_ok(const char *text)
{
	struct profile		*p = NULL;
	struct ls_errbuf	 eb;

	ls_err_clear(&eb);
	if (profile_parse(text, strlen(text), "test.json", &p, &eb) != LS_OK)
		fail_msg("unexpected error: %s", eb.msg);
	assert_non_null(p);
	return p;
}

static void
test_minimal(void **state)
{
	struct profile			*p = tp_parse_ok(tp_min);
	const struct profile_phase	*ph;
	const struct profile_step	*st;
	char				 buf[128];

	(void)state;
	assert_string_equal(profile_id(p), "minimal");
	assert_string_equal(profile_vendor(p), "Test");
	assert_string_equal(profile_family(p), "ttlock");
	assert_string_equal(profile_file(p), "test.json");
	assert_int_equal(profile_n_models(p), 1);
	assert_string_equal(profile_model(p, 0), "Test lock");
	assert_null(profile_model(p, 1));
	assert_int_equal(profile_n_sources(p), 1);
	assert_string_equal(profile_source(p, 0)->url,
	    "https://example.com/manual");
	assert_non_null(profile_source_find(p, "s1"));
	assert_null(profile_source_find(p, "s2"));
	assert_int_equal(profile_n_rules(p), 1);
	assert_string_equal(profile_rule_str(p, 0, buf, sizeof buf),
	    "family ttlock");
	assert_int_equal(profile_battery(p)->min_percent, 30);
	assert_true(profile_battery(p)->min_volts < 0);
	assert_null(profile_battery(p)->chemistry);
	assert_string_equal(profile_battery(p)->source, "s1");
	assert_int_equal(profile_n_firmware_notes(p), 0);
	assert_int_equal(profile_code_slots(p)->from, PROFILE_SLOTS_ATTESTED);
	assert_null(profile_code_slots(p)->uuid);
	assert_int_equal(profile_credentials(p),
	    PROFILE_CRED_KEYPAD | PROFILE_CRED_BLE_PHONE);
	assert_int_equal(profile_n_phases(p), 5);
	assert_int_equal(profile_phase_at(p, 0)->id, PROFILE_PH_INTAKE);
	assert_int_equal(profile_phase_at(p, 4)->id, PROFILE_PH_VERIFY_RESET);
	assert_null(profile_phase_at(p, 5));
	assert_null(profile_phase_find(p, PROFILE_PH_ENROLL));
	ph = profile_phase_find(p, PROFILE_PH_RESET);
	assert_non_null(ph);
	assert_int_equal(ph->n_steps, 1);
	st = &ph->steps[0];
	assert_string_equal(st->id, "r1");
	assert_int_equal(st->kind, PROFILE_KIND_PHYSICAL);
	assert_int_equal(st->time_limit_s, 120);
	assert_false(st->has_verify);
	assert_int_equal(st->n_instructions, 1);
	assert_string_equal(st->instructions[0],
	    "Follow the manufacturer's instructions for the installed model.");
	st = profile_step_find(p, "v1", &ph);
	assert_non_null(st);
	assert_int_equal(ph->id, PROFILE_PH_VERIFY_RESET);
	assert_true(st->has_verify);
	assert_int_equal(st->verify.reading, PROFILE_RD_PAIRING_STATE);
	assert_int_equal(st->verify.op, PROFILE_OP_BECOMES);
	assert_int_equal(st->verify.within_s, 60);
	assert_string_equal(profile_cond_str(&st->verify, buf, sizeof buf),
	    "pairing_state becomes unpaired within 60 s");
	assert_null(profile_step_find(p, "nope", NULL));
	profile_free(p);
	profile_free(NULL);
}

/* Variants of the minimal profile, each with one defect. */
static const struct {
	const char	*name, *from, *to, *msg;
} tp_bad[] = {
	{ "unknown-key",
	    "\"vendor\": \"Test\",",
	    "\"vendor\": \"Test\", \"colour\": \"red\",",
	    "unknown key 'colour' (line 4, column 21)" },
	{ "unknown-step-key",
	    "\"title\": \"Intake\",",
	    "\"title\": \"Intake\", \"colour\": \"red\",",
	    "procedure[0].steps[0]: unknown key 'colour' "
	    "(line 16, column 57)" },
	{ "within-range",
	    "\"within_s\": 60",
	    "\"within_s\": 0",
	    "procedure[4].steps[0].verify.within_s: must be 1..3600 "
	    "(line 27, column 82)" },
	{ "within-type",
	    "\"within_s\": 60",
	    "\"within_s\": \"60\"",
	    "procedure[4].steps[0].verify.within_s: must be a number, "
	    "not a string (line 27, column 82)" },
	{ "time-limit",
	    "\"time_limit_s\": 120",
	    "\"time_limit_s\": 7200",
	    "procedure[3].steps[0].time_limit_s: must be 1..3600 "
	    "(line 24, column 175)" },
	{ "phase-order",
	    "{\"phase\": \"ownership\"",
	    "{\"phase\": \"baseline\", \"steps\": [{\"id\": \"b1\", "
	    "\"kind\": \"measure\", \"title\": \"Baseline\", "
	    "\"instructions\": [\"Read.\"], \"source\": \"s1\"}]},\n"
	    "    {\"phase\": \"ownership\"",
	    "procedure[2].phase: 'ownership' out of canonical order: it comes "
	    "before 'baseline' (line 18, column 15)" },
	{ "phase-twice",
	    "{\"phase\": \"power\"",
	    "{\"phase\": \"ownership\", \"steps\": [{\"id\": \"o2\", "
	    "\"kind\": \"attest\", \"title\": \"Again\", "
	    "\"instructions\": [\"Again.\"], \"source\": \"s1\"}]},\n"
	    "    {\"phase\": \"power\"",
	    "procedure[2].phase: 'ownership' appears twice "
	    "(line 20, column 15)" },
	{ "unknown-phase",
	    "\"phase\": \"intake\"",
	    "\"phase\": \"setup\"",
	    "procedure[0].phase: 'setup' is not a canonical phase "
	    "(intake, ownership, power, baseline, reset, verify-reset, enroll, "
	    "verify-enroll, credentials, door-test, closeout) "
	    "(line 15, column 15)" },
	{ "unknown-source",
	    "\"title\": \"Battery\", "
	    "\"instructions\": [\"Read the battery.\"], "
	    "\"source\": \"s1\"",
	    "\"title\": \"Battery\", "
	    "\"instructions\": [\"Read the battery.\"], "
	    "\"source\": \"nowhere\"",
	    "procedure[2].steps[0].source: 'nowhere' is not the id of a source "
	    "(line 21, column 108)" },
	{ "bad-json",
	    "\"models\": [\"Test lock\"],",
	    "\"models\": [\"Test lock\",,",
	    "not valid JSON (line 6, column 26)" },
	{ "version",
	    "\"profile\": 1,",
	    "\"profile\": 2,",
	    "profile: format version 2 is not supported (this lockscope reads "
	    "1) (line 2, column 14)" },
	{ "missing-id",
	    "\"id\": \"minimal\",\n",
	    "",
	    "missing key 'id' (line 1, column 1)" },
	{ "duplicate-key",
	    "\"vendor\": \"Test\",",
	    "\"vendor\": \"Test\", \"vendor\": \"Other\",",
	    "duplicate key 'vendor' (line 4, column 21)" },
	{ "bad-reading",
	    "\"reading\": \"battery_percent\"",
	    "\"reading\": \"temperature\"",
	    "procedure[2].steps[0].verify.reading: unknown reading "
	    "'temperature' (line 22, column 30)" },
	{ "two-ops",
	    "\"at_least\": 30}",
	    "\"at_least\": 30, \"at_most\": 90}",
	    "procedure[2].steps[0].verify: needs exactly one of equals, "
	    "becomes, at_least, at_most, present, magnitude_at_most (line 22, "
	    "column 18)" },
	{ "pairing-value",
	    "\"becomes\": \"unpaired\"",
	    "\"becomes\": \"factory\"",
	    "procedure[4].steps[0].verify.becomes: 'factory' is not a value of "
	    "pairing_state (line 27, column 58)" },
	{ "text-at-least",
	    "\"becomes\": \"unpaired\", \"within_s\": 60",
	    "\"at_least\": 1",
	    "procedure[4].steps[0].verify.at_least: needs a numeric reading; "
	    "pairing_state is not one (line 27, column 59)" },
	{ "becomes-no-window",
	    "\"becomes\": \"unpaired\", \"within_s\": 60",
	    "\"becomes\": \"unpaired\"",
	    "procedure[4].steps[0].verify: missing key 'within_s' "
	    "(\"becomes\" watches for a change, so it needs a time window) "
	    "(line 27, column 18)" },
	{ "credential",
	    "\"credentials\": [\"keypad\", \"ble-phone\"]",
	    "\"credentials\": [\"keypad\", \"telepathy\"]",
	    "credentials[1]: unknown credential 'telepathy' "
	    "(line 13, column 29)" },
	{ "uuid",
	    "\"rules\": [{\"family\": \"ttlock\"}]",
	    "\"rules\": [{\"service_uuid\": \"xyz\"}]",
	    "match.rules[0].service_uuid: 'xyz' is not a UUID "
	    "(4 or 8 hex digits, or xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx) "
	    "(line 10, column 40)" },
	{ "empty-rule",
	    "\"rules\": [{\"family\": \"ttlock\"}]",
	    "\"rules\": [{}]",
	    "match.rules[0]: needs at least one of family, company_id, "
	    "service_uuid, name_pattern, appearance (line 10, column 23)" },
	{ "company-range",
	    "\"rules\": [{\"family\": \"ttlock\"}]",
	    "\"rules\": [{\"company_id\": 70000}]",
	    "match.rules[0].company_id: must be 0..65535 "
	    "(line 10, column 38)" },
	{ "step-id-twice",
	    "{\"id\": \"p1\"",
	    "{\"id\": \"o1\"",
	    "procedure[2].steps[0].id: 'o1' is already a step id "
	    "(line 21, column 14)" },
	{ "verify-missing",
	    "\"kind\": \"verify\", \"title\": \"Watch\", "
	    "\"instructions\": [\"Watch the lock.\"], \"source\": \"s1\",\n"
	    "       \"verify\": {\"reading\": \"pairing_state\", "
	    "\"becomes\": \"unpaired\", \"within_s\": 60}}",
	    "\"kind\": \"verify\", \"title\": \"Watch\", "
	    "\"instructions\": [\"Watch the lock.\"], \"source\": \"s1\"}",
	    "procedure[4].steps[0]: missing key 'verify' (a verify step needs "
	    "a condition) (line 26, column 7)" },
	{ "kind",
	    "\"kind\": \"physical\"",
	    "\"kind\": \"dance\"",
	    "procedure[3].steps[0].kind: 'dance' is not one of attest, "
	    "physical, external-app, measure, verify (line 24, column 28)" },
	{ "battery-none",
	    "\"battery\": {\"min_percent\": 30, \"source\": \"s1\"}",
	    "\"battery\": {\"source\": \"s1\"}",
	    "battery: needs min_percent or min_volts (line 11, column 14)" },
	{ "control-char",
	    "\"title\": \"Intake\"",
	    "\"title\": \"In\\u001btake\"",
	    "procedure[0].steps[0].title: must be printable UTF-8 without "
	    "control characters (line 16, column 47)" },
	{ "date",
	    "\"accessed\": \"2026-11-23\"",
	    "\"accessed\": \"23.11.2026\"",
	    "sources[0].accessed: must be a date YYYY-MM-DD "
	    "(line 8, column 91)" },
	{ "gatt-no-uuid",
	    "\"code_slots\": {\"from\": \"attested\"}",
	    "\"code_slots\": {\"from\": \"gatt\", \"source\": \"s1\"}",
	    "code_slots: missing key 'uuid' (with \"from\": \"gatt\") "
	    "(line 12, column 17)" },
	{ "instructions-empty",
	    "\"instructions\": [\"Record the visit.\"]",
	    "\"instructions\": []",
	    "procedure[0].steps[0].instructions: must hold 1..12 entries "
	    "(line 16, column 73)" },
	{ "family",
	    "\"family\": \"ttlock\",",
	    "\"family\": \"acme\",",
	    "family: 'acme' is not a decoder family (homekit, matter, ttlock, "
	    "nuki, switchbot, yale-august, sesame, tuya, xiaomi, airbnk, "
	    "schlage, tedee, danalock, ultraloq, igloohome, noke, yeelock, "
	    "dormakaba, generic) (line 5, column 13)" },
	{ "rule-family",
	    "\"rules\": [{\"family\": \"ttlock\"}]",
	    "\"rules\": [{\"family\": \"acme\"}]",
	    "match.rules[0].family: 'acme' is not a decoder family "
	    "(homekit, matter, ttlock, nuki, switchbot, yale-august, sesame, "
	    "tuya, xiaomi, airbnk, schlage, tedee, danalock, ultraloq, "
	    "igloohome, noke, yeelock, dormakaba, generic) (line 10, column "
	    "34)" },
	{ "id-syntax",
	    "\"id\": \"minimal\"",
	    "\"id\": \"Minimal Profile\"",
	    "id: 'Minimal Profile' is not an id (lowercase letters, "
	    "digits and '-', starting with a letter or digit) "
	    "(line 3, column 9)" },
	{ "reset-no-ownership",
	    "    {\"phase\": \"ownership\", \"steps\": [\n"
	    "      {\"id\": \"o1\", \"kind\": \"attest\", "
	    "\"title\": \"Ownership\", "
	    "\"instructions\": [\"Verify ownership.\"], \"source\": \"s1\",\n"
	    "       \"verify\": {\"reading\": \"ownership_verified\", "
	    "\"equals\": true}}]},\n",
	    "",
	    "procedure[2].phase: 'reset' needs the 'ownership' and 'power' "
	    "phases before it (line 20, column 15)" },
};

static void
test_bad(void **state)
{
	struct profile		*p;
	struct ls_errbuf	 eb;
	char			*t;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof tp_bad / sizeof tp_bad[0]; i++) {
		t = tp_replace(tp_min, tp_bad[i].from, tp_bad[i].to);
		ls_err_clear(&eb);
		p = (struct profile *)1;
		assert_int_equal(profile_parse(t, strlen(t), NULL, &p, &eb),
		    LS_EINPUT);
		assert_null(p);
		if (strcmp(eb.msg, tp_bad[i].msg) != 0)
			fail_msg("%s: got \"%s\", want \"%s\"", tp_bad[i].name,
			    eb.msg, tp_bad[i].msg);
		free(t);
	}
}

static void
test_bad_more(void **state)
{
	struct profile		*p;
	struct ls_errbuf	 eb;
	const char		*t;

	(void)state;
	t = "[1, 2]";
	ls_err_clear(&eb);
	assert_int_equal(profile_parse(t, strlen(t), NULL, &p, &eb), LS_EINPUT);
	assert_string_equal(eb.msg, "must be an object, not an array "
	    "(line 1, column 1)");
	t = "{} x";
	ls_err_clear(&eb);
	assert_int_equal(profile_parse(t, strlen(t), NULL, &p, &eb), LS_EINPUT);
	assert_string_equal(eb.msg, "text after the JSON value "
	    "(line 1, column 4)");
	ls_err_clear(&eb);
	assert_int_equal(profile_parse("{\0}", 3, NULL, &p, &eb), LS_EINPUT);
	assert_string_equal(eb.msg, "NUL byte (line 1, column 2)");
	ls_err_clear(&eb);
	assert_int_equal(profile_parse("", 0, NULL, &p, &eb), LS_EINPUT);
	assert_string_equal(eb.msg, "not valid JSON (line 1, column 1)");
}

static void
test_load_file(void **state)
{
	char			 path[] = "/tmp/lockscope-profile-XXXXXX";
	struct profile		*p;
	struct ls_errbuf	 eb;
	FILE			*f;
	int			 fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs("{\"profile\": 1}", f);
	fclose(f);
	ls_err_clear(&eb);
	assert_int_equal(profile_load_file(path, &p, &eb), LS_EINPUT);
	assert_non_null(strstr(eb.msg,
	    ": missing key 'id' (line 1, column 1)"));
	assert_memory_equal(eb.msg, path, strlen(path));
	unlink(path);
	ls_err_clear(&eb);
	assert_int_equal(profile_load_file(path, &p, &eb), LS_EINPUT);
	assert_non_null(strstr(eb.msg, "cannot open"));
}

/* Every decoder family has a profile; generic exists; all load. */
static void
test_shipped(void **state)
{
	static const char *const families[] = { "homekit", "matter",
	    "ttlock", "nuki", "switchbot", "yale-august", "sesame", "tuya",
	    "xiaomi", "airbnk", "schlage", "tedee", "danalock", "ultraloq",
	    "igloohome", "noke", "yeelock", "dormakaba", "generic" };
	struct profile_set	*s = profile_set_new();
	struct profile_device	 d;
	struct profile_match	 m;
	struct ls_errbuf	 eb;
	size_t			 i;

	(void)state;
	ls_err_clear(&eb);
	if (profile_set_load_dir(s, "profiles", &eb) != LS_OK)
		fail_msg("%s", eb.msg);
	for (i = 0; i < sizeof families / sizeof families[0]; i++) {
		memset(&d, 0, sizeof d);
		d.family = families[i];
		assert_non_null(profile_set_match(s, &d, &m));
		assert_false(m.fallback);
		assert_string_equal(profile_family(m.profile), families[i]);
	}
	/* Not a lock family at all: the generic profile, as a fallback. */
	memset(&d, 0, sizeof d);
	assert_non_null(profile_set_match(s, &d, &m));
	assert_true(m.fallback);
	assert_string_equal(profile_id(m.profile), "generic");
	assert_int_equal(m.rule, -1);
	profile_set_free(s);
}

static struct profile *
tp_variant(const char *id, const char *rules)
{
	char		 from[64], *a, *b;
	struct profile	*p;

	snprintf(from, sizeof from, "\"id\": \"%s\"", id);
	a = tp_replace(tp_min, "\"id\": \"minimal\"", from);
	b = tp_replace(a, "{\"rules\": [{\"family\": \"ttlock\"}]}", rules);
	p = tp_parse_ok(b);
	free(a);
	free(b);
	return p;
}

static void
tp_add(struct profile_set *s, const char *id, const char *rules)
{
	struct ls_errbuf	eb;

	ls_err_clear(&eb);
	assert_int_equal(profile_set_add(s, tp_variant(id, rules), &eb),
	    LS_OK);
}

static void
test_match(void **state)
{
	struct profile_set	*s = profile_set_new();
	struct profile_device	 d;
	struct profile_match	 m;
	struct ls_errbuf	 eb;

	(void)state;
	tp_add(s, "generic", "{\"rules\": [{\"family\": \"generic\"}]}");
	tp_add(s, "fam", "{\"rules\": [{\"family\": \"ttlock\"}]}");
	tp_add(s, "acme", "{\"rules\": [{\"family\": \"nuki\"}, "
	    "{\"family\": \"ttlock\", \"name_pattern\": \"acme*\"}]}");
	tp_add(s, "prio", "{\"priority\": 5, \"rules\": [{\"company_id\": "
	    "4660}]}");
	tp_add(s, "uuid", "{\"rules\": [{\"service_uuid\": \"FE24\"}]}");
	tp_add(s, "app", "{\"rules\": [{\"appearance\": 1800}]}");
	tp_add(s, "app2", "{\"rules\": [{\"appearance\": 1800}]}");
	assert_int_equal(profile_set_count(s), 7);
	assert_string_equal(profile_id(profile_set_at(s, 0)), "acme");

	/* The more specific rule wins: two criteria beat one. */
	memset(&d, 0, sizeof d);
	d.family = "ttlock";
	snprintf(d.name, sizeof d.name, "ACME front door");
	assert_string_equal(profile_id(profile_set_match(s, &d, &m)), "acme");
	assert_int_equal(m.rule, 1);
	assert_int_equal(m.specificity, 2);
	assert_false(m.fallback);
	/* Name does not fit the glob: the family profile. */
	snprintf(d.name, sizeof d.name, "Back door");
	assert_string_equal(profile_id(profile_set_match(s, &d, &m)), "fam");
	assert_int_equal(m.specificity, 1);
	/* No name at all: a name_pattern never matches. */
	d.name[0] = '\0';
	assert_string_equal(profile_id(profile_set_match(s, &d, &m)), "fam");
	/* Priority beats specificity. */
	snprintf(d.name, sizeof d.name, "ACME front door");
	d.company_ids[0] = 0x1234;
	d.n_company_ids = 1;
	assert_string_equal(profile_id(profile_set_match(s, &d, &m)), "prio");
	/* Service UUID in 16-bit and 128-bit text both match "FE24". */
	memset(&d, 0, sizeof d);
	snprintf(d.uuids[0], sizeof d.uuids[0], "fe24");
	d.n_uuids = 1;
	assert_string_equal(profile_id(profile_set_match(s, &d, &m)), "uuid");
	snprintf(d.uuids[0], sizeof d.uuids[0],
	    "0000fe24-0000-1000-8000-00805f9b34fb");
	assert_string_equal(profile_id(profile_set_match(s, &d, &m)), "uuid");
	/* A full tie goes to the smaller id. */
	memset(&d, 0, sizeof d);
	d.has_appearance = true;
	d.appearance = 1800;
	assert_string_equal(profile_id(profile_set_match(s, &d, &m)), "app");
	/* Nothing matches: the generic profile. */
	d.appearance = 1801;
	assert_string_equal(profile_id(profile_set_match(s, &d, &m)),
	    "generic");
	assert_true(m.fallback);
	/* Same id twice is refused. */
	ls_err_clear(&eb);
	assert_int_equal(profile_set_add(s, tp_variant("fam", "{\"rules\": "
	    "[{\"family\": \"nuki\"}]}"), &eb), LS_EINPUT);
	assert_string_equal(eb.msg, "test.json: id: 'fam' is already defined "
	    "in test.json");
	assert_non_null(profile_set_find(s, "uuid"));
	assert_null(profile_set_find(s, "nope"));
	profile_set_free(s);

	/* Without a generic profile there is no fallback. */
	s = profile_set_new();
	tp_add(s, "fam", "{\"rules\": [{\"family\": \"ttlock\"}]}");
	d.family = "nuki";
	assert_null(profile_set_match(s, &d, &m));
	assert_null(m.profile);
	assert_false(m.fallback);
	profile_set_free(s);
	profile_set_free(NULL);
}

/* A device record from advertising bytes, as the scan fills it. */
static void
test_device_from_dev(void **state)
{
	/* Flags; 16-bit UUID FE24; name "Yale"; mfr 0x01D1 [01]. */
	static const uint8_t adv[] = { 0x02, 0x01, 0x06, 0x03, 0x03, 0x24,
	    0xfe, 0x05, 0x09, 'Y', 'a', 'l', 'e', 0x04, 0xff, 0xd1, 0x01,
	    0x01, 0x03, 0x19, 0x08, 0x07 };
	struct dev		*dv = calloc(1, sizeof *dv);
	struct profile_device	 d;

	(void)state;
	assert_non_null(dv);
	ad_parse(adv, sizeof adv, &dv->ad);
	dv->lock.family = "yale-august";
	profile_device_from_dev(dv, &d);
	assert_string_equal(d.family, "yale-august");
	assert_int_equal(d.n_company_ids, 1);
	assert_int_equal(d.company_ids[0], 0x01d1);
	assert_int_equal(d.n_uuids, 1);
	assert_string_equal(d.uuids[0], "fe24");
	assert_string_equal(d.name, "Yale");
	assert_true(d.has_appearance);
	assert_int_equal(d.appearance, 0x0708);
	free(dv);
}

static const struct profile_cond *
tp_cond(struct profile **keep, const char *verify)
{
	char	*t = tp_replace(tp_min, "{\"reading\": \"pairing_state\", "
	    "\"becomes\": \"unpaired\", \"within_s\": 60}", verify);

	*keep = tp_parse_ok(t);
	free(t);
	return &profile_step_find(*keep, "v1", NULL)->verify;
}

static void
test_cond(void **state)
{
	struct profile			*p;
	const struct profile_cond	*c;
	struct reading			 paired, unpaired, unset, na, att, win;
	struct reading			 pct, pct_real, txt;
	char				 buf[128];

	(void)state;
	reading_text(&paired, RD_OBSERVED, "paired", "advertisement", 1);
	reading_text(&unpaired, RD_OBSERVED, "unpaired", "advertisement", 2);
	reading_text(&win, RD_OBSERVED, "pairing_window", "advertisement", 2);
	reading_text(&att, RD_ATTESTED, "unpaired", "technician", 2);
	memset(&unset, 0, sizeof unset);
	reading_unavailable(&na, "gatt 2a19", "needs vendor authorization", 3);
	reading_int(&pct, RD_OBSERVED, 30, "advertisement", 4);
	reading_real(&pct_real, RD_OBSERVED, 29.5, "gatt 2bed", 4);
	reading_text(&txt, RD_OBSERVED, "30", "advertisement", 4);

	/* becomes: a change to the value, inside the window. */
	c = tp_cond(&p, "{\"reading\": \"pairing_state\", \"becomes\": "
	    "\"unpaired\", \"within_s\": 60}");
	assert_int_equal(profile_cond_eval(c, &paired, &unpaired, 10),
	    PROFILE_MET);
	assert_int_equal(profile_cond_eval(c, &paired, &paired, 10),
	    PROFILE_NOT_YET);
	assert_int_equal(profile_cond_eval(c, &paired, &paired, 60),
	    PROFILE_FAILED);
	/* Already unpaired: no change seen, so not "became". */
	assert_int_equal(profile_cond_eval(c, &unpaired, &unpaired, 10),
	    PROFILE_NOT_YET);
	/* No previous reading: a change cannot be claimed. */
	assert_int_equal(profile_cond_eval(c, NULL, &unpaired, 10),
	    PROFILE_NOT_YET);
	assert_int_equal(profile_cond_eval(c, &unset, &unpaired, 100),
	    PROFILE_FAILED);
	/* Attested counts unless observed is required. */
	assert_int_equal(profile_cond_eval(c, &paired, &att, 1), PROFILE_MET);
	profile_free(p);

	c = tp_cond(&p, "{\"reading\": \"pairing_state\", \"becomes\": "
	    "[\"unpaired\", \"pairing_window\"], \"within_s\": 60, "
	    "\"observed\": true}");
	assert_int_equal(profile_cond_eval(c, &paired, &att, 1),
	    PROFILE_NOT_YET);
	assert_int_equal(profile_cond_eval(c, &paired, &win, 1), PROFILE_MET);
	assert_int_equal(profile_cond_eval(c, &unpaired, &win, 1),
	    PROFILE_NOT_YET);
	assert_string_equal(profile_cond_str(c, buf, sizeof buf),
	    "pairing_state becomes unpaired or pairing_window within 60 s "
	    "(observed only)");
	profile_free(p);

	/* at_least: integers and reals; text never; no window: at once. */
	c = tp_cond(&p, "{\"reading\": \"battery_percent\", \"at_least\": "
	    "30}");
	assert_int_equal(profile_cond_eval(c, NULL, &pct, 0), PROFILE_MET);
	assert_int_equal(profile_cond_eval(c, NULL, &pct_real, 0),
	    PROFILE_FAILED);
	assert_int_equal(profile_cond_eval(c, NULL, &txt, 0), PROFILE_FAILED);
	assert_int_equal(profile_cond_eval(c, NULL, &na, 0), PROFILE_FAILED);
	assert_int_equal(profile_cond_eval(c, NULL, NULL, 0), PROFILE_FAILED);
	assert_string_equal(profile_cond_str(c, buf, sizeof buf),
	    "battery_percent at least 30");
	profile_free(p);

	c = tp_cond(&p, "{\"reading\": \"codes_temporary_count\", "
	    "\"at_most\": 0, \"within_s\": 5}");
	reading_int(&pct, RD_ATTESTED, 0, "technician", 0);
	assert_int_equal(profile_cond_eval(c, NULL, &pct, 0), PROFILE_MET);
	reading_int(&pct, RD_ATTESTED, 2, "technician", 0);
	assert_int_equal(profile_cond_eval(c, NULL, &pct, 4.9),
	    PROFILE_NOT_YET);
	assert_int_equal(profile_cond_eval(c, NULL, &pct, 5), PROFILE_FAILED);
	profile_free(p);

	/* present: unavailable counts as absent. */
	c = tp_cond(&p, "{\"reading\": \"codes_active\", \"present\": true}");
	assert_int_equal(profile_cond_eval(c, NULL, &pct, 0), PROFILE_MET);
	assert_int_equal(profile_cond_eval(c, NULL, &na, 0), PROFILE_FAILED);
	assert_string_equal(profile_cond_str(c, buf, sizeof buf),
	    "codes_active is present");
	profile_free(p);
	c = tp_cond(&p, "{\"reading\": \"codes_active\", \"present\": false}");
	assert_int_equal(profile_cond_eval(c, NULL, &na, 0), PROFILE_MET);
	assert_int_equal(profile_cond_eval(c, NULL, &unset, 0), PROFILE_MET);
	assert_int_equal(profile_cond_eval(c, NULL, &pct, 0), PROFILE_FAILED);
	profile_free(p);

	/* equals on a boolean. */
	c = tp_cond(&p, "{\"reading\": \"ownership_verified\", \"equals\": "
	    "true}");
	reading_bool(&att, RD_ATTESTED, true, "technician", 0);
	assert_int_equal(profile_cond_eval(c, NULL, &att, 0), PROFILE_MET);
	reading_bool(&att, RD_ATTESTED, false, "technician", 0);
	assert_int_equal(profile_cond_eval(c, NULL, &att, 0), PROFILE_FAILED);
	assert_int_equal(profile_cond_eval(c, NULL, &paired, 0),
	    PROFILE_FAILED);
	profile_free(p);
	assert_string_equal(profile_verdict_name(PROFILE_NOT_YET), "not yet");
}

static void
test_names(void **state)
{
	enum profile_phase_id	id;

	(void)state;
	assert_string_equal(profile_phase_name(PROFILE_PH_VERIFY_RESET),
	    "verify-reset");
	assert_null(profile_phase_name(PROFILE_PH_COUNT));
	assert_true(profile_phase_from_name("door-test", &id));
	assert_int_equal(id, PROFILE_PH_DOOR_TEST);
	assert_false(profile_phase_from_name("Door-test", &id));
	assert_string_equal(profile_kind_name(PROFILE_KIND_EXTERNAL_APP),
	    "external-app");
	assert_string_equal(profile_reading_name(PROFILE_RD_CLOCK_SKEW_S),
	    "clock_skew_s");
	assert_string_equal(profile_op_name(PROFILE_OP_AT_MOST), "at_most");
	{
		enum profile_reading	rd;

		assert_true(profile_reading_from_name("codes_active", &rd));
		assert_int_equal(rd, PROFILE_RD_CODES_ACTIVE);
		assert_false(profile_reading_from_name("codes", &rd));
	}
	assert_string_equal(profile_cred_name(PROFILE_CRED_NFC_RING),
	    "nfc-ring");
	assert_null(profile_cred_name(3));
}

static void
test_default_dir(void **state)
{
	char	buf[4096];

	(void)state;
	setenv("LOCKSCOPE_PROFILES", "/nonexistent/profiles", 1);
	assert_string_equal(profile_default_dir(buf, sizeof buf),
	    "/nonexistent/profiles");
	unsetenv("LOCKSCOPE_PROFILES");
	profile_default_dir(buf, sizeof buf);
	assert_true(strlen(buf) > 9);
	assert_string_equal(buf + strlen(buf) - 9, "/profiles");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_minimal),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_bad_more),
		cmocka_unit_test(test_load_file),
		cmocka_unit_test(test_shipped),
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_device_from_dev),
		cmocka_unit_test(test_cond),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_default_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
