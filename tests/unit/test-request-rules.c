/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Leave, swap and seat rules: each seed rule and each role, on a small
 * center built from JSON rows as /sync carries them. */
#include <string.h>

#include "fb-request-rules.h"

/* 2026-12-01 00:00 KST. */
#define NOW ((gint64) 1796050800)
#define HOUR ((gint64) 3600)
/* Picks own their strings; these literals are only read. */
#define P(seat, agent) { (char *) seat, (char *) agent }

static FbRoster *
center (void)
{
  static const struct { const FbEntitySpec *spec; const char *json; } rows[] = {
    { &fb_team_spec, "{\"id\":\"t-day\",\"name\":\"A\",\"leader_id\":\"ag-1\",\"shift\":\"day\",\"start\":\"08:00\",\"end\":\"20:00\"}" },
    { &fb_team_spec, "{\"id\":\"t-day2\",\"name\":\"B\",\"leader_id\":\"ag-5\",\"shift\":\"day\",\"start\":\"08:00\",\"end\":\"20:00\"}" },
    { &fb_team_spec, "{\"id\":\"t-night\",\"name\":\"C\",\"leader_id\":\"ag-3\",\"shift\":\"night\",\"start\":\"20:00\",\"end\":\"08:00\"}" },
    { &fb_agent_spec, "{\"id\":\"ag-1\",\"name\":\"Kim\",\"employee_no\":\"1\",\"grade\":\"senior\",\"team_id\":\"t-day\",\"state\":\"offline\",\"state_since\":\"2026-11-30T00:00:00Z\",\"queue_id\":\"q1\"}" },
    { &fb_agent_spec, "{\"id\":\"ag-2\",\"name\":\"Lee\",\"employee_no\":\"2\",\"grade\":\"junior\",\"team_id\":\"t-day\",\"state\":\"offline\",\"state_since\":\"2026-11-30T00:00:00Z\",\"queue_id\":\"q1\"}" },
    { &fb_agent_spec, "{\"id\":\"ag-3\",\"name\":\"Park\",\"employee_no\":\"3\",\"grade\":\"junior\",\"team_id\":\"t-night\",\"state\":\"offline\",\"state_since\":\"2026-11-30T00:00:00Z\",\"queue_id\":\"q1\"}" },
    { &fb_agent_spec, "{\"id\":\"ag-4\",\"name\":\"Choi\",\"employee_no\":\"4\",\"grade\":\"junior\",\"team_id\":\"t-day2\",\"state\":\"offline\",\"state_since\":\"2026-11-30T00:00:00Z\",\"queue_id\":\"q1\"}" },
    { &fb_agent_spec, "{\"id\":\"ag-5\",\"name\":\"Jung\",\"employee_no\":\"5\",\"grade\":\"senior\",\"team_id\":\"t-day2\",\"state\":\"offline\",\"state_since\":\"2026-11-30T00:00:00Z\",\"queue_id\":\"q2\"}" },
    { &fb_agent_spec, "{\"id\":\"ag-6\",\"name\":\"Kang\",\"employee_no\":\"6\",\"grade\":\"junior\",\"team_id\":\"t-day2\",\"state\":\"offline\",\"state_since\":\"2026-11-30T00:00:00Z\",\"queue_id\":\"q2\"}" },
    { &fb_holiday_duty_spec, "{\"id\":\"hd-1\",\"date\":\"2026-12-25\",\"agent_id\":\"ag-2\",\"holiday\":\"Christmas\"}" },
    /* ag-6 is away 12-20..12-21; ag-4 swapped 12-15 ↔ 12-17 already. */
    { &fb_leave_request_spec, "{\"id\":\"lv-old\",\"agent_id\":\"ag-6\",\"type\":\"vacation\",\"start_date\":\"2026-12-20\",\"end_date\":\"2026-12-21\",\"submitted_at\":\"2026-11-01T00:00:00Z\",\"status\":\"approved\"}" },
    { &fb_swap_request_spec, "{\"id\":\"sw-old\",\"agent_a\":\"ag-4\",\"agent_b\":\"ag-6\",\"date_a\":\"2026-12-15\",\"shift_a\":\"day\",\"date_b\":\"2026-12-17\",\"shift_b\":\"day\",\"submitted_at\":\"2026-11-01T00:00:00Z\",\"status\":\"approved\",\"leader_a_approved\":true,\"leader_b_approved\":true}" },
  };
  FbRoster *roster;
  g_autoptr(GTimeZone) kst = g_time_zone_new_offset (9 * 3600);

  roster = fb_roster_new (kst);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(GError) error = NULL;
      gpointer entity = fb_entity_decode_string (rows[i].spec, rows[i].json, -1, &error);

      g_assert_no_error (error);
      fb_roster_take (roster, rows[i].spec, entity);
    }
  for (guint i = 1; i <= 8; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"id\":\"s%u\",\"zone\":\"%s\",\"x\":%u,\"y\":0,\"label\":\"S%u\","
                                               "\"equipment\":\"%s\"}",
                                               i, i <= 4 ? "A" : "B", i, i, i == 2 ? "faulty" : "ok");
      g_autoptr(GError) error = NULL;

      fb_roster_take (roster, &fb_seat_spec, fb_entity_decode_string (&fb_seat_spec, json, -1, &error));
      g_assert_no_error (error);
    }
  return roster;
}

