/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-requests-api.c: leave and swap requests, their decisions and seat
 * assignments over HTTP on 127.0.0.1 against the real server: every rule
 * code and every role, replays, conflicts and the audit trail. */
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <string.h>

#include "fb-auth.h"
#include "fb-entity.h"
#include "fb-server.h"
#include "fb-server-store.h"
#include "fb-store.h"
#include "fb-test-api.h"
#include "fb-test-fixture.h"

#define KST (9 * 3600)

typedef FbTestApi Api;

static void
put_agent (Api        *api,
           const char *id,
           const char *team,
           const char *grade,
           const char *queue)
{
  g_autofree char *json = g_strdup_printf ("{\"id\":\"%s\",\"name\":\"상담원 %s\",\"employee_no\":\"CS-%s\","
                                           "\"grade\":\"%s\",\"team_id\":\"%s\",\"state\":\"offline\","
                                           "\"queue_id\":\"%s\"}", id, id, id, grade, team, queue);

  fb_test_put (api->f->store, "agent", id, json);
}

static void
put_seat (Api        *api,
          const char *id,
          guint       x,
          const char *equipment)
{
  g_autofree char *json = g_strdup_printf ("{\"id\":\"%s\",\"zone\":\"A\",\"x\":%u,\"y\":0,\"label\":\"%s\","
                                           "\"equipment\":\"%s\"}", id, x, id, equipment);

  fb_test_put (api->f->store, "seat", id, json);
}

/* Today in the center's time zone, moved by @days. */
static char *
kst_day (int days)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (KST);
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days);

  return g_date_time_format (day, "%Y-%m-%d");
}

/* Day @mday of the month @months ahead of this one. */
static char *
month_day (int months,
           int mday)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (KST);
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(GDateTime) first = g_date_time_new (tz, g_date_time_get_year (now), g_date_time_get_month (now), 1, 12, 0, 0);
  g_autoptr(GDateTime) month = g_date_time_add_months (first, months);

  return g_strdup_printf ("%04d-%02d-%02d", g_date_time_get_year (month), g_date_time_get_month (month), mday);
}

static char *
plan_prefix_of (const char *target)
{
  g_auto(GStrv) parts = g_strsplit (target, "/", 2);

  return g_strdup_printf ("sa-%s-%s-", parts[0], parts[1]);
}

/* The highest version among a plan's rows, 0 for none. */
static gint64
plan_version (Api        *api,
              const char *target)
{
  g_autofree char *prefix = plan_prefix_of (target);
  g_autoptr(GPtrArray) rows = fb_server_store_list_prefix (api->f->store, "seat_assignment", prefix, NULL);
  gint64 v = 0;

  g_assert_nonnull (rows);
  for (guint i = 0; i < rows->len; i++)
    v = MAX (v, ((FbChange *) g_ptr_array_index (rows, i))->version);
  return v;
}

static gint64
version_of (Api        *api,
            const char *type,
            const char *id)
{
  g_autoptr(FbChange) row = fb_server_store_get (api->f->store, type, id, NULL);

  return row ? row->version : 0;
}

/* Fills a template: @D+n@ / @D-n@ a day from today (KST), @Mk:dd@ day dd
 * of the month k ahead, @V@ the version of the target row (of the plan
 * when @type is "plan"). */
static char *
expand (Api        *api,
        const char *tmpl,
        const char *type,
        const char *target)
{
  GString *out = g_string_new (NULL);
  const char *p = tmpl;

  if (tmpl == NULL)
    return NULL;
  while (*p != '\0')
    {
      const char *end;
      g_autofree char *token = NULL;

      if (*p != '@' || !(end = strchr (p + 1, '@')))
        {
          g_string_append_c (out, *p++);
          continue;
        }
      token = g_strndup (p + 1, end - p - 1);
      if (token[0] == 'D' && (token[1] == '+' || token[1] == '-'))
        {
          g_autofree char *day = kst_day ((int) g_ascii_strtoll (token + 1, NULL, 10));
          g_string_append (out, day);
        }
      else if (token[0] == 'M' && strchr (token, ':'))
        {
          g_autofree char *day = month_day (token[1] - '0', atoi (strchr (token, ':') + 1));
          g_string_append (out, day);
        }
      else if (strcmp (token, "V") == 0)
        g_string_append_printf (out, "%" G_GINT64_FORMAT,
                                g_strcmp0 (type, "plan") == 0 ? plan_version (api, target)
                                                              : version_of (api, type, target));
      else
        g_error ("unknown template token @%s@", token);
      p = end + 1;
    }
  return g_string_free (out, FALSE);
}

/* "type|id|json" */
static void
put_template_row (Api        *api,
                  const char *spec)
{
  g_autofree char *text = expand (api, spec, NULL, NULL);
  g_auto(GStrv) parts = g_strsplit (text, "|", 3);

  g_assert_cmpuint (g_strv_length (parts), ==, 3);
  fb_test_put (api->f->store, parts[0], parts[1], parts[2]);
}

static Api *
api_new (void)
{
  Api *api = fb_test_api_new (2, 6);

  /* The fixture's team-1 works days 08:00–20:00; team-2 nights. */
  fb_test_put (api->f->store, "team", "team-2",
               "{\"id\":\"team-2\",\"name\":\"야간 2팀\",\"shift\":\"night\",\"start\":\"20:00\",\"end\":\"08:00\"}");
  fb_test_put (api->f->store, "team", "team-3",
               "{\"id\":\"team-3\",\"name\":\"주간 3팀\",\"shift\":\"day\",\"start\":\"08:00\",\"end\":\"20:00\"}");
  /* agent-001…006 (team-1, q-01): intermediate, senior, junior, intermediate, senior, junior. */
  put_agent (api, "agent-n01", "team-2", "intermediate", "q-01");
  put_agent (api, "agent-n02", "team-2", "junior", "q-01");
  put_agent (api, "agent-n03", "team-2", "intermediate", "q-02");
  put_agent (api, "agent-n04", "team-2", "intermediate", "q-01");
  put_agent (api, "agent-n05", "team-2", "intermediate", "q-01");
  put_agent (api, "agent-n06", "team-2", "intermediate", "q-01");
  put_agent (api, "agent-n07", "team-2", "senior", "q-01");
  put_seat (api, "seat-1", 0, "ok");
  put_seat (api, "seat-2", 1, "ok");
  put_seat (api, "seat-3", 2, "faulty");
  put_seat (api, "seat-4", 3, "ok");
  put_seat (api, "seat-5", 4, "ok");
  put_template_row (api, "holiday_duty|hd-1|{\"id\":\"hd-1\",\"date\":\"@M2:25@\",\"agent_id\":\"agent-001\",\"holiday\":\"추석\"}");
  put_template_row (api, "holiday_duty|hd-2|{\"id\":\"hd-2\",\"date\":\"@M2:26@\",\"agent_id\":\"agent-002\",\"holiday\":\"추석\"}");

  fb_test_api_sign_in (api, "sup");
  fb_test_api_sign_in (api, "agent1");
  fb_test_api_add_user (api, "mgr", "manager", "");
  fb_test_api_add_user (api, "mgr2", "manager", "");
  fb_test_api_add_user (api, "dir", "director", "");
  fb_test_api_add_user (api, "qa", "qa_inspector", "");
  fb_test_api_add_user (api, "lead1", "shift_leader", ",\"team_id\":\"team-1\"");
  /* A shift leader is an agent of the floor too, still no agent here. */
  fb_test_api_add_user (api, "lead2", "shift_leader", ",\"team_id\":\"team-2\",\"agent_id\":\"agent-n07\"");
  fb_test_api_add_user (api, "lead3", "shift_leader", ",\"team_id\":\"team-3\"");
  fb_test_api_add_user (api, "nagent", "agent", ",\"agent_id\":\"agent-n01\"");
  return api;
}

static JsonObject *
error_of (JsonNode *root)
{
  return json_object_get_object_member (json_node_get_object (root), "error");
}

static JsonObject *
data_of (JsonNode *root)
{
  return json_object_get_object_member (json_node_get_object (root), "data");
}

static GPtrArray *
changes_since (Api    *api,
               gint64  cursor)
{
  gboolean more = FALSE;
  GPtrArray *changes = fb_server_store_changes_since (api->f->store, cursor, 100000, &more, NULL);

  g_assert_nonnull (changes);
  g_assert_false (more);
  return changes;
}

/* The one audit row among @changes, or NULL if there is not exactly one. */
static FbAudit *
the_audit (GPtrArray *changes)
{
  FbAudit *audit = NULL;
  guint n = 0;

  for (guint i = 0; i < changes->len; i++)
    {
      FbChange *change = g_ptr_array_index (changes, i);

      if (strcmp (change->type, "audit") != 0)
        continue;
      n++;
      g_clear_pointer (&audit, fb_audit_free);
      audit = fb_entity_decode_string (&fb_audit_spec, change->data, -1, NULL);
      g_assert_nonnull (audit);
    }
  if (n != 1)
    g_clear_pointer (&audit, fb_audit_free);
  return audit;
}

/* ---- the table ---------------------------------------------------------- */

#define LEAVE_FULL(id, agent, type, start, end, submitted, status, extra)                     \
  "leave_request|" id "|{\"id\":\"" id "\",\"agent_id\":\"" agent "\",\"type\":\"" type "\"," \
  "\"start_date\":\"" start "\",\"end_date\":\"" end "\",\"submitted_at\":\"" submitted "\","  \
  "\"status\":\"" status "\"" extra "}"
/* Asked well ahead: yesterday. */
#define LEAVE(id, agent, type, start, end, extra) \
  LEAVE_FULL (id, agent, type, start, end, "@D-1@T09:00:00+09:00", "pending", extra)
#define SWAP(id, a, b, date_a, shift_a, date_b, shift_b, status, extra)                          \
  "swap_request|" id "|{\"id\":\"" id "\",\"agent_a\":\"" a "\",\"agent_b\":\"" b "\","           \
  "\"date_a\":\"" date_a "\",\"shift_a\":\"" shift_a "\",\"date_b\":\"" date_b "\","              \
  "\"shift_b\":\"" shift_b "\",\"submitted_at\":\"@D-1@T09:00:00+09:00\",\"status\":\"" status "\"" \
  extra "}"
#define SA(date, agent, seat)                                                                    \
  "seat_assignment|sa-" date "-day-" agent "|{\"id\":\"sa-" date "-day-" agent "\",\"date\":\""  \
  date "\",\"shift\":\"day\",\"seat_id\":\"" seat "\",\"agent_id\":\"" agent "\"}"

