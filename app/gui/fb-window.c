/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-window.c */
#define G_LOG_DOMAIN "floorboard"

#include <glib/gi18n.h>
#include <string.h>

#include "fb-connect-page.h"
#include "fb-context.h"
#include "fb-deadlines-panel.h"
#include "fb-duty-report-dialog.h"
#include "fb-entity.h"
#include "fb-escalation-watch.h"
#include "fb-escalations-page.h"
#include "fb-floor-page.h"
#include "fb-memory.h"
#include "fb-preferences-window.h"
#include "fb-quality-page.h"
#include "fb-queue-stats.h"
#include "fb-requests-page.h"
#include "fb-row.h"
#include "fb-row-list.h"
#include "fb-seat-map.h"
#include "fb-status-bar.h"
#include "fb-summary-page.h"
#include "fb-store.h"
#include "fb-sync-engine.h"
#include "fb-table-page.h"
#include "fb-window.h"

struct _FbWindow
{
  AdwApplicationWindow  parent_instance;

  gboolean              forget_sign_in;  /* the demo's: not offered next time */
  GtkStack             *main_stack;
  AdwViewStack         *view_stack;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar   *switcher_bar;
  FbConnectPage        *connect_page;
  FbFloorPage          *floor_page;
  FbEscalationsPage    *escalations_page;
  FbQualityPage        *quality_page;
  FbRequestsPage       *requests_page;
  FbTablePage          *leave_page;
  FbTablePage          *swap_page;
  FbTablePage          *reports_page;
  FbSummaryPage        *summary_page;
  FbTablePage          *audit_page;
  GtkStackPage         *audit_stack_page;
  GtkWidget            *duty_bar;
  GtkLabel             *handover_label;
  GtkWidget            *acknowledge_button;
  char                 *handover_id;  /* the report waiting to be acknowledged */
  guint                 shift_turn_id; /* the next shift's start: a new handover */
  FbStatusBar          *status_bar;
  AdwToastOverlay      *toast_overlay;

  /* What the pages share; the four below are its parts, for brevity. */
  FbContext            *context;
  GSettings            *settings;
  FbStore              *store;
  FbSyncEngine         *engine;
  GHashTable           *names;      /* id -> display name */
  GPtrArray            *lists;      /* FbRowList, reloaded together */
  FbRowList            *agents;
  FbRowList            *users;
  GHashTable           *refusals;   /* row key -> Refusal shown, until a later write is taken */
  FbEscalationWatch    *watch;
};

G_DEFINE_FINAL_TYPE (FbWindow, fb_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const FbColumn leave_columns[] = {
  { N_("Submitted"), "submitted_at", FB_COLUMN_TIME },
  { N_("Agent"), "agent_id", FB_COLUMN_NAME },
  { N_("Type"), "type", FB_COLUMN_LABEL },
  { N_("From"), "start_date", FB_COLUMN_TEXT },
  { N_("To"), "end_date", FB_COLUMN_TEXT },
  { N_("Reason"), "reason", FB_COLUMN_TEXT },
  { N_("Certificate"), "certificate", FB_COLUMN_BOOL },
  { N_("Status"), "status", FB_COLUMN_LABEL },
  { N_("Decided By"), "decided_by", FB_COLUMN_NAME },
};

static const FbColumn swap_columns[] = {
  { N_("Submitted"), "submitted_at", FB_COLUMN_TIME },
  { N_("Agent A"), "agent_a", FB_COLUMN_NAME },
  { N_("Date A"), "date_a", FB_COLUMN_TEXT },
  { N_("Shift A"), "shift_a", FB_COLUMN_LABEL },
  { N_("Agent B"), "agent_b", FB_COLUMN_NAME },
  { N_("Date B"), "date_b", FB_COLUMN_TEXT },
  { N_("Shift B"), "shift_b", FB_COLUMN_LABEL },
  { N_("Leader A"), "leader_a_approved", FB_COLUMN_BOOL },
  { N_("Leader B"), "leader_b_approved", FB_COLUMN_BOOL },
  { N_("Status"), "status", FB_COLUMN_LABEL },
};

/* Who did what to whom: every write and every refusal, newest first. */
static const FbColumn audit_columns[] = {
  { N_("When"), "at", FB_COLUMN_TIME },
  { N_("Who"), "actor", FB_COLUMN_NAME },
  { N_("Action"), "action", FB_COLUMN_TEXT },
  { N_("Kind"), "target_type", FB_COLUMN_TEXT },
  { N_("Target"), "target_id", FB_COLUMN_TEXT },
};

static const FbColumn report_columns[] = {
  { N_("Date"), "date", FB_COLUMN_TEXT },
  { N_("Shift"), "shift", FB_COLUMN_LABEL },
  { N_("Author"), "author", FB_COLUMN_NAME },
  { N_("Consultations"), "consultations", FB_COLUMN_NUMBER },
  { N_("Inquiries"), "inquiries", FB_COLUMN_NUMBER },
  { N_("Complaints"), "complaints", FB_COLUMN_NUMBER },
  { N_("Issue Summary"), "issue_summary", FB_COLUMN_TEXT },
  { N_("Status"), "status", FB_COLUMN_LABEL },
  { N_("Reviewed By"), "reviewed_by", FB_COLUMN_NAME },
};

static void
add_name (GHashTable *names,
          FbRow      *row)
{
  JsonNode *name = fb_row_lookup (row, "name");

  if (name != NULL && JSON_NODE_HOLDS_VALUE (name) && json_node_get_value_type (name) == G_TYPE_STRING)
    g_hash_table_replace (names, g_strdup (fb_row_get_id (row)), g_strdup (json_node_get_string (name)));
}

/* Names of @list's rows: all of them, or only those of @ids (a sync page
 * of agents' states must not walk the whole floor). */
static void
add_names (GHashTable         *names,
           FbRowList          *list,
           const char * const *ids)
{
  if (ids != NULL)
    {
      for (guint i = 0; ids[i] != NULL; i++)
        {
          FbRow *row = fb_row_list_lookup (list, ids[i]);

          if (row != NULL)
            add_name (names, row);
        }
      return;
    }
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(FbRow) row = g_list_model_get_item (G_LIST_MODEL (list), i);

      add_name (names, row);
    }
}

