/* cx_staffing: the provider's staffing rule, as a workforce manager plans.
 *
 * Each month it forecasts the contacts of every open half hour of the week:
 * the demand profile (spread over the opening hours, the day's demand
 * kept), seasonality and growth, times last month's ratio of actual to
 * expected demand (which carries repeats, defects and self-service; the
 * expectation includes the go-live ramp, and a launch month teaches the
 * rule how far launches run beyond their announced multiplier instead of
 * moving the ordinary forecast). It knows the launches scheduled ahead
 * (P.spikes): a month with one gets a second template for its days, with
 * the spike's multiplier and complex share. For each half hour Erlang A
 * (the centre knows its customers' patience) gives the agents on the
 * phones that reach the service level it aims at (lever staff_sl) with
 * abandonment at most staff.plan_max_abandon; the handle time is its
 * team's, halfway to a settled team's knowledge.
 *
 * The requirement becomes bodies on the floor (divided by the shrinkage
 * taken inside shifts: breaks, meetings) and is covered per weekday by
 * staggered shifts of staff.shift_hours; the week's shifts over the shifts
 * an employee works (less the days lost to absence and leave) give the
 * headcount, plus the provider's buffer (lever staff_buffer). A bounded
 * correction (plan_gain) learns from misses only in months that were
 * staffed as planned, with no ramp and no launch: it cannot wind up while
 * vacancies or a ramp cause the miss. */
#include <math.h>
#include <stdlib.h>

#include "cx_erlang.h"
#include "cxi.h"

double cxi_shifts_per_week(const cx_sim *S)
{
    return S->P.m.hours_per_week / S->P.m.shift_hours;
}

int cxi_spike_on_day(const cx_sim *S, double day)
{
    for (int i = 0; i < S->P.n_spikes; i++) {
        const cx_spike *sp = &S->P.spikes[i];
        if (day >= sp->start_day && day < sp->start_day + sp->days) return i;
    }
    return -1;
}

void cxi_open_bins(const cx_sim *S, int dow, int *first, int *end)
{
    if (!(S->P.profile && S->P.on.schedules)) { /* no planned centre: open around the clock */
        *first = 0;
        *end = CX_INTRADAY_BINS;
        return;
    }
    *first = (int)floor(S->P.open_h[dow] * 2.0 + 0.5);
    *end = (int)floor(S->P.close_h[dow] * 2.0 + 0.5);
}

int cxi_cover_shifts(const double need[CX_INTRADAY_BINS], int first, int end, int len,
                     uint16_t starts[CX_INTRADAY_BINS])
{
    double gap[CX_INTRADAY_BINS] = {0};
    if (end > CX_INTRADAY_BINS) end = CX_INTRADAY_BINS;
    if (first < 0) first = 0;
    if (end <= first) return 0;
    for (int b = first; b < end; b++) gap[b] = ceil(need[b] - 1e-9);
    int last = end - len > first ? end - len : first, added = 0;
    /* add the shift that covers the most still uncovered half hours */
    for (;;) {
        int best = -1;
        double best_gain = 0;
        for (int s = first; s <= last; s++) {
            double g = 0;
            for (int j = s; j < s + len && j < end; j++) g += gap[j] > 0 ? 1.0 : 0.0;
            if (g > best_gain) best_gain = g, best = s;
        }
        if (best < 0) break;
        starts[best]++;
        added++;
        for (int j = best; j < best + len && j < end; j++) gap[j] -= 1.0;
    }
    /* drop shifts no half hour needs any more */
    for (int again = 1; again;) {
        again = 0;
        for (int s = first; s <= last; s++) {
            if (!starts[s]) continue;
            int spare = 1;
            for (int j = s; j < s + len && j < end; j++) spare &= gap[j] <= -1.0;
            if (!spare) continue;
            starts[s]--;
            added--;
            for (int j = s; j < s + len && j < end; j++) gap[j] += 1.0;
            again = 1;
        }
    }
    return added;
}

/* 1 when `agents` on the phones meet the service level aimed at and the
 * abandonment ceiling (staff.plan_max_abandon, 0: none). */
static int meets(const cx_sim *S, cx_erlang_in *in, int agents, double sl)
{
    cx_erlang_out o;
    char err[128];
    in->agents = agents;
    double cap = S->P.m.plan_max_abandon;
    return !cx_erlang(in, &o, err, (int)sizeof err) && o.service_level >= sl && (cap <= 0 || o.p_abandon <= cap);
}

