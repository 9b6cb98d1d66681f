/* cx_stats: cumulative counters of the contact flow and the metrics derived from them. */
#ifndef CX_STATS_H
#define CX_STATS_H

#include <stdint.h>

/* Counters only ever grow; a period's figures are the difference of two
 * snapshots, so one set of counters serves months, years and run totals. */
typedef struct cx_counts {
    uint64_t offered;         /* contacts arrived */
    uint64_t delayed;         /* arrived to find no idle agent */
    uint64_t answered;        /* service started */
    uint64_t answered_sl;     /* answered within the service-level threshold */
    uint64_t abandoned;       /* left the queue unanswered */
    uint64_t completed;       /* service finished */
    double wait_answered;     /* sum of waits of answered contacts, min */
    double wait_abandoned;    /* sum of time in queue of abandoners, min */
    double handle;            /* sum of handle times of completed contacts, min */
    double busy_area;         /* integral of busy agents over time, agent-min */
    double staffed_area;      /* integral of agents on duty over time, agent-min */
    double queue_area;        /* integral of contacts waiting over time, contact-min */
    double time;              /* elapsed time, min */
} cx_counts;

/* What a period (or a run) looked like, derived from counts. */
typedef struct cx_metrics {
    double service_level;     /* answered within threshold / (answered + abandoned) */
    double p_wait;            /* delayed / offered */
    double p_abandon;         /* abandoned / (answered + abandoned) */
    double asa_s;             /* mean wait of answered contacts, s */
    double mean_wait_s;       /* mean time in queue of answered and abandoned, s */
    double aht_min;           /* mean handle time of completed contacts, min */
    double occupancy;         /* busy / staffed agent time */
    double mean_queue;        /* time-average contacts waiting */
    double mean_agents;       /* time-average agents on duty */
} cx_metrics;

/* d = a - b, field by field. */
void cx_counts_diff(const cx_counts *a, const cx_counts *b, cx_counts *d);

void cx_counts_metrics(const cx_counts *c, cx_metrics *m);

#endif
