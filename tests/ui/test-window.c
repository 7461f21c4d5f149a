/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window.c: the real window, in process, under Xvfb. */
#define G_LOG_DOMAIN "test-window"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "fb-center-clock.h"
#include "fb-connect-page.h"
#include "fb-entity.h"
#include "fb-floor-page-private.h"
#include "fb-intraday-chart.h"
#include "fb-quality-page-private.h"
#include "fb-queue-tile.h"
#include "fb-row.h"
#include "fb-seat-map-private.h"
#include "fb-server.h"
#include "fb-server-store.h"
#include "fb-status-bar.h"
#include "fb-store.h"
#include "fb-sync-engine.h"
#include "fb-table-page.h"
#include "fb-test-cache.h"
#include "fb-test-fixture.h"
#include "fb-test-gui.h"
#include "fb-test-window.h"
#include "fb-window.h"

static gboolean
histories_summed (gpointer data)
{
  return fb_floor_page_get_n_histories (data) > 0;
}

static GtkApplication *app;

static void
put_row (FbStore    *store,
         const char *type,
         const char *id,
         gint64      version,
         const char *json)
{
  fb_test_cache_put_normalized (store, type, id, version, json);
}

static FbWindow *
open_window (const char    *cache_path,
             FbSyncEngine **engine_out)
{
  return fb_test_window_open (app, cache_path, 0, 0, engine_out, NULL);
}

static const char *
figure (FbWindow   *window,
        int         position,
        const char *name)
{
  FbFloorPage *floor = FB_FLOOR_PAGE (fb_window_get_floor_page (window));
  GtkWidget *tile = position < 0 ? GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (floor), FB_TYPE_FLOOR_PAGE, "total_tile"))
                                 : fb_floor_page_get_tile (floor, position);

  g_assert_nonnull (tile);
  return fb_queue_tile_get_figure (FB_QUEUE_TILE (tile), name);
}

static void
alert_cb (FbFloorPage *floor,
          const char  *queue_id,
          const char  *name,
          int          level,
          GString     *log)
{
  g_string_append_printf (log, "%s:%d;", queue_id, level);
}

