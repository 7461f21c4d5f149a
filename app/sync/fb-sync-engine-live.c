/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-sync-engine-live.c: the live socket that says when to pull */
#define G_LOG_DOMAIN "floorboard-sync"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "fb-json-guard.h"
#include "fb-sync-engine.h"
#include "fb-sync-engine-private.h"

/* ---- live socket --------------------------------------------------------- */

static gboolean
live_timer_cb (gpointer data)
{
  FbSyncEngine *self = data;

  self->live_timer_id = 0;
  fb_sync_engine_connect_live (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_live (FbSyncEngine *self)
{
  g_clear_handle_id (&self->live_timer_id, g_source_remove);
  self->live_failures++;
  self->live_timer_id = g_timeout_add (fb_sync_engine_backoff_delay (self, self->live_failures), live_timer_cb, self);
}

static void
live_message_cb (SoupWebsocketConnection *conn,
                 int                      type,
                 GBytes                  *message,
                 FbSyncEngine            *self)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *frame;
  const char *kind;
  gint64 cursor;
  gsize len;
  const char *data = g_bytes_get_data (message, &len);

  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    return;
  /* A frame nested to crash, or with a NUL, is no Floorboard server's:
   * close the socket (polling goes on) rather than read more of it. */
  if (!(root = fb_json_parse (data, len, NULL, &error)) &&
      (g_error_matches (error, FB_JSON_ERROR, FB_JSON_ERROR_TOO_DEEP) ||
       g_error_matches (error, FB_JSON_ERROR, FB_JSON_ERROR_NUL)))
    {
      g_debug ("Live frame refused: %s", error->message);
      soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, NULL);
      return;
    }
  /* A frame we cannot read is ignored: /sync stays the source of truth. */
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;
  frame = json_node_get_object (root);
  kind = fb_json_member_string (frame, "kind");
  if (kind == NULL || !fb_json_member_int (frame, "cursor", &cursor))
    return;

  self->live_failures = 0;
  if (cursor <= self->cursor)
    return;
  if (self->busy)
    self->pull_pending = TRUE;
  else
    fb_sync_engine_request_page (self);
}

static void
live_closed_cb (SoupWebsocketConnection *conn,
                FbSyncEngine            *self)
{
  fb_sync_engine_drop_live (self);
  if (self->token == NULL)
    return;
  /* Fall back to polling at once, and try the socket again later. */
  schedule_live (self);
  if (!self->busy)
    fb_sync_engine_schedule (self, self->poll_interval * 1000);
}

static void
live_connected_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(FbSyncEngine) self = user_data;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *conn;

  conn = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  if (conn == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->live_connecting = FALSE;
      g_debug ("Live socket: %s", error->message);
      schedule_live (self);
      return;
    }

  self->live_connecting = FALSE;
  self->live = conn;
  g_signal_connect (conn, "message", G_CALLBACK (live_message_cb), self);
  g_signal_connect (conn, "closed", G_CALLBACK (live_closed_cb), self);
  soup_websocket_connection_set_keepalive_interval (conn, 30);
  /* Live: the poll timer is not needed while the socket is open. */
  if (!self->busy)
    fb_sync_engine_clear_timer (self);
  fb_sync_engine_notify (self, PROP_LIVE);
}

void
fb_sync_engine_connect_live (FbSyncEngine *self)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *url = NULL;

  if (self->token == NULL || self->live != NULL || self->live_connecting)
    return;

  url = g_strdup_printf ("%s/api/v1/live", self->server_url);
  if (!(msg = fb_sync_new_message (SOUP_METHOD_GET, url, self->token)))
    return;
  self->live_connecting = TRUE;
  soup_session_websocket_connect_async (self->session, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        self->cancellable, live_connected_cb, g_object_ref (self));
}

void
fb_sync_engine_drop_live (FbSyncEngine *self)
{
  g_clear_handle_id (&self->live_timer_id, g_source_remove);
  self->live_connecting = FALSE;
  if (self->live == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->live, self);
  if (soup_websocket_connection_get_state (self->live) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (self->live, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&self->live);
  fb_sync_engine_notify (self, PROP_LIVE);
}

gboolean
fb_sync_engine_get_live (FbSyncEngine *self)
{
  g_return_val_if_fail (FB_IS_SYNC_ENGINE (self), FALSE);
  return self->live != NULL;
}
