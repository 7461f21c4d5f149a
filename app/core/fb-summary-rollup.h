/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-summary-rollup.h: the daily summary rolled up over a week (Monday to
 * Sunday) or a calendar month, for the director's review. */
#pragma once

#include <json-glib/json-glib.h>

#include "fb-daily-summary.h"
#include "fb-store.h"

G_BEGIN_DECLS

typedef enum
{
  FB_SUMMARY_WEEK,
  FB_SUMMARY_MONTH,
} FbSummaryPeriod;

/* The period holding @date: its first and last day, "YYYY-MM-DD". FALSE
 * when @date is not a date. */
gboolean  fb_summary_period_bounds  (FbSummaryPeriod          period,
                                     const char              *date,
                                     char                   **from,
                                     char                   **to);

/* Returns an object:
 *   "period": "week" or "month"; "from", "to": the days counted (days after
 *     today in @tz at @now are not: "to" is then today);
 *   "targets": as the daily summary's;
 *   "day": offered, answered, abandoned over the days, service_level and
 *     asa_s weighted by answered calls, abandon_rate (each left out without
 *     the calls to compute it);
 *   "days": one object per day: date, offered, answered, abandoned,
 *     service_level, asa_s (left out without answered calls),
 *     escalations_new, escalations_closed, reports_submitted and
 *     reports_reviewed (of that day's two);
 *   "escalations": new, closed, overdue (as the last day left it), resolved,
 *     called_back, callback_rate_72h (left out when none was resolved);
 *   "qa": evaluations in the period (made from the first day's midnight
 *     to the midnight after the last, in @tz), average (their mean total;
 *     left out without any);
 *   "reports": expected (shifts some team worked), submitted (or
 *     reviewed), reviewed, acknowledged;
 *   "monthly_report_due": of the month "to" falls in.
 * A day no team works is left out. NULL with @error when @date is not a
 * date or the period has not begun (G_IO_ERROR_INVALID_ARGUMENT), or when
 * no team works any of its days (G_IO_ERROR_NOT_FOUND). Reads the rows it
 * needs once for the whole period: call it off the main loop. */
JsonNode *fb_summary_rollup_compute (FbStore                 *store,
                                     GTimeZone               *tz,
                                     FbSummaryPeriod          period,
                                     const char              *date,
                                     const FbSummaryTargets  *targets,
                                     gint64                   now,
                                     GError                 **error);

G_END_DECLS
