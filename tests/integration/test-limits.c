/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-limits.c: one client may not take the server from the others — on
 * 127.0.0.1 against the real server: too many requests from one address
 * get 429 with Retry-After and pass again once it is waited; a request
 * sent too slowly, and an oversized header, lose their connection while
 * another client is served; a quiet live socket is not cut. */
#include <libsoup/soup.h>
#include <string.h>

#include "fb-server.h"
#include "fb-sync-engine.h"
#include "fb-test-fixture.h"
#include "fb-test-sync.h"

static guint
get (FbTestFixture  *f,
     char          **retry_after)
{
  return fb_test_request (f, "GET", "/api/v1/sync", NULL, NULL, NULL, retry_after);
}

static void
test_rate (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 2);
  g_autofree char *retry = NULL;
  guint limited = 0, first_limited = 0;

  fb_server_set_rate_limit (f->server, 5, 10);
  /* The burst passes (401: no token, but served), then 429. */
  for (guint i = 1; i <= 15; i++)
    {
      g_autofree char *r = NULL;
      guint status = get (f, &r);

      if (status == 429)
        {
          limited++;
          if (first_limited == 0)
            {
              first_limited = i;
              retry = g_steal_pointer (&r);
            }
        }
      else
        g_assert_cmpuint (status, ==, 401);
    }
  g_assert_cmpuint (first_limited, >=, 10);
  g_assert_cmpuint (limited, >=, 4);
  g_assert_nonnull (retry);
  g_assert_cmpint (g_ascii_strtoll (retry, NULL, 10), >=, 1);

  /* Waited: served again. */
  fb_test_run_for (1200);
  g_assert_cmpuint (get (f, NULL), ==, 401);
}

typedef struct
{
  GSocketConnection *conn;
  char               buf[256];
  gssize             n;
  gboolean           done;
} Raw;

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Raw *raw = user_data;

  raw->n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, NULL);
  raw->done = TRUE;
}

static gboolean
raw_done (gpointer data)
{
  return ((Raw *) data)->done;
}

static GSocketConnection *
raw_connect (FbTestFixture *f)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *conn = g_socket_client_connect_to_host (client, "127.0.0.1", f->port, NULL, &error);

  g_assert_no_error (error);
  return conn;
}

static void
test_slow_request (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 2);
  g_autoptr(GError) error = NULL;
  static const char partial[] = "GET /api/v1/sync HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  Raw raw = { 0 };
  gint64 start;

  fb_server_set_request_timeout (f->server, 1);
  raw.conn = raw_connect (f);
  /* Half a request, then nothing. */
  g_assert_true (g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (raw.conn)),
                                            partial, strlen (partial), NULL, NULL, &error));
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (raw.conn)), raw.buf, sizeof raw.buf,
                             G_PRIORITY_DEFAULT, NULL, read_cb, &raw);
  /* Others are served meanwhile. */
  g_assert_cmpuint (get (f, NULL), ==, 401);
  /* Cut: the read ends (EOF, or an error) after about a second. */
  g_assert_true (fb_test_wait_until (raw_done, &raw, 10000));
  g_assert_cmpint (raw.n, <=, 0);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC / 2);
  g_object_unref (raw.conn);
}

static void
test_huge_header (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) request = g_string_new ("GET /api/v1/sync HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ");
  Raw raw = { 0 };

  /* 1 MB of header: more than any header limit should let in. */
  for (guint i = 0; i < 1024 * 1024; i++)
    g_string_append_c (request, 'a');
  g_string_append (request, "\r\n\r\n");
  raw.conn = raw_connect (f);
  /* The server may close while we still write: only its answer counts. */
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (raw.conn)),
                             request->str, request->len, NULL, NULL, NULL);
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (raw.conn)), raw.buf, sizeof raw.buf - 1,
                             G_PRIORITY_DEFAULT, NULL, read_cb, &raw);
  g_assert_true (fb_test_wait_until (raw_done, &raw, 10000));
  /* Closed, or refused with a 4xx: never served. */
  if (raw.n > 0)
    {
      raw.buf[raw.n] = '\0';
      g_assert_true (g_str_has_prefix (raw.buf, "HTTP/1.1 4"));
    }
  g_object_unref (raw.conn);
  /* And the server still serves. */
  g_assert_cmpuint (get (f, NULL), ==, 401);
}

static gboolean
is_live (gpointer data)
{
  return fb_sync_engine_get_live (data);
}

static void
test_live_not_cut (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbSyncEngine) engine = fb_sync_engine_new (f->cache_path, &error);

  g_assert_no_error (error);
  fb_server_set_request_timeout (f->server, 1);
  g_assert_true (fb_test_login (engine, f->url, "sup", FB_TEST_PASSWORD, NULL));
  g_assert_true (fb_test_wait_until (is_live, engine, 20000));
  /* Three quiet seconds: still live. */
  fb_test_run_for (3000);
  g_assert_true (fb_sync_engine_get_live (engine));
  fb_sync_engine_stop (engine);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/limits/rate", test_rate);
  g_test_add_func ("/limits/slow-request", test_slow_request);
  g_test_add_func ("/limits/huge-header", test_huge_header);
  g_test_add_func ("/limits/live-not-cut", test_live_not_cut);
  return g_test_run ();
}
