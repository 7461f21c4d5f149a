/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-test-app.c: running the built floorboard program, for tests. */
#define G_LOG_DOMAIN "floorboard-test"

#include "fb-test-app.h"

int
fb_test_run_app_v (GSubprocessLauncher  *launcher,
                   char                **err,
                   const char           *first,
                   va_list               ap)
{
  g_autofree char *program = g_build_filename (g_getenv ("FB_BUILD_ROOT"), "app", "floorboard", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  /* English messages, whatever the machine's language. */
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "C", TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_ptr_array_add (argv, program);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}
