/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-demo-center.c: writes the demo's teams, users, queues (with their
 * 15-minute history), agents, seats and seat plan. */
#define G_LOG_DOMAIN "floorboard-server"

#include <math.h>
#include <string.h>

#include "fb-demo-private.h"

/* Writing the center. */

gboolean
fb_demo_put_teams (Demo    *d,
                   GError **error)
{
  for (guint t = 0; t < d->teams->len; t++)
    {
      DemoTeam *team = TEAM (d, t);
      JsonObject *row = json_object_new ();

      set_str (row, "id", team->id);
      set_str (row, "name", team->name);
      set_str (row, "leader_id", AGENT (d, team->leader)->id);
      set_str (row, "shift", fb_shift_values[team->shift]);
      set_str (row, "start", team->start);
      set_str (row, "end", team->end);
      if (!fb_demo_put_row (d, &fb_team_spec, row, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
put_user (Demo        *d,
          const char  *id,
          const char  *username,
          const char  *name,
          const char  *role,
          const char  *team_id,
          const char  *agent_id,
          const char  *password_hash,
          GError     **error)
{
  JsonObject *row = json_object_new ();

  set_str (row, "id", id);
  set_str (row, "username", username);
  set_str (row, "name", name);
  set_str (row, "role", role);
  set_str (row, "team_id", team_id);
  set_str (row, "agent_id", agent_id);
  return fb_demo_put_row (d, &fb_user_spec, row, error) &&
         fb_server_store_add_credentials (d->store, username, id, password_hash, error);
}

/* The sign-in of team @index's 반장: "leader" for the first team (the
 * name the docs have always given), "leader-night-1" and so on for the
 * others, after their team ids ("team-night-1"). */
static void
leader_login (Demo   *d,
              guint   index,
              char  **user_id,
              char  **username)
{
  const char *team_id = TEAM (d, index)->id;

  if (index == 0)
    {
      *user_id = g_strdup ("u-leader");
      *username = g_strdup ("leader");
      return;
    }
  if (g_str_has_prefix (team_id, "team-"))
    team_id += strlen ("team-");
  *username = g_strconcat ("leader-", team_id, NULL);
  *user_id = g_strconcat ("u-", *username, NULL);
}

gboolean
fb_demo_put_users (Demo        *d,
                   const char  *password_hash,
                   GError     **error)
{
  for (guint i = 0; i < fb_demo_center_len (d, "staff"); i++)
    {
      JsonObject *staff = fb_demo_center_item (d, "staff", i);

      if (!put_user (d, str_member (staff, "id"), str_member (staff, "username"),
                     str_member (staff, "name"), str_member (staff, "role"),
                     NULL, NULL, password_hash, error))
        return FALSE;
    }

  /* Every team's 반장 signs in: each shift's handover, swap consent and
   * duty report can be tried as the leader it belongs to. */
  for (guint t = 0; t < d->teams->len; t++)
    {
      DemoTeam *team = TEAM (d, t);
      g_autofree char *user_id = NULL;
      g_autofree char *username = NULL;

      leader_login (d, t, &user_id, &username);
      if (!put_user (d, user_id, username, AGENT (d, team->leader)->name, "shift_leader",
                     team->id, NULL, password_hash, error))
        return FALSE;
    }

  for (guint i = 0; i < d->agents->len; i++)
    {
      DemoAgent *agent = AGENT (d, i);
      g_autofree char *username = g_strdup_printf ("agent%03u", i + 1);

      if (!put_user (d, agent->user_id, username, agent->name, "agent",
                     TEAM (d, agent->team)->id, agent->id, password_hash, error))
        return FALSE;
    }
  return TRUE;
}

/* Queues and their 15-minute history.
 *
 * Every queue gets a queue_interval row per quarter hour, from 00:00
 * HISTORY_DAYS days back to the running quarter (cut at now). The queue
 * row's figures for today are the sums of today's intervals, so the tiles
 * and the charts agree. Each (queue, day) draws from its own stream, so a
 * past day looks the same whenever the center is seeded. */

typedef struct
{
  gint64 offered;
  gint64 answered;
  gint64 abandoned;
  gint64 answered_in_sl;
  double handle_time_s;
  double wait_time_s;
} DemoInterval;

typedef struct
{
  double  weights[QUARTERS_PER_DAY];  /* the day's share of each quarter */
  double  weight_max;
  double  day_volume[HISTORY_DAYS + 1];
  gint64  first_day;                  /* day number; today is last */
  gint64  start;                      /* of the first interval */
  /* Where each day begins: days are 23 or 25 hours where the zone
   * changes its clocks, so day i's quarters count from its own midnight. */
  gint64  day_start[HISTORY_DAYS + 2];
  guint   n_today;                    /* quarters of today, running one included */
  guint   n_slots;                    /* intervals per queue */
  double  last_fraction;              /* how much of the running quarter is past */
  GRand  *rand;                       /* reseeded per (queue, day) */
} DemoHistory;

/* The running hour's share of the day's calls. */
static double
running_hour_share (Demo *d)
{
  JsonArray *profile = fb_demo_lookup_array (d->center, "hourly_profile");
  g_autoptr(GDateTime) local = fb_center_clock_local (d->clock, d->now);
  /* The wall clock's hour: a 25-hour day has no 25th. */
  guint hour = (guint) g_date_time_get_hour (local);
  double total = 0;

  for (guint h = 0; h < 24; h++)
    total += MAX (0.0, json_array_get_double_element (profile, h));
  return total > 0 ? MAX (0.0, json_array_get_double_element (profile, hour)) / total : 0;
}

static void
history_init (Demo        *d,
              DemoHistory *h)
{
  JsonArray *profile = fb_demo_lookup_array (d->center, "hourly_profile");
  JsonArray *weekdays = fb_demo_lookup_array (d->center, "weekday_profile");
  gint64 today = fb_demo_day_of (d, d->now);
  double hourly[24];
  double total = 0;

  h->rand = g_rand_new_with_seed (DEMO_SEED);
  h->first_day = today - HISTORY_DAYS;
  h->start = fb_demo_day_start (d, h->first_day);
  for (guint i = 0; i <= HISTORY_DAYS + 1; i++)
    h->day_start[i] = fb_demo_day_start (d, h->first_day + i);
  /* The last hour of a 25-hour day is left to the simulator. */
  h->n_today = MIN ((guint) (fb_demo_seconds_into_day (d, d->now) / QUARTER) + 1, QUARTERS_PER_DAY);
  h->n_slots = HISTORY_DAYS * QUARTERS_PER_DAY + h->n_today;
  h->last_fraction = (double) (fb_demo_seconds_into_day (d, d->now) % QUARTER) / QUARTER;

  for (guint hour = 0; hour < 24; hour++)
    hourly[hour] = MAX (0.0, json_array_get_double_element (profile, hour));
  for (guint k = 0; k < QUARTERS_PER_DAY; k++)
    {
      /* At the quarter's midpoint. */
      h->weights[k] = fb_demo_profile_at (hourly, (k + 0.5) / 4);
      total += h->weights[k];
    }
  h->weight_max = 0;
  for (guint k = 0; k < QUARTERS_PER_DAY; k++)
    {
      h->weights[k] = total > 0 ? h->weights[k] / total : 0;
      h->weight_max = MAX (h->weight_max, h->weights[k]);
    }

  /* The weekday's volume and a little center-wide noise. */
  for (guint i = 0; i <= HISTORY_DAYS; i++)
    {
      gint64 day = h->first_day + i;
      guint32 seed[] = { DEMO_SEED, (guint32) day, G_MAXUINT32 };

      g_rand_set_seed_array (h->rand, seed, G_N_ELEMENTS (seed));
      h->day_volume[i] = MAX (0.0, json_array_get_double_element (weekdays, fb_demo_weekday_index (day))) *
                         g_rand_double_range (h->rand, 0.96, 1.04);
    }
}

static void
history_clear (DemoHistory *h)
{
  g_clear_pointer (&h->rand, g_rand_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DemoHistory, history_clear)

/* The start of interval slot @k (day k / 96, quarter k % 96), or -1 for
 * the quarters a 23-hour day does not have. */
static gint64
slot_start (const DemoHistory *h,
            guint              k)
{
  guint day = k / QUARTERS_PER_DAY;
  gint64 start = h->day_start[day] + (gint64) (k % QUARTERS_PER_DAY) * QUARTER;

  return start < h->day_start[day + 1] ? start : -1;
}

/* The slot of the quarter holding @t, -1 outside the history. */
static gint64
slot_of (const DemoHistory *h,
         gint64             t)
{
  for (int day = HISTORY_DAYS; day >= 0; day--)
    if (t >= h->day_start[day])
      {
        gint64 k = (t - h->day_start[day]) / QUARTER;

        return k < QUARTERS_PER_DAY ? day * QUARTERS_PER_DAY + k : -1;
      }
  return -1;
}

/* Fills the intervals of queue @q on day @i of the history; today's stop
 * at the running quarter, whose volume is cut to the time gone by, and
 * which loses @sl_drop of service level (nobody is free right now). */
static void
history_fill_day (Demo         *d,
                  DemoHistory  *h,
                  guint         q,
                  guint         i,
                  double        sl_drop,
                  DemoInterval *out)
{
  JsonObject *queue = fb_demo_center_item (d, "queues", q);
  double daily = json_object_get_double_member_with_default (queue, "daily_offered", 500);
  double base_sl = json_object_get_double_member_with_default (queue, "service_level", 0.8);
  double base_aht = json_object_get_double_member_with_default (queue, "aht_s", 300);
  gint64 threshold = json_object_get_int_member_with_default (queue, "sl_threshold_s", 20);
  gboolean today = i == HISTORY_DAYS;
  guint n = today ? h->n_today : QUARTERS_PER_DAY;
  guint32 seed[] = { DEMO_SEED, (guint32) (h->first_day + i), q };
  GRand *r = h->rand;
  double volume, sl_shift, aht_shift, sl_carry = 0;

  g_rand_set_seed_array (r, seed, G_N_ELEMENTS (seed));
  volume = MAX (0.0, daily) * h->day_volume[i] * g_rand_double_range (r, 0.92, 1.08);
  sl_shift = g_rand_double_range (r, -0.04, 0.03);
  aht_shift = g_rand_double_range (r, 0.95, 1.05);

  /* The same draws per quarter whatever its volume, so the quarters
   * before the running one do not depend on now. */
  for (guint k = 0; k < n; k++)
    {
      DemoInterval *iv = &out[k];
      gboolean running = today && k + 1 == n;
      double mean = volume * h->weights[k] * (running ? h->last_fraction : 1);
      /* Busy quarters answer a little later. */
      double sl = base_sl + sl_shift - 0.12 * (h->weights[k] / MAX (h->weight_max, 1e-9) - 0.6) +
                  g_rand_double_range (r, -0.03, 0.03) - (running ? sl_drop : 0);
      double abandon_rate, asa, aht, due, in_sl;

      /* Within the range the floor shows, over any day of 50+ calls. */
      sl = CLAMP (sl, 0.62, 0.95);
      abandon_rate = 0.015 + (1 - sl) * 0.22 + g_rand_double_range (r, 0, 0.015);
      asa = threshold * (0.35 + 2.2 * (1 - sl)) * g_rand_double_range (r, 0.85, 1.15);
      aht = MAX (1.0, base_aht) * aht_shift * g_rand_double_range (r, 0.92, 1.08);

      iv->offered = fb_sim_rand_poisson (r, mean);
      iv->abandoned = fb_sim_rand_binomial (r, iv->offered, abandon_rate);
      iv->answered = iv->offered - iv->abandoned;
      /* Rounded down with the remainder carried: the day's service level
       * keeps within a call of its target, however few calls came. */
      due = sl_carry + iv->answered * sl;
      in_sl = floor (due);
      sl_carry = due - in_sl;
      iv->answered_in_sl = MIN ((gint64) in_sl, iv->answered);
      iv->handle_time_s = round (iv->answered * aht);
      iv->wait_time_s = round (iv->answered * asa);
    }
}

static gboolean
put_interval (Demo               *d,
              const char         *queue_id,
              gint64              start,
              const DemoInterval *iv,
              GError            **error)
{
  JsonObject *row = fb_sim_interval_row (queue_id, start, iv->offered, iv->answered, iv->abandoned,
                                         iv->answered_in_sl, iv->handle_time_s, iv->wait_time_s);

  return fb_demo_put_row (d, &fb_queue_interval_spec, row, error);
}

gboolean
fb_demo_put_queues (Demo    *d,
                    GError **error)
{
  g_auto(DemoHistory) h = { 0 };
  g_autofree DemoInterval *intervals = NULL;
  double hour_share = running_hour_share (d);

  history_init (d, &h);
  intervals = g_new0 (DemoInterval, (gsize) h.n_slots * d->queue_ids->len);

  for (guint q = 0; q < d->queue_ids->len; q++)
    {
      JsonObject *queue = fb_demo_center_item (d, "queues", q);
      JsonObject *row = json_object_new ();
      DemoInterval *history = intervals + (gsize) q * h.n_slots;
      DemoInterval *today = history + HISTORY_DAYS * QUARTERS_PER_DAY;
      double daily = json_object_get_double_member_with_default (queue, "daily_offered", 500);
      gint64 threshold = json_object_get_int_member_with_default (queue, "sl_threshold_s", 20);
      /* Calls in the running hour. */
      double rate = daily * h.day_volume[HISTORY_DAYS] * hour_share;
      gint64 available = 0, busy = 0, waiting, longest = 0;
      gint64 offered = 0, answered = 0, abandoned = 0, in_sl = 0;
      double handle = 0, wait = 0;

      /* Must agree with the agents: on break counts as neither. */
      for (guint i = 0; i < d->agents->len; i++)
        {
          DemoAgent *agent = AGENT (d, i);

          if (agent->queue != q)
            continue;
          if (agent->state == FB_AGENT_AVAILABLE)
            available++;
          else if (agent->state == FB_AGENT_ON_CALL || agent->state == FB_AGENT_AFTER_CALL_WORK)
            busy++;
        }

      /* Callers queue when nobody is free. */
      if (available >= 2)
        waiting = rate / 60 > 1 && chance (d, 0.3) ? 1 : 0;
      else if (available == 1)
        waiting = (gint64) round (rate / 60 * rndf (d, 0.3, 1.2));
      else
        waiting = (gint64) round (rate / 60 * rndf (d, 1.0, 3.0)) + (rate > 10 ? 1 : 0);
      waiting = CLAMP (waiting, 0, 40);
      if (waiting > 0)
        {
          longest = rnd (d, 8, 25) * MIN (waiting, 6);
          longest += rnd (d, 0, 30) + (available == 0 ? 40 : 0);
        }

      for (guint i = 0; i <= HISTORY_DAYS; i++)
        history_fill_day (d, &h, q, i, available == 0 ? 0.08 : 0, history + (gsize) i * QUARTERS_PER_DAY);

      /* Those waiting were offered when they called (spread evenly up to
       * the longest wait, as the simulator reads them back). */
      for (gint64 k = 0; k < waiting; k++)
        {
          gint64 waited = waiting > 1 ? longest * (waiting - 1 - k) / (waiting - 1) : longest;
          gint64 slot = slot_of (&h, d->now - waited);

          /* None only in the last hour of a 25-hour day. */
          g_assert (slot < h.n_slots);
          if (slot >= 0)
            history[slot].offered++;
        }

      for (guint k = 0; k < h.n_today; k++)
        {
          offered += today[k].offered;
          answered += today[k].answered;
          abandoned += today[k].abandoned;
          in_sl += today[k].answered_in_sl;
          handle += today[k].handle_time_s;
          wait += today[k].wait_time_s;
        }

      set_str (row, "id", g_ptr_array_index (d->queue_ids, q));
      set_str (row, "name", str_member (queue, "name"));
      json_object_set_int_member (row, "sl_threshold_s", threshold);
      json_object_set_int_member (row, "waiting", waiting);
      json_object_set_int_member (row, "longest_wait_s", longest);
      json_object_set_int_member (row, "agents_available", available);
      json_object_set_int_member (row, "agents_busy", busy);
      json_object_set_int_member (row, "offered", offered);
      json_object_set_int_member (row, "answered", answered);
      json_object_set_int_member (row, "abandoned", abandoned);
      /* Rounded as the simulator writes them; 0 before the first answer. */
      json_object_set_double_member (row, "service_level",
                                     answered > 0 ? round ((double) in_sl / answered * 1000) / 1000 : 0);
      json_object_set_double_member (row, "asa_s", answered > 0 ? round (wait / answered * 10) / 10 : 0);
      json_object_set_double_member (row, "aht_s", answered > 0 ? round (handle / answered * 10) / 10 : 0);
      fb_sim_set_timestamp (row, "updated_at", d->now);
      if (!fb_demo_put_row (d, &fb_queue_spec, row, error))
        return FALSE;
    }

  /* Queues first, so a client syncing in order has them for the charts. */
  for (guint q = 0; q < d->queue_ids->len; q++)
    for (guint k = 0; k < h.n_slots; k++)
      if (slot_start (&h, k) >= 0 &&
          !put_interval (d, g_ptr_array_index (d->queue_ids, q), slot_start (&h, k),
                         &intervals[(gsize) q * h.n_slots + k], error))
        return FALSE;
  return TRUE;
}

gboolean
fb_demo_put_agents (Demo    *d,
                    GError **error)
{
  for (guint i = 0; i < d->agents->len; i++)
    {
      DemoAgent *agent = AGENT (d, i);
      JsonObject *row = json_object_new ();
      JsonArray *skills = json_array_new ();

      /* Primary queue first, then the others in the center's order. */
      json_array_add_string_element (skills, g_ptr_array_index (d->queue_ids, agent->queue));
      for (guint q = 0; q < d->queue_ids->len; q++)
        if (q != agent->queue && (agent->skills & (1u << q)))
          json_array_add_string_element (skills, g_ptr_array_index (d->queue_ids, q));

      set_str (row, "id", agent->id);
      set_str (row, "name", agent->name);
      set_str (row, "employee_no", agent->employee_no);
      set_str (row, "grade", fb_grade_values[agent->grade]);
      set_str (row, "team_id", TEAM (d, agent->team)->id);
      json_object_set_array_member (row, "skills", skills);
      set_str (row, "state", fb_agent_state_values[agent->state]);
      fb_sim_set_timestamp (row, "state_since", agent->state_since);
      if (agent->seat >= 0)
        set_str (row, "seat_id", SEAT (d, agent->seat)->id);
      set_str (row, "queue_id", g_ptr_array_index (d->queue_ids, agent->queue));
      if (!fb_demo_put_row (d, &fb_agent_spec, row, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
fb_demo_put_seats (Demo    *d,
                   GError **error)
{
  for (guint s = 0; s < d->seats->len; s++)
    {
      DemoSeat *seat = SEAT (d, s);
      JsonObject *row = json_object_new ();

      set_str (row, "id", seat->id);
      set_str (row, "zone", seat->zone);
      json_object_set_int_member (row, "x", seat->x);
      json_object_set_int_member (row, "y", seat->y);
      set_str (row, "label", seat->label);
      set_str (row, "equipment", seat->faulty ? "faulty" : "ok");
      if (seat->agent >= 0)
        set_str (row, "agent_id", AGENT (d, seat->agent)->id);
      if (!fb_demo_put_row (d, &fb_seat_spec, row, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
fb_demo_put_seat_assignments (Demo    *d,
                              GError **error)
{
  g_autofree char *date = fb_demo_day_string (d, d->shift_day);

  for (guint i = 0; i < d->agents->len; i++)
    {
      DemoAgent *agent = AGENT (d, i);
      JsonObject *row;
      g_autofree char *id = NULL;

      if (agent->seat < 0)
        continue;
      id = g_strdup_printf ("sa-%s-%s-%s", date, fb_shift_values[d->shift], agent->id);
      row = json_object_new ();
      set_str (row, "id", id);
      set_str (row, "date", date);
      set_str (row, "shift", fb_shift_values[d->shift]);
      set_str (row, "seat_id", SEAT (d, agent->seat)->id);
      set_str (row, "agent_id", agent->id);
      if (!fb_demo_put_row (d, &fb_seat_assignment_spec, row, error))
        return FALSE;
    }
  return TRUE;
}
