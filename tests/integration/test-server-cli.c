/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-server-cli.c: the floorboard-server program as users and scripts
 * meet it: its command line, its first line, and its HTTP answers. */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "fb-paths.h"

static const char *server_program;

typedef struct
{
  char        *dir;
  char        *db;
  GSubprocess *process;
  char        *url;
  SoupSession *session;
} Server;

static char *
tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("fb-cli-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static Server *
server_start (gboolean    demo,
              const char *time_zone)
{
  Server *s = g_new0 (Server, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GRegex) regex = g_regex_new ("^listening on http://127\\.0\\.0\\.1:[1-9][0-9]{0,4}$", 0, 0, NULL);

  s->dir = tmp_dir ();
  s->db = g_build_filename (s->dir, "server.db", NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  /* A failed assertion aborts the test; the server must not outlive it and
   * hold the output pipe open until meson's timeout. */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  s->process = g_subprocess_launcher_spawn (launcher, &error,
                                            server_program, "--db", s->db, "--listen", "127.0.0.1:0",
                                            "--time-zone", time_zone ? time_zone : "Asia/Seoul",
                                            demo ? "--demo" : NULL, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (s->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  /* The first line, exactly. */
  g_assert_true (g_regex_match (regex, line, 0, NULL));
  s->url = g_strdup (line + strlen ("listening on "));
  s->session = soup_session_new ();
  return s;
}

static void
server_stop (Server *s)
{
  g_subprocess_send_signal (s->process, SIGTERM);
  g_assert_true (g_subprocess_wait (s->process, NULL, NULL));
  /* SIGTERM is a clean shutdown. */
  g_assert_true (g_subprocess_get_if_exited (s->process));
  g_assert_cmpint (g_subprocess_get_exit_status (s->process), ==, 0);
  g_object_unref (s->process);
  g_object_unref (s->session);
  fb_paths_remove_dir (s->dir);
  g_free (s->dir);
  g_free (s->db);
  g_free (s->url);
  g_free (s);
}

/* Sends a request; returns the status and the parsed JSON body. */
static guint
request (Server      *s,
         const char  *method,
         const char  *path,
         const char  *token,
         const char  *body,
         gssize       body_len,
         JsonNode   **json_out)
{
  g_autofree char *url = g_strconcat (s->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GError) error = NULL;
  const char *ctype;

  g_assert_nonnull (msg);
  if (token != NULL)
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", token);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, body_len < 0 ? strlen (body) : (gsize) body_len);
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  response = soup_session_send_and_read (s->session, msg, NULL, &error);
  g_assert_no_error (error);

  /* Every answer, errors too, is JSON. */
  ctype = soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL);
  g_assert_cmpstr (ctype, ==, "application/json");
  if (json_out != NULL)
    {
      *json_out = json_from_string (g_bytes_get_data (response, NULL), &error);
      g_assert_no_error (error);
    }
  return soup_message_get_status (msg);
}

static const char *
error_code (JsonNode *root)
{
  JsonObject *error = json_object_get_object_member (json_node_get_object (root), "error");

  g_assert_nonnull (error);
  g_assert_true (json_object_has_member (error, "message"));
  g_assert_true (json_object_has_member (error, "field"));
  return json_object_get_string_member (error, "code");
}

static char *
sign_in (Server     *s,
         const char *user,
         const char *password)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *body = g_strdup_printf ("{\"username\":\"%s\",\"password\":\"%s\"}", user, password);

  g_assert_cmpuint (request (s, "POST", "/api/v1/session", NULL, body, -1, &root), ==, 200);
  return g_strdup (json_object_get_string_member (json_node_get_object (root), "token"));
}

static void
test_demo_api (void)
{
  Server *s = server_start (TRUE, NULL);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *token = NULL;
  g_autofree char *agent_token = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *big = NULL;
  gint64 cursor = 0, last_version = 0;
  gboolean more = TRUE;
  guint pages = 0;

  /* Bearer auth on everything but the session route. */
  g_assert_cmpuint (request (s, "GET", "/api/v1/sync", NULL, NULL, 0, &root), ==, 401);
  g_assert_cmpstr (error_code (root), ==, "unauthorized");
  g_clear_pointer (&root, json_node_unref);
  g_assert_cmpuint (request (s, "GET", "/api/v1/sync", "forged-token", NULL, 0, &root), ==, 401);
  g_clear_pointer (&root, json_node_unref);
  g_assert_cmpuint (request (s, "GET", "/api/v1/anything", NULL, NULL, 0, &root), ==, 401);
  g_clear_pointer (&root, json_node_unref);

  /* Sign-in: bad password, unknown user, malformed and wrong-shaped bodies. */
  g_assert_cmpuint (request (s, "POST", "/api/v1/session", NULL,
                             "{\"username\":\"supervisor\",\"password\":\"nope\"}", -1, &root), ==, 401);
  g_assert_cmpstr (error_code (root), ==, "bad_credentials");
  g_clear_pointer (&root, json_node_unref);
  g_assert_cmpuint (request (s, "POST", "/api/v1/session", NULL,
                             "{\"username\":\"ghost\",\"password\":\"demo\"}", -1, &root), ==, 401);
  g_clear_pointer (&root, json_node_unref);
  g_assert_cmpuint (request (s, "POST", "/api/v1/session", NULL, "{\"username\":", -1, &root), ==, 400);
  g_assert_cmpstr (error_code (root), ==, "malformed_json");
  g_clear_pointer (&root, json_node_unref);
  g_assert_cmpuint (request (s, "POST", "/api/v1/session", NULL, "[1,2]", -1, &root), ==, 400);
  g_clear_pointer (&root, json_node_unref);
  g_assert_cmpuint (request (s, "POST", "/api/v1/session", NULL, "{\"username\":5,\"password\":\"demo\"}", -1, &root), ==, 400);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (root), "error"), "field"), ==, "username");
  g_clear_pointer (&root, json_node_unref);
  g_assert_cmpuint (request (s, "POST", "/api/v1/session", NULL, "{\"username\":\"a\xff\"}", -1, &root), ==, 400);
  g_clear_pointer (&root, json_node_unref);
  g_assert_cmpuint (request (s, "PATCH", "/api/v1/session", NULL, NULL, 0, &root), ==, 405);
  g_clear_pointer (&root, json_node_unref);

  /* Bodies over the limit are refused before they are read. */
  big = g_malloc (2 * 1024 * 1024);
  memset (big, ' ', 2 * 1024 * 1024);
  g_assert_cmpuint (request (s, "POST", "/api/v1/session", NULL, big, 2 * 1024 * 1024, &root), ==, 413);
  g_assert_cmpstr (error_code (root), ==, "too_large");
  g_clear_pointer (&root, json_node_unref);

  token = sign_in (s, "supervisor", "demo");
  g_assert_cmpuint (strlen (token), ==, 64);
  /* The center's zone, Seoul unless the server is told otherwise. */
  g_assert_cmpuint (request (s, "GET", "/api/v1/session", token, NULL, 0, &root), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "time_zone"), ==, "Asia/Seoul");
  g_clear_pointer (&root, json_node_unref);

  g_assert_cmpuint (request (s, "GET", "/api/v1/nowhere", token, NULL, 0, &root), ==, 404);
  g_assert_cmpstr (error_code (root), ==, "not_found");
  g_clear_pointer (&root, json_node_unref);
  g_assert_cmpuint (request (s, "GET", "/api/v1/sync?since=-4", token, NULL, 0, &root), ==, 400);
  g_assert_cmpstr (error_code (root), ==, "invalid_parameter");
  g_clear_pointer (&root, json_node_unref);
  g_assert_cmpuint (request (s, "GET", "/api/v1/sync?limit=0", token, NULL, 0, &root), ==, 400);
  g_clear_pointer (&root, json_node_unref);
  g_assert_cmpuint (request (s, "GET", "/api/v1/sync?limit=abc", token, NULL, 0, &root), ==, 400);
  g_clear_pointer (&root, json_node_unref);

  /* A full sync, paged: versions only rise, no row twice, "more" until the end. */
  while (more)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/sync?since=%" G_GINT64_FORMAT "&limit=250", cursor);
      JsonObject *page;
      JsonArray *changes;

      g_assert_cmpuint (request (s, "GET", path, token, NULL, 0, &root), ==, 200);
      page = json_node_get_object (root);
      changes = json_object_get_array_member (page, "changes");
      g_assert_cmpuint (json_array_get_length (changes), <=, 250);
      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          JsonObject *c = json_array_get_object_element (changes, i);
          g_autofree char *key = g_strdup_printf ("%s/%s", json_object_get_string_member (c, "type"),
                                                  json_object_get_string_member (c, "id"));
          gint64 version = json_object_get_int_member (c, "version");

          g_assert_cmpint (version, >, last_version);
          last_version = version;
          g_assert_false (g_hash_table_contains (seen, key));
          g_hash_table_add (seen, g_steal_pointer (&key));
        }
      cursor = json_object_get_int_member (page, "cursor");
      more = json_object_get_boolean_member (page, "more");
      g_assert_cmpint (cursor, ==, last_version);
      pages++;
      g_clear_pointer (&root, json_node_unref);
    }
  g_assert_cmpuint (pages, >, 2);
  g_assert_true (g_hash_table_contains (seen, "user/u-supervisor"));
  g_assert_cmpuint (g_hash_table_size (seen), >, 600);

  /* Live figures per queue and for the center. */
  g_assert_cmpuint (request (s, "GET", "/api/v1/queues/stats", token, NULL, 0, &root), ==, 200);
  {
    JsonObject *stats = json_node_get_object (root);
    JsonArray *queues = json_object_get_array_member (stats, "queues");
    JsonObject *center = json_object_get_object_member (stats, "center");
    gint64 offered = 0, waiting = 0;

    g_assert_cmpuint (json_array_get_length (queues), ==, 6);
    for (guint i = 0; i < 6; i++)
      {
        JsonObject *q = json_array_get_object_element (queues, i);
        g_assert_true (json_object_has_member (q, "service_level"));
        g_assert_true (json_object_has_member (q, "agents_busy"));
        offered += json_object_get_int_member (q, "offered");
        waiting += json_object_get_int_member (q, "waiting");
      }
    g_assert_cmpint (json_object_get_int_member (center, "offered"), ==, offered);
    g_assert_cmpint (json_object_get_int_member (center, "waiting"), ==, waiting);
  }
  g_clear_pointer (&root, json_node_unref);
  g_assert_cmpuint (request (s, "GET", "/api/v1/queues/stats", NULL, NULL, 0, &root), ==, 401);
  g_clear_pointer (&root, json_node_unref);

  /* An agent reads only their own rows, on every page: the simulator keeps
   * moving their row to newer versions, so read to the end. */
  agent_token = sign_in (s, "agent001", "demo");
  {
    guint n_agents = 0;
    gint64 since = 0;
    gboolean agent_more = TRUE;

    while (agent_more)
      {
        g_autofree char *path = g_strdup_printf ("/api/v1/sync?since=%" G_GINT64_FORMAT "&limit=5000", since);
        JsonObject *page;
        JsonArray *changes;

        g_assert_cmpuint (request (s, "GET", path, agent_token, NULL, 0, &root), ==, 200);
        page = json_node_get_object (root);
        changes = json_object_get_array_member (page, "changes");
        for (guint i = 0; i < json_array_get_length (changes); i++)
          {
            JsonObject *c = json_array_get_object_element (changes, i);
            const char *type = json_object_get_string_member (c, "type");

            g_assert_true (g_str_equal (type, "team") || g_str_equal (type, "queue") ||
                           g_str_equal (type, "user") || g_str_equal (type, "agent") ||
                           g_str_equal (type, "leave_request") || g_str_equal (type, "swap_request"));
            if (g_str_equal (type, "user"))
              g_assert_cmpstr (json_object_get_string_member (c, "id"), ==, "u-agent001");
            if (g_str_equal (type, "agent"))
              {
                g_assert_cmpstr (json_object_get_string_member (c, "id"), ==, "agent-001");
                n_agents++;
              }
          }
        agent_more = json_object_get_boolean_member (page, "more");
        g_assert_cmpint (json_object_get_int_member (page, "cursor"), >=, since);
        since = json_object_get_int_member (page, "cursor");
        g_clear_pointer (&root, json_node_unref);
      }
    /* Once, or again for each newer version the simulator wrote meanwhile. */
    g_assert_cmpuint (n_agents, >=, 1);
  }

  server_stop (s);
}

