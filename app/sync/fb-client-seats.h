/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-client-seats.h: the server's seat plan write, typed, through the
 * sync engine's outbox. */
#pragma once

#include "fb-request-rules.h"
#include "fb-sync-engine.h"

G_BEGIN_DECLS

/* PUT /seat-assignments/{date}/{shift}: the whole plan of @shift of @date
 * ("YYYY-MM-DD"), @n_picks of @picks, over the plan as it was at
 * @base_version (a change meanwhile is a conflict). No row changes at
 * once; the rows the server makes arrive by the next sync. */
void      fb_client_assign_seats_async   (FbSyncEngine        *engine,
                                          const char          *date,
                                          FbShift              shift,
                                          gint64               base_version,
                                          const FbSeatPick    *picks,
                                          guint                n_picks,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean  fb_client_assign_seats_finish  (FbSyncEngine        *engine,
                                          GAsyncResult        *result,
                                          GError             **error);

G_END_DECLS
