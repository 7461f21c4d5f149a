/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-escalations.c: the Escalations page and the Floor page's deadlines
 * panel, in the real window, on cases a real server syncs into the cache. */
#define G_LOG_DOMAIN "test-escalations"

#include <adwaita.h>
#include <string.h>

#include "fb-auth.h"
#include "fb-connect-page.h"
#include "fb-deadlines-panel.h"
#include "fb-entity.h"
#include "fb-escalation-callback-dialog.h"
#include "fb-escalation-detail.h"
#include "fb-escalation-labels.h"
#include "fb-escalation-row.h"
#include "fb-escalation-rules.h"
#include "fb-escalations-page-private.h"
#include "fb-floor-page.h"
#include "fb-row.h"
#include "fb-server-store.h"
#include "fb-store.h"
#include "fb-sync-engine.h"
#include "fb-test-fixture.h"
#include "fb-test-gui.h"
#include "fb-test-window.h"
#include "fb-window.h"

#define HOUR 3600
#define MINUTE 60

static GtkApplication *app;

static char *
iso (gint64 t)
{
  return fb_timestamp_to_iso (t);
}

/* A case as the server stores it; @extra: more members, ",\"k\":v…". */
static char *
case_json (const char *id,
           const char *level,
           const char *category,
           const char *status,
           gint64      raised_at,
           const char *owner,
           const char *customer_ref,
           const char *extra)
{
  g_autofree char *raised = iso (raised_at);
  g_autofree char *d = NULL, *r = NULL, *c = NULL, *owner_member = NULL;
  gint64 dd, rd, cd;

  fb_escalation_deadlines (raised_at, &dd, &rd, &cd);
  d = iso (dd), r = iso (rd), c = iso (cd);
  owner_member = owner ? g_strdup_printf (",\"owner\":\"%s\"", owner) : g_strdup ("");
  return g_strdup_printf ("{\"id\":\"%s\",\"customer_ref\":\"%s\",\"category\":\"%s\",\"severity\":\"high\","
                          "\"summary\":\"요금 이중 청구 %s\",\"raised_by\":\"u-agent1\",\"raised_at\":\"%s\","
                          "\"level\":\"%s\",\"status\":\"%s\",\"dispatch_due\":\"%s\",\"response_due\":\"%s\","
                          "\"callback_due\":\"%s\"%s%s}",
                          id, customer_ref ? customer_ref : "010-****-1234", category, id, raised, level, status,
                          d, r, c, owner_member, extra ? extra : "");
}

static FbWindow *
open_window (FbTestFixture  *f,
             FbSyncEngine  **engine_out)
{
  return fb_test_window_open (app, f->cache_path, 1400, 900, engine_out, NULL);
}

static FbEscalationsPage *
page_of (FbWindow *window)
{
  return FB_ESCALATIONS_PAGE (fb_window_get_table_page (window, "escalations"));
}

static FbDeadlinesPanel *
panel_of (FbWindow *window)
{
  return FB_DEADLINES_PANEL (gtk_widget_get_template_child (fb_window_get_floor_page (window),
                                                            FB_TYPE_FLOOR_PAGE, "deadlines_panel"));
}

static FbEscalationDetail *
detail_of (FbWindow *window)
{
  return FB_ESCALATION_DETAIL (gtk_widget_get_template_child (GTK_WIDGET (page_of (window)), FB_TYPE_ESCALATIONS_PAGE, "detail"));
}

/* For fb_test_sign_in(): the panel shows the @data open cases (as many
 * as it holds). */
static gboolean
cases_shown (FbWindow *window,
             gpointer  data)
{
  guint n_cases = GPOINTER_TO_UINT (data);

  return fb_deadlines_panel_get_n_shown (panel_of (window)) == MIN (n_cases, FB_DEADLINES_PANEL_MAX);
}

/* Through the connect page, as a user does. */
static void
sign_in (FbWindow      *window,
         FbSyncEngine  *engine,
         FbTestFixture *f,
         const char    *username,
         const char    *user_id,
         guint          n_open)
{
  fb_test_sign_in (window, engine, f->url, username, user_id, cases_shown, GUINT_TO_POINTER (n_open));
}

static char *
visible_ids (FbEscalationsPage *page)
{
  GListModel *model = fb_escalations_page_get_visible (page);

  return fb_test_row_ids (model);
}

