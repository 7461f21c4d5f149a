/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-status-bar.h: sync state and the age of the data on screen. */
#pragma once

#include <gtk/gtk.h>

#include "fb-types.h"

G_BEGIN_DECLS

#define FB_TYPE_STATUS_BAR (fb_status_bar_get_type ())
G_DECLARE_FINAL_TYPE (FbStatusBar, fb_status_bar, FB, STATUS_BAR, GtkWidget)

GtkWidget  *fb_status_bar_new       (void);
const char *fb_status_bar_get_text  (FbStatusBar  *self);

G_END_DECLS
