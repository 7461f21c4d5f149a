/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-simulator.c: the call-traffic simulation of `floorboard-server
 * --simulate`: the object, its figures and running it on the main loop.
 * The model itself is cut over the fb-simulator-*.c files (see
 * fb-simulator-private.h). */
#define G_LOG_DOMAIN "floorboard-server"

#include <math.h>
#include <string.h>

#include "fb-simulator-private.h"

G_DEFINE_QUARK (fb-simulator-error-quark, fb_simulator_error)

G_DEFINE_FINAL_TYPE (FbSimulator, fb_simulator, G_TYPE_OBJECT)

static void
sim_queue_free (gpointer data)
{
  SimQueue *q = data;

  g_free (q->id);
  g_free (q->name);
  g_free (q->zone);
  g_array_unref (q->fifo);
  g_array_unref (q->intervals);
  g_queue_clear (&q->idle);
  g_ptr_array_unref (q->agents);
  g_free (q);
}

static void
sim_agent_free (gpointer data)
{
  SimAgent *agent = data;

  g_free (agent->id);
  g_free (agent->name);
  g_free (agent);
}

static void
sim_team_free (gpointer data)
{
  SimTeam *team = data;

  g_free (team->id);
  g_ptr_array_unref (team->agents);
  g_free (team);
}

static void
sim_seat_free (gpointer data)
{
  SimSeat *seat = data;

  g_free (seat->id);
  g_free (seat->zone);
  g_free (seat);
}

static void
fb_simulator_dispose (GObject *object)
{
  FbSimulator *self = FB_SIMULATOR (object);

  g_clear_handle_id (&self->timer, g_source_remove);
  g_clear_object (&self->store);
  g_clear_object (&self->clock);
  G_OBJECT_CLASS (fb_simulator_parent_class)->dispose (object);
}

static void
fb_simulator_finalize (GObject *object)
{
  FbSimulator *self = FB_SIMULATOR (object);

  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->events, g_array_unref);
  g_clear_pointer (&self->calls, g_array_unref);
  g_clear_pointer (&self->free_calls, g_array_unref);
  g_clear_pointer (&self->queues, g_ptr_array_unref);
  g_clear_pointer (&self->agents, g_ptr_array_unref);
  g_clear_pointer (&self->teams, g_ptr_array_unref);
  g_clear_pointer (&self->seats, g_ptr_array_unref);
  g_clear_pointer (&self->assignments, g_ptr_array_unref);
  g_clear_pointer (&self->escalations, g_ptr_array_unref);
  g_clear_pointer (&self->esc_rand, g_rand_free);
  g_clear_pointer (&self->esc_templates, g_ptr_array_unref);  /* points into texts */
  g_clear_pointer (&self->texts, json_node_unref);
  g_clear_pointer (&self->names, json_node_unref);
  g_clear_pointer (&self->agent_users, g_hash_table_unref);
  g_clear_pointer (&self->req_rand, g_rand_free);
  g_clear_pointer (&self->new_leaves, g_ptr_array_unref);
  g_clear_pointer (&self->new_swaps, g_ptr_array_unref);
  G_OBJECT_CLASS (fb_simulator_parent_class)->finalize (object);
}

static void
fb_simulator_class_init (FbSimulatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fb_simulator_dispose;
  object_class->finalize = fb_simulator_finalize;
}

static void
fb_simulator_init (FbSimulator *self)
{
  self->events = g_array_new (FALSE, FALSE, sizeof (Event));
  self->calls = g_array_new (FALSE, FALSE, sizeof (Call));
  self->free_calls = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->queues = g_ptr_array_new_with_free_func (sim_queue_free);
  self->agents = g_ptr_array_new_with_free_func (sim_agent_free);
  self->teams = g_ptr_array_new_with_free_func (sim_team_free);
  self->seats = g_ptr_array_new_with_free_func (sim_seat_free);
  self->assignments = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  self->escalations = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  self->esc_templates = g_ptr_array_new ();
  self->agent_users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->new_leaves = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  self->new_swaps = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  self->speed = 1;
  self->daily_reset = TRUE;
  for (guint d = 0; d < 7; d++)
    self->weekday[d] = 1;
  self->weekday_max = 1;
}

FbSimulator *
fb_simulator_new (FbServerStore      *store,
                  const FbSimConfig  *config,
                  guint64             seed,
                  gint64              start_unix,
                  GError            **error)
{
  return fb_simulator_new_for_clock (store, NULL, config, seed, start_unix, error);
}

