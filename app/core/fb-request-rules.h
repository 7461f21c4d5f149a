/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-request-rules.h: the seeds' leave, shift-swap and seat rules, shared
 * by the server (which enforces them: 403 for authority, 422 for a rule)
 * and the app (which shows every check on a row before the click).
 *
 * The roster: each team works its shift (team.start–team.end, in the
 * center's time zone) every day. An approved leave takes the agent off
 * the days it covers. A swap is the seeds' 換班/還班: agent B works agent
 * A's shift (date_a, shift_a) and A pays it back working B's shift
 * (date_b, shift_b); once approved A is off on date_a and on on date_b,
 * B the other way round. */
#pragma once

#include "fb-entity.h"
#include "fb-row.h"

G_BEGIN_DECLS

/* Seeds: notice for leave, counted back from the start of the shift. */
#define FB_LEAVE_PERSONAL_NOTICE_S  (24 * 60 * 60)
#define FB_LEAVE_SPECIAL_NOTICE_S   (60 * 60)
#define FB_LEAVE_VACATION_NOTICE_S  (48 * 60 * 60)
/* Seeds: night-shift leave only as an exception, asked before 12:00 of the day. */
#define FB_LEAVE_NIGHT_SHIFT_CUTOFF_HOUR 12
/* Seeds: at most two swaps per person per month. */
#define FB_SWAP_MAX_PER_MONTH 2
/* A leave longer than this is not a request but a mistake. */
#define FB_LEAVE_MAX_DAYS 60

typedef enum {
  FB_CHECK_FLAG,       /* shown on the row, blocks nothing (late notice) */
  FB_CHECK_RULE,       /* a seed rule refuses the write: HTTP 422 */
  FB_CHECK_FORBIDDEN,  /* the role lacks the authority: HTTP 403 */
} FbCheckKind;

typedef struct
{
  FbCheckKind  kind;
  const char  *code;     /* the API's error code, static: "certificate_required" */
  char        *message;  /* for people, translated */
} FbCheck;

/* Takes @message; @code must be static. */
FbCheck    *fb_check_new             (FbCheckKind  kind,
                                      const char  *code,
                                      char        *message);
void        fb_check_free            (FbCheck *check);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbCheck, fb_check_free)

/* The first check that refuses (FORBIDDEN before RULE), or NULL. */
const FbCheck *fb_checks_first_blocking (GPtrArray *checks);

typedef enum {
  FB_DECISION_APPROVE,
  FB_DECISION_REJECT,
  FB_DECISION_CANCEL,   /* by the agent who asked, while pending */
} FbDecision;

extern const char * const fb_decision_values[];

/* What a role may do; the checks below say the same with reasons. */
gboolean    fb_role_can_assign_seats   (FbRole role);
gboolean    fb_role_can_decide_swaps   (FbRole role);
gboolean    fb_role_can_decide_leave   (FbRole role);

/* FbRoster: the rows the rules read, indexed. Build one per check run
 * (the server per request, the app when its rows change). */
typedef struct _FbRoster FbRoster;

FbRoster   *fb_roster_new              (GTimeZone          *tz);
void        fb_roster_free             (FbRoster           *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbRoster, fb_roster_free)
/* Takes @entity (of @spec: team, agent, seat, queue, leave_request,
 * swap_request, holiday_duty, seat_assignment; others are ignored and freed). */
void        fb_roster_take             (FbRoster           *self,
                                        const FbEntitySpec *spec,
                                        gpointer            entity);
/* Uses @row's entity and keeps a reference on @row. */
void        fb_roster_add_row          (FbRoster           *self,
                                        FbRow              *row);
GTimeZone  *fb_roster_get_time_zone    (FbRoster           *self);
const FbAgent *fb_roster_lookup_agent  (FbRoster           *self,
                                        const char         *agent_id);
const FbTeam  *fb_roster_lookup_team   (FbRoster           *self,
                                        const char         *team_id);
const FbSeat  *fb_roster_lookup_seat   (FbRoster           *self,
                                        const char         *seat_id);
/* When @shift of @date ("YYYY-MM-DD") starts and ends (end after start,
 * a night shift ends the next morning), taken from the teams on that
 * shift; FALSE if no team works it. */
