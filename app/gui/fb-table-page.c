/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-table-page.c */
#define G_LOG_DOMAIN "floorboard"

#include <glib/gi18n.h>
#include <adwaita.h>
#include <math.h>

#include "fb-entity.h"
#include "fb-labels.h"
#include "fb-row.h"
#include "fb-context.h"
#include "fb-table-page.h"
#include "fb-widget-utils.h"

struct _FbTablePage
{
  GtkWidget         parent_instance;

  GtkStack         *stack;
  GtkLabel         *count_label;
  GtkColumnView    *view;
  AdwStatusPage    *empty_page;

  GListModel       *rows;
  GtkSortListModel *sorted;
  const FbColumn   *columns;
  guint             n_columns;
  GHashTable       *names;
  FbContext        *context;
};

G_DEFINE_FINAL_TYPE (FbTablePage, fb_table_page, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_EMPTY_TITLE, PROP_EMPTY_ICON_NAME, N_PROPS };
static GParamSpec *properties[N_PROPS];

static double
cell_number (FbRow          *row,
             const FbColumn *column)
{
  JsonNode *node = fb_row_lookup (row, column->path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return -INFINITY;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return -INFINITY;
  return json_node_get_double (node);
}

static const char *
cell_string (FbRow          *row,
             const FbColumn *column)
{
  JsonNode *node = fb_row_lookup (row, column->path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static char *
cell_text (FbTablePage    *self,
           FbRow          *row,
           const FbColumn *column)
{
  const char *str;

  switch (column->kind)
    {
    case FB_COLUMN_TEXT:
      return g_strdup (cell_string (row, column) ?: "");

    case FB_COLUMN_NUMBER:
      {
        double v = cell_number (row, column);
        if (!isfinite (v))
          return g_strdup ("");
        if (v == floor (v))
          return g_strdup_printf ("%.0f", v);
        return g_strdup_printf ("%.1f", v);
      }

    case FB_COLUMN_PERCENT:
      {
        double v = cell_number (row, column);
        return isfinite (v) ? fb_labels_format_percent (v) : g_strdup ("");
      }

    case FB_COLUMN_DURATION:
      {
        double v = cell_number (row, column);
        return isfinite (v) ? fb_labels_format_duration (v) : g_strdup ("");
      }

    case FB_COLUMN_TIME:
      {
        gint64 t;
        if (!(str = cell_string (row, column)) || !fb_timestamp_from_iso (str, &t))
          return g_strdup ("");
        return self->context ? fb_context_format_time (self->context, t) : fb_labels_format_time (NULL, t);
      }

    case FB_COLUMN_LABEL:
      return g_strdup (fb_labels_for_value (cell_string (row, column)));

    case FB_COLUMN_NAME:
      {
        const char *name;
        if (!(str = cell_string (row, column)))
          return g_strdup ("");
        name = self->names ? g_hash_table_lookup (self->names, str) : NULL;
        return g_strdup (name ?: str);
      }

    case FB_COLUMN_BOOL:
      {
        JsonNode *node = fb_row_lookup (row, column->path);
        gboolean v = node && JSON_NODE_HOLDS_VALUE (node) &&
                     json_node_get_value_type (node) == G_TYPE_BOOLEAN &&
                     json_node_get_boolean (node);
        return g_strdup (v ? "✓" : "");
      }

    default:
      g_assert_not_reached ();
    }
}

typedef struct
{
  FbTablePage    *self;
  const FbColumn *column;
} ColumnData;

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  ColumnData *data = user_data;
  FbRow *ra = FB_ROW ((gpointer) a);
  FbRow *rb = FB_ROW ((gpointer) b);

  switch (data->column->kind)
    {
    case FB_COLUMN_NUMBER:
    case FB_COLUMN_PERCENT:
    case FB_COLUMN_DURATION:
    case FB_COLUMN_BOOL:
      {
        double va = cell_number (ra, data->column);
        double vb = cell_number (rb, data->column);
        return (va > vb) - (va < vb);
      }

    case FB_COLUMN_TIME:
      /* Canonical timestamps are UTC "…Z": they sort as strings. */
      return g_strcmp0 (cell_string (ra, data->column), cell_string (rb, data->column));

    case FB_COLUMN_TEXT:
    case FB_COLUMN_LABEL:
    case FB_COLUMN_NAME:
    default:
      {
        g_autofree char *ta = cell_text (data->self, ra, data->column);
        g_autofree char *tb = cell_text (data->self, rb, data->column);
        return g_utf8_collate (ta, tb);
      }
    }
}

static gboolean
is_numeric (const FbColumn *column)
{
  return column->kind == FB_COLUMN_NUMBER || column->kind == FB_COLUMN_PERCENT ||
         column->kind == FB_COLUMN_DURATION;
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            ColumnData               *data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), is_numeric (data->column) ? 1.0 : 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (is_numeric (data->column))
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           ColumnData               *data)
{
  FbRow *row = gtk_list_item_get_item (item);
  g_autofree char *text = cell_text (data->self, row, data->column);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static void
update_count (FbTablePage *self)
{
  guint n = self->rows ? g_list_model_get_n_items (self->rows) : 0;
  g_autofree char *text = g_strdup_printf (ngettext ("%u row", "%u rows", n), n);

  gtk_label_set_text (self->count_label, text);
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "table" : "empty");
}

static void
items_changed_cb (FbTablePage *self)
{
  update_count (self);
}

void
fb_table_page_set_rows (FbTablePage    *self,
                        GListModel     *rows,
                        const FbColumn *columns,
                        guint           n_columns,
                        guint           sort_column,
                        GtkSortType     sort_type)
{
  g_autoptr(GtkSingleSelection) selection = NULL;
  GtkColumnViewColumn *sort_by = NULL;

  g_return_if_fail (FB_IS_TABLE_PAGE (self));
  g_return_if_fail (G_IS_LIST_MODEL (rows));
  g_return_if_fail (columns != NULL && n_columns > 0 && sort_column < n_columns);
  g_return_if_fail (self->rows == NULL);

  self->rows = g_object_ref (rows);
  self->columns = columns;
  self->n_columns = n_columns;

  for (guint i = 0; i < n_columns; i++)
    {
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;
      g_autoptr(GtkSorter) sorter = NULL;
      ColumnData *data = g_new0 (ColumnData, 1);

      data->self = self;
      data->column = &columns[i];
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), data);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), data);
      /* The column data lives as long as the factory. */
      g_object_set_data_full (G_OBJECT (factory), "fb-column", data, g_free);

      column = gtk_column_view_column_new (_(columns[i].title), g_object_ref (factory));
      sorter = GTK_SORTER (gtk_custom_sorter_new (compare_rows, data, NULL));
      gtk_column_view_column_set_sorter (column, sorter);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, columns[i].kind == FB_COLUMN_TEXT);
      gtk_column_view_append_column (self->view, column);
      if (i == sort_column)
        sort_by = column;
    }

  self->sorted = gtk_sort_list_model_new (g_object_ref (rows),
                                          g_object_ref (gtk_column_view_get_sorter (self->view)));
  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sorted)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_column_view_set_model (self->view, GTK_SELECTION_MODEL (selection));
  gtk_column_view_sort_by_column (self->view, sort_by, sort_type);

  g_signal_connect_object (rows, "items-changed", G_CALLBACK (items_changed_cb), self, G_CONNECT_SWAPPED);
  update_count (self);
}

