/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-connect-page.c */
#define G_LOG_DOMAIN "floorboard"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "fb-context.h"
#include "fb-connect-page.h"
#include "fb-sync-engine.h"
#include "fb-widget-utils.h"

struct _FbConnectPage
{
  GtkWidget     parent_instance;

  AdwEntryRow  *url_row;
  AdwEntryRow  *user_row;
  AdwEntryRow  *password_row;
  GtkLabel     *error_label;
  GtkBox       *busy_box;
  GtkSpinner   *spinner;
  GtkLabel     *busy_label;

  FbSyncEngine *engine;
  FbContext    *context;
  GCancellable *cancellable;
  gboolean      busy;
};

G_DEFINE_FINAL_TYPE (FbConnectPage, fb_connect_page, GTK_TYPE_WIDGET)

enum { SIGNED_IN, N_SIGNALS };
static guint signals[N_SIGNALS];

static const char *
row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static gboolean
can_sign_in (FbConnectPage *self)
{
  g_autofree char *url = g_strstrip (g_strdup (row_text (self->url_row)));
  g_autofree char *user = g_strstrip (g_strdup (row_text (self->user_row)));

  return !self->busy && self->engine != NULL &&
         url[0] != '\0' && user[0] != '\0' && row_text (self->password_row)[0] != '\0';
}

static void
update_actions (FbConnectPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "connect.sign-in", can_sign_in (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->url_row), !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->user_row), !self->busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), !self->busy);
}

static void
fields_changed_cb (FbConnectPage *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  update_actions (self);
}

void
fb_connect_page_show_error (FbConnectPage *self,
                            const char    *message)
{
  g_return_if_fail (FB_IS_CONNECT_PAGE (self));

  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

const char *
fb_connect_page_get_error (FbConnectPage *self)
{
  g_return_val_if_fail (FB_IS_CONNECT_PAGE (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return NULL;
  return gtk_label_get_text (self->error_label);
}

void
fb_connect_page_set_busy (FbConnectPage *self,
                          gboolean       busy,
                          const char    *message)
{
  g_return_if_fail (FB_IS_CONNECT_PAGE (self));

  self->busy = !!busy;
  gtk_widget_set_visible (GTK_WIDGET (self->busy_box), self->busy);
  gtk_spinner_set_spinning (self->spinner, self->busy);
  gtk_label_set_text (self->busy_label, message ? message : "");
  if (busy)
    fb_connect_page_show_error (self, NULL);
  update_actions (self);
}

static void
login_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  FbConnectPage *self;
  g_autoptr(GError) error = NULL;

  if (!fb_sync_engine_login_finish (FB_SYNC_ENGINE (object), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = FB_CONNECT_PAGE (user_data);
  fb_connect_page_set_busy (self, FALSE, NULL);
  if (error != NULL)
    {
      fb_connect_page_show_error (self, error->message);
      return;
    }
  /* The password has done its job; do not leave it on screen. */
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  g_signal_emit (self, signals[SIGNED_IN], 0);
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  FbConnectPage *self = FB_CONNECT_PAGE (widget);
  g_autofree char *url = g_strstrip (g_strdup (row_text (self->url_row)));
  g_autofree char *user = g_strstrip (g_strdup (row_text (self->user_row)));

  if (!can_sign_in (self))
    return;

  fb_connect_page_set_busy (self, TRUE, _("Signing in…"));
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  fb_sync_engine_login_async (self->engine, url, user, row_text (self->password_row),
                              self->cancellable, login_cb, self);
}

static void
entry_activated_cb (FbConnectPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "connect.sign-in", NULL);
}

void
fb_connect_page_set_defaults (FbConnectPage *self,
                              const char    *server_url,
                              const char    *username)
{
  g_return_if_fail (FB_IS_CONNECT_PAGE (self));

  if (server_url != NULL && row_text (self->url_row)[0] == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->url_row), server_url);
  if (username != NULL && row_text (self->user_row)[0] == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->user_row), username);
}

void
fb_connect_page_fill (FbConnectPage *self,
                      const char    *server_url,
                      const char    *username,
                      const char    *password)
{
  g_return_if_fail (FB_IS_CONNECT_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->url_row), server_url);
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), username);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
}

static void
set_context (GObject   *object,
             FbContext *context)
{
  FbConnectPage *self = FB_CONNECT_PAGE (object);

  g_set_object (&self->context, context);
  g_set_object (&self->engine, (context ? fb_context_get_engine (context) : NULL));
  update_actions (self);
}

static void
fb_connect_page_dispose (GObject *object)
{
  FbConnectPage *self = (FbConnectPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  fb_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_CONNECT_PAGE);
  g_clear_object (&self->engine);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (fb_connect_page_parent_class)->dispose (object);
}

static void
fb_connect_page_class_init (FbConnectPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_connect_page_dispose;

  fb_context_install_property (object_class, G_STRUCT_OFFSET (FbConnectPage, context), set_context);

  /* Emitted once the engine has signed in; syncing goes on from there. */
  signals[SIGNED_IN] =
    g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/floorboard/Floorboard/ui/fb-connect-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FbConnectPage, url_row);
  gtk_widget_class_bind_template_child (widget_class, FbConnectPage, user_row);
  gtk_widget_class_bind_template_child (widget_class, FbConnectPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, FbConnectPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, FbConnectPage, busy_box);
  gtk_widget_class_bind_template_child (widget_class, FbConnectPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, FbConnectPage, busy_label);
  gtk_widget_class_bind_template_callback (widget_class, fields_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_install_action (widget_class, "connect.sign-in", NULL, sign_in_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
fb_connect_page_init (FbConnectPage *self)
{
  GtkWidget *form;

  gtk_widget_init_template (GTK_WIDGET (self));
  update_actions (self);
  /* The group has no title on screen (the page says it all), so its list
   * would have no name for a screen reader: give it one. */
  if ((form = gtk_widget_get_ancestor (GTK_WIDGET (self->url_row), GTK_TYPE_LIST_BOX)))
    gtk_accessible_update_property (GTK_ACCESSIBLE (form), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    _("Sign in to your center’s server, or try a simulated floor on this computer."),
                                    -1);
}

GtkWidget *
fb_connect_page_new (void)
{
  return g_object_new (FB_TYPE_CONNECT_PAGE, NULL);
}
