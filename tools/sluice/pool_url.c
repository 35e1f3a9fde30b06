/* Pool URL parsing: "scheme://host:port" with the schemes of the miner
 * contract ("Wire protocols"; ethminer's URI schemes for the Ethash
 * dialects, ../shared/specs/stratum.md). */
#include "pool_client.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

typedef struct {
    const char *scheme;
    miner_algo algo;
    pool_dialect dialect;
} scheme_entry;

static const scheme_entry schemes[] = {
    {"stratum+tcp", MINER_ALGO_TENSORITY, POOL_DIALECT_BYTOM},
    {"bytom+tcp", MINER_ALGO_TENSORITY, POOL_DIALECT_BYTOM},
    {"tcp", MINER_ALGO_TENSORITY, POOL_DIALECT_BYTOM},
    {"stratum1+tcp", MINER_ALGO_ETHASH, POOL_DIALECT_ETHPROXY},
    {"stratum2+tcp", MINER_ALGO_ETHASH, POOL_DIALECT_ETHSTRATUM},
    {"stratum+tcp", MINER_ALGO_ETHASH, POOL_DIALECT_STRATUM},
};

static int fail(char *why, size_t cap, const char *url, const char *msg) {
    if (why && cap) snprintf(why, cap, "bad pool URL '%.200s': %s", url, msg);
    return -1;
}

static int host_char_ok(char c) {
    return isalnum((unsigned char)c) || c == '.' || c == '-' || c == '_';
}

int pool_url_parse(const char *url, miner_algo algo, pool_url *out, char *why, size_t why_cap) {
    if (!url || !out) return fail(why, why_cap, url ? url : "(null)", "missing");
    memset(out, 0, sizeof *out);
    if (strlen(url) >= sizeof out->text) return fail(why, why_cap, url, "too long");
    const char *sep = strstr(url, "://");
    if (!sep) return fail(why, why_cap, url, "expected scheme://host:port");
    size_t slen = (size_t)(sep - url);
    char scheme[32];
    if (slen == 0 || slen >= sizeof scheme) return fail(why, why_cap, url, "unknown scheme");
    memcpy(scheme, url, slen);
    scheme[slen] = '\0';
    if (strstr(scheme, "tls") || strstr(scheme, "ssl") || strstr(scheme, "TLS") || strstr(scheme, "SSL"))
        return fail(why, why_cap, url, "TLS pools are not supported");
    int found = 0, other_algo = 0;
    for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++) {
        if (strcasecmp(scheme, schemes[i].scheme) != 0) continue;
        if (schemes[i].algo == algo) {
            out->dialect = schemes[i].dialect;
            found = 1;
            break;
        }
        other_algo = 1;
    }
    if (!found)
        return fail(why, why_cap, url,
                    other_algo ? "scheme not usable with this algorithm"
                               : (algo == MINER_ALGO_ETHASH
                                      ? "unknown scheme (stratum1+tcp, stratum2+tcp or stratum+tcp)"
                                      : "unknown scheme (stratum+tcp, bytom+tcp or tcp)"));

    const char *h = sep + 3;
    if (strchr(h, '@')) return fail(why, why_cap, url, "credentials in the URL are not supported (use --user)");
    const char *host_end, *after;
    if (*h == '[') {                          /* [IPv6]:port */
        host_end = strchr(h, ']');
        if (!host_end) return fail(why, why_cap, url, "unterminated [");
        for (const char *p = h + 1; p < host_end; p++)
            if (!isxdigit((unsigned char)*p) && *p != ':' && *p != '.')
                return fail(why, why_cap, url, "bad IPv6 address");
        h++;
        after = host_end + 1;
    } else {
        host_end = h;
        while (*host_end && *host_end != ':' && *host_end != '/') {
            if (!host_char_ok(*host_end)) return fail(why, why_cap, url, "bad character in host");
            host_end++;
        }
        after = host_end;
    }
    size_t hlen = (size_t)(host_end - h);
    if (hlen == 0) return fail(why, why_cap, url, "missing host");
    if (hlen >= sizeof out->host) return fail(why, why_cap, url, "host too long");
    if (*after != ':') return fail(why, why_cap, url, "missing :port");
    const char *p = after + 1;
    unsigned long port = 0;
    int digits = 0;
    while (isdigit((unsigned char)*p)) {
        port = port * 10 + (unsigned long)(*p - '0');
        if (port > 65535) return fail(why, why_cap, url, "port out of range (1..65535)");
        p++;
        digits++;
    }
    if (digits == 0) return fail(why, why_cap, url, "missing port number");
    if (port == 0) return fail(why, why_cap, url, "port out of range (1..65535)");
    if (*p == '/') p++;                       /* one trailing slash is tolerated */
    if (*p) return fail(why, why_cap, url, "unexpected text after the port");
    memcpy(out->host, h, hlen);
    out->host[hlen] = '\0';
    out->port = (uint16_t)port;
    snprintf(out->text, sizeof out->text, "%s", url);
    if (why && why_cap) why[0] = '\0';
    return 0;
}
