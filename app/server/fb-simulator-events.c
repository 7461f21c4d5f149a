/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-simulator-events.c: the simulator's event heap, the center's time of
 * day and the loop that runs the events.
 *
 * Events live in a binary heap ordered by (time, sequence number): ties
 * resolve in the order they were scheduled, so one seed always gives one
 * history. Events that may go stale (an abandon after the call was
 * answered, a break end after the agent logged off) carry a tag checked
 * when they fire, instead of being searched for and removed.
 */
#define G_LOG_DOMAIN "floorboard-server"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

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
  gint64 unix_s = self->start_unix + (gint64) floor (t);

  if (unix_s < self->offset_from || unix_s >= self->offset_until)
    {
      g_autoptr(GDateTime) local = fb_center_clock_local (self->clock, unix_s);

      self->offset_from = unix_s - (unix_s % QUARTER + QUARTER) % QUARTER;
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
  gint64 day = (gint64) floor (((double) self->start_unix + center_offset (self, t) + t) / DAY);
  double weekday = self->weekday[fb_demo_weekday_index (day)];

  return weekday * fb_demo_profile_at (self->profile, fb_sim_local_seconds (self, t) / HOUR) / self->profile_mean;
}

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

            fb_sim_call_outcome (q, call)->abandoned++;
            q->n_waiting--;
            q->abandoned++;
            fb_sim_free_call (self, ev->index);
          }
      }
      break;

    case EV_TALK_END:
      if (agent->state != FB_AGENT_ON_CALL)
        break;
      if (QUEUE (self, agent->queue)->acw_s > 0)
        {
          fb_sim_set_state (self, agent, FB_AGENT_AFTER_CALL_WORK);
          fb_sim_schedule (self, self->now + agent->acw_len, EV_ACW_END, ev->index, agent->epoch);
        }
      else
        fb_sim_finish_handle (self, agent);
      break;

    case EV_ACW_END:
      if (agent->state == FB_AGENT_AFTER_CALL_WORK)
        fb_sim_finish_handle (self, agent);
      break;

    case EV_BREAK_DUE:
      if (agent->state == FB_AGENT_AVAILABLE)
        {
          fb_sim_remove_idle (QUEUE (self, agent->queue), agent);
          fb_sim_start_break (self, agent);
        }
      else if (agent->state == FB_AGENT_ON_CALL || agent->state == FB_AGENT_AFTER_CALL_WORK)
        agent->break_due = TRUE;
      break;

    case EV_BREAK_END:
      if (agent->state == FB_AGENT_BREAK)
        {
          fb_sim_schedule_break (self, agent, 75 * MINUTE, 150 * MINUTE);
          fb_sim_agent_free (self, agent);
        }
      break;

    case EV_SHIFT_START:
      fb_sim_shift_start (self, TEAM (self, ev->index));
      fb_sim_schedule (self, fb_sim_next_time_of_day (self, TEAM (self, ev->index)->start_min * MINUTE),
                       EV_SHIFT_START, ev->index, 0);
      break;

    case EV_SHIFT_END:
      fb_sim_shift_end (self, TEAM (self, ev->index));
      fb_sim_schedule (self, fb_sim_next_time_of_day (self, TEAM (self, ev->index)->end_min * MINUTE),
                       EV_SHIFT_END, ev->index, 0);
      break;

    case EV_FAULT:
      fb_sim_seat_fault (self);
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
