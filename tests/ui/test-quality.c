/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-quality.c: the Quality page and the evaluation dialog, real, on a
 * real cache and a real server on 127.0.0.1, under Xvfb. */
#define G_LOG_DOMAIN "test-quality"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "fb-agent-picker-private.h"
#include "fb-auth.h"
#include "fb-entity.h"
#include "fb-qa-dialog.h"
#include "fb-qa-stats.h"
#include "fb-qa-trend-chart.h"
#include "fb-context.h"
#include "fb-quality-page-private.h"
#include "fb-row.h"
#include "fb-row-list.h"
#include "fb-server-store.h"
#include "fb-store.h"
#include "fb-sync-engine.h"
#include "fb-test-cache.h"
#include "fb-test-fixture.h"
#include "fb-test-sync.h"
#include "fb-test-drive.h"
#include "fb-test-gui.h"
#include "fb-window.h"

static GtkApplication *app;

static void
put_row (FbStore    *store,
         const char *type,
         const char *id,
         const char *json)
{
  static gint64 version = 1;

  fb_test_cache_put_normalized (store, type, id, version++, json);
}

static void
put_agent (FbStore    *store,
           const char *id,
           const char *name,
           const char *team,
           const char *state)
{
  g_autofree char *json = g_strdup_printf ("{\"id\":\"%s\",\"name\":\"%s\",\"employee_no\":\"CS-%s\","
                                           "\"grade\":\"junior\",\"team_id\":\"%s\",\"state\":\"%s\"}",
                                           id, name, id, team, state);
  put_row (store, "agent", id, json);
}

/* An evaluation of @agent at @at with the criteria's scores and @total. */
static char *
qa_json (const char *id,
         const char *agent,
         gint64      at,
         const int   s[5],
         double      total,
         const char *weights)
{
  g_autofree char *iso = fb_timestamp_to_iso (at);

  return g_strdup_printf ("{\"id\":\"%s\",\"agent_id\":\"%s\",\"inspector\":\"u-qa\",\"evaluated_at\":\"%s\","
                          "\"call_ref\":\"CALL-%s\",\"scores\":{\"service_language\":%d,\"attitude\":%d,"
                          "\"tone\":%d,\"need_elicitation\":%d,\"handling\":%d},\"total\":%.1f%s%s}",
                          id, agent, iso, id, s[0], s[1], s[2], s[3], s[4], total,
                          weights ? ",\"weights\":" : "", weights ? weights : "");
}

static void
put_qa (FbStore    *store,
        const char *id,
        const char *agent,
        gint64      at,
        const int   s[5],
        double      total)
{
  g_autofree char *json = qa_json (id, agent, at, s, total, NULL);

  put_row (store, "qa_evaluation", id, json);
}

