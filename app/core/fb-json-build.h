/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-json-build.h: one member of the object a JsonBuilder is building,
 * name and value in one call — how the summaries, a shift's figures and
 * the client's bodies are written. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

void  fb_json_add_int           (JsonBuilder *builder,
                                 const char  *name,
                                 gint64       value);
void  fb_json_add_double        (JsonBuilder *builder,
                                 const char  *name,
                                 double       value);
void  fb_json_add_string        (JsonBuilder *builder,
                                 const char  *name,
                                 const char  *value);
/* As fb_json_add_string(), but a NULL or empty @value adds no member:
 * an optional text left blank is left out. */
void  fb_json_add_string_if_set (JsonBuilder *builder,
                                 const char  *name,
                                 const char  *value);

G_END_DECLS
