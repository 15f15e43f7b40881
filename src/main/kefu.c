/* SPDX-License-Identifier: MIT
 *
 * kefu.c -- the admin command-line tool. It talks to a running kefud over the
 * HTTP API (the same routes as docs/OPERATIONS.md), with the bearer token
 * from --token, $KEFU_TOKEN or the data directory's api.token, and prints
 * JSON answers readably. Plain blocking sockets: one request per run.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "main/cli.h"

static const char *host = "127.0.0.1";
static int port = 8086;
static char token[256];

static void usage(void)
{
    fputs("usage: kefu [--host H] [--port P] [--token T | --data-dir DIR] COMMAND\n"
          "\n"
          "commands:\n"
          "  health                         is kefud up\n"
          "  metrics                        Prometheus metrics\n"
          "  binds                          bound SMPP sessions\n"
          "  ports                          list industry ports and network links\n"
          "  port SYSTEM_ID                 show one\n"
          "  port-add SYSTEM_ID key=value…  create (password=, number=, name=, kind=port|link,\n"
          "                                 realname_verified=true, tps=, window=, max_binds=,\n"
          "                                 signatures=【A】,【B】, bind_types=transmitter,receiver,\n"
          "                                 allowed_ips=, source_range=, status=active|suspended)\n"
          "  port-set SYSTEM_ID key=value…  update\n"
          "  port-del SYSTEM_ID             delete (its sessions are unbound)\n"
          "  msg ID                         one message (numbers masked)\n"
          "  msgs NUMBER [LIMIT]            messages from or to a number, newest first\n"
          "  send FROM TO TEXT              send a text (FROM: a port or service number)\n"
          "\n"
          "spam shield and review (actions are signed with $KEFU_ACTOR, else $USER):\n"
          "  check TEXT [SRC] [PORT]        judge a text (dry run) and explain the verdict\n"
          "  shield-reload                  reload model, rules and domain lists\n"
          "  lists [LIST]                   staff lists (sender.black, sender.white,\n"
          "                                 sender.suspended, port.black, port.white, optout,\n"
          "                                 domain.black, domain.white, keyword.black, regex.black)\n"
          "  list-add LIST VALUE [NOTE]     add an entry\n"
          "  list-del LIST VALUE            remove an entry\n"
          "  review [open|handled|all] [N]  the review queue\n"
          "  review-show ID                 one item: text, reasons, reports, action log\n"
          "  review-act ID ACTION [NOTE]    release|block|blacklist (held), confirm|dismiss\n"
          "                                 (reported), suspend|reinstate|notify (either)\n"
          "  review-audit ID correct|wrong  audit a handled item\n"
          "  kpi [DAYS]                     processing, timeliness and accuracy rates\n"
          "  labels                         handled texts as label<TAB>text (kefu-train)\n"
          "  report REPORTER TEXT           file a spam report as REPORTER would to 10086999\n",
          stderr);
    kf_cli_self_usage(stderr);
    exit(2);
}

static ssize_t write_all(int fd, const char *p, size_t n)
{
    size_t done = 0;
    while (done < n) {
        ssize_t w = write(fd, p + done, n - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return -1;
        done += (size_t)w;
    }
    return (ssize_t)done;
}

static int request(const char *method, const char *path, const char *json, struct kf_buf *body)
{
    return kf_cli_request(method, path, "application/json", json, json ? strlen(json) : 0, body);
}

/* Sends one HTTP/1.0 request; returns the status and fills body. */
int kf_cli_request(const char *method, const char *path, const char *type, const char *data,
                   size_t len, struct kf_buf *body)
{
    struct sockaddr_in sa;
    char hdr[1024], buf[8192];
    int fd, status = 0;
    ssize_t n;
    struct kf_buf resp;
    const char *p;

    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
        fprintf(stderr, "kefu: %s: not a numeric IPv4 address\n", host);
        exit(1);
    }
    fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd == -1 || connect(fd, (struct sockaddr *)&sa, sizeof sa) == -1) {
        fprintf(stderr, "kefu: cannot reach kefud at %s:%d: %s\n", host, port, strerror(errno));
        exit(1);
    }
    snprintf(hdr, sizeof hdr,
             "%s %s HTTP/1.0\r\nHost: %s\r\nAuthorization: Bearer %s\r\n"
             "Content-Type: %s\r\nContent-Length: %zu\r\n\r\n",
             method, path, host, token, type, data ? len : 0);
    if (write(fd, hdr, strlen(hdr)) < 0 || (data && write_all(fd, data, len) < 0)) {
        fprintf(stderr, "kefu: write failed: %s\n", strerror(errno));
        exit(1);
    }
    kf_buf_init(&resp, 64u << 20);
    while ((n = read(fd, buf, sizeof buf)) > 0)
        if (kf_buf_append(&resp, buf, (size_t)n))
            break;
    close(fd);
    if (sscanf(kf_buf_str(&resp), "HTTP/%*s %d", &status) != 1)
        status = 0;
    p = strstr(kf_buf_str(&resp), "\r\n\r\n");
    if (p)
        kf_buf_puts(body, p + 4);
    kf_buf_deinit(&resp);
    return status;
}

