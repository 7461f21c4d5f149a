/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-demo.c: the demo center seeded by `floorboard-server --demo`. */
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "fb-auth.h"
#include "fb-demo.h"
#include "fb-entity.h"
#include "fb-request-rules.h"
#include "fb-sqlite-server-store.h"
#include "fb-store.h"

/* Sunday 2026-11-22 14:30 KST: the day shift is on. */
#define NOW_DAY ((gint64) 1795325400)
#define HOUR    ((gint64) 3600)
#define DAY     ((gint64) 86400)
#define QUARTER ((gint64) 900)
#define KST     (9 * HOUR)
/* Days of interval history before today. */
#define HISTORY_DAYS 8

typedef struct
{
  char          *dir;
  FbServerStore *store;
  gint64         now;
  GPtrArray     *changes;   /* FbChange, version order */
  GHashTable    *rows;      /* type -> GPtrArray of decoded entities */
  GHashTable    *by_id;     /* "type/id" -> decoded entity */
} Seeded;

static void
entities_free (gpointer data)
{
  GPtrArray *entities = data;
  const FbEntitySpec *spec = g_ptr_array_steal_index (entities, 0);

  for (guint i = 0; i < entities->len; i++)
    fb_entity_free (spec, g_ptr_array_index (entities, i));
  g_ptr_array_unref (entities);
}

static void
seeded_free (Seeded *seeded)
{
  if (seeded == NULL)
    return;
  g_clear_object (&seeded->store);
  g_clear_pointer (&seeded->changes, g_ptr_array_unref);
  g_clear_pointer (&seeded->by_id, g_hash_table_unref);
  g_clear_pointer (&seeded->rows, g_hash_table_unref);
  if (seeded->dir != NULL)
    {
      g_autoptr(GDir) dir = g_dir_open (seeded->dir, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (seeded->dir, name, NULL);
          g_unlink (path);
        }
      g_rmdir (seeded->dir);
      g_free (seeded->dir);
    }
  g_free (seeded);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Seeded, seeded_free)

/* A fresh SQLite store seeded at @now, every row read back and decoded. */
static Seeded *
seed_at (gint64 now)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  Seeded *seeded = g_new0 (Seeded, 1);
  gboolean more = FALSE;

  seeded->now = now;
  seeded->dir = g_dir_make_tmp ("fb-demo-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (seeded->dir, "server.db", NULL);
  seeded->store = fb_sqlite_server_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_true (fb_server_store_is_empty (seeded->store));

  g_assert_true (fb_demo_seed (seeded->store, now, &error));
  g_assert_no_error (error);
  g_assert_false (fb_server_store_is_empty (seeded->store));

  seeded->changes = fb_server_store_changes_since (seeded->store, 0, 100000, &more, &error);
  g_assert_no_error (error);
  g_assert_nonnull (seeded->changes);
  g_assert_false (more);

  seeded->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, entities_free);
  seeded->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < seeded->changes->len; i++)
    {
      FbChange *change = g_ptr_array_index (seeded->changes, i);
      const FbEntitySpec *spec = fb_entity_spec_lookup (change->type);
      GPtrArray *entities;
      gpointer entity;

      g_assert_nonnull (spec);
      g_assert_false (change->deleted);
      entity = fb_entity_decode_string (spec, change->data, -1, &error);
      if (error != NULL)
        g_test_message ("%s %s: %s", change->type, change->id, change->data);
      g_assert_no_error (error);
      g_assert_nonnull (entity);
      /* The row's id is its key. */
      g_assert_cmpstr (*(char **) entity, ==, change->id);

      entities = g_hash_table_lookup (seeded->rows, change->type);
      if (entities == NULL)
        {
          entities = g_ptr_array_new ();
          /* Slot 0 remembers the spec for entities_free. */
          g_ptr_array_add (entities, (gpointer) spec);
          g_hash_table_insert (seeded->rows, g_strdup (change->type), entities);
        }
      g_ptr_array_add (entities, entity);
      /* Thousands of intervals: look rows up by key, not by scanning. */
      g_hash_table_insert (seeded->by_id, g_strdup_printf ("%s/%s", change->type, change->id), entity);
    }
  return seeded;
}

/* The decoded rows of @type (index 0 is the spec: start at 1). */
static GPtrArray *
rows_of (Seeded     *seeded,
         const char *type)
{
  GPtrArray *entities = g_hash_table_lookup (seeded->rows, type);

  g_assert_nonnull (entities);
  return entities;
}

#define N_ROWS(seeded, type) (rows_of ((seeded), (type))->len - 1)
#define ROW(seeded, type, i) g_ptr_array_index (rows_of ((seeded), (type)), (i) + 1)

static gpointer
find_row (Seeded     *seeded,
          const char *type,
          const char *id)
{
  g_autofree char *key = g_strdup_printf ("%s/%s", type, id != NULL ? id : "");

  return g_hash_table_lookup (seeded->by_id, key);
}

static Seeded *shared;

static Seeded *
get_shared (void)
{
  if (shared == NULL)
    shared = seed_at (NOW_DAY);
  return shared;
}

