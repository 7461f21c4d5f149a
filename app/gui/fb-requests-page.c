/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-requests-page.c
 *
 * The cache's leave and swap requests, the pending ones by their first
 * day (the soonest first: it is the deadline for deciding), each with
 * every check the rules make for the signed-in role. The checks run on
 * an FbRoster built when rows change, coalesced in an idle, never per
 * row bound or per frame.
 *
 * A decision is held for FB_REQUESTS_UNDO_SECONDS behind an Undo toast
 * and shown at once as the rules would make the row; only when the toast
 * goes without Undo does it go to the sync engine's outbox (the optimistic
 * row and the POST in one transaction). One batch is held at a time: the
 * next decision sends the last. Closing the window sends what is held, so
 * nothing the user did is lost. Until the server has it the row says the
 * decision waits to be sent.
 *
 * This file keeps the lists, their rebuilding and the widget; what a row
 * shows is fb-requests-page-state.c, the held decisions
 * fb-requests-page-batch.c.
 */
#define G_LOG_DOMAIN "floorboard"

#include <glib/gi18n.h>
#include <string.h>

#include "fb-entity.h"
#include "fb-format.h"
#include "fb-labels.h"
#include "fb-request-row.h"
#include "fb-request-rules.h"
#include "fb-context.h"
#include "fb-requests-page.h"
#include "fb-requests-page-private.h"
#include "fb-row.h"
#include "fb-row-list.h"
#include "fb-store.h"
#include "fb-sync-engine.h"
#include "fb-widget-utils.h"

G_DEFINE_FINAL_TYPE (FbRequestsPage, fb_requests_page, GTK_TYPE_WIDGET)

static const char * const list_kinds[N_LISTS] = {
  "leave_request", "swap_request", "team", "agent", "user", "holiday_duty",
};

