/* cx_row: the monthly row, one column per metric, all counted from events. */
#ifndef CX_ROW_H
#define CX_ROW_H

#define CX_ROW_MAX 64          /* room for the columns (checked by a test) */

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

/* Column indices, in order. */
enum {
    CX_C_MONTH,
    CX_C_DAY_START,
    CX_C_DAY_END,
    CX_C_OFFERED,
    CX_C_ANSWERED,
    CX_C_ABANDONED,
    CX_C_COMPLETED,
    CX_C_SERVICE_LEVEL,
    CX_C_P_WAIT,
    CX_C_ABANDON_RATE,
    CX_C_ASA_S,
    CX_C_MEAN_WAIT_S,
    CX_C_AHT_MIN,
    CX_C_OCCUPANCY,
    CX_C_MEAN_QUEUE,
    CX_C_MEAN_AGENTS,
    CX_C_FCR,
    CX_C_REPEAT_RATE,
    CX_C_CSAT,
    CX_C_RESOLVED,
    CX_C_REPEATS,
    CX_C_HEADCOUNT,
    CX_C_IN_PIPELINE,
    CX_C_TEMPS,
    CX_C_HIRES,
    CX_C_LEAVERS,
    CX_C_ATTRITION_ANNUAL,
    CX_C_MEAN_TENURE_M,
    CX_C_MEAN_KNOWLEDGE,
    CX_C_RATE,
    CX_C_PROVIDER_REVENUE,
    CX_C_PROVIDER_COST,
    CX_C_PROVIDER_MARGIN,
    CX_C_CLIENT_FEES,
    CX_C_PENALTIES,
    CX_C_GAIN_SHARE,
    CX_C_GOVERNANCE_COST,
    CX_C_TRANSITION_COST,
    CX_C_CHURN_COST,
    CX_C_CLIENT_COST,
    CX_C_CLIENT_TCO_CUM,
    CX_C_COST_PER_RESOLUTION,
    CX_C_CUSTOMERS,
    CX_C_CHURNED,
    CX_C_CHURN_RATE,
    CX_C_REVENUE_INFLUENCED,
    CX_C_INSIGHTS,
    CX_C_DEFECTS_OPEN,
    CX_C_DEFECTS_FIXED,
    CX_C_CONTACTS_AVOIDED,
    CX_C_DEFLECTED,
    CX_C_KB,
    CX_C_TRUST,
    CX_C_PHASE,
    CX_C_PROVIDER_CHANGES,
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
