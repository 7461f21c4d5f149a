/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-server-live.c: the live floor: one frame per tick pushed to every socket. */
#define G_LOG_DOMAIN "floorboard-server"

#include <glib/gi18n.h>
#include <string.h>

#include "fb-auth.h"
#include "fb-server-private.h"

static gboolean live_tick (gpointer data);

void
fb_server_set_live_interval (FbServer *self,
                             guint     msec)
{
  g_return_if_fail (FB_IS_SERVER (self));
  g_return_if_fail (msec > 0);

  self->live_interval = msec;
  if (self->live_timer != 0)
    {
      g_source_remove (self->live_timer);
      self->live_timer = g_timeout_add (self->live_interval, live_tick, self);
    }
}

guint64
fb_server_get_live_frames (FbServer *self)
{
  g_return_val_if_fail (FB_IS_SERVER (self), 0);
  return self->live_frames;
}

static void
live_broadcast (FbServer   *self,
                JsonNode   *frame)
{
  g_autofree char *text = json_to_string (frame, FALSE);

  for (guint i = 0; i < self->live_clients->len; i++)
    {
      SoupWebsocketConnection *conn = g_ptr_array_index (self->live_clients, i);

      if (soup_websocket_connection_get_state (conn) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_send_text (conn, text);
    }
}

/* Whose a live socket is: its session ends, the socket ends with it. */
typedef struct
{
  char   *token_hash;
  char   *user_id;
  FbRole  role;
} LiveSession;

static void
live_session_free (gpointer data)
{
  LiveSession *session = data;

  g_free (session->token_hash);
  g_free (session->user_id);
  g_free (session);
}

/* 1008 with a reason the client can act on: frames stop at once (only
 * open sockets get them) and the client's /sync then meets the 401. */
static void
live_close (SoupWebsocketConnection *conn,
            const char              *reason)
{
  if (soup_websocket_connection_get_state (conn) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (conn, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION, reason);
}

/* Sign-out: that session's sockets close now, not at their next frame. */
void
_fb_server_live_end_session (FbServer   *self,
                             const char *token_hash,
                             const char *reason)
{
  g_autoptr(GPtrArray) ended = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->live_clients->len; i++)
    {
      SoupWebsocketConnection *conn = g_ptr_array_index (self->live_clients, i);
      LiveSession *session = g_object_get_data (G_OBJECT (conn), "fb-live-session");

      if (session != NULL && strcmp (session->token_hash, token_hash) == 0)
        g_ptr_array_add (ended, g_object_ref (conn));
    }
  for (guint i = 0; i < ended->len; i++)
    live_close (g_ptr_array_index (ended, i), reason);
}

/* Sessions also end by expiry, and a user may be removed or given another
 * role, by this process or by another on the same database (adduser): the
 * sockets look again once a second. */
static void
live_check_sessions (FbServer *self)
{
  g_autoptr(GPtrArray) conns = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  /* A copy: closing may drop a socket from the list. */
  for (guint i = 0; i < self->live_clients->len; i++)
    g_ptr_array_add (conns, g_object_ref (g_ptr_array_index (self->live_clients, i)));
  for (guint i = 0; i < conns->len; i++)
    {
      SoupWebsocketConnection *conn = g_ptr_array_index (conns, i);
      LiveSession *session = g_object_get_data (G_OBJECT (conn), "fb-live-session");
      g_autofree char *user_id = NULL;
      g_autoptr(FbUser) user = NULL;
      g_autoptr(GError) error = NULL;

      if (session == NULL || soup_websocket_connection_get_state (conn) != SOUP_WEBSOCKET_STATE_OPEN)
        continue;
      if (!(user_id = fb_server_store_lookup_session (self->store, session->token_hash, now)) ||
          strcmp (user_id, session->user_id) != 0)
        live_close (conn, "session_ended");
      else if (!(user = _fb_server_load_user (self, user_id, &error)))
        {
          /* Not a busy database: that is looked at again next time. */
          if (g_error_matches (error, FB_STORE_ERROR, FB_STORE_ERROR_NOT_FOUND))
            live_close (conn, "user_removed");
        }
      else if (user->role != session->role)
        live_close (conn, "role_changed");
    }
}

static void
add_iso_member (JsonBuilder *b,
                const char  *name,
                gint64       when)
{
  g_autofree char *iso = fb_timestamp_to_iso (when);

  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, iso);
}

/* Queue figures now, and the agents whose state changed since the last
 * frame (not the whole floor). */
