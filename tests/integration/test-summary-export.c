/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-summary-export.c: `floorboard --export-summary DATE --output FILE`
 * as a script meets it: the real binary, a cache at its usual place (under
 * XDG_DATA_HOME), exit status, stderr and the file. */
#include <glib/gstdio.h>
#include <string.h>

#include "fb-paths.h"
#include "fb-store.h"
#include "fb-summary-csv.h"
#include "fb-test-app.h"

typedef struct
{
  char *dir;
  char *output;
} Fixture;

static void
put (FbStore    *store,
     const char *type,
     const char *id,
     const char *json)
{
  g_autoptr(FbChange) change = fb_change_new (type, id, 1, FALSE, json);
  g_autoptr(GError) error = NULL;
  gboolean applied = FALSE;

  g_assert_true (fb_store_apply_change (store, change, &applied, &error));
  g_assert_no_error (error);
  g_assert_true (applied);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cache_dir = NULL;
  g_autofree char *cache_path = NULL;
  g_autoptr(FbStore) store = NULL;

  f->dir = g_dir_make_tmp ("fb-export-XXXXXX", &error);
  g_assert_no_error (error);
  f->output = g_build_filename (f->dir, "요약.csv", NULL);
  if (data == NULL)
    return;
  cache_dir = g_build_filename (f->dir, "data", "floorboard", NULL);
  g_assert_cmpint (g_mkdir_with_parents (cache_dir, 0700), ==, 0);
  cache_path = g_build_filename (cache_dir, "cache.db", NULL);
  store = fb_store_open (cache_path, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, &error);
  g_assert_no_error (error);
  put (store, "team", "t-day", "{\"id\":\"t-day\",\"name\":\"주간\",\"shift\":\"day\",\"start\":\"08:00\",\"end\":\"20:00\"}");
  /* 09:00 KST on the 20th: 37 offered, 30 answered. */
  put (store, "queue_interval", "q-01@2026-11-20T00:00:00Z",
       "{\"id\":\"q-01@2026-11-20T00:00:00Z\",\"queue_id\":\"q-01\",\"start\":\"2026-11-20T00:00:00Z\",\"offered\":37,"
       "\"answered\":30,\"abandoned\":7,\"answered_in_sl\":24,\"handle_time_s\":0,\"wait_time_s\":300}");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *data_dir = g_build_filename (f->dir, "data", NULL);
  g_autofree char *cache_dir = g_build_filename (data_dir, "floorboard", NULL);

  g_unlink (f->output);
  fb_paths_remove_dir (cache_dir);
  fb_paths_remove_dir (data_dir);
  fb_paths_remove_dir (f->dir);
  g_free (f->output);
  g_free (f->dir);
}

