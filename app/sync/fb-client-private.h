/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-client-private.h: what the typed client's resource files
 * (fb-client-*.c) share: building a write's path and body, and finishing
 * a write that either reached the outbox or was refused before it. */
#pragma once

#include <json-glib/json-glib.h>

#include "fb-sync-engine.h"

G_BEGIN_DECLS

/* @prefix, @id escaped as one path segment, then @suffix (may be NULL). */
char     *fb_client_path         (const char     *prefix,
                                  const char     *id,
                                  const char     *suffix);
/* The root of @builder's finished object as a body. */
JsonNode *fb_client_body_end     (JsonBuilder    *builder);
/* fb_sync_engine_submit_finish(), or the error of a write refused before
 * it reached the outbox (a GTask tagged @source_tag on @engine). */
gboolean  fb_client_finish       (FbSyncEngine   *engine,
                                  GAsyncResult   *result,
                                  gpointer        source_tag,
                                  GError        **error);

G_END_DECLS
