/* fb-preferences-window.h: thresholds, notifications, sync; all GSettings. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FB_TYPE_PREFERENCES_WINDOW (fb_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (FbPreferencesWindow, fb_preferences_window, FB, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *fb_preferences_window_new (GtkWindow *parent);

G_END_DECLS
