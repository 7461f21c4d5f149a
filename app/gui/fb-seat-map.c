/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-seat-map.c
 *
 * The floor is painted into one image when the cache, the size or the
 * style changes; snapshot() only appends the node holding it. A window
 * frame then costs one image however many seats there are, where
 * thousands of rounded seat nodes were walked on every frame (with the
 * cairo renderer even when the map was scrolled out of view). The image
 * is a texture for GPU renderers, which upload it once, and a cairo node
 * painting an image surface for the cairo renderer, which would convert
 * a texture on every frame.
 *
 * Only what changed is painted again: an agent's new state repaints that
 * seat's pixels in a copy of the last buffer, and the seat map is laid out
 * afresh only when seats or the set of agents change. Colours that
 * escalate with time in state change without new data, so one timeout is
 * set for the next moment a seat crosses a limit, and none when no seat
 * will.
 *
 * Where seats go, which one is under the pointer and how each looks at a
 * moment is prepared off the widget (FbSeatLayout, in core); this file
 * only paints it.
 *
 * In assign mode the map shows a seat plan instead (who sits where on a
 * shift, coloured by team) for the seat-assignment dialog, which owns the
 * plan and says what a click or a dropped agent does.
 */
#define G_LOG_DOMAIN "floorboard"

#include <glib/gi18n.h>

#include "fb-entity.h"
#include "fb-labels.h"
#include "fb-row.h"
#include "fb-context.h"
#include "fb-seat-map-private.h"

/* A floor larger than this is painted at a lower scale factor. */
#define MAX_TEXTURE_BYTES (32 * 1024 * 1024)
/* The painted floor is cut into tiles this many pixels square: a change
 * copies and uploads one tile, not the whole floor. */
#define TILE 256

/* A tile's pixels are immutable bytes under a texture, or an image
 * surface a cairo node shows (cairo keeps a copy-on-write snapshot of it
 * in the node, so painting it later leaves the node as it was). */
typedef struct
{
  graphene_rect_t  rect;
  cairo_surface_t *surface;
  GBytes          *pixels;
  int              stride;
  GskRenderNode   *node;
} Tile;

static void
tile_clear (Tile *tile)
{
  g_clear_pointer (&tile->surface, cairo_surface_destroy);
  g_clear_pointer (&tile->pixels, g_bytes_unref);
  g_clear_pointer (&tile->node, gsk_render_node_unref);
}

enum { SEAT_ACTIVATED, AGENT_DROPPED, SEATS_UPDATED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (FbSeatMap, fb_seat_map, GTK_TYPE_WIDGET)

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
  [FB_SEAT_LOOK_ASSIGNED]        = { 0.21, 0.52, 0.89, 1.0 },
};

/* Assign mode: one colour per team (in the teams model's order, round),
 * light enough for a dark name on it; the last for an unknown agent. */
static const GdkRGBA plan_colors[] = {
  { 0.38, 0.63, 0.92, 1.0 },
  { 0.34, 0.83, 0.55, 1.0 },
  { 0.98, 0.75, 0.30, 1.0 },
  { 0.80, 0.55, 0.90, 1.0 },
  { 0.95, 0.55, 0.45, 1.0 },
  { 0.45, 0.85, 0.85, 1.0 },
  { 0.85, 0.80, 0.40, 1.0 },
  { 0.95, 0.60, 0.80, 1.0 },
  { 0.55, 0.55, 0.55, 1.0 },
};
G_STATIC_ASSERT (G_N_ELEMENTS (plan_colors) == N_TEAM_COLORS + 1);


static gboolean
timer_cb (gpointer data)
{
  FbSeatMap *self = data;

  self->timer_id = 0;
  fb_seat_map_recompute_looks (self);
  fb_seat_map_paint (self, FALSE);
  return G_SOURCE_REMOVE;
}

/* Looks at this moment: seats whose look changed are marked for painting,
 * and one timeout is set for the earliest coming change. */
void
fb_seat_map_recompute_looks (FbSeatMap *self)
{
  gint64 now = now_s ();
  gint64 next;

  g_clear_handle_id (&self->timer_id, g_source_remove);
  next = fb_seat_layout_update_looks (&self->layout, self->assign_mode, now, &self->n_dirty);
  if (next > 0)
    self->timer_id = g_timeout_add_seconds ((guint) MIN (next - now, 24 * 3600), timer_cb, self);
}

