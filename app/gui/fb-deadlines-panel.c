/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-deadlines-panel.c
 *
 * Built for the Floor page, which stays open all day: five rows made once
 * and only relabelled, a scan of the cases when they change, and a timer
 * only while the panel is on screen with an open case (each whole minute,
 * and when a deadline passes).
 */
#define G_LOG_DOMAIN "floorboard"

#include <glib/gi18n.h>

#include "fb-deadlines-panel.h"
#include "fb-entity.h"
#include "fb-escalation-labels.h"
#include "fb-escalation-rules.h"
#include "fb-labels.h"
#include "fb-row.h"
#include "fb-widget-utils.h"

typedef struct
{
  GtkWidget *row;
  GtkLabel  *severity;
  GtkLabel  *summary;
  GtkLabel  *countdown;
  char      *id;
} Slot;

struct _FbDeadlinesPanel
{
  GtkWidget   parent_instance;

  GtkLabel   *overdue_label;
  GtkListBox *list;
  GtkLabel   *empty_label;

  GListModel *escalations;
  Slot        slots[FB_DEADLINES_PANEL_MAX];
  guint       n_shown;
  guint       n_open;
  guint       n_overdue;
  gint64      next_due;
  guint       tick_id;
};

G_DEFINE_FINAL_TYPE (FbDeadlinesPanel, fb_deadlines_panel, GTK_TYPE_WIDGET)

typedef struct
{
  gint64              due;
  FbEscalationDeadline kind;
  const FbEscalation *escalation;
} Entry;

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const Entry *ea = a, *eb = b;

  if (ea->due != eb->due)
    return (ea->due > eb->due) - (ea->due < eb->due);
  if (ea->escalation->severity != eb->escalation->severity)
    return (int) eb->escalation->severity - (int) ea->escalation->severity;
  return g_strcmp0 (ea->escalation->id, eb->escalation->id);
}

static void schedule_tick (FbDeadlinesPanel *self);

static void
refresh (FbDeadlinesPanel *self)
{
  guint n = self->escalations ? g_list_model_get_n_items (self->escalations) : 0;
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *overdue = NULL;

  self->n_overdue = 0;
  self->next_due = 0;
  for (guint i = 0; i < n; i++)
    {
      FbRow *row = g_list_model_get_item (self->escalations, i);
      const FbEscalation *escalation = fb_row_get_entity (row);
      Entry entry = { 0 };

      /* The rows stay alive (and their entities with them) until the end. */
      g_ptr_array_add (rows, row);
      if (escalation == NULL ||
          (entry.kind = fb_escalation_next_deadline (escalation, &entry.due)) == FB_DEADLINE_NONE)
        continue;
      entry.escalation = escalation;
      g_array_append_val (entries, entry);
      if (now >= entry.due)
        self->n_overdue++;
      else if (self->next_due == 0 || entry.due < self->next_due)
        self->next_due = entry.due;
    }
  self->n_open = entries->len;
  g_array_sort (entries, compare_entries);

  self->n_shown = MIN (entries->len, FB_DEADLINES_PANEL_MAX);
  for (guint i = 0; i < FB_DEADLINES_PANEL_MAX; i++)
    {
      Slot *slot = &self->slots[i];
      const Entry *entry;
      g_autofree char *countdown = NULL;
      gboolean late;

      gtk_widget_set_visible (slot->row, i < self->n_shown);
      if (i >= self->n_shown)
        {
          g_clear_pointer (&slot->id, g_free);
          continue;
        }
      entry = &g_array_index (entries, Entry, i);
      if (g_strcmp0 (slot->id, entry->escalation->id) != 0)
        {
          g_free (slot->id);
          slot->id = g_strdup (entry->escalation->id);
        }
      fb_label_set_text (slot->severity, fb_labels_for_value (fb_severity_values[entry->escalation->severity]));
      fb_label_set_text (slot->summary, entry->escalation->summary);
      countdown = fb_escalation_labels_countdown (entry->kind, entry->due, now, &late);
      fb_label_set_text (slot->countdown, countdown);
      if (late)
        gtk_widget_add_css_class (slot->row, "overdue");
      else
        gtk_widget_remove_css_class (slot->row, "overdue");
    }

  /* Translators: how many open cases are past a deadline */
  overdue = g_strdup_printf (ngettext ("%u overdue", "%u overdue", self->n_overdue), self->n_overdue);
  fb_label_set_text (self->overdue_label, overdue);
  gtk_widget_set_visible (GTK_WIDGET (self->overdue_label), self->n_overdue > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->list), self->n_shown > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), self->n_shown == 0);
  schedule_tick (self);
}

static gboolean
tick_cb (gpointer data)
{
  FbDeadlinesPanel *self = data;

  self->tick_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_tick (FbDeadlinesPanel *self)
{
  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) || self->n_open == 0)
    return;
  self->tick_id = g_timeout_add_full (G_PRIORITY_DEFAULT,
                                      fb_escalation_labels_tick_delay (g_get_real_time (), self->next_due),
                                      tick_cb, self, NULL);
}

