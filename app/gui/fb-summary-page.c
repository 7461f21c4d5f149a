/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-summary-page.c
 *
 * The director's daily summary (or a week's, a month's roll-up) as shown:
 * the period and date, the tiles, the chart or the days, the groups of
 * figures. Computing it is in fb-summary-page-compute.c, writing it to a
 * file in -export.c, printing it in -print.c.
 */
#define G_LOG_DOMAIN "floorboard"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "fb-entity.h"
#include "fb-format.h"
#include "fb-intraday-chart.h"
#include "fb-store.h"
#include "fb-summary-csv.h"
#include "fb-summary-format.h"
#include "fb-context.h"
#include "fb-summary-page-private.h"
#include "fb-summary-pdf.h"
#include "fb-sync-engine.h"
#include "fb-popover-focus.h"
#include "fb-widget-utils.h"

struct _FbSummaryDay
{
  GObject     parent_instance;
  JsonObject *object;
};

G_DEFINE_FINAL_TYPE (FbSummaryDay, fb_summary_day, G_TYPE_OBJECT)

static void
fb_summary_day_finalize (GObject *object)
{
  g_clear_pointer (&FB_SUMMARY_DAY (object)->object, json_object_unref);
  G_OBJECT_CLASS (fb_summary_day_parent_class)->finalize (object);
}

static void
fb_summary_day_class_init (FbSummaryDayClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fb_summary_day_finalize;
}

static void
fb_summary_day_init (FbSummaryDay *self)
{
}

G_DEFINE_FINAL_TYPE (FbSummaryPage, fb_summary_page, GTK_TYPE_WIDGET)

enum {
  OPEN_REPORT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GDateTime *
parse_date (GTimeZone  *tz,
            const char *date)
{
  return date ? fb_date_to_datetime (tz, date) : NULL;
}

static char *
today (FbSummaryPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (self->tz);

  return g_date_time_format (now, "%Y-%m-%d");
}

void
fb_summary_page_read_targets (GSettings        *settings,
                              FbSummaryTargets *targets)
{
  g_return_if_fail (G_IS_SETTINGS (settings));
  g_return_if_fail (targets != NULL);

  targets->service_level = g_settings_get_double (settings, "target-service-level");
  targets->abandon_rate = g_settings_get_double (settings, "target-abandon-rate");
  targets->asa_s = g_settings_get_uint (settings, "target-asa");
  targets->callback_rate_72h = g_settings_get_double (settings, "target-callback-rate");
}

/* A figure left out (the data cannot give it; 0 would be a lie) is "–". */
static char *
format_path (JsonNode   *summary,
             const char *path)
{
  return fb_summary_format_path (summary, path);
}

static GtkWidget *
value_label (FbSummaryPage *self,
             const char    *path)
{
  GtkWidget *label = gtk_label_new ("–");

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_width_chars (GTK_LABEL (label), 9);
  gtk_widget_add_css_class (label, "numeric");
  g_hash_table_insert (self->figures, g_strdup (path), label);
  return label;
}

/* A row of a group: the figure's name and its value(s), one per path. */
static GtkWidget *
add_row (FbSummaryPage      *self,
         GtkWidget          *group,
         const char         *title,
         const char * const *paths)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  for (guint i = 0; paths[i] != NULL; i++)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), value_label (self, paths[i]));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return row;
}

static GtkWidget *
add_group (FbSummaryPage *self,
           GtkWidget     *parent,
           const char    *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  gtk_widget_set_hexpand (group, TRUE);
  gtk_widget_set_valign (group, GTK_ALIGN_START);
  if (GTK_IS_BOX (parent))
    gtk_box_append (GTK_BOX (parent), group);
  return group;
}

static void
open_report_clicked_cb (GtkButton     *button,
                        FbSummaryPage *self)
{
  const char *shift = g_object_get_data (G_OBJECT (button), "shift");

  if (self->date != NULL && self->period == FB_SUMMARY_PAGE_DAY)
    g_signal_emit (self, signals[OPEN_REPORT], 0, self->date, shift);
}

