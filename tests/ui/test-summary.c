/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-summary.c: the director's summary page in the real window, on a
 * cache a real server fills: a past day's figures against the targets
 * (and a target changed in Preferences), the quarter-hour chart, the duty
 * reports' review state opening the report, the week roll-up, a live
 * change reaching the page while changes it does not read leave it be,
 * and export to CSV and PDF and printing to a file. */
#define G_LOG_DOMAIN "test-summary"

#include <adwaita.h>
#include <string.h>

#include "fb-auth.h"
#include "fb-connect-page.h"
#include "fb-duty-report-dialog.h"
#include "fb-entity.h"
#include "fb-intraday-chart.h"
#include "fb-paths.h"
#include "fb-server-store.h"
#include "fb-store.h"
#include "fb-summary-csv.h"
#include "fb-summary-page-private.h"
#include "fb-summary-pdf.h"
#include "fb-sync-engine.h"
#include "fb-table-page.h"
#include "fb-test-fixture.h"
#include "fb-test-gui.h"
#include "fb-test-window.h"
#include "fb-window.h"

static GtkApplication *app;

#define DATE "2024-05-01"

static void
put_interval (FbServerStore *store,
              const char    *start,
              gint64         offered,
              gint64         answered,
              gint64         in_sl,
              double         wait_s)
{
  g_autofree char *id = g_strdup_printf ("q-01@%s", start);
  g_autofree char *json = g_strdup_printf ("{\"id\":\"%s\",\"queue_id\":\"q-01\",\"start\":\"%s\",\"offered\":%"
                                           G_GINT64_FORMAT ",\"answered\":%" G_GINT64_FORMAT ",\"abandoned\":%"
                                           G_GINT64_FORMAT ",\"answered_in_sl\":%" G_GINT64_FORMAT
                                           ",\"handle_time_s\":0,\"wait_time_s\":%g}",
                                           id, start, offered, answered, offered - answered, in_sl, wait_s);

  fb_test_put (store, "queue_interval", id, json);
}

static FbTestFixture *
fixture_new (void)
{
  FbTestFixture *f = fb_test_fixture_new (1, 4);
  g_autoptr(GError) error = NULL;

  g_assert_true (fb_server_store_begin (f->store, &error));
  /* The fixture's day team, and a night team. */
  fb_test_put (f->store, "team", "team-2",
               "{\"id\":\"team-2\",\"name\":\"야간 1팀\",\"shift\":\"night\",\"start\":\"20:00\",\"end\":\"08:00\"}");
  fb_test_put_user (f, "u-lead", "lead", "박 반장", "shift_leader", NULL);
  fb_test_put_user (f, "u-lead2", "lead2", "이 반장", "shift_leader", NULL);
  fb_test_put_user (f, "u-mgr", "mgr", "김 부장", "manager", NULL);
  fb_test_put_user (f, "u-dir", "dir", "최 센터장", "director", NULL);
  fb_test_put (f->store, "audit", "audit-1",
               "{\"id\":\"audit-1\",\"at\":\"2024-05-01T02:00:00Z\",\"actor\":\"u-mgr\",\"action\":\"review\","
               "\"target_type\":\"duty_report\",\"target_id\":\"duty-" DATE "-day\"}");
  /* 09:00 KST (the day shift) and 20:00 KST (the night); a week before. */
  put_interval (f->store, "2024-05-01T00:00:00Z", 40, 30, 24, 300);
  put_interval (f->store, "2024-05-01T11:00:00Z", 60, 60, 60, 120);
  put_interval (f->store, "2024-04-24T00:00:00Z", 17, 17, 17, 0);
  fb_test_put (f->store, "duty_report", "duty-" DATE "-day",
               "{\"id\":\"duty-" DATE "-day\",\"date\":\"" DATE "\",\"shift\":\"day\",\"author\":\"u-lead\","
               "\"issue_summary\":\"없음\",\"workload\":\"보통\",\"handover_notes\":\"-\","
               "\"status\":\"reviewed\",\"reviewed_by\":\"u-mgr\",\"acknowledged_by\":\"u-lead2\"}");
  g_assert_true (fb_server_store_commit (f->store, &error));
  return f;
}

