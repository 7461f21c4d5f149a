/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-duty-report.c: the duty-report dialog in the real window, on a
 * cache a real server fills: prefill, the draft kept as one types (across
 * a reopen and a SIGKILL), submit through the outbox, required fields,
 * roles, and the handover acknowledgement. */
#define G_LOG_DOMAIN "test-duty-report"

#include <adwaita.h>
#include <signal.h>
#include <string.h>

#include "fb-auth.h"
#include "fb-connect-page.h"
#include "fb-duty-report-dialog.h"
#include "fb-entity.h"
#include "fb-paths.h"
#include "fb-labels.h"
#include "fb-server-store.h"
#include "fb-store.h"
#include "fb-sync-engine.h"
#include "fb-test-fixture.h"
#include "fb-test-gui.h"
#include "fb-test-window.h"
#include "fb-window.h"

static GtkApplication *app;
static const char *self_path;

/* A past shift with a report the server has. */
#define OLD_DATE "2024-05-01"
#define OLD_ID   "duty-2024-05-01-day"

/* The shift running now and the one before, counted here on their own
 * (KST, shifts turning at 08:00 and 20:00). */
static void
now_shifts (char    **date,
            FbShift  *shift,
            char    **prev_date,
            FbShift  *prev_shift)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (9 * 3600);
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
  int hour = g_date_time_get_hour (now);

  if (hour >= 8 && hour < 20)
    {
      *date = g_date_time_format (now, "%Y-%m-%d");
      *shift = FB_SHIFT_DAY;
      *prev_date = g_date_time_format (yesterday, "%Y-%m-%d");
      *prev_shift = FB_SHIFT_NIGHT;
    }
  else
    {
      *date = g_date_time_format (hour >= 20 ? now : yesterday, "%Y-%m-%d");
      *shift = FB_SHIFT_NIGHT;
      *prev_date = g_strdup (*date);
      *prev_shift = FB_SHIFT_DAY;
    }
}

static FbTestFixture *
fixture_new (void)
{
  FbTestFixture *f = fb_test_fixture_new (1, 4);
  g_autoptr(GError) error = NULL;

  g_assert_true (fb_server_store_begin (f->store, &error));
  /* The fixture's team-1 works days; team-2 nights. Each leader leads one. */
  fb_test_put (f->store, "team", "team-2",
               "{\"id\":\"team-2\",\"name\":\"야간 2팀\",\"shift\":\"night\",\"start\":\"20:00\",\"end\":\"08:00\"}");
  fb_test_put_user (f, "u-lead", "lead", "박 반장", "shift_leader", "team-1");
  fb_test_put_user (f, "u-lead2", "lead2", "이 반장", "shift_leader", "team-2");
  fb_test_put_user (f, "u-mgr", "mgr", "김 부장", "manager", NULL);
  /* A draft of an old shift, with the figures it was written with. */
  fb_test_put (f->store, "duty_report", OLD_ID,
               "{\"id\":\"" OLD_ID "\",\"date\":\"" OLD_DATE "\",\"shift\":\"day\",\"author\":\"u-lead\","
               "\"issue_summary\":\"서버의 요약\",\"workload\":\"보통\",\"consultations\":120,"
               "\"inquiries\":45,\"complaints\":3,\"status\":\"draft\","
               "\"figures\":{\"offered\":1234,\"answered\":1180,\"abandoned\":54,"
               "\"service_level\":0.87,\"asa_s\":65}}");
  /* Calls of that shift (09:00 KST) and of the night after (20:00 KST). */
  fb_test_put (f->store, "queue_interval", "q-01@2024-05-01T00:00:00Z",
               "{\"id\":\"q-01@2024-05-01T00:00:00Z\",\"queue_id\":\"q-01\",\"start\":\"2024-05-01T00:00:00Z\","
               "\"offered\":40,\"answered\":30,\"abandoned\":10,\"answered_in_sl\":24,"
               "\"handle_time_s\":5400,\"wait_time_s\":300}");
  fb_test_put (f->store, "queue_interval", "q-01@2024-05-01T11:00:00Z",
               "{\"id\":\"q-01@2024-05-01T11:00:00Z\",\"queue_id\":\"q-01\",\"start\":\"2024-05-01T11:00:00Z\","
               "\"offered\":999,\"answered\":999,\"abandoned\":0,\"answered_in_sl\":999,"
               "\"handle_time_s\":0,\"wait_time_s\":0}");
  g_assert_true (fb_server_store_commit (f->store, &error));
  return f;
}

/* The dialog's figure @key in digits only (grouping is the locale's). */
static char *
figure_digits (FbDutyReportDialog *dialog,
               const char         *key)
{
  GString *digits = g_string_new (NULL);

  for (const char *p = fb_duty_report_dialog_get_figure (dialog, key); *p; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  return g_string_free (digits, FALSE);
}

static gboolean
offered_is_40 (gpointer data)
{
  g_autofree char *digits = figure_digits (data, "offered");

  return g_str_equal (digits, "40");
}

static gboolean
offered_is_50 (gpointer data)
{
  g_autofree char *digits = figure_digits (data, "offered");

  return g_str_equal (digits, "50");
}

static gboolean
is_visible (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (data));
}

static gboolean
is_hidden (gpointer data)
{
  return !gtk_widget_get_visible (GTK_WIDGET (data));
}

/* Whether a label under @widget that is drawn reads @text (a toast's
 * title, a message). */
static gboolean
shows_text (GtkWidget  *widget,
            const char *text)
{
  FbTestText t = { widget, text, FALSE };

  return fb_test_text_shown (&t);
}

/* Whether an edit pencil (an entry row's) is drawn under @widget. */
static gboolean
shows_edit_icon (GtkWidget *widget)
{
  if (GTK_IS_IMAGE (widget) && gtk_widget_is_drawable (widget) &&
      g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (widget)), "document-edit-symbolic") == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (shows_edit_icon (child))
      return TRUE;
  return FALSE;
}

