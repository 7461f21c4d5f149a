/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-refusal.c
 *
 * Every code floorboard-server refuses with (app/server/fb-server.c, the
 * request rules' and escalation rules' codes of app/core) has its words
 * here. Where a rule of app/core says the same thing before the click, the
 * very same message is used, so a rule reads alike on a disabled button and
 * in a refusal. tests/unit/test-refusal.c reads the server's sources for
 * codes and fails on one missing here, or untranslated in ko.po.
 */
#define G_LOG_DOMAIN "floorboard-sync"

#include <glib/gi18n.h>

#include "fb-entity.h"
#include "fb-refusal.h"
#include "fb-request-rules.h"

typedef struct
{
  const char *code;
  const char *message;        /* N_() */
  gboolean    names_field;    /* told with the field's label when it has one */
} Refusal;

static const Refusal refusals[] = {
  /* The request itself (400, 404, 405, 413). */
  { "bad_request", N_("The server could not take the change as the app sent it"), FALSE },
  { "malformed_json", N_("The server could not take the change as the app sent it"), FALSE },
  { "too_deep", N_("The server could not take the change as the app sent it"), FALSE },
  { "invalid_content_length", N_("The server could not take the change as the app sent it"), FALSE },
  { "invalid_field", N_("A value in the change is not valid"), TRUE },
  { "invalid_parameter", N_("The app asked the server for something out of range"), TRUE },
  { "missing_field", N_("A required part of the form is empty"), TRUE },
  { "missing_idempotency_key", N_("The change was sent without its delivery key"), FALSE },
  { "idempotency_key_reused", N_("The change was sent twice with different contents"), FALSE },
  { "not_found", N_("The server no longer has it: it may have been removed"), FALSE },
  { "method_not_allowed", N_("The server does not take this kind of change"), FALSE },
  { "too_large", N_("The change is too large for the server"), FALSE },
  { "internal", N_("The server could not complete the request"), FALSE },

  /* Who may (401, 403, 429). */
  { "unauthorized", N_("The session has ended; sign in again"), FALSE },
  { "bad_credentials", N_("Wrong user name or password"), FALSE },
  { "too_many_attempts", N_("Too many wrong passwords: try again in a few minutes"), FALSE },
  { "rate_limited", N_("Too many changes at once: the app sends them again shortly"), FALSE },
  { "forbidden", N_("Your role may not do this"), FALSE },
  { "role_not_allowed", N_("Your role may not do this"), FALSE },

  /* Someone else was first (409). */
  { "stale_version", N_("Someone else changed it first: look at it again, then redo your change"), FALSE },

  /* The escalation rules (app/core/fb-escalation-rules.c). */
  { "above_your_level", N_("The case is above your level of the chain"), FALSE },
  { "illegal_transition", N_("The case is no longer in a state that allows this"), FALSE },
  { "already_top_level", N_("The case is already with the director"), FALSE },
  { "callback_attempts_required",
    N_("Reach the customer first: a case closes unreached only after 3 failed attempts or a wrong number"), FALSE },
  { "invalid_outcome", N_("Say how the callback attempt ended"), FALSE },
  { "rule", N_("A rule of the center refuses this change"), FALSE },

  /* The leave, swap and seat rules (app/core/fb-request-rules.c). */
  { "late_notice", N_("Asked with less notice than the rules ask for"), FALSE },
  { "holiday_duty", N_("Staff on holiday duty may neither take leave nor swap then"), FALSE },
  { "not_on_shift", N_("The agent does not work that shift"), FALSE },
  { "night_shift_after_noon", N_("Night-shift leave must be asked before 12:00 of that day"), FALSE },
  { "leave_overlaps", N_("Overlaps another leave of the same agent"), FALSE },
  { "unknown_agent", N_("No such agent"), FALSE },
  { "leave_too_long", NULL, FALSE },   /* in words below: a count */
  { "date_in_past", N_("The day is already gone"), FALSE },
  { "not_your_request", N_("Only the agent who asked may cancel a request"), FALSE },
  { "director_only", N_("This request is approved by the center director"), FALSE },
  { "not_pending", N_("Already decided"), FALSE },
  { "reason_required", N_("This decision needs a reason"), FALSE },
  { "certificate_required", N_("Sick leave needs a medical certificate"), FALSE },
  { "night_shift_exception", N_("Night-shift leave is an exception: approving it needs a reason"), FALSE },
  { "grade_mismatch", N_("The two agents are not of the same grade"), FALSE },
  { "job_mismatch", N_("The two agents do not do the same job (queue)"), FALSE },
  { "back_to_back", N_("The two shifts are back to back: someone would work a double shift"), FALSE },
  { "swap_limit", NULL, FALSE },       /* in words below: a count */
  { "consecutive_swaps", N_("An agent has another swap next to it: no consecutive swaps"), FALSE },
  { "not_your_team", N_("Neither agent is in your team"), FALSE },
  { "leader_already_approved", N_("Your team has already approved this swap"), FALSE },
  { "leader_approval_missing", N_("The shift leaders have yet to approve the swap"), FALSE },
  { "final_approval", N_("A supervisor or manager gives the swap its final approval"), FALSE },
  { "invalid_date", N_("Not a date"), FALSE },
  { "unknown_seat", N_("No such seat on the floor"), FALSE },
  { "seat_faulty", N_("The seat is faulty and cannot be assigned"), FALSE },
  { "seat_taken", N_("A seat is given to two agents"), FALSE },
  { "agent_already_seated", N_("An agent has two seats"), FALSE },
  { "agent_not_on_shift", N_("An agent does not work this shift"), FALSE },

  /* QA evaluations and duty reports (app/server/fb-server.c). */
  { "score_out_of_range", N_("A score must be a whole number from 0 to 100."), TRUE },
  { "not_submitted", N_("The report has not been submitted yet"), FALSE },
  { "already_submitted", N_("This shift’s report has already been submitted"), FALSE },
  { "already_reviewed", N_("A reviewed report can no longer be changed"), FALSE },
  { "already_acknowledged", N_("The handover has already been acknowledged"), FALSE },
  { "own_report", N_("The incoming shift acknowledges the handover, not the report’s author"), FALSE },
  { "not_on_duty", N_("Only the shift’s leader or a supervisor on duty then may do this"), FALSE },
};

