/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-bench.c: the app's speed and memory figures, printed, not asserted.
 *
 * A generated center (2,000 seats and agents, 50 queues, today's and last
 * week's quarter hours) on a real server on 127.0.0.1, a real cache, the
 * real window. Run through build-aux/bench, which gives it an Xvfb.
 *
 * The server runs in a child process (this program with --serve), driven
 * by lines on its stdin, so the CPU and memory figures are the client's
 * alone, as a supervisor's desktop would see them.
 */
#define G_LOG_DOMAIN "fb-bench"

#include <adwaita.h>
#include <gio/gunixinputstream.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "fb-auth.h"
#include "fb-entity.h"
#include "fb-floor-page.h"
#include "fb-memory.h"
#include "fb-paths.h"
#include "fb-seat-map-private.h"
#include "fb-server.h"
#include "fb-server-store.h"
#include "fb-sqlite-server-store.h"
#include "fb-store.h"
#include "fb-sync-engine.h"
#include "fb-test-fixture.h"
#include "fb-window.h"

#define N_SEATS  2000
#define N_QUEUES 50

static int opt_cpu_seconds = 60;
static int opt_frames = 10000;
static int opt_events = 300;
static int opt_runs = 5;
static char *opt_serve;

static const GOptionEntry entries[] = {
  { "cpu-seconds", 0, 0, G_OPTION_ARG_INT, &opt_cpu_seconds, "Seconds of 1 Hz live updates to measure CPU over", "N" },
  { "frames", 0, 0, G_OPTION_ARG_INT, &opt_frames, "Live frames to receive before reading RSS", "N" },
  { "events", 0, 0, G_OPTION_ARG_INT, &opt_events, "Server events to time to the cache", "N" },
  { "runs", 0, 0, G_OPTION_ARG_INT, &opt_runs, "Start-up runs of each program", "N" },
  { "serve", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &opt_serve, "Run the bench server on this database", "FILE" },
  { NULL }
};

static char *
agent_json (guint i,
            int   state,
            gint64 since)
{
  g_autofree char *iso = fb_timestamp_to_iso (since);

  return g_strdup_printf ("{\"id\":\"agent-%04u\",\"name\":\"상담원 %u\",\"employee_no\":\"CS-%04u\","
                          "\"grade\":\"%s\",\"team_id\":\"team-%u\",\"state\":\"%s\",\"state_since\":\"%s\","
                          "\"seat_id\":\"seat-%04u\",\"queue_id\":\"q-%02u\"}",
                          i, i, i, fb_grade_values[i % 3], i / 50, fb_agent_state_values[state % 4], iso,
                          i, i % N_QUEUES);
}

static char *
queue_json (guint i,
            gint64 waiting)
{
  return g_strdup_printf ("{\"id\":\"q-%02u\",\"name\":\"큐 %u\",\"sl_threshold_s\":20,\"waiting\":%" G_GINT64_FORMAT ","
                          "\"longest_wait_s\":30,\"agents_available\":10,\"agents_busy\":30,\"offered\":900,"
                          "\"answered\":850,\"abandoned\":50,\"service_level\":0.8,\"asa_s\":15,\"aht_s\":200}",
                          i, i, waiting);
}

static void
generate (FbServerStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                         g_date_time_get_day_of_month (now), 0, 0, 0);
  gint64 today = g_date_time_to_unix (midnight);
  gint64 t = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_true (fb_server_store_begin (store, &error));
  for (guint i = 0; i < N_SEATS / 50; i++)
    {
      g_autofree char *id = g_strdup_printf ("team-%u", i);
      g_autofree char *json = g_strdup_printf ("{\"id\":\"%s\",\"name\":\"팀 %u\",\"shift\":\"day\",\"start\":\"08:00\",\"end\":\"20:00\"}", id, i);
      fb_test_put (store, "team", id, json);
    }
  for (guint i = 0; i < N_QUEUES; i++)
    {
      g_autofree char *id = g_strdup_printf ("q-%02u", i);
      g_autofree char *json = queue_json (i, i % 7);
      fb_test_put (store, "queue", id, json);
      for (int day = 0; day <= 7; day += 7)
        for (guint slot = 0; slot < 96; slot++)
          {
            gint64 start = today - day * 86400 + slot * 900;
            g_autofree char *iso = NULL;
            g_autofree char *iv_id = NULL;
            g_autofree char *iv = NULL;
            int offered = 5 + (int) ((slot * 7 + i * 3 + day) % 23);

            if (start > t)
              break;
            iso = fb_timestamp_to_iso (start);
            iv_id = g_strdup_printf ("q-%02u@%s", i, iso);
            iv = g_strdup_printf ("{\"id\":\"%s\",\"queue_id\":\"q-%02u\",\"start\":\"%s\",\"offered\":%d,\"answered\":%d,"
                                  "\"abandoned\":0,\"answered_in_sl\":%d,\"handle_time_s\":%d,\"wait_time_s\":%d}",
                                  iv_id, i, iso, offered, offered, offered, offered * 200, offered * 10);
            fb_test_put (store, "queue_interval", iv_id, iv);
          }
    }
  for (guint i = 0; i < N_SEATS; i++)
    {
      g_autofree char *seat_id = g_strdup_printf ("seat-%04u", i);
      g_autofree char *agent_id = g_strdup_printf ("agent-%04u", i);
      g_autofree char *seat = g_strdup_printf ("{\"id\":\"%s\",\"zone\":\"%c\",\"x\":%u,\"y\":%u,\"label\":\"%c-%03u\","
                                               "\"equipment\":\"%s\",\"agent_id\":\"%s\"}",
                                               seat_id, 'A' + i / 500, i % 50, i / 50, 'A' + i / 500, i % 500,
                                               i % 97 == 0 ? "faulty" : "ok", agent_id);
      g_autofree char *agent = agent_json (i, i, t - (i % 40) * 60);

      fb_test_put (store, "seat", seat_id, seat);
      fb_test_put (store, "agent", agent_id, agent);
    }
  g_assert_true (fb_server_store_commit (store, &error));
}

