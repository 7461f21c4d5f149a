/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-mask.c: customer phone numbers and names are never shown whole. */
#include <glib.h>

#include "fb-mask.h"

static void
test_phone (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "010-1234-5678", "010-****-5678" },
    { "01012345678", "010****5678" },
    { "02-123-4567", "02-1**-4567" },
    { "+82 10-1234-5678", "+82 1*-****-5678" },
    { "010-****-1234", "010-****-1234" },   /* masked already: unchanged */
    { "１２３４５６７８９０", "１２３***７８９０" }, /* full-width digits */
    { "123456", "**3456" },
    { "1234", "**34" },
    { "7", "*" },
    { "CUST-REF", "CUST-REF" },             /* no digits: nothing to hide */
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *masked = fb_mask_phone (cases[i].in);
      g_autofree char *twice = fb_mask_phone (masked);

      g_assert_cmpstr (masked, ==, cases[i].out);
      g_assert_cmpstr (twice, ==, masked);
    }
}

static void
test_name (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "김민수", "김*수" },
    { "이수", "이*" },
    { "남궁민수", "남**수" },
    { "김", "*" },
    { "김*수", "김*수" },
    { " 박지성 ", "박*성" },
    { "John Smith", "J*** ****h" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *masked = fb_mask_name (cases[i].in);
      g_autofree char *twice = fb_mask_name (masked);

      g_assert_cmpstr (masked, ==, cases[i].out);
      g_assert_cmpstr (twice, ==, masked);
    }
}

static void
test_bad_input (void)
{
  g_autofree char *null_phone = fb_mask_phone (NULL);
  g_autofree char *null_name = fb_mask_name (NULL);
  /* Invalid UTF-8 from the network: valid text out, digits still hidden. */
  g_autofree char *phone = fb_mask_phone ("010-1234-5678\xff");
  g_autofree char *name = fb_mask_name ("김\xc0민수");

  g_assert_cmpstr (null_phone, ==, "");
  g_assert_cmpstr (null_name, ==, "");
  g_assert_true (g_utf8_validate (phone, -1, NULL));
  g_assert_true (g_str_has_prefix (phone, "010-****-5678"));
  g_assert_true (g_utf8_validate (name, -1, NULL));
  g_assert_true (g_str_has_prefix (name, "김"));
  g_assert_null (g_strstr_len (name, -1, "민"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mask/phone", test_phone);
  g_test_add_func ("/mask/name", test_name);
  g_test_add_func ("/mask/bad-input", test_bad_input);
  return g_test_run ();
}
