/* cx_policy: the policy ABI, everything a policy plugin needs and nothing
 * more. Decision points, the state a policy reads (keys), the levers it
 * sets, the host's functions and the policy table. Both C plugins (plugins/,
 * loaded with dlopen) and Lua policies (the Lua bridge) implement this
 * interface; the core calls it and knows neither dlopen nor Lua. What only
 * the host uses (names, the lever table, the checks) is in cx_policy_host.h:
 * a plugin needs no symbol from the cxsim executable.
 *
 * A policy never touches core structs. At each decision point the host calls
 * the policy's callback with an opaque context; the policy reads the model
 * with api->get(ctx, CX_K_...) and decides with api->set(ctx, CX_L_..., v).
 * The host checks every decision against the lever's range and its owner
 * (a client policy cannot set provider levers); a refused decision stops the
 * run with a message naming the policy and the lever.
 *
 * Versioning (as SQLite's loadable extensions do): both structs start with
 * the ABI version and their size; members, keys, levers and decision points
 * are only ever appended. The host reads a table only up to its declared
 * size and its decision points only up to its declared count (n_at), and
 * treats what is missing as NULL; a plugin checks api->size before using a
 * host slot appended after the ABI it was built for. So a plugin built
 * against an older ABI-2 header keeps working when members or decision
 * points are added. A table whose abi is not CX_POLICY_ABI is refused. */
#ifndef CX_POLICY_H
#define CX_POLICY_H

#include <stddef.h>

/* 2: create(self, api, ctx) with the table's user pointer; at[] is a
 *    pointer and a count; host-only functions left this header.
 * 1: create(api, ctx); at[] inline (refused by this host). */
#define CX_POLICY_ABI 2

/* The symbol a plugin exports: `const cx_policy *cx_policy_entry(void)`. */
#define CX_POLICY_ENTRY "cx_policy_entry"

typedef enum cx_side { CX_CLIENT = 0, CX_PROVIDER = 1, CX_SIDE_COUNT } cx_side;

/* Decision points, in the order they fire when several fall at one time. */
typedef enum cx_point {
    CX_AT_START = 0,          /* once, before the first contact */
    CX_AT_MONTH,              /* each month end (after the month's metrics are closed) */
    CX_AT_REVIEW,             /* each quarterly review (after that month's on_month) */
    CX_AT_CONTRACT_YEAR,      /* each contract anniversary (CX_K_CONTRACT_ROUND 1): the client asks
                               * (rate change, re-bid); the provider answers (accept or not) and
                               * may ask an increase (CX_L_RATE_ASK) or give notice. If it refused
                               * or asked, the client is called again (round 2, CX_K_REFUSED,
                               * CX_K_RATE_ASKED_BY_PROVIDER) and grants a share of the ask
                               * (CX_L_RATE_GRANTED) or tenders; if it granted less than all, the
                               * provider is called again (round 2, CX_K_RATE_GRANTED) and may
                               * give notice (CX_L_NOTICE). At a tender it bids in, the provider is
                               * called once more (round 3, CX_K_TENDER_*) and sets its bid
                               * (CX_L_TENDER_BID; 0 leaves it at CX_K_TENDER_BID_BEST) */
    CX_AT_INCIDENT,           /* a month with an SLA breach or a quality drop */
    CX_POINT_COUNT
} cx_point;

/* What a policy can read: X(id, name, meaning). Values are for the month
 * just closed unless said. The enum, the Lua names (state.<name>) and the
 * docs derive from this one list; entries are only ever appended. */
