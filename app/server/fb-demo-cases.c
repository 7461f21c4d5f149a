/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-demo-cases.c: the demo's escalations and QA evaluations. */
#define G_LOG_DOMAIN "floorboard-server"

#include <math.h>

#include "fb-demo-private.h"

/* Escalations. */

typedef struct
{
  gint64      at;       /* seconds after raised_at until scaled */
  const char *actor;
  const char *action;
  int         status;   /* -1: unchanged */
  int         level;    /* -1: unchanged */
  char       *note;
  int         outcome;  /* callback attempts only, else -1 */
} EscEvent;

static void
esc_event_clear (gpointer data)
{
  g_free (((EscEvent *) data)->note);
}

static void
add_event (GArray     *events,
           gint64      at,
           const char *actor,
           const char *action,
           int         status,
           int         level,
           char       *note,
           int         outcome)
{
  EscEvent e = { at, actor, action, status, level, note, outcome };

  g_array_append_val (events, e);
}

static const char *
owner_for_level (int         level,
                 const char *raiser)
{
  static const char * const owners[] = { NULL, "u-leader", "u-supervisor", "u-director" };

  return level == FB_LEVEL_AGENT ? raiser : owners[level];
}

/* A non-leader of the teams on shift at @t whose primary queue is @queue
 * (any queue when NULL). */
DemoAgent *
fb_demo_agent_on_shift_at (Demo       *d,
                           gint64      t,
                           const char *queue)
{
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (guint));
  FbShift shift = fb_demo_shift_at (d, t, NULL, NULL);
  int q = queue != NULL ? fb_demo_queue_index (d, queue) : -1;

  for (guint i = 0; i < d->agents->len; i++)
    {
      DemoAgent *agent = AGENT (d, i);

      if (agent->leader || TEAM (d, agent->team)->shift != shift)
        continue;
      if (q >= 0 && agent->queue != (guint) q)
        continue;
      g_array_append_val (candidates, i);
    }
  if (candidates->len == 0)
    return AGENT (d, 0);
  return AGENT (d, g_array_index (candidates, guint, rnd (d, 0, candidates->len - 1)));
}

