/* fb-sync-engine.c */
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "fb-entity.h"
#include "fb-json-guard.h"
#include "fb-keyring.h"
#include "fb-memory.h"
#include "fb-refusal.h"
#include "fb-store.h"
#include "fb-sync-engine.h"
#include "fb-sync-engine-private.h"

#define RETRY_MAX_MS (60 * 1000)
/* A sync run over more rows than this gives its memory back at the end. */
#define RELEASE_AFTER_ROWS 2000

/* The outbox's own connection and its lock, shared with worker tasks by
 * reference: outbox tasks hold this, never the engine, so the engine's
 * last reference is never dropped on a worker thread (its dispose closes
 * the live socket, which must happen on the main thread). */
typedef struct _OutboxConn
{
  GMutex   lock;
  FbStore *store;
} OutboxConn;

static void
outbox_conn_clear (gpointer data)
{
  OutboxConn *conn = data;

  g_clear_object (&conn->store);
  g_mutex_clear (&conn->lock);
}

static void
outbox_conn_release (OutboxConn *conn)
{
  g_atomic_rc_box_release_full (conn, outbox_conn_clear);
}

struct _FbSyncEngine
{
  GObject       parent_instance;

  SoupSession  *session;
  GCancellable *cancellable;
  FbStore      *store;        /* written on worker threads, one task at a time */
  /* The outbox has its own connection, so a write made while a page is
   * being stored waits in SQLite, not in the UI; outbox tasks take the lock. */
  struct _OutboxConn *outbox;
  gboolean      flushing;
  guint         flush_failures;
  guint         flush_timer_id;
  guint         pending_writes;

  char         *server_url;
  char         *username;
  char         *password;     /* in memory only, to sign in again on 401 */
  gboolean      keep_sessions; /* in the Secret Service, see fb-keyring.h */
  GCancellable *keyring_cancellable;
  char         *token;
  char         *role;
  char         *user_id;
  char         *server_id;

  FbSyncState   state;
  double        progress;
  gint64        last_sync;
  gint64        offline_since;
  char         *message;

  gint64        cursor;
  gint64        first_since;  /* cursor when this catch-up began */
  gboolean      reset_pending;
  gboolean      busy;         /* a request or page write is under way */

  guint         poll_interval;
  guint         retry_base_ms;
  guint         page_size;
  guint         failures;
  guint         timer_id;

  /* Live push: /api/v1/live tells us when to pull; polling is the fallback. */
  SoupWebsocketConnection *live;
  gboolean      live_connecting;
  guint         live_failures;
  guint         live_timer_id;
  gboolean      pull_pending;
};

G_DEFINE_FINAL_TYPE (FbSyncEngine, fb_sync_engine, G_TYPE_OBJECT)
G_DEFINE_QUARK (fb-sync-error-quark, fb_sync_error)

enum {
  PROP_0,
  PROP_STATE,
  PROP_PROGRESS,
  PROP_LAST_SYNC,
  PROP_OFFLINE_SINCE,
  PROP_MESSAGE,
  PROP_SERVER_URL,
  PROP_USERNAME,
  PROP_LIVE,
  PROP_PENDING_WRITES,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

enum { CHANGED, WRITE_REFUSED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void schedule           (FbSyncEngine *self,
                                guint         delay_ms);
static void connect_live       (FbSyncEngine *self);
static void drop_live          (FbSyncEngine *self);
static void request_page       (FbSyncEngine *self);
static void start_login        (FbSyncEngine *self,
                                GTask        *task);
static void flush_outbox       (FbSyncEngine *self);
static void set_pending_writes (FbSyncEngine *self,
                                gint64        pending);

GType
fb_sync_state_get_type (void)
{
  static gsize type_id;
  static const GEnumValue values[] = {
    { FB_SYNC_STATE_SIGNED_OUT, "FB_SYNC_STATE_SIGNED_OUT", "signed-out" },
    { FB_SYNC_STATE_CONNECTING, "FB_SYNC_STATE_CONNECTING", "connecting" },
    { FB_SYNC_STATE_SYNCING, "FB_SYNC_STATE_SYNCING", "syncing" },
    { FB_SYNC_STATE_ONLINE, "FB_SYNC_STATE_ONLINE", "online" },
    { FB_SYNC_STATE_OFFLINE, "FB_SYNC_STATE_OFFLINE", "offline" },
    { FB_SYNC_STATE_ERROR, "FB_SYNC_STATE_ERROR", "error" },
    { 0, NULL, NULL }
  };

  if (g_once_init_enter (&type_id))
    g_once_init_leave (&type_id, g_enum_register_static (g_intern_static_string ("FbSyncState"), values));
  return type_id;
}

static GWeakRef *
engine_weak_new (FbSyncEngine *self)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, self);
  return ref;
}

/* The engine if it is still alive (a strong reference), and frees @ref. */
static FbSyncEngine *
engine_weak_take (GWeakRef *ref)
{
  FbSyncEngine *self = g_weak_ref_get (ref);

  g_weak_ref_clear (ref);
  g_free (ref);
  return self;
}

static gint64
now_s (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
set_state (FbSyncEngine *self,
           FbSyncState   state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_progress (FbSyncEngine *self,
              double        progress)
{
  progress = CLAMP (progress, 0.0, 1.0);
  if (self->progress == progress)
    return;
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static void
set_message (FbSyncEngine *self,
             const char   *message)
{
  if (g_strcmp0 (self->message, message) == 0)
    return;
  g_free (self->message);
  self->message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

static void
set_offline_since (FbSyncEngine *self,
                   gint64        when)
{
  if (self->offline_since == when)
    return;
  self->offline_since = when;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE_SINCE]);
}

static void
set_last_sync (FbSyncEngine *self,
               gint64        when)
{
  if (self->last_sync == when)
    return;
  self->last_sync = when;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNC]);
}

