/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-quality-page.c
 *
 * Evaluations are indexed by month (FbQaStats) when they change; a month
 * is then computed from that index. Agents change state every second in
 * the live feed: only a change of an agent's id, name or team (or of the
 * set of agents) recomputes the month, and never re-indexes.
 * Recomputations wait for an idle turn so a sync page of many rows costs
 * one. Nothing is computed while the page is not mapped (on the 2,000-agent
 * bench center the hidden page's items, team rows and copies cost ~3 MB
 * RSS): it owes the computation and pays when shown, or when asked.
 */
#define G_LOG_DOMAIN "floorboard"

#include <glib/gi18n.h>
#include <adwaita.h>
#include <math.h>

#include "fb-entity.h"
#include "fb-format.h"
#include "fb-qa-dialog.h"
#include "fb-qa-stats.h"
#include "fb-qa-trend-chart.h"
#include "fb-context.h"
#include "fb-quality-page-private.h"
#include "fb-row.h"
#include "fb-sync-engine.h"
#include "fb-widget-utils.h"

static const char * const criterion_labels[FB_QA_N_CRITERIA] = {
  N_("Service Language"),
  N_("Attitude"),
  N_("Tone and Intonation"),
  N_("Need Elicitation"),
  N_("Handling Ability"),
};

const char *
fb_quality_page_criterion_label (FbQaCriterion criterion)
{
  g_return_val_if_fail (criterion < FB_QA_N_CRITERIA, NULL);
  return _(criterion_labels[criterion]);
}

/* One agent's month, as the table shows it. */
#define FB_TYPE_QA_AGENT_ITEM (fb_qa_agent_item_get_type ())
G_DECLARE_FINAL_TYPE (FbQaAgentItem, fb_qa_agent_item, FB, QA_AGENT_ITEM, GObject)

struct _FbQaAgentItem
{
  GObject         parent_instance;
  FbQaAgentStats  stats;
  char           *team_name;
};

G_DEFINE_FINAL_TYPE (FbQaAgentItem, fb_qa_agent_item, G_TYPE_OBJECT)

static void
fb_qa_agent_item_finalize (GObject *object)
{
  FbQaAgentItem *self = (FbQaAgentItem *)object;

  g_free (self->stats.agent_id);
  g_free (self->stats.name);
  g_free (self->stats.team_id);
  g_free (self->team_name);

  G_OBJECT_CLASS (fb_qa_agent_item_parent_class)->finalize (object);
}

static void
fb_qa_agent_item_class_init (FbQaAgentItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fb_qa_agent_item_finalize;
}

static void
fb_qa_agent_item_init (FbQaAgentItem *self)
{
}

static FbQaAgentItem *
fb_qa_agent_item_new (const FbQaAgentStats *stats,
                      const char           *team_name)
{
  FbQaAgentItem *self = g_object_new (FB_TYPE_QA_AGENT_ITEM, NULL);

  self->stats = *stats;
  self->stats.agent_id = g_strdup (stats->agent_id);
  self->stats.name = g_strdup (stats->name);
  self->stats.team_id = g_strdup (stats->team_id);
  self->team_name = g_strdup (team_name);
  return self;
}

typedef struct
{
  char *id;
  char *name;
  char *team_id;
} AgentInfo;

static void
agent_info_clear (AgentInfo *info)
{
  g_clear_pointer (&info->id, g_free);
  g_clear_pointer (&info->name, g_free);
  g_clear_pointer (&info->team_id, g_free);
}

struct _FbQualityPage
{
  GtkWidget           parent_instance;

  GtkLabel           *month_label;
  GtkButton          *record_button;
  GtkLabel           *evaluations_label;
  GtkLabel           *none_label;
  GtkLabel           *over_label;
  GtkLabel           *average_label;
  GtkWidget          *none_card;
  GtkWidget          *over_card;
  GtkBox             *focus_box;
  GtkBox             *teams_box;
  FbQaTrendChart     *chart;
  GtkColumnView      *view;

  GListModel         *evaluations;
  GListModel         *agents;
  GListModel         *teams;
  FbSyncEngine       *engine;
  FbContext          *context;
  GTimeZone          *tz;
  int                 year;
  int                 month;

