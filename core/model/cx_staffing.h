/* cx_staffing: the staffing rule. Each month it forecasts demand per half
 * hour of the open week (profile, seasonality, last month's actuals and the
 * launches it knows are coming), sizes agents on the phones with Erlang A
 * (the centre knows its customers' patience), covers that requirement with
 * staggered shifts per weekday, and sets the headcount to hire toward. */
#ifndef CX_STAFFING_H
#define CX_STAFFING_H

#include <stdint.h>

#include "cx_time.h"

struct cx_sim;

/* Shift templates: [0] an ordinary day, [1] a day of a planned spike. */
enum { CXI_T_NORMAL = 0, CXI_T_SPIKE, CXI_T_COUNT };

typedef struct cxi_staffing {
    int target_headcount;     /* the rule's headcount (permanent staff) */
    double plan_gain;         /* the rule's bounded correction of Erlang A, from its misses */
    uint16_t required[CXI_T_COUNT][7][CX_INTRADAY_BINS]; /* agents on the phones needed per half hour, per template */
    uint16_t shifts[CXI_T_COUNT][7][CX_INTRADAY_BINS]; /* shifts starting in each half hour, per template */
    double week_shifts[CXI_T_COUNT]; /* shifts a week each template calls for (0: none planned) */
    double required_hours;    /* agent-hours on the phones needed per ordinary week */
    double required_mean;     /* mean agents on the phones needed over the open half hours */
    int temps_planned;        /* temps the month's planned spike calls for (lever temps) */
    double factor;            /* demand multiplier learnt from the last ordinary month (0: none yet) */
    double spike_excess;      /* launches' demand beyond their announced multiplier, learnt (0: none yet) */
} cxi_staffing;

int cxi_staffing_plan(struct cx_sim *S);

/* Off-phone half hours of a shift (breaks, meetings) a shift of `len` half hours holds. */
int cxi_shift_off_bins(const struct cx_sim *S, int len);

/* Shifts an employee works a week (staff.hours_per_week / staff.shift_hours). */
double cxi_shifts_per_week(const struct cx_sim *S);

/* The spike (index into P.spikes) in force on `day`, or -1. */
int cxi_spike_on_day(const struct cx_sim *S, double day);

/* First and one-past-last open half hour of weekday `dow` (equal: closed). */
void cxi_open_bins(const struct cx_sim *S, int dow, int *first, int *end);

/* Cover a half-hourly need of bodies on the floor with shifts of `len`
 * half hours starting between `first` and `end` - len (greedy: the shift
 * covering the most uncovered half hours first, then shifts nothing needs
 * are dropped); starts[b] += shifts starting at b. Returns the shifts added. */
int cxi_cover_shifts(const double need[CX_INTRADAY_BINS], int first, int end, int len,
                     uint16_t starts[CX_INTRADAY_BINS]);

#endif
