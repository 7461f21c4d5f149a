/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-escalations-page.c
 *
 * The cache's cases, filtered then sorted by the deadline each races now
 * (fb_escalation_next_deadline), the earliest first: an overdue case's
 * deadline lies in the past, so overdue cases lead, the longest overdue
 * on top. The order depends on the deadlines only, never on the clock, so
 * time passing re-sorts nothing; it only redraws countdowns.
 *
 * One timer, and only while the page is on screen with an open case:
 * it fires at each whole minute (countdowns read in minutes) and at the
 * moment a deadline passes, so a row turns overdue on time.
 */
#define G_LOG_DOMAIN "floorboard"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "fb-entity.h"
#include "fb-escalation-detail.h"
#include "fb-escalation-labels.h"
#include "fb-escalation-row.h"
#include "fb-escalation-rules.h"
#include "fb-context.h"
#include "fb-escalations-page-private.h"
#include "fb-labels.h"
#include "fb-row.h"
#include "fb-sync-engine.h"
#include "fb-widget-utils.h"

#define RATE_WINDOW_S (30 * 24 * 3600)

struct _FbEscalationsPage
{
  GtkWidget           parent_instance;

  AdwLeaflet         *leaflet;
  GtkWidget          *list_pane;
  FbEscalationDetail *detail;
  GtkLabel           *open_label;
  GtkLabel           *overdue_label;
  GtkLabel           *callback_rate_label;
  GtkLabel           *callback_rate_caption;
  GtkLabel           *dispatch_rate_label;
  GtkLabel           *dispatch_rate_caption;
  GtkDropDown        *level_dropdown;
  GtkDropDown        *category_dropdown;
  GtkDropDown        *owner_dropdown;
  GtkToggleButton    *overdue_toggle;
  GtkToggleButton    *resolved_toggle;
  GtkLabel           *count_label;
  GtkStack           *list_stack;
  GtkListView        *list_view;

  GListModel         *escalations;
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;
  GtkSortListModel   *sorted;
  GtkSingleSelection *selection;
  GHashTable         *names;
  FbSyncEngine       *engine;
  FbContext          *context;
  GPtrArray          *bound;       /* FbEscalationRow on screen */
  char               *selected_id;
  gboolean            syncing;     /* selection set by the page, not the user */

  int                 level_filter;     /* FbEscalationLevel, -1 any */
  int                 category_filter;  /* FbCategory, -1 any */
  int                 owner_filter;     /* FbOwnerFilter */
  gboolean            overdue_only;
  gboolean            show_resolved;

  gint64              now;
  guint               n_open;
  gint64              next_due;    /* the next deadline to pass, 0 none */
  guint               tick_id;
};

