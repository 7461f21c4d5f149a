/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-floor-page.c */
#define G_LOG_DOMAIN "floorboard"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "fb-deadlines-panel.h"
#include "fb-entity.h"
#include "fb-context.h"
#include "fb-floor-page-private.h"
#include "fb-intraday-chart.h"
#include "fb-queue-stats.h"
#include "fb-queue-tile.h"
#include "fb-request-rules.h"
#include "fb-row.h"
#include "fb-seat-assign-dialog.h"
#include "fb-sync-engine.h"
#include "fb-store.h"
#include "fb-seat-map.h"
#include "fb-widget-utils.h"

/* Tiles built before the first frame: more than a wallboard shows above
 * the fold. The rest follow after it, a few per main-loop turn. */
#define EAGER_TILES 16
#define TILES_PER_TURN 8

struct _FbFloorPage
{
  GtkWidget    parent_instance;

  GtkStack    *stack;
  FbQueueTile *total_tile;
  GtkFlowBox  *queues_box;
  FbSeatMap   *seat_map;
  GtkStack    *seat_views;
  GtkToggleButton *list_toggle;
  GtkListView *seat_list;
  GtkStringList *seat_ids;  /* the list's rows: one seat each, read from the map */
  gboolean     seat_list_stale;
  GtkLabel    *legend_label;
  GtkWidget   *assign_button;
  FbSyncEngine *engine;     /* the role, and the outbox seat plans go to */

  GListModel  *queues;
  GSettings   *settings;
  FbThresholds thresholds;
  GHashTable  *alerts;      /* queue id -> FbAlertLevel last seen */

  guint        n_tiles;     /* tiles built, for queues 0 .. n_tiles - 1 */
  guint        tiles_id;    /* builds the rest after the first frame */

  FbStore     *store;       /* intervals are summed in SQL, not loaded */
  FbContext   *context;
  GHashTable  *histories;   /* queue id -> History; "" for the center */
  guint        current_slot;
  GCancellable *histories_cancellable;
  guint        n_histories; /* sums applied so far, for tests */
};

typedef struct
{
  double today[FB_INTRADAY_SLOTS];
  double last_week[FB_INTRADAY_SLOTS];
} History;

/* Calls per hour over the last complete quarter hours (up to four) of
 * today; -1 when none is complete yet. */
static double
recent_rate (const History *history,
             guint          current_slot)
{
  guint n = MIN (current_slot, 4);
  double sum = 0;

  if (n == 0)
    return -1;
  for (guint i = current_slot - n; i < current_slot; i++)
    sum += history->today[i];
  return sum * 4.0 / n;
}

static void
apply_history (FbFloorPage   *self,
               FbQueueTile   *tile,
               const FbQueue *queue,
               const History *history)
{
  double rate, target;
  gint64 staffed;
  int needed;

  fb_queue_tile_set_history (tile, history->today, history->last_week, self->current_slot);
  if (queue == NULL || (rate = recent_rate (history, self->current_slot)) < 0)
    return;
  /* Staff for the warning level: below it the tile turns amber. */
  target = g_settings_get_double (self->settings, "service-level-warning");
  needed = fb_queue_stats_agents_needed (queue, rate, target, &staffed);
  fb_queue_tile_set_staffing (tile, needed, staffed, target, queue->sl_threshold_s);
}

G_DEFINE_FINAL_TYPE (FbFloorPage, fb_floor_page, GTK_TYPE_WIDGET)

enum { QUEUE_ALERT, N_SIGNALS };
static guint signals[N_SIGNALS];

/* Tells listeners when a queue reaches its alert level, and when it is
 * back under it (level FB_ALERT_NONE or WARNING), once per crossing. */
static void
track_alert (FbFloorPage   *self,
             const FbQueue *queue,
             FbAlertLevel   level)
{
  gpointer old = NULL;
  gboolean known = g_hash_table_lookup_extended (self->alerts, queue->id, NULL, &old);
  FbAlertLevel before = known ? GPOINTER_TO_INT (old) : FB_ALERT_NONE;

  g_hash_table_replace (self->alerts, g_strdup (queue->id), GINT_TO_POINTER (level));
  if ((before == FB_ALERT_CRITICAL) != (level == FB_ALERT_CRITICAL))
    g_signal_emit (self, signals[QUEUE_ALERT], 0, queue->id, queue->name, (int) level);
}

