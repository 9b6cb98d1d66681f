/* cx_workforce: who is employed and who is on duty. Every employee is an agent
 * slot with its own knowledge and tenure. Each day the roster gives out the
 * staffing rule's shifts for that weekday: the team works its contracted
 * shifts a week (staff.hours_per_week / staff.shift_hours), so the day
 * takes the share of the team that its share of the week's shifts says,
 * and vacancies leave every start time short in proportion. Shrinkage is
 * taken when it happens: breaks and meetings as half hours inside the
 * shift, absence and leave as whole days. Contracted hours are paid
 * whatever the day holds. */
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

void cxi_knowledge_bands(const cx_sim *S, double out[3])
{
    double pk = S->P.m.proficient_k;
    out[0] = out[1] = out[2] = 0;
    for (uint32_t a = 0; a < S->E.Q.n_agents; a++) {
        const cxi_person *ag = &S->people[a];
        if (!eligible(ag) || ag->temp) continue;
        double k = S->P.m.learning_tenure ? cxi_tenure_knowledge(S, S->E.now - ag->hired) : ag->k;
        out[k >= pk ? 2 : k >= pk / 2 ? 1 : 0] += 1;
    }
}

/* A uniform draw fixed by (seed, salt, day, slot): absence and meetings
 * come from no stream, so they shift no other mechanism's draws. */
static double day_draw(const cx_sim *S, uint64_t salt, int32_t day, uint32_t a)
{
    uint64_t h = cx_rng_mix(S->P.seed ^ salt, (uint64_t)(uint32_t)day << 32 | a);
    return (double)(h >> 11) * 0x1.0p-53;
}

static int planned_centre(const cx_sim *S) { return S->P.profile && S->P.on.schedules; }

/* floor(t / CX_MINUTES_PER_DAY) to the bit, as that division and floor
 * give it, with a multiplication: away from midnight (a microminute) the
 * quotient cannot round across a whole number, so the two agree; near it
 * the division decides. t >= 0. */
static inline double day_of(double t)
{
    double d = floor(t * (1.0 / CX_MINUTES_PER_DAY)), t0 = d * CX_MINUTES_PER_DAY;
    if (t < 0x1p32 && t >= t0 + 1e-6 && t < t0 + (CX_MINUTES_PER_DAY - 1e-6)) return d;
    return floor(t / CX_MINUTES_PER_DAY);
}

/* The weekday (0 Monday) of a whole day number: day - 7 floor(day / 7), exactly. */
static inline int weekday(double day)
{
    int64_t r = (int64_t)day % 7;
    return (int)(r < 0 ? r + 7 : r);
}

static int open_on(const cx_sim *S, double t, double day)
{
    int dow = weekday(day);
    double minute = t - day * CX_MINUTES_PER_DAY;
    return minute >= S->P.open_h[dow] * 60.0 && minute < S->P.close_h[dow] * 60.0;
}

int cxi_is_open(const cx_sim *S, double t)
{
    return !planned_centre(S) || open_on(S, t, day_of(t));
}

double cxi_next_open(const cx_sim *S, double t)
{
    if (!planned_centre(S)) return t;
    double day = day_of(t);
    if (open_on(S, t, day)) return t;
    for (int i = 0, dow = weekday(day); i <= 7; i++, dow = dow == 6 ? 0 : dow + 1) {
        double o = (day + i) * CX_MINUTES_PER_DAY + S->P.open_h[dow] * 60.0;
        if (S->P.close_h[dow] > S->P.open_h[dow] && o >= t) return o;
    }
    return t; /* never open: nothing to wait for */
}

/* The open half hours of each weekday and the sum of their demand weights
 * (cxi_callback_time's), worked out once the demand profile is. */
void cxi_callback_prepare(cx_sim *S)
{
    cxi_workforce *W = &S->M.wf;
    const double *w = S->M.dem.base.intraday;
    for (int dow = 0; dow < 7; dow++) {
        int first, end;
        cxi_open_bins(S, dow, &first, &end);
        double tot = 0;
        for (int b = first; b < end; b++) tot += S->P.profile ? w[b] : 1.0;
        W->cb_first[dow] = (int8_t)first;
        W->cb_end[dow] = (int8_t)end;
        W->cb_total[dow] = tot;
    }
}

/* A customer whose call-back would fall while the centre is closed (at t)
 * calls on the next open day, at a time spread over its open hours like
 * the day's demand (the intraday profile), not all at the opening minute.
 * The point in the day comes from t (no stream drawn). */
