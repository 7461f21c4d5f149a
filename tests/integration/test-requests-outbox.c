/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-requests-outbox.c: a leave decision made offline reaches the real
 * server exactly once when it returns — also when the app was killed in
 * between — and a decision the server refuses is undone and said. */
#define G_LOG_DOMAIN "test-requests-outbox"

#include <signal.h>
#include <string.h>

#include "fb-auth.h"
#include "fb-client-requests.h"
#include "fb-entity.h"
#include "fb-request-rules.h"
#include "fb-server-store.h"
#include "fb-store.h"
#include "fb-sync-engine.h"
#include "fb-test-fixture.h"
#include "fb-test-sync.h"

static const char *self_path;

typedef FbTestWrites Ctx;

static void
refused_cb (FbSyncEngine *engine,
            const char   *row_type,
            const char   *row_id,
            const char   *code,
            const char   *message,
            Ctx          *ctx)
{
  g_assert_cmpstr (row_type, ==, "leave_request");
  g_assert_nonnull (message);
  fb_test_writes_note_refusal (ctx, row_id, code);
}

static void
start_engine (const char *cache_path,
              const char *url,
              Ctx        *ctx,
              gboolean    sign_in)
{
  fb_test_writes_start (ctx, cache_path, G_CALLBACK (refused_cb));
  if (sign_in)
    fb_test_writes_sign_in (ctx, url, "mgr");
}

static void
add_manager (FbTestFixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = fb_auth_hash_password (FB_TEST_PASSWORD, &error);

  g_assert_no_error (error);
  fb_test_put (f->store, "user", "u-mgr",
               "{\"id\":\"u-mgr\",\"username\":\"mgr\",\"name\":\"최 부장\",\"role\":\"manager\"}");
  g_assert_true (fb_server_store_add_credentials (f->store, "mgr", "u-mgr", hash, &error));
  g_assert_no_error (error);
}

/* A one-day personal leave, asked well ahead: a manager may approve it. */
static void
put_leave (FbTestFixture *f,
           const char    *id)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GDateTime) day = g_date_time_add_days (g_date_time_new_now_utc (), 10);
  g_autofree char *date = g_date_time_format (day, "%Y-%m-%d");
  g_autofree char *submitted = fb_timestamp_to_iso (now - 3600);
  g_autofree char *json = g_strdup_printf ("{\"id\":\"%s\",\"agent_id\":\"agent-002\",\"type\":\"personal\","
                                           "\"start_date\":\"%s\",\"end_date\":\"%s\",\"reason\":\"가족 행사\","
                                           "\"submitted_at\":\"%s\",\"certificate\":false,\"status\":\"pending\"}",
                                           id, date, date, submitted);

  fb_test_put (f->store, "leave_request", id, json);
}

static gboolean
cache_has_leave (gpointer data)
{
  FbTestFixture *f = data;
  g_autoptr(FbStore) cache = fb_store_open (f->cache_path, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, NULL);

  return cache != NULL && fb_store_count_rows (cache, "leave_request") > 0;
}

/* The manager approves leave @id, as the Requests page does. */
static void
approve (const char *cache_path,
         Ctx        *ctx,
         const char *id)
{
  g_autoptr(FbChange) row = fb_test_cache_row (cache_path, "leave_request", id);
  g_autoptr(JsonNode) node = json_from_string (row->data, NULL);
  g_autoptr(JsonNode) optimistic = fb_leave_apply_decision (node, FB_DECISION_APPROVE, "u-mgr", NULL,
                                                            g_get_real_time () / G_USEC_PER_SEC);

  ctx->done = FALSE;
  fb_client_decide_leave_async (ctx->engine, id, FB_DECISION_APPROVE, NULL, row->version, optimistic,
                                NULL, fb_test_writes_async_cb, ctx);
  g_assert_true (fb_test_wait_until (fb_test_writes_done, ctx, 10000));
  g_assert_no_error (ctx->error);
}

