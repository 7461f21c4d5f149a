/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-escalation-detail.c
 *
 * Every action is decided by fb_escalation_check() for the signed-in
 * role, the same rules the server enforces, so a disabled button says the
 * server's reason before anyone clicks. A click writes through the sync
 * engine's outbox with the case as fb_escalation_apply() makes it, so the
 * change shows at once; the server's answer (or a refusal, which restores
 * the case) comes back through the cache like any other change.
 */
#define G_LOG_DOMAIN "floorboard"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "fb-client-escalations.h"
#include "fb-entity.h"
#include "fb-escalation-callback-dialog.h"
#include "fb-escalation-detail.h"
#include "fb-escalation-labels.h"
#include "fb-labels.h"
#include "fb-row.h"
#include "fb-sync-engine.h"
#include "fb-widget-utils.h"

#define N_ACTIONS 5

static const char * const action_names[N_ACTIONS] = {
  [FB_ESCALATION_ACTION_TAKE] = "escalation.take",
  [FB_ESCALATION_ACTION_ESCALATE] = "escalation.escalate",
  [FB_ESCALATION_ACTION_CALLBACK_ATTEMPT] = "escalation.callback",
  [FB_ESCALATION_ACTION_RESOLVE] = "escalation.resolve",
  [FB_ESCALATION_ACTION_CLOSE] = "escalation.close",
};

struct _FbEscalationDetail
{
  GtkWidget       parent_instance;

  GtkStack       *stack;
  GtkButton      *back_button;
  GtkLabel       *title_label;
  GtkLabel       *summary_label;
  GtkLabel       *badges_label;
  AdwActionRow   *customer_row;
  AdwActionRow   *raised_row;
  AdwActionRow   *owner_row;
  AdwActionRow   *attempts_row;
  AdwActionRow   *deadline_rows[3];  /* dispatch, response, callback */
  GtkLabel       *deadline_marks[3];
  GtkEntry       *note_entry;
  GtkWidget      *action_buttons[N_ACTIONS];
  GtkLabel       *reason_label;
  GtkLabel       *error_label;
  GtkListBox     *history_list;

  FbSyncEngine   *engine;
  GHashTable     *names;
  FbRow          *row;
  gint64          now;
  char           *reasons[N_ACTIONS];
  guint           busy;              /* writes being queued */
  GtkWidget      *dialog;            /* weak */
  GCancellable   *cancellable;
};

G_DEFINE_FINAL_TYPE (FbEscalationDetail, fb_escalation_detail, GTK_TYPE_WIDGET)

static const FbEscalation *
get_case (FbEscalationDetail *self)
{
  return self->row != NULL ? fb_row_get_entity (self->row) : NULL;
}

static int
get_role (FbEscalationDetail *self)
{
  return self->engine ? fb_enum_from_string (fb_role_values, fb_sync_engine_get_role (self->engine)) : -1;
}

static const char *
get_user_id (FbEscalationDetail *self)
{
  return self->engine ? fb_sync_engine_get_user_id (self->engine) : NULL;
}

static char *
refusal (FbEscalationDetail *self,
         FbEscalationAction  action)
{
  const FbEscalation *escalation = get_case (self);
  g_autoptr(GError) error = NULL;
  int role = get_role (self);

  if (escalation == NULL)
    return g_strdup (_("No case selected"));
  if (get_user_id (self) == NULL || role < 0)
    return g_strdup (_("Sign in to act on cases"));
  if (self->busy > 0)
    return g_strdup (_("Saving the last change…"));
  /* The outcome is chosen in the dialog; here only whether one may call. */
  if (!fb_escalation_check (escalation, role, action,
                            action == FB_ESCALATION_ACTION_CALLBACK_ATTEMPT ? 0 : -1, &error))
    return g_strdup (error->message);
  return NULL;
}