#define CX_KEYS(X) \
    X(CX_K_MONTH, "month", "months simulated so far") \
    X(CX_K_SERVICE_LEVEL, "service_level", "answered within threshold / (answered + abandoned)") \
    X(CX_K_ABANDON_RATE, "abandon_rate", "abandoned / (answered + abandoned)") \
    X(CX_K_ASA_S, "asa_s", "average speed of answer, s") \
    X(CX_K_AHT_MIN, "aht_min", "average handle time, min") \
    X(CX_K_FCR, "fcr", "first-contact resolution of handled contacts") \
    X(CX_K_CSAT, "csat", "top-box satisfaction of handled contacts") \
    X(CX_K_OCCUPANCY, "occupancy", "busy / on-duty agent time") \
    X(CX_K_OFFERED, "offered", "contacts arrived") \
    X(CX_K_HEADCOUNT, "headcount", "employed agents now (nesting and productive)") \
    X(CX_K_IN_PIPELINE, "in_pipeline", "vacancies, recruits and classroom trainees now") \
    X(CX_K_ATTRITION, "attrition", "annualised leavers / mean headcount, last 12 months") \
    X(CX_K_MEAN_TENURE_M, "mean_tenure_m", "mean tenure of employed agents now, months") \
    X(CX_K_MEAN_KNOWLEDGE, "mean_knowledge", "mean knowledge of employed agents now, 0-1") \
    X(CX_K_REQUIRED_AGENTS, "required_agents", "mean agents on duty needed for the SLA target (Erlang A)") \
    X(CX_K_REQUIRED_HEADCOUNT, "required_headcount", "headcount that covers them after shrinkage and hours") \
    X(CX_K_TRUST, "trust", "relationship trust now, 0-1") \
    X(CX_K_PHASE, "phase", "relationship phase now: 0 transactional, 1 operational proof, * 2 transparency test, 3 partnership") \
    X(CX_K_RATE, "rate", "price per unit now (per contact, minute or FTE hour)") \
    X(CX_K_PROVIDER_REVENUE, "provider_revenue", "$") \
    X(CX_K_PROVIDER_COST, "provider_cost", "$") \
    X(CX_K_PROVIDER_MARGIN, "provider_margin", "(revenue - cost) / revenue") \
    X(CX_K_COST_PER_RESOLUTION, "cost_per_resolution", "client cost / issues resolved, $") \
    X(CX_K_CONTRACT_YEAR, "contract_year", "contract years completed with this provider") \
    X(CX_K_PROVIDER_MONTHS, "provider_months", "months since this provider took over") \
    X(CX_K_OPEN_DEFECTS, "open_defects", "product defects generating contacts now") \
    X(CX_K_INSIGHTS, "insights", "defects reported by the provider this month") \
    X(CX_K_CUSTOMERS, "customers", "customer base now") \
    X(CX_K_CHURN, "churn", "customers lost this month / customers at its start") \
    X(CX_K_INCIDENT, "incident", "at an incident: 1 SLA breach, 2 quality drop, 3 both") \
    X(CX_K_SLA_TARGET, "sla_target", "the client's service-level threshold (lever)") \
    X(CX_K_PAY_REL, "pay_rel", "the provider's pay relative to market (lever)") \
    X(CX_K_RATE_CHANGE_ASKED, "rate_change_asked", "at a contract year: the client's demanded rate change") \
    X(CX_K_MARKET_RATE, "market_rate", "the going price a new provider would bid now") \
    X(CX_K_REFUSED, "refused", "at a contract year, second round: 1 the provider refused the rate change") \
    X(CX_K_GAIN_SHARE, "gain_share", "the provider's share of savings now (lever)") \
    X(CX_K_KB, "kb", "knowledge-base level now, 0-1") \
    X(CX_K_YEARS, "years", "simulated years so far") \
    X(CX_K_SIDE, "side", "the side this policy plays (cx_side)") \
    X(CX_K_CONTRACT_ROUND, "contract_round", "at a contract year: 1 the first call, 2 the second (answers), 3 the incumbent's bid at a tender; 0 elsewhere") \
    X(CX_K_RATE_ASKED_BY_PROVIDER, "rate_asked_by_provider", "at a contract year: the rate change the provider asked (0.1 = 10% more; negative: a decrease it offered)") \
    X(CX_K_RATE_GRANTED, "rate_granted", "at a contract year, second round: share of the provider's asked increase the client granted") \
    X(CX_K_COST_RATE, "cost_rate", "the provider's trailing cost per billable unit at its volume forecast, $ (its books)") \
    X(CX_K_PRICE_NEEDED, "price_needed", "cost_rate x (1 + margin target) + its unrecovered set-up over a term, $ per unit") \
    X(CX_K_PROVIDER_MARGIN_YEAR, "provider_margin_year", "the provider's margin over its last 12 months on the account (fewer if newer)") \
    X(CX_K_GAIN_SHARE_EARNED, "gain_share_earned", "gain-share paid to the provider last month, $ (negative: clawback)") \
    X(CX_K_GAIN_SHARE_YEAR, "gain_share_year", "gain-share paid over the provider's last 12 months, $") \
    X(CX_K_GAIN_SHARE_BASELINE, "gain_share_baseline", "contacts per resolved issue the shared savings are measured from (0: none)") \
    X(CX_K_CUT_SAVING, "cut_saving", "at a contract year, after a refused cut with the books open: what the cut saves the client in a year, $ (0: nothing presented)") \
    X(CX_K_CUT_COST, "cut_cost", "... and what funding it from pay costs the client in a year (replacements, repeat contacts, lost customers), $") \
    X(CX_K_TENDER_SAVING, "tender_saving", "... and what a tender would save the client a year: (rate - expected price) x units, less the RFP and the expected transition over a term, $ (negative: it costs)") \
    X(CX_K_SAVINGS_PROJECTED, "savings_projected", "... and the yearly savings the provider projects for shared savings (its settled team's contacts per resolved issue), before the split, $") \
    X(CX_K_TENDER_ENTRANT, "tender_entrant", "at a tender (contract round 3, the incumbent's call): a challenger's central price, $ per unit (its bid is spread around it by contract.bid_spread); 0 elsewhere") \
    X(CX_K_TENDER_BID_BEST, "tender_bid_best", "... the bid that maximises the incumbent's expected margin against it: at most the rate now and any decrease its open book offered this year, unless tender_bid_floor is above them (never below it), $ per unit") \
    X(CX_K_TENDER_BID_FLOOR, "tender_bid_floor", "... its cost-plus floor: cost_rate x (1 + margin target) x contract.incumbent_bid (the rate now with under 3 months of books), $ per unit")