/* Runs the program; returns its exit status and what it wrote to stderr. */
static int
run (const char  *stdin_text,
     char       **err_out,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  va_list ap;
  const char *arg;

  g_ptr_array_add (argv, (gpointer) server_program);
  va_start (ap, err_out);
  while ((arg = va_arg (ap, const char *)))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                            G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, stdin_text, NULL, &out, err_out, &error));
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (proc);
}

static void
test_command_line (void)
{
  g_autofree char *dir = tmp_dir ();
  g_autofree char *db = g_build_filename (dir, "s.db", NULL);
  g_autofree char *junk = g_build_filename (dir, "junk.db", NULL);
  g_autofree char *err = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;

  g_assert_cmpint (run (NULL, &err, "--listen", "127.0.0.1:0", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--db"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &err, "--db", db, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--listen"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &err, "--db", db, "--listen", "localhost", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &err, "--db", db, "--listen", "example:80", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "example"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &err, "--db", db, "--listen", "127.0.0.1:70000", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &err, "--bogus", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  /* A zone this machine does not know is refused, named, before the database. */
  g_assert_cmpint (run (NULL, &err, "--db", junk, "--listen", "127.0.0.1:0", "--time-zone", "Mars/Olympus", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--time-zone"));
  g_assert_nonnull (strstr (err, "Mars/Olympus"));
  g_assert_false (g_file_test (junk, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &err, "--db", junk, "--listen", "127.0.0.1:0", "--time-zone", "", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &err, "--db", db, "frobnicate", NULL), ==, 2);
  g_clear_pointer (&err, g_free);

  /* adduser: validated, password from stdin, then it can sign in. */
  g_assert_cmpint (run ("pw\n", &err, "--db", db, "adduser", "kim", "--role", "emperor", "--name", "Kim", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "emperor"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run ("", &err, "--db", db, "adduser", "kim", "--role", "manager", "--name", "Kim", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run ("pw\n", &err, "--db", db, "adduser", "kim", "--role", "manager", NULL), ==, 2);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run ("correct horse\n", &err, "--db", db, "adduser", "kim", "--role", "manager", "--name", "김부장", NULL), ==, 0);
  g_clear_pointer (&err, g_free);

  /* A file that is not a database is refused and left as it was. */
  g_assert_true (g_file_set_contents (junk, "this is not sqlite, it is a letter", -1, NULL));
  g_assert_true (g_file_get_contents (junk, &before, &before_len, NULL));
  g_assert_cmpint (run (NULL, &err, "--db", junk, "--listen", "127.0.0.1:0", NULL), ==, 1);
  g_assert_nonnull (strstr (err, junk));
  g_clear_pointer (&err, g_free);
  g_assert_true (g_file_get_contents (junk, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);

  {
    g_autoptr(GSubprocess) proc = NULL;
    g_autoptr(GDataInputStream) out = NULL;
    g_autofree char *line = NULL;
    g_autoptr(GError) error = NULL;
    Server s = { 0 };
    g_autofree char *token = NULL;

    proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, server_program,
                             "--db", db, "--listen", "127.0.0.1:0", NULL);
    g_assert_no_error (error);
    out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
    line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
    g_assert_no_error (error);
    s.url = line + strlen ("listening on ");
    s.session = soup_session_new ();
    token = sign_in (&s, "kim", "correct horse");
    g_assert_nonnull (token);
    g_object_unref (s.session);
    g_subprocess_send_signal (proc, SIGTERM);
    g_subprocess_wait (proc, NULL, NULL);
  }

  fb_paths_remove_dir (dir);
}

/* Starts the server with @args; returns the URL it listens on, or NULL. */
static char *
start_and_stop (const char * const *args)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  proc = g_subprocess_newv (args, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, NULL);
  g_subprocess_send_signal (proc, SIGTERM);
  g_subprocess_wait (proc, NULL, NULL);
  if (line == NULL || !g_str_has_prefix (line, "listening on "))
    return NULL;
  return g_strdup (line + strlen ("listening on "));
}

static void
test_config_file (void)
{
  g_autofree char *dir = tmp_dir ();
  g_autofree char *conf = g_build_filename (dir, "server.conf", NULL);
  g_autofree char *db = g_build_filename (dir, "center.db", NULL);
  g_autofree char *other_db = g_build_filename (dir, "other.db", NULL);
  g_autofree char *url = NULL;
  g_autofree char *err = NULL;
  static const struct
  {
    const char *text;
    const char *says;
  } bad[] = {
    { "[server]\nlisen=127.0.0.1:0\n", "lisen" },
    { "[server]\ndb=center.db\nrate-limit=fast\n", "rate-limit" },
    { "[server]\ndb=center.db\nmax-body=2e6\n", "max-body" },
    { "[srv]\ndb=center.db\n", "[srv]" },
    { "db=center.db\n", "server.conf" },
    { "[server]\ndb=center.db\nlisten=127.0.0.1:0\nrate-limit=-5\n", "--rate-limit" },
    { "[server]\ndb=center.db\nlisten=127.0.0.1:0\ntime-zone=Korea/Busan\n", "Korea/Busan" },
  };

  /* Paths relative to the file; the settings take effect. */
  g_assert_true (g_file_set_contents (conf, "# The center's server\n[server]\ndb=center.db\n"
                                            "listen=127.0.0.1:0\nrate-limit=50\nrequest-timeout=10\n", -1, NULL));
  {
    const char *args[] = { server_program, "--config", conf, NULL };

    url = start_and_stop (args);
    g_assert_nonnull (url);
    g_assert_true (g_str_has_prefix (url, "http://127.0.0.1:"));
    g_assert_true (g_file_test (db, G_FILE_TEST_EXISTS));
  }

  /* The command line wins over the file. */
  {
    const char *args[] = { server_program, "--db", other_db, "--config=" , NULL };
    g_autofree char *flag = g_strconcat ("--config=", conf, NULL);

    args[3] = flag;
    g_clear_pointer (&url, g_free);
    url = start_and_stop (args);
    g_assert_nonnull (url);
    g_assert_true (g_file_test (other_db, G_FILE_TEST_EXISTS));
  }

  /* Anything unknown or malformed: refused, named, nothing created. */
  g_assert_cmpint (run (NULL, &err, "--config", "/nonexistent/floorboard.conf", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "/nonexistent/floorboard.conf"));
  g_clear_pointer (&err, g_free);
  g_assert_true (g_remove (db) == 0);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_true (g_file_set_contents (conf, bad[i].text, -1, NULL));
      g_assert_cmpint (run (NULL, &err, "--config", conf, NULL), ==, 2);
      g_assert_nonnull (strstr (err, bad[i].says));
      g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
      g_clear_pointer (&err, g_free);
    }

  fb_paths_remove_dir (dir);
}

/* --time-zone: the center's zone goes to the app on every sync page and
 * session answer. */
static void
test_time_zone (void)
{
  Server *s = server_start (TRUE, "America/New_York");
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *token = NULL;
  g_autofree char *body = g_strdup ("{\"username\":\"supervisor\",\"password\":\"demo\"}");

  g_assert_cmpuint (request (s, "POST", "/api/v1/session", NULL, body, -1, &root), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "time_zone"), ==, "America/New_York");
  token = g_strdup (json_object_get_string_member (json_node_get_object (root), "token"));
  g_clear_pointer (&root, json_node_unref);

  g_assert_cmpuint (request (s, "GET", "/api/v1/session", token, NULL, 0, &root), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "time_zone"), ==, "America/New_York");
  g_clear_pointer (&root, json_node_unref);

  /* Every page, the last (empty) one too. */
  g_assert_cmpuint (request (s, "GET", "/api/v1/sync?limit=1", token, NULL, 0, &root), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "time_zone"), ==, "America/New_York");
  g_clear_pointer (&root, json_node_unref);
  g_assert_cmpuint (request (s, "GET", "/api/v1/sync?since=9223372036854775807", token, NULL, 0, &root), ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "changes")), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "time_zone"), ==, "America/New_York");
  g_clear_pointer (&root, json_node_unref);

  server_stop (s);
}

int
main (int   argc,
      char *argv[])
{
  /* No G_TEST_OPTION_ISOLATE_DIRS: it hides the system XDG_DATA_DIRS, so GIO
   * finds neither its proxy schema nor the MIME database. Files go to temp dirs. */
  g_test_init (&argc, &argv, NULL);

  server_program = g_getenv ("FLOORBOARD_SERVER");
  g_assert_nonnull (server_program);

  g_test_add_func ("/server-cli/demo-api", test_demo_api);
  g_test_add_func ("/server-cli/command-line", test_command_line);
  g_test_add_func ("/server-cli/config-file", test_config_file);
  g_test_add_func ("/server-cli/time-zone", test_time_zone);

  return g_test_run ();
}
