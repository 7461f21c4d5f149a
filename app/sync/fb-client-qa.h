/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-client-qa.h: the server's QA evaluation write, typed, through the
 * sync engine's outbox. */
#pragma once

#include "fb-qa-stats.h"
#include "fb-sync-engine.h"

G_BEGIN_DECLS

/* POST /qa-evaluations: the signed-in inspector's evaluation of @agent_id
 * on call @call_ref, @scores by criterion (fb_qa_criterion_keys), @comment
 * (may be empty). The evaluation shows at once as a row of its own, with
 * @total and the @weights it was given (may be NULL), until the server's
 * replaces it. A row the cache could not read is refused before it is
 * queued. */
void      fb_client_add_qa_evaluation_async  (FbSyncEngine        *engine,
                                              const char          *agent_id,
                                              const char          *call_ref,
                                              const gint64         scores[FB_QA_N_CRITERIA],
                                              const char          *comment,
                                              double               total,
                                              JsonNode            *weights,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean  fb_client_add_qa_evaluation_finish (FbSyncEngine        *engine,
                                              GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
