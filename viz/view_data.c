/* view_data: the series store. A results directory (or a live run) becomes one
 * series per (scenario, regime); its replications are folded, month by month,
 * into a running mean and spread, from which the 95% band is drawn. Columns
 * are looked up by name, never by position. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cx_results.h"
#include "cx_tdist.h"
#include "view_internal.h"

const cxi_metric_info cxi_metrics[CXI_METRIC_COUNT] = {
    [CXI_CSAT] = {"csat", "CSAT", "% top-box", CXI_U_PCT, 1},
    [CXI_FCR] = {"fcr", "First-contact resolution", "%", CXI_U_PCT, 1},
    [CXI_SL] = {"service_level", "Service level", "% answered in time", CXI_U_PCT, 1},
    [CXI_CPR] = {"cost_per_resolution", "Cost per resolution", "$", CXI_U_MONEY, 1},
    [CXI_TCO] = {"client_tco_cum", "Client TCO, cumulative", "$", CXI_U_MONEY, 1},
    [CXI_MARGIN] = {"provider_margin", "Provider margin", "% of revenue", CXI_U_PCT, 1},
    [CXI_ATTRITION] = {"attrition_annual", "Agent attrition", "% per year", CXI_U_PCT, 1},
    [CXI_TENURE] = {"mean_tenure_m", "Mean tenure", "months", CXI_U_MONTHS, 1},
    [CXI_KNOWLEDGE] = {"mean_knowledge", "Mean agent knowledge", "index 0-1", CXI_U_INDEX, 1},
    [CXI_TRUST] = {"trust", "Trust", "index 0-1, phase below", CXI_U_INDEX, 1},
    [CXI_PHASE] = {"phase", "Phase", "0-3", CXI_U_COUNT, 1},
    [CXI_CHURN] = {"churn_rate", "Customer churn", "% per month", CXI_U_PCT, 1},
    [CXI_AVOIDED] = {"contacts_avoided", "Contacts avoided by fixes", "per month", CXI_U_COUNT, 1},
    [CXI_HEADCOUNT] = {"headcount", "Headcount", "agents", CXI_U_COUNT, 0},
    [CXI_OCCUPANCY] = {"occupancy", "Occupancy", "% of on-duty time", CXI_U_PCT, 0},
    [CXI_ASA] = {"asa_s", "Average speed of answer", "s", CXI_U_SECONDS, 0},
    [CXI_RATE] = {"rate", "Price rate", "$ per unit", CXI_U_MONEY, 0},
    [CXI_PENALTIES] = {"penalties", "SLA penalties", "$ per month", CXI_U_MONEY, 0},
    [CXI_DEFECTS_OPEN] = {"defects_open", "Open product defects", "defects", CXI_U_COUNT, 0},
    [CXI_HIRES] = {"hires", "Hires", "per month", CXI_U_COUNT, 0},
    [CXI_LEAVERS] = {"leavers", "Leavers", "per month", CXI_U_COUNT, 0},
    [CXI_CASH] = {"client_cash_cum", "Client cash cost, cumulative", "$ (TCO less lost customers)", CXI_U_MONEY, 0},
    [CXI_FEES] = {"client_fees", "Fees", "$ per month", CXI_U_MONEY, 0},
    [CXI_GAIN_SHARE] = {"gain_share", "Gain-share", "$ per month", CXI_U_MONEY, 0},
    [CXI_GOVERNANCE] = {"governance_cost", "Governance", "$ per month", CXI_U_MONEY, 0},
    [CXI_TRANSITION] = {"transition_cost", "Transitions", "$ per month", CXI_U_MONEY, 0},
    [CXI_SELF_SERVICE] = {"self_service_cost", "Self-service", "$ per month", CXI_U_MONEY, 0},
    [CXI_CHURN_COST] = {"churn_cost", "Lost customers", "$ per month", CXI_U_MONEY, 0},
    [CXI_QUEUE] = {"mean_queue", "Queue", "contacts waiting", CXI_U_COUNT, 0},
    [CXI_ON_DUTY] = {"agents_on_duty", "Agents on duty", "agents", CXI_U_COUNT, 0},
    [CXI_PIPELINE] = {"in_pipeline", "In recruiting and classroom", "agents", CXI_U_COUNT, 0},
    [CXI_NOVICE] = {"agents_novice", "Novice agents", "agents", CXI_U_COUNT, 0},
    [CXI_DEVELOPING] = {"agents_developing", "Developing agents", "agents", CXI_U_COUNT, 0},
    [CXI_PROFICIENT] = {"agents_proficient", "Proficient agents", "agents", CXI_U_COUNT, 0},
    [CXI_CHANGES] = {"provider_changes", "Provider changes", "so far", CXI_U_COUNT, 0},
};

const cxi_set cxi_sets[] = {
    {"Overview", 6,
     {{CXI_CH_LINE, CXI_CSAT, "Quality"},
      {CXI_CH_LINE, CXI_CPR, "Cost"},
      {CXI_CH_LINE, CXI_ATTRITION, "Workforce"},
      {CXI_CH_TRUST, CXI_TRUST, "Relationship"},
      {CXI_CH_LINE, CXI_CHURN, "Business"},
      {CXI_CH_GAP, CXI_TCO, "Compounding value"}}},
    {"Quality and cost", 6,
     {{CXI_CH_LINE, CXI_CSAT, "Quality"},
      {CXI_CH_LINE, CXI_FCR, "Quality"},
      {CXI_CH_LINE, CXI_SL, "Quality"},
      {CXI_CH_LINE, CXI_CPR, "Cost"},
      {CXI_CH_LINE, CXI_CASH, "Cost"},
      {CXI_CH_LINE, CXI_TCO, "Cost"}}},
    {"Workforce, relationship, business", 6,
     {{CXI_CH_LINE, CXI_ATTRITION, "Workforce"},
      {CXI_CH_LINE, CXI_TENURE, "Workforce"},
      {CXI_CH_LINE, CXI_KNOWLEDGE, "Workforce"},
      {CXI_CH_TRUST, CXI_TRUST, "Relationship"},
      {CXI_CH_LINE, CXI_CHURN, "Business"},
      {CXI_CH_LINE, CXI_AVOIDED, "Business"}}},
    {"Operations and contract", 6,
     {{CXI_CH_LINE, CXI_HEADCOUNT, "Workforce"},
      {CXI_CH_LINE, CXI_OCCUPANCY, "Operations"},
      {CXI_CH_LINE, CXI_MARGIN, "Contract"},
      {CXI_CH_LINE, CXI_RATE, "Contract"},
      {CXI_CH_LINE, CXI_PENALTIES, "Contract"},
      {CXI_CH_LINE, CXI_DEFECTS_OPEN, "Product"}}},
};
const int cxi_n_sets = (int)(sizeof cxi_sets / sizeof *cxi_sets);

const cxi_set cxi_present_set = {"Presentation", 3,
                                 {{CXI_CH_GAP, CXI_TCO, "Compounding"},
                                  {CXI_CH_COMPONENTS, CXI_TCO, "Why"},
                                  {CXI_CH_OPERATION, CXI_ON_DUTY, "Operation"}}};

int cx_view_sets(void) { return cxi_n_sets; }

const char *cx_view_set_name(int set)
{
    return set >= 0 && set < cxi_n_sets ? cxi_sets[set].name : "";
}

int cxi_metric_find(const char *column)
{
    for (int k = 0; k < CXI_METRIC_COUNT; k++)
        if (!strcmp(cxi_metrics[k].column, column)) return k;
    return -1;
}

int cxi_ev_find(const char *name)
{
    for (int k = 0; k < CX_N_KIND_COUNT; k++)
        if (!strcmp(cx_note_kind_name(k), name)) return k;
    return -1;
}

int cxi_ev_drawn(int kind)
{
    switch (kind) {
    case CX_N_REBID: case CX_N_TRANSITION: case CX_N_RATE_CHANGE: case CX_N_DEFECT_FIXED:
    case CX_N_SPIKE: case CX_N_PHASE: case CX_N_OVERRIDE: case CX_N_JOINT_RCA:
    case CX_N_RENEWAL: case CX_N_BLAME:
        return 1;
    default:
        return 0;
    }
}

int cxi_ev_key(int kind)
{
    switch (kind) {
    case CX_N_REBID: case CX_N_TRANSITION: case CX_N_RATE_CHANGE: case CX_N_OVERRIDE: case CX_N_PHASE:
    case CX_N_RENEWAL:
        return 1;
    default:
        return 0;
    }
}

int cxi_ev_shown(int kind, int all) { return cxi_ev_drawn(kind) && (all || cxi_ev_key(kind)); }

/* ------------------------------------------------------------------ */
/* The store                                                            */

