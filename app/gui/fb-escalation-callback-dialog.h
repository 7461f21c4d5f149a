/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-escalation-callback-dialog.h: records how a call back to the
 * customer ended (the seeds' callback rule) with a note. Saving needs an
 * outcome: until one is chosen the dialog says so and cannot save. */
#pragma once

#include <adwaita.h>

#include "fb-types.h"

G_BEGIN_DECLS

#define FB_TYPE_ESCALATION_CALLBACK_DIALOG (fb_escalation_callback_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FbEscalationCallbackDialog, fb_escalation_callback_dialog,
                      FB, ESCALATION_CALLBACK_DIALOG, AdwMessageDialog)

/* @row: the case (an FbRow of type "escalation"); @role: the actor's FbRole. */
GtkWidget  *fb_escalation_callback_dialog_new          (GtkWindow                  *parent,
                                                        FbRow                      *row,
                                                        int                         role);
/* An FbCallbackOutcome value, -1 while none is chosen. */
int         fb_escalation_callback_dialog_get_outcome  (FbEscalationCallbackDialog *self);
void        fb_escalation_callback_dialog_set_outcome  (FbEscalationCallbackDialog *self,
                                                        int                         outcome);
const char *fb_escalation_callback_dialog_get_note     (FbEscalationCallbackDialog *self);
void        fb_escalation_callback_dialog_set_note     (FbEscalationCallbackDialog *self,
                                                        const char                 *note);
gboolean    fb_escalation_callback_dialog_get_can_save (FbEscalationCallbackDialog *self);
/* Why it cannot save, "" when it can. */
const char *fb_escalation_callback_dialog_get_hint     (FbEscalationCallbackDialog *self);

G_END_DECLS