/* For fb_test_sign_in(): engine @data has synced all there is. */
static gboolean
synced (FbWindow *window,
        gpointer  data)
{
  return fb_sync_engine_get_progress (data) >= 1.0;
}

typedef struct
{
  FbTestFixture *f;
  FbSyncEngine  *engine;
  FbStore       *store;
  FbWindow      *window;
  FbSummaryPage *page;
  GSettings     *settings;
} Ui;

static void
ui_open (Ui         *ui,
         const char *username)
{
  GtkWidget *view_stack;

  ui->f = fixture_new ();
  ui->settings = g_settings_new ("org.floorboard.Floorboard");
  ui->window = fb_test_window_open (app, ui->f->cache_path, 1200, 900, &ui->engine, &ui->store);
  fb_test_sign_in (ui->window, ui->engine, ui->f->url, username, NULL, synced, ui->engine);

  /* The Reports tab, as a user clicks it: the summary is its first page. */
  ui->page = FB_SUMMARY_PAGE (fb_window_get_table_page (ui->window, "summary"));
  view_stack = gtk_widget_get_ancestor (GTK_WIDGET (ui->page), ADW_TYPE_VIEW_STACK);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (view_stack), "reports");
  g_assert_true (fb_test_wait_until (fb_test_is_mapped, ui->page, 5000));
}

static void
ui_close (Ui *ui)
{
  g_settings_reset (ui->settings, "target-service-level");
  fb_test_destroy_window (ui->window);
  fb_sync_engine_stop (ui->engine);
  g_clear_object (&ui->engine);
  g_clear_object (&ui->store);
  g_clear_object (&ui->settings);
  g_clear_pointer (&ui->f, fb_test_fixture_free);
}

typedef struct
{
  FbSummaryPage *page;
  guint          after;
} Computed;

static gboolean
computed_after (gpointer data)
{
  Computed *c = data;

  return fb_summary_page_get_n_computed (c->page) > c->after;
}

/* Runs @func on the page and waits for the computation it starts. */
static void
wait_computed (FbSummaryPage *page,
               guint          before)
{
  Computed c = { page, before };

  g_assert_true (fb_test_wait_until (computed_after, &c, 10000));
}

/* What the page must show for @key of @value: formatted the one way. */
static char *
expected (const char *key,
          const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return fb_summary_format_figure (key, node);
}

static void
assert_figure (FbSummaryPage *page,
               const char    *path,
               const char    *key,
               const char    *json)
{
  g_autofree char *want = expected (key, json);

  g_assert_cmpstr (fb_summary_page_get_figure (page, path), ==, want);
}

static void
show_date (FbSummaryPage *page,
           const char    *date)
{
  guint before = fb_summary_page_get_n_computed (page);

  g_assert_true (fb_summary_page_set_date (page, date));
  wait_computed (page, before);
  g_assert_null (fb_summary_page_get_error (page));
}

