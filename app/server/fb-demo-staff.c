/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-demo-staff.c: the demo's queues, teams, agents and seats, their
 * leave, and who is where on the floor right now. */
#define G_LOG_DOMAIN "floorboard-server"

#include "fb-demo-private.h"

int
fb_demo_queue_index (Demo       *d,
                     const char *id)
{
  for (guint i = 0; i < d->queue_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (d->queue_ids, i), id) == 0)
      return (int) i;
  return -1;
}

void
fb_demo_build_queues_and_teams (Demo *d)
{
  guint n_zones = fb_demo_center_len (d, "zones");

  for (guint q = 0; q < fb_demo_center_len (d, "queues") && q < MAX_QUEUES; q++)
    {
      JsonObject *queue = fb_demo_center_item (d, "queues", q);
      guint zone = 0;

      g_ptr_array_add (d->queue_ids, g_strdup (str_member (queue, "id")));
      for (guint z = 0; z < n_zones; z++)
        {
          JsonArray *queues = fb_demo_lookup_array (fb_demo_center_item (d, "zones", z), "queues");

          for (guint k = 0; queues != NULL && k < json_array_get_length (queues); k++)
            if (g_strcmp0 (json_array_get_string_element (queues, k), str_member (queue, "id")) == 0)
              zone = z;
        }
      g_array_append_val (d->queue_zone, zone);
    }

  for (guint t = 0; t < fb_demo_center_len (d, "teams"); t++)
    {
      JsonObject *object = fb_demo_center_item (d, "teams", t);
      DemoTeam *team = g_new0 (DemoTeam, 1);

      team->id = g_strdup (str_member (object, "id"));
      team->name = g_strdup (str_member (object, "name"));
      team->shift = g_strcmp0 (str_member (object, "shift"), "night") == 0 ? FB_SHIFT_NIGHT : FB_SHIFT_DAY;
      team->start = g_strdup (str_member (object, "start"));
      team->end = g_strdup (str_member (object, "end"));
      g_ptr_array_add (d->teams, team);
    }
}

static guint32
pick_skills (Demo      *d,
             DemoAgent *agent)
{
  guint32 skills = 1u << agent->queue;
  guint eligible[MAX_QUEUES];
  guint n_eligible = 0, n_extra;
  int general = fb_demo_queue_index (d, "q-general");

  for (guint q = 0; q < d->queue_ids->len; q++)
    {
      const char *id = g_ptr_array_index (d->queue_ids, q);

      if (q == agent->queue)
        continue;
      /* VIP callers get seniors; complaints need some experience. */
      if (g_strcmp0 (id, "q-vip") == 0 && agent->grade != FB_GRADE_SENIOR)
        continue;
      if (g_strcmp0 (id, "q-complaint") == 0 && agent->grade == FB_GRADE_JUNIOR)
        continue;
      eligible[n_eligible++] = q;
    }

  if (agent->grade == FB_GRADE_SENIOR)
    n_extra = 2;
  else if (agent->grade == FB_GRADE_INTERMEDIATE)
    n_extra = 1;
  else
    {
      /* Juniors sometimes also take general calls, nothing else. */
      if (general >= 0 && (guint) general != agent->queue && chance (d, 0.4))
        skills |= 1u << general;
      return skills;
    }

  shuffle (d, eligible, n_eligible);
  for (guint i = 0; i < n_extra && i < n_eligible; i++)
    skills |= 1u << eligible[i];
  return skills;
}

