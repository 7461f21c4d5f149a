/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-test-fixture.c */
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "fb-paths.h"

#include "fb-auth.h"
#include "fb-entity.h"
#include "fb-server.h"
#include "fb-server-store.h"
#include "fb-sqlite-server-store.h"
#include "fb-store.h"
#include "fb-test-fixture.h"

void
fb_test_put_user (FbTestFixture *fixture,
                  const char    *id,
                  const char    *username,
                  const char    *name,
                  const char    *role,
                  const char    *team_id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *team = team_id ? g_strdup_printf (",\"team_id\":\"%s\"", team_id) : g_strdup ("");
  g_autofree char *json = g_strdup_printf ("{\"id\":\"%s\",\"username\":\"%s\",\"name\":\"%s\",\"role\":\"%s\"%s}",
                                           id, username, name, role, team);
  g_autofree char *hash = fb_auth_hash_password (FB_TEST_PASSWORD, &error);

  g_assert_no_error (error);
  fb_test_put (fixture->store, "user", id, json);
  g_assert_true (fb_server_store_add_credentials (fixture->store, username, id, hash, &error));
  g_assert_no_error (error);
}

JsonNode *
fb_test_queue_json (guint  index,
                    gint64 waiting)
{
  g_autofree char *json = g_strdup_printf (
    "{\"id\":\"q-%02u\",\"name\":\"큐 %u\",\"sl_threshold_s\":20,\"waiting\":%" G_GINT64_FORMAT ","
    "\"longest_wait_s\":%u,\"agents_available\":%u,\"agents_busy\":%u,\"offered\":%u,"
    "\"answered\":%u,\"abandoned\":%u,\"service_level\":0.%02u,\"asa_s\":%u.5,\"aht_s\":%u,"
    "\"updated_at\":\"2026-11-22T05:00:00Z\"}",
    index, index, waiting, 30 + index, 2 + index, 5 + index, 200 + 10 * index,
    180 + 9 * index, 10 + index, 70 + index, 10 + index, 180 + index);
  return json_from_string (json, NULL);
}

void
fb_test_put (FbServerStore *store,
             const char    *type,
             const char    *id,
             const char    *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);
  g_autoptr(JsonNode) normalized = NULL;

  g_assert_no_error (error);
  normalized = fb_entity_normalize (fb_entity_spec_lookup (type), node, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fb_server_store_put_node (store, type, id, normalized, &error), >, 0);
  g_assert_no_error (error);
}

