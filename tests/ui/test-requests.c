/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-requests.c: the Requests page in the real window, on leave and
 * swap requests a real server syncs into the cache, decided through the
 * outbox against that server. */
#define G_LOG_DOMAIN "test-requests"

#include <adwaita.h>
#include <string.h>

#include "fb-auth.h"
#include "fb-connect-page.h"
#include "fb-entity.h"
#include "fb-paths.h"
#include "fb-request-row.h"
#include "fb-request-rules.h"
#include "fb-context.h"
#include "fb-requests-page.h"
#include "fb-requests-page-private.h"
#include "fb-row.h"
#include "fb-server-store.h"
#include "fb-store.h"
#include "fb-sync-engine.h"
#include "fb-test-fixture.h"
#include "fb-test-gui.h"
#include "fb-test-window.h"
#include "fb-window.h"

#define HOUR 3600

static GtkApplication *app;

/* A day counted from today in the center's time zone (KST). */
static char *
day (int offset)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (9 * 3600);
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(GDateTime) then = g_date_time_add_days (now, offset);

  return g_date_time_format (then, "%Y-%m-%d");
}

static char *
iso (gint64 t)
{
  return fb_timestamp_to_iso (t);
}

static void
put_leave (FbTestFixture *f,
           const char    *id,
           const char    *agent,
           const char    *type,
           int            first,
           int            last,
           gboolean       certificate,
           const char    *extra)
{
  g_autofree char *start = day (first), *end = day (last);
  g_autofree char *asked = iso (g_get_real_time () / G_USEC_PER_SEC - HOUR);
  g_autofree char *json = g_strdup_printf ("{\"id\":\"%s\",\"agent_id\":\"%s\",\"type\":\"%s\",\"start_date\":\"%s\","
                                           "\"end_date\":\"%s\",\"reason\":\"개인 사정 %s\",\"submitted_at\":\"%s\","
                                           "\"certificate\":%s,\"status\":\"pending\"%s}",
                                           id, agent, type, start, end, id, asked, certificate ? "true" : "false",
                                           extra ? extra : "");

  fb_test_put (f->store, "leave_request", id, json);
}

static void
put_swap (FbTestFixture *f,
          const char    *id,
          const char    *a,
          const char    *b,
          int            day_a,
          int            day_b)
{
  g_autofree char *da = day (day_a), *db = day (day_b);
  g_autofree char *asked = iso (g_get_real_time () / G_USEC_PER_SEC - 2 * HOUR);
  g_autofree char *json = g_strdup_printf ("{\"id\":\"%s\",\"agent_a\":\"%s\",\"agent_b\":\"%s\",\"date_a\":\"%s\","
                                           "\"shift_a\":\"day\",\"date_b\":\"%s\",\"shift_b\":\"day\","
                                           "\"reason\":\"가족 행사\",\"submitted_at\":\"%s\",\"status\":\"pending\","
                                           "\"leader_a_approved\":true,\"leader_b_approved\":true}",
                                           id, a, b, da, db, asked);

  fb_test_put (f->store, "swap_request", id, json);
}

/* Four agents of one day team (08:00–20:00): agent-001 and -004 are
 * intermediate, -002 senior, -003 junior; all on queue q-01. */
static FbTestFixture *
fixture_new (void)
{
  FbTestFixture *f = fb_test_fixture_new (1, 4);
  g_autoptr(GError) error = NULL;
  g_autofree char *decided = NULL;

  g_assert_true (fb_server_store_begin (f->store, &error));
  fb_test_put_user (f, "u-mgr", "mgr", "김 부장", "manager", NULL);
  fb_test_put_user (f, "u-qa", "qa", "최 검사", "qa_inspector", NULL);
  /* A day's personal leave, a week ahead: a manager may approve it. */
  put_leave (f, "lv-ok", "agent-002", "personal", 5, 5, FALSE, NULL);
  /* Sick leave without a certificate: a rule refuses it. */
  put_leave (f, "lv-sick", "agent-003", "sick", 3, 3, FALSE, NULL);
  /* Three days: for the director only. */
  put_leave (f, "lv-long", "agent-004", "vacation", 7, 9, FALSE, NULL);
  /* Vacation tomorrow: less than two days' notice, flagged; approving it
   * needs a reason. */
  put_leave (f, "lv-late", "agent-001", "vacation", 1, 1, FALSE, NULL);
  decided = g_strdup (",\"decided_by\":\"u-mgr\",\"decided_at\":\"2024-01-02T03:04:05Z\",\"decision_reason\":\"승인\"");
  {
    /* Decided long ago: listed only with "Show Decided". */
    g_autofree char *start = day (-30);
    g_autofree char *json = g_strdup_printf ("{\"id\":\"lv-old\",\"agent_id\":\"agent-002\",\"type\":\"personal\","
                                             "\"start_date\":\"%s\",\"end_date\":\"%s\",\"submitted_at\":\"2024-01-01T00:00:00Z\","
                                             "\"status\":\"approved\"%s}", start, start, decided);
    fb_test_put (f->store, "leave_request", "lv-old", json);
  }
  /* Same grade, both leaders approved: a manager may approve it. */
  put_swap (f, "sw-ok", "agent-001", "agent-004", 10, 12);
  /* Intermediate and senior: not the same grade. */
  put_swap (f, "sw-grade", "agent-001", "agent-002", 14, 16);
  g_assert_true (fb_server_store_commit (f->store, &error));
  return f;
}

