/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-simulator-requests.c: what the simulated agents raise besides calls:
 * new escalations, and leave and swap requests. */
#define G_LOG_DOMAIN "floorboard-server"

#include <math.h>

#include "fb-simulator-private.h"

static void
set_text (JsonObject *row,
          const char *name,
          const char *value)
{
  json_object_set_string_member (row, name, value);
}

/* A string of @list (an array of strings in @root), NULL when none. */
static const char *
pick_text (GRand       *rand,
           JsonNode    *root,
           const char  *list,
           const char  *member_name)
{
  JsonObject *object = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonNode *node = object != NULL ? json_object_get_member (object, list) : NULL;
  JsonArray *array;
  JsonNode *item;
  guint n;

  if (node != NULL && member_name != NULL && JSON_NODE_HOLDS_OBJECT (node))
    node = json_object_get_member (json_node_get_object (node), member_name);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      (n = json_array_get_length (array = json_node_get_array (node))) == 0)
    return NULL;
  item = json_array_get_element (array, (guint) g_rand_int_range (rand, 0, (gint32) n));
  if (JSON_NODE_HOLDS_OBJECT (item))
    item = json_object_get_member (json_node_get_object (item), "name");
  if (item == NULL || !JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (item);
}

/* A customer as the screen may show them, like the demo's: "김*수". */
static char *
masked_customer_name (FbSimulator *self)
{
  const char *surname = pick_text (self->esc_rand, self->names, "surnames", NULL);
  const char *given = pick_text (self->esc_rand, self->names, "given_names", NULL);

  return fb_sim_masked_name (surname != NULL ? surname : "김", given != NULL ? given : "");
}

/* A new case at the bottom of the chain, raised by an agent on the floor,
 * about one of the demo's usual complaints; its customer masked as the
 * privacy rule says, its deadlines the seeds'. */
void
fb_sim_raise_escalation (FbSimulator *self)
{
  g_autoptr(GPtrArray) on_shift = g_ptr_array_new ();
  JsonObject *template;
  gint64 raised_at = self->start_unix + (gint64) floor (self->now);
  g_autofree char *id = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *name = NULL;
  g_autofree char *at = fb_timestamp_to_iso (raised_at);
  g_autofree char *d = NULL, *r = NULL, *c = NULL;
  const char *raiser, *user, *note;
  SimAgent *agent;
  JsonObject *row, *entry;
  JsonArray *history;
  JsonNode *node;
  gint64 dispatch, response, callback;

  if (self->esc_templates->len == 0 || self->agents->len == 0)
    return;

  /* Someone at work raises it; any agent when nobody is. */
  for (guint i = 0; i < self->agents->len; i++)
    if (AGENT (self, i)->state != FB_AGENT_OFFLINE)
      g_ptr_array_add (on_shift, AGENT (self, i));
  if (on_shift->len == 0)
    g_ptr_array_add (on_shift, AGENT (self, 0));
  agent = g_ptr_array_index (on_shift, g_rand_int_range (self->esc_rand, 0, (gint32) on_shift->len));
  /* raised_by is a user, as in the demo's cases; a config's agents have
   * no account and stand for themselves. */
  user = g_hash_table_lookup (self->agent_users, agent->id);
  raiser = user != NULL ? user : agent->id;

  template = g_ptr_array_index (self->esc_templates,
                                g_rand_int_range (self->esc_rand, 0, (gint32) self->esc_templates->len));
  id = g_strdup_printf ("esc-sim-%" G_GINT64_FORMAT "-%" G_GUINT64_FORMAT,
                        self->start_unix, ++self->n_escalations);
  ref = g_strdup_printf ("010-****-%04d", g_rand_int_range (self->esc_rand, 0, 10000));
  name = masked_customer_name (self);
  note = pick_text (self->esc_rand, self->texts, "escalation_notes", "raised");

  fb_escalation_deadlines (raised_at, &dispatch, &response, &callback);
  d = fb_timestamp_to_iso (dispatch);
  r = fb_timestamp_to_iso (response);
  c = fb_timestamp_to_iso (callback);

  row = json_object_new ();
  set_text (row, "id", id);
  set_text (row, "customer_ref", ref);
  set_text (row, "customer_name", name);
  set_text (row, "category", json_object_get_string_member (template, "category"));
  set_text (row, "severity", json_object_get_string_member (template, "severity"));
  set_text (row, "summary", json_object_get_string_member (template, "summary"));
  set_text (row, "raised_by", raiser);
  set_text (row, "raised_at", at);
  set_text (row, "level", "agent");
  set_text (row, "status", "raised");
  set_text (row, "dispatch_due", d);
  set_text (row, "response_due", r);
  set_text (row, "callback_due", c);
  entry = json_object_new ();
  set_text (entry, "at", at);
  set_text (entry, "actor", raiser);
  set_text (entry, "action", "raised");
  set_text (entry, "status", "raised");
  set_text (entry, "level", "agent");
  if (note != NULL)
    set_text (entry, "note", note);
  history = json_array_new ();
  json_array_add_object_element (history, entry);
  json_object_set_array_member (row, "history", history);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, row);
  g_ptr_array_add (self->escalations, node);
}

