/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-server-private.h: the server's files share its state and helpers
 * here; tests may see what clients never can (no route answers with it). */
#pragma once

#include <libsoup/soup.h>

#include "fb-json-guard.h"
#include "fb-qa-stats.h"
#include "fb-request-rules.h"
#include "fb-server.h"
#include "fb-server-store.h"
#include "fb-store.h"

G_BEGIN_DECLS

/* Password hashes verified so far (argon2id runs, sign-in attempts that
 * were not refused before hashing). */
guint fb_server_get_password_checks (FbServer *self);
/* Requests served so far, per route pattern ("/api/v1/sync",
 * "/api/v1/leave-requests/{id}/decision" …; FB_SERVER_NO_ROUTE for
 * paths no route matches). */
#define FB_SERVER_NO_ROUTE "(no route)"
guint fb_server_get_request_count   (FbServer   *self,
                                     const char *path);
/* How many counters there are: one per route asked, at most. */
guint fb_server_get_n_request_counters (FbServer *self);

struct _FbServer
{
  GObject        parent_instance;
  FbServerStore *store;
  SoupServer    *soup;
  gsize          max_body;
  gboolean       tls;
  guint          port;
  GHashTable    *request_counts;  /* path -> count */
  char          *dummy_hash;      /* verified against for unknown users */

  /* Requests per client address: a token bucket each. */
  GHashTable    *buckets;         /* address -> Bucket */
  double         rate_per_s;      /* 0: no limit */
  double         rate_burst;
  guint          request_timeout_s;

  /* Failed sign-ins per user name and per address, in a window. */
  GHashTable    *login_failures;  /* "u:NAME" / "a:ADDRESS" -> Throttle */
  int            password_checks; /* argon2 verifications run: for tests */
  guint          login_max_per_user;
  guint          login_max_per_address;
  gint64         login_window_s;

  /* Live push: one frame computed per tick serves every socket. */
  GPtrArray     *live_clients;    /* SoupWebsocketConnection */
  guint          live_timer;
  guint          changed_idle;
  gint64         live_cursor;     /* agent changes up to here were pushed */
  gint64         live_checked_us; /* monotonic: when the sockets' sessions were */
  gint64         changed_cursor;
  guint          live_interval;
  guint64        live_frames;

  double         qa_weights[FB_QA_N_CRITERIA];  /* sum 1 */
  gint64         pruned_at;       /* monotonic µs of the last reply pruning */
  GHashTable    *roster_rows[6];  /* per roster type: id -> CachedRow */
  FbCenterClock *clock;           /* the zone of the rules' days and shifts */
};

/* Who made an authenticated request. */
typedef struct
{
  char   *user_id;
  FbUser *user;
} FbCaller;

void fb_caller_free (FbCaller *caller);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbCaller, fb_caller_free)

/* A live frame a second unless fb_server_set_live_interval() says otherwise. */
#define LIVE_INTERVAL_MS 1000

/* The longest texts and ids a write takes. */
#define MAX_NOTE_CHARS      2000
#define MAX_KEY_BYTES       200
#define MAX_ID_BYTES        128
#define MAX_PLAN_PICKS      5000
/* A refused request's body is read for a decision's verb up to this size
 * (a decision with its longest reason, all \u-escaped, is 12 KB; json-glib
 * recurses per nesting level, so no more); its audit row keeps only the
 * body's digest. */
#define MAX_AUDITED_REQUEST (16 * 1024)
/* A refused request's target id and path, in bytes, in its audit row. */
#define MAX_AUDITED_TARGET  256

/* The route table's three kinds of handler. Each handler below is
 * declared by its kind, so its signature is the table's. */

/* Does the write under the caller's transaction and answers @msg; a 2xx
 * answer commits (with the reply kept for replays), anything else rolls
 * back: a refused write changes nothing. */
typedef void WriteFunc (FbServer          *self,
                        SoupServerMessage *msg,
                        const FbCaller    *caller,
                        JsonObject        *body,
                        const char        *target_id);