static JsonNode *
live_frame (FbServer *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GPtrArray) queues = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  gint64 cursor = fb_server_store_get_cursor (self->store);
  gboolean more = TRUE;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, "live");
  add_iso_member (b, "at", g_get_real_time () / G_USEC_PER_SEC);
  json_builder_set_member_name (b, "cursor");
  json_builder_add_int_value (b, cursor);

  json_builder_set_member_name (b, "queues");
  json_builder_begin_array (b);
  if ((queues = fb_server_store_list (self->store, "queue", &error)))
    for (guint i = 0; i < queues->len; i++)
      {
        FbChange *row = g_ptr_array_index (queues, i);
        JsonNode *data = json_from_string (row->data, NULL);

        if (data != NULL)
          json_builder_add_value (b, data);
      }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "agents");
  json_builder_begin_array (b);
  while (more && self->live_cursor < cursor)
    {
      g_clear_pointer (&changes, g_ptr_array_unref);
      if (!(changes = fb_server_store_changes_since (self->store, self->live_cursor, 1000, &more, &error)))
        break;
      for (guint i = 0; i < changes->len; i++)
        {
          FbChange *row = g_ptr_array_index (changes, i);
          g_autoptr(FbAgent) agent = NULL;

          self->live_cursor = row->version;
          if (row->deleted || strcmp (row->type, "agent") != 0 ||
              !(agent = fb_entity_decode_string (&fb_agent_spec, row->data, -1, NULL)))
            continue;
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_string_value (b, agent->id);
          json_builder_set_member_name (b, "state");
          json_builder_add_string_value (b, fb_agent_state_values[agent->state]);
          if (agent->state_since != 0)
            add_iso_member (b, "state_since", agent->state_since);
          json_builder_end_object (b);
        }
    }
  self->live_cursor = MAX (self->live_cursor, cursor);
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
live_tick (gpointer data)
{
  FbServer *self = data;
  g_autoptr(JsonNode) frame = NULL;
  gint64 now_us = g_get_monotonic_time ();

  if (now_us - self->live_checked_us >= G_USEC_PER_SEC)
    {
      self->live_checked_us = now_us;
      live_check_sessions (self);
    }
  frame = live_frame (self);
  live_broadcast (self, frame);
  self->live_frames++;
  return G_SOURCE_CONTINUE;
}

static gboolean
changed_idle_cb (gpointer data)
{
  FbServer *self = data;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) frame = NULL;

  self->changed_idle = 0;
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, "changed");
  json_builder_set_member_name (b, "cursor");
  json_builder_add_int_value (b, self->changed_cursor);
  json_builder_end_object (b);
  frame = json_builder_get_root (b);
  live_broadcast (self, frame);
  return G_SOURCE_REMOVE;
}

/* Rows changed: tell the sockets at once (coalesced), so clients pull /sync
 * without waiting for the next tick. */
void
_fb_server_store_changed_cb (FbServerStore *store,
                             gint64         cursor,
                             FbServer      *self)
{
  self->changed_cursor = MAX (self->changed_cursor, cursor);
  if (self->live_clients->len > 0 && self->changed_idle == 0)
    self->changed_idle = g_idle_add (changed_idle_cb, self);
}

static void
live_closed_cb (SoupWebsocketConnection *conn,
                FbServer                *self)
{
  g_ptr_array_remove (self->live_clients, conn);
  /* No one listening: no timer. */
  if (self->live_clients->len == 0)
    g_clear_handle_id (&self->live_timer, g_source_remove);
}

void
_fb_server_live_handler (SoupServer              *server,
                         SoupServerMessage       *msg,
                         const char              *path,
                         SoupWebsocketConnection *conn,
                         gpointer                 user_data)
{
  FbServer *self = user_data;
  g_autoptr(JsonNode) frame = NULL;
  g_autofree char *text = NULL;

  g_ptr_array_add (self->live_clients, g_object_ref (conn));
  g_object_set_data_full (G_OBJECT (conn), "fb-live-session",
                          g_object_steal_data (G_OBJECT (msg), "fb-live-session"), live_session_free);
  g_signal_connect_object (conn, "closed", G_CALLBACK (live_closed_cb), self, 0);
  soup_websocket_connection_set_keepalive_interval (conn, 30);

  /* A first frame at once: the client knows it is live. The agents in it
   * are the changes since the previous frame, which others got already,
   * so a newcomer gets queues only and syncs agents through /sync. */
  frame = live_frame (self);
  json_object_set_array_member (json_node_get_object (frame), "agents", json_array_new ());
  text = json_to_string (frame, FALSE);
  soup_websocket_connection_send_text (conn, text);

  if (self->live_timer == 0)
    self->live_timer = g_timeout_add (self->live_interval, live_tick, self);
}

void
_fb_server_live_early_handler (SoupServer        *server,
                               SoupServerMessage *msg,
                               const char        *path,
                               GHashTable        *query,
                               gpointer           user_data)
{
  FbServer *self = user_data;
  g_autoptr(FbCaller) caller = NULL;

  if (soup_server_message_get_status (msg) != 0 || _fb_server_rate_limited (self, msg))
    return;
  /* The upgrade authenticates with the same bearer header. */
  if (!(caller = _fb_server_authenticate (self, msg)))
    return;
  if (caller->user->role == FB_ROLE_AGENT)
    {
      _fb_server_set_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden", NULL,
                            _("The live floor is for the dashboard’s roles"));
      return;
    }
  {
    SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
    LiveSession *session = g_new0 (LiveSession, 1);

    session->token_hash = fb_auth_token_hash (soup_message_headers_get_one (headers, "Authorization") + 7);
    session->user_id = g_strdup (caller->user_id);
    session->role = caller->user->role;
    g_object_set_data_full (G_OBJECT (msg), "fb-live-session", session, live_session_free);
  }
}
