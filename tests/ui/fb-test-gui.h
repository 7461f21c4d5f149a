/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-test-gui.h: what every GUI test does to start and around gtk_init. */
#pragma once

#include <adwaita.h>
#include <execinfo.h>
#include <unistd.h>
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#endif

/* A fatal critical (G_DEBUG=fatal-criticals) stops the test where GLib
 * noticed, which is seldom where the mistake is: print the stack first,
 * so that a failure seen once, on a loaded machine, can be read from the
 * test's log. AddressSanitizer's printer names static functions too. */
static GLogWriterOutput
fb_test_log_writer (GLogLevelFlags   log_level,
                    const GLogField *fields,
                    gsize            n_fields,
                    gpointer         user_data)
{
  if (log_level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR | G_LOG_FLAG_FATAL))
    {
      for (gsize i = 0; i < n_fields; i++)
        if (g_strcmp0 (fields[i].key, "MESSAGE") == 0 && fields[i].length < 0)
          g_printerr ("# critical: %s\n", (const char *) fields[i].value);
#if defined(__SANITIZE_ADDRESS__)
      __sanitizer_print_stack_trace ();
#else
      {
        void *frames[64];
        int n = backtrace (frames, G_N_ELEMENTS (frames));

        backtrace_symbols_fd (frames, n, STDERR_FILENO);
      }
#endif
    }
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

/* What every GUI test's main() does first: GLib's test setup, GTK (FALSE
 * when there is no display: the test then returns 77, a skip), the app's
 * own style sheet as AdwApplication would load it for the app's id, and no
 * desktop notifications (no daemon under Xvfb: GIO would warn, fatally
 * here; alerts are checked through FbFloorPage::queue-alert). */
static inline gboolean
fb_test_gui_init (int    *argc,
                  char ***argv)
{
  g_autoptr(GtkCssProvider) css = NULL;
  g_autoptr(GSettings) settings = NULL;

  /* No G_TEST_OPTION_ISOLATE_DIRS: it hides the system XDG_DATA_DIRS, so
   * GIO finds neither its proxy schema nor the MIME database. */
  g_test_init (argc, argv, NULL);
  g_log_set_writer_func (fb_test_log_writer, NULL, NULL);
  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      return FALSE;
    }
  adw_init ();

  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/org/floorboard/Floorboard/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  settings = g_settings_new ("org.floorboard.Floorboard");
  g_settings_set_boolean (settings, "notifications", FALSE);
  return TRUE;
}

/* For fb_test_wait_until(): whether widget @data is on screen. */
static inline gboolean
fb_test_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (GTK_WIDGET (data));
}

static gboolean
fb_test_quit_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms, whatever happens. */
static inline void
fb_test_spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, fb_test_quit_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* GTK 4.8's tooltip timer (500 ms) keeps the window it started on by its
 * native, and asks that native's surface for the pointer when it fires:
 * destroyed before then, a fatal critical. Let any pending tooltip fire
 * first, then destroy. */
static inline void
fb_test_destroy_window (gpointer window)
{
  fb_test_spin (600);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The first toplevel of @type, on screen or not yet; NULL when none is. */
static inline gpointer
fb_test_toplevel_of_type (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      /* The list holds it still. */
      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }
  return NULL;
}

/* For fb_test_wait_until(): whether no toplevel of type @type (a GType in
 * a pointer) is left. */
static inline gboolean
fb_test_no_toplevel_of_type (gpointer type)
{
  return fb_test_toplevel_of_type (GPOINTER_TO_SIZE (type)) == NULL;
}

/* The application the test's windows belong to, registered under @id (a
 * test's own, so that tests can run side by side). */
static inline GtkApplication *
fb_test_gui_app_new (const char *id)
{
  g_autoptr(GError) error = NULL;
  GtkApplication *app = GTK_APPLICATION (adw_application_new (id, G_APPLICATION_NON_UNIQUE));

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  return app;
}

/* A GUI test main()'s end: runs the tests it added, then lets @app go. */
static inline int
fb_test_gui_run (GtkApplication *app)
{
  int ret = g_test_run ();

  g_object_unref (app);
  return ret;
}

/* With FB_TEST_SHOW=seconds set, how long (ms) a test left on screen to be
 * looked at stays there. */
static inline guint
fb_test_show_ms (void)
{
  return (guint) g_ascii_strtoull (g_getenv ("FB_TEST_SHOW"), NULL, 10) * 1000;
}
