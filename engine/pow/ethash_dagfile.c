/* The Ethash DAG disk cache: path, load with CRC checks, atomic store.
 * Layout and rules: ethash_dagfile.h. CRCs are ISA-L's crc32_gzip_refl
 * (the reflected IEEE CRC-32 of gzip/zlib), which runs at memory speed. */
#include "pow/ethash_dagfile.h"
#include <errno.h>
#include <fcntl.h>
#include <isa-l/crc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define IO_CHUNK ((size_t)64 << 20)   /* bytes per read/write call and progress step */
static const char dag_magic[8] = {'S', 'L', 'U', 'I', 'C', 'E', 'D', 'G'};

/* say(why, cap, fmt, ...): a reason into why. */
#define say(why, cap, ...) ((void)sluice_why(SLUICE_OK, (why), (cap), __VA_ARGS__))

int ethash_dagfile_dir(const char *dir, char *out, size_t cap, char *why, size_t why_cap) {
    int n;
    if (dir && dir[0]) {
        n = snprintf(out, cap, "%s", dir);
    } else {
        const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
        if (xdg && xdg[0] == '/') n = snprintf(out, cap, "%s/sluice/ethash", xdg);
        else if (home && home[0]) n = snprintf(out, cap, "%s/.cache/sluice/ethash", home);
        else { say(why, why_cap, "no cache directory (neither XDG_CACHE_HOME nor HOME is set)"); return -1; }
    }
    if (n < 0 || (size_t)n >= cap) { say(why, why_cap, "cache directory path too long"); return -1; }
    return 0;
}

int ethash_dagfile_path(const char *dir, const sluice_ethash_epoch *ctx, uint64_t items, char *out, size_t cap) {
    char seed8[9];
    snprintf(seed8, sizeof seed8, "%02x%02x%02x%02x", ctx->seed[0], ctx->seed[1], ctx->seed[2], ctx->seed[3]);
    int n;
    if (items == ctx->dataset_items)
        n = snprintf(out, cap, "%s/ethash-epoch-%d-%s.dag", dir, ctx->epoch, seed8);
    else
        n = snprintf(out, cap, "%s/ethash-epoch-%d-%s-items%llu.dag", dir, ctx->epoch, seed8,
                     (unsigned long long)items);
    return (n < 0 || (size_t)n >= cap) ? -1 : 0;
}

static void put32(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i)); }
static void put64(uint8_t *p, uint64_t v) { for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i)); }
static uint32_t get32(const uint8_t *p) { uint32_t v = 0; for (int i = 3; i >= 0; i--) v = (v << 8) | p[i]; return v; }

static void make_header(uint8_t h[ETHASH_DAGFILE_HEADER_BYTES], const sluice_ethash_epoch *ctx, uint64_t items,
                        uint32_t data_crc) {
    memcpy(h, dag_magic, 8);
    put32(h + 8, ETHASH_DAGFILE_VERSION);
    put32(h + 12, (uint32_t)ctx->epoch);
    put64(h + 16, items);
    memcpy(h + 24, ctx->seed, 32);
    put32(h + 56, data_crc);
    put32(h + 60, crc32_gzip_refl(0, h, 60));
}

/* Reads exactly len bytes (retrying short reads); 0 on success. */
static int read_all(int fd, uint8_t *p, size_t len) {
    while (len) {
        ssize_t r = read(fd, p, len);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return -1;
        p += r;
        len -= (size_t)r;
    }
    return 0;
}

static int write_all(int fd, const uint8_t *p, size_t len) {
    while (len) {
        ssize_t r = write(fd, p, len);
        if (r < 0 && errno == EINTR) continue;
        if (r == 0) errno = EIO;   /* no progress and no error: do not report a stale errno */
        if (r <= 0) return -1;
        p += r;
        len -= (size_t)r;
    }
    return 0;
}

static int stopped(const volatile int *stop) { return stop && __atomic_load_n(stop, __ATOMIC_RELAXED); }

