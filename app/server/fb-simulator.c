/* fb-simulator.c: the call-traffic simulation of `floorboard-server --simulate`.
 *
 * Events live in a binary heap ordered by (time, sequence number): ties
 * resolve in the order they were scheduled, so one seed always gives one
 * history. Events that may go stale (an abandon after the call was
 * answered, a break end after the agent logged off) carry a tag checked
 * when they fire, instead of being searched for and removed.
 */
#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fb-center-clock.h"
#include "fb-entity.h"
#include "fb-escalation-rules.h"
#include "fb-request-rules.h"
#include "fb-server-store.h"
#include "fb-demo.h"
#include "fb-sim-common.h"
#include "fb-simulator.h"
#include "fb-store.h"

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

G_DEFINE_QUARK (fb-simulator-error-quark, fb_simulator_error)

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

static void
sim_queue_config_free (gpointer data)
{
  SimQueueConfig *qc = data;

  g_free (qc->id);
  g_free (qc->name);
  g_free (qc);
}

void
fb_sim_config_free (FbSimConfig *config)
{
  if (config == NULL)
    return;
  g_clear_pointer (&config->queues, g_ptr_array_unref);
  g_free (config);
}

guint
fb_sim_config_get_n_queues (const FbSimConfig *config)
{
  g_return_val_if_fail (config != NULL, 0);
  return config->queues->len;
}

static gboolean G_GNUC_PRINTF (3, 4)
config_error (GError     **error,
              const char  *path,
              const char  *format,
              ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  /* TRANSLATORS: "Simulation config: queues[2].aht_s must be a number" */
  g_set_error (error, FB_SIMULATOR_ERROR, FB_SIMULATOR_ERROR_INVALID_CONFIG,
               _("Simulation config: %s %s"), path, what);
  return FALSE;
}

static gboolean
is_number (JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

/* The member @name of @object, NULL when absent or null. */
static JsonNode *
member (JsonObject *object,
        const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && !JSON_NODE_HOLDS_NULL (node) ? node : NULL;
}

/* A number in [min, max] (above min when @open_min); @value keeps its
 * default when the member is absent and not @required. */
static gboolean
config_number (JsonObject  *object,
               const char  *prefix,
               const char  *name,
               gboolean     required,
               double       min,
               gboolean     open_min,
               double       max,
               double      *value,
               GError     **error)
{
  g_autofree char *path = g_strdup_printf ("%s.%s", prefix, name);
  JsonNode *node = member (object, name);
  double v;

  if (node == NULL)
    return required ? config_error (error, path, _("is missing")) : TRUE;
  if (!is_number (node))
    return config_error (error, path, _("must be a number"));
  v = json_node_get_double (node);
  if (open_min ? v <= min : v < min)
    return open_min ? config_error (error, path, _("must be greater than %g"), min)
                    : config_error (error, path, _("must be at least %g"), min);
  if (v > max)
    return config_error (error, path, _("must be at most %g"), max);
  *value = v;
  return TRUE;
}

static gboolean
config_whole (JsonObject  *object,
              const char  *prefix,
              const char  *name,
              gboolean     required,
              gint64       min,
              gint64       max,
              gint64      *value,
              GError     **error)
{
  g_autofree char *path = g_strdup_printf ("%s.%s", prefix, name);
  JsonNode *node = member (object, name);
  double v;

  if (node == NULL)
    return required ? config_error (error, path, _("is missing")) : TRUE;
  if (!is_number (node))
    return config_error (error, path, _("must be a number"));
  v = json_node_get_double (node);
  if (v != floor (v) || v < (double) min || v > (double) max)
    return config_error (error, path, _("must be a whole number from %d to %d"), (int) min, (int) max);
  *value = (gint64) v;
  return TRUE;
}

static gboolean
config_string (JsonObject  *object,
               const char  *prefix,
               const char  *name,
               char       **value,
               GError     **error)
{
  g_autofree char *path = g_strdup_printf ("%s.%s", prefix, name);
  JsonNode *node = member (object, name);

  if (node == NULL)
    return config_error (error, path, _("is missing"));
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      *json_node_get_string (node) == '\0')
    return config_error (error, path, _("must be a non-empty string"));
  *value = g_strdup (json_node_get_string (node));
  return TRUE;
}

static SimQueueConfig *
parse_queue_config (JsonNode  *node,
                    guint      index,
                    GError   **error)
{
  g_autofree char *prefix = g_strdup_printf ("queues[%u]", index);
  SimQueueConfig *qc;
  JsonObject *object;
  JsonNode *flat;
  gint64 agents = 0, threshold = 20;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      config_error (error, prefix, _("must be an object"));
      return NULL;
    }
  object = json_node_get_object (node);
  qc = g_new0 (SimQueueConfig, 1);
  if (!config_string (object, prefix, "id", &qc->id, error) ||
      !config_string (object, prefix, "name", &qc->name, error) ||
      !config_number (object, prefix, "arrivals_per_hour", TRUE, 0, FALSE, MAX_ARRIVALS,
                      &qc->arrivals_per_hour, error) ||
      !config_number (object, prefix, "aht_s", TRUE, 0, TRUE, DAY, &qc->aht_s, error) ||
      !config_whole (object, prefix, "agents", TRUE, 0, MAX_AGENTS, &agents, error) ||
      !config_number (object, prefix, "patience_s", FALSE, 0, TRUE, DAY, &qc->patience_s, error) ||
      !config_number (object, prefix, "acw_s", FALSE, 0, FALSE, DAY, &qc->acw_s, error) ||
      !config_whole (object, prefix, "sl_threshold_s", FALSE, 1, 3600, &threshold, error))
    {
      sim_queue_config_free (qc);
      return NULL;
    }
  if (qc->acw_s >= qc->aht_s)
    {
      g_autofree char *path = g_strdup_printf ("%s.acw_s", prefix);

      config_error (error, path, _("must be less than aht_s (after-call work is part of the handle time)"));
      sim_queue_config_free (qc);
      return NULL;
    }
  if ((flat = member (object, "flat")) != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (flat) || json_node_get_value_type (flat) != G_TYPE_BOOLEAN)
        {
          g_autofree char *path = g_strdup_printf ("%s.flat", prefix);

          config_error (error, path, _("must be true or false"));
          sim_queue_config_free (qc);
          return NULL;
        }
      qc->flat = json_node_get_boolean (flat);
    }
  qc->agents = (guint) agents;
  qc->sl_threshold_s = threshold;
  return qc;
}

/* The queue row the config will write must pass the codec too (lengths
 * of id and name): refuse it now rather than at the first tick. */
static gboolean
check_queue_row (const SimQueueConfig  *qc,
                 guint                  index,
                 GError               **error)
{
  static const char * const counts[] = {
    "waiting", "longest_wait_s", "agents_available", "agents_busy",
    "offered", "answered", "abandoned",
  };
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) normalized = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *row = json_object_new ();

  json_node_take_object (node, row);
  json_object_set_string_member (row, "id", qc->id);
  json_object_set_string_member (row, "name", qc->name);
  json_object_set_int_member (row, "sl_threshold_s", qc->sl_threshold_s);
  /* Zero figures: only the strings can fail. */
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    json_object_set_int_member (row, counts[i], 0);
  json_object_set_double_member (row, "service_level", 0);
  json_object_set_double_member (row, "asa_s", 0);
  json_object_set_double_member (row, "aht_s", 0);
  normalized = fb_entity_normalize (&fb_queue_spec, node, &local_error);
  /* And its interval rows, whose id is longer. */
  if (normalized != NULL)
    {
      g_autoptr(JsonNode) interval = json_node_new (JSON_NODE_OBJECT);
      g_autoptr(JsonNode) checked = NULL;
      g_autofree char *iso = fb_timestamp_to_iso (QUARTER);
      g_autofree char *id = g_strdup_printf ("%s@%s", qc->id, iso);
      JsonObject *irow = json_object_new ();

      json_node_take_object (interval, irow);
      json_object_set_string_member (irow, "id", id);
      json_object_set_string_member (irow, "queue_id", qc->id);
      json_object_set_string_member (irow, "start", iso);
      json_object_set_int_member (irow, "offered", 0);
      json_object_set_int_member (irow, "answered", 0);
      json_object_set_int_member (irow, "abandoned", 0);
      json_object_set_int_member (irow, "answered_in_sl", 0);
      json_object_set_double_member (irow, "handle_time_s", 0);
      json_object_set_double_member (irow, "wait_time_s", 0);
      if (!(checked = fb_entity_normalize (&fb_queue_interval_spec, interval, &local_error)))
        g_clear_pointer (&normalized, json_node_unref);
    }
  if (normalized == NULL)
    {
      g_autofree char *path = g_strdup_printf ("queues[%u]", index);

      return config_error (error, path, "(%s)", local_error->message);
    }
  return TRUE;
}

/* An optional top-level rate within [0, @max]. */
static gboolean
config_rate (JsonObject  *root,
             const char  *name,
             double       max,
             double      *out,
             GError     **error)
{
  JsonNode *rate = member (root, name);

  if (rate == NULL)
    return TRUE;
  if (!is_number (rate))
    return config_error (error, name, _("must be a number"));
  if (json_node_get_double (rate) < 0)
    return config_error (error, name, _("must be at least %g"), 0.0);
  if (json_node_get_double (rate) > max)
    return config_error (error, name, _("must be at most %g"), max);
  *out = json_node_get_double (rate);
  return TRUE;
}

static FbSimConfig *
config_from_node (JsonNode  *root,
                  GError   **error)
{
  g_autoptr(FbSimConfig) config = g_new0 (FbSimConfig, 1);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  JsonNode *queues;
  JsonArray *array;
  guint total_agents = 0;

  config->queues = g_ptr_array_new_with_free_func (sim_queue_config_free);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, FB_SIMULATOR_ERROR, FB_SIMULATOR_ERROR_INVALID_CONFIG,
                   _("Simulation config: must be a JSON object with a “queues” list"));
      return NULL;
    }
  queues = member (json_node_get_object (root), "queues");
  if (!config_rate (json_node_get_object (root), "escalations_per_hour", MAX_ESCALATIONS_PER_HOUR,
                    &config->escalations_per_hour, error) ||
      !config_rate (json_node_get_object (root), "requests_per_hour", MAX_REQUESTS_PER_HOUR,
                    &config->requests_per_hour, error))
    return NULL;
  if (queues == NULL || !JSON_NODE_HOLDS_ARRAY (queues) ||
      json_array_get_length (array = json_node_get_array (queues)) == 0)
    {
      config_error (error, "queues", _("must be a list of at least one queue"));
      return NULL;
    }
  if (json_array_get_length (array) > MAX_QUEUES)
    {
      config_error (error, "queues", _("must list at most %d queues"), MAX_QUEUES);
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      SimQueueConfig *qc = parse_queue_config (json_array_get_element (array, i), i, error);

      if (qc == NULL)
        return NULL;
      g_ptr_array_add (config->queues, qc);
      if (!check_queue_row (qc, i, error))
        return NULL;
      if (!g_hash_table_add (ids, qc->id))
        {
          g_autofree char *path = g_strdup_printf ("queues[%u].id", i);

          config_error (error, path, _("repeats the queue id “%s”"), qc->id);
          return NULL;
        }
      total_agents += qc->agents;
    }
  if (total_agents > MAX_TOTAL_AGENTS)
    {
      config_error (error, "queues", _("staff %u agents in all; at most %d are allowed"),
                    total_agents, MAX_TOTAL_AGENTS);
      return NULL;
    }
  return g_steal_pointer (&config);
}

FbSimConfig *
fb_sim_config_new_from_data (const char  *data,
                             gssize       length,
                             GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, FB_SIMULATOR_ERROR, FB_SIMULATOR_ERROR_INVALID_CONFIG,
                   _("Simulation config: not valid JSON: %s"), local_error->message);
      return NULL;
    }
  return config_from_node (json_parser_get_root (parser), error);
}

FbSimConfig *
fb_sim_config_new_from_file (const char  *path,
                             GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  FbSimConfig *config;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  if (length > 16 * 1024 * 1024)
    {
      g_set_error (error, FB_SIMULATOR_ERROR, FB_SIMULATOR_ERROR_INVALID_CONFIG,
                   _("%s: the simulation config is larger than 16 MB"), path);
      return NULL;
    }
  if (!(config = fb_sim_config_new_from_data (contents, (gssize) length, error)))
    g_prefix_error (error, "%s: ", path);
  return config;
}

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
  /* The center's UTC offset over [offset_from, offset_until): arrivals
   * ask for it per call, the zone is asked once a quarter hour. */
  gint64           offset_from;
  gint64           offset_until;
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

G_DEFINE_FINAL_TYPE (FbSimulator, fb_simulator, G_TYPE_OBJECT)

#define QUEUE(s, i) ((SimQueue *) g_ptr_array_index ((s)->queues, (i)))
#define AGENT(s, i) ((SimAgent *) g_ptr_array_index ((s)->agents, (i)))
#define TEAM(s, i)  ((SimTeam *) g_ptr_array_index ((s)->teams, (i)))
#define SEAT(s, i)  ((SimSeat *) g_ptr_array_index ((s)->seats, (i)))
#define CALL(s, i)  (&g_array_index ((s)->calls, Call, (i)))

static void
sim_queue_free (gpointer data)
{
  SimQueue *q = data;

  g_free (q->id);
  g_free (q->name);
  g_free (q->zone);
  g_array_unref (q->fifo);
  g_array_unref (q->intervals);
  g_queue_clear (&q->idle);
  g_ptr_array_unref (q->agents);
  g_free (q);
}

static void
sim_agent_free (gpointer data)
{
  SimAgent *agent = data;

  g_free (agent->id);
  g_free (agent->name);
  g_free (agent);
}

static void
sim_team_free (gpointer data)
{
  SimTeam *team = data;

  g_free (team->id);
  g_ptr_array_unref (team->agents);
  g_free (team);
}

static void
sim_seat_free (gpointer data)
{
  SimSeat *seat = data;

  g_free (seat->id);
  g_free (seat->zone);
  g_free (seat);
}

/* ---- random numbers ------------------------------------------------------ */

