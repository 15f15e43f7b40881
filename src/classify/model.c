/* SPDX-License-Identifier: MIT
 *
 * model.c -- the logistic-regression model: scoring, the file format
 * (classify.h: versions 1 to 4), and explanations of a score by its top
 * features.
 */
#include "classify/classify_int.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"

#define MAGIC "KFMODEL1"
#define VERSION 3    /* feature set, float32 weights (1: the same without the set) */
#define VERSION_Q8 4 /* feature set, int8 weights and one float scale (2: the same without
                      * the set); a quarter of the size */
#define WEIGHT_MAX 1e4f

kf_model *kf_model_new(unsigned bits)
{
    kf_model *m;
    if (bits < 8 || bits > 26)
        return NULL;
    m = kf_xcalloc(1, sizeof *m);
    m->bits = bits;
    m->features = KF_CLASSIFY_FEATURES;
    m->threshold = 0.5f;
    m->w = kf_xcalloc((size_t)1 << bits, sizeof *m->w);
    return m;
}

void kf_model_free(kf_model *m)
{
    if (m == NULL)
        return;
    free(m->w);
    free(m);
}

unsigned kf_model_bits(const kf_model *m)
{
    return m->bits;
}

unsigned kf_model_feature_set(const kf_model *m)
{
    return m->features;
}

float kf_model_threshold(const kf_model *m)
{
    return m->threshold;
}

void kf_model_set_threshold(kf_model *m, float t)
{
    m->threshold = t;
}

double kf_model_score(const kf_model *m, const struct kf_fvec *v)
{
    double z = m->bias;
    for (size_t i = 0; i < v->n; i++)
        z += (double)m->w[v->idx[i]] * v->val[i];
    if (z != z) /* NaN: cannot come from a loaded model; be safe anyway */
        z = 0;
    return 1.0 / (1.0 + exp(-z));
}

static void put_u32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static uint32_t get_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_f32(uint8_t *p, float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    put_u32(p, u);
}

static float get_f32(const uint8_t *p)
{
    uint32_t u = get_u32(p);
    float f;
    memcpy(&f, &u, 4);
    return f;
}

/* Writes header + body to a temporary file, then renames it over path: a
 * reader never sees half a model. */
static int write_model(const char *path, const uint8_t *hdr, size_t hlen, const uint8_t *body,
                       size_t blen)
{
    char tmp[4096];
    FILE *f;
    int rc = 0;

    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    f = fopen(tmp, "wb");
    if (f == NULL)
        return -errno;
    if (fwrite(hdr, 1, hlen, f) != hlen || fwrite(body, 1, blen, f) != blen)
        rc = KF_EIO;
    if (fclose(f) != 0)
        rc = KF_EIO;
    if (rc == 0 && rename(tmp, path) != 0)
        rc = -errno;
    return rc;
}

static void header(const kf_model *m, uint32_t version, uint8_t hdr[28])
{
    memcpy(hdr, MAGIC, 8);
    put_u32(hdr + 8, version);
    put_u32(hdr + 12, m->bits);
    put_f32(hdr + 16, m->bias);
    put_f32(hdr + 20, m->threshold);
    put_u32(hdr + 24, m->features);
}

int kf_model_save(const kf_model *m, const char *path)
{
    size_t n = (size_t)1 << m->bits;
    uint8_t hdr[28], *body = kf_xmalloc(n * 4);
    int rc;

    header(m, VERSION, hdr);
    for (size_t i = 0; i < n; i++)
        put_f32(body + 4 * i, m->w[i]);
    rc = write_model(path, hdr, sizeof hdr, body, n * 4);
    free(body);
    return rc;
}

int kf_model_save_q8(const kf_model *m, const char *path)
{
    size_t n = (size_t)1 << m->bits;
    uint8_t hdr[32], *body = kf_xmalloc(n);
    float maxw = 0, scale;
    int rc;

    for (size_t i = 0; i < n; i++)
        if (fabsf(m->w[i]) > maxw)
            maxw = fabsf(m->w[i]);
    scale = maxw > 0 ? maxw / 127.0f : 1.0f;
    header(m, VERSION_Q8, hdr);
    put_f32(hdr + 28, scale);
    for (size_t i = 0; i < n; i++)
        body[i] = (uint8_t)(int8_t)lrintf(m->w[i] / scale);
    rc = write_model(path, hdr, sizeof hdr, body, n);
    free(body);
    return rc;
}