static void
test_counts (void)
{
  Seeded *s = get_shared ();
  g_autoptr(GHashTable) zones = g_hash_table_new (g_str_hash, g_str_equal);
  guint day_teams = 0, night_teams = 0, roles[FB_ROLE_DIRECTOR + 1] = { 0 };

  for (guint i = 0; i < N_ROWS (s, "seat"); i++)
    g_hash_table_add (zones, ((FbSeat *) ROW (s, "seat", i))->zone);
  g_assert_cmpuint (N_ROWS (s, "seat"), >=, 110);
  g_assert_cmpuint (N_ROWS (s, "seat"), <=, 130);
  g_assert_cmpuint (g_hash_table_size (zones), ==, 3);

  g_assert_cmpuint (N_ROWS (s, "queue"), ==, 6);
  g_assert_cmpuint (N_ROWS (s, "agent"), ==, 100);

  g_assert_cmpuint (N_ROWS (s, "team"), ==, 4);
  for (guint i = 0; i < N_ROWS (s, "team"); i++)
    {
      FbTeam *team = ROW (s, "team", i);
      FbAgent *leader = find_row (s, "agent", team->leader_id);
      guint members = 0;

      if (team->shift == FB_SHIFT_DAY)
        day_teams++;
      else
        night_teams++;
      /* The 반장 is a senior of the team. */
      g_assert_nonnull (leader);
      g_assert_cmpstr (leader->team_id, ==, team->id);
      g_assert_cmpint (leader->grade, ==, FB_GRADE_SENIOR);
      for (guint k = 0; k < N_ROWS (s, "agent"); k++)
        if (g_strcmp0 (((FbAgent *) ROW (s, "agent", k))->team_id, team->id) == 0)
          members++;
      g_assert_cmpuint (members, ==, 25);
    }
  g_assert_cmpuint (day_teams, ==, 2);
  g_assert_cmpuint (night_teams, ==, 2);

  g_assert_cmpuint (N_ROWS (s, "user"), ==, 108);
  for (guint i = 0; i < N_ROWS (s, "user"); i++)
    {
      FbUser *user = ROW (s, "user", i);

      roles[user->role]++;
      if (user->role == FB_ROLE_AGENT)
        g_assert_nonnull (find_row (s, "agent", user->agent_id));
    }
  for (guint r = 0; r <= FB_ROLE_DIRECTOR; r++)
    g_assert_cmpuint (roles[r], >, 0);
  g_assert_cmpuint (roles[FB_ROLE_AGENT], ==, 100);
  g_assert_nonnull (find_row (s, "user", "u-leader"));
  g_assert_cmpstr (((FbUser *) find_row (s, "user", "u-leader"))->team_id, ==, "team-day-1");
  /* Every team has its 반장 as a user of its own. */
  g_assert_cmpuint (roles[FB_ROLE_SHIFT_LEADER], ==, N_ROWS (s, "team"));
  for (guint t = 0; t < N_ROWS (s, "team"); t++)
    {
      FbTeam *team = ROW (s, "team", t);
      guint leaders = 0;

      for (guint i = 0; i < N_ROWS (s, "user"); i++)
        {
          FbUser *user = ROW (s, "user", i);

          if (user->role == FB_ROLE_SHIFT_LEADER && g_strcmp0 (user->team_id, team->id) == 0)
            {
              FbAgent *agent = find_row (s, "agent", team->leader_id);

              /* The team's 반장, by name. */
              g_assert_nonnull (agent);
              g_assert_cmpstr (user->name, ==, agent->name);
              leaders++;
            }
        }
      g_assert_cmpuint (leaders, ==, 1);
    }

  g_assert_cmpuint (N_ROWS (s, "escalation"), >=, 25);
  g_assert_cmpuint (N_ROWS (s, "leave_request"), >=, 35);
  g_assert_cmpuint (N_ROWS (s, "swap_request"), >=, 12);
  g_assert_cmpuint (N_ROWS (s, "duty_report"), ==, 28);
  g_assert_cmpuint (N_ROWS (s, "holiday_duty"), ==, 6);
}

/* Stored rows are already in the codec's canonical form. */
static void
test_canonical (void)
{
  Seeded *s = get_shared ();

  for (guint i = 0; i < s->changes->len; i++)
    {
      FbChange *change = g_ptr_array_index (s->changes, i);
      g_autoptr(JsonNode) node = json_from_string (change->data, NULL);
      g_autoptr(JsonNode) normal = fb_entity_normalize (fb_entity_spec_lookup (change->type), node, NULL);
      g_autofree char *text = json_to_string (normal, FALSE);

      g_assert_cmpstr (text, ==, change->data);
    }
}

/* Nothing has happened after now; only deadlines lie ahead. */
static void
check_times_before_now (Seeded *s)
{
  for (guint i = 0; i < s->changes->len; i++)
    {
      FbChange *change = g_ptr_array_index (s->changes, i);
      const FbEntitySpec *spec = fb_entity_spec_lookup (change->type);
      gpointer row = find_row (s, change->type, change->id);

      for (guint f = 0; f < spec->n_fields; f++)
        {
          const FbFieldSpec *field = &spec->fields[f];
          gint64 t;

          if (field->kind != FB_FIELD_TIMESTAMP || g_str_has_suffix (field->name, "_due"))
            continue;
          t = *(gint64 *) ((guint8 *) row + field->offset);
          if (t > s->now)
            g_test_message ("%s %s: %s is in the future", change->type, change->id, field->name);
          g_assert_cmpint (t, <=, s->now);
        }
    }
}

static gboolean
is_open (FbEscalationStatus status)
{
  return status != FB_ESC_RESOLVED && status != FB_ESC_CLOSED;
}

static void
check_escalations (Seeded *s)
{
  gboolean seen[FB_ESC_CLOSED + 1] = { FALSE };
  gboolean levels[FB_LEVEL_DIRECTOR + 1] = { FALSE };
  gboolean severities[FB_SEVERITY_CRITICAL + 1] = { FALSE };
  gboolean categories[FB_CATEGORY_OTHER + 1] = { FALSE };
  guint overdue = 0;

  for (guint i = 0; i < N_ROWS (s, "escalation"); i++)
    {
      FbEscalation *e = ROW (s, "escalation", i);
      guint n_attempts = e->callback_attempts ? json_array_get_length (e->callback_attempts) : 0;
      JsonObject *last_entry;

      seen[e->status] = TRUE;
      levels[e->level] = TRUE;
      severities[e->severity] = TRUE;
      categories[e->category] = TRUE;
      g_assert_true (g_regex_match_simple ("^010-\\*\\*\\*\\*-[0-9]{4}$", e->customer_ref, 0, 0));
      g_assert_nonnull (strstr (e->customer_name, "*"));
      g_assert_cmpint (e->raised_at, >=, s->now - 5 * 24 * HOUR);
      g_assert_cmpint (e->dispatch_due, ==, e->raised_at + HOUR);
      g_assert_cmpint (e->response_due, ==, e->raised_at + 24 * HOUR);
      g_assert_cmpint (e->callback_due, ==, e->raised_at + 72 * HOUR);

      /* The history ends in the row's status. */
      g_assert_nonnull (e->history);
      g_assert_cmpuint (json_array_get_length (e->history), >, 0);
      for (int k = (int) json_array_get_length (e->history) - 1; k >= 0; k--)
        {
          last_entry = json_array_get_object_element (e->history, k);
          if (json_object_has_member (last_entry, "status"))
            {
              g_assert_cmpstr (json_object_get_string_member (last_entry, "status"), ==,
                               fb_escalation_status_values[e->status]);
              break;
            }
        }

      g_assert_true ((e->dispatched_at != 0) == (e->status >= FB_ESC_DISPATCHED));
      g_assert_true ((e->responded_at != 0) == (e->status >= FB_ESC_AWAITING_CALLBACK));
      g_assert_true ((e->closed_at != 0) == (e->status == FB_ESC_CLOSED));
      if (e->status < FB_ESC_AWAITING_CALLBACK)
        g_assert_cmpuint (n_attempts, ==, 0);
      if (e->status == FB_ESC_RESOLVED)
        {
          JsonObject *last = json_array_get_object_element (e->callback_attempts, n_attempts - 1);

          g_assert_cmpstr (json_object_get_string_member (last, "outcome"), ==, "reached");
          g_assert_cmpint (e->resolved_at, !=, 0);
        }
      if (e->status == FB_ESC_CLOSED)
        {
          /* Closed: the customer was reached, or 3+ tries failed, or the
           * number was wrong. */
          JsonObject *last;
          const char *outcome;

          g_assert_cmpuint (n_attempts, >, 0);
          last = json_array_get_object_element (e->callback_attempts, n_attempts - 1);
          outcome = json_object_get_string_member (last, "outcome");
          g_assert_true (g_strcmp0 (outcome, "reached") == 0 ||
                         g_strcmp0 (outcome, "wrong_number") == 0 ||
                         n_attempts >= 3);
        }

      if ((e->status == FB_ESC_RAISED && s->now > e->dispatch_due) ||
          (is_open (e->status) && e->status < FB_ESC_AWAITING_CALLBACK && s->now > e->response_due) ||
          (is_open (e->status) && s->now > e->callback_due))
        overdue++;
    }
  for (guint st = 0; st <= FB_ESC_CLOSED; st++)
    g_assert_true (seen[st]);
  for (guint k = 0; k <= FB_LEVEL_DIRECTOR; k++)
    g_assert_true (levels[k]);
  for (guint k = 0; k <= FB_SEVERITY_CRITICAL; k++)
    g_assert_true (severities[k]);
  for (guint k = 0; k <= FB_CATEGORY_OTHER; k++)
    g_assert_true (categories[k]);
  g_assert_cmpuint (overdue, >, 0);
}

