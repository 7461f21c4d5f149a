/* fb-summary-csv.h: a daily summary (fb-daily-summary.h) as CSV for
 * spreadsheets: RFC 4180, UTF-8 with a byte-order mark (Excel reads Korean
 * headings right only with one), one "section,metric,value" row per figure,
 * sections and metrics in the user's language. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Writes @summary to @out (which it does not close). Numbers are written
 * with a dot, whatever the locale; booleans as true/false. */
gboolean    fb_summary_write_csv  (JsonNode       *summary,
                                   GOutputStream  *out,
                                   GError        **error);

/* The translated heading the CSV uses for a summary key: a top-level
 * member ("escalations"), a nested section ("shifts.day",
 * "reports.night") or a figure ("offered"); unknown keys are their own
 * heading. Tests and readers use it to find rows. */
const char *fb_summary_csv_label  (const char     *key);

G_END_DECLS
