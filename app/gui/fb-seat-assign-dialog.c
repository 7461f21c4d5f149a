/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-seat-assign-dialog.c
 *
 * The rows the seat rules read (teams, agents, seats, queues, leave,
 * swaps, holiday duty, seat assignments) are read from the cache once,
 * when the dialog opens: the plan is the user's edit, and live agent
 * states changing every second must not move it. Every change checks the
 * whole plan with the same rules the server enforces (fb-request-rules),
 * and Save stays disabled while one is broken. Save replaces the plan of
 * the date and shift with one PUT through the outbox, so it is delivered
 * even if the server is away or the app is closed; the rows it makes
 * come back with the next pull.
 */
#define G_LOG_DOMAIN "floorboard"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "fb-client-seats.h"
#include "fb-entity.h"
#include "fb-format.h"
#include "fb-request-rules.h"
#include "fb-row.h"
#include "fb-seat-assign-dialog.h"
#include "fb-seat-map.h"
#include "fb-store.h"
#include "fb-sync-engine.h"
#include "fb-popover-focus.h"

/* Broken rules listed under the plan; more are counted. */
#define MAX_PROBLEM_LINES 5

struct _FbSeatAssignDialog
{
  AdwWindow      parent_instance;

  GtkMenuButton *date_button;
  GtkPopover    *date_popover;
  GtkCalendar   *calendar;
  GtkDropDown   *shift_dropdown;
  GtkLabel      *count_label;
  GtkListView   *agent_list;
  GtkDropDown   *seat_dropdown;
  FbSeatMap     *seat_map;
  GtkLabel      *legend_label;
  GtkLabel      *status_label;
  GtkLabel      *problem_label;
  GtkLabel      *error_label;
  GtkWidget     *save_button;

  FbSyncEngine  *engine;
  FbRoster      *roster;
  GPtrArray     *assignment_rows;  /* FbRow of seat_assignment */
  GHashTable    *queue_names;      /* queue id -> name */
  GHashTable    *queue_load;       /* queue id -> double *, for Suggest */
  GPtrArray     *seat_ids;         /* in the seat dropdown's order */
  GtkStringList *agent_ids;        /* the list's model */
  GtkSingleSelection *selection;
  GHashTable    *bound;            /* agent id -> row widget shown */

  char          *date;
  FbShift        shift;
  GHashTable    *seat_of;          /* agent id -> seat id */
  GHashTable    *agent_at;         /* seat id -> agent id */
  gint64         base_version;
  char          *selected_agent;

  char          *cache_error;     /* why there is nothing to plan with */
  char          *status;
  char          *problem;
  char          *error;
  gboolean       busy;
};

G_DEFINE_FINAL_TYPE (FbSeatAssignDialog, fb_seat_assign_dialog, ADW_TYPE_WINDOW)

static const char *
seat_label (FbSeatAssignDialog *self,
            const char         *seat_id)
{
  const FbSeat *seat = fb_roster_lookup_seat (self->roster, seat_id);

  return seat && seat->label && seat->label[0] ? seat->label : seat_id;
}

static const char *
agent_name (FbSeatAssignDialog *self,
            const char         *agent_id)
{
  const FbAgent *agent = fb_roster_lookup_agent (self->roster, agent_id);

  return agent ? agent->name : agent_id;
}

static void
set_status (FbSeatAssignDialog *self,
            char               *status)
{
  g_free (self->status);
  self->status = status;
  gtk_label_set_text (self->status_label, status ?: "");
}

