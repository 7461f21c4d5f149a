/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-seat-assign.c: the seat-assignment dialog, opened from the real
 * window's Floor page on a cache a real server fills, saved through the
 * outbox to that server. */
#define G_LOG_DOMAIN "test-seat-assign"

#include <adwaita.h>
#include <stdlib.h>
#include <string.h>

#include "fb-auth.h"
#include "fb-connect-page.h"
#include "fb-entity.h"
#include "fb-floor-page.h"
#include "fb-paths.h"
#include "fb-seat-assign-dialog.h"
#include "fb-seat-map-private.h"
#include "fb-server-store.h"
#include "fb-store.h"
#include "fb-sync-engine.h"
#include "fb-test-cache.h"
#include "fb-test-fixture.h"
#include "fb-test-gui.h"
#include "fb-test-window.h"
#include "fb-window.h"

static GtkApplication *app;

/* The floor: zone A two rows of four (A-3 faulty), zone B one row of four. */
static const struct { const char *id, *zone, *label; int x, y; gboolean faulty; } seats[] = {
  { "s-a1", "A", "A-1", 0, 0, FALSE }, { "s-a2", "A", "A-2", 1, 0, FALSE },
  { "s-a3", "A", "A-3", 2, 0, TRUE },  { "s-a4", "A", "A-4", 3, 0, FALSE },
  { "s-a5", "A", "A-5", 0, 1, FALSE }, { "s-a6", "A", "A-6", 1, 1, FALSE },
  { "s-a7", "A", "A-7", 2, 1, FALSE }, { "s-a8", "A", "A-8", 3, 1, FALSE },
  { "s-b1", "B", "B-1", 0, 3, FALSE }, { "s-b2", "B", "B-2", 1, 3, FALSE },
  { "s-b3", "B", "B-3", 2, 3, FALSE }, { "s-b4", "B", "B-4", 3, 3, FALSE },
};

/* Who works the day shift of the plan's date: team-1 (agent-004 is on
 * approved leave) and team-2; team-3 works nights. */
static const char * const day_agents[] = {
  "agent-001", "agent-002", "agent-003", "agent-101", "agent-102", "agent-103",
};

typedef struct
{
  FbTestFixture *f;
  char          *date;     /* tomorrow in the center's time zone */
  FbStore       *store;
  FbSyncEngine  *engine;
  FbWindow      *window;
} Ctx;

static void
put_agent (FbTestFixture *f,
           const char    *id,
           const char    *name,
           const char    *team,
           const char    *queue)
{
  g_autofree char *json = g_strdup_printf ("{\"id\":\"%s\",\"name\":\"%s\",\"employee_no\":\"CS-%s\",\"grade\":\"junior\","
                                           "\"team_id\":\"%s\",\"state\":\"available\",\"queue_id\":\"%s\"}",
                                           id, name, id + 6, team, queue);

  fb_test_put (f->store, "agent", id, json);
}

