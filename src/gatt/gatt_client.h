/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * gatt_client.h - the GATT client: what inspect asks a lock, in as few ATT
 * round trips as the lock allows.
 *
 * Core 5.4 Vol 3 Part G §4.3.1 (Exchange MTU), §4.4.1 (Discover All
 * Primary Services: Read By Group Type), §4.6.1 (Discover All
 * Characteristics: Read By Type 0x2803), §4.8.1 (Read), §4.8.3 (Read
 * Long: Read Blob), §4.8.4 (Read Multiple), §4.8.5 (Read Multiple
 * Variable Length).  Shape after bluez/bluez:src/shared/gatt-client.c
 * (discovery, then reads), written anew.
 *
 * The standard inspection, when the negotiated ATT_MTU is at least
 * GATT_FI_MIN_MTU (a lock's characteristic values are then short next to
 * a response) and the lock has Read Multiple Variable Length:
 *   1. Exchange MTU (ours 517).
 *   2. Find Information from handle 1 (Vol 3 Part F §3.4.3.1): the type
 *      of every attribute up to the first one with a 128-bit type.  That
 *      gives the handles of the service and characteristic declarations
 *      and the UUIDs of the values that follow them (§3.3: a value comes
 *      right after its declaration), so no service or characteristic
 *      discovery is needed where the types are 16-bit.
 *   3. Where it stopped at a declaration whose value has a 128-bit type
 *      (a vendor characteristic), one Read By Type 0x2803 from there
 *      collects the run of such declarations; when they sit back to back
 *      Find Information goes on after the run (after a last one that
 *      notifies, one Read By Type asks whether any declaration follows,
 *      skipping its descriptors), else the rest is found as in 2-3
 *      below (services after the run, then declarations).
 *   4. Find Information answering Attribute Not Found ends the layout.
 *   5. One Read Multiple Variable Length for the declaration values not
 *      yet known (service UUIDs, characteristic properties) and every
 *      known standard characteristic (std_chars.h); Read Blob only for
 *      values it truncated; a value refused with an ATT error is dropped
 *      from the set and the rest asked again.
 * A lock with all 16-bit UUIDs takes 4 requests (MTU, Find Information,
 * the final Find Information, one read); one with a vendor service of
 * 128-bit characteristics one more, and each refused value one more.
 *
 * Otherwise (a smaller ATT_MTU, --full-enumeration, or Request Not
 * Supported for Read Multiple Variable Length, which starts the
 * discovery again this way):
 *   1. Exchange MTU (ours 517).
 *   2. Primary services over the whole range (Read By Group Type); a
 *      group ending at 0xFFFF ends the search without a further request.
 *   3. Characteristic declarations with one Read By Type over the whole
 *      service range at the negotiated MTU, continued only while the
 *      next start handle is inside a known service.
 *   4. One Read Multiple Variable Length for every readable known
 *      standard characteristic (std_chars.h); Read Blob only for values it
 *      truncated.  A server that answers Request Not Supported gets Read
 *      Multiple (fixed-size values) or one Read per value instead; a
 *      value refused with an ATT error is dropped from the set and the
 *      rest asked again.
 * Values of characteristics that are not in the gattstd table are
 * never read (they may hold passwords or codes).
 *
 * Timeouts: ATT allows 30 s per transaction (Vol 3 Part F §3.3.3); the
 * caller's per-request timeout applies instead (inspect: 5 s), and a
 * timeout ends the inspection (the bearer is then unusable).
 */
#ifndef LS_GATT_GATT_CLIENT_H
#define LS_GATT_GATT_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gatt/att_bearer.h"
#include "gatt/std_chars.h"

#define GATT_MAX_SERVICES	64
#define GATT_MAX_CHARS		256
#define GATT_FI_MIN_MTU		128	/* Find Information route from here */

struct gatt_uuid {
	uint8_t		 len;		/* 2 or 16 */
	uint8_t		 v[16];		/* little-endian, as on the wire */
};

struct gatt_service {
	uint16_t	 start, end;
	struct gatt_uuid uuid;
	bool		 unread;	/* UUID still to read
					   (Find Information) */
};

struct gatt_char {
	uint16_t	 decl;		/* declaration handle */
	uint16_t	 value;		/* value handle */
	uint8_t		 props;		/* ATT_PROP_* */
	struct gatt_uuid uuid;
	int		 service;	/* index in services, -1 if none */
	bool		 unread;	/* declaration value still to read */
};

/* What the Find Information responses taught so far (gatt_parse_info). */
struct gatt_info {
	uint16_t	 next;		/* first handle not covered, 0: none */
	uint16_t	 last;		/* highest handle known to exist */
	bool		 open;		/* last service's end not known yet */
};

struct gatt_opts {
	unsigned	 timeout_ms;	/* per ATT request */
	bool		 full;		/* full-enumeration baseline (bench) */
	long		 utc_offset_s;	/* laptop's local offset, for 2a2b */
};

struct gatt_result {
	struct gatt_service	 services[GATT_MAX_SERVICES];
	size_t			 nservices;
	struct gatt_char	 chars[GATT_MAX_CHARS];
	size_t			 nchars;
	bool			 capped;	/* more than the caps: cut */
	struct stdchar_out	 std;		/* the readings */
	uint16_t		 mtu;
	unsigned		 requests;	/* ATT requests sent */
	bool			 used_rmv;	/* Read Multiple
						   Variable used */
	bool			 used_find_info; /* layout by Find
						    Information */
};

/* Finished: eb->code LS_OK, or why it stopped; eb lives for the call. */
typedef void	(*gatt_done_fn)(const struct ls_errbuf *eb, void *arg);

struct gatt;

/* New client on a (borrowed).  NULL when out of memory. */
struct gatt	*gatt_new(struct att *a, struct loop *loop);

/* Free; a pending done is not called.  NULL is a no-op. */
void		 gatt_free(struct gatt *);

/*
 * Run the inspection, filling *out (which must outlive it).  done fires
 * once.  On a failure *out holds what was learnt before it.
 */
void		 gatt_inspect(struct gatt *, const struct gatt_opts *,
		    struct gatt_result *out, gatt_done_fn done, void *arg);

/* "2a19" for 16-bit and SIG-base UUIDs, else the 36-character form. */
char		*gatt_uuid_str(const struct gatt_uuid *, char out[37]);

/* The 16-bit UUID of u (also from the SIG base form), or 0. */
uint16_t	 gatt_uuid16(const struct gatt_uuid *u);

/*
 * Pure parsers of the discovery responses, for tests and fuzzing.  Each
 * takes the whole response PDU and appends to out; LS_EMALFORMED on a
 * layout error (eb filled).  *last gets the last handle covered.
 */
enum ls_err	 gatt_parse_services(const uint8_t *pdu, size_t n,
		    struct gatt_result *out, uint16_t *last,
		    struct ls_errbuf *eb);
enum ls_err	 gatt_parse_chars(const uint8_t *pdu, size_t n,
		    struct gatt_result *out, uint16_t *last,
		    struct ls_errbuf *eb);

/*
 * A Find Information Response: primary service declarations become
 * services (UUID unread, end provisional while in->open), characteristic
 * declarations become characteristics (value handle provisional, value
 * UUID from the type of the attribute after them, properties unread);
 * in->next and in->last move on.  LS_EMALFORMED on a layout error.
 */
enum ls_err	 gatt_parse_info(const uint8_t *pdu, size_t n,
		    struct gatt_result *out, struct gatt_info *in,
		    struct ls_errbuf *eb);

#endif