static FbLeaveRequest *
leave (const char *agent,
       const char *type,
       const char *start,
       const char *end,
       gint64      submitted,
       gboolean    certificate,
       const char *status)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (submitted);
  g_autofree char *at = g_date_time_format_iso8601 (dt);
  g_autofree char *json = g_strdup_printf ("{\"id\":\"lv-t\",\"agent_id\":\"%s\",\"type\":\"%s\",\"start_date\":\"%s\","
                                           "\"end_date\":\"%s\",\"submitted_at\":\"%s\",\"certificate\":%s,"
                                           "\"status\":\"%s\"}",
                                           agent, type, start, end, at, certificate ? "true" : "false", status);
  g_autoptr(GError) error = NULL;
  FbLeaveRequest *l = fb_entity_decode_string (&fb_leave_request_spec, json, -1, &error);

  g_assert_no_error (error);
  return l;
}

static FbSwapRequest *
swap (const char *a,
      const char *b,
      const char *date_a,
      const char *shift_a,
      const char *date_b,
      const char *shift_b,
      gboolean    leader_a,
      gboolean    leader_b)
{
  static guint n;
  g_autofree char *json = g_strdup_printf ("{\"id\":\"sw-t%u\",\"agent_a\":\"%s\",\"agent_b\":\"%s\",\"date_a\":\"%s\","
                                           "\"shift_a\":\"%s\",\"date_b\":\"%s\",\"shift_b\":\"%s\","
                                           "\"submitted_at\":\"2026-11-30T15:00:00Z\",\"status\":\"pending\","
                                           "\"leader_a_approved\":%s,\"leader_b_approved\":%s}",
                                           ++n, a, b, date_a, shift_a, date_b, shift_b,
                                           leader_a ? "true" : "false", leader_b ? "true" : "false");
  g_autoptr(GError) error = NULL;
  FbSwapRequest *s = fb_entity_decode_string (&fb_swap_request_spec, json, -1, &error);

  g_assert_no_error (error);
  return s;
}

/* The codes of @checks of @kind, space-separated, in order: "" for none. */
static char *
codes (GPtrArray   *checks,
       int          kind)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < checks->len; i++)
    {
      const FbCheck *c = g_ptr_array_index (checks, i);

      g_assert_nonnull (c->message);
      g_assert_cmpstr (c->message, !=, "");
      if (kind >= 0 && (int) c->kind != kind)
        continue;
      if (s->len)
        g_string_append_c (s, ' ');
      g_string_append (s, c->code);
    }
  return g_string_free (s, FALSE);
}

