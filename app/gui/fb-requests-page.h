/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-requests-page.h: leave and shift-swap requests to decide, each with
 * every check of the rules for the signed-in role, decided in one click
 * with a few seconds to undo before the decision leaves the machine. */
#pragma once

#include <adwaita.h>

#include "fb-request-row.h"
#include "fb-types.h"

G_BEGIN_DECLS

typedef enum
{
  FB_REQUEST_FILTER_ALL,
  FB_REQUEST_FILTER_LEAVE,
  FB_REQUEST_FILTER_SWAPS,
} FbRequestFilter;

/* How long a decision waits for Undo before it is sent. */
#define FB_REQUESTS_UNDO_SECONDS 5

#define FB_TYPE_REQUESTS_PAGE (fb_requests_page_get_type ())
G_DECLARE_FINAL_TYPE (FbRequestsPage, fb_requests_page, FB, REQUESTS_PAGE, GtkWidget)

GtkWidget      *fb_requests_page_new          (void);
/* @rows: a GListModel of FbRow of the cache, of @kind: "leave_request"
 * and "swap_request" are listed; "team", "agent", "user" and
 * "holiday_duty" are what the rules and the names read. */
void            fb_requests_page_set_rows     (FbRequestsPage *self,
                                               const char     *kind,
                                               GListModel     *rows);

/* The requests listed, in order: a GListModel of FbRow. */
GListModel     *fb_requests_page_get_visible  (FbRequestsPage *self);
/* What the row of request @id shows (also when it is not on screen),
 * NULL when the cache has no such request. */
FbRequestState *fb_requests_page_get_state    (FbRequestsPage *self,
                                               const char     *id);
/* The row widget showing request @id, NULL while none does. */
GtkWidget      *fb_requests_page_get_row      (FbRequestsPage *self,
                                               const char     *id);
void            fb_requests_page_set_selected (FbRequestsPage *self,
                                               const char     *id,
                                               gboolean        selected);
guint           fb_requests_page_get_n_selected (FbRequestsPage *self);
/* The toast holding the last decisions for Undo, NULL when none is held. */
AdwToast       *fb_requests_page_get_toast    (FbRequestsPage *self);
/* What "Approve Selected" last said about the requests it skipped. */
const char     *fb_requests_page_get_batch_message (FbRequestsPage *self);
/* Sends the decisions held for Undo now (the window closing does). */
void            fb_requests_page_flush        (FbRequestsPage *self);

guint           fb_requests_page_get_n_rebuilds (FbRequestsPage *self);

G_END_DECLS