void
fb_demo_build_agents (Demo *d)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (d->now);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, d->zone);
  int year = g_date_time_get_year (local);
  guint n_roster = fb_demo_center_len (d, "roster");
  g_autofree guint *order = g_new (guint, n_roster);
  guint hired[10] = { 0 };

  for (guint t = 0; t < d->teams->len; t++)
    {
      guint leader_slot = 0;

      for (guint i = 0; i < n_roster; i++)
        if (json_object_get_boolean_member_with_default (fb_demo_center_item (d, "roster", i), "leader", FALSE))
          leader_slot = i;
      /* The leader (반장) first, the rest in a team-specific order. */
      order[0] = leader_slot;
      for (guint i = 0, k = 1; i < n_roster; i++)
        if (i != leader_slot)
          order[k++] = i;
      shuffle (d, order + 1, n_roster - 1);

      for (guint i = 0; i < n_roster; i++)
        {
          JsonObject *slot = fb_demo_center_item (d, "roster", order[i]);
          DemoAgent *agent = g_new0 (DemoAgent, 1);
          guint n = d->agents->len + 1;
          int grade = fb_enum_from_string (fb_grade_values, str_member (slot, "grade"));
          int queue = fb_demo_queue_index (d, str_member (slot, "queue"));
          guint ago;

          agent->id = g_strdup_printf ("agent-%03u", n);
          agent->user_id = g_strdup_printf ("u-agent%03u", n);
          agent->name = fb_demo_new_person_name (d);
          agent->grade = i == 0 ? FB_GRADE_SENIOR : (FbGrade) MAX (grade, 0);
          agent->team = t;
          agent->queue = (guint) MAX (queue, 0);
          agent->leader = i == 0;
          agent->seat = -1;
          agent->state = FB_AGENT_OFFLINE;
          agent->skills = pick_skills (d, agent);

          /* Seniors were hired 5–9 years ago, juniors this or last year. */
          if (agent->grade == FB_GRADE_SENIOR)
            ago = (guint) rnd (d, 5, 9);
          else if (agent->grade == FB_GRADE_INTERMEDIATE)
            ago = (guint) rnd (d, 2, 4);
          else
            ago = (guint) rnd (d, 0, 1);
          hired[ago] += (guint) rnd (d, 1, 4);
          agent->employee_no = g_strdup_printf ("CS-%d-%03u", year - (int) ago, hired[ago]);

          g_ptr_array_add (d->agents, agent);
          if (agent->leader)
            TEAM (d, t)->leader = n - 1;
        }
    }
}

void
fb_demo_build_seats (Demo *d)
{
  gint64 fault_days[64];
  const char *fault_notes[64];
  const char *fault_labels[64];
  guint n_faults = MIN (fb_demo_center_len (d, "faulty_seats"), G_N_ELEMENTS (fault_days));

  for (guint f = 0; f < n_faults; f++)
    {
      JsonObject *fault = fb_demo_center_item (d, "faulty_seats", f);

      fault_labels[f] = str_member (fault, "label");
      fault_notes[f] = str_member (fault, "note");
      fault_days[f] = json_object_get_int_member_with_default (fault, "since_days", 1);
    }

  for (guint z = 0; z < fb_demo_center_len (d, "zones"); z++)
    {
      JsonObject *zone = fb_demo_center_item (d, "zones", z);
      const char *zone_id = str_member (zone, "id");
      gint64 zx = json_object_get_int_member_with_default (zone, "x", 0);
      gint64 zy = json_object_get_int_member_with_default (zone, "y", 0);
      gint64 rows = json_object_get_int_member_with_default (zone, "rows", 0);
      gint64 cols = json_object_get_int_member_with_default (zone, "cols", 0);

      for (gint64 i = 0; i < rows * cols; i++)
        {
          DemoSeat *seat = g_new0 (DemoSeat, 1);
          gint64 row = i / cols, col = i % cols;

          seat->label = g_strdup_printf ("%s-%02" G_GINT64_FORMAT, zone_id, i + 1);
          seat->id = g_strdup_printf ("seat-%s", seat->label);
          seat->zone = g_strdup (zone_id);
          /* Desks in blocks of five, rows back to back in pairs, with
           * aisles between the blocks and between the pairs. */
          seat->x = zx + col + col / 5;
          seat->y = zy + row + row / 2;
          seat->agent = -1;
          for (guint f = 0; f < n_faults; f++)
            if (g_strcmp0 (fault_labels[f], seat->label) == 0)
              {
                seat->faulty = TRUE;
                seat->note = g_strdup (fault_notes[f]);
                seat->faulty_since = d->now - fault_days[f] * DAY - rnd (d, 0, 8 * HOUR);
              }
          g_ptr_array_add (d->seats, seat);
        }
    }
}

