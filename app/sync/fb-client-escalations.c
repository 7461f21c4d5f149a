/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-client-escalations.c: the escalation writes' paths and bodies. */
#define G_LOG_DOMAIN "floorboard-sync"

#include "fb-client-escalations.h"
#include "fb-client-private.h"
#include "fb-json-build.h"

void
fb_client_act_on_escalation_async (FbSyncEngine        *engine,
                                   const char          *escalation_id,
                                   FbEscalationAction   action,
                                   int                  outcome,
                                   const char          *note,
                                   gint64               version,
                                   JsonNode            *optimistic,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (FB_IS_SYNC_ENGINE (engine));
  g_return_if_fail (escalation_id != NULL);
  g_return_if_fail (action != FB_ESCALATION_ACTION_CALLBACK_ATTEMPT || outcome >= 0);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  fb_json_add_string (builder, "action", fb_escalation_action_values[action]);
  if (action == FB_ESCALATION_ACTION_CALLBACK_ATTEMPT)
    fb_json_add_string (builder, "outcome", fb_callback_outcome_values[outcome]);
  fb_json_add_string_if_set (builder, "note", note);
  /* The version the actor saw: a change by someone else meanwhile is a
   * conflict (409), not silently overwritten. */
  fb_json_add_int (builder, "version", version);
  body = fb_client_body_end (builder);

  path = fb_client_path ("/api/v1/escalations/", escalation_id, "/actions");
  fb_sync_engine_submit_async (engine, path, body, "escalation", escalation_id, optimistic,
                               cancellable, callback, user_data);
}

gboolean
fb_client_act_on_escalation_finish (FbSyncEngine  *engine,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (FB_IS_SYNC_ENGINE (engine), FALSE);

  return fb_client_finish (engine, result, NULL, error);
}
