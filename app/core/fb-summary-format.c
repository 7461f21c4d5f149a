/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-summary-format.c
 *
 * The screen, the PDF and the CSV once each had their own names and
 * number formats for the same figures, and drifted apart ("인입 호" in
 * the file, "콜" on screen; 0.80000000000000004 in the file, 80.0% on
 * screen). They all ask here now.
 */
#define G_LOG_DOMAIN "floorboard-core"

#include <glib/gi18n.h>
#include <string.h>

#include "fb-daily-summary.h"
#include "fb-summary-format.h"

const char * const fb_summary_shift_figures[] = {
  "offered", "answered", "abandoned", "service_level", "asa_s", "escalations_opened",
  "escalations_closed", "escalations_overdue", "callbacks_done", "on_leave", "swaps", NULL,
};
const char * const fb_summary_call_figures[] = { "offered", "answered", "abandoned", "abandon_rate", NULL };
const char * const fb_summary_escalation_figures[] = {
  "new", "closed", "overdue", "resolved", "called_back", "callback_rate_72h", NULL,
};
const char * const fb_summary_qa_day_figures[] = {
  "evaluations", "month_evaluations", "month_average", "agents_not_monitored", "agents_over_limit", NULL,
};
const char * const fb_summary_qa_period_figures[] = { "evaluations", "average", NULL };
const char * const fb_summary_report_period_figures[] = { "expected", "submitted", "reviewed", "acknowledged", NULL };
const char * const fb_summary_kpi_figures[] = { "service_level", "asa_s", "abandon_rate", "callback_rate_72h", NULL };

static const struct
{
  const char *key;
  const char *label;
} labels[] = {
  /* Parts, as the page and the printed summary head them. */
  { "summary", N_("Summary") },
  { "kpi", N_("Key Figures against Targets") },
  { "targets", N_("Targets") },
  { "shifts", N_("Shifts") },
  { "shifts.day", N_("Day Shift") },
  { "shifts.night", N_("Night Shift") },
  { "day", N_("Calls") },
  { "escalations", N_("Escalations") },
  { "qa", N_("Quality monitoring") },
  { "reports", N_("Duty Reports") },
  { "reports.day", N_("Day shift duty report") },
  { "reports.night", N_("Night shift duty report") },
  { "monthly_report_due", N_("Monthly service-quality report") },
  { "intraday.offered", N_("Calls Offered per Quarter Hour") },
  { "intraday.last_week", N_("Calls offered a week before") },
  { "days", N_("Day by Day") },
  /* Figures */
  { "date", N_("Date") },
  { "offered", N_("Calls offered") },
  { "answered", N_("Calls answered") },
  { "abandoned", N_("Calls abandoned") },
  { "service_level", N_("Service level") },
  /* The value carries its unit ("12 s"). */
  { "asa_s", N_("Average speed of answer") },
  { "abandon_rate", N_("Abandon rate") },
  { "escalations_opened", N_("Escalations opened") },
  { "escalations_closed", N_("Escalations closed") },
  { "escalations_overdue", N_("Escalations overdue") },
  { "callbacks_done", N_("Callbacks made") },
  { "on_leave", N_("On leave") },
  { "late_over_20", N_("Late over 20 minutes") },
  { "swaps", N_("Shift swaps") },
  { "new", N_("New") },
  { "closed", N_("Closed") },
  { "overdue", N_("Overdue") },
  { "callback_rate_72h", N_("Called back within 72 hours") },
  { "evaluations", N_("Evaluations that day") },
  { "month_evaluations", N_("Evaluations this month") },
  { "month_average", N_("Average score this month") },
  { "agents_not_monitored", N_("Agents not monitored this month") },
  { "agents_over_limit", N_("Agents monitored over 5 times") },
  { "resolved", N_("Resolved") },
  { "called_back", N_("Called back within 72 hours (cases)") },
  { "period", N_("Period") },
  { "week", N_("Week") },
  { "month", N_("Month") },
  { "from", N_("From") },
  { "to", N_("To") },
  { "average", N_("Average score") },
  { "expected", N_("Duty reports due") },
  { "submitted", N_("Submitted") },
  { "reviewed", N_("Reviewed") },
  { "acknowledged", N_("Handover acknowledged") },
  { "escalations_new", N_("New escalations") },
  { "reports_submitted", N_("Duty reports submitted") },
  { "reports_reviewed", N_("Duty reports reviewed") },
  { "status", N_("Status") },
  { "author", N_("Author") },
  { "reviewed_by", N_("Reviewed by") },
  { "acknowledged_by", N_("Acknowledged by") },
};

const char *
fb_summary_label (const char *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].key, key))
      return _(labels[i].label);
  return key;
}

const char *
fb_summary_figure_label (JsonNode   *summary,
                         const char *path)
{
  const char *key;

  g_return_val_if_fail (path != NULL, NULL);

  /* A roll-up's evaluations are the period's, not "that day"'s. */
  if (g_str_equal (path, "qa.evaluations") && fb_summary_lookup (summary, "period") != NULL)
    return _("Evaluations");
  key = strrchr (path, '.');
  return fb_summary_label (key ? key + 1 : path);
}

char *
fb_summary_kpi_path (const char *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  /* The callback rate is the escalations'; the others the calls'. */
  return g_strconcat (g_str_equal (key, "callback_rate_72h") ? "escalations." : "day.", key, NULL);
}

static const char *
tr_status (const char *status)
{
  if (g_strcmp0 (status, "draft") == 0)
    return _("Draft");
  if (g_strcmp0 (status, "submitted") == 0)
    return _("Submitted");
  if (g_strcmp0 (status, "reviewed") == 0)
    return _("Reviewed");
  return status;
}

static gboolean
is_rate (const char *key)
{
  return g_str_equal (key, "service_level") || g_str_equal (key, "abandon_rate") ||
         g_str_equal (key, "callback_rate_72h");
}

char *
fb_summary_format_figure (const char *key,
                          JsonNode   *value)
{
  g_return_val_if_fail (key != NULL, NULL);

  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value))
    return g_strdup ("–");
  switch (json_node_get_value_type (value))
    {
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (value) ? _("Yes") : _("No"));
    case G_TYPE_STRING:
      if (g_str_equal (key, "status"))
        return g_strdup (tr_status (json_node_get_string (value)));
      if (g_str_equal (key, "period"))
        return g_strdup (fb_summary_label (json_node_get_string (value)));
      return g_strdup (json_node_get_string (value));
    case G_TYPE_INT64:
    case G_TYPE_DOUBLE:
      {
        double v = json_node_get_double (value);

        if (is_rate (key))
          /* Translators: a percentage; %.1f is the number. */
          return g_strdup_printf (_("%.1f%%"), v * 100.0);
        if (g_str_equal (key, "asa_s"))
          /* Translators: seconds, as in an average speed of answer. */
          return g_strdup_printf (_("%.0f s"), v);
        if (json_node_get_value_type (value) == G_TYPE_INT64)
          return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
        /* Averages, and any other fraction: one decimal. */
        return g_strdup_printf ("%.1f", v);
      }
    default:
      return g_strdup ("–");
    }
}

char *
fb_summary_format_path (JsonNode   *summary,
                        const char *path)
{
  const char *key;

  g_return_val_if_fail (path != NULL, NULL);

  key = strrchr (path, '.');
  return fb_summary_format_figure (key ? key + 1 : path, fb_summary_lookup (summary, path));
}