/* Agents on the phones Erlang A asks for (Erlang C without patience).
 * *gap carries, from one half hour to the next, how many agents fewer than
 * Erlang C's answer Erlang A asked for last (-1: none yet): the first
 * guess, so that most half hours take two Erlang A evaluations. */
static int erlang_need(const cx_sim *S, double rate, double aht, double sl, int *gap, int *found)
{
    *found = 1;
    if (!(rate > 0)) return 0;
    const cx_params *P = &S->P;
    double patience = P->patience.kind == CX_DIST_NONE ? 0 : P->patience.mean;
    cx_erlang_in in = {.rate = rate, .aht = aht, .patience = patience, .target_s = P->sl_seconds};
    cx_erlang_out o;
    char err[128];
    double load = rate * aht;
    int lo = (int)floor(load * 0.8);
    if (patience == 0 && lo < (int)floor(load) + 1) lo = (int)floor(load) + 1;
    if (lo < 1) lo = 1;
    /* the fewest agents (at least lo) that meet both aims: service level
     * rises and abandonment falls with agents, so gallop from a guess
     * towards the answer, then bisect (each Erlang A evaluation is costly;
     * the answer is the same as trying n = lo, lo + 1, ... in turn). The
     * guess is Erlang C's answer (closed form, cheap) less last half
     * hour's gap between the two */
    int nc = lo;
    if (patience > 0) {
        cx_erlang_in c = in;
        c.patience = 0;
        for (c.agents = (int)floor(load) + 1; c.agents < 100000; c.agents++)
            if (!cx_erlang(&c, &o, err, (int)sizeof err) && o.service_level >= sl) break;
        if (c.agents > lo) nc = c.agents;
    }
    int first = nc - (*gap > 0 ? *gap : 0);
    if (first < lo) first = lo;
    int below = lo - 1, hi = -1; /* below fails (or is lo - 1), hi meets */
    if (meets(S, &in, first, sl)) {
        hi = first;
        for (int step = 1; hi - below > 1; step *= 2) { /* gallop down */
            int n = hi - step > below ? hi - step : below + 1;
            if (!meets(S, &in, n, sl)) {
                below = n;
                break;
            }
            hi = n;
        }
    } else {
        below = first;
        for (int step = 1, n = first + 1; n < 100000; n = below + step, step *= 2) { /* gallop up */
            if (meets(S, &in, n, sl)) {
                hi = n;
                break;
            }
            below = n;
        }
    }
    if (hi < 0) {
        *found = 0;
        return (int)ceil(load) + 1;
    }
    while (hi - below > 1) {
        int mid = below + (hi - below) / 2;
        if (meets(S, &in, mid, sl)) hi = mid;
        else below = mid;
    }
    *gap = nc - hi;
    return hi;
}

/* The half hours of a template, sorted by their rate: the answer only
 * grows with the rate (more contacts, the same agents: a lower service
 * level, more abandonment), so between two rates with the same answer
 * every rate has it, and between two different answers the search is
 * confined to them. The week's answers then cost Erlang A evaluations
 * for each change of answer, not for every half hour; they are the same
 * as half hour by half hour. */
typedef struct need_bin {
    double rate;              /* contacts per minute */
    int n;                    /* agents on the phones */
    int found;                /* n met the aims (0: the fallback, nothing inferred from it) */
    int16_t d, b;             /* day and half hour */
} need_bin;

static int by_rate(const void *x, const void *y)
{
    const need_bin *a = x, *b = y;
    if (a->rate != b->rate) return a->rate < b->rate ? -1 : 1;
    return a->d != b->d ? a->d - b->d : a->b - b->b;
}

