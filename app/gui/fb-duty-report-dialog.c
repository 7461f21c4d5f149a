/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-duty-report-dialog.c
 *
 * One report per date and shift (id duty-DATE-SHIFT). The form shows the
 * cached report with the local draft over it: the draft is what was typed
 * and not yet submitted, kept in the cache's drafts table half a second
 * after the last keystroke and when the dialog closes, so a crash or a
 * kill loses nothing. Save Draft PUTs the report through the outbox;
 * Submit PUTs it with "submit": true (one write), then drops the draft.
 */
#define G_LOG_DOMAIN "floorboard"

#include <glib/gi18n.h>
#include <string.h>

#include "fb-client-duty-reports.h"
#include "fb-duty-report-dialog.h"
#include "fb-duty-report-dialog-private.h"
#include "fb-duty-rules.h"
#include "fb-shift-figures.h"
#include "fb-entity.h"
#include "fb-labels.h"
#include "fb-store.h"
#include "fb-sync-engine.h"

#define DRAFT_DELAY_MS 500

enum
{
  TEXT_SYSTEM_PROBLEMS,
  TEXT_ISSUE_SUMMARY,
  TEXT_WORKLOAD,
  TEXT_EQUIPMENT_STATUS,
  TEXT_DIFFICULT_CASES,
  TEXT_STAFFING_CHANGES,
  TEXT_HANDOVER_NOTES,
  N_TEXTS
};

typedef struct
{
  const char *key;
  const char *label;     /* N_(), for "too long" */
  const char *missing;   /* N_(), why Submit waits; NULL: optional */
} TextField;

static const TextField text_fields[N_TEXTS] = {
  { "system_problems", N_("System problems"), NULL },
  { "issue_summary", N_("Summary of issues"),
    N_("Write the summary of issues: a report is not submitted without it.") },
  { "workload", N_("Workload"),
    N_("Describe the workload: a report is not submitted without it.") },
  { "equipment_status", N_("Equipment status"), NULL },
  { "difficult_cases", N_("Difficult cases"), NULL },
  { "staffing_changes", N_("Staffing changes"), NULL },
  { "handover_notes", N_("Handover notes"),
    N_("Write the handover notes: a report is not submitted without them.") },
};

enum { COUNT_CONSULTATIONS, COUNT_INQUIRIES, COUNT_COMPLAINTS, N_COUNTS };
static const char * const count_keys[N_COUNTS] = { "consultations", "inquiries", "complaints" };

typedef enum { FIGURE_COUNT, FIGURE_PERCENT, FIGURE_DURATION } FigureKind;

typedef struct
{
  const char *key;
  const char *title;     /* N_() */
  FigureKind  kind;
} Figure;

/* The figures, in the order a director reads them. */
static const Figure figures[] = {
  { "offered", N_("Calls offered"), FIGURE_COUNT },
  { "answered", N_("Calls answered"), FIGURE_COUNT },
  { "abandoned", N_("Calls abandoned"), FIGURE_COUNT },
  { "service_level", N_("Service level"), FIGURE_PERCENT },
  { "asa_s", N_("Average speed of answer"), FIGURE_DURATION },
  { "escalations_opened", N_("Escalations opened"), FIGURE_COUNT },
  { "escalations_closed", N_("Escalations closed"), FIGURE_COUNT },
  { "escalations_overdue", N_("Escalations overdue"), FIGURE_COUNT },
  { "callbacks_done", N_("Callbacks done"), FIGURE_COUNT },
  { "on_leave", N_("Agents on leave"), FIGURE_COUNT },
  { "late_over_20", N_("Late over 20 minutes"), FIGURE_COUNT },
  { "swaps", N_("Shift swaps"), FIGURE_COUNT },
};
#define N_FIGURES G_N_ELEMENTS (figures)

struct _FbDutyReportDialog
{
  AdwWindow            parent_instance;

  GtkLabel            *read_only_label;
  AdwEntryRow         *date_row;
  AdwActionRow        *shift_label_row;
  AdwActionRow        *shift_row;
  GtkDropDown         *shift_dropdown;
  AdwActionRow        *status_row;
  GtkLabel            *draft_label;
  AdwPreferencesGroup *figures_group;
  GtkSpinButton       *spin_consultations;
  GtkSpinButton       *spin_inquiries;
  GtkSpinButton       *spin_complaints;
  GtkTextView         *text_system_problems;
  GtkTextView         *text_issue_summary;
  GtkTextView         *text_workload;
  GtkTextView         *text_equipment_status;
  GtkTextView         *text_difficult_cases;
  GtkTextView         *text_staffing_changes;
  GtkTextView         *text_handover_notes;
  GtkLabel            *problem_label;
  GtkLabel            *error_label;
  GtkWidget           *save_button;
  GtkWidget           *submit_button;
  GtkWidget           *review_button;

  GtkTextView         *texts[N_TEXTS];
  GtkSpinButton       *spins[N_COUNTS];
  GtkLabel            *figure_labels[N_FIGURES];

