/* SPDX-License-Identifier: MIT
 *
 * api_int.h -- what only src/api/ (and its fuzz driver) sees.
 */
#ifndef KF_API_API_INT_H
#define KF_API_API_INT_H

#include <jansson.h>

#include "store/store.h"

/* Applies a JSON object (a POST/PUT body) to an account. Returns NULL when
 * every field is valid, else the name of the first bad field with a reason
 * in *why (static text). hash_cost is passed to kf_auth_hash (0 in
 * production). */
const char *kf_api__account_apply(json_t *j, struct kf_account *ac, int hash_cost,
                                  const char **why);

#endif
