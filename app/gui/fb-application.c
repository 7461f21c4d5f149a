/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-application.c */
#define G_LOG_DOMAIN "floorboard"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "fb-application.h"
#include "fb-connect-page.h"
#include "fb-entity.h"
#include "fb-local-server.h"
#include "fb-paths.h"
#include "fb-store.h"
#include "fb-summary-export.h"
#include "fb-summary-page.h"
#include "fb-sync-engine.h"
#include "fb-window.h"

#define DEMO_USER     "supervisor"
#define DEMO_PASSWORD "demo"

struct _FbApplication
{
  AdwApplication  parent_instance;

  gboolean        demo;
  char           *cache_path;
  char           *server_url;

  FbStore        *store;
  FbSyncEngine   *engine;
  FbLocalServer  *local_server;
  GSettings      *settings;
  char           *demo_dir;
  GCancellable   *cancellable;
};

G_DEFINE_FINAL_TYPE (FbApplication, fb_application, ADW_TYPE_APPLICATION)

static FbWindow *
get_window (FbApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return FB_IS_WINDOW (window) ? FB_WINDOW (window) : NULL;
}

static void
demo_failed (FbApplication *self,
             const char    *message)
{
  FbWindow *window = get_window (self);

  g_warning ("Demo floor: %s", message);
  if (window == NULL)
    return;
  fb_window_show_connect (window);
  fb_connect_page_set_busy (FB_CONNECT_PAGE (fb_window_get_connect_page (window)), FALSE, NULL);
  fb_connect_page_show_error (FB_CONNECT_PAGE (fb_window_get_connect_page (window)), message);
}

