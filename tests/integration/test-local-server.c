/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-local-server.c: the demo floor's child server starts, serves on
 * 127.0.0.1, and is gone after stop. */
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "fb-local-server.h"

static gboolean done;
static char *url;
static GError *start_error;

static void
started_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  url = fb_local_server_start_finish (FB_LOCAL_SERVER (object), result, &start_error);
  done = TRUE;
}

static guint
post_session (const char *base)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *target = g_strconcat (base, "/api/v1/session", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", target);
  static const char json[] = "{\"username\":\"supervisor\",\"password\":\"demo\"}";
  g_autoptr(GBytes) body = g_bytes_new_static (json, strlen (json));
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  if (reply == NULL)
    return 0;
  return soup_message_get_status (msg);
}

static void
test_start_stop (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fb-local-XXXXXX", &error);
  g_autofree char *db = g_build_filename (dir, "demo.db", NULL);
  g_autofree char *program = fb_local_server_find_program ();
  g_autoptr(FbLocalServer) server = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (program);
  server = fb_local_server_new (program, db);
  fb_local_server_start_async (server, NULL, started_cb, NULL);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (start_error);
  g_assert_true (g_str_has_prefix (url, "http://127.0.0.1:"));
  g_assert_true (fb_local_server_is_running (server));

  /* The demo center answers with the demo supervisor. */
  g_assert_cmpuint (post_session (url), ==, 200);

  fb_local_server_stop (server);
  g_assert_false (fb_local_server_is_running (server));
  g_assert_cmpuint (post_session (url), ==, 0);

  g_unlink (db);
  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (dir);
  g_clear_pointer (&url, g_free);
}

static void
test_missing_program (void)
{
  g_autoptr(FbLocalServer) server = fb_local_server_new ("/nonexistent/floorboard-server", "/tmp/x.db");

  done = FALSE;
  g_clear_error (&start_error);
  fb_local_server_start_async (server, NULL, started_cb, NULL);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (url);
  g_assert_nonnull (start_error);
  g_assert_nonnull (strstr (start_error->message, "/nonexistent/floorboard-server"));
  g_assert_false (fb_local_server_is_running (server));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/local-server/start-stop", test_start_stop);
  g_test_add_func ("/local-server/missing-program", test_missing_program);

  return g_test_run ();
}
