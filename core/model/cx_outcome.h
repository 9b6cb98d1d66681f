/* cx_outcome: what knowledge does to a contact: handle time, resolution,
 * satisfaction, noticing a defect, and what an unresolved or abandoned issue
 * does next. The queue's hooks (cx_queue.h). Its state is the knowledge an
 * agent brought to the contact in hand (cxi_person.ke). */
#ifndef CX_OUTCOME_H
#define CX_OUTCOME_H

#include <stdint.h>

#include "cx_calendar.h"
#include "cx_queue.h"

struct cx_sim;
typedef struct cxi_person cxi_person;

double cxi_outcome_service_factor(void *ud, uint32_t a, const cx_contact *ct);
int cxi_outcome_depart(void *ud, uint32_t a, const cx_contact *ct);
int cxi_outcome_abandon(void *ud, const cx_contact *ct);

#endif