void
fb_window_reload (FbWindow *self)
{
  g_return_if_fail (FB_IS_WINDOW (self));

  /* Names first: the tables show them when their rows change. */
  g_hash_table_remove_all (self->names);
  for (guint i = 0; i < self->lists->len; i++)
    {
      g_autoptr(GError) error = NULL;
      FbRowList *list = g_ptr_array_index (self->lists, i);
      gint64 start = g_get_monotonic_time ();

      if (!fb_row_list_reload (list, &error))
        g_warning ("Cannot read the cache: %s", error->message);
      g_debug ("Loaded %u %s rows in %.1f ms", g_list_model_get_n_items (G_LIST_MODEL (list)),
               fb_row_list_get_kind (list), (g_get_monotonic_time () - start) / 1000.0);
      if (list == self->agents || list == self->users)
        add_names (self->names, list, NULL);
    }
  fb_floor_page_refresh_intervals (self->floor_page);
  fb_summary_page_cache_changed (self->summary_page, NULL);
  /* Every list was read anew: the rows they replaced are freed now. */
  fb_memory_release ();
}

/* One list per kind, shared by every page that shows it. */
static void forget_past_refusals (FbWindow           *self,
                                  const char * const *keys);

/* Applies only what a sync page changed, list by list. */
static void
engine_changed_cb (FbWindow           *self,
                   const char * const *keys)
{
  g_autoptr(GHashTable) by_kind = NULL;

  /* A page may carry another zone from the server: the clock reads it
   * again and tells the pages that follow it. */
  fb_context_get_clock (self->context);
  forget_past_refusals (self, keys);
  if (keys == NULL)
    {
      fb_window_reload (self);
      return;
    }

  by_kind = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      const char *sep = strstr (keys[i], FB_SYNC_KEY_SEPARATOR);
      g_autofree char *kind = NULL;
      GPtrArray *ids;

      if (sep == NULL)
        continue;
      kind = g_strndup (keys[i], sep - keys[i]);
      if (!(ids = g_hash_table_lookup (by_kind, kind)))
        {
          ids = g_ptr_array_new ();
          g_hash_table_insert (by_kind, g_strdup (kind), ids);
        }
      g_ptr_array_add (ids, (gpointer) (sep + strlen (FB_SYNC_KEY_SEPARATOR)));
    }

  for (guint i = 0; i < self->lists->len; i++)
    {
      FbRowList *list = g_ptr_array_index (self->lists, i);
      GPtrArray *ids = g_hash_table_lookup (by_kind, fb_row_list_get_kind (list));
      g_autoptr(GError) error = NULL;

      if (ids == NULL)
        continue;
      g_ptr_array_add (ids, NULL);
      /* Names first, so tables showing them see the new ones. */
      if (list == self->agents || list == self->users)
        {
          if (!fb_row_list_update (list, (const char * const *) ids->pdata, &error))
            g_warning ("Cannot read the cache: %s", error->message);
          add_names (self->names, list, (const char * const *) ids->pdata);
        }
    }
  if (g_hash_table_contains (by_kind, "queue_interval"))
    fb_floor_page_refresh_intervals (self->floor_page);
  {
    g_autofree const char **kinds = (const char **) g_hash_table_get_keys_as_array (by_kind, NULL);

    fb_summary_page_cache_changed (self->summary_page, kinds);
  }
  for (guint i = 0; i < self->lists->len; i++)
    {
      FbRowList *list = g_ptr_array_index (self->lists, i);
      GPtrArray *ids = g_hash_table_lookup (by_kind, fb_row_list_get_kind (list));
      g_autoptr(GError) error = NULL;

      if (ids == NULL || list == self->agents || list == self->users)
        continue;
      if (!fb_row_list_update (list, (const char * const *) ids->pdata, &error))
        g_warning ("Cannot read the cache: %s", error->message);
    }
}