static void
test_prefilled_cache (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (0, 0);
  g_autoptr(FbStore) store = NULL;
  g_autoptr(FbSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  FbFloorPage *floor;
  FbTablePage *leave;
  FbQualityPage *quality;
  FbWindow *window;

  /* A cache as a sync would leave it: three queues and some rows. */
  store = fb_store_open (f->cache_path, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, &error);
  g_assert_no_error (error);
  g_assert_true (fb_store_begin (store, &error));
  put_row (store, "queue", "q-01", 1,
           "{\"id\":\"q-01\",\"name\":\"일반 상담\",\"sl_threshold_s\":20,\"waiting\":7,\"longest_wait_s\":95,"
           "\"agents_available\":3,\"agents_busy\":11,\"offered\":400,\"answered\":380,\"abandoned\":20,"
           "\"service_level\":0.8,\"asa_s\":14,\"aht_s\":200}");
  put_row (store, "queue", "q-02", 2,
           "{\"id\":\"q-02\",\"name\":\"요금·청구\",\"sl_threshold_s\":30,\"waiting\":2,\"longest_wait_s\":40,"
           "\"agents_available\":1,\"agents_busy\":5,\"offered\":100,\"answered\":95,\"abandoned\":5,"
           "\"service_level\":0.9,\"asa_s\":9,\"aht_s\":260}");
  put_row (store, "queue", "q-03", 3,
           "{\"id\":\"q-03\",\"name\":\"기술 지원\",\"sl_threshold_s\":20,\"waiting\":12,\"longest_wait_s\":310,"
           "\"agents_available\":0,\"agents_busy\":8,\"offered\":150,\"answered\":125,\"abandoned\":25,"
           "\"service_level\":0.6,\"asa_s\":48,\"aht_s\":330}");
  put_row (store, "agent", "agent-007", 4,
           "{\"id\":\"agent-007\",\"name\":\"김민지\",\"employee_no\":\"CS-7\",\"grade\":\"senior\","
           "\"team_id\":\"t\",\"state\":\"on_call\"}");
  put_row (store, "leave_request", "leave-1", 5,
           "{\"id\":\"leave-1\",\"agent_id\":\"agent-007\",\"type\":\"vacation\",\"start_date\":\"2026-12-01\","
           "\"end_date\":\"2026-12-03\",\"submitted_at\":\"2026-11-20T01:00:00Z\",\"status\":\"pending\"}");
  for (int i = 0; i < 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("qa-%d", i);
      g_autofree char *json = g_strdup_printf (
        "{\"id\":\"%s\",\"agent_id\":\"agent-007\",\"inspector\":\"u-inspector\","
        "\"evaluated_at\":\"2026-11-0%dT03:00:00Z\",\"call_ref\":\"CALL-%d\",\"scores\":{\"service_language\":80,"
        "\"attitude\":90,\"tone\":70,\"need_elicitation\":60,\"handling\":%d},\"total\":%d}",
        id, i + 1, i, 50 + 20 * (2 - i), 70 + 4 * (2 - i));
      put_row (store, "qa_evaluation", id, 6 + i, json);
    }
  /* Intraday history: two quarter hours today, one last week, one older.
   * Today is the center's (the cache names no zone: the default). */
  {
    g_autoptr(FbCenterClock) clock = fb_center_clock_new ();
    gint64 today = fb_center_clock_day_start (clock, fb_center_clock_now (clock));
    struct { gint64 start; int offered; } ivs[] = {
      { today, 10 }, { today, 14 }, { today - 7 * 86400 + 900, 30 }, { today - 3 * 86400, 99 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (ivs); i++)
      {
        g_autofree char *iso = fb_timestamp_to_iso (ivs[i].start);
        g_autofree char *id = g_strdup_printf ("q-01@%s#%u", iso, i);
        g_autofree char *json = g_strdup_printf (
          "{\"id\":\"%s\",\"queue_id\":\"q-01\",\"start\":\"%s\",\"offered\":%d,\"answered\":%d,"
          "\"abandoned\":0,\"answered_in_sl\":0,\"handle_time_s\":0,\"wait_time_s\":0}",
          id, iso, ivs[i].offered, ivs[i].offered);
        put_row (store, "queue_interval", id, 20 + i, json);
      }
  }
  g_assert_true (fb_store_set_meta_int (store, "last_sync_at", 1763780000, &error));
  g_assert_true (fb_store_commit (store, &error));

  window = open_window (f->cache_path, &engine);

  /* Opens on the cached floor without any server. */
  g_assert_cmpstr (fb_window_get_visible_view (window), ==, "dashboard");

  /* Alt+1…5 go to the pages; a page that is not there changes nothing. */
  {
    g_autoptr(GSettings) settings = g_settings_new ("org.floorboard.Floorboard");
    g_autofree char *page = NULL;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "quality"));
    page = g_settings_get_string (settings, "last-page");
    g_assert_cmpstr (page, ==, "quality");
    g_clear_pointer (&page, g_free);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "nowhere"));
    page = g_settings_get_string (settings, "last-page");
    g_assert_cmpstr (page, ==, "quality");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "floor"));

    /* Wallboard mode: F11's action, Preferences' switch and the next start
     * share one setting. */
    g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (window), "wallboard"));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.wallboard", NULL));
    g_assert_true (g_settings_get_boolean (settings, "wallboard"));
    g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window), "wallboard"));
    g_settings_set_boolean (settings, "wallboard", FALSE);
    g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (window), "wallboard"));
  }
  floor = FB_FLOOR_PAGE (fb_window_get_floor_page (window));
  g_assert_null (fb_floor_page_get_tile (floor, 3));
  g_assert_cmpstr (figure (window, 0, "name"), ==, "일반 상담");
  g_assert_cmpstr (figure (window, 0, "waiting"), ==, "7");
  g_assert_cmpstr (figure (window, 0, "service_level"), ==, "80 %");
  g_assert_cmpstr (figure (window, 0, "longest_wait"), ==, "1:35");
  g_assert_cmpstr (figure (window, 0, "abandon_rate"), ==, "5 %");
  g_assert_cmpstr (figure (window, 0, "agents"), ==, "3 / 11");
  g_assert_cmpstr (figure (window, 1, "waiting"), ==, "2");
  g_assert_cmpstr (figure (window, 2, "longest_wait"), ==, "5:10");
  g_assert_cmpstr (figure (window, 2, "asa"), ==, "0:48");

  /* The center: sums, the longest wait, SL weighted by answered calls:
   * (0.8·380 + 0.9·95 + 0.6·125) / 600 = 0.774. */
  g_assert_cmpstr (figure (window, -1, "waiting"), ==, "21");
  g_assert_cmpstr (figure (window, -1, "offered"), ==, "650");
  g_assert_cmpstr (figure (window, -1, "longest_wait"), ==, "5:10");
  g_assert_cmpstr (figure (window, -1, "service_level"), ==, "77 %");
  g_assert_cmpstr (figure (window, -1, "agents"), ==, "4 / 24");

  /* Each tile charts today against the same weekday last week (summed
   * in a worker thread, so a moment after the figures). */
  g_assert_true (fb_test_wait_until (histories_summed, floor, 10000));
  {
    FbQueueTile *tile = FB_QUEUE_TILE (fb_floor_page_get_tile (floor, 0));
    FbIntradayChart *chart = FB_INTRADAY_CHART (gtk_widget_get_template_child (GTK_WIDGET (tile), FB_TYPE_QUEUE_TILE, "chart"));
    FbIntradayChart *center = FB_INTRADAY_CHART (gtk_widget_get_template_child (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (floor), FB_TYPE_FLOOR_PAGE, "total_tile")), FB_TYPE_QUEUE_TILE, "chart"));

    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (chart)));
    g_assert_cmpfloat (fb_intraday_chart_get_total (chart, FALSE), ==, 24);
    g_assert_cmpfloat (fb_intraday_chart_get_total (chart, TRUE), ==, 30);
    g_assert_cmpfloat (fb_intraday_chart_get_total (center, FALSE), ==, 24);

    /* Behind the drawing, a table: the same figures, quarter hour by
     * quarter hour, in a window that Enter (or a click) opens. */
    {
      g_autoptr(GPtrArray) cells = fb_intraday_chart_dup_table (chart);
      double today = 0, last_week = 0;
      GListModel *toplevels = gtk_window_get_toplevels ();
      guint before = g_list_model_get_n_items (toplevels);

      g_assert_cmpuint (cells->len % 3, ==, 0);
      g_assert_cmpuint (cells->len, >, 0);
      for (guint i = 0; i < cells->len; i += 3)
        {
          const char *from = g_ptr_array_index (cells, i);

          g_assert_true (strlen (from) == 5 && from[2] == ':');
          today += g_ascii_strtod (g_ptr_array_index (cells, i + 1), NULL);
          last_week += g_ascii_strtod (g_ptr_array_index (cells, i + 2), NULL);
        }
      g_assert_cmpfloat (today, ==, fb_intraday_chart_get_total (chart, FALSE));
      g_assert_cmpfloat (last_week, ==, fb_intraday_chart_get_total (chart, TRUE));
      g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (chart)));
      /* A tooltip on request only: a set one would replace the accessible
       * description, which says the figures. */
      g_assert_true (gtk_widget_get_has_tooltip (GTK_WIDGET (chart)));
      g_assert_null (gtk_widget_get_tooltip_text (GTK_WIDGET (chart)));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (chart), "chart.show-table", NULL));
      g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, before + 1);
      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GtkWindow) shown = g_list_model_get_item (toplevels, i);

          if (g_strcmp0 (gtk_window_get_title (shown), "Calls Offered per Quarter Hour") == 0)
            {
              g_assert_true (gtk_window_get_transient_for (shown) == GTK_WINDOW (window));
              gtk_window_destroy (shown);
              break;
            }
        }
      g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, before);
    }

    /* Erlang C advice once a quarter hour of today is complete. */
    {
      g_autoptr(FbCenterClock) clock = fb_center_clock_new ();
      g_autoptr(GDateTime) now = fb_center_clock_local (clock, fb_center_clock_now (clock));
      if (g_date_time_get_hour (now) > 0 || g_date_time_get_minute (now) >= 15)
        g_assert_nonnull (strstr (fb_queue_tile_get_advice (tile), "Staffed for 80 % in 20 s"));
      g_assert_null (fb_queue_tile_get_advice (FB_QUEUE_TILE (fb_floor_page_get_tile (floor, 1))));
    }
  }

  /* Tiles judge their figures by the thresholds in GSettings, live. */
  {
    g_autoptr(GSettings) settings = g_settings_new ("org.floorboard.Floorboard");
    g_autoptr(GString) log = g_string_new (NULL);
    FbQueueTile *busy = FB_QUEUE_TILE (fb_floor_page_get_tile (floor, 2));

    g_assert_cmpint (fb_queue_tile_get_alert (FB_QUEUE_TILE (fb_floor_page_get_tile (floor, 0))), ==, FB_ALERT_WARNING);

    g_assert_cmpint (fb_queue_tile_get_alert (busy), ==, FB_ALERT_CRITICAL);
    g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (busy), "alert-critical"));
    /* Leaving the alert level is announced once (to withdraw the notification). */
    g_signal_connect (floor, "queue-alert", G_CALLBACK (alert_cb), log);
    g_settings_set_uint (settings, "waiting-critical", 20);
    g_settings_set_uint (settings, "longest-wait-critical", 400);
    g_settings_set_double (settings, "service-level-critical", 0.5);
    g_settings_set_double (settings, "abandon-critical", 0.2);
    busy = FB_QUEUE_TILE (fb_floor_page_get_tile (floor, 2));
    g_assert_cmpint (fb_queue_tile_get_alert (busy), ==, FB_ALERT_WARNING);
    g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (busy), "alert-critical"));
    g_assert_cmpstr (log->str, ==, "q-03:1;");
    g_signal_handlers_disconnect_by_func (floor, alert_cb, log);
    g_settings_reset (settings, "waiting-critical");
    g_settings_reset (settings, "longest-wait-critical");
    g_settings_reset (settings, "service-level-critical");
    g_settings_reset (settings, "abandon-critical");
  }

  /* Tables show names for ids and sort by their columns. */
  leave = FB_TABLE_PAGE (fb_window_get_table_page (window, "leave"));
  {
    g_autofree char *agent = fb_table_page_dup_cell_text (leave, 0, 1);
    g_autofree char *type = fb_table_page_dup_cell_text (leave, 0, 2);
    g_assert_cmpstr (agent, ==, "김민지");
    g_assert_cmpstr (type, ==, "Vacation");
  }
  /* The quality page sums the month's evaluations (tests/ui/test-quality.c
   * covers it in depth). */
  quality = FB_QUALITY_PAGE (fb_window_get_table_page (window, "quality"));
  fb_quality_page_set_month (quality, 2026, 11);
  g_assert_cmpstr (fb_quality_page_get_figure (quality, "evaluations"), ==, "3");
  g_assert_cmpstr (fb_quality_page_get_figure (quality, "average"), ==, "74.0");

  /* Signed out, it says so, and how old the data is. */
  g_assert_nonnull (strstr (fb_status_bar_get_text (FB_STATUS_BAR (gtk_widget_get_template_child (GTK_WIDGET (window), FB_TYPE_WINDOW, "status_bar"))),
                            "Not signed in · showing data from"));

  fb_test_destroy_window (window);
}

