/* fb-summary-page.h: the director's daily summary on screen (issue 6): a
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
/* Dates are the center's: the zone of the context's clock, Asia/Seoul
 * without one. */
void           fb_summary_page_set_time_zone  (FbSummaryPage       *self,
                                               GTimeZone           *tz);
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
/* The summary on screen (NULL before the first computation). */
JsonNode      *fb_summary_page_get_summary    (FbSummaryPage       *self);
/* What a figure shows, by its summary path ("day.service_level",
 * "escalations.new", "reports.day", "due"…); NULL if not shown. */
const char    *fb_summary_page_get_figure     (FbSummaryPage       *self,
                                               const char          *path);
/* The quarter-hour chart of a day's summary. */
GtkWidget     *fb_summary_page_get_chart      (FbSummaryPage       *self);
/* The KPI tile of @key ("service_level", "asa_s", "abandon_rate",
 * "callback_rate_72h"), for tests. */
GtkWidget     *fb_summary_page_get_kpi_tile   (FbSummaryPage       *self,
                                               const char          *key);
/* Rows of the roll-up's day table. */
GListModel    *fb_summary_page_get_days       (FbSummaryPage       *self);
/* Computations applied so far (for tests). */
guint          fb_summary_page_get_n_computed (FbSummaryPage       *self);
/* The error shown instead of the summary, NULL when none. */
const char    *fb_summary_page_get_error      (FbSummaryPage       *self);
/* Writes the summary on screen to @file (.pdf or .csv by its name). */
void           fb_summary_page_export_async   (FbSummaryPage       *self,
                                               GFile               *file,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean       fb_summary_page_export_finish  (FbSummaryPage       *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* A print operation for the summary on screen (A4, points); NULL when
 * there is none yet. */
GtkPrintOperation *fb_summary_page_new_print_operation (FbSummaryPage *self);

/* The center's targets as the user set them in Preferences. */
void           fb_summary_page_read_targets   (GSettings           *settings,
                                               FbSummaryTargets    *targets);

G_END_DECLS
