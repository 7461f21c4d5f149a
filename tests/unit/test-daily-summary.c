/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The director's daily summary from a real cache (KST): each figure is the
 * one the rows imply, computed by hand below. */
#define G_LOG_DOMAIN "test-daily-summary"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "fb-daily-summary.h"
#include "fb-paths.h"
#include "fb-summary-rollup.h"
#include "fb-test-cache.h"

/* The day shift of 2026-11-20 runs 08:00–20:00 KST = 23:00Z–11:00Z, the
 * night 11:00Z–23:00Z; the summary's day is the calendar date in KST,
 * 19T15:00Z–20T15:00Z, as the floor's "today" and the chart count it. */
#define DATE "2026-11-20"
#define NOW 1900000000

/* The shift-figures cache, and what only the whole day sees. */
static FbStore *
summary_cache (char **dir_out)
{
  FbStore *store = fb_test_cache_new_shift_day ("fb-summary", dir_out);

  /* The night: 80 offered, 60 answered (30 in time, 600 s of waits). */
  fb_test_cache_put_interval (store, "q-01", "2026-11-20T20:00:00Z", 80, 60, 30, 600);
  /* The same weekday a week before, 09:00 KST. */
  fb_test_cache_put_interval (store, "q-01", "2026-11-13T00:00:00Z", 42, 40, 40, 100);
  /* Raised on the 16th, reached 78 h later (too late), resolved in the night. */
  fb_test_cache_put_case (store, "e-4", "2026-11-16T00:00:00Z", "2026-11-16T01:00:00Z", "2026-11-30T00:00:00Z",
                          ",\"dispatched_at\":\"2026-11-16T00:30:00Z\",\"responded_at\":\"2026-11-16T02:00:00Z\","
                          "\"resolved_at\":\"2026-11-20T13:00:00Z\",\"callback_attempts\":["
                          "{\"at\":\"2026-11-19T06:00:00Z\",\"by\":\"u-sup\",\"outcome\":\"reached\"}]");

  /* ag-1: one that day, one earlier in the month. ag-2: last month and
   * after the day only. ag-3: six this month, over the limit. */
  fb_test_cache_put_qa (store, "qa-1", "ag-1", "2026-11-20T02:00:00Z", 80);
  fb_test_cache_put_qa (store, "qa-2", "ag-1", "2026-11-05T02:00:00Z", 90);
  fb_test_cache_put_qa (store, "qa-3", "ag-2", "2026-10-30T02:00:00Z", 50);
  fb_test_cache_put_qa (store, "qa-4", "ag-2", "2026-11-25T02:00:00Z", 10);
  for (guint i = 1; i <= 6; i++)
    {
      g_autofree char *id = g_strdup_printf ("qa-3%u", i);
      g_autofree char *at = g_strdup_printf ("2026-11-0%uT12:00:00Z", i);
      fb_test_cache_put_qa (store, id, "ag-3", at, 70);
    }

  fb_test_cache_put (store, "duty_report", "duty-" DATE "-day",
                     "{\"id\":\"duty-" DATE "-day\",\"date\":\"" DATE "\",\"shift\":\"day\",\"author\":\"u-lead1\","
                     "\"status\":\"submitted\",\"submitted_at\":\"2026-11-20T10:50:00Z\",\"acknowledged_by\":\"u-lead2\","
                     "\"acknowledged_at\":\"2026-11-20T11:05:00Z\",\"issue_summary\":\"없음\"}");
  /* Authors by name where the cache knows the user. */
  fb_test_cache_put (store, "user", "u-lead1",
                     "{\"id\":\"u-lead1\",\"username\":\"lead1\",\"name\":\"김반장\",\"role\":\"shift_leader\"}");
  /* Another date's report is not this day's. */
  fb_test_cache_put (store, "duty_report", "duty-2026-11-19-night",
                     "{\"id\":\"duty-2026-11-19-night\",\"date\":\"2026-11-19\",\"shift\":\"night\",\"author\":\"u-lead2\","
                     "\"status\":\"reviewed\",\"reviewed_by\":\"u-dir\"}");
  return store;
}

