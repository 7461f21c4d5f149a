/* fb-server.c: routes, authentication and JSON errors of the API v1. */
#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <math.h>
#include <string.h>

#include "fb-auth.h"
#include "fb-duty-rules.h"
#include "fb-entity.h"
#include "fb-escalation-rules.h"
#include "fb-http-edge.h"
#include "fb-json-guard.h"
#include "fb-qa-stats.h"
#include "fb-queue-stats.h"
#include "fb-request-rules.h"
#include "fb-server.h"
#include "fb-server-private.h"
#include "fb-server-store.h"
#include "fb-store.h"

struct _FbServer
{
  GObject        parent_instance;
  FbServerStore *store;
  SoupServer    *soup;
  gsize          max_body;
  gboolean       tls;
  guint          port;
  GHashTable    *request_counts;  /* path -> count */
  char          *dummy_hash;      /* verified against for unknown users */

  /* Requests per client address: a token bucket each. */
  GHashTable    *buckets;         /* address -> Bucket */
  double         rate_per_s;      /* 0: no limit */
  double         rate_burst;
  guint          request_timeout_s;

  /* Failed sign-ins per user name and per address, in a window. */
  GHashTable    *login_failures;  /* "u:NAME" / "a:ADDRESS" -> Throttle */
  int            password_checks; /* argon2 verifications run: for tests */
  guint          login_max_per_user;
  guint          login_max_per_address;
  gint64         login_window_s;

  /* Live push: one frame computed per tick serves every socket. */
  GPtrArray     *live_clients;    /* SoupWebsocketConnection */
  guint          live_timer;
  guint          changed_idle;
  gint64         live_cursor;     /* agent changes up to here were pushed */
  gint64         live_checked_us; /* monotonic: when the sockets' sessions were */
  gint64         changed_cursor;
  guint          live_interval;
  guint64        live_frames;

  double         qa_weights[FB_QA_N_CRITERIA];  /* sum 1 */
  gint64         pruned_at;       /* monotonic µs of the last reply pruning */
  GHashTable    *roster_rows[6];  /* per roster type: id -> CachedRow */
};

G_DEFINE_FINAL_TYPE (FbServer, fb_server, G_TYPE_OBJECT)

/* Who made an authenticated request. */
typedef struct
{
  char   *user_id;
  FbUser *user;
} FbCaller;

static void
fb_caller_free (FbCaller *caller)
{
  g_free (caller->user_id);
  g_clear_pointer (&caller->user, fb_user_free);
  g_free (caller);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbCaller, fb_caller_free)

static void live_end_session (FbServer   *self,
                              const char *token_hash,
                              const char *reason);

static void
set_json (SoupServerMessage *msg,
          guint              status,
          JsonNode          *root)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  char *text;
  gsize len;

  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, &len);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8",
                                    SOUP_MEMORY_TAKE, text, len);
}

/* The error shape of DESIGN.md: {"error":{"code","message","field"}}. */
static void
set_error (SoupServerMessage *msg,
           guint              status,
           const char        *code,
           const char        *field,
           const char        *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, code);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_set_member_name (b, "field");
  if (field != NULL)
    json_builder_add_string_value (b, field);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  set_json (msg, status, root);
}

static void
set_internal_error (SoupServerMessage *msg,
                    const GError      *error)
{
  g_warning ("Internal error: %s", error->message);
  set_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal",
             NULL, _("The server could not complete the request"));
}

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
      set_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large", NULL,
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
static gboolean
rate_limited (FbServer          *self,
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
      set_error (msg, 429, "rate_limited", NULL, _("Too many requests: slow down and try again shortly"));
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
      set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_content_length", NULL,
                 _("The request’s Content-Length is not a length"));
      fb_http_answer_now (msg);
      break;
    case SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE:
      set_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large", NULL,
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

  if (rate_limited (self, msg))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
      return;
    }

  {
    g_autofree char *name = fb_http_query_nul_parameter (msg);

    if (name != NULL)
      {
        g_autofree char *message = g_strdup_printf (_("Parameter “%s” must not contain a NUL character"), name);

        set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_parameter", name[0] ? name : NULL, message);
        return;
      }
  }

  /* Refused before the body is read: a set status skips the handler.
   * libsoup still reads the body it announced; none of it is kept. */
  if (body_too_large (self, msg))
    {
      set_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too_large", NULL,
                 _("The request body is too large"));
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Connection", "close");
      soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
      return;
    }
  g_signal_connect_object (msg, "got-chunk", G_CALLBACK (got_chunk_cb), self, 0);
}

/* Parses the request body as a JSON object; on failure answers 400.
 * Every request body is read here, through the guard: nesting that
 * would overflow json-glib's stack, or a NUL that would cut a string
 * short, never reaches a route. */
static JsonObject *
parse_body (SoupServerMessage  *msg,
            JsonNode          **root_out)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(GError) error = NULL;
  g_autofree char *field = NULL;
  g_autoptr(JsonNode) root = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  if (!(root = fb_json_parse (data, len, &field, &error)))
    {
      if (g_error_matches (error, FB_JSON_ERROR, FB_JSON_ERROR_TOO_DEEP))
        {
          g_autofree char *message = g_strdup_printf (_("The request body is nested deeper than %u levels"),
                                                      FB_JSON_MAX_DEPTH);
          set_error (msg, SOUP_STATUS_BAD_REQUEST, "too_deep", NULL, message);
        }
      else if (g_error_matches (error, FB_JSON_ERROR, FB_JSON_ERROR_NUL))
        {
          g_autofree char *message = field != NULL
            ? g_strdup_printf (_("Field “%s” must not contain a NUL character"), field)
            : g_strdup (_("The request body must not contain a NUL character"));
          set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", field, message);
        }
      else
        set_error (msg, SOUP_STATUS_BAD_REQUEST, "malformed_json", NULL,
                   _("The request body is not valid JSON"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      set_error (msg, SOUP_STATUS_BAD_REQUEST, "malformed_json", NULL,
                 _("The request body must be a JSON object"));
      return NULL;
    }
  *root_out = g_steal_pointer (&root);
  return json_node_get_object (*root_out);
}

static const char *
get_string_member (SoupServerMessage *msg,
                   JsonObject        *object,
                   const char        *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING ||
      json_node_get_string (node)[0] == '\0')
    {
      g_autofree char *message = g_strdup_printf (_("Field “%s” must be a non-empty string"), name);
      set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", name, message);
      return NULL;
    }
  return json_node_get_string (node);
}

static FbUser *
load_user (FbServer    *self,
           const char  *user_id,
           GError     **error)
{
  g_autoptr(FbChange) row = fb_server_store_get (self->store, "user", user_id, error);

  if (row == NULL)
    return NULL;
  if (row->deleted)
    {
      g_set_error (error, FB_STORE_ERROR, FB_STORE_ERROR_NOT_FOUND, "user %s was removed", user_id);
      return NULL;
    }
  return fb_entity_decode_string (&fb_user_spec, row->data, -1, error);
}

typedef struct
{
  FbServer          *self;
  SoupServerMessage *msg;
  char              *username;
  char              *password;
  char              *user_id;
  char              *hash;
  char              *address;
  gint64             address_window;  /* of the attempt counted for it */
} LoginData;

static void
login_data_free (LoginData *data)
{
  g_object_unref (data->self);
  g_object_unref (data->msg);
  g_free (data->username);
  if (data->password != NULL)
    memset (data->password, 0, strlen (data->password));
  g_free (data->password);
  g_free (data->user_id);
  g_free (data->hash);
  g_free (data->address);
  g_free (data);
}

typedef struct
{
  gint64 window_start;
  guint  failures;
} Throttle;

static char *
throttle_key (char        kind,
              const char *value)
{
  g_autofree char *lower = g_utf8_strdown (value ? value : "", -1);

  return g_strdup_printf ("%c:%s", kind, lower);
}

/* Seconds until @key may try again; 0 if it may now. */
static gint64
throttle_wait (FbServer   *self,
               const char *key,
               guint       max,
               gint64      now)
{
  Throttle *t = g_hash_table_lookup (self->login_failures, key);

  if (t == NULL || now >= t->window_start + self->login_window_s)
    return 0;
  return t->failures >= max ? t->window_start + self->login_window_s - now : 0;
}

static void
throttle_fail (FbServer   *self,
               const char *key,
               gint64      now)
{
  Throttle *t = g_hash_table_lookup (self->login_failures, key);

  /* Guessers may not grow the table without end: forget old windows. */
  if (t == NULL && g_hash_table_size (self->login_failures) >= 4096)
    {
      GHashTableIter iter;
      Throttle *old;

      g_hash_table_iter_init (&iter, self->login_failures);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &old))
        if (now >= old->window_start + self->login_window_s)
          g_hash_table_iter_remove (&iter);
    }
  if (t == NULL)
    {
      t = g_new0 (Throttle, 1);
      g_hash_table_insert (self->login_failures, g_strdup (key), t);
    }
  if (now >= t->window_start + self->login_window_s)
    {
      t->window_start = now;
      t->failures = 0;
    }
  t->failures++;
}

static const char *
remote_address (SoupServerMessage *msg)
{
  const char *host = soup_server_message_get_remote_host (msg);

  return host ? host : "";
}

/* A counted attempt that turned out right is no failure: give its slot
 * back, if its window still holds. */
static void
throttle_release (FbServer   *self,
                  const char *key,
                  gint64      window_start)
{
  Throttle *t = g_hash_table_lookup (self->login_failures, key);

  if (t != NULL && t->window_start == window_start && t->failures > 0)
    t->failures--;
}

static gint64
throttle_window (FbServer   *self,
                 const char *key)
{
  Throttle *t = g_hash_table_lookup (self->login_failures, key);

  return t != NULL ? t->window_start : 0;
}

static void
verify_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  LoginData *data = task_data;

  g_atomic_int_inc (&data->self->password_checks);
  g_task_return_boolean (task, fb_auth_verify_password (data->hash, data->password));
}

static void
verify_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  LoginData *data = g_task_get_task_data (G_TASK (result));
  FbServer *self = data->self;
  SoupServerMessage *msg = data->msg;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbUser) user = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_hash = NULL;
  g_autofree char *expires_iso = NULL;
  gint64 expires_at;

  /* A wrong password was counted as a failure before it was hashed. */
  if (!g_task_propagate_boolean (G_TASK (result), NULL) || data->user_id == NULL)
    {
      set_error (msg, SOUP_STATUS_UNAUTHORIZED, "bad_credentials", NULL,
                 _("Wrong user name or password"));
      goto out;
    }
  {
    g_autofree char *user_key = throttle_key ('u', data->username);
    g_autofree char *address_key = throttle_key ('a', data->address);

    /* The right password clears the name's count, and takes back only its
     * own attempt from the address's: one known account must not reopen
     * guessing at the others. */
    g_hash_table_remove (self->login_failures, user_key);
    throttle_release (self, address_key, data->address_window);
  }

  if (!(user = load_user (self, data->user_id, &error)))
    {
      set_error (msg, SOUP_STATUS_UNAUTHORIZED, "bad_credentials", NULL,
                 _("Wrong user name or password"));
      goto out;
    }

  token = fb_auth_new_token ();
  token_hash = fb_auth_token_hash (token);
  expires_at = g_get_real_time () / G_USEC_PER_SEC + FB_SERVER_SESSION_LIFETIME_S;
  if (!fb_server_store_add_session (self->store, token_hash, data->user_id, expires_at, &error))
    {
      set_internal_error (msg, error);
      goto out;
    }

  expires_iso = fb_timestamp_to_iso (expires_at);
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "token");
  json_builder_add_string_value (b, token);
  json_builder_set_member_name (b, "expires_at");
  json_builder_add_string_value (b, expires_iso);
  json_builder_set_member_name (b, "server_id");
  json_builder_add_string_value (b, fb_server_store_get_server_id (self->store));
  json_builder_set_member_name (b, "user");
  json_builder_add_value (b, fb_user_to_json (user));
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  set_json (msg, SOUP_STATUS_OK, root);

out:
  soup_server_message_unpause (msg);
}

