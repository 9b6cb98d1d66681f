/* cx_workforce: who is employed and who is on duty. Every employee is an agent
 * slot with its own knowledge and tenure; the roster puts employees on and off
 * duty at each half hour so that the number on duty follows the staffing
 * rule's need, scaled down when vacancies leave the provider short. The
 * employee who has been off longest comes on first, and the one on longest
 * goes off first, so paid time on the phones spreads evenly. */
#include <math.h>
#include <stdlib.h>

#include "cxi.h"

static int eligible(const cxi_person *ag)
{
    return ag->life == CXI_L_NESTING || ag->life == CXI_L_PRODUCTIVE;
}

uint32_t cxi_headcount(const cx_sim *S)
{
    return S->M.wf.n_nesting + S->M.wf.n_productive;
}

double cxi_mean_tenure_m(const cx_sim *S)
{
    double sum = 0;
    int n = 0;
    for (uint32_t a = 0; a < S->E.Q.n_agents; a++) {
        const cxi_person *ag = &S->people[a];
        if (eligible(ag) && !ag->temp) {
            sum += S->E.now - ag->hired;
            n++;
        }
    }
    return n ? sum / n / CX_MINUTES_PER_MONTH : 0;
}

double cxi_mean_knowledge(const cx_sim *S)
{
    double sum = 0;
    int n = 0;
    for (uint32_t a = 0; a < S->E.Q.n_agents; a++) {
        const cxi_person *ag = &S->people[a];
        if (eligible(ag) && !ag->temp) {
            sum += S->P.m.learning_tenure ? cxi_tenure_knowledge(S, S->E.now - ag->hired) : ag->k;
            n++;
        }
    }
    return n ? sum / n : 0;
}

/* Agents the schedule wants on duty now. */
static uint32_t duty_target(const cx_sim *S, uint32_t n_eligible)
{
    const cxi_model *M = &S->M;
    if (!S->P.on.schedules) return n_eligible;
    double minute = fmod(S->E.now, CX_MINUTES_PER_DAY);
    int day = (int)fmod(floor(S->E.now / CX_MINUTES_PER_DAY), 7.0);
    int bin = (int)(minute / 30.0);
    if (bin >= CX_INTRADAY_BINS) bin = CX_INTRADAY_BINS - 1;
    double need = M->staff.required[day][bin];
    double cap = n_eligible * S->P.m.hours_per_week * (1.0 - S->P.m.shrinkage);
    /* every paid agent works its hours on the phones; the schedule decides
     * when, following the need (temps fill the gap of a spike) */
    double cover = M->staff.required_hours > 0 ? cap / M->staff.required_hours : 1.0;
    if (M->wf.n_temps && cover > 1.0) cover = 1.0;
    double t = floor(need * cover + 0.5) + M->wf.n_temps * (need > 0);
    if (t < 1 && need > 0) t = 1;
    return t > n_eligible ? n_eligible : (uint32_t)t;
}

static int off_live(const void *ctx, uint32_t a, uint32_t gen)
{
    const cx_sim *S = ctx;
    const cxi_person *ag = &S->people[a];
    return ag->duty_gen == gen && !ag->rostered && eligible(ag);
}

static int on_live(const void *ctx, uint32_t a, uint32_t gen)
{
    const cx_sim *S = ctx;
    const cxi_person *ag = &S->people[a];
    return ag->duty_gen == gen && ag->rostered && eligible(ag);
}

int cxi_roster_join(cx_sim *S, uint32_t a)
{
    cxi_person *ag = &S->people[a];
    ag->duty_gen++;
    ag->duty_since = S->E.now;
    return cx_ring_push(&S->M.wf.off_duty, a, ag->duty_gen);
}

