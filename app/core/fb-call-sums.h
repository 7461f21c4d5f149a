/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-call-sums.h: the calls of some quarter hours added up, and the
 * figures written from them — one count for the day's summary, the week
 * and month rollups and a shift's figures, so they agree to the call.
 * Rates are ratios of the sums, never averages of rates. */
#pragma once

#include <json-glib/json-glib.h>

#include "fb-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 offered, answered, abandoned, in_sl;
  double wait_s;           /* sum of answered calls' waits */
} FbCallSums;

/* Adds one quarter hour (as fb_store_foreach_interval_sum() gives it). */
void  fb_call_sums_add_interval (FbCallSums          *sums,
                                 const FbIntervalSum *interval);
/* Adds @other's calls to @sums. */
void  fb_call_sums_add          (FbCallSums          *sums,
                                 const FbCallSums    *other);
/* Members of the object @builder is building: offered, answered,
 * abandoned; service_level and asa_s when some call was answered; and
 * with @abandon_rate, abandon_rate when some call was offered. */
void  fb_call_sums_build        (const FbCallSums    *sums,
                                 JsonBuilder         *builder,
                                 gboolean             abandon_rate);

G_END_DECLS
