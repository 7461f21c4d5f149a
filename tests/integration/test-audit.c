/* test-audit.c: the audit log is append-only — the server's database
 * refuses to change, tombstone or delete an entry whatever code asks (and
 * the refusal leaves the entry as it was), no route writes it, and it
 * keeps the decisions it recorded. */
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <string.h>

#include "fb-server-store.h"
#include "fb-store.h"
#include "fb-test-fixture.h"

#define ENTRY "{\"id\":\"a-1\",\"at\":\"2026-11-20T01:00:00Z\",\"actor\":\"u-sup\",\"action\":\"take\"," \
              "\"target_type\":\"escalation\",\"target_id\":\"e-1\"}"

static void
test_store_refuses (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbChange) before = NULL;
  g_autoptr(FbChange) after = NULL;
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (fb_server_store_put (f->store, "audit", "a-1", ENTRY, &error), >, 0);
  g_assert_no_error (error);
  before = fb_server_store_get (f->store, "audit", "a-1", &error);
  g_assert_no_error (error);

  /* Rewritten, or tombstoned, through the store: refused. */
  g_assert_cmpint (fb_server_store_put (f->store, "audit", "a-1",
                                        "{\"id\":\"a-1\",\"at\":\"2026-11-20T01:00:00Z\",\"actor\":\"u-dir\","
                                        "\"action\":\"erase\",\"target_type\":\"escalation\",\"target_id\":\"e-1\"}",
                                        &error), ==, 0);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "append-only"));
  g_clear_error (&error);
  g_assert_cmpint (fb_server_store_remove (f->store, "audit", "a-1", &error), ==, 0);
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* Or straight in SQL, as another program might. */
  g_assert_cmpint (sqlite3_open (f->server_db, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM rows WHERE type = 'audit'", NULL, NULL, &message), !=, SQLITE_OK);
  g_assert_nonnull (strstr (message, "append-only"));
  sqlite3_free (message);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE rows SET data = '{}' WHERE type = 'audit'", NULL, NULL, &message), !=, SQLITE_OK);
  sqlite3_free (message);
  sqlite3_close (db);

  after = fb_server_store_get (f->store, "audit", "a-1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (after->version, ==, before->version);
  g_assert_cmpstr (after->data, ==, before->data);
  g_assert_false (after->deleted);
}

/* No route writes the log: every method on where it would be is refused. */
static void
test_no_route (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 2);
  const char *methods[] = { "POST", "PUT", "PATCH", "DELETE" };
  const char *paths[] = { "/api/v1/audit", "/api/v1/audit/a-1" };
  g_autoptr(GError) error = NULL;
  gint64 cursor = fb_server_store_get_cursor (f->store);

  for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
    for (guint p = 0; p < G_N_ELEMENTS (paths); p++)
      {
        guint status = fb_test_request (f, methods[m], paths[p], NULL, "{}", NULL, NULL);

        g_assert_cmpuint (status, >=, 400);
        g_assert_cmpuint (status, <, 500);
      }
  g_assert_cmpint (fb_server_store_get_cursor (f->store), ==, cursor);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/audit/store-refuses", test_store_refuses);
  g_test_add_func ("/audit/no-route", test_no_route);
  return g_test_run ();
}