static FbWindow *
open_window (FbTestFixture  *f,
             const char     *username,
             const char     *user_id,
             FbSyncEngine  **engine_out,
             FbStore       **store_out)
{
  FbWindow *window = fb_test_window_open (app, f->cache_path, 1200, 900, engine_out, store_out);

  fb_test_sign_in (window, *engine_out, f->url, username, user_id, NULL, NULL);
  return window;
}

static void
close_window (FbWindow     *window,
              FbSyncEngine *engine,
              FbStore      *store)
{
  fb_test_destroy_window (window);
  fb_sync_engine_stop (engine);
  g_object_unref (engine);
  g_object_unref (store);
}

static FbDutyReportDialog *
find_dialog (void)
{
  return fb_test_toplevel_of_type (FB_TYPE_DUTY_REPORT_DIALOG);
}

/* Opens the dialog as a user does: the Reports tab's button. */
static FbDutyReportDialog *
open_dialog (FbWindow *window)
{
  FbDutyReportDialog *dialog;

  g_assert_null (find_dialog ());
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.duty-report", NULL));
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (fb_test_wait_until (fb_test_is_mapped, dialog, 5000));
  return dialog;
}

static void
close_dialog (FbDutyReportDialog *dialog)
{
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (fb_test_wait_until (fb_test_no_toplevel_of_type, GSIZE_TO_POINTER (FB_TYPE_DUTY_REPORT_DIALOG), 5000));
}

static void
assert_field (FbDutyReportDialog *dialog,
              const char         *field,
              const char         *expected)
{
  g_autofree char *text = fb_duty_report_dialog_dup_field (dialog, field);

  g_assert_cmpstr (text, ==, expected);
}

static gboolean
row_cached (gpointer data)
{
  gpointer *args = data;
  g_autoptr(FbChange) row = fb_store_get_row (args[0], "duty_report", args[1], NULL);

  return row != NULL;
}

static gboolean
row_cached_any (gpointer data)
{
  gpointer *args = data;
  g_autoptr(FbChange) row = fb_store_get_row (args[0], "escalation", args[1], NULL);

  return row != NULL;
}

/* The draft as a second connection to the cache reads it. */
static char *
read_draft (const char *cache_path,
            const char *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbStore) store = fb_store_open (cache_path, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, &error);
  char *json;

  g_assert_no_error (error);
  json = fb_store_get_draft (store, key, NULL, &error);
  g_assert_no_error (error);
  return json;
}

typedef struct
{
  const char *cache_path;
  const char *key;
  const char *needle;
} WaitDraft;

static gboolean
draft_has (gpointer data)
{
  WaitDraft *w = data;
  g_autofree char *json = read_draft (w->cache_path, w->key);

  return json != NULL && strstr (json, w->needle) != NULL;
}

static gboolean
actions_enabled (FbDutyReportDialog *dialog,
                 const char         *action)
{
  /* What a click on the button would do. */
  GtkWidget *button = NULL;

  if (g_str_equal (action, "duty.submit"))
    button = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (dialog), FB_TYPE_DUTY_REPORT_DIALOG, "submit_button");
  else
    button = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (dialog), FB_TYPE_DUTY_REPORT_DIALOG, "save_button");
  return gtk_widget_get_sensitive (button);
}

/* Prefill: the report the server has, its figures read-only; the
 * dialog opens on the running or just-ended shift. */
static void
test_prefill (void)
{
  g_autoptr(FbTestFixture) f = fixture_new ();
  g_autofree char *date = NULL, *prev_date = NULL;
  FbShift shift, prev_shift;
  FbSyncEngine *engine;
  FbStore *store;
  FbWindow *window = open_window (f, "lead", "u-lead", &engine, &store);
  FbDutyReportDialog *dialog;
  gpointer args[] = { store, (gpointer) OLD_ID };
  GtkWidget *bar = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (window), FB_TYPE_WINDOW, "duty_bar");
  g_autofree char *percent = fb_labels_format_percent (0.80);
  g_autofree char *duration = fb_labels_format_duration (10);

  g_assert_true (fb_test_wait_until (row_cached, args, 10000));
  /* A shift leader writes reports: the Reports tab offers it. */
  g_assert_true (gtk_widget_get_visible (bar));

  dialog = open_dialog (window);
  /* A writer picks the shift: the date is an entry, pencil and all. */
  g_assert_true (shows_edit_icon (GTK_WIDGET (dialog)));
  now_shifts (&date, &shift, &prev_date, &prev_shift);
  g_assert_true ((g_strcmp0 (fb_duty_report_dialog_get_date (dialog), date) == 0 &&
                  fb_duty_report_dialog_get_shift (dialog) == shift) ||
                 (g_strcmp0 (fb_duty_report_dialog_get_date (dialog), prev_date) == 0 &&
                  fb_duty_report_dialog_get_shift (dialog) == prev_shift));
  /* A shift with no report: an empty form, nothing to submit yet. */
  assert_field (dialog, "issue_summary", "");
  g_assert_nonnull (fb_duty_report_dialog_get_problem (dialog));
  /* Unknown, or none yet in the cache for a shift just begun. */
  g_assert_true (g_str_equal (fb_duty_report_dialog_get_figure (dialog, "offered"), "–") ||
                 g_str_equal (fb_duty_report_dialog_get_figure (dialog, "offered"), "0"));

  fb_duty_report_dialog_set_shift (dialog, OLD_DATE, FB_SHIFT_DAY);
  assert_field (dialog, "issue_summary", "서버의 요약");
  assert_field (dialog, "workload", "보통");
  assert_field (dialog, "consultations", "120");
  assert_field (dialog, "inquiries", "45");
  assert_field (dialog, "complaints", "3");
  assert_field (dialog, "handover_notes", "");
  /* A draft shows the shift as the cache has it: that shift's calls
   * only (40, not the 999 of the night after), 24 of 30 answered within
   * the threshold, 300 s of waits over 30 calls, and no swaps. */
  g_assert_true (fb_test_wait_until (offered_is_40, dialog, 10000));
  g_assert_cmpstr (fb_duty_report_dialog_get_figure (dialog, "service_level"), ==, percent);
  g_assert_cmpstr (fb_duty_report_dialog_get_figure (dialog, "asa_s"), ==, duration);
  g_assert_cmpstr (fb_duty_report_dialog_get_figure (dialog, "swaps"), ==, "0");
  g_assert_null (fb_duty_report_dialog_get_draft_note (dialog));
  /* Only the handover notes are missing to submit. */
  g_assert_nonnull (strstr (fb_duty_report_dialog_get_problem (dialog), "handover"));

  close_dialog (dialog);
  close_window (window, engine, store);
}

