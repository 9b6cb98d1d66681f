/* view_live: feed the series store from a scenario simulated while it is
 * watched. One cx_sim per regime (cx_job); a month is simulated when the
 * playhead needs it, read back with cx_sim_row and cx_sim_note, and the
 * workshop's what-if levers go to cx_sim_override from the simulated month on.
 * Built only when the cxsim_job library is (CX_VIEW_LIVE). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view_internal.h"

#if CX_VIEW_LIVE

#include "cx_job.h"
#include "cx_policy.h"
#include "cx_row.h"
#include "cx_sim.h"

struct cxi_live {
    cx_job J;                 /* the runs, one per regime */
    int opened;               /* 1: J is open */
    cx_params P;              /* the scenario, to open the baseline */
    char path[CX_PATH_MAX];   /* scenario file */
    cx_job J0;                /* baseline: the same runs without the what-ifs (after the first one) */
    int opened0;              /* 1: J0 is open */
    size_t added0[CX_MAX_REGIMES]; /* baseline months copied into the store */
    int series[CX_MAX_REGIMES];   /* each regime's series in the store */
    size_t added[CX_MAX_REGIMES]; /* months copied into the store */
    size_t notes[CX_MAX_REGIMES]; /* notes copied into the store */
    int total;                /* months in the run */
    int done;                 /* months every regime has finished */
    int col[CXI_METRIC_COUNT];/* column of each view metric in a cx_sim_row row, -1 absent */
    double *row;              /* one row, cx_row_count() values */
};

static const struct {
    int lever;                /* cx_lever */
    double step;              /* one key press */
    const char *what;         /* for messages */
} LEVERS[4] = {
    {CX_L_PAY_REL, 0.05, "pay relative to market"},
    {CX_L_RATE_CHANGE, 0.05, "rate change at renewal"},
    {CX_L_CONTRACT_YEARS, 1, "contract length (years)"},
    {CX_L_TRAINING_HOURS, 2, "training hours per agent-month"},
};

int cxi_live_available(void) { return 1; }

/* Copy the baseline's finished months into the ghost series. */
static int harvest0(cxi_live *lv, cx_view_data *D, char *err, size_t n)
{
    for (int i = 0; lv->opened0 && i < lv->J0.n; i++) {
        cx_sim *S = lv->J0.sim[i];
        int g = cxi_data_ghost(D, lv->series[i]);
        for (size_t periods = cx_sim_periods(S); lv->added0[i] < periods; lv->added0[i]++) {
            if (g < 0 || cx_sim_row(S, lv->added0[i], lv->row)) {
                snprintf(err, n, "baseline of %s, month %zu: %s", cx_job_label(&lv->J0, i), lv->added0[i] + 1,
                         g < 0 ? "out of memory" : cx_sim_error(S));
                return -1;
            }
            double v[CXI_METRIC_COUNT];
            for (int k = 0; k < CXI_METRIC_COUNT; k++) v[k] = lv->col[k] >= 0 ? lv->row[lv->col[k]] : NAN;
            if (cxi_data_add_row(D, g, 0, (int)lv->added0[i], v)) {
                snprintf(err, n, "out of memory");
                return -1;
            }
        }
    }
    return 0;
}

