/* cx_row: the monthly columns. */
#include "cx_row.h"

#include <string.h>

const cx_row_column cx_row_columns[] = {
    {"month", "", "id", "0-based month (1/12 year)", 'l'},
    {"day_start", "day", "id", "start of the month", 'f'},
    {"day_end", "day", "id", "end of the month", 'l'},
    {"offered", "contacts", "operational", "contacts arrived (first and repeat contacts, self-served excluded)", 's'},
    {"answered", "contacts", "operational", "contacts whose service started", 's'},
    {"abandoned", "contacts", "operational", "contacts that left the queue unanswered", 's'},
    {"completed", "contacts", "operational", "contacts whose service finished", 's'},
    {"service_level", "fraction", "operational", "answered within sl_seconds / (answered + abandoned)", 'm'},
    {"p_wait", "fraction", "operational", "arrivals that found no idle agent", 'm'},
    {"abandon_rate", "fraction", "operational", "abandoned / (answered + abandoned)", 'r'},
    {"asa_s", "s", "operational", "average speed of answer: mean wait of answered contacts", 'm'},
    {"mean_wait_s", "s", "operational", "mean time in queue of answered and abandoned contacts", 'm'},
    {"aht_min", "min", "operational", "average handle time of completed contacts", 'm'},
    {"occupancy", "fraction", "operational", "busy agent time / agent time on duty", 'm'},
    {"mean_queue", "contacts", "operational", "time-average number waiting", 'm'},
    {"mean_agents", "agents", "operational", "time-average agents on duty", 'm'},
    {"fcr", "fraction", "operational", "completed contacts that resolved the issue / completed", 'r'},
    {"repeat_rate", "fraction", "operational", "arrivals that were an issue's second or later contact / offered", 'r'},
    {"csat", "fraction", "operational", "completed contacts rated top box / completed", 'm'},
    {"resolved", "issues", "operational", "issues resolved", 's'},
    {"repeats", "contacts", "operational", "repeat contacts arrived", 's'},
    {"headcount", "agents", "workforce", "employed agents at month end (nesting and productive, temps excluded)", 'l'},
    {"in_pipeline", "agents", "workforce", "recruits and classroom trainees at month end", 'l'},
    {"temps", "agents", "workforce", "temporary staff at month end", 'l'},
    {"hires", "agents", "workforce", "agents who joined in the month", 's'},
    {"leavers", "agents", "workforce", "agents who quit in the month (transitions excluded)", 's'},
    {"attrition_annual", "fraction", "workforce", "leavers over the last 12 months / mean headcount, annualised", 'r'},
    {"mean_tenure_m", "months", "workforce", "mean tenure of employed agents at month end", 'l'},
    {"mean_knowledge", "0-1", "workforce", "mean knowledge of employed agents at month end", 'l'},
    {"rate", "$/unit", "financial", "price per unit (contact, handled minute or FTE hour) at month end", 'l'},
    {"provider_revenue", "$", "financial", "fees and gain-share received, less penalties", 's'},
    {"provider_cost", "$", "financial", "wages, temps, training, recruiting, supervision, technology, knowledge base, set-up", 's'},
    {"provider_margin", "fraction", "financial", "(revenue - cost) / revenue", 'r'},
    {"client_fees", "$", "financial", "fees for the month's volume at the rate", 's'},
    {"penalties", "$", "financial", "SLA penalties credited to the client", 's'},
    {"gain_share", "$", "financial", "savings shared with the provider", 's'},
    {"governance_cost", "$", "financial", "client management time in reviews, analyses and tenders", 's'},
    {"transition_cost", "$", "financial", "client cost of provider changes", 's'},
    {"churn_cost", "$", "financial", "customer value lost to contact-driven churn", 's'},
    {"client_cost", "$", "financial", "fees - penalties + gain-share + governance + transition + churn cost", 's'},
    {"client_tco_cum", "$", "financial", "cumulative client_cost since the start", 'l'},
    {"cost_per_resolution", "$", "financial", "(fees - penalties + gain-share) / issues resolved", 'r'},
    {"customers", "customers", "business", "customer base at month end", 'l'},
    {"churned", "customers", "business", "customers who defected after a contact outcome", 's'},
    {"churn_rate", "fraction", "business", "(contact-driven + other churn) / customers at the month's start", 'm'},
    {"revenue_influenced", "$", "business", "expected customer value kept by resolving issues rather than leaving them unresolved", 's'},
    {"insights", "defects", "business", "defects reported by the provider to the client", 's'},
    {"defects_open", "defects", "business", "defects generating contacts at month end", 'l'},
    {"defects_fixed", "defects", "business", "defects fixed in the month", 's'},
    {"contacts_avoided", "contacts", "business", "expected contacts avoided by fixing defects before the client would have alone", 's'},
    {"deflected", "contacts", "business", "contacts self-served through the knowledge base", 's'},
    {"kb", "0-1", "workforce", "knowledge-base level at month end", 'l'},
    {"trust", "0-1", "relationship", "trust at month end", 'l'},
    {"phase", "0-3", "relationship", "relationship phase at month end: 0 transactional, 1 operational proof, 2 transparency test, 3 partnership", 'l'},
    {"provider_changes", "count", "relationship", "provider transitions so far", 'l'},
    {NULL, NULL, NULL, NULL, 0},
};

