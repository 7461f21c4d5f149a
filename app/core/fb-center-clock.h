/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-center-clock.h: the center's clock — the one place that turns an
 * instant into the center's date, shift and quarter-hour.
 *
 * A center keeps one time zone (an IANA name, "Asia/Seoul" unless its
 * server is told otherwise). Every day, shift and quarter-hour in the
 * rules, on screen and in exports is counted in it, whatever zone the
 * machine running the server or the app is set to. The seeds' two shifts
 * turn at 08:00 and 20:00 center time; a night shift is named after the
 * date of the evening it starts. Days are midnight to midnight, so 23 or
 * 25 hours long where the zone changes its clocks. */
#pragma once

#include <glib-object.h>

#include "fb-entity.h"

G_BEGIN_DECLS

#define FB_CENTER_DEFAULT_TIME_ZONE "Asia/Seoul"
#define FB_CENTER_DAY_SHIFT_HOUR    8
#define FB_CENTER_NIGHT_SHIFT_HOUR  20
#define FB_CENTER_QUARTER_S         (15 * 60)

#define FB_TYPE_CENTER_CLOCK (fb_center_clock_get_type ())
G_DECLARE_FINAL_TYPE (FbCenterClock, fb_center_clock, FB, CENTER_CLOCK, GObject)

/* Whether @name is an IANA time zone this machine knows (its tzdata). */
gboolean        fb_center_time_zone_is_valid       (const char     *name);

FbCenterClock  *fb_center_clock_new                (void);
FbCenterClock  *fb_center_clock_new_for_zone       (const char     *name,
                                                    GError        **error);
const char     *fb_center_clock_get_zone_name      (FbCenterClock  *self);
/* Changes the zone; FALSE with @error (nothing changed) for a name that is
 * not a known IANA zone. Notifies "zone-name" when it changes. */
gboolean        fb_center_clock_set_zone_name      (FbCenterClock  *self,
                                                    const char     *name,
                                                    GError        **error);
GTimeZone      *fb_center_clock_get_time_zone      (FbCenterClock  *self);

/* Now, in seconds since the epoch. */
gint64          fb_center_clock_now                (FbCenterClock  *self);
/* @unix_s as the center's wall clock. */
GDateTime      *fb_center_clock_local              (FbCenterClock  *self,
                                                    gint64          unix_s);
/* "YYYY-MM-DD" of the center day holding @unix_s. */
char           *fb_center_clock_date               (FbCenterClock  *self,
                                                    gint64          unix_s);
/* @unix_s formatted by g_date_time_format() in center time. */
char           *fb_center_clock_format             (FbCenterClock  *self,
                                                    gint64          unix_s,
                                                    const char     *format);
/* [start, end) of the center day "YYYY-MM-DD"; FALSE for a bad date. */
gboolean        fb_center_clock_day_bounds         (FbCenterClock  *self,
                                                    const char     *date,
                                                    gint64         *start,
                                                    gint64         *end);
/* Midnight starting the center day that holds @unix_s. */
gint64          fb_center_clock_day_start          (FbCenterClock  *self,
                                                    gint64          unix_s);
/* The center time @hour:@minute on "YYYY-MM-DD" (hour may be 24 or more to
 * reach into the next days); -1 for a bad date. */
gint64          fb_center_clock_at                 (FbCenterClock  *self,
                                                    const char     *date,
                                                    int             hour,
                                                    int             minute);
/* The shift running at @unix_s, the date it is named after, and its
 * [start, end). Any out pointer may be NULL. */
FbShift         fb_center_clock_shift_at           (FbCenterClock  *self,
                                                    gint64          unix_s,
                                                    char          **date,
                                                    gint64         *start,
                                                    gint64         *end);
/* [start, end) of @shift of "YYYY-MM-DD"; FALSE for a bad date. */
gboolean        fb_center_clock_shift_bounds       (FbCenterClock  *self,
                                                    const char     *date,
                                                    FbShift         shift,
                                                    gint64         *start,
                                                    gint64         *end);
/* The start of the center quarter-hour holding @unix_s. Quarters are on
 * the center's wall clock (zones with a 30 or 45 minute offset differ
 * from UTC's quarters). */
gint64          fb_center_clock_quarter_start      (FbCenterClock  *self,
                                                    gint64          unix_s);

G_END_DECLS
