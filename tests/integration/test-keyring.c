/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-keyring.c: the session token lives in the Secret Service (a real
 * gnome-keyring in this test's own session bus, see build-aux/keyring-test),
 * never in a file: kept on sign-in, restored at the next start without a
 * password (online, or offline and then online), forgotten on sign-out and
 * when the server has ended it; with no Secret Service, kept nowhere. */
#include <string.h>

#include <libsecret/secret.h>
#include <libsoup/soup.h>

#include "fb-auth.h"
#include "fb-keyring.h"
#include "fb-paths.h"
#include "fb-server-store.h"
#include "fb-store.h"
#include "fb-sync-engine.h"
#include "fb-test-fixture.h"

typedef struct
{
  gboolean       done;
  gboolean       ok;
  GError        *error;
  FbKeptSession *kept;
} Wait;

static void
wait_clear (Wait *w)
{
  g_clear_error (&w->error);
  g_clear_pointer (&w->kept, fb_kept_session_free);
  memset (w, 0, sizeof *w);
}

static gboolean
is_done (gpointer data)
{
  return ((Wait *) data)->done;
}

static void
engine_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Wait *w = user_data;
  FbSyncEngine *engine = FB_SYNC_ENGINE (object);

  if (g_task_get_source_tag (G_TASK (result)) == fb_sync_engine_login_async)
    w->ok = fb_sync_engine_login_finish (engine, result, &w->error);
  else if (g_task_get_source_tag (G_TASK (result)) == fb_sync_engine_sign_out_async)
    w->ok = fb_sync_engine_sign_out_finish (engine, result, &w->error);
  else
    w->ok = fb_sync_engine_restore_session_finish (engine, result, &w->error);
  w->done = TRUE;
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Wait *w = user_data;

  w->kept = fb_keyring_lookup_finish (result, &w->error);
  w->done = TRUE;
}

/* What the Secret Service holds for @url and "sup" now. */
static FbKeptSession *
kept (const char *url)
{
  Wait w = { 0 };
  FbKeptSession *session;

  fb_keyring_lookup_async (url, "sup", NULL, lookup_cb, &w);
  g_assert_true (fb_test_wait_until (is_done, &w, 10000));
  g_assert_no_error (w.error);
  session = g_steal_pointer (&w.kept);
  wait_clear (&w);
  return session;
}

typedef struct
{
  const char *url;
  gboolean    want;
} KeptWait;

static gboolean
kept_is (gpointer data)
{
  KeptWait *k = data;
  g_autoptr(FbKeptSession) session = kept (k->url);

  return (session != NULL) == k->want;
}

static FbSyncEngine *
new_engine (FbTestFixture *f,
            gboolean       keep)
{
  g_autoptr(GError) error = NULL;
  FbSyncEngine *engine = fb_sync_engine_new (f->cache_path, &error);

  g_assert_no_error (error);
  fb_sync_engine_set_retry_base (engine, 50);
  fb_sync_engine_set_keep_sessions (engine, keep);
  return engine;
}

static void
sign_in (FbSyncEngine  *engine,
         FbTestFixture *f)
{
  Wait w = { 0 };

  fb_sync_engine_login_async (engine, f->url, "sup", FB_TEST_PASSWORD, NULL, engine_cb, &w);
  g_assert_true (fb_test_wait_until (is_done, &w, 20000));
  g_assert_no_error (w.error);
  g_assert_true (w.ok);
  wait_clear (&w);
}

static gboolean
is_online (gpointer data)
{
  return fb_sync_engine_get_state (data) == FB_SYNC_STATE_ONLINE;
}