void
fb_sim_schedule_escalation (FbSimulator *self)
{
  if (self->esc_per_hour > 0 && self->esc_templates->len > 0 && self->agents->len > 0)
    fb_sim_schedule (self, self->now - HOUR / self->esc_per_hour * log (1.0 - g_rand_double (self->esc_rand)),
                     EV_ESCALATION, 0, self->esc_epoch);
}

/* ---- leave and swap requests ------------------------------------------- */

/* The rows the request rules read: the store's, and the requests made
 * since the last flush. Agents that belong to a known team go to
 * @agents (const FbAgent *, owned by the roster). */
static FbRoster *
request_roster (FbSimulator *self,
                GPtrArray   *agents)
{
  static const FbEntitySpec * const specs[] = {
    &fb_team_spec, &fb_agent_spec, &fb_leave_request_spec, &fb_swap_request_spec, &fb_holiday_duty_spec,
  };
  FbRoster *roster = fb_roster_new (fb_center_clock_get_time_zone (self->clock));
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  for (guint k = 0; k < G_N_ELEMENTS (specs); k++)
    {
      g_autoptr(GPtrArray) rows = fb_server_store_list (self->store, specs[k]->type, NULL);

      for (guint i = 0; rows != NULL && i < rows->len; i++)
        {
          FbChange *change = g_ptr_array_index (rows, i);
          gpointer entity = fb_entity_decode_string (specs[k], change->data, -1, NULL);

          if (entity == NULL)
            continue;
          if (specs[k] == &fb_agent_spec)
            g_ptr_array_add (found, entity);
          fb_roster_take (roster, specs[k], entity);
        }
    }
  for (guint i = 0; i < self->new_leaves->len; i++)
    {
      gpointer entity = fb_entity_decode (&fb_leave_request_spec, g_ptr_array_index (self->new_leaves, i), NULL);

      if (entity != NULL)
        fb_roster_take (roster, &fb_leave_request_spec, entity);
    }
  for (guint i = 0; i < self->new_swaps->len; i++)
    {
      gpointer entity = fb_entity_decode (&fb_swap_request_spec, g_ptr_array_index (self->new_swaps, i), NULL);

      if (entity != NULL)
        fb_roster_take (roster, &fb_swap_request_spec, entity);
    }
  for (guint i = 0; i < found->len; i++)
    {
      const FbAgent *agent = g_ptr_array_index (found, i);

      if (fb_roster_lookup_team (roster, agent->team_id) != NULL)
        g_ptr_array_add (agents, (gpointer) agent);
    }
  return roster;
}

/* The local date @days after the simulated today. */
static char *
date_ahead (FbSimulator *self,
            gint64       days)
{
  g_autoptr(GDateTime) today = fb_center_clock_local (self->clock, self->start_unix + (gint64) floor (self->now));
  g_autoptr(GDateTime) ahead = today != NULL ? g_date_time_add_days (today, (int) days) : NULL;

  return ahead != NULL ? g_date_time_format (ahead, "%Y-%m-%d") : g_strdup ("1970-01-01");
}

/* @row (taken) as a request of its kind (@spec), or NULL when the submit
 * checks refuse it: the server would refuse what the rules refuse. */
static JsonNode *
passing_submit (FbRoster           *roster,
                const FbEntitySpec *spec,
                JsonObject         *row)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(FbLeaveRequest) leave = NULL;
  g_autoptr(FbSwapRequest) swap = NULL;
  g_autoptr(GPtrArray) checks = NULL;

  json_node_take_object (node, row);
  if (spec == &fb_leave_request_spec)
    {
      if ((leave = fb_leave_request_from_json (node, NULL)) != NULL)
        checks = fb_leave_submit_checks (roster, leave);
    }
  else if ((swap = fb_swap_request_from_json (node, NULL)) != NULL)
    checks = fb_swap_submit_checks (roster, swap);
  if (checks == NULL || fb_checks_first_blocking (checks) != NULL)
    return NULL;
  return g_steal_pointer (&node);
}

