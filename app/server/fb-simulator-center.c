/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-simulator-center.c: builds the simulated center, from a config or
 * from the store's rows, and carries on the figures the store holds. */
#define G_LOG_DOMAIN "floorboard-server"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fb-simulator-private.h"

/* ---- building the center ------------------------------------------------- */

static SimQueue *
sim_queue_new (const char *id,
               const char *name)
{
  SimQueue *q = g_new0 (SimQueue, 1);

  q->id = g_strdup (id);
  q->name = g_strdup (name);
  q->fifo = g_array_new (FALSE, FALSE, sizeof (Waiter));
  q->intervals = g_array_new (FALSE, FALSE, sizeof (SimInterval));
  q->agents = g_ptr_array_new ();
  g_queue_init (&q->idle);
  return q;
}

static void
set_rates (FbSimulator *self,
           SimQueue    *q,
           double       arrivals_per_hour,
           gboolean     flat)
{
  q->flat = flat;
  q->mean_rate = arrivals_per_hour / HOUR;
  q->peak_rate = flat ? q->mean_rate : q->mean_rate * self->profile_max / self->profile_mean * self->weekday_max;
}

JsonNode *
fb_sim_load_demo_center (GError **error)
{
  return fb_sim_load_demo_json ("center.json", error);
}

/* What new escalations are made of: the demo's own complaints, notes and
 * names, so the simulated cases read like the seeded ones. Templates that
 * lack a text are skipped; the codec checks the values when written. */
gboolean
fb_sim_load_escalation_texts (FbSimulator  *self,
                              GError      **error)
{
  JsonNode *list;
  JsonArray *array;

  if (!(self->texts = fb_sim_load_demo_json ("texts.json", error)) ||
      !(self->names = fb_sim_load_demo_json ("names.json", error)))
    return FALSE;
  list = json_object_get_member (json_node_get_object (self->texts), "escalations");
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    return TRUE;
  array = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonObject *t = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;
      gboolean ok = t != NULL;

      for (guint k = 0; ok && k < 3; k++)
        {
          static const char * const names[] = { "category", "severity", "summary" };
          JsonNode *m = json_object_get_member (t, names[k]);

          ok = m != NULL && JSON_NODE_HOLDS_VALUE (m) && json_node_get_value_type (m) == G_TYPE_STRING;
        }
      if (ok)
        g_ptr_array_add (self->esc_templates, t);
    }
  return TRUE;
}

/* The accounts of agents (raised_by names a user), and where the
 * numbering of this start's cases goes on after an earlier run. */
gboolean
fb_sim_load_escalation_state (FbSimulator  *self,
                              GError      **error)
{
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autofree char *prefix = g_strdup_printf ("esc-sim-%" G_GINT64_FORMAT "-", self->start_unix);

  if (!(users = fb_server_store_list (self->store, "user", error)) ||
      !(cases = fb_server_store_list (self->store, "escalation", error)))
    return FALSE;
  for (guint i = 0; i < users->len; i++)
    {
      FbChange *change = g_ptr_array_index (users, i);
      g_autoptr(FbUser) user = fb_entity_decode_string (&fb_user_spec, change->data, -1, NULL);

      if (user != NULL && user->role == FB_ROLE_AGENT && user->agent_id != NULL &&
          !g_hash_table_contains (self->agent_users, user->agent_id))
        g_hash_table_insert (self->agent_users, g_strdup (user->agent_id), g_strdup (user->id));
    }
  for (guint i = 0; i < cases->len; i++)
    if (g_str_has_prefix (((FbChange *) g_ptr_array_index (cases, i))->id, prefix))
      self->n_escalations++;

  /* Requests are numbered across both kinds. */
  for (guint k = 0; k < 2; k++)
    {
      const char *type = k == 0 ? "leave_request" : "swap_request";
      g_autofree char *request_prefix = g_strdup_printf ("%s-sim-%" G_GINT64_FORMAT "-",
                                                         k == 0 ? "leave" : "swap", self->start_unix);
      g_autoptr(GPtrArray) requests = fb_server_store_list (self->store, type, error);

      if (requests == NULL)
        return FALSE;
      for (guint i = 0; i < requests->len; i++)
        if (g_str_has_prefix (((FbChange *) g_ptr_array_index (requests, i))->id, request_prefix))
          self->n_requests++;
    }
  return TRUE;
}

