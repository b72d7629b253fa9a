/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * uid_digest.h - keyed digests of NFC UIDs: uid_sha256 = HMAC-SHA256(secret,
 * UID) with a per-installation 32-byte secret (libsodium
 * crypto_auth_hmacsha256).  The same credential gives the same digest on
 * every visit made with this installation; without the secret the
 * digest cannot be tied back to a UID (a UID has at most 80 bits, so an
 * unkeyed hash could be reversed by trying them).
 *
 * The secret lives in $LOCKSCOPE_UID_KEY if set, else
 * $XDG_CONFIG_HOME/lockscope/uid.key, else ~/.config/lockscope/uid.key.
 * It is created at first use, mode 0600 in a 0700 directory, atomically:
 * written to a temporary file, synced, then link(2)ed into place, so two
 * first runs at once agree on one secret and no reader sees half a key.
 */
#ifndef LS_NFC_UID_DIGEST_H
#define LS_NFC_UID_DIGEST_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define UID_DIGEST_LEN	32

/*
 * Load the secret, creating it when absent.  path (may be NULL) gets
 * the file used (cap bytes).  LS_EINPUT when the file is not a regular
 * file of 32 bytes, LS_EPERM when group or others may read it (as for
 * the signing key) or when it cannot be read or made, else LS_EIO.
 */
enum ls_err	uid_digest_load(uint8_t key[UID_DIGEST_LEN], char *path,
		    size_t cap, struct ls_errbuf *eb);

/* Lower-case hex HMAC-SHA256(key, uid) into out (65 bytes). */
void		uid_digest_digest(const uint8_t key[UID_DIGEST_LEN],
		    const uint8_t *uid, size_t n, char out[65]);

#endif
