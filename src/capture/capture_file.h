/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * capture_file.h - streaming reader of HCI-level capture files, one packet
 * at a time, with memory bounded by the largest record (not the file).
 *
 * Formats (detected by magic):
 *   btsnoop v1, datalinks 1001 (HCI, un-encapsulated), 1002 (HCI UART /
 *     H4) and 2001 (Linux monitor)     bluez/bluez:src/shared/btsnoop.h
 *   pcap (both byte orders, us and ns) and pcapng, with link types
 *     201 LINKTYPE_BLUETOOTH_HCI_H4_WITH_PHDR and
 *     254 LINKTYPE_BLUETOOTH_LINUX_MONITOR
 *                                       tcpdump.org linktypes; pcapng
 *                                       draft-ietf-opsawg-pcapng
 *   and the LE link-layer sniffer types 251 LINKTYPE_BLUETOOTH_LE_LL,
 *     256 LINKTYPE_BLUETOOTH_LE_LL_WITH_PHDR and 192 LINKTYPE_PPI,
 *     whose records are handed out whole (link set) for ll_parse()
 *
 * Damaged records (absurd lengths, truncated tail, unknown monitor
 * opcodes, unsupported link types in one pcapng interface) are skipped
 * and counted, never fatal; only an unreadable or unrecognised file is.
 */
#ifndef LS_CAPTURE_CAPTURE_FILE_H
#define LS_CAPTURE_CAPTURE_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

/* Largest record body accepted; longer records are skipped. */
#define CAPTURE_FILE_MAX_RECORD	(64 * 1024)

struct capture_file;

/*
 * One HCI packet or link-layer record; data lives until the next
 * capture_file_next()/free.
 */
struct capture_file_pkt {
	uint32_t	 link;		/* 0: an HCI packet; else the pcap
					   link type (LL_LINK_*) of a
					   link-layer record in data */
	uint8_t		 type;		/* HC_PKT_* (H4 indicator), HCI only */
	int		 dir;		/* 1 from controller, 0 to it */
	uint64_t	 ts_us;		/* Unix time, microseconds; 0 unknown */
	uint16_t	 index;		/* controller index (monitor), else 0 */
	const uint8_t	*data;		/* packet without the indicator */
	size_t		 len;
};

struct capture_file_stats {
	uint64_t	records;	/* records read */
	uint64_t	packets;	/* HCI packets or link-layer records
					   delivered */
	uint64_t	skipped;	/* damaged or unsupported records */
	uint64_t	other;		/* well-formed records that are not
					   HCI packets (monitor notes...) */
	bool		truncated;	/* the file ended inside a record */
};

/*
 * Open path (or, with capture_file_open_mem, n bytes at p, which must outlive
 * the reader) and read the file header.  LS_EINPUT (naming the file)
 * for an unknown format or datalink; LS_EIO / LS_EPERM when it cannot
 * be read.
 */
enum ls_err	capture_file_open(const char *path, struct capture_file **out,
		    struct ls_errbuf *eb);
enum ls_err	capture_file_open_mem(const uint8_t *p, size_t n,
		    const char *name, struct capture_file **out,
		    struct ls_errbuf *eb);

/*
 * Next HCI packet into *pkt.  Returns LS_OK with *eof false and a
 * packet, LS_OK with *eof true at the end, or LS_EIO on a read error.
 */
enum ls_err	capture_file_next(struct capture_file *,
		    struct capture_file_pkt *pkt, bool *eof,
		    struct ls_errbuf *eb);

/* "btsnoop/1002", "pcap/201", "pcapng"... (static). */
const char	*capture_file_format(const struct capture_file *);

const struct capture_file_stats *capture_file_stats(
		    const struct capture_file *);

/* Close and free.  NULL is a no-op. */
void		 capture_file_free(struct capture_file *);

#endif