#define LEAVE_PATH "/api/v1/leave-requests"
#define SWAP_PATH "/api/v1/swap-requests"
#define SEAT_PATH "/api/v1/seat-assignments"
#define DECIDE(kind, id) "/api/v1/" kind "-requests/" id "/decision"
#define APPROVE "{\"decision\":\"approve\",\"version\":@V@}"
#define APPROVE_WHY "{\"decision\":\"approve\",\"reason\":\"인력 충분\",\"version\":@V@}"
#define REJECT "{\"decision\":\"reject\",\"version\":@V@}"
#define REJECT_WHY "{\"decision\":\"reject\",\"reason\":\"인력 부족\",\"version\":@V@}"
#define CANCEL "{\"decision\":\"cancel\",\"version\":@V@}"
#define LEAVE_BODY(type, start, end) \
  "{\"type\":\"" type "\",\"start_date\":\"" start "\",\"end_date\":\"" end "\",\"reason\":\"개인 사정\"}"
#define SWAP_BODY(b, date_a, date_b) \
  "{\"agent_b\":\"" b "\",\"date_a\":\"" date_a "\",\"date_b\":\"" date_b "\",\"reason\":\"가족 행사\"}"
#define SEAT_BODY(date, shift, seat, agent) \
  "{\"date\":\"" date "\",\"shift\":\"" shift "\",\"seat_id\":\"" seat "\",\"agent_id\":\"" agent "\"}"
#define PLAN_PATH(date) "/api/v1/seat-assignments/" date "/day"
#define PICK(seat, agent) "{\"seat_id\":\"" seat "\",\"agent_id\":\"" agent "\"}"

typedef struct
{
  const char *name;
  const char *user;
  const char *method;
  const char *path;
  const char *body;
  const char *type;       /* the target: a row type, or "plan" */
  const char *target;     /* its id, or "DATE/SHIFT" */
  const char *rows[3];    /* put before the request */
  guint       status;
  const char *code;       /* NULL: accepted */
  const char *field;      /* the error's field, when it names one */
} Case;

