/* cxt_policy: test plugins for the loader, one per refusal path, chosen by
 * a CXT_<VARIANT> definition (plugins/CMakeLists.txt builds each as
 * ${CX_PLUGIN_DIR}/test/<variant>.so). CXT_GOOD is a small valid provider
 * policy; CXT_BAD_DECISION asks for negative pay every month; CXT_WRONG_ABI
 * is a table laid out as policy ABI 1 was (create(api, ctx), at[] inline),
 * as a plugin built against the old header would export it. The hostile
 * ones are CXT_GOOD plus: CXT_EXIT calls exit(0), CXT_CRASH writes through a
 * NULL pointer and CXT_HANG never returns, each in on_month at month
 * CXT_MONTH; CXT_CTOR has a constructor that creates the file named by
 * $CXT_MARKER when the library is loaded. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define CXT_MONTH 2 /* the month the hostile plugins act at */

#ifdef CXT_CTOR
__attribute__((constructor)) static void cxt_mark(void)
{
    const char *path = getenv("CXT_MARKER");
    FILE *f = path ? fopen(path, "w") : NULL;
    if (f) fclose(f);
}
#endif

#include "cx_policy.h"

#ifdef CXT_SMALL_SIZE
#define SIZE offsetof(cx_policy, n_at)
#else
#define SIZE sizeof(cx_policy)
#endif

#ifdef CXT_NO_NAME
#define NAME NULL
#else
#define NAME "cxt_test"
#endif

#ifdef CXT_NO_SIDES
#define SIDES 0u
#else
#define SIDES (1u << CX_PROVIDER)
#endif

static const cx_option options[] = {
    {"pay", 1.0, 0.5, 2.0, "pay relative to market"},
    {NULL, 0, 0, 0, NULL},
};

#ifndef CXT_NO_CALLBACKS
static int on_month(void *inst, const cx_host_api *api, cx_pctx *ctx)
{
    (void)inst;
#ifdef CXT_BAD_DECISION
    return api->set(ctx, CX_L_PAY_REL, -1.0) ? -1 : 0;
#else
#if defined(CXT_EXIT) || defined(CXT_CRASH) || defined(CXT_HANG)
    if (api->get(ctx, CX_K_MONTH) == CXT_MONTH) {
#if defined(CXT_EXIT)
        exit(0);
#elif defined(CXT_CRASH)
        /* a store to an unmapped page (16, not NULL: a sanitizer would stop at NULL first) */
        *(volatile int *)(uintptr_t)(8 * api->get(ctx, CX_K_MONTH)) = 1;
#else
        for (;;) pause();
#endif
    }
#endif
    double sl = api->get(ctx, CX_K_SERVICE_LEVEL);
    if (api->set(ctx, CX_L_PAY_REL, api->option(ctx, "pay"))) return -1;
    if (sl == sl && sl < 0.8 && api->set(ctx, CX_L_STAFF_BUFFER, 0.05)) return -1;
    return 0;
#endif
}
#endif

#ifdef CXT_WRONG_ABI
/* The policy table of ABI 1, member for member. */
typedef struct abi1_policy {
    int abi;
    size_t size;
    const char *name;
    const char *doc;
    unsigned sides;
    const cx_option *options;
    void *(*create)(const cx_host_api *api, cx_pctx *ctx);
    void (*destroy)(void *self);
    cx_policy_fn at[5];
} abi1_policy;
static const abi1_policy abi1 = {1, sizeof(abi1_policy), NAME, "a plugin built for ABI 1", SIDES, options,
                                 NULL, NULL, {[CX_AT_MONTH] = on_month}};
#define POLICY ((const cx_policy *)(const void *)&abi1) /* the host reads only abi, then refuses */
#else
#ifndef CXT_NO_CALLBACKS
static const cx_policy_fn points[CX_POINT_COUNT] = {[CX_AT_MONTH] = on_month};
#endif

static const cx_policy policy = {
    .abi = CX_POLICY_ABI,
    .size = SIZE,
    .name = NAME,
    .doc = "test plugin for the loader",
    .sides = SIDES,
    .options = options,
#ifndef CXT_NO_CALLBACKS
    .n_at = CX_POINT_COUNT,
    .at = points,
#endif
};
#define POLICY (&policy)
#endif

#if defined(CXT_NO_ENTRY)
const cx_policy *cxt_not_the_entry(void);
const cx_policy *cxt_not_the_entry(void) { return POLICY; }
#elif defined(CXT_NULL_ENTRY)
const cx_policy *cx_policy_entry(void);
const cx_policy *cx_policy_entry(void) { return (void)POLICY, NULL; }
#else
const cx_policy *cx_policy_entry(void);
const cx_policy *cx_policy_entry(void) { return POLICY; }
#endif
