/* SPDX-License-Identifier: MIT
 * services.h -- registers the built-in service number handlers (services.c). */
#ifndef KF_MAIN_SERVICES_H
#define KF_MAIN_SERVICES_H

#include "hub/hub.h"

struct kf_selfsvc;
/* ss (may be NULL) serves the account commands sent to 10086. */
void kf_main_services_register(kf_hub *h, struct kf_selfsvc *ss);

#endif