static const Case cases[] = {
  /* Agents ask for leave, for themselves only. */
  { "leave submit", "agent1", "POST", LEAVE_PATH, LEAVE_BODY ("personal", "@M2:02@", "@M2:02@"),
    NULL, NULL, { NULL }, 201, NULL, NULL },
  { "sick leave submitted without certificate", "agent1", "POST", LEAVE_PATH,
    "{\"type\":\"sick\",\"start_date\":\"@M3:02@\",\"end_date\":\"@M3:02@\"}", NULL, NULL, { NULL }, 201, NULL, NULL },
  { "supervisor submits leave", "sup", "POST", LEAVE_PATH, LEAVE_BODY ("personal", "@M2:03@", "@M2:03@"),
    NULL, NULL, { NULL }, 403, "role_not_allowed", NULL },
  { "manager submits leave", "mgr", "POST", LEAVE_PATH, LEAVE_BODY ("personal", "@M2:03@", "@M2:03@"),
    NULL, NULL, { NULL }, 403, "role_not_allowed", NULL },
  { "director submits leave", "dir", "POST", LEAVE_PATH, LEAVE_BODY ("personal", "@M2:03@", "@M2:03@"),
    NULL, NULL, { NULL }, 403, "role_not_allowed", NULL },
  { "shift leader submits leave", "lead1", "POST", LEAVE_PATH, LEAVE_BODY ("personal", "@M2:03@", "@M2:03@"),
    NULL, NULL, { NULL }, 403, "role_not_allowed", NULL },
  { "shift leader with an agent submits leave", "lead2", "POST", LEAVE_PATH, LEAVE_BODY ("personal", "@M2:03@", "@M2:03@"),
    NULL, NULL, { NULL }, 403, "role_not_allowed", NULL },
  { "shift leader with an agent submits a swap", "lead2", "POST", SWAP_PATH, SWAP_BODY ("agent-005", "@M3:05@", "@M3:08@"),
    NULL, NULL, { NULL }, 403, "role_not_allowed", NULL },
  { "inspector submits leave", "qa", "POST", LEAVE_PATH, LEAVE_BODY ("personal", "@M2:03@", "@M2:03@"),
    NULL, NULL, { NULL }, 403, "role_not_allowed", NULL },
  { "leave in the past", "agent1", "POST", LEAVE_PATH, LEAVE_BODY ("sick", "@D-1@", "@D-1@"),
    NULL, NULL, { NULL }, 422, "date_in_past", NULL },
  { "leave too long", "agent1", "POST", LEAVE_PATH, LEAVE_BODY ("vacation", "@D+100@", "@D+170@"),
    NULL, NULL, { NULL }, 422, "leave_too_long", NULL },
  { "leave overlaps", "agent1", "POST", LEAVE_PATH, LEAVE_BODY ("vacation", "@M2:06@", "@M2:08@"),
    NULL, NULL, { LEAVE_FULL ("lv-ov", "agent-001", "personal", "@M2:07@", "@M2:07@", "@D-1@T09:00:00+09:00", "approved", "") },
    422, "leave_overlaps", NULL },
  { "leave on holiday duty", "agent1", "POST", LEAVE_PATH, LEAVE_BODY ("vacation", "@M2:24@", "@M2:25@"),
    NULL, NULL, { NULL }, 422, "holiday_duty", NULL },
  { "leave of unknown type", "agent1", "POST", LEAVE_PATH, LEAVE_BODY ("holiday", "@M2:03@", "@M2:03@"),
    NULL, NULL, { NULL }, 400, "invalid_field", "type" },
  { "leave type not a string", "agent1", "POST", LEAVE_PATH,
    "{\"type\":3,\"start_date\":\"@M2:03@\",\"end_date\":\"@M2:03@\"}", NULL, NULL, { NULL }, 400, "invalid_field", "type" },
  { "leave start not a date", "agent1", "POST", LEAVE_PATH, LEAVE_BODY ("personal", "2030-02-30", "@M2:03@"),
    NULL, NULL, { NULL }, 400, "invalid_field", "start_date" },
  { "leave without end", "agent1", "POST", LEAVE_PATH, "{\"type\":\"personal\",\"start_date\":\"@M2:03@\"}",
    NULL, NULL, { NULL }, 400, "invalid_field", "end_date" },
  { "leave ends before it starts", "agent1", "POST", LEAVE_PATH, LEAVE_BODY ("personal", "@M2:04@", "@M2:03@"),
    NULL, NULL, { NULL }, 400, "invalid_field", "end_date" },
  { "leave certificate not a boolean", "agent1", "POST", LEAVE_PATH,
    "{\"type\":\"sick\",\"start_date\":\"@M2:03@\",\"end_date\":\"@M2:03@\",\"certificate\":\"yes\"}",
    NULL, NULL, { NULL }, 400, "invalid_field", "certificate" },
  { "leave reason not text", "agent1", "POST", LEAVE_PATH,
    "{\"type\":\"sick\",\"start_date\":\"@M2:03@\",\"end_date\":\"@M2:03@\",\"reason\":5}",
    NULL, NULL, { NULL }, 400, "invalid_field", "reason" },
  { "leave body not an object", "agent1", "POST", LEAVE_PATH, "[1]", NULL, NULL, { NULL }, 400, "malformed_json", NULL },
  { "leave route is POST only", "agent1", "GET", LEAVE_PATH, NULL, NULL, NULL, { NULL }, 405, "method_not_allowed", NULL },

  /* Leave decisions. */
  { "manager approves a day", "mgr", "POST", DECIDE ("leave", "lv-d1"), APPROVE, "leave_request", "lv-d1",
    { LEAVE ("lv-d1", "agent-002", "personal", "@M2:10@", "@M2:10@", "") }, 200, NULL, NULL },
  { "director approves three days", "dir", "POST", DECIDE ("leave", "lv-d2"), APPROVE, "leave_request", "lv-d2",
    { LEAVE ("lv-d2", "agent-002", "vacation", "@M2:12@", "@M2:14@", "") }, 200, NULL, NULL },
  { "manager approves three days", "mgr", "POST", DECIDE ("leave", "lv-d3"), APPROVE, "leave_request", "lv-d3",
    { LEAVE ("lv-d3", "agent-003", "vacation", "@M2:12@", "@M2:14@", "") }, 403, "director_only", NULL },
  { "manager approves business leave", "mgr", "POST", DECIDE ("leave", "lv-d4"), APPROVE, "leave_request", "lv-d4",
    { LEAVE ("lv-d4", "agent-003", "business_study", "@M2:16@", "@M2:16@", "") }, 403, "director_only", NULL },
  { "supervisor approves leave", "sup", "POST", DECIDE ("leave", "lv-d5"), APPROVE, "leave_request", "lv-d5",
    { LEAVE ("lv-d5", "agent-003", "personal", "@M2:18@", "@M2:18@", "") }, 403, "role_not_allowed", NULL },
  { "shift leader approves leave", "lead1", "POST", DECIDE ("leave", "lv-d5"), APPROVE, "leave_request", "lv-d5",
    { NULL }, 403, "role_not_allowed", NULL },
  { "inspector approves leave", "qa", "POST", DECIDE ("leave", "lv-d5"), APPROVE, "leave_request", "lv-d5",
    { NULL }, 403, "role_not_allowed", NULL },
  { "agent approves leave", "agent1", "POST", DECIDE ("leave", "lv-d5"), APPROVE, "leave_request", "lv-d5",
    { NULL }, 403, "role_not_allowed", NULL },
  { "reject without reason", "mgr", "POST", DECIDE ("leave", "lv-d5"), REJECT, "leave_request", "lv-d5",
    { NULL }, 422, "reason_required", "reason" },
  { "reject with reason", "mgr", "POST", DECIDE ("leave", "lv-d5"), REJECT_WHY, "leave_request", "lv-d5",
    { NULL }, 200, NULL, NULL },
  { "approve a rejected leave", "mgr", "POST", DECIDE ("leave", "lv-d5"), APPROVE, "leave_request", "lv-d5",
    { NULL }, 422, "not_pending", NULL },
  { "sick leave without certificate", "mgr", "POST", DECIDE ("leave", "lv-d9"), APPROVE, "leave_request", "lv-d9",
    { LEAVE ("lv-d9", "agent-004", "sick", "@M2:03@", "@M2:03@", "") }, 422, "certificate_required", NULL },
  { "sick leave with certificate", "mgr", "POST", DECIDE ("leave", "lv-d10"), APPROVE, "leave_request", "lv-d10",
    { LEAVE ("lv-d10", "agent-004", "sick", "@M2:05@", "@M2:05@", ",\"certificate\":true") }, 200, NULL, NULL },
  { "approve overlapping leave", "mgr", "POST", DECIDE ("leave", "lv-d11"), APPROVE, "leave_request", "lv-d11",
    { LEAVE_FULL ("lv-d11a", "agent-005", "personal", "@M2:20@", "@M2:20@", "@D-1@T09:00:00+09:00", "approved", ""),
      LEAVE ("lv-d11", "agent-005", "personal", "@M2:20@", "@M2:20@", "") }, 422, "leave_overlaps", NULL },
  { "approve leave on holiday duty", "mgr", "POST", DECIDE ("leave", "lv-d12"), APPROVE, "leave_request", "lv-d12",
    { LEAVE ("lv-d12", "agent-002", "personal", "@M2:26@", "@M2:26@", "") }, 422, "holiday_duty", NULL },
  { "approve late leave without reason", "mgr", "POST", DECIDE ("leave", "lv-d13"), APPROVE, "leave_request", "lv-d13",
    { LEAVE_FULL ("lv-d13", "agent-006", "personal", "@M2:08@", "@M2:08@", "@M2:08@T09:00:00+09:00", "pending", "") },
    422, "reason_required", "reason" },
  { "approve late leave with reason", "mgr", "POST", DECIDE ("leave", "lv-d13"), APPROVE_WHY, "leave_request", "lv-d13",
    { NULL }, 200, NULL, NULL },
  { "night leave asked after noon", "mgr", "POST", DECIDE ("leave", "lv-d15"), APPROVE_WHY, "leave_request", "lv-d15",
    { LEAVE_FULL ("lv-d15", "agent-n02", "night_shift", "@M3:12@", "@M3:12@", "@M3:12@T13:00:00+09:00", "pending", "") },
    422, "night_shift_after_noon", NULL },
  { "night leave without reason", "mgr", "POST", DECIDE ("leave", "lv-d16"), APPROVE, "leave_request", "lv-d16",
    { LEAVE_FULL ("lv-d16", "agent-n02", "night_shift", "@M3:14@", "@M3:14@", "@M3:13@T10:00:00+09:00", "pending", "") },
    422, "reason_required", "reason" },
  { "night leave with reason", "mgr", "POST", DECIDE ("leave", "lv-d16"), APPROVE_WHY, "leave_request", "lv-d16",
    { NULL }, 200, NULL, NULL },
  { "agent cancels own leave", "agent1", "POST", DECIDE ("leave", "lv-d18"), CANCEL, "leave_request", "lv-d18",
    { LEAVE ("lv-d18", "agent-001", "personal", "@M3:20@", "@M3:20@", "") }, 200, NULL, NULL },
  { "agent cancels another's leave", "nagent", "POST", DECIDE ("leave", "lv-d19"), CANCEL, "leave_request", "lv-d19",
    { LEAVE ("lv-d19", "agent-001", "personal", "@M3:21@", "@M3:21@", "") }, 403, "not_your_request", NULL },
  { "manager cancels an agent's leave", "mgr", "POST", DECIDE ("leave", "lv-d19"), CANCEL, "leave_request", "lv-d19",
    { NULL }, 403, "not_your_request", NULL },
  { "agent cancels decided leave", "agent1", "POST", DECIDE ("leave", "lv-d21"), CANCEL, "leave_request", "lv-d21",
    { LEAVE_FULL ("lv-d21", "agent-001", "personal", "@M3:24@", "@M3:24@", "@D-1@T09:00:00+09:00", "approved", "") },
    422, "not_pending", NULL },
  { "leave of an unknown agent", "mgr", "POST", DECIDE ("leave", "lv-d23"), APPROVE, "leave_request", "lv-d23",
    { LEAVE ("lv-d23", "agent-gone", "personal", "@M2:10@", "@M2:10@", "") }, 422, "unknown_agent", NULL },
  { "no such leave", "mgr", "POST", DECIDE ("leave", "nope"), "{\"decision\":\"approve\",\"version\":1}",
    NULL, NULL, { NULL }, 404, "not_found", NULL },
  { "stale leave decision", "mgr", "POST", DECIDE ("leave", "lv-d19"), "{\"decision\":\"approve\",\"version\":1}",
    "leave_request", "lv-d19", { NULL }, 409, "stale_version", "version" },
  { "unknown decision", "mgr", "POST", DECIDE ("leave", "lv-d19"), "{\"decision\":\"maybe\",\"version\":@V@}",
    "leave_request", "lv-d19", { NULL }, 400, "invalid_field", "decision" },
  { "decision without version", "mgr", "POST", DECIDE ("leave", "lv-d19"), "{\"decision\":\"approve\"}",
    "leave_request", "lv-d19", { NULL }, 400, "invalid_field", "version" },
  { "version as text", "mgr", "POST", DECIDE ("leave", "lv-d19"), "{\"decision\":\"approve\",\"version\":\"3\"}",
    "leave_request", "lv-d19", { NULL }, 400, "invalid_field", "version" },
  { "decision reason not text", "mgr", "POST", DECIDE ("leave", "lv-d19"),
    "{\"decision\":\"reject\",\"reason\":[],\"version\":@V@}", "leave_request", "lv-d19", { NULL }, 400, "invalid_field", "reason" },
  { "decision route is POST only", "mgr", "PUT", DECIDE ("leave", "lv-d19"), APPROVE,
    "leave_request", "lv-d19", { NULL }, 405, "method_not_allowed", NULL },

  /* Swaps asked (agent1 is agent-001, day team-1, intermediate, q-01). */
  { "swap submit", "agent1", "POST", SWAP_PATH, SWAP_BODY ("agent-n01", "@M2:05@", "@M2:08@"),
    NULL, NULL, { NULL }, 201, NULL, NULL },
  { "supervisor submits a swap", "sup", "POST", SWAP_PATH, SWAP_BODY ("agent-n01", "@M3:05@", "@M3:08@"),
    NULL, NULL, { NULL }, 403, "role_not_allowed", NULL },
  { "manager submits a swap", "mgr", "POST", SWAP_PATH, SWAP_BODY ("agent-n01", "@M3:05@", "@M3:08@"),
    NULL, NULL, { NULL }, 403, "role_not_allowed", NULL },
  { "shift leader submits a swap", "lead1", "POST", SWAP_PATH, SWAP_BODY ("agent-n01", "@M3:05@", "@M3:08@"),
    NULL, NULL, { NULL }, 403, "role_not_allowed", NULL },
  { "swap across grades", "agent1", "POST", SWAP_PATH, SWAP_BODY ("agent-n02", "@M3:05@", "@M3:08@"),
    NULL, NULL, { NULL }, 422, "grade_mismatch", NULL },
  { "swap across jobs", "agent1", "POST", SWAP_PATH, SWAP_BODY ("agent-n03", "@M3:05@", "@M3:08@"),
    NULL, NULL, { NULL }, 422, "job_mismatch", NULL },
  { "swap with nobody", "agent1", "POST", SWAP_PATH, SWAP_BODY ("nobody", "@M3:05@", "@M3:08@"),
    NULL, NULL, { NULL }, 422, "unknown_agent", "agent_b" },
  { "swap in the past", "agent1", "POST", SWAP_PATH, SWAP_BODY ("agent-n01", "@D-1@", "@M3:08@"),
    NULL, NULL, { NULL }, 422, "date_in_past", NULL },
  { "swap on holiday duty", "agent1", "POST", SWAP_PATH, SWAP_BODY ("agent-n01", "@M2:25@", "@M2:28@"),
    NULL, NULL, { NULL }, 422, "holiday_duty", NULL },
  { "swap back to back", "agent1", "POST", SWAP_PATH, SWAP_BODY ("agent-n04", "@M3:14@", "@M3:14@"),
    NULL, NULL, { NULL }, 422, "back_to_back", NULL },
  { "third swap in a month", "agent1", "POST", SWAP_PATH, SWAP_BODY ("agent-n01", "@M4:20@", "@M4:24@"),
    NULL, NULL, { SWAP ("sw-l1", "agent-001", "agent-n05", "@M4:03@", "day", "@M4:06@", "night", "approved", ""),
                  SWAP ("sw-l2", "agent-001", "agent-n05", "@M4:10@", "day", "@M4:13@", "night", "approved", "") },
    422, "swap_limit", NULL },
  { "consecutive swaps", "agent1", "POST", SWAP_PATH, SWAP_BODY ("agent-n01", "@M5:11@", "@M5:20@"),
    NULL, NULL, { SWAP ("sw-c1", "agent-001", "agent-n05", "@M5:10@", "day", "@M5:15@", "night", "approved", "") },
    422, "consecutive_swaps", NULL },
  { "swap a day off", "agent1", "POST", SWAP_PATH, SWAP_BODY ("agent-n01", "@M3:22@", "@M3:25@"),
    NULL, NULL, { LEAVE_FULL ("lv-s11", "agent-001", "personal", "@M3:22@", "@M3:22@", "@D-1@T09:00:00+09:00", "approved", "") },
    422, "not_on_shift", NULL },
  { "swap with oneself", "agent1", "POST", SWAP_PATH, SWAP_BODY ("agent-001", "@M3:05@", "@M3:08@"),
    NULL, NULL, { NULL }, 400, "invalid_field", "agent_b" },
  { "swap date not a date", "agent1", "POST", SWAP_PATH, SWAP_BODY ("agent-n01", "next week", "@M3:08@"),
    NULL, NULL, { NULL }, 400, "invalid_field", "date_a" },
  { "swap without partner", "agent1", "POST", SWAP_PATH, "{\"date_a\":\"@M3:05@\",\"date_b\":\"@M3:08@\"}",
    NULL, NULL, { NULL }, 400, "invalid_field", "agent_b" },
  { "swap partner not text", "agent1", "POST", SWAP_PATH, "{\"agent_b\":7,\"date_a\":\"@M3:05@\",\"date_b\":\"@M3:08@\"}",
    NULL, NULL, { NULL }, 400, "invalid_field", "agent_b" },

  /* Swap decisions: team-1's leader speaks for agent_a, team-2's for agent_b. */
  { "first leader approves", "lead1", "POST", DECIDE ("swap", "sw-1"), APPROVE, "swap_request", "sw-1",
    { SWAP ("sw-1", "agent-004", "agent-n04", "@M6:03@", "day", "@M6:06@", "night", "pending", "") }, 200, NULL, NULL },
  { "second leader approves", "lead2", "POST", DECIDE ("swap", "sw-1"), APPROVE, "swap_request", "sw-1",
    { NULL }, 200, NULL, NULL },
  { "leader consents twice", "lead2", "POST", DECIDE ("swap", "sw-1"), APPROVE, "swap_request", "sw-1",
    { NULL }, 422, "leader_already_approved", NULL },
  /* The leaders consent; the approval is a supervisor's or a manager's. */
  { "manager approves after both leaders", "mgr", "POST", DECIDE ("swap", "sw-1"), APPROVE, "swap_request", "sw-1",
    { NULL }, 200, NULL, NULL },
  { "approve an approved swap", "mgr", "POST", DECIDE ("swap", "sw-1"), APPROVE, "swap_request", "sw-1",
    { NULL }, 422, "not_pending", NULL },
  { "leader of another team", "lead3", "POST", DECIDE ("swap", "sw-2"), APPROVE, "swap_request", "sw-2",
    { SWAP ("sw-2", "agent-004", "agent-n06", "@M6:10@", "day", "@M6:13@", "night", "pending", "") },
    403, "not_your_team", NULL },
  { "inspector approves a swap", "qa", "POST", DECIDE ("swap", "sw-2"), APPROVE, "swap_request", "sw-2",
    { NULL }, 403, "role_not_allowed", NULL },
  { "agent approves a swap", "agent1", "POST", DECIDE ("swap", "sw-2"), APPROVE, "swap_request", "sw-2",
    { NULL }, 403, "role_not_allowed", NULL },
  { "supervisor before the leaders", "sup", "POST", DECIDE ("swap", "sw-2"), APPROVE, "swap_request", "sw-2",
    { NULL }, 422, "leader_approval_missing", NULL },
  { "manager before the leaders", "mgr", "POST", DECIDE ("swap", "sw-2"), APPROVE, "swap_request", "sw-2",
    { NULL }, 422, "leader_approval_missing", NULL },
  { "swap reject without reason", "sup", "POST", DECIDE ("swap", "sw-2"), REJECT, "swap_request", "sw-2",
    { NULL }, 422, "reason_required", "reason" },
  { "swap reject with reason", "sup", "POST", DECIDE ("swap", "sw-2"), REJECT_WHY, "swap_request", "sw-2",
    { NULL }, 200, NULL, NULL },
  { "supervisor after both leaders", "sup", "POST", DECIDE ("swap", "sw-3"), APPROVE, "swap_request", "sw-3",
    { SWAP ("sw-3", "agent-005", "agent-n07", "@M6:24@", "day", "@M6:27@", "night", "pending",
            ",\"leader_a_approved\":true,\"leader_b_approved\":true") }, 200, NULL, NULL },
  { "leader approves twice", "lead1", "POST", DECIDE ("swap", "sw-4"), APPROVE, "swap_request", "sw-4",
    { SWAP ("sw-4", "agent-002", "agent-n07", "@M6:16@", "day", "@M6:19@", "night", "pending", ",\"leader_a_approved\":true") },
    422, "leader_already_approved", NULL },
  { "agent cancels own swap", "agent1", "POST", DECIDE ("swap", "sw-5"), CANCEL, "swap_request", "sw-5",
    { SWAP ("sw-5", "agent-001", "agent-n01", "@M5:25@", "day", "@M5:28@", "night", "pending", "") }, 200, NULL, NULL },
  { "partner cancels a swap", "nagent", "POST", DECIDE ("swap", "sw-6"), CANCEL, "swap_request", "sw-6",
    { SWAP ("sw-6", "agent-001", "agent-n01", "@M6:08@", "day", "@M6:11@", "night", "pending", "") },
    403, "not_your_request", NULL },
  { "leader approves across grades", "lead1", "POST", DECIDE ("swap", "sw-7"), APPROVE, "swap_request", "sw-7",
    { SWAP ("sw-7", "agent-004", "agent-n02", "@M6:26@", "day", "@M6:28@", "night", "pending", "") },
    422, "grade_mismatch", NULL },
  { "stale swap decision", "lead1", "POST", DECIDE ("swap", "sw-6"), "{\"decision\":\"approve\",\"version\":1}",
    "swap_request", "sw-6", { NULL }, 409, "stale_version", "version" },
  { "no such swap", "lead1", "POST", DECIDE ("swap", "nope"), "{\"decision\":\"approve\",\"version\":1}",
    NULL, NULL, { NULL }, 404, "not_found", NULL },

  /* One seat. */
  { "supervisor seats an agent", "sup", "POST", SEAT_PATH, SEAT_BODY ("@D+1@", "day", "seat-1", "agent-001"),
    NULL, NULL, { NULL }, 201, NULL, NULL },
  { "manager seats an agent", "mgr", "POST", SEAT_PATH, SEAT_BODY ("@D+1@", "day", "seat-2", "agent-002"),
    NULL, NULL, { NULL }, 201, NULL, NULL },
  { "director seats an agent", "dir", "POST", SEAT_PATH, SEAT_BODY ("@D+1@", "day", "seat-4", "agent-003"),
    NULL, NULL, { NULL }, 201, NULL, NULL },
  { "shift leader seats an agent", "lead1", "POST", SEAT_PATH, SEAT_BODY ("@D+1@", "day", "seat-5", "agent-004"),
    NULL, NULL, { NULL }, 403, "role_not_allowed", NULL },
  { "inspector seats an agent", "qa", "POST", SEAT_PATH, SEAT_BODY ("@D+1@", "day", "seat-5", "agent-004"),
    NULL, NULL, { NULL }, 403, "role_not_allowed", NULL },
  { "agent seats itself", "agent1", "POST", SEAT_PATH, SEAT_BODY ("@D+1@", "day", "seat-5", "agent-001"),
    NULL, NULL, { NULL }, 403, "role_not_allowed", NULL },
  { "faulty seat", "sup", "POST", SEAT_PATH, SEAT_BODY ("@D+1@", "day", "seat-3", "agent-004"),
    NULL, NULL, { NULL }, 422, "seat_faulty", NULL },
  { "seat taken", "sup", "POST", SEAT_PATH, SEAT_BODY ("@D+1@", "day", "seat-1", "agent-005"),
    NULL, NULL, { NULL }, 422, "seat_taken", NULL },
  { "agent not on the shift", "sup", "POST", SEAT_PATH, SEAT_BODY ("@D+1@", "day", "seat-5", "agent-n01"),
    NULL, NULL, { NULL }, 422, "agent_not_on_shift", NULL },
  { "agent on leave", "sup", "POST", SEAT_PATH, SEAT_BODY ("@M2:10@", "day", "seat-5", "agent-002"),
    NULL, NULL, { NULL }, 422, "agent_not_on_shift", NULL },
  { "unknown seat", "sup", "POST", SEAT_PATH, SEAT_BODY ("@D+1@", "day", "seat-99", "agent-004"),
    NULL, NULL, { NULL }, 422, "unknown_seat", NULL },
  { "unknown agent", "sup", "POST", SEAT_PATH, SEAT_BODY ("@D+1@", "day", "seat-5", "agent-99"),
    NULL, NULL, { NULL }, 422, "unknown_agent", NULL },
  { "agent moves seat", "sup", "POST", SEAT_PATH, SEAT_BODY ("@D+1@", "day", "seat-5", "agent-001"),
    NULL, NULL, { NULL }, 201, NULL, NULL },
  { "released seat is free", "sup", "POST", SEAT_PATH, SEAT_BODY ("@D+1@", "day", "seat-1", "agent-005"),
    NULL, NULL, { NULL }, 201, NULL, NULL },
  { "seat shift unknown", "sup", "POST", SEAT_PATH, SEAT_BODY ("@D+1@", "evening", "seat-5", "agent-004"),
    NULL, NULL, { NULL }, 400, "invalid_field", "shift" },
  { "seat date not a date", "sup", "POST", SEAT_PATH, SEAT_BODY ("tomorrow", "day", "seat-5", "agent-004"),
    NULL, NULL, { NULL }, 400, "invalid_field", "date" },
  { "seat missing", "sup", "POST", SEAT_PATH, "{\"date\":\"@D+1@\",\"shift\":\"day\",\"agent_id\":\"agent-004\"}",
    NULL, NULL, { NULL }, 400, "invalid_field", "seat_id" },

  /* Whole plans. */
  { "plan saved", "sup", "PUT", PLAN_PATH ("@D+2@"),
    "{\"base_version\":0,\"assignments\":[" PICK ("seat-1", "agent-001") "," PICK ("seat-2", "agent-002") "]}",
    "plan", "@D+2@/day", { NULL }, 200, NULL, NULL },
  { "plan from an old base", "mgr", "PUT", PLAN_PATH ("@D+2@"),
    "{\"base_version\":0,\"assignments\":[" PICK ("seat-1", "agent-003") "]}",
    "plan", "@D+2@/day", { NULL }, 409, "stale_version", "base_version" },
  { "plan seats an agent twice", "sup", "PUT", PLAN_PATH ("@D+2@"),
    "{\"base_version\":@V@,\"assignments\":[" PICK ("seat-1", "agent-001") "," PICK ("seat-2", "agent-001") "]}",
    "plan", "@D+2@/day", { NULL }, 422, "agent_already_seated", NULL },
  { "plan gives a seat twice", "sup", "PUT", PLAN_PATH ("@D+2@"),
    "{\"base_version\":@V@,\"assignments\":[" PICK ("seat-1", "agent-001") "," PICK ("seat-1", "agent-002") "]}",
    "plan", "@D+2@/day", { NULL }, 422, "seat_taken", NULL },
  { "plan uses a faulty seat", "sup", "PUT", PLAN_PATH ("@D+2@"),
    "{\"base_version\":@V@,\"assignments\":[" PICK ("seat-3", "agent-001") "]}",
    "plan", "@D+2@/day", { NULL }, 422, "seat_faulty", NULL },
  { "plan seats a night agent", "sup", "PUT", PLAN_PATH ("@D+2@"),
    "{\"base_version\":@V@,\"assignments\":[" PICK ("seat-1", "agent-n01") "]}",
    "plan", "@D+2@/day", { NULL }, 422, "agent_not_on_shift", NULL },
  { "plan with an unknown seat", "sup", "PUT", PLAN_PATH ("@D+2@"),
    "{\"base_version\":@V@,\"assignments\":[" PICK ("seat-0", "agent-001") "]}",
    "plan", "@D+2@/day", { NULL }, 422, "unknown_seat", NULL },
  { "shift leader saves a plan", "lead1", "PUT", PLAN_PATH ("@D+2@"),
    "{\"base_version\":@V@,\"assignments\":[]}", "plan", "@D+2@/day", { NULL }, 403, "role_not_allowed", NULL },
  { "agent saves a plan", "agent1", "PUT", PLAN_PATH ("@D+2@"),
    "{\"base_version\":@V@,\"assignments\":[]}", "plan", "@D+2@/day", { NULL }, 403, "role_not_allowed", NULL },
  { "plan changed", "mgr", "PUT", PLAN_PATH ("@D+2@"),
    "{\"base_version\":@V@,\"assignments\":[" PICK ("seat-2", "agent-001") "]}",
    "plan", "@D+2@/day", { NULL }, 200, NULL, NULL },
  { "plan for a bad date", "sup", "PUT", "/api/v1/seat-assignments/2030-02-30/day",
    "{\"base_version\":0,\"assignments\":[]}", NULL, NULL, { NULL }, 400, "invalid_field", "date" },
  { "plan for a bad shift", "sup", "PUT", "/api/v1/seat-assignments/@D+2@/evening",
    "{\"base_version\":0,\"assignments\":[]}", NULL, NULL, { NULL }, 400, "invalid_field", "shift" },
  { "plan without base", "sup", "PUT", PLAN_PATH ("@D+2@"), "{\"assignments\":[]}",
    NULL, NULL, { NULL }, 400, "invalid_field", "base_version" },
  { "plan not a list", "sup", "PUT", PLAN_PATH ("@D+2@"), "{\"base_version\":0,\"assignments\":{}}",
    NULL, NULL, { NULL }, 400, "invalid_field", "assignments" },
  { "plan item not an object", "sup", "PUT", PLAN_PATH ("@D+2@"), "{\"base_version\":0,\"assignments\":[3]}",
    NULL, NULL, { NULL }, 400, "invalid_field", "assignments[0]" },
  { "plan item without agent", "sup", "PUT", PLAN_PATH ("@D+2@"),
    "{\"base_version\":0,\"assignments\":[{\"seat_id\":\"seat-1\"}]}",
    NULL, NULL, { NULL }, 400, "invalid_field", "assignments[0].agent_id" },
  { "plan route is PUT only", "sup", "POST", PLAN_PATH ("@D+2@"), "{\"base_version\":0,\"assignments\":[]}",
    NULL, NULL, { NULL }, 405, "method_not_allowed", NULL },
};

