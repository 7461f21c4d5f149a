/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-requests-page-state.c: what a row of the requests page shows — who
 * asked, what, and every check the rules (fb-request-rules) make for the
 * signed-in role, the same ones the server enforces. */
#define G_LOG_DOMAIN "floorboard"

#include <glib/gi18n.h>
#include <string.h>

#include "fb-entity.h"
#include "fb-format.h"
#include "fb-labels.h"
#include "fb-requests-page-private.h"

/* ---- the signed-in user ---------------------------------------------- */

static const FbUser *
get_user (FbRequestsPage *self,
          FbRow         **keep)
{
  *keep = _fb_requests_page_lookup_row (self->lists[LIST_USER], _fb_requests_page_get_user_id (self));
  return *keep ? fb_row_get_entity (*keep) : NULL;
}

static const char *
person (FbRequestsPage *self,
        const char     *id)
{
  const char *name = self->names && id ? g_hash_table_lookup (self->names, id) : NULL;
  const FbAgent *agent;

  if (name != NULL)
    return name;
  if (self->roster && id && (agent = fb_roster_lookup_agent (self->roster, id)))
    return agent->name;
  return id ? id : "";
}

/* ---- what a row shows --------------------------------------------------- */

static char *
format_day (const char *date)
{
  g_autoptr(GDateTime) dt = NULL;
  int y, m, d;

  if (date == NULL || sscanf (date, "%d-%d-%d", &y, &m, &d) != 3 ||
      !(dt = g_date_time_new_utc (y, m, d, 0, 0, 0)))
    return g_strdup (date ? date : "");
  /* Translators: a day of a request, strftime format ("Nov 20 (Thu)") */
  return fb_date_time_format (dt, _("%b %-d (%a)"));
}

static char *
team_name (FbRequestsPage *self,
           const char     *agent_id)
{
  const FbAgent *agent = self->roster ? fb_roster_lookup_agent (self->roster, agent_id) : NULL;
  const FbTeam *team = agent && agent->team_id ? fb_roster_lookup_team (self->roster, agent->team_id) : NULL;

  return g_strdup (team ? team->name : agent && agent->team_id ? agent->team_id : "");
}

/* "Approved by 박 감독, Nov 20, 14:02: reason" and the like. */
static char *
decision_text (FbRequestsPage  *self,
               FbRequestStatus  status,
               const char      *by,
               gint64           at,
               const char      *reason,
               const char      *pending_note)
{
  g_autofree char *when = at > 0 ? fb_labels_format_time (self->context ? fb_context_get_clock (self->context) : NULL, at) : NULL;
  g_autofree char *head = NULL;

  switch (status)
    {
    case FB_REQUEST_APPROVED:
      /* Translators: who approved a request and when */
      head = when ? g_strdup_printf (_("Approved by %s, %s"), person (self, by), when)
                  : g_strdup_printf (_("Approved by %s"), person (self, by));
      break;
    case FB_REQUEST_REJECTED:
      /* Translators: who rejected a request and when */
      head = when ? g_strdup_printf (_("Rejected by %s, %s"), person (self, by), when)
                  : g_strdup_printf (_("Rejected by %s"), person (self, by));
      break;
    case FB_REQUEST_CANCELLED:
      head = g_strdup (_("Cancelled by the agent"));
      break;
    case FB_REQUEST_PENDING:
    default:
      head = g_strdup (pending_note ? pending_note : _("Pending"));
      break;
    }
  if (status != FB_REQUEST_PENDING && reason != NULL && reason[0] != '\0')
    {
      /* Translators: a decision and its reason */
      g_autofree char *with = g_strdup_printf (_("%s — “%s”"), head, reason);
      return g_steal_pointer (&with);
    }
  return g_steal_pointer (&head);
}

static char *
swap_pending_text (const FbSwapRequest *swap)
{
  int n = !!swap->leader_a_approved + !!swap->leader_b_approved;

  if (n == 2)
    return g_strdup (_("Pending — both shift leaders approved"));
  /* Translators: a pending swap; %d of 2 shift leaders have approved it */
  return g_strdup_printf (_("Pending — %d of 2 shift leaders approved"), n);
}

static const FbCheck *
first_blocking_except_reason (GPtrArray *checks)
{
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < checks->len; i++)
      {
        const FbCheck *check = g_ptr_array_index (checks, i);

        if (g_strcmp0 (check->code, "reason_required") == 0)
          continue;
        if ((pass == 0 && check->kind == FB_CHECK_FORBIDDEN) || (pass == 1 && check->kind == FB_CHECK_RULE))
          return check;
      }
  return NULL;
}

