/* SPDX-License-Identifier: MIT
 * services.h -- the internal service numbers' handlers (services.c): 10086
 * and 12580 answered by the robots (robot/), with a timer that writes the
 * robot's question log. (10086999, spam reports, is served by review/.) */
#ifndef KF_MAIN_SERVICES_H
#define KF_MAIN_SERVICES_H

#include "hub/hub.h"
#include "loop/loop.h"
#include "robot/robot.h"

struct kf_services;

/* Binds 10086 and 12580 to the robot and starts the log timer. */
struct kf_services *kf_services_new(kf_loop *l, kf_hub *h, kf_robot *robot);
void kf_services_free(struct kf_services *sv);

#endif
