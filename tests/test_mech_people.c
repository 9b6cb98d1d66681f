/* Mechanism: people (cx_people): hires' aptitude and the pool's response to
 * pay, outside offers rising with aptitude and knowledge, the poaching hazard
 * they add, and, through a run, a pay cut that takes the best agents first:
 * lower mean aptitude on the floor and lower FCR within a year. */
#include "cxt_model.h"

static cx_sim *people_sim(int on)
{
    cx_params P;
    cxt_quiet(&P, 31, 1);
    P.on.learning = 1;
    P.on.people = on;
    return cxt_new(&P);
}

Test(people, aptitude_pool_follows_pay)
{
    cx_sim *S = people_sim(1);
    const cx_model_params *m = &S->P.m;
    const int n = 20000;
    for (int pass = 0; pass < 2; pass++) {
        double pay = pass ? 0.9 : 1.0;
        S->M.lever[CX_L_PAY_REL] = pay;
        double sum = 0, sum_log = 0, sum_log2 = 0;
        for (int i = 0; i < n; i++) {
            double a = cxi_people_aptitude(S);
            cr_assert_gt(a, 0);
            sum += a;
            sum_log += log(a);
            sum_log2 += log(a) * log(a);
        }
        double mean = 1 + m->hire_pay_slope * (pay - 1), sd = mean * sqrt(exp(m->aptitude_sd * m->aptitude_sd) - 1);
        cr_assert(fabs(sum / n - mean) < 4 * sd / sqrt(n), "pay %.2f: mean aptitude %.4f, expected %.4f", pay, sum / n, mean);
        double lsd = sqrt(sum_log2 / n - (sum_log / n) * (sum_log / n));
        cr_assert(fabs(lsd - m->aptitude_sd) < 0.01, "log sd %.4f, expected %.4f", lsd, m->aptitude_sd);
    }
    cx_sim_free(S);
    S = people_sim(0);
    cx_rng before = S->rng[CX_STREAM_PEOPLE];
    cr_assert_float_eq(cxi_people_aptitude(S), 1.0, 0, "identical agents with mechanisms.people off");
    cr_assert_neq(memcmp(before.s, S->rng[CX_STREAM_PEOPLE].s, sizeof before.s), 0, "the draw is made anyway");
    cx_sim_free(S);
}

Test(people, outside_offer_and_poaching)
{
    cx_sim *S = people_sim(1);
    const cx_model_params *m = &S->P.m;
    cxi_person p = {.apt = 1.2f, .k = 0.8};
    S->M.lever[CX_L_PAY_REL] = 0.95;
    double outside = 1 + m->outside_skill * (p.apt - 1) + m->outside_knowledge * p.k;
    cr_assert_float_eq(cxi_people_outside(S, &p), outside, 1e-7);
    cr_assert_float_eq(cxi_people_poach_per_day(S, &p), m->poach_rate * (outside - 0.95) / 365.25, 1e-9);
    cxi_person weak = {.apt = 0.8f, .k = 0.1};
    cr_assert_float_eq(cxi_people_poach_per_day(S, &weak), 0, 0, "no offer above its pay, no poaching");
    S->M.lever[CX_L_PAY_REL] = 0.85;
    cr_assert_gt(cxi_people_poach_per_day(S, &p) - cxi_people_poach_per_day(S, &weak), 0.10 * m->poach_rate / 365.25,
                 "a pay cut raises the best agent's hazard more than the weakest's");
    p.temp = 1;
    cr_assert_float_eq(cxi_people_poach_per_day(S, &p), 0, 0, "temps are not poached");
    /* the knowledge an agent applies */
    cxi_person q = {.apt = 1.25f, .k = 0.6};
    cr_assert_float_eq(cxi_people_applied(S, &q, 0.6), 0.75, 1e-6);
    cr_assert_float_eq(cxi_people_applied(S, &q, 0.9), 1.0, 0, "never above full knowledge");
    cx_sim_free(S);
    S = people_sim(0);
    cr_assert_float_eq(cxi_people_applied(S, &q, 0.6), 0.6, 0);
    cr_assert_float_eq(cxi_people_poach_per_day(S, &p), 0, 0);
    cx_sim_free(S);
}

/* The whole model for a year at market pay and at a 12% cut, same seed:
 * the cut leaves weaker agents on the floor and lower FCR in the second
 * half-year, and its leavers are better than the agents who stay. */
Test(people, a_pay_cut_loses_the_best_and_fcr_within_a_year, .timeout = 240)
{
    double apt[2], fcr[2], leaver[2], floor_mean[2];
    for (int cut = 0; cut < 2; cut++) {
        cx_params P;
        cxt_centre(&P, "people", 77, 1, 1.5);
        cx_sim *S = cxt_new(&P);
        cr_assert_eq(cx_sim_override(S, CX_L_PAY_REL, cut ? 0.88 : 1.0), 0);
        cr_assert_eq(cx_sim_run(S), 0, "%s", cx_sim_error(S));
        size_t n = cx_sim_periods(S);
        cr_assert_eq(n, 12u);
        apt[cut] = cxt_col(S, n - 1, "mean_aptitude");
        double first = 0, done = 0, lv = 0, lva = 0, fl = 0;
        for (size_t mo = 0; mo < n; mo++) {
            if (mo >= 6) {
                first += cxt_col(S, mo, "first_contacts");
                done += cxt_col(S, mo, "resolved_first");
            }
            lv += cxt_col(S, mo, "leavers");
            lva += cxt_col(S, mo, "leavers") * cxt_col(S, mo, "leaver_aptitude");
            fl += cxt_col(S, mo, "mean_aptitude") / (double)n;
        }
        fcr[cut] = done / first;
        leaver[cut] = lv > 0 ? lva / lv : 0;
        floor_mean[cut] = fl;
        cx_sim_free(S);
    }
    cr_log_info("aptitude %.3f vs %.3f, fcr %.4f vs %.4f, leavers %.3f vs floor %.3f", apt[1], apt[0], fcr[1], fcr[0],
                leaver[1], floor_mean[1]);
    cr_assert_lt(apt[1], apt[0] - 0.02, "mean aptitude on the floor after a year: %.3f at the cut, %.3f at market pay",
                 apt[1], apt[0]);
    cr_assert_lt(fcr[1], fcr[0] - 0.005, "FCR in months 7-12: %.4f at the cut, %.4f at market pay", fcr[1], fcr[0]);
    cr_assert_gt(leaver[1], floor_mean[1], "at the cut its leavers (%.3f) are better than its floor (%.3f)", leaver[1],
                 floor_mean[1]);
}
