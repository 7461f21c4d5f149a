/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-simulator-private.h: the simulator's model, shared by the files it
 * is cut into:
 *   fb-simulator.c           the object, its figures and the main loop
 *   fb-simulator-config.c    the --sim-config file
 *   fb-simulator-model.c     the event heap, the center's time of day,
 *                            queues, calls, agents, breaks, seats, shifts
 *                            and the event loop
 *   fb-simulator-requests.c  new escalations, leave and swap requests
 *   fb-simulator-center.c    building the center from a config or a store
 *   fb-simulator-rows.c      writing the rows that changed
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "fb-center-clock.h"
#include "fb-entity.h"
#include "fb-escalation-rules.h"
#include "fb-request-rules.h"
#include "fb-server-store.h"
#include "fb-sim-common.h"
#include "fb-simulator.h"
#include "fb-store.h"

G_BEGIN_DECLS

#define DEMO_CENTER      "/org/floorboard/Floorboard/demo/center.json"
#define MINUTE           60.0
#define HOUR             3600.0
#define DAY              86400.0
#define QUARTER          ((gint64) 900)  /* the queue_interval rows' length */
#define MAX_QUEUES       200
#define MAX_AGENTS       2000
#define MAX_TOTAL_AGENTS 20000
#define MAX_ARRIVALS     100000.0
#define SIM_TEAM_ID      "team-sim"
/* Demo mode: what the store's rows do not say. */
#define DEMO_PATIENCE_S  150.0
#define DEMO_ACW_SHARE   0.15
#define DEMO_ACW_MAX_S   60.0
#define DEMO_FAULT_EVERY (5 * HOUR)
/* A new escalation now and then: a busy center sees several a shift
 * (one every 90 minutes on average). */
#define DEMO_ESCALATIONS_PER_HOUR (60.0 / 90.0)
#define MAX_ESCALATIONS_PER_HOUR  60.0
/* Agents ask for leave or a swap now and then, as they would through the
 * API: about two an hour in the demo center. */
#define DEMO_REQUESTS_PER_HOUR    2.0
#define MAX_REQUESTS_PER_HOUR     60.0
/* Tries to find a request its agent may submit (the rules' submit checks). */
#define REQUEST_TRIES             12
/* A tick never simulates more than this much real time (a stalled loop
 * must not make the next tick enormous). */
#define MAX_TICK_REAL_S  5.0

/* ---- config ------------------------------------------------------------- */

typedef struct
{
  char     *id;
  char     *name;
  double    arrivals_per_hour;
  double    aht_s;
  guint     agents;
  double    patience_s;       /* 0: nobody abandons */
  double    acw_s;
  gboolean  flat;
  gint64    sl_threshold_s;
} SimQueueConfig;

struct _FbSimConfig
{
  GPtrArray *queues;          /* SimQueueConfig */
  double     escalations_per_hour;
  double     requests_per_hour;
};

/* ---- model -------------------------------------------------------------- */

typedef enum
{
  EV_ARRIVAL,       /* index: queue */
  EV_ABANDON,       /* index: call slot, tag: call serial */
  EV_TALK_END,      /* index: agent, tag: agent epoch */
  EV_ACW_END,
  EV_BREAK_DUE,
  EV_BREAK_END,
  EV_SHIFT_START,   /* index: team */
  EV_SHIFT_END,
  EV_FAULT,
  EV_REPAIR,        /* index: seat */
  EV_MIDNIGHT,
  EV_QUARTER,       /* tag: the new quarter's start, unix seconds */
  EV_ESCALATION,    /* a customer's complaint goes up; tag: escalation epoch */
  EV_REQUEST,       /* an agent asks for leave or a swap; tag: request epoch */
} EventKind;

typedef struct
{
  double    time;
  guint64   seq;
  guint32   kind;
  guint32   index;
  guint64   tag;
} Event;

typedef struct
{
  double    arrival;
  gint64    quarter;    /* the interval the call counts in (unix start) */
  guint64   serial;
  guint32   queue;
  gboolean  waiting;
} Call;

typedef struct
{
  guint32   slot;
  guint64   serial;
} Waiter;

