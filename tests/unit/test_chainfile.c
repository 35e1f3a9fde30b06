/* Chain files (sluice/chainfile.h): CRC-32C against a bitwise reference and
 * the check value; round trips in the framed, gzip and hex-line formats through
 * files and memory; every kind of corruption reported with the right code and
 * frame/line; a 2 MB gzip file read in streaming mode. */
#define _POSIX_C_SOURCE 200809L
#include "sluice/chainfile.h"

#include <isa-l/igzip_lib.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sluice/hex.h"
#include "testutil.h"

/* ---- helpers ------------------------------------------------------------ */

static char g_dir[512];

static void tmp_path(char *out, size_t cap, const char *name) {
    snprintf(out, cap, "%s/%s", g_dir, name);
}

typedef struct {
    uint8_t *data;
    size_t len;
} blob;

static blob read_file(const char *path) {
    blob b = {NULL, 0};
    FILE *f = fopen(path, "rb");
    if (!f) return b;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    b.data = malloc(n > 0 ? (size_t)n : 1);
    b.len = fread(b.data, 1, (size_t)n, f);
    fclose(f);
    return b;
}

static void write_file(const char *path, const uint8_t *p, size_t n) {
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f) return;
    CHECK(fwrite(p, 1, n, f) == n);
    fclose(f);
}

/* CRC-32C bit by bit: reflected polynomial 0x82F63B78, init and xorout
 * 0xFFFFFFFF (RFC 3720 appendix B.4). */
static uint32_t crc32c_bitwise(const uint8_t *p, size_t n) {
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0x82F63B78u & (0u - (c & 1u)));
    }
    return ~c;
}

/* A set of payloads with their lengths. */
typedef struct {
    size_t n;
    uint8_t **p;
    size_t *len;
} payloads;

static payloads make_payloads(tu_rng *rng, const size_t *lens, size_t n) {
    payloads s = {n, calloc(n, sizeof(uint8_t *)), calloc(n, sizeof(size_t))};
    for (size_t i = 0; i < n; i++) {
        s.len[i] = lens[i];
        s.p[i] = malloc(lens[i] ? lens[i] : 1);
        tu_rng_bytes(rng, s.p[i], lens[i]);
    }
    return s;
}

static void free_payloads(payloads *s) {
    for (size_t i = 0; i < s->n; i++) free(s->p[i]);
    free(s->p);
    free(s->len);
}

static void write_chain(const char *path, int gzip, const payloads *s) {
    char why[256] = "";
    sluice_chainfile_writer *w = NULL;
    CHECK(sluice_chainfile_writer_open(path, gzip, &w, why, sizeof why) == SLUICE_OK);
    if (!w) return;
    for (size_t i = 0; i < s->n; i++)
        CHECK(sluice_chainfile_append(w, s->p[i], s->len[i], why, sizeof why) == SLUICE_OK);
    CHECK(sluice_chainfile_writer_close(w, why, sizeof why) == SLUICE_OK);
}

/* Reads r to the end and compares with s; the reader is closed. Progress
 * (sluice_chainfile_progress) never goes back, stays within the known size and
 * reaches it at the end. */
static void expect_all(sluice_chainfile_reader *r, const payloads *s) {
    char why[256] = "";
    uint64_t prev = 0, done = 0, total = 0;
    sluice_chainfile_progress(r, &done, &total);
    CHECK(total > 0 && done <= total);
    for (size_t i = 0; i <= s->n; i++) {
        const uint8_t *raw = NULL;
        size_t len = 99;
        uint64_t idx = 99;
        sluice_err e = sluice_chainfile_next(r, &raw, &len, &idx, why, sizeof why);
        CHECK(e == SLUICE_OK);
        if (e != SLUICE_OK) {
            fprintf(stderr, "  block %zu: %s\n", i, why);
            break;
        }
        CHECK(idx == i);
        sluice_chainfile_progress(r, &done, &total);
        CHECK(done >= prev && done <= total);
        prev = done;
        if (i == s->n) {
            CHECK(done == total);
            CHECK(raw == NULL && len == 0);
        } else {
            CHECK(raw != NULL && len == s->len[i]);
            if (raw && len == s->len[i] && len) CHECK_MEM(raw, s->p[i], len);
        }
    }
    /* after the end: the end again */
    const uint8_t *raw = (const uint8_t *)"x";
    size_t len = 1;
    uint64_t idx = 0;
    CHECK(sluice_chainfile_next(r, &raw, &len, &idx, why, sizeof why) == SLUICE_OK && raw == NULL);
    CHECK(idx == s->n);
    sluice_chainfile_close(r);
}