G_DEFINE_FINAL_TYPE (FbEscalationsPage, fb_escalations_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LEVEL_FILTER,
  PROP_CATEGORY_FILTER,
  PROP_OWNER_FILTER,
  PROP_OVERDUE_ONLY,
  PROP_SHOW_RESOLVED,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

static void refresh  (FbEscalationsPage *self);
static void refilter (FbEscalationsPage *self,
                      GtkFilterChange    change);

static gint64
now_s (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gboolean
is_open (const FbEscalation *escalation)
{
  return escalation->status != FB_ESC_RESOLVED && escalation->status != FB_ESC_CLOSED;
}

static const char *
user_id (FbEscalationsPage *self)
{
  return self->engine ? fb_sync_engine_get_user_id (self->engine) : NULL;
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  FbEscalationsPage *self = user_data;
  const FbEscalation *escalation = fb_row_get_entity (item);
  gint64 due;

  if (escalation == NULL || escalation->status == FB_ESC_CLOSED)
    return FALSE;
  if (escalation->status == FB_ESC_RESOLVED && !self->show_resolved)
    return FALSE;
  if (self->level_filter >= 0 && (int) escalation->level != self->level_filter)
    return FALSE;
  if (self->category_filter >= 0 && (int) escalation->category != self->category_filter)
    return FALSE;
  switch (self->owner_filter)
    {
    case FB_OWNER_FILTER_MINE:
      if (user_id (self) == NULL || g_strcmp0 (escalation->owner, user_id (self)) != 0)
        return FALSE;
      break;
    case FB_OWNER_FILTER_UNASSIGNED:
      if (escalation->owner != NULL && escalation->owner[0] != '\0')
        return FALSE;
      break;
    case FB_OWNER_FILTER_ANYONE:
    default:
      break;
    }
  if (self->overdue_only &&
      (fb_escalation_next_deadline (escalation, &due) == FB_DEADLINE_NONE || self->now < due))
    return FALSE;
  return TRUE;
}

static int
compare_func (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const FbEscalation *ea = fb_row_get_entity (FB_ROW ((gpointer) a));
  const FbEscalation *eb = fb_row_get_entity (FB_ROW ((gpointer) b));
  gint64 da = 0, db = 0;
  gboolean na, nb;

  if (ea == NULL || eb == NULL)
    return (ea == NULL) - (eb == NULL);
  /* Cases with no deadline left (resolved) after all the racing ones. */
  na = fb_escalation_next_deadline (ea, &da) == FB_DEADLINE_NONE;
  nb = fb_escalation_next_deadline (eb, &db) == FB_DEADLINE_NONE;
  if (na != nb)
    return na - nb;
  if (na)
    return (ea->resolved_at < eb->resolved_at) - (ea->resolved_at > eb->resolved_at);
  if (da != db)
    return (da > db) - (da < db);
  /* Same deadline: the graver case first, then a stable order. */
  if (ea->severity != eb->severity)
    return (int) eb->severity - (int) ea->severity;
  return g_strcmp0 (ea->id, eb->id);
}

static void
set_rate (GtkLabel *value,
          GtkLabel *caption,
          guint     met,
          guint     total)
{
  g_autofree char *text = total > 0 ? fb_labels_format_percent ((double) met / total) : g_strdup ("—");
  /* Translators: of the cases a rate counts, how many met the deadline */
  g_autofree char *detail = g_strdup_printf (ngettext ("%u of %u case", "%u of %u cases", total), met, total);

  fb_label_set_text (value, text);
  fb_label_set_text (caption, detail);
}

/* The figures, from every cached case (not only the listed ones).
 *
 * Callback rate (the seeds: the customer hears the outcome within 72
 * hours, target 100 %): of the cases whose callback stage finished in the
 * last 30 days (the customer was reached, or the case was closed
 * unreached) or whose callback deadline passed in the last 30 days
 * (finished or not), the share where the customer was reached no later
 * than the callback deadline. A case closed after failed attempts or on a
 * wrong number counts as not reached: the rule lets it close, but the
 * customer never heard back.
 *
 * Dispatch rate (dispatched within 60 minutes of receipt): of the cases
 * raised in the last 30 days that were dispatched or whose dispatch
 * deadline has passed, the share dispatched by the deadline. */
static void
update_figures (FbEscalationsPage *self)
{
  guint n = self->escalations ? g_list_model_get_n_items (self->escalations) : 0;
  guint n_open = 0, n_overdue = 0, cb_total = 0, cb_met = 0, dp_total = 0, dp_met = 0;
  gint64 since = self->now - RATE_WINDOW_S;
  gint64 next_due = 0;
  char text[32];

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbRow) row = g_list_model_get_item (self->escalations, i);
      const FbEscalation *e = fb_row_get_entity (row);
      gint64 due, reached, finished;

      if (e == NULL)
        continue;
      if (is_open (e) && fb_escalation_next_deadline (e, &due) != FB_DEADLINE_NONE)
        {
          n_open++;
          if (self->now >= due)
            n_overdue++;
          else if (next_due == 0 || due < next_due)
            next_due = due;
        }

      reached = fb_escalation_labels_reached_at (e);
      finished = reached > 0 ? reached : e->status == FB_ESC_CLOSED ? e->closed_at : 0;
      if ((finished > 0 && finished >= since && finished <= self->now) ||
          (e->callback_due >= since && e->callback_due <= self->now))
        {
          cb_total++;
          if (reached > 0 && reached <= e->callback_due)
            cb_met++;
        }

      if (e->raised_at >= since && (e->dispatched_at > 0 || e->dispatch_due <= self->now))
        {
          dp_total++;
          if (e->dispatched_at > 0 && e->dispatched_at <= e->dispatch_due)
            dp_met++;
        }
    }

  self->n_open = n_open;
  self->next_due = next_due;
  g_snprintf (text, sizeof text, "%u", n_open);
  fb_label_set_text (self->open_label, text);
  g_snprintf (text, sizeof text, "%u", n_overdue);
  fb_label_set_text (self->overdue_label, text);
  if (n_overdue > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->overdue_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->overdue_label), "error");
  set_rate (self->callback_rate_label, self->callback_rate_caption, cb_met, cb_total);
  set_rate (self->dispatch_rate_label, self->dispatch_rate_caption, dp_met, dp_total);
}