static FbRowList *
add_list (FbWindow   *self,
          const char *kind)
{
  FbRowList *list;

  for (guint i = 0; i < self->lists->len; i++)
    if (g_str_equal (fb_row_list_get_kind (g_ptr_array_index (self->lists, i)), kind))
      return g_ptr_array_index (self->lists, i);
  list = fb_row_list_new (self->store, kind);
  g_ptr_array_add (self->lists, list);
  return list;
}

static void
setup_table (FbWindow       *self,
             FbTablePage    *page,
             const char     *kind,
             const char     *label,
             const FbColumn *columns,
             guint           n_columns,
             guint           sort_column,
             GtkSortType     sort_type)
{
  FbRowList *list = add_list (self, kind);

  /* What a screen reader calls the table. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (fb_table_page_get_view (page)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);

  fb_table_page_set_rows (page, G_LIST_MODEL (list), columns, n_columns, sort_column, sort_type);
}

const char *
fb_window_get_visible_view (FbWindow *self)
{
  g_return_val_if_fail (FB_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->main_stack);
}

/* The page switchers and the status belong to the dashboard only. */
static void
update_chrome (FbWindow *self)
{
  gboolean dashboard = g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "dashboard") == 0;

  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, dashboard);
  adw_view_switcher_bar_set_reveal (self->switcher_bar,
                                    dashboard && adw_view_switcher_title_get_title_visible (self->switcher_title));
  gtk_widget_set_visible (GTK_WIDGET (self->status_bar), dashboard);
}

static void
show_dashboard (FbWindow *self)
{
  gtk_stack_set_visible_child_name (self->main_stack, "dashboard");
  update_chrome (self);
}

/* The demo floor's address and user are not the ones to offer at the
 * next sign-in: signing in to it leaves them as they were. */
void
fb_window_set_forget_sign_in (FbWindow *self,
                              gboolean  forget)
{
  g_return_if_fail (FB_IS_WINDOW (self));
  self->forget_sign_in = !!forget;
}

void
fb_window_show_connect (FbWindow *self)
{
  g_autofree char *url = NULL;
  g_autofree char *user = NULL;

  g_return_if_fail (FB_IS_WINDOW (self));

  url = g_settings_get_string (self->settings, "server-url");
  user = g_settings_get_string (self->settings, "username");
  fb_connect_page_set_defaults (self->connect_page, url, user);
  gtk_stack_set_visible_child_name (self->main_stack, "connect");
  update_chrome (self);
}

static void
signed_in_cb (FbWindow *self)
{
  const char *url = fb_sync_engine_get_server_url (self->engine);
  const char *user = fb_sync_engine_get_username (self->engine);

  /* Remembered to fill the form next time; the password never is. */
  if (self->forget_sign_in)
    url = user = NULL;
  if (url != NULL)
    g_settings_set_string (self->settings, "server-url", url);
  if (user != NULL)
    g_settings_set_string (self->settings, "username", user);
  show_dashboard (self);
}

/* Alt+1…5: the pages in the order of the switcher. */
static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  FbWindow *self = FB_WINDOW (widget);
  const char *name = g_variant_get_string (param, NULL);

  if (adw_view_stack_get_child_by_name (self->view_stack, name) == NULL ||
      g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "dashboard") != 0)
    return;
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

static void
sync_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  fb_sync_engine_sync_now (FB_WINDOW (widget)->engine);
}

static void
show_connect_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  fb_window_show_connect (FB_WINDOW (widget));
}

