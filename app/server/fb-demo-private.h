/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-demo-private.h: the demo seed's center under construction, shared
 * by the files it is cut into:
 *   fb-demo.c           fb_demo_seed() and the duty reports
 *   fb-demo-data.c      center time, the data files, rows, names
 *   fb-demo-staff.c     queues, teams, agents, seats, leave, the floor now
 *   fb-demo-center.c    writing teams, users, queues with their history,
 *                       agents and seats
 *   fb-demo-cases.c     escalations and QA evaluations
 *   fb-demo-requests.c  holiday duty, pending leaves and swaps
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "fb-auth.h"
#include "fb-center-clock.h"
#include "fb-demo.h"
#include "fb-entity.h"
#include "fb-request-rules.h"
#include "fb-server-store.h"
#include "fb-sim-common.h"

G_BEGIN_DECLS

/* Fixed, never time-based: determinism is part of the contract. */
#define DEMO_SEED        20261122u
#define MINUTE           ((gint64) 60)
#define HOUR             ((gint64) 3600)
#define DAY              ((gint64) 86400)
#define N_LEAVES         40
#define N_DECIDED_SWAPS  10
/* Agents of each shift on duty on the next public holiday. */
#define N_HOLIDAY_DUTY   3
/* Tries to build a pending request that comes out as planned. */
#define SCENARIO_TRIES   40
#define N_QA_MONTHS      3
#define N_QA_UNRATED     4
#define N_DUTY_SHIFTS    28
#define MAX_QUEUES       32
#define QUARTER          (15 * MINUTE)
#define QUARTERS_PER_DAY 96
/* Days of 15-minute history before today: last week's same day and one more. */
#define HISTORY_DAYS     8

typedef struct
{
  char    *id;
  char    *name;
  FbShift  shift;
  char    *start;
  char    *end;
  guint    leader;        /* index into Demo.agents */
} DemoTeam;

typedef struct
{
  char         *id;       /* "agent-017" */
  char         *user_id;  /* "u-agent017" */
  char         *name;
  char         *employee_no;
  FbGrade       grade;
  guint         team;
  guint         queue;    /* primary queue, index into Demo.queue_ids */
  guint32       skills;   /* bit per queue index */
  gboolean      leader;
  gboolean      on_leave; /* an approved leave covers the running shift */
  gint64        leave_start_day;
  gboolean      used;     /* scratch: already picked for a leave or swap */
  gboolean      on_duty;  /* works the next public holiday: no leave, no swap */
  FbAgentState  state;
  gint64        state_since;
  int           seat;     /* index into Demo.seats, -1 when not seated */
} DemoAgent;

typedef struct
{
  char     *id;
  char     *label;
  char     *zone;
  gint64    x;
  gint64    y;
  gboolean  faulty;
  char     *note;
  gint64    faulty_since;
  int       agent;        /* index into Demo.agents, -1 when free */
} DemoSeat;

/* A row whose id is given once all of its kind are sorted by time. */
typedef struct
{
  gint64      sort_key;
  JsonObject *row;
  /* Leave only: what the rest of the seed needs to know. */
  guint       agent;
  FbLeaveType type;
  gint64      start_day;
  gint64      end_day;
  int         status;
} DemoPending;

typedef struct
{
  FbServerStore *store;
  GRand         *rand;
  FbCenterClock *clock;
  GTimeZone     *zone;        /* the clock's */
  gint64         now;

  JsonNode      *center_root;
  JsonNode      *names_root;
  JsonNode      *texts_root;
  JsonObject    *center;
  JsonObject    *names;
  JsonObject    *texts;

  GPtrArray     *queue_ids;   /* char *, center.json order */
  GArray        *queue_zone;  /* guint, zone index of each queue */
  GPtrArray     *teams;       /* DemoTeam */
  GPtrArray     *agents;      /* DemoAgent */
  GPtrArray     *seats;       /* DemoSeat */
  GPtrArray     *leaves;      /* DemoPending */
  GPtrArray     *swaps;       /* DemoPending */
  GArray        *duty;        /* guint, agents on holiday duty */
  GHashTable    *used_names;

  gint64         holiday_day; /* the next public holiday, 0 when none */
  const char    *holiday;     /* its name, from texts.json */

  FbShift        shift;       /* the shift running at now */
  gint64         shift_day;   /* day number of the date it is named after */
  gint64         shift_start;
} Demo;