cx_view_data *cx_view_data_new(void)
{
    cx_view_data *D = calloc(1, sizeof *D);
    if (!D) return NULL;
    for (int k = 0; k < CXI_METRIC_COUNT; k++) D->has[k] = 1;
    return D;
}

void cx_view_data_free(cx_view_data *D)
{
    if (!D) return;
    for (int i = 0; i < 2 * CX_VIEW_MAX_SERIES; i++) {
        free(D->s[i].cell);
        free(D->s[i].rep_id);
        free(D->s[i].tco);
    }
    free(D->ev);
    free(D->gap);
    free(D);
}

static void cell_reset(cxi_cell *c)
{
    c->mean = c->m2 = 0;
    c->n = 0;
}

static void cell_add(cxi_cell *c, double x)
{
    c->n++;
    double d = x - c->mean;
    c->mean += d / c->n;
    c->m2 += d * (x - c->mean);
}

static double cell_half(const cxi_cell *c)
{
    if (c->n < 2) return 0;
    double sd = sqrt(c->m2 / (c->n - 1));
    return cx_t_quantile(0.975, c->n - 1) * sd / sqrt((double)c->n);
}

/* Re-lay a series' arrays for a new month capacity. */
static int series_grow(cxi_series *s, int old_cap, int cap)
{
    cxi_cell *cell = calloc((size_t)CXI_METRIC_COUNT * (size_t)cap, sizeof *cell);
    double *tco = NULL;
    if (!cell) return -1;
    if (s->rep_cap > 0) {
        tco = malloc((size_t)s->rep_cap * (size_t)cap * sizeof *tco);
        if (!tco) {
            free(cell);
            return -1;
        }
        for (size_t i = 0; i < (size_t)s->rep_cap * (size_t)cap; i++) tco[i] = NAN;
    }
    for (int k = 0; k < CXI_METRIC_COUNT && s->cell; k++)
        memcpy(cell + (size_t)k * cap, s->cell + (size_t)k * old_cap, (size_t)old_cap * sizeof *cell);
    for (int r = 0; r < s->rep_cap && s->tco; r++)
        memcpy(tco + (size_t)r * cap, s->tco + (size_t)r * old_cap, (size_t)old_cap * sizeof *tco);
    free(s->cell);
    free(s->tco);
    s->cell = cell;
    s->tco = tco;
    return 0;
}