/* Leave. */

int
fb_demo_pick_agent (Demo     *d,
                    gboolean  on_shift_only,
                    gboolean  night_only)
{
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (guint));
  guint chosen;

  for (guint i = 0; i < d->agents->len; i++)
    {
      DemoAgent *agent = AGENT (d, i);
      FbShift shift = TEAM (d, agent->team)->shift;

      if (agent->leader || agent->used || agent->on_duty)
        continue;
      if (on_shift_only && shift != d->shift)
        continue;
      if (night_only && shift != FB_SHIFT_NIGHT)
        continue;
      g_array_append_val (candidates, i);
    }
  if (candidates->len == 0)
    return -1;
  chosen = g_array_index (candidates, guint, rnd (d, 0, candidates->len - 1));
  AGENT (d, chosen)->used = TRUE;
  return (int) chosen;
}

/* A time of office hours (09:00–18:00) on @day. */
gint64
fb_demo_office_time (Demo   *d,
                     gint64  day)
{
  return fb_demo_at (d, day, 9, 0) + rnd (d, 0, 9 * HOUR);
}

/* An office-hours time of the last few days, no later than @latest. */
gint64
fb_demo_office_time_before (Demo   *d,
                            gint64  latest)
{
  gint64 t = fb_demo_office_time (d, fb_demo_day_of (d, latest) - rnd (d, 0, 3));

  while (t > latest)
    t -= DAY;
  return t;
}

/* Moves @t forward into office hours: managers decide in the daytime. */
gint64
fb_demo_next_office_time (Demo   *d,
                          gint64  t)
{
  gint64 secs = fb_demo_seconds_into_day (d, t);

  if (secs < 9 * HOUR)
    return fb_demo_at (d, fb_demo_day_of (d, t), 9, 0) + rnd (d, 0, 90 * MINUTE);
  if (secs >= 19 * HOUR)
    return fb_demo_at (d, fb_demo_day_of (d, t) + 1, 9, 0) + rnd (d, 0, 90 * MINUTE);
  return t;
}

/* Clamps a past event to before now, keeping it after @after. */
gint64
fb_demo_before_now (Demo   *d,
                    gint64  t,
                    gint64  after)
{
  gint64 limit = d->now - 5 * MINUTE;

  if (t <= limit)
    return t;
  return after + (limit - after) / 2;
}

