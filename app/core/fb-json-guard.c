/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-json-guard.c */
#define G_LOG_DOMAIN "fb-json-guard"

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

                    /* "\u0000"; and json-glib also reads C's octal
                     * escapes, "\0" being a NUL. */
                    if ((c == 'u' && i + 5 < len && memcmp (data + i + 2, "0000", 4) == 0) ||
                        c == '0' || c == '\0')
                      {
                        if (!nul)
                          nul = TRUE, nul_at = i;
                      }
                    else if (strchr ("\"\\/bfnrtu", c) == NULL)
                      {
                        /* Not JSON, whatever json-glib would make of it. */
                        g_set_error_literal (error, FB_JSON_ERROR, FB_JSON_ERROR_INVALID,
                                             _("The JSON has an escape sequence that JSON does not allow"));
                        return FALSE;
                      }
                    i++;  /* the escaped character, '"' or '\\' too */
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