/* Whether any file under @dir holds @needle. */
static gboolean
found_in_files (const char *dir,
                const char *needle)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing && (name = g_dir_read_name (listing)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize len;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (found_in_files (path, needle))
            return TRUE;
        }
      else if (g_file_get_contents (path, &contents, &len, NULL) &&
               g_strstr_len (contents, len, needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
test_kept_and_restored (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 3);
  g_autoptr(FbSyncEngine) first = new_engine (f, TRUE);
  g_autoptr(FbSyncEngine) second = NULL;
  g_autoptr(FbKeptSession) session = NULL;
  KeptWait k = { f->url, TRUE };
  Wait w = { 0 };

  sign_in (first, f);
  g_assert_true (fb_test_wait_until (kept_is, &k, 10000));
  session = kept (f->url);
  g_assert_nonnull (session->token);
  g_assert_cmpstr (session->user_id, ==, "u-sup");
  g_assert_cmpstr (session->role, ==, "supervisor");
  /* In the keyring only: not in the cache, the settings or anywhere else. */
  g_assert_false (found_in_files (f->dir, session->token));
  g_assert_false (found_in_files (g_get_user_config_dir (), session->token));
  g_assert_false (found_in_files (g_get_user_cache_dir (), session->token));
  fb_sync_engine_stop (first);
  g_clear_object (&first);

  /* The next start: no password, the same user, syncing. */
  second = new_engine (f, TRUE);
  fb_sync_engine_restore_session_async (second, f->url, "sup", NULL, engine_cb, &w);
  g_assert_true (fb_test_wait_until (is_done, &w, 20000));
  g_assert_no_error (w.error);
  g_assert_true (w.ok);
  g_assert_cmpstr (fb_sync_engine_get_user_id (second), ==, "u-sup");
  g_assert_cmpstr (fb_sync_engine_get_role (second), ==, "supervisor");
  g_assert_true (fb_test_wait_until (is_online, second, 20000));
  wait_clear (&w);

  /* Another user at the same address has nothing kept. */
  g_clear_object (&second);
  second = new_engine (f, TRUE);
  fb_sync_engine_restore_session_async (second, f->url, "agent1", NULL, engine_cb, &w);
  g_assert_true (fb_test_wait_until (is_done, &w, 20000));
  g_assert_no_error (w.error);
  g_assert_false (w.ok);
  g_assert_cmpint (fb_sync_engine_get_state (second), ==, FB_SYNC_STATE_SIGNED_OUT);
  wait_clear (&w);
}

static void
test_restored_offline (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 3);
  g_autoptr(FbSyncEngine) engine = new_engine (f, TRUE);
  KeptWait k = { f->url, TRUE };
  Wait w = { 0 };

  sign_in (engine, f);
  g_assert_true (fb_test_wait_until (kept_is, &k, 10000));
  fb_sync_engine_stop (engine);
  g_clear_object (&engine);

  /* Started while the server is away: the session holds, offline. */
  fb_test_fixture_stop_server (f);
  engine = new_engine (f, TRUE);
  fb_sync_engine_restore_session_async (engine, f->url, "sup", NULL, engine_cb, &w);
  g_assert_true (fb_test_wait_until (is_done, &w, 20000));
  g_assert_no_error (w.error);
  g_assert_true (w.ok);
  g_assert_cmpint (fb_sync_engine_get_state (engine), ==, FB_SYNC_STATE_OFFLINE);
  g_assert_cmpstr (fb_sync_engine_get_role (engine), ==, "supervisor");
  wait_clear (&w);

  /* Back: online with the kept token, still nothing typed. */
  fb_test_fixture_start_server (f);
  /* The restart made f->url anew (the same address): k held the old one. */
  k.url = f->url;
  g_assert_true (fb_test_wait_until (is_online, engine, 20000));
  g_assert_true (fb_test_wait_until (kept_is, &k, 1000));
}

