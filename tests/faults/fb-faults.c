/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-faults.c: faults survived, nothing lost.
 *
 * Drives a real floorboard-server (a child process, live simulated floor)
 * and a real sync engine (another child process, its own SQLite cache)
 * through a TCP proxy of its own, and over randomized cycles
 *   - kills the server with SIGKILL while the app syncs and writes,
 *   - kills the app with SIGKILL while it writes to its outbox and
 *     delivers it,
 *   - cuts the network (every connection dropped, new ones refused) while
 *     the user goes on deciding.
 * The app's user is a QA inspector recording evaluations as fast as the
 * outbox takes them, each with a call reference of its own; it prints one
 * once its write is saved. After every kill the victim's database passes
 * PRAGMA integrity_check. At the end, healed, the app delivers what it
 * holds and the tool counts:
 *   - every evaluation the app said it saved is on the server exactly once,
 *     with exactly one audit record, and nothing is there it never wrote;
 *   - the outbox is empty; the cache equals, row for row, a cache synced
 *     afresh from the server by the same user.
 *
 *   fb-faults --server PATH [--cycles N] [--seed N] [--keep]
 * Prints figures; exits 1 on any violation.
 */
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include <gio/gio.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>

#include "fb-entity.h"
#include "fb-server-store.h"
#include "fb-sqlite-server-store.h"
#include "fb-store.h"
#include "fb-sync-engine.h"

#define USERNAME  "inspector"
#define PASSWORD  "demo"
#define N_AGENTS  40

/* ---- shared helpers ---------------------------------------------------- */

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main context for @msec: the proxy and the pipes go on. */
static void
spin_ms (guint msec)
{
  gboolean elapsed = FALSE;
  guint id = g_timeout_add (msec, timeout_cb, &elapsed);

  while (!elapsed)
    g_main_context_iteration (NULL, TRUE);
  (void) id;
}

/* Runs the main context until *@flag or @msec pass; whether *@flag. */
static gboolean
spin_until (const gboolean *flag,
            guint           msec)
{
  gboolean elapsed = FALSE;
  guint id = g_timeout_add (msec, timeout_cb, &elapsed);

  while (!*flag && !elapsed)
    g_main_context_iteration (NULL, TRUE);
  if (!elapsed)
    g_source_remove (id);
  return *flag;
}

/* PRAGMA integrity_check of a database nobody has open: NULL if "ok". */
static char *
integrity_problem (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *problem = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    problem = g_strdup_printf ("cannot open %s: %s", path, db ? sqlite3_errmsg (db) : "out of memory");
  else if (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL) != SQLITE_OK)
    problem = g_strdup_printf ("%s: %s", path, sqlite3_errmsg (db));
  else if (sqlite3_step (stmt) != SQLITE_ROW)
    problem = g_strdup_printf ("%s: integrity_check answered nothing", path);
  else if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") != 0)
    problem = g_strdup_printf ("%s: %s", path, sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return problem;
}

/* ---- the app: a sync engine that keeps deciding ---------------------- */

typedef struct
{
  FbSyncEngine *engine;
  char         *url;
  char         *prefix;
  char         *current;    /* the call reference being saved; NULL when none is */
  GRand        *rand;
  guint         n;
  gboolean      deciding;
  gboolean      stopping;
  gint64        quiet_since;
  GMainLoop    *loop;
} Client;

static void decide (Client *client);
static void login (Client *client);

static gboolean
decide_later_cb (gpointer data)
{
  decide (data);
  return G_SOURCE_REMOVE;
}

static void
submitted_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Client *client = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *call_ref = g_steal_pointer (&client->current);

  if (!fb_sync_engine_submit_finish (FB_SYNC_ENGINE (object), result, &error))
    {
      printf ("unsaved %s %s\n", call_ref, error->message);
      fflush (stdout);
    }
  else
    {
      /* Said only once the outbox holds it: the driver's "decided". */
      printf ("decided %s\n", call_ref);
      fflush (stdout);
    }
  if (client->deciding)
    g_timeout_add (g_rand_int_range (client->rand, 5, 40), decide_later_cb, client);
}

