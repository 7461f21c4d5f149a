/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-sqlite-server-store.h: the embedded SQLite backend of the server. */
#pragma once

#include "fb-server-store.h"

G_BEGIN_DECLS

#define FB_TYPE_SQLITE_SERVER_STORE (fb_sqlite_server_store_get_type ())
G_DECLARE_FINAL_TYPE (FbSqliteServerStore, fb_sqlite_server_store, FB, SQLITE_SERVER_STORE, GObject)

FbServerStore *fb_sqlite_server_store_new (const char  *path,
                                           GError     **error);

G_END_DECLS
