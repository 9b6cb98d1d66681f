/* cx_staffing: the provider's staffing rule. Each month it forecasts the
 * contacts of every half hour of the week (the demand profile times last
 * month's ratio of actual to base demand, which carries repeats, defects and
 * self-service), the handle time its current team will need (from its mean
 * knowledge), and asks Erlang C for the agents on duty that reach the
 * service level it aims at (lever staff_sl). Paid headcount follows from
 * the hours on duty, the paid hours per week and shrinkage (30-35%: WFM
 * surveys), plus the provider's buffer. */
#include <math.h>

#include "cx_erlang.h"
#include "cxi.h"

int cxi_staffing_plan(cx_sim *S)
{
    cxi_model *M = &S->M;
    const cx_params *P = &S->P;
    const cx_model_params *m = &P->m;
    if (!P->on.schedules) {
        M->staff.target_headcount = P->agents;
        M->staff.required_mean = P->agents;
        return 0;
    }
    double intraday[CX_INTRADAY_BINS], weekday[7], season[12];
    cx_params_profile(P, intraday, weekday, season);
    if (!P->profile) {
        for (int i = 0; i < CX_INTRADAY_BINS; i++) intraday[i] = 1;
        for (int i = 0; i < 7; i++) weekday[i] = 1;
        for (int i = 0; i < 12; i++) season[i] = 1;
    }
    /* demand multiplier learnt from last month: actual offered / base expected */
    double factor = 1.0 / (1.0 - m->plan_unresolved * m->repeat_return * P->on.repeats); /* before any data */
    int month = (int)S->n_periods;
    double years = S->E.now / CX_MINUTES_PER_YEAR;
    double growth = pow(1.0 + P->growth_per_year, years);
    if (month > 0) {
        const cxi_snapshot *L = &M->last;
        double base = P->rate_per_min * L->minutes * (P->profile ? season[(month - 1) % 12] : 1.0) * growth;
        if (base > 0 && L->offered > 0) factor = L->offered / base;
    }
    /* headcount is hired for the months ahead: a team diluted by new hires
     * will learn, so the rule plans halfway to a settled team's knowledge
     * (planning on today's novices alone would hire more novices still) */
    double k = cxi_headcount(S) ? cxi_mean_knowledge(S) : P->m.k_start + P->m.k_classroom;
    double settled = cxi_settled_knowledge(S, M->lever[CX_L_PAY_REL], M->lever[CX_L_TRAINING_HOURS],
                                           M->lever[CX_L_SPAN]);
    /* (1 - w) k + w settled: with w = 0.5 exactly 0.5 (k + settled), as halving is exact */
    if (k < settled) k = (1.0 - m->plan_learning) * k + m->plan_learning * settled;
    if (!P->on.learning) k = 1.0;
    double cx_share = M->dem.complex_share;
    double heads = cxi_headcount(S);
    double nesting = heads > 0 ? M->wf.n_nesting / heads : 1.0;
    double aht = P->handle.mean * (1.0 + cx_share * (m->complex_handle - 1.0)) *
                 (1.0 + m->novice_slowdown * (1.0 - k * cxi_keep(S))) * (1.0 + m->nesting_slowdown * nesting);
    double sl = M->lever[CX_L_STAFF_SL];
    /* closed loop: Erlang C on half-hour averages misses what retrials,
     * mixed skills and vacancies do within the half hour, so the rule
     * corrects its own plan by how far last month fell short of its aim */
    if (S->n_periods > 0) {
        double miss = fmin(m->plan_miss_cap, fmax(-m->plan_miss_cap, sl - M->last.q.service_level));
        M->staff.plan_gain = fmin(m->plan_gain_max, fmax(m->plan_gain_min, M->staff.plan_gain * exp(m->plan_gain_rate * miss)));
    }
    double patience = P->patience.kind == CX_DIST_NONE ? 0 : P->patience.mean;
    double hours = 0, sum = 0;
    for (int d = 0; d < 7; d++)
        for (int b = 0; b < CX_INTRADAY_BINS; b++) {
            double rate = P->rate_per_min * intraday[b] * weekday[d] * season[month % 12] * growth * factor;
            cx_erlang_in in = {.rate = rate, .aht = aht, .patience = 0, .agents = 0,
                               .target_s = P->sl_seconds};
            (void)patience; /* the rule plans with Erlang C, as workforce tools do */
            int n = rate > 0 ? cx_erlang_staff(&in, sl, 0, 100000) : 0;
            if (n < 0) n = (int)ceil(rate * aht) + 1;
            n = (int)ceil(n * M->staff.plan_gain);
            if (n > 65535) n = 65535;
            M->staff.required[d][b] = (uint16_t)n;
            hours += 0.5 * n;
            sum += n;
        }
    M->staff.required_hours = hours;
    M->staff.required_mean = sum / (7.0 * CX_INTRADAY_BINS);
    /* hires come on the floor about hiring-delay days later: hire for the
     * busiest month until then (seasonality is known in advance) */
    double lead = P->on.hiring_delay ? m->vacancy_days + m->classroom_days : 0;
    int ahead = (int)ceil(lead / (365.25 / 12.0));
    double peak = 1.0;
    for (int j = 1; j <= ahead && j < 12; j++) {
        double r = season[(month + j) % 12] / season[month % 12] * pow(1.0 + P->growth_per_year, j / 12.0);
        if (r > peak) peak = r;
    }
    double per_fte = m->hours_per_week * (1.0 - m->shrinkage);
    M->staff.target_headcount = (int)ceil(hours * peak / per_fte * (1.0 + M->lever[CX_L_STAFF_BUFFER]));
    return 0;
}
