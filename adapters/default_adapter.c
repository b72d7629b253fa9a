/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * default_adapter.c - pick the only usable adapter; see
 * default_adapter.h.
 */
#include <stdio.h>
#include <string.h>

#define DEFAULT_ADAPTER_MIN(a, b)	((a) < (b) ? (a) : (b))

#include "adapters/default_adapter.h"
#include "adapters/system_probe.h"

enum default_adapter_result
default_adapter_pick(const struct default_adapter_cand *c, size_t n,
    size_t *chosen)
{
	static const enum default_adapter_kind tiers[] = {
		DEFAULT_ADAPTER_KERNEL, DEFAULT_ADAPTER_USB
	};
	size_t	t, i, found, at = 0;

	for (t = 0; t < sizeof tiers / sizeof tiers[0]; t++) {
		found = 0;
		for (i = 0; i < n; i++)
			if (c[i].usable && c[i].kind == tiers[t]) {
				if (found++ == 0)
					at = i;
			}
		if (found == 1) {
			*chosen = at;
			return DEFAULT_ADAPTER_ONE;
		}
		if (found > 1)
			return DEFAULT_ADAPTER_SEVERAL;
	}
	return DEFAULT_ADAPTER_NONE;
}

static struct default_adapter_cand *
default_adapter_add(struct default_adapter_cand *out, size_t *n, size_t max,
    enum default_adapter_kind kind, bool usable, const char *note)
{
	struct default_adapter_cand	*c;

	if (*n >= max)
		return NULL;
	c = &out[(*n)++];
	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->usable = usable;
	snprintf(c->note, sizeof c->note, "%s", note);
	return c;
}

size_t
default_adapter_candidates(const struct doctor_input *in,
    struct default_adapter_cand *out, size_t max)
{
	struct default_adapter_cand	*c;
	const struct doctor_usb		*u;
	const char			*note;
	size_t				 n = 0, i;

	for (i = 0; i < in->nhci; i++) {
		/* An adapter whose state could not be read is not up. */
		note = !in->hci[i].up_known ? "state unknown" :
		    in->hci[i].up ? "up" : "down";
		c = default_adapter_add(out, &n, max, DEFAULT_ADAPTER_KERNEL,
		    in->hci[i].up_known && in->hci[i].up, note);
		if (c == NULL)
			return n;
		snprintf(c->spec, sizeof c->spec, "%s", in->hci[i].name);
	}
	for (i = 0; i < in->nusb; i++) {
		u = &in->usb[i];
		if (doctor_usb_kind(u, NULL) != DOCTOR_USB_BT)
			continue;
		note = !u->access ? "no permission to open it" : u->driver ?
		    "held by the kernel's btusb driver" : "USB dongle";
		c = default_adapter_add(out, &n, max, DEFAULT_ADAPTER_USB,
		    u->access && !u->driver, note);
		if (c == NULL)
			return n;
		snprintf(c->spec, sizeof c->spec, "usb:%04x:%04x", u->vid,
		    u->pid);
	}
	return n;
}

size_t
default_adapter_parse(const char *list, struct default_adapter_cand *out,
    size_t max)
{
	struct default_adapter_cand	*c;
	const char			*p = list;
	size_t				 n = 0, len;
	bool				 down;

	for (;;) {
		p += strspn(p, " \t\n");
		if (*p == '\0')
			break;
		len = strcspn(p, " \t\n");
		down = len > 5 && strncmp(p + len - 5, "=down", 5) == 0;
		c = default_adapter_add(out, &n, max,
		    strncmp(p, "usb", 3) == 0 ? DEFAULT_ADAPTER_USB :
		    DEFAULT_ADAPTER_KERNEL, !down, down ? "down" : "up");
		if (c == NULL)
			break;
		/* A spec longer than the slot is cut: it will not open. */
		memcpy(c->spec, p, DEFAULT_ADAPTER_MIN(len - (down ? 5 : 0),
		    sizeof c->spec - 1));
		p += len;
	}
	return n;
}

/* "hci0 (up), usb:0a12:0001 (no permission to open it)" into buf. */
static void
default_adapter_list(const struct default_adapter_cand *c, size_t n,
    bool usable_only, char *buf, size_t cap)
{
	size_t	i, len = 0;
	int	w;

	buf[0] = '\0';
	for (i = 0; i < n && len + 1 < cap; i++) {
		if (usable_only && !c[i].usable)
			continue;
		w = snprintf(buf + len, cap - len, "%s%s (%s)",
		    len > 0 ? ", " : "", c[i].spec, c[i].note);
		if (w < 0 || (size_t)w >= cap - len)
			break;		/* cut: the list is only a hint */
		len += (size_t)w;
	}
}

enum ls_err
default_adapter_find(const char *injected, char *spec, size_t speccap,
    char *why, size_t whycap, struct ls_errbuf *eb)
{
	static struct doctor_input		in;
	static struct default_adapter_cand	c[DEFAULT_ADAPTER_MAX];
	char					list[512];
	size_t					n, at;
	enum ls_err				e;

	if (injected != NULL)
		n = default_adapter_parse(injected, c, DEFAULT_ADAPTER_MAX);
	else {
		if ((e = system_probe_adapters(&in, eb)) != LS_OK)
			return e;
		n = default_adapter_candidates(&in, c, DEFAULT_ADAPTER_MAX);
	}
	switch (default_adapter_pick(c, n, &at)) {
	case DEFAULT_ADAPTER_ONE:
		snprintf(spec, speccap, "%s", c[at].spec);
		snprintf(why, whycap, "the only one %s",
		    c[at].kind == DEFAULT_ADAPTER_USB ? "usable: no kernel "
		    "adapter is up" : "up");
		return LS_OK;
	case DEFAULT_ADAPTER_SEVERAL:
		default_adapter_list(c, n, true, list, sizeof list);
		return ls_err_set(eb, LS_EUNAVAIL, "no adapter given and "
		    "several could be used: %s; choose one with --adapter "
		    "SPEC or LOCKSCOPE_ADAPTER ('lockscope doctor' lists "
		    "them)", list);
	default:
		if (n == 0)
			return ls_err_set(eb, LS_EUNAVAIL, "no adapter given "
			    "and no Bluetooth adapter found; see 'lockscope "
			    "doctor', or give one with --adapter SPEC");
		default_adapter_list(c, n, false, list, sizeof list);
		return ls_err_set(eb, LS_EUNAVAIL, "no adapter given and none "
		    "is usable: %s; see 'lockscope doctor', or give one with "
		    "--adapter SPEC", list);
	}
}
