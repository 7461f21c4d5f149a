/* fb-floor-page.c */
#include <glib/gi18n.h>
#include <adwaita.h>

#include "fb-entity.h"
#include "fb-floor-page.h"
#include "fb-intraday-chart.h"
#include "fb-queue-stats.h"
#include "fb-queue-tile.h"
#include "fb-row.h"
#include "fb-store.h"
#include "fb-seat-map.h"

struct _FbFloorPage
{
  GtkWidget    parent_instance;

  GtkStack    *stack;
  FbQueueTile *total_tile;
  GtkFlowBox  *queues_box;
  FbSeatMap   *seat_map;
  GtkLabel    *legend_label;

  GListModel  *queues;
  GSettings   *settings;
  FbThresholds thresholds;
  GHashTable  *alerts;      /* queue id -> FbAlertLevel last seen */

  FbStore     *store;       /* intervals are summed in SQL, not loaded */
  GHashTable  *histories;   /* queue id -> History; "" for the center */
  guint        current_slot;
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

/* A changed queue updates its tile in place; only added or removed
 * queues build or drop tiles (a tile's template is the costly part). */
static void
queues_changed_cb (FbFloorPage *self,
                   guint        position,
                   guint        removed,
                   guint        added)
{
  guint same = MIN (removed, added);

  for (guint i = 0; i < same; i++)
    {
      g_autoptr(FbRow) row = g_list_model_get_item (self->queues, position + i);
      show_queue (self, FB_QUEUE_TILE (fb_floor_page_get_tile (self, position + i)), row);
    }
  for (guint i = same; i < removed; i++)
    gtk_flow_box_remove (self->queues_box,
                         GTK_WIDGET (gtk_flow_box_get_child_at_index (self->queues_box, position + same)));
  for (guint i = same; i < added; i++)
    {
      g_autoptr(FbRow) row = g_list_model_get_item (self->queues, position + i);
      GtkWidget *tile = fb_queue_tile_new ();

      show_queue (self, FB_QUEUE_TILE (tile), row);
      gtk_flow_box_insert (self->queues_box, tile, position + i);
    }
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


/* New thresholds: every tile judges its figures again. */
static void
settings_changed_cb (FbFloorPage *self)
{
  guint n = self->queues ? g_list_model_get_n_items (self->queues) : 0;

  read_thresholds (self);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbRow) row = g_list_model_get_item (self->queues, i);
      GtkWidget *tile = fb_floor_page_get_tile (self, i);

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
  queues_changed_cb (self, 0, 0, g_list_model_get_n_items (queues));
  g_signal_connect_object (queues, "items-changed", G_CALLBACK (queues_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (queues, "items-changed", G_CALLBACK (update_total), self, G_CONNECT_SWAPPED);
  update_total (self);
}

typedef struct
{
  FbFloorPage *self;
  gint64       day_start;
  gboolean     today;
} SumData;

static void
add_interval (const char *queue_id,
              gint64      start,
              gint64      offered,
              gpointer    user_data)
{
  SumData *sum = user_data;
  GHashTable *histories = sum->self->histories;
  guint slot = (guint) ((start - sum->day_start) / (15 * 60));
  History *history, *center;

  if (slot >= FB_INTRADAY_SLOTS)
    return;
  if (!(history = g_hash_table_lookup (histories, queue_id)))
    {
      history = g_new0 (History, 1);
      g_hash_table_insert (histories, g_strdup (queue_id), history);
    }
  if (!(center = g_hash_table_lookup (histories, "")))
    {
      center = g_new0 (History, 1);
      g_hash_table_insert (histories, g_strdup (""), center);
    }
  (sum->today ? history->today : history->last_week)[slot] += offered;
  (sum->today ? center->today : center->last_week)[slot] += offered;
}

/* Sums the intervals into today's and last week's quarter hours per
 * queue (and for the center, under ""), in the viewer's local day. */
static void
rebuild_histories (FbFloorPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (now),
                                                         g_date_time_get_month (now),
                                                         g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (midnight, 1);
  g_autoptr(GDateTime) week_ago = g_date_time_add_days (midnight, -7);
  g_autoptr(GDateTime) week_ago_end = g_date_time_add_days (midnight, -6);
  g_autoptr(GError) error = NULL;
  SumData today = { self, g_date_time_to_unix (midnight), TRUE };
  SumData last_week = { self, g_date_time_to_unix (week_ago), FALSE };

  g_hash_table_remove_all (self->histories);
  self->current_slot = (g_date_time_to_unix (now) - today.day_start) / (15 * 60);
  if (self->store == NULL)
    return;
  if (!fb_store_foreach_interval (self->store, today.day_start, g_date_time_to_unix (tomorrow),
                                  add_interval, &today, &error) ||
      !fb_store_foreach_interval (self->store, last_week.day_start, g_date_time_to_unix (week_ago_end),
                                  add_interval, &last_week, &error))
    g_warning ("Cannot read the intraday history: %s", error->message);
}

void
fb_floor_page_refresh_intervals (FbFloorPage *self)
{
  guint n;
  History *center;

  g_return_if_fail (FB_IS_FLOOR_PAGE (self));

  rebuild_histories (self);
  n = self->queues ? g_list_model_get_n_items (self->queues) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbRow) row = g_list_model_get_item (self->queues, i);
      GtkWidget *tile = fb_floor_page_get_tile (self, i);
      History *history = g_hash_table_lookup (self->histories, fb_row_get_id (row));

      if (tile != NULL && history != NULL)
        apply_history (self, FB_QUEUE_TILE (tile), fb_row_get_entity (row), history);
    }
  if ((center = g_hash_table_lookup (self->histories, "")))
    apply_history (self, self->total_tile, NULL, center);
}

void
fb_floor_page_set_store (FbFloorPage *self,
                         FbStore     *store)
{
  g_return_if_fail (FB_IS_FLOOR_PAGE (self));
  g_return_if_fail (FB_IS_STORE (store));

  /* The caller refreshes once its lists are loaded: summing here too
   * would scan the history twice at start-up. */
  g_set_object (&self->store, store);
}

GtkWidget *
fb_floor_page_get_seat_map (FbFloorPage *self)
{
  g_return_val_if_fail (FB_IS_FLOOR_PAGE (self), NULL);
  return GTK_WIDGET (self->seat_map);
}

GtkWidget *
fb_floor_page_get_total_tile (FbFloorPage *self)
{
  g_return_val_if_fail (FB_IS_FLOOR_PAGE (self), NULL);
  return GTK_WIDGET (self->total_tile);
}

GtkWidget *
fb_floor_page_get_tile (FbFloorPage *self,
                        guint        position)
{
  GtkFlowBoxChild *child;

  g_return_val_if_fail (FB_IS_FLOOR_PAGE (self), NULL);

  child = gtk_flow_box_get_child_at_index (self->queues_box, position);
  return child ? gtk_flow_box_child_get_child (child) : NULL;
}

static void
fb_floor_page_dispose (GObject *object)
{
  FbFloorPage *self = (FbFloorPage *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_FLOOR_PAGE);
  /* The template's root is not a bound child: unparent what is left. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self)));)
    gtk_widget_unparent (child);
  g_clear_object (&self->queues);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->alerts, g_hash_table_unref);
  g_clear_pointer (&self->histories, g_hash_table_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (fb_floor_page_parent_class)->dispose (object);
}

static void
fb_floor_page_class_init (FbFloorPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_floor_page_dispose;

  /**
   * FbFloorPage::queue-alert:
   * @queue_id: the queue's id
   * @name: its name
   * @level: FB_ALERT_CRITICAL when it reached its alert level, less when it left it
   */
  signals[QUEUE_ALERT] =
    g_signal_new ("queue-alert", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_INT);

  g_type_ensure (FB_TYPE_QUEUE_TILE);
  g_type_ensure (FB_TYPE_SEAT_MAP);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/floorboard/Floorboard/ui/fb-floor-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FbFloorPage, stack);
  gtk_widget_class_bind_template_child (widget_class, FbFloorPage, total_tile);
  gtk_widget_class_bind_template_child (widget_class, FbFloorPage, queues_box);
  gtk_widget_class_bind_template_child (widget_class, FbFloorPage, seat_map);
  gtk_widget_class_bind_template_child (widget_class, FbFloorPage, legend_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
fb_floor_page_init (FbFloorPage *self)
{
  g_autofree char *legend = fb_seat_map_dup_legend_markup ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_label_set_markup (self->legend_label, legend);

  self->alerts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->histories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->settings = g_settings_new (FB_APP_ID);
  read_thresholds (self);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
fb_floor_page_new (void)
{
  return g_object_new (FB_TYPE_FLOOR_PAGE, NULL);
}