static void
show_error (FbSeatAssignDialog *self,
            const char         *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message ?: "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static FbRole
current_role (FbSeatAssignDialog *self)
{
  const char *role = self->engine ? fb_sync_engine_get_role (self->engine) : NULL;
  int value = role ? fb_enum_from_string (fb_role_values, role) : -1;

  /* Unknown: the least authority. */
  return value >= 0 ? (FbRole) value : FB_ROLE_AGENT;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* The plan as picks, by agent id: the same plan, the same checks. */
static GArray *
plan_picks (FbSeatAssignDialog *self)
{
  GArray *picks = fb_seat_picks_new ();
  g_autofree gpointer *agents = NULL;
  guint n = 0;

  agents = g_hash_table_get_keys_as_array (self->seat_of, &n);
  qsort (agents, n, sizeof (gpointer), compare_strings);
  for (guint i = 0; i < n; i++)
    {
      FbSeatPick pick = { g_strdup (g_hash_table_lookup (self->seat_of, agents[i])), g_strdup (agents[i]) };

      g_array_append_val (picks, pick);
    }
  return picks;
}

static char *
seat_text (FbSeatAssignDialog *self,
           const char         *agent_id)
{
  const char *seat_id = g_hash_table_lookup (self->seat_of, agent_id);

  return seat_id ? g_strdup (seat_label (self, seat_id)) : g_strdup (_("Unseated"));
}

static void
update_row (FbSeatAssignDialog *self,
            const char         *agent_id,
            GtkWidget          *row)
{
  GtkLabel *seat = g_object_get_data (G_OBJECT (row), "seat-label");
  GtkLabel *detail = g_object_get_data (G_OBJECT (row), "detail-label");
  g_autofree char *text = seat_text (self, agent_id);
  g_autofree char *accessible = NULL;

  gtk_label_set_text (seat, text);
  if (g_hash_table_contains (self->seat_of, agent_id))
    gtk_widget_remove_css_class (GTK_WIDGET (seat), "dim-label");
  else
    gtk_widget_add_css_class (GTK_WIDGET (seat), "dim-label");
  /* Translators: an agent's row for screen readers: name, team and queue, seat */
  accessible = g_strdup_printf (_("%s, %s, seat: %s"), agent_name (self, agent_id),
                                gtk_label_get_text (detail), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

/* Everything that follows the plan: the map, the rows shown, the counts,
 * the rules, and whether Save may go. */
static void
refresh (FbSeatAssignDialog *self)
{
  g_autoptr(GArray) picks = plan_picks (self);
  g_autoptr(GPtrArray) checks = NULL;
  g_autofree char *counts = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint n_agents = g_list_model_get_n_items (G_LIST_MODEL (self->agent_ids));
  guint n_seated = 0, n_lines = 0, n_more = 0;
  GString *problem = NULL;
  gboolean signed_in = self->engine && fb_sync_engine_get_user_id (self->engine) != NULL;

  fb_seat_map_set_plan (self->seat_map, self->agent_at);
  fb_seat_map_set_highlight (self->seat_map, self->selected_agent
                                             ? g_hash_table_lookup (self->seat_of, self->selected_agent) : NULL);
  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &key, &value))
    update_row (self, key, value);

  for (guint i = 0; i < n_agents; i++)
    n_seated += g_hash_table_contains (self->seat_of, gtk_string_list_get_string (self->agent_ids, i));
  /* Translators: counts of the shift's agents */
  counts = g_strdup_printf (_("%u on this shift · %u seated · %u unseated"), n_agents, n_seated, n_agents - n_seated);
  gtk_label_set_text (self->count_label, counts);

  checks = fb_seat_plan_checks (self->roster, self->date, self->shift, (const FbSeatPick *) picks->data,
                                picks->len, current_role (self));
  if (!signed_in)
    problem = g_string_new (_("Sign in to save the seat plan."));
  for (guint i = 0; signed_in && i < checks->len; i++)
    {
      const FbCheck *check = g_ptr_array_index (checks, i);

      if (check->kind == FB_CHECK_FLAG)
        continue;
      if (n_lines == MAX_PROBLEM_LINES)
        {
          n_more++;
          continue;
        }
      if (problem == NULL)
        problem = g_string_new (NULL);
      else
        g_string_append_c (problem, '\n');
      g_string_append (problem, check->message);
      n_lines++;
    }
  if (n_more > 0)
    {
      g_string_append_c (problem, '\n');
      /* Translators: after the first broken rules, how many more */
      g_string_append_printf (problem, ngettext ("… and %u more", "… and %u more", n_more), n_more);
    }
  /* An empty plan saved would unseat the whole shift. */
  if (self->cache_error != NULL)
    {
      if (problem != NULL)
        g_string_free (problem, TRUE);
      problem = g_string_new (self->cache_error);
    }

  g_free (self->problem);
  self->problem = problem ? g_string_free (problem, FALSE) : NULL;
  gtk_label_set_text (self->problem_label, self->problem ?: "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), self->problem != NULL);
  /* Said where the click would go, too. */
  gtk_widget_set_tooltip_text (self->save_button, self->problem);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "seats.save", self->problem == NULL && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "seats.suggest", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "seats.clear", !self->busy && g_hash_table_size (self->seat_of) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "seats.assign", !self->busy && self->selected_agent != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "seats.unseat", !self->busy && self->selected_agent != NULL &&
                                 g_hash_table_contains (self->seat_of, self->selected_agent));
}

static void
unseat (FbSeatAssignDialog *self,
        const char         *agent_id)
{
  const char *seat_id = g_hash_table_lookup (self->seat_of, agent_id);

  if (seat_id != NULL)
    {
      g_hash_table_remove (self->agent_at, seat_id);
      g_hash_table_remove (self->seat_of, agent_id);
    }
}

static gboolean
place (FbSeatAssignDialog *self,
       const char         *agent_id,
       const char         *seat_id)
{
  const FbSeat *seat = fb_roster_lookup_seat (self->roster, seat_id);
  const FbAgent *agent = fb_roster_lookup_agent (self->roster, agent_id);
  g_autofree char *old_seat = NULL;
  g_autofree char *occupant = NULL;

  if (seat == NULL)
    {
      set_status (self, g_strdup (_("There is no such seat on the floor.")));
      return FALSE;
    }
  if (agent == NULL)
    {
      set_status (self, g_strdup (_("Only agents of this center can be seated.")));
      return FALSE;
    }
  if (seat->equipment == FB_EQUIPMENT_FAULTY)
    {
      /* Translators: %s is a seat's label */
      set_status (self, g_strdup_printf (_("Seat %s has faulty equipment: nobody can be assigned to it."),
                                         seat_label (self, seat_id)));
      return FALSE;
    }
  if (!fb_roster_is_on_shift (self->roster, agent_id, self->date, self->shift))
    {
      /* Translators: %s is an agent's name */
      set_status (self, g_strdup_printf (_("%s does not work this shift."), agent->name));
      return FALSE;
    }

  old_seat = g_strdup (g_hash_table_lookup (self->seat_of, agent_id));
  if (g_strcmp0 (old_seat, seat_id) == 0)
    {
      /* Translators: an agent's name, a seat's label */
      set_status (self, g_strdup_printf (_("%s already sits on %s."), agent->name, seat_label (self, seat_id)));
      return TRUE;
    }
  occupant = g_strdup (g_hash_table_lookup (self->agent_at, seat_id));
  if (occupant != NULL)
    unseat (self, occupant);
  unseat (self, agent_id);
  g_hash_table_insert (self->seat_of, g_strdup (agent_id), g_strdup (seat_id));
  g_hash_table_insert (self->agent_at, g_strdup (seat_id), g_strdup (agent_id));

  if (occupant != NULL)
    /* Translators: agent, seat, the agent who sat there before */
    set_status (self, g_strdup_printf (_("%s now sits on %s; %s is unseated."), agent->name,
                                       seat_label (self, seat_id), agent_name (self, occupant)));
  else if (old_seat != NULL)
    /* Translators: agent, new seat, old seat */
    set_status (self, g_strdup_printf (_("%s moves to %s (was %s)."), agent->name,
                                       seat_label (self, seat_id), seat_label (self, old_seat)));
  else
    /* Translators: agent, seat */
    set_status (self, g_strdup_printf (_("%s sits on %s."), agent->name, seat_label (self, seat_id)));
  return TRUE;
}

gboolean
fb_seat_assign_dialog_assign (FbSeatAssignDialog *self,
                              const char         *agent_id,
                              const char         *seat_id)
{
  gboolean placed;

  g_return_val_if_fail (FB_IS_SEAT_ASSIGN_DIALOG (self), FALSE);
  g_return_val_if_fail (agent_id != NULL && seat_id != NULL, FALSE);

  if (self->busy)
    return FALSE;
  placed = place (self, agent_id, seat_id);
  refresh (self);
  return placed;
}

/* ---- the agents' list ----------------------------------------------------- */

static GdkContentProvider *
drag_prepare_cb (GtkDragSource *source,
                 double         x,
                 double         y,
                 GtkListItem   *item)
{
  GtkStringObject *object = gtk_list_item_get_item (item);

  if (object == NULL)
    return NULL;
  return gdk_content_provider_new_typed (G_TYPE_STRING, gtk_string_object_get_string (object));
}

static void
drag_begin_cb (GtkDragSource *source,
               GdkDrag       *drag,
               GtkListItem   *item)
{
  GtkWidget *row = gtk_list_item_get_child (item);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (row);

  gtk_drag_source_set_icon (source, paintable, 12, 12);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              FbSeatAssignDialog       *self)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);
  GtkWidget *seat = gtk_label_new (NULL);
  GtkDragSource *drag = gtk_drag_source_new ();

  gtk_widget_set_margin_top (row, 4);
  gtk_widget_set_margin_bottom (row, 4);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "heading");
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (detail, "caption");
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (seat, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (seat, "numeric");
  gtk_box_append (GTK_BOX (texts), name);
  gtk_box_append (GTK_BOX (texts), detail);
  gtk_box_append (GTK_BOX (row), texts);
  gtk_box_append (GTK_BOX (row), seat);
  g_object_set_data (G_OBJECT (row), "name-label", name);
  g_object_set_data (G_OBJECT (row), "detail-label", detail);
  g_object_set_data (G_OBJECT (row), "seat-label", seat);

  /* Dragged onto a seat of the map: the agent's id. */
  gtk_drag_source_set_actions (drag, GDK_ACTION_MOVE);
  g_signal_connect (drag, "prepare", G_CALLBACK (drag_prepare_cb), item);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), item);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (drag));
  gtk_list_item_set_child (item, row);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             FbSeatAssignDialog       *self)
{
  GtkWidget *row = gtk_list_item_get_child (item);
  const char *agent_id = gtk_string_object_get_string (gtk_list_item_get_item (item));
  const FbAgent *agent = fb_roster_lookup_agent (self->roster, agent_id);
  const FbTeam *team = agent && agent->team_id ? fb_roster_lookup_team (self->roster, agent->team_id) : NULL;
  const char *queue = agent && agent->queue_id ? g_hash_table_lookup (self->queue_names, agent->queue_id) : NULL;
  g_autofree char *detail = NULL;

  /* Translators: an agent's team and queue */
  detail = g_strdup_printf (_("%s · %s"), team ? team->name : (agent && agent->team_id ? agent->team_id : "–"),
                            queue ? queue : (agent && agent->queue_id ? agent->queue_id : _("no queue")));
  gtk_label_set_text (g_object_get_data (G_OBJECT (row), "name-label"), agent ? agent->name : agent_id);
  gtk_label_set_text (g_object_get_data (G_OBJECT (row), "detail-label"), detail);
  g_hash_table_replace (self->bound, g_strdup (agent_id), row);
  update_row (self, agent_id, row);
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               FbSeatAssignDialog       *self)
{
  GtkStringObject *object = gtk_list_item_get_item (item);
  const char *agent_id = object ? gtk_string_object_get_string (object) : NULL;

  if (agent_id != NULL && g_hash_table_lookup (self->bound, agent_id) == gtk_list_item_get_child (item))
    g_hash_table_remove (self->bound, agent_id);
}

