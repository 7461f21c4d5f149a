/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-simulator.h: simulated call traffic for demos and tests.
 *
 * A discrete-event simulation of the center, one M/M/c queue per call
 * queue: Poisson arrivals (a flat rate, or following the intraday curve
 * of the demo center), exponential talk and after-call-work times, and,
 * when a mean patience is given, callers who hang up after an
 * exponential patience. Calls are answered first come, first served by
 * the queue's longest-idle agent. A simulated clock (seconds) and a
 * GRand seeded by the caller make every run reproducible.
 *
 * Two ways to build a center:
 * - a config (FbSimConfig): exactly the queues it lists, each with its
 *   staffed agents ("<queue id>-agent-0001"…, team "team-sim"), always
 *   logged on, no breaks, no seats. This is the M/M/c model the Erlang C
 *   formula describes (with "flat": true, no patience, no ACW). Their
 *   rows are written afresh; other rows of the store are left alone.
 * - no config: the store's own queues and agents (the demo center).
 *   Agents work their team's shift (team start/end, center time), skip
 *   shifts an approved leave covers, take breaks, log off at shift end
 *   once their call is done; seats get a rare equipment fault and the
 *   agent moves to a free seat. At shift start an agent sits where the
 *   seat_assignment rows of that date and shift (a supervisor's plan)
 *   put them, when that seat is free and sound; the others take a free
 *   seat of their queue's zone that the plan keeps for nobody else. Arrivals follow the demo's hourly
 *   curve times its weekday factor. Queues continue the figures the
 *   store holds for today: the sums of today's queue_interval rows
 *   (the running quarter's row is carried on, not restarted), or the
 *   queue row when there are none.
 *
 * Each queue keeps live figures for the simulated day (reset at the
 * center's midnight): waiting, longest wait, offered, answered, abandoned,
 * service level (answered within sl_threshold_s / answered), ASA and
 * AHT (talk plus after-call work, counted when the call is answered) of
 * answered calls, agents available and busy (on a call or in after-call
 * work).
 *
 * It also keeps each queue's 15-minute queue_interval rows: a call
 * counts in the quarter it arrived in, and so does its outcome (answer,
 * abandon, wait, handle time), so every row has answered + abandoned <=
 * offered; callers still waiting at midnight are offered again to the
 * new day's first quarter. Today's rows therefore add up to the queue
 * row's figures (offered, answered, abandoned, SL, ASA and AHT), except
 * after fb_simulator_reset_stats() or with the daily reset off.
 *
 * fb_simulator_run_until() is pure computation; fb_simulator_start()
 * runs the model on the main loop and writes the rows that changed.
 */
#pragma once

#include <gio/gio.h>

#include "fb-center-clock.h"
#include "fb-types.h"

G_BEGIN_DECLS

#define FB_SIMULATOR_ERROR (fb_simulator_error_quark ())

typedef enum
{
  FB_SIMULATOR_ERROR_INVALID_CONFIG,  /* the message names the field */
  FB_SIMULATOR_ERROR_NO_CENTER,       /* the store holds no queue    */
  FB_SIMULATOR_ERROR_DATA,            /* a resource or row is broken */
} FbSimulatorError;

GQuark fb_simulator_error_quark (void);

/* The --sim-config file:
 *   {"queues": [{"id": "q-1", "name": "General", "arrivals_per_hour": 120,
 *                "aht_s": 240, "agents": 10, "patience_s": 90, "acw_s": 30,
 *                "flat": true, "sl_threshold_s": 20}, …]}
 * id, name, arrivals_per_hour (0..100000), aht_s (> 0, at most 86400) and
 * agents (a whole number, 0..2000) are required. patience_s (> 0; absent:
 * nobody hangs up), acw_s (>= 0 and below aht_s: part of the handle time,
 * so talk time averages aht_s - acw_s), flat (default false: the intraday
 * curve, with arrivals_per_hour the day's hourly mean) and
 * sl_threshold_s (1..3600, default 20) are optional; unknown members are
 * ignored. A top-level "escalations_per_hour" (0..60, default 0) raises
 * new escalation cases as the demo center does; "requests_per_hour"
 * (0..60, default 0) has the center's agents ask for leave and swaps
 * (they need a team: written on the first flush). */
typedef struct _FbSimConfig FbSimConfig;

FbSimConfig *fb_sim_config_new_from_data (const char   *data,
                                          gssize        length,
                                          GError      **error);
FbSimConfig *fb_sim_config_new_from_file (const char   *path,
                                          GError      **error);
guint        fb_sim_config_get_n_queues  (const FbSimConfig *config);
void         fb_sim_config_free          (FbSimConfig  *config);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbSimConfig, fb_sim_config_free)

/* One queue's figures for the simulated day, unrounded. */
typedef struct
{
  gint64 waiting;
  double longest_wait_s;
  gint64 offered;
  gint64 answered;
  gint64 abandoned;
  gint64 answered_within;   /* waited at most sl_threshold_s */
  gint64 handled;           /* talk and after-call work done */
  double service_level;     /* answered_within / answered, 0 before any */
  double asa_s;             /* mean wait of answered calls */
  double aht_s;             /* mean talk + ACW of answered calls */
  gint64 agents_available;
  gint64 agents_busy;
  gint64 agents_logged_on;  /* not offline */
} FbSimQueueStats;

#define FB_TYPE_SIMULATOR (fb_simulator_get_type ())
G_DECLARE_FINAL_TYPE (FbSimulator, fb_simulator, FB, SIMULATOR, GObject)

/* Builds the center from @config (copied), or from @store's queue,
 * agent, team, seat and leave rows when @config is NULL. The simulated
 * clock starts at @start_unix. Nothing is written until the first
 * fb_simulator_flush() or tick. Days, shifts and quarters are the center
 * clock's: @clock's (a reference is kept), or Asia/Seoul's when NULL. */
FbSimulator *fb_simulator_new_for_clock   (FbServerStore     *store,
                                           FbCenterClock     *clock,
                                           const FbSimConfig *config,
                                           guint64            seed,
                                           gint64             start_unix,
                                           GError           **error);
/* fb_simulator_new_for_clock() with the default clock. */
FbSimulator *fb_simulator_new             (FbServerStore     *store,
                                           const FbSimConfig *config,
                                           guint64            seed,
                                           gint64             start_unix,
                                           GError           **error);
/* Runs the model until @sim_seconds after the start (no main loop, no
 * writes). Going backwards does nothing. */
void         fb_simulator_run_until       (FbSimulator       *self,
                                           double             sim_seconds);
/* Seconds simulated since the start. */
double       fb_simulator_get_time        (FbSimulator       *self);
/* The simulated clock as unix seconds. */
gint64       fb_simulator_get_now_unix    (FbSimulator       *self);
/* Zeroes the day's counters, as midnight does (calls still waiting are
 * offered again to the new period): measures after a warm-up. The
 * interval rows are history and keep their counts. */
void         fb_simulator_reset_stats     (FbSimulator       *self);
/* The center's midnight starts a new day's figures (the default). Off, the
 * counters run on for as long as the model does: long studies. */
void         fb_simulator_set_daily_reset (FbSimulator       *self,
                                           gboolean           reset);
/* New escalations, on average @per_hour (0..60) an hour: raised by an
 * agent at work, about one of the demo's complaints, customer masked,
 * level agent, status raised, the seeds' deadlines. They draw from a
 * stream of their own, so the rate leaves the calls of a seed as they
 * are. Default: 2 every 3 hours without a config, else the config's. */
void         fb_simulator_set_escalation_rate (FbSimulator       *self,
                                               double             per_hour);
double       fb_simulator_get_escalation_rate (FbSimulator       *self);
/* New leave and swap requests, on average @per_hour (0..60) an hour, as
 * an agent would post them (POST /api/v1/leave-requests, /swap-requests):
 * pending, submitted at the simulated now, reasons from the demo texts,
 * and only requests the rules' submit checks let through. Agents of the
 * store's teams ask; a stream of their own keeps the calls of a seed as
 * they are. Default: 2 an hour without a config, else the config's. */
void         fb_simulator_set_request_rate (FbSimulator      *self,
                                            double            per_hour);
double       fb_simulator_get_request_rate (FbSimulator      *self);
guint        fb_simulator_get_n_queues    (FbSimulator       *self);
const char  *fb_simulator_get_queue_id    (FbSimulator       *self,
                                           guint              index);
gboolean     fb_simulator_get_queue_stats (FbSimulator       *self,
                                           const char        *queue_id,
                                           FbSimQueueStats   *stats);
/* Writes every queue, queue_interval, agent and seat row whose content
 * changed since the last flush (and, with a config, the team of the
 * simulated agents on the first one), in one transaction; nothing when
 * nothing changed. Every quarter simulated gets its interval row, each
 * queue's running one included. */
gboolean     fb_simulator_flush           (FbSimulator       *self,
                                           GError           **error);
/* Flushes now, then about once a second advances the model by @speed
 * times the real time elapsed (at most a few seconds' worth per tick)
 * and flushes. @speed is in (0, 10000]. */
void         fb_simulator_start           (FbSimulator       *self,
                                           double             speed);
void         fb_simulator_stop            (FbSimulator       *self);
gboolean     fb_simulator_is_running      (FbSimulator       *self);

G_END_DECLS