/* One QA evaluation, as the QA dialog records it. */
static void
decide (Client *client)
{
  g_autofree char *call_ref = NULL;
  g_autofree char *agent_id = NULL;
  g_autofree char *row_id = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *now = fb_timestamp_to_iso (g_get_real_time () / G_USEC_PER_SEC);
  g_autoptr(JsonBuilder) body = json_builder_new ();
  g_autoptr(JsonBuilder) row = json_builder_new ();
  g_autoptr(JsonNode) body_node = NULL;
  g_autoptr(JsonNode) row_node = NULL;
  g_autoptr(JsonNode) checked = NULL;
  gint64 score = g_rand_int_range (client->rand, 50, 101);
  static const char *criteria[] = { "service_language", "attitude", "tone", "need_elicitation", "handling" };

  if (!client->deciding || client->current != NULL)
    return;
  call_ref = g_strdup_printf ("%s%u", client->prefix, ++client->n);
  agent_id = g_strdup_printf ("agent-%03d", g_rand_int_range (client->rand, 1, N_AGENTS + 1));
  row_id = g_strconcat ("local-", uuid, NULL);

  for (guint pass = 0; pass < 2; pass++)
    {
      JsonBuilder *b = pass == 0 ? body : row;

      json_builder_begin_object (b);
      if (pass == 1)
        {
          json_builder_set_member_name (b, "id");
          json_builder_add_string_value (b, row_id);
          json_builder_set_member_name (b, "inspector");
          json_builder_add_string_value (b, "u-inspector");
          json_builder_set_member_name (b, "evaluated_at");
          json_builder_add_string_value (b, now);
          json_builder_set_member_name (b, "total");
          json_builder_add_double_value (b, (double) score);
        }
      json_builder_set_member_name (b, "agent_id");
      json_builder_add_string_value (b, agent_id);
      json_builder_set_member_name (b, "call_ref");
      json_builder_add_string_value (b, call_ref);
      json_builder_set_member_name (b, "scores");
      json_builder_begin_object (b);
      for (guint i = 0; i < G_N_ELEMENTS (criteria); i++)
        {
          json_builder_set_member_name (b, criteria[i]);
          json_builder_add_int_value (b, score);
        }
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  body_node = json_builder_get_root (body);
  row_node = json_builder_get_root (row);
  checked = fb_entity_normalize (&fb_qa_evaluation_spec, row_node, NULL);
  g_assert (checked != NULL);

  /* One at a time: the user waits for the dialog to close. */
  client->current = g_steal_pointer (&call_ref);
  fb_sync_engine_submit_async (client->engine, "/api/v1/qa-evaluations", body_node, "qa_evaluation",
                               row_id, checked, NULL, submitted_cb, client);
}

static gboolean
login_later_cb (gpointer data)
{
  login (data);
  return G_SOURCE_REMOVE;
}

static void
login_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Client *client = user_data;
  g_autoptr(GError) error = NULL;

  if (!fb_sync_engine_login_finish (FB_SYNC_ENGINE (object), result, &error))
    {
      /* The server is down or cut off: try again, as a user would. */
      g_timeout_add (50, login_later_cb, client);
      return;
    }
  printf ("signed-in\n");
  fflush (stdout);
}

static void
login (Client *client)
{
  fb_sync_engine_login_async (client->engine, client->url, USERNAME, PASSWORD, NULL, login_cb, client);
}

static void
changed_cb (FbSyncEngine *engine,
            char        **keys,
            Client       *client)
{
  client->quiet_since = g_get_monotonic_time ();
}

/* SIGUSR1: stop deciding, deliver everything, catch up, exit 0. */
static gboolean
stop_cb (gpointer data)
{
  Client *client = data;

  client->deciding = FALSE;
  client->stopping = TRUE;
  client->quiet_since = g_get_monotonic_time ();
  return G_SOURCE_REMOVE;
}

static gboolean
settle_cb (gpointer data)
{
  Client *client = data;
  static gboolean pulled;

  if (!client->stopping || client->current != NULL ||
      fb_sync_engine_get_pending_writes (client->engine) > 0 ||
      fb_sync_engine_get_state (client->engine) != FB_SYNC_STATE_ONLINE)
    return G_SOURCE_CONTINUE;
  if (!pulled)
    {
      /* Everything delivered: one more pull for what the answers left. */
      pulled = TRUE;
      fb_sync_engine_sync_now (client->engine);
      client->quiet_since = g_get_monotonic_time ();
      return G_SOURCE_CONTINUE;
    }
  if (g_get_monotonic_time () - client->quiet_since < 2 * G_USEC_PER_SEC)
    return G_SOURCE_CONTINUE;
  printf ("settled %" G_GINT64_FORMAT "\n", fb_sync_engine_get_cursor (client->engine));
  fflush (stdout);
  g_main_loop_quit (client->loop);
  return G_SOURCE_REMOVE;
}