/* A queue's counts over one quarter hour: a queue_interval row.
 *
 * A call counts in the quarter it arrived in, and so does what became
 * of it (answered, abandoned, its wait and handle time), even when that
 * happens in a later quarter: each row then keeps answered + abandoned
 * <= offered, and a day's rows add up to the day's figures. A quarter's
 * row is final once its last caller is answered or hangs up. At
 * midnight, callers still waiting are offered again to the new day's
 * first quarter, as the day's figures count them. */
typedef struct
{
  gint64 start;             /* unix seconds, a multiple of QUARTER */
  gint64 offered;
  gint64 answered;
  gint64 abandoned;
  gint64 in_sl;
  double handle;            /* talk + ACW of the answered calls */
  double wait;              /* waits of the answered calls */
  gint64 open;              /* offered here, still waiting */
  /* As last written (handle and wait in tenths): equal, no write. */
  gint64 written[6];
  gboolean has_written;
} SimInterval;

/* What a queue row shows, rounded as written: equal figures, no write. */
typedef struct
{
  gint64 waiting;
  gint64 longest_wait_s;
  gint64 agents_available;
  gint64 agents_busy;
  gint64 offered;
  gint64 answered;
  gint64 abandoned;
  gint64 sl_milli;
  gint64 asa_deci;
  gint64 aht_deci;
} RowFigures;

typedef struct
{
  char        *id;
  char        *name;
  char        *zone;          /* seats to prefer, or NULL */
  gint64       threshold;
  double       mean_rate;     /* calls per second, averaged over the day */
  double       peak_rate;     /* the thinning bound (= mean when flat) */
  gboolean     flat;
  double       talk_s;
  double       acw_s;
  double       patience_s;    /* 0: nobody abandons */

  GArray      *fifo;          /* Waiter; stale entries skipped */
  guint        head;
  gint64       n_waiting;
  GQueue       idle;          /* SimAgent, longest idle first */
  GPtrArray   *agents;        /* SimAgent, not owned */

  gint64       offered;
  gint64       answered;
  gint64       abandoned;
  gint64       within;
  gint64       handled;
  double       sum_wait;
  double       sum_handle;    /* of answered calls, known when answered */

  GArray      *intervals;     /* SimInterval by start: the running quarter
                               * and those still waiting for an outcome
                               * or a write */

  RowFigures   written;
  gboolean     has_written;
} SimQueue;

typedef struct
{
  char         *id;
  guint         index;        /* in FbSimulator.agents */
  char         *name;         /* config mode only */
  guint         number;       /* config mode only: employee number */
  guint         queue;
  int           team;         /* -1: always logged on */
  FbAgentState  state;
  double        since;        /* sim seconds */
  double        handle_start;
  double        acw_len;      /* the running call's after-call work */
  guint64       epoch;
  int           seat;         /* -1: none */
  gboolean      break_due;
  gboolean      shift_over;
  gboolean      in_idle;
  gboolean      dirty;
} SimAgent;

typedef struct
{
  char       *id;
  FbShift     shift;
  int         start_min;      /* local minutes since midnight */
  int         end_min;
  GPtrArray  *agents;         /* SimAgent, not owned */
} SimTeam;

typedef struct
{
  char     *id;
  char     *zone;
  int       agent;            /* index into agents, -1 when free */
  gboolean  faulty;
  gboolean  dirty;
} SimSeat;

struct _FbSimulator
{
  GObject          parent_instance;

  FbServerStore   *store;
  FbCenterClock   *clock;
  gboolean         configured;    /* a config built the center */
  gboolean         team_written;
  gboolean         daily_reset;
  GRand           *rand;
  gint64           start_unix;
  gint64           quarter_base;  /* the center quarter holding start_unix */
  double           now;
  /* The center's UTC offset over sim time [offset_from, offset_until):
   * arrivals ask for it per call, the zone is asked once a quarter hour. */
  double           offset_from;
  double           offset_until;
  gint64           offset_s;

  GArray          *events;        /* Event, a binary min-heap */
  guint64          next_seq;

  GArray          *calls;         /* Call */
  GArray          *free_calls;    /* guint32 */
  guint64          next_call;

