/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-erlang.h: Erlang B and C, the staffing arithmetic of a call queue.
 *
 * The model is M/M/c: Poisson arrivals, exponential handle times, c
 * agents, callers who never hang up. Traffic A (in Erlangs) is the
 * arrival rate times the mean handle time, A = λ · AHT. A queue with
 * c <= A agents is unstable: its queue grows without bound, so its
 * service level is 0 and its ASA infinite.
 *
 * Erlang B is computed by the usual recurrence and Erlang C from it, so
 * every intermediate value stays within [0, 1]: no factorials, no
 * overflow, exact to double precision for thousands of agents.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* fb_erlang_agents_needed() searches no further than this. */
#define FB_ERLANG_MAX_AGENTS 2000

/* A = λ · AHT in Erlangs, from calls per hour and seconds per call. */
double  fb_erlang_traffic        (double  arrivals_per_hour,
                                  double  aht_s);
/* Blocking probability of an M/M/c/c loss system. */
double  fb_erlang_b              (double  traffic,
                                  guint   agents);
/* P(W > 0): the probability that a caller waits at all; 1 when
 * @agents <= @traffic. */
double  fb_erlang_c              (double  traffic,
                                  guint   agents);
/* P(W <= @threshold_s) = 1 - C · exp(-(c - A) · t / AHT); 0 when
 * unstable. */
double  fb_erlang_service_level  (double  traffic,
                                  guint   agents,
                                  double  aht_s,
                                  double  threshold_s);
/* Average speed of answer, C · AHT / (c - A), over all callers;
 * INFINITY when unstable. */
double  fb_erlang_asa            (double  traffic,
                                  guint   agents,
                                  double  aht_s);
/* The smallest number of agents whose service level within
 * @threshold_s reaches @target_sl (0..1); 0 when there is no traffic,
 * -1 when even FB_ERLANG_MAX_AGENTS fall short. */
int     fb_erlang_agents_needed  (double  traffic,
                                  double  aht_s,
                                  double  threshold_s,
                                  double  target_sl);

G_END_DECLS
