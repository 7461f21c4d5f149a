/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-quality-page-private.h: what tests read of the quality page and do to it. */
#pragma once

#include "fb-quality-page.h"

G_BEGIN_DECLS

/* Months are calendar months in @tz: the context clock's zone unless
 * set, the center's default zone without a context. */
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
/* The open FbQaDialog, NULL when none is. */
GtkWidget     *fb_quality_page_get_dialog     (FbQualityPage *self);
/* Recomputations applied so far (for tests: nothing is redone needlessly). */
guint          fb_quality_page_get_n_computed (FbQualityPage *self);

G_END_DECLS
