/* cx_hiring: the pipeline from vacancy to productive agent (vacancy,
 * classroom, nesting), the opening team, temps, top-ups and redeployment.
 * Its state is each agent's stage (cxi_person.life, pipe_seq) and the stage
 * counts it keeps in the workforce (cx_workforce.h). */
#ifndef CX_HIRING_H
#define CX_HIRING_H

#include <stdint.h>

#include "cx_calendar.h"
#include "cx_queue.h"

struct cx_sim;
typedef struct cxi_person cxi_person;

int cxi_hire(struct cx_sim *S, int temp, int ready);
int cxi_hiring_top_up(struct cx_sim *S);
int cxi_pipeline_step(struct cx_sim *S, uint32_t a);
int cxi_on_pipeline(void *subject, const cx_event *ev);

#endif
