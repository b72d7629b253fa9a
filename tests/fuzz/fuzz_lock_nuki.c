/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_lock_nuki.c - libFuzzer harness for src/adv/decoders/lockdec_nuki.c. */
#define FUZZ_LOCKDEC lockdec_nuki
#include "tests/fuzz/fuzz_lock_common.h"
