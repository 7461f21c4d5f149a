/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sync.c: the sync engine against a real server on 127.0.0.1. */
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "fb-entity.h"
#include "fb-server.h"
#include "fb-server-private.h"
#include "fb-server-store.h"
#include "fb-sqlite-server-store.h"
#include "fb-store.h"
#include "fb-sync-engine.h"
#include "fb-test-fixture.h"

typedef struct
{
  FbSyncEngine *engine;
  gboolean      done;
  GError       *error;
  guint         changed;
  GString      *keys;        /* every key the engine reported, ";"-joined */
} Ctx;

static void
login_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Ctx *ctx = user_data;

  fb_sync_engine_login_finish (FB_SYNC_ENGINE (object), result, &ctx->error);
  ctx->done = TRUE;
}

static gboolean
login_done (gpointer data)
{
  return ((Ctx *) data)->done;
}

static gboolean
is_online (gpointer data)
{
  return fb_sync_engine_get_state (((Ctx *) data)->engine) == FB_SYNC_STATE_ONLINE;
}

static gboolean
is_offline (gpointer data)
{
  return fb_sync_engine_get_state (((Ctx *) data)->engine) == FB_SYNC_STATE_OFFLINE;
}

static gboolean
is_error (gpointer data)
{
  return fb_sync_engine_get_state (((Ctx *) data)->engine) == FB_SYNC_STATE_ERROR;
}

static gboolean
is_live (gpointer data)
{
  return fb_sync_engine_get_live (((Ctx *) data)->engine);
}

static gboolean
is_not_live (gpointer data)
{
  return !fb_sync_engine_get_live (((Ctx *) data)->engine);
}

static gboolean
has_changed (gpointer data)
{
  return ((Ctx *) data)->changed > 0;
}

static void
changed_cb (FbSyncEngine       *engine,
            const char * const *keys,
            Ctx                *ctx)
{
  ctx->changed++;
  if (ctx->keys != NULL && keys != NULL)
    for (guint i = 0; keys[i] != NULL; i++)
      {
        g_autofree char *key = g_strdelimit (g_strdup (keys[i]), FB_SYNC_KEY_SEPARATOR, '/');
        g_string_append_printf (ctx->keys, "%s;", key);
      }
}

static FbSyncEngine *
new_engine (FbTestFixture *f,
            Ctx           *ctx,
            guint          page_size)
{
  g_autoptr(GError) error = NULL;
  FbSyncEngine *engine = fb_sync_engine_new (f->cache_path, &error);

  g_assert_no_error (error);
  fb_sync_engine_set_page_size (engine, page_size);
  fb_sync_engine_set_retry_base (engine, 20);
  fb_sync_engine_set_poll_interval (engine, 3600);
  memset (ctx, 0, sizeof *ctx);
  ctx->engine = engine;
  g_signal_connect (engine, "changed", G_CALLBACK (changed_cb), ctx);
  return engine;
}

static void
login (Ctx        *ctx,
       const char *url,
       const char *user,
       const char *password)
{
  ctx->done = FALSE;
  g_clear_error (&ctx->error);
  fb_sync_engine_login_async (ctx->engine, url, user, password, NULL, login_cb, ctx);
  g_assert_true (fb_test_wait_until (login_done, ctx, 20000));
}

static FbStore *
open_cache (FbTestFixture *f)
{
  g_autoptr(GError) error = NULL;
  FbStore *store = fb_store_open (f->cache_path, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, &error);

  g_assert_no_error (error);
  return store;
}

static void
assert_cache_equals_server (FbTestFixture *f)
{
  g_autoptr(FbStore) cache = open_cache (f);
  g_autofree char *a = fb_test_dump_cache (cache);
  g_autofree char *b = fb_test_dump_server (f->store);

  g_assert_cmpstr (a, ==, b);
}

