/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pn532.c - the emulated PN532: frame parser, command table, tag model.
 * Contract and sources in pn532.h; what libnfc 1.8.0 sends, and in which
 * order, follows from nfc-tools/libnfc:libnfc/drivers/pn532_uart.c
 * (wake-up, receive) and libnfc/chips/pn53x.c (init, initiator, target
 * listing), and was checked on the wire against Debian's libnfc 1.8.0.
 *
 * Deliberately not emulated: target mode (TgInitAsTarget...), NFC-DEP
 * (InJumpForDEP, InATR, InPSL), MIFARE Classic authentication (a Classic
 * tag answers no command: lockscope never authenticates), the serial
 * baud rate (SetSerialBaudRate answers the error frame), timing.
 */
#include <stdlib.h>
#include <string.h>

#include "emu/pn532.h"
#include "util/log.h"

#define PEMU_TFI_HOST	0xd4
#define PEMU_TFI_CHIP	0xd5

/* Status byte of In* answers (UM0701-02 §7.1, Table 5). */
#define PEMU_ST_OK		0x00
#define PEMU_ST_TIMEOUT		0x01

/* Target number the chip gives the one target it holds. */
#define PEMU_TG			0x01

/* SetParameters bit: automatic RATS (UM0701-02 §7.2.9). */
#define PEMU_PARAM_AUTO_RATS	0x10

/* Aliro AIDs (CSA Aliro 1.0): expedited, step-up. */
static const uint8_t pemu_aid_aliro1[] = {
	0xa0, 0x00, 0x00, 0x09, 0x09, 0xac, 0xce, 0x55, 0x01
};
static const uint8_t pemu_aid_aliro2[] = {
	0xa0, 0x00, 0x00, 0x09, 0x09, 0xac, 0xce, 0x55, 0x02
};

struct pemu {
	const struct scn	*scn;
	unsigned		 faults;
	struct pemu_stats	 st;

	uint8_t			 in[PEMU_IN_MAX];
	size_t			 inlen;
	uint8_t			 out[PEMU_OUT_MAX];
	size_t			 outlen;
	uint8_t			 last[300];	/* last response, for NACK */
	size_t			 lastlen;
	unsigned		 nresp;		/* responses so far (faults) */

	uint8_t			 regs[0x10000];	/* register file */
	uint8_t			 params;	/* SetParameters flags */
	bool			 field;		/* RF field on */
	bool			*halted;	/* per tag */
	long			 sel;		/* selected tag, -1 none */
	bool			 muted;		/* selected tag stopped
						   answering */
	unsigned		 df_frame;	/* DESFire GET_VERSION frame */
};

struct pemu_cmd {
	uint8_t		 code;
	const char	*name;
	size_t		 min;		/* parameter bytes at least */
	/* Fill rsp (capacity 280) and return its length; -1: error frame. */
	long		(*fn)(struct pemu *, const uint8_t *p, size_t n,
			    uint8_t *rsp);
};

static const struct scn_nfc *
pemu_tag(const struct pemu *e, size_t i)
{
	return scn_nfc(e->scn, i);
}

static size_t
pemu_ntags(const struct pemu *e)
{
	return (e->faults & PEMU_FAULT_NO_TAG) ? 0 : scn_nfc_count(e->scn);
}

static bool
pemu_iso_dep(const struct pemu *e, const struct scn_nfc *t)
{
	return t->tech == SCN_TECH_NFC_A && (t->sak & 0x20) && t->has_ats &&
	    (e->params & PEMU_PARAM_AUTO_RATS);
}

/* ---- output ---- */

static void
pemu_put(struct pemu *e, const uint8_t *p, size_t n)
{
	if (n > sizeof e->out - e->outlen) {
		ls_log(LS_LOG_WARN, "output queue full: %zu bytes dropped", n);
		return;
	}
	memcpy(e->out + e->outlen, p, n);
	e->outlen += n;
}

static void
pemu_ack(struct pemu *e)
{
	static const uint8_t ack[] = { 0x00, 0x00, 0xff, 0x00, 0xff, 0x00 };

	pemu_put(e, ack, sizeof ack);
}

/*
 * Frame TFI D5 + code + data (UM0701-02 §6.2.1.1, extended §6.2.1.2)
 * into e->last and the output.  The malformed fault breaks a checksum or
 * the TFI of every response, a different way each time.
 */