static void
test_escalations (void)
{
  check_escalations (get_shared ());
}

static void
test_requests (void)
{
  Seeded *s = get_shared ();
  gboolean types[FB_LEAVE_BUSINESS_STUDY + 1] = { FALSE };
  guint pending_leave = 0, pending_swap = 0, decided = 0, sick = 0, certified = 0;

  for (guint i = 0; i < N_ROWS (s, "leave_request"); i++)
    {
      FbLeaveRequest *l = ROW (s, "leave_request", i);

      types[l->type] = TRUE;
      if (l->type == FB_LEAVE_SICK)
        {
          sick++;
          certified += l->certificate ? 1 : 0;
        }
      g_assert_nonnull (find_row (s, "agent", l->agent_id));
      if (l->status == FB_REQUEST_PENDING)
        {
          /* Waiting for a decision: still ahead (today is 2026-11-22). */
          pending_leave++;
          g_assert_null (l->decided_by);
          g_assert_cmpstr (l->start_date, >, "2026-11-22");
        }
      else if (l->status == FB_REQUEST_APPROVED || l->status == FB_REQUEST_REJECTED)
        {
          decided++;
          g_assert_nonnull (l->decided_by);
          g_assert_cmpint (l->decided_at, >=, l->submitted_at);
          /* More than a day, or business/study: the director decides. */
          if (l->type == FB_LEAVE_BUSINESS_STUDY || g_strcmp0 (l->start_date, l->end_date) != 0)
            g_assert_cmpstr (l->decided_by, ==, "u-director");
        }
    }
  for (guint t = 0; t <= FB_LEAVE_BUSINESS_STUDY; t++)
    g_assert_true (types[t]);
  g_assert_cmpuint (pending_leave, >, 0);
  /* Sick leave mostly comes with a medical certificate. */
  g_assert_cmpuint (certified * 2, >, sick);
  g_assert_cmpuint (decided, >, 0);

  for (guint i = 0; i < N_ROWS (s, "swap_request"); i++)
    {
      FbSwapRequest *w = ROW (s, "swap_request", i);
      FbAgent *a = find_row (s, "agent", w->agent_a);
      FbAgent *b = find_row (s, "agent", w->agent_b);

      g_assert_nonnull (a);
      g_assert_nonnull (b);
      /* A pending one may break the grade rule: check_pending_requests(). */
      if (w->status != FB_REQUEST_PENDING)
        g_assert_cmpint (a->grade, ==, b->grade);
      g_assert_cmpstr (a->team_id, !=, b->team_id);
      if (w->status == FB_REQUEST_PENDING)
        {
          pending_swap++;
          g_assert_cmpstr (w->date_a, >, "2026-11-22");
          g_assert_cmpstr (w->date_b, >, "2026-11-22");
        }
      if (w->status == FB_REQUEST_APPROVED)
        g_assert_true (w->leader_a_approved && w->leader_b_approved);
    }
  g_assert_cmpuint (pending_swap, >, 0);
}

/* ---- pending requests and holiday duty, read through the rules ---- */

/* Every row of the seeded center the rules read, decoded afresh. */
static FbRoster *
roster_of (Seeded *s)
{
  g_autoptr(GTimeZone) kst = g_time_zone_new_offset (KST);
  FbRoster *roster = fb_roster_new (kst);
  static const char * const types[] = {
    "team", "agent", "seat", "queue", "leave_request", "swap_request", "holiday_duty", "seat_assignment",
  };

  for (guint i = 0; i < s->changes->len; i++)
    {
      FbChange *change = g_ptr_array_index (s->changes, i);
      const FbEntitySpec *spec = fb_entity_spec_lookup (change->type);

      if (g_strv_contains (types, change->type))
        fb_roster_take (roster, spec, fb_entity_decode_string (spec, change->data, -1, NULL));
    }
  return roster;
}

/* The distinct codes of the checks that refuse, sorted, joined by ",". */
static char *
blocking (GPtrArray *checks)
{
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();

  for (guint i = 0; i < checks->len; i++)
    {
      const FbCheck *check = g_ptr_array_index (checks, i);

      if (check->kind != FB_CHECK_FLAG && !g_ptr_array_find_with_equal_func (codes, check->code, g_str_equal, NULL))
        g_ptr_array_add (codes, (gpointer) check->code);
    }
  g_ptr_array_sort (codes, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (codes, NULL);
  return g_strjoinv (",", (char **) codes->pdata);
}

static gboolean
has_flag (GPtrArray  *checks,
          const char *code)
{
  for (guint i = 0; i < checks->len; i++)
    {
      const FbCheck *check = g_ptr_array_index (checks, i);

      if (check->kind == FB_CHECK_FLAG && g_str_equal (check->code, code))
        return TRUE;
    }
  return FALSE;
}

static char *
kst_date (gint64 t)
{
  g_autoptr(GTimeZone) kst = g_time_zone_new_offset (KST);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, kst);

  return g_date_time_format (local, "%Y-%m-%d");
}

/* Approved swaps of @agent_id other than @self whose days fall in @month ("YYYY-MM"). */
static guint
approved_swaps_in_month (Seeded              *s,
                         const FbSwapRequest *self,
                         const char          *agent_id,
                         const char          *month)
{
  guint n = 0;

  for (guint i = 0; i < N_ROWS (s, "swap_request"); i++)
    {
      FbSwapRequest *w = ROW (s, "swap_request", i);

      if (w == self || w->status != FB_REQUEST_APPROVED ||
          (g_strcmp0 (w->agent_a, agent_id) != 0 && g_strcmp0 (w->agent_b, agent_id) != 0))
        continue;
      if (g_str_has_prefix (w->date_a, month) || g_str_has_prefix (w->date_b, month))
        n++;
    }
  return n;
}

/* The pending requests are a manager's usual morning: most go through in
 * one click, a few break one rule each, and the rules name it. */