static void
update_actions (FbEscalationDetail *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const char *shared = NULL;
  gboolean all_same = TRUE;
  guint n_refused = 0;

  for (guint i = 0; i < N_ACTIONS; i++)
    {
      g_free (self->reasons[i]);
      self->reasons[i] = refusal (self, i);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), action_names[i], self->reasons[i] == NULL);
      gtk_widget_set_tooltip_text (self->action_buttons[i], self->reasons[i]);
      if (self->reasons[i] == NULL)
        continue;
      n_refused++;
      if (shared == NULL)
        shared = self->reasons[i];
      else if (g_strcmp0 (shared, self->reasons[i]) != 0)
        all_same = FALSE;
    }

  /* Said once when it is one reason for all, else per action. */
  if (n_refused == N_ACTIONS && all_same)
    g_string_append (text, shared);
  else
    for (guint i = 0; i < N_ACTIONS; i++)
      {
        if (self->reasons[i] == NULL)
          continue;
        if (text->len > 0)
          g_string_append_c (text, '\n');
        /* Translators: an action's name and why it is not possible now */
        g_string_append_printf (text, _("%s: %s"),
                                gtk_button_get_label (GTK_BUTTON (self->action_buttons[i])),
                                self->reasons[i]);
      }
  /* Buttons' labels carry mnemonics: the reason reads without them. */
  {
    g_autofree char *plain = NULL;
    g_auto(GStrv) parts = g_strsplit (text->str, "_", -1);

    plain = g_strjoinv ("", parts);
    gtk_label_set_text (self->reason_label, plain);
    gtk_widget_set_visible (GTK_WIDGET (self->reason_label), plain[0] != '\0');
  }
}

typedef enum { MARK_PENDING, MARK_MET, MARK_LATE, MARK_OVERDUE, MARK_MISSED } MarkKind;

static void
set_mark (GtkLabel   *label,
          MarkKind    kind,
          const char *text)
{
  static const char * const classes[] = { "dim-label", "success", "error", "error", "error" };

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (label), classes[i]);
  gtk_widget_add_css_class (GTK_WIDGET (label), classes[kind]);
  fb_label_set_text (label, text);
}

static void
update_deadline (FbEscalationDetail   *self,
                 FbEscalationDeadline  kind,
                 gint64                due,
                 gint64                done_at,
                 const char           *missed)
{
  AdwActionRow *row = self->deadline_rows[kind - 1];
  GtkLabel *mark = self->deadline_marks[kind - 1];
  g_autofree char *due_text = fb_labels_format_time (self->engine ? fb_sync_engine_get_center_clock (self->engine) : NULL, due);
  g_autofree char *subtitle = NULL;
  g_autofree char *text = NULL;

  /* Translators: %s is when a deadline falls due */
  subtitle = g_strdup_printf (_("Due %s"), due_text);
  adw_action_row_set_subtitle (row, subtitle);

  if (done_at > 0)
    {
      g_autofree char *at = fb_labels_format_time (self->engine ? fb_sync_engine_get_center_clock (self->engine) : NULL, done_at);

      if (done_at <= due)
        {
          /* Translators: a deadline met; %s is when */
          text = g_strdup_printf (_("✓ Met at %s"), at);
          set_mark (mark, MARK_MET, text);
        }
      else
        {
          /* Translators: a deadline met too late; %s is when */
          text = g_strdup_printf (_("✗ Late, at %s"), at);
          set_mark (mark, MARK_LATE, text);
        }
    }
  else if (missed != NULL)
    set_mark (mark, MARK_MISSED, missed);
  else if (self->now >= due)
    {
      g_autofree char *span = fb_escalation_labels_duration ((self->now - due) / 60);

      /* Translators: %s is a duration */
      text = g_strdup_printf (_("⚠ Overdue by %s"), span);
      set_mark (mark, MARK_OVERDUE, text);
    }
  else
    {
      g_autofree char *span = fb_escalation_labels_duration ((due - self->now + 59) / 60);

      /* Translators: %s is a duration */
      text = g_strdup_printf (_("In %s"), span);
      set_mark (mark, MARK_PENDING, text);
    }
}

void
fb_escalation_detail_update_time (FbEscalationDetail *self,
                                  gint64              now)
{
  const FbEscalation *escalation;
  const char *missed;

  g_return_if_fail (FB_IS_ESCALATION_DETAIL (self));

  self->now = now;
  if (!(escalation = get_case (self)))
    return;
  /* A finished case races nothing: what was not done is missed for good. */
  missed = escalation->status == FB_ESC_RESOLVED || escalation->status == FB_ESC_CLOSED ? _("✗ Missed") : NULL;
  update_deadline (self, FB_DEADLINE_DISPATCH, escalation->dispatch_due, escalation->dispatched_at, missed);
  update_deadline (self, FB_DEADLINE_RESPONSE, escalation->response_due, escalation->responded_at, missed);
  update_deadline (self, FB_DEADLINE_CALLBACK, escalation->callback_due, fb_escalation_labels_reached_at (escalation),
                   escalation->status == FB_ESC_CLOSED ? _("✗ Not reached") : NULL);
}

