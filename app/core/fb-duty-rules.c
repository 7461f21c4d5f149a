/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-duty-rules.c: the duty report's authority (see the header for how
 * "on duty" is read from the roster). */
#define G_LOG_DOMAIN "floorboard-core"

#include <glib/gi18n.h>
#include <stdio.h>

#include "fb-duty-rules.h"

void
fb_duty_next_shift (const char  *date,
                    FbShift      shift,
                    char       **next_date,
                    FbShift     *next_shift)
{
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) after = NULL;
  int y, m, d;

  g_return_if_fail (date != NULL && fb_date_is_valid (date));
  g_return_if_fail (next_date != NULL && next_shift != NULL);

  if (shift == FB_SHIFT_DAY)
    {
      *next_date = g_strdup (date);
      *next_shift = FB_SHIFT_NIGHT;
      return;
    }
  /* A night shift is named after the evening it starts. */
  if (sscanf (date, "%d-%d-%d", &y, &m, &d) != 3)
    g_return_if_reached ();
  day = g_date_time_new_utc (y, m, d, 12, 0, 0);
  after = g_date_time_add_days (day, 1);
  *next_date = g_date_time_format (after, "%Y-%m-%d");
  *next_shift = FB_SHIFT_DAY;
}

gboolean
fb_duty_role_may (FbRole       role,
                  FbDutyAction action)
{
  if (action == FB_DUTY_REVIEW)
    return role == FB_ROLE_MANAGER || role == FB_ROLE_DIRECTOR;
  return role == FB_ROLE_SHIFT_LEADER || role == FB_ROLE_SUPERVISOR;
}

gboolean
fb_duty_user_on_duty (FbRoster     *roster,
                      const FbUser *user,
                      const char   *date,
                      FbShift       shift)
{
  const FbTeam *team;

  g_return_val_if_fail (roster != NULL, FALSE);
  g_return_val_if_fail (user != NULL, FALSE);
  g_return_val_if_fail (date != NULL, FALSE);

  if (!fb_duty_role_may (user->role, FB_DUTY_WRITE))
    return FALSE;
  /* At work on the floor: the roster knows their leave and swaps. */
  if (user->agent_id != NULL && fb_roster_lookup_agent (roster, user->agent_id) != NULL)
    return fb_roster_is_on_shift (roster, user->agent_id, date, shift);
  team = fb_roster_lookup_team (roster, user->team_id);
  if (team != NULL)
    return team->shift == shift;
  /* No roster for the floor's supervisors: they oversee every shift. */
  return user->role == FB_ROLE_SUPERVISOR;
}

FbCheck *
fb_duty_report_check (FbRoster     *roster,
                      const FbUser *user,
                      FbDutyAction  action,
                      const char   *date,
                      FbShift       shift,
                      const char   *author)
{
  g_autofree char *next_date = NULL;
  FbShift next_shift;

  g_return_val_if_fail (roster != NULL, NULL);
  g_return_val_if_fail (user != NULL, NULL);
  g_return_val_if_fail (date != NULL && fb_date_is_valid (date), NULL);

  switch (action)
    {
    case FB_DUTY_REVIEW:
      if (!fb_duty_role_may (user->role, action))
        return fb_check_new (FB_CHECK_FORBIDDEN, "role_not_allowed",
                             g_strdup (_("Duty reports are reviewed by a department head or the center director")));
      return NULL;

    case FB_DUTY_ACKNOWLEDGE:
      if (!fb_duty_role_may (user->role, action))
        return fb_check_new (FB_CHECK_FORBIDDEN, "role_not_allowed",
                             g_strdup (_("Duty reports are written by the shift leader or the supervisor on duty")));
      fb_duty_next_shift (date, shift, &next_date, &next_shift);
      if (!fb_duty_user_on_duty (roster, user, next_date, next_shift))
        return fb_check_new (FB_CHECK_FORBIDDEN, "not_on_duty",
                             g_strdup (_("The handover is taken by the incoming shift’s leader or a supervisor on duty then")));
      if (author != NULL && g_strcmp0 (author, user->id) == 0)
        return fb_check_new (FB_CHECK_RULE, "own_report",
                             g_strdup (_("The incoming shift acknowledges the handover, not the report’s author")));
      return NULL;

    case FB_DUTY_WRITE:
    default:
      if (!fb_duty_role_may (user->role, FB_DUTY_WRITE))
        return fb_check_new (FB_CHECK_FORBIDDEN, "role_not_allowed",
                             g_strdup (_("Duty reports are written by the shift leader or the supervisor on duty")));
      if (!fb_duty_user_on_duty (roster, user, date, shift))
        return fb_check_new (FB_CHECK_FORBIDDEN, "not_on_duty",
                             g_strdup (_("This shift’s report is written by its own shift leader or a supervisor on duty then")));
      return NULL;
    }
}