static guint
agent_position (FbSeatAssignDialog *self,
                const char         *agent_id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->agent_ids));

  for (guint i = 0; agent_id != NULL && i < n; i++)
    if (g_str_equal (gtk_string_list_get_string (self->agent_ids, i), agent_id))
      return i;
  return GTK_INVALID_LIST_POSITION;
}

/* The seat dropdown follows the chosen agent's seat. */
static void
show_seat_choice (FbSeatAssignDialog *self)
{
  const char *seat_id = self->selected_agent ? g_hash_table_lookup (self->seat_of, self->selected_agent) : NULL;
  guint position = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; seat_id != NULL && i < self->seat_ids->len; i++)
    if (g_str_equal (g_ptr_array_index (self->seat_ids, i), seat_id))
      position = i;
  if (position != GTK_INVALID_LIST_POSITION || seat_id == NULL)
    gtk_drop_down_set_selected (self->seat_dropdown, position);
}

static void
selection_changed_cb (FbSeatAssignDialog *self)
{
  GtkStringObject *object = gtk_single_selection_get_selected_item (self->selection);

  g_free (self->selected_agent);
  self->selected_agent = object ? g_strdup (gtk_string_object_get_string (object)) : NULL;
  show_seat_choice (self);
  refresh (self);
}

void
fb_seat_assign_dialog_select_agent (FbSeatAssignDialog *self,
                                    const char         *agent_id)
{
  g_return_if_fail (FB_IS_SEAT_ASSIGN_DIALOG (self));

  gtk_single_selection_set_selected (self->selection, agent_position (self, agent_id));
  /* An agent on the plan but no longer on the shift is not listed, yet
   * can be chosen (from the map) to be unseated. */
  if (agent_id != NULL && g_strcmp0 (self->selected_agent, agent_id) != 0)
    {
      g_free (self->selected_agent);
      self->selected_agent = g_strdup (agent_id);
      show_seat_choice (self);
      refresh (self);
    }
}

