/* fuzz_lock_nuki.c - libFuzzer harness for src/bt/lockdec_nuki.c. */
#define FUZZ_LOCKDEC lockdec_nuki
#include "tests/fuzz/fuzz_lock_common.h"
