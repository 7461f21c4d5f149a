/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-seat-layout.c
 *
 * The seat map's data, prepared off the widget: seats on a grid of cells
 * from the cache's rows, placed in pixels for a size, and their looks at
 * a moment. The seat map paints what this holds and asks it which seat is
 * under the pointer; nothing here needs GTK.
 */
#define G_LOG_DOMAIN "floorboard-core"

#include <math.h>
#include <string.h>

#include "fb-entity.h"
#include "fb-row.h"
#include "fb-seat-layout.h"

/* Limits after which a state escalates, in seconds: long, very long. */
static const struct { FbAgentState state; gint64 long_s, very_long_s; } limits[] = {
  { FB_AGENT_BREAK, 15 * 60, 30 * 60 },
  { FB_AGENT_ON_CALL, 10 * 60, 20 * 60 },
  { FB_AGENT_AFTER_CALL_WORK, 2 * 60, 5 * 60 },
};

static void
seat_clear (FbPlacedSeat *seat)
{
  g_free (seat->id);
  g_free (seat->label);
  g_free (seat->zone);
  g_free (seat->agent_id);
  g_clear_object (&seat->agent_row);
  g_free (seat->plan_agent_id);
  g_clear_object (&seat->plan_row);
}

static void
zone_free (FbSeatZone *zone)
{
  g_free (zone->zone);
  g_free (zone);
}

void
fb_seat_layout_init (FbSeatLayout *self)
{
  g_return_if_fail (self != NULL);

  memset (self, 0, sizeof *self);
  self->seats = g_array_new (FALSE, TRUE, sizeof (FbPlacedSeat));
  g_array_set_clear_func (self->seats, (GDestroyNotify) seat_clear);
  self->zones = g_ptr_array_new_with_free_func ((GDestroyNotify) zone_free);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->by_agent = g_hash_table_new (g_str_hash, g_str_equal);
}

void
fb_seat_layout_clear (FbSeatLayout *self)
{
  g_return_if_fail (self != NULL);

  /* The tables' keys belong to the seats: before them. */
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->by_agent, g_hash_table_unref);
  g_clear_pointer (&self->seats, g_array_unref);
  g_clear_pointer (&self->zones, g_ptr_array_unref);
  g_clear_pointer (&self->grid, g_free);
}

FbSeatLook
fb_seat_layout_look (const FbPlacedSeat *seat,
                     gboolean            assign_mode,
                     gint64              now,
                     gint64             *next_change)
{
  const FbAgent *agent;

  g_return_val_if_fail (seat != NULL, FB_SEAT_LOOK_EMPTY);
  g_return_val_if_fail (next_change != NULL, FB_SEAT_LOOK_EMPTY);

  agent = seat->agent;
  *next_change = 0;
  if (seat->faulty)
    return FB_SEAT_LOOK_FAULTY;
  /* A plan does not change with time: no timer. */
  if (assign_mode)
    return seat->plan_agent_id != NULL ? FB_SEAT_LOOK_ASSIGNED : FB_SEAT_LOOK_EMPTY;
  if (agent == NULL)
    return FB_SEAT_LOOK_EMPTY;

  for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
    {
      gint64 in_state;

      if (limits[i].state != agent->state)
        continue;
      in_state = agent->state_since > 0 ? now - agent->state_since : 0;
      if (agent->state_since > 0 && in_state >= limits[i].very_long_s)
        return FB_SEAT_LOOK_VERY_LONG;
      if (agent->state_since > 0 && in_state >= limits[i].long_s)
        {
          *next_change = agent->state_since + limits[i].very_long_s;
          return FB_SEAT_LOOK_LONG;
        }
      if (agent->state_since > 0)
        *next_change = agent->state_since + limits[i].long_s;
      break;
    }

  switch (agent->state)
    {
    case FB_AGENT_AVAILABLE: return FB_SEAT_LOOK_AVAILABLE;
    case FB_AGENT_ON_CALL: return FB_SEAT_LOOK_ON_CALL;
    case FB_AGENT_AFTER_CALL_WORK: return FB_SEAT_LOOK_AFTER_CALL_WORK;
    case FB_AGENT_BREAK: return FB_SEAT_LOOK_BREAK;
    case FB_AGENT_OFFLINE:
    default: return FB_SEAT_LOOK_OFFLINE;
    }
}