/* One stage of putting the demo's rows in the store, in the seed's one
 * transaction; the stages below are declared by it. */
typedef gboolean DemoPut (Demo    *d,
                          GError **error);
#define AGENT(d, i) ((DemoAgent *) g_ptr_array_index ((d)->agents, (i)))
#define TEAM(d, i)  ((DemoTeam *) g_ptr_array_index ((d)->teams, (i)))
#define SEAT(d, i)  ((DemoSeat *) g_ptr_array_index ((d)->seats, (i)))

/* Random numbers: every draw goes through these, in a fixed order. */

static inline gint64
rnd (Demo   *d,
     gint64  lo,
     gint64  hi)
{
  return fb_sim_rand_between (d->rand, lo, hi);
}

static inline double
rndf (Demo   *d,
      double  lo,
      double  hi)
{
  return g_rand_double_range (d->rand, lo, hi);
}

static inline gboolean
chance (Demo   *d,
        double  p)
{
  return g_rand_double (d->rand) < p;
}

static inline void
shuffle (Demo  *d,
         guint *items,
         guint  n)
{
  fb_sim_rand_shuffle (d->rand, items, n);
}

/* Rows. */

static inline const char *
str_member (JsonObject *object,
            const char *name)
{
  return json_object_get_string_member_with_default (object, name, "");
}

static inline void
set_str (JsonObject *row,
         const char *name,
         const char *value)
{
  if (value != NULL)
    json_object_set_string_member (row, name, value);
}

/* fb-demo-data.c */
G_GNUC_INTERNAL
char *fb_demo_day_string (Demo   *d,
                          gint64  day);
G_GNUC_INTERNAL
gint64 fb_demo_day_of (Demo   *d,
                       gint64  t);
G_GNUC_INTERNAL
gint64 fb_demo_day_start (Demo   *d,
                          gint64  day);
G_GNUC_INTERNAL
gint64 fb_demo_at (Demo   *d,
                   gint64  day,
                   int     hour,
                   int     minute);
G_GNUC_INTERNAL
gint64 fb_demo_seconds_into_day (Demo   *d,
                                 gint64  t);
G_GNUC_INTERNAL
char *fb_demo_format_center (Demo       *d,
                             gint64      t,
                             const char *format);
G_GNUC_INTERNAL
gint64 fb_demo_shift_start_of (Demo    *d,
                               gint64   day,
                               FbShift  shift);
G_GNUC_INTERNAL
gint64 fb_demo_shift_end_of (Demo    *d,
                             gint64   day,
                             FbShift  shift);
G_GNUC_INTERNAL
FbShift fb_demo_shift_at (Demo   *d,
                          gint64  t,
                          gint64 *out_day,
                          gint64 *out_start);
G_GNUC_INTERNAL
JsonNode *fb_demo_lookup (JsonObject *root,
                          const char *path);
G_GNUC_INTERNAL
JsonArray *fb_demo_lookup_array (JsonObject *root,
                                 const char *path);
G_GNUC_INTERNAL
const char *fb_demo_lookup_string (JsonObject *root,
                                   const char *path);
G_GNUC_INTERNAL
const char *fb_demo_pick (Demo       *d,
                          const char *path);
G_GNUC_INTERNAL
gboolean fb_demo_check_data (Demo    *d,
                             GError **error);
G_GNUC_INTERNAL
JsonObject *fb_demo_center_item (Demo       *d,
                                 const char *list,
                                 guint       i);
