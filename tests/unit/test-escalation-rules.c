/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-escalation-rules.c: the seeds' escalation rules, case by case. */
#include <locale.h>

#include "fb-entity.h"
#include "fb-escalation-rules.h"

static FbEscalation *
escalation (FbEscalationStatus status,
            FbEscalationLevel  level,
            const char * const *outcomes)
{
  FbEscalation *e = g_new0 (FbEscalation, 1);

  e->status = status;
  e->level = level;
  e->callback_attempts = json_array_new ();
  for (guint i = 0; outcomes && outcomes[i]; i++)
    {
      JsonObject *attempt = json_object_new ();

      json_object_set_string_member (attempt, "at", "2026-11-22T10:00:00+09:00");
      json_object_set_string_member (attempt, "by", "u-leader");
      json_object_set_string_member (attempt, "outcome", outcomes[i]);
      json_array_add_object_element (e->callback_attempts, attempt);
    }
  return e;
}

/* Seconds since the epoch: a case raised late in the evening in Seoul is
 * due the next day there, and the same instant everywhere. */
static void
test_deadlines (void)
{
  gint64 raised, dispatch, response, callback, expected;

  g_assert_true (fb_timestamp_from_iso ("2026-11-22T23:30:00+09:00", &raised));
  fb_escalation_deadlines (raised, &dispatch, &response, &callback);
  g_assert_true (fb_timestamp_from_iso ("2026-11-23T00:30:00+09:00", &expected));
  g_assert_cmpint (dispatch, ==, expected);
  g_assert_true (fb_timestamp_from_iso ("2026-11-23T14:30:00Z", &expected));
  g_assert_cmpint (response, ==, expected);
  g_assert_true (fb_timestamp_from_iso ("2026-11-25T23:30:00+09:00", &expected));
  g_assert_cmpint (callback, ==, expected);
  /* Across a month end and a year end. */
  g_assert_true (fb_timestamp_from_iso ("2026-12-31T23:59:59+09:00", &raised));
  fb_escalation_deadlines (raised, NULL, NULL, &callback);
  g_assert_true (fb_timestamp_from_iso ("2027-01-03T23:59:59+09:00", &expected));
  g_assert_cmpint (callback, ==, expected);
  /* The boundary itself: 60 minutes exactly. */
  fb_escalation_deadlines (0 + 1000, &dispatch, NULL, NULL);
  g_assert_cmpint (dispatch - 1000, ==, 3600);
}

/* Every status × action for a supervisor on a shift-leader case: only
 * the transitions of the lifecycle are allowed, and each lands where the
 * lifecycle says. */