int cxi_data_reserve(cx_view_data *D, int months)
{
    if (months <= D->cap) return 0;
    int cap = D->cap ? D->cap : 64;
    while (cap < months) cap *= 2;
    for (int i = 0; i < 2 * CX_VIEW_MAX_SERIES; i++)
        if ((i < D->n || (D->ghosts && i >= CXI_GHOST && i < CXI_GHOST + D->n)) &&
            series_grow(&D->s[i], D->cap, cap))
            return -1;
    cxi_cell *gap = calloc((size_t)cap, sizeof *gap);
    if (!gap) return -1;
    if (D->gap) memcpy(gap, D->gap, (size_t)D->cap * sizeof *gap);
    free(D->gap);
    D->gap = gap;
    D->cap = cap;
    return 0;
}

int cxi_data_series(cx_view_data *D, const char *scenario, const char *regime)
{
    for (int i = 0; i < D->n; i++)
        if (!strcmp(D->s[i].scenario, scenario) && !strcmp(D->s[i].regime, regime)) return i;
    if (D->n >= CX_VIEW_MAX_SERIES) return -1;
    cxi_series *s = &D->s[D->n];
    memset(s, 0, sizeof *s);
    snprintf(s->scenario, sizeof s->scenario, "%s", scenario);
    snprintf(s->regime, sizeof s->regime, "%s", regime);
    s->first_rep = -1;
    if (D->cap && series_grow(s, 0, D->cap)) return -1;
    return D->n++;
}

int cxi_data_ghost(cx_view_data *D, int i)
{
    if (i < 0 || i >= D->n) return -1;
    cxi_series *g = &D->s[CXI_GHOST + i];
    if (!g->cell) {
        cxi_series src = D->s[i]; /* a copy: the compiler cannot tell g from D->s[i] */
        memset(g, 0, sizeof *g);
        memcpy(g->scenario, src.scenario, sizeof g->scenario);
        memcpy(g->regime, src.regime, sizeof g->regime);
        snprintf(g->label, sizeof g->label, "%.70s without what-ifs", src.label);
        g->first_rep = -1;
        if (series_grow(g, 0, D->cap)) return -1;
    }
    D->ghosts = 1;
    return CXI_GHOST + i;
}