  FbQaStats          *stats;
  gboolean            stats_dirty;
  GArray             *agent_infos;  /* AgentInfo, in the agents model's order */
  FbQaMonth          *current;
  GListStore         *items;        /* FbQaAgentItem */
  GtkSortListModel   *sorted;
  GtkSingleSelection *selection;
  char               *selected_agent_id;
  gboolean            restoring;
  guint               refresh_id;
  gboolean            pending;      /* a computation owed until mapped */
  gboolean            agents_read;  /* agent_infos follows the agents model */
  guint               n_computed;
  char               *focus_text;
  char               *teams_text;
  GtkWidget          *dialog;       /* weak */
};

G_DEFINE_FINAL_TYPE (FbQualityPage, fb_quality_page, GTK_TYPE_WIDGET)

static void map_cb (FbQualityPage *self);
static void flush (FbQualityPage *self);
static void read_agents (FbQualityPage *self);

enum {
  COLUMN_AGENT,
  COLUMN_TEAM,
  COLUMN_COUNT,
  COLUMN_CRITERIA,  /* FB_QA_N_CRITERIA of them */
  COLUMN_TOTAL = COLUMN_CRITERIA + FB_QA_N_CRITERIA,
  N_COLUMNS,
};

static char *
format_average (double value)
{
  return isnan (value) ? g_strdup ("–") : g_strdup_printf ("%.1f", value);
}

static char *
cell_text (FbQaAgentItem *item,
           guint          column)
{
  switch (column)
    {
    case COLUMN_AGENT:
      return g_strdup (item->stats.name ?: item->stats.agent_id);
    case COLUMN_TEAM:
      return g_strdup (item->team_name ?: "");
    case COLUMN_COUNT:
      switch (item->stats.flag)
        {
        case FB_QA_COUNT_NONE:
          /* Translators: an agent's evaluation count in a month, flagged */
          return g_strdup_printf (_("%u · not monitored"), item->stats.count);
        case FB_QA_COUNT_OVER:
          /* Translators: an agent's evaluation count in a month, flagged; %u is the count, %d the most allowed */
          return g_strdup_printf (_("%u · over %d"), item->stats.count, FB_QA_MAX_PER_MONTH);
        case FB_QA_COUNT_OK:
        default:
          return g_strdup_printf ("%u", item->stats.count);
        }
    case COLUMN_TOTAL:
      return format_average (item->stats.total);
    default:
      g_assert (column >= COLUMN_CRITERIA && column < COLUMN_TOTAL);
      return format_average (item->stats.criteria[column - COLUMN_CRITERIA]);
    }
}

static double
cell_number (FbQaAgentItem *item,
             guint          column)
{
  double v;

  if (column == COLUMN_COUNT)
    return item->stats.count;
  v = column == COLUMN_TOTAL ? item->stats.total : item->stats.criteria[column - COLUMN_CRITERIA];
  /* Not evaluated sorts below every score. */
  return isnan (v) ? -1 : v;
}

static int
compare_items (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  guint column = GPOINTER_TO_UINT (user_data);
  FbQaAgentItem *ia = FB_QA_AGENT_ITEM ((gpointer) a);
  FbQaAgentItem *ib = FB_QA_AGENT_ITEM ((gpointer) b);

  if (column == COLUMN_AGENT || column == COLUMN_TEAM)
    {
      g_autofree char *ta = cell_text (ia, column);
      g_autofree char *tb = cell_text (ib, column);
      return g_utf8_collate (ta, tb);
    }
  {
    double va = cell_number (ia, column);
    double vb = cell_number (ib, column);
    return (va > vb) - (va < vb);
  }
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  guint column = GPOINTER_TO_UINT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (column == COLUMN_COUNT)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_widget_add_css_class (icon, "warning");
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "numeric");
      gtk_box_append (GTK_BOX (box), icon);
      gtk_box_append (GTK_BOX (box), label);
      gtk_list_item_set_child (list_item, box);
      return;
    }
  if (column >= COLUMN_CRITERIA)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_add_css_class (label, "numeric");
    }
  else
    gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  guint column = GPOINTER_TO_UINT (user_data);
  FbQaAgentItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  g_autofree char *text = cell_text (item, column);

  if (column == COLUMN_COUNT)
    {
      GtkWidget *icon = gtk_widget_get_first_child (child);
      gboolean flagged = item->stats.flag != FB_QA_COUNT_OK;

      gtk_widget_set_visible (icon, flagged);
      gtk_widget_set_tooltip_text (child, item->stats.flag == FB_QA_COUNT_NONE
                                            ? _("Not monitored this month: each agent 1–5 times a month")
                                            : item->stats.flag == FB_QA_COUNT_OVER
                                            ? _("Monitored more than 5 times this month")
                                            : NULL);
      child = gtk_widget_get_last_child (child);
      if (flagged)
        gtk_widget_add_css_class (child, "warning");
      else
        gtk_widget_remove_css_class (child, "warning");
    }
  gtk_label_set_text (GTK_LABEL (child), text);
}

