/* SPDX-License-Identifier: MIT
 *
 * kefud.c -- the daemon: command line, configuration (every module's key
 * table), the data directory, demo seeding, wiring of store, loop, hub and
 * API, signals (SIGTERM/SIGINT drain and exit, SIGHUP reloads), and the
 * start/stop order. The only file that knows every module.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/api.h"
#include "auth/auth.h"
#include "base/base.h"
#include "base/conf.h"
#include "hub/hub.h"
#include "loop/loop.h"
#include "main/selfsvc.h"
#include "main/services.h"
#include "review/review.h"
#include "shield/shield.h"
#include "store/store.h"

struct server_conf {
    char data_dir[KF_CONF_STR_MAX];
    char log_file[KF_CONF_STR_MAX];
    int log_level;
};

struct store_conf {
    int sync;
    int64_t batch_max;
    int64_t cache_mb;
};

static const struct kf_conf_key server_keys[] = {
    {"data_dir", KF_CONF_STR, offsetof(struct server_conf, data_dir), "var", 0, 0, NULL, "", 0,
     "Directory of the SQLite store (kefu.db), the API token and the pid file. Relative "
     "paths are taken from the working directory."},
    {"log_file", KF_CONF_STR, offsetof(struct server_conf, log_file), "-", 0, 0, NULL, "", 1,
     "Log destination; - is standard error. SIGHUP reopens it (log rotation)."},
    {"log_level", KF_CONF_ENUM, offsetof(struct server_conf, log_level), "info", 0, 0,
     "err|warn|info|debug", "", 1, "Least severe level written."},
};

static const struct kf_conf_key store_keys[] = {
    {"sync", KF_CONF_ENUM, offsetof(struct store_conf, sync), "full", 0, 0, "normal|full", "", 0,
     "full: every commit is fsynced (survives power loss); normal: survives a crash of "
     "kefud (kill -9) but the last commits may be lost on power loss."},
    {"cache_mb", KF_CONF_INT, offsetof(struct store_conf, cache_mb), "64", 2, 65536, NULL, "MiB",
     0, "SQLite page cache of each of the store's connections. Rating and the reminder scan "
        "read and write subscribers at random: give it room for the subscriber tables "
        "(about 250 MB per million subscribers) when memory allows."},
    {"batch_max", KF_CONF_INT, offsetof(struct store_conf, batch_max), "4096", 1, 1000000,
     NULL, "operations", 0, "Most operations committed in one transaction (group commit)."},
};

static struct server_conf g_server;
static struct store_conf g_store;
static struct kf_hub_conf g_hub;
static struct kf_api_conf g_api;
static struct kf_shield_conf g_shield;
static struct kf_review_conf g_review;
static struct kf_selfcare_conf g_selfcare;
static struct kf_remind_conf g_remind;
static struct kf_robot_conf g_robot;

static struct kf_conf_section sections[] = {
    {"server", "The daemon itself.", server_keys, KF_ARRAY_LEN(server_keys), &g_server},
    {"smpp", "The SMPP 3.4 server (industry ports and network links bind here).", NULL, 0,
     &g_hub},
    {"hub", "Store-and-forward: validity, retries, routing to internal services.", NULL, 0,
     &g_hub},
    {"store", "The SQLite store (WAL mode, group commit).", store_keys, KF_ARRAY_LEN(store_keys),
     &g_store},
    {"http", "The HTTP JSON API and Prometheus metrics.", NULL, 0, &g_api},
    {"shield", "The spam shield: risk points from lists, content, URLs, port registration, "
               "behaviour and reports; hold and block thresholds.",
     NULL, 0, &g_shield},
    {"review", "Subscriber reports (10086999) and the review queue with its SLAs.", NULL, 0,
     &g_review},
    {"selfcare", "Subscriber self-service: the tariff catalogue, billing cycles, SMS order "
                 "confirmation, usage rating, web login.",
     NULL, 0, &g_selfcare},
    {"remind", "Data, balance and spend reminders: thresholds, quiet hours, sending.", NULL, 0,
     &g_remind},
    {"robot", "The 10086 SMS robot and the 12580 information service: their files, dialogue "
              "memory, hand-over threshold, rate limits and reply length.",
     NULL, 0, &g_robot},
};

struct daemon {
    kf_loop *loop;
    kf_store *store;
    kf_hub *hub;
    kf_shield *shield;
    kf_review *review;
    struct kf_selfsvc *selfsvc;
    kf_robot *robot;
    struct kf_services *services;
    kf_api *api;
    const char *config_path;
    char **overrides; /* "section.key=value" from the command line */
    int noverrides;
    int stopping;
};