static void
update_list (FbRowList  *list,
             const char *id)
{
  const char *ids[] = { id, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (fb_row_list_update (list, ids, &error));
  g_assert_no_error (error);
}

/* Runs what is ready, idle work included. */
static void
settle (void)
{
  for (int i = 0; i < 50 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

typedef struct
{
  FbQualityPage *page;
  const char    *name;
  const char    *want;
} WaitFigure;

static gboolean
figure_is (gpointer data)
{
  WaitFigure *w = data;
  return g_strcmp0 (fb_quality_page_get_figure (w->page, w->name), w->want) == 0;
}

static char *
cell (FbQualityPage *page,
      guint          row,
      guint          column)
{
  return fb_quality_page_dup_cell_text (page, row, column);
}

static gint64
month_start (GTimeZone *tz,
             int        year,
             int        month)
{
  g_autoptr(GDateTime) dt = g_date_time_new (tz, year, month, 1, 0, 0, 0);
  return g_date_time_to_unix (dt);
}

static void
test_figures (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (0, 0);
  g_autoptr(GTimeZone) seoul = g_time_zone_new_identifier ("Asia/Seoul");
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = NULL;
  g_autoptr(FbRowList) evals = NULL;
  g_autoptr(FbRowList) agents = NULL;
  g_autoptr(FbRowList) teams = NULL;
  static const int s1[5] = { 90, 80, 70, 60, 85 };
  static const int s2[5] = { 95, 90, 85, 80, 95 };
  static const int s3[5] = { 70, 75, 50, 65, 72 };
  int year, month, prev_year, prev_month;
  gint64 start, prev_start;
  FbQualityPage *page;
  GtkWindow *window;
  guint computed;

  g_assert_nonnull (seoul);
  fb_qa_month_of (g_get_real_time () / G_USEC_PER_SEC, seoul, &year, &month);
  prev_year = year, prev_month = month;
  fb_qa_month_add (&prev_year, &prev_month, -1);
  start = month_start (seoul, year, month);
  prev_start = month_start (seoul, prev_year, prev_month);

  store = fb_store_open (f->cache_path, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, &error);
  g_assert_no_error (error);
  put_row (store, "team", "t1", "{\"id\":\"t1\",\"name\":\"주간 1팀\",\"shift\":\"day\",\"start\":\"08:00\",\"end\":\"20:00\"}");
  put_row (store, "team", "t2", "{\"id\":\"t2\",\"name\":\"야간 1팀\",\"shift\":\"night\",\"start\":\"20:00\",\"end\":\"08:00\"}");
  put_agent (store, "a1", "김하나", "t1", "available");
  put_agent (store, "a2", "이두리", "t1", "on_call");
  put_agent (store, "a3", "박세나", "t2", "break");
  put_agent (store, "a4", "최네명", "t2", "offline");
  /* This month (in Seoul): a1 twice (once at its first second), a2 once,
   * a3 six times (over the rules' 5), a4 never. */
  put_qa (store, "qa-01", "a1", start, s1, 80);
  put_qa (store, "qa-02", "a1", start + 3600, s1, 70);
  put_qa (store, "qa-03", "a2", start + 7200, s2, 90);
  for (int i = 0; i < 6; i++)
    {
      g_autofree char *id = g_strdup_printf ("qa-1%d", i);
      put_qa (store, id, "a3", start + 60 * (i + 1), s3, 60);
    }
  /* The month before: its last second, and its first. */
  put_qa (store, "qa-20", "a1", start - 1, s2, 50);
  put_qa (store, "qa-21", "a4", prev_start, s2, 40);

  evals = fb_row_list_new (store, "qa_evaluation");
  agents = fb_row_list_new (store, "agent");
  teams = fb_row_list_new (store, "team");
  g_assert_true (fb_row_list_reload (evals, NULL) && fb_row_list_reload (agents, NULL) &&
                 fb_row_list_reload (teams, NULL));

  page = FB_QUALITY_PAGE (fb_quality_page_new ());
  fb_quality_page_set_time_zone (page, seoul);
  fb_quality_page_set_models (page, G_LIST_MODEL (evals), G_LIST_MODEL (agents), G_LIST_MODEL (teams));
  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1200, 800);
  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);

  /* The figures are the rows' (totals: 80 70 90 60×6 → 600 / 9). */
  g_assert_cmpstr (fb_quality_page_get_figure (page, "evaluations"), ==, "9");
  g_assert_cmpstr (fb_quality_page_get_figure (page, "none"), ==, "1");
  g_assert_cmpstr (fb_quality_page_get_figure (page, "over"), ==, "1");
  g_assert_cmpstr (fb_quality_page_get_figure (page, "average"), ==, "66.7");
  /* Lowest first: tone 525/9, need 590/9, language 695/9, handling
   * 697/9, attitude 700/9. */
  g_assert_cmpstr (fb_quality_page_get_figure (page, "focus"), ==,
                   "Tone and Intonation 58.3; Need Elicitation 65.6; Service Language 77.2; "
                   "Handling Ability 77.4; Attitude 77.8");
  g_assert_cmpstr (fb_quality_page_get_figure (page, "teams"), ==, "주간 1팀 80.0\n야간 1팀 60.0");

  /* The flagged agents, not monitored first (the default order). */
  {
    g_autofree char *name0 = cell (page, 0, 0);
    g_autofree char *count0 = cell (page, 0, 2);
    g_autofree char *total0 = cell (page, 0, 8);
    g_autofree char *name3 = cell (page, 3, 0);
    g_autofree char *team3 = cell (page, 3, 1);
    g_autofree char *count3 = cell (page, 3, 2);
    g_autofree char *tone3 = cell (page, 3, 5);
    g_autofree char *none = cell (page, 4, 0);

    g_assert_cmpstr (name0, ==, "최네명");
    g_assert_cmpstr (count0, ==, "0 · not monitored");
    g_assert_cmpstr (total0, ==, "–");
    g_assert_cmpstr (name3, ==, "박세나");
    g_assert_cmpstr (team3, ==, "야간 1팀");
    g_assert_cmpstr (count3, ==, "6 · over 5");
    g_assert_cmpstr (tone3, ==, "50.0");
    g_assert_null (none);
  }

  /* The chart: the floor's two months, and the selected agent's. */
  {
    FbQaTrendChart *chart = FB_QA_TREND_CHART (fb_quality_page_get_chart (page));
    GtkSelectionModel *selection = gtk_column_view_get_model (fb_quality_page_get_view (page));
    guint a1 = GTK_INVALID_LIST_POSITION;

    g_assert_cmpuint (fb_qa_trend_chart_get_n_points (chart, FALSE), ==, 2);
    g_assert_cmpuint (fb_qa_trend_chart_get_n_points (chart, TRUE), ==, 0);
    for (guint i = 0; i < 4; i++)
      {
        g_autofree char *name = cell (page, i, 0);
        if (g_str_equal (name, "김하나"))
          a1 = i;
      }
    g_assert_cmpuint (a1, !=, GTK_INVALID_LIST_POSITION);
    gtk_selection_model_select_item (selection, a1, TRUE);
    g_assert_cmpuint (fb_qa_trend_chart_get_n_points (chart, TRUE), ==, 2);

    /* The table behind it: six months, the floor and the agent, a figure
     * wherever the chart has a point. */
    {
      guint n_columns = 0, floor_figures = 0, agent_figures = 0;
      g_autoptr(GPtrArray) cells = fb_qa_trend_chart_dup_table (chart, &n_columns);

      g_assert_cmpuint (n_columns, ==, 3);
      g_assert_cmpuint (cells->len, ==, 6 * 3);
      for (guint i = 0; i < cells->len; i += 3)
        {
          g_assert_cmpstr (g_ptr_array_index (cells, i), ==, fb_qa_trend_chart_get_label (chart, i / 3));
          floor_figures += !g_str_equal (g_ptr_array_index (cells, i + 1), "–");
          agent_figures += !g_str_equal (g_ptr_array_index (cells, i + 2), "–");
        }
      g_assert_cmpuint (floor_figures, ==, 2);
      g_assert_cmpuint (agent_figures, ==, 2);
      g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (chart)));
    }
  }

  /* Not beyond the current month. */
  gtk_widget_activate_action (GTK_WIDGET (page), "quality.next-month", NULL);
  {
    int y, m;
    fb_quality_page_get_month (page, &y, &m);
    g_assert_cmpint (y * 100 + m, ==, year * 100 + month);
  }

  /* The month before: its last second in Seoul is in it, its own first
   * second too; this month's first is not. */
  {
    g_autofree char *label = g_strdup (fb_quality_page_get_figure (page, "month"));
    int y, m;

    gtk_widget_activate_action (GTK_WIDGET (page), "quality.previous-month", NULL);
    fb_quality_page_get_month (page, &y, &m);
    g_assert_cmpint (y * 100 + m, ==, prev_year * 100 + prev_month);
    g_assert_cmpstr (fb_quality_page_get_figure (page, "month"), !=, label);
    g_assert_cmpstr (fb_quality_page_get_figure (page, "evaluations"), ==, "2");
    g_assert_cmpstr (fb_quality_page_get_figure (page, "none"), ==, "2");
    g_assert_cmpstr (fb_quality_page_get_figure (page, "over"), ==, "0");
    g_assert_cmpstr (fb_quality_page_get_figure (page, "average"), ==, "45.0");
    /* Nothing before it: no going further back into an empty past. */
    gtk_widget_activate_action (GTK_WIDGET (page), "quality.previous-month", NULL);
    fb_quality_page_get_month (page, &y, &m);
    g_assert_cmpint (y * 100 + m, ==, prev_year * 100 + prev_month);
    gtk_widget_activate_action (GTK_WIDGET (page), "quality.next-month", NULL);
    g_assert_cmpstr (fb_quality_page_get_figure (page, "evaluations"), ==, "9");
    g_assert_cmpstr (fb_quality_page_get_figure (page, "month"), ==, label);
  }

  /* A new evaluation in the cache: the page follows its list. */
  put_qa (store, "qa-30", "a4", start + 600, s2, 96);
  update_list (evals, "qa-30");
  {
    WaitFigure w = { page, "evaluations", "10" };
    g_assert_true (fb_test_wait_until (figure_is, &w, 5000));
    g_assert_cmpstr (fb_quality_page_get_figure (page, "none"), ==, "0");
  }

  /* An agent's live state changes every second: nothing is recomputed. */
  settle ();
  computed = fb_quality_page_get_n_computed (page);
  put_agent (store, "a1", "김하나", "t1", "on_call");
  update_list (agents, "a1");
  put_agent (store, "a1", "김하나", "t1", "after_call_work");
  update_list (agents, "a1");
  settle ();
  g_assert_cmpuint (fb_quality_page_get_n_computed (page), ==, computed);

  /* A new name or team is the page's business. */
  put_agent (store, "a4", "최새이름", "t1", "available");
  update_list (agents, "a4");
  settle ();
  g_assert_cmpuint (fb_quality_page_get_n_computed (page), ==, computed + 1);
  g_assert_cmpstr (fb_quality_page_get_figure (page, "teams"), ==, "주간 1팀 84.0\n야간 1팀 60.0");
  {
    gboolean found = FALSE;
    for (guint i = 0; i < 4; i++)
      {
        g_autofree char *name = cell (page, i, 0);
        found |= g_str_equal (name, "최새이름");
      }
    g_assert_true (found);
  }

  /* Months are the given zone's: every evaluation above sits in the first
   * hours of the month in Seoul, which are still the month before in UTC
   * (checked when both zones are in the same month now). */
  {
    g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
    int y, m;

    fb_qa_month_of (g_get_real_time () / G_USEC_PER_SEC, utc, &y, &m);
    if (y == year && m == month)
      {
        fb_quality_page_set_time_zone (page, utc);
        g_assert_cmpstr (fb_quality_page_get_figure (page, "evaluations"), ==, "0");
        gtk_widget_activate_action (GTK_WIDGET (page), "quality.previous-month", NULL);
        /* Ten of this month in Seoul and the last second of the month
         * before; its first second is two months back in UTC. */
        g_assert_cmpstr (fb_quality_page_get_figure (page, "evaluations"), ==, "11");
      }
  }

  fb_test_destroy_window (window);
}

