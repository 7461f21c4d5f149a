/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-server-session.c: signing in (throttled, hashed off the main loop), bearer
 * sessions and signing out. */
#define G_LOG_DOMAIN "floorboard-server"

#include <glib/gi18n.h>
#include <string.h>

#include "fb-auth.h"
#include "fb-server-private.h"

void
fb_caller_free (FbCaller *caller)
{
  g_free (caller->user_id);
  g_clear_pointer (&caller->user, fb_user_free);
  g_free (caller);
}

FbUser *
_fb_server_load_user (FbServer    *self,
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
      _fb_server_set_error (msg, SOUP_STATUS_UNAUTHORIZED, "bad_credentials", NULL,
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

  if (!(user = _fb_server_load_user (self, data->user_id, &error)))
    {
      _fb_server_set_error (msg, SOUP_STATUS_UNAUTHORIZED, "bad_credentials", NULL,
                            _("Wrong user name or password"));
      goto out;
    }

  token = fb_auth_new_token ();
  token_hash = fb_auth_token_hash (token);
  expires_at = g_get_real_time () / G_USEC_PER_SEC + FB_SERVER_SESSION_LIFETIME_S;
  if (!fb_server_store_add_session (self->store, token_hash, data->user_id, expires_at, &error))
    {
      _fb_server_set_internal_error (msg, error);
      goto out;
    }

  expires_iso = fb_timestamp_to_iso (expires_at);
  b = json_builder_new ();
  json_builder_begin_object (b);
  _fb_server_add_string (b, "token", token);
  _fb_server_add_string (b, "expires_at", expires_iso);
  _fb_server_add_identity (self, b);
  json_builder_set_member_name (b, "user");
  json_builder_add_value (b, fb_user_to_json (user));
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  _fb_server_set_json (msg, SOUP_STATUS_OK, root);

out:
  soup_server_message_unpause (msg);
}

/* POST /api/v1/session: signs in. */
void
_fb_server_handle_session (FbServer          *self,
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

  if (!(object = _fb_server_parse_body (msg, &root)))
    return;
  if (!(username = _fb_server_get_string_member (msg, object, "username")) ||
      !(password = _fb_server_get_string_member (msg, object, "password")))
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
        _fb_server_set_error (msg, 429, "too_many_attempts", NULL,
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
          _fb_server_set_internal_error (msg, error);
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
      _fb_server_set_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", NULL,
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

FbCaller *
_fb_server_authenticate (FbServer          *self,
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
      _fb_server_set_error (msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized", NULL,
                            _("Sign in first: this request needs a bearer token"));
      return NULL;
    }

  token_hash = fb_auth_token_hash (auth + 7);
  caller = g_new0 (FbCaller, 1);
  caller->user_id = fb_server_store_lookup_session (self->store, token_hash,
                                                    g_get_real_time () / G_USEC_PER_SEC);
  if (caller->user_id == NULL || !(caller->user = _fb_server_load_user (self, caller->user_id, &error)))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Bearer error=\"invalid_token\"");
      _fb_server_set_error (msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized", NULL,
                            _("The session has expired or is not valid; sign in again"));
      return NULL;
    }
  return g_steal_pointer (&caller);
}

/* A kept session: whether it still holds, and whose it is. */
void
_fb_server_session_get (FbServer          *self,
                        SoupServerMessage *msg,
                        GHashTable        *query,
                        const FbCaller    *caller)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  _fb_server_add_identity (self, b);
  json_builder_set_member_name (b, "user");
  json_builder_add_value (b, fb_user_to_json (caller->user));
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  _fb_server_set_json (msg, SOUP_STATUS_OK, root);
}

/* Sign-out: the token stops working at once, not when it expires. */
void
_fb_server_session_delete (FbServer          *self,
                           SoupServerMessage *msg,
                           GHashTable        *query,
                           const FbCaller    *caller)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autofree char *token_hash = fb_auth_token_hash (soup_message_headers_get_one (headers, "Authorization") + 7);
  g_autoptr(GError) error = NULL;

  if (!fb_server_store_remove_session (self->store, token_hash, &error))
    _fb_server_set_internal_error (msg, error);
  else
    {
      _fb_server_live_end_session (self, token_hash, "signed_out");
      soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
    }
}
