/* cx_intelligence: defects noticed by agents, reported to the client by
 * transparency and trust, fixed after the client's lag; joint root-cause
 * analysis or blame at an incident. Its state is each defect's noticed and
 * reported marks (cx_demand.h). */
#ifndef CX_INTELLIGENCE_H
#define CX_INTELLIGENCE_H

#include <stdint.h>

#include "cx_calendar.h"
#include "cx_queue.h"

struct cx_sim;
typedef struct cxi_person cxi_person;

void cxi_intelligence_month(struct cx_sim *S);
int cxi_intelligence_notice(struct cx_sim *S, uint32_t defect);
int cxi_intelligence_fix(struct cx_sim *S, uint32_t d, double when);
int cxi_rca(struct cx_sim *S);

#endif