/* POST /api/v1/session: signs in. */
static void
handle_session (FbServer          *self,
                SoupServerMessage *msg,
                GHashTable        *query,
                const FbCaller    *unused)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  const char *username, *password;
  LoginData *data;
  GTask *task;

  if (!(object = parse_body (msg, &root)))
    return;
  if (!(username = get_string_member (msg, object, "username")) ||
      !(password = get_string_member (msg, object, "password")))
    return;

  /* Too many wrong passwords for this name, or from this address: refused
   * before any hashing, so guessing costs the guesser, not the server. */
  {
    g_autofree char *user_key = throttle_key ('u', username);
    g_autofree char *address_key = throttle_key ('a', remote_address (msg));
    gint64 now = g_get_monotonic_time () / G_USEC_PER_SEC;
    gint64 wait = MAX (throttle_wait (self, user_key, self->login_max_per_user, now),
                       throttle_wait (self, address_key, self->login_max_per_address, now));

    if (wait > 0)
      {
        g_autofree char *retry = g_strdup_printf ("%" G_GINT64_FORMAT, wait);

        soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", retry);
        set_error (msg, 429, "too_many_attempts", NULL,
                   _("Too many wrong passwords: try again in a few minutes"));
        return;
      }
  }

  data = g_new0 (LoginData, 1);
  data->self = g_object_ref (self);
  data->msg = g_object_ref (msg);
  data->username = g_strdup (username);
  data->password = g_strdup (password);
  if (!fb_server_store_get_credentials (self->store, username, &data->user_id, &data->hash, &error))
    {
      if (error != NULL)
        {
          login_data_free (data);
          set_internal_error (msg, error);
          return;
        }
      /* Unknown users cost the same time as known ones. */
      if (self->dummy_hash == NULL)
        self->dummy_hash = fb_auth_hash_password ("not a password", NULL);
      data->hash = g_strdup (self->dummy_hash);
    }
  if (data->hash == NULL)
    {
      login_data_free (data);
      set_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", NULL,
                 _("The server could not complete the request"));
      return;
    }

  /* Counted as a failure now, before the hash: the hash finishes on a
   * worker, and attempts sent at once would all pass the check above
   * before any of them had failed. A right password gives it back. */
  {
    g_autofree char *user_key = throttle_key ('u', username);
    g_autofree char *address_key = throttle_key ('a', remote_address (msg));
    gint64 now = g_get_monotonic_time () / G_USEC_PER_SEC;

    throttle_fail (self, user_key, now);
    throttle_fail (self, address_key, now);
    data->address = g_strdup (remote_address (msg));
    data->address_window = throttle_window (self, address_key);
  }

  /* argon2id takes ~0.1 s: verify off the main loop so other clients go on. */
  soup_server_message_pause (msg);
  task = g_task_new (NULL, NULL, verify_done, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) login_data_free);
  g_task_run_in_thread (task, verify_thread);
  g_object_unref (task);
}

static FbCaller *
authenticate (FbServer          *self,
              SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *auth = soup_message_headers_get_one (headers, "Authorization");
  g_autofree char *token_hash = NULL;
  g_autoptr(FbCaller) caller = NULL;
  g_autoptr(GError) error = NULL;

  if (auth == NULL || g_ascii_strncasecmp (auth, "Bearer ", 7) != 0 || auth[7] == '\0')
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Bearer");
      set_error (msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized", NULL,
                 _("Sign in first: this request needs a bearer token"));
      return NULL;
    }

  token_hash = fb_auth_token_hash (auth + 7);
  caller = g_new0 (FbCaller, 1);
  caller->user_id = fb_server_store_lookup_session (self->store, token_hash,
                                                    g_get_real_time () / G_USEC_PER_SEC);
  if (caller->user_id == NULL || !(caller->user = load_user (self, caller->user_id, &error)))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Bearer error=\"invalid_token\"");
      set_error (msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized", NULL,
                 _("The session has expired or is not valid; sign in again"));
      return NULL;
    }
  return g_steal_pointer (&caller);
}

static gboolean
parse_query_int (SoupServerMessage *msg,
                 GHashTable        *query,
                 const char        *name,
                 gint64             min,
                 gint64             max,
                 gint64             fallback,
                 gint64            *out)
{
  const char *value = query ? g_hash_table_lookup (query, name) : NULL;
  gint64 v;

  if (value == NULL)
    {
      *out = fallback;
      return TRUE;
    }
  if (!g_ascii_string_to_signed (value, 10, min, max, &v, NULL))
    {
      g_autofree char *lo = g_strdup_printf ("%" G_GINT64_FORMAT, min);
      g_autofree char *hi = g_strdup_printf ("%" G_GINT64_FORMAT, max);
      /* The numbers are formatted first: xgettext cannot see through
       * G_GINT64_FORMAT in a translatable string. */
      g_autofree char *message =
        g_strdup_printf (_("Parameter “%s” must be a whole number from %s to %s"), name, lo, hi);
      set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_parameter", name, message);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

/* Agents read only what is theirs (DESIGN.md: roles). */
static gboolean
visible_to (const FbCaller *caller,
            const FbChange *change,
            JsonObject     *data)
{
  const char *agent_id = caller->user->agent_id;

  /* Who did what to whom: for the director's eyes only. */
  if (strcmp (change->type, "audit") == 0)
    return caller->user->role == FB_ROLE_DIRECTOR;
  if (caller->user->role != FB_ROLE_AGENT)
    return TRUE;
  if (change->deleted || data == NULL)
    return FALSE;
  if (strcmp (change->type, "team") == 0 || strcmp (change->type, "queue") == 0)
    return TRUE;
  if (strcmp (change->type, "user") == 0)
    return g_strcmp0 (change->id, caller->user_id) == 0;
  if (agent_id == NULL)
    return FALSE;
  if (strcmp (change->type, "agent") == 0)
    return g_strcmp0 (change->id, agent_id) == 0;
  if (strcmp (change->type, "leave_request") == 0)
    return g_strcmp0 (fb_json_member_string (data, "agent_id"), agent_id) == 0;
  if (strcmp (change->type, "swap_request") == 0)
    return g_strcmp0 (fb_json_member_string (data, "agent_a"), agent_id) == 0 ||
           g_strcmp0 (fb_json_member_string (data, "agent_b"), agent_id) == 0;
  return FALSE;
}

static void
handle_sync (FbServer          *self,
             SoupServerMessage *msg,
             GHashTable        *query,
             const FbCaller    *caller)
{
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) root = NULL;
  gint64 since, limit, cursor;
  gboolean more = FALSE;

  if (!parse_query_int (msg, query, "since", 0, G_MAXINT64, 0, &since) ||
      !parse_query_int (msg, query, "limit", 1, FB_SERVER_SYNC_MAX_LIMIT,
                        FB_SERVER_SYNC_DEFAULT_LIMIT, &limit))
    return;

  if (!(changes = fb_server_store_changes_since (self->store, since, limit, &more, &error)))
    {
      set_internal_error (msg, error);
      return;
    }

  cursor = changes->len > 0 ? ((FbChange *) g_ptr_array_index (changes, changes->len - 1))->version : since;

  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "server_id");
  json_builder_add_string_value (b, fb_server_store_get_server_id (self->store));
  json_builder_set_member_name (b, "cursor");
  json_builder_add_int_value (b, cursor);
  /* The newest version there is: clients derive their progress from it. */
  json_builder_set_member_name (b, "head");
  json_builder_add_int_value (b, fb_server_store_get_cursor (self->store));
  json_builder_set_member_name (b, "more");
  json_builder_add_boolean_value (b, more);
  json_builder_set_member_name (b, "changes");
  json_builder_begin_array (b);
  for (guint i = 0; i < changes->len; i++)
    {
      FbChange *change = g_ptr_array_index (changes, i);
      g_autoptr(JsonNode) data = NULL;

      if (!change->deleted)
        {
          data = json_from_string (change->data, &error);
          if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
            {
              g_warning ("Stored %s %s is not a JSON object; left out of /sync",
                         change->type, change->id);
              g_clear_error (&error);
              continue;
            }
        }
      if (!visible_to (caller, change, data ? json_node_get_object (data) : NULL))
        continue;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, change->type);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, change->id);
      json_builder_set_member_name (b, "version");
      json_builder_add_int_value (b, change->version);
      json_builder_set_member_name (b, "deleted");
      json_builder_add_boolean_value (b, change->deleted);
      json_builder_set_member_name (b, "data");
      if (data != NULL)
        json_builder_add_value (b, g_steal_pointer (&data));
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  set_json (msg, SOUP_STATUS_OK, root);
}

static void
add_queue_figures (JsonBuilder   *b,
                   const FbQueue *q)
{
  json_builder_set_member_name (b, "waiting");
  json_builder_add_int_value (b, q->waiting);
  json_builder_set_member_name (b, "longest_wait_s");
  json_builder_add_int_value (b, q->longest_wait_s);
  json_builder_set_member_name (b, "offered");
  json_builder_add_int_value (b, q->offered);
  json_builder_set_member_name (b, "answered");
  json_builder_add_int_value (b, q->answered);
  json_builder_set_member_name (b, "abandoned");
  json_builder_add_int_value (b, q->abandoned);
  json_builder_set_member_name (b, "service_level");
  json_builder_add_double_value (b, q->service_level);
  json_builder_set_member_name (b, "asa_s");
  json_builder_add_double_value (b, q->asa_s);
  json_builder_set_member_name (b, "aht_s");
  json_builder_add_double_value (b, q->aht_s);
  json_builder_set_member_name (b, "agents_available");
  json_builder_add_int_value (b, q->agents_available);
  json_builder_set_member_name (b, "agents_busy");
  json_builder_add_int_value (b, q->agents_busy);
}

/* GET /api/v1/queues/stats: every queue's live figures and the center's. */
static void
handle_queue_stats (FbServer          *self,
                    SoupServerMessage *msg,
                    GHashTable        *query,
                    const FbCaller    *caller)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) queues = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_queue_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  FbQueue total;

  if (!(rows = fb_server_store_list (self->store, "queue", &error)))
    {
      set_internal_error (msg, error);
      return;
    }
  for (guint i = 0; i < rows->len; i++)
    {
      FbChange *row = g_ptr_array_index (rows, i);
      FbQueue *q = fb_entity_decode_string (&fb_queue_spec, row->data, -1, NULL);

      if (q != NULL)
        g_ptr_array_add (queues, q);
    }
  fb_queue_stats_total ((const FbQueue * const *) queues->pdata, queues->len, &total);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "queues");
  json_builder_begin_array (b);
  for (guint i = 0; i < queues->len; i++)
    {
      const FbQueue *q = g_ptr_array_index (queues, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, q->id);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, q->name);
      json_builder_set_member_name (b, "sl_threshold_s");
      json_builder_add_int_value (b, q->sl_threshold_s);
      add_queue_figures (b, q);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "center");
  json_builder_begin_object (b);
  add_queue_figures (b, &total);
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  set_json (msg, SOUP_STATUS_OK, root);
}

static gboolean
check_method (SoupServerMessage *msg,
              const char        *allowed)
{
  if (strcmp (soup_server_message_get_method (msg), allowed) == 0)
    return TRUE;
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allowed);
  set_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed", NULL,
             _("This method is not allowed here"));
  return FALSE;
}

/* ---- writes ------------------------------------------------------------- */

#define MAX_NOTE_CHARS     2000
#define MAX_COMMENT_CHARS  1000
#define MAX_CALL_REF_CHARS 64
#define MAX_KEY_BYTES      200

/* Does the write under the caller's transaction and answers @msg; a 2xx
 * answer commits (with the reply kept for replays), anything else rolls
 * back: a refused write changes nothing. */
typedef void (*WriteFunc) (FbServer          *self,
                           SoupServerMessage *msg,
                           const FbCaller    *caller,
                           JsonObject        *body,
                           const char        *target_id);
/* 403 with its reason when the caller's role may not use a route. */
typedef gboolean (*RoleCheck) (SoupServerMessage *msg,
                               const FbCaller    *caller);
/* Answers a route at once (reads, signing in and out). */
typedef void (*ReadFunc) (FbServer          *self,
                          SoupServerMessage *msg,
                          GHashTable        *query,
                          const FbCaller    *caller);

/* How a route's refusals are audited: the row type, the verb (NULL: the
 * body's "decision") and whether the path's id names a row. */
typedef struct
{
  const char *target_type;
  const char *verb;
  gboolean    target_is_row;
} RouteAudit;