static int harvest(cxi_live *lv, cx_view_data *D, char *err, size_t n)
{
    int from = lv->done, done = lv->total;
    if (harvest0(lv, D, err, n)) return -1;
    for (int i = 0; i < lv->J.n; i++) {
        cx_sim *S = lv->J.sim[i];
        size_t periods = cx_sim_periods(S);
        for (; lv->added[i] < periods; lv->added[i]++) {
            if (cx_sim_row(S, lv->added[i], lv->row)) {
                snprintf(err, n, "regime %s, month %zu: %s", cx_job_label(&lv->J, i), lv->added[i] + 1,
                         cx_sim_error(S));
                return -1;
            }
            double v[CXI_METRIC_COUNT];
            for (int k = 0; k < CXI_METRIC_COUNT; k++) v[k] = lv->col[k] >= 0 ? lv->row[lv->col[k]] : NAN;
            if (cxi_data_add_row(D, lv->series[i], 0, (int)lv->added[i], v)) {
                snprintf(err, n, "out of memory");
                return -1;
            }
        }
        for (size_t nn = cx_sim_notes(S); lv->notes[i] < nn; lv->notes[i]++) {
            const cx_note *note = cx_sim_note(S, lv->notes[i]);
            int kind = note ? cxi_ev_find(cx_note_kind_name(note->kind)) : -1;
            if (kind < 0 || kind == CXI_E_HIRE || kind == CXI_E_QUIT) continue;
            cxi_event e = {.series = lv->series[i], .month = note->t / CX_MINUTES_PER_MONTH,
                           .kind = kind, .value = note->value};
            snprintf(e.text, sizeof e.text, "%s", note->text);
            if (cxi_data_add_event(D, &e)) {
                snprintf(err, n, "out of memory");
                return -1;
            }
        }
        if ((int)lv->added[i] < done) done = (int)lv->added[i];
    }
    lv->done = done;
    cxi_data_update_gap(D, from);
    return 0;
}

cxi_live *cxi_live_open(const char *scenario, cx_view_data *D, int *months, char *err, size_t n)
{
    cxi_live *lv = calloc(1, sizeof *lv);
    cx_params P;
    const char *field = NULL;
    char msg[512];
    if (!lv) {
        snprintf(err, n, "out of memory");
        return NULL;
    }
    cx_params_default(&P);
    if (cx_job_load_scenario(scenario, &P, err, n)) goto fail;
    if (cx_params_check(&P, &field, msg, sizeof msg)) {
        snprintf(err, n, "%s: field '%s': %s", scenario, field ? field : "?", msg);
        goto fail;
    }
    if (cx_job_open(&lv->J, &P, scenario, err, n)) goto fail;
    lv->opened = 1;
    lv->P = P;
    snprintf(lv->path, sizeof lv->path, "%s", scenario);
    lv->row = calloc((size_t)cx_row_count() + 1, sizeof *lv->row);
    if (!lv->row) {
        snprintf(err, n, "out of memory");
        goto fail;
    }
    for (int k = 0; k < CXI_METRIC_COUNT; k++) {
        lv->col[k] = cx_row_find(cxi_metrics[k].column);
        if (lv->col[k] < 0 && cxi_metrics[k].required) {
            snprintf(err, n, "the model has no column '%s' (cx_row_columns)", cxi_metrics[k].column);
            goto fail;
        }
        if (lv->col[k] < 0) D->has[k] = 0;
    }
    lv->total = (int)ceil(lv->J.P.years * 12 - 1e-9);
    if (lv->total < 1) lv->total = 1;
    if (cxi_data_reserve(D, lv->total)) {
        snprintf(err, n, "out of memory");
        goto fail;
    }
    for (int i = 0; i < lv->J.n; i++) {
        lv->series[i] = cxi_data_series(D, lv->J.P.name, cx_job_label(&lv->J, i));
        if (lv->series[i] < 0) {
            snprintf(err, n, "%s: more than %d regimes to show", scenario, CX_VIEW_MAX_SERIES);
            goto fail;
        }
        D->s[lv->series[i]].seed = (unsigned long long)lv->J.P.seed;
    }
    D->n_sources++;
    cxi_data_set_labels(D);
    *months = lv->total;
    return lv;
fail:
    cxi_live_close(lv);
    return NULL;
}

int cxi_live_need(cxi_live *lv, cx_view_data *D, int m, char *err, size_t n)
{
    if (m >= lv->total) m = lv->total - 1;
    if (m < lv->done) return 0;
    double t = (m + 1) * CX_MINUTES_PER_MONTH;
    if (cx_job_run_until(&lv->J, t + 1e-6, err, n)) return -1;
    if (lv->opened0 && cx_job_run_until(&lv->J0, t + 1e-6, err, n)) return -1;
    if (harvest(lv, D, err, n)) return -1;
    cxi_data_set_labels(D);
    return 0;
}

int cxi_live_done(const cxi_live *lv) { return lv->done; }