static GtkWidget *
history_row (FbEscalationDetail *self,
             JsonObject         *entry)
{
  const char *note = fb_json_member_string (entry, "note");
  const char *level = fb_json_member_string (entry, "level");
  const char *action = fb_json_member_string (entry, "action");
  g_autofree char *when = NULL;
  g_autofree char *what = NULL;
  GtkWidget *box, *texts, *label;
  gint64 at = 0;

  fb_timestamp_from_iso (fb_json_member_string (entry, "at"), &at);
  when = fb_labels_format_time (self->engine ? fb_sync_engine_get_center_clock (self->engine) : NULL, at);
  if (level != NULL && g_strcmp0 (action, "escalated") == 0)
    /* Translators: "Escalated → Supervisor" */
    what = g_strdup_printf (_("%s → %s"), fb_escalation_labels_action (action), fb_labels_for_value (level));
  else
    what = g_strdup (fb_escalation_labels_action (action));

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);

  label = gtk_label_new (when);
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_width_chars (GTK_LABEL (label), 12);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);

  texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (box), texts);

  label = gtk_label_new (NULL);
  {
    g_autofree char *line = g_strdup_printf ("%s · %s",
                                             fb_escalation_labels_person (self->names,
                                                                          fb_json_member_string (entry, "actor")),
                                             what);
    gtk_label_set_text (GTK_LABEL (label), line);
  }
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (texts), label);

  if (note != NULL && note[0] != '\0')
    {
      label = gtk_label_new (note);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_box_append (GTK_BOX (texts), label);
    }

  /* The row's text in one string, for tests and screen readers. */
  g_object_set_data_full (G_OBJECT (box), "fb-history-line",
                          g_strdup_printf ("%s\t%s\t%s\t%s", when,
                                           fb_escalation_labels_person (self->names,
                                                                        fb_json_member_string (entry, "actor")),
                                           what, note ? note : ""),
                          g_free);
  return box;
}

static void
update_history (FbEscalationDetail *self,
                const FbEscalation *escalation)
{
  guint n = escalation->history ? json_array_get_length (escalation->history) : 0;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->history_list))))
    gtk_list_box_remove (self->history_list, child);
  /* Newest first: what happened last is what a supervisor looks for. */
  for (guint i = n; i-- > 0;)
    {
      JsonNode *node = json_array_get_element (escalation->history, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        gtk_list_box_append (self->history_list, history_row (self, json_node_get_object (node)));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->history_list), n > 0);
}

static void
update (FbEscalationDetail *self)
{
  const FbEscalation *escalation = get_case (self);
  g_autofree char *customer = NULL;
  g_autofree char *raised = NULL;
  g_autofree char *badges = NULL;
  g_autofree char *attempts = NULL;
  gboolean wrong_number;
  guint n_attempts, n_failed;

  if (escalation == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      gtk_label_set_text (self->title_label, "");
      update_actions (self);
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "case");
  gtk_label_set_text (self->title_label, escalation->id);
  gtk_label_set_text (self->summary_label, escalation->summary);
  badges = g_strjoin (" · ",
                      fb_labels_for_value (fb_severity_values[escalation->severity]),
                      fb_labels_for_value (fb_category_values[escalation->category]),
                      fb_labels_for_value (fb_escalation_level_values[escalation->level]),
                      fb_labels_for_value (fb_escalation_status_values[escalation->status]),
                      NULL);
  gtk_label_set_text (self->badges_label, badges);

  customer = fb_escalation_labels_customer (escalation->customer_ref, escalation->customer_name);
  adw_action_row_set_subtitle (self->customer_row, customer);
  {
    g_autofree char *at = fb_labels_format_time (self->engine ? fb_sync_engine_get_center_clock (self->engine) : NULL, escalation->raised_at);

    /* Translators: who raised a case, and when */
    raised = g_strdup_printf (_("%s, %s"), fb_escalation_labels_person (self->names, escalation->raised_by), at);
  }
  adw_action_row_set_subtitle (self->raised_row, raised);
  adw_action_row_set_subtitle (self->owner_row, fb_escalation_labels_person (self->names, escalation->owner));

  n_attempts = escalation->callback_attempts ? json_array_get_length (escalation->callback_attempts) : 0;
  n_failed = fb_escalation_failed_attempts (escalation, &wrong_number);
  if (n_attempts == 0)
    attempts = g_strdup (_("None yet"));
  else if (wrong_number)
    /* Translators: callback attempts; the case may close on a wrong number */
    attempts = g_strdup_printf (ngettext ("%u attempt, a wrong number", "%u attempts, a wrong number", n_attempts),
                                n_attempts);
  else
    /* Translators: callback attempts, and how many of them failed */
    attempts = g_strdup_printf (ngettext ("%u attempt, %u failed", "%u attempts, %u failed", n_attempts),
                                n_attempts, n_failed);
  adw_action_row_set_subtitle (self->attempts_row, attempts);

  fb_escalation_detail_update_time (self, self->now);
  update_history (self, escalation);
  update_actions (self);
}