static int valid_series(const cx_view_data *D, int s)
{
    return (s >= 0 && s < D->n) || (D->ghosts && s >= CXI_GHOST && s < CXI_GHOST + D->n && D->s[s].cell);
}

/* Index of replication `rep` in series s, adding it. -1: out of memory. */
static int series_rep(cx_view_data *D, cxi_series *s, int rep)
{
    for (int r = 0; r < s->n_reps; r++)
        if (s->rep_id[r] == rep) return r;
    if (s->n_reps == s->rep_cap) {
        int rc = s->rep_cap ? 2 * s->rep_cap : 4;
        int *ids = realloc(s->rep_id, (size_t)rc * sizeof *ids);
        if (!ids) return -1;
        s->rep_id = ids;
        double *tco = realloc(s->tco, (size_t)rc * (size_t)D->cap * sizeof *tco);
        if (!tco) return -1;
        for (size_t i = (size_t)s->rep_cap * D->cap; i < (size_t)rc * D->cap; i++) tco[i] = NAN;
        s->tco = tco;
        s->rep_cap = rc;
    }
    s->rep_id[s->n_reps] = rep;
    if (s->first_rep < 0 || rep < s->first_rep) s->first_rep = rep;
    return s->n_reps++;
}

int cxi_data_add_row(cx_view_data *D, int si, int rep, int month, const double *v)
{
    if (!valid_series(D, si) || month < 0) return -1;
    if (cxi_data_reserve(D, month + 1)) return -1;
    cxi_series *s = &D->s[si];
    int r = series_rep(D, s, rep);
    if (r < 0) return -1;
    for (int k = 0; k < CXI_METRIC_COUNT; k++)
        if (!isnan(v[k])) cell_add(&s->cell[(size_t)k * D->cap + month], v[k]);
    s->tco[(size_t)r * D->cap + month] = v[CXI_TCO];
    if (month + 1 > s->months) s->months = month + 1;
    return 0;
}

int cxi_data_add_event(cx_view_data *D, const cxi_event *e)
{
    if (D->n_ev == D->ev_cap) {
        size_t cap = D->ev_cap ? 2 * D->ev_cap : 64;
        cxi_event *ev = realloc(D->ev, cap * sizeof *ev);
        if (!ev) return -1;
        D->ev = ev;
        D->ev_cap = cap;
    }
    D->ev[D->n_ev++] = *e;
    return 0;
}

void cxi_data_update_gap(cx_view_data *D, int from)
{
    if (D->n < 2 || !D->gap) return;
    const cxi_series *a = &D->s[0], *b = &D->s[1];
    int months = a->months < b->months ? a->months : b->months;
    for (int m = from < 0 ? 0 : from; m < D->cap; m++) {
        cxi_cell *g = &D->gap[m];
        cell_reset(g);
        if (m >= months) continue;
        for (int i = 0; i < a->n_reps; i++)
            for (int j = 0; j < b->n_reps; j++) {
                if (a->rep_id[i] != b->rep_id[j]) continue;
                double x = a->tco[(size_t)i * D->cap + m], y = b->tco[(size_t)j * D->cap + m];
                if (!isnan(x) && !isnan(y)) cell_add(g, x - y);
                break;
            }
    }
}

void cxi_data_set_labels(cx_view_data *D)
{
    int same = 1;
    for (int i = 1; i < D->n; i++)
        if (strcmp(D->s[i].scenario, D->s[0].scenario)) same = 0;
    for (int i = 0; i < D->n; i++) {
        cxi_series *s = &D->s[i];
        if (same)
            snprintf(s->label, sizeof s->label, "%s", s->regime);
        else
            snprintf(s->label, sizeof s->label, "%s: %s", s->scenario, s->regime);
    }
    if (D->n == 0) {
        snprintf(D->title, sizeof D->title, "(no data)");
        return;
    }
    int reps = 0;
    for (int i = 0; i < D->n; i++)
        if (D->s[i].n_reps > reps) reps = D->s[i].n_reps;
    char what[80];
    if (same)
        snprintf(what, sizeof what, "%s", D->s[0].scenario);
    else
        snprintf(what, sizeof what, "%d scenarios", D->n);
    snprintf(D->title, sizeof D->title, "%s  \xc2\xb7  seed %llu  \xc2\xb7  %d replication%s", what,
             D->s[0].seed, reps, reps == 1 ? "" : "s");
}

