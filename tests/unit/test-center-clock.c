/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The center's clock: dates, shifts and quarters in the center's zone,
 * the same whatever zone the machine is in (meson runs this test with
 * TZ=UTC and TZ=America/New_York). */
#include <gio/gio.h>

#include "fb-center-clock.h"

static gint64
utc (const char *iso)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (t);
  return g_date_time_to_unix (t);
}

static void
test_default_seoul (void)
{
  g_autoptr(FbCenterClock) clock = fb_center_clock_new ();
  g_autofree char *date = NULL, *night = NULL, *when = NULL;
  gint64 start, end;

  g_assert_cmpstr (fb_center_clock_get_zone_name (clock), ==, "Asia/Seoul");
  /* 23:30 UTC on the 7th is 08:30 on the 8th in Seoul: the day shift. */
  date = fb_center_clock_date (clock, utc ("2026-12-07T23:30:00Z"));
  g_assert_cmpstr (date, ==, "2026-12-08");
  g_clear_pointer (&date, g_free);
  g_assert_cmpint (fb_center_clock_shift_at (clock, utc ("2026-12-07T23:30:00Z"), &date, &start, &end),
                   ==, FB_SHIFT_DAY);
  g_assert_cmpstr (date, ==, "2026-12-08");
  g_assert_cmpint (start, ==, utc ("2026-12-07T23:00:00Z"));
  g_assert_cmpint (end, ==, utc ("2026-12-08T11:00:00Z"));
  /* 07:30 on the 8th in Seoul is still the night named after the 7th. */
  g_assert_cmpint (fb_center_clock_shift_at (clock, utc ("2026-12-07T22:30:00Z"), &night, &start, &end),
                   ==, FB_SHIFT_NIGHT);
  g_assert_cmpstr (night, ==, "2026-12-07");
  g_assert_cmpint (start, ==, utc ("2026-12-07T11:00:00Z"));
  g_assert_cmpint (end, ==, utc ("2026-12-07T23:00:00Z"));

  g_assert_true (fb_center_clock_day_bounds (clock, "2026-12-08", &start, &end));
  g_assert_cmpint (start, ==, utc ("2026-12-07T15:00:00Z"));
  g_assert_cmpint (end - start, ==, 24 * 3600);
  g_assert_cmpint (fb_center_clock_day_start (clock, utc ("2026-12-07T14:59:59Z")), ==,
                   utc ("2026-12-06T15:00:00Z"));
  g_assert_cmpint (fb_center_clock_at (clock, "2026-12-08", 20, 0), ==, utc ("2026-12-08T11:00:00Z"));
  g_assert_cmpint (fb_center_clock_at (clock, "2026-12-08", 32, 0), ==, utc ("2026-12-08T23:00:00Z"));
  when = fb_center_clock_format (clock, utc ("2026-12-07T23:30:00Z"), "%H:%M");
  g_assert_cmpstr (when, ==, "08:30");
  g_assert_cmpint (fb_center_clock_quarter_start (clock, utc ("2026-12-07T23:44:59Z")), ==,
                   utc ("2026-12-07T23:30:00Z"));
}

/* New York's days around a change of clocks are 23 and 25 hours long,
 * and its shifts still turn at 08:00 and 20:00 on the wall clock. */
static void
test_new_york_clock_changes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbCenterClock) clock = fb_center_clock_new_for_zone ("America/New_York", &error);
  gint64 start, end;

  g_assert_no_error (error);
  g_assert_true (fb_center_clock_day_bounds (clock, "2026-03-08", &start, &end));
  g_assert_cmpint (end - start, ==, 23 * 3600);
  g_assert_true (fb_center_clock_day_bounds (clock, "2026-11-01", &start, &end));
  g_assert_cmpint (end - start, ==, 25 * 3600);
  /* The night from 20:00 EDT on Oct 31 to 08:00 EST on Nov 1: 13 hours. */
  g_assert_true (fb_center_clock_shift_bounds (clock, "2026-10-31", FB_SHIFT_NIGHT, &start, &end));
  g_assert_cmpint (start, ==, utc ("2026-11-01T00:00:00Z"));
  g_assert_cmpint (end, ==, utc ("2026-11-01T13:00:00Z"));
  g_assert_true (fb_center_clock_shift_bounds (clock, "2026-12-08", FB_SHIFT_DAY, &start, &end));
  g_assert_cmpint (start, ==, utc ("2026-12-08T13:00:00Z"));
}

