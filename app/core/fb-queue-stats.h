/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-queue-stats.h: the center's figures from its queues' figures. */
#pragma once

#include "fb-entity.h"

G_BEGIN_DECLS

/* Sums counts; service level weighted by answered calls, ASA by answered
 * calls, AHT by answered calls; longest wait is the maximum. */
void    fb_queue_stats_total          (const FbQueue * const *queues,
                                       guint                  n_queues,
                                       FbQueue               *total);
typedef enum
{
  FB_ALERT_NONE,
  FB_ALERT_WARNING,
  FB_ALERT_CRITICAL,
} FbAlertLevel;

/* When a queue's figures call for attention (the supervisor's settings). */
typedef struct
{
  gint64 waiting_warning, waiting_critical;
  gint64 longest_wait_warning, longest_wait_critical;
  double service_level_warning, service_level_critical;
  double abandon_warning, abandon_critical;
} FbThresholds;

typedef struct
{
  FbAlertLevel waiting;
  FbAlertLevel longest_wait;
  FbAlertLevel service_level;
  FbAlertLevel abandon;
  FbAlertLevel overall;       /* the worst of the above */
} FbQueueAlerts;

void    fb_queue_stats_alerts         (const FbQueue         *queue,
                                       const FbThresholds    *thresholds,
                                       FbQueueAlerts         *alerts);

/* Erlang C staffing for @queue at @arrivals_per_hour with its AHT and
 * service-level threshold: the agents needed to answer @target_sl of
 * calls within the threshold (-1 if no number will do, 0 with no calls),
 * and in *staffed how many are logged in and not on break
 * (available + busy). */
int     fb_queue_stats_agents_needed  (const FbQueue         *queue,
                                       double                 arrivals_per_hour,
                                       double                 target_sl,
                                       gint64                *staffed);

/* Abandoned / offered, 0 when nothing was offered. */
double  fb_queue_stats_abandon_rate   (const FbQueue         *queue);

G_END_DECLS
