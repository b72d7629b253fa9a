/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * bringup.c - controller bring-up as a table of steps, run one after the
 * other through the host's command queue.
 *
 * Return parameter layouts: Core 5.4 Vol 4 Part E §7.4.1 (Read Local
 * Version: status, hci_ver, hci_rev(2), lmp_ver, manufacturer(2),
 * lmp_subver(2)), §7.4.2 (commands: status + 64 octets), §7.4.3
 * (features: status + 8), §7.4.6 (BD_ADDR: status + 6), §7.8.2 (LE
 * buffer size: status, len(2), num(1)), §7.8.3 (LE features: status + 8).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "hci/bringup.h"
#include "hci/hcidef.h"
#include "util/cursor.h"
#include "util/log.h"

#define BRINGUP_EXCLUSIVE	0x01	/* skipped on a shared transport */
#define BRINGUP_OPTIONAL	0x02	/* a refusal is not fatal */

struct bringup_init {
	struct host		*host;
	struct bringup_info	*info;
	bringup_done_fn		 done;
	void			*arg;
	size_t			 step;
	unsigned		 cmd_id;
	bool			 quirk_no_ext;	/* TRANSPORT_NO_EXT_SCAN */
};

struct bringup_step {
	uint16_t	 opcode;
	unsigned	 flags;
	/* Fill params, return their length. */
	uint8_t		(*params)(struct bringup_init *, uint8_t *p);
	/* Take the return parameters (status already checked). */
	void		(*take)(struct bringup_init *, struct cur *c);
	/* Run this step at all?  NULL = always. */
	bool		(*want)(struct bringup_init *);
};

static uint8_t
bringup_p_event_mask(struct bringup_init *ci, uint8_t *p)
{
	/* The spec default (bits 0-44) plus LE Meta (bit 61). */
	uint64_t	mask = 0x00001fffffffffffULL |
	    1ULL << HC_EVMASK_LE_META_BIT;

	(void)ci;
	put_le32(p, (uint32_t)mask);
	put_le32(p + 4, (uint32_t)(mask >> 32));
	return 8;
}

static uint8_t
bringup_p_le_event_mask(struct bringup_init *ci, uint8_t *p)
{
	/*
	 * Bits (§7.8.1): 0 Connection Complete, 1 Advertising Report,
	 * 2 Connection Update Complete, 3 Read Remote Features Complete,
	 * 4 LTK Request, 5 Remote Connection Parameter Request, 6 Data
	 * Length Change, 9 Enhanced Connection Complete, 12 Extended
	 * Advertising Report.
	 */
	uint64_t	mask = 0x7f | 1u << 9 | 1u << 12;

	(void)ci;
	put_le32(p, (uint32_t)mask);
	put_le32(p + 4, 0);
	return 8;
}

static void
bringup_t_version(struct bringup_init *ci, struct cur *c)
{
	ci->info->hci_version = cur_u8(c);
	ci->info->hci_revision = cur_le16(c);
	cur_u8(c);
	ci->info->manufacturer = cur_le16(c);
}

static void
bringup_t_commands(struct bringup_init *ci, struct cur *c)
{
	cur_copy(c, ci->info->commands, sizeof ci->info->commands);
}

static void
bringup_t_features(struct bringup_init *ci, struct cur *c)
{
	cur_copy(c, ci->info->features, sizeof ci->info->features);
}

static void
bringup_t_bdaddr(struct bringup_init *ci, struct cur *c)
{
	cur_copy(c, ci->info->bdaddr, sizeof ci->info->bdaddr);
}

static void
bringup_t_le_features(struct bringup_init *ci, struct cur *c)
{
	cur_copy(c, ci->info->le_features, sizeof ci->info->le_features);
}

static void
bringup_t_le_buffer(struct bringup_init *ci, struct cur *c)
{
	ci->info->le_acl_mtu = cur_le16(c);
	ci->info->le_acl_pkts = cur_u8(c);
}

