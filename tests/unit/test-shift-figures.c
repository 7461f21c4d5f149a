/* A shift's figures from a real cache: only what falls in the shift (KST)
 * counts, and each figure is the one the rows imply. */
#include <glib/gstdio.h>
#include <string.h>

#include "fb-paths.h"
#include "fb-shift-figures.h"

/* The day shift of 2026-11-20 runs 08:00–20:00 KST = 23:00Z–11:00Z. */
#define DATE "2026-11-20"

static gint64 version;

static void
put (FbStore    *store,
     const char *type,
     const char *id,
     const char *json)
{
  g_autoptr(FbChange) change = fb_change_new (type, id, ++version, FALSE, json);
  g_autoptr(GError) error = NULL;
  gboolean applied = FALSE;

  g_assert_true (fb_store_apply_change (store, change, &applied, &error));
  g_assert_no_error (error);
  g_assert_true (applied);
}

static void
put_interval (FbStore    *store,
              const char *start,
              gint64      offered,
              gint64      answered,
              gint64      in_sl,
              double      wait_s)
{
  g_autofree char *id = g_strdup_printf ("q-01@%s", start);
  g_autofree char *json = g_strdup_printf ("{\"id\":\"%s\",\"queue_id\":\"q-01\",\"start\":\"%s\",\"offered\":%"
                                           G_GINT64_FORMAT ",\"answered\":%" G_GINT64_FORMAT ",\"abandoned\":%"
                                           G_GINT64_FORMAT ",\"answered_in_sl\":%" G_GINT64_FORMAT
                                           ",\"handle_time_s\":0,\"wait_time_s\":%g}",
                                           id, start, offered, answered, offered - answered, in_sl, wait_s);

  put (store, "queue_interval", id, json);
}

static void
put_case (FbStore    *store,
          const char *id,
          const char *raised,
          const char *dispatch_due,
          const char *extra)
{
  g_autofree char *json = g_strdup_printf ("{\"id\":\"%s\",\"customer_ref\":\"010-****-5678\",\"category\":\"billing\","
                                           "\"severity\":\"high\",\"summary\":\"요금\",\"raised_by\":\"u-sup\","
                                           "\"raised_at\":\"%s\",\"level\":\"shift_leader\",\"status\":\"raised\","
                                           "\"dispatch_due\":\"%s\",\"response_due\":\"2026-11-30T00:00:00Z\","
                                           "\"callback_due\":\"2026-12-30T00:00:00Z\"%s}",
                                           id, raised, dispatch_due, extra);

  put (store, "escalation", id, json);
}

static FbStore *
cache (char **dir_out)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("fb-figures-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "cache.db", NULL);
  FbStore *store;

  g_assert_no_error (error);
  store = fb_store_open (path, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, &error);
  g_assert_no_error (error);
  *dir_out = dir;

  put (store, "team", "t-day", "{\"id\":\"t-day\",\"name\":\"주간\",\"shift\":\"day\",\"start\":\"08:00\",\"end\":\"20:00\"}");
  put (store, "team", "t-night", "{\"id\":\"t-night\",\"name\":\"야간\",\"shift\":\"night\",\"start\":\"20:00\",\"end\":\"08:00\"}");
  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("ag-%u", i);
      g_autofree char *json = g_strdup_printf ("{\"id\":\"%s\",\"name\":\"상담원 %u\",\"employee_no\":\"%u\",\"grade\":\"junior\","
                                               "\"team_id\":\"%s\",\"state\":\"offline\",\"queue_id\":\"q-01\"}",
                                               id, i, i, i == 3 ? "t-night" : "t-day");
      put (store, "agent", id, json);
    }

  /* In the shift: 09:00 and 19:45 KST. Before: 07:45. After: 20:00. */
  put_interval (store, "2026-11-20T00:00:00Z", 100, 90, 72, 900);
  put_interval (store, "2026-11-20T10:45:00Z", 20, 10, 8, 300);
  put_interval (store, "2026-11-19T22:45:00Z", 500, 500, 500, 0);
  put_interval (store, "2026-11-20T11:00:00Z", 700, 700, 700, 0);

  /* Raised in the shift, dispatched in time and resolved in it, with one
   * callback attempt in the shift and one after. */
  put_case (store, "e-1", "2026-11-20T01:00:00Z", "2026-11-20T02:00:00Z",
            ",\"dispatched_at\":\"2026-11-20T01:30:00Z\",\"responded_at\":\"2026-11-20T03:00:00Z\","
            "\"resolved_at\":\"2026-11-20T05:00:00Z\",\"callback_attempts\":["
            "{\"at\":\"2026-11-20T04:00:00Z\",\"by\":\"u-sup\",\"outcome\":\"no_answer\"},"
            "{\"at\":\"2026-11-20T12:00:00Z\",\"by\":\"u-sup\",\"outcome\":\"reached\"}]");
  /* Raised in the shift, never dispatched: overdue at its end. */
  put_case (store, "e-2", "2026-11-20T09:00:00Z", "2026-11-20T10:00:00Z", "");
  /* Raised the day before, dispatch due after the shift: neither. */
  put_case (store, "e-3", "2026-11-19T12:00:00Z", "2026-11-20T12:00:00Z", "");

  /* ag-2 (day) away on approved leave; ag-1's leave is only pending; ag-3
   * works nights. One approved day swap that day, one on another day. */
  put (store, "leave_request", "lv-1", "{\"id\":\"lv-1\",\"agent_id\":\"ag-2\",\"type\":\"vacation\",\"start_date\":\"2026-11-19\","
       "\"end_date\":\"2026-11-21\",\"submitted_at\":\"2026-11-01T00:00:00Z\",\"status\":\"approved\"}");
  put (store, "leave_request", "lv-2", "{\"id\":\"lv-2\",\"agent_id\":\"ag-1\",\"type\":\"personal\",\"start_date\":\"2026-11-20\","
       "\"end_date\":\"2026-11-20\",\"submitted_at\":\"2026-11-01T00:00:00Z\",\"status\":\"pending\"}");
  put (store, "leave_request", "lv-3", "{\"id\":\"lv-3\",\"agent_id\":\"ag-3\",\"type\":\"personal\",\"start_date\":\"2026-11-20\","
       "\"end_date\":\"2026-11-20\",\"submitted_at\":\"2026-11-01T00:00:00Z\",\"status\":\"approved\"}");
  put (store, "swap_request", "sw-1", "{\"id\":\"sw-1\",\"agent_a\":\"ag-1\",\"agent_b\":\"ag-2\",\"date_a\":\"2026-11-20\","
       "\"shift_a\":\"day\",\"date_b\":\"2026-11-22\",\"shift_b\":\"day\",\"submitted_at\":\"2026-11-01T00:00:00Z\","
       "\"status\":\"approved\"}");
  put (store, "swap_request", "sw-2", "{\"id\":\"sw-2\",\"agent_a\":\"ag-1\",\"agent_b\":\"ag-2\",\"date_a\":\"2026-11-24\","
       "\"shift_a\":\"day\",\"date_b\":\"2026-11-26\",\"shift_b\":\"day\",\"submitted_at\":\"2026-11-01T00:00:00Z\","
       "\"status\":\"approved\"}");
  return store;
}

