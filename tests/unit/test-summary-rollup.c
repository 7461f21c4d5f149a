/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Week and month roll-ups of the daily summary from a real cache (KST).
 * Each expected figure is worked out below from the rows the test writes,
 * or from the daily summaries the roll-up must add up to. */
#define G_LOG_DOMAIN "test-summary-rollup"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "fb-daily-summary.h"
#include "fb-paths.h"
#include "fb-summary-rollup.h"
#include "fb-test-cache.h"

/* Teams: day 08:00–20:00 KST, night 20:00–08:00. The summary's day D is
 * the calendar date in KST, D-1T15:00Z to DT15:00Z, as the floor's
 * "today" counts it. The week: Monday 2026-11-16 to Sunday the 22nd. */
#define WEEK_DATE "2026-11-19"
/* Long after November 2026: every day is past. */
#define LATER 1900000000
/* Wednesday 2026-11-18, 15:00 KST. */
#define WEDNESDAY_1500 1794981600

static void
put_report (FbStore    *store,
            const char *date,
            const char *shift,
            const char *status,
            const char *extra)
{
  g_autofree char *id = g_strdup_printf ("duty-%s-%s", date, shift);
  g_autofree char *json = g_strdup_printf ("{\"id\":\"%s\",\"date\":\"%s\",\"shift\":\"%s\",\"author\":\"u-lead1\","
                                           "\"status\":\"%s\",\"issue_summary\":\"없음\"%s}",
                                           id, date, shift, status, extra);

  fb_test_cache_put (store, "duty_report", id, json);
}

