/* cx_arrivals: rate profile and thinning. */
#include "cx_arrivals.h"

#include <math.h>
#include <string.h>

#define BIN_MIN (CX_MINUTES_PER_DAY / CX_INTRADAY_BINS)

static double profile_at(const cx_arrivals *a, double t)
{
    if (!a->profile) return 1.0;
    double day = floor(t / CX_MINUTES_PER_DAY);
    int bin = (int)((t - day * CX_MINUTES_PER_DAY) / BIN_MIN);
    if (bin >= CX_INTRADAY_BINS) bin = CX_INTRADAY_BINS - 1;
    int dow = (int)fmod(day, 7.0);
    int month = (int)fmod(floor(t / CX_MINUTES_PER_MONTH), 12.0);
    double w = a->intraday[bin];
    if (a->hours) {
        double mid = (bin + 0.5) * BIN_MIN;
        if (mid < a->open_min[dow] || mid > a->close_min[dow]) return 0.0;
        w *= a->day_scale[dow];
    }
    return w * a->weekday[dow] * a->season[month];
}

/* Spike factor at t, or (when `lo`/`hi` span a window) its maximum there. */
static double spike_factor(const cx_arrivals *a, double lo, double hi)
{
    double f = 1.0;
    for (int i = 0; i < a->n_spikes; i++) {
        double s0 = a->spikes[i].start_day * CX_MINUTES_PER_DAY;
        double s1 = s0 + a->spikes[i].days * CX_MINUTES_PER_DAY;
        double m = a->spikes[i].multiplier;
        if (hi <= lo) { /* a point */
            if (lo >= s0 && lo < s1) f *= m;
        } else if (s0 < hi && s1 > lo) {
            f *= (s0 <= lo && s1 >= hi) ? m : fmax(m, 1.0);
        }
    }
    return f;
}

double cx_arrivals_rate(const cx_arrivals *a, double t)
{
    return a->base * profile_at(a, t) * exp(a->growth * t) * spike_factor(a, t, t);
}

/* 1 when no month or spike starts or ends inside (t, end): the profile
 * and the spikes are then the same at every time of the window. */
static int flat_window(const cx_arrivals *a, double t, double end)
{
    if (floor(t / CX_MINUTES_PER_MONTH) != floor(end / CX_MINUTES_PER_MONTH)) return 0;
    for (int i = 0; i < a->n_spikes; i++) {
        double s0 = a->spikes[i].start_day * CX_MINUTES_PER_DAY;
        double s1 = s0 + a->spikes[i].days * CX_MINUTES_PER_DAY;
        if ((s0 > t && s0 < end) || (s1 > t && s1 < end)) return 0;
    }
    return 1;
}

/* Enter the window that contains time t and compute its majorant, and
 * (in a flat window) the rate's parts that hold for all of it. */
static void enter_window(cx_arrivals *a, double t)
{
    a->t = t;
    a->win_end = (floor(t / BIN_MIN) + 1.0) * BIN_MIN;
    double g = exp(a->growth * (a->growth > 0 ? a->win_end : t));
    a->lmax = a->base * profile_at(a, t) * g * spike_factor(a, t, a->win_end);
    a->flat = flat_window(a, t, a->win_end);
    if (a->flat) {
        a->w_base = a->base * profile_at(a, t);
        a->w_spike = spike_factor(a, t, t);
        /* the rate only grows (or shrinks) with t inside the window: bounds
         * at its two ends, widened far beyond rounding, decide most
         * candidates without an exponential, and exactly as the rate would */
        double r0 = a->w_base * exp(a->growth * t) * a->w_spike;
        double r1 = a->w_base * exp(a->growth * a->win_end) * a->w_spike;
        a->w_sure = fmin(r0, r1) * (1.0 - 1e-9);
        a->w_never = fmax(r0, r1) * (1.0 + 1e-9);
    }
}

void cx_arrivals_init(cx_arrivals *a, const cx_rate_profile *p, double t0)
{
    a->base = p->base;
    a->profile = p->profile;
    memcpy(a->intraday, p->intraday, sizeof a->intraday);
    memcpy(a->weekday, p->weekday, sizeof a->weekday);
    memcpy(a->season, p->season, sizeof a->season);
    a->growth = log1p(p->growth_per_year) / CX_MINUTES_PER_YEAR;
    a->n_spikes = p->n_spikes < CX_ARRIVAL_MAX_SPIKES ? p->n_spikes : CX_ARRIVAL_MAX_SPIKES;
    memcpy(a->spikes, p->spikes, (size_t)a->n_spikes * sizeof *a->spikes);
    a->hours = p->profile && p->hours;
    for (int d = 0; d < 7; d++) {
        a->open_min[d] = p->open_min[d];
        a->close_min[d] = p->close_min[d];
        double all = 0, open = 0;
        for (int b = 0; b < CX_INTRADAY_BINS; b++) {
            double mid = (b + 0.5) * BIN_MIN;
            all += p->intraday[b];
            if (mid >= p->open_min[d] && mid <= p->close_min[d]) open += p->intraday[b];
        }
        a->day_scale[d] = open > 0 ? all / open : 0.0;
    }
    a->homogeneous = !p->profile && p->growth_per_year == 0.0 && p->n_spikes == 0;
    a->candidates = 0;
    if (a->homogeneous) {
        a->t = t0;
        a->win_end = INFINITY;
        a->lmax = a->base;
    } else {
        enter_window(a, t0);
    }
}

void cx_arrivals_rebase(cx_arrivals *a, double base)
{
    a->base = base;
    a->n_spikes = 0;
    a->flat = 0; /* the window's cached parts were the old rate's */
}

double cx_arrivals_next(cx_arrivals *a, cx_rng *r)
{
    if (a->homogeneous) {
        a->candidates++;
        return a->t += cx_rng_exp(r, 1.0 / a->base);
    }
    for (;;) {
        if (a->lmax <= 0.0) { /* nothing can arrive in this window */
            enter_window(a, a->win_end);
            continue;
        }
        double t = a->t + cx_rng_exp(r, 1.0 / a->lmax);
        a->candidates++;
        if (t >= a->win_end) { /* memoryless: restart at the boundary */
            enter_window(a, a->win_end);
            continue;
        }
        a->t = t;
        double x = cx_rng_uniform(r) * a->lmax;
        if (a->flat) {
            if (x <= a->w_sure) return t;
            if (x > a->w_never) continue;
        }
        /* the same product, in the same order, as cx_arrivals_rate */
        double rate = a->flat ? a->w_base * exp(a->growth * t) * a->w_spike : cx_arrivals_rate(a, t);
        if (x <= rate) return t;
    }
}
