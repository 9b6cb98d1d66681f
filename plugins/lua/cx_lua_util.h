/* cx_lua_util: the one sandbox and budget of every cxsim Lua state (scenario, policy, experiment).
 *
 * A Lua state that runs a file from someone else is made by
 * cx_lua_state_new: its allocator refuses to grow past a memory cap, and
 * an instruction budget is counted by a count hook. Both live in one
 * cx_lua_budget, the allocator's user data, so every thread of the state
 * (coroutines included) finds and charges the same budget.
 *
 * The limit cannot be caught: once the budget is spent the state is
 * "tripped", the hook fires on every instruction of every thread and
 * raises again, so pcall, xpcall, coroutine.wrap or a __close handler
 * cannot swallow it (xpcall's message handler is skipped once the limit
 * is hit: Lua would run it with hooks off); only the host's lua_pcall ends the run. The next
 * cx_lua_budget_arm starts a fresh budget.
 *
 * The budget also has a wall-clock deadline, checked by the same hook
 * (every 1,000 instructions): one instruction can cost milliseconds when
 * it copies large strings (`s .. s`, string.rep up to the memory cap), so
 * the count alone does not bound time. A deadline trips the state the
 * same way. Callers may move the deadline (cx_lua_budget_pause) while the
 * host does work of its own, such as an experiment's simulations.
 *
 * cx_lua_open_sandbox gives the restricted library: base (without dofile,
 * loadfile, require, collectgarbage; `load` for text chunks only, or
 * absent), math, string (without string.dump; find, match, gmatch and gsub
 * refuse patterns whose worst case is too costly and charge the rest to
 * the budget), table, utf8, coroutine (every new thread counts into the
 * same budget) and, on request, the clocks of os. setmetatable refuses
 * metatables with a __gc field: finalizers run with hooks off (in the
 * middle of an allocation or inside lua_close), where no budget can stop
 * them, so a sandboxed state has none written in Lua. */
#ifndef CX_LUA_UTIL_H
#define CX_LUA_UTIL_H

#include <stddef.h>

/* Limits of the Lua states of one policy, scenario or experiment. */
typedef struct cx_lua_limits {
    size_t mem_bytes;             /* bytes one Lua state may allocate */
    long steps;                   /* VM instructions one call (or the script's load) may run */
    double seconds;               /* wall-clock seconds one call may take; 0: no deadline */
    int unsafe;                   /* 1: full standard library (io, os, package, debug), the user's choice */
} cx_lua_limits;

/* Memory and instructions of a Lua state; the allocator's user data. */
typedef struct cx_lua_budget {
    size_t used;                  /* bytes allocated now */
    size_t cap;                   /* refuse to grow past this */
    long steps;                   /* instructions one armed run may execute */
    long left;                    /* instructions left in the armed run */
    int tripped;                  /* 1 once spent: every instruction raises until the host */
    double seconds;               /* wall-clock seconds an armed run may take; 0: no deadline */
    double deadline;              /* CLOCK_MONOTONIC time it ends, 0: none */
    int timed_out;                /* 1 when the deadline (not the count) tripped it */
    const char *seconds_knob;     /* how the user raises the deadline */
    const char *what;             /* what runs, for messages ("loading", "on_month", "the scenario") */
    const char *steps_knob;       /* how the user raises the step limit (e.g. "CXSIM_LUA_MAX_STEPS") */
    const char *mem_knob;         /* how the user raises the memory cap */
} cx_lua_budget;

/* Largest worst-case cost (character comparisons) of one pattern match;
 * a costlier find/match/gmatch/gsub is refused with an error. */
#define CX_LUA_PATTERN_MAX 400000000.0
/* Budget steps charged per CX_LUA_PATTERN_PER_STEP comparisons of a match's worst case. */
#define CX_LUA_PATTERN_PER_STEP 64.0

/* A lua_Alloc that refuses to grow past budget->cap (ud is a cx_lua_budget). */
void *cx_lua_capped_alloc(void *ud, void *ptr, size_t osize, size_t nsize);

struct lua_State;

/* A new state whose allocator and hook use *b (zeroed here, then cap and
 * steps set; knobs name the flags or variables for messages). NULL when
 * even the state cannot be allocated. Nothing is opened yet. */
struct lua_State *cx_lua_state_new(cx_lua_budget *b, size_t mem_cap, long steps, const char *steps_knob,
                                   const char *mem_knob);

/* What cx_lua_open_sandbox adds to the common library. */
enum {
    CX_LUA_WITH_LOAD = 1,         /* `load`, text chunks only */
    CX_LUA_WITH_CLOCKS = 2,       /* os.clock, os.time, os.date, os.difftime (nothing else of os) */
};

/* Open the sandboxed library (see above) in L. Allocates: call it under
 * lua_pcall (from a lua_CFunction). */
void cx_lua_open_sandbox(struct lua_State *L, unsigned with);

/* Start a fresh budget of b->steps instructions for `what`, on the main
 * thread (coroutines get the hook when created). */
void cx_lua_budget_arm(struct lua_State *L, const char *what);

/* Stop counting on the main thread (after the host's lua_pcall returned). */
void cx_lua_budget_disarm(struct lua_State *L);

/* Seconds on CLOCK_MONOTONIC. */
double cx_lua_now(void);

/* Move the deadline by the time since `since` (cx_lua_now()): time the
 * host spent on its own work does not count. */
void cx_lua_budget_pause(cx_lua_budget *b, double since);

/* Charge `steps` to the budget from a C function; raises the limit error
 * (and trips the state) when it is spent. */
void cx_lua_budget_charge(struct lua_State *L, double steps);

/* The budget of L (the allocator's user data). */
cx_lua_budget *cx_lua_budget_of(struct lua_State *L);

/* The message of a failed lua_pcall (status, error object on top) into
 * buf: a string as it is; the memory cap as "FILE: WHAT: memory limit of N
 * MiB reached (KNOB)"; any other error object as "FILE: error object is a
 * TYPE value" (error({}), error(nil)), never "(null)". */
void cx_lua_error_text(struct lua_State *L, int status, const char *file, char *buf, size_t n);

/* The warning printed when a run opens the full library. */
#define CX_LUA_UNSAFE_WARNING \
    "cxsim: warning: --unsafe: Lua scenarios, policies and experiments run with the full standard library\n"

/* The whole file, NUL-terminated (length in *len if len is not NULL); NULL
 * when it cannot be read. Free with free(). */
char *cx_read_file(const char *path, size_t *len);

/* Write all n bytes to fd, retrying short writes and EINTR: 0, or -1 with
 * errno set. */
int cx_write_all(int fd, const void *buf, size_t n);

#endif
