/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-qa-dialog.c
 *
 * The form is checked on every change; Save is enabled only when it is
 * complete, and the first problem is said under the form. The agents are
 * read once when the dialog opens: their live states change every second
 * and must not move the chosen agent.
 */
#define G_LOG_DOMAIN "floorboard"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "fb-agent-picker.h"
#include "fb-client-qa.h"
#include "fb-entity.h"
#include "fb-labels.h"
#include "fb-qa-dialog.h"
#include "fb-qa-stats.h"
#include "fb-quality-page.h"
#include "fb-row.h"
#include "fb-sync-engine.h"

struct _FbQaDialog
{
  AdwWindow      parent_instance;

  FbAgentPicker *agent_picker;
  AdwEntryRow   *call_ref_row;
  AdwEntryRow   *score_service_language;
  AdwEntryRow   *score_attitude;
  AdwEntryRow   *score_tone;
  AdwEntryRow   *score_need_elicitation;
  AdwEntryRow   *score_handling;
  AdwEntryRow   *comment_row;
  AdwActionRow  *total_row;
  GtkLabel      *total_label;
  GtkLabel      *problem_label;
  GtkLabel      *error_label;
  GtkWidget     *save_button;

  AdwEntryRow   *score_rows[FB_QA_N_CRITERIA];
  FbSyncEngine  *engine;
  GPtrArray     *agent_ids;    /* in the picker's order */
  double         weights[FB_QA_N_CRITERIA];
  JsonNode      *weights_node; /* the newest cached weights, NULL: equal */
  char          *weights_text;
  char          *problem;
  char          *error;
  double         preview;
  gboolean       busy;
};

G_DEFINE_FINAL_TYPE (FbQaDialog, fb_qa_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The score in @text: a whole number 0..100, nothing else. */
static gboolean
parse_score (const char *text,
             gint64     *score)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  return trimmed[0] != '\0' &&
         g_ascii_string_to_signed (trimmed, 10, 0, 100, score, NULL);
}

static void
validate (FbQaDialog *self)
{
  g_autofree char *call_ref = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->call_ref_row))));
  const char *comment = gtk_editable_get_text (GTK_EDITABLE (self->comment_row));
  double scores[FB_QA_N_CRITERIA];
  gboolean all_scores = TRUE;
  char *problem = NULL;

  /* The total first: it shows as soon as the scores are there. */
  for (guint c = 0; c < FB_QA_N_CRITERIA; c++)
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (self->score_rows[c]));
      gint64 score;

      if (parse_score (text, &score))
        {
          scores[c] = score;
          gtk_widget_remove_css_class (GTK_WIDGET (self->score_rows[c]), "error");
          continue;
        }
      all_scores = FALSE;
      if (text[0] != '\0')
        gtk_widget_add_css_class (GTK_WIDGET (self->score_rows[c]), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->score_rows[c]), "error");
      if (problem == NULL)
        problem = text[0] == '\0'
          /* Translators: %s is a QA criterion ("Attitude") */
          ? g_strdup_printf (_("Enter the score for %s."), fb_quality_page_criterion_label (c))
          /* Translators: %s is a QA criterion ("Attitude") */
          : g_strdup_printf (_("The score for %s must be a whole number from 0 to 100."),
                             fb_quality_page_criterion_label (c));
    }
  self->preview = all_scores ? fb_qa_weighted_total (scores, self->weights) : NAN;
  {
    g_autofree char *total = isnan (self->preview) ? g_strdup ("–") : g_strdup_printf ("%.1f", self->preview);
    gtk_label_set_text (self->total_label, total);
  }

  if (g_utf8_strlen (call_ref, -1) > FB_QA_MAX_CALL_REF_CHARS)
    gtk_widget_add_css_class (GTK_WIDGET (self->call_ref_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->call_ref_row), "error");
  if (g_utf8_strlen (comment, -1) > FB_QA_MAX_COMMENT_CHARS)
    gtk_widget_add_css_class (GTK_WIDGET (self->comment_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->comment_row), "error");

  /* The first problem in the form's order. */
  {
    g_autofree char *score_problem = problem;

    problem = NULL;
    if (self->engine == NULL || fb_sync_engine_get_user_id (self->engine) == NULL)
      problem = g_strdup (_("Sign in to record evaluations."));
    else if (fb_agent_picker_get_selected (self->agent_picker) == GTK_INVALID_LIST_POSITION)
      problem = g_strdup (_("Choose the agent evaluated."));
    else if (call_ref[0] == '\0')
      problem = g_strdup (_("Enter the call reference."));
    else if (g_utf8_strlen (call_ref, -1) > FB_QA_MAX_CALL_REF_CHARS)
      /* Translators: %d is the most characters allowed */
      problem = g_strdup_printf (_("The call reference is longer than %d characters."), FB_QA_MAX_CALL_REF_CHARS);
    else if (score_problem != NULL)
      problem = g_steal_pointer (&score_problem);
    else if (g_utf8_strlen (comment, -1) > FB_QA_MAX_COMMENT_CHARS)
      /* Translators: %d is the most characters allowed */
      problem = g_strdup_printf (_("The comment is longer than %d characters."), FB_QA_MAX_COMMENT_CHARS);
  }

  g_free (self->problem);
  self->problem = problem;
  gtk_label_set_text (self->problem_label, problem ?: "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem != NULL);
  /* Said where the click would go, too. */
  gtk_widget_set_tooltip_text (self->save_button, problem);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "qa.save", problem == NULL && !self->busy);
}

