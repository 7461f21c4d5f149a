/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-sync-engine-outbox.c: writes kept in the outbox and delivered in order, exactly once */
#define G_LOG_DOMAIN "floorboard-sync"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "fb-entity.h"
#include "fb-json-guard.h"
#include "fb-refusal.h"
#include "fb-store.h"
#include "fb-sync-engine.h"
#include "fb-sync-engine-private.h"

static void
outbox_conn_clear (gpointer data)
{
  OutboxConn *conn = data;

  g_clear_object (&conn->store);
  g_mutex_clear (&conn->lock);
}

void
fb_sync_outbox_conn_release (OutboxConn *conn)
{
  g_atomic_rc_box_release_full (conn, outbox_conn_clear);
}

static char *
row_key (const char *type,
         const char *id)
{
  return g_strconcat (type, FB_SYNC_KEY_SEPARATOR, id, NULL);
}

void
fb_sync_engine_set_pending_writes (FbSyncEngine *self,
                    gint64        pending)
{
  guint n = (guint) CLAMP (pending, 0, G_MAXUINT);

  if (pending < 0 || self->pending_writes == n)
    return;
  self->pending_writes = n;
  fb_sync_engine_notify (self, PROP_PENDING_WRITES);
}

static void
emit_changed_keys (FbSyncEngine *self,
                   GPtrArray    *keys)
{
  if (keys == NULL || keys->len == 0)
    return;
  g_ptr_array_add (keys, NULL);
  fb_sync_engine_emit_changed (self, (const char * const *) keys->pdata);
  g_ptr_array_remove_index (keys, keys->len - 1);
}

typedef struct
{
  char      *method;
  char      *path;
  char      *body;
  char      *key;
  char      *row_type;
  char      *row_id;
  char      *optimistic;
  char      *owner_url;   /* who writes: see fb_store_outbox_add_owned() */
  char      *owner_name;
  OutboxConn *conn;
  GTask     *caller;      /* the caller's task, completed once stored */
  /* results */
  gint64     pending;
} SubmitData;

static void
submit_data_free (SubmitData *data)
{
  g_free (data->method);
  g_free (data->path);
  g_free (data->body);
  g_free (data->key);
  g_free (data->row_type);
  g_free (data->row_id);
  g_free (data->optimistic);
  g_free (data->owner_url);
  g_free (data->owner_name);
  g_clear_pointer (&data->conn, fb_sync_outbox_conn_release);
  g_clear_object (&data->caller);
  g_free (data);
}

static void
submit_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SubmitData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbChange) before = NULL;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&data->conn->lock);
  FbStore *store = data->conn->store;

  if (!fb_store_begin (store, &error))
    goto fail;
  if (data->row_type != NULL)
    {
      before = fb_store_get_row (store, data->row_type, data->row_id, &error);
      if (before == NULL && !g_error_matches (error, FB_STORE_ERROR, FB_STORE_ERROR_NOT_FOUND))
        goto fail;
      g_clear_error (&error);
      if (data->optimistic != NULL &&
          !fb_store_put_local (store, data->row_type, data->row_id, data->optimistic, &error))
        goto fail;
    }
  /* One transaction: the change shows only if its delivery is queued. */
  if (fb_store_outbox_add_owned (store, data->owner_url, data->owner_name,
                                 data->method, data->path, data->body, data->key,
                                 data->row_type, data->row_id,
                                 before && !before->deleted ? before->data : NULL,
                                 before ? before->version : 0, data->optimistic, &error) < 0 ||
      !fb_store_commit (store, &error))
    goto fail;
  data->pending = fb_store_outbox_count_owned (store, data->owner_url, data->owner_name);
  g_task_return_boolean (task, TRUE);
  return;

fail:
  fb_store_rollback (store);
  g_task_return_new_error (task, FB_SYNC_ERROR, FB_SYNC_ERROR_SERVER,
                           _("The change could not be saved: %s"), error->message);
}

static void
submit_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  SubmitData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GTask) caller = g_steal_pointer (&data->caller);
  FbSyncEngine *self = g_task_get_source_object (caller);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (caller, g_steal_pointer (&error));
      return;
    }

  fb_sync_engine_set_pending_writes (self, data->pending);
  if (data->row_type != NULL && data->optimistic != NULL)
    {
      g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

      g_ptr_array_add (keys, row_key (data->row_type, data->row_id));
      emit_changed_keys (self, keys);
    }
  g_task_return_boolean (caller, TRUE);
  fb_sync_engine_flush_outbox (self);
}