/* Turns key=value arguments into a JSON object. */
static json_t *kv_object(int argc, char **argv)
{
    json_t *o = json_object();
    for (int i = 0; i < argc; i++) {
        char *eq = strchr(argv[i], '=');
        const char *v;
        char *end;
        long long n;
        if (eq == NULL) {
            fprintf(stderr, "kefu: expected key=value, got \"%s\"\n", argv[i]);
            exit(2);
        }
        *eq = '\0';
        v = eq + 1;
        n = strtoll(v, &end, 10);
        if (strcmp(argv[i], "signatures") == 0 || strcmp(argv[i], "bind_types") == 0) {
            json_t *arr = json_array();
            char *copy = strdup(v), *save = NULL;
            for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
                json_array_append_new(arr, json_string(t));
            free(copy);
            json_object_set_new(o, argv[i], arr);
        } else if (strcmp(v, "true") == 0 || strcmp(v, "false") == 0) {
            json_object_set_new(o, argv[i], json_boolean(v[0] == 't'));
        } else if (*v && *end == '\0' && strcmp(argv[i], "password") != 0 &&
                   strcmp(argv[i], "number") != 0 && strcmp(argv[i], "source_range") != 0) {
            json_object_set_new(o, argv[i], json_integer(n));
        } else {
            json_object_set_new(o, argv[i], json_string(v));
        }
    }
    return o;
}

int kf_cli_show(int status, struct kf_buf *body)
{
    json_error_t e;
    json_t *j = json_loads(kf_buf_str(body), 0, &e);
    if (j) {
        char *t = json_dumps(j, JSON_INDENT(2));
        puts(t);
        free(t);
        json_decref(j);
    } else {
        fputs(kf_buf_str(body), stdout);
    }
    kf_buf_deinit(body);
    return status >= 200 && status < 300 ? 0 : 1;
}

/* Percent-encodes s for a URL path segment (truncated to fit). */
void kf_cli_pct_encode(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    for (; *s && n + 4 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
            c == '-' || c == '.' || c == '_' || c == '+')
            out[n++] = (char)c;
        else
            n += (size_t)snprintf(out + n, cap - n, "%%%02X", c);
    }
    out[n] = '\0';
}

const char *kf_cli_actor(void)
{
    const char *a = getenv("KEFU_ACTOR");
    if (a == NULL || *a == '\0')
        a = getenv("USER");
    return a && *a ? a : "cli";
}

/* POSTs a JSON object (consumed) and shows the answer. */
int kf_cli_post(const char *method, const char *path, json_t *o, struct kf_buf *body)
{
    char *text = json_dumps(o, JSON_COMPACT);
    int st = request(method, path, text, body);
    free(text);
    json_decref(o);
    return kf_cli_show(st, body);
}

