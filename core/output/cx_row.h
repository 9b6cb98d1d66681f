/* cx_row: the monthly row, one column per metric, all counted from events. */
#ifndef CX_ROW_H
#define CX_ROW_H

#define CX_ROW_MAX 96          /* room for the columns (checked by a test) */

/* A numeric column of the monthly results (monthly.csv after its label
 * columns scenario, regime, rep, seed). Flows are over the month; levels
 * (headcount, trust ...) are at the month's end. */
typedef struct cx_row_column {
    const char *name;         /* CSV header */
    const char *unit;         /* unit, "" for counts */
    const char *group;        /* operational, workforce, financial, business, relationship */
    const char *doc;          /* meaning */
    char agg;                 /* over a run: 's' sum, 'm' mean of months, 'r' ratio of run totals,
                               * 'l' last, 'f' first */
} cx_row_column;

/* The columns, in order: X(id, name, unit, group, doc, agg). The enum of
 * indices, the table below and every header derive from this one list. */
#define CX_ROW_COLUMNS(X) \
    X(CX_C_MONTH, "month", "", "id", \
      "0-based month (1/12 year)", 'l') \
    X(CX_C_DAY_START, "day_start", "day", "id", \
      "start of the month", 'f') \
    X(CX_C_DAY_END, "day_end", "day", "id", \
      "end of the month", 'l') \
    X(CX_C_OFFERED, "offered", "contacts", "operational", \
      "contacts arrived (first and repeat contacts, self-served excluded)", 's') \
    X(CX_C_ANSWERED, "answered", "contacts", "operational", \
      "contacts whose service started", 's') \
    X(CX_C_ABANDONED, "abandoned", "contacts", "operational", \
      "contacts that left the queue unanswered", 's') \
    X(CX_C_COMPLETED, "completed", "contacts", "operational", \
      "contacts whose service finished", 's') \
    X(CX_C_SERVICE_LEVEL, "service_level", "fraction", "operational", \
      "answered within sl_seconds / (answered + abandoned)", 'm') \
    X(CX_C_P_WAIT, "p_wait", "fraction", "operational", \
      "arrivals that found no idle agent", 'm') \
    X(CX_C_ABANDON_RATE, "abandon_rate", "fraction", "operational", \
      "abandoned / (answered + abandoned)", 'r') \
    X(CX_C_ASA_S, "asa_s", "s", "operational", \
      "average speed of answer: mean wait of answered contacts", 'm') \
    X(CX_C_MEAN_WAIT_S, "mean_wait_s", "s", "operational", \
      "mean time in queue of answered and abandoned contacts", 'm') \
    X(CX_C_AHT_MIN, "aht_min", "min", "operational", \
      "average handle time of completed contacts", 'm') \
    X(CX_C_OCCUPANCY, "occupancy", "fraction", "operational", \
      "busy agent time / agent time on duty", 'm') \
    X(CX_C_MEAN_QUEUE, "mean_queue", "contacts", "operational", \
      "time-average number waiting", 'm') \
    X(CX_C_MEAN_AGENTS, "mean_agents", "agents", "operational", \
      "time-average agents on duty", 'm') \
    X(CX_C_FCR, "fcr", "fraction", "operational", \
      "first-contact resolution: first contacts that resolved the issue / first contacts handled", 'r') \
    X(CX_C_RESOLUTION_RATE, "resolution_rate", "fraction", "operational", \
      "handled contacts (first or repeat) that resolved the issue / handled contacts", 'r') \
    X(CX_C_REPEAT_RATE, "repeat_rate", "fraction", "operational", \
      "arrivals that were an issue's second or later contact / offered", 'r') \
    X(CX_C_CSAT, "csat", "fraction", "operational", \
      "completed contacts rated top box / completed", 'm') \
    X(CX_C_RESOLVED, "resolved", "issues", "operational", \
      "issues resolved", 's') \
    X(CX_C_FIRST_CONTACTS, "first_contacts", "contacts", "operational", \
      "handled contacts that were an issue's first", 's') \
    X(CX_C_RESOLVED_FIRST, "resolved_first", "issues", "operational", \
      "issues resolved on their first contact", 's') \
    X(CX_C_REPEATS, "repeats", "contacts", "operational", \
      "repeat contacts arrived", 's') \
    X(CX_C_HEADCOUNT, "headcount", "agents", "workforce", \
      "employed agents at month end (nesting and productive, temps excluded)", 'l') \
    X(CX_C_IN_PIPELINE, "in_pipeline", "agents", "workforce", \
      "recruits and classroom trainees at month end", 'l') \
    X(CX_C_TEMPS, "temps", "agents", "workforce", \
      "temporary staff at month end", 'l') \
    X(CX_C_HIRES, "hires", "agents", "workforce", \
      "agents who joined in the month", 's') \
    X(CX_C_LEAVERS, "leavers", "agents", "workforce", \
      "agents who quit in the month (transitions excluded)", 's') \
    X(CX_C_ATTRITION_ANNUAL, "attrition_annual", "fraction", "workforce", \
      "leavers over the last 12 months / mean headcount, annualised", 'r') \
    X(CX_C_MEAN_TENURE_M, "mean_tenure_m", "months", "workforce", \
      "mean tenure of employed agents at month end", 'l') \
    X(CX_C_MEAN_KNOWLEDGE, "mean_knowledge", "0-1", "workforce", \
      "mean knowledge of employed agents at month end", 'l') \
    X(CX_C_RATE, "rate", "$/unit", "financial", \
      "price per unit (contact, handled minute or FTE hour) at month end", 'l') \
    X(CX_C_PROVIDER_REVENUE, "provider_revenue", "$", "financial", \
      "fees and gain-share received, less penalties", 's') \
    X(CX_C_PROVIDER_COST, "provider_cost", "$", "financial", \
      "wages, temps, training, recruiting, supervision, technology, knowledge base, set-up", 's') \
    X(CX_C_PROVIDER_MARGIN, "provider_margin", "fraction", "financial", \
      "(revenue - cost) / revenue", 'r') \
    X(CX_C_CLIENT_FEES, "client_fees", "$", "financial", \
      "fees for the month's volume at the rate", 's') \
    X(CX_C_PENALTIES, "penalties", "$", "financial", \
      "SLA penalties credited to the client", 's') \
    X(CX_C_GAIN_SHARE, "gain_share", "$", "financial", \
      "savings shared with the provider (negative: clawback paid back to the client)", 's') \
    X(CX_C_GOVERNANCE_COST, "governance_cost", "$", "financial", \
      "client management time in reviews, analyses and tenders", 's') \
    X(CX_C_TRANSITION_COST, "transition_cost", "$", "financial", \
      "client cost of provider changes", 's') \
    X(CX_C_CHURN_COST, "churn_cost", "$", "financial", \
      "customer value lost to contact-driven churn", 's') \
    X(CX_C_CLIENT_COST, "client_cost", "$", "financial", \
      "fees - penalties + gain-share + governance + transition + churn cost", 's') \
    X(CX_C_CLIENT_TCO_CUM, "client_tco_cum", "$", "financial", \
      "cumulative client_cost since the start", 'l') \
    X(CX_C_CLIENT_CASH, "client_cash", "$", "financial", \
      "what the client pays: fees - penalties + gain-share + governance + transition + self-service (churn cost excluded)", 's') \
    X(CX_C_CLIENT_CASH_CUM, "client_cash_cum", "$", "financial", \
      "cumulative client_cash since the start", 'l') \
    X(CX_C_COST_PER_RESOLUTION, "cost_per_resolution", "$", "financial", \
      "(fees - penalties + gain-share) / issues resolved", 'r') \
    X(CX_C_CUSTOMERS, "customers", "customers", "business", \
      "customer base at month end", 'l') \
    X(CX_C_CHURNED, "churned", "customers", "business", \
      "customers who defected after a contact outcome", 's') \
    X(CX_C_CHURN_RATE, "churn_rate", "fraction", "business", \
      "(contact-driven + other churn) / customers at the month's start", 'm') \
    X(CX_C_REVENUE_INFLUENCED, "revenue_influenced", "$", "business", \
      "expected customer value kept by resolving issues rather than leaving them unresolved", 's') \
    X(CX_C_INSIGHTS, "insights", "defects", "business", \
      "defects reported by the provider to the client", 's') \
    X(CX_C_DEFECTS_OPEN, "defects_open", "defects", "business", \
      "defects generating contacts at month end", 'l') \
    X(CX_C_DEFECTS_FIXED, "defects_fixed", "defects", "business", \
      "defects fixed in the month", 's') \
    X(CX_C_CONTACTS_AVOIDED, "contacts_avoided", "contacts", "business", \
      "expected contacts avoided by fixing defects before the client would have alone", 's') \
    X(CX_C_DEFLECTED, "deflected", "contacts", "business", \
      "issues resolved in self-service through the knowledge base (no contact made)", 's') \
    X(CX_C_KB, "kb", "0-1", "workforce", \
      "knowledge-base level at month end", 'l') \
    X(CX_C_TRUST, "trust", "0-1", "relationship", \
      "trust at month end", 'l') \
    X(CX_C_PHASE, "phase", "0-3", "relationship", \
      "relationship phase at month end: 0 transactional, 1 operational proof, 2 transparency test, 3 partnership", 'l') \
    X(CX_C_PROVIDER_CHANGES, "provider_changes", "count", "relationship", \
      "provider transitions so far", 'l') \
    X(CX_C_PROFICIENT, "proficient", "agents", "workforce", \
      "agents who reached proficiency this month (knowledge learning.proficient_k)", 's') \
    X(CX_C_PROFICIENCY_DAYS, "proficiency_days", "day", "workforce", \
      "their mean tenure when they did (time to proficiency)", 'r') \
    X(CX_C_PROVIDER_UNIT_COST, "provider_unit_cost", "$/unit", "financial", \
      "the provider's cost per billable unit from its own books at month end (run rate of its last six months)", 'l') \
    X(CX_C_GAIN_SHARE_BASELINE, "gain_share_baseline", "contacts/issue", "financial", \
      "contacts per resolved issue shared savings are measured from at month end (0: no gain-share)", 'l') \
    X(CX_C_FTE, "fte", "FTE", "workforce", \
      "paid hours over a full-timer's (employees incl. classroom at contracted hours, temps at hours on shift)", 'm') \
    X(CX_C_ON_DUTY_OPEN, "agents_on_duty", "agents", "workforce", \
      "mean agents on duty over the open half hours", 'm') \
    X(CX_C_SHRINKAGE, "shrinkage", "fraction", "workforce", \
      "share of nesting and productive employees' paid hours off the phones (breaks, meetings, absence, leave, no shift)", 'm') \
    X(CX_C_MEAN_APTITUDE, "mean_aptitude", "multiplier", "workforce", \
      "mean aptitude of nesting and productive employees now (1: the market's average hire; mechanisms.people)", 'l') \
    X(CX_C_LEAVER_APTITUDE, "leaver_aptitude", "multiplier", "workforce", \
      "mean aptitude of this month's leavers (0: none left)", 'r') \
    X(CX_C_SELF_SERVICE_COST, "self_service_cost", "$", "financial", \
      "the client's self-service sessions (self_service.cost each, resolved or not)", 's') \
    X(CX_C_SS_SESSIONS, "self_service_sessions", "sessions", "business", \
      "self-service tries; the resolved ones are `deflected`, the others became contacts", 's') \
    X(CX_C_AGENTS_NOVICE, "agents_novice", "agents", "workforce", \
      "employed agents at month end with knowledge below half of learning.proficient_k", 'l') \
    X(CX_C_AGENTS_DEVELOPING, "agents_developing", "agents", "workforce", \
      "employed agents at month end with knowledge from half of learning.proficient_k up to it", 'l') \
    X(CX_C_AGENTS_PROFICIENT, "agents_proficient", "agents", "workforce", \
      "employed agents at month end with knowledge at or above learning.proficient_k", 'l')

/* Column indices, in order. */
enum {
#define CX_ROW_ENUM_(id, name, unit, group, doc, agg) id,
    CX_ROW_COLUMNS(CX_ROW_ENUM_)
#undef CX_ROW_ENUM_
    CX_C_COUNT
};

/* The columns in order, ended by a NULL name. */
extern const cx_row_column cx_row_columns[];
int cx_row_count(void);

/* Whole-run figures from n monthly rows (stride CX_ROW_MAX): flows summed,
 * levels at the end, rates as ratios of the totals (FCR, abandonment,
 * margin, cost per resolution, annualised attrition), other ratios as the
 * mean of the months. */
void cx_row_totals(const double *rows, int n, double *out);
int cx_row_find(const char *name); /* -1 when unknown */

#endif
