/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-entity.c: table-driven JSON codec for the domain entities. */
#define G_LOG_DOMAIN "floorboard-core"

#include <glib/gi18n.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

#include "fb-entity.h"
#include "fb-json-guard.h"

#define DEFAULT_MAX_LEN 1024
#define TEXT_MAX_LEN    20000
/* JSON numbers are doubles; integers beyond 2^53 lose precision. */
#define INT_LIMIT       9007199254740991.0

G_DEFINE_QUARK (fb-entity-error-quark, fb_entity_error)

const char * const fb_grade_values[] = { "junior", "intermediate", "senior", NULL };
const char * const fb_agent_state_values[] = { "available", "on_call", "after_call_work", "break", "offline", NULL };
const char * const fb_shift_values[] = { "day", "night", NULL };
const char * const fb_equipment_values[] = { "ok", "faulty", NULL };
const char * const fb_escalation_level_values[] = { "agent", "shift_leader", "supervisor", "director", NULL };
const char * const fb_escalation_status_values[] = { "raised", "dispatched", "in_progress", "awaiting_callback", "resolved", "closed", NULL };
const char * const fb_severity_values[] = { "low", "normal", "high", "critical", NULL };
const char * const fb_category_values[] = { "complaint", "billing", "technical", "service", "other", NULL };
const char * const fb_leave_type_values[] = { "sick", "personal", "special", "vacation", "night_shift", "business_study", NULL };
const char * const fb_request_status_values[] = { "pending", "approved", "rejected", "cancelled", NULL };
const char * const fb_report_status_values[] = { "draft", "submitted", "reviewed", NULL };
const char * const fb_role_values[] = { "agent", "shift_leader", "supervisor", "qa_inspector", "manager", "director", NULL };
const char * const fb_callback_outcome_values[] = { "reached", "no_answer", "busy", "wrong_number", NULL };

#define F(st, member) G_STRUCT_OFFSET (st, member)
#define REQ FB_FIELD_REQUIRED
#define REQ_NE (FB_FIELD_REQUIRED | FB_FIELD_NONEMPTY)
#define COUNT(a) G_N_ELEMENTS (a)
#define STR(st, m, fl)            { #m, FB_FIELD_STRING, F (st, m), fl, 0, 0, 0, NULL, NULL }
#define TEXT(st, m, fl)           { #m, FB_FIELD_STRING, F (st, m), fl, 0, 0, TEXT_MAX_LEN, NULL, NULL }
#define INT(st, m, fl, lo, hi)    { #m, FB_FIELD_INT, F (st, m), fl, lo, hi, 0, NULL, NULL }
#define DBL(st, m, fl, lo, hi)    { #m, FB_FIELD_DOUBLE, F (st, m), fl, lo, hi, 0, NULL, NULL }
#define BOOL(st, m, fl)           { #m, FB_FIELD_BOOL, F (st, m), fl, 0, 0, 0, NULL, NULL }
#define ENUM(st, m, fl, vals)     { #m, FB_FIELD_ENUM, F (st, m), fl, 0, 0, 0, vals, NULL }
#define TS(st, m, fl)             { #m, FB_FIELD_TIMESTAMP, F (st, m), fl, 0, 0, 0, NULL, NULL }
#define DATE(st, m, fl)           { #m, FB_FIELD_DATE, F (st, m), fl, 0, 0, 0, NULL, NULL }
#define TIME(st, m, fl)           { #m, FB_FIELD_TIME, F (st, m), fl, 0, 0, 0, NULL, NULL }
#define STRV(st, m, fl)           { #m, FB_FIELD_STRV, F (st, m), fl, 0, 0, 0, NULL, NULL }
#define RECORDS(st, m, fl, sub)   { #m, FB_FIELD_RECORDS, F (st, m), fl, 0, 0, 0, NULL, sub }
#define ANY(st, m, fl)            { #m, FB_FIELD_ANY, F (st, m), fl, 0, 0, 0, NULL, NULL }

/* Records nested in an escalation: decoded into these scratch structs only
 * to be checked; the entity keeps the normalized JsonArray. */
typedef struct { gint64 at; char *by; int outcome; char *note; } FbCallbackAttempt;
typedef struct { gint64 at; char *actor; char *action; int status; int level; char *note; } FbHistoryEntry;

static const FbFieldSpec callback_attempt_fields[] = {
  TS (FbCallbackAttempt, at, REQ),
  STR (FbCallbackAttempt, by, REQ_NE),
  ENUM (FbCallbackAttempt, outcome, REQ, fb_callback_outcome_values),
  TEXT (FbCallbackAttempt, note, 0),
};
static const FbEntitySpec callback_attempt_spec = {
  "callback_attempt", sizeof (FbCallbackAttempt), callback_attempt_fields, COUNT (callback_attempt_fields), NULL
};

static const FbFieldSpec history_entry_fields[] = {
  TS (FbHistoryEntry, at, REQ),
  STR (FbHistoryEntry, actor, REQ_NE),
  STR (FbHistoryEntry, action, REQ_NE),
  ENUM (FbHistoryEntry, status, 0, fb_escalation_status_values),
  ENUM (FbHistoryEntry, level, 0, fb_escalation_level_values),
  TEXT (FbHistoryEntry, note, 0),
};
static const FbEntitySpec history_entry_spec = {
  "history_entry", sizeof (FbHistoryEntry), history_entry_fields, COUNT (history_entry_fields), NULL
};