static void
build_groups (FbSummaryPage *self)
{
  /* The figures in the order the PDF and the CSV give them. */
  const char * const *shift_figures = fb_summary_shift_figures;
  const char * const *call_figures = fb_summary_call_figures;
  const char * const *escalation_figures = fb_summary_escalation_figures;
  const char * const *qa_daily = fb_summary_qa_day_figures;
  const char * const *qa_rollup = fb_summary_qa_period_figures;
  const char * const *report_rollup = fb_summary_report_period_figures;
  static const char * const shift_keys[] = { "day", "night" };
  static const char * const shift_titles[] = { "shifts.day", "shifts.night" };
  GtkWidget *group, *pair, *heading;

  /* Both shifts side by side. */
  group = add_group (self, self->groups_box, fb_summary_label ("shifts"));
  heading = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  for (guint i = 0; i < 2; i++)
    {
      GtkWidget *label = gtk_label_new (fb_summary_label (shift_titles[i]));

      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_label_set_width_chars (GTK_LABEL (label), 9);
      /* Lined up with the values of the rows below. */
      gtk_widget_set_margin_end (label, i == 1 ? 12 : 6);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (heading), label);
    }
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), heading);
  for (guint i = 0; shift_figures[i] != NULL; i++)
    {
      g_autofree char *day = g_strconcat ("shifts.day.", shift_figures[i], NULL);
      g_autofree char *night = g_strconcat ("shifts.night.", shift_figures[i], NULL);
      const char *paths[] = { day, night, NULL };

      add_row (self, group, fb_summary_label (shift_figures[i]), paths);
    }
  g_ptr_array_add (self->daily_only, group);

  group = add_group (self, self->groups_box, fb_summary_label ("day"));
  for (guint i = 0; call_figures[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat ("day.", call_figures[i], NULL);
      const char *paths[] = { path, NULL };

      add_row (self, group, fb_summary_label (call_figures[i]), paths);
    }

  pair = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  gtk_box_set_homogeneous (GTK_BOX (pair), TRUE);
  gtk_box_append (GTK_BOX (self->groups_box), pair);

  group = add_group (self, pair, fb_summary_label ("escalations"));
  for (guint i = 0; escalation_figures[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat ("escalations.", escalation_figures[i], NULL);
      const char *paths[] = { path, NULL };

      add_row (self, group, fb_summary_label (escalation_figures[i]), paths);
    }

  group = add_group (self, pair, fb_summary_label ("qa"));
  for (guint i = 0; qa_daily[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat ("qa.", qa_daily[i], NULL);
      const char *paths[] = { path, NULL };

      g_ptr_array_add (self->daily_only, add_row (self, group, fb_summary_label (qa_daily[i]), paths));
    }
  for (guint i = 0; qa_rollup[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat ("qa.", qa_rollup[i], NULL);
      const char *paths[] = { path, NULL };

      /* "evaluations" is in both: a day's, or the period's. */
      if (g_str_equal (qa_rollup[i], "evaluations"))
        continue;
      g_ptr_array_add (self->rollup_only, add_row (self, group, fb_summary_label (qa_rollup[i]), paths));
    }

  group = add_group (self, self->groups_box, fb_summary_label ("reports"));
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *path = g_strconcat ("reports.", shift_keys[i], NULL);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *status = value_label (self, path);
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Open"));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), fb_summary_label (shift_titles[i]));
      gtk_label_set_width_chars (GTK_LABEL (status), 12);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), status);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, _("Open the duty report"));
      g_object_set_data (G_OBJECT (button), "shift", (gpointer) shift_keys[i]);
      g_signal_connect (button, "clicked", G_CALLBACK (open_report_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      self->report_buttons[i] = button;
      g_object_set_data (G_OBJECT (status), "row", row);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      g_ptr_array_add (self->daily_only, row);
    }
  for (guint i = 0; report_rollup[i] != NULL; i++)
    {
      g_autofree char *path = g_strconcat ("reports.", report_rollup[i], NULL);
      const char *paths[] = { path, NULL };

      g_ptr_array_add (self->rollup_only, add_row (self, group, fb_summary_label (report_rollup[i]), paths));
    }
}

static void
build_kpis (FbSummaryPage *self)
{
  g_assert (g_strv_length ((char **) fb_summary_kpi_figures) == N_KPIS);
  for (guint i = 0; fb_summary_kpi_figures[i] != NULL; i++)
    {
      GtkWidget *tile = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *title = gtk_label_new (fb_summary_label (fb_summary_kpi_figures[i]));
      g_autofree char *path = g_strconcat ("kpi.", fb_summary_kpi_figures[i], NULL);
      g_autofree char *target_path = g_strconcat ("kpi.", fb_summary_kpi_figures[i], ".target", NULL);
      GtkWidget *value = value_label (self, path);
      GtkWidget *target = value_label (self, target_path);

      gtk_widget_add_css_class (tile, "card");
      gtk_widget_add_css_class (tile, "summary-kpi");
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_label_set_wrap (GTK_LABEL (title), TRUE);
      gtk_widget_add_css_class (title, "caption-heading");
      gtk_label_set_xalign (GTK_LABEL (value), 0);
      gtk_widget_add_css_class (value, "title-1");
      gtk_label_set_xalign (GTK_LABEL (target), 0);
      gtk_label_set_wrap (GTK_LABEL (target), TRUE);
      gtk_widget_add_css_class (target, "caption");
      gtk_box_append (GTK_BOX (tile), title);
      gtk_box_append (GTK_BOX (tile), value);
      gtk_box_append (GTK_BOX (tile), target);
      gtk_box_append (GTK_BOX (self->kpi_box), tile);
      self->kpi_tiles[i] = tile;
    }
}

static void
set_figure (FbSummaryPage *self,
            const char    *path,
            const char    *text)
{
  GtkLabel *label = g_hash_table_lookup (self->figures, path);

  g_assert (label != NULL);
  fb_label_set_text (label, text);
}

static char *
format_date (GDateTime  *dt,
             const char *format)
{
  return fb_date_time_format (dt, format);
}

char *
fb_summary_page_period_title (FbSummaryPage *self)
{
  g_autoptr(GDateTime) dt = parse_date (self->tz, self->date);
  const char *from = NULL, *to = NULL;
  g_autoptr(GDateTime) from_dt = NULL;
  g_autoptr(GDateTime) to_dt = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (dt == NULL)
    return g_strdup ("");
  switch (self->period)
    {
    case FB_SUMMARY_PAGE_DAY:
      {
        /* Translators: the daily summary's date, as g_date_time_format() takes it. */
        g_autofree char *text = format_date (dt, _("%A, %B %-d, %Y"));
        return g_strdup_printf (_("Daily Summary — %s"), text);
      }
    case FB_SUMMARY_PAGE_MONTH:
      {
        /* Translators: a month, as g_date_time_format() takes it. */
        g_autofree char *text = format_date (dt, _("%B %Y"));
        return g_strdup_printf (_("Monthly Summary — %s"), text);
      }
    case FB_SUMMARY_PAGE_WEEK:
    default:
      if (self->summary != NULL && JSON_NODE_HOLDS_OBJECT (self->summary))
        {
          from = json_object_get_string_member_with_default (json_node_get_object (self->summary), "from", NULL);
          to = json_object_get_string_member_with_default (json_node_get_object (self->summary), "to", NULL);
        }
      from_dt = parse_date (self->tz, from);
      to_dt = parse_date (self->tz, to);
      if (from_dt == NULL || to_dt == NULL)
        return g_strdup (_("Weekly Summary"));
      /* Translators: a short date, as g_date_time_format() takes it. */
      a = format_date (from_dt, _("%B %-d"));
      b = format_date (to_dt, _("%B %-d"));
      /* Translators: the first and last day of a week. */
      return g_strdup_printf (_("Weekly Summary — %s to %s"), a, b);
    }
}

static void
update_date_button (FbSummaryPage *self)
{
  g_autoptr(GDateTime) dt = parse_date (self->tz, self->date);
  g_autofree char *text = NULL;
  g_autofree char *now = today (self);

  if (dt == NULL)
    return;
  switch (self->period)
    {
    case FB_SUMMARY_PAGE_MONTH:
      text = format_date (dt, _("%B %Y"));
      break;
    case FB_SUMMARY_PAGE_WEEK:
      {
        g_autoptr(GDateTime) monday = g_date_time_add_days (dt, 1 - g_date_time_get_day_of_week (dt));
        g_autofree char *start = format_date (monday, _("%B %-d"));
        /* Translators: the week starting on a date. */
        text = g_strdup_printf (_("Week of %s"), start);
      }
      break;
    case FB_SUMMARY_PAGE_DAY:
    default:
      /* Translators: a date with its weekday, as g_date_time_format() takes it. */
      text = format_date (dt, _("%a, %B %-d"));
      break;
    }
  gtk_menu_button_set_label (self->date_button, text);
  gtk_calendar_select_day (self->calendar, dt);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "summary.next", g_strcmp0 (self->date, now) < 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "summary.today", g_strcmp0 (self->date, now) != 0);
}

