/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-server-seats.c: seat assignments: one seat, or a shift's whole plan. */
#define G_LOG_DOMAIN "floorboard-server"

#include <glib/gi18n.h>
#include <string.h>

#include "fb-server-private.h"

/* Every plan row has the id sa-DATE-SHIFT-AGENT (the simulator and the
 * demo write the same): one row per agent and shift, and a plan is one
 * id range. */
static char *
plan_prefix (const char *date,
             FbShift     shift)
{
  return g_strdup_printf ("sa-%s-%s-", date, fb_shift_values[shift]);
}

gboolean
_fb_server_role_may_assign_seats (SoupServerMessage *msg,
                                  const FbCaller    *caller)
{
  if (fb_role_can_assign_seats (caller->user->role))
    return TRUE;
  _fb_server_set_error (msg, SOUP_STATUS_FORBIDDEN, "role_not_allowed", NULL,
                        _("Seats are assigned by a supervisor or a manager"));
  return FALSE;
}

static JsonNode *
seat_assignment_row (const char *date,
                     FbShift     shift,
                     const char *seat_id,
                     const char *agent_id)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *prefix = plan_prefix (date, shift);
  g_autofree char *id = g_strconcat (prefix, agent_id, NULL);

  json_builder_begin_object (b);
  _fb_server_add_string (b, "id", id);
  _fb_server_add_string (b, "date", date);
  _fb_server_add_string (b, "shift", fb_shift_values[shift]);
  _fb_server_add_string (b, "seat_id", seat_id);
  _fb_server_add_string (b, "agent_id", agent_id);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* POST /api/v1/seat-assignments: one agent on one seat; the agent's
 * earlier seat that shift is released. */
void
_fb_server_seat_assign (FbServer          *self,
                        SoupServerMessage *msg,
                        const FbCaller    *caller,
                        JsonObject        *body,
                        const char        *unused)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) plan = NULL;
  g_autoptr(FbRoster) roster = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GArray) picks = fb_seat_picks_new ();
  g_autoptr(JsonNode) row = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *id = NULL;
  const char *date, *seat_id, *agent_id, *before = NULL;
  FbSeatPick pick;
  int shift;

  if (!(date = _fb_server_get_date_member (msg, body, "date")) ||
      (shift = _fb_server_get_enum_member (msg, body, "shift", fb_shift_values)) < 0 ||
      !(seat_id = _fb_server_get_id_member (msg, body, "seat_id")) ||
      !(agent_id = _fb_server_get_id_member (msg, body, "agent_id")))
    return;

  prefix = plan_prefix (date, shift);
  id = g_strconcat (prefix, agent_id, NULL);
  if (!(plan = fb_server_store_list_prefix (self->store, "seat_assignment", prefix, &error)) ||
      !(roster = _fb_server_load_roster (self, plan, &error)))
    {
      _fb_server_set_internal_error (msg, error);
      return;
    }

  /* The new pick, then whoever holds the seat now: the rules call that
   * seat_taken. The pick's own problems come first. */
  pick = (FbSeatPick) { g_strdup (seat_id), g_strdup (agent_id) };
  g_array_append_val (picks, pick);
  for (guint i = 0; i < plan->len; i++)
    {
      FbChange *change = g_ptr_array_index (plan, i);
      g_autoptr(FbSeatAssignment) held = fb_entity_decode_string (&fb_seat_assignment_spec, change->data, -1, NULL);

      if (held == NULL)
        continue;
      if (strcmp (change->id, id) == 0)
        before = change->data;
      if (g_strcmp0 (held->seat_id, seat_id) == 0 && g_strcmp0 (held->agent_id, agent_id) != 0 &&
          fb_roster_lookup_agent (roster, held->agent_id) != NULL)
        {
          pick = (FbSeatPick) { g_strdup (held->seat_id), g_strdup (held->agent_id) };
          g_array_append_val (picks, pick);
        }
    }
  checks = fb_seat_plan_checks (roster, date, shift, (const FbSeatPick *) picks->data, picks->len,
                                caller->user->role);
  if (_fb_server_refuse_by_check (msg, fb_checks_first_blocking (checks)))
    return;

  /* A seat held by an agent no longer on the floor is free again. */
  for (guint i = 0; i < plan->len; i++)
    {
      FbChange *change = g_ptr_array_index (plan, i);
      g_autoptr(FbSeatAssignment) held = fb_entity_decode_string (&fb_seat_assignment_spec, change->data, -1, NULL);

      if (held != NULL && strcmp (change->id, id) != 0 &&
          g_strcmp0 (held->seat_id, seat_id) == 0 &&
          fb_server_store_remove (self->store, "seat_assignment", change->id, &error) <= 0)
        {
          _fb_server_set_internal_error (msg, error);
          return;
        }
    }
  row = seat_assignment_row (date, shift, seat_id, agent_id);
  _fb_server_store_and_answer (self, msg, caller, &fb_seat_assignment_spec, id, "seat_assignment.assign", before,
                               row, SOUP_STATUS_CREATED);
}

