/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-store.c: the SQLite store, rows, row lists and queue totals
 * (app/core/fb-store.c, fb-row.c, fb-row-list.c, fb-queue-stats.c).
 *
 * Every test works in its own temporary directory. Where a test must look
 * at the file behind the store's back it uses SQLite directly.
 */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "fb-entity.h"
#include "fb-queue-stats.h"
#include "fb-row.h"
#include "fb-row-list.h"
#include "fb-store-private.h"

/* Helpers ---------------------------------------------------------------- */

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("fb-test-store-XXXXXX", &error);

  g_assert_no_error (error);
  g_assert_nonnull (dir);
  return dir;
}

static void
remove_tmp_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static sqlite3 *
raw_open (const char *path,
          int         flags)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, flags, NULL), ==, SQLITE_OK);
  return db;
}

static void
raw_exec (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static gint64
raw_int (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 v;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return v;
}

static char *
raw_text (sqlite3    *db,
          const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *v;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  v = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return v;
}

static gboolean
raw_has_table (sqlite3    *db,
               const char *table)
{
  char *sql = sqlite3_mprintf ("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = %Q",
                               table);
  gboolean ret = raw_int (db, sql) == 1;

  sqlite3_free (sql);
  return ret;
}

/* user_version of a file, read without FbStore. */
static gint64
file_user_version (const char *path)
{
  sqlite3 *db = raw_open (path, SQLITE_OPEN_READONLY);
  gint64 v = raw_int (db, "PRAGMA user_version");

  sqlite3_close (db);
  return v;
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

/* Files in @dir whose name starts with @prefix: "x.db", "x.db-wal" … */
static guint
count_files (const char *dir,
             const char *prefix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    if (g_str_has_prefix (name, prefix))
      n++;
  return n;
}

/* Valid queue JSON, so rows also decode as FbRow. */
static char *
queue_json (const char *id,
            gint64      waiting)
{
  return g_strdup_printf ("{\"id\":\"%s\",\"name\":\"큐 %s\",\"sl_threshold_s\":20,\"waiting\":%" G_GINT64_FORMAT ","
                          "\"longest_wait_s\":30,\"agents_available\":1,\"agents_busy\":2,"
                          "\"offered\":10,\"answered\":8,\"abandoned\":2,\"service_level\":0.75,"
                          "\"asa_s\":12,\"aht_s\":180}",
                          id, id, waiting);
}

static gboolean
apply (FbStore    *store,
       const char *type,
       const char *id,
       gint64      version,
       gboolean    deleted,
       const char *data)
{
  g_autoptr(FbChange) change = fb_change_new (type, id, version, deleted, data);
  g_autoptr(GError) error = NULL;
  gboolean applied = -1;

  g_assert_true (fb_store_apply_change (store, change, &applied, &error));
  g_assert_no_error (error);
  g_assert_true (applied == TRUE || applied == FALSE);
  return applied;
}

static gboolean
apply_queue (FbStore    *store,
             const char *id,
             gint64      version,
             gint64      waiting)
{
  g_autofree char *json = queue_json (id, waiting);

  return apply (store, "queue", id, version, FALSE, json);
}

typedef struct
{
  char    *dir;
  char    *path;
  FbStore *store;
} Fixture;

static FbStore *
open_cache (const char *path)
{
  g_autoptr(GError) error = NULL;
  FbStore *store = fb_store_open (path, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, &error);

  g_assert_no_error (error);
  g_assert_true (FB_IS_STORE (store));
  return store;
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  fx->dir = make_tmp_dir ();
  fx->path = g_build_filename (fx->dir, "cache.db", NULL);
  fx->store = open_cache (fx->path);
}

static void
fixture_reopen (Fixture *fx)
{
  g_assert_finalize_object (g_steal_pointer (&fx->store));
  fx->store = open_cache (fx->path);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  if (fx->store != NULL)
    g_assert_finalize_object (g_steal_pointer (&fx->store));
  remove_tmp_dir (fx->dir);
  g_clear_pointer (&fx->dir, g_free);
  g_clear_pointer (&fx->path, g_free);
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

/* Opening and migrations ------------------------------------------------- */

static void
test_open_fresh (Fixture       *fx,
                 gconstpointer  data)
{
  sqlite3 *db = fb_store_get_db (fx->store);
  guint n_migrations = g_strv_length ((char **) fb_store_cache_migrations);
  g_autofree char *journal = raw_text (db, "PRAGMA journal_mode");
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (n_migrations, >=, 2);
  g_assert_cmpint (fb_store_get_schema_version (fx->store), ==, n_migrations);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, n_migrations);
  g_assert_cmpstr (fb_store_get_path (fx->store), ==, fx->path);
  g_assert_cmpstr (journal, ==, "wal");
  /* The cache can lose its last writes on power loss; the server resends. */
  g_assert_cmpint (raw_int (db, "PRAGMA synchronous"), ==, 1);
  g_assert_cmpint (raw_int (db, "PRAGMA foreign_keys"), ==, 1);
  g_assert_true (raw_has_table (db, "meta"));
  g_assert_true (raw_has_table (db, "rows"));
  g_assert_true (raw_has_table (db, "outbox"));
  g_assert_true (fb_store_integrity_check (fx->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fb_store_count_rows (fx->store, NULL), ==, 0);
  g_assert_cmpint (fb_store_count_rows (fx->store, "queue"), ==, 0);
}

static void
test_open_full_durability (Fixture       *fx,
                           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fx->dir, "server.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = fb_store_open (path, fb_store_cache_migrations, FB_STORE_SYNC_FULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (raw_int (fb_store_get_db (store), "PRAGMA synchronous"), ==, 2);
}

static void
test_open_reopen (Fixture       *fx,
                  gconstpointer  data)
{
  guint n_migrations = g_strv_length ((char **) fb_store_cache_migrations);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbChange) row = NULL;
  g_autofree char *journal = NULL;

  apply_queue (fx->store, "q-1", 3, 4);
  g_assert_true (fb_store_set_meta (fx->store, "cursor", "17", &error));
  g_assert_no_error (error);

  /* Twice: migrations already applied are not run again (they would fail
   * on the existing tables). */
  fixture_reopen (fx);
  fixture_reopen (fx);

  g_assert_cmpint (fb_store_get_schema_version (fx->store), ==, n_migrations);
  g_assert_cmpint (raw_int (fb_store_get_db (fx->store), "PRAGMA user_version"), ==, n_migrations);
  journal = raw_text (fb_store_get_db (fx->store), "PRAGMA journal_mode");
  g_assert_cmpstr (journal, ==, "wal");
  row = fb_store_get_row (fx->store, "queue", "q-1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (row->version, ==, 3);
  g_assert_cmpint (fb_store_get_meta_int (fx->store, "cursor", -1), ==, 17);
}

/* A file from a newer Floorboard, made the way that version would have
 * left it; the store must refuse it and write nothing to it. */
static void
check_too_new (Fixture  *fx,
               gboolean  wal)
{
  g_autofree char *path = g_build_filename (fx->dir, "newer.db", NULL);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = NULL;
  sqlite3 *db;

  db = raw_open (path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (wal)
    raw_exec (db, "PRAGMA journal_mode = WAL");
  raw_exec (db, FB_STORE_MIGRATION_ROWS);
  raw_exec (db, "INSERT INTO meta (key, value) VALUES ('cursor', '99')");
  raw_exec (db, "CREATE TABLE from_the_future (a INTEGER)");
  raw_exec (db, "PRAGMA user_version = 99");
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  before = read_bytes (path);

  store = fb_store_open (path, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, &error);
  g_assert_null (store);
  g_assert_error (error, FB_STORE_ERROR, FB_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "99"));

  after = read_bytes (path);
  /* No journal or WAL left beside it either. Checked before the look below:
   * a read-only connection to a WAL file leaves its own -wal and -shm. */
  g_assert_cmpuint (count_files (fx->dir, "newer.db"), ==, 1);
  g_assert_cmpint (file_user_version (path), ==, 99);
  if (!g_bytes_equal (before, after))
    {
      const guint8 *a = g_bytes_get_data (before, NULL);
      const guint8 *b = g_bytes_get_data (after, NULL);
      gsize n = MIN (g_bytes_get_size (before), g_bytes_get_size (after));
      gsize first = 0;

      while (first < n && a[first] == b[first])
        first++;
      g_test_message ("the refused file changed (%" G_GSIZE_FORMAT " -> %" G_GSIZE_FORMAT
                      " bytes, first difference at byte %" G_GSIZE_FORMAT ")",
                      g_bytes_get_size (before), g_bytes_get_size (after), first);
      g_test_fail_printf ("the refused file changed at byte %" G_GSIZE_FORMAT, first);
    }
}

static void
test_open_too_new (Fixture       *fx,
                   gconstpointer  data)
{
  check_too_new (fx, FALSE);
}

static void
test_open_too_new_wal (Fixture       *fx,
                       gconstpointer  data)
{
  check_too_new (fx, TRUE);
}

static void
check_not_a_database (Fixture    *fx,
                      const char *name,
                      GBytes     *contents)
{
  g_autofree char *path = g_build_filename (fx->dir, name, NULL);
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = NULL;

  g_file_set_contents (path, g_bytes_get_data (contents, NULL), g_bytes_get_size (contents), &error);
  g_assert_no_error (error);

  store = fb_store_open (path, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, &error);
  g_assert_null (store);
  g_assert_error (error, FB_STORE_ERROR, FB_STORE_ERROR_NOT_A_DATABASE);
  g_assert_nonnull (strstr (error->message, path));

  after = read_bytes (path);
  g_assert_true (g_bytes_equal (contents, after));
  g_assert_cmpuint (count_files (fx->dir, name), ==, 1);
  g_assert_cmpint (g_unlink (path), ==, 0);
}

static void
test_open_random_bytes (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261122);
  guint8 *buf = g_malloc (16384);
  g_autoptr(GBytes) contents = NULL;

  for (guint i = 0; i < 16384; i++)
    buf[i] = g_rand_int_range (rand, 0, 256);
  contents = g_bytes_new_take (buf, 16384);
  check_not_a_database (fx, "random.db", contents);
}

static void
test_open_text_file (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(GBytes) short_text = NULL;
  gsize len;

  for (guint i = 0; i < 200; i++)
    g_string_append_printf (text, "line %u: this is a floor plan, not a database\n", i);
  len = text->len;
  contents = g_bytes_new_take (g_string_free (g_steal_pointer (&text), FALSE), len);
  check_not_a_database (fx, "notes.txt", contents);

  /* Shorter than SQLite's 100-byte header. */
  short_text = g_bytes_new_static ("hello\n", 6);
  check_not_a_database (fx, "short.txt", short_text);
}

static void
test_open_bad_path (Fixture       *fx,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fx->dir, "no", "such", "dir", "cache.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = fb_store_open (path, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, &error);

  g_assert_null (store);
  g_assert_error (error, FB_STORE_ERROR, FB_STORE_ERROR_OPEN);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_migrations_stop_at_failure (Fixture       *fx,
                                 gconstpointer  data)
{
  static const char * const broken[] = {
    FB_STORE_MIGRATION_ROWS,
    /* The first statement works, the second does not: neither stays. */
    "CREATE TABLE second (a INTEGER); CREATE TABLEX oops (",
    "CREATE TABLE third (a INTEGER);",
    NULL
  };
  static const char * const fixed[] = {
    FB_STORE_MIGRATION_ROWS,
    "CREATE TABLE second (a INTEGER);",
    "CREATE TABLE third (a INTEGER);",
    NULL
  };
  g_autofree char *path = g_build_filename (fx->dir, "migrating.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) failed = NULL;
  g_autoptr(FbStore) store = NULL;
  sqlite3 *db;

  failed = fb_store_open (path, broken, FB_STORE_SYNC_NORMAL, &error);
  g_assert_null (failed);
  g_assert_error (error, FB_STORE_ERROR, FB_STORE_ERROR_SQL);
  g_clear_error (&error);

  db = raw_open (path, SQLITE_OPEN_READWRITE);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, 1);
  g_assert_true (raw_has_table (db, "rows"));
  g_assert_false (raw_has_table (db, "second"));
  g_assert_false (raw_has_table (db, "third"));
  /* Something written under schema 1 must survive the later upgrade. */
  raw_exec (db, "INSERT INTO meta (key, value) VALUES ('kept', 'yes')");
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  /* Failing again changes nothing. */
  failed = fb_store_open (path, broken, FB_STORE_SYNC_NORMAL, &error);
  g_assert_null (failed);
  g_assert_error (error, FB_STORE_ERROR, FB_STORE_ERROR_SQL);
  g_clear_error (&error);
  g_assert_cmpint (file_user_version (path), ==, 1);

  /* The fixed list carries on from migration 2. */
  store = fb_store_open (path, fixed, FB_STORE_SYNC_NORMAL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  db = fb_store_get_db (store);
  g_assert_cmpint (fb_store_get_schema_version (store), ==, 3);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, 3);
  g_assert_true (raw_has_table (db, "second"));
  g_assert_true (raw_has_table (db, "third"));
  {
    g_autofree char *kept = fb_store_get_meta (store, "kept");

    g_assert_cmpstr (kept, ==, "yes");
  }
}

/* Versioned rows ------------------------------------------------------------ */

static void
test_rows_insert (Fixture       *fx,
                  gconstpointer  data)
{
  g_autofree char *json = queue_json ("q-1", 4);
  g_autoptr(FbChange) row = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (apply (fx->store, "queue", "q-1", 5, FALSE, json));

  row = fb_store_get_row (fx->store, "queue", "q-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (row->type, ==, "queue");
  g_assert_cmpstr (row->id, ==, "q-1");
  g_assert_cmpint (row->version, ==, 5);
  g_assert_false (row->deleted);
  g_assert_cmpstr (row->data, ==, json);

  rows = fb_store_list_rows (fx->store, "queue", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpint (fb_store_count_rows (fx->store, "queue"), ==, 1);
  g_assert_cmpint (fb_store_count_rows (fx->store, NULL), ==, 1);
  g_assert_cmpint (fb_store_count_rows (fx->store, "agent"), ==, 0);

  /* The same id under another type is another row. */
  g_assert_true (apply (fx->store, "agent", "q-1", 1, FALSE, "{}"));
  g_assert_cmpint (fb_store_count_rows (fx->store, "queue"), ==, 1);
  g_assert_cmpint (fb_store_count_rows (fx->store, NULL), ==, 2);
}

static void
test_rows_versions (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbChange) row = NULL;
  g_autofree char *v7 = queue_json ("q-1", 7);

  g_assert_true (apply_queue (fx->store, "q-1", 5, 5));
  /* Higher wins. */
  g_assert_true (apply_queue (fx->store, "q-1", 7, 7));
  /* Lower and equal are ignored, whatever they carry. */
  g_assert_false (apply_queue (fx->store, "q-1", 6, 6));
  g_assert_false (apply_queue (fx->store, "q-1", 7, 99));
  g_assert_false (apply_queue (fx->store, "q-1", 1, 1));
  g_assert_false (apply (fx->store, "queue", "q-1", 7, TRUE, NULL));

  row = fb_store_get_row (fx->store, "queue", "q-1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (row->version, ==, 7);
  g_assert_false (row->deleted);
  g_assert_cmpstr (row->data, ==, v7);
  g_assert_cmpint (fb_store_count_rows (fx->store, "queue"), ==, 1);
}

static void
test_rows_tombstone (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  apply_queue (fx->store, "q-1", 5, 5);
  apply_queue (fx->store, "q-2", 1, 1);

  g_assert_true (apply (fx->store, "queue", "q-1", 8, TRUE, NULL));
  rows = fb_store_list_rows (fx->store, "queue", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (((FbChange *) g_ptr_array_index (rows, 0))->id, ==, "q-2");
  g_assert_cmpint (fb_store_count_rows (fx->store, "queue"), ==, 1);
  g_assert_cmpint (fb_store_count_rows (fx->store, NULL), ==, 1);

  /* The tombstone itself is still there, with its version. */
  {
    g_autoptr(FbChange) tomb = fb_store_get_row (fx->store, "queue", "q-1", &error);

    g_assert_no_error (error);
    g_assert_true (tomb->deleted);
    g_assert_cmpint (tomb->version, ==, 8);
    g_assert_null (tomb->data);
  }

  /* An older copy arriving late does not bring it back; nor does an equal. */
  g_assert_false (apply_queue (fx->store, "q-1", 7, 7));
  g_assert_false (apply_queue (fx->store, "q-1", 8, 8));
  g_assert_cmpint (fb_store_count_rows (fx->store, "queue"), ==, 1);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = fb_store_list_rows (fx->store, "queue", &error);
  g_assert_cmpuint (rows->len, ==, 1);

  /* A newer one does. */
  g_assert_true (apply_queue (fx->store, "q-1", 9, 9));
  g_assert_cmpint (fb_store_count_rows (fx->store, "queue"), ==, 2);
  {
    g_autoptr(FbChange) back = fb_store_get_row (fx->store, "queue", "q-1", &error);

    g_assert_no_error (error);
    g_assert_false (back->deleted);
    g_assert_cmpint (back->version, ==, 9);
    g_assert_nonnull (back->data);
  }

  /* A tombstone for a row never seen still guards against older copies. */
  g_assert_true (apply (fx->store, "queue", "q-3", 4, TRUE, NULL));
  g_assert_cmpint (fb_store_count_rows (fx->store, "queue"), ==, 2);
  g_assert_false (apply_queue (fx->store, "q-3", 3, 3));
  g_assert_cmpint (fb_store_count_rows (fx->store, "queue"), ==, 2);
}

static void
test_rows_order (Fixture       *fx,
                 gconstpointer  data)
{
  static const char * const ids[] = { "q-c", "q-a", "q-b", "Q-z", "q-aa" };
  static const char * const sorted[] = { "Q-z", "q-a", "q-aa", "q-b", "q-c" };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    apply_queue (fx->store, ids[i], 1, i);
  apply (fx->store, "agent", "a-0", 1, FALSE, "{}");

  rows = fb_store_list_rows (fx->store, "queue", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, G_N_ELEMENTS (sorted));
  for (guint i = 0; i < rows->len; i++)
    {
      FbChange *row = g_ptr_array_index (rows, i);

      g_assert_cmpstr (row->id, ==, sorted[i]);
      g_assert_cmpstr (row->type, ==, "queue");
    }

  /* An unknown type has no rows, which is not an error. */
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = fb_store_list_rows (fx->store, "nothing", &error);
  g_assert_no_error (error);
  g_assert_nonnull (rows);
  g_assert_cmpuint (rows->len, ==, 0);
}

static void
test_rows_not_found (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbChange) row = NULL;

  apply_queue (fx->store, "q-1", 1, 1);
  row = fb_store_get_row (fx->store, "queue", "q-2", &error);
  g_assert_null (row);
  g_assert_error (error, FB_STORE_ERROR, FB_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  row = fb_store_get_row (fx->store, "agent", "q-1", &error);
  g_assert_null (row);
  g_assert_error (error, FB_STORE_ERROR, FB_STORE_ERROR_NOT_FOUND);
}

static void
test_rows_clear (Fixture       *fx,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  apply_queue (fx->store, "q-1", 1, 1);
  apply (fx->store, "queue", "q-2", 2, TRUE, NULL);
  g_assert_true (fb_store_set_meta (fx->store, "cursor", "5", &error));
  g_assert_true (fb_store_clear_rows (fx->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fb_store_count_rows (fx->store, NULL), ==, 0);
  /* Tombstones go too: an old copy may now come in. */
  g_assert_true (apply_queue (fx->store, "q-2", 1, 1));
  /* Metadata is not rows. */
  g_assert_cmpint (fb_store_get_meta_int (fx->store, "cursor", -1), ==, 5);
}

/* Transactions ---------------------------------------------------------------- */

static void
test_tx_rollback (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbChange) row = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autofree char *meta = NULL;

  apply_queue (fx->store, "q-0", 1, 1);

  g_assert_true (fb_store_begin (fx->store, &error));
  g_assert_no_error (error);
  apply_queue (fx->store, "q-1", 1, 1);
  apply_queue (fx->store, "q-0", 2, 2);
  g_assert_true (fb_store_set_meta (fx->store, "cursor", "9", &error));
  g_assert_cmpint (fb_store_outbox_add (fx->store, "POST", "/api/v1/x", "{}", "key-1", &error), >, 0);
  /* Visible inside the transaction. */
  g_assert_cmpint (fb_store_count_rows (fx->store, "queue"), ==, 2);
  fb_store_rollback (fx->store);

  g_assert_cmpint (fb_store_count_rows (fx->store, "queue"), ==, 1);
  row = fb_store_get_row (fx->store, "queue", "q-1", &error);
  g_assert_null (row);
  g_assert_error (error, FB_STORE_ERROR, FB_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  row = fb_store_get_row (fx->store, "queue", "q-0", &error);
  g_assert_no_error (error);
  g_assert_cmpint (row->version, ==, 1);
  meta = fb_store_get_meta (fx->store, "cursor");
  g_assert_null (meta);
  outbox = fb_store_outbox_list (fx->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outbox->len, ==, 0);

  /* Rolling back with no transaction open is harmless. */
  fb_store_rollback (fx->store);
  g_assert_cmpint (fb_store_count_rows (fx->store, "queue"), ==, 1);
}

static void
test_tx_commit (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) outbox = NULL;

  g_assert_true (fb_store_begin (fx->store, &error));
  g_assert_no_error (error);
  /* One transaction at a time. */
  g_assert_false (fb_store_begin (fx->store, &error));
  g_assert_error (error, FB_STORE_ERROR, FB_STORE_ERROR_SQL);
  g_clear_error (&error);

  apply_queue (fx->store, "q-1", 1, 1);
  g_assert_cmpint (fb_store_outbox_add (fx->store, "POST", "/api/v1/x", "{}", "key-1", &error), >, 0);
  g_assert_true (fb_store_commit (fx->store, &error));
  g_assert_no_error (error);
  /* Committed is committed. */
  fb_store_rollback (fx->store);

  fixture_reopen (fx);
  g_assert_cmpint (fb_store_count_rows (fx->store, "queue"), ==, 1);
  outbox = fb_store_outbox_list (fx->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outbox->len, ==, 1);

  /* Commit without begin is an error. */
  g_assert_false (fb_store_commit (fx->store, &error));
  g_assert_error (error, FB_STORE_ERROR, FB_STORE_ERROR_SQL);
}

/* Metadata ------------------------------------------------------------------- */

/* The center's zone: Asia/Seoul until the server names one; kept in the
 * cache, so a second connection (the app's, beside the sync engine's)
 * follows; an unknown name changes nothing. */
static void
test_center_time_zone (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) other = open_cache (fx->path);
  g_autofree char *kept = NULL;
  FbCenterClock *clock = fb_store_get_center_clock (fx->store);

  g_assert_cmpstr (fb_center_clock_get_zone_name (clock), ==, "Asia/Seoul");
  g_assert_cmpstr (fb_center_clock_get_zone_name (fb_store_get_center_clock (other)), ==, "Asia/Seoul");

  g_assert_true (fb_store_set_center_time_zone (fx->store, "America/New_York", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (fb_center_clock_get_zone_name (clock), ==, "America/New_York");
  g_assert_cmpstr (fb_center_clock_get_zone_name (fb_store_get_center_clock (other)), ==, "America/New_York");

  g_assert_false (fb_store_set_center_time_zone (fx->store, "../../etc/shadow", &error));
  g_assert_error (error, FB_STORE_ERROR, FB_STORE_ERROR_INVALID);
  kept = fb_store_get_meta (fx->store, FB_STORE_META_TIME_ZONE);
  g_assert_cmpstr (kept, ==, "America/New_York");

  /* A damaged cache row is not believed either. */
  g_assert_true (fb_store_set_meta (other, FB_STORE_META_TIME_ZONE, "Nowhere/Atlantis", NULL));
  g_assert_cmpstr (fb_center_clock_get_zone_name (fb_store_get_center_clock (fx->store)), ==, "America/New_York");

  fixture_reopen (fx);
  g_assert_true (fb_store_set_center_time_zone (other, "UTC", NULL));
  g_assert_cmpstr (fb_center_clock_get_zone_name (fb_store_get_center_clock (fx->store)), ==, "UTC");
}


static void
test_meta (Fixture       *fx,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  char *value;

  g_assert_null (fb_store_get_meta (fx->store, "cursor"));
  g_assert_cmpint (fb_store_get_meta_int (fx->store, "cursor", -7), ==, -7);

  g_assert_true (fb_store_set_meta (fx->store, "cursor", "42", &error));
  g_assert_no_error (error);
  value = fb_store_get_meta (fx->store, "cursor");
  g_assert_cmpstr (value, ==, "42");
  g_free (value);
  g_assert_cmpint (fb_store_get_meta_int (fx->store, "cursor", -1), ==, 42);

  /* Overwrite, and keys stay apart. */
  g_assert_true (fb_store_set_meta (fx->store, "cursor", "43", &error));
  g_assert_true (fb_store_set_meta (fx->store, "user", "김민수", &error));
  g_assert_no_error (error);
  g_assert_cmpint (fb_store_get_meta_int (fx->store, "cursor", -1), ==, 43);
  value = fb_store_get_meta (fx->store, "user");
  g_assert_cmpstr (value, ==, "김민수");
  g_free (value);

  /* NULL deletes. */
  g_assert_true (fb_store_set_meta (fx->store, "cursor", NULL, &error));
  g_assert_no_error (error);
  g_assert_null (fb_store_get_meta (fx->store, "cursor"));
  g_assert_cmpint (fb_store_get_meta_int (fx->store, "cursor", -1), ==, -1);
  value = fb_store_get_meta (fx->store, "user");
  g_assert_cmpstr (value, ==, "김민수");
  g_free (value);
  /* Deleting what is not there is fine. */
  g_assert_true (fb_store_set_meta (fx->store, "never", NULL, &error));
  g_assert_no_error (error);

  /* Integers, at the extremes; text that is not one falls back. */
  g_assert_true (fb_store_set_meta_int (fx->store, "big", G_MAXINT64, &error));
  g_assert_true (fb_store_set_meta_int (fx->store, "small", G_MININT64, &error));
  g_assert_true (fb_store_set_meta_int (fx->store, "zero", 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fb_store_get_meta_int (fx->store, "big", 0), ==, G_MAXINT64);
  g_assert_cmpint (fb_store_get_meta_int (fx->store, "small", 0), ==, G_MININT64);
  g_assert_cmpint (fb_store_get_meta_int (fx->store, "zero", 5), ==, 0);
  value = fb_store_get_meta (fx->store, "zero");
  g_assert_cmpstr (value, ==, "0");
  g_free (value);
  g_assert_true (fb_store_set_meta (fx->store, "junk", "12abc", &error));
  g_assert_cmpint (fb_store_get_meta_int (fx->store, "junk", 7), ==, 7);
  g_assert_true (fb_store_set_meta (fx->store, "junk", "", &error));
  g_assert_cmpint (fb_store_get_meta_int (fx->store, "junk", 7), ==, 7);
  g_assert_true (fb_store_set_meta (fx->store, "junk", "99999999999999999999", &error));
  g_assert_cmpint (fb_store_get_meta_int (fx->store, "junk", 7), ==, 7);
  g_assert_no_error (error);

  /* Survives reopening. */
  fixture_reopen (fx);
  g_assert_cmpint (fb_store_get_meta_int (fx->store, "big", 0), ==, G_MAXINT64);
}

/* Outbox ------------------------------------------------------------------ */

/* A write shows at once, and a refusal puts the row back unless the
 * server has moved it on meanwhile. */
static void
test_outbox_local_change (Fixture       *fx,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(FbChange) row = NULL;
  g_autofree char *original = queue_json ("q-1", 3);
  g_autofree char *local = queue_json ("q-1", 99);
  g_autofree char *newer = queue_json ("q-1", 7);
  gboolean restored = FALSE;
  FbOutboxItem *item;
  gint64 id;

  apply_queue (fx->store, "q-1", 5, 3);
  row = fb_store_get_row (fx->store, "queue", "q-1", &error);
  g_assert_no_error (error);

  g_assert_true (fb_store_put_local (fx->store, "queue", "q-1", local, &error));
  g_assert_no_error (error);
  id = fb_store_outbox_add_for_row (fx->store, "POST", "/api/v1/x", "{}", "k-1",
                                    "queue", "q-1", row->data, row->version, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fb_store_outbox_count_pending (fx->store), ==, 1);
  g_clear_pointer (&row, fb_change_free);

  /* Shown at once, at the old version, so any server row replaces it. */
  row = fb_store_get_row (fx->store, "queue", "q-1", &error);
  g_assert_cmpstr (row->data, ==, local);
  g_assert_cmpint (row->version, ==, 5);
  g_clear_pointer (&row, fb_change_free);

  items = fb_store_outbox_list (fx->store, &error);
  g_assert_cmpuint (items->len, ==, 1);
  item = g_ptr_array_index (items, 0);
  g_assert_cmpstr (item->row_type, ==, "queue");
  g_assert_cmpstr (item->row_id, ==, "q-1");
  g_assert_cmpint (item->before_version, ==, 5);
  g_assert_nonnull (strstr (item->before_data, "\"waiting\":3"));
  g_assert_null (item->refused);

  /* Refused: the old state comes back, the write stays, marked. */
  g_assert_true (fb_store_restore_row (fx->store, "queue", "q-1", item->before_data,
                                       item->before_version, &restored, &error));
  g_assert_true (restored);
  g_assert_true (fb_store_outbox_set_refused (fx->store, id, "{\"error\":{}}", &error));
  g_assert_no_error (error);
  g_assert_cmpint (fb_store_outbox_count_pending (fx->store), ==, 0);
  row = fb_store_get_row (fx->store, "queue", "q-1", &error);
  g_assert_nonnull (strstr (row->data, "\"waiting\":3"));
  g_clear_pointer (&row, fb_change_free);
  g_clear_pointer (&items, g_ptr_array_unref);
  items = fb_store_outbox_list (fx->store, &error);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_cmpstr (((FbOutboxItem *) g_ptr_array_index (items, 0))->refused, ==, "{\"error\":{}}");

  /* A newer server row is never undone. */
  g_assert_true (fb_store_put_local (fx->store, "queue", "q-1", local, &error));
  apply_queue (fx->store, "q-1", 6, 7);
  g_assert_true (fb_store_restore_row (fx->store, "queue", "q-1", original, 5, &restored, &error));
  g_assert_false (restored);
  row = fb_store_get_row (fx->store, "queue", "q-1", &error);
  g_assert_cmpstr (row->data, ==, newer);
  g_assert_cmpint (row->version, ==, 6);
  g_clear_pointer (&row, fb_change_free);

  /* A row made locally (version 0) goes away when undone. */
  g_assert_true (fb_store_put_local (fx->store, "queue", "local-1", local, &error));
  g_assert_cmpint (fb_store_count_rows (fx->store, "queue"), ==, 2);
  g_assert_true (fb_store_restore_row (fx->store, "queue", "local-1", NULL, 0, &restored, &error));
  g_assert_true (restored);
  g_assert_cmpint (fb_store_count_rows (fx->store, "queue"), ==, 1);
}

static void
assert_queue_waiting (FbStore *store,
                      gint64   waiting,
                      gint64   version)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbChange) row = fb_store_get_row (store, "queue", "q-1", &error);
  g_autofree char *expected = queue_json ("q-1", waiting);

  g_assert_no_error (error);
  g_assert_cmpstr (row->data, ==, expected);
  g_assert_cmpint (row->version, ==, version);
}

static void
show_owner (FbStore    *store,
            const char *name,
            gboolean    rows_cleared,
            gboolean    expect_changed)
{
  g_autoptr(GError) error = NULL;
  gboolean changed = FALSE;

  g_assert_true (fb_store_begin (store, &error));
  g_assert_true (fb_store_outbox_show_owner (store, "https://fb.example", name, rows_cleared,
                                             &changed, &error));
  g_assert_no_error (error);
  g_assert_true (fb_store_commit (store, &error));
  g_assert_cmpint (changed, ==, expect_changed);
}

/* Each write is its own user's: counted and listed for them only, shown
 * to them only, and shown again to them after another user, or after the
 * rows were replaced. */
static void
test_outbox_owners (Fixture       *fx,
                    gconstpointer  data)
{
  static const char url[] = "https://fb.example";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(FbChange) row = NULL;
  g_autofree char *local = queue_json ("q-1", 99);
  g_autofree char *local2 = queue_json ("q-1", 98);
  g_autofree char *original = queue_json ("q-1", 3);
  FbOutboxItem *item;

  apply_queue (fx->store, "q-1", 5, 3);
  /* Two writes of A's on the row, one of B's elsewhere, one of nobody's. */
  g_assert_true (fb_store_put_local (fx->store, "queue", "q-1", local, &error));
  g_assert_cmpint (fb_store_outbox_add_owned (fx->store, url, "a", "POST", "/x", "{}", "k-1", "queue", "q-1",
                                              original, 5, local, &error), >, 0);
  row = fb_store_get_row (fx->store, "queue", "q-1", &error);
  g_assert_true (fb_store_put_local (fx->store, "queue", "q-1", local2, &error));
  g_assert_cmpint (fb_store_outbox_add_owned (fx->store, url, "a", "POST", "/x", "{}", "k-2", "queue", "q-1",
                                              row->data, row->version, local2, &error), >, 0);
  g_assert_cmpint (fb_store_outbox_add_owned (fx->store, url, "b", "POST", "/y", "{}", "k-3", NULL, NULL,
                                              NULL, 0, NULL, &error), >, 0);
  g_assert_cmpint (fb_store_outbox_add (fx->store, "POST", "/z", "{}", "k-4", &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpint (fb_store_outbox_count_owned (fx->store, url, "a"), ==, 2);
  g_assert_cmpint (fb_store_outbox_count_owned (fx->store, url, "b"), ==, 1);
  g_assert_cmpint (fb_store_outbox_count_owned (fx->store, "https://other.example", "a"), ==, 0);
  g_assert_cmpint (fb_store_outbox_count_pending (fx->store), ==, 4);
  items = fb_store_outbox_list_owned (fx->store, url, "b", &error);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_cmpstr (((FbOutboxItem *) g_ptr_array_index (items, 0))->idempotency_key, ==, "k-3");
  g_clear_pointer (&items, g_ptr_array_unref);

  /* B signs in: B takes the write of nobody's, and sees the row as it
   * was before A's two changes. */
  show_owner (fx->store, "b", FALSE, TRUE);
  assert_queue_waiting (fx->store, 3, 5);
  g_assert_cmpint (fb_store_outbox_count_owned (fx->store, url, "b"), ==, 2);
  show_owner (fx->store, "b", FALSE, FALSE);

  /* A is back: both of A's changes show again, in order. */
  show_owner (fx->store, "a", FALSE, TRUE);
  assert_queue_waiting (fx->store, 98, 5);
  show_owner (fx->store, "a", FALSE, FALSE);

  /* The rows were replaced (a new session's first page): A's changes
   * show over the new row, and a refusal would go back to it. */
  g_assert_true (fb_store_clear_rows (fx->store, &error));
  apply_queue (fx->store, "q-1", 9, 4);
  show_owner (fx->store, "a", TRUE, TRUE);
  assert_queue_waiting (fx->store, 98, 9);
  items = fb_store_outbox_list_owned (fx->store, url, "a", &error);
  g_assert_cmpuint (items->len, ==, 2);
  item = g_ptr_array_index (items, 0);
  g_assert_cmpint (item->before_version, ==, 9);
  g_assert_nonnull (strstr (item->before_data, "\"waiting\":4"));
  g_assert_true (item->shown);
  g_assert_cmpstr (item->owner_name, ==, "a");
  item = g_ptr_array_index (items, 1);
  g_assert_nonnull (strstr (item->before_data, "\"waiting\":99"));
  show_owner (fx->store, "b", FALSE, TRUE);
  assert_queue_waiting (fx->store, 4, 9);
}

/* Writes waiting in a cache from before owners (schema 5) are the cache's
 * last user's: only they send them, another user does not see them. */
static void
test_outbox_owner_migration (Fixture       *fx,
                             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fx->dir, "old.db", NULL);
  g_autofree char *local = queue_json ("q-1", 99);
  g_autofree char *original = queue_json ("q-1", 3);
  char *sql;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  const char *five[6] = { NULL };
  FbOutboxItem *item;
  FbStore *old;

  for (guint i = 0; i < 5; i++)
    five[i] = fb_store_cache_migrations[i];
  old = fb_store_open (path, five, FB_STORE_SYNC_NORMAL, &error);
  g_assert_no_error (error);
  g_assert_true (fb_store_set_meta (old, "server_url", "https://fb.example", &error));
  g_assert_true (fb_store_set_meta (old, "username", "a", &error));
  apply_queue (old, "q-1", 5, 3);
  g_assert_true (fb_store_put_local (old, "queue", "q-1", local, &error));
  g_assert_true (raw_has_table (fb_store_get_db (old), "outbox"));
  sql = sqlite3_mprintf ("INSERT INTO outbox (created_at, method, path, body, idempotency_key, row_type,"
                         " row_id, before_data, before_version) VALUES (1, 'POST', '/x', '{}', 'k-1',"
                         " 'queue', 'q-1', %Q, 5)", original);
  raw_exec (fb_store_get_db (old), sql);
  sqlite3_free (sql);
  g_object_unref (old);

  g_clear_object (&fx->store);
  fx->store = open_cache (path);
  items = fb_store_outbox_list (fx->store, &error);
  g_assert_cmpuint (items->len, ==, 1);
  item = g_ptr_array_index (items, 0);
  g_assert_cmpstr (item->owner_url, ==, "https://fb.example");
  g_assert_cmpstr (item->owner_name, ==, "a");
  g_assert_true (item->shown);
  g_assert_cmpint (fb_store_outbox_count_owned (fx->store, "https://fb.example", "a"), ==, 1);
  g_assert_cmpint (fb_store_outbox_count_owned (fx->store, "https://fb.example", "b"), ==, 0);

  /* B does not see it; A sees it again (kept from the row when hidden). */
  show_owner (fx->store, "b", FALSE, TRUE);
  assert_queue_waiting (fx->store, 3, 5);
  show_owner (fx->store, "a", FALSE, TRUE);
  assert_queue_waiting (fx->store, 99, 5);
}

static void
test_outbox (Fixture       *fx,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;
  gint64 after;
  gint64 id1, id2, id3;
  FbOutboxItem *item;

  id1 = fb_store_outbox_add (fx->store, "POST", "/api/v1/leave/lv-1/decision", "{\"approve\":true}", "k-1", &error);
  g_assert_no_error (error);
  id2 = fb_store_outbox_add (fx->store, "PUT", "/api/v1/seat-assignments/sa-1", NULL, "k-2", &error);
  g_assert_no_error (error);
  id3 = fb_store_outbox_add (fx->store, "POST", "/api/v1/escalations/e-1/actions", "{\"a\":\"한글\"}", "k-3", &error);
  g_assert_no_error (error);
  after = g_get_real_time () / G_USEC_PER_SEC;
  g_assert_cmpint (id1, >, 0);
  g_assert_cmpint (id2, >, id1);
  g_assert_cmpint (id3, >, id2);

  items = fb_store_outbox_list (fx->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 3);
  item = g_ptr_array_index (items, 0);
  g_assert_cmpint (item->id, ==, id1);
  g_assert_cmpstr (item->method, ==, "POST");
  g_assert_cmpstr (item->path, ==, "/api/v1/leave/lv-1/decision");
  g_assert_cmpstr (item->body, ==, "{\"approve\":true}");
  g_assert_cmpstr (item->idempotency_key, ==, "k-1");
  g_assert_cmpint (item->attempts, ==, 0);
  g_assert_null (item->last_error);
  g_assert_cmpint (item->created_at, >=, before);
  g_assert_cmpint (item->created_at, <=, after);
  item = g_ptr_array_index (items, 1);
  g_assert_cmpint (item->id, ==, id2);
  g_assert_cmpstr (item->method, ==, "PUT");
  g_assert_null (item->body);
  item = g_ptr_array_index (items, 2);
  g_assert_cmpint (item->id, ==, id3);
  g_assert_cmpstr (item->body, ==, "{\"a\":\"한글\"}");
  g_clear_pointer (&items, g_ptr_array_unref);

  /* Failures count up and keep the last message. */
  g_assert_true (fb_store_outbox_record_failure (fx->store, id2, "HTTP 503", &error));
  g_assert_true (fb_store_outbox_record_failure (fx->store, id2, "timed out", &error));
  g_assert_no_error (error);
  items = fb_store_outbox_list (fx->store, &error);
  item = g_ptr_array_index (items, 1);
  g_assert_cmpint (item->attempts, ==, 2);
  g_assert_cmpstr (item->last_error, ==, "timed out");
  g_assert_cmpint (((FbOutboxItem *) g_ptr_array_index (items, 0))->attempts, ==, 0);
  g_clear_pointer (&items, g_ptr_array_unref);

  /* Removal keeps the order of the rest. */
  g_assert_true (fb_store_outbox_remove (fx->store, id1, &error));
  g_assert_no_error (error);
  items = fb_store_outbox_list (fx->store, &error);
  g_assert_cmpuint (items->len, ==, 2);
  g_assert_cmpint (((FbOutboxItem *) g_ptr_array_index (items, 0))->id, ==, id2);
  g_assert_cmpint (((FbOutboxItem *) g_ptr_array_index (items, 1))->id, ==, id3);
}

static void
test_outbox_duplicate_key (Fixture       *fx,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  gint64 id;

  id = fb_store_outbox_add (fx->store, "POST", "/a", "{}", "same-key", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  g_assert_cmpint (fb_store_outbox_add (fx->store, "POST", "/b", "{\"other\":1}", "same-key", &error), ==, -1);
  g_assert_error (error, FB_STORE_ERROR, FB_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  items = fb_store_outbox_list (fx->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_cmpstr (((FbOutboxItem *) g_ptr_array_index (items, 0))->path, ==, "/a");

  /* The store still works after the refused insert. */
  g_assert_cmpint (fb_store_outbox_add (fx->store, "POST", "/c", NULL, "other-key", &error), >, id);
  g_assert_no_error (error);
}

static void
test_outbox_reopen (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  gint64 id1, id2, id3;

  id1 = fb_store_outbox_add (fx->store, "POST", "/a", "{\"n\":1}", "k-a", &error);
  id2 = fb_store_outbox_add (fx->store, "POST", "/b", "{\"n\":2}", "k-b", &error);
  g_assert_no_error (error);
  g_assert_true (fb_store_outbox_record_failure (fx->store, id1, "offline", &error));
  g_assert_true (fb_store_outbox_remove (fx->store, id2, &error));
  g_assert_no_error (error);

  fixture_reopen (fx);

  items = fb_store_outbox_list (fx->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_cmpint (((FbOutboxItem *) g_ptr_array_index (items, 0))->id, ==, id1);
  g_assert_cmpstr (((FbOutboxItem *) g_ptr_array_index (items, 0))->idempotency_key, ==, "k-a");
  g_assert_cmpint (((FbOutboxItem *) g_ptr_array_index (items, 0))->attempts, ==, 1);
  g_assert_cmpstr (((FbOutboxItem *) g_ptr_array_index (items, 0))->last_error, ==, "offline");

  /* Ids are never reused, even the removed last one's. */
  id3 = fb_store_outbox_add (fx->store, "POST", "/c", NULL, "k-c", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id3, >, id2);

  /* The key is still taken after a restart. */
  g_assert_cmpint (fb_store_outbox_add (fx->store, "POST", "/a", NULL, "k-a", &error), ==, -1);
  g_assert_error (error, FB_STORE_ERROR, FB_STORE_ERROR_CONSTRAINT);
}

/* Drafts: kept across a reopen, replaced, removed; other keys untouched. */
static void
test_drafts (Fixture       *fx,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 before = g_get_real_time () / G_USEC_PER_SEC;
  gint64 updated_at = -1;
  char *json;

  g_assert_true (raw_has_table (fb_store_get_db (fx->store), "drafts"));
  json = fb_store_get_draft (fx->store, "duty-2024-05-01-day", &updated_at, &error);
  g_assert_no_error (error);
  g_assert_null (json);
  g_assert_cmpint (updated_at, ==, 0);

  g_assert_true (fb_store_put_draft (fx->store, "duty-2024-05-01-day", "{\"handover_notes\":\"첫째\"}", &error));
  g_assert_no_error (error);
  /* A key that looks like SQL is only a key. */
  g_assert_true (fb_store_put_draft (fx->store, "x'; DROP TABLE drafts; --", "{}", &error));
  g_assert_no_error (error);
  g_assert_true (fb_store_put_draft (fx->store, "duty-2024-05-01-day", "{\"handover_notes\":\"둘째\"}", &error));
  g_assert_no_error (error);

  /* What a crash would leave: the file as written, read by a new connection. */
  fixture_reopen (fx);
  json = fb_store_get_draft (fx->store, "duty-2024-05-01-day", &updated_at, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json, ==, "{\"handover_notes\":\"둘째\"}");
  g_free (json);
  g_assert_cmpint (updated_at, >=, before);
  g_assert_cmpint (updated_at, <=, g_get_real_time () / G_USEC_PER_SEC);
  g_assert_cmpint (raw_int (fb_store_get_db (fx->store), "SELECT count(*) FROM drafts"), ==, 2);

  g_assert_true (fb_store_delete_draft (fx->store, "duty-2024-05-01-day", &error));
  g_assert_no_error (error);
  json = fb_store_get_draft (fx->store, "duty-2024-05-01-day", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (json);
  /* Deleting again is no error; the other key stays. */
  g_assert_true (fb_store_delete_draft (fx->store, "duty-2024-05-01-day", &error));
  g_assert_no_error (error);
  json = fb_store_get_draft (fx->store, "x'; DROP TABLE drafts; --", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json, ==, "{}");
  g_free (json);
  /* Drafts are not rows: nothing synced sees them. */
  g_assert_cmpint (fb_store_count_rows (fx->store, NULL), ==, 0);
}

static void
test_integrity (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *id = g_strdup_printf ("q-%02u", i);

      apply_queue (fx->store, id, i + 1, i);
    }
  g_assert_true (fb_store_integrity_check (fx->store, &error));
  g_assert_no_error (error);
}

/* FbRow ------------------------------------------------------------------ */

static const char qa_json[] =
  "{\"id\":\"qa-1\",\"agent_id\":\"ag-1\",\"inspector\":\"u-qa\","
  "\"evaluated_at\":\"2026-11-20T14:00:00Z\",\"call_ref\":\"call-778\","
  "\"scores\":{\"service_language\":90,\"attitude\":85,\"tone\":80,\"need_elicitation\":75,\"handling\":95},"
  "\"total\":85.0,\"comment\":null}";

static void
test_row_new (void)
{
  g_autofree char *json = queue_json ("q-1", 6);
  g_autoptr(FbChange) change = fb_change_new ("queue", "q-1", 12, FALSE, json);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbRow) row = fb_row_new (change, &error);
  g_autofree char *id = NULL;
  gint64 version = 0;
  const FbQueue *queue;

  g_assert_no_error (error);
  g_assert_true (FB_IS_ROW (row));
  g_assert_cmpstr (fb_row_get_id (row), ==, "q-1");
  g_assert_cmpstr (fb_row_get_kind (row), ==, "queue");
  g_assert_cmpint (fb_row_get_version (row), ==, 12);
  g_object_get (row, "id", &id, "version", &version, NULL);
  g_assert_cmpstr (id, ==, "q-1");
  g_assert_cmpint (version, ==, 12);

  queue = fb_row_get_entity (row);
  g_assert_nonnull (queue);
  g_assert_cmpstr (queue->id, ==, "q-1");
  g_assert_cmpint (queue->waiting, ==, 6);
  g_assert_cmpint (queue->offered, ==, 10);
  g_assert_cmpfloat_with_epsilon (queue->service_level, 0.75, 1e-12);

  g_assert_cmpstr (json_object_get_string_member (fb_row_get_object (row), "name"), ==, "큐 q-1");

  /* The row owns its copy: the change can go. */
  g_clear_pointer (&change, fb_change_free);
  g_assert_cmpstr (fb_row_get_id (row), ==, "q-1");
}

static void
test_row_lookup (void)
{
  g_autoptr(FbChange) change = fb_change_new ("qa_evaluation", "qa-1", 3, FALSE, qa_json);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbRow) row = fb_row_new (change, &error);
  const FbQaEvaluation *qa;
  JsonNode *node;

  g_assert_no_error (error);
  node = fb_row_lookup (row, "scores.attitude");
  g_assert_nonnull (node);
  g_assert_cmpint (json_node_get_int (node), ==, 85);
  node = fb_row_lookup (row, "scores.handling");
  g_assert_cmpint (json_node_get_int (node), ==, 95);
  node = fb_row_lookup (row, "inspector");
  g_assert_cmpstr (json_node_get_string (node), ==, "u-qa");
  node = fb_row_lookup (row, "scores");
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));

  g_assert_null (fb_row_lookup (row, "scores.nope"));
  g_assert_null (fb_row_lookup (row, "nope"));
  g_assert_null (fb_row_lookup (row, "nope.deeper"));
  /* Through a value that is not an object. */
  g_assert_null (fb_row_lookup (row, "inspector.length"));
  g_assert_null (fb_row_lookup (row, "scores.attitude.x"));
  /* null reads as absent. */
  g_assert_null (fb_row_lookup (row, "comment"));

  qa = fb_row_get_entity (row);
  g_assert_cmpint (qa->score_attitude, ==, 85);
  g_assert_null (qa->comment);
  g_assert_cmpstr (fb_row_get_kind (row), ==, "qa_evaluation");
}

static void
test_row_errors (void)
{
  g_autofree char *json = queue_json ("q-1", 1);
  struct {
    const char *type;
    const char *data;
    GQuark      domain;
    int         code;
  } cases[] = {
    { "bogus", json, FB_ENTITY_ERROR, FB_ENTITY_ERROR_UNKNOWN_TYPE },
    { "queue", "{", JSON_PARSER_ERROR, -1 },
    { "queue", "[]", FB_ENTITY_ERROR, FB_ENTITY_ERROR_NOT_OBJECT },
    { "queue", "{\"id\":\"q-1\"}", FB_ENTITY_ERROR, FB_ENTITY_ERROR_MISSING },
    { "agent", json, FB_ENTITY_ERROR, FB_ENTITY_ERROR_MISSING },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FbChange) change = fb_change_new (cases[i].type, "q-1", 1, FALSE, cases[i].data);
      g_autoptr(GError) error = NULL;
      g_autoptr(FbRow) row = fb_row_new (change, &error);

      g_assert_null (row);
      g_assert_nonnull (error);
      g_assert_true (error->domain == cases[i].domain);
      if (cases[i].code >= 0)
        g_assert_cmpint (error->code, ==, cases[i].code);
    }
}

/* FbRowList ------------------------------------------------------------------ */

typedef struct
{
  guint position;
  guint removed;
  guint added;
  guint n_items;   /* what the model said during the signal */
} Emission;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GArray     *emissions)
{
  Emission e = { position, removed, added, g_list_model_get_n_items (model) };

  g_array_append_val (emissions, e);
}

static void
reload (FbRowList *list)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fb_row_list_reload (list, &error));
  g_assert_no_error (error);
}

static void
assert_emissions (GArray         *emissions,
                  const Emission *expected,
                  guint           n_expected)
{
  for (guint i = 0; i < emissions->len; i++)
    {
      const Emission *e = &g_array_index (emissions, Emission, i);

      g_test_message ("items-changed (%u, %u, %u), %u items", e->position, e->removed, e->added, e->n_items);
    }
  g_assert_cmpuint (emissions->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      const Emission *e = &g_array_index (emissions, Emission, i);

      g_assert_cmpuint (e->position, ==, expected[i].position);
      g_assert_cmpuint (e->removed, ==, expected[i].removed);
      g_assert_cmpuint (e->added, ==, expected[i].added);
      g_assert_cmpuint (e->n_items, ==, expected[i].n_items);
    }
  g_array_set_size (emissions, 0);
}

static void
assert_ids (GListModel         *model,
            const char * const *ids)
{
  guint n = g_strv_length ((char **) ids);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbRow) row = g_list_model_get_item (model, i);

      g_assert_cmpstr (fb_row_get_id (row), ==, ids[i]);
    }
  g_assert_null (g_list_model_get_item (model, n));
}

static void
test_row_list_reload (Fixture       *fx,
                      gconstpointer  data)
{
  static const char * const abc[] = { "q-a", "q-b", "q-c", NULL };
  static const char * const abbc[] = { "q-a", "q-b", "q-bb", "q-c", NULL };
  static const char * const bbc[] = { "q-b", "q-bb", "q-c", NULL };
  g_autoptr(FbRowList) list = fb_row_list_new (fx->store, "queue");
  GListModel *model = G_LIST_MODEL (list);
  g_autoptr(GArray) emissions = g_array_new (FALSE, TRUE, sizeof (Emission));
  g_autoptr(FbRow) a = NULL;
  g_autoptr(FbRow) b = NULL;
  g_autoptr(FbRow) c = NULL;

  g_signal_connect (list, "items-changed", G_CALLBACK (on_items_changed), emissions);
  g_assert_cmpstr (fb_row_list_get_kind (list), ==, "queue");
  g_assert_true (g_list_model_get_item_type (model) == FB_TYPE_ROW);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);

  /* Empty cache: nothing to say. */
  reload (list);
  assert_emissions (emissions, NULL, 0);

  apply_queue (fx->store, "q-b", 1, 1);
  apply_queue (fx->store, "q-c", 1, 1);
  apply_queue (fx->store, "q-a", 1, 1);
  apply (fx->store, "agent", "ag-1", 1, FALSE, "{}");  /* another kind */

  reload (list);
  assert_emissions (emissions, (Emission[]) { { 0, 0, 3, 3 } }, 1);
  assert_ids (model, abc);

  /* Nothing changed: no signal, same objects. */
  a = g_list_model_get_item (model, 0);
  b = g_list_model_get_item (model, 1);
  c = g_list_model_get_item (model, 2);
  reload (list);
  assert_emissions (emissions, NULL, 0);
  {
    g_autoptr(FbRow) b_again = g_list_model_get_item (model, 1);

    g_assert_true (b_again == b);
  }

  /* One version bumped: exactly that row is replaced. */
  apply_queue (fx->store, "q-b", 2, 20);
  reload (list);
  assert_emissions (emissions, (Emission[]) { { 1, 1, 1, 3 } }, 1);
  {
    g_autoptr(FbRow) a_now = g_list_model_get_item (model, 0);
    g_autoptr(FbRow) b_now = g_list_model_get_item (model, 1);
    g_autoptr(FbRow) c_now = g_list_model_get_item (model, 2);
    const FbQueue *queue = fb_row_get_entity (b_now);

    g_assert_true (a_now == a);
    g_assert_true (c_now == c);
    g_assert_true (b_now != b);
    g_assert_cmpint (fb_row_get_version (b_now), ==, 2);
    g_assert_cmpint (queue->waiting, ==, 20);
    /* The old row handed out earlier is still intact. */
    g_assert_cmpint (fb_row_get_version (b), ==, 1);
  }

  /* An ignored (older) change moves nothing. */
  g_assert_false (apply_queue (fx->store, "q-b", 1, 1));
  reload (list);
  assert_emissions (emissions, NULL, 0);

  /* Two bumped: two single-row signals. */
  apply_queue (fx->store, "q-a", 2, 2);
  apply_queue (fx->store, "q-c", 5, 5);
  reload (list);
  assert_emissions (emissions, (Emission[]) { { 0, 1, 1, 3 }, { 2, 1, 1, 3 } }, 2);

  /* A new id: the whole list is replaced. */
  apply_queue (fx->store, "q-bb", 1, 1);
  reload (list);
  assert_emissions (emissions, (Emission[]) { { 0, 3, 4, 4 } }, 1);
  assert_ids (model, abbc);

  /* A tombstone removes one: replaced again. */
  apply (fx->store, "queue", "q-a", 3, TRUE, NULL);
  reload (list);
  assert_emissions (emissions, (Emission[]) { { 0, 4, 3, 3 } }, 1);
  assert_ids (model, bbc);

  /* Same count but another id. */
  apply (fx->store, "queue", "q-bb", 2, TRUE, NULL);
  apply_queue (fx->store, "q-d", 1, 1);
  reload (list);
  assert_emissions (emissions, (Emission[]) { { 0, 3, 3, 3 } }, 1);

  /* Everything gone. */
  g_assert_true (fb_store_clear_rows (fx->store, NULL));
  reload (list);
  assert_emissions (emissions, (Emission[]) { { 0, 3, 0, 0 } }, 1);
  reload (list);
  assert_emissions (emissions, NULL, 0);

  g_signal_handlers_disconnect_by_func (list, on_items_changed, emissions);
}

