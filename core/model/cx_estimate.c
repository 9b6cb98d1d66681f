/* cx_estimate: the expected size of a run before it starts.
 *
 * contacts = (base + spikes) x K
 *   base   = rate_per_min x horizon (min) x mean growth factor
 *            (mean of (1+g)^t over the horizon: ((1+g)^Y - 1) / (Y ln(1+g)))
 *   spikes = rate_per_min x end growth x (multiplier - 1) x spike minutes
 *            inside the horizon, for each spike that raises demand
 *   K      = 1 + 1.0 (repeats on) + 0.2 (defects on): repeat and defect
 *            contacts per first contact, measured on the shipped
 *            scenarios: 1.27 to 1.65 over years, up to 2 in the first
 *            weeks (novices resolve less)
 * events   = 2.3 x contacts (arrival, departure or abandonment, and their
 *            share of repeats; measured 2.19 to 2.24) + 49 a day for the
 *            model's half-hour and daily ticks
 * peak     = the worst a saturated centre can build (Little's law, doubled):
 *            every arrival at the peak rate (profile maximum x end growth
 *            x largest spike) waits 2 mean patiences (for ever without
 *            patience: then every contact of the run), retries on top,
 *            plus the repeats pending for 2 mean delays at the peak rate x
 *            repeats.return x (1 - the novice FCR); each held contact
 *            costs two (doubling slack) contact slots, calendar events and
 *            ring entries
 * memory   = 8 MiB + the monthly rows + peak x bytes per contact
 */
#include "cx_estimate.h"

#include <math.h>
#include <stdio.h>

#include "cxi.h"

#define BASE_BYTES (8.0 * 1024 * 1024) /* context, model state, notes, Lua */
#define EVENTS_PER_CONTACT 2.3
#define TICKS_PER_DAY 49.0
#define HOLD_FACTOR 2.0                /* mean waits a saturated queue holds */

double cx_estimate_bytes_per_contact(void)
{
    return 2.0 * (double)(sizeof(cx_contact) + sizeof(cx_event) + sizeof(uint64_t));
}

static double max_of(const double *v, int n)
{
    double m = 0;
    for (int i = 0; i < n; i++) m = fmax(m, v[i]);
    return m;
}

void cx_estimate_run(const cx_params *p, int reps, cx_estimate *e)
{
    double years = p->years, horizon = years * CX_MINUTES_PER_YEAR, rate = p->rate_per_min;
    double g = p->growth_per_year;
    double growth_mean = 1, growth_end = 1;
    if (fabs(g) > 1e-12 && g > -1) {
        growth_end = pow(1 + g, years);
        growth_mean = (growth_end - 1) / (years * log1p(g));
    }
    double peak_growth = fmax(1, growth_end);
    double base = rate * horizon * growth_mean, spikes = 0, spike_max = 1;
    for (int i = 0; i < p->n_spikes; i++) {
        const cx_spike *s = &p->spikes[i];
        double t0 = fmax(0, s->start_day * CX_MINUTES_PER_DAY);
        double t1 = fmin(horizon, (s->start_day + s->days) * CX_MINUTES_PER_DAY);
        if (s->multiplier > 1 && t1 > t0) {
            spikes += rate * peak_growth * (s->multiplier - 1) * (t1 - t0);
            spike_max = fmax(spike_max, s->multiplier);
        }
    }
    int model = p->n_regimes > 0 || p->on.learning || p->on.forgetting || p->on.attrition ||
                p->on.hiring_delay || p->on.defects || p->on.repeats || p->on.churn || p->on.trust ||
                p->on.contract || p->on.schedules;
    double k = 1 + 1.0 * (p->on.repeats != 0) + 0.2 * (p->on.defects != 0);
    e->runs = (double)(p->n_regimes > 0 ? p->n_regimes : 1) * (reps > 0 ? reps : 1);
    e->contacts = (base + spikes) * k;
    e->events = EVENTS_PER_CONTACT * e->contacts + (model ? TICKS_PER_DAY * horizon / CX_MINUTES_PER_DAY : 0);

    double profile = 1;
    if (p->profile) {
        double intraday[CX_INTRADAY_BINS], weekday[7], season[12];
        cx_params_profile(p, intraday, weekday, season);
        profile = max_of(intraday, CX_INTRADAY_BINS) * max_of(weekday, 7) * max_of(season, 12);
    }
    double peak_rate = rate * profile * peak_growth * spike_max;
    double waiting = p->patience.kind == CX_DIST_NONE
                         ? e->contacts
                         : peak_rate * fmin(horizon, HOLD_FACTOR * p->patience.mean) * (1 + p->m.retry_abandoned);
    double pending = p->on.repeats ? peak_rate * p->m.repeat_return * (1 - p->m.fcr_novice) *
                                         fmin(horizon, HOLD_FACTOR * p->m.repeat_mean_hours * 60.0)
                                   : 0;
    e->peak_contacts = fmin(waiting + pending, e->contacts) + p->agents;
    double months = ceil(years * 12);
    e->peak_bytes = BASE_BYTES + months * sizeof(cx_period) + e->peak_contacts * cx_estimate_bytes_per_contact();
    e->total_events = e->events * e->runs;
    e->total_bytes = e->peak_bytes * e->runs;
}

int cx_estimate_is_large(const cx_estimate *e)
{
    return e->total_events > CX_ESTIMATE_LARGE_EVENTS || e->total_bytes > CX_ESTIMATE_LARGE_BYTES;
}

void cx_estimate_describe(const cx_estimate *e, char *out, size_t n)
{
    const double mib = 1024.0 * 1024;
    snprintf(out, n,
             "%.3g contacts, %.3g events and up to %.0f MiB per simulation; %.0f simulation%s: %.3g events, "
             "up to %.0f MiB",
             e->contacts, e->events, ceil(e->peak_bytes / mib), e->runs, e->runs == 1 ? "" : "s",
             e->total_events, ceil(e->total_bytes / mib));
}