/* The intraday curve: the demo center's hourly profile. */
gboolean
fb_sim_load_profile (FbSimulator  *self,
                     JsonObject   *center,
                     GError      **error)
{
  JsonNode *node = fb_sim_member (center, "hourly_profile");
  JsonArray *profile = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  double sum = 0;

  if (profile == NULL || json_array_get_length (profile) != 24)
    {
      g_set_error (error, FB_SIMULATOR_ERROR, FB_SIMULATOR_ERROR_DATA,
                   _("%s: “hourly_profile” must list 24 numbers"), DEMO_CENTER);
      return FALSE;
    }
  self->profile_max = 0;
  for (guint h = 0; h < 24; h++)
    {
      JsonNode *v = json_array_get_element (profile, h);

      self->profile[h] = fb_sim_is_number (v) ? MAX (0.0, json_node_get_double (v)) : 0.0;
      sum += self->profile[h];
      self->profile_max = MAX (self->profile_max, self->profile[h]);
    }
  if (sum <= 0)
    {
      g_set_error (error, FB_SIMULATOR_ERROR, FB_SIMULATOR_ERROR_DATA,
                   _("%s: “hourly_profile” has no calls"), DEMO_CENTER);
      return FALSE;
    }
  self->profile_mean = sum / 24;
  return TRUE;
}

/* The demo's weekday factors (Monday first), which scale its days'
 * volume; a center without them has none. */
void
fb_sim_load_weekdays (FbSimulator *self,
                      JsonObject  *center)
{
  JsonNode *node = fb_sim_member (center, "weekday_profile");
  JsonArray *weekdays = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  if (weekdays == NULL || json_array_get_length (weekdays) != 7)
    return;
  self->weekday_max = 0;
  for (guint d = 0; d < 7; d++)
    {
      JsonNode *v = json_array_get_element (weekdays, d);

      self->weekday[d] = fb_sim_is_number (v) ? MAX (0.0, json_node_get_double (v)) : 0.0;
      self->weekday_max = MAX (self->weekday_max, self->weekday[d]);
    }
}

void
fb_sim_build_from_config (FbSimulator       *self,
                          const FbSimConfig *config)
{
  guint number = 0;

  for (guint i = 0; i < config->queues->len; i++)
    {
      SimQueueConfig *qc = g_ptr_array_index (config->queues, i);
      SimQueue *q = sim_queue_new (qc->id, qc->name);

      q->threshold = qc->sl_threshold_s;
      q->talk_s = qc->aht_s - qc->acw_s;
      q->acw_s = qc->acw_s;
      q->patience_s = qc->patience_s;
      set_rates (self, q, qc->arrivals_per_hour, qc->flat);
      g_ptr_array_add (self->queues, q);

      for (guint k = 1; k <= qc->agents; k++)
        {
          SimAgent *agent = g_new0 (SimAgent, 1);

          agent->id = g_strdup_printf ("%s-agent-%04u", qc->id, k);
          agent->index = self->agents->len;
          /* TRANSLATORS: a simulated agent's name: queue name, number */
          agent->name = g_strdup_printf (_("%s agent %u"), qc->name, k);
          agent->number = ++number;
          agent->queue = i;
          agent->team = -1;
          agent->seat = -1;
          agent->state = FB_AGENT_AVAILABLE;
          agent->dirty = TRUE;
          agent->in_idle = TRUE;
          g_ptr_array_add (self->agents, agent);
          g_ptr_array_add (q->agents, agent);
          g_queue_push_tail (&q->idle, agent);
        }
    }
}

int
fb_sim_find_queue (FbSimulator *self,
                   const char  *id)
{
  for (guint i = 0; id != NULL && i < self->queues->len; i++)
    if (strcmp (QUEUE (self, i)->id, id) == 0)
      return (int) i;
  return -1;
}

static int
find_team (FbSimulator *self,
           const char  *id)
{
  for (guint i = 0; id != NULL && i < self->teams->len; i++)
    if (strcmp (TEAM (self, i)->id, id) == 0)
      return (int) i;
  return -1;
}

