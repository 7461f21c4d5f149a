/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-requests-page.c
 *
 * The cache's leave and swap requests, the pending ones by their first
 * day (the soonest first: it is the deadline for deciding), each with
 * every check the rules make for the signed-in role. The checks run on
 * an FbRoster built when rows change, coalesced in an idle, never per
 * row bound or per frame.
 *
 * A decision is held for FB_REQUESTS_UNDO_SECONDS behind an Undo toast
 * and shown at once as the rules would make the row; only when the toast
 * goes without Undo does it go to the sync engine's outbox (the optimistic
 * row and the POST in one transaction). One batch is held at a time: the
 * next decision sends the last. Closing the window sends what is held, so
 * nothing the user did is lost. Until the server has it the row says the
 * decision waits to be sent.
 */
#define G_LOG_DOMAIN "floorboard"

#include <glib/gi18n.h>
#include <string.h>

#include "fb-entity.h"
#include "fb-format.h"
#include "fb-labels.h"
#include "fb-request-row.h"
#include "fb-request-rules.h"
#include "fb-context.h"
#include "fb-requests-page.h"
#include "fb-row.h"
#include "fb-row-list.h"
#include "fb-store.h"
#include "fb-sync-engine.h"

/* The center's time zone (KST), in which shifts and days are counted. */
#define CENTER_UTC_OFFSET_S (9 * 3600)

enum {
  LIST_LEAVE,
  LIST_SWAP,
  LIST_TEAM,
  LIST_AGENT,
  LIST_USER,
  LIST_HOLIDAY_DUTY,
  N_LISTS
};

static const char * const list_kinds[N_LISTS] = {
  "leave_request", "swap_request", "team", "agent", "user", "holiday_duty",
};

/* One decision held for Undo (or being queued in the outbox). */
typedef struct
{
  char       *key;
  char       *kind;
  char       *id;
  FbDecision  decision;
  char       *reason;
  char       *path;
  JsonNode   *body;
  JsonNode   *optimistic;
  char       *label;      /* "상담원 1, Vacation", for the toast */
} Held;

/* The decisions one toast holds. */
typedef struct
{
  GPtrArray *held;        /* Held * */
  gboolean   undone;
  gboolean   sent;
} Batch;

struct _FbRequestsPage
{
  GtkWidget           parent_instance;

  GtkDropDown        *filter_dropdown;
  GtkToggleButton    *decided_toggle;
  GtkLabel           *count_label;
  GtkButton          *approve_selected_button;
  GtkLabel           *authority_label;
  GtkWidget          *batch_box;
  GtkLabel           *batch_label;
  GtkStack           *list_stack;
  GtkListView        *list_view;

  GListModel         *lists[N_LISTS];
  GListStore         *requests;     /* the leave and swap lists */
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;
  GtkSortListModel   *sorted;
  GHashTable         *names;
  FbSyncEngine       *engine;
  FbStore            *store;
  FbContext          *context;
  GtkWidget          *window;       /* weak: the root, for close-request */

  FbRoster           *roster;
  GHashTable         *states;       /* key → FbRequestState, built lazily */
  GHashTable         *sending;      /* keys in the outbox, undelivered */
  GHashTable         *queuing;      /* key → Held being put in the outbox */
  GHashTable         *recent;       /* keys decided here, listed anyway */
  GHashTable         *selected;     /* keys */
  GPtrArray          *bound;        /* FbRequestRow on screen */
  guint               rebuild_id;
  gboolean            dirty;
  GHashTable         *agent_sigs;  /* agent id → what the rules read of them */
  guint               n_rebuilds;

  AdwToast           *toast;        /* holding @batch */
  Batch              *batch;
  AdwToast           *retiring;     /* sent, to be taken off the screen */
  AdwToast           *waiting;      /* to be shown once @retiring is off */
  gint64              shown_at;     /* monotonic µs the last toast showed */
  guint               retire_id;

  int                 filter_kind;  /* FbRequestFilter */
  gboolean            show_decided;
};