int cxi_live_lever(cxi_live *lv, cx_view_data *D, int which, int dir, int target, char *msg, size_t n)
{
    if (which < 0 || which >= 4) return -1;
    if (!lv->opened0) {
        /* The first what-if: start the baseline, the same runs without it, and bring it
         * to the same month (same seeds, so it matches the runs so far). */
        char err[512];
        if (cx_job_open(&lv->J0, &lv->P, lv->path, err, sizeof err) == 0) {
            lv->opened0 = 1;
            if (lv->done > 0 &&
                (cx_job_run_until(&lv->J0, lv->done * CX_MINUTES_PER_MONTH + 1e-6, err, sizeof err) ||
                 harvest0(lv, D, err, sizeof err))) {
                cx_job_close(&lv->J0);
                lv->opened0 = 0;
                D->ghosts = 0;
            }
        }
    }
    int lever = LEVERS[which].lever;
    const cx_lever_desc *info = cx_lever_info(lever);
    double before = NAN, after = NAN;
    for (int i = 0; i < lv->J.n; i++) {
        if (target >= 0 && lv->series[i] != target) continue;
        cx_sim *S = lv->J.sim[i];
        before = cx_sim_lever(S, lever);
        after = before + dir * LEVERS[which].step;
        if (info) after = after < info->lo ? info->lo : after > info->hi ? info->hi : after;
        if (cx_sim_override(S, lever, after)) {
            snprintf(msg, n, "what-if refused: %s", cx_sim_error(S));
            return -1;
        }
    }
    if (isnan(before)) {
        snprintf(msg, n, "no regime %d", target + 1);
        return -1;
    }
    snprintf(msg, n, "what-if from month %d: %s %.3g \xe2\x86\x92 %.3g (%s)", lv->done + 1, LEVERS[which].what,
             before, after, target < 0 ? "every regime" : D->s[target].label);
    return 0;
}

void cxi_live_describe(const cxi_live *lv, int target, char *out, size_t n)
{
    int i = 0;
    for (int k = 0; k < lv->J.n; k++)
        if (lv->series[k] == target) i = k;
    cx_sim *S = lv->J.sim[i];
    snprintf(out, n, "levers%s: pay %.2f (p/P)  rate chg %+.0f%% (c/C)  contract %.0f y (l/L)  training %.0f h (t/T)",
             target < 0 ? "" : " (one regime)", cx_sim_lever(S, CX_L_PAY_REL),
             100 * cx_sim_lever(S, CX_L_RATE_CHANGE), cx_sim_lever(S, CX_L_CONTRACT_YEARS),
             cx_sim_lever(S, CX_L_TRAINING_HOURS));
}

void cxi_live_close(cxi_live *lv)
{
    if (!lv) return;
    if (lv->opened) cx_job_close(&lv->J);
    if (lv->opened0) cx_job_close(&lv->J0);
    free(lv->row);
    free(lv);
}

#else /* no cxsim_job in this build */

int cxi_live_available(void) { return 0; }

cxi_live *cxi_live_open(const char *scenario, cx_view_data *D, int *months, char *err, size_t n)
{
    (void)scenario, (void)D, (void)months;
    snprintf(err, n, "live mode not available in this build (use --results DIR from cxsim run --out DIR)");
    return NULL;
}

int cxi_live_need(cxi_live *lv, cx_view_data *D, int m, char *err, size_t n)
{
    (void)lv, (void)D, (void)m, (void)err, (void)n;
    return -1;
}

int cxi_live_done(const cxi_live *lv)
{
    (void)lv;
    return 0;
}

int cxi_live_lever(cxi_live *lv, cx_view_data *D, int which, int dir, int target, char *msg, size_t n)
{
    (void)lv, (void)D, (void)which, (void)dir, (void)target;
    snprintf(msg, n, "live mode not available in this build");
    return -1;
}

void cxi_live_describe(const cxi_live *lv, int target, char *out, size_t n)
{
    (void)lv, (void)target;
    if (n) out[0] = 0;
}

void cxi_live_close(cxi_live *lv) { (void)lv; }

#endif
