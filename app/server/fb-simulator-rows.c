/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-simulator-rows.c: writes the queue, interval, agent, seat and team
 * rows that changed since the last flush. */
#define G_LOG_DOMAIN "floorboard-server"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "fb-simulator-private.h"

/* ---- writing rows -------------------------------------------------------- */

typedef struct
{
  const char *type;
  char       *id;
  JsonNode   *data;
} Staged;

static void
staged_free (gpointer data)
{
  Staged *staged = data;

  g_free (staged->id);
  json_node_unref (staged->data);
  g_free (staged);
}

/* The row as stored now, as an object to patch; NULL when absent. */
static JsonObject *
stored_object (FbSimulator *self,
               const char  *type,
               const char  *id,
               char       **text)
{
  g_autoptr(FbChange) change = fb_server_store_get (self->store, type, id, NULL);
  g_autoptr(JsonNode) node = NULL;

  if (change == NULL || change->deleted || change->data == NULL ||
      !(node = json_from_string (change->data, NULL)) || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  *text = g_strdup (change->data);
  return json_object_ref (json_node_get_object (node));
}

/* Normalizes @row (consumed) and stages it unless the store holds that
 * very row already. */
static gboolean
stage (FbSimulator         *self,
       GPtrArray           *staged,
       const FbEntitySpec  *spec,
       JsonObject          *row,
       const char          *stored_text,
       GError             **error)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) normalized = NULL;
  g_autofree char *text = NULL;
  g_autofree char *id = g_strdup (json_object_get_string_member_with_default (row, "id", ""));
  Staged *s;

  json_node_take_object (node, row);
  if (!(normalized = fb_entity_normalize (spec, node, error)))
    {
      g_prefix_error (error, _("Simulated %s “%s”: "), spec->type, id);
      return FALSE;
    }
  text = json_to_string (normalized, FALSE);
  if (stored_text != NULL && strcmp (text, stored_text) == 0)
    return TRUE;
  s = g_new0 (Staged, 1);
  s->type = spec->type;
  s->id = g_steal_pointer (&id);
  s->data = g_steal_pointer (&normalized);
  g_ptr_array_add (staged, s);
  return TRUE;
}

static void
row_figures (FbSimulator *self,
             SimQueue    *q,
             RowFigures  *f)
{
  FbSimQueueStats stats;

  fb_sim_queue_stats (self, q, &stats);
  /* Within what the queue row accepts, however long a run goes. */
  f->waiting = MIN (stats.waiting, 100000);
  f->longest_wait_s = MIN ((gint64) floor (stats.longest_wait_s), 86400);
  f->agents_available = MIN (stats.agents_available, 100000);
  f->agents_busy = MIN (stats.agents_busy, 100000);
  f->offered = MIN (stats.offered, 10000000);
  f->answered = MIN (stats.answered, f->offered);
  f->abandoned = MIN (stats.abandoned, f->offered - f->answered);
  f->sl_milli = (gint64) round (stats.service_level * 1000);
  f->asa_deci = MIN ((gint64) round (stats.asa_s * 10), 864000);
  f->aht_deci = MIN ((gint64) round (stats.aht_s * 10), 864000);
}

static gboolean
stage_queue (FbSimulator  *self,
             GPtrArray    *staged,
             SimQueue     *q,
             RowFigures   *f,
             GError      **error)
{
  g_autofree char *stored_text = NULL;
  JsonObject *row = stored_object (self, "queue", q->id, &stored_text);

  if (row == NULL || self->configured)
    {
      g_clear_pointer (&row, json_object_unref);
      row = json_object_new ();
      json_object_set_string_member (row, "id", q->id);
      json_object_set_string_member (row, "name", q->name);
      json_object_set_int_member (row, "sl_threshold_s", q->threshold);
    }
  json_object_set_int_member (row, "waiting", f->waiting);
  json_object_set_int_member (row, "longest_wait_s", f->longest_wait_s);
  json_object_set_int_member (row, "agents_available", f->agents_available);
  json_object_set_int_member (row, "agents_busy", f->agents_busy);
  json_object_set_int_member (row, "offered", f->offered);
  json_object_set_int_member (row, "answered", f->answered);
  json_object_set_int_member (row, "abandoned", f->abandoned);
  json_object_set_double_member (row, "service_level", f->sl_milli / 1000.0);
  json_object_set_double_member (row, "asa_s", f->asa_deci / 10.0);
  json_object_set_double_member (row, "aht_s", f->aht_deci / 10.0);
  fb_sim_set_timestamp (row, "updated_at", fb_simulator_get_now_unix (self));
  return stage (self, staged, &fb_queue_spec, row, stored_text, error);
}

