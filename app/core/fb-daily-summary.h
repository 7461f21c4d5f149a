/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-daily-summary.h: the director's daily summary of one date, from the
 * cache: both shifts' figures, the day's calls, escalations, QA
 * against the 1–5 rule, the duty reports' review state and when the monthly
 * service-quality report is due. The Reports page and the CSV export read
 * the same object. */
#pragma once

#include <json-glib/json-glib.h>

#include "fb-store.h"

G_BEGIN_DECLS

/* The seeds: the monthly service-quality report is due by the 22nd. */
#define FB_MONTHLY_REPORT_DUE_DAY 22

/* What the center aims for (the supervisor sets them in Preferences). The
 * seeds set the callback target: every case called back within 72 hours. */
typedef struct
{
  double service_level;      /* 0..1, answered within the queue's threshold */
  double abandon_rate;       /* 0..1, at most */
  double asa_s;              /* seconds, at most */
  double callback_rate_72h;  /* 0..1 */
} FbSummaryTargets;

void      fb_summary_targets_init_default (FbSummaryTargets *targets);

/* Whether @value meets the target for @key (service_level, abandon_rate,
 * asa_s, callback_rate_72h): rates of success at least the target, waits
 * and losses at most. FALSE for other keys. */
gboolean  fb_summary_targets_met (const FbSummaryTargets *targets,
                                  const char             *key,
                                  double                  value);

/* The member of @summary at a dotted @path ("escalations.new"), or NULL. */
JsonNode *fb_summary_lookup (JsonNode   *summary,
                             const char *path);
/* The targets @summary was computed with (the defaults where it has none);
 * FALSE when it has none. */
gboolean  fb_summary_get_targets (JsonNode         *summary,
                                  FbSummaryTargets *targets);
/* The member "targets" of the object @builder is building: @targets by
 * the keys above, as fb_summary_get_targets() reads them. */
void      fb_summary_targets_build (const FbSummaryTargets *targets,
                                    JsonBuilder            *builder);
/* The member "escalations" of the object @builder is building: the
 * cases raised (new), closed, overdue and resolved in a span, of the
 * resolved those called back within 72 hours, and that share. */
void      fb_summary_escalations_build (JsonBuilder *builder,
                                        gint64       opened,
                                        gint64       closed,
                                        gint64       overdue,
                                        gint64       resolved,
                                        gint64       called_back);

/* Returns an object:
 *   "date": @date;
 *   "targets": @targets, by the keys above;
 *   "shifts": { "day": …, "night": … } as fb_shift_figures_compute() gives
 *     them (a shift no team works is left out; one that has not begun at
 *     @now keeps only on_leave and swaps: it has no calls or cases yet);
 *   "day": offered, answered, abandoned, service_level and asa_s (weighted by
 *     answered calls; left out without answered calls), abandon_rate (left out
 *     without offered calls) over the calendar date in @tz, midnight to
 *     midnight ("the day" below): the day the floor's "today" counts, so
 *     today's summary says what the floor says. The shifts are the date's
 *     as the duty reports count them: the night shift runs on past midnight
 *     into the next date, and the hours before 08:00 are the previous
 *     date's night shift;
 *   "intraday": "offered" and "last_week", 96 calls offered per quarter
 *     hour of the calendar date (00:00–24:00 in @tz) and of the same
 *     weekday a week before;
 *   "escalations": new, closed (in the day, by the rules a shift counts
 *     them by), overdue (at the day's end, or @now if earlier), resolved
 *     (in the day), called_back (of those, reached
 *     within 72 h), callback_rate_72h (of the cases resolved in the day, the share
 *     reached by a callback within 72 h of being raised; left out when none
 *     was resolved);
 *   "qa": evaluations (in the day), month_evaluations and month_average
 *     (the month up to the day's end; average left out when there is none),
 *     agents_not_monitored and agents_over_limit (the month so far, by the
 *     1–5 rule);
 *   "reports": { "day": { status, author, reviewed_by, acknowledged_by }, … }
 *     (people by the name the cache knows, else by their user id)
 *     (a shift without a duty report, or a member not set, is left out);
 *   "monthly_report_due": { "date": the 22nd of @date's month,
 *     "overdue": whether @date is after it }.
 * NULL with @error when @date is not a date or no team works either
 * shift. Reads every row it needs: call it off the main loop. */
JsonNode *fb_daily_summary_compute (FbStore                *store,
                                    GTimeZone              *tz,
                                    const char             *date,
                                    const FbSummaryTargets *targets,
                                    gint64                  now,
                                    GError                **error);

G_END_DECLS
