/* fuzz_scenario: libFuzzer target, bytes -> the scenario loader (from
 * memory), then the size estimate of what loaded. Any crash, leak or
 * sanitizer report is a bug; an error message is a normal outcome, but it
 * must be a NUL-terminated message naming the scenario. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cx_estimate.h"
#include "cx_lua_scenario.h"
#include "cx_params.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cx_params p;
    char err[512];
    memset(err, 'x', sizeof err);
    cx_params_default(&p);
    if (cx_lua_load_scenario_text("fuzz.lua", (const char *)data, size, &p, err, sizeof err) == 0) {
        cx_estimate e;
        cx_estimate_run(&p, 2, &e);
        if (!(e.events >= 0 && e.peak_bytes >= 0)) abort();
        return 0;
    }
    if (!memchr(err, 0, sizeof err) || strncmp(err, "fuzz.lua", 8) != 0) {
        fprintf(stderr, "bad error message: %.80s\n", err);
        abort();
    }
    return 0;
}