static void usage(FILE *f)
{
    fprintf(f, "usage: kefud [--config FILE] [--data-dir DIR] [--smpp-port N] [--http-port N]\n"
               "             [--log-level err|warn|info|debug] [--demo] [--print-config]\n"
               "\n"
               "  --config FILE    configuration file (see conf/kefu.ini)\n"
               "  --data-dir DIR   store, token and pid file directory (server.data_dir)\n"
               "  --smpp-port N    SMPP port (smpp.port); 0 = any free port\n"
               "  --http-port N    HTTP API port (http.port); 0 = any free port\n"
               "  --demo           create the demo ports and network link if missing\n"
               "  --print-config   print the documented default configuration and exit\n");
}

static void setup_sections(void)
{
    sections[1].keys = kf_hub_smpp_keys;
    sections[1].nkeys = kf_hub_smpp_nkeys;
    sections[2].keys = kf_hub_keys;
    sections[2].nkeys = kf_hub_nkeys;
    sections[4].keys = kf_api_keys;
    sections[4].nkeys = kf_api_nkeys;
    sections[5].keys = kf_shield_keys;
    sections[5].nkeys = kf_shield_nkeys;
    sections[6].keys = kf_review_keys;
    sections[6].nkeys = kf_review_nkeys;
    sections[7].keys = kf_selfcare_keys;
    sections[7].nkeys = kf_selfcare_nkeys;
    sections[8].keys = kf_remind_keys;
    sections[8].nkeys = kf_remind_nkeys;
    sections[9].keys = kf_robot_keys;
    sections[9].nkeys = kf_robot_nkeys;
}

/* Loads the file (if any) then the command-line overrides. */
static int load_config(struct daemon *d, char **err)
{
    int rc = 0;

    if (d->config_path)
        rc = kf_conf_load(sections, KF_ARRAY_LEN(sections), d->config_path, err);
    else
        kf_conf_defaults(sections, KF_ARRAY_LEN(sections));
    for (int i = 0; rc == 0 && i < d->noverrides; i++) {
        char sec[32], key[64];
        const char *dot = strchr(d->overrides[i], '.'), *eq = strchr(d->overrides[i], '=');
        snprintf(sec, sizeof sec, "%.*s", (int)(dot - d->overrides[i]), d->overrides[i]);
        snprintf(key, sizeof key, "%.*s", (int)(eq - dot - 1), dot + 1);
        rc = kf_conf_set(sections, KF_ARRAY_LEN(sections), sec, key, eq + 1, "command line",
                         err);
    }
    return rc;
}

/* Where the shipped model and shield data live: $KEFU_SHARE_DIR, else the
 * source tree's data/ this kefud was built from. */
static const char *share_dir(void)
{
    const char *env = getenv("KEFU_SHARE_DIR");
    return env && env[0] ? env : KF_SHARE_DIR;
}

/* ----------------------------------------------------------------- demo */

