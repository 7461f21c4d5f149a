/* test-api-writes.c: escalation actions and QA evaluations over HTTP on
 * 127.0.0.1, against the real server: every rule, role and error code. */
#include <libsoup/soup.h>
#include <string.h>

#include "fb-auth.h"
#include "fb-entity.h"
#include "fb-escalation-rules.h"
#include "fb-server.h"
#include "fb-server-store.h"
#include "fb-store.h"
#include "fb-test-fixture.h"

typedef struct
{
  FbTestFixture *f;
  SoupSession   *session;
  GHashTable    *tokens;   /* username -> token */
  guint          keys;
} Api;

typedef struct
{
  GBytes   *body;
  gboolean  done;
} Reply;

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Reply *reply = user_data;

  reply->body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, NULL);
  reply->done = TRUE;
}

static gboolean
reply_done (gpointer data)
{
  return ((Reply *) data)->done;
}

/* Sends a request and returns the status; *root_out gets the JSON answer. */
static guint
request (Api         *api,
         const char  *method,
         const char  *path,
         const char  *user,
         const char  *key,
         const char  *body,
         JsonNode   **root_out)
{
  g_autofree char *url = g_strconcat (api->f->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  Reply reply = { 0 };

  if (user != NULL)
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", (char *) g_hash_table_lookup (api->tokens, user));
      soup_message_headers_replace (headers, "Authorization", auth);
    }
  if (key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", key);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  soup_session_send_and_read_async (api->session, msg, G_PRIORITY_DEFAULT, NULL, sent_cb, &reply);
  g_assert_true (fb_test_wait_until (reply_done, &reply, 20000));
  g_assert_nonnull (reply.body);
  if (root_out != NULL)
    {
      gsize len;
      const char *text = g_bytes_get_data (reply.body, &len);
      *root_out = json_from_string (g_strndup (text, len), NULL);
    }
  g_bytes_unref (reply.body);
  return soup_message_get_status (msg);
}

static void
add_user (Api        *api,
          const char *username,
          const char *role)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = fb_auth_hash_password (FB_TEST_PASSWORD, &error);
  g_autofree char *id = g_strconcat ("u-", username, NULL);
  g_autofree char *json = g_strdup_printf ("{\"id\":\"%s\",\"username\":\"%s\",\"name\":\"%s\",\"role\":\"%s\"}",
                                           id, username, username, role);
  g_autofree char *body = g_strdup_printf ("{\"username\":\"%s\",\"password\":\"%s\"}", username, FB_TEST_PASSWORD);
  g_autoptr(JsonNode) root = NULL;

  if (!g_str_equal (username, "sup"))
    {
      fb_test_put (api->f->store, "user", id, json);
      g_assert_true (fb_server_store_add_credentials (api->f->store, username, id, hash, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (request (api, "POST", "/api/v1/session", NULL, NULL, body, &root), ==, 200);
  g_hash_table_insert (api->tokens, g_strdup (username),
                       g_strdup (json_object_get_string_member (json_node_get_object (root), "token")));
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

static const char *
error_code (JsonNode *root)
{
  return json_object_get_string_member (json_object_get_object_member (json_node_get_object (root), "error"), "code");
}

/* Acts on @id as @user with a fresh key; returns the status and, when
 * @code is not NULL, checks the error code. */
static guint
act (Api        *api,
     const char *user,
     const char *id,
     const char *action,
     const char *outcome,
     const char *code)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/escalations/%s/actions", id);
  g_autofree char *key = g_strdup_printf ("key-%u", ++api->keys);
  g_autofree char *body = g_strdup_printf ("{\"action\":\"%s\",%s%s%s\"note\":\"메모\",\"version\":%" G_GINT64_FORMAT "}",
                                           action, outcome ? "\"outcome\":\"" : "", outcome ? outcome : "",
                                           outcome ? "\"," : "", version_of (api, "escalation", id));
  g_autoptr(JsonNode) root = NULL;
  guint status = request (api, "POST", path, user, key, body, &root);

  g_assert_nonnull (root);
  if (code != NULL)
    g_assert_cmpstr (error_code (root), ==, code);
  else
    g_assert_cmpuint (status, ==, 200);
  return status;
}

static Api *
api_new (void)
{
  Api *api = g_new0 (Api, 1);

  api->f = fb_test_fixture_new (1, 3);
  api->session = soup_session_new ();
  api->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  add_user (api, "sup", "supervisor");
  add_user (api, "lead", "shift_leader");
  add_user (api, "qa", "qa_inspector");
  add_user (api, "dir", "director");
  add_user (api, "mgr", "manager");
  return api;
}

static void
api_free (Api *api)
{
  g_hash_table_unref (api->tokens);
  g_object_unref (api->session);
  fb_test_fixture_free (api->f);
  g_free (api);
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

  g_assert_cmpuint (request (api, "POST", "/api/v1/escalations/e-1/actions", NULL, "k", "{}", NULL), ==, 401);
  status = request (api, "POST", "/api/v1/escalations/e-1/actions", "sup", NULL,
                    "{\"action\":\"take\",\"version\":1}", &root);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (error_code (root), ==, "missing_idempotency_key");
  g_clear_pointer (&root, json_node_unref);
  g_assert_cmpuint (request (api, "POST", "/api/v1/escalations/e-1/actions", "sup", "k1", "{\"action\":", &root), ==, 400);
  g_assert_cmpstr (error_code (root), ==, "malformed_json");
  g_clear_pointer (&root, json_node_unref);
  g_assert_cmpuint (request (api, "POST", "/api/v1/escalations/e-1/actions", "sup", "k2",
                             "{\"action\":\"fly\",\"version\":1}", &root), ==, 400);
  g_assert_cmpstr (error_code (root), ==, "invalid_field");
  g_clear_pointer (&root, json_node_unref);
  g_assert_cmpuint (request (api, "POST", "/api/v1/escalations/e-1/actions", "sup", "k3",
                             "{\"action\":\"take\",\"version\":\"1\"}", &root), ==, 400);
  g_clear_pointer (&root, json_node_unref);
  g_assert_cmpuint (request (api, "POST", "/api/v1/escalations/nope/actions", "sup", "k4",
                             "{\"action\":\"take\",\"version\":1}", &root), ==, 404);
  g_clear_pointer (&root, json_node_unref);
  g_assert_cmpuint (request (api, "GET", "/api/v1/escalations/e-1/actions", "sup", NULL, NULL, NULL), ==, 405);

  /* Stale: 409 with the case as it is now. */
  g_assert_cmpuint (request (api, "POST", "/api/v1/escalations/e-1/actions", "sup", "k5",
                             "{\"action\":\"take\",\"version\":1}", &root), ==, 409);
  g_assert_cmpstr (error_code (root), ==, "stale_version");
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
  api_free (api);
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
  g_assert_cmpuint (request (api, "POST", "/api/v1/escalations/e-1/actions", "sup", "once", body, &first), ==, 200);
  v1 = version_of (api, "escalation", "e-1");
  g_assert_cmpint (v1, >, v0);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (first), "version"), ==, v1);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (first), "type"), ==, "escalation");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (first), "data"), "status"),
                   ==, "in_progress");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (first), "data"), "owner"),
                   ==, "u-sup");
  g_assert_cmpuint (request (api, "POST", "/api/v1/escalations/e-1/actions", "sup", "once", body, &second), ==, 200);
  first_text = json_to_string (first, FALSE);
  second_text = json_to_string (second, FALSE);
  g_assert_cmpstr (first_text, ==, second_text);
  g_assert_cmpint (version_of (api, "escalation", "e-1"), ==, v1);
  data = data_of (api, "e-1");
  g_assert_cmpuint (count (data, "\"action\":\"started\""), ==, 1);
  /* The same key for another request is refused. */
  g_assert_cmpuint (request (api, "POST", "/api/v1/escalations/e-1/actions", "sup", "once",
                             "{\"action\":\"escalate\",\"version\":1}", &root), ==, 422);
  g_assert_cmpstr (error_code (root), ==, "idempotency_key_reused");

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
  api_free (api);
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

  g_assert_cmpuint (request (api, "POST", "/api/v1/qa-evaluations", "sup", "q1", good, &root), ==, 403);
  g_assert_cmpstr (error_code (root), ==, "role_not_allowed");
  g_clear_pointer (&root, json_node_unref);
  g_assert_cmpuint (request (api, "POST", "/api/v1/qa-evaluations", "qa", "q2",
                             "{\"agent_id\":\"agent-002\",\"call_ref\":\"C\",\"scores\":{\"service_language\":90,"
                             "\"attitude\":80,\"tone\":101,\"need_elicitation\":60,\"handling\":50}}", &root), ==, 422);
  g_assert_cmpstr (error_code (root), ==, "score_out_of_range");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (root), "error"), "field"),
                   ==, "scores.tone");
  g_clear_pointer (&root, json_node_unref);
  g_assert_cmpuint (request (api, "POST", "/api/v1/qa-evaluations", "qa", "q3",
                             "{\"agent_id\":\"agent-002\",\"call_ref\":\"C\",\"scores\":{\"service_language\":\"90\","
                             "\"attitude\":80,\"tone\":1,\"need_elicitation\":60,\"handling\":50}}", &root), ==, 400);
  g_clear_pointer (&root, json_node_unref);
  g_assert_cmpuint (request (api, "POST", "/api/v1/qa-evaluations", "qa", "q4",
                             "{\"agent_id\":\"agent-999\",\"call_ref\":\"C\",\"scores\":{\"service_language\":1,"
                             "\"attitude\":1,\"tone\":1,\"need_elicitation\":1,\"handling\":1}}", &root), ==, 422);
  g_assert_cmpstr (error_code (root), ==, "unknown_agent");
  g_clear_pointer (&root, json_node_unref);
  {
    g_autoptr(GPtrArray) none = fb_server_store_list (api->f->store, "qa_evaluation", NULL);
    g_assert_cmpuint (none->len, ==, 0);
  }

  /* Recorded: the total is the mean weighted 30/20/15/15/20. */
  g_assert_cmpuint (request (api, "POST", "/api/v1/qa-evaluations", "qa", "q5", good, &root), ==, 201);
  data = json_object_get_object_member (json_node_get_object (root), "data");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (data, "total"), 72.5, 1e-9);
  g_assert_cmpstr (json_object_get_string_member (data, "inspector"), ==, "u-qa");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_object_get_object_member (data, "weights"), "service_language"),
                                  0.3, 1e-9);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "version"), ==,
                   version_of (api, "qa_evaluation", json_object_get_string_member (data, "id")));
  g_clear_pointer (&root, json_node_unref);
  /* A replay records nothing new. */
  g_assert_cmpuint (request (api, "POST", "/api/v1/qa-evaluations", "qa", "q5", good, &root), ==, 201);
  {
    g_autoptr(GPtrArray) one = fb_server_store_list (api->f->store, "qa_evaluation", NULL);
    g_assert_cmpuint (one->len, ==, 1);
  }
  api_free (api);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/api-writes/escalation-errors", test_escalation_errors);
  g_test_add_func ("/api-writes/escalation-lifecycle", test_escalation_lifecycle);
  g_test_add_func ("/api-writes/qa-evaluation", test_qa_evaluation);
  return g_test_run ();
}
