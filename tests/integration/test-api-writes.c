/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-api-writes.c: escalation actions and QA evaluations over HTTP on
 * 127.0.0.1, against the real server: every rule, role and error code. */
#include <libsoup/soup.h>
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "fb-auth.h"
#include "fb-paths.h"
#include "fb-entity.h"
#include "fb-escalation-rules.h"
#include "fb-server.h"
#include "fb-server-store.h"
#include "fb-store.h"
#include "fb-test-api.h"
#include "fb-test-fixture.h"

typedef FbTestApi Api;

/* Signs @username in, adding them as a user of @role first unless the
 * fixture has them ("sup" and "agent1"). */
static void
add_user (Api        *api,
          const char *username,
          const char *role)
{
  if (g_str_equal (username, "sup") || g_str_equal (username, "agent1"))
    fb_test_api_sign_in (api, username);
  else
    fb_test_api_add_user (api, username, role, "");
}

static void
put_case (Api        *api,
          const char *id,
          const char *status,
          const char *level)
{
  gint64 raised = g_get_real_time () / G_USEC_PER_SEC - 1800;
  g_autofree char *r = fb_timestamp_to_iso (raised);
  g_autofree char *d = fb_timestamp_to_iso (raised + FB_ESCALATION_DISPATCH_S);
  g_autofree char *p = fb_timestamp_to_iso (raised + FB_ESCALATION_RESPONSE_S);
  g_autofree char *c = fb_timestamp_to_iso (raised + FB_ESCALATION_CALLBACK_S);
  g_autofree char *json =
    g_strdup_printf ("{\"id\":\"%s\",\"customer_ref\":\"010-****-1234\",\"category\":\"complaint\","
                     "\"severity\":\"high\",\"summary\":\"상담 불만\",\"raised_by\":\"u-sup\","
                     "\"raised_at\":\"%s\",\"level\":\"%s\",\"status\":\"%s\",\"dispatch_due\":\"%s\","
                     "\"response_due\":\"%s\",\"callback_due\":\"%s\",\"history\":[]}",
                     id, r, level, status, d, p, c);

  fb_test_put (api->f->store, "escalation", id, json);
}

static gint64
version_of (Api        *api,
            const char *type,
            const char *id)
{
  g_autoptr(FbChange) row = fb_server_store_get (api->f->store, type, id, NULL);

  g_assert_nonnull (row);
  return row->version;
}

static char *
data_of (Api        *api,
         const char *id)
{
  g_autoptr(FbChange) row = fb_server_store_get (api->f->store, "escalation", id, NULL);

  return g_strdup (row->data);
}

static JsonArray *
history_of (JsonNode *data)
{
  return json_object_get_array_member (json_node_get_object (data), "history");
}

/* Acts on @id as @user with a fresh key; returns the status and, when
 * @code is not NULL, checks the error code. Either way it checks what the
 * write did: a refusal left the case and the audit log as they were; a
 * success appended one history entry by the user, one audit row, and
 * answered with the stored row. */
static guint
act (Api        *api,
     const char *user,
     const char *id,
     const char *action,
     const char *outcome,
     const char *code)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/escalations/%s/actions", id);
  g_autofree char *key = fb_test_api_new_key (api);
  g_autofree char *body = g_strdup_printf ("{\"action\":\"%s\",%s%s%s\"note\":\"메모\",\"version\":%" G_GINT64_FORMAT "}",
                                           action, outcome ? "\"outcome\":\"" : "", outcome ? outcome : "",
                                           outcome ? "\"," : "", version_of (api, "escalation", id));
  g_autofree char *before = data_of (api, id);
  g_autofree char *after = NULL;
  g_autofree char *user_id = g_strconcat ("u-", user, NULL);
  g_autoptr(JsonNode) before_node = json_from_string (before, NULL);
  g_autoptr(JsonNode) after_node = NULL;
  g_autoptr(JsonNode) root = NULL;
  guint audits = fb_test_api_count_rows (api, "audit");
  guint status = fb_test_api_request (api, "POST", path, user, key, body, &root);

  g_assert_nonnull (root);
  after = data_of (api, id);
  if (code != NULL)
    {
      g_assert_cmpstr (fb_test_api_error_code (root), ==, code);
      g_assert_cmpstr (after, ==, before);
      g_assert_cmpuint (fb_test_api_count_rows (api, "audit"), ==, audits);
    }
  else
    {
      JsonArray *history;
      JsonObject *last;

      g_assert_cmpuint (status, ==, 200);
      after_node = json_from_string (after, NULL);
      history = history_of (after_node);
      g_assert_cmpuint (json_array_get_length (history), ==, json_array_get_length (history_of (before_node)) + 1);
      last = json_array_get_object_element (history, json_array_get_length (history) - 1);
      g_assert_cmpstr (json_object_get_string_member (last, "actor"), ==, user_id);
      g_assert_cmpstr (json_object_get_string_member (last, "note"), ==, "메모");
      g_assert_true (json_node_equal (json_object_get_member (json_node_get_object (root), "data"), after_node));
      g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "version"), ==,
                       version_of (api, "escalation", id));
      g_assert_cmpuint (fb_test_api_count_rows (api, "audit"), ==, audits + 1);
    }
  return status;
}

static Api *
api_new (void)
{
  Api *api = fb_test_api_new (1, 3);

  add_user (api, "sup", "supervisor");
  add_user (api, "lead", "shift_leader");
  add_user (api, "qa", "qa_inspector");
  add_user (api, "dir", "director");
  add_user (api, "mgr", "manager");
  return api;
}

static guint
count (const char *haystack,
       const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p; p = strstr (p + 1, needle))
    n++;
  return n;
}