static JsonNode *
plan_node (GPtrArray *rows)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "assignments");
  json_builder_begin_array (b);
  for (guint i = 0; i < rows->len; i++)
    json_builder_add_value (b, _fb_server_change_node (g_ptr_array_index (rows, i)));
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* Parses "DATE/SHIFT" of the PUT path; 400 when either is wrong. */
static gboolean
parse_plan_target (SoupServerMessage  *msg,
                   const char         *target,
                   char              **date,
                   int                *shift)
{
  g_auto(GStrv) parts = g_strsplit (target, "/", 2);

  if (g_strv_length (parts) != 2 || !fb_date_is_valid (parts[0]))
    {
      _fb_server_set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", "date",
                            _("The path must name a date (YYYY-MM-DD) and a shift"));
      return FALSE;
    }
  if ((*shift = fb_enum_from_string (fb_shift_values, parts[1])) < 0)
    {
      _fb_server_set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", "shift",
                            _("The shift must be day or night"));
      return FALSE;
    }
  *date = g_strdup (parts[0]);
  return TRUE;
}

/* PUT /api/v1/seat-assignments/{date}/{shift}: the whole plan at once. */
void
_fb_server_seat_plan (FbServer          *self,
                      SoupServerMessage *msg,
                      const FbCaller    *caller,
                      JsonObject        *body,
                      const char        *target)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) plan = NULL;
  g_autoptr(FbRoster) roster = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autoptr(GArray) picks = fb_seat_picks_new ();
  g_autoptr(GHashTable) kept = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) stored = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_change_free);
  g_autoptr(GPtrArray) removed = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_change_free);
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *date = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *audit_target = NULL;
  const FbCheck *refusal;
  JsonNode *array_node;
  JsonArray *array;
  gint64 base_version, seen = 0;
  int shift;

  if (!parse_plan_target (msg, target, &date, &shift))
    return;
  if (!fb_json_member_int (body, "base_version", &base_version) || base_version < 0)
    {
      _fb_server_set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", "base_version",
                            _("Field “base_version” must be the highest version of the plan you saw, or 0"));
      return;
    }
  array_node = json_object_get_member (body, "assignments");
  if (array_node == NULL || !JSON_NODE_HOLDS_ARRAY (array_node) ||
      json_array_get_length (json_node_get_array (array_node)) > MAX_PLAN_PICKS)
    {
      _fb_server_set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", "assignments",
                            _("Field “assignments” must be a list of seats and agents"));
      return;
    }
  array = json_node_get_array (array_node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      g_autofree char *field = g_strdup_printf ("assignments[%u]", i);
      FbSeatPick pick = { NULL, NULL };
      const char *seat_id, *agent_id;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        {
          _fb_server_set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", field,
                                _("Each assignment must be an object with “seat_id” and “agent_id”"));
          return;
        }
      seat_id = fb_json_member_string (json_node_get_object (item), "seat_id");
      agent_id = fb_json_member_string (json_node_get_object (item), "agent_id");
      if (seat_id == NULL || agent_id == NULL || seat_id[0] == '\0' || agent_id[0] == '\0' ||
          strlen (seat_id) > MAX_ID_BYTES || strlen (agent_id) > MAX_ID_BYTES)
        {
          g_autofree char *name = g_strconcat (field, seat_id == NULL || seat_id[0] == '\0' ||
                                               strlen (seat_id) > MAX_ID_BYTES
                                               ? ".seat_id" : ".agent_id", NULL);
          _fb_server_refuse_field (msg, name, _("Field “%s” must be an id"), name);
          return;
        }
      pick.seat_id = g_strdup (seat_id);
      pick.agent_id = g_strdup (agent_id);
      g_array_append_val (picks, pick);
    }

  prefix = plan_prefix (date, shift);
  if (!(plan = fb_server_store_list_prefix (self->store, "seat_assignment", prefix, &error)) ||
      !(roster = _fb_server_load_roster (self, plan, &error)))
    {
      _fb_server_set_internal_error (msg, error);
      return;
    }
  for (guint i = 0; i < plan->len; i++)
    seen = MAX (seen, ((FbChange *) g_ptr_array_index (plan, i))->version);

  checks = fb_seat_plan_checks (roster, date, shift, (const FbSeatPick *) picks->data, picks->len,
                                caller->user->role);
  refusal = fb_checks_first_blocking (checks);
  if (refusal != NULL && refusal->kind == FB_CHECK_FORBIDDEN)
    {
      _fb_server_refuse_by_check (msg, refusal);
      return;
    }
  if (base_version != seen)
    {
      _fb_server_set_stale (msg, "base_version", _("Someone changed this seat plan first; look at it again"),
                            plan_node (plan));
      return;
    }
  if (_fb_server_refuse_by_check (msg, refusal))
    return;

  /* Every row of the plan is written again, unchanged ones too: the
   * plan's highest version is then this write's, and a client that saw
   * an older plan is told so even when only a removal happened since. */
  for (guint i = 0; i < picks->len; i++)
    {
      FbSeatPick *pick = &g_array_index (picks, FbSeatPick, i);
      g_autoptr(JsonNode) row = seat_assignment_row (date, shift, pick->seat_id, pick->agent_id);
      g_autoptr(JsonNode) normalized = NULL;
      const char *id = json_object_get_string_member (json_node_get_object (row), "id");
      FbChange *change;

      if (!(normalized = fb_entity_normalize (&fb_seat_assignment_spec, row, &error)) ||
          fb_server_store_put_node (self->store, "seat_assignment", id, normalized, &error) <= 0 ||
          !(change = fb_server_store_get (self->store, "seat_assignment", id, &error)))
        {
          _fb_server_set_internal_error (msg, error);
          return;
        }
      g_ptr_array_add (stored, change);
      g_hash_table_add (kept, change->id);
    }
  for (guint i = 0; i < plan->len; i++)
    {
      FbChange *old = g_ptr_array_index (plan, i);
      FbChange *change;

      if (g_hash_table_contains (kept, old->id))
        continue;
      if (fb_server_store_remove (self->store, "seat_assignment", old->id, &error) <= 0 ||
          !(change = fb_server_store_get (self->store, "seat_assignment", old->id, &error)))
        {
          _fb_server_set_internal_error (msg, error);
          return;
        }
      g_ptr_array_add (removed, change);
    }

  before = plan_node (plan);
  after = plan_node (stored);
  audit_target = g_strdup_printf ("%s/%s", date, fb_shift_values[shift]);
  if (!_fb_server_put_audit_node (self, caller->user_id, "seat_assignment.plan", "seat_assignment", audit_target,
                                  before, after, &error))
    {
      _fb_server_set_internal_error (msg, error);
      return;
    }

  answer = plan_node (stored);
  {
    JsonObject *object = json_node_get_object (answer);
    JsonArray *gone = json_array_new ();

    json_object_set_string_member (object, "date", date);
    json_object_set_string_member (object, "shift", fb_shift_values[shift]);
    for (guint i = 0; i < removed->len; i++)
      json_array_add_element (gone, _fb_server_change_node (g_ptr_array_index (removed, i)));
    json_object_set_array_member (object, "removed", gone);
  }
  _fb_server_set_json (msg, SOUP_STATUS_OK, answer);
}
