/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_lock_xiaomi.c - libFuzzer harness for the xiaomi lock decoder. */
#define FUZZ_LOCKDEC lockdec_xiaomi
#include "tests/fuzz/fuzz_lock_common.h"