static void
clear_timer (FbSyncEngine *self)
{
  g_clear_handle_id (&self->timer_id, g_source_remove);
}

/* Any successful exchange: the server is reachable again. */
static void
mark_reachable (FbSyncEngine *self)
{
  self->failures = 0;
  set_offline_since (self, 0);
  set_message (self, NULL);
}

/* Exponential backoff from the retry base, capped at a minute, with
 * jitter so a floor of dashboards does not retry in step. */
static guint
backoff_delay (FbSyncEngine *self,
               guint         failures)
{
  guint64 delay = self->retry_base_ms;

  for (guint i = 1; i < failures && delay < RETRY_MAX_MS; i++)
    delay *= 2;
  delay = MIN (delay, RETRY_MAX_MS);
  return (guint) (delay / 2 + g_random_int_range (0, (gint32) MAX (delay / 2, 1)));
}

static guint
retry_delay (FbSyncEngine *self)
{
  return backoff_delay (self, self->failures);
}

/* The network failed: keep the cache, say so, try again later. */
static void
go_offline (FbSyncEngine *self,
            const char   *message)
{
  self->failures++;
  if (self->offline_since == 0)
    set_offline_since (self, now_s ());
  set_message (self, message);
  set_state (self, FB_SYNC_STATE_OFFLINE);
  schedule (self, retry_delay (self));
}

/* The server answered but not as it should: retry too, more slowly. */
static void
go_error (FbSyncEngine *self,
          const char   *message)
{
  self->failures++;
  set_message (self, message);
  set_state (self, FB_SYNC_STATE_ERROR);
  schedule (self, retry_delay (self));
}

static gboolean
timer_cb (gpointer data)
{
  FbSyncEngine *self = data;

  self->timer_id = 0;
  if (self->token == NULL)
    start_login (self, NULL);
  else
    request_page (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (FbSyncEngine *self,
          guint         delay_ms)
{
  clear_timer (self);
  self->timer_id = g_timeout_add_full (G_PRIORITY_DEFAULT, delay_ms, timer_cb, self, NULL);
}

static char *
normalize_url (const char  *url,
               GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  g_autofree char *trimmed = g_strstrip (g_strdup (url ? url : ""));
  gsize len = strlen (trimmed);

  while (len > 0 && trimmed[len - 1] == '/')
    trimmed[--len] = '\0';

  uri = g_uri_parse (trimmed, G_URI_FLAGS_NONE, NULL);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || scheme == NULL ||
      (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0) ||
      g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0' ||
      g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, FB_SYNC_ERROR, FB_SYNC_ERROR_INVALID_URL,
                   _("“%s” is not a server address; enter one like http://192.0.2.10:8080"), url);
      return NULL;
    }
  return g_steal_pointer (&trimmed);
}

/* What an error answer says, in the user's language (fb-refusal.c): the
 * server's code told in words; @fallback (or the status told in words)
 * when the body carries no refusal. */
static char *
error_message_from_body (GBytes     *body,
                         guint       status,
                         const char *fallback)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *code = NULL;
  gsize len;
  const char *data = body ? g_bytes_get_data (body, &len) : NULL;
  char *message;

  /* Through the guard: an error body from a hostile server is read too. */
  if (data != NULL && (root = fb_json_parse (data, len, NULL, NULL)) &&
      (message = fb_refusal_from_answer (root, status)))
    return message;
  if (fallback != NULL)
    return g_strdup (fallback);
  code = g_strdup_printf ("http_%u", status);
  return fb_refusal_describe (code, NULL, soup_status_get_phrase (status));
}

/* ---- sign in ---------------------------------------------------------- */

/* The session the server confirmed: who we are, and on which database. */
static void
take_session (FbSyncEngine *self,
              const char   *token,
              const char   *server_id,
              FbUser       *user)
{
  if (self->token != token)
    {
      g_free (self->token);
      self->token = g_strdup (token);
    }
  g_free (self->role);
  self->role = g_strdup (fb_role_values[user->role]);
  g_free (self->user_id);
  self->user_id = g_strdup (user->id);

  /* Another database behind the same address: start over from zero, but
   * only replace the cache once the first page has arrived. */
  if (self->server_id != NULL && g_strcmp0 (self->server_id, server_id) != 0)
    {
      self->reset_pending = TRUE;
      self->cursor = 0;
    }
  g_free (self->server_id);
  self->server_id = g_strdup (server_id);

  mark_reachable (self);
  set_last_sync (self, now_s ());
}

static void
start_session (FbSyncEngine *self)
{
  self->first_since = self->cursor;
  set_state (self, FB_SYNC_STATE_SYNCING);
  request_page (self);
  /* Writes made while signed out or offline go now, in order. */
  flush_outbox (self);
}

static void
kept_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* No Secret Service: the session lasts as long as the app, no longer,
   * and is never written anywhere else. */
  if (!fb_keyring_store_finish (result, &error) && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("The session is not kept for the next start: %s", error->message);
}

/* Into the Secret Service, for the next start to go on without a password. */
static void
keep_session (FbSyncEngine *self)
{
  FbKeptSession session = { self->token, self->user_id, self->role, self->server_id };

  if (!self->keep_sessions || self->token == NULL)
    return;
  fb_keyring_store_async (self->server_url, self->username, &session, self->keyring_cancellable,
                          kept_cb, NULL);
}

static void
forgotten_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!fb_keyring_clear_finish (result, &error) && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("The kept session could not be removed: %s", error->message);
}

/* A token that no longer works, or a sign-out: nothing kept to go on with. */
static void
forget_session (FbSyncEngine *self)
{
  if (!self->keep_sessions || self->server_url == NULL || self->username == NULL)
    return;
  fb_keyring_clear_async (self->server_url, self->username, NULL, forgotten_cb, NULL);
}

