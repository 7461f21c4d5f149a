/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-store-reports.c: report queries over the rows */
#define G_LOG_DOMAIN "floorboard-core"

#include "fb-entity.h"
#include "fb-store-private.h"

/* @sql prepared with the interval rows' start span bound: ?1 the first
 * second in it and ?2 the first after, as canonical timestamps (they
 * compare as text). */
static sqlite3_stmt *
prepare_span (FbStore     *self,
              const char  *sql,
              gint64       from,
              gint64       to,
              GError     **error)
{
  g_autofree char *from_iso = fb_timestamp_to_iso (from);
  g_autofree char *to_iso = fb_timestamp_to_iso (to);
  sqlite3_stmt *stmt;

  g_assert (FB_IS_STORE (self));

  if (!(stmt = fb_store_prepare (self, sql, error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, from_iso, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, to_iso, -1, SQLITE_TRANSIENT);
  return stmt;
}

gboolean
fb_store_foreach_interval (FbStore         *self,
                           gint64           from,
                           gint64           to,
                           FbIntervalFunc   func,
                           gpointer         user_data,
                           GError         **error)
{
  static const char sql[] =
    "SELECT json_extract (data, '$.queue_id'), json_extract (data, '$.start'), "
    "       json_extract (data, '$.offered') "
    "FROM rows INDEXED BY rows_interval_start WHERE type = 'queue_interval' AND deleted = 0 "
    "  AND json_extract (data, '$.start') >= ?1 AND json_extract (data, '$.start') < ?2";
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (!(stmt = prepare_span (self, sql, from, to, error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *queue_id = (const char *) sqlite3_column_text (stmt, 0);
      const char *start_iso = (const char *) sqlite3_column_text (stmt, 1);
      gint64 start;

      /* Rows were validated when written; skip what does not parse. */
      if (queue_id == NULL || !fb_timestamp_from_iso (start_iso, &start))
        continue;
      func (queue_id, start, sqlite3_column_int64 (stmt, 2), user_data);
    }
  return fb_store_end_rows (self, stmt, rc, error);
}

gboolean
fb_store_foreach_interval_sum (FbStore          *self,
                               gint64            from,
                               gint64            to,
                               FbIntervalSumFunc func,
                               gpointer          user_data,
                               GError          **error)
{
  static const char sql[] =
    "SELECT json_extract (data, '$.start'), SUM (json_extract (data, '$.offered')), "
    "       SUM (json_extract (data, '$.answered')), SUM (json_extract (data, '$.abandoned')), "
    "       SUM (json_extract (data, '$.answered_in_sl')), TOTAL (json_extract (data, '$.wait_time_s')) "
    "FROM rows INDEXED BY rows_interval_start WHERE type = 'queue_interval' AND deleted = 0 "
    "  AND json_extract (data, '$.start') >= ?1 AND json_extract (data, '$.start') < ?2 "
    "GROUP BY json_extract (data, '$.start')";
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (!(stmt = prepare_span (self, sql, from, to, error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      FbIntervalSum sum = {
        0, sqlite3_column_int64 (stmt, 1), sqlite3_column_int64 (stmt, 2), sqlite3_column_int64 (stmt, 3),
        sqlite3_column_int64 (stmt, 4), sqlite3_column_double (stmt, 5),
      };

      /* Rows were validated when written; skip what does not parse. */
      if (!fb_timestamp_from_iso ((const char *) sqlite3_column_text (stmt, 0), &sum.start))
        continue;
      func (&sum, user_data);
    }
  return fb_store_end_rows (self, stmt, rc, error);
}

gboolean
fb_store_foreach_evaluation (FbStore           *self,
                             FbEvaluationFunc   func,
                             gpointer           user_data,
                             GError           **error)
{
  static const char sql[] =
    "SELECT json_extract (data, '$.evaluated_at'), json_extract (data, '$.total') "
    "FROM rows WHERE type = 'qa_evaluation' AND deleted = 0";
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (FB_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (!(stmt = fb_store_prepare (self, sql, error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 at;

      if (fb_timestamp_from_iso ((const char *) sqlite3_column_text (stmt, 0), &at))
        func (at, sqlite3_column_double (stmt, 1), user_data);
    }
  return fb_store_end_rows (self, stmt, rc, error);
}
