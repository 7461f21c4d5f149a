/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-server-audit.c: the audit trail: rows stored with their entry, and refusals audited
 * the same way on every route that asks for it. */
#define G_LOG_DOMAIN "floorboard-server"

#include <string.h>

#include "fb-server-private.h"

gboolean
_fb_server_put_audit_node (FbServer    *self,
                           const char  *actor,
                           const char  *action,
                           const char  *target_type,
                           const char  *target_id,
                           JsonNode    *before,
                           JsonNode    *after,
                           GError     **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) row = NULL;
  g_autoptr(JsonNode) normalized = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *id = g_strconcat ("audit-", uuid, NULL);
  g_autofree char *at = fb_timestamp_to_iso (g_get_real_time () / G_USEC_PER_SEC);

  json_builder_begin_object (b);
  _fb_server_add_string (b, "id", id);
  _fb_server_add_string (b, "at", at);
  _fb_server_add_string (b, "actor", actor);
  _fb_server_add_string (b, "action", action);
  _fb_server_add_string (b, "target_type", target_type);
  if (target_id != NULL)
    _fb_server_add_string (b, "target_id", target_id);
  json_builder_set_member_name (b, "before");
  if (before != NULL)
    json_builder_add_value (b, json_node_copy (before));
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "after");
  if (after != NULL)
    json_builder_add_value (b, json_node_copy (after));
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  row = json_builder_get_root (b);
  if (!(normalized = fb_entity_normalize (&fb_audit_spec, row, error)))
    return FALSE;
  return fb_server_store_put_node (self->store, "audit", id, normalized, error) > 0;
}

static gboolean
put_audit (FbServer    *self,
           const char  *actor,
           const char  *action,
           const char  *target_type,
           const char  *target_id,
           const char  *before,
           JsonNode    *after,
           GError     **error)
{
  g_autoptr(JsonNode) before_node = before ? json_from_string (before, NULL) : NULL;

  return _fb_server_put_audit_node (self, actor, action, target_type, target_id, before_node, after, error);
}

/* Stores @data as @type/@id with its audit entry and answers with the row
 * as /sync carries it. */
void
_fb_server_store_and_answer (FbServer          *self,
                             SoupServerMessage *msg,
                             const FbCaller    *caller,
                             const FbEntitySpec *spec,
                             const char        *id,
                             const char        *audit_action,
                             const char        *before,
                             JsonNode          *data,
                             guint              status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) normalized = NULL;
  g_autoptr(FbChange) stored = NULL;
  g_autoptr(JsonNode) answer = NULL;

  if (!(normalized = fb_entity_normalize (spec, data, &error)))
    {
      /* Our own rules produced a row the codec refuses: a server bug. */
      _fb_server_set_internal_error (msg, error);
      return;
    }
  if (fb_server_store_put_node (self->store, spec->type, id, normalized, &error) <= 0 ||
      !put_audit (self, caller->user_id, audit_action, spec->type, id, before, normalized, &error) ||
      !(stored = fb_server_store_get (self->store, spec->type, id, &error)))
    {
      _fb_server_set_internal_error (msg, error);
      return;
    }
  answer = _fb_server_change_node (stored);
  _fb_server_set_json (msg, status, answer);
}

/* The request body as JSON, when it is some and small, for a refusal's
 * verb. */
static JsonNode *
audited_request (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  /* Through the guard: the body refused may be one nested to crash. */
  if (len == 0 || len > MAX_AUDITED_REQUEST)
    return NULL;
  return fb_json_parse (data, len, NULL, NULL);
}

/* @text as valid UTF-8 of at most @max bytes, cut ones ending in "…": a
 * refusal's row is kept however long the id the client made up. */
static char *
audited_text (const char *text,
              gsize       max)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  gsize end = max;

  if (strlen (valid) <= max)
    return g_steal_pointer (&valid);
  /* Back to the start of a character. */
  while (end > 0 && (valid[end] & 0xC0) == 0x80)
    end--;
  valid[end] = '\0';
  return g_strconcat (valid, "…", NULL);
}

/* What was refused, not a copy of it: a copy would let any user fill the
 * disk and every director's /sync with bodies the server did not take. */