enum {
  PROP_0,
  PROP_FILTER,
  PROP_SHOW_DECIDED,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

static void remember_agents (FbRequestsPage *self);

static char *
make_key (const char *kind,
          const char *id)
{
  return g_strconcat (kind, "/", id, NULL);
}

char *
_fb_requests_page_row_key (FbRow *row)
{
  return make_key (fb_row_get_kind (row), fb_row_get_id (row));
}

gboolean
_fb_requests_page_is_leave (FbRow *row)
{
  return g_strcmp0 (fb_row_get_kind (row), "leave_request") == 0;
}

static FbRequestStatus
row_status (FbRow *row)
{
  gconstpointer entity = fb_row_get_entity (row);

  if (entity == NULL)
    return FB_REQUEST_CANCELLED;
  return _fb_requests_page_is_leave (row) ? ((const FbLeaveRequest *) entity)->status : ((const FbSwapRequest *) entity)->status;
}

static const char *
first_day (FbRow *row)
{
  gconstpointer entity = fb_row_get_entity (row);
  const FbSwapRequest *swap;

  if (entity == NULL)
    return "";
  if (_fb_requests_page_is_leave (row))
    return ((const FbLeaveRequest *) entity)->start_date;
  swap = entity;
  return strcmp (swap->date_a, swap->date_b) <= 0 ? swap->date_a : swap->date_b;
}

static gint64
submitted_at (FbRow *row)
{
  gconstpointer entity = fb_row_get_entity (row);

  if (entity == NULL)
    return 0;
  return _fb_requests_page_is_leave (row) ? ((const FbLeaveRequest *) entity)->submitted_at
                        : ((const FbSwapRequest *) entity)->submitted_at;
}

static gint64
decided_at (FbRow *row)
{
  gconstpointer entity = fb_row_get_entity (row);

  if (entity == NULL)
    return 0;
  return _fb_requests_page_is_leave (row) ? ((const FbLeaveRequest *) entity)->decided_at
                        : ((const FbSwapRequest *) entity)->decided_at;
}

/* Listed with the pending ones: still pending, or decided here. */
static gboolean
in_front (FbRequestsPage *self,
          FbRow          *row)
{
  g_autofree char *key = NULL;

  if (row_status (row) == FB_REQUEST_PENDING)
    return TRUE;
  key = _fb_requests_page_row_key (row);
  return g_hash_table_contains (self->recent, key) || g_hash_table_contains (self->queuing, key);
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  FbRequestsPage *self = user_data;
  FbRow *row = item;

  if (fb_row_get_entity (row) == NULL)
    return FALSE;
  if ((self->filter_kind == FB_REQUEST_FILTER_LEAVE && !_fb_requests_page_is_leave (row)) ||
      (self->filter_kind == FB_REQUEST_FILTER_SWAPS && _fb_requests_page_is_leave (row)))
    return FALSE;
  return self->show_decided || in_front (self, row);
}

static int
compare_func (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  FbRequestsPage *self = user_data;
  FbRow *ra = FB_ROW ((gpointer) a);
  FbRow *rb = FB_ROW ((gpointer) b);
  gboolean fa = in_front (self, ra), fb = in_front (self, rb);
  int cmp;

  /* What is to decide first, by its first day, the soonest on top. */
  if (fa != fb)
    return fb - fa;
  if (fa)
    {
      if ((cmp = strcmp (first_day (ra), first_day (rb))) != 0)
        return cmp;
      if (submitted_at (ra) != submitted_at (rb))
        return (submitted_at (ra) > submitted_at (rb)) - (submitted_at (ra) < submitted_at (rb));
    }
  else if (decided_at (ra) != decided_at (rb))
    /* Decided ones after, the latest decided first. */
    return (decided_at (ra) < decided_at (rb)) - (decided_at (ra) > decided_at (rb));
  if ((cmp = g_strcmp0 (fb_row_get_kind (ra), fb_row_get_kind (rb))) != 0)
    return cmp;
  return g_strcmp0 (fb_row_get_id (ra), fb_row_get_id (rb));
}

/* ---- the signed-in user ---------------------------------------------- */

int
_fb_requests_page_get_role (FbRequestsPage *self)
{
  const char *role = self->engine ? fb_sync_engine_get_role (self->engine) : NULL;

  return role ? fb_enum_from_string (fb_role_values, role) : -1;
}

const char *
_fb_requests_page_get_user_id (FbRequestsPage *self)
{
  return self->engine ? fb_sync_engine_get_user_id (self->engine) : NULL;
}

FbRow *
_fb_requests_page_lookup_row (GListModel *model,
            const char *id)
{
  guint n;

  if (model == NULL || id == NULL)
    return NULL;
  if (FB_IS_ROW_LIST (model))
    {
      FbRow *row = fb_row_list_lookup (FB_ROW_LIST (model), id);
      return row ? g_object_ref (row) : NULL;
    }
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbRow) row = g_list_model_get_item (model, i);

      if (g_strcmp0 (fb_row_get_id (row), id) == 0)
        return g_steal_pointer (&row);
    }
  return NULL;
}

/* ---- rebuilding ---------------------------------------------------------- */

static void
read_outbox (FbRequestsPage *self)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  g_hash_table_remove_all (self->sending);
  if (self->store == NULL || self->engine == NULL || fb_sync_engine_get_pending_writes (self->engine) == 0)
    return;
  /* The signed-in user's own: another user's wait for them, unseen. */
  if (!(items = fb_store_outbox_list_owned (self->store, fb_sync_engine_get_server_url (self->engine),
                                            fb_sync_engine_get_username (self->engine), &error)))
    {
      g_warning ("Cannot read the outbox: %s", error->message);
      return;
    }
  for (guint i = 0; i < items->len; i++)
    {
      FbOutboxItem *item = g_ptr_array_index (items, i);

      if (item->refused == NULL && item->row_type != NULL && item->row_id != NULL)
        g_hash_table_add (self->sending, make_key (item->row_type, item->row_id));
    }
}

gboolean
_fb_requests_page_key_decidable (FbRequestsPage *self,
               const char     *key)
{
  FbRequestState *state = g_hash_table_lookup (self->states, key);

  return state != NULL && state->status == FB_REQUEST_PENDING && !state->held && !state->sending;
}