static gboolean
seat_laid_out (gpointer data)
{
  graphene_rect_t b;

  /* Laid out at the allocation that follows the data. */
  return fb_seat_map_get_seat_bounds (data, "s-3", &b) &&
         b.origin.y + b.size.height <= gtk_widget_get_height (GTK_WIDGET (data));
}

/* The painted colour at the top middle of @seat_id is @expected. */
static gboolean
seat_color_is (FbSeatMap     *map,
               const char    *seat_id,
               const GdkRGBA *expected)
{
  graphene_rect_t b;
  GdkRGBA got;

  if (!fb_seat_map_get_seat_bounds (map, seat_id, &b) ||
      !fb_seat_map_get_pixel (map, b.origin.x + b.size.width / 2, b.origin.y + 2, &got))
    return FALSE;
  if (fabs (got.alpha - expected->alpha) > 0.02 ||
      fabs (got.red - expected->red) > 0.03 || fabs (got.green - expected->green) > 0.03 ||
      fabs (got.blue - expected->blue) > 0.03)
    {
      g_test_message ("%s: painted %.2f %.2f %.2f %.2f", seat_id, got.red, got.green, got.blue, got.alpha);
      return FALSE;
    }
  return TRUE;
}

static void
collect_labels (GtkWidget *widget,
                GString   *out)
{
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_labels (child, out);
}

