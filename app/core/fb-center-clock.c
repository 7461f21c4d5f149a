/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-center-clock.c: day, shift and quarter-hour arithmetic in the
 * center's time zone. */
#define G_LOG_DOMAIN "floorboard-core"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "fb-center-clock.h"

struct _FbCenterClock
{
  GObject    parent_instance;
  char      *zone_name;
  GTimeZone *zone;
};

G_DEFINE_FINAL_TYPE (FbCenterClock, fb_center_clock, G_TYPE_OBJECT)

enum { PROP_0, PROP_ZONE_NAME, N_PROPS };
static GParamSpec *properties[N_PROPS];

/* An IANA name such as "Asia/Seoul" or "America/Argentina/Buenos_Aires":
 * letters, digits, '_', '-', '+' and '/' between parts, nothing that
 * could climb out of the zoneinfo folder (GLib reads the name as a path
 * below it). */
static gboolean
zone_name_is_plain (const char *name)
{
  gsize len;

  if (name == NULL || (len = strlen (name)) == 0 || len > 64)
    return FALSE;
  if (name[0] == '/' || name[len - 1] == '/' || strstr (name, "//") || strstr (name, ".."))
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && !strchr ("_-+/", *p))
      return FALSE;
  return TRUE;
}

static GTimeZone *
load_zone (const char *name)
{
  if (!zone_name_is_plain (name))
    return NULL;
  return g_time_zone_new_identifier (name);
}

gboolean
fb_center_time_zone_is_valid (const char *name)
{
  g_autoptr(GTimeZone) zone = load_zone (name);

  return zone != NULL;
}

static void
fb_center_clock_finalize (GObject *object)
{
  FbCenterClock *self = FB_CENTER_CLOCK (object);

  g_clear_pointer (&self->zone_name, g_free);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  G_OBJECT_CLASS (fb_center_clock_parent_class)->finalize (object);
}