void
fb_sync_engine_submit_async (FbSyncEngine        *self,
                             const char          *path,
                             JsonNode            *body,
                             const char          *row_type,
                             const char          *row_id,
                             JsonNode            *optimistic,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  fb_sync_engine_submit_full_async (self, "POST", path, body, row_type, row_id, optimistic,
                                    cancellable, callback, user_data);
}

void
fb_sync_engine_submit_full_async (FbSyncEngine        *self,
                                  const char          *method,
                                  const char          *path,
                                  JsonNode            *body,
                                  const char          *row_type,
                                  const char          *row_id,
                                  JsonNode            *optimistic,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SubmitData *data;

  g_return_if_fail (FB_IS_SYNC_ENGINE (self));
  g_return_if_fail (g_strcmp0 (method, "POST") == 0 || g_strcmp0 (method, "PUT") == 0);
  g_return_if_fail (path != NULL && path[0] == '/');
  g_return_if_fail (body != NULL && JSON_NODE_HOLDS_OBJECT (body));
  g_return_if_fail ((row_type == NULL) == (row_id == NULL));
  g_return_if_fail (optimistic == NULL || (row_type != NULL && JSON_NODE_HOLDS_OBJECT (optimistic)));

  data = g_new0 (SubmitData, 1);
  data->caller = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (data->caller, fb_sync_engine_submit_async);
  data->method = g_strdup (method);
  data->path = g_strdup (path);
  data->body = json_to_string (body, FALSE);
  /* One key per write, kept with it: a retry after a lost answer is the
   * same request to the server, which answers it once. */
  data->key = g_uuid_string_random ();
  data->row_type = g_strdup (row_type);
  data->row_id = g_strdup (row_id);
  data->optimistic = optimistic ? json_to_string (optimistic, FALSE) : NULL;
  /* The user signed in now (or last, while the session is away): only
   * they send it, with their own session. */
  if (self->server_url != NULL && self->username != NULL)
    {
      data->owner_url = g_strdup (self->server_url);
      data->owner_name = g_strdup (self->username);
    }
  data->conn = g_atomic_rc_box_acquire (self->outbox);

  /* Not cancellable: once asked for, the write is kept. No source object:
   * the caller's task holds the engine, on the main thread. */
  task = g_task_new (NULL, NULL, submit_done, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) submit_data_free);
  g_task_run_in_thread (task, submit_thread);
}

