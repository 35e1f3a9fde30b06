/* TCP plumbing of the pool connection: connect with a timeout, send with a
 * timeout, and a bounded newline-delimited line reader. Every wait is a
 * poll() in short slices that also checks a stop flag, so stopping the
 * network thread is prompt (< 0.2 s). IPv4 and IPv6 (getaddrinfo). */
#ifndef SLUICE_POOL_NET_H
#define SLUICE_POOL_NET_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

/* Connects to host:port, trying every address getaddrinfo gives, within
 * timeout_ms in all. Returns a non-blocking socket, or -1 with why (also when
 * *stop becomes non-zero). */
int pool_net_connect(const char *host, uint16_t port, int timeout_ms, const atomic_int *stop,
                     char *why, size_t why_cap);

/* Writes all len bytes to the non-blocking socket fd within timeout_ms.
 * 0 on success, -1 with why (peer gone, timeout, or *stop set). */
int pool_net_send_all(int fd, const char *buf, size_t len, int timeout_ms, const atomic_int *stop,
                      char *why, size_t why_cap);

/* A line reader over a buffer of max_line + 1 bytes. */
typedef struct {
    char *buf;
    size_t cap;       /* max_line + 1 */
    size_t max_line;  /* longest accepted line, without its '\n' */
    size_t start;     /* first byte not yet returned */
    size_t len;       /* bytes held */
    size_t scanned;   /* bytes from start already searched for '\n' */
} pool_line_reader;

/* 0 on success, -1 when out of memory. */
int pool_lines_init(pool_line_reader *r, size_t max_line);
void pool_lines_free(pool_line_reader *r);
/* Forgets buffered bytes (a new connection). */
void pool_lines_reset(pool_line_reader *r);
/* Reads what the socket has: >0 bytes read, 0 when the peer closed, -1 on an
 * error (why set), -2 when nothing is available now (EAGAIN). Call
 * pool_lines_next until it returns 0 before each fill. */
long pool_lines_fill(pool_line_reader *r, int fd, char *why, size_t why_cap);
/* Appends bytes as if read (tests, fuzzing). Returns the count taken (it
 * stops when the buffer is full). */
size_t pool_lines_push(pool_line_reader *r, const char *data, size_t len);
/* The next complete line: 1 with *line (NUL-terminated, the '\n' and one
 * trailing '\r' removed; valid until the next call) and *len; 0 when no
 * complete line is buffered; -1 when a line is longer than max_line (the
 * connection must be dropped). */
int pool_lines_next(pool_line_reader *r, char **line, size_t *len);

#endif
