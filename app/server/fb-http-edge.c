/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-http-edge.c */
#define G_LOG_DOMAIN "floorboard-server"

#include <netinet/in.h>
#include <string.h>

#include "fb-http-edge.h"

/* libsoup before 3.3 never lets go of a kept-alive connection that the
 * client closes between two requests (fixed upstream by d20c6601): each
 * such client left a descriptor in CLOSE-WAIT for good. There, one
 * request a connection. */
gboolean
fb_http_keep_alive_leaks (void)
{
  return soup_get_major_version () == 3 && soup_get_minor_version () < 3;
}

/* libsoup 3.0 to 3.3 keep a reference to every socket they accept and
 * never drop it (fixed upstream by b545d5f0, in 3.4.0): about 340 bytes
 * a connection, which with one request a connection (above) made 3 GB a
 * day for a floor of 200 dashboards. At a connection's first message the
 * socket is held by the connection and by that lost reference only: it
 * is dropped then, once, when the count shows it is there. */
void
fb_http_plug_accept_leak (SoupServerMessage *msg)
{
  GSocket *socket;

  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  if (soup_get_major_version () != 3 || soup_get_minor_version () >= 4 ||
      (socket = soup_server_message_get_socket (msg)) == NULL ||
      g_object_get_data (G_OBJECT (socket), "fb-accept-ref") != NULL)
    return;
  g_object_set_data (G_OBJECT (socket), "fb-accept-ref", GINT_TO_POINTER (TRUE));
  if (g_atomic_int_get ((int *) &G_OBJECT (socket)->ref_count) == 2)
    g_object_unref (socket);
}

/* A Content-Length that is no length: libsoup 3.2 takes "-1", and any
 * number past 2^63, for -1, and would then read the body until the client
 * stops before answering. 413 for a number too large, 400 otherwise;
 * 0 when the length is one. */
guint
fb_http_content_length_refusal (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers;
  const char *value;

  g_return_val_if_fail (SOUP_IS_SERVER_MESSAGE (msg), 0);

  headers = soup_server_message_get_request_headers (msg);
  if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH ||
      soup_message_headers_get_content_length (headers) >= 0)
    return 0;
  value = soup_message_headers_get_one (headers, "Content-Length");
  while (value != NULL && g_ascii_isspace (*value))
    value++;
  if (value == NULL || *value == '\0')
    return SOUP_STATUS_BAD_REQUEST;
  for (const char *p = value; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p) && !g_ascii_isspace (*p))
      return SOUP_STATUS_BAD_REQUEST;
  return SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE;
}

typedef struct
{
  GIOStream *stream;
  GBytes    *answer;
} Refusal;

static void
refusal_free (Refusal *refusal)
{
  g_object_unref (refusal->stream);
  g_bytes_unref (refusal->answer);
  g_free (refusal);
}

static void
refusal_closed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_io_stream_close_finish (G_IO_STREAM (object), result, NULL);
  refusal_free (user_data);
}

static void
refusal_written_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Refusal *refusal = user_data;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, NULL);
  g_io_stream_close_async (refusal->stream, G_PRIORITY_DEFAULT, NULL, refusal_closed_cb, refusal);
}

/* Sends the answer set on @msg at once and closes its connection, taken
 * from libsoup, which would first read a body that has no end. @msg may
 * be gone on return. */
void
fb_http_answer_now (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  guint status;
  SoupMessageHeadersIter iter;
  const char *name, *value;
  Refusal *refusal;
  GIOStream *stream;

  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  headers = soup_server_message_get_response_headers (msg);
  body = soup_message_body_flatten (soup_server_message_get_response_body (msg));
  status = soup_server_message_get_status (msg);
  g_string_append_printf (text, "HTTP/1.1 %u %s\r\n", status, soup_status_get_phrase (status));
  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    if (g_ascii_strcasecmp (name, "Content-Length") != 0 && g_ascii_strcasecmp (name, "Connection") != 0)
      g_string_append_printf (text, "%s: %s\r\n", name, value);
  g_string_append_printf (text, "Content-Length: %" G_GSIZE_FORMAT "\r\nConnection: close\r\n\r\n",
                          g_bytes_get_size (body));
  g_string_append_len (text, g_bytes_get_data (body, NULL), g_bytes_get_size (body));

  if (!(stream = soup_server_message_steal_connection (msg)))
    return;
  refusal = g_new0 (Refusal, 1);
  refusal->stream = stream;
  refusal->answer = g_string_free_to_bytes (g_steal_pointer (&text));
  g_output_stream_write_all_async (g_io_stream_get_output_stream (stream),
                                   g_bytes_get_data (refusal->answer, NULL),
                                   g_bytes_get_size (refusal->answer),
                                   G_PRIORITY_DEFAULT, NULL, refusal_written_cb, refusal);
}

/* The query parameter whose value (or name) holds %00, or NULL: decoded
 * into a C string it would be cut short there ("since=1%00x" read as 1). */
char *
fb_http_query_nul_parameter (SoupServerMessage *msg)
{
  const char *query;
  g_auto(GStrv) pairs = NULL;

  g_return_val_if_fail (SOUP_IS_SERVER_MESSAGE (msg), NULL);

  query = g_uri_get_query (soup_server_message_get_uri (msg));
  if (query == NULL || strstr (query, "%00") == NULL)
    return NULL;
  pairs = g_strsplit (query, "&", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    if (strstr (pairs[i], "%00") != NULL)
      {
        const char *end = strchr (pairs[i], '=');
        const char *nul = strstr (pairs[i], "%00");
        char *name;

        /* A NUL in the name itself: named up to it. */
        if (end == NULL || nul < end)
          end = nul;
        name = g_uri_unescape_segment (pairs[i], end, NULL);
        if (name == NULL || !g_utf8_validate (name, -1, NULL))
          g_clear_pointer (&name, g_free);
        return name != NULL ? name : g_strdup ("");
      }
  return NULL;
}

/* Connections the kernel queues before the server accepts them. */
#define LISTEN_BACKLOG 1024

GSocket *
fb_http_listen_socket (GSocketAddress  *address,
                       GError         **error)
{
  g_autoptr(GSocket) socket = NULL;

  g_return_val_if_fail (G_IS_SOCKET_ADDRESS (address), NULL);

  /* Ours, for its backlog: soup_server_listen() listens with GLib's 10,
   * and a floor of dashboards connecting at once (one request a
   * connection with libsoup 3.2) overflowed it, each dropped connection
   * waiting a second to try again. IPv6 only for IPv6, as libsoup does. */
  socket = g_socket_new (g_socket_address_get_family (address), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_DEFAULT, error);
  if (socket == NULL)
    return NULL;
  if (g_socket_address_get_family (address) == G_SOCKET_FAMILY_IPV6)
    g_socket_set_option (socket, IPPROTO_IPV6, IPV6_V6ONLY, TRUE, NULL);
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!g_socket_bind (socket, address, TRUE, error) || !g_socket_listen (socket, error))
    return NULL;
  return g_steal_pointer (&socket);
}