double cxi_callback_time(const cx_sim *S, double open, double t)
{
    const cx_params *P = &S->P;
    const cxi_workforce *W = &S->M.wf;
    double day = day_of(open);
    int dow = weekday(day), first = W->cb_first[dow], end = W->cb_end[dow];
    if (end <= first) return open;
    const double *w = S->M.dem.base.intraday; /* the profile, worked out once (cx_params_rate_profile) */
    double g = t * 0.6180339887498949, u = (g - floor(g)) * W->cb_total[dow]; /* fmod(g, 1), exactly, without its loop */
    for (int b = first; b < end; b++) {
        double x = P->profile ? w[b] : 1.0;
        if (u < x) return day * CX_MINUTES_PER_DAY + (b + u / x) * 30.0;
        u -= x;
    }
    return day * CX_MINUTES_PER_DAY + (end - 0.5) * 30.0;
}

double cxi_call_time(const cx_sim *S, double t)
{
    double open = cxi_next_open(S, t);
    return open > t ? cxi_callback_time(S, open, t) : t;
}

static int cmp_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

/* The best half hour for time off the phones in offsets [lo, hi] of a
 * shift starting at `start`: the most slack on the floor, not yet taken. */
static int best_off(const double *slack, int start, int lo, int hi, uint32_t mask)
{
    int best = -1;
    for (int o = lo; o <= hi; o++)
        if (!(mask >> o & 1u) && (best < 0 || slack[start + o] > slack[start + best])) best = o;
    return best;
}

/* Breaks and meetings of the day's workers, as a planner places them:
 * each break in its part of the shift (never its first or last half hour),
 * meetings anywhere inside, each in the half hour where the floor has the
 * most agents beyond the requirement. */
static void place_off(cx_sim *S, const uint16_t req[CX_INTRADAY_BINS], const uint32_t *who, uint32_t n,
                      int len, int32_t day)
{
    const cx_model_params *m = &S->P.m;
    double slack[CX_INTRADAY_BINS + 32] = {0};
    for (uint32_t i = 0; i < n; i++) {
        const cxi_person *ag = &S->people[who[i]];
        if (ag->absent) continue;
        for (int j = ag->shift_bin; j < ag->shift_bin + len && j < CX_INTRADAY_BINS; j++) slack[j] += 1.0;
    }
    for (int b = 0; b < CX_INTRADAY_BINS; b++) slack[b] -= req[b];
    for (int b = CX_INTRADAY_BINS; b < CX_INTRADAY_BINS + 32; b++) slack[b] = -1e9;
    int nb = (int)floor(len * m->shrink_breaks + 0.5), lo_all = len > 2 ? 1 : 0, hi_all = len > 2 ? len - 2 : len - 1;
    double meet = len * m->shrink_meetings;
    for (uint32_t i = 0; i < n; i++) {
        cxi_person *ag = &S->people[who[i]];
        ag->off_mask = 0;
        if (ag->absent) continue;
        int start = ag->shift_bin;
        for (int j = 0; j < nb; j++) {
            int lo = j * len / nb, hi = (j + 1) * len / nb - 1;
            if (lo < lo_all) lo = lo_all;
            if (hi > hi_all) hi = hi_all;
            int o = best_off(slack, start, lo, hi, ag->off_mask);
            if (o < 0) o = best_off(slack, start, lo_all, hi_all, ag->off_mask);
            if (o < 0) break;
            ag->off_mask |= 1u << o;
            slack[start + o] -= 1.0;
        }
        int nm = (int)floor(meet) + (day_draw(S, 0x6d656574u, day, who[i]) < meet - floor(meet));
        for (int j = 0; j < nm; j++) {
            int o = best_off(slack, start, lo_all, hi_all, ag->off_mask);
            if (o < 0) break;
            ag->off_mask |= 1u << o;
            slack[start + o] -= 1.0;
        }
    }
}

/* Copy agent a's shift of the day onto its roster card: the half hours on
 * the phones as a mask (breaks and meetings out, nothing when absent). */
