#include <stdio.h>     /* ok: a system header */
#include "eng.h"       /* ok: its own folder */
#include "mod.h"       /* bad: the model */
#include "out.h"       /* bad: the outputs */
#  include "pol.h"     /* bad: the ABI */
