/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-client-requests.c: the leave and swap decisions' paths and bodies. */
#define G_LOG_DOMAIN "floorboard-sync"

#include "fb-client-private.h"
#include "fb-client-requests.h"
#include "fb-json-build.h"

/* Leave and swap decisions share their body; only the path differs. */
static void
decide_async (FbSyncEngine        *engine,
              const char          *prefix,
              const char          *row_type,
              const char          *id,
              FbDecision           decision,
              const char          *reason,
              gint64               version,
              JsonNode            *optimistic,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  g_assert (FB_IS_SYNC_ENGINE (engine));
  g_assert (id != NULL);

  json_builder_begin_object (builder);
  fb_json_add_string (builder, "decision", fb_decision_values[decision]);
  fb_json_add_string_if_set (builder, "reason", reason);
  /* The version the decider saw: a change meanwhile is a conflict (409). */
  fb_json_add_int (builder, "version", version);
  body = fb_client_body_end (builder);

  path = fb_client_path (prefix, id, "/decision");
  fb_sync_engine_submit_async (engine, path, body, row_type, id, optimistic, cancellable, callback, user_data);
}

void
fb_client_decide_leave_async (FbSyncEngine        *engine,
                              const char          *leave_id,
                              FbDecision           decision,
                              const char          *reason,
                              gint64               version,
                              JsonNode            *optimistic,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (FB_IS_SYNC_ENGINE (engine));
  g_return_if_fail (leave_id != NULL);

  decide_async (engine, "/api/v1/leave-requests/", "leave_request", leave_id, decision, reason, version,
                optimistic, cancellable, callback, user_data);
}

gboolean
fb_client_decide_leave_finish (FbSyncEngine  *engine,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (FB_IS_SYNC_ENGINE (engine), FALSE);

  return fb_client_finish (engine, result, NULL, error);
}

void
fb_client_decide_swap_async (FbSyncEngine        *engine,
                             const char          *swap_id,
                             FbDecision           decision,
                             const char          *reason,
                             gint64               version,
                             JsonNode            *optimistic,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (FB_IS_SYNC_ENGINE (engine));
  g_return_if_fail (swap_id != NULL);

  decide_async (engine, "/api/v1/swap-requests/", "swap_request", swap_id, decision, reason, version,
                optimistic, cancellable, callback, user_data);
}

gboolean
fb_client_decide_swap_finish (FbSyncEngine  *engine,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (FB_IS_SYNC_ENGINE (engine), FALSE);

  return fb_client_finish (engine, result, NULL, error);
}
