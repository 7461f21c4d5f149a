/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-qa-trend-chart.c
 *
 * Text is laid out when the data or the style changes, positions when the
 * size changes; snapshot() only replays them.
 */
#define G_LOG_DOMAIN "floorboard"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "fb-chart-table.h"
#include "fb-format.h"
#include "fb-qa-trend-chart.h"

#define N FB_QA_TREND_MONTHS
#define MAX_TICKS 6
#define PAD 6.0
#define SWATCH 12.0

struct _FbQaTrendChart
{
  GtkWidget        parent_instance;

  FbQaTrend        trend;
  char            *agent_name;
  gboolean         has_data;
  char            *labels[N];

  /* Prepared text. */
  PangoLayout     *month_layouts[N];
  PangoLayout     *tick_layouts[MAX_TICKS];
  PangoLayout     *legend_layouts[2];
  int              ticks[MAX_TICKS];
  guint            n_ticks;
  int              y_min;

  /* Prepared geometry. */
  graphene_rect_t  plot;
  graphene_point_t floor_points[N];
  graphene_point_t agent_points[N];
  graphene_point_t month_at[N];
  graphene_point_t tick_at[MAX_TICKS];
  graphene_point_t legend_at[2];
};

G_DEFINE_FINAL_TYPE (FbQaTrendChart, fb_qa_trend_chart, GTK_TYPE_WIDGET)

static void
clear_layouts (FbQaTrendChart *self)
{
  for (guint i = 0; i < N; i++)
    g_clear_object (&self->month_layouts[i]);
  for (guint i = 0; i < MAX_TICKS; i++)
    g_clear_object (&self->tick_layouts[i]);
  for (guint i = 0; i < 2; i++)
    g_clear_object (&self->legend_layouts[i]);
}

/* The value axis: from a round number under the lowest value to 100. */
static void
prepare_scale (FbQaTrendChart *self)
{
  double lowest = 100;
  int step;

  for (guint i = 0; i < N; i++)
    {
      if (!isnan (self->trend.floor[i]))
        lowest = MIN (lowest, self->trend.floor[i]);
      if (!isnan (self->trend.agent[i]))
        lowest = MIN (lowest, self->trend.agent[i]);
    }
  self->y_min = CLAMP ((int) floor ((lowest - 5) / 10) * 10, 0, 80);
  step = 100 - self->y_min > 40 ? 20 : 10;
  self->n_ticks = 0;
  for (int v = 100; v >= self->y_min && self->n_ticks < MAX_TICKS; v -= step)
    self->ticks[self->n_ticks++] = v;
}

static void
prepare_text (FbQaTrendChart *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  clear_layouts (self);
  if (!self->has_data)
    return;
  for (guint i = 0; i < N; i++)
    self->month_layouts[i] = gtk_widget_create_pango_layout (widget, self->labels[i]);
  for (guint i = 0; i < self->n_ticks; i++)
    {
      char text[8];

      g_snprintf (text, sizeof text, "%d", self->ticks[i]);
      self->tick_layouts[i] = gtk_widget_create_pango_layout (widget, text);
    }
  self->legend_layouts[0] = gtk_widget_create_pango_layout (widget, _("Floor average"));
  self->legend_layouts[1] = gtk_widget_create_pango_layout (widget, self->agent_name ? self->agent_name
                                                                                      : _("Select an agent"));
}

static double
value_y (FbQaTrendChart *self,
         double          value)
{
  double frac = (value - self->y_min) / (100.0 - self->y_min);

  return self->plot.origin.y + self->plot.size.height * (1 - CLAMP (frac, 0, 1));
}

