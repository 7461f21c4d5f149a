/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-popover-focus.h: where the keyboard focus goes when a popover closes. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* When @popover closes with the focus inside it, the focus goes to
 * @widget (the button that opened it). GTK 4.8 leaves it on the hidden
 * popover's child, and the popover's own key handler then swallows every
 * later Escape: a dialog holding it can no longer be dismissed from the
 * keyboard. */
void fb_popover_focus_returns_to (GtkPopover *popover,
                                  GtkWidget  *widget);

G_END_DECLS