/* Shows @row on @tile: figures, alert, chart and advice. */
static void
show_queue (FbFloorPage *self,
            FbQueueTile *tile,
            FbRow       *row)
{
  const FbQueue *queue = fb_row_get_entity (row);
  History *history;

  fb_queue_tile_set_queue (tile, queue, &self->thresholds);
  track_alert (self, queue, fb_queue_tile_get_alert (tile));
  if ((history = g_hash_table_lookup (self->histories, queue->id)))
    apply_history (self, tile, queue, history);
}

/* The tile of the queue at @position, if built yet (NULL until then). */
static GtkWidget *
tile_at (FbFloorPage *self,
         guint        position)
{
  GtkFlowBoxChild *child = gtk_flow_box_get_child_at_index (self->queues_box, position);

  return child ? gtk_flow_box_child_get_child (child) : NULL;
}

static void
add_tiles (FbFloorPage *self,
           guint        n)
{
  guint end = MIN (self->n_tiles + n, g_list_model_get_n_items (self->queues));

  for (; self->n_tiles < end; self->n_tiles++)
    {
      g_autoptr(FbRow) row = g_list_model_get_item (self->queues, self->n_tiles);
      GtkWidget *tile = fb_queue_tile_new ();

      show_queue (self, FB_QUEUE_TILE (tile), row);
      gtk_flow_box_append (self->queues_box, tile);
    }
}

static gboolean
add_tiles_cb (gpointer data)
{
  FbFloorPage *self = data;

  add_tiles (self, TILES_PER_TURN);
  if (self->n_tiles < g_list_model_get_n_items (self->queues))
    return G_SOURCE_CONTINUE;
  self->tiles_id = 0;
  return G_SOURCE_REMOVE;
}

/* Every queue gets its tile now (the model changed, or a caller asks). */
static void
finish_tiles (FbFloorPage *self)
{
  if (self->tiles_id == 0)
    return;
  g_clear_handle_id (&self->tiles_id, g_source_remove);
  add_tiles (self, G_MAXUINT);
}

/* Tiles for what the first frame shows now, the rest after it. */
static void
ensure_tiles (FbFloorPage *self)
{
  if (self->n_tiles < EAGER_TILES)
    add_tiles (self, EAGER_TILES - self->n_tiles);
  if (self->n_tiles < g_list_model_get_n_items (self->queues) && self->tiles_id == 0)
    self->tiles_id = g_idle_add_full (G_PRIORITY_LOW, add_tiles_cb, self, NULL);
}

/* A changed queue updates its tile in place (the 1 Hz case). Queues
 * added or removed drop the tiles from there on, which are built again
 * as at start-up (a tile's template is the costly part). */
static void
queues_changed_cb (FbFloorPage *self,
                   guint        position,
                   guint        removed,
                   guint        added)
{
  if (removed == added)
    {
      for (guint i = position; i < MIN (position + added, self->n_tiles); i++)
        {
          g_autoptr(FbRow) row = g_list_model_get_item (self->queues, i);
          show_queue (self, FB_QUEUE_TILE (tile_at (self, i)), row);
        }
      return;
    }
  for (; self->n_tiles > position; self->n_tiles--)
    gtk_flow_box_remove (self->queues_box,
                         GTK_WIDGET (gtk_flow_box_get_child_at_index (self->queues_box, self->n_tiles - 1)));
  ensure_tiles (self);
}

static void
read_thresholds (FbFloorPage *self)
{
  FbThresholds *t = &self->thresholds;

  t->waiting_warning = g_settings_get_uint (self->settings, "waiting-warning");
  t->waiting_critical = g_settings_get_uint (self->settings, "waiting-critical");
  t->longest_wait_warning = g_settings_get_uint (self->settings, "longest-wait-warning");
  t->longest_wait_critical = g_settings_get_uint (self->settings, "longest-wait-critical");
  t->service_level_warning = g_settings_get_double (self->settings, "service-level-warning");
  t->service_level_critical = g_settings_get_double (self->settings, "service-level-critical");
  t->abandon_warning = g_settings_get_double (self->settings, "abandon-warning");
  t->abandon_critical = g_settings_get_double (self->settings, "abandon-critical");
}

