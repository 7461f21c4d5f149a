/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-summary-page-private.h: what the summary page's files share — the
 * page itself, computed (-compute.c), shown (fb-summary-page.c), exported
 * (-export.c) and printed (-print.c). */
#pragma once

#include <adwaita.h>

#include "fb-context.h"
#include "fb-intraday-chart.h"
#include "fb-summary-page.h"
#include "fb-summary-pdf.h"

G_BEGIN_DECLS

/* The tiles: the figures judged against the targets, one each. */
#define N_KPIS 4

/* One row of the roll-up's day table. */
#define FB_TYPE_SUMMARY_DAY (fb_summary_day_get_type ())
G_DECLARE_FINAL_TYPE (FbSummaryDay, fb_summary_day, FB, SUMMARY_DAY, GObject)

struct _FbSummaryPage
{
  GtkWidget            parent_instance;

  GtkToggleButton     *day_button;
  GtkToggleButton     *week_button;
  GtkToggleButton     *month_button;
  GtkMenuButton       *date_button;
  GtkCalendar         *calendar;
  GtkSpinner          *spinner;
  GtkStack            *stack;
  GtkLabel            *title_label;
  GtkWidget           *due_box;
  GtkLabel            *due_label;
  GtkWidget           *kpi_box;
  GtkWidget           *chart_box;
  FbIntradayChart     *chart;
  GtkWidget           *days_box;
  GtkColumnView       *days_view;
  GtkWidget           *groups_box;
  AdwStatusPage       *error_page;

  FbStore             *store;
  FbSyncEngine        *engine;
  FbContext           *context;
  GSettings           *settings;
  GTimeZone           *tz;
  char                *date;
  FbSummaryPagePeriod  period;

  JsonNode            *summary;
  char                *error;
  /* Summary path ("escalations.new") → the label showing it. */
  GHashTable          *figures;
  GPtrArray           *daily_only;
  GPtrArray           *rollup_only;
  GtkWidget           *kpi_tiles[N_KPIS];
  GtkWidget           *report_buttons[2];
  GListStore          *days;

  GCancellable        *cancellable;
  gint64               last_started;
  guint                throttle_id;
  guint                computing : 1;
  guint                again : 1;
  guint                owed : 1;
  guint                n_computed;

  GCancellable        *export_cancellable;
  FbSummaryDocument   *print_document;
};

/* For tests: what the page shows and how. */
/* Dates are the center's: the zone of the context's clock, Asia/Seoul
 * without one. */
void           fb_summary_page_set_time_zone  (FbSummaryPage       *self,
                                               GTimeZone           *tz);
/* The summary on screen (NULL before the first computation). */
JsonNode      *fb_summary_page_get_summary    (FbSummaryPage       *self);
/* What a figure shows, by its summary path ("day.service_level",
 * "escalations.new", "reports.day", "due"…); NULL if not shown. */
const char    *fb_summary_page_get_figure     (FbSummaryPage       *self,
                                               const char          *path);
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
/* A print operation for the summary on screen (A4, points); NULL when
 * there is none yet. */
GtkPrintOperation *fb_summary_page_new_print_operation (FbSummaryPage *self);

/* fb-summary-page.c */
void        fb_summary_page_update_view     (FbSummaryPage *self);
char       *fb_summary_page_period_title    (FbSummaryPage *self);
/* fb-summary-page-compute.c: a computation now (@now) or within the
 * live feed's limit, or owed until the page is shown. */
void        fb_summary_page_request_compute (FbSummaryPage *self,
                                             gboolean       now);
/* fb-summary-page-export.c */
void        fb_summary_page_toast           (FbSummaryPage *self,
                                             const char    *text);
void        fb_summary_page_export_action   (GtkWidget     *widget,
                                             const char    *action_name,
                                             GVariant      *param);
/* fb-summary-page-print.c */
void        fb_summary_page_print_action    (GtkWidget     *widget,
                                             const char    *action_name,
                                             GVariant      *param);

G_END_DECLS