/* A zone half an hour off UTC has its own quarter-hours. */
static void
test_quarters_in_kolkata (void)
{
  g_autoptr(FbCenterClock) clock = fb_center_clock_new_for_zone ("Asia/Kolkata", NULL);

  g_assert_nonnull (clock);
  /* 04:40 UTC is 10:10 in Kolkata: its quarter began at 10:00 (04:30 UTC). */
  g_assert_cmpint (fb_center_clock_quarter_start (clock, utc ("2026-12-08T04:40:00Z")), ==,
                   utc ("2026-12-08T04:30:00Z"));
}

static void
notified (GObject    *object,
          GParamSpec *pspec,
          gpointer    user_data)
{
  (*(int *) user_data)++;
}

static void
test_bad_zones (void)
{
  const char *bad[] = { "", "Mars/Olympus_Mons", "../../etc/passwd", "/etc/localtime",
                        "Asia/Seoul/../Tokyo", "Asia//Seoul", "Asia/Seoul\n", "Asia Seoul",
                        "Asia/Seoul/", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" };
  g_autoptr(FbCenterClock) clock = fb_center_clock_new ();
  int notifications = 0;

  g_signal_connect (clock, "notify::zone-name", G_CALLBACK (notified), &notifications);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (fb_center_time_zone_is_valid (bad[i]));
      g_assert_false (fb_center_clock_set_zone_name (clock, bad[i], &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_assert_cmpstr (fb_center_clock_get_zone_name (clock), ==, "Asia/Seoul");
    }
  g_assert_false (fb_center_clock_set_zone_name (clock, NULL, NULL));
  g_assert_cmpint (notifications, ==, 0);
  g_assert_true (fb_center_clock_set_zone_name (clock, "UTC", NULL));
  g_assert_cmpint (notifications, ==, 1);
  g_assert_true (fb_center_clock_set_zone_name (clock, "UTC", NULL));
  g_assert_cmpint (notifications, ==, 1);
  g_assert_false (fb_center_clock_day_bounds (clock, "2026-02-30", &(gint64){0}, &(gint64){0}));
  g_assert_cmpint (fb_center_clock_at (clock, "not a date", 8, 0), ==, -1);
}

/* The machine's own zone never leaks in: the same instant gives the same
 * center date wherever the test runs. */
static void
test_machine_zone_ignored (void)
{
  g_autoptr(FbCenterClock) clock = fb_center_clock_new ();
  g_autoptr(GDateTime) machine = g_date_time_new_from_unix_local (utc ("2026-12-08T02:00:00Z"));
  g_autofree char *date = fb_center_clock_date (clock, utc ("2026-12-08T02:00:00Z"));

  g_test_message ("machine zone %s, machine date %d", g_getenv ("TZ") ? g_getenv ("TZ") : "(unset)",
                  g_date_time_get_day_of_month (machine));
  g_assert_cmpstr (date, ==, "2026-12-08");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/center-clock/default-seoul", test_default_seoul);
  g_test_add_func ("/center-clock/new-york-clock-changes", test_new_york_clock_changes);
  g_test_add_func ("/center-clock/quarters-in-kolkata", test_quarters_in_kolkata);
  g_test_add_func ("/center-clock/bad-zones", test_bad_zones);
  g_test_add_func ("/center-clock/machine-zone-ignored", test_machine_zone_ignored);
  return g_test_run ();
}
