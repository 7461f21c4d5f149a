/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-shift-figures.c */
#define G_LOG_DOMAIN "floorboard-core"

#include <glib/gi18n.h>
#include <string.h>

#include "fb-call-sums.h"
#include "fb-escalation-rules.h"
#include "fb-json-build.h"
#include "fb-request-rules.h"
#include "fb-shift-figures.h"

typedef gboolean (*RowFunc) (gconstpointer entity, gpointer user_data);

typedef struct
{
  const FbEntitySpec *spec;
  FbRoster           *roster;
  RowFunc             func;
  gpointer            user_data;
} EachRow;

static void
each_entity (gpointer entity,
             gpointer user_data)
{
  EachRow *each = user_data;

  if (each->func != NULL)
    each->func (entity, each->user_data);
  if (each->roster != NULL)
    fb_roster_take (each->roster, each->spec, entity);
  else
    fb_entity_free (each->spec, entity);
}

/* Decodes every live row of @spec and hands it to @func (may be NULL);
 * then the roster takes it if there is one, or it is freed. */
static gboolean
each_row (FbStore            *store,
          const FbEntitySpec *spec,
          FbRoster           *roster,
          RowFunc             func,
          gpointer            user_data,
          GError            **error)
{
  EachRow each = { spec, roster, func, user_data };

  return fb_store_foreach_entity (store, spec, each_entity, &each, error);
}

typedef struct
{
  gint64 start, end, at;   /* the shift; the moment "overdue" is judged */
  FbCallSums calls;
  gint64 opened, closed, overdue, callbacks, complaints;
} Sums;

static gboolean
in_shift (const Sums *s,
          gint64      t)
{
  return t != 0 && t >= s->start && t < s->end;
}

static void
add_interval_sum (const FbIntervalSum *sum,
                  gpointer             user_data)
{
  Sums *s = user_data;

  fb_call_sums_add_interval (&s->calls, sum);
}

static gboolean
add_escalation (gconstpointer entity,
                gpointer      user_data)
{
  const FbEscalation *e = entity;
  Sums *s = user_data;
  guint n = e->callback_attempts ? json_array_get_length (e->callback_attempts) : 0;

  if (in_shift (s, e->raised_at))
    {
      s->opened++;
      if (e->category == FB_CATEGORY_COMPLAINT)
        s->complaints++;
    }
  if (in_shift (s, e->resolved_at) || (e->resolved_at == 0 && in_shift (s, e->closed_at)))
    s->closed++;
  /* Open at the end of the shift and behind one of its deadlines then. */
  if (fb_escalation_overdue_at (e, s->at))
    s->overdue++;
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (e->callback_attempts, i);
      gint64 at = 0;

      if (JSON_NODE_HOLDS_OBJECT (node) &&
          fb_timestamp_from_iso (fb_json_member_string (json_node_get_object (node), "at"), &at) &&
          in_shift (s, at))
        s->callbacks++;
    }
  return FALSE;
}

JsonNode *
fb_shift_figures_compute (FbStore     *store,
                          GTimeZone   *tz,
                          const char  *date,
                          FbShift      shift,
                          gint64       now,
                          GError     **error)
{
  g_autoptr(FbRoster) roster = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GPtrArray) leaves = NULL, swaps = NULL;
  Sums s = { 0 };
  gint64 on_leave = 0, n_swaps = 0;

  g_return_val_if_fail (FB_IS_STORE (store), NULL);
  g_return_val_if_fail (tz != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (date == NULL || !fb_date_is_valid (date))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("“%s” is not a date"), date ? date : "");
      return NULL;
    }
  roster = fb_roster_new (tz);
  if (!each_row (store, &fb_team_spec, roster, NULL, NULL, error) ||
      !each_row (store, &fb_agent_spec, roster, NULL, NULL, error))
    return NULL;
  if (!fb_roster_shift_bounds (roster, date, shift, &s.start, &s.end))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("No team works that shift"));
      return NULL;
    }
  s.at = MIN (s.end, now);
  /* Only the shift's quarter hours, summed by the store: the cache holds
   * weeks of them. */
  if (!fb_store_foreach_interval_sum (store, s.start, s.end, add_interval_sum, &s, error))
    return NULL;
  if (!each_row (store, &fb_escalation_spec, NULL, add_escalation, &s, error) ||
      !(leaves = fb_store_list_rows (store, "leave_request", error)) ||
      !(swaps = fb_store_list_rows (store, "swap_request", error)))
    return NULL;

  /* Those of the shift's teams away on approved leave that day. */
  for (guint i = 0; i < leaves->len; i++)
    {
      g_autoptr(FbLeaveRequest) l = fb_entity_decode_string (&fb_leave_request_spec,
                                                             ((FbChange *) g_ptr_array_index (leaves, i))->data,
                                                             -1, NULL);
      const FbAgent *agent = l ? fb_roster_lookup_agent (roster, l->agent_id) : NULL;
      const FbTeam *team = agent ? fb_roster_lookup_team (roster, agent->team_id) : NULL;

      if (team != NULL && team->shift == shift && l->status == FB_REQUEST_APPROVED &&
          strcmp (l->start_date, date) <= 0 && strcmp (date, l->end_date) <= 0)
        on_leave++;
    }
  for (guint i = 0; i < swaps->len; i++)
    {
      g_autoptr(FbSwapRequest) w = fb_entity_decode_string (&fb_swap_request_spec,
                                                            ((FbChange *) g_ptr_array_index (swaps, i))->data,
                                                            -1, NULL);

      if (w != NULL && w->status == FB_REQUEST_APPROVED &&
          ((w->shift_a == shift && strcmp (w->date_a, date) == 0) ||
           (w->shift_b == shift && strcmp (w->date_b, date) == 0)))
        n_swaps++;
    }

  json_builder_begin_object (b);
  fb_call_sums_build (&s.calls, b, FALSE);
  fb_json_add_int (b, "escalations_opened", s.opened);
  fb_json_add_int (b, "escalations_closed", s.closed);
  fb_json_add_int (b, "escalations_overdue", s.overdue);
  fb_json_add_int (b, "complaints_received", s.complaints);
  fb_json_add_int (b, "callbacks_done", s.callbacks);
  fb_json_add_int (b, "on_leave", on_leave);
  fb_json_add_int (b, "swaps", n_swaps);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

gboolean
fb_shift_figures_report_counts (JsonObject *figures,
                                gint64     *consultations,
                                gint64     *inquiries,
                                gint64     *complaints)
{
  gint64 answered, opened, received;

  g_return_val_if_fail (figures != NULL, FALSE);
  g_return_val_if_fail (consultations != NULL && inquiries != NULL && complaints != NULL, FALSE);

  if (!fb_json_member_int (figures, "answered", &answered) ||
      !fb_json_member_int (figures, "escalations_opened", &opened) ||
      !fb_json_member_int (figures, "complaints_received", &received))
    return FALSE;
  *complaints = MAX (received, 0);
  *inquiries = MAX (opened - *complaints, 0);
  *consultations = MAX (answered - *inquiries - *complaints, 0);
  return TRUE;
}
