/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-demo-requests.c: the demo's holiday duty and the leave and swap
 * requests, each made to come out as planned under the request rules. */
#define G_LOG_DOMAIN "floorboard-server"

#include <stdio.h>

#include "fb-demo-private.h"

/* Holiday duty: the first of texts.json's fixed-date public holidays
 * ("MM-DD": name) after today, and a few agents of each shift who work
 * it. The seeds: they may neither take leave nor swap. */

void
fb_demo_build_holiday_duty (Demo *d)
{
  JsonNode *node = fb_demo_lookup (d->texts, "holidays");
  JsonObject *holidays = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (d->now);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, d->zone);
  int this_year = g_date_time_get_year (local);
  gint64 today = fb_demo_day_of (d, d->now);
  GList *keys;

  if (holidays == NULL)
    return;
  keys = g_list_sort (json_object_get_members (holidays), (GCompareFunc) g_strcmp0);
  for (int year = this_year; d->holiday_day == 0 && year <= this_year + 1; year++)
    for (GList *l = keys; l != NULL && d->holiday_day == 0; l = l->next)
      {
        g_autofree char *path = g_strconcat ("holidays.", (const char *) l->data, NULL);
        g_autoptr(GDateTime) date = NULL;
        int month, mday;

        if (sscanf (l->data, "%2d-%2d", &month, &mday) != 2 ||
            !g_date_valid_dmy ((GDateDay) mday, (GDateMonth) month, (GDateYear) year))
          continue;
        date = g_date_time_new (d->zone, year, month, mday, 0, 0, 0);
        if (date != NULL && fb_demo_day_of (d, g_date_time_to_unix (date)) > today && *fb_demo_lookup_string (d->texts, path) != '\0')
          {
            d->holiday_day = fb_demo_day_of (d, g_date_time_to_unix (date));
            d->holiday = fb_demo_lookup_string (d->texts, path);
          }
      }
  g_list_free (keys);
  if (d->holiday_day == 0)
    return;

  for (FbShift shift = FB_SHIFT_DAY; shift <= FB_SHIFT_NIGHT; shift++)
    {
      g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (guint));

      for (guint i = 0; i < d->agents->len; i++)
        if (!AGENT (d, i)->leader && TEAM (d, AGENT (d, i)->team)->shift == shift)
          g_array_append_val (candidates, i);
      shuffle (d, (guint *) (gpointer) candidates->data, candidates->len);
      for (guint k = 0; k < N_HOLIDAY_DUTY && k < candidates->len; k++)
        {
          guint i = g_array_index (candidates, guint, k);

          AGENT (d, i)->on_duty = TRUE;
          g_array_append_val (d->duty, i);
        }
    }
}

gboolean
fb_demo_put_holiday_duty (Demo    *d,
                          GError **error)
{
  g_autofree char *date = d->holiday_day != 0 ? fb_demo_day_string (d, d->holiday_day) : NULL;

  for (guint k = 0; k < d->duty->len; k++)
    {
      DemoAgent *agent = AGENT (d, g_array_index (d->duty, guint, k));
      g_autofree char *id = g_strdup_printf ("hd-%s-%s", date, agent->id);
      JsonObject *row = json_object_new ();

      set_str (row, "id", id);
      set_str (row, "date", date);
      set_str (row, "agent_id", agent->id);
      set_str (row, "holiday", d->holiday);
      if (!fb_demo_put_row (d, &fb_holiday_duty_spec, row, error))
        return FALSE;
    }
  return TRUE;
}

/* The requests waiting for a decision are each made for a case of the
 * seeds' rules, so the Requests page shows a manager the usual mix: most
 * pass, a few break one rule each. The rules themselves (FbRoster over
 * the rows built so far) say whether a try came out as planned; one that
 * did not is dropped and tried again with other people or days. */

static void
take_row (FbRoster           *roster,
          const FbEntitySpec *spec,
          JsonObject         *row)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  gpointer entity;

  json_node_set_object (node, row);
  if ((entity = fb_entity_decode (spec, node, NULL)) != NULL)
    fb_roster_take (roster, spec, entity);
}

/* Rows still without their final id get one for now: the rules tell
 * requests apart by id. */
