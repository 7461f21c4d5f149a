/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-roster.c: the roster — who works which shift on which day, built from
 * the rows the request rules read (see fb-request-rules.h for the model). */
#define G_LOG_DOMAIN "floorboard-core"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "fb-roster-private.h"

static void
owned_entity_free (gpointer data)
{
  OwnedEntity *owned = data;

  fb_entity_free (owned->spec, owned->entity);
  g_free (owned);
}

FbRoster *
fb_roster_new (GTimeZone *tz)
{
  FbRoster *self = g_new0 (FbRoster, 1);

  g_return_val_if_fail (tz != NULL, NULL);

  self->tz = g_time_zone_ref (tz);
  self->owned = g_ptr_array_new_with_free_func (owned_entity_free);
  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->agents = g_hash_table_new (g_str_hash, g_str_equal);
  self->teams = g_hash_table_new (g_str_hash, g_str_equal);
  self->seats = g_hash_table_new (g_str_hash, g_str_equal);
  self->queues = g_hash_table_new (g_str_hash, g_str_equal);
  self->agent_list = g_ptr_array_new ();
  self->team_list = g_ptr_array_new ();
  self->seat_list = g_ptr_array_new ();
  self->leaves = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->swaps = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->duty = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return self;
}

void
fb_roster_free (FbRoster *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->duty);
  g_hash_table_unref (self->swaps);
  g_hash_table_unref (self->leaves);
  g_ptr_array_unref (self->seat_list);
  g_ptr_array_unref (self->team_list);
  g_ptr_array_unref (self->agent_list);
  g_hash_table_unref (self->queues);
  g_hash_table_unref (self->seats);
  g_hash_table_unref (self->teams);
  g_hash_table_unref (self->agents);
  g_ptr_array_unref (self->rows);
  g_ptr_array_unref (self->owned);
  g_time_zone_unref (self->tz);
  g_free (self);
}

static void
index_by_agent (GHashTable *table,
                const char *agent_id,
                gpointer    entity)
{
  GPtrArray *list = g_hash_table_lookup (table, agent_id);

  if (list == NULL)
    {
      list = g_ptr_array_new ();
      g_hash_table_insert (table, (gpointer) agent_id, list);
    }
  g_ptr_array_add (list, entity);
}

/* Indexes @entity; FALSE if the roster has no use for its type. */
static gboolean
roster_index (FbRoster           *self,
              const FbEntitySpec *spec,
              gconstpointer       entity)
{
  gpointer e = (gpointer) entity;

  if (spec == &fb_agent_spec)
    {
      g_hash_table_replace (self->agents, ((FbAgent *) e)->id, e);
      g_ptr_array_add (self->agent_list, e);
    }
  else if (spec == &fb_team_spec)
    {
      g_hash_table_replace (self->teams, ((FbTeam *) e)->id, e);
      g_ptr_array_add (self->team_list, e);
    }
  else if (spec == &fb_seat_spec)
    {
      g_hash_table_replace (self->seats, ((FbSeat *) e)->id, e);
      g_ptr_array_add (self->seat_list, e);
    }
  else if (spec == &fb_queue_spec)
    g_hash_table_replace (self->queues, ((FbQueue *) e)->id, e);
  else if (spec == &fb_leave_request_spec)
    index_by_agent (self->leaves, ((FbLeaveRequest *) e)->agent_id, e);
  else if (spec == &fb_swap_request_spec)
    {
      FbSwapRequest *swap = e;

      index_by_agent (self->swaps, swap->agent_a, e);
      index_by_agent (self->swaps, swap->agent_b, e);
    }
  else if (spec == &fb_holiday_duty_spec)
    {
      FbHolidayDuty *duty = e;

      g_hash_table_replace (self->duty, g_strdup_printf ("%s|%s", duty->agent_id, duty->date), e);
    }
  else if (spec == &fb_seat_assignment_spec)
    ; /* kept for callers; the rules need none of it yet */
  else
    return FALSE;
  return TRUE;
}

void
fb_roster_take (FbRoster           *self,
                const FbEntitySpec *spec,
                gpointer            entity)
{
  OwnedEntity *owned;

  g_return_if_fail (self != NULL);
  g_return_if_fail (spec != NULL);
  g_return_if_fail (entity != NULL);

  owned = g_new0 (OwnedEntity, 1);
  owned->spec = spec;
  owned->entity = entity;
  g_ptr_array_add (self->owned, owned);
  roster_index (self, spec, entity);
}

void
fb_roster_add_row (FbRoster *self,
                   FbRow    *row)
{
  const FbEntitySpec *spec;

  g_return_if_fail (self != NULL);
  g_return_if_fail (FB_IS_ROW (row));

  spec = fb_entity_spec_lookup (fb_row_get_kind (row));
  if (spec != NULL && roster_index (self, spec, fb_row_get_entity (row)))
    g_ptr_array_add (self->rows, g_object_ref (row));
}