static void
setup_center (Ctx *ctx)
{
  FbTestFixture *f = ctx->f;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) kst = g_time_zone_new_offset (9 * 3600);
  g_autoptr(GDateTime) now = g_date_time_new_now (kst);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autofree char *leave = NULL;
  g_autofree char *assignment = NULL;
  g_autofree char *stray = NULL;
  g_autofree char *assignment_id = NULL;
  g_autofree char *stray_id = NULL;

  ctx->date = g_date_time_format (tomorrow, "%Y-%m-%d");
  g_assert_true (fb_server_store_begin (f->store, &error));
  fb_test_put (f->store, "team", "team-2",
               "{\"id\":\"team-2\",\"name\":\"주간 2팀\",\"leader_id\":\"agent-101\",\"shift\":\"day\","
               "\"start\":\"08:00\",\"end\":\"20:00\"}");
  fb_test_put (f->store, "team", "team-3",
               "{\"id\":\"team-3\",\"name\":\"야간 1팀\",\"shift\":\"night\",\"start\":\"20:00\",\"end\":\"08:00\"}");
  put_agent (f, "agent-101", "이 반장", "team-2", "q-02");
  put_agent (f, "agent-102", "김 상담", "team-2", "q-02");
  put_agent (f, "agent-103", "최 상담", "team-2", "q-02");
  put_agent (f, "agent-201", "정 야간", "team-3", "q-01");
  put_agent (f, "agent-202", "한 야간", "team-3", "q-01");
  for (guint i = 0; i < G_N_ELEMENTS (seats); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"id\":\"%s\",\"zone\":\"%s\",\"x\":%d,\"y\":%d,\"label\":\"%s\","
                                               "\"equipment\":\"%s\"}",
                                               seats[i].id, seats[i].zone, seats[i].x, seats[i].y, seats[i].label,
                                               seats[i].faulty ? "faulty" : "ok");
      fb_test_put (f->store, "seat", seats[i].id, json);
    }
  leave = g_strdup_printf ("{\"id\":\"lv-1\",\"agent_id\":\"agent-004\",\"type\":\"vacation\",\"start_date\":\"%s\","
                           "\"end_date\":\"%s\",\"submitted_at\":\"2026-01-02T09:00:00+09:00\",\"status\":\"approved\","
                           "\"decided_by\":\"u-sup\",\"decided_at\":\"2026-01-02T10:00:00+09:00\"}",
                           ctx->date, ctx->date);
  fb_test_put (f->store, "leave_request", "lv-1", leave);
  /* The plan so far: agent-002 on A-2. */
  assignment_id = g_strdup_printf ("sa-%s-day-agent-002", ctx->date);
  assignment = g_strdup_printf ("{\"id\":\"%s\",\"date\":\"%s\",\"shift\":\"day\","
                                "\"seat_id\":\"s-a2\",\"agent_id\":\"agent-002\"}", assignment_id, ctx->date);
  fb_test_put (f->store, "seat_assignment", assignment_id, assignment);
  /* A night agent left on a day seat: the rules must say so. */
  stray_id = g_strdup_printf ("sa-%s-day-agent-201", ctx->date);
  stray = g_strdup_printf ("{\"id\":\"%s\",\"date\":\"%s\",\"shift\":\"day\","
                           "\"seat_id\":\"s-b4\",\"agent_id\":\"agent-201\"}", stray_id, ctx->date);
  fb_test_put (f->store, "seat_assignment", stray_id, stray);
  g_assert_true (fb_server_store_commit (f->store, &error));
  fb_test_put_user (f, "u-lead", "lead", "lead", "shift_leader", NULL);
  fb_test_put_user (f, "u-qa", "qa", "qa", "qa_inspector", NULL);
  fb_test_put_user (f, "u-mgr", "mgr", "mgr", "manager", NULL);
}

/* For fb_test_sign_in(): the cache has the center's seats. */
static gboolean
seats_cached (FbWindow *window,
              gpointer  data)
{
  Ctx *ctx = data;

  return fb_store_count_rows (ctx->store, "seat") == G_N_ELEMENTS (seats);
}

/* A fresh center, the real window on its cache, signed in through the
 * connect page as @username. */
static void
ctx_open (Ctx        *ctx,
          const char *username,
          const char *user_id)
{
  ctx->f = fb_test_fixture_new (2, 4);
  setup_center (ctx);
  ctx->window = fb_test_window_open (app, ctx->f->cache_path, 1400, 900, &ctx->engine, &ctx->store);
  fb_sync_engine_set_retry_base (ctx->engine, 20);
  fb_test_sign_in (ctx->window, ctx->engine, ctx->f->url, username, user_id, seats_cached, ctx);
}

static void
ctx_close (Ctx *ctx)
{
  fb_test_destroy_window (ctx->window);
  fb_sync_engine_stop (ctx->engine);
  g_clear_object (&ctx->engine);
  g_clear_object (&ctx->store);
  g_clear_pointer (&ctx->f, fb_test_fixture_free);
  g_clear_pointer (&ctx->date, g_free);
}

static GtkWidget *
assign_button (Ctx *ctx)
{
  return GTK_WIDGET (gtk_widget_get_template_child (fb_window_get_floor_page (ctx->window),
                                                    FB_TYPE_FLOOR_PAGE, "assign_button"));
}

