/* cxi: the simulation context's inside, shared by the core's files only. */
#ifndef CXI_H
#define CXI_H

#include "cx_arrivals.h"
#include "cx_calendar.h"
#include "cx_policy.h"
#include "cx_rng.h"
#include "cx_sim.h"

/* Event kinds. Contact flow first (the hot path), then bookkeeping. */
enum {
    CXI_EV_ARRIVAL = 0,       /* id: arrival source */
    CXI_EV_DEPART,            /* id: agent finishing a contact */
    CXI_EV_ABANDON,           /* id: contact slot; stale unless seq matches */
    CXI_EV_PERIOD,            /* end of a reporting period */
    CXI_EV_WARMUP,            /* end of the warm-up */
    CXI_EV_REPEAT,            /* id: packed repeat contact (cxi_repeat_id) */
    CXI_EV_DEFECT_ARRIVAL,    /* id: generation of the defect-contact process */
    CXI_EV_INTERVAL,          /* half-hour boundary: staff on duty follows the schedule */
    CXI_EV_DAY,               /* daily tick: attrition clocks, learning by training, forgetting */
    CXI_EV_QUIT,              /* id: agent; stale unless the agent's quit_seq matches */
    CXI_EV_PIPELINE,          /* id: agent moving to its next lifecycle stage */
    CXI_EV_DEFECT,            /* id: defect appearing */
    CXI_EV_FIX,               /* id: defect fixed; stale unless fix_seq matches */
    CXI_EV_CHANGE,            /* id: product change shipping */
    CXI_EV_SPIKE,             /* id: spike starting (temps) or ending (id | 1<<31) */
    CXI_EV_CUTOVER,           /* a new provider takes over */
    CXI_EV_COUNT
};

/* Lifecycle of an agent slot. */
enum { CXI_L_FREE = 0, CXI_L_RECRUITING, CXI_L_CLASSROOM, CXI_L_NESTING, CXI_L_PRODUCTIVE };

enum { CXI_FREE = 0, CXI_WAITING, CXI_SERVING };
enum { CXI_OFF = 0, CXI_IDLE, CXI_BUSY };

typedef struct cxi_contact {
    double arrive;            /* arrival time */
    double start;             /* service start */
    uint64_t abandon_seq;     /* seq of its abandonment event, 0 if none */
    uint32_t gen;             /* bumped at each reuse of the slot */
    uint32_t next_free;       /* free-list link */
    uint32_t defect;          /* 1 + index of the defect behind it, 0 none */
    uint8_t state;            /* CXI_FREE, CXI_WAITING, CXI_SERVING */
    uint8_t attempt;          /* 1 for the first contact of an issue */
    uint8_t complex;          /* 1: a complex contact */
    float ke;                 /* effective knowledge brought to it (set at service start) */
} cxi_contact;

/* A repeat contact's identity packed into an event id. */
static inline uint32_t cxi_repeat_id(uint32_t defect, unsigned complex, unsigned attempt)
{
    return (attempt & 0xffu) << 24 | (complex & 1u) << 23 | (defect & 0x7fffffu);
}

typedef struct cxi_agent {
    uint8_t state;            /* CXI_OFF, CXI_IDLE, CXI_BUSY */
    uint8_t leaving;          /* goes off duty when the contact in hand ends */
    uint8_t release;          /* ... and gives its slot back (a leaver, a removed seat) */
    uint8_t life;             /* CXI_L_* */
    uint8_t temp;             /* temporary staff */
    uint8_t rostered;         /* wanted on duty by the schedule */
    uint32_t duty_gen;        /* bumped when its roster status changes: stale ring entries */
    uint32_t contact;         /* contact in hand when busy */
    uint32_t gen;             /* bumped each time it turns idle */
    uint32_t next_free;       /* free-list link when off */
    double speed;             /* handle-time multiplier (1 = the mean) */
    double k;                 /* knowledge, 0-1 */
    double hired;             /* time it joined (entered the classroom) */
    double exposure;          /* integrated quit hazard still to run before it quits */
    double haz_days;          /* tenure (days) up to which the hazard has been run */
    double duty_since;        /* time it last went on or off the roster */
    uint64_t quit_seq;        /* its pending quit event, 0 none */
    uint64_t pipe_seq;        /* its pending lifecycle event, 0 none */
    uint32_t provider;        /* which provider employs it (transitions) */
} cxi_agent;

/* A FIFO of (slot, generation) pairs; entries go stale when the slot's
 * generation moves on, and stale entries are skipped at the head. */