/* Fill bins (l, r), exclusive, whose ends are solved. */
static void need_between(const cx_sim *S, need_bin *v, int l, int r, double aht, double sl, int *gap)
{
    if (r - l < 2) return;
    if (v[l].found && v[r].found && v[l].n == v[r].n) {
        for (int i = l + 1; i < r; i++) v[i].n = v[l].n, v[i].found = 1;
        return;
    }
    int m = l + (r - l) / 2;
    need_bin *x = &v[m];
    if (v[l].found && v[r].found && x->rate > v[l].rate && x->rate < v[r].rate) {
        /* the smallest head count in [max(n_l, lo), n_r] that meets the aims at this rate */
        const cx_params *P = &S->P;
        double patience = P->patience.kind == CX_DIST_NONE ? 0 : P->patience.mean;
        cx_erlang_in in = {.rate = x->rate, .aht = aht, .patience = patience, .target_s = P->sl_seconds};
        double load = x->rate * aht;
        int lo = (int)floor(load * 0.8);
        if (patience == 0 && lo < (int)floor(load) + 1) lo = (int)floor(load) + 1;
        if (lo < 1) lo = 1;
        int below = (v[l].n > lo ? v[l].n : lo) - 1, hi = v[r].n;
        while (hi - below > 1) {
            int mid = below + (hi - below) / 2;
            if (meets(S, &in, mid, sl)) hi = mid;
            else below = mid;
        }
        x->n = hi;
        x->found = 1;
    } else if (x->rate == v[l].rate) {
        x->n = v[l].n, x->found = v[l].found;
    } else if (x->rate == v[r].rate) {
        x->n = v[r].n, x->found = v[r].found;
    } else {
        x->n = erlang_need(S, x->rate, aht, sl, gap, &x->found);
    }
    need_between(S, v, l, m, aht, sl, gap);
    need_between(S, v, m, r, aht, sl, gap);
}

/* Mean of the known multipliers (go-live ramp x launches) over days [d0, d1). */
static double known_factor(const cx_sim *S, double d0, double d1)
{
    double sum = 0;
    int n = 0;
    for (double d = floor(d0); d < d1; d += 1.0, n++) {
        int sp = cxi_spike_on_day(S, d);
        sum += cx_params_ramp_share(&S->P, d) * (sp >= 0 ? S->P.spikes[sp].multiplier : 1.0);
    }
    return n ? sum / n : 1.0;
}

int cxi_shift_off_bins(const cx_sim *S, int len)
{
    const cx_model_params *m = &S->P.m;
    return (int)floor(len * m->shrink_breaks + 0.5) + (int)ceil(len * m->shrink_meetings - 1e-9);
}

/* Cover one day's requirement with shifts whose breaks and meetings fit in
 * their slack: the bodies on the floor are raised step by step until the
 * half hours covered beyond the requirement hold the shifts' off-phone
 * time (the roster then puts breaks where that slack is). */
static double cover_day(cx_sim *S, const uint16_t req[CX_INTRADAY_BINS], int first, int end, int len,
                        uint16_t starts[CX_INTRADAY_BINS])
{
    double off = cxi_shift_off_bins(S, len), bodies[CX_INTRADAY_BINS] = {0};
    int shifts = 0;
    for (double f = 1.0; f < 2.0; f += 0.02) {
        for (int b = 0; b < CX_INTRADAY_BINS; b++) {
            starts[b] = 0;
            bodies[b] = req[b] * f;
        }
        shifts = cxi_cover_shifts(bodies, first, end, len, starts);
        double cov[CX_INTRADAY_BINS] = {0}, slack = 0;
        for (int b = first; b < end; b++)
            for (int j = b; j < b + len && j < end; j++) cov[j] += starts[b];
        for (int b = first; b < end; b++) slack += cov[b] > req[b] ? cov[b] - req[b] : 0;
        if (slack >= 1.1 * off * shifts) break; /* room for the breaks, with a margin for their windows */
    }
    return shifts;
}