static void
test_leave_decisions (void)
{
  g_autoptr(FbRoster) r = center ();
  static const struct {
    const char *type, *start, *end;
    gint64      submitted;
    gboolean    certificate;
    const char *status;
    FbDecision  decision;
    FbRole      role;
    const char *reason;
    const char *blocking;   /* FORBIDDEN and RULE codes */
    const char *flags;
  } cases[] = {
    /* Authority. */
    { "personal", "2026-12-10", "2026-12-10", NOW, FALSE, "pending", FB_DECISION_APPROVE, FB_ROLE_MANAGER, NULL, "", "" },
    { "personal", "2026-12-10", "2026-12-10", NOW, FALSE, "pending", FB_DECISION_APPROVE, FB_ROLE_DIRECTOR, NULL, "", "" },
    { "personal", "2026-12-10", "2026-12-10", NOW, FALSE, "pending", FB_DECISION_APPROVE, FB_ROLE_SUPERVISOR, NULL, "role_not_allowed", "" },
    { "personal", "2026-12-10", "2026-12-10", NOW, FALSE, "pending", FB_DECISION_APPROVE, FB_ROLE_SHIFT_LEADER, NULL, "role_not_allowed", "" },
    { "personal", "2026-12-10", "2026-12-10", NOW, FALSE, "pending", FB_DECISION_APPROVE, FB_ROLE_QA_INSPECTOR, NULL, "role_not_allowed", "" },
    { "personal", "2026-12-10", "2026-12-10", NOW, FALSE, "pending", FB_DECISION_APPROVE, FB_ROLE_AGENT, NULL, "role_not_allowed", "" },
    { "vacation", "2026-12-10", "2026-12-12", NOW, FALSE, "pending", FB_DECISION_APPROVE, FB_ROLE_MANAGER, NULL, "director_only", "" },
    { "vacation", "2026-12-10", "2026-12-12", NOW, FALSE, "pending", FB_DECISION_APPROVE, FB_ROLE_DIRECTOR, NULL, "", "" },
    { "business_study", "2026-12-10", "2026-12-10", NOW, FALSE, "pending", FB_DECISION_APPROVE, FB_ROLE_MANAGER, NULL, "director_only", "" },
    { "business_study", "2026-12-10", "2026-12-10", NOW, FALSE, "pending", FB_DECISION_REJECT, FB_ROLE_MANAGER, "x", "director_only", "" },
    /* Certificate, holiday duty, overlap. */
    { "sick", "2026-12-02", "2026-12-02", NOW, FALSE, "pending", FB_DECISION_APPROVE, FB_ROLE_MANAGER, NULL, "certificate_required", "" },
    { "sick", "2026-12-02", "2026-12-02", NOW, TRUE, "pending", FB_DECISION_APPROVE, FB_ROLE_MANAGER, NULL, "", "" },
    { "vacation", "2026-12-24", "2026-12-26", NOW, FALSE, "pending", FB_DECISION_APPROVE, FB_ROLE_DIRECTOR, NULL, "holiday_duty", "" },
    /* Notice: personal a day, special an hour, vacation two days (shift at 08:00 KST = 23:00Z the day before). */
    { "personal", "2026-12-02", "2026-12-02", NOW + 10 * HOUR, FALSE, "pending", FB_DECISION_APPROVE, FB_ROLE_MANAGER, NULL, "reason_required", "late_notice" },
    { "personal", "2026-12-02", "2026-12-02", NOW + 10 * HOUR, FALSE, "pending", FB_DECISION_APPROVE, FB_ROLE_MANAGER, "urgent", "", "late_notice" },
    { "personal", "2026-12-02", "2026-12-02", NOW + 8 * HOUR, FALSE, "pending", FB_DECISION_APPROVE, FB_ROLE_MANAGER, NULL, "", "" },
    { "special", "2026-12-01", "2026-12-01", NOW + 7 * HOUR, FALSE, "pending", FB_DECISION_APPROVE, FB_ROLE_MANAGER, NULL, "", "" },
    { "special", "2026-12-01", "2026-12-01", NOW + 7 * HOUR + 1800, FALSE, "pending", FB_DECISION_APPROVE, FB_ROLE_MANAGER, NULL, "reason_required", "late_notice" },
    { "vacation", "2026-12-02", "2026-12-02", NOW, FALSE, "pending", FB_DECISION_APPROVE, FB_ROLE_MANAGER, NULL, "reason_required", "late_notice" },
    { "vacation", "2026-12-03", "2026-12-03", NOW, FALSE, "pending", FB_DECISION_APPROVE, FB_ROLE_MANAGER, NULL, "", "" },
    /* Night-shift leave: an exception, asked before noon. */
    { "night_shift", "2026-12-01", "2026-12-01", NOW + 13 * HOUR, FALSE, "pending", FB_DECISION_APPROVE, FB_ROLE_MANAGER, "ill", "night_shift_after_noon", "" },
    { "night_shift", "2026-12-01", "2026-12-01", NOW + 10 * HOUR, FALSE, "pending", FB_DECISION_APPROVE, FB_ROLE_MANAGER, NULL, "reason_required", "night_shift_exception" },
    { "night_shift", "2026-12-01", "2026-12-01", NOW + 10 * HOUR, FALSE, "pending", FB_DECISION_APPROVE, FB_ROLE_MANAGER, "family", "", "night_shift_exception" },
    /* Rejections need a reason; a decided request stays decided. */
    { "personal", "2026-12-10", "2026-12-10", NOW, FALSE, "pending", FB_DECISION_REJECT, FB_ROLE_MANAGER, "  ", "reason_required", "" },
    { "personal", "2026-12-10", "2026-12-10", NOW, FALSE, "pending", FB_DECISION_REJECT, FB_ROLE_MANAGER, "short staffed", "", "" },
    { "personal", "2026-12-10", "2026-12-10", NOW, FALSE, "approved", FB_DECISION_APPROVE, FB_ROLE_MANAGER, NULL, "not_pending", "" },
    { "personal", "2026-12-10", "2026-12-10", NOW, FALSE, "rejected", FB_DECISION_REJECT, FB_ROLE_MANAGER, "x", "not_pending", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      /* Night-shift leave by a night worker, the rest by a day worker. */
      g_autoptr(FbLeaveRequest) l = leave (g_str_equal (cases[i].type, "night_shift") ? "ag-3" : "ag-2", cases[i].type, cases[i].start, cases[i].end,
                                           cases[i].submitted, cases[i].certificate, cases[i].status);
      g_autoptr(GPtrArray) checks = fb_leave_decision_checks (r, l, cases[i].decision, cases[i].role, NULL, cases[i].reason);
      g_autofree char *forbidden = codes (checks, FB_CHECK_FORBIDDEN);
      g_autofree char *rules = codes (checks, FB_CHECK_RULE);
      g_autofree char *blocking = g_strjoin (*forbidden && *rules ? " " : "", forbidden, rules, NULL);
      g_autofree char *flags = codes (checks, FB_CHECK_FLAG);

      g_test_message ("leave case %u", i);
      g_assert_cmpstr (blocking, ==, cases[i].blocking);
      g_assert_cmpstr (flags, ==, cases[i].flags);
      g_assert_true ((fb_checks_first_blocking (checks) == NULL) == (*cases[i].blocking == '\0'));
    }
}

static void
test_leave_other (void)
{
  g_autoptr(FbRoster) r = center ();
  g_autoptr(FbLeaveRequest) overlap = leave ("ag-6", "personal", "2026-12-21", "2026-12-21", NOW, FALSE, "pending");
  g_autoptr(FbLeaveRequest) own = leave ("ag-2", "personal", "2026-12-10", "2026-12-10", NOW, FALSE, "pending");
  g_autoptr(FbLeaveRequest) past = leave ("ag-2", "personal", "2026-11-30", "2026-11-30", NOW, FALSE, "pending");
  g_autoptr(FbLeaveRequest) long_leave = leave ("ag-1", "vacation", "2026-12-10", "2027-03-10", NOW, FALSE, "pending");
  g_autoptr(GPtrArray) c1 = fb_leave_decision_checks (r, overlap, FB_DECISION_APPROVE, FB_ROLE_MANAGER, NULL, NULL);
  g_autoptr(GPtrArray) c2 = fb_leave_decision_checks (r, own, FB_DECISION_CANCEL, FB_ROLE_AGENT, "ag-3", NULL);
  g_autoptr(GPtrArray) c3 = fb_leave_decision_checks (r, own, FB_DECISION_CANCEL, FB_ROLE_AGENT, "ag-2", NULL);
  g_autoptr(GPtrArray) c4 = fb_leave_submit_checks (r, past);
  g_autoptr(GPtrArray) c5 = fb_leave_submit_checks (r, long_leave);
  g_autoptr(GPtrArray) c6 = fb_leave_submit_checks (r, own);
  g_autofree char *s1 = codes (c1, -1), *s2 = codes (c2, -1), *s3 = codes (c3, -1);
  g_autofree char *s4 = codes (c4, -1), *s5 = codes (c5, -1), *s6 = codes (c6, -1);

  g_assert_cmpstr (s1, ==, "leave_overlaps");
  g_assert_cmpstr (s2, ==, "not_your_request");
  g_assert_cmpstr (s3, ==, "");
  g_assert_cmpstr (s4, ==, "date_in_past late_notice");
  g_assert_cmpstr (s5, ==, "leave_too_long");
  g_assert_cmpstr (s6, ==, "");
  g_assert_cmpint (fb_leave_days (long_leave), ==, 91);

  /* Night-shift leave is for those who work nights. */
  {
    g_autoptr(FbLeaveRequest) day_agent = leave ("ag-2", "night_shift", "2026-12-10", "2026-12-10", NOW, FALSE, "pending");
    g_autoptr(FbLeaveRequest) night_agent = leave ("ag-3", "night_shift", "2026-12-10", "2026-12-10", NOW, FALSE, "pending");
    g_autoptr(GPtrArray) c7 = fb_leave_submit_checks (r, day_agent);
    g_autoptr(GPtrArray) c8 = fb_leave_submit_checks (r, night_agent);
    g_autofree char *s7 = codes (c7, -1), *s8 = codes (c8, -1);

    g_assert_cmpstr (s7, ==, "not_on_shift");
    g_assert_cmpstr (s8, ==, "");
  }
}

static void
test_leave_apply (void)
{
  g_autoptr(FbLeaveRequest) l = leave ("ag-2", "personal", "2026-12-10", "2026-12-10", NOW, FALSE, "pending");
  g_autoptr(JsonNode) row = fb_leave_request_to_json (l);
  g_autoptr(JsonNode) after = fb_leave_apply_decision (row, FB_DECISION_REJECT, "u-manager", "short staffed", NOW);
  g_autoptr(FbLeaveRequest) decided = fb_leave_request_from_json (after, NULL);

  g_assert_nonnull (decided);
  g_assert_cmpint (decided->status, ==, FB_REQUEST_REJECTED);
  g_assert_cmpstr (decided->decided_by, ==, "u-manager");
  g_assert_cmpint (decided->decided_at, ==, NOW);
  g_assert_cmpstr (decided->decision_reason, ==, "short staffed");
  /* The input row is left as it was. */
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (row), "status"), ==, "pending");
}

