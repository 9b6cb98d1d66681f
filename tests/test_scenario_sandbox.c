/* The scenario loader's sandbox: a scenario file cannot reach the system
 * (no io, os, load of bytecode, require ...), cannot run forever (an
 * instruction budget that pcall, xpcall, coroutines and __close cannot
 * swallow; no finalizers; bounded pattern matching) and cannot take all the
 * memory. docs/security.md. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cxt_scenario.h"

TestSuite(sandbox, .init = make_dir, .fini = remove_dir);

Test(sandbox, endless_loop_is_stopped)
{
    watchdog(60);
    cx_params p;
    char err[512];
    cr_assert_eq(load_text("loop.lua", "local n = 0\nwhile true do n = n + 1 end\n", &p, err, sizeof err), -1);
    cr_expect(strstr(err, "loop.lua:2: the scenario stopped after 100000000 instructions") != NULL, "%s", err);
    /* the state is usable again: a good scenario loads after a stopped one */
    cr_assert_eq(load_text("ok.lua", "return { years = 1 }\n", &p, err, sizeof err), 0, "%s", err);
}

Test(sandbox, memory_is_capped)
{
    watchdog(60);
    cx_params p;
    char err[512];
    cr_assert_eq(load_text("mem.lua", "local s = string.rep(\"x\", 200000000)\nreturn { name = s }\n", &p, err,
                           sizeof err),
                 -1);
    cr_expect(strstr(err, "memory") != NULL, "%s", err);
    cr_assert_eq(load_text("mem.lua", "local t = {}\nfor i = 1, 1e9 do t[i] = i end\nreturn {}\n", &p, err,
                           sizeof err),
                 -1);
    cr_expect(strstr(err, "memory") != NULL, "%s", err);
}

Test(sandbox, dangerous_globals_are_absent)
{
    cx_params p;
    char err[512];
    cr_assert_eq(load_text("env.lua",
                           "assert(os == nil, 'os') assert(io == nil, 'io')\n"
                           "assert(load == nil, 'load') assert(loadfile == nil, 'loadfile')\n"
                           "assert(dofile == nil, 'dofile') assert(require == nil, 'require')\n"
                           "assert(package == nil, 'package') assert(debug == nil, 'debug')\n"
                           "assert(collectgarbage == nil, 'collectgarbage')\n"
                           "assert(math and string and table and utf8, 'safe libraries')\n"
                           "return { name = string.format('%d', math.floor(2.5)) }\n",
                           &p, err, sizeof err),
                 0, "%s", err);
    cr_expect_str_eq(p.name, "2");
}

Test(sandbox, calls_to_unavailable_functions_fail)
{
    char mark[2048];
    path_in_dir(mark, sizeof mark, "MARK");
    struct { const char *fmt, *what; } calls[] = {
        {"\nos.execute('touch %s')\nreturn {}\n", "(global 'os')"},
        {"\nlocal f = io.open('%s', 'w')\nreturn {}\n", "(global 'io')"},
        {"\nload('return 1')\nreturn { name = '%s' }\n", "(global 'load')"},
        {"\ndofile('%s')\nreturn {}\n", "(global 'dofile')"},
        {"\nloadfile('%s')\nreturn {}\n", "(global 'loadfile')"},
        {"\nrequire('%s')\nreturn {}\n", "(global 'require')"},
    };
    for (size_t i = 0; i < sizeof calls / sizeof *calls; i++) {
        char text[4200];
        snprintf(text, sizeof text, calls[i].fmt, mark);
        expect_lua_error(text, 2, calls[i].what);
        cr_expect_neq(access(mark, F_OK), 0, "the scenario created a file:\n%s", text);
    }
}

/* Ways around the instruction limit. Each has a watchdog so that a
 * regression fails instead of hanging the suite. */
static void expect_stopped(const char *name, const char *text)
{
    cx_params p;
    char err[512];
    cr_assert_eq(load_text(name, text, &p, err, sizeof err), -1, "not stopped:\n%s", text);
    cr_expect(strstr(err, name) && strstr(err, "the scenario stopped after 100000000 instructions"), "%s", err);
}

Test(sandbox, pcall_cannot_swallow_the_instruction_limit)
{
    watchdog(120);
    expect_stopped("loop.lua", "while true do pcall(function() while true do end end) end\n");
}

Test(sandbox, xpcall_and_its_handler_cannot_swallow_the_limit)
{
    watchdog(120);
    expect_stopped("loop.lua", "while true do\n"
                               "  xpcall(function() while true do end end, function(m) while true do end end)\n"
                               "end\n");
}