const cxi_cell *cxi_data_cell(const cx_view_data *D, int s, int metric, int m)
{
    if (!valid_series(D, s) || metric < 0 || metric >= CXI_METRIC_COUNT || m < 0 || m >= D->s[s].months)
        return NULL;
    const cxi_cell *c = &D->s[s].cell[(size_t)metric * D->cap + m];
    return c->n > 0 ? c : NULL;
}

int cx_view_data_series(const cx_view_data *D) { return D->n; }

int cx_view_data_months(const cx_view_data *D)
{
    int m = 0;
    for (int i = 0; i < D->n; i++)
        if (D->s[i].months > m) m = D->s[i].months;
    return m;
}

const char *cx_view_data_label(const cx_view_data *D, int s)
{
    return s >= 0 && s < D->n ? D->s[s].label : "";
}

int cx_view_data_reps(const cx_view_data *D, int s) { return s >= 0 && s < D->n ? D->s[s].n_reps : 0; }

int cx_view_data_events(const cx_view_data *D) { return (int)D->n_ev; }

int cx_view_data_value(const cx_view_data *D, int s, const char *column, int m, double *mean,
                       double *half)
{
    const cxi_cell *c = cxi_data_cell(D, s, cxi_metric_find(column), m);
    if (!c) return -1;
    *mean = c->mean;
    *half = cell_half(c);
    return 0;
}

int cx_view_data_gap(const cx_view_data *D, int m, double *mean, double *half)
{
    if (D->n < 2 || m < 0 || m >= D->cap || D->gap[m].n == 0) return -1;
    *mean = D->gap[m].mean;
    *half = cell_half(&D->gap[m]);
    return 0;
}

/* ------------------------------------------------------------------ */
/* CSV: RFC 4180 records (quoted fields may hold commas, quotes, newlines) */

typedef struct csv {
    FILE *f;
    char *buf;                /* the record's fields, each ended by '\0' */
    size_t len, cap;
    size_t *off;              /* field offsets into buf */
    int nf, fcap;
    long line;                /* line where the record started (1-based) */
    long next_line;           /* line of the next record */
} csv;

static int csv_put(csv *c, char ch)
{
    if (c->len + 1 >= c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 1024;
        char *b = realloc(c->buf, cap);
        if (!b) return -1;
        c->buf = b;
        c->cap = cap;
    }
    c->buf[c->len++] = ch;
    return 0;
}

static int csv_field(csv *c)
{
    if (c->nf == c->fcap) {
        int cap = c->fcap ? 2 * c->fcap : 64;
        size_t *o = realloc(c->off, (size_t)cap * sizeof *o);
        if (!o) return -1;
        c->off = o;
        c->fcap = cap;
    }
    c->off[c->nf++] = c->len;
    return 0;
}

/* 1: a record; 0: end of file; -1: out of memory; -2: unterminated quote. */
static int csv_next(csv *c)
{
    int ch = getc(c->f);
    while (ch == '\r' || ch == '\n') { /* skip blank lines */
        if (ch == '\n') c->next_line++;
        ch = getc(c->f);
    }
    if (ch == EOF) return 0;
    c->line = c->next_line;
    c->len = 0;
    c->nf = 0;
    if (csv_field(c)) return -1;
    int quoted = 0;
    for (;; ch = getc(c->f)) {
        if (quoted) {
            if (ch == EOF) return -2;
            if (ch == '"') {
                int nx = getc(c->f);
                if (nx == '"') {
                    if (csv_put(c, '"')) return -1;
                    continue;
                }
                quoted = 0;
                ch = nx;
            } else {
                if (ch == '\n') c->next_line++;
                if (csv_put(c, (char)ch)) return -1;
                continue;
            }
        }
        if (ch == '"') {
            quoted = 1;
        } else if (ch == ',') {
            if (csv_put(c, 0) || csv_field(c)) return -1;
        } else if (ch == '\n' || ch == EOF) {
            c->next_line++;
            break;
        } else if (ch != '\r') {
            if (csv_put(c, (char)ch)) return -1;
        }
    }
    if (csv_put(c, 0)) return -1;
    return 1;
}

