/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-server-qa.c: POST /api/v1/qa-evaluations and the QA weights. */
#define G_LOG_DOMAIN "floorboard-server"

#include <glib/gi18n.h>
#include <math.h>

#include "fb-qa-stats.h"
#include "fb-server-private.h"

/* POST /api/v1/qa-evaluations */
gboolean
_fb_server_may_record_qa (SoupServerMessage *msg,
                          const FbCaller    *caller)
{
  if (caller->user->role == FB_ROLE_QA_INSPECTOR)
    return TRUE;
  _fb_server_set_error (msg, SOUP_STATUS_FORBIDDEN, "role_not_allowed", NULL,
                        _("Only QA inspectors record QA evaluations"));
  return FALSE;
}

void
_fb_server_qa_evaluation (FbServer          *self,
                          SoupServerMessage *msg,
                          const FbCaller    *caller,
                          JsonObject        *body,
                          const char        *unused)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbChange) agent = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) row = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *id = g_strconcat ("qa-", uuid, NULL);
  g_autofree char *now = fb_timestamp_to_iso (g_get_real_time () / G_USEC_PER_SEC);
  const char *agent_id, *call_ref, *comment;
  JsonNode *scores_node;
  JsonObject *scores;
  double values[FB_QA_N_CRITERIA];
  gint64 ints[FB_QA_N_CRITERIA];
  double total;

  if (!(agent_id = _fb_server_get_string_member (msg, body, "agent_id")) ||
      !(call_ref = _fb_server_get_string_member (msg, body, "call_ref")))
    return;
  if (g_utf8_strlen (call_ref, -1) > FB_QA_MAX_CALL_REF_CHARS)
    {
      _fb_server_set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", "call_ref",
                            _("Field “call_ref” must be at most 64 characters"));
      return;
    }
  if (!_fb_server_optional_string (msg, body, "comment", FB_QA_MAX_COMMENT_CHARS, &comment))
    return;
  scores_node = json_object_get_member (body, "scores");
  if (scores_node == NULL || !JSON_NODE_HOLDS_OBJECT (scores_node))
    {
      _fb_server_set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", "scores",
                            _("Field “scores” must be an object with a score per criterion"));
      return;
    }
  scores = json_node_get_object (scores_node);
  for (guint i = 0; i < FB_QA_N_CRITERIA; i++)
    {
      g_autofree char *field = g_strconcat ("scores.", fb_qa_criterion_keys[i], NULL);

      if (!fb_json_member_int (scores, fb_qa_criterion_keys[i], &ints[i]))
        {
          g_autofree char *message = g_strdup_printf (_("Field “%s” must be a whole number"), field);
          _fb_server_set_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_field", field, message);
          return;
        }
      if (ints[i] < 0 || ints[i] > 100)
        {
          g_autofree char *message = g_strdup_printf (_("Field “%s” must be from 0 to 100"), field);
          _fb_server_set_error (msg, 422, "score_out_of_range", field, message);
          return;
        }
      values[i] = (double) ints[i];
    }

  if (!(agent = _fb_server_get_row (self, msg, "agent", agent_id, NULL)))
    {
      /* Unless the store failed (500 answered). */
      if (soup_server_message_get_status (msg) == SOUP_STATUS_NONE)
        _fb_server_set_error (msg, 422, "unknown_agent", "agent_id", _("There is no such agent"));
      return;
    }

  total = round (fb_qa_weighted_total (values, self->qa_weights) * 10) / 10;
  json_builder_begin_object (b);
  _fb_server_add_string (b, "id", id);
  _fb_server_add_string (b, "agent_id", agent_id);
  _fb_server_add_string (b, "inspector", caller->user_id);
  _fb_server_add_string (b, "evaluated_at", now);
  _fb_server_add_string (b, "call_ref", call_ref);
  json_builder_set_member_name (b, "scores");
  json_builder_begin_object (b);
  for (guint i = 0; i < FB_QA_N_CRITERIA; i++)
    {
      json_builder_set_member_name (b, fb_qa_criterion_keys[i]);
      json_builder_add_int_value (b, ints[i]);
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "total");
  json_builder_add_double_value (b, total);
  if (comment != NULL && comment[0] != '\0')
    _fb_server_add_string (b, "comment", comment);
  /* The weights go with the row: a total stays explainable after the
   * center changes them. */
  json_builder_set_member_name (b, "weights");
  json_builder_begin_object (b);
  for (guint i = 0; i < FB_QA_N_CRITERIA; i++)
    {
      json_builder_set_member_name (b, fb_qa_criterion_keys[i]);
      json_builder_add_double_value (b, round (self->qa_weights[i] * 1000) / 1000);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
  row = json_builder_get_root (b);
  _fb_server_store_and_answer (self, msg, caller, &fb_qa_evaluation_spec, id, "qa_evaluation.record", NULL, row,
                               SOUP_STATUS_CREATED);
}

gboolean
fb_server_set_qa_weights (FbServer     *self,
                          const double  weights[],
                          guint         n_weights)
{
  double sum = 0;

  g_return_val_if_fail (FB_IS_SERVER (self), FALSE);
  g_return_val_if_fail (weights != NULL, FALSE);

  if (n_weights != FB_QA_N_CRITERIA)
    return FALSE;
  for (guint i = 0; i < n_weights; i++)
    {
      if (!(weights[i] >= 0) || !isfinite (weights[i]))
        return FALSE;
      sum += weights[i];
    }
  if (!(sum > 0))
    return FALSE;
  for (guint i = 0; i < n_weights; i++)
    self->qa_weights[i] = weights[i] / sum;
  return TRUE;
}