static gboolean
row_bound (gpointer data)
{
  gpointer *args = data;

  return fb_escalations_page_get_row (args[0], args[1]) != NULL;
}

static FbEscalationRow *
row_of (FbEscalationsPage *page,
        const char        *id)
{
  gpointer args[] = { page, (gpointer) id };

  g_assert_true (fb_test_wait_until (row_bound, args, 5000));
  return FB_ESCALATION_ROW (fb_escalations_page_get_row (page, id));
}

static void
test_labels (void)
{
  g_autofree char *in = fb_escalation_labels_countdown (FB_DEADLINE_DISPATCH, 1000 + 12 * MINUTE, 1000, NULL);
  g_autofree char *in_part = fb_escalation_labels_countdown (FB_DEADLINE_DISPATCH, 1000 + 30, 1000, NULL);
  g_autofree char *over = NULL, *just = NULL, *days = NULL;
  gboolean overdue = FALSE;

  g_assert_cmpstr (in, ==, "Dispatch in 12 min");
  /* Never "in 0 min": what is left rounds up. */
  g_assert_cmpstr (in_part, ==, "Dispatch in 1 min");
  over = fb_escalation_labels_countdown (FB_DEADLINE_RESPONSE, 1000, 1000 + 2 * HOUR + 5 * MINUTE + 59, &overdue);
  g_assert_cmpstr (over, ==, "Response overdue by 2 h 5 min");
  g_assert_true (overdue);
  just = fb_escalation_labels_countdown (FB_DEADLINE_CALLBACK, 1000, 1000, &overdue);
  g_assert_cmpstr (just, ==, "Callback overdue");
  g_assert_true (overdue);
  days = fb_escalation_labels_countdown (FB_DEADLINE_CALLBACK, 1000 + 27 * HOUR, 1000, &overdue);
  g_assert_cmpstr (days, ==, "Callback in 1 d 3 h");
  g_assert_false (overdue);

  /* Ticks fall on the minute, or on a deadline passing before it. */
  g_assert_cmpuint (fb_escalation_labels_tick_delay ((gint64) (600 + 20) * G_USEC_PER_SEC, 0), ==, 40005);
  g_assert_cmpuint (fb_escalation_labels_tick_delay ((gint64) (600 + 20) * G_USEC_PER_SEC, 630), ==, 10005);
  g_assert_cmpuint (fb_escalation_labels_tick_delay ((gint64) (600 + 20) * G_USEC_PER_SEC, 700), ==, 40005);
}

/* The list: order, countdowns, highlight, masking, figures, filters,
 * the detail pane and its timeline, the callback dialog, the panel. */
