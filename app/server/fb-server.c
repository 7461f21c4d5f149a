/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-server.c: the server object: its SoupServer, the connection edge
 * (rate, size and time limits before any handler) and its settings. */
#define G_LOG_DOMAIN "floorboard-server"

#include <glib/gi18n.h>

#include "fb-http-edge.h"
#include "fb-server-private.h"

G_DEFINE_FINAL_TYPE (FbServer, fb_server, G_TYPE_OBJECT)

static gboolean
body_too_large (FbServer          *self,
                SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupEncoding encoding = soup_message_headers_get_encoding (headers);

  return encoding == SOUP_ENCODING_CONTENT_LENGTH &&
         soup_message_headers_get_content_length (headers) > (goffset) self->max_body;
}

static void
got_chunk_cb (SoupServerMessage *msg,
              GBytes            *chunk,
              FbServer          *self)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  /* Chunked bodies announce no length: stop at the limit as they come.
   * libsoup has appended @chunk to the body already: counting it again
   * refused bodies up to a chunk (8 KiB) under the limit. */
  if (body->length > (goffset) self->max_body &&
      soup_server_message_get_status (msg) == 0)
    {
      _fb_server_set_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large", NULL,
                            _("The request body is too large"));
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Connection", "close");
    }
}

typedef struct
{
  double tokens;
  gint64 last_us;
} Bucket;

/* One client may not take the server from the others: each address
 * spends a token a request, refilled at rate_per_s up to rate_burst. */
gboolean
_fb_server_rate_limited (FbServer          *self,
                         SoupServerMessage *msg)
{
  const char *host = soup_server_message_get_remote_host (msg);
  gint64 now = g_get_monotonic_time ();
  Bucket *bucket;

  if (self->rate_per_s <= 0 || host == NULL)
    return FALSE;
  if (!(bucket = g_hash_table_lookup (self->buckets, host)))
    {
      /* Many addresses must not grow the table without end: forget the
       * ones that have refilled. */
      if (g_hash_table_size (self->buckets) >= 4096)
        {
          GHashTableIter iter;
          Bucket *old;

          g_hash_table_iter_init (&iter, self->buckets);
          while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &old))
            if (old->tokens + (now - old->last_us) / 1e6 * self->rate_per_s >= self->rate_burst)
              g_hash_table_iter_remove (&iter);
        }
      bucket = g_new0 (Bucket, 1);
      bucket->tokens = self->rate_burst;
      bucket->last_us = now;
      g_hash_table_insert (self->buckets, g_strdup (host), bucket);
    }
  bucket->tokens = MIN (self->rate_burst, bucket->tokens + (now - bucket->last_us) / 1e6 * self->rate_per_s);
  bucket->last_us = now;
  if (bucket->tokens < 1)
    {
      g_autofree char *retry = g_strdup_printf ("%d", (int) ((1 - bucket->tokens) / self->rate_per_s) + 1);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", retry);
      _fb_server_set_error (msg, 429, "rate_limited", NULL, _("Too many requests: slow down and try again shortly"));
      return TRUE;
    }
  bucket->tokens -= 1;
  return FALSE;
}

/* A request that is not in within request_timeout_s of its start (slow,
 * or a kept-alive connection left idle) loses its connection: a slow
 * client holds no socket for long. Once the request is in, its answer
 * takes as long as the client reads (a socket timeout would cut slow
 * readers mid-answer and leave them waiting). */
typedef struct
{
  SoupServerMessage *msg;   /* not owned: the watch goes with it */
  guint              id;
} Watch;

static void
watch_free (gpointer data)
{
  Watch *watch = data;

  g_clear_handle_id (&watch->id, g_source_remove);
  g_free (watch);
}

static gboolean
watch_expired_cb (gpointer data)
{
  Watch *watch = data;
  GSocket *socket = soup_server_message_get_socket (watch->msg);

  watch->id = 0;
  /* libsoup reads the end of the stream and lets the connection go. */
  if (socket != NULL)
    g_socket_shutdown (socket, TRUE, TRUE, NULL);
  return G_SOURCE_REMOVE;
}

