/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-json-guard.c */
#define G_LOG_DOMAIN "floorboard-core"

#include <glib/gi18n.h>
#include <string.h>

#include "fb-json-guard.h"

G_DEFINE_QUARK (fb-json-error-quark, fb_json_error)

/* A member's name in a field path is cut here: a hostile name may be
 * as long as the body. */
#define MAX_NAME_BYTES 64

typedef struct
{
  gboolean object;
  gboolean has_key;
  gsize    key_at;   /* object: the current member's name, raw, in data */
  gsize    key_len;
  guint    index;    /* array: the current element */
} Level;

/* "scores.tone", "assignments[2].seat_id": where the scan is, by the
 * names as written (escapes left as they are). NULL at the top. */
/* Four hex digits at @p (of @avail bytes): their value, or -1. */
static int
hex4 (const char *p,
      gsize       avail)
{
  int value = 0;

  if (avail < 4)
    return -1;
  for (guint k = 0; k < 4; k++)
    {
      int digit = g_ascii_xdigit_value (p[k]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

/* The length of the "\uXXXX" escape at @p (of @avail bytes), 12 for a
 * surrogate pair, or 0 when JSON does not allow it: fewer than four hex
 * digits, a high surrogate not followed by a low one, a lone low one.
 * Sets @nul for "\u0000". */
static gsize
unicode_escape (const char *p,
                gsize       avail,
                gboolean   *nul)
{
  int high, low;

  g_assert (avail >= 2 && p[0] == '\\' && p[1] == 'u');

  if ((high = hex4 (p + 2, avail - 2)) < 0)
    return 0;
  if (high == 0)
    *nul = TRUE;
  if (high >= 0xDC00 && high <= 0xDFFF)
    return 0;
  if (high < 0xD800 || high > 0xDBFF)
    return 6;
  if (avail < 12 || p[6] != '\\' || p[7] != 'u' ||
      (low = hex4 (p + 8, avail - 8)) < 0xDC00 || low > 0xDFFF)
    return 0;
  return 12;
}

static char *
field_path (const char  *data,
            const Level *levels,
            guint        depth)
{
  g_autoptr(GString) path = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    {
      const Level *level = &levels[i];

      if (level->object && level->has_key)
        {
          /* A cut through a character leaves U+FFFD: still UTF-8. */
          g_autofree char *name = g_utf8_make_valid (data + level->key_at,
                                                     MIN (level->key_len, MAX_NAME_BYTES));

          if (path->len > 0)
            g_string_append_c (path, '.');
          g_string_append (path, name);
        }
      else if (!level->object)
        g_string_append_printf (path, "[%u]", level->index);
    }
  return path->len > 0 ? g_string_free (g_steal_pointer (&path), FALSE) : NULL;
}

gboolean
fb_json_check (const char  *data,
               gsize        len,
               guint        max_depth,
               char       **field,
               GError     **error)
{
  g_autofree Level *levels = NULL;
  guint depth = 0;
  gboolean want_key = FALSE;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (field == NULL || *field == NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  levels = g_new0 (Level, max_depth + 1);
  for (gsize i = 0; i < len; i++)
    {
      switch (data[i])
        {
        case '{':
        case '[':
          if (depth >= max_depth)
            {
              g_set_error (error, FB_JSON_ERROR, FB_JSON_ERROR_TOO_DEEP,
                           _("The JSON is nested deeper than %u levels"), max_depth);
              return FALSE;
            }
          levels[depth] = (Level) { .object = data[i] == '{' };
          want_key = levels[depth].object;
          depth++;
          break;

        case '}':
        case ']':
          /* Unbalanced is the parser's to refuse; the count stays sane. */
          if (depth > 0)
            depth--;
          want_key = FALSE;
          break;

        case ',':
          if (depth > 0 && levels[depth - 1].object)
            {
              levels[depth - 1].has_key = FALSE;
              want_key = TRUE;
            }
          else if (depth > 0)
            levels[depth - 1].index++;
          break;

        case '"':
          {
            gsize start = i + 1;
            gsize nul_at = 0;
            gboolean nul = FALSE;

            for (i = start; i < len && data[i] != '"'; i++)
              {
                if (data[i] == '\0' && !nul)
                  nul = TRUE, nul_at = i;
                else if (data[i] == '\\' && i + 1 < len)
                  {
                    char c = data[i + 1];
                    gsize used = 1;  /* past the escaped character, '"' or '\\' too */

                    if (c == 'u')
                      {
                        /* Exactly what JSON allows, or json-glib and this
                         * scan part ways: it takes "\u1" and a lone high
                         * surrogate, and reads on past a '"' doing so. */
                        if (!(used = unicode_escape (data + i, len - i, &nul)))
                          {
                            g_set_error_literal (error, FB_JSON_ERROR, FB_JSON_ERROR_INVALID,
                                                 _("The JSON has an escape sequence that JSON does not allow"));
                            return FALSE;
                          }
                        if (nul && nul_at == 0)
                          nul_at = i;
                        used--;
                      }
                    /* json-glib also reads C's octal escapes, "\0" being
                     * a NUL. */
                    else if (c == '0' || c == '\0')
                      {
                        if (!nul)
                          nul = TRUE, nul_at = i;
                      }
                    else if (strchr ("\"\\/bfnrt", c) == NULL)
                      {
                        /* Not JSON, whatever json-glib would make of it. */
                        g_set_error_literal (error, FB_JSON_ERROR, FB_JSON_ERROR_INVALID,
                                             _("The JSON has an escape sequence that JSON does not allow"));
                        return FALSE;
                      }
                    i += used;
                  }
              }
            if (want_key && depth > 0)
              {
                /* A NUL in a name is named by what comes before it. */
                levels[depth - 1].has_key = TRUE;
                levels[depth - 1].key_at = start;
                levels[depth - 1].key_len = (nul ? nul_at : i) - start;
                want_key = FALSE;
              }
            if (nul)
              {
                if (field != NULL)
                  *field = field_path (data, levels, depth);
                g_set_error_literal (error, FB_JSON_ERROR, FB_JSON_ERROR_NUL,
                                     _("A JSON string holds a NUL character (U+0000)"));
                return FALSE;
              }
          }
          break;

        case '/':
        case '\'':
          /* json-glib takes comments and single-quoted strings: a '"'
           * inside one would put this scan out of step with it, and hide
           * what follows. JSON has neither. */
          g_set_error_literal (error, FB_JSON_ERROR, FB_JSON_ERROR_INVALID,
                               _("The JSON has a comment or a single-quoted string, which JSON does not allow"));
          return FALSE;

        case '\0':
          if (field != NULL)
            *field = field_path (data, levels, depth);
          g_set_error_literal (error, FB_JSON_ERROR, FB_JSON_ERROR_NUL,
                               _("A JSON string holds a NUL character (U+0000)"));
          return FALSE;

        default:
          break;
        }
    }
  return TRUE;
}

JsonNode *
fb_json_parse (const char  *data,
               gsize        len,
               char       **field,
               GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!fb_json_check (data, len, FB_JSON_MAX_DEPTH, field, error))
    return NULL;
  if (len == 0 || !g_utf8_validate (data, len, NULL))
    {
      g_set_error_literal (error, FB_JSON_ERROR, FB_JSON_ERROR_INVALID,
                           len == 0 ? _("The JSON is empty") : _("The JSON is not valid UTF-8"));
      return NULL;
    }
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, len, &local_error))
    {
      g_set_error_literal (error, FB_JSON_ERROR, FB_JSON_ERROR_INVALID, local_error->message);
      return NULL;
    }
  if ((root = json_parser_steal_root (parser)) == NULL)
    g_set_error_literal (error, FB_JSON_ERROR, FB_JSON_ERROR_INVALID, _("The JSON is empty"));
  return root;
}
