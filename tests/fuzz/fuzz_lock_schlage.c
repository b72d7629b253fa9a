/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_lock_schlage.c - libFuzzer harness for the Schlage Sense decoder. */
#define FUZZ_LOCKDEC lockdec_schlage
#include "tests/fuzz/fuzz_lock_common.h"