FbTestFixture *
fb_test_fixture_new (guint n_queues,
                     guint n_agents)
{
  FbTestFixture *f = g_new0 (FbTestFixture, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;

  f->dir = g_dir_make_tmp ("fb-test-XXXXXX", &error);
  g_assert_no_error (error);
  f->server_db = g_build_filename (f->dir, "server.db", NULL);
  f->cache_path = g_build_filename (f->dir, "cache.db", NULL);
  f->store = fb_sqlite_server_store_new (f->server_db, &error);
  g_assert_no_error (error);

  g_assert_true (fb_server_store_begin (f->store, &error));
  fb_test_put (f->store, "team", "team-1",
       "{\"id\":\"team-1\",\"name\":\"주간 1팀\",\"shift\":\"day\",\"start\":\"08:00\",\"end\":\"20:00\"}");
  for (guint i = 1; i <= n_queues; i++)
    {
      g_autoptr(JsonNode) q = fb_test_queue_json (i, i * 3);
      g_autofree char *id = g_strdup_printf ("q-%02u", i);
      g_autofree char *json = json_to_string (q, FALSE);
      fb_test_put (f->store, "queue", id, json);
    }
  for (guint i = 1; i <= n_agents; i++)
    {
      g_autofree char *id = g_strdup_printf ("agent-%03u", i);
      g_autofree char *json = g_strdup_printf (
        "{\"id\":\"%s\",\"name\":\"상담원 %u\",\"employee_no\":\"CS-%04u\",\"grade\":\"%s\","
        "\"team_id\":\"team-1\",\"state\":\"%s\",\"queue_id\":\"q-01\"}",
        id, i, i, fb_grade_values[i % 3], fb_agent_state_values[i % 5]);
      fb_test_put (f->store, "agent", id, json);
    }
  fb_test_put (f->store, "user", "u-sup",
       "{\"id\":\"u-sup\",\"username\":\"sup\",\"name\":\"박 감독\",\"role\":\"supervisor\"}");
  fb_test_put (f->store, "user", "u-agent1",
       "{\"id\":\"u-agent1\",\"username\":\"agent1\",\"name\":\"상담원 1\",\"role\":\"agent\",\"agent_id\":\"agent-001\"}");
  hash = fb_auth_hash_password (FB_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_true (fb_server_store_add_credentials (f->store, "sup", "u-sup", hash, &error));
  g_assert_true (fb_server_store_add_credentials (f->store, "agent1", "u-agent1", hash, &error));
  g_assert_true (fb_server_store_commit (f->store, &error));

  fb_test_fixture_start_server (f);
  return f;
}

void
fb_test_fixture_start_server (FbTestFixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (f->server);
  f->server = fb_server_new (f->store);
  g_assert_true (fb_server_listen (f->server, "127.0.0.1", f->port, &error));
  g_assert_no_error (error);
  f->port = fb_server_get_port (f->server);
  g_clear_pointer (&f->url, g_free);
  f->url = fb_server_dup_url (f->server);
}

void
fb_test_fixture_stop_server (FbTestFixture *f)
{
  g_assert_nonnull (f->server);
  fb_server_disconnect (f->server);
  g_clear_object (&f->server);
}

void
fb_test_fixture_free (FbTestFixture *f)
{
  if (f == NULL)
    return;
  if (f->server != NULL)
    fb_test_fixture_stop_server (f);
  g_clear_object (&f->store);
  fb_paths_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->server_db);
  g_free (f->cache_path);
  g_free (f->url);
  g_free (f);
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
fb_test_wait_until (gboolean (*done) (gpointer),
                    gpointer   data,
                    guint      timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, timeout_cb, &timed_out);

  while (!done (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return done (data);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static char *
join_sorted (GPtrArray *lines)
{
  GString *out = g_string_new (NULL);

  g_ptr_array_sort (lines, compare_strings);
  for (guint i = 0; i < lines->len; i++)
    {
      g_string_append (out, g_ptr_array_index (lines, i));
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

char *
fb_test_dump_cache (FbStore *store)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  guint n_specs;
  const FbEntitySpec * const *specs = fb_entity_synced_specs (&n_specs);

  for (guint s = 0; s < n_specs; s++)
    {
      g_autoptr(GPtrArray) rows = fb_store_list_rows (store, specs[s]->type, NULL);

      g_assert_nonnull (rows);
      for (guint i = 0; i < rows->len; i++)
        {
          FbChange *c = g_ptr_array_index (rows, i);
          g_ptr_array_add (lines, g_strdup_printf ("%s/%s/%" G_GINT64_FORMAT "/%s",
                                                   c->type, c->id, c->version, c->data));
        }
    }
  return join_sorted (lines);
}

char *
fb_test_dump_server (FbServerStore *store)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) changes = NULL;
  gboolean more = FALSE;

  changes = fb_server_store_changes_since (store, 0, 1000000, &more, NULL);
  g_assert_nonnull (changes);
  g_assert_false (more);
  for (guint i = 0; i < changes->len; i++)
    {
      FbChange *c = g_ptr_array_index (changes, i);

      if (c->deleted)
        continue;
      g_ptr_array_add (lines, g_strdup_printf ("%s/%s/%" G_GINT64_FORMAT "/%s",
                                               c->type, c->id, c->version, c->data));
    }
  return join_sorted (lines);
}

typedef struct
{
  GBytes   *body;
  gboolean  done;
} Reply;

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Reply *reply = user_data;

  reply->body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, NULL);
  reply->done = TRUE;
}

static gboolean
reply_done (gpointer data)
{
  return ((Reply *) data)->done;
}

static gboolean
spin_done_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
fb_test_run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, spin_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

guint
fb_test_send (FbTestFixture  *f,
              SoupSession    *session,
              const char     *method,
              const char     *path,
              const char     *token,
              const char     *key,
              const char     *body,
              char          **answer,
              char          **retry_after)
{
  g_autofree char *url = g_strconcat (f->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  SoupMessageHeaders *headers;
  Reply reply = { 0 };

  g_assert_nonnull (msg);
  headers = soup_message_get_request_headers (msg);
  if (token != NULL)
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", token);
      soup_message_headers_replace (headers, "Authorization", auth);
    }
  if (key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", key);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, &reply);
  g_assert_true (fb_test_wait_until (reply_done, &reply, 20000));
  if (answer != NULL)
    *answer = reply.body ? g_strndup (g_bytes_get_data (reply.body, NULL), g_bytes_get_size (reply.body)) : NULL;
  if (retry_after != NULL)
    *retry_after = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After"));
  g_clear_pointer (&reply.body, g_bytes_unref);
  return soup_message_get_status (msg);
}

guint
fb_test_request (FbTestFixture  *f,
                 const char     *method,
                 const char     *path,
                 const char     *token,
                 const char     *body,
                 char          **answer,
                 char          **retry_after)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *key = NULL;
  guint status;

  if (g_strcmp0 (method, "GET") != 0)
    key = g_strdup_printf ("test-%08x%08x", g_random_int (), g_random_int ());
  status = fb_test_send (f, session, method, path, token, key, body, answer, retry_after);
  if (answer != NULL && *answer == NULL)
    *answer = g_strdup ("");
  return status;
}

FbChange *
fb_test_cache_row (const char *cache_path,
                   const char *type,
                   const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) cache = fb_store_open (cache_path, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, &error);
  FbChange *row;

  g_assert_no_error (error);
  row = fb_store_get_row (cache, type, id, &error);
  g_assert_no_error (error);
  return row;
}

char *
fb_test_listen_local (SoupServer *server)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;
  char *url;

  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return url;
}

char *
fb_test_token (FbTestFixture *f,
               const char    *username)
{
  g_autofree char *body = g_strdup_printf ("{\"username\":\"%s\",\"password\":\"%s\"}", username, FB_TEST_PASSWORD);
  g_autofree char *answer = NULL;
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpuint (fb_test_request (f, "POST", "/api/v1/session", NULL, body, &answer, NULL), ==, 200);
  root = json_from_string (answer, NULL);
  return g_strdup (json_object_get_string_member (json_node_get_object (root), "token"));
}
