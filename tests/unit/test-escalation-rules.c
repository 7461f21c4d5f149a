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
  return g_test_run ();
}
