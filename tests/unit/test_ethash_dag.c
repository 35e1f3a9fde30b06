/* Ethash DAG: synthetic DAGs (a small random light cache, a few thousand
 * items: never the 1 GiB epoch-0 DAG) built on 1 and 2 threads equal the
 * reference items; progress reports; and the disk cache round trip in a
 * temporary directory: write, reuse (from_disk), a damaged byte, a damaged
 * header, a truncated file, an unwritable directory, the default directory;
 * hostile paths (a directory, a FIFO, symlinks, a planted temporary-name
 * symlink, a file of the right size for another epoch or seed), a write that
 * fails part-way (RLIMIT_FSIZE standing in for a full disk), two builders of
 * one file at once; and cancellation through opts.stop. */
#include "sluice/ethash.h"
#include "testutil.h"
#include "ethash_mock.h"
#include "../../engine/pow/ethash_internal.h"   /* to build small mock epoch contexts */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>


/* drops: times done went back (a damaged file was read, then rebuilt from 0). */
typedef struct { int calls; uint64_t last, total; int monotonic, drops; } prog_log;
static void on_progress(void *user, uint64_t done, uint64_t total) {
    prog_log *l = user;
    if (done > total) l->monotonic = 0;
    if (done < l->last) l->drops++;
    l->calls++;
    l->last = done;
    l->total = total;
}

static int items_match(const sluice_ethash_epoch *ctx, const sluice_ethash_dag *dag) {
    const uint8_t *data = sluice_ethash_dag_data(dag);
    int bad = 0;
    for (uint64_t i = 0; i < sluice_ethash_dag_items(dag); i++) {
        uint8_t want[128];
        sluice_ethash_dataset_item(ctx, i, want);
        if (memcmp(want, data + 128 * i, 128) != 0) {
            if (bad < 3) fprintf(stderr, "item %llu differs\n", (unsigned long long)i);
            bad++;
        }
    }
    return bad == 0;
}

static void test_build(const sluice_ethash_epoch *ctx) {
    const uint64_t items = 3001;
    sluice_ethash_dag *d1 = NULL, *d2 = NULL;
    sluice_ethash_dag_opts o;
    memset(&o, 0, sizeof o);
    o.items = items;
    o.threads = 2;
    prog_log log = {0, 0, 0, 1, 0};
    o.progress = on_progress;
    o.progress_user = &log;
    sluice_ethash_dag_info info;
    char why[256] = "x";
    CHECK(sluice_ethash_dag_new(&d2, ctx, &o, &info, why, sizeof why) == SLUICE_OK);
    if (!d2) return;
    CHECK(why[0] == '\0');
    CHECK(info.from_disk == 0 && info.rebuilt_bad_file == 0 && info.path[0] == '\0');
    CHECK(sluice_ethash_dag_items(d2) == items);
    CHECK(sluice_ethash_dag_epoch(d2) == ctx);
    CHECK(((uintptr_t)sluice_ethash_dag_data(d2) & 63) == 0);
    printf("  synthetic DAG: %llu items in %.3f s, huge pages %s\n", (unsigned long long)items, info.seconds,
           info.hugepages ? "accepted" : "not accepted");
    CHECK(items_match(ctx, d2));
    CHECK(log.calls >= 1 && log.calls <= 201);
    CHECK(log.monotonic && log.drops == 0 && log.last == items && log.total == items);

    o.threads = 1;
    o.no_hugepages = 1;
    o.progress = NULL;
    CHECK(sluice_ethash_dag_new(&d1, ctx, &o, &info, NULL, 0) == SLUICE_OK);
    if (d1) {
        CHECK(info.hugepages == 0);
        CHECK(memcmp(sluice_ethash_dag_data(d1), sluice_ethash_dag_data(d2), items * 128) == 0);
    }
    sluice_ethash_dag_free(d1);
    sluice_ethash_dag_free(d2);

    /* A one-item DAG and a large item count's progress cap. */
    o.items = 1;
    CHECK(sluice_ethash_dag_new(&d1, ctx, &o, NULL, NULL, 0) == SLUICE_OK);
    if (d1) CHECK(items_match(ctx, d1));
    sluice_ethash_dag_free(d1);
    o.items = 40000;
    o.threads = 2;
    prog_log big = {0, 0, 0, 1, 0};
    o.progress = on_progress;
    o.progress_user = &big;
    CHECK(sluice_ethash_dag_new(&d1, ctx, &o, NULL, NULL, 0) == SLUICE_OK);
    CHECK(big.calls >= 2 && big.calls <= 201 && big.monotonic && big.drops == 0 && big.last == 40000);
    if (d1) {   /* spot checks */
        const uint8_t *data = sluice_ethash_dag_data(d1);
        const uint64_t idx[] = {0, 17, 4095, 4096, 4097, 20000, 39999};
        for (size_t i = 0; i < sizeof idx / sizeof idx[0]; i++) {
            uint8_t want[128];
            sluice_ethash_dataset_item(ctx, idx[i], want);
            CHECK_MEM(data + 128 * idx[i], want, 128);
        }
    }
    sluice_ethash_dag_free(d1);

    /* Bad arguments. */
    sluice_ethash_dag *d = (sluice_ethash_dag *)1;
    CHECK(sluice_ethash_dag_new(NULL, ctx, &o, NULL, NULL, 0) == SLUICE_ERR_ARG);
    CHECK(sluice_ethash_dag_new(&d, NULL, &o, NULL, NULL, 0) == SLUICE_ERR_ARG && d == NULL);
    o.items = (1ull << 31) + 1;
    CHECK(sluice_ethash_dag_new(&d, ctx, &o, NULL, why, sizeof why) == SLUICE_ERR_RANGE && d == NULL);
    CHECK(why[0] != '\0');
    sluice_ethash_dag_free(NULL);
}