  FbSyncEngine        *engine;
  FbStore             *store;
  GHashTable          *names;
  char                *date;     /* the shift shown */
  FbShift              shift;
  char                *id;
  JsonObject          *row;      /* its cached report, NULL if none */
  gint64               row_version;
  gboolean             pending;  /* a write of the report waits in the outbox */
  gint64               refused_version; /* the row's version when the server refused, -1: none shown */
  FbUser              *user;     /* the signed-in user, NULL when unknown */
  FbRoster            *roster;   /* who is on duty when, from the cache */
  gboolean             new_report; /* no report, no draft: counts come from the figures */
  gboolean             counts_typed; /* a count was typed: the figures no longer fill them */
  JsonNode            *figures;
  GCancellable        *figures_cancellable;  /* the figures worked out from the cache */
  char                *problem;  /* why Submit is disabled */
  char                *read_only_reason;
  char                *error;
  char                *draft_note;
  guint                draft_source;
  gboolean             dirty;    /* typed since the draft was written */
  gboolean             loading;  /* filling the form: not typing */
  gboolean             busy;
  gboolean             submitting; /* the PUT under way is Submit's */
};

G_DEFINE_FINAL_TYPE (FbDutyReportDialog, fb_duty_report_dialog, ADW_TYPE_WINDOW)

static void validate (FbDutyReportDialog *self);
static void field_changed_cb (FbDutyReportDialog *self);
static void show_error (FbDutyReportDialog *self,
                        const char         *message);

/* The form ---------------------------------------------------------------- */

static char *
dup_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static gboolean
read_only (FbDutyReportDialog *self)
{
  return self->read_only_reason != NULL;
}

/* The form as the draft keeps it and the PUT sends it. */
static JsonObject *
form_object (FbDutyReportDialog *self)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "date", self->date);
  json_object_set_string_member (object, "shift", fb_shift_values[self->shift]);
  for (guint i = 0; i < N_TEXTS; i++)
    {
      g_autofree char *text = dup_text (self->texts[i]);

      json_object_set_string_member (object, text_fields[i].key, text);
    }
  for (guint i = 0; i < N_COUNTS; i++)
    json_object_set_int_member (object, count_keys[i], gtk_spin_button_get_value_as_int (self->spins[i]));
  return object;
}

static void
show_error (FbDutyReportDialog *self,
            const char         *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message ?: "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
set_draft_note (FbDutyReportDialog *self,
                char               *note)
{
  g_free (self->draft_note);
  self->draft_note = note;
  gtk_label_set_text (self->draft_label, note ?: "");
  gtk_widget_set_visible (GTK_WIDGET (self->draft_label), note != NULL);
}

static void
write_draft (FbDutyReportDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;

  g_clear_handle_id (&self->draft_source, g_source_remove);
  if (!self->dirty || self->store == NULL || self->id == NULL)
    return;
  node = json_node_init_object (json_node_alloc (), form_object (self));
  json_object_unref (json_node_get_object (node));
  /* The version it was typed over: says later whether the report moved on. */
  json_object_set_int_member (json_node_get_object (node), "base_version", self->row_version);
  json = json_to_string (node, FALSE);
  if (!fb_store_put_draft (self->store, self->id, json, &error))
    {
      /* Typing goes on; the next pause tries again. */
      g_autofree char *message = g_strdup_printf (_("The draft could not be kept on this computer: %s"),
                                                  error->message);
      show_error (self, message);
      return;
    }
  self->dirty = FALSE;
}

static gboolean
draft_timeout_cb (gpointer data)
{
  FbDutyReportDialog *self = data;

  self->draft_source = 0;
  write_draft (self);
  return G_SOURCE_REMOVE;
}

static void
field_changed_cb (FbDutyReportDialog *self)
{
  if (self->loading)
    return;
  if (!read_only (self))
    {
      /* One timer, restarted by each keystroke: none runs while idle. */
      self->dirty = TRUE;
      g_clear_handle_id (&self->draft_source, g_source_remove);
      self->draft_source = g_timeout_add (DRAFT_DELAY_MS, draft_timeout_cb, self);
    }
  validate (self);
}

/* A count typed by the user: the shift's figures no longer fill them in. */
static void
count_changed_cb (FbDutyReportDialog *self)
{
  if (!self->loading)
    self->counts_typed = TRUE;
  field_changed_cb (self);
}

/* A new report starts from what the figures say of the shift's calls;
 * a report or a draft keeps what was written (fb-shift-figures.h). */
static void
prefill_counts (FbDutyReportDialog *self)
{
  gint64 counts[N_COUNTS];

  if (!self->new_report || self->counts_typed || self->figures == NULL ||
      !JSON_NODE_HOLDS_OBJECT (self->figures) ||
      !fb_shift_figures_report_counts (json_node_get_object (self->figures), &counts[COUNT_CONSULTATIONS],
                                       &counts[COUNT_INQUIRIES], &counts[COUNT_COMPLAINTS]))
    return;
  self->loading = TRUE;
  for (guint i = 0; i < N_COUNTS; i++)
    gtk_spin_button_set_value (self->spins[i], CLAMP (counts[i], 0, 1000000));
  self->loading = FALSE;
}

static void
update_figures (FbDutyReportDialog *self)
{
  JsonObject *object = self->figures && JSON_NODE_HOLDS_OBJECT (self->figures)
                       ? json_node_get_object (self->figures) : NULL;

  for (guint i = 0; i < N_FIGURES; i++)
    {
      JsonNode *member = object ? json_object_get_member (object, figures[i].key) : NULL;
      g_autofree char *text = NULL;

      if (member != NULL && JSON_NODE_HOLDS_VALUE (member) &&
          (json_node_get_value_type (member) == G_TYPE_INT64 ||
           json_node_get_value_type (member) == G_TYPE_DOUBLE))
        {
          double value = json_node_get_double (member);

          switch (figures[i].kind)
            {
            case FIGURE_PERCENT:
              text = fb_labels_format_percent (value);
              break;
            case FIGURE_DURATION:
              text = fb_labels_format_duration (value);
              break;
            case FIGURE_COUNT:
            default:
              text = g_strdup_printf ("%'" G_GINT64_FORMAT, (gint64) value);
              break;
            }
        }
      gtk_label_set_text (self->figure_labels[i], text ?: "–");
    }
  adw_preferences_group_set_description (self->figures_group,
                                         object == NULL
                                         ? _("Not available yet: the cache holds no figures for this shift.")
                                         : _("Read-only: what the cache holds for this shift."));
}

/* The figures the report was saved with, shown at once; a draft's are
 * then worked out from the cache (compute_figures). */
static JsonNode *
shift_figures (FbDutyReportDialog *self)
{
  JsonNode *saved = self->row ? json_object_get_member (self->row, "figures") : NULL;

  return saved && JSON_NODE_HOLDS_OBJECT (saved) ? json_node_copy (saved) : NULL;
}

/* Whose figures are being worked out, and for which report. */
typedef struct
{
  FbDutyReportDialog *self;
  char               *id;
} FiguresWait;

static void
figures_wait_free (FiguresWait *wait)
{
  g_object_unref (wait->self);
  g_free (wait->id);
  g_free (wait);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FiguresWait, figures_wait_free)

static void
figures_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(FiguresWait) wait = user_data;
  g_autoptr(GError) error = NULL;
  JsonNode *computed = fb_duty_report_figures_finish (FB_STORE (object), result, &error);
  FbDutyReportDialog *self = wait->self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (computed == NULL)
    {
      /* No team on that shift, or the cache unreadable: the saved figures stay. */
      g_debug ("No figures for %s: %s", wait->id, error->message);
      return;
    }
  if (g_strcmp0 (wait->id, self->id) != 0)
    {
      json_node_unref (computed);
      return;
    }
  g_clear_pointer (&self->figures, json_node_unref);
  self->figures = computed;
  update_figures (self);
  prefill_counts (self);
}

