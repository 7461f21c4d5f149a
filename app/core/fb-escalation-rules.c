/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-escalation-rules.c
 *
 * The lifecycle, as the seeds describe it:
 *
 *   raised → dispatched → in_progress → awaiting_callback → resolved → closed
 *
 * take:             raised | dispatched → in_progress (the actor owns it)
 * escalate:         raised | dispatched | in_progress → dispatched, one level up
 * resolve:          in_progress → awaiting_callback (the response is given)
 * callback_attempt: awaiting_callback → resolved when the customer was reached,
 *                   else it stays awaiting_callback
 * close:            resolved → closed; awaiting_callback → closed only after
 *                   3 failed attempts or a wrong number
 *
 * Who: shift leaders, supervisors, managers and directors act on cases at
 * their level of the chain or below (a manager stands at the supervisor's);
 * agents raise cases but act on none, QA inspectors neither.
 */
#define G_LOG_DOMAIN "floorboard-core"

#include <glib/gi18n.h>

#include "fb-escalation-rules.h"

const char * const fb_escalation_action_values[] = {
  "take", "escalate", "callback_attempt", "resolve", "close", NULL
};

G_DEFINE_QUARK (fb-rule-error-quark, fb_rule_error)

/**
 * fb_rule_error_code_name:
 *
 * Returns: the code the HTTP API names this refusal by
 */
const char *
fb_rule_error_code_name (FbRuleError code)
{
  switch (code)
    {
    case FB_RULE_ERROR_ROLE: return "role_not_allowed";
    case FB_RULE_ERROR_LEVEL: return "above_your_level";
    case FB_RULE_ERROR_STATE: return "illegal_transition";
    case FB_RULE_ERROR_TOP_LEVEL: return "already_top_level";
    case FB_RULE_ERROR_CALLBACK_REQUIRED: return "callback_attempts_required";
    case FB_RULE_ERROR_OUTCOME: return "invalid_outcome";
    default: return "rule";
    }
}

void
fb_escalation_deadlines (gint64  raised_at,
                         gint64 *dispatch_due,
                         gint64 *response_due,
                         gint64 *callback_due)
{
  /* Elapsed time, not office hours: the center runs day and night, and
   * seconds since the epoch make a date change or a time zone irrelevant. */
  if (dispatch_due)
    *dispatch_due = raised_at + FB_ESCALATION_DISPATCH_S;
  if (response_due)
    *response_due = raised_at + FB_ESCALATION_RESPONSE_S;
  if (callback_due)
    *callback_due = raised_at + FB_ESCALATION_CALLBACK_S;
}

/**
 * fb_escalation_failed_attempts:
 * @wrong_number: (out) (optional): whether one attempt found a wrong number
 *
 * Returns: the callback attempts that did not reach the customer
 */
/* A deadline passed at @at without its milestone reached by then. */
static gboolean
missed (gint64 due,
        gint64 done,
        gint64 at)
{
  return due != 0 && due < at && (done == 0 || done > due);
}

gboolean
fb_escalation_overdue_at (const FbEscalation *escalation,
                          gint64              at)
{
  const FbEscalation *e = escalation;
  gint64 finished;

  g_return_val_if_fail (escalation != NULL, FALSE);

  finished = e->closed_at ? e->closed_at : e->resolved_at;
  return e->raised_at < at && (finished == 0 || finished > at) &&
         (missed (e->dispatch_due, e->dispatched_at, at) ||
          missed (e->response_due, e->responded_at, at) ||
          missed (e->callback_due, e->resolved_at, at));
}

gboolean
fb_escalation_called_back_in_time (const FbEscalation *escalation)
{
  guint n;

  g_return_val_if_fail (escalation != NULL, FALSE);

  n = escalation->callback_attempts ? json_array_get_length (escalation->callback_attempts) : 0;
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (escalation->callback_attempts, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *outcome = o ? fb_json_member_string (o, "outcome") : NULL;
      gint64 at = 0;

      if (outcome != NULL && g_str_equal (outcome, "reached") &&
          fb_timestamp_from_iso (fb_json_member_string (o, "at"), &at) &&
          at - escalation->raised_at <= FB_ESCALATION_CALLBACK_S)
        return TRUE;
    }
  return FALSE;
}

guint
fb_escalation_failed_attempts (const FbEscalation *escalation,
                               gboolean           *wrong_number)
{
  guint failed = 0;
  gboolean wrong = FALSE;
  guint n;

  g_return_val_if_fail (escalation != NULL, 0);

  n = escalation->callback_attempts ? json_array_get_length (escalation->callback_attempts) : 0;
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (escalation->callback_attempts, i);
      const char *outcome = JSON_NODE_HOLDS_OBJECT (node)
                            ? fb_json_member_string (json_node_get_object (node), "outcome") : NULL;

      if (outcome == NULL || g_str_equal (outcome, "reached"))
        continue;
      failed++;
      wrong |= g_str_equal (outcome, "wrong_number");
    }
  if (wrong_number)
    *wrong_number = wrong;
  return failed;
}