static void
setup_columns (FbQualityPage *self)
{
  GtkColumnViewColumn *sort_by = NULL;

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;
      g_autoptr(GtkSorter) sorter = NULL;
      const char *title;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GUINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GUINT_TO_POINTER (i));
      switch (i)
        {
        case COLUMN_AGENT: title = _("Agent"); break;
        case COLUMN_TEAM: title = _("Team"); break;
        case COLUMN_COUNT: title = _("Evaluations"); break;
        case COLUMN_TOTAL: title = _("Total"); break;
        default: title = _(criterion_labels[i - COLUMN_CRITERIA]); break;
        }
      column = gtk_column_view_column_new (title, g_object_ref (factory));
      sorter = GTK_SORTER (gtk_custom_sorter_new (compare_items, GUINT_TO_POINTER (i), NULL));
      gtk_column_view_column_set_sorter (column, sorter);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, i == COLUMN_AGENT);
      gtk_column_view_append_column (self->view, column);
      if (i == COLUMN_COUNT)
        sort_by = column;
    }

  self->items = g_list_store_new (FB_TYPE_QA_AGENT_ITEM);
  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->items)),
                                          g_object_ref (gtk_column_view_get_sorter (self->view)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sorted)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  /* The model goes to the view when the page is first shown: a view with
   * 2,000 rows held ~13 MB on the bench center while the page was hidden. */
  g_signal_connect_object (self, "map", G_CALLBACK (map_cb), self, G_CONNECT_SWAPPED);
  /* The agents the rules flag as not monitored come first. */
  gtk_column_view_sort_by_column (self->view, sort_by, GTK_SORT_ASCENDING);
}

static void
ensure_view_model (FbQualityPage *self)
{
  if (gtk_column_view_get_model (self->view) == NULL)
    gtk_column_view_set_model (self->view, GTK_SELECTION_MODEL (self->selection));
}

/* Pays what the hidden page owed before its first frame. */
static void
map_cb (FbQualityPage *self)
{
  flush (self);
  ensure_view_model (self);
}

static void
current_month (FbQualityPage *self,
               int           *year,
               int           *month)
{
  fb_qa_month_of (g_get_real_time () / G_USEC_PER_SEC, self->tz, year, month);
}

static int
month_key (int year,
           int month)
{
  return year * 12 + month - 1;
}

static void
update_navigation (FbQualityPage *self)
{
  int year, month, first_year, first_month;
  gboolean has_first = self->stats && fb_qa_stats_get_first_month (self->stats, &first_year, &first_month);

  current_month (self, &year, &month);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "quality.next-month",
                                 month_key (self->year, self->month) < month_key (year, month));
  /* Back to the first month with an evaluation, not into an empty past. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "quality.previous-month",
                                 has_first && month_key (self->year, self->month) > month_key (first_year, first_month));
}

static void
update_month_label (FbQualityPage *self)
{
  g_autoptr(GDateTime) dt = g_date_time_new (self->tz, self->year, self->month, 1, 0, 0, 0);
  /* Translators: the month the QA page shows, strftime format ("November 2026", "2026년 11월") */
  g_autofree char *text = dt ? fb_date_time_format (dt, C_("qa-month", "%B %Y")) : NULL;

  gtk_label_set_text (self->month_label, text ?: "");
}

static void
rebuild_stats (FbQualityPage *self)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) entities = NULL;
  guint n = self->evaluations ? g_list_model_get_n_items (self->evaluations) : 0;

  rows = g_ptr_array_new_full (n, g_object_unref);
  entities = g_ptr_array_sized_new (n);
  for (guint i = 0; i < n; i++)
    {
      FbRow *row = g_list_model_get_item (self->evaluations, i);

      g_ptr_array_add (rows, row);
      g_ptr_array_add (entities, (gpointer) fb_row_get_entity (row));
    }
  g_clear_pointer (&self->stats, fb_qa_stats_free);
  self->stats = fb_qa_stats_new ((const FbQaEvaluation * const *) entities->pdata, entities->len, self->tz);
  self->stats_dirty = FALSE;
}

