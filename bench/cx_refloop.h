/* cx_refloop: the yardstick: a hand-written loop of the Erlang-A centre.
 *
 * The same centre as `cxsim bench` (c agents, Poisson arrivals, exponential
 * handle times and patience, FIFO, longest-idle routing), written the way
 * one would write it for speed alone: one binary heap of events, abandonment
 * events lazily deleted, a ring of waiting contacts, xoshiro256** with
 * the engine's ziggurat exponentials (cx_rng_exp, so both draw the same
 * numbers and the loop is timed on its event handling alone), no model, no hooks, no periods. cxsim's
 * engine is timed against it in the same process, so the ratio does not
 * depend on the machine's speed that day. */
#ifndef CX_REFLOOP_H
#define CX_REFLOOP_H

#include <stdint.h>

typedef struct cx_refloop_out {
    uint64_t offered;         /* contacts arrived */
    uint64_t answered;        /* service started */
    uint64_t answered_sl;     /* ... within 20 s */
    uint64_t abandoned;       /* left unanswered */
    uint64_t events;          /* events handled */
    double busy_area;         /* integral of busy agents, agent-min */
} cx_refloop_out;

/* Simulate `minutes` of the centre; 0, or -1 when out of memory. */
int cx_refloop_run(int agents, double rate_per_min, double aht_min, double patience_min, double minutes,
                   uint64_t seed, cx_refloop_out *out);

#endif
