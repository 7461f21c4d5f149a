/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-chart-table.h: a chart's figures as a table, in a window of its own:
 * what the drawing shows, for the keyboard and screen readers. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Opens a window over @chart's toplevel titled @title, with @n_columns
 * @headers and the rows of @cells (row after row, n_columns each). */
GtkWindow *fb_chart_table_present (GtkWidget          *chart,
                                   const char         *title,
                                   const char * const *headers,
                                   guint               n_columns,
                                   GPtrArray          *cells);

/* A chart's class: the action "chart.show-table" (its table, made by
 * @activate) on Enter, keypad Enter and Space. */
void       fb_chart_table_install_action (GtkWidgetClass              *widget_class,
                                          GtkWidgetActionActivateFunc  activate);
/* A chart: focusable, a click shows its table, and @hint (a string that
 * lives as long as the program, e.g. from gettext) as its tooltip. */
void       fb_chart_table_init_chart     (GtkWidget                   *chart,
                                          const char                  *hint);

G_END_DECLS