static JsonObject *
build_escalation (Demo               *d,
                  JsonObject         *template,
                  FbEscalationStatus  status,
                  gint64              age,
                  guint               variant,
                  gboolean           *emergency_left)
{
  JsonObject *row = json_object_new ();
  gint64 raised_at = d->now - age;
  FbSeverity severity = MAX (0, fb_enum_from_string (fb_severity_values, str_member (template, "severity")));
  const char *category = str_member (template, "category");
  g_autofree char *dept_path = g_strdup_printf ("departments.%s", category);
  const char *dept = fb_demo_lookup_string (d->texts, dept_path);
  DemoAgent *raiser = fb_demo_agent_on_shift_at (d, raised_at, NULL);
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (EscEvent));
  JsonArray *history = json_array_new ();
  JsonArray *attempts = json_array_new ();
  g_autofree char *ref = g_strdup_printf ("010-****-%04" G_GINT64_FORMAT, rnd (d, 0, 9999));
  g_autofree char *customer = fb_demo_masked_customer_name (d);
  FbEscalationLevel level;
  gboolean emergency = FALSE;
  gint64 t = 0, last, limit;
  const char *owner;
  int level_now = FB_LEVEL_AGENT;

  g_array_set_clear_func (events, esc_event_clear);

  /* How far up it went: with the severity, and only once it has had time. */
  if (status == FB_ESC_RAISED)
    level = age < 20 * MINUTE ? FB_LEVEL_AGENT : FB_LEVEL_SHIFT_LEADER;
  else if (severity == FB_SEVERITY_CRITICAL)
    level = *emergency_left ? FB_LEVEL_SUPERVISOR : FB_LEVEL_DIRECTOR;
  else if (severity == FB_SEVERITY_HIGH)
    level = chance (d, 0.7) ? FB_LEVEL_SUPERVISOR : FB_LEVEL_SHIFT_LEADER;
  else
    level = chance (d, 0.2) ? FB_LEVEL_SUPERVISOR : FB_LEVEL_SHIFT_LEADER;
  if (severity == FB_SEVERITY_CRITICAL && status != FB_ESC_RAISED && *emergency_left)
    {
      /* An emergency may skip a level but is reported afterwards. */
      emergency = TRUE;
      *emergency_left = FALSE;
    }

  add_event (events, 0, raiser->user_id, "raised", FB_ESC_RAISED, FB_LEVEL_AGENT,
             g_strdup (fb_demo_pick (d, "escalation_notes.raised")), -1);
  while (level_now < (int) level)
    {
      const char *from = owner_for_level (level_now, raiser->user_id);
      int next = emergency && level_now == FB_LEVEL_AGENT ? FB_LEVEL_SUPERVISOR : level_now + 1;
      const char *path = emergency ? "escalation_notes.emergency"
                         : next == FB_LEVEL_DIRECTOR ? "escalation_notes.escalated_director"
                         : next == FB_LEVEL_SHIFT_LEADER ? "escalation_notes.to_leader"
                         : "escalation_notes.escalated";

      t += rnd (d, 3 * MINUTE, 12 * MINUTE);
      add_event (events, t, from, "escalated", -1, next, g_strdup (fb_demo_pick (d, path)), -1);
      level_now = next;
    }
  owner = owner_for_level (level, raiser->user_id);

  if (status >= FB_ESC_DISPATCHED)
    {
      gint64 dispatch = rnd (d, 15 * MINUTE, 55 * MINUTE);

      t = MAX (t + 2 * MINUTE, dispatch);
      add_event (events, t, owner, "dispatched", FB_ESC_DISPATCHED, -1,
                 fb_demo_fill (fb_demo_pick (d, "escalation_notes.dispatched"), "dept", dept, NULL), -1);
    }
  if (status >= FB_ESC_IN_PROGRESS)
    {
      t += rnd (d, 20 * MINUTE, 3 * HOUR);
      add_event (events, t, owner, "started", FB_ESC_IN_PROGRESS, -1,
                 fb_demo_fill (fb_demo_pick (d, "escalation_notes.started"), "dept", dept, NULL), -1);
    }
  if (status >= FB_ESC_AWAITING_CALLBACK)
    {
      /* Answered within the 24 hours, mostly. */
      gint64 work = rnd (d, 1 * HOUR, 16 * HOUR);
      gint64 cap = 23 * HOUR + rnd (d, 0, 2 * HOUR);

      t = MIN (t + work, cap);
      add_event (events, t, owner, "responded", FB_ESC_AWAITING_CALLBACK, -1,
                 fb_demo_fill (fb_demo_pick (d, "escalation_notes.responded"), "dept", dept, NULL), -1);
    }
  if (status >= FB_ESC_AWAITING_CALLBACK)
    {
      /* The callback team reports back within 72 hours; a case may close
       * after 3+ failed attempts or on a wrong number (the seeds' rule). */
      DemoAgent *caller = fb_demo_agent_on_shift_at (d, raised_at + t, "q-complaint");
      guint n_failed;
      int final;

      if (status == FB_ESC_AWAITING_CALLBACK)
        n_failed = (guint) rnd (d, 0, 2), final = -1;
      else if (status == FB_ESC_RESOLVED || variant % 3 == 0)
        n_failed = (guint) rnd (d, 0, 2), final = 0;              /* reached */
      else if (variant % 3 == 1)
        n_failed = (guint) rnd (d, 3, 5), final = -1;             /* gave up */
      else
        n_failed = (guint) rnd (d, 0, 1), final = 3;              /* wrong number */

      for (guint k = 0; k < n_failed + (final >= 0 ? 1 : 0); k++)
        {
          int outcome = k < n_failed ? (chance (d, 0.7) ? 1 : 2) : final;
          g_autofree char *path = g_strdup_printf ("callback_notes.%s", fb_callback_outcome_values[outcome]);

          t += k == 0 ? rnd (d, 20 * MINUTE, 4 * HOUR) : rnd (d, 2 * HOUR, 9 * HOUR);
          add_event (events, t, caller->user_id, "callback", -1, -1, g_strdup (fb_demo_pick (d, path)), outcome);
        }
      if (final == 0)
        {
          t += rnd (d, 1 * MINUTE, 10 * MINUTE);
          add_event (events, t, caller->user_id, "resolved", FB_ESC_RESOLVED, -1,
                     g_strdup (fb_demo_pick (d, "escalation_notes.resolved")), -1);
        }
      if (status == FB_ESC_CLOSED)
        {
          const char *path = final == 0 ? "escalation_notes.closed"
                             : final == 3 ? "escalation_notes.closed_wrong_number"
                             : "escalation_notes.closed_failed";

          t += rnd (d, 30 * MINUTE, 10 * HOUR);
          add_event (events, t, owner, "closed", FB_ESC_CLOSED, -1, g_strdup (fb_demo_pick (d, path)), -1);
        }
    }

  /* Everything happened before now: squeeze the story if it ran long. */
  last = g_array_index (events, EscEvent, events->len - 1).at;
  limit = age - 2 * MINUTE;
  for (guint k = 0; k < events->len; k++)
    {
      EscEvent *e = &g_array_index (events, EscEvent, k);
      gint64 at = last > limit && last > 0 ? (gint64) ((double) e->at * MAX (limit, 0) / last) : e->at;
      JsonObject *entry = json_object_new ();

      at += raised_at;
      if (e->outcome >= 0)
        {
          JsonObject *attempt = json_object_new ();

          fb_sim_set_timestamp (attempt, "at", at);
          set_str (attempt, "by", e->actor);
          set_str (attempt, "outcome", fb_callback_outcome_values[e->outcome]);
          set_str (attempt, "note", e->note);
          json_array_add_object_element (attempts, attempt);
        }
      if (g_strcmp0 (e->action, "dispatched") == 0)
        fb_sim_set_timestamp (row, "dispatched_at", at);
      else if (g_strcmp0 (e->action, "responded") == 0)
        fb_sim_set_timestamp (row, "responded_at", at);
      else if (g_strcmp0 (e->action, "resolved") == 0)
        fb_sim_set_timestamp (row, "resolved_at", at);
      else if (g_strcmp0 (e->action, "closed") == 0)
        fb_sim_set_timestamp (row, "closed_at", at);

      fb_sim_set_timestamp (entry, "at", at);
      set_str (entry, "actor", e->actor);
      set_str (entry, "action", e->action);
      if (e->status >= 0)
        set_str (entry, "status", fb_escalation_status_values[e->status]);
      if (e->level >= 0)
        set_str (entry, "level", fb_escalation_level_values[e->level]);
      set_str (entry, "note", e->note);
      json_array_add_object_element (history, entry);
    }

  set_str (row, "customer_ref", ref);
  set_str (row, "customer_name", customer);
  set_str (row, "category", category);
  set_str (row, "severity", fb_severity_values[severity]);
  set_str (row, "summary", str_member (template, "summary"));
  set_str (row, "raised_by", raiser->user_id);
  fb_sim_set_timestamp (row, "raised_at", raised_at);
  set_str (row, "level", fb_escalation_level_values[level]);
  set_str (row, "owner", owner);
  set_str (row, "status", fb_escalation_status_values[status]);
  /* The seeds' deadlines: dispatch in 60 min, respond in 24 h, call the
   * customer back in 72 h. */
  fb_sim_set_timestamp (row, "dispatch_due", raised_at + 60 * MINUTE);
  fb_sim_set_timestamp (row, "response_due", raised_at + 24 * HOUR);
  fb_sim_set_timestamp (row, "callback_due", raised_at + 72 * HOUR);
  if (json_array_get_length (attempts) > 0)
    json_object_set_array_member (row, "callback_attempts", attempts);
  else
    json_array_unref (attempts);
  json_object_set_array_member (row, "history", history);
  return row;
}

