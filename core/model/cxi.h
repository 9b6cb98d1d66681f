/* cxi: the simulation context's inside, shared by the core's files only. */
#ifndef CXI_H
#define CXI_H

#include "cx_arrivals.h"
#include "cx_attrition.h"
#include "cx_contract.h"
#include "cx_customers.h"
#include "cx_demand.h"
#include "cx_economics.h"
#include "cx_engine.h"
#include "cx_hiring.h"
#include "cx_intelligence.h"
#include "cx_knowledge.h"
#include "cx_learning.h"
#include "cx_outcome.h"
#include "cx_people.h"
#include "cx_relationship.h"
#include "cx_staffing.h"
#include "cx_workforce.h"
#include "cx_policy.h"
#include "cx_rng.h"
#include "cx_sim.h"

/* The model's event kinds, registered with the engine by the mechanism
 * that handles them (cxi_model_init); the engine's own come first. */
typedef struct cxi_kinds {
    uint32_t repeat;          /* id: packed repeat contact (cxi_tag) */
    uint32_t defect_arrival;  /* id: generation of the defect-contact process */
    uint32_t interval;        /* half-hour boundary: staff on duty follows the schedule */
    uint32_t day;             /* daily tick: attrition clocks, learning by training, forgetting */
    uint32_t quit;            /* id: agent; stale unless the agent's quit_seq matches */
    uint32_t pipeline;        /* id: agent moving to its next lifecycle stage */
    uint32_t defect;          /* id: defect appearing */
    uint32_t fix;             /* id: defect fixed; stale unless fix_seq matches */
    uint32_t change;          /* id: product change shipping */
    uint32_t spike;           /* id: spike starting (temps) or ending (id | 1<<31) */
    uint32_t cutover;         /* a new provider takes over */
} cxi_kinds;

/* Lifecycle of an agent slot. */
enum { CXI_L_FREE = 0, CXI_L_RECRUITING, CXI_L_CLASSROOM, CXI_L_NESTING, CXI_L_PRODUCTIVE };

/* A contact's identity, carried by the engine's queue as its tag: the
 * defect behind it (1 + index, 0 none), complex or not, which attempt of
 * the issue it is. */
static inline uint32_t cxi_tag(uint32_t defect, unsigned complex, unsigned attempt)
{
    return (attempt & 0xffu) << 24 | (complex & 1u) << 23 | (defect & 0x7fffffu);
}
static inline uint32_t cxi_tag_defect(uint32_t tag) { return tag & 0x7fffffu; }
static inline int cxi_tag_complex(uint32_t tag) { return (int)(tag >> 23 & 1u); }
static inline int cxi_tag_attempt(uint32_t tag) { return (int)(tag >> 24); }

/* What the model knows of an agent slot (the engine's cx_agent holds its
 * duty state and speed); indexed like the engine's agents. */
typedef struct cxi_person {
    uint8_t life;             /* CXI_L_* */
    uint8_t temp;             /* temporary staff */
    uint8_t rostered;         /* wanted on duty by the schedule */
    uint8_t proficient;       /* its knowledge has reached learning.proficient_k */
    uint32_t duty_gen;        /* bumped when its roster status changes: stale ring entries */
    float ke;                 /* effective knowledge brought to the contact in hand */
    float apt;                /* aptitude (cx_people), 1 for temps and with mechanisms.people off */
    double k;                 /* knowledge, 0-1 */
    double hired;             /* time it joined (entered the classroom) */
    double exposure;          /* integrated quit hazard still to run before it quits */
    double haz_days;          /* tenure (days) up to which the hazard has been run */
    double duty_since;        /* time it last went on or off the roster */
    uint64_t quit_seq;        /* its pending quit event, 0 none */
    uint64_t pipe_seq;        /* its pending lifecycle event, 0 none */
    uint32_t provider;        /* which provider employs it (transitions) */
    int32_t shift_day;        /* day the shift fields below refer to (-1: none yet) */
    int16_t shift_bin;        /* first half hour of that day's shift, -1: no shift */
    uint8_t shift_len;        /* its length in half hours (shorter than staff.shift_hours on a short day) */
    uint8_t absent;           /* absent that day (sickness or leave; paid, off the floor) */
    uint8_t shifts_week;      /* shift days (worked or absent) in week `week` */
    int32_t week;             /* week shifts_week counts */
    int32_t last_shift_day;   /* last day it had a shift */
    uint32_t off_mask;        /* half hours of the shift off the phones (breaks, meetings), bit per half hour */
} cxi_person;

/* One policy slot: a side's policy, its instance and its options. */
struct cx_pctx {
    struct cx_sim *S;         /* the run */
    int side;                 /* cx_side */
    const cx_policy *pol;     /* NULL: no policy (levers keep their values) */
    void *self;               /* its instance */
    double opt[CX_MAX_OPTIONS]; /* option values, in the policy's declared order */
    int n_opt;                /* declared options */
};



/* The last closed month as the mechanisms see it: the model's own figures,
 * set at the month end from the counters. The output row is written from
 * them and never read back. */
typedef struct cxi_snapshot {
    int month;                /* 0-based index of the month */
    double minutes;           /* its length */
    cx_metrics q;             /* the queue's figures: service level, abandonment, ASA, AHT, occupancy ... */
    double offered;           /* contacts offered */
    double fcr;               /* first-contact resolution: resolved first contacts / first contacts handled */
    double resolution_rate;   /* resolved / completed (first and repeat contacts) */
    double csat;              /* top box / completed */
    double attrition_annual;  /* trailing twelve months' leavers over mean headcount, annualised */
    double churn_rate;        /* (contact-driven + other churn) / customers at the month's start */
    double insights;          /* defects reported by the provider */
    double margin;            /* the provider's (revenue - cost) / revenue */
    double fte;               /* paid hours over full-time hours (employees and temps) */
    double on_duty_open;      /* mean agents on duty over the open half hours */
    double shrinkage;         /* share of employees' paid time off the phones, measured */
    cxi_books books;          /* the month's money */
} cxi_snapshot;

