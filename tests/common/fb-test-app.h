/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-test-app.h: running the built floorboard program, for the tests of
 * its command line. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Runs the build's floorboard with the arguments from @first to a NULL,
 * through @launcher (the caller's environment, stdout silenced, stderr
 * piped), in English; returns its exit status, *err its stderr. */
int fb_test_run_app_v (GSubprocessLauncher  *launcher,
                       char                **err,
                       const char           *first,
                       va_list               ap);

G_END_DECLS
