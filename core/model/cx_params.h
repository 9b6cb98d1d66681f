/* cx_params: every model input, its default, range, unit and source, in one table. */
#ifndef CX_PARAMS_H
#define CX_PARAMS_H

#include <stddef.h>
#include <stdint.h>

#include "cx_arrivals.h"
#include "cx_rng.h"
#include "cx_time.h"

#define CX_MAX_SPIKES CX_ARRIVAL_MAX_SPIKES /* demand spikes per scenario */
#define CX_NAME_MAX 64        /* scenario and regime names */


typedef struct cx_spike {
    double start_day;         /* day the spike starts (day 0 = first day) */
    double days;              /* how long it lasts */
    double multiplier;        /* demand multiplier while it lasts */
    double complex_share;     /* share of complex contacts while it lasts (a launch) */
} cx_spike;

/* Which mechanisms run. Each can be switched off to check the model against
 * theory, or to attribute a regime gap to the mechanisms that cause it. */
typedef struct cx_mechanisms {
    int learning;             /* knowledge grows with contacts and training */
    int forgetting;           /* the knowledge base decays; product changes age knowledge */
    int attrition;            /* agents quit */
    int hiring_delay;         /* vacancy, classroom and nesting take time */
    int defects;              /* product defects generate contacts until fixed */
    int repeats;              /* unresolved and abandoned contacts come back */
    int churn;                /* customers defect after bad outcomes */
    int trust;                /* the relationship's trust moves with experience */
    int contract;             /* rate negotiation, penalties, gain-share, re-bids */
    int schedules;            /* staff on duty follows the intraday need (else fixed staff) */
    int people;               /* agents differ in aptitude and outside offers (cx_people) */
    int self_service;         /* customers try self-service through the knowledge base first */
} cx_mechanisms;

