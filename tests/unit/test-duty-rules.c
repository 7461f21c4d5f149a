/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-duty-rules.c: who writes, submits and takes the handover of a duty
 * report, as one table over a small center. */
#include <string.h>

#include "fb-duty-rules.h"

static FbRoster *
center (void)
{
  static const struct { const FbEntitySpec *spec; const char *json; } rows[] = {
    { &fb_team_spec, "{\"id\":\"t-day\",\"name\":\"주간\",\"shift\":\"day\",\"start\":\"08:00\",\"end\":\"20:00\"}" },
    { &fb_team_spec, "{\"id\":\"t-night\",\"name\":\"야간\",\"shift\":\"night\",\"start\":\"20:00\",\"end\":\"08:00\"}" },
    { &fb_agent_spec, "{\"id\":\"ag-n\",\"name\":\"Park\",\"employee_no\":\"3\",\"grade\":\"senior\",\"team_id\":\"t-night\","
                      "\"state\":\"offline\",\"state_since\":\"2026-11-30T00:00:00Z\",\"queue_id\":\"q1\"}" },
    { &fb_agent_spec, "{\"id\":\"ag-d\",\"name\":\"Kim\",\"employee_no\":\"4\",\"grade\":\"senior\",\"team_id\":\"t-day\","
                      "\"state\":\"offline\",\"state_since\":\"2026-11-30T00:00:00Z\",\"queue_id\":\"q1\"}" },
    /* The night leader (an agent too) is on leave on 12-10. */
    { &fb_leave_request_spec, "{\"id\":\"lv-1\",\"agent_id\":\"ag-n\",\"type\":\"vacation\",\"start_date\":\"2026-12-10\","
                              "\"end_date\":\"2026-12-10\",\"submitted_at\":\"2026-11-01T00:00:00Z\",\"status\":\"approved\"}" },
    /* The night leader works ag-d's day of 12-12 (and pays it back on 12-14). */
    { &fb_swap_request_spec, "{\"id\":\"sw-1\",\"agent_a\":\"ag-d\",\"agent_b\":\"ag-n\",\"date_a\":\"2026-12-12\","
                             "\"shift_a\":\"day\",\"date_b\":\"2026-12-14\",\"shift_b\":\"night\","
                             "\"submitted_at\":\"2026-11-01T00:00:00Z\",\"status\":\"approved\","
                             "\"leader_a_approved\":true,\"leader_b_approved\":true}" },
  };
  g_autoptr(GTimeZone) kst = g_time_zone_new_offset (9 * 3600);
  FbRoster *roster = fb_roster_new (kst);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(GError) error = NULL;
      gpointer entity = fb_entity_decode_string (rows[i].spec, rows[i].json, -1, &error);

      g_assert_no_error (error);
      fb_roster_take (roster, rows[i].spec, entity);
    }
  return roster;
}

