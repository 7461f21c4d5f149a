/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-request-row.c
 *
 * Shows what the page prepared (FbRequestState) and nothing else: the
 * checks were run once when the rows changed, so binding a row and
 * painting it read no rules. Each check says its kind in words and with
 * an icon, never by colour alone. A click asks for a reason where one is
 * needed, then emits FbRequestRow::decide; the page does the rest.
 */
#define G_LOG_DOMAIN "floorboard"

#include <glib/gi18n.h>

#include "fb-entity.h"
#include "fb-request-row.h"
#include "fb-widget-utils.h"

struct _FbRequestRow
{
  GtkWidget        parent_instance;

  GtkCheckButton  *select_button;
  GtkLabel        *type_label;
  GtkLabel        *who_label;
  GtkLabel        *team_label;
  GtkLabel        *dates_label;
  GtkLabel        *days_label;
  GtkLabel        *submitted_label;
  GtkLabel        *reason_label;
  GtkBox          *checks_box;
  GtkWidget       *status_box;
  GtkImage        *status_icon;
  GtkLabel        *status_label;
  GtkWidget       *actions_box;
  GtkWidget       *approve_button;
  GtkWidget       *reject_button;
  GtkLabel        *refusal_label;
  GtkPopover      *popover;
  GtkLabel        *popover_title;
  GtkEntry        *reason_entry;
  GtkButton       *confirm_button;

  FbRequestState  *state;
  FbDecision       asking;      /* what the popover confirms */
  gboolean         syncing;     /* the page sets the check button */
};

G_DEFINE_FINAL_TYPE (FbRequestRow, fb_request_row, GTK_TYPE_WIDGET)

enum {
  DECIDE,
  SELECT_TOGGLED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

FbRequestState *
fb_request_state_new (void)
{
  return g_rc_box_new0 (FbRequestState);
}

FbRequestState *
fb_request_state_ref (FbRequestState *state)
{
  g_return_val_if_fail (state != NULL, NULL);
  return g_rc_box_acquire (state);
}

static void
state_clear (gpointer data)
{
  FbRequestState *state = data;

  g_free (state->kind);
  g_free (state->id);
  g_free (state->who);
  g_free (state->team);
  g_free (state->type_label);
  g_free (state->dates);
  g_free (state->days);
  g_free (state->reason);
  g_free (state->submitted);
  g_free (state->status_text);
  g_clear_pointer (&state->checks, g_ptr_array_unref);
  g_free (state->approve_refusal);
  g_free (state->reject_refusal);
}

void
fb_request_state_unref (FbRequestState *state)
{
  g_return_if_fail (state != NULL);
  g_rc_box_release_full (state, state_clear);
}

/* A sign before the words, so the kind shows without colour. A glyph,
 * not a GtkImage: GTK 4.8 measures an image beside a wrapping label in a
 * box inconsistently (height-for-width). */
static const char *
check_sign (const FbCheck *check)
{
  if (g_strcmp0 (check->code, "reason_required") == 0)
    return "✎";
  switch (check->kind)
    {
    case FB_CHECK_FORBIDDEN: return "⊘";
    case FB_CHECK_RULE: return "✗";
    case FB_CHECK_FLAG:
    default:
      return "ℹ";
    }
}

static char *
check_text (const FbCheck *check)
{
  /* An approval the rules want a reason for is asked for one, not refused. */
  if (g_strcmp0 (check->code, "reason_required") == 0)
    /* Translators: a check on a request; %s says which reason is needed */
    return g_strdup_printf (_("Asks for a reason: %s"), check->message);
  switch (check->kind)
    {
    case FB_CHECK_FORBIDDEN:
      /* Translators: a check on a request; %s is why the role may not decide it */
      return g_strdup_printf (_("Not for your role: %s"), check->message);
    case FB_CHECK_RULE:
      /* Translators: a check on a request; %s is the rule it breaks */
      return g_strdup_printf (_("Breaks a rule: %s"), check->message);
    case FB_CHECK_FLAG:
    default:
      /* Translators: a check on a request that blocks nothing; %s says what */
      return g_strdup_printf (_("Note: %s"), check->message);
    }
}

static const char *
check_class (const FbCheck *check)
{
  if (g_strcmp0 (check->code, "reason_required") == 0)
    return "check-reason";
  switch (check->kind)
    {
    case FB_CHECK_FORBIDDEN: return "check-forbidden";
    case FB_CHECK_RULE: return "check-rule";
    case FB_CHECK_FLAG:
    default:
      return "check-flag";
    }
}

static void
fill_checks (FbRequestRow *self)
{
  GPtrArray *checks = self->state ? self->state->checks : NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->checks_box))))
    gtk_box_remove (self->checks_box, child);
  /* A decided request breaks nothing any more: its status says it all. */
  if (checks == NULL || self->state->status != FB_REQUEST_PENDING)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->checks_box), FALSE);
      return;
    }
  for (guint i = 0; i < checks->len; i++)
    {
      const FbCheck *check = g_ptr_array_index (checks, i);
      g_autofree char *words = check_text (check);
      g_autofree char *text = g_strdup_printf ("%s %s", check_sign (check), words);
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_widget_add_css_class (label, "request-check");
      gtk_widget_add_css_class (label, check_class (check));
      gtk_box_append (self->checks_box, label);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->checks_box), checks->len > 0);
}