static const FbFieldSpec agent_fields[] = {
  STR (FbAgent, id, REQ_NE),
  STR (FbAgent, name, REQ_NE),
  STR (FbAgent, employee_no, REQ_NE),
  ENUM (FbAgent, grade, REQ, fb_grade_values),
  STR (FbAgent, team_id, REQ_NE),
  STRV (FbAgent, skills, 0),
  ENUM (FbAgent, state, REQ, fb_agent_state_values),
  TS (FbAgent, state_since, 0),
  STR (FbAgent, seat_id, 0),
  STR (FbAgent, queue_id, 0),
};
const FbEntitySpec fb_agent_spec = { "agent", sizeof (FbAgent), agent_fields, COUNT (agent_fields), NULL };

static const FbFieldSpec team_fields[] = {
  STR (FbTeam, id, REQ_NE),
  STR (FbTeam, name, REQ_NE),
  STR (FbTeam, leader_id, 0),
  ENUM (FbTeam, shift, REQ, fb_shift_values),
  TIME (FbTeam, start, REQ),
  TIME (FbTeam, end, REQ),
};
const FbEntitySpec fb_team_spec = { "team", sizeof (FbTeam), team_fields, COUNT (team_fields), NULL };

static const FbFieldSpec seat_fields[] = {
  STR (FbSeat, id, REQ_NE),
  STR (FbSeat, zone, REQ_NE),
  INT (FbSeat, x, REQ, 0, 10000),
  INT (FbSeat, y, REQ, 0, 10000),
  STR (FbSeat, label, REQ_NE),
  ENUM (FbSeat, equipment, REQ, fb_equipment_values),
  STR (FbSeat, agent_id, 0),
};
const FbEntitySpec fb_seat_spec = { "seat", sizeof (FbSeat), seat_fields, COUNT (seat_fields), NULL };

/* A queue's and an interval's calls: none answered or abandoned that
 * was not offered. */
static gboolean
check_offered (gint64   offered,
               gint64   answered,
               gint64   abandoned,
               GError **error)
{
  if (answered + abandoned > offered)
    {
      g_set_error (error, FB_ENTITY_ERROR, FB_ENTITY_ERROR_OUT_OF_RANGE,
                   _("Field “%s”: answered and abandoned calls exceed the offered calls"),
                   "offered");
      return FALSE;
    }
  return TRUE;
}

static gboolean
queue_check (gconstpointer entity, GError **error)
{
  const FbQueue *q = entity;

  return check_offered (q->offered, q->answered, q->abandoned, error);
}

static const FbFieldSpec queue_fields[] = {
  STR (FbQueue, id, REQ_NE),
  STR (FbQueue, name, REQ_NE),
  INT (FbQueue, sl_threshold_s, REQ, 1, 3600),
  INT (FbQueue, waiting, REQ, 0, 100000),
  INT (FbQueue, longest_wait_s, REQ, 0, 86400),
  INT (FbQueue, agents_available, REQ, 0, 100000),
  INT (FbQueue, agents_busy, REQ, 0, 100000),
  INT (FbQueue, offered, REQ, 0, 10000000),
  INT (FbQueue, answered, REQ, 0, 10000000),
  INT (FbQueue, abandoned, REQ, 0, 10000000),
  DBL (FbQueue, service_level, REQ, 0, 1),
  DBL (FbQueue, asa_s, REQ, 0, 86400),
  DBL (FbQueue, aht_s, REQ, 0, 86400),
  TS (FbQueue, updated_at, 0),
};
const FbEntitySpec fb_queue_spec = { "queue", sizeof (FbQueue), queue_fields, COUNT (queue_fields), queue_check };

static gboolean
queue_interval_check (gconstpointer entity, GError **error)
{
  const FbQueueInterval *q = entity;

  if (!check_offered (q->offered, q->answered, q->abandoned, error))
    return FALSE;
  if (q->answered_in_sl > q->answered)
    {
      g_set_error (error, FB_ENTITY_ERROR, FB_ENTITY_ERROR_OUT_OF_RANGE,
                   _("Field “%s”: more calls answered in time than answered"),
                   "answered_in_sl");
      return FALSE;
    }
  if (q->start % (15 * 60) != 0)
    {
      g_set_error (error, FB_ENTITY_ERROR, FB_ENTITY_ERROR_OUT_OF_RANGE,
                   _("Field “%s”: an interval starts on a quarter hour"), "start");
      return FALSE;
    }
  return TRUE;
}

static const FbFieldSpec queue_interval_fields[] = {
  STR (FbQueueInterval, id, REQ_NE),
  STR (FbQueueInterval, queue_id, REQ_NE),
  TS (FbQueueInterval, start, REQ),
  INT (FbQueueInterval, offered, REQ, 0, 1000000),
  INT (FbQueueInterval, answered, REQ, 0, 1000000),
  INT (FbQueueInterval, abandoned, REQ, 0, 1000000),
  INT (FbQueueInterval, answered_in_sl, REQ, 0, 1000000),
  DBL (FbQueueInterval, handle_time_s, REQ, 0, 1e12),
  DBL (FbQueueInterval, wait_time_s, REQ, 0, 1e12),
};
const FbEntitySpec fb_queue_interval_spec = {
  "queue_interval", sizeof (FbQueueInterval), queue_interval_fields, COUNT (queue_interval_fields), queue_interval_check
};

