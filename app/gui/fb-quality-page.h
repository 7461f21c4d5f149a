/* SPDX-License-Identifier: GPL-3.0-or-later */
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
/* A criterion's name, translated. */
const char    *fb_quality_page_criterion_label (FbQaCriterion criterion);

G_END_DECLS