static void
request_read_cb (SoupServerMessage *msg,
                 gpointer           user_data)
{
  g_object_set_data (G_OBJECT (msg), "fb-watch", NULL);
  /* Here the handler has run: a WebSocket upgrade (101) keeps its
   * connection, which libsoup hands over. */
  if (fb_http_keep_alive_leaks () &&
      soup_server_message_get_status (msg) != SOUP_STATUS_SWITCHING_PROTOCOLS)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "Connection", "close");
}

static void request_headers_cb (SoupServerMessage *msg,
                                gpointer           user_data);

static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    FbServer          *self)
{
  Watch *watch;

  fb_http_plug_accept_leak (msg);
  /* After libsoup's own, which runs the early handlers: every path. */
  g_signal_connect (msg, "got-headers", G_CALLBACK (request_headers_cb), NULL);
  g_signal_connect (msg, "got-body", G_CALLBACK (request_read_cb), NULL);
  if (self->request_timeout_s == 0)
    return;
  watch = g_new0 (Watch, 1);
  watch->msg = msg;
  watch->id = g_timeout_add_seconds (self->request_timeout_s, watch_expired_cb, watch);
  g_object_set_data_full (G_OBJECT (msg), "fb-watch", watch, watch_free);
}

static void
request_headers_cb (SoupServerMessage *msg,
                    gpointer           user_data)
{
  guint refusal = fb_http_content_length_refusal (msg);

  /* This answer replaces any an early handler gave. */
  if (refusal != 0)
    soup_message_body_truncate (soup_server_message_get_response_body (msg));
  switch (refusal)
    {
    case SOUP_STATUS_BAD_REQUEST:
      _fb_server_set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_content_length", NULL,
                            _("The request’s Content-Length is not a length"));
      fb_http_answer_now (msg);
      break;
    case SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE:
      _fb_server_set_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large", NULL,
                            _("The request body is too large"));
      fb_http_answer_now (msg);
      break;
    default:
      break;
    }
}

static void
early_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  FbServer *self = user_data;

  if (_fb_server_rate_limited (self, msg))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
      return;
    }

  {
    g_autofree char *name = fb_http_query_nul_parameter (msg);

    if (name != NULL)
      {
        g_autofree char *message = g_strdup_printf (_("Parameter “%s” must not contain a NUL character"), name);

        _fb_server_set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_parameter", name[0] ? name : NULL, message);
        return;
      }
  }

  /* Refused before the body is read: a set status skips the handler.
   * libsoup still reads the body it announced; none of it is kept. */
  if (body_too_large (self, msg))
    {
      _fb_server_set_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large", NULL,
                            _("The request body is too large"));
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Connection", "close");
      soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
      return;
    }
  g_signal_connect_object (msg, "got-chunk", G_CALLBACK (got_chunk_cb), self, 0);
}

static void
fb_server_dispose (GObject *object)
{
  FbServer *self = (FbServer *)object;

  g_clear_handle_id (&self->live_timer, g_source_remove);
  g_clear_handle_id (&self->changed_idle, g_source_remove);
  if (self->live_clients != NULL)
    {
      for (guint i = 0; i < self->live_clients->len; i++)
        g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->live_clients, i), self);
      g_ptr_array_set_size (self->live_clients, 0);
    }
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (fb_server_parent_class)->dispose (object);
}

static void
fb_server_finalize (GObject *object)
{
  FbServer *self = (FbServer *)object;

  g_clear_pointer (&self->request_counts, g_hash_table_unref);
  g_clear_pointer (&self->login_failures, g_hash_table_unref);
  g_clear_pointer (&self->buckets, g_hash_table_unref);
  g_clear_pointer (&self->live_clients, g_ptr_array_unref);
  g_clear_pointer (&self->dummy_hash, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (self->roster_rows); i++)
    g_clear_pointer (&self->roster_rows[i], g_hash_table_unref);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (fb_server_parent_class)->finalize (object);
}

static void
fb_server_class_init (FbServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fb_server_dispose;
  object_class->finalize = fb_server_finalize;
}

