/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-mask.c */
#define G_LOG_DOMAIN "floorboard-core"

#include <string.h>

#include "fb-mask.h"

/* Characters are counted and replaced as Unicode characters: a full-width
 * digit (０-９) or a Hangul syllable is one character, never a byte. */

char *
fb_mask_phone (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;
  guint n_digits = 0, index = 0, keep_head, keep_tail;

  if (text == NULL)
    return g_strdup ("");
  valid = g_utf8_make_valid (text, -1);

  /* A '*' stands for a digit hidden already: counted as one, so masking
   * a masked number keeps the same digits. */
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isdigit (g_utf8_get_char (p)) || *p == '*')
      n_digits++;

  /* A Korean mobile number has 10–11 digits, a Seoul line 9: the carrier
   * or area prefix and the last four identify no one. Shorter strings of
   * digits keep less, so no short number is ever shown whole. */
  if (n_digits >= 9)
    keep_head = 3, keep_tail = 4;
  else if (n_digits >= 6)
    keep_head = 0, keep_tail = 4;
  else
    keep_head = 0, keep_tail = n_digits / 2;

  out = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isdigit (c) && c != '*')
        {
          g_string_append_unichar (out, c);
          continue;
        }
      if (c != '*' && (index < keep_head || index >= n_digits - keep_tail))
        g_string_append_unichar (out, c);
      else
        g_string_append_c (out, '*');
      index++;
    }
  return g_string_free (out, FALSE);
}

char *
fb_mask_name (const char *name)
{
  g_autofree char *valid = NULL;
  GString *out;
  glong n = 0, index = 0;
  const char *p;

  if (name == NULL)
    return g_strdup ("");
  valid = g_strstrip (g_utf8_make_valid (name, -1));

  for (p = valid; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      n++;

  out = g_string_sized_new (strlen (valid));
  for (p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          g_string_append_c (out, ' ');
          continue;
        }
      /* One character alone is a name too: it is hidden as well. */
      if (n > 1 && (index == 0 || (n > 2 && index == n - 1)))
        g_string_append_unichar (out, c);
      else
        g_string_append_c (out, '*');
      index++;
    }
  return g_string_free (out, FALSE);
}
