/* Printing parsed Bytom blocks and transactions for `sluice block decode` and
 * `sluice tx decode`: every field and every ID, with the node API's field
 * names (decode-raw-transaction, get-block) where it has them. */
#ifndef SLUICE_CHAIN_JSON_H
#define SLUICE_CHAIN_JSON_H

#include <stdio.h>

#include "sluice/bytom_tx.h"

/* Address prefix of a network name ("mainnet" bm, "testnet" tm, "solonet" sm);
 * NULL for an unknown name. */
const char *chain_hrp(const char *network);

/* Fee of a transaction: BTM in minus BTM out (0 for a coinbase). Returns 0 and
 * sets *fee, or -1 when the sums overflow or the outputs exceed the inputs. */
int chain_tx_fee(const sluice_bytom_tx *tx, int64_t *fee);

/* One JSON object (no trailing newline). */
void chain_json_tx(FILE *f, const sluice_bytom_tx *tx, const char *hrp);
void chain_json_block(FILE *f, const sluice_bytom_block *b, const char *hrp);
/* The header fields only, as members (no braces): "hash":...,"height":... */
void chain_json_header_members(FILE *f, const sluice_bytom_block *b);

/* Human-readable listings. */
void chain_text_tx(FILE *f, const sluice_bytom_tx *tx, const char *hrp, const char *indent);
void chain_text_block(FILE *f, const sluice_bytom_block *b, const char *hrp);

#endif