static void
layout_cells (FbSeatMap *self)
{
  fb_seat_layout_place (&self->layout, gtk_widget_get_width (GTK_WIDGET (self)),
                        gtk_widget_get_height (GTK_WIDGET (self)));
}

static void
rebuild (FbSeatMap *self)
{
  g_autoptr(GHashTable) agents = NULL;
  int cols = self->layout.cols, rows = self->layout.rows;

  g_clear_handle_id (&self->update_id, g_source_remove);
  g_ptr_array_set_size (self->changed_agents, 0);
  agents = fb_seat_layout_rebuild (&self->layout, self->seats, self->agents);

  if (self->plan != NULL)
    {
      g_autoptr(GHashTable) colors = fb_seat_map_team_colors (self);

      for (guint i = 0; i < self->layout.seats->len; i++)
        fb_seat_map_seat_set_plan (self, &g_array_index (self->layout.seats, Seat, i), agents, colors);
      fb_seat_map_update_description (self);
    }

  if (cols != self->layout.cols || rows != self->layout.rows)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  self->n_prepared++;
  layout_cells (self);
  fb_seat_map_recompute_looks (self);
  fb_seat_map_paint (self, TRUE);
}

/* Agents replaced in place (a state change): only their seats. */
static void
update_agents (FbSeatMap *self)
{
  fb_seat_layout_update_agents (&self->layout, self->changed_agents);
  g_ptr_array_set_size (self->changed_agents, 0);
  self->n_prepared++;
  fb_seat_map_recompute_looks (self);
  fb_seat_map_paint (self, FALSE);
}

/* ---- painting ------------------------------------------------------------ */

/* What one paint needs: its context, a layout for labels, and one
 * pre-drawn seat per look, blitted to each seat's whole-pixel place (a
 * path filled per seat costs several times more). */
typedef struct
{
  cairo_t         *cr;
  PangoLayout     *layout;
  cairo_surface_t *stamps[FB_SEAT_LOOK_ASSIGNED + G_N_ELEMENTS (plan_colors)];
  GdkRGBA          fg;
  GArray          *dirty;     /* Dirty: seats to repaint, found once per paint */
} Painter;

typedef struct
{
  const Seat      *seat;
  graphene_rect_t  area;      /* the device pixels repainted for it */
} Dirty;

static void
painter_clear (Painter *p)
{
  for (guint i = 0; i < G_N_ELEMENTS (p->stamps); i++)
    g_clear_pointer (&p->stamps[i], cairo_surface_destroy);
  g_clear_object (&p->layout);
  g_clear_pointer (&p->cr, cairo_destroy);
  g_clear_pointer (&p->dirty, g_array_unref);
}

/* @index: a look, or FB_SEAT_LOOK_ASSIGNED + a plan colour. */
static cairo_surface_t *
painter_stamp (FbSeatMap  *self,
               Painter    *p,
               guint       index,
               double      size)
{
  g_assert (index < G_N_ELEMENTS (p->stamps));

  if (p->stamps[index] == NULL)
    {
      const GdkRGBA *color = index < FB_SEAT_LOOK_ASSIGNED ? &look_colors[index]
                                                           : &plan_colors[index - FB_SEAT_LOOK_ASSIGNED];
      double radius = MIN (MAX (1.0, self->layout.cell * 0.15), size / 2);
      cairo_surface_t *stamp = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                          (int) size * self->tex_scale,
                                                          (int) size * self->tex_scale);
      cairo_t *cr;

      cairo_surface_set_device_scale (stamp, self->tex_scale, self->tex_scale);
      cr = cairo_create (stamp);
      cairo_new_sub_path (cr);
      cairo_arc (cr, size - radius, radius, radius, -G_PI / 2, 0);
      cairo_arc (cr, size - radius, size - radius, radius, 0, G_PI / 2);
      cairo_arc (cr, radius, size - radius, radius, G_PI / 2, G_PI);
      cairo_arc (cr, radius, radius, radius, G_PI, 3 * G_PI / 2);
      cairo_close_path (cr);
      gdk_cairo_set_source_rgba (cr, color);
      cairo_fill (cr);
      if (index == FB_SEAT_LOOK_FAULTY)
        {
          /* A bar across: out of order. */
          cairo_rectangle (cr, 0, size * 0.42, size, MAX (2.0, size * 0.16));
          cairo_set_source_rgba (cr, 0.75, 0.11, 0.16, 1.0);
          cairo_fill (cr);
        }
      cairo_destroy (cr);
      p->stamps[index] = stamp;
    }
  return p->stamps[index];
}

