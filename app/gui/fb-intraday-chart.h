/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-intraday-chart.h: calls offered per quarter hour today (bars) against
 * the same weekday last week (a line). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FB_INTRADAY_SLOTS 96

#define FB_TYPE_INTRADAY_CHART (fb_intraday_chart_get_type ())
G_DECLARE_FINAL_TYPE (FbIntradayChart, fb_intraday_chart, FB, INTRADAY_CHART, GtkWidget)

GtkWidget *fb_intraday_chart_new      (void);
/* @today and @last_week hold FB_INTRADAY_SLOTS values; slots of today
 * after @current_slot are not drawn. Redraws only if something changed. */
void       fb_intraday_chart_set_data (FbIntradayChart *self,
                                       const double    *today,
                                       const double    *last_week,
                                       guint            current_slot);
/* The figures as table cells, three a row: quarter hour, today, last
 * week (the chart's Enter and click open them in a window). */
GPtrArray *fb_intraday_chart_dup_table (FbIntradayChart *self);
/* Totals, for tests and the accessible description. */
double     fb_intraday_chart_get_total (FbIntradayChart *self,
                                        gboolean         last_week);

G_END_DECLS