void
fb_escalation_detail_set_row (FbEscalationDetail *self,
                              FbRow              *row,
                              gint64              now)
{
  g_return_if_fail (FB_IS_ESCALATION_DETAIL (self));
  g_return_if_fail (row == NULL || FB_IS_ROW (row));

  /* Another case: what was typed for the last one does not belong here. */
  if (row == NULL || self->row == NULL || g_strcmp0 (fb_row_get_id (row), fb_row_get_id (self->row)) != 0)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->note_entry), "");
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
      if (self->dialog != NULL)
        gtk_window_destroy (GTK_WINDOW (self->dialog));
    }
  if (row == self->row && now == self->now)
    return;
  g_set_object (&self->row, row);
  self->now = now;
  update (self);
}

FbRow *
fb_escalation_detail_get_row (FbEscalationDetail *self)
{
  g_return_val_if_fail (FB_IS_ESCALATION_DETAIL (self), NULL);
  return self->row;
}

static void
submit_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FbEscalationDetail) self = user_data;
  g_autoptr(GError) error = NULL;

  self->busy--;
  if (!fb_client_act_on_escalation_finish (FB_SYNC_ENGINE (object), result, &error))
    {
      /* Disposed meanwhile: the write is kept, there is nothing to show. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* Kept in the window, not a toast: it is about this case. */
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
    }
  update_actions (self);
}

static void
submit (FbEscalationDetail *self,
        FbEscalationAction  action,
        int                 outcome,
        const char         *note)
{
  const FbEscalation *escalation = get_case (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) current = NULL;
  g_autoptr(JsonNode) optimistic = NULL;
  g_autofree char *reason = NULL;
  const char *user_id = get_user_id (self);

  /* Enabled actions were checked already; a stale click is checked again. */
  if ((reason = refusal (self, action)) != NULL ||
      (action == FB_ESCALATION_ACTION_CALLBACK_ATTEMPT &&
       !fb_escalation_check (escalation, get_role (self), action, outcome, &error)))
    {
      gtk_label_set_text (self->error_label, reason ? reason : error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  if (note != NULL && note[0] == '\0')
    note = NULL;

  current = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (current, fb_row_get_object (self->row));
  optimistic = fb_escalation_apply (current, action, user_id, outcome, note, g_get_real_time () / G_USEC_PER_SEC);
  g_return_if_fail (optimistic != NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->note_entry), "");
  self->busy++;
  update_actions (self);
  fb_client_act_on_escalation_async (self->engine, escalation->id, action, outcome, note,
                                     fb_row_get_version (self->row), optimistic,
                                     self->cancellable, submit_cb, g_object_ref (self));
}

static void
action_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *param)
{
  FbEscalationDetail *self = FB_ESCALATION_DETAIL (widget);

  for (guint i = 0; i < N_ACTIONS; i++)
    if (g_str_equal (action_name, action_names[i]))
      {
        submit (self, i, -1, gtk_editable_get_text (GTK_EDITABLE (self->note_entry)));
        return;
      }
}

static void
callback_save_cb (FbEscalationDetail *self,
                  int                 outcome,
                  const char         *note)
{
  submit (self, FB_ESCALATION_ACTION_CALLBACK_ATTEMPT, outcome, note);
}

static void
callback_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  FbEscalationDetail *self = FB_ESCALATION_DETAIL (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->row == NULL || self->dialog != NULL)
    return;
  self->dialog = fb_escalation_callback_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                    self->row, get_role (self));
  g_object_add_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
  /* The note typed on the page goes with the attempt unless changed. */
  fb_escalation_callback_dialog_set_note (FB_ESCALATION_CALLBACK_DIALOG (self->dialog),
                                          gtk_editable_get_text (GTK_EDITABLE (self->note_entry)));
  g_signal_connect_object (self->dialog, "save", G_CALLBACK (callback_save_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (self->dialog));
}

