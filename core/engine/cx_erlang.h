/* cx_erlang: analytic Erlang C (M/M/c) and Erlang A (M/M/c+M) performance, and staffing. */
#ifndef CX_ERLANG_H
#define CX_ERLANG_H

typedef struct cx_erlang_in {
    double rate;              /* arrivals per minute */
    double aht;               /* mean handle time, minutes */
    double patience;          /* mean patience, minutes; 0 or INFINITY: none (Erlang C) */
    int agents;               /* servers */
    double target_s;          /* service-level threshold, seconds */
} cx_erlang_in;

typedef struct cx_erlang_out {
    double p_wait;            /* arrival finds all agents busy */
    double p_abandon;         /* arrival abandons */
    double service_level;     /* answered within target / all arrivals */
    double asa_s;             /* mean wait of answered contacts, s */
    double mean_wait_s;       /* mean time in queue over all arrivals, s */
    double occupancy;         /* busy fraction of agents */
    double mean_queue;        /* time-average contacts waiting */
} cx_erlang_out;

/* Erlang C when patience is 0 or infinite, Erlang A otherwise. Returns 0,
 * or -1 (with a message in err) when the inputs are invalid or the queue
 * without abandonment is unstable (load >= agents). */
int cx_erlang(const cx_erlang_in *in, cx_erlang_out *out, char *err, int errlen);

/* Smallest number of agents whose service level reaches `sl` (and, when
 * max_abandon > 0, whose abandonment stays at or below it); -1 if none up
 * to `limit`. */
int cx_erlang_staff(const cx_erlang_in *in, double sl, double max_abandon, int limit);

#endif
