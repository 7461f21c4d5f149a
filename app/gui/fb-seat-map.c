/* fb-seat-map.c
 *
 * Everything the drawing needs (rectangles, colours, labels) is prepared
 * when the cache or the size changes; snapshot() only replays a cached
 * render node. Colours that escalate with time in state change without
 * new data, so one timeout is set for the next moment a seat crosses a
 * limit, and none when no seat will.
 */
#include <glib/gi18n.h>

#include "fb-entity.h"
#include "fb-labels.h"
#include "fb-row.h"
#include "fb-seat-map.h"

#define CELL_NATURAL 34
#define CELL_MAX     44
#define CELL_MIN     10
#define ZONE_LABEL_H 22

typedef struct
{
  char        *id;
  char        *label;
  char        *zone;
  char        *agent_id;
  int          x, y;
  gboolean     faulty;
  const FbAgent *agent;     /* owned by its FbRow, kept in agent_rows */
  FbSeatLook   look;
  graphene_rect_t rect;
} Seat;

typedef struct
{
  char *zone;
  int   x, y;               /* top-left cell of the zone */
} Zone;

struct _FbSeatMap
{
  GtkWidget      parent_instance;

  GListModel    *seats;
  GListModel    *agents;
  GListModel    *teams;
  GListModel    *evaluations;

  GArray        *items;        /* Seat */
  GPtrArray     *zones;        /* Zone */
  GPtrArray     *agent_rows;   /* FbRow, keeps agents alive */
  GHashTable    *by_id;        /* seat id -> index + 1 */
  int            cols, rows;
  int           *grid;         /* cols*rows: index + 1, 0 = no seat */

  double         cell;
  double         origin_x, origin_y;
  GskRenderNode *node;
  guint          timer_id;
  guint          rebuild_id;
  guint          n_prepared;

  GtkPopover    *card;
  GtkLabel      *card_label;
};

G_DEFINE_FINAL_TYPE (FbSeatMap, fb_seat_map, GTK_TYPE_WIDGET)

/* Limits after which a state escalates, in seconds: long, very long. */
static const struct { FbAgentState state; gint64 long_s, very_long_s; } limits[] = {
  { FB_AGENT_BREAK, 15 * 60, 30 * 60 },
  { FB_AGENT_ON_CALL, 10 * 60, 20 * 60 },
  { FB_AGENT_AFTER_CALL_WORK, 2 * 60, 5 * 60 },
};

static const GdkRGBA look_colors[] = {
  [FB_SEAT_LOOK_EMPTY]           = { 0.60, 0.60, 0.59, 0.18 },
  [FB_SEAT_LOOK_FAULTY]          = { 0.75, 0.11, 0.16, 0.25 },
  [FB_SEAT_LOOK_OFFLINE]         = { 0.60, 0.60, 0.59, 0.55 },
  [FB_SEAT_LOOK_AVAILABLE]       = { 0.20, 0.82, 0.48, 1.0 },
  [FB_SEAT_LOOK_ON_CALL]         = { 0.21, 0.52, 0.89, 1.0 },
  [FB_SEAT_LOOK_AFTER_CALL_WORK] = { 0.57, 0.25, 0.67, 1.0 },
  [FB_SEAT_LOOK_BREAK]           = { 0.96, 0.83, 0.18, 1.0 },
  [FB_SEAT_LOOK_LONG]            = { 1.00, 0.47, 0.00, 1.0 },
  [FB_SEAT_LOOK_VERY_LONG]       = { 0.88, 0.11, 0.14, 1.0 },
};

static void
seat_clear (Seat *seat)
{
  g_free (seat->id);
  g_free (seat->label);
  g_free (seat->zone);
  g_free (seat->agent_id);
}

static void
zone_free (Zone *zone)
{
  g_free (zone->zone);
  g_free (zone);
}

