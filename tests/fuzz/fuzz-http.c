/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-http.c: the server's request handling on hostile HTTP — request
 * lines, paths, query strings, headers and bodies — over a real socket on
 * 127.0.0.1 to an in-process floorboard-server (the demo center, in a
 * thread of its own). "@TOKEN@" in an input becomes a valid supervisor's
 * token, so the fuzzer reaches past authentication. Whatever comes: no
 * crash, no critical, an answer or a closed connection within the
 * request timeout, and the server answers the next one. */
#include <gio/gio.h>
#include <string.h>
#include <sys/socket.h>

#include "fb-auth.h"
#include "fb-demo.h"
#include "fb-paths.h"
#include "fb-server.h"
#include "fb-sqlite-server-store.h"

int LLVMFuzzerTestOneInput (const guint8 *data, gsize size);

static GMutex lock;
static GCond ready;
static guint port;
static char *token;

static gpointer
server_thread (gpointer data)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fb-fuzz-http-XXXXXX", &error);
  g_autofree char *path = NULL;
  FbServerStore *store;
  FbServer *server;

  g_assert_no_error (error);
  g_main_context_push_thread_default (context);
  path = g_build_filename (dir, "server.db", NULL);
  if (!fb_auth_init (&error) ||
      !(store = fb_sqlite_server_store_new (path, &error)) ||
      !fb_demo_seed (store, g_get_real_time () / G_USEC_PER_SEC, &error))
    g_error ("fuzz-http: %s", error->message);
  server = fb_server_new (store);
  /* The fuzzer is one client sending fast: no rate limit; a short
   * timeout for requests it leaves unfinished. */
  fb_server_set_rate_limit (server, 0, 1);
  fb_server_set_request_timeout (server, 2);
  if (!fb_server_listen (server, "127.0.0.1", 0, &error))
    g_error ("fuzz-http: %s", error->message);
  /* The loop below never returns, so g_autofree never runs. */
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&dir, g_free);

  g_mutex_lock (&lock);
  port = fb_server_get_port (server);
  g_cond_signal (&ready);
  g_mutex_unlock (&lock);
  for (;;)
    g_main_context_iteration (context, TRUE);
  return NULL;
}

/* Sends @request on a new connection; returns the answer (maybe empty). */
static GString *
exchange (const char *request,
          gsize       len)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  GString *answer = g_string_new (NULL);
  char buf[4096];
  gssize n;

  g_assert (socket != NULL);
  /* Longer than the server's request timeout (2 s): a hang is the
   * server's, and libFuzzer's -timeout reports it. */
  g_socket_set_timeout (socket, 5);
  if (!g_socket_connect (socket, address, NULL, NULL))
    __builtin_trap ();
  /* The server may answer and close before it has read it all. Then the
   * write side is closed: a request cut short ends there, at once. */
  g_socket_send (socket, request, len, NULL, NULL);
  g_socket_shutdown (socket, FALSE, TRUE, NULL);
  while ((n = g_socket_receive (socket, buf, sizeof buf, NULL, NULL)) > 0)
    g_string_append_len (answer, buf, n);
  g_socket_close (socket, NULL);
  return answer;
}

static void
start (void)
{
  static const char login[] =
    "POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    "Content-Length: 43\r\nConnection: close\r\n\r\n{\"username\":\"supervisor\",\"password\":\"demo\"}";
  g_autoptr(GString) answer = NULL;
  const char *body, *start_token, *end;

  /* A critical is a bug found, as a crash is. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
  g_mutex_lock (&lock);
  g_thread_unref (g_thread_new ("fuzz-http-server", server_thread, NULL));
  while (port == 0)
    g_cond_wait (&ready, &lock);
  g_mutex_unlock (&lock);

  answer = exchange (login, strlen (login));
  if (!(body = strstr (answer->str, "\r\n\r\n")) ||
      !(start_token = strstr (body, "\"token\":\"")) ||
      !(end = strchr (start_token + 9, '"')))
    g_error ("fuzz-http: cannot sign in: %s", answer->str);
  token = g_strndup (start_token + 9, end - start_token - 9);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        gsize         size)
{
  static gsize started;
  static const char probe[] = "GET /api/v1/sync HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  g_autoptr(GString) request = g_string_new_len ((const char *) data, size);
  g_autoptr(GString) answer = NULL;
  g_autoptr(GString) after = NULL;

  if (g_once_init_enter (&started))
    {
      start ();
      g_once_init_leave (&started, 1);
    }
  g_string_replace (request, "@TOKEN@", token, 0);
  /* Each exchange on its own connection, closed by the server when it has
   * answered: otherwise every input would wait out the idle timeout. */
  {
    const char *eol = strstr (request->str, "\r\n");

    if (eol != NULL)
      g_string_insert (request, eol - request->str + 2, "Connection: close\r\n");
  }
  answer = exchange (request->str, request->len);
  /* Whatever it was, the server still answers. */
  after = exchange (probe, strlen (probe));
  if (!g_str_has_prefix (after->str, "HTTP/1.1 401"))
    __builtin_trap ();
  return 0;
}