/* A status with no code: the code the server gives that status most. */
static const struct { guint status; const char *code; } status_codes[] = {
  { 400, "bad_request" },
  { 401, "unauthorized" },
  { 403, "forbidden" },
  { 404, "not_found" },
  { 405, "method_not_allowed" },
  { 409, "stale_version" },
  { 413, "too_large" },
  { 422, "rule" },
  { 429, "rate_limited" },
};

/* The members the server names in "field", as the forms call them. */
/* @context: the msgctxt of a label the forms do not have, NULL for theirs. */
static const struct { const char *field; const char *context; const char *label; } field_labels[] = {
  { "agent_id", NULL, N_("Agent") },
  { "agent_b", NULL, N_("Agent") },
  { "call_ref", NULL, N_("Call Reference") },
  { "certificate", NULL, N_("Certificate") },
  { "comment", "request field", NC_("request field", "Comment") },
  { "complaints", NULL, N_("Complaints") },
  { "consultations", NULL, N_("Consultations") },
  { "date", NULL, N_("Date") },
  { "date_a", NULL, N_("Date") },
  { "date_b", NULL, N_("Date") },
  { "difficult_cases", NULL, N_("Difficult cases") },
  { "end_date", "request field", NC_("request field", "End date") },
  { "equipment_status", NULL, N_("Equipment status") },
  { "handover_notes", NULL, N_("Handover notes") },
  { "inquiries", NULL, N_("Inquiries") },
  { "issue_summary", NULL, N_("Summary of issues") },
  { "note", "request field", NC_("request field", "Note") },
  { "outcome", "request field", NC_("request field", "Outcome") },
  { "password", NULL, N_("Password") },
  { "reason", NULL, N_("Reason") },
  { "scores", NULL, N_("Scores") },
  { "scores.attitude", NULL, N_("Attitude") },
  { "scores.handling", NULL, N_("Handling Ability") },
  { "scores.need_elicitation", NULL, N_("Need Elicitation") },
  { "scores.service_language", NULL, N_("Service Language") },
  { "scores.tone", NULL, N_("Tone and Intonation") },
  { "seat_id", NULL, N_("Seat") },
  { "shift", NULL, N_("Shift") },
  { "staffing_changes", NULL, N_("Staffing changes") },
  { "start_date", "request field", NC_("request field", "Start date") },
  { "system_problems", NULL, N_("System problems") },
  { "type", NULL, N_("Type") },
  { "username", NULL, N_("User name") },
  { "workload", NULL, N_("Workload") },
};

static const Refusal *
lookup (const char *code)
{
  for (guint i = 0; code != NULL && i < G_N_ELEMENTS (refusals); i++)
    if (g_str_equal (refusals[i].code, code))
      return &refusals[i];
  return NULL;
}

/* "http_409" → "stale_version"; NULL for any other code. */
static const char *
code_of_status (const char *code)
{
  guint64 status;

  if (code == NULL || !g_str_has_prefix (code, "http_") ||
      !g_ascii_string_to_unsigned (code + 5, 10, 100, 599, &status, NULL))
    return NULL;
  if (status >= 500)
    return "internal";
  for (guint i = 0; i < G_N_ELEMENTS (status_codes); i++)
    if (status_codes[i].status == status)
      return status_codes[i].code;
  return NULL;
}

