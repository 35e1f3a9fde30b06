/* pool_url_parse: the schemes of the miner contract per algorithm, host and
 * port forms, and every malformed URL rejected with a reason. */
#include "pool_client.h"
#include "testutil.h"
#include <string.h>

static void ok(const char *url, miner_algo algo, pool_dialect d, const char *host, unsigned port) {
    pool_url u;
    char why[256] = "unset";
    int r = pool_url_parse(url, algo, &u, why, sizeof why);
    CHECK(r == 0);
    if (r != 0) {
        fprintf(stderr, "  %s: %s\n", url, why);
        return;
    }
    CHECK(u.dialect == d);
    CHECK(strcmp(u.host, host) == 0);
    CHECK(u.port == port);
    CHECK(strcmp(u.text, url) == 0);
    CHECK(why[0] == '\0');
}

static void bad(const char *url, miner_algo algo, const char *why_part) {
    pool_url u;
    char why[256] = "";
    CHECK(pool_url_parse(url, algo, &u, why, sizeof why) == -1);
    CHECK(why[0] != '\0');
    if (why_part && !strstr(why, why_part)) {
        tu_checks++;
        tu_failures++;
        fprintf(stderr, "  %s: reason '%s' lacks '%s'\n", url ? url : "(null)", why, why_part);
    }
}

int main(void) {
    const miner_algo T = MINER_ALGO_TENSORITY, E = MINER_ALGO_ETHASH;
    ok("stratum+tcp://127.0.0.1:3333", T, POOL_DIALECT_BYTOM, "127.0.0.1", 3333);
    ok("bytom+tcp://btm.pool.example:8888", T, POOL_DIALECT_BYTOM, "btm.pool.example", 8888);
    ok("tcp://localhost:1", T, POOL_DIALECT_BYTOM, "localhost", 1);
    ok("stratum+tcp://127.0.0.1:3333", E, POOL_DIALECT_STRATUM, "127.0.0.1", 3333);
    ok("stratum1+tcp://eu1.ethermine.org:4444", E, POOL_DIALECT_ETHPROXY, "eu1.ethermine.org", 4444);
    ok("stratum2+tcp://daggerhashimoto.eu.nicehash.com:3353", E, POOL_DIALECT_ETHSTRATUM,
       "daggerhashimoto.eu.nicehash.com", 3353);
    ok("STRATUM1+TCP://h_1-a.b:65535", E, POOL_DIALECT_ETHPROXY, "h_1-a.b", 65535);
    ok("stratum+tcp://[::1]:3333", T, POOL_DIALECT_BYTOM, "::1", 3333);
    ok("stratum+tcp://h:42/", T, POOL_DIALECT_BYTOM, "h", 42);

    bad("bytom+tcp://h:1", E, "not usable");
    bad("tcp://h:1", E, "not usable");
    bad("stratum1+tcp://h:1", T, "not usable");
    bad("stratum2+tcp://h:1", T, "not usable");
    bad("http://h:1", T, "unknown scheme");
    bad("stratum+ssl://h:1", T, "TLS");
    bad("stratum1+tls://h:1", E, "TLS");
    bad("h:1", T, "scheme://");
    bad("://h:1", T, "scheme");
    bad("stratum+tcp://h", T, "port");
    bad("stratum+tcp://h:", T, "port");
    bad("stratum+tcp://h:0", T, "range");
    bad("stratum+tcp://h:65536", T, "range");
    bad("stratum+tcp://h:99999999999999999999", T, "range");
    bad("stratum+tcp://h:12x", T, "after the port");
    bad("stratum+tcp://h:1/path", T, "after the port");
    bad("stratum+tcp://:1", T, "host");
    bad("stratum+tcp://wallet.worker@h:1", T, "credentials");
    bad("stratum+tcp://h h:1", T, "character");
    bad("stratum+tcp://[::1:1", T, "[");
    bad("stratum+tcp://[zz]:1", T, "IPv6");
    bad("", T, NULL);
    bad(NULL, T, NULL);
    char longurl[700];
    strcpy(longurl, "stratum+tcp://");
    memset(longurl + 14, 'a', 300);
    strcpy(longurl + 314, ":1");
    bad(longurl, T, "host too long");
    memset(longurl + 14, 'a', 600);
    strcpy(longurl + 614, ":1");
    bad(longurl, T, "too long");
    return tu_finish("test_pool_url");
}
