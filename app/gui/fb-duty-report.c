/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-duty-report.c: duty reports outside the dialog: the shifts' names,
 * the shift's figures worked out off the main thread, the cached report,
 * who may write it (fb-duty-rules.h over the cache) and the handover
 * waiting for the incoming shift. The writes themselves are the typed
 * client's (fb-client-duty-reports.h). */
#define G_LOG_DOMAIN "floorboard"

#include <glib/gi18n.h>
#include <string.h>

#include "fb-client-duty-reports.h"
#include "fb-duty-report-dialog.h"
#include "fb-duty-report-dialog-private.h"
#include "fb-duty-rules.h"
#include "fb-entity.h"
#include "fb-labels.h"
#include "fb-shift-figures.h"
#include "fb-store.h"
#include "fb-sync-engine.h"

/* Time ------------------------------------------------------------------- */

char *
fb_duty_report_id (const char *date,
                   FbShift     shift)
{
  g_return_val_if_fail (date != NULL, NULL);
  g_return_val_if_fail (shift == FB_SHIFT_DAY || shift == FB_SHIFT_NIGHT, NULL);

  return g_strdup_printf ("duty-%s-%s", date, fb_shift_values[shift]);
}

/* @text as a real date "YYYY-MM-DD", nothing else. */
gboolean
fb_duty_report_parse_date (const char *text,
                           GDate      *out)
{
  guint64 y, m, d;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-' ||
      !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[5]) || !g_ascii_isdigit (text[8]))
    return FALSE;
  {
    g_autofree char *ys = g_strndup (text, 4), *ms = g_strndup (text + 5, 2), *ds = g_strndup (text + 8, 2);

    if (!g_ascii_string_to_unsigned (ys, 10, 1, 9999, &y, NULL) ||
        !g_ascii_string_to_unsigned (ms, 10, 1, 12, &m, NULL) ||
        !g_ascii_string_to_unsigned (ds, 10, 1, 31, &d, NULL) ||
        !g_date_valid_dmy (d, m, y))
      return FALSE;
  }
  if (out != NULL)
    g_date_set_dmy (out, d, m, y);
  return TRUE;
}

void
fb_duty_report_previous_shift (const char  *date,
                               FbShift      shift,
                               char       **prev_date,
                               FbShift     *prev_shift)
{
  GDate d;
  char buf[16];

  g_return_if_fail (prev_date != NULL && prev_shift != NULL);
  g_return_if_fail (fb_duty_report_parse_date (date, &d));

  if (shift == FB_SHIFT_NIGHT)
    {
      *prev_date = g_strdup (date);
      *prev_shift = FB_SHIFT_DAY;
      return;
    }
  g_date_subtract_days (&d, 1);
  g_date_strftime (buf, sizeof buf, "%Y-%m-%d", &d);
  *prev_date = g_strdup (buf);
  *prev_shift = FB_SHIFT_NIGHT;
}

/* The rule the server enforces (fb-duty-rules.h), for the role the
 * session names. */
gboolean
fb_duty_report_role_may (const char   *role,
                         FbDutyAction  action)
{
  int value = role ? fb_enum_from_string (fb_role_values, role) : -1;

  return value >= 0 && fb_duty_role_may ((FbRole) value, action);
}

gboolean
fb_duty_report_role_can_write (const char *role)
{
  return fb_duty_report_role_may (role, FB_DUTY_WRITE);
}

/* "5월 1일 주간"-style: the shift as people name it. */
char *
fb_duty_report_shift_title (const char *date,
                            FbShift     shift)
{
  /* Translators: a date (YYYY-MM-DD) and a shift ("Day", "Night") */
  return g_strdup_printf (_("%s, %s shift"), date, fb_labels_for_value (fb_shift_values[shift]));
}

const char *
fb_duty_report_name_of (GHashTable *names,
                        const char *id)
{
  const char *name = names && id ? g_hash_table_lookup (names, id) : NULL;

  return name ? name : id;
}

/* The cached report @id as its JSON object, NULL when there is none or it
 * does not read as a duty report. */