static gboolean
escalation_check (gconstpointer entity, GError **error)
{
  const FbEscalation *e = entity;

  if (e->dispatch_due < e->raised_at || e->response_due < e->raised_at || e->callback_due < e->raised_at)
    {
      g_set_error (error, FB_ENTITY_ERROR, FB_ENTITY_ERROR_OUT_OF_RANGE,
                   _("Field “%s”: a deadline lies before the time the case was raised"),
                   "raised_at");
      return FALSE;
    }
  return TRUE;
}

static const FbFieldSpec escalation_fields[] = {
  STR (FbEscalation, id, REQ_NE),
  STR (FbEscalation, customer_ref, REQ_NE),
  STR (FbEscalation, customer_name, 0),
  ENUM (FbEscalation, category, REQ, fb_category_values),
  ENUM (FbEscalation, severity, REQ, fb_severity_values),
  TEXT (FbEscalation, summary, REQ_NE),
  STR (FbEscalation, raised_by, REQ_NE),
  TS (FbEscalation, raised_at, REQ),
  ENUM (FbEscalation, level, REQ, fb_escalation_level_values),
  STR (FbEscalation, owner, 0),
  ENUM (FbEscalation, status, REQ, fb_escalation_status_values),
  TS (FbEscalation, dispatch_due, REQ),
  TS (FbEscalation, response_due, REQ),
  TS (FbEscalation, callback_due, REQ),
  TS (FbEscalation, dispatched_at, 0),
  TS (FbEscalation, responded_at, 0),
  TS (FbEscalation, resolved_at, 0),
  TS (FbEscalation, closed_at, 0),
  RECORDS (FbEscalation, callback_attempts, 0, &callback_attempt_spec),
  RECORDS (FbEscalation, history, 0, &history_entry_spec),
};
const FbEntitySpec fb_escalation_spec = {
  "escalation", sizeof (FbEscalation), escalation_fields, COUNT (escalation_fields), escalation_check
};

static const FbFieldSpec qa_score_fields[] = {
  { "service_language", FB_FIELD_INT, F (FbQaEvaluation, score_service_language), REQ, 0, 100, 0, NULL, NULL },
  { "attitude", FB_FIELD_INT, F (FbQaEvaluation, score_attitude), REQ, 0, 100, 0, NULL, NULL },
  { "tone", FB_FIELD_INT, F (FbQaEvaluation, score_tone), REQ, 0, 100, 0, NULL, NULL },
  { "need_elicitation", FB_FIELD_INT, F (FbQaEvaluation, score_need_elicitation), REQ, 0, 100, 0, NULL, NULL },
  { "handling", FB_FIELD_INT, F (FbQaEvaluation, score_handling), REQ, 0, 100, 0, NULL, NULL },
};
static const FbEntitySpec qa_scores_spec = { "scores", sizeof (FbQaEvaluation), qa_score_fields, COUNT (qa_score_fields), NULL };

static const FbFieldSpec qa_evaluation_fields[] = {
  STR (FbQaEvaluation, id, REQ_NE),
  STR (FbQaEvaluation, agent_id, REQ_NE),
  STR (FbQaEvaluation, inspector, REQ_NE),
  TS (FbQaEvaluation, evaluated_at, REQ),
  STR (FbQaEvaluation, call_ref, REQ_NE),
  { "scores", FB_FIELD_NESTED, 0, REQ, 0, 0, 0, NULL, &qa_scores_spec },
  DBL (FbQaEvaluation, total, REQ, 0, 100),
  TEXT (FbQaEvaluation, comment, 0),
  ANY (FbQaEvaluation, weights, 0),
};
const FbEntitySpec fb_qa_evaluation_spec = {
  "qa_evaluation", sizeof (FbQaEvaluation), qa_evaluation_fields, COUNT (qa_evaluation_fields), NULL
};

static gboolean
leave_request_check (gconstpointer entity, GError **error)
{
  const FbLeaveRequest *l = entity;

  /* ISO dates compare as strings. */
  if (strcmp (l->end_date, l->start_date) < 0)
    {
      g_set_error (error, FB_ENTITY_ERROR, FB_ENTITY_ERROR_OUT_OF_RANGE,
                   _("Field “%s”: the leave ends before it starts"), "end_date");
      return FALSE;
    }
  return TRUE;
}

static const FbFieldSpec leave_request_fields[] = {
  STR (FbLeaveRequest, id, REQ_NE),
  STR (FbLeaveRequest, agent_id, REQ_NE),
  ENUM (FbLeaveRequest, type, REQ, fb_leave_type_values),
  DATE (FbLeaveRequest, start_date, REQ),
  DATE (FbLeaveRequest, end_date, REQ),
  TEXT (FbLeaveRequest, reason, 0),
  TS (FbLeaveRequest, submitted_at, REQ),
  BOOL (FbLeaveRequest, certificate, 0),
  ENUM (FbLeaveRequest, status, REQ, fb_request_status_values),
  STR (FbLeaveRequest, decided_by, 0),
  TS (FbLeaveRequest, decided_at, 0),
  TEXT (FbLeaveRequest, decision_reason, 0),
};
const FbEntitySpec fb_leave_request_spec = {
  "leave_request", sizeof (FbLeaveRequest), leave_request_fields, COUNT (leave_request_fields), leave_request_check
};

static gboolean
swap_request_check (gconstpointer entity, GError **error)
{
  const FbSwapRequest *s = entity;

  if (g_strcmp0 (s->agent_a, s->agent_b) == 0)
    {
      g_set_error (error, FB_ENTITY_ERROR, FB_ENTITY_ERROR_INVALID,
                   _("Field “%s”: an agent cannot swap with themselves"), "agent_b");
      return FALSE;
    }
  return TRUE;
}

