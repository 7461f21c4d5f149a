/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-escalation-labels.h: the words and times of the escalations' screens:
 * countdowns to the seeds' deadlines, history and callback labels, and
 * when a countdown needs to be drawn again. */
#pragma once

#include <glib.h>

#include "fb-escalation-rules.h"

G_BEGIN_DECLS

/* "Dispatch", "Response", "Callback"; "" for FB_DEADLINE_NONE. */
const char *fb_escalation_labels_deadline    (FbEscalationDeadline  kind);
/* "12 min", "2 h 5 min", "3 d 4 h" for @minutes. */
char       *fb_escalation_labels_duration    (gint64                minutes);
/* "Dispatch in 12 min", "Response overdue by 2 h 5 min"…; minutes ahead
 * round up (never "in 0 min"), minutes overdue round down. @overdue
 * (optional) says whether @due has passed at @now. */
char       *fb_escalation_labels_countdown   (FbEscalationDeadline  kind,
                                              gint64                due,
                                              gint64                now,
                                              gboolean             *overdue);
/* A history entry's action ("escalated") or a callback outcome
 * ("no_answer"), translated; @value itself when unknown. */
const char *fb_escalation_labels_action      (const char           *action);
const char *fb_escalation_labels_outcome     (const char           *outcome);
/* A customer as shown: the masked reference and the masked name. */
char       *fb_escalation_labels_customer    (const char           *customer_ref,
                                              const char           *customer_name);
/* @id's display name from @names, @id when unknown, "Unassigned" for NULL. */
const char *fb_escalation_labels_person      (GHashTable           *names,
                                              const char           *id);
/* When the customer heard the outcome: the first "reached" callback
 * attempt, else the case's resolution; 0 when not (yet). */
gint64      fb_escalation_labels_reached_at  (const FbEscalation   *escalation);
/* Milliseconds from @now_us (real time, µs) to the next redraw of
 * countdowns: the next whole minute, or @next_due (unix s, 0 = none) when
 * a deadline passes before it, so a row turns overdue on time. */
guint       fb_escalation_labels_tick_delay  (gint64                now_us,
                                              gint64                next_due);

G_END_DECLS