static void
test_swap_decisions (void)
{
  g_autoptr(FbRoster) r = center ();
  static const struct {
    const char *a, *b, *date_a, *shift_a, *date_b, *shift_b;
    gboolean    leader_a, leader_b;
    FbRole      role;
    const char *team;
    const char *blocking;
    const char *flags;
  } cases[] = {
    { "ag-2", "ag-4", "2026-12-10", "day", "2026-12-12", "day", TRUE, TRUE, FB_ROLE_SUPERVISOR, NULL, "", "" },
    { "ag-2", "ag-4", "2026-12-10", "day", "2026-12-12", "day", TRUE, TRUE, FB_ROLE_MANAGER, NULL, "", "" },
    { "ag-2", "ag-4", "2026-12-10", "day", "2026-12-12", "day", TRUE, TRUE, FB_ROLE_DIRECTOR, NULL, "", "" },
    { "ag-2", "ag-4", "2026-12-10", "day", "2026-12-12", "day", TRUE, TRUE, FB_ROLE_QA_INSPECTOR, NULL, "role_not_allowed", "" },
    { "ag-2", "ag-4", "2026-12-10", "day", "2026-12-12", "day", TRUE, TRUE, FB_ROLE_AGENT, NULL, "role_not_allowed", "" },
    /* Both leaders first. */
    { "ag-2", "ag-4", "2026-12-10", "day", "2026-12-12", "day", TRUE, FALSE, FB_ROLE_SUPERVISOR, NULL, "leader_approval_missing", "" },
    { "ag-2", "ag-4", "2026-12-10", "day", "2026-12-12", "day", FALSE, FALSE, FB_ROLE_SHIFT_LEADER, "t-day", "", "leader_approval_missing" },
    { "ag-2", "ag-4", "2026-12-10", "day", "2026-12-12", "day", TRUE, FALSE, FB_ROLE_SHIFT_LEADER, "t-day2", "", "final_approval" },
    { "ag-2", "ag-4", "2026-12-10", "day", "2026-12-12", "day", TRUE, FALSE, FB_ROLE_SHIFT_LEADER, "t-day", "leader_already_approved", "" },
    { "ag-2", "ag-4", "2026-12-10", "day", "2026-12-12", "day", TRUE, FALSE, FB_ROLE_SHIFT_LEADER, "t-night", "not_your_team", "" },
    /* Same grade and job. */
    { "ag-2", "ag-5", "2026-12-10", "day", "2026-12-12", "day", TRUE, TRUE, FB_ROLE_MANAGER, NULL, "grade_mismatch job_mismatch", "" },
    /* Holiday duty. */
    { "ag-2", "ag-4", "2026-12-25", "day", "2026-12-27", "day", TRUE, TRUE, FB_ROLE_MANAGER, NULL, "holiday_duty", "" },
    /* Back to back: a day shift then the night after it, or the night before. */
    { "ag-2", "ag-3", "2026-12-10", "day", "2026-12-10", "night", TRUE, TRUE, FB_ROLE_MANAGER, NULL, "back_to_back", "" },
    { "ag-2", "ag-3", "2026-12-10", "day", "2026-12-09", "night", TRUE, TRUE, FB_ROLE_MANAGER, NULL, "back_to_back", "" },
    { "ag-2", "ag-3", "2026-12-10", "day", "2026-12-12", "night", TRUE, TRUE, FB_ROLE_MANAGER, NULL, "", "" },
    /* On the shift they give away. */
    { "ag-2", "ag-4", "2026-12-10", "night", "2026-12-12", "day", TRUE, TRUE, FB_ROLE_MANAGER, NULL, "not_on_shift", "" },
    /* ag-4 and ag-6 already swapped on 12-15/12-17: 12-14 is next to it. */
    { "ag-2", "ag-4", "2026-12-10", "day", "2026-12-14", "day", TRUE, TRUE, FB_ROLE_MANAGER, NULL, "consecutive_swaps", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FbSwapRequest) s = swap (cases[i].a, cases[i].b, cases[i].date_a, cases[i].shift_a,
                                         cases[i].date_b, cases[i].shift_b, cases[i].leader_a, cases[i].leader_b);
      g_autoptr(GPtrArray) checks = fb_swap_decision_checks (r, s, FB_DECISION_APPROVE, cases[i].role, cases[i].team, NULL, NULL);
      g_autofree char *forbidden = codes (checks, FB_CHECK_FORBIDDEN);
      g_autofree char *rules = codes (checks, FB_CHECK_RULE);
      g_autofree char *blocking = g_strjoin (*forbidden && *rules ? " " : "", forbidden, rules, NULL);
      g_autofree char *flags = codes (checks, FB_CHECK_FLAG);

      g_test_message ("swap case %u", i);
      g_assert_cmpstr (blocking, ==, cases[i].blocking);
      g_assert_cmpstr (flags, ==, cases[i].flags);
    }
}

