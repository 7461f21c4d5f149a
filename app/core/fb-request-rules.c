/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-request-rules.c: leave, swap and seat rules (see the header for the
 * roster model). Pure functions over an index of rows: the server runs
 * them to refuse, the app to explain before the click. */
#define G_LOG_DOMAIN "floorboard-core"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "fb-roster-private.h"

const char * const fb_decision_values[] = { "approve", "reject", "cancel", NULL };

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

/* Only the agent who asked (@asker_id) cancels a request. */
static void
check_canceller (GPtrArray  *checks,
                 const char *actor_agent_id,
                 const char *asker_id)
{
  if (g_strcmp0 (actor_agent_id, asker_id) != 0)
    add_check (checks, FB_CHECK_FORBIDDEN, "not_your_request",
               g_strdup (_("Only the agent who asked may cancel a request")));
}

/* Any decision needs a request still pending, and a rejection a reason. */
static void
check_pending (GPtrArray       *checks,
               FbDecision       decision,
               FbRequestStatus  status,
               gboolean         has_reason)
{
  if (status != FB_REQUEST_PENDING)
    add_check (checks, FB_CHECK_RULE, "not_pending", g_strdup (_("Already decided")));
  if (decision == FB_DECISION_REJECT && !has_reason)
    add_check (checks, FB_CHECK_RULE, "reason_required", g_strdup (_("A rejection needs a reason")));
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

/* Leave. */

int
fb_leave_days (const FbLeaveRequest *leave)
{
  gint64 start, end;

  g_return_val_if_fail (leave != NULL, 0);

  if (!_fb_roster_parse_day (leave->start_date, &start) || !_fb_roster_parse_day (leave->end_date, &end) || end < start)
    return 0;
  return (int) (end - start + 1);
}

/* When the shift the leave begins with starts. */
static gboolean
leave_shift_start (FbRoster             *self,
                   const FbLeaveRequest *leave,
                   gint64               *start)
{
  const FbTeam *team = _fb_roster_team_of (self, leave->agent_id);
  gint64 day, end;

  if (team == NULL || !_fb_roster_parse_day (leave->start_date, &day))
    return FALSE;
  return _fb_roster_team_bounds (self, team, day, start, &end);
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

  if (leave->type != FB_LEAVE_NIGHT_SHIFT || !_fb_roster_parse_day (leave->start_date, &day))
    return FALSE;
  return leave->submitted_at >= _fb_roster_local_time (self, day, FB_LEAVE_NIGHT_SHIFT_CUTOFF_HOUR * 60);
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

  if (!_fb_roster_parse_day (leave->start_date, &start) || !_fb_roster_parse_day (leave->end_date, &end))
    return;
  if ((duty = _fb_roster_duty_in_range (self, leave->agent_id, start, end)))
    add_check (checks, FB_CHECK_RULE, "holiday_duty",
               g_strdup_printf (_("%s is on holiday duty on %s: no leave then"),
                                _fb_roster_agent_name (self, leave->agent_id), duty->date));
  if (leave->type == FB_LEAVE_NIGHT_SHIFT)
    {
      const FbTeam *team = _fb_roster_team_of (self, leave->agent_id);

      if (team != NULL && team->shift != FB_SHIFT_NIGHT)
        add_check (checks, FB_CHECK_RULE, "not_on_shift",
                   g_strdup_printf (_("%s does not work nights: no night-shift leave to take"),
                                    _fb_roster_agent_name (self, leave->agent_id)));
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
      if (_fb_roster_parse_day (other->start_date, &os) && _fb_roster_parse_day (other->end_date, &oe) &&
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
  if (_fb_roster_parse_day (leave->start_date, &start) && start < _fb_roster_today (self, leave->submitted_at))
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
    check_canceller (checks, actor_agent_id, leave->agent_id);
  else if (!fb_role_can_decide_leave (role))
    add_check (checks, FB_CHECK_FORBIDDEN, "role_not_allowed",
               g_strdup (_("Leave is decided by a department head or the center director")));
  else if ((fb_leave_days (leave) > 1 || leave->type == FB_LEAVE_BUSINESS_STUDY) && role != FB_ROLE_DIRECTOR)
    add_check (checks, FB_CHECK_FORBIDDEN, "director_only",
               g_strdup (leave->type == FB_LEAVE_BUSINESS_STUDY
                         ? _("Business and study leave is approved by the center director")
                         : _("Leave of more than one day is approved by the center director")));

  check_pending (checks, decision, leave->status, has_reason);
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

  return _fb_roster_parse_day (swap->date_a, &da) && _fb_roster_parse_day (swap->date_b, &db) &&
         _fb_roster_agent_shift_bounds (self, swap->agent_a, da, swap->shift_a, sa, ea) &&
         _fb_roster_agent_shift_bounds (self, swap->agent_b, db, swap->shift_b, sb, eb);
}

/* The most swaps @agent_id has in a month this swap touches (a swap
 * counts in the month of either of its days). */
/* Whether @other, another of the agent's swaps than @swap, counts against
 * it: approved, or still pending when @pending_counts. */
static gboolean
counts_against (const FbSwapRequest *swap,
                const FbSwapRequest *other,
                gboolean             pending_counts)
{
  if (other == swap || g_strcmp0 (other->id, swap->id) == 0)
    return FALSE;
  return other->status == FB_REQUEST_APPROVED || (pending_counts && other->status == FB_REQUEST_PENDING);
}

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

          if (!counts_against (swap, other, pending_counts))
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

        if (_fb_roster_parse_day (da[i], &x) && _fb_roster_parse_day (db[j], &y) && ABS (x - y) <= 1)
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

      if (counts_against (swap, other, pending_counts) && swap_near (swap, other))
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
                                      _fb_roster_agent_name (self, people[p]), dates[d]));
          p = 2;
          break;
        }

  if (_fb_roster_parse_day (swap->date_a, &da) && _fb_roster_parse_day (swap->date_b, &db))
    {
      if (!_fb_roster_on_shift (self, swap->agent_a, da, swap->shift_a, swap))
        add_check (checks, FB_CHECK_RULE, "not_on_shift",
                   g_strdup_printf (_("%s does not work that shift on %s"), a->name, swap->date_a));
      if (!_fb_roster_on_shift (self, swap->agent_b, db, swap->shift_b, swap))
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
                                    _fb_roster_agent_name (self, people[p]), FB_SWAP_MAX_PER_MONTH));
      if ((near = consecutive_swap (self, swap, people[p], pending_counts)))
        add_check (checks, FB_CHECK_RULE, "consecutive_swaps",
                   g_strdup_printf (_("%s has another swap next to it (%s): no consecutive swaps"),
                                    _fb_roster_agent_name (self, people[p]), near->date_a));
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

  now_day = _fb_roster_today (self, swap->submitted_at);
  if (_fb_roster_parse_day (swap->date_a, &da) && _fb_roster_parse_day (swap->date_b, &db) && MIN (da, db) < now_day)
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
    check_canceller (checks, actor_agent_id, swap->agent_a);
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

  check_pending (checks, decision, swap->status, stripped != NULL && *stripped != '\0');
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
  if (!_fb_roster_parse_day (date, &day))
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
      if (!_fb_roster_on_shift (self, agent->id, day, shift, NULL))
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
  return _fb_roster_compare_agents (&x->agent, &y->agent);
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
