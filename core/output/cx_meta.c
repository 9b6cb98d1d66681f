/* cx_meta: the version and commit of the build, a scenario's resolved fields, their hash, JSON of both. */
#include "cx_meta.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef CX_VERSION_TEXT
#define CX_VERSION_TEXT "unknown"
#endif
#ifndef CX_COMMIT_TEXT
#define CX_COMMIT_TEXT "unknown"
#endif

const char *cx_meta_version(void) { return CX_VERSION_TEXT; }
const char *cx_meta_commit(void) { return CX_COMMIT_TEXT; }

/* The shortest of %.15g, %.16g, %.17g that reads back as v. */
static void real_text(char *out, size_t n, double v)
{
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(out, n, "%.*g", prec, v);
        if (strtod(out, NULL) == v) return;
    }
}

static void emit_policy(const cx_policy_spec *sp, const char *prefix, cx_meta_field_fn fn, void *ud)
{
    char path[256], v[64];
    snprintf(path, sizeof path, "%s.policy", prefix);
    fn(ud, path, sp->name, 1);
    for (int o = 0; o < sp->n_options; o++) {
        snprintf(path, sizeof path, "%s.%s", prefix, sp->opt_name[o]);
        real_text(v, sizeof v, sp->opt_value[o]);
        fn(ud, path, v, 0);
    }
}

/* The fields of table t at base, paths prefixed by `prefix` (may be ""). */
static void emit_table(const void *base, const cx_param_desc *t, const char *prefix, cx_meta_field_fn fn, void *ud)
{
    char path[256], v[512];
    for (const cx_param_desc *d = t; d->path; d++) {
        const char *p = (const char *)base + d->offset;
        snprintf(path, sizeof path, "%s%s", prefix, d->path);
        switch (d->type) {
        case CX_PT_REAL: real_text(v, sizeof v, *(const double *)p); fn(ud, path, v, 0); break;
        case CX_PT_INT: snprintf(v, sizeof v, "%d", *(const int *)p); fn(ud, path, v, 0); break;
        case CX_PT_BOOL: fn(ud, path, *(const int *)p ? "true" : "false", 0); break;
        case CX_PT_SEED:
            snprintf(v, sizeof v, "%llu", (unsigned long long)*(const uint64_t *)p);
            fn(ud, path, v, 1);
            break;
        case CX_PT_ENUM: {
            int k = *(const int *)p, n = 0;
            while (d->names[n]) n++;
            fn(ud, path, k >= 0 && k < n ? d->names[k] : "?", 1);
            break;
        }
        case CX_PT_TEXT: fn(ud, path, p, 1); break;
        case CX_PT_REALS:
            for (int i = 0; i < d->count; i++) {
                snprintf(path, sizeof path, "%s%s[%d]", prefix, d->path, i + 1);
                real_text(v, sizeof v, ((const double *)p)[i]);
                fn(ud, path, v, 0);
            }
            break;
        case CX_PT_POLICY: emit_policy((const cx_policy_spec *)p, path, fn, ud); break;
        case CX_PT_RECORDS: {
            int cnt = *(const int *)((const char *)base + d->count_offset);
            snprintf(v, sizeof v, "%d", cnt);
            fn(ud, path, v, 0);
            int regimes = !prefix[0] && !strcmp(d->path, "regimes");
            for (int i = 0; i < cnt; i++) {
                const char *rec = p + (size_t)i * d->elem_size;
                char pre[256];
                if (regimes) { /* LABEL.client.policy, as s:set takes it; the label by position */
                    const cx_regime *R = (const cx_regime *)rec;
                    snprintf(pre, sizeof pre, "regimes[%d].name", i + 1);
                    fn(ud, pre, R->label, 1);
                    snprintf(pre, sizeof pre, "%s.client", R->label);
                    emit_policy(&R->client, pre, fn, ud);
                    snprintf(pre, sizeof pre, "%s.provider", R->label);
                    emit_policy(&R->provider, pre, fn, ud);
                    continue;
                }
                snprintf(pre, sizeof pre, "%s%s[%d].", prefix, d->path, i + 1);
                emit_table(rec, d->fields, pre, fn, ud);
            }
            break;
        }
        default: break; /* a field type added later: not listed until described here */
        }
    }
}

void cx_meta_fields(const cx_params *P, cx_meta_field_fn fn, void *ud) { emit_table(P, cx_param_table, "", fn, ud); }

static void hash_field(void *ud, const char *path, const char *value, int is_text)
{
    uint64_t *h = ud;
    const char *parts[3] = {path, "=", value};
    (void)is_text;
    for (int k = 0; k < 3; k++)
        for (const unsigned char *c = (const unsigned char *)parts[k]; *c; c++) *h = (*h ^ *c) * 0x100000001b3ull;
    *h = (*h ^ '\n') * 0x100000001b3ull;
}

uint64_t cx_meta_hash(const cx_params *P)
{
    uint64_t h = 0xcbf29ce484222325ull;
    cx_meta_fields(P, hash_field, &h);
    return h;
}

void cx_meta_json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\') fprintf(f, "\\%c", ch);
        else if (ch < 0x20) fprintf(f, "\\u%04x", ch);
        else fputc(ch, f);
    }
    fputc('"', f);
}

typedef struct json_out {
    FILE *f;                      /* where */
    int indent;                   /* spaces before each member */
    int n;                        /* members written */
} json_out;

static void json_field(void *ud, const char *path, const char *value, int is_text)
{
    json_out *o = ud;
    fprintf(o->f, "%s\n%*s", o->n++ ? "," : "", o->indent, "");
    cx_meta_json_string(o->f, path);
    fputs(": ", o->f);
    if (is_text) cx_meta_json_string(o->f, value);
    else fputs(value, o->f);
}

void cx_meta_scenario_json(FILE *f, const cx_params *P, int indent)
{
    json_out o = {f, indent, 0};
    fputc('{', f);
    cx_meta_fields(P, json_field, &o);
    fprintf(f, "\n%*s}", indent > 2 ? indent - 2 : 0, "");
}

void cx_meta_head_json(FILE *f, const cx_params *P)
{
    fputs("  \"cxsim\": {\"version\": ", f);
    cx_meta_json_string(f, cx_meta_version());
    fputs(", \"commit\": ", f);
    cx_meta_json_string(f, cx_meta_commit());
    fprintf(f, "},\n  \"scenario_hash\": \"fnv1a64:%016llx\",\n", (unsigned long long)cx_meta_hash(P));
}
