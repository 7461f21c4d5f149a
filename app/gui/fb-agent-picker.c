/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-agent-picker.c
 *
 * A GtkDropDown with search would do, but GTK 4.8 fixes its search to the
 * start of each label (the match mode is settable from 4.12): the employee
 * number in "김민지 (CS-2021-014)" could never be found. Here the same
 * GtkStringFilter finds the text anywhere in the label.
 */
#define G_LOG_DOMAIN "floorboard"

#include <glib/gi18n.h>

#include "fb-agent-picker.h"
#include "fb-agent-picker-private.h"
#include "fb-popover-focus.h"

struct _FbAgentPicker
{
  GtkWidget           parent_instance;

  GtkMenuButton      *button;
  GtkPopover         *popover;
  GtkSearchEntry     *search_entry;
  GtkListView        *list_view;
  GtkLabel           *empty_label;

  GListModel         *model;
  GtkStringFilter    *filter;
  GtkFilterListModel *filtered;
  guint               selected;
};

G_DEFINE_FINAL_TYPE (FbAgentPicker, fb_agent_picker, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  PROP_SELECTED,
  N_PROPS
};

enum {
  ACTIVATE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
update_button (FbAgentPicker *self)
{
  const char *label = fb_agent_picker_get_selected_label (self);

  gtk_menu_button_set_label (self->button, label ? label : _("Choose an agent"));
}

static void
update_empty (FbAgentPicker *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0;

  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), empty);
  gtk_widget_set_visible (GTK_WIDGET (self->list_view), !empty);
}

/* The item a user picked in the list, by its place in the whole model. */
static void
pick (FbAgentPicker *self,
      gpointer       item)
{
  guint n = self->model ? g_list_model_get_n_items (self->model) : 0;

  g_assert (item != NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) candidate = g_list_model_get_item (self->model, i);

      if (candidate == item)
        {
          fb_agent_picker_set_selected (self, i);
          break;
        }
    }
  gtk_popover_popdown (self->popover);
}

static void
list_activate_cb (FbAgentPicker *self,
                  guint          position)
{
  g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);

  if (item != NULL)
    pick (self, item);
}

static void
search_changed_cb (FbAgentPicker *self)
{
  gtk_string_filter_set_search (self->filter, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  update_empty (self);
}

/* Enter takes the first match: a full employee number finds one agent. */
static void
search_activate_cb (FbAgentPicker *self)
{
  g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (self->filtered), 0);

  if (item != NULL)
    pick (self, item);
}

static void
popover_show_cb (FbAgentPicker *self)
{
  /* Each search starts afresh, where the typing goes. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  search_changed_cb (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
activate_cb (FbAgentPicker *self)
{
  gtk_menu_button_popup (self->button);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (item, label);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         gpointer                  user_data)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), gtk_string_object_get_string (string));
}

GtkWidget *
fb_agent_picker_new (void)
{
  return g_object_new (FB_TYPE_AGENT_PICKER, NULL);
}

void
fb_agent_picker_set_model (FbAgentPicker *self,
                           GListModel    *model)
{
  g_return_if_fail (FB_IS_AGENT_PICKER (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  if (!g_set_object (&self->model, model))
    return;
  gtk_filter_list_model_set_model (self->filtered, model);
  self->selected = GTK_INVALID_LIST_POSITION;
  update_button (self);
  update_empty (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

GListModel *
fb_agent_picker_get_model (FbAgentPicker *self)
{
  g_return_val_if_fail (FB_IS_AGENT_PICKER (self), NULL);
  return self->model;
}

guint
fb_agent_picker_get_selected (FbAgentPicker *self)
{
  g_return_val_if_fail (FB_IS_AGENT_PICKER (self), GTK_INVALID_LIST_POSITION);
  return self->selected;
}

void
fb_agent_picker_set_selected (FbAgentPicker *self,
                              guint          position)
{
  g_return_if_fail (FB_IS_AGENT_PICKER (self));

  if (self->model == NULL || position >= g_list_model_get_n_items (self->model))
    position = GTK_INVALID_LIST_POSITION;
  if (self->selected == position)
    return;
  self->selected = position;
  update_button (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

const char *
fb_agent_picker_get_selected_label (FbAgentPicker *self)
{
  g_autoptr(GObject) item = NULL;

  g_return_val_if_fail (FB_IS_AGENT_PICKER (self), NULL);

  if (self->model == NULL || self->selected == GTK_INVALID_LIST_POSITION ||
      !(item = g_list_model_get_item (self->model, self->selected)) || !GTK_IS_STRING_OBJECT (item))
    return NULL;
  /* The model holds the item: its string outlives this reference. */
  return gtk_string_object_get_string (GTK_STRING_OBJECT (item));
}

