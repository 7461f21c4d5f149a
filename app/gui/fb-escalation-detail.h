/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-escalation-detail.h: one case in full — summary, masked customer,
 * who raised it when, the seeds' three deadlines met or not, owner,
 * callback attempts, the history — and the actions the signed-in role may
 * take on it now, each disabled with its reason when it may not. */
#pragma once

#include <gtk/gtk.h>

#include "fb-escalation-rules.h"
#include "fb-types.h"

G_BEGIN_DECLS

#define FB_TYPE_ESCALATION_DETAIL (fb_escalation_detail_get_type ())
G_DECLARE_FINAL_TYPE (FbEscalationDetail, fb_escalation_detail, FB, ESCALATION_DETAIL, GtkWidget)

GtkWidget  *fb_escalation_detail_new               (void);
/* Actions go through @engine's outbox; its user and role decide them. */
void        fb_escalation_detail_set_engine        (FbEscalationDetail  *self,
                                                    FbSyncEngine        *engine);
/* id → display name, for owners and actors. */
void        fb_escalation_detail_set_names         (FbEscalationDetail  *self,
                                                    GHashTable          *names);
/* @row: an FbRow of type "escalation" (a newer version of the same case
 * keeps the note being typed), NULL for none. */
void        fb_escalation_detail_set_row           (FbEscalationDetail  *self,
                                                    FbRow               *row,
                                                    gint64               now);
FbRow      *fb_escalation_detail_get_row           (FbEscalationDetail  *self);
/* Deadline marks as of @now (unix s). */
void        fb_escalation_detail_update_time       (FbEscalationDetail  *self,
                                                    gint64               now);
/* Whether the back button shows (the page is folded to one pane). */
void        fb_escalation_detail_set_show_back     (FbEscalationDetail  *self,
                                                    gboolean             show_back);

/* Why @action is disabled now, NULL when it is enabled. */
const char *fb_escalation_detail_get_reason        (FbEscalationDetail  *self,
                                                    FbEscalationAction   action);
GtkWidget  *fb_escalation_detail_get_action_button (FbEscalationDetail  *self,
                                                    FbEscalationAction   action);
const char *fb_escalation_detail_get_customer      (FbEscalationDetail  *self);
const char *fb_escalation_detail_get_deadline_mark (FbEscalationDetail  *self,
                                                    FbEscalationDeadline kind);
guint       fb_escalation_detail_get_n_history     (FbEscalationDetail  *self);
/* History entry @index as shown: "time\tactor\taction\tnote". */
char       *fb_escalation_detail_dup_history_line  (FbEscalationDetail  *self,
                                                    guint                index);
/* The callback dialog while it is open, else NULL. */
GtkWidget  *fb_escalation_detail_get_callback_dialog (FbEscalationDetail *self);

G_END_DECLS