const char *
fb_seat_assign_dialog_get_selected_agent (FbSeatAssignDialog *self)
{
  g_return_val_if_fail (FB_IS_SEAT_ASSIGN_DIALOG (self), NULL);
  return self->selected_agent;
}

/* ---- the map ------------------------------------------------------------- */

static void
seat_activated_cb (FbSeatAssignDialog *self,
                   const char         *seat_id)
{
  const char *occupant;

  if (self->selected_agent != NULL)
    {
      fb_seat_assign_dialog_assign (self, self->selected_agent, seat_id);
      return;
    }
  if ((occupant = g_hash_table_lookup (self->agent_at, seat_id)))
    {
      g_autofree char *agent_id = g_strdup (occupant);

      fb_seat_assign_dialog_select_agent (self, agent_id);
      /* Translators: an agent's name, a seat's label */
      set_status (self, g_strdup_printf (_("%s sits on %s: click another seat to move them."),
                                         agent_name (self, agent_id), seat_label (self, seat_id)));
      return;
    }
  set_status (self, g_strdup (_("Choose an agent in the list first, then click a seat.")));
}

static gboolean
agent_dropped_cb (FbSeatAssignDialog *self,
                  const char         *agent_id,
                  const char         *seat_id)
{
  gboolean placed;

  if (self->busy)
    return FALSE;
  placed = place (self, agent_id, seat_id);
  if (placed)
    fb_seat_assign_dialog_select_agent (self, agent_id);
  refresh (self);
  return placed;
}

/* ---- date and shift ------------------------------------------------------- */

/* @date at noon on the center's clock: the day the plan is for. */
static GDateTime *
parse_date (FbSeatAssignDialog *self,
            const char         *date)
{
  int y, m, d;
  char end;

  if (date == NULL || !fb_date_is_valid (date) || sscanf (date, "%d-%d-%d%c", &y, &m, &d, &end) != 3)
    return NULL;
  return g_date_time_new (fb_roster_get_time_zone (self->roster), y, m, d, 12, 0, 0);
}

/* The shift that starts next, today's or tomorrow's, in the center's
 * time zone; today's day shift when no team works. */
static void
next_shift (FbSeatAssignDialog *self,
            char              **date,
            FbShift            *shift)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (fb_roster_get_time_zone (self->roster));
  gint64 now_s = g_date_time_to_unix (now), best = G_MAXINT64;

  *date = g_date_time_format (now, "%Y-%m-%d");
  *shift = FB_SHIFT_DAY;
  for (int d = 0; d <= 1; d++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (now, d);
      g_autofree char *day_text = g_date_time_format (day, "%Y-%m-%d");

      for (FbShift s = FB_SHIFT_DAY; s <= FB_SHIFT_NIGHT; s++)
        {
          gint64 start, end;

          if (fb_roster_shift_bounds (self->roster, day_text, s, &start, &end) && start > now_s && start < best)
            {
              best = start;
              g_free (*date);
              *date = g_strdup (day_text);
              *shift = s;
            }
        }
    }
}

