/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-format.c: dates in the interface's language, whatever LC_TIME is. */
#include <glib/gi18n.h>
#include <locale.h>

#include "fb-format.h"
#include "fb-test-i18n.h"

static GDateTime *
monday (void)
{
  g_autoptr(GTimeZone) kst = g_time_zone_new_offset (9 * 3600);

  /* 2026-11-23 is a Monday. */
  return g_date_time_new (kst, 2026, 11, 23, 9, 5, 0);
}

static void
test_english (void)
{
  g_autoptr(GDateTime) dt = monday ();
  g_autofree char *a = NULL, *b = NULL, *c = NULL;

  g_setenv ("LANGUAGE", "C", TRUE);
  a = fb_date_time_format (dt, "%A, %B %-d, %Y");
  b = fb_date_time_format (dt, "%a %b %e, %H:%M");
  /* What is not a name is GLib's, %% too. */
  c = fb_date_time_format (dt, "100%% %Y-%m-%d %");
  g_assert_cmpstr (a, ==, "Monday, November 23, 2026");
  g_assert_cmpstr (b, ==, "Mon Nov 23, 09:05");
  g_assert_cmpstr (c, ==, "100% 2026-11-23 ");
}

static void
test_korean (void)
{
  g_autoptr(GDateTime) dt = monday ();
  g_autoptr(GDateTime) sunday = g_date_time_add_days (dt, 6);
  g_autofree char *a = NULL, *b = NULL, *c = NULL;

  /* LC_TIME stays C: the names still come out in Korean. */
  g_setenv ("LANGUAGE", "ko", TRUE);
  a = fb_date_time_format (dt, "%Y년 %-m월 %-d일 %A");
  b = fb_date_time_format (sunday, "%-m/%-d (%a)");
  c = fb_date_time_format (dt, "%B");
  g_assert_cmpstr (a, ==, "2026년 11월 23일 월요일");
  g_assert_cmpstr (b, ==, "11/29 (일)");
  g_assert_cmpstr (c, ==, "11월");
}

int
main (int   argc,
      char *argv[])
{
  fb_test_use_built_catalogue ();

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/format/english", test_english);
  g_test_add_func ("/format/korean", test_korean);
  return g_test_run ();
}
