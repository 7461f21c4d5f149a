/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fb-sim-common.h: what the demo seed and the simulator share — their
 * random draws, the demo center's calendar and traffic curve, and its
 * data files.
 *
 * Every draw takes the GRand it consumes, so a caller's streams (and so
 * its output for a seed) stay its own. */
#pragma once

#include <json-glib/json-glib.h>
#include <math.h>

G_BEGIN_DECLS

/* An integer in [@lo, @hi], one draw. */
gint64      fb_sim_rand_between     (GRand        *rand,
                                     gint64        lo,
                                     gint64        hi);
/* An exponential time of mean @mean, one draw. Inline: the simulator
 * draws one or more for every call. */
static inline double
fb_sim_rand_exponential (GRand  *rand,
                         double  mean)
{
  /* 1 - [0, 1) is (0, 1]: log never sees 0. */
  return -mean * log (1.0 - g_rand_double (rand));
}
/* A standard normal number (Box-Muller), two draws. */
double      fb_sim_rand_normal      (GRand        *rand);
gint64      fb_sim_rand_poisson     (GRand        *rand,
                                     double        mean);
gint64      fb_sim_rand_binomial    (GRand        *rand,
                                     gint64        n,
                                     double        p);
/* Fisher-Yates, from the last item down. */
void        fb_sim_rand_shuffle     (GRand        *rand,
                                     guint        *items,
                                     guint         n);

/* A day number (days since 1970-01-01 of the center's calendar) to an
 * index into the demo's weekday list, which starts on Monday. */
guint       fb_demo_weekday_index   (gint64        day);
/* The hourly call profile at @hour_of_day (0..24, fractional), read
 * between hour midpoints so the curve has no steps. Both the seeded
 * history and the simulator draw their traffic from it. */
double      fb_demo_profile_at      (const double  hourly[24],
                                     double        hour_of_day);

/* The demo data file @name ("center.json", "names.json", "texts.json"),
 * compiled in as a resource, as a JSON object. */
JsonNode   *fb_sim_load_demo_json   (const char   *name,
                                     GError      **error);
/* Sets @name of @row to @unix_s as an ISO 8601 UTC timestamp. */
void        fb_sim_set_timestamp    (JsonObject   *row,
                                     const char   *name,
                                     gint64        unix_s);
/* The id of @queue_id's queue_interval row starting at @start. */
char       *fb_sim_interval_id      (const char   *queue_id,
                                     gint64        start);
/* A new queue_interval row: one queue's quarter hour starting at @start. */
JsonObject *fb_sim_interval_row     (const char   *queue_id,
                                     gint64        start,
                                     gint64        offered,
                                     gint64        answered,
                                     gint64        abandoned,
                                     gint64        answered_in_sl,
                                     double        handle_time_s,
                                     double        wait_time_s);
/* A customer as the screen may show them: "김*수" for 김민수. */
char       *fb_sim_masked_name      (const char   *surname,
                                     const char   *given);

G_END_DECLS
