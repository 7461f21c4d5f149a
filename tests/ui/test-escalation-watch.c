/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-escalation-watch.c: alerts for new critical cases and deadlines,
 * told once each, from a real cache. */
#define G_LOG_DOMAIN "test-escalation-watch"

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "fb-entity.h"
#include "fb-escalation-rules.h"
#include "fb-escalation-watch.h"
#include "fb-row-list.h"
#include "fb-store.h"
#include "fb-test-cache.h"
#include "fb-test-fixture.h"

typedef struct
{
  char       *dir;
  FbStore    *store;
  FbRowList  *list;
  GPtrArray  *alerts;   /* "id:alert" */
  gint64      version;
} Fixture;

static void
alert_cb (FbEscalationWatch *watch,
          const char        *id,
          int                alert,
          const char        *summary,
          Fixture           *fx)
{
  g_assert_nonnull (summary);
  g_ptr_array_add (fx->alerts, g_strdup_printf ("%s:%d", id, alert));
}

static void
put_case (Fixture    *fx,
          const char *id,
          const char *severity,
          const char *status,
          gint64      raised_at,
          gint64      dispatched_at)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *raised = fb_timestamp_to_iso (raised_at);
  g_autofree char *dispatch = NULL, *response = NULL, *callback = NULL, *dispatched = NULL;
  g_autofree char *json = NULL;
  g_autofree char *dispatched_iso = dispatched_at ? fb_timestamp_to_iso (dispatched_at) : NULL;
  const char *ids[] = { id, NULL };
  gint64 d, r, c;

  fb_escalation_deadlines (raised_at, &d, &r, &c);
  dispatch = fb_timestamp_to_iso (d);
  response = fb_timestamp_to_iso (r);
  callback = fb_timestamp_to_iso (c);
  dispatched = dispatched_at ? g_strdup_printf (",\"dispatched_at\":\"%s\"", dispatched_iso) : g_strdup ("");
  json = g_strdup_printf ("{\"id\":\"%s\",\"customer_ref\":\"010-****-1234\",\"category\":\"complaint\","
                          "\"severity\":\"%s\",\"summary\":\"요금 이중 청구 %s\",\"raised_by\":\"u-1\","
                          "\"raised_at\":\"%s\",\"level\":\"shift_leader\",\"status\":\"%s\","
                          "\"dispatch_due\":\"%s\",\"response_due\":\"%s\",\"callback_due\":\"%s\"%s}",
                          id, severity, id, raised, status, dispatch, response, callback, dispatched);
  fb_test_cache_put_normalized (fx->store, "escalation", id, ++fx->version, json);
  g_assert_true (fb_row_list_update (fx->list, ids, &error));
  g_assert_no_error (error);
}

static gboolean
has_alert (Fixture    *fx,
           const char *id,
           int         alert)
{
  g_autofree char *want = g_strdup_printf ("%s:%d", id, alert);

  for (guint i = 0; i < fx->alerts->len; i++)
    if (g_str_equal (g_ptr_array_index (fx->alerts, i), want))
      return TRUE;
  return FALSE;
}

static gboolean
due_soon_told (gpointer data)
{
  return has_alert (data, "e-timer", FB_ESCALATION_ALERT_DUE_SOON);
}