/* A submitted report keeps the figures it was written with; a draft or a
 * new report shows the shift as the cache has it now. */
static void
compute_figures (FbDutyReportDialog *self)
{
  const char *status = self->row ? fb_json_member_string (self->row, "status") : NULL;
  FiguresWait *wait;

  g_cancellable_cancel (self->figures_cancellable);
  g_clear_object (&self->figures_cancellable);
  if (self->store == NULL || (status != NULL && g_strcmp0 (status, "draft") != 0))
    return;
  self->figures_cancellable = g_cancellable_new ();
  wait = g_new0 (FiguresWait, 1);
  wait->self = g_object_ref (self);
  wait->id = g_strdup (self->id);
  fb_duty_report_figures_async (self->store, self->date, self->shift, self->figures_cancellable,
                                figures_done_cb, wait);
}

static void
update_status (FbDutyReportDialog *self)
{
  const char *status = self->row ? fb_json_member_string (self->row, "status") : NULL;
  const char *author = self->row ? fb_json_member_string (self->row, "author") : NULL;
  const char *ack_by = self->row ? fb_json_member_string (self->row, "acknowledged_by") : NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  if (self->row == NULL)
    g_string_append (text, _("New report: not yet saved"));
  else if (g_strcmp0 (status, "reviewed") == 0)
    {
      const char *note = fb_json_member_string (self->row, "review_note");

      /* Translators: %s is a person */
      g_string_append_printf (text, _("Reviewed by %s"),
                              fb_duty_report_name_of (self->names, fb_json_member_string (self->row, "reviewed_by")));
      if (note != NULL && note[0] != '\0')
        g_string_append_printf (text, ": %s", note);
    }
  else if (g_strcmp0 (status, "submitted") == 0)
    /* Translators: %s is a person. The author is whoever wrote the report
     * last (a supervisor may edit after the leader submitted). */
    g_string_append_printf (text, _("Submitted; last written by %s"), fb_duty_report_name_of (self->names, author));
  else
    /* Translators: %s is a person */
    g_string_append_printf (text, _("Draft by %s"), fb_duty_report_name_of (self->names, author));
  if (ack_by != NULL)
    {
      g_string_append (text, " · ");
      /* Translators: %s is a person (the incoming shift's leader) */
      g_string_append_printf (text, _("handover acknowledged by %s"), fb_duty_report_name_of (self->names, ack_by));
    }
  if (self->pending)
    {
      g_string_append (text, " · ");
      g_string_append (text, _("waiting to be sent"));
    }
  adw_action_row_set_subtitle (self->status_row, text->str);
}