static void
test_swap_limit_and_apply (void)
{
  g_autoptr(FbRoster) r = center ();
  g_autoptr(FbSwapRequest) pending = swap ("ag-2", "ag-4", "2026-12-03", "day", "2026-12-05", "day", FALSE, FALSE);
  g_autoptr(JsonNode) row = fb_swap_request_to_json (pending);
  g_autoptr(JsonNode) half = NULL, whole = NULL;
  g_autoptr(FbSwapRequest) s1 = NULL, s2 = NULL, third = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autofree char *s = NULL;

  /* Leader of ag-2's team consents: pending; then ag-4's: still pending,
   * for the manager to approve. */
  half = fb_swap_apply_decision (r, row, FB_DECISION_APPROVE, FB_ROLE_SHIFT_LEADER, "t-day", "u-leader", NULL, NOW);
  s1 = fb_swap_request_from_json (half, NULL);
  g_assert_cmpint (s1->status, ==, FB_REQUEST_PENDING);
  g_assert_true (s1->leader_a_approved);
  g_assert_false (s1->leader_b_approved);
  whole = fb_swap_apply_decision (r, half, FB_DECISION_APPROVE, FB_ROLE_SHIFT_LEADER, "t-day2", "u-leader2", NULL, NOW);
  s2 = fb_swap_request_from_json (whole, NULL);
  g_assert_cmpint (s2->status, ==, FB_REQUEST_PENDING);
  g_assert_true (s2->leader_a_approved && s2->leader_b_approved);
  g_assert_null (s2->decided_by);
  {
    g_autoptr(GPtrArray) c = fb_swap_decision_checks (r, s2, FB_DECISION_APPROVE, FB_ROLE_MANAGER, NULL, NULL, NULL);
    g_autoptr(JsonNode) approved = fb_swap_apply_decision (r, whole, FB_DECISION_APPROVE, FB_ROLE_MANAGER, NULL, "u-mgr", NULL, NOW);

    g_assert_null (fb_checks_first_blocking (c));
    g_clear_pointer (&s2, fb_swap_request_free);
    s2 = fb_swap_request_from_json (approved, NULL);
    g_assert_cmpint (s2->status, ==, FB_REQUEST_APPROVED);
    g_assert_cmpstr (s2->decided_by, ==, "u-mgr");
  }

  /* Approved, it moves the roster: ag-2 is off on 12-03, on on 12-05. */
  g_assert_true (fb_roster_is_on_shift (r, "ag-2", "2026-12-03", FB_SHIFT_DAY));
  fb_roster_take (r, &fb_swap_request_spec, g_steal_pointer (&s2));
  g_assert_false (fb_roster_is_on_shift (r, "ag-2", "2026-12-03", FB_SHIFT_DAY));
  g_assert_true (fb_roster_is_on_shift (r, "ag-4", "2026-12-03", FB_SHIFT_DAY));

  /* A second swap of ag-2 in December (apart from the first), then a third: refused. */
  {
    g_autofree char *json = g_strdup ("{\"id\":\"sw-2\",\"agent_a\":\"ag-2\",\"agent_b\":\"ag-4\",\"date_a\":\"2026-12-08\","
                                      "\"shift_a\":\"day\",\"date_b\":\"2026-12-11\",\"shift_b\":\"day\","
                                      "\"submitted_at\":\"2026-11-30T00:00:00Z\",\"status\":\"approved\"}");
    fb_roster_take (r, &fb_swap_request_spec, fb_entity_decode_string (&fb_swap_request_spec, json, -1, NULL));
  }
  third = swap ("ag-2", "ag-1", "2026-12-20", "day", "2026-12-23", "day", TRUE, TRUE);
  checks = fb_swap_decision_checks (r, third, FB_DECISION_APPROVE, FB_ROLE_MANAGER, NULL, NULL, NULL);
  s = codes (checks, FB_CHECK_RULE);
  g_assert_cmpstr (s, ==, "grade_mismatch swap_limit");

  /* A swap counts in the month of either day: handed over in November,
   * paid back in December, it is a third December swap for both. */
  {
    g_autoptr(FbSwapRequest) across = swap ("ag-2", "ag-4", "2026-11-20", "day", "2026-12-28", "day", TRUE, TRUE);
    g_autoptr(GPtrArray) c = fb_swap_decision_checks (r, across, FB_DECISION_APPROVE, FB_ROLE_MANAGER, NULL, NULL, NULL);
    g_autofree char *codes_across = codes (c, FB_CHECK_RULE);

    g_assert_cmpstr (codes_across, ==, "swap_limit swap_limit");
  }
}