static JsonNode *
audited_body (SoupServerMessage *msg)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "bytes");
  json_builder_add_int_value (b, (gint64) g_bytes_get_size (bytes));
  json_builder_set_member_name (b, "sha256");
  json_builder_add_string_value (b, digest);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* A refused write rolled back: its audit row goes in a transaction of
 * its own. before = null, after = {"status", "error": {code, message,
 * field}, "route", "target_version", "request": {"bytes", "sha256"}}. */
static void
audit_refusal (FbServer          *self,
               SoupServerMessage *msg,
               const FbCaller    *caller,
               const char        *target_type,
               const char        *target_id,
               gboolean           target_is_row,
               const char        *verb)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) request = audited_request (msg);
  g_autoptr(GBytes) answer_bytes = soup_message_body_flatten (soup_server_message_get_response_body (msg));
  g_autofree char *answer_text = g_strndup (g_bytes_get_data (answer_bytes, NULL), g_bytes_get_size (answer_bytes));
  g_autoptr(JsonNode) answer = json_from_string (answer_text, NULL);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(FbChange) row = NULL;
  g_autofree char *action = NULL;
  g_autofree char *target = target_id ? audited_text (target_id, MAX_AUDITED_TARGET) : NULL;
  g_autofree char *route = NULL;
  JsonNode *err = answer && JSON_NODE_HOLDS_OBJECT (answer)
                  ? json_object_get_member (json_node_get_object (answer), "error") : NULL;

  /* A decision's verb is in its body: "leave_request.approve.refused". */
  if (verb == NULL && request != NULL && JSON_NODE_HOLDS_OBJECT (request))
    {
      const char *decision = fb_json_member_string (json_node_get_object (request), "decision");

      if (decision != NULL && fb_enum_from_string (fb_decision_values, decision) >= 0)
        verb = decision;
    }
  action = g_strdup_printf ("%s.%s.refused", target_type, verb ? verb : "decide");

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "status");
  json_builder_add_int_value (b, soup_server_message_get_status (msg));
  json_builder_set_member_name (b, "error");
  if (err != NULL)
    json_builder_add_value (b, json_node_copy (err));
  else
    json_builder_add_null_value (b);
  {
    g_autofree char *path = audited_text (g_uri_get_path (soup_server_message_get_uri (msg)), MAX_AUDITED_TARGET);

    route = g_strdup_printf ("%s %s", soup_server_message_get_method (msg), path);
  }
  json_builder_set_member_name (b, "route");
  json_builder_add_string_value (b, route);
  /* The row as it stood, by its version, not a copy: a refused write must
   * not copy a 100 KB report each time. That version's data is the row
   * itself, or the "before" of the accepted write that next changed it. */
  if (target_is_row && target_id != NULL &&
      (row = fb_server_store_get (self->store, target_type, target_id, NULL)) != NULL && !row->deleted)
    {
      json_builder_set_member_name (b, "target_version");
      json_builder_add_int_value (b, row->version);
    }
  json_builder_set_member_name (b, "request");
  json_builder_add_value (b, audited_body (msg));
  json_builder_end_object (b);
  after = json_builder_get_root (b);

  if (!fb_server_store_begin (self->store, &error))
    {
      g_warning ("Could not audit a refused %s: %s", action, error->message);
      return;
    }
  if (!_fb_server_put_audit_node (self, caller->user_id, action, target_type, target, NULL, after, &error) ||
      !fb_server_store_commit (self->store, &error))
    {
      fb_server_store_rollback (self->store);
      g_warning ("Could not audit a refused %s: %s", action, error->message);
    }
}

/* A write whose every refusal (4xx) is audited. A refusal's answer is not
 * kept, as on every route: it changed no row, and the client may send it
 * again fixed. */
void
_fb_server_handle_audited_write (FbServer          *self,
                                 SoupServerMessage *msg,
                                 const char        *path,
                                 const FbCaller    *caller,
                                 const Route       *route,
                                 const char        *target_id)
{
  guint status;

  if (_fb_server_check_method (msg, route->method) &&
      _fb_server_handle_write (self, msg, path, caller, target_id, route->may, route->write))
    return;  /* the first answer again: audited the first time */
  status = soup_server_message_get_status (msg);
  if (SOUP_STATUS_IS_CLIENT_ERROR (status))
    audit_refusal (self, msg, caller, route->audit->target_type, target_id,
                   route->audit->target_is_row, route->audit->verb);
}