static void update_total (FbFloorPage *self);
static void update_role (FbFloorPage *self);

/* New thresholds: every tile judges its figures again. */
static void
settings_changed_cb (FbFloorPage *self)
{
  guint n = self->queues ? g_list_model_get_n_items (self->queues) : 0;

  read_thresholds (self);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbRow) row = g_list_model_get_item (self->queues, i);
      GtkWidget *tile = tile_at (self, i);

      if (tile != NULL)
        {
          fb_queue_tile_set_queue (FB_QUEUE_TILE (tile), fb_row_get_entity (row), &self->thresholds);
          track_alert (self, fb_row_get_entity (row), fb_queue_tile_get_alert (FB_QUEUE_TILE (tile)));
        }
    }
  if (self->queues != NULL)
    update_total (self);
  /* The staffing target follows the service-level warning. */
  if (self->store != NULL)
    fb_floor_page_refresh_intervals (self);
}

static void
update_total (FbFloorPage *self)
{
  guint n = g_list_model_get_n_items (self->queues);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree const FbQueue **queues = g_new0 (const FbQueue *, MAX (n, 1));
  FbQueue total;

  for (guint i = 0; i < n; i++)
    {
      FbRow *row = g_list_model_get_item (self->queues, i);

      g_ptr_array_add (rows, row);
      queues[i] = fb_row_get_entity (row);
    }
  fb_queue_stats_total ((const FbQueue * const *) queues, n, &total);
  /* The tile copies what it shows; the string outlives the call. */
  total.name = (char *) _("All queues");
  fb_queue_tile_set_queue (self->total_tile, &total, &self->thresholds);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "floor" : "empty");
}

void
fb_floor_page_set_queues (FbFloorPage *self,
                          GListModel  *queues)
{
  g_return_if_fail (FB_IS_FLOOR_PAGE (self));
  g_return_if_fail (G_IS_LIST_MODEL (queues));
  g_return_if_fail (self->queues == NULL);

  self->queues = g_object_ref (queues);
  ensure_tiles (self);
  g_signal_connect_object (queues, "items-changed", G_CALLBACK (queues_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (queues, "items-changed", G_CALLBACK (update_total), self, G_CONNECT_SWAPPED);
  update_total (self);
}

typedef struct
{
  GHashTable *histories;
  gint64      day_start;
  gboolean    today;
} SumData;

static void
add_interval (const char *queue_id,
              gint64      start,
              gint64      offered,
              gpointer    user_data)
{
  SumData *sum = user_data;
  guint slot = (guint) ((start - sum->day_start) / (15 * 60));
  History *history, *center;

  if (slot >= FB_INTRADAY_SLOTS)
    return;
  if (!(history = g_hash_table_lookup (sum->histories, queue_id)))
    {
      history = g_new0 (History, 1);
      g_hash_table_insert (sum->histories, g_strdup (queue_id), history);
    }
  if (!(center = g_hash_table_lookup (sum->histories, "")))
    {
      center = g_new0 (History, 1);
      g_hash_table_insert (sum->histories, g_strdup (""), center);
    }
  (sum->today ? history->today : history->last_week)[slot] += offered;
  (sum->today ? center->today : center->last_week)[slot] += offered;
}

typedef struct
{
  char       *path;
  gint64      today_start, today_end;
  gint64      week_start, week_end;
  guint       current_slot;
  GHashTable *histories;
} HistoryJob;

static void
history_job_free (HistoryJob *job)
{
  g_free (job->path);
  g_clear_pointer (&job->histories, g_hash_table_unref);
  g_free (job);
}

/* Weeks of quarter hours are summed off the main loop, on a connection of
 * the worker's own (WAL lets it read while the engine writes). */
static void
sum_histories_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  HistoryJob *job = task_data;
  g_autoptr(FbStore) store = NULL;
  GError *error = NULL;
  SumData today = { job->histories, job->today_start, TRUE };
  SumData last_week = { job->histories, job->week_start, FALSE };

  if (!(store = fb_store_open (job->path, fb_store_cache_migrations, FB_STORE_SYNC_NORMAL, &error)) ||
      !fb_store_foreach_interval (store, job->today_start, job->today_end, add_interval, &today, &error) ||
      !fb_store_foreach_interval (store, job->week_start, job->week_end, add_interval, &last_week, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
histories_summed_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  FbFloorPage *self;
  HistoryJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  History *center;
  guint n;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot read the intraday history: %s", error->message);
      return;
    }
  self = FB_FLOOR_PAGE (object);
  g_clear_pointer (&self->histories, g_hash_table_unref);
  self->histories = g_steal_pointer (&job->histories);
  self->current_slot = job->current_slot;
  self->n_histories++;

  n = self->queues ? g_list_model_get_n_items (self->queues) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbRow) row = g_list_model_get_item (self->queues, i);
      GtkWidget *tile = tile_at (self, i);
      History *history = g_hash_table_lookup (self->histories, fb_row_get_id (row));

      if (tile != NULL && history != NULL)
        apply_history (self, FB_QUEUE_TILE (tile), fb_row_get_entity (row), history);
    }
  if ((center = g_hash_table_lookup (self->histories, "")))
    apply_history (self, self->total_tile, NULL, center);
}

