/* cx_params: the parameter table, defaults, setters and checks. */
#include "cx_params.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OFF(f) offsetof(cx_params, f)

/* Typical inbound day: low nights, a morning peak, a lunch dip and an
 * early-afternoon peak (MODEL.md calibration: intraday pattern, a parameter). */
static const double intraday_default[CX_INTRADAY_BINS] = {
    0.20, 0.18, 0.15, 0.13, 0.12, 0.12, 0.12, 0.13, 0.15, 0.18, 0.25, 0.35, /* 00-06 */
    0.50, 0.70, 0.95, 1.20, 1.45, 1.65, 1.80, 1.85, 1.80, 1.70, 1.55, 1.45, /* 06-12 */
    1.50, 1.60, 1.70, 1.75, 1.70, 1.60, 1.50, 1.40, 1.30, 1.20, 1.10, 1.00, /* 12-18 */
    0.90, 0.80, 0.70, 0.62, 0.55, 0.48, 0.42, 0.36, 0.32, 0.28, 0.25, 0.22, /* 18-24 */
};
/* Monday busiest, weekends low (typical inbound profile, a parameter). */
static const double weekday_default[7] = {1.20, 1.10, 1.05, 1.05, 1.00, 0.85, 0.75};
/* Mild seasonality with a year-end peak (a parameter). */
static const double season_default[12] = {1.05, 0.95, 1.00, 0.98, 0.97, 0.95,
                                          0.93, 0.95, 1.00, 1.02, 1.08, 1.12};

static const char *const dist_names[] = {"exp", "lognormal", "gamma", "fixed", "none", NULL};

static const cx_param_desc spike_fields[] = {
    {.path = "start_day", .type = CX_PT_REAL, .offset = offsetof(cx_spike, start_day), .lo = 0,
     .hi = 1e6, .unit = "day", .doc = "first day of the spike (day 0 is the first simulated day)"},
    {.path = "days", .type = CX_PT_REAL, .offset = offsetof(cx_spike, days), .lo = 0, .hi = 1e6,
     .def = 7, .unit = "day", .doc = "duration"},
    {.path = "multiplier", .type = CX_PT_REAL, .offset = offsetof(cx_spike, multiplier), .lo = 0,
     .hi = 1000, .def = 2, .unit = "x", .doc = "demand multiplier during the spike"},
    {0},
};

const cx_param_desc cx_param_table[] = {
    {.path = "name", .type = CX_PT_TEXT, .offset = OFF(name), .doc = "scenario name used in outputs"},
    {.path = "seed", .type = CX_PT_SEED, .offset = OFF(seed), .lo = 0, .hi = 9007199254740992.0,
     .def = 1, .doc = "master seed; replications and streams are derived from it"},
    {.path = "years", .type = CX_PT_REAL, .offset = OFF(years), .lo = 1.0 / 365.25, .hi = 50,
     .def = 5, .unit = "year", .doc = "simulated horizon"},
    {.path = "warmup_days", .type = CX_PT_REAL, .offset = OFF(warmup_days), .lo = 0, .hi = 3650,
     .def = 0, .unit = "day", .doc = "time excluded from the run totals (monthly rows keep it)"},
    {.path = "sl_seconds", .type = CX_PT_REAL, .offset = OFF(sl_seconds), .lo = 0, .hi = 86400,
     .def = 20, .unit = "s", .doc = "service-level threshold: answered within this counts",
     .source = "80% in 20 s target, Call Centre Helper 2015"},

    {.path = "demand.rate_per_min", .type = CX_PT_REAL, .offset = OFF(rate_per_min), .lo = 1e-9,
     .hi = 1e6, .def = 10, .unit = "1/min",
     .doc = "mean arrival rate (the profile multiplies it, with mean 1)",
     .source = "MODEL.md: a 45-agent centre at 10 contacts/min"},
    {.path = "demand.profile", .type = CX_PT_BOOL, .offset = OFF(profile), .def = 0,
     .doc = "apply the intraday, weekday and season profile (false: homogeneous Poisson)"},
    {.path = "demand.intraday", .type = CX_PT_REALS, .offset = OFF(intraday), .lo = 0, .hi = 1e6,
     .defs = intraday_default, .count = CX_INTRADAY_BINS, .unit = "weight",
     .doc = "48 half-hour weights from midnight, normalised to mean 1",
     .source = "typical inbound profile: morning and early-afternoon peaks (parameter)"},
    {.path = "demand.weekday", .type = CX_PT_REALS, .offset = OFF(weekday), .lo = 0, .hi = 1e6,
     .defs = weekday_default, .count = 7, .unit = "weight",
     .doc = "7 weights, Monday first, normalised to mean 1",
     .source = "typical inbound profile: low weekends (parameter)"},
    {.path = "demand.season", .type = CX_PT_REALS, .offset = OFF(season), .lo = 0, .hi = 1e6,
     .defs = season_default, .count = 12, .unit = "weight",
     .doc = "12 monthly weights, normalised to mean 1", .source = "assumption (parameter)"},
    {.path = "demand.growth_per_year", .type = CX_PT_REAL, .offset = OFF(growth_per_year),
     .lo = -0.99, .hi = 10, .def = 0, .unit = "1/year", .doc = "compound volume growth"},
    {.path = "demand.spikes", .type = CX_PT_RECORDS, .fields = spike_fields,
     .offset = OFF(spikes), .count = CX_MAX_SPIKES, .count_offset = OFF(n_spikes),
     .elem_size = sizeof(cx_spike), .doc = "list of {start_day, days, multiplier}"},

    {.path = "handle.dist", .type = CX_PT_ENUM, .offset = OFF(handle.kind), .names = dist_names,
     .def = CX_DIST_EXP, .doc = "handle-time distribution: exp, lognormal, gamma, fixed"},
    {.path = "handle.mean_min", .type = CX_PT_REAL, .offset = OFF(handle.mean), .lo = 1e-6,
     .hi = 1e4, .def = 4, .unit = "min", .doc = "mean handle time",
     .source = "bench centre (issue 3); AHT about 6 min in industry pages"},
    {.path = "handle.cv", .type = CX_PT_REAL, .offset = OFF(handle.cv), .lo = 0, .hi = 100,
     .def = 1, .doc = "coefficient of variation (lognormal, gamma)"},
    {.path = "patience.dist", .type = CX_PT_ENUM, .offset = OFF(patience.kind),
     .names = dist_names, .def = CX_DIST_EXP,
     .doc = "patience distribution: exp, lognormal, gamma, fixed, none (never abandons)"},
    {.path = "patience.mean_min", .type = CX_PT_REAL, .offset = OFF(patience.mean), .lo = 1e-6,
     .hi = 1e6, .def = 3, .unit = "min", .doc = "mean patience"},
    {.path = "patience.cv", .type = CX_PT_REAL, .offset = OFF(patience.cv), .lo = 0, .hi = 100,
     .def = 1, .doc = "coefficient of variation (lognormal, gamma)"},

    {.path = "staff.agents", .type = CX_PT_INT, .offset = OFF(agents), .lo = 0, .hi = 1000000,
     .def = 45, .unit = "agents", .doc = "fixed number of agents on duty"},
    {0},
};

