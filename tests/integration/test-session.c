/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-session.c: sessions over HTTP on 127.0.0.1 against the real
 * server: sign-out revokes the token at once (and the engine keeps no way
 * back in), and wrong passwords are limited per user name and per
 * address — refused before any hashing, with Retry-After. */
#include <libsoup/soup.h>
#include <string.h>

#include "fb-auth.h"
#include "fb-server.h"
#include "fb-server-private.h"
#include "fb-server-store.h"
#include "fb-store.h"
#include "fb-sync-engine.h"
#include "fb-test-fixture.h"
#include "fb-test-sync.h"

/* Sends a request; returns the status. *token_out gets the token of a
 * successful sign-in, *retry_after that header. */
static guint
request (FbTestFixture  *f,
         const char     *method,
         const char     *path,
         const char     *token,
         const char     *body,
         char          **token_out,
         char          **retry_after)
{
  g_autofree char *answer = NULL;
  guint status = fb_test_request (f, method, path, token, body, &answer, retry_after);

  if (token_out != NULL && status == SOUP_STATUS_OK)
    {
      g_autoptr(JsonNode) root = json_from_string (answer, NULL);

      *token_out = g_strdup (json_object_get_string_member (json_node_get_object (root), "token"));
    }
  return status;
}

static guint
sign_in (FbTestFixture  *f,
         const char     *username,
         const char     *password,
         char          **token,
         char          **retry_after)
{
  g_autofree char *body = g_strdup_printf ("{\"username\":\"%s\",\"password\":\"%s\"}", username, password);

  return request (f, "POST", "/api/v1/session", NULL, body, token, retry_after);
}

static void
test_sign_out (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 2);
  g_autofree char *token = NULL;
  g_autofree char *other = NULL;

  g_assert_cmpuint (sign_in (f, "sup", FB_TEST_PASSWORD, &token, NULL), ==, 200);
  g_assert_cmpuint (sign_in (f, "sup", FB_TEST_PASSWORD, &other, NULL), ==, 200);
  g_assert_cmpuint (request (f, "GET", "/api/v1/sync", token, NULL, NULL, NULL), ==, 200);
  /* A kept session checks itself: whose it is, while it holds. */
  {
    g_autofree char *answer = NULL;

    g_assert_cmpuint (fb_test_request (f, "GET", "/api/v1/session", token, NULL, &answer, NULL), ==, 200);
    g_assert_nonnull (strstr (answer, "\"id\":\"u-sup\""));
    g_assert_nonnull (strstr (answer, "\"server_id\""));
    g_assert_null (strstr (answer, token));
  }

  /* Revoked at once; that session only, not the user's others. */
  g_assert_cmpuint (request (f, "DELETE", "/api/v1/session", token, NULL, NULL, NULL), ==, 204);
  g_assert_cmpuint (request (f, "GET", "/api/v1/sync", token, NULL, NULL, NULL), ==, 401);
  g_assert_cmpuint (request (f, "GET", "/api/v1/session", token, NULL, NULL, NULL), ==, 401);
  g_assert_cmpuint (request (f, "DELETE", "/api/v1/session", token, NULL, NULL, NULL), ==, 401);
  g_assert_cmpuint (request (f, "GET", "/api/v1/sync", other, NULL, NULL, NULL), ==, 200);
  /* Signing out needs a session; other methods are not it. */
  g_assert_cmpuint (request (f, "DELETE", "/api/v1/session", NULL, NULL, NULL, NULL), ==, 401);
  g_assert_cmpuint (request (f, "GET", "/api/v1/session", NULL, NULL, NULL, NULL), ==, 401);
  g_assert_cmpuint (request (f, "PUT", "/api/v1/session", NULL, "{}", NULL, NULL), ==, 405);
}

/* A sign-in's or a sign-out's outcome. */
typedef FbTestLogin Done;

static void
sign_out_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Done *d = user_data;

  d->ok = fb_sync_engine_sign_out_finish (FB_SYNC_ENGINE (object), result, &d->error);
  d->done = TRUE;
}

static gboolean
is_online (gpointer data)
{
  return fb_sync_engine_get_state (data) == FB_SYNC_STATE_ONLINE;
}