static void
test_escalation_errors (void)
{
  Api *api = api_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *before = NULL, *after = NULL;
  guint status;

  put_case (api, "e-1", "raised", "shift_leader");
  before = data_of (api, "e-1");

  g_assert_cmpuint (fb_test_api_request (api, "POST", "/api/v1/escalations/e-1/actions", NULL, "k", "{}", NULL), ==, 401);
  status = fb_test_api_request (api, "POST", "/api/v1/escalations/e-1/actions", "sup", NULL,
                                "{\"action\":\"take\",\"version\":1}", &root);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (fb_test_api_error_code (root), ==, "missing_idempotency_key");
  g_clear_pointer (&root, json_node_unref);
  g_assert_cmpuint (fb_test_api_request (api, "POST", "/api/v1/escalations/e-1/actions", "sup", "k1", "{\"action\":", &root), ==, 400);
  g_assert_cmpstr (fb_test_api_error_code (root), ==, "malformed_json");
  g_clear_pointer (&root, json_node_unref);
  g_assert_cmpuint (fb_test_api_request (api, "POST", "/api/v1/escalations/e-1/actions", "sup", "k2",
                                         "{\"action\":\"fly\",\"version\":1}", &root), ==, 400);
  g_assert_cmpstr (fb_test_api_error_code (root), ==, "invalid_field");
  g_clear_pointer (&root, json_node_unref);
  g_assert_cmpuint (fb_test_api_request (api, "POST", "/api/v1/escalations/e-1/actions", "sup", "k3",
                                         "{\"action\":\"take\",\"version\":\"1\"}", &root), ==, 400);
  g_clear_pointer (&root, json_node_unref);
  g_assert_cmpuint (fb_test_api_request (api, "POST", "/api/v1/escalations/nope/actions", "sup", "k4",
                                         "{\"action\":\"take\",\"version\":1}", &root), ==, 404);
  g_clear_pointer (&root, json_node_unref);
  g_assert_cmpuint (fb_test_api_request (api, "GET", "/api/v1/escalations/e-1/actions", "sup", NULL, NULL, NULL), ==, 405);

  /* Stale: 409 with the case as it is now. */
  g_assert_cmpuint (fb_test_api_request (api, "POST", "/api/v1/escalations/e-1/actions", "sup", "k5",
                                         "{\"action\":\"take\",\"version\":1}", &root), ==, 409);
  g_assert_cmpstr (fb_test_api_error_code (root), ==, "stale_version");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (root), "current"), "version"),
                   ==, version_of (api, "escalation", "e-1"));
  g_clear_pointer (&root, json_node_unref);

  /* Roles and the lifecycle. */
  g_assert_cmpuint (act (api, "qa", "e-1", "take", NULL, "role_not_allowed"), ==, 403);
  g_assert_cmpuint (act (api, "sup", "e-1", "resolve", NULL, "illegal_transition"), ==, 422);
  g_assert_cmpuint (act (api, "sup", "e-1", "close", NULL, "illegal_transition"), ==, 422);
  /* Nothing a refusal touched changed. */
  after = data_of (api, "e-1");
  g_assert_cmpstr (after, ==, before);
  fb_test_api_free (api);
}

static void
test_escalation_lifecycle (void)
{
  Api *api = api_new ();
  g_autoptr(JsonNode) first = NULL, second = NULL, root = NULL;
  g_autofree char *first_text = NULL, *second_text = NULL, *data = NULL;
  g_autoptr(GPtrArray) audits = NULL;
  gint64 v0, v1;
  g_autofree char *body = NULL;
  gboolean audited = FALSE;

  put_case (api, "e-1", "raised", "shift_leader");
  v0 = version_of (api, "escalation", "e-1");
  body = g_strdup_printf ("{\"action\":\"take\",\"note\":\"제가 맡습니다\",\"version\":%" G_GINT64_FORMAT "}", v0);

  /* Taken, once: a replay answers the same and changes nothing. */
  g_assert_cmpuint (fb_test_api_request (api, "POST", "/api/v1/escalations/e-1/actions", "sup", "once", body, &first), ==, 200);
  v1 = version_of (api, "escalation", "e-1");
  g_assert_cmpint (v1, >, v0);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (first), "version"), ==, v1);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (first), "type"), ==, "escalation");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (first), "data"), "status"),
                   ==, "in_progress");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (first), "data"), "owner"),
                   ==, "u-sup");
  g_assert_cmpuint (fb_test_api_request (api, "POST", "/api/v1/escalations/e-1/actions", "sup", "once", body, &second), ==, 200);
  first_text = json_to_string (first, FALSE);
  second_text = json_to_string (second, FALSE);
  g_assert_cmpstr (first_text, ==, second_text);
  g_assert_cmpint (version_of (api, "escalation", "e-1"), ==, v1);
  data = data_of (api, "e-1");
  g_assert_cmpuint (count (data, "\"action\":\"started\""), ==, 1);
  /* The same key for another request is refused. */
  g_assert_cmpuint (fb_test_api_request (api, "POST", "/api/v1/escalations/e-1/actions", "sup", "once",
                                         "{\"action\":\"escalate\",\"version\":1}", &root), ==, 422);
  g_assert_cmpstr (fb_test_api_error_code (root), ==, "idempotency_key_reused");

  /* Audited, with the case before and after. */
  audits = fb_server_store_list (api->f->store, "audit", NULL);
  for (guint i = 0; i < audits->len; i++)
    {
      FbChange *row = g_ptr_array_index (audits, i);
      audited |= strstr (row->data, "\"action\":\"escalation.take\"") && strstr (row->data, "\"target_id\":\"e-1\"") &&
                 strstr (row->data, "\"before\":{") && strstr (row->data, "\"actor\":\"u-sup\"");
    }
  g_assert_true (audited);
  g_assert_cmpuint (audits->len, ==, 1);

  /* Up the chain: a shift leader cannot act above, the director is the top. */
  act (api, "sup", "e-1", "escalate", NULL, NULL);
  g_assert_cmpuint (act (api, "lead", "e-1", "take", NULL, "above_your_level"), ==, 403);
  act (api, "mgr", "e-1", "escalate", NULL, NULL);
  g_assert_cmpuint (act (api, "sup", "e-1", "take", NULL, "above_your_level"), ==, 403);
  g_assert_cmpuint (act (api, "dir", "e-1", "escalate", NULL, "already_top_level"), ==, 422);
  act (api, "dir", "e-1", "take", NULL, NULL);
  act (api, "dir", "e-1", "resolve", NULL, NULL);

  /* Closing needs the customer reached, 3 failed attempts or a wrong number. */
  g_assert_cmpuint (act (api, "dir", "e-1", "close", NULL, "callback_attempts_required"), ==, 422);
  g_assert_cmpuint (act (api, "dir", "e-1", "callback_attempt", NULL, "invalid_outcome"), ==, 422);
  g_assert_cmpuint (act (api, "dir", "e-1", "callback_attempt", "maybe", "invalid_outcome"), ==, 422);
  act (api, "dir", "e-1", "callback_attempt", "no_answer", NULL);
  act (api, "dir", "e-1", "callback_attempt", "busy", NULL);
  g_assert_cmpuint (act (api, "dir", "e-1", "close", NULL, "callback_attempts_required"), ==, 422);
  act (api, "dir", "e-1", "callback_attempt", "no_answer", NULL);
  act (api, "dir", "e-1", "close", NULL, NULL);
  g_free (data);
  data = data_of (api, "e-1");
  g_assert_nonnull (strstr (data, "\"status\":\"closed\""));
  g_assert_nonnull (strstr (data, "\"level\":\"director\""));
  g_assert_cmpuint (count (data, "\"outcome\":"), ==, 3);
  g_assert_nonnull (strstr (data, "\"closed_at\":"));

  /* A wrong number closes at once; a reached customer resolves it. */
  put_case (api, "e-2", "awaiting_callback", "shift_leader");
  act (api, "lead", "e-2", "callback_attempt", "wrong_number", NULL);
  act (api, "lead", "e-2", "close", NULL, NULL);
  put_case (api, "e-3", "awaiting_callback", "shift_leader");
  act (api, "lead", "e-3", "callback_attempt", "reached", NULL);
  g_free (data);
  data = data_of (api, "e-3");
  g_assert_nonnull (strstr (data, "\"status\":\"resolved\""));
  act (api, "lead", "e-3", "close", NULL, NULL);
  fb_test_api_free (api);
}

