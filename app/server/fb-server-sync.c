/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-server-sync.c: GET /api/v1/sync: the rows changed since a cursor, as the
 * caller may see them. */
#define G_LOG_DOMAIN "floorboard-server"

#include <string.h>

#include "fb-server-private.h"

/* Agents read only what is theirs (DESIGN.md: roles). */
static gboolean
visible_to (const FbCaller *caller,
            const FbChange *change,
            JsonObject     *data)
{
  const char *agent_id = caller->user->agent_id;

  /* Who did what to whom: for the director's eyes only. */
  if (strcmp (change->type, "audit") == 0)
    return caller->user->role == FB_ROLE_DIRECTOR;
  if (caller->user->role != FB_ROLE_AGENT)
    return TRUE;
  if (change->deleted || data == NULL)
    return FALSE;
  if (strcmp (change->type, "team") == 0 || strcmp (change->type, "queue") == 0)
    return TRUE;
  if (strcmp (change->type, "user") == 0)
    return g_strcmp0 (change->id, caller->user_id) == 0;
  if (agent_id == NULL)
    return FALSE;
  if (strcmp (change->type, "agent") == 0)
    return g_strcmp0 (change->id, agent_id) == 0;
  if (strcmp (change->type, "leave_request") == 0)
    return g_strcmp0 (fb_json_member_string (data, "agent_id"), agent_id) == 0;
  if (strcmp (change->type, "swap_request") == 0)
    return g_strcmp0 (fb_json_member_string (data, "agent_a"), agent_id) == 0 ||
           g_strcmp0 (fb_json_member_string (data, "agent_b"), agent_id) == 0;
  return FALSE;
}

void
_fb_server_handle_sync (FbServer          *self,
                        SoupServerMessage *msg,
                        GHashTable        *query,
                        const FbCaller    *caller)
{
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) root = NULL;
  gint64 since, limit, cursor;
  gboolean more = FALSE;

  if (!_fb_server_parse_query_int (msg, query, "since", 0, G_MAXINT64, 0, &since) ||
      !_fb_server_parse_query_int (msg, query, "limit", 1, FB_SERVER_SYNC_MAX_LIMIT,
                                              FB_SERVER_SYNC_DEFAULT_LIMIT, &limit))
    return;

  if (!(changes = fb_server_store_changes_since (self->store, since, limit, &more, &error)))
    {
      _fb_server_set_internal_error (msg, error);
      return;
    }

  cursor = changes->len > 0 ? ((FbChange *) g_ptr_array_index (changes, changes->len - 1))->version : since;

  b = json_builder_new ();
  json_builder_begin_object (b);
  _fb_server_add_identity (self, b);
  json_builder_set_member_name (b, "cursor");
  json_builder_add_int_value (b, cursor);
  /* The newest version there is: clients derive their progress from it. */
  json_builder_set_member_name (b, "head");
  json_builder_add_int_value (b, fb_server_store_get_cursor (self->store));
  json_builder_set_member_name (b, "more");
  json_builder_add_boolean_value (b, more);
  json_builder_set_member_name (b, "changes");
  json_builder_begin_array (b);
  for (guint i = 0; i < changes->len; i++)
    {
      FbChange *change = g_ptr_array_index (changes, i);
      g_autoptr(JsonNode) data = NULL;

      if (!change->deleted)
        {
          data = json_from_string (change->data, &error);
          if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
            {
              g_warning ("Stored %s %s is not a JSON object; left out of /sync",
                         change->type, change->id);
              g_clear_error (&error);
              continue;
            }
        }
      if (!visible_to (caller, change, data ? json_node_get_object (data) : NULL))
        continue;

      _fb_server_add_change (b, change, g_steal_pointer (&data));
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  _fb_server_set_json (msg, SOUP_STATUS_OK, root);
}
