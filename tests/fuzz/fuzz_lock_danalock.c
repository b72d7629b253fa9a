/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_lock_danalock.c - libFuzzer harness for the danalock lock decoder. */
#define FUZZ_LOCKDEC lockdec_danalock
#include "tests/fuzz/fuzz_lock_common.h"
