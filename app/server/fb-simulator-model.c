/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-simulator-model.c: the simulated floor and the events that drive
 * it — the event heap, the center's time of day, queues and their
 * calls, agents, breaks, seats and shifts, and the event loop. They are
 * one file because every simulated call passes through all of them: in
 * one translation unit the compiler inlines the per-event calls.
 *
 * Events live in a binary heap ordered by (time, sequence number): ties
 * resolve in the order they were scheduled, so one seed always gives one
 * history. Events that may go stale (an abandon after the call was
 * answered, a break end after the agent logged off) carry a tag checked
 * when they fire, instead of being searched for and removed.
 */
#define G_LOG_DOMAIN "floorboard-server"

#include <math.h>

#include "fb-simulator-private.h"

/* ---- event heap ---------------------------------------------------------- */

static gboolean
event_before (const Event *a,
              const Event *b)
{
  return a->time < b->time || (a->time == b->time && a->seq < b->seq);
}

void
fb_sim_schedule (FbSimulator *self,
                 double       time,
                 EventKind    kind,
                 guint        index,
                 guint64      tag)
{
  Event ev = { time, self->next_seq++, kind, index, tag };
  Event *heap;
  guint i;

  g_assert (time >= self->now);
  g_array_append_val (self->events, ev);
  heap = (Event *) self->events->data;
  for (i = self->events->len - 1; i > 0; )
    {
      guint parent = (i - 1) / 2;

      if (!event_before (&ev, &heap[parent]))
        break;
      heap[i] = heap[parent];
      i = parent;
    }
  heap[i] = ev;
}

static Event
pop_event (FbSimulator *self)
{
  Event *heap = (Event *) self->events->data;
  Event top = heap[0];
  Event last = heap[self->events->len - 1];
  guint n = self->events->len - 1;
  guint i = 0;

  g_assert (self->events->len > 0);
  for (;;)
    {
      guint child = 2 * i + 1;

      if (child >= n)
        break;
      if (child + 1 < n && event_before (&heap[child + 1], &heap[child]))
        child++;
      if (!event_before (&heap[child], &last))
        break;
      heap[i] = heap[child];
      i = child;
    }
  heap[i] = last;
  g_array_set_size (self->events, n);
  return top;
}

/* ---- time of day --------------------------------------------------------- */

/* The center clock's UTC offset at sim time @t. Zones change their
 * offset on a quarter hour, so one lookup serves the whole quarter. */
static gint64
center_offset (FbSimulator *self,
               double       t)
{
  if (!(t >= self->offset_from && t < self->offset_until))
    {
      gint64 unix_s = self->start_unix + (gint64) floor (t);
      gint64 quarter = unix_s - (unix_s % QUARTER + QUARTER) % QUARTER;
      g_autoptr(GDateTime) local = fb_center_clock_local (self->clock, unix_s);

      self->offset_from = (double) (quarter - self->start_unix);
      self->offset_until = self->offset_from + QUARTER;
      self->offset_s = local != NULL ? g_date_time_get_utc_offset (local) / G_TIME_SPAN_SECOND : 0;
    }
  return self->offset_s;
}

/* Seconds since the center's midnight on its wall clock at sim time @t. */
double
fb_sim_local_seconds (FbSimulator *self,
                      double       t)
{
  double local = (double) self->start_unix + center_offset (self, t) + t;

  return local - floor (local / DAY) * DAY;
}

/* Sim time of the next center wall-clock @seconds_of_day strictly after
 * now: the clock finds it, so a day of 23 or 25 hours keeps 08:00 at 08:00. */
double
fb_sim_next_time_of_day (FbSimulator *self,
                         double       seconds_of_day)
{
  g_autofree char *date = fb_center_clock_date (self->clock, self->start_unix + (gint64) floor (self->now));
  int minutes = (int) (seconds_of_day / MINUTE);
  double t = self->now + DAY;

  for (int days = 0; days <= 2; days++)
    {
      gint64 at = fb_center_clock_at (self->clock, date, minutes / 60 + 24 * days, minutes % 60);

      t = (double) (at - self->start_unix);
      if (at >= 0 && t > self->now)
        break;
    }
  return t;
}

char *
fb_sim_local_date (FbSimulator *self,
                   double       t)
{
  char *date = fb_center_clock_date (self->clock, self->start_unix + (gint64) floor (t));

  return date != NULL ? date : g_strdup ("1970-01-01");
}