void cx_row_totals(const double *rows, int n, double *out)
{
    for (int c = 0; c < CX_C_COUNT; c++) {
        double v = 0;
        for (int i = 0; i < n; i++) {
            double x = rows[(size_t)i * CX_ROW_MAX + (size_t)c];
            switch (cx_row_columns[c].agg) {
            case 's': v += x; break;
            case 'm':
            case 'r': v += x / n; break; /* 'r' is replaced below */
            case 'f': if (i == 0) v = x; break;
            default: v = x; break;
            }
        }
        out[c] = n ? v : 0;
    }
    /* ratios of totals where a mean of months would mislead */
    double days = n ? rows[(size_t)(n - 1) * CX_ROW_MAX + CX_C_DAY_END] - rows[CX_C_DAY_START] : 0;
    double heads = 0;
    for (int i = 0; i < n; i++) heads += rows[(size_t)i * CX_ROW_MAX + CX_C_HEADCOUNT] / n;
    out[CX_C_ATTRITION_ANNUAL] = heads > 0 && days > 0 ? out[CX_C_LEAVERS] / heads * 365.25 / days : 0;
    double done = out[CX_C_COMPLETED], ended = out[CX_C_ANSWERED] + out[CX_C_ABANDONED];
    out[CX_C_FCR] = done > 0 ? out[CX_C_RESOLVED] / done : 0;
    out[CX_C_ABANDON_RATE] = ended > 0 ? out[CX_C_ABANDONED] / ended : 0;
    out[CX_C_REPEAT_RATE] = out[CX_C_OFFERED] > 0 ? out[CX_C_REPEATS] / out[CX_C_OFFERED] : 0;
    out[CX_C_PROVIDER_MARGIN] = out[CX_C_PROVIDER_REVENUE] > 0
        ? (out[CX_C_PROVIDER_REVENUE] - out[CX_C_PROVIDER_COST]) / out[CX_C_PROVIDER_REVENUE] : 0;
    out[CX_C_COST_PER_RESOLUTION] = out[CX_C_RESOLVED] > 0
        ? (out[CX_C_CLIENT_FEES] - out[CX_C_PENALTIES] + out[CX_C_GAIN_SHARE]) / out[CX_C_RESOLVED] : 0;
}

int cx_row_count(void)
{
    return CX_C_COUNT;
}

int cx_row_find(const char *name)
{
    for (int i = 0; cx_row_columns[i].name; i++)
        if (!strcmp(cx_row_columns[i].name, name)) return i;
    return -1;
}
