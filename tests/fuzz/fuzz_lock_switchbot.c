/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_lock_switchbot.c - libFuzzer harness for
 * src/adv/decoders/lockdec_switchbot.c.
 */
#define FUZZ_LOCKDEC lockdec_switchbot
#include "tests/fuzz/fuzz_lock_common.h"
