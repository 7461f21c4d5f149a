/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-escalations-page-private.h: what tests read of the escalations page. */
#pragma once

#include "fb-escalations-page.h"

G_BEGIN_DECLS

/* The cases listed, in order: a GListModel of FbRow. */
GListModel *fb_escalations_page_get_visible   (FbEscalationsPage *self);
/* The row widget (FbEscalationRow) showing case @id, NULL while none does. */
GtkWidget  *fb_escalations_page_get_row       (FbEscalationsPage *self,
                                               const char        *id);
/* "open", "overdue", "callback_rate", "dispatch_rate", as shown. */
const char *fb_escalations_page_get_figure    (FbEscalationsPage *self,
                                               const char        *name);
/* Whether the countdown timer runs (only while shown with open cases). */
gboolean    fb_escalations_page_get_ticking   (FbEscalationsPage *self);

G_END_DECLS