static void
test_qa_evaluation (void)
{
  Api *api = api_new ();
  g_autoptr(JsonNode) root = NULL;
  JsonObject *data;
  static const double weights[] = { 30, 20, 15, 15, 20 };
  static const char good[] =
    "{\"agent_id\":\"agent-002\",\"call_ref\":\"CALL-1\",\"comment\":\"친절함\","
    "\"scores\":{\"service_language\":90,\"attitude\":80,\"tone\":70,\"need_elicitation\":60,\"handling\":50}}";

  g_assert_true (fb_server_set_qa_weights (api->f->server, weights, G_N_ELEMENTS (weights)));
  g_assert_false (fb_server_set_qa_weights (api->f->server, weights, 4));

  g_assert_cmpuint (fb_test_api_request (api, "POST", "/api/v1/qa-evaluations", "sup", "q1", good, &root), ==, 403);
  g_assert_cmpstr (fb_test_api_error_code (root), ==, "role_not_allowed");
  g_clear_pointer (&root, json_node_unref);
  g_assert_cmpuint (fb_test_api_request (api, "POST", "/api/v1/qa-evaluations", "qa", "q2",
                                         "{\"agent_id\":\"agent-002\",\"call_ref\":\"C\",\"scores\":{\"service_language\":90,"
                                         "\"attitude\":80,\"tone\":101,\"need_elicitation\":60,\"handling\":50}}", &root), ==, 422);
  g_assert_cmpstr (fb_test_api_error_code (root), ==, "score_out_of_range");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (root), "error"), "field"),
                   ==, "scores.tone");
  g_clear_pointer (&root, json_node_unref);
  g_assert_cmpuint (fb_test_api_request (api, "POST", "/api/v1/qa-evaluations", "qa", "q3",
                                         "{\"agent_id\":\"agent-002\",\"call_ref\":\"C\",\"scores\":{\"service_language\":\"90\","
                                         "\"attitude\":80,\"tone\":1,\"need_elicitation\":60,\"handling\":50}}", &root), ==, 400);
  g_clear_pointer (&root, json_node_unref);
  g_assert_cmpuint (fb_test_api_request (api, "POST", "/api/v1/qa-evaluations", "qa", "q4",
                                         "{\"agent_id\":\"agent-999\",\"call_ref\":\"C\",\"scores\":{\"service_language\":1,"
                                         "\"attitude\":1,\"tone\":1,\"need_elicitation\":1,\"handling\":1}}", &root), ==, 422);
  g_assert_cmpstr (fb_test_api_error_code (root), ==, "unknown_agent");
  g_clear_pointer (&root, json_node_unref);
  {
    g_autoptr(GPtrArray) none = fb_server_store_list (api->f->store, "qa_evaluation", NULL);
    g_assert_cmpuint (none->len, ==, 0);
  }

  /* Recorded: the total is the mean weighted 30/20/15/15/20. */
  g_assert_cmpuint (fb_test_api_request (api, "POST", "/api/v1/qa-evaluations", "qa", "q5", good, &root), ==, 201);
  data = json_object_get_object_member (json_node_get_object (root), "data");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (data, "total"), 72.5, 1e-9);
  g_assert_cmpstr (json_object_get_string_member (data, "inspector"), ==, "u-qa");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_object_get_object_member (data, "weights"), "service_language"),
                                  0.3, 1e-9);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "version"), ==,
                   version_of (api, "qa_evaluation", json_object_get_string_member (data, "id")));
  g_clear_pointer (&root, json_node_unref);
  /* A replay records nothing new. */
  g_assert_cmpuint (fb_test_api_request (api, "POST", "/api/v1/qa-evaluations", "qa", "q5", good, &root), ==, 201);
  {
    g_autoptr(GPtrArray) one = fb_server_store_list (api->f->store, "qa_evaluation", NULL);
    g_assert_cmpuint (one->len, ==, 1);
  }
  fb_test_api_free (api);
}

static const char *
error_field (JsonNode *root)
{
  JsonObject *error = json_object_get_object_member (json_node_get_object (root), "error");

  return json_object_get_null_member (error, "field") ? NULL : json_object_get_string_member (error, "field");
}

/* Posts @body as @user with a fresh key and checks the refusal: status,
 * code and field. */
static void
refused (Api        *api,
         const char *path,
         const char *user,
         const char *body,
         guint       status,
         const char *code,
         const char *field)
{
  g_autofree char *key = fb_test_api_new_key (api);
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpuint (fb_test_api_request (api, "POST", path, user, key, body, &root), ==, status);
  g_assert_nonnull (root);
  g_assert_cmpstr (fb_test_api_error_code (root), ==, code);
  g_assert_cmpstr (error_field (root), ==, field);
  g_assert_nonnull (json_object_get_string_member (json_object_get_object_member (json_node_get_object (root), "error"),
                                                   "message"));
}

/* The change of @type/@id in GET /sync?since=@since as @user, or NULL. */
static JsonNode *
sync_change (Api        *api,
             const char *user,
             gint64      since,
             const char *type,
             const char *id)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/sync?since=%" G_GINT64_FORMAT "&limit=5000", since);
  g_autoptr(JsonNode) root = NULL;
  JsonArray *changes;

  g_assert_cmpuint (fb_test_api_request (api, "GET", path, user, NULL, NULL, &root), ==, 200);
  changes = json_object_get_array_member (json_node_get_object (root), "changes");
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *change = json_array_get_object_element (changes, i);

      if (g_str_equal (json_object_get_string_member (change, "type"), type) &&
          (id == NULL || g_str_equal (json_object_get_string_member (change, "id"), id)))
        return json_node_copy (json_array_get_element (changes, i));
    }
  return NULL;
}

