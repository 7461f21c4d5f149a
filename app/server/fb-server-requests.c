/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-server-requests.c: leave and swap requests and their decisions, on the
 * roster the rules read. */
#define G_LOG_DOMAIN "floorboard-server"

#include <glib/gi18n.h>
#include <string.h>

#include "fb-server-private.h"

static const FbEntitySpec * const roster_specs[] = {
  &fb_team_spec, &fb_agent_spec, &fb_seat_spec, &fb_leave_request_spec,
  &fb_swap_request_spec, &fb_holiday_duty_spec,
};
G_STATIC_ASSERT (G_N_ELEMENTS (roster_specs) == G_N_ELEMENTS (((FbServer *) NULL)->roster_rows));

/* A decoded row kept between requests, with the text it was decoded from. */
typedef struct
{
  char  *data;
  FbRow *row;
} CachedRow;

static void
cached_row_free (CachedRow *cached)
{
  g_free (cached->data);
  g_clear_object (&cached->row);
  g_free (cached);
}

static void
roster_take_rows (FbRoster           *roster,
                  const FbEntitySpec *spec,
                  GPtrArray          *rows)
{
  for (guint i = 0; i < rows->len; i++)
    {
      FbChange *row = g_ptr_array_index (rows, i);
      g_autoptr(GError) error = NULL;
      gpointer entity = fb_entity_decode_string (spec, row->data, -1, &error);

      if (entity == NULL)
        {
          g_warning ("Stored %s %s left out of the rules: %s", row->type, row->id, error->message);
          continue;
        }
      fb_roster_take (roster, spec, entity);
    }
}

/* The rows the rules read, built per request from what is committed
 * (before this write's own changes). @plan: the seat plan's rows
 * (FbChange), may be NULL. */
FbRoster *
_fb_server_load_roster (FbServer   *self,
                        GPtrArray  *plan,
                        GError    **error)
{
  g_autoptr(FbRoster) roster = fb_roster_new (fb_center_clock_get_time_zone (self->clock));

  for (guint s = 0; s < G_N_ELEMENTS (roster_specs); s++)
    {
      g_autoptr(GPtrArray) rows = fb_server_store_list (self->store, roster_specs[s]->type, error);
      GHashTable *old = self->roster_rows[s];
      GHashTable *now = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) cached_row_free);

      if (rows == NULL)
        {
          g_hash_table_unref (now);
          return NULL;
        }
      for (guint i = 0; i < rows->len; i++)
        {
          FbChange *change = g_ptr_array_index (rows, i);
          CachedRow *cached = NULL;

          /* Decoding is most of the cost: only rows that changed since
           * the last request are decoded again. */
          if (old != NULL && g_hash_table_steal_extended (old, change->id, NULL, (gpointer *) &cached) &&
              (fb_row_get_version (cached->row) != change->version || strcmp (cached->data, change->data) != 0))
            g_clear_pointer (&cached, cached_row_free);
          if (cached == NULL)
            {
              g_autoptr(GError) local_error = NULL;
              FbRow *row = fb_row_new (change, &local_error);

              if (row == NULL)
                {
                  g_warning ("Stored %s %s left out of the rules: %s", change->type, change->id,
                             local_error->message);
                  continue;
                }
              cached = g_new0 (CachedRow, 1);
              cached->row = row;
              cached->data = g_steal_pointer (&change->data);
            }
          g_hash_table_replace (now, (gpointer) fb_row_get_id (cached->row), cached);
          fb_roster_add_row (roster, cached->row);
        }
      g_clear_pointer (&self->roster_rows[s], g_hash_table_unref);
      self->roster_rows[s] = now;
    }
  if (plan != NULL)
    roster_take_rows (roster, &fb_seat_assignment_spec, plan);
  return g_steal_pointer (&roster);
}

