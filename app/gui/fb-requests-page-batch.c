/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-requests-page-batch.c: the requests page's decisions. A decision is
 * held behind an Undo toast and shown at once as the rules would make the
 * row; when the toast goes without Undo it joins the sync engine's outbox
 * through the typed client (fb-client-requests.h). One batch is held at a
 * time; closing the window sends what is held. */
#define G_LOG_DOMAIN "floorboard"

#include <glib/gi18n.h>
#include <string.h>

#include "fb-client-requests.h"
#include "fb-entity.h"
#include "fb-labels.h"
#include "fb-requests-page-private.h"

void
_fb_requests_page_held_free (gpointer data)
{
  Held *held = data;

  g_free (held->key);
  g_free (held->kind);
  g_free (held->id);
  g_free (held->reason);
  g_clear_pointer (&held->optimistic, json_node_unref);
  g_free (held->label);
  g_free (held);
}

void
_fb_requests_page_batch_free (gpointer data)
{
  Batch *batch = data;

  g_ptr_array_unref (batch->held);
  g_free (batch);
}

/* ---- deciding ------------------------------------------------------------ */

typedef struct
{
  GWeakRef      page;
  char         *key;
  gboolean      leave;    /* a leave decision, else a swap's */
  GApplication *app;      /* held until the write is in the outbox */
} Submit;

static void
submit_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Submit *submit = user_data;
  g_autoptr(FbRequestsPage) self = g_weak_ref_get (&submit->page);
  g_autoptr(GError) error = NULL;
  gboolean ok = submit->leave ? fb_client_decide_leave_finish (FB_SYNC_ENGINE (object), result, &error)
                              : fb_client_decide_swap_finish (FB_SYNC_ENGINE (object), result, &error);

  if (self != NULL)
    {
      g_hash_table_remove (self->queuing, submit->key);
      if (!ok)
        {
          GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
          g_autofree char *escaped = g_markup_escape_text (error->message, -1);

          g_hash_table_remove (self->recent, submit->key);
          if (overlay != NULL)
            adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (escaped));
          else
            g_warning ("%s", error->message);
        }
      _fb_requests_page_refilter (self);
      _fb_requests_page_rebuild (self);
    }
  else if (!ok)
    g_warning ("%s", error->message);

  if (submit->app != NULL)
    {
      g_application_release (submit->app);
      g_object_unref (submit->app);
    }
  g_weak_ref_clear (&submit->page);
  g_free (submit->key);
  g_free (submit);
}

/* Into the outbox: the optimistic row and the POST in one transaction. */
static void
send_batch (FbRequestsPage *self,
            Batch          *batch)
{
  if (batch->undone || batch->sent)
    return;
  batch->sent = TRUE;
  while (batch->held->len > 0)
    {
      Held *held = g_ptr_array_steal_index (batch->held, 0);
      Submit *submit = g_new0 (Submit, 1);

      g_weak_ref_init (&submit->page, self);
      submit->key = g_strdup (held->key);
      /* The app stays up until the write is stored, even as it quits. */
      if ((submit->app = g_application_get_default ()))
        {
          g_object_ref (submit->app);
          g_application_hold (submit->app);
        }
      g_hash_table_add (self->recent, g_strdup (held->key));
      g_hash_table_insert (self->queuing, g_strdup (held->key), held);
      submit->leave = g_strcmp0 (held->kind, "leave_request") == 0;
      if (submit->leave)
        fb_client_decide_leave_async (self->engine, held->id, held->decision, held->reason, held->version,
                                      held->optimistic, NULL, submit_cb, submit);
      else
        fb_client_decide_swap_async (self->engine, held->id, held->decision, held->reason, held->version,
                                     held->optimistic, NULL, submit_cb, submit);
    }
}

static void
show_toast_now (FbRequestsPage *self,
                AdwToast       *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  self->shown_at = g_get_monotonic_time ();
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (toast);
}

static gboolean
retire_cb (gpointer data)
{
  FbRequestsPage *self = data;

  self->retire_id = 0;
  if (self->retiring != NULL)
    {
      g_autoptr(AdwToast) toast = g_steal_pointer (&self->retiring);

      adw_toast_dismiss (toast);
    }
  if (self->waiting != NULL)
    show_toast_now (self, g_steal_pointer (&self->waiting));
  return G_SOURCE_REMOVE;
}

/* libadwaita 1.2's overlay crashes when a toast is dismissed (or pushed
 * back by another) while it still slides in: the last toast goes, and
 * the next comes, only once it has been shown that long. */
#define TOAST_SETTLE_US (400 * 1000)

static void
schedule_retire (FbRequestsPage *self)
{
  gint64 left = self->shown_at + TOAST_SETTLE_US - g_get_monotonic_time ();

  if (self->retire_id != 0)
    return;
  if (left <= 0)
    retire_cb (self);
  else
    self->retire_id = g_timeout_add ((guint) (left / 1000) + 1, retire_cb, self);
}

