/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-local-server.h: a floorboard-server child process on 127.0.0.1,
 * for the demo floor. It stops with the app, even if the app is killed. */
#pragma once

#include <gio/gio.h>

#include "fb-types.h"

G_BEGIN_DECLS

#define FB_TYPE_LOCAL_SERVER (fb_local_server_get_type ())
G_DECLARE_FINAL_TYPE (FbLocalServer, fb_local_server, FB, LOCAL_SERVER, GObject)

/* Where floorboard-server is: $FLOORBOARD_SERVER, beside this program, the
 * install prefix, then $PATH. NULL if nowhere. */
char          *fb_local_server_find_program (void);

FbLocalServer *fb_local_server_new          (const char          *program,
                                             const char          *db_path);
/* Whether the server's own messages are dropped rather than shown on
 * stderr (the command line's export: scripts read stderr for errors). */
void           fb_local_server_set_quiet    (FbLocalServer       *self,
                                             gboolean             quiet);
/* Starts `program --db DB --listen 127.0.0.1:0 --demo --simulate` (a live
 * floor from the first second) and waits for its
 * "listening on URL" line. */
void           fb_local_server_start_async  (FbLocalServer       *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
/* The server's URL. */
char          *fb_local_server_start_finish (FbLocalServer       *self,
                                             GAsyncResult        *result,
                                             GError             **error);
/* SIGTERM, then waits for it briefly. */
void           fb_local_server_stop         (FbLocalServer       *self);
gboolean       fb_local_server_is_running   (FbLocalServer       *self);

G_END_DECLS