/* Sign-in. */

static void
add_inspector (FbTestFixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = fb_auth_hash_password (FB_TEST_PASSWORD, &error);

  g_assert_no_error (error);
  g_assert_true (fb_server_store_begin (f->store, &error));
  fb_test_put (f->store, "user", "u-qa",
               "{\"id\":\"u-qa\",\"username\":\"qa\",\"name\":\"배 검사원\",\"role\":\"qa_inspector\"}");
  g_assert_true (fb_server_store_add_credentials (f->store, "qa", "u-qa", hash, &error));
  g_assert_true (fb_server_store_commit (f->store, &error));
  g_assert_no_error (error);
}

static gboolean
engine_online (gpointer data)
{
  return fb_sync_engine_get_state (data) == FB_SYNC_STATE_ONLINE;
}

static FbSyncEngine *
sign_in (FbTestFixture *f,
         const char    *cache_path,
         const char    *username)
{
  g_autoptr(GError) error = NULL;
  FbSyncEngine *engine = fb_sync_engine_new (cache_path, &error);

  g_assert_no_error (error);
  g_assert_true (fb_test_login (engine, f->url, username, FB_TEST_PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_true (fb_test_wait_until (engine_online, engine, 20000));
  return engine;
}

/* The page takes its engine from a context, as the window hands it. */
static void
set_engine (FbQualityPage *page,
            const char    *cache_path,
            FbSyncEngine  *engine)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = fb_store_open (cache_path, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, &error);
  g_autoptr(FbContext) context = NULL;

  g_assert_no_error (error);
  context = fb_context_new (store, engine, NULL);
  g_object_set (page, "context", context, NULL);
}

static void
test_record_button_role (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (0, 2);
  g_autoptr(FbSyncEngine) sup = NULL;
  g_autoptr(FbSyncEngine) qa = NULL;
  g_autofree char *qa_cache = NULL;
  g_autoptr(GListStore) empty = g_list_store_new (FB_TYPE_ROW);
  FbQualityPage *page;
  GtkWindow *window;

  add_inspector (f);
  page = FB_QUALITY_PAGE (fb_quality_page_new ());
  fb_quality_page_set_models (page, G_LIST_MODEL (empty), G_LIST_MODEL (empty), G_LIST_MODEL (empty));
  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);

  /* Signed out: no button. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), FB_TYPE_QUALITY_PAGE, "record_button"))));

  /* A supervisor sees QA but does not record it. */
  sup = sign_in (f, f->cache_path, "sup");
  set_engine (page, f->cache_path, sup);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), FB_TYPE_QUALITY_PAGE, "record_button"))));
  gtk_widget_activate_action (GTK_WIDGET (page), "quality.record", NULL);
  g_assert_null (fb_quality_page_get_dialog (page));

  /* A QA inspector does. */
  qa_cache = g_build_filename (f->dir, "qa-cache.db", NULL);
  qa = sign_in (f, qa_cache, "qa");
  set_engine (page, qa_cache, qa);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), FB_TYPE_QUALITY_PAGE, "record_button"))));

  /* Signed out again (the state changes): the button goes. */
  fb_sync_engine_stop (qa);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), FB_TYPE_QUALITY_PAGE, "record_button"))));

  fb_sync_engine_stop (sup);
  fb_test_destroy_window (window);
}

