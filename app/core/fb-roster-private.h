/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-roster-private.h: the roster's index, and the day arithmetic the
 * request rules share with it (fb-roster.c, fb-request-rules.c). */
#pragma once

#include "fb-request-rules.h"

G_BEGIN_DECLS

#define DAY_S ((gint64) 86400)

struct _FbRoster
{
  GTimeZone  *tz;
  GPtrArray  *owned;        /* OwnedEntity */
  GPtrArray  *rows;         /* FbRow, kept alive for their entities */
  GHashTable *agents;       /* id → FbAgent */
  GHashTable *teams;        /* id → FbTeam */
  GHashTable *seats;        /* id → FbSeat */
  GHashTable *queues;       /* id → FbQueue */
  GPtrArray  *agent_list;   /* FbAgent, in arrival order */
  GPtrArray  *team_list;
  GPtrArray  *seat_list;
  GHashTable *leaves;       /* agent id → GPtrArray of FbLeaveRequest */
  GHashTable *swaps;        /* agent id → GPtrArray of FbSwapRequest (as a or b) */
  GHashTable *duty;         /* "agent|date" → FbHolidayDuty */
};

typedef struct
{
  const FbEntitySpec *spec;
  gpointer            entity;
} OwnedEntity;

gboolean        _fb_roster_parse_day (const char *date, gint64 *day);
gint64          _fb_roster_local_time (FbRoster *self, gint64 day, int minutes);
gint64          _fb_roster_today (FbRoster *self, gint64 now);
gboolean        _fb_roster_team_bounds (FbRoster *self, const FbTeam *team, gint64 day, gint64 *start, gint64 *end);
const FbTeam *  _fb_roster_team_of (FbRoster *self, const char *agent_id);
gboolean        _fb_roster_agent_shift_bounds (FbRoster *self, const char *agent_id, gint64 day, FbShift shift, gint64 *start, gint64 *end);
gboolean        _fb_roster_on_shift (FbRoster *self, const char *agent_id, gint64 day, FbShift shift, const FbSwapRequest *ignore);
int             _fb_roster_compare_agents (gconstpointer a, gconstpointer b);
const FbHolidayDuty *_fb_roster_duty_in_range (FbRoster *self, const char *agent_id, gint64 first, gint64 last);
const char *    _fb_roster_agent_name (FbRoster *self, const char *agent_id);

G_END_DECLS