static int
run_client (const char *cache_path,
            const char *url,
            const char *prefix,
            guint32     seed)
{
  g_autoptr(GError) error = NULL;
  Client client = { 0 };

  client.engine = fb_sync_engine_new (cache_path, &error);
  if (client.engine == NULL)
    {
      g_printerr ("fb-faults client: %s\n", error->message);
      return 1;
    }
  client.url = g_strdup (url);
  client.prefix = g_strdup (prefix);
  client.rand = g_rand_new_with_seed (seed);
  client.deciding = TRUE;
  client.loop = g_main_loop_new (NULL, FALSE);
  /* Small pages and quick retries: more syncs for the faults to land in. */
  fb_sync_engine_set_page_size (client.engine, 200);
  fb_sync_engine_set_retry_base (client.engine, 20);
  fb_sync_engine_set_poll_interval (client.engine, 1);
  g_signal_connect (client.engine, "changed", G_CALLBACK (changed_cb), &client);
  g_unix_signal_add (SIGUSR1, stop_cb, &client);
  g_timeout_add (100, settle_cb, &client);
  /* SIGUSR1's handler is in place: the driver may send it from now on. */
  printf ("ready\n");
  fflush (stdout);

  login (&client);
  /* Deciding starts at once, signed in or not: the outbox keeps it. */
  decide (&client);
  g_main_loop_run (client.loop);

  fb_sync_engine_stop (client.engine);
  g_clear_object (&client.engine);
  g_main_loop_unref (client.loop);
  g_rand_free (client.rand);
  g_free (client.url);
  g_free (client.prefix);
  return 0;
}

/* ---- the network between them: a proxy that can be cut --------------- */

typedef struct
{
  GSocketService *service;
  GSocketClient  *connector;
  guint16         port;
  guint16         upstream;     /* the server's port, 0 while it is down */
  gboolean        cut;
  gboolean        dropping;     /* answers thrown away: requests arrive, replies do not */
  GCancellable   *epoch;        /* cancelled to drop every connection */
  guint           n_connections;
  guint64         n_dropped;    /* bytes of answers thrown away */
} Proxy;

/* One proxied connection: two pumps, one each way, copying by hand so
 * that answers can be lost while requests still get through. */
typedef struct
{
  Proxy        *proxy;
  GIOStream    *in;
  GIOStream    *out;
  GCancellable *epoch;
  guint         pumps;
} Pair;

typedef struct
{
  Pair     *pair;
  gboolean  answers;           /* server to app */
  char      buffer[16384];
} Pump;

static void
pair_close (Pair *pair)
{
  /* Closed on every end: a cut connection is a dead one. */
  if (pair->in != NULL)
    g_io_stream_close (pair->in, NULL, NULL);
  if (pair->out != NULL)
    g_io_stream_close (pair->out, NULL, NULL);
}

static void
pair_release (Pair *pair)
{
  if (--pair->pumps > 0)
    return;
  pair_close (pair);
  g_clear_object (&pair->in);
  g_clear_object (&pair->out);
  g_clear_object (&pair->epoch);
  g_free (pair);
}

static void pump_next (Pump *pump);

static void
pump_end (Pump *pump)
{
  Pair *pair = pump->pair;

  /* One way ends, the other with it: the other pump's read fails. */
  pair_close (pair);
  g_free (pump);
  pair_release (pair);
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Pump *pump = user_data;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, NULL))
    pump_end (pump);
  else
    pump_next (pump);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Pump *pump = user_data;
  Pair *pair = pump->pair;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, NULL);

  if (n <= 0)
    {
      pump_end (pump);
      return;
    }
  if (pump->answers && pair->proxy->dropping)
    {
      pair->proxy->n_dropped += (guint64) n;
      pump_next (pump);
      return;
    }
  g_output_stream_write_all_async (g_io_stream_get_output_stream (pump->answers ? pair->in : pair->out),
                                   pump->buffer, (gsize) n, G_PRIORITY_DEFAULT, pair->epoch,
                                   written_cb, pump);
}

static void
pump_next (Pump *pump)
{
  Pair *pair = pump->pair;

  g_input_stream_read_async (g_io_stream_get_input_stream (pump->answers ? pair->out : pair->in),
                             pump->buffer, sizeof pump->buffer, G_PRIORITY_DEFAULT, pair->epoch,
                             read_cb, pump);
}

static void
pump_start (Pair     *pair,
            gboolean  answers)
{
  Pump *pump = g_new0 (Pump, 1);

  pump->pair = pair;
  pump->answers = answers;
  pair->pumps++;
  pump_next (pump);
}

