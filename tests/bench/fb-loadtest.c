/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-loadtest.c: many dashboards against one floorboard-server on
 * 127.0.0.1, and /sync against a static file server. It prints figures;
 * it asserts nothing (build-aux/loadtest runs it).
 *
 *   fb-loadtest dashboards URL --clients N --seconds S --pid PID
 *     N clients sign in (one token: a center signs in once per seat), pull
 *     the whole /sync, hold the live socket, pull the delta every
 *     --interval seconds and save a duty-report draft every 30 s. Reports
 *     requests/s, p50/p99 latency, errors, live frames, and the server's
 *     RSS and CPU (from /proc/PID). Fails when a request fails, or when
 *     the server's open descriptors are not back to what they were
 *     within 10 s of the clients leaving (abruptly: their session is
 *     aborted).
 *   fb-loadtest get URL --clients N --seconds S [--token T]
 *     N clients GET URL back to back; reports requests/s and latency.
 */
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int opt_clients = 200;
static int opt_seconds = 60;
static double opt_interval = 2;
static int opt_pid;
static char *opt_token;

static GOptionEntry entries[] = {
  { "clients", 0, 0, G_OPTION_ARG_INT, &opt_clients, "Concurrent clients", "N" },
  { "seconds", 0, 0, G_OPTION_ARG_INT, &opt_seconds, "How long", "S" },
  { "interval", 0, 0, G_OPTION_ARG_DOUBLE, &opt_interval, "Seconds between a dashboard's delta pulls", "S" },
  { "pid", 0, 0, G_OPTION_ARG_INT, &opt_pid, "The server's process, for RSS and CPU", "PID" },
  { "token", 0, 0, G_OPTION_ARG_STRING, &opt_token, "Bearer token for get", "T" },
  { NULL }
};

typedef struct
{
  SoupSession *session;
  char        *url;
  char        *token;
  GArray      *latencies;   /* double, ms: after a client's first sync */
  GArray      *first_sync;  /* double, s: each client's first full sync */
  guint64      first_requests;
  gint64       t0;
  guint64      requests;
  guint64      errors;
  guint64      frames;
  guint64      bytes;
  gboolean     stopping;
  guint        active;
  GMainLoop   *loop;
} Load;

typedef struct
{
  Load                    *load;
  guint                    index;
  gint64                   cursor;
  gint64                   report_version;
  gint64                   started;
  gint64                   last_write;
  SoupWebsocketConnection *live;
  gboolean                 synced;
  gboolean                 live_requested;
  gboolean                 first_done;
} Client;

static void client_next (Client *client);

/* The first full sync of hundreds of dashboards at once is a storm of
 * its own: its requests are counted apart from the steady state's. */
static void
record (Client *client,
        guint   status,
        gsize   bytes)
{
  Load *load = client->load;
  double ms = (g_get_monotonic_time () - client->started) / 1000.0;

  load->requests++;
  load->bytes += bytes;
  if (client->first_done)
    g_array_append_val (load->latencies, ms);
  else
    load->first_requests++;
  if (status < 200 || status >= 300)
    {
      load->errors++;
      if (load->errors <= 5)
        g_printerr ("loadtest: status %u\n", status);
    }
}

static SoupMessage *
new_message (Load       *load,
             const char *method,
             const char *path)
{
  g_autofree char *url = g_strconcat (load->url, path, NULL);
  SoupMessage *msg = soup_message_new (method, url);

  if (load->token != NULL)
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", load->token);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  return msg;
}

static gboolean
next_cb (gpointer data)
{
  client_next (data);
  return G_SOURCE_REMOVE;
}