/* Typing keeps a draft in the cache (half a second after the last key);
 * reopening shows it over the server's report. */
static void
test_draft (void)
{
  g_autoptr(FbTestFixture) f = fixture_new ();
  FbSyncEngine *engine;
  FbStore *store;
  FbWindow *window = open_window (f, "lead", "u-lead", &engine, &store);
  FbDutyReportDialog *dialog;
  gpointer args[] = { store, (gpointer) OLD_ID };
  WaitDraft w = { f->cache_path, OLD_ID, "새 요약: 전산 장애 10분" };
  g_autofree char *draft = NULL;

  g_assert_true (fb_test_wait_until (row_cached, args, 10000));
  dialog = open_dialog (window);
  fb_duty_report_dialog_set_shift (dialog, OLD_DATE, FB_SHIFT_DAY);
  fb_duty_report_dialog_set_field (dialog, "issue_summary", "새 요약: 전산 장애 10분");
  fb_duty_report_dialog_set_field (dialog, "complaints", "7");
  /* Kept without closing or saving: as one types. */
  g_assert_true (fb_test_wait_until (draft_has, &w, 3000));
  draft = read_draft (f->cache_path, OLD_ID);
  g_assert_nonnull (strstr (draft, "\"complaints\":7"));
  /* Nothing went to the server. */
  g_assert_cmpuint (fb_sync_engine_get_pending_writes (engine), ==, 0);

  /* Typed, then closed before the pause: kept on close. */
  fb_duty_report_dialog_set_field (dialog, "handover_notes", "3번 좌석 헤드셋 교체 필요");
  close_dialog (dialog);
  w.needle = "3번 좌석 헤드셋 교체 필요";
  g_assert_true (draft_has (&w));

  dialog = open_dialog (window);
  fb_duty_report_dialog_set_shift (dialog, OLD_DATE, FB_SHIFT_DAY);
  assert_field (dialog, "issue_summary", "새 요약: 전산 장애 10분");
  assert_field (dialog, "handover_notes", "3번 좌석 헤드셋 교체 필요");
  assert_field (dialog, "complaints", "7");
  /* What the draft did not change is the server's. */
  assert_field (dialog, "workload", "보통");
  g_assert_nonnull (fb_duty_report_dialog_get_draft_note (dialog));

  /* Another shift has its own draft, none yet; it is the night leader's
   * to write, not this day leader's. */
  fb_duty_report_dialog_set_shift (dialog, OLD_DATE, FB_SHIFT_NIGHT);
  assert_field (dialog, "issue_summary", "");
  g_assert_null (fb_duty_report_dialog_get_draft_note (dialog));
  g_assert_nonnull (fb_duty_report_dialog_get_read_only_reason (dialog));
  g_assert_nonnull (strstr (fb_duty_report_dialog_get_read_only_reason (dialog), "its own shift leader"));
  g_assert_false (actions_enabled (dialog, "duty.save"));
  close_dialog (dialog);
  close_window (window, engine, store);
}

static gboolean
login_done (gpointer data)
{
  return *(int *) data != 0;
}

static void
login_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  *(int *) user_data = fb_sync_engine_login_finish (FB_SYNC_ENGINE (object), result, &error) ? 1 : -1;
  if (error != NULL)
    g_printerr ("child: %s\n", error->message);
}

/* The child: signs in, types into the dialog, and is killed without
 * closing anything. */
static int
child_type_and_die (const char *cache_path,
                    const char *url,
                    const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbSyncEngine) engine = NULL;
  g_autoptr(FbStore) store = NULL;
  FbDutyReportDialog *dialog;
  int login = 0;

  if (!gtk_init_check ())
    return 77;
  adw_init ();
  engine = fb_sync_engine_new (cache_path, &error);
  g_assert_no_error (error);
  store = fb_store_open (cache_path, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, &error);
  g_assert_no_error (error);
  fb_sync_engine_login_async (engine, url, "lead", FB_TEST_PASSWORD, NULL, login_cb, &login);
  if (!fb_test_wait_until (login_done, &login, 20000) || login != 1)
    return 2;

  dialog = fb_duty_report_dialog_new (NULL, engine, store, NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  fb_duty_report_dialog_set_shift (dialog, OLD_DATE, FB_SHIFT_DAY);
  fb_duty_report_dialog_set_field (dialog, "handover_notes", text);
  /* Past the pause after the last key, then gone at once. */
  fb_test_spin (1500);
  raise (SIGKILL);
  return 3;
}

static void
child_exited_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *(int *) user_data = 1;
}

/* A draft survives the app being killed while typing. */
static void
test_kill (void)
{
  g_autoptr(FbTestFixture) f = fixture_new ();
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  const char *text = "야간 인계: 2번 큐 대기 많음, 장비 점검 요청됨";
  FbSyncEngine *engine;
  FbStore *store;
  FbWindow *window;
  FbDutyReportDialog *dialog;
  int exited = 0;

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self_path, "--type-and-die",
                            f->cache_path, f->url, text, NULL);
  g_assert_no_error (error);
  /* The server lives in this process: keep it answering while waiting. */
  g_subprocess_wait_async (child, NULL, child_exited_cb, &exited);
  g_assert_true (fb_test_wait_until (login_done, &exited, 60000));
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

  window = open_window (f, "lead", "u-lead", &engine, &store);
  dialog = open_dialog (window);
  fb_duty_report_dialog_set_shift (dialog, OLD_DATE, FB_SHIFT_DAY);
  assert_field (dialog, "handover_notes", text);
  g_assert_nonnull (fb_duty_report_dialog_get_draft_note (dialog));
  close_dialog (dialog);
  close_window (window, engine, store);
}