static void
upstream_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Pair *pair = user_data;

  pair->out = G_IO_STREAM (g_socket_client_connect_finish (G_SOCKET_CLIENT (object), result, NULL));
  if (pair->out == NULL || g_cancellable_is_cancelled (pair->epoch))
    {
      pair_release (pair);
      return;
    }
  pump_start (pair, FALSE);
  pump_start (pair, TRUE);
  pair_release (pair);
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source,
             Proxy             *proxy)
{
  Pair *pair;

  if (proxy->cut || proxy->upstream == 0)
    {
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      return TRUE;
    }
  proxy->n_connections++;
  pair = g_new0 (Pair, 1);
  pair->proxy = proxy;
  pair->in = G_IO_STREAM (g_object_ref (connection));
  pair->epoch = g_object_ref (proxy->epoch);
  pair->pumps = 1;    /* the connecting step's own */
  g_socket_client_connect_to_host_async (proxy->connector, "127.0.0.1", proxy->upstream,
                                         proxy->epoch, upstream_cb, pair);
  return TRUE;
}

static void
proxy_start (Proxy *proxy)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  proxy->service = g_socket_service_new ();
  proxy->connector = g_socket_client_new ();
  proxy->epoch = g_cancellable_new ();
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (proxy->service), address, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error))
    g_error ("proxy: %s", error->message);
  proxy->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (proxy->service, "incoming", G_CALLBACK (incoming_cb), proxy);
  g_socket_service_start (proxy->service);
}

/* Every connection dropped at once; new ones refused until healed. */
static void
proxy_cut (Proxy *proxy)
{
  proxy->cut = TRUE;
  g_cancellable_cancel (proxy->epoch);
  g_object_unref (proxy->epoch);
  proxy->epoch = g_cancellable_new ();
}

static void
proxy_stop (Proxy *proxy)
{
  proxy_cut (proxy);
  g_socket_service_stop (proxy->service);
  g_socket_listener_close (G_SOCKET_LISTENER (proxy->service));
  g_clear_object (&proxy->service);
  g_clear_object (&proxy->connector);
  g_clear_object (&proxy->epoch);
}

/* ---- the driver -------------------------------------------------------- */

typedef struct
{
  const char  *server_program;
  const char  *self_program;
  char        *dir;
  char        *server_db;
  char        *cache_path;
  GRand       *rand;
  Proxy        proxy;

  GSubprocess *server;
  GSubprocess *client;
  GDataInputStream *client_out;
  GCancellable *client_read;
  guint        generation;
  gboolean     ready;
  gboolean     settled;
  gboolean     client_gone;

  GHashTable  *decided;         /* call references the app said it saved */
  guint        unsaved;
  GPtrArray   *problems;

  guint        n_server_kills;
  guint        n_client_kills;
  guint        n_cuts;
  guint        n_answer_losses;
  guint        n_server_starts;
  guint        n_client_starts;
} Driver;

static void
problem (Driver     *d,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static void
problem (Driver     *d,
         const char *format,
         ...)
{
  va_list args;
  char *text;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  if (d->problems->len < 50)
    g_printerr ("fb-faults: %s\n", text);
  g_ptr_array_add (d->problems, text);
}

typedef struct
{
  char     *line;
  gboolean  done;
} LineRead;

static void
line_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  LineRead *read = user_data;

  read->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, NULL);
  read->done = TRUE;
}

static gboolean
server_start (Driver   *d,
              gboolean  simulate)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *log = g_build_filename (d->dir, "server.log", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
  g_auto(GStrv) args = NULL;
  LineRead read = { 0 };
  const char *port;

  g_strv_builder_add_many (argv, d->server_program, "--db", d->server_db, "--listen", "127.0.0.1:0",
                           "--demo", "--rate-limit", "0", NULL);
  if (simulate)
    g_strv_builder_add_many (argv, "--simulate", "--sim-speed", "60", NULL);
  args = g_strv_builder_end (argv);
  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  d->server = g_subprocess_launcher_spawnv (launcher, (const char * const *) args, &error);
  if (d->server == NULL)
    {
      problem (d, "cannot start %s: %s", d->server_program, error->message);
      return FALSE;
    }
  d->n_server_starts++;
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (d->server));
  g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, NULL, line_read_cb, &read);
  if (!spin_until (&read.done, 60000) || read.line == NULL ||
      !g_str_has_prefix (read.line, "listening on http://127.0.0.1:") ||
      !(port = strrchr (read.line, ':')))
    {
      problem (d, "the server did not start (see %s)", log);
      g_free (read.line);
      return FALSE;
    }
  d->proxy.upstream = (guint16) g_ascii_strtoull (port + 1, NULL, 10);
  g_free (read.line);
  return TRUE;
}