static void
take_requests (FbRoster           *roster,
               const FbEntitySpec *spec,
               GPtrArray          *rows)
{
  for (guint i = 0; i < rows->len; i++)
    {
      DemoPending *p = g_ptr_array_index (rows, i);
      g_autofree char *id = g_strdup_printf ("%s-tmp-%u", spec->type, i);

      json_object_set_string_member (p->row, "id", id);
      take_row (roster, spec, p->row);
    }
}

static FbRoster *
demo_roster (Demo *d)
{
  FbRoster *roster = fb_roster_new (d->zone);
  g_autofree char *holiday = d->holiday_day != 0 ? fb_demo_day_string (d, d->holiday_day) : NULL;

  for (guint t = 0; t < d->teams->len; t++)
    {
      DemoTeam *team = TEAM (d, t);
      g_autoptr(JsonObject) row = json_object_new ();

      set_str (row, "id", team->id);
      set_str (row, "name", team->name);
      set_str (row, "leader_id", AGENT (d, team->leader)->id);
      set_str (row, "shift", fb_shift_values[team->shift]);
      set_str (row, "start", team->start);
      set_str (row, "end", team->end);
      take_row (roster, &fb_team_spec, row);
    }
  for (guint i = 0; i < d->agents->len; i++)
    {
      DemoAgent *agent = AGENT (d, i);
      g_autoptr(JsonObject) row = json_object_new ();

      set_str (row, "id", agent->id);
      set_str (row, "name", agent->name);
      set_str (row, "employee_no", agent->employee_no);
      set_str (row, "grade", fb_grade_values[agent->grade]);
      set_str (row, "team_id", TEAM (d, agent->team)->id);
      set_str (row, "state", fb_agent_state_values[FB_AGENT_OFFLINE]);
      set_str (row, "queue_id", g_ptr_array_index (d->queue_ids, agent->queue));
      take_row (roster, &fb_agent_spec, row);
    }
  for (guint k = 0; k < d->duty->len; k++)
    {
      DemoAgent *agent = AGENT (d, g_array_index (d->duty, guint, k));
      g_autoptr(JsonObject) row = json_object_new ();
      g_autofree char *id = g_strdup_printf ("hd-%u", k);

      set_str (row, "id", id);
      set_str (row, "date", holiday);
      set_str (row, "agent_id", agent->id);
      take_row (roster, &fb_holiday_duty_spec, row);
    }
  take_requests (roster, &fb_leave_request_spec, d->leaves);
  take_requests (roster, &fb_swap_request_spec, d->swaps);
  return roster;
}

/* The codes of the checks that refuse, sorted and joined by ",": "" when
 * a one-click approval goes through. */
static char *
blocking_codes (GPtrArray *checks)
{
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();

  for (guint i = 0; i < checks->len; i++)
    {
      const FbCheck *check = g_ptr_array_index (checks, i);

      if (check->kind != FB_CHECK_FLAG &&
          !g_ptr_array_find_with_equal_func (codes, check->code, g_str_equal, NULL))
        g_ptr_array_add (codes, (gpointer) check->code);
    }
  g_ptr_array_sort (codes, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (codes, NULL);
  return g_strjoinv (",", (char **) codes->pdata);
}

/* What a pending leave is made to show. */
typedef enum
{
  LEAVE_AHEAD,          /* asked in good time */
  LEAVE_NO_CERTIFICATE, /* sick, phoned in, papers to follow */
  LEAVE_LATE,           /* vacation for tomorrow: needs two days' notice */
  LEAVE_HOLIDAY,        /* by someone on holiday duty, for the holiday */
} LeavePlanKind;

typedef struct
{
  LeavePlanKind  kind;
  FbLeaveType    type;
  guint          days;
  const char    *director;  /* what refuses the director's one click */
  const char    *manager;   /* and the department head's */
} LeavePlan;

static const LeavePlan leave_plans[] = {
  { LEAVE_AHEAD, FB_LEAVE_PERSONAL, 1, "", "" },
  { LEAVE_AHEAD, FB_LEAVE_VACATION, 1, "", "" },
  { LEAVE_AHEAD, FB_LEAVE_SPECIAL, 1, "", "" },
  { LEAVE_NO_CERTIFICATE, FB_LEAVE_SICK, 1, "certificate_required", "certificate_required" },
  { LEAVE_AHEAD, FB_LEAVE_VACATION, 1, "", "" },
  { LEAVE_LATE, FB_LEAVE_VACATION, 1, "reason_required", "reason_required" },
  { LEAVE_AHEAD, FB_LEAVE_VACATION, 3, "", "director_only" },
  { LEAVE_HOLIDAY, FB_LEAVE_VACATION, 1, "holiday_duty", "holiday_duty" },
  { LEAVE_AHEAD, FB_LEAVE_PERSONAL, 1, "", "" },
  { LEAVE_AHEAD, FB_LEAVE_BUSINESS_STUDY, 1, "", "director_only" },
};

static int
pick_duty_agent (Demo *d)
{
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (guint));
  guint chosen;

  for (guint k = 0; k < d->duty->len; k++)
    if (!AGENT (d, g_array_index (d->duty, guint, k))->used)
      g_array_append_val (candidates, g_array_index (d->duty, guint, k));
  if (candidates->len == 0)
    return -1;
  chosen = g_array_index (candidates, guint, rnd (d, 0, candidates->len - 1));
  AGENT (d, chosen)->used = TRUE;
  return (int) chosen;
}

