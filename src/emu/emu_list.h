/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * emu_list.h - print a scenario's advertisers as a scanner should see
 * them (hci-emu --list).
 */
#ifndef LS_EMU_EMU_LIST_H
#define LS_EMU_EMU_LIST_H

#include <stdio.h>

#include "emu/scenario.h"

/* One tab-separated line per BLE device; see emu_list.c. */
void	emu_list(FILE *, const struct scn *);

#endif