static void
pemu_frame(struct pemu *e, uint8_t code, const uint8_t *d, size_t n)
{
	uint8_t	*f = e->last;
	size_t	 len = n + 2, o = 0, i;
	uint8_t	 sum;

	if (len > sizeof e->last - 11)
		return;
	f[o++] = 0x00;
	f[o++] = 0x00;
	f[o++] = 0xff;
	if (len > 0xff) {
		f[o++] = 0xff;
		f[o++] = 0xff;
		f[o++] = (uint8_t)(len >> 8);
		f[o++] = (uint8_t)len;
		f[o++] = (uint8_t)(0x100 - ((len >> 8) + (len & 0xff)));
	} else {
		f[o++] = (uint8_t)len;
		f[o++] = (uint8_t)(0x100 - len);
	}
	f[o++] = PEMU_TFI_CHIP;
	f[o++] = code;
	sum = (uint8_t)(PEMU_TFI_CHIP + code);
	for (i = 0; i < n; i++) {
		f[o++] = d[i];
		sum = (uint8_t)(sum + d[i]);
	}
	f[o++] = (uint8_t)(0x100 - sum);
	f[o++] = 0x00;
	if (e->faults & PEMU_FAULT_MALFORMED) {
		switch (e->nresp % 3) {
		case 0:
			f[o - 2] ^= 0x5a;		/* DCS */
			break;
		case 1:
			f[4] ^= 0x01;			/* LCS */
			break;
		default:
			f[5] = 0xd4;			/* TFI */
			break;
		}
	}
	e->nresp++;
	e->lastlen = o;
	pemu_put(e, f, o);
}

static void
pemu_error_frame(struct pemu *e)
{
	static const uint8_t ef[] = {
		0x00, 0x00, 0xff, 0x01, 0xff, 0x7f, 0x81, 0x00
	};

	memcpy(e->last, ef, sizeof ef);
	e->lastlen = sizeof ef;
	pemu_put(e, ef, sizeof ef);
}

/* ---- tags ---- */

/* Put one type A target's data (UM0701-02 §7.3.5) at rsp; its length. */
static size_t
pemu_target_a(const struct pemu *e, const struct scn_nfc *t, uint8_t *rsp)
{
	size_t	o = 0;

	rsp[o++] = PEMU_TG;
	rsp[o++] = t->atqa[0];
	rsp[o++] = t->atqa[1];
	rsp[o++] = t->sak;
	rsp[o++] = t->uid_len;
	memcpy(rsp + o, t->uid, t->uid_len);
	o += t->uid_len;
	if (pemu_iso_dep(e, t)) {
		/*
		 * The scenario's ATS may or may not start with its TL byte
		 * (ISO/IEC 14443-4 §5.2.1); the chip sends it with one.
		 */
		if (t->ats[0] == t->ats_len) {
			memcpy(rsp + o, t->ats, t->ats_len);
			o += t->ats_len;
		} else if (t->ats_len < SCN_ATS_MAX) {
			rsp[o++] = (uint8_t)(t->ats_len + 1);
			memcpy(rsp + o, t->ats, t->ats_len);
			o += t->ats_len;
		}
	}
	return o;
}

/*
 * A FeliCa target (UM0701-02 §7.3.5: Tg, POL_RES length, response code
 * 01, IDm, PMm, system code when the host asked for it with request
 * code 01 and the tag has one).
 */
static size_t
pemu_target_f(const struct scn_nfc *t, bool want_sys, uint8_t *rsp)
{
	size_t	o = 0;
	bool	sys = want_sys && t->has_system_code;

	rsp[o++] = PEMU_TG;
	rsp[o++] = sys ? 20 : 18;
	rsp[o++] = 0x01;
	memcpy(rsp + o, t->uid, 8);
	o += 8;
	memcpy(rsp + o, t->pmm, 8);
	o += 8;
	if (sys) {
		memcpy(rsp + o, t->system_code, 2);
		o += 2;
	}
	return o;
}

/*
 * A type B target: Tg, ATQB (50, PUPI, application data 00000000,
 * protocol info 00 81 71: ISO/IEC 14443-3 §7.9), ATTRIB_RES of one byte.
 */
