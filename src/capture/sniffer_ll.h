/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sniffer_ll.h - LE link-layer packets from sniffer captures: the
 * pseudo-headers of pcap link types 251, 256 and PPI (192), the CRC-24,
 * advertising PDUs turned into the advertising reports a controller would give,
 * and CONNECT_IND.
 *
 * Pure decoders: nothing here keeps a pointer into the input beyond the
 * struct it fills, which borrows the bytes passed in.
 */
#ifndef LS_CAPTURE_SNIFFER_LL_H
#define LS_CAPTURE_SNIFFER_LL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hci/hcievt.h"
#include "util/err.h"

/* pcap link types (tcpdump.org linktypes). */
#define LL_LINK_PPI		192
#define LL_LINK_LE_LL		251
#define LL_LINK_LE_LL_PHDR	256
/* PPI inner DLT used by Ubertooth for BTLE packets (DLT_USER0). */
#define LL_PPI_DLT_BTLE		147

/* Core 5.4 Vol 6 Part B §2.1.2, §3.1.1. */
#define LL_ADV_AA		0x8e89bed6U
#define LL_ADV_CRCINIT		0x555555U

/* Who sent a data-channel PDU, when the capture says. */
#define LL_DIR_UNKNOWN		(-1)
#define LL_DIR_C2P		0	/* central to peripheral */
#define LL_DIR_P2C		1	/* peripheral to central */

/* Auxiliary advertising PDU kinds of the 256 pseudo-header. */
#define LL_AUX_NONE		(-1)
#define LL_AUX_ADV_IND		0
#define LL_AUX_CHAIN_IND	1
#define LL_AUX_SYNC_IND		2
#define LL_AUX_SCAN_RSP		3

/* One link-layer packet; pdu borrows the bytes given to ll_parse. */
struct ll_pkt {
	uint32_t	 aa;		/* access address */
	const uint8_t	*pdu;		/* header + payload (MIC included) */
	size_t		 pdu_len;
	bool		 has_crc;	/* the capture kept the CRC */
	uint32_t	 crc;		/* as on air: 3 bytes, little-endian */
	bool		 crc_checked;	/* the sniffer checked it ... */
	bool		 crc_valid;	/* ... and found it good */
	bool		 decrypted;	/* the sniffer decrypted the PDU */
	int8_t		 rssi;		/* dBm; HC_RSSI_NONE unknown */
	int		 dir;		/* LL_DIR_* */
	int		 aux;		/* LL_AUX_* */
};

/*
 * Parse one packet of link type link (LL_LINK_*) into *out.  The LE
 * packet is access address, PDU header, payload and an optional CRC;
 * a header length that disagrees with the bytes present, or a packet
 * the sniffer marked as failing its CRC, is LS_EMALFORMED (a bit
 * error).  Unknown link types are LS_EINPUT.
 */
enum ls_err	 ll_parse(uint32_t link, const uint8_t *p, size_t n,
		    struct ll_pkt *out, struct ls_errbuf *);

/*
 * CRC-24 of n bytes with the 24-bit CRCInit init (as CONNECT_IND
 * carries it, LL_ADV_CRCINIT for advertising), in the byte order of
 * the 3 CRC bytes on air read little-endian.
 */
uint32_t	 ll_crc24(uint32_t init, const uint8_t *p, size_t n);

/*
 * The CRCInit under which the n bytes at p have the CRC crc (as
 * ll_crc24 returns it): what a sniffer that missed the CONNECT_IND can
 * learn from any packet of the connection (one with a bit error gives
 * a wrong value, so callers should want two packets to agree).
 */
uint32_t	 ll_crcinit_of(const uint8_t *p, size_t n, uint32_t crc);

/*
 * Whether aa could be a connection's access address (Core 5.4 Vol 6
 * Part B §2.1.2, the rules that do not need the device address).
 */
bool		 ll_aa_plausible(uint32_t aa);

/* True when pkt carries no CRC or its CRC matches init. */
bool		 ll_crc_ok(const struct ll_pkt *pkt, uint32_t init);

/* A CONNECT_IND (or AUX_CONNECT_REQ): who connects to whom, and how. */
struct ll_connect {
	uint8_t		 init_addr[6];	/* little-endian */
	uint8_t		 init_type;	/* HC_ADDR_PUBLIC / HC_ADDR_RANDOM */
	uint8_t		 adv_addr[6];
	uint8_t		 adv_type;
	uint32_t	 aa;		/* the connection's access address */
	uint32_t	 crcinit;
};

/* What an advertising-channel PDU was. */
enum ll_adv_kind {
	LL_ADV_BAD,		/* malformed (lengths) */
	LL_ADV_REPORT,		/* *rep filled */
	LL_ADV_CONNECT,		/* *con filled */
	LL_ADV_OTHER		/* scan request, chain, sync: no report */
};

/*
 * Decode an advertising-channel PDU (pkt->aa == LL_ADV_AA) as a
 * controller would report it: ADV_IND, ADV_DIRECT_IND,
 * ADV_NONCONN_IND, ADV_SCAN_IND, SCAN_RSP as legacy reports; AUX_ADV_IND
 * and AUX_SCAN_RSP (common extended header with AdvA) as extended ones.
 */
enum ll_adv_kind ll_adv(const struct ll_pkt *pkt,
		    struct hcievt_adv_report *rep, struct ll_connect *con);

/* A data-channel PDU header. */
struct ll_data {
	uint8_t		 llid;		/* 1 continuation, 2 start, 3 control */
	bool		 nesn, sn, md;
	const uint8_t	*payload;	/* borrowed from pkt */
	size_t		 len;
};

/* Split a data-channel PDU; false when its lengths disagree. */
bool		 ll_data(const struct ll_pkt *pkt, struct ll_data *out);

#endif
