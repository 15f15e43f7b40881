/* SPDX-License-Identifier: MIT
 *
 * err.h -- the one table of kefu error codes.
 *
 * Functions return int: 0 on success or a negative KF_E* code. Codes that have
 * an errno equivalent use -errno, so a failed syscall can be passed up as
 * -errno unchanged. kf_strerror() is generated from the same X-macro table.
 * SMPP command_status values are NOT here: they are protocol data (smpp.h).
 */
#ifndef KF_BASE_ERR_H
#define KF_BASE_ERR_H

#include <errno.h>

#define KF_ERRNO_MAP(X)                                                     \
    X(EAGAIN, -EAGAIN, "need more input or try again")                      \
    X(ENOMEM, -ENOMEM, "out of memory")                                     \
    X(EINVAL, -EINVAL, "invalid argument")                                  \
    X(EPROTO, -EPROTO, "protocol error")                                    \
    X(ETOOBIG, -E2BIG, "input larger than allowed")                         \
    X(ENOENT, -ENOENT, "not found")                                         \
    X(EEXIST, -EEXIST, "already exists")                                    \
    X(EIO, -EIO, "input/output error")                                      \
    X(EBUSY, -EBUSY, "busy")                                                \
    X(EPERM, -EPERM, "not permitted")                                       \
    X(ETIMEDOUT, -ETIMEDOUT, "timed out")                                   \
    X(ECLOSED, -EPIPE, "connection closed")                                 \
    X(ERANGE, -ERANGE, "value out of range")                                \
    X(ECHARSET, -EILSEQ, "character cannot be represented")                 \
    X(ESTORE, -4096, "store failure")

enum {
#define KF_ERR_ENUM(name, val, msg) KF_##name = (val),
    KF_ERRNO_MAP(KF_ERR_ENUM)
#undef KF_ERR_ENUM
    KF_OK = 0
};

/* Returns a static message for a KF_E* code, or strerror() text for another
 * negative errno. Never NULL; thread-safe. */
const char *kf_strerror(int err);

#endif