static void
test_watch (void)
{
  Fixture fx = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(FbEscalationWatch) watch = NULL;
  g_autofree char *path = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  fx.dir = g_dir_make_tmp ("fb-watch-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fx.dir, "cache.db", NULL);
  fx.store = fb_store_open (path, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, &error);
  g_assert_no_error (error);
  fx.list = fb_row_list_new (fx.store, "escalation");
  fx.alerts = g_ptr_array_new_with_free_func (g_free);

  /* In the cache before the watch starts: overdue and critical, not news. */
  put_case (&fx, "e-old", "critical", "raised", now - 2 * 3600, 0);
  watch = fb_escalation_watch_new (G_LIST_MODEL (fx.list));
  fb_escalation_watch_set_lead_time (watch, 600);
  g_signal_connect (watch, "alert", G_CALLBACK (alert_cb), &fx);
  g_assert_cmpuint (fx.alerts->len, ==, 0);
  g_assert_cmpint (fb_escalation_watch_get_next_wakeup (watch), ==, 0);

  /* New and critical: told; its dispatch deadline is an hour away, so the
   * watch wakes 10 minutes before it and not before. */
  put_case (&fx, "e-crit", "critical", "raised", now, 0);
  g_assert_true (has_alert (&fx, "e-crit", FB_ESCALATION_ALERT_NEW_CRITICAL));
  g_assert_false (has_alert (&fx, "e-crit", FB_ESCALATION_ALERT_DUE_SOON));
  g_assert_cmpint (fb_escalation_watch_get_next_wakeup (watch), ==, now + 3600 - 600);

  /* New, normal, due in 5 minutes: due soon at once, once. */
  put_case (&fx, "e-soon", "normal", "raised", now - 55 * 60, 0);
  g_assert_true (has_alert (&fx, "e-soon", FB_ESCALATION_ALERT_DUE_SOON));
  g_assert_false (has_alert (&fx, "e-soon", FB_ESCALATION_ALERT_NEW_CRITICAL));
  g_assert_false (has_alert (&fx, "e-soon", FB_ESCALATION_ALERT_BREACHED));
  g_assert_cmpint (fb_escalation_watch_get_next_wakeup (watch), ==, now + 5 * 60);
  put_case (&fx, "e-soon", "normal", "raised", now - 55 * 60, 0);
  g_assert_cmpuint (fx.alerts->len, ==, 2);

  /* Dispatch deadline already passed: breached, without "due soon". */
  put_case (&fx, "e-late", "high", "raised", now - 61 * 60, 0);
  g_assert_true (has_alert (&fx, "e-late", FB_ESCALATION_ALERT_BREACHED));
  g_assert_false (has_alert (&fx, "e-late", FB_ESCALATION_ALERT_DUE_SOON));
  g_assert_cmpuint (fx.alerts->len, ==, 3);

  /* Taken: it races its response deadline now (23 h away), no alert. */
  put_case (&fx, "e-late", "high", "in_progress", now - 61 * 60, now);
  g_assert_cmpuint (fx.alerts->len, ==, 3);

  /* The timer tells what becomes due soon while nothing changes. */
  put_case (&fx, "e-timer", "normal", "raised", now - 3600 + 600 + 2, 0);
  g_assert_false (due_soon_told (&fx));
  g_assert_true (fb_test_wait_until (due_soon_told, &fx, 6000));

  /* A longer lead brings the critical case's warning forward. */
  fb_escalation_watch_set_lead_time (watch, 2 * 3600);
  g_assert_true (has_alert (&fx, "e-crit", FB_ESCALATION_ALERT_DUE_SOON));

  /* Nothing open: nothing to wait for, no timer. */
  put_case (&fx, "e-old", "critical", "closed", now - 2 * 3600, now);
  put_case (&fx, "e-crit", "critical", "resolved", now, now);
  put_case (&fx, "e-soon", "normal", "closed", now - 55 * 60, now);
  put_case (&fx, "e-late", "high", "closed", now - 61 * 60, now);
  put_case (&fx, "e-timer", "normal", "closed", now, now);
  g_assert_cmpint (fb_escalation_watch_get_next_wakeup (watch), ==, 0);

  g_clear_object (&watch);
  g_clear_object (&fx.list);
  g_clear_object (&fx.store);
  g_ptr_array_unref (fx.alerts);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", fx.dir);
    g_assert_cmpint (system (cmd), ==, 0);
  }
  g_free (fx.dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/escalation-watch/alerts", test_watch);
  return g_test_run ();
}
