/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-server-store.h: what the server's routes need from storage.
 *
 * Narrow on purpose: routes speak only this interface, so a PostgreSQL
 * backend can stand beside the SQLite one (fb-sqlite-server-store.c)
 * without any route changing. Versions come from one center-wide
 * sequence: a row's version is the sequence number of its last change,
 * and the /sync cursor is the highest version a client has seen.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "fb-types.h"

G_BEGIN_DECLS

#define FB_TYPE_SERVER_STORE (fb_server_store_get_type ())
G_DECLARE_INTERFACE (FbServerStore, fb_server_store, FB, SERVER_STORE, GObject)

struct _FbServerStoreInterface
{
  GTypeInterface parent_iface;

  const char *(*get_server_id)   (FbServerStore  *self);
  gboolean    (*begin)           (FbServerStore  *self,
                                  GError        **error);
  gboolean    (*commit)          (FbServerStore  *self,
                                  GError        **error);
  void        (*rollback)        (FbServerStore  *self);
  gboolean    (*is_empty)        (FbServerStore  *self);
  gint64      (*put)             (FbServerStore  *self,
                                  const char     *type,
                                  const char     *id,
                                  const char     *data,
                                  GError        **error);
  gint64      (*remove)          (FbServerStore  *self,
                                  const char     *type,
                                  const char     *id,
                                  GError        **error);
  FbChange   *(*get)             (FbServerStore  *self,
                                  const char     *type,
                                  const char     *id,
                                  GError        **error);
  GPtrArray  *(*list)            (FbServerStore  *self,
                                  const char     *type,
                                  GError        **error);
  GPtrArray  *(*changes_since)   (FbServerStore  *self,
                                  gint64          since,
                                  guint           limit,
                                  gboolean       *more,
                                  GError        **error);
  gint64      (*get_cursor)      (FbServerStore  *self);
  gboolean    (*add_credentials) (FbServerStore  *self,
                                  const char     *username,
                                  const char     *user_id,
                                  const char     *password_hash,
                                  GError        **error);
  gboolean    (*get_credentials) (FbServerStore  *self,
                                  const char     *username,
                                  char          **user_id,
                                  char          **password_hash,
                                  GError        **error);
  gboolean    (*add_session)     (FbServerStore  *self,
                                  const char     *token_hash,
                                  const char     *user_id,
                                  gint64          expires_at,
                                  GError        **error);
  char       *(*lookup_session)  (FbServerStore  *self,
                                  const char     *token_hash,
                                  gint64          now);
  gboolean    (*remove_session)  (FbServerStore  *self,
                                  const char     *token_hash,
                                  GError        **error);
  gboolean    (*get_reply)       (FbServerStore  *self,
                                  const char     *user_id,
                                  const char     *key,
                                  char          **request_hash,
                                  guint          *status,
                                  char          **body,
                                  GError        **error);
  gboolean    (*put_reply)       (FbServerStore  *self,
                                  const char     *user_id,
                                  const char     *key,
                                  const char     *method,
                                  const char     *path,
                                  const char     *request_hash,
                                  guint           status,
                                  const char     *body,
                                  GError        **error);
  GPtrArray  *(*list_prefix)     (FbServerStore  *self,
                                  const char     *type,
                                  const char     *id_prefix,
                                  GError        **error);
  gint64      (*prune_replies)   (FbServerStore  *self,
                                  gint64          before,
                                  GError        **error);
};

const char *fb_server_store_get_server_id   (FbServerStore  *self);
/* Groups writes; put/remove outside begin/commit commit on their own. */
gboolean    fb_server_store_begin           (FbServerStore  *self,
                                             GError        **error);
gboolean    fb_server_store_commit          (FbServerStore  *self,
                                             GError        **error);
void        fb_server_store_rollback        (FbServerStore  *self);
gboolean    fb_server_store_is_empty        (FbServerStore  *self);
/* Stores @data (a JSON object, already validated) as the row's new state;
 * returns its new version, or 0 with @error. */
gint64      fb_server_store_put             (FbServerStore  *self,
                                             const char     *type,
                                             const char     *id,
                                             const char     *data,
                                             GError        **error);
gint64      fb_server_store_put_node        (FbServerStore  *self,
                                             const char     *type,
                                             const char     *id,
                                             JsonNode       *data,
                                             GError        **error);
/* Leaves a tombstone; returns its version. */
gint64      fb_server_store_remove          (FbServerStore  *self,
                                             const char     *type,
                                             const char     *id,
                                             GError        **error);
FbChange   *fb_server_store_get             (FbServerStore  *self,
                                             const char     *type,
                                             const char     *id,
                                             GError        **error);
/* The live rows of @type (FbChange), ordered by id. */
GPtrArray  *fb_server_store_list            (FbServerStore  *self,
                                             const char     *type,
                                             GError        **error);
/* Up to @limit changes with version > @since, oldest first (FbChange). */
GPtrArray  *fb_server_store_changes_since   (FbServerStore  *self,
                                             gint64          since,
                                             guint           limit,
                                             gboolean       *more,
                                             GError        **error);
gint64      fb_server_store_get_cursor      (FbServerStore  *self);
/* Adds a user's credentials, or sets a new password: then every session
 * the user had ends (a reset must lock out whoever held the old one). */
gboolean    fb_server_store_add_credentials (FbServerStore  *self,
                                             const char     *username,
                                             const char     *user_id,
                                             const char     *password_hash,
                                             GError        **error);
/* FALSE without error when the user does not exist. */
gboolean    fb_server_store_get_credentials (FbServerStore  *self,
                                             const char     *username,
                                             char          **user_id,
                                             char          **password_hash,
                                             GError        **error);
gboolean    fb_server_store_add_session     (FbServerStore  *self,
                                             const char     *token_hash,
                                             const char     *user_id,
                                             gint64          expires_at,
                                             GError        **error);
/* Ends a session (sign-out): its token stops working at once. Removing
 * one that is not there is no error. */
gboolean    fb_server_store_remove_session  (FbServerStore  *self,
                                             const char     *token_hash,
                                             GError        **error);
/* The user id of an unexpired session, or NULL. */
char       *fb_server_store_lookup_session  (FbServerStore  *self,
                                             const char     *token_hash,
                                             gint64          now);

/* The first answer to a write with this Idempotency-Key from this user:
 * FALSE without error when there is none. */
gboolean    fb_server_store_get_reply       (FbServerStore  *self,
                                             const char     *user_id,
                                             const char     *key,
                                             char          **request_hash,
                                             guint          *status,
                                             char          **body,
                                             GError        **error);
/* Keeps the answer, inside the write's own transaction (so a write and
 * its answer are durable together or not at all). @request_hash covers
 * @method, @path and the body; a backend stores it as given. */
gboolean    fb_server_store_put_reply       (FbServerStore  *self,
                                             const char     *user_id,
                                             const char     *key,
                                             const char     *method,
                                             const char     *path,
                                             const char     *request_hash,
                                             guint           status,
                                             const char     *body,
                                             GError        **error);
/* The live rows of @type whose id starts with @id_prefix, ordered by id:
 * one date's seat plan ("sa-DATE-SHIFT-") without reading years of them. */
GPtrArray  *fb_server_store_list_prefix     (FbServerStore  *self,
                                             const char     *type,
                                             const char     *id_prefix,
                                             GError        **error);
/* Forgets the answers kept before @before (unix seconds); returns how
 * many, or -1 with @error. */
gint64      fb_server_store_prune_replies   (FbServerStore  *self,
                                             gint64          before,
                                             GError        **error);

G_END_DECLS
