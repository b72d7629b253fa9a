/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_lock_ultraloq.c - libFuzzer harness for the ultraloq lock decoder. */
#define FUZZ_LOCKDEC lockdec_ultraloq
#include "tests/fuzz/fuzz_lock_common.h"
