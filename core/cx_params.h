/* cx_params: every model input, its default, range, unit and source, in one table. */
#ifndef CX_PARAMS_H
#define CX_PARAMS_H

#include <stddef.h>
#include <stdint.h>

#include "cx_rng.h"

#define CX_INTRADAY_BINS 48   /* half-hour bins of the intraday profile */
#define CX_MAX_SPIKES 32      /* demand spikes per scenario */
#define CX_NAME_MAX 64        /* scenario and regime names */

#define CX_MINUTES_PER_DAY 1440.0
#define CX_MINUTES_PER_YEAR (365.25 * CX_MINUTES_PER_DAY)
#define CX_MINUTES_PER_MONTH (CX_MINUTES_PER_YEAR / 12.0)

typedef struct cx_spike {
    double start_day;         /* day the spike starts (day 0 = first day) */
    double days;              /* how long it lasts */
    double multiplier;        /* demand multiplier while it lasts */
} cx_spike;

typedef struct cx_params {
    char name[CX_NAME_MAX];   /* scenario name, for outputs */
    uint64_t seed;            /* master seed */
    double years;             /* horizon */
    double warmup_days;       /* excluded from the run totals */
    double sl_seconds;        /* service-level threshold */
    /* demand */
    double rate_per_min;      /* mean arrival rate over the profile */
    int profile;              /* 1: intraday x weekday x season profile on */
    double intraday[CX_INTRADAY_BINS]; /* relative weights, normalised to mean 1 */
    double weekday[7];        /* Monday first; normalised to mean 1 */
    double season[12];        /* month of year; normalised to mean 1 */
    double growth_per_year;   /* compound volume growth */
    int n_spikes;             /* used entries of spikes */
    cx_spike spikes[CX_MAX_SPIKES];
    /* service */
    cx_dist handle;           /* handle time */
    cx_dist patience;         /* customer patience before abandoning */
    int agents;               /* fixed staff */
} cx_params;

typedef enum cx_ptype {
    CX_PT_REAL, CX_PT_INT, CX_PT_BOOL, CX_PT_SEED, CX_PT_ENUM, CX_PT_TEXT,
    CX_PT_REALS,              /* fixed-length array of reals */
    CX_PT_RECORDS             /* list of records described by `fields` */
} cx_ptype;

typedef struct cx_param_desc {
    const char *path;         /* dotted name as written in a scenario */
    cx_ptype type;            /* how to read it */
    size_t offset;            /* where it lives (in cx_params or the record) */
    double lo, hi;            /* inclusive range for numbers */
    double def;               /* default for scalars */
    const double *defs;       /* defaults for REALS */
    int count;                /* REALS length, RECORDS maximum */
    const char *const *names; /* ENUM names, NULL-terminated */
    const struct cx_param_desc *fields; /* RECORDS fields, NULL path ends */
    size_t count_offset;      /* RECORDS: int count in cx_params */
    size_t elem_size;         /* RECORDS: bytes per record */
    const char *unit;         /* unit, for docs */
    const char *doc;          /* meaning, for docs */
    const char *source;       /* calibration source or stated assumption */
} cx_param_desc;

/* The table, terminated by an entry with a NULL path. */
extern const cx_param_desc cx_param_table[];

void cx_params_default(cx_params *p);

/* Defaults of one descriptor table into `base` (a cx_params or a record). */
void cx_param_defaults(void *base, const cx_param_desc *table);

/* Look a field up by dotted path; NULL when unknown. */
const cx_param_desc *cx_param_find(const cx_param_desc *table, const char *path);

/* 1 when some field's path starts with "prefix." (a table of fields). */
int cx_param_is_group(const cx_param_desc *table, const char *prefix);

/* Setters check type and range; on error they write a message (without
 * the field name, which the caller knows) and return -1. `base` is the
 * cx_params or the record the descriptor's offset is relative to. */
int cx_param_set_number(void *base, const cx_param_desc *d, double v, char *err, size_t n);
int cx_param_set_string(void *base, const cx_param_desc *d, const char *s, char *err, size_t n);
int cx_param_set_real_at(void *base, const cx_param_desc *d, int i, double v, char *err, size_t n);

/* Set a field from text, as `--set path=value` gives it. */
int cx_param_set_text(cx_params *p, const char *path, const char *value, char *err, size_t n);

/* Cross-field checks after loading; on error names the field in *field. */
int cx_params_check(const cx_params *p, const char **field, char *err, size_t n);

/* The normalised profile weights the model uses. */
void cx_params_profile(const cx_params *p, double intraday[CX_INTRADAY_BINS], double weekday[7],
                       double season[12]);

#endif