static void
load_plan (FbSeatAssignDialog *self)
{
  g_autoptr(GPtrArray) agents = fb_roster_agents_on_shift (self->roster, self->date, self->shift);
  g_autofree const char **ids = g_new0 (const char *, agents->len + 1);

  g_hash_table_remove_all (self->seat_of);
  g_hash_table_remove_all (self->agent_at);
  self->base_version = 0;
  for (guint i = 0; i < self->assignment_rows->len; i++)
    {
      FbRow *row = g_ptr_array_index (self->assignment_rows, i);
      const FbSeatAssignment *sa = fb_row_get_entity (row);

      if (g_strcmp0 (sa->date, self->date) != 0 || sa->shift != self->shift)
        continue;
      self->base_version = MAX (self->base_version, fb_row_get_version (row));
      /* Two rows on one seat or one agent: the cache holds what the
       * server had; the rules then say what is wrong, keep both known. */
      g_hash_table_replace (self->seat_of, g_strdup (sa->agent_id), g_strdup (sa->seat_id));
      g_hash_table_replace (self->agent_at, g_strdup (sa->seat_id), g_strdup (sa->agent_id));
    }

  for (guint i = 0; i < agents->len; i++)
    ids[i] = ((const FbAgent *) g_ptr_array_index (agents, i))->id;
  g_clear_pointer (&self->selected_agent, g_free);
  gtk_string_list_splice (self->agent_ids, 0, g_list_model_get_n_items (G_LIST_MODEL (self->agent_ids)), ids);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  show_error (self, NULL);
  set_status (self, g_strdup (_("Choose an agent, then click a seat — or drag the agent onto the seat.")));
  refresh (self);
}

static void
show_date (FbSeatAssignDialog *self)
{
  g_autoptr(GDateTime) date = parse_date (self, self->date);
  g_autofree char *text = NULL;
  g_autofree char *plan = NULL;

  if (date == NULL)
    return;
  /* Translators: strftime format of the plan's date on its button */
  text = fb_date_time_format (date, _("%a %e %B %Y"));
  gtk_menu_button_set_label (self->date_button, text);
  gtk_calendar_select_day (self->calendar, date);
  gtk_drop_down_set_selected (self->shift_dropdown, self->shift);
  /* Translators: the map's name for screen readers: a date, a shift */
  plan = g_strdup_printf (_("Seat plan of %s, %s"), text,
                          self->shift == FB_SHIFT_DAY ? _("day shift") : _("night shift"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->seat_map), GTK_ACCESSIBLE_PROPERTY_LABEL, plan, -1);
}

gboolean
fb_seat_assign_dialog_set_shift (FbSeatAssignDialog *self,
                                 const char         *date,
                                 FbShift             shift)
{
  g_autoptr(GDateTime) parsed = NULL;

  g_return_val_if_fail (FB_IS_SEAT_ASSIGN_DIALOG (self), FALSE);
  g_return_val_if_fail (shift == FB_SHIFT_DAY || shift == FB_SHIFT_NIGHT, FALSE);

  if (!(parsed = parse_date (self, date)))
    return FALSE;
  if (g_strcmp0 (self->date, date) == 0 && self->shift == shift)
    return TRUE;
  g_free (self->date);
  self->date = g_strdup (date);
  self->shift = shift;
  show_date (self);
  load_plan (self);
  return TRUE;
}

static void
day_selected_cb (FbSeatAssignDialog *self)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (self->calendar);
  g_autofree char *text = g_date_time_format (date, "%Y-%m-%d");

  gtk_popover_popdown (self->date_popover);
  fb_seat_assign_dialog_set_shift (self, text, self->shift);
}

static void
shift_selected_cb (FbSeatAssignDialog *self)
{
  guint selected = gtk_drop_down_get_selected (self->shift_dropdown);

  if (selected <= FB_SHIFT_NIGHT && self->date != NULL)
    fb_seat_assign_dialog_set_shift (self, self->date, (FbShift) selected);
}

/* ---- actions ------------------------------------------------------------- */

static void
assign_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  FbSeatAssignDialog *self = FB_SEAT_ASSIGN_DIALOG (widget);
  guint position = gtk_drop_down_get_selected (self->seat_dropdown);

  if (self->selected_agent == NULL)
    return;
  if (position >= self->seat_ids->len)
    {
      set_status (self, g_strdup (_("Choose a seat for the agent.")));
      return;
    }
  fb_seat_assign_dialog_assign (self, self->selected_agent, g_ptr_array_index (self->seat_ids, position));
}

static void
unseat_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  FbSeatAssignDialog *self = FB_SEAT_ASSIGN_DIALOG (widget);

  if (self->selected_agent == NULL || self->busy)
    return;
  unseat (self, self->selected_agent);
  /* Translators: an agent's name */
  set_status (self, g_strdup_printf (_("%s is unseated."), agent_name (self, self->selected_agent)));
  show_seat_choice (self);
  refresh (self);
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  FbSeatAssignDialog *self = FB_SEAT_ASSIGN_DIALOG (widget);

  if (self->busy)
    return;
  g_hash_table_remove_all (self->seat_of);
  g_hash_table_remove_all (self->agent_at);
  set_status (self, g_strdup (_("Every agent of this shift is unseated. Save to free their seats.")));
  show_seat_choice (self);
  refresh (self);
}