static const FbFieldSpec swap_request_fields[] = {
  STR (FbSwapRequest, id, REQ_NE),
  STR (FbSwapRequest, agent_a, REQ_NE),
  STR (FbSwapRequest, agent_b, REQ_NE),
  DATE (FbSwapRequest, date_a, REQ),
  ENUM (FbSwapRequest, shift_a, REQ, fb_shift_values),
  DATE (FbSwapRequest, date_b, REQ),
  ENUM (FbSwapRequest, shift_b, REQ, fb_shift_values),
  TEXT (FbSwapRequest, reason, 0),
  TS (FbSwapRequest, submitted_at, REQ),
  ENUM (FbSwapRequest, status, REQ, fb_request_status_values),
  BOOL (FbSwapRequest, leader_a_approved, 0),
  BOOL (FbSwapRequest, leader_b_approved, 0),
  STR (FbSwapRequest, decided_by, 0),
  TS (FbSwapRequest, decided_at, 0),
  TEXT (FbSwapRequest, decision_reason, 0),
};
const FbEntitySpec fb_swap_request_spec = {
  "swap_request", sizeof (FbSwapRequest), swap_request_fields, COUNT (swap_request_fields), swap_request_check
};

static const FbFieldSpec seat_assignment_fields[] = {
  STR (FbSeatAssignment, id, REQ_NE),
  DATE (FbSeatAssignment, date, REQ),
  ENUM (FbSeatAssignment, shift, REQ, fb_shift_values),
  STR (FbSeatAssignment, seat_id, REQ_NE),
  STR (FbSeatAssignment, agent_id, REQ_NE),
};
const FbEntitySpec fb_seat_assignment_spec = {
  "seat_assignment", sizeof (FbSeatAssignment), seat_assignment_fields, COUNT (seat_assignment_fields), NULL
};

static const FbFieldSpec holiday_duty_fields[] = {
  STR (FbHolidayDuty, id, REQ_NE),
  DATE (FbHolidayDuty, date, REQ),
  STR (FbHolidayDuty, agent_id, REQ_NE),
  STR (FbHolidayDuty, holiday, 0),
};
const FbEntitySpec fb_holiday_duty_spec = {
  "holiday_duty", sizeof (FbHolidayDuty), holiday_duty_fields, COUNT (holiday_duty_fields), NULL
};

static const FbFieldSpec duty_report_fields[] = {
  STR (FbDutyReport, id, REQ_NE),
  DATE (FbDutyReport, date, REQ),
  ENUM (FbDutyReport, shift, REQ, fb_shift_values),
  STR (FbDutyReport, author, REQ_NE),
  TEXT (FbDutyReport, system_problems, 0),
  TEXT (FbDutyReport, issue_summary, 0),
  INT (FbDutyReport, consultations, 0, 0, 1000000),
  INT (FbDutyReport, inquiries, 0, 0, 1000000),
  INT (FbDutyReport, complaints, 0, 0, 1000000),
  TEXT (FbDutyReport, workload, 0),
  TEXT (FbDutyReport, equipment_status, 0),
  TEXT (FbDutyReport, difficult_cases, 0),
  TEXT (FbDutyReport, staffing_changes, 0),
  TEXT (FbDutyReport, handover_notes, 0),
  ENUM (FbDutyReport, status, REQ, fb_report_status_values),
  TS (FbDutyReport, submitted_at, 0),
  STR (FbDutyReport, reviewed_by, 0),
  TS (FbDutyReport, reviewed_at, 0),
  TEXT (FbDutyReport, review_note, 0),
  STR (FbDutyReport, acknowledged_by, 0),
  TS (FbDutyReport, acknowledged_at, 0),
  ANY (FbDutyReport, figures, 0),
};
const FbEntitySpec fb_duty_report_spec = {
  "duty_report", sizeof (FbDutyReport), duty_report_fields, COUNT (duty_report_fields), NULL
};

static const FbFieldSpec user_fields[] = {
  STR (FbUser, id, REQ_NE),
  STR (FbUser, username, REQ_NE),
  STR (FbUser, name, REQ_NE),
  ENUM (FbUser, role, REQ, fb_role_values),
  STR (FbUser, team_id, 0),
  STR (FbUser, agent_id, 0),
};
const FbEntitySpec fb_user_spec = { "user", sizeof (FbUser), user_fields, COUNT (user_fields), NULL };

static const FbFieldSpec audit_fields[] = {
  STR (FbAudit, id, REQ_NE),
  TS (FbAudit, at, REQ),
  STR (FbAudit, actor, REQ_NE),
  STR (FbAudit, action, REQ_NE),
  STR (FbAudit, target_type, 0),
  STR (FbAudit, target_id, 0),
  ANY (FbAudit, before, 0),
  ANY (FbAudit, after, 0),
};
const FbEntitySpec fb_audit_spec = { "audit", sizeof (FbAudit), audit_fields, COUNT (audit_fields), NULL };

static const FbEntitySpec * const synced_specs[] = {
  &fb_team_spec, &fb_user_spec, &fb_queue_spec, &fb_queue_interval_spec, &fb_agent_spec, &fb_seat_spec,
  &fb_seat_assignment_spec, &fb_escalation_spec, &fb_qa_evaluation_spec,
  &fb_leave_request_spec, &fb_swap_request_spec, &fb_duty_report_spec, &fb_holiday_duty_spec,
};