/* Only agents ask, each for themselves: 403 otherwise. */
static gboolean
asking_agent (SoupServerMessage *msg,
              const FbCaller    *caller,
              const char        *message)
{
  if (caller->user->role != FB_ROLE_AGENT || caller->user->agent_id == NULL)
    {
      _fb_server_set_error (msg, SOUP_STATUS_FORBIDDEN, "role_not_allowed", NULL, message);
      return FALSE;
    }
  return TRUE;
}

gboolean
_fb_server_may_ask_leave (SoupServerMessage *msg,
                          const FbCaller    *caller)
{
  return asking_agent (msg, caller, _("Only agents ask for leave, each for themselves"));
}

gboolean
_fb_server_may_ask_swap (SoupServerMessage *msg,
                         const FbCaller    *caller)
{
  return asking_agent (msg, caller, _("Only agents ask for a swap, each for themselves"));
}

/* Starts a new request's row with its fresh id: the kind's prefix
 * ("leave-") and a UUID. */
static char *
request_row_begin (JsonBuilder *b,
                   const char  *prefix)
{
  g_autofree char *uuid = g_uuid_string_random ();
  char *id = g_strconcat (prefix, uuid, NULL);

  json_builder_begin_object (b);
  _fb_server_add_string (b, "id", id);
  return id;
}

/* Ends a new request's row with what every request has, then checks it
 * by the rules of its kind (@spec) on @roster: 201 with the stored row,
 * or the first blocking check's refusal. */
static void
request_submit (FbServer           *self,
                SoupServerMessage  *msg,
                const FbCaller     *caller,
                const FbEntitySpec *spec,
                FbRoster           *roster,
                JsonBuilder        *b,
                const char         *id,
                const char         *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) row = NULL;
  g_autoptr(JsonNode) normalized = NULL;
  g_autoptr(FbLeaveRequest) leave = NULL;
  g_autoptr(FbSwapRequest) swap = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autofree char *now = fb_timestamp_to_iso (g_get_real_time () / G_USEC_PER_SEC);
  g_autofree char *audit_action = g_strconcat (spec->type, ".submit", NULL);

  if (reason != NULL && reason[0] != '\0')
    _fb_server_add_string (b, "reason", reason);
  _fb_server_add_string (b, "submitted_at", now);
  _fb_server_add_string (b, "status", fb_request_status_values[FB_REQUEST_PENDING]);
  json_builder_end_object (b);
  row = json_builder_get_root (b);

  if (!(normalized = fb_entity_normalize (spec, row, &error)) ||
      (spec == &fb_leave_request_spec ? !(leave = fb_leave_request_from_json (normalized, &error))
                                      : !(swap = fb_swap_request_from_json (normalized, &error))))
    {
      _fb_server_set_internal_error (msg, error);
      return;
    }
  checks = leave != NULL ? fb_leave_submit_checks (roster, leave) : fb_swap_submit_checks (roster, swap);
  if (_fb_server_refuse_by_check (msg, fb_checks_first_blocking (checks)))
    return;
  _fb_server_store_and_answer (self, msg, caller, spec, id, audit_action, NULL,
                               normalized, SOUP_STATUS_CREATED);
}

/* Loads the roster a new request is checked on; on failure answers 500. */
static FbRoster *
request_roster (FbServer          *self,
                SoupServerMessage *msg)
{
  g_autoptr(GError) error = NULL;
  FbRoster *roster = _fb_server_load_roster (self, NULL, &error);

  if (roster == NULL)
    _fb_server_set_internal_error (msg, error);
  return roster;
}

