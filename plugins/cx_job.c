/* cx_job: a scenario made runnable. Every regime gets its own simulation with
 * the same seed, so the regimes share their random streams source by source
 * (common random numbers); each side's policy is resolved by name (built-in,
 * C plugin or Lua script) and checked against the scenario's options. */
#include "cx_job.h"

#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cx_isolate.h"
#include "cx_lua_scenario.h"
#include "cx_plugin.h"

int cx_job_load_scenario(const char *path, cx_params *P, char *err, size_t n)
{
    return cx_lua_load_scenario(path, P, err, n);
}

static void where(char *out, size_t n, const char *scenario, int line)
{
    if (scenario && *scenario && line) snprintf(out, n, "%s:%d: ", scenario, line);
    else if (scenario && *scenario) snprintf(out, n, "%s: ", scenario);
    else *out = 0;
}

int cx_job_open(cx_job *J, const cx_params *P, const char *scenario_path, const cx_consent *consent,
                char *err, size_t n)
{
    memset(J, 0, sizeof *J);
    J->P = *P;
    if (consent) J->consent = *consent;
    else cx_consent_default(&J->consent);
    if (!(J->consent.policy_timeout > 0)) J->consent.policy_timeout = CX_POLICY_TIMEOUT_DEFAULT;
    snprintf(J->scenario_path, sizeof J->scenario_path, "%s", scenario_path ? scenario_path : "");
    char dir[CX_PATH_MAX] = ".";
    if (scenario_path && *scenario_path) {
        char tmp[CX_PATH_MAX];
        snprintf(tmp, sizeof tmp, "%s", scenario_path);
        snprintf(dir, sizeof dir, "%s", dirname(tmp));
    }
    int regimes = P->n_regimes ? P->n_regimes : 1;
    for (int i = 0; i < regimes; i++) {
        J->sim[i] = cx_sim_new(&J->P);
        if (!J->sim[i]) {
            snprintf(err, n, "out of memory creating a run");
            cx_job_close(J);
            return -1;
        }
        J->n = i + 1;
        if (!P->n_regimes) continue;
        cx_regime *R = &J->P.regimes[i];
        if (!R->label[0]) snprintf(R->label, sizeof R->label, "regime%d", i + 1);
        for (int side = 0; side < CX_SIDE_COUNT; side++) {
            const cx_policy_spec *spec = side == CX_CLIENT ? &R->client : &R->provider;
            char at[CX_PATH_MAX + 32], msg[512];
            if (!spec->name[0]) {
                where(at, sizeof at, scenario_path, 0);
                snprintf(err, n, "%sfield 'regimes[%d].%s': no policy named", at, i + 1, cx_side_name(side));
                cx_job_close(J);
                return -1;
            }
            const cx_policy *pol;
            if (cx_policy_load(spec->name, dir, &J->consent, &J->loaded[i][side], &pol, msg, sizeof msg)) {
                where(at, sizeof at, scenario_path, spec->line);
                snprintf(err, n, "%sfield 'regimes[%d].%s': %s", at, i + 1, cx_side_name(side), msg);
                cx_job_close(J);
                return -1;
            }
            J->pol[i][side] = pol;
            J->native[i] |= cx_policy_native(J->loaded[i][side]);
            int line = 0;
            if (cx_sim_set_policy(J->sim[i], side, pol, spec, &line)) {
                where(at, sizeof at, scenario_path, line);
                const char *e = cx_sim_error(J->sim[i]);
                if (!strncmp(e, "field '", 7))
                    snprintf(err, n, "%sfield 'regimes[%d].%s", at, i + 1, e + 7);
                else snprintf(err, n, "%sregimes[%d]: %s", at, i + 1, e);
                cx_job_close(J);
                return -1;
            }
        }
    }
    return 0;
}

void cx_job_close(cx_job *J)
{
    for (int i = 0; i < CX_MAX_REGIMES; i++) {
        cx_sim_free(J->sim[i]); /* destroys policy instances before their code goes */
        J->sim[i] = NULL;
        for (int s = 0; s < CX_SIDE_COUNT; s++) {
            cx_policy_unload(J->loaded[i][s]);
            J->loaded[i][s] = NULL;
        }
    }
    J->n = 0;
}

int cx_job_run_until(cx_job *J, double t, char *err, size_t n)
{
    for (int i = 0; i < J->n; i++)
        if (cx_sim_run_until(J->sim[i], t)) {
            snprintf(err, n, "%s: %s", cx_job_label(J, i), cx_sim_error(J->sim[i]));
            return -1;
        }
    return 0;
}

int cx_job_run_regime(cx_job *J, int i, char *err, size_t n)
{
    int bad;
    if (J->native[i]) {
        const char *names[CX_SIDE_COUNT];
        for (int s = 0; s < CX_SIDE_COUNT; s++) names[s] = J->pol[i][s] ? J->pol[i][s]->name : NULL;
        bad = cx_isolate_run(J->sim[i], cx_job_label(J, i), names, J->consent.policy_timeout, err, n);
    } else if ((bad = cx_sim_run(J->sim[i])) != 0) {
        snprintf(err, n, "%s: %s", cx_job_label(J, i), cx_sim_error(J->sim[i]));
    }
    J->done[i] = !bad;
    return bad ? -1 : 0;
}

int cx_job_run(cx_job *J, char *err, size_t n)
{
    int rc = 0;
    for (int i = 0; i < J->n; i++) {
        char msg[1024];
        if (cx_job_run_regime(J, i, msg, sizeof msg) && !rc) {
            snprintf(err, n, "%s", msg);
            rc = -1;
        }
    }
    return rc;
}

const char *cx_job_label(const cx_job *J, int i)
{
    if (i < 0 || i >= J->n) return "?";
    return J->P.n_regimes ? J->P.regimes[i].label : "base";
}

/* Append printf-style text to buf (truncated at n). */
static void append(char *buf, size_t n, const char *fmt, ...)
{
    size_t k = strlen(buf);
    if (k + 1 >= n) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + k, n - k, fmt, ap);
    va_end(ap);
}

void cx_job_missing(const cx_job *jobs, int opened, int reps, char *buf, size_t n)
{
    if (!n) return;
    buf[0] = 0;
    for (int r = 0; r < opened; r++)
        for (int i = 0; i < jobs[r].n; i++) {
            if (jobs[r].done[i]) continue;
            append(buf, n, "%s%s", *buf ? ", " : "", cx_job_label(&jobs[r], i));
            if (reps > 1) append(buf, n, " (rep %d)", r);
        }
    if (opened + 1 == reps) append(buf, n, "%sreplication %d (not run)", *buf ? ", and " : "", opened);
    else if (opened < reps)
        append(buf, n, "%sreplications %d to %d (not run)", *buf ? ", and " : "", opened, reps - 1);
}