/* Audit rows that record @id going from pending to approved: one per
 * effect, so a second delivery would show as two. */
static guint
count_decisions (FbTestFixture *f,
                 const char    *id)
{
  g_autofree char *dump = fb_test_dump_server (f->store);
  g_auto(GStrv) lines = g_strsplit (dump, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i]; i++)
    {
      const char *data = lines[i];
      g_autoptr(JsonNode) node = NULL;
      JsonObject *audit, *before, *after;

      if (!g_str_has_prefix (lines[i], "audit/"))
        continue;
      /* "audit/ID/VERSION/DATA" */
      for (guint slash = 0; slash < 3 && data; slash++)
        data = strchr (data, '/') ? strchr (data, '/') + 1 : NULL;
      if (!data || !(node = json_from_string (data, NULL)) || !JSON_NODE_HOLDS_OBJECT (node))
        continue;
      audit = json_node_get_object (node);
      if (g_strcmp0 (fb_json_member_string (audit, "target_id"), id) != 0 ||
          !json_object_has_member (audit, "before") || !json_object_has_member (audit, "after") ||
          !JSON_NODE_HOLDS_OBJECT (json_object_get_member (audit, "before")) ||
          !JSON_NODE_HOLDS_OBJECT (json_object_get_member (audit, "after")))
        continue;
      before = json_object_get_object_member (audit, "before");
      after = json_object_get_object_member (audit, "after");
      if (g_strcmp0 (fb_json_member_string (before, "status"), "pending") == 0 &&
          g_strcmp0 (fb_json_member_string (after, "status"), "approved") == 0)
        n++;
    }
  return n;
}

/* The manager signed in on a cache that holds leave @id. */
static void
start_signed_in (FbTestFixture *f,
                 Ctx           *ctx,
                 const char    *id)
{
  add_manager (f);
  put_leave (f, id);
  start_engine (f->cache_path, f->url, ctx, TRUE);
  g_assert_true (fb_test_wait_until (cache_has_leave, f, 20000));
}

/* Approves leave @id with the server away: shown approved at once. */
static FbChange *
approve_offline (FbTestFixture *f,
                 Ctx           *ctx,
                 const char    *id)
{
  FbChange *shown;

  start_signed_in (f, ctx, id);
  fb_test_fixture_stop_server (f);
  approve (f->cache_path, ctx, id);
  shown = fb_test_cache_row (f->cache_path, "leave_request", id);
  g_assert_nonnull (strstr (shown->data, "\"status\":\"approved\""));
  return shown;
}

static void
test_offline_approval_delivered_once (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 4);
  g_autoptr(FbChange) shown = NULL, on_server = NULL;
  g_autoptr(GError) error = NULL;
  Ctx ctx = { 0 };

  /* Offline: the decision shows at once and waits in the outbox. */
  shown = approve_offline (f, &ctx, "lv-1");
  g_assert_cmpuint (fb_sync_engine_get_pending_writes (ctx.engine), ==, 1);

  /* The server returns: delivered, once, and the cache takes its row. */
  fb_test_fixture_start_server (f);
  fb_sync_engine_sync_now (ctx.engine);
  g_assert_true (fb_test_wait_until (fb_test_writes_nothing_pending, &ctx, 20000));
  on_server = fb_server_store_get (f->store, "leave_request", "lv-1", &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (on_server->data, "\"status\":\"approved\""));
  g_assert_nonnull (strstr (on_server->data, "\"decided_by\":\"u-mgr\""));
  g_assert_cmpuint (count_decisions (f, "lv-1"), ==, 1);
  g_assert_cmpuint (ctx.refused, ==, 0);
  fb_test_writes_clear (&ctx);
}

