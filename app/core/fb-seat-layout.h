/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-seat-layout.h: the floor's seats laid out for drawing, without a
 * widget: where each seat and zone label goes for a given size, which
 * seat is under a point, and how each seat looks at a moment. The seat
 * map prepares one when its data or size changes and only replays it
 * when it paints. */
#pragma once

#include <gio/gio.h>

#include "fb-types.h"

G_BEGIN_DECLS

#define FB_SEAT_LAYOUT_CELL_NATURAL 34
#define FB_SEAT_LAYOUT_CELL_MAX     44
#define FB_SEAT_LAYOUT_CELL_MIN     10
#define FB_SEAT_LAYOUT_ZONE_LABEL_H 22

/* What a seat shows, in order of urgency. */
typedef enum
{
  FB_SEAT_LOOK_EMPTY,
  FB_SEAT_LOOK_FAULTY,
  FB_SEAT_LOOK_OFFLINE,
  FB_SEAT_LOOK_AVAILABLE,
  FB_SEAT_LOOK_ON_CALL,
  FB_SEAT_LOOK_AFTER_CALL_WORK,
  FB_SEAT_LOOK_BREAK,
  FB_SEAT_LOOK_LONG,       /* a break, call or ACW past its first limit */
  FB_SEAT_LOOK_VERY_LONG,  /* … past its second limit */
  FB_SEAT_LOOK_ASSIGNED,   /* assign mode: someone sits there in the plan */
} FbSeatLook;

/* A rectangle laid out as graphene_rect_t is, so a painter can hand it
 * to graphene and GSK as one without core depending on them. */
typedef struct { float x, y; } FbSeatPoint;
typedef struct { float width, height; } FbSeatSize;
typedef struct { FbSeatPoint origin; FbSeatSize size; } FbSeatRect;

typedef struct
{
  char          *id;
  char          *label;
  char          *zone;
  char          *agent_id;
  int            x, y;
  gboolean       faulty;
  FbRow         *agent_row;
  const FbAgent *agent;       /* owned by agent_row */
  FbSeatLook     look;
  gboolean       dirty;
  FbSeatRect     rect;
  /* assign mode: who sits here in the plan */
  char          *plan_agent_id;
  FbRow         *plan_row;    /* the agent, NULL if unknown */
  int            plan_color;  /* index into the painter's plan colours */
} FbPlacedSeat;

typedef struct
{
  char       *zone;
  int         x, y;           /* top-left cell of the zone */
  FbSeatRect  label;          /* where its label is painted */
} FbSeatZone;

/* Read by the painter; changed only through the functions below. */
typedef struct
{
  GArray     *seats;          /* FbPlacedSeat */
  GPtrArray  *zones;          /* FbSeatZone */
  GHashTable *by_id;          /* seat id -> index + 1 */
  GHashTable *by_agent;       /* agent id -> seat index + 1 */
  int         cols, rows;
  int        *grid;           /* cols*rows: index + 1, 0 = no seat */
  double      cell;
  double      origin_x, origin_y;
} FbSeatLayout;

void          fb_seat_layout_init          (FbSeatLayout *self);
void          fb_seat_layout_clear         (FbSeatLayout *self);
/* Seats from @seats (FbRow "seat") with their agents from @agents
 * (FbRow "agent"), both may be NULL. Returns agent id -> FbRow of every
 * agent, for what the caller lays over the seats (a plan). */
GHashTable   *fb_seat_layout_rebuild       (FbSeatLayout *self,
                                            GListModel   *seats,
                                            GListModel   *agents);
/* Agents replaced in place (a state change): the rows of their seats. */
void          fb_seat_layout_update_agents (FbSeatLayout *self,
                                            GPtrArray    *agent_rows);
/* Places seats and zone labels in @width x @height; nothing without
 * seats or width. */
void          fb_seat_layout_place         (FbSeatLayout *self,
                                            int           width,
                                            int           height);
/* Hit testing: the seat under (x, y), or NULL. */
FbPlacedSeat *fb_seat_layout_seat_at       (FbSeatLayout *self,
                                            double        x,
                                            double        y);
FbPlacedSeat *fb_seat_layout_lookup        (FbSeatLayout *self,
                                            const char   *seat_id);
/* The look of @seat at @now, and when it will next change (0: never).
 * In @assign_mode a seat shows its plan, which time does not change. */
FbSeatLook    fb_seat_layout_look          (const FbPlacedSeat *seat,
                                            gboolean      assign_mode,
                                            gint64        now,
                                            gint64       *next_change);
/* Looks at @now: seats whose look changed are marked dirty (@n_dirty
 * counts those newly marked). Returns the earliest coming change, 0 for
 * none. */
gint64        fb_seat_layout_update_looks  (FbSeatLayout *self,
                                            gboolean      assign_mode,
                                            gint64        now,
                                            guint        *n_dirty);

G_END_DECLS