gboolean
fb_sync_engine_submit_finish (FbSyncEngine  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (FB_IS_SYNC_ENGINE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

guint
fb_sync_engine_get_pending_writes (FbSyncEngine *self)
{
  g_return_val_if_fail (FB_IS_SYNC_ENGINE (self), 0);
  return self->pending_writes;
}

typedef enum
{
  OUTCOME_NEXT,       /* look for the next item (first step) */
  OUTCOME_ACCEPTED,
  OUTCOME_REFUSED,
  OUTCOME_TRANSIENT,
} DeliveryOutcome;

typedef struct
{
  DeliveryOutcome  outcome;
  OutboxConn      *conn;
  FbOutboxItem    *item;      /* NEXT: the item found; others: the item sent */
  guint            status;
  GBytes          *answer;
  char            *message;   /* TRANSIENT: why */
  char            *owner_url; /* the user signed in: only their items go */
  char            *owner_name;
  /* results */
  gint64           pending;
  gboolean         shown_changed;
  GPtrArray       *keys;
  char            *code;      /* REFUSED: the server's code */
  char            *refusal;   /* REFUSED: why, in the user's language */
} DeliveryData;

static void
delivery_data_free (DeliveryData *data)
{
  g_clear_pointer (&data->conn, fb_sync_outbox_conn_release);
  g_clear_pointer (&data->item, fb_outbox_item_free);
  g_clear_pointer (&data->answer, g_bytes_unref);
  g_free (data->message);
  g_free (data->owner_url);
  g_free (data->owner_name);
  g_clear_pointer (&data->keys, g_ptr_array_unref);
  g_free (data->code);
  g_free (data->refusal);
  g_free (data);
}

/* A change as /sync carries it, checked like a page's: NULL if not one. */
static FbChange *
change_from_node (JsonNode *node)
{
  JsonObject *object;
  const FbEntitySpec *spec;
  const char *type, *id;
  JsonNode *data;
  gint64 version;
  g_autoptr(JsonNode) normalized = NULL;
  g_autofree char *text = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);
  type = fb_json_member_string (object, "type");
  id = fb_json_member_string (object, "id");
  data = json_object_get_member (object, "data");
  if (type == NULL || id == NULL || id[0] == '\0' ||
      !fb_json_member_int (object, "version", &version) || version <= 0 ||
      !(spec = fb_entity_spec_lookup (type)) || data == NULL ||
      !(normalized = fb_entity_normalize (spec, data, NULL)))
    return NULL;
  text = json_to_string (normalized, FALSE);
  return fb_change_new (type, id, version, FALSE, text);
}

/* The server's answer to a write as a JSON object (owned), or NULL. */
static JsonNode *
answer_root (GBytes *answer)
{
  gsize len;
  const char *text = answer ? g_bytes_get_data (answer, &len) : NULL;
  g_autoptr(JsonNode) root = text != NULL ? fb_json_parse (text, len, NULL, NULL) : NULL;

  return root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? g_steal_pointer (&root) : NULL;
}

static gboolean
settle_item (FbStore       *store,
             DeliveryData  *data,
             GError       **error)
{
  FbOutboxItem *item = data->item;
  g_autoptr(JsonNode) answer_node = answer_root (data->answer);
  g_autoptr(FbChange) change = NULL;
  JsonObject *root = answer_node ? json_node_get_object (answer_node) : NULL;

  if (data->outcome == OUTCOME_TRANSIENT)
    return fb_store_outbox_record_failure (store, item->id, data->message, error);

  if (data->outcome == OUTCOME_ACCEPTED)
    change = answer_node ? change_from_node (answer_node) : NULL;
  else
    {
      JsonNode *err = root ? json_object_get_member (root, "error") : NULL;
      JsonObject *err_object = err && JSON_NODE_HOLDS_OBJECT (err) ? json_node_get_object (err) : NULL;

      data->code = g_strdup (err_object ? fb_json_member_string (err_object, "code") : NULL);
      if (data->code == NULL)
        data->code = g_strdup_printf ("http_%u", data->status);
      /* Told by its code in the user's language: the server's message is English. */
      data->refusal = fb_refusal_describe_row (data->code,
                                               err_object ? fb_json_member_string (err_object, "field") : NULL,
                                               err_object ? fb_json_member_string (err_object, "message") : NULL,
                                               item->row_type);
      /* 409 carries the row as the server has it now. */
      if (root != NULL)
        change = change_from_node (json_object_get_member (root, "current"));
    }

  if (!fb_store_begin (store, error))
    return FALSE;
  /* The local change goes unless the server's row is that very row (then
   * the newer version replaces it below). */
  if (item->row_type != NULL &&
      (change == NULL || g_strcmp0 (change->type, item->row_type) != 0 ||
       g_strcmp0 (change->id, item->row_id) != 0 || data->outcome == OUTCOME_REFUSED))
    {
      if (!fb_store_restore_row (store, item->row_type, item->row_id, item->before_data,
                                 item->before_version, NULL, error))
        goto fail;
      g_ptr_array_add (data->keys, row_key (item->row_type, item->row_id));
    }
  if (change != NULL)
    {
      if (!fb_store_apply_change (store, change, NULL, error))
        goto fail;
      g_ptr_array_add (data->keys, row_key (change->type, change->id));
    }
  if (data->outcome == OUTCOME_ACCEPTED)
    {
      if (!fb_store_outbox_remove (store, item->id, error))
        goto fail;
    }
  else
    {
      gsize len = 0;
      const char *text = data->answer ? g_bytes_get_data (data->answer, &len) : NULL;
      g_autofree char *answer = text && g_utf8_validate (text, len, NULL)
                                ? g_strndup (text, len) : g_strdup (data->code);

      if (!fb_store_outbox_set_refused (store, item->id, answer, error))
        goto fail;
    }
  return fb_store_commit (store, error);

fail:
  fb_store_rollback (store);
  return FALSE;
}

/* Shows @owner's waiting writes in the cache, and hides everyone else's,
 * unless the cache has since started over for another user: a page
 * written on its own connection after this step was queued makes the
 * cache theirs, and theirs to show. */
static gboolean
show_own_writes (FbStore     *store,
                 const char  *owner_url,
                 const char  *owner_name,
                 gboolean    *changed,
                 GError     **error)
{
  g_autofree char *cache_url = fb_store_get_meta (store, "server_url");
  g_autofree char *cache_user = fb_store_get_meta (store, "username");

  g_assert (FB_IS_STORE (store));

  if (cache_user != NULL &&
      (g_strcmp0 (cache_url, owner_url) != 0 || g_strcmp0 (cache_user, owner_name) != 0))
    return TRUE;
  return fb_store_outbox_show_owner (store, owner_url, owner_name, FALSE, changed, error);
}

static void
delivery_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  DeliveryData *data = task_data;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&data->conn->lock);
  g_autoptr(GError) error = NULL;

  if (data->outcome == OUTCOME_NEXT)
    {
      g_autoptr(GPtrArray) items = NULL;
      FbStore *store = data->conn->store;

      /* Only the signed-in user's own writes go, with their session; the
       * cache shows theirs and nobody else's. */
      if ((data->owner_name != NULL &&
           (!fb_store_begin (store, &error) ||
            !show_own_writes (store, data->owner_url, data->owner_name, &data->shown_changed, &error) ||
            !fb_store_commit (store, &error))) ||
          !(items = fb_store_outbox_list_owned (store, data->owner_url, data->owner_name, &error)))
        {
          fb_store_rollback (store);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      for (guint i = 0; i < items->len; i++)
        {
          FbOutboxItem *item = g_ptr_array_index (items, i);

          if (item->refused == NULL)
            {
              data->item = g_ptr_array_steal_index (items, i);
              break;
            }
        }
    }
  else if (!settle_item (data->conn->store, data, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  data->pending = fb_store_outbox_count_owned (data->conn->store, data->owner_url, data->owner_name);
  g_task_return_boolean (task, TRUE);
}

static void run_delivery_step (FbSyncEngine    *self,
                               DeliveryOutcome  outcome,
                               FbOutboxItem    *item,
                               guint            status,
                               GBytes          *answer,
                               const char      *message);

static gboolean
flush_timer_cb (gpointer user_data)
{
  FbSyncEngine *self = user_data;

  self->flush_timer_id = 0;
  fb_sync_engine_flush_outbox (self);
  return G_SOURCE_REMOVE;
}

typedef struct
{
  FbSyncEngine *self;
  FbOutboxItem *item;
} SendData;

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  SendData *send = user_data;
  g_autoptr(FbSyncEngine) self = send->self;
  g_autoptr(FbOutboxItem) item = send->item;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  guint status;

  g_free (send);
  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (body == NULL)
    {
      run_delivery_step (self, OUTCOME_TRANSIENT, g_steal_pointer (&item), 0, NULL, error->message);
      return;
    }

  status = soup_message_get_status (msg);
  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      /* Signed out under us: sign in again; the login resumes delivery. */
      self->flushing = FALSE;
      g_clear_pointer (&self->token, g_free);
      if (!self->busy)
        fb_sync_engine_start_login (self, NULL);
      return;
    }
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    run_delivery_step (self, OUTCOME_ACCEPTED, g_steal_pointer (&item), status, body, NULL);
  else if (SOUP_STATUS_IS_CLIENT_ERROR (status) && status != 408 && status != 429)
    run_delivery_step (self, OUTCOME_REFUSED, g_steal_pointer (&item), status, body, NULL);
  else
    {
      g_autofree char *message = fb_sync_error_message_from_body (body, status, NULL);
      run_delivery_step (self, OUTCOME_TRANSIENT, g_steal_pointer (&item), status, NULL, message);
    }
}