/* One case: its rows, its request, then what the server holds. A refusal
 * changed no row but left exactly one audit row naming the code; an
 * accepted write changed rows and left one audit row of the decision. */
static void
run_case (Api        *api,
          const Case *c)
{
  g_autofree char *target = expand (api, c->target, NULL, NULL);
  g_autofree char *path = expand (api, c->path, NULL, NULL);
  g_autofree char *body = NULL;
  g_autofree char *key = fb_test_api_new_key (api);
  g_autofree char *user_id = g_strconcat ("u-", c->user, NULL);
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(FbAudit) audit = NULL;
  gint64 cursor;
  guint status;

  for (guint i = 0; i < G_N_ELEMENTS (c->rows) && c->rows[i] != NULL; i++)
    put_template_row (api, c->rows[i]);
  body = expand (api, c->body, c->type, target);
  cursor = fb_server_store_get_cursor (api->f->store);

  status = fb_test_api_request_text (api, c->method, path, c->user, key, body, &text);
  root = json_from_string (text, NULL);
  if (status != c->status || root == NULL)
    g_error ("%s: expected %u, got %u %s", c->name, c->status, status, text);
  changes = changes_since (api, cursor);
  if (!(audit = the_audit (changes)))
    g_error ("%s: not exactly one audit row", c->name);
  g_assert_cmpstr (audit->actor, ==, user_id);

  if (c->code != NULL)
    {
      JsonObject *err;

      if (g_strcmp0 (fb_test_api_error_code (root), c->code) != 0)
        g_error ("%s: expected %s, got %s", c->name, c->code, text);
      if (c->field != NULL && g_strcmp0 (json_object_get_string_member (error_of (root), "field"), c->field) != 0)
        g_error ("%s: expected field %s, got %s", c->name, c->field, text);
      /* Nothing but the audit row changed. */
      if (changes->len != 1)
        g_error ("%s: a refusal changed %u rows", c->name, changes->len - 1);
      if (!g_str_has_suffix (audit->action, ".refused"))
        g_error ("%s: audit action %s", c->name, audit->action);
      err = json_object_get_object_member (json_node_get_object (audit->after), "error");
      g_assert_cmpstr (json_object_get_string_member (err, "code"), ==, c->code);
      g_assert_cmpstr (json_object_get_string_member (err, "message"), !=, "");
      g_assert_cmpint (json_object_get_int_member (json_node_get_object (audit->after), "status"), ==, status);
      if (c->type != NULL && strcmp (c->type, "plan") != 0 && status != 404)
        {
          g_autoptr(FbChange) row = fb_server_store_get (api->f->store, c->type, target, NULL);

          /* The row as it stood, by version (not a copy): what the
           * refusal was about. */
          g_assert_null (audit->before);
          g_assert_cmpint (json_object_get_int_member (json_node_get_object (audit->after), "target_version"),
                           ==, row->version);
        }
    }
  else
    {
      if (changes->len < 2)
        g_error ("%s: accepted but changed nothing", c->name);
      if (g_str_has_suffix (audit->action, ".refused"))
        g_error ("%s: audit action %s", c->name, audit->action);
      if (json_object_has_member (json_node_get_object (root), "data"))
        {
          JsonObject *answer = json_node_get_object (root);
          const char *type = json_object_get_string_member (answer, "type");
          const char *id = json_object_get_string_member (answer, "id");
          g_autoptr(FbChange) row = fb_server_store_get (api->f->store, type, id, NULL);
          g_autoptr(JsonNode) stored = json_from_string (row->data, NULL);

          /* The answer is the row as /sync carries it. */
          g_assert_cmpint (json_object_get_int_member (answer, "version"), ==, row->version);
          g_assert_true (json_node_equal (json_object_get_member (answer, "data"), stored));
          g_assert_true (json_node_equal (audit->after, stored));
          if (c->target != NULL)
            g_assert_cmpstr (id, ==, target);
        }
    }
}

