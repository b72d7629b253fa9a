/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_lock_tedee.c - libFuzzer harness for the Tedee decoder. */
#define FUZZ_LOCKDEC lockdec_tedee
#include "tests/fuzz/fuzz_lock_common.h"
