/* main.c: floorboard, the dashboard. */
#include <glib/gi18n.h>
#include <locale.h>

#include "fb-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FbApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Floorboard"));
  app = fb_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
