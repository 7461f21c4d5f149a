/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-sync-engine-session.c: signing in, a session kept in the Secret Service, signing out */
#define G_LOG_DOMAIN "floorboard-sync"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "fb-entity.h"
#include "fb-json-build.h"
#include "fb-json-guard.h"
#include "fb-keyring.h"
#include "fb-sync-engine.h"
#include "fb-sync-engine-private.h"

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

  fb_sync_engine_mark_reachable (self);
  fb_sync_engine_set_last_sync (self, fb_sync_now_s ());
}

static void
start_session (FbSyncEngine *self)
{
  self->first_since = self->cursor;
  fb_sync_engine_set_state (self, FB_SYNC_STATE_SYNCING);
  fb_sync_engine_request_page (self);
  /* Writes made while signed out or offline go now, in order. */
  fb_sync_engine_flush_outbox (self);
}

/* A write to the Secret Service (keeping or forgetting a session): how it
 * finishes, and what its failure means. */
typedef struct
{
  gboolean  (*finish) (GAsyncResult  *result,
                       GError       **error);
  const char *failure;
} KeyringWrite;

/* No Secret Service: the session lasts as long as the app, no longer,
 * and is never written anywhere else. */
static const KeyringWrite keep_write = {
  fb_keyring_store_finish, "The session is not kept for the next start"
};
static const KeyringWrite forget_write = {
  fb_keyring_clear_finish, "The kept session could not be removed"
};

static void
keyring_written_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  const KeyringWrite *write = user_data;
  g_autoptr(GError) error = NULL;

  if (!write->finish (result, &error) && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("%s: %s", write->failure, error->message);
}

/* Into the Secret Service, for the next start to go on without a password. */
static void
keep_session (FbSyncEngine *self)
{
  FbKeptSession session = { self->token, self->user_id, self->role, self->server_id };

  if (!self->keep_sessions || self->token == NULL)
    return;
  fb_keyring_store_async (self->server_url, self->username, &session, self->keyring_cancellable,
                          keyring_written_cb, (gpointer) &keep_write);
}

/* A token that no longer works, or a sign-out: nothing kept to go on with. */
static void
forget_session (FbSyncEngine *self)
{
  if (!self->keep_sessions || self->server_url == NULL || self->username == NULL)
    return;
  fb_keyring_clear_async (self->server_url, self->username, NULL, keyring_written_cb,
                          (gpointer) &forget_write);
}

/* Credentials or a token that stopped working: signed out, with @message
 * shown and as @task's error, and nothing kept to retry in a loop. */
static void
end_session (FbSyncEngine *self,
             GTask        *task,
             const char   *message)
{
  forget_session (self);
  fb_sync_engine_set_message (self, message);
  fb_sync_engine_set_state (self, FB_SYNC_STATE_SIGNED_OUT);
  g_task_return_new_error (task, FB_SYNC_ERROR, FB_SYNC_ERROR_BAD_CREDENTIALS, "%s", message);
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
  fb_sync_engine_go_error (self, message);
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
  g_autofree char *zone = NULL;

  if ((root = fb_json_parse (g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL, NULL)) &&
      JSON_NODE_HOLDS_OBJECT (root))
    object = json_node_get_object (root);
  if (object == NULL ||
      !(id = fb_json_member_string (object, "server_id")) ||
      (token != NULL && !(token_text = fb_json_member_string (object, "token"))) ||
      !(user_node = json_object_get_member (object, "user")) ||
      !fb_sync_read_time_zone (object, &zone) ||
      !(user = fb_user_from_json (user_node, NULL)))
    {
      g_task_return_new_error (task, FB_SYNC_ERROR, FB_SYNC_ERROR_PROTOCOL,
                               _("%s did not answer like a Floorboard server"), self->server_url);
      fb_sync_engine_go_error (self, _("The server’s answer was not understood"));
      return NULL;
    }
  *server_id = g_strdup (id);
  if (token != NULL)
    *token = g_strdup (token_text);
  /* Written with the next page, on the thread that writes the cache. */
  g_free (self->time_zone);
  self->time_zone = g_steal_pointer (&zone);
  return user;
}

