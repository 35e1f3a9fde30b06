/* The miner's HTTP status API (tools/sluice/miner_api.h): request parsing,
 * routing, responses, and a live server on an ephemeral 127.0.0.1 port. */
#include "miner_api.h"
#include "testutil.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int parse(const char *req, char *method, char *path) {
    return miner_api_parse(req, strlen(req), method, 16, path, 64);
}

static void parsing(void) {
    char m[16], p[64];
    CHECK(parse("GET /1/summary HTTP/1.1\r\nHost: x\r\n\r\n", m, p) == MINER_API_COMPLETE);
    CHECK(strcmp(m, "GET") == 0 && strcmp(p, "/1/summary") == 0);
    CHECK(parse("GET /?pretty=1 HTTP/1.0\n\n", m, p) == MINER_API_COMPLETE);
    CHECK(strcmp(p, "/") == 0);
    CHECK(parse("POST /1/summary HTTP/1.1\r\n\r\n", m, p) == MINER_API_COMPLETE && strcmp(m, "POST") == 0);
    /* Not complete yet: no blank line, or a partial request line. */
    CHECK(parse("GET /1/summary HTTP/1.1\r\nHost: x\r\n", m, p) == MINER_API_INCOMPLETE);
    CHECK(parse("GET /1/sum", m, p) == MINER_API_INCOMPLETE);
    CHECK(parse("", m, p) == MINER_API_INCOMPLETE);
    /* Malformed request lines are judged as soon as the line is there. */
    CHECK(parse("get / HTTP/1.1\r\n", m, p) == MINER_API_BAD);
    CHECK(parse("GET  / HTTP/1.1\r\n\r\n", m, p) == MINER_API_BAD);
    CHECK(parse("GET nopath HTTP/1.1\r\n\r\n", m, p) == MINER_API_BAD);
    CHECK(parse("GET / FTP/1.1\r\n\r\n", m, p) == MINER_API_BAD);
    CHECK(parse("GET / HTTP/1.x\r\n\r\n", m, p) == MINER_API_BAD);
    CHECK(parse("GET /\r\n\r\n", m, p) == MINER_API_BAD);
    CHECK(parse("\r\n\r\n", m, p) == MINER_API_BAD);
    CHECK(parse("VERYLONGMETHODNAME / HTTP/1.1\r\n\r\n", m, p) == MINER_API_BAD);
    CHECK(miner_api_parse("GET /\x01 HTTP/1.1\r\n\r\n", 19, m, 16, p, 64) == MINER_API_BAD);
    /* A path longer than the caller's buffer is refused, not truncated. */
    char longreq[200];
    snprintf(longreq, sizeof longreq, "GET /%080d HTTP/1.1\r\n\r\n", 0);
    CHECK(parse(longreq, m, p) == MINER_API_BAD);
}

static void routing(void) {
    CHECK(miner_api_route("GET", "/") == 200);
    CHECK(miner_api_route("GET", "/1/summary") == 200);
    CHECK(miner_api_route("GET", "/1/summary/") == 404);
    CHECK(miner_api_route("GET", "/2/summary") == 404);
    CHECK(miner_api_route("POST", "/1/summary") == 405);
    CHECK(miner_api_route("DELETE", "/x") == 404);
    size_t len = 0;
    char *r = miner_api_response(200, "{\"a\":1}", &len);
    const char *want = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 8\r\n"
                       "Connection: close\r\n\r\n{\"a\":1}\n";
    CHECK(r && strcmp(r, want) == 0 && len == strlen(want));
    free(r);
    r = miner_api_response(405, NULL, &len);
    want = "HTTP/1.1 405 Method Not Allowed\r\nContent-Type: application/json\r\nContent-Length: 31\r\n"
           "Allow: GET\r\nConnection: close\r\n\r\n{\"error\":\"Method Not Allowed\"}\n";
    CHECK(r && strcmp(r, want) == 0);
    free(r);
}