/* The start of the quarter hour holding sim time @t, unix seconds. */
gint64
fb_sim_quarter_of (FbSimulator *self,
                   double       t)
{
  /* Counted from a quarter near the start, the double stays small. Every
   * zone's offset is whole quarters, so quarters stay QUARTER apart. */
  gint64 base = self->quarter_base;

  return base + (gint64) floor ((t + (double) (self->start_unix - base)) / QUARTER) * QUARTER;
}

/* The profile interpolated between hour midpoints, relative to its mean,
 * times the day's weekday factor. */
static double
profile_factor (FbSimulator *self,
                double       t)
{
  double local = (double) self->start_unix + center_offset (self, t) + t;
  gint64 day = (gint64) floor (local / DAY);
  double weekday = self->weekday[fb_demo_weekday_index (day)];

  return weekday * fb_demo_profile_at (self->profile, (local - floor (local / DAY) * DAY) / HOUR) / self->profile_mean;
}

/* ---- queue and agent state ----------------------------------------------- */

static guint
agent_index (FbSimulator *self,
             SimAgent    *agent)
{
  g_assert (AGENT (self, agent->index) == agent);
  return agent->index;
}

static void
set_state (FbSimulator  *self,
           SimAgent     *agent,
           FbAgentState  state)
{
  /* A new call while on a call is a new state: its time starts again. */
  agent->state = state;
  agent->since = self->now;
  agent->dirty = TRUE;
}

/* The interval of @q starting at @start, or NULL. */
SimInterval *
fb_sim_interval_find (SimQueue *q,
                      gint64    start)
{
  /* Newest last, and calls count in recent quarters: search backwards. */
  for (guint i = q->intervals->len; i > 0; i--)
    {
      SimInterval *iv = &g_array_index (q->intervals, SimInterval, i - 1);

      if (iv->start == start)
        return iv;
      if (iv->start < start)
        break;
    }
  return NULL;
}

/* The interval starting at @start, added empty (a row to write) when
 * missing. The pointer lasts until the next interval is added. */
SimInterval *
fb_sim_interval_get (SimQueue *q,
                     gint64    start)
{
  SimInterval *iv = fb_sim_interval_find (q, start);
  SimInterval empty = { 0 };
  guint i;

  if (iv != NULL)
    return iv;
  empty.start = start;
  for (i = q->intervals->len; i > 0 && g_array_index (q->intervals, SimInterval, i - 1).start > start; i--)
    ;
  g_array_insert_val (q->intervals, i, empty);
  return &g_array_index (q->intervals, SimInterval, i);
}

/* @call is offered in the quarter starting at @quarter. */
void
fb_sim_count_offered (SimQueue *q,
                      Call     *call,
                      gint64    quarter)
{
  SimInterval *iv = fb_sim_interval_get (q, quarter);

  call->quarter = quarter;
  iv->offered++;
  iv->open++;
}

/* The interval @call counts in, its outcome now known. */
static SimInterval *
call_outcome (SimQueue *q,
              Call     *call)
{
  SimInterval *iv = fb_sim_interval_get (q, call->quarter);

  /* Never otherwise; but a row must stay valid (answered + abandoned
   * <= offered) whatever happens. */
  if (iv->open > 0)
    iv->open--;
  else
    iv->offered++;
  return iv;
}

guint32
fb_sim_new_call (FbSimulator *self,
                 guint        queue,
                 double       arrival)
{
  guint32 slot;
  Call *call;

  if (self->free_calls->len > 0)
    {
      slot = g_array_index (self->free_calls, guint32, self->free_calls->len - 1);
      g_array_set_size (self->free_calls, self->free_calls->len - 1);
    }
  else
    {
      Call empty = { 0 };

      slot = self->calls->len;
      g_array_append_val (self->calls, empty);
    }
  call = CALL (self, slot);
  call->arrival = arrival;
  call->quarter = 0;
  call->serial = ++self->next_call;
  call->queue = queue;
  call->waiting = FALSE;
  return slot;
}

static void
free_call (FbSimulator *self,
           guint32      slot)
{
  CALL (self, slot)->waiting = FALSE;
  CALL (self, slot)->serial = 0;
  g_array_append_val (self->free_calls, slot);
}