static FbStore *
cache (char **dir_out)
{
  FbStore *store = fb_test_cache_new ("fb-rollup", dir_out);

  fb_test_cache_put (store, "team", "t-day", "{\"id\":\"t-day\",\"name\":\"주간\",\"shift\":\"day\",\"start\":\"08:00\",\"end\":\"20:00\"}");
  fb_test_cache_put (store, "team", "t-night", "{\"id\":\"t-night\",\"name\":\"야간\",\"shift\":\"night\",\"start\":\"20:00\",\"end\":\"08:00\"}");
  fb_test_cache_put (store, "agent", "ag-1", "{\"id\":\"ag-1\",\"name\":\"상담원 1\",\"employee_no\":\"1\",\"grade\":\"junior\","
                     "\"team_id\":\"t-day\",\"state\":\"offline\",\"queue_id\":\"q-01\"}");

  /* Monday 09:00 KST, two queues; Monday 21:00 (night); Wednesday 14:00;
   * Monday the 23rd 07:45 (Sunday's night shift, but the 23rd: not in
   * the week). */
  fb_test_cache_put_interval (store, "q-01", "2026-11-16T00:00:00Z", 100, 90, 81, 900);
  fb_test_cache_put_interval (store, "q-02", "2026-11-16T00:00:00Z", 50, 40, 20, 800);
  fb_test_cache_put_interval (store, "q-01", "2026-11-16T12:00:00Z", 30, 30, 3, 600);
  fb_test_cache_put_interval (store, "q-01", "2026-11-18T05:00:00Z", 10, 10, 1, 100);
  fb_test_cache_put_interval (store, "q-01", "2026-11-22T22:45:00Z", 7, 7, 7, 70);
  /* Monday the 16th 07:45 KST (the 15th's night shift): in the week, on
   * Monday; the 23rd 08:00 the next week. */
  fb_test_cache_put_interval (store, "q-01", "2026-11-15T22:45:00Z", 1000, 1000, 1000, 0);
  fb_test_cache_put_interval (store, "q-01", "2026-11-22T23:00:00Z", 500, 500, 500, 0);

  /* e-1: raised and resolved on the 16th, reached within 72 h. */
  fb_test_cache_put_case (store, "e-1", "2026-11-16T01:00:00Z", "2026-11-16T02:00:00Z", "2026-12-30T00:00:00Z",
                          ",\"dispatched_at\":\"2026-11-16T01:30:00Z\",\"responded_at\":\"2026-11-16T03:00:00Z\","
                          "\"resolved_at\":\"2026-11-16T05:00:00Z\",\"callback_attempts\":["
                          "{\"at\":\"2026-11-16T04:00:00Z\",\"by\":\"u-sup\",\"outcome\":\"reached\"}]");
  /* e-2: raised in the 17th's night, never dispatched: overdue from then on. */
  fb_test_cache_put_case (store, "e-2", "2026-11-17T13:00:00Z", "2026-11-17T14:00:00Z", "2026-12-30T00:00:00Z", "");
  /* e-3: raised the week before (never dispatched), reached after 96 h,
   * resolved on the 19th. */
  fb_test_cache_put_case (store, "e-3", "2026-11-10T00:00:00Z", "2026-11-10T01:00:00Z", "2026-12-30T00:00:00Z",
                          ",\"resolved_at\":\"2026-11-19T03:00:00Z\",\"callback_attempts\":["
                          "{\"at\":\"2026-11-14T00:00:00Z\",\"by\":\"u-sup\",\"outcome\":\"reached\"}]");
  /* e-5: raised Wednesday 14:30 KST, dispatch due at 17:00, never done:
   * overdue from 17:00 on, not at 15:00. */
  fb_test_cache_put_case (store, "e-5", "2026-11-18T05:30:00Z", "2026-11-18T08:00:00Z", "2026-12-30T00:00:00Z", "");
  /* e-4: raised on the 21st and closed without a resolution. */
  fb_test_cache_put_case (store, "e-4", "2026-11-21T02:00:00Z", "2026-11-21T09:00:00Z", "2026-12-30T00:00:00Z",
                          ",\"closed_at\":\"2026-11-21T03:00:00Z\"");

  /* Evaluated Monday 00:30 KST and on the 20th: in the week; Sunday the
   * 15th 23:30 KST and Monday the 23rd 00:30 KST: not. */
  fb_test_cache_put_qa (store, "qa-1", "ag-1", "2026-11-15T15:30:00Z", 60);
  fb_test_cache_put_qa (store, "qa-2", "ag-1", "2026-11-15T14:30:00Z", 10);
  fb_test_cache_put_qa (store, "qa-3", "ag-1", "2026-11-20T02:00:00Z", 90);
  fb_test_cache_put_qa (store, "qa-4", "ag-1", "2026-11-22T15:30:00Z", 10);

  put_report (store, "2026-11-16", "day", "submitted", ",\"acknowledged_by\":\"u-lead2\"");
  put_report (store, "2026-11-16", "night", "reviewed", ",\"reviewed_by\":\"u-dir\",\"acknowledged_by\":\"u-lead1\"");
  put_report (store, "2026-11-17", "day", "draft", "");
  put_report (store, "2026-11-19", "night", "reviewed", ",\"reviewed_by\":\"u-dir\"");
  /* Withdrawn (a tombstone), and the next week's. */
  put_report (store, "2026-11-20", "day", "submitted", "");
  fb_test_cache_put_change (store, "duty_report", "duty-2026-11-20-day", TRUE, NULL);
  put_report (store, "2026-11-23", "day", "submitted", ",\"acknowledged_by\":\"u-lead2\"");
  return store;
}

