/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-widget-utils.c
 *
 * Teardown and label updates that the window's widgets each repeated
 * by hand.
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

void
fb_label_set_text (GtkLabel   *label,
                   const char *text)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  if (text == NULL)
    text = "";
  if (g_strcmp0 (gtk_label_get_text (label), text) != 0)
    gtk_label_set_text (label, text);
}
