/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * fuzz_hcievt.c - libFuzzer harness for src/hci/hcievt.c.
 *
 * Byte 0 selects the entry point, the rest is its input:
 *   0 (and 4..255 mod 4 == 0)  a whole event packet: hcievt_split, then
 *                              the decoder its code and subevent select
 *   1                          hcievt_cmd_complete parameters
 *   2                          hcievt_cmd_status parameters
 *   3                          hcievt_adv_reports parameters (subevent
 *                              first, any length, even over 255)
 * Beyond ASan/UBSan it checks the contract: a failure records an error
 * and delivers no report; a success delivers exactly Num_Reports reports
 * whose values are in range.  Corpus: tests/fuzz/corpus/hcievt/.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hci/hcidef.h"
#include "hci/hcievt.h"
#include "util/err.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

struct fuzz_hcievt_seen {
	unsigned	n;
};

static void
fuzz_hcievt_check(const struct hcievt_adv_report *a, void *arg)
{
	struct fuzz_hcievt_seen	*s = arg;

	s->n++;
	if (a->rssi != HC_RSSI_NONE && (a->rssi < -127 || a->rssi > 20))
		abort();
	if (a->tx_power != HC_TXPOWER_NONE &&
	    (a->tx_power < -127 || a->tx_power > 20))
		abort();
	if (HC_EXT_EVT_DATA_STATUS(a->evt_type) == 3)
		abort();
	if (!a->extended && (a->data_len > 31 ||
	    !(a->evt_type & HC_EXT_EVT_LEGACY)))
		abort();
	if ((a->evt_type & HC_EXT_EVT_LEGACY) && a->data_len > 31)
		abort();
}

static void
fuzz_hcievt_adv(const uint8_t *p, size_t n)
{
	struct fuzz_hcievt_seen	s = { 0 };
	struct ls_errbuf	eb;
	enum ls_err		err;

	ls_err_clear(&eb);
	err = hcievt_adv_reports(p, n, fuzz_hcievt_check, &s, &eb);
	if (err != LS_OK) {
		if (s.n != 0 || eb.code != err || eb.msg[0] == '\0')
			abort();
		return;
	}
	/* Success: p[0] is the subevent, p[1] the report count. */
	if (n < 2 || s.n != p[1] || eb.code != LS_OK)
		abort();
	/* Validating only must agree. */
	if (hcievt_adv_reports(p, n, NULL, NULL, NULL) != LS_OK)
		abort();
}

static void
fuzz_hcievt_cc(const uint8_t *p, size_t n)
{
	struct hcievt_cmd_complete	cc;
	struct ls_errbuf		eb;

	ls_err_clear(&eb);
	if (hcievt_cmd_complete(p, n, &cc, &eb) == LS_OK) {
		if (n < 3 || cc.ret_len != n - 3 ||
		    memcmp(cc.ret, p + 3, cc.ret_len) != 0)
			abort();
	} else if (eb.msg[0] == '\0')
		abort();
}

static void
fuzz_hcievt_cs(const uint8_t *p, size_t n)
{
	struct hcievt_cmd_status	cs;
	struct ls_errbuf		eb;

	ls_err_clear(&eb);
	if (hcievt_cmd_status(p, n, &cs, &eb) == LS_OK) {
		if (n != 4)
			abort();
	} else if (eb.msg[0] == '\0')
		abort();
}

static void
fuzz_hcievt_packet(const uint8_t *p, size_t n)
{
	struct hcievt		ev;
	struct ls_errbuf	eb;

	ls_err_clear(&eb);
	if (hcievt_split(p, n, &ev, &eb) != LS_OK) {
		if (eb.msg[0] == '\0')
			abort();
		return;
	}
	if (ev.plen + 2 != n || ev.params != p + 2)
		abort();
	if (hcievt_name(ev.code) == NULL)
		abort();
	switch (ev.code) {
	case HC_EVT_CMD_COMPLETE:
		fuzz_hcievt_cc(ev.params, ev.plen);
		break;
	case HC_EVT_CMD_STATUS:
		fuzz_hcievt_cs(ev.params, ev.plen);
		break;
	case HC_EVT_LE_META:
		if (ev.plen == 0)
			break;
		if (hcievt_le_name(ev.params[0]) == NULL)
			abort();
		if (ev.params[0] == HC_LE_ADV_REPORT ||
		    ev.params[0] == HC_LE_EXT_ADV_REPORT)
			fuzz_hcievt_adv(ev.params, ev.plen);
		break;
	default:
		break;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t	*p;
	size_t		 n;

	if (size < 1)
		return 0;
	p = data + 1;
	n = size - 1;
	switch (data[0] % 4) {
	case 0:
		fuzz_hcievt_packet(p, n);
		break;
	case 1:
		fuzz_hcievt_cc(p, n);
		break;
	case 2:
		fuzz_hcievt_cs(p, n);
		break;
	default:
		if (n > 0 && p[0] != HC_LE_ADV_REPORT &&
		    p[0] != HC_LE_EXT_ADV_REPORT) {
			/* Any other subevent is a caller bug, reported. */
			if (hcievt_adv_reports(p, n, NULL, NULL, NULL) !=
			    LS_EINTERNAL)
				abort();
			break;
		}
		fuzz_hcievt_adv(p, n);
		break;
	}
	return 0;
}
