/* cx_attrition: each agent's quit hazard (a two-phase retention curve in
 * tenure times pay, workload, span and engagement factors) and its exact quit
 * time. Its state is each agent's exposure (cxi_person) and last month's
 * occupancy, the workload it reads. */
#ifndef CX_ATTRITION_H
#define CX_ATTRITION_H

#include <stdint.h>

#include "cx_calendar.h"
#include "cx_queue.h"

struct cx_sim;
typedef struct cxi_person cxi_person;

int cxi_attrition_day(struct cx_sim *S);
double cxi_attrition_mult(const struct cx_sim *S);
double cxi_attrition_mult_for(const struct cx_sim *S, double pay_rel, double span, double training,
                              double occupancy);
double cxi_engagement(const struct cx_sim *S, double training, double span);
int cxi_attrition_arm(struct cx_sim *S, uint32_t a);
double cxi_base_cumhaz(const struct cx_sim *S, double days);

#endif