static void
test_page (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (4, 2);
  g_autoptr(FbSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  FbEscalationsPage *page;
  FbEscalationDetail *detail;
  FbDeadlinesPanel *panel;
  FbWindow *window;

  g_assert_true (fb_server_store_begin (f->store, &error));
  fb_test_put_user (f, "u-lead", "lead", "이 반장", "shift_leader", NULL);
  {
    gint64 ra = now - 25 * HOUR, rg = now - 2 * HOUR, rd = now - 48 * HOUR, re = now - 4 * 24 * HOUR,
           rf = now - 5 * 24 * HOUR;
    g_autofree char *a_extra = NULL, *g_extra = NULL, *d_extra = NULL, *e_extra = NULL, *f_extra = NULL;
    g_autofree char *a = NULL, *b = NULL, *c = NULL, *g = NULL, *d = NULL, *e = NULL, *fc = NULL;
    g_autofree char *t1 = iso (ra), *t2 = iso (ra + 10 * MINUTE), *t3 = iso (ra + 15 * MINUTE);
    g_autofree char *g1 = iso (rg + 20 * MINUTE);
    g_autofree char *d1 = iso (rd + 20 * MINUTE), *d2 = iso (rd + 5 * HOUR), *d3 = iso (rd + 6 * HOUR);
    g_autofree char *e1 = iso (re + 15 * MINUTE), *e2 = iso (re + 5 * HOUR), *e3 = iso (re + 30 * HOUR);
    g_autofree char *f1 = iso (rf + 70 * MINUTE), *f2 = iso (rf + 5 * HOUR), *f3 = iso (rf + 80 * HOUR),
                    *f4 = iso (rf + 81 * HOUR);

    /* Response overdue by an hour, with a history of three entries. */
    a_extra = g_strdup_printf (",\"dispatched_at\":\"%s\",\"history\":["
                               "{\"at\":\"%s\",\"actor\":\"u-agent1\",\"action\":\"raised\",\"status\":\"raised\"},"
                               "{\"at\":\"%s\",\"actor\":\"u-lead\",\"action\":\"escalated\",\"level\":\"supervisor\","
                               "\"note\":\"감독자 확인 필요\"},"
                               "{\"at\":\"%s\",\"actor\":\"u-sup\",\"action\":\"started\",\"status\":\"in_progress\","
                               "\"note\":\"고객과 통화 예정\"}]",
                               t2, t1, t2, t3);
    a = case_json ("e-a", "supervisor", "complaint", "in_progress", ra, "u-sup", NULL, a_extra);
    /* Dispatch overdue by 30 minutes, nobody's. */
    b = case_json ("e-b", "shift_leader", "billing", "raised", now - 90 * MINUTE, NULL, NULL, NULL);
    /* Dispatch due in 30.5 minutes; the server sent the customer in full. */
    c = case_json ("e-c", "agent", "technical", "raised", now - 29 * MINUTE - 30, NULL, "010-9876-5432",
                   ",\"customer_name\":\"홍길동\"");
    g_extra = g_strdup_printf (",\"dispatched_at\":\"%s\"", g1);
    g = case_json ("e-g", "shift_leader", "service", "dispatched", rg, "u-sup", NULL, g_extra);
    d_extra = g_strdup_printf (",\"dispatched_at\":\"%s\",\"responded_at\":\"%s\",\"callback_attempts\":["
                               "{\"at\":\"%s\",\"by\":\"u-lead\",\"outcome\":\"no_answer\"}]",
                               d1, d2, d3);
    d = case_json ("e-d", "supervisor", "complaint", "awaiting_callback", rd, "u-lead", NULL, d_extra);
    /* Reached within 72 hours: a callback met. */
    e_extra = g_strdup_printf (",\"dispatched_at\":\"%s\",\"responded_at\":\"%s\",\"resolved_at\":\"%s\","
                               "\"callback_attempts\":[{\"at\":\"%s\",\"by\":\"u-lead\",\"outcome\":\"reached\"}]",
                               e1, e2, e3, e3);
    e = case_json ("e-e", "shift_leader", "service", "resolved", re, "u-lead", NULL, e_extra);
    /* Dispatched late, reached after 72 hours, closed: two misses. */
    f_extra = g_strdup_printf (",\"dispatched_at\":\"%s\",\"responded_at\":\"%s\",\"resolved_at\":\"%s\","
                               "\"closed_at\":\"%s\","
                               "\"callback_attempts\":[{\"at\":\"%s\",\"by\":\"u-lead\",\"outcome\":\"reached\"}]",
                               f1, f2, f3, f4, f3);
    fc = case_json ("e-f", "shift_leader", "other", "closed", rf, "u-lead", NULL, f_extra);
    fb_test_put (f->store, "escalation", "e-a", a);
    fb_test_put (f->store, "escalation", "e-b", b);
    fb_test_put (f->store, "escalation", "e-c", c);
    fb_test_put (f->store, "escalation", "e-g", g);
    fb_test_put (f->store, "escalation", "e-d", d);
    fb_test_put (f->store, "escalation", "e-e", e);
    fb_test_put (f->store, "escalation", "e-f", fc);
  }
  g_assert_true (fb_server_store_commit (f->store, &error));

  window = open_window (f, &engine);
  sign_in (window, engine, f, "sup", "u-sup", 5);
  page = page_of (window);
  detail = detail_of (window);
  panel = panel_of (window);

  /* The Floor page's panel: the nearest five, overdue counted, ticking
   * while on screen. */
  g_assert_true (fb_test_wait_until (fb_test_is_mapped, panel, 5000));
  g_assert_cmpuint (fb_deadlines_panel_get_n_overdue (panel), ==, 2);
  g_assert_cmpstr (fb_deadlines_panel_get_id (panel, 0), ==, "e-a");
  g_assert_cmpstr (fb_deadlines_panel_get_id (panel, 1), ==, "e-b");
  g_assert_cmpstr (fb_deadlines_panel_get_id (panel, 2), ==, "e-c");
  g_assert_cmpstr (fb_deadlines_panel_get_id (panel, 4), ==, "e-d");
  g_assert_cmpstr (fb_deadlines_panel_get_countdown (panel, 2), ==, "Dispatch in 31 min");
  g_assert_true (gtk_widget_has_css_class (fb_deadlines_panel_get_row (panel, 0), "overdue"));
  g_assert_false (gtk_widget_has_css_class (fb_deadlines_panel_get_row (panel, 2), "overdue"));
  g_assert_true (fb_deadlines_panel_get_ticking (panel));
  g_assert_false (fb_escalations_page_get_ticking (page));

  /* Clicking a case opens the Escalations page on it. */
  gtk_widget_activate (fb_deadlines_panel_get_row (panel, 2));
  g_assert_true (fb_test_wait_until (fb_test_is_mapped, page, 5000));
  g_assert_cmpstr (fb_row_get_id (fb_escalation_detail_get_row (detail)), ==, "e-c");
  g_assert_true (fb_escalations_page_get_ticking (page));
  g_assert_false (fb_deadlines_panel_get_ticking (panel));

  /* Nearest deadline first, overdue ones leading; resolved and closed
   * cases are not listed. */
  {
    g_autofree char *ids = visible_ids (page);
    g_assert_cmpstr (ids, ==, "e-a e-b e-c e-g e-d");
  }
  g_assert_cmpstr (fb_escalation_row_get_countdown (row_of (page, "e-a")), ==, "Response overdue by 1 h");
  g_assert_cmpstr (fb_escalation_row_get_countdown (row_of (page, "e-b")), ==, "Dispatch overdue by 30 min");
  g_assert_cmpstr (fb_escalation_row_get_countdown (row_of (page, "e-c")), ==, "Dispatch in 31 min");
  g_assert_cmpstr (fb_escalation_row_get_countdown (row_of (page, "e-g")), ==, "Response in 22 h");
  g_assert_cmpstr (fb_escalation_row_get_countdown (row_of (page, "e-d")), ==, "Callback in 1 d");
  g_assert_true (fb_escalation_row_get_overdue (row_of (page, "e-a")));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row_of (page, "e-b")), "overdue"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row_of (page, "e-c")), "overdue"));

  /* A full number and name from the server never show in full. */
  g_assert_cmpstr (fb_escalation_row_get_customer (row_of (page, "e-c")), ==, "홍*동 010-****-5432");
  g_assert_cmpstr (fb_escalation_detail_get_customer (detail), ==, "홍*동 010-****-5432");

  /* Figures from the whole cache: callbacks 1 of 2 met (e-e yes, e-f
   * late), dispatch 4 of 6 (e-b overdue, e-f late; e-c not due yet). */
  g_assert_cmpstr (fb_escalations_page_get_figure (page, "open"), ==, "5");
  g_assert_cmpstr (fb_escalations_page_get_figure (page, "overdue"), ==, "2");
  g_assert_cmpstr (fb_escalations_page_get_figure (page, "callback_rate"), ==, "50 %");
  g_assert_cmpstr (fb_escalations_page_get_figure (page, "dispatch_rate"), ==, "67 %");

  /* Filters, each alone, and resolved cases behind their toggle. */
  {
    static const struct { const char *prop; int value; const char *ids; } cases[] = {
      { "level-filter", FB_LEVEL_SUPERVISOR, "e-a e-d" },
      { "category-filter", FB_CATEGORY_COMPLAINT, "e-a e-d" },
      { "owner-filter", FB_OWNER_FILTER_MINE, "e-a e-g" },
      { "owner-filter", FB_OWNER_FILTER_UNASSIGNED, "e-b e-c" },
      { "overdue-only", TRUE, "e-a e-b" },
      { "show-resolved", TRUE, "e-a e-b e-c e-g e-d e-e" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *ids = NULL;
        g_autofree char *all = NULL;

        g_object_set (page, cases[i].prop, cases[i].value, NULL);
        ids = visible_ids (page);
        g_assert_cmpstr (ids, ==, cases[i].ids);
        g_object_set (page, cases[i].prop, 0, NULL);
        if (g_str_equal (cases[i].prop, "level-filter") || g_str_equal (cases[i].prop, "category-filter"))
          g_object_set (page, cases[i].prop, -1, NULL);
        all = visible_ids (page);
        g_assert_cmpstr (all, ==, "e-a e-b e-c e-g e-d");
      }
  }

  /* The detail pane: deadlines marked, the history newest first. */
  g_assert_true (fb_escalations_page_show_case (page, "e-a"));
  g_assert_cmpstr (fb_escalation_detail_get_deadline_mark (detail, FB_DEADLINE_DISPATCH), !=, "");
  g_assert_true (g_str_has_prefix (fb_escalation_detail_get_deadline_mark (detail, FB_DEADLINE_DISPATCH), "✓"));
  g_assert_cmpstr (fb_escalation_detail_get_deadline_mark (detail, FB_DEADLINE_RESPONSE), ==, "⚠ Overdue by 1 h");
  g_assert_cmpuint (fb_escalation_detail_get_n_history (detail), ==, 3);
  {
    g_autofree char *newest = fb_escalation_detail_dup_history_line (detail, 0);
    g_autofree char *middle = fb_escalation_detail_dup_history_line (detail, 1);
    g_autofree char *oldest = fb_escalation_detail_dup_history_line (detail, 2);

    g_assert_true (g_str_has_suffix (newest, "\t박 감독\tTaken over\t고객과 통화 예정"));
    g_assert_true (g_str_has_suffix (middle, "\t이 반장\tEscalated → Supervisor\t감독자 확인 필요"));
    g_assert_true (g_str_has_suffix (oldest, "\t상담원 1\tRaised\t"));
  }
  /* A case filtered out is shown anyway: the filter gives way. */
  g_object_set (page, "overdue-only", TRUE, NULL);
  g_assert_true (fb_escalations_page_show_case (page, "e-g"));
  {
    g_autofree char *ids = visible_ids (page);
    g_assert_cmpstr (ids, ==, "e-a e-b e-c e-g e-d");
  }
  g_assert_false (fb_escalations_page_show_case (page, "e-nope"));

  /* The callback dialog: no outcome, no saving, nothing written. */
  g_assert_true (fb_escalations_page_show_case (page, "e-d"));
  g_assert_null (fb_escalation_detail_get_reason (detail, FB_ESCALATION_ACTION_CALLBACK_ATTEMPT));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (detail), "escalation.callback", NULL));
  {
    FbEscalationCallbackDialog *dialog = FB_ESCALATION_CALLBACK_DIALOG (fb_escalation_detail_get_callback_dialog (detail));
    gint64 version = fb_row_get_version (fb_escalation_detail_get_row (detail));

    g_assert_nonnull (dialog);
    g_assert_cmpint (fb_escalation_callback_dialog_get_outcome (dialog), ==, -1);
    g_assert_false (fb_escalation_callback_dialog_get_can_save (dialog));
    g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save"));
    g_assert_cmpstr (fb_escalation_callback_dialog_get_hint (dialog), ==, "Say how the callback attempt ended");
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "save");
    g_assert_cmpuint (fb_sync_engine_get_pending_writes (engine), ==, 0);
    g_assert_cmpint (fb_row_get_version (fb_escalation_detail_get_row (detail)), ==, version);
    g_assert_true (fb_escalation_detail_get_callback_dialog (detail) == GTK_WIDGET (dialog));

    fb_escalation_callback_dialog_set_outcome (dialog, 1);
    g_assert_true (fb_escalation_callback_dialog_get_can_save (dialog));
    g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save"));
    g_assert_cmpstr (fb_escalation_callback_dialog_get_hint (dialog), ==, "");
    fb_test_destroy_window (dialog);
    g_assert_null (fb_escalation_detail_get_callback_dialog (detail));
  }

  /* Off screen: no timer. */
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_ancestor (GTK_WIDGET (page), ADW_TYPE_VIEW_STACK)),
                                         "quality");
  g_assert_false (fb_escalations_page_get_ticking (page));
  g_assert_false (fb_deadlines_panel_get_ticking (panel));

  fb_test_destroy_window (window);
  fb_sync_engine_stop (engine);
}

