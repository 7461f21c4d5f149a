/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-json-guard.c: the check every JSON from the network passes before
 * json-glib: nesting past the limit and U+0000 in a string are refused,
 * the field holding the NUL is named, and strings, escapes and ordinary
 * documents are left alone. */
#define G_LOG_DOMAIN "test-json-guard"

#include <string.h>

#include "fb-json-guard.h"

static char *
nested (guint       depth,
        const char *open,
        const char *inner,
        const char *close)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append (s, open);
  g_string_append (s, inner);
  for (guint i = 0; i < depth; i++)
    g_string_append (s, close);
  return g_string_free (s, FALSE);
}

static void
test_depth (void)
{
  g_autofree char *at_limit = nested (FB_JSON_MAX_DEPTH, "[", "1", "]");
  g_autofree char *past = nested (FB_JSON_MAX_DEPTH + 1, "[", "1", "]");
  g_autofree char *objects = nested (FB_JSON_MAX_DEPTH + 1, "{\"a\":", "1", "}");
  g_autofree char *attack = nested (75000, "[", "", "");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  node = fb_json_parse (at_limit, strlen (at_limit), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);

  g_assert_null (fb_json_parse (past, strlen (past), NULL, &error));
  g_assert_error (error, FB_JSON_ERROR, FB_JSON_ERROR_TOO_DEEP);
  g_clear_error (&error);
  g_assert_null (fb_json_parse (objects, strlen (objects), NULL, &error));
  g_assert_error (error, FB_JSON_ERROR, FB_JSON_ERROR_TOO_DEEP);
  g_clear_error (&error);
  /* The body that took the server down: refused, no recursion. */
  g_assert_null (fb_json_parse (attack, strlen (attack), NULL, &error));
  g_assert_error (error, FB_JSON_ERROR, FB_JSON_ERROR_TOO_DEEP);
  g_clear_error (&error);
}

static void
test_strings_are_not_nesting (void)
{
  /* Brackets inside strings, escaped quotes and backslashes count for
   * nothing: 200 of them in one string at depth 1. */
  g_autofree char *brackets = nested (200, "[", "", "");
  g_autofree char *text = g_strdup_printf ("{\"a\":\"%s\\\"[[\\\\\",\"b\":[\"]]]]\"]}", brackets);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = fb_json_parse (text, strlen (text), NULL, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
}

static void
assert_nul (const char *text,
            const char *field)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *got = NULL;

  g_assert_null (fb_json_parse (text, strlen (text), &got, &error));
  g_assert_error (error, FB_JSON_ERROR, FB_JSON_ERROR_NUL);
  g_assert_cmpstr (got, ==, field);
}

static void
test_nul (void)
{
  static const char raw[] = "{\"a\":\"x\0y\"}";
  static const char escaped[] = "{\"a\":\"\\\\u0000\",\"b\":\"\\u0041\\u00e9\"}";
  g_autoptr(GError) error = NULL;
  g_autofree char *field = NULL;
  g_autoptr(JsonNode) node = NULL;

  assert_nul ("{\"username\":\"director\\u0000x\"}", "username");
  assert_nul ("{\"username\":\"sup\",\"password\":\"demo\\u0000garbage\"}", "password");
  assert_nul ("{\"scores\":{\"tone\":1,\"note\":\"ab\\u0000cd\"}}", "scores.note");
  assert_nul ("{\"assignments\":[{\"seat_id\":\"s\"},{\"seat_id\":\"s\",\"agent_id\":\"\\u0000\"}]}",
              "assignments[1].agent_id");
  assert_nul ("{\"na\\u0000me\":1}", "na");
  assert_nul ("\"\\u0000\"", NULL);
  /* json-glib reads C's octal escapes too: "\0" is a NUL to it. */
  assert_nul ("{\"password\":\"demo\\0garbage\"}", "password");
  assert_nul ("{\"password\":\"demo\\000\"}", "password");

  /* A raw NUL byte is no better. */
  g_assert_null (fb_json_parse (raw, sizeof raw - 1, &field, &error));
  g_assert_error (error, FB_JSON_ERROR, FB_JSON_ERROR_NUL);
  g_assert_cmpstr (field, ==, "a");
  g_clear_error (&error);
  g_clear_pointer (&field, g_free);

  /* An escaped backslash before "u0000" is text, and other \u escapes pass. */
  node = fb_json_parse (escaped, sizeof escaped - 1, &field, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_assert_null (field);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "a"), ==, "\\u0000");
}

