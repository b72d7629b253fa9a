/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_lock_igloohome.c - libFuzzer harness for the igloohome lock decoder. */
#define FUZZ_LOCKDEC lockdec_igloohome
#include "tests/fuzz/fuzz_lock_common.h"
