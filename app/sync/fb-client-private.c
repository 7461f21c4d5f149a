/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-client-private.c: the helpers every resource of the typed client
 * shares (see fb-client-private.h). */
#define G_LOG_DOMAIN "floorboard-sync"

#include "fb-client-private.h"

char *
fb_client_path (const char *prefix,
                const char *id,
                const char *suffix)
{
  g_autofree char *escaped = NULL;

  g_assert (prefix != NULL && id != NULL);

  escaped = g_uri_escape_string (id, NULL, FALSE);
  return g_strconcat (prefix, escaped, suffix, NULL);
}

JsonNode *
fb_client_body_end (JsonBuilder *builder)
{
  g_assert (JSON_IS_BUILDER (builder));

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

gboolean
fb_client_finish (FbSyncEngine  *engine,
                  GAsyncResult  *result,
                  gpointer       source_tag,
                  GError       **error)
{
  g_assert (FB_IS_SYNC_ENGINE (engine));

  if (source_tag != NULL && g_async_result_is_tagged (result, source_tag))
    return g_task_propagate_boolean (G_TASK (result), error);
  return fb_sync_engine_submit_finish (engine, result, error);
}