static void seed_account(kf_store *s, const char *sysid, int kind, const char *pw,
                         const char *name, const char *number, const char *sigs, int tps,
                         int window)
{
    struct kf_account a;
    int64_t now = kf_clock_wall_ms();

    if (kf_store_account_get(s, sysid, &a) == 0)
        return;
    memset(&a, 0, sizeof a);
    a.kind = kind;
    snprintf(a.system_id, sizeof a.system_id, "%s", sysid);
    kf_auth_hash(pw, 0, a.pw_hash);
    snprintf(a.name, sizeof a.name, "%s", name);
    snprintf(a.number, sizeof a.number, "%s", number);
    a.realname = 1;
    snprintf(a.signatures, sizeof a.signatures, "%s", sigs);
    a.bind_types = KF_BINDT_TX | KF_BINDT_RX | KF_BINDT_TRX;
    a.max_binds = 8;
    a.tps = tps;
    a.window = window;
    a.status = KF_ACCT_ACTIVE;
    a.created_ms = a.updated_ms = now;
    kf_store_account_put(s, &a);
    KF_INFO("main", "ev=demo_seed system_id=%s kind=%s", sysid, kind ? "link" : "port");
}

static void seed_demo(kf_store *s)
{
    seed_account(s, "demo106", KF_ACCT_PORT, "demo1234", "湖南示例科技有限公司", "1065755501",
                 "[\"【示例科技】\"]", 1000, 256);
    seed_account(s, "netlink", KF_ACCT_LINK, "link1234", "本网短信中心 (SMSC)", "", "[]", 50000,
                 1024);
}

/* ---------------------------------------------------------------- token */

static int load_token(const char *dir, char out[KF_CONF_STR_MAX])
{
    char path[600];
    int fd;
    ssize_t n;

    snprintf(path, sizeof path, "%s/api.token", dir);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd != -1) {
        n = read(fd, out, KF_CONF_STR_MAX - 1);
        close(fd);
        if (n > 0) {
            out[n] = '\0';
            out[strcspn(out, "\r\n")] = '\0';
            if (out[0])
                return 0;
        }
    }
    kf_auth_token_new(out);
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd == -1)
        return -errno;
    n = write(fd, out, strlen(out));
    (void)n;
    n = write(fd, "\n", 1);
    close(fd);
    return 0;
}

/* -------------------------------------------------------------- signals */

static void drained(void *arg)
{
    struct daemon *d = arg;
    KF_INFO("main", "ev=drained");
    kf_loop_stop(d->loop);
}

static void on_term(void *arg)
{
    struct daemon *d = arg;
    if (d->stopping) {
        KF_WARN("main", "ev=second_signal action=exit_now");
        kf_loop_stop(d->loop);
        return;
    }
    d->stopping = 1;
    KF_INFO("main", "ev=stopping");
    kf_hub_drain(d->hub, drained, d);
}

/* Re-reads the configuration and applies what may change at run time.
 * Returns 0, or an error (the running settings stay) with *err. */
static int reload(struct daemon *d, char **err)
{
    struct server_conf old_server = g_server;
    struct store_conf old_store = g_store;
    struct kf_hub_conf old_hub = g_hub;
    struct kf_api_conf old_api = g_api;
    struct kf_shield_conf old_shield = g_shield;
    struct kf_review_conf old_review = g_review;
    struct kf_selfcare_conf old_selfcare = g_selfcare;
    struct kf_remind_conf old_remind = g_remind;
    struct kf_robot_conf old_robot = g_robot;

    /* the robot's files first: the ones staff edit most, and a refusal there
     * then leaves every module as it was */
    if (load_config(d, err) != 0 || kf_robot_reload(d->robot, &g_robot, share_dir(), err) != 0 ||
        kf_shield_reload(d->shield, &g_shield, err) != 0 ||
        kf_selfsvc_reload(d->selfsvc, &g_selfcare, &g_remind, share_dir(), err) != 0) {
        g_server = old_server, g_store = old_store, g_hub = old_hub, g_api = old_api;
        g_shield = old_shield, g_review = old_review;
        g_selfcare = old_selfcare, g_remind = old_remind, g_robot = old_robot;
        return KF_EINVAL;
    }
    kf_log_level = g_server.log_level;
    kf_log_open(g_server.log_file);
    kf_hub_reload(d->hub, &g_hub);
    kf_review_reload(d->review, &g_review);
    /* Keys that need a restart keep their running values. */
    g_store = old_store;
    g_api = old_api;
    KF_INFO("main", "ev=reloaded log_level=%s", kf_log_level_name(kf_log_level));
    return 0;
}

