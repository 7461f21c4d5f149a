/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-audit.c: the audit log is append-only — the server's database
 * refuses to change, tombstone or delete an entry whatever code asks (and
 * the refusal leaves the entry as it was), no route writes it, and it
 * keeps the decisions it recorded; a refusal's entry is small whatever
 * was sent, and kept however long the id in the path. */
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <string.h>

#include "fb-entity.h"
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

/* The audit rows written since @cursor, decoded. */
static GPtrArray *
audits_since (FbTestFixture *f,
              gint64         cursor)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = fb_server_store_changes_since (f->store, cursor, 100000, NULL, &error);
  GPtrArray *audits = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_audit_free);

  g_assert_no_error (error);
  for (guint i = 0; i < changes->len; i++)
    {
      FbChange *change = g_ptr_array_index (changes, i);

      if (strcmp (change->type, "audit") == 0)
        {
          FbAudit *audit = fb_entity_decode_string (&fb_audit_spec, change->data, -1, &error);

          g_assert_no_error (error);
          /* Small, whatever was sent. */
          g_assert_cmpuint (strlen (change->data), <, 2048);
          g_ptr_array_add (audits, audit);
        }
    }
  return audits;
}

/* The database file's size with its log folded in. */
static goffset
db_size (FbTestFixture *f)
{
  g_autoptr(GFile) file = g_file_new_for_path (f->server_db);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (f->server_db, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL, &error);
  g_assert_no_error (error);
  return g_file_info_get_size (info);
}

/* A refusal's row says what was refused — who, route, target, code, the
 * body's size and digest — and copies neither the body nor the row it
 * was about: refused writes cannot fill the disk or every director's
 * /sync. */
static void
test_refusal_digest (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 2);
  g_autofree char *token = fb_test_token (f, "agent1");
  g_autoptr(GString) body = g_string_new ("{\"agent_id\":\"agent-001\",\"type\":\"bogus\",\"reason\":\"");
  g_autoptr(GString) notes = g_string_new (NULL);
  g_autoptr(GPtrArray) audits = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *report = NULL;
  gint64 cursor;
  goffset before, grown;
  FbAudit *audit;
  JsonObject *after, *asked;

  while (body->len < 60 * 1024)
    g_string_append (body, "가나다라마바사아자차카타파하 ");
  g_string_append (body, "\"}");
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, body->str, body->len);

  before = db_size (f);
  cursor = fb_server_store_get_cursor (f->store);
  for (guint i = 0; i < 200; i++)
    g_assert_cmpuint (fb_test_request (f, "POST", "/api/v1/leave-requests", token, body->str, NULL, NULL), ==, 400);
  audits = audits_since (f, cursor);
  g_assert_cmpuint (audits->len, ==, 200);
  audit = g_ptr_array_index (audits, 0);
  g_assert_cmpstr (audit->actor, ==, "u-agent1");
  g_assert_cmpstr (audit->action, ==, "leave_request.submit.refused");
  g_assert_null (audit->before);
  after = json_node_get_object (audit->after);
  g_assert_cmpint (json_object_get_int_member (after, "status"), ==, 400);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (after, "error"), "code"), ==,
                   "invalid_field");
  g_assert_cmpstr (json_object_get_string_member (after, "route"), ==, "POST /api/v1/leave-requests");
  asked = json_object_get_object_member (after, "request");
  g_assert_cmpint (json_object_get_int_member (asked, "bytes"), ==, body->len);
  g_assert_cmpstr (json_object_get_string_member (asked, "sha256"), ==, digest);
  g_assert_cmpuint (json_object_get_size (asked), ==, 2);
  /* 12 MB refused; the file grew by their rows only. */
  grown = db_size (f) - before;
  g_test_message ("200 refused bodies of %zu bytes: the database grew %" G_GOFFSET_FORMAT " bytes", body->len, grown);
  g_assert_cmpint (grown, <, (goffset) body->len * 200 / 20);

  /* Refused writes at a big report keep its version, not copies of it. */
  /* Texts near the longest they may be (20,000 bytes). */
  while (notes->len < 19000)
    g_string_append (notes, "인수인계 ");
  report = g_strdup_printf ("{\"id\":\"duty-2026-11-20-day\",\"date\":\"2026-11-20\",\"shift\":\"day\","
                            "\"author\":\"u-sup\",\"status\":\"draft\",\"handover_notes\":\"%s\","
                            "\"issue_summary\":\"%s\",\"workload\":\"%s\",\"difficult_cases\":\"%s\"}",
                            notes->str, notes->str, notes->str, notes->str);
  fb_test_put (f->store, "duty_report", "duty-2026-11-20-day", report);
  cursor = fb_server_store_get_cursor (f->store);
  before = db_size (f);
  for (guint i = 0; i < 50; i++)
    g_assert_cmpuint (fb_test_request (f, "PUT", "/api/v1/duty-reports/duty-2026-11-20-day", token, "{}", NULL, NULL),
                      ==, 403);
  g_clear_pointer (&audits, g_ptr_array_unref);
  audits = audits_since (f, cursor);
  g_assert_cmpuint (audits->len, ==, 50);
  audit = g_ptr_array_index (audits, 0);
  g_assert_null (audit->before);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (audit->after), "target_version"), ==, cursor);
  grown = db_size (f) - before;
  g_test_message ("50 refused writes at a report of %zu bytes: the database grew %" G_GOFFSET_FORMAT " bytes",
                  strlen (report), grown);
  g_assert_cmpint (grown, <, (goffset) strlen (report) * 50 / 10);
}

