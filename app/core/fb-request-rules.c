/* fb-request-rules.c: leave, swap and seat rules (see the header for the
 * roster model). Pure functions over an index of rows: the server runs
 * them to refuse, the app to explain before the click. */
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "fb-request-rules.h"

#define DAY_S ((gint64) 86400)

const char * const fb_decision_values[] = { "approve", "reject", "cancel", NULL };

struct _FbRoster
{
  GTimeZone  *tz;
  GPtrArray  *owned;        /* OwnedEntity */
  GPtrArray  *rows;         /* FbRow, kept alive for their entities */
  GHashTable *agents;       /* id → FbAgent */
  GHashTable *teams;        /* id → FbTeam */
  GHashTable *seats;        /* id → FbSeat */
  GHashTable *queues;       /* id → FbQueue */
  GPtrArray  *agent_list;   /* FbAgent, in arrival order */
  GPtrArray  *team_list;
  GPtrArray  *seat_list;
  GHashTable *leaves;       /* agent id → GPtrArray of FbLeaveRequest */
  GHashTable *swaps;        /* agent id → GPtrArray of FbSwapRequest (as a or b) */
  GHashTable *duty;         /* "agent|date" → FbHolidayDuty */
};

typedef struct
{
  const FbEntitySpec *spec;
  gpointer            entity;
} OwnedEntity;

static void
owned_entity_free (gpointer data)
{
  OwnedEntity *owned = data;

  fb_entity_free (owned->spec, owned->entity);
  g_free (owned);
}

FbCheck *
fb_check_new (FbCheckKind  kind,
              const char  *code,
              char        *message)
{
  FbCheck *check;

  g_return_val_if_fail (code != NULL, NULL);

  check = g_new0 (FbCheck, 1);
  check->kind = kind;
  check->code = code;
  check->message = message;
  return check;
}

void
fb_check_free (FbCheck *check)
{
  if (check == NULL)
    return;
  g_free (check->message);
  g_free (check);
}

static void
add_check (GPtrArray   *checks,
           FbCheckKind  kind,
           const char  *code,
           char        *message)
{
  g_ptr_array_add (checks, fb_check_new (kind, code, message));
}

static GPtrArray *
checks_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) fb_check_free);
}

const FbCheck *
fb_checks_first_blocking (GPtrArray *checks)
{
  g_return_val_if_fail (checks != NULL, NULL);

  for (guint i = 0; i < checks->len; i++)
    {
      const FbCheck *check = g_ptr_array_index (checks, i);

      if (check->kind == FB_CHECK_FORBIDDEN)
        return check;
    }
  for (guint i = 0; i < checks->len; i++)
    {
      const FbCheck *check = g_ptr_array_index (checks, i);

      if (check->kind == FB_CHECK_RULE)
        return check;
    }
  return NULL;
}

gboolean
fb_role_can_assign_seats (FbRole role)
{
  return role == FB_ROLE_SUPERVISOR || role == FB_ROLE_MANAGER || role == FB_ROLE_DIRECTOR;
}

gboolean
fb_role_can_decide_swaps (FbRole role)
{
  return role == FB_ROLE_SHIFT_LEADER || role == FB_ROLE_SUPERVISOR ||
         role == FB_ROLE_MANAGER || role == FB_ROLE_DIRECTOR;
}

gboolean
fb_role_can_decide_leave (FbRole role)
{
  return role == FB_ROLE_MANAGER || role == FB_ROLE_DIRECTOR;
}

/* Roster. */

FbRoster *
fb_roster_new (GTimeZone *tz)
{
  FbRoster *self = g_new0 (FbRoster, 1);

  g_return_val_if_fail (tz != NULL, NULL);

  self->tz = g_time_zone_ref (tz);
  self->owned = g_ptr_array_new_with_free_func (owned_entity_free);
  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->agents = g_hash_table_new (g_str_hash, g_str_equal);
  self->teams = g_hash_table_new (g_str_hash, g_str_equal);
  self->seats = g_hash_table_new (g_str_hash, g_str_equal);
  self->queues = g_hash_table_new (g_str_hash, g_str_equal);
  self->agent_list = g_ptr_array_new ();
  self->team_list = g_ptr_array_new ();
  self->seat_list = g_ptr_array_new ();
  self->leaves = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->swaps = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->duty = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return self;
}

void
fb_roster_free (FbRoster *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->duty);
  g_hash_table_unref (self->swaps);
  g_hash_table_unref (self->leaves);
  g_ptr_array_unref (self->seat_list);
  g_ptr_array_unref (self->team_list);
  g_ptr_array_unref (self->agent_list);
  g_hash_table_unref (self->queues);
  g_hash_table_unref (self->seats);
  g_hash_table_unref (self->teams);
  g_hash_table_unref (self->agents);
  g_ptr_array_unref (self->rows);
  g_ptr_array_unref (self->owned);
  g_time_zone_unref (self->tz);
  g_free (self);
}

static void
index_by_agent (GHashTable *table,
                const char *agent_id,
                gpointer    entity)
{
  GPtrArray *list = g_hash_table_lookup (table, agent_id);

  if (list == NULL)
    {
      list = g_ptr_array_new ();
      g_hash_table_insert (table, (gpointer) agent_id, list);
    }
  g_ptr_array_add (list, entity);
}

