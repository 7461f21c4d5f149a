/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-escalations-page.h: the open cases, nearest deadline first, with live
 * countdowns, filters, the month's figures and the case in detail. */
#pragma once

#include <gtk/gtk.h>

#include "fb-types.h"

G_BEGIN_DECLS

typedef enum
{
  FB_OWNER_FILTER_ANYONE,
  FB_OWNER_FILTER_MINE,
  FB_OWNER_FILTER_UNASSIGNED,
} FbOwnerFilter;

#define FB_TYPE_ESCALATIONS_PAGE (fb_escalations_page_get_type ())
G_DECLARE_FINAL_TYPE (FbEscalationsPage, fb_escalations_page, FB, ESCALATIONS_PAGE, GtkWidget)

GtkWidget  *fb_escalations_page_new           (void);
/* @escalations: a GListModel of FbRow of type "escalation" (the cache's).
 * The signed-in user, the outbox and people's names come from the
 * "context" property (FbContext). */
void        fb_escalations_page_set_model     (FbEscalationsPage *self,
                                               GListModel        *escalations);
/* Selects case @id (widening the filters that hide it) and shows it in
 * the detail pane; FALSE when the cache has no such case. */
gboolean    fb_escalations_page_show_case     (FbEscalationsPage *self,
                                               const char        *id);


G_END_DECLS