JsonObject *
fb_duty_report_read (FbStore    *store,
                     const char *id,
                     gint64     *version)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbChange) change = fb_store_get_row (store, "duty_report", id, &error);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(FbDutyReport) report = NULL;

  g_return_val_if_fail (FB_IS_STORE (store), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (change == NULL || change->deleted || change->data == NULL)
    {
      if (error != NULL && !g_error_matches (error, FB_STORE_ERROR, FB_STORE_ERROR_NOT_FOUND))
        g_warning ("Cannot read the cache: %s", error->message);
      return NULL;
    }
  /* The cache holds checked rows; one that is not is left alone. */
  if (!(report = fb_entity_decode_string (&fb_duty_report_spec, change->data, -1, &error)) ||
      !(node = json_from_string (change->data, NULL)) || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  if (version != NULL)
    *version = change->version;
  return json_object_ref (json_node_get_object (node));
}

/* The signed-in user and who is on duty when, as the cache has them
 * (fb-duty-rules.h); FALSE when the user is not in the cache yet. */
gboolean
fb_duty_report_load_authority (FbStore     *store,
                               const char  *user_id,
                               FbUser     **user,
                               FbRoster   **roster)
{
  static const FbEntitySpec * const specs[] = {
    &fb_team_spec, &fb_agent_spec, &fb_leave_request_spec, &fb_swap_request_spec,
  };
  g_autoptr(FbChange) change = NULL;
  g_autoptr(FbUser) found = NULL;
  g_autoptr(FbRoster) built = NULL;

  if (user_id == NULL || !(change = fb_store_get_row (store, "user", user_id, NULL)) ||
      change->deleted || change->data == NULL ||
      !(found = fb_entity_decode_string (&fb_user_spec, change->data, -1, NULL)))
    return FALSE;
  /* On duty when: the center's days and shifts, in its own zone. */
  built = fb_roster_new (fb_center_clock_get_time_zone (fb_store_get_center_clock (store)));
  for (guint s = 0; s < G_N_ELEMENTS (specs); s++)
    {
      g_autoptr(GPtrArray) rows = fb_store_list_rows (store, specs[s]->type, NULL);

      for (guint i = 0; rows != NULL && i < rows->len; i++)
        {
          gpointer entity = fb_entity_decode_string (specs[s], ((FbChange *) g_ptr_array_index (rows, i))->data,
                                                     -1, NULL);

          /* A row the codec refuses was left out of the cache's lists too. */
          if (entity != NULL)
            fb_roster_take (built, specs[s], entity);
        }
    }
  *user = g_steal_pointer (&found);
  *roster = g_steal_pointer (&built);
  return TRUE;
}

/* Figures ---------------------------------------------------------------- */

typedef struct
{
  char      *path;
  char      *date;
  FbShift    shift;
  GTimeZone *zone;   /* the center's, read on the main thread */
} FiguresJob;

static void
figures_job_free (FiguresJob *job)
{
  g_free (job->path);
  g_free (job->date);
  g_clear_pointer (&job->zone, g_time_zone_unref);
  g_free (job);
}

/* In a worker, on a connection of its own: it decodes a day of intervals. */
static void
figures_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  FiguresJob *job = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = fb_store_open (job->path, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, &error);
  JsonNode *computed;

  if (store == NULL ||
      !(computed = fb_shift_figures_compute (store, job->zone, job->date, job->shift,
                                            g_get_real_time () / G_USEC_PER_SEC, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, computed, (GDestroyNotify) json_node_unref);
}

/**
 * fb_duty_report_figures_async:
 *
 * Works out the figures of @shift of @date ("YYYY-MM-DD") from the cache
 * at @store's path, off the main thread, in the center's zone. Finish
 * with fb_duty_report_figures_finish(); cancelled, it returns at once.
 */
void
fb_duty_report_figures_async (FbStore             *store,
                              const char          *date,
                              FbShift              shift,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FiguresJob *job;

  g_return_if_fail (FB_IS_STORE (store));
  g_return_if_fail (date != NULL);

  job = g_new0 (FiguresJob, 1);
  job->path = g_strdup (fb_store_get_path (store));
  job->date = g_strdup (date);
  job->shift = shift;
  job->zone = g_time_zone_ref (fb_center_clock_get_time_zone (fb_store_get_center_clock (store)));
  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_duty_report_figures_async);
  g_task_set_task_data (task, job, (GDestroyNotify) figures_job_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, figures_thread);
}

/* The figures as fb-shift-figures.h computes them. */
JsonNode *
fb_duty_report_figures_finish (FbStore       *store,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (FB_IS_STORE (store), NULL);
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Handover --------------------------------------------------------------- */

char *
fb_duty_report_find_handover (FbStore     *store,
                              const char  *user_id,
                              const char  *role,
                              GHashTable  *names,
                              gint64       now,
                              char       **description)
{
  g_autofree char *date = NULL, *prev_date = NULL, *id = NULL, *title = NULL;
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(FbUser) user = NULL;
  g_autoptr(FbRoster) roster = NULL;
  g_autoptr(FbCheck) check = NULL;
  FbShift shift, prev_shift;
  const char *author, *status;

  g_return_val_if_fail (FB_IS_STORE (store), NULL);

  if (user_id == NULL || !fb_duty_report_role_can_write (role))
    return NULL;
  shift = fb_center_clock_shift_at (fb_store_get_center_clock (store), now, &date, NULL, NULL);
  fb_duty_report_previous_shift (date, shift, &prev_date, &prev_shift);
  id = fb_duty_report_id (prev_date, prev_shift);
  if (!(row = fb_duty_report_read (store, id, NULL)))
    return NULL;
  author = fb_json_member_string (row, "author");
  status = fb_json_member_string (row, "status");
  if (g_strcmp0 (status, "draft") == 0 || fb_json_member_string (row, "acknowledged_by") != NULL)
    return NULL;
  /* The incoming shift's leader or a supervisor on duty then, not the
   * outgoing leader nor its author: the rule the server enforces. */
  if (!fb_duty_report_load_authority (store, user_id, &user, &roster) ||
      (check = fb_duty_report_check (roster, user, FB_DUTY_ACKNOWLEDGE, prev_date, prev_shift, author)))
    return NULL;
  if (description != NULL)
    {
      title = fb_duty_report_shift_title (prev_date, prev_shift);
      /* Translators: the shift ("2024-05-01, Night shift"), then a person */
      *description = g_strdup_printf (_("The report of %s by %s waits for you to acknowledge the handover."),
                                      title, fb_duty_report_name_of (names, author));
    }
  return g_steal_pointer (&id);
}

/* The window's handover banner acknowledges through these. */
void
fb_duty_report_acknowledge_async (FbSyncEngine        *engine,
                                  FbStore             *store,
                                  const char          *id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (FB_IS_SYNC_ENGINE (engine));
  g_return_if_fail (FB_IS_STORE (store));
  g_return_if_fail (id != NULL);

  fb_client_acknowledge_duty_report_async (engine, store, id, cancellable, callback, user_data);
}

gboolean
fb_duty_report_acknowledge_finish (FbSyncEngine  *engine,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (FB_IS_SYNC_ENGINE (engine), FALSE);

  return fb_client_mark_duty_report_finish (engine, result, error);
}
