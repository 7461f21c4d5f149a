/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-summary-format.h: a summary's words and numbers as people read them,
 * and the order its figures come in — the one set the Reports page, the
 * printed summary (PDF) and the CSV export all use, so a figure has the
 * same name and the same rounding wherever the director meets it. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The figures of each part of a summary, in the order they are shown;
 * NULL-terminated. Shifts: "shifts.day.KEY"; calls: "day.KEY"; and so on. */
extern const char * const fb_summary_shift_figures[];
extern const char * const fb_summary_call_figures[];
extern const char * const fb_summary_escalation_figures[];
extern const char * const fb_summary_qa_day_figures[];     /* a daily summary's "qa" */
extern const char * const fb_summary_qa_period_figures[];  /* a roll-up's "qa" */
extern const char * const fb_summary_report_period_figures[];
/* The figures judged against the targets ("targets.KEY"). */
extern const char * const fb_summary_kpi_figures[];

/* Where a summary holds the target figure @key: "day.asa_s",
 * "escalations.callback_rate_72h". Free it. */
char       *fb_summary_kpi_path       (const char *key);

/* The translated name of a summary key: a part ("escalations"), a shift
 * ("shifts.day", "reports.night") or a figure ("offered"). An unknown key
 * is its own name. */
const char *fb_summary_label          (const char *key);
/* The name of the figure at @path of @summary ("qa.evaluations"): as
 * fb_summary_label() of its last key, except where a roll-up's figure
 * means the period's, not a day's. */
const char *fb_summary_figure_label   (JsonNode   *summary,
                                       const char *path);

/* A figure as people read it: rates as percentages with one decimal, ASA
 * in whole seconds, averages with one decimal, counts as they are, report
 * states and yes/no in words. @key is the figure's name ("service_level");
 * a NULL @value (a figure the data cannot give) is "–". */
char       *fb_summary_format_figure  (const char *key,
                                       JsonNode   *value);
/* The figure at @path of @summary, formatted as above. */
char       *fb_summary_format_path    (JsonNode   *summary,
                                       const char *path);

G_END_DECLS