static void
server_stop (Driver *d,
             int     signum)
{
  g_autofree char *integrity = NULL;

  if (d->server == NULL)
    return;
  d->proxy.upstream = 0;
  g_subprocess_send_signal (d->server, signum);
  g_subprocess_wait (d->server, NULL, NULL);
  g_clear_object (&d->server);
  /* The database as the crash left it, before anything repairs it. */
  if ((integrity = integrity_problem (d->server_db)))
    problem (d, "server database after %s: %s", signum == SIGKILL ? "SIGKILL" : "exit", integrity);
}

static void client_read_next (Driver *d);

static void
client_line_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Driver *d = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object),
                                                                      result, NULL, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (line == NULL)
    {
      d->client_gone = TRUE;
      return;
    }
  if (g_str_has_prefix (line, "decided "))
    {
      if (!g_hash_table_add (d->decided, g_strdup (line + strlen ("decided "))))
        problem (d, "the app saved %s twice", line + strlen ("decided "));
    }
  else if (g_str_has_prefix (line, "unsaved "))
    d->unsaved++;
  else if (g_str_equal (line, "ready"))
    d->ready = TRUE;
  else if (g_str_has_prefix (line, "settled "))
    d->settled = TRUE;
  client_read_next (d);
}

static void
client_read_next (Driver *d)
{
  g_data_input_stream_read_line_async (d->client_out, G_PRIORITY_DEFAULT, d->client_read,
                                       client_line_cb, d);
}

static gboolean
client_start (Driver *d)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", d->proxy.port);
  g_autofree char *prefix = g_strdup_printf ("F%u-", ++d->generation);
  g_autofree char *seed = g_strdup_printf ("%u", g_rand_int (d->rand));
  g_autofree char *log = g_build_filename (d->dir, "client.log", NULL);
  g_autoptr(GError) error = NULL;

  g_subprocess_launcher_set_stderr_file_path (launcher, log);
  d->client = g_subprocess_launcher_spawn (launcher, &error, d->self_program, "--client", d->cache_path,
                                           url, prefix, seed, NULL);
  if (d->client == NULL)
    {
      problem (d, "cannot start the app: %s", error->message);
      return FALSE;
    }
  d->n_client_starts++;
  d->client_gone = FALSE;
  d->ready = FALSE;
  d->client_read = g_cancellable_new ();
  d->client_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (d->client));
  client_read_next (d);
  return TRUE;
}

static void
client_kill (Driver *d)
{
  g_autofree char *integrity = NULL;

  g_subprocess_send_signal (d->client, SIGKILL);
  g_subprocess_wait (d->client, NULL, NULL);
  /* What it said before it died still counts: read the pipe to its end. */
  spin_until (&d->client_gone, 5000);
  g_cancellable_cancel (d->client_read);
  g_clear_object (&d->client_read);
  g_clear_object (&d->client_out);
  g_clear_object (&d->client);
  if ((integrity = integrity_problem (d->cache_path)))
    problem (d, "cache after SIGKILL: %s", integrity);
}

typedef enum
{
  FAULT_SERVER_KILL,
  FAULT_CLIENT_KILL,
  FAULT_NETWORK_CUT,
  FAULT_ANSWERS_LOST,
  N_FAULTS
} Fault;

static void
run_cycle (Driver *d)
{
  Fault fault = (Fault) g_rand_int_range (d->rand, 0, N_FAULTS);

  if (d->server == NULL && !server_start (d, TRUE))
    return;
  if (d->client == NULL && !client_start (d))
    return;

  /* Let it work a random while: mid-sign-in, mid-sync, mid-write. */
  spin_ms (g_rand_int_range (d->rand, 20, 700));
  switch (fault)
    {
    case FAULT_SERVER_KILL:
      d->n_server_kills++;
      server_stop (d, SIGKILL);
      /* The user goes on deciding while it is down. */
      spin_ms (g_rand_int_range (d->rand, 0, 500));
      server_start (d, TRUE);
      break;

    case FAULT_CLIENT_KILL:
      d->n_client_kills++;
      client_kill (d);
      break;

    case FAULT_ANSWERS_LOST:
      /* Requests reach the server, its answers never come back; then the
       * connections drop. Every retry after this must change nothing. */
      d->n_answer_losses++;
      d->proxy.dropping = TRUE;
      spin_ms (g_rand_int_range (d->rand, 50, 500));
      proxy_cut (&d->proxy);
      d->proxy.dropping = FALSE;
      spin_ms (g_rand_int_range (d->rand, 0, 300));
      d->proxy.cut = FALSE;
      break;

    case FAULT_NETWORK_CUT:
    case N_FAULTS:
    default:
      d->n_cuts++;
      proxy_cut (&d->proxy);
      spin_ms (g_rand_int_range (d->rand, 50, 800));
      d->proxy.cut = FALSE;
      break;
    }
}

