/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-sync-engine.h: fills the cache from a floorboard-server.
 *
 * Signs in, pulls /api/v1/sync page by page (each page parsed, checked and
 * written in one transaction on a worker thread), then polls for deltas.
 * On network failure it keeps the cache, says since when it is offline, and
 * retries with exponential backoff and jitter.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "fb-center-clock.h"
#include "fb-types.h"

G_BEGIN_DECLS

#define FB_SYNC_ERROR (fb_sync_error_quark ())

/* Between type and id in the keys of FbSyncEngine::changed (ASCII RS). */
#define FB_SYNC_KEY_SEPARATOR "\036"

typedef enum
{
  FB_SYNC_ERROR_INVALID_URL,
  FB_SYNC_ERROR_BAD_CREDENTIALS,
  FB_SYNC_ERROR_NETWORK,
  FB_SYNC_ERROR_PROTOCOL,
  FB_SYNC_ERROR_SERVER,
  FB_SYNC_ERROR_TLS,
} FbSyncError;

typedef enum
{
  FB_SYNC_STATE_SIGNED_OUT,
  FB_SYNC_STATE_CONNECTING,
  FB_SYNC_STATE_SYNCING,
  FB_SYNC_STATE_ONLINE,
  FB_SYNC_STATE_OFFLINE,
  FB_SYNC_STATE_ERROR,
} FbSyncState;

#define FB_TYPE_SYNC_STATE (fb_sync_state_get_type ())
GType fb_sync_state_get_type (void);

#define FB_TYPE_SYNC_ENGINE (fb_sync_engine_get_type ())
G_DECLARE_FINAL_TYPE (FbSyncEngine, fb_sync_engine, FB, SYNC_ENGINE, GObject)

GQuark        fb_sync_error_quark            (void);

FbSyncEngine *fb_sync_engine_new             (const char          *cache_path,
                                              GError             **error);
FbSyncState   fb_sync_engine_get_state       (FbSyncEngine        *self);
/* Initial sync progress 0..1; 1 once caught up. */
double        fb_sync_engine_get_progress    (FbSyncEngine        *self);
/* Unix time of the last successful exchange with the server, 0 if never. */
gint64        fb_sync_engine_get_last_sync   (FbSyncEngine        *self);
/* Unix time the server became unreachable, 0 while reachable. */
gint64        fb_sync_engine_get_offline_since (FbSyncEngine      *self);
/* Why the last attempt failed, NULL when it did not. */
const char   *fb_sync_engine_get_message     (FbSyncEngine        *self);
const char   *fb_sync_engine_get_server_url  (FbSyncEngine        *self);
const char   *fb_sync_engine_get_username    (FbSyncEngine        *self);
/* The center's clock, in the zone of the last page the engine applied
 * (or the cache's, before the first); notifies "zone-name" on a change. */
FbCenterClock *fb_sync_engine_get_center_clock (FbSyncEngine     *self);
/* The signed-in user's role ("supervisor" …), NULL when signed out. */
const char   *fb_sync_engine_get_role        (FbSyncEngine        *self);
/* The signed-in user's id (the actor the server records), NULL when signed out. */
const char   *fb_sync_engine_get_user_id     (FbSyncEngine        *self);
gint64        fb_sync_engine_get_cursor      (FbSyncEngine        *self);
/* Whether the live socket is open (changes arrive as they happen). */
gboolean      fb_sync_engine_get_live        (FbSyncEngine        *self);

void          fb_sync_engine_set_poll_interval (FbSyncEngine      *self,
                                              guint                seconds);
/* First retry delay; each failure doubles it up to a minute. */
void          fb_sync_engine_set_retry_base  (FbSyncEngine        *self,
                                              guint                msec);
void          fb_sync_engine_set_page_size   (FbSyncEngine        *self,
                                              guint                rows);

void          fb_sync_engine_login_async     (FbSyncEngine        *self,
                                              const char          *server_url,
                                              const char          *username,
                                              const char          *password,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean      fb_sync_engine_login_finish    (FbSyncEngine        *self,
                                              GAsyncResult        *result,
                                              GError             **error);
/* Pull now instead of at the next poll (or retry). */
/* Keep the session token in the Secret Service (where there is one) and
 * forget it there on sign-out or when the server ends it. Off by default. */
void          fb_sync_engine_set_keep_sessions (FbSyncEngine      *self,
                                              gboolean             keep);
void          fb_sync_engine_restore_session_async (FbSyncEngine        *self,
                                                    const char          *server_url,
                                                    const char          *username,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean      fb_sync_engine_restore_session_finish (FbSyncEngine  *self,
                                                     GAsyncResult  *result,
                                                     GError       **error);
void          fb_sync_engine_sync_now        (FbSyncEngine        *self);
gboolean      fb_sync_engine_set_ca_file     (FbSyncEngine        *self,
                                              const char          *path,
                                              GError             **error);
/* Queues a write (DESIGN.md: outbox). In one transaction on a worker
 * thread, @optimistic (if not NULL) replaces the cached row @row_type/@row_id
 * so the change shows at once (its old state kept to undo a refusal), and
 * a POST of @body to @path joins the outbox with a fresh Idempotency-Key.
 * The outbox is then delivered in order, exactly once, whenever the server
 * is reachable — also after a restart. The server's answer (the row as
 * /sync carries it) replaces the optimistic row; a refusal (4xx) restores
 * the old state and emits FbSyncEngine::write-refused. Emits ::changed for
 * the row when the optimistic change is in the cache; finishes then. */
void          fb_sync_engine_submit_async    (FbSyncEngine        *self,
                                              const char          *path,
                                              JsonNode            *body,
                                              const char          *row_type,
                                              const char          *row_id,
                                              JsonNode            *optimistic,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* As fb_sync_engine_submit_async(), with @method "POST" or "PUT". With
 * no @row_type (a write of several rows, such as a whole seat plan) no
 * row changes at once; once the server accepts it, the engine pulls
 * /sync so the rows it made arrive. Finish with fb_sync_engine_submit_finish(). */
void          fb_sync_engine_submit_full_async (FbSyncEngine      *self,
                                              const char          *method,
                                              const char          *path,
                                              JsonNode            *body,
                                              const char          *row_type,
                                              const char          *row_id,
                                              JsonNode            *optimistic,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean      fb_sync_engine_submit_finish   (FbSyncEngine        *self,
                                              GAsyncResult        *result,
                                              GError             **error);
/* Writes in the outbox not yet accepted by the server. */
guint         fb_sync_engine_get_pending_writes (FbSyncEngine     *self);
/* Stops syncing and forgets the session; the cache stays. */
void          fb_sync_engine_stop            (FbSyncEngine        *self);
void          fb_sync_engine_sign_out_async  (FbSyncEngine        *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean      fb_sync_engine_sign_out_finish (FbSyncEngine        *self,
                                              GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