static gboolean
stage_interval (FbSimulator        *self,
                GPtrArray          *staged,
                SimQueue           *q,
                const SimInterval  *iv,
                GError            **error)
{
  g_autofree char *id = fb_sim_interval_id (q->id, iv->start);
  g_autofree char *stored_text = NULL;
  JsonObject *old = stored_object (self, "queue_interval", id, &stored_text);
  JsonObject *row;
  gint64 f[6];

  g_clear_pointer (&old, json_object_unref);
  fb_sim_interval_figures (iv, f);
  row = fb_sim_interval_row (q->id, iv->start, f[0], f[1], f[2], f[3], f[4] / 10.0, f[5] / 10.0);
  return stage (self, staged, &fb_queue_interval_spec, row, stored_text, error);
}

static gboolean
stage_agent (FbSimulator  *self,
             GPtrArray    *staged,
             SimAgent     *agent,
             GError      **error)
{
  g_autofree char *stored_text = NULL;
  JsonObject *row = stored_object (self, "agent", agent->id, &stored_text);

  if (self->configured)
    {
      SimQueue *q = QUEUE (self, agent->queue);
      g_autofree char *employee_no = g_strdup_printf ("SIM%05u", agent->number);
      JsonArray *skills = json_array_new ();

      g_clear_pointer (&row, json_object_unref);
      row = json_object_new ();
      json_object_set_string_member (row, "id", agent->id);
      json_object_set_string_member (row, "name", agent->name);
      json_object_set_string_member (row, "employee_no", employee_no);
      json_object_set_string_member (row, "grade", fb_grade_values[FB_GRADE_INTERMEDIATE]);
      json_object_set_string_member (row, "team_id", SIM_TEAM_ID);
      json_array_add_string_element (skills, q->id);
      json_object_set_array_member (row, "skills", skills);
      json_object_set_string_member (row, "queue_id", q->id);
    }
  else if (row == NULL)
    return TRUE;  /* deleted meanwhile: not ours to bring back */

  json_object_set_string_member (row, "state", fb_agent_state_values[agent->state]);
  fb_sim_set_timestamp (row, "state_since", self->start_unix + (gint64) floor (agent->since));
  if (agent->seat >= 0)
    json_object_set_string_member (row, "seat_id", SEAT (self, agent->seat)->id);
  else if (json_object_has_member (row, "seat_id"))
    json_object_remove_member (row, "seat_id");
  return stage (self, staged, &fb_agent_spec, row, stored_text, error);
}

static gboolean
stage_seat (FbSimulator  *self,
            GPtrArray    *staged,
            SimSeat      *seat,
            GError      **error)
{
  g_autofree char *stored_text = NULL;
  JsonObject *row = stored_object (self, "seat", seat->id, &stored_text);

  if (row == NULL)
    return TRUE;
  json_object_set_string_member (row, "equipment", fb_equipment_values[seat->faulty ? FB_EQUIPMENT_FAULTY : FB_EQUIPMENT_OK]);
  if (seat->agent >= 0)
    json_object_set_string_member (row, "agent_id", AGENT (self, seat->agent)->id);
  else if (json_object_has_member (row, "agent_id"))
    json_object_remove_member (row, "agent_id");
  return stage (self, staged, &fb_seat_spec, row, stored_text, error);
}

static gboolean
stage_team (FbSimulator  *self,
            GPtrArray    *staged,
            GError      **error)
{
  g_autofree char *stored_text = NULL;
  JsonObject *old = stored_object (self, "team", SIM_TEAM_ID, &stored_text);
  JsonObject *row = json_object_new ();

  g_clear_pointer (&old, json_object_unref);
  json_object_set_string_member (row, "id", SIM_TEAM_ID);
  json_object_set_string_member (row, "name", _("Simulated team"));
  json_object_set_string_member (row, "shift", fb_shift_values[FB_SHIFT_DAY]);
  json_object_set_string_member (row, "start", "00:00");
  json_object_set_string_member (row, "end", "23:59");
  return stage (self, staged, &fb_team_spec, row, stored_text, error);
}

