/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-preferences-window.c */
#define G_LOG_DOMAIN "floorboard"

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
  GtkSwitch            *wallboard_switch;
  AdwEntryRow          *server_row;
  GtkSpinButton        *deadline_warning;
  GtkSpinButton        *poll_interval;
  AdwActionRow         *ca_row;
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

/* The row says which authorities are trusted: never nothing. */
static void
update_ca_row (FbPreferencesWindow *self)
{
  g_autofree char *path = g_settings_get_string (self->settings, "ca-file");

  adw_action_row_set_subtitle (self->ca_row, *path ? path : _("The system’s certificate authorities"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.clear-ca-file", *path != '\0');
}

/**
 * fb_preferences_window_set_ca_file:
 *
 * Trusts the authorities of @path for the server from now on, if it is a
 * readable PEM file holding a certificate; otherwise says why in a toast
 * and changes nothing.
 */
gboolean
fb_preferences_window_set_ca_file (FbPreferencesWindow *self,
                                   const char          *path)
{
  g_autoptr(GError) error = NULL;
  GList *certificates;

  g_return_val_if_fail (FB_IS_PREFERENCES_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!(certificates = g_tls_certificate_list_new_from_file (path, &error)))
    {
      g_autofree char *message = g_strdup_printf (_("Cannot use “%s”: %s"), path,
                                                  error ? error->message : _("it holds no certificate"));

      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
      return FALSE;
    }
  g_list_free_full (certificates, g_object_unref);
  g_settings_set_string (self->settings, "ca-file", path);
  return TRUE;
}

static void
ca_chosen_cb (GtkNativeDialog     *chooser,
              int                  response,
              FbPreferencesWindow *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))))
    {
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        fb_preferences_window_set_ca_file (self, path);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
choose_ca_file_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Choose a Certificate Authority"), GTK_WINDOW (widget),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Certificates (PEM)"));
  gtk_file_filter_add_pattern (filter, "*.pem");
  gtk_file_filter_add_pattern (filter, "*.crt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (ca_chosen_cb), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
clear_ca_file_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  g_settings_reset (FB_PREFERENCES_WINDOW (widget)->settings, "ca-file");
}

/* The address offered at the next sign-in: an http or https URL with a
 * host, or nothing is saved and the row says why. */
gboolean
fb_preferences_window_apply_server (FbPreferencesWindow *self,
                                    const char          *text)
{
  g_autofree char *address = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  g_return_val_if_fail (FB_IS_PREFERENCES_WINDOW (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  address = g_strstrip (g_strdup (text));
  uri = g_uri_parse (address, G_URI_FLAGS_NONE, NULL);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  if (address[0] != '\0' &&
      (uri == NULL || (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0) ||
       g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0'))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->server_row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->server_row),
                                   _("A server address is http:// or https://, a host and maybe a port, "
                                     "such as https://floor.example.com:8443"));
      return FALSE;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->server_row), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->server_row), NULL);
  g_settings_set_string (self->settings, "server-url", address);
  return TRUE;
}

static void
server_apply_cb (FbPreferencesWindow *self)
{
  fb_preferences_window_apply_server (self, gtk_editable_get_text (GTK_EDITABLE (self->server_row)));
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
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, wallboard_switch);
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, server_row);
  gtk_widget_class_bind_template_callback (widget_class, server_apply_cb);
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, deadline_warning);
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, poll_interval);
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, ca_row);
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, target_sl);
  gtk_widget_class_install_action (widget_class, "prefs.choose-ca-file", NULL, choose_ca_file_action);
  gtk_widget_class_install_action (widget_class, "prefs.clear-ca-file", NULL, clear_ca_file_action);
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
  g_settings_bind (self->settings, "wallboard", self->wallboard_switch, "active", G_SETTINGS_BIND_DEFAULT);
  {
    g_autofree char *url = g_settings_get_string (self->settings, "server-url");

    gtk_editable_set_text (GTK_EDITABLE (self->server_row), url);
  }
  g_settings_bind (self->settings, "deadline-warning-minutes",
                   gtk_spin_button_get_adjustment (self->deadline_warning), "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "poll-interval",
                   gtk_spin_button_get_adjustment (self->poll_interval), "value", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed::ca-file", G_CALLBACK (update_ca_row), self, G_CONNECT_SWAPPED);
  update_ca_row (self);
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