/* The model's calibrated inputs (see cx_params.c for each source). */
typedef struct cx_model_params {
    /* contacts */
    double complex_share;     /* share of complex contacts (product complexity) */
    double complex_handle;    /* handle-time multiplier of a complex contact */
    double complex_fcr;       /* FCR multiplier of a complex contact */
    double complex_knowledge; /* knowledge a complex contact needs, relative */
    /* knowledge and learning */
    double novice_slowdown;   /* handle time at knowledge 0 is 1 + this times the expert's */
    double fcr_novice, fcr_expert; /* FCR of a simple contact at knowledge 0 and 1 */
    double csat_resolved, csat_repeat, csat_unresolved; /* top-box probabilities */
    double csat_knowledge;    /* top-box gain of an expert over a novice when resolved */
    double csat_wait_penalty; /* top-box loss per minute of waiting (up to csat_wait_cap) */
    double csat_wait_cap;     /* minutes of waiting past which the top-box loss stops growing */
    double k_start;           /* knowledge of a new hire before training */
    double k_classroom;       /* knowledge gained in the classroom */
    double learn_per_contact; /* share of the gap to the ceiling closed per contact */
    double learn_complex;     /* a complex contact teaches this many times a simple one */
    double learn_per_day;     /* share closed per day at the reference training hours */
    double proficient_k;      /* knowledge counted as proficient (time to proficiency) */
    double training_ref_hours;/* monthly training hours at which learn_per_day applies */
    double ceiling_base;      /* knowledge ceiling without a knowledge base */
    int learning_tenure;      /* 1: knowledge is a fixed function of tenure (theory check) */
    double tenure_tau_days;   /* that function: 1 - exp(-tenure / tau) */
    /* knowledge base and forgetting */
    double kb_kept_per_month; /* organisational knowledge kept per month */
    double kb_invest_scale;   /* $ per month that builds the base by 63% of the gap */
    double kb_capture;        /* documenting effort of experienced agents without dedicated spend */
    double ss_preventable;    /* share of simple first contacts self-service could serve */
    double ss_adoption;       /* ... of which customers try self-service first */
    double ss_resolve;        /* chance a try resolves the issue with a complete base */
    double ss_cost;           /* the client's cost of a self-service session, $ */
    double ss_fail_delay;     /* minutes from a failed try to the contact */
    double kb_start_boost;    /* knowledge a full base gives a new hire */
    double kb_joint_step;     /* share of the gap to a full base a joint initiative closes */
    double change_every_days; /* product changes, mean interval */
    double change_gap;        /* effective knowledge lost to an uncommunicated change */
    double change_told_gap;   /* ... to a communicated change */
    double relearn_days;      /* time constant of catching up after a change */
    double rca_gap_closed;    /* share of the product-change gap a successful joint RCA closes */
    /* attrition: two-phase retention, proportional hazards */
    double early_share;       /* share of hires in the early-leaving phase */
    double early_mean_days;   /* their mean employment period */
    double late_mean_days;    /* the others' mean employment period */
    double quit_elasticity;   /* hazard ~ pay_rel ^ -elasticity */
    double occupancy_ref;     /* occupancy above which workload raises quits */
    double occupancy_slope;   /* hazard x exp(slope (occ - ref)) above ref */
    double occupancy_start;   /* occupancy the workload factor reads before the first month closes */
    double span_ref;          /* supervision span above which quits rise */
    double span_slope;        /* hazard x (1 + slope (span - ref) / ref) */
    double engagement_effect; /* hazard x (1 + effect (neutral - engagement)) */
    double engagement_neutral; /* engagement at which the engagement factor is 1 */
    double engagement_floor;  /* the engagement factor never goes below this */
    double engagement_base;   /* engagement with no coaching and a span at engagement_span_worst */
    double engagement_training; /* engagement added by coaching at engagement_hours a month */
    double engagement_span;   /* engagement added by a span at engagement_span_best or below */
    double engagement_hours;  /* monthly coaching hours that give the whole coaching part */
    double engagement_span_best;  /* span at or below which the span part is whole */
    double engagement_span_worst; /* span at or above which the span part is 0 */
    /* people: agents differ (cx_people) */
    double aptitude_sd;       /* spread of hires' aptitude (log sd around the pool's mean) */
    double hire_pay_slope;    /* the pool's mean aptitude moves by this x (pay_rel - 1) */
    double outside_skill;     /* an agent's outside offer rises by this x (aptitude - 1) */
    double outside_knowledge; /* ... and by this x its knowledge (experience the market pays for) */
    double poach_rate;        /* quits a year per unit of outside offer above pay (added hazard) */
    /* hiring */
    double vacancy_days;      /* mean days to fill a vacancy */
    double classroom_days;    /* classroom training */
    double nesting_days;      /* nesting on the floor */
    double nesting_slowdown;  /* extra handle-time multiplier while nesting */
    double hours_per_week;    /* paid hours of a full-time agent */
    double shrinkage;         /* paid time not on the phones */
    double temps_knowledge;   /* knowledge of a temp */
    double temps_premium;     /* temp cost relative to an agent's */
    double temps_cover;       /* temps hired per agent of extra demand a spike brings */
    /* the staffing rule's planning */
    double plan_unresolved;   /* share of issues the first plan assumes come back (1 - FCR) */
    double plan_learning;     /* how far the plan goes from today's knowledge to a settled team's */
    double plan_miss_cap;     /* a month's service-level miss counts up to this much */
    double plan_gain_rate;    /* plan gain x exp(rate x miss) each month */
    double plan_gain_min, plan_gain_max; /* bounds of the plan gain */
    double settled_occupancy; /* occupancy of a settled team (its quits, its contacts a day) */
    double settled_handle;    /* handle time of a team still learning, relative to an expert's */
    double redeploy_above;    /* agents are redeployed above this times the staffing target */
    /* shifts and shrinkage (cx_workforce: taken out when it happens) */
    double shift_hours;       /* paid length of a shift, breaks included */
    double shrink_breaks;     /* share of a shift on breaks (within the shift) */
    double shrink_meetings;   /* share of a shift in meetings and coaching (within the shift) */
    double shrink_absence;    /* share of working days lost to sickness and unplanned absence */
    double shrink_leave;      /* share of working days on annual leave */
    double plan_max_abandon;  /* the plan's abandonment ceiling per half hour (Erlang A) */
    double ramp_days;         /* go-live: days over which volume is phased in */
    double ramp_start;        /* go-live: share of volume in the first week */
    double redeploy_max;      /* share of the headcount redeployed at most in a month */
    double overtime_max;      /* extra shifts a day may add for a planned spike, share of the day's */
    double overtime_premium;  /* overtime pay relative to the hourly wage */
    /* demand and customers */
    double repeat_return;     /* an unresolved customer comes back */
    double repeat_mean_hours; /* after this long on average */
    double retry_abandoned;   /* an abandoner tries again */
    double retry_mean_min;    /* after this long on average */
    int max_attempts;         /* contacts per issue before giving up */
    double defects_per_year;  /* new product defects */
    double defect_share;      /* a defect's contacts as a share of base demand */
    double defect_size_low;   /* a defect's size is U(low, low + 1) times defect_share */
    double defect_natural_days; /* mean time the client takes to find and fix one unaided */
    double notice_expert;     /* chance an expert notices the defect behind a contact */
    double customers;         /* customer base at the start */
    double base_churn;        /* monthly churn for reasons other than CX (replaced by acquisition) */
    double intent_first, intent_repeat, intent_unresolved; /* defection intent */
    double intent_to_churn;   /* share of intent that becomes churn */
    double customer_value;    /* revenue lost per churned customer, $ */
    double intent_per_contact; /* extra defection intent per contact beyond the second */
    double intent_per_wait_min; /* extra defection intent per minute waited */
    double intent_wait_cap_min; /* minutes of waiting beyond which intent rises no further */
    double value_low;         /* low end of the customer value's plausible range, $ (reporting) */
    double value_high;        /* high end, $ (reporting) */
    /* economics */
    double wage_month;        /* market wage of an agent per month, loaded, $ */
    double supervisor_wage;   /* supervisor cost relative to an agent's */
    double recruit_cost;      /* recruiting cost per hire, $ */
    double trainer_cost;      /* classroom trainer and material per hire, $ */
    double tech_per_seat;     /* technology and facilities per employee per month, $ */
    double governance_hour;   /* client manager cost per hour, $ */
    double ops_review_hours;  /* client hours per monthly operational review */
    double strategic_hours;   /* client hours per quarterly strategic review */
    double rca_hours;         /* client hours per joint root-cause analysis */
    double rfp_cost;          /* client cost of running a tender, $ */
    double transition_client; /* client cost of a provider change, $ */
    double transition_provider; /* a new provider's set-up cost, $ */
    double setup_billed;      /* share of a provider's one-off set-up the client pays as an implementation fee */
    int pricing;              /* 0 per handled contact, 1 per handled minute, 2 per FTE hour */
    double penalty_cap;       /* penalties capped at this share of monthly fees */
    double bid_occupancy;     /* occupancy at which a bid sizes its team */
    double leaver_wage_months; /* wages a bid counts per leaver, on top of recruiting and trainer */
    double setup_wage_months; /* wages a bid counts per head of the start-up team */
    double setup_months;      /* months over which a bid recovers its start-up */
    /* relationship and contract */
    double trust_initial;     /* trust at the start of a relationship */
    double trust_step;        /* size of a positive step (share of the gap to 1) */
    double trust_asymmetry;   /* a breach moves trust this many times more than a success */
    double phase_proof;       /* trust at which operational proof starts (phase 1) */
    double phase_transparency; /* trust at which the transparency test starts (phase 2) */
    double phase_partnership; /* trust at which partnership starts (phase 3) */
    double phase_hysteresis;  /* a phase is left only this far below its threshold */
    double open_book_step;    /* trust steps opening the books in a negotiation is worth */
    double tender_step;       /* trust steps a tender called on a sitting provider takes away (a breach) */
    double proof_months;      /* months of SLA met in a row before the transparency test */
    double test_months;       /* months in the transparency test before partnership */
    double test_openness;     /* experiences of openness the test needs */
    double rca_empty_step;    /* trust steps a joint RCA that finds nothing is still worth */
    /* incidents and intelligence */
    double incident_csat_drop; /* CSAT this far below its smoothed level is an incident */
    double incident_csat_weight; /* weight of the new month in the smoothed CSAT level */
    int incident_after_months; /* CSAT incidents only after this many months */
    double report_base;       /* report chance = transparency x (base + trust_w x trust) */
    double report_trust;      /* ... trust_w */
    double rca_find_base;     /* a joint RCA finds the cause with base + trust_w x trust */
    double rca_find_trust;    /* ... trust_w */
    double bid_spread;        /* competing bids vary by this share */
    double switch_threshold;  /* a bid this much lower than the incumbent wins */
    double quality_rebid;     /* extra chance to lose at tender per point of SLA shortfall */
    double incumbent_bid;     /* the incumbent bids this times its current rate at a tender */
    int quality_months;       /* months of service level a tender's quality test averages */
    double gain_share_months; /* shared savings start after this many months with a provider */
    double gain_share_baseline; /* agreed contacts per resolved issue when no incoming performance (0: market's) */
    double gain_share_rebase; /* share of a year's improvement the baseline moves by at each contract year */
    double gain_share_clawback; /* clawback capped at this share of the month's fees */
} cx_model_params;

