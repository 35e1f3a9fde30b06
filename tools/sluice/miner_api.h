/* The miner's HTTP status API (in the spirit of xmrig's /1/summary): a small
 * server thread on 127.0.0.1 that answers GET /1/summary and GET / with the
 * miner's JSON summary, 404 for other paths, 405 for other methods, 400 for
 * malformed and 431 for oversized requests; Connection: close after each
 * answer. One client at a time with a 2 s deadline for the request and the
 * answer: a slow or hostile client delays other API clients, never mining. */
#ifndef SLUICE_MINER_API_H
#define SLUICE_MINER_API_H

#include <stddef.h>
#include <stdint.h>

#define MINER_API_MAX_REQUEST 4096   /* bytes of request head */

/* The response body for a summary request: a malloc'd NUL-terminated JSON
 * text (freed by the server), or NULL (answered 500). Called on the API thread. */
typedef char *(*miner_api_body_fn)(void *user);

typedef enum { MINER_API_INCOMPLETE = 0, MINER_API_COMPLETE = 1, MINER_API_BAD = -1 } miner_api_parse_status;

/* Parses the request head in buf[0..len): the request line "METHOD PATH
 * HTTP/x.y" up to the blank line that ends the head. INCOMPLETE until the
 * blank line has arrived; BAD for a malformed request line. method and path
 * (query string removed) are written on COMPLETE. */
miner_api_parse_status miner_api_parse(const char *buf, size_t len, char *method, size_t method_cap, char *path,
                                       size_t path_cap);
/* The HTTP status for method and path: 200 (GET / or /1/summary), 404, 405. */
int miner_api_route(const char *method, const char *path);
/* A complete response (headers and body) for status with body (NULL for the
 * default one of an error); malloc'd, length in *len. */
char *miner_api_response(int status, const char *body, size_t *len);

typedef struct miner_api miner_api;

/* Listens on 127.0.0.1:port (0: an ephemeral port, for tests) and starts the
 * server thread. NULL with why on failure (port in use...). */
miner_api *miner_api_start(uint16_t port, miner_api_body_fn body, void *user, char *why, size_t why_cap);
/* The port it listens on. */
uint16_t miner_api_port(const miner_api *api);
/* Stops the thread (wakes it from poll) and closes the socket. */
void miner_api_stop(miner_api *api);

#endif