void
_fb_requests_page_update_toolbar (FbRequestsPage *self)
{
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  guint n_leave = 0, n_swaps = 0, n_selected = 0;
  g_autofree char *count = NULL;
  g_autofree char *label = NULL;
  GHashTableIter iter;
  gpointer key, value;
  int role = _fb_requests_page_get_user_id (self) ? _fb_requests_page_get_role (self) : -1;
  const char *authority = NULL;

  g_hash_table_iter_init (&iter, self->states);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      FbRequestState *state = value;

      if (state->status != FB_REQUEST_PENDING)
        continue;
      if (g_str_equal (state->kind, "leave_request"))
        n_leave++;
      else
        n_swaps++;
    }
  g_hash_table_iter_init (&iter, self->selected);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (_fb_requests_page_key_decidable (self, key))
      n_selected++;

  {
    g_autofree char *leave = g_strdup_printf (ngettext ("%u leave request", "%u leave requests", n_leave), n_leave);
    g_autofree char *swaps = g_strdup_printf (ngettext ("%u swap", "%u swaps", n_swaps), n_swaps);

    /* Translators: "3 leave requests and 1 swap pending" */
    count = g_strdup_printf (_("%s and %s pending"), leave, swaps);
  }
  fb_label_set_text (self->count_label, count);

  /* Translators: the button approving every selected request; %u of them */
  label = n_selected > 0 ? g_strdup_printf (_("Approve _Selected (%u)"), n_selected) : g_strdup (_("Approve _Selected"));
  gtk_button_set_label (self->approve_selected_button, label);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "requests.approve-selected", n_selected > 0);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->approve_selected_button),
                               n_selected > 0 ? _("Approves each selected request that passes every check")
                                              : _("Select requests with their check boxes first"));

  if (role < 0)
    authority = _("Signed out: the requests show as last synced. Sign in to decide them.");
  else if (!fb_role_can_decide_leave (role) && !fb_role_can_decide_swaps (role))
    authority = _("Your role decides neither leave nor shift swaps; the checks are shown for information.");
  else if (!fb_role_can_decide_leave (role))
    authority = _("Leave is decided by a department head or the center director; you may decide shift swaps.");
  if (authority)
    gtk_label_set_text (self->authority_label, authority);
  gtk_widget_set_visible (GTK_WIDGET (self->authority_label), authority != NULL);

  gtk_stack_set_visible_child_name (self->list_stack, n_shown > 0 ? "list" : "empty");
}

static void
rebind (FbRequestsPage *self)
{
  for (guint i = 0; i < self->bound->len; i++)
    {
      FbRequestRow *widget = g_ptr_array_index (self->bound, i);
      FbRequestState *old = fb_request_row_get_state (widget);
      g_autofree char *key = NULL;
      g_autoptr(FbRow) row = NULL;
      FbRequestState *state = NULL;

      if (old == NULL)
        continue;
      key = make_key (old->kind, old->id);
      row = _fb_requests_page_lookup_row (self->lists[g_str_equal (old->kind, "leave_request") ? LIST_LEAVE : LIST_SWAP], old->id);
      if (row != NULL)
        state = _fb_requests_page_state_for (self, row);
      fb_request_row_set_state (widget, state, g_hash_table_contains (self->selected, key));
    }
}

