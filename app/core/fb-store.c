/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-store.c: SQLite store shared by the server and the app's cache: opening,
 * migrations, transactions. Rows are in fb-store-rows.c, the app's cache
 * (meta, outbox, drafts) in fb-store-cache.c, report queries in
 * fb-store-reports.c */
#define G_LOG_DOMAIN "floorboard-core"

#include <glib/gi18n.h>
#include <string.h>

#include "fb-entity.h"
#include "fb-store-private.h"

struct _FbStore
{
  GObject     parent_instance;
  sqlite3    *db;
  char       *path;
  GHashTable *statements;   /* SQL text (static) -> sqlite3_stmt */
  int         schema_version;
  FbCenterClock *clock;     /* zone from meta "center_time_zone" */
};

G_DEFINE_TYPE (FbStore, fb_store, G_TYPE_OBJECT)
G_DEFINE_QUARK (fb-store-error-quark, fb_store_error)

static void
fb_store_finalize (GObject *object)
{
  FbStore *self = (FbStore *)object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    {
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  g_clear_pointer (&self->path, g_free);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (fb_store_parent_class)->finalize (object);
}

static void
fb_store_class_init (FbStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fb_store_finalize;
}

static void
fb_store_init (FbStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            (GDestroyNotify) sqlite3_finalize);
}

gboolean
fb_store_set_error (FbStore  *self,
                    GError  **error)
{
  int code = sqlite3_extended_errcode (self->db) & 0xff;
  FbStoreError kind = FB_STORE_ERROR_SQL;

  if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT)
    kind = FB_STORE_ERROR_NOT_A_DATABASE;
  else if (code == SQLITE_CONSTRAINT)
    kind = FB_STORE_ERROR_CONSTRAINT;
  g_set_error (error, FB_STORE_ERROR, kind, "%s: %s",
               self->path, sqlite3_errmsg (self->db));
  return FALSE;
}

sqlite3 *
fb_store_get_db (FbStore *self)
{
  g_return_val_if_fail (FB_IS_STORE (self), NULL);
  return self->db;
}

sqlite3_stmt *
fb_store_prepare (FbStore     *self,
                  const char  *sql,
                  GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  /* Keyed by the string's address: callers pass literals. */
  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      fb_store_set_error (self, error);
      return NULL;
    }
  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

static gboolean
exec (FbStore     *self,
      const char  *sql,
      GError     **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return fb_store_set_error (self, error);
  return TRUE;
}

static int
read_user_version (FbStore  *self,
                   GError  **error)
{
  sqlite3_stmt *stmt;
  int version;

  /* The first statement is where a file that is not SQLite shows itself. */
  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) != SQLITE_OK)
    return fb_store_set_error (self, error), -1;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      return fb_store_set_error (self, error), -1;
    }
  version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

static gboolean
check_version (FbStore            *self,
               const char * const *migrations,
               GError            **error)
{
  guint n_migrations = g_strv_length ((char **) migrations);
  int version = read_user_version (self, error);

  if (version < 0)
    return FALSE;
  if (version > (int) n_migrations)
    {
      g_set_error (error, FB_STORE_ERROR, FB_STORE_ERROR_TOO_NEW,
                   _("%s was written by a newer Floorboard (schema %d, this one knows %u)"),
                   self->path, version, n_migrations);
      return FALSE;
    }
  return TRUE;
}