static void
test_invalid (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (fb_json_parse ("", 0, NULL, &error));
  g_assert_error (error, FB_JSON_ERROR, FB_JSON_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (fb_json_parse ("  ", 2, NULL, &error));
  g_assert_error (error, FB_JSON_ERROR, FB_JSON_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (fb_json_parse ("{\"a\":\xff}", 7, NULL, &error));
  g_assert_error (error, FB_JSON_ERROR, FB_JSON_ERROR_INVALID);
  g_clear_error (&error);
  /* Escapes JSON does not have. */
  g_assert_null (fb_json_parse ("{\"a\":\"\\x00\"}", 12, NULL, &error));
  g_assert_error (error, FB_JSON_ERROR, FB_JSON_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (fb_json_parse ("{\"a\":\"\\7\"}", 10, NULL, &error));
  g_assert_error (error, FB_JSON_ERROR, FB_JSON_ERROR_INVALID);
  g_clear_error (&error);
  /* json-glib's comments and single quotes could hide a '"' from the
   * scan, and the nesting after it. */
  {
    g_autofree char *deep = nested (75000, "[", "", "");
    g_autofree char *comment = g_strconcat ("{\"a\":/* \" */", deep, NULL);
    g_autofree char *quoted = g_strconcat ("{'x':'\"','a':", deep, NULL);

    g_assert_null (fb_json_parse (comment, strlen (comment), NULL, &error));
    g_assert_error (error, FB_JSON_ERROR, FB_JSON_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_null (fb_json_parse (quoted, strlen (quoted), NULL, &error));
    g_assert_error (error, FB_JSON_ERROR, FB_JSON_ERROR_INVALID);
    g_clear_error (&error);
  }
  g_assert_null (fb_json_parse ("]]]]{", 5, NULL, &error));
  g_assert_error (error, FB_JSON_ERROR, FB_JSON_ERROR_INVALID);
  g_clear_error (&error);
}

/* json-glib takes a "\\u" with fewer than four hex digits, or a lone
 * high surrogate, and reads on past a '"' as it does: a scan that ended
 * the string there saw the nesting after it as text. Each such escape is
 * refused; the forms JSON has are read as before. */
static void
test_unicode_escapes (void)
{
  static const char * const bad[] = {
    "[\"\\u1\"\",",             /* one digit, then the '"' json-glib eats */
    "[\"\\u12\"\",",
    "[\"\\u123\"\",",
    "[\"\\uD800\"x\",",         /* a high surrogate with no low one */
    "[\"\\uD800\\u0041\",",     /* … or with another escape after it */
    "[\"\\uDC00\",",           /* a lone low surrogate */
    "[\"\\u00\"",              /* cut short at the end */
  };
  static const struct { const char *json, *value; } good[] = {
    { "{\"a\":\"\\u0041\\u00e9\"}", "A\xc3\xa9" },
    { "{\"a\":\"\\uD83D\\uDE00\"}", "\xf0\x9f\x98\x80" },
    { "{\"a\":\"\\uac00\"}", "\xea\xb0\x80" },
  };

  for (guint k = 0; k < G_N_ELEMENTS (bad); k++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *deep = nested (200, "[", "", "]");
      g_autofree char *json = g_strconcat (bad[k], deep, "]", NULL);

      g_test_message ("%s", bad[k]);
      g_assert_null (fb_json_parse (json, strlen (json), NULL, &error));
      g_assert_error (error, FB_JSON_ERROR, FB_JSON_ERROR_INVALID);
    }
  /* The NUL check is not passed by the same road. */
  {
    g_autoptr(GError) error = NULL;
    const char *json = "{\"a\":\"adm\\u000\"in\"}";

    g_assert_null (fb_json_parse (json, strlen (json), NULL, &error));
    g_assert_nonnull (error);
  }
  for (guint k = 0; k < G_N_ELEMENTS (good); k++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = fb_json_parse (good[k].json, strlen (good[k].json), NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "a"), ==, good[k].value);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/json-guard/depth", test_depth);
  g_test_add_func ("/json-guard/unicode-escapes", test_unicode_escapes);
  g_test_add_func ("/json-guard/strings-are-not-nesting", test_strings_are_not_nesting);
  g_test_add_func ("/json-guard/nul", test_nul);
  g_test_add_func ("/json-guard/invalid", test_invalid);
  return g_test_run ();
}
