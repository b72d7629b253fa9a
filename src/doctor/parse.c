/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * parse.c - the text doctor reads: /proc/PID/status (CapEff, proc(5)),
 * /proc/modules (proc(5): name first on each line), and the recorded
 * probe file of a fixture (doctor.h).  Pure, bounded, fuzzed.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doctor/doctor.h"

/* Next line of text[*off..n) into line (truncated to cap - 1). */
static bool
doctor_line(const char *text, size_t n, size_t *off, char *line, size_t cap)
{
	size_t	i = *off, k = 0;

	if (i >= n)
		return false;
	while (i < n && text[i] != '\n') {
		if (k + 1 < cap)
			line[k++] = text[i] == '\0' ? ' ' : text[i];
		i++;
	}
	line[k] = '\0';
	*off = i < n ? i + 1 : i;
	return true;
}

bool
doctor_parse_capeff(const char *text, size_t n, uint64_t *out)
{
	char		 line[256], *end;
	const char	*p;
	size_t		 off = 0;
	uint64_t	 v;

	while (doctor_line(text, n, &off, line, sizeof line)) {
		if (strncmp(line, "CapEff:", 7) != 0)
			continue;
		p = line + 7;
		while (*p == ' ' || *p == '\t')
			p++;
		if (!isxdigit((unsigned char)*p) || strlen(p) > 16)
			return false;
		v = strtoull(p, &end, 16);
		while (*end == ' ' || *end == '\t')
			end++;
		if (*end != '\0')
			return false;
		*out = v;
		return true;
	}
	return false;
}

void
doctor_parse_modules(const char *text, size_t n, struct doctor_input *in)
{
	char	line[256], *sp;
	size_t	off = 0;

	in->modules_known = true;
	while (doctor_line(text, n, &off, line, sizeof line)) {
		sp = strchr(line, ' ');
		if (sp != NULL)
			*sp = '\0';
		if (strcmp(line, "pn533") == 0)
			in->mod_pn533 = true;
		else if (strcmp(line, "pn533_usb") == 0)
			in->mod_pn533_usb = true;
		else if (strcmp(line, "nfc") == 0)
			in->mod_nfc = true;
	}
}

/* Split line into at most max words (in place).  Returns the count. */
static size_t
doctor_words(char *line, char **w, size_t max)
{
	size_t	n = 0;
	char	*p = line;

	while (n < max) {
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (*p == '\0')
			break;
		w[n++] = p;
		while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\r')
			p++;
		if (*p != '\0')
			*p++ = '\0';
	}
	return n;
}

static bool
doctor_hex4(const char *s, uint16_t *out)
{
	size_t	i, n = strlen(s);

	if (n != 4)
		return false;
	for (i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	*out = (uint16_t)strtoul(s, NULL, 16);
	return true;
}

static bool
doctor_dec8(const char *s, size_t n, uint8_t *out)
{
	unsigned	v = 0;
	size_t		i;

	if (n == 0 || n > 3)
		return false;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (v > 255)
		return false;
	*out = (uint8_t)v;
	return true;
}

static bool
doctor_probe_usb(char **w, size_t nw, struct doctor_usb *u)
{
	const char	*c;

	memset(u, 0, sizeof *u);
	if (nw != 6 || strlen(w[1]) != 9 || w[1][4] != ':')
		return false;
	w[1][4] = '\0';
	if (!doctor_hex4(w[1], &u->vid) || !doctor_hex4(w[1] + 5, &u->pid))
		return false;
	c = strchr(w[2], ':');
	if (c == NULL || !doctor_dec8(w[2], (size_t)(c - w[2]), &u->bus) ||
	    !doctor_dec8(c + 1, strlen(c + 1), &u->addr))
		return false;
	if (strcmp(w[3], "bt") == 0)
		u->bt_class = true;
	else if (strcmp(w[3], "-") != 0)
		return false;
	if (strcmp(w[4], "access") == 0)
		u->access = true;
	else if (strcmp(w[4], "noaccess") != 0)
		return false;
	if (strcmp(w[5], "driver") == 0)
		u->driver = true;
	else if (strcmp(w[5], "nodriver") != 0)
		return false;
	return true;
}

/* The rest of the line after the first word, for free text. */
static const char *
doctor_rest(const char *orig, size_t skip)
{
	const char	*p = orig + skip;

	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

enum ls_err
doctor_parse_probe(const char *text, size_t n, struct doctor_input *in,
    struct ls_errbuf *eb)
{
	char		 line[512], orig[512], *w[8];
	size_t		 off = 0, nw, i;
	unsigned	 lineno = 0;
	bool		 ok;

	in->usb_ok = true;
	in->libnfc_ok = true;
	while (doctor_line(text, n, &off, line, sizeof line)) {
		lineno++;
		snprintf(orig, sizeof orig, "%s", line);
		nw = doctor_words(line, w, 8);
		if (nw == 0 || w[0][0] == '#')
			continue;
		ok = true;
		if (strcmp(w[0], "af_bluetooth") == 0 && nw == 2 &&
		    (strcmp(w[1], "yes") == 0 || strcmp(w[1], "no") == 0)) {
			in->af_bluetooth = strcmp(w[1], "yes") == 0;
		} else if (strcmp(w[0], "hci") == 0 && nw == 3 &&
		    (strcmp(w[2], "up") == 0 || strcmp(w[2], "down") == 0)) {
			ok = false;
			for (i = 0; i < in->nhci; i++) {
				if (strcmp(in->hci[i].name, w[1]) != 0)
					continue;
				in->hci[i].up_known = true;
				in->hci[i].up = strcmp(w[2], "up") == 0;
				ok = true;
			}
			if (!ok)
				return ls_err_set(eb, LS_EINPUT, "probe line "
				    "%u: no adapter '%.32s' in sys/class/"
				    "bluetooth", lineno, w[1]);
		} else if (strcmp(w[0], "usb") == 0) {
			if (in->nusb >= DOCTOR_MAX_USB)
				return ls_err_set(eb, LS_EINPUT, "probe line "
				    "%u: more than %d USB devices", lineno,
				    DOCTOR_MAX_USB);
			ok = doctor_probe_usb(w, nw, &in->usb[in->nusb]);
			if (ok)
				in->nusb++;
		} else if (strcmp(w[0], "usb_error") == 0 && nw >= 2) {
			in->usb_ok = false;
			snprintf(in->usb_err, sizeof in->usb_err, "%s",
			    doctor_rest(orig, (size_t)(w[1] - line)));
		} else if (strcmp(w[0], "libnfc") == 0 && nw == 2) {
			if (in->nnfc >= DOCTOR_MAX_NFC)
				return ls_err_set(eb, LS_EINPUT, "probe line "
				    "%u: more than %d libnfc devices", lineno,
				    DOCTOR_MAX_NFC);
			snprintf(in->nfc[in->nnfc++], sizeof in->nfc[0], "%s",
			    w[1]);
		} else if (strcmp(w[0], "libnfc_error") == 0 && nw >= 2) {
			in->libnfc_ok = false;
			snprintf(in->libnfc_err, sizeof in->libnfc_err, "%s",
			    doctor_rest(orig, (size_t)(w[1] - line)));
		} else if (strcmp(w[0], "exe") == 0 && nw == 2) {
			snprintf(in->exe, sizeof in->exe, "%s", w[1]);
		} else
			ok = false;
		if (!ok)
			return ls_err_set(eb, LS_EINPUT, "probe line %u: "
			    "cannot parse '%.64s'", lineno, orig);
	}
	return LS_OK;
}