static void
test_row_list_damaged_row (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = make_tmp_dir ();
      g_autofree char *path = g_build_filename (dir, "cache.db", NULL);
      g_autoptr(FbStore) store = open_cache (path);
      g_autoptr(FbRowList) list = fb_row_list_new (store, "queue");

      /* The warning about the skipped row must not abort this process. */
      g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
      apply_queue (store, "q-a", 1, 1);
      apply (store, "queue", "q-b", 1, FALSE, "{\"id\":\"q-b\"}");
      apply (store, "queue", "q-c", 1, FALSE, "not json");
      apply_queue (store, "q-d", 1, 1);
      reload (list);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
      {
        g_autoptr(FbRow) first = g_list_model_get_item (G_LIST_MODEL (list), 0);
        g_autoptr(FbRow) second = g_list_model_get_item (G_LIST_MODEL (list), 1);

        g_assert_cmpstr (fb_row_get_id (first), ==, "q-a");
        g_assert_cmpstr (fb_row_get_id (second), ==, "q-d");
      }
      g_clear_object (&list);
      g_clear_object (&store);
      remove_tmp_dir (dir);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*Skipping cached queue*");
}

/* Queue totals ------------------------------------------------------------ */

static FbQueue
make_queue (gint64 waiting,
            gint64 longest,
            gint64 available,
            gint64 busy,
            gint64 offered,
            gint64 answered,
            gint64 abandoned,
            double sl,
            double asa,
            double aht,
            gint64 updated_at)
{
  FbQueue q = { 0 };

  q.sl_threshold_s = 20;
  q.waiting = waiting;
  q.longest_wait_s = longest;
  q.agents_available = available;
  q.agents_busy = busy;
  q.offered = offered;
  q.answered = answered;
  q.abandoned = abandoned;
  q.service_level = sl;
  q.asa_s = asa;
  q.aht_s = aht;
  q.updated_at = updated_at;
  return q;
}

