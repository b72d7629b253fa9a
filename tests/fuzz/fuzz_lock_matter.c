/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_lock_matter.c - libFuzzer harness for the Matter decoder. */
#define FUZZ_LOCKDEC lockdec_matter
#include "tests/fuzz/fuzz_lock_common.h"
