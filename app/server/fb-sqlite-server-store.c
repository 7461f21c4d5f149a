/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-sqlite-server-store.c: FbServerStore on one SQLite file (WAL,
 * synchronous=FULL so an acknowledged write survives a crash). */
#define G_LOG_DOMAIN "floorboard-server"

#include <glib/gi18n.h>

#include "fb-store-private.h"
#include "fb-sqlite-server-store.h"

struct _FbSqliteServerStore
{
  GObject   parent_instance;
  FbStore  *store;
  char     *server_id;
  guint     depth;       /* > 0 inside begin/commit */
  gboolean  dirty;       /* rows changed in the open transaction */
};

static void server_store_iface_init (FbServerStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FbSqliteServerStore, fb_sqlite_server_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (FB_TYPE_SERVER_STORE, server_store_iface_init))

static const char * const server_migrations[] = {
  FB_STORE_MIGRATION_ROWS,
  /* 2: who may sign in, and their sessions (tokens kept only as hashes). */
  "CREATE TABLE credentials (username TEXT PRIMARY KEY, user_id TEXT NOT NULL UNIQUE,"
  "  password_hash TEXT NOT NULL);"
  "CREATE TABLE sessions (token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);"
  "CREATE UNIQUE INDEX rows_version_unique ON rows (version);",
  /* 3: the first answer to each write, by user and Idempotency-Key. */
  "CREATE TABLE replies (user_id TEXT NOT NULL, key TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL, request_hash TEXT NOT NULL,"
  "  status INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (user_id, key));",
  /* 4: what each key was used for, readable without the hash (older
   * rows keep '': their request_hash still tells a reuse). */
  "ALTER TABLE replies ADD COLUMN method TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE replies ADD COLUMN path TEXT NOT NULL DEFAULT '';",
  /* 5: the audit log is append-only, whatever code runs: the database
   * itself refuses to change or remove an entry. */
  "CREATE TRIGGER audit_no_update BEFORE UPDATE ON rows WHEN old.type = 'audit' "
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;"
  "CREATE TRIGGER audit_no_delete BEFORE DELETE ON rows WHEN old.type = 'audit' "
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;",
  NULL
};

static gboolean
step_done (FbSqliteServerStore  *self,
           sqlite3_stmt         *stmt,
           GError              **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return fb_store_set_error (self->store, error);
  return TRUE;
}

static gint64 get_cursor (FbServerStore *store);

static const char *
get_server_id (FbServerStore *store)
{
  return FB_SQLITE_SERVER_STORE (store)->server_id;
}

static gboolean
begin (FbServerStore  *store,
       GError        **error)
{
  FbSqliteServerStore *self = FB_SQLITE_SERVER_STORE (store);

  g_return_val_if_fail (self->depth == 0, FALSE);
  if (!fb_store_begin (self->store, error))
    return FALSE;
  self->depth++;
  return TRUE;
}

static gboolean
commit (FbServerStore  *store,
        GError        **error)
{
  FbSqliteServerStore *self = FB_SQLITE_SERVER_STORE (store);

  g_return_val_if_fail (self->depth == 1, FALSE);
  self->depth--;
  if (!fb_store_commit (self->store, error))
    {
      self->dirty = FALSE;
      return FALSE;
    }
  if (self->dirty)
    {
      self->dirty = FALSE;
      g_signal_emit_by_name (self, "changed", get_cursor (store));
    }
  return TRUE;
}

static void
rollback (FbServerStore *store)
{
  FbSqliteServerStore *self = FB_SQLITE_SERVER_STORE (store);

  self->depth = 0;
  self->dirty = FALSE;
  fb_store_rollback (self->store);
}

static gboolean
is_empty (FbServerStore *store)
{
  return fb_store_count_rows (FB_SQLITE_SERVER_STORE (store)->store, NULL) == 0;
}

static gint64
get_cursor (FbServerStore *store)
{
  static const char sql[] = "SELECT coalesce(max(version), 0) FROM rows";
  FbSqliteServerStore *self = FB_SQLITE_SERVER_STORE (store);
  sqlite3_stmt *stmt;
  gint64 cursor = 0;

  if (!(stmt = fb_store_prepare (self->store, sql, NULL)))
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    cursor = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return cursor;
}

/* One change at the next sequence number, in its own transaction unless
 * the caller holds one. */
static gint64
write_change (FbSqliteServerStore  *self,
              const char           *type,
              const char           *id,
              const char           *data,
              GError              **error)
{
  g_autoptr(FbChange) change = NULL;
  gboolean own = self->depth == 0;

  if (own && !fb_store_begin (self->store, error))
    return 0;

  change = fb_change_new (type, id, get_cursor (FB_SERVER_STORE (self)) + 1, data == NULL, data);
  if (!fb_store_apply_change (self->store, change, NULL, error))
    {
      if (own)
        fb_store_rollback (self->store);
      return 0;
    }

  if (own)
    {
      if (!fb_store_commit (self->store, error))
        return 0;
      g_signal_emit_by_name (self, "changed", change->version);
    }
  else
    self->dirty = TRUE;
  return change->version;
}

