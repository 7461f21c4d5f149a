/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-test-cache.c: an app cache written by hand, for tests. */
#define G_LOG_DOMAIN "floorboard-test"

#include "fb-test-cache.h"

#include "fb-entity.h"
#include "fb-paths.h"

/* Rising across stores too: each row is newer than any before it. */
static gint64 version;

void
fb_test_dir_clear (FbTestDir *dir)
{
  if (*dir == NULL)
    return;
  fb_paths_remove_dir (*dir);
  g_clear_pointer (dir, g_free);
}

FbStore *
fb_test_cache_new (const char  *prefix,
                   char       **dir_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strdup_printf ("%s-XXXXXX", prefix);
  char *dir = g_dir_make_tmp (template, &error);
  g_autofree char *path = NULL;
  FbStore *store;

  g_assert_no_error (error);
  path = g_build_filename (dir, "cache.db", NULL);
  store = fb_store_open (path, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, &error);
  g_assert_no_error (error);
  *dir_out = dir;
  return store;
}

void
fb_test_cache_put_change (FbStore    *store,
                          const char *type,
                          const char *id,
                          gboolean    deleted,
                          const char *json)
{
  g_autoptr(FbChange) change = fb_change_new (type, id, ++version, deleted, json);
  g_autoptr(GError) error = NULL;
  gboolean applied = FALSE;

  g_assert_true (fb_store_apply_change (store, change, &applied, &error));
  g_assert_no_error (error);
  g_assert_true (applied);
}

void
fb_test_cache_put (FbStore    *store,
                   const char *type,
                   const char *id,
                   const char *json)
{
  fb_test_cache_put_change (store, type, id, FALSE, json);
}

FbChange *
fb_test_normalized_change (const char *type,
                           const char *id,
                           gint64      row_version,
                           const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);
  g_autoptr(JsonNode) normalized = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  normalized = fb_entity_normalize (fb_entity_spec_lookup (type), node, &error);
  g_assert_no_error (error);
  text = json_to_string (normalized, FALSE);
  return fb_change_new (type, id, row_version, FALSE, text);
}

void
fb_test_cache_put_normalized (FbStore    *store,
                              const char *type,
                              const char *id,
                              gint64      row_version,
                              const char *json)
{
  g_autoptr(FbChange) change = fb_test_normalized_change (type, id, row_version, json);
  g_autoptr(GError) error = NULL;

  g_assert_true (fb_store_apply_change (store, change, NULL, &error));
  g_assert_no_error (error);
}

void
fb_test_cache_put_interval (FbStore    *store,
                            const char *queue,
                            const char *start,
                            gint64      offered,
                            gint64      answered,
                            gint64      in_sl,
                            double      wait_s)
{
  g_autofree char *id = g_strdup_printf ("%s@%s", queue, start);
  g_autofree char *json = g_strdup_printf ("{\"id\":\"%s\",\"queue_id\":\"%s\",\"start\":\"%s\",\"offered\":%"
                                           G_GINT64_FORMAT ",\"answered\":%" G_GINT64_FORMAT ",\"abandoned\":%"
                                           G_GINT64_FORMAT ",\"answered_in_sl\":%" G_GINT64_FORMAT
                                           ",\"handle_time_s\":0,\"wait_time_s\":%g}",
                                           id, queue, start, offered, answered, offered - answered, in_sl, wait_s);

  fb_test_cache_put (store, "queue_interval", id, json);
}

void
fb_test_cache_put_case (FbStore    *store,
                        const char *id,
                        const char *raised,
                        const char *dispatch_due,
                        const char *response_due,
                        const char *extra)
{
  g_autofree char *json = g_strdup_printf ("{\"id\":\"%s\",\"customer_ref\":\"010-****-5678\",\"category\":\"billing\","
                                           "\"severity\":\"high\",\"summary\":\"요금\",\"raised_by\":\"u-sup\","
                                           "\"raised_at\":\"%s\",\"level\":\"shift_leader\",\"status\":\"raised\","
                                           "\"dispatch_due\":\"%s\",\"response_due\":\"%s\","
                                           "\"callback_due\":\"2026-12-30T00:00:00Z\"%s}",
                                           id, raised, dispatch_due, response_due, extra);

  fb_test_cache_put (store, "escalation", id, json);
}