/* POST /api/v1/leave-requests */
void
_fb_server_leave_submit (FbServer          *self,
                         SoupServerMessage *msg,
                         const FbCaller    *caller,
                         JsonObject        *body,
                         const char        *unused)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(FbRoster) roster = NULL;
  g_autofree char *id = NULL;
  const char *start, *end, *reason;
  gboolean certificate;
  int type;

  if ((type = _fb_server_get_enum_member (msg, body, "type", fb_leave_type_values)) < 0 ||
      !(start = _fb_server_get_date_member (msg, body, "start_date")) ||
      !(end = _fb_server_get_date_member (msg, body, "end_date")) ||
      !_fb_server_optional_string (msg, body, "reason", MAX_NOTE_CHARS, &reason) ||
      !_fb_server_optional_bool (msg, body, "certificate", &certificate))
    return;
  /* ISO dates compare as strings. */
  if (strcmp (end, start) < 0)
    {
      _fb_server_set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", "end_date",
                            _("The leave ends before it starts"));
      return;
    }
  if (!(roster = request_roster (self, msg)))
    return;

  id = request_row_begin (b, "leave-");
  _fb_server_add_string (b, "agent_id", caller->user->agent_id);
  _fb_server_add_string (b, "type", fb_leave_type_values[type]);
  _fb_server_add_string (b, "start_date", start);
  _fb_server_add_string (b, "end_date", end);
  json_builder_set_member_name (b, "certificate");
  json_builder_add_boolean_value (b, certificate);
  request_submit (self, msg, caller, &fb_leave_request_spec, roster, b, id, reason);
}

/* POST /api/v1/swap-requests: the caller is agent_a, whose shift agent_b
 * works on date_a; agent_a works agent_b's on date_b. */
void
_fb_server_swap_submit (FbServer          *self,
                        SoupServerMessage *msg,
                        const FbCaller    *caller,
                        JsonObject        *body,
                        const char        *unused)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(FbRoster) roster = NULL;
  g_autofree char *id = NULL;
  const char *agent_a, *agent_b, *date_a, *date_b, *reason;
  const FbAgent *a, *b_agent;
  const FbTeam *team_a, *team_b;

  agent_a = caller->user->agent_id;
  if (!(agent_b = _fb_server_get_id_member (msg, body, "agent_b")) ||
      !(date_a = _fb_server_get_date_member (msg, body, "date_a")) ||
      !(date_b = _fb_server_get_date_member (msg, body, "date_b")) ||
      !_fb_server_optional_string (msg, body, "reason", MAX_NOTE_CHARS, &reason))
    return;
  if (strcmp (agent_a, agent_b) == 0)
    {
      _fb_server_set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", "agent_b",
                            _("A swap takes another agent"));
      return;
    }
  if (!(roster = request_roster (self, msg)))
    return;
  a = fb_roster_lookup_agent (roster, agent_a);
  b_agent = fb_roster_lookup_agent (roster, agent_b);
  if (a == NULL || b_agent == NULL)
    {
      _fb_server_set_error (msg, 422, "unknown_agent", a == NULL ? NULL : "agent_b", _("No such agent"));
      return;
    }
  /* The shifts swapped are the agents' own: their teams'. */
  team_a = fb_roster_lookup_team (roster, a->team_id);
  team_b = fb_roster_lookup_team (roster, b_agent->team_id);
  if (team_a == NULL || team_b == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("%s is in no team, so has no shift to swap"), (team_a ? b_agent : a)->name);
      _fb_server_set_error (msg, 422, "not_on_shift", team_a == NULL ? NULL : "agent_b", message);
      return;
    }

  id = request_row_begin (b, "swap-");
  _fb_server_add_string (b, "agent_a", agent_a);
  _fb_server_add_string (b, "agent_b", agent_b);
  _fb_server_add_string (b, "date_a", date_a);
  _fb_server_add_string (b, "shift_a", fb_shift_values[team_a->shift]);
  _fb_server_add_string (b, "date_b", date_b);
  _fb_server_add_string (b, "shift_b", fb_shift_values[team_b->shift]);
  json_builder_set_member_name (b, "leader_a_approved");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "leader_b_approved");
  json_builder_add_boolean_value (b, FALSE);
  request_submit (self, msg, caller, &fb_swap_request_spec, roster, b, id, reason);
}