G_DEFINE_FINAL_TYPE (FbRequestsPage, fb_requests_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FILTER,
  PROP_SHOW_DECIDED,
  PROP_CONTEXT,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

static void rebuild (FbRequestsPage *self);
static void remember_agents (FbRequestsPage *self);

static void
held_free (gpointer data)
{
  Held *held = data;

  g_free (held->key);
  g_free (held->kind);
  g_free (held->id);
  g_free (held->reason);
  g_free (held->path);
  g_clear_pointer (&held->body, json_node_unref);
  g_clear_pointer (&held->optimistic, json_node_unref);
  g_free (held->label);
  g_free (held);
}

static void
batch_free (gpointer data)
{
  Batch *batch = data;

  g_ptr_array_unref (batch->held);
  g_free (batch);
}

static char *
make_key (const char *kind,
          const char *id)
{
  return g_strconcat (kind, "/", id, NULL);
}

static char *
row_key (FbRow *row)
{
  return make_key (fb_row_get_kind (row), fb_row_get_id (row));
}

static gboolean
is_leave (FbRow *row)
{
  return g_strcmp0 (fb_row_get_kind (row), "leave_request") == 0;
}

static FbRequestStatus
row_status (FbRow *row)
{
  gconstpointer entity = fb_row_get_entity (row);

  if (entity == NULL)
    return FB_REQUEST_CANCELLED;
  return is_leave (row) ? ((const FbLeaveRequest *) entity)->status : ((const FbSwapRequest *) entity)->status;
}

static const char *
first_day (FbRow *row)
{
  gconstpointer entity = fb_row_get_entity (row);
  const FbSwapRequest *swap;

  if (entity == NULL)
    return "";
  if (is_leave (row))
    return ((const FbLeaveRequest *) entity)->start_date;
  swap = entity;
  return strcmp (swap->date_a, swap->date_b) <= 0 ? swap->date_a : swap->date_b;
}

static gint64
submitted_at (FbRow *row)
{
  gconstpointer entity = fb_row_get_entity (row);

  if (entity == NULL)
    return 0;
  return is_leave (row) ? ((const FbLeaveRequest *) entity)->submitted_at
                        : ((const FbSwapRequest *) entity)->submitted_at;
}

static gint64
decided_at (FbRow *row)
{
  gconstpointer entity = fb_row_get_entity (row);

  if (entity == NULL)
    return 0;
  return is_leave (row) ? ((const FbLeaveRequest *) entity)->decided_at
                        : ((const FbSwapRequest *) entity)->decided_at;
}

/* Listed with the pending ones: still pending, or decided here. */
static gboolean
in_front (FbRequestsPage *self,
          FbRow          *row)
{
  g_autofree char *key = NULL;

  if (row_status (row) == FB_REQUEST_PENDING)
    return TRUE;
  key = row_key (row);
  return g_hash_table_contains (self->recent, key) || g_hash_table_contains (self->queuing, key);
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  FbRequestsPage *self = user_data;
  FbRow *row = item;

  if (fb_row_get_entity (row) == NULL)
    return FALSE;
  if ((self->filter_kind == FB_REQUEST_FILTER_LEAVE && !is_leave (row)) ||
      (self->filter_kind == FB_REQUEST_FILTER_SWAPS && is_leave (row)))
    return FALSE;
  return self->show_decided || in_front (self, row);
}

static int
compare_func (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  FbRequestsPage *self = user_data;
  FbRow *ra = FB_ROW ((gpointer) a);
  FbRow *rb = FB_ROW ((gpointer) b);
  gboolean fa = in_front (self, ra), fb = in_front (self, rb);
  int cmp;

  /* What is to decide first, by its first day, the soonest on top. */
  if (fa != fb)
    return fb - fa;
  if (fa)
    {
      if ((cmp = strcmp (first_day (ra), first_day (rb))) != 0)
        return cmp;
      if (submitted_at (ra) != submitted_at (rb))
        return (submitted_at (ra) > submitted_at (rb)) - (submitted_at (ra) < submitted_at (rb));
    }
  else if (decided_at (ra) != decided_at (rb))
    /* Decided ones after, the latest decided first. */
    return (decided_at (ra) < decided_at (rb)) - (decided_at (ra) > decided_at (rb));
  if ((cmp = g_strcmp0 (fb_row_get_kind (ra), fb_row_get_kind (rb))) != 0)
    return cmp;
  return g_strcmp0 (fb_row_get_id (ra), fb_row_get_id (rb));
}

/* ---- the signed-in user ---------------------------------------------- */

static int
get_role (FbRequestsPage *self)
{
  const char *role = self->engine ? fb_sync_engine_get_role (self->engine) : NULL;

  return role ? fb_enum_from_string (fb_role_values, role) : -1;
}

static const char *
get_user_id (FbRequestsPage *self)
{
  return self->engine ? fb_sync_engine_get_user_id (self->engine) : NULL;
}

static FbRow *
lookup_row (GListModel *model,
            const char *id)
{
  guint n;

  if (model == NULL || id == NULL)
    return NULL;
  if (FB_IS_ROW_LIST (model))
    {
      FbRow *row = fb_row_list_lookup (FB_ROW_LIST (model), id);
      return row ? g_object_ref (row) : NULL;
    }
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbRow) row = g_list_model_get_item (model, i);

      if (g_strcmp0 (fb_row_get_id (row), id) == 0)
        return g_steal_pointer (&row);
    }
  return NULL;
}

static const FbUser *
get_user (FbRequestsPage *self,
          FbRow         **keep)
{
  *keep = lookup_row (self->lists[LIST_USER], get_user_id (self));
  return *keep ? fb_row_get_entity (*keep) : NULL;
}

static const char *
person (FbRequestsPage *self,
        const char     *id)
{
  const char *name = self->names && id ? g_hash_table_lookup (self->names, id) : NULL;
  const FbAgent *agent;

  if (name != NULL)
    return name;
  if (self->roster && id && (agent = fb_roster_lookup_agent (self->roster, id)))
    return agent->name;
  return id ? id : "";
}

/* ---- what a row shows --------------------------------------------------- */

static char *
format_day (const char *date)
{
  g_autoptr(GDateTime) dt = NULL;
  int y, m, d;

  if (date == NULL || sscanf (date, "%d-%d-%d", &y, &m, &d) != 3 ||
      !(dt = g_date_time_new_utc (y, m, d, 0, 0, 0)))
    return g_strdup (date ? date : "");
  /* Translators: a day of a request, strftime format ("Nov 20 (Thu)") */
  return fb_date_time_format (dt, _("%b %-d (%a)"));
}

static char *
team_name (FbRequestsPage *self,
           const char     *agent_id)
{
  const FbAgent *agent = self->roster ? fb_roster_lookup_agent (self->roster, agent_id) : NULL;
  const FbTeam *team = agent && agent->team_id ? fb_roster_lookup_team (self->roster, agent->team_id) : NULL;

  return g_strdup (team ? team->name : agent && agent->team_id ? agent->team_id : "");
}

/* "Approved by 박 감독, Nov 20, 14:02: reason" and the like. */
static char *
decision_text (FbRequestsPage  *self,
               FbRequestStatus  status,
               const char      *by,
               gint64           at,
               const char      *reason,
               const char      *pending_note)
{
  g_autofree char *when = at > 0 ? fb_labels_format_time (at) : NULL;
  g_autofree char *head = NULL;

  switch (status)
    {
    case FB_REQUEST_APPROVED:
      /* Translators: who approved a request and when */
      head = when ? g_strdup_printf (_("Approved by %s, %s"), person (self, by), when)
                  : g_strdup_printf (_("Approved by %s"), person (self, by));
      break;
    case FB_REQUEST_REJECTED:
      /* Translators: who rejected a request and when */
      head = when ? g_strdup_printf (_("Rejected by %s, %s"), person (self, by), when)
                  : g_strdup_printf (_("Rejected by %s"), person (self, by));
      break;
    case FB_REQUEST_CANCELLED:
      head = g_strdup (_("Cancelled by the agent"));
      break;
    case FB_REQUEST_PENDING:
    default:
      head = g_strdup (pending_note ? pending_note : _("Pending"));
      break;
    }
  if (status != FB_REQUEST_PENDING && reason != NULL && reason[0] != '\0')
    {
      /* Translators: a decision and its reason */
      g_autofree char *with = g_strdup_printf (_("%s — “%s”"), head, reason);
      return g_steal_pointer (&with);
    }
  return g_steal_pointer (&head);
}

