/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-erlang.c */
#define G_LOG_DOMAIN "floorboard-core"

#include <math.h>

#include "fb-erlang.h"

double
fb_erlang_traffic (double arrivals_per_hour,
                   double aht_s)
{
  g_return_val_if_fail (isfinite (arrivals_per_hour) && arrivals_per_hour >= 0, 0);
  g_return_val_if_fail (isfinite (aht_s) && aht_s >= 0, 0);

  return arrivals_per_hour / 3600.0 * aht_s;
}

/* B(0) = 1, B(k) = A·B(k-1) / (k + A·B(k-1)): every step stays in [0, 1]. */
static double
erlang_b_step (double traffic,
               guint  k,
               double previous)
{
  double ab = traffic * previous;

  return ab / ((double) k + ab);
}

double
fb_erlang_b (double traffic,
             guint  agents)
{
  double b = 1.0;

  g_return_val_if_fail (isfinite (traffic) && traffic >= 0, 1.0);

  for (guint k = 1; k <= agents; k++)
    b = erlang_b_step (traffic, k, b);
  return b;
}

/* C from B for the same c: C = c·B / (c - A·(1 - B)). */
static double
erlang_c_from_b (double traffic,
                 guint  agents,
                 double b)
{
  if ((double) agents <= traffic)
    return 1.0;
  return (double) agents * b / ((double) agents - traffic * (1.0 - b));
}

static double
service_level_from_c (double traffic,
                      guint  agents,
                      double c,
                      double aht_s,
                      double threshold_s)
{
  if ((double) agents <= traffic)
    return 0.0;
  return 1.0 - c * exp (-((double) agents - traffic) * threshold_s / aht_s);
}

double
fb_erlang_c (double traffic,
             guint  agents)
{
  g_return_val_if_fail (isfinite (traffic) && traffic >= 0, 1.0);

  if ((double) agents <= traffic)
    return 1.0;
  return erlang_c_from_b (traffic, agents, fb_erlang_b (traffic, agents));
}

double
fb_erlang_service_level (double traffic,
                         guint  agents,
                         double aht_s,
                         double threshold_s)
{
  g_return_val_if_fail (isfinite (traffic) && traffic >= 0, 0.0);
  g_return_val_if_fail (isfinite (aht_s) && aht_s > 0, 0.0);
  g_return_val_if_fail (isfinite (threshold_s) && threshold_s >= 0, 0.0);

  return service_level_from_c (traffic, agents, fb_erlang_c (traffic, agents),
                               aht_s, threshold_s);
}

double
fb_erlang_asa (double traffic,
               guint  agents,
               double aht_s)
{
  g_return_val_if_fail (isfinite (traffic) && traffic >= 0, INFINITY);
  g_return_val_if_fail (isfinite (aht_s) && aht_s > 0, INFINITY);

  if ((double) agents <= traffic)
    return INFINITY;
  return fb_erlang_c (traffic, agents) * aht_s / ((double) agents - traffic);
}

int
fb_erlang_agents_needed (double traffic,
                         double aht_s,
                         double threshold_s,
                         double target_sl)
{
  double b = 1.0;

  g_return_val_if_fail (isfinite (traffic) && traffic >= 0, -1);
  g_return_val_if_fail (isfinite (aht_s) && aht_s > 0, -1);
  g_return_val_if_fail (isfinite (threshold_s) && threshold_s >= 0, -1);
  g_return_val_if_fail (target_sl >= 0 && target_sl <= 1, -1);

  if (traffic == 0)
    return 0;

  /* One pass of the recurrence: B(c) for each c in turn, checked from the
   * first stable c on, so the search costs no more than one B(max). */
  for (guint c = 1; c <= FB_ERLANG_MAX_AGENTS; c++)
    {
      b = erlang_b_step (traffic, c, b);
      if ((double) c > traffic &&
          service_level_from_c (traffic, c, erlang_c_from_b (traffic, c, b),
                                aht_s, threshold_s) >= target_sl)
        return (int) c;
    }
  return -1;
}