static void
test_roster (void)
{
  g_autoptr(FbRoster) r = center ();
  g_autoptr(GPtrArray) day = fb_roster_agents_on_shift (r, "2026-12-20", FB_SHIFT_DAY);
  g_autoptr(GPtrArray) night = fb_roster_agents_on_shift (r, "2026-12-20", FB_SHIFT_NIGHT);
  gint64 start, end;

  /* ag-6 is on leave; ag-3 works nights. */
  g_assert_cmpuint (day->len, ==, 4);
  for (guint i = 0; i < day->len; i++)
    g_assert_cmpstr (((FbAgent *) g_ptr_array_index (day, i))->id, !=, "ag-6");
  g_assert_cmpuint (night->len, ==, 1);
  g_assert_true (fb_roster_is_on_shift (r, "ag-6", "2026-12-19", FB_SHIFT_DAY));
  g_assert_false (fb_roster_is_on_shift (r, "ag-6", "2026-12-21", FB_SHIFT_DAY));
  /* The old swap: ag-4 off on 12-15, ag-6 on it; back on 12-17 the other way. */
  g_assert_false (fb_roster_is_on_shift (r, "ag-4", "2026-12-15", FB_SHIFT_DAY));
  g_assert_false (fb_roster_is_on_shift (r, "ag-6", "2026-12-17", FB_SHIFT_DAY));
  g_assert_true (fb_roster_on_holiday_duty (r, "ag-2", "2026-12-25"));
  g_assert_false (fb_roster_on_holiday_duty (r, "ag-1", "2026-12-25"));

  /* A night shift ends the next morning, in KST. */
  g_assert_true (fb_roster_shift_bounds (r, "2026-12-01", FB_SHIFT_NIGHT, &start, &end));
  g_assert_cmpint (start, ==, NOW + 20 * HOUR);
  g_assert_cmpint (end, ==, NOW + 32 * HOUR);
  g_assert_false (fb_roster_shift_bounds (r, "2026-13-01", FB_SHIFT_NIGHT, &start, &end));
}

