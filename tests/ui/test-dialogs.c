/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-dialogs.c: every dialog and popover of the app, in the real window
 * on a cache a real server fills, driven through its own widgets: opened by
 * its button, filled, confirmed, cancelled and escaped; what confirming
 * writes must reach the server, what cancelling does must write nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-dialogs"

#include <adwaita.h>
#include <string.h>

#include "fb-application.h"
#include "fb-auth.h"
#include "fb-connect-page.h"
#include "fb-agent-picker-private.h"
#include "fb-duty-report-dialog.h"
#include "fb-entity.h"
#include "fb-floor-page.h"
#include "fb-escalation-detail.h"
#include "fb-escalation-rules.h"
#include "fb-escalations-page-private.h"
#include "fb-preferences-window.h"
#include "fb-qa-dialog.h"
#include "fb-quality-page-private.h"
#include "fb-request-row.h"
#include "fb-requests-page.h"
#include "fb-seat-assign-dialog.h"
#include "fb-seat-map-private.h"
#include "fb-summary-page-private.h"
#include "fb-row.h"
#include "fb-server-store.h"
#include "fb-store.h"
#include "fb-sync-engine.h"
#include "fb-test-fixture.h"
#include "fb-test-drive.h"
#include "fb-test-gui.h"
#include "fb-test-window.h"
#include "fb-window.h"

#define HOUR 3600
#define MINUTE 60

static GtkApplication *app;

/* Waiting ------------------------------------------------------------------ */

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
no_pending (gpointer data)
{
  return fb_sync_engine_get_pending_writes (data) == 0;
}

static gboolean
some_pending (gpointer data)
{
  return fb_sync_engine_get_pending_writes (data) > 0;
}

/* The server and the window ------------------------------------------------ */

static char *
iso (gint64 t)
{
  return fb_timestamp_to_iso (t);
}

/* The row as the server has it now. */
static JsonObject *
server_row (FbServerStore *store,
            const char    *type,
            const char    *id)
{
  g_autoptr(FbChange) change = fb_server_store_get (store, type, id, NULL);
  g_autoptr(JsonNode) node = NULL;

  if (change == NULL)
    return NULL;
  node = json_from_string (change->data, NULL);
  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

/* The real window on the fixture's cache, signed in through the connect
 * page, as a user does. */
static FbWindow *
open_window (FbTestFixture  *f,
             const char     *username,
             const char     *user_id,
             FbSyncEngine  **engine_out)
{
  FbWindow *window = fb_test_window_open (app, f->cache_path, 1400, 900, engine_out, NULL);

  fb_test_sign_in (window, *engine_out, f->url, username, user_id, NULL, NULL);
  return window;
}

/* Nothing but the main window is left on screen (no dialog, nor an
 * error one), then it goes. */
static void
close_window (FbWindow     *window,
              FbSyncEngine *engine)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if (toplevel != GTK_WIDGET (window) && gtk_widget_get_visible (toplevel))
        {
          g_autofree char *text = NULL, *detail = NULL;

          if (GTK_IS_MESSAGE_DIALOG (toplevel))
            g_object_get (toplevel, "text", &text, "secondary-text", &detail, NULL);
          g_error ("%s left on screen: %s %s", G_OBJECT_TYPE_NAME (toplevel), text ?: "", detail ?: "");
        }
    }
  fb_test_destroy_window (window);
  fb_sync_engine_stop (engine);
}

/* Nothing reached the server and nothing waits to: its rows are as
 * @before, and the outbox is empty, a moment later too. */
static void
assert_unwritten (FbTestFixture *f,
                  FbSyncEngine  *engine,
                  const char    *before)
{
  g_autofree char *after = NULL;

  g_assert_cmpuint (fb_sync_engine_get_pending_writes (engine), ==, 0);
  fb_test_spin (300);
  g_assert_cmpuint (fb_sync_engine_get_pending_writes (engine), ==, 0);
  after = fb_test_dump_server (f->store);
  g_assert_cmpstr (after, ==, before);
}

/* How many rows of @type the server has whose data holds @needle. */
static guint
server_count (FbTestFixture *f,
              const char    *type,
              const char    *needle)
{
  g_autofree char *dump = fb_test_dump_server (f->store);
  g_auto(GStrv) lines = g_strsplit (dump, "\n", -1);
  g_autofree char *prefix = g_strconcat (type, "/", NULL);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix) && strstr (lines[i], needle) != NULL)
      n++;
  return n;
}

typedef struct
{
  FbTestFixture *f;
  const char    *type;
  const char    *needle;
  guint          n;        /* at least */
} WaitCount;

static gboolean
server_count_is (gpointer data)
{
  WaitCount *w = data;

  return server_count (w->f, w->type, w->needle) >= w->n;
}

static gboolean
is_hidden (gpointer data)
{
  return !gtk_widget_get_visible (GTK_WIDGET (data));
}

/* A click on a chart shows its figures as a table in a window of its own;
 * Escape closes it. */
static void
chart_table_round_trip (GtkWidget *chart)
{
  GtkWidget *table;

  g_assert_true (fb_test_wait_until (fb_test_is_mapped, chart, 10000));
  g_assert_null (fb_test_find_toplevel (ADW_TYPE_WINDOW));
  fb_test_click_at (chart, gtk_widget_get_width (chart) / 2.0, gtk_widget_get_height (chart) / 2.0);
  table = fb_test_wait_for_window (ADW_TYPE_WINDOW);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (table)));
  g_assert_nonnull (fb_test_widget_of_type (table, GTK_TYPE_GRID));
  fb_test_press_escape (table);
  fb_test_wait_window_gone (ADW_TYPE_WINDOW);
}

/* The callback dialog ------------------------------------------------------ */

static guint
n_attempts (FbTestFixture *f,
            const char    *id)
{
  g_autoptr(JsonObject) row = server_row (f->store, "escalation", id);
  JsonArray *attempts = json_object_get_array_member (row, "callback_attempts");

  return attempts ? json_array_get_length (attempts) : 0;
}

typedef struct
{
  FbTestFixture *f;
  guint          n;
} WaitAttempts;

static gboolean
attempts_are (gpointer data)
{
  WaitAttempts *w = data;

  return n_attempts (w->f, "e-d") == w->n;
}

static GtkWidget *
open_callback_dialog (FbEscalationDetail *detail)
{
  GtkWidget *dialog;

  g_assert_null (fb_escalation_detail_get_callback_dialog (detail));
  fb_test_click (fb_test_button_for (GTK_WIDGET (detail), "escalation.callback"));
  dialog = fb_escalation_detail_get_callback_dialog (detail);
  g_assert_nonnull (dialog);
  g_assert_true (fb_test_wait_until (fb_test_is_mapped, dialog, 5000));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  return dialog;
}