/* An untrusted certificate is not an outage: retrying will not help, and
 * going on without checking it is never done. TRUE if @error was one. */
static gboolean
fail_untrusted (FbSyncEngine *self,
                GTask        *task,
                const GError *error)
{
  g_autofree char *message = NULL;

  if (error->domain != G_TLS_ERROR)
    return FALSE;
  message = g_strdup_printf (_("The certificate of %s is not trusted (%s). If the server uses a certificate "
                               "authority of its own, choose its file in Preferences."),
                             self->server_url, error->message);
  g_task_return_new_error (task, FB_SYNC_ERROR, FB_SYNC_ERROR_TLS, "%s", message);
  go_error (self, message);
  return TRUE;
}

/* A session's answer (sign-in's or a kept session's check): who, on which
 * database, and the token when @token asks for one. NULL, the task
 * answered and the engine in error, if it is not one. */
static FbUser *
parse_session (FbSyncEngine  *self,
               GTask         *task,
               GBytes        *body,
               char         **server_id,
               char         **token)
{
  g_autoptr(JsonNode) root = NULL;
  FbUser *user = NULL;
  JsonObject *object = NULL;
  JsonNode *user_node;
  const char *id = NULL, *token_text = NULL;

  if ((root = fb_json_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL, NULL)) &&
      JSON_NODE_HOLDS_OBJECT (root))
    object = json_node_get_object (root);
  if (object == NULL ||
      !(id = fb_json_member_string (object, "server_id")) ||
      (token != NULL && !(token_text = fb_json_member_string (object, "token"))) ||
      !(user_node = json_object_get_member (object, "user")) ||
      !(user = fb_user_from_json (user_node, NULL)))
    {
      g_task_return_new_error (task, FB_SYNC_ERROR, FB_SYNC_ERROR_PROTOCOL,
                               _("%s did not answer like a Floorboard server"), self->server_url);
      go_error (self, _("The server’s answer was not understood"));
      return NULL;
    }
  *server_id = g_strdup (id);
  if (token != NULL)
    *token = g_strdup (token_text);
  return user;
}

static void
login_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;     /* may hold NULL task: see start_login */
  FbSyncEngine *self = g_task_get_source_object (task);
  SoupMessage *msg = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(FbUser) user = NULL;
  g_autofree char *token = NULL;
  g_autofree char *server_id = NULL;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      self->busy = FALSE;
      if (fail_untrusted (self, task, error))
        return;
      g_task_return_new_error (task, FB_SYNC_ERROR, FB_SYNC_ERROR_NETWORK,
                               _("Cannot reach %s: %s"), self->server_url, error->message);
      go_offline (self, _("The server cannot be reached"));
      return;
    }

  self->busy = FALSE;
  status = soup_message_get_status (msg);
  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_BAD_REQUEST)
    {
      g_autofree char *message = error_message_from_body (body, status, _("Wrong user name or password"));

      /* Credentials that stopped working are not retried in a loop. */
      g_clear_pointer (&self->password, g_free);
      forget_session (self);
      set_message (self, message);
      set_state (self, FB_SYNC_STATE_SIGNED_OUT);
      g_task_return_new_error (task, FB_SYNC_ERROR, FB_SYNC_ERROR_BAD_CREDENTIALS, "%s", message);
      return;
    }
  if (status != SOUP_STATUS_OK)
    {
      g_autofree char *message = error_message_from_body (body, status, NULL);
      g_task_return_new_error (task, FB_SYNC_ERROR, FB_SYNC_ERROR_SERVER,
                               _("The server refused to sign in: %s"), message);
      go_error (self, message);
      return;
    }

  if (!(user = parse_session (self, task, body, &server_id, &token)))
    return;
  take_session (self, token, server_id, user);
  keep_session (self);
  g_task_return_boolean (task, TRUE);
  start_session (self);
}

static void
start_login (FbSyncEngine *self,
             GTask        *task)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *url = g_strdup_printf ("%s/api/v1/session", self->server_url);
  g_autofree char *text = NULL;

  /* Retries from the timer have no caller waiting: use a task of our own. */
  if (task == NULL)
    task = g_task_new (self, self->cancellable, NULL, NULL);
  else
    g_object_ref (task);

  if (self->password == NULL)
    {
      /* Here after a 401: the kept token is no good either. */
      forget_session (self);
      set_state (self, FB_SYNC_STATE_SIGNED_OUT);
      g_task_return_new_error (task, FB_SYNC_ERROR, FB_SYNC_ERROR_BAD_CREDENTIALS,
                               _("Sign in again to continue"));
      g_object_unref (task);
      return;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "username");
  json_builder_add_string_value (b, self->username);
  json_builder_set_member_name (b, "password");
  json_builder_add_string_value (b, self->password);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  text = json_to_string (root, FALSE);
  bytes = g_bytes_new (text, strlen (text));

  msg = soup_message_new (SOUP_METHOD_POST, url);
  if (msg == NULL)
    {
      g_task_return_new_error (task, FB_SYNC_ERROR, FB_SYNC_ERROR_INVALID_URL,
                               _("“%s” is not a server address"), self->server_url);
      g_object_unref (task);
      return;
    }
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  g_task_set_task_data (task, g_object_ref (msg), g_object_unref);

  self->busy = TRUE;
  if (self->state != FB_SYNC_STATE_OFFLINE && self->state != FB_SYNC_STATE_ERROR)
    set_state (self, FB_SYNC_STATE_CONNECTING);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT,
                                    self->cancellable, login_cb, task);
}

