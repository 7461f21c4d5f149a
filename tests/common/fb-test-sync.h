/* fb-test-sync.h: signing a real FbSyncEngine in and starting a real
 * FbLocalServer, for the tests that link the sync library besides the
 * fixture.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

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
