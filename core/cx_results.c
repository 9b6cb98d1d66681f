/* cx_results: CSV and JSON writers over temp-file-and-rename. */
#include "cx_results.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cx_atomic_open(cx_atomic *a, const char *path, char *err, size_t n)
{
    a->f = NULL;
    if (snprintf(a->path, sizeof a->path, "%s", path) >= (int)sizeof a->path ||
        snprintf(a->tmp, sizeof a->tmp, "%s.tmp.XXXXXX", path) >= (int)sizeof a->tmp) {
        snprintf(err, n, "%s: path too long", path);
        return -1;
    }
    int fd = mkstemp(a->tmp);
    if (fd < 0) {
        snprintf(err, n, "%s: cannot create: %s", path, strerror(errno));
        return -1;
    }
    a->f = fdopen(fd, "w");
    if (!a->f) {
        snprintf(err, n, "%s: %s", path, strerror(errno));
        close(fd);
        unlink(a->tmp);
        return -1;
    }
    return 0;
}

int cx_atomic_commit(cx_atomic *a, char *err, size_t n)
{
    int bad = ferror(a->f) || fflush(a->f) || fsync(fileno(a->f));
    if (fclose(a->f)) bad = 1;
    a->f = NULL;
    if (bad || rename(a->tmp, a->path)) {
        snprintf(err, n, "%s: cannot write: %s", a->path, strerror(errno));
        unlink(a->tmp);
        return -1;
    }
    return 0;
}

void cx_atomic_abort(cx_atomic *a)
{
    if (a->f) fclose(a->f);
    a->f = NULL;
    unlink(a->tmp);
}

const cx_column cx_monthly_columns[] = {
    {"scenario", "", "scenario name"},
    {"regime", "", "regime label"},
    {"rep", "", "replication number"},
    {"seed", "", "master seed of the run"},
    {"month", "", "0-based month (1/12 year)"},
    {"day_start", "day", "start of the month"},
    {"day_end", "day", "end of the month"},
    {"offered", "contacts", "contacts arrived"},
    {"answered", "contacts", "contacts whose service started"},
    {"abandoned", "contacts", "contacts that left the queue unanswered"},
    {"completed", "contacts", "contacts whose service finished"},
    {"service_level", "fraction", "answered within sl_seconds / (answered + abandoned)"},
    {"p_wait", "fraction", "arrivals that found no idle agent"},
    {"abandon_rate", "fraction", "abandoned / (answered + abandoned)"},
    {"asa_s", "s", "average speed of answer: mean wait of answered contacts"},
    {"mean_wait_s", "s", "mean time in queue of answered and abandoned contacts"},
    {"aht_min", "min", "average handle time of completed contacts"},
    {"occupancy", "fraction", "busy agent time / agent time on duty"},
    {"mean_queue", "contacts", "time-average number waiting"},
    {"mean_agents", "agents", "time-average agents on duty"},
    {NULL, NULL, NULL},
};

static void write_csv_row(FILE *f, const cx_result *r, const cx_period *p)
{
    const cx_params *P = cx_sim_params(r->sim);
    const cx_counts *c = &p->counts;
    cx_metrics m;
    cx_counts_metrics(c, &m);
    fprintf(f, "%s,%s,%d,%llu,%d,%.4f,%.4f,%llu,%llu,%llu,%llu,%.6f,%.6f,%.6f,%.4f,%.4f,%.5f,%.6f,%.5f,%.4f\n",
            P->name, r->regime, r->rep, (unsigned long long)P->seed, p->index,
            p->t0 / CX_MINUTES_PER_DAY, p->t1 / CX_MINUTES_PER_DAY,
            (unsigned long long)c->offered, (unsigned long long)c->answered,
            (unsigned long long)c->abandoned, (unsigned long long)c->completed, m.service_level,
            m.p_wait, m.p_abandon, m.asa_s, m.mean_wait_s, m.aht_min, m.occupancy, m.mean_queue,
            m.mean_agents);
}

int cx_results_write_csv(const char *path, const cx_result *runs, int n, char *err, size_t errlen)
{
    cx_atomic a;
    if (cx_atomic_open(&a, path, err, errlen)) return -1;
    for (const cx_column *col = cx_monthly_columns; col->name; col++)
        fprintf(a.f, "%s%s", col->name, col[1].name ? "," : "\n");
    for (int i = 0; i < n; i++)
        for (size_t k = 0; k < cx_sim_periods(runs[i].sim); k++)
            write_csv_row(a.f, &runs[i], cx_sim_period(runs[i].sim, k));
    return cx_atomic_commit(&a, err, errlen);
}

static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\') fprintf(f, "\\%c", ch);
        else if (ch < 0x20) fprintf(f, "\\u%04x", ch);
        else fputc(ch, f);
    }
    fputc('"', f);
}

int cx_results_write_json(const char *path, const cx_result *runs, int n, char *err, size_t errlen)
{
    cx_atomic a;
    if (cx_atomic_open(&a, path, err, errlen)) return -1;
    FILE *f = a.f;
    fprintf(f, "{\n  \"runs\": [");
    for (int i = 0; i < n; i++) {
        const cx_params *P = cx_sim_params(runs[i].sim);
        cx_counts c;
        cx_metrics m;
        cx_sim_totals(runs[i].sim, &c);
        cx_counts_metrics(&c, &m);
        fprintf(f, "%s\n    {\"scenario\": ", i ? "," : "");
        json_string(f, P->name);
        fprintf(f, ", \"regime\": ");
        json_string(f, runs[i].regime);
        fprintf(f,
                ", \"rep\": %d, \"seed\": %llu, \"years\": %.6g, \"warmup_days\": %.6g,\n"
                "     \"events\": %llu, \"offered\": %llu, \"answered\": %llu, \"abandoned\": %llu,"
                " \"in_system_at_end\": %llu,\n"
                "     \"service_level\": %.6f, \"p_wait\": %.6f, \"abandon_rate\": %.6f,"
                " \"asa_s\": %.4f, \"mean_wait_s\": %.4f, \"aht_min\": %.5f,\n"
                "     \"occupancy\": %.6f, \"mean_queue\": %.5f, \"mean_agents\": %.4f}",
                runs[i].rep, (unsigned long long)P->seed, P->years, P->warmup_days,
                (unsigned long long)cx_sim_events(runs[i].sim), (unsigned long long)c.offered,
                (unsigned long long)c.answered, (unsigned long long)c.abandoned,
                (unsigned long long)cx_sim_in_system(runs[i].sim), m.service_level, m.p_wait,
                m.p_abandon, m.asa_s, m.mean_wait_s, m.aht_min, m.occupancy, m.mean_queue,
                m.mean_agents);
    }
    fprintf(f, "\n  ]\n}\n");
    return cx_atomic_commit(&a, err, errlen);
}