static void
test_day (void)
{
  Ui ui = { 0 };
  GtkWidget *tile;
  g_autofree char *sl = NULL;
  g_autofree char *asa = NULL;
  g_autofree char *target = NULL;
  guint before;

  ui_open (&ui, "mgr");
  show_date (ui.page, DATE);

  /* A day to come, or no day at all: refused, the date on screen stays. */
  before = fb_summary_page_get_n_computed (ui.page);
  g_assert_false (fb_summary_page_set_date (ui.page, "2999-01-01"));
  g_assert_false (fb_summary_page_set_date (ui.page, "2024-02-30"));
  g_assert_false (fb_summary_page_set_date (ui.page, "yesterday"));
  g_assert_cmpstr (fb_summary_page_get_date (ui.page), ==, DATE);
  g_assert_cmpuint (fb_summary_page_get_n_computed (ui.page), ==, before);

  /* 40 + 60 offered, 30 + 60 answered, 24 + 60 in time, ASA by answered. */
  assert_figure (ui.page, "day.offered", "offered", "100");
  assert_figure (ui.page, "day.answered", "answered", "90");
  assert_figure (ui.page, "day.abandoned", "abandoned", "10");
  assert_figure (ui.page, "shifts.day.offered", "offered", "40");
  assert_figure (ui.page, "shifts.night.offered", "offered", "60");
  sl = g_strdup_printf ("%.17g", 84.0 / 90.0);
  assert_figure (ui.page, "kpi.service_level", "service_level", sl);
  asa = g_strdup_printf ("%.17g", 420.0 / 90.0);
  assert_figure (ui.page, "kpi.asa_s", "asa_s", asa);
  assert_figure (ui.page, "day.abandon_rate", "abandon_rate", "0.1");

  /* 93 % against the default 80 %: met; abandoning 10 % against 5 %: missed. */
  tile = fb_summary_page_get_kpi_tile (ui.page, "service_level");
  g_assert_true (gtk_widget_has_css_class (tile, "summary-met"));
  tile = fb_summary_page_get_kpi_tile (ui.page, "abandon_rate");
  g_assert_true (gtk_widget_has_css_class (tile, "summary-missed"));
  /* No case resolved that day: no rate, and no verdict made up. */
  tile = fb_summary_page_get_kpi_tile (ui.page, "callback_rate_72h");
  g_assert_false (gtk_widget_has_css_class (tile, "summary-met"));
  g_assert_false (gtk_widget_has_css_class (tile, "summary-missed"));
  g_assert_cmpstr (fb_summary_page_get_figure (ui.page, "kpi.callback_rate_72h"), ==, "–");

  /* A target raised in Preferences: the same day now misses it. */
  before = fb_summary_page_get_n_computed (ui.page);
  g_settings_set_double (ui.settings, "target-service-level", 0.95);
  wait_computed (ui.page, before);
  tile = fb_summary_page_get_kpi_tile (ui.page, "service_level");
  g_assert_true (gtk_widget_has_css_class (tile, "summary-missed"));
  target = expected ("service_level", "0.95");
  g_assert_nonnull (strstr (fb_summary_page_get_figure (ui.page, "kpi.service_level.target"), target));

  /* The chart: the day's quarter hours against the week before. */
  g_assert_cmpfloat (fb_intraday_chart_get_total (FB_INTRADAY_CHART (gtk_widget_get_template_child (GTK_WIDGET (ui.page), FB_TYPE_SUMMARY_PAGE, "chart")), FALSE), ==, 100);
  g_assert_cmpfloat (fb_intraday_chart_get_total (FB_INTRADAY_CHART (gtk_widget_get_template_child (GTK_WIDGET (ui.page), FB_TYPE_SUMMARY_PAGE, "chart")), TRUE), ==, 17);

  ui_close (&ui);
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0 &&
          gtk_widget_is_sensitive (child))
        return child;
      if ((found = find_button (child, label)))
        return found;
    }
  return NULL;
}

