/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-demo.h: seeds an empty server database with the demo center. */
#pragma once

#include "fb-center-clock.h"
#include "fb-sim-common.h"
#include "fb-types.h"

G_BEGIN_DECLS

/* Reads the files of data/demo/ (compiled in as resources under
 * /org/floorboard/Floorboard/demo/) and writes a believable center into
 * @store, in one transaction, dated relative to @now (unix seconds).
 * Users: director, manager, supervisor, inspector, a shift leader per team
 * (leader for team-day-1, leader-day-2, leader-night-1, leader-night-2)
 * and agentNNN, all with password "demo". Deterministic for a given @now
 * and zone. Dates, shifts and times are @clock's (Asia/Seoul when NULL). */
gboolean fb_demo_seed_for_clock (FbServerStore  *store,
                                 FbCenterClock  *clock,
                                 gint64          now,
                                 GError        **error);
/* fb_demo_seed_for_clock() with the default clock. */
gboolean fb_demo_seed           (FbServerStore  *store,
                                 gint64          now,
                                 GError        **error);

/* The default center clock's offset (Asia/Seoul keeps +09:00 all year),
 * for tests that check the demo's Korean dates by hand. */
#define FB_DEMO_UTC_OFFSET (9 * 3600)

G_END_DECLS