typedef struct cxi_ring {
    uint64_t *buf;            /* power-of-two capacity */
    size_t head;              /* index of the oldest entry */
    size_t n;                 /* entries, stale ones included */
    size_t mask;              /* capacity - 1 */
} cxi_ring;

#define CXI_NONE UINT32_MAX

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

/* Money over the month being simulated, $ (reset at each month end). */
typedef struct cxi_money {
    double wages;             /* agents, classroom and nesting included */
    double temps;             /* temporary staff */
    double training;          /* paid training and coaching hours */
    double recruiting;        /* recruiting and trainer cost of hires */
    double transition_client; /* client cost of provider changes */
    double transition_provider; /* set-up cost of a new provider */
    double governance;        /* client hours in reviews, analyses, tenders */
    double supervision;       /* supervisors */
    double tech;              /* technology, facilities, overhead */
} cxi_money;

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
    cxi_ring off_duty;        /* eligible agents off the roster, longest off first */
    cxi_ring on_duty;         /* rostered agents, longest on first */
    uint32_t provider_id;     /* bumped at each transition */
    double occupancy;         /* last month's occupancy (workload driver) */
    int target_headcount;     /* the staffing rule's headcount */
    double plan_gain;         /* the rule's own correction of Erlang C, from its misses */
    uint16_t required[7][CX_INTRADAY_BINS]; /* agents on duty needed per half hour */
    double required_hours;    /* agent-hours on duty needed per week */
    double required_mean;     /* mean agents on duty needed */
    uint32_t temp_ids_gen;    /* bumps when temps are sent home */

    /* knowledge */
    double kb;                /* knowledge-base level, 0-1 */
    double keep;              /* 1 - the product-change gap */
    double ceiling;           /* knowledge ceiling from the base */

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
    double trust;             /* 0-1 */
    int phase;                /* 0-3 */
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

    /* economics */
    cxi_money money;          /* this month */
    double tco;               /* client's cumulative cost */
    double provider_cum;      /* provider's cumulative margin, $ */

    /* rolling figures for keys and rows */
    double last[CX_ROW_MAX];  /* the last closed month's row */
    double leavers12[12], heads12[12]; /* trailing months for attrition */

    /* notes */
    cx_note *notes;
    size_t n_notes, cap_notes;
} cxi_model;

struct cx_sim {
    cx_params P;              /* parameters (own copy) */
    double now;               /* clock, minutes */
    double horizon;           /* end of the run, minutes */
    double last;              /* time the areas were last integrated */
    cx_calendar cal;          /* pending events */
    cx_rng rng[CX_STREAM_COUNT]; /* one stream per source */
    cx_arrivals arr;          /* the demand process */
    int done;                 /* the horizon was reached */
    uint64_t events;          /* events handled */

    cxi_contact *contacts;    /* contact slots */
    uint32_t n_contacts;      /* slots allocated */
    uint32_t free_contact;    /* head of the free list */
    uint64_t in_system;       /* contacts waiting or in service */
    cxi_agent *agents;        /* agent slots */
    uint32_t n_agents;        /* slots allocated */
    uint32_t free_agent;      /* head of the free list */
    cxi_ring idle;            /* idle agents, longest idle first */
    cxi_ring waiting;         /* waiting contacts, first come first */
    uint32_t n_idle;          /* agents idle */
    uint32_t n_busy;          /* agents busy */
    uint32_t n_waiting;       /* contacts waiting */

    cx_counts c;              /* cumulative counters */
    cx_counts at_warmup;      /* counters when the warm-up ended */
    cx_counts at_period;      /* counters when the current period began */
    double period_start;      /* start of the current period */
    cx_period *periods;       /* finished periods */
    size_t n_periods, cap_periods;

    /* ---- the CX model (zero and unused in the queue-only case) ---- */
    int model;                /* 1: the CX model runs (some mechanism or a policy) */
    cxi_model M;              /* its state */

    cx_progress_fn progress;  /* called after each period */
    void *progress_ud;
    cx_call_hook call_hook;   /* called around each policy call, or NULL */
    void *call_ud;
    char err[256];            /* last error message */
};

/* Add dt minutes of the present state to the time integrals of c. */
static inline void cxi_accumulate(const cx_sim *S, cx_counts *c, double dt)
{
    c->busy_area += dt * S->n_busy;
    c->staffed_area += dt * (S->n_busy + S->n_idle);
    c->queue_area += dt * S->n_waiting;
    c->time += dt;
}