static void
test_escalation_fields (void)
{
  Api *api = api_new ();
  const char *path = "/api/v1/escalations/e-1/actions";
  g_autofree char *before = NULL, *after = NULL;
  g_autofree char *v = NULL, *body = NULL, *long_note = NULL, *long_key = NULL;
  g_autoptr(JsonNode) root = NULL;
  GString *note = g_string_new (NULL);

  put_case (api, "e-1", "raised", "shift_leader");
  before = data_of (api, "e-1");
  v = g_strdup_printf ("%" G_GINT64_FORMAT, version_of (api, "escalation", "e-1"));

  /* Who is asking comes first. */
  g_hash_table_insert (api->tokens, g_strdup ("ghost"), g_strdup ("not-a-token"));
  refused (api, path, NULL, "{\"action\":\"take\",\"version\":1}", 401, "unauthorized", NULL);
  refused (api, path, "ghost", "{\"action\":\"take\",\"version\":1}", 401, "unauthorized", NULL);

  /* Malformed bodies and wrong field types: 400, the field named. */
  refused (api, path, "sup", "", 400, "malformed_json", NULL);
  refused (api, path, "sup", "[1,2]", 400, "malformed_json", NULL);
  refused (api, path, "sup", "{\"action\":\"take\",", 400, "malformed_json", NULL);
  refused (api, path, "sup", "{\"action\":\"\xff\xfe\"}", 400, "malformed_json", NULL);
  g_free (body), body = g_strdup_printf ("{\"version\":%s}", v);
  refused (api, path, "sup", body, 400, "invalid_field", "action");
  g_free (body), body = g_strdup_printf ("{\"action\":7,\"version\":%s}", v);
  refused (api, path, "sup", body, 400, "invalid_field", "action");
  refused (api, path, "sup", "{\"action\":\"take\"}", 400, "invalid_field", "version");
  refused (api, path, "sup", "{\"action\":\"take\",\"version\":null}", 400, "invalid_field", "version");
  refused (api, path, "sup", "{\"action\":\"take\",\"version\":1.5}", 400, "invalid_field", "version");
  g_free (body), body = g_strdup_printf ("{\"action\":\"callback_attempt\",\"outcome\":3,\"version\":%s}", v);
  refused (api, path, "sup", body, 400, "invalid_field", "outcome");
  g_free (body), body = g_strdup_printf ("{\"action\":\"take\",\"note\":[1],\"version\":%s}", v);
  refused (api, path, "sup", body, 400, "invalid_field", "note");
  for (guint i = 0; i < 2001; i++)
    g_string_append (note, "가");
  long_note = g_string_free (note, FALSE);
  g_free (body), body = g_strdup_printf ("{\"action\":\"take\",\"note\":\"%s\",\"version\":%s}", long_note, v);
  refused (api, path, "sup", body, 400, "invalid_field", "note");

  /* Keys: none, or one too long, is refused before anything. */
  g_free (body), body = g_strdup_printf ("{\"action\":\"take\",\"version\":%s}", v);
  g_assert_cmpuint (fb_test_api_request (api, "POST", path, "sup", NULL, body, &root), ==, 400);
  g_assert_cmpstr (fb_test_api_error_code (root), ==, "missing_idempotency_key");
  g_clear_pointer (&root, json_node_unref);
  long_key = g_strnfill (201, 'k');
  g_assert_cmpuint (fb_test_api_request (api, "POST", path, "sup", long_key, body, &root), ==, 400);
  g_assert_cmpstr (fb_test_api_error_code (root), ==, "missing_idempotency_key");
  g_clear_pointer (&root, json_node_unref);

  /* Unknown cases and routes, other methods. */
  refused (api, "/api/v1/escalations/nope/actions", "sup", body, 404, "not_found", NULL);
  refused (api, "/api/v1/escalations//actions", "sup", body, 404, "not_found", NULL);
  for (guint i = 0; i < 3; i++)
    {
      static const char * const methods[] = { "GET", "PUT", "DELETE" };

      g_assert_cmpuint (fb_test_api_request (api, methods[i], path, "sup", "k-m", body, &root), ==, 405);
      g_assert_cmpstr (fb_test_api_error_code (root), ==, "method_not_allowed");
      g_clear_pointer (&root, json_node_unref);
    }
  g_assert_cmpuint (fb_test_api_request (api, "GET", "/api/v1/qa-evaluations", "qa", NULL, NULL, &root), ==, 405);
  g_assert_cmpstr (fb_test_api_error_code (root), ==, "method_not_allowed");
  g_clear_pointer (&root, json_node_unref);

  /* None of it touched the case or the audit log. */
  after = data_of (api, "e-1");
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (fb_test_api_count_rows (api, "audit"), ==, 0);

  /* A deleted case is gone. */
  g_assert_cmpint (fb_server_store_remove (api->f->store, "escalation", "e-1", NULL), >, 0);
  refused (api, path, "sup", body, 404, "not_found", NULL);
  fb_test_api_free (api);
}

/* Each role against each level of the chain: 403 with the rule's code,
 * and role_not_allowed wins over a stale version. */
static void
test_escalation_roles (void)
{
  Api *api = api_new ();
  g_autoptr(JsonNode) root = NULL;

  add_user (api, "agent1", "agent");
  put_case (api, "e-1", "raised", "shift_leader");
  g_assert_cmpuint (act (api, "qa", "e-1", "take", NULL, "role_not_allowed"), ==, 403);
  g_assert_cmpuint (act (api, "agent1", "e-1", "take", NULL, "role_not_allowed"), ==, 403);
  g_assert_cmpuint (act (api, "qa", "e-1", "escalate", NULL, "role_not_allowed"), ==, 403);
  g_assert_cmpuint (fb_test_api_request (api, "POST", "/api/v1/escalations/e-1/actions", "qa", "stale-qa",
                                         "{\"action\":\"take\",\"version\":0}", &root), ==, 403);
  g_assert_cmpstr (fb_test_api_error_code (root), ==, "role_not_allowed");
  g_clear_pointer (&root, json_node_unref);

  /* A supervisor-level case: not for a shift leader. */
  put_case (api, "e-2", "raised", "supervisor");
  g_assert_cmpuint (act (api, "lead", "e-2", "take", NULL, "above_your_level"), ==, 403);
  g_assert_cmpuint (act (api, "lead", "e-2", "escalate", NULL, "above_your_level"), ==, 403);
  act (api, "mgr", "e-2", "take", NULL, NULL);
  put_case (api, "e-3", "raised", "supervisor");
  act (api, "sup", "e-3", "take", NULL, NULL);

  /* A director's case: only the director. */
  put_case (api, "e-4", "raised", "director");
  g_assert_cmpuint (act (api, "lead", "e-4", "take", NULL, "above_your_level"), ==, 403);
  g_assert_cmpuint (act (api, "sup", "e-4", "take", NULL, "above_your_level"), ==, 403);
  g_assert_cmpuint (act (api, "mgr", "e-4", "take", NULL, "above_your_level"), ==, 403);
  act (api, "dir", "e-4", "take", NULL, NULL);
  fb_test_api_free (api);
}

