/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-row-list.h: a GListModel of the cached rows of one type. */
#pragma once

#include <gio/gio.h>

#include "fb-types.h"

G_BEGIN_DECLS

#define FB_TYPE_ROW_LIST (fb_row_list_get_type ())
G_DECLARE_FINAL_TYPE (FbRowList, fb_row_list, FB, ROW_LIST, GObject)

FbRowList  *fb_row_list_new      (FbStore     *store,
                                  const char  *kind);
const char *fb_row_list_get_kind (FbRowList   *self);
/* Reads the cache again; emits items-changed only where rows changed. */
gboolean    fb_row_list_reload   (FbRowList   *self,
                                  GError     **error);

/* Reads only the rows with these @ids again (added, changed or deleted),
 * keeping the list ordered by id; cost grows with the ids, not the list. */
FbRow      *fb_row_list_lookup   (FbRowList   *self,
                                  const char  *id);
gboolean    fb_row_list_update   (FbRowList          *self,
                                  const char * const *ids,
                                  GError            **error);

G_END_DECLS