static void
test_ended_sessions_are_forgotten (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 3);
  g_autoptr(FbSyncEngine) engine = new_engine (f, TRUE);
  g_autoptr(FbKeptSession) session = NULL;
  g_autofree char *token_hash = NULL;
  g_autoptr(GError) error = NULL;
  KeptWait k = { f->url, TRUE };
  Wait w = { 0 };

  /* Sign-out: gone from the keyring, and the server no longer takes it. */
  sign_in (engine, f);
  g_assert_true (fb_test_wait_until (kept_is, &k, 10000));
  session = kept (f->url);
  fb_sync_engine_sign_out_async (engine, NULL, engine_cb, &w);
  g_assert_true (fb_test_wait_until (is_done, &w, 20000));
  g_assert_true (w.ok);
  wait_clear (&w);
  k.want = FALSE;
  g_assert_true (fb_test_wait_until (kept_is, &k, 10000));
  g_assert_cmpuint (fb_test_request (f, "GET", "/api/v1/session", session->token, NULL, NULL, NULL), ==, 401);
  g_clear_pointer (&session, fb_kept_session_free);

  /* Ended on the server (expired, revoked elsewhere): the next start says
   * so, asks for the password, and forgets the dead token. */
  sign_in (engine, f);
  k.want = TRUE;
  g_assert_true (fb_test_wait_until (kept_is, &k, 10000));
  session = kept (f->url);
  g_assert_cmpuint (fb_test_request (f, "GET", "/api/v1/session", session->token, NULL, NULL, NULL), ==, 200);
  token_hash = fb_auth_token_hash (session->token);
  g_assert_true (fb_server_store_remove_session (f->store, token_hash, &error));
  g_assert_no_error (error);
  fb_sync_engine_stop (engine);
  g_clear_object (&engine);

  engine = new_engine (f, TRUE);
  fb_sync_engine_restore_session_async (engine, f->url, "sup", NULL, engine_cb, &w);
  g_assert_true (fb_test_wait_until (is_done, &w, 20000));
  g_assert_error (w.error, FB_SYNC_ERROR, FB_SYNC_ERROR_BAD_CREDENTIALS);
  g_assert_cmpint (fb_sync_engine_get_state (engine), ==, FB_SYNC_STATE_SIGNED_OUT);
  wait_clear (&w);
  k.want = FALSE;
  g_assert_true (fb_test_wait_until (kept_is, &k, 10000));
}

/* Something else stored under our name (another version, a hand-made
 * item): not a session; nothing restored, no crash, sign-in asked for. */
static void
test_foreign_secret (void)
{
  static const SecretSchema schema = {
    "org.floorboard.Floorboard.Session", SECRET_SCHEMA_NONE,
    { { "server", SECRET_SCHEMA_ATTRIBUTE_STRING }, { "username", SECRET_SCHEMA_ATTRIBUTE_STRING }, { NULL, 0 } },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  };
  static const char * const secrets[] = { "not json at all", "{\"token\":5}", "[\"token\"]", "{\"token\":\"\"}" };
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 3);

  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    {
      g_autoptr(FbSyncEngine) engine = new_engine (f, TRUE);
      g_autoptr(GError) error = NULL;
      Wait w = { 0 };

      g_assert_true (secret_password_store_sync (&schema, SECRET_COLLECTION_DEFAULT, "test", secrets[i], NULL, &error,
                                                 "server", f->url, "username", "sup", NULL));
      g_assert_no_error (error);
      fb_sync_engine_restore_session_async (engine, f->url, "sup", NULL, engine_cb, &w);
      g_assert_true (fb_test_wait_until (is_done, &w, 20000));
      g_assert_no_error (w.error);
      g_assert_false (w.ok);
      g_assert_cmpint (fb_sync_engine_get_state (engine), ==, FB_SYNC_STATE_SIGNED_OUT);
      wait_clear (&w);
    }
}

static void
junk_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           data)
{
  static const char junk[] = "{\"hello\":\"I am not a Floorboard server\"}";

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, junk, strlen (junk));
}

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Wait *w = user_data;

  w->ok = fb_keyring_store_finish (result, &w->error);
  w->done = TRUE;
}

/* Something at the address that answers 200 but not as a Floorboard
 * server: signing in and restoring both say so and take nothing. */
