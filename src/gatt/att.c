/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * att.c - names and reasons for ATT opcodes, error codes and
 * characteristic properties (att.h).  Pure tables, no I/O.
 *
 * Bluetooth Core Specification 5.4, Vol 3, Part F §3.4 and Part G §3.3.1.
 */
#include <stddef.h>
#include <stdint.h>

#include "gatt/att.h"

struct attpdu_name {
	uint8_t		 code;
	const char	*name;
};

/* Vol 3 Part F §3.4.8 Table 3.37. */
static const struct attpdu_name attpdu_ops[] = {
	{ ATT_OP_ERROR_RSP, "Error Response" },
	{ ATT_OP_MTU_REQ, "Exchange MTU Request" },
	{ ATT_OP_MTU_RSP, "Exchange MTU Response" },
	{ ATT_OP_FIND_INFO_REQ, "Find Information Request" },
	{ ATT_OP_FIND_INFO_RSP, "Find Information Response" },
	{ ATT_OP_FIND_BY_TYPE_REQ, "Find By Type Value Request" },
	{ ATT_OP_FIND_BY_TYPE_RSP, "Find By Type Value Response" },
	{ ATT_OP_READ_BY_TYPE_REQ, "Read By Type Request" },
	{ ATT_OP_READ_BY_TYPE_RSP, "Read By Type Response" },
	{ ATT_OP_READ_REQ, "Read Request" },
	{ ATT_OP_READ_RSP, "Read Response" },
	{ ATT_OP_READ_BLOB_REQ, "Read Blob Request" },
	{ ATT_OP_READ_BLOB_RSP, "Read Blob Response" },
	{ ATT_OP_READ_MULT_REQ, "Read Multiple Request" },
	{ ATT_OP_READ_MULT_RSP, "Read Multiple Response" },
	{ ATT_OP_READ_BY_GROUP_REQ, "Read By Group Type Request" },
	{ ATT_OP_READ_BY_GROUP_RSP, "Read By Group Type Response" },
	{ ATT_OP_WRITE_REQ, "Write Request" },
	{ ATT_OP_WRITE_RSP, "Write Response" },
	{ ATT_OP_PREP_WRITE_REQ, "Prepare Write Request" },
	{ ATT_OP_PREP_WRITE_RSP, "Prepare Write Response" },
	{ ATT_OP_EXEC_WRITE_REQ, "Execute Write Request" },
	{ ATT_OP_EXEC_WRITE_RSP, "Execute Write Response" },
	{ ATT_OP_NOTIFY, "Handle Value Notification" },
	{ ATT_OP_INDICATE, "Handle Value Indication" },
	{ ATT_OP_CONFIRM, "Handle Value Confirmation" },
	{ ATT_OP_READ_MULT_VAR_REQ, "Read Multiple Variable Length Request" },
	{ ATT_OP_READ_MULT_VAR_RSP,
	    "Read Multiple Variable Length Response" },
	{ ATT_OP_MULT_NOTIFY, "Multiple Handle Value Notification" },
	{ ATT_OP_WRITE_CMD, "Write Command" },
	{ ATT_OP_SIGNED_WRITE_CMD, "Signed Write Command" },
};

/* Vol 3 Part F §3.4.1.1 Table 3.4. */
static const struct attpdu_name attpdu_ecodes[] = {
	{ ATT_E_INVALID_HANDLE, "Invalid Handle" },
	{ ATT_E_READ_NOT_PERMITTED, "Read Not Permitted" },
	{ ATT_E_WRITE_NOT_PERMITTED, "Write Not Permitted" },
	{ ATT_E_INVALID_PDU, "Invalid PDU" },
	{ ATT_E_AUTHENTICATION, "Insufficient Authentication" },
	{ ATT_E_REQ_NOT_SUPP, "Request Not Supported" },
	{ ATT_E_INVALID_OFFSET, "Invalid Offset" },
	{ ATT_E_AUTHORIZATION, "Insufficient Authorization" },
	{ ATT_E_PREP_QUEUE_FULL, "Prepare Queue Full" },
	{ ATT_E_NOT_FOUND, "Attribute Not Found" },
	{ ATT_E_NOT_LONG, "Attribute Not Long" },
	{ ATT_E_KEY_SIZE, "Encryption Key Size Too Short" },
	{ ATT_E_INVALID_VALUE_LEN, "Invalid Attribute Value Length" },
	{ ATT_E_UNLIKELY, "Unlikely Error" },
	{ ATT_E_ENCRYPTION, "Insufficient Encryption" },
	{ ATT_E_UNSUPP_GROUP_TYPE, "Unsupported Group Type" },
	{ ATT_E_RESOURCES, "Insufficient Resources" },
	{ ATT_E_DB_OUT_OF_SYNC, "Database Out Of Sync" },
	{ ATT_E_VALUE_NOT_ALLOWED, "Value Not Allowed" },
};

