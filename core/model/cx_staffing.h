/* cx_staffing: the staffing rule. Each month it forecasts demand per half
 * hour from the profile and last month's actuals, sizes agents on duty with
 * Erlang C for the provider's service-level aim, corrects its plan by its
 * own misses, and sets the headcount to hire toward. */
#ifndef CX_STAFFING_H
#define CX_STAFFING_H

#include <stdint.h>

#include "cx_time.h"

struct cx_sim;

typedef struct cxi_staffing {
    int target_headcount;     /* the rule's headcount */
    double plan_gain;         /* the rule's own correction of Erlang C, from its misses */
    uint16_t required[7][CX_INTRADAY_BINS]; /* agents on duty needed per half hour */
    double required_hours;    /* agent-hours on duty needed per week */
    double required_mean;     /* mean agents on duty needed */
} cxi_staffing;

int cxi_staffing_plan(struct cx_sim *S);

#endif
