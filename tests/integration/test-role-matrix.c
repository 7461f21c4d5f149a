/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-role-matrix.c: every route × every role against the real server
 * on 127.0.0.1, expecting exactly DESIGN.md's matrix — a role the matrix
 * does not allow gets 403, and a role it allows never does (its request
 * may still break a rule of the domain, 409/422: that is not a role's
 * refusal). Agents act only on their own requests. */
#include <libsoup/soup.h>
#include <stdlib.h>
#include <string.h>

#include "fb-auth.h"
#include "fb-entity.h"
#include "fb-server-store.h"
#include "fb-store.h"
#include "fb-test-fixture.h"

typedef enum
{
  AGENT = 1 << 0,
  LEADER = 1 << 1,
  SUPERVISOR = 1 << 2,
  INSPECTOR = 1 << 3,
  MANAGER = 1 << 4,
  DIRECTOR = 1 << 5,
  DASHBOARD = LEADER | SUPERVISOR | INSPECTOR | MANAGER | DIRECTOR,
  EVERYONE = AGENT | DASHBOARD,
} Roles;

static const struct
{
  Roles       role;
  const char *username;
  const char *role_name;
} users[] = {
  { AGENT, "agent1", "agent" },
  { LEADER, "lead", "shift_leader" },
  { SUPERVISOR, "sup", "supervisor" },
  { INSPECTOR, "qa", "qa_inspector" },
  { MANAGER, "mgr", "manager" },
  { DIRECTOR, "dir", "director" },
};

typedef struct
{
  const char *what;
  const char *method;
  const char *path;
  const char *body;
  Roles       allowed;
} Route;

/* @D+N@ in paths and bodies: N days from today (KST). */
static const Route routes[] = {
  { "view the floor", "GET", "/api/v1/sync", NULL, EVERYONE },
  { "view queue figures", "GET", "/api/v1/queues/stats", NULL, EVERYONE },
  { "check one's session", "GET", "/api/v1/session", NULL, EVERYONE },
  { "act on an escalation", "POST", "/api/v1/escalations/e-1/actions", "{\"action\":\"take\",\"version\":@V:escalation:e-1@}",
    LEADER | SUPERVISOR | MANAGER | DIRECTOR },
  { "record a QA evaluation", "POST", "/api/v1/qa-evaluations",
    "{\"agent_id\":\"agent-002\",\"call_ref\":\"C-1\",\"scores\":{\"service_language\":90,\"attitude\":80,"
    "\"tone\":70,\"need_elicitation\":60,\"handling\":50}}", INSPECTOR },
  { "ask for leave", "POST", "/api/v1/leave-requests",
    "{\"type\":\"personal\",\"start_date\":\"@D+20@\",\"end_date\":\"@D+20@\",\"reason\":\"개인 사정\"}", AGENT },
  { "ask for a swap", "POST", "/api/v1/swap-requests",
    "{\"agent_b\":\"agent-004\",\"date_a\":\"@D+21@\",\"date_b\":\"@D+23@\",\"reason\":\"가족 행사\"}", AGENT },
  { "approve a day's leave", "POST", "/api/v1/leave-requests/lv-day/decision",
    "{\"decision\":\"approve\",\"version\":@V:leave_request:lv-day@}", MANAGER | DIRECTOR },
  { "approve a week's leave", "POST", "/api/v1/leave-requests/lv-week/decision",
    "{\"decision\":\"approve\",\"version\":@V:leave_request:lv-week@}", DIRECTOR },
  { "approve business leave", "POST", "/api/v1/leave-requests/lv-business/decision",
    "{\"decision\":\"approve\",\"version\":@V:leave_request:lv-business@}", DIRECTOR },
  { "approve a swap", "POST", "/api/v1/swap-requests/sw-1/decision",
    "{\"decision\":\"approve\",\"version\":@V:swap_request:sw-1@}", LEADER | SUPERVISOR | MANAGER | DIRECTOR },
  { "assign a seat", "POST", "/api/v1/seat-assignments",
    "{\"date\":\"@D+2@\",\"shift\":\"day\",\"seat_id\":\"seat-01\",\"agent_id\":\"agent-002\"}",
    SUPERVISOR | MANAGER | DIRECTOR },
  { "write a duty report", "PUT", "/api/v1/duty-reports/duty-@D+0@-day",
    "{\"version\":0,\"date\":\"@D+0@\",\"shift\":\"day\",\"workload\":\"보통\"}", LEADER | SUPERVISOR },
  /* The leader leads team-1, a day team: the night's report and the day's
   * handover (taken by the incoming night) are not theirs. */
  { "write another shift's duty report", "PUT", "/api/v1/duty-reports/duty-@D+0@-night",
    "{\"version\":0,\"date\":\"@D+0@\",\"shift\":\"night\",\"workload\":\"보통\"}", SUPERVISOR },
  { "acknowledge one's own shift's handover", "POST", "/api/v1/duty-reports/duty-2024-05-01-day/acknowledge",
    "{\"version\":@V:duty_report:duty-2024-05-01-day@}", SUPERVISOR },
  { "review a duty report", "POST", "/api/v1/duty-reports/duty-2024-05-01-day/review",
    "{\"version\":@V:duty_report:duty-2024-05-01-day@,\"note\":\"확인\"}", MANAGER | DIRECTOR },
  /* Agents act on their own requests only. */
  { "cancel another's leave", "POST", "/api/v1/leave-requests/lv-other/decision",
    "{\"decision\":\"cancel\",\"version\":@V:leave_request:lv-other@}", 0 },
};