static void
test_rule_table (void)
{
  Api *api = api_new ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("case %u: %s", i, cases[i].name);
      run_case (api, &cases[i]);
    }
  fb_test_api_free (api);
}

/* The rows the table's accepted writes made look as they should. */
static void
test_outcomes (void)
{
  Api *api = api_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *day = kst_day (2);
  g_autofree char *prefix = g_strdup_printf ("sa-%s-day-", day);
  g_autoptr(GPtrArray) plan = NULL;
  g_autoptr(FbChange) gone = NULL;
  g_autofree char *gone_id = NULL;
  JsonObject *data;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    run_case (api, &cases[i]);

  {
    g_autoptr(FbChange) row = fb_server_store_get (api->f->store, "leave_request", "lv-d5", NULL);
    g_autoptr(FbLeaveRequest) leave = fb_entity_decode_string (&fb_leave_request_spec, row->data, -1, NULL);

    g_assert_cmpint (leave->status, ==, FB_REQUEST_REJECTED);
    g_assert_cmpstr (leave->decided_by, ==, "u-mgr");
    g_assert_cmpstr (leave->decision_reason, ==, "인력 부족");
    g_assert_cmpint (leave->decided_at, >, 0);
  }
  {
    g_autoptr(FbChange) row = fb_server_store_get (api->f->store, "leave_request", "lv-d18", NULL);
    g_autoptr(FbLeaveRequest) leave = fb_entity_decode_string (&fb_leave_request_spec, row->data, -1, NULL);

    g_assert_cmpint (leave->status, ==, FB_REQUEST_CANCELLED);
    g_assert_cmpstr (leave->decided_by, ==, "u-agent1");
  }
  /* Both leaders consented, then the manager approved. */
  {
    g_autoptr(FbChange) row = fb_server_store_get (api->f->store, "swap_request", "sw-1", NULL);
    g_autoptr(FbSwapRequest) swap = fb_entity_decode_string (&fb_swap_request_spec, row->data, -1, NULL);

    g_assert_cmpint (swap->status, ==, FB_REQUEST_APPROVED);
    g_assert_true (swap->leader_a_approved && swap->leader_b_approved);
    g_assert_cmpstr (swap->decided_by, ==, "u-mgr");
  }

  /* The second plan kept agent-001 (on seat-2) and tombstoned agent-002. */
  plan = fb_server_store_list_prefix (api->f->store, "seat_assignment", prefix, NULL);
  g_assert_cmpuint (plan->len, ==, 1);
  g_assert_nonnull (strstr (((FbChange *) g_ptr_array_index (plan, 0))->data, "\"seat-2\""));
  gone_id = g_strconcat (prefix, "agent-002", NULL);
  gone = fb_server_store_get (api->f->store, "seat_assignment", gone_id, NULL);
  g_assert_nonnull (gone);
  g_assert_true (gone->deleted);

  /* agent-001 moved from seat-1 to seat-5 tomorrow: one row, on seat-5. */
  {
    g_autofree char *tomorrow = kst_day (1);
    g_autofree char *id = g_strdup_printf ("sa-%s-day-agent-001", tomorrow);
    g_autoptr(FbChange) row = fb_server_store_get (api->f->store, "seat_assignment", id, NULL);
    g_autofree char *p = g_strdup_printf ("sa-%s-day-", tomorrow);
    g_autoptr(GPtrArray) rows = fb_server_store_list_prefix (api->f->store, "seat_assignment", p, NULL);
    guint on_seat_1 = 0;

    g_assert_nonnull (strstr (row->data, "\"seat-5\""));
    for (guint i = 0; i < rows->len; i++)
      if (strstr (((FbChange *) g_ptr_array_index (rows, i))->data, "\"seat-1\""))
        on_seat_1++;
    g_assert_cmpuint (on_seat_1, ==, 1);
  }

  /* A stale plan gets the plan as it is now. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/seat-assignments/%s/day", day);
    JsonObject *current;
    JsonArray *rows;

    g_assert_cmpuint (fb_test_api_request (api, "PUT", path, "sup", "stale-plan", "{\"base_version\":1,\"assignments\":[]}", &root),
                      ==, 409);
    current = json_object_get_object_member (json_node_get_object (root), "current");
    rows = json_object_get_array_member (current, "assignments");
    g_assert_cmpuint (json_array_get_length (rows), ==, 1);
    data = json_object_get_object_member (json_array_get_object_element (rows, 0), "data");
    g_assert_cmpstr (json_object_get_string_member (data, "agent_id"), ==, "agent-001");
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (rows, 0), "version"), ==,
                     ((FbChange *) g_ptr_array_index (plan, 0))->version);
  }
  fb_test_api_free (api);
}

/* An agent's request comes back as /sync carries it. */
static void
test_submit_row_as_in_sync (void)
{
  Api *api = api_new ();
  g_autoptr(JsonNode) answer = NULL, sync = NULL, swap = NULL;
  g_autofree char *body = expand (api, LEAVE_BODY ("vacation", "@M2:03@", "@M2:04@"), NULL, NULL);
  g_autofree char *swap_body = expand (api, SWAP_BODY ("agent-n01", "@M2:05@", "@M2:08@"), NULL, NULL);
  JsonObject *data, *change = NULL;
  JsonArray *changes;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC, submitted;

  g_assert_cmpuint (fb_test_api_request (api, "POST", LEAVE_PATH, "agent1", "k1", body, &answer), ==, 201);
  data = data_of (answer);
  g_assert_cmpstr (json_object_get_string_member (data, "status"), ==, "pending");
  g_assert_cmpstr (json_object_get_string_member (data, "agent_id"), ==, "agent-001");
  g_assert_cmpstr (json_object_get_string_member (data, "type"), ==, "vacation");
  g_assert_true (fb_timestamp_from_iso (json_object_get_string_member (data, "submitted_at"), &submitted));
  g_assert_cmpint (ABS (submitted - now), <=, 5);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (answer ? json_node_get_object (answer) : NULL, "id"), "leave-"));

  g_assert_cmpuint (fb_test_api_request (api, "GET", "/api/v1/sync?since=0&limit=1000", "agent1", NULL, NULL, &sync), ==, 200);
  changes = json_object_get_array_member (json_node_get_object (sync), "changes");
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *c = json_array_get_object_element (changes, i);

      if (g_strcmp0 (json_object_get_string_member (c, "id"), json_object_get_string_member (json_node_get_object (answer), "id")) == 0)
        change = c;
    }
  g_assert_nonnull (change);
  g_assert_true (json_node_equal (json_object_get_member (change, "data"), json_object_get_member (json_node_get_object (answer), "data")));
  g_assert_cmpint (json_object_get_int_member (change, "version"), ==,
                   json_object_get_int_member (json_node_get_object (answer), "version"));

  /* A swap takes the shifts of the two agents' teams. */
  g_assert_cmpuint (fb_test_api_request (api, "POST", SWAP_PATH, "agent1", "k2", swap_body, &swap), ==, 201);
  data = data_of (swap);
  g_assert_cmpstr (json_object_get_string_member (data, "agent_a"), ==, "agent-001");
  g_assert_cmpstr (json_object_get_string_member (data, "agent_b"), ==, "agent-n01");
  g_assert_cmpstr (json_object_get_string_member (data, "shift_a"), ==, "day");
  g_assert_cmpstr (json_object_get_string_member (data, "shift_b"), ==, "night");
  g_assert_cmpstr (json_object_get_string_member (data, "status"), ==, "pending");
  g_assert_false (json_object_get_boolean_member (data, "leader_a_approved"));
  fb_test_api_free (api);
}

