/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-seat-map.h: the floor's seats at their positions, coloured by the
 * state of the agent on each and how long they have been in it. */
#pragma once

#include <gtk/gtk.h>

#include "fb-seat-layout.h"
#include "fb-types.h"

G_BEGIN_DECLS

#define FB_TYPE_SEAT_MAP (fb_seat_map_get_type ())
G_DECLARE_FINAL_TYPE (FbSeatMap, fb_seat_map, FB, SEAT_MAP, GtkWidget)

GtkWidget  *fb_seat_map_new            (void);
/* GListModels of FbRow: "seat", "agent", "team", "qa_evaluation". */
void        fb_seat_map_set_models     (FbSeatMap  *self,
                                        GListModel *seats,
                                        GListModel *agents,
                                        GListModel *teams,
                                        GListModel *evaluations);
/* A line of coloured keys for the looks, as Pango markup. */
char       *fb_seat_map_dup_legend_markup (void);
GStrv       fb_seat_map_dup_seat_ids   (FbSeatMap  *self);
/* The text of the hover tooltip over @seat_id. */
char       *fb_seat_map_dup_tooltip    (FbSeatMap  *self,
                                        const char *seat_id);
/* Opens the agent card of @seat_id as a click would; FALSE if empty. */
gboolean    fb_seat_map_show_card      (FbSeatMap  *self,
                                        const char *seat_id);

/* Assign mode: the seats show a plan (who sits where on a shift), coloured
 * by team, instead of the agents' live states; a click emits
 * ::seat-activated instead of opening the agent card, and agent ids
 * (strings) dragged onto a seat emit ::agent-dropped. */
void        fb_seat_map_set_assign_mode (FbSeatMap *self,
                                        gboolean    assign_mode);
/* @plan: seat id → agent id, copied; NULL empties it. */
void        fb_seat_map_set_plan       (FbSeatMap  *self,
                                        GHashTable *plan);
/* Outlines one seat (the chosen agent's); NULL for none. */
void        fb_seat_map_set_highlight  (FbSeatMap  *self,
                                        const char *seat_id);
/* Keys for the plan's looks (each team's colour, free, faulty), as Pango markup. */
char       *fb_seat_map_dup_plan_legend_markup (FbSeatMap *self);

G_END_DECLS