GtkColumnView *
fb_table_page_get_view (FbTablePage *self)
{
  g_return_val_if_fail (FB_IS_TABLE_PAGE (self), NULL);
  return self->view;
}

char *
fb_table_page_dup_cell_text (FbTablePage *self,
                             guint        position,
                             guint        column)
{
  g_autoptr(FbRow) row = NULL;

  g_return_val_if_fail (FB_IS_TABLE_PAGE (self), NULL);
  g_return_val_if_fail (column < self->n_columns, NULL);

  row = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);
  if (row == NULL)
    return NULL;
  return cell_text (self, row, &self->columns[column]);
}

static void
set_context (GObject   *object,
             FbContext *context)
{
  FbTablePage *self = FB_TABLE_PAGE (object);

  g_set_object (&self->context, context);
  g_clear_pointer (&self->names, g_hash_table_unref);
  self->names = context ? g_hash_table_ref (fb_context_get_names (context)) : NULL;
}

static void
fb_table_page_dispose (GObject *object)
{
  FbTablePage *self = (FbTablePage *)object;

  fb_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_TABLE_PAGE);
  g_clear_object (&self->sorted);
  g_clear_object (&self->rows);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (fb_table_page_parent_class)->dispose (object);
}

static void
fb_table_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FbTablePage *self = FB_TABLE_PAGE (object);

  switch (prop_id)
    {
    case PROP_EMPTY_TITLE:
      g_value_set_string (value, adw_status_page_get_title (self->empty_page));
      break;
    case PROP_EMPTY_ICON_NAME:
      g_value_set_string (value, adw_status_page_get_icon_name (self->empty_page));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_table_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  FbTablePage *self = FB_TABLE_PAGE (object);

  switch (prop_id)
    {
    case PROP_EMPTY_TITLE:
      if (g_strcmp0 (g_value_get_string (value), adw_status_page_get_title (self->empty_page)) != 0)
        {
          adw_status_page_set_title (self->empty_page, g_value_get_string (value));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_EMPTY_ICON_NAME:
      if (g_strcmp0 (g_value_get_string (value), adw_status_page_get_icon_name (self->empty_page)) != 0)
        {
          adw_status_page_set_icon_name (self->empty_page, g_value_get_string (value));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_table_page_class_init (FbTablePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_table_page_dispose;
  object_class->get_property = fb_table_page_get_property;
  object_class->set_property = fb_table_page_set_property;

  properties[PROP_EMPTY_TITLE] =
    g_param_spec_string ("empty-title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EMPTY_ICON_NAME] =
    g_param_spec_string ("empty-icon-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  fb_context_install_property (object_class, G_STRUCT_OFFSET (FbTablePage, context), set_context);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/floorboard/Floorboard/ui/fb-table-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FbTablePage, stack);
  gtk_widget_class_bind_template_child (widget_class, FbTablePage, count_label);
  gtk_widget_class_bind_template_child (widget_class, FbTablePage, view);
  gtk_widget_class_bind_template_child (widget_class, FbTablePage, empty_page);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
fb_table_page_init (FbTablePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fb_table_page_new (void)
{
  return g_object_new (FB_TYPE_TABLE_PAGE, NULL);
}
