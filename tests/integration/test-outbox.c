/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-outbox.c: writes from the app reach a real server exactly once,
 * show at once, survive an outage and a restart, and a refusal undoes. */
#define G_LOG_DOMAIN "test-outbox"

#include <string.h>

#include "fb-auth.h"
#include "fb-client-escalations.h"
#include "fb-entity.h"
#include "fb-escalation-rules.h"
#include "fb-server-store.h"
#include "fb-store.h"
#include "fb-sync-engine.h"
#include "fb-test-fixture.h"
#include "fb-test-sync.h"

typedef FbTestWrites Ctx;

static void
changed_cb (FbSyncEngine       *engine,
            const char * const *keys,
            Ctx                *ctx)
{
  for (guint i = 0; keys && keys[i]; i++)
    {
      g_autofree char *key = g_strdelimit (g_strdup (keys[i]), FB_SYNC_KEY_SEPARATOR, '/');
      g_string_append_printf (ctx->keys, "%s;", key);
    }
}

static void
refused_cb (FbSyncEngine *engine,
            const char   *row_type,
            const char   *row_id,
            const char   *code,
            const char   *message,
            Ctx          *ctx)
{
  g_assert_nonnull (message);
  fb_test_writes_note_refusal (ctx, row_id, code);
}

static void
start_engine (FbTestFixture *f,
              Ctx           *ctx,
              gboolean       sign_in)
{
  fb_test_writes_start (ctx, f->cache_path, G_CALLBACK (refused_cb));
  ctx->keys = g_string_new (NULL);
  g_signal_connect (ctx->engine, "changed", G_CALLBACK (changed_cb), ctx);
  if (sign_in)
    fb_test_writes_sign_in (ctx, f->url, "sup");
}

static void
put_case (FbServerStore *store,
          const char    *id,
          const char    *status)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC - 600;
  g_autofree char *raised = fb_timestamp_to_iso (now);
  g_autofree char *d = fb_timestamp_to_iso (now + FB_ESCALATION_DISPATCH_S);
  g_autofree char *r = fb_timestamp_to_iso (now + FB_ESCALATION_RESPONSE_S);
  g_autofree char *c = fb_timestamp_to_iso (now + FB_ESCALATION_CALLBACK_S);
  g_autofree char *json =
    g_strdup_printf ("{\"id\":\"%s\",\"customer_ref\":\"010-****-5678\",\"customer_name\":\"김*수\","
                     "\"category\":\"billing\",\"severity\":\"high\",\"summary\":\"요금 이중 청구\","
                     "\"raised_by\":\"u-sup\",\"raised_at\":\"%s\",\"level\":\"shift_leader\","
                     "\"status\":\"%s\",\"dispatch_due\":\"%s\",\"response_due\":\"%s\","
                     "\"callback_due\":\"%s\",\"history\":[{\"at\":\"%s\",\"actor\":\"u-sup\","
                     "\"action\":\"raised\",\"status\":\"raised\"}]}",
                     id, raised, status, d, r, c, raised);

  fb_test_put (store, "escalation", id, json);
}

static FbChange *
server_row (FbTestFixture *f,
            const char    *id)
{
  g_autoptr(GError) error = NULL;
  FbChange *row = fb_server_store_get (f->store, "escalation", id, &error);

  g_assert_no_error (error);
  return row;
}

static gboolean
cache_has_case (gpointer data)
{
  FbTestFixture *f = data;
  g_autoptr(FbStore) cache = fb_store_open (f->cache_path, fb_store_cache_migrations,
                                            FB_STORE_SYNC_NORMAL, NULL);

  return cache != NULL && fb_store_count_rows (cache, "escalation") > 0;
}

