/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * report.h - the JSON audit report of a visit (lockscope-report(5)), its
 * canonical form, integrity (SHA-256, Ed25519) and atomic write.
 *
 * The format is documented in man/lockscope-report.5; in short:
 *
 *   {"schema":"lockscope-report/1", "tool":{...}, "visit":{...},
 *    "authorization":{...}, "signer":{...}|null, "devices":[...],
 *    "steps":[...], "summary":{...}, "outcome":{...},
 *    "signal":{"interval_s":N, "samples":[{"at":T, "rssi":N|null}]}
 *    (absent when no signal window closed, and in older reports),
 *    "integrity":{"algorithm":"sha256"|"sha256+ed25519",
 *                 "canonicalization":REPORT_CANON, "sha256":HEX,
 *                 "signature":HEX|null, "public_key":HEX|null}}
 *
 * Canonical body: the report object without its top-level "integrity"
 * member, serialised by the JSON Canonicalization Scheme (RFC 8785):
 * members sorted by their names' UTF-16 code units, no insignificant
 * whitespace, strings with only the mandatory escapes, numbers in
 * ECMAScript form.  sha256 is SHA-256 of those bytes; the Ed25519
 * signature is over the same canonical bytes.  The file itself is the
 * canonical serialisation of the whole report (integrity included)
 * followed by a newline.  Nothing here prints.
 */
#ifndef LS_VISIT_REPORT_H
#define LS_VISIT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"
#include "visit/key.h"
#include "visit/visit.h"

struct cJSON;

#define REPORT_SCHEMA	"lockscope-report/1"
#define REPORT_CANON	"RFC8785"
#define REPORT_FILE_MAX	(16 * 1024 * 1024)

/*
 * The report body for v (no "integrity" yet), or NULL with eb filled.
 * signer_pk (may be NULL) names the key that will sign it.  Caller frees
 * with cJSON_Delete.
 */
struct cJSON	*report_build(const struct visit *v,
		    const uint8_t *signer_pk, struct ls_errbuf *);

/*
 * RFC 8785 serialisation of o (util/json_canon.h) into a malloc'd,
 * NUL-terminated buffer (*len bytes).  skip_integrity leaves out the top-level
 * "integrity" member.  LS_EINPUT for what JCS refuses: duplicate names, invalid
 * UTF-8, non-finite numbers, nesting deeper than 64, raw values.
 */
enum ls_err	 report_canonical(const struct cJSON *o, bool skip_integrity,
		    char **out, size_t *len, struct ls_errbuf *);

/*
 * ECMAScript Number-to-String of a finite double (RFC 8785 3.2.2.3) into
 * out (>= 32 bytes).  False for NaN and infinities.
 */
bool		 report_number(double d, char *out, size_t cap);

/*
 * Add (or replace) the "integrity" member of report: the digest of its
 * canonical body and, when k is not NULL, the signature.
 */
enum ls_err	 report_seal(struct cJSON *report, const struct key *k,
		    struct ls_errbuf *);

/*
 * Write report to path atomically: a temporary file in the same
 * directory, written, fsync'd, renamed over path, then the directory
 * fsync'd.  On any failure the temporary file is removed and path is
 * untouched.
 */
enum ls_err	 report_write(const char *path, const struct cJSON *report,
		    struct ls_errbuf *);

/*
 * Remove temporary files that a killed report_write left next to path
 * (".NAME.XXXXXX").  Call it only while holding the visit's journal
 * lock, so no other writer of that report is running.  Returns how many
 * were removed.
 */
size_t		 report_remove_stale(const char *path);

/* report_build + report_seal + report_write, for the engine. */
enum ls_err	 report_save(const char *path, const struct visit *v,
		    const struct key *k, struct ls_errbuf *);

/* What report_verify established. */
struct report_check {
	bool		 is_signed;
	char		 sha256[65];
	uint8_t		 public_key[KEY_PUBLIC_BYTES];
	char		 fingerprint[KEY_FPR_LEN];
};

/*
 * Check n bytes of report text: strict JSON (RFC 8259: no leading zeros,
 * no raw control characters, valid UTF-8, no \u0000, no duplicate
 * names), the schema, the integrity section (each of its members once,
 * of its type), then the digest of the canonical body, the signer, and
 * the signature.  Messages name the position ("(line 1, column C)").  want_pk
 * (may be NULL) must then be the signer.  Returns LS_OK when all hold;
 * LS_EINPUT when the text is not a lockscope report at all; LS_EFAIL when it is
 * one but does not verify (changed, unsigned while a key is required, signed by
 * another key).  *tree (may be NULL) gets the parsed report when it parsed
 * (caller frees), whatever the verdict.
 */
enum ls_err	 report_verify(const char *buf, size_t n,
		    const uint8_t *want_pk, struct report_check *,
		    struct cJSON **tree, struct ls_errbuf *);

/* report_verify on a file (read with a REPORT_FILE_MAX cap). */
enum ls_err	 report_verify_file(const char *path, const uint8_t *want_pk,
		    struct report_check *, struct cJSON **tree,
		    struct ls_errbuf *);

/*
 * Report status of a step (passed | failed | skipped) from the visit
 * status: blocked and pending -> skipped, running (interrupted) ->
 * failed.
 */
const char	*report_status(enum visit_status);

#endif