static gint64
now_s (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* The look of @seat at @now, and when it will next change (0: never). */
static FbSeatLook
compute_look (const Seat *seat,
              gint64      now,
              gint64     *next_change)
{
  const FbAgent *agent = seat->agent;

  *next_change = 0;
  if (seat->faulty)
    return FB_SEAT_LOOK_FAULTY;
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

static void recompute_looks (FbSeatMap *self);

static gboolean
timer_cb (gpointer data)
{
  FbSeatMap *self = data;

  self->timer_id = 0;
  recompute_looks (self);
  return G_SOURCE_REMOVE;
}

/* Looks at this moment; a redraw only if one changed, and one timeout for
 * the earliest coming change. */
static void
recompute_looks (FbSeatMap *self)
{
  gint64 now = now_s ();
  gint64 next = 0;
  gboolean changed = FALSE;

  g_clear_handle_id (&self->timer_id, g_source_remove);
  for (guint i = 0; i < self->items->len; i++)
    {
      Seat *seat = &g_array_index (self->items, Seat, i);
      gint64 seat_next;
      FbSeatLook look = compute_look (seat, now, &seat_next);

      if (look != seat->look)
        {
          seat->look = look;
          changed = TRUE;
        }
      if (seat_next > now && (next == 0 || seat_next < next))
        next = seat_next;
    }
  if (next > 0)
    self->timer_id = g_timeout_add_seconds ((guint) MIN (next - now, 24 * 3600), timer_cb, self);
  if (changed)
    {
      g_clear_pointer (&self->node, gsk_render_node_unref);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
layout_cells (FbSeatMap *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self)) - ZONE_LABEL_H;
  double gap;

  if (self->cols == 0 || self->rows == 0 || width <= 0)
    return;
  /* The width decides (height follows from it); a height given too
   * small, as between new data and the next allocation, shrinks seats
   * only down to CELL_MIN. */
  self->cell = MIN ((double) width / self->cols, CELL_MAX);
  if (height > 0)
    self->cell = MIN (self->cell, MAX ((double) height / self->rows, CELL_MIN));
  self->origin_x = (width - self->cell * self->cols) / 2;
  self->origin_y = ZONE_LABEL_H;
  gap = MAX (1.0, self->cell * 0.12);
  for (guint i = 0; i < self->items->len; i++)
    {
      Seat *seat = &g_array_index (self->items, Seat, i);

      graphene_rect_init (&seat->rect,
                          self->origin_x + seat->x * self->cell + gap / 2,
                          self->origin_y + seat->y * self->cell + gap / 2,
                          self->cell - gap, self->cell - gap);
    }
}

static void
rebuild (FbSeatMap *self)
{
  g_autoptr(GHashTable) agents = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) zones = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_agents, n_seats;
  int cols = 0, rows = 0;

  g_array_set_size (self->items, 0);
  g_ptr_array_set_size (self->zones, 0);
  g_ptr_array_set_size (self->agent_rows, 0);
  g_hash_table_remove_all (self->by_id);

  n_agents = self->agents ? g_list_model_get_n_items (self->agents) : 0;
  for (guint i = 0; i < n_agents; i++)
    {
      FbRow *row = g_list_model_get_item (self->agents, i);

      g_ptr_array_add (self->agent_rows, row);
      g_hash_table_insert (agents, (gpointer) fb_row_get_id (row), (gpointer) fb_row_get_entity (row));
    }

  n_seats = self->seats ? g_list_model_get_n_items (self->seats) : 0;
  for (guint i = 0; i < n_seats; i++)
    {
      g_autoptr(FbRow) row = g_list_model_get_item (self->seats, i);
      const FbSeat *s = fb_row_get_entity (row);
      Seat seat = { 0 };
      Zone *zone;

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
      seat.agent = s->agent_id ? g_hash_table_lookup (agents, s->agent_id) : NULL;
      seat.look = FB_SEAT_LOOK_EMPTY;
      g_array_append_val (self->items, seat);
      g_hash_table_insert (self->by_id, seat.id, GUINT_TO_POINTER (self->items->len));
      cols = MAX (cols, seat.x + 1);
      rows = MAX (rows, seat.y + 1);

      if (!(zone = g_hash_table_lookup (zones, s->zone)))
        {
          zone = g_new0 (Zone, 1);
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
  for (guint i = 0; i < self->items->len; i++)
    {
      Seat *seat = &g_array_index (self->items, Seat, i);
      self->grid[seat->y * cols + seat->x] = i + 1;
    }

  if (cols != self->cols || rows != self->rows)
    {
      self->cols = cols;
      self->rows = rows;
      gtk_widget_queue_resize (GTK_WIDGET (self));
    }
  self->n_prepared++;
  layout_cells (self);
  g_clear_pointer (&self->node, gsk_render_node_unref);
  recompute_looks (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static GskRenderNode *
build_node (FbSeatMap *self)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  GtkWidget *widget = GTK_WIDGET (self);
  GdkRGBA fg;
  double radius = MAX (1.0, self->cell * 0.15);
  gboolean labels = self->cell >= 30;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);

  for (guint i = 0; i < self->zones->len; i++)
    {
      Zone *zone = g_ptr_array_index (self->zones, i);
      g_autofree char *text = g_strdup_printf (_("Zone %s"), zone->zone);
      PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (self->origin_x + zone->x * self->cell,
                                                               self->origin_y + zone->y * self->cell - ZONE_LABEL_H + 2));
      gtk_snapshot_append_layout (snapshot, layout, &fg);
      gtk_snapshot_restore (snapshot);
      g_object_unref (layout);
    }

  for (guint i = 0; i < self->items->len; i++)
    {
      Seat *seat = &g_array_index (self->items, Seat, i);
      GskRoundedRect rounded;

      gsk_rounded_rect_init_from_rect (&rounded, &seat->rect, radius);
      gtk_snapshot_push_rounded_clip (snapshot, &rounded);
      gtk_snapshot_append_color (snapshot, &look_colors[seat->look], &seat->rect);
      gtk_snapshot_pop (snapshot);

      if (seat->look == FB_SEAT_LOOK_FAULTY)
        {
          /* A bar across: out of order. */
          GdkRGBA red = { 0.75, 0.11, 0.16, 1.0 };
          graphene_rect_t bar;

          graphene_rect_init (&bar, seat->rect.origin.x, seat->rect.origin.y + seat->rect.size.height * 0.42,
                              seat->rect.size.width, MAX (2.0, seat->rect.size.height * 0.16));
          gtk_snapshot_append_color (snapshot, &red, &bar);
        }

      if (labels)
        {
          PangoLayout *layout = gtk_widget_create_pango_layout (widget, seat->label);
          PangoFontDescription *font = pango_font_description_from_string ("Sans 7");
          int lw, lh;
          GdkRGBA ink = { 0, 0, 0, 0.75 };

          pango_layout_set_font_description (layout, font);
          pango_layout_get_pixel_size (layout, &lw, &lh);
          gtk_snapshot_save (snapshot);
          gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (seat->rect.origin.x + (seat->rect.size.width - lw) / 2,
                                                                   seat->rect.origin.y + (seat->rect.size.height - lh) / 2));
          gtk_snapshot_append_layout (snapshot, layout, &ink);
          gtk_snapshot_restore (snapshot);
          pango_font_description_free (font);
          g_object_unref (layout);
        }
    }

  return gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
}

static void
fb_seat_map_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  FbSeatMap *self = FB_SEAT_MAP (widget);

  if (self->items->len == 0 || self->cell <= 0)
    return;
  /* Rebuilt only after the data, the size or a look changed. */
  if (self->node == NULL)
    self->node = build_node (self);
  if (self->node != NULL)
    gtk_snapshot_append_node (snapshot, self->node);
}