/* The shield and review commands; -1 when cmd is not one of them. */
static int shield_commands(const char *cmd, int rest, char **args, struct kf_buf *body)
{
    char path[1024];

    if (rest >= 1 && strcmp(cmd, "check") == 0) {
        json_t *o = json_pack("{s:s}", "text", args[0]);
        if (rest >= 2)
            json_object_set_new(o, "src", json_string(args[1]));
        if (rest >= 3)
            json_object_set_new(o, "port", json_string(args[2]));
        return kf_cli_post("POST", "/api/v1/shield/check", o, body);
    }
    if (strcmp(cmd, "shield-reload") == 0)
        return kf_cli_post("POST", "/api/v1/shield/reload", json_object(), body);
    if (strcmp(cmd, "lists") == 0) {
        snprintf(path, sizeof path, "/api/v1/shield/lists%s%s", rest ? "?list=" : "",
                 rest ? args[0] : "");
        return kf_cli_show(request("GET", path, NULL, body), body);
    }
    if (rest >= 2 && strcmp(cmd, "list-add") == 0)
        return kf_cli_post("POST", "/api/v1/shield/lists",
                    json_pack("{s:s,s:s,s:s,s:s}", "list", args[0], "value", args[1], "actor",
                              kf_cli_actor(), "note", rest >= 3 ? args[2] : ""),
                    body);
    if (rest >= 2 && strcmp(cmd, "list-del") == 0) {
        char v[800];
        kf_cli_pct_encode(args[1], v, sizeof v);
        snprintf(path, sizeof path, "/api/v1/shield/lists/%s/%s", args[0], v);
        return kf_cli_show(request("DELETE", path, NULL, body), body);
    }
    if (strcmp(cmd, "review") == 0) {
        snprintf(path, sizeof path, "/api/v1/review?state=%s&limit=%s", rest ? args[0] : "open",
                 rest >= 2 ? args[1] : "50");
        return kf_cli_show(request("GET", path, NULL, body), body);
    }
    if (rest >= 1 && strcmp(cmd, "review-show") == 0) {
        snprintf(path, sizeof path, "/api/v1/review/%s", args[0]);
        return kf_cli_show(request("GET", path, NULL, body), body);
    }
    if (rest >= 2 && strcmp(cmd, "review-act") == 0) {
        snprintf(path, sizeof path, "/api/v1/review/%s/action", args[0]);
        return kf_cli_post("POST", path,
                    json_pack("{s:s,s:s,s:s}", "action", args[1], "actor", kf_cli_actor(), "note",
                              rest >= 3 ? args[2] : ""),
                    body);
    }
    if (rest >= 2 && strcmp(cmd, "review-audit") == 0) {
        snprintf(path, sizeof path, "/api/v1/review/%s/audit", args[0]);
        return kf_cli_post("POST", path,
                    json_pack("{s:b,s:s}", "correct", strcmp(args[1], "correct") == 0, "actor",
                              kf_cli_actor()),
                    body);
    }
    if (strcmp(cmd, "kpi") == 0) {
        long long days = rest ? strtoll(args[0], NULL, 10) : 30;
        long long now = (long long)time(NULL) * 1000;
        snprintf(path, sizeof path, "/api/v1/review/kpi?from=%lld&to=%lld",
                 now - (days > 0 ? days : 30) * 86400000LL, now + 1);
        return kf_cli_show(request("GET", path, NULL, body), body);
    }
    if (strcmp(cmd, "labels") == 0) {
        int st = request("GET", "/api/v1/review/labels", NULL, body);
        fputs(kf_buf_str(body), stdout);
        kf_buf_deinit(body);
        return st == 200 ? 0 : 1;
    }
    if (rest >= 2 && strcmp(cmd, "report") == 0)
        return kf_cli_post("POST", "/api/v1/reports",
                    json_pack("{s:s,s:s}", "reporter", args[0], "text", args[1]), body);
    return -1;
}