void
fb_sync_engine_login_async (FbSyncEngine        *self,
                            const char          *server_url,
                            const char          *username,
                            const char          *password,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  g_return_if_fail (FB_IS_SYNC_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_sync_engine_login_async);

  if (!(url = normalize_url (server_url, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (username == NULL || username[0] == '\0' || password == NULL || password[0] == '\0')
    {
      g_task_return_new_error (task, FB_SYNC_ERROR, FB_SYNC_ERROR_BAD_CREDENTIALS,
                               _("Enter a user name and a password"));
      return;
    }

  fb_sync_engine_stop (self);

  /* A different server or user: the cache starts over (never the outbox:
   * each write is its own user's, delivered only in their session). */
  if (self->server_url != NULL &&
      (g_strcmp0 (self->server_url, url) != 0 || g_strcmp0 (self->username, username) != 0))
    {
      self->reset_pending = TRUE;
      self->cursor = 0;
      /* The count shown is the signed-in user's own, and the last
       * user's waiting writes are not: the first delivery pass counts
       * this user's. */
      set_pending_writes (self, 0);
    }

  g_free (self->server_url);
  self->server_url = g_steal_pointer (&url);
  g_free (self->username);
  self->username = g_strdup (username);
  g_free (self->password);
  self->password = g_strdup (password);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_URL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USERNAME]);

  start_login (self, task);
}

gboolean
fb_sync_engine_login_finish (FbSyncEngine  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (FB_IS_SYNC_ENGINE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- a kept session ------------------------------------------------------ */

void
fb_sync_engine_set_keep_sessions (FbSyncEngine *self,
                                  gboolean      keep)
{
  g_return_if_fail (FB_IS_SYNC_ENGINE (self));
  self->keep_sessions = !!keep;
}

static void
session_checked_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FbSyncEngine *self = g_task_get_source_object (task);
  SoupMessage *msg = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(FbUser) user = NULL;
  g_autofree char *server_id = NULL;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  self->busy = FALSE;
  if (body == NULL)
    {
      if (fail_untrusted (self, task, error))
        return;
      /* Unreachable: the session is still ours; the cache is shown and
       * the retries go on with the token. */
      go_offline (self, _("The server cannot be reached"));
      g_task_return_boolean (task, TRUE);
      flush_outbox (self);
      return;
    }

  status = soup_message_get_status (msg);
  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      g_autofree char *message = g_strdup (_("The session has ended; sign in again"));

      g_clear_pointer (&self->token, g_free);
      forget_session (self);
      set_message (self, message);
      set_state (self, FB_SYNC_STATE_SIGNED_OUT);
      g_task_return_new_error (task, FB_SYNC_ERROR, FB_SYNC_ERROR_BAD_CREDENTIALS, "%s", message);
      return;
    }
  if (status != SOUP_STATUS_OK)
    {
      g_autofree char *message = error_message_from_body (body, status, NULL);

      go_error (self, message);
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (!(user = parse_session (self, task, body, &server_id, NULL)))
    return;
  take_session (self, self->token, server_id, user);
  g_task_return_boolean (task, TRUE);
  start_session (self);
}

static void
session_found_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FbSyncEngine *self = g_task_get_source_object (task);
  g_autoptr(FbKeptSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *url = NULL;
  g_autofree char *auth = NULL;
  const char *server_url = g_object_get_data (G_OBJECT (task), "server-url");
  const char *username = g_object_get_data (G_OBJECT (task), "username");

  session = fb_keyring_lookup_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (session == NULL || g_task_return_error_if_cancelled (task))
    {
      if (!g_task_had_error (task))
        g_task_return_boolean (task, FALSE);
      return;
    }

  fb_sync_engine_stop (self);
  if (self->server_url != NULL &&
      (g_strcmp0 (self->server_url, server_url) != 0 || g_strcmp0 (self->username, username) != 0))
    {
      self->reset_pending = TRUE;
      self->cursor = 0;
      /* The count shown is the signed-in user's own, and the last
       * user's waiting writes are not: the first delivery pass counts
       * this user's. */
      set_pending_writes (self, 0);
    }
  g_free (self->server_url);
  self->server_url = g_strdup (server_url);
  g_free (self->username);
  self->username = g_strdup (username);
  g_clear_pointer (&self->password, g_free);
  self->token = g_steal_pointer (&session->token);
  /* Who we were, until the server says who we are: the pages show the
   * floor for this role while offline. */
  g_free (self->role);
  self->role = g_steal_pointer (&session->role);
  g_free (self->user_id);
  self->user_id = g_steal_pointer (&session->user_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_URL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USERNAME]);

  url = g_strdup_printf ("%s/api/v1/session", self->server_url);
  msg = soup_message_new (SOUP_METHOD_GET, url);
  auth = g_strdup_printf ("Bearer %s", self->token);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  g_task_set_task_data (task, g_object_ref (msg), g_object_unref);
  self->busy = TRUE;
  set_state (self, FB_SYNC_STATE_CONNECTING);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, self->cancellable,
                                    session_checked_cb, g_steal_pointer (&task));
}

/**
 * fb_sync_engine_restore_session_async:
 *
 * Goes on with the session kept in the Secret Service for @server_url and
 * @username, if there is one (see fb_sync_engine_set_keep_sessions()):
 * the server is asked whether it still holds; unreachable, the engine works
 * offline with it and retries. The result is %TRUE if the engine goes on
 * with a kept session, %FALSE (no error) if none is kept; an error if the
 * Secret Service cannot be asked or the session has ended.
 */