/* Same key: the first answer, one effect; same key, other body: 422. */
static void
test_idempotent_replay (void)
{
  Api *api = api_new ();
  g_autofree char *first = NULL, *again = NULL, *other = NULL, *decided = NULL, *decided_again = NULL;
  g_autofree char *body = expand (api, LEAVE_BODY ("personal", "@M2:03@", "@M2:03@"), NULL, NULL);
  g_autofree char *other_body = expand (api, LEAVE_BODY ("personal", "@M2:04@", "@M2:04@"), NULL, NULL);
  g_autofree char *decision = NULL;
  g_autoptr(JsonNode) root = NULL;
  guint leaves, audits;
  gint64 version;

  g_assert_cmpuint (fb_test_api_request_text (api, "POST", LEAVE_PATH, "agent1", "same", body, &first), ==, 201);
  leaves = fb_test_api_count_rows (api, "leave_request");
  audits = fb_test_api_count_rows (api, "audit");
  g_assert_cmpuint (fb_test_api_request_text (api, "POST", LEAVE_PATH, "agent1", "same", body, &again), ==, 201);
  g_assert_cmpstr (first, ==, again);
  g_assert_cmpuint (fb_test_api_count_rows (api, "leave_request"), ==, leaves);
  g_assert_cmpuint (fb_test_api_count_rows (api, "audit"), ==, audits);
  g_assert_cmpuint (fb_test_api_request_text (api, "POST", LEAVE_PATH, "agent1", "same", other_body, &other), ==, 422);
  root = json_from_string (other, NULL);
  g_assert_cmpstr (fb_test_api_error_code (root), ==, "idempotency_key_reused");
  g_assert_cmpuint (fb_test_api_count_rows (api, "leave_request"), ==, leaves);

  /* A decision replayed after the row moved on: still the first answer. */
  g_clear_pointer (&root, json_node_unref);
  root = json_from_string (first, NULL);
  {
    const char *id = json_object_get_string_member (json_node_get_object (root), "id");
    g_autofree char *path = g_strdup_printf ("/api/v1/leave-requests/%s/decision", id);

    version = version_of (api, "leave_request", id);
    decision = g_strdup_printf ("{\"decision\":\"approve\",\"version\":%" G_GINT64_FORMAT "}", version);
    g_assert_cmpuint (fb_test_api_request_text (api, "POST", path, "mgr", "d1", decision, &decided), ==, 200);
    version = version_of (api, "leave_request", id);
    audits = fb_test_api_count_rows (api, "audit");
    g_assert_cmpuint (fb_test_api_request_text (api, "POST", path, "mgr", "d1", decision, &decided_again), ==, 200);
    g_assert_cmpstr (decided, ==, decided_again);
    g_assert_cmpint (version_of (api, "leave_request", id), ==, version);
    g_assert_cmpuint (fb_test_api_count_rows (api, "audit"), ==, audits);
  }
  fb_test_api_free (api);
}

/* Two managers click approve on the same row: the second hears 409 with
 * the row as the first left it. */
static void
test_two_managers (void)
{
  Api *api = api_new ();
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) first = NULL, second = NULL;
  JsonObject *current;
  gint64 seen;

  put_template_row (api, LEAVE ("lv-x", "agent-002", "personal", "@M2:10@", "@M2:10@", ""));
  seen = version_of (api, "leave_request", "lv-x");
  body = g_strdup_printf ("{\"decision\":\"approve\",\"version\":%" G_GINT64_FORMAT "}", seen);
  g_assert_cmpuint (fb_test_api_request (api, "POST", DECIDE ("leave", "lv-x"), "mgr", "m1", body, &first), ==, 200);
  g_assert_cmpuint (fb_test_api_request (api, "POST", DECIDE ("leave", "lv-x"), "mgr2", "m2", body, &second), ==, 409);
  g_assert_cmpstr (fb_test_api_error_code (second), ==, "stale_version");
  current = json_object_get_object_member (json_node_get_object (second), "current");
  g_assert_cmpint (json_object_get_int_member (current, "version"), ==, version_of (api, "leave_request", "lv-x"));
  g_assert_cmpint (json_object_get_int_member (current, "version"), >, seen);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (current, "data"), "status"), ==, "approved");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (current, "data"), "decided_by"), ==, "u-mgr");
  fb_test_api_free (api);
}

/* The audit row of a decision: who, what, when, why, before and after. */
static void
test_decision_audit (void)
{
  Api *api = api_new ();
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(FbAudit) audit = NULL;
  gint64 cursor, now = g_get_real_time () / G_USEC_PER_SEC;

  put_template_row (api, LEAVE ("lv-a", "agent-002", "personal", "@M2:10@", "@M2:10@", ""));
  body = g_strdup_printf ("{\"decision\":\"reject\",\"reason\":\"인력 부족\",\"version\":%" G_GINT64_FORMAT "}",
                          version_of (api, "leave_request", "lv-a"));
  cursor = fb_server_store_get_cursor (api->f->store);
  g_assert_cmpuint (fb_test_api_request (api, "POST", DECIDE ("leave", "lv-a"), "mgr", "a1", body, &root), ==, 200);
  changes = changes_since (api, cursor);
  audit = the_audit (changes);
  g_assert_nonnull (audit);
  g_assert_cmpstr (audit->actor, ==, "u-mgr");
  g_assert_cmpstr (audit->action, ==, "leave_request.reject");
  g_assert_cmpstr (audit->target_type, ==, "leave_request");
  g_assert_cmpstr (audit->target_id, ==, "lv-a");
  g_assert_cmpint (ABS (audit->at - now), <=, 5);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (audit->before), "status"), ==, "pending");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (audit->after), "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (audit->after), "decision_reason"), ==, "인력 부족");
  g_clear_pointer (&changes, g_ptr_array_unref);
  g_clear_pointer (&audit, fb_audit_free);

  /* A refusal's: the rule's code and words, and what was asked — by its
   * route, size and digest, not a copy of the body. */
  cursor = fb_server_store_get_cursor (api->f->store);
  g_clear_pointer (&root, json_node_unref);
  g_assert_cmpuint (fb_test_api_request (api, "POST", DECIDE ("leave", "lv-a"), "sup", "a2", body, &root), ==, 403);
  changes = changes_since (api, cursor);
  audit = the_audit (changes);
  g_assert_nonnull (audit);
  g_assert_cmpstr (audit->actor, ==, "u-sup");
  g_assert_cmpstr (audit->action, ==, "leave_request.reject.refused");
  g_assert_cmpstr (audit->target_id, ==, "lv-a");
  {
    JsonObject *after = json_node_get_object (audit->after);
    JsonObject *err = json_object_get_object_member (after, "error");
    JsonObject *asked = json_object_get_object_member (after, "request");
    g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, body, -1);

    g_assert_cmpstr (json_object_get_string_member (err, "code"), ==, "role_not_allowed");
    g_assert_cmpstr (json_object_get_string_member (err, "message"), ==,
                     json_object_get_string_member (error_of (root), "message"));

    g_assert_cmpstr (json_object_get_string_member (after, "route"), ==, "POST " DECIDE ("leave", "lv-a"));
    g_assert_cmpint (json_object_get_int_member (asked, "bytes"), ==, strlen (body));
    g_assert_cmpstr (json_object_get_string_member (asked, "sha256"), ==, digest);
    g_assert_false (json_object_has_member (asked, "reason"));
    g_assert_null (audit->before);
    g_assert_cmpint (json_object_get_int_member (after, "target_version"), ==,
                     version_of (api, "leave_request", "lv-a"));
  }
  /* A refusal is not kept for replays (it had no effect on the request):
   * sent again, it is refused and audited again. */
  cursor = fb_server_store_get_cursor (api->f->store);
  g_clear_pointer (&root, json_node_unref);
  g_assert_cmpuint (fb_test_api_request (api, "POST", DECIDE ("leave", "lv-a"), "sup", "a2", body, &root), ==, 403);
  g_clear_pointer (&changes, g_ptr_array_unref);
  changes = changes_since (api, cursor);
  g_assert_cmpuint (changes->len, ==, 1);
  fb_test_api_free (api);
}

static void
backdate_replies (const char *db_path,
                  gint64      seconds)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE replies SET created_at = created_at - ?1", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, seconds);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* Kept answers survive a day (and a restart); after a week a restart
 * forgets them. */
static void
test_reply_retention (void)
{
  Api *api = api_new ();
  g_autofree char *body = expand (api, LEAVE_BODY ("personal", "@M2:03@", "@M2:03@"), NULL, NULL);
  g_autofree char *first = NULL, *again = NULL, *late = NULL;
  g_autofree char *hash = NULL, *stored = NULL;
  guint status = 0;

  g_assert_cmpuint (fb_test_api_request_text (api, "POST", LEAVE_PATH, "agent1", "kept", body, &first), ==, 201);
  backdate_replies (api->f->server_db, 6 * 24 * 3600);
  fb_test_fixture_stop_server (api->f);
  fb_test_fixture_start_server (api->f);
  g_assert_cmpuint (fb_test_api_request_text (api, "POST", LEAVE_PATH, "agent1", "kept", body, &again), ==, 201);
  g_assert_cmpstr (first, ==, again);
  g_assert_cmpuint (fb_test_api_count_rows (api, "leave_request"), ==, 1);

  backdate_replies (api->f->server_db, 2 * 24 * 3600);
  fb_test_fixture_stop_server (api->f);
  fb_test_fixture_start_server (api->f);
  g_assert_false (fb_server_store_get_reply (api->f->store, "u-agent1", "kept", &hash, &status, &stored, NULL));
  /* The key is free again: a new fb_test_api_request (overlapping the first leave). */
  g_assert_cmpuint (fb_test_api_request_text (api, "POST", LEAVE_PATH, "agent1", "kept", body, &late), ==, 422);
  g_assert_nonnull (strstr (late, "leave_overlaps"));
  fb_test_api_free (api);
}