static void
signed_out_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(FbWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  /* Signed out here either way; say so if the server did not hear it. */
  if (!fb_sync_engine_sign_out_finish (FB_SYNC_ENGINE (object), result, &error))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static void
sign_out_now (FbWindow *self)
{
  fb_sync_engine_sign_out_async (self->engine, NULL, signed_out_cb, g_object_ref (self));
  fb_window_show_connect (self);
}

/* A signal handler, not a class override: libadwaita 1.2 has no
 * AdwMessageDialogClass->response to chain up to. */
static void
sign_out_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      FbWindow         *self)
{
  if (g_strcmp0 (response, "sign-out") == 0)
    sign_out_now (self);
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  FbWindow *self = FB_WINDOW (widget);
  guint n = fb_sync_engine_get_pending_writes (self->engine);
  g_autofree char *heading = NULL;
  AdwMessageDialog *dialog;

  if (n == 0)
    {
      sign_out_now (self);
      return;
    }

  /* The user's own writes still wait: they are kept and go when this user
   * signs in again (never in anyone else's session), but not before. */
  heading = g_strdup_printf (ngettext ("Sign out with %u change not yet sent?",
                                       "Sign out with %u changes not yet sent?", n), n);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading,
                                                       _("They stay on this computer and are sent "
                                                         "when you sign in again.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "sign-out", _("Sign _Out"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "sign-out", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (sign_out_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* For the second monitor: the floor, fullscreen, in large type. Kept in
 * GSettings ("wallboard"), so Preferences, F11 and the next start agree. */
static void
apply_wallboard (FbWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean on = g_settings_get_boolean (self->settings, "wallboard");

  if (on == gtk_widget_has_css_class (widget, "wallboard"))
    return;
  if (on)
    {
      gtk_widget_add_css_class (widget, "wallboard");
      adw_view_stack_set_visible_child_name (self->view_stack, "floor");
      gtk_window_fullscreen (GTK_WINDOW (self));
    }
  else
    {
      gtk_widget_remove_css_class (widget, "wallboard");
      gtk_window_unfullscreen (GTK_WINDOW (self));
    }
}

static void
wallboard_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  FbWindow *self = FB_WINDOW (widget);

  g_settings_set_boolean (self->settings, "wallboard", !g_settings_get_boolean (self->settings, "wallboard"));
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  gtk_window_present (GTK_WINDOW (fb_preferences_window_new (GTK_WINDOW (widget))));
}

static void
queue_alert_cb (FbWindow   *self,
                const char *queue_id,
                const char *name,
                int         level)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autofree char *notification_id = g_strdup_printf ("queue-%s", queue_id);
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = NULL;

  if (app == NULL)
    return;
  if (level != FB_ALERT_CRITICAL || !g_settings_get_boolean (self->settings, "notifications"))
    {
      g_application_withdraw_notification (app, notification_id);
      return;
    }
  /* Translators: %s is a queue's name */
  title = g_strdup_printf (_("%s needs attention"), name);
  notification = g_notification_new (title);
  g_notification_set_body (notification, _("The queue has reached its alert level."));
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  g_application_send_notification (app, notification_id, notification);
}

static void
escalation_alert_cb (FbWindow          *self,
                     const char        *id,
                     FbEscalationAlert  alert,
                     const char        *summary)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autofree char *notification_id = g_strdup_printf ("escalation-%s", id);
  g_autoptr(GNotification) notification = NULL;
  const char *title;

  if (app == NULL || !g_settings_get_boolean (self->settings, "notifications"))
    return;
  switch (alert)
    {
    case FB_ESCALATION_ALERT_NEW_CRITICAL:
      title = _("New critical escalation");
      break;
    case FB_ESCALATION_ALERT_DUE_SOON:
      title = _("Escalation deadline approaching");
      break;
    case FB_ESCALATION_ALERT_BREACHED:
    default:
      title = _("Escalation deadline passed");
      break;
    }
  notification = g_notification_new (title);
  g_notification_set_body (notification, summary);
  g_notification_set_priority (notification, alert == FB_ESCALATION_ALERT_DUE_SOON
                                               ? G_NOTIFICATION_PRIORITY_HIGH
                                               : G_NOTIFICATION_PRIORITY_URGENT);
  g_notification_set_default_action_and_target (notification, "app.show-escalation", "s", id);
  g_application_send_notification (app, notification_id, notification);
}

/* A refusal's toast stays until read, or until a later write of the same
 * row is taken by the server (its version moves past the refused one). */
typedef struct
{
  AdwToast *toast;
  gint64    version;
} Refusal;

static void
refusal_free (Refusal *refusal)
{
  g_clear_object (&refusal->toast);
  g_free (refusal);
}

static void
refusal_dismissed_cb (AdwToast *toast,
                      FbWindow *self)
{
  GHashTableIter iter;
  Refusal *refusal;

  if (self->refusals == NULL)
    return;
  g_hash_table_iter_init (&iter, self->refusals);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &refusal))
    if (refusal->toast == toast)
      g_hash_table_iter_remove (&iter);
}

