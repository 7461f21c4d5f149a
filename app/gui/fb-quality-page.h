/* fb-quality-page.h: the month's QA figures from the cache: evaluations,
 * the agents the 1–5 rule flags, the training focus, team averages, a
 * table of agents and a six-month trend; and, for QA inspectors, the
 * button that records an evaluation. */
#pragma once

#include <gtk/gtk.h>

#include "fb-qa-stats.h"
#include "fb-types.h"

G_BEGIN_DECLS

#define FB_TYPE_QUALITY_PAGE (fb_quality_page_get_type ())
G_DECLARE_FINAL_TYPE (FbQualityPage, fb_quality_page, FB, QUALITY_PAGE, GtkWidget)

GtkWidget     *fb_quality_page_new            (void);
/* FbRow models of "qa_evaluation", "agent" and "team" rows; set once. */
void           fb_quality_page_set_models     (FbQualityPage *self,
                                               GListModel    *evaluations,
                                               GListModel    *agents,
                                               GListModel    *teams);
/* Months are calendar months in @tz (the local zone unless set). */
void           fb_quality_page_set_time_zone  (FbQualityPage *self,
                                               GTimeZone     *tz);
/* Never beyond the current month. */
void           fb_quality_page_set_month      (FbQualityPage *self,
                                               int            year,
                                               int            month);
void           fb_quality_page_get_month      (FbQualityPage *self,
                                               int           *year,
                                               int           *month);
/* What a figure shows: "month", "evaluations", "none", "over", "average",
 * "focus" (the lowest criteria), "teams" (one line per team). */
const char    *fb_quality_page_get_figure     (FbQualityPage *self,
                                               const char    *name);
GtkColumnView *fb_quality_page_get_view       (FbQualityPage *self);
/* What a cell of the table's row @position shows (for tests). */
char          *fb_quality_page_dup_cell_text  (FbQualityPage *self,
                                               guint          position,
                                               guint          column);
GtkWidget     *fb_quality_page_get_chart      (FbQualityPage *self);
GtkWidget     *fb_quality_page_get_record_button (FbQualityPage *self);
/* The open FbQaDialog, NULL when none is. */
GtkWidget     *fb_quality_page_get_dialog     (FbQualityPage *self);
/* A criterion's name, translated. */
const char    *fb_quality_page_criterion_label (FbQaCriterion criterion);
/* Recomputations applied so far (for tests: nothing is redone needlessly). */
guint          fb_quality_page_get_n_computed (FbQualityPage *self);

G_END_DECLS
