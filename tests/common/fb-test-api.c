/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-test-api.c: a client of the real server's HTTP API, for tests. */
#define G_LOG_DOMAIN "floorboard-test"

#include "fb-auth.h"
#include "fb-server-store.h"
#include "fb-test-api.h"

FbTestApi *
fb_test_api_new (guint n_queues,
                 guint n_agents)
{
  FbTestApi *api = g_new0 (FbTestApi, 1);
  g_autoptr(GError) error = NULL;

  api->f = fb_test_fixture_new (n_queues, n_agents);
  api->session = soup_session_new ();
  api->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  api->hash = fb_auth_hash_password (FB_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  return api;
}

void
fb_test_api_free (FbTestApi *api)
{
  g_hash_table_unref (api->tokens);
  g_object_unref (api->session);
  fb_test_fixture_free (api->f);
  g_free (api->hash);
  g_free (api);
}

guint
fb_test_api_request_text (FbTestApi   *api,
                          const char  *method,
                          const char  *path,
                          const char  *user,
                          const char  *key,
                          const char  *body,
                          char       **text_out)
{
  const char *token = user != NULL ? g_hash_table_lookup (api->tokens, user) : NULL;
  guint status;

  g_assert_true (user == NULL || token != NULL);
  status = fb_test_send (api->f, api->session, method, path, token, key, body, text_out, NULL);
  g_assert_nonnull (*text_out);
  return status;
}

guint
fb_test_api_request (FbTestApi   *api,
                     const char  *method,
                     const char  *path,
                     const char  *user,
                     const char  *key,
                     const char  *body,
                     JsonNode   **root_out)
{
  g_autofree char *text = NULL;
  guint status = fb_test_api_request_text (api, method, path, user, key, body, &text);

  if (root_out != NULL)
    *root_out = json_from_string (text, NULL);
  return status;
}

char *
fb_test_api_new_key (FbTestApi *api)
{
  return g_strdup_printf ("key-%u", ++api->keys);
}

void
fb_test_api_sign_in (FbTestApi  *api,
                     const char *username)
{
  g_autofree char *body = g_strdup_printf ("{\"username\":\"%s\",\"password\":\"%s\"}", username, FB_TEST_PASSWORD);
  g_autoptr(JsonNode) root = NULL;

  g_assert_cmpuint (fb_test_api_request (api, "POST", "/api/v1/session", NULL, NULL, body, &root), ==, 200);
  g_hash_table_insert (api->tokens, g_strdup (username),
                       g_strdup (json_object_get_string_member (json_node_get_object (root), "token")));
}

void
fb_test_api_add_user (FbTestApi  *api,
                      const char *username,
                      const char *role,
                      const char *extra)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strconcat ("u-", username, NULL);
  g_autofree char *json = g_strdup_printf ("{\"id\":\"%s\",\"username\":\"%s\",\"name\":\"%s\",\"role\":\"%s\"%s}",
                                           id, username, username, role, extra);

  fb_test_put (api->f->store, "user", id, json);
  g_assert_true (fb_server_store_add_credentials (api->f->store, username, id, api->hash, &error));
  g_assert_no_error (error);
  fb_test_api_sign_in (api, username);
}

const char *
fb_test_api_error_code (JsonNode *root)
{
  return json_object_get_string_member (json_object_get_object_member (json_node_get_object (root), "error"), "code");
}

guint
fb_test_api_count_rows (FbTestApi  *api,
                        const char *type)
{
  g_autoptr(GPtrArray) rows = fb_server_store_list (api->f->store, type, NULL);

  g_assert_nonnull (rows);
  return rows->len;
}
