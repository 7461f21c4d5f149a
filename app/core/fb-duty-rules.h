/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-duty-rules.h: who may write, submit and acknowledge a duty report —
 * one rule, run by the server to refuse (403) and by the app to show the
 * report read-only before the click.
 *
 * DESIGN.md: the duty report is written by "the shift leader or the
 * supervisor on duty for that date and shift". The data model has no duty
 * roster of its own, so "on duty" is read from the roster of
 * fb-request-rules.h, where each team works its shift every day:
 *
 * - a shift leader is on duty for the shift their team (user.team_id)
 *   works; a leader who is also an agent of the floor (user.agent_id) is
 *   on duty when the roster has that agent at work then (their team's
 *   shift, less approved leave, with approved swaps). A leader with no
 *   team leads no shift.
 * - a supervisor with a team is on duty for that team's shift; one with
 *   none (the usual case: supervisors oversee the whole floor) is on duty
 *   for every shift.
 *
 * The handover of a shift is acknowledged by the incoming one: the leader
 * or supervisor on duty for the shift that follows, never the outgoing
 * shift's leader, nor the report's last writer. */
#pragma once

#include "fb-entity.h"
#include "fb-request-rules.h"

G_BEGIN_DECLS

/* The server's limit on a report's text field, in characters; the form
 * says the same before Submit. */
#define FB_DUTY_MAX_TEXT_CHARS 20000

typedef enum
{
  FB_DUTY_WRITE,        /* create, edit or submit the report */
  FB_DUTY_ACKNOWLEDGE,  /* take the handover it carries */
  FB_DUTY_REVIEW,       /* a department head or the director read it */
} FbDutyAction;

/* Whether @role does @action on duty reports at all, before who is on
 * duty: shift leaders and supervisors write and acknowledge, department
 * heads and the director review. fb_duty_report_check() starts with it. */
gboolean  fb_duty_role_may       (FbRole        role,
                                  FbDutyAction  action);
/* The shift after @shift of @date (day → that night, night → next day). */
void      fb_duty_next_shift     (const char  *date,
                                  FbShift      shift,
                                  char       **next_date,
                                  FbShift     *next_shift);
/* Whether @user is on duty for @shift of @date, as the header says. */
gboolean  fb_duty_user_on_duty   (FbRoster     *roster,
                                  const FbUser *user,
                                  const char   *date,
                                  FbShift       shift);
/* NULL when @user may do @action on the report of @shift of @date (last
 * written by @author, NULL for a report not yet written); otherwise why
 * not: FORBIDDEN "role_not_allowed" or "not_on_duty", RULE "own_report"
 * (acknowledging what one wrote). */
FbCheck  *fb_duty_report_check   (FbRoster     *roster,
                                  const FbUser *user,
                                  FbDutyAction  action,
                                  const char   *date,
                                  FbShift       shift,
                                  const char   *author);

G_END_DECLS
