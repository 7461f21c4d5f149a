/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-queue-tile.c */
#define G_LOG_DOMAIN "floorboard"

#include <glib/gi18n.h>

#include "fb-intraday-chart.h"
#include "fb-labels.h"
#include "fb-queue-stats.h"
#include "fb-queue-tile.h"
#include "fb-widget-utils.h"

struct _FbQueueTile
{
  GtkWidget  parent_instance;

  GtkLabel  *name_label;
  GtkLabel  *waiting_label;
  GtkLabel  *service_level_label;
  GtkLabel  *service_level_caption;
  GtkLabel  *longest_wait_label;
  GtkLabel  *abandon_label;
  GtkLabel  *asa_label;
  GtkLabel  *aht_label;
  GtkLabel  *offered_label;
  GtkLabel  *agents_label;
  FbIntradayChart *chart;
  GtkLabel  *advice_label;

  FbAlertLevel alert;
};

G_DEFINE_FINAL_TYPE (FbQueueTile, fb_queue_tile, GTK_TYPE_WIDGET)

static void
set_level (GtkWidget    *widget,
           FbAlertLevel  level)
{
  gtk_widget_remove_css_class (widget, "warning");
  gtk_widget_remove_css_class (widget, "error");
  if (level == FB_ALERT_WARNING)
    gtk_widget_add_css_class (widget, "warning");
  else if (level == FB_ALERT_CRITICAL)
    gtk_widget_add_css_class (widget, "error");
}

FbAlertLevel
fb_queue_tile_get_alert (FbQueueTile *self)
{
  g_return_val_if_fail (FB_IS_QUEUE_TILE (self), FB_ALERT_NONE);
  return self->alert;
}

void
fb_queue_tile_set_queue (FbQueueTile        *self,
                         const FbQueue      *queue,
                         const FbThresholds *thresholds)
{
  FbQueueAlerts alerts = { 0 };
  g_autofree char *waiting = NULL;
  g_autofree char *sl = NULL;
  g_autofree char *sl_caption = NULL;
  g_autofree char *longest = NULL;
  g_autofree char *abandon = NULL;
  g_autofree char *asa = NULL;
  g_autofree char *aht = NULL;
  g_autofree char *offered = NULL;
  g_autofree char *agents = NULL;
  g_autofree char *description = NULL;

  g_return_if_fail (FB_IS_QUEUE_TILE (self));
  g_return_if_fail (queue != NULL);

  if (thresholds != NULL)
    fb_queue_stats_alerts (queue, thresholds, &alerts);
  self->alert = alerts.overall;
  set_level (GTK_WIDGET (self->waiting_label), alerts.waiting);
  set_level (GTK_WIDGET (self->longest_wait_label), alerts.longest_wait);
  set_level (GTK_WIDGET (self->service_level_label), alerts.service_level);
  set_level (GTK_WIDGET (self->abandon_label), alerts.abandon);
  if (alerts.overall == FB_ALERT_CRITICAL)
    gtk_widget_add_css_class (GTK_WIDGET (self), "alert-critical");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "alert-critical");
  if (alerts.overall == FB_ALERT_WARNING)
    gtk_widget_add_css_class (GTK_WIDGET (self), "alert-warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "alert-warning");

  waiting = g_strdup_printf ("%" G_GINT64_FORMAT, queue->waiting);
  sl = queue->answered > 0 ? fb_labels_format_percent (queue->service_level) : g_strdup ("—");
  /* Translators: caption under the service level; %d is the threshold in seconds */
  sl_caption = queue->sl_threshold_s > 0
    ? g_strdup_printf (_("answered in %d s"), (int) queue->sl_threshold_s)
    : g_strdup (_("service level"));
  longest = fb_labels_format_duration (queue->longest_wait_s);
  abandon = queue->offered > 0 ? fb_labels_format_percent (fb_queue_stats_abandon_rate (queue)) : g_strdup ("—");
  asa = fb_labels_format_duration (queue->asa_s);
  aht = fb_labels_format_duration (queue->aht_s);
  offered = g_strdup_printf ("%" G_GINT64_FORMAT, queue->offered);
  agents = g_strdup_printf ("%" G_GINT64_FORMAT " / %" G_GINT64_FORMAT,
                            queue->agents_available, queue->agents_busy);

  fb_label_set_text (self->name_label, queue->name ? queue->name : "");
  fb_label_set_text (self->waiting_label, waiting);
  fb_label_set_text (self->service_level_label, sl);
  fb_label_set_text (self->service_level_caption, sl_caption);
  fb_label_set_text (self->longest_wait_label, longest);
  fb_label_set_text (self->abandon_label, abandon);
  fb_label_set_text (self->asa_label, asa);
  fb_label_set_text (self->aht_label, aht);
  fb_label_set_text (self->offered_label, offered);
  fb_label_set_text (self->agents_label, agents);

  /* Translators: spoken summary of a queue tile */
  description = g_strdup_printf (_("%s: %s waiting, service level %s, longest wait %s"),
                                 queue->name ? queue->name : "", waiting, sl, longest);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, queue->name ? queue->name : "",
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

const char *
fb_queue_tile_get_figure (FbQueueTile *self,
                          const char  *name)
{
  static const struct { const char *name; gsize offset; } figures[] = {
    { "name", G_STRUCT_OFFSET (FbQueueTile, name_label) },
    { "waiting", G_STRUCT_OFFSET (FbQueueTile, waiting_label) },
    { "service_level", G_STRUCT_OFFSET (FbQueueTile, service_level_label) },
    { "longest_wait", G_STRUCT_OFFSET (FbQueueTile, longest_wait_label) },
    { "abandon_rate", G_STRUCT_OFFSET (FbQueueTile, abandon_label) },
    { "asa", G_STRUCT_OFFSET (FbQueueTile, asa_label) },
    { "aht", G_STRUCT_OFFSET (FbQueueTile, aht_label) },
    { "offered", G_STRUCT_OFFSET (FbQueueTile, offered_label) },
    { "agents", G_STRUCT_OFFSET (FbQueueTile, agents_label) },
  };

  g_return_val_if_fail (FB_IS_QUEUE_TILE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    if (g_str_equal (figures[i].name, name))
      return gtk_label_get_text (G_STRUCT_MEMBER (GtkLabel *, self, figures[i].offset));
  return NULL;
}

void
fb_queue_tile_set_history (FbQueueTile  *self,
                           const double *today,
                           const double *last_week,
                           guint         current_slot)
{
  g_return_if_fail (FB_IS_QUEUE_TILE (self));

  fb_intraday_chart_set_data (self->chart, today, last_week, current_slot);
  gtk_widget_set_visible (GTK_WIDGET (self->chart), TRUE);
}

void
fb_queue_tile_set_staffing (FbQueueTile *self,
                            int          needed,
                            gint64       staffed,
                            double       target_sl,
                            gint64       threshold_s)
{
  g_autofree char *text = NULL;

  g_return_if_fail (FB_IS_QUEUE_TILE (self));

  if (needed < 0)
    /* Translators: Erlang C staffing advice; %.0f %% is a service level, %d s a threshold */
    text = g_strdup_printf (_("No staffing reaches %.0f %% in %d s at this load"),
                            target_sl * 100, (int) threshold_s);
  else if (needed > staffed)
    text = g_strdup_printf (ngettext ("%d more agent needed for %.0f %% in %d s",
                                      "%d more agents needed for %.0f %% in %d s",
                                      (gulong) (needed - staffed)),
                            (int) (needed - staffed), target_sl * 100, (int) threshold_s);
  else
    text = g_strdup_printf (ngettext ("Staffed for %.0f %% in %d s (%d agent needed)",
                                      "Staffed for %.0f %% in %d s (%d agents needed)",
                                      (gulong) needed),
                            target_sl * 100, (int) threshold_s, needed);
  fb_label_set_text (self->advice_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->advice_label), TRUE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->advice_label), "warning");
  if (needed < 0 || needed > staffed)
    gtk_widget_add_css_class (GTK_WIDGET (self->advice_label), "warning");
}

