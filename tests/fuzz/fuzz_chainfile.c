/* libFuzzer target for sluice/chainfile.h: any bytes through
 * sluice_chainfile_open_mem and sluice_chainfile_next until the end or an
 * error. Properties checked:
 *  - no crash, no out-of-bounds read (every returned byte is read);
 *  - blocks are numbered 0, 1, 2, ... and none exceeds SLUICE_CHAINFILE_MAX_FRAME;
 *  - errors are only the codes the header lists (plus UNSUPPORTED/NOMEM at
 *    open), carry a "frame N"/"line N"/"file header" reason, and repeat. */
#include "sluice/chainfile.h"

#include <stdint.h>
#include <string.h>

#define REQUIRE(c) do { if (!(c)) __builtin_trap(); } while (0)

static int known_reason(const char *why) {
    return strncmp(why, "frame ", 6) == 0 || strncmp(why, "line ", 5) == 0 ||
           strncmp(why, "file header", 11) == 0 || strncmp(why, "out of memory", 13) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char why[256] = "";
    sluice_chainfile_reader *r = NULL;
    sluice_err e = sluice_chainfile_open_mem(data, size, &r, why, sizeof why);
    if (e != SLUICE_OK) {
        REQUIRE(r == NULL);
        REQUIRE(e == SLUICE_ERR_LENGTH || e == SLUICE_ERR_IO || e == SLUICE_ERR_UNSUPPORTED ||
                e == SLUICE_ERR_NOMEM);
        REQUIRE(known_reason(why));
        return 0;
    }
    sluice_chainfile_format fmt = sluice_chainfile_format_of(r);
    REQUIRE(fmt == SLUICE_CHAINFILE_FRAMED || fmt == SLUICE_CHAINFILE_FRAMED_GZIP ||
            fmt == SLUICE_CHAINFILE_HEX_LINES);
    uint64_t want = 0;
    volatile uint8_t sink = 0;
    for (;;) {
        const uint8_t *raw = NULL;
        size_t len = 0;
        uint64_t idx = 0;
        e = sluice_chainfile_next(r, &raw, &len, &idx, why, sizeof why);
        REQUIRE(idx == want);
        if (e != SLUICE_OK) {
            REQUIRE(raw == NULL);
            REQUIRE(e == SLUICE_ERR_LENGTH || e == SLUICE_ERR_RANGE || e == SLUICE_ERR_HEX ||
                    e == SLUICE_ERR_IO || e == SLUICE_ERR_NOMEM);
            REQUIRE(known_reason(why));
            char again[256] = "";
            REQUIRE(sluice_chainfile_next(r, &raw, &len, &idx, again, sizeof again) == e);
            REQUIRE(strcmp(again, why) == 0);
            break;
        }
        if (!raw) {
            REQUIRE(len == 0);
            REQUIRE(sluice_chainfile_next(r, &raw, &len, &idx, why, sizeof why) == SLUICE_OK && !raw);
            break;
        }
        REQUIRE(len <= SLUICE_CHAINFILE_MAX_FRAME);
        for (size_t i = 0; i < len; i++) sink ^= raw[i];
        want++;
    }
    (void)sink;
    sluice_chainfile_close(r);
    return 0;
}
