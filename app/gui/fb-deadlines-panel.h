/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-deadlines-panel.h: for the Floor page, the next five open cases by
 * deadline with their countdowns, and how many are overdue. Clicking a
 * case activates "win.show-escalation" with its id. */
#pragma once

#include <gtk/gtk.h>

#include "fb-types.h"

G_BEGIN_DECLS

#define FB_DEADLINES_PANEL_MAX 5

#define FB_TYPE_DEADLINES_PANEL (fb_deadlines_panel_get_type ())
G_DECLARE_FINAL_TYPE (FbDeadlinesPanel, fb_deadlines_panel, FB, DEADLINES_PANEL, GtkWidget)

GtkWidget  *fb_deadlines_panel_new           (void);
/* @escalations: a GListModel of FbRow of type "escalation". */
void        fb_deadlines_panel_set_model     (FbDeadlinesPanel *self,
                                              GListModel       *escalations);
guint       fb_deadlines_panel_get_n_shown   (FbDeadlinesPanel *self);
guint       fb_deadlines_panel_get_n_overdue (FbDeadlinesPanel *self);
/* The case shown at @index (0 = nearest deadline), NULL past the end. */
const char *fb_deadlines_panel_get_id        (FbDeadlinesPanel *self,
                                              guint             index);
const char *fb_deadlines_panel_get_countdown (FbDeadlinesPanel *self,
                                              guint             index);
/* The row (a GtkListBoxRow) at @index, NULL past the end. */
GtkWidget  *fb_deadlines_panel_get_row       (FbDeadlinesPanel *self,
                                              guint             index);
/* Whether the countdown timer runs (only while shown with open cases). */
gboolean    fb_deadlines_panel_get_ticking   (FbDeadlinesPanel *self);

G_END_DECLS
