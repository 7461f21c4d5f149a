/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-client-duty-reports.c: the duty report writes' paths, bodies and the
 * rows they show at once. */
#define G_LOG_DOMAIN "floorboard-sync"

#include <glib/gi18n.h>

#include "fb-client-duty-reports.h"
#include "fb-client-private.h"
#include "fb-entity.h"
#include "fb-json-build.h"

#define DUTY_REPORTS_PATH "/api/v1/duty-reports/"

/* Each member of @from, copied into @to (replacing one of the same name). */
static void
copy_members (JsonObject *to,
              JsonObject *from)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_iter_init (&iter, from);
  while (json_object_iter_next (&iter, &name, &member))
    json_object_set_member (to, name, json_node_copy (member));
}

/* The report as it will show until the server's own replaces it. */
static JsonNode *
saved_row (FbSyncEngine  *engine,
           const char    *id,
           JsonObject    *fields,
           JsonNode      *figures,
           gboolean       submitted,
           JsonObject    *current,
           GError       **error)
{
  g_autoptr(JsonObject) row = json_object_new ();
  g_autoptr(JsonNode) node = NULL;

  if (current != NULL)
    copy_members (row, current);
  else
    {
      json_object_set_string_member (row, "id", id);
      json_object_set_string_member (row, "author", fb_sync_engine_get_user_id (engine));
      json_object_set_string_member (row, "status", "draft");
      if (figures != NULL)
        json_object_set_member (row, "figures", json_node_copy (figures));
    }
  copy_members (row, fields);
  /* As the server records it: the author is the last writer. */
  json_object_set_string_member (row, "author", fb_sync_engine_get_user_id (engine));
  if (submitted)
    {
      g_autofree char *now = fb_timestamp_to_iso (g_get_real_time () / G_USEC_PER_SEC);

      json_object_set_string_member (row, "status", "submitted");
      json_object_set_string_member (row, "submitted_at", now);
    }
  node = json_node_init_object (json_node_alloc (), row);
  /* Checked as the cache will read it: a row it skips would vanish. */
  return fb_entity_normalize (&fb_duty_report_spec, node, error);
}

void
fb_client_save_duty_report_async (FbSyncEngine        *engine,
                                  const char          *id,
                                  JsonObject          *fields,
                                  gint64               version,
                                  JsonNode            *figures,
                                  gboolean             submit,
                                  JsonObject          *current,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(JsonObject) body_object = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) optimistic = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (FB_IS_SYNC_ENGINE (engine));
  g_return_if_fail (id != NULL);
  g_return_if_fail (fields != NULL);

  if (!(optimistic = saved_row (engine, id, fields, figures, submit, current, &error)))
    {
      g_task_report_error (engine, callback, user_data, fb_client_save_duty_report_async,
                           g_steal_pointer (&error));
      return;
    }

  body_object = json_object_new ();
  copy_members (body_object, fields);
  json_object_set_int_member (body_object, "version", version);
  if (figures != NULL)
    json_object_set_member (body_object, "figures", json_node_copy (figures));
  /* One write saves and submits: a second one could only carry the
   * version from before the first and would be stale. */
  if (submit)
    json_object_set_boolean_member (body_object, "submit", TRUE);
  body = json_node_init_object (json_node_alloc (), body_object);

  path = fb_client_path (DUTY_REPORTS_PATH, id, NULL);
  fb_sync_engine_submit_full_async (engine, "PUT", path, body, "duty_report", id,
                                    optimistic, cancellable, callback, user_data);
}

gboolean
fb_client_save_duty_report_finish (FbSyncEngine  *engine,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (FB_IS_SYNC_ENGINE (engine), FALSE);

  return fb_client_finish (engine, result, fb_client_save_duty_report_async, error);
}

/* The cached report @id as its JSON object and version, NULL when there is
 * none or it does not read as a duty report. */