static void
test_engine_sign_out (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbSyncEngine) engine = fb_sync_engine_new (f->cache_path, &error);
  guint before;
  Done login = { 0 }, out = { 0 }, again = { 0 };

  g_assert_no_error (error);
  fb_sync_engine_login_async (engine, f->url, "sup", FB_TEST_PASSWORD, NULL, fb_test_login_cb, &login);
  g_assert_true (fb_test_wait_until (fb_test_login_done, &login, 20000));
  g_assert_true (login.ok);
  g_assert_true (fb_test_wait_until (is_online, engine, 20000));

  fb_sync_engine_sign_out_async (engine, NULL, sign_out_cb, &out);
  /* Signed out here at once. */
  g_assert_cmpint (fb_sync_engine_get_state (engine), ==, FB_SYNC_STATE_SIGNED_OUT);
  g_assert_null (fb_sync_engine_get_role (engine));
  g_assert_true (fb_test_wait_until (fb_test_login_done, &out, 20000));
  g_assert_no_error (out.error);
  g_assert_true (out.ok);

  /* No password kept to sign in again by itself. */
  before = fb_server_get_request_count (f->server, "/api/v1/session");
  fb_sync_engine_sync_now (engine);
  fb_test_run_for (500);
  g_assert_cmpint (fb_sync_engine_get_state (engine), ==, FB_SYNC_STATE_SIGNED_OUT);
  g_assert_cmpuint (fb_server_get_request_count (f->server, "/api/v1/session"), ==, before);

  /* With the server gone: signed out here all the same, and told so. */
  fb_sync_engine_login_async (engine, f->url, "sup", FB_TEST_PASSWORD, NULL, fb_test_login_cb, &again);
  g_assert_true (fb_test_wait_until (fb_test_login_done, &again, 20000));
  g_assert_true (again.ok);
  fb_test_fixture_stop_server (f);
  memset (&out, 0, sizeof out);
  fb_sync_engine_sign_out_async (engine, NULL, sign_out_cb, &out);
  g_assert_true (fb_test_wait_until (fb_test_login_done, &out, 20000));
  g_assert_false (out.ok);
  g_assert_error (out.error, FB_SYNC_ERROR, FB_SYNC_ERROR_NETWORK);
  g_clear_error (&out.error);
  g_assert_cmpint (fb_sync_engine_get_state (engine), ==, FB_SYNC_STATE_SIGNED_OUT);
  fb_sync_engine_stop (engine);
}

static void
test_throttle (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 2);
  g_autofree char *retry = NULL;

  fb_server_set_login_limits (f->server, 3, 5, 600);

  /* Three wrong for "sup": then even the right one waits, and the answer
   * says how long. */
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (sign_in (f, "sup", "wrong", NULL, NULL), ==, 401);
  g_assert_cmpuint (sign_in (f, "SUP", FB_TEST_PASSWORD, NULL, &retry), ==, 429);
  g_assert_nonnull (retry);
  g_assert_cmpint (g_ascii_strtoll (retry, NULL, 10), >, 0);
  g_assert_cmpint (g_ascii_strtoll (retry, NULL, 10), <=, 600);

  /* Another name from the same address still may (3 of 5 so far). */
  g_assert_cmpuint (sign_in (f, "agent1", FB_TEST_PASSWORD, NULL, NULL), ==, 200);
  /* Two more wrong, for names that do not exist: the address is spent. */
  g_assert_cmpuint (sign_in (f, "nobody", "wrong", NULL, NULL), ==, 401);
  g_assert_cmpuint (sign_in (f, "nobody2", "wrong", NULL, NULL), ==, 401);
  g_clear_pointer (&retry, g_free);
  g_assert_cmpuint (sign_in (f, "agent1", FB_TEST_PASSWORD, NULL, &retry), ==, 429);
  g_assert_nonnull (retry);

}

static void
test_success_resets (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 2);

  fb_server_set_login_limits (f->server, 3, 100, 600);
  for (guint i = 0; i < 2; i++)
    g_assert_cmpuint (sign_in (f, "sup", "wrong", NULL, NULL), ==, 401);
  g_assert_cmpuint (sign_in (f, "sup", FB_TEST_PASSWORD, NULL, NULL), ==, 200);
  /* The right password cleared the name's count. */
  for (guint i = 0; i < 2; i++)
    g_assert_cmpuint (sign_in (f, "sup", "wrong", NULL, NULL), ==, 401);
  g_assert_cmpuint (sign_in (f, "sup", FB_TEST_PASSWORD, NULL, NULL), ==, 200);
}

typedef struct
{
  guint pending;
  guint unauthorized;  /* 401: the password was hashed and was wrong */
  guint throttled;     /* 429: refused before any hashing */
  guint other;
} Burst;