/* The dialog, gone, wrote nothing: no write waits, the server's case is
 * as it was. */
static void
assert_callback_closed_unwritten (FbTestFixture      *f,
                                  FbSyncEngine       *engine,
                                  FbEscalationDetail *detail)
{
  GtkWidget *dialog = fb_escalation_detail_get_callback_dialog (detail);

  if (dialog != NULL)
    {
      g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
      g_assert_true (fb_test_wait_until (is_null, &dialog, 5000));
    }
  g_assert_null (fb_escalation_detail_get_callback_dialog (detail));
  g_assert_cmpuint (fb_sync_engine_get_pending_writes (engine), ==, 0);
  fb_test_spin (200);
  g_assert_cmpuint (fb_sync_engine_get_pending_writes (engine), ==, 0);
  g_assert_cmpuint (n_attempts (f, "e-d"), ==, 1);
}

/* Record Callback Attempt: Save and Cancel are the message dialog's own
 * response buttons, which once chained up to a response handler
 * libadwaita 1.2 does not have (a crash on every click). */
static void
test_callback (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 0);
  g_autoptr(FbSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) row = NULL;
  WaitAttempts two = { f, 2 };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  FbEscalationDetail *detail;
  GtkWidget *dialog;
  FbWindow *window;
  JsonObject *attempt;

  g_assert_true (fb_server_store_begin (f->store, &error));
  fb_test_put_user (f, "u-lead", "lead", "이 반장", "shift_leader", NULL);
  {
    gint64 raised = now - 48 * HOUR, dd, rd, cd;
    g_autofree char *r = iso (raised), *d1 = iso (raised + 20 * MINUTE), *d2 = iso (raised + 5 * HOUR);
    g_autofree char *d3 = iso (raised + 6 * HOUR), *ds = NULL, *rs = NULL, *cs = NULL, *json = NULL;

    fb_escalation_deadlines (raised, &dd, &rd, &cd);
    ds = iso (dd), rs = iso (rd), cs = iso (cd);
    json = g_strdup_printf ("{\"id\":\"e-d\",\"customer_ref\":\"010-****-1234\",\"category\":\"complaint\","
                            "\"severity\":\"high\",\"summary\":\"요금 이중 청구\",\"raised_by\":\"u-lead\","
                            "\"raised_at\":\"%s\",\"level\":\"supervisor\",\"status\":\"awaiting_callback\","
                            "\"dispatch_due\":\"%s\",\"response_due\":\"%s\",\"callback_due\":\"%s\","
                            "\"owner\":\"u-lead\",\"dispatched_at\":\"%s\",\"responded_at\":\"%s\","
                            "\"callback_attempts\":[{\"at\":\"%s\",\"by\":\"u-lead\",\"outcome\":\"no_answer\"}]}",
                            r, ds, rs, cs, d1, d2, d3);
    fb_test_put (f->store, "escalation", "e-d", json);
  }
  g_assert_true (fb_server_store_commit (f->store, &error));

  window = open_window (f, "sup", "u-sup", &engine);
  fb_window_show_escalation (window, "e-d");
  detail = FB_ESCALATION_DETAIL (gtk_widget_get_template_child (GTK_WIDGET (fb_window_get_table_page (window, "escalations")), FB_TYPE_ESCALATIONS_PAGE, "detail"));
  g_assert_true (fb_test_wait_until (fb_test_is_mapped, detail, 10000));
  g_assert_cmpstr (fb_row_get_id (fb_escalation_detail_get_row (detail)), ==, "e-d");

  /* Escape: gone, nothing recorded. */
  dialog = open_callback_dialog (detail);
  fb_test_press_escape (dialog);
  assert_callback_closed_unwritten (f, engine, detail);

  /* Filled, then Cancel: gone, nothing recorded. */
  dialog = open_callback_dialog (detail);
  gtk_widget_activate (fb_test_button_labelled (dialog, "Line _busy"));
  gtk_editable_set_text (GTK_EDITABLE (fb_test_widget_of_type (dialog, GTK_TYPE_ENTRY)), "다시 걸기로 함");
  fb_test_click (fb_test_button_labelled (dialog, "_Cancel"));
  assert_callback_closed_unwritten (f, engine, detail);

  /* Save waits for an outcome; with one it records the attempt, to the
   * server, and the dialog goes. */
  dialog = open_callback_dialog (detail);
  g_assert_false (gtk_widget_is_sensitive (fb_test_button_labelled (dialog, "_Save")));
  gtk_widget_activate (fb_test_button_labelled (dialog, "Line _busy"));
  gtk_editable_set_text (GTK_EDITABLE (fb_test_widget_of_type (dialog, GTK_TYPE_ENTRY)), "통화 중, 30분 뒤 재방문");
  fb_test_click (fb_test_button_labelled (dialog, "_Save"));
  g_assert_true (fb_test_wait_until (attempts_are, &two, 20000));
  g_assert_null (fb_escalation_detail_get_callback_dialog (detail));
  row = server_row (f->store, "escalation", "e-d");
  attempt = json_array_get_object_element (json_object_get_array_member (row, "callback_attempts"), 1);
  g_assert_cmpstr (json_object_get_string_member (attempt, "outcome"), ==, "busy");
  g_assert_cmpstr (json_object_get_string_member (attempt, "by"), ==, "u-sup");
  g_assert_cmpstr (json_object_get_string_member (attempt, "note"), ==, "통화 중, 30분 뒤 재방문");
  g_assert_true (fb_test_wait_until (no_pending, engine, 20000));

  close_window (window, engine);
}

/* The main menu: Preferences and Sign Out ---------------------------------- */

static gboolean
match_primary_menu (GtkWidget     *widget,
                    gconstpointer  data)
{
  return GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (widget));
}

static GtkWidget *
open_main_menu (FbWindow *window)
{
  GtkWidget *button = fb_test_find_widget (GTK_WIDGET (window), match_primary_menu, NULL);

  g_assert_nonnull (button);
  return fb_test_open_menu (button);
}

static gboolean
signed_out (gpointer data)
{
  FbTestSignIn *s = data;

  return fb_sync_engine_get_state (s->engine) == FB_SYNC_STATE_SIGNED_OUT &&
         g_str_equal (fb_window_get_visible_view (s->window), "connect");
}