void
fb_sync_engine_restore_session_async (FbSyncEngine        *self,
                                      const char          *server_url,
                                      const char          *username,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  g_return_if_fail (FB_IS_SYNC_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_sync_engine_restore_session_async);
  if (!self->keep_sessions || username == NULL || username[0] == '\0' ||
      server_url == NULL || server_url[0] == '\0')
    {
      g_task_return_boolean (task, FALSE);
      return;
    }
  if (!(url = normalize_url (server_url, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_object_set_data_full (G_OBJECT (task), "server-url", g_strdup (url), g_free);
  g_object_set_data_full (G_OBJECT (task), "username", g_strdup (username), g_free);
  fb_keyring_lookup_async (url, username, cancellable, session_found_cb, g_steal_pointer (&task));
}

gboolean
fb_sync_engine_restore_session_finish (FbSyncEngine  *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (FB_IS_SYNC_ENGINE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- pages ------------------------------------------------------------- */

typedef struct
{
  FbStore    *store;
  GBytes     *body;
  gboolean    reset;
  char       *server_id;
  char       *server_url;
  char       *username;
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
  g_clear_pointer (&data->applied, g_ptr_array_unref);
  g_free (data);
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
                    GError     **error)
{
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

  return fb_sync_parse_page (text, len, data->server_id, &data->cursor, &data->head, &data->more, error);
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
  if (!fb_store_set_meta_int (data->store, "cursor", data->cursor, &error) ||
      !fb_store_set_meta_int (data->store, "last_sync_at", now_s (), &error) ||
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
  g_autoptr(FbSyncEngine) self = engine_weak_take (user_data);
  PageData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) || self == NULL)
    {
      if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->busy = FALSE;
      g_debug ("Sync page refused: %s", error->message);
      go_error (self, error->message);
      return;
    }

  self->busy = FALSE;
  if (data->reset)
    self->reset_pending = FALSE;
  self->cursor = data->cursor;
  set_last_sync (self, now_s ());

  if (data->head > self->first_since)
    set_progress (self, (double) (self->cursor - self->first_since) / (data->head - self->first_since));

  if (data->n_applied > 0)
    {
      g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();
      g_auto(GStrv) strv = NULL;

      /* A reset replaced everything: no list of keys, reload it all. */
      if (!data->reset)
        for (guint i = 0; i < data->applied->len; i++)
          g_strv_builder_add (keys, g_ptr_array_index (data->applied, i));
      strv = data->reset ? NULL : g_strv_builder_end (keys);
      g_signal_emit (self, signals[CHANGED], 0, strv);
    }

  /* Reachable again after an outage: deliver what waited. */
  if (self->pending_writes > 0 && !self->flushing && self->flush_timer_id == 0)
    flush_outbox (self);

  if (data->more)
    {
      set_state (self, FB_SYNC_STATE_SYNCING);
      request_page (self);
      return;
    }

  set_progress (self, 1.0);
  set_state (self, FB_SYNC_STATE_ONLINE);
  /* A sync of many pages (the first, a reset) leaves its buffers freed
   * but resident; a live update of a few rows does not. */
  if (data->head - self->first_since > RELEASE_AFTER_ROWS)
    fb_memory_release ();
  self->first_since = self->cursor;

  /* A change announced while this pull ran: pull again. */
  if (self->pull_pending)
    {
      self->pull_pending = FALSE;
      request_page (self);
      return;
    }
  if (self->live == NULL && !self->live_connecting && self->live_timer_id == 0)
    connect_live (self);
  /* While the socket is open it says when to pull; otherwise poll. */
  if (self->live == NULL)
    schedule (self, self->poll_interval * 1000);
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
      go_offline (self, _("The server cannot be reached"));
      return;
    }

  mark_reachable (self);
  status = soup_message_get_status (msg);
  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      /* The session expired: sign in again with what the user gave us. */
      self->busy = FALSE;
      g_clear_pointer (&self->token, g_free);
      start_login (self, NULL);
      return;
    }
  if (status != SOUP_STATUS_OK)
    {
      g_autofree char *message = error_message_from_body (body, status, NULL);
      self->busy = FALSE;
      go_error (self, message);
      return;
    }

  data = g_new0 (PageData, 1);
  data->store = g_object_ref (self->store);
  data->body = g_steal_pointer (&body);
  data->reset = self->reset_pending;
  data->server_id = g_strdup (self->server_id);
  data->server_url = g_strdup (self->server_url);
  data->username = g_strdup (self->username);
  data->applied = g_ptr_array_new_with_free_func (g_free);

  /* Parsing and writing a page stay off the UI thread. */
  /* No source object: the engine's last reference must not go on a worker
   * thread (see OutboxConn). */
  task = g_task_new (NULL, self->cancellable, page_written_cb, engine_weak_new (self));
  g_task_set_source_tag (task, page_received_cb);
  g_task_set_task_data (task, data, (GDestroyNotify) page_data_free);
  g_task_run_in_thread (task, write_page_thread);
}

static void
request_page (FbSyncEngine *self)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *url = NULL;
  g_autofree char *auth = NULL;

  g_assert (FB_IS_SYNC_ENGINE (self));

  clear_timer (self);
  if (self->busy)
    return;
  if (self->token == NULL)
    {
      start_login (self, NULL);
      return;
    }

  url = g_strdup_printf ("%s/api/v1/sync?since=%" G_GINT64_FORMAT "&limit=%u",
                         self->server_url, self->cursor, self->page_size);
  msg = soup_message_new (SOUP_METHOD_GET, url);
  auth = g_strdup_printf ("Bearer %s", self->token);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);

  self->busy = TRUE;
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT,
                                    self->cancellable, page_received_cb, g_object_ref (self));
}


/* ---- live socket --------------------------------------------------------- */

static gboolean
live_timer_cb (gpointer data)
{
  FbSyncEngine *self = data;

  self->live_timer_id = 0;
  connect_live (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_live (FbSyncEngine *self)
{
  g_clear_handle_id (&self->live_timer_id, g_source_remove);
  self->live_failures++;
  self->live_timer_id = g_timeout_add (backoff_delay (self, self->live_failures), live_timer_cb, self);
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
    request_page (self);
}

static void
live_closed_cb (SoupWebsocketConnection *conn,
                FbSyncEngine            *self)
{
  drop_live (self);
  if (self->token == NULL)
    return;
  /* Fall back to polling at once, and try the socket again later. */
  schedule_live (self);
  if (!self->busy)
    schedule (self, self->poll_interval * 1000);
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
    clear_timer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIVE]);
}