static void
update_kpis (FbSummaryPage *self)
{
  FbSummaryTargets targets;
  /* The verdict by the targets the figures were computed with. */
  gboolean has_targets = fb_summary_get_targets (self->summary, &targets);
  for (guint i = 0; fb_summary_kpi_figures[i] != NULL; i++)
    {
      g_autofree char *source = fb_summary_kpi_path (fb_summary_kpi_figures[i]);
      g_autofree char *path = g_strconcat ("kpi.", fb_summary_kpi_figures[i], NULL);
      g_autofree char *target_path = g_strconcat ("kpi.", fb_summary_kpi_figures[i], ".target", NULL);
      g_autofree char *target_source = g_strconcat ("targets.", fb_summary_kpi_figures[i], NULL);
      g_autofree char *value = format_path (self->summary, source);
      g_autofree char *target = has_targets ? format_path (self->summary, target_source) : g_strdup ("–");
      JsonNode *node = fb_summary_lookup (self->summary, source);
      g_autofree char *line = NULL;
      GtkWidget *tile = self->kpi_tiles[i];

      gtk_widget_remove_css_class (tile, "summary-met");
      gtk_widget_remove_css_class (tile, "summary-missed");
      if (has_targets && node != NULL && JSON_NODE_HOLDS_VALUE (node))
        {
          gboolean met = fb_summary_targets_met (&targets, fb_summary_kpi_figures[i], json_node_get_double (node));

          gtk_widget_add_css_class (tile, met ? "summary-met" : "summary-missed");
          /* The words say it too: colour is never the only sign. */
          line = g_strdup_printf (met ? _("Target %s · met") : _("Target %s · missed"), target);
        }
      else
        line = g_strdup_printf (_("Target %s · no data"), target);
      set_figure (self, path, value);
      set_figure (self, target_path, line);
    }
}

