/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-window.h: the main window: connect page or the dashboard's pages. */
#pragma once

#include <adwaita.h>

#include "fb-types.h"

G_BEGIN_DECLS

#define FB_TYPE_WINDOW (fb_window_get_type ())
G_DECLARE_FINAL_TYPE (FbWindow, fb_window, FB, WINDOW, AdwApplicationWindow)

/* @store: the cache, read on the UI thread; @engine fills it. */
FbWindow   *fb_window_new               (GtkApplication *application,
                                         FbStore        *store,
                                         FbSyncEngine   *engine);
/* "connect" or "dashboard" */
const char *fb_window_get_visible_view  (FbWindow       *self);
void        fb_window_show_connect      (FbWindow       *self);
void        fb_window_set_forget_sign_in (FbWindow      *self,
                                          gboolean       forget);
/* Reads the cache again (what the engine's "changed" triggers). */
void        fb_window_reload            (FbWindow       *self);
GtkWidget  *fb_window_get_connect_page  (FbWindow       *self);
GtkWidget  *fb_window_get_floor_page    (FbWindow       *self);
/* Shows the Escalations page on case @id (what a notification opens). */
void        fb_window_show_escalation   (FbWindow       *self,
                                         const char     *id);
GObject    *fb_window_get_escalation_watch (FbWindow    *self);
/* "leave", "swaps", "reports": FbTablePage; "escalations": FbEscalationsPage;
 * "quality": FbQualityPage; "requests": FbRequestsPage; "summary":
 * FbSummaryPage */
GtkWidget  *fb_window_get_table_page    (FbWindow       *self,
                                         const char     *name);

G_END_DECLS