static void
update_read_only (FbDutyReportDialog *self)
{
  const char *role = self->engine ? fb_sync_engine_get_role (self->engine) : NULL;
  const char *status = self->row ? fb_json_member_string (self->row, "status") : NULL;
  g_autoptr(FbCheck) check = NULL;
  g_autofree char *title = NULL;
  gboolean writer = self->engine != NULL && fb_sync_engine_get_user_id (self->engine) != NULL &&
                    fb_duty_report_role_can_write (role);
  char *reason = NULL;

  if (self->engine == NULL || fb_sync_engine_get_user_id (self->engine) == NULL)
    reason = g_strdup (_("Sign in to write duty reports."));
  else if (!fb_duty_report_role_can_write (role))
    /* Translators: %s is a role ("Manager") */
    reason = g_strdup_printf (_("Only shift leaders and supervisors write duty reports; as %s you can read them."),
                              fb_labels_for_value (role));
  else if (g_strcmp0 (status, "reviewed") == 0)
    reason = g_strdup (_("This report has been reviewed: it can no longer be changed."));
  /* The server's rule: that shift's leader or a supervisor on duty then.
   * Until the cache knows the user, the server alone decides. */
  else if (self->user != NULL &&
           (check = fb_duty_report_check (self->roster, self->user, FB_DUTY_WRITE, self->date, self->shift, NULL)))
    /* Translators: why a report is read-only, then that it can still be read */
    reason = g_strdup_printf (_("%s; you can read it."), check->message);

  /* Only a writer picks another shift to write; a reader sees the one
   * opened, with no edit affordance on it. */
  title = fb_duty_report_shift_title (self->date, self->shift);
  adw_action_row_set_subtitle (self->shift_label_row, title);
  gtk_widget_set_visible (GTK_WIDGET (self->shift_label_row), !writer);
  gtk_widget_set_visible (GTK_WIDGET (self->date_row), writer);
  gtk_widget_set_visible (GTK_WIDGET (self->shift_row), writer);

  /* Seeds: the director (or a department head) reads the duty report. */
  gtk_widget_set_visible (self->review_button,
                          fb_duty_report_role_may (role, FB_DUTY_REVIEW) &&
                          g_strcmp0 (status, "submitted") == 0);

  g_free (self->read_only_reason);
  self->read_only_reason = reason;
  gtk_label_set_text (self->read_only_label, reason ?: "");
  gtk_widget_set_visible (GTK_WIDGET (self->read_only_label), reason != NULL);
  for (guint i = 0; i < N_TEXTS; i++)
    {
      gtk_text_view_set_editable (self->texts[i], reason == NULL);
      gtk_text_view_set_cursor_visible (self->texts[i], reason == NULL);
    }
  for (guint i = 0; i < N_COUNTS; i++)
    gtk_editable_set_editable (GTK_EDITABLE (self->spins[i]), reason == NULL);
  for (guint i = 0; i < N_COUNTS; i++)
    gtk_widget_set_sensitive (GTK_WIDGET (self->spins[i]), reason == NULL);
}

static void
validate (FbDutyReportDialog *self)
{
  const char *status = self->row ? fb_json_member_string (self->row, "status") : NULL;
  g_autofree char *date_text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->date_row))));
  char *save_problem = NULL;
  char *problem = NULL;

  if (read_only (self))
    save_problem = g_strdup (self->read_only_reason);
  /* Its version is the one the server gives the save: a second write
   * sent now would carry the version from before it, and be refused. */
  else if (self->pending)
    save_problem = g_strdup (_("The last save is waiting to be sent: Save Draft and Submit come back once the server has it. What you type is kept on this computer."));
  else if (!fb_duty_report_parse_date (date_text, NULL))
    save_problem = g_strdup (_("Enter the date as YYYY-MM-DD, for example 2024-05-01."));
  for (guint i = 0; save_problem == NULL && i < N_TEXTS; i++)
    {
      g_autofree char *text = dup_text (self->texts[i]);

      if (g_utf8_strlen (text, -1) > FB_DUTY_MAX_TEXT_CHARS)
        /* Translators: a field ("Workload"), then the most characters allowed */
        save_problem = g_strdup_printf (_("%s is longer than %d characters."),
                                        _(text_fields[i].label), FB_DUTY_MAX_TEXT_CHARS);
    }

  if (save_problem != NULL)
    problem = g_strdup (save_problem);
  else if (g_strcmp0 (status, "submitted") == 0)
    problem = g_strdup (_("This report has been submitted; Save Draft still updates it."));
  for (guint i = 0; problem == NULL && i < N_TEXTS; i++)
    {
      g_autofree char *text = NULL;

      if (text_fields[i].missing == NULL)
        continue;
      text = dup_text (self->texts[i]);
      if (is_blank (text))
        problem = g_strdup (_(text_fields[i].missing));
    }

  g_free (self->problem);
  self->problem = problem;
  gtk_label_set_text (self->problem_label, problem ?: "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem != NULL);
  /* Said where the click would go, too. */
  gtk_widget_set_tooltip_text (self->submit_button, problem);
  gtk_widget_set_tooltip_text (self->save_button, save_problem);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "duty.submit", problem == NULL && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "duty.save", save_problem == NULL && !self->busy);
  g_free (save_problem);
}

/* Whether a write of the report still waits in the outbox (a refused
 * one is kept there, but waits for nothing). */