static void
prepare_geometry (FbQaTrendChart *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int height = gtk_widget_get_height (GTK_WIDGET (self));
  int tick_w = 0, text_h = 0, legend_h = 0;
  double left, top, bottom, col_w, x;

  if (!self->has_data || width <= 0 || height <= 0)
    return;

  for (guint i = 0; i < self->n_ticks; i++)
    {
      int w, h;
      pango_layout_get_pixel_size (self->tick_layouts[i], &w, &h);
      tick_w = MAX (tick_w, w);
      text_h = MAX (text_h, h);
    }
  for (guint i = 0; i < 2; i++)
    {
      int w, h;
      pango_layout_get_pixel_size (self->legend_layouts[i], &w, &h);
      legend_h = MAX (legend_h, h);
    }

  left = tick_w + PAD;
  top = legend_h + 2 * PAD;
  bottom = height - text_h - PAD;
  graphene_rect_init (&self->plot, left, top, MAX (1, width - left - PAD), MAX (1, bottom - top));
  col_w = self->plot.size.width / N;

  for (guint i = 0; i < N; i++)
    {
      int w, h;
      double cx = self->plot.origin.x + (i + 0.5) * col_w;

      self->floor_points[i] = GRAPHENE_POINT_INIT (cx, value_y (self, self->trend.floor[i]));
      self->agent_points[i] = GRAPHENE_POINT_INIT (cx, value_y (self, self->trend.agent[i]));
      pango_layout_get_pixel_size (self->month_layouts[i], &w, &h);
      self->month_at[i] = GRAPHENE_POINT_INIT (cx - w / 2.0, bottom + PAD / 2);
    }
  for (guint i = 0; i < self->n_ticks; i++)
    {
      int w, h;
      pango_layout_get_pixel_size (self->tick_layouts[i], &w, &h);
      self->tick_at[i] = GRAPHENE_POINT_INIT (tick_w - w, value_y (self, self->ticks[i]) - h / 2.0);
    }
  x = left;
  for (guint i = 0; i < 2; i++)
    {
      int w, h;
      pango_layout_get_pixel_size (self->legend_layouts[i], &w, &h);
      self->legend_at[i] = GRAPHENE_POINT_INIT (x, PAD);
      x += SWATCH + PAD + w + 3 * PAD;
    }
}

static void
get_colors (GtkWidget *widget,
            GdkRGBA   *fg,
            GdkRGBA   *floor_color,
            GdkRGBA   *agent_color)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (context, fg);
  if (!gtk_style_context_lookup_color (context, "accent_color", agent_color))
    gdk_rgba_parse (agent_color, "#3584e4");
G_GNUC_END_IGNORE_DEPRECATIONS
  *floor_color = *fg;
  floor_color->alpha = 0.55;
}

static void
draw_line (cairo_t                *cr,
           const graphene_point_t *points,
           const double           *values,
           const GdkRGBA          *color,
           double                  width)
{
  gdk_cairo_set_source_rgba (cr, color);
  cairo_set_line_width (cr, width);
  /* Only neighbouring months with values are joined: a gap stays a gap. */
  for (guint i = 1; i < N; i++)
    if (!isnan (values[i - 1]) && !isnan (values[i]))
      {
        cairo_move_to (cr, points[i - 1].x, points[i - 1].y);
        cairo_line_to (cr, points[i].x, points[i].y);
      }
  cairo_stroke (cr);
  for (guint i = 0; i < N; i++)
    if (!isnan (values[i]))
      {
        cairo_new_sub_path (cr);
        cairo_arc (cr, points[i].x, points[i].y, width + 1.5, 0, 2 * G_PI);
      }
  cairo_fill (cr);
}