static void
test_summary (void)
{
  FbSummaryTargets targets = { 0.9, 0.02, 15, 1.0 };
  g_auto(FbTestDir) dir = NULL;
  g_autoptr(FbStore) store = summary_cache (&dir);
  g_autoptr(GTimeZone) kst = g_time_zone_new_offset (9 * 3600);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = fb_daily_summary_compute (store, kst, DATE, &targets, NOW, &error);
  JsonObject *o, *day, *esc, *qa, *reports, *report, *due;

  g_assert_no_error (error);
  o = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (o, "date"), ==, DATE);

  /* The shifts as fb_shift_figures_compute() gives them. */
  g_assert_cmpint (fb_test_member_int (fb_test_member_object (fb_test_member_object (o, "shifts"), "day"), "offered"), ==, 120);
  g_assert_cmpint (fb_test_member_int (fb_test_member_object (fb_test_member_object (o, "shifts"), "night"), "offered"), ==, 780);

  /* The calendar date: 07:45 (the night before's shift), 09:00, 19:45 and
   * 20:00 KST; not the night's 05:00 on the 21st. 1320 offered, 1300
   * answered (1280 in time, 1200 s of waits), 20 abandoned. */
  day = fb_test_member_object (o, "day");
  fb_test_assert_calls (day, 1320, 1300, 20, 1280, 1200);

  /* New: e-1, e-2. Closed: e-1, e-4. Overdue at the day's end (15:00Z):
   * e-2 and e-3 (its dispatch fell due at 12:00Z) — not the shifts' sum.
   * Resolved that day: e-1 reached in time, e-4 too late. */
  esc = fb_test_member_object (o, "escalations");
  g_assert_cmpint (fb_test_member_int (esc, "new"), ==, 2);
  g_assert_cmpint (fb_test_member_int (esc, "closed"), ==, 2);
  g_assert_cmpint (fb_test_member_int (esc, "overdue"), ==, 2);
  g_assert_cmpint (fb_test_member_int (esc, "resolved"), ==, 2);
  g_assert_cmpint (fb_test_member_int (esc, "called_back"), ==, 1);
  g_assert_cmpfloat_with_epsilon (fb_test_member_double (esc, "callback_rate_72h"), 0.5, 1e-9);

  /* Month to date: qa-1, qa-2 and ag-3's six: (80 + 90 + 6 × 70) / 8. */
  qa = fb_test_member_object (o, "qa");
  g_assert_cmpint (fb_test_member_int (qa, "evaluations"), ==, 1);
  g_assert_cmpint (fb_test_member_int (qa, "month_evaluations"), ==, 8);
  g_assert_cmpfloat_with_epsilon (fb_test_member_double (qa, "month_average"), 590.0 / 8.0, 1e-9);
  g_assert_cmpint (fb_test_member_int (qa, "agents_not_monitored"), ==, 1);
  g_assert_cmpint (fb_test_member_int (qa, "agents_over_limit"), ==, 1);

  reports = fb_test_member_object (o, "reports");
  report = fb_test_member_object (reports, "day");
  g_assert_cmpstr (json_object_get_string_member (report, "status"), ==, "submitted");
  g_assert_cmpstr (json_object_get_string_member (report, "author"), ==, "김반장");
  g_assert_cmpstr (json_object_get_string_member (report, "acknowledged_by"), ==, "u-lead2");
  g_assert_false (json_object_has_member (report, "reviewed_by"));
  g_assert_false (json_object_has_member (reports, "night"));

  due = fb_test_member_object (o, "monthly_report_due");
  g_assert_cmpstr (json_object_get_string_member (due, "date"), ==, "2026-11-22");
  g_assert_false (json_object_get_boolean_member (due, "overdue"));
  /* The targets it was given, to compare with. */
  g_assert_cmpfloat_with_epsilon (fb_test_member_double (fb_test_member_object (o, "targets"), "service_level"), 0.9, 1e-9);
  g_assert_cmpfloat_with_epsilon (fb_test_member_double (fb_test_member_object (o, "targets"), "asa_s"), 15, 1e-9);
  g_assert_cmpfloat_with_epsilon (fb_test_member_double (fb_test_member_object (o, "targets"), "abandon_rate"), 0.02, 1e-9);
  g_assert_cmpfloat_with_epsilon (fb_test_member_double (fb_test_member_object (o, "targets"), "callback_rate_72h"), 1.0, 1e-9);

  /* The calendar date in KST: 07:45, 09:00, 19:45 and 20:00 (the night
   * shift's 05:00 on the 21st is the next date); a week before, 09:00. */
  {
    JsonObject *intraday = fb_test_member_object (o, "intraday");
    JsonArray *offered = json_object_get_array_member (intraday, "offered");
    JsonArray *last_week = json_object_get_array_member (intraday, "last_week");
    gint64 sum = 0, week_sum = 0;

    g_assert_cmpuint (json_array_get_length (offered), ==, 96);
    g_assert_cmpuint (json_array_get_length (last_week), ==, 96);
    for (guint i = 0; i < 96; i++)
      {
        sum += json_array_get_int_element (offered, i);
        week_sum += json_array_get_int_element (last_week, i);
      }
    g_assert_cmpint (json_array_get_int_element (offered, 31), ==, 500);
    g_assert_cmpint (json_array_get_int_element (offered, 36), ==, 100);
    g_assert_cmpint (json_array_get_int_element (offered, 79), ==, 20);
    g_assert_cmpint (json_array_get_int_element (offered, 80), ==, 700);
    g_assert_cmpint (sum, ==, 1320);
    /* The day's calls are the chart's bars, to the call. */
    g_assert_cmpint (sum, ==, fb_test_member_int (day, "offered"));
    g_assert_cmpint (json_array_get_int_element (last_week, 36), ==, 42);
    g_assert_cmpint (week_sum, ==, 42);
  }
}