static void
test_seat_plan (void)
{
  g_autoptr(FbRoster) r = center ();
  FbSeatPick ok[] = { P ("s1", "ag-1"), P ("s3", "ag-2") };
  FbSeatPick bad[] = {
    P ("s2", "ag-1"),      /* faulty */
    P ("s3", "ag-2"), P ("s3", "ag-4"),   /* one seat, two agents */
    P ("s4", "ag-2"),      /* one agent, two seats */
    P ("s5", "ag-3"),      /* a night agent on the day plan */
    P ("s9", "ag-5"),      /* no such seat */
    P ("s6", "ag-9"),      /* no such agent */
  };
  g_autoptr(GPtrArray) c1 = fb_seat_plan_checks (r, "2026-12-10", FB_SHIFT_DAY, ok, G_N_ELEMENTS (ok), FB_ROLE_SUPERVISOR);
  g_autoptr(GPtrArray) c2 = fb_seat_plan_checks (r, "2026-12-10", FB_SHIFT_DAY, bad, G_N_ELEMENTS (bad), FB_ROLE_MANAGER);
  g_autoptr(GPtrArray) c3 = fb_seat_plan_checks (r, "2026-12-10", FB_SHIFT_DAY, ok, G_N_ELEMENTS (ok), FB_ROLE_SHIFT_LEADER);
  g_autofree char *s1 = codes (c1, -1), *s2 = codes (c2, -1), *s3 = codes (c3, -1);

  g_assert_cmpstr (s1, ==, "");
  g_assert_cmpstr (s2, ==, "seat_faulty seat_taken agent_already_seated agent_not_on_shift unknown_seat unknown_agent");
  g_assert_cmpstr (s3, ==, "role_not_allowed");
}