static void
test_login_good_and_bad (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (3, 5);
  g_autoptr(FbSyncEngine) engine = NULL;
  Ctx ctx;

  engine = new_engine (f, &ctx, 100);

  login (&ctx, f->url, "sup", "wrong password");
  g_assert_error (ctx.error, FB_SYNC_ERROR, FB_SYNC_ERROR_BAD_CREDENTIALS);
  g_assert_cmpint (fb_sync_engine_get_state (engine), ==, FB_SYNC_STATE_SIGNED_OUT);
  g_assert_cmpint (ctx.changed, ==, 0);

  login (&ctx, f->url, "nobody", FB_TEST_PASSWORD);
  g_assert_error (ctx.error, FB_SYNC_ERROR, FB_SYNC_ERROR_BAD_CREDENTIALS);

  login (&ctx, "ftp://127.0.0.1/", "sup", FB_TEST_PASSWORD);
  g_assert_error (ctx.error, FB_SYNC_ERROR, FB_SYNC_ERROR_INVALID_URL);
  login (&ctx, "not a url", "sup", FB_TEST_PASSWORD);
  g_assert_error (ctx.error, FB_SYNC_ERROR, FB_SYNC_ERROR_INVALID_URL);
  login (&ctx, f->url, "", FB_TEST_PASSWORD);
  g_assert_error (ctx.error, FB_SYNC_ERROR, FB_SYNC_ERROR_BAD_CREDENTIALS);

  /* Nothing was written by any failed attempt. */
  {
    g_autoptr(FbStore) cache = open_cache (f);
    g_assert_cmpint (fb_store_count_rows (cache, NULL), ==, 0);
  }

  login (&ctx, f->url, "sup", FB_TEST_PASSWORD);
  g_assert_no_error (ctx.error);
  g_assert_cmpstr (fb_sync_engine_get_role (engine), ==, "supervisor");
  g_assert_true (fb_test_wait_until (is_online, &ctx, 20000));
  g_assert_cmpfloat (fb_sync_engine_get_progress (engine), ==, 1.0);
  g_assert_cmpint (fb_sync_engine_get_last_sync (engine), >, 0);
  assert_cache_equals_server (f);
}

static void
test_unreachable (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 1);
  g_autoptr(FbSyncEngine) engine = NULL;
  g_autofree char *url = g_strdup (f->url);
  Ctx ctx;

  fb_test_fixture_stop_server (f);
  engine = new_engine (f, &ctx, 100);
  login (&ctx, url, "sup", FB_TEST_PASSWORD);
  g_assert_error (ctx.error, FB_SYNC_ERROR, FB_SYNC_ERROR_NETWORK);
  g_assert_cmpint (fb_sync_engine_get_state (engine), ==, FB_SYNC_STATE_OFFLINE);
  g_assert_cmpint (fb_sync_engine_get_offline_since (engine), >, 0);

  /* It keeps trying; once the server is back it signs in and syncs. */
  fb_test_fixture_start_server (f);
  g_assert_cmpstr (f->url, ==, url);
  g_assert_true (fb_test_wait_until (is_online, &ctx, 20000));
  g_assert_cmpint (fb_sync_engine_get_offline_since (engine), ==, 0);
  assert_cache_equals_server (f);
}

static void
test_full_paged_sync (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (6, 120);
  g_autoptr(FbSyncEngine) engine = NULL;
  g_autoptr(FbStore) cache = NULL;
  Ctx ctx;

  engine = new_engine (f, &ctx, 7);
  login (&ctx, f->url, "sup", FB_TEST_PASSWORD);
  g_assert_no_error (ctx.error);
  g_assert_true (fb_test_wait_until (is_online, &ctx, 30000));

  /* 6 queues + 120 agents + team + 2 users = 129 rows in pages of 7. */
  g_assert_cmpuint (fb_server_get_request_count (f->server, "/api/v1/sync"), ==, (129 + 6) / 7);
  g_assert_cmpuint (ctx.changed, ==, (129 + 6) / 7);
  assert_cache_equals_server (f);

  cache = open_cache (f);
  g_assert_cmpint (fb_store_get_meta_int (cache, "cursor", -1), ==, fb_server_store_get_cursor (f->store));
  g_assert_true (fb_store_integrity_check (cache, NULL));
}

