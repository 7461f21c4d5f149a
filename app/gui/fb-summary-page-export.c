/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-summary-page-export.c: the summary on screen written to a PDF or
 * CSV file, whole or not at all. */
#define G_LOG_DOMAIN "floorboard"

#include <glib/gi18n.h>

#include "fb-summary-csv.h"
#include "fb-summary-pdf.h"

#include "fb-summary-page-private.h"

/* Export: the summary on screen, written whole or not at all. */
typedef struct
{
  JsonNode *summary;
  GFile    *file;
  gboolean  pdf;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  json_node_unref (job->summary);
  g_object_unref (job->file);
  g_free (job);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;
  gboolean ok;

  ok = job->pdf ? fb_summary_write_pdf (job->summary, out, &error)
                : fb_summary_write_csv (job->summary, out, &error);
  if (!ok || !g_output_stream_close (out, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
  /* g_file_replace_contents() writes beside the file and renames it. */
  if (!g_file_replace_contents (job->file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
fb_summary_page_export_async (FbSummaryPage       *self,
                              GFile               *file,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = NULL;
  g_autofree char *lower = NULL;
  ExportJob *job;

  g_return_if_fail (FB_IS_SUMMARY_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_summary_page_export_async);
  if (self->summary == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               _("There is no summary to export yet"));
      return;
    }
  name = g_file_get_basename (file);
  lower = g_ascii_strdown (name ? name : "", -1);
  if (!g_str_has_suffix (lower, ".pdf") && !g_str_has_suffix (lower, ".csv"))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Cannot tell the format of “%s”: the file name must end in .pdf or .csv"),
                               name ? name : "");
      return;
    }
  job = g_new0 (ExportJob, 1);
  job->summary = json_node_ref (self->summary);
  job->file = g_object_ref (file);
  job->pdf = g_str_has_suffix (lower, ".pdf");
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
fb_summary_page_export_finish (FbSummaryPage  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (FB_IS_SUMMARY_PAGE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
fb_summary_page_toast (FbSummaryPage *self,
                       const char    *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
  else
    g_warning ("%s", message);
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  FbSummaryPage *self = FB_SUMMARY_PAGE (object);

  if (!fb_summary_page_export_finish (self, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = g_strdup_printf (_("Cannot export the summary: %s"), error->message);
          fb_summary_page_toast (self, message);
        }
      return;
    }
  fb_summary_page_toast (self, _("Summary exported"));
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     FbSummaryPage   *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))))
    {
      g_cancellable_cancel (self->export_cancellable);
      g_clear_object (&self->export_cancellable);
      self->export_cancellable = g_cancellable_new ();
      fb_summary_page_export_async (self, file, self->export_cancellable, exported_cb, NULL);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static char *
suggested_name (FbSummaryPage *self,
                const char    *extension)
{
  const char *from = NULL;

  if (self->summary != NULL && JSON_NODE_HOLDS_OBJECT (self->summary))
    from = json_object_get_string_member_with_default (json_node_get_object (self->summary), "from", NULL);
  /* Translators: the file name an exported summary is offered, without its extension. */
  return g_strdup_printf ("%s %s.%s", _("Summary"), from ? from : self->date, extension);
}

void
fb_summary_page_export_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  FbSummaryPage *self = FB_SUMMARY_PAGE (widget);
  gboolean pdf = g_str_equal (action_name, "summary.export-pdf");
  GtkNative *native = gtk_widget_get_native (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = suggested_name (self, pdf ? "pdf" : "csv");

  chooser = gtk_file_chooser_native_new (pdf ? _("Export as PDF") : _("Export as CSV"),
                                         GTK_IS_WINDOW (native) ? GTK_WINDOW (native) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_filter_set_name (filter, pdf ? _("PDF documents") : _("CSV spreadsheets"));
  gtk_file_filter_add_pattern (filter, pdf ? "*.pdf" : "*.csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
