/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-queue-tile.h: one queue's live figures (or the center's total). */
#pragma once

#include <gtk/gtk.h>

#include "fb-entity.h"
#include "fb-queue-stats.h"

G_BEGIN_DECLS

#define FB_TYPE_QUEUE_TILE (fb_queue_tile_get_type ())
G_DECLARE_FINAL_TYPE (FbQueueTile, fb_queue_tile, FB, QUEUE_TILE, GtkWidget)

GtkWidget  *fb_queue_tile_new        (void);
void        fb_queue_tile_set_queue  (FbQueueTile   *self,
                                      const FbQueue *queue,
                                      const FbThresholds *thresholds);
/* The intraday chart's data (see FbIntradayChart); shows the chart. */
void        fb_queue_tile_set_history (FbQueueTile  *self,
                                       const double *today,
                                       const double *last_week,
                                       guint         current_slot);
/* Erlang C advice: @needed agents (-1: none will do) against @staffed. */
void        fb_queue_tile_set_staffing (FbQueueTile *self,
                                        int          needed,
                                        gint64       staffed,
                                        double       target_sl,
                                        gint64       threshold_s);
const char *fb_queue_tile_get_advice (FbQueueTile   *self);
/* The tile's alert level as last set (for tests and notifications). */
FbAlertLevel fb_queue_tile_get_alert (FbQueueTile   *self);
/* The text a figure shows, by name ("waiting", "service_level" …): for tests
 * and assistive technology. */
const char *fb_queue_tile_get_figure (FbQueueTile   *self,
                                      const char    *name);

G_END_DECLS
