/* cx_workforce: who is employed and who is on duty. Every employee is an
 * agent slot (the engine's cx_agent plus the model's cxi_person); the roster
 * puts employees on and off duty at each half hour so that the number on
 * duty follows the staffing rule's need. Hiring (cx_hiring) brings people
 * in through its stages; quits and transitions take them out here. */
#ifndef CX_WORKFORCE_H
#define CX_WORKFORCE_H

#include <stdint.h>

#include "cx_calendar.h"
#include "cx_queue.h"

struct cx_sim;
typedef struct cxi_person cxi_person;

typedef struct cxi_workforce {
    uint32_t n_recruiting;    /* vacancies being filled */
    uint32_t n_classroom;     /* in classroom training */
    uint32_t n_nesting;       /* nesting on the floor */
    uint32_t n_productive;    /* productive employees */
    uint32_t n_temps;         /* temporary staff */
    uint32_t n_rostered;      /* agents the schedule wants on duty */
    cx_ring off_duty;         /* eligible agents off the roster, longest off first */
    cx_ring on_duty;          /* rostered agents, longest on first */
    uint32_t provider_id;     /* the employer now; bumped at each transition */
    double leavers12[12];     /* leavers of the trailing months (attrition) */
    double heads12[12];       /* headcount of the trailing months */
} cxi_workforce;

int cxi_workforce_init(struct cx_sim *S);
void cxi_workforce_free(struct cx_sim *S);
int cxi_quit(struct cx_sim *S, uint32_t a, int counted);
int cxi_roster(struct cx_sim *S);
int cxi_roster_join(struct cx_sim *S, uint32_t a); /* a became able to go on duty */
int cxi_workforce_interval(struct cx_sim *S);
uint32_t cxi_headcount(const struct cx_sim *S);
double cxi_mean_tenure_m(const struct cx_sim *S);
double cxi_mean_knowledge(const struct cx_sim *S);
int cxi_on_interval(void *subject, const cx_event *ev);
int cxi_on_quit(void *subject, const cx_event *ev);

#endif
