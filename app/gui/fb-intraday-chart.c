/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-intraday-chart.c
 *
 * Bars and the line's points are computed when the data or the size
 * changes; snapshot() replays them.
 */
#define G_LOG_DOMAIN "floorboard"

#include <glib/gi18n.h>
#include <string.h>

#include "fb-chart-table.h"
#include "fb-intraday-chart.h"

struct _FbIntradayChart
{
  GtkWidget        parent_instance;

  double           today[FB_INTRADAY_SLOTS];
  double           last_week[FB_INTRADAY_SLOTS];
  guint            current_slot;
  gboolean         has_data;

  /* Prepared geometry. */
  graphene_rect_t  bars[FB_INTRADAY_SLOTS];
  graphene_point_t line[FB_INTRADAY_SLOTS];
  guint            n_bars;
};

G_DEFINE_FINAL_TYPE (FbIntradayChart, fb_intraday_chart, GTK_TYPE_WIDGET)

static void
prepare (FbIntradayChart *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  double max = 1, slot_w;

  self->n_bars = 0;
  if (!self->has_data || width <= 0 || height <= 0)
    return;
  for (guint i = 0; i < FB_INTRADAY_SLOTS; i++)
    {
      max = MAX (max, self->last_week[i]);
      if (i <= self->current_slot)
        max = MAX (max, self->today[i]);
    }
  slot_w = (double) width / FB_INTRADAY_SLOTS;
  for (guint i = 0; i < FB_INTRADAY_SLOTS; i++)
    {
      double y = height - (self->last_week[i] / max) * (height - 2) - 1;

      self->line[i] = GRAPHENE_POINT_INIT (i * slot_w + slot_w / 2, y);
      if (i <= self->current_slot)
        {
          double h = (self->today[i] / max) * (height - 2);
          graphene_rect_init (&self->bars[i], i * slot_w + 0.5, height - h, MAX (1.0, slot_w - 1), h);
          self->n_bars = i + 1;
        }
    }
}

static void
fb_intraday_chart_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  FbIntradayChart *self = FB_INTRADAY_CHART (widget);
  GdkRGBA bar = { 0.21, 0.52, 0.89, 0.85 };
  GdkRGBA fg;
  cairo_t *cr;

  if (!self->has_data)
    return;

  for (guint i = 0; i < self->n_bars; i++)
    gtk_snapshot_append_color (snapshot, &bar, &self->bars[i]);

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                                  gtk_widget_get_height (widget)));
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.55);
  cairo_set_line_width (cr, 1.5);
  cairo_move_to (cr, self->line[0].x, self->line[0].y);
  for (guint i = 1; i < FB_INTRADAY_SLOTS; i++)
    cairo_line_to (cr, self->line[i].x, self->line[i].y);
  cairo_stroke (cr);
  cairo_destroy (cr);
}

static void
fb_intraday_chart_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  prepare (FB_INTRADAY_CHART (widget));
}

static void
fb_intraday_chart_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? FB_INTRADAY_SLOTS : 32;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? FB_INTRADAY_SLOTS * 2 : 48;
}

double
fb_intraday_chart_get_total (FbIntradayChart *self,
                             gboolean         last_week)
{
  double sum = 0;

  g_return_val_if_fail (FB_IS_INTRADAY_CHART (self), 0);

  for (guint i = 0; i < FB_INTRADAY_SLOTS; i++)
    {
      if (last_week)
        sum += self->last_week[i];
      else if (i <= self->current_slot)
        sum += self->today[i];
    }
  return sum;
}

void
fb_intraday_chart_set_data (FbIntradayChart *self,
                            const double    *today,
                            const double    *last_week,
                            guint            current_slot)
{
  g_autofree char *description = NULL;

  g_return_if_fail (FB_IS_INTRADAY_CHART (self));
  g_return_if_fail (today != NULL && last_week != NULL);

  current_slot = MIN (current_slot, FB_INTRADAY_SLOTS - 1);
  if (self->has_data && current_slot == self->current_slot &&
      memcmp (today, self->today, sizeof self->today) == 0 &&
      memcmp (last_week, self->last_week, sizeof self->last_week) == 0)
    return;

  memcpy (self->today, today, sizeof self->today);
  memcpy (self->last_week, last_week, sizeof self->last_week);
  self->current_slot = current_slot;
  self->has_data = TRUE;
  prepare (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));

  /* Translators: the chart's content for screen readers */
  description = g_strdup_printf (_("%.0f calls offered today so far; %.0f on the same weekday last week"),
                                 fb_intraday_chart_get_total (self, FALSE),
                                 fb_intraday_chart_get_total (self, TRUE));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
}

/* The figures behind the bars and the line, quarter hour by quarter hour. */
GPtrArray *
fb_intraday_chart_dup_table (FbIntradayChart *self)
{
  GPtrArray *cells = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (FB_IS_INTRADAY_CHART (self), cells);

  for (guint i = 0; self->has_data && i < FB_INTRADAY_SLOTS; i++)
    {
      /* Quarter hours with nothing either day say nothing. */
      if ((i > self->current_slot || self->today[i] <= 0) && self->last_week[i] <= 0)
        continue;
      g_ptr_array_add (cells, g_strdup_printf ("%02u:%02u", i / 4, (i % 4) * 15));
      g_ptr_array_add (cells, i <= self->current_slot ? g_strdup_printf ("%.0f", self->today[i]) : g_strdup ("–"));
      g_ptr_array_add (cells, g_strdup_printf ("%.0f", self->last_week[i]));
    }
  return cells;
}

static void
show_table_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  FbIntradayChart *self = FB_INTRADAY_CHART (widget);
  g_autoptr(GPtrArray) cells = fb_intraday_chart_dup_table (self);
  const char *headers[] = {
    /* Translators: the columns of the chart's table */
    C_("chart table", "From"), C_("chart table", "Today"), C_("chart table", "Last week"),
  };

  fb_chart_table_present (widget, _("Calls Offered per Quarter Hour"), headers, G_N_ELEMENTS (headers), cells);
}

static void
fb_intraday_chart_class_init (FbIntradayChartClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* Enter or a click: the figures as a table. */
  fb_chart_table_install_action (widget_class, show_table_action);

  widget_class->snapshot = fb_intraday_chart_snapshot;
  widget_class->size_allocate = fb_intraday_chart_size_allocate;
  widget_class->measure = fb_intraday_chart_measure;
  gtk_widget_class_set_css_name (widget_class, "intradaychart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
fb_intraday_chart_init (FbIntradayChart *self)
{
  fb_chart_table_init_chart (GTK_WIDGET (self),
                             _("Calls offered per quarter hour: today (bars) and the same weekday last week "
                               "(line). Click or press Enter for the figures as a table."));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Calls today and last week"), -1);
  /* Translators: the chart's content for screen readers, before any figures */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("No calls offered counted yet"), -1);
}

GtkWidget *
fb_intraday_chart_new (void)
{
  return g_object_new (FB_TYPE_INTRADAY_CHART, NULL);
}