static JsonObject *
read_report (FbStore    *store,
             const char *id,
             gint64     *version)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbChange) change = fb_store_get_row (store, "duty_report", id, &error);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(FbDutyReport) report = NULL;

  if (change == NULL || change->deleted || change->data == NULL)
    {
      if (error != NULL && !g_error_matches (error, FB_STORE_ERROR, FB_STORE_ERROR_NOT_FOUND))
        g_warning ("Cannot read the cache: %s", error->message);
      return NULL;
    }
  if (!(report = fb_entity_decode_string (&fb_duty_report_spec, change->data, -1, &error)) ||
      !(node = json_from_string (change->data, NULL)) || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  *version = change->version;
  return json_object_ref (json_node_get_object (node));
}

/* Acknowledge and review alike: POST …/{id}/@verb with the version in the
 * cache. The row is shown as done at once (@status, if not NULL, and who
 * and when in @by_member and @at_member); the server's row replaces it. */
static void
mark_async (FbSyncEngine        *engine,
            FbStore             *store,
            const char          *id,
            const char          *verb,
            const char          *status,
            const char          *by_member,
            const char          *at_member,
            const char          *not_cached,
            const char          *signed_out,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) optimistic = NULL;
  g_autoptr(JsonNode) checked = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL, *now = NULL, *segment = NULL;
  const char *user_id;
  gint64 version = 0;

  g_assert (FB_IS_SYNC_ENGINE (engine));
  g_assert (FB_IS_STORE (store));
  g_assert (id != NULL && verb != NULL && by_member != NULL && at_member != NULL);

  user_id = fb_sync_engine_get_user_id (engine);
  if (user_id == NULL || !(row = read_report (store, id, &version)))
    {
      g_task_report_new_error (engine, callback, user_data, fb_client_acknowledge_duty_report_async,
                               FB_SYNC_ERROR, FB_SYNC_ERROR_PROTOCOL,
                               "%s", user_id ? not_cached : signed_out);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  fb_json_add_int (builder, "version", version);
  body = fb_client_body_end (builder);

  now = fb_timestamp_to_iso (g_get_real_time () / G_USEC_PER_SEC);
  if (status != NULL)
    json_object_set_string_member (row, "status", status);
  json_object_set_string_member (row, by_member, user_id);
  json_object_set_string_member (row, at_member, now);
  optimistic = json_node_init_object (json_node_alloc (), row);
  if (!(checked = fb_entity_normalize (&fb_duty_report_spec, optimistic, &error)))
    {
      g_task_report_error (engine, callback, user_data, fb_client_acknowledge_duty_report_async,
                           g_steal_pointer (&error));
      return;
    }
  segment = g_strconcat ("/", verb, NULL);
  path = fb_client_path (DUTY_REPORTS_PATH, id, segment);
  fb_sync_engine_submit_full_async (engine, "POST", path, body, "duty_report", id, checked,
                                    cancellable, callback, user_data);
}

void
fb_client_acknowledge_duty_report_async (FbSyncEngine        *engine,
                                         FbStore             *store,
                                         const char          *id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (FB_IS_SYNC_ENGINE (engine));
  g_return_if_fail (FB_IS_STORE (store));
  g_return_if_fail (id != NULL);

  mark_async (engine, store, id, "acknowledge", NULL, "acknowledged_by", "acknowledged_at",
              _("The report to acknowledge is not in the cache."),
              _("Sign in to acknowledge a handover."),
              cancellable, callback, user_data);
}

void
fb_client_review_duty_report_async (FbSyncEngine        *engine,
                                    FbStore             *store,
                                    const char          *id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (FB_IS_SYNC_ENGINE (engine));
  g_return_if_fail (FB_IS_STORE (store));
  g_return_if_fail (id != NULL);

  mark_async (engine, store, id, "review", "reviewed", "reviewed_by", "reviewed_at",
              _("The report to review is not in the cache."),
              _("Sign in to review a report."),
              cancellable, callback, user_data);
}

gboolean
fb_client_mark_duty_report_finish (FbSyncEngine  *engine,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (FB_IS_SYNC_ENGINE (engine), FALSE);

  return fb_client_finish (engine, result, fb_client_acknowledge_duty_report_async, error);
}
