/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-store.h: the SQLite store under both the server's database and the
 * app's cache: numbered migrations, WAL, versioned rows with tombstones,
 * metadata (the sync cursor) and the outbox.
 *
 * One FbStore is one connection; use it from one thread at a time.
 */
#pragma once

#include <gio/gio.h>

#include "fb-center-clock.h"
#include "fb-types.h"

G_BEGIN_DECLS

#define FB_STORE_ERROR (fb_store_error_quark ())

typedef enum
{
  FB_STORE_ERROR_OPEN,
  FB_STORE_ERROR_NOT_A_DATABASE,
  FB_STORE_ERROR_TOO_NEW,
  FB_STORE_ERROR_SQL,
  FB_STORE_ERROR_NOT_FOUND,
  FB_STORE_ERROR_CONSTRAINT,
  FB_STORE_ERROR_INVALID,
} FbStoreError;

typedef enum
{
  FB_STORE_SYNC_NORMAL, /* the cache: the server can always resend */
  FB_STORE_SYNC_FULL,   /* the server: acknowledged writes survive power loss */
} FbStoreDurability;

/* A versioned row as /sync carries it. */
struct _FbChange
{
  char     *type;
  char     *id;
  gint64    version;
  gboolean  deleted;
  char     *data;     /* JSON object text; NULL for a tombstone */
};

struct _FbOutboxItem
{
  gint64  id;
  gint64  created_at;
  char   *method;
  char   *path;
  char   *body;
  char   *idempotency_key;
  gint64  attempts;
  char   *last_error;
  char   *row_type;       /* the cached row the write changed at once, or NULL */
  char   *row_id;
  char   *before_data;    /* its state before (NULL: it did not exist) */
  gint64  before_version;
  char   *refused;        /* the server's error answer once refused, else NULL */
  char   *owner_url;      /* whose write: the server and user signed in when */
  char   *owner_name;     /* it was made (NULL: not known, see migration 6) */
  char   *local_data;     /* the row as the write shows it at once, or NULL */
  gboolean shown;         /* whether the cache shows local_data now */
};

#define FB_TYPE_STORE (fb_store_get_type ())
G_DECLARE_FINAL_TYPE (FbStore, fb_store, FB, STORE, GObject)

GQuark        fb_store_error_quark      (void);

FbChange     *fb_change_new             (const char        *type,
                                         const char        *id,
                                         gint64             version,
                                         gboolean           deleted,
                                         const char        *data);
void          fb_change_free            (FbChange          *change);
void          fb_outbox_item_free       (FbOutboxItem      *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbChange, fb_change_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbOutboxItem, fb_outbox_item_free)

/* The schema every store shares (migration 1), and the cache's own. */
extern const char * const fb_store_cache_migrations[];

FbStore      *fb_store_open             (const char         *path,
                                         const char * const *migrations,
                                         FbStoreDurability   durability,
                                         GError            **error);
const char   *fb_store_get_path         (FbStore           *self);
int           fb_store_get_schema_version (FbStore         *self);

gboolean      fb_store_begin            (FbStore           *self,
                                         GError           **error);
gboolean      fb_store_commit           (FbStore           *self,
                                         GError           **error);
void          fb_store_rollback         (FbStore           *self);

/* Writes @change unless the store holds the same row at a version at least
 * as high; *applied tells which. A tombstone keeps its version so an older
 * copy arriving later cannot bring the row back. */
gboolean      fb_store_apply_change     (FbStore           *self,
                                         const FbChange    *change,
                                         gboolean          *applied,
                                         GError           **error);
/* Live rows of @type (tombstones left out), ordered by id. */
GPtrArray    *fb_store_list_rows        (FbStore           *self,
                                         const char        *type,
                                         GError           **error);
/* Decodes every live row of @spec's type and hands the entity to @func,
 * which owns it. A row the codec refuses was refused when cached too: it
 * is skipped. */
typedef void (*FbEntityFunc) (gpointer entity,
                              gpointer user_data);
gboolean      fb_store_foreach_entity   (FbStore            *self,
                                         const FbEntitySpec *spec,
                                         FbEntityFunc        func,
                                         gpointer            user_data,
                                         GError            **error);
FbChange     *fb_store_get_row          (FbStore           *self,
                                         const char        *type,
                                         const char        *id,
                                         GError           **error);
gint64        fb_store_count_rows       (FbStore           *self,
                                         const char        *type);
gboolean      fb_store_clear_rows       (FbStore           *self,
                                         GError           **error);

/* The center's clock, in the zone the server last sent (meta
 * FB_STORE_META_TIME_ZONE); Asia/Seoul until it has sent one. Owned by
 * the store. */
#define FB_STORE_META_TIME_ZONE "center_time_zone"
FbCenterClock *fb_store_get_center_clock (FbStore          *self);
/* Keeps @name as the center's zone; FALSE, nothing changed, for a name
 * that is no IANA zone this machine knows. */
gboolean      fb_store_set_center_time_zone (FbStore       *self,
                                         const char        *name,
                                         GError           **error);
char         *fb_store_get_meta         (FbStore           *self,
                                         const char        *key);
gboolean      fb_store_set_meta         (FbStore           *self,
                                         const char        *key,
                                         const char        *value,
                                         GError           **error);
gint64        fb_store_get_meta_int     (FbStore           *self,
                                         const char        *key,
                                         gint64             fallback);
gboolean      fb_store_set_meta_int     (FbStore           *self,
                                         const char        *key,
                                         gint64             value,
                                         GError           **error);

gint64        fb_store_outbox_add       (FbStore           *self,
                                         const char        *method,
                                         const char        *path,
                                         const char        *body,
                                         const char        *idempotency_key,
                                         GError           **error);
