/* SPDX-License-Identifier: MIT
 *
 * context.c -- what the robots remember of each subscriber: a hash map of
 * contexts threaded on a least-recently-used list. Looking one up makes it
 * the most recent and drops, from the old end, contexts idle for a day or
 * beyond the configured number. Memory only, by design: a dialogue lasts
 * minutes, and a restart forgets it.
 */
#include "robot/robot_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"

#define IDLE_MS 86400000

static uint64_t key_of(const char *number)
{
    return kf_map_hash_str(number, strlen(number));
}

void kf_robot__ctxs_init(struct kf_robot_ctxs *t, size_t max)
{
    memset(t, 0, sizeof *t);
    kf_map_init(&t->map);
    t->max = max ? max : 1;
}

static void unlink_ctx(struct kf_robot_ctxs *t, struct kf_robot_ctx *c)
{
    if (c->prev)
        c->prev->next = c->next;
    else
        t->head = c->next;
    if (c->next)
        c->next->prev = c->prev;
    else
        t->tail = c->prev;
    c->prev = c->next = NULL;
}

static void push_front(struct kf_robot_ctxs *t, struct kf_robot_ctx *c)
{
    c->next = t->head;
    if (t->head)
        t->head->prev = c;
    t->head = c;
    if (t->tail == NULL)
        t->tail = c;
}

static void drop(struct kf_robot_ctxs *t, struct kf_robot_ctx *c)
{
    unlink_ctx(t, c);
    kf_map_del(&t->map, key_of(c->number));
    t->n--;
    free(c);
}

void kf_robot__ctxs_deinit(struct kf_robot_ctxs *t)
{
    while (t->head)
        drop(t, t->head);
    kf_map_deinit(&t->map);
}

struct kf_robot_ctx *kf_robot__ctx(struct kf_robot_ctxs *t, const char *number, int64_t now_ms)
{
    uint64_t k = key_of(number);
    struct kf_robot_ctx *c = kf_map_get(&t->map, k);

    if (c && strcmp(c->number, number) != 0) { /* a hash collision: the newcomer wins */
        drop(t, c);
        c = NULL;
    }
    if (c) {
        unlink_ctx(t, c);
    } else {
        c = kf_xcalloc(1, sizeof *c);
        snprintf(c->number, sizeof c->number, "%s", number);
        c->last_cc = -1;
        kf_map_put(&t->map, k, c);
        t->n++;
    }
    push_front(t, c);
    while (t->tail && t->tail != c && (t->n > t->max || now_ms - t->tail->last_ms > IDLE_MS))
        drop(t, t->tail);
    return c;
}