static void
client_done (Client *client)
{
  Load *load = client->load;

  if (client->live != NULL)
    {
      soup_websocket_connection_close (client->live, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      g_clear_object (&client->live);
    }
  if (--load->active == 0)
    g_main_loop_quit (load->loop);
}

static void
pulled_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Client *client = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  guint status = body ? soup_message_get_status (msg) : 0;
  gboolean more = FALSE;

  if (error != NULL && client->load->errors < 5)
    g_printerr ("loadtest: pull: %s\n", error->message);

  record (client, status, body ? g_bytes_get_size (body) : 0);
  /* The loader is one thread for hundreds of clients: it reads the two
   * members it needs without parsing megabytes of rows. */
  if (status == SOUP_STATUS_OK)
    {
      gsize len;
      const char *data = g_bytes_get_data (body, &len);
      const char *cursor = g_strstr_len (data, len, "\"cursor\":");

      if (cursor != NULL)
        client->cursor = g_ascii_strtoll (cursor + 9, NULL, 10);
      more = g_strstr_len (data, len, "\"more\":true") != NULL;
    }
  if (more)
    {
      client_next (client);
      return;
    }
  client->synced = TRUE;
  if (!client->first_done)
    {
      double s = (g_get_monotonic_time () - client->load->t0) / 1e6;

      client->first_done = TRUE;
      g_array_append_val (client->load->first_sync, s);
    }
  g_timeout_add ((guint) (opt_interval * 1000), next_cb, client);
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Client *client = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  guint status = body ? soup_message_get_status (msg) : 0;

  if (error != NULL && client->load->errors < 5)
    g_printerr ("loadtest: draft: %s\n", error->message);
  record (client, status, body ? g_bytes_get_size (body) : 0);
  if (status == SOUP_STATUS_OK || status == SOUP_STATUS_CREATED)
    {
      g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
      g_autoptr(JsonNode) root = json_from_string (text, NULL);

      if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
        client->report_version = json_object_get_int_member_with_default (json_node_get_object (root), "version",
                                                                          client->report_version);
    }
  client_next (client);
}

static void
live_message_cb (SoupWebsocketConnection *conn,
                 int                      type,
                 GBytes                  *message,
                 Client                  *client)
{
  client->load->frames++;
}

static void
live_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Client *client = user_data;
  g_autoptr(GError) error = NULL;

  client->live = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  if (client->live == NULL)
    {
      client->load->errors++;
      g_printerr ("loadtest: live socket: %s\n", error->message);
    }
  else
    g_signal_connect (client->live, "message", G_CALLBACK (live_message_cb), client);
}

/* One step of a dashboard's day: pull, or now and then save a draft. */
static void
client_next (Client *client)
{
  Load *load = client->load;
  g_autoptr(SoupMessage) msg = NULL;
  gint64 now = g_get_monotonic_time ();

  if (load->stopping)
    {
      client_done (client);
      return;
    }
  client->started = now;
  /* Live once the first sync is done, as the app does. */
  if (client->synced && !client->live_requested)
    {
      g_autoptr(SoupMessage) upgrade = new_message (load, "GET", "/api/v1/live");

      client->live_requested = TRUE;
      soup_session_websocket_connect_async (load->session, upgrade, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                            live_cb, client);
    }
  if (client->last_write != 0 && now - client->last_write >= 30 * G_USEC_PER_SEC)
    {
      g_autofree char *path = NULL;
      g_autofree char *body = NULL;
      g_autofree char *key = g_strdup_printf ("load-%u-%" G_GINT64_FORMAT, client->index, now);
      g_autoptr(GBytes) bytes = NULL;
      /* Each client its own day, so drafts never collide. */
      int day = 1 + client->index % 28, month = 1 + (client->index / 28) % 12;

      client->last_write = now;
      path = g_strdup_printf ("/api/v1/duty-reports/duty-2031-%02d-%02d-day", month, day);
      body = g_strdup_printf ("{\"version\":%" G_GINT64_FORMAT ",\"date\":\"2031-%02d-%02d\",\"shift\":\"day\","
                              "\"workload\":\"부하 시험 %" G_GINT64_FORMAT "\"}",
                              client->report_version, month, day, now);
      msg = new_message (load, "PUT", path);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Idempotency-Key", key);
      bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
      soup_session_send_and_read_async (load->session, msg, G_PRIORITY_DEFAULT, NULL, written_cb, client);
      return;
    }
  if (client->last_write == 0)
    /* Spread the clients' writes over the 30 s. */
    client->last_write = now - (gint64) g_random_int_range (0, 30) * G_USEC_PER_SEC;
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/sync?since=%" G_GINT64_FORMAT "&limit=500", client->cursor);

    msg = new_message (load, "GET", path);
    soup_session_send_and_read_async (load->session, msg, G_PRIORITY_DEFAULT, NULL, pulled_cb, client);
  }
}