static size_t
pemu_target_b(const struct scn_nfc *t, uint8_t *rsp)
{
	static const uint8_t tail[] = {
		0x00, 0x00, 0x00, 0x00, 0x00, 0x81, 0x71, 0x01, 0x00
	};
	size_t	o = 0;

	rsp[o++] = PEMU_TG;
	rsp[o++] = 0x50;
	memcpy(rsp + o, t->uid, 4);
	o += 4;
	memcpy(rsp + o, tail, sizeof tail);
	return o + sizeof tail;
}

/*
 * The UID the host names in InListPassiveTarget's initiator data, with
 * cascade tags (0x88, ISO/IEC 14443-3 §6.5.4) removed.  0 if malformed.
 */
static size_t
pemu_uid_arg(const uint8_t *p, size_t n, uint8_t uid[10])
{
	if (n == 4) {
		memcpy(uid, p, 4);
		return 4;
	}
	if (n == 8 && p[0] == 0x88) {
		memcpy(uid, p + 1, 7);
		return 7;
	}
	if (n == 12 && p[0] == 0x88 && p[4] == 0x88) {
		memcpy(uid, p + 1, 3);
		memcpy(uid + 3, p + 5, 7);
		return 10;
	}
	if (n == 7 || n == 10) {
		memcpy(uid, p, n);
		return n;
	}
	return 0;
}

/* Halt the selected tag (HLTA / S(DESELECT)). */
static void
pemu_halt_selected(struct pemu *e)
{
	if (e->sel >= 0)
		e->halted[e->sel] = true;
	e->sel = -1;
	e->muted = false;
}

static size_t
pemu_apdu_sw(uint8_t *rsp, size_t o, uint8_t sw1, uint8_t sw2)
{
	rsp[o++] = sw1;
	rsp[o++] = sw2;
	return o;
}

/* An APDU to an ISO-DEP tag; rsp[0] is the status byte already. */
static size_t
pemu_apdu(struct pemu *e, const struct scn_nfc *t, const uint8_t *a,
    size_t n, uint8_t *rsp)
{
	size_t	o = 1;

	/* SELECT by DF name: 00 A4 04 00 Lc AID [Le]
	   (ISO/IEC 7816-4 §11.2.2). */
	if (n >= 5 && a[0] == 0x00 && a[1] == 0xa4 && a[2] == 0x04) {
		const uint8_t	*aid = a + 5;
		size_t		 lc = a[4];

		if (5 + lc > n)
			return pemu_apdu_sw(rsp, o, 0x67, 0x00);
		if (t->aliro && ((lc == sizeof pemu_aid_aliro1 &&
		    memcmp(aid, pemu_aid_aliro1, lc) == 0) ||
		    (lc == sizeof pemu_aid_aliro2 &&
		    memcmp(aid, pemu_aid_aliro2, lc) == 0)))
			return pemu_apdu_sw(rsp, o, 0x90, 0x00);
		return pemu_apdu_sw(rsp, o, 0x6a, 0x82);
	}
	/*
	 * DESFire GET_VERSION wrapped in ISO 7816 (NXP AN12752 §3.2;
	 * libfreefare mifare_desfire_get_version): hardware frame, then
	 * software and production frames on 90 AF.
	 */
	if (n >= 5 && a[0] == 0x90 && a[1] == 0x60 && t->version_len == 7) {
		memcpy(rsp + o, t->version, 7);
		e->df_frame = 1;
		return pemu_apdu_sw(rsp, o + 7, 0x91, 0xaf);
	}
	if (n >= 5 && a[0] == 0x90 && a[1] == 0xaf && e->df_frame == 1) {
		static const uint8_t sw[7] = {
			0x04, 0x01, 0x01, 0x01, 0x00, 0x1a, 0x05
		};

		memcpy(rsp + o, sw, sizeof sw);
		e->df_frame = 2;
		return pemu_apdu_sw(rsp, o + 7, 0x91, 0xaf);
	}
	if (n >= 5 && a[0] == 0x90 && a[1] == 0xaf && e->df_frame == 2) {
		memset(rsp + o, 0, 14);
		e->df_frame = 0;
		return pemu_apdu_sw(rsp, o + 14, 0x91, 0x00);
	}
	e->df_frame = 0;
	if (n >= 1 && a[0] == 0x90)
		return pemu_apdu_sw(rsp, o, 0x91, 0x1c); /* illegal cmd */
	return pemu_apdu_sw(rsp, o, 0x6d, 0x00);	/* INS not supported */
}

