/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-paths.h: where data lives when running from the build tree. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Binds the text domain to the installed locale dir, or to the build
 * tree's when the program runs uninstalled (build-aux/demo). */
void fb_paths_init_i18n   (void);
/* Removes @path and the files directly in it (our temporary dirs are flat). */
void fb_paths_remove_dir  (const char *path);

G_END_DECLS
