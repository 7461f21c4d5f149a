/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-sync-engine-pages.c: /api/v1/sync page by page into the cache */
#define G_LOG_DOMAIN "floorboard-sync"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "fb-entity.h"
#include "fb-json-guard.h"
#include "fb-memory.h"
#include "fb-store.h"
#include "fb-sync-engine.h"
#include "fb-sync-engine-private.h"

/* A sync run over more rows than this gives its memory back at the end. */
#define RELEASE_AFTER_ROWS 2000

/* ---- pages ------------------------------------------------------------- */

typedef struct
{
  FbStore    *store;
  GBytes     *body;
  gboolean    reset;
  char       *server_id;
  char       *server_url;
  char       *username;
  char       *time_zone;   /* the center's zone: the session's, then the page's */
  /* results */
  gint64      cursor;
  gint64      head;
  gboolean    more;
  guint       n_applied;
  GPtrArray  *applied;     /* "type\036id" of rows the page changed */
} PageData;

static void
page_data_free (PageData *data)
{
  g_clear_object (&data->store);
  g_clear_pointer (&data->body, g_bytes_unref);
  g_free (data->server_id);
  g_free (data->server_url);
  g_free (data->username);
  g_free (data->time_zone);
  g_clear_pointer (&data->applied, g_ptr_array_unref);
  g_free (data);
}

/* The center's time zone an answer names (its "time_zone" member) into
 * @zone, NULL when it names none (an older server). FALSE when it is there
 * but not a string or not a zone this machine knows: the answer is bad. */
gboolean
fb_sync_read_time_zone (JsonObject  *root,
                        char       **zone)
{
  JsonNode *node = json_object_get_member (root, "time_zone");
  const char *name;

  g_assert (zone != NULL && *zone == NULL);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  name = json_node_get_string (node);
  if (!fb_center_time_zone_is_valid (name))
    {
      g_debug ("The server names the unknown time zone “%s”", name);
      return FALSE;
    }
  *zone = g_strdup (name);
  return TRUE;
}

/* Checks a whole page before writing any of it: a bad row changes nothing.
 * Public in fb-sync-engine-private.h for the fuzzers: it reads what the
 * network sends. */
GPtrArray *
fb_sync_parse_page (const char  *text,
                    gsize        len,
                    const char  *known_server_id,
                    gint64      *cursor,
                    gint64      *head,
                    gboolean    *more,
                    char       **time_zone,
                    GError     **error)
{
  g_autofree char *zone = NULL;
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_change_free);
  g_autoptr(GError) json_error = NULL;
  JsonObject *root;
  JsonArray *array;
  JsonNode *node;
  const char *server_id;

  g_return_val_if_fail (text != NULL || len == 0, NULL);
  g_return_val_if_fail (cursor != NULL && head != NULL && more != NULL, NULL);

  /* A hostile server's page must not crash the dashboard: the guard
   * refuses nesting that would overflow json-glib's stack. */
  if (!(page = fb_json_parse (text, len, NULL, &json_error)))
    {
      g_debug ("Sync page refused: %s", json_error->message);
      goto bad;
    }
  node = page;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    goto bad;
  root = json_node_get_object (node);
  if (!fb_json_member_int (root, "cursor", &*cursor) || *cursor < 0 ||
      !fb_json_member_bool (root, "more", &*more) ||
      !(node = json_object_get_member (root, "changes")) || !JSON_NODE_HOLDS_ARRAY (node))
    goto bad;
  if (!fb_json_member_int (root, "head", &*head))
    *head = *cursor;
  if (!fb_sync_read_time_zone (root, &zone))
    goto bad;
  server_id = fb_json_member_string (root, "server_id");
  if (server_id != NULL && known_server_id != NULL && strcmp (server_id, known_server_id) != 0)
    {
      g_set_error (error, FB_SYNC_ERROR, FB_SYNC_ERROR_PROTOCOL,
                   _("The server’s database changed during the sync"));
      return NULL;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      const char *type, *id;
      const FbEntitySpec *spec;
      gint64 version;
      gboolean deleted;
      g_autoptr(JsonNode) normalized = NULL;
      g_autoptr(GError) row_error = NULL;
      g_autofree char *text_data = NULL;
      JsonObject *change;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        goto bad;
      change = json_node_get_object (item);
      if (!(type = fb_json_member_string (change, "type")) ||
          !(id = fb_json_member_string (change, "id")) || id[0] == '\0' ||
          !fb_json_member_int (change, "version", &version) || version <= 0 || version > *cursor ||
          !fb_json_member_bool (change, "deleted", &deleted))
        goto bad;

      /* Types a newer server knows and this app does not are skipped. */
      if (!(spec = fb_entity_spec_lookup (type)))
        continue;

      if (!deleted)
        {
          if (!(normalized = fb_entity_normalize (spec, json_object_get_member (change, "data"), &row_error)))
            {
              g_set_error (error, FB_SYNC_ERROR, FB_SYNC_ERROR_PROTOCOL,
                           _("The server sent an invalid %s “%s”: %s"), type, id, row_error->message);
              return NULL;
            }
          /* The row's own id must be the one it is filed under. */
          if (g_strcmp0 (fb_json_member_string (json_node_get_object (normalized), "id"), id) != 0)
            {
              g_set_error (error, FB_SYNC_ERROR, FB_SYNC_ERROR_PROTOCOL,
                           _("The server sent a %s whose id does not match “%s”"), type, id);
              return NULL;
            }
          text_data = json_to_string (normalized, FALSE);
        }
      g_ptr_array_add (changes, fb_change_new (type, id, version, deleted, text_data));
    }
  if (time_zone != NULL && zone != NULL)
    {
      g_free (*time_zone);
      *time_zone = g_steal_pointer (&zone);
    }
  return g_steal_pointer (&changes);