static void
add_leave (Demo         *d,
           guint         agent_index,
           FbLeaveType   type,
           gint64        start_day,
           gint64        end_day,
           FbRequestStatus status,
           gboolean      late)
{
  DemoAgent *agent = AGENT (d, agent_index);
  FbShift shift = TEAM (d, agent->team)->shift;
  gint64 shift_start = fb_demo_shift_start_of (d, start_day, shift);
  gint64 midnight = fb_demo_day_start (d, start_day);
  JsonObject *row = json_object_new ();
  DemoPending *p = g_new0 (DemoPending, 1);
  const char *reason;
  gint64 submitted;
  g_autofree char *reasons_path = g_strdup_printf ("leave_reasons.%s", fb_leave_type_values[type]);
  JsonArray *reasons = fb_demo_lookup_array (d->texts, reasons_path);
  guint n_reasons = reasons != NULL ? json_array_get_length (reasons) : 0;
  gboolean emergency = FALSE;
  gint64 decided = 0;

  /* Submitted as the seeds ask: personal leave a day ahead, special leave
   * an hour before the shift, vacation two days ahead, night-shift leave
   * before noon of that day; @late ones break the rule and get flagged. */
  if (late)
    submitted = shift_start - rnd (d, 2 * HOUR, 5 * HOUR);
  else if (type == FB_LEAVE_SICK)
    submitted = shift_start - rnd (d, 40 * MINUTE, 3 * HOUR);
  else if (type == FB_LEAVE_PERSONAL)
    submitted = midnight - rnd (d, 1, 5) * DAY;
  else if (type == FB_LEAVE_SPECIAL)
    submitted = shift_start - rnd (d, 70 * MINUTE, 5 * HOUR);
  else if (type == FB_LEAVE_VACATION)
    submitted = midnight - rnd (d, 3, 25) * DAY;
  else if (type == FB_LEAVE_NIGHT_SHIFT)
    submitted = midnight + rnd (d, 8 * HOUR, 11 * HOUR + 50 * MINUTE);
  else
    submitted = midnight - rnd (d, 7, 21) * DAY;
  /* Days-ahead requests are handed in during office hours. */
  if (!late && (type == FB_LEAVE_PERSONAL || type == FB_LEAVE_VACATION || type == FB_LEAVE_BUSINESS_STUDY))
    submitted += rnd (d, 9 * HOUR, 18 * HOUR);
  if (submitted > d->now - 10 * MINUTE)
    submitted = fb_demo_office_time_before (d, d->now - 10 * MINUTE);

  if (n_reasons > 0)
    {
      guint r = (guint) rnd (d, 0, n_reasons - 1);

      reason = json_array_get_string_element (reasons, r);
      /* The last sick reason is the emergency: phoned in, papers later. */
      emergency = type == FB_LEAVE_SICK && r == n_reasons - 1;
    }
  else
    reason = "";

  set_str (row, "agent_id", agent->id);
  set_str (row, "type", fb_leave_type_values[type]);
  fb_demo_set_day (d, row, "start_date", start_day);
  fb_demo_set_day (d, row, "end_date", end_day);
  set_str (row, "reason", reason);
  fb_sim_set_timestamp (row, "submitted_at", submitted);
  json_object_set_boolean_member (row, "certificate", type == FB_LEAVE_SICK && !emergency);

  if (status == FB_REQUEST_APPROVED || status == FB_REQUEST_REJECTED)
    {
      /* Sick leave is settled on the phone; the rest in office hours. */
      if (type == FB_LEAVE_SICK)
        decided = submitted + rnd (d, 15 * MINUTE, 90 * MINUTE);
      else
        decided = fb_demo_next_office_time (d, submitted + rnd (d, 20 * MINUTE, 20 * HOUR));
      /* Only the planned cases of build_pending_leaves() wait: a request
       * handed in lately was decided quickly. */
    }
  set_str (row, "status", fb_request_status_values[status]);

  if (status == FB_REQUEST_APPROVED || status == FB_REQUEST_REJECTED)
    {
      /* Authority per the seeds: a day or less the department head, more
       * than a day or business/study leave the center director. */
      gboolean director = type == FB_LEAVE_BUSINESS_STUDY || end_day > start_day || chance (d, 0.15);

      set_str (row, "decided_by", director ? "u-director" : "u-manager");
      fb_sim_set_timestamp (row, "decided_at", fb_demo_before_now (d, decided, submitted));
      if (status == FB_REQUEST_REJECTED)
        set_str (row, "decision_reason",
                 fb_demo_pick (d, type == FB_LEAVE_NIGHT_SHIFT ? "leave_rejections.night_shift"
                                                               : "leave_rejections.default"));
      else if (late)
        set_str (row, "decision_reason", fb_demo_lookup_string (d->texts, "leave_late_approval"));
    }
  else if (status == FB_REQUEST_CANCELLED)
    {
      set_str (row, "decided_by", agent->user_id);
      fb_sim_set_timestamp (row, "decided_at", fb_demo_before_now (d, submitted + rnd (d, 2 * HOUR, 3 * DAY), submitted));
    }

  p->sort_key = submitted;
  p->row = row;
  p->agent = agent_index;
  p->type = type;
  p->start_day = start_day;
  p->end_day = end_day;
  p->status = status;
  g_ptr_array_add (d->leaves, p);

  if (status == FB_REQUEST_APPROVED && shift == d->shift &&
      start_day <= d->shift_day && d->shift_day <= end_day)
    {
      agent->on_leave = TRUE;
      agent->leave_start_day = start_day;
    }
}