/* Height for width: seats keep their square shape at the width given,
 * so a scrolled floor page shows the whole map at a readable size. */
static GtkSizeRequestMode
fb_seat_map_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
fb_seat_map_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  FbSeatMap *self = FB_SEAT_MAP (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = self->cols * CELL_MIN;
      *natural = self->cols * CELL_NATURAL;
      return;
    }

  if (for_size < 0 || self->cols == 0)
    {
      *minimum = self->rows * CELL_MIN + ZONE_LABEL_H;
      *natural = self->rows * CELL_NATURAL + ZONE_LABEL_H;
      return;
    }
  {
    double cell = MIN ((double) for_size / self->cols, CELL_MAX);

    *minimum = *natural = (int) (self->rows * MAX (cell, CELL_MIN)) + ZONE_LABEL_H;
  }
}

static void
fb_seat_map_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  FbSeatMap *self = FB_SEAT_MAP (widget);

  layout_cells (self);
  g_clear_pointer (&self->node, gsk_render_node_unref);
  if (self->card != NULL)
    gtk_popover_present (self->card);
}

static Seat *
seat_at (FbSeatMap *self,
         double     x,
         double     y)
{
  int cx, cy, index;

  if (self->cell <= 0)
    return NULL;
  cx = (int) ((x - self->origin_x) / self->cell);
  cy = (int) ((y - self->origin_y) / self->cell);
  if (x < self->origin_x || y < self->origin_y || cx >= self->cols || cy >= self->rows)
    return NULL;
  index = self->grid[cy * self->cols + cx];
  return index > 0 ? &g_array_index (self->items, Seat, index - 1) : NULL;
}

