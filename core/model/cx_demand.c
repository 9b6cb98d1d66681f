/* cx_demand: what brings contacts beyond the base profile. Product defects
 * appear (a Poisson process) and generate contacts until fixed; product
 * changes ship and age agents' knowledge unless communicated; launches
 * (spikes) multiply demand and bring complex contacts; unresolved and
 * abandoned issues come back as repeat contacts.
 *
 * Defects and product changes are drawn for the whole horizon when the run
 * is created, from their own stream, so every regime of a comparison faces
 * the same defects at the same times (common random numbers); what differs
 * is how fast each regime notices, reports and gets them fixed. */
#include <math.h>
#include <stdlib.h>

#include "cxi.h"

int cxi_demand_init(cx_sim *S)
{
    cxi_model *M = &S->M;
    const cx_params *P = &S->P;
    cx_rng *r = &S->rng[CX_STREAM_DEFECTS];
    double years = P->years;
    if (P->on.defects && P->m.defects_per_year > 0) {
        size_t cap = 16;
        M->dem.defects = malloc(cap * sizeof *M->dem.defects);
        if (!M->dem.defects) return -1;
        for (double t = cx_rng_exp(r, CX_MINUTES_PER_YEAR / P->m.defects_per_year); t < S->horizon;
             t += cx_rng_exp(r, CX_MINUTES_PER_YEAR / P->m.defects_per_year)) {
            if (M->dem.n_defects == cap) {
                cxi_defect *d = realloc(M->dem.defects, (cap *= 2) * sizeof *d);
                if (!d) return -1;
                M->dem.defects = d;
            }
            cxi_defect *d = &M->dem.defects[M->dem.n_defects++];
            *d = (cxi_defect){0};
            d->appear = t;
            d->rate = P->m.defect_share * P->rate_per_min * (P->m.defect_size_low + cx_rng_uniform(r));
            d->natural_fix = t + cx_rng_exp(r, P->m.defect_natural_days) * CX_MINUTES_PER_DAY;
        }
        for (uint32_t i = 0; i < M->dem.n_defects; i++)
            if (!cx_engine_at(&S->E, M->dem.defects[i].appear, S->M.ev.defect, i)) return -1;
    }
    if (P->on.forgetting && P->m.change_every_days > 0) {
        size_t n = (size_t)(years * 365.25 / P->m.change_every_days * 3 + 8);
        M->dem.changes = malloc(n * sizeof *M->dem.changes);
        if (!M->dem.changes) return -1;
        for (double t = cx_rng_exp(r, P->m.change_every_days * CX_MINUTES_PER_DAY);
             t < S->horizon && M->dem.n_changes < n;
             t += cx_rng_exp(r, P->m.change_every_days * CX_MINUTES_PER_DAY)) {
            M->dem.changes[M->dem.n_changes].t = t;
            M->dem.changes[M->dem.n_changes].u = cx_rng_uniform(r);
            if (!cx_engine_at(&S->E, t, S->M.ev.change, M->dem.n_changes)) return -1;
            M->dem.n_changes++;
        }
    }
    for (int i = 0; i < P->n_spikes; i++) {
        const cx_spike *sp = &P->spikes[i];
        double t0 = sp->start_day * CX_MINUTES_PER_DAY;
        if (t0 >= S->horizon) continue;
        if (!cx_engine_at(&S->E, t0, S->M.ev.spike, (uint32_t)i) ||
            !cx_engine_at(&S->E, fmin(t0 + sp->days * CX_MINUTES_PER_DAY, S->horizon),
                              S->M.ev.spike, (uint32_t)i | 1u << 31))
            return -1;
    }
    cx_params_rate_profile(P, &M->dem.base);
    cx_arrivals_init(&M->dem.darr, &M->dem.base, 0.0);
    cxi_callback_prepare(S);
    return 0;
}

/* Restart the defect-contact process at the new total rate (memoryless, so
 * restarting is exact); events of the old process are stale by generation. */
