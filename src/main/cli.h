/* SPDX-License-Identifier: MIT
 * cli.h -- what the parts of the admin CLI (kefu.c, cli_self.c) share: one
 * HTTP request to kefud, showing its JSON answer, posting an object. */
#ifndef KF_MAIN_CLI_H
#define KF_MAIN_CLI_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

#include "base/buf.h"

/* Returns the HTTP status (0 on a garbled answer) and fills body. Exits
 * when kefud cannot be reached. */
int kf_cli_request(const char *method, const char *path, const char *type, const char *data,
                   size_t len, struct kf_buf *body);
/* Prints the answer (indented when JSON), frees body; 0 for 2xx, else 1. */
int kf_cli_show(int status, struct kf_buf *body);
/* Sends o (consumed) as JSON and shows the answer. */
int kf_cli_post(const char *method, const char *path, json_t *o, struct kf_buf *body);
void kf_cli_pct_encode(const char *s, char *out, size_t cap);
const char *kf_cli_actor(void);

/* cli_self.c: the self-service commands; -1 when cmd is not one of them. */
int kf_cli_self_commands(const char *cmd, int rest, char **args, struct kf_buf *body);
void kf_cli_self_usage(FILE *f);

#endif
