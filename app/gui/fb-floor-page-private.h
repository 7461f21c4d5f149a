/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-floor-page-private.h: what tests read of the floor page and do to it. */
#pragma once

#include "fb-floor-page.h"

G_BEGIN_DECLS

guint       fb_floor_page_get_n_histories (FbFloorPage *self);
guint       fb_floor_page_get_n_tiles  (FbFloorPage *self);
/* The seats as a list of lines (for the keyboard and screen readers). */
void         fb_floor_page_show_seat_list (FbFloorPage *self,
                                           gboolean     list);
/* The tile of the queue at @position of the model, NULL past the end. */
GtkWidget   *fb_floor_page_get_tile      (FbFloorPage *self,
                                          guint        position);

G_END_DECLS
