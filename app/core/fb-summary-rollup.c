/* fb-summary-rollup.c
 *
 * A roll-up is the days' summaries added up: the same figures, computed
 * the one way. Rates are recomputed from the counts they are ratios of
 * (never averaged): service level and ASA weighted by answered calls, the
 * callback rate from resolved and called-back cases.
 */
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "fb-entity.h"
#include "fb-summary-rollup.h"

static GDateTime *
parse_date (GTimeZone  *tz,
            const char *date)
{
  int y, m, d;

  if (date == NULL || !fb_date_is_valid (date) || sscanf (date, "%d-%d-%d", &y, &m, &d) != 3)
    return NULL;
  return g_date_time_new (tz, y, m, d, 0, 0, 0);
}

static gboolean
bounds (GTimeZone        *tz,
        FbSummaryPeriod   period,
        const char       *date,
        GDateTime       **from,
        GDateTime       **to)
{
  g_autoptr(GDateTime) dt = parse_date (tz, date);

  if (dt == NULL)
    return FALSE;
  if (period == FB_SUMMARY_WEEK)
    {
      *from = g_date_time_add_days (dt, 1 - g_date_time_get_day_of_week (dt));
      *to = g_date_time_add_days (*from, 6);
    }
  else
    {
      g_autoptr(GDateTime) next = NULL;

      *from = g_date_time_new (tz, g_date_time_get_year (dt), g_date_time_get_month (dt), 1, 0, 0, 0);
      next = g_date_time_add_months (*from, 1);
      *to = g_date_time_add_days (next, -1);
    }
  return TRUE;
}

gboolean
fb_summary_period_bounds (FbSummaryPeriod   period,
                          const char       *date,
                          char            **from,
                          char            **to)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) last = NULL;

  g_return_val_if_fail (from != NULL && to != NULL, FALSE);

  if (!bounds (utc, period, date, &first, &last))
    return FALSE;
  *from = g_date_time_format (first, "%Y-%m-%d");
  *to = g_date_time_format (last, "%Y-%m-%d");
  return TRUE;
}

static gint64
get_int (JsonObject *o,
         const char *name)
{
  gint64 v = 0;

  if (o != NULL)
    fb_json_member_int (o, name, &v);
  return v;
}