/* Runs floorboard with @args; returns its exit status, *err its stderr. */
static int
run (Fixture      *f,
     char        **err,
     const char   *first,
     ...)
{
  g_autofree char *data_dir = g_build_filename (f->dir, "data", NULL);
  g_autofree char *cache_dir = g_build_filename (f->dir, "cache", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  va_list ap;
  int status;

  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CACHE_HOME", cache_dir, TRUE);
  va_start (ap, first);
  status = fb_test_run_app_v (launcher, err, first, ap);
  va_end (ap);
  return status;
}

static void
test_exports_csv (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *err = NULL;
  g_autofree char *text = NULL;
  g_autofree char *offered_row = g_strdup_printf ("\r\n%s,%s,37\r\n", fb_summary_label ("day"),
                                                  fb_summary_label ("offered"));
  g_autofree char *answered_row = g_strdup_printf ("\r\n%s,%s,30\r\n", fb_summary_label ("shifts.day"),
                                                   fb_summary_label ("answered"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;

  g_assert_cmpint (run (f, &err, "--export-summary", "2026-11-20", "--output", f->output, NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_file_get_contents (f->output, &text, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF"));
  g_assert_nonnull (strstr (text, "\r\nSummary,Date,2026-11-20\r\n"));
  g_assert_nonnull (strstr (text, offered_row));
  g_assert_nonnull (strstr (text, answered_row));
  /* No temporary file left beside it: only the output, the data dir. */
  dir = g_dir_open (f->dir, 0, &error);
  g_assert_no_error (error);
  for (const char *name; (name = g_dir_read_name (dir));)
    g_assert_true (g_str_equal (name, "요약.csv") || g_str_equal (name, "data"));
}

/* Whether a line of @text holds @label and, after it, @value alone. */
static gboolean
has_row (const char *text,
         const char *label,
         const char *value)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *after = strstr (lines[i], label);
      g_auto(GStrv) words = NULL;

      if (after == NULL)
        continue;
      words = g_strsplit_set (after + strlen (label), " \f", -1);
      for (guint j = 0; words[j] != NULL; j++)
        if (g_str_equal (words[j], value))
          return TRUE;
    }
  return FALSE;
}

/* The PDF: a real one, whose text holds the day's figures. */
static void
test_exports_pdf (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *err = NULL;
  g_autofree char *pdf = g_build_filename (f->dir, "요약.pdf", NULL);
  g_autofree char *bytes = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *argv[] = { "pdftotext", "-layout", pdf, "-", NULL };
  int status = 0;
  g_autofree char *program = g_find_program_in_path ("pdftotext");

  if (program == NULL)
    {
      g_test_skip ("pdftotext (poppler-utils) is not installed");
      return;
    }
  g_assert_cmpint (run (f, &err, "--export-summary", "2026-11-20", "--output", pdf, NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_file_get_contents (pdf, &bytes, NULL, &error));
  g_assert_true (g_str_has_prefix (bytes, "%PDF-"));
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &text, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "Daily Summary"));
  g_assert_nonnull (strstr (text, "November 20, 2026"));
  /* The cache's one quarter hour: 37 offered, 30 answered, 7 lost. */
  g_assert_true (has_row (text, fb_summary_label ("offered"), "37"));
  g_assert_true (has_row (text, fb_summary_label ("answered"), "30"));
  g_assert_true (has_row (text, fb_summary_label ("abandoned"), "7"));
  /* No temporary file left beside it. */
  dir = g_dir_open (f->dir, 0, &error);
  g_assert_no_error (error);
  for (const char *name; (name = g_dir_read_name (dir));)
    g_assert_true (g_str_equal (name, "요약.pdf") || g_str_equal (name, "data"));
  g_unlink (pdf);
}

static void
expect_refusal (Fixture    *f,
                const char *date,
                const char *output,
                const char *message)
{
  g_autofree char *err = NULL;

  g_assert_cmpint (run (f, &err, "--export-summary", date, "--output", output, NULL), ==, 1);
  g_assert_nonnull (strstr (err, message));
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
}

static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (f->dir, "summary.pdf", NULL);
  g_autofree char *txt = g_build_filename (f->dir, "summary.txt", NULL);
  g_autofree char *nowhere = g_build_filename (f->dir, "missing", "summary.csv", NULL);
  g_autofree char *nowhere_pdf = g_build_filename (f->dir, "missing", "summary.pdf", NULL);
  g_autofree char *err = NULL;

  expect_refusal (f, "2026-13-01", f->output, "“2026-13-01” is not a date");
  expect_refusal (f, "2026-11-20", txt, "must end in .pdf or .csv");
  expect_refusal (f, "2026-13-01", pdf, "“2026-13-01” is not a date");
  expect_refusal (f, "2026-11-20", nowhere, "Cannot write the summary");
  expect_refusal (f, "2026-11-20", nowhere_pdf, "Cannot write the summary");
  g_assert_cmpint (run (f, &err, "--export-summary", "2026-11-20", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "--output"));
}

static void
test_no_cache (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *cache = g_build_filename (f->dir, "data", "floorboard", "cache.db", NULL);

  expect_refusal (f, "2026-11-20", f->output, "There is no cache");
  /* Nothing created where the cache would be. */
  g_assert_false (g_file_test (cache, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/summary-export/csv", Fixture, "cache", fixture_set_up, test_exports_csv, fixture_tear_down);
  g_test_add ("/summary-export/pdf", Fixture, "cache", fixture_set_up, test_exports_pdf, fixture_tear_down);
  g_test_add ("/summary-export/refusals", Fixture, "cache", fixture_set_up, test_refusals, fixture_tear_down);
  g_test_add ("/summary-export/no-cache", Fixture, NULL, fixture_set_up, test_no_cache, fixture_tear_down);
  return g_test_run ();
}