static void card_shift(cx_sim *S, uint32_t a)
{
    const cxi_person *ag = &S->people[a];
    cxi_card *c = &S->M.wf.card[a];
    c->day = ag->shift_day;
    c->sbin = (int8_t)(ag->shift_bin >= 0 && !ag->absent ? ag->shift_bin : -1);
    c->len = ag->shift_len;
    c->phones = 0;
    for (int j = 0; c->sbin >= 0 && j < c->len && c->sbin + j < CX_INTRADAY_BINS; j++)
        if (!(ag->off_mask >> j & 1u)) c->phones |= (uint64_t)1 << (c->sbin + j);
}

/* Give out day `day`'s shifts. The staffing template says how many shifts
 * start in each half hour; the team works its contracted shifts a week, so
 * today's share of the team is today's share of the week's shifts, and the
 * employees who owe the most shifts this week (then those rested longest)
 * take them. Absence and leave come as whole days, drawn per employee. */
static int assign_day(cx_sim *S, int32_t day)
{
    cxi_model *M = &S->M;
    const cx_model_params *m = &S->P.m;
    M->wf.day_assigned = day;
    int dow = day % 7, t = CXI_T_NORMAL;
    int32_t week = day / 7;
    if (cxi_spike_on_day(S, day) >= 0 && M->staff.week_shifts[CXI_T_SPIKE] > 0) t = CXI_T_SPIKE;
    const uint16_t *starts = M->staff.shifts[t][dow];
    double total = 0;
    for (int b = 0; b < CX_INTRADAY_BINS; b++) total += starts[b];
    uint32_t n = 0, na = S->E.Q.n_agents;
    uint64_t *key = malloc((na ? na : 1) * (sizeof *key + sizeof(uint32_t)));
    if (!key) return cxi_error(S, CX_ERR_NOMEM, "out of memory giving out the shifts of day %d", (int)day);
    for (uint32_t a = 0; a < na; a++) {
        cxi_person *ag = &S->people[a];
        int card = a < M->wf.n_card && (M->wf.card[a].flags & CXI_CARD_ELIGIBLE);
        if (card != eligible(ag)) {
            free(key);
            return cxi_error(S, CX_ERR_STATE, "day %d: agent %u %s a roster card (cxi_roster_join and cxi_quit keep them)",
                             (int)day, a, card ? "left the floor but keeps" : "is on the floor without");
        }
        if (!card) continue;
        if (ag->week != week) ag->week = week, ag->shifts_week = 0;
        ag->shift_day = day;
        ag->shift_bin = -1;
        ag->absent = 0;
        uint64_t rest = (uint64_t)(ag->last_shift_day + 1) & 0xffffffu;
        key[n++] = (uint64_t)ag->shifts_week << 56 | rest << 32 | a;
    }
    double w = M->staff.week_shifts[t];
    uint32_t k = w > 0 ? (uint32_t)floor(n * cxi_shifts_per_week(S) * total / w + 0.5) : 0;
    if (t == CXI_T_SPIKE && M->staff.week_shifts[CXI_T_NORMAL] > 0) {
        /* a planned spike: the day's spike shifts as far as the team (and
         * its temps) reach, the rest in overtime, up to overtime_max more
         * than an ordinary day's share */
        double w0 = M->staff.week_shifts[CXI_T_NORMAL], day0 = 0;
        for (int b = 0; b < CX_INTRADAY_BINS; b++) day0 += M->staff.shifts[CXI_T_NORMAL][dow][b];
        double ordinary = n * cxi_shifts_per_week(S) * day0 / w0;
        double temps_ok = n * cxi_shifts_per_week(S) * total / w;
        double want = fmin(total * (1.0 + m->shrink_absence + m->shrink_leave), ordinary * (1.0 + m->overtime_max));
        if (want > temps_ok) {
            uint32_t extra = (uint32_t)floor(want - temps_ok + 0.5);
            k += extra;
            if (k > n) extra -= k - n;
            M->wf.overtime_hours_day += extra * m->shift_hours;
            M->wf.paid_h += extra * m->shift_hours; /* paid on top of contracted hours */
            M->wf.elig_paid_h += extra * m->shift_hours;
        }
    }
    if (k > n) k = n;
    qsort(key, n, sizeof *key, cmp_u64);
    /* today's workers over the start times, in proportion (largest remainder) */
    uint32_t alloc[CX_INTRADAY_BINS] = {0}, given = 0;
    double frac[CX_INTRADAY_BINS] = {0};
    for (int b = 0; b < CX_INTRADAY_BINS && total > 0; b++) {
        double x = k * starts[b] / total;
        alloc[b] = (uint32_t)floor(x);
        frac[b] = x - alloc[b];
        given += alloc[b];
    }
    while (given < k && total > 0) {
        int best = 0;
        for (int b = 1; b < CX_INTRADAY_BINS; b++)
            if (frac[b] > frac[best]) best = b;
        alloc[best]++;
        frac[best] = -1;
        given++;
    }
    int len = (int)floor(m->shift_hours * 2.0 + 0.5), first, end;
    cxi_open_bins(S, dow, &first, &end);
    if (end - first < len && end > first) len = end - first;
    uint32_t i = 0, *who = (uint32_t *)(key + (na ? na : 1)); /* the workers, after the keys */
    for (int b = 0; b < CX_INTRADAY_BINS; b++)
        for (uint32_t j = 0; j < alloc[b]; j++, i++) {
            uint32_t a = (uint32_t)(key[i] & 0xffffffffu);
            cxi_person *ag = &S->people[a];
            ag->shift_bin = (int16_t)b;
            ag->shift_len = (uint8_t)len;
            ag->shifts_week++;
            ag->last_shift_day = day;
            ag->absent = day_draw(S, 0xab5e17u, day, a) < m->shrink_absence + m->shrink_leave;
            who[i] = a;
        }
    place_off(S, M->staff.required[t][dow], who, i, len, day);
    for (uint32_t j = 0; j < n; j++) card_shift(S, (uint32_t)(key[j] & 0xffffffffu));
    free(key);
    return 0;
}