static void
update_reports (FbSummaryPage *self)
{
  static const char * const shift_keys[] = { "day", "night" };

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *path = g_strconcat ("reports.", shift_keys[i], NULL);
      GtkLabel *status = g_hash_table_lookup (self->figures, path);
      AdwActionRow *row = g_object_get_data (G_OBJECT (status), "row");
      JsonNode *node = fb_summary_lookup (self->summary, path);
      JsonObject *o = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      g_autoptr(GString) details = g_string_new (NULL);
      g_autofree char *status_text = NULL;

      if (o == NULL)
        {
          set_figure (self, path, _("No report"));
          adw_action_row_set_subtitle (row, _("Not written yet"));
          gtk_widget_set_sensitive (self->report_buttons[i], FALSE);
          continue;
        }
      status_text = fb_summary_format_figure ("status", json_object_get_member (o, "status"));
      set_figure (self, path, status_text);
      if (json_object_has_member (o, "author"))
        g_string_append_printf (details, _("Written by %s"), json_object_get_string_member (o, "author"));
      if (json_object_has_member (o, "acknowledged_by"))
        {
          if (details->len > 0)
            g_string_append (details, " · ");
          g_string_append_printf (details, _("handover taken by %s"), json_object_get_string_member (o, "acknowledged_by"));
        }
      if (json_object_has_member (o, "reviewed_by"))
        {
          if (details->len > 0)
            g_string_append (details, " · ");
          g_string_append_printf (details, _("reviewed by %s"), json_object_get_string_member (o, "reviewed_by"));
        }
      adw_action_row_set_subtitle (row, details->str);
      gtk_widget_set_sensitive (self->report_buttons[i], TRUE);
    }
}

static void
update_due (FbSummaryPage *self)
{
  JsonNode *date = fb_summary_lookup (self->summary, "monthly_report_due.date");
  JsonNode *overdue = fb_summary_lookup (self->summary, "monthly_report_due.overdue");
  g_autoptr(GDateTime) due = date ? parse_date (self->tz, json_node_get_string (date)) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now (self->tz);
  g_autofree char *day = NULL;
  g_autofree char *text = NULL;
  gboolean late = overdue != NULL && json_node_get_boolean (overdue);

  gtk_widget_set_visible (self->due_box, due != NULL);
  if (due == NULL)
    return;
  day = format_date (due, _("%B %-d"));
  if (late)
    text = g_strdup_printf (_("The monthly service-quality report was due by %s"), day);
  else
    {
      g_autoptr(GDateTime) midnight = g_date_time_new (self->tz, g_date_time_get_year (now),
                                                      g_date_time_get_month (now),
                                                      g_date_time_get_day_of_month (now), 0, 0, 0);
      gint64 days = g_date_time_difference (due, midnight) / G_TIME_SPAN_DAY;

      if (days >= 0 && days <= 31)
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "The monthly service-quality report is due by %s, in %d day",
                                             "The monthly service-quality report is due by %s, in %d days",
                                             days), day, (int) days);
      else
        text = g_strdup_printf (_("The monthly service-quality report is due by %s"), day);
    }
  set_figure (self, "due", text);
  if (late)
    gtk_widget_add_css_class (self->due_box, "summary-overdue");
  else
    gtk_widget_remove_css_class (self->due_box, "summary-overdue");
  gtk_image_set_from_icon_name (GTK_IMAGE (gtk_widget_get_first_child (self->due_box)),
                                late ? "dialog-warning-symbolic" : "x-office-calendar-symbolic");
}

static void
update_chart (FbSummaryPage *self)
{
  JsonNode *offered = fb_summary_lookup (self->summary, "intraday.offered");
  JsonNode *last_week = fb_summary_lookup (self->summary, "intraday.last_week");
  double today_slots[FB_INTRADAY_SLOTS] = { 0 }, week_slots[FB_INTRADAY_SLOTS] = { 0 };
  g_autofree char *now = today (self);
  guint current = FB_INTRADAY_SLOTS - 1;

  if (offered == NULL || !JSON_NODE_HOLDS_ARRAY (offered) ||
      last_week == NULL || !JSON_NODE_HOLDS_ARRAY (last_week))
    return;
  for (guint i = 0; i < FB_INTRADAY_SLOTS; i++)
    {
      JsonArray *a = json_node_get_array (offered);
      JsonArray *b = json_node_get_array (last_week);

      if (i < json_array_get_length (a))
        today_slots[i] = json_array_get_int_element (a, i);
      if (i < json_array_get_length (b))
        week_slots[i] = json_array_get_int_element (b, i);
    }
  /* Today's quarter hours still to come are not drawn as zeros. */
  if (g_strcmp0 (self->date, now) == 0)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_now (self->tz);
      current = (g_date_time_get_hour (dt) * 60 + g_date_time_get_minute (dt)) / 15;
    }
  fb_intraday_chart_set_data (self->chart, today_slots, week_slots, current);
}

