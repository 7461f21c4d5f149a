/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-server-stats.c: GET /api/v1/queues/stats: the live queue figures. */
#define G_LOG_DOMAIN "floorboard-server"

#include "fb-queue-stats.h"
#include "fb-server-private.h"

static void
add_queue_figures (JsonBuilder   *b,
                   const FbQueue *q)
{
  json_builder_set_member_name (b, "waiting");
  json_builder_add_int_value (b, q->waiting);
  json_builder_set_member_name (b, "longest_wait_s");
  json_builder_add_int_value (b, q->longest_wait_s);
  json_builder_set_member_name (b, "offered");
  json_builder_add_int_value (b, q->offered);
  json_builder_set_member_name (b, "answered");
  json_builder_add_int_value (b, q->answered);
  json_builder_set_member_name (b, "abandoned");
  json_builder_add_int_value (b, q->abandoned);
  json_builder_set_member_name (b, "service_level");
  json_builder_add_double_value (b, q->service_level);
  json_builder_set_member_name (b, "asa_s");
  json_builder_add_double_value (b, q->asa_s);
  json_builder_set_member_name (b, "aht_s");
  json_builder_add_double_value (b, q->aht_s);
  json_builder_set_member_name (b, "agents_available");
  json_builder_add_int_value (b, q->agents_available);
  json_builder_set_member_name (b, "agents_busy");
  json_builder_add_int_value (b, q->agents_busy);
}

/* GET /api/v1/queues/stats: every queue's live figures and the center's. */
void
_fb_server_handle_queue_stats (FbServer          *self,
                               SoupServerMessage *msg,
                               GHashTable        *query,
                               const FbCaller    *caller)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) queues = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_queue_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  FbQueue total;

  if (!(rows = fb_server_store_list (self->store, "queue", &error)))
    {
      _fb_server_set_internal_error (msg, error);
      return;
    }
  for (guint i = 0; i < rows->len; i++)
    {
      FbChange *row = g_ptr_array_index (rows, i);
      FbQueue *q = fb_entity_decode_string (&fb_queue_spec, row->data, -1, NULL);

      if (q != NULL)
        g_ptr_array_add (queues, q);
    }
  fb_queue_stats_total ((const FbQueue * const *) queues->pdata, queues->len, &total);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "queues");
  json_builder_begin_array (b);
  for (guint i = 0; i < queues->len; i++)
    {
      const FbQueue *q = g_ptr_array_index (queues, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, q->id);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, q->name);
      json_builder_set_member_name (b, "sl_threshold_s");
      json_builder_add_int_value (b, q->sl_threshold_s);
      add_queue_figures (b, q);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "center");
  json_builder_begin_object (b);
  add_queue_figures (b, &total);
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  _fb_server_set_json (msg, SOUP_STATUS_OK, root);
}