/* One row of the route table. */
typedef struct
{
  const char       *method;
  const char       *pattern;  /* "/api/v1/leave-requests/{id}/decision" */
  gboolean          open;     /* answered without a session */
  ReadFunc          read;     /* answers at once, or */
  WriteFunc         write;    /* a write: idempotent, in a transaction */
  RoleCheck         may;      /* NULL: every signed-in role (rules may refuse) */
  const RouteAudit *audit;    /* NULL: refusals are not audited */
} Route;

static JsonNode *
change_node (const FbChange *change)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) data = change->deleted ? NULL : json_from_string (change->data, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, change->type);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, change->id);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, change->version);
  json_builder_set_member_name (b, "deleted");
  json_builder_add_boolean_value (b, change->deleted);
  json_builder_set_member_name (b, "data");
  if (data != NULL)
    json_builder_add_value (b, g_steal_pointer (&data));
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static char *
request_hash (SoupServerMessage *msg,
              const char        *path)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize len;
  const guchar *data = g_bytes_get_data (bytes, &len);

  g_checksum_update (sum, (const guchar *) soup_server_message_get_method (msg), -1);
  g_checksum_update (sum, (const guchar *) "\n", 1);
  g_checksum_update (sum, (const guchar *) path, -1);
  g_checksum_update (sum, (const guchar *) "\n", 1);
  if (len > 0)
    g_checksum_update (sum, data, len);
  return g_strdup (g_checksum_get_string (sum));
}

/* Kept answers: a day at least, for the outbox's retries after a long
 * outage; gone after a week, so the table stays small. */
#define REPLY_KEEP_S          (7 * 24 * 3600)
#define REPLY_PRUNE_EVERY_US  ((gint64) 3600 * G_USEC_PER_SEC)

G_STATIC_ASSERT (REPLY_KEEP_S >= 24 * 3600);

static void
prune_replies (FbServer *self)
{
  g_autoptr(GError) error = NULL;

  self->pruned_at = g_get_monotonic_time ();
  if (fb_server_store_prune_replies (self->store, g_get_real_time () / G_USEC_PER_SEC - REPLY_KEEP_S,
                                     &error) < 0)
    g_warning ("Could not forget old write answers: %s", error->message);
}

/* Called as writes come: at most hourly, and no timer while nobody writes. */
static void
maybe_prune_replies (FbServer *self)
{
  if (g_get_monotonic_time () - self->pruned_at >= REPLY_PRUNE_EVERY_US)
    prune_replies (self);
}

/* Returns TRUE when @msg got a kept answer again (a replay). */
static gboolean
handle_write (FbServer          *self,
              SoupServerMessage *msg,
              const char        *path,
              const FbCaller    *caller,
              const char        *target_id,
              RoleCheck          may,
              WriteFunc          func)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *key = soup_message_headers_get_one (headers, "Idempotency-Key");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *first_hash = NULL;
  g_autofree char *first_body = NULL;
  g_autoptr(GBytes) answer = NULL;
  JsonObject *object;
  guint first_status = 0, status;

  if (key == NULL || key[0] == '\0' || strlen (key) > MAX_KEY_BYTES || !g_utf8_validate (key, -1, NULL))
    {
      set_error (msg, SOUP_STATUS_BAD_REQUEST, "missing_idempotency_key", NULL,
                 _("A write needs an Idempotency-Key header of up to 200 characters"));
      return FALSE;
    }
  maybe_prune_replies (self);
  hash = request_hash (msg, path);
  if (!fb_server_store_get_reply (self->store, caller->user_id, key, &first_hash, &first_status,
                                  &first_body, &error))
    {
      if (error != NULL)
        {
          set_internal_error (msg, error);
          return FALSE;
        }
    }
  else if (g_strcmp0 (first_hash, hash) == 0)
    {
      /* A retry: the first answer again, no second effect. */
      soup_server_message_set_status (msg, first_status, NULL);
      soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_COPY,
                                        first_body, strlen (first_body));
      return TRUE;
    }
  else
    {
      set_error (msg, 422, "idempotency_key_reused", NULL,
                 _("This Idempotency-Key was already used for a different request"));
      return FALSE;
    }

  if (!(object = parse_body (msg, &root)))
    return FALSE;
  if (!fb_server_store_begin (self->store, &error))
    {
      set_internal_error (msg, error);
      return FALSE;
    }
  /* The role is checked with the body read, as the handler's first step. */
  if (may == NULL || may (msg, caller))
    func (self, msg, caller, object, target_id);
  status = soup_server_message_get_status (msg);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      fb_server_store_rollback (self->store);
      return FALSE;
    }
  answer = soup_message_body_flatten (soup_server_message_get_response_body (msg));
  {
    g_autofree char *text = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));

    if (!fb_server_store_put_reply (self->store, caller->user_id, key,
                                    soup_server_message_get_method (msg), path,
                                    hash, status, text, &error) ||
        !fb_server_store_commit (self->store, &error))
      {
        fb_server_store_rollback (self->store);
        set_internal_error (msg, error);
      }
  }
  return FALSE;
}

/* Optional string member: NULL when absent or null; FALSE (400) when of
 * another type or longer than @max_chars. */
static gboolean
optional_string (SoupServerMessage  *msg,
                 JsonObject         *object,
                 const char         *name,
                 glong               max_chars,
                 const char        **out)
{
  JsonNode *node = json_object_get_member (object, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      g_utf8_strlen (json_node_get_string (node), -1) > max_chars)
    {
      g_autofree char *message =
        g_strdup_printf (_("Field “%s” must be a text of at most %ld characters"), name, max_chars);
      set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", name, message);
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
put_audit_node (FbServer    *self,
                const char  *actor,
                const char  *action,
                const char  *target_type,
                const char  *target_id,
                JsonNode    *before,
                JsonNode    *after,
                GError     **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) row = NULL;
  g_autoptr(JsonNode) normalized = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *id = g_strconcat ("audit-", uuid, NULL);
  g_autofree char *at = fb_timestamp_to_iso (g_get_real_time () / G_USEC_PER_SEC);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "at");
  json_builder_add_string_value (b, at);
  json_builder_set_member_name (b, "actor");
  json_builder_add_string_value (b, actor);
  json_builder_set_member_name (b, "action");
  json_builder_add_string_value (b, action);
  json_builder_set_member_name (b, "target_type");
  json_builder_add_string_value (b, target_type);
  if (target_id != NULL)
    {
      json_builder_set_member_name (b, "target_id");
      json_builder_add_string_value (b, target_id);
    }
  json_builder_set_member_name (b, "before");
  if (before != NULL)
    json_builder_add_value (b, json_node_copy (before));
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "after");
  if (after != NULL)
    json_builder_add_value (b, json_node_copy (after));
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  row = json_builder_get_root (b);
  if (!(normalized = fb_entity_normalize (&fb_audit_spec, row, error)))
    return FALSE;
  return fb_server_store_put_node (self->store, "audit", id, normalized, error) > 0;
}

static gboolean
put_audit (FbServer    *self,
           const char  *actor,
           const char  *action,
           const char  *target_type,
           const char  *target_id,
           const char  *before,
           JsonNode    *after,
           GError     **error)
{
  g_autoptr(JsonNode) before_node = before ? json_from_string (before, NULL) : NULL;

  return put_audit_node (self, actor, action, target_type, target_id, before_node, after, error);
}

/* Stores @data as @type/@id with its audit entry and answers with the row
 * as /sync carries it. */
static void
store_and_answer (FbServer          *self,
                  SoupServerMessage *msg,
                  const FbCaller    *caller,
                  const FbEntitySpec *spec,
                  const char        *id,
                  const char        *audit_action,
                  const char        *before,
                  JsonNode          *data,
                  guint              status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) normalized = NULL;
  g_autoptr(FbChange) stored = NULL;
  g_autoptr(JsonNode) answer = NULL;

  if (!(normalized = fb_entity_normalize (spec, data, &error)))
    {
      /* Our own rules produced a row the codec refuses: a server bug. */
      set_internal_error (msg, error);
      return;
    }
  if (fb_server_store_put_node (self->store, spec->type, id, normalized, &error) <= 0 ||
      !put_audit (self, caller->user_id, audit_action, spec->type, id, before, normalized, &error) ||
      !(stored = fb_server_store_get (self->store, spec->type, id, &error)))
    {
      set_internal_error (msg, error);
      return;
    }
  answer = change_node (stored);
  set_json (msg, status, answer);
}

/* POST /api/v1/escalations/{id}/actions */
static void
escalation_action (FbServer          *self,
                   SoupServerMessage *msg,
                   const FbCaller    *caller,
                   JsonObject        *body,
                   const char        *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbChange) row = NULL;
  g_autoptr(FbEscalation) escalation = NULL;
  g_autoptr(JsonNode) current = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *audit_action = NULL;
  const char *action_name, *outcome_name, *note;
  int action, outcome = -1;
  gint64 version;

  action_name = fb_json_member_string (body, "action");
  action = action_name ? fb_enum_from_string (fb_escalation_action_values, action_name) : -1;
  if (action < 0)
    {
      set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", "action",
                 _("Field “action” must be one of take, escalate, callback_attempt, resolve, close"));
      return;
    }
  if (!fb_json_member_int (body, "version", &version))
    {
      set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", "version",
                 _("Field “version” must be the version of the case you saw"));
      return;
    }
  if (!optional_string (msg, body, "outcome", 32, &outcome_name) ||
      !optional_string (msg, body, "note", MAX_NOTE_CHARS, &note))
    return;
  if (outcome_name != NULL)
    outcome = fb_enum_from_string (fb_callback_outcome_values, outcome_name);

  row = fb_server_store_get (self->store, "escalation", id, &error);
  if (row == NULL && !g_error_matches (error, FB_STORE_ERROR, FB_STORE_ERROR_NOT_FOUND))
    {
      set_internal_error (msg, error);
      return;
    }
  if (row == NULL || row->deleted)
    {
      set_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", NULL, _("No such escalation"));
      return;
    }
  if (!(escalation = fb_entity_decode_string (&fb_escalation_spec, row->data, -1, &error)))
    {
      set_internal_error (msg, error);
      return;
    }
  /* A role that never acts is told so first, whatever version it sent. */
  if (!fb_escalation_check (escalation, caller->user->role, action, outcome, &error) &&
      error->code == FB_RULE_ERROR_ROLE)
    {
      set_error (msg, SOUP_STATUS_FORBIDDEN, fb_rule_error_code_name (error->code), NULL,
                 error->message);
      return;
    }
  g_clear_error (&error);
  if (version != row->version)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      /* The client saw an older case: send the current one along. */
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "error");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "code");
      json_builder_add_string_value (b, "stale_version");
      json_builder_set_member_name (b, "message");
      json_builder_add_string_value (b, _("Someone changed this case first; look at it again"));
      json_builder_set_member_name (b, "field");
      json_builder_add_string_value (b, "version");
      json_builder_end_object (b);
      json_builder_set_member_name (b, "current");
      json_builder_add_value (b, change_node (row));
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      set_json (msg, SOUP_STATUS_CONFLICT, root);
      return;
    }
  if (!fb_escalation_check (escalation, caller->user->role, action, outcome, &error))
    {
      guint status = error->code == FB_RULE_ERROR_ROLE || error->code == FB_RULE_ERROR_LEVEL
                     ? SOUP_STATUS_FORBIDDEN : 422;

      set_error (msg, status, fb_rule_error_code_name (error->code),
                 error->code == FB_RULE_ERROR_OUTCOME ? "outcome" : NULL, error->message);
      return;
    }

  current = json_from_string (row->data, &error);
  after = fb_escalation_apply (current, action, caller->user_id, outcome, note,
                               g_get_real_time () / G_USEC_PER_SEC);
  if (after == NULL)
    {
      set_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", NULL,
                 _("The server could not complete the request"));
      return;
    }
  audit_action = g_strconcat ("escalation.", action_name, NULL);
  store_and_answer (self, msg, caller, &fb_escalation_spec, id, audit_action, row->data, after,
                    SOUP_STATUS_OK);
}

/* POST /api/v1/qa-evaluations */
static gboolean
may_record_qa (SoupServerMessage *msg,
               const FbCaller    *caller)
{
  if (caller->user->role == FB_ROLE_QA_INSPECTOR)
    return TRUE;
  set_error (msg, SOUP_STATUS_FORBIDDEN, "role_not_allowed", NULL,
             _("Only QA inspectors record QA evaluations"));
  return FALSE;
}