static gboolean
write_pending (FbDutyReportDialog *self)
{
  g_autoptr(GError) error = NULL;
  /* The signed-in user's own: another user's wait for them, unseen. */
  g_autoptr(GPtrArray) items = self->engine == NULL ? fb_store_outbox_list (self->store, &error)
    : fb_store_outbox_list_owned (self->store, fb_sync_engine_get_server_url (self->engine),
                                  fb_sync_engine_get_username (self->engine), &error);

  if (items == NULL)
    {
      g_warning ("Cannot read the outbox: %s", error->message);
      return FALSE;
    }
  for (guint i = 0; i < items->len; i++)
    {
      FbOutboxItem *item = g_ptr_array_index (items, i);

      if (item->refused == NULL && g_strcmp0 (item->row_type, "duty_report") == 0 &&
          g_strcmp0 (item->row_id, self->id) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The report moved on in the cache (the server took a save, another
 * writer's change came, a refusal put it back): its status, the version
 * the next write is based on and what may be done follow it; what is
 * typed stays as it is. */
static void
follow_row (FbDutyReportDialog *self)
{
  g_clear_pointer (&self->row, json_object_unref);
  self->row_version = 0;
  self->row = fb_duty_report_read (self->store, self->id, &self->row_version);
  self->pending = write_pending (self);
  /* A later write the server took: the refusal is past. */
  if (self->refused_version >= 0 && !self->pending && self->row_version > self->refused_version)
    {
      show_error (self, NULL);
      self->refused_version = -1;
    }
  update_status (self);
  update_read_only (self);
  validate (self);
}

static void
engine_changed_cb (FbDutyReportDialog *self,
                   const char * const *keys)
{
  g_autofree char *key = NULL;

  if (self->id == NULL || self->store == NULL)
    return;
  key = g_strconcat ("duty_report", FB_SYNC_KEY_SEPARATOR, self->id, NULL);
  if (keys == NULL || g_strv_contains (keys, key))
    follow_row (self);
}

/* The server refused a write of this report (the window says so too):
 * said here, where the report is, until a later write is taken. */
static void
write_refused_cb (FbDutyReportDialog *self,
                  const char         *row_type,
                  const char         *row_id,
                  const char         *code,
                  const char         *message)
{
  g_autofree char *text = NULL;

  if (g_strcmp0 (row_type, "duty_report") != 0 || g_strcmp0 (row_id, self->id) != 0)
    return;
  follow_row (self);
  /* Translators: %s is the server's reason */
  text = g_strdup_printf (_("The server refused the last change: %s"), message);
  show_error (self, text);
  self->refused_version = self->row_version;
}

/* Fills the form with the shift's report and, over it, its draft. */
static void
load_shift (FbDutyReportDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) draft_node = NULL;
  g_autofree char *draft = NULL;
  JsonObject *draft_object = NULL;
  gint64 draft_time = 0;

  g_clear_pointer (&self->row, json_object_unref);
  g_clear_pointer (&self->figures, json_node_unref);
  g_free (self->id);
  self->id = fb_duty_report_id (self->date, self->shift);
  self->row_version = 0;
  self->row = fb_duty_report_read (self->store, self->id, &self->row_version);
  self->pending = write_pending (self);
  self->refused_version = -1;
  show_error (self, NULL);
  set_draft_note (self, NULL);
  /* Who is on duty when may have changed since the last shift shown. */
  g_clear_pointer (&self->user, fb_user_free);
  g_clear_pointer (&self->roster, fb_roster_free);
  if (self->engine != NULL)
    fb_duty_report_load_authority (self->store, fb_sync_engine_get_user_id (self->engine), &self->user, &self->roster);

  draft = fb_store_get_draft (self->store, self->id, &draft_time, &error);
  if (error != NULL)
    show_error (self, error->message);
  else if (draft != NULL)
    {
      draft_node = json_from_string (draft, NULL);
      if (draft_node != NULL && JSON_NODE_HOLDS_OBJECT (draft_node))
        {
          g_autofree char *when = fb_labels_format_time (self->store ? fb_store_get_center_clock (self->store) : NULL, draft_time);

          draft_object = json_node_get_object (draft_node);
          /* Translators: %s is a time ("14:32") */
          set_draft_note (self, g_strdup_printf (_("Restored what you typed at %s; it is kept on this computer until you submit."),
                                                 when));
        }
      else
        /* Left as it is: nothing is thrown away without a word. */
        set_draft_note (self, g_strdup (_("The draft kept on this computer could not be read; the report is shown as the server has it.")));
    }

  self->loading = TRUE;
  for (guint i = 0; i < N_TEXTS; i++)
    {
      const char *text = draft_object ? fb_json_member_string (draft_object, text_fields[i].key) : NULL;

      if (text == NULL && self->row != NULL)
        text = fb_json_member_string (self->row, text_fields[i].key);
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->texts[i]), text ?: "", -1);
    }
  for (guint i = 0; i < N_COUNTS; i++)
    {
      gint64 value = 0;

      if (!(draft_object && fb_json_member_int (draft_object, count_keys[i], &value)) && self->row != NULL)
        fb_json_member_int (self->row, count_keys[i], &value);
      gtk_spin_button_set_value (self->spins[i], CLAMP (value, 0, 1000000));
    }
  self->loading = FALSE;
  self->dirty = FALSE;
  self->counts_typed = FALSE;
  self->new_report = self->row == NULL;
  for (guint i = 0; i < N_COUNTS && self->new_report && draft_object != NULL; i++)
    if (json_object_has_member (draft_object, count_keys[i]))
      self->new_report = FALSE;

  self->figures = shift_figures (self);
  update_figures (self);
  compute_figures (self);
  update_status (self);
  update_read_only (self);
  validate (self);
}

static void
switch_shift (FbDutyReportDialog *self,
              const char         *date,
              FbShift             shift)
{
  if (g_strcmp0 (self->date, date) == 0 && self->shift == shift && self->id != NULL)
    return;
  /* What was typed for the shift left stays with it. */
  write_draft (self);
  g_free (self->date);
  self->date = g_strdup (date);
  self->shift = shift;
  load_shift (self);
}

static void
date_changed_cb (FbDutyReportDialog *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->date_row))));

  if (self->loading)
    return;
  if (fb_duty_report_parse_date (text, NULL))
    switch_shift (self, text, self->shift);
  else
    validate (self);
}

static void
shift_selected_cb (FbDutyReportDialog *self)
{
  guint selected = gtk_drop_down_get_selected (self->shift_dropdown);

  if (self->loading || selected == GTK_INVALID_LIST_POSITION || self->date == NULL)
    return;
  switch_shift (self, self->date, selected == 1 ? FB_SHIFT_NIGHT : FB_SHIFT_DAY);
}