static void
test_not_a_floorboard_server (void)
{
  g_autoptr(SoupServer) junk = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbSyncEngine) engine = NULL;
  g_autofree char *url = NULL;
  g_autofree char *cache = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fb-junk-XXXXXX", NULL);
  FbKeptSession session = { (char *) "kept-token", (char *) "u-sup", (char *) "supervisor", (char *) "srv" };
  Wait w = { 0 };

  soup_server_add_handler (junk, "/api/v1/session", junk_handler, NULL, NULL);
  url = fb_test_listen_local (junk);
  cache = g_build_filename (dir, "cache.db", NULL);
  engine = fb_sync_engine_new (cache, &error);
  g_assert_no_error (error);
  fb_sync_engine_set_keep_sessions (engine, TRUE);

  fb_sync_engine_login_async (engine, url, "sup", FB_TEST_PASSWORD, NULL, engine_cb, &w);
  g_assert_true (fb_test_wait_until (is_done, &w, 20000));
  g_assert_error (w.error, FB_SYNC_ERROR, FB_SYNC_ERROR_PROTOCOL);
  g_assert_cmpint (fb_sync_engine_get_state (engine), ==, FB_SYNC_STATE_ERROR);
  g_assert_null (fb_sync_engine_get_user_id (engine));
  wait_clear (&w);

  fb_keyring_store_async (url, "sup", &session, NULL, stored_cb, &w);
  g_assert_true (fb_test_wait_until (is_done, &w, 10000));
  g_assert_no_error (w.error);
  wait_clear (&w);
  fb_sync_engine_stop (engine);
  g_clear_object (&engine);
  engine = fb_sync_engine_new (cache, &error);
  g_assert_no_error (error);
  fb_sync_engine_set_keep_sessions (engine, TRUE);
  fb_sync_engine_restore_session_async (engine, url, "sup", NULL, engine_cb, &w);
  g_assert_true (fb_test_wait_until (is_done, &w, 20000));
  g_assert_error (w.error, FB_SYNC_ERROR, FB_SYNC_ERROR_PROTOCOL);
  g_assert_cmpint (fb_sync_engine_get_state (engine), ==, FB_SYNC_STATE_ERROR);
  wait_clear (&w);

  fb_sync_engine_stop (engine);
  g_clear_object (&engine);
  soup_server_disconnect (junk);
  fb_paths_remove_dir (dir);
}

static void
test_not_kept_unless_asked (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 3);
  g_autoptr(FbSyncEngine) engine = new_engine (f, FALSE);
  g_autoptr(FbKeptSession) session = NULL;
  Wait w = { 0 };

  sign_in (engine, f);
  g_assert_true (fb_test_wait_until (is_online, engine, 20000));
  session = kept (f->url);
  g_assert_null (session);
  /* And nothing to restore without being asked to keep. */
  fb_sync_engine_restore_session_async (engine, f->url, "sup", NULL, engine_cb, &w);
  g_assert_true (fb_test_wait_until (is_done, &w, 20000));
  g_assert_no_error (w.error);
  g_assert_false (w.ok);
  wait_clear (&w);
}

/* With no Secret Service: signing in works, the token is kept nowhere,
 * and restoring says why it cannot (run with a bus that is not there). */
static void
test_no_secret_service (void)
{
  g_autoptr(FbTestFixture) f = NULL;
  g_autoptr(FbSyncEngine) engine = NULL;
  Wait w = { 0 };

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/floorboard-test-bus", TRUE);
  f = fb_test_fixture_new (1, 3);
  engine = new_engine (f, TRUE);
  sign_in (engine, f);
  g_assert_true (fb_test_wait_until (is_online, engine, 20000));
  fb_sync_engine_restore_session_async (engine, f->url, "sup", NULL, engine_cb, &w);
  g_assert_true (fb_test_wait_until (is_done, &w, 20000));
  g_assert_nonnull (w.error);
  g_assert_false (w.ok);
  wait_clear (&w);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  /* build-aux/keyring-test gives it a gnome-keyring of its own; without
   * one the test fails rather than pass having checked nothing. */
  if (g_getenv ("FB_TEST_KEYRING") == NULL)
    {
      g_printerr ("test-keyring: run it through build-aux/keyring-test (needs gnome-keyring)\n");
      return 1;
    }
  g_test_add_func ("/keyring/kept-and-restored", test_kept_and_restored);
  g_test_add_func ("/keyring/restored-offline", test_restored_offline);
  g_test_add_func ("/keyring/ended-sessions-are-forgotten", test_ended_sessions_are_forgotten);
  g_test_add_func ("/keyring/not-kept-unless-asked", test_not_kept_unless_asked);
  g_test_add_func ("/keyring/foreign-secret", test_foreign_secret);
  g_test_add_func ("/keyring/not-a-floorboard-server", test_not_a_floorboard_server);
  g_test_add_func ("/keyring/no-secret-service", test_no_secret_service);
  return g_test_run ();
}