static gint64
rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      !(line = strstr (status, "VmRSS:")))
    return -1;
  return g_ascii_strtoll (line + 6, NULL, 10);
}

static double
cpu_seconds (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
percentile (GArray *values,
            double  p)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, MIN (values->len - 1, (guint) (p * values->len)));
}

/* Milliseconds from exec to the first painted frame, median of runs. */
static double
first_frame_ms (const char * const *argv,
                const char         *cache_copy_from,
                const char         *cache_path)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

  for (int run = 0; run < opt_runs; run++)
    {
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                            G_SUBPROCESS_FLAGS_STDERR_SILENCE);
      g_autoptr(GSubprocess) proc = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;
      const char *line;
      gint64 start;
      double ms;

      if (cache_copy_from != NULL)
        {
          g_autoptr(GFile) from = g_file_new_for_path (cache_copy_from);
          g_autoptr(GFile) to = g_file_new_for_path (cache_path);

          /* A fresh copy each run: the same cache, nothing warmed by the
           * previous run's writes (copied on disk: this process's memory
           * is measured later). */
          g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
        }
      g_subprocess_launcher_setenv (launcher, "FB_BENCH_FIRST_FRAME", "1", TRUE);
      start = g_get_monotonic_time ();
      proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
      g_assert_no_error (error);
      g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error));
      line = out ? strstr (out, "first-frame-us ") : NULL;
      if (line == NULL)
        {
          g_printerr ("%s printed no first frame\n", argv[0]);
          return -1;
        }
      ms = (g_ascii_strtoll (line + 15, NULL, 10) - start) / 1000.0;
      g_array_append_val (times, ms);
    }
  return percentile (times, 0.5);
}

/* ---- the server process ------------------------------------------------- */

typedef struct
{
  FbServerStore    *store;
  FbServer         *server;
  GDataInputStream *in;
  GMainLoop        *loop;
  guint             tick_source;
  int               ticks_left;
  guint64           frames_base;
  guint64           frames_target;
  guint             frames_source;
} Serve;

static void read_command (Serve *sv);

static void reply (const char *format, ...) G_GNUC_PRINTF (1, 2);

static void
reply (const char *format,
       ...)
{
  va_list args;

  va_start (args, format);
  g_vprintf (format, args);
  va_end (args);
  g_print ("\n");
  fflush (stdout);
}