/* Every decision builds the roster of the whole center: it has to stay
 * cheap at 2,000 agents and seats with a year of requests. */
static void
test_roster_scale (void)
{
  Api *api = api_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  double worst = 0, total = 0;
  const guint n_agents = 2000, n_leaves = 8000, n_swaps = 2000, rounds = 5;

  g_assert_true (fb_server_store_begin (api->f->store, &error));
  for (guint i = 0; i < n_agents; i++)
    {
      g_autofree char *id = g_strdup_printf ("big-%04u", i);
      g_autofree char *seat = g_strdup_printf ("bseat-%04u", i);

      put_agent (api, id, i % 2 ? "team-2" : "team-1", fb_grade_values[i % 3], "q-01");
      put_seat (api, seat, i % 100, i % 50 ? "ok" : "faulty");
    }
  for (guint i = 0; i < n_leaves; i++)
    {
      g_autofree char *id = g_strdup_printf ("blv-%05u", i);
      g_autofree char *json = g_strdup_printf (
        "{\"id\":\"%s\",\"agent_id\":\"big-%04u\",\"type\":\"personal\",\"start_date\":\"2025-%02u-%02u\","
        "\"end_date\":\"2025-%02u-%02u\",\"submitted_at\":\"2025-01-01T00:00:00Z\",\"status\":\"approved\"}",
        id, i % n_agents, 1 + i % 12, 1 + i % 28, 1 + i % 12, 1 + i % 28);
      fb_test_put (api->f->store, "leave_request", id, json);
    }
  for (guint i = 0; i < n_swaps; i++)
    {
      g_autofree char *id = g_strdup_printf ("bsw-%05u", i);
      g_autofree char *json = g_strdup_printf (
        "{\"id\":\"%s\",\"agent_a\":\"big-%04u\",\"agent_b\":\"big-%04u\",\"date_a\":\"2025-%02u-%02u\","
        "\"shift_a\":\"day\",\"date_b\":\"2025-%02u-%02u\",\"shift_b\":\"night\","
        "\"submitted_at\":\"2025-01-01T00:00:00Z\",\"status\":\"approved\"}",
        id, (2 * i) % n_agents, (2 * i + 1) % n_agents, 1 + i % 12, 1 + i % 28, 1 + i % 12, 1 + i % 28);
      fb_test_put (api->f->store, "swap_request", id, json);
    }
  g_assert_true (fb_server_store_commit (api->f->store, &error));

  for (guint r = 0; r < rounds; r++)
    {
      g_autofree char *id = g_strdup_printf ("lv-big-%u", r);
      g_autofree char *row = g_strdup_printf (LEAVE ("%s", "agent-002", "personal", "@M2:1%u@", "@M2:1%u@", ""),
                                              id, id, r, r);
      g_autofree char *path = g_strdup_printf ("/api/v1/leave-requests/%s/decision", id);
      g_autofree char *body = NULL;
      g_autofree char *key = fb_test_api_new_key (api);
      g_autoptr(JsonNode) root = NULL;
      double ms;

      put_template_row (api, row);
      body = g_strdup_printf ("{\"decision\":\"approve\",\"version\":%" G_GINT64_FORMAT "}",
                              version_of (api, "leave_request", id));
      g_timer_start (timer);
      g_assert_cmpuint (fb_test_api_request (api, "POST", path, "mgr", key, body, &root), ==, 200);
      ms = g_timer_elapsed (timer, NULL) * 1000;
      worst = MAX (worst, ms);
      total += ms;
    }
  g_test_message ("decision with %u agents, %u seats, %u leave and %u swap rows: %.1f ms mean, %.1f ms worst",
                  n_agents + 13, n_agents + 5, n_leaves, n_swaps, total / rounds, worst);
  /* Generous: a failure here means the roster stopped being cheap. Under
   * AddressSanitizer every allocation costs several times more, as the
   * suite's --timeout-multiplier 4 says (build-aux/test). */
#ifdef __SANITIZE_ADDRESS__
  g_assert_cmpfloat (worst, <, 4 * 1500);
#else
  g_assert_cmpfloat (worst, <, 1500);
#endif
  fb_test_api_free (api);
}

/* Duty reports: write, submit, hand over, review — each role
 * and each refusal, against the real server, in the order a day runs. */
#define DUTY_ID "duty-2026-11-20-day"
#define DUTY_PATH "/api/v1/duty-reports/" DUTY_ID

typedef struct
{
  const char *name;
  const char *user;
  const char *method;
  const char *path;
  const char *body;      /* @V@: the report's current version */
  guint       status;
  const char *code;      /* or the field of a 400 */
  const char *expect;    /* a member of the answer's data: "status=submitted" */
} DutyCase;

static const DutyCase duty_cases[] = {
  { "a manager writes", "mgr", "PUT", DUTY_PATH,
    "{\"date\":\"2026-11-20\",\"shift\":\"day\",\"version\":0}", 403, "role_not_allowed", NULL },
  { "an agent writes", "agent1", "PUT", DUTY_PATH,
    "{\"date\":\"2026-11-20\",\"shift\":\"day\",\"version\":0}", 403, "role_not_allowed", NULL },
  { "id of another day", "lead1", "PUT", DUTY_PATH,
    "{\"date\":\"2026-11-21\",\"shift\":\"day\",\"version\":0}", 400, "date", NULL },
  { "bad shift", "lead1", "PUT", DUTY_PATH,
    "{\"date\":\"2026-11-20\",\"shift\":\"evening\",\"version\":0}", 400, "shift", NULL },
  { "negative count", "lead1", "PUT", DUTY_PATH,
    "{\"date\":\"2026-11-20\",\"shift\":\"day\",\"version\":0,\"complaints\":-1}", 400, "complaints", NULL },
  { "text as number", "lead1", "PUT", DUTY_PATH,
    "{\"date\":\"2026-11-20\",\"shift\":\"day\",\"version\":0,\"workload\":7}", 400, "workload", NULL },
  { "no version", "lead1", "PUT", DUTY_PATH,
    "{\"date\":\"2026-11-20\",\"shift\":\"day\"}", 400, "version", NULL },
  { "a version of nothing", "lead1", "PUT", DUTY_PATH,
    "{\"date\":\"2026-11-20\",\"shift\":\"day\",\"version\":5}", 409, "stale_version", NULL },
  { "leader writes a draft", "lead1", "PUT", DUTY_PATH,
    "{\"date\":\"2026-11-20\",\"shift\":\"day\",\"version\":0,\"issue_summary\":\"요금 문의 급증\",\"complaints\":12}",
    201, NULL, "status=draft" },
  /* Issue 15: only that shift's leader or a supervisor writes it. */
  { "a night leader writes over the day's report", "lead2", "PUT", DUTY_PATH,
    "{\"date\":\"2026-11-20\",\"shift\":\"day\",\"version\":@V@,\"issue_summary\":\"덮어쓰기\"}",
    403, "not_on_duty", NULL },
  { "a night leader creates a day's report", "lead2", "PUT", "/api/v1/duty-reports/duty-2026-11-21-day",
    "{\"date\":\"2026-11-21\",\"shift\":\"day\",\"version\":0,\"issue_summary\":\"대신 작성\"}",
    403, "not_on_duty", NULL },
  { "a night leader submits the day's report", "lead2", "POST", DUTY_PATH "/submit", "{\"version\":@V@}",
    403, "not_on_duty", NULL },
  { "supervisor writes over it unseen", "sup", "PUT", DUTY_PATH,
    "{\"date\":\"2026-11-20\",\"shift\":\"day\",\"version\":0}", 409, "stale_version", NULL },
  { "submit without workload", "lead1", "POST", DUTY_PATH "/submit", "{\"version\":@V@}", 422, "missing_field", NULL },
  { "leader reviews", "lead1", "POST", DUTY_PATH "/review", "{\"version\":@V@}", 403, "role_not_allowed", NULL },
  { "review a draft", "mgr", "POST", DUTY_PATH "/review", "{\"version\":@V@}", 422, "not_submitted", NULL },
  { "acknowledge a draft", "lead2", "POST", DUTY_PATH "/acknowledge", "{\"version\":@V@}", 422, "not_submitted", NULL },
  { "blank handover", "lead1", "PUT", DUTY_PATH,
    "{\"date\":\"2026-11-20\",\"shift\":\"day\",\"version\":@V@,\"workload\":\"높음\",\"handover_notes\":\"  \",\"submit\":true}",
    422, "missing_field", NULL },
  { "write and submit at once", "lead1", "PUT", DUTY_PATH,
    "{\"date\":\"2026-11-20\",\"shift\":\"day\",\"version\":@V@,\"workload\":\"높음\",\"handover_notes\":\"A-03 헤드셋 불량\",\"submit\":true}",
    200, NULL, "status=submitted" },
  { "submit twice", "lead1", "POST", DUTY_PATH "/submit", "{\"version\":@V@}", 422, "already_submitted", NULL },
  { "a submitted report is still edited", "sup", "PUT", DUTY_PATH,
    "{\"date\":\"2026-11-20\",\"shift\":\"day\",\"version\":@V@,\"difficult_cases\":\"반복 민원 1건\"}",
    200, NULL, "author=u-sup" },
  /* The text is now the supervisor's too: the author says who wrote last. */
  { "the last writer is the author", "lead1", "PUT", DUTY_PATH,
    "{\"date\":\"2026-11-20\",\"shift\":\"day\",\"version\":@V@,\"staffing_changes\":\"지각 1명\"}",
    200, NULL, "author=u-lead1" },
  { "the outgoing leader acknowledges", "lead3", "POST", DUTY_PATH "/acknowledge", "{\"version\":@V@}",
    403, "not_on_duty", NULL },
  { "the outgoing author acknowledges", "lead1", "POST", DUTY_PATH "/acknowledge", "{\"version\":@V@}",
    403, "not_on_duty", NULL },
  { "a manager acknowledges", "mgr", "POST", DUTY_PATH "/acknowledge", "{\"version\":@V@}", 403, "role_not_allowed", NULL },
  { "stale acknowledge", "lead2", "POST", DUTY_PATH "/acknowledge", "{\"version\":1}", 409, "stale_version", NULL },
  { "the incoming leader acknowledges", "lead2", "POST", DUTY_PATH "/acknowledge", "{\"version\":@V@}",
    200, NULL, "acknowledged_by=u-lead2" },
  { "acknowledged twice", "sup", "POST", DUTY_PATH "/acknowledge", "{\"version\":@V@}", 422, "already_acknowledged", NULL },
  { "the director reviews", "dir", "POST", DUTY_PATH "/review", "{\"version\":@V@,\"note\":\"확인\"}",
    200, NULL, "status=reviewed" },
  { "edit after review", "lead1", "PUT", DUTY_PATH,
    "{\"date\":\"2026-11-20\",\"shift\":\"day\",\"version\":@V@,\"workload\":\"보통\"}", 422, "already_reviewed", NULL },
  { "reviewed twice", "mgr", "POST", DUTY_PATH "/review", "{\"version\":@V@}", 422, "already_reviewed", NULL },
  { "no such report", "lead1", "POST", "/api/v1/duty-reports/duty-2026-11-20-night/submit", "{\"version\":0}",
    404, "not_found", NULL },
  { "wrong method", "lead1", "POST", DUTY_PATH, "{\"version\":0}", 405, NULL, NULL },
};