static void
field_changed_cb (FbQaDialog *self)
{
  validate (self);
}

static void
show_error (FbQaDialog *self,
            const char *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message ?: "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* The scores as typed, by criterion (fb_qa_criterion_keys). */
static void
read_scores (FbQaDialog *self,
             gint64      scores[FB_QA_N_CRITERIA])
{
  for (guint c = 0; c < FB_QA_N_CRITERIA; c++)
    {
      scores[c] = 0;
      parse_score (gtk_editable_get_text (GTK_EDITABLE (self->score_rows[c])), &scores[c]);
    }
}

/* The chosen agent as the picker names them, NULL when none is. */
static const char *
agent_label (FbQaDialog *self)
{
  return fb_agent_picker_get_selected_label (self->agent_picker);
}

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(FbQaDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  self->busy = FALSE;
  if (!fb_client_add_qa_evaluation_finish (FB_SYNC_ENGINE (object), result, &error))
    {
      /* Everything typed stays, to try again. */
      show_error (self, error->message);
      validate (self);
      return;
    }
  /* The window closes: whoever opened it says it was saved. */
  g_signal_emit (self, signals[SAVED], 0, agent_label (self));
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  FbQaDialog *self = FB_QA_DIALOG (widget);
  g_autofree char *call_ref = NULL;
  gint64 scores[FB_QA_N_CRITERIA];
  const char *comment, *agent_id;

  validate (self);
  if (self->problem != NULL || self->busy)
    return;

  agent_id = g_ptr_array_index (self->agent_ids, fb_agent_picker_get_selected (self->agent_picker));
  call_ref = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->call_ref_row))));
  comment = gtk_editable_get_text (GTK_EDITABLE (self->comment_row));

  read_scores (self, scores);

  self->busy = TRUE;
  show_error (self, NULL);
  validate (self);
  fb_client_add_qa_evaluation_async (self->engine, agent_id, call_ref, scores, comment,
                                     round (self->preview * 10) / 10, self->weights_node,
                                     NULL, save_cb, g_object_ref (self));
}