static void
update_count (FbEscalationsPage *self)
{
  guint shown = self->sorted ? g_list_model_get_n_items (G_LIST_MODEL (self->sorted)) : 0;
  g_autofree char *text = NULL;

  /* Translators: cases listed, of the open cases in the cache */
  text = g_strdup_printf (ngettext ("%u shown of %u open case", "%u shown of %u open cases", self->n_open),
                          shown, self->n_open);
  fb_label_set_text (self->count_label, text);
  gtk_stack_set_visible_child_name (self->list_stack, shown > 0 ? "list" : "empty");
}

static gboolean
tick_cb (gpointer data)
{
  FbEscalationsPage *self = data;

  self->tick_id = 0;
  self->now = now_s ();
  /* Time only ever adds overdue cases: "overdue only" can only grow. */
  if (self->overdue_only)
    refilter (self, GTK_FILTER_CHANGE_LESS_STRICT);
  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_tick (FbEscalationsPage *self)
{
  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) || self->n_open == 0)
    return;
  self->tick_id = g_timeout_add_full (G_PRIORITY_DEFAULT,
                                      fb_escalation_labels_tick_delay (g_get_real_time (), self->next_due),
                                      tick_cb, self, NULL);
}

/* Everything that reads the clock, as of self->now. */
static void
refresh (FbEscalationsPage *self)
{
  update_figures (self);
  update_count (self);
  for (guint i = 0; i < self->bound->len; i++)
    fb_escalation_row_update_time (g_ptr_array_index (self->bound, i), self->now);
  fb_escalation_detail_update_time (self->detail, self->now);
  schedule_tick (self);
}

static FbRow *
find_case (FbEscalationsPage *self,
           GListModel        *model,
           const char        *id,
           guint             *position)
{
  guint n = model ? g_list_model_get_n_items (model) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbRow) row = g_list_model_get_item (model, i);

      if (g_strcmp0 (fb_row_get_id (row), id) == 0)
        {
          if (position)
            *position = i;
          return g_steal_pointer (&row);
        }
    }
  return NULL;
}

static gboolean
showing_list_only (FbEscalationsPage *self)
{
  return adw_leaflet_get_folded (self->leaflet) &&
         adw_leaflet_get_visible_child (self->leaflet) == self->list_pane;
}

/* The selection follows the case by id: a changed row is a new item,
 * maybe at another place in the order. */
static void
sync_selection (FbEscalationsPage *self)
{
  g_autoptr(FbRow) listed = NULL;
  g_autoptr(FbRow) row = NULL;
  guint position = GTK_INVALID_LIST_POSITION;

  if (self->selection == NULL)
    return;
  if (self->selected_id != NULL)
    listed = find_case (self, G_LIST_MODEL (self->sorted), self->selected_id, &position);
  self->syncing = TRUE;
  gtk_single_selection_set_selected (self->selection, showing_list_only (self) ? GTK_INVALID_LIST_POSITION : position);
  self->syncing = FALSE;

  /* A case filtered out (or closed) stays in the detail pane. */
  if (self->selected_id != NULL)
    row = listed ? g_object_ref (listed) : find_case (self, self->escalations, self->selected_id, NULL);
  fb_escalation_detail_set_row (self->detail, row, self->now);
}

/* Connected before the filter model: the selection model is about to
 * follow the change, and what it selects then is not the user's choice. */
static void
items_changing_cb (FbEscalationsPage *self)
{
  self->syncing = TRUE;
}