char *
fb_agent_picker_dup_shown (FbAgentPicker *self)
{
  GString *shown = g_string_new (NULL);
  guint n;

  g_return_val_if_fail (FB_IS_AGENT_PICKER (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (G_LIST_MODEL (self->filtered), i);

      g_string_append_printf (shown, "%s%s", i ? "\n" : "", gtk_string_object_get_string (item));
    }
  return g_string_free (shown, FALSE);
}

static void
fb_agent_picker_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FbAgentPicker *self = FB_AGENT_PICKER (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_SELECTED:
      g_value_set_uint (value, self->selected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_agent_picker_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FbAgentPicker *self = FB_AGENT_PICKER (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      fb_agent_picker_set_model (self, g_value_get_object (value));
      break;
    case PROP_SELECTED:
      fb_agent_picker_set_selected (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_agent_picker_dispose (GObject *object)
{
  FbAgentPicker *self = FB_AGENT_PICKER (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_AGENT_PICKER);
  g_clear_object (&self->model);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  G_OBJECT_CLASS (fb_agent_picker_parent_class)->dispose (object);
}

static void
fb_agent_picker_class_init (FbAgentPickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_agent_picker_dispose;
  object_class->get_property = fb_agent_picker_get_property;
  object_class->set_property = fb_agent_picker_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED] =
    g_param_spec_uint ("selected", NULL, NULL, 0, G_MAXUINT, GTK_INVALID_LIST_POSITION,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A row's activatable widget: activating the row opens the list. */
  signals[ACTIVATE] = g_signal_new_class_handler ("activate", G_TYPE_FROM_CLASS (klass),
                                                  G_SIGNAL_RUN_LAST | G_SIGNAL_ACTION,
                                                  G_CALLBACK (activate_cb), NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_activate_signal (widget_class, signals[ACTIVATE]);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/floorboard/Floorboard/ui/fb-agent-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, FbAgentPicker, button);
  gtk_widget_class_bind_template_child (widget_class, FbAgentPicker, popover);
  gtk_widget_class_bind_template_child (widget_class, FbAgentPicker, search_entry);
  gtk_widget_class_bind_template_child (widget_class, FbAgentPicker, list_view);
  gtk_widget_class_bind_template_child (widget_class, FbAgentPicker, empty_label);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, popover_show_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
fb_agent_picker_init (FbAgentPicker *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkSingleSelection *selection;

  gtk_widget_init_template (GTK_WIDGET (self));
  fb_popover_focus_returns_to (self->popover, GTK_WIDGET (self->button));
  self->selected = GTK_INVALID_LIST_POSITION;

  /* Anywhere in the label, whatever the case: a name or a number. */
  self->filter = gtk_string_filter_new (gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));
  gtk_string_filter_set_match_mode (self->filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  gtk_string_filter_set_ignore_case (self->filter, TRUE);
  self->filtered = gtk_filter_list_model_new (NULL, GTK_FILTER (g_object_ref (self->filter)));

  selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->filtered)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  update_empty (self);
}
