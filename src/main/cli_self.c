/* SPDX-License-Identifier: MIT
 *
 * cli_self.c -- the admin CLI's self-service commands: subscribers and
 * their operations, the catalogue, and usage ingestion. A usage file is
 * sent in pieces cut at line ends (each below http.max_usage_body), each
 * piece naming the file and its first line so errors read "file:line".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "main/cli.h"

#define PIECE (4u << 20) /* bytes per upload: half the server's default limit */

void kf_cli_self_usage(FILE *f)
{
    fputs("\n"
          "self-service:\n"
          "  sub NUMBER                     an account: plan, balance, usage, add-ons\n"
          "  sub-add NUMBER NAME PLAN [YUAN]  a new subscriber on PLAN with a balance\n"
          "  sub-op NUMBER order|change|unsubscribe|cancel-change [ITEM] [REQUEST_ID]\n"
          "                                 an operation on behalf of the subscriber\n"
          "  sub-ops NUMBER                 the operation log (who, channel, before/after)\n"
          "  reminders NUMBER               reminders created and sent\n"
          "  contacts NUMBER                channel history\n"
          "  recommend NUMBER               cheapest plans for the last three months\n"
          "  catalog [kind=K] [family=F] [q=TEXT] [all=1]   catalogue items on sale\n"
          "  item ID                        one catalogue item\n"
          "  catalog-reload                 re-read the catalogue (and the configuration)\n"
          "  usage-ingest FILE              rate a usage CSV (number,type,amount,timestamp,\n"
          "                                 record_id); ingesting it again changes nothing\n"
          "\n"
          "10086 robot and 12580:\n"
          "  handover [open|answered|closed|all]   questions handed over to a person\n"
          "  handover-answer ID TEXT        answer one by SMS from 10086 (actor: $KEFU_ACTOR)\n"
          "  handover-close ID              close one without an answer\n"
          "  robot-log [0|1]                free-text questions (0: not answered)\n"
          "  robot-stats                    counters and answer times\n"
          "  robot-reload                   re-read the robot's files and the 12580 directory\n"
          "  bookings NUMBER                a subscriber's 12580 appointments\n",
          f);
}

static int get(const char *path, struct kf_buf *body)
{
    return kf_cli_show(kf_cli_request("GET", path, "application/json", NULL, 0, body), body);
}

static int sub_path(const char *number, const char *tail, struct kf_buf *body)
{
    char path[256], n[96];
    kf_cli_pct_encode(number, n, sizeof n);
    snprintf(path, sizeof path, "/api/v1/subscribers/%s%s", n, tail);
    return get(path, body);
}

static int catalog(int argc, char **argv, struct kf_buf *body)
{
    char path[1024] = "/api/v1/catalog", v[512];

    for (int i = 0; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        if (eq == NULL) {
            fprintf(stderr, "kefu: expected key=value, got \"%s\"\n", argv[i]);
            return 2;
        }
        kf_cli_pct_encode(eq + 1, v, sizeof v);
        snprintf(path + strlen(path), sizeof path - strlen(path), "%c%.*s=%s", i ? '&' : '?',
                 (int)(eq - argv[i]), argv[i], v);
    }
    return get(path, body);
}

/* ------------------------------------------------------ usage upload */

struct totals {
    long long lines, rated, duplicates, bad, rejected, charged;
    int errors_shown;
};

static void add_totals(struct totals *t, json_t *j)
{
    json_t *errs = json_object_get(j, "errors"), *e;
    size_t i;

    t->lines += json_integer_value(json_object_get(j, "lines"));
    t->rated += json_integer_value(json_object_get(j, "rated"));
    t->duplicates += json_integer_value(json_object_get(j, "duplicates"));
    t->bad += json_integer_value(json_object_get(j, "bad_lines"));
    t->rejected += json_integer_value(json_object_get(j, "rejected"));
    t->charged += json_integer_value(json_object_get(j, "charged_fen"));
    json_array_foreach(errs, i, e)
    {
        if (t->errors_shown++ < 50)
            fprintf(stderr, "%s\n", json_string_value(e));
    }
}

static int upload(const char *name, const char *data, size_t len, int first_line, struct totals *t)
{
    char path[512], n[256];
    struct kf_buf body;
    json_t *j;
    int st;

    kf_buf_init(&body, 16u << 20);
    kf_cli_pct_encode(name, n, sizeof n);
    snprintf(path, sizeof path, "/api/v1/usage?name=%s&first_line=%d", n, first_line);
    st = kf_cli_request("POST", path, "text/csv", data, len, &body);
    j = json_loads(kf_buf_str(&body), 0, NULL);
    if ((st != 200 && st != 422) || j == NULL) {
        fprintf(stderr, "kefu: usage upload failed (HTTP %d): %s\n", st, kf_buf_str(&body));
        json_decref(j);
        kf_buf_deinit(&body);
        return 1;
    }
    add_totals(t, j);
    json_decref(j);
    kf_buf_deinit(&body);
    return 0;
}