/* One second of a busy floor: 20 agents change state, one queue moves. */
static gboolean
tick_cb (gpointer data)
{
  Serve *sv = data;
  g_autoptr(GError) error = NULL;
  int s = sv->ticks_left;
  g_autofree char *q = queue_json (s % N_QUEUES, s % 9);
  g_autofree char *q_id = g_strdup_printf ("q-%02u", s % N_QUEUES);

  g_assert_true (fb_server_store_begin (sv->store, &error));
  for (guint a = 0; a < 20; a++)
    {
      g_autofree char *agent = agent_json ((s * 20 + a) % N_SEATS, s + a, g_get_real_time () / G_USEC_PER_SEC);
      g_autofree char *id = g_strdup_printf ("agent-%04u", (s * 20 + a) % N_SEATS);
      fb_test_put (sv->store, "agent", id, agent);
    }
  fb_test_put (sv->store, "queue", q_id, q);
  g_assert_true (fb_server_store_commit (sv->store, &error));
  if (--sv->ticks_left > 0)
    return G_SOURCE_CONTINUE;
  sv->tick_source = 0;
  reply ("done");
  return G_SOURCE_REMOVE;
}

static gboolean
frames_cb (gpointer data)
{
  Serve *sv = data;

  if (fb_server_get_live_frames (sv->server) - sv->frames_base < sv->frames_target)
    return G_SOURCE_CONTINUE;
  fb_server_set_live_interval (sv->server, 1000);
  sv->frames_source = 0;
  reply ("done");
  return G_SOURCE_REMOVE;
}

static void
command_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  Serve *sv = data;
  g_autofree char *line = g_data_input_stream_read_line_finish (sv->in, result, NULL, NULL);
  g_auto(GStrv) words = NULL;

  if (line == NULL || g_str_equal (line, "quit"))
    {
      g_main_loop_quit (sv->loop);
      return;
    }
  words = g_strsplit (line, " ", 2);
  if (g_str_equal (words[0], "agent") && words[1] != NULL)
    {
      /* Agent 7 into another state: one seat changes. */
      g_autofree char *agent = agent_json (7, (int) g_ascii_strtoll (words[1], NULL, 10),
                                           g_get_real_time () / G_USEC_PER_SEC);
      fb_test_put (sv->store, "agent", "agent-0007", agent);
      reply ("ok");
    }
  else if (g_str_equal (words[0], "queue") && words[1] != NULL)
    {
      guint i = (guint) g_ascii_strtoull (words[1], NULL, 10);
      g_autofree char *q = queue_json (i % N_QUEUES, 100 + i);
      g_autofree char *id = g_strdup_printf ("q-%02u", i % N_QUEUES);

      fb_test_put (sv->store, "queue", id, q);
      reply ("ok");
    }
  else if (g_str_equal (words[0], "ticks") && words[1] != NULL)
    {
      sv->ticks_left = (int) g_ascii_strtoll (words[1], NULL, 10);
      sv->tick_source = g_timeout_add (1000, tick_cb, sv);
    }
  else if (g_str_equal (words[0], "frames") && words[1] != NULL)
    {
      sv->frames_base = fb_server_get_live_frames (sv->server);
      sv->frames_target = g_ascii_strtoull (words[1], NULL, 10);
      fb_server_set_live_interval (sv->server, 1);
      sv->frames_source = g_timeout_add (5, frames_cb, sv);
    }
  else
    reply ("error unknown command %s", line);
  read_command (sv);
}

static void
read_command (Serve *sv)
{
  g_data_input_stream_read_line_async (sv->in, G_PRIORITY_DEFAULT, NULL, command_cb, sv);
}