/* Required fields, in words, Submit disabled with the reason. */
static void
test_required (void)
{
  g_autoptr(FbTestFixture) f = fixture_new ();
  FbSyncEngine *engine;
  FbStore *store;
  FbWindow *window = open_window (f, "lead", "u-lead", &engine, &store);
  FbDutyReportDialog *dialog = open_dialog (window);
  GtkWidget *submit = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (dialog), FB_TYPE_DUTY_REPORT_DIALOG,
                                                     "submit_button");
  g_autofree char *long_text = NULL;

  fb_duty_report_dialog_set_shift (dialog, "2024-06-02", FB_SHIFT_DAY);
  g_assert_nonnull (strstr (fb_duty_report_dialog_get_problem (dialog), "summary of issues"));
  g_assert_false (actions_enabled (dialog, "duty.submit"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (submit), ==, fb_duty_report_dialog_get_problem (dialog));
  /* A draft may be saved incomplete. */
  g_assert_true (actions_enabled (dialog, "duty.save"));

  /* Blanks are not a summary. */
  fb_duty_report_dialog_set_field (dialog, "issue_summary", "  \n\t ");
  g_assert_nonnull (strstr (fb_duty_report_dialog_get_problem (dialog), "summary of issues"));
  fb_duty_report_dialog_set_field (dialog, "issue_summary", "특이사항 없음");
  g_assert_nonnull (strstr (fb_duty_report_dialog_get_problem (dialog), "workload"));
  g_assert_false (actions_enabled (dialog, "duty.submit"));
  fb_duty_report_dialog_set_field (dialog, "workload", "평소보다 많음");
  g_assert_nonnull (strstr (fb_duty_report_dialog_get_problem (dialog), "handover notes"));
  g_assert_false (actions_enabled (dialog, "duty.submit"));
  fb_duty_report_dialog_set_field (dialog, "handover_notes", "없음");
  g_assert_null (fb_duty_report_dialog_get_problem (dialog));
  g_assert_true (actions_enabled (dialog, "duty.submit"));
  g_assert_null (gtk_widget_get_tooltip_text (submit));

  /* Longer than the server takes: neither saved nor submitted. */
  long_text = g_strnfill (FB_DUTY_MAX_TEXT_CHARS + 1, 'x');
  fb_duty_report_dialog_set_field (dialog, "difficult_cases", long_text);
  g_assert_nonnull (strstr (fb_duty_report_dialog_get_problem (dialog), "longer than"));
  g_assert_false (actions_enabled (dialog, "duty.submit"));
  g_assert_false (actions_enabled (dialog, "duty.save"));
  fb_duty_report_dialog_set_field (dialog, "difficult_cases", "");

  /* A date that is not one. */
  gtk_editable_set_text (GTK_EDITABLE ((GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (dialog), FB_TYPE_DUTY_REPORT_DIALOG,
                                                                       "date_row")), "2024-02-30");
  g_assert_nonnull (strstr (fb_duty_report_dialog_get_problem (dialog), "YYYY-MM-DD"));
  g_assert_false (actions_enabled (dialog, "duty.save"));
  /* Still the shift it was. */
  g_assert_cmpstr (fb_duty_report_dialog_get_date (dialog), ==, "2024-06-02");

  close_dialog (dialog);
  close_window (window, engine, store);
}

static gboolean
outbox_has (gpointer data)
{
  gpointer *args = data;

  return fb_store_outbox_count_pending (args[0]) >= GPOINTER_TO_INT (args[1]);
}

static gboolean
server_submitted (gpointer data)
{
  g_autoptr(FbChange) row = fb_server_store_get (data, "duty_report", OLD_ID, NULL);

  return row != NULL && strstr (row->data, "\"status\":\"submitted\"") != NULL &&
         strstr (row->data, "인계: 4번 좌석 고장") != NULL;
}

static gboolean
outbox_empty (gpointer data)
{
  return fb_store_outbox_count_pending (data) == 0;
}

/* Submit: one PUT with "submit": true in the outbox (a second write could
 * only carry a stale version); the report shows as submitted at once, the
 * draft is gone, and the server has it submitted once it is back. */
static void
test_submit (void)
{
  g_autoptr(FbTestFixture) f = fixture_new ();
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbChange) row = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *draft = NULL;
  FbSyncEngine *engine;
  FbStore *store;
  FbWindow *window = open_window (f, "lead", "u-lead", &engine, &store);
  FbDutyReportDialog *dialog;
  gpointer args[] = { store, GINT_TO_POINTER (1) };
  gpointer cached[] = { store, (gpointer) OLD_ID };
  FbOutboxItem *put;

  g_assert_true (fb_test_wait_until (row_cached, cached, 10000));
  /* Held in the outbox: the server is away. */
  fb_test_fixture_stop_server (f);

  dialog = open_dialog (window);
  fb_duty_report_dialog_set_shift (dialog, OLD_DATE, FB_SHIFT_DAY);
  fb_duty_report_dialog_set_field (dialog, "handover_notes", "인계: 4번 좌석 고장");
  fb_duty_report_dialog_set_field (dialog, "complaints", "5");
  g_assert_null (fb_duty_report_dialog_get_problem (dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "duty.submit", NULL));
  g_assert_true (fb_test_wait_until (fb_test_no_toplevel_of_type, GSIZE_TO_POINTER (FB_TYPE_DUTY_REPORT_DIALOG), 10000));
  g_assert_true (fb_test_wait_until (outbox_has, args, 5000));

  items = fb_store_outbox_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 1);
  put = g_ptr_array_index (items, 0);
  g_assert_cmpstr (put->method, ==, "PUT");
  g_assert_cmpstr (put->path, ==, "/api/v1/duty-reports/" OLD_ID);
  g_assert_cmpstr (put->row_id, ==, OLD_ID);
  body = json_from_string (put->body, &error);
  g_assert_no_error (error);
  {
    JsonObject *o = json_node_get_object (body);
    gint64 version;

    g_assert_cmpstr (json_object_get_string_member (o, "handover_notes"), ==, "인계: 4번 좌석 고장");
    g_assert_cmpstr (json_object_get_string_member (o, "issue_summary"), ==, "서버의 요약");
    g_assert_cmpstr (json_object_get_string_member (o, "date"), ==, OLD_DATE);
    g_assert_cmpstr (json_object_get_string_member (o, "shift"), ==, "day");
    g_assert_cmpint (json_object_get_int_member (o, "complaints"), ==, 5);
    g_assert_true (json_object_get_boolean_member (o, "submit"));
    /* The version the report was written over. */
    g_assert_true (fb_json_member_int (o, "version", &version));
    g_assert_cmpint (version, >, 0);
  }

  /* Shown at once as submitted; the draft went with the submit. */
  row = fb_store_get_row (store, "duty_report", OLD_ID, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (row->data, "\"status\":\"submitted\""));
  draft = read_draft (f->cache_path, OLD_ID);
  g_assert_null (draft);

  /* Back online: delivered, and the server's report is submitted. */
  fb_test_fixture_start_server (f);
  fb_sync_engine_sync_now (engine);
  g_assert_true (fb_test_wait_until (server_submitted, f->store, 20000));
  g_assert_true (fb_test_wait_until (outbox_empty, store, 20000));
  close_window (window, engine, store);
}

