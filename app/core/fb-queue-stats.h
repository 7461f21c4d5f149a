/* fb-queue-stats.h: the center's figures from its queues' figures. */
#pragma once

#include "fb-entity.h"

G_BEGIN_DECLS

/* Sums counts; service level weighted by answered calls, ASA by answered
 * calls, AHT by answered calls; longest wait is the maximum. */
void    fb_queue_stats_total          (const FbQueue * const *queues,
                                       guint                  n_queues,
                                       FbQueue               *total);
/* Abandoned / offered, 0 when nothing was offered. */
double  fb_queue_stats_abandon_rate   (const FbQueue         *queue);

G_END_DECLS