static void
test_seat_suggest (void)
{
  g_autoptr(FbRoster) r = center ();
  g_autoptr(GHashTable) load = g_hash_table_new (g_str_hash, g_str_equal);
  double q1 = 9.0, q2 = 1.0;
  g_autoptr(GArray) picks = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  const char *expected[] = { "ag-1", "ag-2", "ag-5", "ag-4", "ag-6" };

  g_hash_table_insert (load, (gpointer) "q1", &q1);
  g_hash_table_insert (load, (gpointer) "q2", &q2);
  picks = fb_seat_plan_suggest (r, "2026-12-10", FB_SHIFT_DAY, load);
  /* Five on the day shift, seven good seats. */
  g_assert_cmpuint (picks->len, ==, 5);
  checks = fb_seat_plan_checks (r, "2026-12-10", FB_SHIFT_DAY, (FbSeatPick *) picks->data, picks->len, FB_ROLE_MANAGER);
  g_assert_null (fb_checks_first_blocking (checks));
  /* Team A serves only the busy queue (load 18 against 11): it comes
   * first, from its leader; then team B from its leader ag-5 (of the quiet
   * queue), then the busy queue's agent before the quiet one's. */
  for (guint i = 0; i < picks->len; i++)
    {
      FbSeatPick *pick = &g_array_index (picks, FbSeatPick, i);

      g_assert_cmpstr (pick->agent_id, ==, expected[i]);
      g_assert_cmpstr (pick->seat_id, !=, "s2");
    }
  g_assert_cmpstr (g_array_index (picks, FbSeatPick, 0).seat_id, ==, "s1");
  g_assert_cmpstr (g_array_index (picks, FbSeatPick, 1).seat_id, ==, "s3");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/request-rules/leave-decisions", test_leave_decisions);
  g_test_add_func ("/request-rules/leave-other", test_leave_other);
  g_test_add_func ("/request-rules/leave-apply", test_leave_apply);
  g_test_add_func ("/request-rules/swap-decisions", test_swap_decisions);
  g_test_add_func ("/request-rules/swap-limit-and-apply", test_swap_limit_and_apply);
  g_test_add_func ("/request-rules/roster", test_roster);
  g_test_add_func ("/request-rules/seat-plan", test_seat_plan);
  g_test_add_func ("/request-rules/seat-suggest", test_seat_suggest);
  return g_test_run ();
}