/* 403 with its reason when the caller's role may not use a route. */
typedef gboolean RoleCheck (SoupServerMessage *msg,
                            const FbCaller    *caller);
/* Answers a route at once (reads, signing in and out). */
typedef void ReadFunc (FbServer          *self,
                       SoupServerMessage *msg,
                       GHashTable        *query,
                       const FbCaller    *caller);

/* How a route's refusals are audited: the row type, the verb (NULL: the
 * body's "decision") and whether the path's id names a row. */
typedef struct
{
  const char *target_type;
  const char *verb;
  gboolean    target_is_row;
} RouteAudit;

/* One row of the route table. */
typedef struct
{
  const char       *method;
  const char       *pattern;  /* "/api/v1/leave-requests/{id}/decision" */
  gboolean          open;     /* answered without a session */
  ReadFunc         *read;     /* answers at once, or */
  WriteFunc        *write;    /* a write: idempotent, in a transaction */
  RoleCheck        *may;      /* NULL: every signed-in role (rules may refuse) */
  const RouteAudit *audit;    /* NULL: refusals are not audited */
} Route;

/* fb-server.c */
gboolean _fb_server_rate_limited (FbServer          *self,
                                  SoupServerMessage *msg);

/* fb-server-http.c */
void _fb_server_set_json (SoupServerMessage *msg,
                          guint              status,
                          JsonNode          *root);
void _fb_server_set_error (SoupServerMessage *msg,
                           guint              status,
                           const char        *code,
                           const char        *field,
                           const char        *message);
void _fb_server_set_internal_error (SoupServerMessage *msg,
                                    const GError      *error);
void _fb_server_refuse_field (SoupServerMessage *msg,
                              const char        *name,
                              const char        *format,
                              ...) G_GNUC_PRINTF (3, 4);
JsonObject *_fb_server_parse_body (SoupServerMessage  *msg,
                                   JsonNode          **root_out);
const char *_fb_server_get_string_member (SoupServerMessage *msg,
                                          JsonObject        *object,
                                          const char        *name);
gboolean _fb_server_parse_query_int (SoupServerMessage *msg,
                                     GHashTable        *query,
                                     const char        *name,
                                     gint64             min,
                                     gint64             max,
                                     gint64             fallback,
                                     gint64            *out);
gboolean _fb_server_check_method (SoupServerMessage *msg,
                                  const char        *allowed);
void _fb_server_add_change (JsonBuilder    *b,
                            const FbChange *change,
                            JsonNode       *data);
JsonNode *_fb_server_change_node (const FbChange *change);
FbChange *_fb_server_get_row (FbServer          *self,
                              SoupServerMessage *msg,
                              const char        *type,
                              const char        *id,
                              const char        *missing);
gboolean _fb_server_optional_string (SoupServerMessage  *msg,
                                     JsonObject         *object,
                                     const char         *name,
                                     glong               max_chars,
                                     const char        **out);
gboolean _fb_server_refuse_by_check (SoupServerMessage *msg,
                                     const FbCheck     *check);
void _fb_server_set_stale (SoupServerMessage *msg,
                           const char        *field,
                           const char        *message,
                           JsonNode          *current);
const char *_fb_server_get_id_member (SoupServerMessage *msg,
                                      JsonObject        *object,
                                      const char        *name);
const char *_fb_server_get_date_member (SoupServerMessage *msg,
                                        JsonObject        *object,
                                        const char        *name);
int _fb_server_get_enum_member (SoupServerMessage  *msg,
                                JsonObject         *object,
                                const char         *name,
                                const char * const *values);
gboolean _fb_server_optional_bool (SoupServerMessage *msg,
                                   JsonObject        *object,
                                   const char        *name,
                                   gboolean          *out);
void _fb_server_add_identity (FbServer    *self,
                              JsonBuilder *b);
void _fb_server_add_string (JsonBuilder *b,
                            const char  *name,
                            const char  *value);