/* The CA file's chooser (GtkFileChooserNative, shown as GTK's own dialog
 * here): Cancel and Escape change nothing; Choose on a PEM file trusts it;
 * the row's clear button goes back to the system's authorities. */
static void
choose_ca_file (GtkWidget *prefs,
                GSettings *settings)
{
  g_autofree char *ca = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "data", "tls", "ca.pem", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (ca);
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  GtkWidget *row = GTK_WIDGET (gtk_widget_get_template_child (prefs, FB_TYPE_PREFERENCES_WINDOW, "ca_row"));
  GtkWidget *chooser;

  g_settings_reset (settings, "ca-file");
  fb_test_bring_forward (row);
  fb_test_click (fb_test_button_for (row, "prefs.choose-ca-file"));
  chooser = fb_test_wait_for_window (GTK_TYPE_FILE_CHOOSER_DIALOG);
  fb_test_spin (500);
  fb_test_click (fb_test_button_labelled (chooser, "_Cancel"));
  fb_test_wait_window_gone (GTK_TYPE_FILE_CHOOSER_DIALOG);
  fb_test_click (fb_test_button_for (row, "prefs.choose-ca-file"));
  chooser = fb_test_wait_for_window (GTK_TYPE_FILE_CHOOSER_DIALOG);
  fb_test_spin (500);
  fb_test_press_escape (chooser);
  fb_test_wait_window_gone (GTK_TYPE_FILE_CHOOSER_DIALOG);
  value = g_settings_get_string (settings, "ca-file");
  g_assert_cmpstr (value, ==, "");
  g_clear_pointer (&value, g_free);

  fb_test_click (fb_test_button_for (row, "prefs.choose-ca-file"));
  chooser = fb_test_wait_for_window (GTK_TYPE_FILE_CHOOSER_DIALOG);
  fb_test_spin (500);
  g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), file, &error));
  g_assert_no_error (error);
  fb_test_spin (500);
  fb_test_click (fb_test_button_labelled (chooser, "_Choose"));
  fb_test_wait_window_gone (GTK_TYPE_FILE_CHOOSER_DIALOG);
  value = g_settings_get_string (settings, "ca-file");
  g_assert_cmpstr (value, ==, ca);
  g_clear_pointer (&value, g_free);

  fb_test_click (fb_test_button_for (row, "prefs.clear-ca-file"));
  value = g_settings_get_string (settings, "ca-file");
  g_assert_cmpstr (value, ==, "");
}

/* Preferences apply as they change (GNOME's way): its window has no
 * Save, only Escape or the close button, and closing keeps what was set.
 * Sign Out has no confirmation of its own: its menu item signs out, and
 * Escape closes the menu, signing nobody out. */
static void
test_main_menu (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 0);
  g_autoptr(FbSyncEngine) engine = NULL;
  g_autoptr(GSettings) settings = g_settings_new ("org.floorboard.Floorboard");
  GtkWidget *menu, *prefs;
  FbWindow *window;
  FbTestSignIn s;

  window = open_window (f, "sup", "u-sup", &engine);
  g_settings_reset (settings, "deadline-warning-minutes");

  /* Escape closes the menu; nothing else happens. */
  menu = open_main_menu (window);
  fb_test_press_escape (menu);
  g_assert_true (fb_test_wait_until (is_hidden, menu, 5000));
  g_assert_null (fb_test_find_toplevel (FB_TYPE_PREFERENCES_WINDOW));
  g_assert_cmpint (fb_sync_engine_get_state (engine), ==, FB_SYNC_STATE_ONLINE);

  /* Preferences: a change applies at once, and stays after Escape. */
  menu = open_main_menu (window);
  fb_test_click_menu_item (menu, "Preferences");
  g_assert_true (fb_test_wait_until (is_hidden, menu, 5000));
  prefs = fb_test_wait_for_window (FB_TYPE_PREFERENCES_WINDOW);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (prefs)) == GTK_WINDOW (window));
  {
    GtkSpinButton *spin = GTK_SPIN_BUTTON (gtk_widget_get_template_child (prefs, FB_TYPE_PREFERENCES_WINDOW,
                                                                          "deadline_warning"));
    guint value = g_settings_get_uint (settings, "deadline-warning-minutes");

    gtk_spin_button_set_value (spin, value + 5);
    g_assert_cmpuint (g_settings_get_uint (settings, "deadline-warning-minutes"), ==, value + 5);
    choose_ca_file (prefs, settings);
    fb_test_press_escape (prefs);
    fb_test_wait_window_gone (FB_TYPE_PREFERENCES_WINDOW);
    g_assert_cmpuint (g_settings_get_uint (settings, "deadline-warning-minutes"), ==, value + 5);
  }
  g_settings_reset (settings, "deadline-warning-minutes");

  /* Keyboard Shortcuts and About: Escape closes them. */
  menu = open_main_menu (window);
  fb_test_click_menu_item (menu, "Keyboard Shortcuts");
  fb_test_press_escape (fb_test_wait_for_window (GTK_TYPE_SHORTCUTS_WINDOW));
  fb_test_wait_window_gone (GTK_TYPE_SHORTCUTS_WINDOW);
  menu = open_main_menu (window);
  fb_test_click_menu_item (menu, "About Floorboard");
  fb_test_press_escape (fb_test_wait_for_window (ADW_TYPE_ABOUT_WINDOW));
  fb_test_wait_window_gone (ADW_TYPE_ABOUT_WINDOW);

  /* Sign Out with nothing waiting to be sent: signed out at once, on the
   * connect page, with no question. */
  g_assert_cmpuint (fb_sync_engine_get_pending_writes (engine), ==, 0);
  menu = open_main_menu (window);
  fb_test_click_menu_item (menu, "Sign Out");
  s = (FbTestSignIn) { engine, window, NULL, NULL, NULL };
  g_assert_true (fb_test_wait_until (signed_out, &s, 10000));
  g_assert_true (fb_test_wait_until (is_hidden, menu, 5000));
  g_assert_null (fb_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

  close_window (window, engine);
}

/* Sign Out with the user's own changes still waiting: a question first;
 * Cancel and Escape keep the session, Sign Out ends it and keeps the
 * change, which goes when the user signs in again. */