void
fb_sim_enqueue_call (FbSimulator *self,
                     SimQueue    *q,
                     guint32      slot)
{
  Call *call = CALL (self, slot);
  Waiter w = { slot, call->serial };

  call->waiting = TRUE;
  g_array_append_val (q->fifo, w);
  q->n_waiting++;
  if (q->patience_s > 0)
    fb_sim_schedule (self, self->now + exponential (self, q->patience_s), EV_ABANDON, slot, call->serial);
}

/* Keeps the consumed front of the line from growing without end. */
static void
fifo_compact (SimQueue *q)
{
  if (q->head > 4096 && q->head * 2 > q->fifo->len)
    {
      g_array_remove_range (q->fifo, 0, q->head);
      q->head = 0;
    }
}

/* Drops answered and abandoned calls from the front of the line. */
Waiter *
fb_sim_fifo_front (FbSimulator *self,
                   SimQueue    *q)
{
  while (q->head < q->fifo->len)
    {
      Waiter *w = &g_array_index (q->fifo, Waiter, q->head);
      Call *call = CALL (self, w->slot);

      if (call->serial == w->serial && call->waiting)
        {
          fifo_compact (q);
          return &g_array_index (q->fifo, Waiter, q->head);
        }
      q->head++;
    }
  /* Empty: reuse the array from its start. */
  g_array_set_size (q->fifo, 0);
  q->head = 0;
  return NULL;
}

void
fb_sim_fifo_pop (SimQueue *q)
{
  q->head++;
  fifo_compact (q);
}

void
fb_sim_answer (FbSimulator *self,
               SimQueue    *q,
               SimAgent    *agent,
               guint32      slot)
{
  Call *call = CALL (self, slot);
  double wait = self->now - call->arrival;
  gboolean in_time = wait <= (double) q->threshold;
  /* Talk and after-call work are drawn now: the handle time counts with
   * the answer, in the day's AHT and in the interval row alike. */
  double talk = exponential (self, q->talk_s);
  double acw = q->acw_s > 0 ? exponential (self, q->acw_s) : 0;
  SimInterval *iv = call_outcome (q, call);

  iv->answered++;
  iv->wait += wait;
  iv->handle += talk + acw;
  if (in_time)
    iv->in_sl++;
  q->answered++;
  q->sum_wait += wait;
  q->sum_handle += talk + acw;
  if (in_time)
    q->within++;
  free_call (self, slot);

  set_state (self, agent, FB_AGENT_ON_CALL);
  agent->handle_start = self->now;
  agent->acw_len = acw;
  fb_sim_schedule (self, self->now + talk, EV_TALK_END, agent_index (self, agent), agent->epoch);
}

static void
remove_idle (SimQueue *q,
             SimAgent *agent)
{
  if (agent->in_idle)
    {
      g_queue_remove (&q->idle, agent);
      agent->in_idle = FALSE;
    }
}

void
fb_sim_schedule_break (FbSimulator *self,
                       SimAgent    *agent,
                       double       lo,
                       double       hi)
{
  double at = self->now + uniform (self, lo, hi);

  /* No break in the last half hour: they go home instead. */
  if (agent->team >= 0 && TEAM (self, agent->team)->start_min != TEAM (self, agent->team)->end_min)
    {
      SimTeam *team = TEAM (self, agent->team);
      double end = fb_sim_next_time_of_day (self, team->end_min * MINUTE);

      if (at > end - 30 * MINUTE)
        return;
    }
  fb_sim_schedule (self, at, EV_BREAK_DUE, agent_index (self, agent), agent->epoch);
}

static void
start_break (FbSimulator *self,
             SimAgent    *agent)
{
  /* Mostly short breaks; now and then the meal break. */
  double length = g_rand_double (self->rand) < 0.2
    ? uniform (self, 30 * MINUTE, 50 * MINUTE)
    : uniform (self, 8 * MINUTE, 15 * MINUTE);

  agent->break_due = FALSE;
  set_state (self, agent, FB_AGENT_BREAK);
  fb_sim_schedule (self, self->now + length, EV_BREAK_END, agent_index (self, agent), agent->epoch);
}

void
fb_sim_release_seat (FbSimulator *self,
                     SimAgent    *agent)
{
  if (agent->seat >= 0)
    {
      SimSeat *seat = SEAT (self, agent->seat);

      seat->agent = -1;
      seat->dirty = TRUE;
      agent->seat = -1;
      agent->dirty = TRUE;
    }
}