static gint64
cached_version (FbWindow   *self,
                const char *key)
{
  const char *sep = strstr (key, FB_SYNC_KEY_SEPARATOR);
  g_autofree char *type = sep ? g_strndup (key, sep - key) : NULL;
  g_autoptr(FbChange) row = type ? fb_store_get_row (self->store, type, sep + strlen (FB_SYNC_KEY_SEPARATOR), NULL) : NULL;

  return row ? row->version : 0;
}

static void
remember_refusal (FbWindow   *self,
                  const char *row_type,
                  const char *row_id,
                  AdwToast   *toast)
{
  Refusal *refusal;
  char *key;

  if (row_type == NULL || row_id == NULL)
    return;
  key = g_strconcat (row_type, FB_SYNC_KEY_SEPARATOR, row_id, NULL);
  refusal = g_new0 (Refusal, 1);
  refusal->toast = g_object_ref (toast);
  refusal->version = cached_version (self, key);
  g_hash_table_replace (self->refusals, key, refusal);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (refusal_dismissed_cb), self, 0);
}

static void
forget_past_refusals (FbWindow           *self,
                      const char * const *keys)
{
  g_autoptr(GPtrArray) past = g_ptr_array_new ();

  for (guint i = 0; self->refusals != NULL && keys != NULL && keys[i] != NULL; i++)
    {
      Refusal *refusal = g_hash_table_lookup (self->refusals, keys[i]);

      if (refusal != NULL && cached_version (self, keys[i]) > refusal->version)
        g_ptr_array_add (past, g_object_ref (refusal->toast));
    }
  /* Dismissing removes the entry. */
  for (guint i = 0; i < past->len; i++)
    {
      adw_toast_dismiss (g_ptr_array_index (past, i));
      g_object_unref (g_ptr_array_index (past, i));
    }
}

/* The server said no: the row is back as it was; say why, once. */
static void
write_refused_cb (FbWindow   *self,
                  const char *row_type,
                  const char *row_id,
                  const char *code,
                  const char *message)
{
  g_autofree char *escaped = g_markup_escape_text (message ? message : "", -1);
  g_autofree char *title = NULL;
  AdwToast *toast;

  /* @message is already in the user's words (fb_refusal_describe()); a
   * toast's title is markup, and a server may quote anything in it. */
  /* Translators: %s is the server's reason */
  title = g_strdup_printf (_("The server refused a change: %s"), escaped);
  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, 0);
  remember_refusal (self, row_type, row_id, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static gboolean
lead_minutes_to_seconds (GValue   *value,
                         GVariant *variant,
                         gpointer  user_data)
{
  g_value_set_uint (value, g_variant_get_uint32 (variant) * 60);
  return TRUE;
}

/* The Escalations page on one case: from the Floor page's deadlines, a
 * notification or fb_window_show_escalation(). */
static void
show_escalation_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  FbWindow *self = FB_WINDOW (widget);

  show_dashboard (self);
  adw_view_stack_set_visible_child_name (self->view_stack, "escalations");
  fb_escalations_page_show_case (self->escalations_page, g_variant_get_string (param, NULL));
}

void
fb_window_show_escalation (FbWindow   *self,
                           const char *id)
{
  g_return_if_fail (FB_IS_WINDOW (self));
  g_return_if_fail (id != NULL);

  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-escalation", "s", id);
}

static void update_duty_bar (FbWindow *self);

static gboolean
shift_turn_cb (gpointer user_data)
{
  FbWindow *self = user_data;

  self->shift_turn_id = 0;
  update_duty_bar (self);
  return G_SOURCE_REMOVE;
}

/* Which handover waits changes with the data and when a shift starts: one
 * timer, to the next shift's start, and none for those who write none. */
static void
schedule_shift_turn (FbWindow *self,
                     gboolean  writer)
{
  FbCenterClock *clock = fb_context_get_clock (self->context);
  gint64 now = fb_center_clock_now (clock);
  gint64 end = 0;

  g_clear_handle_id (&self->shift_turn_id, g_source_remove);
  if (!writer)
    return;
  /* Shifts turn on the center's clock, whatever zone this machine is in. */
  fb_center_clock_shift_at (clock, now, NULL, NULL, &end);
  /* A second late, so the new shift is the running one. */
  self->shift_turn_id = g_timeout_add_seconds ((guint) MAX (end - now, 0) + 1, shift_turn_cb, self);
}

/* The Reports tab's bar: for those who write duty reports, with the
 * previous shift's report when it waits for them to take the handover. */
