/* cx_notes: the notable events of a run (hires, quits, defects, rate
 * changes, tenders ...), in time order, for events.csv and the view. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cxi.h"

/* ---- notes ------------------------------------------------------------ */

int cxi_note(cx_sim *S, int kind, double value, const char *fmt, ...)
{
    cxi_model *M = &S->M;
    if (M->n_notes == M->cap_notes) {
        size_t cap = M->cap_notes ? 2 * M->cap_notes : 256;
        cx_note *n = realloc(M->notes, cap * sizeof *n);
        if (!n) return cxi_error(S, CX_ERR_NOMEM, "out of memory recording an event");
        M->notes = n;
        M->cap_notes = cap;
    }
    cx_note *n = &M->notes[M->n_notes++];
    n->t = S->E.now;
    n->kind = kind;
    n->value = value;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(n->text, sizeof n->text, fmt, ap);
    va_end(ap);
    return 0;
}

size_t cx_sim_notes(const cx_sim *S) { return S->model ? S->M.n_notes : 0; }

const cx_note *cx_sim_note(const cx_sim *S, size_t i)
{
    return S->model && i < S->M.n_notes ? &S->M.notes[i] : NULL;
}
