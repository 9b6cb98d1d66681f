/* cx_arrivals: non-homogeneous Poisson arrivals by thinning a piecewise-constant majorant. */
#ifndef CX_ARRIVALS_H
#define CX_ARRIVALS_H

#include <stdint.h>

#include "cx_params.h"
#include "cx_rng.h"

/* The rate is base x intraday(half hour) x weekday x season(month) x
 * growth(t) x spikes(t), per minute, with time 0 a Monday 00:00 on the
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
    const cx_spike *spikes;   /* borrowed from the params */
    int n_spikes;             /* entries in spikes */
    double t;                 /* time of the last candidate or window start */
    double win_end;           /* end of the current window */
    double lmax;              /* majorant rate in the window */
    uint64_t candidates;      /* candidates drawn (for the thinning ratio) */
} cx_arrivals;

void cx_arrivals_init(cx_arrivals *a, const cx_params *p, double t0);

/* The instantaneous rate per minute at time t. */
double cx_arrivals_rate(const cx_arrivals *a, double t);

/* Time of the next arrival after the previous one. */
double cx_arrivals_next(cx_arrivals *a, cx_rng *r);

#endif