/* Indexes @entity; FALSE if the roster has no use for its type. */
static gboolean
roster_index (FbRoster           *self,
              const FbEntitySpec *spec,
              gconstpointer       entity)
{
  gpointer e = (gpointer) entity;

  if (spec == &fb_agent_spec)
    {
      g_hash_table_replace (self->agents, ((FbAgent *) e)->id, e);
      g_ptr_array_add (self->agent_list, e);
    }
  else if (spec == &fb_team_spec)
    {
      g_hash_table_replace (self->teams, ((FbTeam *) e)->id, e);
      g_ptr_array_add (self->team_list, e);
    }
  else if (spec == &fb_seat_spec)
    {
      g_hash_table_replace (self->seats, ((FbSeat *) e)->id, e);
      g_ptr_array_add (self->seat_list, e);
    }
  else if (spec == &fb_queue_spec)
    g_hash_table_replace (self->queues, ((FbQueue *) e)->id, e);
  else if (spec == &fb_leave_request_spec)
    index_by_agent (self->leaves, ((FbLeaveRequest *) e)->agent_id, e);
  else if (spec == &fb_swap_request_spec)
    {
      FbSwapRequest *swap = e;

      index_by_agent (self->swaps, swap->agent_a, e);
      index_by_agent (self->swaps, swap->agent_b, e);
    }
  else if (spec == &fb_holiday_duty_spec)
    {
      FbHolidayDuty *duty = e;

      g_hash_table_replace (self->duty, g_strdup_printf ("%s|%s", duty->agent_id, duty->date), e);
    }
  else if (spec == &fb_seat_assignment_spec)
    ; /* kept for callers; the rules need none of it yet */
  else
    return FALSE;
  return TRUE;
}

void
fb_roster_take (FbRoster           *self,
                const FbEntitySpec *spec,
                gpointer            entity)
{
  OwnedEntity *owned;

  g_return_if_fail (self != NULL);
  g_return_if_fail (spec != NULL);
  g_return_if_fail (entity != NULL);

  owned = g_new0 (OwnedEntity, 1);
  owned->spec = spec;
  owned->entity = entity;
  g_ptr_array_add (self->owned, owned);
  roster_index (self, spec, entity);
}

void
fb_roster_add_row (FbRoster *self,
                   FbRow    *row)
{
  const FbEntitySpec *spec;

  g_return_if_fail (self != NULL);
  g_return_if_fail (FB_IS_ROW (row));

  spec = fb_entity_spec_lookup (fb_row_get_kind (row));
  if (spec != NULL && roster_index (self, spec, fb_row_get_entity (row)))
    g_ptr_array_add (self->rows, g_object_ref (row));
}

GTimeZone *
fb_roster_get_time_zone (FbRoster *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->tz;
}

const FbAgent *
fb_roster_lookup_agent (FbRoster   *self,
                        const char *agent_id)
{
  g_return_val_if_fail (self != NULL, NULL);
  return agent_id ? g_hash_table_lookup (self->agents, agent_id) : NULL;
}

const FbTeam *
fb_roster_lookup_team (FbRoster   *self,
                       const char *team_id)
{
  g_return_val_if_fail (self != NULL, NULL);
  return team_id ? g_hash_table_lookup (self->teams, team_id) : NULL;
}

const FbSeat *
fb_roster_lookup_seat (FbRoster   *self,
                       const char *seat_id)
{
  g_return_val_if_fail (self != NULL, NULL);
  return seat_id ? g_hash_table_lookup (self->seats, seat_id) : NULL;
}

/* Dates: "YYYY-MM-DD" (checked by the entity codec) as a day number. */
static gboolean
parse_day (const char *date,
           gint64     *day)
{
  int y, m, d;
  GDate g;

  if (date == NULL || sscanf (date, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
      !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;
  g_date_clear (&g, 1);
  g_date_set_dmy (&g, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  *day = g_date_get_julian (&g);
  return TRUE;
}

static char *
day_string (gint64 day)
{
  GDate g;

  g_date_clear (&g, 1);
  g_date_set_julian (&g, (guint32) day);
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&g), g_date_get_month (&g), g_date_get_day (&g));
}

static int
parse_minutes (const char *hhmm)
{
  int h, m;

  if (hhmm == NULL || sscanf (hhmm, "%2d:%2d", &h, &m) != 2)
    return -1;
  return h * 60 + m;
}

/* The instant @minutes after midnight of @day in the roster's zone. */
static gint64
local_time (FbRoster *self,
            gint64    day,
            int       minutes)
{
  GDate g;
  g_autoptr(GDateTime) dt = NULL;

  g_date_clear (&g, 1);
  g_date_set_julian (&g, (guint32) day);
  dt = g_date_time_new (self->tz, g_date_get_year (&g), g_date_get_month (&g), g_date_get_day (&g),
                        minutes / 60, minutes % 60, 0);
  return g_date_time_to_unix (dt);
}

static gint64
today (FbRoster *self,
       gint64    now)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (now);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (dt, self->tz);
  GDate g;

  g_date_clear (&g, 1);
  g_date_set_dmy (&g, (GDateDay) g_date_time_get_day_of_month (local),
                  (GDateMonth) g_date_time_get_month (local), (GDateYear) g_date_time_get_year (local));
  return g_date_get_julian (&g);
}

static gboolean
team_bounds (FbRoster     *self,
             const FbTeam *team,
             gint64        day,
             gint64       *start,
             gint64       *end)
{
  int s = parse_minutes (team->start), e = parse_minutes (team->end);

  if (s < 0 || e < 0)
    return FALSE;
  *start = local_time (self, day, s);
  /* A night shift ends the next morning; a shift ending as it starts lasts a day. */
  *end = local_time (self, e <= s ? day + 1 : day, e);
  return TRUE;
}

static const FbTeam *
team_of (FbRoster   *self,
         const char *agent_id)
{
  const FbAgent *agent = fb_roster_lookup_agent (self, agent_id);

  return agent ? fb_roster_lookup_team (self, agent->team_id) : NULL;
}

gboolean
fb_roster_shift_bounds (FbRoster   *self,
                        const char *date,
                        FbShift     shift,
                        gint64     *start,
                        gint64     *end)
{
  gint64 day;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (start != NULL && end != NULL, FALSE);

  if (!parse_day (date, &day))
    return FALSE;
  for (guint i = 0; i < self->team_list->len; i++)
    {
      const FbTeam *team = g_ptr_array_index (self->team_list, i);

      if (team->shift == shift && team_bounds (self, team, day, start, end))
        return TRUE;
    }
  return FALSE;
}

