#include "mod.h"       /* ok */
#include "eng.h"       /* ok: the model sits on the engine */
#include "out.h"       /* ok: core/ */
#include <lua.h>       /* bad: Lua */
#include "lauxlib.h"   /* bad: Lua */
#include <SDL2/SDL.h>  /* bad: SDL */
#include "cli.h"       /* bad: the program */
#include "cx_plugin.h" /* bad: the plugins */
#include "view.h"      /* bad: the view */