static void
update_duty_bar (FbWindow *self)
{
  g_autofree char *description = NULL;
  gboolean writer = fb_duty_report_role_can_write (fb_sync_engine_get_role (self->engine));

  g_free (self->handover_id);
  self->handover_id = fb_duty_report_find_handover (self->store, fb_sync_engine_get_user_id (self->engine),
                                                    fb_sync_engine_get_role (self->engine), self->names,
                                                    g_get_real_time () / G_USEC_PER_SEC, &description);
  gtk_widget_set_visible (self->duty_bar, writer);
  schedule_shift_turn (self, writer);
  gtk_label_set_text (self->handover_label, description ?: "");
  gtk_widget_set_visible (self->acknowledge_button, self->handover_id != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.acknowledge-handover", self->handover_id != NULL);
}

static void
duty_report_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  FbWindow *self = FB_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (fb_duty_report_dialog_new (GTK_WINDOW (self), self->engine,
                                                             self->store, self->names)));
}

/* A duty report of the summary opens in the dialog, as in the table. */
static void
summary_open_report_cb (FbWindow   *self,
                        const char *date,
                        const char *shift,
                        gpointer    page)
{
  FbDutyReportDialog *dialog;

  if (self->engine == NULL || self->store == NULL)
    return;
  dialog = fb_duty_report_dialog_new (GTK_WINDOW (self), self->engine, self->store, self->names);
  fb_duty_report_dialog_set_shift (dialog, date, g_strcmp0 (shift, "night") == 0 ? FB_SHIFT_NIGHT : FB_SHIFT_DAY);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A report of the table opens in the dialog (read-only for readers). */
static void
report_activated_cb (FbWindow *self,
                     guint     position)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (fb_table_page_get_view (self->reports_page)));
  g_autoptr(FbRow) row = g_list_model_get_item (model, position);
  const FbDutyReport *report = row ? fb_row_get_entity (row) : NULL;
  FbDutyReportDialog *dialog;

  if (report == NULL)
    return;
  dialog = fb_duty_report_dialog_new (GTK_WINDOW (self), self->engine, self->store, self->names);
  fb_duty_report_dialog_set_shift (dialog, report->date, report->shift);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
acknowledged_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(FbWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!fb_duty_report_acknowledge_finish (FB_SYNC_ENGINE (object), result, &error))
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
    }
  else
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("You acknowledged the handover")));
  update_duty_bar (self);
}

static void
acknowledge_handover_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  FbWindow *self = FB_WINDOW (widget);

  if (self->handover_id == NULL)
    return;
  gtk_widget_action_set_enabled (widget, "win.acknowledge-handover", FALSE);
  fb_duty_report_acknowledge_async (self->engine, self->store, self->handover_id, NULL,
                                    acknowledged_cb, g_object_ref (self));
}

