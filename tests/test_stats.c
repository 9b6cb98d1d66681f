/* Engine: the counters' differences and the metrics derived from them (cx_stats). */
#include <criterion/criterion.h>

#include "cx_stats.h"

static const cx_counts a = {.offered = 110, .delayed = 40, .answered = 95, .answered_sl = 80, .abandoned = 10,
                            .completed = 93, .wait_answered = 47.5, .wait_abandoned = 12.5, .handle = 372,
                            .busy_area = 360, .staffed_area = 450, .queue_area = 30, .time = 100};

Test(stats, metrics_from_counts)
{
    cx_metrics m;
    cx_counts_metrics(&a, &m);
    cr_assert_float_eq(m.service_level, 80.0 / 105, 1e-15, "answered in time over answered + abandoned");
    cr_assert_float_eq(m.p_wait, 40.0 / 110, 1e-15);
    cr_assert_float_eq(m.p_abandon, 10.0 / 105, 1e-15);
    cr_assert_float_eq(m.asa_s, 60 * 47.5 / 95, 1e-12);
    cr_assert_float_eq(m.mean_wait_s, 60 * 60.0 / 105, 1e-12);
    cr_assert_float_eq(m.aht_min, 372.0 / 93, 1e-15);
    cr_assert_float_eq(m.occupancy, 0.8, 1e-15);
    cr_assert_float_eq(m.mean_queue, 0.3, 1e-15);
    cr_assert_float_eq(m.mean_agents, 4.5, 1e-15);
}

Test(stats, empty_period_gives_zeros_not_nan)
{
    cx_counts z = {0};
    cx_metrics m;
    cx_counts_metrics(&z, &m);
    const double *f = (const double *)&m;
    for (size_t i = 0; i < sizeof m / sizeof *f; i++) cr_assert_float_eq(f[i], 0, 0, "field %zu", i);
}

Test(stats, a_period_is_the_difference_of_two_snapshots)
{
    cx_counts b = {.offered = 10, .delayed = 4, .answered = 9, .answered_sl = 8, .abandoned = 1, .completed = 8,
                   .wait_answered = 7.5, .wait_abandoned = 2.5, .handle = 32, .busy_area = 60, .staffed_area = 50,
                   .queue_area = 10, .time = 20};
    cx_counts d;
    cx_counts_diff(&a, &b, &d);
    cr_assert_eq(d.offered, 100u);
    cr_assert_eq(d.delayed, 36u);
    cr_assert_eq(d.answered, 86u);
    cr_assert_eq(d.answered_sl, 72u);
    cr_assert_eq(d.abandoned, 9u);
    cr_assert_eq(d.completed, 85u);
    cr_assert_float_eq(d.wait_answered, 40, 1e-12);
    cr_assert_float_eq(d.wait_abandoned, 10, 1e-12);
    cr_assert_float_eq(d.handle, 340, 1e-12);
    cr_assert_float_eq(d.busy_area, 300, 1e-12);
    cr_assert_float_eq(d.staffed_area, 400, 1e-12);
    cr_assert_float_eq(d.queue_area, 20, 1e-12);
    cr_assert_float_eq(d.time, 80, 1e-12);
    /* the difference of a snapshot with itself is an empty period */
    cx_counts_diff(&a, &a, &d);
    cr_assert_eq(d.offered, 0u);
    cr_assert_float_eq(d.time, 0, 0);
}
