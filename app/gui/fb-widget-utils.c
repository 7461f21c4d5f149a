/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-widget-utils.c
 *
 * Teardown that every templated widget of the window repeated by hand.
 */
#define G_LOG_DOMAIN "floorboard"

#include "fb-widget-utils.h"

void
fb_widget_dispose_template (GtkWidget *widget,
                            GType      widget_type)
{
  GtkWidget *child;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  gtk_widget_dispose_template (widget, widget_type);
  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}
