/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * ectl_rig.h - feeding the emulated controller (src/emu/controller.h) HCI
 * commands in unit tests: one H4 command packet (Core 5.4 Vol 4 Part A
 * §2, Part E §5.4.1: opcode LE16, parameter length, parameters).
 * Shared by test_emu_controller.c and test_emu_conn.c.
 */
#ifndef LS_TESTS_UNIT_ECTL_RIG_H
#define LS_TESTS_UNIT_ECTL_RIG_H

#include <stdint.h>
#include <string.h>

#include "emu/controller.h"
#include "hci/hcidef.h"

static inline void
ectl_rig_cmd(struct ectl *c, uint64_t now, uint16_t op, const void *p,
    size_t n)
{
	uint8_t	pkt[4 + 255];

	pkt[0] = HC_PKT_CMD;
	pkt[1] = (uint8_t)op;
	pkt[2] = (uint8_t)(op >> 8);
	pkt[3] = (uint8_t)n;
	if (n > 0)
		memcpy(pkt + 4, p, n);
	ectl_input(c, pkt, 4 + n, now);
}

#endif