/**
 * fb_escalation_level_for_role:
 *
 * Returns: the highest level of the chain @role acts at
 */
FbEscalationLevel
fb_escalation_level_for_role (FbRole role)
{
  switch (role)
    {
    case FB_ROLE_SHIFT_LEADER: return FB_LEVEL_SHIFT_LEADER;
    case FB_ROLE_SUPERVISOR:
    case FB_ROLE_MANAGER: return FB_LEVEL_SUPERVISOR;
    case FB_ROLE_DIRECTOR: return FB_LEVEL_DIRECTOR;
    case FB_ROLE_AGENT:
    case FB_ROLE_QA_INSPECTOR:
    default: return FB_LEVEL_AGENT;
    }
}

static gboolean
refuse (GError      **error,
        FbRuleError   code,
        const char   *message)
{
  g_set_error_literal (error, FB_RULE_ERROR, code, message);
  return FALSE;
}

/**
 * fb_escalation_check:
 * @outcome: for a callback attempt, an FbCallbackOutcome value; else ignored
 *
 * Whether @role may take @action on @escalation now; if not, @error says
 * why in words a supervisor reads (the app shows them on the disabled
 * action) and its code names the refusal for the HTTP API.
 */
gboolean
fb_escalation_check (const FbEscalation  *escalation,
                     FbRole               role,
                     FbEscalationAction   action,
                     int                  outcome,
                     GError             **error)
{
  FbEscalationStatus status;
  gboolean wrong_number;

  g_return_val_if_fail (escalation != NULL, FALSE);

  if (role == FB_ROLE_AGENT || role == FB_ROLE_QA_INSPECTOR)
    return refuse (error, FB_RULE_ERROR_ROLE, _("Your role does not act on escalations"));
  if (escalation->level > fb_escalation_level_for_role (role))
    return refuse (error, FB_RULE_ERROR_LEVEL, _("The case is above your level of the chain"));

  status = escalation->status;
  switch (action)
    {
    case FB_ESCALATION_ACTION_TAKE:
      if (status != FB_ESC_RAISED && status != FB_ESC_DISPATCHED)
        return refuse (error, FB_RULE_ERROR_STATE, _("Only a new or dispatched case can be taken"));
      return TRUE;

    case FB_ESCALATION_ACTION_ESCALATE:
      if (status != FB_ESC_RAISED && status != FB_ESC_DISPATCHED && status != FB_ESC_IN_PROGRESS)
        return refuse (error, FB_RULE_ERROR_STATE, _("Only an open case can be escalated"));
      if (escalation->level >= FB_LEVEL_DIRECTOR)
        return refuse (error, FB_RULE_ERROR_TOP_LEVEL, _("The case is already with the director"));
      return TRUE;

    case FB_ESCALATION_ACTION_RESOLVE:
      if (status != FB_ESC_IN_PROGRESS)
        return refuse (error, FB_RULE_ERROR_STATE, _("Only a case in progress can be resolved"));
      return TRUE;

    case FB_ESCALATION_ACTION_CALLBACK_ATTEMPT:
      if (status != FB_ESC_AWAITING_CALLBACK)
        return refuse (error, FB_RULE_ERROR_STATE, _("Only a case awaiting its callback takes callback attempts"));
      if (outcome < 0 || outcome >= (int) g_strv_length ((char **) fb_callback_outcome_values))
        return refuse (error, FB_RULE_ERROR_OUTCOME, _("Say how the callback attempt ended"));
      return TRUE;

    case FB_ESCALATION_ACTION_CLOSE:
      if (status == FB_ESC_RESOLVED)
        return TRUE;
      if (status != FB_ESC_AWAITING_CALLBACK)
        return refuse (error, FB_RULE_ERROR_STATE, _("Only a resolved case, or one awaiting its callback, can be closed"));
      if (fb_escalation_failed_attempts (escalation, &wrong_number) < FB_ESCALATION_MIN_FAILED_ATTEMPTS && !wrong_number)
        return refuse (error, FB_RULE_ERROR_CALLBACK_REQUIRED,
                       _("Reach the customer first: a case closes unreached only after 3 failed attempts or a wrong number"));
      return TRUE;

    default:
      return refuse (error, FB_RULE_ERROR_STATE, _("Unknown action"));
    }
}

