/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_lock_airbnk.c - libFuzzer harness for the airbnk lock decoder. */
#define FUZZ_LOCKDEC lockdec_airbnk
#include "tests/fuzz/fuzz_lock_common.h"