static char *
swap_pending_text (const FbSwapRequest *swap)
{
  int n = !!swap->leader_a_approved + !!swap->leader_b_approved;

  if (n == 2)
    return g_strdup (_("Pending — both shift leaders approved"));
  /* Translators: a pending swap; %d of 2 shift leaders have approved it */
  return g_strdup_printf (_("Pending — %d of 2 shift leaders approved"), n);
}

static const FbCheck *
first_blocking_except_reason (GPtrArray *checks)
{
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < checks->len; i++)
      {
        const FbCheck *check = g_ptr_array_index (checks, i);

        if (g_strcmp0 (check->code, "reason_required") == 0)
          continue;
        if ((pass == 0 && check->kind == FB_CHECK_FORBIDDEN) || (pass == 1 && check->kind == FB_CHECK_RULE))
          return check;
      }
  return NULL;
}

static gboolean
has_code (GPtrArray  *checks,
          const char *code)
{
  for (guint i = 0; i < checks->len; i++)
    if (g_strcmp0 (((const FbCheck *) g_ptr_array_index (checks, i))->code, code) == 0)
      return TRUE;
  return FALSE;
}

typedef struct
{
  int           role;       /* -1 signed out */
  const char   *user_id;
  const char   *team_id;
  const char   *agent_id;
} Actor;

static void
actor_init (FbRequestsPage  *self,
            Actor           *actor,
            FbRow          **keep)
{
  const FbUser *user = get_user (self, keep);

  actor->user_id = get_user_id (self);
  actor->role = actor->user_id ? get_role (self) : -1;
  actor->team_id = user ? user->team_id : NULL;
  actor->agent_id = user ? user->agent_id : NULL;
}

static GPtrArray *
decision_checks (FbRequestsPage *self,
                 FbRow          *row,
                 FbDecision      decision,
                 const Actor    *actor,
                 const char     *reason)
{
  /* Signed out, the rules still say what a request breaks; who may
   * decide it is not known. */
  FbRole role = actor->role >= 0 ? (FbRole) actor->role : FB_ROLE_DIRECTOR;
  GPtrArray *checks;

  if (is_leave (row))
    checks = fb_leave_decision_checks (self->roster, fb_row_get_entity (row), decision, role,
                                       actor->agent_id, reason);
  else
    checks = fb_swap_decision_checks (self->roster, fb_row_get_entity (row), decision, role,
                                      actor->team_id, actor->agent_id, reason);
  if (actor->role < 0)
    for (guint i = checks->len; i > 0; i--)
      if (((const FbCheck *) g_ptr_array_index (checks, i - 1))->kind == FB_CHECK_FORBIDDEN)
        g_ptr_array_remove_index (checks, i - 1);
  return checks;
}

static FbRequestState *
build_state (FbRequestsPage *self,
             FbRow          *row,
             const Actor    *actor)
{
  g_autoptr(FbRequestState) state = fb_request_state_new ();
  g_autofree char *key = row_key (row);
  Held *held = NULL;
  g_autoptr(FbLeaveRequest) held_leave = NULL;
  g_autoptr(FbSwapRequest) held_swap = NULL;
  const FbLeaveRequest *leave = NULL;
  const FbSwapRequest *swap = NULL;
  g_autofree char *submitted = NULL;
  g_autofree char *pending_note = NULL;
  const char *note = NULL;

  if (fb_row_get_entity (row) == NULL)
    return NULL;

  state->kind = g_strdup (fb_row_get_kind (row));
  state->id = g_strdup (fb_row_get_id (row));
  state->version = fb_row_get_version (row);

  /* A held or queuing decision shows as the rules make the row. */
  if (self->batch && !self->batch->undone && !self->batch->sent)
    for (guint i = 0; i < self->batch->held->len; i++)
      if (g_str_equal (((Held *) g_ptr_array_index (self->batch->held, i))->key, key))
        {
          held = g_ptr_array_index (self->batch->held, i);
          state->held = TRUE;
        }
  if (held == NULL && (held = g_hash_table_lookup (self->queuing, key)))
    state->sending = TRUE;
  if (g_hash_table_contains (self->sending, key))
    state->sending = TRUE;

  if (is_leave (row))
    {
      leave = fb_row_get_entity (row);
      if (held && (held_leave = fb_leave_request_from_json (held->optimistic, NULL)))
        leave = held_leave;
      state->who = g_strdup (person (self, leave->agent_id));
      state->team = team_name (self, leave->agent_id);
      state->type_label = g_strdup (fb_labels_for_value (fb_leave_type_values[leave->type]));
      {
        g_autofree char *from = format_day (leave->start_date);
        g_autofree char *to = format_day (leave->end_date);
        int days = fb_leave_days (leave);

        /* Translators: the first and last day of a leave */
        state->dates = days > 1 ? g_strdup_printf (_("%s – %s"), from, to) : g_strdup (from);
        state->days = g_strdup_printf (ngettext ("%d day", "%d days", days), days);
        if (leave->type == FB_LEAVE_SICK)
          {
            g_autofree char *with = g_strdup_printf ("%s · %s", state->days,
                                                     leave->certificate ? _("with certificate")
                                                                        : _("no certificate"));
            g_free (state->days);
            state->days = g_steal_pointer (&with);
          }
      }
      state->reason = g_strdup (leave->reason ? leave->reason : "");
      state->status = leave->status;
      submitted = fb_labels_format_time (leave->submitted_at);
      state->status_text = decision_text (self, leave->status, leave->decided_by, leave->decided_at,
                                          leave->decision_reason, NULL);
    }
  else
    {
      g_autofree char *team_a = NULL, *team_b = NULL, *day_a = NULL, *day_b = NULL;

      swap = fb_row_get_entity (row);
      if (held && (held_swap = fb_swap_request_from_json (held->optimistic, NULL)))
        swap = held_swap;
      /* Translators: the two agents of a shift swap */
      state->who = g_strdup_printf (_("%s ⇄ %s"), person (self, swap->agent_a), person (self, swap->agent_b));
      team_a = team_name (self, swap->agent_a);
      team_b = team_name (self, swap->agent_b);
      state->team = g_str_equal (team_a, team_b) ? g_strdup (team_a) : g_strdup_printf (_("%s ⇄ %s"), team_a, team_b);
      state->type_label = g_strdup (_("Shift swap"));
      day_a = format_day (swap->date_a);
      day_b = format_day (swap->date_b);
      /* Translators: a swap: B works A's shift (day, shift), A works B's shift back */
      state->dates = g_strdup_printf (_("%s %s shift ⇄ %s %s shift"),
                                      day_a, fb_labels_for_value (fb_shift_values[swap->shift_a]),
                                      day_b, fb_labels_for_value (fb_shift_values[swap->shift_b]));
      state->days = g_strdup (_("2 shifts"));
      state->reason = g_strdup (swap->reason ? swap->reason : "");
      state->status = swap->status;
      submitted = fb_labels_format_time (swap->submitted_at);
      pending_note = swap_pending_text (swap);
      state->status_text = decision_text (self, swap->status, swap->decided_by, swap->decided_at,
                                          swap->decision_reason, pending_note);
    }
  /* Translators: when the agent asked */
  state->submitted = g_strdup_printf (_("Asked %s"), submitted);

  if (state->held)
    note = _("Undo is possible for a few seconds");
  else if (state->sending)
    note = _("pending (waiting to be sent)");
  if (note != NULL)
    {
      /* Translators: a decision's status and a note on its delivery */
      g_autofree char *with = g_strdup_printf (_("%s — %s"), state->status_text, note);
      g_free (state->status_text);
      state->status_text = g_steal_pointer (&with);
    }

  /* The checks only for what can still be decided. */
  if (state->status == FB_REQUEST_PENDING && !state->held && !state->sending && self->roster != NULL)
    {
      g_autoptr(GPtrArray) reject = decision_checks (self, row, FB_DECISION_REJECT, actor, "-");
      const FbCheck *blocking;

      state->checks = decision_checks (self, row, FB_DECISION_APPROVE, actor, NULL);
      state->approve_needs_reason = has_code (state->checks, "reason_required");
      if (actor->role < 0)
        {
          state->approve_refusal = g_strdup (_("Sign in to decide requests"));
          state->reject_refusal = g_strdup (state->approve_refusal);
        }
      else
        {
          if ((blocking = first_blocking_except_reason (state->checks)))
            state->approve_refusal = g_strdup (blocking->message);
          if ((blocking = fb_checks_first_blocking (reject)))
            state->reject_refusal = g_strdup (blocking->message);
        }
    }
  else
    {
      state->approve_refusal = g_strdup (state->held ? _("Decided; undo it first") : _("Already decided"));
      state->reject_refusal = g_strdup (state->approve_refusal);
    }
  return g_steal_pointer (&state);
}