static void
qa_evaluation (FbServer          *self,
               SoupServerMessage *msg,
               const FbCaller    *caller,
               JsonObject        *body,
               const char        *unused)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbChange) agent = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) row = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *id = g_strconcat ("qa-", uuid, NULL);
  g_autofree char *now = fb_timestamp_to_iso (g_get_real_time () / G_USEC_PER_SEC);
  const char *agent_id, *call_ref, *comment;
  JsonNode *scores_node;
  JsonObject *scores;
  double values[FB_QA_N_CRITERIA];
  gint64 ints[FB_QA_N_CRITERIA];
  double total;

  if (!(agent_id = get_string_member (msg, body, "agent_id")) ||
      !(call_ref = get_string_member (msg, body, "call_ref")))
    return;
  if (g_utf8_strlen (call_ref, -1) > MAX_CALL_REF_CHARS)
    {
      set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", "call_ref",
                 _("Field “call_ref” must be at most 64 characters"));
      return;
    }
  if (!optional_string (msg, body, "comment", MAX_COMMENT_CHARS, &comment))
    return;
  scores_node = json_object_get_member (body, "scores");
  if (scores_node == NULL || !JSON_NODE_HOLDS_OBJECT (scores_node))
    {
      set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", "scores",
                 _("Field “scores” must be an object with a score per criterion"));
      return;
    }
  scores = json_node_get_object (scores_node);
  for (guint i = 0; i < FB_QA_N_CRITERIA; i++)
    {
      g_autofree char *field = g_strconcat ("scores.", fb_qa_criterion_keys[i], NULL);

      if (!fb_json_member_int (scores, fb_qa_criterion_keys[i], &ints[i]))
        {
          g_autofree char *message = g_strdup_printf (_("Field “%s” must be a whole number"), field);
          set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", field, message);
          return;
        }
      if (ints[i] < 0 || ints[i] > 100)
        {
          g_autofree char *message = g_strdup_printf (_("Field “%s” must be from 0 to 100"), field);
          set_error (msg, 422, "score_out_of_range", field, message);
          return;
        }
      values[i] = (double) ints[i];
    }

  agent = fb_server_store_get (self->store, "agent", agent_id, &error);
  if (agent == NULL && !g_error_matches (error, FB_STORE_ERROR, FB_STORE_ERROR_NOT_FOUND))
    {
      set_internal_error (msg, error);
      return;
    }
  if (agent == NULL || agent->deleted)
    {
      set_error (msg, 422, "unknown_agent", "agent_id", _("There is no such agent"));
      return;
    }

  total = round (fb_qa_weighted_total (values, self->qa_weights) * 10) / 10;
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "agent_id");
  json_builder_add_string_value (b, agent_id);
  json_builder_set_member_name (b, "inspector");
  json_builder_add_string_value (b, caller->user_id);
  json_builder_set_member_name (b, "evaluated_at");
  json_builder_add_string_value (b, now);
  json_builder_set_member_name (b, "call_ref");
  json_builder_add_string_value (b, call_ref);
  json_builder_set_member_name (b, "scores");
  json_builder_begin_object (b);
  for (guint i = 0; i < FB_QA_N_CRITERIA; i++)
    {
      json_builder_set_member_name (b, fb_qa_criterion_keys[i]);
      json_builder_add_int_value (b, ints[i]);
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "total");
  json_builder_add_double_value (b, total);
  if (comment != NULL && comment[0] != '\0')
    {
      json_builder_set_member_name (b, "comment");
      json_builder_add_string_value (b, comment);
    }
  /* The weights go with the row: a total stays explainable after the
   * center changes them. */
  json_builder_set_member_name (b, "weights");
  json_builder_begin_object (b);
  for (guint i = 0; i < FB_QA_N_CRITERIA; i++)
    {
      json_builder_set_member_name (b, fb_qa_criterion_keys[i]);
      json_builder_add_double_value (b, round (self->qa_weights[i] * 1000) / 1000);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
  row = json_builder_get_root (b);
  store_and_answer (self, msg, caller, &fb_qa_evaluation_spec, id, "qa_evaluation.record", NULL, row,
                    SOUP_STATUS_CREATED);
}

gboolean
fb_server_set_qa_weights (FbServer     *self,
                          const double  weights[],
                          guint         n_weights)
{
  double sum = 0;

  g_return_val_if_fail (FB_IS_SERVER (self), FALSE);
  g_return_val_if_fail (weights != NULL, FALSE);

  if (n_weights != FB_QA_N_CRITERIA)
    return FALSE;
  for (guint i = 0; i < n_weights; i++)
    {
      if (!(weights[i] >= 0) || !isfinite (weights[i]))
        return FALSE;
      sum += weights[i];
    }
  if (!(sum > 0))
    return FALSE;
  for (guint i = 0; i < n_weights; i++)
    self->qa_weights[i] = weights[i] / sum;
  return TRUE;
}

/* ---- leave, swap and seat requests -------------------------------------- */

/* The center keeps Korean time: the rules' days and shifts are KST. */
#define CENTER_UTC_OFFSET_S (9 * 3600)
#define MAX_ID_BYTES        128
#define MAX_PLAN_PICKS      5000
/* A refused request's body is read for a decision's verb up to this size
 * (a decision with its longest reason, all \u-escaped, is 12 KB; json-glib
 * recurses per nesting level, so no more); its audit row keeps only the
 * body's digest. */
#define MAX_AUDITED_REQUEST (16 * 1024)
/* A refused request's target id and path, in bytes, in its audit row. */
#define MAX_AUDITED_TARGET  256

static const FbEntitySpec * const roster_specs[] = {
  &fb_team_spec, &fb_agent_spec, &fb_seat_spec, &fb_leave_request_spec,
  &fb_swap_request_spec, &fb_holiday_duty_spec,
};
G_STATIC_ASSERT (G_N_ELEMENTS (roster_specs) == G_N_ELEMENTS (((FbServer *) NULL)->roster_rows));

/* A decoded row kept between requests, with the text it was decoded from. */
typedef struct
{
  char  *data;
  FbRow *row;
} CachedRow;

static void
cached_row_free (CachedRow *cached)
{
  g_free (cached->data);
  g_clear_object (&cached->row);
  g_free (cached);
}

static void
roster_take_rows (FbRoster           *roster,
                  const FbEntitySpec *spec,
                  GPtrArray          *rows)
{
  for (guint i = 0; i < rows->len; i++)
    {
      FbChange *row = g_ptr_array_index (rows, i);
      g_autoptr(GError) error = NULL;
      gpointer entity = fb_entity_decode_string (spec, row->data, -1, &error);

      if (entity == NULL)
        {
          g_warning ("Stored %s %s left out of the rules: %s", row->type, row->id, error->message);
          continue;
        }
      fb_roster_take (roster, spec, entity);
    }
}

/* The rows the rules read, built per request from what is committed
 * (before this write's own changes). @plan: the seat plan's rows
 * (FbChange), may be NULL. */
static FbRoster *
load_roster (FbServer   *self,
             GPtrArray  *plan,
             GError    **error)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (CENTER_UTC_OFFSET_S);
  g_autoptr(FbRoster) roster = fb_roster_new (tz);

  for (guint s = 0; s < G_N_ELEMENTS (roster_specs); s++)
    {
      g_autoptr(GPtrArray) rows = fb_server_store_list (self->store, roster_specs[s]->type, error);
      GHashTable *old = self->roster_rows[s];
      GHashTable *now = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) cached_row_free);

      if (rows == NULL)
        {
          g_hash_table_unref (now);
          return NULL;
        }
      for (guint i = 0; i < rows->len; i++)
        {
          FbChange *change = g_ptr_array_index (rows, i);
          CachedRow *cached = NULL;

          /* Decoding is most of the cost: only rows that changed since
           * the last request are decoded again. */
          if (old != NULL && g_hash_table_steal_extended (old, change->id, NULL, (gpointer *) &cached) &&
              (fb_row_get_version (cached->row) != change->version || strcmp (cached->data, change->data) != 0))
            g_clear_pointer (&cached, cached_row_free);
          if (cached == NULL)
            {
              g_autoptr(GError) local_error = NULL;
              FbRow *row = fb_row_new (change, &local_error);

              if (row == NULL)
                {
                  g_warning ("Stored %s %s left out of the rules: %s", change->type, change->id,
                             local_error->message);
                  continue;
                }
              cached = g_new0 (CachedRow, 1);
              cached->row = row;
              cached->data = g_steal_pointer (&change->data);
            }
          g_hash_table_replace (now, (gpointer) fb_row_get_id (cached->row), cached);
          fb_roster_add_row (roster, cached->row);
        }
      g_clear_pointer (&self->roster_rows[s], g_hash_table_unref);
      self->roster_rows[s] = now;
    }
  if (plan != NULL)
    roster_take_rows (roster, &fb_seat_assignment_spec, plan);
  return g_steal_pointer (&roster);
}

static const char *
check_field (const FbCheck *check)
{
  if (strcmp (check->code, "reason_required") == 0)
    return "reason";
  return NULL;
}

/* Answers with the first refusing check (403 authority, 422 rule);
 * FALSE when none refuses. */
static gboolean
refuse_by_check (SoupServerMessage *msg,
                 const FbCheck     *check)
{
  if (check == NULL)
    return FALSE;
  set_error (msg, check->kind == FB_CHECK_FORBIDDEN ? SOUP_STATUS_FORBIDDEN : 422,
             check->code, check_field (check), check->message);
  return TRUE;
}

/* 409 with what the client should have seen. Takes @current. */
static void
set_stale (SoupServerMessage *msg,
           const char        *field,
           const char        *message,
           JsonNode          *current)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_string_value (b, "stale_version");
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_set_member_name (b, "field");
  json_builder_add_string_value (b, field);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "current");
  json_builder_add_value (b, current);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  set_json (msg, SOUP_STATUS_CONFLICT, root);
}

static const char *
get_id_member (SoupServerMessage *msg,
               JsonObject        *object,
               const char        *name)
{
  const char *value = get_string_member (msg, object, name);

  if (value != NULL && strlen (value) > MAX_ID_BYTES)
    {
      g_autofree char *message = g_strdup_printf (_("Field “%s” is too long for an id"), name);
      set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", name, message);
      return NULL;
    }
  return value;
}

static const char *
get_date_member (SoupServerMessage *msg,
                 JsonObject        *object,
                 const char        *name)
{
  const char *value = fb_json_member_string (object, name);

  if (value == NULL || !fb_date_is_valid (value))
    {
      g_autofree char *message = g_strdup_printf (_("Field “%s” must be a date (YYYY-MM-DD)"), name);
      set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", name, message);
      return NULL;
    }
  return value;
}

/* The index of @name's string value in @values, or -1 (400 answered). */
static int
get_enum_member (SoupServerMessage  *msg,
                 JsonObject         *object,
                 const char         *name,
                 const char * const *values)
{
  const char *value = fb_json_member_string (object, name);
  int index = value ? fb_enum_from_string (values, value) : -1;

  if (index < 0)
    {
      g_autofree char *list = g_strjoinv (", ", (char **) values);
      g_autofree char *message = g_strdup_printf (_("Field “%s” must be one of %s"), name, list);
      set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", name, message);
    }
  return index;
}

static gboolean
optional_bool (SoupServerMessage *msg,
               JsonObject        *object,
               const char        *name,
               gboolean          *out)
{
  JsonNode *node = json_object_get_member (object, name);

  *out = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!fb_json_member_bool (object, name, out))
    {
      g_autofree char *message = g_strdup_printf (_("Field “%s” must be true or false"), name);
      set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", name, message);
      return FALSE;
    }
  return TRUE;
}

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

