/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-queue-stats.c: the center's totals, alert levels and staffing. */
#include "fb-erlang.h"
#include "fb-queue-stats.h"

static FbQueue
queue (gint64 waiting, gint64 longest, gint64 offered, gint64 answered, gint64 abandoned, double sl)
{
  FbQueue q = { 0 };

  q.sl_threshold_s = 20;
  q.waiting = waiting;
  q.longest_wait_s = longest;
  q.offered = offered;
  q.answered = answered;
  q.abandoned = abandoned;
  q.service_level = sl;
  q.aht_s = 180;
  return q;
}

static const FbThresholds thresholds = { 5, 12, 60, 180, 0.8, 0.7, 0.05, 0.10 };

static void
test_alerts (void)
{
  FbQueue quiet = queue (0, 0, 100, 98, 2, 0.95);
  FbQueue busy = queue (5, 59, 100, 97, 3, 0.85);
  FbQueue bad = queue (3, 200, 100, 89, 11, 0.65);
  FbQueue empty = queue (0, 0, 0, 0, 0, 0);
  FbQueueAlerts a;

  fb_queue_stats_alerts (&quiet, &thresholds, &a);
  g_assert_cmpint (a.overall, ==, FB_ALERT_NONE);

  /* At the warning level exactly: warning (waiting 5 >= 5). */
  fb_queue_stats_alerts (&busy, &thresholds, &a);
  g_assert_cmpint (a.waiting, ==, FB_ALERT_WARNING);
  g_assert_cmpint (a.longest_wait, ==, FB_ALERT_NONE);
  g_assert_cmpint (a.overall, ==, FB_ALERT_WARNING);

  fb_queue_stats_alerts (&bad, &thresholds, &a);
  g_assert_cmpint (a.waiting, ==, FB_ALERT_NONE);
  g_assert_cmpint (a.longest_wait, ==, FB_ALERT_CRITICAL);
  g_assert_cmpint (a.service_level, ==, FB_ALERT_CRITICAL);
  g_assert_cmpint (a.abandon, ==, FB_ALERT_CRITICAL);
  g_assert_cmpint (a.overall, ==, FB_ALERT_CRITICAL);

  /* Nothing answered yet: no service level to judge, no abandon rate. */
  fb_queue_stats_alerts (&empty, &thresholds, &a);
  g_assert_cmpint (a.overall, ==, FB_ALERT_NONE);
}

static void
test_staffing (void)
{
  FbQueue q = queue (0, 0, 0, 0, 0, 0);
  gint64 staffed = -1;
  int needed;

  q.agents_available = 2;
  q.agents_busy = 8;

  /* 200 calls/h of 180 s = 10 Erlangs; the agents for 80 % in 20 s are
   * what Erlang C says, and the smallest such number. */
  needed = fb_queue_stats_agents_needed (&q, 200, 0.8, &staffed);
  g_assert_cmpint (staffed, ==, 10);
  g_assert_cmpint (needed, >, 10);
  g_assert_cmpfloat (fb_erlang_service_level (10, needed, 180, 20), >=, 0.8);
  g_assert_cmpfloat (fb_erlang_service_level (10, needed - 1, 180, 20), <, 0.8);

  /* No calls: nobody needed. */
  g_assert_cmpint (fb_queue_stats_agents_needed (&q, 0, 0.8, NULL), ==, 0);
  /* A higher target needs at least as many. */
  g_assert_cmpint (fb_queue_stats_agents_needed (&q, 200, 0.95, NULL), >=, needed);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/queue-stats/alerts", test_alerts);
  g_test_add_func ("/queue-stats/staffing", test_staffing);

  return g_test_run ();
}
