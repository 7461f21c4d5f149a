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

G_END_DECLS
