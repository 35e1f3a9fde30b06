/* Raw block / transaction bytes for `sluice block ...` and `sluice tx ...`:
 * from a hex argument or from a file holding hex text (what a node's
 * get-raw-block returns; whitespace ignored) or the raw bytes. */
#ifndef SLUICE_CHAIN_INPUT_H
#define SLUICE_CHAIN_INPUT_H

#include <stddef.h>
#include <stdint.h>

/* Largest input accepted, in bytes after decoding (hex text may be twice that). */
#define CHAIN_INPUT_MAX (64u << 20)

/* Decodes hex text (an optional 0x prefix, surrounding whitespace ignored)
 * into a new buffer. Returns 0 and sets *out and *len, or -1 with the reason in
 * why (malformed hex, odd length, empty, too large). */
int chain_input_hex(const char *text, size_t text_len, uint8_t **out, size_t *len, char *why,
                    size_t why_cap);

/* Reads path ('-' = standard input): hex text when every byte is a hex digit
 * or whitespace (after an optional 0x), else the raw bytes. Same contract as
 * chain_input_hex. */
int chain_input_file(const char *path, uint8_t **out, size_t *len, char *why, size_t why_cap);

#endif
