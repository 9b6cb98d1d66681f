/* cx_workforce: who is employed and who is on duty. Every employee is an
 * agent slot (the engine's cx_agent plus the model's cxi_person). Each day
 * the roster gives the day's shifts (from the staffing rule's templates) to
 * the employees who owe the most shifts that week, draws who is absent,
 * and places breaks and meetings inside each shift; at each half hour an
 * employee is on duty when its shift runs and it is not on a break, in a
 * meeting or absent. Hiring (cx_hiring) brings people in through its
 * stages; quits and transitions take them out here. */
#ifndef CX_WORKFORCE_H
#define CX_WORKFORCE_H

#include <stdint.h>

#include "cx_calendar.h"
#include "cx_queue.h"

struct cx_sim;
typedef struct cxi_person cxi_person;

/* An agent slot's roster card: what the half-hour roster reads, dense and
 * apart from cxi_person, so that a pass over the team touches a few cache
 * lines instead of every person's record. Kept by this file: set when the
 * agent can go on duty (cxi_roster_join), at each day's shifts and at each
 * change of duty; cleared when it leaves (cxi_quit). */
typedef struct cxi_card {
    uint64_t phones;          /* half hours of day `day` on the phones (bit per half hour) */
    int32_t day;              /* day the shift fields refer to (-1: none) */
    int8_t sbin;              /* first half hour of the shift, -1: none or absent */
    uint8_t len;              /* shift length in half hours */
    uint8_t flags;            /* CXI_CARD_* */
} cxi_card;

enum { CXI_CARD_ELIGIBLE = 1, /* nesting or productive: may go on duty */
       CXI_CARD_TEMP = 2,     /* temporary staff */
       CXI_CARD_ROSTERED = 4  /* on duty by the schedule (cxi_person.rostered) */ };

typedef struct cxi_workforce {
    uint32_t n_recruiting;    /* vacancies being filled */
    uint32_t n_classroom;     /* in classroom training */
    uint32_t n_nesting;       /* nesting on the floor */
    uint32_t n_productive;    /* productive employees */
    uint32_t n_temps;         /* temporary staff */
    uint32_t n_rostered;      /* agents the schedule has on duty now */
    uint32_t provider_id;     /* the employer now; bumped at each transition */
    double leavers12[12];     /* leavers of the trailing months (attrition) */
    double heads12[12];       /* headcount of the trailing months, classroom included */
    int32_t day_assigned;     /* last day whose shifts were given out (-1: none) */
    double temp_hours_day;    /* temps' hours on shift since the last daily accrual (paid per hour) */
    double overtime_hours_day; /* employees' overtime hours given out since the last daily accrual */
    /* the month so far (reset at the month end) */
    double paid_h;            /* paid hours: employees' contracted hours and temps' hours on shift */
    double elig_paid_h;       /* ... of employees who could be on the phones (nesting, productive) */
    double phone_h;           /* hours those employees were on duty */
    double duty_open;         /* sum over open half hours of agents on duty */
    double open_bins;         /* open half hours */
    double cb_total[7];       /* demand weight of each weekday's open half hours (cxi_callback_time) */
    int8_t cb_first[7];       /* each weekday's first open half hour */
    int8_t cb_end[7];         /* ... and the one after its last */
    cxi_card *card;           /* roster cards, by agent slot */
    uint32_t n_card;          /* cards allocated (slots past it: not eligible) */
    uint32_t *floor;          /* the eligible agents' slots, ascending (n_card room) */
    uint32_t n_floor;         /* ... how many */
    int floor_stale;          /* an agent joined or left since `floor` was listed */
} cxi_workforce;

int cxi_workforce_init(struct cx_sim *S);
void cxi_workforce_free(struct cx_sim *S);
int cxi_quit(struct cx_sim *S, uint32_t a, int counted);
int cxi_roster(struct cx_sim *S);
int cxi_roster_join(struct cx_sim *S, uint32_t a); /* a became able to go on duty */
int cxi_workforce_interval(struct cx_sim *S);
int cxi_is_open(const struct cx_sim *S, double t); /* the centre is open at t */
double cxi_next_open(const struct cx_sim *S, double t); /* t when open, else the next opening */
double cxi_callback_time(const struct cx_sim *S, double open, double t); /* the call-back time, in the day opening at `open`, of a call due at closed time t */
double cxi_call_time(const struct cx_sim *S, double t); /* when a call due at t comes: t while open, else its call-back time */
void cxi_callback_prepare(struct cx_sim *S); /* cxi_callback_time's tables, once the demand profile is known */
void cxi_workforce_month(struct cx_sim *S, double minutes); /* the month's FTE, duty, shrinkage into M->last */
uint32_t cxi_headcount(const struct cx_sim *S);
double cxi_mean_tenure_m(const struct cx_sim *S);
double cxi_mean_knowledge(const struct cx_sim *S);
/* Employed agents (temps excluded) by knowledge: below half of
 * learning.proficient_k, up to it, at or above it (the view's team). */
void cxi_knowledge_bands(const struct cx_sim *S, double out[3]);
int cxi_on_interval(void *subject, const cx_event *ev);
int cxi_on_quit(void *subject, const cx_event *ev);

#endif