static FbRequestsPage *
page_of (FbWindow *window)
{
  return FB_REQUESTS_PAGE (fb_window_get_table_page (window, "requests"));
}

/* For fb_test_sign_in(): the page has its rows. */
static gboolean
rows_cached (FbWindow *window,
             gpointer  data)
{
  return fb_requests_page_get_state (page_of (window), "sw-grade") != NULL;
}

/* The real window on the fixture's cache, signed in, on the page. */
static FbWindow *
open_window (FbTestFixture  *f,
             const char     *username,
             const char     *user_id,
             FbSyncEngine  **engine_out)
{
  FbWindow *window = fb_test_window_open (app, f->cache_path, 1400, 1000, engine_out, NULL);
  GtkWidget *page;

  fb_test_sign_in (window, *engine_out, f->url, username, user_id, rows_cached, NULL);

  page = GTK_WIDGET (page_of (window));
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_ancestor (page, ADW_TYPE_VIEW_STACK)),
                                         "requests");
  gtk_stack_set_visible_child (GTK_STACK (gtk_widget_get_ancestor (page, GTK_TYPE_STACK)), page);
  g_assert_true (fb_test_wait_until (fb_test_is_mapped, page, 5000));
  return window;
}

static char *
visible_ids (FbRequestsPage *page)
{
  GListModel *model = fb_requests_page_get_visible (page);

  return fb_test_row_ids (model);
}

static gboolean
row_bound (gpointer data)
{
  gpointer *args = data;

  return fb_requests_page_get_row (args[0], args[1]) != NULL;
}

static FbRequestRow *
row_of (FbRequestsPage *page,
        const char     *id)
{
  gpointer args[] = { page, (gpointer) id };

  g_assert_true (fb_test_wait_until (row_bound, args, 5000));
  return FB_REQUEST_ROW (fb_requests_page_get_row (page, id));
}

/* The request as the server has it. */
typedef struct
{
  FbServerStore *store;
  const char    *type;
  const char    *id;
  const char    *status;
} WaitServer;

static JsonObject *
server_row (FbServerStore *store,
            const char    *type,
            const char    *id,
            gint64        *version)
{
  g_autoptr(FbChange) change = fb_server_store_get (store, type, id, NULL);
  g_autoptr(JsonNode) node = NULL;

  g_assert_nonnull (change);
  node = json_from_string (change->data, NULL);
  g_assert_nonnull (node);
  if (version)
    *version = change->version;
  return json_object_ref (json_node_get_object (node));
}

static gboolean
server_status_is (gpointer data)
{
  WaitServer *w = data;
  g_autoptr(JsonObject) row = server_row (w->store, w->type, w->id, NULL);

  return g_strcmp0 (json_object_get_string_member_with_default (row, "status", ""), w->status) == 0;
}

static gboolean
no_pending (gpointer data)
{
  return fb_sync_engine_get_pending_writes (data) == 0;
}

static gboolean
toast_gone (gpointer data)
{
  return fb_requests_page_get_toast (data) == NULL;
}

static void
assert_refused (FbRequestRow *row,
                FbDecision    decision,
                const char   *reason)
{
  GtkWidget *button = fb_request_row_get_button (row, decision);

  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, reason);
}

/* Every check in words, FLAG / RULE / FORBIDDEN told apart by words and
 * icons, the buttons disabled with the reason; decided ones on request. */
