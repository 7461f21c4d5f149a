/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-store-cache.c: the app's cache: its schema, meta, the outbox and drafts */
#define G_LOG_DOMAIN "floorboard-core"

#include <string.h>

#include "fb-entity.h"
#include "fb-store-private.h"

const char * const fb_store_cache_migrations[] = {
  FB_STORE_MIGRATION_ROWS,
  /* 2: writes waiting for the server, in the order they were made. */
  "CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  created_at INTEGER NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL,"
  "  body TEXT, idempotency_key TEXT NOT NULL UNIQUE,"
  "  attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT);",
  /* 3: the floor's charts read a day of quarter hours out of weeks. */
  "CREATE INDEX rows_interval_start ON rows (json_extract (data, '$.start'))"
  "  WHERE type = 'queue_interval';",
  /* 4: a write shows at once in the cache; its row's state before it is
   * kept to undo a refusal, and a refused write stays with the server's
   * answer: nothing a user wrote is lost silently. */
  "ALTER TABLE outbox ADD COLUMN row_type TEXT;"
  "ALTER TABLE outbox ADD COLUMN row_id TEXT;"
  "ALTER TABLE outbox ADD COLUMN before_data TEXT;"
  "ALTER TABLE outbox ADD COLUMN before_version INTEGER;"
  "ALTER TABLE outbox ADD COLUMN refused TEXT;",
  /* 5: what a user is typing (a duty report), kept as they type: a crash
   * or a kill loses nothing. Never synced. */
  "CREATE TABLE drafts (key TEXT PRIMARY KEY, json TEXT NOT NULL,"
  "  updated_at INTEGER NOT NULL);",
  /* 6: whose write it is (the server and the user signed in when it was
   * made): only that user delivers it, another never sees it. A write from
   * before is taken to be the cache's last user's (the one whose session
   * stored the last page), since a new user's first page comes before
   * anything they write; a write of no known owner is the first user's to
   * sign in (fb_store_outbox_show_owner). The change it shows at once is
   * kept (local_data) to hide it from another user and show it again to its
   * owner; shown says whether the cache shows it now. */
  "ALTER TABLE outbox ADD COLUMN owner_url TEXT;"
  "ALTER TABLE outbox ADD COLUMN owner_name TEXT;"
  "ALTER TABLE outbox ADD COLUMN local_data TEXT;"
  "ALTER TABLE outbox ADD COLUMN shown INTEGER NOT NULL DEFAULT 0;"
  "UPDATE outbox SET shown = (row_type IS NOT NULL AND refused IS NULL),"
  "  owner_url = (SELECT value FROM meta WHERE key = 'server_url'),"
  "  owner_name = (SELECT value FROM meta WHERE key = 'username');",
  NULL
};

void
fb_outbox_item_free (FbOutboxItem *item)
{
  if (item == NULL)
    return;
  g_free (item->method);
  g_free (item->path);
  g_free (item->body);
  g_free (item->idempotency_key);
  g_free (item->last_error);
  g_free (item->row_type);
  g_free (item->row_id);
  g_free (item->before_data);
  g_free (item->refused);
  g_free (item->owner_url);
  g_free (item->owner_name);
  g_free (item);
}