/* A leave request of @agent, as they would post it, or NULL when the
 * submit checks refuse the one drawn. */
static JsonNode *
draw_leave (FbSimulator   *self,
            FbRoster      *roster,
            const FbAgent *agent,
            gint64         now)
{
  /* Mostly vacation and personal days; now and then sickness. */
  static const struct { FbLeaveType type; double weight; } mix[] = {
    { FB_LEAVE_VACATION, 0.35 }, { FB_LEAVE_PERSONAL, 0.25 }, { FB_LEAVE_SICK, 0.15 },
    { FB_LEAVE_SPECIAL, 0.1 }, { FB_LEAVE_BUSINESS_STUDY, 0.07 }, { FB_LEAVE_NIGHT_SHIFT, 0.08 },
  };
  const FbTeam *team = fb_roster_lookup_team (roster, agent->team_id);
  double r = g_rand_double (self->req_rand);
  FbLeaveType type = FB_LEAVE_VACATION;
  gint64 ahead, days = 1;
  gboolean certificate = FALSE;
  g_autofree char *id = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *at = fb_timestamp_to_iso (now);
  const char *reason;
  JsonObject *row;

  for (guint k = 0; k < G_N_ELEMENTS (mix); k++)
    {
      if (r < mix[k].weight)
        {
          type = mix[k].type;
          break;
        }
      r -= mix[k].weight;
    }
  /* Night-shift leave is for the night teams. */
  if (type == FB_LEAVE_NIGHT_SHIFT && (team == NULL || team->shift != FB_SHIFT_NIGHT))
    type = FB_LEAVE_VACATION;

  switch (type)
    {
    case FB_LEAVE_SICK:
      /* Today or tomorrow, mostly with the doctor's note. */
      ahead = fb_sim_rand_between (self->req_rand, 0, 1);
      days = fb_sim_rand_between (self->req_rand, 1, 2);
      certificate = g_rand_double (self->req_rand) < 0.8;
      break;
    case FB_LEAVE_PERSONAL:
      ahead = fb_sim_rand_between (self->req_rand, 2, 14);
      break;
    case FB_LEAVE_SPECIAL:
      ahead = fb_sim_rand_between (self->req_rand, 1, 5);
      break;
    case FB_LEAVE_NIGHT_SHIFT:
      /* Asked before noon of the night it is for. */
      ahead = fb_sim_local_seconds (self, self->now) < 11 * HOUR ? 0 : 1;
      break;
    case FB_LEAVE_BUSINESS_STUDY:
      ahead = fb_sim_rand_between (self->req_rand, 7, 30);
      days = fb_sim_rand_between (self->req_rand, 1, 2);
      break;
    case FB_LEAVE_VACATION:
    default:
      ahead = fb_sim_rand_between (self->req_rand, 3, 30);
      days = g_rand_double (self->req_rand) < 0.7 ? 1 : fb_sim_rand_between (self->req_rand, 2, 4);
      break;
    }

  id = g_strdup_printf ("leave-sim-%" G_GINT64_FORMAT "-%" G_GUINT64_FORMAT, self->start_unix, self->n_requests + 1);
  start = date_ahead (self, ahead);
  end = date_ahead (self, ahead + days - 1);
  row = json_object_new ();
  set_text (row, "id", id);
  set_text (row, "agent_id", agent->id);
  set_text (row, "type", fb_leave_type_values[type]);
  set_text (row, "start_date", start);
  set_text (row, "end_date", end);
  if ((reason = pick_text (self->req_rand, self->texts, "leave_reasons", fb_leave_type_values[type])) != NULL)
    set_text (row, "reason", reason);
  set_text (row, "submitted_at", at);
  json_object_set_boolean_member (row, "certificate", certificate);
  set_text (row, "status", fb_request_status_values[FB_REQUEST_PENDING]);
  return passing_submit (roster, &fb_leave_request_spec, row);
}

/* A swap @a asks of someone of another team in the same job and grade:
 * B works A's shift on date_a, A pays it back on B's shift on date_b. */