static void
connect_live (FbSyncEngine *self)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *url = NULL;
  g_autofree char *auth = NULL;

  if (self->token == NULL || self->live != NULL || self->live_connecting)
    return;

  url = g_strdup_printf ("%s/api/v1/live", self->server_url);
  msg = soup_message_new (SOUP_METHOD_GET, url);
  if (msg == NULL)
    return;
  auth = g_strdup_printf ("Bearer %s", self->token);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  self->live_connecting = TRUE;
  soup_session_websocket_connect_async (self->session, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        self->cancellable, live_connected_cb, g_object_ref (self));
}

static void
drop_live (FbSyncEngine *self)
{
  g_clear_handle_id (&self->live_timer_id, g_source_remove);
  self->live_connecting = FALSE;
  if (self->live == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->live, self);
  if (soup_websocket_connection_get_state (self->live) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (self->live, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&self->live);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIVE]);
}

gboolean
fb_sync_engine_get_live (FbSyncEngine *self)
{
  g_return_val_if_fail (FB_IS_SYNC_ENGINE (self), FALSE);
  return self->live != NULL;
}

void
fb_sync_engine_sync_now (FbSyncEngine *self)
{
  g_return_if_fail (FB_IS_SYNC_ENGINE (self));

  if (self->server_url == NULL || self->busy)
    return;
  request_page (self);
}

void
fb_sync_engine_stop (FbSyncEngine *self)
{
  g_return_if_fail (FB_IS_SYNC_ENGINE (self));

  clear_timer (self);
  drop_live (self);
  self->live_failures = 0;
  self->pull_pending = FALSE;
  self->flushing = FALSE;
  g_clear_handle_id (&self->flush_timer_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->busy = FALSE;
  g_clear_pointer (&self->token, g_free);
  set_state (self, FB_SYNC_STATE_SIGNED_OUT);
}

/* ---- sign out ------------------------------------------------------------ */

static void
signed_out_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupMessage *msg = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  if (!(body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error)))
    {
      g_task_return_new_error (task, FB_SYNC_ERROR, FB_SYNC_ERROR_NETWORK,
                               _("Signed out here, but the server could not be told (%s): "
                                 "the session ends by itself when it expires"), error->message);
      return;
    }
  status = soup_message_get_status (msg);
  /* 401: the session had already ended. */
  if (status == SOUP_STATUS_NO_CONTENT || status == SOUP_STATUS_UNAUTHORIZED)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_new_error (task, FB_SYNC_ERROR, FB_SYNC_ERROR_SERVER,
                             _("Signed out here, but the server answered %u: "
                               "the session ends by itself when it expires"), status);
}

/**
 * fb_sync_engine_sign_out_async:
 *
 * Ends the session: here at once (no token, no password kept, nothing
 * polled or pushed; the cache stays for reading), and on the server, which
 * revokes the token. The result says whether the server was told.
 */
void
fb_sync_engine_sign_out_async (FbSyncEngine        *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *token = NULL;
  g_autofree char *auth = NULL;
  g_autofree char *url = NULL;
  SoupMessage *msg;

  g_return_if_fail (FB_IS_SYNC_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_sync_engine_sign_out_async);
  forget_session (self);
  token = g_steal_pointer (&self->token);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_clear_pointer (&self->password, g_free);
  fb_sync_engine_stop (self);
  if (token == NULL || self->server_url == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  url = g_strdup_printf ("%s/api/v1/session", self->server_url);
  msg = soup_message_new (SOUP_METHOD_DELETE, url);
  auth = g_strdup_printf ("Bearer %s", token);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  g_task_set_task_data (task, msg, g_object_unref);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    signed_out_cb, g_object_ref (task));
}

gboolean
fb_sync_engine_sign_out_finish (FbSyncEngine  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (FB_IS_SYNC_ENGINE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- object ------------------------------------------------------------ */

static void
fb_sync_engine_dispose (GObject *object)
{
  FbSyncEngine *self = (FbSyncEngine *)object;

  clear_timer (self);
  drop_live (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->keyring_cancellable);
  g_clear_object (&self->keyring_cancellable);
  g_clear_handle_id (&self->flush_timer_id, g_source_remove);
  g_clear_object (&self->session);
  g_clear_object (&self->store);
  g_clear_pointer (&self->outbox, outbox_conn_release);

  G_OBJECT_CLASS (fb_sync_engine_parent_class)->dispose (object);
}

static void
fb_sync_engine_finalize (GObject *object)
{
  FbSyncEngine *self = (FbSyncEngine *)object;

  g_free (self->server_url);
  g_free (self->username);
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  g_free (self->token);
  g_free (self->role);
  g_free (self->user_id);
  g_free (self->server_id);
  g_free (self->message);

  G_OBJECT_CLASS (fb_sync_engine_parent_class)->finalize (object);
}

static void
fb_sync_engine_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FbSyncEngine *self = FB_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_LAST_SYNC:
      g_value_set_int64 (value, self->last_sync);
      break;
    case PROP_OFFLINE_SINCE:
      g_value_set_int64 (value, self->offline_since);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;
    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;
    case PROP_LIVE:
      g_value_set_boolean (value, self->live != NULL);
      break;
    case PROP_PENDING_WRITES:
      g_value_set_uint (value, self->pending_writes);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_sync_engine_class_init (FbSyncEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = fb_sync_engine_dispose;
  object_class->finalize = fb_sync_engine_finalize;
  object_class->get_property = fb_sync_engine_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, FB_TYPE_SYNC_STATE, FB_SYNC_STATE_SIGNED_OUT, flags);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0, 1, 0, flags);
  properties[PROP_LAST_SYNC] =
    g_param_spec_int64 ("last-sync", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_OFFLINE_SINCE] =
    g_param_spec_int64 ("offline-since", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL, flags);
  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, NULL, flags);
  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL, NULL, flags);
  properties[PROP_LIVE] =
    g_param_spec_boolean ("live", NULL, NULL, FALSE, flags);
  properties[PROP_PENDING_WRITES] =
    g_param_spec_uint ("pending-writes", NULL, NULL, 0, G_MAXUINT, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FbSyncEngine::changed:
   * @keys: (nullable): "type" FB_SYNC_KEY_SEPARATOR "id" of every row the
   *   page changed, or %NULL when the whole cache was replaced
   *
   * After a sync page changed the cache; emitted on the main thread.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRV);

  /**
   * FbSyncEngine::write-refused:
   * @row_type: (nullable): the type of the row the write changed at once
   * @row_id: (nullable): its id
   * @code: the server's error code ("illegal_transition", "stale_version" …)
   * @message: why, in the user's language (fb_refusal_describe())
   *
   * The server refused a write from the outbox; the row is back as it was
   * (or as the server has it) and the write is kept, marked refused.
   */
  signals[WRITE_REFUSED] =
    g_signal_new ("write-refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 4,
                  G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
}