static void
update_trend (FbQualityPage *self)
{
  FbQaTrend trend;
  const char *name = NULL;

  if (self->stats == NULL)
    return;
  if (self->selected_agent_id != NULL && self->current != NULL)
    for (guint i = 0; i < self->current->n_agents; i++)
      if (g_strcmp0 (self->current->agents[i].agent_id, self->selected_agent_id) == 0)
        name = self->current->agents[i].name;
  fb_qa_stats_compute_trend (self->stats, self->year, self->month, self->selected_agent_id, &trend);
  fb_qa_trend_chart_set_trend (self->chart, &trend, name ?: self->selected_agent_id);
}

static void
remove_children (GtkBox *box)
{
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (box)));)
    gtk_box_remove (box, child);
}

static GtkWidget *
figure_row (const char *name,
            double      value,
            gboolean    emphasis)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *name_label = gtk_label_new (name);
  g_autofree char *text = format_average (value);
  GtkWidget *value_label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (name_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name_label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name_label, TRUE);
  gtk_widget_add_css_class (value_label, "numeric");
  if (emphasis)
    {
      gtk_widget_add_css_class (name_label, "heading");
      gtk_widget_add_css_class (value_label, "heading");
    }
  gtk_box_append (GTK_BOX (row), name_label);
  gtk_box_append (GTK_BOX (row), value_label);
  return row;
}

static void
update_focus_and_teams (FbQualityPage *self)
{
  FbQaMonth *m = self->current;
  g_autoptr(GString) focus = g_string_new (NULL);
  g_autoptr(GString) teams = g_string_new (NULL);

  remove_children (self->focus_box);
  remove_children (self->teams_box);

  if (m->n_evaluations == 0)
    {
      GtkWidget *label = gtk_label_new (_("No evaluations this month"));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (self->focus_box, label);
    }
  else
    {
      /* The two weakest criteria are the focus; the rest follow, dimmed,
       * so the gap to them shows. */
      for (guint i = 0; i < FB_QA_N_CRITERIA; i++)
        {
          FbQaCriterion c = m->lowest[i];
          GtkWidget *row = figure_row (_(criterion_labels[c]), m->criteria[c], i < 2);

          if (i >= 2)
            gtk_widget_add_css_class (row, "dim-label");
          gtk_box_append (self->focus_box, row);
          g_string_append_printf (focus, "%s%s %.1f", i ? "; " : "", _(criterion_labels[c]), m->criteria[c]);
        }
    }

  for (guint t = 0; t < m->n_teams; t++)
    {
      const FbQaTeamStats *ts = &m->teams[t];

      gtk_box_append (self->teams_box, figure_row (ts->name ?: ts->team_id, ts->total, FALSE));
      g_string_append_printf (teams, "%s%s %s", t ? "\n" : "", ts->name ?: ts->team_id,
                              isnan (ts->total) ? "–" : "");
      if (!isnan (ts->total))
        g_string_append_printf (teams, "%.1f", ts->total);
    }
  if (m->n_teams == 0)
    {
      GtkWidget *label = gtk_label_new (_("No teams"));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (self->teams_box, label);
    }

  g_free (self->focus_text);
  self->focus_text = g_string_free (g_steal_pointer (&focus), FALSE);
  g_free (self->teams_text);
  self->teams_text = g_string_free (g_steal_pointer (&teams), FALSE);
}

static void
set_figure (GtkLabel *label,
            guint     value)
{
  g_autofree char *text = g_strdup_printf ("%u", value);

  gtk_label_set_text (label, text);
}

static void
update_table (FbQualityPage *self)
{
  FbQaMonth *m = self->current;
  g_autoptr(GHashTable) team_names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_sorted;

  for (guint t = 0; t < m->n_teams; t++)
    if (m->teams[t].team_id != NULL)
      g_hash_table_insert (team_names, m->teams[t].team_id, m->teams[t].name);
  for (guint a = 0; a < m->n_agents; a++)
    {
      const char *team = m->agents[a].team_id;
      const char *team_name = team ? g_hash_table_lookup (team_names, team) : NULL;

      g_ptr_array_add (items, fb_qa_agent_item_new (&m->agents[a], team_name ?: team));
    }

  /* Replaced as a whole; the selected agent is found again by id. */
  self->restoring = TRUE;
  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       items->pdata, items->len);
  n_sorted = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  if (self->selected_agent_id != NULL)
    for (guint i = 0; i < n_sorted; i++)
      {
        g_autoptr(FbQaAgentItem) item = g_list_model_get_item (G_LIST_MODEL (self->sorted), i);

        if (g_strcmp0 (item->stats.agent_id, self->selected_agent_id) == 0)
          {
            gtk_single_selection_set_selected (self->selection, i);
            break;
          }
      }
  self->restoring = FALSE;
}