static void
burst_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Burst *burst = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  guint status = soup_message_get_status (msg);

  if (error != NULL)
    g_test_message ("status %u: %s", status, error->message);

  if (status == SOUP_STATUS_UNAUTHORIZED)
    burst->unauthorized++;
  else if (status == 429)
    burst->throttled++;
  else
    burst->other++;
  burst->pending--;
}

static gboolean
burst_done (gpointer data)
{
  return ((Burst *) data)->pending == 0;
}

/* @n wrong passwords sent at once, each on a connection of its own, for
 * "sup" or (@distinct_names) for as many names. */
static void
fire_wrong_passwords (FbTestFixture *f,
                      guint          n,
                      gboolean       distinct_names,
                      Burst         *burst)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("max-conns", n + 8,
                                                                  "max-conns-per-host", n + 8,
                                                                  "timeout", 60,
                                                                  NULL);
  g_autofree char *url = g_strdup_printf ("%s/api/v1/session", f->url);

  memset (burst, 0, sizeof *burst);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
      g_autofree char *name = distinct_names ? g_strdup_printf ("guess%u", i) : g_strdup ("sup");
      g_autofree char *body = g_strdup_printf ("{\"username\":\"%s\",\"password\":\"wrong%u\"}", name, i);
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&body), strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
      burst->pending++;
      soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, burst_cb, burst);
    }
  g_assert_true (fb_test_wait_until (burst_done, burst, 120000));
}

/* Attempts counted before the hash, not after it: of 100 wrong passwords
 * sent at once, no more than the limit ever reach argon2. */
static void
test_concurrent_guesses (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 2);
  Burst burst;
  guint before;

  /* The defaults: 5 per name, 20 per address. */
  before = fb_server_get_password_checks (f->server);
  fire_wrong_passwords (f, 100, FALSE, &burst);
  g_test_message ("one name: %u hashed, %u refused", burst.unauthorized, burst.throttled);
  g_assert_cmpuint (burst.other, ==, 0);
  g_assert_cmpuint (fb_server_get_password_checks (f->server) - before, <=, FB_SERVER_LOGIN_MAX_PER_USER);
  g_assert_cmpuint (burst.unauthorized, <=, FB_SERVER_LOGIN_MAX_PER_USER);
  g_assert_cmpuint (burst.unauthorized + burst.throttled, ==, 100);
  /* Spent: even the right password waits now. */
  g_assert_cmpuint (sign_in (f, "sup", FB_TEST_PASSWORD, NULL, NULL), ==, 429);

  /* A name each: the address's limit holds (5 of its 20 are spent). */
  before = fb_server_get_password_checks (f->server);
  fire_wrong_passwords (f, 100, TRUE, &burst);
  g_test_message ("a name each: %u hashed, %u refused", burst.unauthorized, burst.throttled);
  g_assert_cmpuint (burst.other, ==, 0);
  g_assert_cmpuint (fb_server_get_password_checks (f->server) - before, <=,
                    FB_SERVER_LOGIN_MAX_PER_ADDRESS - FB_SERVER_LOGIN_MAX_PER_USER);
  g_assert_cmpuint (burst.unauthorized + burst.throttled, ==, 100);
  g_assert_cmpuint (sign_in (f, "agent1", FB_TEST_PASSWORD, NULL, NULL), ==, 429);
}

/* A right password counted up front is given back: it spends nothing of
 * the address's allowance. */
static void
test_right_password_free (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 2);

  fb_server_set_login_limits (f->server, 3, 3, 600);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpuint (sign_in (f, "agent1", FB_TEST_PASSWORD, NULL, NULL), ==, 200);
  g_assert_cmpuint (sign_in (f, "sup", "wrong", NULL, NULL), ==, 401);
  g_assert_cmpuint (sign_in (f, "sup", "wrong", NULL, NULL), ==, 401);
  g_assert_cmpuint (sign_in (f, "agent1", FB_TEST_PASSWORD, NULL, NULL), ==, 200);
  g_assert_cmpuint (sign_in (f, "sup", FB_TEST_PASSWORD, NULL, NULL), ==, 200);
  g_assert_cmpuint (fb_server_get_password_checks (f->server), ==, 9);
}

/* A live socket as a dashboard holds it: frames counted, close seen. */
typedef struct
{
  SoupWebsocketConnection *conn;
  guint                    status;  /* of the upgrade when it failed */
  gboolean                 connecting;
  gboolean                 closed;
  guint                    frames;
} Live;

static void
live_message_cb (SoupWebsocketConnection *conn,
                 int                      type,
                 GBytes                  *message,
                 Live                    *live)
{
  live->frames++;
}