static gboolean
list_drawn (gpointer data)
{
  g_autoptr(GString) texts = g_string_new (NULL);

  collect_labels (data, texts);
  return strstr (texts->str, "B-01") != NULL;
}

static gboolean
list_available (gpointer data)
{
  g_autoptr(GString) texts = g_string_new (NULL);

  collect_labels (data, texts);
  return strstr (texts->str, "On break") == NULL && strstr (texts->str, "Available") != NULL;
}

static void
test_seat_map (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (0, 0);
  g_autoptr(FbStore) store = NULL;
  g_autoptr(FbSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *since = fb_timestamp_to_iso (now - 5 * 60 - 10);
  g_autofree char *agent = NULL;
  g_autofree char *tooltip = NULL;
  FbSeatMap *map;
  FbWindow *window;
  guint prepared, full_paints, seats_painted;

  store = fb_store_open (f->cache_path, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, &error);
  g_assert_no_error (error);
  agent = g_strdup_printf ("{\"id\":\"agent-8\",\"name\":\"이서연\",\"employee_no\":\"CS-8\",\"grade\":\"junior\","
                           "\"team_id\":\"team-1\",\"state\":\"on_call\",\"state_since\":\"%s\",\"seat_id\":\"s-1\"}", since);
  put_row (store, "team", "team-1", 1,
           "{\"id\":\"team-1\",\"name\":\"주간 1팀\",\"shift\":\"day\",\"start\":\"08:00\",\"end\":\"20:00\"}");
  put_row (store, "agent", "agent-8", 2, agent);
  put_row (store, "seat", "s-1", 3,
           "{\"id\":\"s-1\",\"zone\":\"A\",\"x\":0,\"y\":0,\"label\":\"A-01\",\"equipment\":\"ok\",\"agent_id\":\"agent-8\"}");
  put_row (store, "seat", "s-2", 4,
           "{\"id\":\"s-2\",\"zone\":\"A\",\"x\":1,\"y\":0,\"label\":\"A-02\",\"equipment\":\"faulty\"}");
  put_row (store, "seat", "s-3", 5,
           "{\"id\":\"s-3\",\"zone\":\"B\",\"x\":3,\"y\":2,\"label\":\"B-01\",\"equipment\":\"ok\"}");
  put_row (store, "queue", "q-01", 6,
           "{\"id\":\"q-01\",\"name\":\"일반\",\"sl_threshold_s\":20,\"waiting\":0,\"longest_wait_s\":0,"
           "\"agents_available\":0,\"agents_busy\":1,\"offered\":1,\"answered\":1,\"abandoned\":0,"
           "\"service_level\":1,\"asa_s\":3,\"aht_s\":200}");

  window = open_window (f->cache_path, &engine);
  map = FB_SEAT_MAP (fb_floor_page_get_seat_map (FB_FLOOR_PAGE (fb_window_get_floor_page (window))));
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_cmpuint (fb_seat_map_get_n_seats (map), ==, 3);

  /* Hit testing: a seat's centre finds it, the gap beside it and the
   * space outside the grid find nothing. */
  {
    graphene_rect_t b;

    g_assert_true (fb_test_wait_until (fb_test_is_mapped, map, 10000));
    g_assert_true (fb_test_wait_until (seat_laid_out, map, 10000));
    g_assert_true (fb_seat_map_get_seat_bounds (map, "s-3", &b));
    g_assert_cmpstr (fb_seat_map_get_seat_at (map, b.origin.x + b.size.width / 2, b.origin.y + b.size.height / 2), ==, "s-3");
    g_assert_true (fb_seat_map_get_seat_bounds (map, "s-1", &b));
    g_assert_cmpstr (fb_seat_map_get_seat_at (map, b.origin.x + 1, b.origin.y + 1), ==, "s-1");
    /* One cell right of s-1 is s-2; one cell below it, nothing. */
    g_assert_cmpstr (fb_seat_map_get_seat_at (map, b.origin.x + b.size.width * 1.5, b.origin.y + 1), ==, "s-2");
    g_assert_null (fb_seat_map_get_seat_at (map, b.origin.x + 1, b.origin.y + b.size.height * 1.5));
    g_assert_null (fb_seat_map_get_seat_at (map, -5, -5));
  }

  /* Colours by state, escalating with time in state. */
  g_assert_cmpint (fb_seat_map_get_look (map, "s-1", now), ==, FB_SEAT_LOOK_ON_CALL);
  g_assert_cmpint (fb_seat_map_get_look (map, "s-1", now + 5 * 60), ==, FB_SEAT_LOOK_LONG);
  g_assert_cmpint (fb_seat_map_get_look (map, "s-1", now + 15 * 60), ==, FB_SEAT_LOOK_VERY_LONG);
  g_assert_cmpint (fb_seat_map_get_look (map, "s-2", now), ==, FB_SEAT_LOOK_FAULTY);
  g_assert_cmpint (fb_seat_map_get_look (map, "s-3", now), ==, FB_SEAT_LOOK_EMPTY);

  tooltip = fb_seat_map_dup_tooltip (map, "s-1");
  g_assert_cmpstr (tooltip, ==, "A-01 · 이서연 · On call for 5 min");
  g_clear_pointer (&tooltip, g_free);
  tooltip = fb_seat_map_dup_tooltip (map, "s-2");
  g_assert_cmpstr (tooltip, ==, "A-02 · Faulty equipment");
  g_assert_true (fb_seat_map_show_card (map, "s-1"));
  g_assert_false (fb_seat_map_show_card (map, "s-3"));

  /* What is painted: each seat in its look's colour (sampled at the top
   * middle, clear of the seat's label). */
  g_assert_true (seat_color_is (map, "s-1", &(GdkRGBA) { 0.21, 0.52, 0.89, 1.0 }));
  g_assert_true (seat_color_is (map, "s-2", &(GdkRGBA) { 0.75, 0.11, 0.16, 0.25 }));
  g_assert_true (seat_color_is (map, "s-3", &(GdkRGBA) { 0.60, 0.60, 0.59, 0.18 }));

  /* Prepared again only when the cache changed. */
  fb_seat_map_get_paint_counts (map, &full_paints, &seats_painted);
  prepared = fb_seat_map_get_n_prepared (map);
  fb_window_reload (window);
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_cmpuint (fb_seat_map_get_n_prepared (map), ==, prepared);
  put_row (store, "agent", "agent-8", 7,
           "{\"id\":\"agent-8\",\"name\":\"이서연\",\"employee_no\":\"CS-8\",\"grade\":\"junior\","
           "\"team_id\":\"team-1\",\"state\":\"break\",\"seat_id\":\"s-1\"}");
  fb_window_reload (window);
  /* Prepared once, before the next frame, however many rows changed. */
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_cmpuint (fb_seat_map_get_n_prepared (map), ==, prepared + 1);
  g_assert_cmpint (fb_seat_map_get_look (map, "s-1", now), ==, FB_SEAT_LOOK_BREAK);
  /* Only that seat (and what touches its pixels: s-2 beside it) was
   * painted again, and the floor shows the new colour. */
  {
    guint full_after, seats_after;

    fb_seat_map_get_paint_counts (map, &full_after, &seats_after);
    g_assert_cmpuint (full_after, ==, full_paints);
    g_assert_cmpuint (seats_after - seats_painted, >=, 1);
    g_assert_cmpuint (seats_after - seats_painted, <=, 2);
  }
  g_assert_true (seat_color_is (map, "s-1", &(GdkRGBA) { 0.96, 0.83, 0.18, 1.0 }));
  g_assert_true (seat_color_is (map, "s-2", &(GdkRGBA) { 0.75, 0.11, 0.16, 0.25 }));
  g_assert_true (seat_color_is (map, "s-3", &(GdkRGBA) { 0.60, 0.60, 0.59, 0.18 }));

  /* The same floor as a list, a line a seat, in the map's words; it
   * follows the cache as the map does. */
  {
    FbFloorPage *floor = FB_FLOOR_PAGE (fb_window_get_floor_page (window));
    GtkWidget *list = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (floor), FB_TYPE_FLOOR_PAGE, "seat_list"));
    GListModel *rows;
    g_autoptr(GString) texts = g_string_new (NULL);
    g_autofree char *expected = NULL;

    fb_floor_page_show_seat_list (floor, TRUE);
    g_assert_true (fb_test_wait_until (fb_test_is_mapped, list, 10000));
    rows = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
    g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 3);
    g_assert_true (fb_test_wait_until (list_drawn, list, 10000));
    collect_labels (list, texts);
    g_assert_nonnull (strstr (texts->str, "A-01 · 이서연 · On break"));
    g_assert_nonnull (strstr (texts->str, "A-02 · Faulty equipment"));
    g_assert_nonnull (strstr (texts->str, "B-01 · Empty"));

    put_row (store, "agent", "agent-8", 8,
             "{\"id\":\"agent-8\",\"name\":\"이서연\",\"employee_no\":\"CS-8\",\"grade\":\"junior\","
             "\"team_id\":\"team-1\",\"state\":\"available\",\"seat_id\":\"s-1\"}");
    fb_window_reload (window);
    while (g_main_context_iteration (NULL, FALSE));
    expected = fb_seat_map_dup_tooltip (map, "s-1");
    g_assert_true (g_str_has_prefix (expected, "A-01 · 이서연 · Available"));
    g_assert_true (fb_test_wait_until (list_available, list, 10000));
    g_string_truncate (texts, 0);
    collect_labels (list, texts);
    g_assert_nonnull (strstr (texts->str, expected));

    /* Enter on a line: back to the map, that agent's card open. */
    g_signal_emit_by_name (list, "activate", 0);
    g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (map)));
    fb_floor_page_show_seat_list (floor, FALSE);
  }

  fb_test_destroy_window (window);
}