/* A Type 2 command (NFC Forum T2T §5; NXP NTAG213/215/216 §10). */
static size_t
pemu_t2(struct pemu *e, const struct scn_nfc *t, const uint8_t *c, size_t n,
    uint8_t *rsp)
{
	size_t	i, base;

	if (n == 2 && c[0] == 0x30 && t->pages_len > 0 &&
	    (size_t)c[1] * 4 < t->pages_len) {
		base = (size_t)c[1] * 4;
		for (i = 0; i < 16; i++)
			rsp[1 + i] = t->pages[(base + i) % t->pages_len];
		return 17;
	}
	if (n == 1 && c[0] == 0x60 && t->version_len == 8) {
		memcpy(rsp + 1, t->version, 8);
		return 9;
	}
	/* NAK or silence: the tag goes back to IDLE until selected again. */
	e->muted = true;
	rsp[0] = PEMU_ST_TIMEOUT;
	return 1;
}

/* Bytes for the selected target (InDataExchange / InCommunicateThru). */
static size_t
pemu_to_target(struct pemu *e, const uint8_t *p, size_t n, uint8_t *rsp)
{
	const struct scn_nfc	*t;

	rsp[0] = PEMU_ST_OK;
	if (e->sel < 0 || !e->field || e->muted ||
	    (t = pemu_tag(e, (size_t)e->sel)) == NULL ||
	    t->tech != SCN_TECH_NFC_A) {
		rsp[0] = PEMU_ST_TIMEOUT;
		return 1;
	}
	if (pemu_iso_dep(e, t))
		return pemu_apdu(e, t, p, n, rsp);
	if ((t->sak & 0x08) != 0 || t->pages_len == 0) {
		/* MIFARE Classic without authentication, or no memory. */
		e->muted = true;
		rsp[0] = PEMU_ST_TIMEOUT;
		return 1;
	}
	return pemu_t2(e, t, p, n, rsp);
}

/* ---- commands (UM0701-02 §7) ---- */

static long
pemu_diagnose(struct pemu *e, const uint8_t *p, size_t n, uint8_t *rsp)
{
	(void)e;
	if (p[0] != 0x00 || n > 262)
		return -1;
	memcpy(rsp, p, n);	/* communication line test: echo */
	return (long)n;
}

static long
pemu_fw_version(struct pemu *e, const uint8_t *p, size_t n, uint8_t *rsp)
{
	(void)e;
	(void)p;
	(void)n;
	rsp[0] = 0x32;		/* IC: PN532 */
	rsp[1] = 0x01;		/* Ver */
	rsp[2] = 0x06;		/* Rev */
	rsp[3] = 0x07;		/* Support: ISO 14443A, 14443B, 18092 */
	return 4;
}

static long
pemu_general_status(struct pemu *e, const uint8_t *p, size_t n,
    uint8_t *rsp)
{
	(void)p;
	(void)n;
	rsp[0] = 0x00;				/* Err */
	rsp[1] = e->field ? 0x01 : 0x00;	/* Field */
	rsp[2] = 0x00;				/* NbTg */
	rsp[3] = 0x00;				/* SAM status */
	return 4;
}

static long
pemu_read_reg(struct pemu *e, const uint8_t *p, size_t n, uint8_t *rsp)
{
	size_t	i;

	if (n % 2 != 0 || n / 2 > 131)
		return -1;
	for (i = 0; i < n / 2; i++)
		rsp[i] = e->regs[p[2 * i] << 8 | p[2 * i + 1]];
	return (long)(n / 2);
}

static long
pemu_write_reg(struct pemu *e, const uint8_t *p, size_t n, uint8_t *rsp)
{
	size_t	i;

	(void)rsp;
	if (n % 3 != 0)
		return -1;
	for (i = 0; i < n; i += 3)
		e->regs[p[i] << 8 | p[i + 1]] = p[i + 2];
	return 0;
}

static long
pemu_set_params(struct pemu *e, const uint8_t *p, size_t n, uint8_t *rsp)
{
	(void)n;
	(void)rsp;
	e->params = p[0];
	return 0;
}

static long
pemu_empty(struct pemu *e, const uint8_t *p, size_t n, uint8_t *rsp)
{
	(void)e;
	(void)p;
	(void)n;
	(void)rsp;
	return 0;
}

