/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-summary-page-print.c: the summary printed, laid out by the same
 * document as the PDF. */
#define G_LOG_DOMAIN "floorboard"

#include <glib/gi18n.h>

#include "fb-summary-pdf.h"

#include "fb-summary-page-private.h"

/* Printing lays the same document out for the printer's page. */
static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                FbSummaryPage     *self)
{
  guint n = fb_summary_document_paginate (self->print_document, gtk_print_context_get_cairo_context (context),
                                          gtk_print_context_get_width (context),
                                          gtk_print_context_get_height (context));

  gtk_print_operation_set_n_pages (operation, (int) n);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              FbSummaryPage     *self)
{
  fb_summary_document_draw_page (self->print_document, gtk_print_context_get_cairo_context (context), (guint) page);
}

static void
end_print_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              FbSummaryPage     *self)
{
  g_clear_pointer (&self->print_document, fb_summary_document_free);
}

/**
 * fb_summary_page_new_print_operation:
 *
 * A print operation for the summary on screen (A4, in points), or NULL
 * when there is none yet.
 */
GtkPrintOperation *
fb_summary_page_new_print_operation (FbSummaryPage *self)
{
  GtkPrintOperation *operation;
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  g_autofree char *title = NULL;

  g_return_val_if_fail (FB_IS_SUMMARY_PAGE (self), NULL);

  if (self->summary == NULL)
    return NULL;
  g_clear_pointer (&self->print_document, fb_summary_document_free);
  self->print_document = fb_summary_document_new (self->summary);
  title = fb_summary_page_period_title (self);

  operation = gtk_print_operation_new ();
  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, title);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  g_signal_connect_object (operation, "begin-print", G_CALLBACK (begin_print_cb), self, 0);
  g_signal_connect_object (operation, "draw-page", G_CALLBACK (draw_page_cb), self, 0);
  g_signal_connect_object (operation, "end-print", G_CALLBACK (end_print_cb), self, 0);
  return operation;
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               FbSummaryPage           *self)
{
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autofree char *message = NULL;

      gtk_print_operation_get_error (operation, &error);
      message = g_strdup_printf (_("Cannot print the summary: %s"), error ? error->message : "");
      fb_summary_page_toast (self, message);
    }
  g_object_unref (operation);
}

void
fb_summary_page_print_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  FbSummaryPage *self = FB_SUMMARY_PAGE (widget);
  GtkPrintOperation *operation = fb_summary_page_new_print_operation (self);
  GtkNative *native = gtk_widget_get_native (widget);
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult result;

  if (operation == NULL)
    return;
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect_object (operation, "done", G_CALLBACK (print_done_cb), self, 0);
  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    GTK_IS_WINDOW (native) ? GTK_WINDOW (native) : NULL, &error);
  /* Synchronous outcomes do not emit "done". */
  if (result != GTK_PRINT_OPERATION_RESULT_IN_PROGRESS)
    {
      if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
        {
          g_autofree char *message = g_strdup_printf (_("Cannot print the summary: %s"), error ? error->message : "");
          fb_summary_page_toast (self, message);
        }
      g_signal_handlers_disconnect_by_func (operation, print_done_cb, self);
      g_object_unref (operation);
    }
}