/* The weights of the newest evaluation that says which it was given. */
static void
find_weights (FbQaDialog *self,
              GListModel *evaluations)
{
  const FbQaEvaluation *newest = NULL;
  g_autoptr(FbRow) newest_row = NULL;
  guint n = g_list_model_get_n_items (evaluations);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbRow) row = g_list_model_get_item (evaluations, i);
      const FbQaEvaluation *qa = fb_row_get_entity (row);
      double unused[FB_QA_N_CRITERIA];

      if (qa->weights == NULL || (newest != NULL && qa->evaluated_at <= newest->evaluated_at) ||
          !fb_qa_weights_parse (qa->weights, unused))
        continue;
      newest = qa;
      g_set_object (&newest_row, row);
    }

  if (newest == NULL)
    {
      fb_qa_weights_parse (NULL, self->weights);
      self->weights_text = g_strdup (_("Equal weights: no evaluation in the cache says which weights the server uses."));
    }
  else
    {
      g_autoptr(GString) list = g_string_new (NULL);
      g_autofree char *when = fb_labels_format_time (self->engine ? fb_sync_engine_get_center_clock (self->engine) : NULL, newest->evaluated_at);

      fb_qa_weights_parse (newest->weights, self->weights);
      self->weights_node = json_node_copy (newest->weights);
      for (guint c = 0; c < FB_QA_N_CRITERIA; c++)
        g_string_append_printf (list, "%s%s %.0f %%", c ? ", " : "",
                                fb_quality_page_criterion_label (c), self->weights[c] * 100);
      /* Translators: %s is a date and time, then the list of weights */
      self->weights_text = g_strdup_printf (_("Weights of the newest evaluation (%s): %s"), when, list->str);
    }
  adw_action_row_set_subtitle (self->total_row, self->weights_text);
}

typedef struct
{
  char *id;
  char *label;
  char *key;
} AgentChoice;

static int
compare_choices (gconstpointer a,
                 gconstpointer b)
{
  const AgentChoice *ca = a, *cb = b;

  return strcmp (ca->key, cb->key);
}

static void
fill_agents (FbQaDialog *self,
             GListModel *agents)
{
  guint n = g_list_model_get_n_items (agents);
  g_autoptr(GArray) choices = g_array_sized_new (FALSE, FALSE, sizeof (AgentChoice), n);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbRow) row = g_list_model_get_item (agents, i);
      const FbAgent *agent = fb_row_get_entity (row);
      AgentChoice choice;

      choice.id = g_strdup (agent->id);
      /* Names repeat on a big floor: the employee number tells them apart. */
      choice.label = agent->employee_no ? g_strdup_printf ("%s (%s)", agent->name, agent->employee_no)
                                        : g_strdup (agent->name);
      choice.key = g_utf8_collate_key (choice.label, -1);
      g_array_append_val (choices, choice);
    }
  g_array_sort (choices, compare_choices);
  for (guint i = 0; i < choices->len; i++)
    {
      AgentChoice *choice = &g_array_index (choices, AgentChoice, i);

      gtk_string_list_append (labels, choice->label);
      g_ptr_array_add (self->agent_ids, g_steal_pointer (&choice->id));
      g_free (choice->label);
      g_free (choice->key);
    }

  fb_agent_picker_set_model (self->agent_picker, G_LIST_MODEL (labels));
}

void
fb_qa_dialog_select_agent (FbQaDialog *self,
                           const char *agent_id)
{
  guint position = GTK_INVALID_LIST_POSITION;

  g_return_if_fail (FB_IS_QA_DIALOG (self));

  for (guint i = 0; agent_id != NULL && i < self->agent_ids->len; i++)
    if (g_str_equal (g_ptr_array_index (self->agent_ids, i), agent_id))
      position = i;
  fb_agent_picker_set_selected (self->agent_picker, position);
  validate (self);
}

void
fb_qa_dialog_fill (FbQaDialog         *self,
                   const char         *agent_id,
                   const char         *call_ref,
                   const char * const *scores,
                   const char         *comment)
{
  g_return_if_fail (FB_IS_QA_DIALOG (self));

  if (agent_id != NULL)
    fb_qa_dialog_select_agent (self, agent_id);
  if (call_ref != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->call_ref_row), call_ref);
  for (guint c = 0; scores != NULL && c < FB_QA_N_CRITERIA; c++)
    if (scores[c] != NULL)
      gtk_editable_set_text (GTK_EDITABLE (self->score_rows[c]), scores[c]);
  if (comment != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->comment_row), comment);
  validate (self);
}

const char *
fb_qa_dialog_get_problem (FbQaDialog *self)
{
  g_return_val_if_fail (FB_IS_QA_DIALOG (self), NULL);
  return self->problem;
}