G_GNUC_INTERNAL
guint fb_demo_center_len (Demo       *d,
                          const char *list);
G_GNUC_INTERNAL
void fb_demo_set_day (Demo       *d,
                      JsonObject *row,
                      const char *name,
                      gint64      day);
G_GNUC_INTERNAL
gboolean fb_demo_put_row (Demo                *d,
                          const FbEntitySpec  *spec,
                          JsonObject          *row,
                          GError             **error);
G_GNUC_INTERNAL
gboolean fb_demo_put_sorted (Demo                *d,
                             const FbEntitySpec  *spec,
                             GPtrArray           *rows,
                             const char          *id_prefix,
                             int                  id_digits,
                             GError             **error);
G_GNUC_INTERNAL
char *fb_demo_fill (const char *template,
                    ...) G_GNUC_NULL_TERMINATED;
G_GNUC_INTERNAL
char *fb_demo_new_person_name (Demo *d);
G_GNUC_INTERNAL
char *fb_demo_masked_customer_name (Demo *d);

/* fb-demo-staff.c */
G_GNUC_INTERNAL
int fb_demo_queue_index (Demo       *d,
                         const char *id);
G_GNUC_INTERNAL
void fb_demo_build_queues_and_teams (Demo *d);
G_GNUC_INTERNAL
void fb_demo_build_agents (Demo *d);
G_GNUC_INTERNAL
void fb_demo_build_seats (Demo *d);
G_GNUC_INTERNAL
int fb_demo_pick_agent (Demo     *d,
                        gboolean  on_shift_only,
                        gboolean  night_only);
G_GNUC_INTERNAL
gint64 fb_demo_office_time (Demo   *d,
                            gint64  day);
G_GNUC_INTERNAL
gint64 fb_demo_office_time_before (Demo   *d,
                                   gint64  latest);
G_GNUC_INTERNAL
gint64 fb_demo_next_office_time (Demo   *d,
                                 gint64  t);
G_GNUC_INTERNAL
gint64 fb_demo_before_now (Demo   *d,
                           gint64  t,
                           gint64  after);
G_GNUC_INTERNAL
void fb_demo_build_leaves (Demo *d);
G_GNUC_INTERNAL
void fb_demo_set_agent_states (Demo *d);
G_GNUC_INTERNAL
void fb_demo_seat_agents (Demo *d);

/* fb-demo-center.c */
G_GNUC_INTERNAL
DemoPut fb_demo_put_teams;
G_GNUC_INTERNAL
gboolean fb_demo_put_users (Demo        *d,
                            const char  *password_hash,
                            GError     **error);
G_GNUC_INTERNAL
DemoPut fb_demo_put_queues;
G_GNUC_INTERNAL
DemoPut fb_demo_put_agents;
G_GNUC_INTERNAL
DemoPut fb_demo_put_seats;
G_GNUC_INTERNAL
DemoPut fb_demo_put_seat_assignments;

/* fb-demo-cases.c */
G_GNUC_INTERNAL
DemoAgent *fb_demo_agent_on_shift_at (Demo       *d,
                                      gint64      t,
                                      const char *queue);
G_GNUC_INTERNAL
DemoPut fb_demo_put_escalations;
G_GNUC_INTERNAL
DemoPut fb_demo_put_qa_evaluations;

/* fb-demo-requests.c */
G_GNUC_INTERNAL
void fb_demo_build_holiday_duty (Demo *d);
G_GNUC_INTERNAL
DemoPut fb_demo_put_holiday_duty;
G_GNUC_INTERNAL
void fb_demo_build_pending_leaves (Demo *d);
G_GNUC_INTERNAL
void fb_demo_build_swaps (Demo *d);
G_GNUC_INTERNAL
void fb_demo_build_pending_swaps (Demo *d);
G_GNUC_INTERNAL
DemoPut fb_demo_put_swaps;

/* fb-demo.c */
G_GNUC_INTERNAL
void fb_demo_pending_free (gpointer data);

G_END_DECLS
