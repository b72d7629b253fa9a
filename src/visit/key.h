/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * key.h - the technician's Ed25519 signing key (libsodium).
 *
 * The key file holds the 32-byte Ed25519 seed as 64 lower-case hex
 * characters and a newline; the key pair is derived from it with
 * crypto_sign_seed_keypair.  Default location:
 * $XDG_CONFIG_HOME/lockscope/technician.key, else
 * ~/.config/lockscope/technician.key; $LOCKSCOPE_KEY overrides.  The
 * file is created with O_EXCL and mode 0600 whatever the umask, its
 * directory 0700; a key file that group or others can read is refused.
 * Next to it, technician.pub (mode 0644) holds the public key as one
 * line "lockscope-ed25519 HEX", for "lockscope report verify --key".
 * The secret never leaves this module: no function returns or formats
 * it.  Nothing here prints.
 */
#ifndef LS_VISIT_KEY_H
#define LS_VISIT_KEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define KEY_PUBLIC_BYTES	32
#define KEY_SIG_BYTES		64
#define KEY_FPR_LEN		48	/* "SHA256:" + 8 groups of 4 hex
					   + NUL */
#define KEY_PUB_TAG		"lockscope-ed25519"

struct key;

/*
 * The key file path: $LOCKSCOPE_KEY, else the default above.  LS_EINPUT
 * when neither HOME nor XDG_CONFIG_HOME is usable or the path is too
 * long.
 */
enum ls_err	key_path(char *buf, size_t len, struct ls_errbuf *);

/* The public key file for a key path: ".key" replaced by ".pub". */
enum ls_err	key_pub_path(const char *path, char *buf, size_t len,
		    struct ls_errbuf *);

/*
 * Create a new key at path, and its public key file.  Its directory is created
 * (mode 0700) when missing.  An existing key is kept (LS_EINPUT "exists")
 * unless force, which replaces it atomically.  pk (may be NULL) gets the public
 * key.
 */
enum ls_err	key_init(const char *path, bool force,
		    uint8_t pk[KEY_PUBLIC_BYTES], struct ls_errbuf *);

/*
 * Load the key at path.  LS_EUNAVAIL when there is no such file (no
 * technician key: reports are digested, not signed), LS_EPERM when group
 * or others may read it, LS_EINPUT when it is not a key file.
 */
enum ls_err	key_load(const char *path, struct key **out,
		    struct ls_errbuf *);

/*
 * The pair: the key file is the switch of "key init --force" (renamed
 * into place first); technician.pub is derived from it and written
 * after.  When the public file is missing, damaged or another key's (a
 * run killed between the two), rewrite it from k, atomically, and set
 * *repaired.
 */
enum ls_err	key_check_pair(const char *path, const struct key *k,
		    bool *repaired, struct ls_errbuf *);

/* Wipe and free; NULL is a no-op. */
void		key_free(struct key *);

/* The public key (32 bytes, lives as long as the key). */
const uint8_t	*key_public(const struct key *);

/* Ed25519 detached signature of n bytes. */
void		key_sign(const struct key *, const void *m, size_t n,
		    uint8_t sig[KEY_SIG_BYTES]);

/* True when sig is a valid signature of m under pk. */
bool		key_verify(const uint8_t pk[KEY_PUBLIC_BYTES], const void *m,
		    size_t n, const uint8_t sig[KEY_SIG_BYTES]);

/*
 * Fingerprint of a public key: "SHA256:" and the first 16 bytes of
 * SHA-256(public key) as 8 colon-separated groups of 4 hex digits.
 */
void		key_fingerprint(const uint8_t pk[KEY_PUBLIC_BYTES],
		    char out[KEY_FPR_LEN]);

/*
 * A public key given as 64 hex digits, or as a public key file
 * ("lockscope-ed25519 HEX").  LS_EINPUT on anything else, including a
 * secret key file.
 */
enum ls_err	key_parse_public(const char *arg,
		    uint8_t pk[KEY_PUBLIC_BYTES], struct ls_errbuf *);

/*
 * The trust list: public keys whose signatures "lockscope report verify"
 * accepts besides the laptop's own key.  A plain file, "trusted_keys" in
 * the key's directory (next to technician.key), one line per key:
 * "lockscope-ed25519 HEX".  Mode 0600; every change writes a new file
 * and renames it over the old one.  Lines that are empty or start with
 * '#' are ignored; any other line that is not a key makes the file bad
 * (LS_EINPUT naming the line).  A missing file is an empty list.
 */
#define KEY_TRUST_FILE		"trusted_keys"
#define KEY_TRUST_MAX		1024	/* keys in the list */

/* The trust list's path, beside the key path from key_path(). */
enum ls_err	key_trust_path(char *buf, size_t len, struct ls_errbuf *);

/* Add pk (LS_OK and *added false when it is already there). */
enum ls_err	key_trust_add(const char *path,
		    const uint8_t pk[KEY_PUBLIC_BYTES], bool *added,
		    struct ls_errbuf *);

/* Remove pk; LS_EINPUT when it is not in the list. */
enum ls_err	key_trust_remove(const char *path,
		    const uint8_t pk[KEY_PUBLIC_BYTES], struct ls_errbuf *);

/*
 * Call fn for each key in the list, in file order; arg is passed on.
 * The pointer lives only during the call.
 */
typedef void	(*key_trust_fn)(const uint8_t pk[KEY_PUBLIC_BYTES], void *arg);
enum ls_err	key_trust_each(const char *path, key_trust_fn fn, void *arg,
		    struct ls_errbuf *);

/* Whether pk is in the list at path (false when the file is missing). */
enum ls_err	key_trust_has(const char *path,
		    const uint8_t pk[KEY_PUBLIC_BYTES], bool *has,
		    struct ls_errbuf *);

/*
 * Whether pk is trusted on this laptop: the technician's own key (its
 * public file, else the key itself) or a key in the trust list.
 * *why gets "own key" or "trusted key" (static) when it is.
 */
enum ls_err	key_is_trusted(const uint8_t pk[KEY_PUBLIC_BYTES],
		    bool *trusted, const char **why, struct ls_errbuf *);

#endif