typedef struct { int calls; } body_state;

static char *body_fn(void *user) {
    body_state *b = user;
    b->calls++;
    char *s = malloc(32);
    if (s) snprintf(s, 32, "{\"calls\":%d}", b->calls);
    return s;
}

/* Sends req (len bytes) to the server, returns what it answered (malloc'd). */
static char *roundtrip(uint16_t port, const char *req, size_t len) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        if (fd >= 0) close(fd);
        return NULL;
    }
    for (size_t off = 0; off < len;) {
        ssize_t n = send(fd, req + off, len - off, MSG_NOSIGNAL);
        if (n <= 0) break;   /* the server may close early (oversized request) */
        off += (size_t)n;
    }
    size_t cap = 4096, got = 0;
    char *buf = malloc(cap + 1);
    for (;;) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, 5000) <= 0) break;
        ssize_t n = recv(fd, buf + got, cap - got, 0);
        if (n <= 0) break;
        got += (size_t)n;
        if (got == cap) break;
    }
    buf[got] = '\0';
    close(fd);
    return buf;
}

static void live_server(void) {
    body_state b = {0};
    char why[128] = "";
    miner_api *api = miner_api_start(0, body_fn, &b, why, sizeof why);
    CHECK(api != NULL);
    if (!api) { fprintf(stderr, "api: %s\n", why); return; }
    uint16_t port = miner_api_port(api);
    CHECK(port != 0);
    const char *req = "GET /1/summary HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    char *r = roundtrip(port, req, strlen(req));
    CHECK(r && strncmp(r, "HTTP/1.1 200 OK\r\n", 17) == 0);
    CHECK(r && strstr(r, "\r\n\r\n{\"calls\":1}\n") != NULL);
    CHECK(r && strstr(r, "Connection: close\r\n") != NULL);
    free(r);
    req = "GET / HTTP/1.0\r\n\r\n";
    r = roundtrip(port, req, strlen(req));
    CHECK(r && strstr(r, "{\"calls\":2}") != NULL);
    free(r);
    req = "GET /secret HTTP/1.1\r\n\r\n";
    r = roundtrip(port, req, strlen(req));
    CHECK(r && strncmp(r, "HTTP/1.1 404 Not Found\r\n", 24) == 0);
    free(r);
    req = "BREW / HTTP/1.1\r\n\r\n";
    r = roundtrip(port, req, strlen(req));
    CHECK(r && strncmp(r, "HTTP/1.1 405 ", 13) == 0);
    free(r);
    req = "\x16\x03\x01garbage\r\n\r\n";
    r = roundtrip(port, req, strlen(req));
    CHECK(r && strncmp(r, "HTTP/1.1 400 ", 13) == 0);
    free(r);
    /* A head that never ends within the limit: 431, and the server lives on. */
    size_t big = MINER_API_MAX_REQUEST + 100;
    char *huge = malloc(big);
    memcpy(huge, "GET / HTTP/1.1\r\n", 16);
    memset(huge + 16, 'a', big - 16);
    r = roundtrip(port, huge, big);
    CHECK(r && strncmp(r, "HTTP/1.1 431 ", 13) == 0);
    free(r);
    free(huge);
    req = "GET /1/summary HTTP/1.1\r\n\r\n";
    r = roundtrip(port, req, strlen(req));
    CHECK(r && strstr(r, "{\"calls\":3}") != NULL);   /* only the two 200s called the body */
    free(r);
    CHECK(b.calls == 3);
    /* The same port cannot be taken twice. */
    miner_api *again = miner_api_start(port, body_fn, &b, why, sizeof why);
    CHECK(again == NULL && strstr(why, "127.0.0.1:") != NULL);
    miner_api_stop(again);
    miner_api_stop(api);
}

int main(void) {
    parsing();
    routing();
    live_server();
    return tu_finish("test_miner_api");
}
