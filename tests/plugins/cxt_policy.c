/* cxt_policy: test plugins for the loader, one per refusal path, chosen by
 * a CXT_<VARIANT> definition (plugins/CMakeLists.txt builds each as
 * ${CX_PLUGIN_DIR}/test/<variant>.so). CXT_GOOD is a small valid provider
 * policy; CXT_BAD_DECISION asks for negative pay every month. */
#include <stddef.h>

#include "cx_policy.h"

#ifdef CXT_SMALL_SIZE
#define SIZE offsetof(cx_policy, at)
#else
#define SIZE sizeof(cx_policy)
#endif

#ifdef CXT_WRONG_ABI
#define ABI (CX_POLICY_ABI + 1)
#else
#define ABI CX_POLICY_ABI
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
static int on_month(void *self, const cx_host_api *api, cx_pctx *ctx)
{
    (void)self;
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

static const cx_policy policy = {
    .abi = ABI,
    .size = SIZE,
    .name = NAME,
    .doc = "test plugin for the loader",
    .sides = SIDES,
    .options = options,
#ifndef CXT_NO_CALLBACKS
    .at = {[CX_AT_MONTH] = on_month},
#endif
};

#if defined(CXT_NO_ENTRY)
const cx_policy *cxt_not_the_entry(void);
const cx_policy *cxt_not_the_entry(void) { return &policy; }
#elif defined(CXT_NULL_ENTRY)
const cx_policy *cx_policy_entry(void);
const cx_policy *cx_policy_entry(void) { return (void)policy, NULL; }
#else
const cx_policy *cx_policy_entry(void);
const cx_policy *cx_policy_entry(void) { return &policy; }
#endif