void
fb_duty_report_dialog_set_shift (FbDutyReportDialog *self,
                                 const char         *date,
                                 FbShift             shift)
{
  g_return_if_fail (FB_IS_DUTY_REPORT_DIALOG (self));
  g_return_if_fail (fb_duty_report_parse_date (date, NULL));
  g_return_if_fail (shift == FB_SHIFT_DAY || shift == FB_SHIFT_NIGHT);

  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), date);
  gtk_drop_down_set_selected (self->shift_dropdown, shift == FB_SHIFT_NIGHT ? 1 : 0);
  self->loading = FALSE;
  switch_shift (self, date, shift);
}

/* Saving ------------------------------------------------------------------ */

static void
saved (FbDutyReportDialog *self,
       gboolean            submitted)
{
  g_autoptr(GError) error = NULL;

  if (submitted)
    {
      /* Both writes are queued: the outbox keeps them from here. */
      if (!fb_store_delete_draft (self->store, self->id, &error))
        g_warning ("Cannot remove the draft %s: %s", self->id, error->message);
      self->dirty = FALSE;
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  /* The cache shows the saved report now; the form keeps what is typed. */
  {
    g_autofree char *when = fb_labels_format_time (self->store ? fb_store_get_center_clock (self->store) : NULL, g_get_real_time () / G_USEC_PER_SEC);

    /* Translators: %s is a time ("14:32") */
    set_draft_note (self, g_strdup_printf (_("Saved at %s; sent to the server whenever it can be reached."), when));
  }
  follow_row (self);
}

static void
put_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FbDutyReportDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  self->busy = FALSE;
  if (!fb_client_save_duty_report_finish (FB_SYNC_ENGINE (object), result, &error))
    {
      /* Everything typed stays, in the form and in the draft. */
      show_error (self, error->message);
      validate (self);
      return;
    }
  saved (self, self->submitting);
}

static void
put_report (FbDutyReportDialog *self,
            gboolean            submit)
{
  g_autoptr(JsonObject) form = NULL;

  validate (self);
  if (self->busy || (submit ? self->problem != NULL : read_only (self)))
    return;

  /* The draft first: whatever happens next, the text is kept. */
  self->dirty = TRUE;
  write_draft (self);

  form = form_object (self);
  self->busy = TRUE;
  self->submitting = submit;
  show_error (self, NULL);
  validate (self);
  fb_client_save_duty_report_async (self->engine, self->id, form, self->row_version, self->figures, submit,
                                    self->row, NULL, put_done_cb, g_object_ref (self));
}

/* The toast overlay of the window the dialog belongs to, if it has one. */
static AdwToastOverlay *
find_toast_overlay (GtkWidget *widget)
{
  if (widget == NULL)
    return NULL;
  if (ADW_IS_TOAST_OVERLAY (widget))
    return ADW_TOAST_OVERLAY (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      AdwToastOverlay *found = find_toast_overlay (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
review_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(FbDutyReportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  AdwToastOverlay *overlay;

  self->busy = FALSE;
  if (!fb_client_mark_duty_report_finish (FB_SYNC_ENGINE (object), result, &error))
    {
      show_error (self, error->message);
      validate (self);
      return;
    }
  /* Said where the user goes back to: the dialog closes. */
  overlay = find_toast_overlay (GTK_WIDGET (gtk_window_get_transient_for (GTK_WINDOW (self))));
  if (overlay != NULL)
    adw_toast_overlay_add_toast (overlay, adw_toast_new (_("Report marked as reviewed")));
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
review_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  FbDutyReportDialog *self = FB_DUTY_REPORT_DIALOG (widget);

  if (self->busy || self->engine == NULL || !gtk_widget_get_visible (self->review_button))
    return;
  self->busy = TRUE;
  fb_client_review_duty_report_async (self->engine, self->store, self->id, NULL, review_done_cb,
                                      g_object_ref (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  put_report (FB_DUTY_REPORT_DIALOG (widget), FALSE);
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  put_report (FB_DUTY_REPORT_DIALOG (widget), TRUE);
}

static gboolean
close_request_cb (FbDutyReportDialog *self)
{
  write_draft (self);
  return FALSE;
}

/* Accessors ---------------------------------------------------------------- */

static int
find_text (const char *field)
{
  for (guint i = 0; i < N_TEXTS; i++)
    if (g_str_equal (text_fields[i].key, field))
      return i;
  return -1;
}

static int
find_count (const char *field)
{
  for (guint i = 0; i < N_COUNTS; i++)
    if (g_str_equal (count_keys[i], field))
      return i;
  return -1;
}

void
fb_duty_report_dialog_set_field (FbDutyReportDialog *self,
                                 const char         *field,
                                 const char         *text)
{
  int i;

  g_return_if_fail (FB_IS_DUTY_REPORT_DIALOG (self));
  g_return_if_fail (field != NULL && text != NULL);

  if ((i = find_text (field)) >= 0)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->texts[i]), text, -1);
  else if ((i = find_count (field)) >= 0)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->spins[i]), text);
      gtk_spin_button_update (self->spins[i]);
    }
  else
    g_critical ("%s: no field “%s”", G_STRFUNC, field);
}

