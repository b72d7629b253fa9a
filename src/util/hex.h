/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hex.h - hex strings to bytes and back; Bluetooth address formatting.
 */
#ifndef LS_UTIL_HEX_H
#define LS_UTIL_HEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Decode a hex string (upper or lower case, no separators) into out.
 * Returns the number of bytes written, or -1 when s has an odd length, a
 * non-hex character, or decodes to more than cap bytes.
 */
long	hex_decode(const char *s, uint8_t *out, size_t cap);

/*
 * Encode n bytes as lower-case hex into out, which must hold 2 * n + 1
 * bytes.  Returns out.
 */
char	*hex_encode(const uint8_t *p, size_t n, char *out);

/*
 * Format a 6-byte address stored little-endian (as on the HCI wire) as
 * "C4:7C:8D:6A:12:01" into out, which must hold 18 bytes.  Returns out.
 */
char	*hex_addr_str(const uint8_t addr_le[6], char out[18]);

/*
 * Parse "C4:7C:8D:6A:12:01" (either case) into little-endian wire order.
 * Returns false on anything else.
 */
bool	 hex_addr_parse(const char *s, uint8_t addr_le[6]);

#endif
