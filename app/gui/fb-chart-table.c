/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-chart-table.c: a chart's figures as a table. */
#define G_LOG_DOMAIN "floorboard"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "fb-chart-table.h"

GtkWindow *
fb_chart_table_present (GtkWidget          *chart,
                        const char         *title,
                        const char * const *headers,
                        guint               n_columns,
                        GPtrArray          *cells)
{
  GtkWidget *window, *box, *header, *scrolled, *grid;
  GtkRoot *root;

  g_return_val_if_fail (GTK_IS_WIDGET (chart), NULL);
  g_return_val_if_fail (title != NULL && headers != NULL && n_columns > 0, NULL);
  g_return_val_if_fail (cells != NULL && cells->len % n_columns == 0, NULL);

  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 420, 560);
  if ((root = gtk_widget_get_root (chart)) != NULL && GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_set_hide_on_close (GTK_WINDOW (window), FALSE);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  gtk_box_append (GTK_BOX (box), header);

  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 24);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_widget_set_margin_start (grid, 18);
  gtk_widget_set_margin_end (grid, 18);
  gtk_widget_set_margin_top (grid, 12);
  gtk_widget_set_margin_bottom (grid, 18);
  gtk_accessible_update_property (GTK_ACCESSIBLE (grid), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  for (guint c = 0; c < n_columns; c++)
    {
      GtkWidget *label = gtk_label_new (headers[c]);

      gtk_label_set_xalign (GTK_LABEL (label), c == 0 ? 0 : 1);
      gtk_widget_add_css_class (label, "heading");
      gtk_grid_attach (GTK_GRID (grid), label, (int) c, 0, 1, 1);
    }
  for (guint i = 0; i < cells->len; i++)
    {
      GtkWidget *label = gtk_label_new (g_ptr_array_index (cells, i));
      guint c = i % n_columns;

      gtk_label_set_xalign (GTK_LABEL (label), c == 0 ? 0 : 1);
      /* Figures line up. */
      if (c > 0)
        gtk_widget_add_css_class (label, "numeric");
      gtk_grid_attach (GTK_GRID (grid), label, (int) c, (int) (i / n_columns) + 1, 1, 1);
    }

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), grid);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (ADW_WINDOW (window), box);

  {
    /* Escape closes it, as any dialog. */
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();
    GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                              gtk_named_action_new ("window.close"));

    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), shortcut);
    gtk_widget_add_controller (window, shortcuts);
  }
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

void
fb_chart_table_install_action (GtkWidgetClass              *widget_class,
                               GtkWidgetActionActivateFunc  activate)
{
  g_return_if_fail (GTK_IS_WIDGET_CLASS (widget_class));
  g_return_if_fail (activate != NULL);

  gtk_widget_class_install_action (widget_class, "chart.show-table", NULL, activate);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "chart.show-table", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "chart.show-table", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "chart.show-table", NULL);
}

static void
released_cb (GtkGestureClick *gesture,
             int              n_press,
             double           x,
             double           y,
             GtkWidget       *chart)
{
  gtk_widget_activate_action (chart, "chart.show-table", NULL);
}

static gboolean
query_tooltip_cb (GtkWidget  *chart,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  const char *hint)
{
  gtk_tooltip_set_text (tooltip, hint);
  return TRUE;
}

void
fb_chart_table_init_chart (GtkWidget  *chart,
                           const char *hint)
{
  GtkGesture *click;

  g_return_if_fail (GTK_IS_WIDGET (chart));
  g_return_if_fail (hint != NULL);

  click = gtk_gesture_click_new ();
  g_signal_connect_object (click, "released", G_CALLBACK (released_cb), chart, 0);
  gtk_widget_add_controller (chart, GTK_EVENT_CONTROLLER (click));
  gtk_widget_set_focusable (chart, TRUE);
  /* Asked for, not set: a set tooltip would stand in for the accessible
   * description, which says the chart's figures. */
  gtk_widget_set_has_tooltip (chart, TRUE);
  g_signal_connect (chart, "query-tooltip", G_CALLBACK (query_tooltip_cb), (gpointer) hint);
}