static long
pemu_power_down(struct pemu *e, const uint8_t *p, size_t n, uint8_t *rsp)
{
	(void)p;
	(void)n;
	pemu_halt_selected(e);
	rsp[0] = PEMU_ST_OK;
	return 1;
}

static long
pemu_rf_config(struct pemu *e, const uint8_t *p, size_t n, uint8_t *rsp)
{
	size_t	i, nt = scn_nfc_count(e->scn);

	(void)rsp;
	/* CfgItem 0x01: RF field, bit 0 on/off (UM0701-02 §7.3.1). */
	if (p[0] == 0x01 && n >= 2) {
		e->field = (p[1] & 0x01) != 0;
		if (!e->field) {
			/* Field off: every tag loses power and wakes. */
			for (i = 0; i < nt; i++)
				e->halted[i] = false;
			e->sel = -1;
			e->muted = false;
		}
	}
	return 0;
}

static long
pemu_list(struct pemu *e, const uint8_t *p, size_t n, uint8_t *rsp)
{
	const struct scn_nfc	*t;
	enum scn_tech		 tech;
	uint8_t			 uid[10];
	size_t			 i, o = 1, ulen = 0, max = p[0];

	if (max < 1 || max > 2)
		return -1;
	rsp[0] = 0;
	/* BrTy (UM0701-02 §7.3.5): 0 106A, 1/2 FeliCa, 3 106B, 4 Jewel. */
	if (p[1] == 0x00)
		tech = SCN_TECH_NFC_A;
	else if (p[1] == 0x01 || p[1] == 0x02)
		tech = SCN_TECH_FELICA;
	else if (p[1] == 0x03)
		tech = SCN_TECH_NFC_B;
	else
		return 1;
	if (tech != SCN_TECH_NFC_A && (e->faults & PEMU_FAULT_TYPE_A_ONLY))
		return -1;
	if (!e->field)
		return 1;
	if (tech == SCN_TECH_NFC_A && n > 2 &&
	    (ulen = pemu_uid_arg(p + 2, n - 2, uid)) == 0)
		return -1;
	if (e->faults & PEMU_FAULT_IGNORE_UID)
		ulen = 0;
	if (tech == SCN_TECH_FELICA && n < 7)
		return -1;		/* the polling request is required */
	pemu_halt_selected(e);
	for (i = 0; i < pemu_ntags(e) && rsp[0] < max; i++) {
		t = pemu_tag(e, i);
		if (e->halted[i] || t->tech != tech)
			continue;
		if (ulen > 0 && (ulen != t->uid_len ||
		    memcmp(uid, t->uid, ulen) != 0))
			continue;
		if (tech == SCN_TECH_FELICA)
			o += pemu_target_f(t, p[5] == 0x01, rsp + o);
		else if (tech == SCN_TECH_NFC_B)
			o += pemu_target_b(t, rsp + o);
		else
			o += pemu_target_a(e, t, rsp + o);
		rsp[0]++;
		/* The chip holds one target: the first it found. */
		if (e->sel < 0)
			e->sel = (long)i;
		if (ulen > 0)
			break;
	}
	e->muted = false;
	e->df_frame = 0;
	return (long)o;
}

static long
pemu_data_exchange(struct pemu *e, const uint8_t *p, size_t n, uint8_t *rsp)
{
	if ((p[0] & 0x0f) != PEMU_TG) {
		rsp[0] = 0x27;		/* improper command for this target */
		return 1;
	}
	return (long)pemu_to_target(e, p + 1, n - 1, rsp);
}

static long
pemu_comm_thru(struct pemu *e, const uint8_t *p, size_t n, uint8_t *rsp)
{
	return (long)pemu_to_target(e, p, n, rsp);
}

static long
pemu_deselect(struct pemu *e, const uint8_t *p, size_t n, uint8_t *rsp)
{
	(void)p;
	(void)n;
	pemu_halt_selected(e);
	rsp[0] = PEMU_ST_OK;
	return 1;
}

/*
 * InAutoPoll (UM0701-02 §7.3.13): answered at once with the first tag
 * (type 0x10, or 0x20 for ISO-DEP) or none; polling periods are not
 * waited for.
 */
