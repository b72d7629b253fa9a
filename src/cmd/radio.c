/*
 * radio.c - adapter + HCI host + controller bring-up, run to completion.
 */
#include <string.h>

#include "radio.h"

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

enum ls_err
radio_open(struct radio *r, const char *spec, struct loop *loop,
    host_tap_fn tap, void *tap_arg, struct ls_errbuf *eb)
{
	struct radio_opts	o;

	memset(&o, 0, sizeof o);
	o.tap = tap;
	o.tap_arg = tap_arg;
	return radio_open_opts(r, spec, loop, &o, eb);
}

enum ls_err
radio_open_opts(struct radio *r, const char *spec, struct loop *loop,
    const struct radio_opts *o, struct ls_errbuf *eb)
{
	static const struct radio_opts	 none;
	struct transport_opts		 to;
	struct ctrl_init		*ci;
	struct radio_wait		 w;
	enum ls_err			 err;

	if (o == NULL)
		o = &none;
	memset(r, 0, sizeof *r);
	memset(&to, 0, sizeof to);
	to.usb_detach = o->detach;
	r->loop = loop;
	err = transport_open_opts(spec, &to, &r->t, eb);
	if (err != LS_OK)
		return err;
	r->host = host_new(loop, r->t);
	if (r->host == NULL) {
		radio_close(r);
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	}
	if (o->tap != NULL)
		host_set_tap(r->host, o->tap, o->tap_arg);
	memset(&w, 0, sizeof w);
	w.loop = loop;
	ci = ctrl_init_start(r->host, &r->info, radio_ready, &w);
	if (ci == NULL) {
		radio_close(r);
		return ls_err_set(eb, LS_ENOMEM, "out of memory");
	}
	if (!w.done)
		loop_run(loop);
	ctrl_init_free(ci);
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
	host_free(r->host);
	r->host = NULL;
	transport_free(r->t);
	r->t = NULL;
}
