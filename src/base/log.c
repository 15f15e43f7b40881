/* SPDX-License-Identifier: MIT
 *
 * log.c -- structured log lines to a file descriptor (log.h).
 */
#include "base/log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

int kf_log_level = KF_LOG_INFO;
static int log_fd = 2;

static const char *const names[] = {"err", "warn", "info", "debug"};

const char *kf_log_level_name(int lvl)
{
    return (lvl >= 0 && lvl <= KF_LOG_DEBUG) ? names[lvl] : "?";
}

int kf_log_level_parse(const char *s)
{
    for (int i = 0; i <= KF_LOG_DEBUG; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

int kf_log_open(const char *path)
{
    int fd, old;

    if (path == NULL || strcmp(path, "-") == 0 || path[0] == '\0') {
        fd = 2;
    } else {
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
        if (fd == -1)
            return -errno;
    }
    old = log_fd;
    log_fd = fd;
    if (old != 2 && old != fd)
        close(old);
    return 0;
}

void kf_log_write(int lvl, const char *mod, const char *fmt, ...)
{
    char line[2048];
    struct timeval tv;
    struct tm tm;
    size_t n;
    int m;
    va_list ap;

    gettimeofday(&tv, NULL);
    gmtime_r(&tv.tv_sec, &tm);
    n = strftime(line, sizeof line, "%Y-%m-%dT%H:%M:%S", &tm);
    m = snprintf(line + n, sizeof line - n, ".%03dZ level=%s mod=%s ", (int)(tv.tv_usec / 1000),
                 kf_log_level_name(lvl), mod);
    if (m > 0)
        n += (size_t)m;
    va_start(ap, fmt);
    m = vsnprintf(line + n, sizeof line - n, fmt, ap);
    va_end(ap);
    if (m > 0)
        n += (size_t)m;
    if (n > sizeof line - 2)
        n = sizeof line - 2;
    line[n++] = '\n';
    /* One write per line keeps lines whole between threads. */
    ssize_t w = write(log_fd, line, n);
    (void)w;
}