int
fb_sim_find_seat (FbSimulator *self,
                  const char  *id)
{
  for (guint i = 0; id != NULL && i < self->seats->len; i++)
    if (strcmp (SEAT (self, i)->id, id) == 0)
      return (int) i;
  return -1;
}

static JsonObject *
find_by_id (JsonObject *center,
            const char *list,
            const char *id)
{
  JsonNode *node = fb_sim_member (center, list);
  JsonArray *array = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (item) &&
          g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (item), "id", NULL), id) == 0)
        return json_node_get_object (item);
    }
  return NULL;
}

/* The zone whose seats the demo floor gives to @queue_id. */
static char *
zone_of_queue (JsonObject *center,
               const char *queue_id)
{
  JsonNode *node = fb_sim_member (center, "zones");
  JsonArray *zones = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  for (guint z = 0; zones != NULL && z < json_array_get_length (zones); z++)
    {
      JsonNode *item = json_array_get_element (zones, z);
      JsonObject *zone;
      JsonNode *queues;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        continue;
      zone = json_node_get_object (item);
      queues = fb_sim_member (zone, "queues");
      if (queues == NULL || !JSON_NODE_HOLDS_ARRAY (queues))
        continue;
      for (guint k = 0; k < json_array_get_length (json_node_get_array (queues)); k++)
        {
          JsonNode *q = json_array_get_element (json_node_get_array (queues), k);

          if (JSON_NODE_HOLDS_VALUE (q) && json_node_get_value_type (q) == G_TYPE_STRING &&
              g_strcmp0 (json_node_get_string (q), queue_id) == 0)
            return g_strdup (json_object_get_string_member_with_default (zone, "id", NULL));
        }
    }
  return NULL;
}

static int
minutes_of (const char *hh_mm)
{
  int h = 0, m = 0;

  if (hh_mm == NULL || sscanf (hh_mm, "%d:%d", &h, &m) != 2)
    return 0;
  return CLAMP (h, 0, 23) * 60 + CLAMP (m, 0, 59);
}

static gboolean
team_on_shift (SimTeam *team,
               double   seconds_of_day)
{
  double start = team->start_min * MINUTE, end = team->end_min * MINUTE;

  if (start == end)
    return TRUE;
  if (start < end)
    return seconds_of_day >= start && seconds_of_day < end;
  return seconds_of_day >= start || seconds_of_day < end;
}

void
fb_sim_interval_figures (const SimInterval *iv,
                         gint64             f[6])
{
  f[0] = iv->offered;
  f[1] = iv->answered;
  f[2] = iv->abandoned;
  f[3] = iv->in_sl;
  f[4] = (gint64) round (iv->handle * 10);
  f[5] = (gint64) round (iv->wait * 10);
}

/* Drops the quarters that are over, have no caller waiting and are
 * written as they are: their rows are final. */
void
fb_sim_intervals_prune (FbSimulator *self,
                        SimQueue    *q)
{
  gint64 running = fb_sim_quarter_of (self, self->now);
  guint kept = 0;

  for (guint i = 0; i < q->intervals->len; i++)
    {
      SimInterval *iv = &g_array_index (q->intervals, SimInterval, i);
      gint64 f[6];

      fb_sim_interval_figures (iv, f);
      if (iv->start < running && iv->open == 0 && iv->has_written &&
          memcmp (f, iv->written, sizeof f) == 0)
        continue;
      if (kept != i)
        g_array_index (q->intervals, SimInterval, kept) = *iv;
      kept++;
    }
  g_array_set_size (q->intervals, kept);
}

/* Today's interval rows of @q in the store, from @day_start to the
 * running quarter; FALSE when it holds none of them. */
