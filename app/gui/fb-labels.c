/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-labels.c */
#define G_LOG_DOMAIN "floorboard"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "fb-format.h"
#include "fb-labels.h"

typedef struct { const char *value; const char *label; } Label;

/* N_() marks them for xgettext; _() translates at lookup. */
static const Label labels[] = {
  { "junior", N_("Junior") },
  { "intermediate", N_("Intermediate") },
  { "senior", N_("Senior") },
  { "available", N_("Available") },
  { "on_call", N_("On call") },
  { "after_call_work", N_("After-call work") },
  { "break", N_("On break") },
  { "offline", N_("Offline") },
  { "day", N_("Day") },
  { "night", N_("Night") },
  { "ok", N_("OK") },
  { "faulty", N_("Faulty") },
  { "agent", N_("Agent") },
  { "shift_leader", N_("Shift leader") },
  { "supervisor", N_("Supervisor") },
  { "qa_inspector", N_("QA inspector") },
  { "manager", N_("Manager") },
  { "director", N_("Director") },
  { "raised", N_("Raised") },
  { "dispatched", N_("Dispatched") },
  { "in_progress", N_("In progress") },
  { "awaiting_callback", N_("Awaiting callback") },
  { "resolved", N_("Resolved") },
  { "closed", N_("Closed") },
  { "low", N_("Low") },
  { "normal", N_("Normal") },
  { "high", N_("High") },
  { "critical", N_("Critical") },
  { "complaint", N_("Complaint") },
  { "billing", N_("Billing") },
  { "technical", N_("Technical") },
  { "service", N_("Service") },
  { "other", N_("Other") },
  { "sick", N_("Sick leave") },
  { "personal", N_("Personal leave") },
  { "special", N_("Special leave") },
  { "vacation", N_("Vacation") },
  { "night_shift", N_("Night-shift leave") },
  { "business_study", N_("Business/study leave") },
  { "pending", N_("Pending") },
  { "approved", N_("Approved") },
  { "rejected", N_("Rejected") },
  { "cancelled", N_("Cancelled") },
  { "draft", N_("Draft") },
  { "submitted", N_("Submitted") },
  { "reviewed", N_("Reviewed") },
};

const char *
fb_labels_for_value (const char *value)
{
  if (value == NULL)
    return "";
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (strcmp (labels[i].value, value) == 0)
      return _(labels[i].label);
  return value;
}

char *
fb_labels_format_time_in (GTimeZone *tz,
                          gint64     unix_s)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GDateTime) now = NULL;

  g_return_val_if_fail (tz != NULL, NULL);

  if (unix_s <= 0)
    return g_strdup ("—");
  dt = g_date_time_new_from_unix_utc (unix_s);
  if (dt != NULL)
    {
      GDateTime *in_zone = g_date_time_to_timezone (dt, tz);

      g_date_time_unref (dt);
      dt = in_zone;
    }
  now = g_date_time_new_now (tz);
  if (dt == NULL)
    return g_strdup ("—");
  if (g_date_time_get_year (dt) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (dt) == g_date_time_get_day_of_year (now))
    /* Translators: a time of today, strftime format */
    return g_date_time_format (dt, _("%H:%M"));
  /* Translators: a date and time of another day, strftime format */
  return fb_date_time_format (dt, _("%b %-d, %H:%M"));
}

char *
fb_labels_format_time (FbCenterClock *clock,
                       gint64         unix_s)
{
  g_autoptr(FbCenterClock) fallback = NULL;

  if (clock == NULL)
    clock = fallback = fb_center_clock_new ();
  return fb_labels_format_time_in (fb_center_clock_get_time_zone (clock), unix_s);
}

char *
fb_labels_format_duration (double seconds)
{
  gint64 s;

  if (!isfinite (seconds) || seconds < 0)
    return g_strdup ("—");
  s = (gint64) llround (seconds);
  if (s >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", s / 3600, (int) (s / 60 % 60), (int) (s % 60));
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d", s / 60, (int) (s % 60));
}

char *
fb_labels_format_percent (double fraction)
{
  if (!isfinite (fraction))
    return g_strdup ("—");
  /* Translators: a percentage; %.0f is the number */
  return g_strdup_printf (_("%.0f %%"), fraction * 100.0);
}
