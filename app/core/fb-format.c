/* fb-format.c: dates in the interface's language. */
#include <glib/gi18n.h>

#include "fb-format.h"

static const char *
weekday_name (int      weekday,    /* 1 = Monday … 7 = Sunday */
              gboolean abbreviated)
{
  switch (weekday)
    {
    case 1: return abbreviated ? C_("weekday abbreviated", "Mon") : C_("weekday", "Monday");
    case 2: return abbreviated ? C_("weekday abbreviated", "Tue") : C_("weekday", "Tuesday");
    case 3: return abbreviated ? C_("weekday abbreviated", "Wed") : C_("weekday", "Wednesday");
    case 4: return abbreviated ? C_("weekday abbreviated", "Thu") : C_("weekday", "Thursday");
    case 5: return abbreviated ? C_("weekday abbreviated", "Fri") : C_("weekday", "Friday");
    case 6: return abbreviated ? C_("weekday abbreviated", "Sat") : C_("weekday", "Saturday");
    case 7:
    default: return abbreviated ? C_("weekday abbreviated", "Sun") : C_("weekday", "Sunday");
    }
}

static const char *
month_name (int      month,
            gboolean abbreviated)
{
  switch (month)
    {
    case 1: return abbreviated ? C_("month abbreviated", "Jan") : C_("month", "January");
    case 2: return abbreviated ? C_("month abbreviated", "Feb") : C_("month", "February");
    case 3: return abbreviated ? C_("month abbreviated", "Mar") : C_("month", "March");
    case 4: return abbreviated ? C_("month abbreviated", "Apr") : C_("month", "April");
    case 5: return abbreviated ? C_("month abbreviated", "May") : C_("month", "May");
    case 6: return abbreviated ? C_("month abbreviated", "Jun") : C_("month", "June");
    case 7: return abbreviated ? C_("month abbreviated", "Jul") : C_("month", "July");
    case 8: return abbreviated ? C_("month abbreviated", "Aug") : C_("month", "August");
    case 9: return abbreviated ? C_("month abbreviated", "Sep") : C_("month", "September");
    case 10: return abbreviated ? C_("month abbreviated", "Oct") : C_("month", "October");
    case 11: return abbreviated ? C_("month abbreviated", "Nov") : C_("month", "November");
    case 12:
    default: return abbreviated ? C_("month abbreviated", "Dec") : C_("month", "December");
    }
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
          append_literal (expanded, weekday_name (g_date_time_get_day_of_week (dt), p[1] == 'a'));
          p++;
          break;
        case 'b':
        case 'h':
        case 'B':
          append_literal (expanded, month_name (g_date_time_get_month (dt), p[1] != 'B'));
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