gboolean
fb_demo_put_escalations (Demo    *d,
                         GError **error)
{
  /* Ages (minutes) per status, oldest within the last five days; the
   * larger ones of the open statuses are past a deadline on purpose. */
  static const struct { FbEscalationStatus status; gint64 age_min[6]; } plan[] = {
    { FB_ESC_RAISED, { 12, 38, 95, 170, -1 } },
    { FB_ESC_DISPATCHED, { 150, 420, 900, 1560, 1860, -1 } },
    { FB_ESC_IN_PROGRESS, { 300, 660, 1140, 1320, 1800, 2400 } },
    { FB_ESC_AWAITING_CALLBACK, { 1320, 2100, 3000, 3960, 4800, 6000 } },
    { FB_ESC_RESOLVED, { 1800, 2820, 4200, 5400, -1 } },
    { FB_ESC_CLOSED, { 3120, 4560, 5700, 6480, 7020, -1 } },
  };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (fb_demo_pending_free);
  JsonArray *templates = fb_demo_lookup_array (d->texts, "escalations");
  guint n_templates = json_array_get_length (templates);
  g_autofree guint *order = g_new (guint, n_templates);
  gboolean emergency_left = TRUE;
  guint n = 0;

  for (guint i = 0; i < n_templates; i++)
    order[i] = i;
  shuffle (d, order, n_templates);

  for (guint s = 0; s < G_N_ELEMENTS (plan); s++)
    for (guint k = 0; k < G_N_ELEMENTS (plan[s].age_min) && plan[s].age_min[k] >= 0; k++)
      {
        JsonObject *template = json_array_get_object_element (templates, order[n % n_templates]);
        gint64 age = plan[s].age_min[k] * MINUTE;
        DemoPending *p = g_new0 (DemoPending, 1);

        /* Jitter, but never past five days. */
        age += age < HOUR ? rnd (d, 0, 4 * MINUTE) : rnd (d, -20 * MINUTE, 20 * MINUTE);
        age = MIN (age, 5 * DAY - HOUR);
        p->row = build_escalation (d, template, plan[s].status, age, k, &emergency_left);
        p->sort_key = d->now - age;
        g_ptr_array_add (rows, p);
        n++;
      }
  return fb_demo_put_sorted (d, &fb_escalation_spec, rows, "esc-", 4, error);
}

