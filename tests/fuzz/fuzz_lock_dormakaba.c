/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_lock_dormakaba.c - libFuzzer harness for the dormakaba dKey decoder. */
#define FUZZ_LOCKDEC lockdec_dormakaba
#include "tests/fuzz/fuzz_lock_common.h"