static void
test_sign_out_pending (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 0);
  g_autoptr(FbSyncEngine) engine = NULL;
  g_autoptr(FbChange) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *json = NULL, *raised = NULL, *dd = NULL, *rd = NULL, *cd = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC - 10 * MINUTE, d, r, c;
  GtkWidget *menu, *dialog;
  FbConnectPage *connect;
  FbWindow *window;
  FbTestSignIn s;

  fb_escalation_deadlines (now, &d, &r, &c);
  raised = iso (now), dd = iso (d), rd = iso (r), cd = iso (c);
  json = g_strdup_printf ("{\"id\":\"e-s\",\"customer_ref\":\"010-****-5678\",\"category\":\"billing\","
                          "\"severity\":\"high\",\"summary\":\"요금 이중 청구\",\"raised_by\":\"u-sup\","
                          "\"raised_at\":\"%s\",\"level\":\"shift_leader\",\"status\":\"raised\","
                          "\"dispatch_due\":\"%s\",\"response_due\":\"%s\",\"callback_due\":\"%s\"}",
                          raised, dd, rd, cd);
  fb_test_put (f->store, "escalation", "e-s", json);
  before = fb_server_store_get (f->store, "escalation", "e-s", &error);
  g_assert_no_error (error);
  window = open_window (f, "sup", "u-sup", &engine);

  /* A change made while the server is away waits to be sent. */
  fb_test_fixture_stop_server (f);
  g_clear_pointer (&json, g_free);
  json = g_strdup_printf ("{\"action\":\"take\",\"note\":\"맡음\",\"version\":%" G_GINT64_FORMAT "}",
                          before->version);
  body = json_from_string (json, &error);
  g_assert_no_error (error);
  fb_sync_engine_submit_async (engine, "/api/v1/escalations/e-s/actions", body, NULL, NULL, NULL,
                               NULL, NULL, NULL);
  g_assert_true (fb_test_wait_until (some_pending, engine, 10000));
  g_assert_cmpuint (fb_sync_engine_get_pending_writes (engine), ==, 1);

  /* Cancel: still signed in, the change still waits. */
  menu = open_main_menu (window);
  fb_test_click_menu_item (menu, "Sign Out");
  dialog = fb_test_wait_for_window (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Sign out with 1 change not yet sent?");
  fb_test_click (fb_test_button_labelled (dialog, "_Cancel"));
  fb_test_wait_window_gone (ADW_TYPE_MESSAGE_DIALOG);
  fb_test_spin (200);
  g_assert_cmpint (fb_sync_engine_get_state (engine), !=, FB_SYNC_STATE_SIGNED_OUT);
  g_assert_cmpstr (fb_window_get_visible_view (window), ==, "dashboard");
  g_assert_cmpuint (fb_sync_engine_get_pending_writes (engine), ==, 1);

  /* Escape: the same. */
  menu = open_main_menu (window);
  fb_test_click_menu_item (menu, "Sign Out");
  dialog = fb_test_wait_for_window (ADW_TYPE_MESSAGE_DIALOG);
  fb_test_spin (300);
  fb_test_press_escape (dialog);
  fb_test_wait_window_gone (ADW_TYPE_MESSAGE_DIALOG);
  fb_test_spin (200);
  g_assert_cmpint (fb_sync_engine_get_state (engine), !=, FB_SYNC_STATE_SIGNED_OUT);
  g_assert_cmpstr (fb_window_get_visible_view (window), ==, "dashboard");

  /* Sign Out: signed out; the change is kept, unsent. */
  menu = open_main_menu (window);
  fb_test_click_menu_item (menu, "Sign Out");
  dialog = fb_test_wait_for_window (ADW_TYPE_MESSAGE_DIALOG);
  fb_test_click (fb_test_button_labelled (dialog, "Sign _Out"));
  s = (FbTestSignIn) { engine, window, NULL, NULL, NULL };
  g_assert_true (fb_test_wait_until (signed_out, &s, 10000));
  fb_test_wait_window_gone (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpuint (fb_sync_engine_get_pending_writes (engine), ==, 1);

  /* Signed in again: it goes, as this user's. */
  fb_test_fixture_start_server (f);
  connect = FB_CONNECT_PAGE (fb_window_get_connect_page (window));
  fb_connect_page_fill (connect, f->url, "sup", FB_TEST_PASSWORD);
  fb_test_click (fb_test_button_for (GTK_WIDGET (connect), "connect.sign-in"));
  s = (FbTestSignIn) { engine, window, "u-sup", NULL, NULL };
  g_assert_true (fb_test_wait_until (fb_test_signed_in, &s, 20000));
  g_assert_true (fb_test_wait_until (no_pending, engine, 20000));
  after = server_row (f->store, "escalation", "e-s");
  g_assert_cmpstr (json_object_get_string_member (after, "owner"), ==, "u-sup");

  close_window (window, engine);
}

/* The QA evaluation dialog ------------------------------------------------- */

static GtkWidget *
open_qa_dialog (FbWindow *window)
{
  GtkWidget *page = fb_window_get_table_page (window, "quality");

  fb_test_bring_forward (page);
  g_assert_null (fb_test_find_toplevel (FB_TYPE_QA_DIALOG));
  fb_test_click (fb_test_button_for (page, "quality.record"));
  return fb_test_wait_for_window (FB_TYPE_QA_DIALOG);
}

/* The search filters as the user types, not at once. */
static gboolean
picker_shows_one (gpointer data)
{
  g_autofree char *shown = fb_agent_picker_dup_shown (data);

  return g_strcmp0 (shown, "상담원 2 (CS-0002)") == 0;
}

static void
fill_qa (GtkWidget  *dialog,
         const char *call_ref)
{
  static const char * const rows[] = {
    "score_service_language", "score_attitude", "score_tone", "score_need_elicitation", "score_handling",
  };

  FbAgentPicker *picker = FB_AGENT_PICKER (gtk_widget_get_template_child (dialog, FB_TYPE_QA_DIALOG,
                                                                         "agent_picker"));
  GtkEditable *search = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (picker), FB_TYPE_AGENT_PICKER, "search_entry"));

  /* The agent by the employee number the picker shows, then Enter. */
  gtk_menu_button_popup (GTK_MENU_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (picker), FB_TYPE_AGENT_PICKER, "button")));
  gtk_editable_set_text (search, "0002");
  g_assert_true (fb_test_wait_until (picker_shows_one, picker, 5000));
  g_signal_emit_by_name (search, "activate");
  g_assert_cmpstr (fb_agent_picker_get_selected_label (picker), ==, "상담원 2 (CS-0002)");
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (dialog, FB_TYPE_QA_DIALOG, "call_ref_row")),
                         call_ref);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (dialog, FB_TYPE_QA_DIALOG, rows[i])), "80");
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (dialog, FB_TYPE_QA_DIALOG, "comment_row")),
                         "친절함");
}