static void
test_delta_and_tombstones (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (3, 4);
  g_autoptr(FbSyncEngine) engine = NULL;
  g_autoptr(JsonNode) raw = fb_test_queue_json (2, 42);
  g_autoptr(JsonNode) busier = fb_entity_normalize (&fb_queue_spec, raw, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) cache = NULL;
  g_autoptr(FbChange) row = NULL;
  guint requests;
  Ctx ctx;

  engine = new_engine (f, &ctx, 50);
  login (&ctx, f->url, "sup", FB_TEST_PASSWORD);
  g_assert_true (fb_test_wait_until (is_online, &ctx, 20000));
  requests = fb_server_get_request_count (f->server, "/api/v1/sync");

  /* A change and a delete on the server... */
  g_assert_cmpint (fb_server_store_put_node (f->store, "queue", "q-02", busier, &error), >, 0);
  g_assert_cmpint (fb_server_store_remove (f->store, "agent", "agent-003", &error), >, 0);
  g_assert_no_error (error);

  /* ...arrive with the next delta, which asks only for what is new, and
   * the engine names exactly the rows it changed. */
  ctx.changed = 0;
  ctx.keys = g_string_new (NULL);
  fb_sync_engine_sync_now (engine);
  g_assert_true (fb_test_wait_until (has_changed, &ctx, 20000));
  g_assert_true (fb_test_wait_until (is_online, &ctx, 20000));
  g_assert_cmpuint (fb_server_get_request_count (f->server, "/api/v1/sync"), ==, requests + 1);
  g_assert_cmpstr (ctx.keys->str, ==, "queue/q-02;agent/agent-003;");
  g_string_free (ctx.keys, TRUE);
  ctx.keys = NULL;

  cache = open_cache (f);
  row = fb_store_get_row (cache, "queue", "q-02", &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (row->data, "\"waiting\":42"));
  g_clear_pointer (&row, fb_change_free);

  row = fb_store_get_row (cache, "agent", "agent-003", &error);
  g_assert_no_error (error);
  g_assert_true (row->deleted);
  g_assert_cmpint (fb_store_count_rows (cache, "agent"), ==, 3);
  assert_cache_equals_server (f);
}

typedef struct
{
  FbTestFixture *f;
  guint          pages;
  guint          stop_after;
} StopCtx;

static void
stop_midway_cb (FbSyncEngine       *engine,
                const char * const *keys,
                StopCtx            *sc)
{
  if (++sc->pages == sc->stop_after)
    fb_test_fixture_stop_server (sc->f);
}

static void
test_server_stops_mid_sync (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (6, 60);
  g_autoptr(FbSyncEngine) engine = NULL;
  StopCtx sc = { f, 0, 3 };
  Ctx ctx;

  engine = new_engine (f, &ctx, 5);
  g_signal_connect (engine, "changed", G_CALLBACK (stop_midway_cb), &sc);
  login (&ctx, f->url, "sup", FB_TEST_PASSWORD);
  g_assert_true (fb_test_wait_until (is_offline, &ctx, 20000));

  /* The cache holds exactly the pages that arrived, and knows where it is. */
  {
    g_autoptr(FbStore) cache = open_cache (f);
    gint64 cursor = fb_store_get_meta_int (cache, "cursor", -1);
    g_autoptr(GPtrArray) expected = fb_server_store_changes_since (f->store, 0, cursor, NULL, NULL);

    g_assert_true (fb_store_integrity_check (cache, NULL));
    g_assert_cmpint (cursor, ==, 15);
    g_assert_cmpint (fb_store_count_rows (cache, NULL), ==, expected->len);
    for (guint i = 0; i < expected->len; i++)
      {
        FbChange *c = g_ptr_array_index (expected, i);
        g_autoptr(FbChange) got = fb_store_get_row (cache, c->type, c->id, NULL);
        g_assert_nonnull (got);
        g_assert_cmpint (got->version, ==, c->version);
      }
  }

  /* Back on the same address: it resumes where it stopped, not from zero. */
  fb_test_fixture_start_server (f);
  g_assert_true (fb_test_wait_until (is_online, &ctx, 20000));
  g_assert_cmpuint (fb_server_get_request_count (f->server, "/api/v1/sync"), ==, (69 - 15 + 4) / 5);
  assert_cache_equals_server (f);

  /* A new engine on the same cache (an app restart) starts from the cursor. */
  g_clear_object (&engine);
  engine = new_engine (f, &ctx, 5);
  g_assert_cmpint (fb_sync_engine_get_cursor (engine), ==, fb_server_store_get_cursor (f->store));
}

