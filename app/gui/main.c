/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: floorboard, the dashboard. */
#define G_LOG_DOMAIN "floorboard"

#include <glib/gi18n.h>
#include <locale.h>

#include "fb-memory.h"
#include "fb-paths.h"

#include "fb-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FbApplication) app = NULL;

  fb_memory_init ();
  fb_paths_init_i18n ();

  g_set_application_name (_("Floorboard"));
  app = fb_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