static void
update_days (FbSummaryPage *self)
{
  JsonNode *days = fb_summary_lookup (self->summary, "days");
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n;

  if (days == NULL || !JSON_NODE_HOLDS_ARRAY (days))
    {
      g_list_store_remove_all (self->days);
      return;
    }
  n = json_array_get_length (json_node_get_array (days));
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (days), i);
      FbSummaryDay *day;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      day = g_object_new (FB_TYPE_SUMMARY_DAY, NULL);
      day->object = json_object_ref (json_node_get_object (node));
      g_ptr_array_add (items, day);
    }
  g_list_store_splice (self->days, 0, g_list_model_get_n_items (G_LIST_MODEL (self->days)),
                       items->pdata, items->len);
}

static void
update_visibility (FbSummaryPage *self)
{
  gboolean daily = self->period == FB_SUMMARY_PAGE_DAY;

  for (guint i = 0; i < self->daily_only->len; i++)
    gtk_widget_set_visible (g_ptr_array_index (self->daily_only, i), daily);
  for (guint i = 0; i < self->rollup_only->len; i++)
    gtk_widget_set_visible (g_ptr_array_index (self->rollup_only, i), !daily);
  gtk_widget_set_visible (self->chart_box, daily);
  gtk_widget_set_visible (self->days_box, !daily);
}

void
fb_summary_page_update_view (FbSummaryPage *self)
{
  GHashTableIter iter;
  const char *path;
  GtkLabel *label;
  g_autofree char *title = fb_summary_page_period_title (self);

  update_date_button (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "summary.export-pdf", self->summary != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "summary.export-csv", self->summary != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "summary.print", self->summary != NULL);
  if (self->error != NULL)
    {
      adw_status_page_set_description (self->error_page, self->error);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "summary");
  if (self->summary == NULL)
    return;

  gtk_label_set_text (self->title_label, title);
  update_visibility (self);
  /* Every plain figure by its path; the composed ones after. */
  g_hash_table_iter_init (&iter, self->figures);
  while (g_hash_table_iter_next (&iter, (gpointer *) &path, (gpointer *) &label))
    {
      g_autofree char *text = NULL;

      if (g_str_has_prefix (path, "kpi.") || g_str_has_prefix (path, "reports.day") ||
          g_str_has_prefix (path, "reports.night") || g_str_equal (path, "due"))
        continue;
      text = format_path (self->summary, path);
      fb_label_set_text (label, text);
    }
  update_kpis (self);
  update_reports (self);
  update_due (self);
  if (self->period == FB_SUMMARY_PAGE_DAY)
    update_chart (self);
  else
    update_days (self);
}

static void
fb_summary_page_map (GtkWidget *widget)
{
  FbSummaryPage *self = FB_SUMMARY_PAGE (widget);

  GTK_WIDGET_CLASS (fb_summary_page_parent_class)->map (widget);
  if (self->owed || (self->summary == NULL && self->error == NULL && !self->computing))
    fb_summary_page_request_compute (self, TRUE);
}

static void
update_role (FbSummaryPage *self)
{
  /* Every role may read the summary; the duty reports open read-only for
   * those who may not review them (the dialog decides). */
  fb_summary_page_update_view (self);
}

void
fb_summary_page_set_time_zone (FbSummaryPage *self,
                               GTimeZone     *tz)
{
  g_return_if_fail (FB_IS_SUMMARY_PAGE (self));
  g_return_if_fail (tz != NULL);

  g_clear_pointer (&self->tz, g_time_zone_unref);
  self->tz = g_time_zone_ref (tz);
  g_free (self->date);
  self->date = today (self);
  update_date_button (self);
  fb_summary_page_request_compute (self, TRUE);
}

/* Days are the center's, whatever zone this machine is in. */
static void
clock_zone_changed_cb (FbSummaryPage *self,
                       GParamSpec    *pspec,
                       FbCenterClock *clock)
{
  GTimeZone *tz = fb_center_clock_get_time_zone (clock);

  if (g_strcmp0 (g_time_zone_get_identifier (tz), g_time_zone_get_identifier (self->tz)) != 0)
    fb_summary_page_set_time_zone (self, tz);
}