static gboolean
leave_comes_out (Demo            *d,
                 JsonObject      *row,
                 const LeavePlan *plan)
{
  g_autoptr(FbRoster) roster = demo_roster (d);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(FbLeaveRequest) leave = NULL;
  g_autoptr(GPtrArray) director = NULL;
  g_autoptr(GPtrArray) manager = NULL;
  g_autofree char *by_director = NULL;
  g_autofree char *by_manager = NULL;

  json_object_set_string_member (row, "id", "leave-planned");
  json_node_set_object (node, row);
  if (!(leave = fb_leave_request_from_json (node, NULL)))
    return FALSE;
  director = fb_leave_decision_checks (roster, leave, FB_DECISION_APPROVE, FB_ROLE_DIRECTOR, NULL, NULL);
  manager = fb_leave_decision_checks (roster, leave, FB_DECISION_APPROVE, FB_ROLE_MANAGER, NULL, NULL);
  by_director = blocking_codes (director);
  by_manager = blocking_codes (manager);
  return g_str_equal (by_director, plan->director) && g_str_equal (by_manager, plan->manager);
}

void
fb_demo_build_pending_leaves (Demo *d)
{
  for (guint k = 0; k < G_N_ELEMENTS (leave_plans); k++)
    {
      const LeavePlan *plan = &leave_plans[k];

      for (guint attempt = 0; attempt < SCENARIO_TRIES; attempt++)
        {
          g_autofree char *reasons_path = NULL;
          FbLeaveType type = plan->type;
          JsonObject *row;
          DemoPending *p;
          gint64 start, submitted;
          const char *reason;
          int a;

          switch (plan->kind)
            {
            case LEAVE_NO_CERTIFICATE:
              /* For tomorrow, reported this afternoon. */
              a = fb_demo_pick_agent (d, FALSE, FALSE);
              start = d->shift_day + 1;
              submitted = d->now - rnd (d, 10 * MINUTE, 90 * MINUTE);
              break;
            case LEAVE_LATE:
              /* Tomorrow's shift is at most a day and a half away. */
              a = fb_demo_pick_agent (d, FALSE, FALSE);
              start = d->shift_day + 1;
              submitted = d->now - rnd (d, 10 * MINUTE, 3 * HOUR);
              break;
            case LEAVE_HOLIDAY:
              a = d->holiday_day != 0 ? pick_duty_agent (d) : -1;
              start = d->holiday_day;
              /* A holiday close at hand: special leave, an hour's notice. */
              if (start < d->shift_day + 3)
                type = FB_LEAVE_SPECIAL;
              submitted = fb_demo_office_time_before (d, d->now - 2 * HOUR);
              break;
            case LEAVE_AHEAD:
            default:
              /* Three days ahead or more: two days' notice whenever asked. */
              a = fb_demo_pick_agent (d, FALSE, FALSE);
              start = d->shift_day + rnd (d, 3, 14);
              submitted = fb_demo_office_time_before (d, d->now - 10 * MINUTE);
              break;
            }
          if (a < 0)
            break;

          reasons_path = g_strdup_printf ("leave_reasons.%s", fb_leave_type_values[type]);
          if (plan->kind == LEAVE_NO_CERTIFICATE)
            {
              /* The last sick reason is the emergency: phoned in, papers later. */
              JsonArray *reasons = fb_demo_lookup_array (d->texts, reasons_path);
              guint n = reasons != NULL ? json_array_get_length (reasons) : 0;

              reason = n > 0 ? json_array_get_string_element (reasons, n - 1) : "";
            }
          else
            reason = fb_demo_pick (d, reasons_path);

          row = json_object_new ();
          set_str (row, "agent_id", AGENT (d, a)->id);
          set_str (row, "type", fb_leave_type_values[type]);
          fb_demo_set_day (d, row, "start_date", start);
          fb_demo_set_day (d, row, "end_date", start + plan->days - 1);
          set_str (row, "reason", reason);
          fb_sim_set_timestamp (row, "submitted_at", submitted);
          json_object_set_boolean_member (row, "certificate",
                                          type == FB_LEAVE_SICK && plan->kind != LEAVE_NO_CERTIFICATE);
          set_str (row, "status", fb_request_status_values[FB_REQUEST_PENDING]);
          if (!leave_comes_out (d, row, plan))
            {
              json_object_unref (row);
              continue;
            }
          p = g_new0 (DemoPending, 1);
          p->sort_key = submitted;
          p->row = row;
          p->agent = (guint) a;
          p->type = type;
          p->start_day = start;
          p->end_day = start + plan->days - 1;
          p->status = FB_REQUEST_PENDING;
          g_ptr_array_add (d->leaves, p);
          break;
        }
    }
}

