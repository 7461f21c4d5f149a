/* fb-queue-stats.c */
#include <string.h>

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
