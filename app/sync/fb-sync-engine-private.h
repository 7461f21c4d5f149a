/* fb-sync-engine-private.h: the engine's readers of what the network
 * sends, for the fuzzers and tests. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Parses and checks a /sync page (JSON, @len bytes, not NUL-terminated):
 * every row normalized by its entity's codec, ids matching, versions within
 * the cursor. Returns the FbChanges, or NULL with @error — a bad row
 * rejects the whole page. @known_server_id (nullable) must match the
 * page's if both are set. */
GPtrArray *fb_sync_parse_page (const char  *text,
                               gsize        len,
                               const char  *known_server_id,
                               gint64      *cursor,
                               gint64      *head,
                               gboolean    *more,
                               GError     **error);

G_END_DECLS