static gint64
member_int (JsonObject *o,
            const char *name)
{
  g_assert_true (json_object_has_member (o, name));
  return json_object_get_int_member (o, name);
}

static void
test_day_shift (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(FbStore) store = cache (&dir);
  g_autoptr(GTimeZone) kst = g_time_zone_new_offset (9 * 3600);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = fb_shift_figures_compute (store, kst, DATE, FB_SHIFT_DAY, 1900000000, &error);
  JsonObject *o;

  g_assert_no_error (error);
  o = json_node_get_object (node);
  g_assert_cmpint (member_int (o, "offered"), ==, 120);
  g_assert_cmpint (member_int (o, "answered"), ==, 100);
  g_assert_cmpint (member_int (o, "abandoned"), ==, 20);
  /* Weighted by answered calls: 80 of 100 within the threshold; 1200 s of waits. */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "service_level"), 0.80, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "asa_s"), 12.0, 1e-9);
  g_assert_cmpint (member_int (o, "escalations_opened"), ==, 2);
  g_assert_cmpint (member_int (o, "escalations_closed"), ==, 1);
  g_assert_cmpint (member_int (o, "escalations_overdue"), ==, 1);
  /* Both cases are billing ones: no complaint received. */
  g_assert_cmpint (member_int (o, "complaints_received"), ==, 0);
  {
    gint64 consultations, inquiries, complaints;

    /* A report's counts: the two cases passed on are inquiries, the other
     * 98 answered calls consultations (issue 15, item 3). */
    g_assert_true (fb_shift_figures_report_counts (o, &consultations, &inquiries, &complaints));
    g_assert_cmpint (consultations, ==, 98);
    g_assert_cmpint (inquiries, ==, 2);
    g_assert_cmpint (complaints, ==, 0);
  }
  g_assert_cmpint (member_int (o, "callbacks_done"), ==, 1);
  g_assert_cmpint (member_int (o, "on_leave"), ==, 1);
  g_assert_cmpint (member_int (o, "swaps"), ==, 1);
  /* The cache keeps no attendance log: left out, not guessed. */
  g_assert_false (json_object_has_member (o, "late_over_20"));
  g_clear_object (&store);
  fb_paths_remove_dir (dir);
}

static void
test_night_and_errors (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(FbStore) store = cache (&dir);
  g_autoptr(GTimeZone) kst = g_time_zone_new_offset (9 * 3600);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) night = NULL;
  JsonNode *bad;
  JsonObject *o;

  /* 20:00 → 08:00: the 20:00 interval (700 calls) and ag-3's leave. */
  night = fb_shift_figures_compute (store, kst, DATE, FB_SHIFT_NIGHT, 1900000000, &error);
  g_assert_no_error (error);
  o = json_node_get_object (night);
  g_assert_cmpint (member_int (o, "offered"), ==, 700);
  g_assert_cmpint (member_int (o, "on_leave"), ==, 1);
  g_assert_cmpint (member_int (o, "swaps"), ==, 0);

  bad = fb_shift_figures_compute (store, kst, "2026-13-01", FB_SHIFT_DAY, 1900000000, &error);
  g_assert_null (bad);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_clear_object (&store);
  fb_paths_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/shift-figures/day-shift", test_day_shift);
  g_test_add_func ("/shift-figures/night-and-errors", test_night_and_errors);
  return g_test_run ();
}
