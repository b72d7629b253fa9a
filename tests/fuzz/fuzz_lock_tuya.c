/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_lock_tuya.c - libFuzzer harness for the tuya lock decoder. */
#define FUZZ_LOCKDEC lockdec_tuya
#include "tests/fuzz/fuzz_lock_common.h"
