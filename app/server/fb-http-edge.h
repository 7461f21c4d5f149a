/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-http-edge.h: what the server does around libsoup 3.2 at the edge
 * of HTTP: requests it would read without end, connections it would
 * keep, a listen backlog it makes too small, and query values it would
 * cut at a NUL. */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Whether this libsoup keeps a kept-alive connection forever once the
 * client closes it (before 3.3): then every answer closes its own. */
gboolean  fb_http_keep_alive_leaks       (void);
/* Drops the reference libsoup before 3.4 leaks on each accepted socket;
 * call it as each message starts. */
void      fb_http_plug_accept_leak       (SoupServerMessage *msg);
/* 0 when @msg's Content-Length is a length (or it has none); else 400
 * when it is no number, 413 when it is one too large for libsoup. */
guint     fb_http_content_length_refusal (SoupServerMessage *msg);
/* Sends the status, headers and body set on @msg at once and closes the
 * connection, taken from libsoup. @msg may be gone on return. */
void      fb_http_answer_now             (SoupServerMessage *msg);
/* The query parameter of @msg whose name or value holds %00 ("" when it
 * cannot be named), or NULL. */
char     *fb_http_query_nul_parameter    (SoupServerMessage *msg);
/* A socket bound to @address and listening, with a backlog for a floor
 * of dashboards. */
GSocket  *fb_http_listen_socket          (GSocketAddress    *address,
                                          GError           **error);

G_END_DECLS
