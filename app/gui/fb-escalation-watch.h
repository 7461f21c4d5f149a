/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-escalation-watch.h: tells the supervisor when an escalation needs
 * them — a new critical case, a deadline about to pass, a deadline passed —
 * even while another page (or none) is on screen. */
#pragma once

#include <gio/gio.h>

#include "fb-types.h"

G_BEGIN_DECLS

typedef enum
{
  FB_ESCALATION_ALERT_NEW_CRITICAL,
  FB_ESCALATION_ALERT_DUE_SOON,
  FB_ESCALATION_ALERT_BREACHED,
} FbEscalationAlert;

#define FB_TYPE_ESCALATION_WATCH (fb_escalation_watch_get_type ())
G_DECLARE_FINAL_TYPE (FbEscalationWatch, fb_escalation_watch, FB, ESCALATION_WATCH, GObject)

FbEscalationWatch *fb_escalation_watch_new            (GListModel        *escalations);
/* How long before a deadline "due soon" is told, in seconds. */
void               fb_escalation_watch_set_lead_time  (FbEscalationWatch *self,
                                                       guint              seconds);
guint              fb_escalation_watch_get_lead_time  (FbEscalationWatch *self);
/* When the next alert falls due (unix seconds), 0 when none is ahead:
 * the watch keeps one timer, and only while something lies ahead. */
gint64             fb_escalation_watch_get_next_wakeup (FbEscalationWatch *self);

G_END_DECLS