typedef struct cxi_model {
    double lever[CX_L_COUNT]; /* decisions in force */
    uint8_t held[CX_L_COUNT]; /* 1: held by a what-if override */
    struct cx_pctx slot[CX_SIDE_COUNT];
    int in_policy;            /* side being called, -1 outside policies */
    int stopped;              /* a policy refused a decision or failed */
    int started;              /* cxi_model_start ran */

    cxi_workforce wf;         /* employees and the roster (cx_workforce.h) */
    cxi_staffing staff;       /* the staffing rule (cx_staffing.h) */
    size_t redeploy_month;    /* month count when agents were last redeployed (once a month) */
    double occupancy;         /* last month's occupancy (attrition's workload driver) */
    cxi_knowledge know;       /* knowledge base, product-change gap (cx_knowledge.h) */
    cxi_relationship rel;     /* trust and phase (cx_relationship.h) */

    cxi_demand dem;           /* defects, changes, spikes (cx_demand.h) */
    cxi_customers cust;       /* the customer base (cx_customers.h) */
    cxi_contract con;         /* price, term, tenders (cx_contract.h) */

    /* the month end's own state */
    int incident;             /* incident kind of this month */
    double csat_ref;          /* recent CSAT, for quality-drop incidents */
    int reviews;              /* strategic reviews held */
    cxi_kinds ev;             /* the model's event kinds */

    /* economics */
    cxi_money money;          /* this month */
    double tco;               /* client's cumulative cost */
    double cash_cum;          /* ... of which it paid (churn cost excluded) */
    double provider_cum;      /* provider's cumulative margin, $ */

    /* rolling figures for keys and rows */
    cxi_snapshot last;        /* the last closed month */

    /* notes */
    cx_note *notes;
    size_t n_notes, cap_notes;

    /* policies' memory (cx_host): every key at each month close */
    double *hist;             /* n_hist rows of CX_K_COUNT values, oldest first */
    size_t n_hist, cap_hist;  /* rows kept, rows allocated */
} cxi_model;

struct cx_sim {
    cx_params P;              /* parameters (own copy) */
    double horizon;           /* end of the run, minutes */
    cx_engine E;              /* clock, calendar, queue */
    cx_rng rng[CX_STREAM_COUNT]; /* the model's streams (the queue's are the engine's) */
    uint32_t ev_period;       /* event kind: end of a reporting period */
    uint32_t ev_warmup;       /* event kind: end of the warm-up */

    cx_counts at_warmup;      /* queue counters when the warm-up ended */
    cx_counts at_period;      /* queue counters when the current period began */
    cx_tally T;               /* the model's cumulative counters */
    cx_tally t_warmup;        /* ... when the warm-up ended */
    cx_tally t_period;        /* ... when the current period began */
    double period_start;      /* start of the current period */
    cx_period *periods;       /* finished periods */
    size_t n_periods, cap_periods;

    /* ---- the CX model (zero and unused in the queue-only case) ---- */
    int model;                /* 1: the CX model runs (some mechanism or a policy) */
    cxi_model M;              /* its state */
    cxi_person *people;       /* what the model knows of each agent slot */
    uint32_t cap_people;      /* entries allocated (at least the engine's agent slots) */

    cx_progress_fn progress;  /* called after each period */
    void *progress_ud;
    cx_call_hook call_hook;   /* called around each policy call, or NULL */
    void *call_ud;
};

int cxi_error(cx_sim *S, int code, const char *fmt, ...);

/* The guards of P.limits (events, memory), checked at the model's ticks and
 * month ends, never per contact: CX_ERR_LIMIT with the message, or 0. */
int cxi_over_limits(cx_sim *S);

/* Agents: a new slot from the engine with the model's record reset
 * (CX_NONE when out of memory). */
uint32_t cxi_agent_new(cx_sim *S);

/* The model (cx_model.c and the mechanism files). Each returns 0 or a
 * negative status with the message in S->err. */
int cxi_model_init(cx_sim *S);
int cxi_model_start(cx_sim *S);                         /* policies start; the team is hired */
void cxi_model_free(cx_sim *S);
int cxi_model_month(cx_sim *S, cx_period *row);        /* month end: metrics, decisions */
void cxi_month_measure(cx_sim *S, const cx_period *p);  /* cx_month.c: the month into M->last */
void cxi_month_settle(cx_sim *S, const cx_period *p);   /* ... its figures after customers and money */
void cxi_month_row(const cx_sim *S, cx_period *p);      /* the output row, from the model */
int cxi_note(cx_sim *S, int kind, double value, const char *fmt, ...);
double cxi_get(const cx_sim *S, int key);
int cxi_call(cx_sim *S, int side, int point);           /* a policy's decision point */
int cxi_policy_start(cx_sim *S, int side);              /* (re)create its instance, call start */
int cxi_history_close(cx_sim *S);                       /* keep every key of the month just closed */
void cxi_history_free(cx_sim *S);
void cxi_policy_release(struct cx_pctx *ctx);           /* destroy the instance create made */

/* Event handlers (cx_action_fn), each in its mechanism's file; the subject is the cx_sim. */

#endif