static GHashTable *
rows_of (FbStore *store)
{
  GHashTable *rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  guint n_specs;
  const FbEntitySpec * const *specs = fb_entity_synced_specs (&n_specs);

  for (guint i = 0; i < n_specs; i++)
    {
      g_autoptr(GPtrArray) list = fb_store_list_rows (store, specs[i]->type, NULL);

      for (guint j = 0; list && j < list->len; j++)
        {
          FbChange *row = g_ptr_array_index (list, j);

          g_hash_table_insert (rows, g_strdup_printf ("%s/%s", row->type, row->id),
                               g_strdup_printf ("%" G_GINT64_FORMAT " %s", row->version, row->data));
        }
    }
  return rows;
}

typedef struct
{
  gboolean done;
  GError  *error;
} Wait;

static void
reference_login_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Wait *wait = user_data;

  fb_sync_engine_login_finish (FB_SYNC_ENGINE (object), result, &wait->error);
  wait->done = TRUE;
}

/* A cache synced afresh from the healed server by the same user. */
static GHashTable *
reference_rows (Driver *d)
{
  g_autofree char *path = g_build_filename (d->dir, "reference.db", NULL);
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", d->proxy.upstream);
  g_autoptr(FbSyncEngine) engine = NULL;
  g_autoptr(FbStore) store = NULL;
  g_autoptr(GError) error = NULL;
  Wait wait = { 0 };
  gboolean online = FALSE;

  if (!(engine = fb_sync_engine_new (path, &error)))
    {
      problem (d, "reference cache: %s", error->message);
      return NULL;
    }
  fb_sync_engine_login_async (engine, url, USERNAME, PASSWORD, NULL, reference_login_cb, &wait);
  spin_until (&wait.done, 30000);
  if (wait.error != NULL)
    {
      problem (d, "reference sign-in: %s", wait.error->message);
      g_error_free (wait.error);
      return NULL;
    }
  for (guint i = 0; i < 600 && !online; i++)
    {
      online = fb_sync_engine_get_state (engine) == FB_SYNC_STATE_ONLINE &&
               fb_sync_engine_get_progress (engine) >= 1.0;
      if (!online)
        spin_ms (50);
    }
  fb_sync_engine_stop (engine);
  g_clear_object (&engine);
  if (!online)
    {
      problem (d, "the reference cache did not catch up");
      return NULL;
    }
  if (!(store = fb_store_open (path, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, &error)))
    {
      problem (d, "reference cache: %s", error->message);
      return NULL;
    }
  return rows_of (store);
}

static void
compare_caches (Driver     *d,
                GHashTable *cache,
                GHashTable *reference)
{
  GHashTableIter iter;
  gpointer key, value;
  guint differing = 0;

  g_hash_table_iter_init (&iter, cache);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *other = g_hash_table_lookup (reference, key);

      if (g_strcmp0 (value, other) != 0 && differing++ < 5)
        problem (d, "cache row %s: %s, server: %s", (char *) key, (char *) value, other ? other : "(none)");
    }
  g_hash_table_iter_init (&iter, reference);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (cache, key) && differing++ < 5)
      problem (d, "cache lacks %s", (char *) key);
  if (differing > 0)
    problem (d, "%u cache rows differ from the server's", differing);
}

/* The server's side of the count: QA evaluations and their audit records
 * by call reference. */
