/* fb-summary-csv.c */
#include <glib/gi18n.h>
#include <string.h>

#include "fb-summary-csv.h"

static const struct
{
  const char *key;
  const char *label;
} labels[] = {
  /* Sections */
  { "summary", N_("Summary") },
  { "shifts.day", N_("Day shift") },
  { "shifts.night", N_("Night shift") },
  { "day", N_("Whole day") },
  { "targets", N_("Targets") },
  { "escalations", N_("Escalations") },
  { "qa", N_("Quality monitoring") },
  { "reports.day", N_("Day shift duty report") },
  { "reports.night", N_("Night shift duty report") },
  { "monthly_report_due", N_("Monthly service-quality report") },
  { "intraday.offered", N_("Calls offered per quarter hour") },
  { "intraday.last_week", N_("Calls offered a week before") },
  { "days", N_("Day by day") },
  { "reports", N_("Duty reports") },
  /* Figures */
  { "date", N_("Date") },
  { "offered", N_("Calls offered") },
  { "answered", N_("Calls answered") },
  { "abandoned", N_("Calls abandoned") },
  { "service_level", N_("Service level") },
  { "asa_s", N_("Average speed of answer (s)") },
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
fb_summary_csv_label (const char *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].key, key))
      return _(labels[i].label);
  return key;
}

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
  append_field (csv, section);
  g_string_append_c (csv, ',');
  append_field (csv, metric);
  g_string_append_c (csv, ',');
  append_field (csv, value);
  g_string_append (csv, "\r\n");
}

static char *
format_value (JsonNode *node)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      /* Round-trips exactly; a dot whatever the locale. */
      return g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    case G_TYPE_STRING:
      {
        const char *text = json_node_get_string (node);

        /* A text cell a spreadsheet would run as a formula is kept text. */
        if (strchr ("=+-@", text[0]) != NULL && text[0] != '\0')
          return g_strconcat ("'", text, NULL);
        return g_strdup (text);
      }
    default:
      return g_strdup ("");
    }
}

static void append_object (GString    *csv,
                           const char *section,
                           JsonObject *object);

/* The quarter hours of the day ("07:45"), one row each; the days of a
 * roll-up, each a section named by its date. */
static void
append_array (GString    *csv,
              const char *section,
              JsonArray  *array)
{
  guint n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node))
        {
          g_autofree char *slot = g_strdup_printf ("%02u:%02u", (i * 15) / 60, (i * 15) % 60);
          g_autofree char *value = format_value (node);

          append_row (csv, fb_summary_csv_label (section), slot, value);
        }
      else if (JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObject *o = json_node_get_object (node);
          const char *date = json_object_get_string_member_with_default (o, "date", NULL);
          JsonObjectIter iter;
          const char *name;
          JsonNode *member;

          json_object_iter_init (&iter, o);
          while (json_object_iter_next (&iter, &name, &member))
            {
              g_autofree char *value = NULL;

              if (!JSON_NODE_HOLDS_VALUE (member) || g_str_equal (name, "date"))
                continue;
              value = format_value (member);
              append_row (csv, date ? date : fb_summary_csv_label (section), fb_summary_csv_label (name), value);
            }
        }
    }
}

/* Rows for the scalar members of @object under @section (a key); nested
 * objects become sections of their own ("shifts.day"). */
static void
append_object (GString    *csv,
               const char *section,
               JsonObject *object)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    {
      if (JSON_NODE_HOLDS_VALUE (node))
        {
          g_autofree char *value = format_value (node);
          append_row (csv, fb_summary_csv_label (section), fb_summary_csv_label (name), value);
        }
      else if (JSON_NODE_HOLDS_OBJECT (node))
        {
          g_autofree char *nested = section && !g_str_equal (section, "summary")
                                    ? g_strconcat (section, ".", name, NULL) : g_strdup (name);
          append_object (csv, nested, json_node_get_object (node));
        }
      else if (JSON_NODE_HOLDS_ARRAY (node))
        {
          g_autofree char *nested = section && !g_str_equal (section, "summary")
                                    ? g_strconcat (section, ".", name, NULL) : g_strdup (name);
          append_array (csv, nested, json_node_get_array (node));
        }
    }
}

gboolean
fb_summary_write_csv (JsonNode       *summary,
                      GOutputStream  *out,
                      GError        **error)
{
  g_autoptr(GString) csv = g_string_new ("\xEF\xBB\xBF");

  g_return_val_if_fail (summary != NULL && JSON_NODE_HOLDS_OBJECT (summary), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  append_row (csv, _("Section"), _("Metric"), _("Value"));
  append_object (csv, "summary", json_node_get_object (summary));
  return g_output_stream_write_all (out, csv->str, csv->len, NULL, NULL, error);
}