static gboolean
has_code (GPtrArray  *checks,
          const char *code)
{
  for (guint i = 0; i < checks->len; i++)
    if (g_strcmp0 (((const FbCheck *) g_ptr_array_index (checks, i))->code, code) == 0)
      return TRUE;
  return FALSE;
}

void
_fb_requests_page_actor_init (FbRequestsPage  *self,
            Actor           *actor,
            FbRow          **keep)
{
  const FbUser *user = get_user (self, keep);

  actor->user_id = _fb_requests_page_get_user_id (self);
  actor->role = actor->user_id ? _fb_requests_page_get_role (self) : -1;
  actor->team_id = user ? user->team_id : NULL;
  actor->agent_id = user ? user->agent_id : NULL;
}

GPtrArray *
_fb_requests_page_decision_checks (FbRequestsPage *self,
                 FbRow          *row,
                 FbDecision      decision,
                 const Actor    *actor,
                 const char     *reason)
{
  /* Signed out, the rules still say what a request breaks; who may
   * decide it is not known. */
  FbRole role = actor->role >= 0 ? (FbRole) actor->role : FB_ROLE_DIRECTOR;
  GPtrArray *checks;

  if (_fb_requests_page_is_leave (row))
    checks = fb_leave_decision_checks (self->roster, fb_row_get_entity (row), decision, role,
                                       actor->agent_id, reason);
  else
    checks = fb_swap_decision_checks (self->roster, fb_row_get_entity (row), decision, role,
                                      actor->team_id, actor->agent_id, reason);
  if (actor->role < 0)
    for (guint i = checks->len; i > 0; i--)
      if (((const FbCheck *) g_ptr_array_index (checks, i - 1))->kind == FB_CHECK_FORBIDDEN)
        g_ptr_array_remove_index (checks, i - 1);
  return checks;
}