/**
 * fb_floor_page_refresh_intervals:
 *
 * Sums today's and last week's quarter hours per queue again, in the
 * center's day (whatever zone this machine is in), in a worker thread; the charts and the staffing
 * advice follow when it is done. A refresh still running is dropped.
 */
void
fb_floor_page_refresh_intervals (FbFloorPage *self)
{
  GTimeZone *tz;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GTask) task = NULL;
  HistoryJob *job;

  g_return_if_fail (FB_IS_FLOOR_PAGE (self));

  if (self->store == NULL)
    return;
  tz = fb_center_clock_get_time_zone (fb_context_get_clock (self->context));
  now = g_date_time_new_now (tz);
  g_cancellable_cancel (self->histories_cancellable);
  g_clear_object (&self->histories_cancellable);
  self->histories_cancellable = g_cancellable_new ();

  midnight = g_date_time_new (tz, g_date_time_get_year (now), g_date_time_get_month (now),
                              g_date_time_get_day_of_month (now), 0, 0, 0);
  job = g_new0 (HistoryJob, 1);
  job->path = g_strdup (fb_store_get_path (self->store));
  job->today_start = g_date_time_to_unix (midnight);
  {
    g_autoptr(GDateTime) tomorrow = g_date_time_add_days (midnight, 1);
    g_autoptr(GDateTime) week_ago = g_date_time_add_days (midnight, -7);
    g_autoptr(GDateTime) week_ago_end = g_date_time_add_days (midnight, -6);

    job->today_end = g_date_time_to_unix (tomorrow);
    job->week_start = g_date_time_to_unix (week_ago);
    job->week_end = g_date_time_to_unix (week_ago_end);
  }
  job->current_slot = (g_date_time_to_unix (now) - job->today_start) / (15 * 60);
  job->histories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  task = g_task_new (self, self->histories_cancellable, histories_summed_cb, NULL);
  g_task_set_source_tag (task, fb_floor_page_refresh_intervals);
  g_task_set_task_data (task, job, (GDestroyNotify) history_job_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, sum_histories_thread);
}

/**
 * fb_floor_page_get_n_tiles:
 *
 * How many queue tiles are built so far (the rest follow the first frame).
 */
guint
fb_floor_page_get_n_tiles (FbFloorPage *self)
{
  g_return_val_if_fail (FB_IS_FLOOR_PAGE (self), 0);
  return self->n_tiles;
}

/**
 * fb_floor_page_get_n_histories:
 *
 * For tests: how many interval sums have reached the charts.
 */
guint
fb_floor_page_get_n_histories (FbFloorPage *self)
{
  g_return_val_if_fail (FB_IS_FLOOR_PAGE (self), 0);
  return self->n_histories;
}

/* Only roles that may assign seats see the button (the server refuses
 * the others anyway). */
