/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-format.c: dates in the interface's language. */
#define G_LOG_DOMAIN "floorboard-core"

#include <glib/gi18n.h>

#include "fb-format.h"

/* Marked for translation here, translated where used (with context). */
static const char * const weekdays[] = {
  NC_("weekday", "Monday"),
  NC_("weekday", "Tuesday"),
  NC_("weekday", "Wednesday"),
  NC_("weekday", "Thursday"),
  NC_("weekday", "Friday"),
  NC_("weekday", "Saturday"),
  NC_("weekday", "Sunday"),
};
static const char * const weekdays_abbreviated[] = {
  NC_("weekday abbreviated", "Mon"),
  NC_("weekday abbreviated", "Tue"),
  NC_("weekday abbreviated", "Wed"),
  NC_("weekday abbreviated", "Thu"),
  NC_("weekday abbreviated", "Fri"),
  NC_("weekday abbreviated", "Sat"),
  NC_("weekday abbreviated", "Sun"),
};
static const char * const months[] = {
  NC_("month", "January"),
  NC_("month", "February"),
  NC_("month", "March"),
  NC_("month", "April"),
  NC_("month", "May"),
  NC_("month", "June"),
  NC_("month", "July"),
  NC_("month", "August"),
  NC_("month", "September"),
  NC_("month", "October"),
  NC_("month", "November"),
  NC_("month", "December"),
};
static const char * const months_abbreviated[] = {
  NC_("month abbreviated", "Jan"),
  NC_("month abbreviated", "Feb"),
  NC_("month abbreviated", "Mar"),
  NC_("month abbreviated", "Apr"),
  NC_("month abbreviated", "May"),
  NC_("month abbreviated", "Jun"),
  NC_("month abbreviated", "Jul"),
  NC_("month abbreviated", "Aug"),
  NC_("month abbreviated", "Sep"),
  NC_("month abbreviated", "Oct"),
  NC_("month abbreviated", "Nov"),
  NC_("month abbreviated", "Dec"),
};

static const char *
name_of (const char * const *names,
         const char         *context,
         int                 index)
{
  /* The default domain, as C_() does: g_dgettext() with a domain declines
   * to translate when LC_MESSAGES is C, whatever LANGUAGE says. */
  return g_dpgettext2 (NULL, context, names[index]);
}

/* @name with every % doubled, for g_date_time_format to leave alone. */
static void
append_literal (GString    *out,
                const char *name)
{
  for (const char *p = name; *p; p++)
    {
      if (*p == '%')
        g_string_append_c (out, '%');
      g_string_append_c (out, *p);
    }
}

char *
fb_date_time_format (GDateTime  *dt,
                     const char *format)
{
  g_autoptr(GString) expanded = NULL;

  g_return_val_if_fail (dt != NULL, NULL);
  g_return_val_if_fail (format != NULL, NULL);

  expanded = g_string_new (NULL);
  for (const char *p = format; *p; p++)
    {
      if (*p != '%' || p[1] == '\0')
        {
          g_string_append_c (expanded, *p);
          continue;
        }
      switch (p[1])
        {
        case 'a':
        case 'A':
          /* Day 1 is Monday, 7 Sunday. */
          append_literal (expanded, p[1] == 'a'
                          ? name_of (weekdays_abbreviated, "weekday abbreviated", g_date_time_get_day_of_week (dt) - 1)
                          : name_of (weekdays, "weekday", g_date_time_get_day_of_week (dt) - 1));
          p++;
          break;
        case 'b':
        case 'h':
        case 'B':
          append_literal (expanded, p[1] != 'B'
                          ? name_of (months_abbreviated, "month abbreviated", g_date_time_get_month (dt) - 1)
                          : name_of (months, "month", g_date_time_get_month (dt) - 1));
          p++;
          break;
        default:
          /* Everything else, modifiers (%-d) and %% included, as GLib does it. */
          g_string_append_c (expanded, '%');
          g_string_append_c (expanded, p[1]);
          p++;
          break;
        }
    }
  return g_date_time_format (dt, expanded->str);
}