/* One template: requirement per half hour, shifts. Returns the week's shifts. */
static double plan_template(cx_sim *S, int t, const double intraday[CX_INTRADAY_BINS], const double weekday[7],
                            double level, double aht)
{
    cxi_model *M = &S->M;
    const cx_model_params *m = &S->P.m;
    double sl = M->lever[CX_L_STAFF_SL];
    int len = (int)floor(m->shift_hours * 2.0 + 0.5);
    double week = 0, hours = 0, sum = 0;
    int open = 0, gap = -1, nv = 0, first[7], end[7];
    need_bin v[7 * CX_INTRADAY_BINS];
    for (int d = 0; d < 7; d++) {
        cxi_open_bins(S, d, &first[d], &end[d]);
        double all = 0, part = 0;
        for (int b = 0; b < CX_INTRADAY_BINS; b++) {
            all += intraday[b];
            if (b >= first[d] && b < end[d]) part += intraday[b];
        }
        uint16_t *req = M->staff.required[t][d];
        for (int b = 0; b < CX_INTRADAY_BINS; b++) {
            M->staff.shifts[t][d][b] = 0;
            req[b] = 0;
        }
        if (end[d] <= first[d] || part <= 0) {
            end[d] = first[d]; /* closed: nothing to cover */
            continue;
        }
        for (int b = first[d]; b < end[d]; b++)
            v[nv++] = (need_bin){.rate = level * intraday[b] * all / part * weekday[d], .d = (int16_t)d, .b = (int16_t)b};
    }
    /* Erlang A's answer for every open half hour (0 without contacts):
     * the lowest and highest rates searched in full, the rest between */
    qsort(v, (size_t)nv, sizeof *v, by_rate);
    int z = 0;
    while (z < nv && !(v[z].rate > 0)) v[z].n = 0, v[z].found = 1, z++;
    if (z < nv) {
        v[z].n = erlang_need(S, v[z].rate, aht, sl, &gap, &v[z].found);
        if (nv - 1 > z) v[nv - 1].n = erlang_need(S, v[nv - 1].rate, aht, sl, &gap, &v[nv - 1].found);
        need_between(S, v, z, nv - 1, aht, sl, &gap);
    }
    for (int i = 0; i < nv; i++) {
        int n = (int)ceil(v[i].n * M->staff.plan_gain - 1e-9);
        M->staff.required[t][v[i].d][v[i].b] = (uint16_t)(n > 65535 ? 65535 : n);
        hours += 0.5 * n;
        sum += n;
        open++;
    }
    for (int d = 0; d < 7; d++) {
        if (end[d] <= first[d]) continue;
        int dlen = end[d] - first[d] < len ? end[d] - first[d] : len;
        week += cover_day(S, M->staff.required[t][d], first[d], end[d], dlen, M->staff.shifts[t][d]);
    }
    if (t == CXI_T_NORMAL) {
        M->staff.required_hours = hours;
        M->staff.required_mean = open ? sum / open : 0;
    }
    M->staff.week_shifts[t] = week;
    return week;
}

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
    /* demand multiplier learnt from last month: actual offered / expected */
    double factor = 1.0 / (1.0 - m->plan_unresolved * m->repeat_return * P->on.repeats); /* before any data */
    int month = (int)S->n_periods;
    double years = S->E.now / CX_MINUTES_PER_YEAR;
    double growth = pow(1.0 + P->growth_per_year, years);
    double today = S->E.now / CX_MINUTES_PER_DAY;
    if (month > 0) {
        const cxi_snapshot *L = &M->last;
        double d1 = today, d0 = today - L->minutes / CX_MINUTES_PER_DAY;
        double base = P->rate_per_min * L->minutes * (P->profile ? season[(month - 1) % 12] : 1.0) * growth;
        double ramp = 0, spiked = 0, mult = 1.0;
        int n = 0;
        for (double d = floor(d0); d < d1; d += 1.0, n++) {
            int i = cxi_spike_on_day(S, d);
            ramp += cx_params_ramp_share(P, d);
            if (i >= 0) spiked += 1.0, mult = P->spikes[i].multiplier;
        }
        ramp = n ? ramp / n : 1.0;
        double f = n ? spiked / n : 0.0;
        if (base > 0 && L->offered > 0) {
            double r = L->offered / (base * ramp);
            if (f > 0 && M->staff.factor > 0 && mult > 0) { /* a launch month: what the launch brought beyond its multiplier */
                double e = ((r / M->staff.factor) - (1.0 - f)) / (f * mult);
                M->staff.spike_excess = fmin(2.0, fmax(0.8, e));
                factor = M->staff.factor;
            } else if (f > 0) {
                factor = L->offered / (base * known_factor(S, d0, d1));
            } else {
                factor = r;
            }
        }
    }
    if (month == 0 || M->staff.factor <= 0 || M->last.offered > 0) M->staff.factor = factor;
    /* headcount is hired for the months ahead: a team diluted by new hires
     * will learn, so the rule plans halfway to a settled team's knowledge */
    /* a new provider about to take over (cx_contract): its team is new,
     * so the team it brings is sized on novices, not on the leaving team */
    int incoming = M->con.cutover_at > 0;
    double k = cxi_headcount(S) && !incoming ? cxi_mean_knowledge(S) : P->m.k_start + P->m.k_classroom;
    double settled = cxi_settled_knowledge(S, M->lever[CX_L_PAY_REL], M->lever[CX_L_TRAINING_HOURS],
                                           M->lever[CX_L_SPAN]);
    if (k < settled) k = (1.0 - m->plan_learning) * k + m->plan_learning * settled;
    if (!P->on.learning) k = 1.0;
    double heads = cxi_headcount(S);
    double nesting = heads > 0 && !incoming ? M->wf.n_nesting / heads : 1.0;
    double slow = (1.0 + m->novice_slowdown * (1.0 - k * cxi_keep(S))) * (1.0 + m->nesting_slowdown * nesting);
    double aht = P->handle.mean * (1.0 + M->dem.complex_share * (m->complex_handle - 1.0)) * slow;
    /* the bounded correction, integrated only from months staffed as planned
     * (anti-windup: a miss caused by vacancies, the ramp or a launch is not
     * the plan's) */
    if (month > 0) {
        double d0 = today - M->last.minutes / CX_MINUTES_PER_DAY;
        int clean = known_factor(S, d0, today) == 1.0 && heads >= 0.95 * M->staff.target_headcount;
        double miss = fmin(m->plan_miss_cap, fmax(-m->plan_miss_cap, M->lever[CX_L_STAFF_SL] - M->last.q.service_level));
        if (clean)
            M->staff.plan_gain = fmin(m->plan_gain_max, fmax(m->plan_gain_min, M->staff.plan_gain * exp(m->plan_gain_rate * miss)));
    }
    double level = P->rate_per_min * season[month % 12] * growth * factor;
    double w0 = plan_template(S, CXI_T_NORMAL, intraday, weekday, level, aht);
    /* a launch in the coming month: its own template */
    double horizon_days = 365.25 / 12.0, spike_days = 0;
    int sp = -1;
    for (double d = floor(today); d < today + horizon_days; d += 1.0) {
        int i = cxi_spike_on_day(S, d);
        if (i >= 0) {
            if (sp < 0) sp = i;
            spike_days += 1.0;
        }
    }
    M->staff.week_shifts[CXI_T_SPIKE] = 0;
    M->staff.temps_planned = 0;
    double w1 = w0;
    if (sp >= 0) {
        const cx_spike *s = &P->spikes[sp];
        double cs = s->complex_share >= 0 ? s->complex_share : m->complex_share;
        double aht_s = P->handle.mean * (1.0 + cs * (m->complex_handle - 1.0)) * slow;
        double excess = M->staff.spike_excess > 0 ? M->staff.spike_excess : 1.0;
        w1 = plan_template(S, CXI_T_SPIKE, intraday, weekday, level * s->multiplier * excess, aht_s);
        if (M->lever[CX_L_TEMPS] >= 0.5 && w1 > w0 && P->on.learning) {
            /* temps know less: plan the spike again on the blended handle time */
            double share = (w1 - w0) / w1 * m->temps_cover;
            double temp_slow = 1.0 + m->novice_slowdown * (1.0 - m->temps_knowledge);
            double aht_t = P->handle.mean * (1.0 + cs * (m->complex_handle - 1.0)) * temp_slow;
            w1 = plan_template(S, CXI_T_SPIKE, intraday, weekday, level * s->multiplier * excess,
                               (1.0 - share) * aht_s + share * aht_t);
        }
        if (w1 > w0) M->staff.temps_planned = (int)ceil((w1 - w0) / cxi_shifts_per_week(S) * m->temps_cover - 1e-9);
    }
    /* hires come on the floor about hiring-delay days later: hire for the
     * busiest month until then (seasonality is known in advance) */
    double lead = P->on.hiring_delay ? m->vacancy_days + m->classroom_days : 0;
    int ahead = (int)ceil(lead / (365.25 / 12.0));
    double peak = 1.0;
    for (int j = 1; j <= ahead && j < 12; j++) {
        double r = season[(month + j) % 12] / season[month % 12] * pow(1.0 + P->growth_per_year, j / 12.0);
        if (r > peak) peak = r;
    }
    /* without temps the team covers the month's launch days in overtime,
     * and with more heads for what overtime cannot reach */
    double week = w0;
    if (M->lever[CX_L_TEMPS] < 0.5 && w1 > w0 * (1.0 + m->overtime_max)) /* beyond what overtime covers */
        week += (w1 - w0 * (1.0 + m->overtime_max)) * spike_days / horizon_days;
    double per_head = cxi_shifts_per_week(S) * (1.0 - m->shrink_absence - m->shrink_leave);
    if (per_head < 0.1) per_head = 0.1;
    M->staff.target_headcount = (int)ceil(week * peak / per_head * (1.0 + M->lever[CX_L_STAFF_BUFFER]) - 1e-9);
    return 0;
}