  GPtrArray       *queues;        /* SimQueue */
  GPtrArray       *agents;        /* SimAgent */
  GPtrArray       *teams;         /* SimTeam */
  GPtrArray       *seats;         /* SimSeat */
  GPtrArray       *assignments;   /* JsonNode, seat_assignment rows to write */
  GPtrArray       *escalations;   /* JsonNode, new escalation rows to write */
  guint64          n_escalations;
  /* New escalations draw from their own stream: their rate does not
   * change the calls a seed gives. */
  GRand           *esc_rand;
  double           esc_per_hour;
  guint64          esc_epoch;     /* a rate change drops the old event */
  JsonNode        *texts;         /* demo texts.json, NULL when unreadable */
  JsonNode        *names;         /* demo names.json */
  GPtrArray       *esc_templates; /* JsonObject of texts, not owned */
  GHashTable      *agent_users;   /* agent id -> user id */
  /* Leave and swap requests, from a stream of their own too. */
  GRand           *req_rand;
  double           req_per_hour;
  guint64          req_epoch;
  guint64          n_requests;
  GPtrArray       *new_leaves;    /* JsonNode, leave_request rows to write */
  GPtrArray       *new_swaps;     /* JsonNode, swap_request rows to write */

  double           profile[24];
  double           profile_mean;
  double           profile_max;
  double           weekday[7];    /* demo mode, Monday first; else 1 */
  double           weekday_max;

  guint            timer;
  double           speed;
  gint64           last_tick_us;
};


#define QUEUE(s, i) ((SimQueue *) g_ptr_array_index ((s)->queues, (i)))
#define AGENT(s, i) ((SimAgent *) g_ptr_array_index ((s)->agents, (i)))
#define TEAM(s, i)  ((SimTeam *) g_ptr_array_index ((s)->teams, (i)))
#define SEAT(s, i)  ((SimSeat *) g_ptr_array_index ((s)->seats, (i)))
#define CALL(s, i)  (&g_array_index ((s)->calls, Call, (i)))

/* ---- random numbers ------------------------------------------------------ */

/* A supervisor's seat plan of one date and shift (seat_assignment rows
 * written through the API before the shift began). */
typedef struct
{
  GHashTable *seat_of;    /* agent id -> seat index + 1 */
  GHashTable *reserved;   /* seat index + 1 of those coming to work */
} SeatPlan;

static inline double
exponential (FbSimulator *self,
             double       mean)
{
  return fb_sim_rand_exponential (self->rand, mean);
}

static inline double
uniform (FbSimulator *self,
         double       lo,
         double       hi)
{
  return g_rand_double_range (self->rand, lo, hi);
}

/* fb-simulator-config.c */
G_GNUC_INTERNAL
gboolean fb_sim_is_number (JsonNode *node);
G_GNUC_INTERNAL
JsonNode *fb_sim_member (JsonObject *object,
                         const char *name);

/* fb-simulator-model.c */
G_GNUC_INTERNAL
void fb_sim_schedule (FbSimulator *self,
                      double       time,
                      EventKind    kind,
                      guint        index,
                      guint64      tag);
G_GNUC_INTERNAL
double fb_sim_local_seconds (FbSimulator *self,
                             double       t);
G_GNUC_INTERNAL
double fb_sim_next_time_of_day (FbSimulator *self,
                                double       seconds_of_day);
G_GNUC_INTERNAL
char *fb_sim_local_date (FbSimulator *self,
                         double       t);
G_GNUC_INTERNAL
gint64 fb_sim_quarter_of (FbSimulator *self,
                          double       t);
G_GNUC_INTERNAL
void fb_sim_reset_counters (SimQueue *q);

G_GNUC_INTERNAL
SimInterval *fb_sim_interval_find (SimQueue *q,
                                   gint64    start);
G_GNUC_INTERNAL
SimInterval *fb_sim_interval_get (SimQueue *q,
                                  gint64    start);
G_GNUC_INTERNAL
void fb_sim_count_offered (SimQueue *q,
                           Call     *call,
                           gint64    quarter);
G_GNUC_INTERNAL
guint32 fb_sim_new_call (FbSimulator *self,
                         guint        queue,
                         double       arrival);