kf_model *kf_model_load(const char *path, char **err)
{
    uint8_t hdr[24];
    FILE *f = fopen(path, "rb");
    kf_model *m = NULL;
    uint8_t *body = NULL;
    size_t n, wsize, bodyoff;
    uint32_t version, features = 1;
    float scale = 1.0f;
    long size;
    int q8;

    *err = NULL;
    if (f == NULL) {
        *err = kf_xasprintf("%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    if (fread(hdr, 1, sizeof hdr, f) != sizeof hdr || memcmp(hdr, MAGIC, 8) != 0) {
        *err = kf_xasprintf("%s: not a kefu model file", path);
        goto out;
    }
    version = get_u32(hdr + 8);
    if (version < 1 || version > VERSION_Q8) {
        *err = kf_xasprintf("%s: model version %u, expected 1 to %u", path, version, VERSION_Q8);
        goto out;
    }
    q8 = version == 2 || version == VERSION_Q8;
    if (version >= VERSION) {
        uint8_t fb[4];
        if (fread(fb, 1, 4, f) != 4 || (features = get_u32(fb)) < 1 ||
            features > KF_CLASSIFY_FEATURES) {
            *err = kf_xasprintf("%s: unknown feature set", path);
            goto out;
        }
    }
    m = kf_model_new(get_u32(hdr + 12));
    if (m == NULL) {
        *err = kf_xasprintf("%s: bad hash size %u", path, get_u32(hdr + 12));
        goto out;
    }
    m->features = features;
    n = (size_t)1 << m->bits;
    wsize = q8 ? 1 : 4;
    bodyoff = sizeof hdr + (version >= VERSION ? 4 : 0) + (q8 ? 4 : 0);
    fseek(f, 0, SEEK_END);
    size = ftell(f);
    if (size != (long)(bodyoff + n * wsize)) {
        *err = kf_xasprintf("%s: truncated or padded (%ld bytes, expected %zu)", path, size,
                            bodyoff + n * wsize);
        kf_model_free(m);
        m = NULL;
        goto out;
    }
    fseek(f, (long)(bodyoff - (q8 ? 4 : 0)), SEEK_SET);
    if (q8) {
        uint8_t sb[4];
        if (fread(sb, 1, 4, f) != 4 || !((scale = get_f32(sb)) > 0 && scale < WEIGHT_MAX / 127)) {
            *err = kf_xasprintf("%s: bad weight scale", path);
            kf_model_free(m);
            m = NULL;
            goto out;
        }
    }
    body = kf_xmalloc(n * wsize);
    if (fread(body, 1, n * wsize, f) != n * wsize) {
        *err = kf_xasprintf("%s: read error", path);
        kf_model_free(m);
        m = NULL;
        goto out;
    }
    m->bias = get_f32(hdr + 16);
    m->threshold = get_f32(hdr + 20);
    /* No trained logistic weight comes near WEIGHT_MAX; a file that has one
     * is corrupt, and sums of such values could overflow to NaN. */
    if (!(fabsf(m->bias) <= WEIGHT_MAX) || !(m->threshold >= 0.0f && m->threshold <= 1.0f)) {
        *err = kf_xasprintf("%s: bias or threshold out of range", path);
        kf_model_free(m);
        m = NULL;
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        m->w[i] = q8 ? (float)(int8_t)body[i] * scale : get_f32(body + 4 * i);
        if (!(fabsf(m->w[i]) <= WEIGHT_MAX)) {
            *err = kf_xasprintf("%s: weight %zu is out of range", path, i);
            kf_model_free(m);
            m = NULL;
            goto out;
        }
    }
out:
    free(body);
    fclose(f);
    return m;
}

/* ---------------------------------------------------------- explanation */

struct named {
    char name[64];
    uint32_t idx;
    float count; /* sum of the weights */
};

struct ex_ctx {
    const kf_model *m;
    struct named *f;
    size_t n, cap;
};

static void collect(void *arg, const char *name, size_t len, float weight)
{
    struct ex_ctx *c = arg;
    uint32_t idx = kf_classify__hash(name, len, c->m->bits);
    for (size_t i = 0; i < c->n; i++)
        if (c->f[i].idx == idx) {
            c->f[i].count += weight;
            return;
        }
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        c->f = kf_xrealloc(c->f, c->cap * sizeof *c->f);
    }
    snprintf(c->f[c->n].name, sizeof c->f[c->n].name, "%.*s", (int)len, name);
    c->f[c->n].idx = idx;
    c->f[c->n++].count = weight;
}

int kf_classify_explain(const kf_model *m, const char *norm, size_t len, int k,
                        const char **names, float *contrib, char *buf, size_t cap)
{
    struct ex_ctx c = {m, NULL, 0, 0};
    double norm2 = 0;
    int out = 0;
    size_t used = 0;

    kf_classify__walk(m->features, norm, len, collect, &c);
    for (size_t i = 0; i < c.n; i++)
        norm2 += (double)c.f[i].count * c.f[i].count;
    norm2 = norm2 > 0 ? 1.0 / sqrt(norm2) : 0;
    while (out < k) {
        size_t best = SIZE_MAX;
        double bv = 0;
        for (size_t i = 0; i < c.n; i++) {
            double v = fabs((double)m->w[c.f[i].idx] * c.f[i].count * norm2);
            if (c.f[i].count > 0 && v > bv) {
                bv = v;
                best = i;
            }
        }
        if (best == SIZE_MAX)
            break;
        size_t nl = strlen(c.f[best].name) + 1;
        if (used + nl > cap)
            break;
        memcpy(buf + used, c.f[best].name, nl);
        names[out] = buf + used;
        used += nl;
        contrib[out++] = (float)(m->w[c.f[best].idx] * c.f[best].count * norm2);
        c.f[best].count = 0; /* taken */
    }
    free(c.f);
    return out;
}
