/* cx_learning: an agent's knowledge grows with contacts handled and with
 * training, toward the ceiling the knowledge base raises (cx_knowledge).
 * Its state is each agent's knowledge (cxi_person.k). */
#ifndef CX_LEARNING_H
#define CX_LEARNING_H

#include <stdint.h>

#include "cx_calendar.h"
#include "cx_queue.h"

struct cx_sim;
typedef struct cxi_person cxi_person;

void cxi_learn_contact(struct cx_sim *S, cxi_person *ag, int complex);
void cxi_learn_day(struct cx_sim *S);
double cxi_tenure_knowledge(const struct cx_sim *S, double tenure);

#endif