int cxi_roster(cx_sim *S)
{
    cxi_model *M = &S->M;
    uint32_t want = duty_target(S, M->wf.n_nesting + M->wf.n_productive + M->wf.n_temps);
    while (M->wf.n_rostered < want) { /* bring on who has been off longest */
        uint32_t a = cx_ring_pop_live(&M->wf.off_duty, S, off_live);
        if (a == CX_NONE) break;
        cxi_person *ag = &S->people[a];
        ag->rostered = 1;
        ag->duty_gen++;
        ag->duty_since = S->E.now;
        M->wf.n_rostered++;
        if (cx_ring_push(&M->wf.on_duty, a, ag->duty_gen) || cx_queue_duty_on(&S->E, a)) return -1;
    }
    while (M->wf.n_rostered > want) { /* send off who has been on longest */
        uint32_t a = cx_ring_pop_live(&M->wf.on_duty, S, on_live);
        if (a == CX_NONE) break;
        cxi_person *ag = &S->people[a];
        ag->rostered = 0;
        ag->duty_gen++;
        ag->duty_since = S->E.now;
        M->wf.n_rostered--;
        if (cx_ring_push(&M->wf.off_duty, a, ag->duty_gen)) return -1;
        cx_queue_duty_off(&S->E, a, 0);
    }
    return 0;
}

int cxi_workforce_interval(cx_sim *S)
{
    return cxi_roster(S);
}

/* Agent a leaves the provider: off duty (after the contact in hand), its
 * slot released, its pending lifecycle events void. `counted`: a quit
 * (attrition), not a team replaced at a transition. */
int cxi_quit(cx_sim *S, uint32_t a, int counted)
{
    cxi_model *M = &S->M;
    cxi_person *ag = &S->people[a];
    switch (ag->life) {
    case CXI_L_RECRUITING: M->wf.n_recruiting--; break;
    case CXI_L_CLASSROOM: M->wf.n_classroom--; break;
    case CXI_L_NESTING: M->wf.n_nesting--; break;
    case CXI_L_PRODUCTIVE:
        if (ag->temp) M->wf.n_temps--;
        else M->wf.n_productive--;
        break;
    default: return 0;
    }
    int was_recruit = ag->life == CXI_L_RECRUITING;
    ag->quit_seq = ag->pipe_seq = 0;
    ag->life = CXI_L_FREE;
    ag->duty_gen++; /* its roster entries are stale */
    if (ag->rostered) {
        ag->rostered = 0;
        M->wf.n_rostered--;
    }
    cx_queue_duty_off(&S->E, a, 1);
    if (!counted && !was_recruit && !ag->temp) S->T.moved++;
    if (counted && !was_recruit) {
        S->T.leavers++;
        double tenure = (S->E.now - ag->hired) / CX_MINUTES_PER_DAY;
        if (cxi_note(S, CX_N_QUIT, tenure, "agent quit after %.0f days", tenure)) return -1;
    }
    if (counted) {
        if (cxi_hiring_top_up(S)) return -1;
        return cxi_roster(S);
    }
    return 0;
}

/* The half-hour tick: the roster follows the schedule. */
int cxi_on_interval(void *subject, const cx_event *ev)
{
    (void)ev;
    cx_sim *S = subject;
    int rc = cxi_workforce_interval(S);
    if (!rc && !cx_engine_at(&S->E, S->E.now + 30.0, S->M.ev.interval, 0)) rc = -1;
    return rc ? rc : cxi_over_limits(S);
}

/* An agent's quit time came (stale unless its quit_seq matches). */
int cxi_on_quit(void *subject, const cx_event *ev)
{
    cx_sim *S = subject;
    return S->people[ev->id].quit_seq == ev->seq ? cxi_quit(S, ev->id, 1) : 0;
}

int cxi_workforce_init(cx_sim *S)
{
    cxi_workforce *W = &S->M.wf;
    W->provider_id = 1;
    return cx_ring_init(&W->off_duty, 256) || cx_ring_init(&W->on_duty, 256) ? -1 : 0;
}

void cxi_workforce_free(cx_sim *S)
{
    free(S->M.wf.off_duty.buf);
    free(S->M.wf.on_duty.buf);
}
