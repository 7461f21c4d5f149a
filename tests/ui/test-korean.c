/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-korean.c: under LANGUAGE=ko every page, sub-page and the main
 * dialogs of the real window, filled by a real demo server, show no
 * English: any Latin word on screen (labels, buttons, tooltips,
 * placeholders) that is not on the short list below fails the test, which
 * names it and where it was. Catches strings left untranslated in ko.po and
 * strings never marked for translation. */
#define G_LOG_DOMAIN "test-korean"

#include <adwaita.h>
#include <locale.h>
#include <string.h>

#include "fb-local-server.h"
#include "fb-paths.h"
#include "fb-store.h"
#include "fb-sync-engine.h"
#include "fb-test-fixture.h"
#include "fb-test-sync.h"
#include "fb-test-gui.h"
#include "fb-window.h"

static GtkApplication *app;

/* Latin words Korean call centers write in Latin letters, and names. */
static const char * const allowed[] = {
  "Floorboard",               /* the product's name */
  "QA", "SL", "ASA", "AHT",   /* the floor's own abbreviations, as the seeds write them */
  "CSV", "PDF", "URL", "HTTPS", "CA", "PEM",
  "Ctrl", "Alt", "Shift", "Esc", "Escape", "Enter", "F5", "F11",
  "KST", "IPTV", "TV", "ARS", "VIP", "SMS", "PC", "ID", "CS", "CX",
};

static gboolean
is_allowed (const char *word)
{
  for (guint i = 0; i < G_N_ELEMENTS (allowed); i++)
    if (g_str_equal (word, allowed[i]))
      return TRUE;
  return FALSE;
}

/* Adds "where: text" to @found for each Latin word of @text not allowed. */
static void
check_text (const char *text,
            const char *where,
            GHashTable *found)
{
  const char *p = text;

  /* FB_KOREAN_DUMP=1: every text looked at, to see what the test sees. */
  if (text != NULL && g_getenv ("FB_KOREAN_DUMP") != NULL)
    g_printerr ("seen %s: %s\n", where, text);
  while (p != NULL && *p)
    {
      const char *start;
      g_autofree char *word = NULL;

      if (!g_ascii_isalpha (*p))
        {
          p = g_utf8_next_char (p);
          continue;
        }
      start = p;
      while (*p && (g_ascii_isalnum (*p) || *p == '_'))
        p++;
      /* One letter (units, a seat's row) is not a word; "esc-0001" is an
       * identifier people quote, not a sentence. */
      if (p - start < 2 || (p[0] == '-' && g_ascii_isdigit (p[1])))
        continue;
      word = g_strndup (start, p - start);
      if (!is_allowed (word))
        g_hash_table_add (found, g_strdup_printf ("%s: “%s” (%s)", where, text, word));
    }
}

static void
collect (GtkWidget  *widget,
         GHashTable *found)
{
  const char *type = G_OBJECT_TYPE_NAME (widget);
  const char *tooltip;

  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget))
    check_text (gtk_label_get_text (GTK_LABEL (widget)), type, found);
  if (GTK_IS_TEXT (widget))
    {
      g_autofree char *placeholder = NULL;

      g_object_get (widget, "placeholder-text", &placeholder, NULL);
      if (placeholder != NULL)
        check_text (placeholder, "placeholder", found);
    }
  if ((tooltip = gtk_widget_get_tooltip_text (widget)) != NULL)
    check_text (tooltip, "tooltip", found);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect (child, found);
}

static GtkWidget *
stack_visible_child (GtkWidget *stack)
{
  return ADW_IS_VIEW_STACK (stack) ? adw_view_stack_get_visible_child (ADW_VIEW_STACK (stack))
                                   : gtk_stack_get_visible_child (GTK_STACK (stack));
}

static void
stack_show (GtkWidget *stack,
            GtkWidget *child)
{
  if (ADW_IS_VIEW_STACK (stack))
    adw_view_stack_set_visible_child (ADW_VIEW_STACK (stack), child);
  else
    gtk_stack_set_visible_child (GTK_STACK (stack), child);
}

static void visit_stacks (GtkWidget *root, GtkWidget *window, GHashTable *found, guint *views);

static void
visit_child (GtkWidget  *stack,
             GtkWidget  *content,
             GtkWidget  *window,
             GHashTable *found,
             guint      *views)
{
  stack_show (stack, content);
  if (g_getenv ("FB_KOREAN_DUMP") != NULL)
    g_printerr ("view %s > %s\n", G_OBJECT_TYPE_NAME (stack), G_OBJECT_TYPE_NAME (content));
  /* Pages fill in from worker threads: give them a moment. */
  fb_test_spin (400);
  collect (window, found);
  (*views)++;
  visit_stacks (content, window, found, views);
}

/* Every child of every stack in @widget (itself included), one after the
 * other, each looked at: the one shown first (the state people see), then
 * the others (empty and error states too), then the first again. */