char *
fb_store_get_meta (FbStore    *self,
                   const char *key)
{
  static const char sql[] = "SELECT value FROM meta WHERE key = ?1";
  sqlite3_stmt *stmt;
  char *value = NULL;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (!(stmt = fb_store_prepare (self, sql, NULL)))
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

gboolean
fb_store_set_meta (FbStore     *self,
                   const char  *key,
                   const char  *value,
                   GError     **error)
{
  static const char sql_set[] =
    "INSERT INTO meta (key, value) VALUES (?1, ?2) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value";
  static const char sql_del[] = "DELETE FROM meta WHERE key = ?1";
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (!(stmt = fb_store_prepare (self, value ? sql_set : sql_del, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (value != NULL)
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  return fb_store_step_done (self, stmt, error);
}

gint64
fb_store_get_meta_int (FbStore    *self,
                       const char *key,
                       gint64      fallback)
{
  g_autofree char *value = fb_store_get_meta (self, key);
  gint64 v;

  if (value == NULL || !g_ascii_string_to_signed (value, 10, G_MININT64, G_MAXINT64, &v, NULL))
    return fallback;
  return v;
}

gboolean
fb_store_set_meta_int (FbStore     *self,
                       const char  *key,
                       gint64       value,
                       GError     **error)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, value);
  return fb_store_set_meta (self, key, buf, error);
}

gint64
fb_store_outbox_add (FbStore     *self,
                     const char  *method,
                     const char  *path,
                     const char  *body,
                     const char  *idempotency_key,
                     GError     **error)
{
  return fb_store_outbox_add_for_row (self, method, path, body, idempotency_key,
                                      NULL, NULL, NULL, 0, error);
}

gint64
fb_store_outbox_add_for_row (FbStore     *self,
                             const char  *method,
                             const char  *path,
                             const char  *body,
                             const char  *idempotency_key,
                             const char  *row_type,
                             const char  *row_id,
                             const char  *before_data,
                             gint64       before_version,
                             GError     **error)
{
  return fb_store_outbox_add_owned (self, NULL, NULL, method, path, body, idempotency_key,
                                    row_type, row_id, before_data, before_version, NULL, error);
}

gint64
fb_store_outbox_add_owned (FbStore     *self,
                           const char  *owner_url,
                           const char  *owner_name,
                           const char  *method,
                           const char  *path,
                           const char  *body,
                           const char  *idempotency_key,
                           const char  *row_type,
                           const char  *row_id,
                           const char  *before_data,
                           gint64       before_version,
                           const char  *local_data,
                           GError     **error)
{
  static const char sql[] =
    "INSERT INTO outbox (created_at, method, path, body, idempotency_key,"
    "  row_type, row_id, before_data, before_version, owner_url, owner_name,"
    "  local_data, shown) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12 IS NOT NULL)";
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FB_IS_STORE (self), -1);
  g_return_val_if_fail (method != NULL && path != NULL && idempotency_key != NULL, -1);
  g_return_val_if_fail ((row_type == NULL) == (row_id == NULL), -1);
  g_return_val_if_fail ((owner_url == NULL) == (owner_name == NULL), -1);
  g_return_val_if_fail (local_data == NULL || row_type != NULL, -1);

  if (!(stmt = fb_store_prepare (self, sql, error)))
    return -1;
  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_text (stmt, 2, method, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, path, -1, SQLITE_TRANSIENT);
  if (body != NULL)
    sqlite3_bind_text (stmt, 4, body, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, idempotency_key, -1, SQLITE_TRANSIENT);
  if (row_type != NULL)
    {
      sqlite3_bind_text (stmt, 6, row_type, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 7, row_id, -1, SQLITE_TRANSIENT);
      if (before_data != NULL)
        sqlite3_bind_text (stmt, 8, before_data, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 9, before_version);
    }
  if (owner_url != NULL)
    {
      sqlite3_bind_text (stmt, 10, owner_url, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 11, owner_name, -1, SQLITE_TRANSIENT);
    }
  if (local_data != NULL)
    sqlite3_bind_text (stmt, 12, local_data, -1, SQLITE_TRANSIENT);
  if (!fb_store_step_done (self, stmt, error))
    return -1;
  return sqlite3_last_insert_rowid (fb_store_get_db (self));
}

/* Runs @sql on the outbox item @id (?1), with @text as ?2 if @sql has
 * one. */
static gboolean
update_outbox (FbStore     *self,
               const char  *sql,
               gint64       id,
               const char  *text,
               GError     **error)
{
  sqlite3_stmt *stmt;

  g_assert (FB_IS_STORE (self));

  if (!(stmt = fb_store_prepare (self, sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_bind_parameter_count (stmt) > 1)
    sqlite3_bind_text (stmt, 2, text, -1, SQLITE_TRANSIENT);
  return fb_store_step_done (self, stmt, error);
}

gboolean
fb_store_outbox_set_refused (FbStore     *self,
                             gint64       id,
                             const char  *answer,
                             GError     **error)
{
  static const char sql[] =
    "UPDATE outbox SET attempts = attempts + 1, refused = ?2, shown = 0 WHERE id = ?1";

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  g_return_val_if_fail (answer != NULL, FALSE);

  return update_outbox (self, sql, id, answer, error);
}

/* The count @sql answers, its owner parameters (if it has them) bound to
 * @owner_url and @owner_name; -1 if it cannot be read. */
static gint64
count_outbox (FbStore    *self,
              const char *sql,
              const char *owner_url,
              const char *owner_name)
{
  sqlite3_stmt *stmt;
  gint64 n = -1;

  g_assert (FB_IS_STORE (self));

  if (!(stmt = fb_store_prepare (self, sql, NULL)))
    return -1;
  if (sqlite3_bind_parameter_count (stmt) > 0)
    {
      sqlite3_bind_text (stmt, 1, owner_url, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, owner_name, -1, SQLITE_TRANSIENT);
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

gint64
fb_store_outbox_count_pending (FbStore *self)
{
  static const char sql[] = "SELECT count(*) FROM outbox WHERE refused IS NULL";

  g_return_val_if_fail (FB_IS_STORE (self), -1);

  return count_outbox (self, sql, NULL, NULL);
}

gint64
fb_store_outbox_count_owned (FbStore    *self,
                             const char *owner_url,
                             const char *owner_name)
{
  static const char sql[] =
    "SELECT count(*) FROM outbox WHERE refused IS NULL AND owner_url IS ?1 AND owner_name IS ?2";

  g_return_val_if_fail (FB_IS_STORE (self), -1);

  return count_outbox (self, sql, owner_url, owner_name);
}

#define OUTBOX_COLUMNS                                                                 \
  "SELECT id, created_at, method, path, body, idempotency_key, attempts, last_error,"  \
  "  row_type, row_id, before_data, before_version, refused, owner_url, owner_name,"   \
  "  local_data, shown FROM outbox "

static GPtrArray *
read_outbox (FbStore       *self,
             sqlite3_stmt  *stmt,
             GError       **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_outbox_item_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FbOutboxItem *item = g_new0 (FbOutboxItem, 1);

      item->id = sqlite3_column_int64 (stmt, 0);
      item->created_at = sqlite3_column_int64 (stmt, 1);
      item->method = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      item->path = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      item->body = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      item->idempotency_key = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      item->attempts = sqlite3_column_int64 (stmt, 6);
      item->last_error = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
      item->row_type = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
      item->row_id = g_strdup ((const char *) sqlite3_column_text (stmt, 9));
      item->before_data = g_strdup ((const char *) sqlite3_column_text (stmt, 10));
      item->before_version = sqlite3_column_int64 (stmt, 11);
      item->refused = g_strdup ((const char *) sqlite3_column_text (stmt, 12));
      item->owner_url = g_strdup ((const char *) sqlite3_column_text (stmt, 13));
      item->owner_name = g_strdup ((const char *) sqlite3_column_text (stmt, 14));
      item->local_data = g_strdup ((const char *) sqlite3_column_text (stmt, 15));
      item->shown = sqlite3_column_int (stmt, 16) != 0;
      g_ptr_array_add (items, item);
    }
  if (!fb_store_end_rows (self, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&items);
}

GPtrArray *
fb_store_outbox_list (FbStore  *self,
                      GError  **error)
{
  static const char sql[] = OUTBOX_COLUMNS "ORDER BY id";
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);

  if (!(stmt = fb_store_prepare (self, sql, error)))
    return NULL;
  return read_outbox (self, stmt, error);
}

GPtrArray *
fb_store_outbox_list_owned (FbStore     *self,
                            const char  *owner_url,
                            const char  *owner_name,
                            GError     **error)
{
  static const char sql[] =
    OUTBOX_COLUMNS "WHERE owner_url IS ?1 AND owner_name IS ?2 ORDER BY id";
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);

  if (!(stmt = fb_store_prepare (self, sql, error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, owner_url, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, owner_name, -1, SQLITE_TRANSIENT);
  return read_outbox (self, stmt, error);
}

static gboolean
outbox_mark_shown (FbStore     *self,
                   gint64       id,
                   gboolean     shown,
                   const char  *before_data,
                   gint64       before_version,
                   const char  *local_data,
                   GError     **error)
{
  static const char sql[] =
    "UPDATE outbox SET shown = ?2, before_data = ?3, before_version = ?4, local_data = ?5 "
    "WHERE id = ?1";
  sqlite3_stmt *stmt;

  if (!(stmt = fb_store_prepare (self, sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int (stmt, 2, shown);
  sqlite3_bind_text (stmt, 3, before_data, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, before_version);
  sqlite3_bind_text (stmt, 5, local_data, -1, SQLITE_TRANSIENT);
  return fb_store_step_done (self, stmt, error);
}

gboolean
fb_store_outbox_show_owner (FbStore     *self,
                            const char  *owner_url,
                            const char  *owner_name,
                            gboolean     rows_cleared,
                            gboolean    *changed,
                            GError     **error)
{
  static const char sql_cleared[] = "UPDATE outbox SET shown = 0";
  static const char sql_claim[] =
    "UPDATE outbox SET owner_url = ?1, owner_name = ?2 "
    "WHERE owner_url IS NULL OR owner_name IS NULL";
  sqlite3_stmt *stmt;
  g_autoptr(GPtrArray) items = NULL;

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  g_return_val_if_fail (owner_url != NULL && owner_name != NULL, FALSE);

  if (rows_cleared &&
      (!(stmt = fb_store_prepare (self, sql_cleared, error)) || !fb_store_step_done (self, stmt, error)))
    return FALSE;
  if (!(stmt = fb_store_prepare (self, sql_claim, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, owner_url, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, owner_name, -1, SQLITE_TRANSIENT);
  if (!fb_store_step_done (self, stmt, error) || !(items = fb_store_outbox_list (self, error)))
    return FALSE;

  /* Another user's changes leave the cache, newest first, so each row
   * goes back to what it was before the first of them. */
  for (guint i = items->len; i > 0; i--)
    {
      FbOutboxItem *item = g_ptr_array_index (items, i - 1);
      g_autoptr(FbChange) row = NULL;
      const char *local;

      if (!item->shown || (g_strcmp0 (item->owner_url, owner_url) == 0 &&
                           g_strcmp0 (item->owner_name, owner_name) == 0))
        continue;
      row = fb_store_get_row (self, item->row_type, item->row_id, NULL);
      /* A write from before migration 6 kept no copy: the row is it. */
      local = item->local_data ? item->local_data
            : row && !row->deleted && row->version == item->before_version ? row->data : NULL;
      if (!fb_store_restore_row (self, item->row_type, item->row_id, item->before_data,
                                 item->before_version, NULL, error) ||
          !outbox_mark_shown (self, item->id, FALSE, item->before_data, item->before_version,
                              local, error))
        return FALSE;
      if (changed != NULL)
        *changed = TRUE;
    }

  /* The owner's own come back, oldest first, over the rows as they are now. */
  for (guint i = 0; i < items->len; i++)
    {
      FbOutboxItem *item = g_ptr_array_index (items, i);
      g_autoptr(FbChange) row = NULL;
      g_autoptr(GError) local_error = NULL;

      if (item->shown || item->local_data == NULL || item->refused != NULL ||
          g_strcmp0 (item->owner_url, owner_url) != 0 || g_strcmp0 (item->owner_name, owner_name) != 0)
        continue;
      row = fb_store_get_row (self, item->row_type, item->row_id, &local_error);
      if (row == NULL && !g_error_matches (local_error, FB_STORE_ERROR, FB_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (!fb_store_put_local (self, item->row_type, item->row_id, item->local_data, error) ||
          !outbox_mark_shown (self, item->id, TRUE, row && !row->deleted ? row->data : NULL,
                              row ? row->version : 0, item->local_data, error))
        return FALSE;
      if (changed != NULL)
        *changed = TRUE;
    }
  return TRUE;
}

gboolean
fb_store_outbox_record_failure (FbStore     *self,
                                gint64       id,
                                const char  *message,
                                GError     **error)
{
  static const char sql[] =
    "UPDATE outbox SET attempts = attempts + 1, last_error = ?2 WHERE id = ?1";

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);

  return update_outbox (self, sql, id, message, error);
}

gboolean
fb_store_outbox_remove (FbStore     *self,
                        gint64       id,
                        GError     **error)
{
  static const char sql[] = "DELETE FROM outbox WHERE id = ?1";

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);

  return update_outbox (self, sql, id, NULL, error);
}

gboolean
fb_store_put_draft (FbStore     *self,
                    const char  *key,
                    const char  *json,
                    GError     **error)
{
  static const char sql[] =
    "INSERT INTO drafts (key, json, updated_at) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (key) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at";
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL && json != NULL, FALSE);

  if (!(stmt = fb_store_prepare (self, sql, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time () / G_USEC_PER_SEC);
  return fb_store_step_done (self, stmt, error);
}

char *
fb_store_get_draft (FbStore     *self,
                    const char  *key,
                    gint64      *updated_at,
                    GError     **error)
{
  static const char sql[] = "SELECT json, updated_at FROM drafts WHERE key = ?1";
  sqlite3_stmt *stmt;
  char *json = NULL;
  int rc;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (updated_at != NULL)
    *updated_at = 0;
  if (!(stmt = fb_store_prepare (self, sql, error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      json = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      if (updated_at != NULL)
        *updated_at = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    fb_store_set_error (self, error);
  return json;
}

gboolean
fb_store_delete_draft (FbStore     *self,
                       const char  *key,
                       GError     **error)
{
  static const char sql[] = "DELETE FROM drafts WHERE key = ?1";
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (!(stmt = fb_store_prepare (self, sql, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  return fb_store_step_done (self, stmt, error);
}