static void
suggest_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  FbSeatAssignDialog *self = FB_SEAT_ASSIGN_DIALOG (widget);
  g_autoptr(GArray) picks = NULL;
  guint n_agents = g_list_model_get_n_items (G_LIST_MODEL (self->agent_ids));

  if (self->busy)
    return;
  picks = fb_seat_plan_suggest (self->roster, self->date, self->shift, self->queue_load);
  g_hash_table_remove_all (self->seat_of);
  g_hash_table_remove_all (self->agent_at);
  for (guint i = 0; i < picks->len; i++)
    {
      const FbSeatPick *pick = &g_array_index (picks, FbSeatPick, i);

      g_hash_table_replace (self->seat_of, g_strdup (pick->agent_id), g_strdup (pick->seat_id));
      g_hash_table_replace (self->agent_at, g_strdup (pick->seat_id), g_strdup (pick->agent_id));
    }
  if (picks->len < n_agents)
    /* Translators: seated agents, then agents left without a free seat */
    set_status (self, g_strdup_printf (_("Suggested seats for %u agents; %u found no free seat. Review, then Save."),
                                       picks->len, n_agents - picks->len));
  else
    /* Translators: %u agents */
    set_status (self, g_strdup_printf (_("Suggested seats for %u agents by queue load. Review, then Save."),
                                       picks->len));
  show_seat_choice (self);
  refresh (self);
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(FbSeatAssignDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  self->busy = FALSE;
  if (!fb_client_assign_seats_finish (FB_SYNC_ENGINE (object), result, &error))
    {
      /* The plan stays, to try again. */
      show_error (self, error->message);
      refresh (self);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  FbSeatAssignDialog *self = FB_SEAT_ASSIGN_DIALOG (widget);
  g_autoptr(GArray) picks = NULL;

  refresh (self);
  if (self->problem != NULL || self->busy)
    return;

  picks = plan_picks (self);
  self->busy = TRUE;
  show_error (self, NULL);
  refresh (self);
  fb_client_assign_seats_async (self->engine, self->date, self->shift, self->base_version,
                                (const FbSeatPick *) (gpointer) picks->data, picks->len,
                                NULL, save_cb, g_object_ref (self));
}

/* ---- reading the cache ------------------------------------------------------- */

static int
compare_seat_rows (gconstpointer a,
                   gconstpointer b)
{
  const FbSeat *x = fb_row_get_entity (*(FbRow * const *) a);
  const FbSeat *y = fb_row_get_entity (*(FbRow * const *) b);
  int c = g_strcmp0 (x->zone, y->zone);

  if (c == 0)
    c = x->y < y->y ? -1 : x->y > y->y;
  if (c == 0)
    c = x->x < y->x ? -1 : x->x > y->x;
  return c != 0 ? c : g_strcmp0 (x->id, y->id);
}

/* The rows of @type in the cache; a row that does not decode is left out
 * as the row lists leave it out. */
static GPtrArray *
read_rows (FbStore     *store,
           const char  *type,
           GError     **error)
{
  g_autoptr(GPtrArray) changes = fb_store_list_rows (store, type, error);
  GPtrArray *rows;

  if (changes == NULL)
    return NULL;
  rows = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < changes->len; i++)
    {
      FbRow *row = fb_row_new (g_ptr_array_index (changes, i), NULL);

      if (row != NULL)
        g_ptr_array_add (rows, row);
    }
  return rows;
}

