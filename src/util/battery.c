/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * battery.c - the battery object shared by every command and the report.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "util/battery.h"

void
battery_init(struct battery *b)
{
	memset(b, 0, sizeof *b);
	b->percent = -1;
	b->volts = -1;
}

/* The first word of source: "gatt 2a19" -> "gatt". */
static void
battery_source(char out[BATTERY_SOURCE_MAX], const char *source)
{
	size_t	n;

	if (source == NULL)
		source = "";
	n = strcspn(source, " ");
	if (n >= BATTERY_SOURCE_MAX)
		n = BATTERY_SOURCE_MAX - 1;
	memcpy(out, source, n);
	out[n] = '\0';
}

void
battery_set_percent(struct battery *b, int percent, const char *source)
{
	if (percent < 0)
		return;
	b->percent = percent > 100 ? 100 : percent;
	battery_source(b->percent_source, source);
}

void
battery_set_volts(struct battery *b, double volts, const char *source)
{
	if (!isfinite(volts) || volts < 0)
		return;
	b->volts = volts;
	battery_source(b->volts_source, source);
}

void
battery_from_readings(struct battery *b, const struct reading *percent,
    const struct reading *volts, bool replace)
{
	if (percent != NULL && reading_has_value(percent) &&
	    (replace || b->percent < 0)) {
		if (percent->kind == RD_INT)
			battery_set_percent(b, percent->i > 100 ? 100 :
			    (int)percent->i, percent->source);
		else if (percent->kind == RD_REAL)
			battery_set_percent(b, (int)lround(percent->d),
			    percent->source);
	}
	if (volts != NULL && reading_has_value(volts) &&
	    (replace || b->volts < 0)) {
		if (volts->kind == RD_REAL)
			battery_set_volts(b, volts->d, volts->source);
		else if (volts->kind == RD_INT)
			battery_set_volts(b, (double)volts->i,
			    volts->source);
	}
}

bool
battery_known(const struct battery *b)
{
	return b->percent >= 0 || b->volts >= 0;
}

cJSON *
battery_json(const struct battery *b)
{
	char	 src[2 * BATTERY_SOURCE_MAX + 1];
	cJSON	*o;

	if (!battery_known(b))
		return cJSON_CreateNull();
	if ((o = cJSON_CreateObject()) == NULL)
		return NULL;
	if (b->percent >= 0)
		cJSON_AddNumberToObject(o, "percent", b->percent);
	else
		cJSON_AddNullToObject(o, "percent");
	/* Volts to the millivolt, without binary noise (3.0100000001). */
	if (b->volts >= 0)
		cJSON_AddNumberToObject(o, "volts",
		    round(b->volts * 1000) / 1000);
	else
		cJSON_AddNullToObject(o, "volts");
	if (b->percent >= 0 && b->volts >= 0 &&
	    strcmp(b->percent_source, b->volts_source) != 0 &&
	    b->percent_source[0] != '\0' && b->volts_source[0] != '\0')
		snprintf(src, sizeof src, "%s+%s", b->percent_source,
		    b->volts_source);
	else
		snprintf(src, sizeof src, "%s", b->percent >= 0 &&
		    b->percent_source[0] != '\0' ? b->percent_source :
		    b->volts_source);
	if (src[0] != '\0')
		cJSON_AddStringToObject(o, "source", src);
	else
		cJSON_AddNullToObject(o, "source");
	if (cJSON_GetObjectItemCaseSensitive(o, "source") == NULL) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}
