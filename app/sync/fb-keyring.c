/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-keyring.c: the session token in the Secret Service (libsecret). */
#define G_LOG_DOMAIN "floorboard-sync"

#include <glib/gi18n.h>
#include <string.h>

#include <json-glib/json-glib.h>
#include <libsecret/secret.h>

#include "fb-keyring.h"

/* The token and who it speaks for, in one secret: a session is restored
 * whole or not at all. Only the address and user name are attributes. */
static const SecretSchema *
session_schema (void)
{
  static const SecretSchema schema = {
    "org.floorboard.Floorboard.Session", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL
  };

  return &schema;
}

void
fb_kept_session_free (FbKeptSession *session)
{
  if (session == NULL)
    return;
  if (session->token != NULL)
    memset (session->token, 0, strlen (session->token));
  g_free (session->token);
  g_free (session->user_id);
  g_free (session->role);
  g_free (session->server_id);
  g_free (session);
}

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
add_member (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

void
fb_keyring_store_async (const char          *server_url,
                        const char          *username,
                        const FbKeptSession *session,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (server_url != NULL && username != NULL);
  g_return_if_fail (session != NULL && session->token != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_keyring_store_async);
  json_builder_begin_object (b);
  add_member (b, "token", session->token);
  add_member (b, "user_id", session->user_id);
  add_member (b, "role", session->role);
  add_member (b, "server_id", session->server_id);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  secret = json_to_string (root, FALSE);
  /* Translators: the name of the kept sign-in in Passwords and Keys;
   * %1$s is a user name, %2$s a server address */
  label = g_strdup_printf (_("Floorboard session of %1$s at %2$s"), username, server_url);
  secret_password_store (session_schema (), SECRET_COLLECTION_DEFAULT, label, secret,
                         cancellable, stored_cb, g_steal_pointer (&task),
                         "server", server_url, "username", username, NULL);
  memset (secret, 0, strlen (secret));
}

gboolean
fb_keyring_store_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static char *
dup_member (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

static void
looked_up_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(FbKeptSession) session = NULL;
  GError *error = NULL;
  char *secret = secret_password_lookup_finish (result, &error);
  JsonNode *root;

  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (secret == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  session = g_new0 (FbKeptSession, 1);
  if (json_parser_load_from_data (parser, secret, -1, NULL) &&
      JSON_NODE_HOLDS_OBJECT ((root = json_parser_get_root (parser))))
    {
      JsonObject *object_root = json_node_get_object (root);

      session->token = dup_member (object_root, "token");
      session->user_id = dup_member (object_root, "user_id");
      session->role = dup_member (object_root, "role");
      session->server_id = dup_member (object_root, "server_id");
    }
  secret_password_free (secret);
  /* Not one of ours (or from another version): as if none were kept. */
  if (session->token == NULL || session->token[0] == '\0')
    g_clear_pointer (&session, fb_kept_session_free);
  g_task_return_pointer (task, g_steal_pointer (&session), (GDestroyNotify) fb_kept_session_free);
}

void
fb_keyring_lookup_async (const char          *server_url,
                         const char          *username,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (server_url != NULL && username != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_keyring_lookup_async);
  secret_password_lookup (session_schema (), cancellable, looked_up_cb, task,
                          "server", server_url, "username", username, NULL);
}

FbKeptSession *
fb_keyring_lookup_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
cleared_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  /* Nothing to clear is fine: the point is that nothing is kept. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
fb_keyring_clear_async (const char          *server_url,
                        const char          *username,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (server_url != NULL && username != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_keyring_clear_async);
  secret_password_clear (session_schema (), cancellable, cleared_cb, task,
                         "server", server_url, "username", username, NULL);
}

gboolean
fb_keyring_clear_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
