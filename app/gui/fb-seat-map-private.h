/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-seat-map-private.h: what the seat map's files share — the widget
 * and its painter (fb-seat-map.c), what a seat says (fb-seat-map-card.c),
 * assign mode (fb-seat-map-assign.c);
 * the seats' layout itself is GTK-free, in fb-seat-layout.h. */
#pragma once

#include <gtk/gtk.h>

#include "fb-context.h"
#include "fb-seat-layout.h"
#include "fb-seat-map.h"

G_BEGIN_DECLS

typedef FbPlacedSeat Seat;
typedef FbSeatZone Zone;

/* The layout's rectangles are graphene's, field for field. */
G_STATIC_ASSERT (sizeof (FbSeatRect) == sizeof (graphene_rect_t));
G_STATIC_ASSERT (G_STRUCT_OFFSET (FbSeatRect, size) == G_STRUCT_OFFSET (graphene_rect_t, size));

static inline const graphene_rect_t *
seat_rect (const FbSeatRect *rect)
{
  return (const graphene_rect_t *) rect;
}

/* Assign mode: one colour per team (in the teams model's order, round),
 * and one more for an unknown agent. */
#define N_TEAM_COLORS 8
#define UNKNOWN_COLOR ((int) N_TEAM_COLORS)

struct _FbSeatMap
{
  GtkWidget      parent_instance;

  GListModel    *seats;
  GListModel    *agents;
  GListModel    *teams;
  GListModel    *evaluations;
  FbContext     *context;

  /* The seats laid out, prepared when data or size change; painting
   * only reads it. */
  FbSeatLayout   layout;

  /* The painted floor: tiles, the node showing them, at which size and
   * scale, and whether for the cairo renderer. */
  GArray        *tiles;        /* Tile */
  GskRenderNode *node;
  int            tex_width, tex_height, tex_scale;
  gboolean       tex_cairo;
  guint          n_dirty;

  GPtrArray     *changed_agents;  /* FbRow: agents replaced since the last update */
  guint          timer_id;
  guint          rebuild_id;
  guint          update_id;
  guint          n_prepared;
  guint          n_full_paints;
  guint          n_seats_painted;

  GtkPopover    *card;
  GtkLabel      *card_label;

  gboolean       assign_mode;
  GHashTable    *plan;         /* seat id -> agent id */
  char          *highlight;    /* seat id outlined, or NULL */
  char          *drop_seat;    /* seat id under a drag, or NULL */
  GtkDropTarget *drop_target;
};

/* For tests: what the map shows, where, and how often it painted. */
guint       fb_seat_map_get_n_seats    (FbSeatMap  *self);
/* How the seat with @seat_id looks at unix time @now. */
FbSeatLook  fb_seat_map_get_look       (FbSeatMap  *self,
                                        const char *seat_id,
                                        gint64      now);
/* Hit testing: the seat under widget coordinates (x, y), or NULL. */
const char *fb_seat_map_get_seat_at   (FbSeatMap       *self,
                                       double           x,
                                       double           y);
gboolean    fb_seat_map_get_seat_bounds (FbSeatMap     *self,
                                       const char      *seat_id,
                                       graphene_rect_t *bounds);
/* How many times the seats were prepared for drawing (for tests). */
guint       fb_seat_map_get_n_prepared (FbSeatMap  *self);
void        fb_seat_map_get_paint_counts (FbSeatMap *self,
                                          guint     *full_paints,
                                          guint     *seats_painted);
gboolean    fb_seat_map_get_pixel      (FbSeatMap  *self,
                                        double      x,
                                        double      y,
                                        GdkRGBA    *rgba);
gboolean    fb_seat_map_get_assign_mode (FbSeatMap *self);
/* The agent on @seat_id in the plan, or NULL. */
const char *fb_seat_map_get_planned_agent (FbSeatMap *self,
                                        const char *seat_id);
const char *fb_seat_map_get_highlight  (FbSeatMap  *self);
/* What a drop of @agent_id at widget coordinates (x, y) does: emits
 * ::agent-dropped for the seat there. FALSE if there is no seat there,
 * the map is not in assign mode, or a handler refused the seat. */
gboolean    fb_seat_map_drop_agent     (FbSeatMap  *self,
                                        const char *agent_id,
                                        double      x,
                                        double      y);

/* fb-seat-map.c */
void         fb_seat_map_recompute_looks     (FbSeatMap  *self);
void         fb_seat_map_paint               (FbSeatMap  *self,
                                              gboolean    full);
/* fb-seat-map-card.c */
gboolean     fb_seat_map_query_tooltip_cb    (GtkWidget  *widget,
                                              int         x,
                                              int         y,
                                              gboolean    keyboard,
                                              GtkTooltip *tooltip,
                                              FbSeatMap  *self);
void         fb_seat_map_pressed_cb          (GtkGestureClick *gesture,
                                              int         n_press,
                                              double      x,
                                              double      y,
                                              FbSeatMap  *self);
/* fb-seat-map-assign.c */
GHashTable  *fb_seat_map_team_colors         (FbSeatMap  *self);
gboolean     fb_seat_map_seat_set_plan       (FbSeatMap  *self,
                                              Seat       *seat,
                                              GHashTable *agents,
                                              GHashTable *colors);
void         fb_seat_map_update_description  (FbSeatMap  *self);

static inline gint64
now_s (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static inline Seat *
seat_at (FbSeatMap *self,
         double     x,
         double     y)
{
  return fb_seat_layout_seat_at (&self->layout, x, y);
}

static inline Seat *
seat_by_id (FbSeatMap  *self,
            const char *seat_id)
{
  return fb_seat_layout_lookup (&self->layout, seat_id);
}

G_END_DECLS