static const char *csv_get(const csv *c, int i) { return i >= 0 && i < c->nf ? c->buf + c->off[i] : ""; }

static int csv_col(const csv *c, const char *name)
{
    for (int i = 0; i < c->nf; i++)
        if (!strcmp(csv_get(c, i), name)) return i;
    return -1;
}

static void csv_close(csv *c)
{
    if (c->f) fclose(c->f);
    free(c->buf);
    free(c->off);
    memset(c, 0, sizeof *c);
}

/* Read the file open at fd (a checked file of a results set; fd stays open). */
static int csv_open(csv *c, int fd, const char *path, char *err, size_t n)
{
    memset(c, 0, sizeof *c);
    c->next_line = 1;
    int own = dup(fd);
    c->f = own >= 0 ? fdopen(own, "r") : NULL;
    if (!c->f) {
        if (own >= 0) close(own);
        snprintf(err, n, "%s: %s", path, strerror(errno));
        return -1;
    }
    int rc = csv_next(c);
    if (rc <= 0) {
        snprintf(err, n, "%s: %s", path, rc == 0 ? "empty file (no header)" : "cannot read the header");
        csv_close(c);
        return -1;
    }
    return 0;
}

/* A number from a field; empty or "nan" is NAN. 0, or -1 when not a number. */
static int parse_num(const char *s, double *out)
{
    while (*s == ' ') s++;
    if (!*s) {
        *out = NAN;
        return 0;
    }
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    while (*end == ' ') end++;
    if (end == s || *end) return -1;
    *out = v;
    return 0;
}

static int read_error(const csv *c, int rc, const char *path, char *err, size_t n)
{
    snprintf(err, n, "%s:%ld: %s", path, c->line,
             rc == -2 ? "unterminated quoted field" : "out of memory");
    return -1;
}

static int load_monthly(cx_view_data *D, const char *dir, int fd, char *err, size_t n)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/monthly.csv", dir);
    csv c;
    if (csv_open(&c, fd, path, err, n)) return -1;
    int c_scen = csv_col(&c, "scenario"), c_reg = csv_col(&c, "regime"), c_rep = csv_col(&c, "rep");
    int c_seed = csv_col(&c, "seed"), c_month = csv_col(&c, "month"), ncol = c.nf;
    int col[CXI_METRIC_COUNT];
    const char *missing = c_scen < 0 ? "scenario" : c_reg < 0 ? "regime" : c_rep < 0 ? "rep"
                        : c_seed < 0 ? "seed" : c_month < 0 ? "month" : NULL;
    for (int k = 0; k < CXI_METRIC_COUNT; k++) {
        col[k] = csv_col(&c, cxi_metrics[k].column);
        if (col[k] < 0 && cxi_metrics[k].required && !missing) missing = cxi_metrics[k].column;
        if (col[k] < 0) D->has[k] = 0;
    }
    if (missing) {
        snprintf(err, n, "%s: missing column '%s' (results from an older cxsim?)", path, missing);
        csv_close(&c);
        return -1;
    }
    int rc, rows = 0;
    double v[CXI_METRIC_COUNT];
    while ((rc = csv_next(&c)) > 0) {
        if (c.nf != ncol) {
            snprintf(err, n, "%s:%ld: %d fields, the header has %d", path, c.line, c.nf, ncol);
            csv_close(&c);
            return -1;
        }
        double month, rep, seed;
        const char *bad = parse_num(csv_get(&c, c_month), &month) || !(month >= 0 && month < 6000) ? "month"
                        : parse_num(csv_get(&c, c_rep), &rep) || !(rep >= 0 && rep < 1e9) ? "rep"
                        : parse_num(csv_get(&c, c_seed), &seed) ? "seed" : NULL;
        for (int k = 0; k < CXI_METRIC_COUNT && !bad; k++) {
            v[k] = NAN;
            if (col[k] >= 0 && parse_num(csv_get(&c, col[k]), &v[k])) bad = cxi_metrics[k].column;
        }
        if (bad) {
            int ci = !strcmp(bad, "month") ? c_month : !strcmp(bad, "rep") ? c_rep
                   : !strcmp(bad, "seed") ? c_seed : col[cxi_metric_find(bad)];
            snprintf(err, n, "%s:%ld: column '%s': bad value (\"%s\")", path, c.line, bad,
                     csv_get(&c, ci));
            csv_close(&c);
            return -1;
        }
        int s = cxi_data_series(D, csv_get(&c, c_scen), csv_get(&c, c_reg));
        if (s < 0) {
            snprintf(err, n, "%s:%ld: more than %d regimes to show", path, c.line, CX_VIEW_MAX_SERIES);
            csv_close(&c);
            return -1;
        }
        if (D->s[s].n_reps == 0) D->s[s].seed = (unsigned long long)seed;
        if (cxi_data_add_row(D, s, (int)rep, (int)month, v)) {
            snprintf(err, n, "%s: out of memory", path);
            csv_close(&c);
            return -1;
        }
        rows++;
    }
    if (rc < 0) read_error(&c, rc, path, err, n);
    csv_close(&c);
    if (rc < 0) return -1;
    if (rows == 0) {
        snprintf(err, n, "%s: no rows after the header", path);
        return -1;
    }
    return 0;
}