double
fb_qa_dialog_get_preview (FbQaDialog *self)
{
  g_return_val_if_fail (FB_IS_QA_DIALOG (self), NAN);
  return self->preview;
}

const char *
fb_qa_dialog_get_weights_text (FbQaDialog *self)
{
  g_return_val_if_fail (FB_IS_QA_DIALOG (self), NULL);
  return self->weights_text;
}

const char *
fb_qa_dialog_get_error (FbQaDialog *self)
{
  g_return_val_if_fail (FB_IS_QA_DIALOG (self), NULL);
  return self->error;
}

static void
fb_qa_dialog_dispose (GObject *object)
{
  FbQaDialog *self = (FbQaDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_QA_DIALOG);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (fb_qa_dialog_parent_class)->dispose (object);
}

static void
fb_qa_dialog_finalize (GObject *object)
{
  FbQaDialog *self = (FbQaDialog *)object;

  g_clear_pointer (&self->agent_ids, g_ptr_array_unref);
  g_clear_pointer (&self->weights_node, json_node_unref);
  g_free (self->weights_text);
  g_free (self->problem);
  g_free (self->error);

  G_OBJECT_CLASS (fb_qa_dialog_parent_class)->finalize (object);
}

static void
fb_qa_dialog_class_init (FbQaDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_qa_dialog_dispose;
  object_class->finalize = fb_qa_dialog_finalize;

  /**
   * FbQaDialog::saved:
   * @agent: the agent evaluated, as the dialog names them
   *
   * The evaluation is in the outbox (and shown); the dialog closes next.
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (FB_TYPE_AGENT_PICKER);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/floorboard/Floorboard/ui/fb-qa-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FbQaDialog, agent_picker);
  gtk_widget_class_bind_template_child (widget_class, FbQaDialog, call_ref_row);
  gtk_widget_class_bind_template_child (widget_class, FbQaDialog, score_service_language);
  gtk_widget_class_bind_template_child (widget_class, FbQaDialog, score_attitude);
  gtk_widget_class_bind_template_child (widget_class, FbQaDialog, score_tone);
  gtk_widget_class_bind_template_child (widget_class, FbQaDialog, score_need_elicitation);
  gtk_widget_class_bind_template_child (widget_class, FbQaDialog, score_handling);
  gtk_widget_class_bind_template_child (widget_class, FbQaDialog, comment_row);
  gtk_widget_class_bind_template_child (widget_class, FbQaDialog, total_row);
  gtk_widget_class_bind_template_child (widget_class, FbQaDialog, total_label);
  gtk_widget_class_bind_template_child (widget_class, FbQaDialog, problem_label);
  gtk_widget_class_bind_template_child (widget_class, FbQaDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, FbQaDialog, save_button);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);

  gtk_widget_class_install_action (widget_class, "qa.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
fb_qa_dialog_init (FbQaDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->score_rows[FB_QA_SERVICE_LANGUAGE] = self->score_service_language;
  self->score_rows[FB_QA_ATTITUDE] = self->score_attitude;
  self->score_rows[FB_QA_TONE] = self->score_tone;
  self->score_rows[FB_QA_NEED_ELICITATION] = self->score_need_elicitation;
  self->score_rows[FB_QA_HANDLING] = self->score_handling;
  self->agent_ids = g_ptr_array_new_with_free_func (g_free);
  self->preview = NAN;
  g_signal_connect_object (self->agent_picker, "notify::selected", G_CALLBACK (field_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

FbQaDialog *
fb_qa_dialog_new (GtkWindow    *parent,
                  FbSyncEngine *engine,
                  GListModel   *agents,
                  GListModel   *evaluations)
{
  FbQaDialog *self;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (FB_IS_SYNC_ENGINE (engine), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (agents), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (evaluations), NULL);

  self = g_object_new (FB_TYPE_QA_DIALOG, "transient-for", parent, NULL);
  self->engine = g_object_ref (engine);
  fill_agents (self, agents);
  find_weights (self, evaluations);
  validate (self);
  return self;
}
