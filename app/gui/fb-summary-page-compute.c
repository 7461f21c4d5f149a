/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-summary-page-compute.c: the summary computed off the main loop.
 *
 * The summary is computed from the cache in a worker thread, on a
 * connection of its own (a month reads every row of thirty days). The
 * live feed changes the cache every second: a change the summary does not
 * read is ignored, and one it does read recomputes at most every few
 * seconds, only while the page is shown — hidden, it owes the computation
 * and pays when shown. No timer runs when nothing changed.
 */
#define G_LOG_DOMAIN "floorboard"

#include "fb-daily-summary.h"
#include "fb-store.h"
#include "fb-summary-rollup.h"

#include "fb-summary-page-private.h"

/* The live feed may not cost more than one computation in this long. */
#define MIN_INTERVAL_US (5 * G_USEC_PER_SEC)

/* The kinds of rows the summary reads; the others (agents' states, live
 * queue figures, seats) change every second and never move it. */
static const char * const read_kinds[] = {
  "queue_interval", "escalation", "qa_evaluation", "duty_report", "team",
  "leave_request", "swap_request", "holiday_duty", "user", "agent",
};

/* The computation, off the main loop. */
typedef struct
{
  char                *path;
  GTimeZone           *tz;
  char                *date;
  FbSummaryPagePeriod  period;
  FbSummaryTargets     targets;
  gint64               now;
} Job;

static void
job_free (Job *job)
{
  g_free (job->path);
  g_time_zone_unref (job->tz);
  g_free (job->date);
  g_free (job);
}

static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(FbStore) store = NULL;
  GError *error = NULL;
  JsonNode *node = NULL;
  gint64 start = g_get_monotonic_time ();

  if ((store = fb_store_open (job->path, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, &error)))
    {
      if (job->period == FB_SUMMARY_PAGE_DAY)
        node = fb_daily_summary_compute (store, job->tz, job->date, &job->targets, job->now, &error);
      else
        node = fb_summary_rollup_compute (store, job->tz,
                                          job->period == FB_SUMMARY_PAGE_WEEK ? FB_SUMMARY_WEEK : FB_SUMMARY_MONTH,
                                          job->date, &job->targets, job->now, &error);
    }
  g_debug ("Summary of %s (period %d) computed in %.1f ms", job->date, job->period,
           (g_get_monotonic_time () - start) / 1000.0);
  if (node == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, node, (GDestroyNotify) json_node_unref);
}

static void
computed_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  FbSummaryPage *self;
  g_autoptr(GError) error = NULL;
  JsonNode *node = g_task_propagate_pointer (G_TASK (result), &error);

  if (node == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = FB_SUMMARY_PAGE (object);
  self->computing = FALSE;
  gtk_spinner_stop (self->spinner);
  self->n_computed++;
  g_clear_pointer (&self->summary, json_node_unref);
  g_clear_pointer (&self->error, g_free);
  if (node != NULL)
    self->summary = node;
  else
    self->error = g_strdup (error->message);
  fb_summary_page_update_view (self);
  if (self->again)
    {
      self->again = FALSE;
      fb_summary_page_request_compute (self, FALSE);
    }
}

static void
start_compute (FbSummaryPage *self)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_assert (self->store != NULL);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_handle_id (&self->throttle_id, g_source_remove);

  job = g_new0 (Job, 1);
  job->path = g_strdup (fb_store_get_path (self->store));
  job->tz = g_time_zone_ref (self->tz);
  job->date = g_strdup (self->date);
  job->period = self->period;
  fb_summary_page_read_targets (self->settings, &job->targets);
  job->now = g_get_real_time () / G_USEC_PER_SEC;

  self->computing = TRUE;
  self->again = FALSE;
  self->owed = FALSE;
  self->last_started = g_get_monotonic_time ();
  gtk_spinner_start (self->spinner);

  task = g_task_new (self, self->cancellable, computed_cb, NULL);
  g_task_set_source_tag (task, start_compute);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, compute_thread);
}

static gboolean
throttle_cb (gpointer user_data)
{
  FbSummaryPage *self = user_data;

  self->throttle_id = 0;
  fb_summary_page_request_compute (self, TRUE);
  return G_SOURCE_REMOVE;
}

/* @now: the user asked (a date, a period, a target): drop what runs and
 * start at once. Otherwise the cache changed: coalesce. */
void
fb_summary_page_request_compute (FbSummaryPage *self,
                                 gboolean       now)
{
  gint64 wait;

  if (self->store == NULL || self->date == NULL)
    return;
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->owed = TRUE;
      return;
    }
  if (now)
    {
      start_compute (self);
      return;
    }
  if (self->computing)
    {
      self->again = TRUE;
      return;
    }
  if (self->throttle_id != 0)
    return;
  wait = self->last_started + MIN_INTERVAL_US - g_get_monotonic_time ();
  if (wait <= 0)
    start_compute (self);
  else
    self->throttle_id = g_timeout_add ((guint) (wait / 1000) + 1, throttle_cb, self);
}

void
fb_summary_page_cache_changed (FbSummaryPage      *self,
                               const char * const *kinds)
{
  gboolean relevant = kinds == NULL;

  g_return_if_fail (FB_IS_SUMMARY_PAGE (self));

  for (guint i = 0; !relevant && kinds[i] != NULL; i++)
    for (guint j = 0; j < G_N_ELEMENTS (read_kinds); j++)
      if (g_str_equal (kinds[i], read_kinds[j]))
        {
          relevant = TRUE;
          break;
        }
  if (relevant)
    fb_summary_page_request_compute (self, FALSE);
}
