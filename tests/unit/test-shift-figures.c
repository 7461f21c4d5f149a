/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A shift's figures from a real cache: only what falls in the shift (KST)
 * counts, and each figure is the one the rows imply. */
#define G_LOG_DOMAIN "test-shift-figures"

#include <glib/gstdio.h>
#include <string.h>

#include "fb-paths.h"
#include "fb-shift-figures.h"
#include "fb-test-cache.h"

/* The day shift of 2026-11-20 runs 08:00–20:00 KST = 23:00Z–11:00Z. */
#define DATE "2026-11-20"

static void
test_day_shift (void)
{
  g_auto(FbTestDir) dir = NULL;
  g_autoptr(FbStore) store = fb_test_cache_new_shift_day ("fb-figures", &dir);
  g_autoptr(GTimeZone) kst = g_time_zone_new_offset (9 * 3600);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = fb_shift_figures_compute (store, kst, DATE, FB_SHIFT_DAY, 1900000000, &error);
  JsonObject *o;

  g_assert_no_error (error);
  o = json_node_get_object (node);
  g_assert_cmpint (fb_test_member_int (o, "offered"), ==, 120);
  g_assert_cmpint (fb_test_member_int (o, "answered"), ==, 100);
  g_assert_cmpint (fb_test_member_int (o, "abandoned"), ==, 20);
  /* Weighted by answered calls: 80 of 100 within the threshold; 1200 s of waits. */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "service_level"), 0.80, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (o, "asa_s"), 12.0, 1e-9);
  g_assert_cmpint (fb_test_member_int (o, "escalations_opened"), ==, 2);
  g_assert_cmpint (fb_test_member_int (o, "escalations_closed"), ==, 1);
  g_assert_cmpint (fb_test_member_int (o, "escalations_overdue"), ==, 1);
  /* Both cases are billing ones: no complaint received. */
  g_assert_cmpint (fb_test_member_int (o, "complaints_received"), ==, 0);
  {
    gint64 consultations, inquiries, complaints;

    /* A report's counts: the two cases passed on are inquiries, the other
     * 98 answered calls consultations. */
    g_assert_true (fb_shift_figures_report_counts (o, &consultations, &inquiries, &complaints));
    g_assert_cmpint (consultations, ==, 98);
    g_assert_cmpint (inquiries, ==, 2);
    g_assert_cmpint (complaints, ==, 0);
  }
  g_assert_cmpint (fb_test_member_int (o, "callbacks_done"), ==, 1);
  g_assert_cmpint (fb_test_member_int (o, "on_leave"), ==, 1);
  g_assert_cmpint (fb_test_member_int (o, "swaps"), ==, 1);
  /* The cache keeps no attendance log: left out, not guessed. */
  g_assert_false (json_object_has_member (o, "late_over_20"));
}

static void
test_night_and_errors (void)
{
  g_auto(FbTestDir) dir = NULL;
  g_autoptr(FbStore) store = fb_test_cache_new_shift_day ("fb-figures", &dir);
  g_autoptr(GTimeZone) kst = g_time_zone_new_offset (9 * 3600);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) night = NULL;
  JsonNode *bad;
  JsonObject *o;

  /* 20:00 → 08:00: the 20:00 interval (700 calls) and ag-3's leave. */
  night = fb_shift_figures_compute (store, kst, DATE, FB_SHIFT_NIGHT, 1900000000, &error);
  g_assert_no_error (error);
  o = json_node_get_object (night);
  g_assert_cmpint (fb_test_member_int (o, "offered"), ==, 700);
  g_assert_cmpint (fb_test_member_int (o, "on_leave"), ==, 1);
  g_assert_cmpint (fb_test_member_int (o, "swaps"), ==, 0);

  bad = fb_shift_figures_compute (store, kst, "2026-13-01", FB_SHIFT_DAY, 1900000000, &error);
  g_assert_null (bad);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/shift-figures/day-shift", test_day_shift);
  g_test_add_func ("/shift-figures/night-and-errors", test_night_and_errors);
  return g_test_run ();
}