static void read_token(const char *dir)
{
    char path[1024];
    FILE *f;
    snprintf(path, sizeof path, "%s/api.token", dir);
    f = fopen(path, "r");
    if (f == NULL)
        return;
    if (fgets(token, sizeof token, f))
        token[strcspn(token, "\r\n")] = '\0';
    fclose(f);
}

int main(int argc, char **argv)
{
    struct kf_buf body;
    char path[512];
    const char *dir = "var";
    int i = 1, rc;

    if (getenv("KEFU_TOKEN"))
        snprintf(token, sizeof token, "%s", getenv("KEFU_TOKEN"));
    for (; i < argc - 1 && argv[i][0] == '-'; i += 2) {
        if (strcmp(argv[i], "--host") == 0)
            host = argv[i + 1];
        else if (strcmp(argv[i], "--port") == 0)
            port = (int)strtol(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--token") == 0)
            snprintf(token, sizeof token, "%s", argv[i + 1]);
        else if (strcmp(argv[i], "--data-dir") == 0)
            dir = argv[i + 1];
        else
            usage();
    }
    if (i >= argc)
        usage();
    if (token[0] == '\0')
        read_token(dir);
    kf_buf_init(&body, 64u << 20);
    const char *cmd = argv[i++];
    int rest = argc - i;
    char **args = argv + i;

    if (strcmp(cmd, "health") == 0)
        return kf_cli_show(request("GET", "/healthz", NULL, &body), &body);
    if (strcmp(cmd, "metrics") == 0)
        return kf_cli_show(request("GET", "/metrics", NULL, &body), &body);
    if (strcmp(cmd, "binds") == 0)
        return kf_cli_show(request("GET", "/api/v1/binds", NULL, &body), &body);
    if (strcmp(cmd, "ports") == 0)
        return kf_cli_show(request("GET", "/api/v1/ports", NULL, &body), &body);
    if (rest >= 1 && (strcmp(cmd, "port") == 0 || strcmp(cmd, "port-del") == 0)) {
        snprintf(path, sizeof path, "/api/v1/ports/%s", args[0]);
        return kf_cli_show(request(cmd[4] ? "DELETE" : "GET", path, NULL, &body), &body);
    }
    if (rest >= 1 && (strcmp(cmd, "port-add") == 0 || strcmp(cmd, "port-set") == 0)) {
        json_t *o = kv_object(rest - 1, args + 1);
        char *text;
        int add = strcmp(cmd, "port-add") == 0, st;
        if (add)
            json_object_set_new(o, "system_id", json_string(args[0]));
        snprintf(path, sizeof path, add ? "/api/v1/ports" : "/api/v1/ports/%s", args[0]);
        text = json_dumps(o, JSON_COMPACT);
        st = request(add ? "POST" : "PUT", path, text, &body);
        free(text);
        json_decref(o);
        return kf_cli_show(st, &body);
    }
    if (rest >= 1 && strcmp(cmd, "msg") == 0) {
        snprintf(path, sizeof path, "/api/v1/messages/%s", args[0]);
        return kf_cli_show(request("GET", path, NULL, &body), &body);
    }
    if (rest >= 1 && strcmp(cmd, "msgs") == 0) {
        snprintf(path, sizeof path, "/api/v1/messages?number=%s&limit=%s", args[0],
                 rest >= 2 ? args[1] : "50");
        return kf_cli_show(request("GET", path, NULL, &body), &body);
    }
    if (rest >= 3 && strcmp(cmd, "send") == 0) {
        json_t *o = json_pack("{s:s, s:s, s:s}", "from", args[0], "to", args[1], "text", args[2]);
        char *text = json_dumps(o, JSON_COMPACT);
        int st = request("POST", "/api/v1/messages", text, &body);
        free(text);
        json_decref(o);
        return kf_cli_show(st, &body);
    }
    if ((rc = shield_commands(cmd, rest, args, &body)) >= 0)
        return rc;
    if ((rc = kf_cli_self_commands(cmd, rest, args, &body)) >= 0)
        return rc;
    usage();
    return 2;
}