/* `get`: one URL, back to back. */
static void got_cb (GObject *object, GAsyncResult *result, gpointer user_data);

static void
get_next (Client *client)
{
  Load *load = client->load;
  g_autoptr(SoupMessage) msg = NULL;

  if (load->stopping)
    {
      client_done (client);
      return;
    }
  client->started = g_get_monotonic_time ();
  msg = new_message (load, "GET", "");
  soup_session_send_and_read_async (load->session, msg, G_PRIORITY_DEFAULT, NULL, got_cb, client);
}

static void
got_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  Client *client = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, NULL);

  client->first_done = TRUE;
  record (client, body ? soup_message_get_status (msg) : 0, body ? g_bytes_get_size (body) : 0);
  get_next (client);
}

static gboolean
stop_cb (gpointer data)
{
  ((Load *) data)->stopping = TRUE;
  return G_SOURCE_REMOVE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* User + system CPU seconds and RSS (MB) of @pid. */
static gboolean
read_proc (int     pid,
           double *cpu_s,
           double *rss_mb)
{
  g_autofree char *stat_path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *status_path = g_strdup_printf ("/proc/%d/status", pid);
  g_autofree char *stat = NULL;
  g_autofree char *status = NULL;
  const char *p;
  unsigned long utime, stime;
  long rss_kb = 0;

  if (!g_file_get_contents (stat_path, &stat, NULL, NULL) || !g_file_get_contents (status_path, &status, NULL, NULL))
    return FALSE;
  /* Fields after the command name, which may hold spaces. */
  p = strrchr (stat, ')');
  if (p == NULL || sscanf (p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime, &stime) != 2)
    return FALSE;
  *cpu_s = (double) (utime + stime) / sysconf (_SC_CLK_TCK);
  if ((p = strstr (status, "VmRSS:")))
    sscanf (p + 6, "%ld", &rss_kb);
  *rss_mb = rss_kb / 1024.0;
  return TRUE;
}

static char *
sign_in (SoupSession *session,
         const char  *url)
{
  g_autofree char *session_url = g_strconcat (url, "/api/v1/session", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", session_url);
  static const char body[] = "{\"username\":\"supervisor\",\"password\":\"demo\"}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (body, strlen (body));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  if (!(answer = soup_session_send_and_read (session, msg, NULL, &error)) ||
      soup_message_get_status (msg) != SOUP_STATUS_OK ||
      !(text = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer))) ||
      !(root = json_from_string (text, NULL)))
    {
      g_printerr ("loadtest: cannot sign in at %s\n", url);
      return NULL;
    }
  return g_strdup (json_object_get_string_member (json_node_get_object (root), "token"));
}