GTimeZone *
fb_roster_get_time_zone (FbRoster *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->tz;
}

const FbAgent *
fb_roster_lookup_agent (FbRoster   *self,
                        const char *agent_id)
{
  g_return_val_if_fail (self != NULL, NULL);
  return agent_id ? g_hash_table_lookup (self->agents, agent_id) : NULL;
}

const FbTeam *
fb_roster_lookup_team (FbRoster   *self,
                       const char *team_id)
{
  g_return_val_if_fail (self != NULL, NULL);
  return team_id ? g_hash_table_lookup (self->teams, team_id) : NULL;
}

const FbSeat *
fb_roster_lookup_seat (FbRoster   *self,
                       const char *seat_id)
{
  g_return_val_if_fail (self != NULL, NULL);
  return seat_id ? g_hash_table_lookup (self->seats, seat_id) : NULL;
}

/* Dates: "YYYY-MM-DD" (checked by the entity codec) as a day number. */
gboolean
_fb_roster_parse_day (const char *date,
           gint64     *day)
{
  int y, m, d;
  GDate g;

  if (date == NULL || sscanf (date, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
      !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;
  g_date_clear (&g, 1);
  g_date_set_dmy (&g, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  *day = g_date_get_julian (&g);
  return TRUE;
}

static char *
day_string (gint64 day)
{
  GDate g;

  g_date_clear (&g, 1);
  g_date_set_julian (&g, (guint32) day);
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&g), g_date_get_month (&g), g_date_get_day (&g));
}

static int
parse_minutes (const char *hhmm)
{
  int h, m;

  if (hhmm == NULL || sscanf (hhmm, "%2d:%2d", &h, &m) != 2)
    return -1;
  return h * 60 + m;
}

/* The instant @minutes after midnight of @day in the roster's zone. */
gint64
_fb_roster_local_time (FbRoster *self,
            gint64    day,
            int       minutes)
{
  GDate g;
  g_autoptr(GDateTime) dt = NULL;

  g_date_clear (&g, 1);
  g_date_set_julian (&g, (guint32) day);
  dt = g_date_time_new (self->tz, g_date_get_year (&g), g_date_get_month (&g), g_date_get_day (&g),
                        minutes / 60, minutes % 60, 0);
  return g_date_time_to_unix (dt);
}

gint64
_fb_roster_today (FbRoster *self,
       gint64    now)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (now);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (dt, self->tz);
  GDate g;

  g_date_clear (&g, 1);
  g_date_set_dmy (&g, (GDateDay) g_date_time_get_day_of_month (local),
                  (GDateMonth) g_date_time_get_month (local), (GDateYear) g_date_time_get_year (local));
  return g_date_get_julian (&g);
}

gboolean
_fb_roster_team_bounds (FbRoster     *self,
             const FbTeam *team,
             gint64        day,
             gint64       *start,
             gint64       *end)
{
  int s = parse_minutes (team->start), e = parse_minutes (team->end);

  if (s < 0 || e < 0)
    return FALSE;
  *start = _fb_roster_local_time (self, day, s);
  /* A night shift ends the next morning; a shift ending as it starts lasts a day. */
  *end = _fb_roster_local_time (self, e <= s ? day + 1 : day, e);
  return TRUE;
}

const FbTeam *
_fb_roster_team_of (FbRoster   *self,
         const char *agent_id)
{
  const FbAgent *agent = fb_roster_lookup_agent (self, agent_id);

  return agent ? fb_roster_lookup_team (self, agent->team_id) : NULL;
}

gboolean
fb_roster_shift_bounds (FbRoster   *self,
                        const char *date,
                        FbShift     shift,
                        gint64     *start,
                        gint64     *end)
{
  gint64 day;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (start != NULL && end != NULL, FALSE);

  if (!_fb_roster_parse_day (date, &day))
    return FALSE;
  for (guint i = 0; i < self->team_list->len; i++)
    {
      const FbTeam *team = g_ptr_array_index (self->team_list, i);

      if (team->shift == shift && _fb_roster_team_bounds (self, team, day, start, end))
        return TRUE;
    }
  return FALSE;
}

/* The agent's bounds of @shift on @day: their own team's hours when it
 * works that shift, else those of a team that does. */
gboolean
_fb_roster_agent_shift_bounds (FbRoster   *self,
                    const char *agent_id,
                    gint64      day,
                    FbShift     shift,
                    gint64     *start,
                    gint64     *end)
{
  const FbTeam *team = _fb_roster_team_of (self, agent_id);
  g_autofree char *date = NULL;

  if (team != NULL && team->shift == shift)
    return _fb_roster_team_bounds (self, team, day, start, end);
  date = day_string (day);
  return fb_roster_shift_bounds (self, date, shift, start, end);
}