/* Only agents ask, each for themselves: 403 otherwise. */
static gboolean
asking_agent (SoupServerMessage *msg,
              const FbCaller    *caller,
              const char        *message)
{
  if (caller->user->role != FB_ROLE_AGENT || caller->user->agent_id == NULL)
    {
      set_error (msg, SOUP_STATUS_FORBIDDEN, "role_not_allowed", NULL, message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
may_ask_leave (SoupServerMessage *msg,
               const FbCaller    *caller)
{
  return asking_agent (msg, caller, _("Only agents ask for leave, each for themselves"));
}

static gboolean
may_ask_swap (SoupServerMessage *msg,
              const FbCaller    *caller)
{
  return asking_agent (msg, caller, _("Only agents ask for a swap, each for themselves"));
}

/* POST /api/v1/leave-requests */
static void
leave_submit (FbServer          *self,
              SoupServerMessage *msg,
              const FbCaller    *caller,
              JsonObject        *body,
              const char        *unused)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) row = NULL;
  g_autoptr(JsonNode) normalized = NULL;
  g_autoptr(FbLeaveRequest) leave = NULL;
  g_autoptr(FbRoster) roster = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *id = g_strconcat ("leave-", uuid, NULL);
  g_autofree char *now = fb_timestamp_to_iso (g_get_real_time () / G_USEC_PER_SEC);
  const char *agent_id, *start, *end, *reason;
  gboolean certificate;
  int type;

  agent_id = caller->user->agent_id;
  if ((type = get_enum_member (msg, body, "type", fb_leave_type_values)) < 0 ||
      !(start = get_date_member (msg, body, "start_date")) ||
      !(end = get_date_member (msg, body, "end_date")) ||
      !optional_string (msg, body, "reason", MAX_NOTE_CHARS, &reason) ||
      !optional_bool (msg, body, "certificate", &certificate))
    return;
  /* ISO dates compare as strings. */
  if (strcmp (end, start) < 0)
    {
      set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", "end_date",
                 _("The leave ends before it starts"));
      return;
    }

  json_builder_begin_object (b);
  add_string (b, "id", id);
  add_string (b, "agent_id", agent_id);
  add_string (b, "type", fb_leave_type_values[type]);
  add_string (b, "start_date", start);
  add_string (b, "end_date", end);
  if (reason != NULL && reason[0] != '\0')
    add_string (b, "reason", reason);
  add_string (b, "submitted_at", now);
  json_builder_set_member_name (b, "certificate");
  json_builder_add_boolean_value (b, certificate);
  add_string (b, "status", fb_request_status_values[FB_REQUEST_PENDING]);
  json_builder_end_object (b);
  row = json_builder_get_root (b);

  if (!(normalized = fb_entity_normalize (&fb_leave_request_spec, row, &error)) ||
      !(leave = fb_leave_request_from_json (normalized, &error)) ||
      !(roster = load_roster (self, NULL, &error)))
    {
      set_internal_error (msg, error);
      return;
    }
  checks = fb_leave_submit_checks (roster, leave);
  if (refuse_by_check (msg, fb_checks_first_blocking (checks)))
    return;
  store_and_answer (self, msg, caller, &fb_leave_request_spec, id, "leave_request.submit", NULL,
                    normalized, SOUP_STATUS_CREATED);
}

/* POST /api/v1/swap-requests: the caller is agent_a, whose shift agent_b
 * works on date_a; agent_a works agent_b's on date_b. */
static void
swap_submit (FbServer          *self,
             SoupServerMessage *msg,
             const FbCaller    *caller,
             JsonObject        *body,
             const char        *unused)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) row = NULL;
  g_autoptr(JsonNode) normalized = NULL;
  g_autoptr(FbSwapRequest) swap = NULL;
  g_autoptr(FbRoster) roster = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *id = g_strconcat ("swap-", uuid, NULL);
  g_autofree char *now = fb_timestamp_to_iso (g_get_real_time () / G_USEC_PER_SEC);
  const char *agent_a, *agent_b, *date_a, *date_b, *reason;
  const FbAgent *a, *b_agent;
  const FbTeam *team_a, *team_b;

  agent_a = caller->user->agent_id;
  if (!(agent_b = get_id_member (msg, body, "agent_b")) ||
      !(date_a = get_date_member (msg, body, "date_a")) ||
      !(date_b = get_date_member (msg, body, "date_b")) ||
      !optional_string (msg, body, "reason", MAX_NOTE_CHARS, &reason))
    return;
  if (strcmp (agent_a, agent_b) == 0)
    {
      set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", "agent_b",
                 _("A swap takes another agent"));
      return;
    }

  if (!(roster = load_roster (self, NULL, &error)))
    {
      set_internal_error (msg, error);
      return;
    }
  a = fb_roster_lookup_agent (roster, agent_a);
  b_agent = fb_roster_lookup_agent (roster, agent_b);
  if (a == NULL || b_agent == NULL)
    {
      set_error (msg, 422, "unknown_agent", a == NULL ? NULL : "agent_b", _("No such agent"));
      return;
    }
  /* The shifts swapped are the agents' own: their teams'. */
  team_a = fb_roster_lookup_team (roster, a->team_id);
  team_b = fb_roster_lookup_team (roster, b_agent->team_id);
  if (team_a == NULL || team_b == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("%s is in no team, so has no shift to swap"), (team_a ? b_agent : a)->name);
      set_error (msg, 422, "not_on_shift", team_a == NULL ? NULL : "agent_b", message);
      return;
    }

  json_builder_begin_object (b);
  add_string (b, "id", id);
  add_string (b, "agent_a", agent_a);
  add_string (b, "agent_b", agent_b);
  add_string (b, "date_a", date_a);
  add_string (b, "shift_a", fb_shift_values[team_a->shift]);
  add_string (b, "date_b", date_b);
  add_string (b, "shift_b", fb_shift_values[team_b->shift]);
  if (reason != NULL && reason[0] != '\0')
    add_string (b, "reason", reason);
  add_string (b, "submitted_at", now);
  add_string (b, "status", fb_request_status_values[FB_REQUEST_PENDING]);
  json_builder_set_member_name (b, "leader_a_approved");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "leader_b_approved");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_end_object (b);
  row = json_builder_get_root (b);

  if (!(normalized = fb_entity_normalize (&fb_swap_request_spec, row, &error)) ||
      !(swap = fb_swap_request_from_json (normalized, &error)))
    {
      set_internal_error (msg, error);
      return;
    }
  checks = fb_swap_submit_checks (roster, swap);
  if (refuse_by_check (msg, fb_checks_first_blocking (checks)))
    return;
  store_and_answer (self, msg, caller, &fb_swap_request_spec, id, "swap_request.submit", NULL,
                    normalized, SOUP_STATUS_CREATED);
}

/* POST /api/v1/{leave,swap}-requests/{id}/decision */
static void
request_decision (FbServer           *self,
                  SoupServerMessage  *msg,
                  const FbCaller     *caller,
                  JsonObject         *body,
                  const char         *id,
                  const FbEntitySpec *spec)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbChange) row = NULL;
  g_autoptr(FbRoster) roster = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(JsonNode) current = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(FbLeaveRequest) leave = NULL;
  g_autoptr(FbSwapRequest) swap = NULL;
  g_autofree char *audit_action = NULL;
  const FbCheck *refusal;
  const FbUser *user = caller->user;
  const char *reason;
  gint64 version, now = g_get_real_time () / G_USEC_PER_SEC;
  int decision;

  if ((decision = get_enum_member (msg, body, "decision", fb_decision_values)) < 0)
    return;
  if (!fb_json_member_int (body, "version", &version))
    {
      set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", "version",
                 _("Field “version” must be the version of the request you saw"));
      return;
    }
  if (!optional_string (msg, body, "reason", MAX_NOTE_CHARS, &reason))
    return;

  row = fb_server_store_get (self->store, spec->type, id, &error);
  if (row == NULL && !g_error_matches (error, FB_STORE_ERROR, FB_STORE_ERROR_NOT_FOUND))
    {
      set_internal_error (msg, error);
      return;
    }
  if (row == NULL || row->deleted)
    {
      set_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", NULL, _("No such request"));
      return;
    }
  g_clear_error (&error);
  if (!(current = json_from_string (row->data, &error)) ||
      !(roster = load_roster (self, NULL, &error)))
    {
      set_internal_error (msg, error);
      return;
    }
  if (spec == &fb_leave_request_spec)
    {
      if (!(leave = fb_leave_request_from_json (current, &error)))
        {
          set_internal_error (msg, error);
          return;
        }
      checks = fb_leave_decision_checks (roster, leave, decision, user->role, user->agent_id, reason);
    }
  else
    {
      if (!(swap = fb_swap_request_from_json (current, &error)))
        {
          set_internal_error (msg, error);
          return;
        }
      checks = fb_swap_decision_checks (roster, swap, decision, user->role, user->team_id,
                                        user->agent_id, reason);
    }

  /* Authority first, whatever version was sent; then staleness (the
   * request may be decided already: the client shows the current row);
   * then the rules. */
  refusal = fb_checks_first_blocking (checks);
  if (refusal != NULL && refusal->kind == FB_CHECK_FORBIDDEN)
    {
      refuse_by_check (msg, refusal);
      return;
    }
  if (version != row->version)
    {
      set_stale (msg, "version", _("Someone changed this request first; look at it again"),
                 change_node (row));
      return;
    }
  if (refuse_by_check (msg, refusal))
    return;

  if (spec == &fb_leave_request_spec)
    after = fb_leave_apply_decision (current, decision, caller->user_id, reason, now);
  else
    after = fb_swap_apply_decision (roster, current, decision, user->role, user->team_id,
                                    caller->user_id, reason, now);
  if (after == NULL)
    {
      set_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", NULL,
                 _("The server could not complete the request"));
      return;
    }
  audit_action = g_strconcat (spec->type, ".", fb_decision_values[decision], NULL);
  store_and_answer (self, msg, caller, spec, id, audit_action, row->data, after, SOUP_STATUS_OK);
}

static void
leave_decision (FbServer          *self,
                SoupServerMessage *msg,
                const FbCaller    *caller,
                JsonObject        *body,
                const char        *id)
{
  request_decision (self, msg, caller, body, id, &fb_leave_request_spec);
}

static void
swap_decision (FbServer          *self,
               SoupServerMessage *msg,
               const FbCaller    *caller,
               JsonObject        *body,
               const char        *id)
{
  request_decision (self, msg, caller, body, id, &fb_swap_request_spec);
}

/* Every plan row has the id sa-DATE-SHIFT-AGENT (the simulator and the
 * demo write the same): one row per agent and shift, and a plan is one
 * id range. */
static char *
plan_prefix (const char *date,
             FbShift     shift)
{
  return g_strdup_printf ("sa-%s-%s-", date, fb_shift_values[shift]);
}

static gboolean
role_may_assign_seats (SoupServerMessage *msg,
                       const FbCaller    *caller)
{
  if (fb_role_can_assign_seats (caller->user->role))
    return TRUE;
  set_error (msg, SOUP_STATUS_FORBIDDEN, "role_not_allowed", NULL,
             _("Seats are assigned by a supervisor or a manager"));
  return FALSE;
}

static JsonNode *
seat_assignment_row (const char *date,
                     FbShift     shift,
                     const char *seat_id,
                     const char *agent_id)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *prefix = plan_prefix (date, shift);
  g_autofree char *id = g_strconcat (prefix, agent_id, NULL);

  json_builder_begin_object (b);
  add_string (b, "id", id);
  add_string (b, "date", date);
  add_string (b, "shift", fb_shift_values[shift]);
  add_string (b, "seat_id", seat_id);
  add_string (b, "agent_id", agent_id);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* POST /api/v1/seat-assignments: one agent on one seat; the agent's
 * earlier seat that shift is released. */