static void
visit_stacks (GtkWidget  *widget,
              GtkWidget  *window,
              GHashTable *found,
              guint      *views)
{
  g_autoptr(GtkSelectionModel) pages = NULL;
  GtkWidget *shown;
  guint n;

  if (!ADW_IS_VIEW_STACK (widget) && !GTK_IS_STACK (widget))
    {
      for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
        visit_stacks (child, window, found, views);
      return;
    }

  pages = ADW_IS_VIEW_STACK (widget) ? adw_view_stack_get_pages (ADW_VIEW_STACK (widget))
                                     : gtk_stack_get_pages (GTK_STACK (widget));
  n = g_list_model_get_n_items (G_LIST_MODEL (pages));
  shown = stack_visible_child (widget);
  if (shown != NULL)
    visit_child (widget, shown, window, found, views);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) page = g_list_model_get_item (G_LIST_MODEL (pages), i);
      GtkWidget *content;
      gboolean visible;

      if (ADW_IS_VIEW_STACK_PAGE (page))
        {
          content = adw_view_stack_page_get_child (ADW_VIEW_STACK_PAGE (page));
          visible = adw_view_stack_page_get_visible (ADW_VIEW_STACK_PAGE (page));
        }
      else
        {
          content = gtk_stack_page_get_child (GTK_STACK_PAGE (page));
          visible = gtk_stack_page_get_visible (GTK_STACK_PAGE (page));
        }
      if (visible && content != shown)
        visit_child (widget, content, window, found, views);
    }
  if (shown != NULL)
    stack_show (widget, shown);
}

static void
login_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  fb_sync_engine_login_finish (FB_SYNC_ENGINE (object), result, &error);
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
synced (gpointer data)
{
  return fb_sync_engine_get_state (data) == FB_SYNC_STATE_ONLINE &&
         fb_sync_engine_get_progress (data) >= 1.0;
}

static GtkWidget *
newest_toplevel (GtkWidget *besides)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* GTK's own */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);

      if (w != besides && gtk_widget_get_mapped (w) && !GTK_IS_TOOLTIP (w) && GTK_IS_WINDOW (w))
        return w;
    }
  return NULL;
}

static void
test_no_english (void)
{
  g_autofree char *dir = g_dir_make_tmp ("fb-korean-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "server.db", NULL);
  g_autofree char *cache = g_build_filename (dir, "cache.db", NULL);
  g_autofree char *program = fb_local_server_find_program ();
  g_autoptr(FbLocalServer) server = fb_local_server_new (program, db);
  g_autoptr(FbSyncEngine) engine = NULL;
  g_autoptr(FbStore) store = NULL;
  g_autoptr(GHashTable) found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GPtrArray) escalations = NULL;
  gboolean signed_in = FALSE;
  FbWindow *window;
  GtkWidget *dialog;
  guint views = 0;

  /* The strings are translated: the catalog is loaded. */
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Reports"), ==, "보고서");

  fb_local_server_set_quiet (server, TRUE);
  fb_local_server_start_async (server, NULL, fb_test_local_server_started_cb, &url);
  g_assert_true (fb_test_wait_until (fb_test_url_known, &url, 60000));
  engine = fb_sync_engine_new (cache, &error);
  g_assert_no_error (error);
  /* The director sees every page, the audit log too. */
  fb_sync_engine_login_async (engine, url, "director", "demo", NULL, login_cb, &signed_in);
  g_assert_true (fb_test_wait_until (is_true, &signed_in, 30000));
  g_assert_true (fb_test_wait_until (synced, engine, 60000));
  store = fb_store_open (cache, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, &error);
  g_assert_no_error (error);

  window = fb_window_new (app, store, engine);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  gtk_window_present (GTK_WINDOW (window));
  g_signal_emit_by_name (fb_window_get_connect_page (window), "signed-in");
  fb_test_spin (1000);
  visit_stacks (GTK_WIDGET (window), GTK_WIDGET (window), found, &views);
  g_assert_cmpuint (views, >=, 10);

  /* The dialogs a supervisor meets every day. */
  escalations = fb_store_list_rows (store, "escalation", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (escalations->len, >, 0);
  fb_window_show_escalation (window, ((FbChange *) g_ptr_array_index (escalations, 0))->id);
  fb_test_spin (700);
  collect (GTK_WIDGET (window), found);
  if ((dialog = newest_toplevel (GTK_WIDGET (window))))
    {
      collect (dialog, found);
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL));
  fb_test_spin (700);
  g_assert_nonnull ((dialog = newest_toplevel (GTK_WIDGET (window))));
  collect (dialog, found);
  gtk_window_destroy (GTK_WINDOW (dialog));

  if (g_hash_table_size (found) > 0)
    {
      g_autofree GStrv list = (GStrv) g_hash_table_get_keys_as_array (found, NULL);

      for (guint i = 0; list[i]; i++)
        g_printerr ("untranslated: %s\n", list[i]);
    }
  g_assert_cmpuint (g_hash_table_size (found), ==, 0);

  fb_test_destroy_window (window);
  fb_sync_engine_stop (engine);
  fb_local_server_stop (server);
  fb_paths_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  /* Korean, whatever the machine: before GTK and gettext start. */
  g_setenv ("LANGUAGE", "ko", TRUE);
  g_setenv ("LANG", "C.UTF-8", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  fb_paths_init_i18n ();
  if (!fb_test_gui_init (&argc, &argv))
    return 77;
  app = fb_test_gui_app_new ("org.floorboard.Floorboard.Test");

  g_test_add_func ("/ui/korean/no-english", test_no_english);
  return fb_test_gui_run (app);
}
