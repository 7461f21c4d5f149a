/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-preferences.c: the Preferences window's certificate authority: a
 * file that holds no certificate is refused with a toast and changes
 * nothing; a real one is kept; clearing goes back to the system's. */
#include <adwaita.h>

#include "fb-preferences-window.h"
#include "fb-test-gui.h"

static char *
data_file (const char *name)
{
  return g_build_filename (g_getenv ("G_TEST_SRCDIR"), "data", "tls", name, NULL);
}

static void
test_ca_file (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("org.floorboard.Floorboard");
  g_autofree char *ca = data_file ("ca.pem");
  g_autofree char *key = data_file ("server.key");
  g_autofree char *missing = data_file ("missing.pem");
  g_autofree char *value = NULL;
  GtkWidget *window = fb_preferences_window_new (NULL);

  gtk_window_present (GTK_WINDOW (window));
  g_settings_reset (settings, "ca-file");

  g_assert_false (fb_preferences_window_set_ca_file (FB_PREFERENCES_WINDOW (window), key));
  g_assert_false (fb_preferences_window_set_ca_file (FB_PREFERENCES_WINDOW (window), missing));
  value = g_settings_get_string (settings, "ca-file");
  g_assert_cmpstr (value, ==, "");
  g_clear_pointer (&value, g_free);

  g_assert_true (fb_preferences_window_set_ca_file (FB_PREFERENCES_WINDOW (window), ca));
  value = g_settings_get_string (settings, "ca-file");
  g_assert_cmpstr (value, ==, ca);
  g_clear_pointer (&value, g_free);

  g_assert_true (gtk_widget_activate_action (window, "prefs.clear-ca-file", NULL));
  value = g_settings_get_string (settings, "ca-file");
  g_assert_cmpstr (value, ==, "");

  fb_test_destroy_window (window);
}

/* The server address: kept when it is one, refused (and said) when not. */
static void
test_server_address (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("org.floorboard.Floorboard");
  static const char * const bad[] = {
    "floor.example.com", "ftp://floor.example.com", "http://", "https:///path", "not a url at all",
  };
  g_autofree char *value = NULL;
  GtkWidget *window;

  g_settings_set_string (settings, "server-url", "https://old.example.com");
  window = fb_preferences_window_new (NULL);
  gtk_window_present (GTK_WINDOW (window));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (fb_preferences_window_apply_server (FB_PREFERENCES_WINDOW (window), bad[i]));
      value = g_settings_get_string (settings, "server-url");
      g_assert_cmpstr (value, ==, "https://old.example.com");
      g_clear_pointer (&value, g_free);
    }
  g_assert_true (fb_preferences_window_apply_server (FB_PREFERENCES_WINDOW (window), "  https://127.0.0.1:8443 "));
  value = g_settings_get_string (settings, "server-url");
  g_assert_cmpstr (value, ==, "https://127.0.0.1:8443");
  g_clear_pointer (&value, g_free);
  /* Empty: no address offered. */
  g_assert_true (fb_preferences_window_apply_server (FB_PREFERENCES_WINDOW (window), ""));
  value = g_settings_get_string (settings, "server-url");
  g_assert_cmpstr (value, ==, "");

  g_settings_reset (settings, "server-url");
  fb_test_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  if (!fb_test_gui_init (&argc, &argv))
    return 77;
  g_test_add_func ("/ui/preferences/ca-file", test_ca_file);
  g_test_add_func ("/ui/preferences/server-address", test_server_address);
  return g_test_run ();
}
