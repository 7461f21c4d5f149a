/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-entity.c: every entity codec on hostile JSON. The first byte picks
 * the entity type; the rest is the row's JSON as a server (or a file)
 * might send it. Whatever it is: no crash, no leak, and a row the codec
 * accepts encodes to a form it accepts again, unchanged. */
#include <string.h>

#include "fb-entity.h"

int LLVMFuzzerTestOneInput (const guint8 *data, gsize size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        gsize         size)
{
  const FbEntitySpec * const *specs;
  const FbEntitySpec *spec;
  guint n_specs;
  gpointer entity;

  if (size < 1)
    return 0;
  specs = fb_entity_synced_specs (&n_specs);
  /* The audit rows too: the director's app reads them. */
  spec = data[0] % (n_specs + 1) == n_specs ? &fb_audit_spec : specs[data[0] % (n_specs + 1)];

  entity = fb_entity_decode_string (spec, (const char *) data + 1, (gssize) size - 1, NULL);
  if (entity != NULL)
    {
      g_autoptr(JsonNode) encoded = fb_entity_encode (spec, entity);
      g_autofree char *text = json_to_string (encoded, FALSE);
      gpointer again = fb_entity_decode_string (spec, text, -1, NULL);
      g_autoptr(JsonNode) reencoded = NULL;
      g_autofree char *retext = NULL;

      /* What was accepted once is accepted again, the same. */
      if (again == NULL)
        __builtin_trap ();
      reencoded = fb_entity_encode (spec, again);
      retext = json_to_string (reencoded, FALSE);
      if (strcmp (text, retext) != 0)
        __builtin_trap ();
      fb_entity_free (spec, again);
      fb_entity_free (spec, entity);
    }
  return 0;
}