static void
test_qa (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (0, 3);
  g_autoptr(FbSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  WaitCount saved = { f, "qa_evaluation", "\"CALL-0042\"", 1 };
  GtkWidget *dialog;
  FbWindow *window;

  g_assert_true (fb_server_store_begin (f->store, &error));
  fb_test_put_user (f, "u-qa", "qa", "배 검사원", "qa_inspector", NULL);
  g_assert_true (fb_server_store_commit (f->store, &error));
  window = open_window (f, "qa", "u-qa", &engine);
  before = fb_test_dump_server (f->store);

  /* Escape: gone, nothing written. */
  dialog = open_qa_dialog (window);
  fill_qa (dialog, "CALL-0041");
  fb_test_press_escape (dialog);
  fb_test_wait_window_gone (FB_TYPE_QA_DIALOG);
  assert_unwritten (f, engine, before);

  /* Cancel: the same. */
  dialog = open_qa_dialog (window);
  fill_qa (dialog, "CALL-0041");
  fb_test_click (fb_test_button_labelled (dialog, "_Cancel"));
  fb_test_wait_window_gone (FB_TYPE_QA_DIALOG);
  assert_unwritten (f, engine, before);

  /* Save: only once it is filled; then the server has it, and the dialog
   * goes. */
  dialog = open_qa_dialog (window);
  g_assert_false (gtk_widget_is_sensitive (fb_test_button_labelled (dialog, "_Save")));
  fill_qa (dialog, "CALL-0042");
  fb_test_click (fb_test_button_labelled (dialog, "_Save"));
  fb_test_wait_window_gone (FB_TYPE_QA_DIALOG);
  g_assert_true (fb_test_wait_until (server_count_is, &saved, 20000));
  g_assert_cmpuint (server_count (f, "qa_evaluation", "CALL-0041"), ==, 0);
  g_assert_true (fb_test_wait_until (no_pending, engine, 20000));

  /* The trend chart's table. */
  chart_table_round_trip (fb_quality_page_get_chart (FB_QUALITY_PAGE (fb_window_get_table_page (window, "quality"))));

  close_window (window, engine);
}

/* The duty report dialog --------------------------------------------------- */

static GtkWidget *
open_duty_dialog (FbWindow *window)
{
  GtkWidget *reports = fb_window_get_table_page (window, "reports");
  GtkWidget *stack = gtk_widget_get_ancestor (reports, GTK_TYPE_STACK);

  /* The Duty Reports tab of Reports, its "Write Duty Report…" button. */
  fb_test_bring_forward (stack);
  gtk_stack_set_visible_child_name (GTK_STACK (stack), "duty-reports");
  g_assert_true (fb_test_wait_until (fb_test_is_mapped, reports, 5000));
  g_assert_null (fb_test_find_toplevel (FB_TYPE_DUTY_REPORT_DIALOG));
  fb_test_click (fb_test_button_for (stack, "win.duty-report"));
  return fb_test_wait_for_window (FB_TYPE_DUTY_REPORT_DIALOG);
}

static void
type_into (GtkWidget  *dialog,
           const char *text_view,
           const char *text)
{
  GtkTextView *view = GTK_TEXT_VIEW (gtk_widget_get_template_child (dialog, FB_TYPE_DUTY_REPORT_DIALOG, text_view));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text, -1);
}

/* Figures and required fields are another test's; here only that the
 * dialog's own buttons and Escape do what they say. */
static void
test_duty_report (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 4);
  g_autoptr(FbSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  WaitCount saved = { f, "duty_report", "인계: 7번 좌석 헤드셋 교체", 1 };
  GtkWidget *dialog;
  FbWindow *window;

  /* A supervisor with no team of their own is on duty for every shift
   * (fb-duty-rules.h), so the dialog's shift is theirs to write. */
  g_assert_true (fb_server_store_begin (f->store, &error));
  fb_test_put_user (f, "u-duty", "duty", "박 감독", "supervisor", NULL);
  g_assert_true (fb_server_store_commit (f->store, &error));
  window = open_window (f, "duty", "u-duty", &engine);
  before = fb_test_dump_server (f->store);

  /* Escape: gone, nothing sent. */
  dialog = open_duty_dialog (window);
  type_into (dialog, "text_handover_notes", "인계: 취소할 내용");
  fb_test_press_escape (dialog);
  fb_test_wait_window_gone (FB_TYPE_DUTY_REPORT_DIALOG);
  assert_unwritten (f, engine, before);

  /* Close: the same. */
  dialog = open_duty_dialog (window);
  type_into (dialog, "text_handover_notes", "인계: 취소할 내용");
  fb_test_click (fb_test_button_labelled (dialog, "_Close"));
  fb_test_wait_window_gone (FB_TYPE_DUTY_REPORT_DIALOG);
  assert_unwritten (f, engine, before);

  /* Save Draft: the server has the draft; the dialog stays open for more,
   * and Close then closes it. */
  dialog = open_duty_dialog (window);
  type_into (dialog, "text_handover_notes", "인계: 7번 좌석 헤드셋 교체");
  type_into (dialog, "text_issue_summary", "특이사항 없음");
  fb_test_click (fb_test_button_labelled (dialog, "_Save Draft"));
  g_assert_true (fb_test_wait_until (server_count_is, &saved, 20000));
  g_assert_cmpuint (server_count (f, "duty_report", "취소할 내용"), ==, 0);
  g_assert_true (fb_test_wait_until (no_pending, engine, 20000));
  g_assert_true (fb_test_find_toplevel (FB_TYPE_DUTY_REPORT_DIALOG) == GTK_WINDOW (dialog));
  fb_test_click (fb_test_button_labelled (dialog, "_Close"));
  fb_test_wait_window_gone (FB_TYPE_DUTY_REPORT_DIALOG);

  close_window (window, engine);
}

/* The seat assignment dialog and its date popover -------------------------- */

/* Agent-001 sits at A-1 now. */
static const struct { const char *id, *label, *agent; int x; } floor_seats[] = {
  { "s-a1", "A-1", "agent-001", 0 }, { "s-a2", "A-2", NULL, 1 }, { "s-a3", "A-3", NULL, 2 },
  { "s-a4", "A-4", NULL, 3 }, { "s-a5", "A-5", NULL, 4 },
};

static gboolean
seat_laid_out (gpointer data)
{
  graphene_rect_t b;

  return gtk_widget_get_mapped (data) && fb_seat_map_get_seat_bounds (data, "s-a1", &b) && b.size.width > 0;
}