static void
test_rows (void)
{
  g_autoptr(FbTestFixture) f = fixture_new ();
  g_autoptr(FbSyncEngine) engine = NULL;
  FbRequestsPage *page;
  FbWindow *window;

  window = open_window (f, "mgr", "u-mgr", &engine);
  page = page_of (window);

  /* Pending only, the soonest first day on top. */
  {
    g_autofree char *ids = visible_ids (page);
    g_assert_cmpstr (ids, ==, "lv-late lv-sick lv-ok lv-long sw-ok sw-grade");
  }

  {
    FbRequestRow *row = row_of (page, "lv-sick");
    g_autofree char *checks = fb_request_row_dup_checks (row);

    g_assert_cmpstr (checks, ==, "✗ Breaks a rule: Sick leave needs a medical certificate");
    g_assert_cmpstr (fb_request_row_get_refusal (row), ==, "Cannot approve: Sick leave needs a medical certificate");
    assert_refused (row, FB_DECISION_APPROVE, "Sick leave needs a medical certificate");
    /* Rejecting it stays possible. */
    g_assert_true (gtk_widget_get_sensitive (fb_request_row_get_button (row, FB_DECISION_REJECT)));
    g_assert_cmpstr (fb_request_row_get_status (row), ==, "Pending");
  }
  {
    FbRequestRow *row = row_of (page, "lv-long");
    g_autofree char *checks = fb_request_row_dup_checks (row);

    g_assert_cmpstr (checks, ==, "⊘ Not for your role: Leave of more than one day is approved by the center director");
    g_assert_cmpstr (fb_request_row_get_refusal (row), ==,
                     "Cannot decide: Leave of more than one day is approved by the center director");
    assert_refused (row, FB_DECISION_APPROVE, "Leave of more than one day is approved by the center director");
    assert_refused (row, FB_DECISION_REJECT, "Leave of more than one day is approved by the center director");
  }
  {
    FbRequestRow *row = row_of (page, "lv-late");
    g_autofree char *checks = fb_request_row_dup_checks (row);
    g_auto(GStrv) lines = g_strsplit (checks, "\n", -1);

    /* Flagged, and asks for a reason, but may be approved. */
    g_assert_cmpuint (g_strv_length (lines), ==, 2);
    g_assert_true (g_str_has_prefix (lines[0], "ℹ Note: Asked "));
    g_assert_nonnull (strstr (lines[0], "vacation needs 2 days’ notice"));
    g_assert_cmpstr (lines[1], ==, "✎ Asks for a reason: Approving a late or night-shift request needs a reason");
    g_assert_cmpstr (fb_request_row_get_refusal (row), ==, "");
    g_assert_true (gtk_widget_get_sensitive (fb_request_row_get_button (row, FB_DECISION_APPROVE)));
  }
  {
    FbRequestRow *row = row_of (page, "lv-ok");
    g_autofree char *checks = fb_request_row_dup_checks (row);
    FbRequestState *state = fb_request_row_get_state (row);

    g_assert_cmpstr (checks, ==, "");
    g_assert_cmpstr (fb_request_row_get_refusal (row), ==, "");
    g_assert_cmpstr (state->who, ==, "상담원 2");
    g_assert_cmpstr (state->team, ==, "주간 1팀");
    g_assert_cmpstr (state->type_label, ==, "Personal leave");
    g_assert_cmpstr (state->days, ==, "1 day");
    g_assert_cmpstr (state->reason, ==, "개인 사정 lv-ok");
  }
  {
    FbRequestRow *row = row_of (page, "sw-grade");
    g_autofree char *checks = fb_request_row_dup_checks (row);
    FbRequestState *state = fb_request_row_get_state (row);

    g_assert_cmpstr (checks, ==, "✗ Breaks a rule: 상담원 1 and 상담원 2 are not of the same grade");
    g_assert_cmpstr (state->who, ==, "상담원 1 ⇄ 상담원 2");
    g_assert_cmpstr (state->type_label, ==, "Shift swap");
    g_assert_cmpstr (fb_request_row_get_status (row), ==, "Pending — both shift leaders approved");
  }
  {
    FbRequestRow *row = row_of (page, "sw-ok");
    g_autofree char *checks = fb_request_row_dup_checks (row);

    g_assert_cmpstr (checks, ==, "");
    g_assert_true (gtk_widget_get_sensitive (fb_request_row_get_button (row, FB_DECISION_APPROVE)));
  }

  /* Decided ones behind the toggle: status and who decided. */
  g_object_set (page, "show-decided", TRUE, NULL);
  {
    g_autofree char *ids = visible_ids (page);
    g_assert_cmpstr (ids, ==, "lv-late lv-sick lv-ok lv-long sw-ok sw-grade lv-old");
  }
  g_assert_true (g_str_has_prefix (fb_request_row_get_status (row_of (page, "lv-old")), "Approved by 김 부장, "));
  g_assert_true (g_str_has_suffix (fb_request_row_get_status (row_of (page, "lv-old")), " — “승인”"));
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_parent (gtk_widget_get_parent (
    fb_request_row_get_button (row_of (page, "lv-old"), FB_DECISION_APPROVE)))));
  g_object_set (page, "filter", FB_REQUEST_FILTER_SWAPS, NULL);
  {
    g_autofree char *ids = visible_ids (page);
    g_assert_cmpstr (ids, ==, "sw-ok sw-grade");
  }

  fb_test_destroy_window (window);
  fb_sync_engine_stop (engine);
}

/* One click: shown at once; Undo takes it back with nothing sent; left
 * alone, it goes when the toast does, waits while the server is away,
 * and ends as the server's row. */