static void
test_dialog_validation (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (0, 3);
  g_autoptr(FbSyncEngine) engine = NULL;
  g_autoptr(FbStore) store = NULL;
  g_autoptr(FbRowList) agents = NULL;
  g_autoptr(FbRowList) evals = NULL;
  g_autoptr(GListStore) no_evals = g_list_store_new (FB_TYPE_ROW);
  g_autoptr(GError) error = NULL;
  g_autofree char *long_ref = g_strnfill (65, 'C');
  g_autofree char *long_comment = g_strnfill (1001, 'x');
  static const int s[5] = { 80, 80, 80, 80, 80 };
  const char *valid[5] = { "100", "50", "50", "80", "80" };
  const char *over[5] = { "100", "101", "50", "80", "80" };
  const char *word[5] = { "100", "50", "fifty", "80", "80" };
  const char *missing[5] = { "100", "50", "50", "80", "" };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  FbQaDialog *dialog;
  GtkWidget *save;

  /* Weights as the server recorded them: the newest evaluation that
   * carries any is the one the preview uses. */
  add_inspector (f);
  {
    g_autofree char *old = qa_json ("qa-old", "agent-001", now - 7200, s, 80,
                                    "{\"service_language\":0.2,\"attitude\":0.2,\"tone\":0.2,"
                                    "\"need_elicitation\":0.2,\"handling\":0.2}");
    g_autofree char *newest = qa_json ("qa-new", "agent-002", now - 3600, s, 80,
                                       "{\"service_language\":30,\"attitude\":20,\"tone\":20,"
                                       "\"need_elicitation\":15,\"handling\":15}");
    g_autofree char *unweighted = qa_json ("qa-none", "agent-002", now - 60, s, 80, NULL);

    g_assert_true (fb_server_store_begin (f->store, &error));
    fb_test_put (f->store, "qa_evaluation", "qa-old", old);
    fb_test_put (f->store, "qa_evaluation", "qa-new", newest);
    fb_test_put (f->store, "qa_evaluation", "qa-none", unweighted);
    g_assert_true (fb_server_store_commit (f->store, &error));
  }
  engine = sign_in (f, f->cache_path, "qa");
  store = fb_store_open (f->cache_path, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, &error);
  g_assert_no_error (error);
  agents = fb_row_list_new (store, "agent");
  evals = fb_row_list_new (store, "qa_evaluation");
  g_assert_true (fb_row_list_reload (agents, NULL) && fb_row_list_reload (evals, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (agents)), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (evals)), ==, 3);

  dialog = fb_qa_dialog_new (NULL, engine, G_LIST_MODEL (agents), G_LIST_MODEL (evals));
  gtk_window_present (GTK_WINDOW (dialog));
  save = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), FB_TYPE_QA_DIALOG, "save_button"));

  /* Empty: no agent yet. */
  g_assert_nonnull (strstr (fb_qa_dialog_get_problem (dialog), "agent"));
  g_assert_false (gtk_widget_get_sensitive (save));

  /* An agent, no call reference. */
  fb_qa_dialog_fill (dialog, "agent-002", "", valid, NULL);
  g_assert_cmpstr (fb_qa_dialog_get_problem (dialog), ==, "Enter the call reference.");
  g_assert_false (gtk_widget_get_sensitive (save));
  fb_qa_dialog_fill (dialog, NULL, "   ", NULL, NULL);
  g_assert_cmpstr (fb_qa_dialog_get_problem (dialog), ==, "Enter the call reference.");
  fb_qa_dialog_fill (dialog, NULL, long_ref, NULL, NULL);
  g_assert_cmpstr (fb_qa_dialog_get_problem (dialog), ==, "The call reference is longer than 64 characters.");
  g_assert_false (gtk_widget_get_sensitive (save));

  /* Scores: 101, a word, nothing. */
  fb_qa_dialog_fill (dialog, NULL, "CALL-20261123-0042", over, NULL);
  g_assert_cmpstr (fb_qa_dialog_get_problem (dialog), ==, "The score for Attitude must be a whole number from 0 to 100.");
  g_assert_false (gtk_widget_get_sensitive (save));
  g_assert_true (isnan (fb_qa_dialog_get_preview (dialog)));
  fb_qa_dialog_fill (dialog, NULL, NULL, word, NULL);
  g_assert_cmpstr (fb_qa_dialog_get_problem (dialog), ==, "The score for Tone and Intonation must be a whole number from 0 to 100.");
  g_assert_false (gtk_widget_get_sensitive (save));
  fb_qa_dialog_fill (dialog, NULL, NULL, missing, NULL);
  g_assert_cmpstr (fb_qa_dialog_get_problem (dialog), ==, "Enter the score for Handling Ability.");
  g_assert_false (gtk_widget_get_sensitive (save));

  /* Complete: Save, and the total with the newest weights:
   * 0.3·100 + 0.2·50 + 0.2·50 + 0.15·80 + 0.15·80 = 74. */
  fb_qa_dialog_fill (dialog, NULL, NULL, valid, "");
  g_assert_null (fb_qa_dialog_get_problem (dialog));
  g_assert_true (gtk_widget_get_sensitive (save));
  g_assert_cmpfloat_with_epsilon (fb_qa_dialog_get_preview (dialog), 74, 1e-9);
  g_assert_nonnull (strstr (fb_qa_dialog_get_weights_text (dialog), "newest"));
  g_assert_nonnull (strstr (fb_qa_dialog_get_weights_text (dialog), "Service Language 30 %"));

  /* A comment too long; then without an agent. */
  fb_qa_dialog_fill (dialog, NULL, NULL, NULL, long_comment);
  g_assert_cmpstr (fb_qa_dialog_get_problem (dialog), ==, "The comment is longer than 1000 characters.");
  g_assert_false (gtk_widget_get_sensitive (save));
  fb_qa_dialog_fill (dialog, NULL, NULL, NULL, "친절함");
  g_assert_true (gtk_widget_get_sensitive (save));
  fb_qa_dialog_select_agent (dialog, NULL);
  g_assert_cmpstr (fb_qa_dialog_get_problem (dialog), ==, "Choose the agent evaluated.");
  g_assert_false (gtk_widget_get_sensitive (save));
  fb_test_destroy_window (dialog);

  /* No evaluation says its weights: equal ones, and it says so. */
  dialog = fb_qa_dialog_new (NULL, engine, G_LIST_MODEL (agents), G_LIST_MODEL (no_evals));
  fb_qa_dialog_fill (dialog, "agent-001", "CALL-1", valid, NULL);
  g_assert_null (fb_qa_dialog_get_problem (dialog));
  g_assert_cmpfloat_with_epsilon (fb_qa_dialog_get_preview (dialog), 72, 1e-9);
  g_assert_nonnull (strstr (fb_qa_dialog_get_weights_text (dialog), "Equal weights"));
  fb_test_destroy_window (dialog);

  fb_sync_engine_stop (engine);
}