#define CX_MAX_OPTIONS 24     /* options per policy in a scenario */
#define CX_MAX_REGIMES 8      /* regimes compared in one scenario */
#define CX_PATH_MAX 256       /* policy names and paths */

/* Which policy plays a side, and the scenario's options for it. */
typedef struct cx_policy_spec {
    char name[CX_PATH_MAX];   /* built-in name, a plugin (.so) or a Lua script (.lua) */
    int line;                 /* scenario line of the spec, 0 when unknown */
    int n_options;            /* used entries below */
    char opt_name[CX_MAX_OPTIONS][32];
    double opt_value[CX_MAX_OPTIONS];
    int opt_line[CX_MAX_OPTIONS]; /* scenario line of each option, 0 when unknown */
} cx_policy_spec;

/* One regime of a comparison: a label and a policy for each side. */
typedef struct cx_regime {
    char label[CX_NAME_MAX];  /* e.g. "vendor" */
    cx_policy_spec client;    /* the client's policy */
    cx_policy_spec provider;  /* the provider's policy */
} cx_regime;

/* Guards of a run, set by the command line (not scenario fields); checked
 * by the engine at the model's ticks and month ends. 0: no guard. */
typedef struct cx_limits {
    uint64_t max_events;      /* stop a simulation past this many events */
    uint64_t max_bytes;       /* stop a simulation whose pools hold more bytes */
} cx_limits;

