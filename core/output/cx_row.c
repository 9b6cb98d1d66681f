/* cx_row: the monthly columns. */
#include "cx_row.h"

#include <string.h>

_Static_assert(CX_C_COUNT <= CX_ROW_MAX, "CX_ROW_MAX leaves no room for the columns");

const cx_row_column cx_row_columns[] = {
#define CX_ROW_ENTRY_(id, name, unit, group, doc, agg) {name, unit, group, doc, agg},
    CX_ROW_COLUMNS(CX_ROW_ENTRY_)
#undef CX_ROW_ENTRY_
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
    out[CX_C_FCR] = out[CX_C_FIRST_CONTACTS] > 0 ? out[CX_C_RESOLVED_FIRST] / out[CX_C_FIRST_CONTACTS] : 0;
    out[CX_C_RESOLUTION_RATE] = done > 0 ? out[CX_C_RESOLVED] / done : 0;
    out[CX_C_ABANDON_RATE] = ended > 0 ? out[CX_C_ABANDONED] / ended : 0;
    out[CX_C_REPEAT_RATE] = out[CX_C_OFFERED] > 0 ? out[CX_C_REPEATS] / out[CX_C_OFFERED] : 0;
    out[CX_C_PROVIDER_MARGIN] = out[CX_C_PROVIDER_REVENUE] > 0
        ? (out[CX_C_PROVIDER_REVENUE] - out[CX_C_PROVIDER_COST]) / out[CX_C_PROVIDER_REVENUE] : 0;
    double prof_days = 0;
    for (int i = 0; i < n; i++)
        prof_days += rows[(size_t)i * CX_ROW_MAX + CX_C_PROFICIENT] * rows[(size_t)i * CX_ROW_MAX + CX_C_PROFICIENCY_DAYS];
    out[CX_C_PROFICIENCY_DAYS] = out[CX_C_PROFICIENT] > 0 ? prof_days / out[CX_C_PROFICIENT] : 0;
    double leaver_apt = 0;
    for (int i = 0; i < n; i++)
        leaver_apt += rows[(size_t)i * CX_ROW_MAX + CX_C_LEAVERS] * rows[(size_t)i * CX_ROW_MAX + CX_C_LEAVER_APTITUDE];
    out[CX_C_LEAVER_APTITUDE] = out[CX_C_LEAVERS] > 0 ? leaver_apt / out[CX_C_LEAVERS] : 0;
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