/* Everything the rules read, once per change of the rows. */
void
_fb_requests_page_rebuild (FbRequestsPage *self)
{
  /* Days and shifts are the center's, in the zone its server sends; the
   * default center's until the page has a cache. */
  g_autoptr(FbCenterClock) fallback = self->store ? NULL : fb_center_clock_new ();
  FbCenterClock *clock = self->store ? fb_store_get_center_clock (self->store) : fallback;
  g_autoptr(FbRow) keep = NULL;
  GHashTableIter iter;
  gpointer key;
  Actor actor;

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  self->dirty = FALSE;
  self->n_rebuilds++;

  g_clear_pointer (&self->roster, fb_roster_free);
  self->roster = fb_roster_new (fb_center_clock_get_time_zone (clock));
  for (guint l = 0; l < N_LISTS; l++)
    {
      guint n;

      if (l == LIST_USER || self->lists[l] == NULL)
        continue;
      n = g_list_model_get_n_items (self->lists[l]);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(FbRow) row = g_list_model_get_item (self->lists[l], i);

          if (fb_row_get_entity (row) != NULL)
            fb_roster_add_row (self->roster, row);
        }
    }
  remember_agents (self);
  read_outbox (self);

  /* Pending ones now (they are counted and checked); decided history
   * only when a row shows it. */
  g_hash_table_remove_all (self->states);
  _fb_requests_page_actor_init (self, &actor, &keep);
  for (guint l = LIST_LEAVE; l <= LIST_SWAP; l++)
    {
      guint n = self->lists[l] ? g_list_model_get_n_items (self->lists[l]) : 0;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(FbRow) row = g_list_model_get_item (self->lists[l], i);
          FbRequestState *state;

          if (!in_front (self, row) || !(state = _fb_requests_page_build_state (self, row, &actor)))
            continue;
          g_hash_table_insert (self->states, _fb_requests_page_row_key (row), state);
        }
    }

  /* A selection holds only what can still be decided. */
  g_hash_table_iter_init (&iter, self->selected);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!_fb_requests_page_key_decidable (self, key))
      g_hash_table_iter_remove (&iter);

  rebind (self);
  _fb_requests_page_update_toolbar (self);
}

static gboolean
rebuild_cb (gpointer data)
{
  FbRequestsPage *self = data;

  self->rebuild_id = 0;
  _fb_requests_page_rebuild (self);
  return G_SOURCE_REMOVE;
}

/* Rows come in pages of a sync: one rebuild for all, before the frame,
 * and none while the page is hidden (it catches up when shown). */
static void
queue_rebuild (FbRequestsPage *self)
{
  self->dirty = TRUE;
  if (self->rebuild_id != 0 || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  self->rebuild_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, rebuild_cb, self, NULL);
}

void
_fb_requests_page_ensure_fresh (FbRequestsPage *self)
{
  if (self->dirty || self->roster == NULL)
    _fb_requests_page_rebuild (self);
}

void
_fb_requests_page_refilter (FbRequestsPage *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  if (self->sorted != NULL)
    gtk_sorter_changed (gtk_sort_list_model_get_sorter (self->sorted), GTK_SORTER_CHANGE_DIFFERENT);
}

/* ---- the list ------------------------------------------------------------ */

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          FbRequestsPage           *self)
{
  GtkWidget *row = fb_request_row_new ();

  g_signal_connect_object (row, "decide", G_CALLBACK (_fb_requests_page_decide_cb), self, 0);
  g_signal_connect_object (row, "select-toggled", G_CALLBACK (_fb_requests_page_select_toggled_cb), self, 0);
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_child (item, row);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         FbRequestsPage           *self)
{
  FbRequestRow *widget = FB_REQUEST_ROW (gtk_list_item_get_child (item));
  FbRow *row = gtk_list_item_get_item (item);
  g_autofree char *key = _fb_requests_page_row_key (row);

  _fb_requests_page_ensure_fresh (self);
  fb_request_row_set_state (widget, _fb_requests_page_state_for (self, row), g_hash_table_contains (self->selected, key));
  g_ptr_array_add (self->bound, widget);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           FbRequestsPage           *self)
{
  FbRequestRow *widget = FB_REQUEST_ROW (gtk_list_item_get_child (item));

  g_ptr_array_remove_fast (self->bound, widget);
  fb_request_row_set_state (widget, NULL, FALSE);
}

static void
rows_changed_cb (FbRequestsPage *self)
{
  queue_rebuild (self);
}

/* What the rules read of an agent: not their state, which changes every
 * second on a live floor. */