static void
paint_seat (FbSeatMap   *self,
            Painter     *p,
            const Seat  *seat)
{
  const graphene_rect_t *r = seat_rect (&seat->rect);
  cairo_t *cr = p->cr;
  guint index = seat->look == FB_SEAT_LOOK_ASSIGNED ? FB_SEAT_LOOK_ASSIGNED + seat->plan_color : seat->look;
  /* A plan names who sits there. */
  const char *label = self->assign_mode && seat->plan_row != NULL
                      ? ((const FbAgent *) fb_row_get_entity (seat->plan_row))->name : seat->label;

  cairo_set_source_surface (cr, painter_stamp (self, p, index, r->size.width), r->origin.x, r->origin.y);
  cairo_rectangle (cr, r->origin.x, r->origin.y, r->size.width, r->size.height);
  cairo_fill (cr);

  if (p->layout != NULL)
    {
      int lw, lh;

      pango_layout_set_text (p->layout, label, -1);
      pango_layout_get_pixel_size (p->layout, &lw, &lh);
      cairo_save (cr);
      cairo_rectangle (cr, r->origin.x, r->origin.y, r->size.width, r->size.height);
      cairo_clip (cr);
      cairo_move_to (cr, r->origin.x + (r->size.width - lw) / 2, r->origin.y + (r->size.height - lh) / 2);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.75);
      pango_cairo_show_layout (cr, p->layout);
      cairo_restore (cr);
    }
}

static void
paint_zone (FbSeatMap     *self,
            cairo_t       *cr,
            const Zone    *zone,
            const GdkRGBA *fg)
{
  g_autofree char *text = g_strdup_printf (_("Zone %s"), zone->zone);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  cairo_move_to (cr, zone->label.origin.x, zone->label.origin.y);
  gdk_cairo_set_source_rgba (cr, fg);
  pango_cairo_show_layout (cr, layout);
}

static gboolean
rects_touch (const graphene_rect_t *a,
             const graphene_rect_t *b)
{
  return a->origin.x < b->origin.x + b->size.width && b->origin.x < a->origin.x + a->size.width &&
         a->origin.y < b->origin.y + b->size.height && b->origin.y < a->origin.y + a->size.height;
}

/* The whole device pixels around a seat, and one more. */
static void
repaint_area (FbSeatMap       *self,
              const Seat      *seat,
              graphene_rect_t *area)
{
  double scale = self->tex_scale;

  graphene_rect_init (area,
                      (floor (seat->rect.origin.x * scale) - 1) / scale,
                      (floor (seat->rect.origin.y * scale) - 1) / scale,
                      (ceil ((seat->rect.origin.x + seat->rect.size.width) * scale) + 1) / scale,
                      (ceil ((seat->rect.origin.y + seat->rect.size.height) * scale) + 1) / scale);
  area->size.width -= area->origin.x;
  area->size.height -= area->origin.y;
}

/* Repaints the device pixels under a dirty seat from nothing: clear them,
 * then paint everything that reaches into them, clipped to them, so the
 * seat's antialiased edges and its neighbours' come out as a full paint
 * would have left them. */
static void
repaint_around (FbSeatMap     *self,
                Painter       *p,
                const Dirty   *dirty)
{
  cairo_t *cr = p->cr;
  const Seat *seat = dirty->seat;
  graphene_rect_t area = dirty->area;
  int cx0, cy0, cx1, cy1;

  cairo_save (cr);
  cairo_rectangle (cr, area.origin.x, area.origin.y, area.size.width, area.size.height);
  cairo_clip (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
  cairo_paint (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);

  cx0 = MAX (seat->x - 1, 0);
  cy0 = MAX (seat->y - 1, 0);
  cx1 = MIN (seat->x + 1, self->layout.cols - 1);
  cy1 = MIN (seat->y + 1, self->layout.rows - 1);
  for (int y = cy0; y <= cy1; y++)
    for (int x = cx0; x <= cx1; x++)
      {
        int index = self->layout.grid[y * self->layout.cols + x];

        if (index > 0 && rects_touch (&area, seat_rect (&g_array_index (self->layout.seats, Seat, index - 1).rect)))
          {
            paint_seat (self, p, &g_array_index (self->layout.seats, Seat, index - 1));
            self->n_seats_painted++;
          }
      }
  for (guint i = 0; i < self->layout.zones->len; i++)
    {
      Zone *zone = g_ptr_array_index (self->layout.zones, i);

      if (rects_touch (&area, seat_rect (&zone->label)))
        paint_zone (self, cr, zone, &p->fg);
    }
  cairo_restore (cr);
}

static gboolean
uses_cairo_renderer (FbSeatMap *self)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  GskRenderer *renderer = native ? gtk_native_get_renderer (native) : NULL;

  return renderer != NULL && GSK_IS_CAIRO_RENDERER (renderer);
}