gboolean
fb_summary_page_set_date (FbSummaryPage *self,
                          const char    *date)
{
  g_autofree char *now = NULL;

  g_return_val_if_fail (FB_IS_SUMMARY_PAGE (self), FALSE);

  now = today (self);
  if (date == NULL || !fb_date_is_valid (date) || strcmp (date, now) > 0)
    return FALSE;
  if (g_strcmp0 (self->date, date) == 0)
    return TRUE;
  g_free (self->date);
  self->date = g_strdup (date);
  update_date_button (self);
  fb_summary_page_request_compute (self, TRUE);
  return TRUE;
}

const char *
fb_summary_page_get_date (FbSummaryPage *self)
{
  g_return_val_if_fail (FB_IS_SUMMARY_PAGE (self), NULL);
  return self->date;
}

void
fb_summary_page_set_period (FbSummaryPage       *self,
                            FbSummaryPagePeriod  period)
{
  GtkToggleButton *buttons[] = { self->day_button, self->week_button, self->month_button };

  g_return_if_fail (FB_IS_SUMMARY_PAGE (self));
  g_return_if_fail (period <= FB_SUMMARY_PAGE_MONTH);

  /* The buttons' "toggled" comes back here. */
  if (!gtk_toggle_button_get_active (buttons[period]))
    {
      gtk_toggle_button_set_active (buttons[period], TRUE);
      return;
    }
  if (self->period == period)
    return;
  self->period = period;
  /* The old period's figures would be read as the new one's. */
  g_clear_pointer (&self->summary, json_node_unref);
  update_date_button (self);
  fb_summary_page_request_compute (self, TRUE);
}

FbSummaryPagePeriod
fb_summary_page_get_period (FbSummaryPage *self)
{
  g_return_val_if_fail (FB_IS_SUMMARY_PAGE (self), FB_SUMMARY_PAGE_DAY);
  return self->period;
}

static void
period_toggled_cb (FbSummaryPage   *self,
                   GtkToggleButton *button)
{
  if (!gtk_toggle_button_get_active (button))
    return;
  if (button == self->day_button)
    fb_summary_page_set_period (self, FB_SUMMARY_PAGE_DAY);
  else if (button == self->week_button)
    fb_summary_page_set_period (self, FB_SUMMARY_PAGE_WEEK);
  else
    fb_summary_page_set_period (self, FB_SUMMARY_PAGE_MONTH);
}

static void
calendar_day_selected_cb (FbSummaryPage *self,
                          GtkCalendar   *calendar)
{
  g_autoptr(GDateTime) dt = gtk_calendar_get_date (calendar);
  g_autofree char *date = g_date_time_format (dt, "%Y-%m-%d");

  if (g_strcmp0 (date, self->date) == 0)
    return;
  if (fb_summary_page_set_date (self, date))
    gtk_menu_button_popdown (self->date_button);
  else
    /* A day to come has no summary: back to the one shown. */
    update_date_button (self);
}

/* Moves a day, a week or a month; never past today. */
static void
step (FbSummaryPage *self,
      int            direction)
{
  g_autoptr(GDateTime) dt = parse_date (self->tz, self->date);
  g_autoptr(GDateTime) next = NULL;
  g_autofree char *date = NULL;
  g_autofree char *now = today (self);

  if (dt == NULL)
    return;
  switch (self->period)
    {
    case FB_SUMMARY_PAGE_WEEK:
      next = g_date_time_add_days (dt, 7 * direction);
      break;
    case FB_SUMMARY_PAGE_MONTH:
      {
        g_autoptr(GDateTime) first = g_date_time_new (self->tz, g_date_time_get_year (dt),
                                                     g_date_time_get_month (dt), 1, 0, 0, 0);
        next = g_date_time_add_months (first, direction);
      }
      break;
    case FB_SUMMARY_PAGE_DAY:
    default:
      next = g_date_time_add_days (dt, direction);
      break;
    }
  date = g_date_time_format (next, "%Y-%m-%d");
  /* This week or month, shown from its start up to today. */
  if (strcmp (date, now) > 0)
    {
      if (strcmp (self->date, now) == 0)
        return;
      g_free (date);
      date = g_strdup (now);
    }
  fb_summary_page_set_date (self, date);
}

static void
previous_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  step (FB_SUMMARY_PAGE (widget), -1);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  step (FB_SUMMARY_PAGE (widget), 1);
}

static void
today_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  FbSummaryPage *self = FB_SUMMARY_PAGE (widget);
  g_autofree char *now = today (self);

  fb_summary_page_set_date (self, now);
}

JsonNode *
fb_summary_page_get_summary (FbSummaryPage *self)
{
  g_return_val_if_fail (FB_IS_SUMMARY_PAGE (self), NULL);
  return self->summary;
}