static void expect_file(const char *path, sluice_chainfile_format fmt, const payloads *s) {
    char why[256] = "";
    sluice_chainfile_reader *r = NULL;
    CHECK(sluice_chainfile_open(path, &r, why, sizeof why) == SLUICE_OK);
    if (!r) { fprintf(stderr, "  open %s: %s\n", path, why); return; }
    CHECK(sluice_chainfile_format_of(r) == fmt);
    expect_all(r, s);
    blob b = read_file(path);
    CHECK(sluice_chainfile_open_mem(b.data, b.len, &r, why, sizeof why) == SLUICE_OK);
    if (r) {
        CHECK(sluice_chainfile_format_of(r) == fmt);
        expect_all(r, s);
    }
    free(b.data);
}

/* Reads everything from memory; returns the final code, the number of blocks
 * read and the message. */
static sluice_err read_until_error(const uint8_t *d, size_t n, uint64_t *blocks, char *why, size_t cap) {
    sluice_chainfile_reader *r = NULL;
    *blocks = 0;
    sluice_err e = sluice_chainfile_open_mem(d, n, &r, why, cap);
    if (e != SLUICE_OK) return e;
    for (;;) {
        const uint8_t *raw;
        size_t len;
        uint64_t idx;
        e = sluice_chainfile_next(r, &raw, &len, &idx, why, cap);
        if (e != SLUICE_OK) {
            /* sticky: the same code and message again */
            char again[256];
            CHECK(sluice_chainfile_next(r, &raw, &len, &idx, again, sizeof again) == e);
            CHECK(strcmp(again, why) == 0 && raw == NULL);
            break;
        }
        if (!raw) break;
        CHECK(idx == *blocks);
        (*blocks)++;
    }
    sluice_chainfile_close(r);
    return e;
}