/* End to end: a QA inspector records an evaluation in the real window; it
 * reaches the server and comes back into the cache. */

typedef struct
{
  FbTestFixture *f;
  FbStore       *store;
  const char    *call_ref;
} WaitRow;

static gboolean
server_has (gpointer data)
{
  WaitRow *w = data;
  g_autofree char *dump = fb_test_dump_server (w->f->store);
  return strstr (dump, w->call_ref) != NULL;
}

static gboolean
cache_has_server_row (gpointer data)
{
  WaitRow *w = data;
  g_autoptr(GPtrArray) rows = fb_store_list_rows (w->store, "qa_evaluation", NULL);
  guint found = 0;
  gboolean local = FALSE;

  for (guint i = 0; rows && i < rows->len; i++)
    {
      FbChange *c = g_ptr_array_index (rows, i);
      if (strstr (c->data, w->call_ref) == NULL)
        continue;
      found++;
      local |= g_str_has_prefix (c->id, "local-");
    }
  /* Once, as the server has it (the optimistic row replaced). */
  return found == 1 && !local;
}

static gboolean
record_shown (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (data), FB_TYPE_QUALITY_PAGE, "record_button")));
}

static gboolean
dialog_gone (gpointer data)
{
  return fb_quality_page_get_dialog (data) == NULL;
}