static long
pemu_autopoll(struct pemu *e, const uint8_t *p, size_t n, uint8_t *rsp)
{
	const struct scn_nfc	*t;
	size_t			 i, len;

	(void)p;
	(void)n;
	rsp[0] = 0;
	if (!e->field)
		return 1;
	pemu_halt_selected(e);
	for (i = 0; i < pemu_ntags(e); i++) {
		t = pemu_tag(e, i);
		if (e->halted[i] || t->tech != SCN_TECH_NFC_A)
			continue;
		rsp[0] = 1;
		rsp[1] = pemu_iso_dep(e, t) ? 0x20 : 0x10;
		len = pemu_target_a(e, t, rsp + 3);
		rsp[2] = (uint8_t)len;
		e->sel = (long)i;
		return (long)(3 + len);
	}
	return 1;
}

static const struct pemu_cmd pemu_cmds[] = {
	{ 0x00, "Diagnose",		1, pemu_diagnose },
	{ 0x02, "GetFirmwareVersion",	0, pemu_fw_version },
	{ 0x04, "GetGeneralStatus",	0, pemu_general_status },
	{ 0x06, "ReadRegister",		2, pemu_read_reg },
	{ 0x08, "WriteRegister",	3, pemu_write_reg },
	{ 0x12, "SetParameters",	1, pemu_set_params },
	{ 0x14, "SAMConfiguration",	1, pemu_empty },
	{ 0x16, "PowerDown",		1, pemu_power_down },
	{ 0x32, "RFConfiguration",	1, pemu_rf_config },
	{ 0x40, "InDataExchange",	1, pemu_data_exchange },
	{ 0x42, "InCommunicateThru",	0, pemu_comm_thru },
	{ 0x44, "InDeselect",		1, pemu_deselect },
	{ 0x4a, "InListPassiveTarget",	2, pemu_list },
	{ 0x52, "InRelease",		1, pemu_deselect },
	{ 0x60, "InAutoPoll",		3, pemu_autopoll },
};

const char *
pemu_cmd_name(uint8_t code)
{
	size_t	i;

	for (i = 0; i < sizeof pemu_cmds / sizeof pemu_cmds[0]; i++)
		if (pemu_cmds[i].code == code)
			return pemu_cmds[i].name;
	return NULL;
}

/* One good frame: TFI D4, code, params. */
static void
pemu_command(struct pemu *e, const uint8_t *d, size_t n)
{
	const struct pemu_cmd	*c = NULL;
	uint8_t			 rsp[300];
	size_t			 i;
	long			 r;

	e->st.frames++;
	pemu_ack(e);
	for (i = 0; i < sizeof pemu_cmds / sizeof pemu_cmds[0]; i++)
		if (pemu_cmds[i].code == d[0])
			c = &pemu_cmds[i];
	if (c == NULL || n - 1 < c->min) {
		e->st.unknown++;
		ls_log(LS_LOG_INFO, "command %02x (%zu bytes): error frame",
		    d[0], n);
		pemu_error_frame(e);
		return;
	}
	r = c->fn(e, d + 1, n - 1, rsp);
	ls_log(LS_LOG_DEBUG, "%s: %ld bytes answered", c->name, r);
	if (r < 0) {
		e->st.unknown++;
		pemu_error_frame(e);
		return;
	}
	pemu_frame(e, (uint8_t)(d[0] + 1), rsp, (size_t)r);
}

/* ---- frame parser ---- */

static void
pemu_drop(struct pemu *e, size_t n)
{
	memmove(e->in, e->in + n, e->inlen - n);
	e->inlen -= n;
}