/* Submits @action on case @id with the app's optimistic row. */
static void
submit (FbTestFixture      *f,
        Ctx                *ctx,
        const char         *id,
        FbEscalationAction  action)
{
  g_autoptr(FbChange) row = fb_test_cache_row (f->cache_path, "escalation", id);
  g_autoptr(JsonNode) node = json_from_string (row->data, NULL);
  g_autoptr(JsonNode) optimistic = fb_escalation_apply (node, action, "u-sup", -1, "메모", 1700000000);

  ctx->done = FALSE;
  fb_client_act_on_escalation_async (ctx->engine, id, action, -1, "메모", row->version, optimistic,
                                     NULL, fb_test_writes_async_cb, ctx);
  g_assert_true (fb_test_wait_until (fb_test_writes_done, ctx, 10000));
  g_assert_no_error (ctx->error);
}

static guint
count_history (const char *data,
               const char *action)
{
  g_autofree char *needle = g_strdup_printf ("\"action\":\"%s\"", action);
  guint n = 0;

  for (const char *p = strstr (data, needle); p; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
test_delivered_and_shown_at_once (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 2);
  g_autoptr(FbChange) before = NULL, shown = NULL, on_server = NULL, cached = NULL;
  Ctx ctx = { 0 };

  put_case (f->store, "e-1", "raised");
  start_engine (f, &ctx, TRUE);
  g_assert_true (fb_test_wait_until (cache_has_case, f, 20000));
  before = server_row (f, "e-1");

  /* The server is away: the change shows, waits, and says so. */
  fb_test_fixture_stop_server (f);
  submit (f, &ctx, "e-1", FB_ESCALATION_ACTION_TAKE);
  g_assert_nonnull (strstr (ctx.keys->str, "escalation/e-1;"));
  shown = fb_test_cache_row (f->cache_path, "escalation", "e-1");
  g_assert_nonnull (strstr (shown->data, "\"status\":\"in_progress\""));
  g_assert_cmpint (shown->version, ==, before->version);
  g_assert_cmpuint (fb_sync_engine_get_pending_writes (ctx.engine), ==, 1);
  /* Retries fail for a while; nothing is lost or repeated. */
  g_usleep (300 * 1000);
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_cmpuint (fb_sync_engine_get_pending_writes (ctx.engine), ==, 1);

  /* Back: delivered once, and the server's row replaces the local one. */
  fb_test_fixture_start_server (f);
  g_assert_true (fb_test_wait_until (fb_test_writes_nothing_pending, &ctx, 20000));
  on_server = server_row (f, "e-1");
  g_assert_cmpint (on_server->version, >, before->version);
  g_assert_nonnull (strstr (on_server->data, "\"status\":\"in_progress\""));
  g_assert_nonnull (strstr (on_server->data, "\"owner\":\"u-sup\""));
  g_assert_cmpuint (count_history (on_server->data, "started"), ==, 1);
  cached = fb_test_cache_row (f->cache_path, "escalation", "e-1");
  g_assert_cmpint (cached->version, ==, on_server->version);
  g_assert_cmpstr (cached->data, ==, on_server->data);
  g_assert_cmpuint (ctx.refused, ==, 0);
  fb_test_writes_clear (&ctx);
}

static void
test_refused_is_undone (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 2);
  g_autoptr(FbChange) before = NULL, after = NULL, on_server = NULL;
  g_autoptr(FbStore) cache = NULL;
  g_autoptr(GPtrArray) items = NULL;
  Ctx ctx = { 0 };

  put_case (f->store, "e-2", "raised");
  start_engine (f, &ctx, TRUE);
  g_assert_true (fb_test_wait_until (cache_has_case, f, 20000));
  before = fb_test_cache_row (f->cache_path, "escalation", "e-2");

  /* Resolving a case nobody took breaks the lifecycle: the server says
   * no, the row comes back, the write is kept and marked. */
  submit (f, &ctx, "e-2", FB_ESCALATION_ACTION_RESOLVE);
  g_assert_true (fb_test_wait_until (fb_test_writes_were_refused, &ctx, 20000));
  g_assert_cmpstr (ctx.refused_code, ==, "illegal_transition");
  g_assert_cmpstr (ctx.refused_id, ==, "e-2");
  g_assert_true (fb_test_wait_until (fb_test_writes_nothing_pending, &ctx, 20000));
  after = fb_test_cache_row (f->cache_path, "escalation", "e-2");
  g_assert_cmpstr (after->data, ==, before->data);
  on_server = server_row (f, "e-2");
  g_assert_cmpint (on_server->version, ==, before->version);

  cache = fb_store_open (f->cache_path, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, NULL);
  items = fb_store_outbox_list (cache, NULL);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_nonnull (strstr (((FbOutboxItem *) g_ptr_array_index (items, 0))->refused, "illegal_transition"));
  fb_test_writes_clear (&ctx);
}

