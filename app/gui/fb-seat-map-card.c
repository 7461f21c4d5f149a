/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-seat-map-card.c: what a seat says — its tooltip, the agent card a
 * click opens, the seat under the pointer — read from the layout. */
#define G_LOG_DOMAIN "floorboard"

#include <glib/gi18n.h>

#include "fb-entity.h"
#include "fb-labels.h"
#include "fb-row.h"
#include "fb-seat-map-private.h"

static char *
format_in_state (const FbAgent *agent)
{
  gint64 minutes;

  if (agent->state_since <= 0)
    return g_strdup (fb_labels_for_value (fb_agent_state_values[agent->state]));
  minutes = MAX (0, now_s () - agent->state_since) / 60;
  /* Translators: an agent's state and for how long, e.g. "On call for 12 min" */
  return g_strdup_printf (_("%s for %d min"), fb_labels_for_value (fb_agent_state_values[agent->state]),
                          (int) minutes);
}

static char *
seat_tooltip (FbSeatMap  *self,
              const Seat *seat)
{
  g_autofree char *in_state = NULL;

  if (self->assign_mode)
    {
      const FbAgent *agent = seat->plan_row ? fb_row_get_entity (seat->plan_row) : NULL;

      if (seat->faulty)
        /* Translators: a seat's label; faulty seats are not assigned */
        return g_strdup_printf (_("%s · Faulty equipment: not assigned"), seat->label);
      if (seat->plan_agent_id == NULL)
        return g_strdup_printf (_("%s · Free"), seat->label);
      return g_strdup_printf ("%s · %s", seat->label, agent ? agent->name : seat->plan_agent_id);
    }
  if (seat->faulty)
    return g_strdup_printf (_("%s · Faulty equipment"), seat->label);
  if (seat->agent == NULL)
    return g_strdup_printf (_("%s · Empty"), seat->label);
  in_state = format_in_state (seat->agent);
  return g_strdup_printf ("%s · %s · %s", seat->label, seat->agent->name, in_state);
}

/* The seats' ids in the map's order (zone by zone, row by row). */
GStrv
fb_seat_map_dup_seat_ids (FbSeatMap *self)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

  g_return_val_if_fail (FB_IS_SEAT_MAP (self), NULL);
  for (guint i = 0; i < self->layout.seats->len; i++)
    g_strv_builder_add (ids, g_array_index (self->layout.seats, Seat, i).id);
  return g_strv_builder_end (ids);
}

const char *
fb_seat_map_get_seat_at (FbSeatMap *self,
                         double     x,
                         double     y)
{
  Seat *seat;

  g_return_val_if_fail (FB_IS_SEAT_MAP (self), NULL);
  seat = seat_at (self, x, y);
  return seat ? seat->id : NULL;
}

gboolean
fb_seat_map_get_seat_bounds (FbSeatMap       *self,
                             const char      *seat_id,
                             graphene_rect_t *bounds)
{
  Seat *seat;

  g_return_val_if_fail (FB_IS_SEAT_MAP (self), FALSE);
  g_return_val_if_fail (bounds != NULL, FALSE);

  if (!(seat = seat_by_id (self, seat_id)) || self->layout.cell <= 0)
    return FALSE;
  *bounds = *seat_rect (&seat->rect);
  return TRUE;
}

char *
fb_seat_map_dup_tooltip (FbSeatMap  *self,
                         const char *seat_id)
{
  Seat *seat;

  g_return_val_if_fail (FB_IS_SEAT_MAP (self), NULL);
  g_return_val_if_fail (seat_id != NULL, NULL);

  seat = seat_by_id (self, seat_id);
  return seat ? seat_tooltip (self, seat) : NULL;
}

