/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-client-duty-reports.h: the server's duty report writes, typed. The
 * path, the body and the row shown at once are this file's; every write
 * goes through the sync engine's outbox, so it is kept offline, shown at
 * once and undone on a refusal. */
#pragma once

#include <json-glib/json-glib.h>

#include "fb-store.h"
#include "fb-sync-engine.h"

G_BEGIN_DECLS

/* PUT /duty-reports/{id}: @fields (its "date", "shift", text fields and
 * counts, as the form holds them) over the report as it was at @version
 * (0 for a new one); @figures (may be NULL) the shift's figures as
 * computed; @submit also submits it, in the same write. @current: the
 * cached report (NULL for a new one), which shows at once with @fields as
 * the server will record them. */
void      fb_client_save_duty_report_async        (FbSyncEngine        *engine,
                                                   const char          *id,
                                                   JsonObject          *fields,
                                                   gint64               version,
                                                   JsonNode            *figures,
                                                   gboolean             submit,
                                                   JsonObject          *current,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean  fb_client_save_duty_report_finish       (FbSyncEngine        *engine,
                                                   GAsyncResult        *result,
                                                   GError             **error);
/* POST /duty-reports/{id}/acknowledge, at the version in @store's cache,
 * shown acknowledged by the signed-in user at once. */
void      fb_client_acknowledge_duty_report_async (FbSyncEngine        *engine,
                                                   FbStore             *store,
                                                   const char          *id,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
/* POST /duty-reports/{id}/review (a department head or the director),
 * shown reviewed at once. */
void      fb_client_review_duty_report_async      (FbSyncEngine        *engine,
                                                   FbStore             *store,
                                                   const char          *id,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
/* Finishes an acknowledge or a review. */
gboolean  fb_client_mark_duty_report_finish       (FbSyncEngine        *engine,
                                                   GAsyncResult        *result,
                                                   GError             **error);

G_END_DECLS
