/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-store-private.h: for store backends built on FbStore (the server's). */
#pragma once

#include <sqlite3.h>

#include "fb-store.h"

G_BEGIN_DECLS

/* Migration 1 of every store: metadata and versioned rows. */
#define FB_STORE_MIGRATION_ROWS                                              \
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"          \
  "CREATE TABLE rows (type TEXT NOT NULL, id TEXT NOT NULL,"                \
  "  version INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0,"         \
  "  data TEXT, PRIMARY KEY (type, id)) WITHOUT ROWID;"                     \
  "CREATE INDEX rows_version ON rows (version);"

sqlite3      *fb_store_get_db           (FbStore     *self);
/* A cached prepared statement, reset and with its bindings cleared. */
sqlite3_stmt *fb_store_prepare          (FbStore     *self,
                                         const char  *sql,
                                         GError     **error);
gboolean      fb_store_set_error        (FbStore     *self,
                                         GError     **error);
/* Resets @stmt after stepping through its rows: FALSE with @error unless
 * the last step (@rc) reached the end. */
gboolean      fb_store_end_rows         (FbStore       *self,
                                         sqlite3_stmt  *stmt,
                                         int            rc,
                                         GError       **error);
/* Steps a statement that returns no row, and resets it. */
gboolean      fb_store_step_done        (FbStore       *self,
                                         sqlite3_stmt  *stmt,
                                         GError       **error);
FbChange     *fb_store_change_from_stmt (sqlite3_stmt *stmt);

G_END_DECLS