/* POST /api/v1/{leave,swap}-requests/{id}/decision */
static void
request_decision (FbServer           *self,
                  SoupServerMessage  *msg,
                  const FbCaller     *caller,
                  JsonObject         *body,
                  const char         *id,
                  const FbEntitySpec *spec)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbChange) row = NULL;
  g_autoptr(FbRoster) roster = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(JsonNode) current = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(FbLeaveRequest) leave = NULL;
  g_autoptr(FbSwapRequest) swap = NULL;
  g_autofree char *audit_action = NULL;
  const FbCheck *refusal;
  const FbUser *user = caller->user;
  const char *reason;
  gint64 version, now = g_get_real_time () / G_USEC_PER_SEC;
  int decision;

  if ((decision = _fb_server_get_enum_member (msg, body, "decision", fb_decision_values)) < 0)
    return;
  if (!fb_json_member_int (body, "version", &version))
    {
      _fb_server_set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", "version",
                            _("Field “version” must be the version of the request you saw"));
      return;
    }
  if (!_fb_server_optional_string (msg, body, "reason", MAX_NOTE_CHARS, &reason))
    return;

  if (!(row = _fb_server_get_row (self, msg, spec->type, id, _("No such request"))))
    return;
  if (!(current = json_from_string (row->data, &error)) ||
      !(roster = _fb_server_load_roster (self, NULL, &error)))
    {
      _fb_server_set_internal_error (msg, error);
      return;
    }
  if (spec == &fb_leave_request_spec)
    {
      if (!(leave = fb_leave_request_from_json (current, &error)))
        {
          _fb_server_set_internal_error (msg, error);
          return;
        }
      checks = fb_leave_decision_checks (roster, leave, decision, user->role, user->agent_id, reason);
    }
  else
    {
      if (!(swap = fb_swap_request_from_json (current, &error)))
        {
          _fb_server_set_internal_error (msg, error);
          return;
        }
      checks = fb_swap_decision_checks (roster, swap, decision, user->role, user->team_id,
                                        user->agent_id, reason);
    }

  /* Authority first, whatever version was sent; then staleness (the
   * request may be decided already: the client shows the current row);
   * then the rules. */
  refusal = fb_checks_first_blocking (checks);
  if (refusal != NULL && refusal->kind == FB_CHECK_FORBIDDEN)
    {
      _fb_server_refuse_by_check (msg, refusal);
      return;
    }
  if (version != row->version)
    {
      _fb_server_set_stale (msg, "version", _("Someone changed this request first; look at it again"),
                            _fb_server_change_node (row));
      return;
    }
  if (_fb_server_refuse_by_check (msg, refusal))
    return;

  if (spec == &fb_leave_request_spec)
    after = fb_leave_apply_decision (current, decision, caller->user_id, reason, now);
  else
    after = fb_swap_apply_decision (roster, current, decision, user->role, user->team_id,
                                    caller->user_id, reason, now);
  if (after == NULL)
    {
      _fb_server_set_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", NULL,
                            _("The server could not complete the request"));
      return;
    }
  audit_action = g_strconcat (spec->type, ".", fb_decision_values[decision], NULL);
  _fb_server_store_and_answer (self, msg, caller, spec, id, audit_action, row->data, after, SOUP_STATUS_OK);
}

void
_fb_server_leave_decision (FbServer          *self,
                           SoupServerMessage *msg,
                           const FbCaller    *caller,
                           JsonObject        *body,
                           const char        *id)
{
  request_decision (self, msg, caller, body, id, &fb_leave_request_spec);
}

void
_fb_server_swap_decision (FbServer          *self,
                          SoupServerMessage *msg,
                          const FbCaller    *caller,
                          JsonObject        *body,
                          const char        *id)
{
  request_decision (self, msg, caller, body, id, &fb_swap_request_spec);
}