gboolean    fb_roster_shift_bounds     (FbRoster           *self,
                                        const char         *date,
                                        FbShift             shift,
                                        gint64             *start,
                                        gint64             *end);
/* Whether the agent works @shift of @date: their team's shift, less
 * approved leave, with approved swaps applied. */
gboolean    fb_roster_is_on_shift      (FbRoster           *self,
                                        const char         *agent_id,
                                        const char         *date,
                                        FbShift             shift);
/* The agents (const FbAgent *) who work @shift of @date, by team then name. */
GPtrArray  *fb_roster_agents_on_shift  (FbRoster           *self,
                                        const char         *date,
                                        FbShift             shift);
gboolean    fb_roster_on_holiday_duty  (FbRoster           *self,
                                        const char         *agent_id,
                                        const char         *date);

/* Leave. Days from start to end, both counted. */
int         fb_leave_days              (const FbLeaveRequest *leave);
/* Whether the notice the seeds ask for was given (FALSE: late, flagged). */
gboolean    fb_leave_notice_given      (FbRoster           *self,
                                        const FbLeaveRequest *leave);
/* Checks for an agent asking for @leave (its submitted_at is now). */
GPtrArray  *fb_leave_submit_checks     (FbRoster           *self,
                                        const FbLeaveRequest *leave);
/* Every check for @role deciding @leave (FbCheck *, in the order shown).
 * @reason is the decision's reason: a late or night-shift approval needs one.
 * FLAG checks are listed for approvals too, so a row shows them. */
GPtrArray  *fb_leave_decision_checks   (FbRoster           *self,
                                        const FbLeaveRequest *leave,
                                        FbDecision          decision,
                                        FbRole              role,
                                        const char         *actor_agent_id,
                                        const char         *reason);
/* The row after the decision (status, decided_by, decided_at,
 * decision_reason); @row is not changed. */
JsonNode   *fb_leave_apply_decision    (JsonNode           *row,
                                        FbDecision          decision,
                                        const char          *actor,
                                        const char          *reason,
                                        gint64               now);

/* Swaps. @user_team_id: the deciding shift leader's team (NULL otherwise). */
GPtrArray  *fb_swap_submit_checks      (FbRoster           *self,
                                        const FbSwapRequest *swap);
GPtrArray  *fb_swap_decision_checks    (FbRoster           *self,
                                        const FbSwapRequest *swap,
                                        FbDecision          decision,
                                        FbRole              role,
                                        const char         *user_team_id,
                                        const char         *actor_agent_id,
                                        const char         *reason);
/* A shift leader's approval records their team's consent only; a
 * supervisor, manager or director approves once both leaders consented. */
JsonNode   *fb_swap_apply_decision     (FbRoster           *self,
                                        JsonNode           *row,
                                        FbDecision          decision,
                                        FbRole              role,
                                        const char         *user_team_id,
                                        const char         *actor,
                                        const char         *reason,
                                        gint64              now);

/* Seats: one pick = one agent on one seat for the plan's date and shift. */
typedef struct
{
  char *seat_id;
  char *agent_id;
} FbSeatPick;

void        fb_seat_pick_clear         (FbSeatPick         *pick);
/* A GArray of FbSeatPick that clears its elements. */
GArray     *fb_seat_picks_new          (void);
/* RULE checks of a whole plan: unknown_seat, unknown_agent, seat_faulty,
 * seat_taken (two agents on a seat), agent_already_seated (an agent on
 * two seats), agent_not_on_shift; FORBIDDEN for a role that may not assign. */
GPtrArray  *fb_seat_plan_checks        (FbRoster           *self,
                                        const char         *date,
                                        FbShift             shift,
                                        const FbSeatPick   *picks,
                                        guint               n_picks,
                                        FbRole              role);
/* Seats the shift's agents by load: teams whose agents serve the busiest
 * queues first, each team in one block from its leader, within a team
 * the busiest queue's agents together; seats in floor order (zone, row,
 * column), faulty ones skipped. @queue_load: queue id → load (double *),
 * may be NULL. Returns FbSeatPick; agents beyond the seats stay unseated. */
GArray     *fb_seat_plan_suggest       (FbRoster           *self,
                                        const char         *date,
                                        FbShift             shift,
                                        GHashTable         *queue_load);

G_END_DECLS