static FbSeatAssignDialog *
find_dialog (void)
{
  return fb_test_toplevel_of_type (FB_TYPE_SEAT_ASSIGN_DIALOG);
}

static gboolean
map_laid_out (gpointer data)
{
  graphene_rect_t b;

  return gtk_widget_get_mapped (GTK_WIDGET (data)) && fb_seat_map_get_seat_bounds (data, "s-b4", &b) &&
         b.origin.y + b.size.height <= gtk_widget_get_height (GTK_WIDGET (data));
}

/* Through the Floor page's button, as a user does, on the plan's date. */
static FbSeatAssignDialog *
open_dialog (Ctx *ctx)
{
  FbSeatAssignDialog *dialog;

  g_assert_true (gtk_widget_get_visible (assign_button (ctx)));
  g_assert_null (find_dialog ());
  g_assert_true (gtk_widget_activate_action (fb_window_get_floor_page (ctx->window), "floor.assign-seats", NULL));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (ctx->window));
  g_assert_true (fb_seat_assign_dialog_set_shift (dialog, ctx->date, FB_SHIFT_DAY));
  g_assert_true (fb_test_wait_until (map_laid_out, GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), FB_TYPE_SEAT_ASSIGN_DIALOG, "seat_map")), 10000));
  return dialog;
}

/* The Save button follows its action's state. */
static gboolean
save_enabled (FbSeatAssignDialog *dialog)
{
  return gtk_widget_get_sensitive (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), FB_TYPE_SEAT_ASSIGN_DIALOG, "save_button")));
}

/* A click on @seat_id of the map, as the map reports it. */
static void
click_seat (FbSeatAssignDialog *dialog,
            const char         *seat_id)
{
  g_signal_emit_by_name (gtk_widget_get_template_child (GTK_WIDGET (dialog), FB_TYPE_SEAT_ASSIGN_DIALOG, "seat_map"), "seat-activated", seat_id);
}

static gboolean
drop_on (FbSeatAssignDialog *dialog,
         const char         *agent_id,
         const char         *seat_id)
{
  FbSeatMap *map = FB_SEAT_MAP (gtk_widget_get_template_child (GTK_WIDGET (dialog), FB_TYPE_SEAT_ASSIGN_DIALOG, "seat_map"));
  graphene_rect_t b;

  g_assert_true (fb_seat_map_get_seat_bounds (map, seat_id, &b));
  /* Hit-tested from a point, as a drop is. */
  return fb_seat_map_drop_agent (map, agent_id, b.origin.x + b.size.width / 2, b.origin.y + b.size.height / 2);
}