gboolean
fb_simulator_flush (FbSimulator  *self,
                    GError      **error)
{
  g_autoptr(GPtrArray) staged = g_ptr_array_new_with_free_func (staged_free);
  g_autoptr(GArray) figures = g_array_new (FALSE, FALSE, sizeof (RowFigures));

  g_return_val_if_fail (FB_IS_SIMULATOR (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->configured && !self->team_written && !stage_team (self, staged, error))
    return FALSE;
  g_array_set_size (figures, self->queues->len);
  for (guint i = 0; i < self->queues->len; i++)
    {
      SimQueue *q = QUEUE (self, i);
      RowFigures *f = &g_array_index (figures, RowFigures, i);

      row_figures (self, q, f);
      if ((!q->has_written || memcmp (f, &q->written, sizeof *f) != 0) &&
          !stage_queue (self, staged, q, f, error))
        return FALSE;
    }
  /* After the queues, as the demo writes them. */
  for (guint i = 0; i < self->queues->len; i++)
    {
      SimQueue *q = QUEUE (self, i);

      fb_sim_interval_get (q, fb_sim_quarter_of (self, self->now));
      for (guint k = 0; k < q->intervals->len; k++)
        {
          SimInterval *iv = &g_array_index (q->intervals, SimInterval, k);
          gint64 f[6];

          fb_sim_interval_figures (iv, f);
          if ((!iv->has_written || memcmp (f, iv->written, sizeof f) != 0) &&
              !stage_interval (self, staged, q, iv, error))
            return FALSE;
        }
    }
  for (guint i = 0; i < self->agents->len; i++)
    if (AGENT (self, i)->dirty && !stage_agent (self, staged, AGENT (self, i), error))
      return FALSE;
  for (guint i = 0; i < self->seats->len; i++)
    if (SEAT (self, i)->dirty && !stage_seat (self, staged, SEAT (self, i), error))
      return FALSE;
  for (guint i = 0; i < self->assignments->len; i++)
    {
      JsonNode *node = g_ptr_array_index (self->assignments, i);
      JsonObject *row = json_object_ref (json_node_get_object (node));
      g_autofree char *stored_text = NULL;
      JsonObject *old = stored_object (self, "seat_assignment",
                                       json_object_get_string_member (row, "id"), &stored_text);

      g_clear_pointer (&old, json_object_unref);
      if (!stage (self, staged, &fb_seat_assignment_spec, row, stored_text, error))
        return FALSE;
    }
  for (guint i = 0; i < self->escalations->len; i++)
    {
      JsonNode *node = g_ptr_array_index (self->escalations, i);

      if (!stage (self, staged, &fb_escalation_spec, json_object_ref (json_node_get_object (node)), NULL, error))
        return FALSE;
    }
  for (guint i = 0; i < self->new_leaves->len; i++)
    {
      JsonNode *node = g_ptr_array_index (self->new_leaves, i);

      if (!stage (self, staged, &fb_leave_request_spec, json_object_ref (json_node_get_object (node)), NULL, error))
        return FALSE;
    }
  for (guint i = 0; i < self->new_swaps->len; i++)
    {
      JsonNode *node = g_ptr_array_index (self->new_swaps, i);

      if (!stage (self, staged, &fb_swap_request_spec, json_object_ref (json_node_get_object (node)), NULL, error))
        return FALSE;
    }

  if (staged->len > 0)
    {
      if (!fb_server_store_begin (self->store, error))
        return FALSE;
      for (guint i = 0; i < staged->len; i++)
        {
          Staged *s = g_ptr_array_index (staged, i);

          if (fb_server_store_put_node (self->store, s->type, s->id, s->data, error) == 0)
            {
              fb_server_store_rollback (self->store);
              return FALSE;
            }
        }
      if (!fb_server_store_commit (self->store, error))
        {
          fb_server_store_rollback (self->store);
          return FALSE;
        }
    }

  /* Written: what the rows show now is the model. */
  self->team_written = TRUE;
  for (guint i = 0; i < self->queues->len; i++)
    {
      SimQueue *q = QUEUE (self, i);

      q->written = g_array_index (figures, RowFigures, i);
      q->has_written = TRUE;
      for (guint k = 0; k < q->intervals->len; k++)
        {
          SimInterval *iv = &g_array_index (q->intervals, SimInterval, k);

          fb_sim_interval_figures (iv, iv->written);
          iv->has_written = TRUE;
        }
      fb_sim_intervals_prune (self, q);
    }
  for (guint i = 0; i < self->agents->len; i++)
    AGENT (self, i)->dirty = FALSE;
  for (guint i = 0; i < self->seats->len; i++)
    SEAT (self, i)->dirty = FALSE;
  g_ptr_array_set_size (self->assignments, 0);
  g_ptr_array_set_size (self->escalations, 0);
  g_ptr_array_set_size (self->new_leaves, 0);
  g_ptr_array_set_size (self->new_swaps, 0);
  return TRUE;
}