static GtkWidget *
open_seat_dialog (FbWindow *window)
{
  GtkWidget *floor = fb_window_get_floor_page (window);

  fb_test_bring_forward (floor);
  g_assert_null (fb_test_find_toplevel (FB_TYPE_SEAT_ASSIGN_DIALOG));
  fb_test_click (fb_test_button_for (floor, "floor.assign-seats"));
  return fb_test_wait_for_window (FB_TYPE_SEAT_ASSIGN_DIALOG);
}

static GtkWidget *
seat_child (GtkWidget  *dialog,
            const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (dialog, FB_TYPE_SEAT_ASSIGN_DIALOG, name));
}

/* The day shift of @date, chosen in the date popover and the shift list;
 * the popover's Escape closes the popover only. */
static void
choose_shift (GtkWidget  *dialog,
              GDateTime  *date)
{
  GtkWidget *popover;

  popover = fb_test_open_menu (seat_child (dialog, "date_button"));
  fb_test_press_escape (popover);
  g_assert_true (fb_test_wait_until (is_hidden, popover, 5000));
  g_assert_true (gtk_widget_get_mapped (dialog));

  popover = fb_test_open_menu (seat_child (dialog, "date_button"));
  gtk_calendar_select_day (GTK_CALENDAR (seat_child (dialog, "calendar")), date);
  g_assert_true (fb_test_wait_until (is_hidden, popover, 5000));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (seat_child (dialog, "shift_dropdown")), FB_SHIFT_DAY);
}

static void
test_seat_assign (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 4);
  g_autoptr(FbSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) kst = g_time_zone_new_offset (9 * 3600);
  g_autoptr(GDateTime) now = g_date_time_new_now (kst);
  /* Two days on: never the dialog's own first choice (the next shift, at
   * most tomorrow's), so picking it in the calendar is a change, which
   * closes the popover whatever the hour the test runs at. */
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 2);
  g_autofree char *date = g_date_time_format (later, "%Y-%m-%d");
  g_autofree char *needle = g_strdup_printf ("\"date\":\"%s\"", date);
  g_autofree char *before = NULL;
  WaitCount saved = { f, "seat_assignment", needle, 1 };
  GtkWidget *dialog;
  FbWindow *window;

  g_assert_true (fb_server_store_begin (f->store, &error));
  for (guint i = 0; i < G_N_ELEMENTS (floor_seats); i++)
    {
      g_autofree char *agent = floor_seats[i].agent ? g_strdup_printf (",\"agent_id\":\"%s\"", floor_seats[i].agent)
                                                    : g_strdup ("");
      g_autofree char *json = g_strdup_printf ("{\"id\":\"%s\",\"zone\":\"A\",\"x\":%d,\"y\":0,\"label\":\"%s\","
                                               "\"equipment\":\"ok\"%s}",
                                               floor_seats[i].id, floor_seats[i].x, floor_seats[i].label, agent);
      fb_test_put (f->store, "seat", floor_seats[i].id, json);
    }
  g_assert_true (fb_server_store_commit (f->store, &error));
  window = open_window (f, "sup", "u-sup", &engine);
  before = fb_test_dump_server (f->store);

  /* Escape: gone, nothing written. */
  dialog = open_seat_dialog (window);
  choose_shift (dialog, later);
  fb_test_click (fb_test_button_for (dialog, "seats.suggest"));
  fb_test_press_escape (dialog);
  fb_test_wait_window_gone (FB_TYPE_SEAT_ASSIGN_DIALOG);
  assert_unwritten (f, engine, before);

  /* Cancel: the same. */
  dialog = open_seat_dialog (window);
  choose_shift (dialog, later);
  fb_test_click (fb_test_button_for (dialog, "seats.suggest"));
  fb_test_click (fb_test_button_labelled (dialog, "_Cancel"));
  fb_test_wait_window_gone (FB_TYPE_SEAT_ASSIGN_DIALOG);
  assert_unwritten (f, engine, before);

  /* The floor's seat card: a click on an occupied seat shows it, Escape
   * closes it. */
  {
    GtkWidget *map = fb_floor_page_get_seat_map (FB_FLOOR_PAGE (fb_window_get_floor_page (window)));
    GtkWidget *card = NULL;
    graphene_rect_t b;

    g_assert_true (fb_test_wait_until (seat_laid_out, map, 10000));
    g_assert_true (fb_seat_map_get_seat_bounds (FB_SEAT_MAP (map), "s-a1", &b));
    for (GtkWidget *child = gtk_widget_get_first_child (map); child; child = gtk_widget_get_next_sibling (child))
      if (GTK_IS_POPOVER (child))
        card = child;
    g_assert_nonnull (card);
    g_assert_false (gtk_widget_get_visible (card));
    fb_test_click_at (map, b.origin.x + b.size.width / 2, b.origin.y + b.size.height / 2);
    g_assert_true (fb_test_wait_until (fb_test_is_mapped, card, 5000));
    g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (fb_test_widget_of_type (card, GTK_TYPE_LABEL))), "A-1"));
    fb_test_press_escape (card);
    g_assert_true (fb_test_wait_until (is_hidden, card, 5000));
  }

  /* Save: the plan reaches the server, the dialog goes. */
  dialog = open_seat_dialog (window);
  choose_shift (dialog, later);
  fb_test_click (fb_test_button_for (dialog, "seats.suggest"));
  fb_test_click (fb_test_button_labelled (dialog, "_Save"));
  fb_test_wait_window_gone (FB_TYPE_SEAT_ASSIGN_DIALOG);
  g_assert_true (fb_test_wait_until (server_count_is, &saved, 20000));
  g_assert_true (fb_test_wait_until (no_pending, engine, 20000));

  close_window (window, engine);
}

/* The reason popover of a request row -------------------------------------- */

static gboolean
row_bound (gpointer data)
{
  gpointer *args = data;

  return fb_requests_page_get_row (args[0], args[1]) != NULL;
}

static GtkWidget *
request_row (FbWindow   *window,
             const char *id)
{
  FbRequestsPage *page = FB_REQUESTS_PAGE (fb_window_get_table_page (window, "requests"));
  gpointer args[] = { page, (gpointer) id };
  GtkWidget *row;

  fb_test_bring_forward (GTK_WIDGET (page));
  g_assert_true (fb_test_wait_until (row_bound, args, 10000));
  row = GTK_WIDGET (fb_requests_page_get_row (page, id));
  g_assert_true (fb_test_wait_until (fb_test_is_mapped, row, 5000));
  return row;
}

