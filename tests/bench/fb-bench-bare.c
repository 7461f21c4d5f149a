/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-bench-bare.c: the yardsticks for start-up time. Plain, a bare GTK
 * window; with --adw, the least a libadwaita application shows (an
 * AdwApplication, registered on the session bus, with a header bar). */
#include <adwaita.h>
#include <string.h>

static void
after_paint_cb (GdkFrameClock *clock,
                GMainLoop     *loop)
{
  g_print ("first-frame-us %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_main_loop_quit (loop);
}

static void
adw_after_paint_cb (GdkFrameClock *clock,
                    GApplication  *app)
{
  g_print ("first-frame-us %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_application_quit (app);
}

static void
adw_activate_cb (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (adw_after_paint_cb), app);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GMainLoop) loop = NULL;
  GtkWidget *window;

  if (argc > 1 && strcmp (argv[1], "--adw") == 0)
    {
      g_autoptr(AdwApplication) app = adw_application_new ("org.floorboard.BenchBare", G_APPLICATION_DEFAULT_FLAGS);

      g_signal_connect (app, "activate", G_CALLBACK (adw_activate_cb), NULL);
      return g_application_run (G_APPLICATION (app), 1, argv);
    }

  loop = g_main_loop_new (NULL, FALSE);
  gtk_init ();
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (after_paint_cb), loop);
  g_main_loop_run (loop);
  return 0;
}
