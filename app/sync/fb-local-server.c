/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-local-server.c */
#define G_LOG_DOMAIN "floorboard-sync"

#include <glib/gi18n.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "fb-local-server.h"

#define START_TIMEOUT_S 60

struct _FbLocalServer
{
  GObject      parent_instance;
  char        *program;
  char        *db_path;
  GSubprocess *process;
  gboolean     quiet;
};

G_DEFINE_FINAL_TYPE (FbLocalServer, fb_local_server, G_TYPE_OBJECT)

char *
fb_local_server_find_program (void)
{
  const char *env = g_getenv ("FLOORBOARD_SERVER");
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *beside = NULL;
  g_autofree char *installed = g_build_filename (FB_BINDIR, "floorboard-server", NULL);

  if (env != NULL && g_file_test (env, G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup (env);
  if (self_exe != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self_exe);
      beside = g_build_filename (dir, "floorboard-server", NULL);
      if (g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&beside);
    }
  if (g_file_test (installed, G_FILE_TEST_IS_EXECUTABLE))
    return g_steal_pointer (&installed);
  return g_find_program_in_path ("floorboard-server");
}

static void
child_setup (gpointer data)
{
  /* If the app dies without stopping us, the kernel does. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
fb_local_server_dispose (GObject *object)
{
  FbLocalServer *self = (FbLocalServer *)object;

  fb_local_server_stop (self);

  G_OBJECT_CLASS (fb_local_server_parent_class)->dispose (object);
}

static void
fb_local_server_finalize (GObject *object)
{
  FbLocalServer *self = (FbLocalServer *)object;

  g_free (self->program);
  g_free (self->db_path);

  G_OBJECT_CLASS (fb_local_server_parent_class)->finalize (object);
}

static void
fb_local_server_class_init (FbLocalServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fb_local_server_dispose;
  object_class->finalize = fb_local_server_finalize;
}

static void
fb_local_server_init (FbLocalServer *self)
{
}

FbLocalServer *
fb_local_server_new (const char *program,
                     const char *db_path)
{
  FbLocalServer *self;

  g_return_val_if_fail (program != NULL, NULL);
  g_return_val_if_fail (db_path != NULL, NULL);

  self = g_object_new (FB_TYPE_LOCAL_SERVER, NULL);
  self->program = g_strdup (program);
  self->db_path = g_strdup (db_path);
  return self;
}

void
fb_local_server_set_quiet (FbLocalServer *self,
                           gboolean       quiet)
{
  g_return_if_fail (FB_IS_LOCAL_SERVER (self));

  self->quiet = !!quiet;
}

typedef struct
{
  GDataInputStream *stdout_stream;
  guint             timeout_id;
} StartData;

static void
start_data_free (StartData *data)
{
  g_clear_object (&data->stdout_stream);
  g_clear_handle_id (&data->timeout_id, g_source_remove);
  g_free (data);
}

static gboolean
start_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  StartData *data = g_task_get_task_data (task);

  data->timeout_id = 0;
  g_cancellable_cancel (g_task_get_cancellable (task));
  return G_SOURCE_REMOVE;
}

static void
read_line_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FbLocalServer *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gsize len;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, &len, &error);
  if (line == NULL || !g_str_has_prefix (line, "listening on http://127.0.0.1:"))
    {
      if (error == NULL)
        g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     _("The local server stopped before it was ready (see its messages above)"));
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
               !g_cancellable_is_cancelled (g_task_get_cancellable (task)))
        g_clear_error (&error);
      fb_local_server_stop (self);
      g_task_return_error (task, error ? g_steal_pointer (&error)
                                       : g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                                      _("The local server did not start in time")));
      return;
    }
  g_task_return_pointer (task, g_strdup (line + strlen ("listening on ")), g_free);
}

void
fb_local_server_start_async (FbLocalServer       *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) own_cancellable = NULL;
  StartData *data;

  g_return_if_fail (FB_IS_LOCAL_SERVER (self));

  /* Our own cancellable also serves the start-up timeout. */
  own_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    g_cancellable_connect (cancellable, G_CALLBACK (g_cancellable_cancel),
                           g_object_ref (own_cancellable), g_object_unref);
  task = g_task_new (self, own_cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_local_server_start_async);

  if (self->process != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_EXISTS,
                               _("The local server is already running"));
      return;
    }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        (self->quiet ? G_SUBPROCESS_FLAGS_STDERR_SILENCE : 0));
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  self->process = g_subprocess_launcher_spawn (launcher, &error, self->program,
                                               "--db", self->db_path,
                                               "--listen", "127.0.0.1:0",
                                               "--demo", "--simulate", NULL);
  if (self->process == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("Cannot start %s: %s"), self->program, error->message);
      return;
    }

  data = g_new0 (StartData, 1);
  data->stdout_stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  data->timeout_id = g_timeout_add_seconds (START_TIMEOUT_S, start_timeout_cb, task);
  g_task_set_task_data (task, data, (GDestroyNotify) start_data_free);

  g_data_input_stream_read_line_async (data->stdout_stream, G_PRIORITY_DEFAULT,
                                       own_cancellable, read_line_cb, g_object_ref (task));
}

char *
fb_local_server_start_finish (FbLocalServer  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (FB_IS_LOCAL_SERVER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
fb_local_server_stop (FbLocalServer *self)
{
  g_return_if_fail (FB_IS_LOCAL_SERVER (self));

  if (self->process == NULL)
    return;

  /* The server quits its main loop on SIGTERM within milliseconds. */
  g_subprocess_send_signal (self->process, SIGTERM);
  g_subprocess_wait (self->process, NULL, NULL);
  g_clear_object (&self->process);
}

gboolean
fb_local_server_is_running (FbLocalServer *self)
{
  g_return_val_if_fail (FB_IS_LOCAL_SERVER (self), FALSE);
  return self->process != NULL;
}
