/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-daily-summary.c */
#define G_LOG_DOMAIN "floorboard-core"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fb-call-sums.h"
#include "fb-daily-summary.h"
#include "fb-entity.h"
#include "fb-escalation-rules.h"
#include "fb-json-build.h"
#include "fb-qa-stats.h"
#include "fb-request-rules.h"
#include "fb-shift-figures.h"

static const char * const shift_keys[] = { "day", "night" };
/* What a shift counts as it runs (fb_shift_figures_compute()). */
static const char * const shift_flows[] = {
  "offered", "answered", "abandoned", "service_level", "asa_s", "escalations_opened",
  "complaints_received", "escalations_closed", "escalations_overdue", "callbacks_done",
};

#define SLOT_S (15 * 60)
#define N_SLOTS 96

void
fb_summary_targets_init_default (FbSummaryTargets *targets)
{
  g_return_if_fail (targets != NULL);

  /* The industry's 80/20 and 5 %; the seeds' 100 % callbacks. */
  targets->service_level = 0.80;
  targets->abandon_rate = 0.05;
  targets->asa_s = 20;
  targets->callback_rate_72h = 1.0;
}

gboolean
fb_summary_targets_met (const FbSummaryTargets *targets,
                        const char             *key,
                        double                  value)
{
  g_return_val_if_fail (targets != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  /* A hair of rounding must not turn 80 % into a miss. */
  if (g_str_equal (key, "service_level"))
    return value >= targets->service_level - 1e-9;
  if (g_str_equal (key, "callback_rate_72h"))
    return value >= targets->callback_rate_72h - 1e-9;
  if (g_str_equal (key, "abandon_rate"))
    return value <= targets->abandon_rate + 1e-9;
  if (g_str_equal (key, "asa_s"))
    return value <= targets->asa_s + 1e-9;
  return FALSE;
}

static void
keep_entity (gpointer entity,
             gpointer user_data)
{
  g_ptr_array_add (user_data, entity);
}

/* Decodes every live row of @spec into @out (entities owned by the array). */
static gboolean
load_rows (FbStore            *store,
           const FbEntitySpec *spec,
           GPtrArray          *out,
           GError            **error)
{
  return fb_store_foreach_entity (store, spec, keep_entity, out, error);
}

JsonNode *
fb_summary_lookup (JsonNode   *summary,
                   const char *path)
{
  g_auto(GStrv) parts = NULL;
  JsonNode *node = summary;

  g_return_val_if_fail (path != NULL, NULL);

  if (summary == NULL)
    return NULL;
  parts = g_strsplit (path, ".", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return NULL;
      node = json_object_get_member (json_node_get_object (node), parts[i]);
    }
  return node;
}

gboolean
fb_summary_get_targets (JsonNode         *summary,
                        FbSummaryTargets *targets)
{
  JsonNode *node = fb_summary_lookup (summary, "targets");
  JsonObject *o = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

  g_return_val_if_fail (targets != NULL, FALSE);

  fb_summary_targets_init_default (targets);
  if (o == NULL)
    return FALSE;
  targets->service_level = json_object_get_double_member_with_default (o, "service_level", targets->service_level);
  targets->abandon_rate = json_object_get_double_member_with_default (o, "abandon_rate", targets->abandon_rate);
  targets->asa_s = json_object_get_double_member_with_default (o, "asa_s", targets->asa_s);
  targets->callback_rate_72h = json_object_get_double_member_with_default (o, "callback_rate_72h",
                                                                           targets->callback_rate_72h);
  return TRUE;
}

void
fb_summary_targets_build (const FbSummaryTargets *targets,
                          JsonBuilder            *builder)
{
  g_return_if_fail (targets != NULL);
  g_return_if_fail (JSON_IS_BUILDER (builder));

  json_builder_set_member_name (builder, "targets");
  json_builder_begin_object (builder);
  fb_json_add_double (builder, "service_level", targets->service_level);
  fb_json_add_double (builder, "abandon_rate", targets->abandon_rate);
  fb_json_add_double (builder, "asa_s", targets->asa_s);
  fb_json_add_double (builder, "callback_rate_72h", targets->callback_rate_72h);
  json_builder_end_object (builder);
}

void
fb_summary_escalations_build (JsonBuilder *builder,
                              gint64       opened,
                              gint64       closed,
                              gint64       overdue,
                              gint64       resolved,
                              gint64       called_back)
{
  g_return_if_fail (JSON_IS_BUILDER (builder));

  json_builder_set_member_name (builder, "escalations");
  json_builder_begin_object (builder);
  fb_json_add_int (builder, "new", opened);
  fb_json_add_int (builder, "closed", closed);
  fb_json_add_int (builder, "overdue", overdue);
  fb_json_add_int (builder, "resolved", resolved);
  fb_json_add_int (builder, "called_back", called_back);
  if (resolved > 0)
    fb_json_add_double (builder, "callback_rate_72h", (double) called_back / (double) resolved);
  json_builder_end_object (builder);
}

typedef struct
{
  gint64 start;
  gint64 slots[N_SLOTS];
} Intraday;

static void
add_slot (const char *queue_id,
          gint64      start,
          gint64      offered,
          gpointer    user_data)
{
  Intraday *day = user_data;
  gint64 slot = (start - day->start) / SLOT_S;

  if (slot >= 0 && slot < N_SLOTS)
    day->slots[slot] += offered;
}

static void
add_slots (JsonBuilder  *b,
           const char   *name,
           const gint64 *slots)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  for (guint i = 0; i < N_SLOTS; i++)
    json_builder_add_int_value (b, slots[i]);
  json_builder_end_array (b);
}