static gboolean
load_intervals (FbSimulator *self,
                SimQueue    *q,
                gint64       day_start,
                gint64       running)
{
  gboolean found = FALSE;

  for (gint64 start = day_start; start <= running; start += QUARTER)
    {
      g_autofree char *id = fb_sim_interval_id (q->id, start);
      g_autoptr(FbChange) change = fb_server_store_get (self->store, "queue_interval", id, NULL);
      g_autoptr(FbQueueInterval) row = NULL;
      SimInterval *iv;

      if (change == NULL || change->deleted || change->data == NULL ||
          !(row = fb_entity_decode_string (&fb_queue_interval_spec, change->data, -1, NULL)))
        continue;
      found = TRUE;
      iv = fb_sim_interval_get (q, start);
      iv->offered = row->offered;
      iv->answered = row->answered;
      iv->abandoned = row->abandoned;
      iv->in_sl = row->answered_in_sl;
      iv->handle = row->handle_time_s;
      iv->wait = row->wait_time_s;
      fb_sim_interval_figures (iv, iv->written);
      iv->has_written = TRUE;
    }
  /* Quarters nobody simulated (the server was down) get empty rows, so
   * the day has no holes. */
  for (gint64 start = day_start; found && start <= running; start += QUARTER)
    fb_sim_interval_get (q, start);
  return found;
}

/* Counters carried on from the store: the sums of today's interval
 * rows, which the demo seeds, else today's queue row; a row of another
 * day starts a new one. */
static void
continue_figures (FbSimulator *self,
                  SimQueue    *q,
                  FbQueue     *row)
{
  g_autofree char *today = fb_sim_local_date (self, 0);
  g_autofree char *row_day = NULL;
  gint64 running = fb_sim_quarter_of (self, 0);
  gint64 day_start = fb_center_clock_day_start (self->clock, self->start_unix);
  gboolean today_row, from_intervals;
  gint64 seen_at;

  if (row->updated_at != 0)
    {
      row_day = fb_center_clock_date (self->clock, row->updated_at);
    }
  today_row = g_strcmp0 (today, row_day) == 0;
  from_intervals = load_intervals (self, q, day_start, running);
  /* When the row saw the callers waiting. */
  seen_at = today_row && row->updated_at <= self->start_unix ? row->updated_at : self->start_unix;

  /* Callers already in line keep waiting; they were offered already,
   * the demo counting each in the quarter it rang in (waits spread
   * evenly up to the longest, in whole seconds, as here). */
  for (gint64 k = 0; k < MIN (row->waiting, 1000); k++)
    {
      gint64 waited = row->waiting > 1 ? row->longest_wait_s * (row->waiting - 1 - k) / (row->waiting - 1)
                                       : row->longest_wait_s;
      guint32 slot = fb_sim_new_call (self, fb_sim_find_queue (self, q->id), (double) -waited);
      gint64 quarter = fb_center_clock_quarter_start (self->clock, seen_at - waited);
      SimInterval *iv = from_intervals && quarter >= day_start ? fb_sim_interval_find (q, quarter) : NULL;

      fb_sim_enqueue_call (self, q, slot);
      if (iv != NULL)
        {
          CALL (self, slot)->quarter = quarter;
          iv->open++;
          if (iv->answered + iv->abandoned + iv->open > iv->offered)
            iv->offered++;
        }
      else
        fb_sim_count_offered (q, CALL (self, slot), running);
    }

  if (from_intervals)
    {
      fb_sim_reset_counters (q);
      q->offered = 0;
      for (guint i = 0; i < q->intervals->len; i++)
        {
          SimInterval *iv = &g_array_index (q->intervals, SimInterval, i);

          q->offered += iv->offered;
          q->answered += iv->answered;
          q->abandoned += iv->abandoned;
          q->within += iv->in_sl;
          q->sum_wait += iv->wait;
          q->sum_handle += iv->handle;
        }
      q->handled = q->answered;
    }
  else if (today_row)
    {
      q->offered = MAX (row->offered, q->n_waiting + row->answered + row->abandoned);
      q->answered = row->answered;
      q->abandoned = row->abandoned;
      q->within = (gint64) round (row->service_level * row->answered);
      q->sum_wait = row->asa_s * row->answered;
      q->handled = row->answered;
      q->sum_handle = row->aht_s * row->answered;
    }
  else
    fb_sim_reset_counters (q);
  fb_sim_intervals_prune (self, q);

  /* What the row shows now is what was written. */
  q->written.waiting = row->waiting;
  q->written.longest_wait_s = row->longest_wait_s;
  q->written.agents_available = row->agents_available;
  q->written.agents_busy = row->agents_busy;
  q->written.offered = row->offered;
  q->written.answered = row->answered;
  q->written.abandoned = row->abandoned;
  q->written.sl_milli = (gint64) round (row->service_level * 1000);
  q->written.asa_deci = (gint64) round (row->asa_s * 10);
  q->written.aht_deci = (gint64) round (row->aht_s * 10);
  q->has_written = TRUE;
}

