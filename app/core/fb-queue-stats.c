/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-queue-stats.c */
#define G_LOG_DOMAIN "floorboard-core"

#include <string.h>

#include "fb-erlang.h"
#include "fb-queue-stats.h"

void
fb_queue_stats_total (const FbQueue * const *queues,
                      guint                  n_queues,
                      FbQueue               *total)
{
  double sl_weighted = 0, asa_weighted = 0, aht_weighted = 0;

  g_return_if_fail (queues != NULL || n_queues == 0);
  g_return_if_fail (total != NULL);

  memset (total, 0, sizeof *total);
  for (guint i = 0; i < n_queues; i++)
    {
      const FbQueue *q = queues[i];

      total->waiting += q->waiting;
      total->longest_wait_s = MAX (total->longest_wait_s, q->longest_wait_s);
      total->agents_available += q->agents_available;
      total->agents_busy += q->agents_busy;
      total->offered += q->offered;
      total->answered += q->answered;
      total->abandoned += q->abandoned;
      total->updated_at = MAX (total->updated_at, q->updated_at);
      sl_weighted += q->service_level * q->answered;
      asa_weighted += q->asa_s * q->answered;
      aht_weighted += q->aht_s * q->answered;
    }
  if (total->answered > 0)
    {
      total->service_level = sl_weighted / total->answered;
      total->asa_s = asa_weighted / total->answered;
      total->aht_s = aht_weighted / total->answered;
    }
}

double
fb_queue_stats_abandon_rate (const FbQueue *queue)
{
  g_return_val_if_fail (queue != NULL, 0);
  return queue->offered > 0 ? (double) queue->abandoned / queue->offered : 0;
}

static FbAlertLevel
above (double value,
       double warning,
       double critical)
{
  if (value >= critical)
    return FB_ALERT_CRITICAL;
  if (value >= warning)
    return FB_ALERT_WARNING;
  return FB_ALERT_NONE;
}

void
fb_queue_stats_alerts (const FbQueue      *queue,
                       const FbThresholds *t,
                       FbQueueAlerts      *alerts)
{
  g_return_if_fail (queue != NULL && t != NULL && alerts != NULL);

  alerts->waiting = above (queue->waiting, t->waiting_warning, t->waiting_critical);
  alerts->longest_wait = above (queue->longest_wait_s, t->longest_wait_warning, t->longest_wait_critical);
  /* A queue that answered nothing yet has no service level to judge. */
  if (queue->answered == 0)
    alerts->service_level = FB_ALERT_NONE;
  else if (queue->service_level < t->service_level_critical)
    alerts->service_level = FB_ALERT_CRITICAL;
  else if (queue->service_level < t->service_level_warning)
    alerts->service_level = FB_ALERT_WARNING;
  else
    alerts->service_level = FB_ALERT_NONE;
  alerts->abandon = queue->offered > 0
    ? above (fb_queue_stats_abandon_rate (queue), t->abandon_warning, t->abandon_critical)
    : FB_ALERT_NONE;
  alerts->overall = MAX (MAX (alerts->waiting, alerts->longest_wait),
                         MAX (alerts->service_level, alerts->abandon));
}

int
fb_queue_stats_agents_needed (const FbQueue *queue,
                              double         arrivals_per_hour,
                              double         target_sl,
                              gint64        *staffed)
{
  double traffic;

  g_return_val_if_fail (queue != NULL, -1);

  if (staffed != NULL)
    *staffed = queue->agents_available + queue->agents_busy;
  if (arrivals_per_hour <= 0 || queue->aht_s <= 0)
    return 0;
  traffic = fb_erlang_traffic (arrivals_per_hour, queue->aht_s);
  return fb_erlang_agents_needed (traffic, queue->aht_s, queue->sl_threshold_s, target_sl);
}