static void
test_queue_stats_total (void)
{
  FbQueue q1 = make_queue (3, 50, 2, 5, 120, 100, 20, 0.9, 10, 200, 1000);
  FbQueue q2 = make_queue (7, 120, 1, 9, 310, 300, 10, 0.7, 30, 100, 2000);
  /* Nothing answered yet: its figures must not weigh in at all. */
  FbQueue q3 = make_queue (2, 300, 0, 0, 5, 0, 5, 1.0, 999, 999, 1500);
  const FbQueue *queues[] = { &q1, &q2, &q3 };
  FbQueue total;

  memset (&total, 0x5a, sizeof total);
  fb_queue_stats_total (queues, G_N_ELEMENTS (queues), &total);

  g_assert_cmpint (total.waiting, ==, 12);
  g_assert_cmpint (total.longest_wait_s, ==, 300);
  g_assert_cmpint (total.agents_available, ==, 3);
  g_assert_cmpint (total.agents_busy, ==, 14);
  g_assert_cmpint (total.offered, ==, 435);
  g_assert_cmpint (total.answered, ==, 400);
  g_assert_cmpint (total.abandoned, ==, 35);
  g_assert_cmpint (total.updated_at, ==, 2000);
  /* (0.9 * 100 + 0.7 * 300) / 400, not the plain mean 0.8 (or 0.87). */
  g_assert_cmpfloat_with_epsilon (total.service_level, 0.75, 1e-9);
  g_assert_cmpfloat_with_epsilon (total.asa_s, (10.0 * 100 + 30.0 * 300) / 400, 1e-9);
  g_assert_cmpfloat_with_epsilon (total.aht_s, (200.0 * 100 + 100.0 * 300) / 400, 1e-9);
  g_assert_null (total.id);
  g_assert_null (total.name);
  g_assert_cmpfloat_with_epsilon (fb_queue_stats_abandon_rate (&total), 35.0 / 435, 1e-12);

  /* One queue: its own figures. */
  fb_queue_stats_total (queues, 1, &total);
  g_assert_cmpfloat_with_epsilon (total.service_level, 0.9, 1e-12);
  g_assert_cmpfloat_with_epsilon (total.asa_s, 10, 1e-12);
  g_assert_cmpfloat_with_epsilon (total.aht_s, 200, 1e-12);
  g_assert_cmpint (total.longest_wait_s, ==, 50);
}