static void
drop_image (FbSeatMap *self)
{
  g_clear_pointer (&self->node, gsk_render_node_unref);
  g_array_set_size (self->tiles, 0);
}

/* Paints one tile: all of it, or only around the dirty seats in it. */
static void
paint_tile (FbSeatMap *self,
            Painter   *p,
            Tile      *tile,
            gboolean   full)
{
  int scale = self->tex_scale;
  int width = (int) tile->rect.size.width * scale;
  int height = (int) tile->rect.size.height * scale;
  cairo_surface_t *surface;
  guchar *data = NULL;
  gsize size = 0;

  if (self->tex_cairo)
    {
      if (tile->surface == NULL)
        {
          tile->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
          cairo_surface_set_device_scale (tile->surface, scale, scale);
        }
      surface = cairo_surface_reference (tile->surface);
    }
  else
    {
      tile->stride = cairo_format_stride_for_width (CAIRO_FORMAT_ARGB32, width);
      size = (gsize) tile->stride * height;
      data = tile->pixels ? g_memdup2 (g_bytes_get_data (tile->pixels, NULL), size) : g_malloc0 (size);
      surface = cairo_image_surface_create_for_data (data, CAIRO_FORMAT_ARGB32, width, height, tile->stride);
      cairo_surface_set_device_scale (surface, scale, scale);
    }

  p->cr = cairo_create (surface);
  cairo_translate (p->cr, -tile->rect.origin.x, -tile->rect.origin.y);
  if (full)
    {
      cairo_set_operator (p->cr, CAIRO_OPERATOR_CLEAR);
      cairo_paint (p->cr);
      cairo_set_operator (p->cr, CAIRO_OPERATOR_OVER);
      for (guint i = 0; i < self->layout.zones->len; i++)
        {
          Zone *zone = g_ptr_array_index (self->layout.zones, i);

          if (rects_touch (&tile->rect, seat_rect (&zone->label)))
            paint_zone (self, p->cr, zone, &p->fg);
        }
      for (guint i = 0; i < self->layout.seats->len; i++)
        {
          Seat *seat = &g_array_index (self->layout.seats, Seat, i);

          if (rects_touch (&tile->rect, seat_rect (&seat->rect)))
            paint_seat (self, p, seat);
        }
    }
  else
    {
      for (guint i = 0; i < p->dirty->len; i++)
        {
          const Dirty *dirty = &g_array_index (p->dirty, Dirty, i);

          if (rects_touch (&tile->rect, &dirty->area))
            repaint_around (self, p, dirty);
        }
    }
  g_clear_pointer (&p->cr, cairo_destroy);

  g_clear_pointer (&tile->node, gsk_render_node_unref);
  if (self->tex_cairo)
    {
      /* In device pixels; the whole floor is scaled back down once. */
      graphene_rect_t bounds = GRAPHENE_RECT_INIT (tile->rect.origin.x * scale, tile->rect.origin.y * scale, width, height);
      cairo_t *cr;

      tile->node = gsk_cairo_node_new (&bounds);
      cr = gsk_cairo_node_get_draw_context (tile->node);
      cairo_surface_flush (surface);
      cairo_scale (cr, scale, scale);
      cairo_set_source_surface (cr, surface, tile->rect.origin.x, tile->rect.origin.y);
      cairo_paint (cr);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
    }
  else
    {
      g_autoptr(GdkTexture) texture = NULL;

      cairo_surface_finish (surface);
      cairo_surface_destroy (surface);
      g_clear_pointer (&tile->pixels, g_bytes_unref);
      tile->pixels = g_bytes_new_take (data, size);
      texture = gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, tile->pixels, tile->stride);
      tile->node = gsk_texture_node_new (texture, &tile->rect);
    }
}

