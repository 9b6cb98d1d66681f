/* cli_util: option parsing, progress, clocks, memory. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli_util.h"

int cli_double(const char *cmd, const char *opt, const char *s, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end || errno || isnan(v) || v < lo || v > hi) {
        fprintf(stderr, "cxsim %s: %s: expected a number from %g to %g, got \"%s\"\n", cmd, opt, lo, hi, s);
        return -1;
    }
    *out = v;
    return 0;
}

int cli_int(const char *cmd, const char *opt, const char *s, int lo, int hi, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (end == s || *end || errno || v < lo || v > hi) {
        fprintf(stderr, "cxsim %s: %s: expected a whole number from %d to %d, got \"%s\"\n", cmd, opt, lo, hi, s);
        return -1;
    }
    *out = (int)v;
    return 0;
}

int cli_u64(const char *cmd, const char *opt, const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s || *end || errno || *s == '-') {
        fprintf(stderr, "cxsim %s: %s: expected a non-negative whole number, got \"%s\"\n", cmd, opt, s);
        return -1;
    }
    *out = v;
    return 0;
}

const char *cli_value(const char *cmd, int argc, char **argv, int *i)
{
    if (*i + 1 >= argc) {
        fprintf(stderr, "cxsim %s: %s needs a value\n", cmd, argv[*i]);
        return NULL;
    }
    return argv[++*i];
}

int cli_show_progress(void)
{
    const char *ci = getenv("CI");
    return isatty(STDERR_FILENO) && !(ci && *ci && strcmp(ci, "0") != 0 && strcmp(ci, "false") != 0);
}

int cli_progress(void *ud, const cx_sim *S, double done)
{
    (void)S;
    int w = 40, k = (int)(done * w + 0.5);
    fprintf(stderr, "\r%-10s [", (const char *)ud);
    for (int i = 0; i < w; i++) fputc(i < k ? '#' : '.', stderr);
    fprintf(stderr, "] %3.0f%%", 100.0 * done);
    fflush(stderr);
    return 0;
}

void cli_progress_end(void)
{
    fprintf(stderr, "\r\033[K");
    fflush(stderr);
}

double cli_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

double cli_peak_rss_mib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0; /* KiB on Linux */
}

double cli_rss_mib(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long pages = 0, rss = 0;
    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &rss) != 2) rss = 0;
        fclose(f);
    }
    return (double)rss * (double)sysconf(_SC_PAGESIZE) / (1024.0 * 1024.0);
}

int cli_apply_set(const char *cmd, const char *arg, cx_params *p)
{
    char path[256], err[256];
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg || (size_t)(eq - arg) >= sizeof path) {
        fprintf(stderr, "cxsim %s: --set: expected FIELD=VALUE, got \"%s\"\n", cmd, arg);
        return -1;
    }
    memcpy(path, arg, (size_t)(eq - arg));
    path[eq - arg] = 0;
    if (cx_param_set_text(p, path, eq + 1, err, sizeof err)) {
        fprintf(stderr, "cxsim %s: --set: field '%s': %s\n", cmd, path, err);
        return -1;
    }
    return 0;
}