/*
 * What a technician should read for a failed read.  The security errors
 * all mean the lock wants a bonded, encrypted or vendor-authorised link,
 * which this tool never sets up (lockscope-internals(7), PRINCIPLES).
 */
static const struct attpdu_name attpdu_reasons[] = {
	{ ATT_E_AUTHENTICATION, "needs pairing or vendor authorization" },
	{ ATT_E_AUTHORIZATION, "needs pairing or vendor authorization" },
	{ ATT_E_ENCRYPTION, "needs pairing or vendor authorization" },
	{ ATT_E_KEY_SIZE, "needs pairing or vendor authorization" },
	{ ATT_E_READ_NOT_PERMITTED, "the lock does not allow reading it" },
	{ ATT_E_INVALID_HANDLE, "the lock reported it missing" },
	{ ATT_E_NOT_FOUND, "the lock reported it missing" },
	{ ATT_E_RESOURCES, "the lock was busy (insufficient resources)" },
	{ ATT_E_DB_OUT_OF_SYNC,
	    "the lock changed its services; inspect again" },
};

static const char *
attpdu_lookup(const struct attpdu_name *t, size_t n, uint8_t code)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (t[i].code == code)
			return t[i].name;
	return NULL;
}

#define ATTPDU_N(t)	(sizeof (t) / sizeof (t)[0])

const char *
att_op_name(uint8_t op)
{
	const char	*s = attpdu_lookup(attpdu_ops,
	    ATTPDU_N(attpdu_ops), op);

	return s != NULL ? s : "unknown";
}

const char *
att_ecode_name(uint8_t ecode)
{
	const char	*s;

	if ((s = attpdu_lookup(attpdu_ecodes, ATTPDU_N(attpdu_ecodes),
	    ecode)) != NULL)
		return s;
	if (ecode >= 0x80 && ecode <= 0x9F)
		return "Application Error";
	if (ecode >= 0xE0)
		return "Common Profile and Service Error";
	return "Reserved";
}

const char *
att_ecode_reason(uint8_t ecode)
{
	const char	*s;

	if ((s = attpdu_lookup(attpdu_reasons, ATTPDU_N(attpdu_reasons),
	    ecode)) != NULL)
		return s;
	if (ecode >= 0x80 && ecode <= 0x9F)
		return "the lock refused it (vendor application error)";
	return "the lock refused the read";
}

int
att_op_is_response(uint8_t op)
{
	switch (op) {
	case ATT_OP_ERROR_RSP:
	case ATT_OP_MTU_RSP:
	case ATT_OP_FIND_INFO_RSP:
	case ATT_OP_FIND_BY_TYPE_RSP:
	case ATT_OP_READ_BY_TYPE_RSP:
	case ATT_OP_READ_RSP:
	case ATT_OP_READ_BLOB_RSP:
	case ATT_OP_READ_MULT_RSP:
	case ATT_OP_READ_BY_GROUP_RSP:
	case ATT_OP_WRITE_RSP:
	case ATT_OP_PREP_WRITE_RSP:
	case ATT_OP_EXEC_WRITE_RSP:
	case ATT_OP_READ_MULT_VAR_RSP:
		return 1;
	default:
		return 0;
	}
}

/* Vol 3 Part G §3.3.1.1 Table 3.5, bit 0 first. */
static const char *const attpdu_props[8] = {
	"broadcast", "read", "write-without-response", "write", "notify",
	"indicate", "authenticated-signed-writes", "extended-properties"
};

size_t
att_prop_names(uint8_t props, const char *names[8])
{
	size_t	i, n = 0;

	for (i = 0; i < 8; i++)
		if (props & (1u << i))
			names[n++] = attpdu_props[i];
	return n;
}
