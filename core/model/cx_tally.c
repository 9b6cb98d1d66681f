/* cx_tally: differences of the model's counters. */
#include "cx_tally.h"

void cx_tally_diff(const cx_tally *a, const cx_tally *b, cx_tally *d)
{
    d->resolved = a->resolved - b->resolved;
    d->resolved_first = a->resolved_first - b->resolved_first;
    d->first_completed = a->first_completed - b->first_completed;
    d->repeats = a->repeats - b->repeats;
    d->gave_up = a->gave_up - b->gave_up;
    d->csat_top = a->csat_top - b->csat_top;
    d->deflected = a->deflected - b->deflected;
    d->ss_sessions = a->ss_sessions - b->ss_sessions;
    d->ss_contacts = a->ss_contacts - b->ss_contacts;
    d->defect_contacts = a->defect_contacts - b->defect_contacts;
    d->gone = a->gone - b->gone;
    d->churned = a->churned - b->churned;
    d->hires = a->hires - b->hires;
    d->proficient = a->proficient - b->proficient;
    d->proficient_days = a->proficient_days - b->proficient_days;
    d->leavers = a->leavers - b->leavers;
    d->leaver_apt = a->leaver_apt - b->leaver_apt;
    d->moved = a->moved - b->moved;
    d->noticed = a->noticed - b->noticed;
    d->reported = a->reported - b->reported;
    d->fixed = a->fixed - b->fixed;
    d->avoided = a->avoided - b->avoided;
    d->revenue_saved = a->revenue_saved - b->revenue_saved;
}