static void
demo_login_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(FbApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  FbWindow *window;

  if (!fb_sync_engine_login_finish (FB_SYNC_ENGINE (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        demo_failed (self, error->message);
      return;
    }
  if ((window = get_window (self)))
    {
      fb_connect_page_set_busy (FB_CONNECT_PAGE (fb_window_get_connect_page (window)), FALSE, NULL);
      g_signal_emit_by_name (fb_window_get_connect_page (window), "signed-in");
      /* A sign-in of the user's own after the demo is remembered again. */
      fb_window_set_forget_sign_in (window, self->demo);
    }
}

static void
demo_started_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(FbApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  if (!(url = fb_local_server_start_finish (FB_LOCAL_SERVER (object), result, &error)))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        demo_failed (self, error->message);
      return;
    }
  g_debug ("Demo floor at %s", url);
  fb_sync_engine_login_async (self->engine, url, DEMO_USER, DEMO_PASSWORD,
                              self->cancellable, demo_login_cb, g_object_ref (self));
}

static void
open_demo_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  FbApplication *self = user_data;
  g_autofree char *program = fb_local_server_find_program ();
  g_autofree char *db_path = NULL;
  g_autoptr(GError) error = NULL;
  FbWindow *window = get_window (self);

  if (program == NULL)
    {
      demo_failed (self, _("floorboard-server is not installed, so the demo floor cannot start"));
      return;
    }
  if (self->local_server != NULL && fb_local_server_is_running (self->local_server))
    return;

  /* A fresh center each time, dated today; removed when the app quits. */
  if (self->demo_dir == NULL && !(self->demo_dir = g_dir_make_tmp ("floorboard-demo-XXXXXX", &error)))
    {
      demo_failed (self, error->message);
      return;
    }
  db_path = g_build_filename (self->demo_dir, "demo-server.db", NULL);

  if (window != NULL)
    {
      /* From the sign-in page too: the demo's address is not remembered. */
      fb_window_set_forget_sign_in (window, TRUE);
      fb_window_show_connect (window);
      fb_connect_page_set_busy (FB_CONNECT_PAGE (fb_window_get_connect_page (window)), TRUE,
                                _("Starting the demo floor…"));
    }

  g_clear_object (&self->local_server);
  self->local_server = fb_local_server_new (program, db_path);
  fb_local_server_start_async (self->local_server, self->cancellable,
                               demo_started_cb, g_object_ref (self));
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  FbApplication *self = user_data;
  static const char *developers[] = { "Floorboard developers", NULL };

  adw_show_about_window (GTK_WINDOW (get_window (self)),
                         "application-name", _("Floorboard"),
                         "application-icon", FB_APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("A live dashboard for call-center supervisors"),
                         "developer-name", _("Floorboard developers"),
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

/* A notification's button: the case, on screen. */
static void
show_escalation_action (GSimpleAction *action,
                        GVariant      *param,
                        gpointer       user_data)
{
  FbApplication *self = user_data;
  FbWindow *window = get_window (self);

  if (window == NULL)
    return;
  fb_window_show_escalation (window, g_variant_get_string (param, NULL));
  gtk_window_present (GTK_WINDOW (window));
}

static const GActionEntry app_actions[] = {
  { "open-demo", open_demo_action },
  { "show-escalation", show_escalation_action, "s" },
  { "about", about_action },
  { "quit", quit_action },
};

static void
show_fatal (FbApplication *self,
            const char    *heading,
            const char    *body)
{
  GtkWidget *dialog = adw_message_dialog_new (NULL, heading, body);

  g_printerr ("floorboard: %s: %s\n", heading, body);
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  g_signal_connect_swapped (dialog, "response", G_CALLBACK (gtk_window_destroy), dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A CA file that cannot be read keeps the one before, and says so: the
 * engine never goes on without checking certificates. */
static void
ca_file_changed_cb (FbApplication *self)
{
  g_autofree char *path = g_settings_get_string (self->settings, "ca-file");
  g_autoptr(GError) error = NULL;

  if (!fb_sync_engine_set_ca_file (self->engine, path, &error))
    g_warning ("Cannot use the certificate authority file: %s", error->message);
}

static void
poll_interval_changed_cb (FbApplication *self)
{
  fb_sync_engine_set_poll_interval (self->engine, g_settings_get_uint (self->settings, "poll-interval"));
}

static gboolean
open_cache (FbApplication  *self,
            GError        **error)
{
  g_autofree char *dir = NULL;

  if (self->cache_path == NULL)
    self->cache_path = g_build_filename (g_get_user_data_dir (), "floorboard",
                                         self->demo ? "demo-cache.db" : "cache.db", NULL);
  dir = g_path_get_dirname (self->cache_path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Cannot create %s: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  /* The engine's connection migrates the file first; then ours reads it. */
  if (!(self->engine = fb_sync_engine_new (self->cache_path, error)))
    return FALSE;
  /* The demo's server is new each time: nothing worth keeping. */
  fb_sync_engine_set_keep_sessions (self->engine, !self->demo);
  self->settings = g_settings_new (FB_APP_ID);
  g_signal_connect_object (self->settings, "changed::poll-interval",
                           G_CALLBACK (poll_interval_changed_cb), self, G_CONNECT_SWAPPED);
  poll_interval_changed_cb (self);
  g_signal_connect_object (self->settings, "changed::ca-file",
                           G_CALLBACK (ca_file_changed_cb), self, G_CONNECT_SWAPPED);
  ca_file_changed_cb (self);
  if (!(self->store = fb_store_open (self->cache_path, fb_store_cache_migrations,
                                     FB_STORE_SYNC_NORMAL, error)))
    return FALSE;
  return TRUE;
}

static void
restored_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FbApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  FbWindow *window;

  if (fb_sync_engine_restore_session_finish (FB_SYNC_ENGINE (object), result, &error))
    {
      if ((window = get_window (self)))
        g_signal_emit_by_name (fb_window_get_connect_page (window), "signed-in");
      return;
    }
  if (error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (!g_error_matches (error, FB_SYNC_ERROR, FB_SYNC_ERROR_BAD_CREDENTIALS))
    {
      /* No Secret Service here: signing in is asked for, as without one. */
      g_message ("No kept session: %s", error->message);
      return;
    }
  if ((window = get_window (self)))
    {
      fb_window_show_connect (window);
      fb_connect_page_show_error (FB_CONNECT_PAGE (fb_window_get_connect_page (window)), error->message);
    }
}

/* build-aux/bench: how long from exec to the first painted frame. */
static void
first_frame_cb (GdkFrameClock *clock,
                FbApplication *self)
{
  g_print ("first-frame-us %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_signal_handlers_disconnect_by_func (clock, first_frame_cb, self);
  g_application_quit (G_APPLICATION (self));
}

static void
fb_application_activate (GApplication *app)
{
  FbApplication *self = FB_APPLICATION (app);
  g_autoptr(GError) error = NULL;
  FbWindow *window = get_window (self);

  if (window != NULL)
    {
      gtk_window_present (GTK_WINDOW (window));
      return;
    }

  if (self->engine == NULL && !open_cache (self, &error))
    {
      show_fatal (self, _("Cannot Open the Cache"), error->message);
      return;
    }

  window = fb_window_new (GTK_APPLICATION (self), self->store, self->engine);
  fb_window_set_forget_sign_in (window, self->demo);
  if (self->server_url != NULL)
    fb_connect_page_set_defaults (FB_CONNECT_PAGE (fb_window_get_connect_page (window)),
                                  self->server_url, NULL);
  gtk_window_present (GTK_WINDOW (window));
  if (g_getenv ("FB_BENCH_FIRST_FRAME") != NULL)
    g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                      G_CALLBACK (first_frame_cb), self);

  if (self->demo)
    g_action_group_activate_action (G_ACTION_GROUP (self), "open-demo", NULL);
  else
    {
      g_autofree char *url = g_settings_get_string (self->settings, "server-url");
      g_autofree char *username = g_settings_get_string (self->settings, "username");

      /* Signed in last time: go on without asking for the password. */
      fb_sync_engine_restore_session_async (self->engine, self->server_url ? self->server_url : url, username,
                                            self->cancellable, restored_cb, g_object_ref (self));
    }
}

/* --export-summary --demo: starts the demo floor, syncs it into @cache_path
 * and stops it again. The command line has no window to wait in: a loop of
 * its own runs until the first sync is done, fails, or a minute passes. */
typedef struct
{
  GMainLoop     *loop;
  FbSyncEngine  *engine;
  char          *url;
  GError        *error;
  guint          timeout_id;
  gboolean       done;
} DemoSync;

static void
demo_sync_fail (DemoSync *sync,
                GError   *error)
{
  if (sync->error == NULL)
    sync->error = error;
  else
    g_error_free (error);
  g_main_loop_quit (sync->loop);
}

static void
demo_sync_progress_cb (FbSyncEngine *engine,
                       GParamSpec   *pspec,
                       DemoSync     *sync)
{
  FbSyncState state = fb_sync_engine_get_state (engine);

  if (state == FB_SYNC_STATE_ONLINE && fb_sync_engine_get_progress (engine) >= 1.0)
    {
      sync->done = TRUE;
      g_main_loop_quit (sync->loop);
    }
  else if (state == FB_SYNC_STATE_ERROR || state == FB_SYNC_STATE_OFFLINE)
    demo_sync_fail (sync, g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                                       _("Cannot sync the demo floor: %s"),
                                       fb_sync_engine_get_message (engine) ?: ""));
}

static void
demo_sync_login_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  DemoSync *sync = user_data;
  GError *error = NULL;

  if (!fb_sync_engine_login_finish (FB_SYNC_ENGINE (object), result, &error))
    demo_sync_fail (sync, error);
}

static void
demo_sync_started_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  DemoSync *sync = user_data;
  GError *error = NULL;

  if (!(sync->url = fb_local_server_start_finish (FB_LOCAL_SERVER (object), result, &error)))
    {
      demo_sync_fail (sync, error);
      return;
    }
  fb_sync_engine_login_async (sync->engine, sync->url, DEMO_USER, DEMO_PASSWORD, NULL,
                              demo_sync_login_cb, sync);
}

static gboolean
demo_sync_timeout_cb (gpointer user_data)
{
  DemoSync *sync = user_data;

  sync->timeout_id = 0;
  demo_sync_fail (sync, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                             _("The demo floor did not answer within a minute")));
  return G_SOURCE_REMOVE;
}

static gboolean
sync_demo (const char  *dir,
           const char  *cache_path,
           GError     **error)
{
  g_autofree char *program = fb_local_server_find_program ();
  g_autofree char *db_path = g_build_filename (dir, "demo-server.db", NULL);
  g_autoptr(FbLocalServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  DemoSync sync = { 0 };

  if (program == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("floorboard-server is not installed, so the demo floor cannot start"));
      return FALSE;
    }
  if (!(sync.engine = fb_sync_engine_new (cache_path, error)))
    return FALSE;
  loop = g_main_loop_new (NULL, FALSE);
  sync.loop = loop;
  server = fb_local_server_new (program, db_path);
  fb_local_server_set_quiet (server, TRUE);
  g_signal_connect (sync.engine, "notify::progress", G_CALLBACK (demo_sync_progress_cb), &sync);
  g_signal_connect (sync.engine, "notify::state", G_CALLBACK (demo_sync_progress_cb), &sync);
  fb_local_server_start_async (server, NULL, demo_sync_started_cb, &sync);
  sync.timeout_id = g_timeout_add_seconds (60, demo_sync_timeout_cb, &sync);
  g_main_loop_run (loop);
  g_clear_handle_id (&sync.timeout_id, g_source_remove);

  g_signal_handlers_disconnect_by_data (sync.engine, &sync);
  fb_sync_engine_stop (sync.engine);
  g_clear_object (&sync.engine);
  fb_local_server_stop (server);
  g_free (sync.url);
  if (!sync.done)
    {
      g_propagate_error (error, sync.error);
      return FALSE;
    }
  g_clear_error (&sync.error);
  return TRUE;
}

/* --export-summary: no window; scripts read the exit status and stderr. */
static int
export_summary (FbApplication *self,
                GVariantDict  *options)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  FbSummaryTargets targets;
  const char *date = NULL;
  const char *output = NULL;

  g_variant_dict_lookup (options, "export-summary", "&s", &date);
  if (!g_variant_dict_lookup (options, "output", "^&ay", &output))
    {
      g_printerr ("floorboard: %s\n", _("--export-summary needs --output FILE.pdf or FILE.csv"));
      return 1;
    }
  settings = g_settings_new (FB_APP_ID);
  fb_summary_page_read_targets (settings, &targets);
  if (self->demo)
    {
      /* The demo floor's own cache, filled first; both go afterwards. */
      g_autofree char *dir = NULL;
      g_autofree char *lower = g_ascii_strdown (output, -1);
      gboolean ok;

      /* Said before the floor takes seconds to start. */
      if (date == NULL || !fb_date_is_valid (date))
        {
          g_printerr ("floorboard: %s\n", _("The date must be written YYYY-MM-DD"));
          return 1;
        }
      if (!g_str_has_suffix (lower, ".pdf") && !g_str_has_suffix (lower, ".csv"))
        {
          g_printerr ("floorboard: %s\n", _("The output file name must end in .pdf or .csv"));
          return 1;
        }
      if (!(dir = g_dir_make_tmp ("floorboard-export-XXXXXX", &error)))
        {
          g_printerr ("floorboard: %s\n", error->message);
          return 1;
        }
      path = g_build_filename (dir, "demo-cache.db", NULL);
      ok = sync_demo (dir, path, &error) &&
           fb_summary_export (path, NULL, date, output, &targets, g_get_real_time () / G_USEC_PER_SEC, &error);
      fb_paths_remove_dir (dir);
      if (!ok)
        {
          g_printerr ("floorboard: %s\n", error->message);
          return 1;
        }
      return 0;
    }
  path = self->cache_path ? g_strdup (self->cache_path)
                          : g_build_filename (g_get_user_data_dir (), "floorboard", "cache.db", NULL);
  if (!fb_summary_export (path, NULL, date, output, &targets, g_get_real_time () / G_USEC_PER_SEC, &error))
    {
      g_printerr ("floorboard: %s\n", error->message);
      return 1;
    }
  return 0;
}

