/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-test-sync.h: signing a real FbSyncEngine in and starting a real
 * FbLocalServer, for the tests that link the sync library besides the
 * fixture.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include "fb-local-server.h"
#include "fb-sync-engine.h"
#include "fb-test-fixture.h"

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} FbTestLogin;

static inline void
fb_test_login_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  FbTestLogin *login = user_data;

  login->ok = fb_sync_engine_login_finish (FB_SYNC_ENGINE (object), result, &login->error);
  login->done = TRUE;
}

static inline gboolean
fb_test_login_done (gpointer data)
{
  return ((FbTestLogin *) data)->done;
}

/* Signs @engine in at @url and waits (20 s at most) for the answer.
 * Returns whether the engine took the sign-in; else @error says why. */
static inline gboolean
fb_test_login (FbSyncEngine  *engine,
               const char    *url,
               const char    *username,
               const char    *password,
               GError       **error)
{
  FbTestLogin login = { 0 };

  fb_sync_engine_login_async (engine, url, username, password, NULL, fb_test_login_cb, &login);
  g_assert_true (fb_test_wait_until (fb_test_login_done, &login, 20000));
  if (login.error != NULL)
    g_propagate_error (error, login.error);
  return login.ok;
}

/* For fb_local_server_start_async(): the server's URL into the char *
 * at @user_data, which fb_test_url_known() waits for. */
static inline void
fb_test_local_server_started_cb (GObject      *object,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
  char **url = user_data;
  g_autoptr(GError) error = NULL;

  *url = fb_local_server_start_finish (FB_LOCAL_SERVER (object), result, &error);
  g_assert_no_error (error);
}

static inline gboolean
fb_test_url_known (gpointer data)
{
  return *(char **) data != NULL;
}

/* An engine whose writes a test follows: the outcome of the last sign-in
 * or submit (through fb_test_writes_async_cb), the refusals (counted by
 * the test's own handler) and the keys it reported, when it keeps them. */
typedef struct
{
  FbSyncEngine *engine;
  gboolean      done;
  GError       *error;
  guint         refused;
  char         *refused_code;
  char         *refused_id;
  GString      *keys;
} FbTestWrites;

static inline void
fb_test_writes_clear (FbTestWrites *writes)
{
  g_clear_error (&writes->error);
  if (writes->keys)
    g_string_free (writes->keys, TRUE);
  g_free (writes->refused_code);
  g_free (writes->refused_id);
  g_clear_object (&writes->engine);
  memset (writes, 0, sizeof *writes);
}

static inline void
fb_test_writes_async_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  FbTestWrites *writes = user_data;

  if (g_task_get_source_tag (G_TASK (result)) == fb_sync_engine_submit_async)
    fb_sync_engine_submit_finish (FB_SYNC_ENGINE (object), result, &writes->error);
  else
    fb_sync_engine_login_finish (FB_SYNC_ENGINE (object), result, &writes->error);
  writes->done = TRUE;
}

static inline gboolean
fb_test_writes_done (gpointer data)
{
  return ((FbTestWrites *) data)->done;
}

static inline gboolean
fb_test_writes_nothing_pending (gpointer data)
{
  return fb_sync_engine_get_pending_writes (((FbTestWrites *) data)->engine) == 0;
}

static inline gboolean
fb_test_writes_were_refused (gpointer data)
{
  return ((FbTestWrites *) data)->refused > 0;
}

/* A new engine on @cache_path for @writes, retrying at once and polling
 * seldom (a test syncs when it means to), its refusals to the test's
 * @refused_cb, called with @writes. */
static inline void
fb_test_writes_start (FbTestWrites *writes,
                      const char   *cache_path,
                      GCallback     refused_cb)
{
  g_autoptr(GError) error = NULL;

  writes->engine = fb_sync_engine_new (cache_path, &error);
  g_assert_no_error (error);
  fb_sync_engine_set_retry_base (writes->engine, 20);
  fb_sync_engine_set_poll_interval (writes->engine, 3600);
  g_signal_connect (writes->engine, "write-refused", refused_cb, writes);
}

/* Signs the engine in at @url as @username (FB_TEST_PASSWORD) and waits
 * for it to take the sign-in. */
static inline void
fb_test_writes_sign_in (FbTestWrites *writes,
                        const char   *url,
                        const char   *username)
{
  writes->done = FALSE;
  fb_sync_engine_login_async (writes->engine, url, username, FB_TEST_PASSWORD, NULL, fb_test_writes_async_cb, writes);
  g_assert_true (fb_test_wait_until (fb_test_writes_done, writes, 20000));
  g_assert_no_error (writes->error);
}

/* What a test's refusal handler keeps of a refusal of row @row_id. */
static inline void
fb_test_writes_note_refusal (FbTestWrites *writes,
                             const char   *row_id,
                             const char   *code)
{
  writes->refused++;
  g_free (writes->refused_code);
  writes->refused_code = g_strdup (code);
  g_free (writes->refused_id);
  writes->refused_id = g_strdup (row_id);
}