typedef struct
{
  FbEscalationsPage *page;
  const char        *id;
  const char        *status;
  const char        *owner;
} WaitCase;

static gboolean
case_is (gpointer data)
{
  WaitCase *w = data;
  GListModel *model = fb_escalations_page_get_visible (w->page);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FbRow) row = g_list_model_get_item (model, i);
      const FbEscalation *e = fb_row_get_entity (row);

      if (g_str_equal (e->id, w->id))
        return g_str_equal (fb_escalation_status_values[e->status], w->status) &&
               g_strcmp0 (e->owner, w->owner) == 0;
    }
  return FALSE;
}

/* Only open cases to race, only shown: else no timer at all. */
static void
test_idle (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (4, 0);
  g_autoptr(FbSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *resolved = NULL;
  FbEscalationsPage *page;
  FbWindow *window;
  FbTestSignIn s;

  resolved = case_json ("e-r", "shift_leader", "service", "resolved", now - HOUR, NULL, NULL, NULL);
  g_assert_true (fb_server_store_begin (f->store, &error));
  fb_test_put (f->store, "escalation", "e-r", resolved);
  g_assert_true (fb_server_store_commit (f->store, &error));

  window = open_window (f, &engine);
  sign_in (window, engine, f, "sup", "u-sup", 0);
  page = page_of (window);
  fb_window_show_escalation (window, "e-r");
  g_assert_true (fb_test_wait_until (fb_test_is_mapped, page, 5000));
  g_assert_false (fb_escalations_page_get_ticking (page));
  g_assert_cmpstr (fb_escalations_page_get_figure (page, "open"), ==, "0");
  /* Shown on request: the toggle opens for it. */
  {
    g_autofree char *ids = visible_ids (page);
    g_assert_cmpstr (ids, ==, "e-r");
  }

  /* A new open case: the timer starts; settled again: it stops. */
  {
    g_autofree char *open = case_json ("e-n", "shift_leader", "service", "raised", now, NULL, NULL, NULL);
    WaitCase w = { page, "e-n", "raised", NULL };

    fb_test_put (f->store, "escalation", "e-n", open);
    fb_sync_engine_sync_now (engine);
    g_assert_true (fb_test_wait_until (case_is, &w, 10000));
    g_assert_true (fb_escalations_page_get_ticking (page));
  }
  {
    g_autofree char *done = case_json ("e-n", "shift_leader", "service", "resolved", now, NULL, NULL, NULL);
    WaitCase w = { page, "e-n", "resolved", NULL };

    fb_test_put (f->store, "escalation", "e-n", done);
    fb_sync_engine_sync_now (engine);
    g_assert_true (fb_test_wait_until (case_is, &w, 10000));
    g_assert_false (fb_escalations_page_get_ticking (page));
  }
  s = (FbTestSignIn) { engine, window, "u-sup", cases_shown, GUINT_TO_POINTER (0) };
  g_assert_true (fb_test_signed_in (&s));

  fb_test_destroy_window (window);
  fb_sync_engine_stop (engine);
}

static void
assert_all_refused (FbEscalationDetail *detail,
                    const char         *reason)
{
  for (int a = FB_ESCALATION_ACTION_TAKE; a <= FB_ESCALATION_ACTION_CLOSE; a++)
    {
      GtkWidget *button = fb_escalation_detail_get_action_button (detail, a);

      g_assert_cmpstr (fb_escalation_detail_get_reason (detail, a), ==, reason);
      g_assert_false (gtk_widget_get_sensitive (button));
      g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, reason);
    }
}