/* fb-server-session.c */
FbUser *_fb_server_load_user (FbServer    *self,
                              const char  *user_id,
                              GError     **error);
ReadFunc _fb_server_handle_session;
FbCaller *_fb_server_authenticate (FbServer          *self,
                                   SoupServerMessage *msg);
ReadFunc _fb_server_session_get;
ReadFunc _fb_server_session_delete;

/* fb-server-sync.c */
ReadFunc _fb_server_handle_sync;

/* fb-server-stats.c */
ReadFunc _fb_server_handle_queue_stats;

/* fb-server-replay.c */
void _fb_server_prune_replies (FbServer *self);
gboolean _fb_server_handle_write (FbServer          *self,
                                  SoupServerMessage *msg,
                                  const char        *path,
                                  const FbCaller    *caller,
                                  const char        *target_id,
                                  RoleCheck         *may,
                                  WriteFunc         *func);

/* fb-server-audit.c */
gboolean _fb_server_put_audit_node (FbServer    *self,
                                    const char  *actor,
                                    const char  *action,
                                    const char  *target_type,
                                    const char  *target_id,
                                    JsonNode    *before,
                                    JsonNode    *after,
                                    GError     **error);
void _fb_server_store_and_answer (FbServer           *self,
                                  SoupServerMessage  *msg,
                                  const FbCaller     *caller,
                                  const FbEntitySpec *spec,
                                  const char         *id,
                                  const char         *audit_action,
                                  const char         *before,
                                  JsonNode           *data,
                                  guint               status);
void _fb_server_handle_audited_write (FbServer          *self,
                                      SoupServerMessage *msg,
                                      const char        *path,
                                      const FbCaller    *caller,
                                      const Route       *route,
                                      const char        *target_id);

/* fb-server-escalations.c */
WriteFunc _fb_server_escalation_action;

/* fb-server-qa.c */
RoleCheck _fb_server_may_record_qa;
WriteFunc _fb_server_qa_evaluation;

/* fb-server-requests.c */
FbRoster *_fb_server_load_roster (FbServer   *self,
                                  GPtrArray  *plan,
                                  GError    **error);
RoleCheck _fb_server_may_ask_leave;
RoleCheck _fb_server_may_ask_swap;
WriteFunc _fb_server_leave_submit;
WriteFunc _fb_server_swap_submit;
WriteFunc _fb_server_leave_decision;
WriteFunc _fb_server_swap_decision;

/* fb-server-seats.c */
RoleCheck _fb_server_role_may_assign_seats;
WriteFunc _fb_server_seat_assign;
WriteFunc _fb_server_seat_plan;

/* fb-server-duty.c */
RoleCheck _fb_server_may_write_reports;
RoleCheck _fb_server_may_review_reports;
WriteFunc _fb_server_duty_put;
WriteFunc _fb_server_duty_submit;
WriteFunc _fb_server_duty_review;
WriteFunc _fb_server_duty_acknowledge;

/* fb-server-routes.c */
void _fb_server_api_handler (SoupServer        *server,
                             SoupServerMessage *msg,
                             const char        *path,
                             GHashTable        *query,
                             gpointer           user_data);
void _fb_server_root_handler (SoupServer        *server,
                              SoupServerMessage *msg,
                              const char        *path,
                              GHashTable        *query,
                              gpointer           user_data);

/* fb-server-live.c */
void _fb_server_live_end_session (FbServer   *self,
                                  const char *token_hash,
                                  const char *reason);
void _fb_server_store_changed_cb (FbServerStore *store,
                                  gint64         cursor,
                                  FbServer      *self);
void _fb_server_live_handler (SoupServer              *server,
                              SoupServerMessage       *msg,
                              const char              *path,
                              SoupWebsocketConnection *conn,
                              gpointer                 user_data);
void _fb_server_live_early_handler (SoupServer        *server,
                                    SoupServerMessage *msg,
                                    const char        *path,
                                    GHashTable        *query,
                                    gpointer           user_data);

G_END_DECLS
