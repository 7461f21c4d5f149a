/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-status-bar.c */
#define G_LOG_DOMAIN "floorboard"

#include <glib/gi18n.h>

#include "fb-context.h"
#include "fb-status-bar.h"
#include "fb-sync-engine.h"
#include "fb-widget-utils.h"

struct _FbStatusBar
{
  GtkWidget       parent_instance;

  GtkImage       *icon;
  GtkLabel       *label;
  GtkProgressBar *progress;
  GtkButton      *retry_button;
  GtkButton      *sign_in_button;

  FbSyncEngine   *engine;
  FbContext      *context;
  guint           age_timer;
};

G_DEFINE_FINAL_TYPE (FbStatusBar, fb_status_bar, GTK_TYPE_WIDGET)

static void update (FbStatusBar *self);

static gboolean
age_timer_cb (gpointer data)
{
  FbStatusBar *self = data;

  self->age_timer = 0;
  update (self);
  return G_SOURCE_REMOVE;
}

/* "synced 12 s ago": the one text that changes without new data, so the
 * one timer, running only while polling (live and offline say it all). */
static char *
format_age (FbStatusBar *self,
            gint64       last)
{
  gint64 age = MAX (0, g_get_real_time () / G_USEC_PER_SEC - last);

  g_clear_handle_id (&self->age_timer, g_source_remove);
  self->age_timer = g_timeout_add_seconds (age < 60 ? 1 : 60 - age % 60, age_timer_cb, self);
  if (age < 60)
    /* Translators: how old the data is, in seconds */
    return g_strdup_printf (ngettext ("Up to date · synced %d second ago", "Up to date · synced %d seconds ago",
                                      (gulong) age), (int) age);
  /* Translators: how old the data is, in minutes */
  return g_strdup_printf (ngettext ("Up to date · synced %d minute ago", "Up to date · synced %d minutes ago",
                                    (gulong) (age / 60)), (int) (age / 60));
}

/* Text and icon follow the engine's state. */
static void
update (FbStatusBar *self)
{
  FbSyncState state = fb_sync_engine_get_state (self->engine);
  gint64 last = fb_sync_engine_get_last_sync (self->engine);
  gint64 offline = fb_sync_engine_get_offline_since (self->engine);
  const char *message = fb_sync_engine_get_message (self->engine);
  g_autofree char *last_text = NULL;
  g_autofree char *text = NULL;
  const char *icon = "network-idle-symbolic";
  gboolean show_progress = FALSE, show_retry = FALSE, show_sign_in = FALSE;

  g_clear_handle_id (&self->age_timer, g_source_remove);
  /* Times on the center's clock, whatever zone this machine is in. */
  last_text = fb_context_format_time (self->context, last);

  switch (state)
    {
    case FB_SYNC_STATE_CONNECTING:
      text = g_strdup (_("Connecting…"));
      icon = "network-transmit-receive-symbolic";
      break;

    case FB_SYNC_STATE_SYNCING:
      text = g_strdup_printf (_("Syncing… %.0f %%"), fb_sync_engine_get_progress (self->engine) * 100);
      icon = "emblem-synchronizing-symbolic";
      show_progress = TRUE;
      break;

    case FB_SYNC_STATE_ONLINE:
      if (fb_sync_engine_get_live (self->engine))
        {
          /* Translators: changes arrive as they happen; %s is the last change's time */
          text = g_strdup_printf (_("Live · last change at %s"), last_text);
          icon = "media-record-symbolic";
        }
      else
        {
          text = format_age (self, last);
          icon = "emblem-ok-symbolic";
        }
      break;

    case FB_SYNC_STATE_OFFLINE:
      {
        g_autofree char *since = fb_context_format_time (self->context, offline);
        /* Translators: first %s is when the server became unreachable, second the data's time */
        text = g_strdup_printf (_("Offline since %s · showing data from %s"), since, last_text);
        icon = "network-offline-symbolic";
        show_retry = TRUE;
        break;
      }

    case FB_SYNC_STATE_ERROR:
      /* Translators: %s is the server's complaint, then a time */
      text = g_strdup_printf (_("Sync problem: %s · showing data from %s"),
                              message ? message : _("unknown error"), last_text);
      icon = "dialog-warning-symbolic";
      show_retry = TRUE;
      break;

    case FB_SYNC_STATE_SIGNED_OUT:
    default:
      if (last > 0)
        text = g_strdup_printf (_("Not signed in · showing data from %s"), last_text);
      else
        text = g_strdup (_("Not signed in"));
      icon = "system-users-symbolic";
      show_sign_in = TRUE;
      break;
    }

  /* Writes not yet accepted: the supervisor should know before leaving. */
  if (fb_sync_engine_get_pending_writes (self->engine) > 0)
    {
      guint n = fb_sync_engine_get_pending_writes (self->engine);
      /* Translators: appended to the sync status; %u is a count of changes */
      g_autofree char *waiting = g_strdup_printf (ngettext ("%u change waiting to be sent",
                                                            "%u changes waiting to be sent", n), n);
      g_autofree char *joined = g_strdup_printf ("%s · %s", text, waiting);

      g_free (text);
      text = g_steal_pointer (&joined);
    }

  gtk_label_set_text (self->label, text);
  gtk_image_set_from_icon_name (self->icon, icon);
  gtk_widget_set_visible (GTK_WIDGET (self->progress), show_progress);
  gtk_progress_bar_set_fraction (self->progress, fb_sync_engine_get_progress (self->engine));
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), show_retry);
  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_button), show_sign_in);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

const char *
fb_status_bar_get_text (FbStatusBar *self)
{
  g_return_val_if_fail (FB_IS_STATUS_BAR (self), NULL);
  return gtk_label_get_text (self->label);
}

static void
set_context (GObject   *object,
             FbContext *context)
{
  FbStatusBar *self = FB_STATUS_BAR (object);

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->context, context);
  g_set_object (&self->engine, (context ? fb_context_get_engine (context) : NULL));
  if (self->engine != NULL)
    {
      g_signal_connect_object (self->engine, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      update (self);
    }
}

static void
fb_status_bar_dispose (GObject *object)
{
  FbStatusBar *self = (FbStatusBar *)object;

  g_clear_handle_id (&self->age_timer, g_source_remove);
  fb_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_STATUS_BAR);
  g_clear_object (&self->engine);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (fb_status_bar_parent_class)->dispose (object);
}

static void
fb_status_bar_class_init (FbStatusBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_status_bar_dispose;

  fb_context_install_property (object_class, G_STRUCT_OFFSET (FbStatusBar, context), set_context);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/floorboard/Floorboard/ui/fb-status-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, FbStatusBar, icon);
  gtk_widget_class_bind_template_child (widget_class, FbStatusBar, label);
  gtk_widget_class_bind_template_child (widget_class, FbStatusBar, progress);
  gtk_widget_class_bind_template_child (widget_class, FbStatusBar, retry_button);
  gtk_widget_class_bind_template_child (widget_class, FbStatusBar, sign_in_button);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_STATUS);
  gtk_widget_class_set_css_name (widget_class, "statusbar");
}

static void
fb_status_bar_init (FbStatusBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fb_status_bar_new (void)
{
  return g_object_new (FB_TYPE_STATUS_BAR, NULL);
}
