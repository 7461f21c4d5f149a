/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-sync-engine.c: the engine as an object: its state, timers and settings; the
 * other concerns are in fb-sync-engine-{session,pages,live,outbox}.c */
#define G_LOG_DOMAIN "floorboard-sync"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "fb-json-guard.h"
#include "fb-refusal.h"
#include "fb-store.h"
#include "fb-sync-engine.h"
#include "fb-sync-engine-private.h"

#define RETRY_MAX_MS (60 * 1000)

G_DEFINE_FINAL_TYPE (FbSyncEngine, fb_sync_engine, G_TYPE_OBJECT)
G_DEFINE_QUARK (fb-sync-error-quark, fb_sync_error)

static GParamSpec *properties[N_PROPS];

enum { CHANGED, WRITE_REFUSED, N_SIGNALS };
static guint signals[N_SIGNALS];

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

void
fb_sync_engine_notify (FbSyncEngine     *self,
                       FbSyncEngineProp  prop)
{
  g_assert (prop > PROP_0 && prop < N_PROPS);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
fb_sync_engine_emit_changed (FbSyncEngine       *self,
                             const char * const *keys)
{
  g_signal_emit (self, signals[CHANGED], 0, keys);
}

void
fb_sync_engine_emit_write_refused (FbSyncEngine *self,
                                   const char   *row_type,
                                   const char   *row_id,
                                   const char   *code,
                                   const char   *message)
{
  g_signal_emit (self, signals[WRITE_REFUSED], 0, row_type, row_id, code, message);
}

GWeakRef *
fb_sync_engine_weak_new (FbSyncEngine *self)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, self);
  return ref;
}

/* The engine if it is still alive (a strong reference), and frees @ref. */
FbSyncEngine *
fb_sync_engine_weak_take (GWeakRef *ref)
{
  FbSyncEngine *self = g_weak_ref_get (ref);

  g_weak_ref_clear (ref);
  g_free (ref);
  return self;
}

gint64
fb_sync_now_s (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

void
fb_sync_engine_set_state (FbSyncEngine *self,
           FbSyncState   state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
fb_sync_engine_set_progress (FbSyncEngine *self,
              double        progress)
{
  progress = CLAMP (progress, 0.0, 1.0);
  if (self->progress == progress)
    return;
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

void
fb_sync_engine_set_message (FbSyncEngine *self,
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

void
fb_sync_engine_set_last_sync (FbSyncEngine *self,
               gint64        when)
{
  if (self->last_sync == when)
    return;
  self->last_sync = when;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNC]);
}

void
fb_sync_engine_clear_timer (FbSyncEngine *self)
{
  g_clear_handle_id (&self->timer_id, g_source_remove);
}

/* Any successful exchange: the server is reachable again. */
void
fb_sync_engine_mark_reachable (FbSyncEngine *self)
{
  self->failures = 0;
  set_offline_since (self, 0);
  fb_sync_engine_set_message (self, NULL);
}

/* Exponential backoff from the retry base, capped at a minute, with
 * jitter so a floor of dashboards does not retry in step. */
guint
fb_sync_engine_backoff_delay (FbSyncEngine *self,
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
  return fb_sync_engine_backoff_delay (self, self->failures);
}

/* The network failed: keep the cache, say so, try again later. */
void
fb_sync_engine_go_offline (FbSyncEngine *self,
            const char   *message)
{
  self->failures++;
  if (self->offline_since == 0)
    set_offline_since (self, fb_sync_now_s ());
  fb_sync_engine_set_message (self, message);
  fb_sync_engine_set_state (self, FB_SYNC_STATE_OFFLINE);
  fb_sync_engine_schedule (self, retry_delay (self));
}

/* The server answered but not as it should: retry too, more slowly. */
void
fb_sync_engine_go_error (FbSyncEngine *self,
          const char   *message)
{
  self->failures++;
  fb_sync_engine_set_message (self, message);
  fb_sync_engine_set_state (self, FB_SYNC_STATE_ERROR);
  fb_sync_engine_schedule (self, retry_delay (self));
}

static gboolean
timer_cb (gpointer data)
{
  FbSyncEngine *self = data;

  self->timer_id = 0;
  if (self->token == NULL)
    fb_sync_engine_start_login (self, NULL);
  else
    fb_sync_engine_request_page (self);
  return G_SOURCE_REMOVE;
}

void
fb_sync_engine_schedule (FbSyncEngine *self,
          guint         delay_ms)
{
  fb_sync_engine_clear_timer (self);
  self->timer_id = g_timeout_add_full (G_PRIORITY_DEFAULT, delay_ms, timer_cb, self, NULL);
}

char *
fb_sync_normalize_url (const char  *url,
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

/* A request of @method to @url with @token as its bearer, or NULL when
 * @url is not one a request can go to. */
SoupMessage *
fb_sync_new_message (const char *method,
                     const char *url,
                     const char *token)
{
  SoupMessage *msg = soup_message_new (method, url);
  g_autofree char *auth = NULL;

  if (msg == NULL)
    return NULL;
  auth = g_strdup_printf ("Bearer %s", token);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  return msg;
}

/* What an error answer says, in the user's language (fb-refusal.c): the
 * server's code told in words; @fallback (or the status told in words)
 * when the body carries no refusal. */
char *
fb_sync_error_message_from_body (GBytes     *body,
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

void
fb_sync_engine_stop (FbSyncEngine *self)
{
  g_return_if_fail (FB_IS_SYNC_ENGINE (self));

  fb_sync_engine_clear_timer (self);
  fb_sync_engine_drop_live (self);
  self->live_failures = 0;
  self->pull_pending = FALSE;
  self->flushing = FALSE;
  g_clear_handle_id (&self->flush_timer_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->busy = FALSE;
  g_clear_pointer (&self->token, g_free);
  fb_sync_engine_set_state (self, FB_SYNC_STATE_SIGNED_OUT);
}

/* ---- object ------------------------------------------------------------ */

static void
fb_sync_engine_dispose (GObject *object)
{
  FbSyncEngine *self = (FbSyncEngine *)object;

  fb_sync_engine_clear_timer (self);
  fb_sync_engine_drop_live (self);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->keyring_cancellable);
  g_clear_object (&self->keyring_cancellable);
  g_clear_handle_id (&self->flush_timer_id, g_source_remove);
  g_clear_object (&self->session);
  g_clear_object (&self->store);
  g_clear_object (&self->clock);
  g_clear_pointer (&self->outbox, fb_sync_outbox_conn_release);

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
  g_free (self->time_zone);
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
  /* Read here, before any worker uses the connection; pages update it. */
  self->clock = fb_center_clock_new ();
  fb_center_clock_set_zone_name (self->clock,
                                 fb_center_clock_get_zone_name (fb_store_get_center_clock (self->store)), NULL);

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

FbCenterClock *
fb_sync_engine_get_center_clock (FbSyncEngine *self)
{
  g_return_val_if_fail (FB_IS_SYNC_ENGINE (self), NULL);
  return self->clock;
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
