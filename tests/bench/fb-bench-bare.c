/* fb-bench-bare.c: a bare GTK window, the yardstick for start-up time. */
#include <gtk/gtk.h>

static void
after_paint_cb (GdkFrameClock *clock,
                GMainLoop     *loop)
{
  g_print ("first-frame-us %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_main_loop_quit (loop);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  GtkWidget *window;

  gtk_init ();
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (after_paint_cb), loop);
  g_main_loop_run (loop);
  return 0;
}