static void
check_pending_requests (Seeded *s)
{
  g_autoptr(FbRoster) roster = roster_of (s);
  g_autofree char *today = kst_date (s->now);
  guint pass = 0, pass_manager = 0, director_only = 0, no_certificate = 0, late = 0, holiday = 0;
  guint swap_pass = 0, limit = 0, grade = 0, swap_holiday = 0, one_leader = 0;

  for (guint i = 0; i < N_ROWS (s, "leave_request"); i++)
    {
      FbLeaveRequest *l = ROW (s, "leave_request", i);
      g_autoptr(GPtrArray) director = NULL;
      g_autoptr(GPtrArray) manager = NULL;
      g_autofree char *by_director = NULL;
      g_autofree char *by_manager = NULL;

      if (l->status != FB_REQUEST_PENDING)
        continue;
      g_assert_cmpstr (l->start_date, >=, today);
      director = fb_leave_decision_checks (roster, l, FB_DECISION_APPROVE, FB_ROLE_DIRECTOR, NULL, NULL);
      manager = fb_leave_decision_checks (roster, l, FB_DECISION_APPROVE, FB_ROLE_MANAGER, NULL, NULL);
      by_director = blocking (director);
      by_manager = blocking (manager);
      g_test_message ("%s %s %s..%s: director [%s], manager [%s]", l->id, fb_leave_type_values[l->type],
                      l->start_date, l->end_date, by_director, by_manager);

      if (g_str_equal (by_director, ""))
        {
          /* Passes every rule: the department head may click it too,
           * unless the seeds give it to the director alone. */
          pass++;
          if (fb_leave_days (l) > 1 || l->type == FB_LEAVE_BUSINESS_STUDY)
            {
              g_assert_cmpstr (by_manager, ==, "director_only");
              director_only++;
            }
          else
            {
              g_assert_cmpstr (by_manager, ==, "");
              pass_manager++;
            }
          continue;
        }

      /* Breaks exactly one rule, for either of them. */
      g_assert_null (strchr (by_director, ','));
      g_assert_cmpstr (by_manager, ==, by_director);
      if (g_str_equal (by_director, "certificate_required"))
        {
          g_assert_cmpint (l->type, ==, FB_LEAVE_SICK);
          g_assert_false (l->certificate);
          no_certificate++;
        }
      else if (g_str_equal (by_director, "reason_required"))
        {
          g_autoptr(GPtrArray) with_reason = NULL;
          g_autofree char *codes = NULL;

          /* Late: flagged, and approved with a word of why. */
          g_assert_true (has_flag (director, "late_notice"));
          g_assert_false (fb_leave_notice_given (roster, l));
          with_reason = fb_leave_decision_checks (roster, l, FB_DECISION_APPROVE, FB_ROLE_DIRECTOR, NULL,
                                                  "팀 인원 충분, 예외 승인");
          codes = blocking (with_reason);
          g_assert_cmpstr (codes, ==, "");
          late++;
        }
      else if (g_str_equal (by_director, "holiday_duty"))
        {
          g_assert_true (fb_roster_on_holiday_duty (roster, l->agent_id, l->start_date));
          holiday++;
        }
      else
        g_assert_not_reached ();
    }

  for (guint i = 0; i < N_ROWS (s, "swap_request"); i++)
    {
      FbSwapRequest *w = ROW (s, "swap_request", i);
      FbAgent *a = find_row (s, "agent", w->agent_a);
      FbAgent *b = find_row (s, "agent", w->agent_b);
      g_autoptr(GPtrArray) director = NULL;
      g_autoptr(GPtrArray) manager = NULL;
      g_autofree char *by_director = NULL;
      g_autofree char *by_manager = NULL;
      g_autofree char *month = NULL;

      if (w->status != FB_REQUEST_PENDING)
        continue;
      g_assert_cmpstr (w->date_a, >, today);
      g_assert_cmpstr (w->date_b, >, today);
      director = fb_swap_decision_checks (roster, w, FB_DECISION_APPROVE, FB_ROLE_DIRECTOR, NULL, NULL, NULL);
      manager = fb_swap_decision_checks (roster, w, FB_DECISION_APPROVE, FB_ROLE_MANAGER, NULL, NULL, NULL);
      by_director = blocking (director);
      by_manager = blocking (manager);
      g_test_message ("%s %s/%s %s/%s: [%s]", w->id, w->agent_a, w->agent_b, w->date_a, w->date_b, by_director);
      g_assert_cmpstr (by_manager, ==, by_director);

      if (g_str_equal (by_director, ""))
        {
          g_assert_true (w->leader_a_approved && w->leader_b_approved);
          g_assert_cmpint (a->grade, ==, b->grade);
          swap_pass++;
          continue;
        }
      g_assert_null (strchr (by_director, ','));
      month = g_strndup (w->date_a, 7);
      if (g_str_equal (by_director, "swap_limit"))
        {
          g_assert_true (approved_swaps_in_month (s, w, w->agent_a, month) >= 2 ||
                         approved_swaps_in_month (s, w, w->agent_b, month) >= 2);
          limit++;
        }
      else if (g_str_equal (by_director, "grade_mismatch"))
        {
          g_assert_cmpint (a->grade, !=, b->grade);
          grade++;
        }
      else if (g_str_equal (by_director, "holiday_duty"))
        {
          g_assert_true (fb_roster_on_holiday_duty (roster, w->agent_a, w->date_a) ||
                         fb_roster_on_holiday_duty (roster, w->agent_a, w->date_b) ||
                         fb_roster_on_holiday_duty (roster, w->agent_b, w->date_a) ||
                         fb_roster_on_holiday_duty (roster, w->agent_b, w->date_b));
          swap_holiday++;
        }
      else if (g_str_equal (by_director, "leader_approval_missing"))
        {
          g_assert_false (w->leader_a_approved && w->leader_b_approved);
          one_leader++;
        }
      else
        g_assert_not_reached ();
    }

  /* The mix the Requests page is for. */
  g_assert_cmpuint (pass_manager, >=, 4);
  g_assert_cmpuint (director_only, >=, 1);
  g_assert_cmpuint (pass, ==, pass_manager + director_only);
  g_assert_cmpuint (no_certificate, ==, 1);
  g_assert_cmpuint (late, ==, 1);
  g_assert_cmpuint (holiday, ==, 1);
  g_assert_cmpuint (swap_pass, >=, 2);
  g_assert_cmpuint (limit, ==, 1);
  g_assert_cmpuint (grade, ==, 1);
  g_assert_cmpuint (swap_holiday, ==, 1);
  g_assert_cmpuint (one_leader, ==, 1);
}

