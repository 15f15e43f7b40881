/* SPDX-License-Identifier: MIT
 * test_conf.c -- typed config tables: defaults, types, ranges, durations,
 * unknown keys and sections reported as file:line: key: reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/conf.h"
#include "base/err.h"

struct t {
    int64_t port;
    int64_t wait_ms;
    int on;
    int mode;
    char name[KF_CONF_STR_MAX];
};

static struct t cfg;
static const struct kf_conf_key keys[] = {
    {"port", KF_CONF_INT, offsetof(struct t, port), "2775", 1, 65535, NULL, "", 0, "port"},
    {"wait", KF_CONF_DURATION, offsetof(struct t, wait_ms), "5s", 100, 3600000, NULL, "", 1, "w"},
    {"on", KF_CONF_BOOL, offsetof(struct t, on), "no", 0, 0, NULL, "", 0, "on"},
    {"mode", KF_CONF_ENUM, offsetof(struct t, mode), "b", 0, 0, "a|b|c", "", 0, "mode"},
    {"name", KF_CONF_STR, offsetof(struct t, name), "kefu", 0, 0, NULL, "", 0, "name"},
};
static const struct kf_conf_section secs[] = {{"s", "a section", keys, 5, &cfg}};

static int load_text(const char *text, char **err)
{
    char path[] = "/tmp/kefu-conf-XXXXXX";
    int fd = mkstemp(path), rc;
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    rc = kf_conf_load(secs, 1, path, err);
    if (*err) { /* strip the temp path so tests compare the rest */
        char *colon = strchr(*err, ':');
        memmove(*err, colon, strlen(colon) + 1);
    }
    unlink(path);
    return rc;
}

static void defaults_and_values(void **st)
{
    char *err = NULL;
    (void)st;
    assert_int_equal(load_text("[s]\nport = 80\nwait = 250ms\non = yes\nmode = c\nname = x y\n", &err), 0);
    assert_null(err);
    assert_int_equal(cfg.port, 80);
    assert_int_equal(cfg.wait_ms, 250);
    assert_int_equal(cfg.on, 1);
    assert_int_equal(cfg.mode, 2);
    assert_string_equal(cfg.name, "x y");
    assert_int_equal(load_text("; only a comment\n", &err), 0);
    assert_int_equal(cfg.port, 2775);
    assert_int_equal(cfg.wait_ms, 5000);
    assert_int_equal(cfg.mode, 1);
}

static void errors_name_the_line(void **st)
{
    char *err = NULL;
    (void)st;
    assert_int_equal(load_text("[s]\n\nprot = 1\n", &err), KF_EINVAL);
    assert_string_equal(err, ":3: s.prot: unknown key");
    free(err);
    err = NULL;
    assert_int_equal(load_text("[s]\nport = 0\n", &err), KF_EINVAL);
    assert_string_equal(err, ":2: s.port: out of range: \"0\"");
    free(err);
    err = NULL;
    assert_int_equal(load_text("[s]\nwait = 2 h\n", &err), KF_EINVAL);
    assert_non_null(strstr(err, ":2: s.wait: not a duration"));
    free(err);
    err = NULL;
    assert_int_equal(load_text("[s]\nmode = d\n", &err), KF_EINVAL);
    assert_non_null(strstr(err, "not one of the allowed values"));
    free(err);
    err = NULL;
    assert_int_equal(load_text("[x]\na = 1\n", &err), KF_EINVAL);
    assert_string_equal(err, ":2: [x]: unknown section");
    free(err);
    err = NULL;
    assert_int_equal(load_text("[s]\nthis line has no equals sign\n", &err), KF_EINVAL);
    assert_non_null(strstr(err, ":2: syntax error"));
    free(err);
}

static void durations(void **st)
{
    int64_t ms;
    (void)st;
    assert_int_equal(kf_conf_parse_duration("3d", &ms), 0);
    assert_int_equal(ms, 3LL * 86400000);
    assert_int_equal(kf_conf_parse_duration("7", &ms), 0);
    assert_int_equal(ms, 7000);
    assert_int_equal(kf_conf_parse_duration("-1s", &ms), KF_EINVAL);
    assert_int_equal(kf_conf_parse_duration("1y", &ms), KF_EINVAL);
    assert_int_equal(kf_conf_parse_duration("99999999999999999d", &ms), KF_EINVAL);
}

static void reload_copies_only_reloadable(void **st)
{
    struct t a, b;
    (void)st;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    b.port = 99;
    b.wait_ms = 1234;
    b.on = 1;
    snprintf(b.name, sizeof b.name, "new");
    kf_conf_copy_reloadable(keys, 5, &a, &b);
    assert_int_equal(a.wait_ms, 1234); /* the one [reload] key */
    assert_int_equal(a.port, 0);
    assert_int_equal(a.on, 0);
    assert_string_equal(a.name, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(defaults_and_values),
                                       cmocka_unit_test(errors_name_the_line),
                                       cmocka_unit_test(durations),
                                       cmocka_unit_test(reload_copies_only_reloadable)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