ethash_dagfile_status ethash_dagfile_load(const char *path, const sluice_ethash_epoch *ctx, uint64_t items,
                                          uint8_t *data, sluice_ethash_progress_fn progress, void *user,
                                          const volatile int *stop, char *why, size_t why_cap) {
    /* O_NONBLOCK: opening a FIFO found at the path (or behind a symlink) for
     * reading would otherwise wait for a writer forever; it has no effect on
     * the regular files that are read below. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        if (errno == ENOENT || errno == ENOTDIR) return ETHASH_DAGFILE_MISSING;
        say(why, why_cap, "cannot open %s: %s", path, strerror(errno));
        return ETHASH_DAGFILE_BAD;
    }
    ethash_dagfile_status st = ETHASH_DAGFILE_BAD;
    const uint64_t bytes = items * SLUICE_ETHASH_DATASET_ITEM_BYTES;
    struct stat sb;
    uint8_t h[ETHASH_DAGFILE_HEADER_BYTES], want[ETHASH_DAGFILE_HEADER_BYTES];
    if (fstat(fd, &sb) != 0) {
        say(why, why_cap, "cannot stat %s: %s", path, strerror(errno));
        goto out;
    }
    if (!S_ISREG(sb.st_mode)) {
        say(why, why_cap, "%s is not a regular file (%s)", path,
            S_ISDIR(sb.st_mode) ? "a directory" : S_ISFIFO(sb.st_mode) ? "a FIFO" : "a device or socket");
        goto out;
    }
    if ((uint64_t)sb.st_size != ETHASH_DAGFILE_HEADER_BYTES + bytes) {
        say(why, why_cap, "%s: size %lld, expected %llu (truncated or not this DAG)", path, (long long)sb.st_size,
            (unsigned long long)(ETHASH_DAGFILE_HEADER_BYTES + bytes));
        goto out;
    }
    if (read_all(fd, h, sizeof h) != 0) { say(why, why_cap, "%s: cannot read the header", path); goto out; }
    make_header(want, ctx, items, get32(h + 56));
    if (memcmp(h, want, 56) != 0 || get32(h + 60) != get32(want + 60)) {
        say(why, why_cap, "%s: header does not match epoch %d with %llu items (or is damaged)", path, ctx->epoch,
            (unsigned long long)items);
        goto out;
    }
    uint32_t crc = 0;
    for (uint64_t off = 0; off < bytes;) {
        if (stopped(stop)) { st = ETHASH_DAGFILE_CANCELLED; goto out; }
        size_t n = bytes - off < IO_CHUNK ? (size_t)(bytes - off) : IO_CHUNK;
        if (read_all(fd, data + off, n) != 0) { say(why, why_cap, "%s: read error", path); goto out; }
        crc = crc32_gzip_refl(crc, data + off, n);
        off += n;
        if (progress) progress(user, off / SLUICE_ETHASH_DATASET_ITEM_BYTES, items);
    }
    if (crc != get32(h + 56)) {
        say(why, why_cap, "%s: data CRC mismatch (damaged)", path);
        goto out;
    }
    st = ETHASH_DAGFILE_LOADED;
out:
    close(fd);
    return st;
}

/* mkdir -p of the directory part of path. */
static int make_parent_dirs(const char *path, char *why, size_t why_cap) {
    char tmp[1024];
    if (snprintf(tmp, sizeof tmp, "%s", path) >= (int)sizeof tmp) { say(why, why_cap, "path too long"); return -1; }
    char *slash = strrchr(tmp, '/');
    if (!slash || slash == tmp) return 0;
    *slash = '\0';
    for (char *p = tmp + 1; ; p++) {
        if (*p == '/' || *p == '\0') {
            char c = *p;
            *p = '\0';
            if (mkdir(tmp, 0755) != 0 && errno != EEXIST) {
                say(why, why_cap, "cannot create %s: %s", tmp, strerror(errno));
                return -1;
            }
            if (c == '\0') break;
            *p = c;
        }
    }
    return 0;
}

int ethash_dagfile_store(const char *path, const sluice_ethash_epoch *ctx, uint64_t items, const uint8_t *data,
                         const volatile int *stop, char *why, size_t why_cap) {
    if (stopped(stop)) return 1;
    /* A unique name created with O_EXCL (mkostemp): "<path>.tmp.<pid>" was
     * shared by two threads of one process building the same DAG (one's
     * O_TRUNC emptied the file the other was about to rename), and with
     * O_CREAT alone it followed a symlink planted under that predictable
     * name in a shared cache directory. */
    char tmp[1100];
    if (snprintf(tmp, sizeof tmp, "%s.tmp.XXXXXX", path) >= (int)sizeof tmp) {
        say(why, why_cap, "path too long");
        return -1;
    }
    const uint64_t bytes = items * SLUICE_ETHASH_DATASET_ITEM_BYTES;
    uint32_t crc = 0;
    for (uint64_t off = 0; off < bytes; off += IO_CHUNK) {
        if (stopped(stop)) return 1;
        crc = crc32_gzip_refl(crc, data + off, bytes - off < IO_CHUNK ? bytes - off : IO_CHUNK);
    }
    uint8_t h[ETHASH_DAGFILE_HEADER_BYTES];
    make_header(h, ctx, items, crc);
    if (make_parent_dirs(path, why, why_cap) != 0) return -1;
    int fd = mkostemp(tmp, O_CLOEXEC);
    if (fd < 0) {
        say(why, why_cap, "cannot create %s: %s", tmp, strerror(errno));
        return -1;
    }
    (void)fchmod(fd, 0644);   /* mkostemp creates 0600; the cache is shareable like the directories */
    int bad = write_all(fd, h, sizeof h), cancelled = 0;
    for (uint64_t off = 0; !bad && off < bytes; off += IO_CHUNK) {
        if (stopped(stop)) { cancelled = 1; break; }
        bad = write_all(fd, data + off, bytes - off < IO_CHUNK ? (size_t)(bytes - off) : IO_CHUNK);
    }
    int err = errno;
    if (close(fd) != 0 && !bad) { bad = 1; err = errno; }
    if (cancelled || stopped(stop)) {
        unlink(tmp);
        return 1;
    }
    if (bad) {
        say(why, why_cap, "cannot write %s: %s", tmp, strerror(err));
        unlink(tmp);
        return -1;
    }
    if (rename(tmp, path) != 0) {
        say(why, why_cap, "cannot rename %s to %s: %s", tmp, path, strerror(errno));
        unlink(tmp);
        return -1;
    }
    return 0;
}