static int usage_ingest(const char *file)
{
    FILE *f = fopen(file, "rb");
    const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
    char *buf = malloc(PIECE + 1);
    struct totals t = {0};
    size_t have = 0;
    int line = 1, rc = 0;

    if (f == NULL || buf == NULL) {
        fprintf(stderr, "kefu: %s: %s\n", file, f ? "out of memory" : strerror(errno));
        if (f)
            fclose(f);
        free(buf);
        return 1;
    }
    for (;;) {
        size_t got = fread(buf + have, 1, PIECE - have, f), cut, lines = 0;
        int eof = got == 0;
        have += got;
        if (have == 0)
            break;
        cut = have; /* send up to the last line end; keep the rest */
        if (!eof || have == PIECE) {
            while (cut > 0 && buf[cut - 1] != '\n')
                cut--;
            if (cut == 0) {
                fprintf(stderr, "kefu: %s:%d: a line longer than %u bytes\n", file, line, PIECE);
                rc = 1;
                break;
            }
        }
        for (size_t i = 0; i < cut; i++)
            lines += buf[i] == '\n';
        if (upload(base, buf, cut, line, &t)) {
            rc = 1;
            break;
        }
        line += (int)lines;
        memmove(buf, buf + cut, have - cut);
        have -= cut;
        if (eof && have == 0)
            break;
    }
    fclose(f);
    free(buf);
    printf("%s: %lld lines, %lld rated, %lld already rated before, %lld bad lines, "
           "%lld rejected, %lld.%02lld yuan charged\n",
           file, t.lines, t.rated, t.duplicates, t.bad, t.rejected, t.charged / 100,
           t.charged % 100);
    return rc ? rc : (t.bad || t.rejected) ? 1 : 0;
}

/* The robots' staff commands; -1 when cmd is not one of them. */
static int desk(const char *cmd, int rest, char **args, struct kf_buf *body, char *path, size_t cap)
{
    if (strcmp(cmd, "handover") == 0) {
        snprintf(path, cap, "/api/v1/handover?state=%.12s", rest >= 1 ? args[0] : "open");
        return get(path, body);
    }
    if (rest >= 2 && strcmp(cmd, "handover-answer") == 0) {
        snprintf(path, cap, "/api/v1/handover/%.20s/answer", args[0]);
        return kf_cli_post("POST", path,
                           json_pack("{s:s, s:s}", "text", args[1], "actor", kf_cli_actor()), body);
    }
    if (rest >= 1 && strcmp(cmd, "handover-close") == 0) {
        snprintf(path, cap, "/api/v1/handover/%.20s/close", args[0]);
        return kf_cli_post("POST", path, json_pack("{s:s}", "actor", kf_cli_actor()), body);
    }
    if (strcmp(cmd, "robot-log") == 0) {
        snprintf(path, cap, "/api/v1/robot/log%s%.1s", rest >= 1 ? "?answered=" : "",
                 rest >= 1 ? args[0] : "");
        return get(path, body);
    }
    if (strcmp(cmd, "robot-stats") == 0)
        return get("/api/v1/robot/stats", body);
    if (strcmp(cmd, "robot-reload") == 0)
        return kf_cli_post("POST", "/api/v1/robot/reload", json_object(), body);
    if (rest >= 1 && strcmp(cmd, "bookings") == 0) {
        char n[96];
        kf_cli_pct_encode(args[0], n, sizeof n);
        snprintf(path, cap, "/api/v1/bookings?number=%s", n);
        return get(path, body);
    }
    return -1;
}

int kf_cli_self_commands(const char *cmd, int rest, char **args, struct kf_buf *body)
{
    char path[512];
    int rc;

    if (rest >= 1 && strcmp(cmd, "sub") == 0)
        return sub_path(args[0], "", body);
    if (rest >= 1 && strcmp(cmd, "sub-ops") == 0)
        return sub_path(args[0], "/ops", body);
    if (rest >= 1 && strcmp(cmd, "reminders") == 0)
        return sub_path(args[0], "/reminders", body);
    if (rest >= 1 && strcmp(cmd, "contacts") == 0)
        return sub_path(args[0], "/contacts", body);
    if (rest >= 1 && strcmp(cmd, "recommend") == 0)
        return sub_path(args[0], "/recommend", body);
    if (rest >= 3 && strcmp(cmd, "sub-add") == 0) {
        long long fen = rest >= 4 ? (long long)(strtod(args[3], NULL) * 100 + 0.5) : 0;
        return kf_cli_post("POST", "/api/v1/subscribers",
                           json_pack("{s:s, s:s, s:s, s:I}", "number", args[0], "name", args[1],
                                     "plan_id", args[2], "balance_fen", (json_int_t)fen),
                           body);
    }
    if (rest >= 2 && strcmp(cmd, "sub-op") == 0) {
        json_t *o = json_pack("{s:s, s:s}", "kind", args[1], "actor", kf_cli_actor());
        if (rest >= 3)
            json_object_set_new(o, "item_id", json_string(args[2]));
        if (rest >= 4)
            json_object_set_new(o, "request_id", json_string(args[3]));
        snprintf(path, sizeof path, "/api/v1/subscribers/%.32s/ops", args[0]);
        return kf_cli_post("POST", path, o, body);
    }
    if (strcmp(cmd, "catalog") == 0)
        return catalog(rest, args, body);
    if (rest >= 1 && strcmp(cmd, "item") == 0) {
        char id[96];
        kf_cli_pct_encode(args[0], id, sizeof id);
        snprintf(path, sizeof path, "/api/v1/catalog/%s", id);
        return get(path, body);
    }
    if (strcmp(cmd, "catalog-reload") == 0)
        return kf_cli_post("POST", "/api/v1/catalog/reload", json_object(), body);
    if ((rc = desk(cmd, rest, args, body, path, sizeof path)) >= 0)
        return rc;
    if (rest >= 1 && strcmp(cmd, "usage-ingest") == 0) {
        kf_buf_deinit(body);
        return usage_ingest(args[0]);
    }
    return -1;
}
