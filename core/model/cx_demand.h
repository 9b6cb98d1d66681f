/* cx_demand: what brings contacts beyond the base profile: product defects,
 * product changes, launches (spikes), repeats; and how a base arrival enters
 * (complexity, self-service). See cx_demand.c. */
#ifndef CX_DEMAND_H
#define CX_DEMAND_H

#include <stdint.h>

#include "cx_arrivals.h"
#include "cx_calendar.h"
#include "cx_queue.h"

struct cx_sim;

/* A product defect: drawn at the start (CRN: alike in every regime). */
typedef struct cxi_defect {
    double appear;            /* time it appears */
    double rate;              /* its contacts per minute (before the profile) */
    double natural_fix;       /* time the client would fix it unaided */
    double fixed_at;          /* time it was fixed, 0 while open */
    uint64_t fix_seq;         /* its pending fix event */
    uint8_t open;             /* generating contacts */
    uint8_t noticed;          /* an agent noticed it */
    uint8_t reported;         /* the provider told the client */
    uint8_t told_by_rca;      /* found by a joint root-cause analysis */
} cxi_defect;

/* A product change: drawn at the start; `u` decides whether it is told. */
typedef struct cxi_change {
    double t;                 /* when it ships */
    double u;                 /* communicated if u < the client's share_changes */
} cxi_change;

typedef struct cxi_demand {
    double complex_share;     /* share of complex base contacts now */
    int spikes_on;            /* spikes in force */
    cxi_defect *defects;      /* all defects of the horizon, by time */
    uint32_t n_defects;       /* entries in defects */
    double defect_rate;       /* contacts per minute from open defects */
    uint32_t defect_gen;      /* generation of the defect-contact process */
    cx_arrivals darr;         /* the defect-contact process */
    cx_rate_profile base;     /* the base demand (read at each restart of darr) */
    cxi_change *changes;      /* product changes of the horizon */
    uint32_t n_changes;       /* entries in changes */
} cxi_demand;

int cxi_demand_init(struct cx_sim *S);
void cxi_demand_free(struct cx_sim *S);
int cxi_demand_defect_update(struct cx_sim *S);
int cxi_demand_admit(void *ud, uint32_t *tag); /* the queue's admission hook */
int cxi_open_defects(const struct cx_sim *S);
int cxi_on_repeat(void *subject, const cx_event *ev);
int cxi_repeat_at(struct cx_sim *S, double t, uint32_t tag); /* a customer's contact due at t (a call-back when closed) */
int cxi_on_defect_arrival(void *subject, const cx_event *ev);
int cxi_on_defect(void *subject, const cx_event *ev);
int cxi_on_fix(void *subject, const cx_event *ev);
int cxi_on_change(void *subject, const cx_event *ev);
int cxi_on_spike(void *subject, const cx_event *ev);

#endif
