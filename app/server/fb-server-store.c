/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-server-store.c: the storage interface of the server. */
#define G_LOG_DOMAIN "floorboard-server"

#include "fb-store.h"
#include "fb-server-store.h"

G_DEFINE_INTERFACE (FbServerStore, fb_server_store, G_TYPE_OBJECT)

static void
fb_server_store_default_init (FbServerStoreInterface *iface)
{
  /**
   * FbServerStore::changed:
   * @cursor: the newest version after the change
   *
   * Emitted once rows changed and the change is durable (after commit).
   * The SQLite backend emits it itself; a PostgreSQL one would emit it on
   * LISTEN/NOTIFY so every server's live sockets hear every change.
   */
  g_signal_new ("changed", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST,
                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

#define IFACE(self) FB_SERVER_STORE_GET_IFACE (self)

const char *
fb_server_store_get_server_id (FbServerStore *self)
{
  g_return_val_if_fail (FB_IS_SERVER_STORE (self), NULL);
  return IFACE (self)->get_server_id (self);
}

gboolean
fb_server_store_begin (FbServerStore  *self,
                       GError        **error)
{
  g_return_val_if_fail (FB_IS_SERVER_STORE (self), FALSE);
  return IFACE (self)->begin (self, error);
}

gboolean
fb_server_store_commit (FbServerStore  *self,
                        GError        **error)
{
  g_return_val_if_fail (FB_IS_SERVER_STORE (self), FALSE);
  return IFACE (self)->commit (self, error);
}

void
fb_server_store_rollback (FbServerStore *self)
{
  g_return_if_fail (FB_IS_SERVER_STORE (self));
  IFACE (self)->rollback (self);
}

gboolean
fb_server_store_is_empty (FbServerStore *self)
{
  g_return_val_if_fail (FB_IS_SERVER_STORE (self), FALSE);
  return IFACE (self)->is_empty (self);
}

gint64
fb_server_store_put (FbServerStore  *self,
                     const char     *type,
                     const char     *id,
                     const char     *data,
                     GError        **error)
{
  g_return_val_if_fail (FB_IS_SERVER_STORE (self), 0);
  g_return_val_if_fail (type != NULL && id != NULL && data != NULL, 0);
  return IFACE (self)->put (self, type, id, data, error);
}

gint64
fb_server_store_put_node (FbServerStore  *self,
                          const char     *type,
                          const char     *id,
                          JsonNode       *data,
                          GError        **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (FB_IS_SERVER_STORE (self), 0);
  g_return_val_if_fail (data != NULL && JSON_NODE_HOLDS_OBJECT (data), 0);

  text = json_to_string (data, FALSE);
  return fb_server_store_put (self, type, id, text, error);
}

gint64
fb_server_store_remove (FbServerStore  *self,
                        const char     *type,
                        const char     *id,
                        GError        **error)
{
  g_return_val_if_fail (FB_IS_SERVER_STORE (self), 0);
  g_return_val_if_fail (type != NULL && id != NULL, 0);
  return IFACE (self)->remove (self, type, id, error);
}

FbChange *
fb_server_store_get (FbServerStore  *self,
                     const char     *type,
                     const char     *id,
                     GError        **error)
{
  g_return_val_if_fail (FB_IS_SERVER_STORE (self), NULL);
  g_return_val_if_fail (type != NULL && id != NULL, NULL);
  return IFACE (self)->get (self, type, id, error);
}

GPtrArray *
fb_server_store_list (FbServerStore  *self,
                      const char     *type,
                      GError        **error)
{
  g_return_val_if_fail (FB_IS_SERVER_STORE (self), NULL);
  g_return_val_if_fail (type != NULL, NULL);
  return IFACE (self)->list (self, type, error);
}

GPtrArray *
fb_server_store_changes_since (FbServerStore  *self,
                               gint64          since,
                               guint           limit,
                               gboolean       *more,
                               GError        **error)
{
  g_return_val_if_fail (FB_IS_SERVER_STORE (self), NULL);
  g_return_val_if_fail (limit > 0, NULL);
  return IFACE (self)->changes_since (self, since, limit, more, error);
}

gint64
fb_server_store_get_cursor (FbServerStore *self)
{
  g_return_val_if_fail (FB_IS_SERVER_STORE (self), 0);
  return IFACE (self)->get_cursor (self);
}

gboolean
fb_server_store_add_credentials (FbServerStore  *self,
                                 const char     *username,
                                 const char     *user_id,
                                 const char     *password_hash,
                                 GError        **error)
{
  g_return_val_if_fail (FB_IS_SERVER_STORE (self), FALSE);
  g_return_val_if_fail (username != NULL && user_id != NULL && password_hash != NULL, FALSE);
  return IFACE (self)->add_credentials (self, username, user_id, password_hash, error);
}

gboolean
fb_server_store_get_credentials (FbServerStore  *self,
                                 const char     *username,
                                 char          **user_id,
                                 char          **password_hash,
                                 GError        **error)
{
  g_return_val_if_fail (FB_IS_SERVER_STORE (self), FALSE);
  g_return_val_if_fail (username != NULL, FALSE);
  return IFACE (self)->get_credentials (self, username, user_id, password_hash, error);
}

gboolean
fb_server_store_add_session (FbServerStore  *self,
                             const char     *token_hash,
                             const char     *user_id,
                             gint64          expires_at,
                             GError        **error)
{
  g_return_val_if_fail (FB_IS_SERVER_STORE (self), FALSE);
  g_return_val_if_fail (token_hash != NULL && user_id != NULL, FALSE);
  return IFACE (self)->add_session (self, token_hash, user_id, expires_at, error);
}

char *
fb_server_store_lookup_session (FbServerStore *self,
                                const char    *token_hash,
                                gint64         now)
{
  g_return_val_if_fail (FB_IS_SERVER_STORE (self), NULL);
  g_return_val_if_fail (token_hash != NULL, NULL);
  return IFACE (self)->lookup_session (self, token_hash, now);
}

gboolean
fb_server_store_remove_session (FbServerStore  *self,
                                const char     *token_hash,
                                GError        **error)
{
  g_return_val_if_fail (FB_IS_SERVER_STORE (self), FALSE);
  g_return_val_if_fail (token_hash != NULL, FALSE);
  return IFACE (self)->remove_session (self, token_hash, error);
}

gboolean
fb_server_store_get_reply (FbServerStore  *self,
                           const char     *user_id,
                           const char     *key,
                           char          **request_hash,
                           guint          *status,
                           char          **body,
                           GError        **error)
{
  g_return_val_if_fail (FB_IS_SERVER_STORE (self), FALSE);
  g_return_val_if_fail (user_id != NULL && key != NULL, FALSE);
  return IFACE (self)->get_reply (self, user_id, key, request_hash, status, body, error);
}

gboolean
fb_server_store_put_reply (FbServerStore  *self,
                           const char     *user_id,
                           const char     *key,
                           const char     *method,
                           const char     *path,
                           const char     *request_hash,
                           guint           status,
                           const char     *body,
                           GError        **error)
{
  g_return_val_if_fail (FB_IS_SERVER_STORE (self), FALSE);
  g_return_val_if_fail (user_id != NULL && key != NULL && request_hash != NULL && body != NULL, FALSE);
  g_return_val_if_fail (method != NULL && path != NULL, FALSE);
  return IFACE (self)->put_reply (self, user_id, key, method, path, request_hash, status, body, error);
}

GPtrArray *
fb_server_store_list_prefix (FbServerStore  *self,
                             const char     *type,
                             const char     *id_prefix,
                             GError        **error)
{
  g_return_val_if_fail (FB_IS_SERVER_STORE (self), NULL);
  g_return_val_if_fail (type != NULL && id_prefix != NULL, NULL);
  return IFACE (self)->list_prefix (self, type, id_prefix, error);
}

gint64
fb_server_store_prune_replies (FbServerStore  *self,
                               gint64          before,
                               GError        **error)
{
  g_return_val_if_fail (FB_IS_SERVER_STORE (self), -1);
  return IFACE (self)->prune_replies (self, before, error);
}