gboolean
fb_sim_build_from_store (FbSimulator  *self,
                         JsonObject   *center,
                         GError      **error)
{
  g_autoptr(GPtrArray) queue_rows = NULL;
  g_autoptr(GPtrArray) agent_rows = NULL;
  g_autoptr(GPtrArray) team_rows = NULL;
  g_autoptr(GPtrArray) seat_rows = NULL;
  g_autoptr(GPtrArray) queue_entities = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_queue_free);
  g_autoptr(GArray) staffed = NULL;

  if (!(queue_rows = fb_server_store_list (self->store, "queue", error)) ||
      !(agent_rows = fb_server_store_list (self->store, "agent", error)) ||
      !(team_rows = fb_server_store_list (self->store, "team", error)) ||
      !(seat_rows = fb_server_store_list (self->store, "seat", error)))
    return FALSE;
  if (queue_rows->len == 0)
    {
      g_set_error (error, FB_SIMULATOR_ERROR, FB_SIMULATOR_ERROR_NO_CENTER,
                   _("The database holds no queues to simulate; seed the demo center (--demo) or give a simulation config (--sim-config)"));
      return FALSE;
    }

  for (guint i = 0; i < queue_rows->len; i++)
    {
      FbChange *change = g_ptr_array_index (queue_rows, i);
      g_autoptr(GError) local_error = NULL;
      FbQueue *row = fb_entity_decode_string (&fb_queue_spec, change->data, -1, &local_error);
      SimQueue *q;
      JsonObject *demo;
      double aht, daily;

      if (row == NULL)
        {
          g_set_error (error, FB_SIMULATOR_ERROR, FB_SIMULATOR_ERROR_DATA,
                       _("Queue “%s”: %s"), change->id, local_error->message);
          return FALSE;
        }
      g_ptr_array_add (queue_entities, row);
      q = sim_queue_new (row->id, row->name);
      q->threshold = row->sl_threshold_s;
      q->zone = zone_of_queue (center, row->id);
      demo = find_by_id (center, "queues", row->id);
      aht = row->aht_s > 0 ? row->aht_s : 300;
      if (demo != NULL)
        aht = json_object_get_double_member_with_default (demo, "aht_s", aht);
      aht = MAX (aht, 10);
      q->acw_s = MIN (aht * DEMO_ACW_SHARE, DEMO_ACW_MAX_S);
      q->talk_s = aht - q->acw_s;
      q->patience_s = DEMO_PATIENCE_S;
      daily = demo != NULL ? json_object_get_double_member_with_default (demo, "daily_offered", -1) : -1;
      q->mean_rate = daily >= 0 ? daily / DAY : -1;  /* -1: known once staffed */
      g_ptr_array_add (self->queues, q);
    }

  for (guint i = 0; i < team_rows->len; i++)
    {
      FbChange *change = g_ptr_array_index (team_rows, i);
      g_autoptr(FbTeam) row = fb_entity_decode_string (&fb_team_spec, change->data, -1, NULL);
      SimTeam *team;

      if (row == NULL)
        continue;
      team = g_new0 (SimTeam, 1);
      team->id = g_strdup (row->id);
      team->shift = row->shift;
      team->start_min = minutes_of (row->start);
      team->end_min = minutes_of (row->end);
      team->agents = g_ptr_array_new ();
      g_ptr_array_add (self->teams, team);
    }

  for (guint i = 0; i < seat_rows->len; i++)
    {
      FbChange *change = g_ptr_array_index (seat_rows, i);
      g_autoptr(FbSeat) row = fb_entity_decode_string (&fb_seat_spec, change->data, -1, NULL);
      SimSeat *seat;

      if (row == NULL)
        continue;
      seat = g_new0 (SimSeat, 1);
      seat->id = g_strdup (row->id);
      seat->zone = g_strdup (row->zone);
      seat->faulty = row->equipment == FB_EQUIPMENT_FAULTY;
      seat->agent = -1;
      g_ptr_array_add (self->seats, seat);
    }

  staffed = g_array_new (FALSE, TRUE, sizeof (guint));
  g_array_set_size (staffed, self->queues->len);
  for (guint i = 0; i < agent_rows->len; i++)
    {
      FbChange *change = g_ptr_array_index (agent_rows, i);
      g_autoptr(FbAgent) row = fb_entity_decode_string (&fb_agent_spec, change->data, -1, NULL);
      SimAgent *agent;
      int queue, seat;

      /* Agents of no simulated queue are left as they are. */
      if (row == NULL || (queue = fb_sim_find_queue (self, row->queue_id)) < 0)
        continue;
      agent = g_new0 (SimAgent, 1);
      agent->id = g_strdup (row->id);
      agent->index = self->agents->len;
      agent->queue = (guint) queue;
      agent->team = find_team (self, row->team_id);
      agent->state = row->state;
      agent->since = (double) (row->state_since - self->start_unix);
      agent->seat = -1;
      g_ptr_array_add (self->agents, agent);
      g_ptr_array_add (QUEUE (self, queue)->agents, agent);
      g_array_index (staffed, guint, queue)++;
      if (agent->team >= 0)
        g_ptr_array_add (TEAM (self, agent->team)->agents, agent);
      if ((seat = fb_sim_find_seat (self, row->seat_id)) >= 0 && SEAT (self, seat)->agent < 0)
        {
          agent->seat = seat;
          SEAT (self, seat)->agent = (int) self->agents->len - 1;
        }
    }

  for (guint i = 0; i < self->queues->len; i++)
    {
      SimQueue *q = QUEUE (self, i);

      /* A queue the demo data does not know: busy enough to keep about
       * 80 % of its staff (half of them on shift) busy at the peak. */
      if (q->mean_rate < 0)
        {
          double peak = 0.8 * MAX (1.0, g_array_index (staffed, guint, i) / 2.0) / (q->talk_s + q->acw_s);

          q->mean_rate = peak * self->profile_mean / self->profile_max;
        }
      set_rates (self, q, q->mean_rate * HOUR, FALSE);
      continue_figures (self, q, g_ptr_array_index (queue_entities, i));
    }
  return TRUE;
}