gint64        fb_store_outbox_add_for_row (FbStore         *self,
                                         const char        *method,
                                         const char        *path,
                                         const char        *body,
                                         const char        *idempotency_key,
                                         const char        *row_type,
                                         const char        *row_id,
                                         const char        *before_data,
                                         gint64             before_version,
                                         GError           **error);
/* A write of @owner_name on @owner_url (both NULL: not known; the first
 * user to sign in takes it), showing @local_data in the cache now: the
 * caller has put it there (fb_store_put_local). */
gint64        fb_store_outbox_add_owned (FbStore           *self,
                                         const char        *owner_url,
                                         const char        *owner_name,
                                         const char        *method,
                                         const char        *path,
                                         const char        *body,
                                         const char        *idempotency_key,
                                         const char        *row_type,
                                         const char        *row_id,
                                         const char        *before_data,
                                         gint64             before_version,
                                         const char        *local_data,
                                         GError           **error);
/* Every item, refused ones included, oldest first. */
GPtrArray    *fb_store_outbox_list      (FbStore           *self,
                                         GError           **error);
/* The same, of one user only. */
GPtrArray    *fb_store_outbox_list_owned (FbStore          *self,
                                         const char        *owner_url,
                                         const char        *owner_name,
                                         GError           **error);
/* Items still to deliver (not refused), everyone's. */
gint64        fb_store_outbox_count_pending (FbStore       *self);
/* The same, of one user only. */
gint64        fb_store_outbox_count_owned (FbStore         *self,
                                         const char        *owner_url,
                                         const char        *owner_name);
/* Makes the cache show @owner_name's waiting writes and nobody else's:
 * another user's local changes go back to the rows before them (kept in
 * the outbox, to come back for their owner), the owner's come back over
 * the rows as they are. Writes of no known owner become @owner_name's.
 * @rows_cleared: the rows were just replaced, nothing local is shown.
 * Call inside a transaction; *changed (may be NULL) is set to TRUE when a
 * row changed. */
gboolean      fb_store_outbox_show_owner (FbStore          *self,
                                         const char        *owner_url,
                                         const char        *owner_name,
                                         gboolean           rows_cleared,
                                         gboolean          *changed,
                                         GError           **error);
/* Keeps the item, with the server's answer, out of delivery. */
gboolean      fb_store_outbox_set_refused (FbStore         *self,
                                         gint64             id,
                                         const char        *answer,
                                         GError           **error);
gboolean      fb_store_outbox_record_failure (FbStore      *self,
                                         gint64             id,
                                         const char        *message,
                                         GError           **error);
gboolean      fb_store_outbox_remove    (FbStore           *self,
                                         gint64             id,
                                         GError           **error);

/* A local change shown before the server has it: replaces the row's data
 * and keeps its version (0 for a new row), so the server's row replaces it. */
gboolean      fb_store_put_local        (FbStore           *self,
                                         const char        *type,
                                         const char        *id,
                                         const char        *data,
                                         GError           **error);
/* Undoes a local change: puts @before_data back (or removes the row when
 * NULL) if the row is still at @before_version; *restored tells whether. */
gboolean      fb_store_restore_row      (FbStore           *self,
                                         const char        *type,
                                         const char        *id,
                                         const char        *before_data,
                                         gint64             before_version,
                                         gboolean          *restored,
                                         GError           **error);

/* Drafts (the cache only): what a user is typing, under a key of the
 * caller's choosing ("duty-2024-05-01-day"), as JSON text. Replaces the
 * key's draft and stamps it with the time now. */
gboolean      fb_store_put_draft        (FbStore           *self,
                                         const char        *key,
                                         const char        *json,
                                         GError           **error);
/* The key's draft, or NULL (no error set) when there is none;
 * @updated_at (may be NULL): when it was written, unix seconds. */
char         *fb_store_get_draft        (FbStore           *self,
                                         const char        *key,
                                         gint64            *updated_at,
                                         GError           **error);
/* Removing a draft that is not there is no error. */
gboolean      fb_store_delete_draft     (FbStore           *self,
                                         const char        *key,
                                         GError           **error);

/* Calls @func for each live queue_interval row starting in [@from, @to)
 * (unix seconds) with its queue id, start and offered calls — read by
 * SQLite from the stored JSON, without decoding rows: the floor's charts
 * need three numbers of thousands of rows. */
typedef void (*FbIntervalFunc) (const char *queue_id,
                                gint64      start,
                                gint64      offered,
                                gpointer    user_data);
gboolean      fb_store_foreach_interval (FbStore           *self,
                                         gint64             from,
                                         gint64             to,
                                         FbIntervalFunc     func,
                                         gpointer           user_data,
                                         GError           **error);

/* The live queue_interval rows starting in [@from, @to), summed over the
 * queues per start by SQLite: a month of a large center's rows would take
 * seconds to decode one by one. */
typedef struct
{
  gint64 start;
  gint64 offered, answered, abandoned, answered_in_sl;
  double wait_time_s;
} FbIntervalSum;
typedef void (*FbIntervalSumFunc) (const FbIntervalSum *sum,
                                   gpointer             user_data);
gboolean      fb_store_foreach_interval_sum (FbStore          *self,
                                             gint64            from,
                                             gint64            to,
                                             FbIntervalSumFunc func,
                                             gpointer          user_data,
                                             GError          **error);
/* Each live qa_evaluation's time and total, without decoding the rows. */
typedef void (*FbEvaluationFunc) (gint64   evaluated_at,
                                  double   total,
                                  gpointer user_data);
gboolean      fb_store_foreach_evaluation (FbStore           *self,
                                           FbEvaluationFunc   func,
                                           gpointer           user_data,
                                           GError           **error);

gboolean      fb_store_integrity_check  (FbStore           *self,
                                         GError           **error);

G_END_DECLS
