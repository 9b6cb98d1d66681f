/* cx_meta: what makes a result reproducible: cxsim's version and commit, a scenario's resolved fields and their hash.
 *
 * A scenario resolves to a flat list of (field path, value) pairs in the
 * order of cx_param_table: every scalar by its path; an array element as
 * PATH[i] (1-based); a list of records as PATH (its count) and PATH[i].FIELD;
 * a regime's policies in the form s:set and --set take, LABEL.client.policy
 * and LABEL.client.OPTION (likewise provider). The hash is FNV-1a 64 over
 * "path=value\n" of every pair: two scenarios that run alike hash alike,
 * whatever file or table they came from. */
#ifndef CX_META_H
#define CX_META_H

#include <stdint.h>
#include <stdio.h>

#include "cx_params.h"

/* The version (project(VERSION) in CMakeLists.txt) and the git commit the
 * build was configured from ("unknown" outside a git checkout; "-dirty"
 * appended when tracked files differed from it at configure time). */
const char *cx_meta_version(void);
const char *cx_meta_commit(void);

/* One resolved field: its path, its value as text (numbers in the fewest
 * digits, 15 to 17, that read back exactly; seeds
 * in decimal, booleans true/false, enums by name), and is_text: 1 for text
 * values (names, seeds as decimal strings), 0 for numbers and booleans. */
typedef void (*cx_meta_field_fn)(void *ud, const char *path, const char *value, int is_text);

/* Call fn for every field of P, in the order described above. */
void cx_meta_fields(const cx_params *P, cx_meta_field_fn fn, void *ud);

/* FNV-1a 64 of the resolved fields of P. */
uint64_t cx_meta_hash(const cx_params *P);

/* A JSON string (quotes and escapes). */
void cx_meta_json_string(FILE *f, const char *s);

/* The resolved fields of P as a JSON object {"path": value, ...}, each
 * member on a line of its own indented by `indent` spaces. */
void cx_meta_scenario_json(FILE *f, const cx_params *P, int indent);

/* The opening members every metadata file shares:
 *   "cxsim": {"version": ..., "commit": ...}, "scenario_hash": "fnv1a64:HEX",
 * (indented by two spaces, each ending with a comma and a newline). */
void cx_meta_head_json(FILE *f, const cx_params *P);

#endif
