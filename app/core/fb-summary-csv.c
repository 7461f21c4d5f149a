/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-summary-csv.c
 *
 * The rows follow the printed summary, part by part, each figure named
 * and formatted as the page and the PDF show it: one function for each
 * (fb-summary-format.c), never a second copy here.
 */
#define G_LOG_DOMAIN "floorboard-core"

#include <glib/gi18n.h>
#include <string.h>

#include "fb-daily-summary.h"
#include "fb-summary-csv.h"

#define N_SLOTS 96

typedef struct
{
  GString  *csv;
  JsonNode *summary;
} Writer;

/* RFC 4180: a field holding a comma, quote or line break is quoted, its
 * quotes doubled. */
static void
append_field (GString    *line,
              const char *text)
{
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (line, text);
      return;
    }
  g_string_append_c (line, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *p);
    }
  g_string_append_c (line, '"');
}

static void
append_row (GString    *csv,
            const char *section,
            const char *metric,
            const char *value)
{
  g_autofree char *safe = NULL;

  /* A cell a spreadsheet would run as a formula (a name "=HYPERLINK(…)")
   * is kept text. */
  if (value[0] != '\0' && strchr ("=+-@", value[0]) != NULL)
    value = safe = g_strconcat ("'", value, NULL);
  append_field (csv, section);
  g_string_append_c (csv, ',');
  append_field (csv, metric);
  g_string_append_c (csv, ',');
  append_field (csv, value);
  g_string_append (csv, "\r\n");
}

/* The figure at @path, under the part @part (a key). */
static void
figure_row (Writer     *w,
            const char *part,
            const char *path)
{
  g_autofree char *value = fb_summary_format_path (w->summary, path);

  append_row (w->csv, fb_summary_label (part), fb_summary_figure_label (w->summary, path), value);
}

/* The figures @keys of the part at @base ("escalations"). */
static void
figure_rows (Writer             *w,
             const char         *base,
             const char * const *keys)
{
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat (base, ".", keys[i], NULL);

      figure_row (w, base, path);
    }
}

static void
write_days (Writer *w)
{
  static const char * const keys[] = {
    "offered", "answered", "abandoned", "service_level", "asa_s",
    "escalations_new", "escalations_closed", "reports_submitted", "reports_reviewed", NULL,
  };
  JsonNode *days = fb_summary_lookup (w->summary, "days");
  JsonArray *array = days && JSON_NODE_HOLDS_ARRAY (days) ? json_node_get_array (days) : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *day = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *date = day ? json_object_get_string_member_with_default (day, "date", NULL) : NULL;

      if (date == NULL)
        continue;
      /* The day's own part, by its date: a spreadsheet sorts and filters by it. */
      for (guint k = 0; keys[k] != NULL; k++)
        {
          g_autofree char *value = fb_summary_format_figure (keys[k], json_object_get_member (day, keys[k]));

          append_row (w->csv, date, fb_summary_label (keys[k]), value);
        }
    }
}

static void
write_reports (Writer *w)
{
  static const char * const keys[] = { "status", "author", "acknowledged_by", "reviewed_by", NULL };
  static const char * const parts[] = { "reports.day", "reports.night" };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (fb_summary_lookup (w->summary, parts[i]) == NULL)
        {
          append_row (w->csv, fb_summary_label (parts[i]), fb_summary_label ("status"), _("No report"));
          continue;
        }
      for (guint k = 0; keys[k] != NULL; k++)
        {
          g_autofree char *path = g_strconcat (parts[i], ".", keys[k], NULL);

          figure_row (w, parts[i], path);
        }
    }
}

/* A day's calls per quarter hour, by the quarter's start. */
static void
write_slots (Writer     *w,
             const char *path)
{
  JsonNode *node = fb_summary_lookup (w->summary, path);
  JsonArray *array = node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  for (guint i = 0; array != NULL && i < MIN (json_array_get_length (array), N_SLOTS); i++)
    {
      g_autofree char *slot = g_strdup_printf ("%02u:%02u", i / 4, (i % 4) * 15);
      g_autofree char *value = fb_summary_format_figure ("offered", json_array_get_element (array, i));

      append_row (w->csv, fb_summary_label (path), slot, value);
    }
}

gboolean
fb_summary_write_csv (JsonNode       *summary,
                      GOutputStream  *out,
                      GError        **error)
{
  g_autoptr(GString) csv = g_string_new ("\xEF\xBB\xBF");
  Writer w = { csv, summary };
  gboolean rollup;

  g_return_val_if_fail (summary != NULL && JSON_NODE_HOLDS_OBJECT (summary), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  rollup = fb_summary_lookup (summary, "period") != NULL;
  append_row (csv, _("Section"), _("Figure"), _("Value"));
  if (rollup)
    {
      figure_row (&w, "summary", "period");
      figure_row (&w, "summary", "from");
      figure_row (&w, "summary", "to");
    }
  else
    figure_row (&w, "summary", "date");

  for (guint i = 0; fb_summary_kpi_figures[i] != NULL; i++)
    {
      g_autofree char *path = fb_summary_kpi_path (fb_summary_kpi_figures[i]);
      g_autofree char *value = fb_summary_format_path (summary, path);

      append_row (csv, fb_summary_label ("kpi"), fb_summary_label (fb_summary_kpi_figures[i]), value);
    }
  figure_rows (&w, "targets", fb_summary_kpi_figures);

  if (rollup)
    write_days (&w);
  else if (fb_summary_lookup (summary, "shifts") != NULL)
    {
      figure_rows (&w, "shifts.day", fb_summary_shift_figures);
      figure_rows (&w, "shifts.night", fb_summary_shift_figures);
    }
  figure_rows (&w, "day", fb_summary_call_figures);
  figure_rows (&w, "escalations", fb_summary_escalation_figures);
  figure_rows (&w, "qa", rollup ? fb_summary_qa_period_figures : fb_summary_qa_day_figures);
  if (rollup)
    figure_rows (&w, "reports", fb_summary_report_period_figures);
  else
    write_reports (&w);
  figure_row (&w, "monthly_report_due", "monthly_report_due.date");
  figure_row (&w, "monthly_report_due", "monthly_report_due.overdue");
  /* The bulk last: 96 rows a series. */
  write_slots (&w, "intraday.offered");
  write_slots (&w, "intraday.last_week");

  return g_output_stream_write_all (out, csv->str, csv->len, NULL, NULL, error);
}
