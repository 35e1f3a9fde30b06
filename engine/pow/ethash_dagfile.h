/* Private: the Ethash DAG disk cache (ethash_dagfile.c), used by the DAG
 * builder (ethash_dag.c).
 *
 * File layout (all integers little-endian), <dir>/ethash-epoch-<N>-<seed8>.dag
 * where seed8 is the first 8 hex digits of the epoch's seed hash (a synthetic
 * DAG, written only when sluice_ethash_dag_opts.cache_synthetic asks, gets
 * "-items<M>" before ".dag"):
 *   0  magic "SLUICEDG"            8 bytes
 *   8  version (1)                 u32
 *  12  epoch                       u32
 *  16  items (128-byte items)      u64
 *  24  seed hash                   32 bytes
 *  56  data CRC                    u32  ISA-L crc32_gzip_refl(0, data, items * 128)
 *  60  header CRC                  u32  crc32_gzip_refl(0, bytes 0..59)
 *  64  data                        items * 128 bytes
 * A file is reused only when it is a regular file (a FIFO, device or
 * directory at the path is never opened for reading in a way that blocks)
 * and its size, header and data CRC all match. It is written to a unique
 * temporary file "<path>.tmp.XXXXXX" (mkostemp: O_EXCL, so concurrent
 * builders never share one and a planted symlink is never followed) and
 * renamed into place, so readers never see a partial file under the final
 * name; concurrent builders each rename a complete file (the last wins). */
#ifndef SLUICE_ETHASH_DAGFILE_H
#define SLUICE_ETHASH_DAGFILE_H

#include <stddef.h>
#include <stdint.h>
#include "ethash_internal.h"

#define ETHASH_DAGFILE_HEADER_BYTES 64
#define ETHASH_DAGFILE_VERSION 1

/* The cache directory: dir itself when non-empty, else
 * $XDG_CACHE_HOME/sluice/ethash (when set and absolute) or
 * $HOME/.cache/sluice/ethash. 0 on success; -1 (with why) when there is none
 * or it does not fit. */
int ethash_dagfile_dir(const char *dir, char *out, size_t cap, char *why, size_t why_cap);

/* The file name under dir for ctx's epoch and `items` (synthetic when != the
 * epoch's dataset size). 0 on success, -1 when the path does not fit in cap. */
int ethash_dagfile_path(const char *dir, const sluice_ethash_epoch *ctx, uint64_t items, char *out, size_t cap);

typedef enum {
    ETHASH_DAGFILE_LOADED = 0,   /* data filled from an intact file */
    ETHASH_DAGFILE_MISSING,      /* no file: build it */
    ETHASH_DAGFILE_BAD,          /* a file exists but is truncated, damaged, for other data
                                    or not a regular file */
    ETHASH_DAGFILE_CANCELLED     /* *stop became non-zero while reading */
} ethash_dagfile_status;

/* Reads the file at path into data (items * 128 bytes), checking size, header
 * and data CRC; progress (may be NULL) is called with items read so far.
 * stop (may be NULL) is checked before each 64 MiB read. why gets the reason
 * for BAD. data is unspecified unless LOADED. */
ethash_dagfile_status ethash_dagfile_load(const char *path, const sluice_ethash_epoch *ctx, uint64_t items,
                                          uint8_t *data, sluice_ethash_progress_fn progress, void *user,
                                          const volatile int *stop, char *why, size_t why_cap);

/* Writes data as the file at path (creating missing directories of its
 * parent, mode 0755), through a unique temporary file and rename. 0 on
 * success; -1 with why on an error (disk full...), 1 when *stop (stop may be
 * NULL) became non-zero before the rename: in both cases the temporary file
 * is removed and nothing is left under the final name. */
int ethash_dagfile_store(const char *path, const sluice_ethash_epoch *ctx, uint64_t items, const uint8_t *data,
                         const volatile int *stop, char *why, size_t why_cap);

#endif