static void
compute (FbQualityPage *self)
{
  g_autofree FbQaAgentInfo *agents = NULL;
  g_autofree FbQaTeamInfo *teams = NULL;
  guint n_teams = self->teams ? g_list_model_get_n_items (self->teams) : 0;
  g_autoptr(GPtrArray) team_rows = g_ptr_array_new_with_free_func (g_object_unref);
  int year, month;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->pending = FALSE;

  if (!self->agents_read)
    read_agents (self);
  if (self->stats == NULL || self->stats_dirty)
    rebuild_stats (self);

  /* Never beyond the current month (the clock may have been set back). */
  current_month (self, &year, &month);
  if (month_key (self->year, self->month) > month_key (year, month))
    {
      self->year = year;
      self->month = month;
    }

  agents = g_new0 (FbQaAgentInfo, self->agent_infos->len + 1);
  for (guint a = 0; a < self->agent_infos->len; a++)
    {
      const AgentInfo *info = &g_array_index (self->agent_infos, AgentInfo, a);

      agents[a].id = info->id;
      agents[a].name = info->name;
      agents[a].team_id = info->team_id;
    }
  teams = g_new0 (FbQaTeamInfo, n_teams + 1);
  for (guint t = 0; t < n_teams; t++)
    {
      FbRow *row = g_list_model_get_item (self->teams, t);
      const FbTeam *team = fb_row_get_entity (row);

      g_ptr_array_add (team_rows, row);
      teams[t].id = team->id;
      teams[t].name = team->name;
    }

  g_clear_pointer (&self->current, fb_qa_month_free);
  self->current = fb_qa_stats_compute_month (self->stats, agents, self->agent_infos->len,
                                             teams, n_teams, self->year, self->month);

  update_month_label (self);
  set_figure (self->evaluations_label, self->current->n_evaluations);
  set_figure (self->none_label, self->current->n_agents_none);
  set_figure (self->over_label, self->current->n_agents_over);
  {
    g_autofree char *average = format_average (self->current->total);
    gtk_label_set_text (self->average_label, average);
  }
  /* Flagged, as the 1–5 rule asks: only when there is something to flag. */
  if (self->current->n_agents_none > 0)
    gtk_widget_add_css_class (self->none_card, "qa-flagged");
  else
    gtk_widget_remove_css_class (self->none_card, "qa-flagged");
  if (self->current->n_agents_over > 0)
    gtk_widget_add_css_class (self->over_card, "qa-flagged");
  else
    gtk_widget_remove_css_class (self->over_card, "qa-flagged");

  update_focus_and_teams (self);
  update_table (self);
  update_trend (self);
  update_navigation (self);
  self->n_computed++;
}

/* Now when the page is shown; else owed until it is. */
static void
request_compute (FbQualityPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    compute (self);
  else
    {
      g_clear_handle_id (&self->refresh_id, g_source_remove);
      self->pending = TRUE;
    }
}

/* What a getter reads is what the page would show. */
static void
flush (FbQualityPage *self)
{
  if (self->pending && self->evaluations != NULL)
    compute (self);
}

static gboolean
refresh_idle (gpointer data)
{
  FbQualityPage *self = data;

  self->refresh_id = 0;
  request_compute (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_refresh (FbQualityPage *self,
                  gboolean       reindex)
{
  if (reindex)
    self->stats_dirty = TRUE;
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->pending = TRUE;
      return;
    }
  /* Before the next frame's layout (GDK_PRIORITY_REDRAW), so the page
   * never paints figures older than its rows. */
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 10, refresh_idle, self, NULL);
}

static void
evaluations_changed_cb (FbQualityPage *self)
{
  schedule_refresh (self, TRUE);
}

static void
teams_changed_cb (FbQualityPage *self)
{
  schedule_refresh (self, FALSE);
}