static void
count_server (Driver     *d,
              GHashTable *rows_by_ref,
              GHashTable *audits_by_ref)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbServerStore) store = fb_sqlite_server_store_new (d->server_db, &error);
  g_autoptr(GPtrArray) changes = NULL;
  gboolean more = TRUE;
  gint64 cursor = 0;

  if (store == NULL)
    {
      problem (d, "server database: %s", error->message);
      return;
    }
  while (more)
    {
      changes = fb_server_store_changes_since (store, cursor, 5000, &more, &error);
      if (changes == NULL)
        {
          problem (d, "server database: %s", error->message);
          return;
        }
      for (guint i = 0; i < changes->len; i++)
        {
          FbChange *change = g_ptr_array_index (changes, i);
          g_autoptr(JsonNode) node = NULL;
          JsonObject *object;
          GHashTable *counts = NULL;
          const char *ref = NULL;

          cursor = MAX (cursor, change->version);
          if (change->deleted || !(node = json_from_string (change->data, NULL)) ||
              !JSON_NODE_HOLDS_OBJECT (node))
            continue;
          object = json_node_get_object (node);
          if (g_str_equal (change->type, "qa_evaluation"))
            {
              counts = rows_by_ref;
              ref = fb_json_member_string (object, "call_ref");
            }
          else if (g_str_equal (change->type, "audit") &&
                   g_strcmp0 (fb_json_member_string (object, "action"), "qa_evaluation.record") == 0 &&
                   json_object_has_member (object, "after") &&
                   JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "after")))
            {
              counts = audits_by_ref;
              ref = fb_json_member_string (json_object_get_object_member (object, "after"), "call_ref");
            }
          if (counts != NULL && ref != NULL && ref[0] == 'F')
            g_hash_table_insert (counts, g_strdup (ref),
                                 GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, ref)) + 1));
        }
      g_clear_pointer (&changes, g_ptr_array_unref);
    }
}

