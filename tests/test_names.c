/* The vocabularies (keys, levers, decision points, sides, phases, note kinds,
 * monthly columns): every entry named, names unique, lookups round-trip, and
 * each lever's default inside its own range. */
#include <criterion/criterion.h>
#include <string.h>

#include "cx_policy_host.h"
#include "cx_row.h"
#include "cx_sim.h"

typedef const char *(*name_fn)(int);

static void expect_unique(const char *what, name_fn name, int n)
{
    for (int i = 0; i < n; i++) {
        const char *a = name(i);
        cr_expect(a && *a && strcmp(a, "?"), "%s %d has no name", what, i);
        for (int j = 0; j < i; j++) cr_expect(strcmp(a, name(j)), "%s %d and %d are both '%s'", what, j, i, a);
    }
    cr_expect_str_eq(name(n), "?", "%s past the end", what);
    cr_expect_str_eq(name(-1), "?", "%s before the start", what);
}

static const char *column_name(int i) { return i >= 0 && i < CX_C_COUNT ? cx_row_columns[i].name : "?"; }

Test(names, every_vocabulary_is_named_once)
{
    expect_unique("key", cx_key_name, CX_K_COUNT);
    expect_unique("lever", cx_lever_name, CX_L_COUNT);
    expect_unique("decision point", cx_point_name, CX_POINT_COUNT);
    expect_unique("side", cx_side_name, CX_SIDE_COUNT);
    expect_unique("phase", cx_phase_name, 4);
    expect_unique("note kind", cx_note_kind_name, CX_N_KIND_COUNT);
    expect_unique("column", column_name, CX_C_COUNT);
    cr_expect_eq(cx_row_count(), CX_C_COUNT);
    cr_expect_null(cx_row_columns[CX_C_COUNT].name);
}

Test(names, lookups_round_trip)
{
    for (int k = 0; k < CX_K_COUNT; k++) cr_expect_eq(cx_key_find(cx_key_name(k)), k, "key %s", cx_key_name(k));
    for (int l = 0; l < CX_L_COUNT; l++)
        cr_expect_eq(cx_lever_find(cx_lever_name(l)), l, "lever %s", cx_lever_name(l));
    for (int c = 0; c < CX_C_COUNT; c++) cr_expect_eq(cx_row_find(cx_row_columns[c].name), c);
    cr_expect_eq(cx_key_find("no_such_key"), -1);
    cr_expect_eq(cx_lever_find("no_such_lever"), -1);
    cr_expect_eq(cx_row_find("no_such_column"), -1);
}

Test(names, lever_defaults_lie_in_their_range)
{
    for (int l = 0; l < CX_L_COUNT; l++) {
        const cx_lever_desc *d = cx_lever_info(l);
        cr_assert_not_null(d);
        cr_expect(d->lo <= d->def && d->def <= d->hi, "lever %s: default %g outside [%g, %g]", d->name, d->def,
                  d->lo, d->hi);
        cr_expect(d->side == CX_CLIENT || d->side == CX_PROVIDER, "lever %s has no owner", d->name);
        cr_expect(d->doc && *d->doc, "lever %s has no doc", d->name);
    }
}