static gint64
put (FbServerStore  *store,
     const char     *type,
     const char     *id,
     const char     *data,
     GError        **error)
{
  return write_change (FB_SQLITE_SERVER_STORE (store), type, id, data, error);
}

static gint64
remove_row (FbServerStore  *store,
            const char     *type,
            const char     *id,
            GError        **error)
{
  return write_change (FB_SQLITE_SERVER_STORE (store), type, id, NULL, error);
}

static FbChange *
get (FbServerStore  *store,
     const char     *type,
     const char     *id,
     GError        **error)
{
  return fb_store_get_row (FB_SQLITE_SERVER_STORE (store)->store, type, id, error);
}

static GPtrArray *
list (FbServerStore  *store,
      const char     *type,
      GError        **error)
{
  return fb_store_list_rows (FB_SQLITE_SERVER_STORE (store)->store, type, error);
}

static GPtrArray *
changes_since (FbServerStore  *store,
               gint64          since,
               guint           limit,
               gboolean       *more,
               GError        **error)
{
  static const char sql[] =
    "SELECT type, id, version, deleted, data FROM rows "
    "WHERE version > ?1 ORDER BY version LIMIT ?2";
  FbSqliteServerStore *self = FB_SQLITE_SERVER_STORE (store);
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_change_free);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = fb_store_prepare (self->store, sql, error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, since);
  /* One more than asked tells whether another page follows. */
  sqlite3_bind_int64 (stmt, 2, (gint64) limit + 1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (changes, fb_store_change_from_stmt (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      fb_store_set_error (self->store, error);
      return NULL;
    }

  if (more != NULL)
    *more = changes->len > limit;
  if (changes->len > limit)
    g_ptr_array_set_size (changes, limit);
  return g_steal_pointer (&changes);
}

static gboolean
add_credentials (FbServerStore  *store,
                 const char     *username,
                 const char     *user_id,
                 const char     *password_hash,
                 GError        **error)
{
  static const char sql[] =
    "INSERT INTO credentials (username, user_id, password_hash) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash";
  /* A new password is a reset, often of a compromised account: the
   * sessions the old one opened end with it (their live sockets close at
   * the next tick). */
  static const char sql_end[] = "DELETE FROM sessions WHERE user_id = ?1";
  FbSqliteServerStore *self = FB_SQLITE_SERVER_STORE (store);
  sqlite3_stmt *stmt;

  if (!(stmt = fb_store_prepare (self->store, sql_end, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_TRANSIENT);
  if (!step_done (self, stmt, error))
    return FALSE;

  if (!(stmt = fb_store_prepare (self->store, sql, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, username, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, password_hash, -1, SQLITE_TRANSIENT);
  return step_done (self, stmt, error);
}

static gboolean
get_credentials (FbServerStore  *store,
                 const char     *username,
                 char          **user_id,
                 char          **password_hash,
                 GError        **error)
{
  static const char sql[] =
    "SELECT user_id, password_hash FROM credentials WHERE username = ?1";
  FbSqliteServerStore *self = FB_SQLITE_SERVER_STORE (store);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = fb_store_prepare (self->store, sql, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, username, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (user_id != NULL)
        *user_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      if (password_hash != NULL)
        *password_hash = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return fb_store_set_error (self->store, error);
  return rc == SQLITE_ROW;
}

static gboolean
add_session (FbServerStore  *store,
             const char     *token_hash,
             const char     *user_id,
             gint64          expires_at,
             GError        **error)
{
  static const char sql[] =
    "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)";
  static const char sql_expire[] = "DELETE FROM sessions WHERE expires_at <= ?1";
  FbSqliteServerStore *self = FB_SQLITE_SERVER_STORE (store);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  sqlite3_stmt *stmt;

  /* Forget expired sessions as new ones arrive. */
  if (!(stmt = fb_store_prepare (self->store, sql_expire, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now);
  if (!step_done (self, stmt, error))
    return FALSE;

  if (!(stmt = fb_store_prepare (self->store, sql, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, token_hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_int64 (stmt, 4, expires_at);
  return step_done (self, stmt, error);
}

static char *
lookup_session (FbServerStore *store,
                const char    *token_hash,
                gint64         now)
{
  static const char sql[] =
    "SELECT user_id FROM sessions WHERE token_hash = ?1 AND expires_at > ?2";
  FbSqliteServerStore *self = FB_SQLITE_SERVER_STORE (store);
  sqlite3_stmt *stmt;
  char *user_id = NULL;

  if (!(stmt = fb_store_prepare (self->store, sql, NULL)))
    return NULL;
  sqlite3_bind_text (stmt, 1, token_hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, now);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    user_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return user_id;
}

static gboolean
remove_session (FbServerStore  *store,
                const char     *token_hash,
                GError        **error)
{
  static const char sql[] = "DELETE FROM sessions WHERE token_hash = ?1";
  FbSqliteServerStore *self = FB_SQLITE_SERVER_STORE (store);
  sqlite3_stmt *stmt;

  if (!(stmt = fb_store_prepare (self->store, sql, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, token_hash, -1, SQLITE_TRANSIENT);
  return step_done (self, stmt, error);
}

static gboolean
get_reply (FbServerStore  *store,
           const char     *user_id,
           const char     *key,
           char          **request_hash,
           guint          *status,
           char          **body,
           GError        **error)
{
  static const char sql[] =
    "SELECT request_hash, status, body FROM replies WHERE user_id = ?1 AND key = ?2";
  FbSqliteServerStore *self = FB_SQLITE_SERVER_STORE (store);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = fb_store_prepare (self->store, sql, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, key, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *request_hash = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      *status = (guint) sqlite3_column_int (stmt, 1);
      *body = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return fb_store_set_error (self->store, error);
  return rc == SQLITE_ROW;
}

static gboolean
put_reply (FbServerStore  *store,
           const char     *user_id,
           const char     *key,
           const char     *method,
           const char     *path,
           const char     *request_hash,
           guint           status,
           const char     *body,
           GError        **error)
{
  static const char sql[] =
    "INSERT INTO replies (user_id, key, created_at, request_hash, status, body, method, path) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
  FbSqliteServerStore *self = FB_SQLITE_SERVER_STORE (store);
  sqlite3_stmt *stmt;

  if (!(stmt = fb_store_prepare (self->store, sql, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_text (stmt, 4, request_hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 5, (int) status);
  sqlite3_bind_text (stmt, 6, body, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, method, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, path, -1, SQLITE_TRANSIENT);
  return step_done (self, stmt, error);
}

static GPtrArray *
list_prefix (FbServerStore  *store,
             const char     *type,
             const char     *id_prefix,
             GError        **error)
{
  /* A range on the primary key (type, id), so the index serves it. */
  static const char sql[] =
    "SELECT type, id, version, deleted, data FROM rows "
    "WHERE type = ?1 AND id >= ?2 AND id < ?3 AND deleted = 0 ORDER BY id";
  FbSqliteServerStore *self = FB_SQLITE_SERVER_STORE (store);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_change_free);
  g_autofree char *upper = g_strconcat (id_prefix, "\xf4\x8f\xbf\xbf", NULL);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = fb_store_prepare (self->store, sql, error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, id_prefix, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, upper, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, fb_store_change_from_stmt (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      fb_store_set_error (self->store, error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

static gint64
prune_replies (FbServerStore  *store,
               gint64          before,
               GError        **error)
{
  static const char sql[] = "DELETE FROM replies WHERE created_at < ?1";
  FbSqliteServerStore *self = FB_SQLITE_SERVER_STORE (store);
  sqlite3_stmt *stmt;

  if (!(stmt = fb_store_prepare (self->store, sql, error)))
    return -1;
  sqlite3_bind_int64 (stmt, 1, before);
  if (!step_done (self, stmt, error))
    return -1;
  return sqlite3_changes (fb_store_get_db (self->store));
}

static void
server_store_iface_init (FbServerStoreInterface *iface)
{
  iface->list_prefix = list_prefix;
  iface->prune_replies = prune_replies;
  iface->get_reply = get_reply;
  iface->put_reply = put_reply;
  iface->get_server_id = get_server_id;
  iface->begin = begin;
  iface->commit = commit;
  iface->rollback = rollback;
  iface->is_empty = is_empty;
  iface->put = put;
  iface->remove = remove_row;
  iface->get = get;
  iface->list = list;
  iface->changes_since = changes_since;
  iface->get_cursor = get_cursor;
  iface->add_credentials = add_credentials;
  iface->get_credentials = get_credentials;
  iface->add_session = add_session;
  iface->remove_session = remove_session;
  iface->lookup_session = lookup_session;
}

static void
fb_sqlite_server_store_dispose (GObject *object)
{
  FbSqliteServerStore *self = (FbSqliteServerStore *)object;

  g_clear_object (&self->store);

  G_OBJECT_CLASS (fb_sqlite_server_store_parent_class)->dispose (object);
}

static void
fb_sqlite_server_store_finalize (GObject *object)
{
  FbSqliteServerStore *self = (FbSqliteServerStore *)object;

  g_clear_pointer (&self->server_id, g_free);

  G_OBJECT_CLASS (fb_sqlite_server_store_parent_class)->finalize (object);
}

static void
fb_sqlite_server_store_class_init (FbSqliteServerStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fb_sqlite_server_store_dispose;
  object_class->finalize = fb_sqlite_server_store_finalize;
}

static void
fb_sqlite_server_store_init (FbSqliteServerStore *self)
{
}

FbServerStore *
fb_sqlite_server_store_new (const char  *path,
                            GError     **error)
{
  g_autoptr(FbSqliteServerStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (FB_TYPE_SQLITE_SERVER_STORE, NULL);
  self->store = fb_store_open (path, server_migrations, FB_STORE_SYNC_FULL, error);
  if (self->store == NULL)
    return NULL;

  /* A database's identity: clients that see it change start over. */
  self->server_id = fb_store_get_meta (self->store, "server_id");
  if (self->server_id == NULL)
    {
      self->server_id = g_uuid_string_random ();
      if (!fb_store_set_meta (self->store, "server_id", self->server_id, error))
        return NULL;
    }

  return FB_SERVER_STORE (g_steal_pointer (&self));
}
