/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-floor-page.h: the floor at a glance: the center's total and a tile
 * per queue, all from the cache. */
#pragma once

#include <gtk/gtk.h>

#include "fb-types.h"

G_BEGIN_DECLS

#define FB_TYPE_FLOOR_PAGE (fb_floor_page_get_type ())
G_DECLARE_FINAL_TYPE (FbFloorPage, fb_floor_page, FB, FLOOR_PAGE, GtkWidget)

GtkWidget   *fb_floor_page_new           (void);
/* @queues: a GListModel of FbRow of type "queue". */
void         fb_floor_page_set_queues    (FbFloorPage *self,
                                          GListModel  *queues);
/* The "context" property (FbContext) brings the cache, for the intraday
 * charts (call fb_floor_page_refresh_intervals() to read it), and the
 * engine whose role decides whether seats may be assigned here. */
/* Sums the quarter hours again: after queue_interval rows changed. */
void         fb_floor_page_refresh_intervals (FbFloorPage *self);
GtkWidget   *fb_floor_page_get_seat_map  (FbFloorPage *self);

G_END_DECLS