static FbUser *
user (const char *id)
{
  static const struct { const char *id, *json; } users[] = {
    { "lead-day", "{\"id\":\"lead-day\",\"username\":\"a\",\"name\":\"A\",\"role\":\"shift_leader\",\"team_id\":\"t-day\"}" },
    { "lead-night", "{\"id\":\"lead-night\",\"username\":\"b\",\"name\":\"B\",\"role\":\"shift_leader\","
                    "\"team_id\":\"t-night\",\"agent_id\":\"ag-n\"}" },
    { "lead-none", "{\"id\":\"lead-none\",\"username\":\"c\",\"name\":\"C\",\"role\":\"shift_leader\"}" },
    { "sup", "{\"id\":\"sup\",\"username\":\"d\",\"name\":\"D\",\"role\":\"supervisor\"}" },
    { "sup-night", "{\"id\":\"sup-night\",\"username\":\"e\",\"name\":\"E\",\"role\":\"supervisor\",\"team_id\":\"t-night\"}" },
    { "mgr", "{\"id\":\"mgr\",\"username\":\"f\",\"name\":\"F\",\"role\":\"manager\"}" },
    { "qa", "{\"id\":\"qa\",\"username\":\"g\",\"name\":\"G\",\"role\":\"qa_inspector\"}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    if (g_str_equal (users[i].id, id))
      {
        g_autoptr(GError) error = NULL;
        FbUser *u = fb_entity_decode_string (&fb_user_spec, users[i].json, -1, &error);

        g_assert_no_error (error);
        return u;
      }
  g_assert_not_reached ();
}

static const struct
{
  const char   *what;
  const char   *user;
  FbDutyAction  action;
  const char   *date;
  FbShift       shift;
  const char   *author;
  const char   *code;    /* NULL: allowed */
} cases[] = {
  { "own-shift leader writes", "lead-day", FB_DUTY_WRITE, "2026-12-01", FB_SHIFT_DAY, NULL, NULL },
  { "own-shift leader edits another's", "lead-day", FB_DUTY_WRITE, "2026-12-01", FB_SHIFT_DAY, "sup", NULL },
  { "other-shift leader writes", "lead-night", FB_DUTY_WRITE, "2026-12-01", FB_SHIFT_DAY, "sup", "not_on_duty" },
  { "day leader writes the night's", "lead-day", FB_DUTY_WRITE, "2026-12-01", FB_SHIFT_NIGHT, NULL, "not_on_duty" },
  { "night leader writes the night's", "lead-night", FB_DUTY_WRITE, "2026-12-01", FB_SHIFT_NIGHT, NULL, NULL },
  { "night leader on leave", "lead-night", FB_DUTY_WRITE, "2026-12-10", FB_SHIFT_NIGHT, NULL, "not_on_duty" },
  { "night leader swapped onto a day", "lead-night", FB_DUTY_WRITE, "2026-12-12", FB_SHIFT_DAY, NULL, NULL },
  { "a leader with no team", "lead-none", FB_DUTY_WRITE, "2026-12-01", FB_SHIFT_DAY, NULL, "not_on_duty" },
  { "supervisor writes any shift", "sup", FB_DUTY_WRITE, "2026-12-01", FB_SHIFT_NIGHT, "lead-night", NULL },
  { "night supervisor writes the day's", "sup-night", FB_DUTY_WRITE, "2026-12-01", FB_SHIFT_DAY, NULL, "not_on_duty" },
  { "manager writes", "mgr", FB_DUTY_WRITE, "2026-12-01", FB_SHIFT_DAY, NULL, "role_not_allowed" },
  { "outgoing leader acknowledges", "lead-day", FB_DUTY_ACKNOWLEDGE, "2026-12-01", FB_SHIFT_DAY, "sup", "not_on_duty" },
  { "incoming leader acknowledges", "lead-night", FB_DUTY_ACKNOWLEDGE, "2026-12-01", FB_SHIFT_DAY, "lead-day", NULL },
  { "incoming day after a night", "lead-day", FB_DUTY_ACKNOWLEDGE, "2026-12-31", FB_SHIFT_NIGHT, "lead-night", NULL },
  { "the night's outgoing leader", "lead-night", FB_DUTY_ACKNOWLEDGE, "2026-12-31", FB_SHIFT_NIGHT, "sup", "not_on_duty" },
  { "supervisor acknowledges", "sup", FB_DUTY_ACKNOWLEDGE, "2026-12-01", FB_SHIFT_DAY, "lead-day", NULL },
  { "supervisor, their own report", "sup", FB_DUTY_ACKNOWLEDGE, "2026-12-01", FB_SHIFT_DAY, "sup", "own_report" },
  { "manager acknowledges", "mgr", FB_DUTY_ACKNOWLEDGE, "2026-12-01", FB_SHIFT_DAY, "lead-day", "role_not_allowed" },
  { "manager reviews", "mgr", FB_DUTY_REVIEW, "2026-12-01", FB_SHIFT_DAY, "lead-day", NULL },
  { "supervisor reviews", "sup", FB_DUTY_REVIEW, "2026-12-01", FB_SHIFT_DAY, "lead-day", "role_not_allowed" },
  { "QA inspector reviews", "qa", FB_DUTY_REVIEW, "2026-12-01", FB_SHIFT_DAY, "lead-day", "role_not_allowed" },
};

static void
test_table (void)
{
  g_autoptr(FbRoster) roster = center ();
  g_autoptr(GString) mismatches = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FbUser) u = user (cases[i].user);
      g_autoptr(FbCheck) check = fb_duty_report_check (roster, u, cases[i].action, cases[i].date, cases[i].shift,
                                                      cases[i].author);

      if (g_strcmp0 (check ? check->code : NULL, cases[i].code) != 0)
        g_string_append_printf (mismatches, "%s: %s, expected %s\n", cases[i].what,
                                check ? check->code : "allowed", cases[i].code ? cases[i].code : "allowed");
      /* A refusal says why, in words; authority is 403, one's own report 422. */
      if (check != NULL)
        {
          g_assert_true (check->message != NULL && check->message[0] != '\0');
          g_assert_cmpint (check->kind, ==, g_str_equal (check->code, "own_report") ? FB_CHECK_RULE : FB_CHECK_FORBIDDEN);
        }
    }
  if (mismatches->len > 0)
    g_error ("duty report rule:\n%s", mismatches->str);
}

static void
test_next_shift (void)
{
  g_autofree char *d1 = NULL, *d2 = NULL, *d3 = NULL;
  FbShift s;

  fb_duty_next_shift ("2026-12-01", FB_SHIFT_DAY, &d1, &s);
  g_assert_cmpstr (d1, ==, "2026-12-01");
  g_assert_cmpint (s, ==, FB_SHIFT_NIGHT);
  fb_duty_next_shift ("2026-12-31", FB_SHIFT_NIGHT, &d2, &s);
  g_assert_cmpstr (d2, ==, "2027-01-01");
  g_assert_cmpint (s, ==, FB_SHIFT_DAY);
  fb_duty_next_shift ("2028-02-28", FB_SHIFT_NIGHT, &d3, &s);
  g_assert_cmpstr (d3, ==, "2028-02-29");
}

/* The role step alone, which the app shows before it knows the roster:
 * it agrees with the full check for every role. */
static void
test_role_may (void)
{
  static const struct { FbRole role; gboolean write, review; } roles[] = {
    { FB_ROLE_AGENT, FALSE, FALSE },
    { FB_ROLE_SHIFT_LEADER, TRUE, FALSE },
    { FB_ROLE_SUPERVISOR, TRUE, FALSE },
    { FB_ROLE_QA_INSPECTOR, FALSE, FALSE },
    { FB_ROLE_MANAGER, FALSE, TRUE },
    { FB_ROLE_DIRECTOR, FALSE, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_assert_cmpint (fb_duty_role_may (roles[i].role, FB_DUTY_WRITE), ==, roles[i].write);
      g_assert_cmpint (fb_duty_role_may (roles[i].role, FB_DUTY_ACKNOWLEDGE), ==, roles[i].write);
      g_assert_cmpint (fb_duty_role_may (roles[i].role, FB_DUTY_REVIEW), ==, roles[i].review);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/duty-rules/table", test_table);
  g_test_add_func ("/duty-rules/next-shift", test_next_shift);
  g_test_add_func ("/duty-rules/role-may", test_role_may);
  return g_test_run ();
}