static double
exponential (FbSimulator *self,
             double       mean)
{
  return fb_sim_rand_exponential (self->rand, mean);
}

static double
uniform (FbSimulator *self,
         double       lo,
         double       hi)
{
  return g_rand_double_range (self->rand, lo, hi);
}

/* ---- event heap ---------------------------------------------------------- */

static gboolean
event_before (const Event *a,
              const Event *b)
{
  return a->time < b->time || (a->time == b->time && a->seq < b->seq);
}

static void
schedule (FbSimulator *self,
          double       time,
          EventKind    kind,
          guint        index,
          guint64      tag)
{
  Event ev = { time, self->next_seq++, kind, index, tag };
  Event *heap;
  guint i;

  g_assert (time >= self->now);
  g_array_append_val (self->events, ev);
  heap = (Event *) self->events->data;
  for (i = self->events->len - 1; i > 0; )
    {
      guint parent = (i - 1) / 2;

      if (!event_before (&ev, &heap[parent]))
        break;
      heap[i] = heap[parent];
      i = parent;
    }
  heap[i] = ev;
}

static Event
pop_event (FbSimulator *self)
{
  Event *heap = (Event *) self->events->data;
  Event top = heap[0];
  Event last = heap[self->events->len - 1];
  guint n = self->events->len - 1;
  guint i = 0;

  g_assert (self->events->len > 0);
  for (;;)
    {
      guint child = 2 * i + 1;

      if (child >= n)
        break;
      if (child + 1 < n && event_before (&heap[child + 1], &heap[child]))
        child++;
      if (!event_before (&heap[child], &last))
        break;
      heap[i] = heap[child];
      i = child;
    }
  heap[i] = last;
  g_array_set_size (self->events, n);
  return top;
}

/* ---- time of day --------------------------------------------------------- */

/* The center clock's UTC offset at sim time @t. Zones change their
 * offset on a quarter hour, so one lookup serves the whole quarter. */
static gint64
center_offset (FbSimulator *self,
               double       t)
{
  gint64 unix_s = self->start_unix + (gint64) floor (t);

  if (unix_s < self->offset_from || unix_s >= self->offset_until)
    {
      g_autoptr(GDateTime) local = fb_center_clock_local (self->clock, unix_s);

      self->offset_from = unix_s - (unix_s % QUARTER + QUARTER) % QUARTER;
      self->offset_until = self->offset_from + QUARTER;
      self->offset_s = local != NULL ? g_date_time_get_utc_offset (local) / G_TIME_SPAN_SECOND : 0;
    }
  return self->offset_s;
}

/* Seconds since the center's midnight on its wall clock at sim time @t. */
static double
local_seconds (FbSimulator *self,
               double       t)
{
  double local = (double) self->start_unix + center_offset (self, t) + t;

  return local - floor (local / DAY) * DAY;
}

/* Sim time of the next center wall-clock @seconds_of_day strictly after
 * now: the clock finds it, so a day of 23 or 25 hours keeps 08:00 at 08:00. */
static double
next_time_of_day (FbSimulator *self,
                  double       seconds_of_day)
{
  g_autofree char *date = fb_center_clock_date (self->clock, self->start_unix + (gint64) floor (self->now));
  int minutes = (int) (seconds_of_day / MINUTE);
  double t = self->now + DAY;

  for (int days = 0; days <= 2; days++)
    {
      gint64 at = fb_center_clock_at (self->clock, date, minutes / 60 + 24 * days, minutes % 60);

      t = (double) (at - self->start_unix);
      if (at >= 0 && t > self->now)
        break;
    }
  return t;
}

static char *
local_date (FbSimulator *self,
            double       t)
{
  char *date = fb_center_clock_date (self->clock, self->start_unix + (gint64) floor (t));

  return date != NULL ? date : g_strdup ("1970-01-01");
}

/* The start of the quarter hour holding sim time @t, unix seconds. */
static gint64
quarter_of (FbSimulator *self,
            double       t)
{
  /* Counted from a quarter near the start, the double stays small. Every
   * zone's offset is whole quarters, so quarters stay QUARTER apart. */
  gint64 base = self->quarter_base;

  return base + (gint64) floor ((t + (double) (self->start_unix - base)) / QUARTER) * QUARTER;
}

/* The profile interpolated between hour midpoints, relative to its mean,
 * times the day's weekday factor. */
static double
profile_factor (FbSimulator *self,
                double       t)
{
  gint64 day = (gint64) floor (((double) self->start_unix + center_offset (self, t) + t) / DAY);
  double weekday = self->weekday[fb_demo_weekday_index (day)];

  return weekday * fb_demo_profile_at (self->profile, local_seconds (self, t) / HOUR) / self->profile_mean;
}

/* ---- queue and agent state ----------------------------------------------- */

static guint
agent_index (FbSimulator *self,
             SimAgent    *agent)
{
  g_assert (AGENT (self, agent->index) == agent);
  return agent->index;
}

static void
set_state (FbSimulator  *self,
           SimAgent     *agent,
           FbAgentState  state)
{
  /* A new call while on a call is a new state: its time starts again. */
  agent->state = state;
  agent->since = self->now;
  agent->dirty = TRUE;
}

/* The interval of @q starting at @start, or NULL. */
static SimInterval *
interval_find (SimQueue *q,
               gint64    start)
{
  /* Newest last, and calls count in recent quarters: search backwards. */
  for (guint i = q->intervals->len; i > 0; i--)
    {
      SimInterval *iv = &g_array_index (q->intervals, SimInterval, i - 1);

      if (iv->start == start)
        return iv;
      if (iv->start < start)
        break;
    }
  return NULL;
}

/* The interval starting at @start, added empty (a row to write) when
 * missing. The pointer lasts until the next interval is added. */
static SimInterval *
interval_get (SimQueue *q,
              gint64    start)
{
  SimInterval *iv = interval_find (q, start);
  SimInterval empty = { 0 };
  guint i;

  if (iv != NULL)
    return iv;
  empty.start = start;
  for (i = q->intervals->len; i > 0 && g_array_index (q->intervals, SimInterval, i - 1).start > start; i--)
    ;
  g_array_insert_val (q->intervals, i, empty);
  return &g_array_index (q->intervals, SimInterval, i);
}

/* @call is offered in the quarter starting at @quarter. */
static void
count_offered (SimQueue *q,
               Call     *call,
               gint64    quarter)
{
  SimInterval *iv = interval_get (q, quarter);

  call->quarter = quarter;
  iv->offered++;
  iv->open++;
}

/* The interval @call counts in, its outcome now known. */
static SimInterval *
call_outcome (SimQueue *q,
              Call     *call)
{
  SimInterval *iv = interval_get (q, call->quarter);

  /* Never otherwise; but a row must stay valid (answered + abandoned
   * <= offered) whatever happens. */
  if (iv->open > 0)
    iv->open--;
  else
    iv->offered++;
  return iv;
}

static guint32
new_call (FbSimulator *self,
          guint        queue,
          double       arrival)
{
  guint32 slot;
  Call *call;

  if (self->free_calls->len > 0)
    {
      slot = g_array_index (self->free_calls, guint32, self->free_calls->len - 1);
      g_array_set_size (self->free_calls, self->free_calls->len - 1);
    }
  else
    {
      Call empty = { 0 };

      slot = self->calls->len;
      g_array_append_val (self->calls, empty);
    }
  call = CALL (self, slot);
  call->arrival = arrival;
  call->quarter = 0;
  call->serial = ++self->next_call;
  call->queue = queue;
  call->waiting = FALSE;
  return slot;
}

static void
free_call (FbSimulator *self,
           guint32      slot)
{
  CALL (self, slot)->waiting = FALSE;
  CALL (self, slot)->serial = 0;
  g_array_append_val (self->free_calls, slot);
}

static void
enqueue_call (FbSimulator *self,
              SimQueue    *q,
              guint32      slot)
{
  Call *call = CALL (self, slot);
  Waiter w = { slot, call->serial };

  call->waiting = TRUE;
  g_array_append_val (q->fifo, w);
  q->n_waiting++;
  if (q->patience_s > 0)
    schedule (self, self->now + exponential (self, q->patience_s), EV_ABANDON, slot, call->serial);
}

/* Keeps the consumed front of the line from growing without end. */
static void
fifo_compact (SimQueue *q)
{
  if (q->head > 4096 && q->head * 2 > q->fifo->len)
    {
      g_array_remove_range (q->fifo, 0, q->head);
      q->head = 0;
    }
}

/* Drops answered and abandoned calls from the front of the line. */
static Waiter *
fifo_front (FbSimulator *self,
            SimQueue    *q)
{
  while (q->head < q->fifo->len)
    {
      Waiter *w = &g_array_index (q->fifo, Waiter, q->head);
      Call *call = CALL (self, w->slot);

      if (call->serial == w->serial && call->waiting)
        {
          fifo_compact (q);
          return &g_array_index (q->fifo, Waiter, q->head);
        }
      q->head++;
    }
  /* Empty: reuse the array from its start. */
  g_array_set_size (q->fifo, 0);
  q->head = 0;
  return NULL;
}

static void
fifo_pop (SimQueue *q)
{
  q->head++;
  fifo_compact (q);
}

static void
answer (FbSimulator *self,
        SimQueue    *q,
        SimAgent    *agent,
        guint32      slot)
{
  Call *call = CALL (self, slot);
  double wait = self->now - call->arrival;
  gboolean in_time = wait <= (double) q->threshold;
  /* Talk and after-call work are drawn now: the handle time counts with
   * the answer, in the day's AHT and in the interval row alike. */
  double talk = exponential (self, q->talk_s);
  double acw = q->acw_s > 0 ? exponential (self, q->acw_s) : 0;
  SimInterval *iv = call_outcome (q, call);

  iv->answered++;
  iv->wait += wait;
  iv->handle += talk + acw;
  if (in_time)
    iv->in_sl++;
  q->answered++;
  q->sum_wait += wait;
  q->sum_handle += talk + acw;
  if (in_time)
    q->within++;
  free_call (self, slot);

  set_state (self, agent, FB_AGENT_ON_CALL);
  agent->handle_start = self->now;
  agent->acw_len = acw;
  schedule (self, self->now + talk, EV_TALK_END, agent_index (self, agent), agent->epoch);
}

static void
remove_idle (SimQueue *q,
             SimAgent *agent)
{
  if (agent->in_idle)
    {
      g_queue_remove (&q->idle, agent);
      agent->in_idle = FALSE;
    }
}

static void
schedule_break (FbSimulator *self,
                SimAgent    *agent,
                double       lo,
                double       hi)
{
  double at = self->now + uniform (self, lo, hi);

  /* No break in the last half hour: they go home instead. */
  if (agent->team >= 0 && TEAM (self, agent->team)->start_min != TEAM (self, agent->team)->end_min)
    {
      SimTeam *team = TEAM (self, agent->team);
      double end = next_time_of_day (self, team->end_min * MINUTE);

      if (at > end - 30 * MINUTE)
        return;
    }
  schedule (self, at, EV_BREAK_DUE, agent_index (self, agent), agent->epoch);
}

static void
start_break (FbSimulator *self,
             SimAgent    *agent)
{
  /* Mostly short breaks; now and then the meal break. */
  double length = g_rand_double (self->rand) < 0.2
    ? uniform (self, 30 * MINUTE, 50 * MINUTE)
    : uniform (self, 8 * MINUTE, 15 * MINUTE);

  agent->break_due = FALSE;
  set_state (self, agent, FB_AGENT_BREAK);
  schedule (self, self->now + length, EV_BREAK_END, agent_index (self, agent), agent->epoch);
}

static void
release_seat (FbSimulator *self,
              SimAgent    *agent)
{
  if (agent->seat >= 0)
    {
      SimSeat *seat = SEAT (self, agent->seat);

      seat->agent = -1;
      seat->dirty = TRUE;
      agent->seat = -1;
      agent->dirty = TRUE;
    }
}

static void
log_off (FbSimulator *self,
         SimAgent    *agent)
{
  remove_idle (QUEUE (self, agent->queue), agent);
  agent->epoch++;
  agent->break_due = FALSE;
  agent->shift_over = FALSE;
  release_seat (self, agent);
  set_state (self, agent, FB_AGENT_OFFLINE);
}

/* The agent is free: home time, a break that is due, the next caller in
 * line, or the idle line. */
static void
agent_free (FbSimulator *self,
            SimAgent    *agent)
{
  SimQueue *q = QUEUE (self, agent->queue);
  Waiter *w;

  if (agent->shift_over)
    {
      log_off (self, agent);
      return;
    }
  if (agent->break_due)
    {
      start_break (self, agent);
      return;
    }
  if ((w = fifo_front (self, q)) != NULL)
    {
      guint32 slot = w->slot;

      fifo_pop (q);
      q->n_waiting--;
      answer (self, q, agent, slot);
      return;
    }
  if (agent->state != FB_AGENT_AVAILABLE)
    set_state (self, agent, FB_AGENT_AVAILABLE);
  if (!agent->in_idle)
    {
      g_queue_push_tail (&q->idle, agent);
      agent->in_idle = TRUE;
    }
}

static void
finish_handle (FbSimulator *self,
               SimAgent    *agent)
{
  SimQueue *q = QUEUE (self, agent->queue);

  q->handled++;
  agent_free (self, agent);
}

/* A supervisor's seat plan of one date and shift (seat_assignment rows
 * written through the API before the shift began). */
typedef struct
{
  GHashTable *seat_of;    /* agent id -> seat index + 1 */
  GHashTable *reserved;   /* seat index + 1 of those coming to work */
} SeatPlan;

static void
seat_plan_free (SeatPlan *plan)
{
  if (plan == NULL)
    return;
  g_hash_table_unref (plan->seat_of);
  g_hash_table_unref (plan->reserved);
  g_free (plan);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeatPlan, seat_plan_free)

/* A free seat without fault, in @zone when one is there, and none
 * @plan keeps for someone else. */