/* 409 carries the row exactly as /sync has it, so the app can refresh. */
static void
test_escalation_conflict (void)
{
  Api *api = api_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) synced = NULL;
  g_autofree char *stale = NULL;
  gint64 v0;
  JsonObject *current;

  put_case (api, "e-1", "raised", "shift_leader");
  v0 = version_of (api, "escalation", "e-1");
  act (api, "lead", "e-1", "take", NULL, NULL);

  stale = g_strdup_printf ("{\"action\":\"escalate\",\"version\":%" G_GINT64_FORMAT "}", v0);
  g_assert_cmpuint (fb_test_api_request (api, "POST", "/api/v1/escalations/e-1/actions", "sup", "late", stale, &root), ==, 409);
  g_assert_cmpstr (fb_test_api_error_code (root), ==, "stale_version");
  g_assert_cmpstr (error_field (root), ==, "version");
  current = json_object_get_object_member (json_node_get_object (root), "current");
  g_assert_nonnull (current);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (current, "data"), "owner"), ==, "u-lead");
  synced = sync_change (api, "sup", 0, "escalation", "e-1");
  g_assert_nonnull (synced);
  g_assert_true (json_node_equal (json_object_get_member (json_node_get_object (root), "current"), synced));
  g_assert_cmpuint (fb_test_api_count_rows (api, "audit"), ==, 1);
  /* A future version is as wrong as an old one. */
  g_clear_pointer (&root, json_node_unref);
  g_assert_cmpuint (fb_test_api_request (api, "POST", "/api/v1/escalations/e-1/actions", "sup", "early",
                                         "{\"action\":\"escalate\",\"version\":999999}", &root), ==, 409);
  fb_test_api_free (api);
}

/* The audit row of an action: who, what, the case before and after. */
static void
test_escalation_audit (void)
{
  Api *api = api_new ();
  g_autoptr(GPtrArray) audits = NULL;
  g_autoptr(JsonNode) stored = NULL;
  g_autoptr(JsonNode) row = NULL;
  g_autoptr(FbAudit) audit = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *data = NULL;

  put_case (api, "e-1", "raised", "shift_leader");
  act (api, "lead", "e-1", "take", NULL, NULL);
  audits = fb_server_store_list (api->f->store, "audit", NULL);
  g_assert_cmpuint (audits->len, ==, 1);
  row = json_from_string (((FbChange *) g_ptr_array_index (audits, 0))->data, NULL);
  audit = fb_entity_decode_string (&fb_audit_spec, ((FbChange *) g_ptr_array_index (audits, 0))->data, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (audit->actor, ==, "u-lead");
  g_assert_cmpstr (audit->action, ==, "escalation.take");
  g_assert_cmpstr (audit->target_type, ==, "escalation");
  g_assert_cmpstr (audit->target_id, ==, "e-1");
  g_assert_cmpint (ABS (audit->at - now), <, 60);
  object = json_node_get_object (row);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "before"), "status"), ==, "raised");
  g_assert_false (json_object_has_member (json_object_get_object_member (object, "before"), "owner"));
  data = data_of (api, "e-1");
  stored = json_from_string (data, NULL);
  g_assert_true (json_node_equal (json_object_get_member (object, "after"), stored));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "after"), "status"), ==, "in_progress");
  fb_test_api_free (api);
}

typedef struct
{
  SoupWebsocketConnection *conn;
  gint64                   changed;   /* highest "changed" cursor seen */
  gboolean                 failed;
} Live;

static void
live_message_cb (SoupWebsocketConnection *conn,
                 gint                     type,
                 GBytes                  *message,
                 Live                    *live)
{
  gsize len;
  const char *data = g_bytes_get_data (message, &len);
  g_autofree char *text = g_strndup (data, len);
  g_autoptr(JsonNode) root = json_from_string (text, NULL);
  JsonObject *object = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;

  if (object != NULL && g_strcmp0 (json_object_get_string_member_with_default (object, "kind", ""), "changed") == 0)
    live->changed = MAX (live->changed, json_object_get_int_member (object, "cursor"));
}

static void
live_connected_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Live *live = user_data;

  live->conn = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, NULL);
  if (live->conn == NULL)
    live->failed = TRUE;
  else
    g_signal_connect (live->conn, "message", G_CALLBACK (live_message_cb), live);
}

static gboolean
live_ready (gpointer data)
{
  Live *live = data;

  return live->conn != NULL || live->failed;
}

typedef struct
{
  Live   *live;
  gint64  cursor;
} LiveWait;

static gboolean
live_reached (gpointer data)
{
  LiveWait *wait = data;

  return wait->live->changed >= wait->cursor;
}

/* Writes reach /sync as any change does, and live dashboards are told. */
static void
test_writes_in_sync_and_live (void)
{
  Api *api = api_new ();
  g_autofree char *url = g_strconcat (api->f->url, "/api/v1/live", NULL);
  g_autofree char *auth = g_strdup_printf ("Bearer %s", (char *) g_hash_table_lookup (api->tokens, "sup"));
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) synced = NULL;
  g_autoptr(JsonNode) audit = NULL;
  g_autofree char *body = NULL;
  Live live = { NULL, 0, FALSE };
  LiveWait wait = { &live, 0 };
  gint64 cursor;
  static const char qa[] =
    "{\"agent_id\":\"agent-001\",\"call_ref\":\"CALL-7\","
    "\"scores\":{\"service_language\":90,\"attitude\":80,\"tone\":70,\"need_elicitation\":60,\"handling\":50}}";

  put_case (api, "e-1", "raised", "shift_leader");
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  soup_session_websocket_connect_async (api->session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL,
                                        live_connected_cb, &live);
  g_assert_true (fb_test_wait_until (live_ready, &live, 10000));
  g_assert_nonnull (live.conn);

  cursor = fb_server_store_get_cursor (api->f->store);
  body = g_strdup_printf ("{\"action\":\"take\",\"version\":%" G_GINT64_FORMAT "}", version_of (api, "escalation", "e-1"));
  g_assert_cmpuint (fb_test_api_request (api, "POST", "/api/v1/escalations/e-1/actions", "sup", "s1", body, &answer), ==, 200);
  synced = sync_change (api, "lead", cursor, "escalation", "e-1");
  g_assert_nonnull (synced);
  g_assert_true (json_node_equal (answer, synced));
  /* The audit entry reaches the director, and no other role. */
  g_assert_null (sync_change (api, "lead", cursor, "audit", NULL));
  g_assert_null (sync_change (api, "sup", cursor, "audit", NULL));
  g_assert_null (sync_change (api, "mgr", cursor, "audit", NULL));
  audit = sync_change (api, "dir", cursor, "audit", NULL);
  g_assert_nonnull (audit);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (audit), "data"),
                                                  "target_id"), ==, "e-1");
  wait.cursor = json_object_get_int_member (json_node_get_object (answer), "version");
  g_assert_true (fb_test_wait_until (live_reached, &wait, 10000));

  g_clear_pointer (&answer, json_node_unref);
  g_clear_pointer (&synced, json_node_unref);
  cursor = fb_server_store_get_cursor (api->f->store);
  g_assert_cmpuint (fb_test_api_request (api, "POST", "/api/v1/qa-evaluations", "qa", "s2", qa, &answer), ==, 201);
  synced = sync_change (api, "sup", cursor, "qa_evaluation",
                        json_object_get_string_member (json_node_get_object (answer), "id"));
  g_assert_nonnull (synced);
  g_assert_true (json_node_equal (answer, synced));
  g_assert_false (json_object_get_boolean_member (json_node_get_object (answer), "deleted"));
  wait.cursor = json_object_get_int_member (json_node_get_object (answer), "version");
  g_assert_true (fb_test_wait_until (live_reached, &wait, 10000));

  soup_websocket_connection_close (live.conn, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&live.conn);
  fb_test_api_free (api);
}