/**
 * fb_sync_engine_set_ca_file:
 * @path: (nullable): a PEM file of certificate authorities, or %NULL
 *
 * Trusts the authorities of @path for the server's certificate instead of
 * the system's; %NULL (or "") goes back to the system's. Verification is
 * never turned off. On error (no such file, no certificate in it) nothing
 * changes.
 */
gboolean
fb_sync_engine_set_ca_file (FbSyncEngine  *self,
                            const char    *path,
                            GError       **error)
{
  g_autoptr(GTlsDatabase) database = NULL;
  GList *certificates;

  g_return_val_if_fail (FB_IS_SYNC_ENGINE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (path == NULL || *path == '\0')
    {
      soup_session_set_tls_database (self->session,
                                     g_tls_backend_get_default_database (g_tls_backend_get_default ()));
      return TRUE;
    }
  if (!(certificates = g_tls_certificate_list_new_from_file (path, error)))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("“%s” holds no certificate"), path);
      return FALSE;
    }
  g_list_free_full (certificates, g_object_unref);
  if (!(database = g_tls_file_database_new (path, error)))
    return FALSE;
  soup_session_set_tls_database (self->session, database);
  return TRUE;
}

static void
fb_sync_engine_init (FbSyncEngine *self)
{
  self->cancellable = g_cancellable_new ();
  self->keyring_cancellable = g_cancellable_new ();
  self->session = soup_session_new_with_options ("timeout", 30,
                                                 "idle-timeout", 60,
                                                 "user-agent", "Floorboard/" PACKAGE_VERSION " ",
                                                 NULL);
  self->poll_interval = 10;
  self->retry_base_ms = 1000;
  self->page_size = 500;
}

FbSyncEngine *
fb_sync_engine_new (const char  *cache_path,
                    GError     **error)
{
  g_autoptr(FbSyncEngine) self = NULL;

  g_return_val_if_fail (cache_path != NULL, NULL);

  self = g_object_new (FB_TYPE_SYNC_ENGINE, NULL);
  self->store = fb_store_open (cache_path, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, error);
  if (self->store == NULL)
    return NULL;

  /* What the cache already holds: resume from there. */
  self->cursor = fb_store_get_meta_int (self->store, "cursor", 0);
  self->last_sync = fb_store_get_meta_int (self->store, "last_sync_at", 0);
  self->server_id = fb_store_get_meta (self->store, "server_id");
  self->server_url = fb_store_get_meta (self->store, "server_url");
  self->username = fb_store_get_meta (self->store, "username");
  self->first_since = self->cursor;

  self->outbox = g_atomic_rc_box_new0 (OutboxConn);
  g_mutex_init (&self->outbox->lock);
  self->outbox->store = fb_store_open (cache_path, fb_store_cache_migrations, FB_STORE_SYNC_FULL, error);
  if (self->outbox->store == NULL)
    return NULL;
  /* The last user's, who is signed in again first (a kept session). */
  self->pending_writes = (guint) MAX (0, fb_store_outbox_count_owned (self->outbox->store,
                                                                       self->server_url,
                                                                       self->username));
  return g_steal_pointer (&self);
}

FbSyncState
fb_sync_engine_get_state (FbSyncEngine *self)
{
  g_return_val_if_fail (FB_IS_SYNC_ENGINE (self), FB_SYNC_STATE_SIGNED_OUT);
  return self->state;
}

double
fb_sync_engine_get_progress (FbSyncEngine *self)
{
  g_return_val_if_fail (FB_IS_SYNC_ENGINE (self), 0);
  return self->progress;
}

gint64
fb_sync_engine_get_last_sync (FbSyncEngine *self)
{
  g_return_val_if_fail (FB_IS_SYNC_ENGINE (self), 0);
  return self->last_sync;
}

gint64
fb_sync_engine_get_offline_since (FbSyncEngine *self)
{
  g_return_val_if_fail (FB_IS_SYNC_ENGINE (self), 0);
  return self->offline_since;
}

const char *
fb_sync_engine_get_message (FbSyncEngine *self)
{
  g_return_val_if_fail (FB_IS_SYNC_ENGINE (self), NULL);
  return self->message;
}

const char *
fb_sync_engine_get_server_url (FbSyncEngine *self)
{
  g_return_val_if_fail (FB_IS_SYNC_ENGINE (self), NULL);
  return self->server_url;
}

