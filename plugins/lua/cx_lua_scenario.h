/* cx_lua_scenario: read a scenario file (a Lua table) into cx_params. */
#ifndef CX_LUA_SCENARIO_H
#define CX_LUA_SCENARIO_H

#include <stddef.h>

#include "cx_params.h"

/* Run the scenario file in a restricted Lua state and set every field it
 * names, on top of what *p already holds (the defaults, usually). On error
 * returns -1 with "FILE:LINE: field 'PATH': what is wrong" in err. */
int cx_lua_load_scenario(const char *path, cx_params *p, char *err, size_t n);

/* The same from text in memory (`len` bytes; `path` names it in messages).
 * A NUL byte in the text is refused. */
int cx_lua_load_scenario_text(const char *path, const char *text, size_t len, cx_params *p, char *err,
                              size_t n);

#endif