static gboolean
leave_covers (const FbLeaveRequest *leave,
              gint64                day)
{
  gint64 start, end;

  return _fb_roster_parse_day (leave->start_date, &start) && _fb_roster_parse_day (leave->end_date, &end) &&
         day >= start && day <= end;
}

gboolean
_fb_roster_on_shift (FbRoster            *self,
          const char          *agent_id,
          gint64               day,
          FbShift              shift,
          const FbSwapRequest *ignore)
{
  const FbTeam *team = _fb_roster_team_of (self, agent_id);
  GPtrArray *leaves = g_hash_table_lookup (self->leaves, agent_id);
  GPtrArray *swaps = g_hash_table_lookup (self->swaps, agent_id);
  gboolean working;

  if (team == NULL)
    return FALSE;
  working = team->shift == shift;
  for (guint i = 0; swaps && i < swaps->len; i++)
    {
      const FbSwapRequest *swap = g_ptr_array_index (swaps, i);
      gint64 da, db;
      gboolean is_a = g_strcmp0 (swap->agent_a, agent_id) == 0;

      if (swap == ignore || swap->status != FB_REQUEST_APPROVED ||
          !_fb_roster_parse_day (swap->date_a, &da) || !_fb_roster_parse_day (swap->date_b, &db))
        continue;
      /* B covers A's shift on date_a; A pays it back on B's, date_b. */
      if (da == day && swap->shift_a == shift)
        working = !is_a;
      if (db == day && swap->shift_b == shift)
        working = is_a;
    }
  if (!working)
    return FALSE;
  for (guint i = 0; leaves && i < leaves->len; i++)
    {
      const FbLeaveRequest *leave = g_ptr_array_index (leaves, i);

      if (leave->status == FB_REQUEST_APPROVED && leave_covers (leave, day))
        return FALSE;
    }
  return TRUE;
}

gboolean
fb_roster_is_on_shift (FbRoster   *self,
                       const char *agent_id,
                       const char *date,
                       FbShift     shift)
{
  gint64 day;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (agent_id != NULL, FALSE);

  return _fb_roster_parse_day (date, &day) && _fb_roster_on_shift (self, agent_id, day, shift, NULL);
}

int
_fb_roster_compare_agents (gconstpointer a,
                gconstpointer b)
{
  const FbAgent *x = *(const FbAgent **) a, *y = *(const FbAgent **) b;
  int c = g_strcmp0 (x->team_id, y->team_id);

  if (c == 0)
    c = g_utf8_collate (x->name, y->name);
  return c != 0 ? c : g_strcmp0 (x->id, y->id);
}

GPtrArray *
fb_roster_agents_on_shift (FbRoster   *self,
                           const char *date,
                           FbShift     shift)
{
  GPtrArray *agents = g_ptr_array_new ();
  gint64 day;

  g_return_val_if_fail (self != NULL, agents);

  if (!_fb_roster_parse_day (date, &day))
    return agents;
  for (guint i = 0; i < self->agent_list->len; i++)
    {
      const FbAgent *agent = g_ptr_array_index (self->agent_list, i);

      if (g_hash_table_lookup (self->agents, agent->id) == agent &&
          _fb_roster_on_shift (self, agent->id, day, shift, NULL))
        g_ptr_array_add (agents, (gpointer) agent);
    }
  g_ptr_array_sort (agents, _fb_roster_compare_agents);
  return agents;
}

gboolean
fb_roster_on_holiday_duty (FbRoster   *self,
                           const char *agent_id,
                           const char *date)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  if (agent_id == NULL || date == NULL)
    return FALSE;
  key = g_strdup_printf ("%s|%s", agent_id, date);
  return g_hash_table_contains (self->duty, key);
}

const FbHolidayDuty *
_fb_roster_duty_in_range (FbRoster   *self,
               const char *agent_id,
               gint64      first,
               gint64      last)
{
  /* Leave is short (FB_LEAVE_MAX_DAYS); a lookup per day is cheap. */
  for (gint64 day = first; day <= last && day - first <= FB_LEAVE_MAX_DAYS; day++)
    {
      g_autofree char *date = day_string (day);
      g_autofree char *key = g_strdup_printf ("%s|%s", agent_id, date);
      const FbHolidayDuty *duty = g_hash_table_lookup (self->duty, key);

      if (duty != NULL)
        return duty;
    }
  return NULL;
}

const char *
_fb_roster_agent_name (FbRoster   *self,
            const char *agent_id)
{
  const FbAgent *agent = fb_roster_lookup_agent (self, agent_id);

  return agent ? agent->name : agent_id;
}