static void
test_roles (void)
{
  static const struct { const char *username, *user_id; gboolean may; } cases[] = {
    { "lead", "u-lead", FALSE },
    { "qa", "u-qa", FALSE },
    { "sup", "u-sup", TRUE },
    { "mgr", "u-mgr", TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Ctx ctx = { 0 };

      ctx_open (&ctx, cases[i].username, cases[i].user_id);
      g_test_message ("%s", cases[i].username);
      g_assert_cmpint (gtk_widget_get_visible (assign_button (&ctx)), ==, cases[i].may);
      g_assert_cmpint (gtk_widget_is_sensitive (assign_button (&ctx)), ==, cases[i].may);
      /* The action does nothing for them either. */
      gtk_widget_activate_action (fb_window_get_floor_page (ctx.window), "floor.assign-seats", NULL);
      g_assert_cmpint (find_dialog () != NULL, ==, cases[i].may);
      if (find_dialog () != NULL)
        fb_test_destroy_window (find_dialog ());
      ctx_close (&ctx);
    }
}

static void
test_pick_and_rules (void)
{
  Ctx ctx = { 0 };
  FbSeatAssignDialog *dialog;
  FbSeatMap *map;
  GListModel *agents;

  ctx_open (&ctx, "sup", "u-sup");
  dialog = open_dialog (&ctx);
  map = FB_SEAT_MAP (gtk_widget_get_template_child (GTK_WIDGET (dialog), FB_TYPE_SEAT_ASSIGN_DIALOG, "seat_map"));
  g_assert_true (fb_seat_map_get_assign_mode (map));

  /* Exactly the shift's agents: team 1 less the one on leave, team 2;
   * not the night team. */
  agents = fb_seat_assign_dialog_get_agents (dialog);
  g_assert_cmpuint (g_list_model_get_n_items (agents), ==, G_N_ELEMENTS (day_agents));
  for (guint i = 0; i < G_N_ELEMENTS (day_agents); i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < g_list_model_get_n_items (agents); j++)
        {
          g_autoptr(GtkStringObject) id = g_list_model_get_item (agents, j);
          found |= g_str_equal (gtk_string_object_get_string (id), day_agents[i]);
        }
      g_assert_true (found);
    }

  /* Starts from the cached plan, stray night agent included, which the
   * rules refuse in words: Save is off. */
  g_assert_cmpstr (fb_seat_assign_dialog_get_seat_of (dialog, "agent-002"), ==, "s-a2");
  g_assert_cmpstr (fb_seat_map_get_planned_agent (map, "s-a2"), ==, "agent-002");
  g_assert_cmpint (fb_seat_map_get_look (map, "s-a2", 0), ==, FB_SEAT_LOOK_ASSIGNED);
  g_assert_cmpint (fb_seat_map_get_look (map, "s-a1", 0), ==, FB_SEAT_LOOK_EMPTY);
  g_assert_cmpint (fb_seat_assign_dialog_get_base_version (dialog), >, 0);
  g_assert_nonnull (fb_seat_assign_dialog_get_problem (dialog));
  g_assert_nonnull (strstr (fb_seat_assign_dialog_get_problem (dialog), "정 야간"));
  g_assert_nonnull (strstr (fb_seat_assign_dialog_get_problem (dialog), "does not work this shift"));
  g_assert_false (save_enabled (dialog));

  /* A click on the stray's seat with nobody chosen chooses them; Unseat
   * frees the seat and the plan is fine again. */
  click_seat (dialog, "s-b4");
  g_assert_cmpstr (fb_seat_assign_dialog_get_selected_agent (dialog), ==, "agent-201");
  g_assert_cmpstr (fb_seat_map_get_highlight (map), ==, "s-b4");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "seats.unseat", NULL));
  g_assert_null (fb_seat_assign_dialog_get_seat_of (dialog, "agent-201"));
  g_assert_null (fb_seat_map_get_planned_agent (map, "s-b4"));
  g_assert_null (fb_seat_assign_dialog_get_problem (dialog));
  g_assert_true (save_enabled (dialog));

  /* Picking: choose an agent, click a seat. */
  fb_seat_assign_dialog_select_agent (dialog, "agent-001");
  click_seat (dialog, "s-a1");
  g_assert_cmpstr (fb_seat_assign_dialog_get_seat_of (dialog, "agent-001"), ==, "s-a1");
  g_assert_cmpstr (fb_seat_map_get_planned_agent (map, "s-a1"), ==, "agent-001");
  g_assert_cmpint (fb_seat_map_get_look (map, "s-a1", 0), ==, FB_SEAT_LOOK_ASSIGNED);
  g_assert_cmpstr (fb_seat_map_get_highlight (map), ==, "s-a1");
  g_assert_nonnull (strstr (fb_seat_assign_dialog_get_status (dialog), "A-1"));

  /* A faulty seat is refused, in words, and changes nothing. */
  fb_seat_assign_dialog_select_agent (dialog, "agent-003");
  click_seat (dialog, "s-a3");
  g_assert_null (fb_seat_assign_dialog_get_seat_of (dialog, "agent-003"));
  g_assert_null (fb_seat_map_get_planned_agent (map, "s-a3"));
  g_assert_nonnull (strstr (fb_seat_assign_dialog_get_status (dialog), "A-3"));
  g_assert_nonnull (strstr (fb_seat_assign_dialog_get_status (dialog), "faulty"));

  /* An agent with a seat moves: the old seat is free. */
  fb_seat_assign_dialog_select_agent (dialog, "agent-001");
  click_seat (dialog, "s-b1");
  g_assert_cmpstr (fb_seat_assign_dialog_get_seat_of (dialog, "agent-001"), ==, "s-b1");
  g_assert_null (fb_seat_map_get_planned_agent (map, "s-a1"));
  g_assert_cmpint (fb_seat_map_get_look (map, "s-a1", 0), ==, FB_SEAT_LOOK_EMPTY);
  g_assert_nonnull (strstr (fb_seat_assign_dialog_get_status (dialog), "A-1"));

  /* Onto a taken seat: the one who sat there is unseated, one seat each. */
  fb_seat_assign_dialog_select_agent (dialog, "agent-101");
  click_seat (dialog, "s-a2");
  g_assert_cmpstr (fb_seat_assign_dialog_get_seat_of (dialog, "agent-101"), ==, "s-a2");
  g_assert_null (fb_seat_assign_dialog_get_seat_of (dialog, "agent-002"));
  g_assert_nonnull (strstr (fb_seat_assign_dialog_get_status (dialog), "unseated"));

  /* Dragging: a drop is hit-tested to the seat under it. */
  g_assert_true (drop_on (dialog, "agent-103", "s-b2"));
  g_assert_cmpstr (fb_seat_assign_dialog_get_seat_of (dialog, "agent-103"), ==, "s-b2");
  g_assert_cmpstr (fb_seat_assign_dialog_get_selected_agent (dialog), ==, "agent-103");
  g_assert_false (drop_on (dialog, "agent-102", "s-a3"));
  g_assert_null (fb_seat_assign_dialog_get_seat_of (dialog, "agent-102"));
  g_assert_nonnull (strstr (fb_seat_assign_dialog_get_status (dialog), "faulty"));
  /* A night agent dragged in (not listed, but a string may come from anywhere). */
  g_assert_false (drop_on (dialog, "agent-202", "s-b3"));
  g_assert_null (fb_seat_map_get_planned_agent (map, "s-b3"));
  g_assert_false (drop_on (dialog, "no-such-agent", "s-b3"));
  g_assert_false (fb_seat_map_drop_agent (map, "agent-102", -10, -10));
  g_assert_null (fb_seat_assign_dialog_get_problem (dialog));

  /* By keyboard: the seat list and Assign. */
  fb_seat_assign_dialog_select_agent (dialog, "agent-102");
  {
    GtkDropDown *seat_dropdown = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (dialog),
                                                                              FB_TYPE_SEAT_ASSIGN_DIALOG,
                                                                              "seat_dropdown"));
    /* Floor order: A-1 … A-8, B-1 …: B-3 is the eleventh. */
    gtk_drop_down_set_selected (seat_dropdown, 10);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "seats.assign", NULL));
  g_assert_cmpstr (fb_seat_assign_dialog_get_seat_of (dialog, "agent-102"), ==, "s-b3");

  /* Clear empties the plan. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "seats.clear", NULL));
  g_assert_cmpuint (fb_seat_assign_dialog_get_n_seated (dialog), ==, 0);
  g_assert_null (fb_seat_map_get_planned_agent (map, "s-b2"));

  fb_test_destroy_window (dialog);
  ctx_close (&ctx);
}

static int
seat_index (const char *seat_id)
{
  for (guint i = 0; i < G_N_ELEMENTS (seats); i++)
    if (g_str_equal (seats[i].id, seat_id))
      return (int) i;
  return -1;
}

static const char *
team_of (const char *agent_id)
{
  return g_str_has_prefix (agent_id, "agent-1") ? "team-2" : "team-1";
}

static void
test_suggest (void)
{
  Ctx ctx = { 0 };
  FbSeatAssignDialog *dialog;
  const char *by_seat[G_N_ELEMENTS (seats)] = { NULL };
  g_autoptr(GString) order = g_string_new (NULL);
  g_autoptr(GHashTable) teams_seen = g_hash_table_new (g_str_hash, g_str_equal);
  const char *last_team = NULL;

  ctx_open (&ctx, "sup", "u-sup");
  dialog = open_dialog (&ctx);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "seats.suggest", NULL));

  /* Every agent of the shift on a working seat of their own. */
  g_assert_cmpuint (fb_seat_assign_dialog_get_n_seated (dialog), ==, G_N_ELEMENTS (day_agents));
  for (guint i = 0; i < G_N_ELEMENTS (day_agents); i++)
    {
      const char *seat_id = fb_seat_assign_dialog_get_seat_of (dialog, day_agents[i]);
      int index = seat_id ? seat_index (seat_id) : -1;

      g_assert_cmpint (index, >=, 0);
      g_assert_false (seats[index].faulty);
      g_assert_null (by_seat[index]);
      by_seat[index] = day_agents[i];
    }
  /* Teams in one block each, in floor order (the seats table's order). */
  for (guint i = 0; i < G_N_ELEMENTS (seats); i++)
    {
      const char *team;

      if (by_seat[i] == NULL)
        continue;
      team = team_of (by_seat[i]);
      g_string_append_printf (order, "%s ", team);
      if (g_strcmp0 (team, last_team) != 0)
        {
          g_assert_false (g_hash_table_contains (teams_seen, team));
          g_hash_table_add (teams_seen, (gpointer) team);
        }
      last_team = team;
    }
  g_test_message ("teams in floor order: %s", order->str);
  g_assert_cmpuint (g_hash_table_size (teams_seen), ==, 2);
  /* Team 2 serves the busier queue (q-02): its leader takes the first seat. */
  g_assert_cmpstr (by_seat[0], ==, "agent-101");
  g_assert_null (fb_seat_assign_dialog_get_problem (dialog));

  fb_test_destroy_window (dialog);
  ctx_close (&ctx);
}

