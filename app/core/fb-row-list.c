/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-row-list.c */
#define G_LOG_DOMAIN "floorboard-core"

#include <string.h>

#include "fb-row.h"
#include "fb-row-list.h"
#include "fb-store.h"

struct _FbRowList
{
  GObject    parent_instance;
  FbStore   *store;
  char      *kind;
  GPtrArray *rows;   /* FbRow */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FbRowList, fb_row_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
fb_row_list_get_item_type (GListModel *model)
{
  return FB_TYPE_ROW;
}

static guint
fb_row_list_get_n_items (GListModel *model)
{
  return FB_ROW_LIST (model)->rows->len;
}

static gpointer
fb_row_list_get_item (GListModel *model,
                      guint       position)
{
  FbRowList *self = FB_ROW_LIST (model);

  if (position >= self->rows->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->rows, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = fb_row_list_get_item_type;
  iface->get_n_items = fb_row_list_get_n_items;
  iface->get_item = fb_row_list_get_item;
}

static void
fb_row_list_dispose (GObject *object)
{
  FbRowList *self = (FbRowList *)object;

  g_clear_object (&self->store);

  G_OBJECT_CLASS (fb_row_list_parent_class)->dispose (object);
}

static void
fb_row_list_finalize (GObject *object)
{
  FbRowList *self = (FbRowList *)object;

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->kind, g_free);

  G_OBJECT_CLASS (fb_row_list_parent_class)->finalize (object);
}

static void
fb_row_list_class_init (FbRowListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fb_row_list_dispose;
  object_class->finalize = fb_row_list_finalize;
}

static void
fb_row_list_init (FbRowList *self)
{
  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
}

FbRowList *
fb_row_list_new (FbStore    *store,
                 const char *kind)
{
  FbRowList *self;

  g_return_val_if_fail (FB_IS_STORE (store), NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  self = g_object_new (FB_TYPE_ROW_LIST, NULL);
  self->store = g_object_ref (store);
  self->kind = g_strdup (kind);
  return self;
}

const char *
fb_row_list_get_kind (FbRowList *self)
{
  g_return_val_if_fail (FB_IS_ROW_LIST (self), NULL);
  return self->kind;
}

gboolean
fb_row_list_reload (FbRowList  *self,
                    GError    **error)
{
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gboolean same_ids;
  guint old_len;

  g_return_val_if_fail (FB_IS_ROW_LIST (self), FALSE);

  if (!(changes = fb_store_list_rows (self->store, self->kind, error)))
    return FALSE;

  rows = g_ptr_array_new_full (changes->len, g_object_unref);
  for (guint i = 0; i < changes->len; i++)
    {
      g_autoptr(GError) row_error = NULL;
      FbRow *row = fb_row_new (g_ptr_array_index (changes, i), &row_error);

      /* The sync engine validates before writing, so this is a damaged
       * cache; show what can be shown. */
      if (row == NULL)
        {
          g_warning ("Skipping cached %s: %s", self->kind, row_error->message);
          continue;
        }
      g_ptr_array_add (rows, row);
    }

  /* Rows are ordered by id: when the ids are unchanged only the rows whose
   * version moved are replaced, so selection and scroll position survive. */
  same_ids = rows->len == self->rows->len;
  for (guint i = 0; same_ids && i < rows->len; i++)
    same_ids = g_strcmp0 (fb_row_get_id (g_ptr_array_index (rows, i)),
                          fb_row_get_id (g_ptr_array_index (self->rows, i))) == 0;

  if (same_ids)
    {
      for (guint i = 0; i < rows->len; i++)
        {
          FbRow *new_row = g_ptr_array_index (rows, i);
          FbRow *old_row = g_ptr_array_index (self->rows, i);

          if (fb_row_get_version (new_row) == fb_row_get_version (old_row))
            continue;
          g_ptr_array_index (self->rows, i) = g_object_ref (new_row);
          g_object_unref (old_row);
          g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 1);
        }
      return TRUE;
    }

  old_len = self->rows->len;
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  self->rows = g_steal_pointer (&rows);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->rows->len);
  return TRUE;
}

/* Where @id is, or would be inserted; rows are in the store's id order,
 * which is SQLite's BINARY collation, i.e. strcmp. */
static guint
find_position (FbRowList  *self,
               const char *id,
               gboolean   *found)
{
  guint lo = 0, hi = self->rows->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      int cmp = strcmp (fb_row_get_id (g_ptr_array_index (self->rows, mid)), id);

      if (cmp == 0)
        {
          *found = TRUE;
          return mid;
        }
      if (cmp < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  *found = FALSE;
  return lo;
}

/**
 * fb_row_list_lookup:
 *
 * Returns: (transfer none) (nullable): the row with @id, found in
 *   O(log n)
 */
FbRow *
fb_row_list_lookup (FbRowList  *self,
                    const char *id)
{
  gboolean found;
  guint pos;

  g_return_val_if_fail (FB_IS_ROW_LIST (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  pos = find_position (self, id, &found);
  return found ? g_ptr_array_index (self->rows, pos) : NULL;
}

gboolean
fb_row_list_update (FbRowList          *self,
                    const char * const *ids,
                    GError            **error)
{
  g_return_val_if_fail (FB_IS_ROW_LIST (self), FALSE);
  g_return_val_if_fail (ids != NULL, FALSE);

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(FbChange) change = fb_store_get_row (self->store, self->kind, ids[i], &local_error);
      g_autoptr(FbRow) row = NULL;
      gboolean found;
      guint pos = find_position (self, ids[i], &found);

      if (change == NULL && !g_error_matches (local_error, FB_STORE_ERROR, FB_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (change != NULL && !change->deleted)
        {
          g_autoptr(GError) row_error = NULL;

          if (!(row = fb_row_new (change, &row_error)))
            g_warning ("Skipping cached %s: %s", self->kind, row_error->message);
        }

      if (row != NULL && found)
        {
          FbRow *old_row = g_ptr_array_index (self->rows, pos);

          /* A local change (the outbox's) keeps its version: compare the
           * data too, for the few rows a change names. */
          if (fb_row_get_version (old_row) == fb_row_get_version (row) &&
              json_object_equal (fb_row_get_object (old_row), fb_row_get_object (row)))
            continue;
          g_object_unref (g_ptr_array_index (self->rows, pos));
          g_ptr_array_index (self->rows, pos) = g_steal_pointer (&row);
          g_list_model_items_changed (G_LIST_MODEL (self), pos, 1, 1);
        }
      else if (row != NULL)
        {
          g_ptr_array_insert (self->rows, pos, g_steal_pointer (&row));
          g_list_model_items_changed (G_LIST_MODEL (self), pos, 0, 1);
        }
      else if (found)
        {
          g_ptr_array_remove_index (self->rows, pos);
          g_list_model_items_changed (G_LIST_MODEL (self), pos, 1, 0);
        }
    }
  return TRUE;
}
