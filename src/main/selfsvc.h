/* SPDX-License-Identifier: MIT
 * selfsvc.h -- self-service inside kefud (selfsvc.c): selfcare/ and remind/
 * wired to the hub and the loop's timers, and the demo subscribers. */
#ifndef KF_MAIN_SELFSVC_H
#define KF_MAIN_SELFSVC_H

#include <stddef.h>
#include <stdint.h>

#include "hub/hub.h"
#include "loop/loop.h"
#include "remind/remind.h"
#include "selfcare/selfcare.h"

struct kf_selfsvc;

struct kf_selfsvc *kf_selfsvc_new(kf_loop *l, kf_store *s, kf_hub *h,
                                  const struct kf_selfcare_conf *sconf,
                                  const struct kf_remind_conf *rconf, const char *share_dir,
                                  char **err);
/* Starts the timers (reminders, scan, roll-over, pruning). */
void kf_selfsvc_start(struct kf_selfsvc *ss);
int kf_selfsvc_reload(struct kf_selfsvc *ss, const struct kf_selfcare_conf *sconf,
                      const struct kf_remind_conf *rconf, const char *share_dir, char **err);
kf_selfcare *kf_selfsvc_selfcare(struct kf_selfsvc *ss);
void kf_selfsvc_free(struct kf_selfsvc *ss);
/* Creates the demo subscribers (if missing) with three months of usage. */
void kf_selfsvc_seed_demo(struct kf_selfsvc *ss, int64_t now_ms);

#endif