static void
test_server_replaced (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (3, 3);
  g_autoptr(FbTestFixture) other = fb_test_fixture_new (2, 1);
  g_autoptr(FbSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  Ctx ctx;

  engine = new_engine (f, &ctx, 100);
  login (&ctx, f->url, "sup", FB_TEST_PASSWORD);
  g_assert_true (fb_test_wait_until (is_online, &ctx, 20000));

  /* Another database answers at the same address: the cache starts over
   * and keeps nothing of the old center. */
  fb_test_fixture_stop_server (f);
  fb_test_fixture_stop_server (other);
  g_clear_object (&other->store);
  g_assert_cmpint (g_unlink (f->server_db), ==, 0);
  other->port = f->port;
  other->store = fb_sqlite_server_store_new (other->server_db, &error);
  g_assert_no_error (error);
  fb_test_fixture_start_server (other);
  g_assert_cmpstr (other->url, ==, f->url);

  fb_sync_engine_stop (engine);
  login (&ctx, other->url, "sup", FB_TEST_PASSWORD);
  g_assert_no_error (ctx.error);
  g_assert_true (fb_test_wait_until (is_online, &ctx, 20000));
  {
    g_autoptr(FbStore) cache = open_cache (f);
    g_autofree char *a = fb_test_dump_cache (cache);
    g_autofree char *b = fb_test_dump_server (other->store);
    g_assert_cmpstr (a, ==, b);
  }
}

static void
ws_done_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupWebsocketConnection) conn =
    soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);

  g_assert_null (conn);
  g_assert_nonnull (error);
  *(gboolean *) user_data = TRUE;
}

/* A server that signs in fine but sends a hostile /sync answer. */
static const char *hostile_body;
static const char *hostile_session;   /* NULL: a good one */

/* A page's changes that are good in themselves. */
#define GOOD_TEAM                                                                  \
  "[{\"type\":\"team\",\"id\":\"t\",\"version\":1,\"deleted\":false,"                     \
  "\"data\":{\"id\":\"t\",\"name\":\"T\",\"shift\":\"day\",\"start\":\"08:00\",\"end\":\"20:00\"}}]"

static void
hostile_handler (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  static const char session[] =
    "{\"token\":\"t\",\"server_id\":\"hostile\",\"user\":{\"id\":\"u\",\"username\":\"u\","
    "\"name\":\"U\",\"role\":\"supervisor\"}}";
  const char *body = !g_str_equal (path, "/api/v1/session") ? hostile_body
                     : hostile_session ? hostile_session : session;

  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body, strlen (body));
}