static void
append_layout (GtkSnapshot            *snapshot,
               PangoLayout            *layout,
               const graphene_point_t *at,
               const GdkRGBA          *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, at);
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
fb_qa_trend_chart_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  FbQaTrendChart *self = FB_QA_TREND_CHART (widget);
  GdkRGBA fg, floor_color, agent_color, dim, grid;
  cairo_t *cr;

  if (!self->has_data || self->month_layouts[0] == NULL)
    return;

  get_colors (widget, &fg, &floor_color, &agent_color);
  dim = fg;
  dim.alpha = 0.7;
  grid = fg;
  grid.alpha = 0.12;

  for (guint i = 0; i < self->n_ticks; i++)
    {
      double y = value_y (self, self->ticks[i]);

      gtk_snapshot_append_color (snapshot, &grid,
                                 &GRAPHENE_RECT_INIT (self->plot.origin.x, round (y), self->plot.size.width, 1));
      append_layout (snapshot, self->tick_layouts[i], &self->tick_at[i], &dim);
    }
  for (guint i = 0; i < N; i++)
    append_layout (snapshot, self->month_layouts[i], &self->month_at[i], &dim);

  /* Legend: a swatch and a name per line. */
  for (guint i = 0; i < 2; i++)
    {
      const GdkRGBA *color = i == 0 ? &floor_color : &agent_color;
      int w, h;
      graphene_point_t text_at;

      pango_layout_get_pixel_size (self->legend_layouts[i], &w, &h);
      gtk_snapshot_append_color (snapshot, color,
                                 &GRAPHENE_RECT_INIT (self->legend_at[i].x, self->legend_at[i].y + h / 2.0 - 2,
                                                      SWATCH, 4));
      text_at = GRAPHENE_POINT_INIT (self->legend_at[i].x + SWATCH + PAD, self->legend_at[i].y);
      append_layout (snapshot, self->legend_layouts[i], &text_at, i == 1 && self->agent_name == NULL ? &dim : &fg);
    }

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                                  gtk_widget_get_height (widget)));
  draw_line (cr, self->floor_points, self->trend.floor, &floor_color, 2);
  draw_line (cr, self->agent_points, self->trend.agent, &agent_color, 2.5);
  cairo_destroy (cr);
}

static void
fb_qa_trend_chart_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  prepare_geometry (FB_QA_TREND_CHART (widget));
}

static void
fb_qa_trend_chart_css_changed (GtkWidget         *widget,
                               GtkCssStyleChange *change)
{
  FbQaTrendChart *self = FB_QA_TREND_CHART (widget);

  GTK_WIDGET_CLASS (fb_qa_trend_chart_parent_class)->css_changed (widget, change);
  /* The font may have changed (wallboard mode): lay the text out again. */
  prepare_text (self);
  prepare_geometry (self);
  gtk_widget_queue_draw (widget);
}

static void
fb_qa_trend_chart_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 150;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 420 : 190;
}

guint
fb_qa_trend_chart_get_n_points (FbQaTrendChart *self,
                                gboolean        agent)
{
  guint n = 0;

  g_return_val_if_fail (FB_IS_QA_TREND_CHART (self), 0);

  if (!self->has_data)
    return 0;
  for (guint i = 0; i < N; i++)
    n += !isnan (agent ? self->trend.agent[i] : self->trend.floor[i]);
  return n;
}

const char *
fb_qa_trend_chart_get_label (FbQaTrendChart *self,
                             guint           index)
{
  g_return_val_if_fail (FB_IS_QA_TREND_CHART (self), NULL);
  g_return_val_if_fail (index < N, NULL);
  return self->labels[index];
}

static gboolean
same_values (const double *a,
             const double *b)
{
  for (guint i = 0; i < N; i++)
    if (isnan (a[i]) != isnan (b[i]) || (!isnan (a[i]) && a[i] != b[i]))
      return FALSE;
  return TRUE;
}

static void
update_description (FbQaTrendChart *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < N; i++)
    {
      if (text->len > 0)
        g_string_append (text, "; ");
      g_string_append_printf (text, "%s: ", self->labels[i]);
      if (isnan (self->trend.floor[i]))
        g_string_append (text, _("no evaluations"));
      else
        /* Translators: the floor's average QA total in a month */
        g_string_append_printf (text, _("floor %.1f"), self->trend.floor[i]);
      if (self->agent_name != NULL && !isnan (self->trend.agent[i]))
        g_string_append_printf (text, ", %s %.1f", self->agent_name, self->trend.agent[i]);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str, -1);
}

