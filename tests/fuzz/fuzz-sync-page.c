/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-sync-page.c: a /sync page as the engine reads it from the network,
 * hostile: no crash, no leak, and a page accepted is one whose every row
 * its codec accepts. */
#include <string.h>

#include "fb-entity.h"
#include "fb-store.h"
#include "fb-sync-engine-private.h"

int LLVMFuzzerTestOneInput (const guint8 *data, gsize size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        gsize         size)
{
  g_autoptr(GPtrArray) changes = NULL;
  gint64 cursor = 0, head = 0;
  gboolean more = FALSE;

  changes = fb_sync_parse_page ((const char *) data, size, "server-1", &cursor, &head, &more, NULL, NULL);
  if (changes == NULL)
    return 0;
  for (guint i = 0; i < changes->len; i++)
    {
      FbChange *change = g_ptr_array_index (changes, i);
      const FbEntitySpec *spec = fb_entity_spec_lookup (change->type);
      gpointer entity;

      if (spec == NULL || change->version <= 0 || change->version > cursor)
        __builtin_trap ();
      if (change->deleted)
        continue;
      if (!(entity = fb_entity_decode_string (spec, change->data, -1, NULL)))
        __builtin_trap ();
      fb_entity_free (spec, entity);
    }
  return 0;
}