static int
find_free_seat (FbSimulator    *self,
                const char     *zone,
                const SeatPlan *plan)
{
  int any = -1;

  for (guint s = 0; s < self->seats->len; s++)
    {
      SimSeat *seat = SEAT (self, s);

      if (seat->faulty || seat->agent >= 0 ||
          (plan != NULL && g_hash_table_contains (plan->reserved, GINT_TO_POINTER ((int) s + 1))))
        continue;
      if (zone == NULL || g_strcmp0 (seat->zone, zone) == 0)
        return (int) s;
      if (any < 0)
        any = (int) s;
    }
  return any;
}

static void
take_seat (FbSimulator *self,
           SimAgent    *agent,
           int          seat)
{
  SimSeat *s = SEAT (self, seat);

  g_assert (s->agent < 0 && !s->faulty);
  s->agent = (int) agent_index (self, agent);
  s->dirty = TRUE;
  agent->seat = seat;
  agent->dirty = TRUE;
}

static void
add_seat_assignment (FbSimulator *self,
                     SimAgent    *agent,
                     const char  *date)
{
  SimTeam *team = TEAM (self, agent->team);
  g_autofree char *id = g_strdup_printf ("sa-%s-%s-%s", date, fb_shift_values[team->shift], agent->id);
  JsonObject *row = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (row, "id", id);
  json_object_set_string_member (row, "date", date);
  json_object_set_string_member (row, "shift", fb_shift_values[team->shift]);
  json_object_set_string_member (row, "seat_id", SEAT (self, agent->seat)->id);
  json_object_set_string_member (row, "agent_id", agent->id);
  json_node_take_object (node, row);
  g_ptr_array_add (self->assignments, node);
}

/* The seat @plan gives @agent, if it is free and sound. */
static int
planned_seat (FbSimulator    *self,
              const SeatPlan *plan,
              SimAgent       *agent)
{
  int seat;

  if (plan == NULL)
    return -1;
  seat = GPOINTER_TO_INT (g_hash_table_lookup (plan->seat_of, agent->id)) - 1;
  if (seat < 0 || SEAT (self, seat)->faulty || SEAT (self, seat)->agent >= 0)
    return -1;
  return seat;
}

/* Comes to work: where the seat plan says, else in the queue's zone. */
static void
log_on (FbSimulator    *self,
        SimAgent       *agent,
        const char     *date,
        const SeatPlan *plan)
{
  int seat;

  agent->epoch++;
  agent->break_due = FALSE;
  agent->shift_over = FALSE;
  if (agent->seat < 0 && self->seats->len > 0 &&
      ((seat = planned_seat (self, plan, agent)) >= 0 ||
       (seat = find_free_seat (self, QUEUE (self, agent->queue)->zone, plan)) >= 0))
    {
      take_seat (self, agent, seat);
      if (agent->team >= 0 && date != NULL)
        add_seat_assignment (self, agent, date);
    }
  schedule_break (self, agent, 75 * MINUTE, 150 * MINUTE);
  set_state (self, agent, FB_AGENT_AVAILABLE);
  agent_free (self, agent);
}

/* Agents whose approved leave covers @date. */
static GHashTable *
agents_on_leave (FbSimulator *self,
                 const char  *date)
{
  g_autoptr(GPtrArray) rows = NULL;
  GHashTable *away = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (self->configured || !(rows = fb_server_store_list (self->store, "leave_request", NULL)))
    return away;
  for (guint i = 0; i < rows->len; i++)
    {
      FbChange *row = g_ptr_array_index (rows, i);
      g_autoptr(FbLeaveRequest) leave = fb_entity_decode_string (&fb_leave_request_spec, row->data, -1, NULL);

      if (leave != NULL && leave->status == FB_REQUEST_APPROVED &&
          g_strcmp0 (leave->start_date, date) <= 0 && g_strcmp0 (date, leave->end_date) <= 0)
        g_hash_table_add (away, g_strdup (leave->agent_id));
    }
  return away;
}

static int find_seat (FbSimulator *self,
                      const char  *id);

/* The seat_assignment rows of @date's @shift, NULL when there are none.
 * Seats planned for someone in @away are not kept for them. */
static SeatPlan *
load_seat_plan (FbSimulator *self,
                const char  *date,
                FbShift      shift,
                GHashTable  *away)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(SeatPlan) plan = NULL;

  if (self->configured || self->seats->len == 0 ||
      !(rows = fb_server_store_list (self->store, "seat_assignment", NULL)))
    return NULL;
  for (guint i = 0; i < rows->len; i++)
    {
      FbChange *row = g_ptr_array_index (rows, i);
      g_autoptr(FbSeatAssignment) sa = fb_entity_decode_string (&fb_seat_assignment_spec, row->data, -1, NULL);
      int seat;

      if (sa == NULL || sa->shift != shift || g_strcmp0 (sa->date, date) != 0 ||
          (seat = find_seat (self, sa->seat_id)) < 0)
        continue;
      if (plan == NULL)
        {
          plan = g_new0 (SeatPlan, 1);
          plan->seat_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          plan->reserved = g_hash_table_new (NULL, NULL);
        }
      g_hash_table_insert (plan->seat_of, g_strdup (sa->agent_id), GINT_TO_POINTER (seat + 1));
      if (away == NULL || !g_hash_table_contains (away, sa->agent_id))
        g_hash_table_add (plan->reserved, GINT_TO_POINTER (seat + 1));
    }
  return g_steal_pointer (&plan);
}

static void
shift_start (FbSimulator *self,
             SimTeam     *team)
{
  g_autofree char *date = local_date (self, self->now);
  g_autoptr(GHashTable) away = agents_on_leave (self, date);
  g_autoptr(SeatPlan) plan = load_seat_plan (self, date, team->shift, away);

  for (guint i = 0; i < team->agents->len; i++)
    {
      SimAgent *agent = g_ptr_array_index (team->agents, i);

      if (agent->state == FB_AGENT_OFFLINE && !g_hash_table_contains (away, agent->id))
        log_on (self, agent, date, plan);
      else
        agent->shift_over = FALSE;
    }
}

static void
shift_end (FbSimulator *self,
           SimTeam     *team)
{
  for (guint i = 0; i < team->agents->len; i++)
    {
      SimAgent *agent = g_ptr_array_index (team->agents, i);

      switch (agent->state)
        {
        case FB_AGENT_AVAILABLE:
        case FB_AGENT_BREAK:
          log_off (self, agent);
          break;
        case FB_AGENT_ON_CALL:
        case FB_AGENT_AFTER_CALL_WORK:
          /* The caller is not cut off: they leave after this call. */
          agent->shift_over = TRUE;
          break;
        case FB_AGENT_OFFLINE:
        default:
          break;
        }
    }
}

/* A seat breaks. Its agent moves to a free seat; a seat nobody could
 * leave is spared and an empty one breaks instead: a faulty seat is
 * never assigned. */
static void
seat_fault (FbSimulator *self)
{
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (guint));
  SimSeat *seat;
  guint s;

  for (guint i = 0; i < self->seats->len; i++)
    if (!SEAT (self, i)->faulty)
      g_array_append_val (candidates, i);
  if (candidates->len == 0)
    return;
  s = g_array_index (candidates, guint, g_rand_int_range (self->rand, 0, (gint32) candidates->len));
  seat = SEAT (self, s);
  if (seat->agent >= 0)
    {
      SimAgent *agent = AGENT (self, seat->agent);
      int to = find_free_seat (self, seat->zone, NULL);

      if (to >= 0)
        {
          release_seat (self, agent);
          take_seat (self, agent, to);
        }
      else
        {
          g_array_set_size (candidates, 0);
          for (guint i = 0; i < self->seats->len; i++)
            if (!SEAT (self, i)->faulty && SEAT (self, i)->agent < 0)
              g_array_append_val (candidates, i);
          if (candidates->len == 0)
            return;
          s = g_array_index (candidates, guint, g_rand_int_range (self->rand, 0, (gint32) candidates->len));
          seat = SEAT (self, s);
        }
    }
  seat->faulty = TRUE;
  seat->dirty = TRUE;
  schedule (self, self->now + uniform (self, 20 * MINUTE, 3 * HOUR), EV_REPAIR, s, 0);
}

static void
set_text (JsonObject *row,
          const char *name,
          const char *value)
{
  json_object_set_string_member (row, name, value);
}

/* A string of @list (an array of strings in @root), NULL when none. */
static const char *
pick_text (GRand       *rand,
           JsonNode    *root,
           const char  *list,
           const char  *member_name)
{
  JsonObject *object = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonNode *node = object != NULL ? json_object_get_member (object, list) : NULL;
  JsonArray *array;
  JsonNode *item;
  guint n;

  if (node != NULL && member_name != NULL && JSON_NODE_HOLDS_OBJECT (node))
    node = json_object_get_member (json_node_get_object (node), member_name);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      (n = json_array_get_length (array = json_node_get_array (node))) == 0)
    return NULL;
  item = json_array_get_element (array, (guint) g_rand_int_range (rand, 0, (gint32) n));
  if (JSON_NODE_HOLDS_OBJECT (item))
    item = json_object_get_member (json_node_get_object (item), "name");
  if (item == NULL || !JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (item);
}

/* A customer as the screen may show them, like the demo's: "김*수". */
static char *
masked_customer_name (FbSimulator *self)
{
  const char *surname = pick_text (self->esc_rand, self->names, "surnames", NULL);
  const char *given = pick_text (self->esc_rand, self->names, "given_names", NULL);

  return fb_sim_masked_name (surname != NULL ? surname : "김", given != NULL ? given : "");
}

/* A new case at the bottom of the chain, raised by an agent on the floor,
 * about one of the demo's usual complaints; its customer masked as the
 * privacy rule says, its deadlines the seeds'. */
static void
raise_escalation (FbSimulator *self)
{
  g_autoptr(GPtrArray) on_shift = g_ptr_array_new ();
  JsonObject *template;
  gint64 raised_at = self->start_unix + (gint64) floor (self->now);
  g_autofree char *id = NULL;
  g_autofree char *ref = NULL;
  g_autofree char *name = NULL;
  g_autofree char *at = fb_timestamp_to_iso (raised_at);
  g_autofree char *d = NULL, *r = NULL, *c = NULL;
  const char *raiser, *user, *note;
  SimAgent *agent;
  JsonObject *row, *entry;
  JsonArray *history;
  JsonNode *node;
  gint64 dispatch, response, callback;

  if (self->esc_templates->len == 0 || self->agents->len == 0)
    return;

  /* Someone at work raises it; any agent when nobody is. */
  for (guint i = 0; i < self->agents->len; i++)
    if (AGENT (self, i)->state != FB_AGENT_OFFLINE)
      g_ptr_array_add (on_shift, AGENT (self, i));
  if (on_shift->len == 0)
    g_ptr_array_add (on_shift, AGENT (self, 0));
  agent = g_ptr_array_index (on_shift, g_rand_int_range (self->esc_rand, 0, (gint32) on_shift->len));
  /* raised_by is a user, as in the demo's cases; a config's agents have
   * no account and stand for themselves. */
  user = g_hash_table_lookup (self->agent_users, agent->id);
  raiser = user != NULL ? user : agent->id;

  template = g_ptr_array_index (self->esc_templates,
                                g_rand_int_range (self->esc_rand, 0, (gint32) self->esc_templates->len));
  id = g_strdup_printf ("esc-sim-%" G_GINT64_FORMAT "-%" G_GUINT64_FORMAT,
                        self->start_unix, ++self->n_escalations);
  ref = g_strdup_printf ("010-****-%04d", g_rand_int_range (self->esc_rand, 0, 10000));
  name = masked_customer_name (self);
  note = pick_text (self->esc_rand, self->texts, "escalation_notes", "raised");

  fb_escalation_deadlines (raised_at, &dispatch, &response, &callback);
  d = fb_timestamp_to_iso (dispatch);
  r = fb_timestamp_to_iso (response);
  c = fb_timestamp_to_iso (callback);

  row = json_object_new ();
  set_text (row, "id", id);
  set_text (row, "customer_ref", ref);
  set_text (row, "customer_name", name);
  set_text (row, "category", json_object_get_string_member (template, "category"));
  set_text (row, "severity", json_object_get_string_member (template, "severity"));
  set_text (row, "summary", json_object_get_string_member (template, "summary"));
  set_text (row, "raised_by", raiser);
  set_text (row, "raised_at", at);
  set_text (row, "level", "agent");
  set_text (row, "status", "raised");
  set_text (row, "dispatch_due", d);
  set_text (row, "response_due", r);
  set_text (row, "callback_due", c);
  entry = json_object_new ();
  set_text (entry, "at", at);
  set_text (entry, "actor", raiser);
  set_text (entry, "action", "raised");
  set_text (entry, "status", "raised");
  set_text (entry, "level", "agent");
  if (note != NULL)
    set_text (entry, "note", note);
  history = json_array_new ();
  json_array_add_object_element (history, entry);
  json_object_set_array_member (row, "history", history);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, row);
  g_ptr_array_add (self->escalations, node);
}

static void
schedule_escalation (FbSimulator *self)
{
  if (self->esc_per_hour > 0 && self->esc_templates->len > 0 && self->agents->len > 0)
    schedule (self, self->now - HOUR / self->esc_per_hour * log (1.0 - g_rand_double (self->esc_rand)),
              EV_ESCALATION, 0, self->esc_epoch);
}

/* ---- leave and swap requests ------------------------------------------- */

/* The rows the request rules read: the store's, and the requests made
 * since the last flush. Agents that belong to a known team go to
 * @agents (const FbAgent *, owned by the roster). */