typedef struct cx_params {
    char name[CX_NAME_MAX];   /* scenario name, for outputs */
    uint64_t seed;            /* master seed */
    double years;             /* horizon */
    double warmup_days;       /* excluded from the run totals */
    double sl_seconds;        /* service-level threshold */
    /* demand */
    double rate_per_min;      /* mean arrival rate over the profile */
    int profile;              /* 1: intraday x weekday x season profile on */
    double intraday[CX_INTRADAY_BINS]; /* relative weights, normalised to mean 1 */
    double weekday[7];        /* Monday first; normalised to mean 1 */
    double season[12];        /* month of year; normalised to mean 1 */
    double growth_per_year;   /* compound volume growth */
    double open_h[7];         /* opening hour per weekday (Monday first), 0-24 */
    double close_h[7];        /* closing hour per weekday; equal to open_h: closed */
    int n_spikes;             /* used entries of spikes */
    cx_spike spikes[CX_MAX_SPIKES];
    /* service */
    cx_dist handle;           /* handle time */
    cx_dist patience;         /* customer patience before abandoning */
    int agents;               /* agents always on duty when mechanisms.schedules is off */
    cx_mechanisms on;         /* which mechanisms run */
    cx_model_params m;        /* calibrated model inputs */
    int n_regimes;            /* regimes compared (0: one run, no policies) */
    cx_regime regimes[CX_MAX_REGIMES];
    cx_limits limits;         /* guards (command line), not read from scenarios */
} cx_params;