static void
seat_assign (FbServer          *self,
             SoupServerMessage *msg,
             const FbCaller    *caller,
             JsonObject        *body,
             const char        *unused)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) plan = NULL;
  g_autoptr(FbRoster) roster = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GArray) picks = fb_seat_picks_new ();
  g_autoptr(JsonNode) row = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *id = NULL;
  const char *date, *seat_id, *agent_id, *before = NULL;
  FbSeatPick pick;
  int shift;

  if (!(date = get_date_member (msg, body, "date")) ||
      (shift = get_enum_member (msg, body, "shift", fb_shift_values)) < 0 ||
      !(seat_id = get_id_member (msg, body, "seat_id")) ||
      !(agent_id = get_id_member (msg, body, "agent_id")))
    return;

  prefix = plan_prefix (date, shift);
  id = g_strconcat (prefix, agent_id, NULL);
  if (!(plan = fb_server_store_list_prefix (self->store, "seat_assignment", prefix, &error)) ||
      !(roster = load_roster (self, plan, &error)))
    {
      set_internal_error (msg, error);
      return;
    }

  /* The new pick, then whoever holds the seat now: the rules call that
   * seat_taken. The pick's own problems come first. */
  pick = (FbSeatPick) { g_strdup (seat_id), g_strdup (agent_id) };
  g_array_append_val (picks, pick);
  for (guint i = 0; i < plan->len; i++)
    {
      FbChange *change = g_ptr_array_index (plan, i);
      g_autoptr(FbSeatAssignment) held = fb_entity_decode_string (&fb_seat_assignment_spec, change->data, -1, NULL);

      if (held == NULL)
        continue;
      if (strcmp (change->id, id) == 0)
        before = change->data;
      if (g_strcmp0 (held->seat_id, seat_id) == 0 && g_strcmp0 (held->agent_id, agent_id) != 0 &&
          fb_roster_lookup_agent (roster, held->agent_id) != NULL)
        {
          pick = (FbSeatPick) { g_strdup (held->seat_id), g_strdup (held->agent_id) };
          g_array_append_val (picks, pick);
        }
    }
  checks = fb_seat_plan_checks (roster, date, shift, (const FbSeatPick *) picks->data, picks->len,
                                caller->user->role);
  if (refuse_by_check (msg, fb_checks_first_blocking (checks)))
    return;

  /* A seat held by an agent no longer on the floor is free again. */
  for (guint i = 0; i < plan->len; i++)
    {
      FbChange *change = g_ptr_array_index (plan, i);
      g_autoptr(FbSeatAssignment) held = fb_entity_decode_string (&fb_seat_assignment_spec, change->data, -1, NULL);

      if (held != NULL && strcmp (change->id, id) != 0 &&
          g_strcmp0 (held->seat_id, seat_id) == 0 &&
          fb_server_store_remove (self->store, "seat_assignment", change->id, &error) <= 0)
        {
          set_internal_error (msg, error);
          return;
        }
    }
  row = seat_assignment_row (date, shift, seat_id, agent_id);
  store_and_answer (self, msg, caller, &fb_seat_assignment_spec, id, "seat_assignment.assign", before,
                    row, SOUP_STATUS_CREATED);
}

static JsonNode *
plan_node (GPtrArray *rows)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "assignments");
  json_builder_begin_array (b);
  for (guint i = 0; i < rows->len; i++)
    json_builder_add_value (b, change_node (g_ptr_array_index (rows, i)));
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* Parses "DATE/SHIFT" of the PUT path; 400 when either is wrong. */
static gboolean
parse_plan_target (SoupServerMessage  *msg,
                   const char         *target,
                   char              **date,
                   int                *shift)
{
  g_auto(GStrv) parts = g_strsplit (target, "/", 2);

  if (g_strv_length (parts) != 2 || !fb_date_is_valid (parts[0]))
    {
      set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", "date",
                 _("The path must name a date (YYYY-MM-DD) and a shift"));
      return FALSE;
    }
  if ((*shift = fb_enum_from_string (fb_shift_values, parts[1])) < 0)
    {
      set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", "shift",
                 _("The shift must be day or night"));
      return FALSE;
    }
  *date = g_strdup (parts[0]);
  return TRUE;
}

/* PUT /api/v1/seat-assignments/{date}/{shift}: the whole plan at once. */
static void
seat_plan (FbServer          *self,
           SoupServerMessage *msg,
           const FbCaller    *caller,
           JsonObject        *body,
           const char        *target)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) plan = NULL;
  g_autoptr(FbRoster) roster = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GArray) picks = fb_seat_picks_new ();
  g_autoptr(GHashTable) kept = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) stored = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_change_free);
  g_autoptr(GPtrArray) removed = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_change_free);
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *date = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *audit_target = NULL;
  const FbCheck *refusal;
  JsonNode *array_node;
  JsonArray *array;
  gint64 base_version, seen = 0;
  int shift;

  if (!parse_plan_target (msg, target, &date, &shift))
    return;
  if (!fb_json_member_int (body, "base_version", &base_version) || base_version < 0)
    {
      set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", "base_version",
                 _("Field “base_version” must be the highest version of the plan you saw, or 0"));
      return;
    }
  array_node = json_object_get_member (body, "assignments");
  if (array_node == NULL || !JSON_NODE_HOLDS_ARRAY (array_node) ||
      json_array_get_length (json_node_get_array (array_node)) > MAX_PLAN_PICKS)
    {
      set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", "assignments",
                 _("Field “assignments” must be a list of seats and agents"));
      return;
    }
  array = json_node_get_array (array_node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      g_autofree char *field = g_strdup_printf ("assignments[%u]", i);
      FbSeatPick pick = { NULL, NULL };
      const char *seat_id, *agent_id;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        {
          set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", field,
                     _("Each assignment must be an object with “seat_id” and “agent_id”"));
          return;
        }
      seat_id = fb_json_member_string (json_node_get_object (item), "seat_id");
      agent_id = fb_json_member_string (json_node_get_object (item), "agent_id");
      if (seat_id == NULL || agent_id == NULL || seat_id[0] == '\0' || agent_id[0] == '\0' ||
          strlen (seat_id) > MAX_ID_BYTES || strlen (agent_id) > MAX_ID_BYTES)
        {
          g_autofree char *name = g_strconcat (field, seat_id == NULL || seat_id[0] == '\0' ||
                                               strlen (seat_id) > MAX_ID_BYTES
                                               ? ".seat_id" : ".agent_id", NULL);
          g_autofree char *message = g_strdup_printf (_("Field “%s” must be an id"), name);
          set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", name, message);
          return;
        }
      pick.seat_id = g_strdup (seat_id);
      pick.agent_id = g_strdup (agent_id);
      g_array_append_val (picks, pick);
    }

  prefix = plan_prefix (date, shift);
  if (!(plan = fb_server_store_list_prefix (self->store, "seat_assignment", prefix, &error)) ||
      !(roster = load_roster (self, plan, &error)))
    {
      set_internal_error (msg, error);
      return;
    }
  for (guint i = 0; i < plan->len; i++)
    seen = MAX (seen, ((FbChange *) g_ptr_array_index (plan, i))->version);

  checks = fb_seat_plan_checks (roster, date, shift, (const FbSeatPick *) picks->data, picks->len,
                                caller->user->role);
  refusal = fb_checks_first_blocking (checks);
  if (refusal != NULL && refusal->kind == FB_CHECK_FORBIDDEN)
    {
      refuse_by_check (msg, refusal);
      return;
    }
  if (base_version != seen)
    {
      set_stale (msg, "base_version", _("Someone changed this seat plan first; look at it again"),
                 plan_node (plan));
      return;
    }
  if (refuse_by_check (msg, refusal))
    return;

  /* Every row of the plan is written again, unchanged ones too: the
   * plan's highest version is then this write's, and a client that saw
   * an older plan is told so even when only a removal happened since. */
  for (guint i = 0; i < picks->len; i++)
    {
      FbSeatPick *pick = &g_array_index (picks, FbSeatPick, i);
      g_autoptr(JsonNode) row = seat_assignment_row (date, shift, pick->seat_id, pick->agent_id);
      g_autoptr(JsonNode) normalized = NULL;
      const char *id = json_object_get_string_member (json_node_get_object (row), "id");
      FbChange *change;

      if (!(normalized = fb_entity_normalize (&fb_seat_assignment_spec, row, &error)) ||
          fb_server_store_put_node (self->store, "seat_assignment", id, normalized, &error) <= 0 ||
          !(change = fb_server_store_get (self->store, "seat_assignment", id, &error)))
        {
          set_internal_error (msg, error);
          return;
        }
      g_ptr_array_add (stored, change);
      g_hash_table_add (kept, change->id);
    }
  for (guint i = 0; i < plan->len; i++)
    {
      FbChange *old = g_ptr_array_index (plan, i);
      FbChange *change;

      if (g_hash_table_contains (kept, old->id))
        continue;
      if (fb_server_store_remove (self->store, "seat_assignment", old->id, &error) <= 0 ||
          !(change = fb_server_store_get (self->store, "seat_assignment", old->id, &error)))
        {
          set_internal_error (msg, error);
          return;
        }
      g_ptr_array_add (removed, change);
    }

  before = plan_node (plan);
  after = plan_node (stored);
  audit_target = g_strdup_printf ("%s/%s", date, fb_shift_values[shift]);
  if (!put_audit_node (self, caller->user_id, "seat_assignment.plan", "seat_assignment", audit_target,
                       before, after, &error))
    {
      set_internal_error (msg, error);
      return;
    }

  answer = plan_node (stored);
  {
    JsonObject *object = json_node_get_object (answer);
    JsonArray *gone = json_array_new ();

    json_object_set_string_member (object, "date", date);
    json_object_set_string_member (object, "shift", fb_shift_values[shift]);
    for (guint i = 0; i < removed->len; i++)
      json_array_add_element (gone, change_node (g_ptr_array_index (removed, i)));
    json_object_set_array_member (object, "removed", gone);
  }
  set_json (msg, SOUP_STATUS_OK, answer);
}

/* ---- duty reports (issue 6) --------------------------------------------- */

#define MAX_REPORT_CHARS 20000
#define MAX_REPORT_COUNT 1000000

static const char * const report_texts[] = {
  "system_problems", "issue_summary", "workload", "equipment_status",
  "difficult_cases", "staffing_changes", "handover_notes",
};
static const char * const report_counts[] = { "consultations", "inquiries", "complaints" };
/* Seeds: the report carries the issue summary and the workload for the
 * director, and the handover log is what the next shift reads. */
static const char * const report_required[] = { "issue_summary", "workload", "handover_notes" };

static gboolean
role_writes_reports (FbRole role)
{
  return role == FB_ROLE_SHIFT_LEADER || role == FB_ROLE_SUPERVISOR;
}

static gboolean
may_write_reports (SoupServerMessage *msg,
                   const FbCaller    *caller)
{
  if (role_writes_reports (caller->user->role))
    return TRUE;
  set_error (msg, SOUP_STATUS_FORBIDDEN, "role_not_allowed", NULL,
             _("Duty reports are written by the shift leader or the supervisor on duty"));
  return FALSE;
}

static gboolean
may_review_reports (SoupServerMessage *msg,
                    const FbCaller    *caller)
{
  if (caller->user->role == FB_ROLE_MANAGER || caller->user->role == FB_ROLE_DIRECTOR)
    return TRUE;
  set_error (msg, SOUP_STATUS_FORBIDDEN, "role_not_allowed", NULL,
             _("Duty reports are reviewed by a department head or the center director"));
  return FALSE;
}