static void
test_approve_undo_deliver (void)
{
  g_autoptr(FbTestFixture) f = fixture_new ();
  g_autoptr(FbSyncEngine) engine = NULL;
  g_autoptr(JsonObject) before = NULL;
  WaitServer approved = { f->store, "leave_request", "lv-ok", "approved" };
  gint64 version_before, version_after;
  FbRequestsPage *page;
  FbRequestRow *row;
  FbWindow *window;
  AdwToast *toast;

  window = open_window (f, "mgr", "u-mgr", &engine);
  page = page_of (window);
  before = server_row (f->store, "leave_request", "lv-ok", &version_before);
  row = row_of (page, "lv-ok");

  /* One click: the row shows the decision now, nothing is sent yet. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "request.approve", NULL));
  toast = fb_requests_page_get_toast (page);
  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_title (toast), ==, "Approved: 상담원 2, Personal leave");
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "_Undo");
  g_assert_cmpuint (adw_toast_get_timeout (toast), ==, FB_REQUESTS_UNDO_SECONDS);
  row = row_of (page, "lv-ok");
  g_assert_true (g_str_has_prefix (fb_request_row_get_status (row), "Approved by 김 부장, "));
  g_assert_true (g_str_has_suffix (fb_request_row_get_status (row), " — Undo is possible for a few seconds"));
  g_assert_true (fb_request_row_get_state (row)->held);
  g_assert_false (gtk_widget_get_sensitive (fb_request_row_get_button (row, FB_DECISION_APPROVE)) &&
                  gtk_widget_get_visible (fb_request_row_get_button (row, FB_DECISION_APPROVE)));
  g_assert_cmpuint (fb_sync_engine_get_pending_writes (engine), ==, 0);

  /* Undo, as a person clicks it (not within the toast's slide-in):
   * back as it was, and nothing ever leaves. */
  fb_test_spin (450);
  g_assert_cmpuint (fb_sync_engine_get_pending_writes (engine), ==, 0);
  g_signal_emit_by_name (toast, "button-clicked");
  adw_toast_dismiss (toast);
  g_assert_null (fb_requests_page_get_toast (page));
  row = row_of (page, "lv-ok");
  g_assert_cmpstr (fb_request_row_get_status (row), ==, "Pending");
  g_assert_false (fb_request_row_get_state (row)->held);
  g_assert_true (gtk_widget_get_sensitive (fb_request_row_get_button (row, FB_DECISION_APPROVE)));
  fb_test_spin (1500);
  g_assert_cmpuint (fb_sync_engine_get_pending_writes (engine), ==, 0);
  {
    gint64 version;
    g_autoptr(JsonObject) now = server_row (f->store, "leave_request", "lv-ok", &version);

    g_assert_cmpint (version, ==, version_before);
    g_assert_cmpstr (json_object_get_string_member (now, "status"), ==, "pending");
  }

  /* Again, left alone: when the toast goes by itself, it is sent. The
   * server is away: the row says it waits to be sent. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row_of (page, "lv-ok")), "request.approve", NULL));
  g_assert_nonnull (fb_requests_page_get_toast (page));
  fb_test_fixture_stop_server (f);
  g_assert_true (fb_test_wait_until (toast_gone, page, (FB_REQUESTS_UNDO_SECONDS + 5) * 1000));
  g_assert_true (fb_test_wait_until (row_bound, (gpointer[]) { page, (gpointer) "lv-ok" }, 5000));
  fb_test_spin (300);
  row = row_of (page, "lv-ok");
  g_assert_cmpuint (fb_sync_engine_get_pending_writes (engine), ==, 1);
  g_assert_true (fb_request_row_get_state (row)->sending);
  g_assert_true (g_str_has_suffix (fb_request_row_get_status (row), " — pending (waiting to be sent)"));
  g_assert_true (g_str_has_prefix (fb_request_row_get_status (row), "Approved by 김 부장"));
  g_assert_false (server_status_is (&approved));

  /* Back: delivered once; the row is the server's, at its version. */
  fb_test_fixture_start_server (f);
  fb_sync_engine_sync_now (engine);
  g_assert_true (fb_test_wait_until (server_status_is, &approved, 30000));
  g_assert_true (fb_test_wait_until (no_pending, engine, 20000));
  fb_test_spin (500);
  {
    g_autoptr(JsonObject) after = server_row (f->store, "leave_request", "lv-ok", &version_after);

    g_assert_cmpint (version_after, >, version_before);
    g_assert_cmpstr (json_object_get_string_member (after, "decided_by"), ==, "u-mgr");
  }
  row = row_of (page, "lv-ok");
  g_assert_false (fb_request_row_get_state (row)->sending);
  g_assert_cmpint (fb_request_row_get_state (row)->version, ==, version_after);
  g_assert_true (g_str_has_prefix (fb_request_row_get_status (row), "Approved by 김 부장, "));
  g_assert_null (strstr (fb_request_row_get_status (row), "waiting"));

  fb_test_destroy_window (window);
  fb_sync_engine_stop (engine);
}

/* Reject asks for a reason and decides nothing without one; so does an
 * approval the rules want a reason for. */