/*
 * Read Buffer Size (§7.4.5): status, ACL_Data_Packet_Length(2),
 * Synchronous_Data_Packet_Length(1), Total_Num_ACL_Data_Packets(2),
 * Total_Num_Synchronous_Data_Packets(2).  Used for LE when the LE
 * buffer size is 0 (shared buffers, §7.8.2).
 */
static void
bringup_t_buffer(struct bringup_init *ci, struct cur *c)
{
	uint16_t	mtu, pkts;

	mtu = cur_le16(c);
	cur_u8(c);
	pkts = cur_le16(c);
	ci->info->le_acl_mtu = mtu;
	ci->info->le_acl_pkts = pkts > 255 ? 255 : (uint8_t)pkts;
}

/* LE Read Buffer Size v2 (§7.8.2): v1 fields, then ISO length/count. */
static bool
bringup_w_le_buffer_v2(struct bringup_init *ci)
{
	return bringup_has_command(ci->info, HC_CMDBIT_LE_READ_BUFFER_SIZE_V2);
}

static bool
bringup_w_le_buffer_v1(struct bringup_init *ci)
{
	return ci->info->le_acl_mtu == 0 || ci->info->le_acl_pkts == 0;
}

/*
 * A dual-mode LE controller (LMP feature bit 37 "BR/EDR Not Supported"
 * clear) wants the host to say it supports LE (§7.3.79), as the
 * kernel's hci_set_le_support_sync(), noble and Bumble do; LE-only
 * controllers have it implicitly.
 */
static bool
bringup_w_le_host(struct bringup_init *ci)
{
	/* Bit 38 LE Supported (Controller) set, bit 37 clear. */
	return (ci->info->features[4] & 0x60) == 0x40;
}

static uint8_t
bringup_p_le_host(struct bringup_init *ci, uint8_t *p)
{
	(void)ci;
	p[0] = 0x01;		/* LE_Supported_Host */
	p[1] = 0x00;		/* Unused (was Simultaneous LE Host) */
	return 2;
}

static bool
bringup_w_random(struct bringup_init *ci)
{
	static const uint8_t	zero[6];

	return memcmp(ci->info->bdaddr, zero, 6) == 0;
}

/*
 * A static random address: the two most significant bits 0b11, the other
 * 46 random and neither all zeros nor all ones (Vol 6 Part B §1.3.2.1).
 */
bool
bringup_static_random_ok(const uint8_t a[6])
{
	bool	zeros = (a[5] & 0x3f) == 0, ones = (a[5] & 0x3f) == 0x3f;
	size_t	i;

	if ((a[5] & 0xc0) != 0xc0)
		return false;
	for (i = 0; i < 5; i++) {
		zeros = zeros && a[i] == 0x00;
		ones = ones && a[i] == 0xff;
	}
	return !zeros && !ones;
}

static uint8_t
bringup_p_random(struct bringup_init *ci, uint8_t *p)
{
	static const uint8_t	 fixed[6] = {
		0x5a, 0x61, 0x3c, 0x07, 0x9e, 0xc4
	};
	uint8_t			*a = ci->info->random_addr;
	int			 tries = 0;

	do {
		if (++tries > 8 || getrandom(a, 6, 0) != 6) {
			/* No entropy: a fixed, still valid address. */
			memcpy(a, fixed, 6);
			break;
		}
		a[5] |= 0xc0;
	} while (!bringup_static_random_ok(a));
	memcpy(p, a, 6);
	return 6;
}

static void
bringup_t_random(struct bringup_init *ci, struct cur *c)
{
	(void)c;
	ci->info->own_random = true;
}

