/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-escalation-row.h: one case in the Escalations list: severity, what
 * it is about, the masked customer, where it stands and the live
 * countdown to its next deadline. */
#pragma once

#include <gtk/gtk.h>

#include "fb-types.h"

G_BEGIN_DECLS

#define FB_TYPE_ESCALATION_ROW (fb_escalation_row_get_type ())
G_DECLARE_FINAL_TYPE (FbEscalationRow, fb_escalation_row, FB, ESCALATION_ROW, GtkWidget)

GtkWidget  *fb_escalation_row_new            (void);
/* @row: an FbRow of type "escalation", NULL to clear; @names: id → name. */
void        fb_escalation_row_set_row        (FbEscalationRow *self,
                                              FbRow           *row,
                                              GHashTable      *names,
                                              gint64           now);
FbRow      *fb_escalation_row_get_row        (FbEscalationRow *self);
/* The countdown as of @now (unix s); cheap when nothing changed. */
void        fb_escalation_row_update_time    (FbEscalationRow *self,
                                              gint64           now);
gboolean    fb_escalation_row_get_overdue    (FbEscalationRow *self);
const char *fb_escalation_row_get_countdown  (FbEscalationRow *self);
const char *fb_escalation_row_get_customer   (FbEscalationRow *self);

G_END_DECLS
