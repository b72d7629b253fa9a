/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_lock_homekit.c - libFuzzer harness for the HomeKit decoder. */
#define FUZZ_LOCKDEC lockdec_homekit
#include "tests/fuzz/fuzz_lock_common.h"
