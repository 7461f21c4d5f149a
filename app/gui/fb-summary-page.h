/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-summary-page.h: the director's daily summary on screen: a
 * date's key figures against the center's targets, its quarter hours, both
 * shifts, escalations, QA and the duty reports' review state; or a week's
 * or month's roll-up. Export to PDF and CSV, and printing. */
#pragma once

#include <gtk/gtk.h>

#include "fb-daily-summary.h"
#include "fb-summary-rollup.h"
#include "fb-types.h"

G_BEGIN_DECLS

#define FB_TYPE_SUMMARY_PAGE (fb_summary_page_get_type ())
G_DECLARE_FINAL_TYPE (FbSummaryPage, fb_summary_page, FB, SUMMARY_PAGE, GtkWidget)

/* Periods the page shows: a day, or a roll-up. */
typedef enum
{
  FB_SUMMARY_PAGE_DAY,
  FB_SUMMARY_PAGE_WEEK,
  FB_SUMMARY_PAGE_MONTH,
} FbSummaryPagePeriod;

GtkWidget     *fb_summary_page_new            (void);
/* "YYYY-MM-DD", never after today; FALSE (nothing changes) otherwise. */
gboolean       fb_summary_page_set_date       (FbSummaryPage       *self,
                                               const char          *date);
const char    *fb_summary_page_get_date       (FbSummaryPage       *self);
void           fb_summary_page_set_period     (FbSummaryPage       *self,
                                               FbSummaryPagePeriod  period);
FbSummaryPagePeriod fb_summary_page_get_period (FbSummaryPage      *self);
/* The cache changed: @kinds the row types (NULL: anything). Recomputes
 * when a kind the summary reads changed, at most every few seconds. */
void           fb_summary_page_cache_changed  (FbSummaryPage       *self,
                                               const char * const  *kinds);
/* Writes the summary on screen to @file (.pdf or .csv by its name). */
void           fb_summary_page_export_async   (FbSummaryPage       *self,
                                               GFile               *file,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean       fb_summary_page_export_finish  (FbSummaryPage       *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* The center's targets as the user set them in Preferences. */
void           fb_summary_page_read_targets   (GSettings           *settings,
                                               FbSummaryTargets    *targets);

G_END_DECLS