static gboolean
has_error (gpointer data)
{
  return fb_connect_page_get_error (FB_CONNECT_PAGE (fb_window_get_connect_page (data))) != NULL;
}

static gboolean
floor_shown (gpointer data)
{
  FbWindow *window = data;
  FbFloorPage *floor = FB_FLOOR_PAGE (fb_window_get_floor_page (window));

  return g_str_equal (fb_window_get_visible_view (window), "dashboard") &&
         fb_floor_page_get_tile (floor, 3) != NULL;
}

static gboolean
engine_live (gpointer data)
{
  return fb_sync_engine_get_live (data);
}

static gboolean
engine_online (gpointer data)
{
  return fb_sync_engine_get_state (data) == FB_SYNC_STATE_ONLINE;
}

typedef struct
{
  FbWindow   *window;
  const char *want;
} WaitFigure;

static gboolean
figure_is (gpointer data)
{
  WaitFigure *w = data;
  return g_strcmp0 (figure (w->window, 0, "waiting"), w->want) == 0;
}

static gboolean
seat_on_break (gpointer data)
{
  FbSeatMap *map = FB_SEAT_MAP (fb_floor_page_get_seat_map (FB_FLOOR_PAGE (fb_window_get_floor_page (data))));
  return fb_seat_map_get_look (map, "s-9", g_get_real_time () / G_USEC_PER_SEC) == FB_SEAT_LOOK_BREAK;
}