static void
row_activated_cb (FbDeadlinesPanel *self,
                  GtkListBoxRow    *row)
{
  int index = gtk_list_box_row_get_index (row);

  if (index < 0 || (guint) index >= self->n_shown || self->slots[index].id == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-escalation", "s", self->slots[index].id);
}

void
fb_deadlines_panel_set_model (FbDeadlinesPanel *self,
                              GListModel       *escalations)
{
  g_return_if_fail (FB_IS_DEADLINES_PANEL (self));
  g_return_if_fail (escalations == NULL || G_IS_LIST_MODEL (escalations));

  if (self->escalations == escalations)
    return;
  if (self->escalations != NULL)
    g_signal_handlers_disconnect_by_data (self->escalations, self);
  g_set_object (&self->escalations, escalations);
  if (escalations != NULL)
    g_signal_connect_object (escalations, "items-changed", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
  refresh (self);
}

guint
fb_deadlines_panel_get_n_shown (FbDeadlinesPanel *self)
{
  g_return_val_if_fail (FB_IS_DEADLINES_PANEL (self), 0);
  return self->n_shown;
}

guint
fb_deadlines_panel_get_n_overdue (FbDeadlinesPanel *self)
{
  g_return_val_if_fail (FB_IS_DEADLINES_PANEL (self), 0);
  return self->n_overdue;
}

const char *
fb_deadlines_panel_get_id (FbDeadlinesPanel *self,
                           guint             index)
{
  g_return_val_if_fail (FB_IS_DEADLINES_PANEL (self), NULL);
  return index < self->n_shown ? self->slots[index].id : NULL;
}

const char *
fb_deadlines_panel_get_countdown (FbDeadlinesPanel *self,
                                  guint             index)
{
  g_return_val_if_fail (FB_IS_DEADLINES_PANEL (self), NULL);
  return index < self->n_shown ? gtk_label_get_text (self->slots[index].countdown) : NULL;
}

GtkWidget *
fb_deadlines_panel_get_row (FbDeadlinesPanel *self,
                            guint             index)
{
  g_return_val_if_fail (FB_IS_DEADLINES_PANEL (self), NULL);
  return index < self->n_shown ? self->slots[index].row : NULL;
}

gboolean
fb_deadlines_panel_get_ticking (FbDeadlinesPanel *self)
{
  g_return_val_if_fail (FB_IS_DEADLINES_PANEL (self), FALSE);
  return self->tick_id != 0;
}

static void
fb_deadlines_panel_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (fb_deadlines_panel_parent_class)->map (widget);
  /* Time passed while hidden. */
  refresh (FB_DEADLINES_PANEL (widget));
}

static void
fb_deadlines_panel_unmap (GtkWidget *widget)
{
  FbDeadlinesPanel *self = FB_DEADLINES_PANEL (widget);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  GTK_WIDGET_CLASS (fb_deadlines_panel_parent_class)->unmap (widget);
}

static void
fb_deadlines_panel_dispose (GObject *object)
{
  FbDeadlinesPanel *self = FB_DEADLINES_PANEL (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->escalations != NULL)
    g_signal_handlers_disconnect_by_data (self->escalations, self);
  g_clear_object (&self->escalations);
  fb_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_DEADLINES_PANEL);

  G_OBJECT_CLASS (fb_deadlines_panel_parent_class)->dispose (object);
}

static void
fb_deadlines_panel_finalize (GObject *object)
{
  FbDeadlinesPanel *self = FB_DEADLINES_PANEL (object);

  for (guint i = 0; i < FB_DEADLINES_PANEL_MAX; i++)
    g_free (self->slots[i].id);

  G_OBJECT_CLASS (fb_deadlines_panel_parent_class)->finalize (object);
}

static void
fb_deadlines_panel_class_init (FbDeadlinesPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_deadlines_panel_dispose;
  object_class->finalize = fb_deadlines_panel_finalize;
  widget_class->map = fb_deadlines_panel_map;
  widget_class->unmap = fb_deadlines_panel_unmap;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/floorboard/Floorboard/ui/fb-deadlines-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, FbDeadlinesPanel, overdue_label);
  gtk_widget_class_bind_template_child (widget_class, FbDeadlinesPanel, list);
  gtk_widget_class_bind_template_child (widget_class, FbDeadlinesPanel, empty_label);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "deadlinespanel");
}

static void
fb_deadlines_panel_init (FbDeadlinesPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Made once: the floor relabels them, it never rebuilds them. */
  for (guint i = 0; i < FB_DEADLINES_PANEL_MAX; i++)
    {
      Slot *slot = &self->slots[i];
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

      gtk_widget_set_margin_start (box, 12);
      gtk_widget_set_margin_end (box, 12);
      gtk_widget_set_margin_top (box, 6);
      gtk_widget_set_margin_bottom (box, 6);
      slot->severity = GTK_LABEL (gtk_label_new (NULL));
      gtk_label_set_width_chars (slot->severity, 6);
      gtk_label_set_xalign (slot->severity, 0);
      gtk_widget_add_css_class (GTK_WIDGET (slot->severity), "caption-heading");
      slot->summary = GTK_LABEL (gtk_label_new (NULL));
      gtk_label_set_xalign (slot->summary, 0);
      gtk_label_set_ellipsize (slot->summary, PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (GTK_WIDGET (slot->summary), TRUE);
      slot->countdown = GTK_LABEL (gtk_label_new (NULL));
      gtk_label_set_xalign (slot->countdown, 1);
      gtk_widget_add_css_class (GTK_WIDGET (slot->countdown), "countdown");
      gtk_widget_add_css_class (GTK_WIDGET (slot->countdown), "numeric");
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (slot->severity));
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (slot->summary));
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (slot->countdown));

      slot->row = gtk_list_box_row_new ();
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (slot->row), box);
      gtk_widget_set_visible (slot->row, FALSE);
      gtk_list_box_append (self->list, slot->row);
    }
}

GtkWidget *
fb_deadlines_panel_new (void)
{
  return g_object_new (FB_TYPE_DEADLINES_PANEL, NULL);
}