/* Swaps. */

/* Someone for @a to swap with: another team, the same job (primary
 * queue), the same grade unless @other_grade; no leader, nobody already
 * in a swap or on holiday duty. */
static int
pick_partner (Demo      *d,
              DemoAgent *a,
              gboolean   same_shift,
              gboolean   other_grade)
{
  g_autoptr(GArray) partners = g_array_new (FALSE, FALSE, sizeof (guint));
  guint chosen;

  for (guint j = 0; j < d->agents->len; j++)
    {
      DemoAgent *c = AGENT (d, j);

      if (c->used || c->leader || c->on_duty || c->team == a->team || c->queue != a->queue ||
          (c->grade != a->grade) != other_grade)
        continue;
      if ((TEAM (d, c->team)->shift == TEAM (d, a->team)->shift) != same_shift)
        continue;
      g_array_append_val (partners, j);
    }
  if (partners->len == 0)
    return -1;
  chosen = g_array_index (partners, guint, rnd (d, 0, partners->len - 1));
  AGENT (d, chosen)->used = TRUE;
  return (int) chosen;
}

static JsonObject *
swap_row (Demo            *d,
          DemoAgent       *a,
          DemoAgent       *b,
          gint64           day_a,
          gint64           day_b,
          gint64           submitted,
          FbRequestStatus  status,
          gboolean         approved_a,
          gboolean         approved_b)
{
  JsonObject *row = json_object_new ();

  set_str (row, "agent_a", a->id);
  set_str (row, "agent_b", b->id);
  fb_demo_set_day (d, row, "date_a", day_a);
  set_str (row, "shift_a", fb_shift_values[TEAM (d, a->team)->shift]);
  fb_demo_set_day (d, row, "date_b", day_b);
  set_str (row, "shift_b", fb_shift_values[TEAM (d, b->team)->shift]);
  set_str (row, "reason", fb_demo_pick (d, "swap_reasons"));
  fb_sim_set_timestamp (row, "submitted_at", submitted);
  set_str (row, "status", fb_request_status_values[status]);
  json_object_set_boolean_member (row, "leader_a_approved", approved_a);
  json_object_set_boolean_member (row, "leader_b_approved", approved_b);
  return row;
}

static void
add_swap (Demo       *d,
          JsonObject *row,
          gint64      submitted)
{
  DemoPending *p = g_new0 (DemoPending, 1);

  p->row = row;
  p->sort_key = submitted;
  g_ptr_array_add (d->swaps, p);
}

/* A day and a night shift lie two days apart, so nobody works back to back. */
static gint64
swap_gap (Demo      *d,
          DemoAgent *a,
          DemoAgent *b)
{
  return TEAM (d, a->team)->shift == TEAM (d, b->team)->shift ? rnd (d, 1, 6) : rnd (d, 2, 6);
}

