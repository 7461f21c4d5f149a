/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-request-row.h: one leave or swap request on the Requests page: who,
 * what, when, every check of the rules for the signed-in role in words,
 * and Approve / Reject (a reason asked for where the rules want one). */
#pragma once

#include <gtk/gtk.h>

#include "fb-request-rules.h"
#include "fb-types.h"

G_BEGIN_DECLS

/* What a row shows, prepared by the page when the rows change (never
 * per bind or per paint). Reference counted; fields are read-only. */
typedef struct
{
  char            *kind;             /* "leave_request" or "swap_request" */
  char            *id;
  gint64           version;          /* of the cached row */
  char            *who;              /* the agent, or both agents of a swap */
  char            *team;
  char            *type_label;       /* "Vacation", "Shift swap" */
  char            *dates;
  char            *days;             /* "3 days", "2 shifts" */
  char            *reason;           /* what the agent wrote, "" if nothing */
  char            *submitted;
  FbRequestStatus  status;           /* as shown: a held decision counts */
  char            *status_text;      /* "Pending", "Approved by …" */
  GPtrArray       *checks;           /* FbCheck *, approving, for the role */
  char            *approve_refusal;  /* why not, NULL when allowed */
  char            *reject_refusal;
  gboolean         approve_needs_reason;
  gboolean         held;             /* decided, Undo still possible */
  gboolean         sending;          /* in the outbox, not yet delivered */
} FbRequestState;

FbRequestState *fb_request_state_new   (void);
FbRequestState *fb_request_state_ref   (FbRequestState *state);
void            fb_request_state_unref (FbRequestState *state);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbRequestState, fb_request_state_unref)

#define FB_TYPE_REQUEST_ROW (fb_request_row_get_type ())
G_DECLARE_FINAL_TYPE (FbRequestRow, fb_request_row, FB, REQUEST_ROW, GtkWidget)

GtkWidget      *fb_request_row_new            (void);
void            fb_request_row_set_state      (FbRequestRow   *self,
                                               FbRequestState *state,
                                               gboolean        selected);
FbRequestState *fb_request_row_get_state      (FbRequestRow   *self);

/* As shown, for tests and screen readers alike. */
const char     *fb_request_row_get_status     (FbRequestRow   *self);
/* Every check line as shown ("Breaks a rule: …"), one per line. */
char           *fb_request_row_dup_checks     (FbRequestRow   *self);
/* The visible "why not" under the buttons, "" when both are possible. */
const char     *fb_request_row_get_refusal    (FbRequestRow   *self);
GtkWidget      *fb_request_row_get_button     (FbRequestRow   *self,
                                               FbDecision      decision);

G_END_DECLS