/* A handful of each shift works the next fixed-date public holiday. */
static void
check_holiday_duty (Seeded *s)
{
  static const char * const holidays[] = {
    "01-01", "03-01", "05-05", "06-06", "08-15", "10-03", "10-09", "12-25",
  };
  g_autoptr(FbRoster) roster = roster_of (s);
  g_autoptr(GHashTable) agents = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *today = kst_date (s->now);
  g_autofree char *next = NULL;
  guint per_shift[2] = { 0, 0 };

  /* The first holiday after today, this year or the next. */
  for (int year = atoi (today); next == NULL; year++)
    for (guint k = 0; k < G_N_ELEMENTS (holidays) && next == NULL; k++)
      {
        g_autofree char *date = g_strdup_printf ("%04d-%s", year, holidays[k]);

        if (g_strcmp0 (date, today) > 0)
          next = g_steal_pointer (&date);
      }

  for (guint i = 0; i < N_ROWS (s, "holiday_duty"); i++)
    {
      FbHolidayDuty *duty = ROW (s, "holiday_duty", i);
      FbAgent *agent = find_row (s, "agent", duty->agent_id);
      FbTeam *team;

      g_assert_cmpstr (duty->date, ==, next);
      g_assert_nonnull (duty->holiday);
      g_assert_cmpstr (duty->holiday, !=, "");
      g_assert_nonnull (agent);
      g_assert_true (g_hash_table_add (agents, duty->agent_id));
      team = find_row (s, "team", agent->team_id);
      /* On duty means at work that day. */
      g_assert_true (fb_roster_is_on_shift (roster, agent->id, duty->date, team->shift));
      per_shift[team->shift]++;
    }
  g_assert_cmpuint (per_shift[FB_SHIFT_DAY], >=, 2);
  g_assert_cmpuint (per_shift[FB_SHIFT_NIGHT], >=, 2);
  g_assert_cmpuint (per_shift[FB_SHIFT_DAY] + per_shift[FB_SHIFT_NIGHT], <=, 10);
}

static void
test_pending_requests (void)
{
  check_pending_requests (get_shared ());
}

static void
test_holiday_duty (void)
{
  Seeded *s = get_shared ();

  check_holiday_duty (s);
  /* 2026-11-22: Christmas is next. */
  g_assert_cmpstr (((FbHolidayDuty *) ROW (s, "holiday_duty", 0))->date, ==, "2026-12-25");
  g_assert_cmpstr (((FbHolidayDuty *) ROW (s, "holiday_duty", 0))->holiday, ==, "성탄절");
}

static void
check_qa (Seeded *s)
{
  g_autoptr(GHashTable) months = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) per_agent_month = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GTimeZone) kst = g_time_zone_new_offset (9 * 3600);
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (s->now);
  g_autoptr(GDateTime) now_kst = g_date_time_to_timezone (now, kst);
  g_autofree char *this_month = g_date_time_format (now_kst, "%Y-%m");
  GHashTableIter iter;
  gpointer value;
  guint unrated = 0;

  for (guint i = 0; i < N_ROWS (s, "qa_evaluation"); i++)
    {
      FbQaEvaluation *q = ROW (s, "qa_evaluation", i);
      g_autoptr(GDateTime) at = g_date_time_new_from_unix_utc (q->evaluated_at);
      g_autoptr(GDateTime) at_kst = g_date_time_to_timezone (at, kst);
      char *month = g_date_time_format (at_kst, "%Y-%m");
      char *key = g_strdup_printf ("%s/%s", q->agent_id, month);
      double mean = (q->score_service_language + q->score_attitude + q->score_tone +
                     q->score_need_elicitation + q->score_handling) / 5.0;
      guint count;

      g_assert_nonnull (find_row (s, "agent", q->agent_id));
      g_assert_cmpstr (q->inspector, ==, "u-inspector");
      g_assert_true (g_regex_match_simple ("^CALL-[0-9]{8}-[0-9]{4}$", q->call_ref, 0, 0));
      g_assert_cmpfloat_with_epsilon (q->total, mean, 1e-9);
      count = GPOINTER_TO_UINT (g_hash_table_lookup (per_agent_month, key));
      g_hash_table_add (months, month);
      g_hash_table_insert (per_agent_month, key, GUINT_TO_POINTER (count + 1));
    }
  g_assert_cmpuint (g_hash_table_size (months), ==, 3);
  g_assert_true (g_hash_table_contains (months, this_month));

  g_hash_table_iter_init (&iter, per_agent_month);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_assert_cmpuint (GPOINTER_TO_UINT (value), <=, 6);

  /* Some agents are not monitored yet this month (to be flagged). */
  for (guint i = 0; i < N_ROWS (s, "agent"); i++)
    {
      g_autofree char *key = g_strdup_printf ("%s/%s", ((FbAgent *) ROW (s, "agent", i))->id, this_month);

      if (!g_hash_table_contains (per_agent_month, key))
        unrated++;
    }
  g_assert_cmpuint (unrated, >, 0);
  g_assert_cmpuint (unrated, <, 10);
}

static void
test_qa (void)
{
  check_qa (get_shared ());
}

static void
check_floor (Seeded *s,
             FbShift expected_shift)
{
  guint seated = 0, faulty = 0;

  /* seat.agent_id and agent.seat_id agree both ways. */
  for (guint i = 0; i < N_ROWS (s, "seat"); i++)
    {
      FbSeat *seat = ROW (s, "seat", i);

      if (seat->equipment == FB_EQUIPMENT_FAULTY)
        {
          faulty++;
          g_assert_null (seat->agent_id);
        }
      if (seat->agent_id != NULL)
        {
          FbAgent *agent = find_row (s, "agent", seat->agent_id);

          g_assert_nonnull (agent);
          g_assert_cmpstr (agent->seat_id, ==, seat->id);
        }
    }
  g_assert_cmpuint (faulty, >=, 3);
  g_assert_cmpuint (faulty, <=, 5);

  for (guint i = 0; i < N_ROWS (s, "agent"); i++)
    {
      FbAgent *agent = ROW (s, "agent", i);
      FbTeam *team = find_row (s, "team", agent->team_id);

      g_assert_nonnull (team);
      g_assert_nonnull (agent->queue_id);
      g_assert_nonnull (find_row (s, "queue", agent->queue_id));
      g_assert_nonnull (agent->skills);
      g_assert_cmpstr (agent->skills[0], ==, agent->queue_id);
      g_assert_true (g_regex_match_simple ("^CS-[0-9]{4}-[0-9]{3}$", agent->employee_no, 0, 0));
      if (agent->seat_id != NULL)
        {
          FbSeat *seat = find_row (s, "seat", agent->seat_id);

          g_assert_nonnull (seat);
          g_assert_cmpstr (seat->agent_id, ==, agent->id);
          g_assert_cmpint (agent->state, !=, FB_AGENT_OFFLINE);
          seated++;
        }
      else
        g_assert_cmpint (agent->state, ==, FB_AGENT_OFFLINE);
      /* Off-shift teams are offline; the shift's teams are at work unless
       * on leave. */
      if (team->shift != expected_shift)
        g_assert_cmpint (agent->state, ==, FB_AGENT_OFFLINE);
      g_assert_cmpint (agent->state_since, <=, s->now);
      /* Those on leave have been away a few days at most. */
      g_assert_cmpint (agent->state_since, >=, s->now - (agent->seat_id ? 13 : 5 * 24) * HOUR);
    }
  g_assert_cmpuint (seated, >=, 40);

  /* One seat assignment per seated agent, for the running shift. */
  g_assert_cmpuint (N_ROWS (s, "seat_assignment"), ==, seated);
  for (guint i = 0; i < N_ROWS (s, "seat_assignment"); i++)
    {
      FbSeatAssignment *sa = ROW (s, "seat_assignment", i);
      FbAgent *agent = find_row (s, "agent", sa->agent_id);

      g_assert_nonnull (agent);
      g_assert_cmpstr (agent->seat_id, ==, sa->seat_id);
      g_assert_cmpint (sa->shift, ==, expected_shift);
    }

  /* Queue staffing figures agree with the agents. */
  for (guint q = 0; q < N_ROWS (s, "queue"); q++)
    {
      FbQueue *queue = ROW (s, "queue", q);
      gint64 available = 0, busy = 0;

      for (guint i = 0; i < N_ROWS (s, "agent"); i++)
        {
          FbAgent *agent = ROW (s, "agent", i);

          if (g_strcmp0 (agent->queue_id, queue->id) != 0)
            continue;
          if (agent->state == FB_AGENT_AVAILABLE)
            available++;
          else if (agent->state == FB_AGENT_ON_CALL || agent->state == FB_AGENT_AFTER_CALL_WORK)
            busy++;
        }
      g_assert_cmpint (queue->agents_available, ==, available);
      g_assert_cmpint (queue->agents_busy, ==, busy);
      g_assert_cmpint (queue->answered + queue->abandoned, <=, queue->offered);
      /* Today's real figures: a handful of calls after midnight can make
       * any level, a day's worth keeps in the usual range. */
      g_assert_cmpfloat (queue->service_level, >=, 0);
      g_assert_cmpfloat (queue->service_level, <=, 1);
      if (queue->answered >= 50)
        {
          g_assert_cmpfloat (queue->service_level, >=, 0.6);
          g_assert_cmpfloat (queue->service_level, <=, 0.95);
        }
      g_assert_cmpint (queue->updated_at, ==, s->now);
    }
}