static void
test_transitions (void)
{
  static const struct { FbEscalationStatus from; FbEscalationAction action; gboolean ok; FbEscalationStatus to; } table[] = {
    { FB_ESC_RAISED, FB_ESCALATION_ACTION_TAKE, TRUE, FB_ESC_IN_PROGRESS },
    { FB_ESC_RAISED, FB_ESCALATION_ACTION_ESCALATE, TRUE, FB_ESC_DISPATCHED },
    { FB_ESC_RAISED, FB_ESCALATION_ACTION_CALLBACK_ATTEMPT, FALSE },
    { FB_ESC_RAISED, FB_ESCALATION_ACTION_RESOLVE, FALSE },
    { FB_ESC_RAISED, FB_ESCALATION_ACTION_CLOSE, FALSE },
    { FB_ESC_DISPATCHED, FB_ESCALATION_ACTION_TAKE, TRUE, FB_ESC_IN_PROGRESS },
    { FB_ESC_DISPATCHED, FB_ESCALATION_ACTION_ESCALATE, TRUE, FB_ESC_DISPATCHED },
    { FB_ESC_DISPATCHED, FB_ESCALATION_ACTION_CALLBACK_ATTEMPT, FALSE },
    { FB_ESC_DISPATCHED, FB_ESCALATION_ACTION_RESOLVE, FALSE },
    { FB_ESC_DISPATCHED, FB_ESCALATION_ACTION_CLOSE, FALSE },
    { FB_ESC_IN_PROGRESS, FB_ESCALATION_ACTION_TAKE, FALSE },
    { FB_ESC_IN_PROGRESS, FB_ESCALATION_ACTION_ESCALATE, TRUE, FB_ESC_DISPATCHED },
    { FB_ESC_IN_PROGRESS, FB_ESCALATION_ACTION_CALLBACK_ATTEMPT, FALSE },
    { FB_ESC_IN_PROGRESS, FB_ESCALATION_ACTION_RESOLVE, TRUE, FB_ESC_AWAITING_CALLBACK },
    { FB_ESC_IN_PROGRESS, FB_ESCALATION_ACTION_CLOSE, FALSE },
    { FB_ESC_AWAITING_CALLBACK, FB_ESCALATION_ACTION_TAKE, FALSE },
    { FB_ESC_AWAITING_CALLBACK, FB_ESCALATION_ACTION_ESCALATE, FALSE },
    { FB_ESC_AWAITING_CALLBACK, FB_ESCALATION_ACTION_CALLBACK_ATTEMPT, TRUE, FB_ESC_AWAITING_CALLBACK },
    { FB_ESC_AWAITING_CALLBACK, FB_ESCALATION_ACTION_RESOLVE, FALSE },
    { FB_ESC_AWAITING_CALLBACK, FB_ESCALATION_ACTION_CLOSE, FALSE },
    { FB_ESC_RESOLVED, FB_ESCALATION_ACTION_TAKE, FALSE },
    { FB_ESC_RESOLVED, FB_ESCALATION_ACTION_ESCALATE, FALSE },
    { FB_ESC_RESOLVED, FB_ESCALATION_ACTION_CALLBACK_ATTEMPT, FALSE },
    { FB_ESC_RESOLVED, FB_ESCALATION_ACTION_RESOLVE, FALSE },
    { FB_ESC_RESOLVED, FB_ESCALATION_ACTION_CLOSE, TRUE, FB_ESC_CLOSED },
    { FB_ESC_CLOSED, FB_ESCALATION_ACTION_TAKE, FALSE },
    { FB_ESC_CLOSED, FB_ESCALATION_ACTION_ESCALATE, FALSE },
    { FB_ESC_CLOSED, FB_ESCALATION_ACTION_CALLBACK_ATTEMPT, FALSE },
    { FB_ESC_CLOSED, FB_ESCALATION_ACTION_RESOLVE, FALSE },
    { FB_ESC_CLOSED, FB_ESCALATION_ACTION_CLOSE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autoptr(FbEscalation) e = escalation (table[i].from, FB_LEVEL_SHIFT_LEADER, NULL);
      g_autoptr(GError) error = NULL;
      gboolean ok = fb_escalation_check (e, FB_ROLE_SUPERVISOR, table[i].action, 1 /* no_answer */, &error);

      g_test_message ("%s --%s-->", fb_escalation_status_values[table[i].from],
                      fb_escalation_action_values[table[i].action]);
      g_assert_cmpint (ok, ==, table[i].ok);
      if (!ok && table[i].from == FB_ESC_AWAITING_CALLBACK && table[i].action == FB_ESCALATION_ACTION_CLOSE)
        {
          /* Allowed from there, once the callback rule is met (below). */
          g_assert_error (error, FB_RULE_ERROR, FB_RULE_ERROR_CALLBACK_REQUIRED);
          continue;
        }
      if (!ok)
        {
          g_assert_error (error, FB_RULE_ERROR, FB_RULE_ERROR_STATE);
          g_assert_cmpstr (fb_rule_error_code_name (error->code), ==, "illegal_transition");
          continue;
        }
      g_assert_cmpint (fb_escalation_next_status (e, table[i].action, 1), ==, table[i].to);
    }
}

/* Agents and QA inspectors act on no case; the others only up to their
 * level; nobody escalates past the director. */
static void
test_roles_and_levels (void)
{
  static const struct { FbRole role; FbEscalationLevel level; int code; } table[] = {
    { FB_ROLE_AGENT, FB_LEVEL_AGENT, FB_RULE_ERROR_ROLE },
    { FB_ROLE_QA_INSPECTOR, FB_LEVEL_AGENT, FB_RULE_ERROR_ROLE },
    { FB_ROLE_SHIFT_LEADER, FB_LEVEL_AGENT, -1 },
    { FB_ROLE_SHIFT_LEADER, FB_LEVEL_SHIFT_LEADER, -1 },
    { FB_ROLE_SHIFT_LEADER, FB_LEVEL_SUPERVISOR, FB_RULE_ERROR_LEVEL },
    { FB_ROLE_SUPERVISOR, FB_LEVEL_SUPERVISOR, -1 },
    { FB_ROLE_SUPERVISOR, FB_LEVEL_DIRECTOR, FB_RULE_ERROR_LEVEL },
    { FB_ROLE_MANAGER, FB_LEVEL_SUPERVISOR, -1 },
    { FB_ROLE_MANAGER, FB_LEVEL_DIRECTOR, FB_RULE_ERROR_LEVEL },
    { FB_ROLE_DIRECTOR, FB_LEVEL_DIRECTOR, FB_RULE_ERROR_TOP_LEVEL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autoptr(FbEscalation) e = escalation (FB_ESC_DISPATCHED, table[i].level, NULL);
      g_autoptr(GError) error = NULL;
      gboolean ok = fb_escalation_check (e, table[i].role, FB_ESCALATION_ACTION_ESCALATE, -1, &error);

      g_test_message ("%s on a %s case", fb_role_values[table[i].role], fb_escalation_level_values[table[i].level]);
      if (table[i].code < 0)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, FB_RULE_ERROR, table[i].code);
          g_assert_nonnull (error->message);
        }
    }
  /* The director takes a case at any level. */
  {
    g_autoptr(FbEscalation) e = escalation (FB_ESC_RAISED, FB_LEVEL_DIRECTOR, NULL);
    g_assert_true (fb_escalation_check (e, FB_ROLE_DIRECTOR, FB_ESCALATION_ACTION_TAKE, -1, NULL));
  }
}

