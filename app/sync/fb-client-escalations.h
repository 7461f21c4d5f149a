/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-client-escalations.h: the server's escalation writes, typed. The
 * path, the body and the answer are this file's; every write goes
 * through the sync engine's outbox (fb_sync_engine_submit_async()), so it
 * is kept offline, shown at once and undone on a refusal. */
#pragma once

#include "fb-escalation-rules.h"
#include "fb-sync-engine.h"

G_BEGIN_DECLS

/* POST /escalations/{id}/actions: @action on case @escalation_id as it
 * was at @version (a change by someone else meanwhile is a conflict).
 * @outcome (an index of fb_callback_outcome_values) for a callback
 * attempt, else -1; @note may be NULL. @optimistic (may be NULL): the row
 * as it shows until the server's own replaces it. */
void      fb_client_act_on_escalation_async  (FbSyncEngine        *engine,
                                              const char          *escalation_id,
                                              FbEscalationAction   action,
                                              int                  outcome,
                                              const char          *note,
                                              gint64               version,
                                              JsonNode            *optimistic,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean  fb_client_act_on_escalation_finish (FbSyncEngine        *engine,
                                              GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