static JsonNode *
rollup (FbStore         *store,
        FbSummaryPeriod  period,
        const char      *date,
        gint64           now)
{
  g_autoptr(GTimeZone) kst = g_time_zone_new_offset (9 * 3600);
  g_autoptr(GError) error = NULL;
  FbSummaryTargets targets;
  JsonNode *node;

  fb_summary_targets_init_default (&targets);
  node = fb_summary_rollup_compute (store, kst, period, date, &targets, now, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static void
test_week_bounds (void)
{
  struct { const char *date, *from, *to; } cases[] = {
    /* A Sunday ends the week that began the Monday before. */
    { "2026-11-22", "2026-11-16", "2026-11-22" },
    { "2026-11-16", "2026-11-16", "2026-11-22" },
    { "2026-11-19", "2026-11-16", "2026-11-22" },
    /* Across a month, and across a year. */
    { "2026-12-02", "2026-11-30", "2026-12-06" },
    { "2026-11-30", "2026-11-30", "2026-12-06" },
    { "2027-01-03", "2026-12-28", "2027-01-03" },
    { "2026-12-31", "2026-12-28", "2027-01-03" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;

      g_test_message ("week of %s", cases[i].date);
      g_assert_true (fb_summary_period_bounds (FB_SUMMARY_WEEK, cases[i].date, &from, &to));
      g_assert_cmpstr (from, ==, cases[i].from);
      g_assert_cmpstr (to, ==, cases[i].to);
    }
}

static void
test_month_bounds (void)
{
  struct { const char *date, *from, *to; } cases[] = {
    /* February of a leap year, of a common year, and of 2100 (not leap). */
    { "2024-02-10", "2024-02-01", "2024-02-29" },
    { "2024-02-29", "2024-02-01", "2024-02-29" },
    { "2026-02-01", "2026-02-01", "2026-02-28" },
    { "2100-02-15", "2100-02-01", "2100-02-28" },
    { "2026-12-31", "2026-12-01", "2026-12-31" },
    { "2026-11-01", "2026-11-01", "2026-11-30" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;

      g_test_message ("month of %s", cases[i].date);
      g_assert_true (fb_summary_period_bounds (FB_SUMMARY_MONTH, cases[i].date, &from, &to));
      g_assert_cmpstr (from, ==, cases[i].from);
      g_assert_cmpstr (to, ==, cases[i].to);
    }
}

static void
test_bad_dates (void)
{
  const char *bad[] = { "2026-02-29", "2026-11-31", "2026-13-01", "20261119", "2026-11-19x", "", "어제" };
  g_auto(FbTestDir) dir = NULL;
  g_autoptr(FbStore) store = cache (&dir);
  g_autoptr(GTimeZone) kst = g_time_zone_new_offset (9 * 3600);
  FbSummaryTargets targets;

  fb_summary_targets_init_default (&targets);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;
      g_autoptr(GError) error = NULL;
      JsonNode *node;

      g_test_message ("“%s”", bad[i]);
      g_assert_false (fb_summary_period_bounds (FB_SUMMARY_WEEK, bad[i], &from, &to));
      g_assert_null (from);
      g_assert_null (to);
      node = fb_summary_rollup_compute (store, kst, FB_SUMMARY_MONTH, bad[i], &targets, LATER, &error);
      g_assert_null (node);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }
}

/* The week's figures, each from the rows written in cache(). */
static void
test_week (void)
{
  g_auto(FbTestDir) dir = NULL;
  g_autoptr(FbStore) store = cache (&dir);
  g_autoptr(JsonNode) node = rollup (store, FB_SUMMARY_WEEK, WEEK_DATE, LATER);
  JsonObject *o = json_node_get_object (node);
  JsonObject *day, *esc, *qa, *d;
  JsonArray *days;

  g_assert_cmpstr (json_object_get_string_member (o, "period"), ==, "week");
  g_assert_cmpstr (json_object_get_string_member (o, "from"), ==, "2026-11-16");
  g_assert_cmpstr (json_object_get_string_member (o, "to"), ==, "2026-11-22");

  /* Offered 1000 + 100 + 50 + 30 + 10; answered 1000 + 90 + 40 + 30 + 10;
   * in time 1000 + 81 + 20 + 3 + 1; waits 0 + 900 + 800 + 600 + 100 s. */
  day = fb_test_member_object (o, "day");
  fb_test_assert_calls (day, 1190, 1170, 20, 1105, 2400);

  days = json_object_get_array_member (o, "days");
  g_assert_cmpuint (json_array_get_length (days), ==, 7);
  /* Monday: its calendar day's calls (07:45, 09:00, 21:00), both
   * reports (one reviewed), e-1. */
  d = json_array_get_object_element (days, 0);
  g_assert_cmpstr (json_object_get_string_member (d, "date"), ==, "2026-11-16");
  g_assert_cmpint (fb_test_member_int (d, "offered"), ==, 1180);
  g_assert_cmpint (fb_test_member_int (d, "answered"), ==, 1160);
  g_assert_cmpint (fb_test_member_int (d, "abandoned"), ==, 20);
  g_assert_cmpfloat_with_epsilon (fb_test_member_double (d, "service_level"), 1104.0 / 1160.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (fb_test_member_double (d, "asa_s"), 2300.0 / 1160.0, 1e-9);
  g_assert_cmpint (fb_test_member_int (d, "escalations_new"), ==, 1);
  g_assert_cmpint (fb_test_member_int (d, "escalations_closed"), ==, 1);
  g_assert_cmpint (fb_test_member_int (d, "reports_submitted"), ==, 2);
  g_assert_cmpint (fb_test_member_int (d, "reports_reviewed"), ==, 1);
  /* Tuesday: no calls (no rates made up), e-2, a draft only. */
  d = json_array_get_object_element (days, 1);
  g_assert_cmpstr (json_object_get_string_member (d, "date"), ==, "2026-11-17");
  g_assert_cmpint (fb_test_member_int (d, "offered"), ==, 0);
  g_assert_false (json_object_has_member (d, "service_level"));
  g_assert_false (json_object_has_member (d, "asa_s"));
  g_assert_cmpint (fb_test_member_int (d, "escalations_new"), ==, 1);
  g_assert_cmpint (fb_test_member_int (d, "reports_submitted"), ==, 0);
  /* Wednesday: e-5. Thursday: e-3 closed, the night report reviewed. */
  g_assert_cmpint (fb_test_member_int (json_array_get_object_element (days, 2), "escalations_new"), ==, 1);
  d = json_array_get_object_element (days, 3);
  g_assert_cmpint (fb_test_member_int (d, "escalations_closed"), ==, 1);
  g_assert_cmpint (fb_test_member_int (d, "reports_submitted"), ==, 1);
  g_assert_cmpint (fb_test_member_int (d, "reports_reviewed"), ==, 1);
  /* Friday: the withdrawn report is not there. */
  d = json_array_get_object_element (days, 4);
  g_assert_cmpint (fb_test_member_int (d, "reports_submitted"), ==, 0);
  /* Sunday: its night shift's calls after midnight are Monday's. */
  d = json_array_get_object_element (days, 6);
  g_assert_cmpstr (json_object_get_string_member (d, "date"), ==, "2026-11-22");
  g_assert_cmpint (fb_test_member_int (d, "offered"), ==, 0);

  /* New: e-1, e-2, e-5, e-4. Closed: e-1, e-3 (resolved), e-4 (closed
   * only). Resolved: e-1 (reached in time), e-3 (96 h: late). Overdue at
   * the end of Sunday: e-2 and e-5 (e-3 resolved, e-4 closed). */
  esc = fb_test_member_object (o, "escalations");
  g_assert_cmpint (fb_test_member_int (esc, "new"), ==, 4);
  g_assert_cmpint (fb_test_member_int (esc, "closed"), ==, 3);
  g_assert_cmpint (fb_test_member_int (esc, "resolved"), ==, 2);
  g_assert_cmpint (fb_test_member_int (esc, "called_back"), ==, 1);
  g_assert_cmpfloat_with_epsilon (fb_test_member_double (esc, "callback_rate_72h"), 1.0 / 2.0, 1e-9);
  g_assert_cmpint (fb_test_member_int (esc, "overdue"), ==, 2);

  /* Evaluated in the week's calendar days: qa-1 (60) and qa-3 (90). */
  qa = fb_test_member_object (o, "qa");
  g_assert_cmpint (fb_test_member_int (qa, "evaluations"), ==, 2);
  g_assert_cmpfloat_with_epsilon (fb_test_member_double (qa, "average"), (60.0 + 90.0) / 2.0, 1e-9);

  /* Two shifts a day for seven days. Submitted (or reviewed): Monday's
   * two and Thursday's night; reviewed: Monday's night and Thursday's;
   * handed over: Monday's two. Not the draft, the tombstone, the 23rd. */
  fb_test_assert_reports (o, 14, 3, 2, 2);

  g_assert_cmpstr (json_object_get_string_member (fb_test_member_object (o, "monthly_report_due"), "date"), ==, "2026-11-22");
  g_assert_false (json_object_get_boolean_member (fb_test_member_object (o, "monthly_report_due"), "overdue"));
  g_assert_cmpfloat_with_epsilon (fb_test_member_double (fb_test_member_object (o, "targets"), "service_level"), 0.8, 1e-9);
}

/* Two days with very different service levels: the week's is weighted by
 * answered calls, not the mean of the days'. */
static void
test_weighted (void)
{
  g_auto(FbTestDir) dir = NULL;
  g_autoptr(FbStore) store = fb_test_cache_new ("fb-rollup", &dir);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *day;

  fb_test_cache_put (store, "team", "t-day", "{\"id\":\"t-day\",\"name\":\"주간\",\"shift\":\"day\",\"start\":\"08:00\",\"end\":\"20:00\"}");
  /* Monday: 90 of 100 in time, 10 s each; Tuesday 1 of 10, 100 s each. */
  fb_test_cache_put_interval (store, "q-01", "2026-11-16T00:00:00Z", 100, 100, 90, 1000);
  fb_test_cache_put_interval (store, "q-01", "2026-11-17T00:00:00Z", 10, 10, 1, 1000);
  node = rollup (store, FB_SUMMARY_WEEK, WEEK_DATE, LATER);
  day = fb_test_member_object (json_node_get_object (node), "day");
  g_assert_cmpfloat_with_epsilon (fb_test_member_double (day, "service_level"), 91.0 / 110.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (fb_test_member_double (day, "asa_s"), 2000.0 / 110.0, 1e-9);
  /* Nothing abandoned is a rate of 0, not a missing one. */
  g_assert_cmpfloat (fb_test_member_double (day, "abandon_rate"), ==, 0);
  /* A day team alone: one report a day. */
  g_assert_cmpint (fb_test_member_int (fb_test_member_object (json_node_get_object (node), "reports"), "expected"), ==, 7);
}

/* The week before: e-3 raised, nothing resolved, so no callback rate. */
static void
test_none_resolved (void)
{
  g_auto(FbTestDir) dir = NULL;
  g_autoptr(FbStore) store = cache (&dir);
  g_autoptr(JsonNode) node = rollup (store, FB_SUMMARY_WEEK, "2026-11-12", LATER);
  JsonObject *o = json_node_get_object (node);
  JsonObject *esc = fb_test_member_object (o, "escalations");

  g_assert_cmpstr (json_object_get_string_member (o, "from"), ==, "2026-11-09");
  g_assert_cmpint (fb_test_member_int (esc, "new"), ==, 1);
  g_assert_cmpint (fb_test_member_int (esc, "resolved"), ==, 0);
  g_assert_cmpint (fb_test_member_int (esc, "called_back"), ==, 0);
  g_assert_false (json_object_has_member (esc, "callback_rate_72h"));
  /* Overdue at the end of the 15th: e-3, never dispatched. */
  g_assert_cmpint (fb_test_member_int (esc, "overdue"), ==, 1);
  /* Monday 07:45 KST is Monday's, though the 15th's night shift took it. */
  g_assert_cmpint (fb_test_member_int (fb_test_member_object (o, "day"), "offered"), ==, 0);
  /* qa-2 (Sunday 23:30 KST) only: qa-1 is Monday's. */
  g_assert_cmpint (fb_test_member_int (fb_test_member_object (o, "qa"), "evaluations"), ==, 1);
  g_assert_cmpfloat_with_epsilon (fb_test_member_double (fb_test_member_object (o, "qa"), "average"), 10, 1e-9);
}

/* Wednesday 15:00 KST: Thursday on are not counted, and overdue is judged
 * now, not at the end of Wednesday. */
static void
test_so_far (void)
{
  g_auto(FbTestDir) dir = NULL;
  g_autoptr(FbStore) store = cache (&dir);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *o, *esc;

  /* A row for Thursday already in the cache is still not counted. */
  fb_test_cache_put_interval (store, "q-01", "2026-11-19T00:00:00Z", 40, 40, 40, 0);
  node = rollup (store, FB_SUMMARY_WEEK, WEEK_DATE, WEDNESDAY_1500);
  o = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (o, "from"), ==, "2026-11-16");
  g_assert_cmpstr (json_object_get_string_member (o, "to"), ==, "2026-11-18");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "days")), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (o, "days"), 2),
                                                  "date"), ==, "2026-11-18");
  /* Monday 1180 and Wednesday 10; not Thursday's 40. */
  g_assert_cmpint (fb_test_member_int (fb_test_member_object (o, "day"), "offered"), ==, 1190);

  /* Three days of two shifts; Monday's reports only. */
  fb_test_assert_reports (o, 6, 2, 1, 2);

  /* Now: e-2 and e-3 open past their dispatch (e-3 not yet resolved);
   * e-5's dispatch falls due after now. */
  esc = fb_test_member_object (o, "escalations");
  g_assert_cmpint (fb_test_member_int (esc, "overdue"), ==, 2);
  g_assert_cmpint (fb_test_member_int (esc, "resolved"), ==, 1);
  g_assert_cmpint (fb_test_member_int (fb_test_member_object (o, "qa"), "evaluations"), ==, 1);
}

