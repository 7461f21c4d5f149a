/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-server-duty.c: duty reports: writing, submitting, reviewing and acknowledging. */
#define G_LOG_DOMAIN "floorboard-server"

#include <glib/gi18n.h>
#include <string.h>

#include "fb-duty-rules.h"
#include "fb-server-private.h"

#define MAX_REPORT_COUNT 1000000

static const char * const report_texts[] = {
  "system_problems", "issue_summary", "workload", "equipment_status",
  "difficult_cases", "staffing_changes", "handover_notes",
};
static const char * const report_counts[] = { "consultations", "inquiries", "complaints" };
/* Seeds: the report carries the issue summary and the workload for the
 * director, and the handover log is what the next shift reads. */
static const char * const report_required[] = { "issue_summary", "workload", "handover_notes" };

gboolean
_fb_server_may_write_reports (SoupServerMessage *msg,
                              const FbCaller    *caller)
{
  if (fb_duty_role_may (caller->user->role, FB_DUTY_WRITE))
    return TRUE;
  _fb_server_set_error (msg, SOUP_STATUS_FORBIDDEN, "role_not_allowed", NULL,
                        _("Duty reports are written by the shift leader or the supervisor on duty"));
  return FALSE;
}

gboolean
_fb_server_may_review_reports (SoupServerMessage *msg,
                               const FbCaller    *caller)
{
  if (fb_duty_role_may (caller->user->role, FB_DUTY_REVIEW))
    return TRUE;
  _fb_server_set_error (msg, SOUP_STATUS_FORBIDDEN, "role_not_allowed", NULL,
                        _("Duty reports are reviewed by a department head or the center director"));
  return FALSE;
}

/* The row's text member @name, empty when absent or blank. */
static gboolean
report_text_empty (JsonObject *row,
                   const char *name)
{
  const char *text = fb_json_member_string (row, name);

  if (text == NULL)
    return TRUE;
  for (; *text; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;
  return TRUE;
}

/* 422 missing_field naming the first empty required field; FALSE if none. */
static gboolean
refuse_incomplete (SoupServerMessage *msg,
                   JsonObject        *row)
{
  for (guint i = 0; i < G_N_ELEMENTS (report_required); i++)
    if (report_text_empty (row, report_required[i]))
      {
        g_autofree char *message =
          g_strdup_printf (_("Field “%s” must be filled in before the report is submitted"), report_required[i]);
        _fb_server_set_error (msg, 422, "missing_field", report_required[i], message);
        return TRUE;
      }
  return FALSE;
}

static void
set_now (JsonObject *row,
         const char *name)
{
  g_autofree char *now = fb_timestamp_to_iso (g_get_real_time () / G_USEC_PER_SEC);

  json_object_set_string_member (row, name, now);
}

static gboolean
get_version (SoupServerMessage *msg,
             JsonObject        *body,
             gint64            *version)
{
  if (!fb_json_member_int (body, "version", version) || *version < 0)
    {
      _fb_server_set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", "version",
                            _("Field “version” must be the version of the report you saw, or 0 for a new one"));
      return FALSE;
    }
  return TRUE;
}

/* Answers 403/422 unless @caller may do @action on the report of @shift
 * of @date (fb-duty-rules.h: the shift leader or the supervisor on duty
 * then); FALSE when refused or the roster could not be read. */
static gboolean
duty_allowed (FbServer          *self,
              SoupServerMessage *msg,
              const FbCaller    *caller,
              FbDutyAction       action,
              const char        *date,
              FbShift            shift,
              const char        *author)
{
  g_autoptr(FbRoster) roster = NULL;
  g_autoptr(FbCheck) check = NULL;
  g_autoptr(GError) error = NULL;

  if (!(roster = _fb_server_load_roster (self, NULL, &error)))
    {
      _fb_server_set_internal_error (msg, error);
      return FALSE;
    }
  check = fb_duty_report_check (roster, caller->user, action, date, shift, author);
  return !_fb_server_refuse_by_check (msg, check);
}

/* PUT /api/v1/duty-reports/{id}: writes a report (a draft, or a
 * submitted one still open to edits); with "submit": true it is submitted
 * in the same write, so a client offline needs no second version. */
