/* cx_arrivals: non-homogeneous Poisson arrivals by thinning a piecewise-constant majorant. */
#ifndef CX_ARRIVALS_H
#define CX_ARRIVALS_H

#include <stdint.h>

#include "cx_rng.h"
#include "cx_time.h"

#define CX_ARRIVAL_MAX_SPIKES 32 /* spikes one process can carry */

/* A period of raised (or lowered) demand. */
typedef struct cx_rate_spike {
    double start_day;         /* day it starts (day 0 = first day) */
    double days;              /* how long it lasts */
    double multiplier;        /* rate multiplier while it lasts */
} cx_rate_spike;

/* What the rate is made of. */
typedef struct cx_rate_profile {
    double base;              /* mean rate per minute over the profile */
    int profile;              /* 1: apply the weights below */
    double intraday[CX_INTRADAY_BINS]; /* half-hour weights, normalised to mean 1 */
    double weekday[7];        /* Monday first, normalised to mean 1 */
    double season[12];        /* month of year, normalised to mean 1 */
    double growth_per_year;   /* compound growth */
    int n_spikes;             /* used entries of spikes */
    cx_rate_spike spikes[CX_ARRIVAL_MAX_SPIKES];
    int hours;                /* 1: contacts arrive only while open (with profile) */
    double open_min[7];       /* opening minute of each weekday, Monday first */
    double close_min[7];      /* closing minute; equal to open_min: closed */
} cx_rate_profile;

/* The rate is base x intraday(half hour) x weekday x season(month) x
 * growth(t) x spikes(t), per minute (with opening hours: 0 while closed,
 * and the open half hours of a day scaled up so that the day keeps its
 * demand), with time 0 a Monday 00:00 on the
 * first of January. Candidates come at the window's majorant rate and are
 * kept with probability rate/majorant (Lewis and Shedler 1979); a window is
 * one half hour. Without profile, growth or spikes the process is the
 * exact homogeneous one: one exponential draw per arrival, no thinning. */
typedef struct cx_arrivals {
    double base;              /* mean rate per minute */
    int homogeneous;          /* 1: constant rate, no thinning */
    int profile;              /* 1: apply intraday, weekday, season */
    double intraday[CX_INTRADAY_BINS]; /* normalised weights */
    double weekday[7];        /* normalised weights */
    double season[12];        /* normalised weights */
    double growth;            /* log growth per minute */
    cx_rate_spike spikes[CX_ARRIVAL_MAX_SPIKES]; /* copied from the profile */
    int n_spikes;             /* entries in spikes */
    int hours;                /* 1: opening hours apply */
    double open_min[7], close_min[7]; /* opening and closing minute per weekday */
    double day_scale[7];      /* keeps a weekday's demand when spread over its open hours */
    double t;                 /* time of the last candidate or window start */
    double win_end;           /* end of the current window */
    double lmax;              /* majorant rate in the window */
    int flat;                 /* 1: no month or spike boundary inside the window */
    double w_base;            /* flat window: base x profile */
    double w_spike;           /* flat window: the spikes' factor */
    double w_sure;            /* flat window: u x lmax at or below this accepts without computing the rate */
    double w_never;           /* flat window: above this rejects without computing the rate */
    uint64_t candidates;      /* candidates drawn (for the thinning ratio) */
} cx_arrivals;

void cx_arrivals_init(cx_arrivals *a, const cx_rate_profile *p, double t0);

/* A new base rate and no spikes from now on, the current window keeping
 * its majorant (it must not be below the new rate there). */
void cx_arrivals_rebase(cx_arrivals *a, double base);

/* The instantaneous rate per minute at time t. */
double cx_arrivals_rate(const cx_arrivals *a, double t);

/* Time of the next arrival after the previous one. */
double cx_arrivals_next(cx_arrivals *a, cx_rng *r);

#endif
