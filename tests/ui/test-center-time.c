/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-center-time.c: what the window shows is the center's time, whatever
 * zone the machine is in. Run with TZ set to zones other than the
 * center's (tests/ui/meson.build). */
#define G_LOG_DOMAIN "test-center-time"

#include <adwaita.h>
#include <string.h>

#include "fb-center-clock.h"
#include "fb-entity.h"
#include "fb-paths.h"
#include "fb-row.h"
#include "fb-status-bar.h"
#include "fb-store.h"
#include "fb-summary-page.h"
#include "fb-sync-engine.h"
#include "fb-table-page.h"
#include "fb-test-cache.h"
#include "fb-test-fixture.h"
#include "fb-test-gui.h"
#include "fb-window.h"

/* 2026-11-20 01:00 UTC: 10:00 on the 20th in Seoul, 20:00 on the 19th in
 * New York, 01:00 on the 20th in UTC. */
#define INSTANT_S   G_GINT64_CONSTANT (1795136400)
#define INSTANT_ISO "2026-11-20T01:00:00Z"
#define SEOUL_TEXT  "Nov 20, 10:00"

static GtkApplication *app;

typedef struct
{
  char         *dir;
  char         *cache_path;
  FbStore      *store;
  FbSyncEngine *engine;
  FbWindow     *window;
} Ui;

static void
put_row (FbStore    *store,
         const char *type,
         const char *id,
         const char *json)
{
  fb_test_cache_put_normalized (store, type, id, 1, json);
}

/* A cache as a sync at INSTANT_S left it, for a center in @zone (NULL:
 * the default, Asia/Seoul), and the window on it. */
static void
ui_open (Ui         *ui,
         const char *zone)
{
  g_autoptr(GError) error = NULL;

  ui->dir = g_dir_make_tmp ("fb-center-time-XXXXXX", &error);
  g_assert_no_error (error);
  ui->cache_path = g_build_filename (ui->dir, "cache.db", NULL);
  ui->store = fb_store_open (ui->cache_path, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, &error);
  g_assert_no_error (error);
  g_assert_true (fb_store_set_meta_int (ui->store, "last_sync_at", INSTANT_S, &error));
  g_assert_no_error (error);
  if (zone != NULL)
    {
      g_assert_true (fb_store_set_center_time_zone (ui->store, zone, &error));
      g_assert_no_error (error);
    }
  put_row (ui->store, "agent", "agent-007",
           "{\"id\":\"agent-007\",\"name\":\"김민지\",\"employee_no\":\"CS-7\",\"grade\":\"senior\","
           "\"team_id\":\"t\",\"state\":\"on_call\"}");
  put_row (ui->store, "leave_request", "leave-1",
           "{\"id\":\"leave-1\",\"agent_id\":\"agent-007\",\"type\":\"vacation\",\"start_date\":\"2026-12-01\","
           "\"end_date\":\"2026-12-03\",\"submitted_at\":\"" INSTANT_ISO "\",\"status\":\"pending\"}");

  ui->engine = fb_sync_engine_new (ui->cache_path, &error);
  g_assert_no_error (error);
  ui->window = fb_window_new (app, ui->store, ui->engine);
  gtk_window_present (GTK_WINDOW (ui->window));
  g_assert_true (fb_test_wait_until (fb_test_is_mapped, ui->window, 10000));
}

static void
ui_close (Ui *ui)
{
  fb_test_destroy_window (ui->window);
  fb_sync_engine_stop (ui->engine);
  g_clear_object (&ui->engine);
  g_clear_object (&ui->store);
  fb_paths_remove_dir (ui->dir);
  g_clear_pointer (&ui->cache_path, g_free);
  g_clear_pointer (&ui->dir, g_free);
}

/* The status bar's "showing data from" and a table's time column. */
static void
test_status_bar (void)
{
  Ui ui = { 0 };
  const char *text;

  /* The machine's zone must not be the center's, or this proves nothing. */
  {
    g_autoptr(GTimeZone) local = g_time_zone_new_local ();
    g_autoptr(GDateTime) here = g_date_time_new_from_unix_utc (INSTANT_S);
    g_autoptr(GDateTime) local_dt = g_date_time_to_timezone (here, local);

    g_assert_cmpint (g_date_time_get_hour (local_dt), !=, 10);
  }

  ui_open (&ui, NULL);
  text = fb_status_bar_get_text (FB_STATUS_BAR (gtk_widget_get_template_child (GTK_WIDGET (ui.window), FB_TYPE_WINDOW, "status_bar")));
  g_test_message ("status bar: %s", text);
  g_assert_nonnull (strstr (text, "showing data from " SEOUL_TEXT));
  {
    FbTablePage *leave = FB_TABLE_PAGE (fb_window_get_table_page (ui.window, "leave"));
    g_autofree char *submitted = fb_table_page_dup_cell_text (leave, 0, 0);

    g_assert_cmpstr (submitted, ==, SEOUL_TEXT);
  }
  ui_close (&ui);
}

/* The summary opens on the center's today, in the zone the server sent:
 * here 11 hours behind UTC, another date than Seoul's 20 hours a day and
 * than New York's 6. */
static void
test_summary_date (void)
{
  g_autoptr(FbCenterClock) clock = fb_center_clock_new_for_zone ("Pacific/Pago_Pago", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *date;
  Ui ui = { 0 };

  g_assert_nonnull (clock);
  before = fb_center_clock_date (clock, fb_center_clock_now (clock));
  ui_open (&ui, "Pacific/Pago_Pago");
  date = fb_summary_page_get_date (FB_SUMMARY_PAGE (fb_window_get_table_page (ui.window, "summary")));
  after = fb_center_clock_date (clock, fb_center_clock_now (clock));
  g_test_message ("summary date %s, center today %s", date, after);
  /* Midnight may pass while the window opens. */
  g_assert_true (g_strcmp0 (date, before) == 0 || g_strcmp0 (date, after) == 0);
  ui_close (&ui);
}

int
main (int   argc,
      char *argv[])
{
  if (!fb_test_gui_init (&argc, &argv))
    return 77;

  app = fb_test_gui_app_new ("org.floorboard.Floorboard.Test");

  g_test_add_func ("/ui/center-time/status-bar", test_status_bar);
  g_test_add_func ("/ui/center-time/summary-date", test_summary_date);

  return fb_test_gui_run (app);
}
