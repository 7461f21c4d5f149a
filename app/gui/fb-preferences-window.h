/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-preferences-window.h: thresholds, targets, notifications, sync and
 * the server's certificate authority; all GSettings. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FB_TYPE_PREFERENCES_WINDOW (fb_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (FbPreferencesWindow, fb_preferences_window, FB, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *fb_preferences_window_new (GtkWindow *parent);
gboolean   fb_preferences_window_set_ca_file (FbPreferencesWindow *self,
                                              const char          *path);

/* Saves @text as the server address offered at sign-in, if it is one. */
gboolean             fb_preferences_window_apply_server (FbPreferencesWindow *self,
                                                         const char          *text);

G_END_DECLS
