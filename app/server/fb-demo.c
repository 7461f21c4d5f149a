/* fb-demo.c: seeds the demo center of `floorboard-server --demo`.
 *
 * The center is built from the JSON files of data/demo/ (compiled in as
 * resources) and a GRand with a fixed seed, dated relative to @now: the
 * same @now always gives the same rows (only the password salt differs).
 * Every row goes through fb_entity_normalize() before it is stored, so
 * the seed can never write a row the codec would refuse.
 */
#include <glib/gi18n.h>
#include <gio/gio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fb-auth.h"
#include "fb-center-clock.h"
#include "fb-demo.h"
#include "fb-entity.h"
#include "fb-request-rules.h"
#include "fb-server-store.h"
#include "fb-sim-common.h"

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

static void
demo_team_free (gpointer data)
{
  DemoTeam *team = data;

  g_free (team->id);
  g_free (team->name);
  g_free (team->start);
  g_free (team->end);
  g_free (team);
}

static void
demo_agent_free (gpointer data)
{
  DemoAgent *agent = data;

  g_free (agent->id);
  g_free (agent->user_id);
  g_free (agent->name);
  g_free (agent->employee_no);
  g_free (agent);
}

static void
demo_seat_free (gpointer data)
{
  DemoSeat *seat = data;

  g_free (seat->id);
  g_free (seat->label);
  g_free (seat->zone);
  g_free (seat->note);
  g_free (seat);
}

static void
demo_pending_free (gpointer data)
{
  DemoPending *pending = data;

  g_clear_pointer (&pending->row, json_object_unref);
  g_free (pending);
}

static void
demo_clear (Demo *d)
{
  g_clear_pointer (&d->rand, g_rand_free);
  g_clear_object (&d->clock);
  g_clear_pointer (&d->center_root, json_node_unref);
  g_clear_pointer (&d->names_root, json_node_unref);
  g_clear_pointer (&d->texts_root, json_node_unref);
  g_clear_pointer (&d->queue_ids, g_ptr_array_unref);
  g_clear_pointer (&d->queue_zone, g_array_unref);
  g_clear_pointer (&d->teams, g_ptr_array_unref);
  g_clear_pointer (&d->agents, g_ptr_array_unref);
  g_clear_pointer (&d->seats, g_ptr_array_unref);
  g_clear_pointer (&d->leaves, g_ptr_array_unref);
  g_clear_pointer (&d->swaps, g_ptr_array_unref);
  g_clear_pointer (&d->duty, g_array_unref);
  g_clear_pointer (&d->used_names, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Demo, demo_clear)

#define AGENT(d, i) ((DemoAgent *) g_ptr_array_index ((d)->agents, (i)))
#define TEAM(d, i)  ((DemoTeam *) g_ptr_array_index ((d)->teams, (i)))
#define SEAT(d, i)  ((DemoSeat *) g_ptr_array_index ((d)->seats, (i)))

/* Random numbers: every draw goes through these, in a fixed order. */

static gint64
rnd (Demo   *d,
     gint64  lo,
     gint64  hi)
{
  return fb_sim_rand_between (d->rand, lo, hi);
}

static double
rndf (Demo   *d,
      double  lo,
      double  hi)
{
  return g_rand_double_range (d->rand, lo, hi);
}

static gboolean
chance (Demo   *d,
        double  p)
{
  return g_rand_double (d->rand) < p;
}

static void
shuffle (Demo  *d,
         guint *items,
         guint  n)
{
  fb_sim_rand_shuffle (d->rand, items, n);
}

/* Center time. Dates are counted as day numbers (days since 1970-01-01,
 * whatever the zone); the center clock says where each day and shift
 * begins, so a day of 23 or 25 hours keeps its shifts at 08:00 and 20:00. */

static char *
day_string (Demo   *d,
            gint64  day)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (day * DAY);

  return g_date_time_format (date, "%Y-%m-%d");
}

/* The day number of the center date holding @t. */
static gint64
day_of (Demo   *d,
        gint64  t)
{
  g_autoptr(GDateTime) local = fb_center_clock_local (d->clock, t);

  return (t + g_date_time_get_utc_offset (local) / G_TIME_SPAN_SECOND) / DAY;
}

static gint64
day_start (Demo   *d,
           gint64  day)
{
  g_autofree char *date = day_string (d, day);

  return fb_center_clock_at (d->clock, date, 0, 0);
}

static gint64
seconds_into_day (Demo   *d,
                  gint64  t)
{
  return t - day_start (d, day_of (d, t));
}

static char *
format_center (Demo       *d,
               gint64      t,
               const char *format)
{
  return fb_center_clock_format (d->clock, t, format);
}

static gint64
shift_start_of (Demo    *d,
                gint64   day,
                FbShift  shift)
{
  g_autofree char *date = day_string (d, day);
  gint64 start = 0;

  fb_center_clock_shift_bounds (d->clock, date, shift, &start, NULL);
  return start;
}

static gint64
shift_end_of (Demo    *d,
              gint64   day,
              FbShift  shift)
{
  g_autofree char *date = day_string (d, day);
  gint64 end = 0;

  fb_center_clock_shift_bounds (d->clock, date, shift, NULL, &end);
  return end;
}

/* The shift running at @t, the day it is named after and its start time. */
static FbShift
shift_at (Demo   *d,
          gint64  t,
          gint64 *out_day,
          gint64 *out_start)
{
  gint64 start;
  FbShift shift = fb_center_clock_shift_at (d->clock, t, NULL, &start, NULL);

  if (out_day != NULL)
    *out_day = day_of (d, start);
  if (out_start != NULL)
    *out_start = start;
  return shift;
}

/* Data files. */

static JsonNode *
lookup (JsonObject *root,
        const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonObject *object = root;
  JsonNode *node = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (object == NULL || !json_object_has_member (object, parts[i]))
        return NULL;
      node = json_object_get_member (object, parts[i]);
      object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
    }
  return node;
}

static JsonArray *
lookup_array (JsonObject *root,
              const char *path)
{
  JsonNode *node = lookup (root, path);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static const char *
lookup_string (JsonObject *root,
               const char *path)
{
  JsonNode *node = lookup (root, path);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return "";
  return json_node_get_string (node);
}

/* A random string of the array at @path; "" when there is none (rows
 * that need text then fail normalization with a clear error). */
static const char *
pick (Demo       *d,
      const char *path)
{
  JsonArray *array = lookup_array (d->texts, path);
  JsonNode *node;

  if (array == NULL || json_array_get_length (array) == 0)
    return "";
  node = json_array_get_element (array, (guint) rnd (d, 0, json_array_get_length (array) - 1));
  return json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : "";
}

static gboolean
require_array (JsonObject    *root,
               const char    *file,
               const char    *path,
               guint          min_len,
               JsonNodeType   item_type,
               GError       **error)
{
  JsonArray *array = lookup_array (root, path);

  if (array != NULL && json_array_get_length (array) >= min_len)
    {
      guint i;

      for (i = 0; i < json_array_get_length (array); i++)
        if (JSON_NODE_TYPE (json_array_get_element (array, i)) != item_type)
          break;
      if (i == json_array_get_length (array))
        return TRUE;
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("Demo data file %s: “%s” must be a list of at least %u items"),
               file, path, min_len);
  return FALSE;
}

/* The shape the code relies on; the values are checked by the codec. */
static gboolean
check_data (Demo    *d,
            GError **error)
{
  return require_array (d->center, "center.json", "zones", 1, JSON_NODE_OBJECT, error) &&
         require_array (d->center, "center.json", "queues", 1, JSON_NODE_OBJECT, error) &&
         require_array (d->center, "center.json", "teams", 1, JSON_NODE_OBJECT, error) &&
         require_array (d->center, "center.json", "roster", 1, JSON_NODE_OBJECT, error) &&
         require_array (d->center, "center.json", "staff", 0, JSON_NODE_OBJECT, error) &&
         require_array (d->center, "center.json", "faulty_seats", 0, JSON_NODE_OBJECT, error) &&
         require_array (d->center, "center.json", "hourly_profile", 24, JSON_NODE_VALUE, error) &&
         require_array (d->center, "center.json", "weekday_profile", 7, JSON_NODE_VALUE, error) &&
         require_array (d->names, "names.json", "surnames", 1, JSON_NODE_OBJECT, error) &&
         require_array (d->names, "names.json", "given_names", 1, JSON_NODE_VALUE, error) &&
         require_array (d->texts, "texts.json", "escalations", 1, JSON_NODE_OBJECT, error);
}

static JsonObject *
center_item (Demo       *d,
             const char *list,
             guint       i)
{
  return json_array_get_object_element (lookup_array (d->center, list), i);
}

static guint
center_len (Demo       *d,
            const char *list)
{
  return json_array_get_length (lookup_array (d->center, list));
}

static const char *
str_member (JsonObject *object,
            const char *name)
{
  return json_object_get_string_member_with_default (object, name, "");
}

/* Rows. */

static void
set_str (JsonObject *row,
         const char *name,
         const char *value)
{
  if (value != NULL)
    json_object_set_string_member (row, name, value);
}

static void
set_day (Demo       *d,
         JsonObject *row,
         const char *name,
         gint64      day)
{
  g_autofree char *date = day_string (d, day);

  json_object_set_string_member (row, name, date);
}

/* Normalizes @row (consumed) with @spec and stores it. */
static gboolean
put_row (Demo                *d,
         const FbEntitySpec  *spec,
         JsonObject          *row,
         GError             **error)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) normalized = NULL;
  g_autofree char *id = g_strdup (str_member (row, "id"));

  json_node_take_object (node, row);
  normalized = fb_entity_normalize (spec, node, error);
  if (normalized == NULL)
    {
      g_prefix_error (error, _("Demo %s “%s”: "), spec->type, id);
      return FALSE;
    }
  return fb_server_store_put_node (d->store, spec->type, id, normalized, error) != 0;
}

static int
compare_pending (gconstpointer a,
                 gconstpointer b)
{
  const DemoPending *pa = *(DemoPending * const *) a;
  const DemoPending *pb = *(DemoPending * const *) b;

  return (pa->sort_key > pb->sort_key) - (pa->sort_key < pb->sort_key);
}

/* Sorts by time, names the rows "<prefix><nnnn>" and stores them. */
static gboolean
put_sorted (Demo                *d,
            const FbEntitySpec  *spec,
            GPtrArray           *rows,
            const char          *id_prefix,
            int                  id_digits,
            GError             **error)
{
  g_ptr_array_sort (rows, compare_pending);
  for (guint i = 0; i < rows->len; i++)
    {
      DemoPending *p = g_ptr_array_index (rows, i);
      g_autofree char *id = g_strdup_printf ("%s%0*u", id_prefix, id_digits, i + 1);

      json_object_set_string_member (p->row, "id", id);
      if (!put_row (d, spec, json_object_ref (p->row), error))
        return FALSE;
    }
  return TRUE;
}

/* Replaces "{key}" by value for each key, value pair; NULL ends them. */
static char *fill (const char *template,
                   ...) G_GNUC_NULL_TERMINATED;

static char *
fill (const char *template,
      ...)
{
  GString *s = g_string_new (template);
  const char *key;
  va_list args;

  va_start (args, template);
  while ((key = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);
      g_autofree char *braced = g_strdup_printf ("{%s}", key);

      g_string_replace (s, braced, value, 0);
    }
  va_end (args);
  return g_string_free (s, FALSE);
}

/* People. */

static const char *
pick_surname (Demo *d)
{
  JsonArray *surnames = lookup_array (d->names, "surnames");
  gint64 total = 0, r;
  guint n = json_array_get_length (surnames);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *s = json_array_get_object_element (surnames, i);

      total += MAX (1, json_object_get_int_member_with_default (s, "weight", 1));
    }
  r = rnd (d, 0, total - 1);
  for (guint i = 0; i < n; i++)
    {
      JsonObject *s = json_array_get_object_element (surnames, i);

      r -= MAX (1, json_object_get_int_member_with_default (s, "weight", 1));
      if (r < 0)
        return str_member (s, "name");
    }
  return "";
}

static const char *
pick_given_name (Demo *d)
{
  JsonArray *given = lookup_array (d->names, "given_names");
  JsonNode *node = json_array_get_element (given, (guint) rnd (d, 0, json_array_get_length (given) - 1));

  return json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : "";
}

/* A full name nobody on the staff has yet. */
static char *
new_person_name (Demo *d)
{
  char *name = NULL;

  for (guint attempt = 0; attempt < 1000; attempt++)
    {
      g_free (name);
      name = g_strconcat (pick_surname (d), pick_given_name (d), NULL);
      if (!g_hash_table_contains (d->used_names, name))
        break;
    }
  g_hash_table_add (d->used_names, g_strdup (name));
  return name;
}

/* A customer as the screen may show them: "김*수". */
static char *
masked_customer_name (Demo *d)
{
  const char *surname = pick_surname (d);
  const char *given = pick_given_name (d);

  return fb_sim_masked_name (surname, given);
}

static int
queue_index (Demo       *d,
             const char *id)
{
  for (guint i = 0; i < d->queue_ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (d->queue_ids, i), id) == 0)
      return (int) i;
  return -1;
}