static void
items_changed_cb (FbEscalationsPage *self)
{
  self->syncing = FALSE;
  self->now = now_s ();
  sync_selection (self);
  refresh (self);
}

static void
filtered_changed_cb (FbEscalationsPage *self)
{
  update_count (self);
}

static void
selection_changed_cb (FbEscalationsPage *self)
{
  FbRow *row;

  if (self->syncing)
    return;
  row = gtk_single_selection_get_selected_item (self->selection);
  if (row == NULL)
    return;
  g_free (self->selected_id);
  self->selected_id = g_strdup (fb_row_get_id (row));
  fb_escalation_detail_set_row (self->detail, row, self->now);
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->detail));
}

static void
activate_cb (FbEscalationsPage *self,
             guint              position)
{
  gtk_single_selection_set_selected (self->selection, position);
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->detail));
}

static void
folded_cb (FbEscalationsPage *self)
{
  fb_escalation_detail_set_show_back (self->detail, adw_leaflet_get_folded (self->leaflet));
}

static void
show_list_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  FbEscalationsPage *self = FB_ESCALATIONS_PAGE (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->list_pane);
  /* Folded, the list shows alone: no row stays selected, so clicking the
   * same case again opens it again. */
  sync_selection (self);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          FbEscalationsPage        *self)
{
  gtk_list_item_set_child (item, fb_escalation_row_new ());
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         FbEscalationsPage        *self)
{
  FbEscalationRow *row = FB_ESCALATION_ROW (gtk_list_item_get_child (item));

  fb_escalation_row_set_row (row, gtk_list_item_get_item (item), self->names, self->now);
  g_ptr_array_add (self->bound, row);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           FbEscalationsPage        *self)
{
  FbEscalationRow *row = FB_ESCALATION_ROW (gtk_list_item_get_child (item));

  g_ptr_array_remove_fast (self->bound, row);
  fb_escalation_row_set_row (row, NULL, NULL, self->now);
}

static void
refilter (FbEscalationsPage *self,
          GtkFilterChange    change)
{
  if (self->filter == NULL)
    return;
  /* The selection model moves its selection with the rows; the page puts
   * it back on the selected case afterwards. */
  self->syncing = TRUE;
  gtk_filter_changed (GTK_FILTER (self->filter), change);
  self->syncing = FALSE;
  sync_selection (self);
}

static void
filter_changed (FbEscalationsPage *self)
{
  self->now = now_s ();
  refilter (self, GTK_FILTER_CHANGE_DIFFERENT);
  update_count (self);
}

/* Position 0 of the level and category drop-downs is "any" (-1). */
static int
dropdown_offset (FbEscalationsPage *self,
                 GtkDropDown       *dropdown)
{
  return dropdown == self->owner_dropdown ? 0 : 1;
}

