/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * att_script.h - a scripted ATT peer for unit tests of att_bearer.c and
 * gatt_client.c (the bluez/bluez:unit/test-gatt_client.c habit): the test lists
 * the PDUs the client must send ('C') and what the server answers ('S'); the
 * fake bearer fails the test on any PDU that is not the next expected one,
 * and on a script left unfinished.  Server PDUs are delivered from the
 * event loop, never from inside the client's send.
 */
#ifndef LS_TESTS_UNIT_ATT_SCRIPT_H
#define LS_TESTS_UNIT_ATT_SCRIPT_H

#include <stdio.h>
#include <string.h>

#include "gatt/att_bearer.h"
#include "util/hex.h"
#include "util/loop.h"

struct ascript_step {
	char		 dir;		/* 'C' client sends, 'S' server sends,
					   'N' S repeated 1000 times */
	const char	*hex;
};

struct ascript {
	struct loop			*loop;
	struct att			*att;
	const struct ascript_step	*steps;
	size_t				 n, at;
	int				 bad;	/* unexpected PDU seen */
	char				 why[4096];
};

static void	ascript_deliver(void *);

static void
ascript_schedule(struct ascript *s)
{
	if (s->at < s->n && s->steps[s->at].dir != 'C')
		loop_add_timer(s->loop, 0, ascript_deliver, s);
}

static void
ascript_deliver(void *arg)
{
	struct ascript	*s = arg;
	uint8_t		 pdu[600];
	long		 n;
	int		 i, times;

	while (s->at < s->n && s->steps[s->at].dir != 'C') {
		n = hex_decode(s->steps[s->at].hex, pdu, sizeof pdu);
		times = s->steps[s->at].dir == 'N' ? 1000 : 1;
		s->at++;
		for (i = 0; i < times && n >= 0; i++)
			att_input(s->att, pdu, (size_t)n);
	}
}

static enum ls_err
ascript_send(void *priv, const uint8_t *pdu, size_t n, struct ls_errbuf *eb)
{
	struct ascript	*s = priv;
	char		 got[1300];

	(void)eb;
	hex_encode(pdu, n, got);
	if (s->at >= s->n || s->steps[s->at].dir != 'C' ||
	    strcmp(s->steps[s->at].hex, got) != 0) {
		if (!s->bad)
			snprintf(s->why, sizeof s->why, "step %zu: unexpected "
			    "PDU %s (want %s)", s->at, got, s->at < s->n ?
			    s->steps[s->at].hex : "nothing");
		s->bad = 1;
		return LS_OK;
	}
	s->at++;
	ascript_schedule(s);
	return LS_OK;
}

static const struct att_bearer_ops ascript_ops = {
	.name = "script",
	.send = ascript_send,
};

static void
ascript_init(struct ascript *s, const struct ascript_step *steps, size_t n)
{
	memset(s, 0, sizeof *s);
	s->loop = loop_new();
	s->att = att_new(s->loop, &ascript_ops, s);
	s->steps = steps;
	s->n = n;
}

static void
ascript_free(struct ascript *s)
{
	att_free(s->att);
	loop_free(s->loop);
}

#define ASCRIPT_N(a)	(sizeof (a) / sizeof (a)[0])

#endif
