/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * btsnoop.h - write HCI traffic as a btsnoop file that btmon -r and
 * Wireshark open: datalink 1002 (HCI UART, each record starts with the
 * H4 packet indicator).
 *
 * Format: bluez/bluez:src/shared/btsnoop.h and src/shared/btsnoop.c
 * (btsnoop_create), after the Symbian/Frontline btsnoop format: a 16-byte
 * header "btsnoop\0", version 1, datalink (both uint32 BE); then per
 * record orig_len, incl_len, flags, drops (uint32 BE) and a timestamp
 * (int64 BE, microseconds since 0000-01-01, i.e. Unix time plus
 * 0x00dcddb30f2f8000).  Flags: bit 0 set = received by the host, bit 1
 * set = command or event.
 *
 * Only what the HCI host saw is written, through the filter installed
 * with btsnoop_set_filter() (capture/capture_scrub.h zeroes vendor ATT
 * values a lock pushes); without one, every byte.  The file is created
 * with mode 0600 next to its name and renamed over it once its header is
 * written.
 */
#ifndef LS_HCI_BTSNOOP_H
#define LS_HCI_BTSNOOP_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define BTSNOOP_DATALINK_H4	1002
#define BTSNOOP_EPOCH_DELTA	0x00dcddb30f2f8000ULL

struct btsnoop;

/*
 * A packet filter for the files created after btsnoop_set_filter():
 * create() makes its state for one file (NULL: out of memory), apply()
 * may change a packet's bytes in place (never its length) before it is
 * written, destroy() frees the state.  The table must outlive the files.
 */
struct btsnoop_filter {
	void	*(*create)(void);
	void	 (*apply)(void *state, int dir, uint8_t type, uint8_t *pkt,
		    size_t len);
	void	 (*destroy)(void *state);
};

/* Filter every file created from now on; NULL: write packets as they are. */
void		btsnoop_set_filter(const struct btsnoop_filter *);

/*
 * Create (truncate) path and write the file header.  Errors: LS_EPERM,
 * LS_EIO, naming the file.  Free with btsnoop_close().
 */
enum ls_err	btsnoop_create(const char *path, struct btsnoop **out,
		    struct ls_errbuf *eb);

/*
 * Append one packet: received (dir 1) or sent (dir 0), its H4 type and
 * bytes (without indicator), at unix_us (microseconds since 1970).  After
 * a write error every later call fails the same way.
 */
enum ls_err	btsnoop_write(struct btsnoop *, int dir, uint8_t type,
		    const uint8_t *pkt, size_t len, uint64_t unix_us,
		    struct ls_errbuf *eb);

/* Flush, sync and close; reports a late write error.  NULL is a no-op. */
enum ls_err	btsnoop_close(struct btsnoop *, struct ls_errbuf *eb);

/* Records written so far. */
uint64_t	btsnoop_records(const struct btsnoop *);

#endif
