/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-refusal-korean.c: under LANGUAGE=ko, the refusals of a real
 * floorboard-server (its own process, answering in English as it does in a
 * center) reach the user in Korean with no English left: a wrong password
 * on the connect page, and a 409 on a stale write (someone else took the
 * case between the supervisor's look and click) in the window's toast. */
#define G_LOG_DOMAIN "test-refusal-korean"

#include <adwaita.h>
#include <libsoup/soup.h>
#include <locale.h>
#include <string.h>

#include "fb-connect-page.h"
#include "fb-escalation-detail.h"
#include "fb-escalation-rules.h"
#include "fb-escalations-page-private.h"
#include "fb-local-server.h"
#include "fb-paths.h"
#include "fb-row.h"
#include "fb-store.h"
#include "fb-sync-engine.h"
#include "fb-test-fixture.h"
#include "fb-test-sync.h"
#include "fb-test-gui.h"
#include "fb-test-window.h"
#include "fb-window.h"

static GtkApplication *app;
/* The server, started before GTK in an English environment. */
static FbLocalServer *server;
static char *server_url;

/* Latin words of a message a Korean reader would not understand: any run
 * of two letters or more. */
static char *
latin_words (const char *text)
{
  GString *found = g_string_new (NULL);
  const char *p = text;

  while (*p)
    {
      const char *start = p;

      while (*p && g_ascii_isalpha (*p))
        p++;
      if (p - start >= 2)
        g_string_append_printf (found, "%s%.*s", found->len ? " " : "", (int) (p - start), start);
      if (p == start)
        p = g_utf8_next_char (p);
    }
  return g_string_free (found, found->len == 0);
}

static gboolean
has_hangul (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_HANGUL)
      return TRUE;
  return FALSE;
}

static void
assert_korean (const char *where,
               const char *text)
{
  g_autofree char *latin = NULL;

  g_assert_nonnull (text);
  g_test_message ("%s: %s", where, text);
  latin = latin_words (text);
  if (latin != NULL)
    g_printerr ("%s shows English: “%s” (%s)\n", where, text, latin);
  g_assert_null (latin);
  g_assert_true (has_hangul (text));
}

static gboolean
has_error (gpointer data)
{
  const char *error = fb_connect_page_get_error (data);

  return error != NULL && *error != '\0';
}

static gboolean
on_dashboard (gpointer data)
{
  FbWindow *window = data;

  return g_str_equal (fb_window_get_visible_view (window), "dashboard");
}

typedef struct
{
  FbSyncEngine *engine;
  FbStore      *store;
  char         *id;        /* a case the supervisor may take */
} Takeable;

/* A case of the cache the supervisor may take now. */
static gboolean
find_takeable (gpointer data)
{
  Takeable *t = data;
  g_autoptr(GPtrArray) rows = NULL;

  if (fb_sync_engine_get_state (t->engine) != FB_SYNC_STATE_ONLINE ||
      fb_sync_engine_get_progress (t->engine) < 1.0 ||
      !(rows = fb_store_list_rows (t->store, "escalation", NULL)))
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      FbChange *change = g_ptr_array_index (rows, i);
      g_autoptr(JsonNode) node = json_from_string (change->data, NULL);
      g_autoptr(FbEscalation) e = node ? fb_escalation_from_json (node, NULL) : NULL;

      if (e != NULL && fb_escalation_check (e, FB_ROLE_SUPERVISOR, FB_ESCALATION_ACTION_TAKE, -1, NULL))
        {
          t->id = g_strdup (change->id);
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
detail_shows (gpointer data)
{
  gpointer *args = data;
  FbRow *row = fb_escalation_detail_get_row (args[0]);

  return row != NULL && g_str_equal (fb_row_get_id (row), args[1]);
}

/* Someone else, on a connection of their own: a blocking exchange on its
 * own context, so the window's main loop does not run meanwhile and the
 * app has not yet heard of the change when the supervisor clicks. */
static guint
http (const char  *url,
      const char  *method,
      const char  *path,
      const char  *token,
      const char  *body,
      char       **answer)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strconcat (url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  g_autofree char *key = g_uuid_string_random ();

  if (token != NULL)
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (headers, "Authorization", auth);
      soup_message_headers_replace (headers, "Idempotency-Key", key);
    }
  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  if (answer != NULL)
    *answer = g_strndup (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
  return soup_message_get_status (msg);
}

/* The director takes @id at @version, behind the supervisor's back. */
static void
director_takes (const char *url,
                const char *id,
                gint64      version)
{
  g_autofree char *answer = NULL;
  g_autofree char *path = g_strdup_printf ("/api/v1/escalations/%s/actions", id);
  g_autofree char *body = g_strdup_printf ("{\"action\":\"take\",\"version\":%" G_GINT64_FORMAT "}", version);
  g_autoptr(JsonNode) session = NULL;
  const char *token;
  guint status;

  status = http (url, "POST", "/api/v1/session", NULL, "{\"username\":\"director\",\"password\":\"demo\"}", &answer);
  g_assert_cmpuint (status, ==, 200);
  session = json_from_string (answer, NULL);
  g_assert_nonnull (session);
  token = json_object_get_string_member (json_node_get_object (session), "token");
  g_clear_pointer (&answer, g_free);
  status = http (url, "POST", path, token, body, &answer);
  if (status != 200)
    g_printerr ("The director's take: %u %s\n", status, answer);
  g_assert_cmpuint (status, ==, 200);
}

typedef struct
{
  GtkWidget *window;
  char      *prefix;   /* how the toast begins, translated */
  char      *text;     /* the toast's label, once shown */
} Toast;

static void
find_label (GtkWidget *widget,
            Toast     *toast)
{
  if (toast->text != NULL)
    return;
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), toast->prefix))
    {
      toast->text = g_strdup (gtk_label_get_text (GTK_LABEL (widget)));
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    find_label (child, toast);
}