FbSimulator *
fb_simulator_new_for_clock (FbServerStore      *store,
                            FbCenterClock      *clock,
                            const FbSimConfig  *config,
                            guint64             seed,
                            gint64              start_unix,
                            GError            **error)
{
  g_autoptr(FbSimulator) self = NULL;
  g_autoptr(JsonNode) center = NULL;
  g_autoptr(GError) center_error = NULL;
  g_autoptr(GError) texts_error = NULL;
  guint32 seed_words[2] = { (guint32) seed, (guint32) (seed >> 32) };
  gboolean curved = config == NULL;

  g_return_val_if_fail (FB_IS_SERVER_STORE (store), NULL);
  g_return_val_if_fail (clock == NULL || FB_IS_CENTER_CLOCK (clock), NULL);
  g_return_val_if_fail (start_unix > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (FB_TYPE_SIMULATOR, NULL);
  self->store = g_object_ref (store);
  self->clock = clock != NULL ? g_object_ref (clock) : fb_center_clock_new ();
  self->configured = config != NULL;
  self->start_unix = start_unix;
  self->quarter_base = fb_center_clock_quarter_start (self->clock, start_unix);
  self->rand = g_rand_new_with_seed_array (seed_words, G_N_ELEMENTS (seed_words));
  {
    guint32 esc_words[3] = { seed_words[0], seed_words[1], 0x65736321 /* "esc!" */ };

    guint32 req_words[3] = { seed_words[0], seed_words[1], 0x72657121 /* "req!" */ };

    self->esc_rand = g_rand_new_with_seed_array (esc_words, G_N_ELEMENTS (esc_words));
    self->req_rand = g_rand_new_with_seed_array (req_words, G_N_ELEMENTS (req_words));
  }
  /* A config's center is a queueing model: no cases nor requests unless
   * it asks. */
  self->esc_per_hour = config != NULL ? config->escalations_per_hour : DEMO_ESCALATIONS_PER_HOUR;
  self->req_per_hour = config != NULL ? config->requests_per_hour : DEMO_REQUESTS_PER_HOUR;

  for (guint i = 0; config != NULL && i < config->queues->len; i++)
    if (!((SimQueueConfig *) g_ptr_array_index (config->queues, i))->flat)
      curved = TRUE;
  center = fb_sim_load_demo_center (&center_error);
  if (center == NULL || !fb_sim_load_profile (self, json_node_get_object (center), &center_error))
    {
      if (curved)
        {
          g_propagate_error (error, g_steal_pointer (&center_error));
          return NULL;
        }
      /* Flat rates only: no curve needed. */
      for (guint h = 0; h < 24; h++)
        self->profile[h] = 1;
      self->profile_mean = self->profile_max = 1;
    }

  if (config != NULL)
    fb_sim_build_from_config (self, config);
  else
    {
      fb_sim_load_weekdays (self, json_node_get_object (center));
      if (!fb_sim_build_from_store (self, json_node_get_object (center), error))
        return NULL;
      fb_sim_reconcile_agents (self);
      /* Longest idle first: sort what reconcile queued. */
      for (guint i = 0; i < self->queues->len; i++)
        g_queue_sort (&QUEUE (self, i)->idle, fb_sim_compare_idle, NULL);
      fb_sim_dispatch_all (self);
    }
  if (!fb_sim_load_escalation_state (self, error))
    return NULL;
  if (!fb_sim_load_escalation_texts (self, &texts_error))
    {
      if (self->esc_per_hour > 0)
        {
          g_propagate_error (error, g_steal_pointer (&texts_error));
          return NULL;
        }
      /* Without texts no case can be raised: the rate stays 0. */
      g_ptr_array_set_size (self->esc_templates, 0);
    }
  fb_sim_schedule_start (self);
  return g_steal_pointer (&self);
}

/* ---- figures ------------------------------------------------------------- */

void
fb_sim_queue_stats (FbSimulator     *self,
                    SimQueue        *q,
                    FbSimQueueStats *stats)
{
  Waiter *front = fb_sim_fifo_front (self, q);

  memset (stats, 0, sizeof *stats);
  stats->waiting = q->n_waiting;
  stats->longest_wait_s = front != NULL ? self->now - CALL (self, front->slot)->arrival : 0;
  stats->offered = q->offered;
  stats->answered = q->answered;
  stats->abandoned = q->abandoned;
  stats->answered_within = q->within;
  stats->handled = q->handled;
  stats->service_level = q->answered > 0 ? (double) q->within / q->answered : 0;
  stats->asa_s = q->answered > 0 ? q->sum_wait / q->answered : 0;
  stats->aht_s = q->answered > 0 ? q->sum_handle / q->answered : 0;
  for (guint i = 0; i < q->agents->len; i++)
    {
      SimAgent *agent = g_ptr_array_index (q->agents, i);

      switch (agent->state)
        {
        case FB_AGENT_AVAILABLE:
          stats->agents_available++;
          stats->agents_logged_on++;
          break;
        case FB_AGENT_ON_CALL:
        case FB_AGENT_AFTER_CALL_WORK:
          stats->agents_busy++;
          stats->agents_logged_on++;
          break;
        case FB_AGENT_BREAK:
          stats->agents_logged_on++;
          break;
        case FB_AGENT_OFFLINE:
        default:
          break;
        }
    }
}

double
fb_simulator_get_time (FbSimulator *self)
{
  g_return_val_if_fail (FB_IS_SIMULATOR (self), 0);
  return self->now;
}

gint64
fb_simulator_get_now_unix (FbSimulator *self)
{
  g_return_val_if_fail (FB_IS_SIMULATOR (self), 0);
  return self->start_unix + (gint64) floor (self->now);
}

void
fb_simulator_reset_stats (FbSimulator *self)
{
  g_return_if_fail (FB_IS_SIMULATOR (self));

  for (guint i = 0; i < self->queues->len; i++)
    fb_sim_reset_counters (QUEUE (self, i));
}

void
fb_simulator_set_daily_reset (FbSimulator *self,
                              gboolean     reset)
{
  g_return_if_fail (FB_IS_SIMULATOR (self));
  self->daily_reset = !!reset;
}

void
fb_simulator_set_escalation_rate (FbSimulator *self,
                                  double       per_hour)
{
  g_return_if_fail (FB_IS_SIMULATOR (self));
  g_return_if_fail (per_hour >= 0 && per_hour <= MAX_ESCALATIONS_PER_HOUR);

  if (per_hour == self->esc_per_hour)
    return;
  self->esc_per_hour = per_hour;
  self->esc_epoch++;
  fb_sim_schedule_escalation (self);
}

double
fb_simulator_get_escalation_rate (FbSimulator *self)
{
  g_return_val_if_fail (FB_IS_SIMULATOR (self), 0);
  return self->esc_templates->len > 0 ? self->esc_per_hour : 0;
}

void
fb_simulator_set_request_rate (FbSimulator *self,
                               double       per_hour)
{
  g_return_if_fail (FB_IS_SIMULATOR (self));
  g_return_if_fail (per_hour >= 0 && per_hour <= MAX_REQUESTS_PER_HOUR);

  if (per_hour == self->req_per_hour)
    return;
  self->req_per_hour = per_hour;
  self->req_epoch++;
  fb_sim_schedule_request (self);
}

double
fb_simulator_get_request_rate (FbSimulator *self)
{
  g_return_val_if_fail (FB_IS_SIMULATOR (self), 0);
  return self->req_per_hour;
}

guint
fb_simulator_get_n_queues (FbSimulator *self)
{
  g_return_val_if_fail (FB_IS_SIMULATOR (self), 0);
  return self->queues->len;
}

const char *
fb_simulator_get_queue_id (FbSimulator *self,
                           guint        index)
{
  g_return_val_if_fail (FB_IS_SIMULATOR (self), NULL);
  g_return_val_if_fail (index < self->queues->len, NULL);
  return QUEUE (self, index)->id;
}

gboolean
fb_simulator_get_queue_stats (FbSimulator     *self,
                              const char      *queue_id,
                              FbSimQueueStats *stats)
{
  int index;

  g_return_val_if_fail (FB_IS_SIMULATOR (self), FALSE);
  g_return_val_if_fail (queue_id != NULL, FALSE);
  g_return_val_if_fail (stats != NULL, FALSE);

  if ((index = fb_sim_find_queue (self, queue_id)) < 0)
    return FALSE;
  fb_sim_queue_stats (self, QUEUE (self, index), stats);
  return TRUE;
}

/* ---- running on the main loop -------------------------------------------- */

static gboolean
tick_cb (gpointer data)
{
  FbSimulator *self = data;
  g_autoptr(GError) error = NULL;
  gint64 now_us = g_get_monotonic_time ();
  double real = MIN ((now_us - self->last_tick_us) / (double) G_USEC_PER_SEC, MAX_TICK_REAL_S);

  self->last_tick_us = now_us;
  fb_simulator_run_until (self, self->now + self->speed * MAX (real, 0));
  if (!fb_simulator_flush (self, &error))
    g_warning ("Simulator: %s", error->message);
  return G_SOURCE_CONTINUE;
}

void
fb_simulator_start (FbSimulator *self,
                    double       speed)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (FB_IS_SIMULATOR (self));
  g_return_if_fail (speed > 0 && speed <= 10000);

  self->speed = speed;
  if (self->timer != 0)
    return;
  if (!fb_simulator_flush (self, &error))
    g_warning ("Simulator: %s", error->message);
  self->last_tick_us = g_get_monotonic_time ();
  self->timer = g_timeout_add_seconds (1, tick_cb, self);
}

void
fb_simulator_stop (FbSimulator *self)
{
  g_return_if_fail (FB_IS_SIMULATOR (self));
  g_clear_handle_id (&self->timer, g_source_remove);
}

gboolean
fb_simulator_is_running (FbSimulator *self)
{
  g_return_val_if_fail (FB_IS_SIMULATOR (self), FALSE);
  return self->timer != 0;
}