static void
test_not_begun (void)
{
  g_auto(FbTestDir) dir = NULL;
  g_autoptr(FbStore) store = cache (&dir);
  g_autoptr(GTimeZone) kst = g_time_zone_new_offset (9 * 3600);
  FbSummaryTargets targets;
  struct { FbSummaryPeriod period; const char *date; } cases[] = {
    /* Next week, next month: wholly after Wednesday the 18th. */
    { FB_SUMMARY_WEEK, "2026-11-23" },
    { FB_SUMMARY_MONTH, "2026-12-01" },
    { FB_SUMMARY_WEEK, "2027-03-03" },
  };

  fb_summary_targets_init_default (&targets);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      JsonNode *node = fb_summary_rollup_compute (store, kst, cases[i].period, cases[i].date, &targets,
                                                  WEDNESDAY_1500, &error);

      g_test_message ("%s", cases[i].date);
      g_assert_null (node);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }
  /* The month that has begun is fine: the 1st to today. */
  {
    g_autoptr(JsonNode) node = rollup (store, FB_SUMMARY_MONTH, "2026-11-30", WEDNESDAY_1500);

    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "from"), ==, "2026-11-01");
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "to"), ==, "2026-11-18");
  }
}

/* No team at all: no day to count, an error rather than zeros. */
static void
test_no_teams (void)
{
  g_auto(FbTestDir) dir = NULL;
  g_autoptr(FbStore) store = fb_test_cache_new ("fb-rollup", &dir);
  g_autoptr(GTimeZone) kst = g_time_zone_new_offset (9 * 3600);
  g_autoptr(GError) error = NULL;
  FbSummaryTargets targets;
  JsonNode *node;

  fb_summary_targets_init_default (&targets);
  fb_test_cache_put_interval (store, "q-01", "2026-11-16T00:00:00Z", 100, 100, 90, 1000);
  node = fb_summary_rollup_compute (store, kst, FB_SUMMARY_WEEK, WEEK_DATE, &targets, LATER, &error);
  g_assert_null (node);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

/* The roll-up is its days' daily summaries added up, whatever the rows. */
static void
check_sum_of_days (FbStore         *store,
                   FbSummaryPeriod  period,
                   const char      *date,
                   gint64           now)
{
  g_autoptr(GTimeZone) kst = g_time_zone_new_offset (9 * 3600);
  g_autoptr(JsonNode) node = rollup (store, period, date, now);
  g_autoptr(JsonNode) last_daily = NULL;
  JsonObject *o = json_node_get_object (node);
  JsonArray *days = json_object_get_array_member (o, "days");
  const char *to = json_object_get_string_member (o, "to");
  gint64 offered = 0, answered = 0, abandoned = 0, opened = 0, closed = 0, resolved = 0, called_back = 0;
  gint64 expected = 0, submitted = 0, reviewed = 0, acknowledged = 0;
  double in_sl = 0, wait_s = 0;
  FbSummaryTargets targets;
  JsonObject *day, *esc;
  guint n = 0;

  fb_summary_targets_init_default (&targets);
  for (g_autoptr(GDateTime) dt = g_date_time_new (kst, 2026, 1, 1, 0, 0, 0); ;)
    {
      g_autofree char *d = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) daily = NULL;
      JsonObject *dd, *de, *dr, *row;
      GDateTime *next;

      d = g_date_time_format (dt, "%Y-%m-%d");
      next = g_date_time_add_days (dt, 1);
      g_date_time_unref (dt);
      dt = next;
      if (strcmp (d, json_object_get_string_member (o, "from")) < 0)
        continue;
      if (strcmp (d, to) > 0)
        break;
      daily = fb_daily_summary_compute (store, kst, d, &targets, now, &error);
      g_assert_no_error (error);
      dd = fb_test_member_object (json_node_get_object (daily), "day");
      de = fb_test_member_object (json_node_get_object (daily), "escalations");
      dr = fb_test_member_object (json_node_get_object (daily), "reports");
      offered += fb_test_member_int (dd, "offered");
      answered += fb_test_member_int (dd, "answered");
      abandoned += fb_test_member_int (dd, "abandoned");
      if (fb_test_member_int (dd, "answered") > 0)
                {
                  in_sl += fb_test_member_double (dd, "service_level") * fb_test_member_int (dd, "answered");
          wait_s += fb_test_member_double (dd, "asa_s") * fb_test_member_int (dd, "answered");
        }
      opened += fb_test_member_int (de, "new");
      closed += fb_test_member_int (de, "closed");
      resolved += fb_test_member_int (de, "resolved");
      called_back += fb_test_member_int (de, "called_back");
      expected += json_object_get_size (fb_test_member_object (json_node_get_object (daily), "shifts"));

      /* The day's row of the roll-up is that day's summary. */
      g_assert_cmpuint (n, <, json_array_get_length (days));
      row = json_array_get_object_element (days, n++);
      g_assert_cmpstr (json_object_get_string_member (row, "date"), ==, d);
      g_assert_cmpint (fb_test_member_int (row, "offered"), ==, fb_test_member_int (dd, "offered"));
      g_assert_cmpint (fb_test_member_int (row, "answered"), ==, fb_test_member_int (dd, "answered"));
      g_assert_cmpint (fb_test_member_int (row, "abandoned"), ==, fb_test_member_int (dd, "abandoned"));
      g_assert_cmpint (json_object_has_member (row, "service_level"), ==, json_object_has_member (dd, "service_level"));
      if (json_object_has_member (dd, "service_level"))
        {
          g_assert_cmpfloat_with_epsilon (fb_test_member_double (row, "service_level"), fb_test_member_double (dd, "service_level"), 1e-9);
          g_assert_cmpfloat_with_epsilon (fb_test_member_double (row, "asa_s"), fb_test_member_double (dd, "asa_s"), 1e-9);
        }
      g_assert_cmpint (fb_test_member_int (row, "escalations_new"), ==, fb_test_member_int (de, "new"));
      g_assert_cmpint (fb_test_member_int (row, "escalations_closed"), ==, fb_test_member_int (de, "closed"));
      {
        gint64 day_submitted = 0, day_reviewed = 0;
        const char *shifts[] = { "day", "night" };

        for (guint k = 0; k < 2; k++)
          {
            JsonObject *r = json_object_has_member (dr, shifts[k]) ? fb_test_member_object (dr, shifts[k]) : NULL;
            const char *status = r ? json_object_get_string_member (r, "status") : "";

            day_submitted += g_str_equal (status, "submitted") || g_str_equal (status, "reviewed");
            day_reviewed += g_str_equal (status, "reviewed");
            acknowledged += r != NULL && json_object_has_member (r, "acknowledged_by");
          }
        g_assert_cmpint (fb_test_member_int (row, "reports_submitted"), ==, day_submitted);
        g_assert_cmpint (fb_test_member_int (row, "reports_reviewed"), ==, day_reviewed);
        submitted += day_submitted;
        reviewed += day_reviewed;
      }
      g_clear_pointer (&last_daily, json_node_unref);
      last_daily = g_steal_pointer (&daily);
    }
  g_assert_cmpuint (n, ==, json_array_get_length (days));
  g_assert_cmpint (offered, >, 0);
  g_assert_cmpint (resolved, >, 0);

  day = fb_test_member_object (o, "day");
  fb_test_assert_calls (day, offered, answered, abandoned, in_sl, wait_s);

  esc = fb_test_member_object (o, "escalations");
  g_assert_cmpint (fb_test_member_int (esc, "new"), ==, opened);
  g_assert_cmpint (fb_test_member_int (esc, "closed"), ==, closed);
  g_assert_cmpint (fb_test_member_int (esc, "resolved"), ==, resolved);
  g_assert_cmpint (fb_test_member_int (esc, "called_back"), ==, called_back);
  g_assert_cmpfloat_with_epsilon (fb_test_member_double (esc, "callback_rate_72h"), (double) called_back / resolved, 1e-9);
  /* A state, not a flow: as the last day left it. */
  g_assert_cmpint (fb_test_member_int (esc, "overdue"), ==,
                           fb_test_member_int (fb_test_member_object (json_node_get_object (last_daily), "escalations"), "overdue"));

  fb_test_assert_reports (o, expected, submitted, reviewed, acknowledged);

  /* The due date of the month the last day falls in, as that day says. */
  g_assert_true (json_node_equal (json_object_get_member (o, "monthly_report_due"),
                                  json_object_get_member (json_node_get_object (last_daily), "monthly_report_due")));
}