static void
build_queues_and_teams (Demo *d)
{
  guint n_zones = center_len (d, "zones");

  for (guint q = 0; q < center_len (d, "queues") && q < MAX_QUEUES; q++)
    {
      JsonObject *queue = center_item (d, "queues", q);
      guint zone = 0;

      g_ptr_array_add (d->queue_ids, g_strdup (str_member (queue, "id")));
      for (guint z = 0; z < n_zones; z++)
        {
          JsonArray *queues = lookup_array (center_item (d, "zones", z), "queues");

          for (guint k = 0; queues != NULL && k < json_array_get_length (queues); k++)
            if (g_strcmp0 (json_array_get_string_element (queues, k), str_member (queue, "id")) == 0)
              zone = z;
        }
      g_array_append_val (d->queue_zone, zone);
    }

  for (guint t = 0; t < center_len (d, "teams"); t++)
    {
      JsonObject *object = center_item (d, "teams", t);
      DemoTeam *team = g_new0 (DemoTeam, 1);

      team->id = g_strdup (str_member (object, "id"));
      team->name = g_strdup (str_member (object, "name"));
      team->shift = g_strcmp0 (str_member (object, "shift"), "night") == 0 ? FB_SHIFT_NIGHT : FB_SHIFT_DAY;
      team->start = g_strdup (str_member (object, "start"));
      team->end = g_strdup (str_member (object, "end"));
      g_ptr_array_add (d->teams, team);
    }
}

static guint32
pick_skills (Demo      *d,
             DemoAgent *agent)
{
  guint32 skills = 1u << agent->queue;
  guint eligible[MAX_QUEUES];
  guint n_eligible = 0, n_extra;
  int general = queue_index (d, "q-general");

  for (guint q = 0; q < d->queue_ids->len; q++)
    {
      const char *id = g_ptr_array_index (d->queue_ids, q);

      if (q == agent->queue)
        continue;
      /* VIP callers get seniors; complaints need some experience. */
      if (g_strcmp0 (id, "q-vip") == 0 && agent->grade != FB_GRADE_SENIOR)
        continue;
      if (g_strcmp0 (id, "q-complaint") == 0 && agent->grade == FB_GRADE_JUNIOR)
        continue;
      eligible[n_eligible++] = q;
    }

  if (agent->grade == FB_GRADE_SENIOR)
    n_extra = 2;
  else if (agent->grade == FB_GRADE_INTERMEDIATE)
    n_extra = 1;
  else
    {
      /* Juniors sometimes also take general calls, nothing else. */
      if (general >= 0 && (guint) general != agent->queue && chance (d, 0.4))
        skills |= 1u << general;
      return skills;
    }

  shuffle (d, eligible, n_eligible);
  for (guint i = 0; i < n_extra && i < n_eligible; i++)
    skills |= 1u << eligible[i];
  return skills;
}

static void
build_agents (Demo *d)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (d->now);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, d->zone);
  int year = g_date_time_get_year (local);
  guint n_roster = center_len (d, "roster");
  g_autofree guint *order = g_new (guint, n_roster);
  guint hired[10] = { 0 };

  for (guint t = 0; t < d->teams->len; t++)
    {
      guint leader_slot = 0;

      for (guint i = 0; i < n_roster; i++)
        if (json_object_get_boolean_member_with_default (center_item (d, "roster", i), "leader", FALSE))
          leader_slot = i;
      /* The leader (반장) first, the rest in a team-specific order. */
      order[0] = leader_slot;
      for (guint i = 0, k = 1; i < n_roster; i++)
        if (i != leader_slot)
          order[k++] = i;
      shuffle (d, order + 1, n_roster - 1);

      for (guint i = 0; i < n_roster; i++)
        {
          JsonObject *slot = center_item (d, "roster", order[i]);
          DemoAgent *agent = g_new0 (DemoAgent, 1);
          guint n = d->agents->len + 1;
          int grade = fb_enum_from_string (fb_grade_values, str_member (slot, "grade"));
          int queue = queue_index (d, str_member (slot, "queue"));
          guint ago;

          agent->id = g_strdup_printf ("agent-%03u", n);
          agent->user_id = g_strdup_printf ("u-agent%03u", n);
          agent->name = new_person_name (d);
          agent->grade = i == 0 ? FB_GRADE_SENIOR : (FbGrade) MAX (grade, 0);
          agent->team = t;
          agent->queue = (guint) MAX (queue, 0);
          agent->leader = i == 0;
          agent->seat = -1;
          agent->state = FB_AGENT_OFFLINE;
          agent->skills = pick_skills (d, agent);

          /* Seniors were hired 5–9 years ago, juniors this or last year. */
          if (agent->grade == FB_GRADE_SENIOR)
            ago = (guint) rnd (d, 5, 9);
          else if (agent->grade == FB_GRADE_INTERMEDIATE)
            ago = (guint) rnd (d, 2, 4);
          else
            ago = (guint) rnd (d, 0, 1);
          hired[ago] += (guint) rnd (d, 1, 4);
          agent->employee_no = g_strdup_printf ("CS-%d-%03u", year - (int) ago, hired[ago]);

          g_ptr_array_add (d->agents, agent);
          if (agent->leader)
            TEAM (d, t)->leader = n - 1;
        }
    }
}

static void
build_seats (Demo *d)
{
  gint64 fault_days[64];
  const char *fault_notes[64];
  const char *fault_labels[64];
  guint n_faults = MIN (center_len (d, "faulty_seats"), G_N_ELEMENTS (fault_days));

  for (guint f = 0; f < n_faults; f++)
    {
      JsonObject *fault = center_item (d, "faulty_seats", f);

      fault_labels[f] = str_member (fault, "label");
      fault_notes[f] = str_member (fault, "note");
      fault_days[f] = json_object_get_int_member_with_default (fault, "since_days", 1);
    }

  for (guint z = 0; z < center_len (d, "zones"); z++)
    {
      JsonObject *zone = center_item (d, "zones", z);
      const char *zone_id = str_member (zone, "id");
      gint64 zx = json_object_get_int_member_with_default (zone, "x", 0);
      gint64 zy = json_object_get_int_member_with_default (zone, "y", 0);
      gint64 rows = json_object_get_int_member_with_default (zone, "rows", 0);
      gint64 cols = json_object_get_int_member_with_default (zone, "cols", 0);

      for (gint64 i = 0; i < rows * cols; i++)
        {
          DemoSeat *seat = g_new0 (DemoSeat, 1);
          gint64 row = i / cols, col = i % cols;

          seat->label = g_strdup_printf ("%s-%02" G_GINT64_FORMAT, zone_id, i + 1);
          seat->id = g_strdup_printf ("seat-%s", seat->label);
          seat->zone = g_strdup (zone_id);
          /* Desks in blocks of five, rows back to back in pairs, with
           * aisles between the blocks and between the pairs. */
          seat->x = zx + col + col / 5;
          seat->y = zy + row + row / 2;
          seat->agent = -1;
          for (guint f = 0; f < n_faults; f++)
            if (g_strcmp0 (fault_labels[f], seat->label) == 0)
              {
                seat->faulty = TRUE;
                seat->note = g_strdup (fault_notes[f]);
                seat->faulty_since = d->now - fault_days[f] * DAY - rnd (d, 0, 8 * HOUR);
              }
          g_ptr_array_add (d->seats, seat);
        }
    }
}

/* Leave. */

static int
pick_agent (Demo     *d,
            gboolean  on_shift_only,
            gboolean  night_only)
{
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (guint));
  guint chosen;

  for (guint i = 0; i < d->agents->len; i++)
    {
      DemoAgent *agent = AGENT (d, i);
      FbShift shift = TEAM (d, agent->team)->shift;

      if (agent->leader || agent->used || agent->on_duty)
        continue;
      if (on_shift_only && shift != d->shift)
        continue;
      if (night_only && shift != FB_SHIFT_NIGHT)
        continue;
      g_array_append_val (candidates, i);
    }
  if (candidates->len == 0)
    return -1;
  chosen = g_array_index (candidates, guint, rnd (d, 0, candidates->len - 1));
  AGENT (d, chosen)->used = TRUE;
  return (int) chosen;
}

/* A time of office hours (09:00–18:00) on @day. */
static gint64
office_time (Demo   *d,
             gint64  day)
{
  return day_start (d, day) + rnd (d, 9 * HOUR, 18 * HOUR);
}

/* An office-hours time of the last few days, no later than @latest. */
static gint64
office_time_before (Demo   *d,
                    gint64  latest)
{
  gint64 t = office_time (d, day_of (d, latest) - rnd (d, 0, 3));

  while (t > latest)
    t -= DAY;
  return t;
}

/* Moves @t forward into office hours: managers decide in the daytime. */
static gint64
next_office_time (Demo   *d,
                  gint64  t)
{
  gint64 secs = seconds_into_day (d, t);

  if (secs < 9 * HOUR)
    return day_start (d, day_of (d, t)) + 9 * HOUR + rnd (d, 0, 90 * MINUTE);
  if (secs >= 19 * HOUR)
    return day_start (d, day_of (d, t) + 1) + 9 * HOUR + rnd (d, 0, 90 * MINUTE);
  return t;
}

/* Clamps a past event to before now, keeping it after @after. */
static gint64
before_now (Demo   *d,
            gint64  t,
            gint64  after)
{
  gint64 limit = d->now - 5 * MINUTE;

  if (t <= limit)
    return t;
  return after + (limit - after) / 2;
}

static void
add_leave (Demo         *d,
           guint         agent_index,
           FbLeaveType   type,
           gint64        start_day,
           gint64        end_day,
           FbRequestStatus status,
           gboolean      late)
{
  DemoAgent *agent = AGENT (d, agent_index);
  FbShift shift = TEAM (d, agent->team)->shift;
  gint64 shift_start = shift_start_of (d, start_day, shift);
  gint64 midnight = day_start (d, start_day);
  JsonObject *row = json_object_new ();
  DemoPending *p = g_new0 (DemoPending, 1);
  const char *reason;
  gint64 submitted;
  g_autofree char *reasons_path = g_strdup_printf ("leave_reasons.%s", fb_leave_type_values[type]);
  JsonArray *reasons = lookup_array (d->texts, reasons_path);
  guint n_reasons = reasons != NULL ? json_array_get_length (reasons) : 0;
  gboolean emergency = FALSE;
  gint64 decided = 0;

  /* Submitted as the seeds ask: personal leave a day ahead, special leave
   * an hour before the shift, vacation two days ahead, night-shift leave
   * before noon of that day; @late ones break the rule and get flagged. */
  if (late)
    submitted = shift_start - rnd (d, 2 * HOUR, 5 * HOUR);
  else if (type == FB_LEAVE_SICK)
    submitted = shift_start - rnd (d, 40 * MINUTE, 3 * HOUR);
  else if (type == FB_LEAVE_PERSONAL)
    submitted = midnight - rnd (d, 1, 5) * DAY;
  else if (type == FB_LEAVE_SPECIAL)
    submitted = shift_start - rnd (d, 70 * MINUTE, 5 * HOUR);
  else if (type == FB_LEAVE_VACATION)
    submitted = midnight - rnd (d, 3, 25) * DAY;
  else if (type == FB_LEAVE_NIGHT_SHIFT)
    submitted = midnight + rnd (d, 8 * HOUR, 11 * HOUR + 50 * MINUTE);
  else
    submitted = midnight - rnd (d, 7, 21) * DAY;
  /* Days-ahead requests are handed in during office hours. */
  if (!late && (type == FB_LEAVE_PERSONAL || type == FB_LEAVE_VACATION || type == FB_LEAVE_BUSINESS_STUDY))
    submitted += rnd (d, 9 * HOUR, 18 * HOUR);
  if (submitted > d->now - 10 * MINUTE)
    submitted = office_time_before (d, d->now - 10 * MINUTE);

  if (n_reasons > 0)
    {
      guint r = (guint) rnd (d, 0, n_reasons - 1);

      reason = json_array_get_string_element (reasons, r);
      /* The last sick reason is the emergency: phoned in, papers later. */
      emergency = type == FB_LEAVE_SICK && r == n_reasons - 1;
    }
  else
    reason = "";

  set_str (row, "agent_id", agent->id);
  set_str (row, "type", fb_leave_type_values[type]);
  set_day (d, row, "start_date", start_day);
  set_day (d, row, "end_date", end_day);
  set_str (row, "reason", reason);
  fb_sim_set_timestamp (row, "submitted_at", submitted);
  json_object_set_boolean_member (row, "certificate", type == FB_LEAVE_SICK && !emergency);

  if (status == FB_REQUEST_APPROVED || status == FB_REQUEST_REJECTED)
    {
      /* Sick leave is settled on the phone; the rest in office hours. */
      if (type == FB_LEAVE_SICK)
        decided = submitted + rnd (d, 15 * MINUTE, 90 * MINUTE);
      else
        decided = next_office_time (d, submitted + rnd (d, 20 * MINUTE, 20 * HOUR));
      /* Only the planned cases of build_pending_leaves() wait: a request
       * handed in lately was decided quickly. */
    }
  set_str (row, "status", fb_request_status_values[status]);

  if (status == FB_REQUEST_APPROVED || status == FB_REQUEST_REJECTED)
    {
      /* Authority per the seeds: a day or less the department head, more
       * than a day or business/study leave the center director. */
      gboolean director = type == FB_LEAVE_BUSINESS_STUDY || end_day > start_day || chance (d, 0.15);

      set_str (row, "decided_by", director ? "u-director" : "u-manager");
      fb_sim_set_timestamp (row, "decided_at", before_now (d, decided, submitted));
      if (status == FB_REQUEST_REJECTED)
        set_str (row, "decision_reason",
                 pick (d, type == FB_LEAVE_NIGHT_SHIFT ? "leave_rejections.night_shift"
                                                       : "leave_rejections.default"));
      else if (late)
        set_str (row, "decision_reason", lookup_string (d->texts, "leave_late_approval"));
    }
  else if (status == FB_REQUEST_CANCELLED)
    {
      set_str (row, "decided_by", agent->user_id);
      fb_sim_set_timestamp (row, "decided_at", before_now (d, submitted + rnd (d, 2 * HOUR, 3 * DAY), submitted));
    }

  p->sort_key = submitted;
  p->row = row;
  p->agent = agent_index;
  p->type = type;
  p->start_day = start_day;
  p->end_day = end_day;
  p->status = status;
  g_ptr_array_add (d->leaves, p);

  if (status == FB_REQUEST_APPROVED && shift == d->shift &&
      start_day <= d->shift_day && d->shift_day <= end_day)
    {
      agent->on_leave = TRUE;
      agent->leave_start_day = start_day;
    }
}