static gboolean
toast_shown (gpointer data)
{
  Toast *toast = data;

  find_label (toast->window, toast);
  return toast->text != NULL;
}

static void
test_refusals_in_korean (void)
{
  g_autofree char *dir = g_dir_make_tmp ("fb-refusal-XXXXXX", NULL);
  g_autofree char *cache = g_build_filename (dir, "cache.db", NULL);
  g_autoptr(FbSyncEngine) engine = NULL;
  g_autoptr(FbStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *url;
  const char *format = g_dgettext (GETTEXT_PACKAGE, "The server refused a change: %s");
  Toast toast = { NULL, g_strndup (format, strstr (format, "%s") - format), NULL };
  Takeable takeable = { NULL, NULL, NULL };
  FbEscalationsPage *page;
  FbEscalationDetail *detail;
  FbConnectPage *connect;
  FbWindow *window;
  gpointer shows[2];

  /* The catalogue is loaded, and the toast's frame is Korean. */
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Reports"), ==, "보고서");
  g_assert_true (has_hangul (toast.prefix));

  g_assert_true (fb_test_wait_until (fb_test_url_known, &server_url, 60000));
  url = server_url;

  window = fb_test_window_open (app, cache, 1400, 900, &engine, &store);
  fb_sync_engine_set_poll_interval (engine, 3600);
  toast.window = GTK_WIDGET (window);

  /* A wrong password: the server's 401 told in Korean on the form. */
  connect = FB_CONNECT_PAGE (fb_window_get_connect_page (window));
  fb_window_show_connect (window);
  fb_connect_page_fill (connect, url, "supervisor", "wrong-password");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (connect), "connect.sign-in", NULL));
  g_assert_true (fb_test_wait_until (has_error, connect, 30000));
  assert_korean ("The connect page", fb_connect_page_get_error (connect));

  /* Signed in, a case the supervisor may take is on screen. */
  fb_connect_page_fill (connect, url, "supervisor", "demo");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (connect), "connect.sign-in", NULL));
  g_assert_true (fb_test_wait_until (on_dashboard, window, 30000));
  takeable.engine = engine;
  takeable.store = store;
  g_assert_true (fb_test_wait_until (find_takeable, &takeable, 60000));
  page = FB_ESCALATIONS_PAGE (fb_window_get_table_page (window, "escalations"));
  g_assert_true (fb_escalations_page_show_case (page, takeable.id));
  detail = FB_ESCALATION_DETAIL (gtk_widget_get_template_child (GTK_WIDGET (page), FB_TYPE_ESCALATIONS_PAGE, "detail"));
  shows[0] = detail;
  shows[1] = takeable.id;
  g_assert_true (fb_test_wait_until (detail_shows, shows, 10000));

  /* The director takes it first; the supervisor, not yet told, clicks
   * Take on what they saw: the server answers 409. */
  director_takes (url, takeable.id, fb_row_get_version (fb_escalation_detail_get_row (detail)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (detail), "escalation.take", NULL));
  g_assert_true (fb_test_wait_until (toast_shown, &toast, 30000));
  assert_korean ("The refusal's toast", toast.text);

  fb_test_destroy_window (window);
  fb_sync_engine_stop (engine);
  fb_paths_remove_dir (dir);
  g_free (takeable.id);
  g_free (toast.prefix);
  g_free (toast.text);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = g_dir_make_tmp ("fb-refusal-server-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "server.db", NULL);
  g_autofree char *program = fb_local_server_find_program ();
  int ret;

  /* A center's server runs as a service in a locale of its own: here
   * English (the demo server the app starts would inherit Korean and hide
   * the app's part). The child takes the environment as it is at spawn,
   * before any thread of GTK runs. */
  g_setenv ("LANGUAGE", "en", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  server = fb_local_server_new (program, db);
  fb_local_server_set_quiet (server, TRUE);
  fb_local_server_start_async (server, NULL, fb_test_local_server_started_cb, &server_url);

  /* The app in Korean, whatever the machine: before GTK and gettext start. */
  g_setenv ("LANGUAGE", "ko", TRUE);
  g_setenv ("LANG", "C.UTF-8", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  fb_paths_init_i18n ();
  if (!fb_test_gui_init (&argc, &argv))
    {
      fb_local_server_stop (server);
      return 77;
    }

  app = fb_test_gui_app_new ("org.floorboard.Floorboard.TestRefusalKorean");

  g_test_add_func ("/ui/refusal-korean/sign-in-and-stale-write", test_refusals_in_korean);

  ret = g_test_run ();
  g_object_unref (app);
  fb_local_server_stop (server);
  g_object_unref (server);
  fb_paths_remove_dir (dir);
  g_free (server_url);
  return ret;
}