static const struct bringup_step bringup_steps[] = {
	{ HC_OP_RESET, BRINGUP_EXCLUSIVE, NULL, NULL, NULL },
	{ HC_OP_READ_LOCAL_VERSION, 0, NULL, bringup_t_version, NULL },
	{ HC_OP_READ_LOCAL_COMMANDS, 0, NULL, bringup_t_commands, NULL },
	{ HC_OP_READ_LOCAL_FEATURES, 0, NULL, bringup_t_features, NULL },
	{ HC_OP_READ_BD_ADDR, BRINGUP_OPTIONAL, NULL, bringup_t_bdaddr, NULL },
	{ HC_OP_SET_EVENT_MASK, BRINGUP_EXCLUSIVE, bringup_p_event_mask,
	    NULL, NULL },
	{ HC_OP_WRITE_LE_HOST_SUPPORTED, BRINGUP_EXCLUSIVE | BRINGUP_OPTIONAL,
	    bringup_p_le_host, NULL, bringup_w_le_host },
	{ HC_OP_LE_READ_LOCAL_FEATURES, 0, NULL, bringup_t_le_features, NULL },
	{ HC_OP_LE_READ_BUFFER_SIZE_V2, BRINGUP_OPTIONAL, NULL,
	    bringup_t_le_buffer, bringup_w_le_buffer_v2 },
	{ HC_OP_LE_READ_BUFFER_SIZE, BRINGUP_OPTIONAL, NULL,
	    bringup_t_le_buffer, bringup_w_le_buffer_v1 },
	{ HC_OP_READ_BUFFER_SIZE, BRINGUP_OPTIONAL, NULL, bringup_t_buffer,
	    bringup_w_le_buffer_v1 },
	{ HC_OP_LE_SET_EVENT_MASK, BRINGUP_EXCLUSIVE, bringup_p_le_event_mask,
	    NULL, NULL },
	{ HC_OP_LE_SET_RANDOM_ADDRESS, BRINGUP_EXCLUSIVE, bringup_p_random,
	    bringup_t_random, bringup_w_random },
};

#define BRINGUP_NSTEPS	(sizeof bringup_steps / sizeof bringup_steps[0])

static const struct {
	uint16_t	 opcode;
	const char	*name;
} bringup_op_names[] = {
	{ HC_OP_RESET, "Reset" },
	{ HC_OP_SET_EVENT_MASK, "Set Event Mask" },
	{ HC_OP_WRITE_LE_HOST_SUPPORTED, "Write LE Host Supported" },
	{ HC_OP_READ_LOCAL_VERSION, "Read Local Version Information" },
	{ HC_OP_READ_LOCAL_COMMANDS, "Read Local Supported Commands" },
	{ HC_OP_READ_LOCAL_FEATURES, "Read Local Supported Features" },
	{ HC_OP_READ_BUFFER_SIZE, "Read Buffer Size" },
	{ HC_OP_READ_BD_ADDR, "Read BD_ADDR" },
	{ HC_OP_LE_SET_EVENT_MASK, "LE Set Event Mask" },
	{ HC_OP_LE_READ_BUFFER_SIZE, "LE Read Buffer Size" },
	{ HC_OP_LE_READ_BUFFER_SIZE_V2, "LE Read Buffer Size [v2]" },
	{ HC_OP_LE_CREATE_CONN, "LE Create Connection" },
	{ HC_OP_LE_EXT_CREATE_CONN, "LE Extended Create Connection" },
	{ HC_OP_LE_CREATE_CONN_CANCEL, "LE Create Connection Cancel" },
	{ HC_OP_DISCONNECT, "Disconnect" },
	{ HC_OP_READ_RSSI, "Read RSSI" },
	{ HC_OP_LE_READ_LOCAL_FEATURES, "LE Read Local Supported Features" },
	{ HC_OP_LE_SET_RANDOM_ADDRESS, "LE Set Random Address" },
	{ HC_OP_LE_SET_SCAN_PARAMS, "LE Set Scan Parameters" },
	{ HC_OP_LE_SET_SCAN_ENABLE, "LE Set Scan Enable" },
	{ HC_OP_LE_SET_EXT_SCAN_PARAMS, "LE Set Extended Scan Parameters" },
	{ HC_OP_LE_SET_EXT_SCAN_ENABLE, "LE Set Extended Scan Enable" },
};