static gboolean
nothing_pending (gpointer data)
{
  return fb_sync_engine_get_pending_writes (data) == 0;
}

/* The window on the fixture's cache, on the engine @engine signed in
 * with; its quality page once its Record button shows. */
static FbWindow *
open_window (FbTestFixture  *f,
             FbSyncEngine   *engine,
             FbStore       **store,
             FbQualityPage **page)
{
  g_autoptr(GError) error = NULL;
  FbWindow *window;

  *store = fb_store_open (f->cache_path, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, &error);
  g_assert_no_error (error);
  window = fb_window_new (app, *store, engine);
  gtk_window_present (GTK_WINDOW (window));
  *page = FB_QUALITY_PAGE (fb_window_get_table_page (window, "quality"));
  g_assert_true (fb_test_wait_until (record_shown, *page, 10000));
  return window;
}

static void
test_record_end_to_end (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (0, 3);
  g_autoptr(FbSyncEngine) engine = NULL;
  g_autoptr(FbStore) store = NULL;
  const char *scores[5] = { "90", "85", "70", "65", "88" };
  FbQualityPage *page;
  FbQaDialog *dialog;
  FbWindow *window;
  WaitRow w;
  g_autofree char *before = NULL;

  add_inspector (f);
  engine = sign_in (f, f->cache_path, "qa");
  window = open_window (f, engine, &store, &page);
  before = g_strdup (fb_quality_page_get_figure (page, "evaluations"));
  g_assert_cmpstr (before, ==, "0");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "quality.record", NULL));
  dialog = FB_QA_DIALOG (fb_quality_page_get_dialog (page));
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  fb_qa_dialog_fill (dialog, "agent-002", "CALL-E2E-0001", scores, "요금 안내가 정확함");
  g_assert_null (fb_qa_dialog_get_problem (dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "qa.save", NULL));

  /* Closed once the write is queued; shown at once (optimistically). */
  g_assert_true (fb_test_wait_until (dialog_gone, page, 10000));
  {
    WaitFigure wf = { page, "evaluations", "1" };
    g_assert_true (fb_test_wait_until (figure_is, &wf, 10000));
  }

  w.f = f;
  w.store = store;
  w.call_ref = "CALL-E2E-0001";
  g_assert_true (fb_test_wait_until (server_has, &w, 20000));
  {
    g_autofree char *dump = fb_test_dump_server (f->store);
    const char *line = strstr (dump, "CALL-E2E-0001");

    /* The server records who evaluated: the signed-in inspector. */
    while (line > dump && line[-1] != '\n')
      line--;
    g_assert_nonnull (strstr (line, "\"inspector\":\"u-qa\""));
    g_assert_nonnull (strstr (line, "\"agent_id\":\"agent-002\""));
  }
  g_assert_true (fb_test_wait_until (cache_has_server_row, &w, 20000));
  /* The live push may bring the row before the answer is settled. */
  g_assert_true (fb_test_wait_until (nothing_pending, engine, 20000));
  {
    WaitFigure wf = { page, "evaluations", "1" };
    g_assert_true (fb_test_wait_until (figure_is, &wf, 10000));
  }

  fb_test_destroy_window (window);
  fb_sync_engine_stop (engine);
}