void
_fb_server_duty_put (FbServer          *self,
                     SoupServerMessage *msg,
                     const FbCaller    *caller,
                     JsonObject        *body,
                     const char        *id)
{
  g_autoptr(FbChange) row = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *data;
  const char *date;
  gint64 version;
  gboolean submit = FALSE;
  int shift;

  if (!(date = _fb_server_get_date_member (msg, body, "date")) ||
      (shift = _fb_server_get_enum_member (msg, body, "shift", fb_shift_values)) < 0 ||
      !get_version (msg, body, &version) || !_fb_server_optional_bool (msg, body, "submit", &submit))
    return;
  expected = g_strdup_printf ("duty-%s-%s", date, fb_shift_values[shift]);
  if (strcmp (expected, id) != 0)
    {
      g_autofree char *message = g_strdup_printf (_("The report of %s, %s has the id “%s”"), date,
                                                  fb_shift_values[shift], expected);
      _fb_server_set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", "date", message);
      return;
    }
  /* Whoever wrote it before: only that shift's leader or a supervisor
   * on duty then writes over it, or creates it. */
  if (!duty_allowed (self, msg, caller, FB_DUTY_WRITE, date, shift, NULL))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (report_texts); i++)
    {
      const char *text;

      if (!_fb_server_optional_string (msg, body, report_texts[i], FB_DUTY_MAX_TEXT_CHARS, &text))
        return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (report_counts); i++)
    {
      JsonNode *node = json_object_get_member (body, report_counts[i]);
      gint64 n;

      if (node != NULL && !JSON_NODE_HOLDS_NULL (node) &&
          (!fb_json_member_int (body, report_counts[i], &n) || n < 0 || n > MAX_REPORT_COUNT))
        {
          g_autofree char *message = g_strdup_printf (_("Field “%s” must be a whole number from 0 to %d"),
                                                      report_counts[i], MAX_REPORT_COUNT);
          _fb_server_set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", report_counts[i], message);
          return;
        }
    }
  if (json_object_has_member (body, "figures") &&
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (body, "figures")) &&
      !JSON_NODE_HOLDS_NULL (json_object_get_member (body, "figures")))
    {
      _fb_server_set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", "figures",
                            _("Field “figures” must be an object"));
      return;
    }

  if (!(row = _fb_server_get_row (self, msg, "duty_report", id, NULL)) && soup_server_message_get_status (msg) != 0 &&
      soup_server_message_get_status (msg) != SOUP_STATUS_NONE)
    return;
  if (row == NULL ? version != 0 : version != row->version)
    {
      _fb_server_set_stale (msg, "version", _("Someone changed this report first; look at it again"),
                            row ? _fb_server_change_node (row) : json_node_new (JSON_NODE_NULL));
      return;
    }

  if (row != NULL)
    {
      if (!(after = json_from_string (row->data, &error)))
        {
          _fb_server_set_internal_error (msg, error);
          return;
        }
    }
  else
    {
      after = json_node_init_object (json_node_alloc (), json_object_new ());
      data = json_node_get_object (after);
      json_object_set_string_member (data, "id", id);
      json_object_set_string_member (data, "date", date);
      json_object_set_string_member (data, "shift", fb_shift_values[shift]);
      json_object_set_string_member (data, "status", "draft");
    }
  data = json_node_get_object (after);
  /* The author is who wrote the text as it stands: the last writer (the
   * audit keeps who wrote what before). */
  json_object_set_string_member (data, "author", caller->user_id);
  if (g_strcmp0 (fb_json_member_string (data, "status"), "reviewed") == 0)
    {
      _fb_server_set_error (msg, 422, "already_reviewed", NULL, _("A reviewed report can no longer be changed"));
      return;
    }
  if (submit && g_strcmp0 (fb_json_member_string (data, "status"), "draft") != 0)
    {
      _fb_server_set_error (msg, 422, "already_submitted", NULL, _("This shift’s report has already been submitted"));
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (report_texts); i++)
    if (json_object_has_member (body, report_texts[i]))
      json_object_set_member (data, report_texts[i], json_node_copy (json_object_get_member (body, report_texts[i])));
  for (guint i = 0; i < G_N_ELEMENTS (report_counts); i++)
    if (json_object_has_member (body, report_counts[i]))
      json_object_set_member (data, report_counts[i], json_node_copy (json_object_get_member (body, report_counts[i])));
  if (json_object_has_member (body, "figures"))
    json_object_set_member (data, "figures", json_node_copy (json_object_get_member (body, "figures")));
  if (submit)
    {
      if (refuse_incomplete (msg, data))
        return;
      json_object_set_string_member (data, "status", "submitted");
      set_now (data, "submitted_at");
    }
  _fb_server_store_and_answer (self, msg, caller, &fb_duty_report_spec, id,
                               submit ? "duty_report.submit" : "duty_report.write",
                               row ? row->data : NULL, after, row ? SOUP_STATUS_OK : SOUP_STATUS_CREATED);
}

typedef enum { REPORT_SUBMIT, REPORT_REVIEW, REPORT_ACKNOWLEDGE } ReportVerb;
static const char * const report_verbs[] = { "submit", "review", "acknowledge" };

