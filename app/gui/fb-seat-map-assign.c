/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-seat-map-assign.c: the seat map in assign mode.
 *
 * The map shows a seat plan (who sits where on a shift, coloured by team)
 * for the seat-assignment dialog, which owns the plan and says what a
 * click or a dropped agent does.
 */
#define G_LOG_DOMAIN "floorboard"

#include <glib/gi18n.h>

#include "fb-entity.h"
#include "fb-row.h"
#include "fb-seat-map-private.h"

/* Team id -> colour index, in the teams model's order. */
GHashTable *
fb_seat_map_team_colors (FbSeatMap *self)
{
  GHashTable *colors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = self->teams ? g_list_model_get_n_items (self->teams) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbRow) row = g_list_model_get_item (self->teams, i);

      g_hash_table_insert (colors, g_strdup (fb_row_get_id (row)), GINT_TO_POINTER (i % N_TEAM_COLORS));
    }
  return colors;
}

/* Puts the plan's agent on @seat (@agents: id -> FbRow); TRUE if what
 * the seat shows changed. */
gboolean
fb_seat_map_seat_set_plan (FbSeatMap  *self,
                           Seat       *seat,
                           GHashTable *agents,
                           GHashTable *colors)
{
  const char *agent_id = self->plan ? g_hash_table_lookup (self->plan, seat->id) : NULL;
  FbRow *row = agent_id ? g_hash_table_lookup (agents, agent_id) : NULL;
  int color = UNKNOWN_COLOR;
  gpointer index;
  gboolean changed;

  if (row != NULL)
    {
      const FbAgent *agent = fb_row_get_entity (row);

      if (agent->team_id != NULL && g_hash_table_lookup_extended (colors, agent->team_id, NULL, &index))
        color = GPOINTER_TO_INT (index);
    }
  changed = g_strcmp0 (agent_id, seat->plan_agent_id) != 0 || row != seat->plan_row || color != seat->plan_color;
  if (g_strcmp0 (agent_id, seat->plan_agent_id) != 0)
    {
      g_free (seat->plan_agent_id);
      seat->plan_agent_id = g_strdup (agent_id);
    }
  g_set_object (&seat->plan_row, row);
  seat->plan_color = color;
  return changed;
}

static void
set_drop_seat (FbSeatMap  *self,
               const char *seat_id)
{
  if (g_strcmp0 (self->drop_seat, seat_id) == 0)
    return;
  g_free (self->drop_seat);
  self->drop_seat = g_strdup (seat_id);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Says what the plan holds to those who cannot see the colours. */
void
fb_seat_map_update_description (FbSeatMap *self)
{
  guint n_assigned = 0, n_faulty = 0;
  g_autofree char *text = NULL;

  if (!self->assign_mode)
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      return;
    }
  for (guint i = 0; i < self->layout.seats->len; i++)
    {
      const Seat *seat = &g_array_index (self->layout.seats, Seat, i);

      n_assigned += seat->plan_agent_id != NULL;
      n_faulty += seat->faulty;
    }
  /* Translators: the seat plan's summary for screen readers */
  text = g_strdup_printf (_("%u of %u seats assigned, %u faulty"), n_assigned, self->layout.seats->len, n_faulty);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

/* The plan onto the seats: those whose agent or colour changed are
 * painted again, the others keep their pixels. */
static void
apply_plan (FbSeatMap *self)
{
  g_autoptr(GHashTable) agents = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) colors = fb_seat_map_team_colors (self);
  guint n = self->agents != NULL ? g_list_model_get_n_items (self->agents) : 0;

  for (guint i = 0; i < n; i++)
    {
      FbRow *row = g_list_model_get_item (self->agents, i);

      g_ptr_array_add (keep, row);
      g_hash_table_insert (agents, (gpointer) fb_row_get_id (row), row);
    }
  for (guint i = 0; i < self->layout.seats->len; i++)
    {
      Seat *seat = &g_array_index (self->layout.seats, Seat, i);

      if (fb_seat_map_seat_set_plan (self, seat, agents, colors) && self->assign_mode && !seat->dirty)
        {
          seat->dirty = TRUE;
          self->n_dirty++;
        }
    }
  fb_seat_map_update_description (self);
  fb_seat_map_recompute_looks (self);
  fb_seat_map_paint (self, FALSE);
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         FbSeatMap     *self)
{
  set_drop_seat (self, NULL);
  if (!G_VALUE_HOLDS_STRING (value) || g_value_get_string (value) == NULL)
    return FALSE;
  return fb_seat_map_drop_agent (self, g_value_get_string (value), x, y);
}