/* Keys belong to their user; a replay stays the first answer even after
 * the case moved on; a refusal is not kept (it had no effect). */
static void
test_idempotency_scope (void)
{
  Api *api = api_new ();
  g_autoptr(JsonNode) first = NULL, again = NULL, root = NULL;
  g_autofree char *b1 = NULL, *b2 = NULL, *t1 = NULL, *t2 = NULL, *data = NULL;
  gint64 moved;

  put_case (api, "e-1", "raised", "shift_leader");
  put_case (api, "e-2", "raised", "shift_leader");
  b1 = g_strdup_printf ("{\"action\":\"take\",\"version\":%" G_GINT64_FORMAT "}", version_of (api, "escalation", "e-1"));
  b2 = g_strdup_printf ("{\"action\":\"take\",\"version\":%" G_GINT64_FORMAT "}", version_of (api, "escalation", "e-2"));
  g_assert_cmpuint (fb_test_api_request (api, "POST", "/api/v1/escalations/e-1/actions", "sup", "shared", b1, &first), ==, 200);
  /* Another user's same key is another request. */
  g_assert_cmpuint (fb_test_api_request (api, "POST", "/api/v1/escalations/e-2/actions", "lead", "shared", b2, &root), ==, 200);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (root), "data"), "owner"),
                   ==, "u-lead");
  g_clear_pointer (&root, json_node_unref);
  /* Same key, other path: reused. */
  g_assert_cmpuint (fb_test_api_request (api, "POST", "/api/v1/escalations/e-2/actions", "sup", "shared", b1, &root), ==, 422);
  g_assert_cmpstr (fb_test_api_error_code (root), ==, "idempotency_key_reused");
  g_clear_pointer (&root, json_node_unref);
  /* And on the other route. */
  g_assert_cmpuint (fb_test_api_request (api, "POST", "/api/v1/qa-evaluations", "sup", "shared", b1, &root), ==, 422);
  g_assert_cmpstr (fb_test_api_error_code (root), ==, "idempotency_key_reused");
  g_clear_pointer (&root, json_node_unref);

  act (api, "sup", "e-1", "escalate", NULL, NULL);
  moved = version_of (api, "escalation", "e-1");
  data = data_of (api, "e-1");
  g_assert_cmpuint (fb_test_api_request (api, "POST", "/api/v1/escalations/e-1/actions", "sup", "shared", b1, &again), ==, 200);
  t1 = json_to_string (first, FALSE);
  t2 = json_to_string (again, FALSE);
  g_assert_cmpstr (t1, ==, t2);
  g_assert_cmpint (version_of (api, "escalation", "e-1"), ==, moved);
  {
    g_autofree char *now = data_of (api, "e-1");
    g_assert_cmpstr (now, ==, data);
  }

  /* A refusal changes nothing, so it is not kept: fixed, it goes through. */
  g_assert_cmpuint (fb_test_api_request (api, "POST", "/api/v1/escalations/e-1/actions", "sup", "retry",
                                         "{\"action\":\"take\"}", &root), ==, 400);
  g_clear_pointer (&root, json_node_unref);
  {
    g_autofree char *key = NULL, *hash = NULL, *body = NULL;
    guint status = 0;

    g_assert_false (fb_server_store_get_reply (api->f->store, "u-sup", "retry", &hash, &status, &body, NULL));
    g_assert_true (fb_server_store_get_reply (api->f->store, "u-sup", "shared", &hash, &status, &body, NULL));
    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpstr (body, ==, t1);
  }
  fb_test_api_free (api);
}

/* The answer is kept in the write's own transaction: rolled back
 * together, committed together. */
static void
test_reply_transaction (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL, *body = NULL;
  guint status = 0;

  g_assert_true (fb_server_store_begin (f->store, &error));
  g_assert_cmpint (fb_server_store_put (f->store, "audit", "a-1",
                                        "{\"id\":\"a-1\",\"at\":\"2026-01-01T00:00:00Z\",\"actor\":\"u\",\"action\":\"x\","
                                        "\"target_type\":\"t\",\"target_id\":\"i\"}", &error), >, 0);
  g_assert_true (fb_server_store_put_reply (f->store, "u-sup", "k", "POST", "/p", "h", 200, "{}", &error));
  fb_server_store_rollback (f->store);
  g_assert_false (fb_server_store_get_reply (f->store, "u-sup", "k", &hash, &status, &body, &error));
  g_assert_no_error (error);
  g_assert_null (fb_server_store_get (f->store, "audit", "a-1", NULL));

  g_assert_true (fb_server_store_begin (f->store, &error));
  g_assert_true (fb_server_store_put_reply (f->store, "u-sup", "k", "POST", "/p", "h", 201, "{\"a\":1}", &error));
  g_assert_true (fb_server_store_commit (f->store, &error));
  g_assert_true (fb_server_store_get_reply (f->store, "u-sup", "k", &hash, &status, &body, &error));
  g_assert_cmpstr (hash, ==, "h");
  g_assert_cmpuint (status, ==, 201);
  g_assert_cmpstr (body, ==, "{\"a\":1}");
  /* One answer per (user, key). */
  g_assert_true (fb_server_store_begin (f->store, &error));
  g_assert_false (fb_server_store_put_reply (f->store, "u-sup", "k", "POST", "/p", "h2", 200, "{}", &error));
  g_assert_nonnull (error);
  fb_server_store_rollback (f->store);
}

static char *
qa_body (const char *agent,
         const char *call_ref,
         const char *comment,
         const char *scores)
{
  return g_strdup_printf ("{\"agent_id\":%s,\"call_ref\":%s,%s%s%s\"scores\":%s}",
                          agent, call_ref, comment ? "\"comment\":" : "", comment ? comment : "",
                          comment ? "," : "", scores);
}

#define QA_SCORES(a, b, c, d, e) \
  "{\"service_language\":" a ",\"attitude\":" b ",\"tone\":" c ",\"need_elicitation\":" d ",\"handling\":" e "}"

