/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-summary-export.c */
#define G_LOG_DOMAIN "floorboard-report"

#include <glib/gi18n.h>

#include "fb-daily-summary.h"
#include "fb-entity.h"
#include "fb-store.h"
#include "fb-summary-csv.h"
#include "fb-summary-pdf.h"
#include "fb-summary-export.h"

/* g_file_set_contents_full() writes a temporary file beside @output and
 * renames it: a half-written file is never left behind. */
static gboolean
write_file (JsonNode    *summary,
            gboolean     pdf,
            const char  *output,
            GError     **error)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) local_error = NULL;

  if (!(pdf ? fb_summary_write_pdf (summary, out, error) : fb_summary_write_csv (summary, out, error)) ||
      !g_output_stream_close (out, NULL, error))
    return FALSE;
  if (!g_file_set_contents_full (output,
                                 g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out)),
                                 g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out)),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0644, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write the summary: %s"), local_error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
fb_summary_export (const char  *cache_path,
                   GTimeZone   *tz,
                   const char  *date,
                   const char  *output,
                   const FbSummaryTargets *targets,
                   gint64       now,
                   GError     **error)
{
  g_autoptr(FbStore) store = NULL;
  g_autoptr(JsonNode) summary = NULL;
  g_autofree char *lower = NULL;

  g_return_val_if_fail (cache_path != NULL, FALSE);
  g_return_val_if_fail (output != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Everything the command line got wrong is said before any work. */
  if (date == NULL || !fb_date_is_valid (date))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a date: use YYYY-MM-DD"), date ? date : "");
      return FALSE;
    }
  lower = g_ascii_strdown (output, -1);
  if (!g_str_has_suffix (lower, ".csv") && !g_str_has_suffix (lower, ".pdf"))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Cannot tell the format of “%s”: the file name must end in .pdf or .csv"), output);
      return FALSE;
    }
  if (!g_file_test (cache_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("There is no cache at %s: sign in with Floorboard once first"), cache_path);
      return FALSE;
    }

  if (!(store = fb_store_open (cache_path, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, error)))
    return FALSE;
  /* The center's day, in the zone its server last sent to this cache. */
  if (tz == NULL)
    tz = fb_center_clock_get_time_zone (fb_store_get_center_clock (store));
  if (!(summary = fb_daily_summary_compute (store, tz, date, targets, now, error)))
    return FALSE;
  return write_file (summary, g_str_has_suffix (lower, ".pdf"), output, error);
}