static void
test_floor (void)
{
  check_floor (get_shared (), FB_SHIFT_DAY);
}

static void
test_times (void)
{
  check_times_before_now (get_shared ());
}

static void
test_duty_reports (void)
{
  Seeded *s = get_shared ();
  guint day = 0, night = 0, reviewed = 0;

  for (guint i = 0; i < N_ROWS (s, "duty_report"); i++)
    {
      FbDutyReport *r = ROW (s, "duty_report", i);
      g_autofree char *id = g_strdup_printf ("duty-%s-%s", r->date, fb_shift_values[r->shift]);

      g_assert_cmpstr (r->id, ==, id);
      g_assert_cmpint (r->status, !=, FB_REPORT_DRAFT);
      g_assert_true (g_strcmp0 (r->author, "u-leader") == 0 || g_strcmp0 (r->author, "u-supervisor") == 0);
      g_assert_nonnull (r->issue_summary);
      g_assert_nonnull (r->handover_notes);
      g_assert_cmpint (r->consultations, >, 0);
      if (r->status == FB_REPORT_REVIEWED)
        {
          reviewed++;
          g_assert_true (g_strcmp0 (r->reviewed_by, "u-manager") == 0 ||
                         g_strcmp0 (r->reviewed_by, "u-director") == 0);
        }
      if (r->shift == FB_SHIFT_DAY)
        day++;
      else
        night++;
    }
  g_assert_cmpuint (day, ==, 14);
  g_assert_cmpuint (night, ==, 14);
  g_assert_cmpuint (reviewed, >, 0);
  g_assert_cmpuint (reviewed, <, 28);
}

static void
test_credentials (void)
{
  Seeded *s = get_shared ();
  g_autoptr(GError) error = NULL;
  /* Every login the README and floorboard-server(1) list, password "demo":
   * one per role, and a shift leader for each of the four teams. */
  const char *names[] = { "supervisor", "leader", "inspector", "manager", "director", "agent042",
                          "leader-day-2", "leader-night-1", "leader-night-2" };
  const char *ids[] = { "u-supervisor", "u-leader", "u-inspector", "u-manager", "u-director", "u-agent042",
                        "u-leader-day-2", "u-leader-night-1", "u-leader-night-2" };
  const FbRole roles[] = { FB_ROLE_SUPERVISOR, FB_ROLE_SHIFT_LEADER, FB_ROLE_QA_INSPECTOR,
                           FB_ROLE_MANAGER, FB_ROLE_DIRECTOR, FB_ROLE_AGENT,
                           FB_ROLE_SHIFT_LEADER, FB_ROLE_SHIFT_LEADER, FB_ROLE_SHIFT_LEADER };
  const char *teams[] = { NULL, "team-day-1", NULL, NULL, NULL, NULL,
                          "team-day-2", "team-night-1", "team-night-2" };
  g_autofree char *missing_id = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *user_id = NULL;
      g_autofree char *hash = NULL;

      g_assert_true (fb_server_store_get_credentials (s->store, names[i], &user_id, &hash, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (user_id, ==, ids[i]);
      g_assert_cmpint (((FbUser *) find_row (s, "user", user_id))->role, ==, roles[i]);
      if (teams[i] != NULL && roles[i] == FB_ROLE_SHIFT_LEADER)
        g_assert_cmpstr (((FbUser *) find_row (s, "user", user_id))->team_id, ==, teams[i]);
      g_assert_true (fb_auth_verify_password (hash, "demo"));
      g_assert_false (fb_auth_verify_password (hash, "wrong"));
    }
  g_assert_false (fb_server_store_get_credentials (s->store, "nobody", &missing_id, NULL, &error));
  g_assert_no_error (error);

  /* And the documents list every one of them, so each can be tried. */
  {
    g_autofree char *readme_path = g_build_filename (g_getenv ("FB_SOURCE_ROOT"), "README.md", NULL);
    g_autofree char *man_path = g_build_filename (g_getenv ("FB_SOURCE_ROOT"), "data", "floorboard-server.1", NULL);
    g_autofree char *readme = NULL;
    g_autofree char *man = NULL;

    g_assert_true (g_file_get_contents (readme_path, &readme, NULL, NULL));
    g_assert_true (g_file_get_contents (man_path, &man, NULL, NULL));
    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *quoted = g_strdup_printf ("`%s`", names[i]);
        g_auto(GStrv) parts = g_strsplit (names[i], "-", -1);
        g_autofree char *roff = g_strjoinv ("\\-", parts);

        if (g_str_has_prefix (names[i], "agent"))
          continue;  /* listed as a range */
        g_test_message ("%s", names[i]);
        g_assert_nonnull (strstr (readme, quoted));
        g_assert_nonnull (strstr (man, roff));
      }
  }
}