void
fb_demo_build_leaves (Demo *d)
{
  static const guint plan_counts[] = { 6, 8, 5, 9, 5, 5 };  /* by FbLeaveType */
  guint plan[N_LEAVES];
  guint n_plan = 0;
  gboolean late_done = FALSE;
  int a;

  G_STATIC_ASSERT (G_N_ELEMENTS (plan_counts) == FB_LEAVE_BUSINESS_STUDY + 1);

  /* Two people of the running shift are away today: the floor and the
   * duty report show it. */
  if ((a = fb_demo_pick_agent (d, TRUE, FALSE)) >= 0)
    add_leave (d, (guint) a, FB_LEAVE_SICK, d->shift_day, d->shift_day, FB_REQUEST_APPROVED, FALSE);
  if ((a = fb_demo_pick_agent (d, TRUE, FALSE)) >= 0)
    add_leave (d, (guint) a, FB_LEAVE_VACATION, d->shift_day - 1, d->shift_day + 2,
               FB_REQUEST_APPROVED, FALSE);

  for (guint type = 0; type < G_N_ELEMENTS (plan_counts); type++)
    for (guint k = 0; k < plan_counts[type]; k++)
      plan[n_plan++] = type;
  shuffle (d, plan, n_plan);

  for (guint i = 0; i < n_plan; i++)
    {
      FbLeaveType type = plan[i];
      gint64 start, days;
      FbRequestStatus status;
      gboolean late = FALSE;

      if ((a = fb_demo_pick_agent (d, FALSE, type == FB_LEAVE_NIGHT_SHIFT)) < 0)
        continue;

      if (type == FB_LEAVE_SICK || type == FB_LEAVE_SPECIAL)
        days = type == FB_LEAVE_SICK && chance (d, 0.3) ? rnd (d, 2, 3) : 1;
      else if (type == FB_LEAVE_VACATION)
        days = rnd (d, 1, 5);
      else if (type == FB_LEAVE_BUSINESS_STUDY)
        days = rnd (d, 1, 3);
      else
        days = 1;

      /* Decided requests; those waiting for a decision are made by
       * build_pending_leaves(), each for a case of the rules. Sick and
       * special leave are never asked for weeks ahead. */
      if (type == FB_LEAVE_SICK || type == FB_LEAVE_SPECIAL)
        start = d->shift_day - rnd (d, 1, 30);
      else
        start = d->shift_day + rnd (d, -30, 14);

      if (start > d->shift_day)
        status = chance (d, 0.8) ? FB_REQUEST_APPROVED : FB_REQUEST_REJECTED;
      else if (type == FB_LEAVE_SICK)
        status = FB_REQUEST_APPROVED;
      else
        {
          double r = g_rand_double (d->rand);

          status = r < 0.72 ? FB_REQUEST_APPROVED : r < 0.88 ? FB_REQUEST_REJECTED : FB_REQUEST_CANCELLED;
        }
      if (type == FB_LEAVE_PERSONAL && status == FB_REQUEST_APPROVED && !late_done &&
          start <= d->shift_day)
        late = late_done = TRUE;
      add_leave (d, (guint) a, type, start, start + days - 1, status, late);
    }
}

/* The floor right now. */