/* Sends what the toast holds and lets go of it; @dismiss: also take the
 * toast off the screen (not while the window is being torn down). */
void
_fb_requests_page_send_held (FbRequestsPage *self,
           gboolean        dismiss)
{
  g_autoptr(AdwToast) toast = NULL;

  if (self->toast == NULL)
    return;
  send_batch (self, self->batch);
  toast = g_steal_pointer (&self->toast);
  self->batch = NULL;
  g_signal_handlers_disconnect_by_data (toast, self);
  /* Never shown: it need not be. */
  if (toast == self->waiting)
    {
      g_clear_object (&self->waiting);
      return;
    }
  if (dismiss)
    {
      g_clear_object (&self->retiring);
      self->retiring = g_steal_pointer (&toast);
      schedule_retire (self);
    }
}

static void
toast_undo_cb (AdwToast       *toast,
               FbRequestsPage *self)
{
  Batch *batch = g_object_get_data (G_OBJECT (toast), "fb-batch");

  if (batch == NULL || batch->sent)
    return;
  batch->undone = TRUE;
  g_ptr_array_set_size (batch->held, 0);
  _fb_requests_page_refilter (self);
  _fb_requests_page_rebuild (self);
}

static void
toast_dismissed_cb (AdwToast       *toast,
                    FbRequestsPage *self)
{
  Batch *batch = g_object_get_data (G_OBJECT (toast), "fb-batch");

  /* Gone without Undo: the decision leaves now. */
  if (batch != NULL)
    send_batch (self, batch);
  if (self->toast == toast)
    {
      self->batch = NULL;
      g_clear_object (&self->toast);
    }
  g_signal_handlers_disconnect_by_data (toast, self);
  _fb_requests_page_refilter (self);
  _fb_requests_page_rebuild (self);
}

void
fb_requests_page_flush (FbRequestsPage *self)
{
  g_return_if_fail (FB_IS_REQUESTS_PAGE (self));

  if (self->toast == NULL)
    return;
  _fb_requests_page_send_held (self, TRUE);
  _fb_requests_page_refilter (self);
  _fb_requests_page_rebuild (self);
}

static Held *
make_held (FbRequestsPage  *self,
           FbRow           *row,
           FbDecision       decision,
           const char      *reason,
           const Actor     *actor,
           char           **refusal)
{
  g_autoptr(GPtrArray) checks = _fb_requests_page_decision_checks (self, row, decision, actor, reason);
  const FbCheck *blocking = fb_checks_first_blocking (checks);
  g_autoptr(JsonNode) current = NULL;
  FbRequestState *state = _fb_requests_page_state_for (self, row);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  Held *held;

  /* Checked again with the reason given, as the server will. */
  if (actor->role < 0 || actor->user_id == NULL || self->engine == NULL)
    {
      *refusal = g_strdup (_("Sign in to decide requests"));
      return NULL;
    }
  if (blocking != NULL)
    {
      *refusal = g_strdup (blocking->message);
      return NULL;
    }

  held = g_new0 (Held, 1);
  held->key = _fb_requests_page_row_key (row);
  held->kind = g_strdup (fb_row_get_kind (row));
  held->id = g_strdup (fb_row_get_id (row));
  held->decision = decision;
  held->reason = reason && reason[0] ? g_strdup (reason) : NULL;
  /* Translators: whose request and what kind ("상담원 2, Vacation") */
  held->label = state ? g_strdup_printf (_("%s, %s"), state->who, state->type_label) : g_strdup (held->id);

  current = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (current, fb_row_get_object (row));
  if (_fb_requests_page_is_leave (row))
    held->optimistic = fb_leave_apply_decision (current, decision, actor->user_id, held->reason, now);
  else
    held->optimistic = fb_swap_apply_decision (self->roster, current, decision, actor->role, actor->team_id,
                                               actor->user_id, held->reason, now);

  /* The version the decider saw: a change meanwhile is a conflict (409). */
  held->version = fb_row_get_version (row);
  return held;
}