gboolean
fb_refusal_knows_code (const char *code)
{
  return lookup (code) != NULL || code_of_status (code) != NULL;
}

const char *
fb_refusal_field_label (const char *field)
{
  for (guint i = 0; field != NULL && i < G_N_ELEMENTS (field_labels); i++)
    if (g_str_equal (field_labels[i].field, field))
      return field_labels[i].context != NULL
             ? g_dpgettext2 (GETTEXT_PACKAGE, field_labels[i].context, field_labels[i].label)
             : _(field_labels[i].label);
  return NULL;
}

/**
 * fb_refusal_describe:
 *
 * Returns: (transfer full): the refusal in the user's language
 */
char *
fb_refusal_describe (const char *code,
                     const char *field,
                     const char *server_message)
{
  const Refusal *refusal = lookup (code);
  const char *label;

  if (refusal == NULL && (code = code_of_status (code)) != NULL)
    refusal = lookup (code);
  if (refusal == NULL)
    {
      if (server_message == NULL || *server_message == '\0')
        return g_strdup (_("The server refused it for a reason this app does not know"));
      /* Translators: %s is the server's own explanation, in English */
      return g_strdup_printf (_("The server refused it for a reason this app does not know "
                                "(the server says: “%s”)"), server_message);
    }

  /* The rules' own words, their counts included. */
  if (g_str_equal (refusal->code, "leave_too_long"))
    return g_strdup_printf (_("A leave request covers at most %d days"), FB_LEAVE_MAX_DAYS);
  if (g_str_equal (refusal->code, "swap_limit"))
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "An agent may swap at most %d time a month",
                                         "An agent may swap at most %d times a month",
                                         FB_SWAP_MAX_PER_MONTH),
                            FB_SWAP_MAX_PER_MONTH);

  if (!refusal->names_field || (label = fb_refusal_field_label (field)) == NULL)
    return g_strdup (_(refusal->message));
  if (g_str_equal (refusal->code, "missing_field"))
    /* Translators: %s is the name of a form's field, such as “Workload” */
    return g_strdup_printf (_("Fill in “%s” first"), label);
  if (g_str_equal (refusal->code, "score_out_of_range"))
    /* Translators: %s is a QA criterion, such as “Attitude” */
    return g_strdup_printf (_("The score for %s must be a whole number from 0 to 100."), label);
  /* Translators: %s is the name of a form's field, such as “End date” */
  return g_strdup_printf (_("“%s” is not valid: check it and try again"), label);
}

/* Someone else changed it first: what, by the row written (a seat plan
 * is no one row; the server names its base_version). */
static const struct { const char *row_type; const char *message; } stale_rows[] = {
  { "escalation", N_("Someone changed this case first; look at it again") },
  { "duty_report", N_("Someone changed this report first; look at it again") },
  { "leave_request", N_("Someone changed this request first; look at it again") },
  { "swap_request", N_("Someone changed this request first; look at it again") },
};

/**
 * fb_refusal_describe_row:
 * @row_type: (nullable): the type of the row the refused write changed
 *
 * Returns: (transfer full): the refusal in the user's language
 */
char *
fb_refusal_describe_row (const char *code,
                         const char *field,
                         const char *server_message,
                         const char *row_type)
{
  if (g_strcmp0 (code, "stale_version") == 0 || g_strcmp0 (code, "http_409") == 0)
    {
      if (g_strcmp0 (field, "base_version") == 0)
        return g_strdup (_("Someone changed this seat plan first; look at it again"));
      for (guint i = 0; row_type != NULL && i < G_N_ELEMENTS (stale_rows); i++)
        if (g_str_equal (stale_rows[i].row_type, row_type))
          return g_strdup (_(stale_rows[i].message));
    }
  return fb_refusal_describe (code, field, server_message);
}

/**
 * fb_refusal_from_answer:
 * @root: (nullable): an answer's parsed body
 *
 * Returns: (transfer full) (nullable): the refusal @root carries in the
 *   user's language, or %NULL when @root is no error answer
 */
char *
fb_refusal_from_answer (JsonNode *root,
                        guint     status)
{
  g_autofree char *fallback = g_strdup_printf ("http_%u", status);
  JsonNode *error;
  JsonObject *object;
  const char *code;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      !(error = json_object_get_member (json_node_get_object (root), "error")) ||
      !JSON_NODE_HOLDS_OBJECT (error))
    return NULL;
  /* Members of another type (a broken or hostile server) count as absent. */
  object = json_node_get_object (error);
  code = fb_json_member_string (object, "code");
  return fb_refusal_describe (code ? code : fallback, fb_json_member_string (object, "field"),
                              fb_json_member_string (object, "message"));
}