static void
engine_state_cb (FbWindow *self)
{
  FbSyncState state = fb_sync_engine_get_state (self->engine);

  update_duty_bar (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out", state != FB_SYNC_STATE_SIGNED_OUT);
  /* The server sends the log to directors only; the page follows. */
  gtk_stack_page_set_visible (self->audit_stack_page,
                              g_strcmp0 (fb_sync_engine_get_role (self->engine), "director") == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync-now",
                                 state == FB_SYNC_STATE_ONLINE ||
                                 state == FB_SYNC_STATE_OFFLINE ||
                                 state == FB_SYNC_STATE_ERROR);
}

GtkWidget *
fb_window_get_connect_page (FbWindow *self)
{
  g_return_val_if_fail (FB_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->connect_page);
}

GtkWidget *
fb_window_get_floor_page (FbWindow *self)
{
  g_return_val_if_fail (FB_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->floor_page);
}

GObject *
fb_window_get_escalation_watch (FbWindow *self)
{
  g_return_val_if_fail (FB_IS_WINDOW (self), NULL);
  return G_OBJECT (self->watch);
}

GtkWidget *
fb_window_get_table_page (FbWindow   *self,
                          const char *name)
{
  g_return_val_if_fail (FB_IS_WINDOW (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (g_str_equal (name, "escalations"))
    return GTK_WIDGET (self->escalations_page);
  /* Not a table any more: an FbQualityPage. */
  if (g_str_equal (name, "quality"))
    return GTK_WIDGET (self->quality_page);
  /* An FbRequestsPage: the requests to decide. */
  if (g_str_equal (name, "requests"))
    return GTK_WIDGET (self->requests_page);
  if (g_str_equal (name, "leave"))
    return GTK_WIDGET (self->leave_page);
  if (g_str_equal (name, "swaps"))
    return GTK_WIDGET (self->swap_page);
  if (g_str_equal (name, "reports"))
    return GTK_WIDGET (self->reports_page);
  /* An FbTablePage of the audit log (shown to directors). */
  if (g_str_equal (name, "audit"))
    return GTK_WIDGET (self->audit_page);
  /* An FbSummaryPage: the director's daily summary. */
  if (g_str_equal (name, "summary"))
    return GTK_WIDGET (self->summary_page);
  return NULL;
}

static void
fb_window_dispose (GObject *object)
{
  FbWindow *self = (FbWindow *)object;

  g_clear_handle_id (&self->shift_turn_id, g_source_remove);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_WINDOW);
  g_clear_pointer (&self->lists, g_ptr_array_unref);
  g_clear_pointer (&self->refusals, g_hash_table_unref);
  g_clear_pointer (&self->handover_id, g_free);
  g_clear_object (&self->watch);
  self->engine = NULL;
  self->store = NULL;
  self->settings = NULL;
  self->names = NULL;
  g_clear_object (&self->context);

  G_OBJECT_CLASS (fb_window_parent_class)->dispose (object);
}

static void
fb_window_constructed (GObject *object)
{
  FbWindow *self = FB_WINDOW (object);

  G_OBJECT_CLASS (fb_window_parent_class)->constructed (object);

  g_assert (FB_IS_CONTEXT (self->context));
  self->store = fb_context_get_store (self->context);
  self->engine = fb_context_get_engine (self->context);
  self->settings = fb_context_get_settings (self->context);
  self->names = fb_context_get_names (self->context);

  /* Each page takes what it needs from the one context. */
  {
    GtkWidget *pages[] = {
      GTK_WIDGET (self->connect_page), GTK_WIDGET (self->floor_page), GTK_WIDGET (self->escalations_page),
      GTK_WIDGET (self->quality_page), GTK_WIDGET (self->requests_page), GTK_WIDGET (self->leave_page),
      GTK_WIDGET (self->swap_page), GTK_WIDGET (self->reports_page), GTK_WIDGET (self->summary_page),
      GTK_WIDGET (self->audit_page), GTK_WIDGET (self->status_bar),
    };

    for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
      g_object_set (pages[i], "context", self->context, NULL);
  }

  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "last-page", self->view_stack, "visible-child-name", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed::wallboard", G_CALLBACK (apply_wallboard), self,
                           G_CONNECT_SWAPPED);
  apply_wallboard (self);
}

static void
fb_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  FbWindow *self = FB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  FbWindow *self = FB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_window_class_init (FbWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fb_window_constructed;
  object_class->dispose = fb_window_dispose;
  object_class->get_property = fb_window_get_property;
  object_class->set_property = fb_window_set_property;

  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, FB_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FB_TYPE_CONNECT_PAGE);
  g_type_ensure (FB_TYPE_ESCALATIONS_PAGE);
  g_type_ensure (FB_TYPE_FLOOR_PAGE);
  g_type_ensure (FB_TYPE_SUMMARY_PAGE);
  g_type_ensure (FB_TYPE_QUALITY_PAGE);
  g_type_ensure (FB_TYPE_REQUESTS_PAGE);
  g_type_ensure (FB_TYPE_TABLE_PAGE);
  g_type_ensure (FB_TYPE_STATUS_BAR);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/floorboard/Floorboard/ui/fb-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FbWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, connect_page);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, floor_page);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, escalations_page);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, quality_page);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, requests_page);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, leave_page);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, swap_page);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, reports_page);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, summary_page);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, audit_page);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, audit_stack_page);
  gtk_widget_class_bind_template_callback (widget_class, summary_open_report_cb);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, duty_bar);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, handover_label);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, acknowledge_button);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, status_bar);
  gtk_widget_class_bind_template_callback (widget_class, signed_in_cb);

  gtk_widget_class_install_action (widget_class, "win.sync-now", NULL, sync_now_action);
  gtk_widget_class_install_action (widget_class, "win.show-connect", NULL, show_connect_action);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.sync-now", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.sync-now", NULL);
  gtk_widget_class_install_action (widget_class, "win.wallboard", NULL, wallboard_action);
  gtk_widget_class_install_action (widget_class, "win.show-escalation", "s", show_escalation_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_install_action (widget_class, "win.duty-report", NULL, duty_report_action);
  gtk_widget_class_install_action (widget_class, "win.acknowledge-handover", NULL, acknowledge_handover_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "win.wallboard", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK, "win.preferences", NULL);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  {
    static const char * const pages[] = { "floor", "escalations", "quality", "requests", "reports" };

    for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK, "win.show-page",
                                           "s", pages[i]);
  }
}