typedef enum cx_ptype {
    CX_PT_REAL, CX_PT_INT, CX_PT_BOOL, CX_PT_SEED, CX_PT_ENUM, CX_PT_TEXT,
    CX_PT_REALS,              /* fixed-length array of reals */
    CX_PT_RECORDS,            /* list of records described by `fields` */
    CX_PT_POLICY              /* a cx_policy_spec: "name" or {policy = "name", option = value ...} */
} cx_ptype;

typedef struct cx_param_desc {
    const char *path;         /* dotted name as written in a scenario */
    cx_ptype type;            /* how to read it */
    size_t offset;            /* where it lives (in cx_params or the record) */
    double lo, hi;            /* inclusive range for numbers */
    double def;               /* default for scalars */
    const double *defs;       /* defaults for REALS */
    int count;                /* REALS length, RECORDS maximum */
    const char *const *names; /* ENUM names, NULL-terminated */
    const struct cx_param_desc *fields; /* RECORDS fields, NULL path ends */
    size_t count_offset;      /* RECORDS: int count in cx_params */
    size_t elem_size;         /* RECORDS: bytes per record */
    const char *unit;         /* unit, for docs */
    const char *doc;          /* meaning, for docs */
    const char *source;       /* calibration source or stated assumption */
} cx_param_desc;

/* The table, terminated by an entry with a NULL path. */
extern const cx_param_desc cx_param_table[];

void cx_params_default(cx_params *p);

/* Switch every CX mechanism off and drop the regimes: the fixed-staff
 * queue that Erlang C and Erlang A describe (tests, the benchmark). */
void cx_params_queue_only(cx_params *p);

/* Defaults of one descriptor table into `base` (a cx_params or a record). */
void cx_param_defaults(void *base, const cx_param_desc *table);

/* Look a field up by dotted path; NULL when unknown. */
const cx_param_desc *cx_param_find(const cx_param_desc *table, const char *path);

/* 1 when some field's path starts with "prefix." (a table of fields). */
int cx_param_is_group(const cx_param_desc *table, const char *prefix);

/* Setters check type and range; on error they write a message (without
 * the field name, which the caller knows) and return -1. `base` is the
 * cx_params or the record the descriptor's offset is relative to. */
int cx_param_set_number(void *base, const cx_param_desc *d, double v, char *err, size_t n);
int cx_param_set_string(void *base, const cx_param_desc *d, const char *s, char *err, size_t n);
int cx_param_set_real_at(void *base, const cx_param_desc *d, int i, double v, char *err, size_t n);
/* A seed field (CX_PT_SEED) from decimal text: every value 0 .. 2^64 - 1,
 * exactly (a number above 2^53 would lose digits as a double). */
int cx_param_set_seed_text(void *base, const cx_param_desc *d, const char *s, char *err, size_t n);

/* Set a field from text, as `--set path=value` gives it. */
int cx_param_set_text(cx_params *p, const char *path, const char *value, char *err, size_t n);

/* Cross-field checks after loading; on error names the field in *field. */
int cx_params_check(const cx_params *p, const char **field, char *err, size_t n);

/* The normalised profile weights the model uses. */
void cx_params_profile(const cx_params *p, double intraday[CX_INTRADAY_BINS], double weekday[7],
                       double season[12]);

/* The base demand as the engine's arrival process sees it: rate, profile,
 * growth and the spikes' multipliers. */
void cx_params_rate_profile(const cx_params *p, cx_rate_profile *out);

/* The go-live ramp (golive.*): weekly steps, and the share of the volume
 * the centre takes on `day` (1 outside the ramp or without a planned
 * centre, i.e. demand.profile and mechanisms.schedules). */
int cx_params_ramp_steps(const cx_params *p);
double cx_params_ramp_share(const cx_params *p, double day);

#endif