/* Runs @table in order on the report @id; each refusal changes nothing
 * but the audit. Returns how many writes (and refusals) were audited. */
static guint
run_duty_cases (Api            *api,
                const DutyCase *table,
                guint           n_cases,
                const char     *id)
{
  guint writes = 0;

  for (guint i = 0; i < n_cases; i++)
    {
      const DutyCase *c = &table[i];
      g_autofree char *version = g_strdup_printf ("%" G_GINT64_FORMAT, version_of (api, "duty_report", id));
      g_auto(GStrv) parts = g_strsplit (c->body, "@V@", -1);
      g_autofree char *body = g_strjoinv (version, parts);
      g_autofree char *key = fb_test_api_new_key (api);
      g_autoptr(JsonNode) root = NULL;
      guint status;

      g_test_message ("duty case: %s", c->name);
      status = fb_test_api_request (api, c->method, c->path, c->user, key, body, &root);
      g_assert_cmpuint (status, ==, c->status);
      if (c->status >= 400 && c->status != 405)
        {
          const char *field = json_object_get_string_member_with_default (error_of (root), "field", "");

          g_assert_true (g_strcmp0 (fb_test_api_error_code (root), c->code) == 0 ||
                         (c->status == 400 && g_strcmp0 (field, c->code) == 0));
        }
      if (c->status >= 400)
        {
          /* Nothing changed but the refusal's audit row. */
          g_autoptr(FbChange) row = fb_server_store_get (api->f->store, "duty_report", id, NULL);
          g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, row ? row->version : 0);

          g_assert_cmpstr (now, ==, version);
        }
      else
        {
          g_auto(GStrv) kv = g_strsplit (c->expect, "=", 2);
          JsonObject *data = data_of (root);

          g_assert_cmpstr (json_object_get_string_member_with_default (data, kv[0], ""), ==, kv[1]);
          g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "version"), ==,
                           version_of (api, "duty_report", id));
        }
      writes++;
    }
  return writes;
}

/* A night's handover: the supervisor on duty writes it, may not
 * take their own handover; the incoming day shift's leader does, and a
 * supervisor may take another's. */
#define NIGHT_ID "duty-2026-11-19-night"
#define NIGHT_PATH "/api/v1/duty-reports/" NIGHT_ID

static const DutyCase night_cases[] = {
  { "the supervisor writes the night's report", "sup", "PUT", NIGHT_PATH,
    "{\"date\":\"2026-11-19\",\"shift\":\"night\",\"version\":0,\"issue_summary\":\"조용함\","
    "\"workload\":\"낮음\",\"handover_notes\":\"없음\",\"submit\":true}", 201, NULL, "author=u-sup" },
  { "a day leader writes the night's report", "lead1", "PUT", NIGHT_PATH,
    "{\"date\":\"2026-11-19\",\"shift\":\"night\",\"version\":@V@,\"workload\":\"높음\"}",
    403, "not_on_duty", NULL },
  { "the supervisor takes their own handover", "sup", "POST", NIGHT_PATH "/acknowledge", "{\"version\":@V@}",
    422, "own_report", NULL },
  { "the outgoing night leader acknowledges", "lead2", "POST", NIGHT_PATH "/acknowledge", "{\"version\":@V@}",
    403, "not_on_duty", NULL },
  { "the incoming day leader acknowledges", "lead3", "POST", NIGHT_PATH "/acknowledge", "{\"version\":@V@}",
    200, NULL, "acknowledged_by=u-lead3" },
};

static void
test_duty_reports (void)
{
  Api *api = api_new ();
  guint writes = 0, audits_before;

  audits_before = fb_test_api_count_rows (api, "audit");
  writes += run_duty_cases (api, duty_cases, G_N_ELEMENTS (duty_cases), DUTY_ID);
  writes += run_duty_cases (api, night_cases, G_N_ELEMENTS (night_cases), NIGHT_ID);
  /* Every write and every refusal left one audit row. */
  g_assert_cmpuint (fb_test_api_count_rows (api, "audit") - audits_before, ==, writes);

  /* The report as the day left it. */
  {
    g_autoptr(FbChange) row = fb_server_store_get (api->f->store, "duty_report", DUTY_ID, NULL);
    g_autoptr(FbDutyReport) report = fb_entity_decode_string (&fb_duty_report_spec, row->data, -1, NULL);

    g_assert_nonnull (report);
    g_assert_cmpstr (report->author, ==, "u-lead1");
    g_assert_cmpint (report->status, ==, FB_REPORT_REVIEWED);
    g_assert_cmpstr (report->reviewed_by, ==, "u-dir");
    g_assert_cmpstr (report->review_note, ==, "확인");
    g_assert_cmpstr (report->acknowledged_by, ==, "u-lead2");
    g_assert_cmpstr (report->difficult_cases, ==, "반복 민원 1건");
    g_assert_cmpint (report->complaints, ==, 12);
    g_assert_cmpint (report->submitted_at, >, 0);
  }

  /* A replay answers the same and has no second effect. */
  {
    const char *body = "{\"date\":\"2026-11-20\",\"shift\":\"night\",\"version\":0,\"workload\":\"보통\"}";
    g_autofree char *first = NULL, *again = NULL;
    gint64 version;

    g_assert_cmpuint (fb_test_api_request_text (api, "PUT", "/api/v1/duty-reports/duty-2026-11-20-night", "sup", "dup-1", body,
                                                &first), ==, 201);
    version = version_of (api, "duty_report", "duty-2026-11-20-night");
    g_assert_cmpuint (fb_test_api_request_text (api, "PUT", "/api/v1/duty-reports/duty-2026-11-20-night", "sup", "dup-1", body,
                                                &again), ==, 201);
    g_assert_cmpstr (first, ==, again);
    g_assert_cmpint (version_of (api, "duty_report", "duty-2026-11-20-night"), ==, version);
  }
  fb_test_api_free (api);
}

/* The route table's edges: a path's id is one non-empty segment, a path
 * known under another method is 405 and, on an audited route, audited as
 * that route's refusal. */
static void
test_route_edges (void)
{
  Api *api = api_new ();
  static const struct
  {
    const char *method;
    const char *path;
    guint       status;
    const char *code;
    const char *audit_action;  /* NULL: no audit row */
  } edges[] = {
    { "POST", "/api/v1/leave-requests//decision", 404, "not_found", NULL },
    { "POST", "/api/v1/leave-requests/a/b/decision", 404, "not_found", NULL },
    { "POST", "/api/v1/duty-reports/dr-x/submit/", 404, "not_found", NULL },
    { "POST", "/api/v1/duty-reports/", 404, "not_found", NULL },
    { "PUT",  "/api/v1/seat-assignments/2030-01-01", 404, "not_found", NULL },
    { "POST", "/api/v1/sync/", 404, "not_found", NULL },
    { "PATCH", "/api/v1/duty-reports/dr-x/submit", 405, "method_not_allowed", "duty_report.submit.refused" },
    { "GET",  "/api/v1/seat-assignments/2030-01-01/day", 405, "method_not_allowed", "seat_assignment.plan.refused" },
    { "PUT",  "/api/v1/seat-assignments/2030-01-01/evening", 400, "invalid_field", "seat_assignment.plan.refused" },
    { "POST", "/api/v1/queues/stats", 405, "method_not_allowed", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (edges); i++)
    {
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GPtrArray) changes = NULL;
      g_autoptr(FbAudit) audit = NULL;
      g_autofree char *key = fb_test_api_new_key (api);
      gint64 cursor = fb_server_store_get_cursor (api->f->store);

      g_test_message ("%s %s", edges[i].method, edges[i].path);
      g_assert_cmpuint (fb_test_api_request (api, edges[i].method, edges[i].path, "sup", key, "{}", &root), ==, edges[i].status);
      g_assert_cmpstr (fb_test_api_error_code (root), ==, edges[i].code);
      changes = changes_since (api, cursor);
      audit = the_audit (changes);
      if (edges[i].audit_action == NULL)
        g_assert_cmpuint (changes->len, ==, 0);
      else
        g_assert_cmpstr (audit->action, ==, edges[i].audit_action);
    }

  fb_test_api_free (api);
}

/* The rules count the center's days in its zone, not in Seoul's: a server
 * of a New York center takes what New York's clock allows. Seoul is 13 or
 * 14 hours ahead, so at every hour one of two rules tells them apart:
 * before 11:00 in New York, Seoul's noon of New York's day is gone (night
 * leave asked too late there); from 11:00, Seoul is a day ahead (a sick
 * leave starting New York's today is in Seoul's past). */
static void
test_center_zone (void)
{
  Api *api = api_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) new_york = g_time_zone_new_identifier ("America/New_York");
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *today = NULL;
  g_autofree char *body = NULL;
  g_autofree char *key = fb_test_api_new_key (api);
  gboolean night;
  guint status;

  g_assert_nonnull (new_york);
  g_assert_true (fb_center_clock_set_zone_name (fb_server_get_center_clock (api->f->server),
                                                "America/New_York", &error));
  g_assert_no_error (error);
  now = g_date_time_new_now (new_york);
  today = g_date_time_format (now, "%Y-%m-%d");
  night = g_date_time_get_hour (now) < 11;
  /* agent-n01 works nights (team-2). */
  body = g_strdup_printf ("{\"type\":\"%s\",\"start_date\":\"%s\",\"end_date\":\"%s\"}",
                          night ? "night_shift" : "sick", today, today);
  status = fb_test_api_request (api, "POST", LEAVE_PATH, "nagent", key, body, &root);
  if (status != 201)
    g_error ("%s leave for %s refused: %s", night ? "night-shift" : "sick", today, json_to_string (root, FALSE));

  fb_test_api_free (api);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/requests-api/rule-table", test_rule_table);
  g_test_add_func ("/requests-api/outcomes", test_outcomes);
  g_test_add_func ("/requests-api/submit-row-as-in-sync", test_submit_row_as_in_sync);
  g_test_add_func ("/requests-api/idempotent-replay", test_idempotent_replay);
  g_test_add_func ("/requests-api/two-managers", test_two_managers);
  g_test_add_func ("/requests-api/decision-audit", test_decision_audit);
  g_test_add_func ("/requests-api/reply-retention", test_reply_retention);
  g_test_add_func ("/requests-api/roster-scale", test_roster_scale);
  g_test_add_func ("/requests-api/duty-reports", test_duty_reports);
  g_test_add_func ("/requests-api/center-zone", test_center_zone);
  g_test_add_func ("/requests-api/route-edges", test_route_edges);
  return g_test_run ();
}