/* Half hour `bin` of day `day` is inside the agent's shift (breaks included). */
static int in_shift(const cxi_card *c, int32_t day, int bin)
{
    return c->day == day && c->sbin >= 0 && bin >= c->sbin && bin < c->sbin + c->len;
}

static int on_phones(const cxi_card *c, int32_t day, int bin)
{
    return c->day == day && (c->phones >> bin & 1u);
}

int cxi_roster_join(cx_sim *S, uint32_t a)
{
    cxi_workforce *W = &S->M.wf;
    cxi_person *ag = &S->people[a];
    if (a >= W->n_card) {
        uint32_t n = W->n_card ? W->n_card : 64;
        while (n <= a) n *= 2;
        cxi_card *c = realloc(W->card, (size_t)n * sizeof *c);
        if (c) W->card = c;
        uint32_t *f = c ? realloc(W->floor, (size_t)n * sizeof *f) : NULL;
        if (!f) return cxi_error(S, CX_ERR_NOMEM, "out of memory for the roster of agent %u", a);
        for (uint32_t i = W->n_card; i < n; i++) c[i] = (cxi_card){0};
        W->floor = f;
        W->n_card = n;
    }
    W->floor_stale = 1;
    ag->duty_gen++;
    ag->duty_since = S->E.now;
    ag->shift_day = -1; /* no shift until the next day's are given out */
    ag->shift_bin = -1;
    W->card[a] = (cxi_card){.day = -1, .sbin = -1,
                            .flags = (uint8_t)(CXI_CARD_ELIGIBLE | (ag->temp ? CXI_CARD_TEMP : 0) |
                                               (ag->rostered ? CXI_CARD_ROSTERED : 0))};
    return 0;
}

static int set_duty(cx_sim *S, uint32_t a, int want)
{
    cxi_person *ag = &S->people[a];
    if (ag->rostered == want) return 0;
    ag->rostered = (uint8_t)want;
    S->M.wf.card[a].flags ^= CXI_CARD_ROSTERED;
    ag->duty_gen++;
    ag->duty_since = S->E.now;
    if (want) {
        S->M.wf.n_rostered++;
        return cx_queue_duty_on(&S->E, a);
    }
    S->M.wf.n_rostered--;
    cx_queue_duty_off(&S->E, a, 0);
    return 0;
}

/* Everyone on duty whose shift runs now (off for breaks, meetings,
 * absence); without schedules every eligible agent. At the close, agents
 * on duty stay until the queue is empty (checked each half hour). With
 * `acc` (the half-hour tick), the hours on shift of temps (acc[0]) and
 * the employees on duty (acc[1]) are counted in the same pass. */