static int starts_with(const char *s, const char *prefix) {
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* One gzip member of d (isal_deflate_stateless, level 0). */
static blob gzip_of(const uint8_t *d, size_t n) {
    blob b;
    b.data = malloc(n + n / 2 + 1024);
    struct isal_zstream zs;
    isal_deflate_stateless_init(&zs);
    zs.gzip_flag = IGZIP_GZIP;
    zs.level = 0;
    zs.next_in = (uint8_t *)(uintptr_t)d;
    zs.avail_in = (uint32_t)n;
    zs.end_of_stream = 1;
    zs.next_out = b.data;
    zs.avail_out = (uint32_t)(n + n / 2 + 1024);
    CHECK(isal_deflate_stateless(&zs) == COMP_OK);
    b.len = zs.total_out;
    return b;
}

/* ---- tests -------------------------------------------------------------- */

static void test_crc(tu_rng *rng) {
    const uint8_t check[] = "123456789";
    CHECK(sluice_chainfile_crc32c(check, 9) == 0xE3069283u);
    CHECK(crc32c_bitwise(check, 9) == 0xE3069283u);
    CHECK(sluice_chainfile_crc32c(NULL, 0) == 0);
    /* RFC 3720 B.4: 32 bytes of zeros -> 0x8A9136AA, of 0xFF -> 0x62A8AB43 */
    uint8_t z[32];
    memset(z, 0, sizeof z);
    CHECK(sluice_chainfile_crc32c(z, 32) == 0x8A9136AAu);
    memset(z, 0xff, sizeof z);
    CHECK(sluice_chainfile_crc32c(z, 32) == 0x62A8AB43u);
    uint8_t buf[5000];
    for (int t = 0; t < 300; t++) {
        size_t off = tu_rng_next(rng) % 16;
        size_t n = t < 200 ? (size_t)t : tu_rng_next(rng) % (sizeof buf - 16);
        tu_rng_bytes(rng, buf, sizeof buf);
        CHECK(sluice_chainfile_crc32c(buf + off, n) == crc32c_bitwise(buf + off, n));
    }
}

static void test_round_trip(tu_rng *rng) {
    size_t lens[70];
    size_t n = 0;
    lens[n++] = 0;
    lens[n++] = 1;
    lens[n++] = 0;
    lens[n++] = 2;
    lens[n++] = 7;
    lens[n++] = 8;
    lens[n++] = 9;
    lens[n++] = 100000;   /* larger than the reader's window */
    while (n < 68) lens[n++] = tu_rng_next(rng) % 3000;
    lens[n++] = 70000;
    lens[n++] = 1;
    payloads s = make_payloads(rng, lens, n);

    char plain[600], gz[600], hexp[600], gzcopy[600], cmd[2000];
    tmp_path(plain, sizeof plain, "rt.slc");
    tmp_path(gz, sizeof gz, "rt.slc.gz");
    tmp_path(hexp, sizeof hexp, "rt.hex");
    tmp_path(gzcopy, sizeof gzcopy, "rt.gunzipped");
    write_chain(plain, 0, &s);
    write_chain(gz, 1, &s);
    expect_file(plain, SLUICE_CHAINFILE_FRAMED, &s);
    expect_file(gz, SLUICE_CHAINFILE_FRAMED_GZIP, &s);

    /* the exact framed layout */
    blob b = read_file(plain);
    size_t want = 8;
    for (size_t i = 0; i < n; i++) want += 8 + lens[i];
    CHECK(b.len == want);
    CHECK(b.len > 24 && memcmp(b.data, "SLCHAIN1", 8) == 0);
    if (b.len > 24) {
        /* frame 0: empty; frame 1: one byte */
        static const uint8_t f0[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        CHECK_MEM(b.data + 8, f0, 8);
        uint32_t c1 = crc32c_bitwise(s.p[1], 1);
        uint8_t f1[9] = {1, 0, 0, 0, (uint8_t)c1, (uint8_t)(c1 >> 8), (uint8_t)(c1 >> 16), (uint8_t)(c1 >> 24),
                         s.p[1][0]};
        CHECK_MEM(b.data + 16, f1, 9);
    }
    blob g = read_file(gz);
    CHECK(g.len > 18 && g.data[0] == 0x1f && g.data[1] == 0x8b && g.data[2] == 8);
    /* gzip(1), when installed, accepts the file and inflates it to the plain one */
    if (system("command -v gzip >/dev/null 2>&1") == 0) {
        snprintf(cmd, sizeof cmd, "gzip -t '%s'", gz);
        CHECK(system(cmd) == 0);
        snprintf(cmd, sizeof cmd, "gzip -dc '%s' > '%s'", gz, gzcopy);
        CHECK(system(cmd) == 0);
        blob u = read_file(gzcopy);
        CHECK(u.len == b.len && u.data && memcmp(u.data, b.data, b.len) == 0);
        free(u.data);
        remove(gzcopy);
    } else {
        printf("gzip(1) not installed: gzip -t check skipped\n");
    }

    /* two concatenated gzip members read as one stream (RFC 1952 2.2) */
    {
        size_t cut = 8 + 8 + 0 + 8 + 1 + 8 + 0;   /* header, frames 0..2 */
        blob m1 = gzip_of(b.data, cut), m2 = gzip_of(b.data + cut, b.len - cut);
        uint8_t *cat = malloc(m1.len + m2.len);
        memcpy(cat, m1.data, m1.len);
        memcpy(cat + m1.len, m2.data, m2.len);
        sluice_chainfile_reader *r = NULL;
        char why[256];
        CHECK(sluice_chainfile_open_mem(cat, m1.len + m2.len, &r, why, sizeof why) == SLUICE_OK);
        if (r) expect_all(r, &s);
        /* and trailing garbage after the last member is an error */
        uint64_t blocks = 0;
        uint8_t *junk = malloc(m1.len + 3);
        memcpy(junk, m1.data, m1.len);
        memcpy(junk + m1.len, "xyz", 3);
        CHECK(read_until_error(junk, m1.len + 3, &blocks, why, sizeof why) == SLUICE_ERR_IO);
        CHECK(blocks == 3 && strstr(why, "data after the end of the gzip stream") != NULL);
        free(junk);
        free(cat);
        free(m1.data);
        free(m2.data);
    }
    free(g.data);
    free(b.data);

    /* hex lines: blank lines, comments, CRLF, spaces, both cases; a hex line
     * has at least one byte, so the empty payloads are left out */
    size_t hn = 0;
    size_t hlens[70];
    for (size_t i = 0; i < n; i++)
        if (lens[i]) hlens[hn++] = lens[i];
    payloads h = make_payloads(rng, hlens, hn);
    FILE *f = fopen(hexp, "wb");
    CHECK(f != NULL);
    if (f) {
        fprintf(f, "# raw blocks\n\n");
        char *line = malloc(2 * 100000 + 1);
        for (size_t i = 0; i < hn; i++) {
            sluice_hex_encode(line, h.p[i], h.len[i]);
            if (i % 3 == 1)
                for (char *c = line; *c; c++) *c = (char)(*c >= 'a' ? *c - 32 : *c);
            const char *pre = i % 4 == 0 ? "" : i % 4 == 1 ? "  " : i % 4 == 2 ? "\t" : "";
            const char *eol = i % 5 == 0 ? "\n" : i % 5 == 1 ? "\r\n" : i % 5 == 2 ? " \t\r\n\n" : "\n  # c\n";
            if (i + 1 == hn) eol = "";   /* no final newline */
            fprintf(f, "%s%s%s", pre, line, eol);
        }
        free(line);
        fclose(f);
        expect_file(hexp, SLUICE_CHAINFILE_HEX_LINES, &h);
    }
    free_payloads(&h);
    free_payloads(&s);
    remove(plain);
    remove(gz);
    remove(hexp);
}

/* A small framed file: frames of 0, 1, 5 and 3 bytes. */
static blob small_framed(tu_rng *rng, size_t *frame_off, size_t nframes) {
    static const size_t lens[4] = {0, 1, 5, 3};
    char path[600];
    tmp_path(path, sizeof path, "small.slc");
    payloads s = make_payloads(rng, lens, nframes);
    write_chain(path, 0, &s);
    blob b = read_file(path);
    remove(path);
    size_t off = 8;
    for (size_t i = 0; i < nframes; i++) {
        frame_off[i] = off;
        off += 8 + lens[i];
    }
    frame_off[nframes] = off;
    CHECK(b.len == off);
    free_payloads(&s);
    return b;
}

static void expect_err(const uint8_t *d, size_t n, sluice_err code, uint64_t blocks_before,
                       const char *prefix, const char *label) {
    char why[256] = "";
    uint64_t blocks = 0;
    sluice_err e = read_until_error(d, n, &blocks, why, sizeof why);
    int ok = e == code && blocks == blocks_before && starts_with(why, prefix);
    CHECK(ok);
    if (!ok)
        fprintf(stderr, "  %s: got code %d after %llu blocks: \"%s\"; want code %d after %llu, \"%s...\"\n",
                label, (int)e, (unsigned long long)blocks, why, (int)code,
                (unsigned long long)blocks_before, prefix);
}

static void test_corruption(tu_rng *rng) {
    size_t off[5];
    blob b = small_framed(rng, off, 4);
    char want[128];
    uint8_t *d = malloc(b.len + 64);

    /* a flipped payload byte: CRC mismatch in that frame */
    for (int fr = 1; fr < 4; fr++) {
        memcpy(d, b.data, b.len);
        d[off[fr] + 8] ^= 0x20;
        snprintf(want, sizeof want, "frame %d at offset %zu: CRC-32C mismatch", fr, off[fr]);
        expect_err(d, b.len, SLUICE_ERR_RANGE, (uint64_t)fr, want, "flipped payload byte");
    }
    /* a flipped stored CRC byte */
    memcpy(d, b.data, b.len);
    d[off[0] + 5] ^= 1;
    expect_err(d, b.len, SLUICE_ERR_RANGE, 0, "frame 0 at offset 8: CRC-32C mismatch", "flipped crc");
    /* a flipped high length byte: too long */
    memcpy(d, b.data, b.len);
    d[off[2] + 3] ^= 0x80;
    snprintf(want, sizeof want, "frame 2 at offset %zu: length 2147483653 exceeds the maximum", off[2]);
    expect_err(d, b.len, SLUICE_ERR_LENGTH, 2, want, "huge length");
    /* just over the maximum */
    memcpy(d, b.data, b.len);
    d[off[1]] = 0x01;
    d[off[1] + 1] = 0x00;
    d[off[1] + 2] = 0x00;
    d[off[1] + 3] = 0x01;   /* 16 MiB + 1 */
    snprintf(want, sizeof want, "frame 1 at offset %zu: length 16777217 exceeds the maximum", off[1]);
    expect_err(d, b.len, SLUICE_ERR_LENGTH, 1, want, "max+1 length");
    /* a flipped low length byte of the last frame: truncated payload */
    memcpy(d, b.data, b.len);
    d[off[3]] ^= 0x04;   /* 3 -> 7 */
    snprintf(want, sizeof want, "frame 3 at offset %zu: truncated payload (3 of 7 bytes)", off[3]);
    expect_err(d, b.len, SLUICE_ERR_LENGTH, 3, want, "longer last frame");
    /* a shorter frame in the middle: its CRC no longer matches */
    memcpy(d, b.data, b.len);
    d[off[2]] ^= 0x01;   /* 5 -> 4 */
    snprintf(want, sizeof want, "frame 2 at offset %zu: CRC-32C mismatch", off[2]);
    expect_err(d, b.len, SLUICE_ERR_RANGE, 2, want, "shorter frame");
    /* garbage after the header */
    {
        static const char garbage[] = "SLCHAIN1hello, this is not a frame";
        expect_err((const uint8_t *)garbage, sizeof garbage - 1, SLUICE_ERR_LENGTH, 0,
                   "frame 0 at offset 8: length", "garbage after header");
        static const uint8_t small_garbage[] = {'S', 'L', 'C', 'H', 'A', 'I', 'N', '1', 3, 0, 0, 0,
                                                0, 0, 0, 0, 'a', 'b', 'c'};
        expect_err(small_garbage, sizeof small_garbage, SLUICE_ERR_RANGE, 0,
                   "frame 0 at offset 8: CRC-32C mismatch (stored 00000000", "zero crc");
    }
    /* truncation at every byte */
    for (size_t t = 0; t < b.len; t++) {
        char why[256] = "";
        uint64_t blocks = 0;
        sluice_err e = read_until_error(b.data, t, &blocks, why, sizeof why);
        if (t == 0) {
            CHECK(e == SLUICE_OK && blocks == 0);   /* empty: an empty text file */
            continue;
        }
        if (t < 8) {
            CHECK(e == SLUICE_ERR_LENGTH && starts_with(why, "file header: truncated"));
            continue;
        }
        size_t fr = 0;
        while (off[fr + 1] <= t) fr++;
        if (t == off[fr]) {
            CHECK(e == SLUICE_OK && blocks == fr);
            if (!(e == SLUICE_OK && blocks == fr)) fprintf(stderr, "  cut %zu: %s\n", t, why);
        } else {
            snprintf(want, sizeof want, "frame %zu at offset %zu: truncated", fr, off[fr]);
            int ok = e == SLUICE_ERR_LENGTH && blocks == fr && starts_with(why, want);
            CHECK(ok);
            if (!ok) fprintf(stderr, "  cut %zu: code %d, %llu blocks, %s\n", t, (int)e,
                             (unsigned long long)blocks, why);
        }
    }

    /* gzip: corrupt header, corrupt deflate data, bad trailer, truncation */
    blob g = gzip_of(b.data, b.len);
    uint8_t *gd = malloc(g.len + 8);
    memcpy(gd, g.data, g.len);
    gd[2] = 7;   /* compression method */
    {
        char why[256];
        sluice_chainfile_reader *r = NULL;
        CHECK(sluice_chainfile_open_mem(gd, g.len, &r, why, sizeof why) == SLUICE_ERR_IO && r == NULL);
        CHECK(starts_with(why, "file header: corrupt gzip data"));
    }
    memcpy(gd, g.data, g.len);
    gd[g.len - 8] ^= 0x01;   /* trailer CRC-32 */
    snprintf(want, sizeof want, "frame 4 at offset %zu (uncompressed): corrupt gzip data", off[4]);
    expect_err(gd, g.len, SLUICE_ERR_IO, 4, want, "gzip trailer crc");
    memcpy(gd, g.data, g.len);
    gd[g.len - 4] ^= 0x01;   /* trailer ISIZE */
    expect_err(gd, g.len, SLUICE_ERR_IO, 4, want, "gzip trailer isize");
    /* a stored (level 0) block: a flipped data byte reaches the frame CRC */
    memcpy(gd, g.data, g.len);
    gd[g.len - 8 - 2] ^= 0x10;   /* last payload byte of frame 3 */
    snprintf(want, sizeof want, "frame 3 at offset %zu (uncompressed): CRC-32C mismatch", off[3]);
    expect_err(gd, g.len, SLUICE_ERR_RANGE, 3, want, "gzip payload byte");
    /* a corrupt deflate block header (BTYPE = 11, reserved) */
    memcpy(gd, g.data, g.len);
    gd[10] |= 0x06;
    {
        char why[256];
        sluice_chainfile_reader *r = NULL;
        CHECK(sluice_chainfile_open_mem(gd, g.len, &r, why, sizeof why) == SLUICE_ERR_IO && r == NULL);
        CHECK(strstr(why, "corrupt gzip data") != NULL);
    }
    /* truncation of the gzip file at every byte: never a clean read of all 4 */
    for (size_t t = 1; t < g.len; t++) {
        char why[256] = "";
        uint64_t blocks = 0;
        sluice_err e = read_until_error(g.data, t, &blocks, why, sizeof why);
        CHECK(e != SLUICE_OK);
        CHECK(blocks <= 4);
        if (t >= g.len - 8) CHECK(e == SLUICE_ERR_LENGTH && blocks == 4 && strstr(why, "gzip stream truncated"));
    }
    /* gzip content that is not a framed file, and a frame too long inside gzip */
    {
        blob t = gzip_of((const uint8_t *)"00ff\n", 5);
        sluice_chainfile_reader *r = NULL;
        char why[256];
        CHECK(sluice_chainfile_open_mem(t.data, t.len, &r, why, sizeof why) == SLUICE_ERR_UNSUPPORTED);
        free(t.data);
        static const uint8_t big[] = {'S', 'L', 'C', 'H', 'A', 'I', 'N', '1', 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0};
        t = gzip_of(big, sizeof big);
        expect_err(t.data, t.len, SLUICE_ERR_LENGTH, 0,
                   "frame 0 at offset 8 (uncompressed): length 4294967295 exceeds", "gzip huge frame");
        free(t.data);
        t = gzip_of((const uint8_t *)"SLCH", 4);
        CHECK(sluice_chainfile_open_mem(t.data, t.len, &r, why, sizeof why) == SLUICE_ERR_LENGTH);
        free(t.data);
    }
    free(gd);
    free(g.data);
    free(d);
    free(b.data);
}

static void test_hex_errors(void) {
    static const char bad[] = "# c\n00ff\n\n0a0b0c\nabcg12\n0102\n";
    expect_err((const uint8_t *)bad, sizeof bad - 1, SLUICE_ERR_HEX, 2,
               "line 5: unexpected 'g' at column 4", "bad hex char");
    static const char odd[] = "00ff\r\n  abc  \r\n0102\n";
    expect_err((const uint8_t *)odd, sizeof odd - 1, SLUICE_ERR_HEX, 1, "line 2: odd number of hex digits",
               "odd line");
    static const char odd_eof[] = "00ff\n0";
    expect_err((const uint8_t *)odd_eof, sizeof odd_eof - 1, SLUICE_ERR_HEX, 1,
               "line 2: odd number of hex digits", "odd last line");
    static const char split[] = "00ff\n00 ff\n";
    expect_err((const uint8_t *)split, sizeof split - 1, SLUICE_ERR_HEX, 1,
               "line 2: unexpected 'f' at column 4 after the hex block", "space inside");
    static const char prefix[] = "0x00ff\n";
    expect_err((const uint8_t *)prefix, sizeof prefix - 1, SLUICE_ERR_HEX, 0, "line 1: unexpected 'x'",
               "0x prefix");
    static const uint8_t binary[] = {0x00, 0x01, 0x02};
    expect_err(binary, sizeof binary, SLUICE_ERR_HEX, 0, "line 1: unexpected byte 0x00 at column 1", "binary");
    static const char comments_only[] = "# nothing\n\n   \r\n#\n";
    expect_err((const uint8_t *)comments_only, sizeof comments_only - 1, SLUICE_OK, 0, "", "comments only");
    /* a hex line longer than the maximum block */
    size_t n = 2 * (size_t)SLUICE_CHAINFILE_MAX_FRAME + 2;
    char *huge = malloc(n);
    memset(huge, 'a', n);
    expect_err((const uint8_t *)huge, n, SLUICE_ERR_LENGTH, 0, "line 1: block longer than 16777216 bytes",
               "huge line");
    free(huge);
}

/* ~2 MB of incompressible payload (and one 1.5 MB frame) through a gzip file,
 * read frame by frame from the file in 64 KiB windows. */
static void test_large_gzip(void) {
    tu_rng rng;
    size_t lens[40];
    size_t n = 0;
    tu_rng_seed(&rng, 77);
    for (int i = 0; i < 16; i++) lens[n++] = 20000 + tu_rng_next(&rng) % 20000;
    lens[n++] = 1536 * 1024;
    lens[n++] = 0;
    payloads s = make_payloads(&rng, lens, n);
    char path[600];
    tmp_path(path, sizeof path, "large.slc.gz");
    write_chain(path, 1, &s);
    blob g = read_file(path);
    size_t total = 8;
    for (size_t i = 0; i < n; i++) total += 8 + lens[i];
    CHECK(total > 2000000);
    CHECK(g.len > 2000000);   /* random bytes do not compress */
    expect_file(path, SLUICE_CHAINFILE_FRAMED_GZIP, &s);
    /* the same file cut short in the big frame, read from the file: the
     * frames before it, then a truncation error */
    char cut[600];
    tmp_path(cut, sizeof cut, "large-cut.slc.gz");
    write_file(cut, g.data, g.len - 100000);
    char why[256] = "";
    sluice_chainfile_reader *r = NULL;
    CHECK(sluice_chainfile_open(cut, &r, why, sizeof why) == SLUICE_OK);
    if (r) {
        uint64_t blocks = 0, idx = 0;
        const uint8_t *raw;
        size_t len;
        sluice_err e;
        while ((e = sluice_chainfile_next(r, &raw, &len, &idx, why, sizeof why)) == SLUICE_OK && raw) {
            CHECK(len == s.len[blocks] && memcmp(raw, s.p[blocks], len) == 0);
            blocks++;
        }
        CHECK(e == SLUICE_ERR_LENGTH && blocks == 16);
        CHECK(starts_with(why, "frame 16 at offset ") && strstr(why, "gzip stream truncated") != NULL);
        sluice_chainfile_close(r);
    }
    remove(cut);
    free(g.data);
    remove(path);
    free_payloads(&s);
}

static void test_api_errors(void) {
    char why[256] = "";
    sluice_chainfile_reader *r = (sluice_chainfile_reader *)1;
    char path[600];
    tmp_path(path, sizeof path, "does-not-exist.slc");
    CHECK(sluice_chainfile_open(path, &r, why, sizeof why) == SLUICE_ERR_IO && r == NULL);
    CHECK(strstr(why, "does-not-exist.slc") != NULL);
    sluice_chainfile_writer *w = NULL;
    tmp_path(path, sizeof path, "no-such-dir/x.slc");
    CHECK(sluice_chainfile_writer_open(path, 0, &w, why, sizeof why) == SLUICE_ERR_IO && w == NULL);
    tmp_path(path, sizeof path, "max.slc");
    CHECK(sluice_chainfile_writer_open(path, 0, &w, why, sizeof why) == SLUICE_OK);
    static const uint8_t one[1] = {7};
    /* the length is checked before any byte is read */
    CHECK(sluice_chainfile_append(w, one, (size_t)SLUICE_CHAINFILE_MAX_FRAME + 1, why, sizeof why) ==
          SLUICE_ERR_LENGTH);
    CHECK(sluice_chainfile_append(w, one, 1, why, sizeof why) == SLUICE_OK);
    CHECK(sluice_chainfile_writer_close(w, why, sizeof why) == SLUICE_OK);
    static const size_t l1[1] = {1};
    payloads s = {1, (uint8_t *[]){(uint8_t *)one}, (size_t *)l1};
    expect_file(path, SLUICE_CHAINFILE_FRAMED, &s);
    /* "-" reads standard input (not closed by the reader) */
    if (freopen(path, "rb", stdin)) {
        CHECK(sluice_chainfile_open("-", &r, why, sizeof why) == SLUICE_OK);
        if (r) {
            CHECK(sluice_chainfile_format_of(r) == SLUICE_CHAINFILE_FRAMED);
            expect_all(r, &s);
        }
        CHECK(fgetc(stdin) == EOF && !ferror(stdin));
    }
    remove(path);
    /* an empty gzip file (header only, no frames) written and read back */
    tmp_path(path, sizeof path, "empty.slc.gz");
    CHECK(sluice_chainfile_writer_open(path, 1, &w, why, sizeof why) == SLUICE_OK);
    CHECK(sluice_chainfile_writer_close(w, why, sizeof why) == SLUICE_OK);
    payloads none = {0, NULL, NULL};
    expect_file(path, SLUICE_CHAINFILE_FRAMED_GZIP, &none);
    remove(path);
}

int main(void) {
    const char *tmp = getenv("TMPDIR");
    snprintf(g_dir, sizeof g_dir, "%s/sluice-chainfile-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(g_dir)) {
        perror("mkdtemp");
        return 1;
    }
    tu_rng rng;
    tu_rng_seed(&rng, 2026);
    test_crc(&rng);
    test_round_trip(&rng);
    test_corruption(&rng);
    test_hex_errors();
    test_large_gzip();
    test_api_errors();
    rmdir(g_dir);
    return tu_finish("test_chainfile");
}