static void
live_closed_cb (SoupWebsocketConnection *conn,
                Live                    *live)
{
  live->closed = TRUE;
}

static void
live_connected_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Live *live = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);

  live->conn = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, NULL);
  live->connecting = FALSE;
  if (live->conn == NULL)
    {
      live->status = soup_message_get_status (msg);
      return;
    }
  g_signal_connect (live->conn, "message", G_CALLBACK (live_message_cb), live);
  g_signal_connect (live->conn, "closed", G_CALLBACK (live_closed_cb), live);
}

static gboolean
live_settled (gpointer data)
{
  return !((Live *) data)->connecting;
}

static gboolean
live_has_frame (gpointer data)
{
  return ((Live *) data)->frames > 0;
}

static gboolean
live_closed (gpointer data)
{
  return ((Live *) data)->closed;
}

/* Opens /api/v1/live with @token; FALSE (live->status set) when refused. */
static gboolean
live_open (FbTestFixture *f,
           SoupSession   *session,
           const char    *token,
           Live          *live)
{
  g_autofree char *url = g_strdup_printf ("%s/api/v1/live", f->url);
  g_autofree char *auth = g_strdup_printf ("Bearer %s", token);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);

  g_clear_object (&live->conn);
  memset (live, 0, sizeof *live);
  live->connecting = TRUE;
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_session_websocket_connect_async (session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        live_connected_cb, live);
  g_assert_true (fb_test_wait_until (live_settled, live, 20000));
  if (live->conn == NULL)
    return FALSE;
  /* The first frame comes at once. */
  g_assert_true (fb_test_wait_until (live_has_frame, live, 5000));
  return TRUE;
}

static void
live_clear (Live *live)
{
  if (live->conn != NULL)
    g_signal_handlers_disconnect_by_data (live->conn, live);
  g_clear_object (&live->conn);
}

/* Closed by the server as a policy matter, saying why. */
static void
assert_ended (Live       *live,
              const char *reason)
{
  g_assert_true (live->closed);
  g_assert_cmpint (soup_websocket_connection_get_close_code (live->conn), ==,
                   SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION);
  g_assert_cmpstr (soup_websocket_connection_get_close_data (live->conn), ==, reason);
}

/* Sign-out ends the session's live sockets at once (and only its own):
 * no more frames for a token that no longer works. */
static void
test_live_sign_out (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 2);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *token = NULL;
  g_autofree char *other = NULL;
  Live live = { 0 }, kept = { 0 };
  guint frames;
  gint64 start;

  fb_server_set_live_interval (f->server, 50);
  g_assert_cmpuint (sign_in (f, "sup", FB_TEST_PASSWORD, &token, NULL), ==, 200);
  g_assert_cmpuint (sign_in (f, "sup", FB_TEST_PASSWORD, &other, NULL), ==, 200);
  g_assert_true (live_open (f, session, token, &live));
  g_assert_true (live_open (f, session, other, &kept));
  fb_test_run_for (200);
  g_assert_cmpuint (live.frames, >, 1);

  g_assert_cmpuint (request (f, "DELETE", "/api/v1/session", token, NULL, NULL, NULL), ==, 204);
  frames = live.frames;
  start = g_get_monotonic_time ();
  /* Closed well before the once-a-second check could have done it. */
  g_assert_true (fb_test_wait_until (live_closed, &live, 500));
  g_test_message ("closed %" G_GINT64_FORMAT " ms after the 204, %u frame(s) after it",
                  (g_get_monotonic_time () - start) / 1000, live.frames - frames);
  assert_ended (&live, "signed_out");
  /* At most the one frame already on its way. */
  g_assert_cmpuint (live.frames - frames, <=, 1);

  /* The user's other session goes on, frames and all. */
  frames = kept.frames;
  fb_test_run_for (300);
  g_assert_false (kept.closed);
  g_assert_cmpuint (kept.frames, >, frames);
  /* And the dead token opens no socket again. */
  g_assert_false (live_open (f, session, token, &live));
  g_assert_cmpuint (live.status, ==, SOUP_STATUS_UNAUTHORIZED);
  live_clear (&live);
  live_clear (&kept);
}