static GtkWidget *
open_reject (FbWindow *window)
{
  GtkWidget *row = request_row (window, "lv-ok");
  GtkWidget *popover = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (row), FB_TYPE_REQUEST_ROW, "popover"));

  g_assert_false (gtk_widget_get_visible (popover));
  fb_test_click (fb_test_button_for (row, "request.reject"));
  g_assert_true (fb_test_wait_until (fb_test_is_mapped, popover, 5000));
  gtk_editable_set_text (GTK_EDITABLE (fb_test_widget_of_type (popover, GTK_TYPE_ENTRY)), "대체 인력 없음");
  return popover;
}

static void
test_reject_reason (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 4);
  g_autoptr(FbSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) decided = NULL;
  g_autofree char *before = NULL;
  WaitCount rejected = { f, "leave_request", "\"status\":\"rejected\"", 1 };
  FbRequestsPage *page;
  GtkWidget *popover;
  FbWindow *window;

  g_assert_true (fb_server_store_begin (f->store, &error));
  fb_test_put_user (f, "u-mgr", "mgr", "김 부장", "manager", NULL);
  {
    g_autoptr(GTimeZone) kst = g_time_zone_new_offset (9 * 3600);
    g_autoptr(GDateTime) now = g_date_time_new_now (kst);
    g_autoptr(GDateTime) then = g_date_time_add_days (now, 5);
    g_autofree char *day = g_date_time_format (then, "%Y-%m-%d");
    g_autofree char *asked = iso (g_get_real_time () / G_USEC_PER_SEC - HOUR);
    g_autofree char *json = g_strdup_printf ("{\"id\":\"lv-ok\",\"agent_id\":\"agent-002\",\"type\":\"personal\","
                                             "\"start_date\":\"%s\",\"end_date\":\"%s\",\"reason\":\"개인 사정\","
                                             "\"submitted_at\":\"%s\",\"certificate\":false,\"status\":\"pending\"}",
                                             day, day, asked);
    fb_test_put (f->store, "leave_request", "lv-ok", json);
  }
  g_assert_true (fb_server_store_commit (f->store, &error));
  window = open_window (f, "mgr", "u-mgr", &engine);
  page = FB_REQUESTS_PAGE (fb_window_get_table_page (window, "requests"));
  before = fb_test_dump_server (f->store);

  /* Escape: the popover goes, nothing is decided. */
  popover = open_reject (window);
  fb_test_press_escape (popover);
  g_assert_true (fb_test_wait_until (is_hidden, popover, 5000));
  g_assert_null (fb_requests_page_get_toast (page));
  assert_unwritten (f, engine, before);

  /* Cancel: the same. */
  popover = open_reject (window);
  fb_test_click (fb_test_button_labelled (popover, "_Cancel"));
  g_assert_true (fb_test_wait_until (is_hidden, popover, 5000));
  g_assert_null (fb_requests_page_get_toast (page));
  assert_unwritten (f, engine, before);

  /* Reject: decided with the reason, sent once the undo toast has gone. */
  popover = open_reject (window);
  fb_test_click (fb_test_button_for (popover, "request.confirm"));
  g_assert_true (fb_test_wait_until (is_hidden, popover, 5000));
  g_assert_nonnull (fb_requests_page_get_toast (page));
  fb_requests_page_flush (page);
  g_assert_true (fb_test_wait_until (server_count_is, &rejected, 20000));
  decided = server_row (f->store, "leave_request", "lv-ok");
  g_assert_cmpstr (json_object_get_string_member (decided, "decision_reason"), ==, "대체 인력 없음");
  g_assert_true (fb_test_wait_until (no_pending, engine, 20000));

  close_window (window, engine);
}

/* The summary's Export menu and what it opens ------------------------------ */

static gboolean
match_menu_button (GtkWidget     *widget,
                   gconstpointer  label)
{
  return GTK_IS_MENU_BUTTON (widget) && g_strcmp0 (gtk_menu_button_get_label (GTK_MENU_BUTTON (widget)), label) == 0;
}

static gboolean
match_calendar_menu (GtkWidget     *widget,
                     gconstpointer  data)
{
  GtkPopover *popover = GTK_IS_MENU_BUTTON (widget) ? gtk_menu_button_get_popover (GTK_MENU_BUTTON (widget)) : NULL;

  return popover != NULL && GTK_IS_CALENDAR (gtk_popover_get_child (popover));
}

static gboolean
summary_ready (gpointer data)
{
  return fb_summary_page_get_summary (data) != NULL;
}

static GtkWidget *
open_export_menu (FbWindow *window)
{
  GtkWidget *page = fb_window_get_table_page (window, "summary");

  fb_test_bring_forward (page);
  g_assert_true (fb_test_wait_until (summary_ready, page, 20000));
  return fb_test_open_menu (fb_test_find_widget (page, match_menu_button, "_Export"));
}

/* Export as CSV… in the menu; then the file chooser, which the app opens
 * as a GtkFileChooserNative: without a portal (as here, and on a plain
 * desktop) GTK shows it as its own GtkFileChooserDialog, so it can be
 * driven like the rest. Asked to @name in @dir. */
static GtkWidget *
open_chooser (FbWindow   *window,
              const char *item,
              const char *path)
{
  GtkWidget *chooser;

  fb_test_click_menu_item (open_export_menu (window), item);
  chooser = fb_test_wait_for_window (GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (chooser)));
  /* A person takes longer than this to act: closed while its folder is
   * still loading, GTK 4.8's chooser says "Operation was cancelled" in
   * a dialog of its own. */
  fb_test_spin (500);
  /* Typed in full into the name entry, as one may: set_current_folder
   * races the chooser's own first folder load (GTK 4.8 then shows "could
   * not be displayed" dialogs and keeps the folder it had). */
  if (path != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), path);
  return chooser;
}

static gboolean
file_written (gpointer data)
{
  g_autoptr(GFile) file = g_file_new_for_path (data);
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                                                 NULL, NULL);

  return info != NULL && g_file_info_get_size (info) > 0;
}

static GType
print_dialog_type (void)
{
  GType type = g_type_from_name ("GtkPrintUnixDialog");

  g_assert_true (type != G_TYPE_INVALID);
  return type;
}

/* The figures and words of the files are the summary tests'; here only
 * that the menu, the chooser and the print dialog do what their buttons
 * and Escape say. */