bad:
  g_set_error (error, FB_SYNC_ERROR, FB_SYNC_ERROR_PROTOCOL,
               _("The server’s sync answer was not understood"));
  return NULL;
}

static GPtrArray *
parse_page (PageData  *data,
            GError   **error)
{
  gsize len;
  const char *text = g_bytes_get_data (data->body, &len);

  return fb_sync_parse_page (text, len, data->server_id, &data->cursor, &data->head, &data->more,
                             &data->time_zone, error);
}

static void
write_page_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  PageData *data = task_data;
  g_autoptr(GPtrArray) changes = NULL;
  GError *error = NULL;

  if (!(changes = parse_page (data, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  /* One transaction per page: the rows, the cursor and the time together,
   * so a crash or a cut leaves the cache at a page boundary. */
  if (!fb_store_begin (data->store, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (data->reset && !fb_store_clear_rows (data->store, &error))
    goto fail;
  for (guint i = 0; i < changes->len; i++)
    {
      gboolean applied = FALSE;

      FbChange *change = g_ptr_array_index (changes, i);

      if (!fb_store_apply_change (data->store, change, &applied, &error))
        goto fail;
      data->n_applied += applied;
      if (applied)
        g_ptr_array_add (data->applied, g_strconcat (change->type, FB_SYNC_KEY_SEPARATOR, change->id, NULL));
    }
  /* The rows were replaced: this user's waiting writes show over them
   * again, nobody else's. */
  if (data->reset && data->username != NULL &&
      !fb_store_outbox_show_owner (data->store, data->server_url, data->username, TRUE, NULL, &error))
    goto fail;
  /* The center's clock comes with the rows it dates. */
  if (data->time_zone != NULL && !fb_store_set_center_time_zone (data->store, data->time_zone, &error))
    goto fail;
  if (!fb_store_set_meta_int (data->store, "cursor", data->cursor, &error) ||
      !fb_store_set_meta_int (data->store, "last_sync_at", fb_sync_now_s (), &error) ||
      (data->server_id && !fb_store_set_meta (data->store, "server_id", data->server_id, &error)) ||
      !fb_store_set_meta (data->store, "server_url", data->server_url, &error) ||
      !fb_store_set_meta (data->store, "username", data->username, &error) ||
      !fb_store_commit (data->store, &error))
    goto fail;

  if (data->reset)
    data->n_applied = MAX (data->n_applied, 1);
  g_task_return_boolean (task, TRUE);
  return;

fail:
  fb_store_rollback (data->store);
  g_task_return_error (task, error);
}

static void
page_written_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(FbSyncEngine) self = fb_sync_engine_weak_take (user_data);
  PageData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) || self == NULL)
    {
      if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->busy = FALSE;
      g_debug ("Sync page refused: %s", error->message);
      fb_sync_engine_go_error (self, error->message);
      return;
    }

  self->busy = FALSE;
  if (data->reset)
    self->reset_pending = FALSE;
  if (data->time_zone != NULL)
    fb_center_clock_set_zone_name (self->clock, data->time_zone, NULL);
  self->cursor = data->cursor;
  fb_sync_engine_set_last_sync (self, fb_sync_now_s ());

  if (data->head > self->first_since)
    fb_sync_engine_set_progress (self, (double) (self->cursor - self->first_since) / (data->head - self->first_since));

  if (data->n_applied > 0)
    {
      g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();
      g_auto(GStrv) strv = NULL;

      /* A reset replaced everything: no list of keys, reload it all. */
      if (!data->reset)
        for (guint i = 0; i < data->applied->len; i++)
          g_strv_builder_add (keys, g_ptr_array_index (data->applied, i));
      strv = data->reset ? NULL : g_strv_builder_end (keys);
      fb_sync_engine_emit_changed (self, (const char * const *) strv);
    }

  /* Reachable again after an outage: deliver what waited. */
  if (self->pending_writes > 0 && !self->flushing && self->flush_timer_id == 0)
    fb_sync_engine_flush_outbox (self);

  if (data->more)
    {
      fb_sync_engine_set_state (self, FB_SYNC_STATE_SYNCING);
      fb_sync_engine_request_page (self);
      return;
    }

  fb_sync_engine_set_progress (self, 1.0);
  fb_sync_engine_set_state (self, FB_SYNC_STATE_ONLINE);
  /* A sync of many pages (the first, a reset) leaves its buffers freed
   * but resident; a live update of a few rows does not. */
  if (data->head - self->first_since > RELEASE_AFTER_ROWS)
    fb_memory_release ();
  self->first_since = self->cursor;

  /* A change announced while this pull ran: pull again. */
  if (self->pull_pending)
    {
      self->pull_pending = FALSE;
      fb_sync_engine_request_page (self);
      return;
    }
  if (self->live == NULL && !self->live_connecting && self->live_timer_id == 0)
    fb_sync_engine_connect_live (self);
  /* While the socket is open it says when to pull; otherwise poll. */
  if (self->live == NULL)
    fb_sync_engine_schedule (self, self->poll_interval * 1000);
}

static void
page_received_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FbSyncEngine) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GTask) task = NULL;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  PageData *data;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->busy = FALSE;
      fb_sync_engine_go_offline (self, _("The server cannot be reached"));
      return;
    }

  fb_sync_engine_mark_reachable (self);
  status = soup_message_get_status (msg);
  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      /* The session expired: sign in again with what the user gave us. */
      self->busy = FALSE;
      g_clear_pointer (&self->token, g_free);
      fb_sync_engine_start_login (self, NULL);
      return;
    }
  if (status != SOUP_STATUS_OK)
    {
      g_autofree char *message = fb_sync_error_message_from_body (body, status, NULL);
      self->busy = FALSE;
      fb_sync_engine_go_error (self, message);
      return;
    }

  data = g_new0 (PageData, 1);
  data->store = g_object_ref (self->store);
  data->body = g_steal_pointer (&body);
  data->reset = self->reset_pending;
  data->server_id = g_strdup (self->server_id);
  data->server_url = g_strdup (self->server_url);
  data->username = g_strdup (self->username);
  data->time_zone = g_strdup (self->time_zone);
  data->applied = g_ptr_array_new_with_free_func (g_free);

  /* Parsing and writing a page stay off the UI thread. */
  /* No source object: the engine's last reference must not go on a worker
   * thread (see OutboxConn). */
  task = g_task_new (NULL, self->cancellable, page_written_cb, fb_sync_engine_weak_new (self));
  g_task_set_source_tag (task, page_received_cb);
  g_task_set_task_data (task, data, (GDestroyNotify) page_data_free);
  g_task_run_in_thread (task, write_page_thread);
}

void
fb_sync_engine_request_page (FbSyncEngine *self)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *url = NULL;

  g_assert (FB_IS_SYNC_ENGINE (self));

  fb_sync_engine_clear_timer (self);
  if (self->busy)
    return;
  if (self->token == NULL)
    {
      fb_sync_engine_start_login (self, NULL);
      return;
    }

  url = g_strdup_printf ("%s/api/v1/sync?since=%" G_GINT64_FORMAT "&limit=%u",
                         self->server_url, self->cursor, self->page_size);
  msg = fb_sync_new_message (SOUP_METHOD_GET, url, self->token);

  self->busy = TRUE;
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT,
                                    self->cancellable, page_received_cb, g_object_ref (self));
}

void
fb_sync_engine_sync_now (FbSyncEngine *self)
{
  g_return_if_fail (FB_IS_SYNC_ENGINE (self));

  if (self->server_url == NULL || self->busy)
    return;
  fb_sync_engine_request_page (self);
}