static void
test_hostile_pages (void)
{
  static const char *bodies[] = {
    "not json at all",
    "[]",
    "{\"cursor\":\"5\",\"more\":false,\"changes\":[]}",
    "{\"cursor\":5,\"more\":false}",
    "{\"cursor\":5,\"more\":false,\"changes\":[1]}",
    "{\"cursor\":5,\"more\":false,\"changes\":[{\"type\":\"queue\",\"id\":\"q\",\"version\":9,\"deleted\":false,\"data\":{}}]}",
    "{\"cursor\":5,\"more\":false,\"changes\":[{\"type\":\"queue\",\"id\":\"q\",\"version\":3,\"deleted\":false,\"data\":{\"id\":\"q\"}}]}",
    "{\"cursor\":5,\"more\":false,\"changes\":[{\"type\":\"team\",\"id\":\"t\",\"version\":1,\"deleted\":false,"
      "\"data\":{\"id\":\"t\",\"name\":\"T\",\"shift\":\"day\",\"start\":\"08:00\",\"end\":\"20:00\"}},"
      "{\"type\":\"team\",\"id\":\"t2\",\"version\":2,\"deleted\":false,"
      "\"data\":{\"id\":\"t2\",\"name\":\"T\",\"shift\":\"evening\",\"start\":\"08:00\",\"end\":\"20:00\"}}]}",
    "{\"cursor\":5,\"more\":false,\"changes\":[{\"type\":\"team\",\"id\":\"other\",\"version\":1,\"deleted\":false,"
      "\"data\":{\"id\":\"t\",\"name\":\"T\",\"shift\":\"day\",\"start\":\"08:00\",\"end\":\"20:00\"}}]}",
    /* Good rows under a center clock that is no zone, or no name at all. */
    "{\"cursor\":5,\"more\":false,\"time_zone\":\"Mars/Olympus_Mons\",\"changes\":" GOOD_TEAM "}",
    "{\"cursor\":5,\"more\":false,\"time_zone\":\"\",\"changes\":" GOOD_TEAM "}",
    "{\"cursor\":5,\"more\":false,\"time_zone\":9,\"changes\":" GOOD_TEAM "}",
    "{\"cursor\":5,\"more\":false,\"time_zone\":null,\"changes\":" GOOD_TEAM "}",
    "{\"cursor\":5,\"more\":false,\"time_zone\":[\"Asia/Seoul\"],\"changes\":" GOOD_TEAM "}",
  };
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (0, 0);
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autofree char *url = NULL;

  soup_server_add_handler (server, NULL, hostile_handler, NULL, NULL);
  url = fb_test_listen_local (server);

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(FbSyncEngine) engine = NULL;
      g_autoptr(FbStore) cache = NULL;
      g_autofree char *zone = NULL;
      Ctx ctx;

      hostile_body = bodies[i];
      engine = new_engine (f, &ctx, 100);
      fb_sync_engine_set_retry_base (engine, 60000);
      login (&ctx, url, "u", "p");
      g_assert_no_error (ctx.error);
      g_assert_true (fb_test_wait_until (is_error, &ctx, 20000));
      g_assert_nonnull (fb_sync_engine_get_message (engine));
      g_assert_cmpuint (ctx.changed, ==, 0);

      /* Nothing of a bad page reaches the cache, not even its good rows. */
      cache = open_cache (f);
      g_assert_cmpint (fb_store_count_rows (cache, NULL), ==, 0);
      g_assert_cmpint (fb_store_get_meta_int (cache, "cursor", 0), ==, 0);
      g_assert_null ((zone = fb_store_get_meta (cache, FB_STORE_META_TIME_ZONE)));
    }
}

/* Signs in at the hostile server @url (answering @session, or a good one
 * when NULL, and @page) and syncs to @cursor, or is refused at sign-in
 * when @cursor is 0; the zone the cache then names. */