static void
read_agent (GListModel *agents,
            guint       position,
            AgentInfo  *info)
{
  g_autoptr(FbRow) row = g_list_model_get_item (agents, position);
  const FbAgent *agent = fb_row_get_entity (row);

  info->id = g_strdup (agent->id);
  info->name = g_strdup (agent->name);
  info->team_id = g_strdup (agent->team_id);
}

static void
read_agents (FbQualityPage *self)
{
  guint n = g_list_model_get_n_items (self->agents);

  g_array_set_size (self->agent_infos, 0);
  g_array_set_size (self->agent_infos, n);
  for (guint i = 0; i < n; i++)
    read_agent (self->agents, i, &g_array_index (self->agent_infos, AgentInfo, i));
  self->agents_read = TRUE;
}

/* Keeps the agents' id, name and team in the model's order; a change of
 * anything else (state, seat…) is not the page's business. */
static void
agents_changed_cb (GListModel    *agents,
                   guint          position,
                   guint          removed,
                   guint          added,
                   FbQualityPage *self)
{
  g_autoptr(GArray) fresh = NULL;
  gboolean changed = removed != added;

  /* Not copied until the page is first computed. */
  if (!self->agents_read)
    {
      schedule_refresh (self, FALSE);
      return;
    }
  fresh = g_array_sized_new (FALSE, TRUE, sizeof (AgentInfo), added);
  g_array_set_size (fresh, added);
  for (guint i = 0; i < added; i++)
    {
      AgentInfo *info = &g_array_index (fresh, AgentInfo, i);
      const AgentInfo *old;

      read_agent (agents, position + i, info);
      if (changed || position + i >= self->agent_infos->len)
        {
          changed = TRUE;
          continue;
        }
      old = &g_array_index (self->agent_infos, AgentInfo, position + i);
      changed = g_strcmp0 (old->id, info->id) != 0 || g_strcmp0 (old->name, info->name) != 0 ||
                g_strcmp0 (old->team_id, info->team_id) != 0;
    }
  if (removed > 0)
    g_array_remove_range (self->agent_infos, position, MIN (removed, self->agent_infos->len - position));
  /* The strings move into agent_infos. */
  g_array_insert_vals (self->agent_infos, position, fresh->data, fresh->len);
  if (changed)
    schedule_refresh (self, FALSE);
}

static void
selection_changed_cb (FbQualityPage *self)
{
  FbQaAgentItem *item;

  if (self->restoring)
    return;
  item = gtk_single_selection_get_selected_item (self->selection);
  g_free (self->selected_agent_id);
  self->selected_agent_id = item ? g_strdup (item->stats.agent_id) : NULL;
  update_trend (self);
}

void
fb_quality_page_set_models (FbQualityPage *self,
                            GListModel    *evaluations,
                            GListModel    *agents,
                            GListModel    *teams)
{
  g_return_if_fail (FB_IS_QUALITY_PAGE (self));
  g_return_if_fail (G_IS_LIST_MODEL (evaluations));
  g_return_if_fail (G_IS_LIST_MODEL (agents));
  g_return_if_fail (G_IS_LIST_MODEL (teams));
  g_return_if_fail (self->evaluations == NULL);

  self->evaluations = g_object_ref (evaluations);
  self->agents = g_object_ref (agents);
  self->teams = g_object_ref (teams);
  g_signal_connect_object (evaluations, "items-changed", G_CALLBACK (evaluations_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (agents, "items-changed", G_CALLBACK (agents_changed_cb), self, 0);
  g_signal_connect_object (teams, "items-changed", G_CALLBACK (teams_changed_cb), self, G_CONNECT_SWAPPED);
  request_compute (self);
}

static void
update_role (FbQualityPage *self)
{
  gboolean inspector = self->engine != NULL &&
                       g_strcmp0 (fb_sync_engine_get_role (self->engine), "qa_inspector") == 0;

  /* Only QA inspectors record evaluations (the server refuses others). */
  gtk_widget_set_visible (GTK_WIDGET (self->record_button), inspector);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "quality.record", inspector);
  if (!inspector && self->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->dialog));
}

void
fb_quality_page_set_time_zone (FbQualityPage *self,
                               GTimeZone     *tz)
{
  g_return_if_fail (FB_IS_QUALITY_PAGE (self));
  g_return_if_fail (tz != NULL);

  if (self->tz == tz)
    return;
  g_time_zone_unref (self->tz);
  self->tz = g_time_zone_ref (tz);
  current_month (self, &self->year, &self->month);
  self->stats_dirty = TRUE;
  if (self->evaluations != NULL)
    request_compute (self);
}

