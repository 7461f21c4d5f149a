/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-test-fixture.h: a real floorboard-server (in process) on 127.0.0.1
 * with a small known center, and temporary files, for tests. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "fb-types.h"

G_BEGIN_DECLS

typedef struct
{
  char          *dir;         /* temporary, removed by fb_test_fixture_free */
  char          *server_db;
  char          *cache_path;
  FbServerStore *store;
  FbServer      *server;
  char          *url;
  guint          port;
} FbTestFixture;

/* Password of every fixture user. */
#define FB_TEST_PASSWORD "s3cret-pass"

/* A fresh store with @n_queues queues, @n_agents agents, users "sup"
 * (supervisor) and "agent1" (agent of agent-001), listening on 127.0.0.1:0. */
FbTestFixture *fb_test_fixture_new         (guint          n_queues,
                                            guint          n_agents);
void           fb_test_fixture_free        (FbTestFixture *fixture);
/* Stops the server (clients see connection refused) / starts it again on
 * the same port and database. */
void           fb_test_fixture_stop_server (FbTestFixture *fixture);
void           fb_test_fixture_start_server (FbTestFixture *fixture);
/* Writes @json (checked and normalized as @type) as a row of the server. */
void           fb_test_put                 (FbServerStore *store,
                                            const char    *type,
                                            const char    *id,
                                            const char    *json);
/* Adds user @id of @role (in team @team_id unless NULL) to the server,
 * signing in as @username with FB_TEST_PASSWORD. */
void           fb_test_put_user            (FbTestFixture *fixture,
                                            const char    *id,
                                            const char    *username,
                                            const char    *name,
                                            const char    *role,
                                            const char    *team_id);
/* A queue row as the fixture writes it, with @waiting callers. */
JsonNode      *fb_test_queue_json          (guint          index,
                                            gint64         waiting);
/* Runs the default main context until @done returns TRUE or @timeout_ms
 * passes; returns whether @done became TRUE. */
gboolean       fb_test_wait_until          (gboolean     (*done) (gpointer),
                                            gpointer       data,
                                            guint          timeout_ms);
/* Runs the default main context for @ms milliseconds. */
void           fb_test_run_for             (guint          ms);
/* Sends @method @path (with a bearer @token and a JSON @body when set, and
 * an Idempotency-Key for writes) to @fixture's server on a connection of
 * its own, and waits for the answer. Returns the status (0 when no answer
 * came); *answer the body and *retry_after that header, when asked for. */
guint          fb_test_request             (FbTestFixture *fixture,
                                            const char    *method,
                                            const char    *path,
                                            const char    *token,
                                            const char    *body,
                                            char         **answer,
                                            char         **retry_after);
/* Sends @method @path to @fixture's server on @session, with a bearer
 * @token, an Idempotency-Key @key and a JSON @body where they are set, and
 * waits for the answer. Returns the status (0 when no answer came);
 * *answer the body (NULL when none came) and *retry_after that header,
 * when asked for. */
guint          fb_test_send                (FbTestFixture *fixture,
                                            SoupSession   *session,
                                            const char    *method,
                                            const char    *path,
                                            const char    *token,
                                            const char    *key,
                                            const char    *body,
                                            char         **answer,
                                            char         **retry_after);
/* Makes @server (a stand-in for floorboard-server) listen on 127.0.0.1
 * at a free port; its URL. */
char          *fb_test_listen_local        (SoupServer    *server);
/* Signs @username in with FB_TEST_PASSWORD through POST /api/v1/session
 * (which must answer 200): the session's token. */
char          *fb_test_token               (FbTestFixture *fixture,
                                            const char    *username);
/* Row @type/@id of the app cache at @cache_path, which must hold it, read
 * on a connection of its own. */
FbChange      *fb_test_cache_row           (const char    *cache_path,
                                            const char    *type,
                                            const char    *id);
/* Every live row of @store as "type/id/version/data" lines, sorted. */
char          *fb_test_dump_cache          (FbStore       *store);
char          *fb_test_dump_server         (FbServerStore *store);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbTestFixture, fb_test_fixture_free)

G_END_DECLS
