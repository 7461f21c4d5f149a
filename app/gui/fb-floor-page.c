/* fb-floor-page.c */
#include <glib/gi18n.h>
#include <adwaita.h>

#include "fb-entity.h"
#include "fb-floor-page.h"
#include "fb-queue-stats.h"
#include "fb-queue-tile.h"
#include "fb-row.h"
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
};

G_DEFINE_FINAL_TYPE (FbFloorPage, fb_floor_page, GTK_TYPE_WIDGET)

static GtkWidget *
create_tile (gpointer item,
             gpointer user_data)
{
  GtkWidget *tile = fb_queue_tile_new ();

  fb_queue_tile_set_queue (FB_QUEUE_TILE (tile), fb_row_get_entity (FB_ROW (item)));
  return tile;
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
  fb_queue_tile_set_queue (self->total_tile, &total);
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
  gtk_flow_box_bind_model (self->queues_box, queues, create_tile, NULL, NULL);
  g_signal_connect_object (queues, "items-changed", G_CALLBACK (update_total), self, G_CONNECT_SWAPPED);
  update_total (self);
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

  G_OBJECT_CLASS (fb_floor_page_parent_class)->dispose (object);
}

static void
fb_floor_page_class_init (FbFloorPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_floor_page_dispose;

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
}

GtkWidget *
fb_floor_page_new (void)
{
  return g_object_new (FB_TYPE_FLOOR_PAGE, NULL);
}
