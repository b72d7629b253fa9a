/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_lock_yeelock.c - libFuzzer harness for the Yeelock lock decoder. */
#define FUZZ_LOCKDEC lockdec_yeelock
#include "tests/fuzz/fuzz_lock_common.h"
