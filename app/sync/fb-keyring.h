/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-keyring.h: the session token kept in the Secret Service.
 *
 * One item per server address and user name; the token is the secret, the
 * rest are attributes. Where no Secret Service answers, nothing is kept:
 * never a plain file.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  char *token;
  char *user_id;
  char *role;
  char *server_id;
} FbKeptSession;

void           fb_kept_session_free   (FbKeptSession       *session);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbKeptSession, fb_kept_session_free)

void           fb_keyring_store_async (const char          *server_url,
                                       const char          *username,
                                       const FbKeptSession *session,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
gboolean       fb_keyring_store_finish (GAsyncResult       *result,
                                        GError            **error);
/* NULL and no error: nothing kept for this server and user. */
void           fb_keyring_lookup_async (const char         *server_url,
                                        const char         *username,
                                        GCancellable       *cancellable,
                                        GAsyncReadyCallback callback,
                                        gpointer            user_data);
FbKeptSession *fb_keyring_lookup_finish (GAsyncResult      *result,
                                         GError           **error);
void           fb_keyring_clear_async (const char          *server_url,
                                       const char          *username,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
gboolean       fb_keyring_clear_finish (GAsyncResult       *result,
                                        GError            **error);

G_END_DECLS
