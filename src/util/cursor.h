/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cursor.h - bounds-checked little-endian reader over a borrowed byte
 * range.  Every decoder reads through one of these.
 *
 * A read past the end does not crash: it sets the sticky "bad" flag,
 * returns zero, and every later read also fails.  Decoders check
 * cur_ok() once at the end of a structure instead of after each field.
 * The cursor borrows the bytes; it must not outlive them.
 */
#ifndef LS_UTIL_CURSOR_H
#define LS_UTIL_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct cur {
	const uint8_t	*p;	/* next unread byte (borrowed) */
	size_t		 n;	/* bytes left */
	bool		 bad;	/* a read ran past the end */
};

static inline void
cur_init(struct cur *c, const void *p, size_t n)
{
	c->p = p;
	c->n = p == NULL ? 0 : n;
	c->bad = false;
}

static inline bool
cur_ok(const struct cur *c)
{
	return !c->bad;
}

static inline size_t
cur_left(const struct cur *c)
{
	return c->bad ? 0 : c->n;
}

/* Take n bytes: returns a pointer to them, or NULL (and sets bad). */
static inline const uint8_t *
cur_take(struct cur *c, size_t n)
{
	const uint8_t	*p;

	if (c->bad || n > c->n) {
		c->bad = true;
		return NULL;
	}
	p = c->p;
	c->p += n;
	c->n -= n;
	return p;
}

static inline bool
cur_skip(struct cur *c, size_t n)
{
	return cur_take(c, n) != NULL;
}

/* Copy n bytes into out (zeroed on failure). */
static inline bool
cur_copy(struct cur *c, void *out, size_t n)
{
	const uint8_t	*p = cur_take(c, n);

	if (p == NULL) {
		memset(out, 0, n);
		return false;
	}
	memcpy(out, p, n);
	return true;
}

static inline uint8_t
cur_u8(struct cur *c)
{
	const uint8_t	*p = cur_take(c, 1);

	return p == NULL ? 0 : p[0];
}

static inline int8_t
cur_s8(struct cur *c)
{
	return (int8_t)cur_u8(c);
}

static inline uint16_t
cur_le16(struct cur *c)
{
	const uint8_t	*p = cur_take(c, 2);

	return p == NULL ? 0 : (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t
cur_le24(struct cur *c)
{
	const uint8_t	*p = cur_take(c, 3);

	return p == NULL ? 0 :
	    (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
}

static inline uint32_t
cur_le32(struct cur *c)
{
	const uint8_t	*p = cur_take(c, 4);

	return p == NULL ? 0 : (uint32_t)p[0] | (uint32_t)p[1] << 8 |
	    (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint16_t
cur_be16(struct cur *c)
{
	const uint8_t	*p = cur_take(c, 2);

	return p == NULL ? 0 : (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t
cur_be32(struct cur *c)
{
	const uint8_t	*p = cur_take(c, 4);

	return p == NULL ? 0 : (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* Little-endian writers into a caller buffer; the caller sizes it. */
static inline void
put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void
put_le24(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
}

static inline void
put_le32(uint8_t *p, uint32_t v)
{
	put_le16(p, (uint16_t)v);
	put_le16(p + 2, (uint16_t)(v >> 16));
}

#endif
