/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-escalation-callback-dialog.c */
#define G_LOG_DOMAIN "floorboard"

#include <glib/gi18n.h>

#include "fb-entity.h"
#include "fb-escalation-callback-dialog.h"
#include "fb-escalation-rules.h"
#include "fb-row.h"

struct _FbEscalationCallbackDialog
{
  AdwMessageDialog  parent_instance;

  GtkCheckButton   *outcome_buttons[4];  /* in fb_callback_outcome_values order */
  GtkEntry         *note_entry;
  GtkLabel         *hint_label;

  FbRow            *row;
  int               role;
  int               outcome;
  gboolean          can_save;
};

G_DEFINE_FINAL_TYPE (FbEscalationCallbackDialog, fb_escalation_callback_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum { PROP_0, PROP_OUTCOME, PROP_CAN_SAVE, N_PROPS };
static GParamSpec *properties[N_PROPS];

enum { SAVE, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The rules decide, as for every action: the same reason the server would
 * give shows here before the click. */
static void
validate (FbEscalationCallbackDialog *self)
{
  const FbEscalation *escalation = self->row ? fb_row_get_entity (self->row) : NULL;
  g_autoptr(GError) error = NULL;
  gboolean can_save;

  if (escalation == NULL)
    {
      can_save = FALSE;
      g_set_error_literal (&error, FB_RULE_ERROR, FB_RULE_ERROR_STATE, _("The case is no longer in the cache"));
    }
  else
    can_save = fb_escalation_check (escalation, self->role, FB_ESCALATION_ACTION_CALLBACK_ATTEMPT,
                                    self->outcome, &error);
  gtk_label_set_text (self->hint_label, can_save ? "" : error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), !can_save);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "save", can_save);
  if (can_save != self->can_save)
    {
      self->can_save = can_save;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_SAVE]);
    }
}

static void
outcome_toggled_cb (FbEscalationCallbackDialog *self)
{
  int outcome = -1;

  for (guint i = 0; i < G_N_ELEMENTS (self->outcome_buttons); i++)
    if (gtk_check_button_get_active (self->outcome_buttons[i]))
      outcome = (int) i;
  if (outcome == self->outcome)
    return;
  self->outcome = outcome;
  validate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTCOME]);
}

int
fb_escalation_callback_dialog_get_outcome (FbEscalationCallbackDialog *self)
{
  g_return_val_if_fail (FB_IS_ESCALATION_CALLBACK_DIALOG (self), -1);
  return self->outcome;
}

void
fb_escalation_callback_dialog_set_outcome (FbEscalationCallbackDialog *self,
                                           int                         outcome)
{
  g_return_if_fail (FB_IS_ESCALATION_CALLBACK_DIALOG (self));
  g_return_if_fail (outcome >= -1 && outcome < (int) G_N_ELEMENTS (self->outcome_buttons));

  if (outcome >= 0)
    gtk_check_button_set_active (self->outcome_buttons[outcome], TRUE);
  else
    for (guint i = 0; i < G_N_ELEMENTS (self->outcome_buttons); i++)
      gtk_check_button_set_active (self->outcome_buttons[i], FALSE);
}

const char *
fb_escalation_callback_dialog_get_note (FbEscalationCallbackDialog *self)
{
  g_return_val_if_fail (FB_IS_ESCALATION_CALLBACK_DIALOG (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->note_entry));
}

void
fb_escalation_callback_dialog_set_note (FbEscalationCallbackDialog *self,
                                        const char                 *note)
{
  g_return_if_fail (FB_IS_ESCALATION_CALLBACK_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->note_entry), note ? note : "");
}

gboolean
fb_escalation_callback_dialog_get_can_save (FbEscalationCallbackDialog *self)
{
  g_return_val_if_fail (FB_IS_ESCALATION_CALLBACK_DIALOG (self), FALSE);
  return self->can_save;
}

const char *
fb_escalation_callback_dialog_get_hint (FbEscalationCallbackDialog *self)
{
  g_return_val_if_fail (FB_IS_ESCALATION_CALLBACK_DIALOG (self), NULL);
  return gtk_label_get_text (self->hint_label);
}

