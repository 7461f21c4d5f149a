/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-popover-focus.c */
#define G_LOG_DOMAIN "floorboard"

#include "fb-popover-focus.h"

static void
popover_closed_cb (GtkWidget  *widget,
                   GtkPopover *popover)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  g_assert (GTK_IS_POPOVER (popover));

  if (focus != NULL &&
      (focus == GTK_WIDGET (popover) || gtk_widget_is_ancestor (focus, GTK_WIDGET (popover))))
    gtk_widget_grab_focus (widget);
}

void
fb_popover_focus_returns_to (GtkPopover *popover,
                             GtkWidget  *widget)
{
  g_return_if_fail (GTK_IS_POPOVER (popover));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  g_signal_connect_object (popover, "closed", G_CALLBACK (popover_closed_cb), widget, G_CONNECT_SWAPPED);
}
