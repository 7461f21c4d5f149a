/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-server-escalations.c: POST /api/v1/escalations/{id}/actions. */
#define G_LOG_DOMAIN "floorboard-server"

#include <glib/gi18n.h>

#include "fb-escalation-rules.h"
#include "fb-server-private.h"

/* POST /api/v1/escalations/{id}/actions */
void
_fb_server_escalation_action (FbServer          *self,
                              SoupServerMessage *msg,
                              const FbCaller    *caller,
                              JsonObject        *body,
                              const char        *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbChange) row = NULL;
  g_autoptr(FbEscalation) escalation = NULL;
  g_autoptr(JsonNode) current = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autofree char *audit_action = NULL;
  const char *action_name, *outcome_name, *note;
  int action, outcome = -1;
  gint64 version;

  action_name = fb_json_member_string (body, "action");
  action = action_name ? fb_enum_from_string (fb_escalation_action_values, action_name) : -1;
  if (action < 0)
    {
      _fb_server_set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", "action",
                            _("Field “action” must be one of take, escalate, callback_attempt, resolve, close"));
      return;
    }
  if (!fb_json_member_int (body, "version", &version))
    {
      _fb_server_set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", "version",
                            _("Field “version” must be the version of the case you saw"));
      return;
    }
  if (!_fb_server_optional_string (msg, body, "outcome", 32, &outcome_name) ||
      !_fb_server_optional_string (msg, body, "note", MAX_NOTE_CHARS, &note))
    return;
  if (outcome_name != NULL)
    outcome = fb_enum_from_string (fb_callback_outcome_values, outcome_name);

  if (!(row = _fb_server_get_row (self, msg, "escalation", id, _("No such escalation"))))
    return;
  if (!(escalation = fb_entity_decode_string (&fb_escalation_spec, row->data, -1, &error)))
    {
      _fb_server_set_internal_error (msg, error);
      return;
    }
  /* A role that never acts is told so first, whatever version it sent. */
  if (!fb_escalation_check (escalation, caller->user->role, action, outcome, &error) &&
      error->code == FB_RULE_ERROR_ROLE)
    {
      _fb_server_set_error (msg, SOUP_STATUS_FORBIDDEN, fb_rule_error_code_name (error->code), NULL,
                            error->message);
      return;
    }
  g_clear_error (&error);
  if (version != row->version)
    {
      /* The client saw an older case: send the current one along. */
      _fb_server_set_stale (msg, "version", _("Someone changed this case first; look at it again"),
                            _fb_server_change_node (row));
      return;
    }
  if (!fb_escalation_check (escalation, caller->user->role, action, outcome, &error))
    {
      guint status = error->code == FB_RULE_ERROR_ROLE || error->code == FB_RULE_ERROR_LEVEL
                     ? SOUP_STATUS_FORBIDDEN : 422;

      _fb_server_set_error (msg, status, fb_rule_error_code_name (error->code),
                            error->code == FB_RULE_ERROR_OUTCOME ? "outcome" : NULL, error->message);
      return;
    }

  current = json_from_string (row->data, &error);
  after = fb_escalation_apply (current, action, caller->user_id, outcome, note,
                               g_get_real_time () / G_USEC_PER_SEC);
  if (after == NULL)
    {
      _fb_server_set_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", NULL,
                            _("The server could not complete the request"));
      return;
    }
  audit_action = g_strconcat ("escalation.", action_name, NULL);
  _fb_server_store_and_answer (self, msg, caller, &fb_escalation_spec, id, audit_action, row->data, after,
                               SOUP_STATUS_OK);
}