static void
test_queue_stats_zero (void)
{
  FbQueue idle = make_queue (0, 0, 4, 0, 0, 0, 0, 0.5, 3, 4, 10);
  FbQueue ringing = make_queue (3, 40, 0, 0, 3, 0, 0, 0.0, 0, 0, 20);
  const FbQueue *queues[] = { &idle, &ringing };
  FbQueue total;

  /* No queues at all: zeros everywhere, nothing left over. */
  memset (&total, 0x5a, sizeof total);
  fb_queue_stats_total (NULL, 0, &total);
  g_assert_cmpint (total.waiting, ==, 0);
  g_assert_cmpint (total.longest_wait_s, ==, 0);
  g_assert_cmpint (total.offered, ==, 0);
  g_assert_cmpint (total.answered, ==, 0);
  g_assert_cmpint (total.updated_at, ==, 0);
  g_assert_cmpfloat (total.service_level, ==, 0);
  g_assert_cmpfloat (total.asa_s, ==, 0);
  g_assert_cmpfloat (total.aht_s, ==, 0);
  g_assert_cmpfloat (fb_queue_stats_abandon_rate (&total), ==, 0);

  /* Queues that answered nothing: no division by zero. */
  fb_queue_stats_total (queues, G_N_ELEMENTS (queues), &total);
  g_assert_true (isfinite (total.service_level));
  g_assert_true (isfinite (total.asa_s));
  g_assert_true (isfinite (total.aht_s));
  g_assert_cmpfloat (total.service_level, ==, 0);
  g_assert_cmpint (total.waiting, ==, 3);
  g_assert_cmpint (total.longest_wait_s, ==, 40);
  g_assert_cmpint (total.agents_available, ==, 4);
  g_assert_cmpint (total.offered, ==, 3);
  g_assert_cmpint (total.updated_at, ==, 20);
}