/* A month is the center's, whatever zone this machine is in. */
static void
clock_zone_changed_cb (FbQualityPage *self,
                       GParamSpec    *pspec,
                       FbCenterClock *clock)
{
  fb_quality_page_set_time_zone (self, fb_center_clock_get_time_zone (clock));
}

void
fb_quality_page_set_month (FbQualityPage *self,
                           int            year,
                           int            month)
{
  int now_year, now_month;

  g_return_if_fail (FB_IS_QUALITY_PAGE (self));
  g_return_if_fail (month >= 1 && month <= 12);

  current_month (self, &now_year, &now_month);
  if (month_key (year, month) > month_key (now_year, now_month))
    {
      year = now_year;
      month = now_month;
    }
  if (year == self->year && month == self->month && self->refresh_id == 0)
    return;
  self->year = year;
  self->month = month;
  if (self->evaluations != NULL)
    request_compute (self);
  else
    {
      update_month_label (self);
      update_navigation (self);
    }
}

void
fb_quality_page_get_month (FbQualityPage *self,
                           int           *year,
                           int           *month)
{
  g_return_if_fail (FB_IS_QUALITY_PAGE (self));

  if (year)
    *year = self->year;
  if (month)
    *month = self->month;
}

static void
month_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  FbQualityPage *self = FB_QUALITY_PAGE (widget);
  int year = self->year, month = self->month;

  fb_qa_month_add (&year, &month, g_str_equal (action_name, "quality.next-month") ? 1 : -1);
  fb_quality_page_set_month (self, year, month);
}

/* As the app confirms a write elsewhere: a toast on the window, since the
 * dialog that was saved is gone. */
static void
evaluation_saved_cb (FbQaDialog    *dialog,
                     const char    *agent,
                     FbQualityPage *self)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *escaped = g_markup_escape_text (agent ? agent : "", -1);
  g_autofree char *title = NULL;

  if (overlay == NULL)
    return;
  /* Translators: a toast; %s is the agent evaluated, with the employee number */
  title = g_strdup_printf (_("Evaluation of %s saved"), escaped);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (title));
}