static long file_size(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

static void flip_byte(const char *path, long offset) {
    FILE *f = fopen(path, "r+b");
    CHECK(f != NULL);
    if (!f) return;
    fseek(f, offset, SEEK_SET);
    int c = fgetc(f);
    fseek(f, offset, SEEK_SET);
    fputc(c ^ 0x20, f);
    fclose(f);
}

/* Builds or loads through the cache; checks the data; returns info. */
static sluice_ethash_dag_info cached(const sluice_ethash_epoch *ctx, const char *dir, uint64_t items, int synth,
                                     char *why, size_t cap) {
    sluice_ethash_dag_opts o;
    memset(&o, 0, sizeof o);
    o.items = items;
    o.threads = 2;
    o.cache_dir = dir;
    o.cache_synthetic = synth;
    prog_log log = {0, 0, 0, 1, 0};
    o.progress = on_progress;
    o.progress_user = &log;
    sluice_ethash_dag_info info;
    memset(&info, 0x55, sizeof info);
    sluice_ethash_dag *d = NULL;
    CHECK(sluice_ethash_dag_new(&d, ctx, &o, &info, why, cap) == SLUICE_OK);
    CHECK(d != NULL);
    if (d) CHECK(items_match(ctx, d));
    CHECK(log.calls >= 1 && log.calls <= 402 && log.last == items && log.monotonic);
    CHECK(log.drops <= info.rebuilt_bad_file);
    sluice_ethash_dag_free(d);
    return info;
}

static void test_disk_cache(const sluice_ethash_epoch *ctx) {
    char tmpl[] = "/tmp/sluice_dagtest_XXXXXX";
    char *dir = mkdtemp(tmpl);
    CHECK(dir != NULL);
    if (!dir) return;
    const uint64_t items = 777;
    const long want_size = 64 + 777 * 128;
    char why[512], path[1400], sub[600];
    snprintf(sub, sizeof sub, "%s/a/b", dir);   /* missing directories are created */

    sluice_ethash_dag_info i1 = cached(ctx, sub, items, 1, why, sizeof why);
    CHECK(i1.from_disk == 0 && i1.rebuilt_bad_file == 0);
    CHECK(why[0] == '\0');
    snprintf(path, sizeof path, "%s/ethash-epoch-0-00000000-items777.dag", sub);
    CHECK(strcmp(i1.path, path) == 0);
    CHECK(file_size(path) == want_size);

    sluice_ethash_dag_info i2 = cached(ctx, sub, items, 1, why, sizeof why);
    CHECK(i2.from_disk == 1 && i2.rebuilt_bad_file == 0 && strcmp(i2.path, path) == 0);
    CHECK(why[0] == '\0');

    /* One damaged data byte: rebuilt and rewritten, then reused again. */
    flip_byte(path, 64 + 128 * 500 + 7);
    sluice_ethash_dag_info i3 = cached(ctx, sub, items, 1, why, sizeof why);
    CHECK(i3.from_disk == 0 && i3.rebuilt_bad_file == 1);
    CHECK(strstr(why, "CRC") != NULL);
    CHECK(file_size(path) == want_size);
    sluice_ethash_dag_info i4 = cached(ctx, sub, items, 1, why, sizeof why);
    CHECK(i4.from_disk == 1 && i4.rebuilt_bad_file == 0);

    /* A damaged header (the epoch field). */
    flip_byte(path, 12);
    sluice_ethash_dag_info i5 = cached(ctx, sub, items, 1, why, sizeof why);
    CHECK(i5.from_disk == 0 && i5.rebuilt_bad_file == 1);
    CHECK(cached(ctx, sub, items, 1, why, sizeof why).from_disk == 1);

    /* A truncated file. */
    CHECK(truncate(path, want_size - 1000) == 0);
    sluice_ethash_dag_info i6 = cached(ctx, sub, items, 1, why, sizeof why);
    CHECK(i6.from_disk == 0 && i6.rebuilt_bad_file == 1);
    CHECK(strstr(why, "truncated") != NULL);
    CHECK(file_size(path) == want_size);
    CHECK(cached(ctx, sub, items, 1, why, sizeof why).from_disk == 1);

    /* A file for another item count is not taken for this one. */
    sluice_ethash_dag_info i7 = cached(ctx, sub, 778, 1, why, sizeof why);
    CHECK(i7.from_disk == 0 && i7.rebuilt_bad_file == 0 && strcmp(i7.path, path) != 0);
    CHECK(cached(ctx, sub, items, 1, why, sizeof why).from_disk == 1);

    /* Synthetic without cache_synthetic: nothing written. */
    sluice_ethash_dag_info i8 = cached(ctx, sub, 555, 0, why, sizeof why);
    CHECK(i8.from_disk == 0 && i8.path[0] == '\0');
    snprintf(path, sizeof path, "%s/ethash-epoch-0-00000000-items555.dag", sub);
    CHECK(file_size(path) == -1);

    /* Unwritable cache (a directory below a regular file): built in memory, why says so. */
    char blocker[600], below[700];
    snprintf(blocker, sizeof blocker, "%s/plainfile", dir);
    FILE *f = fopen(blocker, "w");
    CHECK(f != NULL);
    if (f) fclose(f);
    snprintf(below, sizeof below, "%s/sub", blocker);
    sluice_ethash_dag_info i9 = cached(ctx, below, items, 1, why, sizeof why);
    CHECK(i9.from_disk == 0 && i9.path[0] == '\0');
    CHECK(strstr(why, "memory") != NULL);

    /* The default directory: $XDG_CACHE_HOME/sluice/ethash. */
    char xdg[400];
    snprintf(xdg, sizeof xdg, "%s/xdg", dir);
    const char *old = getenv("XDG_CACHE_HOME");
    char *saved = old ? strdup(old) : NULL;
    setenv("XDG_CACHE_HOME", xdg, 1);
    sluice_ethash_dag_info i10 = cached(ctx, "", items, 1, why, sizeof why);
    snprintf(path, sizeof path, "%s/sluice/ethash/ethash-epoch-0-00000000-items777.dag", xdg);
    CHECK(strcmp(i10.path, path) == 0);
    CHECK(file_size(path) == want_size);
    CHECK(cached(ctx, "", items, 1, why, sizeof why).from_disk == 1);
    if (saved) { setenv("XDG_CACHE_HOME", saved, 1); free(saved); }
    else unsetenv("XDG_CACHE_HOME");

    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
}

/* Entries of dir other than . and .. (0 if it cannot be read). */
static int dir_entries(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) n++;
    closedir(d);
    return n;
}

