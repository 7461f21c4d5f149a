/* fb-daily-summary.h: the director's daily summary of one date, from the
 * cache (issue 6): both shifts' figures, the day's calls, escalations, QA
 * against the 1–5 rule, the duty reports' review state and when the monthly
 * service-quality report is due. The Reports page and the CSV export read
 * the same object. */
#pragma once

#include <json-glib/json-glib.h>

#include "fb-store.h"

G_BEGIN_DECLS

/* The seeds: the monthly service-quality report is due by the 22nd. */
#define FB_MONTHLY_REPORT_DUE_DAY 22

/* Returns an object:
 *   "date": @date;
 *   "shifts": { "day": …, "night": … } as fb_shift_figures_compute() gives
 *     them (a shift no team works is left out);
 *   "day": offered, answered, abandoned, service_level and asa_s (weighted by
 *     answered calls; left out without answered calls), abandon_rate (left out
 *     without offered calls) over both shifts, the day shift's start to the
 *     night shift's end ("the day" below);
 *   "escalations": new, closed, overdue (at the day's end, or @now if
 *     earlier), callback_rate_72h (of the cases resolved in the day, the share
 *     reached by a callback within 72 h of being raised; left out when none
 *     was resolved);
 *   "qa": evaluations (in the day), month_evaluations and month_average
 *     (the month up to the day's end; average left out when there is none),
 *     agents_not_monitored and agents_over_limit (the month so far, by the
 *     1–5 rule);
 *   "reports": { "day": { status, author, reviewed_by, acknowledged_by }, … }
 *     (a shift without a duty report, or a member not set, is left out);
 *   "monthly_report_due": { "date": the 22nd of @date's month,
 *     "overdue": whether @date is after it }.
 * No "targets": the queue rows carry a threshold (seconds) but no target
 * level. NULL with @error when @date is not a date or no team works either
 * shift. Reads every row it needs: call it off the main loop. */
JsonNode *fb_daily_summary_compute (FbStore     *store,
                                    GTimeZone   *tz,
                                    const char  *date,
                                    gint64       now,
                                    GError     **error);

G_END_DECLS