/* Seeds: closed unreached only after 3 failed attempts or a wrong number;
 * a reached customer resolves the case; an attempt names its outcome. */
static void
test_callback_close_rule (void)
{
  static const struct { const char *outcomes[5]; gboolean closes; } table[] = {
    { { NULL }, FALSE },
    { { "no_answer", NULL }, FALSE },
    { { "no_answer", "busy", NULL }, FALSE },
    { { "no_answer", "busy", "no_answer", NULL }, TRUE },
    { { "wrong_number", NULL }, TRUE },
    { { "reached", "reached", "no_answer", NULL }, FALSE },
    { { "no_answer", "busy", "busy", "no_answer", NULL }, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autoptr(FbEscalation) e = escalation (FB_ESC_AWAITING_CALLBACK, FB_LEVEL_SHIFT_LEADER, table[i].outcomes);
      g_autoptr(GError) error = NULL;
      gboolean ok = fb_escalation_check (e, FB_ROLE_SHIFT_LEADER, FB_ESCALATION_ACTION_CLOSE, -1, &error);

      g_test_message ("case %u", i);
      g_assert_cmpint (ok, ==, table[i].closes);
      if (!ok)
        {
          g_assert_error (error, FB_RULE_ERROR, FB_RULE_ERROR_CALLBACK_REQUIRED);
          g_assert_cmpstr (fb_rule_error_code_name (error->code), ==, "callback_attempts_required");
        }
    }

  {
    g_autoptr(FbEscalation) e = escalation (FB_ESC_AWAITING_CALLBACK, FB_LEVEL_AGENT, NULL);
    g_autoptr(GError) error = NULL;
    gboolean wrong = TRUE;

    g_assert_cmpint (fb_escalation_next_status (e, FB_ESCALATION_ACTION_CALLBACK_ATTEMPT, 0), ==, FB_ESC_RESOLVED);
    g_assert_cmpint (fb_escalation_next_status (e, FB_ESCALATION_ACTION_CALLBACK_ATTEMPT, 3), ==, FB_ESC_AWAITING_CALLBACK);
    g_assert_false (fb_escalation_check (e, FB_ROLE_SUPERVISOR, FB_ESCALATION_ACTION_CALLBACK_ATTEMPT, -1, &error));
    g_assert_error (error, FB_RULE_ERROR, FB_RULE_ERROR_OUTCOME);
    g_clear_error (&error);
    g_assert_false (fb_escalation_check (e, FB_ROLE_SUPERVISOR, FB_ESCALATION_ACTION_CALLBACK_ATTEMPT, 4, &error));
    g_assert_error (error, FB_RULE_ERROR, FB_RULE_ERROR_OUTCOME);
    g_assert_cmpuint (fb_escalation_failed_attempts (e, &wrong), ==, 0);
    g_assert_false (wrong);
  }
}


/* Which deadline a case races: dispatch until someone has it, the
 * response until given, the callback until the customer is reached. */
static void
test_next_deadline (void)
{
  g_autoptr(FbEscalation) e = escalation (FB_ESC_RAISED, FB_LEVEL_SHIFT_LEADER, NULL);
  gint64 due = -1;

  fb_escalation_deadlines (1000, &e->dispatch_due, &e->response_due, &e->callback_due);
  g_assert_cmpint (fb_escalation_next_deadline (e, &due), ==, FB_DEADLINE_DISPATCH);
  g_assert_cmpint (due, ==, 1000 + 3600);
  e->status = FB_ESC_DISPATCHED;
  e->dispatched_at = 2000;
  g_assert_cmpint (fb_escalation_next_deadline (e, &due), ==, FB_DEADLINE_RESPONSE);
  g_assert_cmpint (due, ==, 1000 + 24 * 3600);
  e->status = FB_ESC_IN_PROGRESS;
  g_assert_cmpint (fb_escalation_next_deadline (e, &due), ==, FB_DEADLINE_RESPONSE);
  e->status = FB_ESC_AWAITING_CALLBACK;
  e->responded_at = 3000;
  g_assert_cmpint (fb_escalation_next_deadline (e, &due), ==, FB_DEADLINE_CALLBACK);
  g_assert_cmpint (due, ==, 1000 + 72 * 3600);
  e->status = FB_ESC_RESOLVED;
  g_assert_cmpint (fb_escalation_next_deadline (e, NULL), ==, FB_DEADLINE_NONE);
  e->status = FB_ESC_CLOSED;
  g_assert_cmpint (fb_escalation_next_deadline (e, &due), ==, FB_DEADLINE_NONE);
}

static JsonNode *
case_node (const char *status,
           const char *level)
{
  g_autofree char *json = g_strdup_printf (
    "{\"id\":\"e-1\",\"customer_ref\":\"010-****-1234\",\"category\":\"billing\","
    "\"severity\":\"high\",\"summary\":\"이중 청구\",\"raised_by\":\"u-a\","
    "\"raised_at\":\"2026-11-22T10:00:00+09:00\",\"level\":\"%s\",\"owner\":\"u-old\","
    "\"status\":\"%s\",\"dispatch_due\":\"2026-11-22T11:00:00+09:00\","
    "\"response_due\":\"2026-11-23T10:00:00+09:00\",\"callback_due\":\"2026-11-25T10:00:00+09:00\","
    "\"history\":[{\"at\":\"2026-11-22T10:00:00+09:00\",\"actor\":\"u-a\",\"action\":\"raised\"}]}",
    level, status);
  return json_from_string (json, NULL);
}

static FbEscalation *
applied (JsonNode           *node,
         FbEscalationAction  action,
         int                 outcome)
{
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before_text = json_to_string (node, FALSE);
  g_autofree char *still = NULL;
  FbEscalation *e;

  after = fb_escalation_apply (node, action, "u-sup", outcome, "고객 통화", 1795000000);
  g_assert_nonnull (after);
  /* The input is never touched (it may be an immutable parse). */
  still = json_to_string (node, FALSE);
  g_assert_cmpstr (still, ==, before_text);
  /* What comes out is a valid case. */
  e = fb_escalation_from_json (after, &error);
  g_assert_no_error (error);
  return e;
}

static JsonObject *
last_entry (JsonArray *array)
{
  return json_array_get_object_element (array, json_array_get_length (array) - 1);
}

/* The case after each action: what the server stores, the app shows. */
static void
test_apply (void)
{
  g_autoptr(JsonNode) raised = case_node ("raised", "shift_leader");
  g_autoptr(JsonNode) progress = case_node ("in_progress", "supervisor");
  g_autoptr(JsonNode) waiting = case_node ("awaiting_callback", "supervisor");
  g_autoptr(JsonNode) resolved = case_node ("resolved", "supervisor");
  g_autoptr(FbEscalation) e = NULL;
  JsonObject *entry;

  e = applied (raised, FB_ESCALATION_ACTION_TAKE, -1);
  g_assert_cmpint (e->status, ==, FB_ESC_IN_PROGRESS);
  g_assert_cmpstr (e->owner, ==, "u-sup");
  g_assert_cmpint (e->dispatched_at, ==, 1795000000);
  g_assert_cmpuint (json_array_get_length (e->history), ==, 2);
  entry = last_entry (e->history);
  g_assert_cmpstr (json_object_get_string_member (entry, "action"), ==, "started");
  g_assert_cmpstr (json_object_get_string_member (entry, "actor"), ==, "u-sup");
  g_assert_cmpstr (json_object_get_string_member (entry, "note"), ==, "고객 통화");
  g_clear_pointer (&e, fb_escalation_free);

  e = applied (raised, FB_ESCALATION_ACTION_ESCALATE, -1);
  g_assert_cmpint (e->status, ==, FB_ESC_DISPATCHED);
  g_assert_cmpint (e->level, ==, FB_LEVEL_SUPERVISOR);
  g_assert_null (e->owner);
  entry = last_entry (e->history);
  g_assert_cmpstr (json_object_get_string_member (entry, "level"), ==, "supervisor");
  g_clear_pointer (&e, fb_escalation_free);

  e = applied (progress, FB_ESCALATION_ACTION_RESOLVE, -1);
  g_assert_cmpint (e->status, ==, FB_ESC_AWAITING_CALLBACK);
  g_assert_cmpint (e->responded_at, ==, 1795000000);
  g_assert_cmpstr (e->owner, ==, "u-old");
  g_clear_pointer (&e, fb_escalation_free);

  e = applied (waiting, FB_ESCALATION_ACTION_CALLBACK_ATTEMPT, 1 /* no_answer */);
  g_assert_cmpint (e->status, ==, FB_ESC_AWAITING_CALLBACK);
  g_assert_cmpuint (json_array_get_length (e->callback_attempts), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (last_entry (e->callback_attempts), "outcome"), ==, "no_answer");
  g_assert_cmpint (e->resolved_at, ==, 0);
  g_clear_pointer (&e, fb_escalation_free);

  e = applied (waiting, FB_ESCALATION_ACTION_CALLBACK_ATTEMPT, 0 /* reached */);
  g_assert_cmpint (e->status, ==, FB_ESC_RESOLVED);
  g_assert_cmpint (e->resolved_at, ==, 1795000000);
  g_clear_pointer (&e, fb_escalation_free);

  e = applied (resolved, FB_ESCALATION_ACTION_CLOSE, -1);
  g_assert_cmpint (e->status, ==, FB_ESC_CLOSED);
  g_assert_cmpint (e->closed_at, ==, 1795000000);
  g_assert_cmpstr (json_object_get_string_member (last_entry (e->history), "action"), ==, "closed");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/escalation/deadlines", test_deadlines);
  g_test_add_func ("/escalation/transitions", test_transitions);
  g_test_add_func ("/escalation/roles-and-levels", test_roles_and_levels);
  g_test_add_func ("/escalation/callback-close-rule", test_callback_close_rule);
  g_test_add_func ("/escalation/next-deadline", test_next_deadline);
  g_test_add_func ("/escalation/apply", test_apply);
  return g_test_run ();
}