static void
test_connect_page_logs_in (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (4, 10);
  g_autoptr(FbSyncEngine) engine = NULL;
  FbConnectPage *page;
  FbWindow *window;

  window = open_window (f->cache_path, &engine);
  g_assert_cmpstr (fb_window_get_visible_view (window), ==, "connect");
  /* Nothing of the dashboard shows before sign-in. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), FB_TYPE_WINDOW, "status_bar"))));
  page = FB_CONNECT_PAGE (fb_window_get_connect_page (window));

  /* Incomplete form: the action is disabled. */
  fb_connect_page_fill (page, f->url, "sup", "");
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (page), "connect.sign-in", NULL) &&
                  fb_sync_engine_get_state (engine) != FB_SYNC_STATE_SIGNED_OUT);

  /* A wrong password: a clear error, still on the connect page. */
  fb_connect_page_fill (page, f->url, "sup", "wrong");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "connect.sign-in", NULL));
  g_assert_true (fb_test_wait_until (has_error, window, 20000));
  g_assert_cmpstr (fb_connect_page_get_error (page), ==, "Wrong user name or password");
  g_assert_cmpstr (fb_window_get_visible_view (window), ==, "connect");

  /* An address that is not one. */
  fb_connect_page_fill (page, "floor server please", "sup", FB_TEST_PASSWORD);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "connect.sign-in", NULL));
  g_assert_true (fb_test_wait_until (has_error, window, 20000));
  g_assert_nonnull (strstr (fb_connect_page_get_error (page), "not a server address"));

  /* The right one: the dashboard fills from the real server. */
  fb_connect_page_fill (page, f->url, "sup", FB_TEST_PASSWORD);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "connect.sign-in", NULL));
  g_assert_true (fb_test_wait_until (floor_shown, window, 20000));
  g_assert_true (fb_test_wait_until (engine_online, engine, 20000));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), FB_TYPE_WINDOW, "status_bar"))));
  g_assert_cmpstr (figure (window, 0, "name"), ==, "큐 1");
  g_assert_cmpstr (figure (window, 0, "waiting"), ==, "3");
  g_assert_cmpstr (figure (window, 3, "waiting"), ==, "12");
  g_assert_cmpstr (figure (window, -1, "waiting"), ==, "30");
  g_assert_true (fb_test_wait_until (engine_live, engine, 20000));
  g_assert_nonnull (strstr (fb_status_bar_get_text (FB_STATUS_BAR (gtk_widget_get_template_child (GTK_WIDGET (window), FB_TYPE_WINDOW, "status_bar"))),
                            "Live"));

  /* The address and user are remembered for the next sign-in; a demo
   * floor's (forget-sign-in) leave what was there. */
  {
    g_autoptr(GSettings) settings = g_settings_new ("org.floorboard.Floorboard");
    g_autofree char *url = g_settings_get_string (settings, "server-url");
    g_autofree char *user = g_settings_get_string (settings, "username");

    g_assert_cmpstr (url, ==, f->url);
    g_assert_cmpstr (user, ==, "sup");
    g_settings_set_string (settings, "server-url", "https://center.example.com");
    fb_window_set_forget_sign_in (window, TRUE);
    g_signal_emit_by_name (page, "signed-in");
    g_clear_pointer (&url, g_free);
    url = g_settings_get_string (settings, "server-url");
    g_assert_cmpstr (url, ==, "https://center.example.com");
    fb_window_set_forget_sign_in (window, FALSE);
    g_settings_reset (settings, "server-url");
    g_settings_reset (settings, "username");
  }

  /* Changes on the server reach the tiles and the seat map by push alone
   * (the poll interval is ten seconds; these must arrive sooner). */
  {
    g_autoptr(JsonNode) raw = fb_test_queue_json (1, 40);
    g_autofree char *json = json_to_string (raw, FALSE);
    WaitFigure w = { window, "40" };
    gint64 start = g_get_monotonic_time ();
    GtkWidget *tile_before = fb_floor_page_get_tile (FB_FLOOR_PAGE (fb_window_get_floor_page (window)), 0);

    fb_test_put (f->store, "queue", "q-01", json);
    fb_test_put (f->store, "seat", "s-9",
                "{\"id\":\"s-9\",\"zone\":\"A\",\"x\":0,\"y\":0,\"label\":\"A-09\",\"equipment\":\"ok\",\"agent_id\":\"agent-001\"}");
    fb_test_put (f->store, "agent", "agent-001",
                "{\"id\":\"agent-001\",\"name\":\"상담원 1\",\"employee_no\":\"CS-0001\",\"grade\":\"junior\","
                "\"team_id\":\"team-1\",\"state\":\"break\",\"seat_id\":\"s-9\",\"queue_id\":\"q-01\"}");
    g_assert_true (fb_test_wait_until (figure_is, &w, 8000));
    /* Updated in place: the same tile, not a new one built from its template. */
    g_assert_true (fb_floor_page_get_tile (FB_FLOOR_PAGE (fb_window_get_floor_page (window)), 0) == tile_before);
    g_assert_true (fb_test_wait_until (seat_on_break, window, 8000));
    g_assert_cmpint (g_get_monotonic_time () - start, <, 8 * G_USEC_PER_SEC);
  }
  fb_test_destroy_window (window);
  fb_sync_engine_stop (engine);
  g_clear_object (&engine);

  /* Restarted with the server down: the same floor, and it says so. */
  fb_test_fixture_stop_server (f);
  window = open_window (f->cache_path, &engine);
  g_assert_cmpstr (fb_window_get_visible_view (window), ==, "dashboard");
  g_assert_cmpstr (figure (window, 0, "waiting"), ==, "40");
  g_assert_cmpstr (figure (window, -1, "waiting"), ==, "67");
  g_assert_nonnull (strstr (fb_status_bar_get_text (FB_STATUS_BAR (gtk_widget_get_template_child (GTK_WIDGET (window), FB_TYPE_WINDOW, "status_bar"))),
                            "showing data from"));
  fb_test_destroy_window (window);
}