static void
record_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  FbQualityPage *self = FB_QUALITY_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  FbQaDialog *dialog;

  if (self->engine == NULL || self->evaluations == NULL)
    return;
  if (self->dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->dialog));
      return;
    }
  dialog = fb_qa_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->engine,
                             self->agents, self->evaluations);
  if (self->selected_agent_id != NULL)
    fb_qa_dialog_select_agent (dialog, self->selected_agent_id);
  self->dialog = GTK_WIDGET (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (evaluation_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

const char *
fb_quality_page_get_figure (FbQualityPage *self,
                            const char    *name)
{
  g_return_val_if_fail (FB_IS_QUALITY_PAGE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  flush (self);
  if (g_str_equal (name, "month"))
    return gtk_label_get_text (self->month_label);
  if (g_str_equal (name, "evaluations"))
    return gtk_label_get_text (self->evaluations_label);
  if (g_str_equal (name, "none"))
    return gtk_label_get_text (self->none_label);
  if (g_str_equal (name, "over"))
    return gtk_label_get_text (self->over_label);
  if (g_str_equal (name, "average"))
    return gtk_label_get_text (self->average_label);
  if (g_str_equal (name, "focus"))
    return self->focus_text;
  if (g_str_equal (name, "teams"))
    return self->teams_text;
  return NULL;
}

GtkColumnView *
fb_quality_page_get_view (FbQualityPage *self)
{
  g_return_val_if_fail (FB_IS_QUALITY_PAGE (self), NULL);
  flush (self);
  ensure_view_model (self);
  return self->view;
}

char *
fb_quality_page_dup_cell_text (FbQualityPage *self,
                               guint          position,
                               guint          column)
{
  g_autoptr(FbQaAgentItem) item = NULL;

  g_return_val_if_fail (FB_IS_QUALITY_PAGE (self), NULL);
  g_return_val_if_fail (column < N_COLUMNS, NULL);

  flush (self);
  if (!(item = g_list_model_get_item (G_LIST_MODEL (self->sorted), position)))
    return NULL;
  return cell_text (item, column);
}

GtkWidget *
fb_quality_page_get_chart (FbQualityPage *self)
{
  g_return_val_if_fail (FB_IS_QUALITY_PAGE (self), NULL);
  flush (self);
  return GTK_WIDGET (self->chart);
}

GtkWidget *
fb_quality_page_get_dialog (FbQualityPage *self)
{
  g_return_val_if_fail (FB_IS_QUALITY_PAGE (self), NULL);
  return self->dialog;
}

guint
fb_quality_page_get_n_computed (FbQualityPage *self)
{
  g_return_val_if_fail (FB_IS_QUALITY_PAGE (self), 0);
  return self->n_computed;
}

static void
set_context (GObject   *object,
             FbContext *context)
{
  FbQualityPage *self = FB_QUALITY_PAGE (object);

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (fb_context_get_clock (self->context), self);
  g_set_object (&self->context, context);
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
  update_role (self);
}

static void
fb_quality_page_dispose (GObject *object)
{
  FbQualityPage *self = (FbQualityPage *)object;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
      self->dialog = NULL;
    }
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  /* The view lets go of the selection as the template goes: not news. */
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  fb_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_QUALITY_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_object (&self->items);
  g_clear_object (&self->evaluations);
  g_clear_object (&self->agents);
  g_clear_object (&self->teams);
  g_clear_object (&self->engine);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (fb_quality_page_parent_class)->dispose (object);
}

static void
fb_quality_page_finalize (GObject *object)
{
  FbQualityPage *self = (FbQualityPage *)object;

  g_clear_pointer (&self->stats, fb_qa_stats_free);
  g_clear_pointer (&self->current, fb_qa_month_free);
  g_clear_pointer (&self->agent_infos, g_array_unref);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_free (self->selected_agent_id);
  g_free (self->focus_text);
  g_free (self->teams_text);

  G_OBJECT_CLASS (fb_quality_page_parent_class)->finalize (object);
}

static void
fb_quality_page_class_init (FbQualityPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_quality_page_dispose;
  object_class->finalize = fb_quality_page_finalize;

  fb_context_install_property (object_class, G_STRUCT_OFFSET (FbQualityPage, context), set_context);

  g_type_ensure (FB_TYPE_QA_TREND_CHART);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/floorboard/Floorboard/ui/fb-quality-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FbQualityPage, month_label);
  gtk_widget_class_bind_template_child (widget_class, FbQualityPage, record_button);
  gtk_widget_class_bind_template_child (widget_class, FbQualityPage, evaluations_label);
  gtk_widget_class_bind_template_child (widget_class, FbQualityPage, none_label);
  gtk_widget_class_bind_template_child (widget_class, FbQualityPage, over_label);
  gtk_widget_class_bind_template_child (widget_class, FbQualityPage, average_label);
  gtk_widget_class_bind_template_child (widget_class, FbQualityPage, none_card);
  gtk_widget_class_bind_template_child (widget_class, FbQualityPage, over_card);
  gtk_widget_class_bind_template_child (widget_class, FbQualityPage, focus_box);
  gtk_widget_class_bind_template_child (widget_class, FbQualityPage, teams_box);
  gtk_widget_class_bind_template_child (widget_class, FbQualityPage, chart);
  gtk_widget_class_bind_template_child (widget_class, FbQualityPage, view);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  gtk_widget_class_install_action (widget_class, "quality.previous-month", NULL, month_action);
  gtk_widget_class_install_action (widget_class, "quality.next-month", NULL, month_action);
  gtk_widget_class_install_action (widget_class, "quality.record", NULL, record_action);
}

static void
fb_quality_page_init (FbQualityPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The center's default zone until a context brings the server's. */
  {
    g_autoptr(FbCenterClock) clock = fb_center_clock_new ();

    self->tz = g_time_zone_ref (fb_center_clock_get_time_zone (clock));
  }
  current_month (self, &self->year, &self->month);
  self->agent_infos = g_array_new (FALSE, TRUE, sizeof (AgentInfo));
  g_array_set_clear_func (self->agent_infos, (GDestroyNotify) agent_info_clear);

  setup_columns (self);
  g_signal_connect_object (self->selection, "notify::selected-item", G_CALLBACK (selection_changed_cb),
                           self, G_CONNECT_SWAPPED);
  update_month_label (self);
  update_navigation (self);
  update_role (self);
}

GtkWidget *
fb_quality_page_new (void)
{
  return g_object_new (FB_TYPE_QUALITY_PAGE, NULL);
}