static char *
zone_after_sync (FbTestFixture *f,
                 const char    *url,
                 const char    *session,
                 const char    *page,
                 gint64         cursor)
{
  g_autoptr(FbSyncEngine) engine = NULL;
  g_autoptr(FbStore) cache = NULL;
  Ctx ctx;

  hostile_session = session;
  hostile_body = page;
  engine = new_engine (f, &ctx, 100);
  fb_sync_engine_set_retry_base (engine, 60000);
  login (&ctx, url, "u", "p");
  if (cursor > 0)
    {
      g_assert_no_error (ctx.error);
      g_assert_true (fb_test_wait_until (is_online, &ctx, 20000));
      g_assert_cmpint (fb_sync_engine_get_cursor (engine), ==, cursor);
    }
  else
    {
      g_assert_error (ctx.error, FB_SYNC_ERROR, FB_SYNC_ERROR_PROTOCOL);
      g_assert_cmpint (fb_sync_engine_get_state (engine), ==, FB_SYNC_STATE_ERROR);
    }
  hostile_session = NULL;
  cache = open_cache (f);
  return fb_store_get_meta (cache, FB_STORE_META_TIME_ZONE);
}

/* The center's clock comes from the server with the rows: a page (or a
 * session answer) that names a zone sets it in the cache, one that names
 * none (an older server) leaves it, and a session answer naming a zone
 * this machine does not know is no Floorboard server's. */
static void
test_time_zone_from_pages (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (0, 0);
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(FbStore) cache = NULL;
  g_autofree char *url = NULL;
  /* Each step signs in again on the same cache. */
  static const struct {
    const char *what;
    const char *session;     /* NULL: a good one naming no zone */
    const char *page;
    gint64      cursor;      /* 0: refused at sign-in */
    const char *zone;        /* the cache's after the step */
  } steps[] = {
    { "a page names a zone",
      NULL,
      "{\"server_id\":\"hostile\",\"cursor\":5,\"more\":false,\"time_zone\":\"America/New_York\","
      "\"changes\":" GOOD_TEAM "}",
      5, "America/New_York" },
    { "an older server names no zone: the cache keeps the one it has",
      NULL,
      "{\"server_id\":\"hostile\",\"cursor\":6,\"more\":false,\"changes\":[]}",
      6, "America/New_York" },
    { "the session answer's zone is written with the first page",
      "{\"token\":\"t\",\"server_id\":\"hostile\",\"time_zone\":\"Europe/Berlin\",\"user\":{\"id\":\"u\","
      "\"username\":\"u\",\"name\":\"U\",\"role\":\"supervisor\"}}",
      "{\"server_id\":\"hostile\",\"cursor\":7,\"more\":false,\"changes\":[]}",
      7, "Europe/Berlin" },
    { "a session answer naming a zone this machine does not know is refused",
      "{\"token\":\"t\",\"server_id\":\"hostile\",\"time_zone\":\"Mars/Olympus_Mons\",\"user\":{\"id\":\"u\","
      "\"username\":\"u\",\"name\":\"U\",\"role\":\"supervisor\"}}",
      "{\"server_id\":\"hostile\",\"cursor\":8,\"more\":false,\"time_zone\":\"Asia/Tokyo\",\"changes\":[]}",
      0, "Europe/Berlin" },
  };

  soup_server_add_handler (server, NULL, hostile_handler, NULL, NULL);
  url = fb_test_listen_local (server);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *zone = NULL;

      g_test_message ("%s", steps[i].what);
      zone = zone_after_sync (f, url, steps[i].session, steps[i].page, steps[i].cursor);
      g_assert_cmpstr (zone, ==, steps[i].zone);
    }
  /* The clock the app uses is the cache's, and the page's row is there. */
  cache = open_cache (f);
  g_assert_cmpstr (fb_center_clock_get_zone_name (fb_store_get_center_clock (cache)), ==, "Europe/Berlin");
  g_assert_cmpint (fb_store_count_rows (cache, NULL), ==, 1);
}

/* Against the real server: the zone it sends with /sync is the cache's
 * center clock once synced. Needs the server to send "time_zone". */