/* Many queues: the first frame builds the tiles above the fold, the rest
 * follow after it, each on its own queue, and a queue changed in place
 * keeps its tile. */
static void
test_many_queues (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (0, 0);
  g_autoptr(FbStore) store = NULL;
  g_autoptr(FbSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  FbFloorPage *floor;
  FbWindow *window;
  GtkWidget *first;
  guint n = 40;

  store = fb_store_open (f->cache_path, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("q-%02u", i);
      g_autofree char *json = g_strdup_printf ("{\"id\":\"%s\",\"name\":\"큐 %u\",\"sl_threshold_s\":20,\"waiting\":%u,"
                                               "\"longest_wait_s\":0,\"agents_available\":1,\"agents_busy\":1,"
                                               "\"offered\":1,\"answered\":1,\"abandoned\":0,\"service_level\":1,"
                                               "\"asa_s\":3,\"aht_s\":200}", id, i, i);
      put_row (store, "queue", id, i + 1, json);
    }

  /* Before the main loop has turned: only the eager tiles. */
  {
    g_autoptr(FbStore) read_store = fb_store_open (f->cache_path, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, &error);

    g_assert_no_error (error);
    engine = fb_sync_engine_new (f->cache_path, &error);
    g_assert_no_error (error);
    window = fb_window_new (app, read_store, engine);
  }
  floor = FB_FLOOR_PAGE (fb_window_get_floor_page (window));
  g_assert_cmpuint (fb_floor_page_get_n_tiles (floor), >, 0);
  g_assert_cmpuint (fb_floor_page_get_n_tiles (floor), <, n);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (fb_test_wait_until (fb_test_is_mapped, window, 10000));
  while (fb_floor_page_get_n_tiles (floor) < n)
    g_main_context_iteration (NULL, TRUE);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *waiting = g_strdup_printf ("%u", i);
      g_assert_cmpstr (figure (window, i, "waiting"), ==, waiting);
    }

  first = fb_floor_page_get_tile (floor, 0);
  put_row (store, "queue", "q-00", 100,
           "{\"id\":\"q-00\",\"name\":\"큐 0\",\"sl_threshold_s\":20,\"waiting\":77,"
           "\"longest_wait_s\":0,\"agents_available\":1,\"agents_busy\":1,\"offered\":1,\"answered\":1,"
           "\"abandoned\":0,\"service_level\":1,\"asa_s\":3,\"aht_s\":200}");
  fb_window_reload (window);
  g_assert_true (fb_floor_page_get_tile (floor, 0) == first);
  g_assert_cmpstr (figure (window, 0, "waiting"), ==, "77");
  g_assert_cmpuint (fb_floor_page_get_n_tiles (floor), ==, n);

  fb_test_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  if (!fb_test_gui_init (&argc, &argv))
    return 77;

  app = fb_test_gui_app_new ("org.floorboard.Floorboard.Test");

  g_test_add_func ("/ui/window/prefilled-cache", test_prefilled_cache);
  g_test_add_func ("/ui/window/connect-page-logs-in", test_connect_page_logs_in);
  g_test_add_func ("/ui/window/seat-map", test_seat_map);
  g_test_add_func ("/ui/window/many-queues", test_many_queues);

  return fb_test_gui_run (app);
}