static void
test_survives_restart (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 2);
  g_autoptr(FbChange) on_server = NULL;
  Ctx ctx = { 0 };

  put_case (f->store, "e-3", "raised");
  start_engine (f, &ctx, TRUE);
  g_assert_true (fb_test_wait_until (cache_has_case, f, 20000));

  /* Written while offline, then the app quits. */
  fb_test_fixture_stop_server (f);
  submit (f, &ctx, "e-3", FB_ESCALATION_ACTION_TAKE);
  fb_test_writes_clear (&ctx);

  /* The next start delivers it, once. */
  fb_test_fixture_start_server (f);
  start_engine (f, &ctx, FALSE);
  g_assert_cmpuint (fb_sync_engine_get_pending_writes (ctx.engine), ==, 1);
  fb_test_writes_sign_in (&ctx, f->url, "sup");
  g_assert_true (fb_test_wait_until (fb_test_writes_nothing_pending, &ctx, 20000));
  on_server = server_row (f, "e-3");
  g_assert_nonnull (strstr (on_server->data, "\"status\":\"in_progress\""));
  g_assert_cmpuint (count_history (on_server->data, "started"), ==, 1);
  fb_test_writes_clear (&ctx);
}

static gboolean
online (gpointer data)
{
  return fb_sync_engine_get_state (((Ctx *) data)->engine) == FB_SYNC_STATE_ONLINE;
}

static gboolean
e4_taken (gpointer data)
{
  g_autoptr(FbChange) row = fb_server_store_get (((FbTestFixture *) data)->store, "escalation", "e-4", NULL);

  return row != NULL && strstr (row->data, "\"status\":\"in_progress\"") != NULL;
}

static gboolean
e5_taken (gpointer data)
{
  g_autoptr(FbChange) row = fb_server_store_get (((FbTestFixture *) data)->store, "escalation", "e-5", NULL);

  return row != NULL && strstr (row->data, "\"status\":\"in_progress\"") != NULL;
}

/* The cache shows e-4 taken: the owner's own change, or the server's row
 * after it, which the change feed brings a moment after delivery. */
static gboolean
e4_taken_in_cache (gpointer data)
{
  FbTestFixture *f = data;
  g_autoptr(FbChange) row = fb_test_cache_row (f->cache_path, "escalation", "e-4");

  return row != NULL && strstr (row->data, "\"status\":\"in_progress\"") != NULL;
}

static void
signed_out_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Ctx *ctx = user_data;

  /* The server may be away: signed out here all the same. */
  fb_sync_engine_sign_out_finish (FB_SYNC_ENGINE (object), result, NULL);
  ctx->done = TRUE;
}

static void
sign_in_as (FbTestFixture *f,
            Ctx           *ctx,
            const char    *username)
{
  fb_test_writes_sign_in (ctx, f->url, username);
  g_assert_true (fb_test_wait_until (online, ctx, 20000));
}

static void
sign_out (Ctx *ctx)
{
  ctx->done = FALSE;
  fb_sync_engine_sign_out_async (ctx->engine, NULL, signed_out_cb, ctx);
  g_assert_true (fb_test_wait_until (fb_test_writes_done, ctx, 20000));
}

/* One supervisor signs out with a write still waiting; another signs in
 * at the same desk: the write is never sent as theirs, nor shown to them,
 * and goes once its owner is back. */