static gboolean
dialog_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
nothing_pending (gpointer data)
{
  return fb_sync_engine_get_pending_writes (data) == 0;
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* The plan of the date's day shift as @rows (FbChange of seat_assignment)
 * hold it: "agent=seat " by agent. */
static char *
plan_of (GPtrArray  *rows,
         const char *date)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < rows->len; i++)
    {
      FbChange *row = g_ptr_array_index (rows, i);
      g_autoptr(FbSeatAssignment) sa = fb_entity_decode_string (&fb_seat_assignment_spec, row->data, -1, NULL);

      g_assert_nonnull (sa);
      if (g_str_equal (sa->date, date) && sa->shift == FB_SHIFT_DAY)
        g_ptr_array_add (lines, g_strdup_printf ("%s=%s", sa->agent_id, sa->seat_id));
    }
  g_ptr_array_sort (lines, compare_lines);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (out, "%s ", (char *) g_ptr_array_index (lines, i));
  return g_string_free (out, FALSE);
}

typedef struct
{
  Ctx        *ctx;
  const char *expected;
} CachePlan;

static gboolean
cache_has_plan (gpointer data)
{
  CachePlan *c = data;
  g_autoptr(GPtrArray) rows = fb_store_list_rows (c->ctx->store, "seat_assignment", NULL);
  g_autofree char *plan = rows ? plan_of (rows, c->ctx->date) : NULL;

  return g_strcmp0 (plan, c->expected) == 0;
}

