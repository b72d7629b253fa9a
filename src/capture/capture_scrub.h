/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * capture_scrub.h - what a --capture file may keep of ATT values.
 *
 * A lock may push its vendor secrets (a password characteristic it
 * notifies, a key in a read response) over a connection lockscope made;
 * the HCI tap sees them.  By default a capture keeps the framing of
 * every packet (HCI, ACL, L2CAP and ATT headers, handles, lengths) and
 * replaces with zeros of the same length the value bytes of every ATT
 * PDU that does not belong to a standard characteristic lockscope reads
 * (src/gatt/std_chars.h): read, read blob and read-by-type responses,
 * notifications and indications (multiple ones too), writes, prepared
 * writes and their echoes; and every SMP payload after its code (keys).
 * Which handle is which characteristic is learned from the discovery in
 * the same traffic (characteristic declarations in Read By Type
 * responses, Find Information responses); a handle never seen declared
 * is not standard.  A value split over ACL fragments is zeroed whole
 * when its PDU is.  btmon and Wireshark still open the file.
 *
 * capture_scrub_install() makes every btsnoop file created afterwards
 * (hci/btsnoop.h) go through this filter; commands call it unless
 * --capture-raw.  Nothing here prints.
 */
#ifndef LS_CAPTURE_CAPTURE_SCRUB_H
#define LS_CAPTURE_CAPTURE_SCRUB_H

#include <stddef.h>
#include <stdint.h>

#define CAPTURE_SCRUB_CONNS	8	/* connections followed at once */
#define CAPTURE_SCRUB_HANDLES	64	/* standard value handles each */

struct capture_scrub;

/* A filter for one capture file; NULL when out of memory. */
struct capture_scrub	*capture_scrub_new(void);
void			 capture_scrub_free(struct capture_scrub *);

/*
 * One packet as the host tap gives it (dir 1 received, 0 sent; H4 type;
 * bytes without the indicator), scrubbed in place.
 */
void	capture_scrub_packet(struct capture_scrub *, int dir, uint8_t type,
	    uint8_t *pkt, size_t len);

/* Every btsnoop file created from now on is scrubbed. */
void	capture_scrub_install(void);

#endif
