/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-labels.h: words for the domain's values, as users read them. */
#pragma once

#include "fb-center-clock.h"

#include <glib.h>

G_BEGIN_DECLS

/* The translated label of an enum value of the API ("on_call" → "On call"),
 * or @value itself when it is not one. */
const char *fb_labels_for_value     (const char *value);
/* "14:02" today, "11월 20일 14:02"-style for other days, per locale, on
 * the center's @clock (NULL: a center in the default zone), never the
 * machine's: what the user reads is the center's time. */
char       *fb_labels_format_time   (FbCenterClock *clock,
                                     gint64      unix_s);
char       *fb_labels_format_time_in (GTimeZone *tz,
                                      gint64     unix_s);
/* "1:05" for 65 s, "1:02:03" past an hour. */
char       *fb_labels_format_duration (double    seconds);
/* "87 %" */
char       *fb_labels_format_percent (double     fraction);

G_END_DECLS
