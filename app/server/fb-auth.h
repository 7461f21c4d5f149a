/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-auth.h: password hashing (libsodium argon2id) and session tokens. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  fb_auth_init            (GError     **error);
/* An argon2id hash string (crypto_pwhash_str), NULL on failure. */
char     *fb_auth_hash_password   (const char  *password,
                                   GError     **error);
gboolean  fb_auth_verify_password (const char  *hash,
                                   const char  *password);
/* A fresh random bearer token (64 hex digits). */
char     *fb_auth_new_token       (void);
/* What the store keeps instead of the token: its SHA-256. */
char     *fb_auth_token_hash      (const char  *token);

G_END_DECLS