static void
test_save (void)
{
  Ctx ctx = { 0 };
  FbSeatAssignDialog *dialog;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *on_server = NULL;
  g_autofree char *before = NULL;
  const char *expected = "agent-001=s-a1 agent-002=s-b3 agent-101=s-a5 ";
  CachePlan cache_plan = { &ctx, expected };

  ctx_open (&ctx, "sup", "u-sup");
  dialog = open_dialog (&ctx);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);

  rows = fb_server_store_list (ctx.f->store, "seat_assignment", &error);
  g_assert_no_error (error);
  before = plan_of (rows, ctx.date);
  g_assert_cmpstr (before, ==, "agent-002=s-a2 agent-201=s-b4 ");
  g_clear_pointer (&rows, g_ptr_array_unref);

  fb_seat_assign_dialog_select_agent (dialog, "agent-201");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "seats.unseat", NULL));
  g_assert_true (fb_seat_assign_dialog_assign (dialog, "agent-001", "s-a1"));
  g_assert_true (fb_seat_assign_dialog_assign (dialog, "agent-002", "s-b3"));
  g_assert_true (drop_on (dialog, "agent-101", "s-a5"));
  g_assert_null (fb_seat_assign_dialog_get_problem (dialog));

  /* The server is away: the plan waits in the outbox, the dialog closes. */
  fb_test_fixture_stop_server (ctx.f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "seats.save", NULL));
  g_assert_true (fb_test_wait_until (dialog_gone, &dialog, 10000));
  g_assert_cmpuint (fb_sync_engine_get_pending_writes (ctx.engine), ==, 1);
  g_usleep (200 * 1000);
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_cmpuint (fb_sync_engine_get_pending_writes (ctx.engine), ==, 1);

  /* Back: delivered once; the server holds exactly the plan (the night
   * agent's row gone), and the pull that follows brings it to the cache. */
  fb_test_fixture_start_server (ctx.f);
  g_assert_true (fb_test_wait_until (nothing_pending, ctx.engine, 20000));
  rows = fb_server_store_list (ctx.f->store, "seat_assignment", &error);
  g_assert_no_error (error);
  on_server = plan_of (rows, ctx.date);
  g_assert_cmpstr (on_server, ==, expected);
  g_assert_true (fb_test_wait_until (cache_has_plan, &cache_plan, 20000));

  ctx_close (&ctx);
}