/* Holds @held (Held *, taken) behind one Undo toast. */
static void
hold (FbRequestsPage *self,
      GPtrArray      *held,
      FbDecision      decision)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;
  Batch *batch;
  AdwToast *toast;

  /* The next decision sends the last: one Undo at a time. */
  fb_requests_page_flush (self);

  batch = g_new0 (Batch, 1);
  batch->held = held;
  for (guint i = 0; i < held->len; i++)
    g_hash_table_remove (self->selected, ((Held *) g_ptr_array_index (held, i))->key);

  if (held->len == 1)
    /* Translators: a decision just made, %s says whose request */
    title = g_strdup_printf (decision == FB_DECISION_APPROVE ? _("Approved: %s") : _("Rejected: %s"),
                             ((Held *) g_ptr_array_index (held, 0))->label);
  else
    title = g_strdup_printf (ngettext ("Approved %u request", "Approved %u requests", held->len), held->len);

  /* Toast titles are markup (libadwaita 1.2): names are text. */
  escaped = g_markup_escape_text (title, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_timeout (toast, FB_REQUESTS_UNDO_SECONDS);
  /* Shown now, ahead of any message that waits to be dismissed. */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "fb-batch", batch, _fb_requests_page_batch_free);
  g_signal_connect (toast, "button-clicked", G_CALLBACK (toast_undo_cb), self);
  g_signal_connect (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), self);
  self->toast = g_object_ref (toast);
  self->batch = batch;

  if (overlay == NULL)
    {
      /* Nowhere to offer Undo: decided as clicked. */
      g_object_unref (toast);
      fb_requests_page_flush (self);
    }
  else if (self->retiring != NULL || self->retire_id != 0)
    self->waiting = toast;
  else
    show_toast_now (self, toast);
  _fb_requests_page_refilter (self);
  _fb_requests_page_rebuild (self);
}

static void
show_batch_message (FbRequestsPage *self,
                    const char     *text)
{
  gtk_label_set_text (self->batch_label, text ? text : "");
  gtk_widget_set_visible (self->batch_box, text != NULL && text[0] != '\0');
}

void
_fb_requests_page_decide_cb (FbRequestRow   *widget,
           int             decision,
           const char     *reason,
           FbRequestsPage *self)
{
  FbRequestState *state = fb_request_row_get_state (widget);
  g_autoptr(FbRow) row = NULL;
  g_autoptr(FbRow) keep = NULL;
  g_autofree char *refusal = NULL;
  GPtrArray *held;
  Held *one;
  Actor actor;

  if (state == NULL)
    return;
  _fb_requests_page_ensure_fresh (self);
  row = _fb_requests_page_lookup_row (self->lists[g_str_equal (state->kind, "leave_request") ? LIST_LEAVE : LIST_SWAP], state->id);
  if (row == NULL)
    return;
  _fb_requests_page_actor_init (self, &actor, &keep);
  if (!(one = make_held (self, row, decision, reason, &actor, &refusal)))
    {
      show_batch_message (self, refusal);
      return;
    }
  held = g_ptr_array_new_with_free_func (_fb_requests_page_held_free);
  g_ptr_array_add (held, one);
  hold (self, held, decision);
}

void
_fb_requests_page_select_toggled_cb (FbRequestRow   *widget,
                   gboolean        active,
                   FbRequestsPage *self)
{
  FbRequestState *state = fb_request_row_get_state (widget);

  if (state != NULL)
    fb_requests_page_set_selected (self, state->id, active);
}

void
_fb_requests_page_approve_selected_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  FbRequestsPage *self = FB_REQUESTS_PAGE (widget);
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (_fb_requests_page_held_free);
  g_autoptr(GString) skipped = g_string_new (NULL);
  g_autoptr(FbRow) keep = NULL;
  guint n_skipped = 0;
  guint n;
  Actor actor;

  _fb_requests_page_ensure_fresh (self);
  _fb_requests_page_actor_init (self, &actor, &keep);
  /* In the order listed, so the message reads like the list. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbRow) row = g_list_model_get_item (G_LIST_MODEL (self->sorted), i);
      g_autofree char *key = _fb_requests_page_row_key (row);
      g_autofree char *refusal = NULL;
      FbRequestState *state;
      Held *one;

      if (!g_hash_table_contains (self->selected, key) || !_fb_requests_page_key_decidable (self, key))
        continue;
      state = _fb_requests_page_state_for (self, row);
      if (state->approve_refusal != NULL)
        refusal = g_strdup (state->approve_refusal);
      else if (state->approve_needs_reason)
        refusal = g_strdup (_("needs a reason: approve it on its own"));
      else if ((one = make_held (self, row, FB_DECISION_APPROVE, NULL, &actor, &refusal)))
        {
          g_ptr_array_add (held, one);
          continue;
        }
      n_skipped++;
      /* Translators: a skipped request (who, type) and why */
      g_string_append_printf (skipped, _("\n• %s, %s: %s"), state->who, state->type_label, refusal);
    }

  if (n_skipped > 0)
    {
      /* Translators: approving the selected requests, some were skipped */
      g_autofree char *head = g_strdup_printf (ngettext ("Approved %u; skipped %u request that does not pass every check:",
                                                         "Approved %u; skipped %u requests that do not pass every check:",
                                                         n_skipped),
                                               held->len, n_skipped);
      g_string_prepend (skipped, head);
      show_batch_message (self, skipped->str);
    }
  else
    show_batch_message (self, NULL);

  if (held->len > 0)
    hold (self, g_steal_pointer (&held), FB_DECISION_APPROVE);
  else
    _fb_requests_page_update_toolbar (self);
}

void
_fb_requests_page_dismiss_batch_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  show_batch_message (FB_REQUESTS_PAGE (widget), NULL);
}