const FbEntitySpec * const *
fb_entity_synced_specs (guint *n_specs)
{
  if (n_specs != NULL)
    *n_specs = G_N_ELEMENTS (synced_specs);
  return synced_specs;
}

const FbEntitySpec *
fb_entity_spec_lookup (const char *type)
{
  g_return_val_if_fail (type != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (synced_specs); i++)
    if (strcmp (synced_specs[i]->type, type) == 0)
      return synced_specs[i];
  if (strcmp (type, fb_audit_spec.type) == 0)
    return &fb_audit_spec;
  return NULL;
}

static JsonNode *
typed_member (JsonObject *object,
              const char *name,
              GType       type)
{
  JsonNode *node;

  g_return_val_if_fail (object != NULL && name != NULL, NULL);

  node = json_object_get_member (object, name);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != type)
    return NULL;
  return node;
}

const char *
fb_json_member_string (JsonObject *object,
                       const char *name)
{
  JsonNode *node = typed_member (object, name, G_TYPE_STRING);

  return node ? json_node_get_string (node) : NULL;
}

gboolean
fb_json_member_int (JsonObject *object,
                    const char *name,
                    gint64     *out)
{
  JsonNode *node = typed_member (object, name, G_TYPE_INT64);

  if (node == NULL)
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

gboolean
fb_json_member_bool (JsonObject *object,
                     const char *name,
                     gboolean   *out)
{
  JsonNode *node = typed_member (object, name, G_TYPE_BOOLEAN);

  if (node == NULL)
    return FALSE;
  *out = json_node_get_boolean (node);
  return TRUE;
}

int
fb_enum_from_string (const char * const *values,
                     const char         *str)
{
  g_return_val_if_fail (values != NULL, -1);

  if (str == NULL)
    return -1;
  for (int i = 0; values[i] != NULL; i++)
    if (strcmp (values[i], str) == 0)
      return i;
  return -1;
}

char *
fb_timestamp_to_iso (gint64 unix_s)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_s);

  if (dt == NULL)
    return NULL;
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

gboolean
fb_timestamp_from_iso (const char *str,
                       gint64     *unix_s)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GDateTime) utc_dt = NULL;

  g_return_val_if_fail (unix_s != NULL, FALSE);

  /* Require a full date and time: "2026-11-22" alone is not a timestamp. */
  if (str == NULL || strlen (str) < 16 || strchr (str, 'T') == NULL)
    return FALSE;
  dt = g_date_time_new_from_iso8601 (str, utc);
  if (dt == NULL)
    return FALSE;
  /* Only times whose UTC year encodes back the same way (four digits). */
  utc_dt = g_date_time_to_utc (dt);
  if (utc_dt == NULL || g_date_time_get_year (utc_dt) < 1900 || g_date_time_get_year (utc_dt) > 9999)
    return FALSE;
  *unix_s = g_date_time_to_unix (utc_dt);
  return TRUE;
}

gboolean
fb_date_is_valid (const char *str)
{
  int y, m, d;

  /* Digits exactly where they belong: sscanf alone would let " 1" and
   * "+1" through. */
  if (str == NULL || strlen (str) != 10 || str[4] != '-' || str[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (str[i]))
      return FALSE;
  y = atoi (str);
  m = (str[5] - '0') * 10 + (str[6] - '0');
  d = (str[8] - '0') * 10 + (str[9] - '0');
  return y >= 1900 && y <= 9999 && m >= 1 && m <= 12 && g_date_valid_dmy (d, m, y);
}

GDateTime *
fb_date_to_datetime (GTimeZone  *tz,
                     const char *date)
{
  g_return_val_if_fail (tz != NULL, NULL);

  if (!fb_date_is_valid (date))
    return NULL;
  return g_date_time_new (tz, atoi (date), (date[5] - '0') * 10 + (date[6] - '0'),
                          (date[8] - '0') * 10 + (date[9] - '0'), 0, 0, 0);
}

gboolean
fb_date_day_bounds (GTimeZone  *tz,
                    const char *date,
                    gint64     *start,
                    gint64     *end)
{
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GDateTime) next = NULL;

  g_return_val_if_fail (tz != NULL, FALSE);
  g_return_val_if_fail (start != NULL && end != NULL, FALSE);

  if (date == NULL || !(midnight = fb_date_to_datetime (tz, date)))
    return FALSE;
  /* Midnight to midnight: 23 or 25 hours across a change of clocks. */
  next = g_date_time_add_days (midnight, 1);
  *start = g_date_time_to_unix (midnight);
  *end = g_date_time_to_unix (next);
  return TRUE;
}

static gboolean
time_is_valid (const char *str)
{
  return str != NULL && strlen (str) == 5 &&
         g_ascii_isdigit (str[0]) && g_ascii_isdigit (str[1]) && str[2] == ':' &&
         g_ascii_isdigit (str[3]) && g_ascii_isdigit (str[4]) &&
         (str[0] - '0') * 10 + (str[1] - '0') < 24 &&
         (str[3] - '0') * 10 + (str[4] - '0') < 60;
}

static const char *
json_kind_name (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT: return "object";
    case JSON_NODE_ARRAY: return "array";
    case JSON_NODE_NULL: return "null";
    case JSON_NODE_VALUE:
      {
        GType t = json_node_get_value_type (node);
        if (t == G_TYPE_STRING) return "string";
        if (t == G_TYPE_BOOLEAN) return "boolean";
        return "number";
      }
    default:
      return "value";
    }
}