/* Paints the floor: every tile when @full (or when the size, scale or
 * renderer changed), else only the tiles a dirty seat reaches into. */
void
fb_seat_map_paint (FbSeatMap *self,
                   gboolean   full)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int scale = gtk_widget_get_scale_factor (widget);
  gboolean use_cairo = uses_cairo_renderer (self);
  g_autoptr(GPtrArray) nodes = NULL;
  g_autoptr(GskRenderNode) floor_node = NULL;
  Painter p = { 0 };

  if (!full && self->n_dirty == 0)
    return;
  /* What a seat says changed: the list of seats reads it again. */
  g_signal_emit (self, signals[SEATS_UPDATED], 0);

  if (self->layout.seats->len == 0 || self->layout.cell <= 0 || width <= 0 || height <= 0)
    {
      drop_image (self);
      gtk_widget_queue_draw (widget);
      return;
    }

  while (scale > 1 && (gsize) width * height * scale * scale * 4 > MAX_TEXTURE_BYTES)
    scale--;
  if (self->node == NULL || width != self->tex_width || height != self->tex_height || scale != self->tex_scale ||
      use_cairo != self->tex_cairo)
    full = TRUE;

  if (full)
    {
      drop_image (self);
      self->tex_width = width;
      self->tex_height = height;
      self->tex_scale = scale;
      self->tex_cairo = use_cairo;
      for (int y = 0; y < height; y += TILE)
        for (int x = 0; x < width; x += TILE)
          {
            Tile tile = { GRAPHENE_RECT_INIT (x, y, MIN (TILE, width - x), MIN (TILE, height - y)) };

            g_array_append_val (self->tiles, tile);
          }
      self->n_full_paints++;
    }

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &p.fg);
  if (self->layout.cell >= 30)
    {
      g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans 7");

      p.layout = gtk_widget_create_pango_layout (widget, NULL);
      pango_layout_set_font_description (p.layout, font);
    }

  /* The dirty seats and their pixels, once for all tiles. */
  p.dirty = g_array_new (FALSE, FALSE, sizeof (Dirty));
  for (guint i = 0; i < self->layout.seats->len; i++)
    {
      Seat *seat = &g_array_index (self->layout.seats, Seat, i);
      Dirty dirty = { seat };

      if (!seat->dirty)
        continue;
      seat->dirty = FALSE;
      repaint_area (self, seat, &dirty.area);
      g_array_append_val (p.dirty, dirty);
    }
  self->n_dirty = 0;

  nodes = g_ptr_array_new ();
  for (guint t = 0; t < self->tiles->len; t++)
    {
      Tile *tile = &g_array_index (self->tiles, Tile, t);
      gboolean touched = full;

      for (guint i = 0; !touched && i < p.dirty->len; i++)
        touched = rects_touch (&tile->rect, &g_array_index (p.dirty, Dirty, i).area);
      if (touched)
        paint_tile (self, &p, tile, full);
      g_ptr_array_add (nodes, tile->node);
    }
  painter_clear (&p);

  /* Unchanged tiles are the same nodes: GTK redraws only the new ones. */
  floor_node = gsk_container_node_new ((GskRenderNode **) nodes->pdata, nodes->len);
  g_clear_pointer (&self->node, gsk_render_node_unref);
  if (use_cairo && scale > 1)
    {
      g_autoptr(GskTransform) down = gsk_transform_scale (NULL, 1.0 / scale, 1.0 / scale);

      self->node = gsk_transform_node_new (floor_node, down);
    }
  else
    self->node = g_steal_pointer (&floor_node);
  gtk_widget_queue_draw (widget);
}

/* A ring around a seat (the chosen agent's, or the one under a drag). */
static void
append_outline (FbSeatMap     *self,
                GtkSnapshot   *snapshot,
                const char    *seat_id,
                const GdkRGBA *color,
                float          width)
{
  Seat *seat = seat_id ? seat_by_id (self, seat_id) : NULL;
  const float widths[4] = { width, width, width, width };
  const GdkRGBA colors[4] = { *color, *color, *color, *color };
  graphene_rect_t area;
  GskRoundedRect outline;

  if (seat == NULL)
    return;
  graphene_rect_inset_r (seat_rect (&seat->rect), -width, -width, &area);
  gsk_rounded_rect_init_from_rect (&outline, &area, MIN (MAX (1.0, self->layout.cell * 0.15), area.size.width / 2) + width);
  gtk_snapshot_append_border (snapshot, &outline, widths, colors);
}