const char *
bringup_op_name(uint16_t opcode)
{
	size_t	i;

	for (i = 0; i < sizeof bringup_op_names / sizeof bringup_op_names[0];
	    i++)
		if (bringup_op_names[i].opcode == opcode)
			return bringup_op_names[i].name;
	return "command";
}

static const struct {
	uint8_t		 status;
	const char	*name;
} bringup_status_names[] = {
	{ 0x00, "success" },
	{ 0x01, "unknown HCI command" },
	{ 0x02, "unknown connection identifier" },
	{ 0x03, "hardware failure" },
	{ 0x08, "connection timeout" },
	{ 0x0c, "command disallowed" },
	{ 0x0d, "rejected: limited resources" },
	{ 0x11, "unsupported feature or parameter value" },
	{ 0x12, "invalid HCI command parameters" },
	{ 0x13, "remote user terminated connection" },
	{ 0x16, "connection terminated by local host" },
	{ 0x1f, "unspecified error" },
	{ 0x3a, "controller busy" },
	{ 0x3e, "connection failed to be established" },
};

const char *
bringup_status_name(uint8_t status)
{
	size_t	i;

	for (i = 0; i < sizeof bringup_status_names /
	    sizeof bringup_status_names[0]; i++)
		if (bringup_status_names[i].status == status)
			return bringup_status_names[i].name;
	return "error";
}

bool
bringup_has_command(const struct bringup_info *info, unsigned octet,
    unsigned bit)
{
	return octet < sizeof info->commands &&
	    (info->commands[octet] & (1u << bit)) != 0;
}

static void	bringup_next(struct bringup_init *);

static void
bringup_finish(struct bringup_init *ci, struct ls_errbuf *eb)
{
	ci->cmd_id = 0;
	ci->done(eb, ci->arg);
}

static void
bringup_answer(enum ls_err err, uint8_t status, const uint8_t *ret, size_t len,
    void *arg)
{
	struct bringup_init	*ci = arg;
	const struct bringup_step	*s = &bringup_steps[ci->step];
	struct ls_errbuf	 eb;
	struct cur		 c;

	ci->cmd_id = 0;
	ls_err_clear(&eb);
	if (err == LS_ETIMEOUT) {
		ls_err_set(&eb, LS_EUNAVAIL, "adapter '%s': the controller "
		    "did not answer HCI %s (is it powered, and is this the "
		    "right device and baud rate?)", host_spec(ci->host),
		    bringup_op_name(s->opcode));
		bringup_finish(ci, &eb);
		return;
	}
	if (err != LS_OK) {
		const struct ls_errbuf	*why = host_dead_reason(ci->host);

		if (why != NULL)
			ls_err_set_at(&eb, why->file, why->line, why->code,
			    "%s (during start-up)", why->msg);
		else
			ls_err_set(&eb, err, "adapter '%s': lost during "
			    "start-up", host_spec(ci->host));
		bringup_finish(ci, &eb);
		return;
	}
	if (status != HC_SUCCESS) {
		if ((s->flags & BRINGUP_OPTIONAL) == 0) {
			ls_err_set(&eb, LS_EUNAVAIL, "adapter '%s': the "
			    "controller refused HCI %s (status 0x%02x: %s)",
			    host_spec(ci->host), bringup_op_name(s->opcode),
			    status, bringup_status_name(status));
			bringup_finish(ci, &eb);
			return;
		}
	} else if (s->take != NULL) {
		cur_init(&c, ret, len);
		cur_u8(&c);
		s->take(ci, &c);
		if (!cur_ok(&c)) {
			LS_MALFORMED(&eb, "adapter '%s': short answer to HCI "
			    "%s (%zu bytes)", host_spec(ci->host),
			    bringup_op_name(s->opcode), len);
			bringup_finish(ci, &eb);
			return;
		}
	}
	ci->step++;
	bringup_next(ci);
}

