/* cxt_policy: test plugins for the loader, one per refusal path, chosen by
 * a CXT_<VARIANT> definition (plugins/CMakeLists.txt builds each as
 * ${CX_PLUGIN_DIR}/test/<variant>.so). CXT_GOOD is a small valid provider
 * policy; CXT_BAD_DECISION asks for negative pay every month; CXT_WRONG_ABI
 * is a table laid out as policy ABI 1 was (create(api, ctx), at[] inline),
 * as a plugin built against the old header would export it. */
#include <stddef.h>

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