const char *
fb_sync_engine_get_username (FbSyncEngine *self)
{
  g_return_val_if_fail (FB_IS_SYNC_ENGINE (self), NULL);
  return self->username;
}

const char *
fb_sync_engine_get_role (FbSyncEngine *self)
{
  g_return_val_if_fail (FB_IS_SYNC_ENGINE (self), NULL);
  return self->token ? self->role : NULL;
}

const char *
fb_sync_engine_get_user_id (FbSyncEngine *self)
{
  g_return_val_if_fail (FB_IS_SYNC_ENGINE (self), NULL);
  return self->token ? self->user_id : NULL;
}

gint64
fb_sync_engine_get_cursor (FbSyncEngine *self)
{
  g_return_val_if_fail (FB_IS_SYNC_ENGINE (self), 0);
  return self->cursor;
}

void
fb_sync_engine_set_poll_interval (FbSyncEngine *self,
                                  guint         seconds)
{
  g_return_if_fail (FB_IS_SYNC_ENGINE (self));
  g_return_if_fail (seconds > 0);
  self->poll_interval = seconds;
}

void
fb_sync_engine_set_retry_base (FbSyncEngine *self,
                               guint         msec)
{
  g_return_if_fail (FB_IS_SYNC_ENGINE (self));
  g_return_if_fail (msec > 0);
  self->retry_base_ms = msec;
}

void
fb_sync_engine_set_page_size (FbSyncEngine *self,
                              guint         rows)
{
  g_return_if_fail (FB_IS_SYNC_ENGINE (self));
  g_return_if_fail (rows > 0 && rows <= 5000);
  self->page_size = rows;
}


/* ---- outbox -------------------------------------------------------------- */


static char *
row_key (const char *type,
         const char *id)
{
  return g_strconcat (type, FB_SYNC_KEY_SEPARATOR, id, NULL);
}

static void
set_pending_writes (FbSyncEngine *self,
                    gint64        pending)
{
  guint n = (guint) CLAMP (pending, 0, G_MAXUINT);

  if (pending < 0 || self->pending_writes == n)
    return;
  self->pending_writes = n;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING_WRITES]);
}

static void
emit_changed_keys (FbSyncEngine *self,
                   GPtrArray    *keys)
{
  if (keys == NULL || keys->len == 0)
    return;
  g_ptr_array_add (keys, NULL);
  g_signal_emit (self, signals[CHANGED], 0, (char **) keys->pdata);
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
  g_clear_pointer (&data->conn, outbox_conn_release);
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

  set_pending_writes (self, data->pending);
  if (data->row_type != NULL && data->optimistic != NULL)
    {
      g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

      g_ptr_array_add (keys, row_key (data->row_type, data->row_id));
      emit_changed_keys (self, keys);
    }
  g_task_return_boolean (caller, TRUE);
  flush_outbox (self);
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
  g_clear_pointer (&data->conn, outbox_conn_release);
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
  flush_outbox (self);
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
        start_login (self, NULL);
      return;
    }
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    run_delivery_step (self, OUTCOME_ACCEPTED, g_steal_pointer (&item), status, body, NULL);
  else if (SOUP_STATUS_IS_CLIENT_ERROR (status) && status != 408 && status != 429)
    run_delivery_step (self, OUTCOME_REFUSED, g_steal_pointer (&item), status, body, NULL);
  else
    {
      g_autofree char *message = error_message_from_body (body, status, NULL);
      run_delivery_step (self, OUTCOME_TRANSIENT, g_steal_pointer (&item), status, NULL, message);
    }
}

static void
send_item (FbSyncEngine *self,
           FbOutboxItem *item)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autofree char *url = g_strconcat (self->server_url, item->path, NULL);
  g_autofree char *auth = g_strdup_printf ("Bearer %s", self->token);
  g_autoptr(GBytes) bytes = g_bytes_new (item->body ? item->body : "", item->body ? strlen (item->body) : 0);
  SoupMessageHeaders *headers;
  SendData *send;

  msg = soup_message_new (item->method, url);
  if (msg == NULL)
    {
      /* Not a request any server could take: refuse it here, keep it. */
      run_delivery_step (self, OUTCOME_REFUSED, item, 400, NULL, NULL);
      return;
    }
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Authorization", auth);
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
  g_autoptr(FbSyncEngine) self = engine_weak_take (user_data);
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

  set_pending_writes (self, data->pending);
  emit_changed_keys (self, data->keys);
  /* Another user's local changes left the cache, or this one's came back. */
  if (data->shown_changed)
    g_signal_emit (self, signals[CHANGED], 0, NULL);

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
      g_signal_emit (self, signals[WRITE_REFUSED], 0, data->item->row_type,
                     data->item->row_id, data->code, data->refusal);
      G_GNUC_FALLTHROUGH;
    case OUTCOME_ACCEPTED:
      /* A write of no single row (a whole seat plan) answers with no
       * /sync change to apply: the rows it made come with a pull. */
      if (data->outcome == OUTCOME_ACCEPTED && data->item->row_type == NULL)
        {
          if (self->busy)
            self->pull_pending = TRUE;
          else if (self->server_url != NULL)
            request_page (self);
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
      self->flush_timer_id = g_timeout_add (backoff_delay (self, self->flush_failures),
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
  g_autoptr(GTask) task = g_task_new (NULL, self->cancellable, delivery_done, engine_weak_new (self));
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
static void
flush_outbox (FbSyncEngine *self)
{
  g_assert (FB_IS_SYNC_ENGINE (self));

  if (self->flushing || self->token == NULL || self->server_url == NULL || self->username == NULL)
    return;
  g_clear_handle_id (&self->flush_timer_id, g_source_remove);
  self->flushing = TRUE;
  run_delivery_step (self, OUTCOME_NEXT, NULL, 0, NULL, NULL);
}