/* A role that does not write reports reads them, with the reason. */
static void
test_roles (void)
{
  g_autoptr(FbTestFixture) f = fixture_new ();
  FbSyncEngine *engine;
  FbStore *store;
  FbWindow *window = open_window (f, "mgr", "u-mgr", &engine, &store);
  FbDutyReportDialog *dialog;
  GtkWidget *bar = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (window), FB_TYPE_WINDOW, "duty_bar");
  GtkWidget *text;
  gpointer args[] = { store, (gpointer) OLD_ID };
  g_autofree char *draft = NULL;

  g_assert_true (fb_test_wait_until (row_cached, args, 10000));
  g_assert_false (gtk_widget_get_visible (bar));

  dialog = fb_duty_report_dialog_new (GTK_WINDOW (window), engine, store, NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  fb_duty_report_dialog_set_shift (dialog, OLD_DATE, FB_SHIFT_DAY);
  g_assert_true (fb_test_wait_until (fb_test_is_mapped, dialog, 5000));
  assert_field (dialog, "issue_summary", "서버의 요약");
  g_assert_nonnull (fb_duty_report_dialog_get_read_only_reason (dialog));
  /* Nothing that looks editable: no pencil on the date,
   * the shift said in words. */
  g_assert_false (shows_edit_icon (GTK_WIDGET (dialog)));
  g_assert_true (shows_text (GTK_WIDGET (dialog), OLD_DATE));
  g_assert_nonnull (strstr (fb_duty_report_dialog_get_read_only_reason (dialog), "shift leaders and supervisors"));
  g_assert_false (actions_enabled (dialog, "duty.submit"));
  g_assert_false (actions_enabled (dialog, "duty.save"));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "duty.save", NULL);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "duty.submit", NULL);
  g_assert_cmpint (fb_store_outbox_count_pending (store), ==, 0);
  text = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (dialog), FB_TYPE_DUTY_REPORT_DIALOG, "text_handover_notes");
  g_assert_false (gtk_text_view_get_editable (GTK_TEXT_VIEW (text)));
  /* Nothing kept as a draft for a reader. */
  fb_duty_report_dialog_set_field (dialog, "handover_notes", "읽기 전용");
  fb_duty_report_dialog_save_draft_now (dialog);
  draft = read_draft (f->cache_path, OLD_ID);
  g_assert_null (draft);
  close_dialog (dialog);
  g_assert_cmpuint (fb_sync_engine_get_pending_writes (engine), ==, 0);
  close_window (window, engine, store);
}

#define NIGHT_ID "duty-2024-05-01-night"

static gboolean
server_reviewed (gpointer data)
{
  g_autoptr(FbChange) row = fb_server_store_get (data, "duty_report", NIGHT_ID, NULL);

  return row != NULL && strstr (row->data, "\"status\":\"reviewed\"") != NULL &&
         strstr (row->data, "\"reviewed_by\":\"u-mgr\"") != NULL;
}

/* A manager reviews a submitted report; a draft, or a leader, offers no review. */
static void
test_review (void)
{
  g_autoptr(FbTestFixture) f = fixture_new ();
  FbSyncEngine *engine;
  FbStore *store;
  FbWindow *window;
  FbDutyReportDialog *dialog;
  GtkWidget *review;
  gpointer args[] = { NULL, (gpointer) NIGHT_ID };

  fb_test_put (f->store, "duty_report", NIGHT_ID,
               "{\"id\":\"" NIGHT_ID "\",\"date\":\"" OLD_DATE "\",\"shift\":\"night\",\"author\":\"u-lead\","
               "\"issue_summary\":\"야간 요약\",\"workload\":\"낮음\",\"handover_notes\":\"없음\","
               "\"status\":\"submitted\",\"submitted_at\":\"2024-05-01T23:00:00Z\"}");
  window = open_window (f, "mgr", "u-mgr", &engine, &store);
  args[0] = store;
  g_assert_true (fb_test_wait_until (row_cached, args, 10000));

  dialog = fb_duty_report_dialog_new (GTK_WINDOW (window), engine, store, NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  review = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (dialog), FB_TYPE_DUTY_REPORT_DIALOG,
                                                         "review_button");
  /* The day's report is a draft: nothing to review yet. */
  fb_duty_report_dialog_set_shift (dialog, OLD_DATE, FB_SHIFT_DAY);
  g_assert_false (gtk_widget_get_visible (review));
  fb_duty_report_dialog_set_shift (dialog, OLD_DATE, FB_SHIFT_NIGHT);
  g_assert_true (gtk_widget_get_visible (review));
  g_assert_true (gtk_widget_activate (review));
  g_assert_true (fb_test_wait_until (fb_test_no_toplevel_of_type, GSIZE_TO_POINTER (FB_TYPE_DUTY_REPORT_DIALOG), 10000));
  /* Said so, in the window one goes back to. */
  g_assert_true (shows_text (GTK_WIDGET (window), "Report marked as reviewed"));
  g_assert_true (fb_test_wait_until (server_reviewed, f->store, 20000));
  close_window (window, engine, store);
}

