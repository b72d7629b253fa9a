/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * hex.c - hex strings and Bluetooth address text.
 */
#include <stdio.h>
#include <string.h>

#include "util/hex.h"

static int
hex_nibble(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

long
hex_decode(const char *s, uint8_t *out, size_t cap)
{
	size_t	len = strlen(s), i;
	int	hi, lo;

	if (len % 2 != 0 || len / 2 > cap)
		return -1;
	for (i = 0; i < len / 2; i++) {
		hi = hex_nibble((unsigned char)s[2 * i]);
		lo = hex_nibble((unsigned char)s[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return (long)(len / 2);
}

char *
hex_encode(const uint8_t *p, size_t n, char *out)
{
	static const char	digits[] = "0123456789abcdef";
	size_t			i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 0x0f];
	}
	out[2 * n] = '\0';
	return out;
}

char *
hex_addr_str(const uint8_t a[6], char out[18])
{
	snprintf(out, 18, "%02X:%02X:%02X:%02X:%02X:%02X",
	    a[5], a[4], a[3], a[2], a[1], a[0]);
	return out;
}

bool
hex_addr_parse(const char *s, uint8_t a[6])
{
	int	i, hi, lo;

	if (strlen(s) != 17)
		return false;
	for (i = 0; i < 6; i++) {
		hi = hex_nibble((unsigned char)s[3 * i]);
		lo = hex_nibble((unsigned char)s[3 * i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		if (i < 5 && s[3 * i + 2] != ':')
			return false;
		a[5 - i] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}