static void
test_time_zone_from_server (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 2);
  g_autoptr(FbSyncEngine) engine = NULL;
  g_autoptr(FbStore) cache = NULL;
  g_autoptr(JsonNode) page = NULL;
  g_autofree char *token = fb_test_token (f, "sup");
  g_autofree char *answer = NULL;
  g_autoptr(FbCenterClock) new_york = fb_center_clock_new_for_zone ("America/New_York", NULL);
  const char *zone;
  Ctx ctx;

  /* Not the default, so that a cache that kept its own would show. */
  g_assert_nonnull (new_york);
  fb_server_set_center_clock (f->server, new_york);
  g_assert_cmpuint (fb_test_request (f, "GET", "/api/v1/sync?since=0&limit=1", token, NULL, &answer, NULL), ==, 200);
  page = json_from_string (answer, NULL);
  g_assert_nonnull (page);
  zone = json_object_get_string_member_with_default (json_node_get_object (page), "time_zone", NULL);
  g_assert_nonnull (zone);
  g_assert_cmpstr (zone, ==, "America/New_York");

  engine = new_engine (f, &ctx, 100);
  g_assert_cmpstr (fb_center_clock_get_zone_name (fb_sync_engine_get_center_clock (engine)), ==, "Asia/Seoul");
  login (&ctx, f->url, "sup", FB_TEST_PASSWORD);
  g_assert_no_error (ctx.error);
  g_assert_true (fb_test_wait_until (is_online, &ctx, 30000));
  cache = open_cache (f);
  g_assert_cmpstr (fb_center_clock_get_zone_name (fb_store_get_center_clock (cache)), ==, zone);
  /* The engine's own clock (the dialogs' times) follows the page too. */
  g_assert_cmpstr (fb_center_clock_get_zone_name (fb_sync_engine_get_center_clock (engine)), ==, zone);
}

static void
test_live_push (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (3, 3);
  g_autoptr(FbSyncEngine) engine = NULL;
  g_autoptr(JsonNode) raw = fb_test_queue_json (1, 17);
  g_autoptr(JsonNode) node = fb_entity_normalize (&fb_queue_spec, raw, NULL);
  g_autoptr(GError) error = NULL;
  guint requests;
  Ctx ctx;

  /* Polling is an hour away: only the socket can bring the change. */
  engine = new_engine (f, &ctx, 100);
  login (&ctx, f->url, "sup", FB_TEST_PASSWORD);
  g_assert_true (fb_test_wait_until (is_online, &ctx, 20000));
  g_assert_true (fb_test_wait_until (is_live, &ctx, 20000));
  requests = fb_server_get_request_count (f->server, "/api/v1/sync");

  ctx.changed = 0;
  g_assert_cmpint (fb_server_store_put_node (f->store, "queue", "q-01", node, &error), >, 0);
  g_assert_no_error (error);
  g_assert_true (fb_test_wait_until (has_changed, &ctx, 5000));
  g_assert_true (fb_test_wait_until (is_online, &ctx, 5000));
  g_assert_cmpuint (fb_server_get_request_count (f->server, "/api/v1/sync"), ==, requests + 1);
  assert_cache_equals_server (f);

  /* The socket drops with the server; polling and retries take over, and
   * the socket comes back with the server. */
  fb_test_fixture_stop_server (f);
  g_assert_true (fb_test_wait_until (is_not_live, &ctx, 20000));
  fb_test_fixture_start_server (f);
  g_assert_true (fb_test_wait_until (is_live, &ctx, 20000));
}

static void
test_live_needs_auth (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 1);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strdup_printf ("%s/api/v1/live", f->url);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;

  soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        ws_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 401);
}

static guint hostile_sync_requests;

static gboolean
cursor_is_one (gpointer data)
{
  return fb_sync_engine_get_cursor (((Ctx *) data)->engine) == 1;
}

static void
counting_handler (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  if (g_str_equal (path, "/api/v1/sync"))
    hostile_sync_requests++;
  hostile_handler (server, msg, path, query, user_data);
}

/* Whatever the live socket sends, nothing breaks: junk is ignored, and
 * only a well-formed frame with a newer cursor makes the engine pull. */
