/* cx_stats: differences and ratios of the cumulative counters. */
#include "cx_stats.h"

static double ratio(double a, double b) { return b > 0 ? a / b : 0.0; }

void cx_counts_diff(const cx_counts *a, const cx_counts *b, cx_counts *d)
{
    d->offered = a->offered - b->offered;
    d->delayed = a->delayed - b->delayed;
    d->answered = a->answered - b->answered;
    d->answered_sl = a->answered_sl - b->answered_sl;
    d->abandoned = a->abandoned - b->abandoned;
    d->completed = a->completed - b->completed;
    d->wait_answered = a->wait_answered - b->wait_answered;
    d->wait_abandoned = a->wait_abandoned - b->wait_abandoned;
    d->handle = a->handle - b->handle;
    d->busy_area = a->busy_area - b->busy_area;
    d->staffed_area = a->staffed_area - b->staffed_area;
    d->queue_area = a->queue_area - b->queue_area;
    d->time = a->time - b->time;
}

void cx_counts_metrics(const cx_counts *c, cx_metrics *m)
{
    double ended = (double)c->answered + (double)c->abandoned;
    m->service_level = ratio((double)c->answered_sl, ended);
    m->p_wait = ratio((double)c->delayed, (double)c->offered);
    m->p_abandon = ratio((double)c->abandoned, ended);
    m->asa_s = 60.0 * ratio(c->wait_answered, (double)c->answered);
    m->mean_wait_s = 60.0 * ratio(c->wait_answered + c->wait_abandoned, ended);
    m->aht_min = ratio(c->handle, (double)c->completed);
    m->occupancy = ratio(c->busy_area, c->staffed_area);
    m->mean_queue = ratio(c->queue_area, c->time);
    m->mean_agents = ratio(c->staffed_area, c->time);
}
