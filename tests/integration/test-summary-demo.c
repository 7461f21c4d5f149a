/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-summary-demo.c: `floorboard --demo --export-summary DATE --output
 * FILE` starts the demo floor on 127.0.0.1, syncs it into a cache of its
 * own, writes the summary and stops the floor again. */
#include <glib/gstdio.h>
#include <string.h>

#include "fb-paths.h"
#include "fb-summary-csv.h"
#include "fb-test-app.h"

/* Runs floorboard with @args in @dir; returns its exit status, *err its
 * stderr. */
static int
run (const char  *dir,
     char       **err,
     const char  *first,
     ...)
{
  g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
  g_autofree char *tmp_dir = g_build_filename (dir, "tmp", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  va_list ap;
  int status;

  g_assert_cmpint (g_mkdir_with_parents (tmp_dir, 0700), ==, 0);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_dir, TRUE);
  /* Whatever the demo leaves behind would be here. */
  g_subprocess_launcher_setenv (launcher, "TMPDIR", tmp_dir, TRUE);
  va_start (ap, first);
  status = fb_test_run_app_v (launcher, err, first, ap);
  va_end (ap);
  return status;
}

static gboolean
dir_is_empty (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);

  return dir != NULL && g_dir_read_name (dir) == NULL;
}

static void
test_demo_csv (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fb-demo-export-XXXXXX", &error);
  g_autofree char *output = g_build_filename (dir, "demo.csv", NULL);
  g_autofree char *tmp_dir = g_build_filename (dir, "tmp", NULL);
  g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
  g_autoptr(GTimeZone) kst = g_time_zone_new_offset (9 * 3600);
  g_autoptr(GDateTime) now = g_date_time_new_now (kst);
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
  g_autofree char *date = g_date_time_format (yesterday, "%Y-%m-%d");
  g_autofree char *err = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *prefix = NULL;
  const char *line;
  gint64 offered;

  g_assert_no_error (error);
  g_assert_cmpint (run (dir, &err, "--demo", "--export-summary", date, "--output", output, NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");

  /* Yesterday on the demo floor was a whole day of calls. */
  g_assert_true (g_file_get_contents (output, &contents, NULL, NULL));
  prefix = g_strdup_printf ("\r\n%s,%s,", fb_summary_label ("day"), fb_summary_label ("offered"));
  line = strstr (contents, prefix);
  g_assert_nonnull (line);
  offered = g_ascii_strtoll (line + strlen (prefix), NULL, 10);
  g_assert_cmpint (offered, >, 100);

  /* The floor and its cache went with it; the user's cache was never made. */
  g_assert_true (dir_is_empty (tmp_dir));
  g_assert_false (g_file_test (data_dir, G_FILE_TEST_EXISTS));

  g_unlink (output);
  fb_paths_remove_dir (dir);
}

/* What the command line got wrong is said before the floor starts. */
static void
test_demo_refusals (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fb-demo-export-XXXXXX", &error);
  g_autofree char *txt = g_build_filename (dir, "demo.txt", NULL);
  g_autofree char *csv = g_build_filename (dir, "demo.csv", NULL);
  g_autofree char *tmp_dir = g_build_filename (dir, "tmp", NULL);
  g_autofree char *err = NULL;

  g_assert_cmpint (run (dir, &err, "--demo", "--export-summary", "2026-11-20", "--output", txt, NULL), ==, 1);
  g_assert_nonnull (strstr (err, ".pdf or .csv"));
  g_assert_false (g_file_test (txt, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (dir, &err, "--demo", "--export-summary", "2026-02-30", "--output", csv, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "YYYY-MM-DD"));
  g_assert_false (g_file_test (csv, G_FILE_TEST_EXISTS));
  /* No floor was started for them. */
  g_assert_true (dir_is_empty (tmp_dir));

  fb_paths_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/summary-demo/csv", test_demo_csv);
  g_test_add_func ("/summary-demo/refusals", test_demo_refusals);
  return g_test_run ();
}