static char *
agent_signature (FbRow *row)
{
  const FbAgent *agent = fb_row_get_entity (row);

  if (agent == NULL)
    return g_strdup ("");
  return g_strdup_printf ("%s\x1f%s\x1f%s\x1f%d", agent->name, agent->team_id ? agent->team_id : "",
                          agent->queue_id ? agent->queue_id : "", (int) agent->grade);
}

static void
remember_agents (FbRequestsPage *self)
{
  GListModel *agents = self->lists[LIST_AGENT];
  guint n = agents ? g_list_model_get_n_items (agents) : 0;

  g_hash_table_remove_all (self->agent_sigs);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbRow) row = g_list_model_get_item (agents, i);

      g_hash_table_insert (self->agent_sigs, g_strdup (fb_row_get_id (row)), agent_signature (row));
    }
}

/* Agents change state all day: rebuild only when what the rules read
 * (name, team, queue, grade) or the set of agents changed. */
static void
agents_changed_cb (GListModel     *agents,
                   guint           position,
                   guint           removed,
                   guint           added,
                   FbRequestsPage *self)
{
  if (removed != added || self->dirty)
    {
      queue_rebuild (self);
      return;
    }
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(FbRow) row = g_list_model_get_item (agents, i);
      g_autofree char *sig = agent_signature (row);

      if (g_strcmp0 (g_hash_table_lookup (self->agent_sigs, fb_row_get_id (row)), sig) != 0)
        {
          queue_rebuild (self);
          return;
        }
    }
}

static void
sorted_changed_cb (FbRequestsPage *self)
{
  gtk_stack_set_visible_child_name (self->list_stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->sorted)) > 0 ? "list" : "empty");
}

void
fb_requests_page_set_rows (FbRequestsPage *self,
                           const char     *kind,
                           GListModel     *rows)
{
  guint l;

  g_return_if_fail (FB_IS_REQUESTS_PAGE (self));
  g_return_if_fail (kind != NULL);
  g_return_if_fail (rows == NULL || G_IS_LIST_MODEL (rows));

  for (l = 0; l < N_LISTS; l++)
    if (g_str_equal (kind, list_kinds[l]))
      break;
  g_return_if_fail (l < N_LISTS);

  if (self->lists[l] == rows)
    return;
  if (self->lists[l] != NULL)
    g_signal_handlers_disconnect_by_data (self->lists[l], self);
  g_set_object (&self->lists[l], rows);
  if (rows != NULL && l == LIST_AGENT)
    g_signal_connect_object (rows, "items-changed", G_CALLBACK (agents_changed_cb), self, 0);
  else if (rows != NULL)
    g_signal_connect_object (rows, "items-changed", G_CALLBACK (rows_changed_cb), self, G_CONNECT_SWAPPED);

  if (l == LIST_LEAVE || l == LIST_SWAP)
    {
      g_list_store_remove_all (self->requests);
      for (guint i = LIST_LEAVE; i <= LIST_SWAP; i++)
        if (self->lists[i] != NULL)
          g_list_store_append (self->requests, self->lists[i]);
    }
  self->dirty = TRUE;
  queue_rebuild (self);
}

static void
engine_changed_cb (FbRequestsPage *self)
{
  queue_rebuild (self);
}

GListModel *
fb_requests_page_get_visible (FbRequestsPage *self)
{
  g_return_val_if_fail (FB_IS_REQUESTS_PAGE (self), NULL);
  return G_LIST_MODEL (self->sorted);
}