void
fb_sim_log_off (FbSimulator *self,
                SimAgent    *agent)
{
  remove_idle (QUEUE (self, agent->queue), agent);
  agent->epoch++;
  agent->break_due = FALSE;
  agent->shift_over = FALSE;
  fb_sim_release_seat (self, agent);
  set_state (self, agent, FB_AGENT_OFFLINE);
}

/* The agent is free: home time, a break that is due, the next caller in
 * line, or the idle line. */
static void
agent_free (FbSimulator *self,
            SimAgent    *agent)
{
  SimQueue *q = QUEUE (self, agent->queue);
  Waiter *w;

  if (agent->shift_over)
    {
      fb_sim_log_off (self, agent);
      return;
    }
  if (agent->break_due)
    {
      start_break (self, agent);
      return;
    }
  if ((w = fb_sim_fifo_front (self, q)) != NULL)
    {
      guint32 slot = w->slot;

      fb_sim_fifo_pop (q);
      q->n_waiting--;
      fb_sim_answer (self, q, agent, slot);
      return;
    }
  if (agent->state != FB_AGENT_AVAILABLE)
    set_state (self, agent, FB_AGENT_AVAILABLE);
  if (!agent->in_idle)
    {
      g_queue_push_tail (&q->idle, agent);
      agent->in_idle = TRUE;
    }
}

static void
finish_handle (FbSimulator *self,
               SimAgent    *agent)
{
  SimQueue *q = QUEUE (self, agent->queue);

  q->handled++;
  agent_free (self, agent);
}

void
fb_sim_seat_plan_free (SeatPlan *plan)
{
  if (plan == NULL)
    return;
  g_hash_table_unref (plan->seat_of);
  g_hash_table_unref (plan->reserved);
  g_free (plan);
}

/* A free seat without fault, in @zone when one is there, and none
 * @plan keeps for someone else. */
static int
find_free_seat (FbSimulator    *self,
                const char     *zone,
                const SeatPlan *plan)
{
  int any = -1;

  for (guint s = 0; s < self->seats->len; s++)
    {
      SimSeat *seat = SEAT (self, s);

      if (seat->faulty || seat->agent >= 0 ||
          (plan != NULL && g_hash_table_contains (plan->reserved, GINT_TO_POINTER ((int) s + 1))))
        continue;
      if (zone == NULL || g_strcmp0 (seat->zone, zone) == 0)
        return (int) s;
      if (any < 0)
        any = (int) s;
    }
  return any;
}

static void
take_seat (FbSimulator *self,
           SimAgent    *agent,
           int          seat)
{
  SimSeat *s = SEAT (self, seat);

  g_assert (s->agent < 0 && !s->faulty);
  s->agent = (int) agent_index (self, agent);
  s->dirty = TRUE;
  agent->seat = seat;
  agent->dirty = TRUE;
}

static void
add_seat_assignment (FbSimulator *self,
                     SimAgent    *agent,
                     const char  *date)
{
  SimTeam *team = TEAM (self, agent->team);
  g_autofree char *id = g_strdup_printf ("sa-%s-%s-%s", date, fb_shift_values[team->shift], agent->id);
  JsonObject *row = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (row, "id", id);
  json_object_set_string_member (row, "date", date);
  json_object_set_string_member (row, "shift", fb_shift_values[team->shift]);
  json_object_set_string_member (row, "seat_id", SEAT (self, agent->seat)->id);
  json_object_set_string_member (row, "agent_id", agent->id);
  json_node_take_object (node, row);
  g_ptr_array_add (self->assignments, node);
}

/* The seat @plan gives @agent, if it is free and sound. */
static int
planned_seat (FbSimulator    *self,
              const SeatPlan *plan,
              SimAgent       *agent)
{
  int seat;

  if (plan == NULL)
    return -1;
  seat = GPOINTER_TO_INT (g_hash_table_lookup (plan->seat_of, agent->id)) - 1;
  if (seat < 0 || SEAT (self, seat)->faulty || SEAT (self, seat)->agent >= 0)
    return -1;
  return seat;
}

/* Comes to work: where the seat plan says, else in the queue's zone. */
void
fb_sim_log_on (FbSimulator    *self,
               SimAgent       *agent,
               const char     *date,
               const SeatPlan *plan)
{
  int seat;

  agent->epoch++;
  agent->break_due = FALSE;
  agent->shift_over = FALSE;
  if (agent->seat < 0 && self->seats->len > 0 &&
      ((seat = planned_seat (self, plan, agent)) >= 0 ||
       (seat = find_free_seat (self, QUEUE (self, agent->queue)->zone, plan)) >= 0))
    {
      take_seat (self, agent, seat);
      if (agent->team >= 0 && date != NULL)
        add_seat_assignment (self, agent, date);
    }
  fb_sim_schedule_break (self, agent, 75 * MINUTE, 150 * MINUTE);
  set_state (self, agent, FB_AGENT_AVAILABLE);
  agent_free (self, agent);
}