/**
 * fb_escalation_next_status:
 *
 * The status @action leads to; call fb_escalation_check() first.
 */
FbEscalationStatus
fb_escalation_next_status (const FbEscalation *escalation,
                           FbEscalationAction  action,
                           int                 outcome)
{
  g_return_val_if_fail (escalation != NULL, FB_ESC_RAISED);

  switch (action)
    {
    case FB_ESCALATION_ACTION_TAKE: return FB_ESC_IN_PROGRESS;
    case FB_ESCALATION_ACTION_ESCALATE: return FB_ESC_DISPATCHED;
    case FB_ESCALATION_ACTION_RESOLVE: return FB_ESC_AWAITING_CALLBACK;
    case FB_ESCALATION_ACTION_CALLBACK_ATTEMPT:
      return outcome == 0 /* reached */ ? FB_ESC_RESOLVED : FB_ESC_AWAITING_CALLBACK;
    case FB_ESCALATION_ACTION_CLOSE: return FB_ESC_CLOSED;
    default: return escalation->status;
    }
}

/**
 * fb_escalation_next_deadline:
 * @due: (out) (optional): when it falls due, unix seconds
 *
 * The seeds' deadline the case races now: dispatch until someone has it,
 * the response until it is given, the callback until the customer hears
 * the outcome.
 */
FbEscalationDeadline
fb_escalation_next_deadline (const FbEscalation *escalation,
                             gint64             *due)
{
  FbEscalationDeadline kind;
  gint64 at = 0;

  g_return_val_if_fail (escalation != NULL, FB_DEADLINE_NONE);

  if (escalation->status == FB_ESC_RESOLVED || escalation->status == FB_ESC_CLOSED)
    kind = FB_DEADLINE_NONE;
  else if (escalation->status == FB_ESC_RAISED && escalation->dispatched_at == 0)
    kind = FB_DEADLINE_DISPATCH, at = escalation->dispatch_due;
  else if (escalation->status != FB_ESC_AWAITING_CALLBACK && escalation->responded_at == 0)
    kind = FB_DEADLINE_RESPONSE, at = escalation->response_due;
  else
    kind = FB_DEADLINE_CALLBACK, at = escalation->callback_due;
  if (due)
    *due = at;
  return kind;
}

static void
set_timestamp (JsonObject *object,
               const char *name,
               gint64      at)
{
  g_autofree char *iso = fb_timestamp_to_iso (at);

  json_object_set_string_member (object, name, iso);
}

static gboolean
has_member (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && !JSON_NODE_HOLDS_NULL (node);
}

/**
 * fb_escalation_apply:
 * @row: the case as /sync carries it (a JSON object)
 * @outcome: for a callback attempt, an FbCallbackOutcome value
 * @note: (nullable): what the actor wrote
 *
 * The case after @action: status, level, owner and the seeds' milestones
 * (dispatched, responded, resolved, closed), a history entry for the
 * audit trail and, for a callback attempt, the attempt. The server applies
 * it for real; the app, to show the change at once while it is delivered.
 * Call fb_escalation_check() first.
 *
 * Returns: (transfer full): a new object node
 */