static void
test_reports (void)
{
  Ui ui = { 0 };
  g_autofree char *reviewed = NULL;
  FbDutyReportDialog *dialog;
  GtkWidget *open;

  ui_open (&ui, "mgr");
  show_date (ui.page, DATE);

  /* The day shift's report, reviewed; the night wrote none. */
  reviewed = expected ("status", "\"reviewed\"");
  g_assert_cmpstr (fb_summary_page_get_figure (ui.page, "reports.day"), ==, reviewed);
  g_assert_cmpstr (fb_summary_page_get_figure (ui.page, "reports.night"), ==, "No report");

  /* Its Open button (the night's is insensitive) shows that report. */
  open = find_button (GTK_WIDGET (ui.page), "_Open");
  g_assert_nonnull (open);
  g_signal_emit_by_name (open, "clicked");
  dialog = fb_test_toplevel_of_type (FB_TYPE_DUTY_REPORT_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (fb_duty_report_dialog_get_date (dialog), ==, DATE);
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (fb_test_wait_until (fb_test_no_toplevel_of_type, GSIZE_TO_POINTER (FB_TYPE_DUTY_REPORT_DIALOG), 5000));

  ui_close (&ui);
}

static void
test_week (void)
{
  Ui ui = { 0 };
  guint before;
  JsonObject *summary;

  ui_open (&ui, "mgr");
  show_date (ui.page, DATE);

  before = fb_summary_page_get_n_computed (ui.page);
  fb_summary_page_set_period (ui.page, FB_SUMMARY_PAGE_WEEK);
  wait_computed (ui.page, before);
  g_assert_null (fb_summary_page_get_error (ui.page));

  /* Monday 29 April to Sunday 5 May: seven days, the 1st's calls. */
  summary = json_node_get_object (fb_summary_page_get_summary (ui.page));
  g_assert_cmpstr (json_object_get_string_member (summary, "from"), ==, "2024-04-29");
  g_assert_cmpstr (json_object_get_string_member (summary, "to"), ==, "2024-05-05");
  g_assert_cmpuint (g_list_model_get_n_items (fb_summary_page_get_days (ui.page)), ==, 7);
  assert_figure (ui.page, "day.offered", "offered", "100");
  /* One report of fourteen shifts, reviewed. */
  assert_figure (ui.page, "reports.expected", "expected", "14");
  assert_figure (ui.page, "reports.reviewed", "reviewed", "1");
  /* A day's shift table is not a week's. */
  g_assert_null (fb_summary_page_get_figure (ui.page, "shifts.day.offered"));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (ui.page), FB_TYPE_SUMMARY_PAGE, "chart"))));

  /* Back a week, then forward: never past today. */
  before = fb_summary_page_get_n_computed (ui.page);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui.page), "summary.previous", NULL));
  wait_computed (ui.page, before);
  g_assert_cmpstr (fb_summary_page_get_date (ui.page), ==, "2024-04-24");
  assert_figure (ui.page, "day.offered", "offered", "17");

  ui_close (&ui);
}

static gboolean
offered_is (gpointer data)
{
  Ui *ui = data;
  g_autofree char *want = expected ("offered", "105");

  return g_strcmp0 (fb_summary_page_get_figure (ui->page, "day.offered"), want) == 0;
}

static void
test_live (void)
{
  Ui ui = { 0 };
  const char *unread[] = { "agent_state", "seat", "queue", NULL };
  const char *read[] = { "queue_interval", NULL };
  g_autoptr(GError) error = NULL;
  guint before;

  ui_open (&ui, "mgr");
  show_date (ui.page, DATE);

  /* Changes the summary does not read do not recompute it. */
  before = fb_summary_page_get_n_computed (ui.page);
  for (guint i = 0; i < 5; i++)
    fb_summary_page_cache_changed (ui.page, unread);
  /* Longer than the live feed's pause between computations. */
  fb_test_spin (6000);
  g_assert_cmpuint (fb_summary_page_get_n_computed (ui.page), ==, before);

  /* A burst of changes it reads costs one computation, or two. */
  for (guint i = 0; i < 5; i++)
    fb_summary_page_cache_changed (ui.page, read);
  wait_computed (ui.page, before);
  fb_test_spin (300);
  g_assert_cmpuint (fb_summary_page_get_n_computed (ui.page), <=, before + 2);

  /* Calls the server learns of reach the page through the cache. */
  g_assert_true (fb_server_store_begin (ui.f->store, &error));
  put_interval (ui.f->store, "2024-05-01T01:00:00Z", 5, 5, 5, 10);
  g_assert_true (fb_server_store_commit (ui.f->store, &error));
  fb_sync_engine_sync_now (ui.engine);
  g_assert_true (fb_test_wait_until (offered_is, &ui, 20000));

  ui_close (&ui);
}

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GError **error = user_data;

  if (!fb_summary_page_export_finish (FB_SUMMARY_PAGE (object), result, error) && *error == NULL)
    g_assert_not_reached ();
  g_object_set_data (object, "done", GINT_TO_POINTER (1));
}

static gboolean
export_done (gpointer data)
{
  return g_object_get_data (data, "done") != NULL;
}