static gboolean
load_cache (FbSeatAssignDialog *self,
            FbStore            *store,
            GError            **error)
{
  static const char * const roster_types[] = {
    "team", "agent", "seat", "queue", "leave_request", "swap_request", "holiday_duty", "seat_assignment",
  };
  g_autoptr(GListStore) seats = g_list_store_new (FB_TYPE_ROW);
  g_autoptr(GListStore) agents = g_list_store_new (FB_TYPE_ROW);
  g_autoptr(GListStore) teams = g_list_store_new (FB_TYPE_ROW);
  g_autoptr(GtkStringList) seat_labels = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) seat_rows = g_ptr_array_new_with_free_func (g_object_unref);
  double total_now = 0, total_offered = 0;
  g_autoptr(GHashTable) offered = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  for (guint t = 0; t < G_N_ELEMENTS (roster_types); t++)
    {
      g_autoptr(GPtrArray) rows = read_rows (store, roster_types[t], error);

      if (rows == NULL)
        return FALSE;
      for (guint i = 0; i < rows->len; i++)
        {
          FbRow *row = g_ptr_array_index (rows, i);

          fb_roster_add_row (self->roster, row);
          if (t == 0)
            g_list_store_append (teams, row);
          else if (t == 1)
            g_list_store_append (agents, row);
          else if (t == 2)
            g_ptr_array_add (seat_rows, g_object_ref (row));
          else if (t == 3)
            {
              const FbQueue *queue = fb_row_get_entity (row);
              double *load = g_new (double, 1), *calls = g_new (double, 1);

              /* Load now: callers waiting and agents talking. */
              *load = (double) (queue->waiting + queue->agents_busy);
              *calls = (double) queue->offered;
              total_now += *load;
              total_offered += *calls;
              g_hash_table_insert (self->queue_names, g_strdup (queue->id), g_strdup (queue->name));
              g_hash_table_insert (self->queue_load, g_strdup (queue->id), load);
              g_hash_table_insert (offered, queue->id, calls);
            }
          else if (t == 7)
            g_ptr_array_add (self->assignment_rows, g_object_ref (row));
        }
      /* Planned ahead of a quiet floor (before the shift, at night),
       * today's calls offered say more than nobody waiting. */
      if (t == 3 && total_now <= 0 && total_offered > 0)
        {
          GHashTableIter iter;
          gpointer key, value;

          g_hash_table_iter_init (&iter, offered);
          while (g_hash_table_iter_next (&iter, &key, &value))
            *(double *) g_hash_table_lookup (self->queue_load, key) = *(double *) value;
        }
    }

  g_ptr_array_sort (seat_rows, compare_seat_rows);
  for (guint i = 0; i < seat_rows->len; i++)
    {
      FbRow *row = g_ptr_array_index (seat_rows, i);
      const FbSeat *seat = fb_row_get_entity (row);
      g_autofree char *label = NULL;

      g_list_store_append (seats, row);
      g_ptr_array_add (self->seat_ids, g_strdup (seat->id));
      label = seat->equipment == FB_EQUIPMENT_FAULTY
              /* Translators: a seat's label in the seat list */
              ? g_strdup_printf (_("%s (faulty)"), seat_label (self, seat->id))
              : g_strdup (seat_label (self, seat->id));
      gtk_string_list_append (seat_labels, label);
    }
  fb_seat_map_set_models (self->seat_map, G_LIST_MODEL (seats), G_LIST_MODEL (agents), G_LIST_MODEL (teams), NULL);
  {
    g_autoptr(GtkExpression) expression = gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string");

    gtk_drop_down_set_expression (self->seat_dropdown, expression);
    gtk_drop_down_set_model (self->seat_dropdown, G_LIST_MODEL (seat_labels));
    gtk_drop_down_set_selected (self->seat_dropdown, GTK_INVALID_LIST_POSITION);
  }
  return TRUE;
}

/* ---- getters ------------------------------------------------------------- */

const char *
fb_seat_assign_dialog_get_date (FbSeatAssignDialog *self)
{
  g_return_val_if_fail (FB_IS_SEAT_ASSIGN_DIALOG (self), NULL);
  return self->date;
}

FbShift
fb_seat_assign_dialog_get_shift (FbSeatAssignDialog *self)
{
  g_return_val_if_fail (FB_IS_SEAT_ASSIGN_DIALOG (self), FB_SHIFT_DAY);
  return self->shift;
}

GListModel *
fb_seat_assign_dialog_get_agents (FbSeatAssignDialog *self)
{
  g_return_val_if_fail (FB_IS_SEAT_ASSIGN_DIALOG (self), NULL);
  return G_LIST_MODEL (self->agent_ids);
}

const char *
fb_seat_assign_dialog_get_seat_of (FbSeatAssignDialog *self,
                                   const char         *agent_id)
{
  g_return_val_if_fail (FB_IS_SEAT_ASSIGN_DIALOG (self), NULL);
  g_return_val_if_fail (agent_id != NULL, NULL);
  return g_hash_table_lookup (self->seat_of, agent_id);
}

guint
fb_seat_assign_dialog_get_n_seated (FbSeatAssignDialog *self)
{
  g_return_val_if_fail (FB_IS_SEAT_ASSIGN_DIALOG (self), 0);
  return g_hash_table_size (self->seat_of);
}

const char *
fb_seat_assign_dialog_get_status (FbSeatAssignDialog *self)
{
  g_return_val_if_fail (FB_IS_SEAT_ASSIGN_DIALOG (self), NULL);
  return self->status;
}

const char *
fb_seat_assign_dialog_get_problem (FbSeatAssignDialog *self)
{
  g_return_val_if_fail (FB_IS_SEAT_ASSIGN_DIALOG (self), NULL);
  return self->problem;
}

const char *
fb_seat_assign_dialog_get_error (FbSeatAssignDialog *self)
{
  g_return_val_if_fail (FB_IS_SEAT_ASSIGN_DIALOG (self), NULL);
  return self->error;
}

gint64
fb_seat_assign_dialog_get_base_version (FbSeatAssignDialog *self)
{
  g_return_val_if_fail (FB_IS_SEAT_ASSIGN_DIALOG (self), 0);
  return self->base_version;
}

/* ---- object ------------------------------------------------------------- */

static void
fb_seat_assign_dialog_dispose (GObject *object)
{
  FbSeatAssignDialog *self = (FbSeatAssignDialog *)object;

  if (self->bound != NULL)
    g_hash_table_remove_all (self->bound);
  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_SEAT_ASSIGN_DIALOG);
  g_clear_object (&self->engine);
  g_clear_object (&self->selection);

  G_OBJECT_CLASS (fb_seat_assign_dialog_parent_class)->dispose (object);
}