typedef enum cx_key {
#define CX_KEY_ENUM_(id, name, doc) id,
    CX_KEYS(CX_KEY_ENUM_)
#undef CX_KEY_ENUM_
    CX_K_COUNT
} cx_key;

/* What a policy decides. Each lever belongs to one side. */
typedef enum cx_lever {
    /* provider */
    CX_L_PAY_REL = 0,         /* agent pay relative to the market wage */
    CX_L_TRAINING_HOURS,      /* paid coaching and training per agent per month, h */
    CX_L_SPAN,                /* agents per supervisor */
    CX_L_STAFF_SL,            /* service level the staffing rule aims at */
    CX_L_STAFF_BUFFER,        /* headcount above the rule's need, fraction */
    CX_L_KB_INVEST,           /* knowledge base and tooling spend, $ per month */
    CX_L_TRANSPARENCY,        /* share of noticed issues reported; open-book 0-1 */
    CX_L_TEMPS,               /* 1: cover spikes with temporary staff */
    CX_L_ACCEPT_RATE_CHANGE,  /* at a contract year: 1 accept the client's rate change */
    CX_L_MARGIN_TARGET,       /* margin the provider prices at (bids, renewals) */
    /* client */
    CX_L_RATE_CHANGE,         /* at a contract year: the rate change demanded (-0.1 = 10% cut) */
    CX_L_SLA_TARGET,          /* service level below which a penalty is due */
    CX_L_PENALTY,             /* penalty per point of service level below target, share of monthly fees */
    CX_L_GAIN_SHARE,          /* provider's share of efficiency savings, 0 = none */
    CX_L_STRATEGIC_REVIEWS,   /* 1: quarterly strategic reviews (governance time, context shared) */
    CX_L_SHARE_CHANGES,       /* probability a product change is communicated before it ships */
    CX_L_FIX_DAYS,            /* mean days to fix a reported defect */
    CX_L_JOINT_RCA,           /* at an incident: 1 joint root-cause analysis, 0 blame */
    CX_L_REBID,               /* at a contract year: 1 put the work out to tender now */
    CX_L_CONTRACT_YEARS,      /* term of the contract, years */
    /* appended (ABI 2): provider-asked rate changes and notice */
    CX_L_RATE_ASK,            /* provider, at a contract year: the rate change it asks (0.1 = 10% more; negative: offered) */
    CX_L_NOTICE,              /* provider, at a contract year: 1 give notice (leave the account; a tender follows) */
    CX_L_RATE_GRANTED,        /* client, at a contract year (second round): share of the provider's ask granted */
    /* appended: the incumbent's bid at a tender */
    CX_L_TENDER_BID,          /* provider, at a tender (round 3): its bid, $ per unit (0: tender_bid_best) */
    CX_L_COUNT
} cx_lever;