static void
set_int_filter (FbEscalationsPage *self,
                int               *field,
                int                value,
                GtkDropDown       *dropdown,
                guint              prop)
{
  guint position = (guint) (value + dropdown_offset (self, dropdown));

  if (*field == value)
    return;
  *field = value;
  if (gtk_drop_down_get_selected (dropdown) != position)
    gtk_drop_down_set_selected (dropdown, position);
  filter_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_bool_filter (FbEscalationsPage *self,
                 gboolean          *field,
                 gboolean           value,
                 GtkToggleButton   *toggle,
                 guint              prop)
{
  value = !!value;
  if (*field == value)
    return;
  *field = value;
  if (gtk_toggle_button_get_active (toggle) != value)
    gtk_toggle_button_set_active (toggle, value);
  filter_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
dropdown_cb (FbEscalationsPage *self,
             GParamSpec        *pspec,
             GtkDropDown       *dropdown)
{
  guint position = gtk_drop_down_get_selected (dropdown);
  int value;

  if (position == GTK_INVALID_LIST_POSITION)
    return;
  value = (int) position - dropdown_offset (self, dropdown);
  if (dropdown == self->level_dropdown)
    set_int_filter (self, &self->level_filter, value, dropdown, PROP_LEVEL_FILTER);
  else if (dropdown == self->category_dropdown)
    set_int_filter (self, &self->category_filter, value, dropdown, PROP_CATEGORY_FILTER);
  else
    set_int_filter (self, &self->owner_filter, value, dropdown, PROP_OWNER_FILTER);
}

static void
toggle_cb (FbEscalationsPage *self,
           GtkToggleButton   *toggle)
{
  g_object_set (self, toggle == self->overdue_toggle ? "overdue-only" : "show-resolved",
                gtk_toggle_button_get_active (toggle), NULL);
}

static void
fill_dropdown (GtkDropDown        *dropdown,
               const char         *any,
               const char * const *values)
{
  g_autoptr(GtkStringList) strings = gtk_string_list_new (NULL);

  gtk_string_list_append (strings, any);
  for (guint i = 0; values[i] != NULL; i++)
    gtk_string_list_append (strings, fb_labels_for_value (values[i]));
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (strings));
}

void
fb_escalations_page_set_model (FbEscalationsPage *self,
                               GListModel        *escalations)
{
  g_return_if_fail (FB_IS_ESCALATIONS_PAGE (self));
  g_return_if_fail (G_IS_LIST_MODEL (escalations));

  if (self->escalations != NULL)
    g_signal_handlers_disconnect_by_data (self->escalations, self);
  g_set_object (&self->escalations, escalations);

  /* Handlers run in the order connected: one before the models, one after. */
  g_signal_connect_object (escalations, "items-changed", G_CALLBACK (items_changing_cb), self, G_CONNECT_SWAPPED);
  gtk_filter_list_model_set_model (self->filtered, escalations);
  g_signal_connect_object (escalations, "items-changed", G_CALLBACK (items_changed_cb), self, G_CONNECT_SWAPPED);
  items_changed_cb (self);
}

gboolean
fb_escalations_page_show_case (FbEscalationsPage *self,
                               const char        *id)
{
  g_autoptr(FbRow) row = NULL;
  g_autoptr(FbRow) listed = NULL;
  const FbEscalation *escalation;
  guint position;

  g_return_val_if_fail (FB_IS_ESCALATIONS_PAGE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!(row = find_case (self, self->escalations, id, NULL)) || !(escalation = fb_row_get_entity (row)))
    return FALSE;

  /* Asked for this case: the filters that hide it give way. */
  self->now = now_s ();
  if (!filter_func (row, self))
    {
      g_object_freeze_notify (G_OBJECT (self));
      g_object_set (self,
                    "level-filter", -1,
                    "category-filter", -1,
                    "owner-filter", FB_OWNER_FILTER_ANYONE,
                    "overdue-only", FALSE,
                    NULL);
      if (escalation->status == FB_ESC_RESOLVED)
        g_object_set (self, "show-resolved", TRUE, NULL);
      g_object_thaw_notify (G_OBJECT (self));
    }

  g_free (self->selected_id);
  self->selected_id = g_strdup (id);
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->detail));
  sync_selection (self);
  if ((listed = find_case (self, G_LIST_MODEL (self->sorted), id, &position)))
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
  return TRUE;
}

GListModel *
fb_escalations_page_get_visible (FbEscalationsPage *self)
{
  g_return_val_if_fail (FB_IS_ESCALATIONS_PAGE (self), NULL);
  return G_LIST_MODEL (self->sorted);
}

GtkWidget *
fb_escalations_page_get_row (FbEscalationsPage *self,
                             const char        *id)
{
  g_return_val_if_fail (FB_IS_ESCALATIONS_PAGE (self), NULL);

  for (guint i = 0; i < self->bound->len; i++)
    {
      FbEscalationRow *row = g_ptr_array_index (self->bound, i);
      FbRow *item = fb_escalation_row_get_row (row);

      if (item != NULL && g_strcmp0 (fb_row_get_id (item), id) == 0)
        return GTK_WIDGET (row);
    }
  return NULL;
}