static void
fb_seat_assign_dialog_finalize (GObject *object)
{
  FbSeatAssignDialog *self = (FbSeatAssignDialog *)object;

  g_clear_pointer (&self->bound, g_hash_table_unref);
  g_clear_pointer (&self->assignment_rows, g_ptr_array_unref);
  g_clear_pointer (&self->roster, fb_roster_free);
  g_clear_pointer (&self->queue_names, g_hash_table_unref);
  g_clear_pointer (&self->queue_load, g_hash_table_unref);
  g_clear_pointer (&self->seat_ids, g_ptr_array_unref);
  g_clear_pointer (&self->seat_of, g_hash_table_unref);
  g_clear_pointer (&self->agent_at, g_hash_table_unref);
  g_free (self->date);
  g_free (self->selected_agent);
  g_free (self->cache_error);
  g_free (self->status);
  g_free (self->problem);
  g_free (self->error);

  G_OBJECT_CLASS (fb_seat_assign_dialog_parent_class)->finalize (object);
}

static void
fb_seat_assign_dialog_class_init (FbSeatAssignDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_seat_assign_dialog_dispose;
  object_class->finalize = fb_seat_assign_dialog_finalize;

  g_type_ensure (FB_TYPE_SEAT_MAP);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/floorboard/Floorboard/ui/fb-seat-assign-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FbSeatAssignDialog, date_button);
  gtk_widget_class_bind_template_child (widget_class, FbSeatAssignDialog, date_popover);
  gtk_widget_class_bind_template_child (widget_class, FbSeatAssignDialog, calendar);
  gtk_widget_class_bind_template_child (widget_class, FbSeatAssignDialog, shift_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FbSeatAssignDialog, count_label);
  gtk_widget_class_bind_template_child (widget_class, FbSeatAssignDialog, agent_list);
  gtk_widget_class_bind_template_child (widget_class, FbSeatAssignDialog, seat_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FbSeatAssignDialog, seat_map);
  gtk_widget_class_bind_template_child (widget_class, FbSeatAssignDialog, legend_label);
  gtk_widget_class_bind_template_child (widget_class, FbSeatAssignDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, FbSeatAssignDialog, problem_label);
  gtk_widget_class_bind_template_child (widget_class, FbSeatAssignDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, FbSeatAssignDialog, save_button);
  gtk_widget_class_bind_template_callback (widget_class, day_selected_cb);

  gtk_widget_class_install_action (widget_class, "seats.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "seats.suggest", NULL, suggest_action);
  gtk_widget_class_install_action (widget_class, "seats.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "seats.assign", NULL, assign_action);
  gtk_widget_class_install_action (widget_class, "seats.unseat", NULL, unseat_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fb_seat_assign_dialog_init (FbSeatAssignDialog *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkStringList) shifts = NULL;
  const char *shift_names[] = { _("Day shift"), _("Night shift"), NULL };

  gtk_widget_init_template (GTK_WIDGET (self));
  fb_popover_focus_returns_to (self->date_popover, GTK_WIDGET (self->date_button));

  self->assignment_rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->queue_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->queue_load = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->seat_ids = g_ptr_array_new_with_free_func (g_free);
  self->bound = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->seat_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->agent_at = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  self->agent_ids = gtk_string_list_new (NULL);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->agent_ids));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (selection_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  gtk_list_view_set_factory (self->agent_list, factory);
  gtk_list_view_set_model (self->agent_list, GTK_SELECTION_MODEL (self->selection));

  shifts = gtk_string_list_new (shift_names);
  gtk_drop_down_set_model (self->shift_dropdown, G_LIST_MODEL (shifts));
  g_signal_connect_object (self->shift_dropdown, "notify::selected", G_CALLBACK (shift_selected_cb),
                           self, G_CONNECT_SWAPPED);

  fb_seat_map_set_assign_mode (self->seat_map, TRUE);
  g_signal_connect_object (self->seat_map, "seat-activated", G_CALLBACK (seat_activated_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->seat_map, "agent-dropped", G_CALLBACK (agent_dropped_cb),
                           self, G_CONNECT_SWAPPED);
}

FbSeatAssignDialog *
fb_seat_assign_dialog_new (GtkWindow    *parent,
                           FbSyncEngine *engine,
                           FbStore      *store)
{
  FbSeatAssignDialog *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *legend = NULL;
  g_autofree char *date = NULL;
  FbShift shift;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (FB_IS_SYNC_ENGINE (engine), NULL);
  g_return_val_if_fail (FB_IS_STORE (store), NULL);

  self = g_object_new (FB_TYPE_SEAT_ASSIGN_DIALOG, "transient-for", parent, NULL);
  self->engine = g_object_ref (engine);
  /* The center's clock, as the rules and the server count days and shifts. */
  self->roster = fb_roster_new (fb_center_clock_get_time_zone (fb_store_get_center_clock (store)));
  if (!load_cache (self, store, &error))
    {
      /* Nothing to plan with: say why, and Save stays off. */
      self->cache_error = g_strdup_printf (_("The cache could not be read: %s"), error->message);
    }
  legend = fb_seat_map_dup_plan_legend_markup (self->seat_map);
  gtk_label_set_markup (self->legend_label, legend);
  next_shift (self, &date, &shift);
  fb_seat_assign_dialog_set_shift (self, date, shift);
  return self;
}
