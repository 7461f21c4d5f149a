/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-row.h: one cached row, immutable, as list models hand it to widgets. */
#pragma once

#include <json-glib/json-glib.h>

#include "fb-types.h"

G_BEGIN_DECLS

#define FB_TYPE_ROW (fb_row_get_type ())
G_DECLARE_FINAL_TYPE (FbRow, fb_row, FB, ROW, GObject)

/* NULL (with @error) when the row's data does not decode as its type. */
FbRow         *fb_row_new         (const FbChange  *change,
                                   GError         **error);
const char    *fb_row_get_id      (FbRow           *self);
const char    *fb_row_get_kind    (FbRow           *self);
gint64         fb_row_get_version (FbRow           *self);
JsonObject    *fb_row_get_object  (FbRow           *self);
/* The decoded entity (FbQueue *, FbAgent * …), owned by the row. */
gconstpointer  fb_row_get_entity  (FbRow           *self);
/* A member by dotted path ("scores.attitude"); NULL when absent. */
JsonNode      *fb_row_lookup      (FbRow           *self,
                                   const char      *path);

G_END_DECLS
