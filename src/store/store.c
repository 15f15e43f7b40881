/* SPDX-License-Identifier: MIT
 *
 * store.c -- opening the SQLite file: pragmas (WAL), schema creation and
 * migrations, the two connections, close. Accounts live in accounts.c,
 * message rows in messages.c, the group-commit writer in writer.c.
 */
#include "store/store_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "migrate_2_sql.h"
#include "migrate_3_sql.h"
#include "migrate_4_sql.h"
#include "migrate_5_sql.h"
#include "schema_sql.h"

#define SCHEMA_VERSION 5

sqlite3_stmt *kf_store__prep(kf_store *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->admin, sql, -1, &st, NULL) != SQLITE_OK) {
        KF_ERR("store", "ev=prepare_fail err=\"%s\"", sqlite3_errmsg(s->admin));
        return NULL;
    }
    return st;
}

int kf_store__run(sqlite3_stmt *st)
{
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : KF_ESTORE;
}

int kf_store__exec(sqlite3 *db, const char *sql, char **err)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        if (err)
            *err = kf_xasprintf("sqlite: %s", msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        return KF_ESTORE;
    }
    return 0;
}

int kf_store__connect(const char *path, const struct kf_store_conf *conf, sqlite3 **out, char **err)
{
    sqlite3 *db = NULL;
    char pragmas[256];
    int rc;

    rc = sqlite3_open_v2(path, &db,
                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK) {
        *err =
            kf_xasprintf("%s: cannot open: %s", path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close(db);
        return KF_ESTORE;
    }
    sqlite3_busy_timeout(db, (int)conf->busy_ms);
    /* WAL: readers never block the writer. synchronous=FULL fsyncs the WAL at
     * every commit (power-safe); NORMAL is safe against process crashes only. */
    snprintf(pragmas, sizeof pragmas,
             "PRAGMA journal_mode=WAL; PRAGMA synchronous=%s; PRAGMA foreign_keys=ON;"
             "PRAGMA temp_store=MEMORY; PRAGMA cache_size=-%d;",
             conf->sync_full ? "FULL" : "NORMAL",
             (conf->cache_mb > 0 ? conf->cache_mb : 16) * 1024);
    if (kf_store__exec(db, pragmas, err)) {
        sqlite3_close(db);
        return KF_ESTORE;
    }
    *out = db;
    return 0;
}

static int schema_version(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    int v = 0;

    if (sqlite3_prepare_v2(db, "SELECT version FROM schema_version ORDER BY version DESC LIMIT 1",
                           -1, &st, NULL) != SQLITE_OK)
        return 0; /* no table yet */
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Runs one schema step in its own transaction. */
static int apply_step(sqlite3 *db, const char *sql, char **err)
{
    if (kf_store__exec(db, "BEGIN IMMEDIATE", err))
        return KF_ESTORE;
    if (kf_store__exec(db, sql, err)) {
        kf_store__exec(db, "ROLLBACK", NULL);
        return KF_ESTORE;
    }
    return kf_store__exec(db, "COMMIT", err);
}

/* Brings the database to SCHEMA_VERSION: the version 1 schema for a new
 * file, then every migration after the version found, in order. */
static int migrate(sqlite3 *db, char **err)
{
    static const char *const steps[] = {schema_sql, migrate_2_sql, migrate_3_sql, migrate_4_sql,
                                        migrate_5_sql};
    int v = schema_version(db);

    if (v > SCHEMA_VERSION) {
        *err = kf_xasprintf("database schema version %d is newer than this kefud (%d)", v,
                            SCHEMA_VERSION);
        return KF_ESTORE;
    }
    for (; v < SCHEMA_VERSION; v++)
        if (apply_step(db, steps[v], err))
            return KF_ESTORE;
    return 0;
}

kf_store *kf_store_open(const char *path, const struct kf_store_conf *conf, char **err)
{
    kf_store *s = kf_xcalloc(1, sizeof *s);

    *err = NULL;
    s->path = kf_xstrdup(path);
    s->conf = *conf;
    if (s->conf.batch_max <= 0)
        s->conf.batch_max = 4096;
    s->limit = 200000;
    s->efd = -1;
    if (kf_store__connect(path, &s->conf, &s->admin, err))
        goto fail;
    if (migrate(s->admin, err))
        goto fail;
    if (kf_store__connect(path, &s->conf, &s->writer, err))
        goto fail;
    /* Checkpoints run on their own thread (kf_store__ckpt_start). */
    if (kf_store__exec(s->writer, "PRAGMA wal_autocheckpoint=0", err) ||
        kf_store__exec(s->admin, "PRAGMA wal_autocheckpoint=0", err))
        goto fail;
    if (kf_store__writer_start(s, err))
        goto fail;
    if (kf_store__ckpt_start(s, err)) {
        kf_store__writer_stop(s);
        s->writer = NULL;
        goto fail;
    }
    return s;
fail:
    sqlite3_close(s->writer);
    sqlite3_close(s->admin);
    free(s->path);
    free(s);
    return NULL;
}

void kf_store_close(kf_store *s)
{
    if (s == NULL)
        return;
    kf_store__writer_stop(s);
    kf_store__ckpt_stop(s);
    pthread_mutex_destroy(&s->mu);
    pthread_cond_destroy(&s->cv);
    for (size_t i = 0; i < KF_ARRAY_LEN(s->a_stmt); i++)
        sqlite3_finalize(s->a_stmt[i]);
    sqlite3_close(s->admin);
    free(s->path);
    free(s);
}