static void on_hup(void *arg)
{
    char *err = NULL;
    if (reload(arg, &err) != 0) {
        KF_ERR("main", "ev=reload_failed reason=\"%s\"", err ? err : "?");
        free(err);
    }
}

static int api_reload(void *arg, char **err)
{
    return reload(arg, err);
}

/* ----------------------------------------------------------------- main */

static void add_override(struct daemon *d, const char *sec, const char *key, const char *val)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s.%s=%s", sec, key, val);
    d->overrides = kf_xrealloc(d->overrides, (size_t)(d->noverrides + 1) * sizeof(char *));
    d->overrides[d->noverrides++] = kf_xstrdup(buf);
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"config", required_argument, NULL, 'c'},   {"data-dir", required_argument, NULL, 'd'},
        {"smpp-port", required_argument, NULL, 's'}, {"http-port", required_argument, NULL, 'p'},
        {"log-level", required_argument, NULL, 'l'}, {"demo", no_argument, NULL, 'D'},
        {"print-config", no_argument, NULL, 'P'},    {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    struct daemon d;
    struct kf_store_conf sc;
    char *err = NULL;
    char path[600], token[KF_CONF_STR_MAX];
    int c, demo = 0, rc = 1;
    kf_watch *w_term = NULL, *w_int = NULL, *w_hup = NULL;

    memset(&d, 0, sizeof d);
    setup_sections();
    while ((c = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
        switch (c) {
        case 'c':
            d.config_path = optarg;
            break;
        case 'd':
            add_override(&d, "server", "data_dir", optarg);
            break;
        case 's':
            add_override(&d, "smpp", "port", optarg);
            break;
        case 'p':
            add_override(&d, "http", "port", optarg);
            break;
        case 'l':
            add_override(&d, "server", "log_level", optarg);
            break;
        case 'D':
            demo = 1;
            break;
        case 'P':
            kf_conf_defaults(sections, KF_ARRAY_LEN(sections));
            kf_conf_write_doc(sections, KF_ARRAY_LEN(sections), stdout);
            rc = 0;
            goto out;
        case 'h':
            usage(stdout);
            rc = 0;
            goto out;
        default:
            usage(stderr);
            rc = 2;
            goto out;
        }
    }
    if (optind < argc) {
        usage(stderr);
        rc = 2;
        goto out;
    }
    if (load_config(&d, &err) != 0) {
        fprintf(stderr, "kefud: %s\n", err);
        free(err);
        rc = 2;
        goto out;
    }
    kf_log_level = g_server.log_level;
    if (kf_log_open(g_server.log_file) != 0) {
        fprintf(stderr, "kefud: cannot open log file %s\n", g_server.log_file);
        rc = 2;
        goto out;
    }
    signal(SIGPIPE, SIG_IGN);
    if (kf_auth_init() != 0) {
        fprintf(stderr, "kefud: libsodium failed to initialise\n");
        goto out;
    }
    if (mkdir(g_server.data_dir, 0750) == -1 && errno != EEXIST) {
        fprintf(stderr, "kefud: cannot create data directory %s: %s\n", g_server.data_dir,
                strerror(errno));
        goto out;
    }
    snprintf(path, sizeof path, "%s/kefu.db", g_server.data_dir);
    sc.sync_full = g_store.sync == 1;
    sc.batch_max = (int)g_store.batch_max;
    sc.busy_ms = 5000;
    sc.cache_mb = (int)g_store.cache_mb;
    d.store = kf_store_open(path, &sc, &err);
    if (d.store == NULL)
        goto fail;
    if (demo)
        seed_demo(d.store);
    if (g_api.token[0])
        snprintf(token, sizeof token, "%s", g_api.token);
    else if (load_token(g_server.data_dir, token) != 0) {
        err = kf_xstrdup("cannot write the API token file");
        goto fail;
    }
    d.loop = kf_loop_new();
    if (d.loop == NULL) {
        err = kf_xstrdup("cannot create the event loop");
        goto fail;
    }
    d.hub = kf_hub_new(d.loop, d.store, &g_hub, &err);
    if (d.hub == NULL)
        goto fail;
    d.selfsvc = kf_selfsvc_new(d.loop, d.store, d.hub, &g_selfcare, &g_remind, share_dir(), &err);
    if (d.selfsvc == NULL)
        goto fail;
    d.robot = kf_robot_new(d.store, kf_selfsvc_selfcare(d.selfsvc), &g_robot, share_dir(), &err);
    if (d.robot == NULL)
        goto fail;
    d.services = kf_services_new(d.loop, d.hub, d.robot);
    d.shield = kf_shield_new(&g_shield, share_dir(), d.store, &err);
    if (d.shield == NULL)
        goto fail;
    kf_shield_attach(d.shield, d.hub);
    d.review = kf_review_new(&g_review, d.store, d.hub, d.shield);
    kf_review_attach(d.review);
    if (kf_hub_start(d.hub, &err) != 0)
        goto fail;
    d.api = kf_api_new(d.loop, d.store, d.hub, &g_api, token, &err);
    if (d.api == NULL)
        goto fail;
    kf_api_attach_shield(d.api, d.shield, d.review, api_reload, &d);
    kf_api_attach_selfcare(d.api, kf_selfsvc_selfcare(d.selfsvc),
                           g_api.web_dir[0] ? g_api.web_dir : KF_WEB_DIR,
                           g_api.vendor_dir[0] ? g_api.vendor_dir : KF_VENDOR_DIR, api_reload, &d);
    kf_api_attach_robot(d.api, d.robot, api_reload, &d);
    if (demo)
        kf_selfsvc_seed_demo(d.selfsvc, kf_clock_wall_ms());
    kf_selfsvc_start(d.selfsvc);
    w_term = kf_watch_signal(d.loop, SIGTERM, on_term, &d);
    w_int = kf_watch_signal(d.loop, SIGINT, on_term, &d);
    w_hup = kf_watch_signal(d.loop, SIGHUP, on_hup, &d);
    KF_INFO("main", "ev=ready smpp=%s:%d http=%s:%d data_dir=%s pid=%d", g_hub.listen,
            kf_hub_port(d.hub), g_api.listen, kf_api_port(d.api), g_server.data_dir,
            (int)getpid());
    rc = kf_loop_run(d.loop) == 0 ? 0 : 1;
    KF_INFO("main", "ev=exit rc=%d", rc);
    goto out;
fail:
    fprintf(stderr, "kefud: %s\n", err ? err : "start failed");
    KF_ERR("main", "ev=start_failed reason=\"%s\"", err ? err : "?");
    free(err);
    rc = 1;
out:
    kf_watch_free(w_term);
    kf_watch_free(w_int);
    kf_watch_free(w_hup);
    kf_api_free(d.api);
    kf_hub_free(d.hub);
    kf_review_free(d.review);
    kf_shield_free(d.shield);
    kf_services_free(d.services);
    kf_robot_free(d.robot);
    kf_selfsvc_free(d.selfsvc);
    kf_store_close(d.store);
    kf_loop_free(d.loop);
    for (int i = 0; i < d.noverrides; i++)
        free(d.overrides[i]);
    free(d.overrides);
    return rc;
}