static int roster(cx_sim *S, double acc[2])
{
    const cx_params *P = &S->P;
    cxi_workforce *W = &S->M.wf;
    double dayf = day_of(S->E.now);
    int32_t day = (int32_t)dayf;
    int rc = P->on.schedules && day != W->day_assigned ? assign_day(S, day) : 0;
    if (rc) return rc;
    int bin = (int)((S->E.now - dayf * CX_MINUTES_PER_DAY) / 30.0);
    if (bin >= CX_INTRADAY_BINS) bin = CX_INTRADAY_BINS - 1;
    int closing = planned_centre(S) && !open_on(S, S->E.now, dayf) && S->E.Q.n_waiting > 0;
    if (W->floor_stale) { /* list the eligible agents again (slot order: the order of the roster's calls) */
        W->n_floor = 0;
        for (uint32_t a = 0; a < W->n_card; a++)
            if (W->card[a].flags & CXI_CARD_ELIGIBLE) W->floor[W->n_floor++] = a;
        W->floor_stale = 0;
    }
    for (uint32_t i = 0; i < W->n_floor; i++) {
        uint32_t a = W->floor[i];
        const cxi_card *c = &W->card[a]; /* set_duty changes only its own card */
        int on = (c->flags & CXI_CARD_ROSTERED) != 0;
        int want = !P->on.schedules || on_phones(c, day, bin) || (closing && on);
        if (want != on && set_duty(S, a, want)) return -1;
        if (!acc) continue;
        if (c->flags & CXI_CARD_TEMP) acc[0] += in_shift(c, day, bin);
        else acc[1] += (c->flags & CXI_CARD_ROSTERED) != 0;
    }
    return 0;
}

int cxi_roster(cx_sim *S) { return roster(S, NULL); }

/* The half-hour tick: the roster follows the shifts; the month's paid
 * hours, hours on the phones and agents on duty while open accrue. */
int cxi_workforce_interval(cx_sim *S)
{
    double acc[2] = {0, 0}; /* temps on shift, employees on duty */
    int rc = roster(S, acc);
    if (rc) return rc;
    cxi_workforce *W = &S->M.wf;
    const cx_model_params *m = &S->P.m;
    double per_half = 0.5 * m->hours_per_week / 168.0; /* contracted hours accrue evenly */
    W->temp_hours_day += 0.5 * acc[0];
    W->paid_h += (W->n_classroom + W->n_nesting + W->n_productive) * per_half + 0.5 * acc[0];
    W->elig_paid_h += (W->n_nesting + W->n_productive) * per_half;
    W->phone_h += 0.5 * acc[1];
    if (cxi_is_open(S, S->E.now)) {
        W->duty_open += W->n_rostered;
        W->open_bins += 1;
    }
    return 0;
}

void cxi_workforce_month(cx_sim *S, double minutes)
{
    cxi_workforce *W = &S->M.wf;
    cxi_snapshot *L = &S->M.last;
    double full = S->P.m.hours_per_week * minutes / (7.0 * CX_MINUTES_PER_DAY);
    L->fte = full > 0 ? W->paid_h / full : 0;
    L->on_duty_open = W->open_bins > 0 ? W->duty_open / W->open_bins : 0;
    L->shrinkage = W->elig_paid_h > 0 ? 1.0 - W->phone_h / W->elig_paid_h : 0;
    W->paid_h = W->elig_paid_h = W->phone_h = W->duty_open = W->open_bins = 0;
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
    if (a < M->wf.n_card) M->wf.card[a] = (cxi_card){.day = -1, .sbin = -1};
    M->wf.floor_stale = 1;
    if (ag->rostered) {
        ag->rostered = 0;
        M->wf.n_rostered--;
    }
    cx_queue_duty_off(&S->E, a, 1);
    if (!counted && !was_recruit && !ag->temp) S->T.moved++;
    if (counted && !was_recruit) {
        S->T.leavers++;
        S->T.leaver_apt += ag->apt;
        double tenure = (S->E.now - ag->hired) / CX_MINUTES_PER_DAY;
        if (cxi_note(S, CX_N_QUIT, tenure, "agent quit after %.0f days", tenure)) return -1;
    }
    if (counted) {
        if (cxi_hiring_top_up(S)) return -1;
        return cxi_roster(S);
    }
    return 0;
}

/* The half-hour event. */
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
    W->day_assigned = -1;
    return 0;
}

void cxi_workforce_free(cx_sim *S)
{
    free(S->M.wf.card);
    free(S->M.wf.floor);
    S->M.wf.card = NULL;
    S->M.wf.floor = NULL;
    S->M.wf.n_card = S->M.wf.n_floor = 0;
}