static void
test_reasons (void)
{
  g_autoptr(FbTestFixture) f = fixture_new ();
  g_autoptr(FbSyncEngine) engine = NULL;
  WaitServer rejected = { f->store, "leave_request", "lv-sick", "rejected" };
  WaitServer approved = { f->store, "leave_request", "lv-late", "approved" };
  FbRequestsPage *page;
  FbRequestRow *row;
  FbWindow *window;

  window = open_window (f, "mgr", "u-mgr", &engine);
  page = page_of (window);

  row = row_of (page, "lv-sick");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "request.reject", NULL));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (row), FB_TYPE_REQUEST_ROW, "popover"))));
  g_assert_null (fb_requests_page_get_toast (page));
  /* Empty, or only blanks: nothing is decided. */
  gtk_widget_activate_action (GTK_WIDGET (row), "request.confirm", NULL);
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (row), FB_TYPE_REQUEST_ROW, "reason_entry")), "   ");
  gtk_widget_activate_action (GTK_WIDGET (row), "request.confirm", NULL);
  g_assert_null (fb_requests_page_get_toast (page));
  g_assert_cmpstr (fb_request_row_get_status (row), ==, "Pending");
  /* With a reason: decided, the reason on the row. */
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (row), FB_TYPE_REQUEST_ROW, "reason_entry")), "진단서 미제출");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "request.confirm", NULL));
  g_assert_nonnull (fb_requests_page_get_toast (page));
  g_assert_cmpstr (adw_toast_get_title (fb_requests_page_get_toast (page)), ==, "Rejected: 상담원 3, Sick leave");
  row = row_of (page, "lv-sick");
  g_assert_true (g_str_has_prefix (fb_request_row_get_status (row), "Rejected by 김 부장, "));
  g_assert_nonnull (strstr (fb_request_row_get_status (row), "“진단서 미제출”"));

  /* A late vacation: Approve asks for a reason first. The next decision
   * sends the last one. */
  row = row_of (page, "lv-late");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "request.approve", NULL));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (row), FB_TYPE_REQUEST_ROW, "popover"))));
  g_assert_false (fb_request_row_get_state (row)->held);
  gtk_widget_activate_action (GTK_WIDGET (row), "request.confirm", NULL);
  g_assert_false (fb_request_row_get_state (row_of (page, "lv-late"))->held);
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (row), FB_TYPE_REQUEST_ROW, "reason_entry")), "팀장 사전 협의");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "request.confirm", NULL));
  g_assert_true (fb_request_row_get_state (row_of (page, "lv-late"))->held);
  g_assert_true (fb_test_wait_until (server_status_is, &rejected, 20000));

  fb_requests_page_flush (page);
  g_assert_null (fb_requests_page_get_toast (page));
  g_assert_true (fb_test_wait_until (server_status_is, &approved, 20000));
  {
    g_autoptr(JsonObject) sick = server_row (f->store, "leave_request", "lv-sick", NULL);
    g_autoptr(JsonObject) late = server_row (f->store, "leave_request", "lv-late", NULL);

    g_assert_cmpstr (json_object_get_string_member (sick, "decision_reason"), ==, "진단서 미제출");
    g_assert_cmpstr (json_object_get_string_member (late, "decision_reason"), ==, "팀장 사전 협의");
  }

  fb_test_destroy_window (window);
  fb_sync_engine_stop (engine);
}

/* Approve Selected approves what passes every check, says what it
 * skipped and why, and leaves those selected. */