static void
test_stale_approval_is_undone (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 4);
  g_autoptr(FbChange) shown = NULL, after = NULL, on_server = NULL;
  g_autoptr(GError) error = NULL;
  Ctx ctx = { 0 };

  /* Offline, the manager approves; meanwhile the director rejected it. */
  shown = approve_offline (f, &ctx, "lv-2");
  {
    g_autoptr(FbChange) current = fb_server_store_get (f->store, "leave_request", "lv-2", &error);
    g_autoptr(JsonNode) row = json_from_string (current->data, NULL);
    g_autoptr(JsonNode) rejected = fb_leave_apply_decision (row, FB_DECISION_REJECT, "u-dir", "인원 부족", 1800000000);
    g_autofree char *json = json_to_string (rejected, FALSE);

    g_assert_no_error (error);
    fb_test_put (f->store, "leave_request", "lv-2", json);
  }
  fb_test_fixture_start_server (f);
  fb_sync_engine_sync_now (ctx.engine);
  g_assert_true (fb_test_wait_until (fb_test_writes_were_refused, &ctx, 20000));
  g_assert_cmpstr (ctx.refused_code, ==, "stale_version");

  /* The server's decision stands; the cache follows it. */
  on_server = fb_server_store_get (f->store, "leave_request", "lv-2", &error);
  g_assert_nonnull (strstr (on_server->data, "\"status\":\"rejected\""));
  fb_sync_engine_sync_now (ctx.engine);
  {
    gboolean rejected = FALSE;

    for (guint i = 0; i < 100 && !rejected; i++)
      {
        g_autoptr(FbChange) row = fb_test_cache_row (f->cache_path, "leave_request", "lv-2");

        rejected = strstr (row->data, "\"status\":\"rejected\"") != NULL;
        if (!rejected)
          g_main_context_iteration (NULL, FALSE), g_usleep (20000);
      }
    g_assert_true (rejected);
  }
  fb_test_writes_clear (&ctx);
}

/* Child: opens the cache offline, decides, and dies without a goodbye. */
static int
child_approve_and_die (const char *cache_path,
                       const char *id)
{
  Ctx ctx = { 0 };

  start_engine (cache_path, NULL, &ctx, FALSE);
  approve (cache_path, &ctx, id);
  raise (SIGKILL);
  return 1;
}

static void
test_killed_then_delivered_once (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 4);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(FbChange) on_server = NULL;
  g_autoptr(GError) error = NULL;
  Ctx ctx = { 0 };

  start_signed_in (f, &ctx, "lv-3");
  fb_test_writes_clear (&ctx);
  fb_test_fixture_stop_server (f);

  /* Another process makes the decision and is killed (SIGKILL). */
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self_path,
                            "--approve-and-die", f->cache_path, "lv-3", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait (child, NULL, &error));
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

  /* The next start delivers it, once. */
  fb_test_fixture_start_server (f);
  start_engine (f->cache_path, f->url, &ctx, FALSE);
  g_assert_cmpuint (fb_sync_engine_get_pending_writes (ctx.engine), ==, 1);
  fb_test_writes_sign_in (&ctx, f->url, "mgr");
  g_assert_true (fb_test_wait_until (fb_test_writes_nothing_pending, &ctx, 20000));
  on_server = fb_server_store_get (f->store, "leave_request", "lv-3", &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (on_server->data, "\"status\":\"approved\""));
  g_assert_cmpuint (count_decisions (f, "lv-3"), ==, 1);
  fb_test_writes_clear (&ctx);
}

int
main (int argc, char **argv)
{
  if (argc == 4 && g_str_equal (argv[1], "--approve-and-die"))
    return child_approve_and_die (argv[2], argv[3]);

  self_path = argv[0];
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/requests-outbox/offline-approval-delivered-once", test_offline_approval_delivered_once);
  g_test_add_func ("/requests-outbox/stale-approval-is-undone", test_stale_approval_is_undone);
  g_test_add_func ("/requests-outbox/killed-then-delivered-once", test_killed_then_delivered_once);
  return g_test_run ();
}
