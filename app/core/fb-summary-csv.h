/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-summary-csv.h: a summary (fb-daily-summary.h, or a roll-up of
 * fb-summary-rollup.h) as CSV for a spreadsheet: RFC 4180, UTF-8 with a
 * byte-order mark (Excel reads Korean headings right only with one), one
 * "part,figure,value" row per figure. Names, numbers and words are the
 * Reports page's and the printed summary's (fb-summary-format.h). */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "fb-summary-format.h"

G_BEGIN_DECLS

/* Writes @summary to @out (which it does not close), in the order the
 * printed summary shows it: what and when (date, or period, from, to);
 * the key figures, then their targets; day by day (a roll-up); the day
 * and night shift (a day); calls; escalations; quality monitoring; the
 * duty reports; the monthly report's due date; last, a day's calls per
 * quarter hour ("00:00" to "23:45") and a week before. Every value is
 * as the screen shows it (fb_summary_format_figure()): "80.0%", "12 s",
 * "Submitted", "Yes"; "–" for a figure the data cannot give. */
gboolean    fb_summary_write_csv  (JsonNode       *summary,
                                   GOutputStream  *out,
                                   GError        **error);

G_END_DECLS