void
fb_test_cache_put_qa (FbStore    *store,
                      const char *id,
                      const char *agent,
                      const char *at,
                      double      total)
{
  g_autofree char *json = g_strdup_printf ("{\"id\":\"%s\",\"agent_id\":\"%s\",\"inspector\":\"u-qa\",\"evaluated_at\":\"%s\","
                                           "\"call_ref\":\"c-1\",\"scores\":{\"service_language\":80,\"attitude\":80,"
                                           "\"tone\":80,\"need_elicitation\":80,\"handling\":80},\"total\":%g}",
                                           id, agent, at, total);

  fb_test_cache_put (store, "qa_evaluation", id, json);
}

/* The day shift of 2026-11-20 runs 08:00–20:00 KST = 23:00Z–11:00Z. */
FbStore *
fb_test_cache_new_shift_day (const char  *prefix,
                             char       **dir_out)
{
  FbStore *store = fb_test_cache_new (prefix, dir_out);

  fb_test_cache_put (store, "team", "t-day", "{\"id\":\"t-day\",\"name\":\"주간\",\"shift\":\"day\",\"start\":\"08:00\",\"end\":\"20:00\"}");
  fb_test_cache_put (store, "team", "t-night", "{\"id\":\"t-night\",\"name\":\"야간\",\"shift\":\"night\",\"start\":\"20:00\",\"end\":\"08:00\"}");
  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("ag-%u", i);
      g_autofree char *json = g_strdup_printf ("{\"id\":\"%s\",\"name\":\"상담원 %u\",\"employee_no\":\"%u\",\"grade\":\"junior\","
                                               "\"team_id\":\"%s\",\"state\":\"offline\",\"queue_id\":\"q-01\"}",
                                               id, i, i, i == 3 ? "t-night" : "t-day");
      fb_test_cache_put (store, "agent", id, json);
    }

  /* In the shift: 09:00 and 19:45 KST. Before: 07:45. After: 20:00. */
  fb_test_cache_put_interval (store, "q-01", "2026-11-20T00:00:00Z", 100, 90, 72, 900);
  fb_test_cache_put_interval (store, "q-01", "2026-11-20T10:45:00Z", 20, 10, 8, 300);
  fb_test_cache_put_interval (store, "q-01", "2026-11-19T22:45:00Z", 500, 500, 500, 0);
  fb_test_cache_put_interval (store, "q-01", "2026-11-20T11:00:00Z", 700, 700, 700, 0);

  /* Raised in the shift, dispatched in time and resolved in it, with one
   * callback attempt in the shift and one after. */
  fb_test_cache_put_case (store, "e-1", "2026-11-20T01:00:00Z", "2026-11-20T02:00:00Z", "2026-11-30T00:00:00Z",
                          ",\"dispatched_at\":\"2026-11-20T01:30:00Z\",\"responded_at\":\"2026-11-20T03:00:00Z\","
                          "\"resolved_at\":\"2026-11-20T05:00:00Z\",\"callback_attempts\":["
                          "{\"at\":\"2026-11-20T04:00:00Z\",\"by\":\"u-sup\",\"outcome\":\"no_answer\"},"
                          "{\"at\":\"2026-11-20T12:00:00Z\",\"by\":\"u-sup\",\"outcome\":\"reached\"}]");
  /* Raised in the shift, never dispatched: overdue at its end. */
  fb_test_cache_put_case (store, "e-2", "2026-11-20T09:00:00Z", "2026-11-20T10:00:00Z", "2026-11-30T00:00:00Z", "");
  /* Raised the day before, dispatch due after the shift: neither. */
  fb_test_cache_put_case (store, "e-3", "2026-11-19T12:00:00Z", "2026-11-20T12:00:00Z", "2026-11-30T00:00:00Z", "");

  /* ag-2 (day) away on approved leave; ag-1's leave is only pending; ag-3
   * works nights. One approved day swap that day, one on another day. */
  fb_test_cache_put (store, "leave_request", "lv-1", "{\"id\":\"lv-1\",\"agent_id\":\"ag-2\",\"type\":\"vacation\",\"start_date\":\"2026-11-19\","
                     "\"end_date\":\"2026-11-21\",\"submitted_at\":\"2026-11-01T00:00:00Z\",\"status\":\"approved\"}");
  fb_test_cache_put (store, "leave_request", "lv-2", "{\"id\":\"lv-2\",\"agent_id\":\"ag-1\",\"type\":\"personal\",\"start_date\":\"2026-11-20\","
                     "\"end_date\":\"2026-11-20\",\"submitted_at\":\"2026-11-01T00:00:00Z\",\"status\":\"pending\"}");
  fb_test_cache_put (store, "leave_request", "lv-3", "{\"id\":\"lv-3\",\"agent_id\":\"ag-3\",\"type\":\"personal\",\"start_date\":\"2026-11-20\","
                     "\"end_date\":\"2026-11-20\",\"submitted_at\":\"2026-11-01T00:00:00Z\",\"status\":\"approved\"}");
  fb_test_cache_put (store, "swap_request", "sw-1", "{\"id\":\"sw-1\",\"agent_a\":\"ag-1\",\"agent_b\":\"ag-2\",\"date_a\":\"2026-11-20\","
                     "\"shift_a\":\"day\",\"date_b\":\"2026-11-22\",\"shift_b\":\"day\",\"submitted_at\":\"2026-11-01T00:00:00Z\","
                     "\"status\":\"approved\"}");
  fb_test_cache_put (store, "swap_request", "sw-2", "{\"id\":\"sw-2\",\"agent_a\":\"ag-1\",\"agent_b\":\"ag-2\",\"date_a\":\"2026-11-24\","
                     "\"shift_a\":\"day\",\"date_b\":\"2026-11-26\",\"shift_b\":\"day\",\"submitted_at\":\"2026-11-01T00:00:00Z\","
                     "\"status\":\"approved\"}");
  return store;
}