static void
test_qa_refusals (void)
{
  Api *api = api_new ();
  const char *path = "/api/v1/qa-evaluations";
  static const char * const others[] = { "sup", "lead", "mgr", "dir", "agent1" };
  g_autofree char *good = qa_body ("\"agent-002\"", "\"C-1\"", "\"좋음\"", QA_SCORES ("90", "80", "70", "60", "50"));
  g_autofree char *long_ref = g_strnfill (65, 'c');
  g_autofree char *long_comment = g_strnfill (1001, 'c');
  g_autofree char *b = NULL, *q = NULL;
  g_autoptr(JsonNode) root = NULL;

  add_user (api, "agent1", "agent");
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    refused (api, path, others[i], good, 403, "role_not_allowed", NULL);

  refused (api, path, "qa", "{", 400, "malformed_json", NULL);
  refused (api, path, "qa", "\"text\"", 400, "malformed_json", NULL);
  g_free (b), b = qa_body ("null", "\"C\"", NULL, QA_SCORES ("1", "1", "1", "1", "1"));
  refused (api, path, "qa", b, 400, "invalid_field", "agent_id");
  g_free (b), b = qa_body ("\"agent-002\"", "\"\"", NULL, QA_SCORES ("1", "1", "1", "1", "1"));
  refused (api, path, "qa", b, 400, "invalid_field", "call_ref");
  q = g_strdup_printf ("\"%s\"", long_ref);
  g_free (b), b = qa_body ("\"agent-002\"", q, NULL, QA_SCORES ("1", "1", "1", "1", "1"));
  refused (api, path, "qa", b, 400, "invalid_field", "call_ref");
  g_free (q), q = g_strdup_printf ("\"%s\"", long_comment);
  g_free (b), b = qa_body ("\"agent-002\"", "\"C\"", q, QA_SCORES ("1", "1", "1", "1", "1"));
  refused (api, path, "qa", b, 400, "invalid_field", "comment");
  g_free (b), b = qa_body ("\"agent-002\"", "\"C\"", "5", QA_SCORES ("1", "1", "1", "1", "1"));
  refused (api, path, "qa", b, 400, "invalid_field", "comment");
  g_free (b), b = qa_body ("\"agent-002\"", "\"C\"", NULL, "[1,2,3,4,5]");
  refused (api, path, "qa", b, 400, "invalid_field", "scores");
  g_free (b), b = qa_body ("\"agent-002\"", "\"C\"", NULL,
                           "{\"service_language\":1,\"attitude\":1,\"tone\":1,\"need_elicitation\":1}");
  refused (api, path, "qa", b, 400, "invalid_field", "scores.handling");
  g_free (b), b = qa_body ("\"agent-002\"", "\"C\"", NULL, QA_SCORES ("1", "70.5", "1", "1", "1"));
  refused (api, path, "qa", b, 400, "invalid_field", "scores.attitude");
  g_free (b), b = qa_body ("\"agent-002\"", "\"C\"", NULL, QA_SCORES ("-1", "1", "1", "1", "1"));
  refused (api, path, "qa", b, 422, "score_out_of_range", "scores.service_language");
  g_free (b), b = qa_body ("\"agent-002\"", "\"C\"", NULL, QA_SCORES ("1", "1", "1", "1", "101"));
  refused (api, path, "qa", b, 422, "score_out_of_range", "scores.handling");
  g_free (b), b = qa_body ("\"nobody\"", "\"C\"", NULL, QA_SCORES ("1", "1", "1", "1", "1"));
  refused (api, path, "qa", b, 422, "unknown_agent", "agent_id");
  g_assert_cmpuint (fb_test_api_request (api, "POST", path, "qa", NULL, good, &root), ==, 400);
  g_assert_cmpstr (fb_test_api_error_code (root), ==, "missing_idempotency_key");

  /* Nothing was recorded, nothing audited. */
  g_assert_cmpuint (fb_test_api_count_rows (api, "qa_evaluation"), ==, 0);
  g_assert_cmpuint (fb_test_api_count_rows (api, "audit"), ==, 0);
  fb_test_api_free (api);
}

/* Posts a QA evaluation as "qa" and returns its data (201 checked). */
static JsonNode *
record_qa (Api        *api,
           const char *scores)
{
  g_autofree char *key = fb_test_api_new_key (api);
  g_autofree char *body = qa_body ("\"agent-003\"", "\"CALL-42\"", "\"어조 개선 필요\"", scores);
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpuint (fb_test_api_request (api, "POST", "/api/v1/qa-evaluations", "qa", key, body, &root), ==, 201);
  return json_node_copy (json_object_get_member (json_node_get_object (root), "data"));
}

static void
test_qa_totals (void)
{
  Api *api = api_new ();
  static const double three[] = { 1, 1, 1, 0, 0 };
  static const char * const criteria[] = { "service_language", "attitude", "tone", "need_elicitation", "handling" };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(JsonNode) plain = NULL, low = NULL, high = NULL, rounded = NULL;
  g_autoptr(FbQaEvaluation) evaluation = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) audits = NULL;
  JsonObject *data, *weights;
  double sum = 0;

  /* Default: the plain mean, each weight a fifth. */
  plain = record_qa (api, QA_SCORES ("90", "80", "70", "61", "50"));
  data = json_node_get_object (plain);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (data, "total"), 70.2, 1e-9);
  weights = json_object_get_object_member (data, "weights");
  for (guint i = 0; i < G_N_ELEMENTS (criteria); i++)
    {
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (weights, criteria[i]), 0.2, 1e-9);
      sum += json_object_get_double_member (weights, criteria[i]);
    }
  g_assert_cmpfloat_with_epsilon (sum, 1.0, 1e-9);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (data, "id"), "qa-"));
  g_assert_cmpstr (json_object_get_string_member (data, "inspector"), ==, "u-qa");
  g_assert_cmpstr (json_object_get_string_member (data, "agent_id"), ==, "agent-003");
  g_assert_cmpstr (json_object_get_string_member (data, "call_ref"), ==, "CALL-42");
  g_assert_cmpstr (json_object_get_string_member (data, "comment"), ==, "어조 개선 필요");
  {
    g_autofree char *text = json_to_string (plain, FALSE);

    evaluation = fb_entity_decode_string (&fb_qa_evaluation_spec, text, -1, &error);
  }
  g_assert_no_error (error);
  g_assert_cmpint (ABS (evaluation->evaluated_at - now), <, 60);

  /* The bounds are scores too. */
  low = record_qa (api, QA_SCORES ("0", "0", "0", "0", "0"));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_node_get_object (low), "total"), 0, 1e-9);
  high = record_qa (api, QA_SCORES ("100", "100", "100", "100", "100"));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_node_get_object (high), "total"), 100, 1e-9);

  /* Weights 1:1:1:0:0 — (100 + 100 + 99) / 3 = 99.67, kept to one decimal. */
  g_assert_true (fb_server_set_qa_weights (api->f->server, three, G_N_ELEMENTS (three)));
  rounded = record_qa (api, QA_SCORES ("100", "100", "99", "0", "0"));
  data = json_node_get_object (rounded);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (data, "total"), 99.7, 1e-9);
  weights = json_object_get_object_member (data, "weights");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (weights, "handling"), 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (weights, "tone"), 0.333, 1e-9);

  /* Bad weights change nothing. */
  {
    static const double negative[] = { 1, -1, 1, 1, 1 };
    static const double zero[] = { 0, 0, 0, 0, 0 };
    static const double nan_[] = { NAN, 1, 1, 1, 1 };
    g_autoptr(JsonNode) same = NULL;

    g_assert_false (fb_server_set_qa_weights (api->f->server, negative, 5));
    g_assert_false (fb_server_set_qa_weights (api->f->server, zero, 5));
    g_assert_false (fb_server_set_qa_weights (api->f->server, nan_, 5));
    same = record_qa (api, QA_SCORES ("100", "100", "99", "0", "0"));
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_node_get_object (same), "total"), 99.7, 1e-9);
  }

  /* Each one audited with the row it made. */
  audits = fb_server_store_list (api->f->store, "audit", NULL);
  g_assert_cmpuint (audits->len, ==, 5);
  {
    gboolean found = FALSE;

    for (guint i = 0; i < audits->len; i++)
      {
        g_autoptr(JsonNode) a = json_from_string (((FbChange *) g_ptr_array_index (audits, i))->data, NULL);
        JsonObject *o = json_node_get_object (a);

        g_assert_cmpstr (json_object_get_string_member (o, "action"), ==, "qa_evaluation.record");
        g_assert_cmpstr (json_object_get_string_member (o, "actor"), ==, "u-qa");
        g_assert_true (!json_object_has_member (o, "before") || json_object_get_null_member (o, "before"));
        if (g_str_equal (json_object_get_string_member (o, "target_id"),
                         json_object_get_string_member (json_node_get_object (plain), "id")))
          found = json_node_equal (json_object_get_member (o, "after"), plain);
      }
    g_assert_true (found);
  }
  fb_test_api_free (api);
}