const char *
fb_summary_page_get_figure (FbSummaryPage *self,
                            const char    *path)
{
  GtkWidget *label;

  g_return_val_if_fail (FB_IS_SUMMARY_PAGE (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  label = g_hash_table_lookup (self->figures, path);
  if (label == NULL || self->summary == NULL)
    return NULL;
  /* A figure of the other kind of period is not on screen. */
  for (GtkWidget *w = label; w != NULL && w != GTK_WIDGET (self); w = gtk_widget_get_parent (w))
    if (!gtk_widget_get_visible (w))
      return NULL;
  return gtk_label_get_text (GTK_LABEL (label));
}

GtkWidget *
fb_summary_page_get_kpi_tile (FbSummaryPage *self,
                              const char    *key)
{
  g_return_val_if_fail (FB_IS_SUMMARY_PAGE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  for (guint i = 0; fb_summary_kpi_figures[i] != NULL; i++)
    if (g_str_equal (fb_summary_kpi_figures[i], key))
      return self->kpi_tiles[i];
  return NULL;
}

GListModel *
fb_summary_page_get_days (FbSummaryPage *self)
{
  g_return_val_if_fail (FB_IS_SUMMARY_PAGE (self), NULL);
  return G_LIST_MODEL (self->days);
}

guint
fb_summary_page_get_n_computed (FbSummaryPage *self)
{
  g_return_val_if_fail (FB_IS_SUMMARY_PAGE (self), 0);
  return self->n_computed;
}

const char *
fb_summary_page_get_error (FbSummaryPage *self)
{
  g_return_val_if_fail (FB_IS_SUMMARY_PAGE (self), NULL);
  return self->error;
}

static void
settings_changed_cb (FbSummaryPage *self,
                     const char    *key)
{
  if (g_str_has_prefix (key, "target-"))
    fb_summary_page_request_compute (self, TRUE);
}

/* The day table of a roll-up. */
static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);
  const char *key = g_object_get_data (G_OBJECT (factory), "key");

  gtk_label_set_xalign (GTK_LABEL (label), g_str_equal (key, "date") ? 0 : 1);
  gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              FbSummaryPage            *self)
{
  FbSummaryDay *day = gtk_list_item_get_item (item);
  const char *key = g_object_get_data (G_OBJECT (factory), "key");
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  g_autofree char *text = NULL;

  if (g_str_equal (key, "date"))
    {
      g_autoptr(GDateTime) dt = parse_date (self->tz, json_object_get_string_member_with_default (day->object, "date", NULL));

      text = dt ? format_date (dt, _("%a, %B %-d")) : g_strdup ("");
    }
  else if (g_str_equal (key, "reports"))
    {
      /* Translators: duty reports submitted, then reviewed, of a day's two. */
      text = g_strdup_printf (_("%d submitted, %d reviewed"),
                              (int) json_object_get_int_member_with_default (day->object, "reports_submitted", 0),
                              (int) json_object_get_int_member_with_default (day->object, "reports_reviewed", 0));
    }
  else
    {
      JsonNode *node = json_object_get_member (day->object, key);

      text = node && JSON_NODE_HOLDS_VALUE (node) ? fb_summary_format_figure (key, node) : g_strdup ("–");
    }
  gtk_label_set_text (label, text);
}

static void
add_column (FbSummaryPage *self,
            const char    *key,
            const char    *title,
            gboolean       expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_object_set_data_full (G_OBJECT (factory), "key", g_strdup (key), g_free);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), self);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_append_column (self->days_view, column);
  g_object_unref (column);
}

static void
set_context (GObject   *object,
             FbContext *context)
{
  FbSummaryPage *self = FB_SUMMARY_PAGE (object);

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (fb_context_get_clock (self->context), self);
  g_set_object (&self->context, context);
  g_set_object (&self->store, (context ? fb_context_get_store (context) : NULL));
  g_set_object (&self->engine, (context ? fb_context_get_engine (context) : NULL));
  if (self->engine != NULL)
    g_signal_connect_object (self->engine, "notify::state", G_CALLBACK (update_role), self, G_CONNECT_SWAPPED);
  if (context != NULL)
    {
      FbCenterClock *clock = fb_context_get_clock (context);

      g_signal_connect_object (clock, "notify::zone-name", G_CALLBACK (clock_zone_changed_cb), self,
                               G_CONNECT_SWAPPED);
      clock_zone_changed_cb (self, NULL, clock);
    }
  fb_summary_page_request_compute (self, TRUE);
}

static void
fb_summary_page_dispose (GObject *object)
{
  FbSummaryPage *self = (FbSummaryPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->export_cancellable);
  g_clear_handle_id (&self->throttle_id, g_source_remove);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_pointer (&self->figures, g_hash_table_unref);
  fb_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_SUMMARY_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->export_cancellable);
  g_clear_object (&self->days);
  g_clear_object (&self->store);
  g_clear_object (&self->engine);
  g_clear_object (&self->settings);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (fb_summary_page_parent_class)->dispose (object);
}

