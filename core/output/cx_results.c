/* cx_results: the three files of a results set (monthly CSV, events CSV,
 * summary JSON) and single files written over temp-file-and-rename. */
#define _GNU_SOURCE /* getrandom */
#include "cx_results.h"
#include "cx_meta.h"
#include "cx_results_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/random.h>
#include <time.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

/* Six characters of a temporary name, from the kernel's random source (or
 * the clock and the attempt number when it is unavailable). Shared with
 * cx_resultset.c through cx_results_internal.h. */
void cxi_results_rand_name(char out[7], unsigned attempt)
{
    static const char abc[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    unsigned char b[6];
    if (getrandom(b, sizeof b, GRND_NONBLOCK) != (ssize_t)sizeof b) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        uint64_t x = (uint64_t)ts.tv_nsec * 0x9E3779B97F4A7C15u ^ (uint64_t)getpid() << 20 ^ attempt;
        for (int i = 0; i < 6; i++, x >>= 8) b[i] = (unsigned char)x;
    }
    for (int i = 0; i < 6; i++) out[i] = abc[b[i] % (sizeof abc - 1)];
    out[6] = 0;
}

/* Created with O_EXCL and mode 0666, so the umask (or a default ACL) decides
 * the final permissions, as for any file a program creates. */
int cx_atomic_open(cx_atomic *a, const char *path, char *err, size_t n)
{
    a->f = NULL;
    if (snprintf(a->path, sizeof a->path, "%s", path) >= (int)sizeof a->path ||
        snprintf(a->tmp, sizeof a->tmp, "%s.tmp.XXXXXX", path) >= (int)sizeof a->tmp) {
        snprintf(err, n, "%s: path too long", path);
        return -1;
    }
    char *suffix = a->tmp + strlen(a->tmp) - 6;
    int fd = -1;
    for (unsigned k = 0; k < 100 && fd < 0; k++) {
        cxi_results_rand_name(suffix, k);
        fd = open(a->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666);
        if (fd < 0 && errno != EEXIST) break;
    }
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

const cx_column cx_label_columns[] = {
    {"scenario", "", "scenario name"},
    {"regime", "", "regime label"},
    {"rep", "", "replication number"},
    {"seed", "", "master seed of the run"},
    {NULL, NULL, NULL},
};

/* A CSV field: quoted when it holds a comma, a quote or a line break. */
static void csv_text(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"') fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void write_labels(FILE *f, const cx_result *r)
{
    const cx_params *P = cx_sim_params(r->sim);
    csv_text(f, P->name);
    fputc(',', f);
    csv_text(f, r->regime);
    fprintf(f, ",%d,%llu", r->rep, (unsigned long long)P->seed);
}

static void write_csv_row(FILE *f, const cx_result *r, const cx_period *p)
{
    write_labels(f, r);
    for (int i = 0; i < CX_C_COUNT; i++) fprintf(f, ",%.10g", p->row[i]);
    fputc('\n', f);
}

void cx_results_csv_header(FILE *f)
{
    for (const cx_column *col = cx_label_columns; col->name; col++) fprintf(f, "%s,", col->name);
    for (int i = 0; i < CX_C_COUNT; i++) fprintf(f, "%s%s", cx_row_columns[i].name, i + 1 < CX_C_COUNT ? "," : "\n");
}

void cx_results_csv_rows(FILE *f, const cx_result *r)
{
    for (size_t k = 0; k < cx_sim_periods(r->sim); k++) write_csv_row(f, r, cx_sim_period(r->sim, k));
}

static int csv_body(FILE *f, const char *path, const cx_result *runs, int n, char *err, size_t errlen)
{
    (void)path, (void)err, (void)errlen;
    cx_results_csv_header(f);
    for (int i = 0; i < n; i++) cx_results_csv_rows(f, &runs[i]);
    return 0;
}

static int events_body(FILE *f, const char *path, const cx_result *runs, int n, char *err, size_t errlen)
{
    (void)path, (void)err, (void)errlen;
    fprintf(f, "scenario,regime,rep,seed,day,month,kind,value,text\n");
    for (int i = 0; i < n; i++)
        for (size_t k = 0; k < cx_sim_notes(runs[i].sim); k++) {
            const cx_note *e = cx_sim_note(runs[i].sim, k);
            write_labels(f, &runs[i]);
            fprintf(f, ",%.4f,%d,%s,%.10g,", e->t / CX_MINUTES_PER_DAY,
                    (int)floor(e->t / CX_MINUTES_PER_MONTH), cx_note_kind_name(e->kind), e->value);
            csv_text(f, e->text);
            fputc('\n', f);
        }
    return 0;
}


static int json_body(FILE *f, const char *path, const cx_result *runs, int n, char *err, size_t errlen)
{
    fprintf(f, "{\n  \"runs\": [");
    for (int i = 0; i < n; i++) {
        const cx_params *P = cx_sim_params(runs[i].sim);
        cx_counts c;
        cx_metrics m;
        cx_sim_totals(runs[i].sim, &c);
        cx_counts_metrics(&c, &m);
        fprintf(f, "%s\n    {\"scenario\": ", i ? "," : "");
        cx_meta_json_string(f, P->name);
        fprintf(f, ", \"regime\": ");
        cx_meta_json_string(f, runs[i].regime);
        fprintf(f,
                ", \"rep\": %d, \"seed\": %llu, \"years\": %.6g, \"warmup_days\": %.6g,\n"
                "     \"events\": %llu, \"offered\": %llu, \"answered\": %llu, \"abandoned\": %llu,"
                " \"in_system_at_end\": %llu,\n"
                "     \"service_level\": %.6f, \"p_wait\": %.6f, \"abandon_rate\": %.6f,"
                " \"asa_s\": %.4f, \"mean_wait_s\": %.4f, \"aht_min\": %.5f,\n"
                "     \"occupancy\": %.6f, \"mean_queue\": %.5f, \"mean_agents\": %.4f",
                runs[i].rep, (unsigned long long)P->seed, P->years, P->warmup_days,
                (unsigned long long)cx_sim_events(runs[i].sim), (unsigned long long)c.offered,
                (unsigned long long)c.answered, (unsigned long long)c.abandoned,
                (unsigned long long)cx_sim_in_system(runs[i].sim), m.service_level, m.p_wait,
                m.p_abandon, m.asa_s, m.mean_wait_s, m.aht_min, m.occupancy, m.mean_queue,
                m.mean_agents);
        double tot[CX_ROW_MAX];
        if (cx_sim_total_row(runs[i].sim, tot)) {
            snprintf(err, errlen, "%s: out of memory", path);
            return -1;
        }
        fprintf(f, ",\n     \"totals\": {");
        for (int k = 0; k < CX_C_COUNT; k++)
            fprintf(f, "%s\"%s\": %.10g", k ? ", " : "", cx_row_columns[k].name, tot[k]);
        fprintf(f, "}}");
    }
    fprintf(f, "\n  ]\n}\n");
    return 0;
}

/* metadata.json: what reproduces the set (cx_meta): version, commit, the
 * scenario's hash, every run's seed, the resolved scenario (that of the
 * first replication 0 run, whose seed is the scenario's). */
static int meta_body(FILE *f, const char *path, const cx_result *runs, int n, char *err, size_t errlen)
{
    (void)path, (void)err, (void)errlen;
    fputs("{\n", f);
    const cx_params *P = NULL;
    for (int i = 0; i < n && !P; i++)
        if (runs[i].rep == 0) P = cx_sim_params(runs[i].sim);
    if (!P && n) P = cx_sim_params(runs[0].sim);
    if (P) cx_meta_head_json(f, P);
    fputs("  \"runs\": [", f);
    for (int i = 0; i < n; i++) {
        fprintf(f, "%s\n    {\"regime\": ", i ? "," : "");
        cx_meta_json_string(f, runs[i].regime);
        fprintf(f, ", \"rep\": %d, \"seed\": \"%llu\"}", runs[i].rep,
                (unsigned long long)cx_sim_params(runs[i].sim)->seed);
    }
    fputs("\n  ]", f);
    if (P) {
        fputs(",\n  \"scenario\": ", f);
        cx_meta_scenario_json(f, P, 4);
    }
    fputs("\n}\n", f);
    return 0;
}

/* The writers of the set's files, in cx_results_files order. */
typedef int (*body_fn)(FILE *f, const char *path, const cx_result *runs, int n, char *err, size_t errlen);
static const body_fn bodies[CX_RESULTS_NFILES] = {csv_body, events_body, json_body, meta_body};
const char *const cx_results_files[CX_RESULTS_NFILES + 1] = {"monthly.csv", "events.csv", "summary.json",
                                                              "metadata.json", NULL};

int cxi_results_body(int k, FILE *f, const char *path, const cx_result *runs, int n, char *err, size_t errlen)
{
    return bodies[k](f, path, runs, n, err, errlen);
}