static void
test_export (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 2);
  g_autoptr(FbSyncEngine) engine = NULL;
  g_autofree char *cancelled = g_build_filename (f->dir, "cancelled.csv", NULL);
  g_autofree char *exported = g_build_filename (f->dir, "exported.csv", NULL);
  GtkWidget *menu, *chooser, *print;
  FbWindow *window;

  window = open_window (f, "sup", "u-sup", &engine);

  /* Escape closes the menu. */
  menu = open_export_menu (window);
  fb_test_press_escape (menu);
  g_assert_true (fb_test_wait_until (is_hidden, menu, 5000));
  g_assert_null (fb_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG));

  /* The chooser's Cancel, and Escape: no file. */
  chooser = open_chooser (window, "Export as CSV…", NULL);
  fb_test_press_escape (chooser);
  fb_test_wait_window_gone (GTK_TYPE_FILE_CHOOSER_DIALOG);
  chooser = open_chooser (window, "Export as CSV…", cancelled);
  fb_test_click (fb_test_button_labelled (chooser, "_Cancel"));
  fb_test_wait_window_gone (GTK_TYPE_FILE_CHOOSER_DIALOG);
  fb_test_spin (300);
  g_assert_false (g_file_test (cancelled, G_FILE_TEST_EXISTS));

  /* Export: the file is written. */
  chooser = open_chooser (window, "Export as CSV…", exported);
  fb_test_click (fb_test_button_labelled (chooser, "_Export"));
  fb_test_wait_window_gone (GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_assert_true (fb_test_wait_until (file_written, exported, 20000));

  /* The date popover: Escape closes it; a day picked in its calendar is
   * the summary's day, and closes it. */
  {
    FbSummaryPage *page = FB_SUMMARY_PAGE (fb_window_get_table_page (window, "summary"));
    g_autofree char *today = g_strdup (fb_summary_page_get_date (page));
    g_autoptr(GDateTime) noon = NULL, day = NULL;
    GtkWidget *popover;
    int y, m, d;

    g_assert_cmpint (sscanf (today, "%d-%d-%d", &y, &m, &d), ==, 3);
    noon = g_date_time_new_local (y, m, d, 12, 0, 0);
    day = g_date_time_add_days (noon, -1);
    popover = fb_test_open_menu (fb_test_find_widget (GTK_WIDGET (page), match_calendar_menu, NULL));
    fb_test_press_escape (popover);
    g_assert_true (fb_test_wait_until (is_hidden, popover, 5000));
    g_assert_cmpstr (fb_summary_page_get_date (page), ==, today);
    popover = fb_test_open_menu (fb_test_find_widget (GTK_WIDGET (page), match_calendar_menu, NULL));
    gtk_calendar_select_day (GTK_CALENDAR (fb_test_widget_of_type (popover, GTK_TYPE_CALENDAR)), day);
    g_assert_true (fb_test_wait_until (is_hidden, popover, 5000));
    g_assert_cmpstr (fb_summary_page_get_date (page), !=, today);

    /* The day's chart and its table. */
    chart_table_round_trip (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), FB_TYPE_SUMMARY_PAGE, "chart")));
  }

  /* Print…: GTK's print dialog; its Cancel and Escape print nothing. */
  menu = open_export_menu (window);
  fb_test_click_menu_item (menu, "Print…");
  print = fb_test_wait_for_window (print_dialog_type ());
  fb_test_click (fb_test_button_labelled (print, "_Cancel"));
  fb_test_wait_window_gone (print_dialog_type ());
  menu = open_export_menu (window);
  fb_test_click_menu_item (menu, "Print…");
  print = fb_test_wait_for_window (print_dialog_type ());
  fb_test_press_escape (print);
  fb_test_wait_window_gone (print_dialog_type ());

  close_window (window, engine);
}

/* The app's own fatal message (a cache it cannot open), in the real app --- */

typedef struct
{
  gboolean  done;
  char     *err;
} Finished;

static void
communicated_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Finished *finished = user_data;

  g_assert_true (g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, NULL, &finished->err, NULL));
  finished->done = TRUE;
}

static gboolean
is_done (gpointer data)
{
  return ((Finished *) data)->done;
}

/* The X window of process @pid once it shows one, or NULL. */
static char *
window_of (GPid pid)
{
  g_autofree char *pid_text = g_strdup_printf ("%d", (int) pid);
  const char *argv[] = { "xdotool", "search", "--onlyvisible", "--pid", pid_text, NULL };
  gint64 end = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < end)
    {
      g_autofree char *out = NULL;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                                   NULL, NULL, &out, NULL, NULL, NULL));
      g_strstrip (out);
      if (out[0] != '\0')
        {
          /* The last one listed: the dialog, not a leader window. */
          g_auto(GStrv) ids = g_strsplit (out, "\n", -1);

          return g_strdup (ids[g_strv_length (ids) - 1]);
        }
      g_usleep (100 * 1000);
    }
  return NULL;
}

/* floorboard with a cache it cannot create says so in a message dialog;
 * its Close button (Return, on the focused button) and Escape close it,
 * and with it the app, cleanly. */
static void
test_fatal (gconstpointer data)
{
  const char *key = data;
  g_autofree char *binary = g_build_filename (g_getenv ("FB_BUILD_ROOT"), "app", "floorboard", NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *xid = NULL;
  Finished finished = { FALSE, NULL };

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              binary, "--cache", "/dev/null/cache.db", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicated_cb, &finished);
  xid = window_of ((GPid) g_ascii_strtoll (g_subprocess_get_identifier (process), NULL, 10));
  g_assert_nonnull (xid);
  fb_test_spin (300);
  {
    const char *argv[] = { "xdotool", "windowfocus", "--sync", xid, "key", key, NULL };
    int status = -1;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                                 NULL, NULL, NULL, NULL, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  g_assert_true (fb_test_wait_until (is_done, &finished, 15000));
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_nonnull (strstr (finished.err, "Cannot Open the Cache"));
  g_free (finished.err);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  if (!fb_test_gui_init (&argc, &argv))
    return 77;

  /* The app's own: its About action and its help overlay are in the
   * window's menu. */
  app = GTK_APPLICATION (fb_application_new ());
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/ui/dialogs/callback", test_callback);
  g_test_add_func ("/ui/dialogs/main-menu", test_main_menu);
  g_test_add_func ("/ui/dialogs/sign-out-pending", test_sign_out_pending);
  g_test_add_func ("/ui/dialogs/qa", test_qa);
  g_test_add_func ("/ui/dialogs/duty-report", test_duty_report);
  g_test_add_func ("/ui/dialogs/seat-assign", test_seat_assign);
  g_test_add_func ("/ui/dialogs/reject-reason", test_reject_reason);
  g_test_add_func ("/ui/dialogs/export", test_export);
  g_test_add_data_func ("/ui/dialogs/fatal/close", "Return", test_fatal);
  g_test_add_data_func ("/ui/dialogs/fatal/escape", "Escape", test_fatal);

  return fb_test_gui_run (app);
}