/* The row's text member @name, empty when absent or blank. */
static gboolean
report_text_empty (JsonObject *row,
                   const char *name)
{
  const char *text = fb_json_member_string (row, name);

  if (text == NULL)
    return TRUE;
  for (; *text; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

/* 422 missing_field naming the first empty required field; FALSE if none. */
static gboolean
refuse_incomplete (SoupServerMessage *msg,
                   JsonObject        *row)
{
  for (guint i = 0; i < G_N_ELEMENTS (report_required); i++)
    if (report_text_empty (row, report_required[i]))
      {
        g_autofree char *message =
          g_strdup_printf (_("Field “%s” must be filled in before the report is submitted"), report_required[i]);
        set_error (msg, 422, "missing_field", report_required[i], message);
        return TRUE;
      }
  return FALSE;
}

static void
set_now (JsonObject *row,
         const char *name)
{
  g_autofree char *now = fb_timestamp_to_iso (g_get_real_time () / G_USEC_PER_SEC);

  json_object_set_string_member (row, name, now);
}

/* The report @id, NULL (404 answered, or 500) when there is none. */
static FbChange *
get_report (FbServer          *self,
            SoupServerMessage *msg,
            const char        *id,
            gboolean           absent_ok)
{
  g_autoptr(GError) error = NULL;
  FbChange *row = fb_server_store_get (self->store, "duty_report", id, &error);

  if (row == NULL && !g_error_matches (error, FB_STORE_ERROR, FB_STORE_ERROR_NOT_FOUND))
    {
      set_internal_error (msg, error);
      return NULL;
    }
  if (row != NULL && row->deleted)
    g_clear_pointer (&row, fb_change_free);
  if (row == NULL && !absent_ok)
    set_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", NULL, _("No such duty report"));
  return row;
}

static gboolean
get_version (SoupServerMessage *msg,
             JsonObject        *body,
             gint64            *version)
{
  if (!fb_json_member_int (body, "version", version) || *version < 0)
    {
      set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", "version",
                 _("Field “version” must be the version of the report you saw, or 0 for a new one"));
      return FALSE;
    }
  return TRUE;
}

/* Answers 403/422 unless @caller may do @action on the report of @shift
 * of @date (fb-duty-rules.h: the shift leader or the supervisor on duty
 * then); FALSE when refused or the roster could not be read. */
static gboolean
duty_allowed (FbServer          *self,
              SoupServerMessage *msg,
              const FbCaller    *caller,
              FbDutyAction       action,
              const char        *date,
              FbShift            shift,
              const char        *author)
{
  g_autoptr(FbRoster) roster = NULL;
  g_autoptr(FbCheck) check = NULL;
  g_autoptr(GError) error = NULL;

  if (!(roster = load_roster (self, NULL, &error)))
    {
      set_internal_error (msg, error);
      return FALSE;
    }
  check = fb_duty_report_check (roster, caller->user, action, date, shift, author);
  return !refuse_by_check (msg, check);
}

/* PUT /api/v1/duty-reports/{id}: writes a report (a draft, or a
 * submitted one still open to edits); with "submit": true it is submitted
 * in the same write, so a client offline needs no second version. */
static void
duty_put (FbServer          *self,
          SoupServerMessage *msg,
          const FbCaller    *caller,
          JsonObject        *body,
          const char        *id)
{
  g_autoptr(FbChange) row = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *data;
  const char *date;
  gint64 version;
  gboolean submit = FALSE;
  int shift;

  if (!(date = get_date_member (msg, body, "date")) ||
      (shift = get_enum_member (msg, body, "shift", fb_shift_values)) < 0 ||
      !get_version (msg, body, &version) || !optional_bool (msg, body, "submit", &submit))
    return;
  expected = g_strdup_printf ("duty-%s-%s", date, fb_shift_values[shift]);
  if (strcmp (expected, id) != 0)
    {
      g_autofree char *message = g_strdup_printf (_("The report of %s, %s has the id “%s”"), date,
                                                  fb_shift_values[shift], expected);
      set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", "date", message);
      return;
    }
  /* Whoever wrote it before: only that shift's leader or a supervisor
   * on duty then writes over it, or creates it. */
  if (!duty_allowed (self, msg, caller, FB_DUTY_WRITE, date, shift, NULL))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (report_texts); i++)
    {
      const char *text;

      if (!optional_string (msg, body, report_texts[i], MAX_REPORT_CHARS, &text))
        return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (report_counts); i++)
    {
      JsonNode *node = json_object_get_member (body, report_counts[i]);
      gint64 n;

      if (node != NULL && !JSON_NODE_HOLDS_NULL (node) &&
          (!fb_json_member_int (body, report_counts[i], &n) || n < 0 || n > MAX_REPORT_COUNT))
        {
          g_autofree char *message = g_strdup_printf (_("Field “%s” must be a whole number from 0 to %d"),
                                                      report_counts[i], MAX_REPORT_COUNT);
          set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", report_counts[i], message);
          return;
        }
    }
  if (json_object_has_member (body, "figures") &&
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (body, "figures")) &&
      !JSON_NODE_HOLDS_NULL (json_object_get_member (body, "figures")))
    {
      set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", "figures",
                 _("Field “figures” must be an object"));
      return;
    }

  if (!(row = get_report (self, msg, id, TRUE)) && soup_server_message_get_status (msg) != 0 &&
      soup_server_message_get_status (msg) != SOUP_STATUS_NONE)
    return;
  if (row == NULL ? version != 0 : version != row->version)
    {
      set_stale (msg, "version", _("Someone changed this report first; look at it again"),
                 row ? change_node (row) : json_node_new (JSON_NODE_NULL));
      return;
    }

  if (row != NULL)
    {
      if (!(after = json_from_string (row->data, &error)))
        {
          set_internal_error (msg, error);
          return;
        }
    }
  else
    {
      after = json_node_init_object (json_node_alloc (), json_object_new ());
      data = json_node_get_object (after);
      json_object_set_string_member (data, "id", id);
      json_object_set_string_member (data, "date", date);
      json_object_set_string_member (data, "shift", fb_shift_values[shift]);
      json_object_set_string_member (data, "status", "draft");
    }
  data = json_node_get_object (after);
  /* The author is who wrote the text as it stands: the last writer (the
   * audit keeps who wrote what before). */
  json_object_set_string_member (data, "author", caller->user_id);
  if (g_strcmp0 (fb_json_member_string (data, "status"), "reviewed") == 0)
    {
      set_error (msg, 422, "already_reviewed", NULL, _("A reviewed report can no longer be changed"));
      return;
    }
  if (submit && g_strcmp0 (fb_json_member_string (data, "status"), "draft") != 0)
    {
      set_error (msg, 422, "already_submitted", NULL, _("This shift’s report has already been submitted"));
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (report_texts); i++)
    if (json_object_has_member (body, report_texts[i]))
      json_object_set_member (data, report_texts[i], json_node_copy (json_object_get_member (body, report_texts[i])));
  for (guint i = 0; i < G_N_ELEMENTS (report_counts); i++)
    if (json_object_has_member (body, report_counts[i]))
      json_object_set_member (data, report_counts[i], json_node_copy (json_object_get_member (body, report_counts[i])));
  if (json_object_has_member (body, "figures"))
    json_object_set_member (data, "figures", json_node_copy (json_object_get_member (body, "figures")));
  if (submit)
    {
      if (refuse_incomplete (msg, data))
        return;
      json_object_set_string_member (data, "status", "submitted");
      set_now (data, "submitted_at");
    }
  store_and_answer (self, msg, caller, &fb_duty_report_spec, id,
                    submit ? "duty_report.submit" : "duty_report.write",
                    row ? row->data : NULL, after, row ? SOUP_STATUS_OK : SOUP_STATUS_CREATED);
}

typedef enum { REPORT_SUBMIT, REPORT_REVIEW, REPORT_ACKNOWLEDGE } ReportVerb;
static const char * const report_verbs[] = { "submit", "review", "acknowledge" };

/* POST /api/v1/duty-reports/{id}/{submit,review,acknowledge} */
static void
duty_action (FbServer          *self,
             SoupServerMessage *msg,
             const FbCaller    *caller,
             JsonObject        *body,
             const char        *id,
             ReportVerb         verb)
{
  g_autoptr(FbChange) row = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *audit_action = NULL;
  JsonObject *data;
  const char *status, *note = NULL;
  gint64 version;
  int shift;

  if (!get_version (msg, body, &version) ||
      (verb == REPORT_REVIEW && !optional_string (msg, body, "note", MAX_NOTE_CHARS, &note)))
    return;
  if (!(row = get_report (self, msg, id, FALSE)))
    return;
  if (version != row->version)
    {
      set_stale (msg, "version", _("Someone changed this report first; look at it again"), change_node (row));
      return;
    }
  if (!(after = json_from_string (row->data, &error)) || !JSON_NODE_HOLDS_OBJECT (after))
    {
      set_internal_error (msg, error);
      return;
    }
  data = json_node_get_object (after);
  status = fb_json_member_string (data, "status");
  /* Stored rows were checked on the way in; one that is not is not guessed at. */
  shift = fb_json_member_string (data, "shift")
          ? fb_enum_from_string (fb_shift_values, fb_json_member_string (data, "shift")) : -1;
  if (verb != REPORT_REVIEW &&
      (shift < 0 || fb_json_member_string (data, "date") == NULL ||
       !fb_date_is_valid (fb_json_member_string (data, "date"))))
    {
      g_autoptr(GError) bad = g_error_new (FB_STORE_ERROR, FB_STORE_ERROR_SQL, "duty report %s has no date or shift", id);

      set_internal_error (msg, bad);
      return;
    }
  if (verb != REPORT_REVIEW &&
      !duty_allowed (self, msg, caller, verb == REPORT_ACKNOWLEDGE ? FB_DUTY_ACKNOWLEDGE : FB_DUTY_WRITE,
                     fb_json_member_string (data, "date"), (FbShift) shift,
                     fb_json_member_string (data, "author")))
    return;

  switch (verb)
    {
    case REPORT_SUBMIT:
      if (g_strcmp0 (status, "draft") != 0)
        {
          set_error (msg, 422, "already_submitted", NULL, _("This shift’s report has already been submitted"));
          return;
        }
      if (refuse_incomplete (msg, data))
        return;
      json_object_set_string_member (data, "status", "submitted");
      set_now (data, "submitted_at");
      break;

    case REPORT_REVIEW:
      if (g_strcmp0 (status, "draft") == 0)
        {
          set_error (msg, 422, "not_submitted", NULL, _("The report has not been submitted yet"));
          return;
        }
      if (g_strcmp0 (status, "reviewed") == 0)
        {
          set_error (msg, 422, "already_reviewed", NULL, _("The report has already been reviewed"));
          return;
        }
      json_object_set_string_member (data, "status", "reviewed");
      json_object_set_string_member (data, "reviewed_by", caller->user_id);
      set_now (data, "reviewed_at");
      if (note != NULL && *note != '\0')
        json_object_set_string_member (data, "review_note", note);
      break;

    case REPORT_ACKNOWLEDGE:
    default:
      if (g_strcmp0 (status, "draft") == 0)
        {
          set_error (msg, 422, "not_submitted", NULL, _("The report has not been submitted yet"));
          return;
        }
      if (fb_json_member_string (data, "acknowledged_by") != NULL)
        {
          set_error (msg, 422, "already_acknowledged", NULL, _("The handover has already been acknowledged"));
          return;
        }
      json_object_set_string_member (data, "acknowledged_by", caller->user_id);
      set_now (data, "acknowledged_at");
      break;
    }
  audit_action = g_strconcat ("duty_report.", report_verbs[verb], NULL);
  store_and_answer (self, msg, caller, &fb_duty_report_spec, id, audit_action, row->data, after, SOUP_STATUS_OK);
}

static void
duty_submit (FbServer *self, SoupServerMessage *msg, const FbCaller *caller, JsonObject *body, const char *id)
{
  duty_action (self, msg, caller, body, id, REPORT_SUBMIT);
}

static void
duty_review (FbServer *self, SoupServerMessage *msg, const FbCaller *caller, JsonObject *body, const char *id)
{
  duty_action (self, msg, caller, body, id, REPORT_REVIEW);
}

static void
duty_acknowledge (FbServer *self, SoupServerMessage *msg, const FbCaller *caller, JsonObject *body, const char *id)
{
  duty_action (self, msg, caller, body, id, REPORT_ACKNOWLEDGE);
}

/* The request body as JSON, when it is some and small, for a refusal's
 * verb. */
static JsonNode *
audited_request (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  /* Through the guard: the body refused may be one nested to crash. */
  if (len == 0 || len > MAX_AUDITED_REQUEST)
    return NULL;
  return fb_json_parse (data, len, NULL, NULL);
}

/* @text as valid UTF-8 of at most @max bytes, cut ones ending in "…": a
 * refusal's row is kept however long the id the client made up. */
static char *
audited_text (const char *text,
              gsize       max)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  gsize end = max;

  if (strlen (valid) <= max)
    return g_steal_pointer (&valid);
  /* Back to the start of a character. */
  while (end > 0 && (valid[end] & 0xC0) == 0x80)
    end--;
  valid[end] = '\0';
  return g_strconcat (valid, "…", NULL);
}

/* What was refused, not a copy of it: a copy would let any user fill the
 * disk and every director's /sync with bodies the server did not take. */
static JsonNode *
audited_body (SoupServerMessage *msg)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "bytes");
  json_builder_add_int_value (b, (gint64) g_bytes_get_size (bytes));
  json_builder_set_member_name (b, "sha256");
  json_builder_add_string_value (b, digest);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* A refused write rolled back: its audit row goes in a transaction of
 * its own. before = null, after = {"status", "error": {code, message,
 * field}, "route", "target_version", "request": {"bytes", "sha256"}}. */
