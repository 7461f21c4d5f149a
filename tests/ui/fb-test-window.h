/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-test-window.h: the app's real window in a GUI test, on a cache of its
 * own: opened and on screen, and signed in through its connect page as a
 * user does. */
#pragma once

#include "fb-center-clock.h"
#include "fb-connect-page.h"
#include "fb-paths.h"
#include "fb-row.h"
#include "fb-store.h"
#include "fb-sync-engine.h"
#include "fb-test-drive.h"
#include "fb-test-fixture.h"
#include "fb-test-gui.h"
#include "fb-window.h"

/* The real window of @app on the cache at @cache_path, @width by @height
 * (0: its own default size), presented and on screen. *@engine_out gets
 * the engine it runs on; *@store_out, where asked for, the store (else
 * the window holds the only reference). */
static inline FbWindow *
fb_test_window_open (GtkApplication  *app,
                     const char      *cache_path,
                     int              width,
                     int              height,
                     FbSyncEngine   **engine_out,
                     FbStore        **store_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = NULL;
  FbSyncEngine *engine;
  FbWindow *window;

  engine = fb_sync_engine_new (cache_path, &error);
  g_assert_no_error (error);
  store = fb_store_open (cache_path, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, &error);
  g_assert_no_error (error);
  window = fb_window_new (app, store, engine);
  if (width > 0)
    gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (fb_test_wait_until (fb_test_is_mapped, window, 10000));
  *engine_out = engine;
  if (store_out != NULL)
    *store_out = g_steal_pointer (&store);
  return window;
}

/* What else a test waits for once the window is signed in (its page
 * filled, its rows cached); NULL: nothing. */
typedef gboolean (*FbTestWindowReady) (FbWindow *window,
                                       gpointer  data);

typedef struct
{
  FbSyncEngine      *engine;
  FbWindow          *window;
  const char        *user_id;
  FbTestWindowReady  ready;
  gpointer           data;
} FbTestSignIn;

/* For fb_test_wait_until(): whether the engine is online as the user
 * (any, when @user_id is NULL), the dashboard shows, and ready() holds. */
static inline gboolean
fb_test_signed_in (gpointer data)
{
  FbTestSignIn *s = data;

  return fb_sync_engine_get_state (s->engine) == FB_SYNC_STATE_ONLINE &&
         (s->user_id == NULL || g_strcmp0 (fb_sync_engine_get_user_id (s->engine), s->user_id) == 0) &&
         g_str_equal (fb_window_get_visible_view (s->window), "dashboard") &&
         (s->ready == NULL || s->ready (s->window, s->data));
}

/* Signs @username in to the server at @url through the window's connect
 * page, as a user does (its fields filled, its Sign In button clicked),
 * and waits until fb_test_signed_in(). */
static inline void
fb_test_sign_in (FbWindow          *window,
                 FbSyncEngine      *engine,
                 const char        *url,
                 const char        *username,
                 const char        *user_id,
                 FbTestWindowReady  ready,
                 gpointer           data)
{
  FbConnectPage *connect = FB_CONNECT_PAGE (fb_window_get_connect_page (window));
  FbTestSignIn s = { engine, window, user_id, ready, data };

  fb_window_show_connect (window);
  fb_connect_page_fill (connect, url, username, FB_TEST_PASSWORD);
  fb_test_click (fb_test_button_for (GTK_WIDGET (connect), "connect.sign-in"));
  g_assert_true (fb_test_wait_until (fb_test_signed_in, &s, 20000));
}

/* The list model's rows' ids, in order, space-separated. */
static inline char *
fb_test_row_ids (GListModel *model)
{
  GString *ids = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FbRow) row = g_list_model_get_item (model, i);

      g_string_append_printf (ids, "%s%s", i ? " " : "", fb_row_get_id (row));
    }
  return g_string_free (ids, FALSE);
}

/* A cache of its own whose center is in @zone, and a signed-out engine on
 * it (no sync comes to set the zone back): for what a window's parts count
 * on the center's clock. */
typedef struct
{
  char         *dir;
  FbSyncEngine *engine;
  FbStore      *store;
} FbTestZoneCache;

/* FALSE, the test skipped, when the machine has no tzdata for @zone. */
static inline gboolean
fb_test_zone_cache_open (FbTestZoneCache *z,
                         const char      *zone)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cache_path = NULL;

  if (!fb_center_time_zone_is_valid (zone))
    {
      g_autofree char *why = g_strdup_printf ("No tzdata for %s", zone);

      g_test_skip (why);
      return FALSE;
    }
  z->dir = g_dir_make_tmp ("fb-zone-XXXXXX", &error);
  g_assert_no_error (error);
  cache_path = g_build_filename (z->dir, "cache.db", NULL);
  z->engine = fb_sync_engine_new (cache_path, &error);
  g_assert_no_error (error);
  z->store = fb_store_open (cache_path, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, &error);
  g_assert_no_error (error);
  g_assert_true (fb_store_set_center_time_zone (z->store, zone, &error));
  g_assert_no_error (error);
  return TRUE;
}

static inline void
fb_test_zone_cache_close (FbTestZoneCache *z)
{
  fb_sync_engine_stop (z->engine);
  g_clear_object (&z->engine);
  g_clear_object (&z->store);
  fb_paths_remove_dir (z->dir);
  g_clear_pointer (&z->dir, g_free);
}