static gboolean
wrong_type (const char  *path,
            const char  *expected,
            JsonNode    *node,
            GError     **error)
{
  g_set_error (error, FB_ENTITY_ERROR, FB_ENTITY_ERROR_WRONG_TYPE,
               _("Field “%s” must be %s, not %s"), path, expected, json_kind_name (node));
  return FALSE;
}

static gboolean
out_of_range (const char  *path,
              const char  *why,
              GError     **error)
{
  g_set_error (error, FB_ENTITY_ERROR, FB_ENTITY_ERROR_OUT_OF_RANGE,
               _("Field “%s” is out of range: %s"), path, why);
  return FALSE;
}

static gboolean
is_value_of (JsonNode *node,
             GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static gboolean decode_fields (const FbEntitySpec *spec,
                               JsonObject         *object,
                               gpointer            entity,
                               const char         *prefix,
                               GError            **error);
static void     free_fields   (const FbEntitySpec *spec,
                               gpointer            entity);
static void     init_fields   (const FbEntitySpec *spec,
                               gpointer            entity);
static void     encode_fields (const FbEntitySpec *spec,
                               gconstpointer       entity,
                               JsonBuilder        *builder);

static gboolean
decode_field (const FbFieldSpec *field,
              JsonNode          *node,
              gpointer           entity,
              const char        *path,
              GError           **error)
{
  guint8 *slot = (guint8 *) entity + field->offset;
  gboolean has_range = field->min != 0 || field->max != 0;

  switch (field->kind)
    {
    case FB_FIELD_STRING:
    case FB_FIELD_DATE:
    case FB_FIELD_TIME:
      {
        const char *str;
        gsize max_len = field->max_len ? field->max_len : DEFAULT_MAX_LEN;

        if (!is_value_of (node, G_TYPE_STRING))
          return wrong_type (path, _("a string"), node, error);
        str = json_node_get_string (node);
        if ((field->flags & FB_FIELD_NONEMPTY) && str[0] == '\0')
          return out_of_range (path, _("it must not be empty"), error);
        if (strlen (str) > max_len)
          return out_of_range (path, _("the text is too long"), error);
        if (field->kind == FB_FIELD_DATE && !fb_date_is_valid (str))
          return out_of_range (path, _("not a date of the form YYYY-MM-DD"), error);
        if (field->kind == FB_FIELD_TIME && !time_is_valid (str))
          return out_of_range (path, _("not a time of the form HH:MM"), error);
        *(char **) slot = g_strdup (str);
        return TRUE;
      }

    case FB_FIELD_INT:
      {
        double v;

        if (!is_value_of (node, G_TYPE_INT64) && !is_value_of (node, G_TYPE_DOUBLE))
          return wrong_type (path, _("an integer"), node, error);
        v = json_node_get_double (node);
        if (!isfinite (v) || v != floor (v))
          return wrong_type (path, _("an integer"), node, error);
        if (fabs (v) > INT_LIMIT || (has_range && (v < field->min || v > field->max)))
          {
            g_autofree char *why = g_strdup_printf (_("%.0f is not between %.0f and %.0f"),
                                                    v, field->min, field->max);
            return out_of_range (path, why, error);
          }
        *(gint64 *) slot = (gint64) v;
        return TRUE;
      }

    case FB_FIELD_DOUBLE:
      {
        double v;

        if (!is_value_of (node, G_TYPE_INT64) && !is_value_of (node, G_TYPE_DOUBLE))
          return wrong_type (path, _("a number"), node, error);
        v = json_node_get_double (node);
        if (!isfinite (v))
          return wrong_type (path, _("a number"), node, error);
        if (has_range && (v < field->min || v > field->max))
          {
            g_autofree char *why = g_strdup_printf (_("%g is not between %g and %g"),
                                                    v, field->min, field->max);
            return out_of_range (path, why, error);
          }
        *(double *) slot = v;
        return TRUE;
      }

    case FB_FIELD_BOOL:
      if (!is_value_of (node, G_TYPE_BOOLEAN))
        return wrong_type (path, _("true or false"), node, error);
      *(gboolean *) slot = json_node_get_boolean (node);
      return TRUE;

    case FB_FIELD_ENUM:
      {
        int idx;

        if (!is_value_of (node, G_TYPE_STRING))
          return wrong_type (path, _("a string"), node, error);
        idx = fb_enum_from_string (field->values, json_node_get_string (node));
        if (idx < 0)
          {
            g_autofree char *allowed = g_strjoinv (", ", (char **) field->values);
            g_autofree char *why = g_strdup_printf (_("“%s” is not one of %s"),
                                                    json_node_get_string (node), allowed);
            return out_of_range (path, why, error);
          }
        *(int *) slot = idx;
        return TRUE;
      }

    case FB_FIELD_TIMESTAMP:
      {
        gint64 v;

        if (!is_value_of (node, G_TYPE_STRING))
          return wrong_type (path, _("an ISO 8601 timestamp"), node, error);
        if (!fb_timestamp_from_iso (json_node_get_string (node), &v))
          return out_of_range (path, _("not an ISO 8601 date and time"), error);
        *(gint64 *) slot = v;
        return TRUE;
      }

    case FB_FIELD_STRV:
      {
        JsonArray *array;
        GStrvBuilder *b;
        guint n;

        if (!JSON_NODE_HOLDS_ARRAY (node))
          return wrong_type (path, _("an array of strings"), node, error);
        array = json_node_get_array (node);
        n = json_array_get_length (array);
        if (n > 1000)
          return out_of_range (path, _("too many items"), error);
        for (guint i = 0; i < n; i++)
          {
            JsonNode *item = json_array_get_element (array, i);
            if (!is_value_of (item, G_TYPE_STRING) || strlen (json_node_get_string (item)) > DEFAULT_MAX_LEN)
              {
                g_autofree char *item_path = g_strdup_printf ("%s[%u]", path, i);
                return wrong_type (item_path, _("a string"), item, error);
              }
          }
        b = g_strv_builder_new ();
        for (guint i = 0; i < n; i++)
          g_strv_builder_add (b, json_array_get_string_element (array, i));
        *(char ***) slot = g_strv_builder_end (b);
        g_strv_builder_unref (b);
        return TRUE;
      }

    case FB_FIELD_RECORDS:
      {
        JsonArray *array, *normalized;
        guint n;

        if (!JSON_NODE_HOLDS_ARRAY (node))
          return wrong_type (path, _("an array of objects"), node, error);
        array = json_node_get_array (node);
        n = json_array_get_length (array);
        if (n > 1000)
          return out_of_range (path, _("too many items"), error);
        normalized = json_array_sized_new (n);
        for (guint i = 0; i < n; i++)
          {
            JsonNode *item = json_array_get_element (array, i);
            g_autofree char *item_path = g_strdup_printf ("%s[%u]", path, i);
            g_autofree gpointer scratch = g_malloc0 (field->sub->size);
            g_autoptr(JsonBuilder) builder = NULL;

            init_fields (field->sub, scratch);
            if (!JSON_NODE_HOLDS_OBJECT (item))
              {
                json_array_unref (normalized);
                return wrong_type (item_path, _("an object"), item, error);
              }
            if (!decode_fields (field->sub, json_node_get_object (item), scratch, item_path, error))
              {
                free_fields (field->sub, scratch);
                json_array_unref (normalized);
                return FALSE;
              }
            builder = json_builder_new ();
            json_builder_begin_object (builder);
            encode_fields (field->sub, scratch, builder);
            json_builder_end_object (builder);
            json_array_add_element (normalized, json_builder_get_root (builder));
            free_fields (field->sub, scratch);
          }
        *(JsonArray **) slot = normalized;
        return TRUE;
      }

    case FB_FIELD_NESTED:
      if (!JSON_NODE_HOLDS_OBJECT (node))
        return wrong_type (path, _("an object"), node, error);
      return decode_fields (field->sub, json_node_get_object (node), entity, path, error);

    case FB_FIELD_ANY:
      *(JsonNode **) slot = json_node_copy (node);
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

/* Zeroed memory is "unset" for every kind but optional enums, whose 0 is a
 * real value; they start at -1. */
static void
init_fields (const FbEntitySpec *spec,
             gpointer            entity)
{
  for (guint i = 0; i < spec->n_fields; i++)
    {
      const FbFieldSpec *field = &spec->fields[i];

      if (field->kind == FB_FIELD_ENUM && !(field->flags & FB_FIELD_REQUIRED))
        *(int *) ((guint8 *) entity + field->offset) = -1;
      else if (field->kind == FB_FIELD_NESTED)
        init_fields (field->sub, entity);
    }
}

static gboolean
decode_fields (const FbEntitySpec  *spec,
               JsonObject          *object,
               gpointer             entity,
               const char          *prefix,
               GError             **error)
{
  g_assert (spec != NULL);
  g_assert (object != NULL);

  for (guint i = 0; i < spec->n_fields; i++)
    {
      const FbFieldSpec *field = &spec->fields[i];
      JsonNode *node = json_object_get_member (object, field->name);
      g_autofree char *path = prefix ? g_strdup_printf ("%s.%s", prefix, field->name)
                                     : g_strdup (field->name);

      /* null counts as absent: optional fields may be cleared with it. */
      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        {
          if (field->flags & FB_FIELD_REQUIRED)
            {
              g_set_error (error, FB_ENTITY_ERROR, FB_ENTITY_ERROR_MISSING,
                           _("Field “%s” is missing"), path);
              return FALSE;
            }
          continue;
        }

      if (!decode_field (field, node, entity, path, error))
        return FALSE;
    }

  if (spec->check != NULL && !spec->check (entity, error))
    return FALSE;

  return TRUE;
}

static void
free_fields (const FbEntitySpec *spec,
             gpointer            entity)
{
  for (guint i = 0; i < spec->n_fields; i++)
    {
      const FbFieldSpec *field = &spec->fields[i];
      guint8 *slot = (guint8 *) entity + field->offset;

      switch (field->kind)
        {
        case FB_FIELD_STRING:
        case FB_FIELD_DATE:
        case FB_FIELD_TIME:
          g_clear_pointer ((char **) slot, g_free);
          break;
        case FB_FIELD_STRV:
          g_clear_pointer ((char ***) slot, g_strfreev);
          break;
        case FB_FIELD_RECORDS:
          g_clear_pointer ((JsonArray **) slot, json_array_unref);
          break;
        case FB_FIELD_ANY:
          g_clear_pointer ((JsonNode **) slot, json_node_unref);
          break;
        case FB_FIELD_NESTED:
          free_fields (field->sub, entity);
          break;
        case FB_FIELD_INT:
        case FB_FIELD_DOUBLE:
        case FB_FIELD_BOOL:
        case FB_FIELD_ENUM:
        case FB_FIELD_TIMESTAMP:
        default:
          break;
        }
    }
}

static void
encode_fields (const FbEntitySpec *spec,
               gconstpointer       entity,
               JsonBuilder        *builder)
{
  for (guint i = 0; i < spec->n_fields; i++)
    {
      const FbFieldSpec *field = &spec->fields[i];
      const guint8 *slot = (const guint8 *) entity + field->offset;

      switch (field->kind)
        {
        case FB_FIELD_STRING:
        case FB_FIELD_DATE:
        case FB_FIELD_TIME:
          if (*(char * const *) slot == NULL)
            break;
          json_builder_set_member_name (builder, field->name);
          json_builder_add_string_value (builder, *(char * const *) slot);
          break;

        case FB_FIELD_INT:
          json_builder_set_member_name (builder, field->name);
          json_builder_add_int_value (builder, *(const gint64 *) slot);
          break;

        case FB_FIELD_DOUBLE:
          json_builder_set_member_name (builder, field->name);
          json_builder_add_double_value (builder, *(const double *) slot);
          break;

        case FB_FIELD_BOOL:
          json_builder_set_member_name (builder, field->name);
          json_builder_add_boolean_value (builder, *(const gboolean *) slot);
          break;

        case FB_FIELD_ENUM:
          {
            int idx = *(const int *) slot;
            /* Unset optional enums hold -1 (see init_fields). */
            if (idx < 0)
              break;
            json_builder_set_member_name (builder, field->name);
            json_builder_add_string_value (builder, field->values[idx]);
            break;
          }

        case FB_FIELD_TIMESTAMP:
          {
            gint64 v = *(const gint64 *) slot;
            g_autofree char *iso = NULL;

            if (v == 0 && !(field->flags & FB_FIELD_REQUIRED))
              break;
            iso = fb_timestamp_to_iso (v);
            json_builder_set_member_name (builder, field->name);
            json_builder_add_string_value (builder, iso);
            break;
          }

        case FB_FIELD_STRV:
          {
            char * const *strv = *(char * const * const *) slot;

            if (strv == NULL)
              break;
            json_builder_set_member_name (builder, field->name);
            json_builder_begin_array (builder);
            for (guint j = 0; strv[j] != NULL; j++)
              json_builder_add_string_value (builder, strv[j]);
            json_builder_end_array (builder);
            break;
          }

        case FB_FIELD_RECORDS:
          {
            JsonArray *array = *(JsonArray * const *) slot;
            JsonNode *node;

            if (array == NULL)
              break;
            node = json_node_new (JSON_NODE_ARRAY);
            json_node_set_array (node, array);
            json_builder_set_member_name (builder, field->name);
            json_builder_add_value (builder, node);
            break;
          }

        case FB_FIELD_NESTED:
          json_builder_set_member_name (builder, field->name);
          json_builder_begin_object (builder);
          encode_fields (field->sub, entity, builder);
          json_builder_end_object (builder);
          break;

        case FB_FIELD_ANY:
          if (*(JsonNode * const *) slot == NULL)
            break;
          json_builder_set_member_name (builder, field->name);
          json_builder_add_value (builder, json_node_copy (*(JsonNode * const *) slot));
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

gpointer
fb_entity_decode (const FbEntitySpec  *spec,
                  JsonNode            *node,
                  GError             **error)
{
  gpointer entity;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, FB_ENTITY_ERROR, FB_ENTITY_ERROR_NOT_OBJECT,
                   _("A %s must be a JSON object"), spec->type);
      return NULL;
    }

  entity = g_malloc0 (spec->size);
  init_fields (spec, entity);
  if (!decode_fields (spec, json_node_get_object (node), entity, NULL, error))
    {
      fb_entity_free (spec, entity);
      return NULL;
    }
  return entity;
}

gpointer
fb_entity_decode_string (const FbEntitySpec  *spec,
                         const char          *json,
                         gssize               length,
                         GError             **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize len;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (json != NULL, NULL);

  /* Rows come from the network in the end: json-glib recurses per level. */
  len = length < 0 ? strlen (json) : (gsize) length;
  if (!fb_json_check (json, len, FB_JSON_MAX_DEPTH, NULL, error) ||
      !json_parser_load_from_data (parser, json, len, error))
    return NULL;
  return fb_entity_decode (spec, json_parser_get_root (parser), error);
}

JsonNode *
fb_entity_encode (const FbEntitySpec *spec,
                  gconstpointer       entity)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (entity != NULL, NULL);

  json_builder_begin_object (builder);
  encode_fields (spec, entity, builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

void
fb_entity_free (const FbEntitySpec *spec,
                gpointer            entity)
{
  g_return_if_fail (spec != NULL);

  if (entity == NULL)
    return;
  free_fields (spec, entity);
  g_free (entity);
}

JsonNode *
fb_entity_normalize (const FbEntitySpec  *spec,
                     JsonNode            *node,
                     GError             **error)
{
  gpointer entity;
  JsonNode *ret;

  g_return_val_if_fail (spec != NULL, NULL);

  entity = fb_entity_decode (spec, node, error);
  if (entity == NULL)
    return NULL;
  ret = fb_entity_encode (spec, entity);
  fb_entity_free (spec, entity);
  return ret;
}