/* The agent's bounds of @shift on @day: their own team's hours when it
 * works that shift, else those of a team that does. */
static gboolean
agent_shift_bounds (FbRoster   *self,
                    const char *agent_id,
                    gint64      day,
                    FbShift     shift,
                    gint64     *start,
                    gint64     *end)
{
  const FbTeam *team = team_of (self, agent_id);
  g_autofree char *date = NULL;

  if (team != NULL && team->shift == shift)
    return team_bounds (self, team, day, start, end);
  date = day_string (day);
  return fb_roster_shift_bounds (self, date, shift, start, end);
}

static gboolean
leave_covers (const FbLeaveRequest *leave,
              gint64                day)
{
  gint64 start, end;

  return parse_day (leave->start_date, &start) && parse_day (leave->end_date, &end) &&
         day >= start && day <= end;
}

static gboolean
on_shift (FbRoster            *self,
          const char          *agent_id,
          gint64               day,
          FbShift              shift,
          const FbSwapRequest *ignore)
{
  const FbTeam *team = team_of (self, agent_id);
  GPtrArray *leaves = g_hash_table_lookup (self->leaves, agent_id);
  GPtrArray *swaps = g_hash_table_lookup (self->swaps, agent_id);
  gboolean working;

  if (team == NULL)
    return FALSE;
  working = team->shift == shift;
  for (guint i = 0; swaps && i < swaps->len; i++)
    {
      const FbSwapRequest *swap = g_ptr_array_index (swaps, i);
      gint64 da, db;
      gboolean is_a = g_strcmp0 (swap->agent_a, agent_id) == 0;

      if (swap == ignore || swap->status != FB_REQUEST_APPROVED ||
          !parse_day (swap->date_a, &da) || !parse_day (swap->date_b, &db))
        continue;
      /* B covers A's shift on date_a; A pays it back on B's, date_b. */
      if (da == day && swap->shift_a == shift)
        working = !is_a;
      if (db == day && swap->shift_b == shift)
        working = is_a;
    }
  if (!working)
    return FALSE;
  for (guint i = 0; leaves && i < leaves->len; i++)
    {
      const FbLeaveRequest *leave = g_ptr_array_index (leaves, i);

      if (leave->status == FB_REQUEST_APPROVED && leave_covers (leave, day))
        return FALSE;
    }
  return TRUE;
}

gboolean
fb_roster_is_on_shift (FbRoster   *self,
                       const char *agent_id,
                       const char *date,
                       FbShift     shift)
{
  gint64 day;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (agent_id != NULL, FALSE);

  return parse_day (date, &day) && on_shift (self, agent_id, day, shift, NULL);
}

static int
compare_agents (gconstpointer a,
                gconstpointer b)
{
  const FbAgent *x = *(const FbAgent **) a, *y = *(const FbAgent **) b;
  int c = g_strcmp0 (x->team_id, y->team_id);

  if (c == 0)
    c = g_utf8_collate (x->name, y->name);
  return c != 0 ? c : g_strcmp0 (x->id, y->id);
}

GPtrArray *
fb_roster_agents_on_shift (FbRoster   *self,
                           const char *date,
                           FbShift     shift)
{
  GPtrArray *agents = g_ptr_array_new ();
  gint64 day;

  g_return_val_if_fail (self != NULL, agents);

  if (!parse_day (date, &day))
    return agents;
  for (guint i = 0; i < self->agent_list->len; i++)
    {
      const FbAgent *agent = g_ptr_array_index (self->agent_list, i);

      if (g_hash_table_lookup (self->agents, agent->id) == agent &&
          on_shift (self, agent->id, day, shift, NULL))
        g_ptr_array_add (agents, (gpointer) agent);
    }
  g_ptr_array_sort (agents, compare_agents);
  return agents;
}

gboolean
fb_roster_on_holiday_duty (FbRoster   *self,
                           const char *agent_id,
                           const char *date)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  if (agent_id == NULL || date == NULL)
    return FALSE;
  key = g_strdup_printf ("%s|%s", agent_id, date);
  return g_hash_table_contains (self->duty, key);
}

static const FbHolidayDuty *
duty_in_range (FbRoster   *self,
               const char *agent_id,
               gint64      first,
               gint64      last)
{
  /* Leave is short (FB_LEAVE_MAX_DAYS); a lookup per day is cheap. */
  for (gint64 day = first; day <= last && day - first <= FB_LEAVE_MAX_DAYS; day++)
    {
      g_autofree char *date = day_string (day);
      g_autofree char *key = g_strdup_printf ("%s|%s", agent_id, date);
      const FbHolidayDuty *duty = g_hash_table_lookup (self->duty, key);

      if (duty != NULL)
        return duty;
    }
  return NULL;
}

static const char *
agent_name (FbRoster   *self,
            const char *agent_id)
{
  const FbAgent *agent = fb_roster_lookup_agent (self, agent_id);

  return agent ? agent->name : agent_id;
}

/* Leave. */

int
fb_leave_days (const FbLeaveRequest *leave)
{
  gint64 start, end;

  g_return_val_if_fail (leave != NULL, 0);

  if (!parse_day (leave->start_date, &start) || !parse_day (leave->end_date, &end) || end < start)
    return 0;
  return (int) (end - start + 1);
}

/* When the shift the leave begins with starts. */
static gboolean
leave_shift_start (FbRoster             *self,
                   const FbLeaveRequest *leave,
                   gint64               *start)
{
  const FbTeam *team = team_of (self, leave->agent_id);
  gint64 day, end;

  if (team == NULL || !parse_day (leave->start_date, &day))
    return FALSE;
  return team_bounds (self, team, day, start, &end);
}