static FbRoster *
request_roster (FbSimulator *self,
                GPtrArray   *agents)
{
  static const FbEntitySpec * const specs[] = {
    &fb_team_spec, &fb_agent_spec, &fb_leave_request_spec, &fb_swap_request_spec, &fb_holiday_duty_spec,
  };
  FbRoster *roster = fb_roster_new (fb_center_clock_get_time_zone (self->clock));
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  for (guint k = 0; k < G_N_ELEMENTS (specs); k++)
    {
      g_autoptr(GPtrArray) rows = fb_server_store_list (self->store, specs[k]->type, NULL);

      for (guint i = 0; rows != NULL && i < rows->len; i++)
        {
          FbChange *change = g_ptr_array_index (rows, i);
          gpointer entity = fb_entity_decode_string (specs[k], change->data, -1, NULL);

          if (entity == NULL)
            continue;
          if (specs[k] == &fb_agent_spec)
            g_ptr_array_add (found, entity);
          fb_roster_take (roster, specs[k], entity);
        }
    }
  for (guint i = 0; i < self->new_leaves->len; i++)
    {
      gpointer entity = fb_entity_decode (&fb_leave_request_spec, g_ptr_array_index (self->new_leaves, i), NULL);

      if (entity != NULL)
        fb_roster_take (roster, &fb_leave_request_spec, entity);
    }
  for (guint i = 0; i < self->new_swaps->len; i++)
    {
      gpointer entity = fb_entity_decode (&fb_swap_request_spec, g_ptr_array_index (self->new_swaps, i), NULL);

      if (entity != NULL)
        fb_roster_take (roster, &fb_swap_request_spec, entity);
    }
  for (guint i = 0; i < found->len; i++)
    {
      const FbAgent *agent = g_ptr_array_index (found, i);

      if (fb_roster_lookup_team (roster, agent->team_id) != NULL)
        g_ptr_array_add (agents, (gpointer) agent);
    }
  return roster;
}

/* The local date @days after the simulated today. */
static char *
date_ahead (FbSimulator *self,
            gint64       days)
{
  g_autoptr(GDateTime) today = fb_center_clock_local (self->clock, self->start_unix + (gint64) floor (self->now));
  g_autoptr(GDateTime) ahead = today != NULL ? g_date_time_add_days (today, (int) days) : NULL;

  return ahead != NULL ? g_date_time_format (ahead, "%Y-%m-%d") : g_strdup ("1970-01-01");
}

/* A leave request of @agent, as they would post it, or NULL when the
 * submit checks refuse the one drawn. */
static JsonNode *
draw_leave (FbSimulator   *self,
            FbRoster      *roster,
            const FbAgent *agent,
            gint64         now)
{
  /* Mostly vacation and personal days; now and then sickness. */
  static const struct { FbLeaveType type; double weight; } mix[] = {
    { FB_LEAVE_VACATION, 0.35 }, { FB_LEAVE_PERSONAL, 0.25 }, { FB_LEAVE_SICK, 0.15 },
    { FB_LEAVE_SPECIAL, 0.1 }, { FB_LEAVE_BUSINESS_STUDY, 0.07 }, { FB_LEAVE_NIGHT_SHIFT, 0.08 },
  };
  const FbTeam *team = fb_roster_lookup_team (roster, agent->team_id);
  double r = g_rand_double (self->req_rand);
  FbLeaveType type = FB_LEAVE_VACATION;
  gint64 ahead, days = 1;
  gboolean certificate = FALSE;
  g_autofree char *id = NULL;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *at = fb_timestamp_to_iso (now);
  g_autoptr(FbLeaveRequest) leave = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  const char *reason;
  JsonObject *row;
  JsonNode *node;

  for (guint k = 0; k < G_N_ELEMENTS (mix); k++)
    {
      if (r < mix[k].weight)
        {
          type = mix[k].type;
          break;
        }
      r -= mix[k].weight;
    }
  /* Night-shift leave is for the night teams. */
  if (type == FB_LEAVE_NIGHT_SHIFT && (team == NULL || team->shift != FB_SHIFT_NIGHT))
    type = FB_LEAVE_VACATION;

  switch (type)
    {
    case FB_LEAVE_SICK:
      /* Today or tomorrow, mostly with the doctor's note. */
      ahead = fb_sim_rand_between (self->req_rand, 0, 1);
      days = fb_sim_rand_between (self->req_rand, 1, 2);
      certificate = g_rand_double (self->req_rand) < 0.8;
      break;
    case FB_LEAVE_PERSONAL:
      ahead = fb_sim_rand_between (self->req_rand, 2, 14);
      break;
    case FB_LEAVE_SPECIAL:
      ahead = fb_sim_rand_between (self->req_rand, 1, 5);
      break;
    case FB_LEAVE_NIGHT_SHIFT:
      /* Asked before noon of the night it is for. */
      ahead = local_seconds (self, self->now) < 11 * HOUR ? 0 : 1;
      break;
    case FB_LEAVE_BUSINESS_STUDY:
      ahead = fb_sim_rand_between (self->req_rand, 7, 30);
      days = fb_sim_rand_between (self->req_rand, 1, 2);
      break;
    case FB_LEAVE_VACATION:
    default:
      ahead = fb_sim_rand_between (self->req_rand, 3, 30);
      days = g_rand_double (self->req_rand) < 0.7 ? 1 : fb_sim_rand_between (self->req_rand, 2, 4);
      break;
    }

  id = g_strdup_printf ("leave-sim-%" G_GINT64_FORMAT "-%" G_GUINT64_FORMAT, self->start_unix, self->n_requests + 1);
  start = date_ahead (self, ahead);
  end = date_ahead (self, ahead + days - 1);
  row = json_object_new ();
  set_text (row, "id", id);
  set_text (row, "agent_id", agent->id);
  set_text (row, "type", fb_leave_type_values[type]);
  set_text (row, "start_date", start);
  set_text (row, "end_date", end);
  if ((reason = pick_text (self->req_rand, self->texts, "leave_reasons", fb_leave_type_values[type])) != NULL)
    set_text (row, "reason", reason);
  set_text (row, "submitted_at", at);
  json_object_set_boolean_member (row, "certificate", certificate);
  set_text (row, "status", fb_request_status_values[FB_REQUEST_PENDING]);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, row);

  /* The server would refuse what the rules refuse. */
  if (!(leave = fb_leave_request_from_json (node, NULL)) ||
      fb_checks_first_blocking (checks = fb_leave_submit_checks (roster, leave)) != NULL)
    {
      json_node_unref (node);
      return NULL;
    }
  return node;
}

/* A swap @a asks of someone of another team in the same job and grade:
 * B works A's shift on date_a, A pays it back on B's shift on date_b. */
static JsonNode *
draw_swap (FbSimulator   *self,
           FbRoster      *roster,
           GPtrArray     *agents,
           const FbAgent *a,
           gint64         now)
{
  g_autoptr(GPtrArray) partners = g_ptr_array_new ();
  const FbTeam *team_a = fb_roster_lookup_team (roster, a->team_id);
  const FbTeam *team_b;
  const FbAgent *b;
  gint64 ahead_a, ahead_b, gap;
  g_autofree char *id = NULL;
  g_autofree char *date_a = NULL;
  g_autofree char *date_b = NULL;
  g_autofree char *at = fb_timestamp_to_iso (now);
  g_autoptr(FbSwapRequest) swap = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  const char *reason;
  JsonObject *row;
  JsonNode *node;

  for (guint i = 0; i < agents->len; i++)
    {
      const FbAgent *c = g_ptr_array_index (agents, i);

      if (g_strcmp0 (c->team_id, a->team_id) != 0 && c->grade == a->grade &&
          g_strcmp0 (c->queue_id, a->queue_id) == 0)
        g_ptr_array_add (partners, (gpointer) c);
    }
  if (team_a == NULL || partners->len == 0)
    return NULL;
  b = g_ptr_array_index (partners, g_rand_int_range (self->req_rand, 0, (gint32) partners->len));
  team_b = fb_roster_lookup_team (roster, b->team_id);

  /* A day and a night shift two days apart: nobody works back to back. */
  ahead_a = fb_sim_rand_between (self->req_rand, 2, 21);
  gap = team_a->shift == team_b->shift ? fb_sim_rand_between (self->req_rand, 1, 6) : fb_sim_rand_between (self->req_rand, 2, 6);
  ahead_b = ahead_a + (g_rand_boolean (self->req_rand) ? gap : -gap);
  if (ahead_b < 1)
    ahead_b = ahead_a + gap;

  id = g_strdup_printf ("swap-sim-%" G_GINT64_FORMAT "-%" G_GUINT64_FORMAT, self->start_unix, self->n_requests + 1);
  date_a = date_ahead (self, ahead_a);
  date_b = date_ahead (self, ahead_b);
  row = json_object_new ();
  set_text (row, "id", id);
  set_text (row, "agent_a", a->id);
  set_text (row, "agent_b", b->id);
  set_text (row, "date_a", date_a);
  set_text (row, "shift_a", fb_shift_values[team_a->shift]);
  set_text (row, "date_b", date_b);
  set_text (row, "shift_b", fb_shift_values[team_b->shift]);
  if ((reason = pick_text (self->req_rand, self->texts, "swap_reasons", NULL)) != NULL)
    set_text (row, "reason", reason);
  set_text (row, "submitted_at", at);
  set_text (row, "status", fb_request_status_values[FB_REQUEST_PENDING]);
  json_object_set_boolean_member (row, "leader_a_approved", FALSE);
  json_object_set_boolean_member (row, "leader_b_approved", FALSE);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, row);

  if (!(swap = fb_swap_request_from_json (node, NULL)) ||
      fb_checks_first_blocking (checks = fb_swap_submit_checks (roster, swap)) != NULL)
    {
      json_node_unref (node);
      return NULL;
    }
  return node;
}

/* An agent asks for leave (most often) or a swap, as through
 * POST /api/v1/leave-requests or /swap-requests: pending, submitted now,
 * and only what the submit rules let through. */
static void
submit_request (FbSimulator *self)
{
  g_autoptr(GPtrArray) agents = g_ptr_array_new ();
  g_autoptr(FbRoster) roster = request_roster (self, agents);
  gint64 now = self->start_unix + (gint64) floor (self->now);
  gboolean swap = g_rand_double (self->req_rand) < 0.35;

  if (agents->len == 0)
    return;
  for (guint attempt = 0; attempt < REQUEST_TRIES; attempt++)
    {
      const FbAgent *agent = g_ptr_array_index (agents, g_rand_int_range (self->req_rand, 0, (gint32) agents->len));
      JsonNode *row = swap ? draw_swap (self, roster, agents, agent, now) : draw_leave (self, roster, agent, now);

      if (row != NULL)
        {
          self->n_requests++;
          g_ptr_array_add (swap ? self->new_swaps : self->new_leaves, row);
          return;
        }
    }
}

static void
schedule_request (FbSimulator *self)
{
  if (self->req_per_hour > 0 && self->agents->len > 0)
    schedule (self, self->now - HOUR / self->req_per_hour * log (1.0 - g_rand_double (self->req_rand)),
              EV_REQUEST, 0, self->req_epoch);
}

static void
reset_counters (SimQueue *q)
{
  /* Callers still in line are the new period's first offered calls. */
  q->offered = q->n_waiting;
  q->answered = 0;
  q->abandoned = 0;
  q->within = 0;
  q->handled = 0;
  q->sum_wait = 0;
  q->sum_handle = 0;
}

/* Midnight: callers still waiting are offered again to the new day,
 * in its first quarter, as the day's figures count them. */
static void
reoffer_waiting (FbSimulator *self,
                 SimQueue    *q,
                 gint64       quarter)
{
  for (guint i = q->head; i < q->fifo->len; i++)
    {
      Waiter *w = &g_array_index (q->fifo, Waiter, i);
      Call *call = CALL (self, w->slot);
      SimInterval *iv;

      if (call->serial != w->serial || !call->waiting || call->quarter >= quarter)
        continue;
      /* No outcome in the old quarter: offered there, never answered. */
      iv = interval_get (q, call->quarter);
      if (iv->open > 0)
        iv->open--;
      count_offered (q, call, quarter);
    }
}

static void
on_arrival (FbSimulator *self,
            guint        index)
{
  SimQueue *q = QUEUE (self, index);
  guint32 slot;

  schedule (self, self->now + exponential (self, 1.0 / q->peak_rate), EV_ARRIVAL, index, 0);
  /* Thinning: candidates at the peak rate, kept in proportion to the
   * curve's rate now; a Poisson process of the varying rate. */
  if (!q->flat && g_rand_double (self->rand) * q->peak_rate >= q->mean_rate * profile_factor (self, self->now))
    return;

  q->offered++;
  slot = new_call (self, index, self->now);
  count_offered (q, CALL (self, slot), quarter_of (self, self->now));
  if (q->idle.length > 0)
    {
      SimAgent *agent = g_queue_pop_head (&q->idle);

      agent->in_idle = FALSE;
      answer (self, q, agent, slot);
    }
  else
    enqueue_call (self, q, slot);
}