static void
test_approve_selected (void)
{
  g_autoptr(FbTestFixture) f = fixture_new ();
  g_autoptr(FbSyncEngine) engine = NULL;
  WaitServer ok = { f->store, "leave_request", "lv-ok", "approved" };
  WaitServer swap = { f->store, "swap_request", "sw-ok", "approved" };
  static const char * const pending[] = { "lv-sick", "lv-long", "lv-late", "sw-grade" };
  const char *message;
  FbRequestsPage *page;
  FbWindow *window;

  window = open_window (f, "mgr", "u-mgr", &engine);
  page = page_of (window);
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (page), "requests.approve-selected", NULL) &&
                  fb_requests_page_get_toast (page) != NULL);

  /* One by its check box, as a user does; the rest through the page. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (row_of (page, "lv-ok")), FB_TYPE_REQUEST_ROW, "select_button")), TRUE);
  g_assert_cmpuint (fb_requests_page_get_n_selected (page), ==, 1);
  fb_requests_page_set_selected (page, "lv-sick", TRUE);
  fb_requests_page_set_selected (page, "lv-late", TRUE);
  fb_requests_page_set_selected (page, "sw-ok", TRUE);
  fb_requests_page_set_selected (page, "sw-grade", TRUE);
  /* Not for this role: selectable, and skipped with the reason. */
  fb_requests_page_set_selected (page, "lv-long", TRUE);
  g_assert_cmpuint (fb_requests_page_get_n_selected (page), ==, 6);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "requests.approve-selected", NULL));
  g_assert_nonnull (fb_requests_page_get_toast (page));
  g_assert_cmpstr (adw_toast_get_title (fb_requests_page_get_toast (page)), ==, "Approved 2 requests");
  message = fb_requests_page_get_batch_message (page);
  g_assert_true (g_str_has_prefix (message, "Approved 2; skipped 4 requests that do not pass every check:"));
  g_assert_nonnull (strstr (message, "\n• 상담원 1, Vacation: needs a reason: approve it on its own"));
  g_assert_nonnull (strstr (message, "\n• 상담원 3, Sick leave: Sick leave needs a medical certificate"));
  g_assert_nonnull (strstr (message, "\n• 상담원 4, Vacation: Leave of more than one day is approved by the center director"));
  g_assert_nonnull (strstr (message, "\n• 상담원 1 ⇄ 상담원 2, Shift swap: 상담원 1 and 상담원 2 are not of the same grade"));
  g_assert_true (fb_request_row_get_state (row_of (page, "lv-ok"))->held);
  g_assert_true (fb_request_row_get_state (row_of (page, "sw-ok"))->held);
  g_assert_cmpuint (fb_requests_page_get_n_selected (page), ==, 4);
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (row_of (page, "lv-ok")), FB_TYPE_REQUEST_ROW, "select_button"))));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (row_of (page, "lv-sick")), FB_TYPE_REQUEST_ROW, "select_button"))));

  fb_requests_page_flush (page);
  g_assert_true (fb_test_wait_until (server_status_is, &ok, 20000));
  g_assert_true (fb_test_wait_until (server_status_is, &swap, 20000));
  g_assert_true (fb_test_wait_until (no_pending, engine, 20000));
  for (guint i = 0; i < G_N_ELEMENTS (pending); i++)
    {
      g_autoptr(JsonObject) row = server_row (f->store, g_str_has_prefix (pending[i], "sw") ? "swap_request" : "leave_request",
                                              pending[i], NULL);

      g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "pending");
    }

  fb_test_destroy_window (window);
  fb_sync_engine_stop (engine);
}

static void
assert_cannot_decide (FbRequestsPage *page,
                      const char     *id,
                      const char     *reason)
{
  FbRequestRow *row = row_of (page, id);
  g_autofree char *text = g_strdup_printf ("Cannot decide: %s", reason);

  assert_refused (row, FB_DECISION_APPROVE, reason);
  assert_refused (row, FB_DECISION_REJECT, reason);
  g_assert_cmpstr (fb_request_row_get_refusal (row), ==, text);
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (row), "request.approve", NULL) &&
                  fb_requests_page_get_toast (page) != NULL);
}

/* Who may decide what: disabled with the rules' reason, in words. */
static void
test_roles (void)
{
  g_autoptr(FbTestFixture) f = fixture_new ();
  g_autoptr(FbSyncEngine) engine = NULL;
  FbRequestsPage *page;
  FbWindow *window;

  /* A supervisor decides swaps, not leave. */
  window = open_window (f, "sup", "u-sup", &engine);
  page = page_of (window);
  assert_cannot_decide (page, "lv-ok", "Leave is decided by a department head or the center director");
  assert_cannot_decide (page, "lv-late", "Leave is decided by a department head or the center director");
  {
    g_autofree char *checks = fb_request_row_dup_checks (row_of (page, "lv-sick"));

    /* The rule it breaks is shown too, beside the role's. */
    g_assert_cmpstr (checks, ==, "⊘ Not for your role: Leave is decided by a department head or the center director\n"
                                 "✗ Breaks a rule: Sick leave needs a medical certificate");
  }
  g_assert_true (gtk_widget_get_sensitive (fb_request_row_get_button (row_of (page, "sw-ok"), FB_DECISION_APPROVE)));
  g_assert_cmpstr (fb_request_row_get_refusal (row_of (page, "sw-ok")), ==, "");

  /* A QA inspector decides nothing here. */
  fb_test_sign_in (window, engine, f->url, "qa", "u-qa", rows_cached, NULL);
  assert_cannot_decide (page, "lv-ok", "Leave is decided by a department head or the center director");
  assert_cannot_decide (page, "sw-ok", "Swaps are decided by the shift leaders, a supervisor or a manager");
  fb_requests_page_set_selected (page, "sw-ok", TRUE);
  g_assert_cmpuint (fb_requests_page_get_n_selected (page), ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "requests.approve-selected", NULL));
  g_assert_null (fb_requests_page_get_toast (page));
  g_assert_true (g_str_has_prefix (fb_requests_page_get_batch_message (page), "Approved 0; skipped 1 request"));
  g_assert_cmpuint (fb_sync_engine_get_pending_writes (engine), ==, 0);

  /* Signed out: the cache still shows them, and why nothing can be done. */
  fb_sync_engine_stop (engine);
  g_object_notify (G_OBJECT (engine), "state");
  fb_test_spin (200);
  assert_cannot_decide (page, "lv-ok", "Sign in to decide requests");

  fb_test_destroy_window (window);
}

