/* SPDX-License-Identifier: MIT
 *
 * log.h -- level-gated structured logging.
 *
 * One line per event: `ts level=info mod=hub ev=bind key=val ...`. KF_LOG
 * checks the level before any formatting work (Redis serverLog). Callers pass
 * errno explicitly in their format when it matters. Never log a full MSISDN or
 * message text: pass numbers through kf_mask_msisdn() (mask.h).
 * Library-like modules (smpp, sms, store) return errors instead of logging.
 */
#ifndef KF_BASE_LOG_H
#define KF_BASE_LOG_H

enum kf_log_level { KF_LOG_ERR = 0, KF_LOG_WARN, KF_LOG_INFO, KF_LOG_DEBUG };

extern int kf_log_level;

#define KF_LOG(lvl, mod, ...)                                                \
    do {                                                                     \
        if ((lvl) <= kf_log_level)                                           \
            kf_log_write((lvl), (mod), __VA_ARGS__);                         \
    } while (0)

#define KF_ERR(mod, ...) KF_LOG(KF_LOG_ERR, mod, __VA_ARGS__)
#define KF_WARN(mod, ...) KF_LOG(KF_LOG_WARN, mod, __VA_ARGS__)
#define KF_INFO(mod, ...) KF_LOG(KF_LOG_INFO, mod, __VA_ARGS__)
#define KF_DBG(mod, ...) KF_LOG(KF_LOG_DEBUG, mod, __VA_ARGS__)

/* Writes one line; thread-safe (a single write(2) per line). */
void kf_log_write(int lvl, const char *mod, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Sends log lines to `path` (appending), or stderr when path is NULL or "-".
 * Returns 0 or -errno; on error the previous destination stays. Reopening the
 * same path is how SIGHUP rotates logs. */
int kf_log_open(const char *path);
/* Parses "err|warn|info|debug"; returns the level or -1. */
int kf_log_level_parse(const char *s);
const char *kf_log_level_name(int lvl);

#endif