static gint64
notice_needed (FbLeaveType type)
{
  switch (type)
    {
    case FB_LEAVE_PERSONAL: return FB_LEAVE_PERSONAL_NOTICE_S;
    case FB_LEAVE_SPECIAL: return FB_LEAVE_SPECIAL_NOTICE_S;
    case FB_LEAVE_VACATION: return FB_LEAVE_VACATION_NOTICE_S;
    case FB_LEAVE_SICK:
    case FB_LEAVE_NIGHT_SHIFT:
    case FB_LEAVE_BUSINESS_STUDY:
    default:
      return 0;
    }
}

gboolean
fb_leave_notice_given (FbRoster             *self,
                       const FbLeaveRequest *leave)
{
  gint64 needed, start;

  g_return_val_if_fail (self != NULL, TRUE);
  g_return_val_if_fail (leave != NULL, TRUE);

  needed = notice_needed (leave->type);
  if (needed == 0 || !leave_shift_start (self, leave, &start))
    return TRUE;
  return leave->submitted_at <= start - needed;
}

static void
check_notice (FbRoster             *self,
              const FbLeaveRequest *leave,
              GPtrArray            *checks)
{
  gint64 needed = notice_needed (leave->type), start;
  gint64 hours;

  if (fb_leave_notice_given (self, leave) || !leave_shift_start (self, leave, &start))
    return;
  hours = MAX (0, (start - leave->submitted_at) / 3600);
  if (leave->submitted_at >= start)
    add_check (checks, FB_CHECK_FLAG, "late_notice",
               g_strdup (_("Asked after the shift began: counts as absence unless management approves it")));
  else if (needed == FB_LEAVE_SPECIAL_NOTICE_S)
    add_check (checks, FB_CHECK_FLAG, "late_notice",
               g_strdup (_("Asked less than an hour before the shift; special leave needs an hour’s notice")));
  else
    add_check (checks, FB_CHECK_FLAG, "late_notice",
               g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Asked %d hour before the shift; %s needs %d days’ notice",
                                             "Asked %d hours before the shift; %s needs %d days’ notice",
                                             (gulong) hours),
                                (int) hours,
                                leave->type == FB_LEAVE_VACATION ? _("vacation") : _("personal leave"),
                                (int) (needed / DAY_S)));
}

/* Seeds: night-shift leave only as an exception asked before 12:00. */
static gboolean
night_leave_too_late (FbRoster             *self,
                      const FbLeaveRequest *leave)
{
  gint64 day;

  if (leave->type != FB_LEAVE_NIGHT_SHIFT || !parse_day (leave->start_date, &day))
    return FALSE;
  return leave->submitted_at >= local_time (self, day, FB_LEAVE_NIGHT_SHIFT_CUTOFF_HOUR * 60);
}

static void
check_leave_common (FbRoster             *self,
                    const FbLeaveRequest *leave,
                    GPtrArray            *checks,
                    gboolean              pending_counts)
{
  GPtrArray *others = g_hash_table_lookup (self->leaves, leave->agent_id);
  const FbHolidayDuty *duty;
  gint64 start, end;

  if (!parse_day (leave->start_date, &start) || !parse_day (leave->end_date, &end))
    return;
  if ((duty = duty_in_range (self, leave->agent_id, start, end)))
    add_check (checks, FB_CHECK_RULE, "holiday_duty",
               g_strdup_printf (_("%s is on holiday duty on %s: no leave then"),
                                agent_name (self, leave->agent_id), duty->date));
  if (leave->type == FB_LEAVE_NIGHT_SHIFT)
    {
      const FbTeam *team = team_of (self, leave->agent_id);

      if (team != NULL && team->shift != FB_SHIFT_NIGHT)
        add_check (checks, FB_CHECK_RULE, "not_on_shift",
                   g_strdup_printf (_("%s does not work nights: no night-shift leave to take"),
                                    agent_name (self, leave->agent_id)));
    }
  if (night_leave_too_late (self, leave))
    add_check (checks, FB_CHECK_RULE, "night_shift_after_noon",
               g_strdup (_("Night-shift leave must be asked before 12:00 of that day")));
  for (guint i = 0; others && i < others->len; i++)
    {
      const FbLeaveRequest *other = g_ptr_array_index (others, i);
      gint64 os, oe;

      if (other == leave || g_strcmp0 (other->id, leave->id) == 0)
        continue;
      if (!(other->status == FB_REQUEST_APPROVED || (pending_counts && other->status == FB_REQUEST_PENDING)))
        continue;
      if (parse_day (other->start_date, &os) && parse_day (other->end_date, &oe) &&
          os <= end && start <= oe)
        {
          add_check (checks, FB_CHECK_RULE, "leave_overlaps",
                     g_strdup_printf (_("Overlaps another leave (%s to %s)"), other->start_date, other->end_date));
          break;
        }
    }
}

GPtrArray *
fb_leave_submit_checks (FbRoster             *self,
                        const FbLeaveRequest *leave)
{
  GPtrArray *checks = checks_new ();
  gint64 start;

  g_return_val_if_fail (self != NULL, checks);
  g_return_val_if_fail (leave != NULL, checks);

  if (fb_roster_lookup_agent (self, leave->agent_id) == NULL)
    {
      add_check (checks, FB_CHECK_RULE, "unknown_agent", g_strdup (_("No such agent")));
      return checks;
    }
  if (fb_leave_days (leave) > FB_LEAVE_MAX_DAYS)
    add_check (checks, FB_CHECK_RULE, "leave_too_long",
               g_strdup_printf (_("A leave request covers at most %d days"), FB_LEAVE_MAX_DAYS));
  /* Sick leave may be reported the same day, never for days gone. */
  if (parse_day (leave->start_date, &start) && start < today (self, leave->submitted_at))
    add_check (checks, FB_CHECK_RULE, "date_in_past", g_strdup (_("The leave starts on a day already gone")));
  check_leave_common (self, leave, checks, TRUE);
  check_notice (self, leave, checks);
  return checks;
}