/* The same now gives the same rows, version for version. */
static void
test_deterministic (void)
{
  Seeded *a = get_shared ();
  g_autoptr(Seeded) b = seed_at (NOW_DAY);

  g_assert_cmpuint (a->changes->len, ==, b->changes->len);
  for (guint i = 0; i < a->changes->len; i++)
    {
      FbChange *ca = g_ptr_array_index (a->changes, i);
      FbChange *cb = g_ptr_array_index (b->changes, i);

      g_assert_cmpstr (ca->type, ==, cb->type);
      g_assert_cmpstr (ca->id, ==, cb->id);
      g_assert_cmpint (ca->version, ==, cb->version);
      g_assert_cmpstr (ca->data, ==, cb->data);
    }
}

/* KST midnight starting the day of @t. */
static gint64
kst_midnight (gint64 t)
{
  return (t + KST) / DAY * DAY - KST;
}

typedef struct
{
  gint64 offered;
  gint64 answered;
  gint64 abandoned;
  gint64 answered_in_sl;
  double handle_time_s;
  double wait_time_s;
} Sums;

static void
sums_add (Sums                  *sums,
          const FbQueueInterval *iv)
{
  sums->offered += iv->offered;
  sums->answered += iv->answered;
  sums->abandoned += iv->abandoned;
  sums->answered_in_sl += iv->answered_in_sl;
  sums->handle_time_s += iv->handle_time_s;
  sums->wait_time_s += iv->wait_time_s;
}

/* 15-minute history from 00:00 eight days back to the running quarter,
 * and queue rows that are the sums of today's intervals. */
static void
check_intervals (Seeded *s)
{
  gint64 today = kst_midnight (s->now);
  gint64 first = today - HISTORY_DAYS * DAY;
  guint n_today = (guint) ((s->now - today) / QUARTER) + 1;
  guint n_queues = N_ROWS (s, "queue");
  g_autoptr(GHashTable) today_sums = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  gint64 day_offered[HISTORY_DAYS + 1] = { 0 };
  gint64 so_far = 0, week_ago_so_far = 0;

  g_assert_cmpuint (N_ROWS (s, "queue_interval"), ==, n_queues * (HISTORY_DAYS * 96 + n_today));
  for (guint q = 0; q < n_queues; q++)
    g_hash_table_insert (today_sums, ((FbQueue *) ROW (s, "queue", q))->id, g_new0 (Sums, 1));

  for (guint i = 0; i < N_ROWS (s, "queue_interval"); i++)
    {
      FbQueueInterval *iv = ROW (s, "queue_interval", i);
      g_autofree char *iso = fb_timestamp_to_iso (iv->start);
      g_autofree char *id = g_strdup_printf ("%s@%s", iv->queue_id, iso);
      gint64 day = (iv->start - first) / DAY;

      g_assert_cmpstr (iv->id, ==, id);
      g_assert_true (g_str_has_suffix (iso, "Z"));
      g_assert_nonnull (find_row (s, "queue", iv->queue_id));
      g_assert_cmpint (iv->start % QUARTER, ==, 0);
      g_assert_cmpint (iv->start, >=, first);
      g_assert_cmpint (iv->start, <=, s->now);
      g_assert_cmpint (iv->answered + iv->abandoned, <=, iv->offered);
      g_assert_cmpint (iv->answered_in_sl, <=, iv->answered);
      g_assert_cmpfloat (iv->handle_time_s, >=, 0);
      g_assert_cmpfloat (iv->wait_time_s, >=, 0);
      if (iv->answered > 0)
        {
          g_assert_cmpfloat (iv->handle_time_s / iv->answered, >, 60);
          g_assert_cmpfloat (iv->handle_time_s / iv->answered, <, 1200);
          g_assert_cmpfloat (iv->wait_time_s / iv->answered, <, 120);
        }
      else
        g_assert_cmpfloat (iv->handle_time_s + iv->wait_time_s, ==, 0);

      day_offered[day] += iv->offered;
      if (iv->start >= today)
        sums_add (g_hash_table_lookup (today_sums, iv->queue_id), iv);
      /* Up to the quarter before the running one, today and a week ago. */
      if (iv->start >= today && iv->start < today + (n_today - 1) * QUARTER)
        so_far += iv->offered;
      if (iv->start >= today - 7 * DAY && iv->start < today - 7 * DAY + (n_today - 1) * QUARTER)
        week_ago_so_far += iv->offered;
    }

  for (guint q = 0; q < n_queues; q++)
    {
      FbQueue *queue = ROW (s, "queue", q);
      Sums *sums = g_hash_table_lookup (today_sums, queue->id);
      double n = (double) MAX (sums->answered, 1);

      g_test_message ("%s today: %" G_GINT64_FORMAT " offered, %" G_GINT64_FORMAT " answered",
                      queue->id, sums->offered, sums->answered);
      g_assert_cmpint (queue->offered, ==, sums->offered);
      g_assert_cmpint (queue->answered, ==, sums->answered);
      g_assert_cmpint (queue->abandoned, ==, sums->abandoned);
      /* Kept to 0.1 %, 0.1 s; nothing answered yet shows zeros. */
      g_assert_cmpfloat_with_epsilon (queue->service_level, sums->answered_in_sl / n, 0.0005 + 1e-9);
      g_assert_cmpfloat_with_epsilon (queue->asa_s, sums->wait_time_s / n, 0.05 + 1e-9);
      g_assert_cmpfloat_with_epsilon (queue->aht_s, sums->handle_time_s / n, 0.05 + 1e-9);
    }

  /* Today so far looks like the same weekday last week. */
  if (n_today > 10 * 4)
    {
      g_test_message ("offered so far: %" G_GINT64_FORMAT " today, %" G_GINT64_FORMAT " a week ago",
                      so_far, week_ago_so_far);
      g_assert_cmpfloat ((double) so_far, >, 0.75 * week_ago_so_far);
      g_assert_cmpfloat ((double) so_far, <, 1.33 * week_ago_so_far);
    }
  /* Quieter at the weekend. */
  for (guint a = 0; a < HISTORY_DAYS; a++)
    for (guint b = 0; b < HISTORY_DAYS; b++)
      {
        /* Day 0, 1970-01-01, was a Thursday: 0 is Monday. */
        guint wa = (guint) (((first + KST) / DAY + a + 3) % 7);
        guint wb = (guint) (((first + KST) / DAY + b + 3) % 7);

        if (wa < 5 && wb >= 5)
          g_assert_cmpint (day_offered[a], >, day_offered[b]);
      }
}

static void
test_intervals (void)
{
  check_intervals (get_shared ());
}

/* A past quarter looks the same whenever the center is seeded. */
static void
test_intervals_stable (void)
{
  Seeded *a = get_shared ();
  g_autoptr(Seeded) b = seed_at (NOW_DAY + 7 * HOUR);
  guint compared = 0;

  g_autoptr(GHashTable) later = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint k = 0; k < b->changes->len; k++)
    {
      FbChange *c = g_ptr_array_index (b->changes, k);

      if (g_strcmp0 (c->type, "queue_interval") == 0)
        g_hash_table_insert (later, c->id, c->data);
    }
  for (guint i = 0; i < N_ROWS (a, "queue_interval"); i++)
    {
      FbQueueInterval *iv = ROW (a, "queue_interval", i);
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *data = NULL;

      /* Callers still waiting at now were offered a few minutes before,
       * and the running quarter is cut at now. */
      if (iv->start >= a->now / QUARTER * QUARTER - QUARTER)
        continue;
      node = fb_queue_interval_to_json (iv);
      data = json_to_string (node, FALSE);
      g_assert_cmpstr (data, ==, g_hash_table_lookup (later, iv->id));
      compared++;
    }
  g_assert_cmpuint (compared, >, 4000);
}