static FbAgentPicker *
find_picker (GtkWidget *widget)
{
  if (FB_IS_AGENT_PICKER (widget))
    return FB_AGENT_PICKER (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      FbAgentPicker *found = find_picker (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  FbAgentPicker *picker;
  const char    *shown;
} WaitShown;

static gboolean
shown_is (gpointer data)
{
  WaitShown *w = data;
  g_autofree char *shown = fb_agent_picker_dup_shown (w->picker);

  return g_strcmp0 (shown, w->shown) == 0;
}

/* Types @text into the open picker's search and waits for the list to
 * show @shown (search-changed comes after a pause, as for a typist). */
static void
search_for (FbAgentPicker *picker,
            const char    *text,
            const char    *shown)
{
  WaitShown w = { picker, shown };

  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (picker), FB_TYPE_AGENT_PICKER, "search_entry")), text);
  if (!fb_test_wait_until (shown_is, &w, 5000))
    {
      g_autofree char *now = fb_agent_picker_dup_shown (picker);

      g_error ("searching “%s” shows “%s”, not “%s”", text, now, shown);
    }
}

/* The agent picker finds an agent by the employee number it shows, not
 * only by the start of the name; Enter takes the match. */
static void
test_agent_picker (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (0, 3);
  g_autoptr(FbSyncEngine) engine = NULL;
  g_autoptr(FbStore) store = NULL;
  g_autoptr(FbRowList) agents = NULL;
  g_autoptr(GListStore) evals = g_list_store_new (FB_TYPE_ROW);
  g_autoptr(GError) error = NULL;
  FbAgentPicker *picker;
  FbQaDialog *dialog;

  add_inspector (f);
  engine = sign_in (f, f->cache_path, "qa");
  store = fb_store_open (f->cache_path, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, &error);
  g_assert_no_error (error);
  agents = fb_row_list_new (store, "agent");
  g_assert_true (fb_row_list_reload (agents, NULL));

  dialog = fb_qa_dialog_new (NULL, engine, G_LIST_MODEL (agents), G_LIST_MODEL (evals));
  gtk_window_present (GTK_WINDOW (dialog));
  picker = find_picker (GTK_WIDGET (dialog));
  g_assert_nonnull (picker);
  g_assert_cmpstr (fb_qa_dialog_get_problem (dialog), ==, "Choose the agent evaluated.");

  gtk_menu_button_popup (GTK_MENU_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (picker), FB_TYPE_AGENT_PICKER, "button")));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (picker), FB_TYPE_AGENT_PICKER, "button"))))));
  /* By the employee number it shows, whole or in part, in any case. */
  search_for (picker, "CS-0003", "상담원 3 (CS-0003)");
  search_for (picker, "0002", "상담원 2 (CS-0002)");
  search_for (picker, "cs-0001", "상담원 1 (CS-0001)");
  /* By name, as before. */
  search_for (picker, "상담원 2", "상담원 2 (CS-0002)");
  search_for (picker, "상담원", "상담원 1 (CS-0001)\n상담원 2 (CS-0002)\n상담원 3 (CS-0003)");
  /* Nothing found: nothing is taken. */
  search_for (picker, "CS-9999", "");
  g_signal_emit_by_name (gtk_widget_get_template_child (GTK_WIDGET (picker), FB_TYPE_AGENT_PICKER, "search_entry"), "activate");
  g_assert_cmpuint (fb_agent_picker_get_selected (picker), ==, GTK_INVALID_LIST_POSITION);

  /* Enter takes the one found, and the form has its agent. */
  search_for (picker, "CS-0003", "상담원 3 (CS-0003)");
  g_signal_emit_by_name (gtk_widget_get_template_child (GTK_WIDGET (picker), FB_TYPE_AGENT_PICKER, "search_entry"), "activate");
  g_assert_cmpstr (fb_agent_picker_get_selected_label (picker), ==, "상담원 3 (CS-0003)");
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (picker), FB_TYPE_AGENT_PICKER, "button"))), ==, "상담원 3 (CS-0003)");
  g_assert_cmpstr (fb_qa_dialog_get_problem (dialog), ==, "Enter the call reference.");

  /* Or a row, clicked: reopened, the search starts afresh. */
  gtk_menu_button_popup (GTK_MENU_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (picker), FB_TYPE_AGENT_PICKER, "button")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (picker), FB_TYPE_AGENT_PICKER, "search_entry"))), ==, "");
  search_for (picker, "0001", "상담원 1 (CS-0001)");
  g_signal_emit_by_name (gtk_widget_get_template_child (GTK_WIDGET (picker), FB_TYPE_AGENT_PICKER, "list_view"), "activate", 0);
  g_assert_cmpstr (fb_agent_picker_get_selected_label (picker), ==, "상담원 1 (CS-0001)");

  fb_test_destroy_window (dialog);
  fb_sync_engine_stop (engine);
}