gint64
fb_seat_layout_update_looks (FbSeatLayout *self,
                             gboolean      assign_mode,
                             gint64        now,
                             guint        *n_dirty)
{
  gint64 next = 0;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (n_dirty != NULL, 0);

  for (guint i = 0; i < self->seats->len; i++)
    {
      FbPlacedSeat *seat = &g_array_index (self->seats, FbPlacedSeat, i);
      gint64 seat_next;
      FbSeatLook look = fb_seat_layout_look (seat, assign_mode, now, &seat_next);

      if (look != seat->look)
        {
          seat->look = look;
          if (!seat->dirty)
            (*n_dirty)++;
          seat->dirty = TRUE;
        }
      if (seat_next > now && (next == 0 || seat_next < next))
        next = seat_next;
    }
  return next;
}

static void
rect_init (FbSeatRect *rect,
           double      x,
           double      y,
           double      width,
           double      height)
{
  rect->origin.x = x;
  rect->origin.y = y;
  rect->size.width = width;
  rect->size.height = height;
}

void
fb_seat_layout_place (FbSeatLayout *self,
                      int           width,
                      int           height)
{
  double gap;

  g_return_if_fail (self != NULL);

  height -= FB_SEAT_LAYOUT_ZONE_LABEL_H;
  if (self->cols == 0 || self->rows == 0 || width <= 0)
    return;
  /* The width decides (height follows from it); a height given too
   * small, as between new data and the next allocation, shrinks seats
   * only down to the smallest cell. */
  self->cell = MIN ((double) width / self->cols, FB_SEAT_LAYOUT_CELL_MAX);
  if (height > 0)
    self->cell = MIN (self->cell, MAX ((double) height / self->rows, FB_SEAT_LAYOUT_CELL_MIN));
  self->origin_x = (width - self->cell * self->cols) / 2;
  self->origin_y = FB_SEAT_LAYOUT_ZONE_LABEL_H;
  gap = MAX (1.0, self->cell * 0.12);
  for (guint i = 0; i < self->seats->len; i++)
    {
      FbPlacedSeat *seat = &g_array_index (self->seats, FbPlacedSeat, i);

      /* On whole pixels, all the same size: every seat is one stamp. */
      rect_init (&seat->rect,
                 round (self->origin_x + seat->x * self->cell + gap / 2),
                 round (self->origin_y + seat->y * self->cell + gap / 2),
                 MAX (1.0, floor (self->cell - gap)), MAX (1.0, floor (self->cell - gap)));
    }
  for (guint i = 0; i < self->zones->len; i++)
    {
      FbSeatZone *zone = g_ptr_array_index (self->zones, i);

      rect_init (&zone->label, self->origin_x + zone->x * self->cell,
                 self->origin_y + zone->y * self->cell - FB_SEAT_LAYOUT_ZONE_LABEL_H + 2,
                 MAX (self->cell * 4, 120), FB_SEAT_LAYOUT_ZONE_LABEL_H - 2);
    }
}

static void
set_agent (FbPlacedSeat *seat,
           FbRow        *row)
{
  g_set_object (&seat->agent_row, row);
  seat->agent = row ? fb_row_get_entity (row) : NULL;
}