static void
build_leaves (Demo *d)
{
  static const guint plan_counts[] = { 6, 8, 5, 9, 5, 5 };  /* by FbLeaveType */
  guint plan[N_LEAVES];
  guint n_plan = 0;
  gboolean late_done = FALSE;
  int a;

  G_STATIC_ASSERT (G_N_ELEMENTS (plan_counts) == FB_LEAVE_BUSINESS_STUDY + 1);

  /* Two people of the running shift are away today: the floor and the
   * duty report show it. */
  if ((a = pick_agent (d, TRUE, FALSE)) >= 0)
    add_leave (d, (guint) a, FB_LEAVE_SICK, d->shift_day, d->shift_day, FB_REQUEST_APPROVED, FALSE);
  if ((a = pick_agent (d, TRUE, FALSE)) >= 0)
    add_leave (d, (guint) a, FB_LEAVE_VACATION, d->shift_day - 1, d->shift_day + 2,
               FB_REQUEST_APPROVED, FALSE);

  for (guint type = 0; type < G_N_ELEMENTS (plan_counts); type++)
    for (guint k = 0; k < plan_counts[type]; k++)
      plan[n_plan++] = type;
  shuffle (d, plan, n_plan);

  for (guint i = 0; i < n_plan; i++)
    {
      FbLeaveType type = plan[i];
      gint64 start, days;
      FbRequestStatus status;
      gboolean late = FALSE;

      if ((a = pick_agent (d, FALSE, type == FB_LEAVE_NIGHT_SHIFT)) < 0)
        continue;

      if (type == FB_LEAVE_SICK || type == FB_LEAVE_SPECIAL)
        days = type == FB_LEAVE_SICK && chance (d, 0.3) ? rnd (d, 2, 3) : 1;
      else if (type == FB_LEAVE_VACATION)
        days = rnd (d, 1, 5);
      else if (type == FB_LEAVE_BUSINESS_STUDY)
        days = rnd (d, 1, 3);
      else
        days = 1;

      /* Decided requests; those waiting for a decision are made by
       * build_pending_leaves(), each for a case of the rules. Sick and
       * special leave are never asked for weeks ahead. */
      if (type == FB_LEAVE_SICK || type == FB_LEAVE_SPECIAL)
        start = d->shift_day - rnd (d, 1, 30);
      else
        start = d->shift_day + rnd (d, -30, 14);

      if (start > d->shift_day)
        status = chance (d, 0.8) ? FB_REQUEST_APPROVED : FB_REQUEST_REJECTED;
      else if (type == FB_LEAVE_SICK)
        status = FB_REQUEST_APPROVED;
      else
        {
          double r = g_rand_double (d->rand);

          status = r < 0.72 ? FB_REQUEST_APPROVED : r < 0.88 ? FB_REQUEST_REJECTED : FB_REQUEST_CANCELLED;
        }
      if (type == FB_LEAVE_PERSONAL && status == FB_REQUEST_APPROVED && !late_done &&
          start <= d->shift_day)
        late = late_done = TRUE;
      add_leave (d, (guint) a, type, start, start + days - 1, status, late);
    }
}

/* The floor right now. */

static void
set_agent_states (Demo *d)
{
  guint n_long_calls = 0, n_long_breaks = 0;

  for (guint i = 0; i < d->agents->len; i++)
    {
      DemoAgent *agent = AGENT (d, i);
      gboolean on_shift = TEAM (d, agent->team)->shift == d->shift;
      double r;
      gint64 since;

      if (!on_shift || agent->on_leave)
        {
          /* Logged off at the end of their last shift: the one that ended
           * as the running shift began, or the day before the leave. */
          gint64 last_end = agent->on_leave
            ? shift_end_of (d, agent->leave_start_day - 1, d->shift)
            : d->shift_start;

          agent->state = FB_AGENT_OFFLINE;
          agent->state_since = last_end + rnd (d, 1 * MINUTE, 15 * MINUTE);
          continue;
        }

      r = g_rand_double (d->rand);
      if (r < 0.5)
        {
          agent->state = FB_AGENT_ON_CALL;
          since = chance (d, 0.08) ? rnd (d, 30 * MINUTE, 55 * MINUTE) : rnd (d, 30, 15 * MINUTE);
        }
      else if (r < 0.7)
        {
          agent->state = FB_AGENT_AVAILABLE;
          since = rnd (d, 5, 6 * MINUTE);
        }
      else if (r < 0.87)
        {
          agent->state = FB_AGENT_AFTER_CALL_WORK;
          since = chance (d, 0.1) ? rnd (d, 10 * MINUTE, 20 * MINUTE) : rnd (d, 10, 4 * MINUTE);
        }
      else
        {
          agent->state = FB_AGENT_BREAK;
          since = chance (d, 0.15) ? rnd (d, 25 * MINUTE, 60 * MINUTE) : rnd (d, 2 * MINUTE, 14 * MINUTE);
        }

      /* A few long calls and breaks so the escalating colours show. */
      if (agent->state == FB_AGENT_ON_CALL && n_long_calls < 2 && since < 30 * MINUTE)
        since = rnd (d, 32 * MINUTE, 50 * MINUTE);
      if (agent->state == FB_AGENT_BREAK && n_long_breaks < 2 && since < 25 * MINUTE)
        since = rnd (d, 28 * MINUTE, 58 * MINUTE);
      if (agent->state == FB_AGENT_ON_CALL && since >= 30 * MINUTE)
        n_long_calls++;
      if (agent->state == FB_AGENT_BREAK && since >= 25 * MINUTE)
        n_long_breaks++;

      /* Nobody was busy before they came in (10 minutes early at most). */
      agent->state_since = MAX (d->now - since, d->shift_start - 10 * MINUTE);
    }
}

static gboolean
seat_free (DemoSeat *seat)
{
  return !seat->faulty && seat->agent < 0;
}

static void
seat_agents (Demo *d)
{
  guint n_zones = center_len (d, "zones");

  for (guint z = 0; z < n_zones; z++)
    {
      const char *zone_id = str_member (center_item (d, "zones", z), "id");
      g_autoptr(GArray) waiting = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr(GArray) free_seats = g_array_new (FALSE, FALSE, sizeof (guint));
      guint next = 0;

      for (guint i = 0; i < d->agents->len; i++)
        {
          DemoAgent *agent = AGENT (d, i);

          if (agent->state != FB_AGENT_OFFLINE &&
              g_array_index (d->queue_zone, guint, agent->queue) == z)
            g_array_append_val (waiting, i);
        }
      for (guint s = 0; s < d->seats->len; s++)
        if (g_strcmp0 (SEAT (d, s)->zone, zone_id) == 0 && seat_free (SEAT (d, s)))
          g_array_append_val (free_seats, s);

      /* Front rows first, leaving the odd gap as a real floor does. */
      for (guint k = 0; k < waiting->len && next < free_seats->len; k++)
        {
          guint agent_index = g_array_index (waiting, guint, k);
          gint64 spare = ((gint64) free_seats->len - next) - ((gint64) waiting->len - k);
          guint seat_index;

          if (spare > 0 && chance (d, 0.25))
            next++;
          seat_index = g_array_index (free_seats, guint, next++);
          SEAT (d, seat_index)->agent = (int) agent_index;
          AGENT (d, agent_index)->seat = (int) seat_index;
        }
    }

  /* A zone too small sends the rest anywhere free. */
  for (guint i = 0; i < d->agents->len; i++)
    {
      DemoAgent *agent = AGENT (d, i);

      if (agent->state == FB_AGENT_OFFLINE || agent->seat >= 0)
        continue;
      for (guint s = 0; s < d->seats->len; s++)
        if (seat_free (SEAT (d, s)))
          {
            SEAT (d, s)->agent = (int) i;
            agent->seat = (int) s;
            break;
          }
    }
}

/* Writing the center. */