static void
test_other_days (void)
{
  FbSummaryTargets targets = { 0.9, 0.02, 15, 1.0 };
  g_auto(FbTestDir) dir = NULL;
  g_autoptr(FbStore) store = summary_cache (&dir);
  g_autoptr(GTimeZone) kst = g_time_zone_new_offset (9 * 3600);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) after = fb_daily_summary_compute (store, kst, "2026-11-23", &targets, NOW, &error);
  g_autoptr(JsonNode) quiet = NULL;
  JsonObject *o;
  JsonNode *bad;

  g_assert_no_error (error);
  o = json_node_get_object (after);
  g_assert_true (json_object_get_boolean_member (fb_test_member_object (o, "monthly_report_due"), "overdue"));
  /* A day with no calls: no rates made up from nothing. */
  g_assert_cmpint (fb_test_member_int (fb_test_member_object (o, "day"), "offered"), ==, 0);
  g_assert_false (json_object_has_member (fb_test_member_object (o, "day"), "service_level"));
  g_assert_false (json_object_has_member (fb_test_member_object (o, "escalations"), "callback_rate_72h"));
  g_assert_cmpint (json_object_get_size (fb_test_member_object (o, "reports")), ==, 0);

  /* The 19th: its night report, reviewed. */
  quiet = fb_daily_summary_compute (store, kst, "2026-11-19", &targets, NOW, &error);
  g_assert_no_error (error);
  o = fb_test_member_object (fb_test_member_object (json_node_get_object (quiet), "reports"), "night");
  g_assert_cmpstr (json_object_get_string_member (o, "reviewed_by"), ==, "u-dir");

  /* 07:00 KST on the 20th: neither of its shifts has begun. They have no
   * calls or cases yet (not 0 of them); who is away or swapped is known. */
  {
    g_autoptr(GDateTime) seven = g_date_time_new (kst, 2026, 11, 20, 7, 0, 0);
    g_autoptr(JsonNode) early = fb_daily_summary_compute (store, kst, DATE, &targets,
                                                          g_date_time_to_unix (seven), &error);
    JsonObject *day_shift;

    g_assert_no_error (error);
    day_shift = fb_test_member_object (fb_test_member_object (json_node_get_object (early), "shifts"), "day");
    g_assert_false (json_object_has_member (day_shift, "offered"));
    g_assert_false (json_object_has_member (day_shift, "escalations_overdue"));
    g_assert_cmpint (fb_test_member_int (day_shift, "on_leave"), ==, 1);
    g_assert_cmpint (fb_test_member_int (day_shift, "swaps"), ==, 1);
  }

  bad = fb_daily_summary_compute (store, kst, "2026-02-30", &targets, NOW, &error);
  g_assert_null (bad);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
}