void
fb_escalation_detail_set_engine (FbEscalationDetail *self,
                                 FbSyncEngine       *engine)
{
  g_return_if_fail (FB_IS_ESCALATION_DETAIL (self));
  g_return_if_fail (engine == NULL || FB_IS_SYNC_ENGINE (engine));

  if (self->engine == engine)
    return;
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->engine, engine);
  /* Signing in (or out) changes the role, and so what is allowed. */
  if (engine != NULL)
    g_signal_connect_object (engine, "notify::state", G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  update_actions (self);
}

void
fb_escalation_detail_set_names (FbEscalationDetail *self,
                                GHashTable         *names)
{
  g_return_if_fail (FB_IS_ESCALATION_DETAIL (self));

  if (self->names == names)
    return;
  g_clear_pointer (&self->names, g_hash_table_unref);
  self->names = names ? g_hash_table_ref (names) : NULL;
  update (self);
}

void
fb_escalation_detail_set_show_back (FbEscalationDetail *self,
                                    gboolean            show_back)
{
  g_return_if_fail (FB_IS_ESCALATION_DETAIL (self));
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), show_back);
}

const char *
fb_escalation_detail_get_reason (FbEscalationDetail *self,
                                 FbEscalationAction  action)
{
  g_return_val_if_fail (FB_IS_ESCALATION_DETAIL (self), NULL);
  g_return_val_if_fail (action < N_ACTIONS, NULL);
  return self->reasons[action];
}

GtkWidget *
fb_escalation_detail_get_action_button (FbEscalationDetail *self,
                                        FbEscalationAction  action)
{
  g_return_val_if_fail (FB_IS_ESCALATION_DETAIL (self), NULL);
  g_return_val_if_fail (action < N_ACTIONS, NULL);
  return self->action_buttons[action];
}

const char *
fb_escalation_detail_get_customer (FbEscalationDetail *self)
{
  g_return_val_if_fail (FB_IS_ESCALATION_DETAIL (self), NULL);
  return adw_action_row_get_subtitle (self->customer_row);
}

const char *
fb_escalation_detail_get_deadline_mark (FbEscalationDetail   *self,
                                        FbEscalationDeadline  kind)
{
  g_return_val_if_fail (FB_IS_ESCALATION_DETAIL (self), NULL);
  g_return_val_if_fail (kind >= FB_DEADLINE_DISPATCH && kind <= FB_DEADLINE_CALLBACK, NULL);
  return gtk_label_get_text (self->deadline_marks[kind - 1]);
}

guint
fb_escalation_detail_get_n_history (FbEscalationDetail *self)
{
  guint n = 0;

  g_return_val_if_fail (FB_IS_ESCALATION_DETAIL (self), 0);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->history_list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

char *
fb_escalation_detail_dup_history_line (FbEscalationDetail *self,
                                       guint               index)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (FB_IS_ESCALATION_DETAIL (self), NULL);
  if (!(row = gtk_list_box_get_row_at_index (self->history_list, (int) index)))
    return NULL;
  return g_strdup (g_object_get_data (G_OBJECT (gtk_list_box_row_get_child (row)), "fb-history-line"));
}

GtkWidget *
fb_escalation_detail_get_callback_dialog (FbEscalationDetail *self)
{
  g_return_val_if_fail (FB_IS_ESCALATION_DETAIL (self), NULL);
  return self->dialog;
}

static void
fb_escalation_detail_dispose (GObject *object)
{
  FbEscalationDetail *self = FB_ESCALATION_DETAIL (object);

  g_cancellable_cancel (self->cancellable);
  if (self->dialog != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
      gtk_window_destroy (GTK_WINDOW (self->dialog));
      self->dialog = NULL;
    }
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  fb_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_ESCALATION_DETAIL);
  g_clear_object (&self->engine);
  g_clear_object (&self->row);
  g_clear_pointer (&self->names, g_hash_table_unref);

  G_OBJECT_CLASS (fb_escalation_detail_parent_class)->dispose (object);
}

static void
fb_escalation_detail_finalize (GObject *object)
{
  FbEscalationDetail *self = FB_ESCALATION_DETAIL (object);

  for (guint i = 0; i < N_ACTIONS; i++)
    g_free (self->reasons[i]);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (fb_escalation_detail_parent_class)->finalize (object);
}