char *
fb_duty_report_dialog_dup_field (FbDutyReportDialog *self,
                                 const char         *field)
{
  int i;

  g_return_val_if_fail (FB_IS_DUTY_REPORT_DIALOG (self), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  if ((i = find_text (field)) >= 0)
    return dup_text (self->texts[i]);
  if ((i = find_count (field)) >= 0)
    return g_strdup_printf ("%d", gtk_spin_button_get_value_as_int (self->spins[i]));
  return NULL;
}

const char *
fb_duty_report_dialog_get_figure (FbDutyReportDialog *self,
                                  const char         *key)
{
  g_return_val_if_fail (FB_IS_DUTY_REPORT_DIALOG (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  for (guint i = 0; i < N_FIGURES; i++)
    if (g_str_equal (figures[i].key, key))
      return gtk_label_get_text (self->figure_labels[i]);
  return NULL;
}

const char *
fb_duty_report_dialog_get_date (FbDutyReportDialog *self)
{
  g_return_val_if_fail (FB_IS_DUTY_REPORT_DIALOG (self), NULL);
  return self->date;
}

FbShift
fb_duty_report_dialog_get_shift (FbDutyReportDialog *self)
{
  g_return_val_if_fail (FB_IS_DUTY_REPORT_DIALOG (self), FB_SHIFT_DAY);
  return self->shift;
}

void
fb_duty_report_dialog_save_draft_now (FbDutyReportDialog *self)
{
  g_return_if_fail (FB_IS_DUTY_REPORT_DIALOG (self));
  write_draft (self);
}

const char *
fb_duty_report_dialog_get_problem (FbDutyReportDialog *self)
{
  g_return_val_if_fail (FB_IS_DUTY_REPORT_DIALOG (self), NULL);
  return self->problem;
}

const char *
fb_duty_report_dialog_get_read_only_reason (FbDutyReportDialog *self)
{
  g_return_val_if_fail (FB_IS_DUTY_REPORT_DIALOG (self), NULL);
  return self->read_only_reason;
}

const char *
fb_duty_report_dialog_get_error (FbDutyReportDialog *self)
{
  g_return_val_if_fail (FB_IS_DUTY_REPORT_DIALOG (self), NULL);
  return self->error;
}

const char *
fb_duty_report_dialog_get_draft_note (FbDutyReportDialog *self)
{
  g_return_val_if_fail (FB_IS_DUTY_REPORT_DIALOG (self), NULL);
  return self->draft_note;
}

/* Life -------------------------------------------------------------------- */

static void
fb_duty_report_dialog_dispose (GObject *object)
{
  FbDutyReportDialog *self = (FbDutyReportDialog *)object;

  /* Nothing typed is lost, however the dialog goes. */
  write_draft (self);
  g_clear_handle_id (&self->draft_source, g_source_remove);
  g_cancellable_cancel (self->figures_cancellable);
  g_clear_object (&self->figures_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_DUTY_REPORT_DIALOG);
  g_clear_object (&self->engine);
  g_clear_object (&self->store);
  g_clear_pointer (&self->names, g_hash_table_unref);

  G_OBJECT_CLASS (fb_duty_report_dialog_parent_class)->dispose (object);
}

static void
fb_duty_report_dialog_finalize (GObject *object)
{
  FbDutyReportDialog *self = (FbDutyReportDialog *)object;

  g_clear_pointer (&self->row, json_object_unref);
  g_clear_pointer (&self->figures, json_node_unref);
  g_clear_pointer (&self->user, fb_user_free);
  g_clear_pointer (&self->roster, fb_roster_free);
  g_free (self->date);
  g_free (self->id);
  g_free (self->problem);
  g_free (self->read_only_reason);
  g_free (self->error);
  g_free (self->draft_note);

  G_OBJECT_CLASS (fb_duty_report_dialog_parent_class)->finalize (object);
}

static void
fb_duty_report_dialog_class_init (FbDutyReportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_duty_report_dialog_dispose;
  object_class->finalize = fb_duty_report_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/floorboard/Floorboard/ui/fb-duty-report-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FbDutyReportDialog, read_only_label);
  gtk_widget_class_bind_template_child (widget_class, FbDutyReportDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, FbDutyReportDialog, shift_label_row);
  gtk_widget_class_bind_template_child (widget_class, FbDutyReportDialog, shift_row);
  gtk_widget_class_bind_template_child (widget_class, FbDutyReportDialog, shift_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FbDutyReportDialog, status_row);
  gtk_widget_class_bind_template_child (widget_class, FbDutyReportDialog, draft_label);
  gtk_widget_class_bind_template_child (widget_class, FbDutyReportDialog, figures_group);
  gtk_widget_class_bind_template_child (widget_class, FbDutyReportDialog, spin_consultations);
  gtk_widget_class_bind_template_child (widget_class, FbDutyReportDialog, spin_inquiries);
  gtk_widget_class_bind_template_child (widget_class, FbDutyReportDialog, spin_complaints);
  gtk_widget_class_bind_template_child (widget_class, FbDutyReportDialog, text_system_problems);
  gtk_widget_class_bind_template_child (widget_class, FbDutyReportDialog, text_issue_summary);
  gtk_widget_class_bind_template_child (widget_class, FbDutyReportDialog, text_workload);
  gtk_widget_class_bind_template_child (widget_class, FbDutyReportDialog, text_equipment_status);
  gtk_widget_class_bind_template_child (widget_class, FbDutyReportDialog, text_difficult_cases);
  gtk_widget_class_bind_template_child (widget_class, FbDutyReportDialog, text_staffing_changes);
  gtk_widget_class_bind_template_child (widget_class, FbDutyReportDialog, text_handover_notes);
  gtk_widget_class_bind_template_child (widget_class, FbDutyReportDialog, problem_label);
  gtk_widget_class_bind_template_child (widget_class, FbDutyReportDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, FbDutyReportDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, FbDutyReportDialog, submit_button);
  gtk_widget_class_bind_template_child (widget_class, FbDutyReportDialog, review_button);
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, count_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, date_changed_cb);

  gtk_widget_class_install_action (widget_class, "duty.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "duty.submit", NULL, submit_action);
  gtk_widget_class_install_action (widget_class, "duty.review", NULL, review_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "duty.save", NULL);
}

static void
fb_duty_report_dialog_init (FbDutyReportDialog *self)
{
  g_autoptr(GtkStringList) shifts = NULL;
  const char *shift_names[] = { _("Day shift"), _("Night shift"), NULL };

  self->refused_version = -1;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->texts[TEXT_SYSTEM_PROBLEMS] = self->text_system_problems;
  self->texts[TEXT_ISSUE_SUMMARY] = self->text_issue_summary;
  self->texts[TEXT_WORKLOAD] = self->text_workload;
  self->texts[TEXT_EQUIPMENT_STATUS] = self->text_equipment_status;
  self->texts[TEXT_DIFFICULT_CASES] = self->text_difficult_cases;
  self->texts[TEXT_STAFFING_CHANGES] = self->text_staffing_changes;
  self->texts[TEXT_HANDOVER_NOTES] = self->text_handover_notes;
  self->spins[COUNT_CONSULTATIONS] = self->spin_consultations;
  self->spins[COUNT_INQUIRIES] = self->spin_inquiries;
  self->spins[COUNT_COMPLAINTS] = self->spin_complaints;
  for (guint i = 0; i < N_TEXTS; i++)
    g_signal_connect_object (gtk_text_view_get_buffer (self->texts[i]), "changed",
                             G_CALLBACK (field_changed_cb), self, G_CONNECT_SWAPPED);

  /* Twelve figures read at a glance: a grid of tiles, not a long list. */
  {
    GtkWidget *flow = gtk_flow_box_new ();

    gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
    gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (flow), 2);
    gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 4);
    gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), TRUE);
    gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 6);
    gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 6);
    for (guint i = 0; i < N_FIGURES; i++)
      {
        GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
        GtkWidget *value = gtk_label_new ("–");
        GtkWidget *caption = gtk_label_new (_(figures[i].title));

        gtk_widget_add_css_class (box, "card");
        gtk_widget_set_margin_top (value, 8);
        gtk_widget_add_css_class (value, "title-3");
        gtk_widget_add_css_class (value, "numeric");
        gtk_label_set_wrap (GTK_LABEL (caption), TRUE);
        gtk_label_set_justify (GTK_LABEL (caption), GTK_JUSTIFY_CENTER);
        gtk_widget_set_margin_bottom (caption, 8);
        gtk_widget_set_margin_start (caption, 6);
        gtk_widget_set_margin_end (caption, 6);
        gtk_widget_add_css_class (caption, "caption");
        gtk_widget_add_css_class (caption, "dim-label");
        gtk_box_append (GTK_BOX (box), value);
        gtk_box_append (GTK_BOX (box), caption);
        gtk_flow_box_append (GTK_FLOW_BOX (flow), box);
        self->figure_labels[i] = GTK_LABEL (value);
      }
    adw_preferences_group_add (self->figures_group, flow);
  }

  shifts = gtk_string_list_new (shift_names);
  self->loading = TRUE;
  gtk_drop_down_set_model (self->shift_dropdown, G_LIST_MODEL (shifts));
  self->loading = FALSE;
  g_signal_connect_object (self->shift_dropdown, "notify::selected", G_CALLBACK (shift_selected_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "close-request", G_CALLBACK (close_request_cb), NULL);
}

