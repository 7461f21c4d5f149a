/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-summary-export.h: `floorboard --export-summary DATE --output FILE`:
 * the daily summary of the cache, written to a file without a window. */
#pragma once

#include <gio/gio.h>

#include "fb-daily-summary.h"

G_BEGIN_DECLS

/* Computes @date's summary from the cache at @cache_path (which must exist:
 * nothing is created) in @tz (NULL: the center's zone the cache keeps)
 * and writes it to @output, whose extension picks
 * the format (.pdf: an A4 document; .csv: a spreadsheet). Writes a
 * temporary file beside @output and renames it, so on any error @output is
 * neither created nor changed. */
gboolean fb_summary_export (const char  *cache_path,
                            GTimeZone   *tz,
                            const char  *date,
                            const char  *output,
                            const FbSummaryTargets *targets,
                            gint64       now,
                            GError     **error);

G_END_DECLS