static void
handle_event (FbSimulator *self,
              const Event *ev)
{
  SimAgent *agent = NULL;

  switch ((EventKind) ev->kind)
    {
    case EV_TALK_END:
    case EV_ACW_END:
    case EV_BREAK_DUE:
    case EV_BREAK_END:
      agent = AGENT (self, ev->index);
      if (agent->epoch != ev->tag)
        return;
      break;
    case EV_ARRIVAL:
    case EV_ABANDON:
    case EV_SHIFT_START:
    case EV_SHIFT_END:
    case EV_FAULT:
    case EV_REPAIR:
    case EV_MIDNIGHT:
    case EV_QUARTER:
    case EV_ESCALATION:
    case EV_REQUEST:
    default:
      break;
    }

  switch ((EventKind) ev->kind)
    {
    case EV_ARRIVAL:
      on_arrival (self, ev->index);
      break;

    case EV_ABANDON:
      {
        Call *call = CALL (self, ev->index);

        if (call->serial == ev->tag && call->waiting)
          {
            SimQueue *q = QUEUE (self, call->queue);

            call_outcome (q, call)->abandoned++;
            q->n_waiting--;
            q->abandoned++;
            free_call (self, ev->index);
          }
      }
      break;

    case EV_TALK_END:
      if (agent->state != FB_AGENT_ON_CALL)
        break;
      if (QUEUE (self, agent->queue)->acw_s > 0)
        {
          set_state (self, agent, FB_AGENT_AFTER_CALL_WORK);
          schedule (self, self->now + agent->acw_len, EV_ACW_END, ev->index, agent->epoch);
        }
      else
        finish_handle (self, agent);
      break;

    case EV_ACW_END:
      if (agent->state == FB_AGENT_AFTER_CALL_WORK)
        finish_handle (self, agent);
      break;

    case EV_BREAK_DUE:
      if (agent->state == FB_AGENT_AVAILABLE)
        {
          remove_idle (QUEUE (self, agent->queue), agent);
          start_break (self, agent);
        }
      else if (agent->state == FB_AGENT_ON_CALL || agent->state == FB_AGENT_AFTER_CALL_WORK)
        agent->break_due = TRUE;
      break;

    case EV_BREAK_END:
      if (agent->state == FB_AGENT_BREAK)
        {
          schedule_break (self, agent, 75 * MINUTE, 150 * MINUTE);
          agent_free (self, agent);
        }
      break;

    case EV_SHIFT_START:
      shift_start (self, TEAM (self, ev->index));
      schedule (self, next_time_of_day (self, TEAM (self, ev->index)->start_min * MINUTE),
                EV_SHIFT_START, ev->index, 0);
      break;

    case EV_SHIFT_END:
      shift_end (self, TEAM (self, ev->index));
      schedule (self, next_time_of_day (self, TEAM (self, ev->index)->end_min * MINUTE),
                EV_SHIFT_END, ev->index, 0);
      break;

    case EV_FAULT:
      seat_fault (self);
      schedule (self, self->now + exponential (self, DEMO_FAULT_EVERY), EV_FAULT, 0, 0);
      break;

    case EV_REPAIR:
      SEAT (self, ev->index)->faulty = FALSE;
      SEAT (self, ev->index)->dirty = TRUE;
      break;

    case EV_MIDNIGHT:
      for (guint i = 0; self->daily_reset && i < self->queues->len; i++)
        {
          reset_counters (QUEUE (self, i));
          /* The event time is a whole second: no rounding across. */
          reoffer_waiting (self, QUEUE (self, i), quarter_of (self, round (self->now)));
        }
      schedule (self, next_time_of_day (self, 0), EV_MIDNIGHT, 0, 0);
      break;

    case EV_ESCALATION:
      /* An event of an older rate is dropped: its successor is queued. */
      if (ev->tag != self->esc_epoch)
        break;
      raise_escalation (self);
      schedule_escalation (self);
      break;

    case EV_REQUEST:
      if (ev->tag != self->req_epoch)
        break;
      submit_request (self);
      schedule_request (self);
      break;

    case EV_QUARTER:
      /* Every quarter gets its row, calls or not. */
      for (guint i = 0; i < self->queues->len; i++)
        interval_get (QUEUE (self, i), (gint64) ev->tag);
      schedule (self, self->now + QUARTER, EV_QUARTER, 0, (guint64) ((gint64) ev->tag + QUARTER));
      break;

    default:
      g_assert_not_reached ();
    }
}

void
fb_simulator_run_until (FbSimulator *self,
                        double       sim_seconds)
{
  g_return_if_fail (FB_IS_SIMULATOR (self));
  g_return_if_fail (isfinite (sim_seconds));

  if (sim_seconds <= self->now)
    return;
  while (self->events->len > 0 && g_array_index (self->events, Event, 0).time <= sim_seconds)
    {
      Event ev = pop_event (self);

      self->now = ev.time;
      handle_event (self, &ev);
    }
  self->now = sim_seconds;
}

/* ---- building the center ------------------------------------------------- */

static SimQueue *
sim_queue_new (const char *id,
               const char *name)
{
  SimQueue *q = g_new0 (SimQueue, 1);

  q->id = g_strdup (id);
  q->name = g_strdup (name);
  q->fifo = g_array_new (FALSE, FALSE, sizeof (Waiter));
  q->intervals = g_array_new (FALSE, FALSE, sizeof (SimInterval));
  q->agents = g_ptr_array_new ();
  g_queue_init (&q->idle);
  return q;
}

static void
set_rates (FbSimulator *self,
           SimQueue    *q,
           double       arrivals_per_hour,
           gboolean     flat)
{
  q->flat = flat;
  q->mean_rate = arrivals_per_hour / HOUR;
  q->peak_rate = flat ? q->mean_rate : q->mean_rate * self->profile_max / self->profile_mean * self->weekday_max;
}

static JsonNode *
load_demo_center (GError **error)
{
  return fb_sim_load_demo_json ("center.json", error);
}

/* What new escalations are made of: the demo's own complaints, notes and
 * names, so the simulated cases read like the seeded ones. Templates that
 * lack a text are skipped; the codec checks the values when written. */
static gboolean
load_escalation_texts (FbSimulator  *self,
                       GError      **error)
{
  JsonNode *list;
  JsonArray *array;

  if (!(self->texts = fb_sim_load_demo_json ("texts.json", error)) ||
      !(self->names = fb_sim_load_demo_json ("names.json", error)))
    return FALSE;
  list = json_object_get_member (json_node_get_object (self->texts), "escalations");
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    return TRUE;
  array = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonObject *t = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;
      gboolean ok = t != NULL;

      for (guint k = 0; ok && k < 3; k++)
        {
          static const char * const names[] = { "category", "severity", "summary" };
          JsonNode *m = json_object_get_member (t, names[k]);

          ok = m != NULL && JSON_NODE_HOLDS_VALUE (m) && json_node_get_value_type (m) == G_TYPE_STRING;
        }
      if (ok)
        g_ptr_array_add (self->esc_templates, t);
    }
  return TRUE;
}

/* The accounts of agents (raised_by names a user), and where the
 * numbering of this start's cases goes on after an earlier run. */
static gboolean
load_escalation_state (FbSimulator  *self,
                       GError      **error)
{
  g_autoptr(GPtrArray) users = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autofree char *prefix = g_strdup_printf ("esc-sim-%" G_GINT64_FORMAT "-", self->start_unix);

  if (!(users = fb_server_store_list (self->store, "user", error)) ||
      !(cases = fb_server_store_list (self->store, "escalation", error)))
    return FALSE;
  for (guint i = 0; i < users->len; i++)
    {
      FbChange *change = g_ptr_array_index (users, i);
      g_autoptr(FbUser) user = fb_entity_decode_string (&fb_user_spec, change->data, -1, NULL);

      if (user != NULL && user->role == FB_ROLE_AGENT && user->agent_id != NULL &&
          !g_hash_table_contains (self->agent_users, user->agent_id))
        g_hash_table_insert (self->agent_users, g_strdup (user->agent_id), g_strdup (user->id));
    }
  for (guint i = 0; i < cases->len; i++)
    if (g_str_has_prefix (((FbChange *) g_ptr_array_index (cases, i))->id, prefix))
      self->n_escalations++;

  /* Requests are numbered across both kinds. */
  for (guint k = 0; k < 2; k++)
    {
      const char *type = k == 0 ? "leave_request" : "swap_request";
      g_autofree char *request_prefix = g_strdup_printf ("%s-sim-%" G_GINT64_FORMAT "-",
                                                         k == 0 ? "leave" : "swap", self->start_unix);
      g_autoptr(GPtrArray) requests = fb_server_store_list (self->store, type, error);

      if (requests == NULL)
        return FALSE;
      for (guint i = 0; i < requests->len; i++)
        if (g_str_has_prefix (((FbChange *) g_ptr_array_index (requests, i))->id, request_prefix))
          self->n_requests++;
    }
  return TRUE;
}

/* The intraday curve: the demo center's hourly profile. */
static gboolean
load_profile (FbSimulator  *self,
              JsonObject   *center,
              GError      **error)
{
  JsonNode *node = member (center, "hourly_profile");
  JsonArray *profile = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  double sum = 0;

  if (profile == NULL || json_array_get_length (profile) != 24)
    {
      g_set_error (error, FB_SIMULATOR_ERROR, FB_SIMULATOR_ERROR_DATA,
                   _("%s: “hourly_profile” must list 24 numbers"), DEMO_CENTER);
      return FALSE;
    }
  self->profile_max = 0;
  for (guint h = 0; h < 24; h++)
    {
      JsonNode *v = json_array_get_element (profile, h);

      self->profile[h] = is_number (v) ? MAX (0.0, json_node_get_double (v)) : 0.0;
      sum += self->profile[h];
      self->profile_max = MAX (self->profile_max, self->profile[h]);
    }
  if (sum <= 0)
    {
      g_set_error (error, FB_SIMULATOR_ERROR, FB_SIMULATOR_ERROR_DATA,
                   _("%s: “hourly_profile” has no calls"), DEMO_CENTER);
      return FALSE;
    }
  self->profile_mean = sum / 24;
  return TRUE;
}

/* The demo's weekday factors (Monday first), which scale its days'
 * volume; a center without them has none. */
static void
load_weekdays (FbSimulator *self,
               JsonObject  *center)
{
  JsonNode *node = member (center, "weekday_profile");
  JsonArray *weekdays = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  if (weekdays == NULL || json_array_get_length (weekdays) != 7)
    return;
  self->weekday_max = 0;
  for (guint d = 0; d < 7; d++)
    {
      JsonNode *v = json_array_get_element (weekdays, d);

      self->weekday[d] = is_number (v) ? MAX (0.0, json_node_get_double (v)) : 0.0;
      self->weekday_max = MAX (self->weekday_max, self->weekday[d]);
    }
}

static void
build_from_config (FbSimulator       *self,
                   const FbSimConfig *config)
{
  guint number = 0;

  for (guint i = 0; i < config->queues->len; i++)
    {
      SimQueueConfig *qc = g_ptr_array_index (config->queues, i);
      SimQueue *q = sim_queue_new (qc->id, qc->name);

      q->threshold = qc->sl_threshold_s;
      q->talk_s = qc->aht_s - qc->acw_s;
      q->acw_s = qc->acw_s;
      q->patience_s = qc->patience_s;
      set_rates (self, q, qc->arrivals_per_hour, qc->flat);
      g_ptr_array_add (self->queues, q);

      for (guint k = 1; k <= qc->agents; k++)
        {
          SimAgent *agent = g_new0 (SimAgent, 1);

          agent->id = g_strdup_printf ("%s-agent-%04u", qc->id, k);
          agent->index = self->agents->len;
          /* TRANSLATORS: a simulated agent's name: queue name, number */
          agent->name = g_strdup_printf (_("%s agent %u"), qc->name, k);
          agent->number = ++number;
          agent->queue = i;
          agent->team = -1;
          agent->seat = -1;
          agent->state = FB_AGENT_AVAILABLE;
          agent->dirty = TRUE;
          agent->in_idle = TRUE;
          g_ptr_array_add (self->agents, agent);
          g_ptr_array_add (q->agents, agent);
          g_queue_push_tail (&q->idle, agent);
        }
    }
}

static int
find_queue (FbSimulator *self,
            const char  *id)
{
  for (guint i = 0; id != NULL && i < self->queues->len; i++)
    if (strcmp (QUEUE (self, i)->id, id) == 0)
      return (int) i;
  return -1;
}

static int
find_team (FbSimulator *self,
           const char  *id)
{
  for (guint i = 0; id != NULL && i < self->teams->len; i++)
    if (strcmp (TEAM (self, i)->id, id) == 0)
      return (int) i;
  return -1;
}

static int
find_seat (FbSimulator *self,
           const char  *id)
{
  for (guint i = 0; id != NULL && i < self->seats->len; i++)
    if (strcmp (SEAT (self, i)->id, id) == 0)
      return (int) i;
  return -1;
}

static JsonObject *
find_by_id (JsonObject *center,
            const char *list,
            const char *id)
{
  JsonNode *node = member (center, list);
  JsonArray *array = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (item) &&
          g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (item), "id", NULL), id) == 0)
        return json_node_get_object (item);
    }
  return NULL;
}

/* The zone whose seats the demo floor gives to @queue_id. */
static char *
zone_of_queue (JsonObject *center,
               const char *queue_id)
{
  JsonNode *node = member (center, "zones");
  JsonArray *zones = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  for (guint z = 0; zones != NULL && z < json_array_get_length (zones); z++)
    {
      JsonNode *item = json_array_get_element (zones, z);
      JsonObject *zone;
      JsonNode *queues;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        continue;
      zone = json_node_get_object (item);
      queues = member (zone, "queues");
      if (queues == NULL || !JSON_NODE_HOLDS_ARRAY (queues))
        continue;
      for (guint k = 0; k < json_array_get_length (json_node_get_array (queues)); k++)
        {
          JsonNode *q = json_array_get_element (json_node_get_array (queues), k);

          if (JSON_NODE_HOLDS_VALUE (q) && json_node_get_value_type (q) == G_TYPE_STRING &&
              g_strcmp0 (json_node_get_string (q), queue_id) == 0)
            return g_strdup (json_object_get_string_member_with_default (zone, "id", NULL));
        }
    }
  return NULL;
}

static int
minutes_of (const char *hh_mm)
{
  int h = 0, m = 0;

  if (hh_mm == NULL || sscanf (hh_mm, "%d:%d", &h, &m) != 2)
    return 0;
  return CLAMP (h, 0, 23) * 60 + CLAMP (m, 0, 59);
}

static gboolean
team_on_shift (SimTeam *team,
               double   seconds_of_day)
{
  double start = team->start_min * MINUTE, end = team->end_min * MINUTE;

  if (start == end)
    return TRUE;
  if (start < end)
    return seconds_of_day >= start && seconds_of_day < end;
  return seconds_of_day >= start || seconds_of_day < end;
}

static void
interval_figures (const SimInterval *iv,
                  gint64             f[6])
{
  f[0] = iv->offered;
  f[1] = iv->answered;
  f[2] = iv->abandoned;
  f[3] = iv->in_sl;
  f[4] = (gint64) round (iv->handle * 10);
  f[5] = (gint64) round (iv->wait * 10);
}

/* Drops the quarters that are over, have no caller waiting and are
 * written as they are: their rows are final. */
static void
intervals_prune (FbSimulator *self,
                 SimQueue    *q)
{
  gint64 running = quarter_of (self, self->now);
  guint kept = 0;

  for (guint i = 0; i < q->intervals->len; i++)
    {
      SimInterval *iv = &g_array_index (q->intervals, SimInterval, i);
      gint64 f[6];

      interval_figures (iv, f);
      if (iv->start < running && iv->open == 0 && iv->has_written &&
          memcmp (f, iv->written, sizeof f) == 0)
        continue;
      if (kept != i)
        g_array_index (q->intervals, SimInterval, kept) = *iv;
      kept++;
    }
  g_array_set_size (q->intervals, kept);
}

