/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-seat-layout.c: the seat map's layout without a widget: seats from
 * rows, placed for a size, hit testing and looks over time. */
#define G_LOG_DOMAIN "test-seat-layout"

#include <gio/gio.h>

#include "fb-entity.h"
#include "fb-row.h"
#include "fb-seat-layout.h"
#include "fb-store.h"
#include "fb-test-cache.h"

static FbRow *
make_row (const char *type,
          const char *id,
          const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbChange) change = fb_test_normalized_change (type, id, 1, json);
  FbRow *row;

  row = fb_row_new (change, &error);
  g_assert_no_error (error);
  return row;
}

static void
append (GListStore *store,
        FbRow      *row)
{
  g_list_store_append (store, row);
  g_object_unref (row);
}

static void
test_layout (void)
{
  g_autoptr(GListStore) seats = g_list_store_new (FB_TYPE_ROW);
  g_autoptr(GListStore) agents = g_list_store_new (FB_TYPE_ROW);
  g_autoptr(GHashTable) agent_rows = NULL;
  g_autoptr(GDateTime) since_dt = g_date_time_new_utc (2026, 11, 20, 1, 0, 0);
  g_autofree char *since = g_date_time_format_iso8601 (since_dt);
  g_autofree char *agent_json = NULL;
  gint64 since_s = g_date_time_to_unix (since_dt);
  FbSeatLayout layout;
  FbPlacedSeat *seat;
  gint64 next = 0;
  guint n_dirty = 0;

  append (seats, make_row ("seat", "s-1", "{\"id\":\"s-1\",\"zone\":\"A\",\"x\":0,\"y\":0,\"label\":\"A-01\","
                                          "\"equipment\":\"ok\",\"agent_id\":\"agent-8\"}"));
  append (seats, make_row ("seat", "s-2", "{\"id\":\"s-2\",\"zone\":\"A\",\"x\":1,\"y\":0,\"label\":\"A-02\","
                                          "\"equipment\":\"faulty\"}"));
  append (seats, make_row ("seat", "s-3", "{\"id\":\"s-3\",\"zone\":\"B\",\"x\":3,\"y\":2,\"label\":\"B-01\","
                                          "\"equipment\":\"ok\"}"));
  agent_json = g_strdup_printf ("{\"id\":\"agent-8\",\"name\":\"김민지\",\"employee_no\":\"CS-8\",\"grade\":\"senior\","
                                "\"team_id\":\"team-1\",\"state\":\"on_call\",\"state_since\":\"%s\","
                                "\"seat_id\":\"s-1\"}", since);
  append (agents, make_row ("agent", "agent-8", agent_json));

  fb_seat_layout_init (&layout);
  agent_rows = fb_seat_layout_rebuild (&layout, G_LIST_MODEL (seats), G_LIST_MODEL (agents));
  g_assert_cmpuint (g_hash_table_size (agent_rows), ==, 1);
  g_assert_cmpuint (layout.seats->len, ==, 3);
  g_assert_cmpuint (layout.zones->len, ==, 2);
  g_assert_cmpint (layout.cols, ==, 4);
  g_assert_cmpint (layout.rows, ==, 3);

  /* 4 cells across 400 px: the widest cell is the limit, centred. */
  fb_seat_layout_place (&layout, 400, 400);
  g_assert_cmpfloat (layout.cell, ==, FB_SEAT_LAYOUT_CELL_MAX);
  g_assert_cmpfloat (layout.origin_x, ==, (400 - 4 * FB_SEAT_LAYOUT_CELL_MAX) / 2.0);
  seat = fb_seat_layout_lookup (&layout, "s-3");
  g_assert_nonnull (seat);
  g_assert_cmpfloat (seat->rect.origin.x, >, layout.origin_x + 3 * layout.cell);
  g_assert_cmpfloat (seat->rect.size.width, <, layout.cell);

  /* Hit testing: the middle of a seat's cell, an empty cell, outside. */
  seat = fb_seat_layout_seat_at (&layout, layout.origin_x + 3.5 * layout.cell, layout.origin_y + 2.5 * layout.cell);
  g_assert_nonnull (seat);
  g_assert_cmpstr (seat->id, ==, "s-3");
  g_assert_null (fb_seat_layout_seat_at (&layout, layout.origin_x + 2.5 * layout.cell, layout.origin_y + 0.5 * layout.cell));
  g_assert_null (fb_seat_layout_seat_at (&layout, 1, 1));

  /* Looks: on a call, long after 10 min, very long after 20; the next
   * change is told until there is none. */
  seat = fb_seat_layout_lookup (&layout, "s-1");
  g_assert_cmpint (fb_seat_layout_look (seat, FALSE, since_s, &next), ==, FB_SEAT_LOOK_ON_CALL);
  g_assert_cmpint (next, ==, since_s + 10 * 60);
  g_assert_cmpint (fb_seat_layout_look (seat, FALSE, since_s + 11 * 60, &next), ==, FB_SEAT_LOOK_LONG);
  g_assert_cmpint (next, ==, since_s + 20 * 60);
  g_assert_cmpint (fb_seat_layout_look (seat, FALSE, since_s + 21 * 60, &next), ==, FB_SEAT_LOOK_VERY_LONG);
  g_assert_cmpint (next, ==, 0);
  /* In assign mode a seat shows its plan, and time changes nothing. */
  g_assert_cmpint (fb_seat_layout_look (seat, TRUE, since_s, &next), ==, FB_SEAT_LOOK_EMPTY);
  g_assert_cmpint (next, ==, 0);

  /* Every seat's look at once: all three changed from empty but s-3. */
  g_assert_cmpint (fb_seat_layout_update_looks (&layout, FALSE, since_s, &n_dirty), ==, since_s + 10 * 60);
  g_assert_cmpuint (n_dirty, ==, 2);
  g_assert_cmpint (fb_seat_layout_lookup (&layout, "s-2")->look, ==, FB_SEAT_LOOK_FAULTY);
  g_assert_cmpint (fb_seat_layout_lookup (&layout, "s-3")->look, ==, FB_SEAT_LOOK_EMPTY);

  /* An agent replaced in place: its seat takes the new row. */
  {
    g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_object_unref);

    g_ptr_array_add (changed, make_row ("agent", "agent-8",
                                        "{\"id\":\"agent-8\",\"name\":\"김민지\",\"employee_no\":\"CS-8\","
                                        "\"grade\":\"senior\",\"team_id\":\"team-1\",\"state\":\"available\","
                                        "\"seat_id\":\"s-1\"}"));
    fb_seat_layout_update_agents (&layout, changed);
    g_assert_cmpint (fb_seat_layout_look (seat, FALSE, since_s, &next), ==, FB_SEAT_LOOK_AVAILABLE);
  }

  fb_seat_layout_clear (&layout);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/seat-layout/layout", test_layout);
  return g_test_run ();
}
