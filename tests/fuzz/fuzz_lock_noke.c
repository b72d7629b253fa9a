/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_lock_noke.c - libFuzzer harness for the noke lock decoder. */
#define FUZZ_LOCKDEC lockdec_noke
#include "tests/fuzz/fuzz_lock_common.h"