FbDutyReportDialog *
fb_duty_report_dialog_new (GtkWindow    *parent,
                           FbSyncEngine *engine,
                           FbStore      *store,
                           GHashTable   *names)
{
  FbDutyReportDialog *self;
  g_autofree char *date = NULL;
  g_autofree char *ended_date = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  FbCenterClock *clock;
  FbShift shift, ended_shift;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (FB_IS_SYNC_ENGINE (engine), NULL);
  g_return_val_if_fail (FB_IS_STORE (store), NULL);

  self = g_object_new (FB_TYPE_DUTY_REPORT_DIALOG, "transient-for", parent, NULL);
  self->engine = g_object_ref (engine);
  self->store = g_object_ref (store);
  self->names = names ? g_hash_table_ref (names) : NULL;
  /* The dialog follows its report in the cache, as the server changes it. */
  g_signal_connect_object (engine, "changed", G_CALLBACK (engine_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (engine, "write-refused", G_CALLBACK (write_refused_cb), self, G_CONNECT_SWAPPED);

  /* The running shift; just after a change, the one that ended, while
   * its report is still to be submitted (its leader writes it then). */
  clock = fb_store_get_center_clock (store);
  shift = fb_center_clock_shift_at (clock, now, &date, NULL, NULL);
  ended_shift = fb_center_clock_shift_at (clock, now - FB_DUTY_WRITE_GRACE_S, &ended_date, NULL, NULL);
  if (ended_shift != shift)
    {
      g_autofree char *ended_id = fb_duty_report_id (ended_date, ended_shift);
      g_autoptr(JsonObject) ended = fb_duty_report_read (store, ended_id, NULL);

      if (ended == NULL || g_strcmp0 (fb_json_member_string (ended, "status"), "draft") == 0)
        {
          g_free (date);
          date = g_steal_pointer (&ended_date);
          shift = ended_shift;
        }
    }
  fb_duty_report_dialog_set_shift (self, date, shift);
  return self;
}