/* The calendar date's quarter hours, and those of a week before: the
 * director compares the day's curve with the usual one. */
static gboolean
build_intraday (JsonBuilder *b,
                FbStore     *store,
                GTimeZone   *tz,
                const char  *date,
                GError     **error)
{
  g_autoptr(GDateTime) midnight = fb_date_to_datetime (tz, date);
  g_autoptr(GDateTime) week_before = NULL;
  Intraday today = { 0 }, last_week = { 0 };

  g_assert (midnight != NULL);
  week_before = g_date_time_add_days (midnight, -7);
  today.start = g_date_time_to_unix (midnight);
  last_week.start = g_date_time_to_unix (week_before);
  if (!fb_store_foreach_interval (store, today.start, today.start + N_SLOTS * SLOT_S, add_slot, &today, error) ||
      !fb_store_foreach_interval (store, last_week.start, last_week.start + N_SLOTS * SLOT_S, add_slot, &last_week, error))
    return FALSE;

  json_builder_begin_object (b);
  add_slots (b, "offered", today.slots);
  add_slots (b, "last_week", last_week.slots);
  json_builder_end_object (b);
  return TRUE;
}

static void
add_day_calls (const FbIntervalSum *sum,
               gpointer             user_data)
{
  fb_call_sums_add_interval (user_data, sum);
}

/* The calendar day's calls: its quarter hours summed by the store, the
 * rows the queues' "today" figures are the sums of — so the day's summary
 * says, to the call, what the floor says. Rates are ratios of
 * the counts, never averages of the shifts' rates. */
static gboolean
build_day (JsonBuilder *b,
           FbStore     *store,
           gint64       start,
           gint64       end,
           GError     **error)
{
  FbCallSums calls = { 0 };

  if (!fb_store_foreach_interval_sum (store, start, end, add_day_calls, &calls, error))
    return FALSE;
  json_builder_begin_object (b);
  fb_call_sums_build (&calls, b, TRUE);
  json_builder_end_object (b);
  return TRUE;
}