/* Bring the time integrals up to now. */
static inline void cxi_integrate(cx_sim *S)
{
    cxi_accumulate(S, &S->c, S->now - S->last);
    S->last = S->now;
}

int cxi_error(cx_sim *S, int code, const char *fmt, ...);

/* Rings of (slot, generation) entries (cx_queue.c). */
int cxi_ring_init(cxi_ring *r, size_t cap);
int cxi_ring_push(cxi_ring *r, uint32_t slot, uint32_t gen);

/* Pop entries until one is still current (`live` says so); returns its
 * slot or CXI_NONE. */
static inline uint32_t cxi_ring_pop_live(cxi_ring *r, const cx_sim *S,
                                         int (*live)(const cx_sim *, uint32_t slot, uint32_t gen))
{
    while (r->n) {
        uint64_t e = r->buf[r->head];
        r->head = (r->head + 1) & r->mask;
        r->n--;
        if (live(S, (uint32_t)(e >> 32), (uint32_t)e)) return (uint32_t)(e >> 32);
    }
    return CXI_NONE;
}

/* Agents (cx_queue.c): a slot is a person; on and off duty are separate. */
uint32_t cxi_agent_new(cx_sim *S);             /* off duty, CXI_NONE when out of memory */
int cxi_duty_on(cx_sim *S, uint32_t a);        /* takes the longest-waiting contact */
void cxi_duty_off(cx_sim *S, uint32_t a, int release); /* now if idle, else after the contact */

/* The model (cx_model.c and the mechanism files). Each returns 0 or a
 * negative status with the message in S->err. */
int cxi_model_init(cx_sim *S);
int cxi_model_start(cx_sim *S);                         /* policies start; the team is hired */
void cxi_model_free(cx_sim *S);
int cxi_model_event(cx_sim *S, const cx_event *ev);    /* the model's event kinds */
int cxi_model_month(cx_sim *S, cx_period *row);        /* month end: metrics, decisions */
int cxi_note(cx_sim *S, int kind, double value, const char *fmt, ...);
double cxi_get(const cx_sim *S, int key);
int cxi_call(cx_sim *S, int side, int point);           /* a policy's decision point */
int cxi_policy_start(cx_sim *S, int side);              /* (re)create its instance, call start */

/* Mechanisms. */
void cxi_learn_contact(cx_sim *S, cxi_agent *ag, int complex);  /* cx_learning.c */
void cxi_learn_day(cx_sim *S);
void cxi_learn_month(cx_sim *S);
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
int cxi_on_defect_arrival(cx_sim *S, uint32_t gen);
int cxi_on_repeat(cx_sim *S, uint32_t id);
int cxi_demand_event(cx_sim *S, const cx_event *ev);
int cxi_contact_in(cx_sim *S, uint32_t defect, int complex, int attempt);
double cxi_contact_speed(const cx_sim *S, const cxi_agent *ag, cxi_contact *ct); /* cx_outcome.c */
int cxi_outcome_depart(cx_sim *S, cxi_agent *ag, const cxi_contact *ct);
int cxi_outcome_abandon(cx_sim *S, const cxi_contact *ct);
void cxi_customer_issue_end(cx_sim *S, double intent);        /* cx_customers.c */
void cxi_customers_month(cx_sim *S);
void cxi_economics_day(cx_sim *S);                             /* cx_economics.c */
void cxi_economics_month(cx_sim *S, const cx_counts *c, double *row);
double cxi_settled_knowledge(const cx_sim *S, double pay_rel, double training, double span);
double cxi_bid_rate(const cx_sim *S, double pay_rel, double training, double span, double margin,
                    double kb_invest);
void cxi_intelligence_month(cx_sim *S);                        /* cx_intelligence.c */
int cxi_intelligence_notice(cx_sim *S, uint32_t defect);
int cxi_intelligence_fix(cx_sim *S, uint32_t d, double when);
int cxi_rca(cx_sim *S);
int cxi_contract_month(cx_sim *S, const double *row);          /* cx_contract.c */
int cxi_contract_cutover(cx_sim *S);
void cxi_trust(cx_sim *S, double step, const char *why);       /* cx_relationship.c */
void cxi_relationship_month(cx_sim *S);

/* Contact flow (cx_queue.c). */
int cxi_queue_init(cx_sim *S);
void cxi_queue_free(cx_sim *S);
int cxi_on_arrival(cx_sim *S);
int cxi_on_depart(cx_sim *S, uint32_t agent);
int cxi_on_abandon(cx_sim *S, const cx_event *ev);

#endif