static FbRequestState *
state_for (FbRequestsPage *self,
           FbRow          *row)
{
  g_autofree char *key = row_key (row);
  g_autoptr(FbRow) keep = NULL;
  FbRequestState *state;
  Actor actor;

  if ((state = g_hash_table_lookup (self->states, key)))
    return state;
  actor_init (self, &actor, &keep);
  if (!(state = build_state (self, row, &actor)))
    return NULL;
  g_hash_table_insert (self->states, g_steal_pointer (&key), state);
  return state;
}

/* ---- rebuilding ---------------------------------------------------------- */

static void
read_outbox (FbRequestsPage *self)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  g_hash_table_remove_all (self->sending);
  if (self->store == NULL || self->engine == NULL || fb_sync_engine_get_pending_writes (self->engine) == 0)
    return;
  /* The signed-in user's own: another user's wait for them, unseen. */
  if (!(items = fb_store_outbox_list_owned (self->store, fb_sync_engine_get_server_url (self->engine),
                                            fb_sync_engine_get_username (self->engine), &error)))
    {
      g_warning ("Cannot read the outbox: %s", error->message);
      return;
    }
  for (guint i = 0; i < items->len; i++)
    {
      FbOutboxItem *item = g_ptr_array_index (items, i);

      if (item->refused == NULL && item->row_type != NULL && item->row_id != NULL)
        g_hash_table_add (self->sending, make_key (item->row_type, item->row_id));
    }
}

static gboolean
key_decidable (FbRequestsPage *self,
               const char     *key)
{
  FbRequestState *state = g_hash_table_lookup (self->states, key);

  return state != NULL && state->status == FB_REQUEST_PENDING && !state->held && !state->sending;
}

static void
update_toolbar (FbRequestsPage *self)
{
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  guint n_leave = 0, n_swaps = 0, n_selected = 0;
  g_autofree char *count = NULL;
  g_autofree char *label = NULL;
  GHashTableIter iter;
  gpointer key, value;
  int role = get_user_id (self) ? get_role (self) : -1;
  const char *authority = NULL;

  g_hash_table_iter_init (&iter, self->states);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      FbRequestState *state = value;

      if (state->status != FB_REQUEST_PENDING)
        continue;
      if (g_str_equal (state->kind, "leave_request"))
        n_leave++;
      else
        n_swaps++;
    }
  g_hash_table_iter_init (&iter, self->selected);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (key_decidable (self, key))
      n_selected++;

  {
    g_autofree char *leave = g_strdup_printf (ngettext ("%u leave request", "%u leave requests", n_leave), n_leave);
    g_autofree char *swaps = g_strdup_printf (ngettext ("%u swap", "%u swaps", n_swaps), n_swaps);

    /* Translators: "3 leave requests and 1 swap pending" */
    count = g_strdup_printf (_("%s and %s pending"), leave, swaps);
  }
  if (g_strcmp0 (gtk_label_get_text (self->count_label), count) != 0)
    gtk_label_set_text (self->count_label, count);

  /* Translators: the button approving every selected request; %u of them */
  label = n_selected > 0 ? g_strdup_printf (_("Approve _Selected (%u)"), n_selected) : g_strdup (_("Approve _Selected"));
  gtk_button_set_label (self->approve_selected_button, label);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "requests.approve-selected", n_selected > 0);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->approve_selected_button),
                               n_selected > 0 ? _("Approves each selected request that passes every check")
                                              : _("Select requests with their check boxes first"));

  if (role < 0)
    authority = _("Signed out: the requests show as last synced. Sign in to decide them.");
  else if (!fb_role_can_decide_leave (role) && !fb_role_can_decide_swaps (role))
    authority = _("Your role decides neither leave nor shift swaps; the checks are shown for information.");
  else if (!fb_role_can_decide_leave (role))
    authority = _("Leave is decided by a department head or the center director; you may decide shift swaps.");
  if (authority)
    gtk_label_set_text (self->authority_label, authority);
  gtk_widget_set_visible (GTK_WIDGET (self->authority_label), authority != NULL);

  gtk_stack_set_visible_child_name (self->list_stack, n_shown > 0 ? "list" : "empty");
}

