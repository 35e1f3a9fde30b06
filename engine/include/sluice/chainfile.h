/* Chain files: a sequence of raw Bytom blocks for `sluice chaingen` and
 * `sluice validate` (issue 6).
 *
 * Framed format (written by sluice_chainfile_writer):
 *   file header: "SLCHAIN1" (8 bytes)
 *   frames:      u32 LE payload length | u32 LE CRC-32C of the payload |
 *                payload (one raw block)
 * The whole file may be gzip-compressed (ISA-L igzip; RFC 1952), which the
 * reader detects from the gzip magic (1f 8b).
 * Text format (read only): one raw block in hexadecimal per line, what a
 * Bytom node's get-raw-block returns; blank lines and lines starting with '#'
 * are skipped.
 *
 * The reader never trusts a length: a frame longer than
 * SLUICE_CHAINFILE_MAX_FRAME, a truncated frame, a CRC mismatch, a bad hex
 * line or corrupt gzip data is reported with the frame (or line) number and
 * the byte offset, and reading stops there. */
#ifndef SLUICE_CHAINFILE_H
#define SLUICE_CHAINFILE_H

#include <stddef.h>
#include <stdint.h>

#include "sluice/error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SLUICE_CHAINFILE_MAGIC "SLCHAIN1"
#define SLUICE_CHAINFILE_MAX_FRAME (16u << 20)   /* = SLUICE_BYTOM_MAX_BLOCK_BYTES */

typedef enum {
    SLUICE_CHAINFILE_FRAMED = 0,
    SLUICE_CHAINFILE_FRAMED_GZIP = 1,
    SLUICE_CHAINFILE_HEX_LINES = 2
} sluice_chainfile_format;

typedef struct sluice_chainfile_writer sluice_chainfile_writer;

/* Creates (truncates) path; gzip != 0 compresses the whole file with igzip.
 * Errors: SLUICE_ERR_IO with the reason in why. */
sluice_err sluice_chainfile_writer_open(const char *path, int gzip, sluice_chainfile_writer **out,
                                        char *why, size_t why_cap);
/* Appends one frame (len <= SLUICE_CHAINFILE_MAX_FRAME). */
sluice_err sluice_chainfile_append(sluice_chainfile_writer *w, const uint8_t *raw, size_t len,
                                   char *why, size_t why_cap);
/* Flushes and closes (also on error paths); returns the first error seen. */
sluice_err sluice_chainfile_writer_close(sluice_chainfile_writer *w, char *why, size_t why_cap);

typedef struct sluice_chainfile_reader sluice_chainfile_reader;

/* Opens path ('-' = standard input) and detects the format. */
sluice_err sluice_chainfile_open(const char *path, sluice_chainfile_reader **out, char *why,
                                 size_t why_cap);
/* The same over a memory buffer (not copied; must outlive the reader). */
sluice_err sluice_chainfile_open_mem(const uint8_t *data, size_t len,
                                     sluice_chainfile_reader **out, char *why, size_t why_cap);
sluice_chainfile_format sluice_chainfile_format_of(const sluice_chainfile_reader *r);

/* The next block: *raw points to reader-owned bytes valid until the next
 * call (or close), *len its length, *index its 0-based frame/block number.
 * Returns SLUICE_OK with *raw set, SLUICE_OK with *raw = NULL at the clean
 * end of the file, or an error: SLUICE_ERR_LENGTH (truncated frame or file,
 * frame too long), SLUICE_ERR_RANGE (CRC mismatch), SLUICE_ERR_HEX (bad hex
 * line), SLUICE_ERR_IO (read or gzip error), with "frame N at offset X: ..."
 * (or "line N: ...") in why. After an error every call returns it again. */
sluice_err sluice_chainfile_next(sluice_chainfile_reader *r, const uint8_t **raw, size_t *len,
                                 uint64_t *index, char *why, size_t why_cap);
void sluice_chainfile_close(sluice_chainfile_reader *r);

/* How far the reader is through its input, for progress bars and ETAs:
 * *done = bytes of the input (compressed bytes for gzip) read so far, at most
 * 64 KiB ahead of the blocks handed out; *total = the input's size, 0 when
 * unknown (standard input or a pipe). *done <= *total when *total != 0. */
void sluice_chainfile_progress(const sluice_chainfile_reader *r, uint64_t *done,
                               uint64_t *total);

/* The standard CRC-32C (Castagnoli; check value 0xE3069283 for "123456789"),
 * computed with ISA-L's crc32_iscsi. */
uint32_t sluice_chainfile_crc32c(const uint8_t *data, size_t len);

#ifdef __cplusplus
}
#endif
#endif