void
fb_qa_trend_chart_set_trend (FbQaTrendChart  *self,
                             const FbQaTrend *trend,
                             const char      *agent_name)
{
  g_return_if_fail (FB_IS_QA_TREND_CHART (self));
  g_return_if_fail (trend != NULL);

  if (self->has_data && g_strcmp0 (agent_name, self->agent_name) == 0 &&
      memcmp (trend->year, self->trend.year, sizeof trend->year) == 0 &&
      memcmp (trend->month, self->trend.month, sizeof trend->month) == 0 &&
      same_values (trend->floor, self->trend.floor) && same_values (trend->agent, self->trend.agent))
    return;

  self->trend = *trend;
  g_free (self->agent_name);
  self->agent_name = g_strdup (agent_name);
  self->has_data = TRUE;
  for (guint i = 0; i < N; i++)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_utc (trend->year[i], trend->month[i], 1, 0, 0, 0);

      g_free (self->labels[i]);
      /* Translators: a month on the chart's axis, strftime format ("Nov", "11월") */
      self->labels[i] = dt ? fb_date_time_format (dt, C_("qa-chart-month", "%b")) : g_strdup ("?");
    }
  prepare_scale (self);
  prepare_text (self);
  prepare_geometry (self);
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
fb_qa_trend_chart_finalize (GObject *object)
{
  FbQaTrendChart *self = (FbQaTrendChart *)object;

  clear_layouts (self);
  for (guint i = 0; i < N; i++)
    g_free (self->labels[i]);
  g_free (self->agent_name);

  G_OBJECT_CLASS (fb_qa_trend_chart_parent_class)->finalize (object);
}

/* The figures behind the lines: month, floor average, and the chosen
 * agent's when there is one. */
GPtrArray *
fb_qa_trend_chart_dup_table (FbQaTrendChart *self,
                             guint          *n_columns)
{
  GPtrArray *cells = g_ptr_array_new_with_free_func (g_free);
  gboolean agent = self->agent_name != NULL;

  g_return_val_if_fail (FB_IS_QA_TREND_CHART (self), cells);

  *n_columns = agent ? 3 : 2;
  for (guint i = 0; self->has_data && i < N; i++)
    {
      g_ptr_array_add (cells, g_strdup (self->labels[i]));
      g_ptr_array_add (cells, isnan (self->trend.floor[i]) ? g_strdup ("–")
                                                            : g_strdup_printf ("%.1f", self->trend.floor[i]));
      if (agent)
        g_ptr_array_add (cells, isnan (self->trend.agent[i]) ? g_strdup ("–")
                                                              : g_strdup_printf ("%.1f", self->trend.agent[i]));
    }
  return cells;
}

static void
show_table_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  FbQaTrendChart *self = FB_QA_TREND_CHART (widget);
  guint n_columns;
  g_autoptr(GPtrArray) cells = fb_qa_trend_chart_dup_table (self, &n_columns);
  const char *headers[] = {
    /* Translators: the columns of the QA trend's table */
    C_("chart table", "Month"), C_("chart table", "Floor average"), self->agent_name,
  };

  fb_chart_table_present (widget, _("Average QA Total over Six Months"), headers, n_columns, cells);
}

static void
fb_qa_trend_chart_class_init (FbQaTrendChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* Enter or a click: the figures as a table. */
  fb_chart_table_install_action (widget_class, show_table_action);

  object_class->finalize = fb_qa_trend_chart_finalize;
  widget_class->snapshot = fb_qa_trend_chart_snapshot;
  widget_class->size_allocate = fb_qa_trend_chart_size_allocate;
  widget_class->measure = fb_qa_trend_chart_measure;
  widget_class->css_changed = fb_qa_trend_chart_css_changed;
  gtk_widget_class_set_css_name (widget_class, "qatrendchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
fb_qa_trend_chart_init (FbQaTrendChart *self)
{
  fb_chart_table_init_chart (GTK_WIDGET (self), _("Click or press Enter for the figures as a table"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Average QA total over six months"), -1);
}

GtkWidget *
fb_qa_trend_chart_new (void)
{
  return g_object_new (FB_TYPE_QA_TREND_CHART, NULL);
}