static void
send_item (FbSyncEngine *self,
           FbOutboxItem *item)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *url = g_strconcat (self->server_url, item->path, NULL);
  g_autoptr(GBytes) bytes = g_bytes_new (item->body ? item->body : "", item->body ? strlen (item->body) : 0);
  SoupMessageHeaders *headers;
  SendData *send;

  msg = fb_sync_new_message (item->method, url, self->token);
  if (msg == NULL)
    {
      /* Not a request any server could take: refuse it here, keep it. */
      run_delivery_step (self, OUTCOME_REFUSED, item, 400, NULL, NULL);
      return;
    }
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Idempotency-Key", item->idempotency_key);
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);

  send = g_new0 (SendData, 1);
  send->self = g_object_ref (self);
  send->item = item;
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT,
                                    self->cancellable, sent_cb, send);
}

static void
delivery_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(FbSyncEngine) self = fb_sync_engine_weak_take (user_data);
  DeliveryData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) || self == NULL)
    {
      if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("Cannot work on the outbox: %s", error->message);
      self->flushing = FALSE;
      return;
    }

  fb_sync_engine_set_pending_writes (self, data->pending);
  emit_changed_keys (self, data->keys);
  /* Another user's local changes left the cache, or this one's came back. */
  if (data->shown_changed)
    fb_sync_engine_emit_changed (self, NULL);

  switch (data->outcome)
    {
    case OUTCOME_NEXT:
      /* Signed in as someone else since: theirs waits for them. */
      if (data->item == NULL || self->token == NULL || self->server_url == NULL ||
          g_strcmp0 (data->item->owner_url, self->server_url) != 0 ||
          g_strcmp0 (data->item->owner_name, self->username) != 0)
        {
          self->flushing = FALSE;
          return;
        }
      send_item (self, g_steal_pointer (&data->item));
      return;

    case OUTCOME_REFUSED:
      fb_sync_engine_emit_write_refused (self, data->item->row_type, data->item->row_id,
                                         data->code, data->refusal);
      G_GNUC_FALLTHROUGH;
    case OUTCOME_ACCEPTED:
      /* A write of no single row (a whole seat plan) answers with no
       * /sync change to apply: the rows it made come with a pull. */
      if (data->outcome == OUTCOME_ACCEPTED && data->item->row_type == NULL)
        {
          if (self->busy)
            self->pull_pending = TRUE;
          else if (self->server_url != NULL)
            fb_sync_engine_request_page (self);
        }
      self->flush_failures = 0;
      run_delivery_step (self, OUTCOME_NEXT, NULL, 0, NULL, NULL);
      return;

    case OUTCOME_TRANSIENT:
    default:
      /* In order, or not at all: the next waits for this one. */
      self->flushing = FALSE;
      self->flush_failures++;
      g_clear_handle_id (&self->flush_timer_id, g_source_remove);
      self->flush_timer_id = g_timeout_add (fb_sync_engine_backoff_delay (self, self->flush_failures),
                                            flush_timer_cb, self);
      return;
    }
}

