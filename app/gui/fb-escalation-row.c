/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-escalation-row.c */
#define G_LOG_DOMAIN "floorboard"

#include <glib/gi18n.h>

#include "fb-entity.h"
#include "fb-escalation-labels.h"
#include "fb-escalation-row.h"
#include "fb-escalation-rules.h"
#include "fb-labels.h"
#include "fb-row.h"
#include "fb-widget-utils.h"

struct _FbEscalationRow
{
  GtkWidget  parent_instance;

  GtkLabel  *severity_label;
  GtkLabel  *summary_label;
  GtkLabel  *category_label;
  GtkLabel  *customer_label;
  GtkLabel  *level_label;
  GtkLabel  *status_label;
  GtkLabel  *owner_label;
  GtkImage  *overdue_icon;
  GtkLabel  *countdown_label;

  FbRow     *row;
  gboolean   overdue;
};

G_DEFINE_FINAL_TYPE (FbEscalationRow, fb_escalation_row, GTK_TYPE_WIDGET)

static const char * const severity_classes[] = {
  "severity-low", "severity-normal", "severity-high", "severity-critical",
};

void
fb_escalation_row_update_time (FbEscalationRow *self,
                               gint64           now)
{
  const FbEscalation *escalation;
  g_autofree char *text = NULL;
  FbEscalationDeadline kind;
  gboolean overdue = FALSE;
  gint64 due;

  g_return_if_fail (FB_IS_ESCALATION_ROW (self));

  if (self->row == NULL || !(escalation = fb_row_get_entity (self->row)))
    return;
  kind = fb_escalation_next_deadline (escalation, &due);
  text = fb_escalation_labels_countdown (kind, due, now, &overdue);
  fb_label_set_text (self->countdown_label, text);
  if (overdue == self->overdue)
    return;
  self->overdue = overdue;
  /* Red for the eye, and the word "overdue" and an icon for everyone. */
  gtk_widget_set_visible (GTK_WIDGET (self->overdue_icon), overdue);
  if (overdue)
    gtk_widget_add_css_class (GTK_WIDGET (self), "overdue");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "overdue");
}

void
fb_escalation_row_set_row (FbEscalationRow *self,
                           FbRow           *row,
                           GHashTable      *names,
                           gint64           now)
{
  const FbEscalation *escalation;
  g_autofree char *customer = NULL;

  g_return_if_fail (FB_IS_ESCALATION_ROW (self));
  g_return_if_fail (row == NULL || FB_IS_ROW (row));

  g_set_object (&self->row, row);
  for (guint i = 0; i < G_N_ELEMENTS (severity_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->severity_label), severity_classes[i]);
  if (row == NULL || !(escalation = fb_row_get_entity (row)))
    return;

  fb_label_set_text (self->severity_label, fb_labels_for_value (fb_severity_values[escalation->severity]));
  gtk_widget_add_css_class (GTK_WIDGET (self->severity_label), severity_classes[escalation->severity]);
  fb_label_set_text (self->summary_label, escalation->summary);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->summary_label), escalation->summary);
  fb_label_set_text (self->category_label, fb_labels_for_value (fb_category_values[escalation->category]));
  customer = fb_escalation_labels_customer (escalation->customer_ref, escalation->customer_name);
  fb_label_set_text (self->customer_label, customer);
  fb_label_set_text (self->level_label, fb_labels_for_value (fb_escalation_level_values[escalation->level]));
  fb_label_set_text (self->status_label, fb_labels_for_value (fb_escalation_status_values[escalation->status]));
  fb_label_set_text (self->owner_label, fb_escalation_labels_person (names, escalation->owner));
  fb_escalation_row_update_time (self, now);
}

FbRow *
fb_escalation_row_get_row (FbEscalationRow *self)
{
  g_return_val_if_fail (FB_IS_ESCALATION_ROW (self), NULL);
  return self->row;
}

gboolean
fb_escalation_row_get_overdue (FbEscalationRow *self)
{
  g_return_val_if_fail (FB_IS_ESCALATION_ROW (self), FALSE);
  return self->overdue;
}

const char *
fb_escalation_row_get_countdown (FbEscalationRow *self)
{
  g_return_val_if_fail (FB_IS_ESCALATION_ROW (self), NULL);
  return gtk_label_get_text (self->countdown_label);
}

const char *
fb_escalation_row_get_customer (FbEscalationRow *self)
{
  g_return_val_if_fail (FB_IS_ESCALATION_ROW (self), NULL);
  return gtk_label_get_text (self->customer_label);
}

static void
fb_escalation_row_dispose (GObject *object)
{
  FbEscalationRow *self = FB_ESCALATION_ROW (object);

  fb_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_ESCALATION_ROW);
  g_clear_object (&self->row);

  G_OBJECT_CLASS (fb_escalation_row_parent_class)->dispose (object);
}

static void
fb_escalation_row_class_init (FbEscalationRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_escalation_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/floorboard/Floorboard/ui/fb-escalation-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FbEscalationRow, severity_label);
  gtk_widget_class_bind_template_child (widget_class, FbEscalationRow, summary_label);
  gtk_widget_class_bind_template_child (widget_class, FbEscalationRow, category_label);
  gtk_widget_class_bind_template_child (widget_class, FbEscalationRow, customer_label);
  gtk_widget_class_bind_template_child (widget_class, FbEscalationRow, level_label);
  gtk_widget_class_bind_template_child (widget_class, FbEscalationRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, FbEscalationRow, owner_label);
  gtk_widget_class_bind_template_child (widget_class, FbEscalationRow, overdue_icon);
  gtk_widget_class_bind_template_child (widget_class, FbEscalationRow, countdown_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "escalationrow");
}

static void
fb_escalation_row_init (FbEscalationRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fb_escalation_row_new (void)
{
  return g_object_new (FB_TYPE_ESCALATION_ROW, NULL);
}