/* Today's interval rows of @q in the store, from @day_start to the
 * running quarter; FALSE when it holds none of them. */
static gboolean
load_intervals (FbSimulator *self,
                SimQueue    *q,
                gint64       day_start,
                gint64       running)
{
  gboolean found = FALSE;

  for (gint64 start = day_start; start <= running; start += QUARTER)
    {
      g_autofree char *id = fb_sim_interval_id (q->id, start);
      g_autoptr(FbChange) change = fb_server_store_get (self->store, "queue_interval", id, NULL);
      g_autoptr(FbQueueInterval) row = NULL;
      SimInterval *iv;

      if (change == NULL || change->deleted || change->data == NULL ||
          !(row = fb_entity_decode_string (&fb_queue_interval_spec, change->data, -1, NULL)))
        continue;
      found = TRUE;
      iv = interval_get (q, start);
      iv->offered = row->offered;
      iv->answered = row->answered;
      iv->abandoned = row->abandoned;
      iv->in_sl = row->answered_in_sl;
      iv->handle = row->handle_time_s;
      iv->wait = row->wait_time_s;
      interval_figures (iv, iv->written);
      iv->has_written = TRUE;
    }
  /* Quarters nobody simulated (the server was down) get empty rows, so
   * the day has no holes. */
  for (gint64 start = day_start; found && start <= running; start += QUARTER)
    interval_get (q, start);
  return found;
}

/* Counters carried on from the store: the sums of today's interval
 * rows, which the demo seeds, else today's queue row; a row of another
 * day starts a new one. */
static void
continue_figures (FbSimulator *self,
                  SimQueue    *q,
                  FbQueue     *row)
{
  g_autofree char *today = local_date (self, 0);
  g_autofree char *row_day = NULL;
  gint64 running = quarter_of (self, 0);
  gint64 day_start = fb_center_clock_day_start (self->clock, self->start_unix);
  gboolean today_row, from_intervals;
  gint64 seen_at;

  if (row->updated_at != 0)
    {
      row_day = fb_center_clock_date (self->clock, row->updated_at);
    }
  today_row = g_strcmp0 (today, row_day) == 0;
  from_intervals = load_intervals (self, q, day_start, running);
  /* When the row saw the callers waiting. */
  seen_at = today_row && row->updated_at <= self->start_unix ? row->updated_at : self->start_unix;

  /* Callers already in line keep waiting; they were offered already,
   * the demo counting each in the quarter it rang in (waits spread
   * evenly up to the longest, in whole seconds, as here). */
  for (gint64 k = 0; k < MIN (row->waiting, 1000); k++)
    {
      gint64 waited = row->waiting > 1 ? row->longest_wait_s * (row->waiting - 1 - k) / (row->waiting - 1)
                                       : row->longest_wait_s;
      guint32 slot = new_call (self, find_queue (self, q->id), (double) -waited);
      gint64 quarter = fb_center_clock_quarter_start (self->clock, seen_at - waited);
      SimInterval *iv = from_intervals && quarter >= day_start ? interval_find (q, quarter) : NULL;

      enqueue_call (self, q, slot);
      if (iv != NULL)
        {
          CALL (self, slot)->quarter = quarter;
          iv->open++;
          if (iv->answered + iv->abandoned + iv->open > iv->offered)
            iv->offered++;
        }
      else
        count_offered (q, CALL (self, slot), running);
    }

  if (from_intervals)
    {
      reset_counters (q);
      q->offered = 0;
      for (guint i = 0; i < q->intervals->len; i++)
        {
          SimInterval *iv = &g_array_index (q->intervals, SimInterval, i);

          q->offered += iv->offered;
          q->answered += iv->answered;
          q->abandoned += iv->abandoned;
          q->within += iv->in_sl;
          q->sum_wait += iv->wait;
          q->sum_handle += iv->handle;
        }
      q->handled = q->answered;
    }
  else if (today_row)
    {
      q->offered = MAX (row->offered, q->n_waiting + row->answered + row->abandoned);
      q->answered = row->answered;
      q->abandoned = row->abandoned;
      q->within = (gint64) round (row->service_level * row->answered);
      q->sum_wait = row->asa_s * row->answered;
      q->handled = row->answered;
      q->sum_handle = row->aht_s * row->answered;
    }
  else
    reset_counters (q);
  intervals_prune (self, q);

  /* What the row shows now is what was written. */
  q->written.waiting = row->waiting;
  q->written.longest_wait_s = row->longest_wait_s;
  q->written.agents_available = row->agents_available;
  q->written.agents_busy = row->agents_busy;
  q->written.offered = row->offered;
  q->written.answered = row->answered;
  q->written.abandoned = row->abandoned;
  q->written.sl_milli = (gint64) round (row->service_level * 1000);
  q->written.asa_deci = (gint64) round (row->asa_s * 10);
  q->written.aht_deci = (gint64) round (row->aht_s * 10);
  q->has_written = TRUE;
}

static gboolean
build_from_store (FbSimulator  *self,
                  JsonObject   *center,
                  GError      **error)
{
  g_autoptr(GPtrArray) queue_rows = NULL;
  g_autoptr(GPtrArray) agent_rows = NULL;
  g_autoptr(GPtrArray) team_rows = NULL;
  g_autoptr(GPtrArray) seat_rows = NULL;
  g_autoptr(GPtrArray) queue_entities = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_queue_free);
  g_autoptr(GArray) staffed = NULL;

  if (!(queue_rows = fb_server_store_list (self->store, "queue", error)) ||
      !(agent_rows = fb_server_store_list (self->store, "agent", error)) ||
      !(team_rows = fb_server_store_list (self->store, "team", error)) ||
      !(seat_rows = fb_server_store_list (self->store, "seat", error)))
    return FALSE;
  if (queue_rows->len == 0)
    {
      g_set_error (error, FB_SIMULATOR_ERROR, FB_SIMULATOR_ERROR_NO_CENTER,
                   _("The database holds no queues to simulate; seed the demo center (--demo) or give a simulation config (--sim-config)"));
      return FALSE;
    }

  for (guint i = 0; i < queue_rows->len; i++)
    {
      FbChange *change = g_ptr_array_index (queue_rows, i);
      g_autoptr(GError) local_error = NULL;
      FbQueue *row = fb_entity_decode_string (&fb_queue_spec, change->data, -1, &local_error);
      SimQueue *q;
      JsonObject *demo;
      double aht, daily;

      if (row == NULL)
        {
          g_set_error (error, FB_SIMULATOR_ERROR, FB_SIMULATOR_ERROR_DATA,
                       _("Queue “%s”: %s"), change->id, local_error->message);
          return FALSE;
        }
      g_ptr_array_add (queue_entities, row);
      q = sim_queue_new (row->id, row->name);
      q->threshold = row->sl_threshold_s;
      q->zone = zone_of_queue (center, row->id);
      demo = find_by_id (center, "queues", row->id);
      aht = row->aht_s > 0 ? row->aht_s : 300;
      if (demo != NULL)
        aht = json_object_get_double_member_with_default (demo, "aht_s", aht);
      aht = MAX (aht, 10);
      q->acw_s = MIN (aht * DEMO_ACW_SHARE, DEMO_ACW_MAX_S);
      q->talk_s = aht - q->acw_s;
      q->patience_s = DEMO_PATIENCE_S;
      daily = demo != NULL ? json_object_get_double_member_with_default (demo, "daily_offered", -1) : -1;
      q->mean_rate = daily >= 0 ? daily / DAY : -1;  /* -1: known once staffed */
      g_ptr_array_add (self->queues, q);
    }

  for (guint i = 0; i < team_rows->len; i++)
    {
      FbChange *change = g_ptr_array_index (team_rows, i);
      g_autoptr(FbTeam) row = fb_entity_decode_string (&fb_team_spec, change->data, -1, NULL);
      SimTeam *team;

      if (row == NULL)
        continue;
      team = g_new0 (SimTeam, 1);
      team->id = g_strdup (row->id);
      team->shift = row->shift;
      team->start_min = minutes_of (row->start);
      team->end_min = minutes_of (row->end);
      team->agents = g_ptr_array_new ();
      g_ptr_array_add (self->teams, team);
    }

  for (guint i = 0; i < seat_rows->len; i++)
    {
      FbChange *change = g_ptr_array_index (seat_rows, i);
      g_autoptr(FbSeat) row = fb_entity_decode_string (&fb_seat_spec, change->data, -1, NULL);
      SimSeat *seat;

      if (row == NULL)
        continue;
      seat = g_new0 (SimSeat, 1);
      seat->id = g_strdup (row->id);
      seat->zone = g_strdup (row->zone);
      seat->faulty = row->equipment == FB_EQUIPMENT_FAULTY;
      seat->agent = -1;
      g_ptr_array_add (self->seats, seat);
    }

  staffed = g_array_new (FALSE, TRUE, sizeof (guint));
  g_array_set_size (staffed, self->queues->len);
  for (guint i = 0; i < agent_rows->len; i++)
    {
      FbChange *change = g_ptr_array_index (agent_rows, i);
      g_autoptr(FbAgent) row = fb_entity_decode_string (&fb_agent_spec, change->data, -1, NULL);
      SimAgent *agent;
      int queue, seat;

      /* Agents of no simulated queue are left as they are. */
      if (row == NULL || (queue = find_queue (self, row->queue_id)) < 0)
        continue;
      agent = g_new0 (SimAgent, 1);
      agent->id = g_strdup (row->id);
      agent->index = self->agents->len;
      agent->queue = (guint) queue;
      agent->team = find_team (self, row->team_id);
      agent->state = row->state;
      agent->since = (double) (row->state_since - self->start_unix);
      agent->seat = -1;
      g_ptr_array_add (self->agents, agent);
      g_ptr_array_add (QUEUE (self, queue)->agents, agent);
      g_array_index (staffed, guint, queue)++;
      if (agent->team >= 0)
        g_ptr_array_add (TEAM (self, agent->team)->agents, agent);
      if ((seat = find_seat (self, row->seat_id)) >= 0 && SEAT (self, seat)->agent < 0)
        {
          agent->seat = seat;
          SEAT (self, seat)->agent = (int) self->agents->len - 1;
        }
    }

  for (guint i = 0; i < self->queues->len; i++)
    {
      SimQueue *q = QUEUE (self, i);

      /* A queue the demo data does not know: busy enough to keep about
       * 80 % of its staff (half of them on shift) busy at the peak. */
      if (q->mean_rate < 0)
        {
          double peak = 0.8 * MAX (1.0, g_array_index (staffed, guint, i) / 2.0) / (q->talk_s + q->acw_s);

          q->mean_rate = peak * self->profile_mean / self->profile_max;
        }
      set_rates (self, q, q->mean_rate * HOUR, FALSE);
      continue_figures (self, q, g_ptr_array_index (queue_entities, i));
    }
  return TRUE;
}

/* Demo mode at the start: the store's agents meet the simulated clock.
 * Those of a team off shift log off (after their call); those of a team
 * on shift and not on leave work, their calls and breaks running on from
 * where the rows left them. */
static void
reconcile_agents (FbSimulator *self)
{
  double tod = local_seconds (self, 0);
  g_autoptr(GPtrArray) dates = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) away = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  g_autoptr(GPtrArray) plans = g_ptr_array_new_with_free_func ((GDestroyNotify) seat_plan_free);
  g_autoptr(GPtrArray) idle = g_ptr_array_new ();

  /* The date each team's running shift began on. */
  for (guint t = 0; t < self->teams->len; t++)
    {
      SimTeam *team = TEAM (self, t);
      double started = tod >= team->start_min * MINUTE ? tod - team->start_min * MINUTE
                                                        : tod + DAY - team->start_min * MINUTE;
      char *date = local_date (self, -started);

      g_ptr_array_add (dates, date);
      g_ptr_array_add (away, agents_on_leave (self, date));
      g_ptr_array_add (plans, load_seat_plan (self, date, team->shift, g_ptr_array_index (away, t)));
      /* A shift that ends when it starts never ends. */
      if (team->start_min == team->end_min)
        continue;
      schedule (self, next_time_of_day (self, team->start_min * MINUTE), EV_SHIFT_START, t, 0);
      schedule (self, next_time_of_day (self, team->end_min * MINUTE), EV_SHIFT_END, t, 0);
    }

  for (guint i = 0; i < self->agents->len; i++)
    {
      SimAgent *agent = AGENT (self, i);
      SimQueue *q = QUEUE (self, agent->queue);
      gboolean working = TRUE;

      if (agent->team >= 0)
        working = team_on_shift (TEAM (self, agent->team), tod) &&
                  !g_hash_table_contains (g_ptr_array_index (away, agent->team), agent->id);

      switch (agent->state)
        {
        case FB_AGENT_OFFLINE:
          if (working)
            log_on (self, agent, agent->team >= 0 ? g_ptr_array_index (dates, agent->team) : NULL,
                    agent->team >= 0 ? g_ptr_array_index (plans, agent->team) : NULL);
          else if (agent->seat >= 0)
            release_seat (self, agent);
          continue;
        case FB_AGENT_ON_CALL:
          /* Exponential talk: the rest of a call is a whole new one. */
          agent->handle_start = agent->since;
          schedule (self, exponential (self, q->talk_s), EV_TALK_END, i, agent->epoch);
          agent->acw_len = q->acw_s > 0 ? exponential (self, q->acw_s) : 0;
          break;
        case FB_AGENT_AFTER_CALL_WORK:
          agent->handle_start = agent->since - q->talk_s;
          schedule (self, exponential (self, MAX (q->acw_s, 10)), EV_ACW_END, i, agent->epoch);
          break;
        case FB_AGENT_BREAK:
          schedule (self, uniform (self, 1 * MINUTE, 12 * MINUTE), EV_BREAK_END, i, agent->epoch);
          break;
        case FB_AGENT_AVAILABLE:
          g_ptr_array_add (idle, agent);
          break;
        default:
          break;
        }

      if (!working)
        {
          if (agent->state == FB_AGENT_ON_CALL || agent->state == FB_AGENT_AFTER_CALL_WORK)
            agent->shift_over = TRUE;
          else
            log_off (self, agent);
        }
      else if (agent->state != FB_AGENT_BREAK)
        schedule_break (self, agent, 5 * MINUTE, 150 * MINUTE);
    }

  /* Longest idle first, as the floor had them. */
  for (guint i = 0; i < idle->len; i++)
    {
      SimAgent *agent = g_ptr_array_index (idle, i);

      if (agent->state == FB_AGENT_AVAILABLE && !agent->in_idle)
        {
          g_queue_push_tail (&QUEUE (self, agent->queue)->idle, agent);
          agent->in_idle = TRUE;
        }
    }
}