gboolean
fb_seat_map_query_tooltip_cb (GtkWidget  *widget,
                              int         x,
                              int         y,
                              gboolean    keyboard,
                              GtkTooltip *tooltip,
                              FbSeatMap  *self)
{
  Seat *seat = seat_at (self, x, y);
  g_autofree char *text = NULL;
  GdkRectangle area;

  if (seat == NULL)
    return FALSE;
  text = seat_tooltip (self, seat);
  gtk_tooltip_set_text (tooltip, text);
  area = (GdkRectangle) { seat->rect.origin.x, seat->rect.origin.y, seat->rect.size.width, seat->rect.size.height };
  gtk_tooltip_set_tip_area (tooltip, &area);
  return TRUE;
}

static const char *
row_name (GListModel *model,
          const char *id)
{
  guint n = model ? g_list_model_get_n_items (model) : 0;

  for (guint i = 0; id != NULL && i < n; i++)
    {
      g_autoptr(FbRow) row = g_list_model_get_item (model, i);
      if (g_strcmp0 (fb_row_get_id (row), id) == 0)
        {
          JsonNode *name = fb_row_lookup (row, "name");
          return name ? json_node_get_string (name) : NULL;
        }
    }
  return NULL;
}

/* The newest QA total of @agent_id, or NULL. */
static char *
latest_qa (FbSeatMap  *self,
           const char *agent_id)
{
  guint n = self->evaluations ? g_list_model_get_n_items (self->evaluations) : 0;
  const FbQaEvaluation *best = NULL;
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      FbRow *row = g_list_model_get_item (self->evaluations, i);
      const FbQaEvaluation *qa = fb_row_get_entity (row);

      g_ptr_array_add (keep, row);
      if (g_strcmp0 (qa->agent_id, agent_id) == 0 && (best == NULL || qa->evaluated_at > best->evaluated_at))
        best = qa;
    }
  if (best == NULL)
    return NULL;
  {
    g_autofree char *when = self->context ? fb_context_format_time (self->context, best->evaluated_at)
                                          : fb_labels_format_time (NULL, best->evaluated_at);
    /* Translators: a QA total score and when it was given */
    return g_strdup_printf (_("%.1f (%s)"), best->total, when);
  }
}

gboolean
fb_seat_map_show_card (FbSeatMap  *self,
                       const char *seat_id)
{
  Seat *seat;
  const FbAgent *agent;
  g_autofree char *in_state = NULL;
  g_autofree char *qa = NULL;
  g_autofree char *markup = NULL;
  const char *team;
  GdkRectangle area;

  g_return_val_if_fail (FB_IS_SEAT_MAP (self), FALSE);
  g_return_val_if_fail (seat_id != NULL, FALSE);

  if (!(seat = seat_by_id (self, seat_id)) || !(agent = seat->agent))
    return FALSE;

  in_state = format_in_state (agent);
  qa = latest_qa (self, agent->id);
  team = row_name (self->teams, agent->team_id);
  markup = g_markup_printf_escaped ("<b>%s</b>  %s\n%s: %s\n%s: %s\n%s: %s\n%s: %s\n%s: %s",
                                    agent->name, agent->employee_no,
                                    _("Seat"), seat->label,
                                    _("Grade"), fb_labels_for_value (fb_grade_values[agent->grade]),
                                    _("Team"), team ? team : agent->team_id,
                                    _("State"), in_state,
                                    _("Latest QA"), qa ? qa : _("none yet"));
  gtk_label_set_markup (self->card_label, markup);
  area = (GdkRectangle) { seat->rect.origin.x, seat->rect.origin.y, seat->rect.size.width, seat->rect.size.height };
  gtk_popover_set_pointing_to (self->card, &area);
  gtk_popover_popup (self->card);
  return TRUE;
}

void
fb_seat_map_pressed_cb (GtkGestureClick *gesture,
                        int              n_press,
                        double           x,
                        double           y,
                        FbSeatMap       *self)
{
  Seat *seat = seat_at (self, x, y);

  if (self->assign_mode)
    {
      if (seat != NULL)
        {
          g_autofree char *seat_id = g_strdup (seat->id);

          gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
          g_signal_emit_by_name (self, "seat-activated", seat_id);
        }
      return;
    }
  if (seat != NULL && fb_seat_map_show_card (self, seat->id))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}
