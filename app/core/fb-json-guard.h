/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-json-guard.h: what JSON from the network must pass before a parser
 * sees it.
 *
 * json-glib recurses once per level of nesting, so a short body of
 * nested brackets overflows the stack of whoever parses it; and its
 * strings are C strings, so a "\u0000" inside one silently cuts it
 * there. The server (every request body) and the sync engine (every page,
 * answer and live frame) read JSON only through fb_json_parse(), which
 * refuses both before json-glib runs.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Deeper than any document of the API (a /sync page is about 5). */
#define FB_JSON_MAX_DEPTH 64

#define FB_JSON_ERROR (fb_json_error_quark ())

typedef enum
{
  FB_JSON_ERROR_TOO_DEEP,  /* more than FB_JSON_MAX_DEPTH levels */
  FB_JSON_ERROR_NUL,       /* a string holds U+0000 */
  FB_JSON_ERROR_INVALID,   /* empty, not UTF-8, or not JSON */
} FbJsonError;

GQuark    fb_json_error_quark (void);

/* Scans @len bytes of @data (no recursion, strings and escapes
 * respected) and returns FALSE with @error when it nests deeper than
 * @max_depth or a string holds U+0000 (raw, "\u0000", or the octal "\0"
 * json-glib also reads). Then *@field, when asked for, is the member that
 * holds the NUL as a path such as "scores.tone" or
 * "assignments[2].seat_id" (NULL at the top level or for depth). Other
 * escapes JSON does not have are FB_JSON_ERROR_INVALID; of the rest,
 * whether it is valid JSON, it says nothing. */
gboolean  fb_json_check       (const char  *data,
                               gsize        len,
                               guint        max_depth,
                               char       **field,
                               GError     **error);

/* fb_json_check() with FB_JSON_MAX_DEPTH, then UTF-8 and json-glib:
 * the root node (owned), or NULL with @error (and *@field as above). */
JsonNode *fb_json_parse       (const char  *data,
                               gsize        len,
                               char       **field,
                               GError     **error);

G_END_DECLS