static void
update_role (FbFloorPage *self)
{
  const char *role = self->engine ? fb_sync_engine_get_role (self->engine) : NULL;
  int value = role ? fb_enum_from_string (fb_role_values, role) : -1;
  gboolean may = value >= 0 && fb_role_can_assign_seats ((FbRole) value);

  gtk_widget_set_visible (self->assign_button, may);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "floor.assign-seats", may && self->store != NULL);
}

static void
assign_seats_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  FbFloorPage *self = FB_FLOOR_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  FbSeatAssignDialog *dialog;

  if (self->engine == NULL || self->store == NULL)
    return;
  dialog = fb_seat_assign_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->engine, self->store);
  gtk_window_present (GTK_WINDOW (dialog));
}

GtkWidget *
fb_floor_page_get_seat_map (FbFloorPage *self)
{
  g_return_val_if_fail (FB_IS_FLOOR_PAGE (self), NULL);
  return GTK_WIDGET (self->seat_map);
}

GtkWidget *
fb_floor_page_get_tile (FbFloorPage *self,
                        guint        position)
{
  g_return_val_if_fail (FB_IS_FLOOR_PAGE (self), NULL);

  finish_tiles (self);
  return tile_at (self, position);
}

/* ---- the seats as a list ---------------------------------------------- */

/* Each row says what the map's tooltip says: seat, agent, state, for how
 * long. Read again, all rows at once, whenever the map changes. */
static void
refresh_seat_list (FbFloorPage *self)
{
  g_auto(GStrv) ids = NULL;
  guint n;

  if (!gtk_widget_get_mapped (GTK_WIDGET (self->seat_list)))
    {
      self->seat_list_stale = TRUE;
      return;
    }
  self->seat_list_stale = FALSE;
  ids = fb_seat_map_dup_seat_ids (self->seat_map);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->seat_ids));
  /* Same seats: rebind the rows shown, keep the focus where it is. */
  gtk_string_list_splice (self->seat_ids, 0, n, (const char * const *) ids);
}

static void
seat_row_bind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  FbFloorPage              *self)
{
  GtkStringObject *id = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *text = fb_seat_map_dup_tooltip (self->seat_map, gtk_string_object_get_string (id));

  gtk_label_set_text (GTK_LABEL (label), text ? text : "");
}

static void
seat_row_setup_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   FbFloorPage              *self)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
seat_view_toggled_cb (FbFloorPage *self)
{
  gboolean list = gtk_toggle_button_get_active (self->list_toggle);

  gtk_stack_set_visible_child_name (self->seat_views, list ? "list" : "map");
  if (list)
    refresh_seat_list (self);
}

/* Enter on a seat: the map, with that agent's card open on it. */
static void
seat_list_activate_cb (FbFloorPage *self,
                       guint        position)
{
  g_autoptr(GtkStringObject) id = g_list_model_get_item (G_LIST_MODEL (self->seat_ids), position);
  GtkToggleButton *map_toggle;

  if (id == NULL)
    return;
  map_toggle = GTK_TOGGLE_BUTTON (gtk_widget_get_prev_sibling (GTK_WIDGET (self->list_toggle)));
  gtk_toggle_button_set_active (map_toggle, TRUE);
  fb_seat_map_show_card (self->seat_map, gtk_string_object_get_string (id));
}

static void
seat_list_mapped_cb (FbFloorPage *self)
{
  if (self->seat_list_stale)
    refresh_seat_list (self);
}

static void
set_context (GObject   *object,
             FbContext *context)
{
  FbFloorPage *self = FB_FLOOR_PAGE (object);

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->context, context);
  g_object_set (self->seat_map, "context", context, NULL);
  /* The caller refreshes once its lists are loaded: summing here too
   * would scan the history twice at start-up. */
  g_set_object (&self->store, (context ? fb_context_get_store (context) : NULL));
  g_set_object (&self->engine, (context ? fb_context_get_engine (context) : NULL));
  if (self->engine != NULL)
    g_signal_connect_object (self->engine, "notify::state", G_CALLBACK (update_role), self, G_CONNECT_SWAPPED);
  update_role (self);
}

