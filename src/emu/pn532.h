/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pn532.h - an emulated NXP PN532 behind its HSU (UART) frame protocol,
 * serving the nfc[] tags of a scenario.  No I/O: the caller feeds the
 * bytes the host wrote and sends what pemu_output() returns, so unit
 * tests and the fuzz harness drive it directly (pn532_emu.c is the pty
 * shell around it).
 *
 * Frames (PN532 User Manual UM0701-02 §6.2.1): normal information frame
 * 00 00 FF LEN LCS TFI PD0..PDn DCS 00, extended frame 00 00 FF FF FF
 * LENM LENL LCS ..., ACK 00 00 FF 00 FF 00, NACK 00 00 FF FF 00 00,
 * application error frame 00 00 FF 01 FF 7F 81 00; TFI D4 host to chip,
 * D5 chip to host; HSU wake-up bytes 55 and 00 before a frame are
 * skipped.  Each good command frame is answered with an ACK and one
 * response frame (code + 1); a host ACK aborts nothing here (commands
 * complete at once); a NACK makes the last response go out again.
 * Frames with a bad LCS, DCS or TFI are dropped, as the chip does.
 *
 * Commands (UM0701-02 §7): Diagnose (test 0, echo), GetFirmwareVersion
 * (IC 0x32, v1.6, support 0x07), GetGeneralStatus, ReadRegister,
 * WriteRegister (a register file), SetParameters, SAMConfiguration,
 * PowerDown, RFConfiguration (field on/off; the rest accepted),
 * InListPassiveTarget (106 kbps type A, FeliCa 212/424, 106 kbps type B
 * for tags with "technology"; Jewel finds nothing),
 * InDataExchange and InCommunicateThru (see below), InDeselect,
 * InRelease, InAutoPoll.  Anything else gets the error frame.
 *
 * The tags: InListPassiveTarget answers the first tag of the scenario
 * that is not halted (or the one whose UID the host names); InDeselect
 * and InRelease halt the selected tag, as HLTA / S(DESELECT) do, so a
 * listing loop finds each tag once; turning the RF field off wakes them
 * all.  Tags with SAK bit 0x20 and an ATS are ISO-DEP: the ATS is in the
 * InListPassiveTarget answer (automatic RATS) and exchanges carry APDUs:
 * SELECT by AID answers 90 00 for the Aliro AIDs when the tag has
 * "aliro", else 6A 82; DESFire GET_VERSION (90 60 00 00 00 and the 90 AF
 * continuations) answers from "get_version".  Other tags take Type 2
 * commands: READ (30, 16 bytes wrapping at the end of "pages"),
 * GET_VERSION (60, from "get_version"); an unsupported command mutes the
 * tag (status 01, timeout) until it is selected again, as a NAK does.
 */
#ifndef LS_EMU_PN532_H
#define LS_EMU_PN532_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "emu/scenario.h"

/* Faults (--fault). */
#define PEMU_FAULT_SILENT	0x01	/* read frames, answer nothing */
#define PEMU_FAULT_NO_TAG	0x02	/* the field is always empty */
#define PEMU_FAULT_MALFORMED	0x04	/* responses with bad checksums */
#define PEMU_FAULT_TYPE_A_ONLY	0x08	/* other modulations: error frame */
#define PEMU_FAULT_IGNORE_UID	0x10	/* select by UID takes any tag */

#define PEMU_IN_MAX		1024	/* unparsed input kept */
#define PEMU_OUT_MAX		8192	/* queued output */

struct pemu;

struct pemu_stats {
	uint64_t	frames;		/* good command frames */
	uint64_t	bad_frames;	/* dropped: checksum, TFI, length */
	uint64_t	unknown;	/* answered with the error frame */
	uint64_t	junk;		/* bytes skipped looking for a frame */
};

/*
 * New chip for the tags of s (borrowed; must outlive the chip) with
 * the given PEMU_FAULT_* bits.  NULL when out of memory.
 */
struct pemu	*pemu_new(const struct scn *s, unsigned faults);

/* Free a chip.  NULL is a no-op. */
void		 pemu_free(struct pemu *);

/*
 * Bytes from the host.  Any number, any split: frames are reassembled.
 * Answers are queued for pemu_output().
 */
void		 pemu_input(struct pemu *, const uint8_t *p, size_t n);

/* Queued output: *p borrowed until the next call; returns its length. */
size_t		 pemu_output(struct pemu *, const uint8_t **p);

/* Drop n bytes of queued output (after writing them). */
void		 pemu_consume(struct pemu *, size_t n);

const struct pemu_stats *pemu_stats(const struct pemu *);

/* Fault bit for a --fault name, 0 when unknown; and the list of names. */
unsigned	 pemu_fault_parse(const char *name);
const char	*pemu_fault_names(void);

/* Name of a command code for logs ("InListPassiveTarget"), or NULL. */
const char	*pemu_cmd_name(uint8_t code);

#endif