FbRequestState *
_fb_requests_page_build_state (FbRequestsPage *self,
             FbRow          *row,
             const Actor    *actor)
{
  g_autoptr(FbRequestState) state = fb_request_state_new ();
  g_autofree char *key = _fb_requests_page_row_key (row);
  Held *held = NULL;
  g_autoptr(FbLeaveRequest) held_leave = NULL;
  g_autoptr(FbSwapRequest) held_swap = NULL;
  const FbLeaveRequest *leave = NULL;
  const FbSwapRequest *swap = NULL;
  g_autofree char *submitted = NULL;
  g_autofree char *pending_note = NULL;
  const char *note = NULL;

  if (fb_row_get_entity (row) == NULL)
    return NULL;

  state->kind = g_strdup (fb_row_get_kind (row));
  state->id = g_strdup (fb_row_get_id (row));
  state->version = fb_row_get_version (row);

  /* A held or queuing decision shows as the rules make the row. */
  if (self->batch && !self->batch->undone && !self->batch->sent)
    for (guint i = 0; i < self->batch->held->len; i++)
      if (g_str_equal (((Held *) g_ptr_array_index (self->batch->held, i))->key, key))
        {
          held = g_ptr_array_index (self->batch->held, i);
          state->held = TRUE;
        }
  if (held == NULL && (held = g_hash_table_lookup (self->queuing, key)))
    state->sending = TRUE;
  if (g_hash_table_contains (self->sending, key))
    state->sending = TRUE;

  if (_fb_requests_page_is_leave (row))
    {
      leave = fb_row_get_entity (row);
      if (held && (held_leave = fb_leave_request_from_json (held->optimistic, NULL)))
        leave = held_leave;
      state->who = g_strdup (person (self, leave->agent_id));
      state->team = team_name (self, leave->agent_id);
      state->type_label = g_strdup (fb_labels_for_value (fb_leave_type_values[leave->type]));
      {
        g_autofree char *from = format_day (leave->start_date);
        g_autofree char *to = format_day (leave->end_date);
        int days = fb_leave_days (leave);

        /* Translators: the first and last day of a leave */
        state->dates = days > 1 ? g_strdup_printf (_("%s – %s"), from, to) : g_strdup (from);
        state->days = g_strdup_printf (ngettext ("%d day", "%d days", days), days);
        if (leave->type == FB_LEAVE_SICK)
          {
            g_autofree char *with = g_strdup_printf ("%s · %s", state->days,
                                                     leave->certificate ? _("with certificate")
                                                                        : _("no certificate"));
            g_free (state->days);
            state->days = g_steal_pointer (&with);
          }
      }
      state->reason = g_strdup (leave->reason ? leave->reason : "");
      state->status = leave->status;
      submitted = fb_labels_format_time (self->context ? fb_context_get_clock (self->context) : NULL, leave->submitted_at);
      state->status_text = decision_text (self, leave->status, leave->decided_by, leave->decided_at,
                                          leave->decision_reason, NULL);
    }
  else
    {
      g_autofree char *team_a = NULL, *team_b = NULL, *day_a = NULL, *day_b = NULL;

      swap = fb_row_get_entity (row);
      if (held && (held_swap = fb_swap_request_from_json (held->optimistic, NULL)))
        swap = held_swap;
      /* Translators: the two agents of a shift swap */
      state->who = g_strdup_printf (_("%s ⇄ %s"), person (self, swap->agent_a), person (self, swap->agent_b));
      team_a = team_name (self, swap->agent_a);
      team_b = team_name (self, swap->agent_b);
      state->team = g_str_equal (team_a, team_b) ? g_strdup (team_a) : g_strdup_printf (_("%s ⇄ %s"), team_a, team_b);
      state->type_label = g_strdup (_("Shift swap"));
      day_a = format_day (swap->date_a);
      day_b = format_day (swap->date_b);
      /* Translators: a swap: B works A's shift (day, shift), A works B's shift back */
      state->dates = g_strdup_printf (_("%s %s shift ⇄ %s %s shift"),
                                      day_a, fb_labels_for_value (fb_shift_values[swap->shift_a]),
                                      day_b, fb_labels_for_value (fb_shift_values[swap->shift_b]));
      state->days = g_strdup (_("2 shifts"));
      state->reason = g_strdup (swap->reason ? swap->reason : "");
      state->status = swap->status;
      submitted = fb_labels_format_time (self->context ? fb_context_get_clock (self->context) : NULL, swap->submitted_at);
      pending_note = swap_pending_text (swap);
      state->status_text = decision_text (self, swap->status, swap->decided_by, swap->decided_at,
                                          swap->decision_reason, pending_note);
    }
  /* Translators: when the agent asked */
  state->submitted = g_strdup_printf (_("Asked %s"), submitted);

  if (state->held)
    note = _("Undo is possible for a few seconds");
  else if (state->sending)
    note = _("pending (waiting to be sent)");
  if (note != NULL)
    {
      /* Translators: a decision's status and a note on its delivery */
      g_autofree char *with = g_strdup_printf (_("%s — %s"), state->status_text, note);
      g_free (state->status_text);
      state->status_text = g_steal_pointer (&with);
    }

  /* The checks only for what can still be decided. */
  if (state->status == FB_REQUEST_PENDING && !state->held && !state->sending && self->roster != NULL)
    {
      g_autoptr(GPtrArray) reject = _fb_requests_page_decision_checks (self, row, FB_DECISION_REJECT, actor, "-");
      const FbCheck *blocking;

      state->checks = _fb_requests_page_decision_checks (self, row, FB_DECISION_APPROVE, actor, NULL);
      state->approve_needs_reason = has_code (state->checks, "reason_required");
      if (actor->role < 0)
        {
          state->approve_refusal = g_strdup (_("Sign in to decide requests"));
          state->reject_refusal = g_strdup (state->approve_refusal);
        }
      else
        {
          if ((blocking = first_blocking_except_reason (state->checks)))
            state->approve_refusal = g_strdup (blocking->message);
          if ((blocking = fb_checks_first_blocking (reject)))
            state->reject_refusal = g_strdup (blocking->message);
        }
    }
  else
    {
      state->approve_refusal = g_strdup (state->held ? _("Decided; undo it first") : _("Already decided"));
      state->reject_refusal = g_strdup (state->approve_refusal);
    }
  return g_steal_pointer (&state);
}

FbRequestState *
_fb_requests_page_state_for (FbRequestsPage *self,
           FbRow          *row)
{
  g_autofree char *key = _fb_requests_page_row_key (row);
  g_autoptr(FbRow) keep = NULL;
  FbRequestState *state;
  Actor actor;

  if ((state = g_hash_table_lookup (self->states, key)))
    return state;
  _fb_requests_page_actor_init (self, &actor, &keep);
  if (!(state = _fb_requests_page_build_state (self, row, &actor)))
    return NULL;
  g_hash_table_insert (self->states, g_steal_pointer (&key), state);
  return state;
}