static void
run_delivery_step (FbSyncEngine    *self,
                   DeliveryOutcome  outcome,
                   FbOutboxItem    *item,
                   guint            status,
                   GBytes          *answer,
                   const char      *message)
{
  /* No source object, only a weak reference to come back to: see OutboxConn. */
  g_autoptr(GTask) task = g_task_new (NULL, self->cancellable, delivery_done, fb_sync_engine_weak_new (self));
  DeliveryData *data = g_new0 (DeliveryData, 1);

  data->conn = g_atomic_rc_box_acquire (self->outbox);
  data->outcome = outcome;
  data->item = item;
  data->status = status;
  data->answer = answer ? g_bytes_ref (answer) : NULL;
  data->message = g_strdup (message);
  data->owner_url = g_strdup (self->server_url);
  data->owner_name = g_strdup (self->username);
  data->keys = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, data, (GDestroyNotify) delivery_data_free);
  g_task_run_in_thread (task, delivery_thread);
}

/* Delivers the outbox in order, one request at a time. */
void
fb_sync_engine_flush_outbox (FbSyncEngine *self)
{
  g_assert (FB_IS_SYNC_ENGINE (self));

  if (self->flushing || self->token == NULL || self->server_url == NULL || self->username == NULL)
    return;
  g_clear_handle_id (&self->flush_timer_id, g_source_remove);
  self->flushing = TRUE;
  run_delivery_step (self, OUTCOME_NEXT, NULL, 0, NULL, NULL);
}