static void
audit_refusal (FbServer          *self,
               SoupServerMessage *msg,
               const FbCaller    *caller,
               const char        *target_type,
               const char        *target_id,
               gboolean           target_is_row,
               const char        *verb)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) request = audited_request (msg);
  g_autoptr(GBytes) answer_bytes = soup_message_body_flatten (soup_server_message_get_response_body (msg));
  g_autofree char *answer_text = g_strndup (g_bytes_get_data (answer_bytes, NULL), g_bytes_get_size (answer_bytes));
  g_autoptr(JsonNode) answer = json_from_string (answer_text, NULL);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(FbChange) row = NULL;
  g_autofree char *action = NULL;
  g_autofree char *target = target_id ? audited_text (target_id, MAX_AUDITED_TARGET) : NULL;
  g_autofree char *route = NULL;
  JsonNode *err = answer && JSON_NODE_HOLDS_OBJECT (answer)
                  ? json_object_get_member (json_node_get_object (answer), "error") : NULL;

  /* A decision's verb is in its body: "leave_request.approve.refused". */
  if (verb == NULL && request != NULL && JSON_NODE_HOLDS_OBJECT (request))
    {
      const char *decision = fb_json_member_string (json_node_get_object (request), "decision");

      if (decision != NULL && fb_enum_from_string (fb_decision_values, decision) >= 0)
        verb = decision;
    }
  action = g_strdup_printf ("%s.%s.refused", target_type, verb ? verb : "decide");

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "status");
  json_builder_add_int_value (b, soup_server_message_get_status (msg));
  json_builder_set_member_name (b, "error");
  if (err != NULL)
    json_builder_add_value (b, json_node_copy (err));
  else
    json_builder_add_null_value (b);
  {
    g_autofree char *path = audited_text (g_uri_get_path (soup_server_message_get_uri (msg)), MAX_AUDITED_TARGET);

    route = g_strdup_printf ("%s %s", soup_server_message_get_method (msg), path);
  }
  json_builder_set_member_name (b, "route");
  json_builder_add_string_value (b, route);
  /* The row as it stood, by its version, not a copy: a refused write must
   * not copy a 100 KB report each time. That version's data is the row
   * itself, or the "before" of the accepted write that next changed it. */
  if (target_is_row && target_id != NULL &&
      (row = fb_server_store_get (self->store, target_type, target_id, NULL)) != NULL && !row->deleted)
    {
      json_builder_set_member_name (b, "target_version");
      json_builder_add_int_value (b, row->version);
    }
  json_builder_set_member_name (b, "request");
  json_builder_add_value (b, audited_body (msg));
  json_builder_end_object (b);
  after = json_builder_get_root (b);

  if (!fb_server_store_begin (self->store, &error))
    {
      g_warning ("Could not audit a refused %s: %s", action, error->message);
      return;
    }
  if (!put_audit_node (self, caller->user_id, action, target_type, target, NULL, after, &error) ||
      !fb_server_store_commit (self->store, &error))
    {
      fb_server_store_rollback (self->store);
      g_warning ("Could not audit a refused %s: %s", action, error->message);
    }
}

/* A write whose every refusal (4xx) is audited. A refusal's answer is not
 * kept, as on every route: it changed no row, and the client may send it
 * again fixed. */
static void
handle_audited_write (FbServer          *self,
                      SoupServerMessage *msg,
                      const char        *path,
                      const FbCaller    *caller,
                      const Route       *route,
                      const char        *target_id)
{
  guint status;

  if (check_method (msg, route->method) &&
      handle_write (self, msg, path, caller, target_id, route->may, route->write))
    return;  /* the first answer again: audited the first time */
  status = soup_server_message_get_status (msg);
  if (SOUP_STATUS_IS_CLIENT_ERROR (status))
    audit_refusal (self, msg, caller, route->audit->target_type, target_id,
                   route->audit->target_is_row, route->audit->verb);
}

/* A kept session: whether it still holds, and whose it is. */
static void
session_get (FbServer          *self,
             SoupServerMessage *msg,
             GHashTable        *query,
             const FbCaller    *caller)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "server_id");
  json_builder_add_string_value (b, fb_server_store_get_server_id (self->store));
  json_builder_set_member_name (b, "user");
  json_builder_add_value (b, fb_user_to_json (caller->user));
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  set_json (msg, SOUP_STATUS_OK, root);
}

/* Sign-out: the token stops working at once, not when it expires. */
static void
session_delete (FbServer          *self,
                SoupServerMessage *msg,
                GHashTable        *query,
                const FbCaller    *caller)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autofree char *token_hash = fb_auth_token_hash (soup_message_headers_get_one (headers, "Authorization") + 7);
  g_autoptr(GError) error = NULL;

  if (!fb_server_store_remove_session (self->store, token_hash, &error))
    set_internal_error (msg, error);
  else
    {
      live_end_session (self, token_hash, "signed_out");
      soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
    }
}

#define AUDITED(type, verb, is_row) .audit = &(const RouteAudit) { type, verb, is_row }

/* Every route of the API v1 but the live socket's upgrade. A path that
 * matches a row with another method is answered by its first row: 405
 * after that row's sign-in check (and audited when that row is). */
static const Route routes[] = {
  /* Any method but GET and DELETE is a sign-in attempt: 405 unsigned. */
  { "POST",   "/api/v1/session", .open = TRUE, .read = handle_session },
  { "GET",    "/api/v1/session", .read = session_get },
  { "DELETE", "/api/v1/session", .read = session_delete },

  { "GET",    "/api/v1/sync", .read = handle_sync },
  { "GET",    "/api/v1/queues/stats", .read = handle_queue_stats },

  { "POST",   "/api/v1/escalations/{id}/actions", .write = escalation_action },
  { "POST",   "/api/v1/qa-evaluations", .write = qa_evaluation, .may = may_record_qa },

  { "POST",   "/api/v1/leave-requests", .write = leave_submit, .may = may_ask_leave,
    AUDITED ("leave_request", "submit", FALSE) },
  { "POST",   "/api/v1/swap-requests", .write = swap_submit, .may = may_ask_swap,
    AUDITED ("swap_request", "submit", FALSE) },
  /* The verb of a decision is the body's "decision". */
  { "POST",   "/api/v1/leave-requests/{id}/decision", .write = leave_decision,
    AUDITED ("leave_request", NULL, TRUE) },
  { "POST",   "/api/v1/swap-requests/{id}/decision", .write = swap_decision,
    AUDITED ("swap_request", NULL, TRUE) },

  { "POST",   "/api/v1/duty-reports/{id}/submit", .write = duty_submit, .may = may_write_reports,
    AUDITED ("duty_report", "submit", TRUE) },
  { "POST",   "/api/v1/duty-reports/{id}/review", .write = duty_review, .may = may_review_reports,
    AUDITED ("duty_report", "review", TRUE) },
  { "POST",   "/api/v1/duty-reports/{id}/acknowledge", .write = duty_acknowledge, .may = may_write_reports,
    AUDITED ("duty_report", "acknowledge", TRUE) },
  { "PUT",    "/api/v1/duty-reports/{id}", .write = duty_put, .may = may_write_reports,
    AUDITED ("duty_report", "write", TRUE) },

  { "POST",   "/api/v1/seat-assignments", .write = seat_assign, .may = role_may_assign_seats,
    AUDITED ("seat_assignment", "assign", FALSE) },
  /* The plan's target is "DATE/SHIFT…": the handler says 400 of a wrong one. */
  { "PUT",    "/api/v1/seat-assignments/{date}/{shift...}", .write = seat_plan, .may = role_may_assign_seats,
    AUDITED ("seat_assignment", "plan", FALSE) },
};

#undef AUDITED

/* Matches @path to @pattern: "{name}" takes one non-empty segment, a last
 * "{name...}" the rest of the path, whatever it holds. *@target is the text
 * from the first placeholder to the end of the last (NULL without any). */
static gboolean
route_match (const char  *pattern,
             const char  *path,
             char       **target)
{
  const char *p = pattern, *s = path, *start = NULL, *end = NULL;

  while (*p != '\0')
    {
      if (*p == '{')
        {
          const char *close = strchr (p, '}');

          g_assert (close != NULL);
          if (start == NULL)
            start = s;
          if (close - p > 4 && strncmp (close - 3, "...", 3) == 0)
            s += strlen (s);
          else
            {
              gsize len = strcspn (s, "/");

              if (len == 0)
                return FALSE;
              s += len;
            }
          end = s;
          p = close + 1;
        }
      else if (*p++ != *s++)
        return FALSE;
    }
  if (*s != '\0')
    return FALSE;
  *target = start != NULL ? g_strndup (start, end - start) : NULL;
  return TRUE;
}

/* The row for @method on @path, or the first row of @path when none has
 * @method; NULL when no row has @path. */
static const Route *
route_find (const char  *method,
            const char  *path,
            char       **target)
{
  const Route *found = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      g_autofree char *matched = NULL;

      if (!route_match (routes[i].pattern, path, &matched))
        continue;
      if (found == NULL || strcmp (routes[i].method, method) == 0)
        {
          found = &routes[i];
          g_free (*target);
          *target = g_steal_pointer (&matched);
        }
      if (strcmp (found->method, method) == 0)
        break;
    }
  return found;
}

static void
api_handler (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  FbServer *self = user_data;
  g_autoptr(FbCaller) caller = NULL;
  g_autofree char *target = NULL;
  const Route *route;

  /* Already answered in the early handler or while reading (413). */
  if (soup_server_message_get_status (msg) != 0)
    return;

  g_hash_table_replace (self->request_counts, g_strdup (path),
                        GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (self->request_counts, path)) + 1));

  route = route_find (soup_server_message_get_method (msg), path, &target);
  /* Everything but signing in needs a session, even to learn what does
   * not exist. */
  if ((route == NULL || !route->open) && !(caller = authenticate (self, msg)))
    return;
  if (route == NULL)
    set_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", NULL, _("No such resource"));
  else if (route->audit != NULL)
    handle_audited_write (self, msg, path, caller, route, target);
  else if (!check_method (msg, route->method))
    return;
  else if (route->write != NULL)
    handle_write (self, msg, path, caller, target, route->may, route->write);
  else if (route->may == NULL || route->may (msg, caller))
    route->read (self, msg, query, caller);
}

static void
root_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  if (soup_server_message_get_status (msg) != 0)
    return;
  set_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", NULL, _("No such resource"));
}


/* ---- live push ---------------------------------------------------------- */

#define LIVE_INTERVAL_MS 1000

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
static void
live_end_session (FbServer   *self,
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
      else if (!(user = load_user (self, user_id, &error)))
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
static void
store_changed_cb (FbServerStore *store,
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

static void
live_handler (SoupServer              *server,
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

static void
live_early_handler (SoupServer        *server,
                    SoupServerMessage *msg,
                    const char        *path,
                    GHashTable        *query,
                    gpointer           user_data)
{
  FbServer *self = user_data;
  g_autoptr(FbCaller) caller = NULL;

  if (soup_server_message_get_status (msg) != 0 || rate_limited (self, msg))
    return;
  /* The upgrade authenticates with the same bearer header. */
  if (!(caller = authenticate (self, msg)))
    return;
  if (caller->user->role == FB_ROLE_AGENT)
    {
      set_error (msg, SOUP_STATUS_FORBIDDEN, "forbidden", NULL,
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
  self->request_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
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
  soup_server_add_handler (self->soup, "/api/v1", api_handler, self, NULL);
  soup_server_add_handler (self->soup, NULL, root_handler, self, NULL);
  soup_server_add_early_handler (self->soup, "/api/v1/live", live_early_handler, self, NULL);
  soup_server_add_websocket_handler (self->soup, "/api/v1/live", NULL, NULL, live_handler, self, NULL);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (request_started_cb), self);
  g_signal_connect (store, "changed", G_CALLBACK (store_changed_cb), self);
  self->changed_cursor = self->live_cursor = fb_server_store_get_cursor (store);
  /* Answers of a week ago go at startup, then as writes come. */
  prune_replies (self);
  return self;
}

FbServerStore *
fb_server_get_store (FbServer *self)
{
  g_return_val_if_fail (FB_IS_SERVER (self), NULL);
  return self->store;
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
fb_server_get_password_checks (FbServer *self)
{
  g_return_val_if_fail (FB_IS_SERVER (self), 0);
  return (guint) g_atomic_int_get (&self->password_checks);
}
