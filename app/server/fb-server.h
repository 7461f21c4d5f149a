/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-server.h: the HTTP API v1 of floorboard-server on a SoupServer. */
#pragma once

#include <gio/gio.h>

#include "fb-center-clock.h"
#include "fb-types.h"

G_BEGIN_DECLS

#define FB_SERVER_DEFAULT_MAX_BODY   (1024 * 1024)
#define FB_SERVER_SESSION_LIFETIME_S (12 * 60 * 60)
#define FB_SERVER_SYNC_DEFAULT_LIMIT 500
#define FB_SERVER_SYNC_MAX_LIMIT     5000

#define FB_TYPE_SERVER (fb_server_get_type ())
G_DECLARE_FINAL_TYPE (FbServer, fb_server, FB, SERVER, GObject)

FbServer      *fb_server_new          (FbServerStore  *store);
FbServerStore *fb_server_get_store    (FbServer       *self);
void           fb_server_set_max_body (FbServer       *self,
                                       gsize           max_body);
/* @address must be an IP literal; @port 0 picks a free one. */
/* Requests per second and burst per client address (429 beyond), and the
 * seconds a connection may stay silent mid-request or idle. */
#define FB_SERVER_DEFAULT_RATE              200
#define FB_SERVER_DEFAULT_BURST             1000
#define FB_SERVER_DEFAULT_REQUEST_TIMEOUT_S 30
void           fb_server_set_rate_limit   (FbServer *self,
                                           double    per_s,
                                           double    burst);
void           fb_server_set_request_timeout (FbServer *self,
                                              guint     seconds);
/* Sign-in: wrong passwords allowed per user name and per address in a
 * window before 429 (defaults below). */
#define FB_SERVER_LOGIN_MAX_PER_USER    5
#define FB_SERVER_LOGIN_MAX_PER_ADDRESS 20
#define FB_SERVER_LOGIN_WINDOW_S        (15 * 60)
void           fb_server_set_login_limits (FbServer *self,
                                           guint     per_user,
                                           guint     per_address,
                                           guint     window_s);
void           fb_server_set_tls_certificate (FbServer *self,
                                              GTlsCertificate *certificate);
gboolean       fb_server_listen       (FbServer       *self,
                                       const char     *address,
                                       guint           port,
                                       GError        **error);
guint          fb_server_get_port     (FbServer       *self);
/* "http://127.0.0.1:NNNNN", NULL when not listening. */
char          *fb_server_dup_url      (FbServer       *self);
/* Stops listening and drops every open connection. */
void           fb_server_disconnect   (FbServer       *self);
/* Live frames every @msec (default 1000); benchmarks push faster. */
void           fb_server_set_live_interval (FbServer   *self,
                                       guint           msec);
guint64        fb_server_get_live_frames (FbServer     *self);
/* The QA criteria's weights, in fb_qa_criterion_keys order: non-negative,
 * not all 0; FALSE (nothing changed) otherwise. */
gboolean       fb_server_set_qa_weights (FbServer      *self,
                                       const double    weights[],
                                       guint           n_weights);
/* The center's clock (Asia/Seoul unless set): the rules count days and
 * shifts in its zone, and every sync page and session answer names it. */
FbCenterClock *fb_server_get_center_clock (FbServer      *self);
void           fb_server_set_center_clock (FbServer      *self,
                                           FbCenterClock *clock);

G_END_DECLS
