/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-server-replay.c: idempotent writes: the Idempotency-Key, the kept answers
 * and their replay. */
#define G_LOG_DOMAIN "floorboard-server"

#include <glib/gi18n.h>
#include <string.h>

#include "fb-server-private.h"

static char *
request_hash (SoupServerMessage *msg,
              const char        *path)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  gsize len;
  const guchar *data = g_bytes_get_data (bytes, &len);

  g_checksum_update (sum, (const guchar *) soup_server_message_get_method (msg), -1);
  g_checksum_update (sum, (const guchar *) "\n", 1);
  g_checksum_update (sum, (const guchar *) path, -1);
  g_checksum_update (sum, (const guchar *) "\n", 1);
  if (len > 0)
    g_checksum_update (sum, data, len);
  return g_strdup (g_checksum_get_string (sum));
}

/* Kept answers: a day at least, for the outbox's retries after a long
 * outage; gone after a week, so the table stays small. */
#define REPLY_KEEP_S          (7 * 24 * 3600)
#define REPLY_PRUNE_EVERY_US  ((gint64) 3600 * G_USEC_PER_SEC)

G_STATIC_ASSERT (REPLY_KEEP_S >= 24 * 3600);

void
_fb_server_prune_replies (FbServer *self)
{
  g_autoptr(GError) error = NULL;

  self->pruned_at = g_get_monotonic_time ();
  if (fb_server_store_prune_replies (self->store, g_get_real_time () / G_USEC_PER_SEC - REPLY_KEEP_S,
                                     &error) < 0)
    g_warning ("Could not forget old write answers: %s", error->message);
}

/* Called as writes come: at most hourly, and no timer while nobody writes. */
static void
maybe_prune_replies (FbServer *self)
{
  if (g_get_monotonic_time () - self->pruned_at >= REPLY_PRUNE_EVERY_US)
    _fb_server_prune_replies (self);
}

/* Returns TRUE when @msg got a kept answer again (a replay). */
gboolean
_fb_server_handle_write (FbServer          *self,
                         SoupServerMessage *msg,
                         const char        *path,
                         const FbCaller    *caller,
                         const char        *target_id,
                         RoleCheck         *may,
                         WriteFunc         *func)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *key = soup_message_headers_get_one (headers, "Idempotency-Key");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *first_hash = NULL;
  g_autofree char *first_body = NULL;
  g_autoptr(GBytes) answer = NULL;
  JsonObject *object;
  guint first_status = 0, status;

  if (key == NULL || key[0] == '\0' || strlen (key) > MAX_KEY_BYTES || !g_utf8_validate (key, -1, NULL))
    {
      _fb_server_set_error (msg, SOUP_STATUS_BAD_REQUEST, "missing_idempotency_key", NULL,
                            _("A write needs an Idempotency-Key header of up to 200 characters"));
      return FALSE;
    }
  maybe_prune_replies (self);
  hash = request_hash (msg, path);
  if (!fb_server_store_get_reply (self->store, caller->user_id, key, &first_hash, &first_status,
                                  &first_body, &error))
    {
      if (error != NULL)
        {
          _fb_server_set_internal_error (msg, error);
          return FALSE;
        }
    }
  else if (g_strcmp0 (first_hash, hash) == 0)
    {
      /* A retry: the first answer again, no second effect. */
      soup_server_message_set_status (msg, first_status, NULL);
      soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_COPY,
                                        first_body, strlen (first_body));
      return TRUE;
    }
  else
    {
      _fb_server_set_error (msg, 422, "idempotency_key_reused", NULL,
                            _("This Idempotency-Key was already used for a different request"));
      return FALSE;
    }

  if (!(object = _fb_server_parse_body (msg, &root)))
    return FALSE;
  if (!fb_server_store_begin (self->store, &error))
    {
      _fb_server_set_internal_error (msg, error);
      return FALSE;
    }
  /* The role is checked with the body read, as the handler's first step. */
  if (may == NULL || may (msg, caller))
    func (self, msg, caller, object, target_id);
  status = soup_server_message_get_status (msg);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      fb_server_store_rollback (self->store);
      return FALSE;
    }
  answer = soup_message_body_flatten (soup_server_message_get_response_body (msg));
  {
    g_autofree char *text = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));

    if (!fb_server_store_put_reply (self->store, caller->user_id, key,
                                    soup_server_message_get_method (msg), path,
                                    hash, status, text, &error) ||
        !fb_server_store_commit (self->store, &error))
      {
        fb_server_store_rollback (self->store);
        _fb_server_set_internal_error (msg, error);
      }
  }
  return FALSE;
}
