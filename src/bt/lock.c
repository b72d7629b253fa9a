/*
 * lock.c - lock signals from advertisements.
 *
 * Appearance values: Bluetooth Assigned Numbers §2.6.3, category 0x01C
 * "Access Control" = 0x0700-0x073F, subcategories as in
 * bluez/bluez:src/shared/util.c (BT_APPEAR table, value = cat << 6 |
 * subcat); shared/reference/ble-formats.md §0.
 */
#include <stdio.h>
#include <string.h>

#include "lock.h"

static const struct {
	uint16_t	 value;
	const char	*name;
} lock_appearances[] = {
	{ 0x0700, "Access Control" },
	{ 0x0701, "Access Door" },
	{ 0x0702, "Garage Door" },
	{ 0x0703, "Emergency Exit Door" },
	{ 0x0704, "Access Lock" },
	{ 0x0705, "Elevator" },
	{ 0x0706, "Window" },
	{ 0x0707, "Entrance Gate" },
	{ 0x0708, "Door Lock" },
	{ 0x0709, "Locker" },
};

const char *
lock_appearance_name(uint16_t appearance)
{
	size_t	i;

	if (appearance < 0x0700 || appearance > 0x073f)
		return NULL;
	for (i = 0; i < sizeof lock_appearances / sizeof lock_appearances[0];
	    i++)
		if (lock_appearances[i].value == appearance)
			return lock_appearances[i].name;
	return "Access Control";
}

/* A signal: fills out and returns true when it recognises d. */
struct lock_signal {
	const char	*name;
	bool		(*decode)(const struct dev *d, struct dev_lock *out);
};

static bool
lock_sig_appearance(const struct dev *d, struct dev_lock *out)
{
	const char	*name;

	if (!d->ad.has_appearance)
		return false;
	name = lock_appearance_name(d->ad.appearance);
	if (name == NULL)
		return false;
	out->is_lock = true;
	out->family = "generic";
	out->pairing_state = "unknown";
	snprintf(out->evidence, sizeof out->evidence,
	    "GAP appearance: %s (0x%04x); pairing state not advertised",
	    name, d->ad.appearance);
	return true;
}

/* Most specific first. */
static const struct lock_signal lock_signals[] = {
	{ "appearance", lock_sig_appearance },
};

bool
lock_classify(struct dev *d)
{
	struct dev_lock	l;
	size_t		i;

	memset(&l, 0, sizeof l);
	l.battery_percent = -1;
	l.battery_mv = -1;
	for (i = 0; i < sizeof lock_signals / sizeof lock_signals[0]; i++)
		if (lock_signals[i].decode(d, &l))
			break;
	if (memcmp(&l, &d->lock, sizeof l) == 0)
		return false;
	d->lock = l;
	d->seq++;
	return true;
}