void
fb_demo_set_agent_states (Demo *d)
{
  guint n_long_calls = 0, n_long_breaks = 0;

  for (guint i = 0; i < d->agents->len; i++)
    {
      DemoAgent *agent = AGENT (d, i);
      gboolean on_shift = TEAM (d, agent->team)->shift == d->shift;
      double r;
      gint64 since;

      if (!on_shift || agent->on_leave)
        {
          /* Logged off at the end of their last shift: the one that ended
           * as the running shift began, or the day before the leave. */
          gint64 last_end = agent->on_leave
            ? fb_demo_shift_end_of (d, agent->leave_start_day - 1, d->shift)
            : d->shift_start;

          agent->state = FB_AGENT_OFFLINE;
          agent->state_since = last_end + rnd (d, 1 * MINUTE, 15 * MINUTE);
          continue;
        }

      r = g_rand_double (d->rand);
      if (r < 0.5)
        {
          agent->state = FB_AGENT_ON_CALL;
          since = chance (d, 0.08) ? rnd (d, 30 * MINUTE, 55 * MINUTE) : rnd (d, 30, 15 * MINUTE);
        }
      else if (r < 0.7)
        {
          agent->state = FB_AGENT_AVAILABLE;
          since = rnd (d, 5, 6 * MINUTE);
        }
      else if (r < 0.87)
        {
          agent->state = FB_AGENT_AFTER_CALL_WORK;
          since = chance (d, 0.1) ? rnd (d, 10 * MINUTE, 20 * MINUTE) : rnd (d, 10, 4 * MINUTE);
        }
      else
        {
          agent->state = FB_AGENT_BREAK;
          since = chance (d, 0.15) ? rnd (d, 25 * MINUTE, 60 * MINUTE) : rnd (d, 2 * MINUTE, 14 * MINUTE);
        }

      /* A few long calls and breaks so the escalating colours show. */
      if (agent->state == FB_AGENT_ON_CALL && n_long_calls < 2 && since < 30 * MINUTE)
        since = rnd (d, 32 * MINUTE, 50 * MINUTE);
      if (agent->state == FB_AGENT_BREAK && n_long_breaks < 2 && since < 25 * MINUTE)
        since = rnd (d, 28 * MINUTE, 58 * MINUTE);
      if (agent->state == FB_AGENT_ON_CALL && since >= 30 * MINUTE)
        n_long_calls++;
      if (agent->state == FB_AGENT_BREAK && since >= 25 * MINUTE)
        n_long_breaks++;

      /* Nobody was busy before they came in (10 minutes early at most). */
      agent->state_since = MAX (d->now - since, d->shift_start - 10 * MINUTE);
    }
}

static gboolean
seat_free (DemoSeat *seat)
{
  return !seat->faulty && seat->agent < 0;
}

void
fb_demo_seat_agents (Demo *d)
{
  guint n_zones = fb_demo_center_len (d, "zones");

  for (guint z = 0; z < n_zones; z++)
    {
      const char *zone_id = str_member (fb_demo_center_item (d, "zones", z), "id");
      g_autoptr(GArray) waiting = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr(GArray) free_seats = g_array_new (FALSE, FALSE, sizeof (guint));
      guint next = 0;

      for (guint i = 0; i < d->agents->len; i++)
        {
          DemoAgent *agent = AGENT (d, i);

          if (agent->state != FB_AGENT_OFFLINE &&
              g_array_index (d->queue_zone, guint, agent->queue) == z)
            g_array_append_val (waiting, i);
        }
      for (guint s = 0; s < d->seats->len; s++)
        if (g_strcmp0 (SEAT (d, s)->zone, zone_id) == 0 && seat_free (SEAT (d, s)))
          g_array_append_val (free_seats, s);

      /* Front rows first, leaving the odd gap as a real floor does. */
      for (guint k = 0; k < waiting->len && next < free_seats->len; k++)
        {
          guint agent_index = g_array_index (waiting, guint, k);
          gint64 spare = ((gint64) free_seats->len - next) - ((gint64) waiting->len - k);
          guint seat_index;

          if (spare > 0 && chance (d, 0.25))
            next++;
          seat_index = g_array_index (free_seats, guint, next++);
          SEAT (d, seat_index)->agent = (int) agent_index;
          AGENT (d, agent_index)->seat = (int) seat_index;
        }
    }

  /* A zone too small sends the rest anywhere free. */
  for (guint i = 0; i < d->agents->len; i++)
    {
      DemoAgent *agent = AGENT (d, i);

      if (agent->state == FB_AGENT_OFFLINE || agent->seat >= 0)
        continue;
      for (guint s = 0; s < d->seats->len; s++)
        if (seat_free (SEAT (d, s)))
          {
            SEAT (d, s)->agent = (int) i;
            agent->seat = (int) s;
            break;
          }
    }
}