static JsonObject *
get_object (JsonObject *o,
            const char *name)
{
  JsonNode *node = o ? json_object_get_member (o, name) : NULL;

  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static void
add_int (JsonBuilder *b,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static void
add_double (JsonBuilder *b,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_double_value (b, value);
}

typedef struct
{
  gint64 offered, answered, abandoned;
  double in_sl, wait_s;    /* service level × answered, ASA × answered */
} Calls;

static void
calls_add (Calls      *calls,
           JsonObject *day)
{
  gint64 answered = get_int (day, "answered");

  calls->offered += get_int (day, "offered");
  calls->answered += answered;
  calls->abandoned += get_int (day, "abandoned");
  if (answered > 0 && json_object_has_member (day, "service_level"))
    {
      calls->in_sl += json_object_get_double_member (day, "service_level") * (double) answered;
      calls->wait_s += json_object_get_double_member (day, "asa_s") * (double) answered;
    }
}

static void
calls_build (JsonBuilder *b,
             const Calls *calls,
             gboolean     abandon_rate)
{
  add_int (b, "offered", calls->offered);
  add_int (b, "answered", calls->answered);
  add_int (b, "abandoned", calls->abandoned);
  if (calls->answered > 0)
    {
      add_double (b, "service_level", calls->in_sl / (double) calls->answered);
      add_double (b, "asa_s", calls->wait_s / (double) calls->answered);
    }
  if (abandon_rate && calls->offered > 0)
    add_double (b, "abandon_rate", (double) calls->abandoned / (double) calls->offered);
}

/* The evaluations made in [@start, @end): how many, and their totals. */
static gboolean
sum_evaluations (FbStore  *store,
                 gint64    start,
                 gint64    end,
                 gint64   *count,
                 double   *sum,
                 GError  **error)
{
  g_autoptr(GPtrArray) rows = fb_store_list_rows (store, fb_qa_evaluation_spec.type, error);

  *count = 0;
  *sum = 0;
  if (rows == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      FbChange *change = g_ptr_array_index (rows, i);
      g_autoptr(FbQaEvaluation) ev = fb_entity_decode_string (&fb_qa_evaluation_spec, change->data, -1, NULL);

      if (ev != NULL && ev->evaluated_at >= start && ev->evaluated_at < end)
        {
          (*count)++;
          *sum += ev->total;
        }
    }
  return TRUE;
}

JsonNode *
fb_summary_rollup_compute (FbStore                 *store,
                           GTimeZone               *tz,
                           FbSummaryPeriod          period,
                           const char              *date,
                           const FbSummaryTargets  *targets,
                           gint64                   now,
                           GError                 **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonBuilder) days = json_builder_new ();
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) last = NULL;
  g_autoptr(GDateTime) now_dt = NULL;
  g_autoptr(GDateTime) today = NULL;
  g_autoptr(GDateTime) after_last = NULL;
  g_autoptr(JsonNode) last_summary = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  Calls calls = { 0 };
  gint64 opened = 0, closed = 0, overdue = 0, resolved = 0, called_back = 0;
  gint64 expected = 0, submitted = 0, reviewed = 0, acknowledged = 0;
  gint64 n_evaluations = 0;
  double evaluation_sum = 0;

  g_return_val_if_fail (FB_IS_STORE (store), NULL);
  g_return_val_if_fail (tz != NULL, NULL);
  g_return_val_if_fail (targets != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!bounds (tz, period, date, &first, &last))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("“%s” is not a date"), date ? date : "");
      return NULL;
    }
  /* Days to come have no figures: the period so far. */
  now_dt = g_date_time_new_from_unix_utc (now);
  {
    g_autoptr(GDateTime) local = g_date_time_to_timezone (now_dt, tz);

    today = g_date_time_new (tz, g_date_time_get_year (local), g_date_time_get_month (local),
                             g_date_time_get_day_of_month (local), 0, 0, 0);
  }
  if (g_date_time_compare (first, today) > 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The period from %s has not begun yet"), date);
      return NULL;
    }
  if (g_date_time_compare (last, today) > 0)
    {
      g_date_time_unref (last);
      last = g_date_time_ref (today);
    }
  from = g_date_time_format (first, "%Y-%m-%d");
  to = g_date_time_format (last, "%Y-%m-%d");

  json_builder_begin_array (days);
  for (g_autoptr(GDateTime) day = g_date_time_ref (first); g_date_time_compare (day, last) <= 0;)
    {
      g_autofree char *day_date = g_date_time_format (day, "%Y-%m-%d");
      g_autoptr(GError) local_error = NULL;
      g_autoptr(JsonNode) node = fb_daily_summary_compute (store, tz, day_date, targets, now, &local_error);
      GDateTime *next;

      if (node == NULL && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (node != NULL)
        {
          JsonObject *o = json_node_get_object (node);
          JsonObject *whole = get_object (o, "day");
          JsonObject *esc = get_object (o, "escalations");
          JsonObject *shifts = get_object (o, "shifts");
          JsonObject *reports = get_object (o, "reports");
          Calls day_calls = { 0 };
          gint64 day_submitted = 0, day_reviewed = 0;

          calls_add (&calls, whole);
          calls_add (&day_calls, whole);
          opened += get_int (esc, "new");
          closed += get_int (esc, "closed");
          overdue = get_int (esc, "overdue");
          resolved += get_int (esc, "resolved");
          called_back += get_int (esc, "called_back");
          expected += shifts ? json_object_get_size (shifts) : 0;
          for (guint i = 0; i < 2; i++)
            {
              JsonObject *report = get_object (reports, i == 0 ? "day" : "night");
              const char *status = report ? json_object_get_string_member_with_default (report, "status", "") : "";

              day_submitted += g_str_equal (status, "submitted") || g_str_equal (status, "reviewed");
              day_reviewed += g_str_equal (status, "reviewed");
              acknowledged += report != NULL && json_object_has_member (report, "acknowledged_by");
            }
          submitted += day_submitted;
          reviewed += day_reviewed;

          json_builder_begin_object (days);
          json_builder_set_member_name (days, "date");
          json_builder_add_string_value (days, day_date);
          calls_build (days, &day_calls, FALSE);
          add_int (days, "escalations_new", get_int (esc, "new"));
          add_int (days, "escalations_closed", get_int (esc, "closed"));
          add_int (days, "reports_submitted", day_submitted);
          add_int (days, "reports_reviewed", day_reviewed);
          json_builder_end_object (days);

          g_clear_pointer (&last_summary, json_node_unref);
          last_summary = g_steal_pointer (&node);
        }
      next = g_date_time_add_days (day, 1);
      g_date_time_unref (day);
      day = next;
    }
  json_builder_end_array (days);

  if (last_summary == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No team works from %s to %s"), from, to);
      return NULL;
    }

  after_last = g_date_time_add_days (last, 1);
  if (!sum_evaluations (store, g_date_time_to_unix (first), g_date_time_to_unix (after_last),
                        &n_evaluations, &evaluation_sum, error))
    return NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "period");
  json_builder_add_string_value (b, period == FB_SUMMARY_WEEK ? "week" : "month");
  json_builder_set_member_name (b, "from");
  json_builder_add_string_value (b, from);
  json_builder_set_member_name (b, "to");
  json_builder_add_string_value (b, to);

  /* The same targets every day: the last day's. */
  json_builder_set_member_name (b, "targets");
  json_builder_add_value (b, json_node_copy (json_object_get_member (json_node_get_object (last_summary), "targets")));

  json_builder_set_member_name (b, "day");
  json_builder_begin_object (b);
  calls_build (b, &calls, TRUE);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "days");
  json_builder_add_value (b, json_builder_get_root (days));

  json_builder_set_member_name (b, "escalations");
  json_builder_begin_object (b);
  add_int (b, "new", opened);
  add_int (b, "closed", closed);
  add_int (b, "overdue", overdue);
  add_int (b, "resolved", resolved);
  add_int (b, "called_back", called_back);
  if (resolved > 0)
    add_double (b, "callback_rate_72h", (double) called_back / (double) resolved);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "qa");
  json_builder_begin_object (b);
  add_int (b, "evaluations", n_evaluations);
  if (n_evaluations > 0)
    add_double (b, "average", evaluation_sum / (double) n_evaluations);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "reports");
  json_builder_begin_object (b);
  add_int (b, "expected", expected);
  add_int (b, "submitted", submitted);
  add_int (b, "reviewed", reviewed);
  add_int (b, "acknowledged", acknowledged);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "monthly_report_due");
  json_builder_add_value (b, json_node_copy (json_object_get_member (json_node_get_object (last_summary),
                                                                     "monthly_report_due")));
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