/* Parse what e->in holds; leave an incomplete frame for later. */
static void
pemu_parse(struct pemu *e)
{
	size_t	i, len, hdr;
	uint8_t	sum;

	for (;;) {
		/* Find the start code 00 FF; anything before it is skipped. */
		for (i = 0; i + 1 < e->inlen; i++)
			if (e->in[i] == 0x00 && e->in[i + 1] == 0xff)
				break;
		if (i + 1 >= e->inlen) {
			/* Keep a trailing 00: it may start a start code. */
			i = e->inlen > 0 && e->in[e->inlen - 1] == 0x00 ?
			    e->inlen - 1 : e->inlen;
			e->st.junk += i;
			pemu_drop(e, i);
			return;
		}
		e->st.junk += i;
		pemu_drop(e, i);
		if (e->inlen < 4)
			return;
		if (e->in[2] == 0x00 && e->in[3] == 0xff) {
			/* Host ACK: abort; nothing is running. */
			pemu_drop(e, 4);
			continue;
		}
		if (e->in[2] == 0xff && e->in[3] == 0x00) {
			/* NACK: send the last response again. */
			pemu_drop(e, 4);
			if (!(e->faults & PEMU_FAULT_SILENT) && e->lastlen > 0)
				pemu_put(e, e->last, e->lastlen);
			continue;
		}
		if (e->in[2] == 0xff && e->in[3] == 0xff) {
			if (e->inlen < 7)
				return;
			len = (size_t)e->in[4] << 8 | e->in[5];
			if ((uint8_t)(e->in[4] + e->in[5] + e->in[6]) != 0 ||
			    len < 2 || len > 265) {
				e->st.bad_frames++;
				pemu_drop(e, 2);
				continue;
			}
			hdr = 7;
		} else {
			len = e->in[2];
			if ((uint8_t)(e->in[2] + e->in[3]) != 0 || len < 2) {
				e->st.bad_frames++;
				pemu_drop(e, 2);
				continue;
			}
			hdr = 4;
		}
		if (e->inlen < hdr + len + 1)
			return;
		for (sum = 0, i = 0; i < len + 1; i++)
			sum = (uint8_t)(sum + e->in[hdr + i]);
		if (sum != 0 || e->in[hdr] != PEMU_TFI_HOST) {
			e->st.bad_frames++;
			pemu_drop(e, 2);
			continue;
		}
		if (!(e->faults & PEMU_FAULT_SILENT))
			pemu_command(e, e->in + hdr + 1, len - 1);
		else
			e->st.frames++;
		pemu_drop(e, hdr + len + 1);
	}
}

void
pemu_input(struct pemu *e, const uint8_t *p, size_t n)
{
	size_t	k;

	while (n > 0) {
		k = sizeof e->in - e->inlen;
		if (k == 0) {
			/* No frame is this long: drop the oldest half. */
			e->st.junk += sizeof e->in / 2;
			pemu_drop(e, sizeof e->in / 2);
			continue;
		}
		if (k > n)
			k = n;
		memcpy(e->in + e->inlen, p, k);
		e->inlen += k;
		p += k;
		n -= k;
		pemu_parse(e);
	}
}

size_t
pemu_output(struct pemu *e, const uint8_t **p)
{
	*p = e->out;
	return e->outlen;
}

void
pemu_consume(struct pemu *e, size_t n)
{
	if (n > e->outlen)
		n = e->outlen;
	memmove(e->out, e->out + n, e->outlen - n);
	e->outlen -= n;
}

const struct pemu_stats *
pemu_stats(const struct pemu *e)
{
	return &e->st;
}

struct pemu *
pemu_new(const struct scn *s, unsigned faults)
{
	struct pemu	*e;
	size_t		 n = scn_nfc_count(s);

	if ((e = calloc(1, sizeof *e)) == NULL)
		return NULL;
	if ((e->halted = calloc(n > 0 ? n : 1, sizeof *e->halted)) == NULL) {
		free(e);
		return NULL;
	}
	e->scn = s;
	e->faults = faults;
	e->sel = -1;
	e->field = true;
	return e;
}

void
pemu_free(struct pemu *e)
{
	if (e == NULL)
		return;
	free(e->halted);
	free(e);
}

static const struct {
	const char	*name;
	unsigned	 bit;
} pemu_faults[] = {
	{ "silent",	PEMU_FAULT_SILENT },
	{ "no-tag",	PEMU_FAULT_NO_TAG },
	{ "malformed",	PEMU_FAULT_MALFORMED },
	{ "type-a-only", PEMU_FAULT_TYPE_A_ONLY },
	{ "ignore-uid",	PEMU_FAULT_IGNORE_UID },
};

unsigned
pemu_fault_parse(const char *name)
{
	size_t	i;

	for (i = 0; i < sizeof pemu_faults / sizeof pemu_faults[0]; i++)
		if (strcmp(name, pemu_faults[i].name) == 0)
			return pemu_faults[i].bit;
	return 0;
}

const char *
pemu_fault_names(void)
{
	return "silent, no-tag, malformed, type-a-only, ignore-uid";
}