void cx_param_defaults(void *base, const cx_param_desc *t)
{
    for (const cx_param_desc *d = t; d->path; d++) {
        char *f = (char *)base + d->offset;
        switch (d->type) {
        case CX_PT_REAL: *(double *)f = d->def; break;
        case CX_PT_INT:
        case CX_PT_BOOL:
        case CX_PT_ENUM: *(int *)f = (int)d->def; break;
        case CX_PT_SEED: *(uint64_t *)f = (uint64_t)d->def; break;
        case CX_PT_TEXT: *f = 0; break;
        case CX_PT_REALS:
            for (int i = 0; i < d->count; i++) ((double *)f)[i] = d->defs ? d->defs[i] : 1.0;
            break;
        case CX_PT_RECORDS: *(int *)((char *)base + d->count_offset) = 0; break;
        }
    }
}

void cx_params_default(cx_params *p)
{
    memset(p, 0, sizeof *p);
    cx_param_defaults(p, cx_param_table);
    snprintf(p->name, sizeof p->name, "%s", "unnamed");
}

const cx_param_desc *cx_param_find(const cx_param_desc *t, const char *path)
{
    for (const cx_param_desc *d = t; d->path; d++)
        if (strcmp(d->path, path) == 0) return d;
    return NULL;
}

int cx_param_is_group(const cx_param_desc *t, const char *prefix)
{
    size_t n = strlen(prefix);
    for (const cx_param_desc *d = t; d->path; d++)
        if (strncmp(d->path, prefix, n) == 0 && d->path[n] == '.') return 1;
    return 0;
}

static int check_range(const cx_param_desc *d, double v, char *err, size_t n)
{
    if (isnan(v) || v < d->lo || v > d->hi) {
        snprintf(err, n, "must be between %g and %g (got %g)", d->lo, d->hi, v);
        return -1;
    }
    return 0;
}

int cx_param_set_number(void *base, const cx_param_desc *d, double v, char *err, size_t n)
{
    char *f = (char *)base + d->offset;
    switch (d->type) {
    case CX_PT_REAL:
        if (check_range(d, v, err, n)) return -1;
        *(double *)f = v;
        return 0;
    case CX_PT_INT:
    case CX_PT_SEED:
        if (v != floor(v)) {
            snprintf(err, n, "must be a whole number (got %g)", v);
            return -1;
        }
        if (check_range(d, v, err, n)) return -1;
        if (d->type == CX_PT_INT) *(int *)f = (int)v;
        else *(uint64_t *)f = (uint64_t)v;
        return 0;
    case CX_PT_BOOL:
        snprintf(err, n, "must be true or false");
        return -1;
    case CX_PT_ENUM:
    case CX_PT_TEXT:
        snprintf(err, n, "must be a string");
        return -1;
    default:
        snprintf(err, n, "must be a table");
        return -1;
    }
}

