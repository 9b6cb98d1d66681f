/* cxt_host: a fake policy host for tests of policies without the model.
 * Keys and levers are plain arrays; `set` refuses values outside the
 * lever's range (as the model's host does) and records every decision. */
#ifndef CXT_HOST_H
#define CXT_HOST_H

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cx_policy_host.h"

struct cx_pctx {
    double key[CX_K_COUNT];       /* what get returns */
    double lever[CX_L_COUNT];     /* current lever values */
    int n_set;                    /* decisions accepted */
    int set_order[64];            /* levers in the order they were set */
    char refused[256];            /* why the last refused decision was refused */
    const char *opt_name[8];      /* scenario options */
    double opt_value[8];
    int n_opt;
    double u;                     /* next uniform: u, u + 0.1, ... (mod 1) */
    int n_uniform;                /* uniforms drawn */
    char notes[16][512];          /* notes received */
    int n_notes;
};

static double cxt_get(const cx_pctx *c, int key) { return key >= 0 && key < CX_K_COUNT ? c->key[key] : NAN; }

static int cxt_set(cx_pctx *c, int lever, double v)
{
    const cx_lever_desc *d = cx_lever_info(lever);
    if (!d || isnan(v) || v < d->lo || v > d->hi) {
        snprintf(c->refused, sizeof c->refused, "lever '%s' = %g refused", d ? d->name : "?", v);
        return -1;
    }
    c->lever[lever] = v;
    if (c->n_set < 64) c->set_order[c->n_set] = lever;
    c->n_set++;
    return 0;
}

static double cxt_lever(const cx_pctx *c, int lever) { return c->lever[lever]; }

static double cxt_option(const cx_pctx *c, const char *name)
{
    for (int i = 0; i < c->n_opt; i++)
        if (!strcmp(c->opt_name[i], name)) return c->opt_value[i];
    return NAN;
}

static double cxt_uniform(cx_pctx *c)
{
    double u = fmod(c->u + 0.1 * c->n_uniform, 1.0);
    c->n_uniform++;
    return u;
}

static void cxt_note(cx_pctx *c, const char *text)
{
    if (c->n_notes < 16) snprintf(c->notes[c->n_notes++], sizeof c->notes[0], "%s", text);
}

static void cxt_fail(cx_pctx *c, const char *why)
{
    cxt_note(c, why);
}

static const cx_host_api cxt_api = {CX_POLICY_ABI, sizeof(cx_host_api), cxt_get, cxt_set,
                                    cxt_lever,     cxt_option,          cxt_uniform, cxt_note,
                                    cxt_fail,      NULL,                NULL}; /* no history, no param */

/* A host with every lever at its default and every key at 0. */
static inline void cxt_host_init(cx_pctx *c)
{
    memset(c, 0, sizeof *c);
    for (int l = 0; l < CX_L_COUNT; l++) c->lever[l] = cx_lever_info(l)->def;
}

#endif