static void
fb_server_init (FbServer *self)
{
  self->max_body = FB_SERVER_DEFAULT_MAX_BODY;
  self->request_counts = g_hash_table_new (g_str_hash, g_str_equal);  /* static keys */
  self->login_failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->rate_per_s = FB_SERVER_DEFAULT_RATE;
  self->rate_burst = FB_SERVER_DEFAULT_BURST;
  self->request_timeout_s = FB_SERVER_DEFAULT_REQUEST_TIMEOUT_S;
  self->login_max_per_user = FB_SERVER_LOGIN_MAX_PER_USER;
  self->login_max_per_address = FB_SERVER_LOGIN_MAX_PER_ADDRESS;
  self->login_window_s = FB_SERVER_LOGIN_WINDOW_S;
  self->live_clients = g_ptr_array_new_with_free_func (g_object_unref);
  self->live_interval = LIVE_INTERVAL_MS;
  self->clock = fb_center_clock_new ();
  /* Equal weights until the center says otherwise (--qa-weights). */
  for (guint i = 0; i < FB_QA_N_CRITERIA; i++)
    self->qa_weights[i] = 1.0 / FB_QA_N_CRITERIA;
}

FbServer *
fb_server_new (FbServerStore *store)
{
  FbServer *self;

  g_return_val_if_fail (FB_IS_SERVER_STORE (store), NULL);

  self = g_object_new (FB_TYPE_SERVER, NULL);
  self->store = g_object_ref (store);
  self->soup = soup_server_new ("server-header", "floorboard-server/" PACKAGE_VERSION " ", NULL);
  /* libsoup pairs early and normal handlers by path: register both. */
  soup_server_add_early_handler (self->soup, NULL, early_handler, self, NULL);
  soup_server_add_early_handler (self->soup, "/api/v1", early_handler, self, NULL);
  soup_server_add_handler (self->soup, "/api/v1", _fb_server_api_handler, self, NULL);
  soup_server_add_handler (self->soup, NULL, _fb_server_root_handler, self, NULL);
  soup_server_add_early_handler (self->soup, "/api/v1/live", _fb_server_live_early_handler, self, NULL);
  soup_server_add_websocket_handler (self->soup, "/api/v1/live", NULL, NULL, _fb_server_live_handler, self, NULL);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (request_started_cb), self);
  g_signal_connect (store, "changed", G_CALLBACK (_fb_server_store_changed_cb), self);
  self->changed_cursor = self->live_cursor = fb_server_store_get_cursor (store);
  /* Answers of a week ago go at startup, then as writes come. */
  _fb_server_prune_replies (self);
  return self;
}

FbServerStore *
fb_server_get_store (FbServer *self)
{
  g_return_val_if_fail (FB_IS_SERVER (self), NULL);
  return self->store;
}

FbCenterClock *
fb_server_get_center_clock (FbServer *self)
{
  g_return_val_if_fail (FB_IS_SERVER (self), NULL);
  return self->clock;
}

void
fb_server_set_center_clock (FbServer      *self,
                            FbCenterClock *clock)
{
  g_return_if_fail (FB_IS_SERVER (self));
  g_return_if_fail (FB_IS_CENTER_CLOCK (clock));
  g_set_object (&self->clock, clock);
}

void
fb_server_set_max_body (FbServer *self,
                        gsize     max_body)
{
  g_return_if_fail (FB_IS_SERVER (self));
  g_return_if_fail (max_body > 0);
  self->max_body = max_body;
}

/**
 * fb_server_set_tls_certificate:
 *
 * Serves HTTPS (and WSS) with @certificate from the next listen on.
 */
void
fb_server_set_tls_certificate (FbServer        *self,
                               GTlsCertificate *certificate)
{
  g_return_if_fail (FB_IS_SERVER (self));
  g_return_if_fail (G_IS_TLS_CERTIFICATE (certificate));

  g_object_set (self->soup, "tls-certificate", certificate, NULL);
  self->tls = TRUE;
}

/**
 * fb_server_set_rate_limit:
 * @per_s: requests a second one address may make, on average (0: no limit)
 * @burst: how many it may make at once
 */
