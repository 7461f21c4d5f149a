/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-summary-pdf.h: a summary (daily, or a roll-up) as a printed
 * document: laid out with Pango for any page size, drawn with cairo —
 * into an A4 PDF here, or onto a printer's pages by GtkPrintOperation. */
#pragma once

#include <cairo.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "fb-summary-format.h"

G_BEGIN_DECLS

typedef struct _FbSummaryDocument FbSummaryDocument;

/* A4 in points. */
#define FB_SUMMARY_A4_WIDTH  595.276
#define FB_SUMMARY_A4_HEIGHT 841.890

/* @summary: what fb_daily_summary_compute() or fb_summary_rollup_compute()
 * returns (the document keeps a reference). */
FbSummaryDocument *fb_summary_document_new       (JsonNode           *summary);
void               fb_summary_document_free      (FbSummaryDocument  *doc);
/* Lays the document out on pages of @width × @height in @cr's units
 * (margins included: the document keeps its own) and returns how many
 * pages it takes, at least one. A table longer than a page goes on over
 * the next, its header repeated. */
guint              fb_summary_document_paginate  (FbSummaryDocument  *doc,
                                                  cairo_t            *cr,
                                                  double              width,
                                                  double              height);
/* Draws page @page (from 0) as last laid out. */
void               fb_summary_document_draw_page (FbSummaryDocument  *doc,
                                                  cairo_t            *cr,
                                                  guint               page);
/* The whole document as an A4 PDF, to @out (not closed). */
gboolean           fb_summary_write_pdf          (JsonNode           *summary,
                                                  GOutputStream      *out,
                                                  GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbSummaryDocument, fb_summary_document_free)

G_END_DECLS