/* Agents whose approved leave covers @date. */
GHashTable *
fb_sim_agents_on_leave (FbSimulator *self,
                        const char  *date)
{
  g_autoptr(GPtrArray) rows = NULL;
  GHashTable *away = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (self->configured || !(rows = fb_server_store_list (self->store, "leave_request", NULL)))
    return away;
  for (guint i = 0; i < rows->len; i++)
    {
      FbChange *row = g_ptr_array_index (rows, i);
      g_autoptr(FbLeaveRequest) leave = fb_entity_decode_string (&fb_leave_request_spec, row->data, -1, NULL);

      if (leave != NULL && leave->status == FB_REQUEST_APPROVED &&
          g_strcmp0 (leave->start_date, date) <= 0 && g_strcmp0 (date, leave->end_date) <= 0)
        g_hash_table_add (away, g_strdup (leave->agent_id));
    }
  return away;
}

/* The seat_assignment rows of @date's @shift, NULL when there are none.
 * Seats planned for someone in @away are not kept for them. */
SeatPlan *
fb_sim_load_seat_plan (FbSimulator *self,
                       const char  *date,
                       FbShift      shift,
                       GHashTable  *away)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(SeatPlan) plan = NULL;

  if (self->configured || self->seats->len == 0 ||
      !(rows = fb_server_store_list (self->store, "seat_assignment", NULL)))
    return NULL;
  for (guint i = 0; i < rows->len; i++)
    {
      FbChange *row = g_ptr_array_index (rows, i);
      g_autoptr(FbSeatAssignment) sa = fb_entity_decode_string (&fb_seat_assignment_spec, row->data, -1, NULL);
      int seat;

      if (sa == NULL || sa->shift != shift || g_strcmp0 (sa->date, date) != 0 ||
          (seat = fb_sim_find_seat (self, sa->seat_id)) < 0)
        continue;
      if (plan == NULL)
        {
          plan = g_new0 (SeatPlan, 1);
          plan->seat_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          plan->reserved = g_hash_table_new (NULL, NULL);
        }
      g_hash_table_insert (plan->seat_of, g_strdup (sa->agent_id), GINT_TO_POINTER (seat + 1));
      if (away == NULL || !g_hash_table_contains (away, sa->agent_id))
        g_hash_table_add (plan->reserved, GINT_TO_POINTER (seat + 1));
    }
  return g_steal_pointer (&plan);
}

static void
shift_start (FbSimulator *self,
             SimTeam     *team)
{
  g_autofree char *date = fb_sim_local_date (self, self->now);
  g_autoptr(GHashTable) away = fb_sim_agents_on_leave (self, date);
  g_autoptr(SeatPlan) plan = fb_sim_load_seat_plan (self, date, team->shift, away);

  for (guint i = 0; i < team->agents->len; i++)
    {
      SimAgent *agent = g_ptr_array_index (team->agents, i);

      if (agent->state == FB_AGENT_OFFLINE && !g_hash_table_contains (away, agent->id))
        fb_sim_log_on (self, agent, date, plan);
      else
        agent->shift_over = FALSE;
    }
}

static void
shift_end (FbSimulator *self,
           SimTeam     *team)
{
  for (guint i = 0; i < team->agents->len; i++)
    {
      SimAgent *agent = g_ptr_array_index (team->agents, i);

      switch (agent->state)
        {
        case FB_AGENT_AVAILABLE:
        case FB_AGENT_BREAK:
          fb_sim_log_off (self, agent);
          break;
        case FB_AGENT_ON_CALL:
        case FB_AGENT_AFTER_CALL_WORK:
          /* The caller is not cut off: they leave after this call. */
          agent->shift_over = TRUE;
          break;
        case FB_AGENT_OFFLINE:
        default:
          break;
        }
    }
}

/* A seat breaks. Its agent moves to a free seat; a seat nobody could
 * leave is spared and an empty one breaks instead: a faulty seat is
 * never assigned. */
