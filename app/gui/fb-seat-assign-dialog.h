/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-seat-assign-dialog.h: the seat plan of one date and shift (who sits
 * where): the shift's agents, the floor in assign mode, the seeds' seat
 * rules checked on every change, a suggestion by load, saved as one PUT
 * through the sync engine's outbox. */
#pragma once

#include <adwaita.h>

#include "fb-entity.h"
#include "fb-types.h"

G_BEGIN_DECLS

#define FB_TYPE_SEAT_ASSIGN_DIALOG (fb_seat_assign_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FbSeatAssignDialog, fb_seat_assign_dialog, FB, SEAT_ASSIGN_DIALOG, AdwWindow)

/* Reads what the rules need from @store (the cache) once, and opens on
 * the next shift to start. */
FbSeatAssignDialog *fb_seat_assign_dialog_new       (GtkWindow    *parent,
                                                    FbSyncEngine *engine,
                                                    FbStore      *store);
/* Shows the plan of @date ("YYYY-MM-DD") and @shift as the cache has it;
 * changes not saved are dropped. FALSE if @date is not a date. */
gboolean    fb_seat_assign_dialog_set_shift        (FbSeatAssignDialog *self,
                                                    const char         *date,
                                                    FbShift             shift);
const char *fb_seat_assign_dialog_get_date         (FbSeatAssignDialog *self);
FbShift     fb_seat_assign_dialog_get_shift        (FbSeatAssignDialog *self);
/* The agents listed, in order: a GListModel of GtkStringObject (agent ids). */
GListModel *fb_seat_assign_dialog_get_agents       (FbSeatAssignDialog *self);
/* Chooses the agent the next click on a seat places (NULL: none). */
void        fb_seat_assign_dialog_select_agent     (FbSeatAssignDialog *self,
                                                    const char         *agent_id);
const char *fb_seat_assign_dialog_get_selected_agent (FbSeatAssignDialog *self);
/* Puts @agent_id on @seat_id in the plan, as a pick or a drop does: a
 * faulty seat or an agent not on the shift is refused (FALSE, and the
 * status says why); whoever sat there is unseated; an agent's earlier
 * seat is freed. */
gboolean    fb_seat_assign_dialog_assign           (FbSeatAssignDialog *self,
                                                    const char         *agent_id,
                                                    const char         *seat_id);
/* The seat of @agent_id in the plan, or NULL. */
const char *fb_seat_assign_dialog_get_seat_of      (FbSeatAssignDialog *self,
                                                    const char         *agent_id);
guint       fb_seat_assign_dialog_get_n_seated     (FbSeatAssignDialog *self);
/* What the last change did or why it was refused, as shown. */
const char *fb_seat_assign_dialog_get_status       (FbSeatAssignDialog *self);
/* The broken rules that keep Save disabled, as shown; NULL when none. */
const char *fb_seat_assign_dialog_get_problem      (FbSeatAssignDialog *self);
/* The failure of the last save, as shown; NULL when none. */
const char *fb_seat_assign_dialog_get_error        (FbSeatAssignDialog *self);
/* The highest version among the cached rows of the plan (0: none). */
gint64      fb_seat_assign_dialog_get_base_version (FbSeatAssignDialog *self);

G_END_DECLS