/* Other times of day and of the month give valid centers too. */
static void
test_other_times (void)
{
  static const struct { gint64 now; FbShift shift; } cases[] = {
    { NOW_DAY + 7 * HOUR, FB_SHIFT_NIGHT },          /* 21:30, night just started */
    { NOW_DAY + 13 * HOUR + 45 * 60, FB_SHIFT_NIGHT }, /* 04:15 the next day */
    { NOW_DAY - 6 * HOUR + 60, FB_SHIFT_DAY },       /* 08:31, day shift */
    { 1796050800 + 30 * 60, FB_SHIFT_NIGHT },        /* 2026-12-01 00:30, month start */
    { NOW_DAY + 9 * HOUR + 32 * 60, FB_SHIFT_NIGHT }, /* 00:02: today is one partial quarter */
    { NOW_DAY + 9 * HOUR + 30 * 60, FB_SHIFT_NIGHT }, /* 00:00:00 sharp: one empty quarter */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Seeded) s = seed_at (cases[i].now);

      g_test_message ("now = %" G_GINT64_FORMAT, cases[i].now);
      check_floor (s, cases[i].shift);
      check_times_before_now (s);
      check_escalations (s);
      check_qa (s);
      check_intervals (s);
      check_pending_requests (s);
      check_holiday_duty (s);
      g_assert_cmpuint (N_ROWS (s, "duty_report"), ==, 28);
    }
}

/* The one curve the seeded history and the simulator share. */
static void
test_profile_curve (void)
{
  double hourly[24];

  for (int h = 0; h < 24; h++)
    hourly[h] = h * 10;
  /* At an hour's midpoint: that hour's value; between: linear; across
   * midnight it wraps from hour 23 to hour 0. */
  g_assert_cmpfloat_with_epsilon (fb_demo_profile_at (hourly, 9.5), 90, 1e-9);
  g_assert_cmpfloat_with_epsilon (fb_demo_profile_at (hourly, 10.0), 95, 1e-9);
  g_assert_cmpfloat_with_epsilon (fb_demo_profile_at (hourly, 0.0), 115, 1e-9);
  g_assert_cmpfloat_with_epsilon (fb_demo_profile_at (hourly, 23.75), 172.5, 1e-9);
  /* 1970-01-01 was a Thursday, 1970-01-05 a Monday (index 0). */
  g_assert_cmpuint (fb_demo_weekday_index (0), ==, 3);
  g_assert_cmpuint (fb_demo_weekday_index (4), ==, 0);
  g_assert_cmpuint (fb_demo_weekday_index (-1), ==, 2);
}

/* A center in New York seeded in the week after each change of its
 * clocks (a day of 25 hours, then one of 23 in the history): every
 * history day's quarters start at that day's New York midnight, and the
 * last one is the running quarter, never a later one. */
static void
test_center_clock (void)
{
  /* 2026-11-03 10:05 EST and 2026-03-10 10:05 EDT. */
  static const gint64 nows[] = { 1793718300, 1773151500 };
  g_autoptr(GError) error = NULL;
  g_autoptr(FbCenterClock) clock = fb_center_clock_new_for_zone ("America/New_York", &error);

  g_assert_no_error (error);
  for (guint n = 0; n < G_N_ELEMENTS (nows); n++)
    {
      gint64 now = nows[n];
      g_autofree char *dir = g_dir_make_tmp ("fb-demo-XXXXXX", &error);
      g_autofree char *path = g_build_filename (dir, "server.db", NULL);
      g_autoptr(FbServerStore) store = fb_sqlite_server_store_new (path, &error);
      g_autoptr(GPtrArray) rows = NULL;
      g_autoptr(GHashTable) starts = g_hash_table_new (g_int64_hash, g_int64_equal);
      g_autoptr(GArray) values = g_array_sized_new (FALSE, FALSE, sizeof (gint64), 1024);
      gint64 latest = 0;

      g_assert_no_error (error);
      g_assert_true (fb_demo_seed_for_clock (store, clock, now, &error));
      g_assert_no_error (error);
      rows = fb_server_store_list (store, "queue_interval", &error);
      g_assert_no_error (error);
      for (guint i = 0; i < rows->len; i++)
        {
          FbChange *row = g_ptr_array_index (rows, i);
          g_autoptr(FbQueueInterval) iv = fb_entity_decode_string (&fb_queue_interval_spec, row->data, -1, &error);

          g_assert_no_error (error);
          if (g_strcmp0 (iv->queue_id, "q-general") != 0)
            continue;
          g_array_append_val (values, iv->start);
          latest = MAX (latest, iv->start);
        }
      for (guint i = 0; i < values->len; i++)
        g_hash_table_add (starts, &g_array_index (values, gint64, i));
      g_assert_cmpint (latest, ==, now - now % QUARTER);
      for (int day = 0; day <= HISTORY_DAYS; day++)
        {
          g_autoptr(GDateTime) local = fb_center_clock_local (clock, now);
          g_autoptr(GDateTime) then = g_date_time_add_days (local, -day);
          g_autofree char *date = g_date_time_format (then, "%Y-%m-%d");
          gint64 midnight = fb_center_clock_at (clock, date, 0, 0);

          g_assert_true (g_hash_table_contains (starts, &midnight));
        }
      g_clear_object (&store);
      g_unlink (path);
      g_rmdir (dir);
    }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo/profile-curve", test_profile_curve);
  g_test_add_func ("/demo/counts", test_counts);
  g_test_add_func ("/demo/canonical", test_canonical);
  g_test_add_func ("/demo/times", test_times);
  g_test_add_func ("/demo/floor", test_floor);
  g_test_add_func ("/demo/escalations", test_escalations);
  g_test_add_func ("/demo/requests", test_requests);
  g_test_add_func ("/demo/pending-requests", test_pending_requests);
  g_test_add_func ("/demo/holiday-duty", test_holiday_duty);
  g_test_add_func ("/demo/qa", test_qa);
  g_test_add_func ("/demo/duty-reports", test_duty_reports);
  g_test_add_func ("/demo/intervals", test_intervals);
  g_test_add_func ("/demo/intervals-stable", test_intervals_stable);
  g_test_add_func ("/demo/credentials", test_credentials);
  g_test_add_func ("/demo/deterministic", test_deterministic);
  g_test_add_func ("/demo/other-times", test_other_times);
  g_test_add_func ("/demo/center-clock", test_center_clock);

  ret = g_test_run ();
  g_clear_pointer (&shared, seeded_free);
  return ret;
}