static void
rebind (FbRequestsPage *self)
{
  for (guint i = 0; i < self->bound->len; i++)
    {
      FbRequestRow *widget = g_ptr_array_index (self->bound, i);
      FbRequestState *old = fb_request_row_get_state (widget);
      g_autofree char *key = NULL;
      g_autoptr(FbRow) row = NULL;
      FbRequestState *state = NULL;

      if (old == NULL)
        continue;
      key = make_key (old->kind, old->id);
      row = lookup_row (self->lists[g_str_equal (old->kind, "leave_request") ? LIST_LEAVE : LIST_SWAP], old->id);
      if (row != NULL)
        state = state_for (self, row);
      fb_request_row_set_state (widget, state, g_hash_table_contains (self->selected, key));
    }
}

/* Everything the rules read, once per change of the rows. */
static void
rebuild (FbRequestsPage *self)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (CENTER_UTC_OFFSET_S);
  g_autoptr(FbRow) keep = NULL;
  GHashTableIter iter;
  gpointer key;
  Actor actor;

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  self->dirty = FALSE;
  self->n_rebuilds++;

  g_clear_pointer (&self->roster, fb_roster_free);
  self->roster = fb_roster_new (tz);
  for (guint l = 0; l < N_LISTS; l++)
    {
      guint n;

      if (l == LIST_USER || self->lists[l] == NULL)
        continue;
      n = g_list_model_get_n_items (self->lists[l]);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(FbRow) row = g_list_model_get_item (self->lists[l], i);

          if (fb_row_get_entity (row) != NULL)
            fb_roster_add_row (self->roster, row);
        }
    }
  remember_agents (self);
  read_outbox (self);

  /* Pending ones now (they are counted and checked); decided history
   * only when a row shows it. */
  g_hash_table_remove_all (self->states);
  actor_init (self, &actor, &keep);
  for (guint l = LIST_LEAVE; l <= LIST_SWAP; l++)
    {
      guint n = self->lists[l] ? g_list_model_get_n_items (self->lists[l]) : 0;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(FbRow) row = g_list_model_get_item (self->lists[l], i);
          FbRequestState *state;

          if (!in_front (self, row) || !(state = build_state (self, row, &actor)))
            continue;
          g_hash_table_insert (self->states, row_key (row), state);
        }
    }

  /* A selection holds only what can still be decided. */
  g_hash_table_iter_init (&iter, self->selected);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!key_decidable (self, key))
      g_hash_table_iter_remove (&iter);

  rebind (self);
  update_toolbar (self);
}

static gboolean
rebuild_cb (gpointer data)
{
  FbRequestsPage *self = data;

  self->rebuild_id = 0;
  rebuild (self);
  return G_SOURCE_REMOVE;
}

/* Rows come in pages of a sync: one rebuild for all, before the frame,
 * and none while the page is hidden (it catches up when shown). */
static void
queue_rebuild (FbRequestsPage *self)
{
  self->dirty = TRUE;
  if (self->rebuild_id != 0 || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  self->rebuild_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, rebuild_cb, self, NULL);
}

static void
ensure_fresh (FbRequestsPage *self)
{
  if (self->dirty || self->roster == NULL)
    rebuild (self);
}

static void
refilter (FbRequestsPage *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  if (self->sorted != NULL)
    gtk_sorter_changed (gtk_sort_list_model_get_sorter (self->sorted), GTK_SORTER_CHANGE_DIFFERENT);
}

/* ---- deciding ------------------------------------------------------------ */

typedef struct
{
  GWeakRef      page;
  char         *key;
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
  gboolean ok = fb_sync_engine_submit_finish (FB_SYNC_ENGINE (object), result, &error);

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
      refilter (self);
      rebuild (self);
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
      fb_sync_engine_submit_async (self->engine, held->path, held->body, held->kind, held->id, held->optimistic,
                                   NULL, submit_cb, submit);
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
static void
send_held (FbRequestsPage *self,
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
  refilter (self);
  rebuild (self);
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
  refilter (self);
  rebuild (self);
}

void
fb_requests_page_flush (FbRequestsPage *self)
{
  g_return_if_fail (FB_IS_REQUESTS_PAGE (self));

  if (self->toast == NULL)
    return;
  send_held (self, TRUE);
  refilter (self);
  rebuild (self);
}

static Held *
make_held (FbRequestsPage  *self,
           FbRow           *row,
           FbDecision       decision,
           const char      *reason,
           const Actor     *actor,
           char           **refusal)
{
  g_autoptr(GPtrArray) checks = decision_checks (self, row, decision, actor, reason);
  const FbCheck *blocking = fb_checks_first_blocking (checks);
  g_autoptr(JsonNode) current = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *escaped = NULL;
  FbRequestState *state = state_for (self, row);
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
  held->key = row_key (row);
  held->kind = g_strdup (fb_row_get_kind (row));
  held->id = g_strdup (fb_row_get_id (row));
  held->decision = decision;
  held->reason = reason && reason[0] ? g_strdup (reason) : NULL;
  /* Translators: whose request and what kind ("상담원 2, Vacation") */
  held->label = state ? g_strdup_printf (_("%s, %s"), state->who, state->type_label) : g_strdup (held->id);

  current = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (current, fb_row_get_object (row));
  if (is_leave (row))
    held->optimistic = fb_leave_apply_decision (current, decision, actor->user_id, held->reason, now);
  else
    held->optimistic = fb_swap_apply_decision (self->roster, current, decision, actor->role, actor->team_id,
                                               actor->user_id, held->reason, now);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "decision");
  json_builder_add_string_value (builder, fb_decision_values[decision]);
  if (held->reason != NULL)
    {
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, held->reason);
    }
  /* The version the decider saw: a change meanwhile is a conflict (409). */
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, fb_row_get_version (row));
  json_builder_end_object (builder);
  held->body = json_builder_get_root (builder);

  escaped = g_uri_escape_string (held->id, NULL, FALSE);
  held->path = g_strdup_printf (is_leave (row) ? "/api/v1/leave-requests/%s/decision"
                                               : "/api/v1/swap-requests/%s/decision", escaped);
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
  g_object_set_data_full (G_OBJECT (toast), "fb-batch", batch, batch_free);
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
  refilter (self);
  rebuild (self);
}

