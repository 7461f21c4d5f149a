/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-widget-utils.h: small pieces every templated widget of the app uses. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* For a plain GtkWidget built from a template: disposes the template's
 * bound children, then unparents the root and whatever else is left,
 * since a template's root is not a bound child. */
void fb_widget_dispose_template (GtkWidget *widget,
                                 GType      widget_type);

/* Sets @text (NULL: empty) only when it differs from what @label shows:
 * labels refreshed on every tick relayout nothing when nothing changed. */
void fb_label_set_text          (GtkLabel   *label,
                                 const char *text);

G_END_DECLS