/* The incoming leader acknowledges the previous shift's report. */
static void
test_acknowledge (void)
{
  g_autoptr(FbTestFixture) f = fixture_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *date = NULL, *prev_date = NULL, *prev_id = NULL, *json = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(FbChange) row = NULL;
  FbShift shift, prev_shift;
  FbSyncEngine *engine;
  FbStore *store;
  FbWindow *window;
  GtkWidget *ack;
  gpointer args[2];
  gpointer pending[] = { NULL, GINT_TO_POINTER (1) };

  const char *incoming, *outgoing;

  now_shifts (&date, &shift, &prev_date, &prev_shift);
  /* lead leads a day team, lead2 a night team: the running shift's takes
   * the handover of the one before, which a supervisor wrote (so the
   * outgoing leader is not its author, yet not the one to take it). */
  incoming = shift == FB_SHIFT_DAY ? "lead" : "lead2";
  outgoing = shift == FB_SHIFT_DAY ? "lead2" : "lead";
  prev_id = g_strdup_printf ("duty-%s-%s", prev_date, prev_shift == FB_SHIFT_DAY ? "day" : "night");
  json = g_strdup_printf ("{\"id\":\"%s\",\"date\":\"%s\",\"shift\":\"%s\",\"author\":\"u-sup\","
                          "\"issue_summary\":\"요약\",\"workload\":\"보통\",\"handover_notes\":\"인계\","
                          "\"status\":\"submitted\",\"submitted_at\":\"2024-05-01T10:00:00Z\"}",
                          prev_id, prev_date, prev_shift == FB_SHIFT_DAY ? "day" : "night");
  g_assert_true (fb_server_store_begin (f->store, &error));
  fb_test_put (f->store, "duty_report", prev_id, json);
  g_assert_true (fb_server_store_commit (f->store, &error));

  /* The outgoing leader is not asked to take their own shift's handover. */
  {
    g_autofree char *outgoing_id = g_strconcat ("u-", outgoing, NULL);

    window = open_window (f, outgoing, outgoing_id, &engine, &store);
    args[0] = store;
    args[1] = prev_id;
    g_assert_true (fb_test_wait_until (row_cached, args, 10000));
    ack = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (window), FB_TYPE_WINDOW, "acknowledge_button");
    g_assert_false (fb_test_wait_until (is_visible, ack, 1000));
    gtk_widget_activate_action (GTK_WIDGET (window), "win.acknowledge-handover", NULL);
    g_assert_cmpint (fb_store_outbox_count_pending (store), ==, 0);
    close_window (window, engine, store);
  }

  {
    g_autofree char *incoming_id = g_strconcat ("u-", incoming, NULL);

    window = open_window (f, incoming, incoming_id, &engine, &store);
  }
  args[0] = store;
  args[1] = prev_id;
  g_assert_true (fb_test_wait_until (row_cached, args, 10000));
  ack = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (window), FB_TYPE_WINDOW, "acknowledge_button");
  g_assert_true (fb_test_wait_until (is_visible, ack, 5000));

  fb_test_fixture_stop_server (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.acknowledge-handover", NULL));
  pending[0] = store;
  g_assert_true (fb_test_wait_until (outbox_has, pending, 5000));
  items = fb_store_outbox_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_cmpstr (((FbOutboxItem *) items->pdata[0])->method, ==, "POST");
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/duty-reports/%s/acknowledge", prev_id);

    g_assert_cmpstr (((FbOutboxItem *) items->pdata[0])->path, ==, path);
  }
  /* Shown at once; the bar no longer asks. */
  row = fb_store_get_row (store, "duty_report", prev_id, &error);
  g_assert_no_error (error);
  {
    g_autofree char *by = g_strdup_printf ("\"acknowledged_by\":\"u-%s\"", incoming);

    g_assert_nonnull (strstr (row->data, by));
  }
  g_assert_true (fb_test_wait_until (is_hidden, ack, 5000));
  /* Said so. */
  g_assert_true (shows_text (GTK_WIDGET (window), "You acknowledged the handover"));

  fb_test_fixture_start_server (f);
  close_window (window, engine, store);
}

static GtkWidget *
dialog_child (FbDutyReportDialog *dialog,
              const char         *name)
{
  return (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (dialog), FB_TYPE_DUTY_REPORT_DIALOG, name);
}

/* A click on the dialog's button @name, as the keyboard or pointer would. */
static void
click (FbDutyReportDialog *dialog,
       const char         *name)
{
  GtkWidget *button = dialog_child (dialog, name);

  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_activate (button));
}

typedef struct
{
  FbServerStore *store;
  const char    *id;
  const char    *needle;
} ServerHas;

static gboolean
server_has (gpointer data)
{
  ServerHas *h = data;
  g_autoptr(FbChange) row = fb_server_store_get (h->store, "duty_report", h->id, NULL);

  return row != NULL && strstr (row->data, h->needle) != NULL;
}

/* The dialog no longer says its report waits to be sent, and Submit is back. */
static gboolean
dialog_sent (gpointer data)
{
  FbDutyReportDialog *dialog = data;
  const char *status = adw_action_row_get_subtitle (ADW_ACTION_ROW (dialog_child (dialog, "status_row")));

  return status != NULL && strstr (status, "waiting") == NULL &&
         gtk_widget_is_sensitive (dialog_child (dialog, "submit_button"));
}

#define NEW_DATE "2024-06-03"
#define NEW_ID   "duty-2024-06-03-day"

/* Issue 15, item 4: Save Draft, the server takes it, then Submit in the
 * same dialog — submitted, with no refusal; the dialog follows its row. */