const char *
fb_queue_tile_get_advice (FbQueueTile *self)
{
  g_return_val_if_fail (FB_IS_QUEUE_TILE (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->advice_label)))
    return NULL;
  return gtk_label_get_text (self->advice_label);
}

static void
fb_queue_tile_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), FB_TYPE_QUEUE_TILE);
  /* The template's root is not a bound child: unparent what is left. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object)));)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (fb_queue_tile_parent_class)->dispose (object);
}

static void
fb_queue_tile_class_init (FbQueueTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_queue_tile_dispose;

  g_type_ensure (FB_TYPE_INTRADAY_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/floorboard/Floorboard/ui/fb-queue-tile.ui");
  gtk_widget_class_bind_template_child (widget_class, FbQueueTile, name_label);
  gtk_widget_class_bind_template_child (widget_class, FbQueueTile, waiting_label);
  gtk_widget_class_bind_template_child (widget_class, FbQueueTile, service_level_label);
  gtk_widget_class_bind_template_child (widget_class, FbQueueTile, service_level_caption);
  gtk_widget_class_bind_template_child (widget_class, FbQueueTile, longest_wait_label);
  gtk_widget_class_bind_template_child (widget_class, FbQueueTile, abandon_label);
  gtk_widget_class_bind_template_child (widget_class, FbQueueTile, asa_label);
  gtk_widget_class_bind_template_child (widget_class, FbQueueTile, aht_label);
  gtk_widget_class_bind_template_child (widget_class, FbQueueTile, offered_label);
  gtk_widget_class_bind_template_child (widget_class, FbQueueTile, agents_label);
  gtk_widget_class_bind_template_child (widget_class, FbQueueTile, chart);
  gtk_widget_class_bind_template_child (widget_class, FbQueueTile, advice_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_css_name (widget_class, "queuetile");
}

static void
fb_queue_tile_init (FbQueueTile *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fb_queue_tile_new (void)
{
  return g_object_new (FB_TYPE_QUEUE_TILE, NULL);
}