static gboolean
can_decide (FbRequestRow *self)
{
  return self->state != NULL && self->state->status == FB_REQUEST_PENDING && !self->state->held;
}

static void
update_actions (FbRequestRow *self)
{
  FbRequestState *state = self->state;
  const char *approve = state ? state->approve_refusal : NULL;
  const char *reject = state ? state->reject_refusal : NULL;
  g_autofree char *text = NULL;
  gboolean decidable = can_decide (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "request.approve", decidable && approve == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "request.reject", decidable && reject == NULL);
  gtk_widget_set_tooltip_text (self->approve_button, decidable ? approve : NULL);
  gtk_widget_set_tooltip_text (self->reject_button, decidable ? reject : NULL);
  gtk_widget_set_visible (self->actions_box, decidable);

  /* The reason in words beside the buttons, once when it is the same. */
  if (decidable && approve != NULL && reject != NULL && g_str_equal (approve, reject))
    /* Translators: %s is why the signed-in user may not decide this request */
    text = g_strdup_printf (_("Cannot decide: %s"), approve);
  else if (decidable && approve != NULL && reject != NULL)
    /* Translators: why approving (first %s) and rejecting (second %s) are not possible */
    text = g_strdup_printf (_("Cannot approve: %s\nCannot reject: %s"), approve, reject);
  else if (decidable && approve != NULL)
    /* Translators: %s is why the request cannot be approved */
    text = g_strdup_printf (_("Cannot approve: %s"), approve);
  else if (decidable && reject != NULL)
    /* Translators: %s is why the request cannot be rejected */
    text = g_strdup_printf (_("Cannot reject: %s"), reject);
  fb_label_set_text (self->refusal_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->refusal_label), text != NULL);

  /* Only what can still be decided can be picked for a batch. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->select_button), decidable);
}

static void
update_confirm (FbRequestRow *self)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_entry))));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "request.confirm", reason[0] != '\0' && can_decide (self));
}

static void
update_status (FbRequestRow *self)
{
  FbRequestState *state = self->state;
  const char *icon = "mail-unread-symbolic";
  static const char * const classes[] = { "request-pending", "request-approved", "request-rejected",
                                          "request-cancelled" };

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self), classes[i]);
  gtk_widget_remove_css_class (GTK_WIDGET (self), "request-held");
  /* GTK 4.8 measures an empty wrapping label wrong: hidden instead. */
  gtk_widget_set_visible (self->status_box, state != NULL && state->status_text && state->status_text[0]);
  if (state == NULL)
    return;
  gtk_widget_add_css_class (GTK_WIDGET (self), classes[state->status]);
  if (state->held || state->sending)
    gtk_widget_add_css_class (GTK_WIDGET (self), "request-held");
  if (state->held || state->sending)
    icon = "document-send-symbolic";
  else if (state->status == FB_REQUEST_APPROVED)
    icon = "emblem-ok-symbolic";
  else if (state->status == FB_REQUEST_REJECTED || state->status == FB_REQUEST_CANCELLED)
    icon = "action-unavailable-symbolic";
  gtk_image_set_from_icon_name (self->status_icon, icon);
  fb_label_set_text (self->status_label, state->status_text);
  /* Ellipsized when narrow: the whole of it on hover. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), state->status_text);
}

void
fb_request_row_set_state (FbRequestRow   *self,
                          FbRequestState *state,
                          gboolean        selected)
{
  gboolean other;

  g_return_if_fail (FB_IS_REQUEST_ROW (self));

  other = state == NULL || self->state == NULL ||
          g_strcmp0 (state->id, self->state->id) != 0 || g_strcmp0 (state->kind, self->state->kind) != 0;
  if (state != NULL)
    fb_request_state_ref (state);
  g_clear_pointer (&self->state, fb_request_state_unref);
  self->state = state;

  /* Another request: what was typed for the last one does not belong here. */
  if (other)
    {
      gtk_popover_popdown (self->popover);
      gtk_editable_set_text (GTK_EDITABLE (self->reason_entry), "");
    }

  self->syncing = TRUE;
  gtk_check_button_set_active (self->select_button, selected && can_decide (self));
  self->syncing = FALSE;
  if (state == NULL)
    return;

  fb_label_set_text (self->type_label, state->type_label);
  fb_label_set_text (self->who_label, state->who);
  fb_label_set_text (self->team_label, state->team);
  fb_label_set_text (self->dates_label, state->dates);
  fb_label_set_text (self->days_label, state->days);
  fb_label_set_text (self->submitted_label, state->submitted);
  fb_label_set_text (self->reason_label, state->reason);
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), state->reason && state->reason[0]);
  fill_checks (self);
  update_status (self);
  update_actions (self);
  update_confirm (self);
  if (!can_decide (self))
    gtk_popover_popdown (self->popover);
}