Test(sandbox, coroutines_cannot_swallow_the_limit)
{
    watchdog(120);
    expect_stopped("wrap.lua", "while true do pcall(coroutine.wrap(function() while true do end end)) end\n");
    expect_stopped("resume.lua", "while true do\n"
                                 "  coroutine.resume(coroutine.create(function() while true do end end))\n"
                                 "end\n");
}

Test(sandbox, close_handlers_cannot_swallow_the_limit)
{
    watchdog(120);
    expect_stopped("close.lua", "local mt = { __close = function() while true do end end }\n"
                                "while true do\n"
                                "  pcall(function() local x <close> = setmetatable({}, mt) while true do end end)\n"
                                "end\n");
}

/* Each coroutine used to count on its own: many short ones never reached the limit. */
Test(sandbox, coroutines_share_the_budget)
{
    watchdog(120);
    expect_stopped("co.lua", "while true do\n"
                             "  coroutine.wrap(function() for i = 1, 5000000 do end end)()\n"
                             "end\n");
    expect_stopped("co2.lua", "while true do\n"
                              "  local co = coroutine.create(function() for i = 1, 500 do end end)\n"
                              "  coroutine.resume(co)\n"
                              "end\n");
    /* coroutines that stay within the budget work */
    cx_params p;
    char err[512];
    cr_assert_eq(load_text("ok.lua",
                           "local gen = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end end)\n"
                           "return { name = 'n' .. (gen() + gen() + gen()) }\n",
                           &p, err, sizeof err),
                 0, "%s", err);
    cr_expect_str_eq(p.name, "n6");
}

/* Finalizers run with hooks off, where no limit reaches: a scenario cannot
 * set one (the endless one would hang inside lua_close). */
Test(sandbox, finaliser_cannot_run_forever)
{
    watchdog(20);
    cx_params p;
    char err[512];
    cr_assert_eq(load_text("gc.lua", "setmetatable({}, { __gc = function() while true do end end })\nreturn {}\n",
                           &p, err, sizeof err),
                 -1);
    cr_expect(strstr(err, "gc.lua:1: setmetatable: __gc (a finalizer) is not allowed"), "%s", err);
    /* a __gc added to the metatable afterwards is never called (Lua marks objects at setmetatable) */
    cr_assert_eq(load_text("gc2.lua",
                           "local mt = {}\nlocal t = setmetatable({}, mt)\n"
                           "mt.__gc = function() while true do end end\nt = nil\nreturn {}\n",
                           &p, err, sizeof err),
                 0, "%s", err);
}

Test(sandbox, pattern_matching_is_bounded)
{
    watchdog(20);
    static const char *const bombs[] = {
        "string.rep('a', 40):find(string.rep('a*', 30) .. 'b')\nreturn {}\n",
        "string.rep('a', 40):match(string.rep('a-', 30) .. 'b')\nreturn {}\n",
        "for w in string.gmatch(string.rep('a', 5000), '.-.-.-b') do end\nreturn {}\n",
        "string.gsub(string.rep('a', 40), string.rep('a?', 40) .. string.rep('a*', 20) .. 'b', '')\nreturn {}\n",
        "string.find(string.rep('a', 30000000), string.rep('a', 100) .. 'b', 1, true)\nreturn {}\n",
    };
    for (size_t i = 0; i < sizeof bombs / sizeof *bombs; i++) {
        cx_params p;
        char err[512];
        cr_assert_eq(load_text("re.lua", bombs[i], &p, err, sizeof err), -1, "%s", bombs[i]);
        cr_expect(strstr(err, "re.lua:1: string.") && strstr(err, "over the sandbox's bound"), "%s", err);
    }
    /* ordinary patterns work */
    cx_params p;
    char err[512];
    cr_assert_eq(load_text("re.lua",
                           "local a, b = ('  key = value  '):match('^%s*(%w+)%s*=%s*(.-)%s*$')\n"
                           "local n = select(2, ('a,b,c'):gsub(',', ';'))\n"
                           "return { name = a .. b .. n .. ('x.y'):find('.', 1, true) }\n",
                           &p, err, sizeof err),
                 0, "%s", err);
    cr_expect_str_eq(p.name, "keyvalue22");
}

Test(sandbox, no_bytecode_and_no_dump)
{
    cx_params p;
    char err[512];
    cr_assert_eq(load_text("dump.lua",
                           "assert(string.dump == nil, 'string.dump')\n"
                           "assert(('').dump == nil, 'dump through the string metatable')\n"
                           "assert(coroutine and coroutine.wrap, 'coroutine is available, in the budget')\n"
                           "return {}\n",
                           &p, err, sizeof err),
                 0, "%s", err);
}