static void
finish (Driver *d)
{
  g_autoptr(GHashTable) rows_by_ref = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) audits_by_ref = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) cache = NULL;
  g_autoptr(GHashTable) reference = NULL;
  g_autoptr(FbStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint lost = 0, doubled = 0, unasked = 0, unaudited = 0;

  /* Healed, and a still floor: the last pull sees what the server has. */
  d->proxy.cut = FALSE;
  server_stop (d, SIGTERM);
  if (!server_start (d, FALSE))
    return;
  if (d->client == NULL && !client_start (d))
    return;
  if (!spin_until (&d->ready, 30000))
    problem (d, "the app did not start");
  g_subprocess_send_signal (d->client, SIGUSR1);
  if (!spin_until (&d->settled, 120000))
    {
      problem (d, "the app did not deliver its outbox and catch up within 2 minutes");
      g_subprocess_send_signal (d->client, SIGKILL);
    }
  if (!g_subprocess_wait (d->client, NULL, NULL) || !g_subprocess_get_if_exited (d->client) ||
      g_subprocess_get_exit_status (d->client) != 0)
    problem (d, "the app did not exit cleanly");
  spin_until (&d->client_gone, 5000);
  g_clear_object (&d->client);

  if ((store = fb_store_open (d->cache_path, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, &error)))
    {
      gint64 pending = fb_store_outbox_count_pending (store);
      g_autoptr(GPtrArray) outbox = fb_store_outbox_list (store, NULL);

      if (pending != 0 || (outbox != NULL && outbox->len > 0))
        problem (d, "the outbox still holds %u writes, %" G_GINT64_FORMAT " of them not refused by the server",
                 outbox ? outbox->len : 0, pending);
      if (!fb_store_integrity_check (store, &error))
        problem (d, "cache: %s", error->message);
      cache = rows_of (store);
      g_clear_object (&store);
    }
  else
    problem (d, "cache: %s", error->message);

  reference = reference_rows (d);
  if (cache != NULL && reference != NULL)
    compare_caches (d, cache, reference);

  server_stop (d, SIGTERM);
  count_server (d, rows_by_ref, audits_by_ref);

  g_hash_table_iter_init (&iter, d->decided);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (rows_by_ref, key));

      if (n == 0 && lost++ < 5)
        problem (d, "saved evaluation %s never reached the server", (char *) key);
    }
  g_hash_table_iter_init (&iter, rows_by_ref);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint n = GPOINTER_TO_UINT (value);
      guint audits = GPOINTER_TO_UINT (g_hash_table_lookup (audits_by_ref, key));

      if (n > 1 && doubled++ < 5)
        problem (d, "evaluation %s is on the server %u times", (char *) key, n);
      if (audits != 1 && unaudited++ < 5)
        problem (d, "evaluation %s has %u audit records", (char *) key, audits);
      /* Saved but killed before it could say so: allowed, and counted. */
      if (!g_hash_table_contains (d->decided, key))
        unasked++;
    }
  if (lost > 0)
    problem (d, "%u saved evaluations lost", lost);
  if (doubled > 0)
    problem (d, "%u evaluations delivered more than once", doubled);
  if (unaudited > 0)
    problem (d, "%u evaluations without exactly one audit record", unaudited);

  g_print ("evaluations saved in the outbox  %u\n", g_hash_table_size (d->decided));
  g_print ("  on the server                  %u (%u saved by an app killed before it said so)\n",
           g_hash_table_size (rows_by_ref), unasked);
  g_print ("  lost / twice / audit mismatch  %u / %u / %u\n", lost, doubled, unaudited);
  g_print ("  refused by the outbox          %u\n", d->unsaved);
  g_print ("cache rows                       %u (reference %u)\n",
           cache ? g_hash_table_size (cache) : 0, reference ? g_hash_table_size (reference) : 0);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *server_program = NULL;
  gint cycles = 20;
  gint64 seed = -1;
  gboolean keep = FALSE;
  GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_FILENAME, &server_program, "floorboard-server to run", "PATH" },
    { "cycles", 0, 0, G_OPTION_ARG_INT, &cycles, "Fault cycles (default 20)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Random seed (default: random)", "N" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the work directory", NULL },
    { NULL }
  };
  Driver d = { 0 };
  gint64 started;
  int status;

  if (argc == 6 && g_str_equal (argv[1], "--client"))
    return run_client (argv[2], argv[3], argv[4], (guint32) g_ascii_strtoull (argv[5], NULL, 10));

  context = g_option_context_new ("— faults survived, nothing lost");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("fb-faults: %s\n", error->message);
      return 2;
    }
  if (server_program == NULL)
    server_program = g_strdup (g_getenv ("FLOORBOARD_SERVER"));
  if (server_program == NULL || cycles < 1 || cycles > 1000000 || seed < -1 || seed > G_MAXUINT32)
    {
      g_printerr ("fb-faults: --server PATH (or $FLOORBOARD_SERVER) and 1 to 1000000 --cycles are needed\n");
      return 2;
    }
  if (seed < 0)
    seed = g_random_int ();

  d.server_program = server_program;
  d.self_program = argv[0];
  d.rand = g_rand_new_with_seed ((guint32) seed);
  d.decided = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  d.problems = g_ptr_array_new_with_free_func (g_free);
  if (!(d.dir = g_dir_make_tmp ("fb-faults-XXXXXX", &error)))
    {
      g_printerr ("fb-faults: %s\n", error->message);
      return 1;
    }
  d.server_db = g_build_filename (d.dir, "server.db", NULL);
  d.cache_path = g_build_filename (d.dir, "cache.db", NULL);
  proxy_start (&d.proxy);

  g_print ("fault cycles %d, seed %" G_GINT64_FORMAT ", work in %s\n", cycles, seed, d.dir);
  started = g_get_monotonic_time ();
  for (gint i = 0; i < cycles && d.problems->len == 0; i++)
    {
      run_cycle (&d);
      if ((i + 1) % 100 == 0)
        g_print ("  %d cycles, %u evaluations saved\n", i + 1, g_hash_table_size (d.decided));
    }
  g_print ("cycles done in %.1f s\n", (g_get_monotonic_time () - started) / 1e6);
  if (d.problems->len == 0)
    finish (&d);
  if (d.client != NULL)
    client_kill (&d);
  server_stop (&d, SIGKILL);
  proxy_stop (&d.proxy);

  g_print ("faults: server SIGKILL %u, app SIGKILL %u, network cuts %u, answers lost %u "
           "(server starts %u, app starts %u, proxied connections %u, answer bytes dropped %" G_GUINT64_FORMAT ")\n",
           d.n_server_kills, d.n_client_kills, d.n_cuts, d.n_answer_losses, d.n_server_starts,
           d.n_client_starts, d.proxy.n_connections, d.proxy.n_dropped);
  g_print ("time %.1f s\n", (g_get_monotonic_time () - started) / 1e6);
  if (!keep && d.problems->len == 0)
    {
      g_autoptr(GFile) dir = g_file_new_for_path (d.dir);
      g_autoptr(GFileEnumerator) children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                       G_FILE_QUERY_INFO_NONE, NULL, NULL);
      GFileInfo *info;

      while (children && (info = g_file_enumerator_next_file (children, NULL, NULL)))
        {
          g_autoptr(GFile) child = g_file_get_child (dir, g_file_info_get_name (info));

          g_file_delete (child, NULL, NULL);
          g_object_unref (info);
        }
      g_file_delete (dir, NULL, NULL);
    }
  g_print ("%s\n", d.problems->len == 0 ? "no fault lost or doubled anything"
                                        : "FAILED: see the problems above");
  status = d.problems->len == 0 ? 0 : 1;
  g_rand_free (d.rand);
  g_free (d.dir);
  g_free (d.server_db);
  g_free (d.cache_path);
  g_hash_table_unref (d.decided);
  g_ptr_array_unref (d.problems);
  return status;
}