static void
fb_summary_page_finalize (GObject *object)
{
  FbSummaryPage *self = (FbSummaryPage *)object;

  g_clear_pointer (&self->summary, json_node_unref);
  g_clear_pointer (&self->print_document, fb_summary_document_free);
  g_clear_pointer (&self->daily_only, g_ptr_array_unref);
  g_clear_pointer (&self->rollup_only, g_ptr_array_unref);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_free (self->date);
  g_free (self->error);

  G_OBJECT_CLASS (fb_summary_page_parent_class)->finalize (object);
}

static void
fb_summary_page_class_init (FbSummaryPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_summary_page_dispose;
  object_class->finalize = fb_summary_page_finalize;
  widget_class->map = fb_summary_page_map;

  fb_context_install_property (object_class, G_STRUCT_OFFSET (FbSummaryPage, context), set_context);

  /**
   * FbSummaryPage::open-report:
   * @date: the report's date
   * @shift: "day" or "night"
   *
   * The user asked to see a duty report of the summary.
   */
  signals[OPEN_REPORT] = g_signal_new ("open-report", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  g_type_ensure (FB_TYPE_INTRADAY_CHART);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/floorboard/Floorboard/ui/fb-summary-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FbSummaryPage, day_button);
  gtk_widget_class_bind_template_child (widget_class, FbSummaryPage, week_button);
  gtk_widget_class_bind_template_child (widget_class, FbSummaryPage, month_button);
  gtk_widget_class_bind_template_child (widget_class, FbSummaryPage, date_button);
  gtk_widget_class_bind_template_child (widget_class, FbSummaryPage, calendar);
  gtk_widget_class_bind_template_child (widget_class, FbSummaryPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, FbSummaryPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FbSummaryPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, FbSummaryPage, due_box);
  gtk_widget_class_bind_template_child (widget_class, FbSummaryPage, due_label);
  gtk_widget_class_bind_template_child (widget_class, FbSummaryPage, kpi_box);
  gtk_widget_class_bind_template_child (widget_class, FbSummaryPage, chart_box);
  gtk_widget_class_bind_template_child (widget_class, FbSummaryPage, chart);
  gtk_widget_class_bind_template_child (widget_class, FbSummaryPage, days_box);
  gtk_widget_class_bind_template_child (widget_class, FbSummaryPage, days_view);
  gtk_widget_class_bind_template_child (widget_class, FbSummaryPage, groups_box);
  gtk_widget_class_bind_template_child (widget_class, FbSummaryPage, error_page);
  gtk_widget_class_bind_template_callback (widget_class, period_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, calendar_day_selected_cb);

  gtk_widget_class_install_action (widget_class, "summary.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "summary.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "summary.today", NULL, today_action);
  gtk_widget_class_install_action (widget_class, "summary.export-pdf", NULL, fb_summary_page_export_action);
  gtk_widget_class_install_action (widget_class, "summary.export-csv", NULL, fb_summary_page_export_action);
  gtk_widget_class_install_action (widget_class, "summary.print", NULL, fb_summary_page_print_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
fb_summary_page_init (FbSummaryPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  fb_popover_focus_returns_to (gtk_menu_button_get_popover (self->date_button), GTK_WIDGET (self->date_button));

  self->figures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->daily_only = g_ptr_array_new ();
  self->rollup_only = g_ptr_array_new ();
  self->days = g_list_store_new (FB_TYPE_SUMMARY_DAY);
  /* The center's default zone until a context brings the server's. */
  {
    g_autoptr(FbCenterClock) clock = fb_center_clock_new ();

    self->tz = g_time_zone_ref (fb_center_clock_get_time_zone (clock));
  }
  self->date = today (self);
  self->settings = g_settings_new (FB_APP_ID);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);

  g_hash_table_insert (self->figures, g_strdup ("due"), self->due_label);
  build_kpis (self);
  build_groups (self);

  gtk_column_view_set_model (self->days_view,
                             GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->days)))));
  add_column (self, "date", _("Date"), TRUE);
  add_column (self, "offered", fb_summary_label ("offered"), FALSE);
  add_column (self, "answered", fb_summary_label ("answered"), FALSE);
  add_column (self, "service_level", fb_summary_label ("service_level"), FALSE);
  add_column (self, "asa_s", _("ASA"), FALSE);
  add_column (self, "escalations_new", fb_summary_label ("escalations_new"), FALSE);
  add_column (self, "escalations_closed", fb_summary_label ("escalations_closed"), FALSE);
  add_column (self, "reports", _("Duty Reports"), FALSE);

  update_date_button (self);
  fb_summary_page_update_view (self);
}

GtkWidget *
fb_summary_page_new (void)
{
  return g_object_new (FB_TYPE_SUMMARY_PAGE, NULL);
}