static int
fb_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  FbApplication *self = FB_APPLICATION (app);
  const char *cache = NULL;
  const char *server = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("floorboard %s\n", PACKAGE_VERSION);
      return 0;
    }
  self->demo = g_variant_dict_contains (options, "demo");
  if (g_variant_dict_lookup (options, "cache", "^&ay", &cache))
    self->cache_path = g_strdup (cache);
  if (g_variant_dict_contains (options, "export-summary"))
    return export_summary (self, options);
  if (g_variant_dict_lookup (options, "server", "&s", &server))
    self->server_url = g_strdup (server);

  return G_APPLICATION_CLASS (fb_application_parent_class)->handle_local_options (app, options);
}

static void
fb_application_startup (GApplication *app)
{
  FbApplication *self = FB_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (fb_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
}

static void
fb_application_shutdown (GApplication *app)
{
  FbApplication *self = FB_APPLICATION (app);

  g_cancellable_cancel (self->cancellable);
  if (self->engine != NULL)
    fb_sync_engine_stop (self->engine);
  /* The demo server goes with the app. */
  if (self->local_server != NULL)
    fb_local_server_stop (self->local_server);
  if (self->demo_dir != NULL)
    fb_paths_remove_dir (self->demo_dir);

  G_APPLICATION_CLASS (fb_application_parent_class)->shutdown (app);
}

static void
fb_application_dispose (GObject *object)
{
  FbApplication *self = (FbApplication *)object;

  g_clear_object (&self->local_server);
  g_clear_object (&self->engine);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (fb_application_parent_class)->dispose (object);
}

static void
fb_application_finalize (GObject *object)
{
  FbApplication *self = (FbApplication *)object;

  g_free (self->cache_path);
  g_free (self->server_url);
  g_free (self->demo_dir);

  G_OBJECT_CLASS (fb_application_parent_class)->finalize (object);
}

static void
fb_application_class_init (FbApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = fb_application_dispose;
  object_class->finalize = fb_application_finalize;
  app_class->activate = fb_application_activate;
  app_class->startup = fb_application_startup;
  app_class->shutdown = fb_application_shutdown;
  app_class->handle_local_options = fb_application_handle_local_options;
}

static const GOptionEntry options[] = {
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Start a simulated demo floor on this computer and open it"), NULL },
  { "cache", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Use this cache file instead of the default"), N_("FILE") },
  { "server", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Server address to offer on the sign-in page"), N_("URL") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version"), NULL },
  { "export-summary", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Write the daily summary of a date to the --output file, without a window"), N_("DATE") },
  { "output", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("The file --export-summary writes (.pdf or .csv)"), N_("FILE") },
  { NULL }
};

static void
fb_application_init (FbApplication *self)
{
  self->cancellable = g_cancellable_new ();
  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

FbApplication *
fb_application_new (void)
{
  /* Non-unique: a supervisor may watch two centers side by side. */
  return g_object_new (FB_TYPE_APPLICATION,
                       "application-id", FB_APP_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/org/floorboard/Floorboard",
                       NULL);
}

FbSyncEngine *
fb_application_get_engine (FbApplication *self)
{
  g_return_val_if_fail (FB_IS_APPLICATION (self), NULL);
  return self->engine;
}
