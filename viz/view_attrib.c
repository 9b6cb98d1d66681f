/* view_attrib: read an attribution.json written by `cxsim explain` (the
 * causes of a gap, Shapley shares over policy levers or mechanisms) for the
 * view's waterfall panel, and check that it belongs to the run shown. A small
 * JSON reader of its own (the file is read whole, parsed into a node array);
 * every error names the file and the line or the field. No drawing. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view_internal.h"

#define MAX_BYTES (4 << 20)   /* an attribution.json is a few kB */

enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

typedef struct jnode {
    int type;                 /* J_* */
    int line;                 /* where it starts */
    const char *key;          /* its key in the parent object, or NULL */
    const char *str;          /* J_STR: the text (unescaped in place) */
    double num;               /* J_NUM, J_BOOL */
    int child, next;          /* first child and next sibling, -1 none */
} jnode;

typedef struct jparse {
    char *s;                  /* the text, changed in place (strings unescaped and ended) */
    size_t at, len;
    int line;
    jnode *node;
    int n, cap;
    const char *file;
    char *err;
    size_t errn;
} jparse;

static int jerr(jparse *p, const char *what)
{
    snprintf(p->err, p->errn, "%s:%d: not valid JSON: %s", p->file, p->line, what);
    return -1;
}

static void skip_ws(jparse *p)
{
    while (p->at < p->len && isspace((unsigned char)p->s[p->at])) {
        if (p->s[p->at] == '\n') p->line++;
        p->at++;
    }
}

static int new_node(jparse *p, int type)
{
    if (p->n == p->cap) {
        int cap = p->cap ? 2 * p->cap : 256;
        jnode *nn = realloc(p->node, (size_t)cap * sizeof *nn);
        if (!nn) return jerr(p, "out of memory");
        p->node = nn, p->cap = cap;
    }
    p->node[p->n] = (jnode){.type = type, .line = p->line, .child = -1, .next = -1};
    return p->n++;
}

/* A string at p->at (after its quote): unescaped in place, ended with a 0. */
static int jstring(jparse *p, const char **out)
{
    char *w = p->s + p->at, *start = w;
    while (p->at < p->len) {
        char c = p->s[p->at++];
        if (c == '"') {
            *w = 0;
            *out = start;
            return 0;
        }
        if ((unsigned char)c < 0x20) return jerr(p, "a control character in a string");
        if (c == '\\') {
            if (p->at >= p->len) break;
            char e = p->s[p->at++];
            switch (e) {
            case 'n': c = '\n'; break;
            case 't': c = '\t'; break;
            case 'r': c = '\r'; break;
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            case '"': case '\\': case '/': c = e; break;
            case 'u': /* kept as '?': names in attribution.json are ASCII */
                if (p->at + 4 > p->len) return jerr(p, "a short \\u escape");
                p->at += 4;
                c = '?';
                break;
            default: return jerr(p, "an unknown escape in a string");
            }
        }
        *w++ = c;
    }
    return jerr(p, "a string without its closing quote");
}

static int jvalue(jparse *p, int depth);

/* The members of an array or object after its opening bracket. */
static int jmembers(jparse *p, int self, int obj, int depth)
{
    int last = -1;
    char close = obj ? '}' : ']';
    skip_ws(p);
    if (p->at < p->len && p->s[p->at] == close) {
        p->at++;
        return 0;
    }
    for (;;) {
        const char *key = NULL;
        skip_ws(p);
        if (obj) {
            if (p->at >= p->len || p->s[p->at] != '"') return jerr(p, "expected a key in quotes");
            p->at++;
            if (jstring(p, &key)) return -1;
            skip_ws(p);
            if (p->at >= p->len || p->s[p->at] != ':') return jerr(p, "expected ':' after a key");
            p->at++;
        }
        int k = jvalue(p, depth + 1);
        if (k < 0) return -1;
        p->node[k].key = key;
        if (last < 0) p->node[self].child = k;
        else p->node[last].next = k;
        last = k;
        skip_ws(p);
        if (p->at < p->len && p->s[p->at] == ',') {
            p->at++;
            continue;
        }
        if (p->at < p->len && p->s[p->at] == close) {
            p->at++;
            return 0;
        }
        return jerr(p, obj ? "expected ',' or '}'" : "expected ',' or ']'");
    }
}

