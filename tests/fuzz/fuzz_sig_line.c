/* libFuzzer target for the `sluice sigverify` line parser
 * (tools/sluice/sig_line.c, added to this target by tests/fuzz/CMakeLists.txt).
 * Input: byte 0
 * picks the scheme, the rest is one line (any bytes). Properties checked
 * against an independent oracle written here (split on blanks, '#' comment,
 * 3 fields or 4 with SM2's id=, "-" message / "id=-", optional 0x, even-length
 * hex):
 *  - never a crash, leak or read past the (exactly sized, heap) line;
 *  - skip / item / malformed exactly as the oracle says, a non-empty
 *    NUL-terminated reason when malformed;
 *  - an item's bytes equal the oracle's decoding field by field;
 *  - the verifier given that item returns a defined verdict (no crash on any
 *    lengths), the same as the scheme's convenience function. */
#include "sig_line.h"
#include "sluice/sig.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define REQUIRE(c) do { if (!(c)) __builtin_trap(); } while (0)

typedef struct {
    const char *p;
    size_t len;
} tok;

static int oracle_hex(tok t, uint8_t *out, size_t *n) {
    if (t.len >= 2 && t.p[0] == '0' && (t.p[1] == 'x' || t.p[1] == 'X')) {
        t.p += 2;
        t.len -= 2;
    }
    if (t.len % 2) return 0;
    for (size_t i = 0; i < t.len; i++) {
        const char *digits = "0123456789abcdefABCDEF";
        if (!memchr(digits, t.p[i], 22)) return 0;
    }
    for (size_t i = 0; i < t.len / 2; i++) {
        char b[3] = {t.p[2 * i], t.p[2 * i + 1], 0};
        out[i] = (uint8_t)strtoul(b, NULL, 16);
    }
    *n = t.len / 2;
    return 1;
}

/* Returns SIG_LINE_* and, for an item, the decoded fields. */
static int oracle(sluice_sig_scheme scheme, const char *s, size_t len, uint8_t *buf[4], size_t n[4], int *has_id) {
    if (memchr(s, 0, len)) return SIG_LINE_MALFORMED;
    tok t[64];
    size_t nt = 0;
    for (size_t i = 0; i < len;) {
        if (strchr(" \t\r\n\v\f", s[i])) { i++; continue; }
        size_t j = i;
        while (j < len && !strchr(" \t\r\n\v\f", s[j])) j++;
        if (nt < 64) t[nt] = (tok){s + i, j - i};
        nt++;
        i = j;
    }
    if (nt == 0 || t[0].p[0] == '#') return SIG_LINE_SKIP;
    if (nt < 3 || nt > 4) return SIG_LINE_MALFORMED;
    *has_id = nt == 4;
    if (*has_id) {
        if (scheme != SLUICE_SIG_SM2 || t[3].len < 3 || memcmp(t[3].p, "id=", 3) != 0) return SIG_LINE_MALFORMED;
        t[3].p += 3;
        t[3].len -= 3;
        if (t[3].len == 1 && t[3].p[0] == '-') t[3].len = 0;
    }
    if (t[1].len == 1 && t[1].p[0] == '-') t[1].len = 0;
    for (size_t k = 0; k < nt; k++)
        if (!oracle_hex(t[k], buf[k], &n[k])) return SIG_LINE_MALFORMED;
    return SIG_LINE_ITEM;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size == 0) return 0;
    sluice_sig_scheme scheme = (sluice_sig_scheme)(data[0] % SLUICE_SIG_NSCHEMES);
    size_t len = size - 1;
    char *line = malloc(len ? len : 1);
    REQUIRE(line);
    memcpy(line, data + 1, len);
    uint8_t *bufs[4];
    size_t n[4] = {0, 0, 0, 0};
    for (int k = 0; k < 4; k++) REQUIRE((bufs[k] = malloc(len / 2 + 1)) != NULL);
    int has_id = 0;
    int want = oracle(scheme, line, len, bufs, n, &has_id);

    sig_line_item it;
    char why[160];
    memset(why, 'x', sizeof why);
    sig_line_result r = sig_line_parse(scheme, line, len, &it, why, sizeof why);
    REQUIRE((int)r == want);
    REQUIRE(memchr(why, '\0', sizeof why) != NULL);
    if (r == SIG_LINE_MALFORMED) REQUIRE(why[0] != '\0' && it.buf == NULL);
    if (r == SIG_LINE_ITEM) {
        REQUIRE(it.pub_len == n[0] && it.msg_len == n[1] && it.sig_len == n[2]);
        REQUIRE(memcmp(it.pub, bufs[0], n[0]) == 0 && memcmp(it.msg, bufs[1], n[1]) == 0 &&
                memcmp(it.sig, bufs[2], n[2]) == 0);
        if (has_id) REQUIRE(it.id != NULL && it.id_len == n[3] && memcmp(it.id, bufs[3], n[3]) == 0);
        else REQUIRE(it.id == NULL && it.id_len == 0);
        sluice_sig_item item = sig_line_to_item(scheme, &it);
        sluice_sig_status v = sluice_sig_verify(&item, NULL);
        REQUIRE((unsigned)v < SLUICE_SIG_NSTATUS);
        sluice_sig_status w;
        if (scheme == SLUICE_SIG_SM2)
            w = sluice_sm2_verify(it.pub, it.pub_len, it.id, it.id_len, it.msg, it.msg_len, it.sig, it.sig_len);
        else if (scheme == SLUICE_SIG_BIP340)
            w = sluice_bip340_verify(it.pub, it.pub_len, it.msg, it.msg_len, it.sig, it.sig_len);
        else
            w = sluice_ed25519_verify(it.pub, it.pub_len, it.msg, it.msg_len, it.sig, it.sig_len);
        REQUIRE(v == w);
        sig_line_item_free(&it);
    }
    for (int k = 0; k < 4; k++) free(bufs[k]);
    free(line);
    return 0;
}
