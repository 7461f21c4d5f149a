/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-summary-rollup.c
 *
 * A roll-up is the days' summaries added up: the same figures, computed
 * the one way. Rates are recomputed from the counts they are ratios of
 * (never averaged): service level and ASA weighted by answered calls, the
 * callback rate from resolved and called-back cases.
 *
 * It does not call fb_daily_summary_compute() per day: that reads and
 * decodes every agent, escalation and evaluation of the cache for each day
 * (seconds for a month of a 2,000-agent center). Here every row is read
 * once for the whole period, and each figure is counted by the same rule
 * as fb-shift-figures.c and fb-daily-summary.c count it for one day — the
 * tests hold the roll-up to the sum of those daily summaries.
 */
#define G_LOG_DOMAIN "floorboard-core"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "fb-call-sums.h"
#include "fb-entity.h"
#include "fb-escalation-rules.h"
#include "fb-json-build.h"
#include "fb-request-rules.h"
#include "fb-summary-rollup.h"


static const char * const shift_keys[] = { "day", "night" };

static gboolean
bounds (GTimeZone        *tz,
        FbSummaryPeriod   period,
        const char       *date,
        GDateTime       **from,
        GDateTime       **to)
{
  g_autoptr(GDateTime) dt = (date ? fb_date_to_datetime (tz, date) : NULL);

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

  g_return_val_if_fail (period == FB_SUMMARY_WEEK || period == FB_SUMMARY_MONTH, FALSE);
  g_return_val_if_fail (from != NULL && to != NULL, FALSE);

  if (!bounds (utc, period, date, &first, &last))
    return FALSE;
  *from = g_date_time_format (first, "%Y-%m-%d");
  *to = g_date_time_format (last, "%Y-%m-%d");
  return TRUE;
}

/* One counted day: "the day" of the daily summary, its calendar day
 * (fb_date_day_bounds()), and which shifts some team works. */
typedef struct
{
  char     date[11];
  gboolean worked[2];
  gint64   start, end;
  FbCallSums calls;
  gint64   opened, closed;
  gint64   resolved, called_back;
} Day;

static gboolean
in_range (gint64 t,
          gint64 start,
          gint64 end)
{
  return t != 0 && t >= start && t < end;
}

/* Each quarter hour (summed over the queues by the store) goes to the
 * day it falls in, as the daily summary adds them. */
static void
add_interval_sum (const FbIntervalSum *sum,
                  gpointer             user_data)
{
  GArray *days = user_data;

  for (guint i = 0; i < days->len; i++)
    {
      Day *day = &g_array_index (days, Day, i);

      if (in_range (sum->start, day->start, day->end))
        fb_call_sums_add_interval (&day->calls, sum);
    }
}

static gboolean
add_escalations (FbStore  *store,
                 GArray   *days,
                 gint64    overdue_time,
                 gint64   *overdue,
                 GError  **error)
{
  g_autoptr(GPtrArray) rows = fb_store_list_rows (store, fb_escalation_spec.type, error);

  *overdue = 0;
  if (rows == NULL)
    return FALSE;
  for (guint r = 0; r < rows->len; r++)
    {
      FbChange *change = g_ptr_array_index (rows, r);
      g_autoptr(FbEscalation) e = fb_entity_decode_string (&fb_escalation_spec, change->data, -1, NULL);
      int in_time = -1;

      /* A row the codec refuses was refused when cached too: skip it. */
      if (e == NULL)
        continue;
      *overdue += fb_escalation_overdue_at (e, overdue_time);
      for (guint i = 0; i < days->len; i++)
        {
          Day *day = &g_array_index (days, Day, i);

          day->opened += in_range (e->raised_at, day->start, day->end);
          day->closed += in_range (e->resolved_at, day->start, day->end) ||
                         (e->resolved_at == 0 && in_range (e->closed_at, day->start, day->end));
          if (in_range (e->resolved_at, day->start, day->end))
            {
              if (in_time < 0)
                in_time = fb_escalation_called_back_in_time (e);
              day->resolved++;
              day->called_back += in_time;
            }
        }
    }
  return TRUE;
}

typedef struct
{
  gint64 start, end;
  gint64 count;
  double sum;
} Evaluations;

/* Evaluations made in [start, end): the calendar days, as QA counts its
 * months. */