static gboolean
export_to (FbSummaryPage *page,
           const char    *path,
           GError       **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_object_set_data (G_OBJECT (page), "done", NULL);
  fb_summary_page_export_async (page, file, NULL, export_cb, error);
  g_assert_true (fb_test_wait_until (export_done, page, 20000));
  return *error == NULL;
}

static char *
pdf_text (const char *path)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "pdftotext", "-layout", path, "-", NULL };
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

static void
test_export (void)
{
  Ui ui = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("fb-summary-XXXXXX", &error);
  g_autofree char *csv = g_build_filename (dir, "summary.csv", NULL);
  g_autofree char *pdf = g_build_filename (dir, "summary.pdf", NULL);
  g_autofree char *printed = g_build_filename (dir, "printed.pdf", NULL);
  g_autofree char *bad = g_build_filename (dir, "summary.txt", NULL);
  g_autofree char *nowhere = g_build_filename (dir, "missing", "summary.csv", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  g_autofree char *offered = NULL;
  g_autoptr(GtkPrintOperation) operation = NULL;
  GtkPrintOperationResult result;

  ui_open (&ui, "mgr");
  show_date (ui.page, DATE);

  /* The CSV holds the figures on screen. */
  g_assert_true (export_to (ui.page, csv, &error));
  g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
  offered = g_strdup_printf ("%s,%s,100\r\n", fb_summary_label ("day"), fb_summary_label ("offered"));
  g_assert_nonnull (strstr (contents, offered));

  /* The PDF renders them. */
  g_assert_true (export_to (ui.page, pdf, &error));
  text = pdf_text (pdf);
  g_assert_true (g_str_has_prefix (contents, "\xEF\xBB\xBF"));
  g_assert_nonnull (strstr (text, "2024"));
  g_assert_nonnull (strstr (text, "100"));

  /* A name that says no format, or a folder that is not there: an error,
   * and no file. */
  g_assert_false (export_to (ui.page, bad, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  g_assert_false (export_to (ui.page, nowhere, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* Printing lays out the same document: printed to a file here. */
  operation = fb_summary_page_new_print_operation (ui.page);
  g_assert_nonnull (operation);
  gtk_print_operation_set_export_filename (operation, printed);
  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, GTK_PRINT_OPERATION_RESULT_APPLY);
  g_free (text);
  text = pdf_text (printed);
  g_assert_nonnull (strstr (text, "100"));

  ui_close (&ui);
  fb_paths_remove_dir (dir);
}

/* The audit log: a page of the Reports tab for the director only, as the
 * server sends the rows to no one else. */
static void
check_audit (const char *username,
             gboolean    shown)
{
  Ui ui = { 0 };
  GtkWidget *audit;
  GtkStack *stack;
  GListModel *rows;

  ui_open (&ui, username);
  audit = fb_window_get_table_page (ui.window, "audit");
  stack = GTK_STACK (gtk_widget_get_parent (audit));
  g_assert_cmpint (gtk_stack_page_get_visible (gtk_stack_get_page (stack, audit)), ==, shown);
  rows = G_LIST_MODEL (gtk_column_view_get_model (fb_table_page_get_view (FB_TABLE_PAGE (audit))));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, shown ? 1 : 0);
  ui_close (&ui);
}

static void
test_audit (void)
{
  check_audit ("dir", TRUE);
  check_audit ("mgr", FALSE);
}

static void
run_test (gconstpointer data)
{
  ((GTestFunc) data) ();
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!fb_test_gui_init (&argc, &argv))
    return 77;
  app = gtk_application_new ("org.floorboard.Floorboard.TestSummary", G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add_data_func ("/ui/summary/day", test_day, run_test);
  g_test_add_data_func ("/ui/summary/reports", test_reports, run_test);
  g_test_add_data_func ("/ui/summary/week", test_week, run_test);
  g_test_add_data_func ("/ui/summary/live", test_live, run_test);
  g_test_add_data_func ("/ui/summary/export", test_export, run_test);
  g_test_add_data_func ("/ui/summary/audit", test_audit, run_test);
  status = g_test_run ();
  g_object_unref (app);
  return status;
}