typedef struct
{
  guint  n;
  char  *row_type;
  char  *code;
} Refusal;

static void
refused_cb (FbSyncEngine *engine,
            const char   *row_type,
            const char   *row_id,
            const char   *code,
            const char   *message,
            Refusal      *refusal)
{
  refusal->n++;
  g_free (refusal->row_type);
  refusal->row_type = g_strdup (row_type);
  g_free (refusal->code);
  refusal->code = g_strdup (code);
}

static gboolean
was_refused (gpointer data)
{
  return ((Refusal *) data)->n > 0;
}

/* Someone changed the plan after the dialog read it: the server refuses
 * the stale plan, the engine says so, and the server keeps its plan. */
static void
test_save_stale (void)
{
  Ctx ctx = { 0 };
  FbSeatAssignDialog *dialog;
  Refusal refusal = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *id = NULL;
  g_autofree char *json = NULL;
  g_autofree char *on_server = NULL;

  ctx_open (&ctx, "sup", "u-sup");
  dialog = open_dialog (&ctx);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_connect (ctx.engine, "write-refused", G_CALLBACK (refused_cb), &refusal);

  id = g_strdup_printf ("sa-%s-day-agent-002", ctx.date);
  json = g_strdup_printf ("{\"id\":\"%s\",\"date\":\"%s\",\"shift\":\"day\",\"seat_id\":\"s-a6\","
                          "\"agent_id\":\"agent-002\"}", id, ctx.date);
  fb_test_put (ctx.f->store, "seat_assignment", id, json);

  fb_seat_assign_dialog_select_agent (dialog, "agent-201");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "seats.unseat", NULL));
  g_assert_true (fb_seat_assign_dialog_assign (dialog, "agent-001", "s-a1"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "seats.save", NULL));
  g_assert_true (fb_test_wait_until (dialog_gone, &dialog, 10000));
  g_assert_true (fb_test_wait_until (was_refused, &refusal, 20000));
  g_assert_cmpuint (refusal.n, ==, 1);
  g_assert_null (refusal.row_type);
  g_assert_cmpstr (refusal.code, ==, "stale_version");
  g_assert_cmpuint (fb_sync_engine_get_pending_writes (ctx.engine), ==, 0);
  rows = fb_server_store_list (ctx.f->store, "seat_assignment", &error);
  g_assert_no_error (error);
  on_server = plan_of (rows, ctx.date);
  g_assert_cmpstr (on_server, ==, "agent-002=s-a6 agent-201=s-b4 ");

  g_signal_handlers_disconnect_by_data (ctx.engine, &refusal);
  g_free (refusal.row_type);
  g_free (refusal.code);
  ctx_close (&ctx);
}