static void
test_save_then_submit (void)
{
  g_autoptr(FbTestFixture) f = fixture_new ();
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  FbSyncEngine *engine;
  FbStore *store;
  FbWindow *window = open_window (f, "lead", "u-lead", &engine, &store);
  FbDutyReportDialog *dialog = open_dialog (window);
  ServerHas h = { f->store, NEW_ID, "\"status\":\"draft\"" };

  fb_duty_report_dialog_set_shift (dialog, NEW_DATE, FB_SHIFT_DAY);
  fb_duty_report_dialog_set_field (dialog, "issue_summary", "요금 문의 급증");
  fb_duty_report_dialog_set_field (dialog, "workload", "평소보다 많음");
  fb_duty_report_dialog_set_field (dialog, "handover_notes", "A-03 헤드셋 불량");
  click (dialog, "save_button");
  g_assert_true (fb_test_wait_until (server_has, &h, 20000));
  /* The server has it: the dialog says so, and knows its new version. */
  g_assert_true (fb_test_wait_until (dialog_sent, dialog, 20000));
  g_assert_null (fb_duty_report_dialog_get_error (dialog));

  click (dialog, "submit_button");
  g_assert_true (fb_test_wait_until (fb_test_no_toplevel_of_type, GSIZE_TO_POINTER (FB_TYPE_DUTY_REPORT_DIALOG), 10000));
  h.needle = "\"status\":\"submitted\"";
  g_assert_true (fb_test_wait_until (server_has, &h, 20000));
  g_assert_true (fb_test_wait_until (outbox_empty, store, 20000));
  /* Nothing refused on the way: a refused write stays in the outbox. */
  items = fb_store_outbox_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 0);
  g_assert_false (shows_text (GTK_WIDGET (window), "refused"));
  close_window (window, engine, store);
}

static gboolean
dialog_refused (gpointer data)
{
  const char *error = fb_duty_report_dialog_get_error (data);

  return error != NULL && strstr (error, "refused") != NULL;
}

/* A refusal (the report changed on the server while a save waited) is
 * said in the dialog and the window; a later save the server takes
 * clears both. */
static void
test_refusal_cleared (void)
{
  g_autoptr(FbTestFixture) f = fixture_new ();
  g_autoptr(GError) error = NULL;
  FbSyncEngine *engine;
  FbStore *store;
  FbWindow *window = open_window (f, "lead", "u-lead", &engine, &store);
  FbDutyReportDialog *dialog;
  gpointer cached[] = { store, (gpointer) OLD_ID };
  FbTestText refusal = { GTK_WIDGET (window), "refused", FALSE };
  ServerHas h = { f->store, OLD_ID, "두 번째 저장" };

  g_assert_true (fb_test_wait_until (row_cached, cached, 10000));
  dialog = open_dialog (window);
  fb_duty_report_dialog_set_shift (dialog, OLD_DATE, FB_SHIFT_DAY);

  fb_test_fixture_stop_server (f);
  fb_duty_report_dialog_set_field (dialog, "handover_notes", "첫 번째 저장");
  click (dialog, "save_button");
  g_assert_true (fb_test_wait_until (outbox_has, (gpointer[]) { store, GINT_TO_POINTER (1) }, 5000));
  /* Meanwhile someone else changed it. */
  g_assert_true (fb_server_store_begin (f->store, &error));
  fb_test_put (f->store, "duty_report", OLD_ID,
               "{\"id\":\"" OLD_ID "\",\"date\":\"" OLD_DATE "\",\"shift\":\"day\",\"author\":\"u-sup\","
               "\"issue_summary\":\"감독자가 고침\",\"workload\":\"보통\",\"status\":\"draft\"}");
  g_assert_true (fb_server_store_commit (f->store, &error));
  fb_test_fixture_start_server (f);
  fb_sync_engine_sync_now (engine);

  g_assert_true (fb_test_wait_until (dialog_refused, dialog, 20000));
  g_assert_true (fb_test_wait_until (fb_test_text_shown, &refusal, 5000));

  /* Saved again over what the server has now: taken, and the refusal goes. */
  g_assert_true (fb_test_wait_until (dialog_sent, dialog, 10000));
  fb_duty_report_dialog_set_field (dialog, "handover_notes", "두 번째 저장");
  click (dialog, "save_button");
  g_assert_true (fb_test_wait_until (server_has, &h, 20000));
  g_assert_true (fb_test_wait_until (dialog_sent, dialog, 20000));
  g_assert_null (fb_duty_report_dialog_get_error (dialog));
  g_assert_true (fb_test_wait_until (fb_test_text_gone, &refusal, 5000));
  close_dialog (dialog);
  close_window (window, engine, store);
}

static gboolean
consultations_prefilled (gpointer data)
{
  g_autofree char *text = fb_duty_report_dialog_dup_field (data, "consultations");

  return g_strcmp0 (text, "0") != 0;
}

#define ESCALATION(id, category, raised_at) \
  "{\"id\":\"" id "\",\"customer_ref\":\"010-****-1234\",\"category\":\"" category "\",\"severity\":\"high\"," \
  "\"summary\":\"요금 이의\",\"raised_by\":\"u-sup\",\"raised_at\":\"" raised_at "\",\"level\":\"shift_leader\"," \
  "\"status\":\"raised\",\"dispatch_due\":\"2024-06-03T05:00:00Z\",\"response_due\":\"2024-06-04T05:00:00Z\"," \
  "\"callback_due\":\"2024-06-06T05:00:00Z\",\"history\":[]}"

/* Issue 15, item 3: a new report starts from the shift's figures — of 45
 * calls answered, one complaint case and one other case passed on: 1
 * complaint, 1 inquiry, 43 consultations. A draft's counts stay. */