static void
show_batch_message (FbRequestsPage *self,
                    const char     *text)
{
  gtk_label_set_text (self->batch_label, text ? text : "");
  gtk_widget_set_visible (self->batch_box, text != NULL && text[0] != '\0');
}

static void
decide_cb (FbRequestRow   *widget,
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
  ensure_fresh (self);
  row = lookup_row (self->lists[g_str_equal (state->kind, "leave_request") ? LIST_LEAVE : LIST_SWAP], state->id);
  if (row == NULL)
    return;
  actor_init (self, &actor, &keep);
  if (!(one = make_held (self, row, decision, reason, &actor, &refusal)))
    {
      show_batch_message (self, refusal);
      return;
    }
  held = g_ptr_array_new_with_free_func (held_free);
  g_ptr_array_add (held, one);
  hold (self, held, decision);
}

static void
select_toggled_cb (FbRequestRow   *widget,
                   gboolean        active,
                   FbRequestsPage *self)
{
  FbRequestState *state = fb_request_row_get_state (widget);

  if (state != NULL)
    fb_requests_page_set_selected (self, state->id, active);
}

static void
approve_selected_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  FbRequestsPage *self = FB_REQUESTS_PAGE (widget);
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (held_free);
  g_autoptr(GString) skipped = g_string_new (NULL);
  g_autoptr(FbRow) keep = NULL;
  guint n_skipped = 0;
  guint n;
  Actor actor;

  ensure_fresh (self);
  actor_init (self, &actor, &keep);
  /* In the order listed, so the message reads like the list. */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->sorted));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbRow) row = g_list_model_get_item (G_LIST_MODEL (self->sorted), i);
      g_autofree char *key = row_key (row);
      g_autofree char *refusal = NULL;
      FbRequestState *state;
      Held *one;

      if (!g_hash_table_contains (self->selected, key) || !key_decidable (self, key))
        continue;
      state = state_for (self, row);
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
    update_toolbar (self);
}

static void
dismiss_batch_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  show_batch_message (FB_REQUESTS_PAGE (widget), NULL);
}

/* ---- the list ------------------------------------------------------------ */

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          FbRequestsPage           *self)
{
  GtkWidget *row = fb_request_row_new ();

  g_signal_connect_object (row, "decide", G_CALLBACK (decide_cb), self, 0);
  g_signal_connect_object (row, "select-toggled", G_CALLBACK (select_toggled_cb), self, 0);
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_child (item, row);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         FbRequestsPage           *self)
{
  FbRequestRow *widget = FB_REQUEST_ROW (gtk_list_item_get_child (item));
  FbRow *row = gtk_list_item_get_item (item);
  g_autofree char *key = row_key (row);

  ensure_fresh (self);
  fb_request_row_set_state (widget, state_for (self, row), g_hash_table_contains (self->selected, key));
  g_ptr_array_add (self->bound, widget);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           FbRequestsPage           *self)
{
  FbRequestRow *widget = FB_REQUEST_ROW (gtk_list_item_get_child (item));

  g_ptr_array_remove_fast (self->bound, widget);
  fb_request_row_set_state (widget, NULL, FALSE);
}

static void
rows_changed_cb (FbRequestsPage *self)
{
  queue_rebuild (self);
}

/* What the rules read of an agent: not their state, which changes every
 * second on a live floor. */
static char *
agent_signature (FbRow *row)
{
  const FbAgent *agent = fb_row_get_entity (row);

  if (agent == NULL)
    return g_strdup ("");
  return g_strdup_printf ("%s\x1f%s\x1f%s\x1f%d", agent->name, agent->team_id ? agent->team_id : "",
                          agent->queue_id ? agent->queue_id : "", (int) agent->grade);
}

static void
remember_agents (FbRequestsPage *self)
{
  GListModel *agents = self->lists[LIST_AGENT];
  guint n = agents ? g_list_model_get_n_items (agents) : 0;

  g_hash_table_remove_all (self->agent_sigs);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbRow) row = g_list_model_get_item (agents, i);

      g_hash_table_insert (self->agent_sigs, g_strdup (fb_row_get_id (row)), agent_signature (row));
    }
}

/* Agents change state all day: rebuild only when what the rules read
 * (name, team, queue, grade) or the set of agents changed. */
static void
agents_changed_cb (GListModel     *agents,
                   guint           position,
                   guint           removed,
                   guint           added,
                   FbRequestsPage *self)
{
  if (removed != added || self->dirty)
    {
      queue_rebuild (self);
      return;
    }
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(FbRow) row = g_list_model_get_item (agents, i);
      g_autofree char *sig = agent_signature (row);

      if (g_strcmp0 (g_hash_table_lookup (self->agent_sigs, fb_row_get_id (row)), sig) != 0)
        {
          queue_rebuild (self);
          return;
        }
    }
}

static void
sorted_changed_cb (FbRequestsPage *self)
{
  gtk_stack_set_visible_child_name (self->list_stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->sorted)) > 0 ? "list" : "empty");
}

void
fb_requests_page_set_rows (FbRequestsPage *self,
                           const char     *kind,
                           GListModel     *rows)
{
  guint l;

  g_return_if_fail (FB_IS_REQUESTS_PAGE (self));
  g_return_if_fail (kind != NULL);
  g_return_if_fail (rows == NULL || G_IS_LIST_MODEL (rows));

  for (l = 0; l < N_LISTS; l++)
    if (g_str_equal (kind, list_kinds[l]))
      break;
  g_return_if_fail (l < N_LISTS);

  if (self->lists[l] == rows)
    return;
  if (self->lists[l] != NULL)
    g_signal_handlers_disconnect_by_data (self->lists[l], self);
  g_set_object (&self->lists[l], rows);
  if (rows != NULL && l == LIST_AGENT)
    g_signal_connect_object (rows, "items-changed", G_CALLBACK (agents_changed_cb), self, 0);
  else if (rows != NULL)
    g_signal_connect_object (rows, "items-changed", G_CALLBACK (rows_changed_cb), self, G_CONNECT_SWAPPED);

  if (l == LIST_LEAVE || l == LIST_SWAP)
    {
      g_list_store_remove_all (self->requests);
      for (guint i = LIST_LEAVE; i <= LIST_SWAP; i++)
        if (self->lists[i] != NULL)
          g_list_store_append (self->requests, self->lists[i]);
    }
  self->dirty = TRUE;
  queue_rebuild (self);
}