/* A swap one leader has approved, seen by the other team's leader: the
 * note says what their approval does, never that both have agreed while
 * the status above counts 1 of 2. */
static void
test_half_approved_swap (void)
{
  g_autoptr(FbTestFixture) f = fixture_new ();
  g_autoptr(FbSyncEngine) engine = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *da = day (20), *db = day (22);
  g_autofree char *asked = iso (g_get_real_time () / G_USEC_PER_SEC - HOUR);
  g_autofree char *swap = NULL;
  g_autofree char *hash = fb_auth_hash_password (FB_TEST_PASSWORD, &error);
  g_autofree char *note = NULL;
  g_autofree char *checks = NULL;
  FbRequestRow *row;
  FbWindow *window;

  g_assert_no_error (error);
  g_assert_true (fb_server_store_begin (f->store, &error));
  fb_test_put (f->store, "team", "team-2",
               "{\"id\":\"team-2\",\"name\":\"주간 2팀\",\"shift\":\"day\",\"start\":\"08:00\",\"end\":\"20:00\"}");
  fb_test_put (f->store, "agent", "agent-005",
               "{\"id\":\"agent-005\",\"name\":\"상담원 5\",\"employee_no\":\"CS-0005\",\"grade\":\"junior\","
               "\"team_id\":\"team-2\",\"state\":\"available\",\"queue_id\":\"q-01\"}");
  fb_test_put (f->store, "user", "u-lead2",
               "{\"id\":\"u-lead2\",\"username\":\"lead2\",\"name\":\"이 반장\",\"role\":\"shift_leader\","
               "\"team_id\":\"team-2\"}");
  g_assert_true (fb_server_store_add_credentials (f->store, "lead2", "u-lead2", hash, &error));
  g_assert_no_error (error);
  /* agent-003 (team 1, junior) with agent-005 (team 2, junior): team 1's
   * leader has approved. */
  swap = g_strdup_printf ("{\"id\":\"sw-half\",\"agent_a\":\"agent-003\",\"agent_b\":\"agent-005\",\"date_a\":\"%s\","
                          "\"shift_a\":\"day\",\"date_b\":\"%s\",\"shift_b\":\"day\",\"reason\":\"병원\","
                          "\"submitted_at\":\"%s\",\"status\":\"pending\",\"leader_a_approved\":true,"
                          "\"leader_b_approved\":false}", da, db, asked);
  fb_test_put (f->store, "swap_request", "sw-half", swap);
  g_assert_true (fb_server_store_commit (f->store, &error));

  window = open_window (f, "lead2", "u-lead2", &engine);
  row = row_of (page_of (window), "sw-half");
  g_assert_cmpstr (fb_request_row_get_status (row), ==, "Pending — 1 of 2 shift leaders approved");
  checks = fb_request_row_dup_checks (row);
  note = g_strdup_printf ("ℹ Note: %s", "Your approval completes the shift leaders’ agreement; "
                          "a supervisor or manager then gives the final approval");
  g_assert_cmpstr (checks, ==, note);
  /* Nothing in the row says the agreement is there already. */
  g_assert_null (strstr (checks, "agree:"));
  g_assert_null (strstr (checks, "both shift leaders approved"));
  g_assert_true (gtk_widget_get_sensitive (fb_request_row_get_button (row, FB_DECISION_APPROVE)));

  fb_test_destroy_window (window);
  fb_sync_engine_stop (engine);
}

/* Closing the window while a decision waits for Undo sends it. */
static void
test_close_sends (void)
{
  g_autoptr(FbTestFixture) f = fixture_new ();
  g_autoptr(FbSyncEngine) engine = NULL;
  WaitServer approved = { f->store, "leave_request", "lv-ok", "approved" };
  FbRequestsPage *page;
  FbWindow *window;

  window = open_window (f, "mgr", "u-mgr", &engine);
  page = page_of (window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row_of (page, "lv-ok")), "request.approve", NULL));
  g_assert_nonnull (fb_requests_page_get_toast (page));
  g_assert_cmpuint (fb_sync_engine_get_pending_writes (engine), ==, 0);

  fb_test_destroy_window (window);
  g_assert_true (fb_test_wait_until (server_status_is, &approved, 20000));
  g_assert_true (fb_test_wait_until (no_pending, engine, 20000));
  fb_sync_engine_stop (engine);
}

/* The cached agent-NNN has @member = @value. */
typedef struct
{
  const char *cache_path;
  const char *id;
  const char *needle;
} WaitCache;

static gboolean
cache_row_has (gpointer data)
{
  WaitCache *w = data;
  g_autoptr(FbStore) cache = fb_store_open (w->cache_path, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, NULL);
  g_autoptr(FbChange) row = cache ? fb_store_get_row (cache, "agent", w->id, NULL) : NULL;

  return row != NULL && strstr (row->data, w->needle) != NULL;
}