static int
compare_idle (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const SimAgent *aa = a, *bb = b;

  return (aa->since > bb->since) - (aa->since < bb->since);
}

/* Nobody idle while somebody waits. */
static void
dispatch_all (FbSimulator *self)
{
  for (guint i = 0; i < self->queues->len; i++)
    {
      SimQueue *q = QUEUE (self, i);
      Waiter *w;

      while (q->idle.length > 0 && (w = fifo_front (self, q)) != NULL)
        {
          SimAgent *agent = g_queue_pop_head (&q->idle);
          guint32 slot = w->slot;

          agent->in_idle = FALSE;
          fifo_pop (q);
          q->n_waiting--;
          answer (self, q, agent, slot);
        }
    }
}

static void
schedule_start (FbSimulator *self)
{
  gint64 quarter = quarter_of (self, 0);

  /* The running quarter's row (continued from the store in demo mode),
   * then one per quarter. */
  for (guint i = 0; i < self->queues->len; i++)
    interval_get (QUEUE (self, i), quarter);
  schedule (self, (double) (quarter + QUARTER - self->start_unix), EV_QUARTER, 0, (guint64) (quarter + QUARTER));
  for (guint i = 0; i < self->queues->len; i++)
    if (QUEUE (self, i)->peak_rate > 0)
      schedule (self, exponential (self, 1.0 / QUEUE (self, i)->peak_rate), EV_ARRIVAL, i, 0);
  schedule (self, next_time_of_day (self, 0), EV_MIDNIGHT, 0, 0);
  schedule_escalation (self);
  schedule_request (self);
  if (!self->configured && self->seats->len > 0)
    {
      schedule (self, exponential (self, DEMO_FAULT_EVERY), EV_FAULT, 0, 0);
      for (guint s = 0; s < self->seats->len; s++)
        if (SEAT (self, s)->faulty)
          schedule (self, uniform (self, 1 * HOUR, 8 * HOUR), EV_REPAIR, s, 0);
    }
}

static void
fb_simulator_dispose (GObject *object)
{
  FbSimulator *self = FB_SIMULATOR (object);

  g_clear_handle_id (&self->timer, g_source_remove);
  g_clear_object (&self->store);
  g_clear_object (&self->clock);
  G_OBJECT_CLASS (fb_simulator_parent_class)->dispose (object);
}

static void
fb_simulator_finalize (GObject *object)
{
  FbSimulator *self = FB_SIMULATOR (object);

  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->events, g_array_unref);
  g_clear_pointer (&self->calls, g_array_unref);
  g_clear_pointer (&self->free_calls, g_array_unref);
  g_clear_pointer (&self->queues, g_ptr_array_unref);
  g_clear_pointer (&self->agents, g_ptr_array_unref);
  g_clear_pointer (&self->teams, g_ptr_array_unref);
  g_clear_pointer (&self->seats, g_ptr_array_unref);
  g_clear_pointer (&self->assignments, g_ptr_array_unref);
  g_clear_pointer (&self->escalations, g_ptr_array_unref);
  g_clear_pointer (&self->esc_rand, g_rand_free);
  g_clear_pointer (&self->esc_templates, g_ptr_array_unref);  /* points into texts */
  g_clear_pointer (&self->texts, json_node_unref);
  g_clear_pointer (&self->names, json_node_unref);
  g_clear_pointer (&self->agent_users, g_hash_table_unref);
  g_clear_pointer (&self->req_rand, g_rand_free);
  g_clear_pointer (&self->new_leaves, g_ptr_array_unref);
  g_clear_pointer (&self->new_swaps, g_ptr_array_unref);
  G_OBJECT_CLASS (fb_simulator_parent_class)->finalize (object);
}

static void
fb_simulator_class_init (FbSimulatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fb_simulator_dispose;
  object_class->finalize = fb_simulator_finalize;
}

static void
fb_simulator_init (FbSimulator *self)
{
  self->events = g_array_new (FALSE, FALSE, sizeof (Event));
  self->calls = g_array_new (FALSE, FALSE, sizeof (Call));
  self->free_calls = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->queues = g_ptr_array_new_with_free_func (sim_queue_free);
  self->agents = g_ptr_array_new_with_free_func (sim_agent_free);
  self->teams = g_ptr_array_new_with_free_func (sim_team_free);
  self->seats = g_ptr_array_new_with_free_func (sim_seat_free);
  self->assignments = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  self->escalations = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  self->esc_templates = g_ptr_array_new ();
  self->agent_users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->new_leaves = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  self->new_swaps = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  self->speed = 1;
  self->daily_reset = TRUE;
  for (guint d = 0; d < 7; d++)
    self->weekday[d] = 1;
  self->weekday_max = 1;
}

FbSimulator *
fb_simulator_new (FbServerStore      *store,
                  const FbSimConfig  *config,
                  guint64             seed,
                  gint64              start_unix,
                  GError            **error)
{
  return fb_simulator_new_for_clock (store, NULL, config, seed, start_unix, error);
}

FbSimulator *
fb_simulator_new_for_clock (FbServerStore      *store,
                            FbCenterClock      *clock,
                            const FbSimConfig  *config,
                            guint64             seed,
                            gint64              start_unix,
                            GError            **error)
{
  g_autoptr(FbSimulator) self = NULL;
  g_autoptr(JsonNode) center = NULL;
  g_autoptr(GError) center_error = NULL;
  g_autoptr(GError) texts_error = NULL;
  guint32 seed_words[2] = { (guint32) seed, (guint32) (seed >> 32) };
  gboolean curved = config == NULL;

  g_return_val_if_fail (FB_IS_SERVER_STORE (store), NULL);
  g_return_val_if_fail (clock == NULL || FB_IS_CENTER_CLOCK (clock), NULL);
  g_return_val_if_fail (start_unix > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (FB_TYPE_SIMULATOR, NULL);
  self->store = g_object_ref (store);
  self->clock = clock != NULL ? g_object_ref (clock) : fb_center_clock_new ();
  self->configured = config != NULL;
  self->start_unix = start_unix;
  self->quarter_base = fb_center_clock_quarter_start (self->clock, start_unix);
  self->rand = g_rand_new_with_seed_array (seed_words, G_N_ELEMENTS (seed_words));
  {
    guint32 esc_words[3] = { seed_words[0], seed_words[1], 0x65736321 /* "esc!" */ };

    guint32 req_words[3] = { seed_words[0], seed_words[1], 0x72657121 /* "req!" */ };

    self->esc_rand = g_rand_new_with_seed_array (esc_words, G_N_ELEMENTS (esc_words));
    self->req_rand = g_rand_new_with_seed_array (req_words, G_N_ELEMENTS (req_words));
  }
  /* A config's center is a queueing model: no cases nor requests unless
   * it asks. */
  self->esc_per_hour = config != NULL ? config->escalations_per_hour : DEMO_ESCALATIONS_PER_HOUR;
  self->req_per_hour = config != NULL ? config->requests_per_hour : DEMO_REQUESTS_PER_HOUR;

  for (guint i = 0; config != NULL && i < config->queues->len; i++)
    if (!((SimQueueConfig *) g_ptr_array_index (config->queues, i))->flat)
      curved = TRUE;
  center = load_demo_center (&center_error);
  if (center == NULL || !load_profile (self, json_node_get_object (center), &center_error))
    {
      if (curved)
        {
          g_propagate_error (error, g_steal_pointer (&center_error));
          return NULL;
        }
      /* Flat rates only: no curve needed. */
      for (guint h = 0; h < 24; h++)
        self->profile[h] = 1;
      self->profile_mean = self->profile_max = 1;
    }

  if (config != NULL)
    build_from_config (self, config);
  else
    {
      load_weekdays (self, json_node_get_object (center));
      if (!build_from_store (self, json_node_get_object (center), error))
        return NULL;
      reconcile_agents (self);
      /* Longest idle first: sort what reconcile queued. */
      for (guint i = 0; i < self->queues->len; i++)
        g_queue_sort (&QUEUE (self, i)->idle, compare_idle, NULL);
      dispatch_all (self);
    }
  if (!load_escalation_state (self, error))
    return NULL;
  if (!load_escalation_texts (self, &texts_error))
    {
      if (self->esc_per_hour > 0)
        {
          g_propagate_error (error, g_steal_pointer (&texts_error));
          return NULL;
        }
      /* Without texts no case can be raised: the rate stays 0. */
      g_ptr_array_set_size (self->esc_templates, 0);
    }
  schedule_start (self);
  return g_steal_pointer (&self);
}

/* ---- figures ------------------------------------------------------------- */

static void
queue_stats (FbSimulator     *self,
             SimQueue        *q,
             FbSimQueueStats *stats)
{
  Waiter *front = fifo_front (self, q);

  memset (stats, 0, sizeof *stats);
  stats->waiting = q->n_waiting;
  stats->longest_wait_s = front != NULL ? self->now - CALL (self, front->slot)->arrival : 0;
  stats->offered = q->offered;
  stats->answered = q->answered;
  stats->abandoned = q->abandoned;
  stats->answered_within = q->within;
  stats->handled = q->handled;
  stats->service_level = q->answered > 0 ? (double) q->within / q->answered : 0;
  stats->asa_s = q->answered > 0 ? q->sum_wait / q->answered : 0;
  stats->aht_s = q->answered > 0 ? q->sum_handle / q->answered : 0;
  for (guint i = 0; i < q->agents->len; i++)
    {
      SimAgent *agent = g_ptr_array_index (q->agents, i);

      switch (agent->state)
        {
        case FB_AGENT_AVAILABLE:
          stats->agents_available++;
          stats->agents_logged_on++;
          break;
        case FB_AGENT_ON_CALL:
        case FB_AGENT_AFTER_CALL_WORK:
          stats->agents_busy++;
          stats->agents_logged_on++;
          break;
        case FB_AGENT_BREAK:
          stats->agents_logged_on++;
          break;
        case FB_AGENT_OFFLINE:
        default:
          break;
        }
    }
}

double
fb_simulator_get_time (FbSimulator *self)
{
  g_return_val_if_fail (FB_IS_SIMULATOR (self), 0);
  return self->now;
}

gint64
fb_simulator_get_now_unix (FbSimulator *self)
{
  g_return_val_if_fail (FB_IS_SIMULATOR (self), 0);
  return self->start_unix + (gint64) floor (self->now);
}

void
fb_simulator_reset_stats (FbSimulator *self)
{
  g_return_if_fail (FB_IS_SIMULATOR (self));

  for (guint i = 0; i < self->queues->len; i++)
    reset_counters (QUEUE (self, i));
}

void
fb_simulator_set_daily_reset (FbSimulator *self,
                              gboolean     reset)
{
  g_return_if_fail (FB_IS_SIMULATOR (self));
  self->daily_reset = !!reset;
}

void
fb_simulator_set_escalation_rate (FbSimulator *self,
                                  double       per_hour)
{
  g_return_if_fail (FB_IS_SIMULATOR (self));
  g_return_if_fail (per_hour >= 0 && per_hour <= MAX_ESCALATIONS_PER_HOUR);

  if (per_hour == self->esc_per_hour)
    return;
  self->esc_per_hour = per_hour;
  self->esc_epoch++;
  schedule_escalation (self);
}

double
fb_simulator_get_escalation_rate (FbSimulator *self)
{
  g_return_val_if_fail (FB_IS_SIMULATOR (self), 0);
  return self->esc_templates->len > 0 ? self->esc_per_hour : 0;
}

void
fb_simulator_set_request_rate (FbSimulator *self,
                               double       per_hour)
{
  g_return_if_fail (FB_IS_SIMULATOR (self));
  g_return_if_fail (per_hour >= 0 && per_hour <= MAX_REQUESTS_PER_HOUR);

  if (per_hour == self->req_per_hour)
    return;
  self->req_per_hour = per_hour;
  self->req_epoch++;
  schedule_request (self);
}

double
fb_simulator_get_request_rate (FbSimulator *self)
{
  g_return_val_if_fail (FB_IS_SIMULATOR (self), 0);
  return self->req_per_hour;
}

guint
fb_simulator_get_n_queues (FbSimulator *self)
{
  g_return_val_if_fail (FB_IS_SIMULATOR (self), 0);
  return self->queues->len;
}

const char *
fb_simulator_get_queue_id (FbSimulator *self,
                           guint        index)
{
  g_return_val_if_fail (FB_IS_SIMULATOR (self), NULL);
  g_return_val_if_fail (index < self->queues->len, NULL);
  return QUEUE (self, index)->id;
}

gboolean
fb_simulator_get_queue_stats (FbSimulator     *self,
                              const char      *queue_id,
                              FbSimQueueStats *stats)
{
  int index;

  g_return_val_if_fail (FB_IS_SIMULATOR (self), FALSE);
  g_return_val_if_fail (queue_id != NULL, FALSE);
  g_return_val_if_fail (stats != NULL, FALSE);

  if ((index = find_queue (self, queue_id)) < 0)
    return FALSE;
  queue_stats (self, QUEUE (self, index), stats);
  return TRUE;
}

/* ---- writing rows -------------------------------------------------------- */

typedef struct
{
  const char *type;
  char       *id;
  JsonNode   *data;
} Staged;

static void
staged_free (gpointer data)
{
  Staged *staged = data;

  g_free (staged->id);
  json_node_unref (staged->data);
  g_free (staged);
}

/* The row as stored now, as an object to patch; NULL when absent. */
static JsonObject *
stored_object (FbSimulator *self,
               const char  *type,
               const char  *id,
               char       **text)
{
  g_autoptr(FbChange) change = fb_server_store_get (self->store, type, id, NULL);
  g_autoptr(JsonNode) node = NULL;

  if (change == NULL || change->deleted || change->data == NULL ||
      !(node = json_from_string (change->data, NULL)) || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  *text = g_strdup (change->data);
  return json_object_ref (json_node_get_object (node));
}

/* Normalizes @row (consumed) and stages it unless the store holds that
 * very row already. */
static gboolean
stage (FbSimulator         *self,
       GPtrArray           *staged,
       const FbEntitySpec  *spec,
       JsonObject          *row,
       const char          *stored_text,
       GError             **error)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) normalized = NULL;
  g_autofree char *text = NULL;
  g_autofree char *id = g_strdup (json_object_get_string_member_with_default (row, "id", ""));
  Staged *s;

  json_node_take_object (node, row);
  if (!(normalized = fb_entity_normalize (spec, node, error)))
    {
      g_prefix_error (error, _("Simulated %s “%s”: "), spec->type, id);
      return FALSE;
    }
  text = json_to_string (normalized, FALSE);
  if (stored_text != NULL && strcmp (text, stored_text) == 0)
    return TRUE;
  s = g_new0 (Staged, 1);
  s->type = spec->type;
  s->id = g_steal_pointer (&id);
  s->data = g_steal_pointer (&normalized);
  g_ptr_array_add (staged, s);
  return TRUE;
}

