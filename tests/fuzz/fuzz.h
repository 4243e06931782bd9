/*
 * fuzz.h - what every fuzz target shares: libFuzzer's entry point, and
 * for the plain build (no libFuzzer) a main() that replays files, so the
 * seeds and every input fuzzing ever found run in "make test" as
 * regression cases (tests/t/0960-fuzz-replay.sh).
 */
#ifndef MM_FUZZ_H
#define MM_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* Optional: set-up before the first input. */
int LLVMFuzzerInitialize(int *argc, char ***argv);

#endif