static gboolean
put_teams (Demo    *d,
           GError **error)
{
  for (guint t = 0; t < d->teams->len; t++)
    {
      DemoTeam *team = TEAM (d, t);
      JsonObject *row = json_object_new ();

      set_str (row, "id", team->id);
      set_str (row, "name", team->name);
      set_str (row, "leader_id", AGENT (d, team->leader)->id);
      set_str (row, "shift", fb_shift_values[team->shift]);
      set_str (row, "start", team->start);
      set_str (row, "end", team->end);
      if (!put_row (d, &fb_team_spec, row, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
put_user (Demo        *d,
          const char  *id,
          const char  *username,
          const char  *name,
          const char  *role,
          const char  *team_id,
          const char  *agent_id,
          const char  *password_hash,
          GError     **error)
{
  JsonObject *row = json_object_new ();

  set_str (row, "id", id);
  set_str (row, "username", username);
  set_str (row, "name", name);
  set_str (row, "role", role);
  set_str (row, "team_id", team_id);
  set_str (row, "agent_id", agent_id);
  return put_row (d, &fb_user_spec, row, error) &&
         fb_server_store_add_credentials (d->store, username, id, password_hash, error);
}

/* The sign-in of team @index's 반장: "leader" for the first team (the
 * name the docs have always given), "leader-night-1" and so on for the
 * others, after their team ids ("team-night-1"). */
static void
leader_login (Demo   *d,
              guint   index,
              char  **user_id,
              char  **username)
{
  const char *team_id = TEAM (d, index)->id;

  if (index == 0)
    {
      *user_id = g_strdup ("u-leader");
      *username = g_strdup ("leader");
      return;
    }
  if (g_str_has_prefix (team_id, "team-"))
    team_id += strlen ("team-");
  *username = g_strconcat ("leader-", team_id, NULL);
  *user_id = g_strconcat ("u-", *username, NULL);
}

static gboolean
put_users (Demo        *d,
           const char  *password_hash,
           GError     **error)
{
  for (guint i = 0; i < center_len (d, "staff"); i++)
    {
      JsonObject *staff = center_item (d, "staff", i);

      if (!put_user (d, str_member (staff, "id"), str_member (staff, "username"),
                     str_member (staff, "name"), str_member (staff, "role"),
                     NULL, NULL, password_hash, error))
        return FALSE;
    }

  /* Every team's 반장 signs in: each shift's handover, swap consent and
   * duty report can be tried as the leader it belongs to. */
  for (guint t = 0; t < d->teams->len; t++)
    {
      DemoTeam *team = TEAM (d, t);
      g_autofree char *user_id = NULL;
      g_autofree char *username = NULL;

      leader_login (d, t, &user_id, &username);
      if (!put_user (d, user_id, username, AGENT (d, team->leader)->name, "shift_leader",
                     team->id, NULL, password_hash, error))
        return FALSE;
    }

  for (guint i = 0; i < d->agents->len; i++)
    {
      DemoAgent *agent = AGENT (d, i);
      g_autofree char *username = g_strdup_printf ("agent%03u", i + 1);

      if (!put_user (d, agent->user_id, username, agent->name, "agent",
                     TEAM (d, agent->team)->id, agent->id, password_hash, error))
        return FALSE;
    }
  return TRUE;
}

/* Queues and their 15-minute history.
 *
 * Every queue gets a queue_interval row per quarter hour, from 00:00
 * HISTORY_DAYS days back to the running quarter (cut at now). The queue
 * row's figures for today are the sums of today's intervals, so the tiles
 * and the charts agree. Each (queue, day) draws from its own stream, so a
 * past day looks the same whenever the center is seeded. */

typedef struct
{
  gint64 offered;
  gint64 answered;
  gint64 abandoned;
  gint64 answered_in_sl;
  double handle_time_s;
  double wait_time_s;
} DemoInterval;

typedef struct
{
  double  weights[QUARTERS_PER_DAY];  /* the day's share of each quarter */
  double  weight_max;
  double  day_volume[HISTORY_DAYS + 1];
  gint64  first_day;                  /* KST day number; today is last */
  gint64  start;                      /* of the first interval */
  guint   n_today;                    /* quarters of today, running one included */
  guint   n_slots;                    /* intervals per queue */
  double  last_fraction;              /* how much of the running quarter is past */
  GRand  *rand;                       /* reseeded per (queue, day) */
} DemoHistory;

/* The running hour's share of the day's calls. */
static double
running_hour_share (Demo *d)
{
  JsonArray *profile = lookup_array (d->center, "hourly_profile");
  guint hour = (guint) (seconds_into_day (d, d->now) / HOUR);
  double total = 0;

  for (guint h = 0; h < 24; h++)
    total += MAX (0.0, json_array_get_double_element (profile, h));
  return total > 0 ? MAX (0.0, json_array_get_double_element (profile, hour)) / total : 0;
}

static void
history_init (Demo        *d,
              DemoHistory *h)
{
  JsonArray *profile = lookup_array (d->center, "hourly_profile");
  JsonArray *weekdays = lookup_array (d->center, "weekday_profile");
  gint64 today = day_of (d, d->now);
  double hourly[24];
  double total = 0;

  h->rand = g_rand_new_with_seed (DEMO_SEED);
  h->first_day = today - HISTORY_DAYS;
  h->start = day_start (d, h->first_day);
  h->n_today = (guint) (seconds_into_day (d, d->now) / QUARTER) + 1;
  h->n_slots = HISTORY_DAYS * QUARTERS_PER_DAY + h->n_today;
  h->last_fraction = (double) (seconds_into_day (d, d->now) % QUARTER) / QUARTER;

  for (guint hour = 0; hour < 24; hour++)
    hourly[hour] = MAX (0.0, json_array_get_double_element (profile, hour));
  for (guint k = 0; k < QUARTERS_PER_DAY; k++)
    {
      /* At the quarter's midpoint. */
      h->weights[k] = fb_demo_profile_at (hourly, (k + 0.5) / 4);
      total += h->weights[k];
    }
  h->weight_max = 0;
  for (guint k = 0; k < QUARTERS_PER_DAY; k++)
    {
      h->weights[k] = total > 0 ? h->weights[k] / total : 0;
      h->weight_max = MAX (h->weight_max, h->weights[k]);
    }

  /* The weekday's volume and a little center-wide noise. */
  for (guint i = 0; i <= HISTORY_DAYS; i++)
    {
      gint64 day = h->first_day + i;
      guint32 seed[] = { DEMO_SEED, (guint32) day, G_MAXUINT32 };

      g_rand_set_seed_array (h->rand, seed, G_N_ELEMENTS (seed));
      h->day_volume[i] = MAX (0.0, json_array_get_double_element (weekdays, fb_demo_weekday_index (day))) *
                         g_rand_double_range (h->rand, 0.96, 1.04);
    }
}

static void
history_clear (DemoHistory *h)
{
  g_clear_pointer (&h->rand, g_rand_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DemoHistory, history_clear)

/* Fills the intervals of queue @q on day @i of the history; today's stop
 * at the running quarter, whose volume is cut to the time gone by, and
 * which loses @sl_drop of service level (nobody is free right now). */
static void
history_fill_day (Demo         *d,
                  DemoHistory  *h,
                  guint         q,
                  guint         i,
                  double        sl_drop,
                  DemoInterval *out)
{
  JsonObject *queue = center_item (d, "queues", q);
  double daily = json_object_get_double_member_with_default (queue, "daily_offered", 500);
  double base_sl = json_object_get_double_member_with_default (queue, "service_level", 0.8);
  double base_aht = json_object_get_double_member_with_default (queue, "aht_s", 300);
  gint64 threshold = json_object_get_int_member_with_default (queue, "sl_threshold_s", 20);
  gboolean today = i == HISTORY_DAYS;
  guint n = today ? h->n_today : QUARTERS_PER_DAY;
  guint32 seed[] = { DEMO_SEED, (guint32) (h->first_day + i), q };
  GRand *r = h->rand;
  double volume, sl_shift, aht_shift, sl_carry = 0;

  g_rand_set_seed_array (r, seed, G_N_ELEMENTS (seed));
  volume = MAX (0.0, daily) * h->day_volume[i] * g_rand_double_range (r, 0.92, 1.08);
  sl_shift = g_rand_double_range (r, -0.04, 0.03);
  aht_shift = g_rand_double_range (r, 0.95, 1.05);

  /* The same draws per quarter whatever its volume, so the quarters
   * before the running one do not depend on now. */
  for (guint k = 0; k < n; k++)
    {
      DemoInterval *iv = &out[k];
      gboolean running = today && k + 1 == n;
      double mean = volume * h->weights[k] * (running ? h->last_fraction : 1);
      /* Busy quarters answer a little later. */
      double sl = base_sl + sl_shift - 0.12 * (h->weights[k] / MAX (h->weight_max, 1e-9) - 0.6) +
                  g_rand_double_range (r, -0.03, 0.03) - (running ? sl_drop : 0);
      double abandon_rate, asa, aht, due, in_sl;

      /* Within the range the floor shows, over any day of 50+ calls. */
      sl = CLAMP (sl, 0.62, 0.95);
      abandon_rate = 0.015 + (1 - sl) * 0.22 + g_rand_double_range (r, 0, 0.015);
      asa = threshold * (0.35 + 2.2 * (1 - sl)) * g_rand_double_range (r, 0.85, 1.15);
      aht = MAX (1.0, base_aht) * aht_shift * g_rand_double_range (r, 0.92, 1.08);

      iv->offered = fb_sim_rand_poisson (r, mean);
      iv->abandoned = fb_sim_rand_binomial (r, iv->offered, abandon_rate);
      iv->answered = iv->offered - iv->abandoned;
      /* Rounded down with the remainder carried: the day's service level
       * keeps within a call of its target, however few calls came. */
      due = sl_carry + iv->answered * sl;
      in_sl = floor (due);
      sl_carry = due - in_sl;
      iv->answered_in_sl = MIN ((gint64) in_sl, iv->answered);
      iv->handle_time_s = round (iv->answered * aht);
      iv->wait_time_s = round (iv->answered * asa);
    }
}

static gboolean
put_interval (Demo               *d,
              const char         *queue_id,
              gint64              start,
              const DemoInterval *iv,
              GError            **error)
{
  JsonObject *row = fb_sim_interval_row (queue_id, start, iv->offered, iv->answered, iv->abandoned,
                                         iv->answered_in_sl, iv->handle_time_s, iv->wait_time_s);

  return put_row (d, &fb_queue_interval_spec, row, error);
}

static gboolean
put_queues (Demo    *d,
            GError **error)
{
  g_auto(DemoHistory) h = { 0 };
  g_autofree DemoInterval *intervals = NULL;
  double hour_share = running_hour_share (d);

  history_init (d, &h);
  intervals = g_new0 (DemoInterval, (gsize) h.n_slots * d->queue_ids->len);

  for (guint q = 0; q < d->queue_ids->len; q++)
    {
      JsonObject *queue = center_item (d, "queues", q);
      JsonObject *row = json_object_new ();
      DemoInterval *history = intervals + (gsize) q * h.n_slots;
      DemoInterval *today = history + HISTORY_DAYS * QUARTERS_PER_DAY;
      double daily = json_object_get_double_member_with_default (queue, "daily_offered", 500);
      gint64 threshold = json_object_get_int_member_with_default (queue, "sl_threshold_s", 20);
      /* Calls in the running hour. */
      double rate = daily * h.day_volume[HISTORY_DAYS] * hour_share;
      gint64 available = 0, busy = 0, waiting, longest = 0;
      gint64 offered = 0, answered = 0, abandoned = 0, in_sl = 0;
      double handle = 0, wait = 0;

      /* Must agree with the agents: on break counts as neither. */
      for (guint i = 0; i < d->agents->len; i++)
        {
          DemoAgent *agent = AGENT (d, i);

          if (agent->queue != q)
            continue;
          if (agent->state == FB_AGENT_AVAILABLE)
            available++;
          else if (agent->state == FB_AGENT_ON_CALL || agent->state == FB_AGENT_AFTER_CALL_WORK)
            busy++;
        }

      /* Callers queue when nobody is free. */
      if (available >= 2)
        waiting = rate / 60 > 1 && chance (d, 0.3) ? 1 : 0;
      else if (available == 1)
        waiting = (gint64) round (rate / 60 * rndf (d, 0.3, 1.2));
      else
        waiting = (gint64) round (rate / 60 * rndf (d, 1.0, 3.0)) + (rate > 10 ? 1 : 0);
      waiting = CLAMP (waiting, 0, 40);
      if (waiting > 0)
        {
          longest = rnd (d, 8, 25) * MIN (waiting, 6);
          longest += rnd (d, 0, 30) + (available == 0 ? 40 : 0);
        }

      for (guint i = 0; i <= HISTORY_DAYS; i++)
        history_fill_day (d, &h, q, i, available == 0 ? 0.08 : 0, history + (gsize) i * QUARTERS_PER_DAY);

      /* Those waiting were offered when they called (spread evenly up to
       * the longest wait, as the simulator reads them back). */
      for (gint64 k = 0; k < waiting; k++)
        {
          gint64 waited = waiting > 1 ? longest * (waiting - 1 - k) / (waiting - 1) : longest;
          gint64 slot = (d->now - waited - h.start) / QUARTER;

          g_assert (slot >= 0 && slot < h.n_slots);
          history[slot].offered++;
        }

      for (guint k = 0; k < h.n_today; k++)
        {
          offered += today[k].offered;
          answered += today[k].answered;
          abandoned += today[k].abandoned;
          in_sl += today[k].answered_in_sl;
          handle += today[k].handle_time_s;
          wait += today[k].wait_time_s;
        }

      set_str (row, "id", g_ptr_array_index (d->queue_ids, q));
      set_str (row, "name", str_member (queue, "name"));
      json_object_set_int_member (row, "sl_threshold_s", threshold);
      json_object_set_int_member (row, "waiting", waiting);
      json_object_set_int_member (row, "longest_wait_s", longest);
      json_object_set_int_member (row, "agents_available", available);
      json_object_set_int_member (row, "agents_busy", busy);
      json_object_set_int_member (row, "offered", offered);
      json_object_set_int_member (row, "answered", answered);
      json_object_set_int_member (row, "abandoned", abandoned);
      /* Rounded as the simulator writes them; 0 before the first answer. */
      json_object_set_double_member (row, "service_level",
                                     answered > 0 ? round ((double) in_sl / answered * 1000) / 1000 : 0);
      json_object_set_double_member (row, "asa_s", answered > 0 ? round (wait / answered * 10) / 10 : 0);
      json_object_set_double_member (row, "aht_s", answered > 0 ? round (handle / answered * 10) / 10 : 0);
      fb_sim_set_timestamp (row, "updated_at", d->now);
      if (!put_row (d, &fb_queue_spec, row, error))
        return FALSE;
    }

  /* Queues first, so a client syncing in order has them for the charts. */
  for (guint q = 0; q < d->queue_ids->len; q++)
    for (guint k = 0; k < h.n_slots; k++)
      if (!put_interval (d, g_ptr_array_index (d->queue_ids, q), h.start + (gint64) k * QUARTER,
                         &intervals[(gsize) q * h.n_slots + k], error))
        return FALSE;
  return TRUE;
}

static gboolean
put_agents (Demo    *d,
            GError **error)
{
  for (guint i = 0; i < d->agents->len; i++)
    {
      DemoAgent *agent = AGENT (d, i);
      JsonObject *row = json_object_new ();
      JsonArray *skills = json_array_new ();

      /* Primary queue first, then the others in the center's order. */
      json_array_add_string_element (skills, g_ptr_array_index (d->queue_ids, agent->queue));
      for (guint q = 0; q < d->queue_ids->len; q++)
        if (q != agent->queue && (agent->skills & (1u << q)))
          json_array_add_string_element (skills, g_ptr_array_index (d->queue_ids, q));

      set_str (row, "id", agent->id);
      set_str (row, "name", agent->name);
      set_str (row, "employee_no", agent->employee_no);
      set_str (row, "grade", fb_grade_values[agent->grade]);
      set_str (row, "team_id", TEAM (d, agent->team)->id);
      json_object_set_array_member (row, "skills", skills);
      set_str (row, "state", fb_agent_state_values[agent->state]);
      fb_sim_set_timestamp (row, "state_since", agent->state_since);
      if (agent->seat >= 0)
        set_str (row, "seat_id", SEAT (d, agent->seat)->id);
      set_str (row, "queue_id", g_ptr_array_index (d->queue_ids, agent->queue));
      if (!put_row (d, &fb_agent_spec, row, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
put_seats (Demo    *d,
           GError **error)
{
  for (guint s = 0; s < d->seats->len; s++)
    {
      DemoSeat *seat = SEAT (d, s);
      JsonObject *row = json_object_new ();

      set_str (row, "id", seat->id);
      set_str (row, "zone", seat->zone);
      json_object_set_int_member (row, "x", seat->x);
      json_object_set_int_member (row, "y", seat->y);
      set_str (row, "label", seat->label);
      set_str (row, "equipment", seat->faulty ? "faulty" : "ok");
      if (seat->agent >= 0)
        set_str (row, "agent_id", AGENT (d, seat->agent)->id);
      if (!put_row (d, &fb_seat_spec, row, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
put_seat_assignments (Demo    *d,
                      GError **error)
{
  g_autofree char *date = day_string (d, d->shift_day);

  for (guint i = 0; i < d->agents->len; i++)
    {
      DemoAgent *agent = AGENT (d, i);
      JsonObject *row;
      g_autofree char *id = NULL;

      if (agent->seat < 0)
        continue;
      id = g_strdup_printf ("sa-%s-%s-%s", date, fb_shift_values[d->shift], agent->id);
      row = json_object_new ();
      set_str (row, "id", id);
      set_str (row, "date", date);
      set_str (row, "shift", fb_shift_values[d->shift]);
      set_str (row, "seat_id", SEAT (d, agent->seat)->id);
      set_str (row, "agent_id", agent->id);
      if (!put_row (d, &fb_seat_assignment_spec, row, error))
        return FALSE;
    }
  return TRUE;
}

/* Escalations. */

typedef struct
{
  gint64      at;       /* seconds after raised_at until scaled */
  const char *actor;
  const char *action;
  int         status;   /* -1: unchanged */
  int         level;    /* -1: unchanged */
  char       *note;
  int         outcome;  /* callback attempts only, else -1 */
} EscEvent;

static void
esc_event_clear (gpointer data)
{
  g_free (((EscEvent *) data)->note);
}

static void
add_event (GArray     *events,
           gint64      at,
           const char *actor,
           const char *action,
           int         status,
           int         level,
           char       *note,
           int         outcome)
{
  EscEvent e = { at, actor, action, status, level, note, outcome };

  g_array_append_val (events, e);
}

static const char *
owner_for_level (int         level,
                 const char *raiser)
{
  static const char * const owners[] = { NULL, "u-leader", "u-supervisor", "u-director" };

  return level == FB_LEVEL_AGENT ? raiser : owners[level];
}

/* A non-leader of the teams on shift at @t whose primary queue is @queue
 * (any queue when NULL). */
static DemoAgent *
agent_on_shift_at (Demo       *d,
                   gint64      t,
                   const char *queue)
{
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (guint));
  FbShift shift = shift_at (d, t, NULL, NULL);
  int q = queue != NULL ? queue_index (d, queue) : -1;

  for (guint i = 0; i < d->agents->len; i++)
    {
      DemoAgent *agent = AGENT (d, i);

      if (agent->leader || TEAM (d, agent->team)->shift != shift)
        continue;
      if (q >= 0 && agent->queue != (guint) q)
        continue;
      g_array_append_val (candidates, i);
    }
  if (candidates->len == 0)
    return AGENT (d, 0);
  return AGENT (d, g_array_index (candidates, guint, rnd (d, 0, candidates->len - 1)));
}

static JsonObject *
build_escalation (Demo               *d,
                  JsonObject         *template,
                  FbEscalationStatus  status,
                  gint64              age,
                  guint               variant,
                  gboolean           *emergency_left)
{
  JsonObject *row = json_object_new ();
  gint64 raised_at = d->now - age;
  FbSeverity severity = MAX (0, fb_enum_from_string (fb_severity_values, str_member (template, "severity")));
  const char *category = str_member (template, "category");
  g_autofree char *dept_path = g_strdup_printf ("departments.%s", category);
  const char *dept = lookup_string (d->texts, dept_path);
  DemoAgent *raiser = agent_on_shift_at (d, raised_at, NULL);
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (EscEvent));
  JsonArray *history = json_array_new ();
  JsonArray *attempts = json_array_new ();
  g_autofree char *ref = g_strdup_printf ("010-****-%04" G_GINT64_FORMAT, rnd (d, 0, 9999));
  g_autofree char *customer = masked_customer_name (d);
  FbEscalationLevel level;
  gboolean emergency = FALSE;
  gint64 t = 0, last, limit;
  const char *owner;
  int level_now = FB_LEVEL_AGENT;

  g_array_set_clear_func (events, esc_event_clear);

  /* How far up it went: with the severity, and only once it has had time. */
  if (status == FB_ESC_RAISED)
    level = age < 20 * MINUTE ? FB_LEVEL_AGENT : FB_LEVEL_SHIFT_LEADER;
  else if (severity == FB_SEVERITY_CRITICAL)
    level = *emergency_left ? FB_LEVEL_SUPERVISOR : FB_LEVEL_DIRECTOR;
  else if (severity == FB_SEVERITY_HIGH)
    level = chance (d, 0.7) ? FB_LEVEL_SUPERVISOR : FB_LEVEL_SHIFT_LEADER;
  else
    level = chance (d, 0.2) ? FB_LEVEL_SUPERVISOR : FB_LEVEL_SHIFT_LEADER;
  if (severity == FB_SEVERITY_CRITICAL && status != FB_ESC_RAISED && *emergency_left)
    {
      /* An emergency may skip a level but is reported afterwards. */
      emergency = TRUE;
      *emergency_left = FALSE;
    }

  add_event (events, 0, raiser->user_id, "raised", FB_ESC_RAISED, FB_LEVEL_AGENT,
             g_strdup (pick (d, "escalation_notes.raised")), -1);
  while (level_now < (int) level)
    {
      const char *from = owner_for_level (level_now, raiser->user_id);
      int next = emergency && level_now == FB_LEVEL_AGENT ? FB_LEVEL_SUPERVISOR : level_now + 1;
      const char *path = emergency ? "escalation_notes.emergency"
                         : next == FB_LEVEL_DIRECTOR ? "escalation_notes.escalated_director"
                         : next == FB_LEVEL_SHIFT_LEADER ? "escalation_notes.to_leader"
                         : "escalation_notes.escalated";

      t += rnd (d, 3 * MINUTE, 12 * MINUTE);
      add_event (events, t, from, "escalated", -1, next, g_strdup (pick (d, path)), -1);
      level_now = next;
    }
  owner = owner_for_level (level, raiser->user_id);

  if (status >= FB_ESC_DISPATCHED)
    {
      gint64 dispatch = rnd (d, 15 * MINUTE, 55 * MINUTE);

      t = MAX (t + 2 * MINUTE, dispatch);
      add_event (events, t, owner, "dispatched", FB_ESC_DISPATCHED, -1,
                 fill (pick (d, "escalation_notes.dispatched"), "dept", dept, NULL), -1);
    }
  if (status >= FB_ESC_IN_PROGRESS)
    {
      t += rnd (d, 20 * MINUTE, 3 * HOUR);
      add_event (events, t, owner, "started", FB_ESC_IN_PROGRESS, -1,
                 fill (pick (d, "escalation_notes.started"), "dept", dept, NULL), -1);
    }
  if (status >= FB_ESC_AWAITING_CALLBACK)
    {
      /* Answered within the 24 hours, mostly. */
      gint64 work = rnd (d, 1 * HOUR, 16 * HOUR);
      gint64 cap = 23 * HOUR + rnd (d, 0, 2 * HOUR);

      t = MIN (t + work, cap);
      add_event (events, t, owner, "responded", FB_ESC_AWAITING_CALLBACK, -1,
                 fill (pick (d, "escalation_notes.responded"), "dept", dept, NULL), -1);
    }
  if (status >= FB_ESC_AWAITING_CALLBACK)
    {
      /* The callback team reports back within 72 hours; a case may close
       * after 3+ failed attempts or on a wrong number (the seeds' rule). */
      DemoAgent *caller = agent_on_shift_at (d, raised_at + t, "q-complaint");
      guint n_failed;
      int final;

      if (status == FB_ESC_AWAITING_CALLBACK)
        n_failed = (guint) rnd (d, 0, 2), final = -1;
      else if (status == FB_ESC_RESOLVED || variant % 3 == 0)
        n_failed = (guint) rnd (d, 0, 2), final = 0;              /* reached */
      else if (variant % 3 == 1)
        n_failed = (guint) rnd (d, 3, 5), final = -1;             /* gave up */
      else
        n_failed = (guint) rnd (d, 0, 1), final = 3;              /* wrong number */

      for (guint k = 0; k < n_failed + (final >= 0 ? 1 : 0); k++)
        {
          int outcome = k < n_failed ? (chance (d, 0.7) ? 1 : 2) : final;
          g_autofree char *path = g_strdup_printf ("callback_notes.%s", fb_callback_outcome_values[outcome]);

          t += k == 0 ? rnd (d, 20 * MINUTE, 4 * HOUR) : rnd (d, 2 * HOUR, 9 * HOUR);
          add_event (events, t, caller->user_id, "callback", -1, -1, g_strdup (pick (d, path)), outcome);
        }
      if (final == 0)
        {
          t += rnd (d, 1 * MINUTE, 10 * MINUTE);
          add_event (events, t, caller->user_id, "resolved", FB_ESC_RESOLVED, -1,
                     g_strdup (pick (d, "escalation_notes.resolved")), -1);
        }
      if (status == FB_ESC_CLOSED)
        {
          const char *path = final == 0 ? "escalation_notes.closed"
                             : final == 3 ? "escalation_notes.closed_wrong_number"
                             : "escalation_notes.closed_failed";

          t += rnd (d, 30 * MINUTE, 10 * HOUR);
          add_event (events, t, owner, "closed", FB_ESC_CLOSED, -1, g_strdup (pick (d, path)), -1);
        }
    }

  /* Everything happened before now: squeeze the story if it ran long. */
  last = g_array_index (events, EscEvent, events->len - 1).at;
  limit = age - 2 * MINUTE;
  for (guint k = 0; k < events->len; k++)
    {
      EscEvent *e = &g_array_index (events, EscEvent, k);
      gint64 at = last > limit && last > 0 ? (gint64) ((double) e->at * MAX (limit, 0) / last) : e->at;
      JsonObject *entry = json_object_new ();

      at += raised_at;
      if (e->outcome >= 0)
        {
          JsonObject *attempt = json_object_new ();

          fb_sim_set_timestamp (attempt, "at", at);
          set_str (attempt, "by", e->actor);
          set_str (attempt, "outcome", fb_callback_outcome_values[e->outcome]);
          set_str (attempt, "note", e->note);
          json_array_add_object_element (attempts, attempt);
        }
      if (g_strcmp0 (e->action, "dispatched") == 0)
        fb_sim_set_timestamp (row, "dispatched_at", at);
      else if (g_strcmp0 (e->action, "responded") == 0)
        fb_sim_set_timestamp (row, "responded_at", at);
      else if (g_strcmp0 (e->action, "resolved") == 0)
        fb_sim_set_timestamp (row, "resolved_at", at);
      else if (g_strcmp0 (e->action, "closed") == 0)
        fb_sim_set_timestamp (row, "closed_at", at);

      fb_sim_set_timestamp (entry, "at", at);
      set_str (entry, "actor", e->actor);
      set_str (entry, "action", e->action);
      if (e->status >= 0)
        set_str (entry, "status", fb_escalation_status_values[e->status]);
      if (e->level >= 0)
        set_str (entry, "level", fb_escalation_level_values[e->level]);
      set_str (entry, "note", e->note);
      json_array_add_object_element (history, entry);
    }

  set_str (row, "customer_ref", ref);
  set_str (row, "customer_name", customer);
  set_str (row, "category", category);
  set_str (row, "severity", fb_severity_values[severity]);
  set_str (row, "summary", str_member (template, "summary"));
  set_str (row, "raised_by", raiser->user_id);
  fb_sim_set_timestamp (row, "raised_at", raised_at);
  set_str (row, "level", fb_escalation_level_values[level]);
  set_str (row, "owner", owner);
  set_str (row, "status", fb_escalation_status_values[status]);
  /* The seeds' deadlines: dispatch in 60 min, respond in 24 h, call the
   * customer back in 72 h. */
  fb_sim_set_timestamp (row, "dispatch_due", raised_at + 60 * MINUTE);
  fb_sim_set_timestamp (row, "response_due", raised_at + 24 * HOUR);
  fb_sim_set_timestamp (row, "callback_due", raised_at + 72 * HOUR);
  if (json_array_get_length (attempts) > 0)
    json_object_set_array_member (row, "callback_attempts", attempts);
  else
    json_array_unref (attempts);
  json_object_set_array_member (row, "history", history);
  return row;
}

static gboolean
put_escalations (Demo    *d,
                 GError **error)
{
  /* Ages (minutes) per status, oldest within the last five days; the
   * larger ones of the open statuses are past a deadline on purpose. */
  static const struct { FbEscalationStatus status; gint64 age_min[6]; } plan[] = {
    { FB_ESC_RAISED, { 12, 38, 95, 170, -1 } },
    { FB_ESC_DISPATCHED, { 150, 420, 900, 1560, 1860, -1 } },
    { FB_ESC_IN_PROGRESS, { 300, 660, 1140, 1320, 1800, 2400 } },
    { FB_ESC_AWAITING_CALLBACK, { 1320, 2100, 3000, 3960, 4800, 6000 } },
    { FB_ESC_RESOLVED, { 1800, 2820, 4200, 5400, -1 } },
    { FB_ESC_CLOSED, { 3120, 4560, 5700, 6480, 7020, -1 } },
  };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (demo_pending_free);
  JsonArray *templates = lookup_array (d->texts, "escalations");
  guint n_templates = json_array_get_length (templates);
  g_autofree guint *order = g_new (guint, n_templates);
  gboolean emergency_left = TRUE;
  guint n = 0;

  for (guint i = 0; i < n_templates; i++)
    order[i] = i;
  shuffle (d, order, n_templates);

  for (guint s = 0; s < G_N_ELEMENTS (plan); s++)
    for (guint k = 0; k < G_N_ELEMENTS (plan[s].age_min) && plan[s].age_min[k] >= 0; k++)
      {
        JsonObject *template = json_array_get_object_element (templates, order[n % n_templates]);
        gint64 age = plan[s].age_min[k] * MINUTE;
        DemoPending *p = g_new0 (DemoPending, 1);

        /* Jitter, but never past five days. */
        age += age < HOUR ? rnd (d, 0, 4 * MINUTE) : rnd (d, -20 * MINUTE, 20 * MINUTE);
        age = MIN (age, 5 * DAY - HOUR);
        p->row = build_escalation (d, template, plan[s].status, age, k, &emergency_left);
        p->sort_key = d->now - age;
        g_ptr_array_add (rows, p);
        n++;
      }
  return put_sorted (d, &fb_escalation_spec, rows, "esc-", 4, error);
}

/* QA evaluations. */

static const char * const qa_criteria[] = {
  "service_language", "attitude", "tone", "need_elicitation", "handling",
};

static gboolean
put_qa_evaluations (Demo    *d,
                    GError **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (demo_pending_free);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (d->now);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, d->zone);
  g_autoptr(GDateTime) this_month = g_date_time_new (d->zone, g_date_time_get_year (local),
                                                     g_date_time_get_month (local), 1, 0, 0, 0);
  guint n_agents = d->agents->len;
  g_autofree guint *order = g_new (guint, n_agents);
  g_autofree int *base = g_new (int, n_agents);
  g_autofree int *bias = g_new (int, n_agents * G_N_ELEMENTS (qa_criteria));
  guint unrated[N_QA_UNRATED], busy[2];

  /* Each agent has a level and strengths that stay across evaluations. */
  for (guint i = 0; i < n_agents; i++)
    {
      base[i] = 70 + 5 * (int) AGENT (d, i)->grade + (int) rnd (d, -8, 8);
      for (guint c = 0; c < G_N_ELEMENTS (qa_criteria); c++)
        bias[i * G_N_ELEMENTS (qa_criteria) + c] = (int) rnd (d, -7, 7);
      order[i] = i;
    }
  /* A few not yet monitored this month (the dashboard flags them), and a
   * couple monitored more often than the 1–5 the seeds ask for. */
  shuffle (d, order, n_agents);
  for (guint k = 0; k < N_QA_UNRATED; k++)
    unrated[k] = order[k];
  busy[0] = order[N_QA_UNRATED];
  busy[1] = order[N_QA_UNRATED + 1];

  for (int m = N_QA_MONTHS - 1; m >= 0; m--)
    {
      g_autoptr(GDateTime) start_dt = g_date_time_add_months (this_month, -m);
      g_autoptr(GDateTime) end_dt = g_date_time_add_months (start_dt, 1);
      gint64 start = g_date_time_to_unix (start_dt);
      gint64 end = MIN (g_date_time_to_unix (end_dt), d->now);
      double elapsed = (double) (end - start) / (double) (g_date_time_to_unix (end_dt) - start);
      gint64 n_days = MAX (1, (end - start + DAY - 1) / DAY);

      for (guint i = 0; i < n_agents; i++)
        {
          gint64 count = rnd (d, 1, 5);

          if (m == 0)
            {
              /* This month is not over: fewer so far. */
              count = MAX (1, (gint64) round (count * elapsed));
              for (guint k = 0; k < N_QA_UNRATED; k++)
                if (unrated[k] == i)
                  count = 0;
            }
          else if (m == 1 && (i == busy[0] || i == busy[1]))
            count = 6;

          for (gint64 e = 0; e < count; e++)
            {
              DemoPending *p = g_new0 (DemoPending, 1);
              JsonObject *row = json_object_new ();
              JsonObject *scores = json_object_new ();
              gint64 at = start + rnd (d, 0, n_days - 1) * DAY;
              gint64 worst = 0, sum = 0;
              guint worst_c = 0;
              double total;
              g_autofree char *call_date = NULL;
              g_autofree char *call_ref = NULL;
              g_autofree char *comment = NULL;
              const char *band;

              at += rnd (d, 9 * HOUR, 18 * HOUR);
              if (at >= end - MINUTE)
                at = start + rnd (d, 0, MAX (0, end - start - 2 * MINUTE));

              for (guint c = 0; c < G_N_ELEMENTS (qa_criteria); c++)
                {
                  gint64 score = base[i] + bias[i * G_N_ELEMENTS (qa_criteria) + c] + rnd (d, -6, 6);

                  score = CLAMP (score, 35, 100);
                  json_object_set_int_member (scores, qa_criteria[c], score);
                  sum += score;
                  if (c == 0 || score < worst)
                    {
                      worst = score;
                      worst_c = c;
                    }
                }
              /* Equal weights (0.2 each) for now; the weights become
               * server-configurable in a later issue. */
              total = (double) sum / G_N_ELEMENTS (qa_criteria);

              band = total >= 88 ? "qa_comments.high" : total >= 75 ? "qa_comments.mid" : "qa_comments.low";
              if (total < 88 && worst < total - 4)
                {
                  g_autofree char *weak_path = g_strdup_printf ("qa_comments.weak.%s", qa_criteria[worst_c]);

                  comment = g_strconcat (pick (d, band), " ", lookup_string (d->texts, weak_path), NULL);
                }
              else
                comment = g_strdup (pick (d, band));

              /* The monitored call happened that day or a few days before. */
              call_date = format_center (d, at - rnd (d, 0, 3) * DAY, "%Y%m%d");
              call_ref = g_strdup_printf ("CALL-%s-%04" G_GINT64_FORMAT, call_date, rnd (d, 1, 2999));

              set_str (row, "agent_id", AGENT (d, i)->id);
              set_str (row, "inspector", "u-inspector");
              fb_sim_set_timestamp (row, "evaluated_at", at);
              set_str (row, "call_ref", call_ref);
              json_object_set_object_member (row, "scores", scores);
              json_object_set_double_member (row, "total", total);
              set_str (row, "comment", comment);
              p->row = row;
              p->sort_key = at;
              g_ptr_array_add (rows, p);
            }
        }
    }
  return put_sorted (d, &fb_qa_evaluation_spec, rows, "qa-", 6, error);
}

/* Holiday duty: the first of texts.json's fixed-date public holidays
 * ("MM-DD": name) after today, and a few agents of each shift who work
 * it. The seeds: they may neither take leave nor swap. */

static void
build_holiday_duty (Demo *d)
{
  JsonNode *node = lookup (d->texts, "holidays");
  JsonObject *holidays = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (d->now);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, d->zone);
  int this_year = g_date_time_get_year (local);
  gint64 today = day_of (d, d->now);
  GList *keys;

  if (holidays == NULL)
    return;
  keys = g_list_sort (json_object_get_members (holidays), (GCompareFunc) g_strcmp0);
  for (int year = this_year; d->holiday_day == 0 && year <= this_year + 1; year++)
    for (GList *l = keys; l != NULL && d->holiday_day == 0; l = l->next)
      {
        g_autofree char *path = g_strconcat ("holidays.", (const char *) l->data, NULL);
        g_autoptr(GDateTime) date = NULL;
        int month, mday;

        if (sscanf (l->data, "%2d-%2d", &month, &mday) != 2 ||
            !g_date_valid_dmy ((GDateDay) mday, (GDateMonth) month, (GDateYear) year))
          continue;
        date = g_date_time_new (d->zone, year, month, mday, 0, 0, 0);
        if (date != NULL && day_of (d, g_date_time_to_unix (date)) > today && *lookup_string (d->texts, path) != '\0')
          {
            d->holiday_day = day_of (d, g_date_time_to_unix (date));
            d->holiday = lookup_string (d->texts, path);
          }
      }
  g_list_free (keys);
  if (d->holiday_day == 0)
    return;

  for (FbShift shift = FB_SHIFT_DAY; shift <= FB_SHIFT_NIGHT; shift++)
    {
      g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (guint));

      for (guint i = 0; i < d->agents->len; i++)
        if (!AGENT (d, i)->leader && TEAM (d, AGENT (d, i)->team)->shift == shift)
          g_array_append_val (candidates, i);
      shuffle (d, (guint *) (gpointer) candidates->data, candidates->len);
      for (guint k = 0; k < N_HOLIDAY_DUTY && k < candidates->len; k++)
        {
          guint i = g_array_index (candidates, guint, k);

          AGENT (d, i)->on_duty = TRUE;
          g_array_append_val (d->duty, i);
        }
    }
}

static gboolean
put_holiday_duty (Demo    *d,
                  GError **error)
{
  g_autofree char *date = d->holiday_day != 0 ? day_string (d, d->holiday_day) : NULL;

  for (guint k = 0; k < d->duty->len; k++)
    {
      DemoAgent *agent = AGENT (d, g_array_index (d->duty, guint, k));
      g_autofree char *id = g_strdup_printf ("hd-%s-%s", date, agent->id);
      JsonObject *row = json_object_new ();

      set_str (row, "id", id);
      set_str (row, "date", date);
      set_str (row, "agent_id", agent->id);
      set_str (row, "holiday", d->holiday);
      if (!put_row (d, &fb_holiday_duty_spec, row, error))
        return FALSE;
    }
  return TRUE;
}

/* The requests waiting for a decision are each made for a case of the
 * seeds' rules, so the Requests page shows a manager the usual mix: most
 * pass, a few break one rule each. The rules themselves (FbRoster over
 * the rows built so far) say whether a try came out as planned; one that
 * did not is dropped and tried again with other people or days. */

static void
take_row (FbRoster           *roster,
          const FbEntitySpec *spec,
          JsonObject         *row)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  gpointer entity;

  json_node_set_object (node, row);
  if ((entity = fb_entity_decode (spec, node, NULL)) != NULL)
    fb_roster_take (roster, spec, entity);
}

/* Rows still without their final id get one for now: the rules tell
 * requests apart by id. */
static void
take_requests (FbRoster           *roster,
               const FbEntitySpec *spec,
               GPtrArray          *rows)
{
  for (guint i = 0; i < rows->len; i++)
    {
      DemoPending *p = g_ptr_array_index (rows, i);
      g_autofree char *id = g_strdup_printf ("%s-tmp-%u", spec->type, i);

      json_object_set_string_member (p->row, "id", id);
      take_row (roster, spec, p->row);
    }
}

static FbRoster *
demo_roster (Demo *d)
{
  FbRoster *roster = fb_roster_new (d->zone);
  g_autofree char *holiday = d->holiday_day != 0 ? day_string (d, d->holiday_day) : NULL;

  for (guint t = 0; t < d->teams->len; t++)
    {
      DemoTeam *team = TEAM (d, t);
      g_autoptr(JsonObject) row = json_object_new ();

      set_str (row, "id", team->id);
      set_str (row, "name", team->name);
      set_str (row, "leader_id", AGENT (d, team->leader)->id);
      set_str (row, "shift", fb_shift_values[team->shift]);
      set_str (row, "start", team->start);
      set_str (row, "end", team->end);
      take_row (roster, &fb_team_spec, row);
    }
  for (guint i = 0; i < d->agents->len; i++)
    {
      DemoAgent *agent = AGENT (d, i);
      g_autoptr(JsonObject) row = json_object_new ();

      set_str (row, "id", agent->id);
      set_str (row, "name", agent->name);
      set_str (row, "employee_no", agent->employee_no);
      set_str (row, "grade", fb_grade_values[agent->grade]);
      set_str (row, "team_id", TEAM (d, agent->team)->id);
      set_str (row, "state", fb_agent_state_values[FB_AGENT_OFFLINE]);
      set_str (row, "queue_id", g_ptr_array_index (d->queue_ids, agent->queue));
      take_row (roster, &fb_agent_spec, row);
    }
  for (guint k = 0; k < d->duty->len; k++)
    {
      DemoAgent *agent = AGENT (d, g_array_index (d->duty, guint, k));
      g_autoptr(JsonObject) row = json_object_new ();
      g_autofree char *id = g_strdup_printf ("hd-%u", k);

      set_str (row, "id", id);
      set_str (row, "date", holiday);
      set_str (row, "agent_id", agent->id);
      take_row (roster, &fb_holiday_duty_spec, row);
    }
  take_requests (roster, &fb_leave_request_spec, d->leaves);
  take_requests (roster, &fb_swap_request_spec, d->swaps);
  return roster;
}

/* The codes of the checks that refuse, sorted and joined by ",": "" when
 * a one-click approval goes through. */
static char *
blocking_codes (GPtrArray *checks)
{
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();

  for (guint i = 0; i < checks->len; i++)
    {
      const FbCheck *check = g_ptr_array_index (checks, i);

      if (check->kind != FB_CHECK_FLAG &&
          !g_ptr_array_find_with_equal_func (codes, check->code, g_str_equal, NULL))
        g_ptr_array_add (codes, (gpointer) check->code);
    }
  g_ptr_array_sort (codes, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (codes, NULL);
  return g_strjoinv (",", (char **) codes->pdata);
}

/* What a pending leave is made to show. */
typedef enum
{
  LEAVE_AHEAD,          /* asked in good time */
  LEAVE_NO_CERTIFICATE, /* sick, phoned in, papers to follow */
  LEAVE_LATE,           /* vacation for tomorrow: needs two days' notice */
  LEAVE_HOLIDAY,        /* by someone on holiday duty, for the holiday */
} LeavePlanKind;

typedef struct
{
  LeavePlanKind  kind;
  FbLeaveType    type;
  guint          days;
  const char    *director;  /* what refuses the director's one click */
  const char    *manager;   /* and the department head's */
} LeavePlan;

static const LeavePlan leave_plans[] = {
  { LEAVE_AHEAD, FB_LEAVE_PERSONAL, 1, "", "" },
  { LEAVE_AHEAD, FB_LEAVE_VACATION, 1, "", "" },
  { LEAVE_AHEAD, FB_LEAVE_SPECIAL, 1, "", "" },
  { LEAVE_NO_CERTIFICATE, FB_LEAVE_SICK, 1, "certificate_required", "certificate_required" },
  { LEAVE_AHEAD, FB_LEAVE_VACATION, 1, "", "" },
  { LEAVE_LATE, FB_LEAVE_VACATION, 1, "reason_required", "reason_required" },
  { LEAVE_AHEAD, FB_LEAVE_VACATION, 3, "", "director_only" },
  { LEAVE_HOLIDAY, FB_LEAVE_VACATION, 1, "holiday_duty", "holiday_duty" },
  { LEAVE_AHEAD, FB_LEAVE_PERSONAL, 1, "", "" },
  { LEAVE_AHEAD, FB_LEAVE_BUSINESS_STUDY, 1, "", "director_only" },
};

static int
pick_duty_agent (Demo *d)
{
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (guint));
  guint chosen;

  for (guint k = 0; k < d->duty->len; k++)
    if (!AGENT (d, g_array_index (d->duty, guint, k))->used)
      g_array_append_val (candidates, g_array_index (d->duty, guint, k));
  if (candidates->len == 0)
    return -1;
  chosen = g_array_index (candidates, guint, rnd (d, 0, candidates->len - 1));
  AGENT (d, chosen)->used = TRUE;
  return (int) chosen;
}

static gboolean
leave_comes_out (Demo            *d,
                 JsonObject      *row,
                 const LeavePlan *plan)
{
  g_autoptr(FbRoster) roster = demo_roster (d);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(FbLeaveRequest) leave = NULL;
  g_autoptr(GPtrArray) director = NULL;
  g_autoptr(GPtrArray) manager = NULL;
  g_autofree char *by_director = NULL;
  g_autofree char *by_manager = NULL;

  json_object_set_string_member (row, "id", "leave-planned");
  json_node_set_object (node, row);
  if (!(leave = fb_leave_request_from_json (node, NULL)))
    return FALSE;
  director = fb_leave_decision_checks (roster, leave, FB_DECISION_APPROVE, FB_ROLE_DIRECTOR, NULL, NULL);
  manager = fb_leave_decision_checks (roster, leave, FB_DECISION_APPROVE, FB_ROLE_MANAGER, NULL, NULL);
  by_director = blocking_codes (director);
  by_manager = blocking_codes (manager);
  return g_str_equal (by_director, plan->director) && g_str_equal (by_manager, plan->manager);
}

static void
build_pending_leaves (Demo *d)
{
  for (guint k = 0; k < G_N_ELEMENTS (leave_plans); k++)
    {
      const LeavePlan *plan = &leave_plans[k];

      for (guint attempt = 0; attempt < SCENARIO_TRIES; attempt++)
        {
          g_autofree char *reasons_path = NULL;
          FbLeaveType type = plan->type;
          JsonObject *row;
          DemoPending *p;
          gint64 start, submitted;
          const char *reason;
          int a;

          switch (plan->kind)
            {
            case LEAVE_NO_CERTIFICATE:
              /* For tomorrow, reported this afternoon. */
              a = pick_agent (d, FALSE, FALSE);
              start = d->shift_day + 1;
              submitted = d->now - rnd (d, 10 * MINUTE, 90 * MINUTE);
              break;
            case LEAVE_LATE:
              /* Tomorrow's shift is at most a day and a half away. */
              a = pick_agent (d, FALSE, FALSE);
              start = d->shift_day + 1;
              submitted = d->now - rnd (d, 10 * MINUTE, 3 * HOUR);
              break;
            case LEAVE_HOLIDAY:
              a = d->holiday_day != 0 ? pick_duty_agent (d) : -1;
              start = d->holiday_day;
              /* A holiday close at hand: special leave, an hour's notice. */
              if (start < d->shift_day + 3)
                type = FB_LEAVE_SPECIAL;
              submitted = office_time_before (d, d->now - 2 * HOUR);
              break;
            case LEAVE_AHEAD:
            default:
              /* Three days ahead or more: two days' notice whenever asked. */
              a = pick_agent (d, FALSE, FALSE);
              start = d->shift_day + rnd (d, 3, 14);
              submitted = office_time_before (d, d->now - 10 * MINUTE);
              break;
            }
          if (a < 0)
            break;

          reasons_path = g_strdup_printf ("leave_reasons.%s", fb_leave_type_values[type]);
          if (plan->kind == LEAVE_NO_CERTIFICATE)
            {
              /* The last sick reason is the emergency: phoned in, papers later. */
              JsonArray *reasons = lookup_array (d->texts, reasons_path);
              guint n = reasons != NULL ? json_array_get_length (reasons) : 0;

              reason = n > 0 ? json_array_get_string_element (reasons, n - 1) : "";
            }
          else
            reason = pick (d, reasons_path);

          row = json_object_new ();
          set_str (row, "agent_id", AGENT (d, a)->id);
          set_str (row, "type", fb_leave_type_values[type]);
          set_day (d, row, "start_date", start);
          set_day (d, row, "end_date", start + plan->days - 1);
          set_str (row, "reason", reason);
          fb_sim_set_timestamp (row, "submitted_at", submitted);
          json_object_set_boolean_member (row, "certificate",
                                          type == FB_LEAVE_SICK && plan->kind != LEAVE_NO_CERTIFICATE);
          set_str (row, "status", fb_request_status_values[FB_REQUEST_PENDING]);
          if (!leave_comes_out (d, row, plan))
            {
              json_object_unref (row);
              continue;
            }
          p = g_new0 (DemoPending, 1);
          p->sort_key = submitted;
          p->row = row;
          p->agent = (guint) a;
          p->type = type;
          p->start_day = start;
          p->end_day = start + plan->days - 1;
          p->status = FB_REQUEST_PENDING;
          g_ptr_array_add (d->leaves, p);
          break;
        }
    }
}

/* Swaps. */

/* Someone for @a to swap with: another team, the same job (primary
 * queue), the same grade unless @other_grade; no leader, nobody already
 * in a swap or on holiday duty. */
static int
pick_partner (Demo      *d,
              DemoAgent *a,
              gboolean   same_shift,
              gboolean   other_grade)
{
  g_autoptr(GArray) partners = g_array_new (FALSE, FALSE, sizeof (guint));
  guint chosen;

  for (guint j = 0; j < d->agents->len; j++)
    {
      DemoAgent *c = AGENT (d, j);

      if (c->used || c->leader || c->on_duty || c->team == a->team || c->queue != a->queue ||
          (c->grade != a->grade) != other_grade)
        continue;
      if ((TEAM (d, c->team)->shift == TEAM (d, a->team)->shift) != same_shift)
        continue;
      g_array_append_val (partners, j);
    }
  if (partners->len == 0)
    return -1;
  chosen = g_array_index (partners, guint, rnd (d, 0, partners->len - 1));
  AGENT (d, chosen)->used = TRUE;
  return (int) chosen;
}

static JsonObject *
swap_row (Demo            *d,
          DemoAgent       *a,
          DemoAgent       *b,
          gint64           day_a,
          gint64           day_b,
          gint64           submitted,
          FbRequestStatus  status,
          gboolean         approved_a,
          gboolean         approved_b)
{
  JsonObject *row = json_object_new ();

  set_str (row, "agent_a", a->id);
  set_str (row, "agent_b", b->id);
  set_day (d, row, "date_a", day_a);
  set_str (row, "shift_a", fb_shift_values[TEAM (d, a->team)->shift]);
  set_day (d, row, "date_b", day_b);
  set_str (row, "shift_b", fb_shift_values[TEAM (d, b->team)->shift]);
  set_str (row, "reason", pick (d, "swap_reasons"));
  fb_sim_set_timestamp (row, "submitted_at", submitted);
  set_str (row, "status", fb_request_status_values[status]);
  json_object_set_boolean_member (row, "leader_a_approved", approved_a);
  json_object_set_boolean_member (row, "leader_b_approved", approved_b);
  return row;
}

static void
add_swap (Demo       *d,
          JsonObject *row,
          gint64      submitted)
{
  DemoPending *p = g_new0 (DemoPending, 1);

  p->row = row;
  p->sort_key = submitted;
  g_ptr_array_add (d->swaps, p);
}

/* A day and a night shift lie two days apart, so nobody works back to back. */
static gint64
swap_gap (Demo      *d,
          DemoAgent *a,
          DemoAgent *b)
{
  return TEAM (d, a->team)->shift == TEAM (d, b->team)->shift ? rnd (d, 1, 6) : rnd (d, 2, 6);
}

/* Swaps already decided, around today. */
static void
build_swaps (Demo *d)
{
  guint made = 0;

  for (guint i = 0; i < d->agents->len; i++)
    AGENT (d, i)->used = FALSE;

  for (guint attempt = 0; made < N_DECIDED_SWAPS && attempt < 200; attempt++)
    {
      int ia = pick_agent (d, FALSE, FALSE);
      int ib;
      DemoAgent *a, *b;
      gboolean same_shift = chance (d, 0.8);
      gint64 day_a, day_b, gap, submitted;
      FbRequestStatus status;
      JsonObject *row;
      double r;

      if (ia < 0)
        break;
      a = AGENT (d, ia);
      if ((ib = pick_partner (d, a, same_shift, FALSE)) < 0)
        continue;
      b = AGENT (d, ib);

      /* Never today: the floor would disagree. */
      day_a = d->shift_day + rnd (d, -20, 10);
      if (day_a == d->shift_day)
        day_a--;
      gap = swap_gap (d, a, b);
      day_b = day_a + (chance (d, 0.5) ? gap : -gap);
      if (day_b == d->shift_day)
        day_b += day_b > day_a ? 1 : -1;

      submitted = office_time (d, MIN (day_a, day_b) - rnd (d, 2, 7));
      if (submitted > d->now - HOUR)
        submitted = office_time_before (d, d->now - HOUR);

      r = g_rand_double (d->rand);
      status = r < 0.75 ? FB_REQUEST_APPROVED : r < 0.9 ? FB_REQUEST_REJECTED : FB_REQUEST_CANCELLED;
      row = swap_row (d, a, b, day_a, day_b, submitted, status,
                      status != FB_REQUEST_CANCELLED || chance (d, 0.5),
                      status == FB_REQUEST_APPROVED);
      if (status == FB_REQUEST_APPROVED || status == FB_REQUEST_REJECTED)
        {
          /* Both leaders sign; the dashboard account that signed last. */
          gboolean own_team = a->team == 0 || b->team == 0;
          gboolean by_leader = own_team && status == FB_REQUEST_APPROVED;

          set_str (row, "decided_by", by_leader ? "u-leader" : "u-supervisor");
          fb_sim_set_timestamp (row, "decided_at",
                  before_now (d, next_office_time (d, submitted + rnd (d, 2 * HOUR, 30 * HOUR)), submitted));
        }
      else
        {
          set_str (row, "decided_by", a->user_id);
          fb_sim_set_timestamp (row, "decided_at", before_now (d, submitted + rnd (d, 3 * HOUR, 2 * DAY), submitted));
        }
      add_swap (d, row, submitted);
      made++;
    }
}

typedef enum
{
  SWAP_PASS,         /* both leaders signed, every rule kept */
  SWAP_LIMIT,        /* agent A has had two swaps this month */
  SWAP_GRADE,        /* a senior for an intermediate */
  SWAP_HOLIDAY,      /* agent A is on holiday duty that day */
  SWAP_ONE_LEADER,   /* waits for B's shift leader */
} SwapPlanKind;

static const struct
{
  SwapPlanKind  kind;
  const char   *director;
} swap_plans[] = {
  { SWAP_PASS, "" },
  { SWAP_PASS, "" },
  { SWAP_LIMIT, "swap_limit" },
  { SWAP_GRADE, "grade_mismatch" },
  { SWAP_PASS, "" },
  { SWAP_HOLIDAY, "holiday_duty" },
  { SWAP_ONE_LEADER, "leader_approval_missing" },
};

/* Two approved swaps of @ia in the month of @day_a, clear of the days of
 * the swap it asks for now (no consecutive swaps), so that one breaks
 * the two-a-month rule alone. */
static gboolean
add_month_swaps (Demo   *d,
                 guint   ia,
                 gint64  day_a,
                 gint64  day_b)
{
  DemoAgent *a = AGENT (d, ia);
  g_autofree char *month = day_string (d, day_a);
  g_autoptr(GArray) days = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 first = 0;

  month[7] = '\0';  /* "YYYY-MM" */
  for (gint64 day = day_a - 31; day <= day_a + 31; day++)
    {
      g_autofree char *date = day_string (d, day);

      if (g_str_has_prefix (date, month) && ABS (day - day_a) >= 4 && ABS (day - day_b) >= 4 &&
          ABS (day - d->shift_day) >= 3)
        g_array_append_val (days, day);
    }

  for (guint n = 0; n < 2; n++)
    {
      g_autoptr(GArray) free_days = g_array_new (FALSE, FALSE, sizeof (gint64));
      gint64 day2, back, submitted;
      JsonObject *row;
      int ic;

      for (guint k = 0; k < days->len; k++)
        if (n == 0 || ABS (g_array_index (days, gint64, k) - first) >= 3)
          g_array_append_val (free_days, g_array_index (days, gint64, k));
      if (free_days->len == 0)
        return FALSE;
      if ((ic = pick_partner (d, a, TRUE, FALSE)) < 0 && (ic = pick_partner (d, a, FALSE, FALSE)) < 0)
        return FALSE;
      day2 = first = g_array_index (free_days, gint64, rnd (d, 0, free_days->len - 1));
      /* Paid back soon after (or before), away from the new request; a
       * day and a night shift two days apart. */
      back = TEAM (d, AGENT (d, ic)->team)->shift == TEAM (d, a->team)->shift ? 1 : 2;
      back = day2 + (day2 < day_a ? -back : back);
      submitted = office_time (d, MIN (day2, back) - rnd (d, 3, 10));
      if (submitted > d->now - 2 * HOUR)
        submitted = office_time_before (d, d->now - 2 * HOUR);
      row = swap_row (d, a, AGENT (d, ic), day2, back, submitted, FB_REQUEST_APPROVED, TRUE, TRUE);
      set_str (row, "decided_by", "u-supervisor");
      fb_sim_set_timestamp (row, "decided_at",
              before_now (d, next_office_time (d, submitted + rnd (d, 2 * HOUR, 30 * HOUR)), submitted));
      add_swap (d, row, submitted);
    }
  return TRUE;
}

static gboolean
swap_comes_out (Demo       *d,
                JsonObject *row,
                const char *expected)
{
  g_autoptr(FbRoster) roster = demo_roster (d);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(FbSwapRequest) swap = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  g_autofree char *codes = NULL;

  json_object_set_string_member (row, "id", "swap-planned");
  json_node_set_object (node, row);
  if (!(swap = fb_swap_request_from_json (node, NULL)))
    return FALSE;
  checks = fb_swap_decision_checks (roster, swap, FB_DECISION_APPROVE, FB_ROLE_DIRECTOR, NULL, NULL, NULL);
  codes = blocking_codes (checks);
  return g_str_equal (codes, expected);
}

/* Swaps waiting for a decision, wholly ahead. */
static void
build_pending_swaps (Demo *d)
{
  for (guint k = 0; k < G_N_ELEMENTS (swap_plans); k++)
    {
      SwapPlanKind kind = swap_plans[k].kind;

      for (guint attempt = 0; attempt < SCENARIO_TRIES; attempt++)
        {
          guint n_before = d->swaps->len;
          int ia, ib;
          DemoAgent *a, *b;
          gint64 day_a, day_b, gap, submitted;
          JsonObject *row;

          if (kind == SWAP_HOLIDAY)
            ia = d->holiday_day != 0 ? pick_duty_agent (d) : -1;
          else
            ia = pick_agent (d, FALSE, FALSE);
          if (ia < 0)
            break;
          a = AGENT (d, ia);
          if ((ib = pick_partner (d, a, chance (d, 0.8), kind == SWAP_GRADE)) < 0)
            continue;
          b = AGENT (d, ib);

          day_a = kind == SWAP_HOLIDAY ? d->holiday_day : d->shift_day + rnd (d, 2, 14);
          gap = swap_gap (d, a, b);
          day_b = day_a + (chance (d, 0.5) ? gap : -gap);
          if (day_b < d->shift_day + 2)
            day_b = day_a + gap;
          submitted = office_time_before (d, d->now - HOUR);
          row = swap_row (d, a, b, day_a, day_b, submitted, FB_REQUEST_PENDING, TRUE, kind != SWAP_ONE_LEADER);

          if ((kind != SWAP_LIMIT || add_month_swaps (d, (guint) ia, day_a, day_b)) &&
              swap_comes_out (d, row, swap_plans[k].director))
            {
              add_swap (d, row, submitted);
              break;
            }
          json_object_unref (row);
          /* The month's swaps of a failed try go with it. */
          g_ptr_array_set_size (d->swaps, n_before);
        }
    }
}

static gboolean
put_swaps (Demo    *d,
           GError **error)
{
  return put_sorted (d, &fb_swap_request_spec, d->swaps, "swap-", 4, error);
}

/* Duty reports. */

static char *
staffing_changes (Demo    *d,
                  gint64   day,
                  FbShift  shift)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < d->leaves->len; i++)
    {
      DemoPending *leave = g_ptr_array_index (d->leaves, i);
      DemoAgent *agent = AGENT (d, leave->agent);
      g_autofree char *type_path = g_strdup_printf ("leave_type_names.%s", fb_leave_type_values[leave->type]);
      g_autofree char *line = NULL;

      if (leave->status != FB_REQUEST_APPROVED || TEAM (d, agent->team)->shift != shift ||
          day < leave->start_day || day > leave->end_day)
        continue;
      line = fill (lookup_string (d->texts, "duty.staffing_leave"),
                   "agent", agent->name, "team", TEAM (d, agent->team)->name,
                   "type", lookup_string (d->texts, type_path), NULL);
      g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", line);
    }
  if (chance (d, 0.25))
    {
      const char *template = pick (d, "duty.staffing_late");
      DemoAgent *late = agent_on_shift_at (d, shift_start_of (d, day, shift) + HOUR, NULL);
      g_autofree char *line = fill (template, "agent", late->name, NULL);

      g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", line);
    }
  if (shift == FB_SHIFT_DAY && chance (d, 0.2))
    g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", pick (d, "duty.staffing_support"));
  if (text->len == 0)
    g_string_append (text, lookup_string (d->texts, "duty.staffing_none"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
equipment_status (Demo   *d,
                  gint64  shift_end)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint s = 0; s < d->seats->len; s++)
    {
      DemoSeat *seat = SEAT (d, s);
      g_autofree char *line = NULL;

      if (!seat->faulty || seat->faulty_since > shift_end)
        continue;
      line = fill (lookup_string (d->texts, "duty.equipment_fault"),
                   "seat", seat->label, "note", seat->note, NULL);
      g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", line);
    }
  if (text->len == 0)
    g_string_append (text, pick (d, "duty.equipment_ok"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
put_duty_reports (Demo    *d,
                  GError **error)
{
  /* The last 28 shifts that have ended, oldest first: counted in
   * shifts, two a day, since shifts are 11 to 13 hours where the zone
   * changes its clocks. */
  for (int k = N_DUTY_SHIFTS; k >= 1; k--)
    {
      gint64 n = 2 * d->shift_day + (d->shift == FB_SHIFT_NIGHT ? 1 : 0) - k;
      gint64 day = n / 2;
      FbShift shift = n % 2 == 1 ? FB_SHIFT_NIGHT : FB_SHIFT_DAY;
      gint64 start = shift_start_of (d, day, shift);
      gint64 end = shift_end_of (d, day, shift);
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (day * DAY);
      int weekday = g_date_time_get_day_of_week (utc);
      double weekend = weekday == 6 ? 0.65 : weekday == 7 ? 0.5 : 1.0;
      gboolean night = shift == FB_SHIFT_NIGHT;
      gint64 consultations = (gint64) round ((night ? rnd (d, 330, 520) : rnd (d, 2100, 2600)) * weekend);
      gint64 inquiries = (gint64) round (consultations * rndf (d, 0.28, 0.38));
      gint64 complaints = (gint64) round ((night ? rnd (d, 3, 11) : rnd (d, 14, 42)) * weekend);
      gint64 answered = consultations + inquiries + complaints;
      gint64 offered = (gint64) round (answered * rndf (d, 1.03, 1.07));
      gint64 submitted = end - rnd (d, 0, 25 * MINUTE);
      gint64 reviewed = next_office_time (d, submitted + rnd (d, 1 * HOUR, 10 * HOUR));
      gint64 aht = rnd (d, 250, 320);
      JsonObject *row = json_object_new ();
      g_autofree char *date = day_string (d, day);
      g_autofree char *id = g_strdup_printf ("duty-%s-%s", date, fb_shift_values[shift]);
      g_autofree char *problem_time = format_center (d, start + rnd (d, 30 * MINUTE, 11 * HOUR), "%H:%M");
      g_autofree char *s_offered = g_strdup_printf ("%" G_GINT64_FORMAT, offered);
      g_autofree char *s_answered = g_strdup_printf ("%" G_GINT64_FORMAT, answered);
      g_autofree char *s_abandoned = g_strdup_printf ("%" G_GINT64_FORMAT, offered - answered);
      g_autofree char *s_rate = g_strdup_printf ("%.1f", 100.0 * answered / offered);
      g_autofree char *s_sl = g_strdup_printf ("%.1f", night ? rndf (d, 82, 93) : rndf (d, 74, 90));
      g_autofree char *s_asa = g_strdup_printf ("%" G_GINT64_FORMAT, rnd (d, 9, 28));
      g_autofree char *s_aht_m = g_strdup_printf ("%" G_GINT64_FORMAT, aht / 60);
      g_autofree char *s_aht_s = g_strdup_printf ("%02" G_GINT64_FORMAT, aht % 60);
      g_autofree char *s_aht = fill (lookup_string (d->texts, "duty.duration"),
                                     "m", s_aht_m, "s", s_aht_s, NULL);
      const char *peak = night ? (chance (d, 0.5) ? "20:00–21:00" : "00:00–01:00")
                               : (chance (d, 0.5) ? "10:00–11:00" : "14:00–15:00");
      g_autofree char *workload = fill (lookup_string (d->texts, "duty.workload"),
                                        "offered", s_offered, "answered", s_answered,
                                        "answer_rate", s_rate, "abandoned", s_abandoned,
                                        "sl", s_sl, "asa", s_asa, "aht", s_aht, "peak", peak, NULL);
      g_autofree char *problems = chance (d, 0.65)
        ? g_strdup (pick (d, "duty.system_problems_ok"))
        : fill (pick (d, "duty.system_problems"), "time", problem_time, NULL);
      g_autofree char *n_open = g_strdup_printf ("%" G_GINT64_FORMAT, rnd (d, 1, 6));
      g_autofree char *handover = fill (pick (d, "duty.handover_notes"), "n", n_open, NULL);
      g_autofree char *equipment = equipment_status (d, end);
      g_autofree char *staffing = staffing_changes (d, day, shift);
      const char *author = !night && chance (d, 0.6) ? "u-leader" : "u-supervisor";

      set_str (row, "id", id);
      set_str (row, "date", date);
      set_str (row, "shift", fb_shift_values[shift]);
      set_str (row, "author", author);
      set_str (row, "system_problems", problems);
      set_str (row, "issue_summary", pick (d, night ? "duty.issue_summary.night" : "duty.issue_summary.day"));
      json_object_set_int_member (row, "consultations", consultations);
      json_object_set_int_member (row, "inquiries", inquiries);
      json_object_set_int_member (row, "complaints", complaints);
      set_str (row, "workload", workload);
      set_str (row, "equipment_status", equipment);
      set_str (row, "difficult_cases", pick (d, "duty.difficult_cases"));
      set_str (row, "staffing_changes", staffing);
      set_str (row, "handover_notes", handover);
      fb_sim_set_timestamp (row, "submitted_at", submitted);
      /* The newest reports still wait for the director's or manager's eye. */
      if (k > 2 && reviewed < d->now)
        {
          set_str (row, "status", "reviewed");
          set_str (row, "reviewed_by", chance (d, 0.7) ? "u-manager" : "u-director");
          fb_sim_set_timestamp (row, "reviewed_at", reviewed);
        }
      else
        set_str (row, "status", "submitted");
      if (!put_row (d, &fb_duty_report_spec, row, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
put_leaves (Demo    *d,
            GError **error)
{
  return put_sorted (d, &fb_leave_request_spec, d->leaves, "leave-", 4, error);
}

gboolean
fb_demo_seed (FbServerStore  *store,
              gint64          now,
              GError        **error)
{
  return fb_demo_seed_for_clock (store, NULL, now, error);
}

gboolean
fb_demo_seed_for_clock (FbServerStore  *store,
                        FbCenterClock  *clock,
                        gint64          now,
                        GError        **error)
{
  g_auto(Demo) d = { 0 };
  g_autofree char *password_hash = NULL;
  gboolean ok;

  g_return_val_if_fail (FB_IS_SERVER_STORE (store), FALSE);
  g_return_val_if_fail (clock == NULL || FB_IS_CENTER_CLOCK (clock), FALSE);
  g_return_val_if_fail (now > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  d.store = store;
  d.now = now;
  d.rand = g_rand_new_with_seed (DEMO_SEED);
  d.clock = clock != NULL ? g_object_ref (clock) : fb_center_clock_new ();
  d.zone = fb_center_clock_get_time_zone (d.clock);
  d.queue_ids = g_ptr_array_new_with_free_func (g_free);
  d.queue_zone = g_array_new (FALSE, FALSE, sizeof (guint));
  d.teams = g_ptr_array_new_with_free_func (demo_team_free);
  d.agents = g_ptr_array_new_with_free_func (demo_agent_free);
  d.seats = g_ptr_array_new_with_free_func (demo_seat_free);
  d.leaves = g_ptr_array_new_with_free_func (demo_pending_free);
  d.swaps = g_ptr_array_new_with_free_func (demo_pending_free);
  d.duty = g_array_new (FALSE, FALSE, sizeof (guint));
  d.used_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!(d.center_root = fb_sim_load_demo_json ("center.json", error)) ||
      !(d.names_root = fb_sim_load_demo_json ("names.json", error)) ||
      !(d.texts_root = fb_sim_load_demo_json ("texts.json", error)))
    return FALSE;
  d.center = json_node_get_object (d.center_root);
  d.names = json_node_get_object (d.names_root);
  d.texts = json_node_get_object (d.texts_root);
  if (!check_data (&d, error))
    return FALSE;

  /* Demo mode only: one argon2id hash (~0.1 s) shared by every account
   * instead of 105 of them. Real accounts each get their own. */
  password_hash = fb_auth_hash_password ("demo", error);
  if (password_hash == NULL)
    return FALSE;

  d.shift = shift_at (&d, now, &d.shift_day, &d.shift_start);
  for (guint i = 0; i < center_len (&d, "staff"); i++)
    g_hash_table_add (d.used_names, g_strdup (str_member (center_item (&d, "staff", i), "name")));

  build_queues_and_teams (&d);
  build_agents (&d);
  build_seats (&d);
  build_holiday_duty (&d);
  build_leaves (&d);
  set_agent_states (&d);
  seat_agents (&d);
  build_pending_leaves (&d);
  build_swaps (&d);
  build_pending_swaps (&d);

  if (!fb_server_store_begin (store, error))
    return FALSE;
  ok = put_teams (&d, error) &&
       put_users (&d, password_hash, error) &&
       put_queues (&d, error) &&
       put_agents (&d, error) &&
       put_seats (&d, error) &&
       put_seat_assignments (&d, error) &&
       put_escalations (&d, error) &&
       put_qa_evaluations (&d, error) &&
       put_leaves (&d, error) &&
       put_swaps (&d, error) &&
       put_duty_reports (&d, error) &&
       put_holiday_duty (&d, error) &&
       fb_server_store_commit (store, error);
  if (!ok)
    fb_server_store_rollback (store);
  return ok;
}