JsonNode *
fb_escalation_apply (JsonNode           *row,
                     FbEscalationAction  action,
                     const char         *actor,
                     int                 outcome,
                     const char         *note,
                     gint64              now)
{
  g_autoptr(FbEscalation) before = NULL;
  JsonNode *after;
  JsonObject *object, *entry;
  JsonArray *history;
  FbEscalationStatus status;
  const char *name;
  int level = -1;

  g_return_val_if_fail (row != NULL && JSON_NODE_HOLDS_OBJECT (row), NULL);
  g_return_val_if_fail (actor != NULL, NULL);

  if (!(before = fb_escalation_from_json (row, NULL)))
    return NULL;

  /* json_node_copy() shares objects and arrays: a deep copy, so the
   * caller's row (maybe an immutable parse) is never touched. */
  {
    g_autofree char *text = json_to_string (row, FALSE);

    after = json_from_string (text, NULL);
    g_assert (after != NULL && JSON_NODE_HOLDS_OBJECT (after));
  }
  object = json_node_get_object (after);

  status = fb_escalation_next_status (before, action, outcome);
  json_object_set_string_member (object, "status", fb_escalation_status_values[status]);

  switch (action)
    {
    case FB_ESCALATION_ACTION_TAKE:
      name = "started";
      json_object_set_string_member (object, "owner", actor);
      if (!has_member (object, "dispatched_at"))
        set_timestamp (object, "dispatched_at", now);
      break;

    case FB_ESCALATION_ACTION_ESCALATE:
      name = "escalated";
      level = MIN (before->level + 1, FB_LEVEL_DIRECTOR);
      json_object_set_string_member (object, "level", fb_escalation_level_values[level]);
      /* The next level of the chain takes it from here. */
      json_object_remove_member (object, "owner");
      if (!has_member (object, "dispatched_at"))
        set_timestamp (object, "dispatched_at", now);
      break;

    case FB_ESCALATION_ACTION_RESOLVE:
      name = "responded";
      set_timestamp (object, "responded_at", now);
      break;

    case FB_ESCALATION_ACTION_CALLBACK_ATTEMPT:
      {
        JsonObject *attempt = json_object_new ();
        JsonNode *node = json_object_get_member (object, "callback_attempts");
        JsonArray *attempts;

        name = "callback";
        if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
          {
            attempts = json_array_new ();
            json_object_set_array_member (object, "callback_attempts", attempts);
          }
        else
          attempts = json_node_get_array (node);
        set_timestamp (attempt, "at", now);
        json_object_set_string_member (attempt, "by", actor);
        json_object_set_string_member (attempt, "outcome", fb_callback_outcome_values[outcome]);
        if (note != NULL && note[0] != '\0')
          json_object_set_string_member (attempt, "note", note);
        json_array_add_object_element (attempts, attempt);
        if (status == FB_ESC_RESOLVED)
          set_timestamp (object, "resolved_at", now);
      }
      break;

    case FB_ESCALATION_ACTION_CLOSE:
      name = "closed";
      set_timestamp (object, "closed_at", now);
      break;

    default:
      g_assert_not_reached ();
    }

  entry = json_object_new ();
  set_timestamp (entry, "at", now);
  json_object_set_string_member (entry, "actor", actor);
  json_object_set_string_member (entry, "action", name);
  json_object_set_string_member (entry, "status", fb_escalation_status_values[status]);
  if (level >= 0)
    json_object_set_string_member (entry, "level", fb_escalation_level_values[level]);
  if (note != NULL && note[0] != '\0')
    json_object_set_string_member (entry, "note", note);
  if (!json_object_has_member (object, "history") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "history")))
    json_object_set_array_member (object, "history", json_array_new ());
  history = json_object_get_array_member (object, "history");
  json_array_add_object_element (history, entry);

  return after;
}
