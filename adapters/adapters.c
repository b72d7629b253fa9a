/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * adapters.c - which HCI transport an adapter spec names.
 */
#include <stdio.h>
#include <string.h>

#include "adapters/adapters.h"
#include "adapters/hci_transports.h"

static const struct {
	const char			*prefix;
	const struct transport_ops	*ops;
	const char			*later;	/* not offered: why */
} adapters_specs[] = {
	{ "h4:unix:",	&transport_h4_unix_ops,	NULL },
	{ "h4:",	&transport_h4_tty_ops,	NULL },
	{ "user:",	&transport_user_ops,	NULL },
	{ "usb",	&transport_usb_ops,	NULL },
	{ "replay:",	NULL, "use 'lockscope replay FILE' for captures" },
};

enum ls_err
adapters_open_hci(const char *spec, const struct transport_opts *opts,
    struct transport **out, struct ls_errbuf *eb)
{
	const struct transport_ops	*ops = NULL;
	const char			*arg = NULL;
	size_t				 i, plen;

	*out = NULL;
	if (spec == NULL || *spec == '\0')
		return ls_err_set(eb, LS_EUSAGE, "no adapter given (use "
		    "--adapter or LOCKSCOPE_ADAPTER, e.g. hci0)");
	if (strlen(spec) >= sizeof ((struct transport *)NULL)->spec)
		return ls_err_set(eb, LS_EUSAGE, "adapter spec too long");
	if (strncmp(spec, "hci", 3) == 0) {
		ops = &transport_bluez_ops;
		arg = spec;
	}
	for (i = 0; ops == NULL &&
	    i < sizeof adapters_specs / sizeof adapters_specs[0]; i++) {
		plen = strlen(adapters_specs[i].prefix);
		if (strncmp(spec, adapters_specs[i].prefix, plen) != 0)
			continue;
		if (adapters_specs[i].ops == NULL)
			return ls_err_set(eb, LS_EUSAGE, "adapter '%s': %s",
			    spec, adapters_specs[i].later);
		ops = adapters_specs[i].ops;
		arg = spec + plen;
	}
	if (ops == NULL)
		return ls_err_set(eb, LS_EUSAGE, "adapter '%s': unknown spec "
		    "(want hciN, user:hciN, h4:unix:PATH, h4:/dev/TTY[:BAUD] "
		    "or usb[:VID:PID])", spec);
	return transport_open_with(ops, arg, spec, opts, out, eb);
}