static void
login_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;     /* may hold NULL task: see fb_sync_engine_start_login */
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
      fb_sync_engine_go_offline (self, _("The server cannot be reached"));
      return;
    }

  self->busy = FALSE;
  status = soup_message_get_status (msg);
  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_BAD_REQUEST)
    {
      g_autofree char *message = fb_sync_error_message_from_body (body, status, _("Wrong user name or password"));

      /* Credentials that stopped working are not retried in a loop. */
      g_clear_pointer (&self->password, g_free);
      end_session (self, task, message);
      return;
    }
  if (status != SOUP_STATUS_OK)
    {
      g_autofree char *message = fb_sync_error_message_from_body (body, status, NULL);
      g_task_return_new_error (task, FB_SYNC_ERROR, FB_SYNC_ERROR_SERVER,
                               _("The server refused to sign in: %s"), message);
      fb_sync_engine_go_error (self, message);
      return;
    }

  if (!(user = parse_session (self, task, body, &server_id, &token)))
    return;
  take_session (self, token, server_id, user);
  keep_session (self);
  g_task_return_boolean (task, TRUE);
  start_session (self);
}

void
fb_sync_engine_start_login (FbSyncEngine *self,
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
      fb_sync_engine_set_state (self, FB_SYNC_STATE_SIGNED_OUT);
      g_task_return_new_error (task, FB_SYNC_ERROR, FB_SYNC_ERROR_BAD_CREDENTIALS,
                               _("Sign in again to continue"));
      g_object_unref (task);
      return;
    }

  json_builder_begin_object (b);
  fb_json_add_string (b, "username", self->username);
  fb_json_add_string (b, "password", self->password);
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
    fb_sync_engine_set_state (self, FB_SYNC_STATE_CONNECTING);
  soup_session_send_and_read_async (self->session, msg, G_PRIORITY_DEFAULT,
                                    self->cancellable, login_cb, task);
}

/* Stops, then works for @username at @url (with @password, or none kept
 * for a kept session). */
static void
switch_account (FbSyncEngine *self,
                const char   *url,
                const char   *username,
                const char   *password)
{
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
      fb_sync_engine_set_pending_writes (self, 0);
    }

  g_free (self->server_url);
  self->server_url = g_strdup (url);
  g_free (self->username);
  self->username = g_strdup (username);
  g_free (self->password);
  self->password = g_strdup (password);
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

  if (!(url = fb_sync_normalize_url (server_url, &error)))
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

  switch_account (self, url, username, password);
  fb_sync_engine_notify (self, PROP_SERVER_URL);
  fb_sync_engine_notify (self, PROP_USERNAME);

  fb_sync_engine_start_login (self, task);
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
      fb_sync_engine_go_offline (self, _("The server cannot be reached"));
      g_task_return_boolean (task, TRUE);
      fb_sync_engine_flush_outbox (self);
      return;
    }

  status = soup_message_get_status (msg);
  if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      g_clear_pointer (&self->token, g_free);
      end_session (self, task, _("The session has ended; sign in again"));
      return;
    }
  if (status != SOUP_STATUS_OK)
    {
      g_autofree char *message = fb_sync_error_message_from_body (body, status, NULL);

      fb_sync_engine_go_error (self, message);
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

  switch_account (self, server_url, username, NULL);
  self->token = g_steal_pointer (&session->token);
  /* Who we were, until the server says who we are: the pages show the
   * floor for this role while offline. */
  g_free (self->role);
  self->role = g_steal_pointer (&session->role);
  g_free (self->user_id);
  self->user_id = g_steal_pointer (&session->user_id);
  fb_sync_engine_notify (self, PROP_SERVER_URL);
  fb_sync_engine_notify (self, PROP_USERNAME);

  url = g_strdup_printf ("%s/api/v1/session", self->server_url);
  msg = fb_sync_new_message (SOUP_METHOD_GET, url, self->token);
  g_task_set_task_data (task, g_object_ref (msg), g_object_unref);
  self->busy = TRUE;
  fb_sync_engine_set_state (self, FB_SYNC_STATE_CONNECTING);
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
  if (!(url = fb_sync_normalize_url (server_url, &error)))
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
  msg = fb_sync_new_message (SOUP_METHOD_DELETE, url, token);
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