GPtrArray *
fb_leave_decision_checks (FbRoster             *self,
                          const FbLeaveRequest *leave,
                          FbDecision            decision,
                          FbRole                role,
                          const char           *actor_agent_id,
                          const char           *reason)
{
  GPtrArray *checks = checks_new ();
  gboolean has_reason;
  g_autofree char *stripped = reason ? g_strstrip (g_strdup (reason)) : NULL;

  g_return_val_if_fail (self != NULL, checks);
  g_return_val_if_fail (leave != NULL, checks);

  has_reason = stripped != NULL && *stripped != '\0';

  if (decision == FB_DECISION_CANCEL)
    {
      if (g_strcmp0 (actor_agent_id, leave->agent_id) != 0)
        add_check (checks, FB_CHECK_FORBIDDEN, "not_your_request",
                   g_strdup (_("Only the agent who asked may cancel a request")));
    }
  else if (!fb_role_can_decide_leave (role))
    add_check (checks, FB_CHECK_FORBIDDEN, "role_not_allowed",
               g_strdup (_("Leave is decided by a department head or the center director")));
  else if ((fb_leave_days (leave) > 1 || leave->type == FB_LEAVE_BUSINESS_STUDY) && role != FB_ROLE_DIRECTOR)
    add_check (checks, FB_CHECK_FORBIDDEN, "director_only",
               g_strdup (leave->type == FB_LEAVE_BUSINESS_STUDY
                         ? _("Business and study leave is approved by the center director")
                         : _("Leave of more than one day is approved by the center director")));

  if (leave->status != FB_REQUEST_PENDING)
    add_check (checks, FB_CHECK_RULE, "not_pending", g_strdup (_("Already decided")));

  if (decision == FB_DECISION_REJECT && !has_reason)
    add_check (checks, FB_CHECK_RULE, "reason_required", g_strdup (_("A rejection needs a reason")));

  if (decision != FB_DECISION_APPROVE)
    return checks;

  if (fb_roster_lookup_agent (self, leave->agent_id) == NULL)
    add_check (checks, FB_CHECK_RULE, "unknown_agent", g_strdup (_("No such agent")));
  if (leave->type == FB_LEAVE_SICK && !leave->certificate)
    add_check (checks, FB_CHECK_RULE, "certificate_required",
               g_strdup (_("Sick leave needs a medical certificate")));
  check_leave_common (self, leave, checks, FALSE);
  check_notice (self, leave, checks);
  if (leave->type == FB_LEAVE_NIGHT_SHIFT && !night_leave_too_late (self, leave))
    add_check (checks, FB_CHECK_FLAG, "night_shift_exception",
               g_strdup (_("Night-shift leave is an exception: approving it needs a reason")));
  if ((leave->type == FB_LEAVE_NIGHT_SHIFT || !fb_leave_notice_given (self, leave)) && !has_reason)
    add_check (checks, FB_CHECK_RULE, "reason_required",
               g_strdup (_("Approving a late or night-shift request needs a reason")));
  return checks;
}

/* json_node_copy() shares objects: a deep copy, so the caller's row
 * (maybe a cached, immutable one) is never touched. */
static JsonNode *
deep_copy (JsonNode *row)
{
  g_autofree char *text = json_to_string (row, FALSE);

  return json_from_string (text, NULL);
}

static JsonNode *
decided_row (JsonNode        *row,
             FbRequestStatus  status,
             const char      *actor,
             const char      *reason,
             gint64           now)
{
  JsonNode *copy = deep_copy (row);
  JsonObject *object = json_node_get_object (copy);
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (now);
  g_autofree char *at = g_date_time_format_iso8601 (dt);

  json_object_set_string_member (object, "status", fb_request_status_values[status]);
  json_object_set_string_member (object, "decided_by", actor);
  json_object_set_string_member (object, "decided_at", at);
  if (reason != NULL && *reason != '\0')
    json_object_set_string_member (object, "decision_reason", reason);
  else
    json_object_remove_member (object, "decision_reason");
  return copy;
}

static FbRequestStatus
status_for (FbDecision decision)
{
  switch (decision)
    {
    case FB_DECISION_APPROVE: return FB_REQUEST_APPROVED;
    case FB_DECISION_REJECT: return FB_REQUEST_REJECTED;
    case FB_DECISION_CANCEL:
    default:
      return FB_REQUEST_CANCELLED;
    }
}

JsonNode *
fb_leave_apply_decision (JsonNode   *row,
                         FbDecision  decision,
                         const char *actor,
                         const char *reason,
                         gint64      now)
{
  g_return_val_if_fail (row != NULL && JSON_NODE_HOLDS_OBJECT (row), NULL);
  g_return_val_if_fail (actor != NULL, NULL);

  return decided_row (row, status_for (decision), actor, reason, now);
}

/* Swaps. */

static gboolean
swap_bounds (FbRoster            *self,
             const FbSwapRequest *swap,
             gint64              *sa,
             gint64              *ea,
             gint64              *sb,
             gint64              *eb)
{
  gint64 da, db;

  return parse_day (swap->date_a, &da) && parse_day (swap->date_b, &db) &&
         agent_shift_bounds (self, swap->agent_a, da, swap->shift_a, sa, ea) &&
         agent_shift_bounds (self, swap->agent_b, db, swap->shift_b, sb, eb);
}

/* The most swaps @agent_id has in a month this swap touches (a swap
 * counts in the month of either of its days). */
static guint
swaps_in_month (FbRoster            *self,
                const FbSwapRequest *swap,
                const char          *agent_id,
                gboolean             pending_counts)
{
  GPtrArray *list = g_hash_table_lookup (self->swaps, agent_id);
  const char *months[2] = { swap->date_a, swap->date_b };
  guint most = 0;

  for (guint m = 0; m < 2; m++)
    {
      guint n = 0;

      for (guint i = 0; list && i < list->len; i++)
        {
          const FbSwapRequest *other = g_ptr_array_index (list, i);

          if (other == swap || g_strcmp0 (other->id, swap->id) == 0)
            continue;
          if (!(other->status == FB_REQUEST_APPROVED || (pending_counts && other->status == FB_REQUEST_PENDING)))
            continue;
          /* "YYYY-MM" */
          if (strncmp (other->date_a, months[m], 7) == 0 || strncmp (other->date_b, months[m], 7) == 0)
            n++;
        }
      most = MAX (most, n);
    }
  return most;
}

