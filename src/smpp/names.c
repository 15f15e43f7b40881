/* SPDX-License-Identifier: MIT
 *
 * names.c -- printable names of SMPP command ids, command_status values and
 * message states, generated from the X-macro tables in smpp.h so that a new
 * entry in a table can never lack its name.
 *
 * Used for logs and the API; the codec itself never needs names.
 */
#include "smpp/smpp.h"

#include <stddef.h>

/* Static strings; any thread. */
const char *kf_smpp_cmd_name(uint32_t cmd)
{
    switch (cmd) {
#define KF_CMD_CASE(name, val, str)                                                                \
    case (val):                                                                                    \
        return str;
        KF_SMPP_CMD_MAP(KF_CMD_CASE)
#undef KF_CMD_CASE
    default:
        return NULL;
    }
}

/* "ESME_R..." for logs and the API; NULL for a vendor-specific status. */
const char *kf_smpp_status_name(uint32_t status)
{
    switch (status) {
#define KF_ST_NAME(name, val, str)                                                                 \
    case (val):                                                                                    \
        return "ESME_" #name;
        KF_SMPP_STATUS_MAP(KF_ST_NAME)
#undef KF_ST_NAME
    default:
        return NULL;
    }
}

/* Never NULL, so it can go straight into a log line. */
const char *kf_smpp_status_text(uint32_t status)
{
    switch (status) {
#define KF_ST_TEXT(name, val, str)                                                                 \
    case (val):                                                                                    \
        return str;
        KF_SMPP_STATUS_MAP(KF_ST_TEXT)
#undef KF_ST_TEXT
    default:
        return "unknown status";
    }
}

/* Appendix B stat: words, indexed by enum kf_smpp_msg_state. */
static const char *const stat_words[] = {
    [KF_MSG_ENROUTE] = "ENROUTE", [KF_MSG_DELIVERED] = "DELIVRD",     [KF_MSG_EXPIRED] = "EXPIRED",
    [KF_MSG_DELETED] = "DELETED", [KF_MSG_UNDELIVERABLE] = "UNDELIV", [KF_MSG_ACCEPTED] = "ACCEPTD",
    [KF_MSG_UNKNOWN] = "UNKNOWN", [KF_MSG_REJECTED] = "REJECTD",
};

/* Any state outside 1..8 (including 0, "not set") shows as UNKNOWN, the
 * specification's word for "message is in an invalid state". */
const char *kf_smpp_state_stat(uint8_t state)
{
    if (state >= sizeof(stat_words) / sizeof(stat_words[0]) || stat_words[state] == NULL)
        return "UNKNOWN";
    return stat_words[state];
}
