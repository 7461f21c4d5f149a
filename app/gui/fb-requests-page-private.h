/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-requests-page-private.h: what the requests page's files share —
 * fb-requests-page.c (the lists, rebuilding, the widget),
 * fb-requests-page-state.c (what a row shows: the rules' checks for the
 * signed-in role) and fb-requests-page-batch.c (decisions held behind
 * Undo, then sent through the outbox). */
#pragma once

#include <adwaita.h>

#include "fb-request-row.h"
#include "fb-request-rules.h"
#include "fb-context.h"
#include "fb-requests-page.h"
#include "fb-row.h"
#include "fb-store.h"
#include "fb-sync-engine.h"

G_BEGIN_DECLS

enum {
  LIST_LEAVE,
  LIST_SWAP,
  LIST_TEAM,
  LIST_AGENT,
  LIST_USER,
  LIST_HOLIDAY_DUTY,
  N_LISTS
};

/* One decision held for Undo (or being queued in the outbox). */
typedef struct
{
  char       *key;
  char       *kind;
  char       *id;
  FbDecision  decision;
  char       *reason;
  gint64      version;    /* the row's, as the decider saw it */
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


/* The signed-in user, as the rules read them. */
typedef struct
{
  int           role;       /* -1 signed out */
  const char   *user_id;
  const char   *team_id;
  const char   *agent_id;
} Actor;

/* fb-requests-page.c */
char            *_fb_requests_page_row_key (FbRow           *row);
gboolean         _fb_requests_page_is_leave (FbRow           *row);
int              _fb_requests_page_get_role (FbRequestsPage  *self);
const char      *_fb_requests_page_get_user_id (FbRequestsPage  *self);
FbRow           *_fb_requests_page_lookup_row (GListModel      *model,
                                               const char      *id);
void             _fb_requests_page_refilter (FbRequestsPage  *self);
void             _fb_requests_page_rebuild (FbRequestsPage  *self);
void             _fb_requests_page_ensure_fresh (FbRequestsPage  *self);
gboolean         _fb_requests_page_key_decidable (FbRequestsPage  *self,
                                                  const char      *key);
void             _fb_requests_page_update_toolbar (FbRequestsPage  *self);
/* Test probe: the zone of the roster the checks run on. */
GTimeZone       *_fb_requests_page_get_time_zone (FbRequestsPage  *self);

/* fb-requests-page-state.c */
void             _fb_requests_page_actor_init (FbRequestsPage  *self,
                                               Actor           *actor,
                                               FbRow          **keep);
GPtrArray       *_fb_requests_page_decision_checks (FbRequestsPage  *self,
                                                    FbRow           *row,
                                                    FbDecision       decision,
                                                    const Actor     *actor,
                                                    const char      *reason);
FbRequestState  *_fb_requests_page_build_state (FbRequestsPage  *self,
                                                FbRow           *row,
                                                const Actor     *actor);
FbRequestState  *_fb_requests_page_state_for (FbRequestsPage  *self,
                                              FbRow           *row);

/* fb-requests-page-batch.c */
void             _fb_requests_page_held_free (gpointer         data);
void             _fb_requests_page_batch_free (gpointer         data);
void             _fb_requests_page_send_held (FbRequestsPage  *self,
                                              gboolean         dismiss);
void             _fb_requests_page_decide_cb (FbRequestRow    *widget,
                                              int              decision,
                                              const char      *reason,
                                              FbRequestsPage  *self);
void             _fb_requests_page_select_toggled_cb (FbRequestRow    *widget,
                                                      gboolean         active,
                                                      FbRequestsPage  *self);
void             _fb_requests_page_approve_selected_action (GtkWidget       *widget,
                                                            const char      *action_name,
                                                            GVariant        *param);
void             _fb_requests_page_dismiss_batch_action (GtkWidget       *widget,
                                                         const char      *action_name,
                                                         GVariant        *param);

G_END_DECLS