FbRequestState *
fb_request_row_get_state (FbRequestRow *self)
{
  g_return_val_if_fail (FB_IS_REQUEST_ROW (self), NULL);
  return self->state;
}

const char *
fb_request_row_get_status (FbRequestRow *self)
{
  g_return_val_if_fail (FB_IS_REQUEST_ROW (self), NULL);
  return gtk_label_get_text (self->status_label);
}

char *
fb_request_row_dup_checks (FbRequestRow *self)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (FB_IS_REQUEST_ROW (self), NULL);

  if (gtk_widget_get_visible (GTK_WIDGET (self->checks_box)))
    for (GtkWidget *label = gtk_widget_get_first_child (GTK_WIDGET (self->checks_box));
         label != NULL; label = gtk_widget_get_next_sibling (label))
      {
        if (text->len > 0)
          g_string_append_c (text, '\n');
        g_string_append (text, gtk_label_get_text (GTK_LABEL (label)));
      }
  return g_string_free (text, FALSE);
}

const char *
fb_request_row_get_refusal (FbRequestRow *self)
{
  g_return_val_if_fail (FB_IS_REQUEST_ROW (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->refusal_label)) ? gtk_label_get_text (self->refusal_label) : "";
}

GtkWidget *
fb_request_row_get_button (FbRequestRow *self,
                           FbDecision    decision)
{
  g_return_val_if_fail (FB_IS_REQUEST_ROW (self), NULL);
  return decision == FB_DECISION_APPROVE ? self->approve_button : self->reject_button;
}

static void
ask_reason (FbRequestRow *self,
            FbDecision    decision,
            GtkWidget    *button)
{
  graphene_rect_t bounds;
  const FbCheck *why = NULL;

  self->asking = decision;
  if (decision == FB_DECISION_APPROVE)
    {
      for (guint i = 0; self->state->checks && i < self->state->checks->len; i++)
        {
          const FbCheck *check = g_ptr_array_index (self->state->checks, i);

          if (g_strcmp0 (check->code, "reason_required") == 0)
            why = check;
        }
      fb_label_set_text (self->popover_title, why ? why->message : _("Why approve it?"));
      gtk_button_set_label (self->confirm_button, _("_Approve"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->confirm_button), "destructive-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->confirm_button), "suggested-action");
    }
  else
    {
      fb_label_set_text (self->popover_title, _("Why reject it? The agent sees the reason."));
      gtk_button_set_label (self->confirm_button, _("_Reject"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->confirm_button), "suggested-action");
      gtk_widget_add_css_class (GTK_WIDGET (self->confirm_button), "destructive-action");
    }
  update_confirm (self);
  if (gtk_widget_compute_bounds (button, GTK_WIDGET (self), &bounds))
    gtk_popover_set_pointing_to (self->popover, &(GdkRectangle) {
                                   (int) bounds.origin.x, (int) bounds.origin.y,
                                   (int) bounds.size.width, (int) bounds.size.height });
  gtk_popover_popup (self->popover);
  gtk_widget_grab_focus (GTK_WIDGET (self->reason_entry));
}

static void
approve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  FbRequestRow *self = FB_REQUEST_ROW (widget);

  if (!can_decide (self) || self->state->approve_refusal != NULL)
    return;
  if (self->state->approve_needs_reason)
    ask_reason (self, FB_DECISION_APPROVE, self->approve_button);
  else
    g_signal_emit (self, signals[DECIDE], 0, (int) FB_DECISION_APPROVE, NULL);
}