static Seat *
seat_by_id (FbSeatMap  *self,
            const char *seat_id)
{
  guint index = GPOINTER_TO_UINT (g_hash_table_lookup (self->by_id, seat_id));

  return index > 0 ? &g_array_index (self->items, Seat, index - 1) : NULL;
}

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
seat_tooltip (const Seat *seat)
{
  g_autofree char *in_state = NULL;

  if (seat->faulty)
    return g_strdup_printf (_("%s · Faulty equipment"), seat->label);
  if (seat->agent == NULL)
    return g_strdup_printf (_("%s · Empty"), seat->label);
  in_state = format_in_state (seat->agent);
  return g_strdup_printf ("%s · %s · %s", seat->label, seat->agent->name, in_state);
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

  if (!(seat = seat_by_id (self, seat_id)) || self->cell <= 0)
    return FALSE;
  *bounds = seat->rect;
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
  return seat ? seat_tooltip (seat) : NULL;
}

static gboolean
query_tooltip_cb (GtkWidget  *widget,
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
  text = seat_tooltip (seat);
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
    g_autofree char *when = fb_labels_format_time (best->evaluated_at);
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

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            FbSeatMap       *self)
{
  Seat *seat = seat_at (self, x, y);

  if (seat != NULL && fb_seat_map_show_card (self, seat->id))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static gboolean
rebuild_idle_cb (gpointer data)
{
  FbSeatMap *self = data;

  self->rebuild_id = 0;
  rebuild (self);
  return G_SOURCE_REMOVE;
}

/* A sync page changes many agents one by one: prepare once for all of
 * them, before the next frame is drawn. */
static void
models_changed_cb (FbSeatMap *self)
{
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, rebuild_idle_cb, self, NULL);
}

void
fb_seat_map_set_models (FbSeatMap  *self,
                        GListModel *seats,
                        GListModel *agents,
                        GListModel *teams,
                        GListModel *evaluations)
{
  GListModel *models[] = { seats, agents };

  g_return_if_fail (FB_IS_SEAT_MAP (self));
  g_return_if_fail (G_IS_LIST_MODEL (seats) && G_IS_LIST_MODEL (agents));
  g_return_if_fail (self->seats == NULL);

  self->seats = g_object_ref (seats);
  self->agents = g_object_ref (agents);
  self->teams = teams ? g_object_ref (teams) : NULL;
  self->evaluations = evaluations ? g_object_ref (evaluations) : NULL;
  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    g_signal_connect_object (models[i], "items-changed", G_CALLBACK (models_changed_cb), self, G_CONNECT_SWAPPED);
  rebuild (self);
}

