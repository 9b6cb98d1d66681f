/* fuzz_policy_table: libFuzzer target, bytes -> a Lua policy script (the
 * table with name, sides, options and callbacks) through the policy
 * loader, then one call of each callback it defines against the fake host
 * of the tests (tests/cxt_host.h). The loader reads a path, so each input
 * is written to a file in a directory made once per process. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cx_lua_policy.h"
#include "cxt_host.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The fuzzer's one piece of process state: where inputs are written. */
static char script_path[512];

static void remove_dir(void)
{
    unlink(script_path);
    char *slash = strrchr(script_path, '/');
    if (slash) {
        *slash = 0;
        rmdir(script_path);
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *tmp = getenv("TMPDIR");
    char dir[400];
    snprintf(dir, sizeof dir, "%s/cx_fuzz_policy_XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        exit(1);
    }
    snprintf(script_path, sizeof script_path, "%s/p.lua", dir);
    atexit(remove_dir);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f = fopen(script_path, "wb");
    if (!f) abort();
    if (size && fwrite(data, 1, size, f) != size) abort();
    fclose(f);
    /* small limits: a fuzz input runs in milliseconds */
    cx_lua_limits lim = {.mem_bytes = 16u << 20, .steps = 200000, .unsafe = 0};
    cx_lua_policy *lp;
    const cx_policy *pol;
    char err[512];
    memset(err, 'x', sizeof err);
    if (cx_lua_policy_load_ex(script_path, &lim, &lp, &pol, err, sizeof err) != 0) {
        if (!memchr(err, 0, sizeof err)) abort();
        return 0;
    }
    if (!pol || !pol->name || !pol->create || !pol->destroy) abort();
    cx_pctx host;
    cxt_host_init(&host);
    void *self = pol->create(pol->self, &cxt_api, &host);
    if (self) {
        for (int i = 0; i < CX_POINT_COUNT; i++)
            if (pol->at[i]) (void)pol->at[i](self, &cxt_api, &host);
        pol->destroy(self);
    }
    cx_lua_policy_free(lp);
    return 0;
}