static void
seat_fault (FbSimulator *self)
{
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (guint));
  SimSeat *seat;
  guint s;

  for (guint i = 0; i < self->seats->len; i++)
    if (!SEAT (self, i)->faulty)
      g_array_append_val (candidates, i);
  if (candidates->len == 0)
    return;
  s = g_array_index (candidates, guint, g_rand_int_range (self->rand, 0, (gint32) candidates->len));
  seat = SEAT (self, s);
  if (seat->agent >= 0)
    {
      SimAgent *agent = AGENT (self, seat->agent);
      int to = find_free_seat (self, seat->zone, NULL);

      if (to >= 0)
        {
          fb_sim_release_seat (self, agent);
          take_seat (self, agent, to);
        }
      else
        {
          g_array_set_size (candidates, 0);
          for (guint i = 0; i < self->seats->len; i++)
            if (!SEAT (self, i)->faulty && SEAT (self, i)->agent < 0)
              g_array_append_val (candidates, i);
          if (candidates->len == 0)
            return;
          s = g_array_index (candidates, guint, g_rand_int_range (self->rand, 0, (gint32) candidates->len));
          seat = SEAT (self, s);
        }
    }
  seat->faulty = TRUE;
  seat->dirty = TRUE;
  fb_sim_schedule (self, self->now + uniform (self, 20 * MINUTE, 3 * HOUR), EV_REPAIR, s, 0);
}

/* ---- the event loop ------------------------------------------------------ */

void
fb_sim_reset_counters (SimQueue *q)
{
  /* Callers still in line are the new period's first offered calls. */
  q->offered = q->n_waiting;
  q->answered = 0;
  q->abandoned = 0;
  q->within = 0;
  q->handled = 0;
  q->sum_wait = 0;
  q->sum_handle = 0;
}

/* Midnight: callers still waiting are offered again to the new day,
 * in its first quarter, as the day's figures count them. */
static void
reoffer_waiting (FbSimulator *self,
                 SimQueue    *q,
                 gint64       quarter)
{
  for (guint i = q->head; i < q->fifo->len; i++)
    {
      Waiter *w = &g_array_index (q->fifo, Waiter, i);
      Call *call = CALL (self, w->slot);
      SimInterval *iv;

      if (call->serial != w->serial || !call->waiting || call->quarter >= quarter)
        continue;
      /* No outcome in the old quarter: offered there, never answered. */
      iv = fb_sim_interval_get (q, call->quarter);
      if (iv->open > 0)
        iv->open--;
      fb_sim_count_offered (q, call, quarter);
    }
}

static void
on_arrival (FbSimulator *self,
            guint        index)
{
  SimQueue *q = QUEUE (self, index);
  guint32 slot;

  fb_sim_schedule (self, self->now + exponential (self, 1.0 / q->peak_rate), EV_ARRIVAL, index, 0);
  /* Thinning: candidates at the peak rate, kept in proportion to the
   * curve's rate now; a Poisson process of the varying rate. */
  if (!q->flat && g_rand_double (self->rand) * q->peak_rate >= q->mean_rate * profile_factor (self, self->now))
    return;

  q->offered++;
  slot = fb_sim_new_call (self, index, self->now);
  fb_sim_count_offered (q, CALL (self, slot), fb_sim_quarter_of (self, self->now));
  if (q->idle.length > 0)
    {
      SimAgent *agent = g_queue_pop_head (&q->idle);

      agent->in_idle = FALSE;
      fb_sim_answer (self, q, agent, slot);
    }
  else
    fb_sim_enqueue_call (self, q, slot);
}