/* QA evaluations. */

static const char * const qa_criteria[] = {
  "service_language", "attitude", "tone", "need_elicitation", "handling",
};

gboolean
fb_demo_put_qa_evaluations (Demo    *d,
                            GError **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (fb_demo_pending_free);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (d->now);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, d->zone);
  g_autoptr(GDateTime) this_month = g_date_time_new (d->zone, g_date_time_get_year (local),
                                                     g_date_time_get_month (local), 1, 0, 0, 0);
  guint n_agents = d->agents->len;
  g_autofree guint *order = g_new (guint, n_agents);
  g_autofree int *base = g_new (int, n_agents);
  g_autofree int *bias = g_new (int, n_agents * G_N_ELEMENTS (qa_criteria));
  guint unrated[N_QA_UNRATED], busy[2];

  /* Each agent has a level and strengths that stay across evaluations. */
  for (guint i = 0; i < n_agents; i++)
    {
      base[i] = 70 + 5 * (int) AGENT (d, i)->grade + (int) rnd (d, -8, 8);
      for (guint c = 0; c < G_N_ELEMENTS (qa_criteria); c++)
        bias[i * G_N_ELEMENTS (qa_criteria) + c] = (int) rnd (d, -7, 7);
      order[i] = i;
    }
  /* A few not yet monitored this month (the dashboard flags them), and a
   * couple monitored more often than the 1–5 the seeds ask for. */
  shuffle (d, order, n_agents);
  for (guint k = 0; k < N_QA_UNRATED; k++)
    unrated[k] = order[k];
  busy[0] = order[N_QA_UNRATED];
  busy[1] = order[N_QA_UNRATED + 1];

  for (int m = N_QA_MONTHS - 1; m >= 0; m--)
    {
      g_autoptr(GDateTime) start_dt = g_date_time_add_months (this_month, -m);
      g_autoptr(GDateTime) end_dt = g_date_time_add_months (start_dt, 1);
      gint64 start = g_date_time_to_unix (start_dt);
      gint64 end = MIN (g_date_time_to_unix (end_dt), d->now);
      double elapsed = (double) (end - start) / (double) (g_date_time_to_unix (end_dt) - start);
      gint64 n_days = MAX (1, (end - start + DAY - 1) / DAY);

      for (guint i = 0; i < n_agents; i++)
        {
          gint64 count = rnd (d, 1, 5);

          if (m == 0)
            {
              /* This month is not over: fewer so far. */
              count = MAX (1, (gint64) round (count * elapsed));
              for (guint k = 0; k < N_QA_UNRATED; k++)
                if (unrated[k] == i)
                  count = 0;
            }
          else if (m == 1 && (i == busy[0] || i == busy[1]))
            count = 6;

          for (gint64 e = 0; e < count; e++)
            {
              DemoPending *p = g_new0 (DemoPending, 1);
              JsonObject *row = json_object_new ();
              JsonObject *scores = json_object_new ();
              gint64 at = start + rnd (d, 0, n_days - 1) * DAY;
              gint64 worst = 0, sum = 0;
              guint worst_c = 0;
              double total;
              g_autofree char *call_date = NULL;
              g_autofree char *call_ref = NULL;
              g_autofree char *comment = NULL;
              const char *band;

              at += rnd (d, 9 * HOUR, 18 * HOUR);
              if (at >= end - MINUTE)
                at = start + rnd (d, 0, MAX (0, end - start - 2 * MINUTE));

              for (guint c = 0; c < G_N_ELEMENTS (qa_criteria); c++)
                {
                  gint64 score = base[i] + bias[i * G_N_ELEMENTS (qa_criteria) + c] + rnd (d, -6, 6);

                  score = CLAMP (score, 35, 100);
                  json_object_set_int_member (scores, qa_criteria[c], score);
                  sum += score;
                  if (c == 0 || score < worst)
                    {
                      worst = score;
                      worst_c = c;
                    }
                }
              /* Equal weights (0.2 each) for now; the weights become
               * server-configurable in a later issue. */
              total = (double) sum / G_N_ELEMENTS (qa_criteria);

              band = total >= 88 ? "qa_comments.high" : total >= 75 ? "qa_comments.mid" : "qa_comments.low";
              if (total < 88 && worst < total - 4)
                {
                  g_autofree char *weak_path = g_strdup_printf ("qa_comments.weak.%s", qa_criteria[worst_c]);

                  comment = g_strconcat (fb_demo_pick (d, band), " ", fb_demo_lookup_string (d->texts, weak_path), NULL);
                }
              else
                comment = g_strdup (fb_demo_pick (d, band));

              /* The monitored call happened that day or a few days before. */
              call_date = fb_demo_format_center (d, at - rnd (d, 0, 3) * DAY, "%Y%m%d");
              call_ref = g_strdup_printf ("CALL-%s-%04" G_GINT64_FORMAT, call_date, rnd (d, 1, 2999));

              set_str (row, "agent_id", AGENT (d, i)->id);
              set_str (row, "inspector", "u-inspector");
              fb_sim_set_timestamp (row, "evaluated_at", at);
              set_str (row, "call_ref", call_ref);
              json_object_set_object_member (row, "scores", scores);
              json_object_set_double_member (row, "total", total);
              set_str (row, "comment", comment);
              p->row = row;
              p->sort_key = at;
              g_ptr_array_add (rows, p);
            }
        }
    }
  return fb_demo_put_sorted (d, &fb_qa_evaluation_spec, rows, "qa-", 6, error);
}