static void
put_agent (FbTestFixture *f,
           const char    *id,
           const char    *grade,
           const char    *state)
{
  g_autofree char *json = g_strdup_printf ("{\"id\":\"%s\",\"name\":\"상담원 2\",\"employee_no\":\"CS-0002\","
                                           "\"grade\":\"%s\",\"team_id\":\"team-1\",\"state\":\"%s\","
                                           "\"queue_id\":\"q-01\"}", id, grade, state);

  fb_test_put (f->store, "agent", id, json);
}

static gboolean
grade_rule_gone (gpointer data)
{
  GtkWidget *row = fb_requests_page_get_row (data, "sw-grade");
  g_autofree char *checks = row ? fb_request_row_dup_checks (FB_REQUEST_ROW (row)) : NULL;

  return checks != NULL && strstr (checks, "grade") == NULL;
}

/* A live floor changes agents' states every second: that is not the
 * rules' business and costs no rebuild; a change of grade is, and shows. */
static void
test_agent_changes (void)
{
  g_autoptr(FbTestFixture) f = fixture_new ();
  g_autoptr(FbSyncEngine) engine = NULL;
  WaitCache on_break = { f->cache_path, "agent-002", "\"state\":\"break\"" };
  FbRequestsPage *page;
  FbWindow *window;
  guint before;

  window = open_window (f, "mgr", "u-mgr", &engine);
  page = page_of (window);
  {
    g_autofree char *checks = fb_request_row_dup_checks (row_of (page, "sw-grade"));
    g_assert_nonnull (strstr (checks, "grade"));
  }
  fb_test_spin (300);
  before = fb_requests_page_get_n_rebuilds (page);

  put_agent (f, "agent-002", "senior", "break");
  g_assert_true (fb_test_wait_until (cache_row_has, &on_break, 20000));
  fb_test_spin (300);
  g_assert_cmpuint (fb_requests_page_get_n_rebuilds (page), ==, before);

  /* agent-002 becomes intermediate like agent-001: the swap passes. */
  put_agent (f, "agent-002", "intermediate", "break");
  g_assert_true (fb_test_wait_until (grade_rule_gone, page, 20000));
  g_assert_cmpuint (fb_requests_page_get_n_rebuilds (page), >, before);
  fb_test_destroy_window (window);
  fb_sync_engine_stop (engine);
}

/* The rules count days and shifts on the center clock of the page's
 * cache, in the zone it keeps, not a fixed +9 h. */
static void
test_center_zone (void)
{
  FbTestZoneCache z = { 0 };
  g_autoptr(FbContext) context = NULL;
  GtkWidget *page;

  if (!fb_test_zone_cache_open (&z, "America/Sao_Paulo"))
    return;

  context = fb_context_new (z.store, z.engine, NULL);
  page = g_object_ref_sink (fb_requests_page_new ());
  g_object_set (page, "context", context, NULL);
  g_assert_cmpstr (g_time_zone_get_identifier (_fb_requests_page_get_time_zone (FB_REQUESTS_PAGE (page))), ==,
                   "America/Sao_Paulo");
  g_object_unref (page);
  g_clear_object (&context);

  fb_test_zone_cache_close (&z);
}

/* For screenshots (FB_TEST_SHOW=seconds): the page as a manager sees it. */
static void
test_show (void)
{
  g_autoptr(FbTestFixture) f = fixture_new ();
  g_autoptr(FbSyncEngine) engine = NULL;
  FbWindow *window = open_window (f, "mgr", "u-mgr", &engine);
  FbRequestsPage *page = page_of (window);

  fb_requests_page_set_selected (page, "lv-ok", TRUE);
  fb_requests_page_set_selected (page, "lv-sick", TRUE);
  gtk_widget_activate_action (GTK_WIDGET (row_of (page, "sw-ok")), "request.approve", NULL);
  fb_test_spin (fb_test_show_ms ());
  fb_test_destroy_window (window);
  fb_sync_engine_stop (engine);
}

int
main (int   argc,
      char *argv[])
{
  if (!fb_test_gui_init (&argc, &argv))
    return 77;

  app = fb_test_gui_app_new ("org.floorboard.Floorboard.TestRequests");

  if (g_getenv ("FB_TEST_SHOW") != NULL)
    g_test_add_func ("/ui/requests/show", test_show);
  else
    {
      g_test_add_func ("/ui/requests/rows", test_rows);
      g_test_add_func ("/ui/requests/approve-undo-deliver", test_approve_undo_deliver);
      g_test_add_func ("/ui/requests/reasons", test_reasons);
      g_test_add_func ("/ui/requests/approve-selected", test_approve_selected);
      g_test_add_func ("/ui/requests/roles", test_roles);
      g_test_add_func ("/ui/requests/half-approved-swap", test_half_approved_swap);
      g_test_add_func ("/ui/requests/close-sends", test_close_sends);
      g_test_add_func ("/ui/requests/agent-changes", test_agent_changes);
      g_test_add_func ("/ui/requests/center-zone", test_center_zone);
    }

  return fb_test_gui_run (app);
}
