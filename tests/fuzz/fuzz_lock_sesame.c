/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_lock_sesame.c - libFuzzer harness for
 * src/adv/decoders/lockdec_sesame.c.
 */
#define FUZZ_LOCKDEC lockdec_sesame
#include "tests/fuzz/fuzz_lock_common.h"
