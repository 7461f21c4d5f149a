/* fb-preferences-window.c */
#include <glib/gi18n.h>

#include "fb-preferences-window.h"

struct _FbPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GtkSpinButton        *waiting_warning;
  GtkSpinButton        *waiting_critical;
  GtkSpinButton        *longest_warning;
  GtkSpinButton        *longest_critical;
  GtkSpinButton        *sl_warning;
  GtkSpinButton        *sl_critical;
  GtkSpinButton        *abandon_warning;
  GtkSpinButton        *abandon_critical;
  GtkSwitch            *notifications_switch;
  GtkSpinButton        *deadline_warning;
  GtkSpinButton        *poll_interval;
  GtkSpinButton        *target_sl;
  GtkSpinButton        *target_asa;
  GtkSpinButton        *target_abandon;
  GtkSpinButton        *target_callback;

  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (FbPreferencesWindow, fb_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* Fractions are stored, percentages shown. */
static gboolean
fraction_to_percent (GValue   *value,
                     GVariant *variant,
                     gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_double (variant) * 100.0);
  return TRUE;
}

static GVariant *
percent_to_fraction (const GValue       *value,
                     const GVariantType *type,
                     gpointer            user_data)
{
  return g_variant_new_double (CLAMP (g_value_get_double (value) / 100.0, 0.0, 1.0));
}

static void
bind_percent (FbPreferencesWindow *self,
              const char          *key,
              GtkSpinButton       *spin)
{
  g_settings_bind_with_mapping (self->settings, key, gtk_spin_button_get_adjustment (spin), "value",
                                G_SETTINGS_BIND_DEFAULT, fraction_to_percent, percent_to_fraction,
                                NULL, NULL);
}

static void
fb_preferences_window_dispose (GObject *object)
{
  FbPreferencesWindow *self = (FbPreferencesWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (fb_preferences_window_parent_class)->dispose (object);
}

static void
fb_preferences_window_class_init (FbPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/floorboard/Floorboard/ui/fb-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, waiting_warning);
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, waiting_critical);
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, longest_warning);
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, longest_critical);
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, sl_warning);
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, sl_critical);
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, abandon_warning);
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, abandon_critical);
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, notifications_switch);
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, deadline_warning);
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, poll_interval);
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, target_sl);
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, target_asa);
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, target_abandon);
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, target_callback);
}

static void
fb_preferences_window_init (FbPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (FB_APP_ID);
  g_settings_bind (self->settings, "waiting-warning",
                   gtk_spin_button_get_adjustment (self->waiting_warning), "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "waiting-critical",
                   gtk_spin_button_get_adjustment (self->waiting_critical), "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "longest-wait-warning",
                   gtk_spin_button_get_adjustment (self->longest_warning), "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "longest-wait-critical",
                   gtk_spin_button_get_adjustment (self->longest_critical), "value", G_SETTINGS_BIND_DEFAULT);
  bind_percent (self, "service-level-warning", self->sl_warning);
  bind_percent (self, "service-level-critical", self->sl_critical);
  bind_percent (self, "abandon-warning", self->abandon_warning);
  bind_percent (self, "abandon-critical", self->abandon_critical);
  g_settings_bind (self->settings, "notifications", self->notifications_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "deadline-warning-minutes",
                   gtk_spin_button_get_adjustment (self->deadline_warning), "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "poll-interval",
                   gtk_spin_button_get_adjustment (self->poll_interval), "value", G_SETTINGS_BIND_DEFAULT);
  bind_percent (self, "target-service-level", self->target_sl);
  bind_percent (self, "target-abandon-rate", self->target_abandon);
  bind_percent (self, "target-callback-rate", self->target_callback);
  g_settings_bind (self->settings, "target-asa",
                   gtk_spin_button_get_adjustment (self->target_asa), "value", G_SETTINGS_BIND_DEFAULT);
}

GtkWidget *
fb_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (FB_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
}