/* The server's open descriptors, -1 if they cannot be read. */
static int
count_fds (int pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/fd", pid);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  int n = 0;

  if (dir == NULL)
    return -1;
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("dashboards|get URL");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) clients = NULL;
  Load load = { 0 };
  gboolean dashboards;
  double cpu0 = 0, cpu1 = 0, rss0 = 0, rss1 = 0, rss_peak = 0, p50, p99;
  gint64 t0, t1;
  int fds0 = -1, fds1 = -1;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 3 ||
      (strcmp (argv[1], "dashboards") != 0 && strcmp (argv[1], "get") != 0) ||
      opt_clients < 1 || opt_seconds < 1 || opt_interval <= 0)
    {
      g_printerr ("usage: fb-loadtest dashboards|get URL [--clients N] [--seconds S] …\n");
      return 2;
    }
  dashboards = strcmp (argv[1], "dashboards") == 0;
  load.url = g_strdup (argv[2]);
  /* Every client's connection open at once, as a floor of dashboards. */
  load.session = soup_session_new_with_options ("max-conns", opt_clients + 16,
                                                "max-conns-per-host", opt_clients + 16,
                                                "timeout", 60, NULL);
  load.latencies = g_array_new (FALSE, FALSE, sizeof (double));
  load.first_sync = g_array_new (FALSE, FALSE, sizeof (double));
  load.loop = g_main_loop_new (NULL, FALSE);
  /* Before any client: what the server holds alone. */
  if (opt_pid > 0)
    fds0 = count_fds (opt_pid);
  load.token = dashboards ? sign_in (load.session, load.url) : g_strdup (opt_token);
  if (dashboards && load.token == NULL)
    return 1;

  clients = g_array_sized_new (FALSE, TRUE, sizeof (Client), opt_clients);
  g_array_set_size (clients, opt_clients);
  if (opt_pid > 0)
    read_proc (opt_pid, &cpu0, &rss0);
  load.t0 = t0 = g_get_monotonic_time ();
  for (int i = 0; i < opt_clients; i++)
    {
      Client *client = &g_array_index (clients, Client, i);

      client->load = &load;
      client->index = i;
      load.active++;
      if (dashboards)
        client_next (client);
      else
        get_next (client);
    }
  g_timeout_add_seconds (opt_seconds, stop_cb, &load);
  /* The server's RSS, sampled every second for its peak. */
  while (load.active > 0)
    {
      g_main_context_iteration (NULL, TRUE);
      if (opt_pid > 0)
        {
          double cpu, rss;

          if (read_proc (opt_pid, &cpu, &rss))
            rss_peak = MAX (rss_peak, rss);
        }
    }
  t1 = g_get_monotonic_time ();
  if (opt_pid > 0)
    read_proc (opt_pid, &cpu1, &rss1);

  g_array_sort (load.latencies, compare_doubles);
  p50 = load.latencies->len ? g_array_index (load.latencies, double, load.latencies->len / 2) : NAN;
  p99 = load.latencies->len ? g_array_index (load.latencies, double, (guint) (load.latencies->len * 0.99)) : NAN;
  printf ("clients %d, %.1f s: %" G_GUINT64_FORMAT " requests, %.1f requests/s, errors %" G_GUINT64_FORMAT
          ", %.1f MB received", opt_clients, (t1 - t0) / 1e6, load.requests, load.requests / ((t1 - t0) / 1e6),
          load.errors, load.bytes / 1e6);
  if (dashboards)
    {
      g_array_sort (load.first_sync, compare_doubles);
      printf (", live frames %" G_GUINT64_FORMAT "\n", load.frames);
      if (load.first_sync->len > 0)
        printf ("first full sync (%" G_GUINT64_FORMAT " requests): %u of %d clients, p50 %.1f s, last %.1f s\n",
                load.first_requests, load.first_sync->len, opt_clients,
                g_array_index (load.first_sync, double, load.first_sync->len / 2),
                g_array_index (load.first_sync, double, load.first_sync->len - 1));
      printf ("steady state (%u requests: deltas every %.0f s, a draft every 30 s): p50 %.2f ms, p99 %.2f ms\n",
              load.latencies->len, opt_interval, p50, p99);
    }
  else
    printf (", p50 %.2f ms, p99 %.2f ms\n", p50, p99);
  if (opt_pid > 0)
    printf ("server: CPU %.1f %% of one core, RSS %.1f MB at start, %.1f MB at end, %.1f MB peak\n",
            100.0 * (cpu1 - cpu0) / ((t1 - t0) / 1e6), rss0, rss1, rss_peak);

  /* Every client goes at once, mid-connection: the server must give
   * back every descriptor (sockets once stayed in CLOSE-WAIT). */
  if (fds0 >= 0)
    {
      gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

      soup_session_abort (load.session);
      while ((fds1 = count_fds (opt_pid)) > fds0 && g_get_monotonic_time () < deadline)
        {
          while (g_main_context_iteration (NULL, FALSE))
            ;
          g_usleep (G_USEC_PER_SEC / 10);
        }
      printf ("server: %d open descriptors before the clients, %d after they left\n", fds0, fds1);
      if (fds1 > fds0)
        g_printerr ("loadtest: the server kept %d descriptors after its clients left\n", fds1 - fds0);
    }
  fflush (stdout);
  return load.errors == 0 && fds1 <= fds0 ? 0 : 1;
}