static int
serve_main (const char *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) stdin_stream = g_unix_input_stream_new (0, FALSE);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(FbServerStore) store = NULL;
  g_autoptr(FbServer) server = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autofree char *url = NULL;
  g_autofree char *pw = NULL;
  gint64 t0 = g_get_monotonic_time ();
  Serve sv = { 0 };

  store = fb_sqlite_server_store_new (db, &error);
  g_assert_no_error (error);
  generate (store);
  pw = fb_auth_hash_password ("bench", &error);
  g_assert_no_error (error);
  fb_test_put (store, "user", "u-sup", "{\"id\":\"u-sup\",\"username\":\"sup\",\"name\":\"감독\",\"role\":\"supervisor\"}");
  g_assert_true (fb_server_store_add_credentials (store, "sup", "u-sup", pw, &error));
  server = fb_server_new (store);
  g_assert_true (fb_server_listen (server, "127.0.0.1", 0, &error));
  url = fb_server_dup_url (server);
  in = g_data_input_stream_new (stdin_stream);

  sv = (Serve) { store, server, in, loop };
  reply ("%s %" G_GINT64_FORMAT " %.0f", url, fb_server_store_get_cursor (store),
         (g_get_monotonic_time () - t0) / 1000.0);
  read_command (&sv);
  g_main_loop_run (loop);
  g_clear_handle_id (&sv.tick_source, g_source_remove);
  g_clear_handle_id (&sv.frames_source, g_source_remove);
  fb_server_disconnect (server);
  return 0;
}

/* ---- the client (this process) ------------------------------------------ */

typedef struct
{
  gboolean done;
  guint    changed;
} Waiter;

typedef struct
{
  GSubprocess      *proc;
  GOutputStream    *out;
  GDataInputStream *in;
  char             *reply;
  gboolean          replied;
} Server;

static void
login_cb (GObject *object, GAsyncResult *result, gpointer data)
{
  g_autoptr(GError) error = NULL;

  fb_sync_engine_login_finish (FB_SYNC_ENGINE (object), result, &error);
  g_assert_no_error (error);
  ((Waiter *) data)->done = TRUE;
}

static void
changed_cb (FbSyncEngine *engine, const char * const *keys, Waiter *w)
{
  w->changed++;
}