static JsonNode *
draw_swap (FbSimulator   *self,
           FbRoster      *roster,
           GPtrArray     *agents,
           const FbAgent *a,
           gint64         now)
{
  g_autoptr(GPtrArray) partners = g_ptr_array_new ();
  const FbTeam *team_a = fb_roster_lookup_team (roster, a->team_id);
  const FbTeam *team_b;
  const FbAgent *b;
  gint64 ahead_a, ahead_b, gap;
  g_autofree char *id = NULL;
  g_autofree char *date_a = NULL;
  g_autofree char *date_b = NULL;
  g_autofree char *at = fb_timestamp_to_iso (now);
  const char *reason;
  JsonObject *row;

  for (guint i = 0; i < agents->len; i++)
    {
      const FbAgent *c = g_ptr_array_index (agents, i);

      if (g_strcmp0 (c->team_id, a->team_id) != 0 && c->grade == a->grade &&
          g_strcmp0 (c->queue_id, a->queue_id) == 0)
        g_ptr_array_add (partners, (gpointer) c);
    }
  if (team_a == NULL || partners->len == 0)
    return NULL;
  b = g_ptr_array_index (partners, g_rand_int_range (self->req_rand, 0, (gint32) partners->len));
  team_b = fb_roster_lookup_team (roster, b->team_id);

  /* A day and a night shift two days apart: nobody works back to back. */
  ahead_a = fb_sim_rand_between (self->req_rand, 2, 21);
  gap = team_a->shift == team_b->shift ? fb_sim_rand_between (self->req_rand, 1, 6) : fb_sim_rand_between (self->req_rand, 2, 6);
  ahead_b = ahead_a + (g_rand_boolean (self->req_rand) ? gap : -gap);
  if (ahead_b < 1)
    ahead_b = ahead_a + gap;

  id = g_strdup_printf ("swap-sim-%" G_GINT64_FORMAT "-%" G_GUINT64_FORMAT, self->start_unix, self->n_requests + 1);
  date_a = date_ahead (self, ahead_a);
  date_b = date_ahead (self, ahead_b);
  row = json_object_new ();
  set_text (row, "id", id);
  set_text (row, "agent_a", a->id);
  set_text (row, "agent_b", b->id);
  set_text (row, "date_a", date_a);
  set_text (row, "shift_a", fb_shift_values[team_a->shift]);
  set_text (row, "date_b", date_b);
  set_text (row, "shift_b", fb_shift_values[team_b->shift]);
  if ((reason = pick_text (self->req_rand, self->texts, "swap_reasons", NULL)) != NULL)
    set_text (row, "reason", reason);
  set_text (row, "submitted_at", at);
  set_text (row, "status", fb_request_status_values[FB_REQUEST_PENDING]);
  json_object_set_boolean_member (row, "leader_a_approved", FALSE);
  json_object_set_boolean_member (row, "leader_b_approved", FALSE);
  return passing_submit (roster, &fb_swap_request_spec, row);
}

/* An agent asks for leave (most often) or a swap, as through
 * POST /api/v1/leave-requests or /swap-requests: pending, submitted now,
 * and only what the submit rules let through. */
void
fb_sim_submit_request (FbSimulator *self)
{
  g_autoptr(GPtrArray) agents = g_ptr_array_new ();
  g_autoptr(FbRoster) roster = request_roster (self, agents);
  gint64 now = self->start_unix + (gint64) floor (self->now);
  gboolean swap = g_rand_double (self->req_rand) < 0.35;

  if (agents->len == 0)
    return;
  for (guint attempt = 0; attempt < REQUEST_TRIES; attempt++)
    {
      const FbAgent *agent = g_ptr_array_index (agents, g_rand_int_range (self->req_rand, 0, (gint32) agents->len));
      JsonNode *row = swap ? draw_swap (self, roster, agents, agent, now) : draw_leave (self, roster, agent, now);

      if (row != NULL)
        {
          self->n_requests++;
          g_ptr_array_add (swap ? self->new_swaps : self->new_leaves, row);
          return;
        }
    }
}

void
fb_sim_schedule_request (FbSimulator *self)
{
  if (self->req_per_hour > 0 && self->agents->len > 0)
    fb_sim_schedule (self, self->now - HOUR / self->req_per_hour * log (1.0 - g_rand_double (self->req_rand)),
                     EV_REQUEST, 0, self->req_epoch);
}
