/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-client-escalations.c: the escalation writes' paths and bodies. */
#define G_LOG_DOMAIN "floorboard-sync"

#include "fb-client-escalations.h"
#include "fb-client-private.h"

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
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, fb_escalation_action_values[action]);
  if (action == FB_ESCALATION_ACTION_CALLBACK_ATTEMPT)
    {
      json_builder_set_member_name (builder, "outcome");
      json_builder_add_string_value (builder, fb_callback_outcome_values[outcome]);
    }
  if (note != NULL && note[0] != '\0')
    {
      json_builder_set_member_name (builder, "note");
      json_builder_add_string_value (builder, note);
    }
  /* The version the actor saw: a change by someone else meanwhile is a
   * conflict (409), not silently overwritten. */
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, version);
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