static gboolean
migrate (FbStore            *self,
         const char * const *migrations,
         GError            **error)
{
  guint n_migrations = g_strv_length ((char **) migrations);
  int version = read_user_version (self, error);

  if (version < 0 || !check_version (self, migrations, error))
    return FALSE;

  /* Each migration and its version number commit together. */
  for (guint i = version; i < n_migrations; i++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %u", i + 1);

      if (!exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!exec (self, migrations[i], error) || !exec (self, set_version, error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
      if (!exec (self, "COMMIT", error))
        return FALSE;
    }

  self->schema_version = n_migrations;
  return TRUE;
}

FbStore *
fb_store_open (const char         *path,
               const char * const *migrations,
               FbStoreDurability   durability,
               GError            **error)
{
  g_autoptr(FbStore) self = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (migrations != NULL, NULL);

  self = g_object_new (FB_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, FB_STORE_ERROR, FB_STORE_ERROR_OPEN,
                   _("Cannot open %s: %s"), path,
                   self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);

  /* Refuse what we cannot read before changing anything in the file:
   * switching to WAL would rewrite its header. */
  if (!check_version (self, migrations, error))
    return NULL;

  if (!exec (self, "PRAGMA journal_mode = WAL", error) ||
      !exec (self, durability == FB_STORE_SYNC_FULL ? "PRAGMA synchronous = FULL"
                                                     : "PRAGMA synchronous = NORMAL", error) ||
      !exec (self, "PRAGMA foreign_keys = ON", error))
    return NULL;

  if (!migrate (self, migrations, error))
    return NULL;

  return g_steal_pointer (&self);
}

FbCenterClock *
fb_store_get_center_clock (FbStore *self)
{
  g_autofree char *zone = NULL;

  g_return_val_if_fail (FB_IS_STORE (self), NULL);

  if (self->clock == NULL)
    self->clock = fb_center_clock_new ();
  /* Another connection (the sync engine's) writes the zone the server
   * sends: read it each time, it is one indexed row. A name this machine
   * does not know leaves the clock as it was. */
  zone = fb_store_get_meta (self, FB_STORE_META_TIME_ZONE);
  if (zone != NULL && !fb_center_clock_set_zone_name (self->clock, zone, NULL))
    g_debug ("The cache names the unknown time zone “%s”", zone);
  return self->clock;
}

gboolean
fb_store_set_center_time_zone (FbStore     *self,
                               const char  *name,
                               GError     **error)
{
  g_return_val_if_fail (FB_IS_STORE (self), FALSE);

  if (!fb_center_time_zone_is_valid (name))
    {
      g_set_error (error, FB_STORE_ERROR, FB_STORE_ERROR_INVALID,
                   _("“%s” is not a time zone this machine knows; use an IANA name such as Asia/Seoul"),
                   name ? name : "");
      return FALSE;
    }
  if (!fb_store_set_meta (self, FB_STORE_META_TIME_ZONE, name, error))
    return FALSE;
  fb_store_get_center_clock (self);
  return TRUE;
}

const char *
fb_store_get_path (FbStore *self)
{
  g_return_val_if_fail (FB_IS_STORE (self), NULL);
  return self->path;
}

int
fb_store_get_schema_version (FbStore *self)
{
  g_return_val_if_fail (FB_IS_STORE (self), -1);
  return self->schema_version;
}

gboolean
fb_store_begin (FbStore  *self,
                GError  **error)
{
  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  return exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
fb_store_commit (FbStore  *self,
                 GError  **error)
{
  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  if (!exec (self, "COMMIT", error))
    {
      fb_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

void
fb_store_rollback (FbStore *self)
{
  g_return_if_fail (FB_IS_STORE (self));
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

gboolean
fb_store_step_done (FbStore       *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  return fb_store_end_rows (self, stmt, sqlite3_step (stmt), error);
}

gboolean
fb_store_end_rows (FbStore       *self,
                   sqlite3_stmt  *stmt,
                   int            rc,
                   GError       **error)
{
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return fb_store_set_error (self, error);
  return TRUE;
}

gboolean
fb_store_integrity_check (FbStore  *self,
                          GError  **error)
{
  static const char sql[] = "PRAGMA integrity_check";
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);

  if (!(stmt = fb_store_prepare (self, sql, error)))
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    ok = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  sqlite3_reset (stmt);
  if (!ok)
    g_set_error (error, FB_STORE_ERROR, FB_STORE_ERROR_NOT_A_DATABASE,
                 _("%s failed its integrity check"), self->path);
  return ok;
}
