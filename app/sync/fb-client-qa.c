/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-client-qa.c: the QA evaluation's path, body and optimistic row. */
#define G_LOG_DOMAIN "floorboard-sync"

#include "fb-client-private.h"
#include "fb-client-qa.h"

static JsonNode *
scores_node (const gint64 scores[FB_QA_N_CRITERIA])
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  for (guint c = 0; c < FB_QA_N_CRITERIA; c++)
    json_object_set_int_member (object, fb_qa_criterion_keys[c], scores[c]);
  json_node_take_object (node, object);
  return node;
}

void
fb_client_add_qa_evaluation_async (FbSyncEngine        *engine,
                                   const char          *agent_id,
                                   const char          *call_ref,
                                   const gint64         scores[FB_QA_N_CRITERIA],
                                   const char          *comment,
                                   double               total,
                                   JsonNode            *weights,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *row_id = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *now = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) optimistic = NULL;
  g_autoptr(JsonNode) checked = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  g_return_if_fail (FB_IS_SYNC_ENGINE (engine));
  g_return_if_fail (agent_id != NULL && call_ref != NULL && scores != NULL);

  if (comment == NULL)
    comment = "";

  object = json_object_new ();
  json_object_set_string_member (object, "agent_id", agent_id);
  json_object_set_string_member (object, "call_ref", call_ref);
  json_object_set_member (object, "scores", scores_node (scores));
  json_object_set_string_member (object, "comment", comment);
  body = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (body, object);

  /* The row as it will show until the server's own replaces it. */
  uuid = g_uuid_string_random ();
  row_id = g_strconcat ("local-", uuid, NULL);
  now = fb_timestamp_to_iso (g_get_real_time () / G_USEC_PER_SEC);
  object = json_object_new ();
  json_object_set_string_member (object, "id", row_id);
  json_object_set_string_member (object, "agent_id", agent_id);
  json_object_set_string_member (object, "inspector", fb_sync_engine_get_user_id (engine));
  json_object_set_string_member (object, "evaluated_at", now);
  json_object_set_string_member (object, "call_ref", call_ref);
  json_object_set_member (object, "scores", scores_node (scores));
  json_object_set_double_member (object, "total", total);
  if (comment[0] != '\0')
    json_object_set_string_member (object, "comment", comment);
  if (weights != NULL)
    json_object_set_member (object, "weights", json_node_copy (weights));
  optimistic = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (optimistic, object);

  /* Checked as the cache will read it: a row it skips would vanish. */
  if (!(checked = fb_entity_normalize (&fb_qa_evaluation_spec, optimistic, &error)))
    {
      g_task_report_error (engine, callback, user_data, fb_client_add_qa_evaluation_async,
                           g_steal_pointer (&error));
      return;
    }
  fb_sync_engine_submit_async (engine, "/api/v1/qa-evaluations", body, "qa_evaluation", row_id,
                               checked, cancellable, callback, user_data);
}

gboolean
fb_client_add_qa_evaluation_finish (FbSyncEngine  *engine,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (FB_IS_SYNC_ENGINE (engine), FALSE);

  return fb_client_finish (engine, result, fb_client_add_qa_evaluation_async, error);
}