static GdkDragAction
drop_motion_cb (GtkDropTarget *target,
                double         x,
                double         y,
                FbSeatMap     *self)
{
  Seat *seat = seat_at (self, x, y);

  /* A faulty seat takes nobody: no ring; the drop is still let through
   * so the handler can say why it refuses. */
  set_drop_seat (self, seat && !seat->faulty ? seat->id : NULL);
  return seat ? GDK_ACTION_MOVE : 0;
}

static void
drop_leave_cb (GtkDropTarget *target,
               FbSeatMap     *self)
{
  set_drop_seat (self, NULL);
}

void
fb_seat_map_set_assign_mode (FbSeatMap *self,
                             gboolean   assign_mode)
{
  g_return_if_fail (FB_IS_SEAT_MAP (self));

  assign_mode = !!assign_mode;
  if (self->assign_mode == assign_mode)
    return;
  self->assign_mode = assign_mode;
  if (assign_mode)
    {
      self->drop_target = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_MOVE | GDK_ACTION_COPY);
      g_signal_connect (self->drop_target, "drop", G_CALLBACK (drop_cb), self);
      g_signal_connect (self->drop_target, "motion", G_CALLBACK (drop_motion_cb), self);
      g_signal_connect (self->drop_target, "leave", G_CALLBACK (drop_leave_cb), self);
      gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drop_target));
      gtk_popover_popdown (self->card);
    }
  else
    {
      gtk_widget_remove_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drop_target));
      self->drop_target = NULL;
      set_drop_seat (self, NULL);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  assign_mode ? _("Seat plan") : _("Seat map"), -1);
  fb_seat_map_update_description (self);
  fb_seat_map_recompute_looks (self);
  fb_seat_map_paint (self, TRUE);
}

gboolean
fb_seat_map_get_assign_mode (FbSeatMap *self)
{
  g_return_val_if_fail (FB_IS_SEAT_MAP (self), FALSE);
  return self->assign_mode;
}

void
fb_seat_map_set_plan (FbSeatMap  *self,
                      GHashTable *plan)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (FB_IS_SEAT_MAP (self));

  g_clear_pointer (&self->plan, g_hash_table_unref);
  if (plan != NULL)
    {
      self->plan = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_iter_init (&iter, plan);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (self->plan, g_strdup (key), g_strdup (value));
    }
  apply_plan (self);
}

const char *
fb_seat_map_get_planned_agent (FbSeatMap  *self,
                               const char *seat_id)
{
  Seat *seat;

  g_return_val_if_fail (FB_IS_SEAT_MAP (self), NULL);
  g_return_val_if_fail (seat_id != NULL, NULL);

  seat = seat_by_id (self, seat_id);
  return seat ? seat->plan_agent_id : NULL;
}

void
fb_seat_map_set_highlight (FbSeatMap  *self,
                           const char *seat_id)
{
  g_return_if_fail (FB_IS_SEAT_MAP (self));

  if (g_strcmp0 (self->highlight, seat_id) == 0)
    return;
  g_free (self->highlight);
  self->highlight = g_strdup (seat_id);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
fb_seat_map_get_highlight (FbSeatMap *self)
{
  g_return_val_if_fail (FB_IS_SEAT_MAP (self), NULL);
  return self->highlight;
}

gboolean
fb_seat_map_drop_agent (FbSeatMap  *self,
                        const char *agent_id,
                        double      x,
                        double      y)
{
  Seat *seat;
  g_autofree char *seat_id = NULL;
  gboolean accepted = FALSE;

  g_return_val_if_fail (FB_IS_SEAT_MAP (self), FALSE);
  g_return_val_if_fail (agent_id != NULL, FALSE);

  if (!self->assign_mode || !(seat = seat_at (self, x, y)))
    return FALSE;
  /* The handler changes the plan, which may rebuild the seats. */
  seat_id = g_strdup (seat->id);
  g_signal_emit_by_name (self, "agent-dropped", agent_id, seat_id, &accepted);
  return accepted;
}