/* Demo mode at the start: the store's agents meet the simulated clock.
 * Those of a team off shift log off (after their call); those of a team
 * on shift and not on leave work, their calls and breaks running on from
 * where the rows left them. */
void
fb_sim_reconcile_agents (FbSimulator *self)
{
  double tod = fb_sim_local_seconds (self, 0);
  g_autoptr(GPtrArray) dates = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) away = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  g_autoptr(GPtrArray) plans = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_sim_seat_plan_free);
  g_autoptr(GPtrArray) idle = g_ptr_array_new ();

  /* The date each team's running shift began on. */
  for (guint t = 0; t < self->teams->len; t++)
    {
      SimTeam *team = TEAM (self, t);
      double started = tod >= team->start_min * MINUTE ? tod - team->start_min * MINUTE
                                                        : tod + DAY - team->start_min * MINUTE;
      char *date = fb_sim_local_date (self, -started);

      g_ptr_array_add (dates, date);
      g_ptr_array_add (away, fb_sim_agents_on_leave (self, date));
      g_ptr_array_add (plans, fb_sim_load_seat_plan (self, date, team->shift, g_ptr_array_index (away, t)));
      /* A shift that ends when it starts never ends. */
      if (team->start_min == team->end_min)
        continue;
      fb_sim_schedule (self, fb_sim_next_time_of_day (self, team->start_min * MINUTE), EV_SHIFT_START, t, 0);
      fb_sim_schedule (self, fb_sim_next_time_of_day (self, team->end_min * MINUTE), EV_SHIFT_END, t, 0);
    }

  for (guint i = 0; i < self->agents->len; i++)
    {
      SimAgent *agent = AGENT (self, i);
      SimQueue *q = QUEUE (self, agent->queue);
      gboolean working = TRUE;

      if (agent->team >= 0)
        working = team_on_shift (TEAM (self, agent->team), tod) &&
                  !g_hash_table_contains (g_ptr_array_index (away, agent->team), agent->id);

      switch (agent->state)
        {
        case FB_AGENT_OFFLINE:
          if (working)
            fb_sim_log_on (self, agent, agent->team >= 0 ? g_ptr_array_index (dates, agent->team) : NULL,
                           agent->team >= 0 ? g_ptr_array_index (plans, agent->team) : NULL);
          else if (agent->seat >= 0)
            fb_sim_release_seat (self, agent);
          continue;
        case FB_AGENT_ON_CALL:
          /* Exponential talk: the rest of a call is a whole new one. */
          agent->handle_start = agent->since;
          fb_sim_schedule (self, exponential (self, q->talk_s), EV_TALK_END, i, agent->epoch);
          agent->acw_len = q->acw_s > 0 ? exponential (self, q->acw_s) : 0;
          break;
        case FB_AGENT_AFTER_CALL_WORK:
          agent->handle_start = agent->since - q->talk_s;
          fb_sim_schedule (self, exponential (self, MAX (q->acw_s, 10)), EV_ACW_END, i, agent->epoch);
          break;
        case FB_AGENT_BREAK:
          fb_sim_schedule (self, uniform (self, 1 * MINUTE, 12 * MINUTE), EV_BREAK_END, i, agent->epoch);
          break;
        case FB_AGENT_AVAILABLE:
          g_ptr_array_add (idle, agent);
          break;
        default:
          break;
        }

      if (!working)
        {
          if (agent->state == FB_AGENT_ON_CALL || agent->state == FB_AGENT_AFTER_CALL_WORK)
            agent->shift_over = TRUE;
          else
            fb_sim_log_off (self, agent);
        }
      else if (agent->state != FB_AGENT_BREAK)
        fb_sim_schedule_break (self, agent, 5 * MINUTE, 150 * MINUTE);
    }

  /* Longest idle first, as the floor had them. */
  for (guint i = 0; i < idle->len; i++)
    {
      SimAgent *agent = g_ptr_array_index (idle, i);

      if (agent->state == FB_AGENT_AVAILABLE && !agent->in_idle)
        {
          g_queue_push_tail (&QUEUE (self, agent->queue)->idle, agent);
          agent->in_idle = TRUE;
        }
    }
}