static void
test_no_teams (void)
{
  FbSummaryTargets targets = { 0.9, 0.02, 15, 1.0 };
  g_autoptr(GError) error = NULL;
  g_auto(FbTestDir) dir = g_dir_make_tmp ("fb-summary-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "cache.db", NULL);
  g_autoptr(FbStore) store = fb_store_open (path, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, &error);
  g_autoptr(GTimeZone) kst = g_time_zone_new_offset (9 * 3600);
  JsonNode *node;

  g_assert_no_error (error);
  node = fb_daily_summary_compute (store, kst, DATE, &targets, NOW, &error);
  g_assert_null (node);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
test_targets (void)
{
  FbSummaryTargets t;

  fb_summary_targets_init_default (&t);
  g_assert_cmpfloat (t.callback_rate_72h, ==, 1.0);

  /* Success rates at least the target, waits and losses at most. */
  g_assert_true (fb_summary_targets_met (&t, "service_level", t.service_level));
  g_assert_false (fb_summary_targets_met (&t, "service_level", t.service_level - 0.001));
  g_assert_true (fb_summary_targets_met (&t, "callback_rate_72h", 1.0));
  g_assert_false (fb_summary_targets_met (&t, "callback_rate_72h", 0.99));
  g_assert_true (fb_summary_targets_met (&t, "asa_s", t.asa_s));
  g_assert_false (fb_summary_targets_met (&t, "asa_s", t.asa_s + 0.5));
  g_assert_true (fb_summary_targets_met (&t, "abandon_rate", 0));
  g_assert_false (fb_summary_targets_met (&t, "abandon_rate", t.abandon_rate + 0.001));
  g_assert_false (fb_summary_targets_met (&t, "offered", 0));
}

static void
test_period_bounds (void)
{
  struct { FbSummaryPeriod period; const char *date, *from, *to; } cases[] = {
    /* A Sunday ends its week; weeks and months across years and leap days. */
    { FB_SUMMARY_WEEK, "2026-11-22", "2026-11-16", "2026-11-22" },
    { FB_SUMMARY_WEEK, "2026-11-16", "2026-11-16", "2026-11-22" },
    { FB_SUMMARY_WEEK, "2026-01-01", "2025-12-29", "2026-01-04" },
    { FB_SUMMARY_MONTH, "2024-02-10", "2024-02-01", "2024-02-29" },
    { FB_SUMMARY_MONTH, "2026-12-31", "2026-12-01", "2026-12-31" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;

      g_assert_true (fb_summary_period_bounds (cases[i].period, cases[i].date, &from, &to));
      g_assert_cmpstr (from, ==, cases[i].from);
      g_assert_cmpstr (to, ==, cases[i].to);
    }
  {
    g_autofree char *from = NULL;
    g_autofree char *to = NULL;

    g_assert_false (fb_summary_period_bounds (FB_SUMMARY_MONTH, "2026-02-30", &from, &to));
    g_assert_null (from);
  }
}

/* The week is its days added up: counted here from the daily summaries. */
static void
test_rollup_week (void)
{
  FbSummaryTargets targets = { 0.9, 0.02, 15, 1.0 };
  g_auto(FbTestDir) dir = NULL;
  g_autoptr(FbStore) store = summary_cache (&dir);
  g_autoptr(GTimeZone) kst = g_time_zone_new_offset (9 * 3600);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = fb_summary_rollup_compute (store, kst, FB_SUMMARY_WEEK, DATE, &targets, NOW, &error);
  JsonObject *o, *day, *esc, *qa;
  JsonArray *days;
  gint64 offered = 0, answered = 0, opened = 0, resolved = 0, called_back = 0;
  double in_sl = 0;

  g_assert_no_error (error);
  o = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (o, "period"), ==, "week");
  g_assert_cmpstr (json_object_get_string_member (o, "from"), ==, "2026-11-16");
  g_assert_cmpstr (json_object_get_string_member (o, "to"), ==, "2026-11-22");
  days = json_object_get_array_member (o, "days");
  g_assert_cmpuint (json_array_get_length (days), ==, 7);

  for (guint i = 16; i <= 22; i++)
    {
      g_autofree char *date = g_strdup_printf ("2026-11-%02u", i);
      g_autoptr(JsonNode) daily = fb_daily_summary_compute (store, kst, date, &targets, NOW, &error);
      JsonObject *d, *e;

      g_assert_no_error (error);
      d = fb_test_member_object (json_node_get_object (daily), "day");
      e = fb_test_member_object (json_node_get_object (daily), "escalations");
      offered += fb_test_member_int (d, "offered");
      answered += fb_test_member_int (d, "answered");
      if (fb_test_member_int (d, "answered") > 0)
                in_sl += fb_test_member_double (d, "service_level") * fb_test_member_int (d, "answered");
      opened += fb_test_member_int (e, "new");
      resolved += fb_test_member_int (e, "resolved");
      called_back += fb_test_member_int (e, "called_back");
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (days, i - 16), "date"), ==, date);
      g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (days, i - 16), "offered"), ==,
                       fb_test_member_int (d, "offered"));
    }

  day = fb_test_member_object (o, "day");
  g_assert_cmpint (offered, >, 0);
  g_assert_cmpint (fb_test_member_int (day, "offered"), ==, offered);
  g_assert_cmpint (fb_test_member_int (day, "answered"), ==, answered);
  /* Weighted by answered calls, not an average of the days' rates. */
  g_assert_cmpfloat_with_epsilon (fb_test_member_double (day, "service_level"), in_sl / answered, 1e-9);
  esc = fb_test_member_object (o, "escalations");
  g_assert_cmpint (fb_test_member_int (esc, "new"), ==, opened);
  g_assert_cmpint (fb_test_member_int (esc, "resolved"), ==, resolved);
  g_assert_cmpint (fb_test_member_int (esc, "called_back"), ==, called_back);
  g_assert_cmpfloat_with_epsilon (fb_test_member_double (esc, "callback_rate_72h"), (double) called_back / resolved, 1e-9);

  /* Both teams every day: 14 reports due; the 20th's day report
   * (submitted, handed over) and the 19th's night (reviewed). */
  fb_test_assert_reports (o, 14, 2, 1, 1);

  /* Evaluated that week: qa-1 only (80). */
  qa = fb_test_member_object (o, "qa");
  g_assert_cmpint (fb_test_member_int (qa, "evaluations"), ==, 1);
  g_assert_cmpfloat_with_epsilon (fb_test_member_double (qa, "average"), 80, 1e-9);
  g_assert_cmpfloat_with_epsilon (fb_test_member_double (fb_test_member_object (o, "targets"), "service_level"), 0.9, 1e-9);
}