static void
engine_changed_cb (FbRequestsPage *self)
{
  queue_rebuild (self);
}

GListModel *
fb_requests_page_get_visible (FbRequestsPage *self)
{
  g_return_val_if_fail (FB_IS_REQUESTS_PAGE (self), NULL);
  return G_LIST_MODEL (self->sorted);
}

FbRequestState *
fb_requests_page_get_state (FbRequestsPage *self,
                            const char     *id)
{
  g_return_val_if_fail (FB_IS_REQUESTS_PAGE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  ensure_fresh (self);
  for (guint l = LIST_LEAVE; l <= LIST_SWAP; l++)
    {
      g_autoptr(FbRow) row = lookup_row (self->lists[l], id);

      if (row != NULL)
        return state_for (self, row);
    }
  return NULL;
}

GtkWidget *
fb_requests_page_get_row (FbRequestsPage *self,
                          const char     *id)
{
  g_return_val_if_fail (FB_IS_REQUESTS_PAGE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < self->bound->len; i++)
    {
      FbRequestRow *row = g_ptr_array_index (self->bound, i);
      FbRequestState *state = fb_request_row_get_state (row);

      if (state != NULL && g_str_equal (state->id, id))
        return GTK_WIDGET (row);
    }
  return NULL;
}

void
fb_requests_page_set_selected (FbRequestsPage *self,
                               const char     *id,
                               gboolean        selected)
{
  FbRequestState *state;
  g_autofree char *key = NULL;

  g_return_if_fail (FB_IS_REQUESTS_PAGE (self));
  g_return_if_fail (id != NULL);

  if (!(state = fb_requests_page_get_state (self, id)))
    return;
  key = make_key (state->kind, state->id);
  if (selected && key_decidable (self, key))
    g_hash_table_add (self->selected, g_steal_pointer (&key));
  else
    g_hash_table_remove (self->selected, key);
  rebind (self);
  update_toolbar (self);
}

guint
fb_requests_page_get_n_selected (FbRequestsPage *self)
{
  g_return_val_if_fail (FB_IS_REQUESTS_PAGE (self), 0);
  return g_hash_table_size (self->selected);
}

AdwToast *
fb_requests_page_get_toast (FbRequestsPage *self)
{
  g_return_val_if_fail (FB_IS_REQUESTS_PAGE (self), NULL);
  return self->toast;
}

const char *
fb_requests_page_get_batch_message (FbRequestsPage *self)
{
  g_return_val_if_fail (FB_IS_REQUESTS_PAGE (self), NULL);
  return gtk_widget_get_visible (self->batch_box) ? gtk_label_get_text (self->batch_label) : "";
}

/* ---- filters ------------------------------------------------------------- */

static void
set_filter_kind (FbRequestsPage *self,
                 int             value)
{
  if (self->filter_kind == value)
    return;
  self->filter_kind = value;
  if ((int) gtk_drop_down_get_selected (self->filter_dropdown) != value)
    gtk_drop_down_set_selected (self->filter_dropdown, value);
  refilter (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
}

static void
set_show_decided (FbRequestsPage *self,
                  gboolean        value)
{
  value = !!value;
  if (self->show_decided == value)
    return;
  self->show_decided = value;
  if (gtk_toggle_button_get_active (self->decided_toggle) != value)
    gtk_toggle_button_set_active (self->decided_toggle, value);
  refilter (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_DECIDED]);
}

static void
filter_dropdown_cb (FbRequestsPage *self)
{
  guint position = gtk_drop_down_get_selected (self->filter_dropdown);

  if (position != GTK_INVALID_LIST_POSITION)
    set_filter_kind (self, (int) position);
}

static void
decided_toggled_cb (FbRequestsPage *self)
{
  set_show_decided (self, gtk_toggle_button_get_active (self->decided_toggle));
}

/* ---- widget -------------------------------------------------------------- */

static gboolean
close_request_cb (GtkWindow      *window,
                  FbRequestsPage *self)
{
  /* Nothing the user did is lost: held decisions go now. */
  fb_requests_page_flush (self);
  return FALSE;
}

static void
fb_requests_page_root (GtkWidget *widget)
{
  FbRequestsPage *self = FB_REQUESTS_PAGE (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (fb_requests_page_parent_class)->root (widget);
  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    {
      g_set_weak_pointer (&self->window, GTK_WIDGET (root));
      g_signal_connect (root, "close-request", G_CALLBACK (close_request_cb), self);
    }
}

static void
fb_requests_page_unroot (GtkWidget *widget)
{
  FbRequestsPage *self = FB_REQUESTS_PAGE (widget);

  if (self->window != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->window, close_request_cb, self);
      g_clear_weak_pointer (&self->window);
    }
  /* Torn down with the window: sent, the toast left to the overlay. */
  send_held (self, FALSE);
  GTK_WIDGET_CLASS (fb_requests_page_parent_class)->unroot (widget);
}

static void
fb_requests_page_map (GtkWidget *widget)
{
  FbRequestsPage *self = FB_REQUESTS_PAGE (widget);

  GTK_WIDGET_CLASS (fb_requests_page_parent_class)->map (widget);
  /* Shown again: what was decided last time is history now. */
  if (g_hash_table_size (self->recent) > 0)
    {
      g_hash_table_remove_all (self->recent);
      refilter (self);
    }
  if (self->dirty)
    queue_rebuild (self);
}

static void
fb_requests_page_unmap (GtkWidget *widget)
{
  FbRequestsPage *self = FB_REQUESTS_PAGE (widget);

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  GTK_WIDGET_CLASS (fb_requests_page_parent_class)->unmap (widget);
}

static void
set_context (FbRequestsPage *self,
             FbContext      *context)
{
  if (self->context == context)
    return;
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->context, context);
  /* The cache is read to tell which decisions still wait in the outbox. */
  g_set_object (&self->store, (context ? fb_context_get_store (context) : NULL));
  g_set_object (&self->engine, (context ? fb_context_get_engine (context) : NULL));
  g_clear_pointer (&self->names, g_hash_table_unref);
  self->names = context ? g_hash_table_ref (fb_context_get_names (context)) : NULL;
  /* Another user or role, and the outbox emptying, change what rows say. */
  if (self->engine != NULL)
    {
      g_signal_connect_object (self->engine, "notify::state", G_CALLBACK (engine_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->engine, "notify::pending-writes", G_CALLBACK (engine_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  self->dirty = TRUE;
  queue_rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
}

static void
fb_requests_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  FbRequestsPage *self = FB_REQUESTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_FILTER:
      g_value_set_int (value, self->filter_kind);
      break;
    case PROP_SHOW_DECIDED:
      g_value_set_boolean (value, self->show_decided);
      break;
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_requests_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  FbRequestsPage *self = FB_REQUESTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_FILTER:
      set_filter_kind (self, g_value_get_int (value));
      break;
    case PROP_SHOW_DECIDED:
      set_show_decided (self, g_value_get_boolean (value));
      break;
    case PROP_CONTEXT:
      set_context (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_requests_page_dispose (GObject *object)
{
  FbRequestsPage *self = FB_REQUESTS_PAGE (object);

  /* Held decisions are sent, not dropped, whatever closes the page. */
  send_held (self, FALSE);
  g_clear_handle_id (&self->retire_id, g_source_remove);
  g_clear_object (&self->retiring);
  g_clear_object (&self->waiting);
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  for (guint l = 0; l < N_LISTS; l++)
    if (self->lists[l] != NULL)
      g_signal_handlers_disconnect_by_data (self->lists[l], self);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  if (self->window != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->window, close_request_cb, self);
      g_clear_weak_pointer (&self->window);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_REQUESTS_PAGE);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self)));)
    gtk_widget_unparent (child);
  g_clear_object (&self->sorted);
  g_clear_object (&self->requests);
  for (guint l = 0; l < N_LISTS; l++)
    g_clear_object (&self->lists[l]);
  g_clear_object (&self->engine);
  g_clear_object (&self->store);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_pointer (&self->roster, fb_roster_free);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (fb_requests_page_parent_class)->dispose (object);
}

