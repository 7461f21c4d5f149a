/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-summary-floor.c: today's daily summary says what the floor says
 *. The demo center is seeded at a known moment into a real
 * server on 127.0.0.1, synced into a cache by the real sync engine, and
 * from that one cache the summary's day is held to the floor's "All
 * queues" figures, to the call: before the day shift (the 06:10,
 * when the summary said "no data" beside 126 calls on the floor), in it,
 * and in the evening's night shift. */
#include <string.h>

#include "fb-daily-summary.h"
#include "fb-demo.h"
#include "fb-entity.h"
#include "fb-paths.h"
#include "fb-queue-stats.h"
#include "fb-server.h"
#include "fb-server-store.h"
#include "fb-sqlite-server-store.h"
#include "fb-store.h"
#include "fb-sync-engine.h"
#include "fb-test-fixture.h"
#include "fb-test-sync.h"

#define DATE "2026-11-20"

static gboolean
synced (gpointer data)
{
  FbSyncEngine *engine = data;

  return fb_sync_engine_get_state (engine) == FB_SYNC_STATE_ONLINE &&
         fb_sync_engine_get_progress (engine) >= 1.0;
}

/* The demo center seeded at @now, served and synced: the cache's path. */
static void
sync_demo (const char *dir,
           gint64      now,
           const char *cache_path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_build_filename (dir, "server.db", NULL);
  g_autoptr(FbServerStore) store = fb_sqlite_server_store_new (db, &error);
  g_autoptr(FbServer) server = NULL;
  g_autoptr(FbSyncEngine) engine = NULL;
  g_autofree char *url = NULL;

  g_assert_no_error (error);
  g_assert_true (fb_demo_seed (store, now, &error));
  g_assert_no_error (error);
  server = fb_server_new (store);
  g_assert_true (fb_server_listen (server, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  url = fb_server_dup_url (server);

  engine = fb_sync_engine_new (cache_path, &error);
  g_assert_no_error (error);
  fb_sync_engine_set_poll_interval (engine, 3600);
  /* The director reads the summary. */
  fb_test_login (engine, url, "director", "demo", &error);
  g_assert_no_error (error);
  g_assert_true (fb_test_wait_until (synced, engine, 30000));
  fb_sync_engine_stop (engine);
  fb_server_disconnect (server);
}

/* The floor's "All queues" tile: the queue rows added up as it adds them. */
static void
floor_total (FbStore *cache,
             FbQueue *total)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = fb_store_list_rows (cache, "queue", &error);
  g_autoptr(GPtrArray) queues = g_ptr_array_new ();

  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      FbChange *change = g_ptr_array_index (rows, i);
      FbQueue *queue = fb_entity_decode_string (&fb_queue_spec, change->data, -1, &error);

      g_assert_no_error (error);
      g_ptr_array_add (queues, queue);
    }
  g_assert_cmpuint (queues->len, >, 0);
  fb_queue_stats_total ((const FbQueue * const *) queues->pdata, queues->len, total);
  for (guint i = 0; i < queues->len; i++)
    fb_entity_free (&fb_queue_spec, g_ptr_array_index (queues, i));
}

static gint64
member_int (JsonNode   *summary,
            const char *path)
{
  JsonNode *node = fb_summary_lookup (summary, path);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  return json_node_get_int (node);
}

static void
test_today_is_the_floor (gconstpointer data)
{
  const char *time = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fb-summary-floor-XXXXXX", &error);
  g_autofree char *cache_path = g_build_filename (dir, "cache.db", NULL);
  g_autofree char *iso = g_strdup_printf (DATE "T%s:00+09:00", time);
  g_autoptr(GTimeZone) kst = g_time_zone_new_offset (FB_DEMO_UTC_OFFSET);
  g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (iso, NULL);
  g_autoptr(FbStore) cache = NULL;
  g_autoptr(JsonNode) summary = NULL;
  FbSummaryTargets targets;
  FbQueue total;
  JsonNode *bars;
  gint64 now, chart = 0;

  g_assert_no_error (error);
  g_assert_nonnull (at);
  now = g_date_time_to_unix (at);
  sync_demo (dir, now, cache_path);

  cache = fb_store_open (cache_path, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, &error);
  g_assert_no_error (error);
  floor_total (cache, &total);
  fb_summary_targets_init_default (&targets);
  summary = fb_daily_summary_compute (cache, kst, DATE, &targets, now, &error);
  g_assert_no_error (error);

  /* The demo's floor had calls today by then: nothing to agree on in 0 = 0. */
  g_test_message ("%s KST: the floor offered %" G_GINT64_FORMAT ", answered %" G_GINT64_FORMAT
                  "; the summary %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT,
                  time, total.offered, total.answered, member_int (summary, "day.offered"),
                  member_int (summary, "day.answered"));
  g_assert_cmpint (total.offered, >, 0);
  g_assert_cmpint (member_int (summary, "day.offered"), ==, total.offered);
  g_assert_cmpint (member_int (summary, "day.answered"), ==, total.answered);
  g_assert_cmpint (member_int (summary, "day.abandoned"), ==, total.abandoned);
  /* The tiles have figures to show: a service level and an ASA. */
  if (total.answered > 0)
    {
      g_assert_nonnull (fb_summary_lookup (summary, "day.service_level"));
      g_assert_nonnull (fb_summary_lookup (summary, "day.asa_s"));
    }
  /* And the chart's bars are those calls. */
  bars = fb_summary_lookup (summary, "intraday.offered");
  g_assert_nonnull (bars);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (bars)); i++)
    chart += json_array_get_int_element (json_node_get_array (bars), i);
  g_assert_cmpint (chart, ==, total.offered);

  /* Before 08:00 neither of the date's shifts has begun: they have no
   * calls yet ("–" on the page), not 0 of them; later the day shift has. */
  g_assert_true ((fb_summary_lookup (summary, "shifts.day.offered") != NULL) == (strcmp (time, "08:00") >= 0));
  g_assert_true ((fb_summary_lookup (summary, "shifts.night.offered") != NULL) == (strcmp (time, "20:00") >= 0));
  g_assert_nonnull (fb_summary_lookup (summary, "shifts.day.on_leave"));

  g_clear_object (&cache);
  fb_paths_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/summary-floor/before-the-day-shift", "06:10", test_today_is_the_floor);
  g_test_add_data_func ("/summary-floor/day-shift", "14:30", test_today_is_the_floor);
  g_test_add_data_func ("/summary-floor/night-shift", "22:40", test_today_is_the_floor);
  return g_test_run ();
}