/* An empty events.csv just gives no markers. */
static int load_events(cx_view_data *D, const char *dir, int fd, char *err, size_t n)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/events.csv", dir);
    struct stat st;
    if (fstat(fd, &st) != 0 || st.st_size == 0) return 0;
    csv c;
    if (csv_open(&c, fd, path, err, n)) return -1;
    int c_scen = csv_col(&c, "scenario"), c_reg = csv_col(&c, "regime"), c_rep = csv_col(&c, "rep");
    int c_day = csv_col(&c, "day"), c_month = csv_col(&c, "month"), c_kind = csv_col(&c, "kind");
    int c_val = csv_col(&c, "value"), c_text = csv_col(&c, "text");
    const char *missing = c_scen < 0 ? "scenario" : c_reg < 0 ? "regime" : c_rep < 0 ? "rep"
                        : c_kind < 0 ? "kind" : (c_day < 0 && c_month < 0) ? "day" : NULL;
    if (missing) {
        snprintf(err, n, "%s: missing column '%s'", path, missing);
        csv_close(&c);
        return -1;
    }
    int rc;
    while ((rc = csv_next(&c)) > 0) {
        int kind = cxi_ev_find(csv_get(&c, c_kind));
        if (kind < 0 || kind == CX_N_HIRE || kind == CX_N_QUIT) continue; /* counted in monthly.csv */
        int s = -1;
        for (int i = 0; i < D->n; i++)
            if (!strcmp(D->s[i].scenario, csv_get(&c, c_scen)) && !strcmp(D->s[i].regime, csv_get(&c, c_reg)))
                s = i;
        double rep, day = NAN, month = NAN, value = NAN;
        if (s < 0 || parse_num(csv_get(&c, c_rep), &rep) || (int)rep != D->s[s].first_rep) continue;
        if (c_day >= 0) parse_num(csv_get(&c, c_day), &day);
        if (c_month >= 0) parse_num(csv_get(&c, c_month), &month);
        if (c_val >= 0) parse_num(csv_get(&c, c_val), &value);
        cxi_event e = {.series = s, .kind = kind, .value = value};
        e.month = !isnan(day) ? day / CXI_DAYS_PER_MONTH : !isnan(month) ? month + 0.5 : NAN;
        if (isnan(e.month)) continue;
        snprintf(e.text, sizeof e.text, "%s", c_text >= 0 ? csv_get(&c, c_text) : "");
        if (cxi_data_add_event(D, &e)) {
            csv_close(&c);
            snprintf(err, n, "%s: out of memory", path);
            return -1;
        }
    }
    if (rc < 0) read_error(&c, rc, path, err, n);
    csv_close(&c);
    if (rc < 0) return -1;
    return 0;
}

int cx_view_data_load(cx_view_data *D, const char *dir, char *err, size_t n)
{
    struct stat st;
    if (stat(dir, &st) != 0) {
        snprintf(err, n, "%s: %s", dir, errno == ENOENT ? "no such results directory" : strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        snprintf(err, n, "%s: not a directory (expected a results directory from cxsim run --out)", dir);
        return -1;
    }
    /* a whole set, checked against its manifest, or nothing */
    cx_results_set set;
    if (cx_results_open_set(dir, &set, err, n)) return -1;
    int rc = load_monthly(D, dir, set.fd[0], err, n) || load_events(D, dir, set.fd[1], err, n);
    cx_results_close_set(&set);
    if (rc) return -1;
    D->n_sources++;
    cxi_data_update_gap(D, 0);
    cxi_data_set_labels(D);
    return 0;
}
