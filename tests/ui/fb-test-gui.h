/* fb-test-gui.h: what every GUI test does after gtk_init. */
#pragma once

#include <gtk/gtk.h>

static gboolean
fb_test_quit_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* GTK 4.8's tooltip timer (500 ms) keeps the window it started on by its
 * native, and asks that native's surface for the pointer when it fires:
 * destroyed before then, a fatal critical. Let any pending tooltip fire
 * first, then destroy. */
static inline void
fb_test_destroy_window (gpointer window)
{
  gboolean done = FALSE;

  g_timeout_add (600, fb_test_quit_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  gtk_window_destroy (GTK_WINDOW (window));
}