static void
fb_center_clock_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FbCenterClock *self = FB_CENTER_CLOCK (object);

  switch (prop_id)
    {
    case PROP_ZONE_NAME:
      g_value_set_string (value, self->zone_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_center_clock_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FbCenterClock *self = FB_CENTER_CLOCK (object);

  switch (prop_id)
    {
    case PROP_ZONE_NAME:
      {
        g_autoptr(GError) error = NULL;

        if (!fb_center_clock_set_zone_name (self, g_value_get_string (value), &error))
          g_warning ("%s", error->message);
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_center_clock_class_init (FbCenterClockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fb_center_clock_finalize;
  object_class->get_property = fb_center_clock_get_property;
  object_class->set_property = fb_center_clock_set_property;

  properties[PROP_ZONE_NAME] =
    g_param_spec_string ("zone-name", NULL, NULL, FB_CENTER_DEFAULT_TIME_ZONE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fb_center_clock_init (FbCenterClock *self)
{
  self->zone_name = g_strdup (FB_CENTER_DEFAULT_TIME_ZONE);
  self->zone = load_zone (FB_CENTER_DEFAULT_TIME_ZONE);
  /* A machine without tzdata still knows Korea's fixed offset: Korea has
   * kept +09:00 all year since 1988. */
  if (self->zone == NULL)
    self->zone = g_time_zone_new_identifier ("+09:00");
}

FbCenterClock *
fb_center_clock_new (void)
{
  return g_object_new (FB_TYPE_CENTER_CLOCK, NULL);
}

FbCenterClock *
fb_center_clock_new_for_zone (const char  *name,
                              GError     **error)
{
  g_autoptr(FbCenterClock) self = fb_center_clock_new ();

  if (!fb_center_clock_set_zone_name (self, name, error))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
fb_center_clock_get_zone_name (FbCenterClock *self)
{
  g_return_val_if_fail (FB_IS_CENTER_CLOCK (self), NULL);
  return self->zone_name;
}

gboolean
fb_center_clock_set_zone_name (FbCenterClock  *self,
                               const char     *name,
                               GError        **error)
{
  GTimeZone *zone;

  g_return_val_if_fail (FB_IS_CENTER_CLOCK (self), FALSE);

  if (g_strcmp0 (name, self->zone_name) == 0)
    return TRUE;
  if ((zone = load_zone (name)) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a time zone this machine knows; use an IANA name such as Asia/Seoul"),
                   name ? name : "");
      return FALSE;
    }
  g_clear_pointer (&self->zone, g_time_zone_unref);
  self->zone = zone;
  g_free (self->zone_name);
  self->zone_name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZONE_NAME]);
  return TRUE;
}

GTimeZone *
fb_center_clock_get_time_zone (FbCenterClock *self)
{
  g_return_val_if_fail (FB_IS_CENTER_CLOCK (self), NULL);
  return self->zone;
}

gint64
fb_center_clock_now (FbCenterClock *self)
{
  g_return_val_if_fail (FB_IS_CENTER_CLOCK (self), 0);
  return g_get_real_time () / G_USEC_PER_SEC;
}

GDateTime *
fb_center_clock_local (FbCenterClock *self,
                       gint64         unix_s)
{
  g_autoptr(GDateTime) utc = NULL;

  g_return_val_if_fail (FB_IS_CENTER_CLOCK (self), NULL);

  if ((utc = g_date_time_new_from_unix_utc (unix_s)) == NULL)
    return NULL;
  return g_date_time_to_timezone (utc, self->zone);
}

char *
fb_center_clock_format (FbCenterClock *self,
                        gint64         unix_s,
                        const char    *format)
{
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (FB_IS_CENTER_CLOCK (self), NULL);
  g_return_val_if_fail (format != NULL, NULL);

  if ((local = fb_center_clock_local (self, unix_s)) == NULL)
    return NULL;
  return g_date_time_format (local, format);
}

char *
fb_center_clock_date (FbCenterClock *self,
                      gint64         unix_s)
{
  return fb_center_clock_format (self, unix_s, "%Y-%m-%d");
}

gint64
fb_center_clock_at (FbCenterClock *self,
                    const char    *date,
                    int            hour,
                    int            minute)
{
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) t = NULL;

  g_return_val_if_fail (FB_IS_CENTER_CLOCK (self), -1);
  g_return_val_if_fail (hour >= 0 && minute >= 0, -1);

  if (date == NULL || (midnight = fb_date_to_datetime (self->zone, date)) == NULL)
    return -1;
  /* Whole days first, then the wall-clock time on that day: 20:00 is
   * 20:00 even on a day of 23 or 25 hours. */
  day = g_date_time_add_days (midnight, hour / 24);
  t = g_date_time_new (self->zone, g_date_time_get_year (day), g_date_time_get_month (day),
                       g_date_time_get_day_of_month (day), hour % 24, minute, 0);
  return t ? g_date_time_to_unix (t) : -1;
}

gboolean
fb_center_clock_day_bounds (FbCenterClock *self,
                            const char    *date,
                            gint64        *start,
                            gint64        *end)
{
  g_return_val_if_fail (FB_IS_CENTER_CLOCK (self), FALSE);
  g_return_val_if_fail (start != NULL && end != NULL, FALSE);

  return fb_date_day_bounds (self->zone, date, start, end);
}

gint64
fb_center_clock_day_start (FbCenterClock *self,
                           gint64         unix_s)
{
  g_autofree char *date = NULL;
  gint64 start = unix_s, end;

  g_return_val_if_fail (FB_IS_CENTER_CLOCK (self), unix_s);

  date = fb_center_clock_date (self, unix_s);
  if (date == NULL || !fb_center_clock_day_bounds (self, date, &start, &end))
    return unix_s;
  return start;
}

gboolean
fb_center_clock_shift_bounds (FbCenterClock *self,
                              const char    *date,
                              FbShift        shift,
                              gint64        *start,
                              gint64        *end)
{
  int first = shift == FB_SHIFT_DAY ? FB_CENTER_DAY_SHIFT_HOUR : FB_CENTER_NIGHT_SHIFT_HOUR;
  int last = shift == FB_SHIFT_DAY ? FB_CENTER_NIGHT_SHIFT_HOUR : 24 + FB_CENTER_DAY_SHIFT_HOUR;
  gint64 s, e;

  g_return_val_if_fail (FB_IS_CENTER_CLOCK (self), FALSE);

  if ((s = fb_center_clock_at (self, date, first, 0)) < 0 ||
      (e = fb_center_clock_at (self, date, last, 0)) < 0)
    return FALSE;
  if (start)
    *start = s;
  if (end)
    *end = e;
  return TRUE;
}

FbShift
fb_center_clock_shift_at (FbCenterClock  *self,
                          gint64          unix_s,
                          char          **date,
                          gint64         *start,
                          gint64         *end)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *named = NULL;
  FbShift shift;
  int hour;

  g_return_val_if_fail (FB_IS_CENTER_CLOCK (self), FB_SHIFT_DAY);

  local = fb_center_clock_local (self, unix_s);
  g_return_val_if_fail (local != NULL, FB_SHIFT_DAY);
  hour = g_date_time_get_hour (local);
  shift = hour >= FB_CENTER_DAY_SHIFT_HOUR && hour < FB_CENTER_NIGHT_SHIFT_HOUR
          ? FB_SHIFT_DAY : FB_SHIFT_NIGHT;
  /* A night shift is named after the evening it starts. */
  if (hour < FB_CENTER_DAY_SHIFT_HOUR)
    {
      g_autoptr(GDateTime) before = g_date_time_add_days (local, -1);

      named = g_date_time_format (before, "%Y-%m-%d");
    }
  else
    named = g_date_time_format (local, "%Y-%m-%d");
  if (start || end)
    fb_center_clock_shift_bounds (self, named, shift, start, end);
  if (date)
    *date = g_steal_pointer (&named);
  return shift;
}

gint64
fb_center_clock_quarter_start (FbCenterClock *self,
                               gint64         unix_s)
{
  g_autoptr(GDateTime) local = NULL;
  int into;

  g_return_val_if_fail (FB_IS_CENTER_CLOCK (self), unix_s);

  if ((local = fb_center_clock_local (self, unix_s)) == NULL)
    return unix_s;
  into = (g_date_time_get_minute (local) % 15) * 60 + g_date_time_get_second (local);
  return unix_s - into;
}
