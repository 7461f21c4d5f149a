/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-test-i18n.h: the unit tests' translations, from the catalogue built
 * in the tree (FB_BUILD_ROOT/po), in whatever language LANGUAGE names.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib/gi18n.h>
#include <locale.h>

static inline void
fb_test_use_built_catalogue (void)
{
  g_autofree char *locale_dir = g_build_filename (g_getenv ("FB_BUILD_ROOT"), "po", NULL);

  setlocale (LC_ALL, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