static void
spin_until (gboolean *flag)
{
  while (!*flag)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @seconds, blocking between events: the bench
 * must not spend CPU of its own while it measures the app's. */
static void
spin_for (double seconds)
{
  gboolean done = FALSE;

  g_timeout_add ((guint) (seconds * 1000), set_flag, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
server_reply_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  Server *server = data;
  g_autoptr(GError) error = NULL;

  g_free (server->reply);
  server->reply = g_data_input_stream_read_line_finish (server->in, result, NULL, &error);
  g_assert_no_error (error);
  if (server->reply == NULL)
    g_error ("the bench server stopped");
  server->replied = TRUE;
}

static const char *server_command (Server *server, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* Sends a command; the main loop runs (the client works) until the reply. */
static const char *
server_command (Server     *server,
                const char *format,
                ...)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  va_list args;

  va_start (args, format);
  line = g_strdup_vprintf (format, args);
  va_end (args);
  if (line[0] != '\0')
    {
      g_autofree char *with_newline = g_strconcat (line, "\n", NULL);

      g_assert_true (g_output_stream_write_all (server->out, with_newline, strlen (with_newline), NULL, NULL, &error));
      g_assert_no_error (error);
    }
  server->replied = FALSE;
  g_data_input_stream_read_line_async (server->in, G_PRIORITY_DEFAULT, NULL, server_reply_cb, server);
  spin_until (&server->replied);
  if (g_str_has_prefix (server->reply, "error"))
    g_error ("bench server: %s", server->reply);
  return server->reply;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— Floorboard benchmarks");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *server_db = NULL;
  g_autofree char *cache = NULL;
  g_autofree char *cache_copy = NULL;
  g_autoptr(FbSyncEngine) engine = NULL;
  g_autoptr(FbStore) read_store = NULL;
  g_autoptr(GtkApplication) app = NULL;
  g_autoptr(GSubprocess) server_proc = NULL;
  g_auto(GStrv) hello = NULL;
  const char *app_program = g_getenv ("FB_BENCH_APP");
  const char *bare_program = g_getenv ("FB_BENCH_BARE");
  Server server = { 0 };
  Waiter w = { 0 };
  FbWindow *window;
  FbSeatMap *map;
  gint64 t0;
  double app_ms, bare_ms, adw_ms;

  /* This process stands in for the app: the same allocation policy. */
  fb_memory_init ();
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (opt_serve != NULL)
    return serve_main (opt_serve);
  if (app_program == NULL || bare_program == NULL || !gtk_init_check ())
    {
      g_printerr ("run through build-aux/bench (needs FB_BENCH_APP, FB_BENCH_BARE and a display)\n");
      return 2;
    }
  adw_init ();

  dir = g_dir_make_tmp ("fb-bench-XXXXXX", &error);
  g_assert_no_error (error);
  server_db = g_build_filename (dir, "server.db", NULL);
  cache = g_build_filename (dir, "cache.db", NULL);
  cache_copy = g_build_filename (dir, "cache-run.db", NULL);

  /* The generated center on a real server, in its own process. */
  {
    g_autofree char *serve_arg = g_strdup_printf ("--serve=%s", server_db);
    const char *serve_argv[] = { "/proc/self/exe", serve_arg, NULL };

    server_proc = g_subprocess_newv (serve_argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
    g_assert_no_error (error);
    server.out = g_subprocess_get_stdin_pipe (server_proc);
    server.in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server_proc));
    hello = g_strsplit (server_command (&server, "%s", ""), " ", 3);
    g_assert_cmpint (g_strv_length (hello), ==, 3);
  }
  g_print ("center: %d seats, %d agents, %d queues, %s rows (generated in %s ms)\n",
           N_SEATS, N_SEATS, N_QUEUES, hello[1], hello[2]);

  /* Initial sync into a real cache. */
  engine = fb_sync_engine_new (cache, &error);
  g_assert_no_error (error);
  fb_sync_engine_set_poll_interval (engine, 3600);
  g_signal_connect (engine, "changed", G_CALLBACK (changed_cb), &w);
  t0 = g_get_monotonic_time ();
  fb_sync_engine_login_async (engine, hello[0], "sup", "bench", NULL, login_cb, &w);
  spin_until (&w.done);
  while (fb_sync_engine_get_state (engine) != FB_SYNC_STATE_ONLINE || !fb_sync_engine_get_live (engine))
    g_main_context_iteration (NULL, TRUE);
  g_print ("initial sync: %.0f ms\n", (g_get_monotonic_time () - t0) / 1000.0);

  /* Start-up: the app on this cache against a bare GTK window, and
   * against the least a libadwaita application shows (a window with a
   * header bar): the part of the gap the app itself can close. */
  {
    g_autofree char *cache_arg = g_strdup_printf ("--cache=%s", cache_copy);
    const char *app_argv[] = { app_program, cache_arg, NULL };
    const char *bare_argv[] = { bare_program, NULL };
    const char *adw_argv[] = { bare_program, "--adw", NULL };

    bare_ms = first_frame_ms (bare_argv, NULL, NULL);
    adw_ms = first_frame_ms (adw_argv, NULL, NULL);
    app_ms = first_frame_ms (app_argv, cache, cache_copy);
    g_print ("first frame: app %.0f ms, bare GTK window %.0f ms, bare libadwaita app %.0f ms (median of %d)\n",
             app_ms, bare_ms, adw_ms, opt_runs);
    g_print ("first frame ratio: %.2f x bare GTK window, %.2f x bare libadwaita app\n",
             app_ms / bare_ms, app_ms / adw_ms);
  }

  /* The window in this process, on the same cache and engine. */
  read_store = fb_store_open (cache, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, &error);
  g_assert_no_error (error);
  app = GTK_APPLICATION (adw_application_new ("org.floorboard.Floorboard.Bench", G_APPLICATION_NON_UNIQUE));
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  window = fb_window_new (app, read_store, engine);
  gtk_window_set_default_size (GTK_WINDOW (window), 1600, 1000);
  gtk_window_present (GTK_WINDOW (window));
  spin_for (1.0);
  map = FB_SEAT_MAP (fb_floor_page_get_seat_map (FB_FLOOR_PAGE (fb_window_get_floor_page (window))));

  /* Seat map: one frame after a change (prepare + draw) and a repeat. */
  {
    double cold = 0, warm = 0;
    int n = 20;

    for (int i = 0; i < n; i++)
      {
        g_autoptr(GtkSnapshot) snapshot = NULL;
        g_autoptr(GskRenderNode) node = NULL;
        gint64 start;

        w.changed = 0;
        server_command (&server, "agent %d", i + 1);
        while (w.changed == 0)
          g_main_context_iteration (NULL, TRUE);
        /* The window may have drawn already: lay out again (which drops
         * the cached node) so this frame prepares and draws every seat. */
        {
          int width = gtk_widget_get_width (GTK_WIDGET (map));
          GtkAllocation alloc = { 0, 0, width - 1, gtk_widget_get_height (GTK_WIDGET (map)) };

          /* GTK skips an allocation that changes nothing: move by a pixel. */
          gtk_widget_size_allocate (GTK_WIDGET (map), &alloc, -1);
          alloc.width = width;
          start = g_get_monotonic_time ();
          gtk_widget_size_allocate (GTK_WIDGET (map), &alloc, -1);
        }
        /* The widget's own snapshot(), not GTK's cached copy of it. */
        snapshot = gtk_snapshot_new ();
        GTK_WIDGET_GET_CLASS (map)->snapshot (GTK_WIDGET (map), snapshot);
        node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
        cold += (g_get_monotonic_time () - start) / 1000.0;

        start = g_get_monotonic_time ();
        snapshot = gtk_snapshot_new ();
        GTK_WIDGET_GET_CLASS (map)->snapshot (GTK_WIDGET (map), snapshot);
        g_clear_pointer (&node, gsk_render_node_unref);
        node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
        warm += (g_get_monotonic_time () - start) / 1000.0;
      }
    g_print ("seat map %dx%d px\n", gtk_widget_get_width (GTK_WIDGET (map)), gtk_widget_get_height (GTK_WIDGET (map)));
    g_print ("seat map frame (%u seats): %.2f ms to lay out and draw, %.3f ms to replay unchanged (mean of %d)\n",
             fb_seat_map_get_n_seats (map), cold / n, warm / n, n);
  }

  /* Server event to cache: from asking the server process to write a row
   * until the engine has it in the cache (live push, /sync pull,
   * worker-thread write). */
  {
    g_autoptr(GArray) lat = g_array_new (FALSE, FALSE, sizeof (double));

    for (int i = 0; i < opt_events; i++)
      {
        gint64 start = g_get_monotonic_time ();
        double ms;

        w.changed = 0;
        server_command (&server, "queue %d", i);
        while (w.changed == 0)
          g_main_context_iteration (NULL, TRUE);
        ms = (g_get_monotonic_time () - start) / 1000.0;
        g_array_append_val (lat, ms);
        spin_for (0.01);
      }
    g_print ("server event to cache (%d events): p50 %.1f ms, p99 %.1f ms\n",
             opt_events, percentile (lat, 0.5), percentile (lat, 0.99));
  }

  /* CPU over N s of 1 Hz updates (20 agents and one queue each second),
   * this process only: the client, engine and window. */
  {
    double cpu0 = cpu_seconds ();
    gint64 start = g_get_monotonic_time ();
    guint full0, seats0, full1, seats1;

    fb_seat_map_get_paint_counts (map, &full0, &seats0);
    server_command (&server, "ticks %d", opt_cpu_seconds);
    fb_seat_map_get_paint_counts (map, &full1, &seats1);
    g_print ("CPU over %d s of 1 Hz live updates: %.2f %% of one core (the app alone)\n",
             opt_cpu_seconds, 100.0 * (cpu_seconds () - cpu0) / ((g_get_monotonic_time () - start) / 1e6));
    g_print ("seat map meanwhile: %u full paints, %u seats repainted (%d agent changes)\n",
             full1 - full0, seats1 - seats0, opt_cpu_seconds * 20);
  }

  /* RSS while live frames stream in. */
  g_print ("RSS before live frames: %.1f MB\n", rss_kb () / 1024.0);
  for (int step = 1; step <= 4; step++)
    {
      server_command (&server, "frames %d", opt_frames / 4);
      g_print ("RSS after %d live frames: %.1f MB\n", opt_frames * step / 4, rss_kb () / 1024.0);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  fb_sync_engine_stop (engine);
  g_assert_true (g_output_stream_write_all (server.out, "quit\n", 5, NULL, NULL, NULL));
  g_subprocess_wait (server_proc, NULL, NULL);
  g_clear_object (&server.in);
  g_free (server.reply);
  if (g_getenv ("FB_BENCH_KEEP") != NULL)
    g_print ("kept %s\n", cache);
  else
    fb_paths_remove_dir (dir);
  return 0;
}
