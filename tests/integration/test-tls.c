/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-tls.c: the server over HTTPS on 127.0.0.1 with a test certificate
 * authority (tests/data/tls): the engine refuses a certificate it cannot
 * verify — with words saying so, and nothing cached — whatever else is
 * set, trusts the authority it is given, syncs and goes live over WSS,
 * and refuses a CA file that is not one without changing what it trusts.
 * The server's command line takes the certificate and its key together. */
#include <glib/gstdio.h>
#include <string.h>

#include "fb-server.h"
#include "fb-server-store.h"
#include "fb-store.h"
#include "fb-sync-engine.h"
#include "fb-test-fixture.h"
#include "fb-test-sync.h"

typedef struct
{
  FbTestFixture *f;
  FbServer      *tls;
  char          *url;
} Tls;

static char *
data_file (const char *name)
{
  return g_build_filename (g_getenv ("G_TEST_SRCDIR"), "data", "tls", name, NULL);
}

static void
tls_set_up (Tls           *t,
            gconstpointer  data)
{
  g_autofree char *cert_path = data_file ("server.pem");
  g_autofree char *key_path = data_file ("server.key");
  g_autoptr(GTlsCertificate) cert = NULL;
  g_autoptr(GError) error = NULL;

  t->f = fb_test_fixture_new (1, 4);
  cert = g_tls_certificate_new_from_files (cert_path, key_path, &error);
  g_assert_no_error (error);
  /* The same store, served over HTTPS. */
  t->tls = fb_server_new (t->f->store);
  fb_server_set_tls_certificate (t->tls, cert);
  g_assert_true (fb_server_listen (t->tls, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  t->url = fb_server_dup_url (t->tls);
  g_assert_true (g_str_has_prefix (t->url, "https://127.0.0.1:"));
}

static void
tls_tear_down (Tls           *t,
               gconstpointer  data)
{
  fb_server_disconnect (t->tls);
  g_clear_object (&t->tls);
  g_free (t->url);
  fb_test_fixture_free (t->f);
}

static gboolean
synced (gpointer data)
{
  FbSyncEngine *engine = data;

  return fb_sync_engine_get_state (engine) == FB_SYNC_STATE_ONLINE &&
         fb_sync_engine_get_progress (engine) >= 1.0 && fb_sync_engine_get_live (engine);
}

static guint
n_cached (FbTestFixture *f,
          const char    *type)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = fb_store_open (f->cache_path, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, &error);
  g_autoptr(GPtrArray) rows = NULL;

  g_assert_no_error (error);
  rows = fb_store_list_rows (store, type, &error);
  g_assert_no_error (error);
  return rows->len;
}

/* Signs in to @t over HTTPS with @ca_file trusted (NULL: the system's). */
static FbSyncEngine *
sign_in (Tls         *t,
         const char  *ca_file,
         GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  FbSyncEngine *engine = fb_sync_engine_new (t->f->cache_path, &local_error);

  g_assert_no_error (local_error);
  g_assert_true (fb_sync_engine_set_ca_file (engine, ca_file, &local_error));
  g_assert_no_error (local_error);
  fb_test_login (engine, t->url, "sup", FB_TEST_PASSWORD, error);
  return engine;
}

static void
assert_refused (Tls        *t,
                const char *ca_file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbSyncEngine) engine = sign_in (t, ca_file, &error);

  g_assert_error (error, FB_SYNC_ERROR, FB_SYNC_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, "not trusted"));
  g_assert_nonnull (strstr (error->message, t->url));
  g_assert_cmpint (fb_sync_engine_get_state (engine), ==, FB_SYNC_STATE_ERROR);
  /* Nothing was taken from a server it could not verify. */
  g_assert_cmpuint (n_cached (t->f, "agent"), ==, 0);
  fb_sync_engine_stop (engine);
}

static void
test_untrusted (Tls           *t,
                gconstpointer  data)
{
  g_autofree char *other = data_file ("other-ca.pem");

  assert_refused (t, NULL);
  assert_refused (t, other);
}

static void
test_trusted (Tls           *t,
              gconstpointer  data)
{
  g_autofree char *ca = data_file ("ca.pem");
  g_autoptr(GError) error = NULL;
  g_autoptr(FbSyncEngine) engine = sign_in (t, ca, &error);

  g_assert_no_error (error);
  /* Synced, and live over the same verified connection (WSS). */
  g_assert_true (fb_test_wait_until (synced, engine, 20000));
  g_assert_cmpuint (n_cached (t->f, "agent"), ==, 4);
  fb_sync_engine_stop (engine);
}

static void
test_bad_ca_file (Tls           *t,
                  gconstpointer  data)
{
  g_autofree char *missing = data_file ("missing.pem");
  g_autofree char *key = data_file ("server.key");
  g_autofree char *ca = data_file ("ca.pem");
  g_autoptr(GError) error = NULL;
  g_autoptr(FbSyncEngine) engine = fb_sync_engine_new (t->f->cache_path, &error);

  g_assert_no_error (error);
  g_assert_true (fb_sync_engine_set_ca_file (engine, ca, &error));
  /* No file, or a file without a certificate: refused, and the
   * authority set before is still the one trusted. */
  g_assert_false (fb_sync_engine_set_ca_file (engine, missing, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (fb_sync_engine_set_ca_file (engine, key, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  fb_test_login (engine, t->url, "sup", FB_TEST_PASSWORD, &error);
  g_assert_no_error (error);
  fb_sync_engine_stop (engine);
}

/* Runs floorboard-server with @args; returns its exit status, and its
 * first line or its stderr. */
static int
run_server (char       **out,
            char       **err,
            const char  *first,
            ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  va_list ap;

  g_ptr_array_add (argv, (gpointer) g_getenv ("FLOORBOARD_SERVER"));
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "C", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error));
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (process);
}

static void
test_server_cli (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fb-tls-XXXXXX", &error);
  g_autofree char *db = g_build_filename (dir, "server.db", NULL);
  g_autofree char *cert = data_file ("server.pem");
  g_autofree char *key = data_file ("server.key");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  /* Half a TLS setup is refused, not served as plain HTTP. */
  g_assert_cmpint (run_server (&out, &err, "--db", db, "--listen", "127.0.0.1:0", "--tls-cert", cert, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--tls-cert and --tls-key go together"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  /* A key that is not there: said, nothing served. */
  g_assert_cmpint (run_server (&out, &err, "--db", db, "--listen", "127.0.0.1:0", "--tls-cert", cert,
                               "--tls-key", "/nonexistent/key.pem", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "Cannot load the TLS certificate"));
  g_assert_cmpstr (out, ==, "");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The limits' own arguments, out of range: said, nothing served. */
  g_assert_cmpint (run_server (&out, &err, "--db", db, "--listen", "127.0.0.1:0", "--rate-limit", "-1", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--rate-limit must be"));
  g_assert_cmpstr (out, ==, "");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_server (&out, &err, "--db", db, "--listen", "127.0.0.1:0", "--request-timeout", "99999",
                               NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--request-timeout from 0 to 3600"));
  g_assert_cmpstr (out, ==, "");

  g_unlink (db);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/tls/untrusted", Tls, NULL, tls_set_up, test_untrusted, tls_tear_down);
  g_test_add ("/tls/trusted", Tls, NULL, tls_set_up, test_trusted, tls_tear_down);
  g_test_add ("/tls/bad-ca-file", Tls, NULL, tls_set_up, test_bad_ca_file, tls_tear_down);
  g_test_add_func ("/tls/server-cli", test_server_cli);
  return g_test_run ();
}