typedef struct cx_pctx cx_pctx; /* opaque: the host's side of one policy slot */

/* The host's functions, handed to the policy at each call. Slots after
 * `fail` are appended; check api->size before using one of them
 * (CX_API_HAS), and the slot for NULL (a host may leave one out): a plugin
 * built before `history` and `param` keeps loading, and a plugin using them
 * runs on an older host by testing CX_API_HAS(api, cx_host_api, history). */
typedef struct cx_host_api {
    int abi;                  /* CX_POLICY_ABI of the host */
    size_t size;              /* sizeof(cx_host_api) of the host */
    double (*get)(const cx_pctx *ctx, int key);             /* NAN for an unknown key */
    int (*set)(cx_pctx *ctx, int lever, double value);      /* 0, or -1: refused (run stops) */
    double (*lever)(const cx_pctx *ctx, int lever);         /* a lever's current value */
    double (*option)(const cx_pctx *ctx, const char *name); /* scenario option (declared, so never missing) */
    double (*uniform)(cx_pctx *ctx);                        /* [0,1) from the policy stream */
    void (*note)(cx_pctx *ctx, const char *text);           /* a line in the events file */
    void (*fail)(cx_pctx *ctx, const char *why);            /* why the callback is about to fail */
    /* appended (ABI 2, check with CX_API_HAS): a policy's memory and the scenario */
    int (*history)(const cx_pctx *ctx, int key, int n, double *out); /* the key at the last n month
                                                                      * closes, oldest first (out[k-1]:
                                                                      * the month just closed); returns
                                                                      * k <= n filled (fewer early in a
                                                                      * run), -1 for an unknown key */
    double (*param)(const cx_pctx *ctx, const char *field); /* a scenario field by its dotted path
                                                             * ("attrition.pay_elasticity"): reals,
                                                             * integers, booleans 0/1, enums by index;
                                                             * NAN when unknown or not a number */
} cx_host_api;

/* 1 when the struct *p (which declares its size) has the member m. */
#define CX_API_HAS(p, type, m) ((p)->size >= offsetof(type, m) + sizeof((p)->m))

/* An option a policy takes from the scenario: `provider = {policy = "partner", pay_rel = 1.1}`. */
typedef struct cx_option {
    const char *name;         /* NULL ends the list */
    double def, lo, hi;       /* default and inclusive range */
    const char *doc;          /* meaning */
} cx_option;

/* A decision point's callback. `inst` is what create returned (the table's
 * self when it has no create). Return 0, or non-zero to stop the run (the
 * host reports it). */
typedef int (*cx_policy_fn)(void *inst, const cx_host_api *api, cx_pctx *ctx);

/* A policy table. Whoever builds it (a plugin, the Lua bridge) owns it and
 * keeps it alive while the host uses it. */
typedef struct cx_policy {
    int abi;                  /* CX_POLICY_ABI the table was built against */
    size_t size;              /* sizeof(cx_policy) the table was built against */
    const char *name;         /* e.g. "vendor" */
    const char *doc;          /* one line */
    unsigned sides;           /* bit (1u << cx_side) for each side it can play */
    const cx_option *options; /* declared options, or NULL */
    void *self;               /* the builder's user pointer, handed back to create (may be NULL) */
    void *(*create)(void *self, const cx_host_api *api, cx_pctx *ctx); /* a run's instance, NULL on
                                                                        * failure; NULL create: the
                                                                        * instance is self */
    void (*destroy)(void *inst);  /* frees what create returned, or NULL */
    int n_at;                 /* entries of at[] (CX_POINT_COUNT when built); the host reads no more */
    const cx_policy_fn *at;   /* one callback per decision point (cx_point); NULL: nothing to decide */
    /* new members are appended here; the host reads them only when size covers them */
} cx_policy;

typedef const cx_policy *(*cx_policy_entry_fn)(void);

#endif