static int file_is_regular(const char *path) {
    struct stat st;
    return lstat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static void rm_rf(const char *dir) {
    char cmd[700];
    snprintf(cmd, sizeof cmd, "chmod -R u+w '%s' 2>/dev/null; rm -rf '%s'", dir, dir);
    CHECK(system(cmd) == 0);
}

/* A copy of ctx with another epoch number or seed (same cache). */
static sluice_ethash_epoch *relabel(const sluice_ethash_epoch *ctx, int epoch, uint8_t seed0) {
    sluice_ethash_epoch *m = malloc(sizeof *m);
    if (!m) return NULL;
    *m = *ctx;
    m->epoch = epoch;
    m->seed[0] = seed0;
    return m;
}

static void test_hostile_paths(const sluice_ethash_epoch *ctx) {
    char tmpl[] = "/tmp/sluice_dagpath_XXXXXX";
    char *dir = mkdtemp(tmpl);
    CHECK(dir != NULL);
    if (!dir) return;
    const uint64_t items = 333;
    const long want_size = 64 + 333 * 128;
    char why[512], path[700], other[700];
    snprintf(path, sizeof path, "%s/ethash-epoch-0-00000000-items333.dag", dir);

    /* A directory where the file should be: built in memory, the directory is
     * left alone. */
    CHECK(mkdir(path, 0755) == 0);
    sluice_ethash_dag_info i = cached(ctx, dir, items, 1, why, sizeof why);
    CHECK(i.from_disk == 0 && i.rebuilt_bad_file == 1 && i.path[0] == '\0');
    CHECK(strstr(why, "memory") != NULL);
    struct stat st;
    CHECK(stat(path, &st) == 0 && S_ISDIR(st.st_mode));
    CHECK(rmdir(path) == 0);
    CHECK(dir_entries(dir) == 0);   /* no temporary file left behind */

    /* A FIFO at the path: opening it for reading used to wait for a writer
     * forever; now it is "not a regular file", replaced by the built file. */
    CHECK(mkfifo(path, 0644) == 0);
    i = cached(ctx, dir, items, 1, why, sizeof why);
    CHECK(i.from_disk == 0 && i.rebuilt_bad_file == 1 && strcmp(i.path, path) == 0);
    CHECK(strstr(why, "not a regular file") != NULL);
    CHECK(file_is_regular(path) && file_size(path) == want_size);
    CHECK(cached(ctx, dir, items, 1, why, sizeof why).from_disk == 1);

    /* The right size, but the header of another epoch / another seed (a file
     * renamed by hand): rebuilt, never trusted. */
    for (int k = 0; k < 2; k++) {
        sluice_ethash_epoch *o = k == 0 ? relabel(ctx, 1, 0) : relabel(ctx, 0, 0xab);
        CHECK(o != NULL);
        if (!o) continue;
        i = cached(o, dir, items, 1, why, sizeof why);
        snprintf(other, sizeof other, "%s/ethash-epoch-%d-%s-items333.dag", dir, k == 0 ? 1 : 0,
                 k == 0 ? "00000000" : "ab000000");
        CHECK(strcmp(i.path, other) == 0 && file_size(other) == want_size);
        CHECK(rename(other, path) == 0);
        i = cached(ctx, dir, items, 1, why, sizeof why);
        CHECK(i.from_disk == 0 && i.rebuilt_bad_file == 1);
        CHECK(strstr(why, "header does not match") != NULL);
        CHECK(cached(ctx, dir, items, 1, why, sizeof why).from_disk == 1);
        free(o);
    }

    /* A symlink to an intact file elsewhere is used; a dangling one is
     * replaced by a regular file (its target is not created). */
    snprintf(other, sizeof other, "%s/elsewhere.dag", dir);
    CHECK(rename(path, other) == 0);
    CHECK(symlink(other, path) == 0);
    i = cached(ctx, dir, items, 1, why, sizeof why);
    CHECK(i.from_disk == 1);
    CHECK(unlink(path) == 0 && unlink(other) == 0);
    CHECK(symlink(other, path) == 0);
    i = cached(ctx, dir, items, 1, why, sizeof why);
    CHECK(i.from_disk == 0 && i.rebuilt_bad_file == 0 && strcmp(i.path, path) == 0);
    CHECK(file_is_regular(path) && file_size(other) == -1);
    CHECK(unlink(path) == 0);

    /* A symlink planted under the old predictable temporary name
     * "<path>.tmp.<pid>": the store used to follow it (O_CREAT | O_TRUNC)
     * and overwrite its target; the temporary name is now unique (O_EXCL). */
    char planted[800], victim[700];
    snprintf(victim, sizeof victim, "%s/victim", dir);
    FILE *f = fopen(victim, "w");
    CHECK(f != NULL);
    if (f) { fputs("precious", f); fclose(f); }
    snprintf(planted, sizeof planted, "%s.tmp.%ld", path, (long)getpid());
    CHECK(symlink(victim, planted) == 0);
    i = cached(ctx, dir, items, 1, why, sizeof why);
    CHECK(i.from_disk == 0 && strcmp(i.path, path) == 0 && file_size(path) == want_size);
    CHECK(file_size(victim) == 8);
    CHECK(unlink(planted) == 0 && unlink(victim) == 0 && unlink(path) == 0);

    /* A write that fails part-way (RLIMIT_FSIZE: EFBIG, as ENOSPC would):
     * the DAG is still returned, why says why, no file or temporary is left. */
    struct rlimit old_lim, lim;
    CHECK(getrlimit(RLIMIT_FSIZE, &old_lim) == 0);
    lim = old_lim;
    lim.rlim_cur = 4096;
    void (*old_sig)(int) = signal(SIGXFSZ, SIG_IGN);
    if (setrlimit(RLIMIT_FSIZE, &lim) == 0) {
        i = cached(ctx, dir, items, 1, why, sizeof why);
        CHECK(setrlimit(RLIMIT_FSIZE, &old_lim) == 0);
        CHECK(i.from_disk == 0 && i.path[0] == '\0');
        CHECK(strstr(why, "memory only") != NULL && strstr(why, "cannot write") != NULL);
        CHECK(dir_entries(dir) == 0);
    }
    signal(SIGXFSZ, old_sig);

    /* A read-only directory (meaningless for root, who may write anyway). */
    if (geteuid() != 0) {
        char ro[720];
        snprintf(ro, sizeof ro, "%s/ro", dir);
        CHECK(mkdir(ro, 0555) == 0);
        i = cached(ctx, ro, items, 1, why, sizeof why);
        CHECK(i.from_disk == 0 && i.path[0] == '\0' && strstr(why, "memory only") != NULL);
        CHECK(dir_entries(ro) == 0);
        CHECK(rmdir(ro) == 0);
    }
    rm_rf(dir);
}

/* Two builders of the same file at once (threads of one process: the old
 * "<path>.tmp.<pid>" name was the same for both). Both get a correct DAG; one
 * intact file and no temporary remain. */
typedef struct { const sluice_ethash_epoch *ctx; const char *dir; sluice_err e; int ok; } builder_arg;
static void *builder(void *p) {
    builder_arg *a = p;
    sluice_ethash_dag_opts o;
    memset(&o, 0, sizeof o);
    o.items = 2003;
    o.threads = 1;
    o.cache_dir = a->dir;
    o.cache_synthetic = 1;
    sluice_ethash_dag *d = NULL;
    a->e = sluice_ethash_dag_new(&d, a->ctx, &o, NULL, NULL, 0);
    a->ok = d && items_match(a->ctx, d);
    sluice_ethash_dag_free(d);
    return NULL;
}

static void test_concurrent_builders(const sluice_ethash_epoch *ctx) {
    char tmpl[] = "/tmp/sluice_dagrace_XXXXXX";
    char *dir = mkdtemp(tmpl);
    CHECK(dir != NULL);
    if (!dir) return;
    for (int round = 0; round < 3; round++) {
        builder_arg a[2] = {{ctx, dir, SLUICE_ERR_INTERNAL, 0}, {ctx, dir, SLUICE_ERR_INTERNAL, 0}};
        pthread_t t[2];
        int started[2];
        for (int k = 0; k < 2; k++) started[k] = pthread_create(&t[k], NULL, builder, &a[k]) == 0;
        for (int k = 0; k < 2; k++)
            if (started[k]) pthread_join(t[k], NULL);
        CHECK(started[0] && started[1]);
        CHECK(a[0].e == SLUICE_OK && a[1].e == SLUICE_OK && a[0].ok && a[1].ok);
        CHECK(dir_entries(dir) == 1);
        char why[512];
        CHECK(cached(ctx, dir, 2003, 1, why, sizeof why).from_disk == 1);
        char path[700];
        snprintf(path, sizeof path, "%s/ethash-epoch-0-00000000-items2003.dag", dir);
        CHECK(unlink(path) == 0);
    }
    rm_rf(dir);
}

/* Stops the build from the progress callback once `at` items are done. */
typedef struct { volatile int stop; uint64_t at; int calls; uint64_t last; } stopper;
static void stop_progress(void *user, uint64_t done, uint64_t total) {
    stopper *s = user;
    (void)total;
    s->calls++;
    s->last = done;
    if (done >= s->at) s->stop = 1;
}

static void test_cancel(const sluice_ethash_epoch *ctx) {
    char tmpl[] = "/tmp/sluice_dagstop_XXXXXX";
    char *dir = mkdtemp(tmpl);
    CHECK(dir != NULL);
    if (!dir) return;
    const uint64_t items = 40000;
    sluice_ethash_dag_opts o;
    memset(&o, 0, sizeof o);
    o.items = items;
    o.threads = 2;
    o.cache_dir = dir;
    o.cache_synthetic = 1;
    o.progress = stop_progress;
    char why[512];
    sluice_ethash_dag_info info;

    /* Stopped at the first progress report: the remaining chunks are skipped
     * (each thread finishes at most the chunk it is in). */
    stopper s = {0, 1, 0, 0};
    o.progress_user = &s;
    o.stop = &s.stop;
    sluice_ethash_dag *d = (sluice_ethash_dag *)1;
    CHECK(sluice_ethash_dag_new(&d, ctx, &o, &info, why, sizeof why) == SLUICE_ERR_CANCELLED);
    CHECK(d == NULL);
    CHECK(strstr(why, "cancelled") != NULL);
    CHECK(info.path[0] == '\0' && info.from_disk == 0);
    CHECK(s.calls >= 1 && s.calls <= 3 && s.last < items);
    CHECK(dir_entries(dir) == 0);

    /* Stopped at the last report (every item built): not stored either. */
    stopper last = {0, items, 0, 0};
    o.progress_user = &last;
    o.stop = &last.stop;
    d = (sluice_ethash_dag *)1;
    CHECK(sluice_ethash_dag_new(&d, ctx, &o, &info, why, sizeof why) == SLUICE_ERR_CANCELLED);
    CHECK(d == NULL && last.last == items);
    CHECK(dir_entries(dir) == 0);

    /* Already set: nothing is done, an existing cache file is left intact. */
    o.stop = NULL;
    o.progress = NULL;
    CHECK(sluice_ethash_dag_new(&d, ctx, &o, &info, why, sizeof why) == SLUICE_OK);
    sluice_ethash_dag_free(d);
    CHECK(dir_entries(dir) == 1);
    volatile int set = 1;
    o.stop = &set;
    o.progress = stop_progress;
    stopper none = {0, 0, 0, 0};
    o.progress_user = &none;
    d = (sluice_ethash_dag *)1;
    CHECK(sluice_ethash_dag_new(&d, ctx, &o, &info, why, sizeof why) == SLUICE_ERR_CANCELLED);
    CHECK(d == NULL && none.calls == 0);
    o.stop = NULL;
    CHECK(sluice_ethash_dag_new(&d, ctx, &o, &info, why, sizeof why) == SLUICE_OK && info.from_disk == 1);
    sluice_ethash_dag_free(d);

    /* A stop flag that stays 0 changes nothing. */
    volatile int clear = 0;
    o.stop = &clear;
    o.cache_dir = NULL;
    o.progress = NULL;
    CHECK(sluice_ethash_dag_new(&d, ctx, &o, &info, why, sizeof why) == SLUICE_OK);
    sluice_ethash_dag_free(d);

    /* Thread counts: more threads than chunks is fine, over 1024 is an error. */
    o.items = 20;
    o.threads = 64;
    CHECK(sluice_ethash_dag_new(&d, ctx, &o, NULL, NULL, 0) == SLUICE_OK);
    if (d) CHECK(items_match(ctx, d));
    sluice_ethash_dag_free(d);
    o.threads = 1025;
    CHECK(sluice_ethash_dag_new(&d, ctx, &o, NULL, why, sizeof why) == SLUICE_ERR_RANGE && d == NULL);
    rm_rf(dir);
}

int main(void) {
    sluice_ethash_epoch *ctx = ethash_mock_random(4099, 0xda6);
    CHECK(ctx != NULL);
    if (!ctx) return tu_finish("test_ethash_dag");
    test_build(ctx);
    test_disk_cache(ctx);
    test_hostile_paths(ctx);
    test_concurrent_builders(ctx);
    test_cancel(ctx);
    sluice_ethash_epoch_free(ctx);
    return tu_finish("test_ethash_dag");
}
