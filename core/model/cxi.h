/* cxi: the simulation context's inside, shared by the core's files only. */
#ifndef CXI_H
#define CXI_H

#include "cx_arrivals.h"
#include "cx_economics.h"
#include "cx_engine.h"
#include "cx_knowledge.h"
#include "cx_relationship.h"
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
    uint32_t duty_gen;        /* bumped when its roster status changes: stale ring entries */
    float ke;                 /* effective knowledge brought to the contact in hand */
    double k;                 /* knowledge, 0-1 */
    double hired;             /* time it joined (entered the classroom) */
    double exposure;          /* integrated quit hazard still to run before it quits */
    double haz_days;          /* tenure (days) up to which the hazard has been run */
    double duty_since;        /* time it last went on or off the roster */
    uint64_t quit_seq;        /* its pending quit event, 0 none */
    uint64_t pipe_seq;        /* its pending lifecycle event, 0 none */
    uint32_t provider;        /* which provider employs it (transitions) */
} cxi_person;

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
    double fcr;               /* resolved / completed */
    double csat;              /* top box / completed */
    double attrition_annual;  /* trailing twelve months' leavers over mean headcount, annualised */
    double churn_rate;        /* (contact-driven + other churn) / customers at the month's start */
    double insights;          /* defects reported by the provider */
    double margin;            /* the provider's (revenue - cost) / revenue */
    cxi_books books;          /* the month's money */
} cxi_snapshot;

#define CXI_SL_MONTHS 12      /* months of service level the contract remembers (tender) */