/* Not a test: with FB_SEAT_SHOT set, the dialog after a suggestion and a
 * refused pick, left open that long (seconds) to be looked at. */
static void
show_for_screenshot (void)
{
  Ctx ctx = { 0 };
  FbSeatAssignDialog *dialog;

  ctx_open (&ctx, "sup", "u-sup");
  dialog = open_dialog (&ctx);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "seats.suggest", NULL);
  fb_seat_assign_dialog_select_agent (dialog, "agent-002");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "seats.unseat", NULL);
  click_seat (dialog, "s-a3");
  fb_test_spin (atoi (g_getenv ("FB_SEAT_SHOT")) * 1000);
  fb_test_destroy_window (dialog);
  ctx_close (&ctx);
}

static void
put_cached (FbStore    *store,
            const char *type,
            const char *id,
            const char *json)
{
  fb_test_cache_put_normalized (store, type, id, 1, json);
}

/* The shift after the running one on @clock. */
static FbShift
next_shift_on (FbCenterClock  *clock,
               gint64          now,
               char          **date)
{
  gint64 end = now;

  fb_center_clock_shift_at (clock, now, NULL, NULL, &end);
  return fb_center_clock_shift_at (clock, end, date, NULL, NULL);
}

/* The dialog opens on the next shift of the center's clock, in the zone
 * the cache keeps, not a fixed +9 h: São Paulo is 12 hours from Seoul,
 * so there the next shift is never Seoul's. */
static void
test_center_zone (void)
{
  g_autofree char *expected_date = NULL, *seoul_date = NULL;
  g_autoptr(FbCenterClock) seoul = fb_center_clock_new ();
  FbTestZoneCache z = { 0 };
  FbSeatAssignDialog *dialog;
  FbShift expected, in_seoul;
  gint64 now;

  if (!fb_test_zone_cache_open (&z, "America/Sao_Paulo"))
    return;
  put_cached (z.store, "team", "team-2",
              "{\"id\":\"team-2\",\"name\":\"주간 2팀\",\"shift\":\"day\",\"start\":\"08:00\",\"end\":\"20:00\"}");
  put_cached (z.store, "team", "team-3",
              "{\"id\":\"team-3\",\"name\":\"야간 1팀\",\"shift\":\"night\",\"start\":\"20:00\",\"end\":\"08:00\"}");

  now = g_get_real_time () / G_USEC_PER_SEC;
  dialog = fb_seat_assign_dialog_new (NULL, z.engine, z.store);
  expected = next_shift_on (fb_store_get_center_clock (z.store), now, &expected_date);
  in_seoul = next_shift_on (seoul, now, &seoul_date);
  g_assert_cmpint (expected, !=, in_seoul);
  g_assert_cmpstr (fb_seat_assign_dialog_get_date (dialog), ==, expected_date);
  g_assert_cmpint (fb_seat_assign_dialog_get_shift (dialog), ==, expected);

  gtk_window_destroy (GTK_WINDOW (dialog));
  fb_test_zone_cache_close (&z);
}

int
main (int   argc,
      char *argv[])
{
  fb_paths_init_i18n ();
  if (!fb_test_gui_init (&argc, &argv))
    return 77;

  app = fb_test_gui_app_new ("org.floorboard.Floorboard.TestSeatAssign");

  g_test_add_func ("/ui/seat-assign/roles", test_roles);
  g_test_add_func ("/ui/seat-assign/pick-and-rules", test_pick_and_rules);
  g_test_add_func ("/ui/seat-assign/suggest", test_suggest);
  g_test_add_func ("/ui/seat-assign/save", test_save);
  g_test_add_func ("/ui/seat-assign/save-stale", test_save_stale);
  g_test_add_func ("/ui/seat-assign/center-zone", test_center_zone);
  if (g_getenv ("FB_SEAT_SHOT") != NULL)
    g_test_add_func ("/ui/seat-assign/screenshot", show_for_screenshot);

  return fb_test_gui_run (app);
}