static void
live_frames_handler (SoupServer              *server,
                     SoupServerMessage       *msg,
                     const char              *path,
                     SoupWebsocketConnection *conn,
                     gpointer                 user_data)
{
  static const char *frames[] = {
    "not json", "[1,2,3]", "{}", "{\"kind\":\"changed\"}", "{\"kind\":\"changed\",\"cursor\":\"9\"}",
    "{\"kind\":5,\"cursor\":9}", "{\"kind\":\"changed\",\"cursor\":0}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (frames); i++)
    soup_websocket_connection_send_text (conn, frames[i]);
  {
    guint8 bytes[] = { 0xff, 0x00, 0x7b };
    soup_websocket_connection_send_binary (conn, bytes, sizeof bytes);
  }
  g_object_set_data_full (G_OBJECT (server), "conn", g_object_ref (conn), g_object_unref);
}

static void
test_hostile_live_frames (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (0, 0);
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(FbSyncEngine) engine = NULL;
  SoupWebsocketConnection *conn;
  g_autofree char *url = NULL;
  Ctx ctx;

  hostile_body = "{\"server_id\":\"hostile\",\"cursor\":0,\"head\":0,\"more\":false,\"changes\":[]}";
  hostile_sync_requests = 0;
  soup_server_add_handler (server, NULL, counting_handler, NULL, NULL);
  soup_server_add_websocket_handler (server, "/api/v1/live", NULL, NULL, live_frames_handler, NULL, NULL);
  url = fb_test_listen_local (server);

  engine = new_engine (f, &ctx, 100);
  login (&ctx, url, "u", "p");
  g_assert_no_error (ctx.error);
  g_assert_true (fb_test_wait_until (is_live, &ctx, 20000));
  /* Let the junk arrive; none of it may trigger a pull. */
  {
    gint64 end = g_get_monotonic_time () + 300 * 1000;
    while (g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, FALSE);
  }
  g_assert_cmpuint (hostile_sync_requests, ==, 1);
  g_assert_cmpint (fb_sync_engine_get_state (engine), ==, FB_SYNC_STATE_ONLINE);
  g_assert_true (fb_sync_engine_get_live (engine));

  /* A real announcement does. */
  conn = g_object_get_data (G_OBJECT (server), "conn");
  hostile_body = "{\"server_id\":\"hostile\",\"cursor\":1,\"head\":1,\"more\":false,\"changes\":[]}";
  soup_websocket_connection_send_text (conn, "{\"kind\":\"changed\",\"cursor\":1}");
  g_assert_true (fb_test_wait_until (cursor_is_one, &ctx, 20000));
  g_assert_cmpuint (hostile_sync_requests, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  /* No G_TEST_OPTION_ISOLATE_DIRS: it hides the system XDG_DATA_DIRS, so GIO
   * finds neither its proxy schema nor the MIME database. Files go to temp dirs. */
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/login", test_login_good_and_bad);
  g_test_add_func ("/sync/unreachable", test_unreachable);
  g_test_add_func ("/sync/full-paged", test_full_paged_sync);
  g_test_add_func ("/sync/delta-and-tombstones", test_delta_and_tombstones);
  g_test_add_func ("/sync/server-stops-mid-sync", test_server_stops_mid_sync);
  g_test_add_func ("/sync/server-replaced", test_server_replaced);
  g_test_add_func ("/sync/hostile-pages", test_hostile_pages);
  g_test_add_func ("/sync/time-zone-from-pages", test_time_zone_from_pages);
  g_test_add_func ("/sync/live-push", test_live_push);
  g_test_add_func ("/sync/live-needs-auth", test_live_needs_auth);
  g_test_add_func ("/sync/hostile-live-frames", test_hostile_live_frames);
  /* Last: it needs the server side of the center clock to pass. */
  g_test_add_func ("/sync/time-zone-from-server", test_time_zone_from_server);

  return g_test_run ();
}