static gboolean
swap_near (const FbSwapRequest *a,
           const FbSwapRequest *b)
{
  const char *da[2] = { a->date_a, a->date_b }, *db[2] = { b->date_a, b->date_b };

  for (guint i = 0; i < 2; i++)
    for (guint j = 0; j < 2; j++)
      {
        gint64 x, y;

        if (parse_day (da[i], &x) && parse_day (db[j], &y) && ABS (x - y) <= 1)
          return TRUE;
      }
  return FALSE;
}

static const FbSwapRequest *
consecutive_swap (FbRoster            *self,
                  const FbSwapRequest *swap,
                  const char          *agent_id,
                  gboolean             pending_counts)
{
  GPtrArray *list = g_hash_table_lookup (self->swaps, agent_id);

  for (guint i = 0; list && i < list->len; i++)
    {
      const FbSwapRequest *other = g_ptr_array_index (list, i);

      if (other == swap || g_strcmp0 (other->id, swap->id) == 0)
        continue;
      if (!(other->status == FB_REQUEST_APPROVED || (pending_counts && other->status == FB_REQUEST_PENDING)))
        continue;
      if (swap_near (swap, other))
        return other;
    }
  return NULL;
}

static void
check_swap_rules (FbRoster            *self,
                  const FbSwapRequest *swap,
                  GPtrArray           *checks,
                  gboolean             pending_counts)
{
  const FbAgent *a = fb_roster_lookup_agent (self, swap->agent_a);
  const FbAgent *b = fb_roster_lookup_agent (self, swap->agent_b);
  const char *people[2] = { swap->agent_a, swap->agent_b };
  const char *dates[2] = { swap->date_a, swap->date_b };
  gint64 sa, ea, sb, eb, da, db;

  if (a == NULL || b == NULL)
    {
      add_check (checks, FB_CHECK_RULE, "unknown_agent", g_strdup (_("No such agent")));
      return;
    }
  if (a->grade != b->grade)
    add_check (checks, FB_CHECK_RULE, "grade_mismatch",
               g_strdup_printf (_("%s and %s are not of the same grade"), a->name, b->name));
  if (g_strcmp0 (a->queue_id, b->queue_id) != 0)
    add_check (checks, FB_CHECK_RULE, "job_mismatch",
               g_strdup_printf (_("%s and %s do not do the same job (queue)"), a->name, b->name));

  for (guint p = 0; p < 2; p++)
    for (guint d = 0; d < 2; d++)
      if (fb_roster_on_holiday_duty (self, people[p], dates[d]))
        {
          add_check (checks, FB_CHECK_RULE, "holiday_duty",
                     g_strdup_printf (_("%s is on holiday duty on %s: no swap then"),
                                      agent_name (self, people[p]), dates[d]));
          p = 2;
          break;
        }

  if (parse_day (swap->date_a, &da) && parse_day (swap->date_b, &db))
    {
      if (!on_shift (self, swap->agent_a, da, swap->shift_a, swap))
        add_check (checks, FB_CHECK_RULE, "not_on_shift",
                   g_strdup_printf (_("%s does not work that shift on %s"), a->name, swap->date_a));
      if (!on_shift (self, swap->agent_b, db, swap->shift_b, swap))
        add_check (checks, FB_CHECK_RULE, "not_on_shift",
                   g_strdup_printf (_("%s does not work that shift on %s"), b->name, swap->date_b));
    }

  /* The shift covered and the shift paid back may not meet: one of the
   * two would work a double shift. */
  if (swap_bounds (self, swap, &sa, &ea, &sb, &eb) && sa <= eb && sb <= ea)
    add_check (checks, FB_CHECK_RULE, "back_to_back",
               g_strdup (_("The two shifts are back to back: someone would work a double shift")));

  for (guint p = 0; p < 2; p++)
    {
      const FbSwapRequest *near;

      if (swaps_in_month (self, swap, people[p], pending_counts) >= FB_SWAP_MAX_PER_MONTH)
        add_check (checks, FB_CHECK_RULE, "swap_limit",
                   g_strdup_printf (_("%s already has %d swaps this month"),
                                    agent_name (self, people[p]), FB_SWAP_MAX_PER_MONTH));
      if ((near = consecutive_swap (self, swap, people[p], pending_counts)))
        add_check (checks, FB_CHECK_RULE, "consecutive_swaps",
                   g_strdup_printf (_("%s has another swap next to it (%s): no consecutive swaps"),
                                    agent_name (self, people[p]), near->date_a));
    }
}

GPtrArray *
fb_swap_submit_checks (FbRoster            *self,
                       const FbSwapRequest *swap)
{
  GPtrArray *checks = checks_new ();
  gint64 da, db, now_day;

  g_return_val_if_fail (self != NULL, checks);
  g_return_val_if_fail (swap != NULL, checks);

  now_day = today (self, swap->submitted_at);
  if (parse_day (swap->date_a, &da) && parse_day (swap->date_b, &db) && MIN (da, db) < now_day)
    add_check (checks, FB_CHECK_RULE, "date_in_past", g_strdup (_("A swap day is already gone")));
  check_swap_rules (self, swap, checks, TRUE);
  return checks;
}

/* The sides (a, b) a shift leader of @team_id speaks for. */
static void
leader_sides (FbRoster            *self,
              const FbSwapRequest *swap,
              const char          *team_id,
              gboolean            *side_a,
              gboolean            *side_b)
{
  const FbAgent *a = fb_roster_lookup_agent (self, swap->agent_a);
  const FbAgent *b = fb_roster_lookup_agent (self, swap->agent_b);

  *side_a = team_id != NULL && a != NULL && g_strcmp0 (a->team_id, team_id) == 0;
  *side_b = team_id != NULL && b != NULL && g_strcmp0 (b->team_id, team_id) == 0;
}