static int jvalue(jparse *p, int depth)
{
    if (depth > 32) return jerr(p, "nested too deep");
    skip_ws(p);
    if (p->at >= p->len) return jerr(p, "the file ends early");
    char c = p->s[p->at];
    int k;
    if (c == '{' || c == '[') {
        if ((k = new_node(p, c == '{' ? J_OBJ : J_ARR)) < 0) return -1;
        p->at++;
        return jmembers(p, k, c == '{', depth) ? -1 : k;
    }
    if (c == '"') {
        if ((k = new_node(p, J_STR)) < 0) return -1;
        p->at++;
        const char *s;
        if (jstring(p, &s)) return -1;
        p->node[k].str = s;
        return k;
    }
    static const struct { const char *w; int type; double v; } words[] = {
        {"true", J_BOOL, 1}, {"false", J_BOOL, 0}, {"null", J_NULL, 0}};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        size_t wl = strlen(words[i].w);
        if (p->len - p->at >= wl && !strncmp(p->s + p->at, words[i].w, wl)) {
            if ((k = new_node(p, words[i].type)) < 0) return -1;
            p->node[k].num = words[i].v;
            p->at += wl;
            return k;
        }
    }
    if (c == '-' || isdigit((unsigned char)c)) {
        char *end;
        errno = 0;
        double v = strtod(p->s + p->at, &end);
        if (end == p->s + p->at || errno == ERANGE || !isfinite(v)) return jerr(p, "a bad number");
        if ((k = new_node(p, J_NUM)) < 0) return -1;
        p->node[k].num = v;
        p->at = (size_t)(end - p->s);
        return k;
    }
    return jerr(p, "unexpected character");
}

/* ---- reading fields, each error naming the field ---- */

typedef struct jread {
    const jparse *p;
    char *err;
    size_t errn;
} jread;

static int field(const jread *r, int obj, const char *path, const char *key, int type, int *out)
{
    static const char *const tname[] = {"null", "true or false", "a number", "a string", "an array", "an object"};
    const jnode *N = r->p->node;
    for (int k = N[obj].child; k >= 0; k = N[k].next)
        if (N[k].key && !strcmp(N[k].key, key)) {
            if (N[k].type != type) {
                snprintf(r->err, r->errn, "%s:%d: field '%s%s': expected %s", r->p->file, N[k].line, path, key,
                         tname[type]);
                return -1;
            }
            *out = k;
            return 0;
        }
    snprintf(r->err, r->errn, "%s:%d: field '%s%s' is missing (not an attribution.json from cxsim explain?)", r->p->file,
             N[obj].line, path, key);
    return -1;
}

static int get_str(const jread *r, int obj, const char *path, const char *key, char *out, size_t n)
{
    int k;
    if (field(r, obj, path, key, J_STR, &k)) return -1;
    snprintf(out, n, "%s", r->p->node[k].str);
    return 0;
}

static int get_num(const jread *r, int obj, const char *path, const char *key, double *out)
{
    int k;
    if (field(r, obj, path, key, J_NUM, &k)) return -1;
    *out = r->p->node[k].num;
    return 0;
}

/* The element of array `arr` whose string field `key` is `want`: its node, or -1. */
static int find_in(const jread *r, int arr, const char *path, const char *key, const char *want, int *out)
{
    const jnode *N = r->p->node;
    int i = 0;
    *out = -1;
    for (int k = N[arr].child; k >= 0; k = N[k].next, i++) {
        char p[96], v[64];
        snprintf(p, sizeof p, "%s[%d].", path, i);
        if (N[k].type != J_OBJ) {
            snprintf(r->err, r->errn, "%s:%d: field '%s[%d]': expected an object", r->p->file, N[k].line, path, i);
            return -1;
        }
        if (get_str(r, k, p, key, v, sizeof v)) return -1;
        if (!strcmp(v, want) && *out < 0) *out = k;
    }
    return 0;
}

