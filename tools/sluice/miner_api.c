/* HTTP status API server (see miner_api.h). Plain sockets and poll(); the
 * answer is built by the caller's body function (miner_run.c). */
#include "miner_api.h"
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CLIENT_DEADLINE_MS 2000

struct miner_api {
    int fd;
    int wake[2];
    uint16_t port;
    pthread_t thread;
    miner_api_body_fn body;
    void *user;
};

static int token_char(char c) { return c >= 'A' && c <= 'Z'; }
static int path_char(char c) { return c > 0x20 && c < 0x7f; }

miner_api_parse_status miner_api_parse(const char *buf, size_t len, char *method, size_t method_cap, char *path,
                                       size_t path_cap) {
    /* The head ends at the first empty line ("\r\n\r\n", or "\n\n" from lax clients). */
    int complete = 0;
    for (size_t i = 1; i < len && !complete; i++)
        complete = buf[i] == '\n' && (buf[i - 1] == '\n' || (i >= 2 && buf[i - 1] == '\r' && buf[i - 2] == '\n'));
    /* The request line alone can be judged early. */
    size_t line_end = 0;
    while (line_end < len && buf[line_end] != '\n') line_end++;
    if (line_end == len) return MINER_API_INCOMPLETE;
    size_t i = 0, m = 0;
    while (i < line_end && token_char(buf[i])) i++;
    m = i;
    if (m == 0 || m >= method_cap || i >= line_end || buf[i] != ' ') return MINER_API_BAD;
    size_t p0 = ++i;
    while (i < line_end && path_char(buf[i])) i++;
    size_t p1 = i;
    if (p1 == p0 || buf[p0] != '/' || i >= line_end || buf[i] != ' ') return MINER_API_BAD;
    i++;
    if (line_end - i < 8 || strncmp(buf + i, "HTTP/", 5) != 0) return MINER_API_BAD;
    size_t v_end = line_end;
    if (v_end > i && buf[v_end - 1] == '\r') v_end--;
    for (size_t k = i + 5; k < v_end; k++)
        if (!((buf[k] >= '0' && buf[k] <= '9') || buf[k] == '.')) return MINER_API_BAD;
    if (!complete) return MINER_API_INCOMPLETE;
    size_t q = p0;
    while (q < p1 && buf[q] != '?') q++;
    if (q - p0 >= path_cap) return MINER_API_BAD;
    memcpy(method, buf, m);
    method[m] = '\0';
    memcpy(path, buf + p0, q - p0);
    path[q - p0] = '\0';
    return MINER_API_COMPLETE;
}

int miner_api_route(const char *method, const char *path) {
    if (strcmp(path, "/") != 0 && strcmp(path, "/1/summary") != 0) return 404;
    if (strcmp(method, "GET") != 0) return 405;
    return 200;
}

static const char *reason_phrase(int status) {
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 431: return "Request Header Fields Too Large";
    default: return "Internal Server Error";
    }
}

char *miner_api_response(int status, const char *body, size_t *len) {
    char deflt[96];
    if (!body) {
        snprintf(deflt, sizeof deflt, "{\"error\":\"%s\"}", reason_phrase(status));
        body = deflt;
    }
    size_t blen = strlen(body);
    char head[256];
    int hlen = snprintf(head, sizeof head,
                        "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n%s"
                        "Connection: close\r\n\r\n",
                        status, reason_phrase(status), blen + 1, status == 405 ? "Allow: GET\r\n" : "");
    char *out = malloc((size_t)hlen + blen + 2);
    if (!out) return NULL;
    memcpy(out, head, (size_t)hlen);
    memcpy(out + hlen, body, blen);
    out[(size_t)hlen + blen] = '\n';
    out[(size_t)hlen + blen + 1] = '\0';
    *len = (size_t)hlen + blen + 1;
    return out;
}