const char *
fb_escalations_page_get_figure (FbEscalationsPage *self,
                                const char        *name)
{
  g_return_val_if_fail (FB_IS_ESCALATIONS_PAGE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (g_str_equal (name, "open"))
    return gtk_label_get_text (self->open_label);
  if (g_str_equal (name, "overdue"))
    return gtk_label_get_text (self->overdue_label);
  if (g_str_equal (name, "callback_rate"))
    return gtk_label_get_text (self->callback_rate_label);
  if (g_str_equal (name, "dispatch_rate"))
    return gtk_label_get_text (self->dispatch_rate_label);
  return NULL;
}

gboolean
fb_escalations_page_get_ticking (FbEscalationsPage *self)
{
  g_return_val_if_fail (FB_IS_ESCALATIONS_PAGE (self), FALSE);
  return self->tick_id != 0;
}

static void
fb_escalations_page_map (GtkWidget *widget)
{
  FbEscalationsPage *self = FB_ESCALATIONS_PAGE (widget);

  GTK_WIDGET_CLASS (fb_escalations_page_parent_class)->map (widget);
  /* Time passed while hidden: catch up, then tick. */
  self->now = now_s ();
  if (self->overdue_only)
    refilter (self, GTK_FILTER_CHANGE_LESS_STRICT);
  refresh (self);
}

static void
fb_escalations_page_unmap (GtkWidget *widget)
{
  FbEscalationsPage *self = FB_ESCALATIONS_PAGE (widget);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  GTK_WIDGET_CLASS (fb_escalations_page_parent_class)->unmap (widget);
}

static void
set_context (GObject   *object,
             FbContext *context)
{
  FbEscalationsPage *self = FB_ESCALATIONS_PAGE (object);

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->context, context);
  g_set_object (&self->engine, (context ? fb_context_get_engine (context) : NULL));
  g_clear_pointer (&self->names, g_hash_table_unref);
  self->names = context ? g_hash_table_ref (fb_context_get_names (context)) : NULL;
  fb_escalation_detail_set_names (self->detail, self->names);
  fb_escalation_detail_set_engine (self->detail, self->engine);
  /* "Mine" means another user after signing in as someone else. */
  if (self->engine != NULL)
    g_signal_connect_object (self->engine, "notify::state", G_CALLBACK (filter_changed), self, G_CONNECT_SWAPPED);
  filter_changed (self);
}

static void
fb_escalations_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  FbEscalationsPage *self = FB_ESCALATIONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_LEVEL_FILTER:
      g_value_set_int (value, self->level_filter);
      break;
    case PROP_CATEGORY_FILTER:
      g_value_set_int (value, self->category_filter);
      break;
    case PROP_OWNER_FILTER:
      g_value_set_int (value, self->owner_filter);
      break;
    case PROP_OVERDUE_ONLY:
      g_value_set_boolean (value, self->overdue_only);
      break;
    case PROP_SHOW_RESOLVED:
      g_value_set_boolean (value, self->show_resolved);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_escalations_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  FbEscalationsPage *self = FB_ESCALATIONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_LEVEL_FILTER:
      set_int_filter (self, &self->level_filter, g_value_get_int (value), self->level_dropdown, prop_id);
      break;
    case PROP_CATEGORY_FILTER:
      set_int_filter (self, &self->category_filter, g_value_get_int (value), self->category_dropdown, prop_id);
      break;
    case PROP_OWNER_FILTER:
      set_int_filter (self, &self->owner_filter, g_value_get_int (value), self->owner_dropdown, prop_id);
      break;
    case PROP_OVERDUE_ONLY:
      set_bool_filter (self, &self->overdue_only, g_value_get_boolean (value), self->overdue_toggle, prop_id);
      break;
    case PROP_SHOW_RESOLVED:
      set_bool_filter (self, &self->show_resolved, g_value_get_boolean (value), self->resolved_toggle, prop_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_escalations_page_dispose (GObject *object)
{
  FbEscalationsPage *self = FB_ESCALATIONS_PAGE (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->escalations != NULL)
    g_signal_handlers_disconnect_by_data (self->escalations, self);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  fb_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_ESCALATIONS_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->sorted);
  g_clear_object (&self->escalations);
  g_clear_object (&self->engine);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (fb_escalations_page_parent_class)->dispose (object);
}

static void
fb_escalations_page_finalize (GObject *object)
{
  FbEscalationsPage *self = FB_ESCALATIONS_PAGE (object);

  g_clear_pointer (&self->bound, g_ptr_array_unref);
  g_free (self->selected_id);

  G_OBJECT_CLASS (fb_escalations_page_parent_class)->finalize (object);
}

