/* CRC-32C (Castagnoli, reflected polynomial 0x82F63B78; RFC 3720 appendix B.4)
 * with ISA-L's crc32_iscsi (isa-l/crc.h). crc32_iscsi neither inverts its
 * input register nor its result, so the standard CRC is
 * ~crc32_iscsi(data, len, 0xFFFFFFFF); chaining passes the raw register. */
#include "sluice/chainfile.h"

#include <isa-l/crc.h>
#include <stdint.h>

#define CF_CRC_CHUNK (1u << 30)   /* crc32_iscsi takes an int length */

uint32_t sluice_chainfile_crc32c(const uint8_t *data, size_t len) {
    uint32_t reg = 0xFFFFFFFFu;
    while (len) {
        size_t n = len < CF_CRC_CHUNK ? len : CF_CRC_CHUNK;
        reg = crc32_iscsi((unsigned char *)(uintptr_t)data, (int)n, reg);
        data += n;
        len -= n;
    }
    return ~reg;
}