static void
test_queue_stats_abandon_rate (void)
{
  FbQueue q = make_queue (0, 0, 0, 0, 200, 150, 50, 0.8, 10, 100, 0);
  FbQueue none = make_queue (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  g_assert_cmpfloat_with_epsilon (fb_queue_stats_abandon_rate (&q), 0.25, 1e-12);
  g_assert_cmpfloat (fb_queue_stats_abandon_rate (&none), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  ADD ("/store/open/fresh", test_open_fresh);
  ADD ("/store/open/full-durability", test_open_full_durability);
  ADD ("/store/open/reopen", test_open_reopen);
  ADD ("/store/open/too-new", test_open_too_new);
  ADD ("/store/open/too-new-wal", test_open_too_new_wal);
  ADD ("/store/open/random-bytes", test_open_random_bytes);
  ADD ("/store/open/text-file", test_open_text_file);
  ADD ("/store/open/bad-path", test_open_bad_path);
  ADD ("/store/migrations/stop-at-failure", test_migrations_stop_at_failure);
  ADD ("/store/rows/insert", test_rows_insert);
  ADD ("/store/rows/versions", test_rows_versions);
  ADD ("/store/rows/tombstone", test_rows_tombstone);
  ADD ("/store/rows/order", test_rows_order);
  ADD ("/store/rows/not-found", test_rows_not_found);
  ADD ("/store/rows/clear", test_rows_clear);
  ADD ("/store/tx/rollback", test_tx_rollback);
  ADD ("/store/tx/commit", test_tx_commit);
  ADD ("/store/meta", test_meta);
  ADD ("/store/center-time-zone", test_center_time_zone);
  ADD ("/store/outbox/basic", test_outbox);
  ADD ("/store/outbox/local-change", test_outbox_local_change);
  ADD ("/store/outbox/duplicate-key", test_outbox_duplicate_key);
  ADD ("/store/outbox/reopen", test_outbox_reopen);
  ADD ("/store/outbox/owners", test_outbox_owners);
  ADD ("/store/outbox/owner-migration", test_outbox_owner_migration);
  ADD ("/store/drafts", test_drafts);
  ADD ("/store/integrity", test_integrity);
  g_test_add_func ("/row/new", test_row_new);
  g_test_add_func ("/row/lookup", test_row_lookup);
  g_test_add_func ("/row/errors", test_row_errors);
  ADD ("/row-list/reload", test_row_list_reload);
  g_test_add_func ("/row-list/damaged-row", test_row_list_damaged_row);
  g_test_add_func ("/queue-stats/total", test_queue_stats_total);
  g_test_add_func ("/queue-stats/zero", test_queue_stats_zero);
  g_test_add_func ("/queue-stats/abandon-rate", test_queue_stats_abandon_rate);

  return g_test_run ();
}