GHashTable *
fb_seat_layout_rebuild (FbSeatLayout *self,
                        GListModel   *seats,
                        GListModel   *agents)
{
  /* Keys are the rows' own ids: they live as long as the rows held. */
  GHashTable *agent_rows = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  g_autoptr(GHashTable) zones = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_agents, n_seats;
  int cols = 0, rows = 0;

  g_return_val_if_fail (self != NULL, NULL);

  g_array_set_size (self->seats, 0);
  g_ptr_array_set_size (self->zones, 0);
  g_hash_table_remove_all (self->by_id);
  g_hash_table_remove_all (self->by_agent);

  n_agents = agents ? g_list_model_get_n_items (agents) : 0;
  for (guint i = 0; i < n_agents; i++)
    {
      FbRow *row = g_list_model_get_item (agents, i);

      g_hash_table_replace (agent_rows, (gpointer) fb_row_get_id (row), row);
    }

  n_seats = seats ? g_list_model_get_n_items (seats) : 0;
  for (guint i = 0; i < n_seats; i++)
    {
      g_autoptr(FbRow) row = g_list_model_get_item (seats, i);
      const FbSeat *s = fb_row_get_entity (row);
      FbPlacedSeat seat = { 0 };
      FbSeatZone *zone;

      /* A grid far beyond a real floor is bad data, not a reason to
       * allocate gigabytes. */
      if (s->x >= 1000 || s->y >= 1000)
        continue;
      seat.id = g_strdup (s->id);
      seat.label = g_strdup (s->label);
      seat.zone = g_strdup (s->zone);
      seat.agent_id = g_strdup (s->agent_id);
      seat.x = (int) s->x;
      seat.y = (int) s->y;
      seat.faulty = s->equipment == FB_EQUIPMENT_FAULTY;
      set_agent (&seat, s->agent_id ? g_hash_table_lookup (agent_rows, s->agent_id) : NULL);
      seat.look = FB_SEAT_LOOK_EMPTY;
      g_array_append_val (self->seats, seat);
      g_hash_table_insert (self->by_id, seat.id, GUINT_TO_POINTER (self->seats->len));
      if (seat.agent_id != NULL)
        g_hash_table_insert (self->by_agent, seat.agent_id, GUINT_TO_POINTER (self->seats->len));
      cols = MAX (cols, seat.x + 1);
      rows = MAX (rows, seat.y + 1);

      if (!(zone = g_hash_table_lookup (zones, s->zone)))
        {
          zone = g_new0 (FbSeatZone, 1);
          zone->zone = g_strdup (s->zone);
          zone->x = seat.x;
          zone->y = seat.y;
          g_hash_table_insert (zones, zone->zone, zone);
          g_ptr_array_add (self->zones, zone);
        }
      zone->x = MIN (zone->x, seat.x);
      zone->y = MIN (zone->y, seat.y);
    }

  g_free (self->grid);
  self->grid = g_new0 (int, MAX (cols * rows, 1));
  for (guint i = 0; i < self->seats->len; i++)
    {
      FbPlacedSeat *seat = &g_array_index (self->seats, FbPlacedSeat, i);
      self->grid[seat->y * cols + seat->x] = i + 1;
    }
  self->cols = cols;
  self->rows = rows;
  return agent_rows;
}

void
fb_seat_layout_update_agents (FbSeatLayout *self,
                              GPtrArray    *agent_rows)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (agent_rows != NULL);

  for (guint i = 0; i < agent_rows->len; i++)
    {
      FbRow *row = g_ptr_array_index (agent_rows, i);
      guint index = GPOINTER_TO_UINT (g_hash_table_lookup (self->by_agent, fb_row_get_id (row)));

      if (index > 0)
        set_agent (&g_array_index (self->seats, FbPlacedSeat, index - 1), row);
    }
}

FbPlacedSeat *
fb_seat_layout_seat_at (FbSeatLayout *self,
                        double        x,
                        double        y)
{
  int cx, cy, index;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->cell <= 0)
    return NULL;
  cx = (int) ((x - self->origin_x) / self->cell);
  cy = (int) ((y - self->origin_y) / self->cell);
  if (x < self->origin_x || y < self->origin_y || cx >= self->cols || cy >= self->rows)
    return NULL;
  index = self->grid[cy * self->cols + cx];
  return index > 0 ? &g_array_index (self->seats, FbPlacedSeat, index - 1) : NULL;
}

FbPlacedSeat *
fb_seat_layout_lookup (FbSeatLayout *self,
                       const char   *seat_id)
{
  guint index;

  g_return_val_if_fail (self != NULL, NULL);

  index = GPOINTER_TO_UINT (g_hash_table_lookup (self->by_id, seat_id));
  return index > 0 ? &g_array_index (self->seats, FbPlacedSeat, index - 1) : NULL;
}