static void
test_sum_of_days (void)
{
  g_auto(FbTestDir) dir = NULL;
  g_autoptr(FbStore) store = cache (&dir);

  check_sum_of_days (store, FB_SUMMARY_WEEK, WEEK_DATE, LATER);
  check_sum_of_days (store, FB_SUMMARY_WEEK, WEEK_DATE, WEDNESDAY_1500);
  check_sum_of_days (store, FB_SUMMARY_MONTH, WEEK_DATE, LATER);
}

/* The monthly report due of the month "to" falls in. */
static void
test_report_due (void)
{
  g_auto(FbTestDir) dir = NULL;
  g_autoptr(FbStore) store = cache (&dir);
  g_autoptr(JsonNode) october = rollup (store, FB_SUMMARY_MONTH, "2026-10-05", LATER);
  g_autoptr(JsonNode) week = rollup (store, FB_SUMMARY_WEEK, "2026-10-01", LATER);
  JsonObject *due;

  /* October, over: due on the 22nd, and the 31st is after it. */
  due = fb_test_member_object (json_node_get_object (october), "monthly_report_due");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (october), "to"), ==, "2026-10-31");
  g_assert_cmpstr (json_object_get_string_member (due, "date"), ==, "2026-10-22");
  g_assert_true (json_object_get_boolean_member (due, "overdue"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (october), "days")), ==, 31);
  /* 28 September – 4 October: October's, not yet due. */
  due = fb_test_member_object (json_node_get_object (week), "monthly_report_due");
  g_assert_cmpstr (json_object_get_string_member (due, "date"), ==, "2026-10-22");
  g_assert_false (json_object_get_boolean_member (due, "overdue"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/summary-rollup/week-bounds", test_week_bounds);
  g_test_add_func ("/summary-rollup/month-bounds", test_month_bounds);
  g_test_add_func ("/summary-rollup/bad-dates", test_bad_dates);
  g_test_add_func ("/summary-rollup/week", test_week);
  g_test_add_func ("/summary-rollup/weighted", test_weighted);
  g_test_add_func ("/summary-rollup/none-resolved", test_none_resolved);
  g_test_add_func ("/summary-rollup/so-far", test_so_far);
  g_test_add_func ("/summary-rollup/not-begun", test_not_begun);
  g_test_add_func ("/summary-rollup/no-teams", test_no_teams);
  g_test_add_func ("/summary-rollup/sum-of-days", test_sum_of_days);
  g_test_add_func ("/summary-rollup/report-due", test_report_due);
  return g_test_run ();
}