/* A socket does not outlive its session's expiry. */
static void
test_live_expiry (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 2);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *token = fb_auth_new_token ();
  g_autofree char *token_hash = fb_auth_token_hash (token);
  Live live = { 0 };

  fb_server_set_live_interval (f->server, 50);
  /* A session with two seconds left, as sign-in makes them. */
  g_assert_true (fb_server_store_add_session (f->store, token_hash, "u-sup",
                                              g_get_real_time () / G_USEC_PER_SEC + 2, &error));
  g_assert_no_error (error);
  g_assert_true (live_open (f, session, token, &live));
  g_assert_true (fb_test_wait_until (live_closed, &live, 5000));
  assert_ended (&live, "session_ended");
  g_assert_cmpuint (request (f, "GET", "/api/v1/session", token, NULL, NULL, NULL), ==, 401);
  live_clear (&live);
}

/* Runs floorboard-server's adduser on the fixture's database, as an
 * administrator would beside the running server. */
static void
run_adduser (FbTestFixture *f,
             const char    *username,
             const char    *role)
{
  const char *program = g_getenv ("FLOORBOARD_SERVER");
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;

  g_assert_nonnull (program);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                              program, "--db", f->server_db, "adduser", username,
                              "--role", role, "--name", "박 감독", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, FB_TEST_PASSWORD "\n", NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

/* Gives a user another role in the server's database, as an edit of the
 * user row would. */
static void
set_role (FbTestFixture *f,
          const char    *user_id,
          const char    *role)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  FbChange *row = fb_server_store_get (f->store, "user", user_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (row);
  node = json_from_string (row->data, &error);
  g_assert_no_error (error);
  json_object_set_string_member (json_node_get_object (node), "role", role);
  g_assert_cmpint (fb_server_store_put_node (f->store, "user", user_id, node, &error), >, 0);
  g_assert_no_error (error);
  fb_change_free (row);
}

/* A user given another role or removed: their sockets end; the new role
 * may open a new one. */
static void
test_live_user_changed (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 2);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *token = NULL;
  Live live = { 0 };

  fb_server_set_live_interval (f->server, 50);
  g_assert_cmpuint (sign_in (f, "sup", FB_TEST_PASSWORD, &token, NULL), ==, 200);
  g_assert_true (live_open (f, session, token, &live));
  set_role (f, "u-sup", "manager");
  g_assert_true (fb_test_wait_until (live_closed, &live, 3000));
  assert_ended (&live, "role_changed");

  /* As a manager now. */
  g_assert_true (live_open (f, session, token, &live));
  fb_test_run_for (1200);
  g_assert_false (live.closed);
  g_assert_cmpint (fb_server_store_remove (f->store, "user", "u-sup", &error), >, 0);
  g_assert_no_error (error);
  g_assert_true (fb_test_wait_until (live_closed, &live, 3000));
  assert_ended (&live, "user_removed");
  live_clear (&live);
}

/* A new password set by the admin command (in another process, beside the
 * running server) ends every session the old one opened, sockets too:
 * a reset must lock out whoever held the account. */
static void
test_live_password_reset (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 2);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *token = NULL;
  g_autofree char *fresh = NULL;
  Live live = { 0 };

  fb_server_set_live_interval (f->server, 50);
  g_assert_cmpuint (sign_in (f, "sup", FB_TEST_PASSWORD, &token, NULL), ==, 200);
  g_assert_true (live_open (f, session, token, &live));
  run_adduser (f, "sup", "supervisor");
  g_assert_true (fb_test_wait_until (live_closed, &live, 3000));
  assert_ended (&live, "session_ended");
  g_assert_cmpuint (request (f, "GET", "/api/v1/session", token, NULL, NULL, NULL), ==, 401);
  live_clear (&live);

  /* The (new) password opens a new session. */
  g_assert_cmpuint (sign_in (f, "sup", FB_TEST_PASSWORD, &fresh, NULL), ==, 200);
  g_assert_cmpuint (request (f, "GET", "/api/v1/session", fresh, NULL, NULL, NULL), ==, 200);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/session/sign-out", test_sign_out);
  g_test_add_func ("/session/engine-sign-out", test_engine_sign_out);
  g_test_add_func ("/session/throttle", test_throttle);
  g_test_add_func ("/session/success-resets", test_success_resets);
  g_test_add_func ("/session/concurrent-guesses", test_concurrent_guesses);
  g_test_add_func ("/session/right-password-free", test_right_password_free);
  g_test_add_func ("/session/live-sign-out", test_live_sign_out);
  g_test_add_func ("/session/live-expiry", test_live_expiry);
  g_test_add_func ("/session/live-user-changed", test_live_user_changed);
  g_test_add_func ("/session/live-password-reset", test_live_password_reset);
  return g_test_run ();
}
