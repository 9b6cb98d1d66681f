/* cx_isolate: run one regime in a child process, so that a native policy's crash, exit or hang is reported, not fatal. */
#ifndef CX_ISOLATE_H
#define CX_ISOLATE_H

#include <stddef.h>

#include "cx_sim.h"

/* Run S (not started, its policies attached) to its horizon in a forked
 * child process. The child records which policy callback it is in (side,
 * decision point, month) in a page shared with this process before each
 * call, and sends the finished run back over a pipe (cx_sim_pack); S then
 * holds it (cx_sim_unpack), byte for byte what an in-process run gives
 * its readers. `regime` and `policy[side]` (the policies' names) are for
 * messages; a callback running longer than `timeout_s` seconds of wall
 * clock has its child killed.
 *
 * Returns 0, or -1 with a message in err naming the policy, the regime,
 * the decision point and the month: "policy 'P' (provider of regime 'R')
 * crashed (SIGSEGV) in on_month at month 7", "... ended the process (exit
 * status 0) ...", "... did not return within 10 s ...", or the run's own
 * error when the child reported one. */
int cx_isolate_run(cx_sim *S, const char *regime, const char *const policy[CX_SIDE_COUNT], double timeout_s,
                   char *err, size_t n);

#endif
