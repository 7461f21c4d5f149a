/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-escalation-rules.h: the seeds' escalation chain, deadlines and
 * callback rules, shared by the server (which enforces them) and the app
 * (which disables what they forbid and says why). */
#pragma once

#include "fb-entity.h"

G_BEGIN_DECLS

/* Seeds: dispatched within 60 minutes of receipt, a response within 24
 * hours, the customer called back with the outcome within 72 hours. */
#define FB_ESCALATION_DISPATCH_S  (60 * 60)
#define FB_ESCALATION_RESPONSE_S  (24 * 60 * 60)
#define FB_ESCALATION_CALLBACK_S  (72 * 60 * 60)
/* Seeds: a case may be closed after 3–5 failed contact attempts. */
#define FB_ESCALATION_MIN_FAILED_ATTEMPTS 3

typedef enum {
  FB_ESCALATION_ACTION_TAKE,
  FB_ESCALATION_ACTION_ESCALATE,
  FB_ESCALATION_ACTION_CALLBACK_ATTEMPT,
  FB_ESCALATION_ACTION_RESOLVE,
  FB_ESCALATION_ACTION_CLOSE,
} FbEscalationAction;

extern const char * const fb_escalation_action_values[];

#define FB_RULE_ERROR (fb_rule_error_quark ())

typedef enum {
  FB_RULE_ERROR_ROLE,               /* this role may not act on escalations */
  FB_RULE_ERROR_LEVEL,              /* the case is above this role's level */
  FB_RULE_ERROR_STATE,              /* not from the case's current status */
  FB_RULE_ERROR_TOP_LEVEL,          /* already with the director */
  FB_RULE_ERROR_CALLBACK_REQUIRED,  /* closing needs a reached customer or enough attempts */
  FB_RULE_ERROR_OUTCOME,            /* a callback attempt without a valid outcome */
} FbRuleError;

GQuark              fb_rule_error_quark          (void);
const char         *fb_rule_error_code_name      (FbRuleError          code);

void                fb_escalation_deadlines      (gint64               raised_at,
                                                  gint64              *dispatch_due,
                                                  gint64              *response_due,
                                                  gint64              *callback_due);
guint               fb_escalation_failed_attempts (const FbEscalation  *escalation,
                                                  gboolean            *wrong_number);
FbEscalationLevel   fb_escalation_level_for_role (FbRole               role);
/* Open at @at (raised before, not yet resolved or closed) and behind one
 * of its deadlines then: what the summaries count as overdue. */
gboolean            fb_escalation_overdue_at     (const FbEscalation  *escalation,
                                                  gint64               at);
/* A callback reached the customer within the seeds' 72 hours of the case
 * being raised. */
gboolean            fb_escalation_called_back_in_time (const FbEscalation *escalation);
gboolean            fb_escalation_check          (const FbEscalation  *escalation,
                                                  FbRole               role,
                                                  FbEscalationAction   action,
                                                  int                  outcome,
                                                  GError             **error);
FbEscalationStatus  fb_escalation_next_status    (const FbEscalation  *escalation,
                                                  FbEscalationAction   action,
                                                  int                  outcome);

typedef enum {
  FB_DEADLINE_NONE,      /* resolved or closed: nothing left to race */
  FB_DEADLINE_DISPATCH,  /* not yet dispatched (taken or escalated) */
  FB_DEADLINE_RESPONSE,  /* dispatched, no response given yet */
  FB_DEADLINE_CALLBACK,  /* responded, customer not yet reached */
} FbEscalationDeadline;

FbEscalationDeadline fb_escalation_next_deadline (const FbEscalation  *escalation,
                                                  gint64              *due);
JsonNode           *fb_escalation_apply          (JsonNode            *row,
                                                  FbEscalationAction   action,
                                                  const char          *actor,
                                                  int                  outcome,
                                                  const char          *note,
                                                  gint64               now);

G_END_DECLS