/* Swaps already decided, around today. */
void
fb_demo_build_swaps (Demo *d)
{
  guint made = 0;

  for (guint i = 0; i < d->agents->len; i++)
    AGENT (d, i)->used = FALSE;

  for (guint attempt = 0; made < N_DECIDED_SWAPS && attempt < 200; attempt++)
    {
      int ia = fb_demo_pick_agent (d, FALSE, FALSE);
      int ib;
      DemoAgent *a, *b;
      gboolean same_shift = chance (d, 0.8);
      gint64 day_a, day_b, gap, submitted;
      FbRequestStatus status;
      JsonObject *row;
      double r;

      if (ia < 0)
        break;
      a = AGENT (d, ia);
      if ((ib = pick_partner (d, a, same_shift, FALSE)) < 0)
        continue;
      b = AGENT (d, ib);

      /* Never today: the floor would disagree. */
      day_a = d->shift_day + rnd (d, -20, 10);
      if (day_a == d->shift_day)
        day_a--;
      gap = swap_gap (d, a, b);
      day_b = day_a + (chance (d, 0.5) ? gap : -gap);
      if (day_b == d->shift_day)
        day_b += day_b > day_a ? 1 : -1;

      submitted = fb_demo_office_time (d, MIN (day_a, day_b) - rnd (d, 2, 7));
      if (submitted > d->now - HOUR)
        submitted = fb_demo_office_time_before (d, d->now - HOUR);

      r = g_rand_double (d->rand);
      status = r < 0.75 ? FB_REQUEST_APPROVED : r < 0.9 ? FB_REQUEST_REJECTED : FB_REQUEST_CANCELLED;
      row = swap_row (d, a, b, day_a, day_b, submitted, status,
                      status != FB_REQUEST_CANCELLED || chance (d, 0.5),
                      status == FB_REQUEST_APPROVED);
      if (status == FB_REQUEST_APPROVED || status == FB_REQUEST_REJECTED)
        {
          /* Both leaders sign; the dashboard account that signed last. */
          gboolean own_team = a->team == 0 || b->team == 0;
          gboolean by_leader = own_team && status == FB_REQUEST_APPROVED;

          set_str (row, "decided_by", by_leader ? "u-leader" : "u-supervisor");
          fb_sim_set_timestamp (row, "decided_at",
                                fb_demo_before_now (d, fb_demo_next_office_time (d, submitted + rnd (d, 2 * HOUR, 30 * HOUR)), submitted));
        }
      else
        {
          set_str (row, "decided_by", a->user_id);
          fb_sim_set_timestamp (row, "decided_at", fb_demo_before_now (d, submitted + rnd (d, 3 * HOUR, 2 * DAY), submitted));
        }
      add_swap (d, row, submitted);
      made++;
    }
}

typedef enum
{
  SWAP_PASS,         /* both leaders signed, every rule kept */
  SWAP_LIMIT,        /* agent A has had two swaps this month */
  SWAP_GRADE,        /* a senior for an intermediate */
  SWAP_HOLIDAY,      /* agent A is on holiday duty that day */
  SWAP_ONE_LEADER,   /* waits for B's shift leader */
} SwapPlanKind;

static const struct
{
  SwapPlanKind  kind;
  const char   *director;
} swap_plans[] = {
  { SWAP_PASS, "" },
  { SWAP_PASS, "" },
  { SWAP_LIMIT, "swap_limit" },
  { SWAP_GRADE, "grade_mismatch" },
  { SWAP_PASS, "" },
  { SWAP_HOLIDAY, "holiday_duty" },
  { SWAP_ONE_LEADER, "leader_approval_missing" },
};

/* Two approved swaps of @ia in the month of @day_a, clear of the days of
 * the swap it asks for now (no consecutive swaps), so that one breaks
 * the two-a-month rule alone. */
