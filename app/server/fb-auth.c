/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-auth.c: argon2id password hashes and bearer tokens via libsodium. */
#define G_LOG_DOMAIN "floorboard-server"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <sodium.h>
#include <string.h>

#include "fb-auth.h"

gboolean
fb_auth_init (GError **error)
{
  if (sodium_init () < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Cannot initialise libsodium"));
      return FALSE;
    }
  return TRUE;
}

char *
fb_auth_hash_password (const char  *password,
                       GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];

  g_return_val_if_fail (password != NULL, NULL);

  if (!fb_auth_init (error))
    return NULL;
  if (crypto_pwhash_str_alg (hash, password, strlen (password),
                             crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("Not enough memory to hash the password"));
      return NULL;
    }
  return g_strdup (hash);
}

gboolean
fb_auth_verify_password (const char *hash,
                         const char *password)
{
  g_return_val_if_fail (hash != NULL, FALSE);
  g_return_val_if_fail (password != NULL, FALSE);

  if (sodium_init () < 0)
    return FALSE;
  return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

char *
fb_auth_new_token (void)
{
  guint8 bytes[32];
  char hex[sizeof bytes * 2 + 1];

  if (sodium_init () < 0)
    g_error ("libsodium failed to initialise");
  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2hex (hex, sizeof hex, bytes, sizeof bytes);
  sodium_memzero (bytes, sizeof bytes);
  return g_strdup (hex);
}

char *
fb_auth_token_hash (const char *token)
{
  g_return_val_if_fail (token != NULL, NULL);
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}