typedef struct cxi_model {
    double lever[CX_L_COUNT]; /* decisions in force */
    uint8_t held[CX_L_COUNT]; /* 1: held by a what-if override */
    struct cx_pctx slot[CX_SIDE_COUNT];
    int in_policy;            /* side being called, -1 outside policies */
    int stopped;              /* a policy refused a decision or failed */
    int started;              /* cxi_model_start ran */

    /* workforce */
    uint32_t n_recruiting, n_classroom, n_nesting, n_productive, n_temps;
    uint32_t n_rostered;      /* agents the schedule wants on duty */
    cx_ring off_duty;        /* eligible agents off the roster, longest off first */
    cx_ring on_duty;         /* rostered agents, longest on first */
    uint32_t provider_id;     /* bumped at each transition */
    double occupancy;         /* last month's occupancy (workload driver) */
    int target_headcount;     /* the staffing rule's headcount */
    double plan_gain;         /* the rule's own correction of Erlang C, from its misses */
    uint16_t required[7][CX_INTRADAY_BINS]; /* agents on duty needed per half hour */
    double required_hours;    /* agent-hours on duty needed per week */
    double required_mean;     /* mean agents on duty needed */
    uint32_t temp_ids_gen;    /* bumps when temps are sent home */

    cxi_knowledge know;       /* knowledge base, product-change gap (cx_knowledge.h) */
    cxi_relationship rel;     /* trust and phase (cx_relationship.h) */

    /* demand */
    double complex_share;     /* share of complex base contacts now */
    int spikes_on;            /* spikes in force */
    cxi_defect *defects;      /* all defects of the horizon, by time */
    uint32_t n_defects;
    double defect_rate;       /* contacts per minute from open defects */
    uint32_t defect_gen;      /* generation of the defect-contact process */
    cx_arrivals darr;         /* the defect-contact process */
    cxi_change *changes;      /* product changes of the horizon */
    uint32_t n_changes;

    /* customers */
    double customers;         /* base now */
    double customers_month;   /* base at the month's start */
    double base_churned;      /* non-CX churn this month */

    /* relationship and contract */
    double rate;              /* price per unit */
    double provider_start;    /* time this provider took over */
    int contract_years;       /* anniversaries with this provider */
    double term_start;        /* start of the current term */
    double rate_asked;        /* rate change asked at the anniversary */
    int refused;              /* the provider refused it */
    int incident;             /* incident kind of this month */
    double baseline_cpi;      /* contacts per issue when gain-share began */
    double csat_ref;          /* recent CSAT, for quality-drop incidents */
    double cutover_at;        /* pending transition, 0 none */
    double next_rate;         /* the incoming provider's rate */
    double bid_levers[CX_L_COUNT]; /* the provider's levers as its policy started: how its kind bids */
    int reviews;              /* strategic reviews held */
    cxi_kinds ev;             /* the model's event kinds */

    /* economics */
    cxi_money money;          /* this month */
    double tco;               /* client's cumulative cost */
    double provider_cum;      /* provider's cumulative margin, $ */

    /* rolling figures for keys and rows */
    cxi_snapshot last;        /* the last closed month */
    double sl_hist[CXI_SL_MONTHS]; /* service level of the recent months, by month % CXI_SL_MONTHS */
    double leavers12[12], heads12[12]; /* trailing months for attrition */

    /* notes */
    cx_note *notes;
    size_t n_notes, cap_notes;
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

/* Event handlers (cx_action_fn), each in its mechanism's file; the subject is the cx_sim. */
int cxi_on_repeat(void *subject, const cx_event *ev);          /* cx_demand.c */
int cxi_on_defect_arrival(void *subject, const cx_event *ev);
int cxi_on_defect(void *subject, const cx_event *ev);
int cxi_on_fix(void *subject, const cx_event *ev);
int cxi_on_change(void *subject, const cx_event *ev);
int cxi_on_spike(void *subject, const cx_event *ev);
int cxi_on_interval(void *subject, const cx_event *ev);        /* cx_workforce.c */
int cxi_on_quit(void *subject, const cx_event *ev);
int cxi_on_pipeline(void *subject, const cx_event *ev);        /* cx_hiring.c */
int cxi_on_cutover(void *subject, const cx_event *ev);         /* cx_contract.c */

/* Mechanisms. */
void cxi_learn_contact(cx_sim *S, cxi_person *ag, int complex);  /* cx_learning.c */
void cxi_learn_day(cx_sim *S);
double cxi_tenure_knowledge(const cx_sim *S, double tenure);
int cxi_attrition_day(cx_sim *S);                              /* cx_attrition.c */
double cxi_attrition_mult(const cx_sim *S);
double cxi_attrition_mult_for(const cx_sim *S, double pay_rel, double span, double training,
                              double occupancy);
double cxi_engagement(double training, double span);
int cxi_attrition_arm(cx_sim *S, uint32_t a);
double cxi_base_cumhaz(const cx_sim *S, double days);
int cxi_hire(cx_sim *S, int temp, int ready);                   /* cx_hiring.c */
int cxi_hiring_top_up(cx_sim *S);
int cxi_pipeline_step(cx_sim *S, uint32_t a);
int cxi_quit(cx_sim *S, uint32_t a, int counted);               /* cx_workforce.c */
int cxi_roster(cx_sim *S);
int cxi_roster_join(cx_sim *S, uint32_t a);                    /* a became able to go on duty */
int cxi_workforce_interval(cx_sim *S);
uint32_t cxi_headcount(const cx_sim *S);
double cxi_mean_tenure_m(const cx_sim *S);
double cxi_mean_knowledge(const cx_sim *S);
int cxi_staffing_plan(cx_sim *S);                              /* cx_staffing.c */
int cxi_demand_init(cx_sim *S);                                /* cx_demand.c */
int cxi_demand_defect_update(cx_sim *S);
int cxi_demand_admit(void *ud, uint32_t *tag);                 /* queue hook */
int cxi_open_defects(const cx_sim *S);
double cxi_outcome_service_factor(void *ud, uint32_t a, const cx_contact *ct); /* cx_outcome.c: queue hooks */
int cxi_outcome_depart(void *ud, uint32_t a, const cx_contact *ct);
int cxi_outcome_abandon(void *ud, const cx_contact *ct);
void cxi_customer_issue_end(cx_sim *S, double intent);        /* cx_customers.c */
void cxi_customers_month(cx_sim *S);
void cxi_intelligence_month(cx_sim *S);                        /* cx_intelligence.c */
int cxi_intelligence_notice(cx_sim *S, uint32_t defect);
int cxi_intelligence_fix(cx_sim *S, uint32_t d, double when);
int cxi_rca(cx_sim *S);
int cxi_contract_month(cx_sim *S);          /* cx_contract.c */
int cxi_contract_cutover(cx_sim *S);

#endif
