/* Minimal test harness: CHECK macros that count failures, vector-file reading,
 * and a deterministic PRNG for random-input equality tests. */
#ifndef SLUICE_TESTUTIL_H
#define SLUICE_TESTUTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

extern int tu_failures;
extern int tu_checks;

#define CHECK(cond) do { tu_checks++; if (!(cond)) { tu_failures++; \
    fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); } } while (0)
#define CHECK_MEM(a, b, n) do { tu_checks++; if (memcmp((a), (b), (n)) != 0) { tu_failures++; \
    fprintf(stderr, "%s:%d: CHECK_MEM failed: %s != %s\n", __FILE__, __LINE__, #a, #b); \
    tu_dump("  got ", (const uint8_t *)(a), (n)); tu_dump("  want", (const uint8_t *)(b), (n)); } } while (0)

/* Prints "<name>: N checks, F failed" and returns the process exit status. */
int tu_finish(const char *name);
void tu_dump(const char *label, const uint8_t *p, size_t n);

/* Opens $SLUICE_VECTORS/<file> (exits with an error if unavailable). */
FILE *tu_open_vectors(const char *file);
/* Next non-empty, non-comment line into buf (newline stripped); 0 at EOF. */
int tu_next_line(FILE *f, char *buf, size_t cap);

/* xoshiro256** with a fixed seed: reproducible random inputs. */
typedef struct { uint64_t s[4]; } tu_rng;
void tu_rng_seed(tu_rng *r, uint64_t seed);
uint64_t tu_rng_next(tu_rng *r);
void tu_rng_bytes(tu_rng *r, void *out, size_t n);

#endif