int cx_param_set_string(void *base, const cx_param_desc *d, const char *s, char *err, size_t n)
{
    char *f = (char *)base + d->offset;
    if (d->type == CX_PT_TEXT) {
        if (strlen(s) >= CX_NAME_MAX) {
            snprintf(err, n, "longer than %d characters", CX_NAME_MAX - 1);
            return -1;
        }
        snprintf(f, CX_NAME_MAX, "%s", s);
        return 0;
    }
    if (d->type == CX_PT_ENUM) {
        for (int i = 0; d->names[i]; i++)
            if (strcmp(d->names[i], s) == 0) {
                *(int *)f = i;
                return 0;
            }
        int k = snprintf(err, n, "unknown value \"%s\" (one of", s);
        for (int i = 0; d->names[i] && k > 0 && (size_t)k < n; i++)
            k += snprintf(err + k, n - (size_t)k, " %s", d->names[i]);
        if (k > 0 && (size_t)k < n) snprintf(err + k, n - (size_t)k, ")");
        return -1;
    }
    snprintf(err, n, "must be %s, not a string",
             d->type == CX_PT_BOOL ? "true or false" : d->type <= CX_PT_SEED ? "a number" : "a table");
    return -1;
}

int cx_param_set_real_at(void *base, const cx_param_desc *d, int i, double v, char *err, size_t n)
{
    if (i < 0 || i >= d->count) {
        snprintf(err, n, "needs exactly %d values", d->count);
        return -1;
    }
    if (check_range(d, v, err, n)) return -1;
    ((double *)((char *)base + d->offset))[i] = v;
    return 0;
}

int cx_param_set_text(cx_params *p, const char *path, const char *value, char *err, size_t n)
{
    const cx_param_desc *d = cx_param_find(cx_param_table, path);
    if (!d) {
        snprintf(err, n, "unknown field");
        return -1;
    }
    if (d->type == CX_PT_BOOL) {
        int b = strcmp(value, "true") == 0 ? 1 : strcmp(value, "false") == 0 ? 0 : -1;
        if (b < 0) {
            snprintf(err, n, "must be true or false (got \"%s\")", value);
            return -1;
        }
        *(int *)((char *)p + d->offset) = b;
        return 0;
    }
    if (d->type == CX_PT_ENUM || d->type == CX_PT_TEXT) return cx_param_set_string(p, d, value, err, n);
    if (d->type == CX_PT_REALS || d->type == CX_PT_RECORDS) {
        snprintf(err, n, "is a list; set it in the scenario file");
        return -1;
    }
    char *end;
    double v = strtod(value, &end);
    if (end == value || *end) {
        snprintf(err, n, "must be a number (got \"%s\")", value);
        return -1;
    }
    return cx_param_set_number(p, d, v, err, n);
}

static int check_dist(const cx_dist *d, const char *cv_field, const char **field, char *err,
                      size_t n)
{
    if ((d->kind == CX_DIST_LOGNORMAL || d->kind == CX_DIST_GAMMA) && !(d->cv > 0)) {
        *field = cv_field;
        snprintf(err, n, "must be above 0 for a %s distribution",
                 d->kind == CX_DIST_GAMMA ? "gamma" : "lognormal");
        return -1;
    }
    return 0;
}

static int check_weights(const double *w, int k, const char *name, const char **field, char *err,
                         size_t n)
{
    double s = 0;
    for (int i = 0; i < k; i++) s += w[i];
    if (!(s > 0)) {
        *field = name;
        snprintf(err, n, "needs at least one weight above 0");
        return -1;
    }
    return 0;
}

int cx_params_check(const cx_params *p, const char **field, char *err, size_t n)
{
    *field = NULL;
    if (p->handle.kind == CX_DIST_NONE) {
        *field = "handle.dist";
        snprintf(err, n, "a handle time cannot be \"none\"");
        return -1;
    }
    if (check_dist(&p->handle, "handle.cv", field, err, n)) return -1;
    if (check_dist(&p->patience, "patience.cv", field, err, n)) return -1;
    if (check_weights(p->intraday, CX_INTRADAY_BINS, "demand.intraday", field, err, n)) return -1;
    if (check_weights(p->weekday, 7, "demand.weekday", field, err, n)) return -1;
    if (check_weights(p->season, 12, "demand.season", field, err, n)) return -1;
    if (p->warmup_days >= p->years * 365.25) {
        *field = "warmup_days";
        snprintf(err, n, "must be shorter than the horizon (%g days)", p->years * 365.25);
        return -1;
    }
    return 0;
}

static void normalise(const double *in, double *out, int k)
{
    double s = 0;
    for (int i = 0; i < k; i++) s += in[i];
    for (int i = 0; i < k; i++) out[i] = in[i] * k / s;
}

void cx_params_profile(const cx_params *p, double intraday[CX_INTRADAY_BINS], double weekday[7],
                       double season[12])
{
    normalise(p->intraday, intraday, CX_INTRADAY_BINS);
    normalise(p->weekday, weekday, 7);
    normalise(p->season, season, 12);
}