static void
fb_requests_page_finalize (GObject *object)
{
  FbRequestsPage *self = FB_REQUESTS_PAGE (object);

  g_clear_pointer (&self->states, g_hash_table_unref);
  g_clear_pointer (&self->agent_sigs, g_hash_table_unref);
  g_clear_pointer (&self->sending, g_hash_table_unref);
  g_clear_pointer (&self->queuing, g_hash_table_unref);
  g_clear_pointer (&self->recent, g_hash_table_unref);
  g_clear_pointer (&self->selected, g_hash_table_unref);
  g_clear_pointer (&self->bound, g_ptr_array_unref);

  G_OBJECT_CLASS (fb_requests_page_parent_class)->finalize (object);
}

static void
fb_requests_page_class_init (FbRequestsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_requests_page_dispose;
  object_class->finalize = fb_requests_page_finalize;
  object_class->get_property = fb_requests_page_get_property;
  object_class->set_property = fb_requests_page_set_property;
  widget_class->root = fb_requests_page_root;
  widget_class->unroot = fb_requests_page_unroot;
  widget_class->map = fb_requests_page_map;
  widget_class->unmap = fb_requests_page_unmap;

  properties[PROP_FILTER] =
    g_param_spec_int ("filter", NULL, NULL, FB_REQUEST_FILTER_ALL, FB_REQUEST_FILTER_SWAPS, FB_REQUEST_FILTER_ALL,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_DECIDED] =
    g_param_spec_boolean ("show-decided", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONTEXT] = fb_context_param_spec_new ();
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FB_TYPE_REQUEST_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/floorboard/Floorboard/ui/fb-requests-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FbRequestsPage, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FbRequestsPage, decided_toggle);
  gtk_widget_class_bind_template_child (widget_class, FbRequestsPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, FbRequestsPage, approve_selected_button);
  gtk_widget_class_bind_template_child (widget_class, FbRequestsPage, authority_label);
  gtk_widget_class_bind_template_child (widget_class, FbRequestsPage, batch_box);
  gtk_widget_class_bind_template_child (widget_class, FbRequestsPage, batch_label);
  gtk_widget_class_bind_template_child (widget_class, FbRequestsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, FbRequestsPage, list_view);
  gtk_widget_class_bind_template_callback (widget_class, filter_dropdown_cb);
  gtk_widget_class_bind_template_callback (widget_class, decided_toggled_cb);

  gtk_widget_class_install_action (widget_class, "requests.approve-selected", NULL, approve_selected_action);
  gtk_widget_class_install_action (widget_class, "requests.dismiss-batch", NULL, dismiss_batch_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
fb_requests_page_init (FbRequestsPage *self)
{
  g_autoptr(GtkStringList) kinds = NULL;
  g_autoptr(GtkNoSelection) selection = NULL;
  GtkListItemFactory *factory;
  GtkSorter *sorter;

  self->states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) fb_request_state_unref);
  self->agent_sigs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->sending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->queuing = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, held_free);
  self->recent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->selected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->bound = g_ptr_array_new ();
  self->dirty = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  kinds = gtk_string_list_new ((const char * const[]) { _("All Requests"), _("Leave"), _("Shift Swaps"), NULL });
  gtk_drop_down_set_model (self->filter_dropdown, G_LIST_MODEL (kinds));

  self->requests = g_list_store_new (G_TYPE_LIST_MODEL);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (g_object_ref (self->requests)))),
                                              GTK_FILTER (self->filter));
  sorter = GTK_SORTER (gtk_custom_sorter_new (compare_func, self, NULL));
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (self->filtered), sorter);
  g_signal_connect_object (self->sorted, "items-changed", G_CALLBACK (sorted_changed_cb), self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->sorted)));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));

  update_toolbar (self);
  sorted_changed_cb (self);
}

GtkWidget *
fb_requests_page_new (void)
{
  return g_object_new (FB_TYPE_REQUESTS_PAGE, NULL);
}

/* How often the rows' checks were worked out (for tests). */
guint
fb_requests_page_get_n_rebuilds (FbRequestsPage *self)
{
  g_return_val_if_fail (FB_IS_REQUESTS_PAGE (self), 0);
  return self->n_rebuilds;
}
