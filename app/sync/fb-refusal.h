/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-refusal.h: a server's refusal ({"error":{"code","message","field"}})
 * in the user's language, told by its code.
 *
 * The server's own message is English: it is shown only for a code this
 * app does not know, and then inside a translated sentence saying so. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What the user reads for a refusal: @code as the server sent it (or
 * "http_STATUS" when its answer carried none), @field the member it names
 * (may be NULL), @server_message the server's English words (may be NULL). */
char        *fb_refusal_describe     (const char *code,
                                      const char *field,
                                      const char *server_message);
/* As fb_refusal_describe(), for a write of a row of @row_type (may be
 * NULL): a conflict names what someone else changed ("this report"). */
char        *fb_refusal_describe_row (const char *code,
                                      const char *field,
                                      const char *server_message,
                                      const char *row_type);
/* Whether fb_refusal_describe() has words of its own for @code. */
gboolean     fb_refusal_knows_code   (const char *code);
/* The translated name of a request member (@field "end_date",
 * "scores.tone" …) as the forms call it, or NULL when there is none. */
const char  *fb_refusal_field_label  (const char *field);
/* The refusal an error answer carries, described; NULL when @root (may be
 * NULL) is not one. @status names it when it has no code. Parsing the
 * answer stays with whoever reads the network (and guards it). */
char        *fb_refusal_from_answer  (JsonNode   *root,
                                      guint       status);

G_END_DECLS
