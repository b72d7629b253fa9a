/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * records.h - service records: every verified visit report kept in a
 * database (SQLite on the laptop, PostgreSQL for the company; store.h),
 * with the tables a question across visits needs.  lockscope-records(1)
 * documents the schema, the lock identity rule and the trust flag.
 *
 * A report goes in whole (its canonical JSON, RFC 8785, integrity
 * included) and as rows: the visit, each device with its identity and
 * key readings, every reading before and after, the steps, the remedy
 * (when the report has one), the credential counts and the signer.  It
 * goes in only after lockscope report verify's own check
 * (report_verify) passed, in one transaction, keyed by its digest: the
 * same report twice is one record.  The schema is versioned
 * (RECORDS_SCHEMA_VERSION); opening migrates an older database forward
 * and refuses a newer one.  Nothing here prints.
 */
#ifndef LS_RECORDS_RECORDS_H
#define LS_RECORDS_RECORDS_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"
#include "visit/report.h"

struct cJSON;
struct records;

#define RECORDS_SCHEMA_VERSION	1
#define RECORDS_APPLICATION	"lockscope-records"
#define RECORDS_LOCK_ID_MAX	256

/*
 * Open (creating and migrating as needed) the records database at
 * target: a file path, or a postgresql:// URI.  LS_EINPUT when it is
 * not a lockscope records database or its schema is newer than this
 * program's; LS_EUNAVAIL when the server cannot be reached.
 */
enum ls_err	records_open(const char *target, struct records **,
		    struct ls_errbuf *);

/* NULL is a no-op. */
void		records_close(struct records *);

/* "sqlite" or "postgresql". */
const char	*records_backend(const struct records *);

/* The schema version of the open database. */
int		records_schema_version(const struct records *);

/*
 * Add the report in the file at path: report_verify_file first (any
 * signer is accepted; trust is a flag, records_trust_*), then the rows,
 * in one transaction.  *added false when a report with the same digest
 * was already there (nothing written).  chk (may be NULL) gets what
 * the verification established.  On an error *refused (may be NULL)
 * says whose it is: true, the file's (LS_EINPUT not a report, LS_EFAIL
 * a report that does not verify, LS_EIO cannot read it), false, the
 * database's (codes as records_open).  On any error nothing of this
 * report is kept.
 */
enum ls_err	records_add_file(struct records *, const char *path,
		    bool *added, bool *refused, struct report_check *chk,
		    struct ls_errbuf *);

/* The same for n bytes of report text already read. */
enum ls_err	records_add_text(struct records *, const char *text,
		    size_t n, bool *added, bool *refused,
		    struct report_check *chk, struct ls_errbuf *);

/*
 * Every report of from that to lacks, added to to (each verified again,
 * one transaction each), oldest first.  *pushed and *present count
 * them.  Stops at the first error; what was pushed stays pushed.
 */
enum ls_err	records_push(struct records *from, struct records *to,
		    size_t *pushed, size_t *present, struct ls_errbuf *);

/*
 * The lock identity rule (lockscope-records(1) LOCK IDENTITY) for one
 * device object of a report, into id (RECORDS_LOCK_ID_MAX); *basis gets
 * "serial", "nfc" or "address"; *note (may be NULL) a sentence when the
 * identity may not hold across visits, else NULL.
 */
void		records_lock_id(const struct cJSON *device, char *id,
		    const char **basis, const char **note);

/* What records_list selects; NULL members select everything. */
struct records_filter {
	const char	*site;
	const char	*lock;		/* lock id, address or serial */
	const char	*technician;
	const char	*since;		/* YYYY-MM-DD or RFC 3339 */
	const char	*until;		/* inclusive */
	const char	*outcome;
};

/* One visit of one lock: each member text or NULL (unknown). */
enum records_col {
	RC_DIGEST, RC_VISIT_ID, RC_STARTED, RC_FINISHED, RC_SITE,
	RC_TECHNICIAN, RC_WORK_ORDER, RC_OUTCOME, RC_REMEDY, RC_SIGNER,
	RC_TRUST, RC_LOCK_ID, RC_ID_BASIS, RC_ID_NOTE, RC_ADDRESS,
	RC_ADDRESS_TYPE, RC_FAMILY, RC_VENDOR, RC_MODEL, RC_SERIAL,
	RC_BATTERY_PERCENT_BEFORE, RC_BATTERY_VOLTS_BEFORE,
	RC_BATTERY_PERCENT_AFTER, RC_BATTERY_VOLTS_AFTER, RC_FIRMWARE_BEFORE,
	RC_FIRMWARE_AFTER, RC_CLOCK_SKEW_S, RC_PAIRING_BEFORE,
	RC_PAIRING_AFTER, RC_CODES_ACTIVE, RC_BATTERY_REPLACED,
	RC_COUNT
};

/* The column's name in --json output and the CSV header. */
const char	*records_col_name(enum records_col);

/*
 * Call fn for each visit (and lock) the filter selects, oldest first.
 * row[RC_COUNT] lives only during the call.  trust is "trusted",
 * "untrusted" (signed by a key not in the trust list) or "unsigned".
 */
typedef void	(*records_row_fn)(const char *const *row, void *arg);
enum ls_err	records_list(struct records *, const struct records_filter *,
		    records_row_fn fn, void *arg, struct ls_errbuf *);

/* The canonical report of digest into *json (malloc'd; caller frees). */
enum ls_err	records_report(struct records *, const char *digest,
		    char **json, struct ls_errbuf *);

/*
 * The trust list: public keys (64 hex digits) whose reports the company
 * trusts.  add is a no-op for a key already there; remove of a key not
 * there is LS_EINPUT.  list calls fn(public_key, fingerprint, added).
 */
enum ls_err	records_trust_add(struct records *, const char *pubhex,
		    struct ls_errbuf *);
enum ls_err	records_trust_remove(struct records *, const char *pubhex,
		    struct ls_errbuf *);
enum ls_err	records_trust_list(struct records *,
		    void (*fn)(const char *key, const char *fpr,
		    const char *added, void *), void *arg,
		    struct ls_errbuf *);

/* Check a date for --since/--until: YYYY-MM-DD or
   YYYY-MM-DDTHH:MM[:SS[.mmm]][Z], in UTC. */
bool		records_date_ok(const char *);

#endif
