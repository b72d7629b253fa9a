/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bringup.h - controller bring-up: the command sequence a host runs before
 * it scans or connects, and what it learns from it.
 * Bluetooth Core 5.4 Vol 4 Part E §7.3 (Reset, Set Event Mask), §7.4
 * (informational parameters), §7.8 (LE controller commands).
 *
 * On an exclusive transport (H4, user channel, USB) the sequence starts
 * with HCI Reset and sets both event masks.  On a shared one (the BlueZ
 * kernel stack) it only reads: the kernel owns the controller's state.
 */
#ifndef LS_HCI_BRINGUP_H
#define LS_HCI_BRINGUP_H

#include <stdbool.h>
#include <stdint.h>

#include "hci/host.h"

struct bringup_info {
	uint8_t		hci_version;
	uint16_t	hci_revision;
	uint16_t	manufacturer;		/* company identifier */
	uint8_t		bdaddr[6];		/* little-endian */
	uint8_t		commands[64];		/* supported commands bitmap */
	uint8_t		features[8];		/* LMP features page 0 */
	uint8_t		le_features[8];
	uint16_t	le_acl_mtu;
	uint8_t		le_acl_pkts;
	bool		extended_scan;		/* ext scan cmds + feature */
	bool		ext_create_conn;	/* LE Extended Create Conn. */
	bool		coded_phy;
	/*
	 * The controller has no public address (Read BD_ADDR gave
	 * 00:00:00:00:00:00, as Zephyr's controllers do): bring-up set
	 * random_addr, a static random address (Vol 6 Part B §1.3.2.1),
	 * with LE Set Random Address, and scanning and connecting use own
	 * address type random.
	 */
	bool		own_random;
	uint8_t		random_addr[6];		/* little-endian */
};

/* Fires once: eb->code is LS_OK on success; eb lives during the call. */
typedef void	(*bringup_done_fn)(const struct ls_errbuf *eb, void *arg);

struct bringup_init;

/*
 * Start bring-up on host, filling *info (which must outlive it).  done
 * fires once, from the event loop.  Returns NULL when out of memory.
 * Free with bringup_init_free() (after done, or to abandon it: done is then
 * not called).
 */
struct bringup_init *bringup_init_start(struct host *,
		    struct bringup_info *info, bringup_done_fn done, void *arg);
void		 bringup_init_free(struct bringup_init *);

/*
 * A valid static random address (little-endian): top bits 0b11, the
 * other 46 bits neither all 0 nor all 1 (Vol 6 Part B §1.3.2.1).
 */
bool		 bringup_static_random_ok(const uint8_t a[6]);

/* Supported-commands bit test (octet, bit per Vol 4 Part E §6.27). */
bool		 bringup_has_command(const struct bringup_info *,
		    unsigned octet, unsigned bit);

/* Static name of an HCI opcode the host uses, for messages. */
const char	*bringup_op_name(uint16_t opcode);

/* Static name of an HCI status code (Vol 1 Part F), for messages. */
const char	*bringup_status_name(uint8_t status);

#endif