static void
fb_seat_map_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  FbSeatMap *self = FB_SEAT_MAP (widget);

  if (self->node != NULL)
    gtk_snapshot_append_node (snapshot, self->node);
  if (self->assign_mode && self->node != NULL)
    {
      GdkRGBA fg;

      gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
      append_outline (self, snapshot, self->highlight, &fg, 3);
      append_outline (self, snapshot, self->drop_seat, &look_colors[FB_SEAT_LOOK_ON_CALL], 3);
    }
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
      *minimum = self->layout.cols * FB_SEAT_LAYOUT_CELL_MIN;
      *natural = self->layout.cols * FB_SEAT_LAYOUT_CELL_NATURAL;
      return;
    }

  if (for_size < 0 || self->layout.cols == 0)
    {
      *minimum = self->layout.rows * FB_SEAT_LAYOUT_CELL_MIN + FB_SEAT_LAYOUT_ZONE_LABEL_H;
      *natural = self->layout.rows * FB_SEAT_LAYOUT_CELL_NATURAL + FB_SEAT_LAYOUT_ZONE_LABEL_H;
      return;
    }
  {
    double cell = MIN ((double) for_size / self->layout.cols, FB_SEAT_LAYOUT_CELL_MAX);

    *minimum = *natural = (int) (self->layout.rows * MAX (cell, FB_SEAT_LAYOUT_CELL_MIN)) + FB_SEAT_LAYOUT_ZONE_LABEL_H;
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
  /* A new size is painted at once; the same size keeps its pixels. */
  if (width != self->tex_width || height != self->tex_height || self->node == NULL)
    fb_seat_map_paint (self, TRUE);
  if (self->card != NULL)
    gtk_popover_present (self->card);
}

static void
fb_seat_map_css_changed (GtkWidget         *widget,
                         GtkCssStyleChange *change)
{
  FbSeatMap *self = FB_SEAT_MAP (widget);

  GTK_WIDGET_CLASS (fb_seat_map_parent_class)->css_changed (widget, change);
  /* The zone labels take the theme's colour (dark style, high contrast). */
  if (self->node != NULL)
    fb_seat_map_paint (self, TRUE);
}

/* A new scale factor or renderer (the window realized again). */
static void
fb_seat_map_realize (GtkWidget *widget)
{
  FbSeatMap *self = FB_SEAT_MAP (widget);

  GTK_WIDGET_CLASS (fb_seat_map_parent_class)->realize (widget);
  if (self->node != NULL)
    fb_seat_map_paint (self, TRUE);
}

static void
scale_factor_changed_cb (FbSeatMap *self)
{
  if (self->node != NULL)
    fb_seat_map_paint (self, TRUE);
}

static gboolean
rebuild_idle_cb (gpointer data)
{
  FbSeatMap *self = data;

  self->rebuild_id = 0;
  rebuild (self);
  return G_SOURCE_REMOVE;
}

static gboolean
update_idle_cb (gpointer data)
{
  FbSeatMap *self = data;

  self->update_id = 0;
  update_agents (self);
  return G_SOURCE_REMOVE;
}

/* A sync page changes many agents one by one: prepare once for all of
 * them, before the next frame is drawn. */
static void
seats_changed_cb (FbSeatMap *self)
{
  g_clear_handle_id (&self->update_id, g_source_remove);
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, rebuild_idle_cb, self, NULL);
}

/* The row list replaces a row in place (one removed, one added at the
 * same position, same id) when only its content changed: those agents'
 * seats are updated alone. Anything else changes which agents there are,
 * and the floor is laid out again. */
static void
agents_changed_cb (GListModel *model,
                   guint       position,
                   guint       removed,
                   guint       added,
                   FbSeatMap  *self)
{
  if (self->rebuild_id != 0)
    return;
  if (removed != added || added > 64)
    {
      seats_changed_cb (self);
      return;
    }
  for (guint i = position; i < position + added; i++)
    g_ptr_array_add (self->changed_agents, g_list_model_get_item (model, i));
  if (self->update_id == 0)
    self->update_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, update_idle_cb, self, NULL);
}