static void
fb_escalation_callback_dialog_response (AdwMessageDialog *dialog,
                                        const char       *response)
{
  FbEscalationCallbackDialog *self = FB_ESCALATION_CALLBACK_DIALOG (dialog);

  /* "save" may be asked for while disabled (a key binding, a test):
   * without a valid outcome nothing is recorded, and the dialog stays. */
  if (g_strcmp0 (response, "save") == 0)
    {
      if (!self->can_save)
        return;
      g_signal_emit (self, signals[SAVE], 0, self->outcome, fb_escalation_callback_dialog_get_note (self));
    }
  /* No chain-up: AdwMessageDialog has no response handler of its own
   * (the class slot is NULL in libadwaita 1.2 and since); it closes
   * itself before emitting. */
}

static void
fb_escalation_callback_dialog_get_property (GObject    *object,
                                            guint       prop_id,
                                            GValue     *value,
                                            GParamSpec *pspec)
{
  FbEscalationCallbackDialog *self = FB_ESCALATION_CALLBACK_DIALOG (object);

  switch (prop_id)
    {
    case PROP_OUTCOME:
      g_value_set_int (value, self->outcome);
      break;
    case PROP_CAN_SAVE:
      g_value_set_boolean (value, self->can_save);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_escalation_callback_dialog_dispose (GObject *object)
{
  FbEscalationCallbackDialog *self = FB_ESCALATION_CALLBACK_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_ESCALATION_CALLBACK_DIALOG);
  g_clear_object (&self->row);

  G_OBJECT_CLASS (fb_escalation_callback_dialog_parent_class)->dispose (object);
}

static void
fb_escalation_callback_dialog_class_init (FbEscalationCallbackDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->dispose = fb_escalation_callback_dialog_dispose;
  object_class->get_property = fb_escalation_callback_dialog_get_property;
  dialog_class->response = fb_escalation_callback_dialog_response;

  properties[PROP_OUTCOME] =
    g_param_spec_int ("outcome", NULL, NULL, -1, 3, -1,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_SAVE] =
    g_param_spec_boolean ("can-save", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FbEscalationCallbackDialog::save:
   * @outcome: an FbCallbackOutcome value, valid for the case
   * @note: what the caller wrote, maybe ""
   *
   * The attempt is to be recorded; only ever with a valid outcome.
   */
  signals[SAVE] =
    g_signal_new ("save", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/floorboard/Floorboard/ui/fb-escalation-callback-dialog.ui");
  gtk_widget_class_bind_template_child_full (widget_class, "reached_button", FALSE,
                                             G_STRUCT_OFFSET (FbEscalationCallbackDialog, outcome_buttons[0]));
  gtk_widget_class_bind_template_child_full (widget_class, "no_answer_button", FALSE,
                                             G_STRUCT_OFFSET (FbEscalationCallbackDialog, outcome_buttons[1]));
  gtk_widget_class_bind_template_child_full (widget_class, "busy_button", FALSE,
                                             G_STRUCT_OFFSET (FbEscalationCallbackDialog, outcome_buttons[2]));
  gtk_widget_class_bind_template_child_full (widget_class, "wrong_number_button", FALSE,
                                             G_STRUCT_OFFSET (FbEscalationCallbackDialog, outcome_buttons[3]));
  gtk_widget_class_bind_template_child (widget_class, FbEscalationCallbackDialog, note_entry);
  gtk_widget_class_bind_template_child (widget_class, FbEscalationCallbackDialog, hint_label);
  gtk_widget_class_bind_template_callback (widget_class, outcome_toggled_cb);
}

static void
fb_escalation_callback_dialog_init (FbEscalationCallbackDialog *self)
{
  self->outcome = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
fb_escalation_callback_dialog_new (GtkWindow *parent,
                                   FbRow     *row,
                                   int        role)
{
  FbEscalationCallbackDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (FB_IS_ROW (row), NULL);

  self = g_object_new (FB_TYPE_ESCALATION_CALLBACK_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->row = g_object_ref (row);
  self->role = role;
  validate (self);
  return GTK_WIDGET (self);
}