FbRequestState *
fb_requests_page_get_state (FbRequestsPage *self,
                            const char     *id)
{
  g_return_val_if_fail (FB_IS_REQUESTS_PAGE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  _fb_requests_page_ensure_fresh (self);
  for (guint l = LIST_LEAVE; l <= LIST_SWAP; l++)
    {
      g_autoptr(FbRow) row = _fb_requests_page_lookup_row (self->lists[l], id);

      if (row != NULL)
        return _fb_requests_page_state_for (self, row);
    }
  return NULL;
}

GtkWidget *
fb_requests_page_get_row (FbRequestsPage *self,
                          const char     *id)
{
  g_return_val_if_fail (FB_IS_REQUESTS_PAGE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < self->bound->len; i++)
    {
      FbRequestRow *row = g_ptr_array_index (self->bound, i);
      FbRequestState *state = fb_request_row_get_state (row);

      if (state != NULL && g_str_equal (state->id, id))
        return GTK_WIDGET (row);
    }
  return NULL;
}

void
fb_requests_page_set_selected (FbRequestsPage *self,
                               const char     *id,
                               gboolean        selected)
{
  FbRequestState *state;
  g_autofree char *key = NULL;

  g_return_if_fail (FB_IS_REQUESTS_PAGE (self));
  g_return_if_fail (id != NULL);

  if (!(state = fb_requests_page_get_state (self, id)))
    return;
  key = make_key (state->kind, state->id);
  if (selected && _fb_requests_page_key_decidable (self, key))
    g_hash_table_add (self->selected, g_steal_pointer (&key));
  else
    g_hash_table_remove (self->selected, key);
  rebind (self);
  _fb_requests_page_update_toolbar (self);
}

guint
fb_requests_page_get_n_selected (FbRequestsPage *self)
{
  g_return_val_if_fail (FB_IS_REQUESTS_PAGE (self), 0);
  return g_hash_table_size (self->selected);
}

AdwToast *
fb_requests_page_get_toast (FbRequestsPage *self)
{
  g_return_val_if_fail (FB_IS_REQUESTS_PAGE (self), NULL);
  return self->toast;
}

const char *
fb_requests_page_get_batch_message (FbRequestsPage *self)
{
  g_return_val_if_fail (FB_IS_REQUESTS_PAGE (self), NULL);
  return gtk_widget_get_visible (self->batch_box) ? gtk_label_get_text (self->batch_label) : "";
}

/* ---- filters ------------------------------------------------------------- */

static void
set_filter_kind (FbRequestsPage *self,
                 int             value)
{
  if (self->filter_kind == value)
    return;
  self->filter_kind = value;
  if ((int) gtk_drop_down_get_selected (self->filter_dropdown) != value)
    gtk_drop_down_set_selected (self->filter_dropdown, value);
  _fb_requests_page_refilter (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
}

static void
set_show_decided (FbRequestsPage *self,
                  gboolean        value)
{
  value = !!value;
  if (self->show_decided == value)
    return;
  self->show_decided = value;
  if (gtk_toggle_button_get_active (self->decided_toggle) != value)
    gtk_toggle_button_set_active (self->decided_toggle, value);
  _fb_requests_page_refilter (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_DECIDED]);
}

static void
filter_dropdown_cb (FbRequestsPage *self)
{
  guint position = gtk_drop_down_get_selected (self->filter_dropdown);

  if (position != GTK_INVALID_LIST_POSITION)
    set_filter_kind (self, (int) position);
}

static void
decided_toggled_cb (FbRequestsPage *self)
{
  set_show_decided (self, gtk_toggle_button_get_active (self->decided_toggle));
}

/* ---- widget -------------------------------------------------------------- */

static gboolean
close_request_cb (GtkWindow      *window,
                  FbRequestsPage *self)
{
  /* Nothing the user did is lost: held decisions go now. */
  fb_requests_page_flush (self);
  return FALSE;
}

static void
fb_requests_page_root (GtkWidget *widget)
{
  FbRequestsPage *self = FB_REQUESTS_PAGE (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (fb_requests_page_parent_class)->root (widget);
  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    {
      g_set_weak_pointer (&self->window, GTK_WIDGET (root));
      g_signal_connect (root, "close-request", G_CALLBACK (close_request_cb), self);
    }
}

static void
fb_requests_page_unroot (GtkWidget *widget)
{
  FbRequestsPage *self = FB_REQUESTS_PAGE (widget);

  if (self->window != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->window, close_request_cb, self);
      g_clear_weak_pointer (&self->window);
    }
  /* Torn down with the window: sent, the toast left to the overlay. */
  _fb_requests_page_send_held (self, FALSE);
  GTK_WIDGET_CLASS (fb_requests_page_parent_class)->unroot (widget);
}

static void
fb_requests_page_map (GtkWidget *widget)
{
  FbRequestsPage *self = FB_REQUESTS_PAGE (widget);

  GTK_WIDGET_CLASS (fb_requests_page_parent_class)->map (widget);
  /* Shown again: what was decided last time is history now. */
  if (g_hash_table_size (self->recent) > 0)
    {
      g_hash_table_remove_all (self->recent);
      _fb_requests_page_refilter (self);
    }
  if (self->dirty)
    queue_rebuild (self);
}

static void
fb_requests_page_unmap (GtkWidget *widget)
{
  FbRequestsPage *self = FB_REQUESTS_PAGE (widget);

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  GTK_WIDGET_CLASS (fb_requests_page_parent_class)->unmap (widget);
}

static void
set_context (GObject   *object,
             FbContext *context)
{
  FbRequestsPage *self = FB_REQUESTS_PAGE (object);

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->context, context);
  /* The cache is read to tell which decisions still wait in the outbox. */
  g_set_object (&self->store, (context ? fb_context_get_store (context) : NULL));
  g_set_object (&self->engine, (context ? fb_context_get_engine (context) : NULL));
  g_clear_pointer (&self->names, g_hash_table_unref);
  self->names = context ? g_hash_table_ref (fb_context_get_names (context)) : NULL;
  /* Another user or role, and the outbox emptying, change what rows say. */
  if (self->engine != NULL)
    {
      g_signal_connect_object (self->engine, "notify::state", G_CALLBACK (engine_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->engine, "notify::pending-writes", G_CALLBACK (engine_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  self->dirty = TRUE;
  queue_rebuild (self);
}

static void
fb_requests_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FbRequestsPage *self = FB_REQUESTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_FILTER:
      g_value_set_int (value, self->filter_kind);
      break;
    case PROP_SHOW_DECIDED:
      g_value_set_boolean (value, self->show_decided);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_requests_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FbRequestsPage *self = FB_REQUESTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_FILTER:
      set_filter_kind (self, g_value_get_int (value));
      break;
    case PROP_SHOW_DECIDED:
      set_show_decided (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_requests_page_dispose (GObject *object)
{
  FbRequestsPage *self = FB_REQUESTS_PAGE (object);

  /* Held decisions are sent, not dropped, whatever closes the page. */
  _fb_requests_page_send_held (self, FALSE);
  g_clear_handle_id (&self->retire_id, g_source_remove);
  g_clear_object (&self->retiring);
  g_clear_object (&self->waiting);
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  for (guint l = 0; l < N_LISTS; l++)
    if (self->lists[l] != NULL)
      g_signal_handlers_disconnect_by_data (self->lists[l], self);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  if (self->window != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->window, close_request_cb, self);
      g_clear_weak_pointer (&self->window);
    }
  fb_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_REQUESTS_PAGE);
  g_clear_object (&self->sorted);
  g_clear_object (&self->requests);
  for (guint l = 0; l < N_LISTS; l++)
    g_clear_object (&self->lists[l]);
  g_clear_object (&self->engine);
  g_clear_object (&self->store);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_pointer (&self->roster, fb_roster_free);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (fb_requests_page_parent_class)->dispose (object);
}

static void
fb_requests_page_finalize (GObject *object)
{
  FbRequestsPage *self = FB_REQUESTS_PAGE (object);

  g_clear_pointer (&self->states, g_hash_table_unref);
  g_clear_pointer (&self->agent_sigs, g_hash_table_unref);
  g_clear_pointer (&self->sending, g_hash_table_unref);
  g_clear_pointer (&self->queuing, g_hash_table_unref);
  g_clear_pointer (&self->recent, g_hash_table_unref);
  g_clear_pointer (&self->selected, g_hash_table_unref);
  g_clear_pointer (&self->bound, g_ptr_array_unref);

  G_OBJECT_CLASS (fb_requests_page_parent_class)->finalize (object);
}

static void
fb_requests_page_class_init (FbRequestsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_requests_page_dispose;
  object_class->finalize = fb_requests_page_finalize;
  object_class->get_property = fb_requests_page_get_property;
  object_class->set_property = fb_requests_page_set_property;
  widget_class->root = fb_requests_page_root;
  widget_class->unroot = fb_requests_page_unroot;
  widget_class->map = fb_requests_page_map;
  widget_class->unmap = fb_requests_page_unmap;

  properties[PROP_FILTER] =
    g_param_spec_int ("filter", NULL, NULL, FB_REQUEST_FILTER_ALL, FB_REQUEST_FILTER_SWAPS, FB_REQUEST_FILTER_ALL,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_DECIDED] =
    g_param_spec_boolean ("show-decided", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  fb_context_install_property (object_class, G_STRUCT_OFFSET (FbRequestsPage, context), set_context);

  g_type_ensure (FB_TYPE_REQUEST_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/floorboard/Floorboard/ui/fb-requests-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FbRequestsPage, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FbRequestsPage, decided_toggle);
  gtk_widget_class_bind_template_child (widget_class, FbRequestsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, FbRequestsPage, approve_selected_button);
  gtk_widget_class_bind_template_child (widget_class, FbRequestsPage, authority_label);
  gtk_widget_class_bind_template_child (widget_class, FbRequestsPage, batch_box);
  gtk_widget_class_bind_template_child (widget_class, FbRequestsPage, batch_label);
  gtk_widget_class_bind_template_child (widget_class, FbRequestsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, FbRequestsPage, list_view);
  gtk_widget_class_bind_template_callback (widget_class, filter_dropdown_cb);
  gtk_widget_class_bind_template_callback (widget_class, decided_toggled_cb);

  gtk_widget_class_install_action (widget_class, "requests.approve-selected", NULL, _fb_requests_page_approve_selected_action);
  gtk_widget_class_install_action (widget_class, "requests.dismiss-batch", NULL, _fb_requests_page_dismiss_batch_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
fb_requests_page_init (FbRequestsPage *self)
{
  g_autoptr(GtkStringList) kinds = NULL;
  g_autoptr(GtkNoSelection) selection = NULL;
  GtkListItemFactory *factory;
  GtkSorter *sorter;

  self->states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) fb_request_state_unref);
  self->agent_sigs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->sending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->queuing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, _fb_requests_page_held_free);
  self->recent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->selected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->bound = g_ptr_array_new ();
  self->dirty = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  kinds = gtk_string_list_new ((const char * const[]) { _("All Requests"), _("Leave"), _("Shift Swaps"), NULL });
  gtk_drop_down_set_model (self->filter_dropdown, G_LIST_MODEL (kinds));

  self->requests = g_list_store_new (G_TYPE_LIST_MODEL);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (g_object_ref (self->requests)))),
                                              GTK_FILTER (self->filter));
  sorter = GTK_SORTER (gtk_custom_sorter_new (compare_func, self, NULL));
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (self->filtered), sorter);
  g_signal_connect_object (self->sorted, "items-changed", G_CALLBACK (sorted_changed_cb), self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->sorted)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));

  _fb_requests_page_update_toolbar (self);
  sorted_changed_cb (self);
}

GtkWidget *
fb_requests_page_new (void)
{
  return g_object_new (FB_TYPE_REQUESTS_PAGE, NULL);
}

/* How often the rows' checks were worked out (for tests). */
guint
fb_requests_page_get_n_rebuilds (FbRequestsPage *self)
{
  g_return_val_if_fail (FB_IS_REQUESTS_PAGE (self), 0);
  return self->n_rebuilds;
}

/* The zone the rules count days and shifts in, as of the rows now (for
 * tests). */
GTimeZone *
_fb_requests_page_get_time_zone (FbRequestsPage *self)
{
  g_return_val_if_fail (FB_IS_REQUESTS_PAGE (self), NULL);

  _fb_requests_page_ensure_fresh (self);
  return fb_roster_get_time_zone (self->roster);
}