/* What each role may do, disabled with the rules' own reason. */
static void
test_roles (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (4, 0);
  g_autoptr(FbSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *json = case_json ("e-s", "supervisor", "complaint", "raised", now - 10 * MINUTE, NULL, NULL, NULL);
  FbEscalationDetail *detail;
  FbWindow *window;

  g_assert_true (fb_server_store_begin (f->store, &error));
  fb_test_put_user (f, "u-lead", "lead", "이 반장", "shift_leader", NULL);
  fb_test_put_user (f, "u-qa", "qa", "최 검사", "qa_inspector", NULL);
  fb_test_put (f->store, "escalation", "e-s", json);
  g_assert_true (fb_server_store_commit (f->store, &error));

  window = open_window (f, &engine);
  detail = detail_of (window);

  /* Nobody signed in: nothing to act with. */
  g_assert_cmpstr (fb_escalation_detail_get_reason (detail, FB_ESCALATION_ACTION_TAKE), ==, "No case selected");

  sign_in (window, engine, f, "lead", "u-lead", 1);
  g_assert_true (fb_escalations_page_show_case (page_of (window), "e-s"));
  assert_all_refused (detail, "The case is above your level of the chain");

  sign_in (window, engine, f, "sup", "u-sup", 1);
  g_assert_true (fb_escalations_page_show_case (page_of (window), "e-s"));
  g_assert_null (fb_escalation_detail_get_reason (detail, FB_ESCALATION_ACTION_TAKE));
  g_assert_true (gtk_widget_get_sensitive (fb_escalation_detail_get_action_button (detail, FB_ESCALATION_ACTION_TAKE)));
  g_assert_null (fb_escalation_detail_get_reason (detail, FB_ESCALATION_ACTION_ESCALATE));
  g_assert_cmpstr (fb_escalation_detail_get_reason (detail, FB_ESCALATION_ACTION_RESOLVE), ==,
                   "Only a case in progress can be resolved");
  g_assert_false (gtk_widget_get_sensitive (fb_escalation_detail_get_action_button (detail, FB_ESCALATION_ACTION_RESOLVE)));
  g_assert_cmpstr (fb_escalation_detail_get_reason (detail, FB_ESCALATION_ACTION_CALLBACK_ATTEMPT), ==,
                   "Only a case awaiting its callback takes callback attempts");
  g_assert_cmpstr (fb_escalation_detail_get_reason (detail, FB_ESCALATION_ACTION_CLOSE), ==,
                   "Only a resolved case, or one awaiting its callback, can be closed");

  sign_in (window, engine, f, "qa", "u-qa", 1);
  g_assert_true (fb_escalations_page_show_case (page_of (window), "e-s"));
  assert_all_refused (detail, "Your role does not act on escalations");

  /* Signed out, the cache still shows the case, and says why no action. */
  fb_sync_engine_stop (engine);
  g_assert_true (fb_escalations_page_show_case (page_of (window), "e-s"));
  g_object_notify (G_OBJECT (engine), "state");
  assert_all_refused (detail, "Sign in to act on cases");

  fb_test_destroy_window (window);
}

typedef struct
{
  FbServerStore *store;
  const char    *id;
} WaitServer;

static gboolean
server_taken (gpointer data)
{
  WaitServer *w = data;
  g_autoptr(FbChange) change = fb_server_store_get (w->store, "escalation", w->id, NULL);
  g_autoptr(FbEscalation) e = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (change == NULL || !(node = json_from_string (change->data, NULL)) || !(e = fb_escalation_from_json (node, NULL)))
    return FALSE;
  return e->status == FB_ESC_IN_PROGRESS && g_strcmp0 (e->owner, "u-sup") == 0;
}

static void
watch_taken_cb (GListModel *model,
                guint       position,
                guint       removed,
                guint       added,
                WaitCase   *w)
{
  if (case_is (w))
    g_object_set_data (G_OBJECT (w->page), "fb-test-seen", GINT_TO_POINTER (TRUE));
}

static gboolean
seen_taken (gpointer data)
{
  return g_object_get_data (data, "fb-test-seen") != NULL;
}

static gboolean
no_pending (gpointer data)
{
  return fb_sync_engine_get_pending_writes (data) == 0;
}

/* A raised case, e-t, on the server, and the window signed in as the
 * supervisor, showing it on @taken's page. */
static FbWindow *
open_on_case (FbTestFixture  *f,
              FbSyncEngine  **engine,
              WaitCase       *taken)
{
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *json = case_json ("e-t", "shift_leader", "billing", "raised", now - 10 * MINUTE, NULL, NULL, NULL);
  FbWindow *window;

  g_assert_true (fb_server_store_begin (f->store, &error));
  fb_test_put (f->store, "escalation", "e-t", json);
  g_assert_true (fb_server_store_commit (f->store, &error));

  window = open_window (f, engine);
  sign_in (window, *engine, f, "sup", "u-sup", 1);
  taken->page = page_of (window);
  g_assert_true (fb_escalations_page_show_case (taken->page, "e-t"));
  return window;
}

/* Take ownership on a real server: the case shows taken, the server has
 * it taken, and the server's answer stays in the cache. */
static void
test_take_end_to_end (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (4, 0);
  g_autoptr(FbSyncEngine) engine = NULL;
  WaitCase taken = { NULL, "e-t", "in_progress", "u-sup" };
  WaitServer on_server = { f->store, "e-t" };
  FbWindow *window = open_on_case (f, &engine, &taken);
  FbEscalationDetail *detail = detail_of (window);

  g_assert_false (server_taken (&on_server));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (detail), "escalation.take", NULL));

  g_assert_true (fb_test_wait_until (server_taken, &on_server, 20000));
  g_assert_true (fb_test_wait_until (no_pending, engine, 20000));
  g_assert_true (fb_test_wait_until (case_is, &taken, 10000));
  g_assert_cmpstr (fb_row_get_id (fb_escalation_detail_get_row (detail)), ==, "e-t");
  g_assert_cmpstr (fb_escalation_detail_get_reason (detail, FB_ESCALATION_ACTION_TAKE), ==,
                   "Only a new or dispatched case can be taken");
  g_assert_null (fb_escalation_detail_get_reason (detail, FB_ESCALATION_ACTION_RESOLVE));

  fb_test_destroy_window (window);
  fb_sync_engine_stop (engine);
}