static int read_attrib(const jread *r, const char *metric, cxi_attrib *A)
{
    const jnode *N = r->p->node;
    int root = 0, gaps, games, g = -1, k;
    double v;
    if (N[root].type != J_OBJ) {
        snprintf(r->err, r->errn, "%s:1: expected an object (an attribution.json from cxsim explain)", r->p->file);
        return -1;
    }
    if (get_str(r, root, "", "scenario", A->scenario, sizeof A->scenario) ||
        get_str(r, root, "", "first", A->first, sizeof A->first) ||
        get_str(r, root, "", "second", A->second, sizeof A->second) || get_num(r, root, "", "years", &A->years) ||
        get_num(r, root, "", "replications", &v))
        return -1;
    A->reps = (int)v;
    if (!(A->years > 0) || v < 1 || v != floor(v)) {
        snprintf(r->err, r->errn, "%s: field '%s': must be positive", r->p->file, A->years > 0 ? "replications" : "years");
        return -1;
    }
    /* the gap explained, with its CI and who wins how often */
    if (field(r, root, "", "gaps", J_ARR, &gaps) || find_in(r, gaps, "gaps", "metric", metric, &k)) return -1;
    if (k < 0) {
        snprintf(r->err, r->errn, "%s: field 'gaps': no entry with \"metric\": \"%s\"", r->p->file, metric);
        return -1;
    }
    double w1, w0;
    if (get_num(r, k, "gaps[].", "mean", &A->gap) || get_num(r, k, "gaps[].", "ci95", &A->gap_half) ||
        get_num(r, k, "gaps[].", "second_wins", &w1) || get_num(r, k, "gaps[].", "first_wins", &w0))
        return -1;
    A->second_wins = (int)w1, A->first_wins = (int)w0;
    /* the causes: the lever game, else the mechanism game */
    if (field(r, root, "", "games", J_ARR, &games)) return -1;
    for (const char *const *name = (const char *const[]){"levers", "mechanisms", NULL}; *name && g < 0; name++)
        if (find_in(r, games, "games", "game", *name, &g)) return -1;
    if (g < 0) {
        snprintf(r->err, r->errn, "%s: field 'games': no \"levers\" or \"mechanisms\" game", r->p->file);
        return -1;
    }
    int metrics, m;
    if (get_str(r, g, "games[].", "game", A->game, sizeof A->game) || field(r, g, "games[].", "metrics", J_ARR, &metrics) ||
        find_in(r, metrics, "games[].metrics", "metric", metric, &m))
        return -1;
    if (m < 0) {
        snprintf(r->err, r->errn, "%s: field 'games[].metrics': no entry with \"metric\": \"%s\"", r->p->file, metric);
        return -1;
    }
    int shares;
    if (get_num(r, m, "games[].metrics[].", "baseline", &A->base) || field(r, m, "games[].metrics[].", "shares", J_ARR, &shares))
        return -1;
    A->n = 0;
    int i = 0;
    for (int s = N[shares].child; s >= 0; s = N[s].next, i++) {
        char p[96];
        snprintf(p, sizeof p, "games[].metrics[].shares[%d].", i);
        if (N[s].type != J_OBJ) {
            snprintf(r->err, r->errn, "%s:%d: field 'games[].metrics[].shares[%d]': expected an object", r->p->file,
                     N[s].line, i);
            return -1;
        }
        if (A->n == CXI_ATTRIB_MAX) {
            snprintf(r->err, r->errn, "%s: field '%s': more than %d factors", r->p->file, p, CXI_ATTRIB_MAX);
            return -1;
        }
        if (get_str(r, s, p, "factor", A->name[A->n], sizeof A->name[A->n]) || get_num(r, s, p, "mean", &A->mean[A->n]) ||
            get_num(r, s, p, "ci95", &A->half[A->n]))
            return -1;
        A->n++;
    }
    if (A->n == 0) {
        snprintf(r->err, r->errn, "%s: field 'games[].metrics[].shares': empty (nothing to attribute)", r->p->file);
        return -1;
    }
    return 0;
}

int cxi_attrib_load(const char *path, cxi_attrib *A, char *err, size_t n)
{
    memset(A, 0, sizeof *A);
    snprintf(A->file, sizeof A->file, "%s", path);
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, n, "%s: cannot read it: %s", path, strerror(errno));
        return -1;
    }
    char *buf = malloc(MAX_BYTES + 1);
    size_t len = buf ? fread(buf, 1, MAX_BYTES + 1, f) : 0;
    int bad = !buf || ferror(f);
    fclose(f);
    if (bad || len > MAX_BYTES) {
        snprintf(err, n, "%s: %s", path, bad ? "cannot read it" : "too large for an attribution.json");
        free(buf);
        return -1;
    }
    buf[len] = 0;
    jparse p = {.s = buf, .len = len, .line = 1, .file = path, .err = err, .errn = n};
    int rc = -1;
    if (jvalue(&p, 0) == 0) {
        skip_ws(&p);
        if (p.at < p.len) jerr(&p, "text after the end");
        else rc = read_attrib(&(jread){&p, err, n}, "economic_tco", A);
    }
    free(p.node);
    free(buf);
    return rc;
}

int cxi_attrib_check(const cxi_attrib *A, const cx_view_data *D, int months, char *err, size_t n)
{
    if (D->n < 2) {
        snprintf(err, n, "%s: the run shown has a single regime, nothing to attribute", A->file);
        return -1;
    }
    if (strcmp(A->scenario, D->s[0].scenario)) {
        snprintf(err, n, "%s: field 'scenario': \"%s\", but the run shown is \"%s\"", A->file, A->scenario,
                 D->s[0].scenario);
        return -1;
    }
    const char *want[2] = {A->first, A->second};
    for (int k = 0; k < 2; k++) {
        int found = 0;
        for (int i = 0; i < D->n; i++) found |= !strcmp(D->s[i].regime, want[k]);
        if (!found) {
            snprintf(err, n, "%s: field '%s': regime \"%s\" is not in the run shown", A->file, k ? "second" : "first",
                     want[k]);
            return -1;
        }
    }
    int am = (int)ceil(A->years * 12 - 1e-9);
    if (am != months) {
        snprintf(err, n, "%s: field 'years': %g years (%d months), but the run shown has %d months", A->file, A->years,
                 am, months);
        return -1;
    }
    return 0;
}