void
fb_seat_map_set_models (FbSeatMap  *self,
                        GListModel *seats,
                        GListModel *agents,
                        GListModel *teams,
                        GListModel *evaluations)
{
  g_return_if_fail (FB_IS_SEAT_MAP (self));
  g_return_if_fail (G_IS_LIST_MODEL (seats) && G_IS_LIST_MODEL (agents));
  g_return_if_fail (self->seats == NULL);

  self->seats = g_object_ref (seats);
  self->agents = g_object_ref (agents);
  self->teams = teams ? g_object_ref (teams) : NULL;
  self->evaluations = evaluations ? g_object_ref (evaluations) : NULL;
  g_signal_connect_object (seats, "items-changed", G_CALLBACK (seats_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (agents, "items-changed", G_CALLBACK (agents_changed_cb), self, 0);
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
  return self->layout.seats->len;
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
  return seat ? fb_seat_layout_look (seat, self->assign_mode, now, &next) : FB_SEAT_LOOK_EMPTY;
}

guint
fb_seat_map_get_n_prepared (FbSeatMap *self)
{
  g_return_val_if_fail (FB_IS_SEAT_MAP (self), 0);
  return self->n_prepared;
}

/**
 * fb_seat_map_get_paint_counts:
 * @full_paints: (out) (optional): how often the whole floor was painted
 * @seats_painted: (out) (optional): seats painted one by one since
 *
 * For tests and benchmarks: what the map has painted so far.
 */
void
fb_seat_map_get_paint_counts (FbSeatMap *self,
                              guint     *full_paints,
                              guint     *seats_painted)
{
  g_return_if_fail (FB_IS_SEAT_MAP (self));
  if (full_paints)
    *full_paints = self->n_full_paints;
  if (seats_painted)
    *seats_painted = self->n_seats_painted;
}

/**
 * fb_seat_map_get_pixel:
 * @x, @y: a point in the widget
 * @rgba: (out): the colour painted there, as the next frame shows it
 *
 * For tests: what the painted floor holds at a point.
 *
 * Returns: %FALSE if nothing is painted there
 */
gboolean
fb_seat_map_get_pixel (FbSeatMap *self,
                       double     x,
                       double     y,
                       GdkRGBA   *rgba)
{
  const guchar *data;
  const Tile *tile;
  int stride, px, py;
  guint32 argb;
  double a;

  g_return_val_if_fail (FB_IS_SEAT_MAP (self), FALSE);
  g_return_val_if_fail (rgba != NULL, FALSE);

  if (self->node == NULL || x < 0 || y < 0 || x >= self->tex_width || y >= self->tex_height)
    return FALSE;
  tile = &g_array_index (self->tiles, Tile, 0);
  for (guint t = 0; t < self->tiles->len; t++)
    if (graphene_rect_contains_point (&g_array_index (self->tiles, Tile, t).rect, &GRAPHENE_POINT_INIT (x, y)))
      tile = &g_array_index (self->tiles, Tile, t);
  x -= tile->rect.origin.x;
  y -= tile->rect.origin.y;
  if (tile->surface != NULL)
    {
      cairo_surface_flush (tile->surface);
      data = cairo_image_surface_get_data (tile->surface);
      stride = cairo_image_surface_get_stride (tile->surface);
    }
  else
    {
      data = g_bytes_get_data (tile->pixels, NULL);
      stride = tile->stride;
    }
  px = (int) (x * self->tex_scale);
  py = (int) (y * self->tex_scale);
  /* Cairo's ARGB32: native-endian 32-bit words, premultiplied. */
  argb = *(const guint32 *) (data + (gsize) py * stride + (gsize) px * 4);
  a = (argb >> 24) / 255.0;
  *rgba = (GdkRGBA) { 0, 0, 0, a };
  if (a > 0)
    {
      rgba->red = ((argb >> 16) & 0xff) / 255.0 / a;
      rgba->green = ((argb >> 8) & 0xff) / 255.0 / a;
      rgba->blue = (argb & 0xff) / 255.0 / a;
    }
  return TRUE;
}

/* ---- assign mode ------------------------------------------------------- */

char *
fb_seat_map_dup_plan_legend_markup (FbSeatMap *self)
{
  GString *markup = g_string_new (NULL);
  guint n;

  g_return_val_if_fail (FB_IS_SEAT_MAP (self), NULL);

  n = self->teams ? g_list_model_get_n_items (self->teams) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbRow) row = g_list_model_get_item (self->teams, i);
      const FbTeam *team = fb_row_get_entity (row);
      const GdkRGBA *c = &plan_colors[i % N_TEAM_COLORS];
      g_autofree char *name = g_markup_escape_text (team->name, -1);

      g_string_append_printf (markup, "<span foreground=\"#%02x%02x%02x\">■</span> %s    ",
                              (int) (c->red * 255), (int) (c->green * 255), (int) (c->blue * 255), name);
    }
  for (guint i = 0; i < 2; i++)
    {
      FbSeatLook look = i == 0 ? FB_SEAT_LOOK_EMPTY : FB_SEAT_LOOK_FAULTY;
      const GdkRGBA *c = &look_colors[look];
      g_autofree char *label = g_markup_escape_text (i == 0 ? _("Free") : _("Faulty: not assigned"), -1);

      g_string_append_printf (markup, "%s<span foreground=\"#%02x%02x%02x\" alpha=\"%d%%\">■</span> %s",
                              i ? "    " : "",
                              (int) (c->red * 255), (int) (c->green * 255), (int) (c->blue * 255),
                              MAX (30, (int) (c->alpha * 100)), label);
    }
  return g_string_free (markup, FALSE);
}