static gboolean
build_qa (JsonBuilder *b,
          FbStore     *store,
          GTimeZone   *tz,
          const char  *date,
          gint64       start,
          gint64       end,
          GPtrArray   *teams,
          GPtrArray   *agents,
          GError     **error)
{
  g_autoptr(GPtrArray) evaluations = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_qa_evaluation_free);
  g_autoptr(GPtrArray) so_far = g_ptr_array_new ();
  g_autoptr(FbQaStats) stats = NULL;
  g_autoptr(FbQaMonth) month = NULL;
  g_autofree FbQaAgentInfo *agent_info = g_new0 (FbQaAgentInfo, agents->len + 1);
  g_autofree FbQaTeamInfo *team_info = g_new0 (FbQaTeamInfo, teams->len + 1);
  gint64 in_day = 0;
  int year = 0, mon = 0;

  if (!load_rows (store, &fb_qa_evaluation_spec, evaluations, error))
    return FALSE;
  /* Month to date: nothing evaluated after the day counts. */
  for (guint i = 0; i < evaluations->len; i++)
    {
      const FbQaEvaluation *ev = g_ptr_array_index (evaluations, i);

      if (ev->evaluated_at < end)
        g_ptr_array_add (so_far, (gpointer) ev);
      if (ev->evaluated_at >= start && ev->evaluated_at < end)
        in_day++;
    }
  for (guint i = 0; i < agents->len; i++)
    {
      const FbAgent *a = g_ptr_array_index (agents, i);
      agent_info[i] = (FbQaAgentInfo) { a->id, a->name, a->team_id };
    }
  for (guint i = 0; i < teams->len; i++)
    {
      const FbTeam *t = g_ptr_array_index (teams, i);
      team_info[i] = (FbQaTeamInfo) { t->id, t->name };
    }
  /* fb_date_is_valid() vouched for the form. */
  if (sscanf (date, "%d-%d", &year, &mon) != 2)
    g_assert_not_reached ();
  stats = fb_qa_stats_new ((const FbQaEvaluation * const *) so_far->pdata, so_far->len, tz);
  month = fb_qa_stats_compute_month (stats, agent_info, agents->len, team_info, teams->len, year, mon);

  json_builder_begin_object (b);
  fb_json_add_int (b, "evaluations", in_day);
  fb_json_add_int (b, "month_evaluations", month->n_evaluations);
  if (!isnan (month->total))
    fb_json_add_double (b, "month_average", month->total);
  fb_json_add_int (b, "agents_not_monitored", month->n_agents_none);
  fb_json_add_int (b, "agents_over_limit", month->n_agents_over);
  json_builder_end_object (b);
  return TRUE;
}

/* A user's name as the cache knows it; the id when it does not. */
static void
add_user (JsonBuilder *b,
          FbStore     *store,
          const char  *name,
          const char  *user_id)
{
  g_autoptr(FbChange) row = NULL;
  g_autoptr(FbUser) user = NULL;

  if (user_id == NULL || *user_id == '\0')
    return;
  if ((row = fb_store_get_row (store, "user", user_id, NULL)) != NULL &&
      !row->deleted && row->data != NULL &&
      (user = fb_entity_decode_string (&fb_user_spec, row->data, -1, NULL)) != NULL &&
      user->name != NULL && *user->name != '\0')
    fb_json_add_string_if_set (b, name, user->name);
  else
    fb_json_add_string_if_set (b, name, user_id);
}