static void
test_other_user_never_sends (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 2);
  g_autoptr(FbChange) before = NULL, for_b = NULL, on_server = NULL, b_case = NULL;
  g_autoptr(FbStore) cache = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = fb_auth_hash_password (FB_TEST_PASSWORD, &error);
  Ctx ctx = { 0 };

  g_assert_no_error (error);
  fb_test_put (f->store, "user", "u-sup2",
               "{\"id\":\"u-sup2\",\"username\":\"sup2\",\"name\":\"최 감독\",\"role\":\"supervisor\"}");
  g_assert_true (fb_server_store_add_credentials (f->store, "sup2", "u-sup2", hash, &error));
  g_assert_no_error (error);
  put_case (f->store, "e-4", "raised");
  put_case (f->store, "e-5", "raised");
  start_engine (f, &ctx, TRUE);
  g_assert_true (fb_test_wait_until (cache_has_case, f, 20000));
  before = server_row (f, "e-4");

  /* A (sup) takes a case while the server is away, and signs out. */
  fb_test_fixture_stop_server (f);
  submit (f, &ctx, "e-4", FB_ESCALATION_ACTION_TAKE);
  g_assert_cmpuint (fb_sync_engine_get_pending_writes (ctx.engine), ==, 1);
  sign_out (&ctx);

  /* B (sup2) signs in at the same desk, with the server back. */
  fb_test_fixture_start_server (f);
  sign_in_as (f, &ctx, "sup2");
  /* A's change is not shown to B as a fact. */
  for_b = fb_test_cache_row (f->cache_path, "escalation", "e-4");
  g_assert_nonnull (strstr (for_b->data, "\"status\":\"raised\""));

  /* B's own write goes, under B; in order, A's older one would have gone
   * first had it been B's to send. */
  submit (f, &ctx, "e-5", FB_ESCALATION_ACTION_TAKE);
  g_assert_true (fb_test_wait_until (e5_taken, f, 20000));
  b_case = server_row (f, "e-5");
  g_assert_nonnull (strstr (b_case->data, "\"owner\":\"u-sup2\""));
  on_server = server_row (f, "e-4");
  g_assert_cmpint (on_server->version, ==, before->version);
  g_assert_cmpuint (count_history (on_server->data, "started"), ==, 0);
  g_assert_null (strstr (on_server->data, "u-sup2"));
  g_assert_true (fb_test_wait_until (fb_test_writes_nothing_pending, &ctx, 20000));

  /* A's write is still kept, as A's. */
  cache = fb_store_open (f->cache_path, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, &error);
  g_assert_no_error (error);
  items = fb_store_outbox_list (cache, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_null (((FbOutboxItem *) g_ptr_array_index (items, 0))->refused);
  sign_out (&ctx);

  /* A is back: delivered once, under A, and shown. (The count is A's
   * own from the first delivery pass on: wait for the write itself.) */
  sign_in_as (f, &ctx, "sup");
  g_assert_true (fb_test_wait_until (e4_taken, f, 20000));
  g_assert_true (fb_test_wait_until (fb_test_writes_nothing_pending, &ctx, 20000));
  g_clear_pointer (&on_server, fb_change_free);
  on_server = server_row (f, "e-4");
  g_assert_cmpint (on_server->version, >, before->version);
  g_assert_nonnull (strstr (on_server->data, "\"owner\":\"u-sup\""));
  g_assert_null (strstr (on_server->data, "u-sup2"));
  g_assert_cmpuint (count_history (on_server->data, "started"), ==, 1);
  g_clear_pointer (&items, g_ptr_array_unref);
  items = fb_store_outbox_list (cache, &error);
  g_assert_cmpuint (items->len, ==, 0);
  g_assert_true (fb_test_wait_until (online, &ctx, 20000));
  g_assert_true (fb_test_wait_until (e4_taken_in_cache, f, 20000));
  g_assert_cmpuint (ctx.refused, ==, 0);
  fb_test_writes_clear (&ctx);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/outbox/delivered-and-shown-at-once", test_delivered_and_shown_at_once);
  g_test_add_func ("/outbox/refused-is-undone", test_refused_is_undone);
  g_test_add_func ("/outbox/survives-restart", test_survives_restart);
  g_test_add_func ("/outbox/other-user-never-sends", test_other_user_never_sends);
  return g_test_run ();
}