static void
set_context (GObject   *object,
             FbContext *context)
{
  FbSeatMap *self = FB_SEAT_MAP (object);

  g_set_object (&self->context, context);
}

static void
fb_seat_map_dispose (GObject *object)
{
  FbSeatMap *self = (FbSeatMap *)object;

  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  g_clear_handle_id (&self->update_id, g_source_remove);
  if (self->card != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->card));
      self->card = NULL;
    }
  drop_image (self);
  g_ptr_array_set_size (self->changed_agents, 0);
  g_array_set_size (self->layout.seats, 0);
  g_clear_object (&self->seats);
  g_clear_object (&self->agents);
  g_clear_object (&self->teams);
  g_clear_object (&self->evaluations);
  g_clear_pointer (&self->plan, g_hash_table_unref);
  g_clear_pointer (&self->highlight, g_free);
  g_clear_pointer (&self->drop_seat, g_free);
  self->drop_target = NULL;
  g_clear_object (&self->context);

  G_OBJECT_CLASS (fb_seat_map_parent_class)->dispose (object);
}

static void
fb_seat_map_finalize (GObject *object)
{
  FbSeatMap *self = (FbSeatMap *)object;

  fb_seat_layout_clear (&self->layout);
  g_ptr_array_unref (self->changed_agents);
  g_array_unref (self->tiles);

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
  widget_class->css_changed = fb_seat_map_css_changed;
  widget_class->realize = fb_seat_map_realize;

  fb_context_install_property (object_class, G_STRUCT_OFFSET (FbSeatMap, context), set_context);

  /**
   * FbSeatMap::seat-activated:
   * @seat_id: the seat clicked
   *
   * Assign mode: a seat was clicked.
   */
  signals[SEAT_ACTIVATED] =
    g_signal_new ("seat-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * FbSeatMap::agent-dropped:
   * @agent_id: the agent dragged (a string dropped)
   * @seat_id: the seat it was dropped on
   *
   * Assign mode: an agent was dropped on a seat.
   *
   * Returns: %TRUE if the seat was taken, %FALSE if refused
   */
  /* The seats' agents, states or looks changed (not emitted per frame). */
  signals[SEATS_UPDATED] =
    g_signal_new ("seats-updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[AGENT_DROPPED] =
    g_signal_new ("agent-dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  g_signal_accumulator_true_handled, NULL, NULL,
                  G_TYPE_BOOLEAN, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_css_name (widget_class, "seatmap");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
fb_seat_map_init (FbSeatMap *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  fb_seat_layout_init (&self->layout);
  self->changed_agents = g_ptr_array_new_with_free_func (g_object_unref);
  self->tiles = g_array_new (FALSE, TRUE, sizeof (Tile));
  g_array_set_clear_func (self->tiles, (GDestroyNotify) tile_clear);
  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (scale_factor_changed_cb), NULL);

  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (fb_seat_map_query_tooltip_cb), self);
  g_signal_connect (click, "pressed", G_CALLBACK (fb_seat_map_pressed_cb), self);
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