/* Saving an evaluation is confirmed, as the app confirms its other writes:
 * a toast on the window naming whom it was for. Driven through
 * the page's Record button and the dialog's Save button. */
static void
test_saved_toast (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (0, 3);
  g_autoptr(FbSyncEngine) engine = NULL;
  g_autoptr(FbStore) store = NULL;
  const char *scores[5] = { "90", "85", "70", "65", "88" };
  FbQualityPage *page;
  FbQaDialog *dialog;
  FbWindow *window;
  FbTestText wait;

  add_inspector (f);
  engine = sign_in (f, f->cache_path, "qa");
  window = open_window (f, engine, &store, &page);

  g_signal_emit_by_name (gtk_widget_get_template_child (GTK_WIDGET (page), FB_TYPE_QUALITY_PAGE, "record_button"), "clicked");
  dialog = FB_QA_DIALOG (fb_quality_page_get_dialog (page));
  g_assert_nonnull (dialog);
  fb_qa_dialog_fill (dialog, "agent-002", "CALL-TOAST-0001", scores, NULL);
  g_assert_null (fb_qa_dialog_get_problem (dialog));
  g_signal_emit_by_name (gtk_widget_get_template_child (GTK_WIDGET (dialog), FB_TYPE_QA_DIALOG, "save_button"), "clicked");
  g_assert_true (fb_test_wait_until (dialog_gone, page, 10000));

  wait = (FbTestText) { GTK_WIDGET (window), "Evaluation of 상담원 2 (CS-0002) saved", TRUE };
  g_assert_true (fb_test_wait_until (fb_test_text_shown, &wait, 5000));

  g_assert_true (fb_test_wait_until (nothing_pending, engine, 20000));
  fb_test_destroy_window (window);
  fb_sync_engine_stop (engine);
}

int
main (int   argc,
      char *argv[])
{
  if (!fb_test_gui_init (&argc, &argv))
    return 77;

  app = fb_test_gui_app_new ("org.floorboard.Floorboard.QualityTest");

  g_test_add_func ("/ui/quality/figures", test_figures);
  g_test_add_func ("/ui/quality/record-button-role", test_record_button_role);
  g_test_add_func ("/ui/quality/dialog-validation", test_dialog_validation);
  g_test_add_func ("/ui/quality/record-end-to-end", test_record_end_to_end);
  g_test_add_func ("/ui/quality/saved-toast", test_saved_toast);
  g_test_add_func ("/ui/quality/agent-picker", test_agent_picker);

  return fb_test_gui_run (app);
}