GPtrArray *
fb_swap_decision_checks (FbRoster            *self,
                         const FbSwapRequest *swap,
                         FbDecision           decision,
                         FbRole               role,
                         const char          *user_team_id,
                         const char          *actor_agent_id,
                         const char          *reason)
{
  GPtrArray *checks = checks_new ();
  g_autofree char *stripped = reason ? g_strstrip (g_strdup (reason)) : NULL;
  gboolean side_a = FALSE, side_b = FALSE;

  g_return_val_if_fail (self != NULL, checks);
  g_return_val_if_fail (swap != NULL, checks);

  if (decision == FB_DECISION_CANCEL)
    {
      if (g_strcmp0 (actor_agent_id, swap->agent_a) != 0)
        add_check (checks, FB_CHECK_FORBIDDEN, "not_your_request",
                   g_strdup (_("Only the agent who asked may cancel a request")));
    }
  else if (!fb_role_can_decide_swaps (role))
    add_check (checks, FB_CHECK_FORBIDDEN, "role_not_allowed",
               g_strdup (_("Swaps are decided by the shift leaders, a supervisor or a manager")));
  else if (role == FB_ROLE_SHIFT_LEADER)
    {
      leader_sides (self, swap, user_team_id, &side_a, &side_b);
      if (!side_a && !side_b)
        add_check (checks, FB_CHECK_FORBIDDEN, "not_your_team",
                   g_strdup (_("Neither agent is in your team")));
    }

  if (swap->status != FB_REQUEST_PENDING)
    add_check (checks, FB_CHECK_RULE, "not_pending", g_strdup (_("Already decided")));
  if (decision == FB_DECISION_REJECT && (stripped == NULL || *stripped == '\0'))
    add_check (checks, FB_CHECK_RULE, "reason_required", g_strdup (_("A rejection needs a reason")));
  if (decision != FB_DECISION_APPROVE)
    return checks;

  check_swap_rules (self, swap, checks, FALSE);

  if (role == FB_ROLE_SHIFT_LEADER && (side_a || side_b))
    {
      gboolean mine_done = (!side_a || swap->leader_a_approved) && (!side_b || swap->leader_b_approved);

      if (mine_done)
        add_check (checks, FB_CHECK_RULE, "leader_already_approved",
                   g_strdup (_("Your team has already approved this swap")));
      else if (!((side_a || swap->leader_a_approved) && (side_b || swap->leader_b_approved)))
        add_check (checks, FB_CHECK_FLAG, "leader_approval_missing",
                   g_strdup (_("The other shift leader has yet to approve")));
      else
        /* Said as what approving does, not as done: the row's status
         * above it still counts the approvals so far ("1 of 2"). */
        add_check (checks, FB_CHECK_FLAG, "final_approval",
                   g_strdup (_("Your approval completes the shift leaders’ agreement; a supervisor or manager then gives the final approval")));
    }
  else if (role != FB_ROLE_SHIFT_LEADER && !(swap->leader_a_approved && swap->leader_b_approved))
    add_check (checks, FB_CHECK_RULE, "leader_approval_missing",
               g_strdup (!swap->leader_a_approved && !swap->leader_b_approved
                         ? _("Neither shift leader has approved yet")
                         : _("One shift leader has yet to approve")));
  return checks;
}

JsonNode *
fb_swap_apply_decision (FbRoster   *self,
                        JsonNode   *row,
                        FbDecision  decision,
                        FbRole      role,
                        const char *user_team_id,
                        const char *actor,
                        const char *reason,
                        gint64      now)
{
  g_autoptr(FbSwapRequest) swap = NULL;
  JsonNode *copy;
  JsonObject *object;
  gboolean side_a = FALSE, side_b = FALSE, a, b;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (row != NULL && JSON_NODE_HOLDS_OBJECT (row), NULL);
  g_return_val_if_fail (actor != NULL, NULL);

  if (decision != FB_DECISION_APPROVE || role != FB_ROLE_SHIFT_LEADER)
    return decided_row (row, status_for (decision), actor, reason, now);
  if (!(swap = fb_swap_request_from_json (row, NULL)))
    return deep_copy (row);

  /* A shift leader consents for their team's side only; the approval
   * itself is a supervisor's or a manager's, after both consented. */
  leader_sides (self, swap, user_team_id, &side_a, &side_b);
  a = swap->leader_a_approved || side_a;
  b = swap->leader_b_approved || side_b;
  copy = deep_copy (row);
  object = json_node_get_object (copy);
  json_object_set_boolean_member (object, "leader_a_approved", a);
  json_object_set_boolean_member (object, "leader_b_approved", b);
  return copy;
}

/* Seats. */

void
fb_seat_pick_clear (FbSeatPick *pick)
{
  g_clear_pointer (&pick->seat_id, g_free);
  g_clear_pointer (&pick->agent_id, g_free);
}

GArray *
fb_seat_picks_new (void)
{
  GArray *picks = g_array_new (FALSE, TRUE, sizeof (FbSeatPick));

  g_array_set_clear_func (picks, (GDestroyNotify) fb_seat_pick_clear);
  return picks;
}

static const char *
seat_label (const FbSeat *seat)
{
  return seat->label && *seat->label ? seat->label : seat->id;
}

