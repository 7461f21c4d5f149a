/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-sync-engine-private.h: what the files of FbSyncEngine share (the
 * object in fb-sync-engine.c, the session, pages, live socket and outbox
 * in fb-sync-engine-*.c), and the engine's readers of what the network
 * sends, for the fuzzers and tests. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "fb-store.h"
#include "fb-sync-engine.h"

G_BEGIN_DECLS

/* The outbox's own connection and its lock, shared with worker tasks by
 * reference: outbox tasks hold this, never the engine, so the engine's
 * last reference is never dropped on a worker thread (its dispose closes
 * the live socket, which must happen on the main thread). */
typedef struct _OutboxConn
{
  GMutex   lock;
  FbStore *store;
} OutboxConn;

struct _FbSyncEngine
{
  GObject       parent_instance;

  SoupSession  *session;
  GCancellable *cancellable;
  FbStore      *store;        /* written on worker threads, one task at a time */
  /* The outbox has its own connection, so a write made while a page is
   * being stored waits in SQLite, not in the UI; outbox tasks take the lock. */
  struct _OutboxConn *outbox;
  gboolean      flushing;
  guint         flush_failures;
  guint         flush_timer_id;
  guint         pending_writes;

  char         *server_url;
  char         *username;
  char         *password;     /* in memory only, to sign in again on 401 */
  gboolean      keep_sessions; /* in the Secret Service, see fb-keyring.h */
  GCancellable *keyring_cancellable;
  char         *token;
  char         *role;
  char         *user_id;
  char         *server_id;
  char         *time_zone;    /* the center's, as the session answer named it */
  FbCenterClock *clock;       /* main thread: the zone of the last page applied */

  FbSyncState   state;
  double        progress;
  gint64        last_sync;
  gint64        offline_since;
  char         *message;

  gint64        cursor;
  gint64        first_since;  /* cursor when this catch-up began */
  gboolean      reset_pending;
  gboolean      busy;         /* a request or page write is under way */

  guint         poll_interval;
  guint         retry_base_ms;
  guint         page_size;
  guint         failures;
  guint         timer_id;

  /* Live push: /api/v1/live tells us when to pull; polling is the fallback. */
  SoupWebsocketConnection *live;
  gboolean      live_connecting;
  guint         live_failures;
  guint         live_timer_id;
  gboolean      pull_pending;
};

typedef enum {
  PROP_0,
  PROP_STATE,
  PROP_PROGRESS,
  PROP_LAST_SYNC,
  PROP_OFFLINE_SINCE,
  PROP_MESSAGE,
  PROP_SERVER_URL,
  PROP_USERNAME,
  PROP_LIVE,
  PROP_PENDING_WRITES,
  N_PROPS
} FbSyncEngineProp;

/* fb-sync-engine.c: the object, its state and its timers. */
void          fb_sync_engine_notify            (FbSyncEngine     *self,
                                                FbSyncEngineProp  prop);
void          fb_sync_engine_emit_changed      (FbSyncEngine       *self,
                                                const char * const *keys);
void          fb_sync_engine_emit_write_refused (FbSyncEngine *self,
                                                 const char   *row_type,
                                                 const char   *row_id,
                                                 const char   *code,
                                                 const char   *message);
GWeakRef     *fb_sync_engine_weak_new          (FbSyncEngine *self);
FbSyncEngine *fb_sync_engine_weak_take         (GWeakRef     *ref);
gint64        fb_sync_now_s                    (void);
void          fb_sync_engine_set_state         (FbSyncEngine *self,
                                                FbSyncState   state);
void          fb_sync_engine_set_progress      (FbSyncEngine *self,
                                                double        progress);
void          fb_sync_engine_set_message       (FbSyncEngine *self,
                                                const char   *message);
void          fb_sync_engine_set_last_sync     (FbSyncEngine *self,
                                                gint64        when);
void          fb_sync_engine_clear_timer       (FbSyncEngine *self);
void          fb_sync_engine_mark_reachable    (FbSyncEngine *self);
guint         fb_sync_engine_backoff_delay     (FbSyncEngine *self,
                                                guint         failures);
void          fb_sync_engine_go_offline        (FbSyncEngine *self,
                                                const char   *message);
void          fb_sync_engine_go_error          (FbSyncEngine *self,
                                                const char   *message);
void          fb_sync_engine_schedule          (FbSyncEngine *self,
                                                guint         delay_ms);
char         *fb_sync_normalize_url            (const char  *url,
                                                GError     **error);
SoupMessage  *fb_sync_new_message              (const char *method,
                                                const char *url,
                                                const char *token);
char         *fb_sync_error_message_from_body  (GBytes     *body,
                                                guint       status,
                                                const char *fallback);

/* fb-sync-engine-session.c */
void          fb_sync_engine_start_login       (FbSyncEngine *self,
                                                GTask        *task);

/* fb-sync-engine-pages.c */
void          fb_sync_engine_request_page      (FbSyncEngine *self);
gboolean      fb_sync_read_time_zone           (JsonObject   *root,
                                                char        **zone);

/* fb-sync-engine-live.c */
void          fb_sync_engine_connect_live      (FbSyncEngine *self);
void          fb_sync_engine_drop_live         (FbSyncEngine *self);

/* fb-sync-engine-outbox.c */
void          fb_sync_outbox_conn_release      (OutboxConn   *conn);
void          fb_sync_engine_flush_outbox      (FbSyncEngine *self);
void          fb_sync_engine_set_pending_writes (FbSyncEngine *self,
                                                 gint64        pending);

/* Parses and checks a /sync page (JSON, @len bytes, not NUL-terminated):
 * every row normalized by its entity's codec, ids matching, versions within
 * the cursor, the center's time zone one this machine knows. Returns the
 * FbChanges, or NULL with @error — a bad row rejects the whole page.
 * @known_server_id (nullable) must match the page's if both are set. The
 * zone the page names, if it names one, replaces *@time_zone (nullable). */
GPtrArray *fb_sync_parse_page (const char  *text,
                               gsize        len,
                               const char  *known_server_id,
                               gint64      *cursor,
                               gint64      *head,
                               gboolean    *more,
                               char       **time_zone,
                               GError     **error);

G_END_DECLS
