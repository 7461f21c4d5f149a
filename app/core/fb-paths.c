/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-paths.c */
#define G_LOG_DOMAIN "floorboard-core"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "fb-paths.h"

static gboolean
running_uninstalled (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  return exe != NULL && g_str_has_prefix (exe, FB_BUILDDIR "/");
}

void
fb_paths_init_i18n (void)
{
  const char *localedir = LOCALEDIR;

  setlocale (LC_ALL, "");
  if (running_uninstalled ())
    {
      localedir = FB_BUILDDIR "/po";
      /* The schema is compiled into the build tree too. */
      if (g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL)
        g_setenv ("GSETTINGS_SCHEMA_DIR", FB_BUILDDIR "/data", TRUE);
    }
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

void
fb_paths_remove_dir (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_return_if_fail (path != NULL);

  if (!(dir = g_dir_open (path, 0, NULL)))
    return;
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_unlink (child);
    }
  g_rmdir (path);
}
