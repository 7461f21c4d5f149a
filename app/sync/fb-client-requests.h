/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-client-requests.h: the server's leave and swap decisions, typed.
 * Each goes through the sync engine's outbox, so it is kept offline,
 * shown at once and undone on a refusal. */
#pragma once

#include "fb-request-rules.h"
#include "fb-sync-engine.h"

G_BEGIN_DECLS

/* POST /leave-requests/{id}/decision: @decision on the request as it was
 * at @version (a change meanwhile is a conflict); @reason may be NULL.
 * @optimistic (may be NULL): the row as it shows until the server's
 * replaces it (fb_leave_apply_decision()). */
void      fb_client_decide_leave_async   (FbSyncEngine        *engine,
                                          const char          *leave_id,
                                          FbDecision           decision,
                                          const char          *reason,
                                          gint64               version,
                                          JsonNode            *optimistic,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean  fb_client_decide_leave_finish  (FbSyncEngine        *engine,
                                          GAsyncResult        *result,
                                          GError             **error);
/* POST /swap-requests/{id}/decision, as fb_client_decide_leave_async()
 * (fb_swap_apply_decision() makes @optimistic). */
void      fb_client_decide_swap_async    (FbSyncEngine        *engine,
                                          const char          *swap_id,
                                          FbDecision           decision,
                                          const char          *reason,
                                          gint64               version,
                                          JsonNode            *optimistic,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean  fb_client_decide_swap_finish   (FbSyncEngine        *engine,
                                          GAsyncResult        *result,
                                          GError             **error);

G_END_DECLS