/* Fills @D+N@ and @V:type:id@ (the row's version now) in @text. */
static char *
expand (FbTestFixture *f,
        const char    *text)
{
  g_autoptr(GTimeZone) kst = g_time_zone_new_offset (9 * 3600);
  g_autoptr(GDateTime) today = g_date_time_new_now (kst);
  GString *out = g_string_new (NULL);

  if (text == NULL)
    return NULL;
  for (const char *p = text; *p;)
    {
      const char *end;

      if (*p != '@' || !(end = strchr (p + 1, '@')))
        {
          g_string_append_c (out, *p++);
          continue;
        }
      if (g_str_has_prefix (p, "@D+"))
        {
          g_autoptr(GDateTime) day = g_date_time_add_days (today, atoi (p + 3));
          g_autofree char *date = g_date_time_format (day, "%Y-%m-%d");

          g_string_append (out, date);
        }
      else if (g_str_has_prefix (p, "@V:"))
        {
          g_autofree char *spec = g_strndup (p + 3, end - p - 3);
          g_auto(GStrv) parts = g_strsplit (spec, ":", 2);
          g_autoptr(GError) error = NULL;
          g_autoptr(FbChange) row = fb_server_store_get (f->store, parts[0], parts[1], &error);

          g_assert_no_error (error);
          g_assert_nonnull (row);
          g_string_append_printf (out, "%" G_GINT64_FORMAT, row->version);
        }
      p = end + 1;
    }
  return g_string_free (out, FALSE);
}

static void
put (FbTestFixture *f,
     const char    *type,
     const char    *id,
     const char    *json)
{
  g_autofree char *text = expand (f, json);

  fb_test_put (f->store, type, id, text);
}

