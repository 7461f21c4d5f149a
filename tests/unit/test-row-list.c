/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-row-list.c: applying a sync page's keys to a list, row by row. */
#include <glib/gstdio.h>

#include "fb-paths.h"
#include "fb-row.h"
#include "fb-row-list.h"
#include "fb-store.h"

typedef struct { GString *log; } Log;

static void
items_changed_cb (GListModel *model, guint pos, guint removed, guint added, GString *log)
{
  g_string_append_printf (log, "%u-%u+%u;", pos, removed, added);
}

static void
put (FbStore *store, const char *id, gint64 version, gboolean deleted)
{
  g_autofree char *json = g_strdup_printf ("{\"id\":\"%s\",\"name\":\"%s\",\"shift\":\"day\",\"start\":\"08:00\",\"end\":\"20:00\"}", id, id);
  g_autoptr(FbChange) change = fb_change_new ("team", id, version, deleted, deleted ? NULL : json);

  g_assert_true (fb_store_apply_change (store, change, NULL, NULL));
}

static char *
ids (FbRowList *list)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(FbRow) row = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_string_append_printf (out, "%s@%" G_GINT64_FORMAT " ", fb_row_get_id (row), fb_row_get_version (row));
    }
  return g_string_free (out, FALSE);
}

static void
test_update (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fb-rowlist-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "cache.db", NULL);
  g_autoptr(FbStore) store = fb_store_open (path, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, &error);
  g_autoptr(FbRowList) list = NULL;
  g_autoptr(GString) log = g_string_new (NULL);
  g_autofree char *after = NULL;
  const char *changed[] = { "t-b", "t-a", "t-e", "t-c", "t-zz", NULL };

  g_assert_no_error (error);
  put (store, "t-b", 1, FALSE);
  put (store, "t-d", 2, FALSE);
  put (store, "t-c", 3, FALSE);
  list = fb_row_list_new (store, "team");
  g_assert_true (fb_row_list_reload (list, &error));
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), log);

  /* t-b changed, t-a and t-e are new, t-c was deleted, t-zz never existed. */
  put (store, "t-b", 4, FALSE);
  put (store, "t-a", 5, FALSE);
  put (store, "t-e", 6, FALSE);
  put (store, "t-c", 7, TRUE);
  g_assert_true (fb_row_list_update (list, changed, &error));
  g_assert_no_error (error);

  after = ids (list);
  g_assert_cmpstr (after, ==, "t-a@5 t-b@4 t-d@2 t-e@6 ");
  /* One signal per row, at its place; nothing for the unknown id. */
  g_assert_cmpstr (log->str, ==, "0-1+1;0-0+1;4-0+1;2-1+0;");

  /* The same ids again with nothing new: no signal at all. */
  g_string_truncate (log, 0);
  g_assert_true (fb_row_list_update (list, changed, &error));
  g_assert_cmpstr (log->str, ==, "");

  /* A local change keeps the version but is news all the same. */
  {
    const char *one[] = { "t-d", NULL };
    g_autoptr(FbRow) row = NULL;

    g_assert_true (fb_store_put_local (store, "team", "t-d",
                                       "{\"id\":\"t-d\",\"name\":\"야간 팀\",\"shift\":\"night\",\"start\":\"20:00\",\"end\":\"08:00\"}",
                                       &error));
    g_assert_true (fb_row_list_update (list, one, &error));
    g_assert_cmpstr (log->str, ==, "2-1+1;");
    row = g_list_model_get_item (G_LIST_MODEL (list), 2);
    g_assert_cmpint (fb_row_get_version (row), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (fb_row_get_object (row), "name"), ==, "야간 팀");
  }

  fb_paths_remove_dir (dir);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/row-list/update", test_update);
  return g_test_run ();
}