static gboolean
add_month_swaps (Demo   *d,
                 guint   ia,
                 gint64  day_a,
                 gint64  day_b)
{
  DemoAgent *a = AGENT (d, ia);
  g_autofree char *month = fb_demo_day_string (d, day_a);
  g_autoptr(GArray) days = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 first = 0;

  month[7] = '\0';  /* "YYYY-MM" */
  for (gint64 day = day_a - 31; day <= day_a + 31; day++)
    {
      g_autofree char *date = fb_demo_day_string (d, day);

      if (g_str_has_prefix (date, month) && ABS (day - day_a) >= 4 && ABS (day - day_b) >= 4 &&
          ABS (day - d->shift_day) >= 3)
        g_array_append_val (days, day);
    }

  for (guint n = 0; n < 2; n++)
    {
      g_autoptr(GArray) free_days = g_array_new (FALSE, FALSE, sizeof (gint64));
      gint64 day2, back, submitted;
      JsonObject *row;
      int ic;

      for (guint k = 0; k < days->len; k++)
        if (n == 0 || ABS (g_array_index (days, gint64, k) - first) >= 3)
          g_array_append_val (free_days, g_array_index (days, gint64, k));
      if (free_days->len == 0)
        return FALSE;
      if ((ic = pick_partner (d, a, TRUE, FALSE)) < 0 && (ic = pick_partner (d, a, FALSE, FALSE)) < 0)
        return FALSE;
      day2 = first = g_array_index (free_days, gint64, rnd (d, 0, free_days->len - 1));
      /* Paid back soon after (or before), away from the new request; a
       * day and a night shift two days apart. */
      back = TEAM (d, AGENT (d, ic)->team)->shift == TEAM (d, a->team)->shift ? 1 : 2;
      back = day2 + (day2 < day_a ? -back : back);
      submitted = fb_demo_office_time (d, MIN (day2, back) - rnd (d, 3, 10));
      if (submitted > d->now - 2 * HOUR)
        submitted = fb_demo_office_time_before (d, d->now - 2 * HOUR);
      row = swap_row (d, a, AGENT (d, ic), day2, back, submitted, FB_REQUEST_APPROVED, TRUE, TRUE);
      set_str (row, "decided_by", "u-supervisor");
      fb_sim_set_timestamp (row, "decided_at",
                            fb_demo_before_now (d, fb_demo_next_office_time (d, submitted + rnd (d, 2 * HOUR, 30 * HOUR)), submitted));
      add_swap (d, row, submitted);
    }
  return TRUE;
}

static gboolean
swap_comes_out (Demo       *d,
                JsonObject *row,
                const char *expected)
{
  g_autoptr(FbRoster) roster = demo_roster (d);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(FbSwapRequest) swap = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autofree char *codes = NULL;

  json_object_set_string_member (row, "id", "swap-planned");
  json_node_set_object (node, row);
  if (!(swap = fb_swap_request_from_json (node, NULL)))
    return FALSE;
  checks = fb_swap_decision_checks (roster, swap, FB_DECISION_APPROVE, FB_ROLE_DIRECTOR, NULL, NULL, NULL);
  codes = blocking_codes (checks);
  return g_str_equal (codes, expected);
}

/* Swaps waiting for a decision, wholly ahead. */
void
fb_demo_build_pending_swaps (Demo *d)
{
  for (guint k = 0; k < G_N_ELEMENTS (swap_plans); k++)
    {
      SwapPlanKind kind = swap_plans[k].kind;

      for (guint attempt = 0; attempt < SCENARIO_TRIES; attempt++)
        {
          guint n_before = d->swaps->len;
          int ia, ib;
          DemoAgent *a, *b;
          gint64 day_a, day_b, gap, submitted;
          JsonObject *row;

          if (kind == SWAP_HOLIDAY)
            ia = d->holiday_day != 0 ? pick_duty_agent (d) : -1;
          else
            ia = fb_demo_pick_agent (d, FALSE, FALSE);
          if (ia < 0)
            break;
          a = AGENT (d, ia);
          if ((ib = pick_partner (d, a, chance (d, 0.8), kind == SWAP_GRADE)) < 0)
            continue;
          b = AGENT (d, ib);

          day_a = kind == SWAP_HOLIDAY ? d->holiday_day : d->shift_day + rnd (d, 2, 14);
          gap = swap_gap (d, a, b);
          day_b = day_a + (chance (d, 0.5) ? gap : -gap);
          if (day_b < d->shift_day + 2)
            day_b = day_a + gap;
          submitted = fb_demo_office_time_before (d, d->now - HOUR);
          row = swap_row (d, a, b, day_a, day_b, submitted, FB_REQUEST_PENDING, TRUE, kind != SWAP_ONE_LEADER);

          if ((kind != SWAP_LIMIT || add_month_swaps (d, (guint) ia, day_a, day_b)) &&
              swap_comes_out (d, row, swap_plans[k].director))
            {
              add_swap (d, row, submitted);
              break;
            }
          json_object_unref (row);
          /* The month's swaps of a failed try go with it. */
          g_ptr_array_set_size (d->swaps, n_before);
        }
    }
}

gboolean
fb_demo_put_swaps (Demo    *d,
                   GError **error)
{
  return fb_demo_put_sorted (d, &fb_swap_request_spec, d->swaps, "swap-", 4, error);
}