static void
fb_window_init (FbWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->lists = g_ptr_array_new_with_free_func (g_object_unref);
  self->refusals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) refusal_free);

  g_signal_connect_object (self->switcher_title, "notify::title-visible",
                           G_CALLBACK (update_chrome), self, G_CONNECT_SWAPPED);
}

FbWindow *
fb_window_new (GtkApplication *application,
               FbStore        *store,
               FbSyncEngine   *engine)
{
  g_autoptr(FbContext) context = NULL;
  FbWindow *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (FB_IS_STORE (store), NULL);
  g_return_val_if_fail (FB_IS_SYNC_ENGINE (engine), NULL);

  /* The pages take the context as the window is made: their cache,
   * engine, clock and names are there before their rows. */
  context = fb_context_new (store, engine, NULL);
  self = g_object_new (FB_TYPE_WINDOW, "application", application, "context", context, NULL);

  /* Lists only for names: agents and users. */
  self->agents = add_list (self, "agent");
  self->users = add_list (self, "user");

  fb_floor_page_set_queues (self->floor_page, G_LIST_MODEL (add_list (self, "queue")));
  fb_seat_map_set_models (FB_SEAT_MAP (fb_floor_page_get_seat_map (self->floor_page)),
                          G_LIST_MODEL (add_list (self, "seat")),
                          G_LIST_MODEL (self->agents),
                          G_LIST_MODEL (add_list (self, "team")),
                          G_LIST_MODEL (add_list (self, "qa_evaluation")));
  fb_escalations_page_set_model (self->escalations_page, G_LIST_MODEL (add_list (self, "escalation")));
  /* The Floor page's panel is a template child of it (no getter needed). */
  fb_deadlines_panel_set_model (FB_DEADLINES_PANEL (gtk_widget_get_template_child (GTK_WIDGET (self->floor_page),
                                                                                   FB_TYPE_FLOOR_PAGE,
                                                                                   "deadlines_panel")),
                                G_LIST_MODEL (add_list (self, "escalation")));
  fb_quality_page_set_models (self->quality_page, G_LIST_MODEL (add_list (self, "qa_evaluation")),
                              G_LIST_MODEL (self->agents), G_LIST_MODEL (add_list (self, "team")));
  {
    static const char * const request_kinds[] = {
      "leave_request", "swap_request", "team", "agent", "user", "holiday_duty",
    };

    for (guint i = 0; i < G_N_ELEMENTS (request_kinds); i++)
      fb_requests_page_set_rows (self->requests_page, request_kinds[i],
                                 G_LIST_MODEL (add_list (self, request_kinds[i])));
  }
  setup_table (self, self->leave_page, "leave_request", _("Leave"),
               leave_columns, G_N_ELEMENTS (leave_columns), 0, GTK_SORT_DESCENDING);
  setup_table (self, self->swap_page, "swap_request", _("Shift Swaps"),
               swap_columns, G_N_ELEMENTS (swap_columns), 0, GTK_SORT_DESCENDING);
  setup_table (self, self->reports_page, "duty_report", _("Duty Reports"),
               report_columns, G_N_ELEMENTS (report_columns), 0, GTK_SORT_DESCENDING);
  setup_table (self, self->audit_page, "audit", _("Audit Log"),
               audit_columns, G_N_ELEMENTS (audit_columns), 0, GTK_SORT_DESCENDING);
  g_signal_connect_object (add_list (self, "duty_report"), "items-changed",
                           G_CALLBACK (update_duty_bar), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (fb_table_page_get_view (self->reports_page), "activate",
                           G_CALLBACK (report_activated_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (engine, "changed", G_CALLBACK (engine_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->floor_page, "queue-alert", G_CALLBACK (queue_alert_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (engine, "notify::state", G_CALLBACK (engine_state_cb), self, G_CONNECT_SWAPPED);
  engine_state_cb (self);

  fb_window_reload (self);

  /* After the first load: what the cache already held is not news. */
  self->watch = fb_escalation_watch_new (G_LIST_MODEL (add_list (self, "escalation")));
  g_settings_bind_with_mapping (self->settings, "deadline-warning-minutes", self->watch, "lead-time",
                                G_SETTINGS_BIND_GET, lead_minutes_to_seconds, NULL, NULL, NULL);
  g_signal_connect_object (self->watch, "alert", G_CALLBACK (escalation_alert_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (engine, "write-refused", G_CALLBACK (write_refused_cb), self, G_CONNECT_SWAPPED);

  /* A cache with data opens on it, signed in or not: the floor as last seen. */
  if (fb_store_count_rows (store, NULL) > 0)
    show_dashboard (self);
  else
    fb_window_show_connect (self);

  return self;
}