static void
reject_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  FbRequestRow *self = FB_REQUEST_ROW (widget);

  if (can_decide (self) && self->state->reject_refusal == NULL)
    ask_reason (self, FB_DECISION_REJECT, self->reject_button);
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  FbRequestRow *self = FB_REQUEST_ROW (widget);
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_entry))));

  /* Required: an empty reason decides nothing. */
  if (reason[0] == '\0' || !can_decide (self))
    return;
  gtk_popover_popdown (self->popover);
  gtk_editable_set_text (GTK_EDITABLE (self->reason_entry), "");
  g_signal_emit (self, signals[DECIDE], 0, (int) self->asking, reason);
}

static void
cancel_reason_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  gtk_popover_popdown (FB_REQUEST_ROW (widget)->popover);
}

static void
reason_changed_cb (FbRequestRow *self)
{
  update_confirm (self);
}

static void
reason_activate_cb (FbRequestRow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "request.confirm", NULL);
}

static void
select_toggled_cb (FbRequestRow *self)
{
  if (self->syncing || self->state == NULL)
    return;
  g_signal_emit (self, signals[SELECT_TOGGLED], 0, gtk_check_button_get_active (self->select_button));
}

static void
fb_request_row_dispose (GObject *object)
{
  FbRequestRow *self = FB_REQUEST_ROW (object);

  fb_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_REQUEST_ROW);
  g_clear_pointer (&self->state, fb_request_state_unref);

  G_OBJECT_CLASS (fb_request_row_parent_class)->dispose (object);
}

static void
fb_request_row_class_init (FbRequestRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_request_row_dispose;

  /**
   * FbRequestRow::decide:
   * @decision: an FbDecision
   * @reason: (nullable): the reason typed, stripped
   */
  signals[DECIDE] = g_signal_new ("decide", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_STRING);
  signals[SELECT_TOGGLED] = g_signal_new ("select-toggled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/floorboard/Floorboard/ui/fb-request-row.ui");
  gtk_widget_class_bind_template_child (widget_class, FbRequestRow, select_button);
  gtk_widget_class_bind_template_child (widget_class, FbRequestRow, type_label);
  gtk_widget_class_bind_template_child (widget_class, FbRequestRow, who_label);
  gtk_widget_class_bind_template_child (widget_class, FbRequestRow, team_label);
  gtk_widget_class_bind_template_child (widget_class, FbRequestRow, dates_label);
  gtk_widget_class_bind_template_child (widget_class, FbRequestRow, days_label);
  gtk_widget_class_bind_template_child (widget_class, FbRequestRow, submitted_label);
  gtk_widget_class_bind_template_child (widget_class, FbRequestRow, reason_label);
  gtk_widget_class_bind_template_child (widget_class, FbRequestRow, checks_box);
  gtk_widget_class_bind_template_child (widget_class, FbRequestRow, status_box);
  gtk_widget_class_bind_template_child (widget_class, FbRequestRow, status_icon);
  gtk_widget_class_bind_template_child (widget_class, FbRequestRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, FbRequestRow, actions_box);
  gtk_widget_class_bind_template_child (widget_class, FbRequestRow, approve_button);
  gtk_widget_class_bind_template_child (widget_class, FbRequestRow, reject_button);
  gtk_widget_class_bind_template_child (widget_class, FbRequestRow, refusal_label);
  gtk_widget_class_bind_template_child (widget_class, FbRequestRow, popover);
  gtk_widget_class_bind_template_child (widget_class, FbRequestRow, popover_title);
  gtk_widget_class_bind_template_child (widget_class, FbRequestRow, reason_entry);
  gtk_widget_class_bind_template_child (widget_class, FbRequestRow, confirm_button);
  gtk_widget_class_bind_template_callback (widget_class, reason_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, reason_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, select_toggled_cb);

  gtk_widget_class_install_action (widget_class, "request.approve", NULL, approve_action);
  gtk_widget_class_install_action (widget_class, "request.reject", NULL, reject_action);
  gtk_widget_class_install_action (widget_class, "request.confirm", NULL, confirm_action);
  gtk_widget_class_install_action (widget_class, "request.cancel-reason", NULL, cancel_reason_action);

  gtk_widget_class_set_css_name (widget_class, "requestrow");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
fb_request_row_init (FbRequestRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_actions (self);
  update_confirm (self);
}

GtkWidget *
fb_request_row_new (void)
{
  return g_object_new (FB_TYPE_REQUEST_ROW, NULL);
}