static void
test_prefill_counts (void)
{
  g_autoptr(FbTestFixture) f = fixture_new ();
  g_autoptr(GError) error = NULL;
  FbSyncEngine *engine;
  FbStore *store;
  FbWindow *window;
  FbDutyReportDialog *dialog;
  gpointer cached[] = { NULL, (gpointer) "e-b1" };

  g_assert_true (fb_server_store_begin (f->store, &error));
  /* 09:00 KST of that day. */
  fb_test_put (f->store, "queue_interval", "q-01@2024-06-03T00:00:00Z",
               "{\"id\":\"q-01@2024-06-03T00:00:00Z\",\"queue_id\":\"q-01\",\"start\":\"2024-06-03T00:00:00Z\","
               "\"offered\":50,\"answered\":45,\"abandoned\":5,\"answered_in_sl\":40,"
               "\"handle_time_s\":9000,\"wait_time_s\":450}");
  fb_test_put (f->store, "escalation", "e-c1", ESCALATION ("e-c1", "complaint", "2024-06-03T01:00:00Z"));
  fb_test_put (f->store, "escalation", "e-b1", ESCALATION ("e-b1", "billing", "2024-06-03T02:00:00Z"));
  g_assert_true (fb_server_store_commit (f->store, &error));

  window = open_window (f, "lead", "u-lead", &engine, &store);
  cached[0] = store;
  g_assert_true (fb_test_wait_until (row_cached_any, cached, 10000));
  dialog = open_dialog (window);
  fb_duty_report_dialog_set_shift (dialog, NEW_DATE, FB_SHIFT_DAY);
  g_assert_true (fb_test_wait_until (consultations_prefilled, dialog, 10000));
  assert_field (dialog, "consultations", "43");
  assert_field (dialog, "inquiries", "1");
  assert_field (dialog, "complaints", "1");

  /* What the user writes is theirs: kept in the draft, not filled again. */
  fb_duty_report_dialog_set_field (dialog, "complaints", "7");
  close_dialog (dialog);
  dialog = open_dialog (window);
  fb_duty_report_dialog_set_shift (dialog, NEW_DATE, FB_SHIFT_DAY);
  g_assert_true (fb_test_wait_until (offered_is_50, dialog, 10000));
  assert_field (dialog, "complaints", "7");
  assert_field (dialog, "consultations", "43");
  close_dialog (dialog);
  close_window (window, engine, store);
}

/* The dialog opens on the shift of the center's clock, in the zone the
 * cache keeps, not a fixed +9 h: São Paulo is 12 hours from Seoul, so
 * there the running shift is never Seoul's. */
static void
test_center_zone (void)
{
  g_autofree char *expected_date = NULL, *seoul_date = NULL;
  g_autoptr(FbCenterClock) seoul = fb_center_clock_new ();
  FbTestZoneCache z = { 0 };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  FbDutyReportDialog *dialog;
  FbShift expected, in_seoul;

  if (!fb_test_zone_cache_open (&z, "America/Sao_Paulo"))
    return;

  dialog = fb_duty_report_dialog_new (NULL, z.engine, z.store, NULL);
  /* No report in the cache: the shift that ended within the grace, or
   * the running one. */
  expected = fb_center_clock_shift_at (fb_store_get_center_clock (z.store), now - FB_DUTY_WRITE_GRACE_S,
                                       &expected_date, NULL, NULL);
  in_seoul = fb_center_clock_shift_at (seoul, now - FB_DUTY_WRITE_GRACE_S, &seoul_date, NULL, NULL);
  g_assert_cmpint (expected, !=, in_seoul);
  g_assert_cmpstr (fb_duty_report_dialog_get_date (dialog), ==, expected_date);
  g_assert_cmpint (fb_duty_report_dialog_get_shift (dialog), ==, expected);

  gtk_window_destroy (GTK_WINDOW (dialog));
  fb_test_zone_cache_close (&z);
}

/* FB_TEST_SHOW=seconds [FB_TEST_SHOW_ROLE=mgr]: the dialog to look at. */
static void
test_show (void)
{
  g_autoptr(FbTestFixture) f = fixture_new ();
  const char *who = g_getenv ("FB_TEST_SHOW_ROLE") ?: "lead";
  FbSyncEngine *engine;
  FbStore *store;
  FbWindow *window = open_window (f, who, g_str_equal (who, "mgr") ? "u-mgr" : "u-lead", &engine, &store);
  FbDutyReportDialog *dialog = fb_duty_report_dialog_new (GTK_WINDOW (window), engine, store, NULL);
  gpointer args[] = { store, (gpointer) OLD_ID };

  g_assert_true (fb_test_wait_until (row_cached, args, 10000));
  gtk_window_present (GTK_WINDOW (dialog));
  fb_duty_report_dialog_set_shift (dialog, OLD_DATE, FB_SHIFT_DAY);
  fb_test_spin (fb_test_show_ms ());
  gtk_window_destroy (GTK_WINDOW (dialog));
  close_window (window, engine, store);
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 5 && g_str_equal (argv[1], "--type-and-die"))
    return child_type_and_die (argv[2], argv[3], argv[4]);
  self_path = argv[0];

  if (!fb_test_gui_init (&argc, &argv))
    return 77;

  app = fb_test_gui_app_new ("org.floorboard.Floorboard.TestDutyReport");

  if (g_getenv ("FB_TEST_SHOW") != NULL)
    g_test_add_func ("/ui/duty-report/show", test_show);
  else
    {
      g_test_add_func ("/ui/duty-report/prefill", test_prefill);
      g_test_add_func ("/ui/duty-report/draft", test_draft);
      g_test_add_func ("/ui/duty-report/kill", test_kill);
      g_test_add_func ("/ui/duty-report/required", test_required);
      g_test_add_func ("/ui/duty-report/submit", test_submit);
      g_test_add_func ("/ui/duty-report/review", test_review);
      g_test_add_func ("/ui/duty-report/roles", test_roles);
      g_test_add_func ("/ui/duty-report/acknowledge", test_acknowledge);
      g_test_add_func ("/ui/duty-report/save-then-submit", test_save_then_submit);
      g_test_add_func ("/ui/duty-report/refusal-cleared", test_refusal_cleared);
      g_test_add_func ("/ui/duty-report/prefill-counts", test_prefill_counts);
      g_test_add_func ("/ui/duty-report/center-zone", test_center_zone);
    }

  return fb_test_gui_run (app);
}