static void
bringup_done_checks(struct bringup_init *ci)
{
	struct bringup_info	*info = ci->info;
	struct ls_errbuf	 eb;

	ls_err_clear(&eb);
	/* LMP features octet 4 bit 6: LE Supported (Controller). */
	if ((info->features[4] & 0x40) == 0) {
		ls_err_set(&eb, LS_EUNAVAIL, "adapter '%s': this controller "
		    "has no Bluetooth Low Energy support", host_spec(ci->host));
		bringup_finish(ci, &eb);
		return;
	}
	info->extended_scan =
	    (info->le_features[HC_LEFEAT_EXT_ADV / 8] &
	    (1u << (HC_LEFEAT_EXT_ADV % 8))) != 0 &&
	    bringup_has_command(info, HC_CMDBIT_LE_SET_EXT_SCAN_PARAMS) &&
	    bringup_has_command(info, HC_CMDBIT_LE_SET_EXT_SCAN_ENABLE);
	info->ext_create_conn = info->extended_scan &&
	    bringup_has_command(info, HC_CMDBIT_LE_EXT_CREATE_CONN);
	if (ci->quirk_no_ext && info->extended_scan) {
		ls_log(LS_LOG_INFO, "ctrl: this controller's extended "
		    "scanning is known to be broken: using legacy scanning");
		info->extended_scan = false;
		info->ext_create_conn = false;
	}
	info->coded_phy = (info->le_features[HC_LEFEAT_CODED_PHY / 8] &
	    (1u << (HC_LEFEAT_CODED_PHY % 8))) != 0;
	ls_log(LS_LOG_DEBUG, "ctrl: HCI version %u, manufacturer %u, "
	    "extended scanning %s", info->hci_version, info->manufacturer,
	    info->extended_scan ? "yes" : "no");
	bringup_finish(ci, &eb);
}

static void
bringup_next(struct bringup_init *ci)
{
	const struct bringup_step	*s;
	struct ls_errbuf	 eb;
	uint8_t			 p[255];
	uint8_t			 plen;

	while (ci->step < BRINGUP_NSTEPS) {
		s = &bringup_steps[ci->step];
		if (((s->flags & BRINGUP_EXCLUSIVE) && host_shared(ci->host)) ||
		    (s->want != NULL && !s->want(ci))) {
			ci->step++;
			continue;
		}
		plen = s->params != NULL ? s->params(ci, p) : 0;
		ci->cmd_id = host_send(ci->host, s->opcode, p, plen,
		    bringup_answer, ci, NULL);
		if (ci->cmd_id == 0) {
			ls_err_clear(&eb);
			ls_err_set(&eb, LS_EUNAVAIL, "adapter '%s': cannot "
			    "send HCI %s", host_spec(ci->host),
			    bringup_op_name(s->opcode));
			bringup_finish(ci, &eb);
		}
		return;
	}
	bringup_done_checks(ci);
}

struct bringup_init *
bringup_init_start(struct host *h, struct bringup_info *info,
    bringup_done_fn done, void *arg)
{
	struct bringup_init	*ci;

	ci = calloc(1, sizeof *ci);
	if (ci == NULL)
		return NULL;
	memset(info, 0, sizeof *info);
	ci->host = h;
	ci->info = info;
	ci->done = done;
	ci->arg = arg;
	ci->quirk_no_ext = (host_transport_flags(h) &
	    TRANSPORT_NO_EXT_SCAN) != 0;
	bringup_next(ci);
	return ci;
}

void
bringup_init_free(struct bringup_init *ci)
{
	if (ci == NULL)
		return;
	if (ci->cmd_id != 0)
		host_cancel(ci->host, ci->cmd_id);
	free(ci);
}
