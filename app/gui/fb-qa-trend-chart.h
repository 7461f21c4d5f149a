/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-qa-trend-chart.h: the floor's average QA total over six months (a
 * line) and one agent's (a second line), with axes and a legend. */
#pragma once

#include <gtk/gtk.h>

#include "fb-qa-stats.h"

G_BEGIN_DECLS

#define FB_TYPE_QA_TREND_CHART (fb_qa_trend_chart_get_type ())
G_DECLARE_FINAL_TYPE (FbQaTrendChart, fb_qa_trend_chart, FB, QA_TREND_CHART, GtkWidget)

GtkWidget  *fb_qa_trend_chart_new          (void);
/* @agent_name is NULL when no agent is chosen. Months without data are
 * gaps. Redraws only if something changed. */
void        fb_qa_trend_chart_set_trend    (FbQaTrendChart  *self,
                                            const FbQaTrend *trend,
                                            const char      *agent_name);
/* The months shown with a value (for tests and the accessible text). */
guint       fb_qa_trend_chart_get_n_points (FbQaTrendChart  *self,
                                            gboolean         agent);
/* The month labels, oldest first, as drawn. */
const char *fb_qa_trend_chart_get_label    (FbQaTrendChart  *self,
                                            guint            index);

/* The figures as table cells, *n_columns a row: month, floor average,
 * and the agent's if one is shown (Enter and a click open them). */
GPtrArray  *fb_qa_trend_chart_dup_table (FbQaTrendChart *self,
                                         guint          *n_columns);

G_END_DECLS