static FbTestFixture *
matrix_fixture (char **tokens)
{
  FbTestFixture *f = fb_test_fixture_new (1, 4);
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = fb_auth_hash_password (FB_TEST_PASSWORD, &error);
  gint64 raised = g_get_real_time () / G_USEC_PER_SEC - 600;
  g_autofree char *r = fb_timestamp_to_iso (raised);
  g_autofree char *due = fb_timestamp_to_iso (raised + 24 * 3600);
  g_autofree char *esc = NULL;

  g_assert_true (fb_server_store_begin (f->store, &error));
  /* The fixture has sup and agent1; the others, and the leader leads team-1. */
  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_autofree char *id = g_strconcat ("u-", users[i].username, NULL);
      g_autofree char *json = NULL;

      if (g_str_equal (users[i].username, "sup") || g_str_equal (users[i].username, "agent1"))
        continue;
      json = g_strdup_printf ("{\"id\":\"%s\",\"username\":\"%s\",\"name\":\"%s\",\"role\":\"%s\"%s}",
                              id, users[i].username, users[i].username, users[i].role_name,
                              users[i].role == LEADER ? ",\"team_id\":\"team-1\"" : "");
      fb_test_put (f->store, "user", id, json);
      g_assert_true (fb_server_store_add_credentials (f->store, users[i].username, id, hash, &error));
    }
  fb_test_put (f->store, "team", "team-1",
               "{\"id\":\"team-1\",\"name\":\"주간 1팀\",\"shift\":\"day\",\"start\":\"08:00\",\"end\":\"20:00\","
               "\"leader_id\":\"u-lead\"}");
  fb_test_put (f->store, "seat", "seat-01", "{\"id\":\"seat-01\",\"zone\":\"A\",\"x\":0,\"y\":0,\"label\":\"A-01\","
               "\"equipment\":\"ok\"}");
  esc = g_strdup_printf ("{\"id\":\"e-1\",\"customer_ref\":\"010-****-1234\",\"category\":\"complaint\","
                         "\"severity\":\"high\",\"summary\":\"상담 불만\",\"raised_by\":\"u-sup\",\"raised_at\":\"%s\","
                         "\"level\":\"shift_leader\",\"status\":\"raised\",\"dispatch_due\":\"%s\","
                         "\"response_due\":\"%s\",\"callback_due\":\"%s\",\"history\":[]}", r, due, due, due);
  fb_test_put (f->store, "escalation", "e-1", esc);
  put (f, "leave_request", "lv-day", "{\"id\":\"lv-day\",\"agent_id\":\"agent-002\",\"type\":\"personal\","
       "\"start_date\":\"@D+10@\",\"end_date\":\"@D+10@\",\"submitted_at\":\"2020-01-01T00:00:00Z\",\"status\":\"pending\"}");
  put (f, "leave_request", "lv-week", "{\"id\":\"lv-week\",\"agent_id\":\"agent-003\",\"type\":\"vacation\","
       "\"start_date\":\"@D+12@\",\"end_date\":\"@D+16@\",\"submitted_at\":\"2020-01-01T00:00:00Z\",\"status\":\"pending\"}");
  put (f, "leave_request", "lv-business", "{\"id\":\"lv-business\",\"agent_id\":\"agent-004\",\"type\":\"business_study\","
       "\"start_date\":\"@D+18@\",\"end_date\":\"@D+18@\",\"submitted_at\":\"2020-01-01T00:00:00Z\",\"status\":\"pending\"}");
  put (f, "leave_request", "lv-other", "{\"id\":\"lv-other\",\"agent_id\":\"agent-002\",\"type\":\"personal\","
       "\"start_date\":\"@D+25@\",\"end_date\":\"@D+25@\",\"submitted_at\":\"2020-01-01T00:00:00Z\",\"status\":\"pending\"}");
  put (f, "swap_request", "sw-1", "{\"id\":\"sw-1\",\"agent_a\":\"agent-002\",\"agent_b\":\"agent-003\","
       "\"date_a\":\"@D+30@\",\"shift_a\":\"day\",\"date_b\":\"@D+33@\",\"shift_b\":\"day\","
       "\"submitted_at\":\"2020-01-01T00:00:00Z\",\"status\":\"pending\"}");
  fb_test_put (f->store, "duty_report", "duty-2024-05-01-day",
               "{\"id\":\"duty-2024-05-01-day\",\"date\":\"2024-05-01\",\"shift\":\"day\",\"author\":\"u-lead\","
               "\"issue_summary\":\"없음\",\"workload\":\"보통\",\"handover_notes\":\"-\",\"status\":\"submitted\"}");
  g_assert_true (fb_server_store_commit (f->store, &error));

  for (guint i = 0; i < G_N_ELEMENTS (users); i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"username\":\"%s\",\"password\":\"%s\"}", users[i].username,
                                               FB_TEST_PASSWORD);
      g_autofree char *answer = NULL;
      g_autoptr(JsonNode) root = NULL;

      g_assert_cmpuint (fb_test_request (f, "POST", "/api/v1/session", NULL, body, &answer, NULL), ==, 200);
      root = json_from_string (answer, NULL);
      tokens[i] = g_strdup (json_object_get_string_member (json_node_get_object (root), "token"));
    }
  return f;
}

static void
test_matrix (void)
{
  char *tokens[G_N_ELEMENTS (users)] = { NULL };
  g_autoptr(FbTestFixture) f = matrix_fixture (tokens);
  g_autoptr(GString) mismatches = g_string_new (NULL);

  for (guint r = 0; r < G_N_ELEMENTS (routes); r++)
    for (guint u = 0; u < G_N_ELEMENTS (users); u++)
      {
        gboolean allowed = (routes[r].allowed & users[u].role) != 0;
        g_autofree char *path = expand (f, routes[r].path);
        g_autofree char *body = expand (f, routes[r].body);
        g_autofree char *answer = NULL;
        guint status = fb_test_request (f, routes[r].method, path, tokens[u], body, &answer, NULL);

        g_test_message ("%s as %s: %u %s", routes[r].what, users[u].role_name, status, answer);
        /* Never a sign-in problem: every token is good. */
        g_assert_cmpuint (status, !=, 401);
        if (allowed == (status == 403))
          g_string_append_printf (mismatches, "%s as %s: %u, expected %s\n  %s\n", routes[r].what,
                                  users[u].role_name, status, allowed ? "not 403" : "403", answer);
      }
  if (mismatches->len > 0)
    g_error ("the role matrix differs from DESIGN.md:\n%s", mismatches->str);
  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    g_free (tokens[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/role-matrix/routes", test_matrix);
  return g_test_run ();
}