void
fb_server_set_rate_limit (FbServer *self,
                          double    per_s,
                          double    burst)
{
  g_return_if_fail (FB_IS_SERVER (self));
  g_return_if_fail (per_s >= 0 && burst >= 1);

  self->rate_per_s = per_s;
  self->rate_burst = burst;
  g_hash_table_remove_all (self->buckets);
}

/**
 * fb_server_set_request_timeout:
 *
 * Seconds a connection may stay silent while its request is read or
 * between requests (0: no limit). Live sockets are exempt.
 */
void
fb_server_set_request_timeout (FbServer *self,
                               guint     seconds)
{
  g_return_if_fail (FB_IS_SERVER (self));
  self->request_timeout_s = seconds;
}

/**
 * fb_server_set_login_limits:
 *
 * Wrong passwords allowed per user name and per client address in a
 * window of @window_s seconds before sign-in is refused (429) until the
 * window ends.
 */
void
fb_server_set_login_limits (FbServer *self,
                            guint     per_user,
                            guint     per_address,
                            guint     window_s)
{
  g_return_if_fail (FB_IS_SERVER (self));
  g_return_if_fail (per_user > 0 && per_address > 0 && window_s > 0);

  self->login_max_per_user = per_user;
  self->login_max_per_address = per_address;
  self->login_window_s = window_s;
}

gboolean
fb_server_listen (FbServer    *self,
                  const char  *address,
                  guint        port,
                  GError     **error)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) sockaddr = NULL;
  g_autoptr(GSocket) socket = NULL;
  GSList *uris;

  g_return_val_if_fail (FB_IS_SERVER (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);
  g_return_val_if_fail (port <= 65535, FALSE);

  inet = g_inet_address_new_from_string (address);
  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an IP address"), address);
      return FALSE;
    }
  sockaddr = g_inet_socket_address_new (inet, port);
  if (!(socket = fb_http_listen_socket (sockaddr, error)) ||
      !soup_server_listen_socket (self->soup, socket, self->tls ? SOUP_SERVER_LISTEN_HTTPS : 0, error))
    return FALSE;

  uris = soup_server_get_uris (self->soup);
  if (uris != NULL)
    self->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return TRUE;
}

guint
fb_server_get_port (FbServer *self)
{
  g_return_val_if_fail (FB_IS_SERVER (self), 0);
  return self->port;
}

char *
fb_server_dup_url (FbServer *self)
{
  GSList *uris;
  char *url = NULL;

  g_return_val_if_fail (FB_IS_SERVER (self), NULL);

  uris = soup_server_get_uris (self->soup);
  if (uris != NULL)
    {
      GUri *uri = uris->data;
      url = g_strdup_printf ("%s://%s:%d", self->tls ? "https" : "http", g_uri_get_host (uri), g_uri_get_port (uri));
    }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return url;
}

void
fb_server_disconnect (FbServer *self)
{
  g_return_if_fail (FB_IS_SERVER (self));
  g_clear_handle_id (&self->live_timer, g_source_remove);
  for (guint i = 0; i < self->live_clients->len; i++)
    {
      SoupWebsocketConnection *conn = g_ptr_array_index (self->live_clients, i);
      g_signal_handlers_disconnect_by_data (conn, self);
      if (soup_websocket_connection_get_state (conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
    }
  g_ptr_array_set_size (self->live_clients, 0);
  soup_server_disconnect (self->soup);
  self->port = 0;
}

guint
fb_server_get_request_count (FbServer   *self,
                             const char *path)
{
  g_return_val_if_fail (FB_IS_SERVER (self), 0);
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->request_counts, path));
}

guint
fb_server_get_n_request_counters (FbServer *self)
{
  g_return_val_if_fail (FB_IS_SERVER (self), 0);
  return g_hash_table_size (self->request_counts);
}

guint
fb_server_get_password_checks (FbServer *self)
{
  g_return_val_if_fail (FB_IS_SERVER (self), 0);
  return (guint) g_atomic_int_get (&self->password_checks);
}