GPtrArray *
fb_seat_plan_checks (FbRoster         *self,
                     const char       *date,
                     FbShift           shift,
                     const FbSeatPick *picks,
                     guint             n_picks,
                     FbRole            role)
{
  GPtrArray *checks = checks_new ();
  g_autoptr(GHashTable) seats = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) agents = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 day;

  g_return_val_if_fail (self != NULL, checks);
  g_return_val_if_fail (picks != NULL || n_picks == 0, checks);

  if (!fb_role_can_assign_seats (role))
    add_check (checks, FB_CHECK_FORBIDDEN, "role_not_allowed",
               g_strdup (_("Seats are assigned by a supervisor or a manager")));
  if (!parse_day (date, &day))
    {
      add_check (checks, FB_CHECK_RULE, "invalid_date", g_strdup (_("Not a date")));
      return checks;
    }

  for (guint i = 0; i < n_picks; i++)
    {
      const FbSeatPick *pick = &picks[i];
      const FbSeat *seat = fb_roster_lookup_seat (self, pick->seat_id);
      const FbAgent *agent = fb_roster_lookup_agent (self, pick->agent_id);

      if (seat == NULL)
        {
          add_check (checks, FB_CHECK_RULE, "unknown_seat",
                     g_strdup_printf (_("No seat “%s” on the floor"), pick->seat_id ? pick->seat_id : ""));
          continue;
        }
      if (agent == NULL)
        {
          add_check (checks, FB_CHECK_RULE, "unknown_agent",
                     g_strdup_printf (_("No agent “%s”"), pick->agent_id ? pick->agent_id : ""));
          continue;
        }
      if (seat->equipment == FB_EQUIPMENT_FAULTY)
        add_check (checks, FB_CHECK_RULE, "seat_faulty",
                   g_strdup_printf (_("Seat %s is faulty and cannot be assigned"), seat_label (seat)));
      if (g_hash_table_contains (seats, seat->id))
        add_check (checks, FB_CHECK_RULE, "seat_taken",
                   g_strdup_printf (_("Seat %s is given to two agents"), seat_label (seat)));
      if (g_hash_table_contains (agents, agent->id))
        add_check (checks, FB_CHECK_RULE, "agent_already_seated",
                   g_strdup_printf (_("%s has two seats"), agent->name));
      if (!on_shift (self, agent->id, day, shift, NULL))
        add_check (checks, FB_CHECK_RULE, "agent_not_on_shift",
                   g_strdup_printf (_("%s does not work this shift"), agent->name));
      g_hash_table_add (seats, seat->id);
      g_hash_table_add (agents, agent->id);
    }
  return checks;
}

static int
compare_seats (gconstpointer a,
               gconstpointer b)
{
  const FbSeat *x = *(const FbSeat **) a, *y = *(const FbSeat **) b;
  int c = g_strcmp0 (x->zone, y->zone);

  if (c != 0)
    return c;
  if (x->y != y->y)
    return x->y < y->y ? -1 : 1;
  if (x->x != y->x)
    return x->x < y->x ? -1 : 1;
  return g_strcmp0 (x->id, y->id);
}

typedef struct
{
  const FbAgent *agent;
  double         load;     /* the agent's queue's */
  double         team_load;
  gboolean       leader;
} SuggestItem;

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const SuggestItem *x = a, *y = b;
  int c;

  if (x->team_load != y->team_load)
    return x->team_load > y->team_load ? -1 : 1;
  if ((c = g_strcmp0 (x->agent->team_id, y->agent->team_id)) != 0)
    return c;
  if (x->leader != y->leader)
    return x->leader ? -1 : 1;
  if (x->load != y->load)
    return x->load > y->load ? -1 : 1;
  if ((c = g_strcmp0 (x->agent->queue_id, y->agent->queue_id)) != 0)
    return c;
  return compare_agents (&x->agent, &y->agent);
}

GArray *
fb_seat_plan_suggest (FbRoster   *self,
                      const char *date,
                      FbShift     shift,
                      GHashTable *queue_load)
{
  GArray *picks = fb_seat_picks_new ();
  g_autoptr(GPtrArray) agents = NULL;
  g_autoptr(GPtrArray) seats = g_ptr_array_new ();
  g_autoptr(GArray) items = g_array_new (FALSE, TRUE, sizeof (SuggestItem));
  g_autoptr(GHashTable) team_load = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  guint seat = 0;

  g_return_val_if_fail (self != NULL, picks);

  agents = fb_roster_agents_on_shift (self, date, shift);
  for (guint i = 0; i < self->seat_list->len; i++)
    {
      const FbSeat *s = g_ptr_array_index (self->seat_list, i);

      if (s->equipment != FB_EQUIPMENT_FAULTY && g_hash_table_lookup (self->seats, s->id) == s)
        g_ptr_array_add (seats, (gpointer) s);
    }
  g_ptr_array_sort (seats, compare_seats);

  for (guint i = 0; i < agents->len; i++)
    {
      const FbAgent *agent = g_ptr_array_index (agents, i);
      const FbTeam *team = fb_roster_lookup_team (self, agent->team_id);
      const double *load = queue_load && agent->queue_id ? g_hash_table_lookup (queue_load, agent->queue_id) : NULL;
      double *sum;
      SuggestItem item = { agent, load ? *load : 0.0, 0.0, team && g_strcmp0 (team->leader_id, agent->id) == 0 };

      g_array_append_val (items, item);
      if (agent->team_id == NULL)
        continue;
      if (!(sum = g_hash_table_lookup (team_load, agent->team_id)))
        {
          sum = g_new0 (double, 1);
          g_hash_table_insert (team_load, agent->team_id, sum);
        }
      *sum += item.load;
    }
  for (guint i = 0; i < items->len; i++)
    {
      SuggestItem *item = &g_array_index (items, SuggestItem, i);
      const double *sum = item->agent->team_id ? g_hash_table_lookup (team_load, item->agent->team_id) : NULL;

      item->team_load = sum ? *sum : 0.0;
    }
  g_array_sort (items, compare_items);

  for (guint i = 0; i < items->len && seat < seats->len; i++, seat++)
    {
      const SuggestItem *item = &g_array_index (items, SuggestItem, i);
      FbSeatPick pick = {
        g_strdup (((const FbSeat *) g_ptr_array_index (seats, seat))->id),
        g_strdup (item->agent->id),
      };

      g_array_append_val (picks, pick);
    }
  return picks;
}