int
fb_sim_compare_idle (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  const SimAgent *aa = a, *bb = b;

  return (aa->since > bb->since) - (aa->since < bb->since);
}

/* Nobody idle while somebody waits. */
void
fb_sim_dispatch_all (FbSimulator *self)
{
  for (guint i = 0; i < self->queues->len; i++)
    {
      SimQueue *q = QUEUE (self, i);
      Waiter *w;

      while (q->idle.length > 0 && (w = fb_sim_fifo_front (self, q)) != NULL)
        {
          SimAgent *agent = g_queue_pop_head (&q->idle);
          guint32 slot = w->slot;

          agent->in_idle = FALSE;
          fb_sim_fifo_pop (q);
          q->n_waiting--;
          fb_sim_answer (self, q, agent, slot);
        }
    }
}

void
fb_sim_schedule_start (FbSimulator *self)
{
  gint64 quarter = fb_sim_quarter_of (self, 0);

  /* The running quarter's row (continued from the store in demo mode),
   * then one per quarter. */
  for (guint i = 0; i < self->queues->len; i++)
    fb_sim_interval_get (QUEUE (self, i), quarter);
  fb_sim_schedule (self, (double) (quarter + QUARTER - self->start_unix), EV_QUARTER, 0, (guint64) (quarter + QUARTER));
  for (guint i = 0; i < self->queues->len; i++)
    if (QUEUE (self, i)->peak_rate > 0)
      fb_sim_schedule (self, exponential (self, 1.0 / QUEUE (self, i)->peak_rate), EV_ARRIVAL, i, 0);
  fb_sim_schedule (self, fb_sim_next_time_of_day (self, 0), EV_MIDNIGHT, 0, 0);
  fb_sim_schedule_escalation (self);
  fb_sim_schedule_request (self);
  if (!self->configured && self->seats->len > 0)
    {
      fb_sim_schedule (self, exponential (self, DEMO_FAULT_EVERY), EV_FAULT, 0, 0);
      for (guint s = 0; s < self->seats->len; s++)
        if (SEAT (self, s)->faulty)
          fb_sim_schedule (self, uniform (self, 1 * HOUR, 8 * HOUR), EV_REPAIR, s, 0);
    }
}
