/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_lock_ttlock.c - libFuzzer harness for
 * src/adv/decoders/lockdec_ttlock.c.
 */
#define FUZZ_LOCKDEC lockdec_ttlock
#include "tests/fuzz/fuzz_lock_common.h"
