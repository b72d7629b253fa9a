/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_lock_yale.c - libFuzzer harness for the Yale / August decoder. */
#define FUZZ_LOCKDEC lockdec_yale
#include "tests/fuzz/fuzz_lock_common.h"