static void
handle_event (FbSimulator *self,
              const Event *ev)
{
  SimAgent *agent = NULL;

  switch ((EventKind) ev->kind)
    {
    case EV_TALK_END:
    case EV_ACW_END:
    case EV_BREAK_DUE:
    case EV_BREAK_END:
      agent = AGENT (self, ev->index);
      if (agent->epoch != ev->tag)
        return;
      break;
    case EV_ARRIVAL:
    case EV_ABANDON:
    case EV_SHIFT_START:
    case EV_SHIFT_END:
    case EV_FAULT:
    case EV_REPAIR:
    case EV_MIDNIGHT:
    case EV_QUARTER:
    case EV_ESCALATION:
    case EV_REQUEST:
    default:
      break;
    }

  switch ((EventKind) ev->kind)
    {
    case EV_ARRIVAL:
      on_arrival (self, ev->index);
      break;

    case EV_ABANDON:
      {
        Call *call = CALL (self, ev->index);

        if (call->serial == ev->tag && call->waiting)
          {
            SimQueue *q = QUEUE (self, call->queue);

            call_outcome (q, call)->abandoned++;
            q->n_waiting--;
            q->abandoned++;
            free_call (self, ev->index);
          }
      }
      break;

    case EV_TALK_END:
      if (agent->state != FB_AGENT_ON_CALL)
        break;
      if (QUEUE (self, agent->queue)->acw_s > 0)
        {
          set_state (self, agent, FB_AGENT_AFTER_CALL_WORK);
          fb_sim_schedule (self, self->now + agent->acw_len, EV_ACW_END, ev->index, agent->epoch);
        }
      else
        finish_handle (self, agent);
      break;

    case EV_ACW_END:
      if (agent->state == FB_AGENT_AFTER_CALL_WORK)
        finish_handle (self, agent);
      break;

    case EV_BREAK_DUE:
      if (agent->state == FB_AGENT_AVAILABLE)
        {
          remove_idle (QUEUE (self, agent->queue), agent);
          start_break (self, agent);
        }
      else if (agent->state == FB_AGENT_ON_CALL || agent->state == FB_AGENT_AFTER_CALL_WORK)
        agent->break_due = TRUE;
      break;

    case EV_BREAK_END:
      if (agent->state == FB_AGENT_BREAK)
        {
          fb_sim_schedule_break (self, agent, 75 * MINUTE, 150 * MINUTE);
          agent_free (self, agent);
        }
      break;

    case EV_SHIFT_START:
      shift_start (self, TEAM (self, ev->index));
      fb_sim_schedule (self, fb_sim_next_time_of_day (self, TEAM (self, ev->index)->start_min * MINUTE),
                       EV_SHIFT_START, ev->index, 0);
      break;

    case EV_SHIFT_END:
      shift_end (self, TEAM (self, ev->index));
      fb_sim_schedule (self, fb_sim_next_time_of_day (self, TEAM (self, ev->index)->end_min * MINUTE),
                       EV_SHIFT_END, ev->index, 0);
      break;

    case EV_FAULT:
      seat_fault (self);
      fb_sim_schedule (self, self->now + exponential (self, DEMO_FAULT_EVERY), EV_FAULT, 0, 0);
      break;

    case EV_REPAIR:
      SEAT (self, ev->index)->faulty = FALSE;
      SEAT (self, ev->index)->dirty = TRUE;
      break;

    case EV_MIDNIGHT:
      for (guint i = 0; self->daily_reset && i < self->queues->len; i++)
        {
          fb_sim_reset_counters (QUEUE (self, i));
          /* The event time is a whole second: no rounding across. */
          reoffer_waiting (self, QUEUE (self, i), fb_sim_quarter_of (self, round (self->now)));
        }
      fb_sim_schedule (self, fb_sim_next_time_of_day (self, 0), EV_MIDNIGHT, 0, 0);
      break;

    case EV_ESCALATION:
      /* An event of an older rate is dropped: its successor is queued. */
      if (ev->tag != self->esc_epoch)
        break;
      fb_sim_raise_escalation (self);
      fb_sim_schedule_escalation (self);
      break;

    case EV_REQUEST:
      if (ev->tag != self->req_epoch)
        break;
      fb_sim_submit_request (self);
      fb_sim_schedule_request (self);
      break;

    case EV_QUARTER:
      /* Every quarter gets its row, calls or not. */
      for (guint i = 0; i < self->queues->len; i++)
        fb_sim_interval_get (QUEUE (self, i), (gint64) ev->tag);
      fb_sim_schedule (self, self->now + QUARTER, EV_QUARTER, 0, (guint64) ((gint64) ev->tag + QUARTER));
      break;

    default:
      g_assert_not_reached ();
    }
}

void
fb_simulator_run_until (FbSimulator *self,
                        double       sim_seconds)
{
  g_return_if_fail (FB_IS_SIMULATOR (self));
  g_return_if_fail (isfinite (sim_seconds));

  if (sim_seconds <= self->now)
    return;
  while (self->events->len > 0 && g_array_index (self->events, Event, 0).time <= sim_seconds)
    {
      Event ev = pop_event (self);

      self->now = ev.time;
      handle_event (self, &ev);
    }
  self->now = sim_seconds;
}