static gboolean
build_reports (JsonBuilder *b,
               FbStore     *store,
               const char  *date,
               GError     **error)
{
  json_builder_begin_object (b);
  for (guint i = 0; i < G_N_ELEMENTS (shift_keys); i++)
    {
      g_autofree char *id = g_strdup_printf ("duty-%s-%s", date, shift_keys[i]);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(FbChange) row = fb_store_get_row (store, "duty_report", id, &local_error);
      g_autoptr(FbDutyReport) report = NULL;

      if (row == NULL)
        {
          if (g_error_matches (local_error, FB_STORE_ERROR, FB_STORE_ERROR_NOT_FOUND))
            continue;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (row->deleted || row->data == NULL ||
          !(report = fb_entity_decode_string (&fb_duty_report_spec, row->data, -1, NULL)))
        continue;
      json_builder_set_member_name (b, shift_keys[i]);
      json_builder_begin_object (b);
      fb_json_add_string_if_set (b, "status", fb_report_status_values[report->status]);
      add_user (b, store, "author", report->author);
      add_user (b, store, "reviewed_by", report->reviewed_by);
      add_user (b, store, "acknowledged_by", report->acknowledged_by);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  return TRUE;
}

static gboolean
in_day (gint64 t,
        gint64 start,
        gint64 end)
{
  return t != 0 && t >= start && t < end;
}

JsonNode *
fb_daily_summary_compute (FbStore                *store,
                          GTimeZone              *tz,
                          const char             *date,
                          const FbSummaryTargets *targets,
                          gint64                  now,
                          GError                **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GPtrArray) teams = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_team_free);
  g_autoptr(GPtrArray) agents = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_agent_free);
  g_autoptr(GPtrArray) escalations = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_escalation_free);
  g_autoptr(FbRoster) roster = NULL;
  g_autoptr(JsonNode) day_node = NULL;
  g_autoptr(JsonNode) night_node = NULL;
  JsonNode **shift_nodes[2] = { &day_node, &night_node };
  JsonObject *shifts[2] = { NULL, NULL };
  gint64 start, end;
  gint64 opened = 0, closed = 0, overdue = 0, resolved = 0, in_time = 0;
  int year = 0, mon = 0, day = 0;
  char due[16];

  g_return_val_if_fail (FB_IS_STORE (store), NULL);
  g_return_val_if_fail (tz != NULL, NULL);
  g_return_val_if_fail (targets != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (date == NULL || !fb_date_is_valid (date) || !fb_date_day_bounds (tz, date, &start, &end))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("“%s” is not a date"), date ? date : "");
      return NULL;
    }
  if (!load_rows (store, &fb_team_spec, teams, error) ||
      !load_rows (store, &fb_agent_spec, agents, error) ||
      !load_rows (store, &fb_escalation_spec, escalations, error))
    return NULL;

  roster = fb_roster_new (tz);
  for (guint i = 0; i < teams->len; i++)
    {
      /* The roster owns what it takes; QA still needs the teams. */
      g_autoptr(JsonNode) copy = fb_entity_encode (&fb_team_spec, g_ptr_array_index (teams, i));
      fb_roster_take (roster, &fb_team_spec, fb_entity_decode (&fb_team_spec, copy, NULL));
    }
  for (guint i = 0; i < G_N_ELEMENTS (shift_keys); i++)
    {
      g_autoptr(GError) local_error = NULL;
      gint64 s, e;

      if (!fb_roster_shift_bounds (roster, date, (FbShift) i, &s, &e))
        continue;
      *shift_nodes[i] = fb_shift_figures_compute (store, tz, date, (FbShift) i, now, &local_error);
      if (*shift_nodes[i] == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      shifts[i] = json_node_get_object (*shift_nodes[i]);
      /* A shift still to come has no calls or cases yet, not 0 of them:
       * before 08:00 today's calls are the night before's shift's. Who
       * is on leave or swapped is known ahead and stays. */
      if (now < s)
        for (guint k = 0; k < G_N_ELEMENTS (shift_flows); k++)
          json_object_remove_member (shifts[i], shift_flows[k]);
    }
  if (shifts[0] == NULL && shifts[1] == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No team works on %s"), date);
      return NULL;
    }

  json_builder_begin_object (b);
  fb_json_add_string_if_set (b, "date", date);

  fb_summary_targets_build (targets, b);

  json_builder_set_member_name (b, "shifts");
  json_builder_begin_object (b);
  for (guint i = 0; i < 2; i++)
    if (*shift_nodes[i] != NULL)
      {
        json_builder_set_member_name (b, shift_keys[i]);
        json_builder_add_value (b, json_node_copy (*shift_nodes[i]));
      }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "day");
  if (!build_day (b, store, start, end, error))
    return NULL;

  json_builder_set_member_name (b, "intraday");
  if (!build_intraday (b, store, tz, date, error))
    return NULL;

  for (guint i = 0; i < escalations->len; i++)
    {
      const FbEscalation *e = g_ptr_array_index (escalations, i);

      /* Counted as a shift counts its own (fb-shift-figures.c), over the
       * calendar day; overdue is a state: as the day left it, or now. */
      opened += in_day (e->raised_at, start, end);
      closed += in_day (e->resolved_at, start, end) || (e->resolved_at == 0 && in_day (e->closed_at, start, end));
      overdue += fb_escalation_overdue_at (e, MIN (end, now));
      if (in_day (e->resolved_at, start, end))
        {
          resolved++;
          in_time += fb_escalation_called_back_in_time (e);
        }
    }
  fb_summary_escalations_build (b, opened, closed, overdue, resolved, in_time);

  json_builder_set_member_name (b, "qa");
  if (!build_qa (b, store, tz, date, start, end, teams, agents, error))
    return NULL;

  json_builder_set_member_name (b, "reports");
  if (!build_reports (b, store, date, error))
    return NULL;

  if (sscanf (date, "%d-%d-%d", &year, &mon, &day) != 3)
    g_assert_not_reached ();
  g_snprintf (due, sizeof due, "%04d-%02d-%02d", year, mon, FB_MONTHLY_REPORT_DUE_DAY);
  json_builder_set_member_name (b, "monthly_report_due");
  json_builder_begin_object (b);
  fb_json_add_string_if_set (b, "date", due);
  json_builder_set_member_name (b, "overdue");
  json_builder_add_boolean_value (b, day > FB_MONTHLY_REPORT_DUE_DAY);
  json_builder_end_object (b);

  json_builder_end_object (b);
  return json_builder_get_root (b);
}
