/* Sockets of the test pool: listening on 127.0.0.1, accepting, line-based
 * reading (newline-delimited JSON-RPC), sending, graceful closing. */
#include "testpool.h"
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

int tp_listen(tp_pool *p) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;                                   /* ephemeral */
    socklen_t alen = sizeof a;
    if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 8) != 0 ||
        getsockname(fd, (struct sockaddr *)&a, &alen) != 0) {
        close(fd);
        return -1;
    }
    p->listen_fd = fd;
    p->port = ntohs(a.sin_port);
    return 0;
}

int tp_write_port_file(const tp_pool *p, const char *path) {
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.tmp.%d", path, (int)getpid()) >= (int)sizeof tmp) return -1;
    FILE *f = fopen(tmp, "w");
    if (!f) return -1;
    int ok = fprintf(f, "%u\n", (unsigned)p->port) > 0;
    ok = (fclose(f) == 0) && ok;
    if (!ok || rename(tmp, path) != 0) { remove(tmp); return -1; }
    return 0;
}

void tp_accept(tp_pool *p) {
    int fd = accept4(p->listen_fd, NULL, NULL, SOCK_CLOEXEC);
    if (fd < 0) return;
    tp_conn *c = NULL;
    for (int i = 0; i < TP_MAX_CONNS; i++)
        if (p->conns[i].state == TP_CONN_FREE) { c = &p->conns[i]; break; }
    if (!c) {
        tp_log(p, NULL, "refused a connection: %d already open", TP_MAX_CONNS);
        close(fd);
        return;
    }
    /* Blocking sends with a timeout: a client that stops reading cannot hang
     * the pool for more than a few seconds. */
    struct timeval tv = {5, 0};
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    memset(c, 0, sizeof *c);
    c->state = TP_CONN_OPEN;
    c->fd = fd;
    c->no = (unsigned)++p->counts.connections;
    tp_log(p, c, "connected (connections=%llu)", (unsigned long long)p->counts.connections);
    tp_write_report(p, 0);
}

int tp_send_raw(tp_pool *p, tp_conn *c, const char *data, size_t len) {
    if (c->state != TP_CONN_OPEN) return -1;
    while (len) {
        ssize_t n = send(c->fd, data, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            tp_close(p, c, n < 0 ? strerror(errno) : "send failed");
            return -1;
        }
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

int tp_send_json(tp_pool *p, tp_conn *c, json_t *msg) {
    char *text = json_dumps(msg, JSON_COMPACT);
    if (!text) return -1;
    size_t n = strlen(text);
    char *line = malloc(n + 2);
    if (!line) { free(text); return -1; }
    memcpy(line, text, n);
    line[n] = '\n';
    line[n + 1] = '\0';
    int rc = tp_send_raw(p, c, line, n + 1);
    free(line);
    free(text);
    return rc;
}

/* JSON-RPC answers: {"id":..,"jsonrpc":"2.0","result":..,"error":null} or
 * {"id":..,"jsonrpc":"2.0","result":null,"error":{"code":..,"message":..}}. */
void tp_reply(tp_pool *p, tp_conn *c, json_t *id, json_t *result) {
    json_t *msg = json_pack("{s:O?,s:s,s:o,s:n}", "id", id, "jsonrpc", "2.0", "result", result, "error");
    if (msg) tp_send_json(p, c, msg);
    json_decref(msg);
}

void tp_reply_error(tp_pool *p, tp_conn *c, json_t *id, int code, const char *message) {
    json_t *msg = json_pack("{s:O?,s:s,s:n,s:{s:i,s:s}}", "id", id, "jsonrpc", "2.0", "result", "error", "code",
                            code, "message", message);
    if (msg) tp_send_json(p, c, msg);
    json_decref(msg);
}

static void handle_line(tp_pool *p, tp_conn *c, const char *line) {
    json_error_t err;
    json_t *msg = json_loads(line, JSON_REJECT_DUPLICATES, &err);
    if (!msg || !json_is_object(msg)) {
        tp_log(p, c, "malformed line from client (%s): %.120s", msg ? "not an object" : err.text, line);
        json_decref(msg);
        return;
    }
    if (p->opt.dialect == TP_BYTOM)
        tp_bytom_handle(p, c, msg);
    else
        tp_eth_handle(p, c, msg);
    json_decref(msg);
}

void tp_read(tp_pool *p, tp_conn *c) {
    char chunk[16384];
    ssize_t n = recv(c->fd, chunk, sizeof chunk, 0);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
    if (c->state == TP_CONN_CLOSING) {            /* draining after our shutdown */
        if (n <= 0) tp_close(p, c, "client closed after the drop");
        return;
    }
    if (n <= 0) {
        tp_close(p, c, n == 0 ? "client closed the connection" : strerror(errno));
        return;
    }
    if (c->len + (size_t)n + 1 > c->cap) {
        size_t cap = c->cap ? c->cap : 4096;
        while (cap < c->len + (size_t)n + 1) cap *= 2;
        char *b = realloc(c->buf, cap);
        if (!b) { tp_close(p, c, "out of memory"); return; }
        c->buf = b;
        c->cap = cap;
    }
    memcpy(c->buf + c->len, chunk, (size_t)n);
    c->len += (size_t)n;
    size_t start = 0;
    for (size_t i = 0; i < c->len && c->state == TP_CONN_OPEN; i++) {
        if (c->buf[i] != '\n') continue;
        c->buf[i] = '\0';
        if (i > start && c->buf[i - 1] == '\r') c->buf[i - 1] = '\0';
        if (c->buf[start] != '\0') handle_line(p, c, c->buf + start);
        start = i + 1;
    }
    if (c->state != TP_CONN_OPEN) return;         /* closed while handling (buffer freed) */
    memmove(c->buf, c->buf + start, c->len - start);
    c->len -= start;
    if (c->len > TP_MAX_LINE) tp_close(p, c, "client line too long");
}

void tp_close(tp_pool *p, tp_conn *c, const char *why) {
    if (c->state == TP_CONN_FREE) return;
    tp_log(p, c, "closed: %s", why);
    close(c->fd);
    free(c->buf);
    memset(c, 0, sizeof *c);
    c->fd = -1;
    tp_write_report(p, 0);
}

void tp_close_gracefully(tp_pool *p, tp_conn *c, const char *why) {
    if (c->state != TP_CONN_OPEN) return;
    tp_log(p, c, "dropping the connection: %s", why);
    shutdown(c->fd, SHUT_WR);          /* the client sees EOF after our last answer */
    c->state = TP_CONN_CLOSING;
    c->closing_deadline = tp_now() + 2.0;
    c->len = 0;
}