static void
test_rollup_so_far (void)
{
  FbSummaryTargets targets;
  g_auto(FbTestDir) dir = NULL;
  g_autoptr(FbStore) store = summary_cache (&dir);
  g_autoptr(GTimeZone) kst = g_time_zone_new_offset (9 * 3600);
  g_autoptr(GError) error = NULL;
  /* Friday the 20th, 21:00 KST. */
  gint64 friday = 1795176000;
  g_autoptr(JsonNode) week = NULL;
  g_autoptr(JsonNode) month = NULL;
  JsonNode *node;
  JsonObject *o;

  fb_summary_targets_init_default (&targets);
  week = fb_summary_rollup_compute (store, kst, FB_SUMMARY_WEEK, DATE, &targets, friday, &error);
  g_assert_no_error (error);
  o = json_node_get_object (week);
  /* Days to come are not counted. */
  g_assert_cmpstr (json_object_get_string_member (o, "to"), ==, "2026-11-20");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "days")), ==, 5);
  g_assert_cmpint (fb_test_member_int (fb_test_member_object (o, "reports"), "expected"), ==, 10);

  month = fb_summary_rollup_compute (store, kst, FB_SUMMARY_MONTH, DATE, &targets, friday, &error);
  g_assert_no_error (error);
  o = json_node_get_object (month);
  g_assert_cmpstr (json_object_get_string_member (o, "from"), ==, "2026-11-01");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "days")), ==, 20);

  /* A period not begun, and no date at all: errors, nothing made up. */
  node = fb_summary_rollup_compute (store, kst, FB_SUMMARY_MONTH, "2026-12-05", &targets, friday, &error);
  g_assert_null (node);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  node = fb_summary_rollup_compute (store, kst, FB_SUMMARY_WEEK, "2026-11-31", &targets, friday, &error);
  g_assert_null (node);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/daily-summary/figures", test_summary);
  g_test_add_func ("/daily-summary/other-days", test_other_days);
  g_test_add_func ("/daily-summary/no-teams", test_no_teams);
  g_test_add_func ("/daily-summary/targets", test_targets);
  g_test_add_func ("/summary-rollup/bounds", test_period_bounds);
  g_test_add_func ("/summary-rollup/week", test_rollup_week);
  g_test_add_func ("/summary-rollup/so-far", test_rollup_so_far);
  return g_test_run ();
}