G_GNUC_INTERNAL
void fb_sim_enqueue_call (FbSimulator *self,
                          SimQueue    *q,
                          guint32      slot);
G_GNUC_INTERNAL
Waiter *fb_sim_fifo_front (FbSimulator *self,
                           SimQueue    *q);
G_GNUC_INTERNAL
void fb_sim_fifo_pop (SimQueue *q);
G_GNUC_INTERNAL
void fb_sim_answer (FbSimulator *self,
                    SimQueue    *q,
                    SimAgent    *agent,
                    guint32      slot);
G_GNUC_INTERNAL
void fb_sim_schedule_break (FbSimulator *self,
                            SimAgent    *agent,
                            double       lo,
                            double       hi);
G_GNUC_INTERNAL
void fb_sim_release_seat (FbSimulator *self,
                          SimAgent    *agent);
G_GNUC_INTERNAL
void fb_sim_log_off (FbSimulator *self,
                     SimAgent    *agent);
G_GNUC_INTERNAL
void fb_sim_seat_plan_free (SeatPlan *plan);
G_GNUC_INTERNAL
void fb_sim_log_on (FbSimulator    *self,
                    SimAgent       *agent,
                    const char     *date,
                    const SeatPlan *plan);
G_GNUC_INTERNAL
GHashTable *fb_sim_agents_on_leave (FbSimulator *self,
                                    const char  *date);
G_GNUC_INTERNAL
SeatPlan *fb_sim_load_seat_plan (FbSimulator *self,
                                 const char  *date,
                                 FbShift      shift,
                                 GHashTable  *away);

/* fb-simulator-requests.c */
G_GNUC_INTERNAL
void fb_sim_raise_escalation (FbSimulator *self);
G_GNUC_INTERNAL
void fb_sim_schedule_escalation (FbSimulator *self);
G_GNUC_INTERNAL
void fb_sim_submit_request (FbSimulator *self);
G_GNUC_INTERNAL
void fb_sim_schedule_request (FbSimulator *self);

/* fb-simulator-center.c */
G_GNUC_INTERNAL
JsonNode *fb_sim_load_demo_center (GError **error);
G_GNUC_INTERNAL
gboolean fb_sim_load_escalation_texts (FbSimulator  *self,
                                       GError      **error);
G_GNUC_INTERNAL
gboolean fb_sim_load_escalation_state (FbSimulator  *self,
                                       GError      **error);
G_GNUC_INTERNAL
gboolean fb_sim_load_profile (FbSimulator  *self,
                              JsonObject   *center,
                              GError      **error);
G_GNUC_INTERNAL
void fb_sim_load_weekdays (FbSimulator *self,
                           JsonObject  *center);
G_GNUC_INTERNAL
void fb_sim_build_from_config (FbSimulator       *self,
                               const FbSimConfig *config);
G_GNUC_INTERNAL
int fb_sim_find_queue (FbSimulator *self,
                       const char  *id);
G_GNUC_INTERNAL
int fb_sim_find_seat (FbSimulator *self,
                      const char  *id);
G_GNUC_INTERNAL
void fb_sim_interval_figures (const SimInterval *iv,
                              gint64             f[6]);
G_GNUC_INTERNAL
void fb_sim_intervals_prune (FbSimulator *self,
                             SimQueue    *q);
G_GNUC_INTERNAL
gboolean fb_sim_build_from_store (FbSimulator  *self,
                                  JsonObject   *center,
                                  GError      **error);
G_GNUC_INTERNAL
void fb_sim_reconcile_agents (FbSimulator *self);
G_GNUC_INTERNAL
int fb_sim_compare_idle (gconstpointer a,
                         gconstpointer b,
                         gpointer      user_data);
G_GNUC_INTERNAL
void fb_sim_dispatch_all (FbSimulator *self);
G_GNUC_INTERNAL
void fb_sim_schedule_start (FbSimulator *self);

/* fb-simulator.c */
G_GNUC_INTERNAL
void fb_sim_queue_stats (FbSimulator     *self,
                         SimQueue        *q,
                         FbSimQueueStats *stats);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeatPlan, fb_sim_seat_plan_free)

G_END_DECLS