static void
row_figures (FbSimulator *self,
             SimQueue    *q,
             RowFigures  *f)
{
  FbSimQueueStats stats;

  queue_stats (self, q, &stats);
  /* Within what the queue row accepts, however long a run goes. */
  f->waiting = MIN (stats.waiting, 100000);
  f->longest_wait_s = MIN ((gint64) floor (stats.longest_wait_s), 86400);
  f->agents_available = MIN (stats.agents_available, 100000);
  f->agents_busy = MIN (stats.agents_busy, 100000);
  f->offered = MIN (stats.offered, 10000000);
  f->answered = MIN (stats.answered, f->offered);
  f->abandoned = MIN (stats.abandoned, f->offered - f->answered);
  f->sl_milli = (gint64) round (stats.service_level * 1000);
  f->asa_deci = MIN ((gint64) round (stats.asa_s * 10), 864000);
  f->aht_deci = MIN ((gint64) round (stats.aht_s * 10), 864000);
}

static gboolean
stage_queue (FbSimulator  *self,
             GPtrArray    *staged,
             SimQueue     *q,
             RowFigures   *f,
             GError      **error)
{
  g_autofree char *stored_text = NULL;
  JsonObject *row = stored_object (self, "queue", q->id, &stored_text);

  if (row == NULL || self->configured)
    {
      g_clear_pointer (&row, json_object_unref);
      row = json_object_new ();
      json_object_set_string_member (row, "id", q->id);
      json_object_set_string_member (row, "name", q->name);
      json_object_set_int_member (row, "sl_threshold_s", q->threshold);
    }
  json_object_set_int_member (row, "waiting", f->waiting);
  json_object_set_int_member (row, "longest_wait_s", f->longest_wait_s);
  json_object_set_int_member (row, "agents_available", f->agents_available);
  json_object_set_int_member (row, "agents_busy", f->agents_busy);
  json_object_set_int_member (row, "offered", f->offered);
  json_object_set_int_member (row, "answered", f->answered);
  json_object_set_int_member (row, "abandoned", f->abandoned);
  json_object_set_double_member (row, "service_level", f->sl_milli / 1000.0);
  json_object_set_double_member (row, "asa_s", f->asa_deci / 10.0);
  json_object_set_double_member (row, "aht_s", f->aht_deci / 10.0);
  fb_sim_set_timestamp (row, "updated_at", fb_simulator_get_now_unix (self));
  return stage (self, staged, &fb_queue_spec, row, stored_text, error);
}

static gboolean
stage_interval (FbSimulator        *self,
                GPtrArray          *staged,
                SimQueue           *q,
                const SimInterval  *iv,
                GError            **error)
{
  g_autofree char *id = fb_sim_interval_id (q->id, iv->start);
  g_autofree char *stored_text = NULL;
  JsonObject *old = stored_object (self, "queue_interval", id, &stored_text);
  JsonObject *row;
  gint64 f[6];

  g_clear_pointer (&old, json_object_unref);
  interval_figures (iv, f);
  row = fb_sim_interval_row (q->id, iv->start, f[0], f[1], f[2], f[3], f[4] / 10.0, f[5] / 10.0);
  return stage (self, staged, &fb_queue_interval_spec, row, stored_text, error);
}

static gboolean
stage_agent (FbSimulator  *self,
             GPtrArray    *staged,
             SimAgent     *agent,
             GError      **error)
{
  g_autofree char *stored_text = NULL;
  JsonObject *row = stored_object (self, "agent", agent->id, &stored_text);

  if (self->configured)
    {
      SimQueue *q = QUEUE (self, agent->queue);
      g_autofree char *employee_no = g_strdup_printf ("SIM%05u", agent->number);
      JsonArray *skills = json_array_new ();

      g_clear_pointer (&row, json_object_unref);
      row = json_object_new ();
      json_object_set_string_member (row, "id", agent->id);
      json_object_set_string_member (row, "name", agent->name);
      json_object_set_string_member (row, "employee_no", employee_no);
      json_object_set_string_member (row, "grade", fb_grade_values[FB_GRADE_INTERMEDIATE]);
      json_object_set_string_member (row, "team_id", SIM_TEAM_ID);
      json_array_add_string_element (skills, q->id);
      json_object_set_array_member (row, "skills", skills);
      json_object_set_string_member (row, "queue_id", q->id);
    }
  else if (row == NULL)
    return TRUE;  /* deleted meanwhile: not ours to bring back */

  json_object_set_string_member (row, "state", fb_agent_state_values[agent->state]);
  fb_sim_set_timestamp (row, "state_since", self->start_unix + (gint64) floor (agent->since));
  if (agent->seat >= 0)
    json_object_set_string_member (row, "seat_id", SEAT (self, agent->seat)->id);
  else if (json_object_has_member (row, "seat_id"))
    json_object_remove_member (row, "seat_id");
  return stage (self, staged, &fb_agent_spec, row, stored_text, error);
}

static gboolean
stage_seat (FbSimulator  *self,
            GPtrArray    *staged,
            SimSeat      *seat,
            GError      **error)
{
  g_autofree char *stored_text = NULL;
  JsonObject *row = stored_object (self, "seat", seat->id, &stored_text);

  if (row == NULL)
    return TRUE;
  json_object_set_string_member (row, "equipment", fb_equipment_values[seat->faulty ? FB_EQUIPMENT_FAULTY : FB_EQUIPMENT_OK]);
  if (seat->agent >= 0)
    json_object_set_string_member (row, "agent_id", AGENT (self, seat->agent)->id);
  else if (json_object_has_member (row, "agent_id"))
    json_object_remove_member (row, "agent_id");
  return stage (self, staged, &fb_seat_spec, row, stored_text, error);
}

static gboolean
stage_team (FbSimulator  *self,
            GPtrArray    *staged,
            GError      **error)
{
  g_autofree char *stored_text = NULL;
  JsonObject *old = stored_object (self, "team", SIM_TEAM_ID, &stored_text);
  JsonObject *row = json_object_new ();

  g_clear_pointer (&old, json_object_unref);
  json_object_set_string_member (row, "id", SIM_TEAM_ID);
  json_object_set_string_member (row, "name", _("Simulated team"));
  json_object_set_string_member (row, "shift", fb_shift_values[FB_SHIFT_DAY]);
  json_object_set_string_member (row, "start", "00:00");
  json_object_set_string_member (row, "end", "23:59");
  return stage (self, staged, &fb_team_spec, row, stored_text, error);
}

gboolean
fb_simulator_flush (FbSimulator  *self,
                    GError      **error)
{
  g_autoptr(GPtrArray) staged = g_ptr_array_new_with_free_func (staged_free);
  g_autoptr(GArray) figures = g_array_new (FALSE, FALSE, sizeof (RowFigures));

  g_return_val_if_fail (FB_IS_SIMULATOR (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->configured && !self->team_written && !stage_team (self, staged, error))
    return FALSE;
  g_array_set_size (figures, self->queues->len);
  for (guint i = 0; i < self->queues->len; i++)
    {
      SimQueue *q = QUEUE (self, i);
      RowFigures *f = &g_array_index (figures, RowFigures, i);

      row_figures (self, q, f);
      if ((!q->has_written || memcmp (f, &q->written, sizeof *f) != 0) &&
          !stage_queue (self, staged, q, f, error))
        return FALSE;
    }
  /* After the queues, as the demo writes them. */
  for (guint i = 0; i < self->queues->len; i++)
    {
      SimQueue *q = QUEUE (self, i);

      interval_get (q, quarter_of (self, self->now));
      for (guint k = 0; k < q->intervals->len; k++)
        {
          SimInterval *iv = &g_array_index (q->intervals, SimInterval, k);
          gint64 f[6];

          interval_figures (iv, f);
          if ((!iv->has_written || memcmp (f, iv->written, sizeof f) != 0) &&
              !stage_interval (self, staged, q, iv, error))
            return FALSE;
        }
    }
  for (guint i = 0; i < self->agents->len; i++)
    if (AGENT (self, i)->dirty && !stage_agent (self, staged, AGENT (self, i), error))
      return FALSE;
  for (guint i = 0; i < self->seats->len; i++)
    if (SEAT (self, i)->dirty && !stage_seat (self, staged, SEAT (self, i), error))
      return FALSE;
  for (guint i = 0; i < self->assignments->len; i++)
    {
      JsonNode *node = g_ptr_array_index (self->assignments, i);
      JsonObject *row = json_object_ref (json_node_get_object (node));
      g_autofree char *stored_text = NULL;
      JsonObject *old = stored_object (self, "seat_assignment",
                                       json_object_get_string_member (row, "id"), &stored_text);

      g_clear_pointer (&old, json_object_unref);
      if (!stage (self, staged, &fb_seat_assignment_spec, row, stored_text, error))
        return FALSE;
    }
  for (guint i = 0; i < self->escalations->len; i++)
    {
      JsonNode *node = g_ptr_array_index (self->escalations, i);

      if (!stage (self, staged, &fb_escalation_spec, json_object_ref (json_node_get_object (node)), NULL, error))
        return FALSE;
    }
  for (guint i = 0; i < self->new_leaves->len; i++)
    {
      JsonNode *node = g_ptr_array_index (self->new_leaves, i);

      if (!stage (self, staged, &fb_leave_request_spec, json_object_ref (json_node_get_object (node)), NULL, error))
        return FALSE;
    }
  for (guint i = 0; i < self->new_swaps->len; i++)
    {
      JsonNode *node = g_ptr_array_index (self->new_swaps, i);

      if (!stage (self, staged, &fb_swap_request_spec, json_object_ref (json_node_get_object (node)), NULL, error))
        return FALSE;
    }

  if (staged->len > 0)
    {
      if (!fb_server_store_begin (self->store, error))
        return FALSE;
      for (guint i = 0; i < staged->len; i++)
        {
          Staged *s = g_ptr_array_index (staged, i);

          if (fb_server_store_put_node (self->store, s->type, s->id, s->data, error) == 0)
            {
              fb_server_store_rollback (self->store);
              return FALSE;
            }
        }
      if (!fb_server_store_commit (self->store, error))
        {
          fb_server_store_rollback (self->store);
          return FALSE;
        }
    }

  /* Written: what the rows show now is the model. */
  self->team_written = TRUE;
  for (guint i = 0; i < self->queues->len; i++)
    {
      SimQueue *q = QUEUE (self, i);

      q->written = g_array_index (figures, RowFigures, i);
      q->has_written = TRUE;
      for (guint k = 0; k < q->intervals->len; k++)
        {
          SimInterval *iv = &g_array_index (q->intervals, SimInterval, k);

          interval_figures (iv, iv->written);
          iv->has_written = TRUE;
        }
      intervals_prune (self, q);
    }
  for (guint i = 0; i < self->agents->len; i++)
    AGENT (self, i)->dirty = FALSE;
  for (guint i = 0; i < self->seats->len; i++)
    SEAT (self, i)->dirty = FALSE;
  g_ptr_array_set_size (self->assignments, 0);
  g_ptr_array_set_size (self->escalations, 0);
  g_ptr_array_set_size (self->new_leaves, 0);
  g_ptr_array_set_size (self->new_swaps, 0);
  return TRUE;
}

/* ---- running on the main loop -------------------------------------------- */

static gboolean
tick_cb (gpointer data)
{
  FbSimulator *self = data;
  g_autoptr(GError) error = NULL;
  gint64 now_us = g_get_monotonic_time ();
  double real = MIN ((now_us - self->last_tick_us) / (double) G_USEC_PER_SEC, MAX_TICK_REAL_S);

  self->last_tick_us = now_us;
  fb_simulator_run_until (self, self->now + self->speed * MAX (real, 0));
  if (!fb_simulator_flush (self, &error))
    g_warning ("Simulator: %s", error->message);
  return G_SOURCE_CONTINUE;
}

void
fb_simulator_start (FbSimulator *self,
                    double       speed)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (FB_IS_SIMULATOR (self));
  g_return_if_fail (speed > 0 && speed <= 10000);

  self->speed = speed;
  if (self->timer != 0)
    return;
  if (!fb_simulator_flush (self, &error))
    g_warning ("Simulator: %s", error->message);
  self->last_tick_us = g_get_monotonic_time ();
  self->timer = g_timeout_add_seconds (1, tick_cb, self);
}

void
fb_simulator_stop (FbSimulator *self)
{
  g_return_if_fail (FB_IS_SIMULATOR (self));
  g_clear_handle_id (&self->timer, g_source_remove);
}

gboolean
fb_simulator_is_running (FbSimulator *self)
{
  g_return_val_if_fail (FB_IS_SIMULATOR (self), FALSE);
  return self->timer != 0;
}