/* With the server away, the case shows taken at once (the optimistic row
 * from the outbox); once the server is back it has it taken too. */
static void
test_take_offline (void)
{
  g_autoptr(FbTestFixture) f = fb_test_fixture_new (4, 0);
  g_autoptr(FbSyncEngine) engine = NULL;
  WaitCase taken = { NULL, "e-t", "in_progress", "u-sup" };
  WaitServer on_server = { f->store, "e-t" };
  FbWindow *window = open_on_case (f, &engine, &taken);
  FbEscalationDetail *detail = detail_of (window);

  g_signal_connect (fb_escalations_page_get_visible (taken.page), "items-changed",
                    G_CALLBACK (watch_taken_cb), &taken);

  /* With the server away, the case shows taken at once, from the outbox. */
  fb_test_fixture_stop_server (f);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (detail), "escalation.take", NULL));
  g_assert_true (fb_test_wait_until (seen_taken, taken.page, 10000));
  g_assert_true (case_is (&taken));
  g_assert_cmpuint (fb_sync_engine_get_pending_writes (engine), ==, 1);
  g_assert_false (server_taken (&on_server));

  /* Back: delivered, and the server's answer stays. */
  fb_test_fixture_start_server (f);
  fb_sync_engine_sync_now (engine);
  g_assert_true (fb_test_wait_until (server_taken, &on_server, 30000));
  g_assert_true (fb_test_wait_until (no_pending, engine, 20000));
  g_assert_true (case_is (&taken));
  g_assert_cmpstr (fb_row_get_id (fb_escalation_detail_get_row (detail)), ==, "e-t");
  g_assert_cmpstr (fb_escalation_detail_get_reason (detail, FB_ESCALATION_ACTION_TAKE), ==,
                   "Only a new or dispatched case can be taken");
  g_assert_null (fb_escalation_detail_get_reason (detail, FB_ESCALATION_ACTION_RESOLVE));
  g_signal_handlers_disconnect_by_func (fb_escalations_page_get_visible (taken.page), watch_taken_cb, &taken);

  fb_test_destroy_window (window);
  fb_sync_engine_stop (engine);
}

int
main (int   argc,
      char *argv[])
{
  if (!fb_test_gui_init (&argc, &argv))
    return 77;

  app = fb_test_gui_app_new ("org.floorboard.Floorboard.TestEscalations");

  g_test_add_func ("/ui/escalations/labels", test_labels);
  g_test_add_func ("/ui/escalations/page", test_page);
  g_test_add_func ("/ui/escalations/idle", test_idle);
  g_test_add_func ("/ui/escalations/roles", test_roles);
  g_test_add_func ("/ui/escalations/take-end-to-end", test_take_end_to_end);
  g_test_add_func ("/ui/escalations/take-offline", test_take_offline);

  return fb_test_gui_run (app);
}