char *
fb_seat_map_dup_legend_markup (void)
{
  static const struct { FbSeatLook look; const char *label; } keys[] = {
    { FB_SEAT_LOOK_AVAILABLE, N_("Available") },
    { FB_SEAT_LOOK_ON_CALL, N_("On call") },
    { FB_SEAT_LOOK_AFTER_CALL_WORK, N_("After-call work") },
    { FB_SEAT_LOOK_BREAK, N_("On break") },
    { FB_SEAT_LOOK_LONG, N_("Too long") },
    { FB_SEAT_LOOK_VERY_LONG, N_("Far too long") },
    { FB_SEAT_LOOK_OFFLINE, N_("Offline") },
    { FB_SEAT_LOOK_EMPTY, N_("Empty") },
    { FB_SEAT_LOOK_FAULTY, N_("Faulty") },
  };
  GString *markup = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      const GdkRGBA *c = &look_colors[keys[i].look];
      g_autofree char *label = g_markup_escape_text (_(keys[i].label), -1);

      g_string_append_printf (markup, "%s<span foreground=\"#%02x%02x%02x\" alpha=\"%d%%\">■</span> %s",
                              i ? "    " : "",
                              (int) (c->red * 255), (int) (c->green * 255), (int) (c->blue * 255),
                              MAX (30, (int) (c->alpha * 100)), label);
    }
  return g_string_free (markup, FALSE);
}

guint
fb_seat_map_get_n_seats (FbSeatMap *self)
{
  g_return_val_if_fail (FB_IS_SEAT_MAP (self), 0);
  return self->items->len;
}

FbSeatLook
fb_seat_map_get_look (FbSeatMap  *self,
                      const char *seat_id,
                      gint64      now)
{
  Seat *seat;
  gint64 next;

  g_return_val_if_fail (FB_IS_SEAT_MAP (self), FB_SEAT_LOOK_EMPTY);
  seat = seat_by_id (self, seat_id);
  return seat ? compute_look (seat, now, &next) : FB_SEAT_LOOK_EMPTY;
}

guint
fb_seat_map_get_n_prepared (FbSeatMap *self)
{
  g_return_val_if_fail (FB_IS_SEAT_MAP (self), 0);
  return self->n_prepared;
}

static void
fb_seat_map_dispose (GObject *object)
{
  FbSeatMap *self = (FbSeatMap *)object;

  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  if (self->card != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->card));
      self->card = NULL;
    }
  g_clear_pointer (&self->node, gsk_render_node_unref);
  g_clear_object (&self->seats);
  g_clear_object (&self->agents);
  g_clear_object (&self->teams);
  g_clear_object (&self->evaluations);

  G_OBJECT_CLASS (fb_seat_map_parent_class)->dispose (object);
}

static void
fb_seat_map_finalize (GObject *object)
{
  FbSeatMap *self = (FbSeatMap *)object;

  g_array_unref (self->items);
  g_ptr_array_unref (self->zones);
  g_ptr_array_unref (self->agent_rows);
  g_hash_table_unref (self->by_id);
  g_free (self->grid);

  G_OBJECT_CLASS (fb_seat_map_parent_class)->finalize (object);
}

static void
fb_seat_map_class_init (FbSeatMapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_seat_map_dispose;
  object_class->finalize = fb_seat_map_finalize;
  widget_class->snapshot = fb_seat_map_snapshot;
  widget_class->measure = fb_seat_map_measure;
  widget_class->get_request_mode = fb_seat_map_get_request_mode;
  widget_class->size_allocate = fb_seat_map_size_allocate;

  gtk_widget_class_set_css_name (widget_class, "seatmap");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
fb_seat_map_init (FbSeatMap *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  self->items = g_array_new (FALSE, TRUE, sizeof (Seat));
  g_array_set_clear_func (self->items, (GDestroyNotify) seat_clear);
  self->zones = g_ptr_array_new_with_free_func ((GDestroyNotify) zone_free);
  self->agent_rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  self->card = GTK_POPOVER (gtk_popover_new ());
  self->card_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->card_label, 0);
  gtk_label_set_selectable (self->card_label, FALSE);
  gtk_widget_set_margin_start (GTK_WIDGET (self->card_label), 6);
  gtk_widget_set_margin_end (GTK_WIDGET (self->card_label), 6);
  gtk_popover_set_child (self->card, GTK_WIDGET (self->card_label));
  gtk_widget_set_parent (GTK_WIDGET (self->card), GTK_WIDGET (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Seat map"), -1);
}

GtkWidget *
fb_seat_map_new (void)
{
  return g_object_new (FB_TYPE_SEAT_MAP, NULL);
}