typedef struct
{
  char     *out;
  char     *err;
  gboolean  done;
} Exited;

static void
communicated_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Exited *exited = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &exited->out, &exited->err, NULL);
  exited->done = TRUE;
}

static gboolean
exited_done (gpointer data)
{
  return ((Exited *) data)->done;
}

/* The program's --qa-weights: refused with a clear message and exit
 * status 2 when wrong, used for the totals when right. */
static void
test_qa_weights_option (void)
{
  const char *program = g_getenv ("FLOORBOARD_SERVER");
  g_autofree char *dir = g_dir_make_tmp ("fb-qaw-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "server.db", NULL);
  static const char * const bad[] = {
    "service_language=30,attitude=20,tone=15,need_elicitation=15",
    "service_language=30,attitude=20,tone=15,need_elicitation=15,handling=20,speed=5",
    "service_language=30,attitude=20,tone=15,need_elicitation=15,handling=-20",
    "service_language=0,attitude=0,tone=0,need_elicitation=0,handling=0",
    "service_language=30,attitude=20,tone=15,tone=15,handling=20",
    "service_language=30,attitude=20,tone=x,need_elicitation=15,handling=20",
    "service_language=30,attitude=20,tone=15,need_elicitation=15,handling=nan",
    "",
  };

  g_assert_nonnull (program);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *option = g_strconcat ("--qa-weights=", bad[i], NULL);
      g_autoptr(GSubprocess) proc = NULL;
      g_autofree char *out = NULL, *err = NULL;
      g_autoptr(GError) error = NULL;

      Exited exited = { 0 };

      proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                               program, "--db", db, "--listen", "127.0.0.1:0", option, NULL);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8_async (proc, NULL, NULL, communicated_cb, &exited);
      /* A server that took the weights runs on: stop it and fail. */
      if (!fb_test_wait_until (exited_done, &exited, 10000))
        {
          g_subprocess_force_exit (proc);
          g_assert_true (fb_test_wait_until (exited_done, &exited, 10000));
          g_error ("--qa-weights=%s was taken", bad[i]);
        }
      out = g_steal_pointer (&exited.out);
      err = g_steal_pointer (&exited.err);
      g_assert_true (g_subprocess_get_if_exited (proc));
      g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 2);
      g_assert_nonnull (strstr (err, "--qa-weights"));
      g_assert_cmpstr (out, ==, "");
    }
  /* Refused before the database was made. */
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GSubprocess) proc = NULL;
    g_autoptr(GDataInputStream) out = NULL;
    g_autofree char *line = NULL;
    Api api = { 0 };
    FbTestFixture fake = { 0 };
    g_autoptr(JsonNode) root = NULL;

    proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, program, "--db", db,
                             "--listen", "127.0.0.1:0", "--demo",
                             "--qa-weights", "service_language=30, attitude=20,tone=15,need_elicitation=15,handling=20",
                             NULL);
    g_assert_no_error (error);
    out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
    line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (g_str_has_prefix (line, "listening on http://127.0.0.1:"));
    fake.url = line + strlen ("listening on ");
    api.f = &fake;
    api.session = soup_session_new ();
    api.tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    g_assert_cmpuint (fb_test_api_request (&api, "POST", "/api/v1/session", NULL, NULL,
                                           "{\"username\":\"inspector\",\"password\":\"demo\"}", &root), ==, 200);
    g_hash_table_insert (api.tokens, g_strdup ("inspector"),
                         g_strdup (json_object_get_string_member (json_node_get_object (root), "token")));
    g_clear_pointer (&root, json_node_unref);
    g_assert_cmpuint (fb_test_api_request (&api, "POST", "/api/v1/qa-evaluations", "inspector", "w1",
                                           "{\"agent_id\":\"agent-001\",\"call_ref\":\"C\",\"scores\":" QA_SCORES ("90", "80", "70", "60", "50") "}",
                                           &root), ==, 201);
    g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_object_get_object_member (json_node_get_object (root), "data"),
                                                                   "total"), 72.5, 1e-9);
    g_hash_table_unref (api.tokens);
    g_object_unref (api.session);
    g_subprocess_send_signal (proc, SIGTERM);
    g_assert_true (g_subprocess_wait (proc, NULL, NULL));
  }
  fb_paths_remove_dir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/api-writes/escalation-errors", test_escalation_errors);
  g_test_add_func ("/api-writes/escalation-lifecycle", test_escalation_lifecycle);
  g_test_add_func ("/api-writes/qa-evaluation", test_qa_evaluation);
  g_test_add_func ("/api-writes/escalation-fields", test_escalation_fields);
  g_test_add_func ("/api-writes/escalation-roles", test_escalation_roles);
  g_test_add_func ("/api-writes/escalation-conflict", test_escalation_conflict);
  g_test_add_func ("/api-writes/escalation-audit", test_escalation_audit);
  g_test_add_func ("/api-writes/sync-and-live", test_writes_in_sync_and_live);
  g_test_add_func ("/api-writes/idempotency-scope", test_idempotency_scope);
  g_test_add_func ("/api-writes/reply-transaction", test_reply_transaction);
  g_test_add_func ("/api-writes/qa-refusals", test_qa_refusals);
  g_test_add_func ("/api-writes/qa-totals", test_qa_totals);
  g_test_add_func ("/api-writes/qa-weights-option", test_qa_weights_option);
  return g_test_run ();
}