static void
add_evaluation (gint64   evaluated_at,
                double   total,
                gpointer user_data)
{
  Evaluations *e = user_data;

  if (evaluated_at >= e->start && evaluated_at < e->end)
    {
      e->count++;
      e->sum += total;
    }
}

/* The day's duty report of @shift, or NULL (none, deleted or unreadable). */
static gboolean
get_report (FbStore       *store,
            const char    *date,
            guint          shift,
            FbDutyReport **out,
            GError       **error)
{
  g_autofree char *id = g_strdup_printf ("duty-%s-%s", date, shift_keys[shift]);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(FbChange) row = fb_store_get_row (store, "duty_report", id, &local_error);

  *out = NULL;
  if (row == NULL)
    {
      if (g_error_matches (local_error, FB_STORE_ERROR, FB_STORE_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!row->deleted && row->data != NULL)
    *out = fb_entity_decode_string (&fb_duty_report_spec, row->data, -1, NULL);
  return TRUE;
}

/* The teams, for when each day's shifts start and end. */
static FbRoster *
load_roster (FbStore    *store,
             GTimeZone  *tz,
             GError    **error)
{
  g_autoptr(GPtrArray) rows = fb_store_list_rows (store, fb_team_spec.type, error);
  g_autoptr(FbRoster) roster = NULL;

  if (rows == NULL)
    return NULL;
  roster = fb_roster_new (tz);
  for (guint i = 0; i < rows->len; i++)
    {
      FbChange *change = g_ptr_array_index (rows, i);
      gpointer team = fb_entity_decode_string (&fb_team_spec, change->data, -1, NULL);

      if (team != NULL)
        fb_roster_take (roster, &fb_team_spec, team);
    }
  return g_steal_pointer (&roster);
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
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) last = NULL;
  g_autoptr(GDateTime) today = NULL;
  g_autoptr(GDateTime) after_last = NULL;
  g_autoptr(FbRoster) roster = NULL;
  g_autoptr(GArray) days = g_array_new (FALSE, TRUE, sizeof (Day));
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  const Day *last_day;
  FbCallSums calls = { 0 };
  gint64 range_start = G_MAXINT64, range_end = G_MININT64;
  gint64 opened = 0, closed = 0, overdue = 0, resolved = 0, called_back = 0;
  gint64 expected = 0, submitted = 0, reviewed = 0, acknowledged = 0;
  Evaluations evaluations = { 0 };
  int year = 0, mon = 0, mday = 0;
  char due[16];

  g_return_val_if_fail (FB_IS_STORE (store), NULL);
  g_return_val_if_fail (tz != NULL, NULL);
  g_return_val_if_fail (period == FB_SUMMARY_WEEK || period == FB_SUMMARY_MONTH, NULL);
  g_return_val_if_fail (targets != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!bounds (tz, period, date, &first, &last))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("“%s” is not a date"), date ? date : "");
      return NULL;
    }
  /* Days to come have no figures: the period so far. */
  {
    g_autoptr(GDateTime) now_utc = g_date_time_new_from_unix_utc (now);
    g_autoptr(GDateTime) local = g_date_time_to_timezone (now_utc, tz);

    today = g_date_time_new (tz, g_date_time_get_year (local), g_date_time_get_month (local),
                             g_date_time_get_day_of_month (local), 0, 0, 0);
  }
  from = g_date_time_format (first, "%Y-%m-%d");
  if (g_date_time_compare (first, today) > 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The period from %s has not begun yet"), from);
      return NULL;
    }
  if (g_date_time_compare (last, today) > 0)
    {
      g_date_time_unref (last);
      last = g_date_time_ref (today);
    }
  to = g_date_time_format (last, "%Y-%m-%d");
  after_last = g_date_time_add_days (last, 1);

  if (!(roster = load_roster (store, tz, error)))
    return NULL;
  /* The days some team works; a day no team works is left out. */
  for (g_autoptr(GDateTime) dt = g_date_time_ref (first); g_date_time_compare (dt, last) <= 0;)
    {
      g_autofree char *day_date = g_date_time_format (dt, "%Y-%m-%d");
      Day day = { 0 };
      GDateTime *next;
      gint64 s, e;

      g_strlcpy (day.date, day_date, sizeof day.date);
      for (guint k = 0; k < 2; k++)
        day.worked[k] = fb_roster_shift_bounds (roster, day_date, (FbShift) k, &s, &e);
      if ((day.worked[0] || day.worked[1]) && fb_date_day_bounds (tz, day_date, &day.start, &day.end))
        {
          g_array_append_val (days, day);
          range_start = MIN (range_start, day.start);
          range_end = MAX (range_end, day.end);
        }
      next = g_date_time_add_days (dt, 1);
      g_date_time_unref (dt);
      dt = next;
    }
  if (days->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No team works from %s to %s"), from, to);
      return NULL;
    }
  last_day = &g_array_index (days, Day, days->len - 1);

  evaluations.start = g_date_time_to_unix (first);
  evaluations.end = g_date_time_to_unix (after_last);
  if (!fb_store_foreach_interval_sum (store, range_start, range_end, add_interval_sum, days, error) ||
      /* Overdue is a state, not a flow: as the last day left it, judged
       * at its end or now if earlier. */
      !add_escalations (store, days, MIN (last_day->end, now), &overdue, error) ||
      !fb_store_foreach_evaluation (store, add_evaluation, &evaluations, error))
    return NULL;

  json_builder_begin_object (b);
  fb_json_add_string (b, "period", period == FB_SUMMARY_WEEK ? "week" : "month");
  fb_json_add_string (b, "from", from);
  fb_json_add_string (b, "to", to);

  fb_summary_targets_build (targets, b);

  json_builder_set_member_name (b, "days");
  json_builder_begin_array (b);
  for (guint i = 0; i < days->len; i++)
    {
      const Day *day = &g_array_index (days, Day, i);
      gint64 day_submitted = 0, day_reviewed = 0;

      for (guint k = 0; k < 2; k++)
        {
          g_autoptr(FbDutyReport) report = NULL;

          expected += day->worked[k];
          /* As the daily summary shows them: a report counts even for
           * a shift no team works. */
          if (!get_report (store, day->date, k, &report, error))
            return NULL;
          if (report != NULL)
            {
              day_submitted += report->status == FB_REPORT_SUBMITTED || report->status == FB_REPORT_REVIEWED;
              day_reviewed += report->status == FB_REPORT_REVIEWED;
              acknowledged += report->acknowledged_by != NULL && *report->acknowledged_by != '\0';
            }
        }
      fb_call_sums_add (&calls, &day->calls);
      opened += day->opened;
      closed += day->closed;
      resolved += day->resolved;
      called_back += day->called_back;
      submitted += day_submitted;
      reviewed += day_reviewed;

      json_builder_begin_object (b);
      fb_json_add_string (b, "date", day->date);
      fb_call_sums_build (&day->calls, b, FALSE);
      fb_json_add_int (b, "escalations_new", day->opened);
      fb_json_add_int (b, "escalations_closed", day->closed);
      fb_json_add_int (b, "reports_submitted", day_submitted);
      fb_json_add_int (b, "reports_reviewed", day_reviewed);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "day");
  json_builder_begin_object (b);
  fb_call_sums_build (&calls, b, TRUE);
  json_builder_end_object (b);

  fb_summary_escalations_build (b, opened, closed, overdue, resolved, called_back);

  json_builder_set_member_name (b, "qa");
  json_builder_begin_object (b);
  fb_json_add_int (b, "evaluations", evaluations.count);
  if (evaluations.count > 0)
    fb_json_add_double (b, "average", evaluations.sum / (double) evaluations.count);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "reports");
  json_builder_begin_object (b);
  fb_json_add_int (b, "expected", expected);
  fb_json_add_int (b, "submitted", submitted);
  fb_json_add_int (b, "reviewed", reviewed);
  fb_json_add_int (b, "acknowledged", acknowledged);
  json_builder_end_object (b);

  /* Of the month the last counted day falls in, as its daily summary. */
  if (sscanf (last_day->date, "%d-%d-%d", &year, &mon, &mday) != 3)
    g_assert_not_reached ();
  g_snprintf (due, sizeof due, "%04d-%02d-%02d", year, mon, FB_MONTHLY_REPORT_DUE_DAY);
  json_builder_set_member_name (b, "monthly_report_due");
  json_builder_begin_object (b);
  fb_json_add_string (b, "date", due);
  json_builder_set_member_name (b, "overdue");
  json_builder_add_boolean_value (b, mday > FB_MONTHLY_REPORT_DUE_DAY);
  json_builder_end_object (b);

  json_builder_end_object (b);
  return json_builder_get_root (b);
}
