/* TCP connect/send with timeouts and the bounded line reader (pool_net.h). */
#include "pool_net.h"

#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define POOL_NET_SLICE_MS 100   /* longest wait between two looks at the stop flag */

static int64_t now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void set_why(char *why, size_t cap, const char *fmt, const char *a, const char *b) {
    if (why && cap) snprintf(why, cap, fmt, a, b);
}

/* Waits for `events` on fd until deadline: 1 ready, 0 timed out, -1 stopped/error. */
static int wait_fd(int fd, short events, int64_t deadline, const atomic_int *stop, short *revents) {
    for (;;) {
        if (stop && atomic_load(stop)) return -1;
        int64_t left = deadline - now_ms();
        if (left <= 0) return 0;
        struct pollfd p = {.fd = fd, .events = events, .revents = 0};
        int r = poll(&p, 1, (int)(left < POOL_NET_SLICE_MS ? left : POOL_NET_SLICE_MS));
        if (r < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        if (r > 0) {
            if (revents) *revents = p.revents;
            return 1;
        }
    }
}

int pool_net_connect(const char *host, uint16_t port, int timeout_ms, const atomic_int *stop,
                     char *why, size_t why_cap) {
    char service[8];
    snprintf(service, sizeof service, "%u", (unsigned)port);
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    int gai = getaddrinfo(host, service, &hints, &res);
    if (gai != 0) {
        set_why(why, why_cap, "cannot resolve %s: %s", host, gai_strerror(gai));
        return -1;
    }
    int64_t deadline = now_ms() + timeout_ms;
    int fd = -1;
    char last[160] = "no address";
    for (struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next) {
        int s = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
        if (s < 0) {
            snprintf(last, sizeof last, "socket: %s", strerror(errno));
            continue;
        }
        if (connect(s, ai->ai_addr, ai->ai_addrlen) == 0) {
            fd = s;
            break;
        }
        if (errno != EINPROGRESS) {
            snprintf(last, sizeof last, "%s", strerror(errno));
            close(s);
            continue;
        }
        short rev = 0;
        int w = wait_fd(s, POLLOUT, deadline, stop, &rev);
        if (w <= 0) {
            snprintf(last, sizeof last, "%s", w == 0 ? "connect timed out" : "stopped");
            close(s);
            if (w < 0) break;
            continue;
        }
        int err = 0;
        socklen_t elen = sizeof err;
        if (getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &elen) != 0) err = errno;
        if (err != 0) {
            snprintf(last, sizeof last, "%s", strerror(err));
            close(s);
            continue;
        }
        fd = s;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        set_why(why, why_cap, "cannot connect to %s: %s", host, last);
        return -1;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

int pool_net_send_all(int fd, const char *buf, size_t len, int timeout_ms, const atomic_int *stop,
                      char *why, size_t why_cap) {
    int64_t deadline = now_ms() + timeout_ms;
    size_t off = 0;
    while (off < len) {
        ssize_t n = send(fd, buf + off, len - off, MSG_NOSIGNAL);
        if (n > 0) {
            off += (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            int w = wait_fd(fd, POLLOUT, deadline, stop, NULL);
            if (w == 0) {
                set_why(why, why_cap, "%s%s", "send timed out", "");
                return -1;
            }
            if (w < 0) {
                set_why(why, why_cap, "%s%s", "send interrupted", "");
                return -1;
            }
            continue;
        }
        set_why(why, why_cap, "send failed: %s%s", n < 0 ? strerror(errno) : "no progress", "");
        return -1;
    }
    return 0;
}

int pool_lines_init(pool_line_reader *r, size_t max_line) {
    memset(r, 0, sizeof *r);
    r->buf = malloc(max_line + 1);
    if (!r->buf) return -1;
    r->cap = max_line + 1;
    r->max_line = max_line;
    return 0;
}

void pool_lines_free(pool_line_reader *r) {
    free(r->buf);
    memset(r, 0, sizeof *r);
}

void pool_lines_reset(pool_line_reader *r) { r->start = r->len = r->scanned = 0; }

/* Moves the unread bytes to the front so the buffer can take more. */
static void compact(pool_line_reader *r) {
    if (r->start == 0) return;
    memmove(r->buf, r->buf + r->start, r->len - r->start);
    r->len -= r->start;
    r->scanned -= r->start;
    r->start = 0;
}

long pool_lines_fill(pool_line_reader *r, int fd, char *why, size_t why_cap) {
    compact(r);
    if (r->len >= r->cap) {   /* pool_lines_next reports this as an over-long line */
        set_why(why, why_cap, "%s%s", "line buffer full", "");
        return -1;
    }
    for (;;) {
        ssize_t n = recv(fd, r->buf + r->len, r->cap - r->len, 0);
        if (n > 0) {
            r->len += (size_t)n;
            return (long)n;
        }
        if (n == 0) return 0;
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) return -2;
        set_why(why, why_cap, "receive failed: %s%s", strerror(errno), "");
        return -1;
    }
}

size_t pool_lines_push(pool_line_reader *r, const char *data, size_t len) {
    compact(r);
    size_t room = r->cap - r->len;
    if (len > room) len = room;
    memcpy(r->buf + r->len, data, len);
    r->len += len;
    return len;
}

int pool_lines_next(pool_line_reader *r, char **line, size_t *len) {
    char *nl = memchr(r->buf + r->scanned, '\n', r->len - r->scanned);
    if (!nl) {
        r->scanned = r->len;
        if (r->len - r->start > r->max_line) return -1;
        if (r->start == r->len) r->start = r->len = r->scanned = 0;
        return 0;
    }
    size_t end = (size_t)(nl - r->buf);
    if (end - r->start > r->max_line) return -1;
    *nl = '\0';
    size_t n = end - r->start;
    if (n > 0 && r->buf[end - 1] == '\r') {
        r->buf[end - 1] = '\0';
        n--;
    }
    *line = r->buf + r->start;
    *len = n;
    r->start = r->scanned = end + 1;
    return 1;
}
