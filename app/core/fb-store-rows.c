/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-store-rows.c: the versioned rows: applying changes, reading rows,
 * and the local rows a waiting write shows */
#define G_LOG_DOMAIN "floorboard-core"

#include <glib/gi18n.h>

#include "fb-entity.h"
#include "fb-store-private.h"

FbChange *
fb_change_new (const char *type,
               const char *id,
               gint64      version,
               gboolean    deleted,
               const char *data)
{
  FbChange *change = g_new0 (FbChange, 1);

  change->type = g_strdup (type);
  change->id = g_strdup (id);
  change->version = version;
  change->deleted = !!deleted;
  change->data = g_strdup (data);
  return change;
}

void
fb_change_free (FbChange *change)
{
  if (change == NULL)
    return;
  g_free (change->type);
  g_free (change->id);
  g_free (change->data);
  g_free (change);
}
gboolean
fb_store_apply_change (FbStore         *self,
                       const FbChange  *change,
                       gboolean        *applied,
                       GError         **error)
{
  static const char sql[] =
    "INSERT INTO rows (type, id, version, deleted, data) VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT (type, id) DO UPDATE SET version = excluded.version, "
    "  deleted = excluded.deleted, data = excluded.data "
    "WHERE excluded.version > rows.version";
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  g_return_val_if_fail (change != NULL && change->type != NULL && change->id != NULL, FALSE);
  g_return_val_if_fail (change->deleted || change->data != NULL, FALSE);

  if (!(stmt = fb_store_prepare (self, sql, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, change->type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, change->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, change->version);
  sqlite3_bind_int (stmt, 4, change->deleted ? 1 : 0);
  if (change->deleted)
    sqlite3_bind_null (stmt, 5);
  else
    sqlite3_bind_text (stmt, 5, change->data, -1, SQLITE_TRANSIENT);
  if (!fb_store_step_done (self, stmt, error))
    return FALSE;
  if (applied != NULL)
    *applied = sqlite3_changes (fb_store_get_db (self)) > 0;
  return TRUE;
}

FbChange *
fb_store_change_from_stmt (sqlite3_stmt *stmt)
{
  return fb_change_new ((const char *) sqlite3_column_text (stmt, 0),
                        (const char *) sqlite3_column_text (stmt, 1),
                        sqlite3_column_int64 (stmt, 2),
                        sqlite3_column_int (stmt, 3),
                        (const char *) sqlite3_column_text (stmt, 4));
}

GPtrArray *
fb_store_list_rows (FbStore     *self,
                    const char  *type,
                    GError     **error)
{
  static const char sql[] =
    "SELECT type, id, version, deleted, data FROM rows "
    "WHERE type = ?1 AND deleted = 0 ORDER BY id";
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_change_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);
  g_return_val_if_fail (type != NULL, NULL);

  if (!(stmt = fb_store_prepare (self, sql, error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, type, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, fb_store_change_from_stmt (stmt));
  if (!fb_store_end_rows (self, stmt, rc, error))
    return NULL;
  return g_steal_pointer (&rows);
}

gboolean
fb_store_foreach_entity (FbStore            *self,
                         const FbEntitySpec *spec,
                         FbEntityFunc        func,
                         gpointer            user_data,
                         GError            **error)
{
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  g_return_val_if_fail (spec != NULL && func != NULL, FALSE);

  if (!(rows = fb_store_list_rows (self, spec->type, error)))
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      FbChange *change = g_ptr_array_index (rows, i);
      gpointer entity = fb_entity_decode_string (spec, change->data, -1, NULL);

      if (entity != NULL)
        func (entity, user_data);
    }
  return TRUE;
}

FbChange *
fb_store_get_row (FbStore     *self,
                  const char  *type,
                  const char  *id,
                  GError     **error)
{
  static const char sql[] =
    "SELECT type, id, version, deleted, data FROM rows WHERE type = ?1 AND id = ?2";
  sqlite3_stmt *stmt;
  FbChange *change = NULL;
  int rc;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);

  if (!(stmt = fb_store_prepare (self, sql, error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    change = fb_store_change_from_stmt (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    return change;
  if (rc == SQLITE_DONE)
    g_set_error (error, FB_STORE_ERROR, FB_STORE_ERROR_NOT_FOUND,
                 _("No %s with id “%s”"), type, id);
  else
    fb_store_set_error (self, error);
  return NULL;
}

gint64
fb_store_count_rows (FbStore    *self,
                     const char *type)
{
  static const char sql_type[] = "SELECT count(*) FROM rows WHERE type = ?1 AND deleted = 0";
  static const char sql_all[] = "SELECT count(*) FROM rows WHERE deleted = 0";
  sqlite3_stmt *stmt;
  gint64 n = -1;

  g_return_val_if_fail (FB_IS_STORE (self), -1);

  if (!(stmt = fb_store_prepare (self, type ? sql_type : sql_all, NULL)))
    return -1;
  if (type != NULL)
    sqlite3_bind_text (stmt, 1, type, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

gboolean
fb_store_clear_rows (FbStore  *self,
                     GError  **error)
{
  static const char sql[] = "DELETE FROM rows";
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  if (!(stmt = fb_store_prepare (self, sql, error)))
    return FALSE;
  return fb_store_step_done (self, stmt, error);
}

gboolean
fb_store_put_local (FbStore     *self,
                    const char  *type,
                    const char  *id,
                    const char  *data,
                    GError     **error)
{
  /* The version stays: the server's answer, always newer, replaces it. */
  static const char sql[] =
    "INSERT INTO rows (type, id, version, deleted, data) VALUES (?1, ?2, 0, 0, ?3) "
    "ON CONFLICT (type, id) DO UPDATE SET deleted = 0, data = excluded.data";
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  g_return_val_if_fail (type != NULL && id != NULL && data != NULL, FALSE);

  if (!(stmt = fb_store_prepare (self, sql, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, data, -1, SQLITE_TRANSIENT);
  return fb_store_step_done (self, stmt, error);
}

gboolean
fb_store_restore_row (FbStore     *self,
                      const char  *type,
                      const char  *id,
                      const char  *before_data,
                      gint64       before_version,
                      gboolean    *restored,
                      GError     **error)
{
  /* Only while the row is still at the version the local change was made
   * on: a newer row from the server is the truth and stays. */
  static const char sql_update[] =
    "UPDATE rows SET data = ?3, deleted = 0 WHERE type = ?1 AND id = ?2 AND version = ?4";
  static const char sql_delete[] =
    "DELETE FROM rows WHERE type = ?1 AND id = ?2 AND version = ?4";
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  g_return_val_if_fail (type != NULL && id != NULL, FALSE);

  if (!(stmt = fb_store_prepare (self, before_data ? sql_update : sql_delete, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  if (before_data != NULL)
    sqlite3_bind_text (stmt, 3, before_data, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, before_version);
  if (!fb_store_step_done (self, stmt, error))
    return FALSE;
  if (restored != NULL)
    *restored = sqlite3_changes (fb_store_get_db (self)) > 0;
  return TRUE;
}