static int64_t now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Waits for fd to be ready for events until deadline; 1 ready, 0 not. */
static int wait_fd(int fd, short events, int64_t deadline) {
    for (;;) {
        int64_t left = deadline - now_ms();
        if (left <= 0) return 0;
        struct pollfd p = {.fd = fd, .events = events};
        int r = poll(&p, 1, (int)left);
        if (r > 0) return 1;
        if (r < 0 && errno != EINTR) return 0;
    }
}

static void serve(miner_api *api, int c) {
    char buf[MINER_API_MAX_REQUEST];
    size_t len = 0;
    int64_t deadline = now_ms() + CLIENT_DEADLINE_MS;
    char method[16], path[256];
    int status = 0;
    while (!status) {
        miner_api_parse_status ps = miner_api_parse(buf, len, method, sizeof method, path, sizeof path);
        if (ps == MINER_API_COMPLETE) { status = miner_api_route(method, path); break; }
        if (ps == MINER_API_BAD) { status = 400; break; }
        if (len == sizeof buf) { status = 431; break; }
        if (!wait_fd(c, POLLIN, deadline)) return;   /* too slow: just close */
        ssize_t n = recv(c, buf + len, sizeof buf - len, 0);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (n <= 0) return;
        len += (size_t)n;
    }
    char *body = status == 200 ? api->body(api->user) : NULL;
    if (status == 200 && !body) status = 500;
    size_t rlen = 0;
    char *resp = miner_api_response(status, body, &rlen);
    free(body);
    if (!resp) return;
    for (size_t off = 0; off < rlen;) {
        if (!wait_fd(c, POLLOUT, deadline)) break;
        ssize_t n = send(c, resp + off, rlen - off, MSG_NOSIGNAL);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (n <= 0) break;
        off += (size_t)n;
    }
    free(resp);
    shutdown(c, SHUT_WR);
}

static void *api_main(void *arg) {
    miner_api *api = arg;
    for (;;) {
        struct pollfd p[2] = {{.fd = api->fd, .events = POLLIN}, {.fd = api->wake[0], .events = POLLIN}};
        int r = poll(p, 2, -1);
        if (r < 0 && errno != EINTR) break;
        if (p[1].revents) break;
        if (!(p[0].revents & POLLIN)) continue;
        int c = accept4(api->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (c < 0) continue;
        serve(api, c);
        close(c);
    }
    return NULL;
}

miner_api *miner_api_start(uint16_t port, miner_api_body_fn body, void *user, char *why, size_t why_cap) {
    miner_api *api = calloc(1, sizeof *api);
    if (!api) { snprintf(why, why_cap, "out of memory"); return NULL; }
    api->body = body;
    api->user = user;
    api->wake[0] = api->wake[1] = -1;
    api->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (api->fd < 0) { snprintf(why, why_cap, "socket: %s", strerror(errno)); free(api); return NULL; }
    int one = 1;
    setsockopt(api->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t alen = sizeof a;
    if (bind(api->fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(api->fd, 8) != 0 ||
        getsockname(api->fd, (struct sockaddr *)&a, &alen) != 0) {
        snprintf(why, why_cap, "127.0.0.1:%u: %s", (unsigned)port, strerror(errno));
        close(api->fd);
        free(api);
        return NULL;
    }
    api->port = ntohs(a.sin_port);
    if (pipe2(api->wake, O_CLOEXEC | O_NONBLOCK) != 0 || pthread_create(&api->thread, NULL, api_main, api) != 0) {
        snprintf(why, why_cap, "cannot start the API thread");
        if (api->wake[0] >= 0) { close(api->wake[0]); close(api->wake[1]); }
        close(api->fd);
        free(api);
        return NULL;
    }
    return api;
}

uint16_t miner_api_port(const miner_api *api) { return api ? api->port : 0; }

void miner_api_stop(miner_api *api) {
    if (!api) return;
    char b = 1;
    if (write(api->wake[1], &b, 1) < 0) { /* the pipe is empty: cannot fail but for EINTR */ }
    pthread_join(api->thread, NULL);
    close(api->wake[0]);
    close(api->wake[1]);
    close(api->fd);
    free(api);
}