/* An id of 5,000 characters in the path: the refusal is audited all the
 * same, its target cut to a bounded length and marked so (and nothing is
 * warned: a warning is fatal in this test). */
static void
test_refusal_long_id (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (1, 2);
  g_autofree char *token = fb_test_token (f, "sup");
  g_autofree char *id = g_strnfill (5000, 'x');
  g_autofree char *path = g_strconcat ("/api/v1/duty-reports/", id, NULL);
  g_autoptr(GPtrArray) audits = NULL;
  gint64 cursor = fb_server_store_get_cursor (f->store);
  guint status;
  FbAudit *audit;
  const char *route;

  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL);
  status = fb_test_request (f, "PUT", path, token, "{\"date\":\"2026-11-20\",\"shift\":\"day\",\"version\":0}",
                            NULL, NULL);
  g_assert_cmpuint (status, >=, 400);
  g_assert_cmpuint (status, <, 500);
  audits = audits_since (f, cursor);
  g_assert_cmpuint (audits->len, ==, 1);
  audit = g_ptr_array_index (audits, 0);
  g_assert_cmpstr (audit->actor, ==, "u-sup");
  g_assert_cmpstr (audit->action, ==, "duty_report.write.refused");
  g_assert_cmpstr (audit->target_type, ==, "duty_report");
  g_assert_true (g_str_has_prefix (id, audit->target_id) == FALSE);
  g_assert_true (g_str_has_suffix (audit->target_id, "…"));
  g_assert_cmpuint (strlen (audit->target_id), <=, 256 + strlen ("…"));
  g_assert_cmpuint (strlen (audit->target_id), >, 200);
  g_assert_true (strncmp (audit->target_id, id, strlen (audit->target_id) - strlen ("…")) == 0);
  route = json_object_get_string_member (json_node_get_object (audit->after), "route");
  g_assert_true (g_str_has_prefix (route, "PUT /api/v1/duty-reports/xxx"));
  g_assert_true (g_str_has_suffix (route, "…"));
  g_assert_cmpuint (strlen (route), <, 300);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/audit/store-refuses", test_store_refuses);
  g_test_add_func ("/audit/no-route", test_no_route);
  g_test_add_func ("/audit/refusal-digest", test_refusal_digest);
  g_test_add_func ("/audit/refusal-long-id", test_refusal_long_id);
  return g_test_run ();
}
