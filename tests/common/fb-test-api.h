/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-test-api.h: a client of the real server's HTTP API for the tests that
 * check the API itself: users signed in by name, requests sent as them. */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "fb-test-fixture.h"

G_BEGIN_DECLS

typedef struct
{
  FbTestFixture *f;
  SoupSession   *session;
  GHashTable    *tokens;   /* username -> token */
  char          *hash;     /* FB_TEST_PASSWORD's hash, for the users added */
  guint          keys;
} FbTestApi;

/* A fixture of @n_queues and @n_agents (fb_test_fixture_new()) and a
 * client of its server, nobody signed in yet. */
FbTestApi *fb_test_api_new          (guint        n_queues,
                                     guint        n_agents);
void       fb_test_api_free         (FbTestApi   *api);
/* Signs @username in with FB_TEST_PASSWORD and keeps the token. */
void       fb_test_api_sign_in      (FbTestApi   *api,
                                     const char  *username);
/* Adds user "u-@username" of @role (@extra, ",\"member\":…" or "", adds
 * to its JSON) to the server, and signs them in. */
void       fb_test_api_add_user     (FbTestApi   *api,
                                     const char  *username,
                                     const char  *role,
                                     const char  *extra);
/* A fresh Idempotency-Key. */
char      *fb_test_api_new_key      (FbTestApi   *api);
/* Sends a request as @user (signed in here; NULL: nobody) with @key and
 * @body where set; returns the status, *text_out the answer as sent. */
guint      fb_test_api_request_text (FbTestApi   *api,
                                     const char  *method,
                                     const char  *path,
                                     const char  *user,
                                     const char  *key,
                                     const char  *body,
                                     char       **text_out);
/* As fb_test_api_request_text(); *root_out (when asked for) the answer
 * as JSON. */
guint      fb_test_api_request      (FbTestApi   *api,
                                     const char  *method,
                                     const char  *path,
                                     const char  *user,
                                     const char  *key,
                                     const char  *body,
                                     JsonNode   **root_out);

/* The "code" of an error answer's "error". */
const char *fb_test_api_error_code  (JsonNode    *root);
/* How many live rows of @type the server holds. */
guint      fb_test_api_count_rows   (FbTestApi   *api,
                                     const char  *type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbTestApi, fb_test_api_free)

G_END_DECLS