int cxi_demand_defect_update(cx_sim *S)
{
    cxi_model *M = &S->M;
    double rate = 0;
    for (uint32_t i = 0; i < M->dem.n_defects; i++)
        if (M->dem.defects[i].open) rate += M->dem.defects[i].rate;
    M->dem.defect_rate = rate;
    M->dem.defect_gen++;
    if (rate <= 0) return 0;
    cx_arrivals_init(&M->dem.darr, &M->dem.base, S->E.now); /* its first window's majorant: the base demand's */
    cx_arrivals_rebase(&M->dem.darr, rate);
    double t = cx_arrivals_next(&M->dem.darr, &S->rng[CX_STREAM_DEFECT_CONTACTS]);
    return cx_engine_at(&S->E, t, S->M.ev.defect_arrival, M->dem.defect_gen) ? 0 : -1;
}

int cxi_on_defect_arrival(void *subject, const cx_event *ev)
{
    cx_sim *S = subject;
    cxi_model *M = &S->M;
    uint32_t gen = ev->id;
    if (gen != M->dem.defect_gen || M->dem.defect_rate <= 0) return 0;
    cx_rng *r = &S->rng[CX_STREAM_DEFECT_CONTACTS];
    double u = cx_rng_uniform(r) * M->dem.defect_rate;
    uint32_t which = 0;
    for (uint32_t i = 0; i < M->dem.n_defects; i++) {
        if (!M->dem.defects[i].open) continue;
        which = i;
        if ((u -= M->dem.defects[i].rate) < 0) break;
    }
    if (cx_rng_uniform(r) < cxi_customer_share(S)) { /* from a customer still with the client */
        S->T.defect_contacts++;
        if (cx_queue_contact_in(&S->E, cxi_tag(which + 1, 1, 1))) return -1;
    }
    double t = cx_arrivals_next(&M->dem.darr, r);
    return cx_engine_at(&S->E, t, S->M.ev.defect_arrival, gen) ? 0 : -1;
}

/* Schedule a customer's contact (tag) due at t: it calls when the centre
 * is open, so a time in closed hours becomes its call-back time on the
 * next open day (cxi_call_time), worked out now: the event comes once. */
int cxi_repeat_at(cx_sim *S, double t, uint32_t tag)
{
    return cx_engine_at(&S->E, cxi_call_time(S, t), S->M.ev.repeat, tag) ? 0 : -1;
}

int cxi_on_repeat(void *subject, const cx_event *ev)
{
    cx_sim *S = subject;
    if (cxi_tag_attempt(ev->id) > 1) S->T.repeats++;
    else S->T.ss_contacts++; /* attempt 1: after a failed self-service try */
    return cx_queue_contact_in(&S->E, ev->id);
}

static int spike(cx_sim *S, uint32_t id)
{
    cxi_model *M = &S->M;
    int end = (id >> 31) != 0;
    const cx_spike *sp = &S->P.spikes[id & 0x7fffffffu];
    if (!end) {
        M->dem.spikes_on++;
        if (sp->complex_share >= 0) M->dem.complex_share = sp->complex_share;
        if (cxi_note(S, CX_N_SPIKE, sp->multiplier, "demand spike x%.2g for %.0f days", sp->multiplier,
                     sp->days))
            return -1;
        if (M->lever[CX_L_TEMPS] >= 0.5 && sp->multiplier > 1) {
            /* the staffing plan's spike template says how many (without
             * schedules: a share of the team in proportion to the spike) */
            int n = S->P.on.schedules ? M->staff.temps_planned
                                      : (int)floor((sp->multiplier - 1.0) * cxi_headcount(S) * S->P.m.temps_cover + 0.5);
            for (int i = 0; i < n; i++)
                if (cxi_hire(S, 1, 1)) return -1;
            if (n && cxi_note(S, CX_N_TEMPS, n, "%d temporary agents for the spike", n)) return -1;
        }
        return cxi_roster(S);
    }
    if (--M->dem.spikes_on == 0) {
        M->dem.complex_share = S->P.m.complex_share;
        for (uint32_t a = 0; a < S->E.Q.n_agents; a++)
            if (S->people[a].temp && S->people[a].life == CXI_L_PRODUCTIVE && cxi_quit(S, a, 0))
                return -1;
    }
    return cxi_roster(S);
}

