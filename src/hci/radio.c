/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * radio.c - adapter + HCI host + controller bring-up, run to completion.
 */
#include <assert.h>
#include <string.h>

#include "hci/radio.h"

struct radio_wait {
	struct loop		*loop;
	bool			 done;
	struct ls_errbuf	 eb;
};

static void
radio_ready(const struct ls_errbuf *eb, void *arg)
{
	struct radio_wait	*w = arg;

	w->done = true;
	w->eb = *eb;
	loop_stop(w->loop);
}

/* Host tap: every packet into the capture, then to the caller's tap. */
static void
radio_tap(int dir, uint8_t type, const uint8_t *pkt, size_t len, void *arg)
{
	struct radio	*r = arg;

	if (r->capture != NULL && btsnoop_write(r->capture, dir, type, pkt,
	    len, loop_wall_us(), &r->capture_eb) != LS_OK) {
		btsnoop_close(r->capture, NULL);
		r->capture = NULL;
		if (r->capture_failed != NULL)
			r->capture_failed(r->tap_arg);
	}
	if (r->tap != NULL)
		r->tap(dir, type, pkt, len, r->tap_arg);
}

enum ls_err
radio_capture_end(struct radio *r, struct ls_errbuf *eb)
{
	if (r->capture != NULL) {
		(void)btsnoop_close(r->capture, &r->capture_eb);
		r->capture = NULL;
	}
	if (r->capture_eb.code != LS_OK)
		return ls_err_copy(eb, &r->capture_eb);
	return LS_OK;
}

enum ls_err
radio_open_opts(struct radio *r, const char *spec, struct loop *loop,
    const struct radio_opts *o, struct ls_errbuf *eb)
{
	struct transport_opts		 to;
	struct bringup_init		*ci;
	struct radio_wait		 w;
	enum ls_err			 err;

	assert(o != NULL && o->open != NULL);	/* the caller picks */
	memset(r, 0, sizeof *r);
	memset(&to, 0, sizeof to);
	to.usb_detach = o->detach;
	r->loop = loop;
	r->tap = o->tap;
	r->tap_arg = o->tap_arg;
	r->capture_failed = o->capture_failed;
	if (o->capture != NULL &&
	    (err = btsnoop_create(o->capture, &r->capture, eb)) != LS_OK)
		return err;
	err = o->open(spec, &to, &r->t, eb);
	if (err != LS_OK) {
		radio_close(r);
		return err;
	}
	r->host = host_new(loop, r->t);
	if (r->host == NULL) {
		radio_close(r);
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	}
	if (r->tap != NULL || r->capture != NULL)
		host_set_tap(r->host, radio_tap, r);
	memset(&w, 0, sizeof w);
	w.loop = loop;
	ci = bringup_init_start(r->host, &r->info, radio_ready, &w);
	if (ci == NULL) {
		radio_close(r);
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	}
	if (!w.done)
		loop_run(loop);
	bringup_init_free(ci);
	if (!w.done) {
		r->interrupted = true;
		radio_close(r);
		return ls_err_set(eb, LS_EFAIL, "interrupted");
	}
	if (w.eb.code != LS_OK) {
		ls_err_copy(eb, &w.eb);
		radio_close(r);
		return w.eb.code;
	}
	return LS_OK;
}

void
radio_close(struct radio *r)
{
	btsnoop_close(r->capture, NULL);
	r->capture = NULL;
	host_free(r->host);
	r->host = NULL;
	transport_free(r->t);
	r->t = NULL;
}