/* POST /api/v1/duty-reports/{id}/{submit,review,acknowledge} */
static void
duty_action (FbServer          *self,
             SoupServerMessage *msg,
             const FbCaller    *caller,
             JsonObject        *body,
             const char        *id,
             ReportVerb         verb)
{
  g_autoptr(FbChange) row = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *audit_action = NULL;
  JsonObject *data;
  const char *status, *note = NULL;
  gint64 version;
  int shift;

  if (!get_version (msg, body, &version) ||
      (verb == REPORT_REVIEW && !_fb_server_optional_string (msg, body, "note", MAX_NOTE_CHARS, &note)))
    return;
  if (!(row = _fb_server_get_row (self, msg, "duty_report", id, _("No such duty report"))))
    return;
  if (version != row->version)
    {
      _fb_server_set_stale (msg, "version", _("Someone changed this report first; look at it again"),
                            _fb_server_change_node (row));
      return;
    }
  if (!(after = json_from_string (row->data, &error)) || !JSON_NODE_HOLDS_OBJECT (after))
    {
      _fb_server_set_internal_error (msg, error);
      return;
    }
  data = json_node_get_object (after);
  status = fb_json_member_string (data, "status");
  /* Stored rows were checked on the way in; one that is not is not guessed at. */
  shift = fb_json_member_string (data, "shift")
          ? fb_enum_from_string (fb_shift_values, fb_json_member_string (data, "shift")) : -1;
  if (verb != REPORT_REVIEW &&
      (shift < 0 || fb_json_member_string (data, "date") == NULL ||
       !fb_date_is_valid (fb_json_member_string (data, "date"))))
    {
      g_autoptr(GError) bad = g_error_new (FB_STORE_ERROR, FB_STORE_ERROR_SQL, "duty report %s has no date or shift", id);

      _fb_server_set_internal_error (msg, bad);
      return;
    }
  if (verb != REPORT_REVIEW &&
      !duty_allowed (self, msg, caller, verb == REPORT_ACKNOWLEDGE ? FB_DUTY_ACKNOWLEDGE : FB_DUTY_WRITE,
                     fb_json_member_string (data, "date"), (FbShift) shift,
                     fb_json_member_string (data, "author")))
    return;

  switch (verb)
    {
    case REPORT_SUBMIT:
      if (g_strcmp0 (status, "draft") != 0)
        {
          _fb_server_set_error (msg, 422, "already_submitted", NULL,
                                _("This shift’s report has already been submitted"));
          return;
        }
      if (refuse_incomplete (msg, data))
        return;
      json_object_set_string_member (data, "status", "submitted");
      set_now (data, "submitted_at");
      break;

    case REPORT_REVIEW:
      if (g_strcmp0 (status, "draft") == 0)
        {
          _fb_server_set_error (msg, 422, "not_submitted", NULL, _("The report has not been submitted yet"));
          return;
        }
      if (g_strcmp0 (status, "reviewed") == 0)
        {
          _fb_server_set_error (msg, 422, "already_reviewed", NULL, _("The report has already been reviewed"));
          return;
        }
      json_object_set_string_member (data, "status", "reviewed");
      json_object_set_string_member (data, "reviewed_by", caller->user_id);
      set_now (data, "reviewed_at");
      if (note != NULL && *note != '\0')
        json_object_set_string_member (data, "review_note", note);
      break;

    case REPORT_ACKNOWLEDGE:
    default:
      if (g_strcmp0 (status, "draft") == 0)
        {
          _fb_server_set_error (msg, 422, "not_submitted", NULL, _("The report has not been submitted yet"));
          return;
        }
      if (fb_json_member_string (data, "acknowledged_by") != NULL)
        {
          _fb_server_set_error (msg, 422, "already_acknowledged", NULL, _("The handover has already been acknowledged"));
          return;
        }
      json_object_set_string_member (data, "acknowledged_by", caller->user_id);
      set_now (data, "acknowledged_at");
      break;
    }
  audit_action = g_strconcat ("duty_report.", report_verbs[verb], NULL);
  _fb_server_store_and_answer (self, msg, caller, &fb_duty_report_spec, id, audit_action, row->data, after,
                               SOUP_STATUS_OK);
}

void
_fb_server_duty_submit (FbServer          *self,
                        SoupServerMessage *msg,
                        const FbCaller    *caller,
                        JsonObject        *body,
                        const char        *id)
{
  duty_action (self, msg, caller, body, id, REPORT_SUBMIT);
}

void
_fb_server_duty_review (FbServer          *self,
                        SoupServerMessage *msg,
                        const FbCaller    *caller,
                        JsonObject        *body,
                        const char        *id)
{
  duty_action (self, msg, caller, body, id, REPORT_REVIEW);
}

void
_fb_server_duty_acknowledge (FbServer          *self,
                             SoupServerMessage *msg,
                             const FbCaller    *caller,
                             JsonObject        *body,
                             const char        *id)
{
  duty_action (self, msg, caller, body, id, REPORT_ACKNOWLEDGE);
}