static void
fb_floor_page_dispose (GObject *object)
{
  FbFloorPage *self = (FbFloorPage *)object;

  g_clear_handle_id (&self->tiles_id, g_source_remove);
  g_cancellable_cancel (self->histories_cancellable);
  g_clear_object (&self->histories_cancellable);
  fb_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_FLOOR_PAGE);
  g_clear_object (&self->queues);
  g_clear_object (&self->seat_ids);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->alerts, g_hash_table_unref);
  g_clear_pointer (&self->histories, g_hash_table_unref);
  g_clear_object (&self->store);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (fb_floor_page_parent_class)->dispose (object);
}

static void
fb_floor_page_class_init (FbFloorPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_floor_page_dispose;

  fb_context_install_property (object_class, G_STRUCT_OFFSET (FbFloorPage, context), set_context);

  /**
   * FbFloorPage::queue-alert:
   * @queue_id: the queue's id
   * @name: its name
   * @level: FB_ALERT_CRITICAL when it reached its alert level, less when it left it
   */
  signals[QUEUE_ALERT] =
    g_signal_new ("queue-alert", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_INT);

  g_type_ensure (FB_TYPE_DEADLINES_PANEL);
  g_type_ensure (FB_TYPE_QUEUE_TILE);
  g_type_ensure (FB_TYPE_SEAT_MAP);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/floorboard/Floorboard/ui/fb-floor-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FbFloorPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FbFloorPage, total_tile);
  gtk_widget_class_bind_template_child (widget_class, FbFloorPage, queues_box);
  gtk_widget_class_bind_template_child (widget_class, FbFloorPage, seat_map);
  gtk_widget_class_bind_template_child (widget_class, FbFloorPage, legend_label);
  gtk_widget_class_bind_template_child (widget_class, FbFloorPage, seat_views);
  gtk_widget_class_bind_template_child (widget_class, FbFloorPage, list_toggle);
  gtk_widget_class_bind_template_child (widget_class, FbFloorPage, seat_list);
  gtk_widget_class_bind_template_callback (widget_class, seat_view_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, seat_list_activate_cb);
  gtk_widget_class_bind_template_child (widget_class, FbFloorPage, assign_button);
  gtk_widget_class_install_action (widget_class, "floor.assign-seats", NULL, assign_seats_action);
  /* Set up by the window, which holds the cases: named, not stored. */
  gtk_widget_class_bind_template_child_full (widget_class, "deadlines_panel", FALSE, 0);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
fb_floor_page_init (FbFloorPage *self)
{
  g_autofree char *legend = fb_seat_map_dup_legend_markup ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_label_set_markup (self->legend_label, legend);

  {
    GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

    self->seat_ids = gtk_string_list_new (NULL);
    g_signal_connect_object (factory, "setup", G_CALLBACK (seat_row_setup_cb), self, 0);
    g_signal_connect_object (factory, "bind", G_CALLBACK (seat_row_bind_cb), self, 0);
    gtk_list_view_set_factory (self->seat_list, factory);
    g_object_unref (factory);
    gtk_list_view_set_model (self->seat_list,
                             GTK_SELECTION_MODEL (gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->seat_ids)))));
    g_signal_connect_object (self->seat_map, "seats-updated", G_CALLBACK (refresh_seat_list), self, G_CONNECT_SWAPPED);
    g_signal_connect_object (self->seat_list, "map", G_CALLBACK (seat_list_mapped_cb), self, G_CONNECT_SWAPPED);
  }

  self->alerts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->histories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->settings = g_settings_new (FB_APP_ID);
  read_thresholds (self);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  update_role (self);
}

/* The seats as a list (TRUE) or as the map. */
void
fb_floor_page_show_seat_list (FbFloorPage *self,
                              gboolean     list)
{
  g_return_if_fail (FB_IS_FLOOR_PAGE (self));

  if (list)
    gtk_toggle_button_set_active (self->list_toggle, TRUE);
  else
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (gtk_widget_get_prev_sibling (GTK_WIDGET (self->list_toggle))),
                                  TRUE);
}

GtkWidget *
fb_floor_page_new (void)
{
  return g_object_new (FB_TYPE_FLOOR_PAGE, NULL);
}