static void
fb_escalations_page_class_init (FbEscalationsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_escalations_page_dispose;
  object_class->finalize = fb_escalations_page_finalize;
  object_class->get_property = fb_escalations_page_get_property;
  object_class->set_property = fb_escalations_page_set_property;
  widget_class->map = fb_escalations_page_map;
  widget_class->unmap = fb_escalations_page_unmap;

  properties[PROP_LEVEL_FILTER] =
    g_param_spec_int ("level-filter", NULL, NULL, -1, FB_LEVEL_DIRECTOR, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CATEGORY_FILTER] =
    g_param_spec_int ("category-filter", NULL, NULL, -1, FB_CATEGORY_OTHER, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OWNER_FILTER] =
    g_param_spec_int ("owner-filter", NULL, NULL, FB_OWNER_FILTER_ANYONE, FB_OWNER_FILTER_UNASSIGNED,
                      FB_OWNER_FILTER_ANYONE,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OVERDUE_ONLY] =
    g_param_spec_boolean ("overdue-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_RESOLVED] =
    g_param_spec_boolean ("show-resolved", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  fb_context_install_property (object_class, G_STRUCT_OFFSET (FbEscalationsPage, context), set_context);

  g_type_ensure (FB_TYPE_ESCALATION_DETAIL);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/floorboard/Floorboard/ui/fb-escalations-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FbEscalationsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, FbEscalationsPage, list_pane);
  gtk_widget_class_bind_template_child (widget_class, FbEscalationsPage, detail);
  gtk_widget_class_bind_template_child (widget_class, FbEscalationsPage, open_label);
  gtk_widget_class_bind_template_child (widget_class, FbEscalationsPage, overdue_label);
  gtk_widget_class_bind_template_child (widget_class, FbEscalationsPage, callback_rate_label);
  gtk_widget_class_bind_template_child (widget_class, FbEscalationsPage, callback_rate_caption);
  gtk_widget_class_bind_template_child (widget_class, FbEscalationsPage, dispatch_rate_label);
  gtk_widget_class_bind_template_child (widget_class, FbEscalationsPage, dispatch_rate_caption);
  gtk_widget_class_bind_template_child (widget_class, FbEscalationsPage, level_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FbEscalationsPage, category_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FbEscalationsPage, owner_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FbEscalationsPage, overdue_toggle);
  gtk_widget_class_bind_template_child (widget_class, FbEscalationsPage, resolved_toggle);
  gtk_widget_class_bind_template_child (widget_class, FbEscalationsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, FbEscalationsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, FbEscalationsPage, list_view);
  gtk_widget_class_bind_template_callback (widget_class, dropdown_cb);
  gtk_widget_class_bind_template_callback (widget_class, toggle_cb);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, folded_cb);

  gtk_widget_class_install_action (widget_class, "escalations.show-list", NULL, show_list_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
fb_escalations_page_init (FbEscalationsPage *self)
{
  g_autoptr(GtkStringList) owners = NULL;
  GtkListItemFactory *factory;
  GtkSorter *sorter;

  self->level_filter = -1;
  self->category_filter = -1;
  self->bound = g_ptr_array_new ();
  self->now = now_s ();

  gtk_widget_init_template (GTK_WIDGET (self));

  fill_dropdown (self->level_dropdown, _("Any level"), fb_escalation_level_values);
  fill_dropdown (self->category_dropdown, _("Any category"), fb_category_values);
  owners = gtk_string_list_new ((const char * const[]) { _("Anyone’s cases"), _("My cases"), _("Unassigned"), NULL });
  gtk_drop_down_set_model (self->owner_dropdown, G_LIST_MODEL (owners));

  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (NULL, GTK_FILTER (self->filter));
  sorter = GTK_SORTER (gtk_custom_sorter_new (compare_func, NULL, NULL));
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (self->filtered), sorter);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->sorted)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sorted, "items-changed",
                           G_CALLBACK (filtered_changed_cb), self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  folded_cb (self);
  update_count (self);
}

GtkWidget *
fb_escalations_page_new (void)
{
  return g_object_new (FB_TYPE_ESCALATIONS_PAGE, NULL);
}