static void
fb_escalation_detail_class_init (FbEscalationDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_escalation_detail_dispose;
  object_class->finalize = fb_escalation_detail_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/floorboard/Floorboard/ui/fb-escalation-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, FbEscalationDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, FbEscalationDetail, back_button);
  gtk_widget_class_bind_template_child (widget_class, FbEscalationDetail, title_label);
  gtk_widget_class_bind_template_child (widget_class, FbEscalationDetail, summary_label);
  gtk_widget_class_bind_template_child (widget_class, FbEscalationDetail, badges_label);
  gtk_widget_class_bind_template_child (widget_class, FbEscalationDetail, customer_row);
  gtk_widget_class_bind_template_child (widget_class, FbEscalationDetail, raised_row);
  gtk_widget_class_bind_template_child (widget_class, FbEscalationDetail, owner_row);
  gtk_widget_class_bind_template_child (widget_class, FbEscalationDetail, attempts_row);
  gtk_widget_class_bind_template_child_full (widget_class, "dispatch_row", FALSE,
                                             G_STRUCT_OFFSET (FbEscalationDetail, deadline_rows[0]));
  gtk_widget_class_bind_template_child_full (widget_class, "response_row", FALSE,
                                             G_STRUCT_OFFSET (FbEscalationDetail, deadline_rows[1]));
  gtk_widget_class_bind_template_child_full (widget_class, "callback_row", FALSE,
                                             G_STRUCT_OFFSET (FbEscalationDetail, deadline_rows[2]));
  gtk_widget_class_bind_template_child_full (widget_class, "dispatch_mark", FALSE,
                                             G_STRUCT_OFFSET (FbEscalationDetail, deadline_marks[0]));
  gtk_widget_class_bind_template_child_full (widget_class, "response_mark", FALSE,
                                             G_STRUCT_OFFSET (FbEscalationDetail, deadline_marks[1]));
  gtk_widget_class_bind_template_child_full (widget_class, "callback_mark", FALSE,
                                             G_STRUCT_OFFSET (FbEscalationDetail, deadline_marks[2]));
  gtk_widget_class_bind_template_child (widget_class, FbEscalationDetail, note_entry);
  gtk_widget_class_bind_template_child_full (widget_class, "take_button", FALSE,
                                             G_STRUCT_OFFSET (FbEscalationDetail, action_buttons[FB_ESCALATION_ACTION_TAKE]));
  gtk_widget_class_bind_template_child_full (widget_class, "escalate_button", FALSE,
                                             G_STRUCT_OFFSET (FbEscalationDetail, action_buttons[FB_ESCALATION_ACTION_ESCALATE]));
  gtk_widget_class_bind_template_child_full (widget_class, "callback_button", FALSE,
                                             G_STRUCT_OFFSET (FbEscalationDetail, action_buttons[FB_ESCALATION_ACTION_CALLBACK_ATTEMPT]));
  gtk_widget_class_bind_template_child_full (widget_class, "resolve_button", FALSE,
                                             G_STRUCT_OFFSET (FbEscalationDetail, action_buttons[FB_ESCALATION_ACTION_RESOLVE]));
  gtk_widget_class_bind_template_child_full (widget_class, "close_button", FALSE,
                                             G_STRUCT_OFFSET (FbEscalationDetail, action_buttons[FB_ESCALATION_ACTION_CLOSE]));
  gtk_widget_class_bind_template_child (widget_class, FbEscalationDetail, reason_label);
  gtk_widget_class_bind_template_child (widget_class, FbEscalationDetail, error_label);
  gtk_widget_class_bind_template_child (widget_class, FbEscalationDetail, history_list);

  gtk_widget_class_install_action (widget_class, "escalation.take", NULL, action_cb);
  gtk_widget_class_install_action (widget_class, "escalation.escalate", NULL, action_cb);
  gtk_widget_class_install_action (widget_class, "escalation.callback", NULL, callback_action);
  gtk_widget_class_install_action (widget_class, "escalation.resolve", NULL, action_cb);
  gtk_widget_class_install_action (widget_class, "escalation.close", NULL, action_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "escalationdetail");
}

static void
fb_escalation_detail_init (FbEscalationDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->now = g_get_real_time () / G_USEC_PER_SEC;
  update (self);
}

GtkWidget *
fb_escalation_detail_new (void)
{
  return g_object_new (FB_TYPE_ESCALATION_DETAIL, NULL);
}