void
fb_test_assert_calls (JsonObject *figures,
                      gint64      offered,
                      gint64      answered,
                      gint64      abandoned,
                      double      in_sl,
                      double      wait_s)
{
  g_assert_cmpint (fb_test_member_int (figures, "offered"), ==, offered);
  g_assert_cmpint (fb_test_member_int (figures, "answered"), ==, answered);
  g_assert_cmpint (fb_test_member_int (figures, "abandoned"), ==, abandoned);
  g_assert_cmpfloat_with_epsilon (fb_test_member_double (figures, "service_level"), in_sl / answered, 1e-9);
  g_assert_cmpfloat_with_epsilon (fb_test_member_double (figures, "asa_s"), wait_s / answered, 1e-9);
  g_assert_cmpfloat_with_epsilon (fb_test_member_double (figures, "abandon_rate"), (double) abandoned / offered, 1e-9);
}

void
fb_test_assert_reports (JsonObject *summary,
                        gint64      expected,
                        gint64      submitted,
                        gint64      reviewed,
                        gint64      acknowledged)
{
  JsonObject *reports = fb_test_member_object (summary, "reports");

  g_assert_cmpint (fb_test_member_int (reports, "expected"), ==, expected);
  g_assert_cmpint (fb_test_member_int (reports, "submitted"), ==, submitted);
  g_assert_cmpint (fb_test_member_int (reports, "reviewed"), ==, reviewed);
  g_assert_cmpint (fb_test_member_int (reports, "acknowledged"), ==, acknowledged);
}

JsonObject *
fb_test_member_object (JsonObject *object,
                       const char *name)
{
  g_assert_true (json_object_has_member (object, name));
  return json_object_get_object_member (object, name);
}

gint64
fb_test_member_int (JsonObject *object,
                    const char *name)
{
  g_assert_true (json_object_has_member (object, name));
  return json_object_get_int_member (object, name);
}

double
fb_test_member_double (JsonObject *object,
                       const char *name)
{
  g_assert_true (json_object_has_member (object, name));
  return json_object_get_double_member (object, name);
}
