/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-shift-figures.h: a shift's figures as the cache holds them — what a
 * duty report is prefilled with (seeds: the duty leader reports the day's
 * workload to the director; the handover log records staffing changes). */
#pragma once

#include <json-glib/json-glib.h>

#include "fb-entity.h"
#include "fb-store.h"

G_BEGIN_DECLS

/* Reads the rows it needs from @store (call it off the main loop: it
 * decodes the intervals of the day). Returns an object with offered,
 * answered, abandoned, service_level (0..1, weighted by answered calls),
 * asa_s, escalations_opened, complaints_received (cases of category
 * complaint raised), escalations_closed, escalations_overdue (at the
 * shift's end, or @now if earlier), callbacks_done, on_leave, swaps; a
 * figure the data cannot give is left out (late_over_20: the cache keeps
 * no attendance log). NULL with @error when no team works @shift, or
 * @date is not a date. */
JsonNode *fb_shift_figures_compute (FbStore     *store,
                                    GTimeZone   *tz,
                                    const char  *date,
                                    FbShift      shift,
                                    gint64       now,
                                    GError     **error);

/* A duty report's consultations, inquiries and complaints as @figures
 * (of fb_shift_figures_compute()) tell them. The cache does not sort calls
 * by kind; what it knows is this: every complaint received is a case of
 * category complaint (seeds: complaints are dispatched within 60
 * minutes); every other case raised is a customer's question the agent
 * could not settle on the spot, passed on (seeds: 즉석에서 답변을 할 수
 * 없거나 …) — an inquiry; every other answered call was a consultation.
 * So the three add up to the calls answered. FALSE when @figures lacks
 * what they are counted from. */
gboolean  fb_shift_figures_report_counts (JsonObject *figures,
                                          gint64     *consultations,
                                          gint64     *inquiries,
                                          gint64     *complaints);

G_END_DECLS