int cxi_on_defect(void *subject, const cx_event *ev)
{
    cx_sim *S = subject;
    cxi_model *M = &S->M;
    {
        cxi_defect *d = &M->dem.defects[ev->id];
        d->open = 1;
        d->fix_seq = cx_engine_at(&S->E, d->natural_fix, S->M.ev.fix, ev->id);
        if (!d->fix_seq) return -1;
        if (cxi_note(S, CX_N_DEFECT_APPEARS, d->rate * 1440, "defect %u appears (%.0f contacts/day)",
                     ev->id + 1, d->rate * 1440))
            return -1;
        return cxi_demand_defect_update(S);
    }
}

int cxi_on_fix(void *subject, const cx_event *ev)
{
    cx_sim *S = subject;
    cxi_model *M = &S->M;
    {
        cxi_defect *d = &M->dem.defects[ev->id];
        if (!d->open || d->fix_seq != ev->seq) return 0;
        d->open = 0;
        d->fixed_at = S->E.now;
        S->T.fixed++;
        if (d->reported) cxi_trust_event(S, CXI_EVIDENCE_OPENNESS, 1, 1, "reported defect fixed");
        if (d->natural_fix > S->E.now) S->T.avoided += d->rate * (d->natural_fix - S->E.now);
        if (cxi_note(S, CX_N_DEFECT_FIXED, (S->E.now - d->appear) / CX_MINUTES_PER_DAY,
                     "defect %u fixed after %.0f days%s", ev->id + 1,
                     (S->E.now - d->appear) / CX_MINUTES_PER_DAY, d->reported ? " (reported by the provider)" : ""))
            return -1;
        return cxi_demand_defect_update(S);
    }
}

int cxi_on_change(void *subject, const cx_event *ev)
{
    cx_sim *S = subject;
    cxi_model *M = &S->M;
    {
        const cxi_change *ch = &M->dem.changes[ev->id];
        int told = ch->u < M->lever[CX_L_SHARE_CHANGES];
        cxi_knowledge_change(S, told);
        cxi_trust_event(S, CXI_EVIDENCE_OPENNESS, told, 1, told ? "product change shared" : "product change not shared");
        return cxi_note(S, CX_N_PRODUCT_CHANGE, told, told ? "product change, communicated"
                                                           : "product change, not communicated");
    }
}

int cxi_on_spike(void *subject, const cx_event *ev) { return spike(subject, ev->id); }

/* The queue's admission of a base arrival: whether its customer is still
 * one (the base demand is the reference base's; customers lost to CX make
 * no contacts), its complexity, and whether the knowledge base serves it
 * (self-service first: a resolved try makes no contact, a failed one a
 * first contact ss_fail_delay later). Four draws whatever happens keep the
 * stream aligned across regimes. */
int cxi_demand_admit(void *ud, uint32_t *tag)
{
    cx_sim *S = ud;
    cx_rng *r = &S->rng[CX_STREAM_ATTRIBUTES];
    double u1 = cx_rng_uniform(r), u2 = cx_rng_uniform(r), u3 = cx_rng_uniform(r), u4 = cx_rng_uniform(r);
    if (u3 >= cxi_customer_share(S)) { /* the customer is gone: no contact */
        S->T.gone++;
        return 0;
    }
    int complex = u1 < S->M.dem.complex_share;
    *tag = cxi_tag(0, (unsigned)complex, 1);
    const cx_model_params *m = &S->P.m;
    if (!complex && S->P.on.self_service && u2 < m->ss_preventable * m->ss_adoption) {
        S->T.ss_sessions++;
        if (u4 < cxi_kb(S) * m->ss_resolve) { /* resolved without a contact */
            S->T.deflected++;
            cxi_customer_issue_end(S, cxi_customer_intent(S, m->intent_first, 1, 0));
            return 0;
        }
        /* the try failed: the customer calls a little later (as a first contact) */
        return cxi_repeat_at(S, S->E.now + m->ss_fail_delay, *tag);
    }
    return 1;
}

int cxi_open_defects(const cx_sim *S)
{
    int n = 0;
    for (uint32_t i = 0; i < S->M.dem.n_defects; i++) n += S->M.dem.defects[i].open;
    return n;
}

void cxi_demand_free(cx_sim *S)
{
    free(S->M.dem.defects);
    free(S->M.dem.changes);
}
