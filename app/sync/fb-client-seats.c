/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-client-seats.c: the seat plan's path and body. */
#define G_LOG_DOMAIN "floorboard-sync"

#include "fb-client-private.h"
#include "fb-client-seats.h"
#include "fb-json-build.h"

void
fb_client_assign_seats_async (FbSyncEngine        *engine,
                              const char          *date,
                              FbShift              shift,
                              gint64               base_version,
                              const FbSeatPick    *picks,
                              guint                n_picks,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;
  g_autofree char *segment = NULL;

  g_return_if_fail (FB_IS_SYNC_ENGINE (engine));
  g_return_if_fail (date != NULL && fb_date_is_valid (date));
  g_return_if_fail (shift == FB_SHIFT_DAY || shift == FB_SHIFT_NIGHT);
  g_return_if_fail (picks != NULL || n_picks == 0);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  /* The newest row of the plan seen: the server refuses the PUT (409) if
   * someone changed the plan since. */
  fb_json_add_int (builder, "base_version", base_version);
  json_builder_set_member_name (builder, "assignments");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_picks; i++)
    {
      json_builder_begin_object (builder);
      fb_json_add_string (builder, "seat_id", picks[i].seat_id);
      fb_json_add_string (builder, "agent_id", picks[i].agent_id);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  body = fb_client_body_end (builder);

  segment = g_strconcat ("/", fb_shift_values[shift], NULL);
  path = fb_client_path ("/api/v1/seat-assignments/", date, segment);
  fb_sync_engine_submit_full_async (engine, "PUT", path, body, NULL, NULL, NULL,
                                    cancellable, callback, user_data);
}

gboolean
fb_client_assign_seats_finish (FbSyncEngine  *engine,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (FB_IS_SYNC_ENGINE (engine), FALSE);

  return fb_client_finish (engine, result, NULL, error);
}
